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

/// A Bluesky post names its author by DID in the API and by handle in a listening tool's
/// address: the same posts from a CSV and from the API (three readable posts) are one post
/// each, in either order.
#[test]
fn bluesky_posts_from_a_csv_and_from_the_api_are_one_post_in_either_order() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("bsky.csv");
    std::fs::write(
        &csv,
        "Date,Text,URL,Author,Network\n\
         2026-09-01T08:00:00Z,Student portal down for everyone?,\
         https://bsky.app/profile/Maya.bsky.social/post/3aaa,maya.bsky.social,Bluesky\n\
         2026-09-01T08:05:00Z,yes since 7am,https://bsky.app/profile/sam.bsky.social/post/3bbb?ref=x,\
         sam.bsky.social,Bluesky\n\
         2026-09-01T09:00:00Z,only here,https://bsky.app/profile/kai.bsky.social/post/3zzz,\
         kai.bsky.social,Bluesky\n",
    )
    .unwrap();
    let opts = ImportOptions::default();
    for csv_first in [false, true] {
        let (_ws, _path, mut store) = workspace();
        let api = fixture("bluesky/search.json");
        let files = match csv_first {
            true => [&csv, &api],
            false => [&api, &csv],
        };
        let first = import_file(&mut store, files[0], &opts).unwrap();
        let second = import_file(&mut store, files[1], &opts).unwrap();
        assert_eq!(first.imported + second.imported, 4, "{first:?} {second:?}");
        assert_eq!(second.duplicates, 2, "csv first: {csv_first}: {second:?}");
        assert_eq!(store.post_count().unwrap(), 4);
    }
}

/// The Bluesky posts an earlier release stored learn their name by handle from the address it
/// kept (migration 0025), so that a CSV of them imported later adds nothing.
#[test]
fn an_earlier_workspace_learns_its_bluesky_posts_names_by_handle() {
    let (dir, path, mut store) = workspace();
    let opts = ImportOptions::default();
    import_file(&mut store, &fixture("bluesky/search.json"), &opts).unwrap();
    store
        .conn()
        .execute_batch("DELETE FROM local_ids; PRAGMA user_version = 24;")
        .unwrap();
    drop(store);
    let mut store = townhall::store::Store::open(&path).unwrap();
    let csv = dir.path().join("bsky.csv");
    std::fs::write(
        &csv,
        "Date,Text,URL,Author,Network\n\
         2026-09-01T08:00:00Z,Student portal down for everyone?,\
         https://bsky.app/profile/maya.bsky.social/post/3aaa,maya.bsky.social,Bluesky\n",
    )
    .unwrap();
    let r = import_file(&mut store, &csv, &opts).unwrap();
    assert_eq!((r.imported, r.duplicates), (0, 1), "{r:?}");
}

