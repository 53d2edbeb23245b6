//! Dates as listening tools write them in CSV exports.
//!
//! Accepted: RFC 3339 / ISO 8601 (`2024-03-01T14:22:05Z`, with or without offset or fraction),
//! `2024-03-01 14:22:05` (optionally followed by an offset or a zone abbreviation such as
//! CrowdTangle's `EDT`), `03/01/2024 2:22 PM` and `03/01/2024 14:22` (in the file's
//! [`DayOrder`]: month first, as US tools write them, unless the file's dates show day first, as
//! Talkwalker's do; a first number above 12 is a day whatever the order), `Mar 1, 2024 @ 14:22`,
//! `Mar 1, 2024 2:22:05 PM`, `01-Mar-2024 02:22PM`, `1 Mar 2024 14:22`, `01.03.2024 14:22`
//! (dotted dates are always day first), `2024/03/01 14:22`, a bare date in any of these forms,
//! and Unix seconds or milliseconds. Times may have seconds, and `AM`/`PM` may follow a space.
//!
//! **A time without a zone is read in the workspace's time zone** ([`FileDates::tz`]), as the
//! listening tools write their reports in their user's zone.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::fields;

/// Zone abbreviations seen in exports, with their offsets in hours.
const ZONES: &[(&str, i32)] = &[
    ("UTC", 0),
    ("GMT", 0),
    ("Z", 0),
    ("EST", -5),
    ("EDT", -4),
    ("CST", -6),
    ("CDT", -5),
    ("MST", -7),
    ("MDT", -6),
    ("PST", -8),
    ("PDT", -7),
    ("BST", 1),
    ("CET", 1),
    ("CEST", 2),
];

const NAIVE: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m-%d %I:%M %p",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M%p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%b %d, %Y @ %H:%M:%S%.f",
    "%b %d, %Y @ %H:%M",
    "%b %d, %Y %I:%M:%S %p",
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y %H:%M:%S",
    "%b %d, %Y %H:%M",
    "%d %b %Y %H:%M:%S",
    "%d %b %Y %H:%M",
    "%d-%b-%Y %I:%M:%S %p",
    "%d-%b-%Y %I:%M %p",
    "%d-%b-%Y %I:%M%p",
    "%d-%b-%Y %H:%M:%S",
    "%d-%b-%Y %H:%M",
];

const DATES: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%d-%b-%Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%d %B %Y",
];

/// Which of a slashed date's first two numbers is the day, for a whole file: `05/03/2024` is 3 May
/// month first and 5 March day first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayOrder {
    #[default]
    MonthFirst,
    DayFirst,
}

impl DayOrder {
    /// What one cell shows of the order: a first number above 12 can only be a day, a second one
    /// only a day too; `None` when both could be months (or the cell is not slashed).
    pub fn shown_by(cell: &str) -> Option<DayOrder> {
        let (a, b) = slashed(cell.trim())?;
        match (a > 12, b > 12) {
            (true, false) => Some(DayOrder::DayFirst),
            (false, true) => Some(DayOrder::MonthFirst),
            _ => None,
        }
    }
}

/// How one file writes its dates: the order of its slashed dates, and the zone of its times
/// that name none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileDates {
    pub order: DayOrder,
    pub tz: Tz,
}

impl FileDates {
    /// Reads a date-time cell; `None` when it is in none of the accepted forms.
    pub fn parse(&self, cell: &str) -> Option<DateTime<Utc>> {
        parse_in(cell, self.order, self.tz)
    }
}

impl DayOrder {
    /// The order in which a file's cells, none of which shows it, read as dates closer together
    /// (the sum of the gaps between consecutive ones): an export is in time order, so the
    /// order that makes 05/03, 06/03, 07/03 three days rather than three months. Month first
    /// when both read alike (every cell the same day).
    pub fn closer_together<'a>(cells: impl Iterator<Item = &'a str> + Clone, tz: Tz) -> DayOrder {
        let spread = |order: DayOrder| -> i64 {
            let times = cells.clone().filter_map(|c| parse_in(c, order, tz));
            let mut previous: Option<DateTime<Utc>> = None;
            let mut total = 0i64;
            for t in times {
                if let Some(p) = previous {
                    total = total.saturating_add((t - p).num_seconds().abs());
                }
                previous = Some(t);
            }
            total
        };
        if spread(DayOrder::DayFirst) < spread(DayOrder::MonthFirst) {
            DayOrder::DayFirst
        } else {
            DayOrder::MonthFirst
        }
    }
}

