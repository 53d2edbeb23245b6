//! The period a view covers: whole local days, or a rolling window of whole hours ("the last 24
//! hours"). Every measure reads a period through [`Period::bounds`], its exact instants, and
//! describes it with [`Period::length`] and [`Period::before`], the same words everywhere.

use chrono::{Days, NaiveDate};
use chrono_tz::Tz;

use super::Bucket;
use crate::error::{Error, Result};
use crate::time;

/// The most days a period spans: a century (a series holds one point per bucket).
pub const MAX_DAYS: i64 = 36_525;

/// The longest rolling window of hours; a longer period is whole days.
pub const MAX_HOURS: u32 = 168;

/// A span of whole local days, both ends included, in a time zone; or a window of whole local
/// hours inside them. On the wire it carries its instants too ([`PeriodWire`]), so no consumer
/// adds a day's length to a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The local days the period touches, both included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub tz: Tz,
    /// A window's instants `[start, end)` and its hours; `None` for whole days.
    window: Option<(i64, i64, u32)>,
}

impl Period {
    /// A period of `from` to `to`, both included, at most `MAX_DAYS` long, a century (a series
    /// holds a point per bucket).
    pub fn new(from: NaiveDate, to: NaiveDate, tz: Tz) -> Result<Period> {
        if from > to {
            return Err(Error::InvalidInput(format!(
                "the period starts ({from}) after it ends ({to})"
            )));
        }
        if (to - from).num_days() >= MAX_DAYS {
            return Err(Error::InvalidInput(format!(
                "a period of {from} to {to} is longer than the 100 years a period may span"
            )));
        }
        Ok(Period {
            from,
            to,
            tz,
            window: None,
        })
    }

    /// `from` to `to` for a period widened to whole buckets (`Bucket::align`), which may pass
    /// the longest a period may be by a few days.
    pub(super) fn widened(from: NaiveDate, to: NaiveDate, tz: Tz) -> Period {
        debug_assert!(from <= to);
        Period {
            from,
            to,
            tz,
            window: None,
        }
    }

    /// The `hours` whole local hours up to `until` (unix seconds): the last ends with the hour
    /// holding the instant before `until`, so that "now" includes the hour under way and an
    /// hour's end gives that hour.
    pub fn hours_until(until: i64, hours: u32, tz: Tz) -> Result<Period> {
        if !(1..=MAX_HOURS).contains(&hours) {
            return Err(Error::InvalidInput(format!(
                "a period of hours has 1 to {MAX_HOURS}, not {hours}; a longer one is whole days"
            )));
        }
        // Instants chrono can place in a zone (years −262,000 to 262,000), with a day's margin.
        const LIMIT: i64 = 8_000_000_000_000;
        if !(-LIMIT..=LIMIT).contains(&until) {
            return Err(Error::InvalidInput(format!(
                "{until} is not an instant a period can end at"
            )));
        }
        let (_, _, end) = Bucket::Hour.span(tz, until - 1);
        Ok(Period::window(
            end - i64::from(hours) * 3600,
            end,
            hours,
            tz,
        ))
    }

    fn window(start: i64, end: i64, hours: u32, tz: Tz) -> Period {
        Period {
            from: time::local_day(tz, start),
            to: time::local_day(tz, end - 1),
            tz,
            window: Some((start, end, hours)),
        }
    }

    /// The local days the period touches.
    pub fn days(&self) -> u64 {
        (self.to - self.from).num_days() as u64 + 1
    }

    /// The hours of a rolling window; `None` for whole days.
    pub fn hours(&self) -> Option<u32> {
        self.window.map(|(_, _, hours)| hours)
    }

    /// The buckets a chart of the period has: hours for a window or a single day (one bar
    /// tells nothing of a day's course), days otherwise.
    pub fn bucket(&self) -> Bucket {
        match self.window {
            Some(_) => Bucket::Hour,
            None if self.from == self.to => Bucket::Hour,
            None => Bucket::Day,
        }
    }

    /// The period of the same length that ends where this one starts.
    pub fn previous(&self) -> Period {
        match self.window {
            Some((start, end, hours)) => Period::window(2 * start - end, start, hours, self.tz),
            None => {
                let to = self.from - Days::new(1);
                Period {
                    from: to - Days::new(self.days() - 1),
                    to,
                    tz: self.tz,
                    window: None,
                }
            }
        }
    }

