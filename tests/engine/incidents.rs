//! Incident exports of ServiceNow, Jira Service Management and PagerDuty.

use townhall::incidents::{import_csv, list, IncidentSource};
use townhall::time::parse_tz;

use crate::support::{fixture, workspace};

const OPENED: i64 = 1_788_270_000; // 2026-09-01T13:40:00Z = 08:40 in Chicago
const RESOLVED: i64 = 1_788_462_300; // 2026-09-03T19:05:00Z = 14:05 in Chicago

#[test]
fn servicenow_export_with_a_broken_row() {
    let (_dir, _path, store) = workspace();
    let tz = parse_tz("America/Chicago").unwrap();
    let report = import_csv(&store, &fixture("incidents/servicenow.csv"), None, tz).unwrap();
    assert_eq!(report.source, IncidentSource::ServiceNow);
    assert_eq!((report.imported, report.skipped), (2, 1));
    assert_eq!(report.errors[0].line, 3);
    assert!(
        report.errors[0].reason.contains("not a date"),
        "{}",
        report.errors[0].reason
    );
    let all = list(&store, None).unwrap();
    assert_eq!(all[0].number.as_deref(), Some("INC0010001"));
    assert_eq!(
        (all[0].opened_at, all[0].resolved_at),
        (OPENED, Some(RESOLVED))
    );
    assert_eq!(
        all[1].resolved_at, None,
        "an open incident has no resolution time"
    );

    // Importing the export again updates rather than duplicates.
    import_csv(&store, &fixture("incidents/servicenow.csv"), None, tz).unwrap();
    assert_eq!(list(&store, None).unwrap().len(), 2);
}

#[test]
fn an_export_saved_from_a_spreadsheet_reads_like_the_original() {
    // Saved from Excel in a European locale: Windows-1252, semicolons, a title above the
    // table, gzip-compressed for e-mail.
    let original = std::fs::read_to_string(fixture("incidents/servicenow.csv")).unwrap();
    let sheet = format!(
        "Incidents – SIS;;;;;;\n{}",
        original
            .replace(',', ";")
            .replace("Gradebook", "Carnet de notes élèves")
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&sheet);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incidents.csv.gz");
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&path).unwrap(),
        flate2::Compression::default(),
    );
    std::io::Write::write_all(&mut gz, &bytes).unwrap();
    gz.finish().unwrap();

    let (_dir, _path, store) = workspace();
    let tz = parse_tz("America/Chicago").unwrap();
    let report = import_csv(&store, &path, None, tz).unwrap();
    assert_eq!(report.source, IncidentSource::ServiceNow);
    assert_eq!((report.imported, report.skipped), (2, 1));
    assert_eq!(report.errors[0].line, 4, "the broken row's own line");
    let all = list(&store, None).unwrap();
    assert_eq!(
        (all[0].opened_at, all[0].resolved_at),
        (OPENED, Some(RESOLVED))
    );
    assert_eq!(all[1].title, "Carnet de notes élèves slow");
}

#[test]
fn jira_and_pagerduty_exports() {
    let (_dir, _path, store) = workspace();
    let tz = parse_tz("America/Chicago").unwrap();
    let jira = import_csv(&store, &fixture("incidents/jira.csv"), None, tz).unwrap();
    assert_eq!(
        (jira.source, jira.imported, jira.skipped),
        (IncidentSource::Jira, 2, 0)
    );
    let pd = import_csv(&store, &fixture("incidents/pagerduty.csv"), None, tz).unwrap();
    assert_eq!((pd.source, pd.imported), (IncidentSource::PagerDuty, 1));
    let all = list(&store, None).unwrap();
    let by = |n: &str| all.iter().find(|i| i.number.as_deref() == Some(n)).unwrap();
    assert_eq!(
        (by("ITSM-41").opened_at, by("ITSM-41").resolved_at),
        (OPENED, Some(RESOLVED))
    );
    assert_eq!(by("ITSM-42").title, "Wi-Fi down, building B");
    assert_eq!(
        (by("1234").opened_at, by("1234").resolved_at),
        (OPENED, Some(RESOLVED))
    );
}

