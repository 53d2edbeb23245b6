//! The baseline: what is normal for a bucket, learned from the trailing history of the same
//! hour of the same weekday, of the same hour of every day, or of all recent buckets.

use std::collections::VecDeque;

use chrono::{DateTime, Datelike, Timelike};

use super::{Band, Basis, DetectorSettings, SECS_PER_DAY};

/// Hour-of-week slots (7 days × 24 hours) and hour-of-day slots.
const WEEKDAY_HOURS: usize = 7 * 24;
const HOURS: usize = 24;
/// Scales the median absolute deviation to the standard deviation of normally distributed data.
const MAD_TO_SD: f64 = 1.4826;

/// Trailing history of counts, pooled by hour of week, by hour of day and altogether.
#[derive(Debug, Clone)]
pub(super) struct History {
    keep_secs: i64,
    /// Whether every value so far was a whole number of at least 0: counts, whose natural
    /// randomness is the square root of their level.
    pub(super) counts: bool,
    by_weekday_hour: Vec<Pool>,
    by_hour: Vec<Pool>,
    recent: Pool,
}

impl History {
    pub(super) fn new(keep_secs: i64) -> Self {
        Self {
            keep_secs,
            counts: true,
            by_weekday_hour: vec![Pool::default(); WEEKDAY_HOURS],
            by_hour: vec![Pool::default(); HOURS],
            recent: Pool::default(),
        }
    }

    /// Adds a bucket: `value` enters the pools, `observed` (the bucket's real value) tells
    /// whether the series is still one of counts.
    pub(super) fn add(&mut self, time: i64, value: f64, observed: f64) {
        self.counts &= observed >= 0.0 && observed.fract() == 0.0;
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
    pub(super) fn band(&mut self, time: i64, settings: &DetectorSettings) -> Option<Band> {
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
        let floor = if self.counts {
            baseline.max(1.0).sqrt()
        } else {
            (baseline.abs() * 1e-3).max(f64::MIN_POSITIVE)
        };
        let deviation = (MAD_TO_SD * mad).max(floor);
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
