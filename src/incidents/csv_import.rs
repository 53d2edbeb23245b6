//! Incident records from the CSV exports of ServiceNow, Jira Service Management and PagerDuty
//! (or any sheet with a number, a title and opened/resolved times). Columns are matched by name.

use std::io::BufRead;
use std::path::Path;

use chrono::{DateTime, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

use super::{record, NewIncident, Recorded};
use crate::error::{Error, Result};
use crate::import::csv_mapped::open_rows;
use crate::import::csv_rows::CsvRows;
use crate::import::RecordError;
use crate::store::Store;
use crate::topics::Topic;

/// Which tool the export came from, judged by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum IncidentSource {
    ServiceNow,
    Jira,
    PagerDuty,
    Csv,
}

impl IncidentSource {
    fn as_str(self) -> &'static str {
        match self {
            IncidentSource::ServiceNow => "servicenow",
            IncidentSource::Jira => "jira",
            IncidentSource::PagerDuty => "pagerduty",
            IncidentSource::Csv => "csv",
        }
    }

    /// The tool's name, as people write it.
    pub fn label(self) -> &'static str {
        match self {
            IncidentSource::ServiceNow => "ServiceNow",
            IncidentSource::Jira => "Jira Service Management",
            IncidentSource::PagerDuty => "PagerDuty",
            IncidentSource::Csv => "a CSV of incidents",
        }
    }
}

/// What an incident import did.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct IncidentImport {
    pub source: IncidentSource,
    /// Incidents recorded for the first time.
    pub imported: u64,
    /// Incidents already recorded, that the export changed (resolved since, retitled).
    pub updated: u64,
    /// Incidents already recorded as the export has them.
    pub unchanged: u64,
    pub skipped: u64,
    pub errors: Vec<RecordError>,
    /// The counts in words: "2 new incidents, 1 updated, 3 unchanged, 0 skipped (ServiceNow)".
    pub said: String,
}

impl IncidentImport {
    fn words(&self) -> String {
        let mut parts = vec![crate::analytics::counted(
            self.imported,
            "new incident",
            "new incidents",
        )];
        if self.updated > 0 {
            parts.push(format!(
                "{} updated",
                crate::analytics::fmt_int(self.updated as f64)
            ));
        }
        if self.unchanged > 0 {
            parts.push(format!(
                "{} unchanged",
                crate::analytics::fmt_int(self.unchanged as f64)
            ));
        }
        parts.push(format!(
            "{} skipped",
            crate::analytics::fmt_int(self.skipped as f64)
        ));
        format!("{} ({})", parts.join(", "), self.source.label())
    }
}

// Header names per field, compared case-insensitively after trimming.
const NUMBER: &[&str] = &[
    "number",
    "issue key",
    "key",
    "incident_number",
    "incident number",
    "incident id",
    "id",
];
const TITLE: &[&str] = &[
    "short_description",
    "short description",
    "summary",
    "title",
    "incident title",
    "description",
    "name",
];
const OPENED: &[&str] = &[
    "opened_at",
    "opened",
    "created",
    "created_on",
    "created at",
    "created_at",
    "start time",
    "started",
    "triggered_at",
];
const RESOLVED: &[&str] = &[
    "resolved_at",
    "resolved",
    "resolved_on",
    "resolved at",
    "resolution date",
    "closed_at",
    "closed",
    "end time",
];
const PRIORITY: &[&str] = &["priority", "urgency", "severity", "impact"];

/// The service desk whose export `path` is, read from its header: ServiceNow, Jira Service
/// Management or PagerDuty, with an incident's title and opening time. `None` for anything
/// else, a listening tool's CSV included (its "title" and "created" columns are posts').
pub fn service_desk_export(path: &Path) -> Option<IncidentSource> {
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if !is_csv {
        return None;
    }
    let header = header(&mut open_rows(path).ok()?, path).ok()?;
    let has_any = |names: &[&str]| names.iter().any(|n| header.iter().any(|h| h == n));
    if !(has_any(TITLE) && has_any(OPENED)) {
        return None;
    }
    let has = |n: &str| header.iter().any(|h| h == n);
    if has("short_description") && has("opened_at") {
        Some(IncidentSource::ServiceNow)
    } else if has("issue key") {
        Some(IncidentSource::Jira)
    } else if has("incident_number") {
        Some(IncidentSource::PagerDuty)
    } else {
        None
    }
}

