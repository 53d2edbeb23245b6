//! Spike detection: when do mentions rise significantly above normal?
//!
//! Townhall compares every bucket with what is normal for that hour of that weekday: the baseline
//! is the median count of the same hour on the same weekday over the previous four weeks (while
//! fewer than three such weeks exist, the same hour on every previous day; with fewer than three
//! days, all buckets so far, so a brand-new topic is judged roughly at first). Normal variation is
//! the median absolute deviation of those same counts (×1.4826), but never less than half the
//! series' usual spread (the median distance of all buckets of the four weeks from their own
//! baselines), so that a slot whose few samples happen to agree does not make every wobble news,
//! and for mentions never less than the square root of the baseline, the natural randomness of
//! counts; medians are used so that a few extreme hours in the past distort neither figure. A
//! bucket is *elevated* when its count is above the *upper band*, the baseline plus 7 typical
//! deviations, and is at least 5 posts. An elevated bucket is remembered at the upper band, not
//! at its count, so that a surge does not become the normal of the following weeks, unless most
//! of a slot's remembered buckets were elevated: a peak that comes back every day, or a new level
//! that has lasted, is then what is normal for that slot. Elevated buckets less than an hour
//! apart form a *surge*, whose size is its *extra posts* in its busiest six hours: the largest
//! sum, over any six hours of the surge, of its elevated counts minus their baselines (so that
//! days of slightly raised chatter do not add up to a record that would hide the next real
//! surge). A surge becomes a *spike*, and raises an alert, as soon as its size exceeds that of
//! every surge of the past four weeks, where an earlier surge counts for half after one week and
//! a quarter after two: a topic that is always bursty needs a bigger surge to raise an alert than
//! a quiet one, and a smaller echo of yesterday's outage does not alert again. A spike runs from
//! the first to the last elevated bucket of its surge, its peak is its highest count, and it is
//! *minor*, *major* once it has been 14 typical deviations above the baseline and has lasted an
//! hour, or *critical* at 28 deviations and three hours. A [`SeriesKind::Metric`] (a CPU load, a
//! response time, a temperature) has neither the square-root floor nor the minimum count, and is
//! watched both ways: a bucket below the baseline by the same margin is elevated too, and a
//! surge that starts with one is a [`Direction::Fall`] (a server whose load drops to nothing is
//! as much news as one that saturates); mentions only ever alert on rises. Every decision uses
//! only the buckets before it, so history is marked exactly as the live alerts would have been
//! raised; and only the buckets since the workspace's data begins ([`detect_since`]), since an
//! hour before anything was collected is not a quiet hour, and a first day of data is not a
//! surge. [`protocol`] measures the detector on NAB.
//!
//! [`OnlineDetector`] takes one bucket at a time and reports [`Event`]s as they happen (the
//! alerts); [`detect`] runs the same detector over a whole series to mark its history and to
//! draw the baseline band. Timestamps are the start of each bucket in local wall-clock seconds
//! (the bucket's local date and time read as if it were UTC, e.g.
//! `naive_local.and_utc().timestamp()`), so that "Monday 8 am" means 8 am where the user is.
//! Buckets must be regular and increasing, and buckets without posts must be given as zero, not
//! skipped. The default settings are the same for every topic, whatever its volume, and work for
//! 5-minute, hourly and daily buckets.

mod baseline;
pub mod nab;
pub mod protocol;

use std::collections::VecDeque;

use baseline::History;

const SECS_PER_HOUR: i64 = 3_600;
const SECS_PER_DAY: i64 = 86_400;

/// Days of history read before a period or an instant, so that the detector has learned the
/// season before the first bucket it marks (the chart's normal range, the status at "now").
pub const HISTORY_DAYS: u64 = 56;

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
    /// Smallest count of an elevated bucket, so that 3 posts instead of 1 is not a spike (for
    /// series of counts only).
    pub min_count: f64,
    /// A surge ends once this long has passed without an elevated bucket.
    pub quiet_secs: i64,
    /// Age at which a past surge counts for half its size when deciding whether a new surge is
    /// large enough to alert.
    pub memory_half_life_secs: i64,
    /// A surge's size is its extra posts in its busiest stretch of this length.
    pub size_secs: i64,
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
            size_secs: 6 * SECS_PER_HOUR,
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
    /// Typical deviation from the baseline: 1.4826 × the median absolute deviation, but for
    /// counts at least the square root of the baseline and at least 1 (for other values, at
    /// least a thousandth of the baseline).
    pub deviation: f64,
    /// `baseline + threshold × deviation`: a bucket above it is elevated.
    pub upper: f64,
    pub basis: Basis,
}

