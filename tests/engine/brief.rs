use chrono::{TimeZone, Utc};
use townhall::analytics::{overview, Period};
use townhall::import::{import_file, ImportOptions};
use townhall::output::brief::{render, BriefOptions};
use townhall::time::{parse_date, parse_tz};
use townhall::topics;

use crate::support::{fixture, pdf_text, workspace};

fn fixture_brief() -> Vec<u8> {
    brief_with(BriefOptions::new(
        Utc.with_ymd_and_hms(2026, 11, 3, 8, 0, 0).unwrap(),
    ))
}

fn brief_with(opts: BriefOptions) -> Vec<u8> {
    render(&gathered(), &opts).unwrap()
}

fn gathered() -> townhall::output::brief::Gathered {
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
    townhall::output::brief::gather(&store, o).unwrap()
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

#[test]
fn private_persons_are_pseudonymised_unless_names_are_on() {
    let text = pdf_text(&fixture_brief());
    assert!(
        !text.contains("maya_k"),
        "a private person is not named: {text}"
    );
    assert!(text.contains("Person 1"), "{text}");
    assert!(
        text.contains("@RiversideGazette"),
        "verified accounts are named: {text}"
    );

    let mut opts = BriefOptions::new(Utc.with_ymd_and_hms(2026, 11, 3, 8, 0, 0).unwrap());
    opts.names = true;
    let text = pdf_text(&brief_with(opts));
    assert!(text.contains("@maya_k"), "{text}");
}

#[test]
fn sections_can_be_chosen() {
    let opts = BriefOptions::new(Utc.with_ymd_and_hms(2026, 11, 3, 8, 0, 0).unwrap())
        .with_sections("summary,method")
        .unwrap();
    let text = pdf_text(&brief_with(opts));
    assert!(text.contains("Summary") && text.contains("Method and caveats"));
    assert!(!text.contains("Top posts"), "{text}");
    assert!(BriefOptions::new(Utc::now())
        .with_sections("gossip")
        .is_err());
}

#[test]
fn the_preview_shows_the_pages_of_the_pdf() {
    let g = gathered();
    let opts = BriefOptions::new(Utc.with_ymd_and_hms(2026, 11, 3, 8, 0, 0).unwrap());
    let pdf_pages = pdf_text(&render(&g, &opts).unwrap())
        .matches('\u{c}')
        .count();
    let pages = townhall::output::brief::preview(&g, &opts, 1.0).unwrap();
    assert_eq!(pages.len(), pdf_pages);
    for png in &pages {
        let page = image::load_from_memory(png).unwrap().to_luma8();
        assert_eq!(page.dimensions(), (595, 842), "A4 at one pixel per point");
        let inked = page.pixels().filter(|p| p.0[0] < 128).count();
        assert!(
            inked > 1_000,
            "the page has text on it ({inked} dark pixels)"
        );
    }
    // The preview follows the choices: fewer sections, fewer pages.
    let short = opts.with_sections("summary").unwrap();
    let fewer = townhall::output::brief::preview(&g, &short, 0.5).unwrap();
    assert!(
        fewer.len() < pages.len(),
        "{} vs {}",
        fewer.len(),
        pages.len()
    );
    let first = image::load_from_memory(&fewer[0]).unwrap();
    assert_eq!((first.width(), first.height()), (298, 421));
}
