use chrono::{TimeZone, Utc};
use townhall::analytics::{overview, Period};
use townhall::brief::{render, BriefOptions};
use townhall::import::{import_file, ImportOptions};
use townhall::time::{parse_date, parse_tz};
use townhall::topics;

use crate::support::{fixture, pdf_text, workspace};

fn fixture_brief() -> Vec<u8> {
    let (_dir, _path, mut store) = workspace();
    import_file(
        &mut store,
        &fixture("twarc2/pages.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    let topic = topics::add(&store, "Student portal", "portal", "2026-11-01T00:00:00Z").unwrap();
    let period = Period::new(
        parse_date("2026-10-31").unwrap(),
        parse_date("2026-11-02").unwrap(),
        parse_tz("UTC").unwrap(),
    )
    .unwrap();
    let o = overview(&store, &topic, &period).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 11, 3, 8, 0, 0).unwrap();
    let overlays = townhall::timeline::overlays(&store, &o).unwrap();
    render(&o, &overlays, &BriefOptions::new(at)).unwrap()
}

#[test]
fn hostile_post_text_prints_literally() {
    let pdf = fixture_brief();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    assert!(text.contains("Student portal"), "{text}");
    assert!(text.contains("#panic(\"x\") *bold* <b>hi</b>"), "{text}");
    assert!(
        text.contains("evil") && !text.contains('\u{202e}'),
        "bidi override removed"
    );
    assert!(
        text.contains("4 posts"),
        "the mention count is in the summary: {text}"
    );
}

#[test]
fn the_same_data_and_settings_give_the_same_pdf() {
    assert_eq!(fixture_brief(), fixture_brief());
}
