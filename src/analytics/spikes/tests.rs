use super::*;

const HOUR: i64 = SECS_PER_HOUR;
const DAY_BUCKETS: usize = 24;
const WEEK_BUCKETS: usize = 7 * DAY_BUCKETS;
/// 2024-01-01 00:00, a Monday.
const MONDAY: i64 = 1_704_067_200;

fn times(len: usize, bucket_secs: i64) -> Vec<i64> {
    (0..len as i64).map(|i| MONDAY + i * bucket_secs).collect()
}

/// Deterministic small wobble around 0.
fn wobble(i: usize) -> f64 {
    [0.0, 2.0, -1.0, 3.0, -2.0, 1.0, -3.0, 0.0, 1.0, -1.0][i % 10]
}

/// `len` hourly buckets wobbling around 20.
fn noisy_hourly(len: usize) -> Vec<f64> {
    (0..len).map(|i| 20.0 + wobble(i)).collect()
}

/// Hourly mentions through the detector.
fn detect_hourly(values: &[f64], settings: &DetectorSettings) -> Detection {
    detect(
        &times(values.len(), HOUR),
        values,
        HOUR,
        SeriesKind::Mentions,
        settings,
    )
}

/// An hourly metric through the detector with the default settings.
fn detect_metric(values: &[f64]) -> Detection {
    detect(
        &times(values.len(), HOUR),
        values,
        HOUR,
        SeriesKind::Metric,
        &DetectorSettings::default(),
    )
}

/// Events of an online run over hourly mentions, with the index of the bucket that raised
/// them.
fn events(values: &[f64]) -> Vec<(usize, Event)> {
    let mut detector = OnlineDetector::new(HOUR, SeriesKind::Mentions, DetectorSettings::default());
    let times = times(values.len(), HOUR);
    (0..values.len())
        .filter_map(|i| detector.push(times[i], values[i]).map(|event| (i, event)))
        .collect()
}

#[test]
fn flat_series_has_no_spike() {
    let values = vec![10.0; 5 * WEEK_BUCKETS];
    let detection = detect_hourly(&values, &DetectorSettings::default());
    assert!(detection.spikes.is_empty());
    let last = detection.bands.last().copied().flatten().unwrap();
    assert_eq!((last.baseline, last.basis), (10.0, Basis::WeekdayHour));
}

#[test]
fn noisy_seasonal_series_has_no_spike_once_the_rhythm_is_known() {
    let values: Vec<f64> = (0..5 * WEEK_BUCKETS)
        .map(|i| {
            let daytime = (8..20).contains(&(i % DAY_BUCKETS));
            let weekend = i % WEEK_BUCKETS >= 5 * DAY_BUCKETS;
            let level = match (daytime, weekend) {
                (true, false) => 60.0,
                (true, true) => 30.0,
                (false, _) => 8.0,
            };
            level + wobble(i)
        })
        .collect();
    let spikes = detect_hourly(&values, &DetectorSettings::default()).spikes;
    // Before three days of history the baseline cannot know the daily rhythm yet, so the
    // first mornings may stand out; after that, nothing does.
    assert!(spikes.iter().all(|spike| spike.start < 3 * DAY_BUCKETS));
}

#[test]
fn clear_burst_gives_one_spike_with_its_start_peak_and_end() {
    let start = 3 * WEEK_BUCKETS + 10;
    let mut values = noisy_hourly(4 * WEEK_BUCKETS);
    values[start..start + 4].copy_from_slice(&[80.0, 150.0, 120.0, 60.0]);
    let spikes = detect_hourly(&values, &DetectorSettings::default()).spikes;
    assert_eq!(spikes.len(), 1);
    let spike = &spikes[0];
    assert_eq!((spike.start, spike.alert), (start, start));
    assert_eq!((spike.peak, spike.end), (start + 1, start + 3));
    assert_eq!(spike.peak_value, 150.0);
    assert!((spike.baseline_at_peak - 20.0).abs() <= 3.0);
}

#[test]
fn minimum_count_is_respected() {
    // A band so narrow that any post is elevated, were it not for the minimum count.
    let settings = DetectorSettings {
        threshold: 1.0,
        ..DetectorSettings::default()
    };
    let mut values = vec![0.0; 2 * WEEK_BUCKETS];
    values[WEEK_BUCKETS] = 4.0;
    assert!(detect_hourly(&values, &settings).spikes.is_empty());
    values[WEEK_BUCKETS] = 5.0;
    let spikes = detect_hourly(&values, &settings).spikes;
    assert_eq!(spikes.len(), 1);
    assert_eq!(spikes[0].start, WEEK_BUCKETS);
}

