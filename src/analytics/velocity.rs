//! The baseline that velocity divides by: the median of the mentions in the same bucket of the
//! week (same local weekday and hour for hourly buckets, same weekday for daily ones, the week
//! itself for weekly ones) over the previous [`BASELINE_WEEKS`] weeks. Weeks before the first
//! post count as zero mentions. Velocity is `mentions ÷ baseline`, unknown when the baseline is 0.

use std::collections::HashMap;

use chrono::{Days, NaiveDateTime};
use chrono_tz::Tz;

use super::buckets::{count_runs, Bucket, Bucketer};

/// How many earlier weeks the baseline looks at.
pub const BASELINE_WEEKS: u64 = 4;

/// How much history before a period its baseline needs.
pub const LOOKBACK_DAYS: u64 = 7 * BASELINE_WEEKS;

/// Mention counts per bucket, keyed by the bucket's local start.
pub struct Baseline {
    counts: HashMap<NaiveDateTime, u64>,
}

impl Baseline {
    pub fn new(times: impl IntoIterator<Item = i64>, tz: Tz, bucket: Bucket) -> Baseline {
        let mut counts = HashMap::new();
        let mut bucketer = Bucketer::new(bucket, tz);
        count_runs(times.into_iter().map(|t| bucketer.of(t).1), &mut counts);
        Baseline { counts }
    }

    /// The median count of the same bucket in each of the previous weeks.
    pub fn at(&self, local: NaiveDateTime) -> f64 {
        let mut past: Vec<u64> = (1..=BASELINE_WEEKS)
            .map(|k| {
                local
                    .checked_sub_days(Days::new(7 * k))
                    .and_then(|t| self.counts.get(&t).copied())
                    .unwrap_or(0)
            })
            .collect();
        past.sort_unstable();
        let n = past.len();
        (past[(n - 1) / 2] + past[n / 2]) as f64 / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_the_same_weekday_in_the_four_previous_weeks() {
        let tz: Tz = "UTC".parse().unwrap();
        let day = 86_400;
        // Counts 1, 2, 3 and 10 on the four Mondays before 2026-02-02 (a Monday).
        let monday = 1_770_000_000 - 1_770_000_000 % day; // 2026-02-02
        let mut times = Vec::new();
        for (k, n) in [(1, 1), (2, 2), (3, 3), (4, 10)] {
            times.extend(std::iter::repeat_n(monday - k * 7 * day + 60, n));
        }
        times.push(monday - day); // a Sunday: not the same weekday
        let b = Baseline::new(times, tz, Bucket::Day);
        let local = Bucket::Day.of(tz, monday).1;
        assert_eq!(b.at(local), 2.5);
    }
}
