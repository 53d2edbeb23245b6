//! Dates as listening tools write them in CSV exports.
//!
//! Accepted: RFC 3339 / ISO 8601 (`2024-03-01T14:22:05Z`, with or without offset or fraction),
//! `2024-03-01 14:22:05` (optionally followed by an offset or a zone abbreviation such as
//! CrowdTangle's `EDT`), `03/01/2024 2:22 PM` and `03/01/2024 14:22` (month first, as US tools
//! write them — unless the first number is above 12, then day first), `Mar 1, 2024 @ 14:22`,
//! `01-Mar-2024 02:22PM`, a bare date, and Unix seconds or milliseconds.
//!
//! **A time without a zone is read as UTC.**

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

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
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%b %d, %Y @ %H:%M:%S%.f",
    "%b %d, %Y @ %H:%M",
    "%b %d, %Y %I:%M %p",
    "%d-%b-%Y %I:%M%p",
    "%d-%b-%Y %H:%M",
];

const DATES: &[&str] = &["%Y-%m-%d", "%m/%d/%Y", "%d-%b-%Y", "%b %d, %Y"];

/// Reads a date-time cell; `None` when it is in none of the accepted forms.
pub fn parse(cell: &str) -> Option<DateTime<Utc>> {
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
    let (s, offset) = split_zone(s);
    let s = &day_first_if_needed(s);
    let local = NAIVE
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .or_else(|| {
            DATES
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    Some(
        offset
            .from_local_datetime(&local)
            .single()?
            .with_timezone(&Utc),
    )
}

/// Splits a trailing zone abbreviation off; no abbreviation means UTC.
fn split_zone(s: &str) -> (&str, FixedOffset) {
    let utc = FixedOffset::east_opt(0).expect("zero offset");
    if let Some((rest, last)) = s.rsplit_once(' ') {
        if let Some((_, hours)) = ZONES.iter().find(|(name, _)| *name == last) {
            let offset = FixedOffset::east_opt(hours * 3600).unwrap_or(utc);
            return (rest.trim(), offset);
        }
    }
    (s, utc)
}

/// `25/12/2024 …` cannot be month first: swap day and month so the month-first formats read it.
fn day_first_if_needed(s: &str) -> String {
    let mut parts = s.splitn(3, '/');
    if let (Some(a), Some(b), Some(rest)) = (parts.next(), parts.next(), parts.next()) {
        if a.parse::<u32>().is_ok_and(|d| d > 12) {
            return format!("{b}/{a}/{rest}");
        }
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::parse;

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
}
