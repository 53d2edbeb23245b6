//! Failures that are not bugs get codes of their own and say what to do: a full disk, a
//! read-only or locked workspace, damaged archives; and a truncated gzip keeps what it can.

use std::io::Write;

use townhall::import::{detect, import_file, ImportOptions};
use townhall::store::Store;
use townhall::{Error, ErrorCode};

use crate::support::{fixture, workspace};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn import(
    store: &mut Store,
    path: &std::path::Path,
) -> townhall::Result<townhall::import::ImportReport> {
    import_file(store, path, &ImportOptions::default())
}

#[test]
fn a_truncated_gzip_keeps_the_complete_records_before_the_damage() {
    let (dir, _path, mut store) = workspace();
    let plain = dir.path().join("pages.jsonl");
    crate::support::write_generated_twarc2(&plain, 3_000);
    let whole = gzip(&std::fs::read(&plain).unwrap());
    let cut = dir.path().join("pages.jsonl.gz");
    std::fs::write(&cut, &whole[..whole.len() * 6 / 10]).unwrap();

    let report = import(&mut store, &cut).unwrap();
    assert!(report.imported > 0 && report.imported < 3_000, "{report:?}");
    assert_eq!(report.imported % 100, 0, "whole pages only: {report:?}");
    let damage = report
        .errors
        .iter()
        .find(|e| e.reason.contains("cut short"))
        .unwrap_or_else(|| panic!("the damage is reported: {:?}", report.errors));
    assert_eq!(damage.line, report.imported / 100 + 1, "{damage:?}");
    // The page cut short and the damage are one lost record, said once.
    assert_eq!(report.skipped, 1, "{report:?}");
    assert!(damage.reason.starts_with("invalid JSON"), "{damage:?}");
    assert_eq!(store.post_count().unwrap(), report.imported as i64);
}

#[test]
fn damaged_archives_and_gzips_are_corrupt_files() {
    let (dir, _path, mut store) = workspace();
    // A zip cut in half has lost its index.
    let zip = dir.path().join("archive.zip");
    {
        let mut w = zip::ZipWriter::new(std::fs::File::create(&zip).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        w.start_file("data/tweets.js", opts).unwrap();
        w.write_all(&std::fs::read(fixture("twitter_archive/data/tweets.js")).unwrap())
            .unwrap();
        w.finish().unwrap();
    }
    let bytes = std::fs::read(&zip).unwrap();
    std::fs::write(&zip, &bytes[..bytes.len() / 2]).unwrap();
    // A gzip whose header is followed by garbage.
    let gz = dir.path().join("dump.gz");
    let mut garbage = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    garbage.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    std::fs::write(&gz, &garbage).unwrap();

    for path in [&zip, &gz] {
        for err in [
            detect(path).unwrap_err(),
            import(&mut store, path).unwrap_err(),
        ] {
            assert_eq!(err.code(), ErrorCode::CorruptFile, "{err}");
            let message = err.to_string();
            assert!(message.contains("download or export it again"), "{message}");
        }
    }
}

/// Dumps in bzip2 or xz (older Pushshift files) are named for what they are, not "neither JSON
/// nor a CSV".
#[test]
fn bzip2_and_xz_files_say_they_need_decompressing() {
    let (dir, _path, mut store) = workspace();
    for (name, bytes, says) in [
        ("RC_2015-01.bz2", &b"BZh91AY&SY\x00\x01"[..], "bzip2"),
        ("RS_2015-01.xz", &b"\xfd7zXZ\x00\x00\x04"[..], "xz"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let message = import(&mut store, &path).unwrap_err().to_string();
        assert!(
            message.contains(says) && message.contains("decompress"),
            "{message}"
        );
    }
}

#[test]
fn a_full_disk_a_read_only_and_a_locked_workspace_say_what_to_do() {
    let page = fixture("twarc2/pages.jsonl");

    // SQLITE_FULL, as a full disk gives it: the file may not grow, and the import needs room.
    let (dir, _path, mut store) = workspace();
    let big = dir.path().join("big.jsonl");
    crate::support::write_generated_twarc2(&big, 3_000);
    let pages: i64 = store
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    store
        .conn()
        .execute_batch(&format!("PRAGMA max_page_count = {pages}"))
        .unwrap();
    let err = import(&mut store, &big).unwrap_err();
    assert_eq!(err.code(), ErrorCode::DiskFull, "{err}");
    assert!(err.to_string().contains("free some space"), "{err}");

    // SQLITE_READONLY.
    let (_dir, _path, mut store) = workspace();
    store.conn().execute_batch("PRAGMA query_only = 1").unwrap();
    let err = import(&mut store, &page).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ReadOnly, "{err}");
    assert!(
        err.to_string().contains("choose a folder you can write to"),
        "{err}"
    );

    // Another program holds the write lock.
    let (_dir, path, mut store) = workspace();
    store
        .conn()
        .busy_timeout(std::time::Duration::ZERO)
        .unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = import(&mut store, &page).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Busy, "{err}");
    let message = err.to_string();
    assert!(message.contains("close it and try again"), "{message}");
    assert_eq!(
        message.matches("locked").count(),
        0,
        "said once, in words: {message}"
    );
    other.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn other_database_errors_print_their_text_once() {
    let err = Error::from(rusqlite::Error::QueryReturnedNoRows);
    assert_eq!(err.code(), ErrorCode::Internal);
    assert!(
        std::error::Error::source(&err).is_none(),
        "no chain to print twice"
    );
    let failure = rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        Some("database is locked".into()),
    );
    let err = Error::from(failure);
    assert_eq!(err.code(), ErrorCode::Busy);
    assert!(std::error::Error::source(&err).is_none());
}