impl Band {
    /// `baseline - threshold × deviation`: a bucket of a series that is not of counts is
    /// elevated below it.
    pub fn lower(&self) -> f64 {
        2.0 * self.baseline - self.upper
    }
}

/// What a series is, which decides how much it may vary by chance and which way it is watched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeriesKind {
    /// Posts about a topic (or any count of independent events whose drop is not news): their
    /// natural randomness is the square root of their level, an elevated bucket needs
    /// [`DetectorSettings::min_count`], and only rises are watched.
    Mentions,
    /// A measurement of a system (a CPU load, a response time, requests served, a temperature):
    /// no floor from counting, and a drop is as much news as a rise.
    Metric,
}

/// Which way a surge left the normal range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Above the upper band: the only direction for series of counts.
    Rise,
    /// Below the lower band (`baseline - threshold × deviation`), for series that are not of
    /// counts.
    Fall,
}

/// A surge large enough to alert. Indices are positions in the input (the order of `push`).
#[derive(Debug, Clone, PartialEq)]
pub struct Spike {
    /// Whether it went above the normal range or, for a series that is not of counts, below.
    pub direction: Direction,
    /// First elevated bucket of the surge.
    pub start: usize,
    /// Bucket at which the surge became a spike and the alert was raised.
    pub alert: usize,
    /// Bucket furthest from normal: the highest count, or the lowest value of a fall.
    pub peak: usize,
    /// Last elevated bucket so far.
    pub end: usize,
    pub severity: Severity,
    pub peak_value: f64,
    pub baseline_at_peak: f64,
    /// Largest distance from the baseline, in typical deviations, of any bucket of the spike.
    pub max_deviations: f64,
    /// Sum of the elevated buckets' distances from their baselines (for counts, the extra
    /// posts).
    pub extra_posts: f64,
    /// Largest sum of those distances over any `size_secs` of the spike: the size compared with
    /// earlier surges.
    pub size: f64,
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
/// wall-clock seconds; `values[i]`: its value; `bucket_secs`: the bucket width).
///
/// # Panics
///
/// If `times` and `values` differ in length.
pub fn detect(
    times: &[i64],
    values: &[f64],
    bucket_secs: i64,
    kind: SeriesKind,
    settings: &DetectorSettings,
) -> Detection {
    detect_since(times, values, bucket_secs, kind, settings, 0)
}

/// The first of the buckets starting at `starts` (unix seconds, increasing) that holds data:
/// the one `data_start` falls in (0 when it is before them all or unknown).
pub fn first_collected(starts: &[i64], data_start: Option<i64>) -> usize {
    data_start.map_or(0, |t| starts.partition_point(|&s| s <= t).saturating_sub(1))
}

/// [`detect`] from bucket `first` on: the buckets before it are not data (nothing was collected
/// then, see [`crate::store::Store::data_start`]), so they have no band, are never part of a
/// spike and teach the baseline nothing. Indices stay those of the input.
pub fn detect_since(
    times: &[i64],
    values: &[f64],
    bucket_secs: i64,
    kind: SeriesKind,
    settings: &DetectorSettings,
    first: usize,
) -> Detection {
    assert_eq!(times.len(), values.len(), "one time per value");
    let first = first.min(values.len());
    let mut detector = OnlineDetector::new(bucket_secs, kind, settings.clone());
    detector.skip(first);
    let mut spikes = Vec::new();
    let mut bands = vec![None; first];
    bands.reserve(values.len() - first);
    for (&time, &value) in times[first..].iter().zip(&values[first..]) {
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
    kind: SeriesKind,
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
    /// Start time and extra posts of its elevated buckets of the last `size_secs`.
    recent: VecDeque<(i64, f64)>,
}

impl Surge {
    fn new(index: usize, direction: Direction) -> Self {
        Self {
            spike: Spike {
                direction,
                start: index,
                alert: index,
                peak: index,
                end: index,
                severity: Severity::Minor,
                peak_value: match direction {
                    Direction::Rise => f64::NEG_INFINITY,
                    Direction::Fall => f64::INFINITY,
                },
                baseline_at_peak: 0.0,
                max_deviations: 0.0,
                extra_posts: 0.0,
                size: 0.0,
            },
            alerted: false,
            quiet_buckets: 0,
            recent: VecDeque::new(),
        }
    }

    /// Adds an elevated bucket starting at `time`; the size counts the last `size_secs`.
    fn extend(&mut self, index: usize, time: i64, value: f64, band: &Band, size_secs: i64) {
        let extra = (value - band.baseline).abs();
        self.recent.push_back((time, extra));
        while self
            .recent
            .front()
            .is_some_and(|&(start, _)| start <= time - size_secs)
        {
            self.recent.pop_front();
        }
        let spike = &mut self.spike;
        spike.size = spike
            .size
            .max(self.recent.iter().map(|&(_, extra)| extra).sum());
        spike.end = index;
        spike.extra_posts += extra;
        spike.max_deviations = spike.max_deviations.max(extra / band.deviation);
        let further = match spike.direction {
            Direction::Rise => value > spike.peak_value,
            Direction::Fall => value < spike.peak_value,
        };
        if further {
            spike.peak = index;
            spike.peak_value = value;
            spike.baseline_at_peak = band.baseline;
        }
        self.quiet_buckets = 0;
    }
}

impl OnlineDetector {
    /// A detector for a series of `kind` in buckets `bucket_secs` wide.
    pub fn new(bucket_secs: i64, kind: SeriesKind, settings: DetectorSettings) -> Self {
        let bucket_secs = bucket_secs.max(1);
        let keep_secs =
            (settings.history_days * SECS_PER_DAY).max(settings.min_history as i64 * bucket_secs);
        Self {
            history: History::new(keep_secs, kind),
            kind,
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
        let (min_count, falls) = match self.kind {
            SeriesKind::Mentions => (self.settings.min_count, false),
            SeriesKind::Metric => (f64::NEG_INFINITY, true),
        };
        let direction = self.band.and_then(|band| {
            if value > band.upper && value >= min_count {
                Some(Direction::Rise)
            } else if falls && value < band.lower() {
                Some(Direction::Fall)
            } else {
                None
            }
        });
        // An elevated bucket is remembered at the edge of the band it crossed: a surge must not
        // teach the baseline of the following weeks that surges are normal.
        let remembered = match (self.band, direction) {
            (Some(band), Some(Direction::Rise)) => value.min(band.upper),
            (Some(band), Some(Direction::Fall)) => value.max(band.lower()),
            _ => value,
        };
        self.history.add(time, remembered, value);
        match (self.band, direction) {
            (Some(band), Some(direction)) => self.elevated(index, time, value, &band, direction),
            _ => self.not_elevated(time),
        }
    }

    /// Passes over `buckets` buckets from before the data begins: they take their indices, so
    /// that spikes are numbered as the input, but nothing is learned from them.
    pub fn skip(&mut self, buckets: usize) {
        self.next_index += buckets;
        self.band = None;
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

    fn elevated(
        &mut self,
        index: usize,
        time: i64,
        value: f64,
        band: &Band,
        direction: Direction,
    ) -> Option<Event> {
        // A surge keeps the direction it started with: a load that drops and then overshoots
        // is one disturbance.
        let surge = self
            .surge
            .get_or_insert_with(|| Surge::new(index, direction));
        surge.extend(index, time, value, band, self.settings.size_secs);
        let severity = self.settings.severity(&surge.spike, self.bucket_secs);
        let spike = &mut surge.spike;
        if !surge.alerted {
            spike.severity = severity;
            if spike.size <= self.memory.bar(time) {
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
        self.memory.remember(time, surge.spike.size);
        surge.alerted.then_some(Event::Ended(surge.spike))
    }
}

/// Sizes (extra posts in their busiest `size_secs`) of the surges that ended in the trailing
/// history.
#[derive(Debug, Clone)]
struct SurgeMemory {
    keep_secs: i64,
    half_life_secs: i64,
    /// End time and size of each surge, oldest first.
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

    fn remember(&mut self, time: i64, size: f64) {
        self.surges.push_back((time, size));
    }

    /// Size a surge needs to exceed at `time` to become a spike: the largest past surge,
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
        let mut detector =
            OnlineDetector::new(HOUR, SeriesKind::Mentions, DetectorSettings::default());
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

        // Measured by all its extra posts, the chatter would have hidden the surge.
        let whole = DetectorSettings {
            size_secs: 4 * WEEK_BUCKETS as i64 * HOUR,
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
}
