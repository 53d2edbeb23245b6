//! Spike detection: when do mentions rise significantly above normal?
//!
//! Townhall compares every bucket with what is normal for that hour of that weekday: the baseline
//! is the median count of the same hour on the same weekday over the previous four weeks (while
//! fewer than three such weeks exist, the same hour on every previous day; with fewer than three
//! days, all buckets so far, so a brand-new topic is judged roughly at first). Normal variation is
//! the median absolute deviation of those same counts (×1.4826, and never less than the square root
//! of the baseline, the natural randomness of counts); medians are used so that a few extreme hours
//! in the past distort neither figure. A bucket is *elevated* when its count is above the *upper
//! band*, the baseline plus 7 typical deviations, and is at least 5 posts. Elevated buckets less
//! than an hour apart form a *surge*, whose size is its *extra posts*: the sum of its elevated
//! counts minus their baselines. A surge becomes a *spike*, and raises an alert, as soon as its
//! extra posts exceed those of every surge of the past four weeks, where an earlier surge counts
//! for half after one week and a quarter after two: a topic that is always bursty needs a bigger
//! surge to raise an alert than a quiet one, and a smaller echo of yesterday's outage does not
//! alert again. A spike runs from the first to the last elevated bucket of its surge, its peak is
//! its highest count, and it is *minor*, *major* once it has been 14 typical deviations above the
//! baseline and has lasted an hour, or *critical* at 28 deviations and three hours. Every decision
//! uses only the buckets before it, so history is marked exactly as the live alerts would have been
//! raised.
//!
//! [`OnlineDetector`] takes one bucket at a time and reports [`Event`]s as they happen (the
//! alerts); [`detect`] runs the same detector over a whole series to mark its history and to
//! draw the baseline band. Timestamps are the start of each bucket in local wall-clock seconds
//! (the bucket's local date and time read as if it were UTC, e.g.
//! `naive_local.and_utc().timestamp()`), so that "Monday 8 am" means 8 am where the user is.
//! Buckets must be regular and increasing, and buckets without posts must be given as zero, not
//! skipped. The default settings are the same for every topic, whatever its volume, and work for
//! 5-minute, hourly and daily buckets.

pub mod nab;

use std::collections::VecDeque;

use chrono::{DateTime, Datelike, Timelike};

const SECS_PER_HOUR: i64 = 3_600;
const SECS_PER_DAY: i64 = 86_400;

/// Days of history read before a period or an instant, so that the detector has learned the
/// season before the first bucket it marks (the chart's normal range, the status at "now").
pub const HISTORY_DAYS: u64 = 56;
/// Hour-of-week slots (7 days × 24 hours) and hour-of-day slots.
const WEEKDAY_HOURS: usize = 7 * 24;
const HOURS: usize = 24;
/// Scales the median absolute deviation to the standard deviation of normally distributed data.
const MAD_TO_SD: f64 = 1.4826;

/// Settings of the detector. The defaults are meant for every series, whatever its topic,
/// volume or bucket width.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectorSettings {
    /// How far back the baseline and the surge memory look, in days (at least `min_history`
    /// buckets are kept).
    pub history_days: i64,
    /// Past occurrences of a slot (three earlier Mondays 8-9 am, three earlier days 8-9 am)
    /// needed before the baseline uses that slot.
    pub min_occurrences: usize,
    /// Buckets of history needed before there is any baseline (the warm-up).
    pub min_history: usize,
    /// The upper band is `baseline + threshold × deviation`.
    pub threshold: f64,
    /// Smallest count of an elevated bucket, so that 3 posts instead of 1 is not a spike.
    pub min_count: f64,
    /// A surge ends once this long has passed without an elevated bucket.
    pub quiet_secs: i64,
    /// Age at which a past surge counts for half its extra posts when deciding whether a new
    /// surge is large enough to alert.
    pub memory_half_life_secs: i64,
    /// When a spike becomes major.
    pub major: SeverityRule,
    /// When a spike becomes critical.
    pub critical: SeverityRule,
}

impl Default for DetectorSettings {
    fn default() -> Self {
        Self {
            history_days: 28,
            min_occurrences: 3,
            min_history: 12,
            threshold: 7.0,
            min_count: 5.0,
            quiet_secs: SECS_PER_HOUR,
            memory_half_life_secs: 7 * SECS_PER_DAY,
            major: SeverityRule {
                deviations: 14.0,
                secs: SECS_PER_HOUR,
            },
            critical: SeverityRule {
                deviations: 28.0,
                secs: 3 * SECS_PER_HOUR,
            },
        }
    }
}