#[test]
fn a_sheet_without_incident_columns_is_refused_with_a_reason() {
    let (_dir, _path, store) = workspace();
    let tz = parse_tz("UTC").unwrap();
    let err = import_csv(&store, &fixture("csv/sheet.csv"), None, tz).unwrap_err();
    assert_eq!(err.code(), townhall::ErrorCode::UnsupportedFile);
    assert!(err.to_string().contains("not an incident export"), "{err}");
}

/// A service desk's text is outside text like a post: control characters in an incident's
/// number or title (a terminal's escape codes, a byte the chart's SVG cannot hold) are shown
/// without them, in the list and in the brief, which is still written.
#[test]
fn control_characters_in_an_export_reach_neither_the_list_nor_the_brief() {
    use chrono::{TimeZone, Utc};
    use townhall::wire::BriefChoices;
    use townhall::workspace::briefing;

    let (dir, store, request) = crate::support::demo_workspace();
    let file = dir.path().join("incidents.csv");
    std::fs::write(
        &file,
        "number,opened_at,resolved_at,short_description,priority\n\
         INC\u{1}9,2026-09-02 08:00:00,2026-09-02 12:00:00,\"\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}plain\",1 - Critical\n",
    )
    .unwrap();
    let topic = townhall::topics::get(&store, &request.topic).unwrap();
    let tz = parse_tz("America/Chicago").unwrap();
    assert_eq!(
        import_csv(&store, &file, Some(&topic), tz)
            .unwrap()
            .imported,
        1
    );
    let shown = list(&store, Some(&topic)).unwrap();
    let added = shown.iter().find(|i| i.title.contains("plain")).unwrap();
    assert_eq!(
        (added.number.as_deref(), added.title.as_str()),
        (Some("INC9"), "]0;pwned[2Jplain")
    );
    let at = Utc.with_ymd_and_hms(2026, 9, 10, 8, 0, 0).unwrap();
    let prepared = briefing::prepare(&store, &request, &BriefChoices::default(), at).unwrap();
    let pdf = townhall::output::brief::render(&prepared.gathered, &prepared.options).unwrap();
    assert!(crate::support::pdf_text(&pdf).contains("INC9"));
}