/// A time no post can have (a placeholder year 9999, year 1, a negative timestamp) skips that
/// post with its line, as any unreadable record, instead of becoming the topic's latest data.
#[test]
fn a_post_dated_outside_any_possible_time_is_skipped_with_its_line() {
    let (dir, _path, mut store) = workspace();
    let path = dir.path().join("dates.csv");
    std::fs::write(
        &path,
        "id,date,text,author\n\
         1,2026-09-01 08:00,portal down,ann\n\
         2,9999-12-31 00:00,portal down,bob\n\
         3,0001-01-01 00:00,portal down,cyd\n\
         4,2026-09-01 09:00,portal down,dee\n",
    )
    .unwrap();
    let report = import(&mut store, &path).unwrap();
    assert_eq!((report.imported, report.skipped), (2, 2), "{report:?}");
    let lines: Vec<u64> = report.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 4], "{report:?}");
    assert!(
        report.errors[0]
            .reason
            .starts_with("a time no post can have (9999-12-31"),
        "{report:?}"
    );
    // A page of many posts on one line says which.
    let page = dir.path().join("page.json");
    let tweet = |id: &str, at: &str| serde_json::json!({"id": id, "text": "portal down", "created_at": at, "author_id": "7"});
    let page_json = serde_json::json!({"data": [
        tweet("11", "2026-09-01T08:00:00.000Z"),
        tweet("12", "9999-12-31T00:00:00.000Z"),
    ]});
    std::fs::write(&page, page_json.to_string()).unwrap();
    let report = import(&mut store, &page).unwrap();
    assert_eq!(report.skipped, 1, "{report:?}");
    assert!(
        report.errors[0].reason.starts_with("post 12: "),
        "{report:?}"
    );
    let newest: i64 = store
        .conn()
        .query_row("SELECT max(created_at) FROM posts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(newest, 1_788_253_200, "2026-09-01 09:00 UTC");
}

/// A post dated past tomorrow (a mistyped year, a wrong clock) is skipped with its line and
/// the reason, instead of being stored where no period the user looks at shows it; one a few
/// hours ahead (a local time read in the wrong zone) is kept.
#[test]
fn a_post_dated_after_tomorrow_is_skipped_with_its_line() {
    let (dir, _path, mut store) = workspace();
    let path = dir.path().join("ahead.csv");
    let soon = chrono::Utc::now() + chrono::Duration::hours(13);
    std::fs::write(
        &path,
        format!(
            "id,date,text,author\n\
             1,2026-09-01 08:00,portal down,ann\n\
             2,2090-09-01 08:00,portal down,bob\n\
             3,{},portal down,cyd\n",
            soon.format("%Y-%m-%d %H:%M")
        ),
    )
    .unwrap();
    let report = import(&mut store, &path).unwrap();
    assert_eq!((report.imported, report.skipped), (2, 1), "{report:?}");
    assert_eq!(report.errors[0].line, 3, "{report:?}");
    assert_eq!(
        report.errors[0].reason,
        "dated 2090-09-01 08:00:00 UTC, after today: a wrong clock or a mistyped date"
    );
}
