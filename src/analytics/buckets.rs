//! Time buckets — hours, days or weeks (starting Monday) in an IANA time zone — and their
//! boundaries across daylight-saving changes: a local day lasts 23 or 25 hours when the clocks
//! change, and the repeated hour of an autumn night is two separate hour buckets.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;
use serde::Serialize;

use super::Period;
use crate::time;

/// The length of a series bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    Hour,
    Day,
    Week,
}

impl Bucket {
    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::Hour => "hour",
            Bucket::Day => "day",
            Bucket::Week => "week",
        }
    }

    /// Its length in seconds, away from daylight-saving changes.
    pub fn seconds(self) -> i64 {
        match self {
            Bucket::Hour => 3600,
            Bucket::Day => 86_400,
            Bucket::Week => 7 * 86_400,
        }
    }

    /// The bucket holding an instant: its start in unix seconds and in local wall-clock time.
    pub fn of(self, tz: Tz, unix: i64) -> (i64, NaiveDateTime) {
        let local = tz
            .timestamp_opt(unix, 0)
            .single()
            .expect("every instant has one local time");
        match self {
            Bucket::Hour => {
                let into = i64::from(local.minute() * 60 + local.second());
                let naive = local.naive_local();
                (unix - into, naive - chrono::Duration::seconds(into))
            }
            Bucket::Day => day(tz, local.date_naive()),
            Bucket::Week => day(tz, monday(local.date_naive())),
        }
    }

    /// The bucket holding an instant, with the unix second its next bucket starts.
    pub fn span(self, tz: Tz, unix: i64) -> (i64, NaiveDateTime, i64) {
        let (start, local) = self.of(tz, unix);
        let end = match self {
            Bucket::Hour => start + 3600,
            Bucket::Day => time::day_start(tz, local.date() + Days::new(1)).timestamp(),
            Bucket::Week => time::day_start(tz, local.date() + Days::new(7)).timestamp(),
        };
        (start, local, end)
    }

    /// The start of every bucket of the period, in order (unix seconds and local time).
    pub fn starts(self, period: &Period) -> Vec<(i64, NaiveDateTime)> {
        let (start, end) = period.bounds();
        match self {
            Bucket::Hour => (start..end)
                .step_by(3600)
                .map(|t| self.of(period.tz, t))
                .collect(),
            Bucket::Day => period.each_day().map(|d| day(period.tz, d)).collect(),
            Bucket::Week => monday(period.from)
                .iter_weeks()
                .take_while(|d| *d <= period.to)
                .map(|d| day(period.tz, d))
                .collect(),
        }
    }

    /// The period widened to whole buckets: weeks run Monday to Sunday.
    pub fn align(self, period: &Period) -> Period {
        match self {
            Bucket::Hour | Bucket::Day => *period,
            // Up to 12 days longer than the period, which may be as long as a period may be.
            Bucket::Week => Period::widened(
                monday(period.from),
                monday(period.to) + Days::new(6),
                period.tz,
            ),
        }
    }
}

/// Finds the buckets of instants that mostly arrive in time order, converting time zones once per
/// bucket instead of once per instant.
///
/// A bucket found for instant `c` is reused for the instants from `c` up to its end: not before
/// `c`, where a clock change that moves by less than the bucket (Lord Howe's half hour) can make
/// two hour buckets overlap.
pub struct Bucketer {
    bucket: Bucket,
    tz: Tz,
    /// Instants `[from, end)` share the bucket starting at `start` (`local`).
    current: Option<(i64, i64, NaiveDateTime, i64)>,
}

impl Bucketer {
    pub fn new(bucket: Bucket, tz: Tz) -> Bucketer {
        Bucketer {
            bucket,
            tz,
            current: None,
        }
    }

    /// The same as [`Bucket::of`].
    pub fn of(&mut self, unix: i64) -> (i64, NaiveDateTime) {
        match self.current {
            Some((from, start, local, end)) if (from..end).contains(&unix) => (start, local),
            _ => {
                let (start, local, end) = self.bucket.span(self.tz, unix);
                self.current = Some((unix, start, local, end));
                (start, local)
            }
        }
    }
}