#[test]
fn decisions_do_not_depend_on_later_data() {
    let mut values = noisy_hourly(5 * WEEK_BUCKETS);
    for (offset, height) in [(200, 90.0), (250, 60.0), (420, 300.0), (700, 150.0)] {
        values[offset] = height;
        values[offset + 1] = height / 2.0;
    }
    let full = events(&values);
    assert!(!full.is_empty());
    for cut in [100, 201, 202, 421, 500, 701, values.len()] {
        let before_cut: Vec<_> = full.iter().filter(|(i, _)| *i < cut).cloned().collect();
        assert_eq!(events(&values[..cut]), before_cut, "cut at {cut}");
        let prefix = detect_hourly(&values[..cut], &DetectorSettings::default());
        let whole = detect_hourly(&values, &DetectorSettings::default());
        assert_eq!(prefix.bands[..], whole.bands[..cut]);
    }
}

#[test]
fn baseline_falls_back_while_history_is_thin() {
    let values = noisy_hourly(4 * WEEK_BUCKETS);
    let bands = detect_hourly(&values, &DetectorSettings::default()).bands;
    let basis = |i: usize| bands[i].map(|band| band.basis);
    assert_eq!(basis(11), None);
    assert_eq!(basis(12), Some(Basis::Recent));
    assert_eq!(basis(3 * DAY_BUCKETS - 1), Some(Basis::Recent));
    assert_eq!(basis(3 * DAY_BUCKETS), Some(Basis::HourOfDay));
    assert_eq!(basis(3 * WEEK_BUCKETS - 1), Some(Basis::HourOfDay));
    assert_eq!(basis(3 * WEEK_BUCKETS), Some(Basis::WeekdayHour));
}

#[test]
fn a_smaller_echo_does_not_alert_but_a_larger_surge_does() {
    let first = 3 * WEEK_BUCKETS;
    let mut values = noisy_hourly(6 * WEEK_BUCKETS);
    let surges = [
        (first, 200.0),                    // alerts
        (first + DAY_BUCKETS, 150.0),      // a smaller echo a day later: no alert
        (first + 2 * DAY_BUCKETS, 500.0),  // larger: alerts
        (first + 2 * WEEK_BUCKETS, 200.0), // the first size, two weeks later: alerts
    ];
    for (at, height) in surges {
        values[at] = height;
    }
    let alerts: Vec<usize> = detect_hourly(&values, &DetectorSettings::default())
        .spikes
        .iter()
        .map(|spike| spike.alert)
        .collect();
    assert_eq!(alerts, [surges[0].0, surges[2].0, surges[3].0]);
}

#[test]
fn days_of_slightly_raised_chatter_do_not_hide_the_next_sharp_surge() {
    // Three days at three times the usual 20 posts an hour: many extra posts in all, but
    // only some 240 in any six hours.
    let chatter = 3 * WEEK_BUCKETS;
    let sharp = chatter + 5 * DAY_BUCKETS + 10;
    let mut values = noisy_hourly(4 * WEEK_BUCKETS);
    values[chatter..chatter + 3 * DAY_BUCKETS].fill(60.0);
    // Two days later, four hours at 250: 920 extra posts, fewer than the chatter's 2,880 but
    // more in its first hour than the chatter in its busiest six.
    values[sharp..sharp + 4].fill(250.0);
    let spikes = detect_hourly(&values, &DetectorSettings::default()).spikes;
    let alerts: Vec<usize> = spikes.iter().map(|spike| spike.alert).collect();
    assert_eq!(alerts, [chatter, sharp], "{spikes:?}");
    let chatter_spike = &spikes[0];
    assert!(chatter_spike.extra_posts > 2_500.0 && chatter_spike.size < 300.0);

    // Measured by all its extra posts, and remembered at that whole size, the chatter would
    // have hidden the surge.
    let whole = DetectorSettings {
        size_secs: 4 * WEEK_BUCKETS as i64 * HOUR,
        alert_memory: None,
        ..DetectorSettings::default()
    };
    let alerts: Vec<usize> = detect_hourly(&values, &whole)
        .spikes
        .iter()
        .map(|spike| spike.alert)
        .collect();
    assert_eq!(alerts, [chatter]);
}