    /// The same end, starting `days` days earlier (at most 65,535): the history a detector
    /// learns from.
    pub fn reaching_back(&self, days: u64) -> Period {
        let days = days.min(u64::from(u16::MAX));
        match self.window {
            Some((start, end, hours)) => {
                let hours = hours + days as u32 * 24;
                Period::window(start - days as i64 * 86_400, end, hours, self.tz)
            }
            None => Period {
                from: self.from - Days::new(days),
                ..*self
            },
        }
    }

    /// Unix seconds `[start, end)` covering the period.
    pub fn bounds(&self) -> (i64, i64) {
        match self.window {
            Some((start, end, _)) => (start, end),
            None => (
                time::day_start(self.tz, self.from).timestamp(),
                time::day_start(self.tz, self.to + Days::new(1)).timestamp(),
            ),
        }
    }

    /// Each local day the period touches, in order.
    pub fn each_day(&self) -> impl Iterator<Item = NaiveDate> {
        self.from.iter_days().take(self.days() as usize)
    }

    /// "2026-08-20 to 2026-09-18" ("2026-09-22" for one day), or for a window "2026-12-03
    /// 15:00 to 2026-12-04 15:00", local times: the command line's words for the span.
    pub fn span_text(&self) -> String {
        match self.window {
            Some((start, end, _)) => {
                format!("{} to {}", self.local_minute(start), self.local_minute(end))
            }
            None if self.from == self.to => self.from.to_string(),
            None => format!("{} to {}", self.from, self.to),
        }
    }

    /// An instant as local `2026-12-03 15:00`.
    pub fn local_minute(&self, unix: i64) -> String {
        self.local_format(unix, "%Y-%m-%d %H:%M")
    }

    /// An instant as local time in the period's zone, in a `chrono` format.
    pub fn local_format(&self, unix: i64, format: &str) -> String {
        use chrono::TimeZone;
        self.tz
            .timestamp_opt(unix, 0)
            .single()
            .map(|t| t.format(format).to_string())
            .unwrap_or_default()
    }

    /// A local day in words, "%-d %B" or "%-d %b" as `month` says ("2 September"), with its year
    /// when the period does not imply it: the period runs into a second year, or the day lies in
    /// another year than the period's ("2 September 2021").
    pub fn day_words(&self, day: NaiveDate, month: &str) -> String {
        if self.implies_year(day) {
            day.format(&format!("%-d {month}")).to_string()
        } else {
            day.format(&format!("%-d {month} %Y")).to_string()
        }
    }

    /// An instant as its local day in words ([`Period::day_words`]) and time: "2 Sep, 14:00".
    pub fn local_words(&self, unix: i64, month: &str) -> String {
        use chrono::TimeZone;
        let Some(local) = self.tz.timestamp_opt(unix, 0).single() else {
            return String::new();
        };
        format!(
            "{}, {}",
            self.day_words(local.date_naive(), month),
            local.format("%H:%M")
        )
    }

    /// Whether the period lies in one calendar year and `day` in the same one.
    fn implies_year(&self, day: NaiveDate) -> bool {
        use chrono::Datelike;
        self.from.year() == self.to.year() && day.year() == self.to.year()
    }

    /// "24 hours", "1 day", "30 days".
    pub fn length(&self) -> String {
        match self.window {
            Some((_, _, hours)) => super::counted(hours.into(), "hour", "hours"),
            None => super::counted(self.days(), "day", "days"),
        }
    }

    /// How much of the previous period the workspace's posts, which begin at `data_start`,
    /// cover: unless all of it, its figures say nothing of it, and no change is given. Posts
    /// that begin during its first day (its first hour, for a window of hours) cover it: an
    /// export begins with its first post, not at midnight.
    pub fn previous_covered(&self, data_start: Option<i64>) -> Covered {
        let previous = self.previous();
        let (start, _) = self.bounds();
        let first_bucket_ends = match self.window {
            Some(_) => previous.bounds().0 + 3_600,
            None => {
                Period {
                    to: previous.from,
                    ..previous
                }
                .bounds()
                .1
            }
        };
        match data_start {
            Some(first) if first >= start => Covered::None,
            Some(first) if first >= first_bucket_ends => Covered::Part,
            _ => Covered::Whole,
        }
    }