/// Reads a date-time cell of a file whose slashed dates are in `order` and whose times without
/// a zone are in `tz`; `None` when it is in none of the accepted forms.
pub fn parse_in(cell: &str, order: DayOrder, tz: Tz) -> Option<DateTime<Utc>> {
    let s = cell.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(t) = fields::rfc3339(s) {
        return Some(t);
    }
    if let Ok(n) = s.parse::<i64>() {
        let secs = if n > 100_000_000_000 { n / 1000 } else { n };
        return Utc.timestamp_opt(secs, 0).single();
    }
    for format in [
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, format) {
            return Some(t.with_timezone(&Utc));
        }
    }
    let (s, zone) = split_zone(s);
    let s = &month_first(s, order);
    let local = NAIVE
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .or_else(|| {
            DATES
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    let utc = match zone {
        Some(offset) => offset
            .from_local_datetime(&local)
            .single()?
            .with_timezone(&Utc),
        // The hour a clock change skips is read as the hour after it.
        None => tz
            .from_local_datetime(&local)
            .earliest()
            .or_else(|| {
                tz.from_local_datetime(&(local + chrono::TimeDelta::hours(1)))
                    .earliest()
            })?
            .with_timezone(&Utc),
    };
    Some(utc)
}

/// Splits a trailing zone abbreviation off, if there is one.
fn split_zone(s: &str) -> (&str, Option<FixedOffset>) {
    if let Some((rest, last)) = s.rsplit_once(' ') {
        if let Some((_, hours)) = ZONES.iter().find(|(name, _)| *name == last) {
            return (rest.trim(), FixedOffset::east_opt(hours * 3600));
        }
    }
    (s, None)
}

/// A slashed date with its month first, so that the month-first formats read it: swapped when the
/// file is day first or when the first number cannot be a month (`25/12/2024 …`), unless the
/// second cannot be one.
fn month_first(s: &str, order: DayOrder) -> String {
    let Some((a, b)) = slashed(s) else {
        return s.to_string();
    };
    let swap = b <= 12 && (a > 12 || order == DayOrder::DayFirst);
    match (swap, s.split_once('/')) {
        (true, Some((first, rest))) => match rest.split_once('/') {
            Some((second, rest)) => format!("{second}/{first}/{rest}"),
            None => s.to_string(),
        },
        _ => s.to_string(),
    }
}

/// The first two numbers of `a/b/…`, a day and a month in some order (not `2024/03/01`).
fn slashed(s: &str) -> Option<(u32, u32)> {
    let mut parts = s.splitn(3, '/');
    let a = parts.next().filter(|a| a.len() <= 2)?.parse().ok()?;
    let b = parts.next()?.parse().ok()?;
    parts.next()?;
    Some((a, b))
}

#[cfg(test)]
mod tests {
    use super::{parse_in, DayOrder};

    fn parse(cell: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        parse_in(cell, DayOrder::MonthFirst, chrono_tz::UTC)
    }

    #[test]
    fn dates_that_could_be_either_are_read_the_way_that_keeps_them_together() {
        let utc = chrono_tz::UTC;
        let days = ["05/03/2024 14:22", "06/03/2024 08:00", "07/03/2024 09:00"];
        assert_eq!(
            DayOrder::closer_together(days.into_iter(), utc),
            DayOrder::DayFirst
        );
        let us = ["03/05/2024 14:22", "03/06/2024 08:00", "03/07/2024 09:00"];
        assert_eq!(
            DayOrder::closer_together(us.into_iter(), utc),
            DayOrder::MonthFirst
        );
        let one_day = ["05/03/2024 14:22", "05/03/2024 15:00"];
        assert_eq!(
            DayOrder::closer_together(one_day.into_iter(), utc),
            DayOrder::MonthFirst
        );
    }

    #[test]
    fn a_time_without_a_zone_is_the_file_s_clock() {
        let chicago: chrono_tz::Tz = "America/Chicago".parse().unwrap();
        let at = |s| parse_in(s, DayOrder::MonthFirst, chicago).map(|t| t.to_rfc3339());
        assert_eq!(
            at("2024-03-01 14:22").as_deref(),
            Some("2024-03-01T20:22:00+00:00")
        );
        assert_eq!(
            at("2024-07-01 14:22").as_deref(),
            Some("2024-07-01T19:22:00+00:00")
        );
        // A zone written in the cell wins; an hour the clock skips is the hour after.
        assert_eq!(
            at("2024-03-01 14:22 EST").as_deref(),
            Some("2024-03-01T19:22:00+00:00")
        );
        assert_eq!(
            at("2024-03-10 02:30").as_deref(),
            Some("2024-03-10T08:30:00+00:00")
        );
    }

    #[test]
    fn the_formats_tools_write() {
        let at = |s| parse(s).map(|t| t.to_rfc3339());
        let expect = Some("2024-03-01T14:22:05+00:00".to_string());
        assert_eq!(at("2024-03-01T14:22:05Z"), expect);
        assert_eq!(at("2024-03-01T15:22:05+01:00"), expect);
        assert_eq!(at("2024-03-01 14:22:05"), expect);
        assert_eq!(at("2024-03-01 10:22:05 EDT"), expect);
        assert_eq!(at("1709302925"), expect);
        assert_eq!(at("1709302925000"), expect);
        let minute = Some("2024-03-01T14:22:00+00:00".to_string());
        assert_eq!(at("03/01/2024 2:22 PM"), minute);
        assert_eq!(at("03/01/2024 14:22"), minute);
        assert_eq!(at("Mar 1, 2024 @ 14:22"), minute);
        assert_eq!(at("01-Mar-2024 02:22PM"), minute);
        // A time column appended to its date, as the tools write each.
        assert_eq!(at("01-Mar-2024 2:22 PM"), minute);
        assert_eq!(at("01-Mar-2024 02:22 pm"), minute);
        assert_eq!(at("2024-03-01 2:22 PM"), minute);
        assert_eq!(at("03/01/2024 2:22PM"), minute);
        assert_eq!(at("01-Mar-2024 14:22:05"), expect);
        // Other common forms: German dots (always day first), long month names, slashed ISO.
        assert_eq!(at("01.03.2024 14:22"), minute);
        assert_eq!(at("Mar 1, 2024 2:22:05 PM"), expect);
        assert_eq!(at("1 Mar 2024 14:22"), minute);
        assert_eq!(at("2024/03/01 14:22"), minute);
        let midnight = Some("2024-03-01T00:00:00+00:00".to_string());
        assert_eq!(at("March 1, 2024"), midnight);
        assert_eq!(at("01.03.2024"), midnight);
        assert_eq!(
            at("13/03/2024 14:22").as_deref(),
            Some("2024-03-13T14:22:00+00:00")
        );
        assert_eq!(
            at("2024-03-01").as_deref(),
            Some("2024-03-01T00:00:00+00:00")
        );
        assert_eq!(at("yesterday"), None);
    }

    #[test]
    fn a_day_first_file_reads_its_ambiguous_dates_day_first() {
        let at = |s, order| parse_in(s, order, chrono_tz::UTC).map(|t| t.date_naive().to_string());
        assert_eq!(
            DayOrder::shown_by("25/03/2024 14:22"),
            Some(DayOrder::DayFirst)
        );
        assert_eq!(DayOrder::shown_by("03/25/2024"), Some(DayOrder::MonthFirst));
        assert_eq!(DayOrder::shown_by("05/03/2024 14:22"), None);
        assert_eq!(DayOrder::shown_by("2024-03-05"), None);
        assert_eq!(
            at("05/03/2024 14:22", DayOrder::DayFirst).as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            at("05/03/2024 14:22", DayOrder::MonthFirst).as_deref(),
            Some("2024-05-03")
        );
        // A number above 12 settles a cell whatever the file's order.
        assert_eq!(
            at("25/03/2024", DayOrder::MonthFirst).as_deref(),
            Some("2024-03-25")
        );
        assert_eq!(
            at("03/25/2024", DayOrder::DayFirst).as_deref(),
            Some("2024-03-25")
        );
        assert_eq!(
            at("2024-03-05", DayOrder::DayFirst).as_deref(),
            Some("2024-03-05")
        );
    }
}