/// The header of an export, lowercased: read as CSV imports read it (any encoding, delimiter
/// and compression, notes above the table skipped).
fn header(rows: &mut CsvRows<Box<dyn BufRead>>, path: &Path) -> Result<Vec<String>> {
    let unreadable = |why: String| Error::InvalidInput(format!("{}: {why}", path.display()));
    match rows.header().map_err(|e| Error::io(path, e))? {
        Some((_, Ok(header))) => Ok(header
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
            .collect()),
        Some((_, Err(why))) => Err(unreadable(format!("not a readable header: {why}"))),
        None => Err(unreadable("an empty CSV file".into())),
    }
}

/// Imports every row of an incident CSV, linking each incident to `topic`. Times without a zone
/// are read in `tz`. Broken rows are skipped and reported with their line.
pub fn import_csv(
    store: &Store,
    path: &Path,
    topic: Option<&Topic>,
    tz: Tz,
) -> Result<IncidentImport> {
    let mut rows = open_rows(path)?;
    let header = header(&mut rows, path)?;
    let col = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| header.iter().position(|h| h == n))
    };
    let (Some(title), Some(opened)) = (col(TITLE), col(OPENED)) else {
        return Err(Error::UnsupportedFile(format!(
            "{}: not an incident export: it needs a title (short_description, summary or title) \
             and an opening time (opened_at, created or created_on)",
            path.display()
        )));
    };
    let (number, resolved, priority) = (col(NUMBER), col(RESOLVED), col(PRIORITY));
    let has = |n: &str| header.iter().any(|h| h == n);
    let source = if has("short_description") || has("opened_at") {
        IncidentSource::ServiceNow
    } else if has("issue key") {
        IncidentSource::Jira
    } else if has("incident_number") || has("created_on") {
        IncidentSource::PagerDuty
    } else {
        IncidentSource::Csv
    };

    let mut report = IncidentImport {
        source,
        imported: 0,
        updated: 0,
        unchanged: 0,
        skipped: 0,
        errors: Vec::new(),
        said: String::new(),
    };
    let mut all = Vec::new();
    while let Some(row) = rows.next_row().map_err(|e| Error::io(path, e))? {
        all.push(row);
    }
    // A sheet written day first (`13/03/2026`) is read day first throughout, so that its
    // `03/04/2026` is 3 April, not 4 March.
    let times = all
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok())
        .flat_map(|r| {
            [Some(opened), resolved]
                .into_iter()
                .flatten()
                .filter_map(|c| r.get(c))
        });
    let day_first = slashed_order(times) == Some(DayFirst::Yes);
    let mut incidents = Vec::new();
    for (line, record) in all {
        let parsed = record.and_then(|r| {
            let get = |c: Option<usize>| {
                c.and_then(|c| r.get(c))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
            };
            let title = get(Some(title)).ok_or("the title is empty")?;
            let opened_text = get(Some(opened)).ok_or("the opening time is empty")?;
            let opened_at = parse_time_in(opened_text, tz, day_first)
                .ok_or_else(|| format!("opening time {opened_text:?} is not a date and time"))?;
            let resolved_at = match get(resolved) {
                Some(t) => Some(
                    parse_time_in(t, tz, day_first)
                        .ok_or_else(|| format!("resolution time {t:?} is not a date and time"))?,
                ),
                None => None,
            };
            Ok(NewIncident {
                source: source.as_str().into(),
                number: get(number).map(String::from),
                title: title.to_string(),
                priority: get(priority).map(String::from),
                opened_at,
                resolved_at,
            })
        });
        match parsed {
            Ok(incident) => incidents.push((line, incident)),
            Err(reason) => {
                report.skipped += 1;
                report.errors.push(RecordError { line, reason });
            }
        }
    }
    // All rows in one transaction: an import is all-or-nothing.
    store.conn().execute_batch("BEGIN IMMEDIATE")?;
    for (line, incident) in incidents {
        match record(store, &incident, topic) {
            Ok((_, Recorded::New)) => report.imported += 1,
            Ok((_, Recorded::Updated)) => report.updated += 1,
            Ok((_, Recorded::Unchanged)) => report.unchanged += 1,
            Err(Error::InvalidInput(reason)) => {
                report.skipped += 1;
                report.errors.push(RecordError { line, reason });
            }
            Err(e) => {
                store.conn().execute_batch("ROLLBACK")?;
                return Err(e);
            }
        }
    }
    store.conn().execute_batch("COMMIT")?;
    report.said = report.words();
    Ok(report)
}

