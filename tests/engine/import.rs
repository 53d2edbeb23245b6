use pretty_assertions::assert_eq;
use townhall::import::{import_file, Format, ImportOptions};
use townhall::model::{Platform, PostKind};
use townhall::store::posts::all_posts;

use crate::support::{fixture, workspace};

#[test]
fn twarc2_pages_import_with_a_broken_line_reported() {
    let (_dir, _path, mut store) = workspace();
    let report = import_file(
        &mut store,
        &fixture("twarc2/pages.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(report.format, Format::Twarc2);
    assert_eq!((report.read, report.imported, report.duplicates), (5, 5, 0));
    assert_eq!(report.skipped, 1);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].line, 2);
    assert!(
        report.errors[0].reason.contains("invalid JSON"),
        "{}",
        report.errors[0].reason
    );

    let posts = all_posts(store.conn(), None).unwrap();
    let ids: Vec<_> = posts.iter().map(|p| p.native_id.as_str()).collect();
    assert_eq!(ids, ["9001", "9002", "9003", "9004", "9005"]);

    let t1 = &posts[0];
    assert_eq!(t1.platform, Platform::Twitter);
    assert_eq!(t1.created_at, "2026-10-31T23:30:00Z");
    assert_eq!(t1.author_handle.as_deref(), Some("maya_k"));
    assert_eq!(t1.followers_at_post, Some(100));
    assert_eq!(
        (t1.likes, t1.shares, t1.replies, t1.quotes),
        (Some(3), Some(1), Some(0), Some(0))
    );
    assert_eq!(
        t1.views, None,
        "the source has no impressions: unknown, not zero"
    );
    assert_eq!(
        t1.url.as_deref(),
        Some("https://twitter.com/maya_k/status/9001")
    );

    let rt = &posts[1];
    assert_eq!(rt.kind, PostKind::Repost);
    assert_eq!(rt.parent.as_deref(), Some("9001"));
    assert_eq!(
        rt.text, "RT @maya_k: The student portal is down again",
        "full text restored"
    );

    let reply = &posts[2];
    assert_eq!(reply.kind, PostKind::Reply);
    assert_eq!(reply.parent.as_deref(), Some("9002"));

    // A tweet with no metrics, no language and an author the page does not describe.
    let bare = &posts[3];
    assert_eq!(
        (bare.likes, bare.shares, bare.lang.as_deref()),
        (None, None, None)
    );
    assert_eq!(bare.followers_at_post, None);
    assert_eq!(bare.author_handle, None);
}

#[test]
fn reimporting_adds_nothing_and_overlapping_exports_are_deduplicated() {
    let (_dir, _path, mut store) = workspace();
    let opts = ImportOptions::default();
    import_file(&mut store, &fixture("twarc2/pages.jsonl"), &opts).unwrap();
    let again = import_file(&mut store, &fixture("twarc2/pages.jsonl"), &opts).unwrap();
    assert_eq!((again.read, again.imported, again.duplicates), (5, 0, 5));

    let flat = import_file(&mut store, &fixture("twarc2/flat.jsonl"), &opts).unwrap();
    assert_eq!(flat.format, Format::Twarc2Flat);
    assert_eq!(
        (flat.read, flat.imported, flat.duplicates, flat.skipped),
        (2, 0, 2, 1)
    );
    assert_eq!(flat.errors[0].line, 3);
    assert!(flat.errors[0].reason.contains("created_at"));
    assert_eq!(store.post_count().unwrap(), 5);
}

#[test]
fn a_file_that_is_not_social_data_gets_a_reason() {
    let (_dir, _path, mut store) = workspace();
    let err = import_file(
        &mut store,
        &fixture("twarc2/counts.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.code(), townhall::ErrorCode::UnsupportedFile);
    assert!(err.to_string().contains("counts"), "{err}");
    assert_eq!(store.post_count().unwrap(), 0);
}

#[test]
fn compressed_files_are_read_as_streams() {
    use std::io::Write;
    let (dir, _path, mut store) = workspace();
    let raw = std::fs::read(fixture("twarc2/pages.jsonl")).unwrap();
    let gz = dir.path().join("pages.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(&raw).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let zst = dir.path().join("pages.bin");
    std::fs::write(&zst, zstd::encode_all(&raw[..], 3).unwrap()).unwrap();

    let report = import_file(&mut store, &gz, &ImportOptions::default()).unwrap();
    assert_eq!((report.imported, report.skipped), (5, 1));
    let report = import_file(&mut store, &zst, &ImportOptions::default()).unwrap();
    assert_eq!((report.imported, report.duplicates), (0, 5));
}

#[test]
fn cancelling_leaves_the_store_as_it_was() {
    use std::sync::atomic::AtomicBool;
    let (dir, _path, mut store) = workspace();
    let big = dir.path().join("big.jsonl");
    crate::support::write_generated_twarc2(&big, 5_000);
    let cancel = AtomicBool::new(true);
    let opts = ImportOptions {
        cancel: Some(&cancel),
        ..Default::default()
    };
    let err = import_file(&mut store, &big, &opts).unwrap_err();
    assert_eq!(err.code(), townhall::ErrorCode::Cancelled);
    assert_eq!(store.post_count().unwrap(), 0);
    let history = townhall::import::history(&store).unwrap();
    assert_eq!(history[0].status, "cancelled");
}

#[test]
fn a_csv_preview_offers_the_guess_then_the_saved_mapping() {
    use townhall::import::csv_mapped::{guess_mapping, preview, save_mapping};
    let (_dir, _path, store) = workspace();
    let file = fixture("csv/meltwater.csv");
    let first = preview(store.conn(), &file).unwrap();
    assert!(!first.saved);
    assert!(!first.rows.is_empty() && first.rows.len() <= 3);
    let text = first.choices.iter().find(|c| c.field == "text").unwrap();
    assert!(text.required && !text.columns.is_empty(), "{text:?}");
    let date = first
        .choices
        .iter()
        .find(|c| c.field == "created_at")
        .unwrap();
    assert!(!date.columns.is_empty(), "{date:?}");

    save_mapping(store.conn(), &first.header, &guess_mapping(&first.header)).unwrap();
    assert!(preview(store.conn(), &file).unwrap().saved);
}