#[test]
fn severity_grows_with_height_and_duration() {
    let start = 3 * WEEK_BUCKETS;
    let mut values = noisy_hourly(4 * WEEK_BUCKETS);
    values[start..start + 4].fill(200.0);
    let severities: Vec<Severity> = events(&values)
        .into_iter()
        .map(|(_, event)| match event {
            Event::Started(spike) | Event::Escalated(spike) | Event::Ended(spike) => spike.severity,
        })
        .collect();
    // Major at once (far above for an hour), critical after three hours, then it ends.
    assert_eq!(
        severities,
        [Severity::Major, Severity::Critical, Severity::Critical]
    );
}

#[test]
fn works_with_five_minute_and_daily_buckets() {
    for bucket_secs in [300, SECS_PER_DAY] {
        let len = 2_000;
        let mut values: Vec<f64> = (0..len).map(|i| 100.0 + 2.0 * wobble(i)).collect();
        values[1_500] = 400.0;
        let times = times(len, bucket_secs);
        let spikes = detect(
            &times,
            &values,
            bucket_secs,
            SeriesKind::Mentions,
            &DetectorSettings::default(),
        )
        .spikes;
        let starts: Vec<usize> = spikes.iter().map(|spike| spike.start).collect();
        assert_eq!(starts, [1_500], "bucket of {bucket_secs} s");
    }
}

#[test]
fn the_band_does_not_learn_from_a_surge() {
    // Three quiet weeks, a two-week surge at 30 times the volume, then three quiet weeks.
    let mut values = noisy_hourly(8 * WEEK_BUCKETS);
    for value in &mut values[3 * WEEK_BUCKETS..5 * WEEK_BUCKETS] {
        *value *= 30.0;
    }
    let bands = detect_hourly(&values, &DetectorSettings::default()).bands;
    let highest = |bands: &[Option<Band>], of: fn(&Band) -> f64| {
        bands.iter().flatten().map(of).fold(0.0, f64::max)
    };
    let before = &bands[2 * WEEK_BUCKETS..3 * WEEK_BUCKETS];
    let after = &bands[5 * WEEK_BUCKETS..];
    // Remembering the surge's counts would put the baseline half-way to them, about 15
    // times the quiet level, for weeks; remembered at the upper band, the surge moves the
    // baseline by less than twice and the upper band by less than five times (about sixty
    // times when the counts themselves were remembered).
    let baseline = |band: &Band| band.baseline;
    let upper = |band: &Band| band.upper;
    assert!(highest(after, baseline) <= 2.0 * highest(before, baseline));
    let (after_upper, before_upper) = (highest(after, upper), highest(before, upper));
    assert!(
        after_upper <= 5.0 * before_upper,
        "{after_upper} after {before_upper}"
    );
}

#[test]
fn a_level_shift_alerts_once_at_the_shift() {
    let shift = 3 * WEEK_BUCKETS + 9;
    let mut values = noisy_hourly(6 * WEEK_BUCKETS);
    for value in &mut values[shift..] {
        *value += 200.0;
    }
    let started: Vec<usize> = events(&values)
        .into_iter()
        .filter(|(_, event)| matches!(event, Event::Started(_)))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(started, [shift]);
}

#[test]
fn a_slow_drift_does_not_alert_but_a_fast_rise_alerts_before_its_peak() {
    // Doubling over six weeks is the topic growing, not a surge.
    let len = 6 * WEEK_BUCKETS;
    let drift: Vec<f64> = (0..len)
        .map(|i| (20.0 * (1.0 + i as f64 / len as f64)).round() + wobble(i))
        .collect();
    let spikes = detect_hourly(&drift, &DetectorSettings::default()).spikes;
    assert!(
        spikes.iter().all(|spike| spike.start < 3 * DAY_BUCKETS),
        "{spikes:?}"
    );

    // From 20 to 200 posts an hour in six hours: the alert comes on the way up.
    let start = 3 * WEEK_BUCKETS;
    let mut values = noisy_hourly(4 * WEEK_BUCKETS);
    for (step, value) in values[start..start + 7].iter_mut().enumerate() {
        *value = 20.0 + 30.0 * step as f64;
    }
    let spikes = detect_hourly(&values, &DetectorSettings::default()).spikes;
    assert_eq!(spikes.len(), 1);
    assert!(spikes[0].alert < spikes[0].peak, "{:?}", spikes[0]);
}