/// Times as these tools export them: RFC 3339, `2026-09-01 08:40:00`, `2026-09-01T08:40`,
/// Jira's `01/Sep/26 8:40 AM`, US `09/01/2026 08:40:00` or `09/01/2026 8:40 AM`, with an offset
/// (`-0500`, `-05:00`) or `UTC` after them or not. A time without a zone is local to `tz`; one
/// the clocks skipped (02:30 the night they go forward) is read as the same time after the jump.
pub fn parse_time(text: &str, tz: Tz) -> Option<i64> {
    parse_time_in(text, tz, false)
}

#[derive(Debug, PartialEq)]
enum DayFirst {
    Yes,
    No,
}

/// How the dates written with slashes among `times` order day and month: day first when one
/// has a first number past 12 and none a second, month first the other way round; `None` when
/// nothing tells (or both do: read month first, as before).
fn slashed_order<'a>(times: impl Iterator<Item = &'a str>) -> Option<DayFirst> {
    let (mut day_first, mut month_first) = (false, false);
    for t in times {
        let mut parts = t.trim().split(['/', ' ']);
        let (Some(a), Some(b)) = (parts.next(), parts.next()) else {
            continue;
        };
        if let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) {
            day_first |= a > 12 && b <= 12;
            month_first |= b > 12 && a <= 12;
        }
    }
    match (day_first, month_first) {
        (true, false) => Some(DayFirst::Yes),
        (false, true) => Some(DayFirst::No),
        _ => None,
    }
}

/// [`parse_time`], reading `01/02/2026` as 1 February when `day_first`.
fn parse_time_in(text: &str, tz: Tz, day_first: bool) -> Option<i64> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.timestamp());
    }
    for f in [
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S %z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(text, f) {
            return Some(t.timestamp());
        }
    }
    if let Some(utc) = ["UTC", "GMT", "Z"]
        .iter()
        .find_map(|zone| text.strip_suffix(zone))
        .filter(|rest| rest.ends_with(|c: char| c.is_ascii_digit() || c == ' '))
    {
        return parse_time_in(utc.trim_end(), chrono_tz::UTC, day_first);
    }
    const FORMATS: &[&str] = &[
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%d/%b/%y %I:%M %p",
        "%d/%b/%Y %I:%M %p",
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y %H:%M",
        "%m/%d/%Y %I:%M %p",
        "%m/%d/%Y %I:%M:%S %p",
    ];
    let naive = FORMATS
        .iter()
        .map(|f| match day_first {
            true => f.replace("%m/%d/", "%d/%m/"),
            false => f.to_string(),
        })
        .find_map(|f| NaiveDateTime::parse_from_str(text, &f).ok())?;
    tz.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(naive + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_each_tool_format() {
        let tz: Tz = "America/Chicago".parse().unwrap();
        let expected = 1_788_270_000; // 2026-09-01T13:40:00Z = 08:40 CDT
        for text in [
            "2026-09-01 08:40:00",
            "2026-09-01T08:40",
            "01/Sep/26 8:40 AM",
            "09/01/2026 08:40:00",
            "09/01/2026 8:40 AM",
            "2026-09-01T13:40:00Z",
        ] {
            assert_eq!(parse_time(text, tz), Some(expected), "{text}");
        }
        for text in [
            "2026-09-01 08:40:00-0500",
            "2026-09-01T08:40:00-05:00",
            "2026-09-01 13:40:00 UTC",
            "2026-09-01 13:40:00Z",
        ] {
            assert_eq!(parse_time(text, tz), Some(expected), "{text}");
        }
        // 02:30 on 8 March 2026 never happened in Chicago: 03:30 CDT, 08:30 UTC.
        assert_eq!(parse_time("2026-03-08 02:30:00", tz), Some(1_772_958_600));
        assert_eq!(parse_time("soon", tz), None);
        assert_eq!(parse_time_in("01/09/2026 08:40", tz, true), Some(expected));
    }

    #[test]
    fn a_sheet_written_day_first_is_read_day_first() {
        let order = |times: &[&str]| slashed_order(times.iter().copied());
        assert_eq!(
            order(&["03/04/2026 09:00", "13/03/2026 10:00"]),
            Some(DayFirst::Yes)
        );
        assert_eq!(
            order(&["03/04/2026 09:00", "03/13/2026 10:00"]),
            Some(DayFirst::No)
        );
        assert_eq!(order(&["03/04/2026 09:00", "2026-03-13 10:00"]), None);
        assert_eq!(order(&["13/03/2026", "03/13/2026"]), None);
    }
}
