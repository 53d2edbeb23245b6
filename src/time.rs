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

/// The local calendar day of a UTC instant in `tz`.
pub fn local_day(tz: Tz, unix: i64) -> NaiveDate {
    Utc.timestamp_opt(unix, 0)
        .single()
        .unwrap_or_default()
        .with_timezone(&tz)
        .date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_start_at_local_midnight_across_dst() {
        let tz = parse_tz("America/Chicago").unwrap();
        // 2026-03-08 is the spring-forward day; both days start at local midnight.
        let d1 = day_start(tz, NaiveDate::from_ymd_opt(2026, 3, 8).unwrap());
        let d2 = day_start(tz, NaiveDate::from_ymd_opt(2026, 3, 9).unwrap());
        assert_eq!(rfc3339(d1.timestamp()), "2026-03-08T06:00:00Z");
        assert_eq!(rfc3339(d2.timestamp()), "2026-03-09T05:00:00Z");
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