#[test]
fn a_one_bucket_blip_within_the_noise_of_counts_does_not_alert() {
    // Twice the usual 20 posts for one hour is within the randomness of counts.
    let mut values = noisy_hourly(4 * WEEK_BUCKETS);
    values[3 * WEEK_BUCKETS + 5] = 40.0;
    assert!(detect_hourly(&values, &DetectorSettings::default())
        .spikes
        .is_empty());
    // Three times is not.
    values[3 * WEEK_BUCKETS + 5] = 60.0;
    let spikes = detect_hourly(&values, &DetectorSettings::default()).spikes;
    assert_eq!(spikes.len(), 1);
}

#[test]
fn a_load_that_drops_to_nothing_alerts_as_a_fall() {
    // Whole numbers, like a speed in mph: it is the kind, not the values, that says a drop
    // is news.
    let len = 4 * WEEK_BUCKETS;
    let mut values: Vec<f64> = (0..len).map(|i| 40.0 + wobble(i)).collect();
    for value in &mut values[3 * WEEK_BUCKETS..3 * WEEK_BUCKETS + 3] {
        *value = 0.0;
    }
    let detection = detect_metric(&values);
    assert_eq!(detection.spikes.len(), 1, "{:?}", detection.spikes);
    let fall = &detection.spikes[0];
    assert_eq!(fall.direction, Direction::Fall);
    assert_eq!(
        (fall.start, fall.end),
        (3 * WEEK_BUCKETS, 3 * WEEK_BUCKETS + 2)
    );
    assert_eq!(fall.peak_value, 0.0);
    assert!(fall.extra_posts > 3.0 * 37.0, "{}", fall.extra_posts);

    // The fall was not learned: the following week's same hours are normal at about 40.
    let after = detection.bands[4 * WEEK_BUCKETS - 1].unwrap();
    assert!((after.baseline - 40.0).abs() < 2.0, "{after:?}");
}

#[test]
fn mentions_falling_silent_do_not_alert() {
    let mut values = noisy_hourly(4 * WEEK_BUCKETS);
    for value in &mut values[3 * WEEK_BUCKETS..3 * WEEK_BUCKETS + 3] {
        *value = 0.0;
    }
    assert!(detect_hourly(&values, &DetectorSettings::default())
        .spikes
        .is_empty());
}

#[test]
fn buckets_before_the_data_begins_teach_nothing() {
    // A workspace whose data begins with a busy hour: read from three weeks of zeros, it
    // would be a critical spike; from the first collected bucket on, it is the start of the
    // warm-up.
    let mut values = vec![0.0; 3 * WEEK_BUCKETS];
    values.extend(noisy_hourly(DAY_BUCKETS));
    values[3 * WEEK_BUCKETS] = 100.0;
    let times = times(values.len(), HOUR);
    let settings = DetectorSettings::default();
    let all = detect(&times, &values, HOUR, SeriesKind::Mentions, &settings);
    assert_eq!(all.spikes.len(), 1);
    let since = detect_since(
        &times,
        &values,
        HOUR,
        SeriesKind::Mentions,
        &settings,
        3 * WEEK_BUCKETS,
    );
    assert!(since.spikes.is_empty(), "{:?}", since.spikes);
    assert_eq!(since.bands.len(), values.len());
    assert!(since.bands[..3 * WEEK_BUCKETS + 12]
        .iter()
        .all(Option::is_none));
    assert!(since.bands[3 * WEEK_BUCKETS + 12].is_some());
}

#[test]
fn a_metric_has_no_count_floor() {
    // A CPU load around 2 % with small noise: a jump to 3 % stands out, although for counts
    // one more post in two would be noise.
    let len = 4 * WEEK_BUCKETS;
    let mut values: Vec<f64> = (0..len).map(|i| 2.0 + 0.01 * wobble(i)).collect();
    values[3 * WEEK_BUCKETS] = 3.0;
    let starts: Vec<usize> = detect_metric(&values)
        .spikes
        .iter()
        .map(|spike| spike.start)
        .collect();
    assert_eq!(starts, [3 * WEEK_BUCKETS]);
}