/// Adds how often each key occurs to `counts`. Keys come mostly in runs (the buckets of
/// times in order): a run is counted, then added once, rather than looked up per key.
pub fn count_runs<K, S>(keys: impl IntoIterator<Item = K>, counts: &mut HashMap<K, u64, S>)
where
    K: Eq + Hash,
    S: BuildHasher,
{
    let mut run: Option<(K, u64)> = None;
    for key in keys {
        match &mut run {
            Some((at, n)) if *at == key => *n += 1,
            _ => {
                if let Some((at, n)) = run.replace((key, 1)) {
                    *counts.entry(at).or_default() += n;
                }
            }
        }
    }
    if let Some((at, n)) = run {
        *counts.entry(at).or_default() += n;
    }
}

/// An instant as local time with its UTC offset, `2026-11-01T01:00:00-05:00`.
pub fn local_rfc3339(tz: Tz, unix: i64) -> String {
    tz.timestamp_opt(unix, 0)
        .single()
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

fn day(tz: Tz, d: NaiveDate) -> (i64, NaiveDateTime) {
    (
        time::day_start(tz, d).timestamp(),
        d.and_hms_opt(0, 0, 0).expect("midnight exists"),
    )
}

fn monday(d: NaiveDate) -> NaiveDate {
    d - Days::new(u64::from(d.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        time::parse_date(s).unwrap()
    }

    #[test]
    fn runs_are_counted_like_keys_one_by_one() {
        let keys = [1, 1, 1, 2, 2, 1, 3, 3, 3, 3, 1];
        let mut counts = HashMap::new();
        count_runs(keys, &mut counts);
        assert_eq!(counts, HashMap::from([(1, 5), (2, 2), (3, 4)]));
        // Added to what is there.
        count_runs([3, 4], &mut counts);
        assert_eq!(counts, HashMap::from([(1, 5), (2, 2), (3, 5), (4, 1)]));
        count_runs(std::iter::empty(), &mut counts);
        assert_eq!(counts.len(), 4);
    }

    #[test]
    fn hours_across_the_autumn_change_include_the_repeated_hour() {
        let tz = time::parse_tz("America/Chicago").unwrap();
        let p = Period::new(date("2026-11-01"), date("2026-11-01"), tz).unwrap();
        let hours = Bucket::Hour.starts(&p);
        assert_eq!(hours.len(), 25);
        let labels: Vec<String> = hours[..3]
            .iter()
            .map(|h| h.1.format("%H").to_string())
            .collect();
        assert_eq!(labels, ["00", "01", "01"]);
    }

    #[test]
    fn spring_day_has_23_hours_and_weeks_start_monday() {
        let tz = time::parse_tz("Europe/London").unwrap();
        let p = Period::new(date("2026-03-29"), date("2026-03-29"), tz).unwrap();
        assert_eq!(Bucket::Hour.starts(&p).len(), 23);
        let p = Period::new(date("2026-03-25"), date("2026-04-01"), tz).unwrap();
        let weeks = Bucket::Week.starts(&p);
        assert_eq!(weeks.len(), 2);
        assert_eq!(weeks[0].1.date(), date("2026-03-23"));
        assert_eq!(Bucket::Week.align(&p).to, date("2026-04-05"));
    }

    #[test]
    fn the_bucketer_agrees_with_bucket_of_across_changes_of_clock() {
        for zone in [
            "America/Chicago",
            "Europe/London",
            "Asia/Kolkata",
            "Australia/Lord_Howe",
        ] {
            let tz = time::parse_tz(zone).unwrap();
            for bucket in [Bucket::Hour, Bucket::Day, Bucket::Week] {
                let mut bucketer = Bucketer::new(bucket, tz);
                // Every 17 minutes through both 2026 clock changes, in order and then backwards.
                let times: Vec<i64> = (1_772_000_000..1_794_000_000).step_by(1020).collect();
                for &t in times.iter().chain(times.iter().rev()) {
                    assert_eq!(bucketer.of(t), bucket.of(tz, t), "{zone} {bucket:?} {t}");
                }
            }
        }
    }

    #[test]
    fn half_hour_zones_bucket_on_local_hours() {
        let tz = time::parse_tz("Asia/Kolkata").unwrap();
        // 2026-01-01T00:10:00Z is 05:40 in India: its hour began at 05:00 local, 23:30 UTC.
        let (start, local) = Bucket::Hour.of(tz, 1_767_226_200);
        assert_eq!(time::rfc3339(start), "2025-12-31T23:30:00Z");
        assert_eq!(local.format("%H:%M").to_string(), "05:00");
    }
}