/// A post met again brings its counts as they are now: next week's export (or the API page
/// read again) raises the counts it exceeds, and the kept topic's figures read them; an older
/// copy imported after it lowers none, in the fast reader of API pages and in a CSV's alike.
#[test]
fn a_post_met_again_raises_its_counts_and_the_topic_s_figures() {
    use townhall::analytics::{overview, Period};
    let dir = tempfile::tempdir().unwrap();
    let (_ws, _path, mut store) = workspace();
    townhall::topics::add(&store, "Portal", "portal", "2026-03-02").unwrap();
    let tweet = |likes: i64, retweets: i64| {
        serde_json::json!({"id": "103", "author_id": "12", "created_at": "2026-03-01T11:00:00.000Z",
            "text": "portal down for everyone",
            "public_metrics": {"like_count": likes, "retweet_count": retweets, "reply_count": 0,
                               "quote_count": 0},
            "author": {"id": "12", "username": "sam", "public_metrics": {"followers_count": 10}}})
        .to_string()
    };
    let engagement = |store: &townhall::store::Store| {
        let topic = townhall::topics::get(store, "Portal").unwrap();
        let day = townhall::time::parse_date("2026-03-01").unwrap();
        let utc = townhall::time::parse_tz("UTC").unwrap();
        let period = Period::new(day, day, utc).unwrap();
        let stored: (i64, i64) = store
            .conn()
            .query_row("SELECT likes, shares FROM posts", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        (
            stored,
            overview(store, &topic, &period).unwrap().totals.engagement,
        )
    };
    let opts = ImportOptions::default();
    let import = |store: &mut townhall::store::Store, name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        import_file(store, &path, &opts).unwrap()
    };
    let first = import(&mut store, "first.jsonl", tweet(1, 0));
    assert_eq!(first.imported, 1);
    let later = import(&mut store, "later.jsonl", tweet(40, 5));
    assert_eq!((later.imported, later.duplicates), (0, 1));
    assert_eq!(engagement(&store), ((40, 5), 45));
    // An older copy lowers nothing; a sheet's row of the same tweet raises what it exceeds.
    import(&mut store, "older.jsonl", tweet(3, 9));
    assert_eq!(engagement(&store), ((40, 9), 49));
    import(
        &mut store,
        "sheet.csv",
        "id,date,text,author,likes,platform\n103,2026-03-01 11:00,portal down for everyone,sam,52,twitter\n"
            .to_string(),
    );
    assert_eq!(engagement(&store), ((52, 9), 61));
    // Two copies in one file, each the larger in one count: the second, read against the
    // counts as the file began, lowers none of what the first raised.
    import(
        &mut store,
        "both.jsonl",
        format!("{}\n{}\n", tweet(70, 12), tweet(60, 15)),
    );
    assert_eq!(engagement(&store), ((70, 15), 85));
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

/// A search with no hits, as a scheduled import meets it, adds no posts and is no error; an
/// empty array, which says nothing of what it is, still gets a reason.
#[test]
fn an_empty_page_of_results_imports_as_no_posts() {
    let (dir, _path, mut store) = workspace();
    for (name, page, format) in [
        (
            "v1.json",
            r#"{"statuses": [], "search_metadata": {"count": 0}}"#,
            Format::TwitterV1,
        ),
        (
            "mastodon.json",
            r#"{"accounts": [], "statuses": [], "hashtags": []}"#,
            Format::Mastodon,
        ),
        (
            "bluesky.json",
            r#"{"posts": [], "hitsTotal": 0}"#,
            Format::Bluesky,
        ),
        (
            "reddit.json",
            r#"{"kind": "Listing", "data": {"after": null, "children": []}}"#,
            Format::Reddit,
        ),
        (
            "twarc2.json",
            r#"{"meta": {"result_count": 0}}"#,
            Format::Twarc2,
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, page).unwrap();
        let report = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
        assert_eq!(
            (report.format, report.read, report.skipped),
            (format, 0, 0),
            "{name}"
        );
    }
    let path = dir.path().join("array.json");
    std::fs::write(&path, "[]").unwrap();
    let err = import_file(&mut store, &path, &ImportOptions::default()).unwrap_err();
    assert_eq!(err.code(), townhall::ErrorCode::UnsupportedFile);
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

/// A file long enough to be prepared on several threads is written in its own order: the
/// first copy of a post is the one kept, an author's last known handle wins, and broken lines are
/// reported in order at their own line numbers.
#[test]
fn a_long_file_prepared_on_several_threads_is_written_in_its_order() {
    use std::io::Write;
    let (dir, _path, mut store) = workspace();
    let file = dir.path().join("flat.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    let (lines, broken) = (4_000u64, [7u64, 1_501, 3_999]);
    let tweet = |line: u64, id: u64, handle: &str| {
        serde_json::json!({
            "id": id.to_string(), "author_id": "77",
            "created_at": format!("2026-09-{:02}T{:02}:00:00.000Z", 1 + line % 28, line % 24),
            "text": format!("line {line}: the portal is down, padding {}", "x".repeat(300)),
            "author": {"id": "77", "username": handle}
        })
    };
    for line in 1..=lines {
        if broken.contains(&line) {
            writeln!(out, "{{\"id\": \"broken").unwrap();
        } else if line == 3_500 {
            // The post of line 10 again, with other words.
            writeln!(out, "{}", tweet(line, 10, "later_name")).unwrap();
        } else {
            let handle = if line == lines {
                "last_name"
            } else {
                "first_name"
            };
            writeln!(out, "{}", tweet(line, line, handle)).unwrap();
        }
    }
    drop(out);
    assert!(
        std::fs::metadata(&file).unwrap().len() > 1_000_000,
        "long enough for many units"
    );

    let report = import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    let expected_posts = lines - broken.len() as u64;
    assert_eq!(
        (report.read, report.imported, report.duplicates),
        (expected_posts, expected_posts - 1, 1)
    );
    let at: Vec<u64> = report.errors.iter().map(|e| e.line).collect();
    assert_eq!(at, broken);
    let kept: String = store
        .conn()
        .query_row("SELECT text FROM posts WHERE native_id = '10'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(kept.starts_with("line 10:"), "{kept}");
    let handle: String = store
        .conn()
        .query_row(
            "SELECT handle FROM authors WHERE native_id = '77'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(handle, "last_name");

    // Again: every post known, nothing written, the same damage reported.
    let again = import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    assert_eq!(
        (again.read, again.imported, again.duplicates),
        (expected_posts, 0, expected_posts)
    );
    assert_eq!(
        again.errors.iter().map(|e| e.line).collect::<Vec<_>>(),
        broken
    );
}

/// A re-import reads authors but writes none unless a record says something new of them; then
/// the author is written once, with what the last record said.
#[test]
fn a_reimport_rewrites_only_the_authors_it_changes() {
    let (dir, _path, mut store) = workspace();
    let opts = ImportOptions::default();
    import_file(&mut store, &fixture("twarc2/flat.jsonl"), &opts).unwrap();
    store
        .conn()
        .execute_batch(
            "CREATE TEMP TABLE author_writes (id INTEGER);
             CREATE TEMP TRIGGER author_written AFTER UPDATE ON authors
             BEGIN INSERT INTO author_writes VALUES (new.id); END;",
        )
        .unwrap();
    let writes = |store: &townhall::store::Store| -> i64 {
        store
            .conn()
            .query_row("SELECT count(*) FROM author_writes", [], |r| r.get(0))
            .unwrap()
    };
    import_file(&mut store, &fixture("twarc2/flat.jsonl"), &opts).unwrap();
    assert_eq!(writes(&store), 0, "nothing new said of any author");

    let grown = std::fs::read_to_string(fixture("twarc2/flat.jsonl"))
        .unwrap()
        .replace("\"followers_count\": 100", "\"followers_count\": 250");
    let file = dir.path().join("grown.jsonl");
    std::fs::write(&file, grown).unwrap();
    import_file(&mut store, &file, &opts).unwrap();
    assert_eq!(writes(&store), 1, "one author, written once");
    let followers: i64 = store
        .conn()
        .query_row(
            "SELECT followers FROM authors WHERE native_id = '101'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(followers, 250);
}

/// Writes `tweets` twarc2 tweets from ids `first` on, by 40 authors of whom author `a` has
/// `followers(a)` followers.
fn write_tweets_by_forty(
    path: &std::path::Path,
    first: u64,
    tweets: u64,
    followers: impl Fn(u64) -> u64,
) {
    let data: Vec<_> = (first..first + tweets)
        .map(|i| {
            serde_json::json!({"id": i.to_string(), "author_id": (i % 40).to_string(),
                "created_at": format!("2026-09-{:02}T10:00:00.000Z", 1 + i % 28),
                "text": format!("the portal is down again ({i})")})
        })
        .collect();
    let users: Vec<_> = (0..40)
        .map(|a| {
            serde_json::json!({"id": a.to_string(), "username": format!("user{a}"),
                "public_metrics": {"followers_count": followers(a)}})
        })
        .collect();
    let page = serde_json::json!({"data": data, "includes": {"users": users}});
    std::fs::write(path, format!("{page}\n")).unwrap();
}

#[test]
fn kept_matches_follow_new_follower_counts_for_one_author_or_for_all() {
    let (dir, _path, mut store) = workspace();
    let opts = ImportOptions::default();
    townhall::topics::add(&store, "Portal", "portal", "2026-01-01T00:00:00Z").unwrap();
    let file = dir.path().join("tweets.jsonl");
    write_tweets_by_forty(&file, 1_000, 400, |a| 100 + a);
    import_file(&mut store, &file, &opts).unwrap();

    let stale = |store: &townhall::store::Store| -> (i64, i64) {
        store
            .conn()
            .query_row(
                "SELECT count(*) FILTER (WHERE m.author_followers IS NOT a.followers),
                        (SELECT count(*) FROM followers_in_one_pass)
                 FROM topic_matches m JOIN authors a ON a.id = m.author",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let followers_of = |store: &townhall::store::Store, author: &str| -> Vec<i64> {
        store
            .conn()
            .prepare(
                "SELECT DISTINCT m.author_followers FROM topic_matches m
                 JOIN authors a ON a.id = m.author WHERE a.native_id = ?1",
            )
            .unwrap()
            .query_map([author], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(followers_of(&store, "7"), vec![107]);

    // One author of forty grows: their matches follow through the trigger.
    write_tweets_by_forty(&file, 2_000, 400, |a| if a == 7 { 5_000 } else { 100 + a });
    import_file(&mut store, &file, &opts).unwrap();
    assert_eq!(stale(&store), (0, 0));
    assert_eq!(followers_of(&store, "7"), vec![5_000]);
    assert_eq!(followers_of(&store, "8"), vec![108]);

    // Every author grows: their matches follow in one pass, old matches and new alike.
    write_tweets_by_forty(&file, 3_000, 400, |a| 10_000 + a);
    import_file(&mut store, &file, &opts).unwrap();
    assert_eq!(stale(&store), (0, 0));
    assert_eq!(followers_of(&store, "7"), vec![10_007]);
    assert_eq!(followers_of(&store, "39"), vec![10_039]);
    let matches: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM topic_matches", [], |r| r.get(0))
        .unwrap();
    assert_eq!(matches, 1_200);
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

/// A twarc2 page with one tweet by author 7, whose `followers` is given when `Some`.
fn page_by_author_7(tweet: u32, followers: Option<i64>) -> String {
    let metrics = followers.map_or(
        serde_json::json!(null),
        |f| serde_json::json!({ "followers_count": f }),
    );
    let mut user = serde_json::json!({ "id": "7", "username": "maya_k", "name": "Maya" });
    if followers.is_some() {
        user["public_metrics"] = metrics;
    }
    serde_json::json!({
        "data": [{
            "id": tweet.to_string(), "author_id": "7", "text": "portal down again",
            "created_at": "2026-10-31T23:30:00.000Z", "lang": "en"
        }],
        "includes": { "users": [user] }
    })
    .to_string()
}

#[test]
fn an_author_keeps_the_newest_known_follower_count_and_kept_matches_see_it() {
    let (dir, _path, mut store) = workspace();
    let topic = townhall::topics::add(&store, "Portal", "portal", "2026-01-01T00:00:00Z").unwrap();
    let followers = |store: &townhall::store::Store| -> (Option<i64>, Vec<Option<i64>>) {
        let stored = store
            .conn()
            .query_row(
                "SELECT followers FROM authors WHERE native_id = '7'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let mut kept = store
            .conn()
            .prepare("SELECT author_followers FROM topic_matches WHERE topic = ?1 ORDER BY post")
            .unwrap();
        let kept = kept
            .query_map([topic.id], |r| r.get(0))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        (stored, kept)
    };

    // One file: the count rises from page to page, then a page does not say it.
    let file = dir.path().join("rising.jsonl");
    let pages = [
        page_by_author_7(1, Some(10)),
        page_by_author_7(2, Some(20)),
        page_by_author_7(3, None),
    ];
    std::fs::write(&file, pages.join("\n")).unwrap();
    let report = import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    assert_eq!(report.imported, 3);
    assert_eq!(followers(&store), (Some(20), vec![Some(20); 3]));

    // A later file says more.
    let file = dir.path().join("later.jsonl");
    std::fs::write(&file, page_by_author_7(4, Some(30))).unwrap();
    import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    assert_eq!(followers(&store), (Some(30), vec![Some(30); 4]));
}

/// The posts' indexes, by name.
fn post_indexes(store: &townhall::store::Store) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'posts' ORDER BY name")
        .unwrap();
    let names = stmt.query_map([], |r| r.get(0)).unwrap();
    names.collect::<Result<_, _>>().unwrap()
}

#[test]
fn a_large_import_builds_the_indexes_in_bulk_and_a_cancelled_one_leaves_them() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use townhall::store::writer::BULK_POSTS;
    let (dir, _path, mut store) = workspace();
    let indexes = post_indexes(&store);
    assert!(indexes.len() >= 2, "{indexes:?}");
    let n = BULK_POSTS as usize + 20_000;
    let big = dir.path().join("big.jsonl");
    crate::support::write_generated_twarc2(&big, n);

    // Cancelled once the writer has passed the bulk threshold.
    let cancel = AtomicBool::new(false);
    let progress = |p: townhall::import::Progress| {
        if p.posts_read >= BULK_POSTS as u64 + 15_000 {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let opts = ImportOptions {
        cancel: Some(&cancel),
        progress: Some(&progress),
        ..Default::default()
    };
    let err = import_file(&mut store, &big, &opts).unwrap_err();
    assert_eq!(err.code(), townhall::ErrorCode::Cancelled);
    assert_eq!(store.post_count().unwrap(), 0);
    assert_eq!(post_indexes(&store), indexes);
    assert_eq!(crate::store::assert_post_pairs_agree(&store), 0);

    // Imported to the end: every index is back and agrees with the table.
    let report = import_file(&mut store, &big, &ImportOptions::default()).unwrap();
    assert_eq!(report.imported as usize, n);
    assert_eq!(post_indexes(&store), indexes);
    let check: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let (by_time, by_author): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM post_times), (SELECT count(*) FROM post_authors)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((by_time as usize, by_author as usize), (n, n));
    crate::store::assert_post_pairs_agree(&store);
}

/// A count no platform gives (negative, `1e30`, `2^63`) is unknown: stored as given, it
/// overflowed the sums SQLite adds counts into, and every later read of the workspace failed.
#[test]
fn an_impossible_count_is_unknown_and_the_workspace_stays_readable() {
    let (dir, _path, mut store) = workspace();
    let bluesky = serde_json::json!({"posts": [{
        "uri": "at://did:plc:a/app.bsky.feed.post/1", "cid": "c1",
        "author": {"did": "did:plc:a", "handle": "a.bsky.social"},
        "record": {"$type": "app.bsky.feed.post", "text": "portal down",
                   "createdAt": "2026-09-01T10:00:00.000Z"},
        "likeCount": 1e30, "repostCount": 9_223_372_036_854_775_807_i64, "replyCount": -5,
        "quoteCount": "12", "indexedAt": "2026-09-01T10:00:00.000Z"
    }]});
    let tweet = serde_json::json!({
        "id": "7", "author_id": "70", "created_at": "2026-09-01T11:00:00.000Z",
        "text": "portal down too",
        "public_metrics": {"like_count": 9_223_372_036_854_775_807_i64, "retweet_count": -3,
                           "reply_count": 2, "quote_count": 0},
        "author": {"id": "70", "username": "seven",
                   "public_metrics": {"followers_count": 5e18}}
    });
    let files = [
        ("search.json", bluesky.to_string()),
        ("tweets.jsonl", tweet.to_string() + "\n"),
    ];
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    }
    townhall::topics::add(&store, "Portal", "portal", "2026-09-02T00:00:00Z").unwrap();
    let posts = all_posts(store.conn(), None).unwrap();
    let counts: Vec<_> = posts
        .iter()
        .map(|p| (p.likes, p.shares, p.replies, p.quotes))
        .collect();
    assert_eq!(
        counts,
        [(None, None, None, Some(12)), (None, None, Some(2), Some(0))]
    );
    let followers: Option<i64> = store
        .conn()
        .query_row(
            "SELECT followers FROM authors WHERE handle = 'seven'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(followers, None);
}

/// A named pipe (as `townhall import /dev/stdin` or `<(zcat …)` give) can be read only once: it
/// is detected and imported like the file it carries, and never waited on a second time.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_imported_like_the_file_it_carries() {
    let (dir, _path, mut store) = workspace();
    let pipe = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());
    let writer = {
        let pipe = pipe.clone();
        std::thread::spawn(move || {
            std::fs::write(&pipe, std::fs::read(fixture("twarc2/pages.jsonl")).unwrap()).unwrap()
        })
    };
    let report = import_file(&mut store, &pipe, &ImportOptions::default()).unwrap();
    writer.join().unwrap();
    assert_eq!(report.format, Format::Twarc2);
    assert_eq!((report.imported, report.skipped), (5, 1));
    assert_eq!(report.path, pipe.display().to_string());
}

/// An array of tweets written on one line (as Python's `json.dump` writes it) is longer than a
/// record may be (16 MB), but each tweet is a record: all are imported.
#[test]
fn a_one_line_array_longer_than_a_record_imports_every_element() {
    let (dir, _path, mut store) = workspace();
    let pad = "x".repeat(7_000);
    let tweets: Vec<serde_json::Value> = (0..2_600)
        .map(|i| {
            serde_json::json!({
                "id": (1_830_000_000_000_000_000u64 + i).to_string(),
                "text": format!("the portal is down {i}"),
                "created_at": "2026-09-01T10:00:00.000Z",
                "author_id": (1000 + i % 50).to_string(),
                "note": pad,
            })
        })
        .collect();
    let line = serde_json::to_string(&tweets).unwrap();
    assert!(line.len() > 16 << 20, "{}", line.len());
    let file = dir.path().join("tweets.json");
    std::fs::write(&file, line).unwrap();
    let report = import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    assert_eq!(report.format, Format::Twarc2Flat);
    assert_eq!((report.imported, report.skipped), (2_600, 0), "{report:?}");
}

/// X's paid mark (`verified_type` `blue`) verifies anyone, so it does not name its holder; an
/// organisation's mark does.
#[test]
fn only_an_organisation_s_or_an_official_s_mark_counts_as_verified() {
    let (dir, _path, mut store) = workspace();
    let tweet = |id: &str, author: &str| {
        serde_json::json!({"id": id, "text": "the portal is down", "author_id": author,
                           "created_at": "2026-09-01T10:00:00.000Z", "lang": "en"})
    };
    let page = serde_json::json!({"data": [tweet("1", "10"), tweet("2", "11"), tweet("3", "12")],
    "includes": {"users": [
        {"id": "10", "username": "blue_mom", "name": "Brenda Blue", "verified": true,
         "verified_type": "blue"},
        {"id": "11", "username": "RiversideGazette", "name": "Riverside Gazette",
         "verified": true, "verified_type": "business"},
        {"id": "12", "username": "old_mark", "name": "Old Mark", "verified": true},
    ]}});
    let file = dir.path().join("marks.jsonl");
    std::fs::write(&file, page.to_string()).unwrap();
    import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    let verified = |handle: &str| -> Option<bool> {
        store
            .conn()
            .query_row(
                "SELECT verified FROM authors WHERE handle = ?1",
                [handle],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(verified("blue_mom"), Some(false));
    assert_eq!(verified("RiversideGazette"), Some(true));
    assert_eq!(
        verified("old_mark"),
        Some(true),
        "the legacy mark, with no type"
    );
}
