//! Time helpers: parsing what users type (dates, IANA zones) and formatting what we store.

use chrono::{DateTime, NaiveDate, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::{Error, Result};

/// `2026-09-01T07:30:00Z` for unix seconds.
pub fn rfc3339(unix: i64) -> String {
    Utc.timestamp_opt(unix, 0)
        .single()
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `2026-09-01 02:30`: unix seconds as the clock read in `tz`.
pub fn local_minute(tz: Tz, unix: i64) -> String {
    local(tz, unix).format("%Y-%m-%d %H:%M").to_string()
}

/// `2026-09-01 02:30 CDT`: unix seconds as the clock read in `tz`, with the zone's abbreviation,
/// for lines that do not say the zone otherwise.
pub fn local_minute_zoned(tz: Tz, unix: i64) -> String {
    local(tz, unix).format("%Y-%m-%d %H:%M %Z").to_string()
}

fn local(tz: Tz, unix: i64) -> DateTime<Tz> {
    Utc.timestamp_opt(unix, 0)
        .single()
        .unwrap_or_default()
        .with_timezone(&tz)
}

/// An IANA time zone such as `America/Chicago` or `UTC`.
pub fn parse_tz(name: &str) -> Result<Tz> {
    name.parse::<Tz>().map_err(|_| {
        Error::InvalidInput(format!(
            "unknown time zone {name:?}: use an IANA name such as Europe/London or America/Chicago"
        ))
    })
}

/// A calendar day written `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Error::InvalidInput(format!("{s:?} is not a date; write it as YYYY-MM-DD")))
}

/// The instant a local calendar day starts in `tz` (the first valid instant on DST days).
pub fn day_start(tz: Tz, day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    match tz.from_local_datetime(&midnight) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.with_timezone(&Utc)
        }
        // Some zones skip midnight on DST days: the day starts at the first instant after the gap.
        chrono::LocalResult::None => (1..=3)
            .find_map(|h| {
                tz.from_local_datetime(&day.and_hms_opt(h, 0, 0)?)
                    .earliest()
            })
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&midnight)),
    }
}

/// The instant of a local time; a time skipped by a clock change is taken as the first instant
/// after the gap, a repeated one as its first occurrence.
pub fn local_instant(tz: Tz, local: chrono::NaiveDateTime) -> Option<i64> {
    use chrono::Timelike;
    tz.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            let later = local + chrono::Duration::hours(1);
            tz.from_local_datetime(&later.with_minute(0)?.with_second(0)?)
                .earliest()
        })
        .map(|t| t.timestamp())
}

/// The local calendar day of a UTC instant in `tz`.
pub fn local_day(tz: Tz, unix: i64) -> NaiveDate {
    Utc.timestamp_opt(unix, 0)
        .single()
        .unwrap_or_default()
        .with_timezone(&tz)
        .date_naive()
}

/// "45 s", "2 h 15 min", "−40 min", "3 d 4 h" — a duration for people, the same words in the
/// app, the command line, the brief and the alerts.
pub fn human_duration(secs: i64) -> String {
    let sign = if secs < 0 { "−" } else { "" };
    if secs.abs() < 60 {
        return format!("{sign}{} s", secs.abs());
    }
    let m = secs.abs() / 60;
    let (d, h, m) = (m / 1440, m / 60 % 24, m % 60);
    match (d, h, m) {
        (0, 0, m) => format!("{sign}{m} min"),
        (0, h, 0) => format!("{sign}{h} h"),
        (0, h, m) => format!("{sign}{h} h {m} min"),
        (d, 0, _) => format!("{sign}{d} d"),
        (d, h, _) => format!("{sign}{d} d {h} h"),
    }
}

/// A duration as people type it: "90s", "5m", "6h", "2d", or plain seconds.
pub fn parse_duration(text: &str) -> Result<i64> {
    let text = text.trim();
    let (number, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let bad = || {
        crate::error::Error::InvalidInput(format!(
            "{text:?} is not a duration: write it as 90s, 5m, 6h or 2d"
        ))
    };
    let n: i64 = number.parse().map_err(|_| bad())?;
    let unit = match unit.trim() {
        "" | "s" => 1,
        "m" | "min" => 60,
        "h" => 3_600,
        "d" => 86_400,
        _ => return Err(bad()),
    };
    n.checked_mul(unit).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(human_duration(45), "45 s");
        assert_eq!(human_duration(-40 * 60), "−40 min");
        assert_eq!(human_duration(2 * 3600 + 15 * 60), "2 h 15 min");
        assert_eq!(human_duration(30 * 3600), "1 d 6 h");
        assert_eq!(human_duration(3 * 86400 + 4 * 3600), "3 d 4 h");
    }

    #[test]
    fn days_start_at_local_midnight_across_dst() {
        let tz = parse_tz("America/Chicago").unwrap();
        // 2026-03-08 is the spring-forward day; both days start at local midnight.
        let d1 = day_start(tz, NaiveDate::from_ymd_opt(2026, 3, 8).unwrap());
        let d2 = day_start(tz, NaiveDate::from_ymd_opt(2026, 3, 9).unwrap());
        assert_eq!(rfc3339(d1.timestamp()), "2026-03-08T06:00:00Z");
        assert_eq!(rfc3339(d2.timestamp()), "2026-03-09T05:00:00Z");
        let chicago: Tz = "America/Chicago".parse().unwrap();
        assert_eq!(
            local_minute(chicago, d2.timestamp() + 90),
            "2026-03-09 00:01"
        );
        assert_eq!(
            local_minute_zoned(chicago, d1.timestamp()),
            "2026-03-08 00:00 CST"
        );
        assert_eq!(
            local_minute_zoned(chicago, d2.timestamp()),
            "2026-03-09 00:00 CDT"
        );
        assert_eq!((d2 - d1).num_hours(), 23);
    }

    #[test]
    fn bad_input_gets_a_readable_error() {
        assert!(parse_tz("Mars/Olympus")
            .unwrap_err()
            .to_string()
            .contains("IANA"));
        assert!(parse_date("31/08/2026")
            .unwrap_err()
            .to_string()
            .contains("YYYY-MM-DD"));
    }
}