impl DetectorSettings {
    /// Severity a spike has earned so far.
    fn severity(&self, spike: &Spike, bucket_secs: i64) -> Severity {
        let lasted_secs = (spike.end - spike.start + 1) as i64 * bucket_secs;
        let reached = |rule: &SeverityRule| {
            spike.max_deviations >= rule.deviations && lasted_secs >= rule.secs
        };
        if reached(&self.critical) {
            Severity::Critical
        } else if reached(&self.major) {
            Severity::Major
        } else {
            Severity::Minor
        }
    }
}

/// A spike reaches a severity once one of its buckets was at least `deviations` typical
/// deviations above the baseline and it has lasted at least `secs` (first to last elevated
/// bucket).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeverityRule {
    pub deviations: f64,
    pub secs: i64,
}

/// How serious a spike is, by how far above the baseline it went and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Minor,
    Major,
    Critical,
}

/// Which history a bucket's baseline was learned from: the most specific one with enough data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basis {
    /// The same hour on the same weekday in past weeks.
    WeekdayHour,
    /// The same hour on every past day.
    HourOfDay,
    /// All buckets so far.
    Recent,
}

/// Normal range of a bucket, learned from the history before it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    /// Median of the comparable past buckets.
    pub baseline: f64,
    /// Typical deviation from the baseline: 1.4826 × the median absolute deviation, but at
    /// least the square root of the baseline and at least 1.
    pub deviation: f64,
    /// `baseline + threshold × deviation`: a bucket above it is elevated.
    pub upper: f64,
    pub basis: Basis,
}

/// A surge large enough to alert. Indices are positions in the input (the order of `push`).
#[derive(Debug, Clone, PartialEq)]
pub struct Spike {
    /// First elevated bucket of the surge.
    pub start: usize,
    /// Bucket at which the surge became a spike and the alert was raised.
    pub alert: usize,
    /// Bucket with the highest count.
    pub peak: usize,
    /// Last elevated bucket so far.
    pub end: usize,
    pub severity: Severity,
    pub peak_value: f64,
    pub baseline_at_peak: f64,
    /// Largest excess over the baseline, in typical deviations, of any bucket of the spike.
    pub max_deviations: f64,
    /// Sum of the elevated counts minus their baselines.
    pub extra_posts: f64,
}

/// What a new bucket changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A surge became a spike with this bucket: the alert.
    Started(Spike),
    /// The spike reached a higher severity.
    Escalated(Spike),
    /// The spike ended: nothing was elevated for `quiet_secs`.
    Ended(Spike),
}

/// Spikes and baseline band of a whole series, as produced by [`detect`].
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// The spikes in order; the last one may still be going on at the end of the series.
    pub spikes: Vec<Spike>,
    /// Band of each bucket; None during the warm-up.
    pub bands: Vec<Option<Band>>,
}

/// Runs the [`OnlineDetector`] over a regular series (`times[i]`: start of bucket `i` in local
/// wall-clock seconds; `values[i]`: its count; `bucket_secs`: the bucket width).
///
/// # Panics
///
/// If `times` and `values` differ in length.
pub fn detect(
    times: &[i64],
    values: &[f64],
    bucket_secs: i64,
    settings: &DetectorSettings,
) -> Detection {
    assert_eq!(times.len(), values.len(), "one time per value");
    let mut detector = OnlineDetector::new(bucket_secs, settings.clone());
    let mut spikes = Vec::new();
    let mut bands = Vec::with_capacity(values.len());
    for (&time, &value) in times.iter().zip(values) {
        if let Some(Event::Ended(spike)) = detector.push(time, value) {
            spikes.push(spike);
        }
        bands.push(detector.band());
    }
    spikes.extend(detector.open_spike().cloned());
    Detection { spikes, bands }
}

/// Detector that takes one bucket at a time; each decision uses only the buckets given so far.
#[derive(Debug, Clone)]
pub struct OnlineDetector {
    settings: DetectorSettings,
    bucket_secs: i64,
    history: History,
    memory: SurgeMemory,
    /// Index the next bucket will get.
    next_index: usize,
    /// Band of the latest bucket.
    band: Option<Band>,
    surge: Option<Surge>,
}

/// The surge in progress.
#[derive(Debug, Clone)]
struct Surge {
    /// Its figures so far (`alert` is meaningful once `alerted`).
    spike: Spike,
    /// Whether it has become a spike.
    alerted: bool,
    /// Buckets since its last elevated one.
    quiet_buckets: usize,
}

impl Surge {
    fn new(index: usize) -> Self {
        Self {
            spike: Spike {
                start: index,
                alert: index,
                peak: index,
                end: index,
                severity: Severity::Minor,
                peak_value: f64::NEG_INFINITY,
                baseline_at_peak: 0.0,
                max_deviations: 0.0,
                extra_posts: 0.0,
            },
            alerted: false,
            quiet_buckets: 0,
        }
    }