/// A topic's posts as twarc2 flattened lines, `(hour, posts)` from 2026-03-01 00:00 UTC.
fn posts_by_hour(
    dir: &std::path::Path,
    name: &str,
    word: &str,
    hours: &[(i64, usize)],
) -> std::path::PathBuf {
    let start = 1_772_323_200; // 2026-03-01T00:00:00Z
    let mut lines = Vec::new();
    for &(hour, n) in hours {
        for k in 0..n {
            let t = start + hour * 3600 + 60 * k as i64;
            let id = format!("{word}{hour}x{k}");
            lines.push(
                serde_json::json!({
                    "id": id, "author_id": format!("a{k}"), "text": format!("{word} is down"),
                    "created_at": chrono::DateTime::from_timestamp(t, 0).unwrap().to_rfc3339(),
                    "author": {"id": format!("a{k}"), "username": format!("u{k}")}
                })
                .to_string(),
            );
        }
    }
    let path = dir.join(name);
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

/// The course of an incident is read against all the workspace's data: hours after a topic's
/// last post are quiet, so it is back to normal once they last a day; an incident that opened
/// outside the data has no course at all; an open incident's surge after it opened is its lead.
#[test]
fn an_incident_s_course_reaches_to_the_end_of_the_data_and_no_further() {
    use townhall::import::{import_file, ImportOptions};
    let (dir, _path, mut store) = workspace();
    let tz = parse_tz("UTC").unwrap();
    let portal = townhall::topics::add(&store, "Portal", "portal", "2026-03-01T00:00:00Z").unwrap();
    townhall::topics::add(&store, "Wifi", "wifi", "2026-03-01T00:00:00Z").unwrap();
    // Portal: one post a day for 30 days, then a surge on 31 March from 08:00, then nothing.
    // Wifi: one post a day until 14 April, so the data goes on.
    let mut portal_hours: Vec<(i64, usize)> = (0..30).map(|d| (d * 24 + 12, 1)).collect();
    portal_hours.extend([
        (30 * 24 + 8, 8),
        (30 * 24 + 9, 30),
        (30 * 24 + 10, 20),
        (30 * 24 + 11, 20),
    ]);
    let wifi_hours: Vec<(i64, usize)> = (0..45).map(|d| (d * 24 + 12, 1)).collect();
    for (name, word, hours) in [
        ("p.jsonl", "portal", &portal_hours),
        ("w.jsonl", "wifi", &wifi_hours),
    ] {
        let file = posts_by_hour(dir.path(), name, word, hours);
        import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    }
    let csv = dir.path().join("incidents.csv");
    std::fs::write(
        &csv,
        "number,opened_at,resolved_at,short_description\n\
         INC1,2026-03-31 09:00:00,2026-03-31 11:30:00,Portal down\n\
         INC2,2026-04-20 09:00:00,2026-04-20 10:00:00,After the data\n\
         INC3,2026-03-31 06:00:00,,Still open\n",
    )
    .unwrap();
    import_csv(&store, &csv, Some(&portal), tz).unwrap();
    let lags = townhall::incidents::with_lags(&store, &portal, tz).unwrap();
    let of = |number: &str| {
        &lags
            .iter()
            .find(|l| l.incident.number.as_deref() == Some(number))
            .unwrap()
            .lags
    };
    // Back within the band from 12:00, the first of 24 quiet hours: 30 min after 11:30.
    assert_eq!(
        of("INC1").decay_after_resolution,
        Some(30 * 60),
        "{:?}",
        of("INC1")
    );
    assert!(!of("INC1").outside_data);
    assert_eq!(
        (of("INC2").decay_after_resolution, of("INC2").outside_data),
        (None, true)
    );
    // The surge began two hours after the open incident did.
    assert_eq!(
        of("INC3").social_detection_lead,
        Some(-2 * 3600),
        "{:?}",
        of("INC3")
    );
}

/// A sheet without incident numbers imported again updates its incidents rather than adding
/// them twice.
#[test]
fn an_export_without_numbers_imported_again_adds_nothing() {
    let (dir, _path, store) = workspace();
    let tz = parse_tz("UTC").unwrap();
    let csv = dir.path().join("nonum.csv");
    std::fs::write(
        &csv,
        "Title,Start time,End time\nPortal down,2026-03-10 09:00,2026-03-10 11:30\n\
         Wi-Fi down,2026-03-11 09:00,\n",
    )
    .unwrap();
    let first = import_csv(&store, &csv, None, tz).unwrap();
    assert_eq!(
        first.said,
        "2 new incidents, 0 skipped (a CSV of incidents)"
    );
    let again = import_csv(&store, &csv, None, tz).unwrap();
    assert_eq!(
        again.said,
        "0 new incidents, 2 unchanged, 0 skipped (a CSV of incidents)"
    );
    std::fs::write(
        &csv,
        "Title,Start time,End time\nPortal down,2026-03-10 09:00,2026-03-10 11:30\n\
         Wi-Fi down,2026-03-11 09:00,2026-03-11 10:00\n",
    )
    .unwrap();
    let resolved = import_csv(&store, &csv, None, tz).unwrap();
    assert_eq!(
        (resolved.imported, resolved.updated, resolved.unchanged),
        (0, 1, 1),
        "the Wi-Fi's resolution changes it: {}",
        resolved.said
    );
    let all = list(&store, None).unwrap();
    assert_eq!(all.len(), 2, "{all:?}");
    let wifi = all.iter().find(|i| i.title == "Wi-Fi down").unwrap();
    assert!(
        wifi.resolved_at.is_some(),
        "the second export's resolution: {wifi:?}"
    );
}

/// An export written day first (as ServiceNow writes it for a UK instance) is read day first
/// throughout: its 03/04/2026 is 3 April, because another row says 13/03/2026.
#[test]
fn an_export_written_day_first_is_read_day_first() {
    let (dir, _path, store) = workspace();
    let tz = parse_tz("UTC").unwrap();
    let csv = dir.path().join("uk.csv");
    std::fs::write(
        &csv,
        "number,opened_at,resolved_at,short_description\n\
         INC1,03/04/2026 09:00:00,03/04/2026 10:00:00,Portal down\n\
         INC2,13/03/2026 09:00:00,,Wi-Fi down\n",
    )
    .unwrap();
    let report = import_csv(&store, &csv, None, tz).unwrap();
    assert_eq!((report.imported, report.skipped), (2, 0), "{report:?}");
    let first = list(&store, None)
        .unwrap()
        .into_iter()
        .find(|i| i.number.as_deref() == Some("INC1"))
        .unwrap();
    // 2026-04-03T09:00:00Z
    assert_eq!(first.opened_at, 1_775_206_800);
}

/// The first complaint about an incident is someone else's post from an hour before it opened
/// to a day after it was resolved: not the organisation's own notice, and not a post months
/// later (the only one after a short incident, which made it "the first complaint 152 days
/// after"); for an incident still open, no later than a day after it opened.
#[test]
fn the_first_complaint_is_nobody_s_own_and_no_later_than_a_day_after_resolution() {
    use townhall::import::{import_file, ImportOptions};
    let (dir, _path, mut store) = workspace();
    let tz = parse_tz("UTC").unwrap();
    let portal = townhall::topics::add(&store, "Portal", "portal", "2026-03-01T00:00:00Z").unwrap();
    // 1 March: the organisation's notice at 10:00 (u0), a complaint at 12:00 (u0 and u1 of the
    // next hour's two posts: u1 is someone else). 3 March: u1's post 2 days after INC2.
    let file = posts_by_hour(
        dir.path(),
        "p.jsonl",
        "portal",
        &[(10, 1), (12, 2), (60, 2)],
    );
    import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    townhall::store::settings::set(store.conn(), townhall::store::settings::OWN_ACCOUNTS, "@u0")
        .unwrap();
    let csv = dir.path().join("incidents.csv");
    std::fs::write(
        &csv,
        "number,opened_at,resolved_at,short_description\n\
         INC1,2026-03-01 10:30:00,2026-03-01 14:00:00,Portal down\n\
         INC2,2026-03-01 14:00:00,2026-03-01 14:30:00,Portal slow\n\
         INC3,2026-03-01 14:00:00,,Portal slow again\n",
    )
    .unwrap();
    import_csv(&store, &csv, Some(&portal), tz).unwrap();
    let lags = townhall::incidents::with_lags(&store, &portal, tz).unwrap();
    let first = |number: &str| {
        lags.iter()
            .find(|l| l.incident.number.as_deref() == Some(number))
            .unwrap()
            .lags
            .lag_to_first_complaint
    };
    // u1's post at 12:01, 1 h 31 min after INC1 opened; u0's notice at 10:00 is not one.
    assert_eq!(first("INC1"), Some(91 * 60));
    // Nothing from 13:00 to a day after 14:30: the post of 3 March is too late.
    assert_eq!(first("INC2"), None);
    // Still open: a day after it opened, as its course's window ends.
    assert_eq!(first("INC3"), None);
}

/// An incident's lags are durations between instants: the same in every time zone shown,
/// including one half an hour from UTC, whose local hours begin at half past.
#[test]
fn an_incident_s_lags_are_the_same_in_every_time_zone() {
    let (_dir, store, _) = crate::support::demo_workspace();
    let topic = townhall::topics::get(&store, townhall::workspace::demo::MAIN_TOPIC).unwrap();
    let lags = |tz: &str| -> Vec<townhall::incidents::Lags> {
        townhall::incidents::with_lags(&store, &topic, parse_tz(tz).unwrap())
            .unwrap()
            .into_iter()
            .map(|i| i.lags)
            .collect()
    };
    let utc = lags("UTC");
    assert!(
        utc.iter().any(|l| l.social_detection_lead.is_some()),
        "{utc:?}"
    );
    for tz in [
        "America/Chicago",
        "Asia/Kolkata",
        "Australia/Adelaide",
        "Asia/Kathmandu",
    ] {
        assert_eq!(lags(tz), utc, "{tz}");
    }
}