    /// How much of the period and the one before it the workspace's posts, from `data.0` to
    /// `data.1`, cover: a period that runs past them ([`Self::runs_past`]) is not compared, nor
    /// is one whose previous period they do not cover ([`Self::previous_covered`]).
    pub fn covered(&self, data: Option<(i64, i64)>) -> Covered {
        match data {
            Some((_, last)) if self.runs_past(last) => Covered::Ended,
            _ => self.previous_covered(data.map(|(first, _)| first)),
        }
    }

    /// Whether the period runs on for more than a day after `last`, the workspace's last post (a
    /// period ending in the future, or after an export was taken): its days after are unknown,
    /// not quiet. One ending the day after the last post (collected up to last night) does not.
    pub fn runs_past(&self, last: i64) -> bool {
        match self.window {
            Some(_) => self.bounds().1 > last + 86_400,
            None => self.to > crate::time::local_day(self.tz, last) + chrono::Days::new(1),
        }
    }

    /// What the period is compared with: "the day before", "the previous 24 hours".
    pub fn before(&self) -> String {
        match self.window {
            Some((_, _, 1)) => "the hour before".into(),
            None if self.days() == 1 => "the day before".into(),
            _ => format!("the previous {}", self.length()),
        }
    }
}

/// How much of a period and the one before it, which it is compared with, the workspace's posts
/// cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Covered {
    Whole,
    /// They begin part-way through the period before.
    Part,
    /// They begin after the period before.
    None,
    /// They end more than a day before the period does ([`Period::runs_past`]).
    Ended,
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (start, end) = self.bounds();
        PeriodWire {
            from: self.from,
            to: self.to,
            tz: self.tz.name().to_string(),
            start,
            end,
            days: self.days(),
            hours: self.hours(),
            length: self.length(),
            before: self.before(),
        }
        .serialize(s)
    }
}

/// A [`Period`] as it crosses to the UI and the CLI's JSON.
#[derive(serde::Serialize, ts_rs::TS)]
#[ts(rename = "Period")]
pub struct PeriodWire {
    /// First and last local day, `YYYY-MM-DD`, both included.
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// IANA name of the time zone the days are counted in.
    pub tz: String,
    /// Unix seconds `[start, end)`: the period's exact instants, daylight-saving changes included.
    pub start: i64,
    pub end: i64,
    /// How many local days the period touches.
    pub days: u64,
    /// The hours of a rolling window ("the last 24 hours"); `null` for whole days.
    pub hours: Option<u32>,
    /// "24 hours", "1 day", "30 days".
    pub length: String,
    /// What it is compared with: "the day before", "the previous 30 days".
    pub before: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Data that begin during the previous period's first day (its first hour, for a window)
    /// cover it, as an export begins with its first post; a day later they do not.
    #[test]
    fn data_from_the_previous_period_s_first_day_cover_it() {
        let chicago: Tz = "America/Chicago".parse().unwrap();
        let period = Period::new(date("2026-11-03"), date("2026-11-04"), chicago).unwrap();
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp();
        let covered = |s: &str| period.previous_covered(Some(at(s)));
        assert_eq!(covered("2026-11-01T05:00:00Z"), Covered::Whole, "midnight");
        assert_eq!(
            covered("2026-11-01T16:00:00Z"),
            Covered::Whole,
            "11:00 the first day"
        );
        assert_eq!(
            covered("2026-11-02T06:00:00Z"),
            Covered::Part,
            "midnight the second day"
        );
        assert_eq!(covered("2026-11-03T06:00:00Z"), Covered::None);
        let window = Period::window(
            at("2026-11-04T12:00:00Z"),
            at("2026-11-05T12:00:00Z"),
            24,
            chicago,
        );
        let covered = |s: &str| window.previous_covered(Some(at(s)));
        assert_eq!(covered("2026-11-03T12:40:00Z"), Covered::Whole);
        assert_eq!(covered("2026-11-03T13:00:00Z"), Covered::Part);
    }

    /// A period of ten thousand years would hold a point per bucket: it is refused, a century
    /// is not.
    #[test]
    fn a_period_spans_at_most_a_century() {
        let utc: Tz = "UTC".parse().unwrap();
        assert!(Period::new(date("1990-01-01"), date("2089-12-31"), utc).is_ok());
        let err = Period::new(date("0001-01-01"), date("9999-12-31"), utc).unwrap_err();
        assert!(err.to_string().contains("100 years"), "{err}");
        // The longest period, widened to whole weeks, is still a period.
        let longest = Period::new(date("1990-01-02"), date("2090-01-01"), utc).unwrap();
        let weeks = crate::analytics::Bucket::Week.align(&longest);
        assert_eq!(
            (weeks.from, weeks.to),
            (date("1990-01-01"), date("2090-01-01"))
        );
    }