    /// Adds an elevated bucket.
    fn extend(&mut self, index: usize, value: f64, band: &Band) {
        let spike = &mut self.spike;
        spike.end = index;
        spike.extra_posts += value - band.baseline;
        spike.max_deviations = spike
            .max_deviations
            .max((value - band.baseline) / band.deviation);
        if value > spike.peak_value {
            spike.peak = index;
            spike.peak_value = value;
            spike.baseline_at_peak = band.baseline;
        }
        self.quiet_buckets = 0;
    }
}

impl OnlineDetector {
    /// A detector for buckets `bucket_secs` wide.
    pub fn new(bucket_secs: i64, settings: DetectorSettings) -> Self {
        let bucket_secs = bucket_secs.max(1);
        let keep_secs =
            (settings.history_days * SECS_PER_DAY).max(settings.min_history as i64 * bucket_secs);
        Self {
            history: History::new(keep_secs),
            memory: SurgeMemory::new(keep_secs, settings.memory_half_life_secs),
            settings,
            bucket_secs,
            next_index: 0,
            band: None,
            surge: None,
        }
    }

    /// Takes the next bucket (its start time and count) and reports what changed, if anything.
    pub fn push(&mut self, time: i64, value: f64) -> Option<Event> {
        let index = self.next_index;
        self.next_index += 1;
        self.band = self.history.band(time, &self.settings);
        self.history.add(time, value);
        let elevated = self
            .band
            .filter(|band| value > band.upper && value >= self.settings.min_count);
        match elevated {
            Some(band) => self.elevated(index, time, value, &band),
            None => self.not_elevated(time),
        }
    }

    /// Band of the latest bucket (None during the warm-up).
    pub fn band(&self) -> Option<Band> {
        self.band
    }

    /// The spike going on, if any.
    pub fn open_spike(&self) -> Option<&Spike> {
        self.surge
            .as_ref()
            .filter(|surge| surge.alerted)
            .map(|surge| &surge.spike)
    }

    fn elevated(&mut self, index: usize, time: i64, value: f64, band: &Band) -> Option<Event> {
        let surge = self.surge.get_or_insert_with(|| Surge::new(index));
        surge.extend(index, value, band);
        let severity = self.settings.severity(&surge.spike, self.bucket_secs);
        let spike = &mut surge.spike;
        if !surge.alerted {
            spike.severity = severity;
            if spike.extra_posts <= self.memory.bar(time) {
                return None;
            }
            surge.alerted = true;
            spike.alert = index;
            return Some(Event::Started(spike.clone()));
        }
        (severity > spike.severity).then(|| {
            spike.severity = severity;
            Event::Escalated(spike.clone())
        })
    }

    fn not_elevated(&mut self, time: i64) -> Option<Event> {
        let surge = self.surge.as_mut()?;
        surge.quiet_buckets += 1;
        if (surge.quiet_buckets as i64) * self.bucket_secs < self.settings.quiet_secs {
            return None;
        }
        let surge = self.surge.take()?;
        self.memory.remember(time, surge.spike.extra_posts);
        surge.alerted.then_some(Event::Ended(surge.spike))
    }
}

/// Sizes (extra posts) of the surges that ended in the trailing history.
#[derive(Debug, Clone)]
struct SurgeMemory {
    keep_secs: i64,
    half_life_secs: i64,
    /// End time and extra posts of each surge, oldest first.
    surges: VecDeque<(i64, f64)>,
}

impl SurgeMemory {
    fn new(keep_secs: i64, half_life_secs: i64) -> Self {
        Self {
            keep_secs,
            half_life_secs: half_life_secs.max(1),
            surges: VecDeque::new(),
        }
    }

    fn remember(&mut self, time: i64, extra_posts: f64) {
        self.surges.push_back((time, extra_posts));
    }

    /// Extra posts a surge needs to exceed at `time` to become a spike: the largest past surge,
    /// each halved for every `half_life_secs` of age (0 without past surges).
    fn bar(&mut self, time: i64) -> f64 {
        while self
            .surges
            .front()
            .is_some_and(|&(end, _)| end < time - self.keep_secs)
        {
            self.surges.pop_front();
        }
        let half_lives = |end: i64| (time - end) as f64 / self.half_life_secs as f64;
        self.surges
            .iter()
            .map(|&(end, extra)| extra * 0.5_f64.powf(half_lives(end)))
            .fold(0.0, f64::max)
    }
}

/// Trailing history of counts, pooled by hour of week, by hour of day and altogether.
#[derive(Debug, Clone)]
struct History {
    keep_secs: i64,
    by_weekday_hour: Vec<Pool>,
    by_hour: Vec<Pool>,
    recent: Pool,
}

