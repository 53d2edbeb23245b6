//! The baseline: what is normal for a bucket, learned from the trailing history of the same
//! hour of the same weekday, of the same hour of every day, or of all recent buckets, and how
//! far from it a bucket may normally be.

use std::collections::VecDeque;

use chrono::{DateTime, Datelike, Timelike};

use super::{Band, Basis, DetectorSettings, SeriesKind, SECS_PER_DAY};

/// Hour-of-week slots (7 days × 24 hours) and hour-of-day slots.
const WEEKDAY_HOURS: usize = 7 * 24;
const HOURS: usize = 24;
/// Scales the median absolute deviation to the standard deviation of normally distributed data.
const MAD_TO_SD: f64 = 1.4826;
/// Share of the series' usual spread (the median distance of recent buckets from their own
/// baselines) below which a slot's own deviation is not trusted: a slot with few samples, or
/// samples that happen to agree, would otherwise make every small wobble look abnormal.
const SPREAD_SHARE: f64 = 0.5;

/// Trailing history of a series, pooled by hour of week, by hour of day and altogether.
#[derive(Debug, Clone)]
pub(super) struct History {
    keep_secs: i64,
    kind: SeriesKind,
    by_weekday_hour: Vec<Pool>,
    by_hour: Vec<Pool>,
    recent: Pool,
    /// How far each recent bucket was from its own baseline: the series' usual spread.
    spread: SortedWindow,
    /// Baseline of the bucket whose band was asked for last, until it is added.
    pending_baseline: Option<f64>,
}

impl History {
    pub(super) fn new(keep_secs: i64, kind: SeriesKind) -> Self {
        Self {
            keep_secs,
            kind,
            by_weekday_hour: vec![Pool::default(); WEEKDAY_HOURS],
            by_hour: vec![Pool::default(); HOURS],
            recent: Pool::default(),
            spread: SortedWindow::default(),
            pending_baseline: None,
        }
    }

    /// Adds a bucket: `remembered` is what the baseline learns (an elevated bucket is
    /// remembered at the edge of its band), `observed` its real value.
    pub(super) fn add(&mut self, time: i64, remembered: f64, observed: f64) {
        let sample = Sample {
            time,
            remembered,
            observed,
        };
        let (weekday_hour, hour) = slots(time);
        for pool in [
            &mut self.by_weekday_hour[weekday_hour],
            &mut self.by_hour[hour],
            &mut self.recent,
        ] {
            pool.samples.push_back(sample);
        }
        if let Some(baseline) = self.pending_baseline.take() {
            self.spread.insert(time, (remembered - baseline).abs());
        }
    }

    /// Band for a bucket starting at `time`, from the most specific pool with enough history.
    pub(super) fn band(&mut self, time: i64, settings: &DetectorSettings) -> Option<Band> {
        let horizon = time - self.keep_secs;
        let (weekday_hour, hour) = slots(time);
        let weekday_hour = &mut self.by_weekday_hour[weekday_hour];
        let hour = &mut self.by_hour[hour];
        for pool in [&mut *weekday_hour, &mut *hour, &mut self.recent] {
            pool.forget_before(horizon);
        }
        self.spread.forget_before(horizon);
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
        self.pending_baseline = Some(baseline);
        let floor = match self.kind {
            SeriesKind::Mentions => baseline.max(1.0).sqrt(),
            SeriesKind::Metric => (baseline.abs() * 1e-3).max(f64::MIN_POSITIVE),
        };
        let spread = self.spread.median().unwrap_or(0.0) * SPREAD_SHARE;
        let deviation = (MAD_TO_SD * mad.max(spread)).max(floor);
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

/// One bucket as the history keeps it.
#[derive(Debug, Clone, Copy)]
struct Sample {
    time: i64,
    remembered: f64,
    observed: f64,
}

/// Past buckets of one slot, oldest first.
#[derive(Debug, Clone, Default)]
struct Pool {
    samples: VecDeque<Sample>,
}

impl Pool {
    fn forget_before(&mut self, horizon: i64) {
        while self
            .samples
            .front()
            .is_some_and(|sample| sample.time < horizon)
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
            .map(|sample| sample.time.div_euclid(SECS_PER_DAY))
            .collect();
        days.dedup();
        days.len()
    }

    /// The values the baseline learns from: as remembered, unless most of them were elevated,
    /// in which case the elevation is what is normal for the slot now (a daily peak, a new
    /// level) and their real values are used.
    fn values(&self) -> Vec<f64> {
        let elevated = self
            .samples
            .iter()
            .filter(|sample| sample.remembered != sample.observed)
            .count();
        let real = 2 * elevated > self.samples.len();
        self.samples
            .iter()
            .map(|sample| {
                if real {
                    sample.observed
                } else {
                    sample.remembered
                }
            })
            .collect()
    }
}

/// Values of the trailing history kept sorted, for their median at every bucket.
#[derive(Debug, Clone, Default)]
struct SortedWindow {
    /// Time and value, oldest first.
    arrivals: VecDeque<(i64, f64)>,
    sorted: Vec<f64>,
}

impl SortedWindow {
    fn insert(&mut self, time: i64, value: f64) {
        self.arrivals.push_back((time, value));
        let at = self.sorted.partition_point(|v| v.total_cmp(&value).is_lt());
        self.sorted.insert(at, value);
    }

    fn forget_before(&mut self, horizon: i64) {
        while let Some(&(time, value)) = self.arrivals.front() {
            if time >= horizon {
                break;
            }
            self.arrivals.pop_front();
            let at = self.sorted.partition_point(|v| v.total_cmp(&value).is_lt());
            self.sorted.remove(at);
        }
    }

    /// Median of the values (None while empty).
    fn median(&self) -> Option<f64> {
        let len = self.sorted.len();
        let middle = len / 2;
        match len {
            0 => None,
            _ if len.is_multiple_of(2) => {
                Some((self.sorted[middle - 1] + self.sorted[middle]) / 2.0)
            }
            _ => Some(self.sorted[middle]),
        }
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
    if values.len().is_multiple_of(2) {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    }
}