#[test]
fn a_peak_that_comes_back_every_day_becomes_normal() {
    // A load of 20 at night and 80 from 9 am to 6 pm, every day for four weeks: the first
    // day's peak is news, but once most days have had it, it is the slot's normal.
    let len = 4 * WEEK_BUCKETS;
    let values: Vec<f64> = (0..len)
        .map(|i| {
            let busy = (9..18).contains(&(i % DAY_BUCKETS));
            (if busy { 80.0 } else { 20.0 }) + wobble(i)
        })
        .collect();
    let detection = detect_metric(&values);
    assert!(
        detection
            .spikes
            .iter()
            .all(|spike| spike.start < WEEK_BUCKETS),
        "{:?}",
        detection.spikes
    );
    let noon = detection.bands[3 * WEEK_BUCKETS + 12].unwrap();
    assert!((noon.baseline - 80.0).abs() < 4.0, "{noon:?}");
}

#[test]
fn a_slot_whose_few_samples_agree_does_not_make_a_wobble_news() {
    // A load that wobbles by up to 3 around 50, except that Mondays at 10 am happened to
    // read exactly 50 three weeks running. 52 on the fourth Monday is within the load's
    // usual wobble, although it is far outside the slot's own (zero) deviation.
    let len = 4 * WEEK_BUCKETS;
    let monday_ten = |i: usize| i % WEEK_BUCKETS == 10;
    let mut values: Vec<f64> = (0..len)
        .map(|i| {
            if monday_ten(i) {
                50.0
            } else {
                50.0 + wobble(i)
            }
        })
        .collect();
    values[3 * WEEK_BUCKETS + 10] = 52.0;
    let detection = detect_metric(&values);
    assert!(detection.spikes.is_empty(), "{:?}", detection.spikes);
    let band = detection.bands[3 * WEEK_BUCKETS + 10].unwrap();
    assert_eq!((band.basis, band.baseline), (Basis::WeekdayHour, 50.0));
}

/// Four quiet weeks, a spike that alerts small and then goes on for twelve hours far above
/// normal, three quiet days, then a two-hour surge larger than the first spike when it alerted
/// but smaller than the whole of it.
fn long_spike_then_surge() -> (Vec<f64>, usize) {
    let mut values = noisy_hourly(4 * WEEK_BUCKETS + 4);
    values.push(60.0);
    values.extend(std::iter::repeat_n(200.0, 12));
    values.extend(noisy_hourly(3 * DAY_BUCKETS));
    let second = values.len();
    values.extend([200.0, 200.0]);
    values.extend(noisy_hourly(DAY_BUCKETS));
    (values, second)
}

#[test]
fn a_long_spike_is_remembered_at_a_few_times_its_size_when_it_alerted() {
    let (values, second) = long_spike_then_surge();
    let spikes = detect_hourly(&values, &DetectorSettings::default()).spikes;
    assert_eq!(spikes.len(), 2, "{spikes:?}");
    assert_eq!(spikes[0].alert, 4 * WEEK_BUCKETS + 4);
    assert_eq!(spikes[1].alert, second);
    // Remembered at its whole size, the long spike hides the second surge.
    let whole = DetectorSettings {
        alert_memory: None,
        ..DetectorSettings::default()
    };
    let spikes = detect_hourly(&values, &whole).spikes;
    assert_eq!(spikes.len(), 1, "{spikes:?}");
}

#[test]
fn a_long_spike_is_remembered_at_three_times_its_size_when_it_alerted() {
    // The first spike alerts at 40 extra posts and goes on to about a thousand: it is
    // remembered at 120 (three times 40), about 89 three days later. A one-hour surge of
    // about 100 extra posts then alerts; at four times (160, about 119 three days later) it
    // would not.
    let (mut values, second) = long_spike_then_surge();
    values[second] = 120.0;
    values[second + 1] = 20.0;
    let spikes = detect_hourly(&values, &DetectorSettings::default()).spikes;
    assert_eq!(spikes.len(), 2, "{spikes:?}");
    assert_eq!(spikes[1].alert, second);
    let four_times = DetectorSettings {
        alert_memory: Some(4.0),
        ..DetectorSettings::default()
    };
    let spikes = detect_hourly(&values, &four_times).spikes;
    assert_eq!(spikes.len(), 1, "{spikes:?}");
}

#[test]
fn a_one_bucket_blip_after_a_long_spike_does_not_alert() {
    let (mut values, second) = long_spike_then_surge();
    // The second surge is a single bucket just above the band: smaller than the first spike
    // when it alerted, discounted by three days.
    values[second] = 56.0;
    values[second + 1] = 20.0;
    let spikes = detect_hourly(&values, &DetectorSettings::default()).spikes;
    assert_eq!(spikes.len(), 1, "{spikes:?}");
}