impl History {
    fn new(keep_secs: i64) -> Self {
        Self {
            keep_secs,
            by_weekday_hour: vec![Pool::default(); WEEKDAY_HOURS],
            by_hour: vec![Pool::default(); HOURS],
            recent: Pool::default(),
        }
    }

    fn add(&mut self, time: i64, value: f64) {
        let (weekday_hour, hour) = slots(time);
        for pool in [
            &mut self.by_weekday_hour[weekday_hour],
            &mut self.by_hour[hour],
            &mut self.recent,
        ] {
            pool.add(time, value);
        }
    }

    /// Band for a bucket starting at `time`, from the most specific pool with enough history.
    fn band(&mut self, time: i64, settings: &DetectorSettings) -> Option<Band> {
        let horizon = time - self.keep_secs;
        let (weekday_hour, hour) = slots(time);
        let weekday_hour = &mut self.by_weekday_hour[weekday_hour];
        let hour = &mut self.by_hour[hour];
        for pool in [&mut *weekday_hour, &mut *hour, &mut self.recent] {
            pool.forget_before(horizon);
        }
        let (pool, basis) = if weekday_hour.days() >= settings.min_occurrences {
            (&*weekday_hour, Basis::WeekdayHour)
        } else if hour.days() >= settings.min_occurrences {
            (&*hour, Basis::HourOfDay)
        } else if self.recent.len() >= settings.min_history.max(1) {
            (&self.recent, Basis::Recent)
        } else {
            return None;
        };
        let (baseline, mad) = median_and_mad(pool.values());
        let deviation = (MAD_TO_SD * mad).max(baseline.max(1.0).sqrt());
        Some(Band {
            baseline,
            deviation,
            upper: baseline + settings.threshold * deviation,
            basis,
        })
    }
}

/// Hour-of-week (Monday 0-1 am = 0) and hour-of-day slots of a local timestamp.
fn slots(time: i64) -> (usize, usize) {
    let local = DateTime::from_timestamp(time, 0)
        .unwrap_or_default()
        .naive_utc();
    let hour = local.hour() as usize;
    let weekday = local.weekday().num_days_from_monday() as usize;
    (weekday * HOURS + hour, hour)
}

/// Past counts of one slot, oldest first.
#[derive(Debug, Clone, Default)]
struct Pool {
    samples: VecDeque<(i64, f64)>,
}

impl Pool {
    fn add(&mut self, time: i64, value: f64) {
        self.samples.push_back((time, value));
    }

    fn forget_before(&mut self, horizon: i64) {
        while self
            .samples
            .front()
            .is_some_and(|&(time, _)| time < horizon)
        {
            self.samples.pop_front();
        }
    }

    fn len(&self) -> usize {
        self.samples.len()
    }

    /// Number of distinct days with samples (the samples are in time order).
    fn days(&self) -> usize {
        let mut days: Vec<i64> = self
            .samples
            .iter()
            .map(|&(time, _)| time.div_euclid(SECS_PER_DAY))
            .collect();
        days.dedup();
        days.len()
    }

    fn values(&self) -> Vec<f64> {
        self.samples.iter().map(|&(_, value)| value).collect()
    }
}

/// Median of `values` and median absolute deviation from it (`values` must not be empty).
fn median_and_mad(mut values: Vec<f64>) -> (f64, f64) {
    let center = median(&mut values);
    let mut deviations: Vec<f64> = values.iter().map(|v| (v - center).abs()).collect();
    (center, median(&mut deviations))
}

/// Median of a non-empty slice (sorts it).
fn median(values: &mut [f64]) -> f64 {
    values.sort_unstable_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 0 {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    }
}

#[cfg(test)]
mod tests {
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

    fn detect_hourly(values: &[f64], settings: &DetectorSettings) -> Detection {
        detect(&times(values.len(), HOUR), values, HOUR, settings)
    }

    /// Events of an online run, with the index of the bucket that raised them.
    fn events(values: &[f64]) -> Vec<(usize, Event)> {
        let mut detector = OnlineDetector::new(HOUR, DetectorSettings::default());
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
    fn severity_grows_with_height_and_duration() {
        let start = 3 * WEEK_BUCKETS;
        let mut values = noisy_hourly(4 * WEEK_BUCKETS);
        values[start..start + 4].fill(200.0);
        let severities: Vec<Severity> = events(&values)
            .into_iter()
            .map(|(_, event)| match event {
                Event::Started(spike) | Event::Escalated(spike) | Event::Ended(spike) => {
                    spike.severity
                }
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
            let spikes = detect(&times, &values, bucket_secs, &DetectorSettings::default()).spikes;
            let starts: Vec<usize> = spikes.iter().map(|spike| spike.start).collect();
            assert_eq!(starts, [1_500], "bucket of {bucket_secs} s");
        }
    }
}
