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
//! a quiet one, and a smaller echo of yesterday's outage does not alert again. A spike is
//! remembered at no more than three times the size it had when it alerted: a spike that then went
//! on for hours was news once, and its length must not hide the next surge for weeks. A spike runs from
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
mod surge;

use baseline::History;
use surge::{Surge, SurgeMemory};

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
    /// A surge that became a spike is remembered at no more than this many times the size it
    /// had when it alerted (None: at its whole size), so that a spike that went on for hours
    /// does not hide the next surge for weeks.
    pub alert_memory: Option<f64>,
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
            alert_memory: Some(3.0),
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

impl DetectorSettings {
    /// The severity rules in words, as the brief's method section gives them.
    pub fn severity_said(&self) -> String {
        let hours = |secs: i64| match secs / SECS_PER_HOUR {
            1 => "an hour".to_string(),
            n => format!("{n} hours"),
        };
        format!(
            "Severity: a spike is major once an hour of it stood {} typical deviations above normal \
             and it had lasted {}, critical at {} for {}, else minor; a spike of days or weeks is \
             as severe as the hours it spans.",
            self.major.deviations,
            hours(self.major.secs),
            self.critical.deviations,
            hours(self.critical.secs),
        )
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
            surge.alert_size = spike.size;
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
        let size = match self.settings.alert_memory {
            Some(factor) if surge.alerted => surge.spike.size.min(factor * surge.alert_size),
            _ => surge.spike.size,
        };
        self.memory.remember(time, size);
        surge.alerted.then_some(Event::Ended(surge.spike))
    }
}

#[cfg(test)]
mod tests;