    #[test]
    fn a_window_of_hours_ends_with_the_hour_under_way() {
        let tz: Tz = "America/Chicago".parse().unwrap();
        // 2026-09-02 15:20 local (CDT, UTC−5).
        let now = 1_788_379_200 + 20 * 60;
        let p = Period::hours_until(now, 24, tz).unwrap();
        let (start, end) = p.bounds();
        assert_eq!(
            end,
            1_788_379_200 + 3600,
            "the hour 15:00–16:00 is the last"
        );
        assert_eq!(end - start, 24 * 3600);
        assert_eq!((p.from, p.to), (date("2026-09-01"), date("2026-09-02")));
        assert_eq!(p.bucket(), Bucket::Hour);
        assert_eq!(Bucket::Hour.starts(&p).len(), 24);
        assert_eq!(
            (p.length().as_str(), p.before().as_str()),
            ("24 hours", "the previous 24 hours")
        );

        let before = p.previous();
        assert_eq!(before.bounds(), (start - 24 * 3600, start));
        // An hour's end gives that hour.
        let hour = Period::hours_until(end, 1, tz).unwrap();
        assert_eq!(hour.bounds(), (end - 3600, end));
        assert_eq!(hour.before(), "the hour before");
        assert_eq!(p.span_text(), "2026-09-01 16:00 to 2026-09-02 16:00");
    }

    #[test]
    fn a_window_reaches_back_whole_days_for_its_history() {
        let tz: Tz = "UTC".parse().unwrap();
        let p = Period::hours_until(1_788_379_200, 24, tz).unwrap();
        let history = p.reaching_back(56);
        assert_eq!(history.bounds(), (p.bounds().0 - 56 * 86_400, p.bounds().1));
        assert_eq!(history.hours(), Some(24 + 56 * 24));
    }

    #[test]
    fn windows_are_1_to_168_hours() {
        let tz: Tz = "UTC".parse().unwrap();
        assert!(Period::hours_until(0, 0, tz).is_err());
        assert!(Period::hours_until(0, MAX_HOURS + 1, tz).is_err());
        assert!(Period::hours_until(0, MAX_HOURS, tz).is_ok());
        for until in [i64::MIN, i64::MAX, 9_000_000_000_000] {
            assert!(Period::hours_until(until, 24, tz).is_err(), "{until}");
        }
    }

    #[test]
    fn a_date_says_its_year_when_the_period_does_not() {
        let tz: Tz = "UTC".parse().unwrap();
        let september = Period::new(date("2021-09-01"), date("2021-09-30"), tz).unwrap();
        assert_eq!(september.day_words(date("2021-09-02"), "%B"), "2 September");
        assert_eq!(september.day_words(date("2020-09-02"), "%b"), "2 Sep 2020");
        // 2021-09-02 14:00 UTC.
        assert_eq!(september.local_words(1_630_591_200, "%b"), "2 Sep, 14:00");
        let new_year = Period::new(date("2021-12-15"), date("2022-01-13"), tz).unwrap();
        assert_eq!(
            new_year.day_words(date("2022-01-02"), "%B"),
            "2 January 2022"
        );
        assert_eq!(
            new_year.local_words(1_630_591_200, "%b"),
            "2 Sep 2021, 14:00"
        );
    }

    #[test]
    fn days_are_described_in_days() {
        let tz: Tz = "UTC".parse().unwrap();
        let one = Period::new(date("2026-09-01"), date("2026-09-01"), tz).unwrap();
        assert_eq!(
            (one.length().as_str(), one.before().as_str()),
            ("1 day", "the day before")
        );
        let month = Period::new(date("2026-09-01"), date("2026-09-30"), tz).unwrap();
        assert_eq!(month.before(), "the previous 30 days");
        assert_eq!(month.previous().to, date("2026-08-31"));
        assert_eq!(month.reaching_back(56).from, date("2026-07-07"));
        assert_eq!(month.bucket(), Bucket::Day);
        assert_eq!(month.span_text(), "2026-09-01 to 2026-09-30");
        assert_eq!(one.span_text(), "2026-09-01");
    }
}
