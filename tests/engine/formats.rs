//! Golden tests per importer: each fixture under `tests/fixtures/<format>/` is imported into a
//! fresh workspace and the reports and stored posts are compared with the snapshot beside it,
//! `<name>.expected.json`. Run with `UPDATE_GOLDEN=1` to rewrite the snapshots after an
//! intended change (and review the diff).

use std::io::Write;
use std::path::Path;

use pretty_assertions::assert_eq;
use serde_json::{json, Value};
use townhall::import::{import_file, import_file_with_map, Format, ImportOptions};
use townhall::store::posts::all_posts;
use townhall::store::Store;

use crate::support::{fixture, workspace};

/// Imports `inputs` in order and checks the outcome against the snapshot `expected`.
fn golden(expected: &str, inputs: &[&str]) -> Store {
    let (dir, _path, mut store) = workspace();
    let reports: Vec<Value> = inputs
        .iter()
        .map(|rel| {
            let r = import_file(&mut store, &fixture(rel), &ImportOptions::default()).unwrap();
            json!({"file": rel, "format": r.format, "read": r.read, "imported": r.imported,
                   "duplicates": r.duplicates, "skipped": r.skipped, "errors": r.errors})
        })
        .collect();
    let posts = all_posts(store.conn(), None).unwrap();
    let actual =
        serde_json::to_string_pretty(&json!({"reports": reports, "posts": posts})).unwrap() + "\n";
    let snapshot = fixture(expected);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&snapshot, &actual).unwrap();
    }
    let wanted = std::fs::read_to_string(&snapshot)
        .unwrap_or_else(|_| panic!("{expected} is missing: run with UPDATE_GOLDEN=1"));
    assert_eq!(
        wanted, actual,
        "{expected} differs (UPDATE_GOLDEN=1 rewrites it)"
    );
    drop(dir.keep());
    store
}

/// Zips a fixture folder into `dir`, member paths relative to the folder's parent.
fn zip_folder(rel: &str, dir: &Path) -> std::path::PathBuf {
    let root = fixture(rel);
    let out = dir.join("bundle.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&out).unwrap());
    let mut pending = vec![root.clone()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let name = path.strip_prefix(root.parent().unwrap()).unwrap();
                zip.start_file(
                    name.to_string_lossy(),
                    zip::write::SimpleFileOptions::default(),
                )
                .unwrap();
                zip.write_all(&std::fs::read(&path).unwrap()).unwrap();
            }
        }
    }
    zip.finish().unwrap();
    out
}

fn posts_of(store: &Store) -> Vec<(String, String)> {
    let mut posts: Vec<_> = all_posts(store.conn(), None)
        .unwrap()
        .into_iter()
        .map(|p| (p.native_id, p.text))
        .collect();
    posts.sort();
    posts
}

/// One text column of the stored posts, as `sql` selects it.
fn stored(store: &Store, sql: &str) -> Vec<String> {
    store
        .conn()
        .prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// `text` written to a file `name` in `dir` and imported into `store`.
fn import_text(
    store: &mut Store,
    dir: &Path,
    name: &str,
    text: &str,
) -> townhall::import::ImportReport {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    import_file(store, &path, &ImportOptions::default()).unwrap()
}

#[test]
fn twitter_archive_folder_zip_and_single_file() {
    let folder = golden(
        "twitter_archive/data.expected.json",
        &["twitter_archive/data"],
    );
    let (dir, _path, mut store) = workspace();
    let zip = zip_folder("twitter_archive/data", dir.path());
    let report = import_file(&mut store, &zip, &ImportOptions::default()).unwrap();
    assert_eq!(report.format, Format::TwitterArchive);
    assert_eq!((report.imported, report.skipped), (3, 1));
    assert!(
        report.errors[0].reason.starts_with("data/tweets.js: "),
        "{:?}",
        report.errors
    );
    assert_eq!(posts_of(&store), posts_of(&folder));

    let single = fixture("twitter_archive/data/tweets.js");
    let report = import_file(&mut store, &single, &ImportOptions::default()).unwrap();
    assert_eq!((report.read, report.duplicates, report.skipped), (3, 3, 1));
}

#[test]
fn twitter_v1_search_response_and_stream() {
    golden(
        "twitter_v1/search.expected.json",
        &["twitter_v1/search.json", "twitter_v1/stream.jsonl"],
    );
}

/// Facebook wraps its comments in objects (`[{"comments_v2": [...]}, {"group_comments_v2":
/// []}]`): a broken comment is skipped alone, on its own line, and the others are imported; an
/// empty wrapper is no broken record.
#[test]
fn a_broken_facebook_comment_costs_that_comment_not_its_wrapper() {
    let (dir, _path, mut store) = workspace();
    let comments: Vec<Value> = (0..6)
        .map(|i| {
            let timestamp = if i == 3 {
                json!("oops")
            } else {
                json!(1_709_564_900 + i)
            };
            json!({"timestamp": timestamp, "title": "Maya K commented on a post.",
                   "data": [{"comment": {"timestamp": 1_709_564_900 + i,
                                         "comment": format!("the portal is down {i}"),
                                         "author": "Maya K"}}]})
        })
        .collect();
    let file = dir.path().join("comments.json");
    let doc = json!([{"comments_v2": comments}, {"group_comments_v2": []}]);
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let report = import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    assert_eq!((report.imported, report.skipped), (5, 1), "{report:?}");
    let text = std::fs::read_to_string(&file).unwrap();
    let oops = text.lines().position(|l| l.contains("oops")).unwrap() as u64 + 1;
    let line = report.errors[0].line;
    assert!((oops..oops + 16).contains(&line), "{line} against {oops}");
}

#[test]
fn facebook_export_folder_and_zip_repair_text_and_reimport_idempotently() {
    let folder = golden(
        "facebook_dyi/export.expected.json",
        &["facebook_dyi/export"],
    );
    let (dir, _path, mut store) = workspace();
    let zip = zip_folder("facebook_dyi/export", dir.path());
    let report = import_file(&mut store, &zip, &ImportOptions::default()).unwrap();
    assert_eq!((report.format, report.imported), (Format::FacebookDyi, 3));
    assert_eq!(posts_of(&store), posts_of(&folder));
    let again = import_file(&mut store, &zip, &ImportOptions::default()).unwrap();
    assert_eq!((again.imported, again.duplicates), (0, 3));
}

#[test]
fn crowdtangle_pages_csv() {
    golden(
        "crowdtangle/pages.expected.json",
        &["crowdtangle/pages.csv"],
    );
}

#[test]
fn listening_tool_csv_mapping_is_guessed() {
    golden("csv/meltwater.expected.json", &["csv/meltwater.csv"]);
}

#[test]
fn csv_mapping_set_by_hand_is_saved_for_the_same_header() {
    let (dir, _path, mut store) = workspace();
    let opts = ImportOptions::default();
    let err = import_file(&mut store, &fixture("csv/sheet.csv"), &opts).unwrap_err();
    assert!(err.to_string().contains("no text column"), "{err}");

    let map: Vec<(String, String)> = [("text", "What"), ("created_at", "When"), ("author", "Who")]
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .to_vec();
    let report = import_file_with_map(&mut store, &fixture("csv/sheet.csv"), &opts, &map).unwrap();
    assert_eq!((report.format, report.imported), (Format::Csv, 2));

    let next = dir.path().join("next.csv");
    std::fs::write(
        &next,
        "When,What,Who\n2024-03-03 08:00,a later export,sam\n",
    )
    .unwrap();
    let report = import_file(&mut store, &next, &opts).unwrap();
    assert_eq!(report.imported, 1, "the saved mapping is reused");

    let bad = [("likes".to_string(), "Nope".to_string())];
    let err = import_file_with_map(&mut store, &next, &opts, &bad).unwrap_err();
    assert!(err.to_string().contains("Nope"), "{err}");

    // A mistaken mapping that reads none of the rows is not kept for the next file.
    let wrong = [("created_at".to_string(), "Who".to_string())];
    let failed = import_file_with_map(&mut store, &next, &opts, &wrong);
    assert!(failed.is_err() || failed.unwrap().imported == 0);
    let again = dir.path().join("again.csv");
    std::fs::write(&again, "When,What,Who\n2024-03-04 08:00,still down,kim\n").unwrap();
    let report = import_file(&mut store, &again, &opts).unwrap();
    assert_eq!(report.imported, 1, "{:?}", report.errors);
}

#[test]
fn reddit_dump_and_listing() {
    golden(
        "reddit/dump.expected.json",
        &["reddit/dump.ndjson", "reddit/listing.json"],
    );
}

/// The old API's `created` is on the server's clock, hours off: a post that gives only that is
/// skipped as one without a time, rather than put at the wrong hour.
#[test]
fn a_reddit_post_without_created_utc_is_skipped_not_put_at_the_server_s_hour() {
    let (dir, _path, mut store) = workspace();
    let file = dir.path().join("RS_partial.ndjson");
    let post = |id: &str, time: &str| {
        format!(
            r#"{{"id":"{id}","name":"t3_{id}","subreddit":"uni","author":"kai","title":"portal down","selftext":"","permalink":"/r/uni/comments/{id}/x/",{time}}}"#
        )
    };
    std::fs::write(
        &file,
        [
            post("a1", r#""created_utc":1788000000"#),
            post("a2", r#""created":1788028800"#),
        ]
        .join("\n"),
    )
    .unwrap();
    let report = import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    assert_eq!((report.imported, report.skipped), (1, 1), "{report:?}");
    assert_eq!(report.errors[0].line, 2);
    assert!(
        report.errors[0].reason.contains("created_utc"),
        "{report:?}"
    );
}

#[test]
fn reddit_dumps_compressed_with_gzip_or_zstd() {
    let (dir, _path, mut store) = workspace();
    let raw = std::fs::read(fixture("reddit/dump.ndjson")).unwrap();
    let zst = dir.path().join("RS_2026-09.zst");
    std::fs::write(&zst, zstd::encode_all(&raw[..], 3).unwrap()).unwrap();
    let report = import_file(&mut store, &zst, &ImportOptions::default()).unwrap();
    assert_eq!(
        (report.format, report.imported, report.skipped),
        (Format::Reddit, 3, 2)
    );
    let gz = dir.path().join("RS_2026-09.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&raw).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let report = import_file(&mut store, &gz, &ImportOptions::default()).unwrap();
    assert_eq!((report.duplicates, report.skipped), (3, 2));
}

#[test]
fn mastodon_outbox_and_api_search() {
    golden(
        "mastodon/outbox.expected.json",
        &["mastodon/outbox.json", "mastodon/search.json"],
    );
}

#[test]
fn bluesky_search_then_profiles_update_followers() {
    golden(
        "bluesky/search.expected.json",
        &["bluesky/search.json", "bluesky/profiles.json"],
    );
}

#[test]
fn twarc2_streams_conversations_and_user_lookups() {
    let store = golden(
        "twarc2/shapes.expected.json",
        &[
            "twarc2/stream.jsonl",
            "twarc2/sample.jsonl",
            "twarc2/conversation.jsonl",
            "twarc2/users.jsonl",
        ],
    );
    // A users lookup adds authors with their follower counts, and no posts.
    let followers: Option<i64> = store
        .conn()
        .query_row(
            "SELECT followers FROM authors WHERE platform = 'twitter' AND handle = 'riverside_sd'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(followers, Some(12000));
    let pinned: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM posts WHERE native_id = '7401'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        pinned, 0,
        "a user's pinned tweet is not one of the posts looked for"
    );
    for rel in [
        "twarc2/stream.jsonl",
        "twarc2/sample.jsonl",
        "twarc2/users.jsonl",
    ] {
        assert_eq!(
            townhall::import::detect(&fixture(rel)).unwrap(),
            Format::Twarc2,
            "{rel}"
        );
    }
}

/// The posts `rel` gives when imported alone into a fresh workspace, with the report's counts.
fn imported_alone(path: &Path) -> (Value, Value) {
    let (_dir, _path, mut store) = workspace();
    let r = import_file(&mut store, path, &ImportOptions::default()).unwrap();
    let report = json!({"format": r.format, "read": r.read, "imported": r.imported,
                        "skipped": r.skipped});
    let posts = serde_json::to_value(all_posts(store.conn(), None).unwrap()).unwrap();
    (report, posts)
}

#[test]
fn twarc2_saved_pretty_printed_or_as_an_array_imports_like_its_lines() {
    // An API response saved with `jq .` or `json.dump(indent=2)`, or the records gathered in
    // one array, is the same data as twarc's one value per line.
    let dir = tempfile::tempdir().unwrap();
    for rel in ["twarc2/pages.jsonl", "twarc2/flat.jsonl"] {
        let lines = std::fs::read_to_string(fixture(rel)).unwrap();
        let values: Vec<Value> = lines
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        // The fixture's whole lines, one value per line as twarc writes them.
        let jsonl = dir.path().join("lines.jsonl");
        let lines: Vec<String> = values.iter().map(Value::to_string).collect();
        std::fs::write(&jsonl, lines.join("\n")).unwrap();
        let pretty = values
            .iter()
            .map(|v| serde_json::to_string_pretty(v).unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        let array = serde_json::to_string_pretty(&values).unwrap();
        let compact_array = serde_json::to_string(&values).unwrap();
        let wanted = imported_alone(&jsonl);
        assert!(
            wanted.0["imported"].as_u64().unwrap() > 0,
            "{rel} has posts"
        );
        for (name, text) in [
            ("pretty", pretty),
            ("array", array),
            ("compact-array", compact_array),
        ] {
            let path = dir.path().join(format!("{name}.json"));
            std::fs::write(&path, format!("\n{text}\n")).unwrap();
            assert_eq!(imported_alone(&path), wanted, "{rel} saved as {name}");
        }
    }
    // A broken record of a pretty-printed file is skipped with its line; the others import.
    let path = dir.path().join("broken.json");
    let good = json!({"id": "9001", "text": "portal down", "created_at": "2026-09-01T08:00:00.000Z",
                      "author_id": "77"});
    std::fs::write(
        &path,
        format!(
            "{}\n{{\n  \"id\": \"9002\",\n  \"text\": \n}}\n{}\n",
            serde_json::to_string_pretty(&good).unwrap(),
            serde_json::to_string_pretty(&json!({"id": "9003", "text": "still down",
                "created_at": "2026-09-01T09:00:00.000Z", "author_id": "77"}))
            .unwrap()
        ),
    )
    .unwrap();
    let (_dir, _path, mut store) = workspace();
    let r = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    assert_eq!((r.imported, r.skipped), (2, 1), "{:?}", r.errors);
    assert_eq!(r.errors[0].line, 10, "{:?}", r.errors);
}

#[test]
fn a_listening_tool_export_with_notes_above_its_table_imports() {
    // As Brandwatch writes a report: its name, query and dates, a blank line, then the table.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brandwatch.csv");
    std::fs::write(
        &path,
        "Brandwatch Consumer Research\nQuery:,SchoolMax outage\nFrom:,2026-09-01 00:00\n\
         To:,2026-09-03 00:00\n\n\
         Query Id,Date,Url,Sentiment,Language,Author,Full Name,Full Text,Twitter Followers\n\
         1998,2026-09-01 08:01:00.0,https://x.com/a/status/1,negative,en,@parent1,Pat,SchoolMax is down,120\n\
         1998,not a date,https://x.com/b/status/2,negative,en,@student2,Sam,cant log in,45\n\
         1998,2026-09-01 09:15:00.0,https://x.com/c/status/3,neutral,en,@news,News,A fix is coming,25000\n",
    )
    .unwrap();
    let (_dir, _path, mut store) = workspace();
    let preview = townhall::workspace::importing::csv_preview(&store, &path)
        .unwrap()
        .expect("a CSV");
    assert_eq!(preview.header[0], "Query Id");
    assert_eq!(preview.rows.len(), 3);
    let r = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    assert_eq!((r.format, r.imported, r.skipped), (Format::Csv, 2, 1));
    assert_eq!(
        r.errors[0].line, 8,
        "the broken row's own line: {:?}",
        r.errors
    );
    let posts = posts_of(&store);
    // The tweet's own id, from its address, so that the same tweet from an API export is
    // the same post.
    assert_eq!(posts[0], ("1".into(), "SchoolMax is down".into()));
}

#[test]
fn a_day_first_export_reads_its_ambiguous_dates_day_first() {
    // As Talkwalker writes its dates: the first rows could be either order, a later one cannot.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("talkwalker.csv");
    let mut csv = String::from("url,published,content,source_type,extra_author_attributes.name\n");
    for (i, date) in ["05/03/2024 14:22", "06/03/2024 08:00", "25/03/2024 09:00"]
        .iter()
        .enumerate()
    {
        csv += &format!("https://x.com/a/status/{i},{date},portal down,TWITTER,Pat\n");
    }
    std::fs::write(&path, csv).unwrap();
    let (_dir, _path, mut store) = workspace();
    let r = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    assert_eq!(r.imported, 3, "{:?}", r.errors);
    let days = stored(
        &store,
        "SELECT date(created_at, 'unixepoch') FROM posts ORDER BY id",
    );
    assert_eq!(days, ["2024-03-05", "2024-03-06", "2024-03-25"]);
}

#[test]
fn a_european_sprout_export_keeps_its_counts() {
    // As Excel saves Sprout Social's report in a German locale: `sep=;`, thousands grouped by
    // dots, Facebook's likes under Reactions and the other networks' under Likes.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sprout.csv");
    std::fs::write(
        &path,
        "sep=;\n\
         Date;Post ID;Network;Profile;Post;Impressions;Reactions;Likes;Comments;Shares\n\
         01.03.2024 08:15;fb1;Facebook;District;SchoolMax is down;45.678;1.234;;12;3\n\
         01.03.2024 09:30;tw1;X;district;Still down;12,5K;;40;2;1.002\n",
    )
    .unwrap();
    let (_dir, _path, mut store) = workspace();
    let r = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    assert_eq!((r.format, r.imported), (Format::Csv, 2), "{:?}", r.errors);
    type Counts = (String, Option<i64>, Option<i64>, Option<i64>, Option<i64>);
    let counts: Vec<Counts> = store
        .conn()
        .prepare(
            "SELECT strftime('%d %H:%M', created_at, 'unixepoch'), likes, replies, shares, views \
             FROM posts ORDER BY created_at",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        counts,
        [
            (
                "01 08:15".into(),
                Some(1_234),
                Some(12),
                Some(3),
                Some(45_678)
            ),
            (
                "01 09:30".into(),
                Some(40),
                Some(2),
                Some(1_002),
                Some(12_500)
            ),
        ]
    );
}

#[test]
fn a_column_that_numbers_the_rows_is_no_post_s_id() {
    // Weeks of a hand-made sheet, each numbering its rows from 1, the last two of one row.
    let dir = tempfile::tempdir().unwrap();
    let (_ws, _path, mut store) = workspace();
    for (week, day, n) in [
        (1, "2024-03-01", 3),
        (2, "2024-03-08", 3),
        (3, "2024-03-15", 1),
        (4, "2024-03-22", 1),
    ] {
        let path = dir.path().join(format!("week{week}.csv"));
        let rows: String = (1..=n)
            .map(|i| format!("{i},{day} 09:0{i},week {week} post {i},author{i}\n"))
            .collect();
        std::fs::write(&path, format!("ID,Date,Text,Author\n{rows}")).unwrap();
        let r = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
        assert_eq!(
            (r.imported, r.duplicates),
            (n, 0),
            "week {week}: {:?}",
            r.errors
        );
        // The same file again adds nothing.
        let again = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
        assert_eq!((again.imported, again.duplicates), (0, n), "week {week}");
    }
}

/// A sheet of tweets whose ids are in a "Tweet ID" column, with no address or platform column
/// (Vicinitas' export): its tweets are the API's tweets, met again, not posts of no platform.
#[test]
fn a_tweet_id_column_makes_its_rows_the_tweets_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let (_ws, _path, mut store) = workspace();
    let r = import_file(
        &mut store,
        &fixture("twarc2/pages.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert!(r.imported > 0);
    let (id, text): (String, String) = store
        .conn()
        .query_row(
            "SELECT native_id, text FROM posts WHERE platform = 'twitter' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let sheet = dir.path().join("vicinitas.csv");
    let mut csv = csv::Writer::from_path(&sheet).unwrap();
    csv.write_record(["Tweet ID", "Screen Name", "Created At", "Tweet Text"])
        .unwrap();
    csv.write_record([id.as_str(), "someone", "2026-09-01 09:00", text.as_str()])
        .unwrap();
    csv.flush().unwrap();
    let r = import_file(&mut store, &sheet, &ImportOptions::default()).unwrap();
    assert_eq!((r.imported, r.duplicates), (0, 1), "{:?}", r.errors);
}

/// Excel leaves rows of empty cells below a table: they are no records, not skipped ones.
#[test]
fn rows_of_empty_cells_are_no_records() {
    let dir = tempfile::tempdir().unwrap();
    let (_ws, _path, mut store) = workspace();
    let r = import_text(
        &mut store,
        dir.path(),
        "trailing.csv",
        "Date,Author,Text\n2024-03-01 10:00,alice,portal down\n,,\n , ,\n,,\n",
    );
    assert_eq!((r.imported, r.skipped), (1, 0), "{:?}", r.errors);
}

/// A feed whose items link relatively (`/news/a`) has them read against its site's address, so
/// that an alert's or a brief's link to the item leads to its page; a link that is no web page
/// (`javascript:`) is not kept.
#[test]
fn a_feed_item_s_relative_link_is_read_against_its_site() {
    let dir = tempfile::tempdir().unwrap();
    let (_ws, _path, mut store) = workspace();
    let r = import_text(
        &mut store,
        dir.path(),
        "status.rss",
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Status</title>
        <link>https://status.example.com/history</link>
        <item><title>Portal outage</title><link>/incidents/42</link><guid>a</guid>
        <pubDate>Tue, 01 Sep 2026 09:30:00 GMT</pubDate></item>
        <item><title>Fixed</title><link>https://other.example.org/b</link><guid>b</guid>
        <pubDate>Tue, 01 Sep 2026 10:30:00 GMT</pubDate></item>
        <item><title>Click</title><link>javascript:alert(1)</link><guid>c</guid>
        <pubDate>Tue, 01 Sep 2026 11:30:00 GMT</pubDate></item>
        </channel></rss>"#,
    );
    assert_eq!(r.imported, 3, "{:?}", r.errors);
    let mut urls: Vec<_> = all_posts(store.conn(), None)
        .unwrap()
        .into_iter()
        .map(|p| p.url.unwrap_or_default())
        .collect();
    urls.sort();
    assert_eq!(
        urls,
        [
            "",
            "https://other.example.org/b",
            "https://status.example.com/incidents/42"
        ]
    );
}

/// RSS makes an item's date optional: an undated item of a feed that says when it was built
/// takes that date (when a source polling the feed first sees it), instead of being skipped
/// at every poll.
#[test]
fn an_undated_feed_item_takes_the_feed_s_date() {
    let dir = tempfile::tempdir().unwrap();
    let (_ws, _path, mut store) = workspace();
    let r = import_text(
        &mut store,
        dir.path(),
        "status.rss",
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Status</title>
        <link>https://status.example.com/</link>
        <lastBuildDate>Tue, 01 Sep 2026 11:00:00 GMT</lastBuildDate>
        <item><title>Portal outage: investigating</title><guid>a</guid></item>
        </channel></rss>"#,
    );
    assert_eq!((r.imported, r.skipped), (1, 0), "{:?}", r.errors);
    let post = all_posts(store.conn(), None).unwrap().remove(0);
    assert!(
        post.created_at.starts_with("2026-09-01T11:00:00"),
        "{}",
        post.created_at
    );
}

/// A sheet whose dates showed they are day first (25/03) is followed by one with the same header
/// whose dates do not (05/03 only): it reads them day first too, so its row already imported is
/// the same post, not another two months away.
#[test]
fn the_next_sheet_with_a_header_reads_its_dates_as_the_last_did() {
    let dir = tempfile::tempdir().unwrap();
    let (_ws, _path, mut store) = workspace();
    let mut sheet = |name: &str, rows: &str| {
        import_text(
            &mut store,
            dir.path(),
            name,
            &format!("Date,Author,Text\n{rows}"),
        )
    };
    let r = sheet(
        "week.csv",
        "05/03/2024 10:00,alice,portal down\n25/03/2024 11:00,bob,portal slow\n",
    );
    assert_eq!(r.imported, 2, "{:?}", r.errors);
    let r = sheet(
        "day.csv",
        "05/03/2024 10:00,alice,portal down\n05/03/2024 12:00,carol,portal down again\n",
    );
    assert_eq!((r.imported, r.duplicates), (1, 1), "{:?}", r.errors);
    let mut days: Vec<_> = all_posts(store.conn(), None)
        .unwrap()
        .into_iter()
        .map(|p| p.created_at[..10].to_string())
        .collect();
    days.sort();
    assert_eq!(days, ["2024-03-05", "2024-03-05", "2024-03-25"]);
}

/// A text with the separator left unquoted splits into two cells, and the cells after it move
/// a column along: the row is skipped and reported, not stored with its text cut short. A
/// trailing separator (an empty cell past the header) is no harm.
#[test]
fn a_row_split_by_an_unquoted_separator_is_skipped_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (_ws, _path, mut store) = workspace();
    let r = import_text(
        &mut store,
        dir.path(),
        "split.csv",
        "Date,Author,Text\n\
         2024-03-01 10:00,alice,portal down\n\
         2024-03-01 11:00,bob,portal down, again\n\
         2024-03-01 12:00,carol,portal still down,\n",
    );
    assert_eq!((r.imported, r.skipped), (2, 1), "{:?}", r.errors);
    assert_eq!(r.errors[0].line, 3, "{:?}", r.errors);
    assert!(
        r.errors[0]
            .reason
            .contains("4 cells where the header names 3"),
        "{:?}",
        r.errors
    );
    let mut texts: Vec<_> = all_posts(store.conn(), None)
        .unwrap()
        .into_iter()
        .map(|p| p.text)
        .collect();
    texts.sort();
    assert_eq!(texts, ["portal down", "portal still down"]);
}

/// A sheet with no id or address column, exported again a week later with its counts grown and
/// a row added: its posts are the posts already stored (their counts raised to the grown ones,
/// as any post met again raises them), not new ones.
#[test]
fn a_sheet_without_ids_exported_again_with_grown_counts_adds_only_its_new_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (_ws, _path, mut store) = workspace();
    let sheet = |likes: [u32; 3], rows: usize| {
        let rows: String = (0..rows)
            .map(|i| {
                format!(
                    "{i},2024-03-01 09:0{i},portal down {i},author{i},{}\n",
                    likes[i]
                )
            })
            .collect();
        format!("#,Date,Text,Author,Likes\n{rows}")
    };
    let first = dir.path().join("monday.csv");
    std::fs::write(&first, sheet([1, 2, 0], 2)).unwrap();
    let r = import_file(&mut store, &first, &ImportOptions::default()).unwrap();
    assert_eq!((r.imported, r.duplicates), (2, 0), "{:?}", r.errors);

    let later = dir.path().join("friday.csv");
    std::fs::write(&later, sheet([10, 20, 30], 3)).unwrap();
    let r = import_file(&mut store, &later, &ImportOptions::default()).unwrap();
    assert_eq!((r.imported, r.duplicates), (1, 2), "{:?}", r.errors);
    assert_eq!(
        stored(
            &store,
            "SELECT CAST(likes AS TEXT) FROM posts ORDER BY created_at"
        ),
        ["10", "20", "30"]
    );
}

#[test]
fn an_export_of_early_days_of_a_month_reads_its_days_in_order() {
    // Talkwalker's first week of March: no date shows the order, but read month first the
    // rows would be months apart.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("talkwalker.csv");
    let mut csv = String::from("url,published,content\n");
    for (i, date) in ["05/03/2024 14:22", "06/03/2024 08:00", "07/03/2024 09:00"]
        .iter()
        .enumerate()
    {
        csv += &format!("https://x.com/a/status/{i},{date},portal down\n");
    }
    std::fs::write(&path, csv).unwrap();
    let (_dir, _path, mut store) = workspace();
    let r = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    assert_eq!(r.imported, 3, "{:?}", r.errors);
    let days = stored(
        &store,
        "SELECT date(created_at, 'unixepoch') FROM posts ORDER BY id",
    );
    assert_eq!(days, ["2024-03-05", "2024-03-06", "2024-03-07"]);
}

#[test]
fn a_csv_s_times_without_a_zone_are_the_workspace_s_clock() {
    // A Sprout or Meltwater report writes its user's local time and names no zone.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.csv");
    std::fs::write(
        &path,
        "Date,Post,Profile\n\
         2024-03-01 08:15,SchoolMax is down,a\n\
         2024-03-01 09:30 EST,still down,b\n\
         2024-03-01T16:00:00Z,back,c\n",
    )
    .unwrap();
    let (_dir, _path, mut store) = workspace();
    townhall::store::settings::set(store.conn(), "timezone", "America/New_York").unwrap();
    let r = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    assert_eq!(r.imported, 3, "{:?}", r.errors);
    let times = stored(
        &store,
        "SELECT datetime(created_at, 'unixepoch') FROM posts ORDER BY created_at",
    );
    assert_eq!(
        times,
        [
            "2024-03-01 13:15:00",
            "2024-03-01 14:30:00",
            "2024-03-01 16:00:00"
        ]
    );
}

#[test]
fn markup_twitter_and_reddit_escape_is_stored_as_the_text_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "v2.jsonl",
            r#"{"id": "71", "text": "AT&amp;T &lt;3 portal &gt; paper", "created_at": "2026-09-01T08:00:00.000Z", "author_id": "5"}"#,
        ),
        (
            "v1.json",
            r#"[{"id_str": "72", "full_text": "Q&amp;A at 3", "created_at": "Tue Sep 01 08:00:00 +0000 2026", "user": {"id_str": "6", "screen_name": "kai", "followers_count": 3}}]"#,
        ),
        (
            "reddit.ndjson",
            r#"{"id": "r1", "subreddit": "k12", "title": "Grades &amp; schedules", "selftext": "1 &lt; 2", "created_utc": 1788249600, "author": "sam"}"#,
        ),
    ];
    let (_dir, _path, mut store) = workspace();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let r = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
        assert_eq!(r.imported, 1, "{name}: {:?}", r.errors);
    }
    let texts: Vec<String> = posts_of(&store).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        texts,
        [
            "AT&T <3 portal > paper",
            "Q&A at 3",
            "Grades & schedules\n\n1 < 2"
        ]
    );
}

#[test]
fn a_twarc2_csv_reads_like_the_api_page_it_was_made_from() {
    // `twarc2 csv csv/twarc2.source.jsonl csv/twarc2.csv` (twarc-csv 0.7.2): dotted API v2
    // columns, line breaks written as `\n`, the API's `&amp;` kept, a retweet written with its
    // original's text (`merge_retweets`, the default).
    let (_dir, _path, mut store) = workspace();
    let csv = import_file(
        &mut store,
        &fixture("csv/twarc2.csv"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!((csv.format, csv.imported, csv.skipped), (Format::Csv, 3, 0));
    let from_csv = all_posts(store.conn(), None).unwrap();
    let json = import_file(
        &mut store,
        &fixture("csv/twarc2.source.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(
        (json.imported, json.duplicates),
        (0, 3),
        "the same tweets, whichever file came first"
    );

    let (_dir2, _path2, mut fresh) = workspace();
    import_file(
        &mut fresh,
        &fixture("csv/twarc2.source.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    let from_json = all_posts(fresh.conn(), None).unwrap();
    let facts = |p: &townhall::store::posts::StoredPost| {
        (
            p.platform,
            p.native_id.clone(),
            p.text.clone(),
            p.author_handle.clone(),
            p.author_followers,
            (p.likes, p.shares, p.replies, p.quotes, p.views),
            p.created_at.clone(),
            (p.kind, p.parent.clone(), p.url.clone()),
        )
    };
    let csv_facts: Vec<_> = from_csv.iter().map(facts).collect();
    let json_facts: Vec<_> = from_json.iter().map(facts).collect();
    assert_eq!(csv_facts, json_facts);
    assert!(
        csv_facts[0].2.contains("again & no ETA\n\nkids"),
        "{csv_facts:?}"
    );
    assert_eq!(
        csv_facts[1].7 .1.as_deref(),
        Some("9101"),
        "a reply, with its parent"
    );
    // twarc-csv writes a retweet with its original's text; it says whose it is, as the API's.
    assert!(
        csv_facts[2]
            .2
            .starts_with("RT @maya_k: SchoolMax down again"),
        "{csv_facts:?}"
    );
    // One person, whichever file brought their posts.
    let authors: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM authors", [], |r| r.get(0))
        .unwrap();
    assert_eq!(authors, 2);
}

#[test]
fn utf16_tab_separated_and_latin1_semicolon_csvs_import() {
    let (_dir, _path, mut store) = workspace();
    let opts = ImportOptions::default();
    for (rel, rows) in [
        ("csv/brandwatch_utf16.tsv", 3),
        ("csv/talkwalker_latin1.csv", 2),
    ] {
        assert_eq!(
            townhall::import::detect(&fixture(rel)).unwrap(),
            Format::Csv,
            "{rel}"
        );
        let report = import_file(&mut store, &fixture(rel), &opts).unwrap();
        assert_eq!(
            (report.imported, report.skipped),
            (rows, 0),
            "{rel}: {report:?}"
        );
    }
    let texts: Vec<String> = all_posts(store.conn(), None)
        .unwrap()
        .into_iter()
        .map(|p| p.text)
        .collect();
    for expected in [
        "Gradebook portal timing out – again 😡",
        "Anyone else: \"can't log in\" to the portal?",
        "Le portail des notes est bloqué ; impossible d'accéder à l'école en ligne",
        "Déjà vu : «portail» en panne – encore",
    ] {
        assert!(
            texts.iter().any(|t| t == expected),
            "{expected:?} not in {texts:?}"
        );
    }
    let preview =
        townhall::import::csv_mapped::preview(store.conn(), &fixture("csv/brandwatch_utf16.tsv"))
            .unwrap();
    assert_eq!(preview.header[3], "Full Text");
    assert_eq!(preview.rows.len(), 3);
}

/// A JSON export saved as UTF-16 (a Windows editor's "Unicode") is read as the same JSON in
/// UTF-8, and a text cut in the middle of an emoji (half a character in a `\u` escape, on the
/// first line or any other) keeps its post, the lost character marked by U+FFFD.
#[test]
fn utf16_json_and_texts_cut_inside_a_character_import() {
    let (dir, _path, mut store) = workspace();
    let status = json!({"statuses": [{
        "id": "1", "uri": "https://m.example/users/a/statuses/1",
        "created_at": "2026-05-04T08:00:00Z", "content": "<p>portail en panne – encore 😡</p>",
        "account": {"uri": "https://m.example/users/a", "acct": "a"}}]})
    .to_string();
    let little: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(status.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let big: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(status.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let tweet = |id: u32, text: &str| {
        format!(
            r#"{{"id": "{id}", "author_id": "9", "created_at": "2026-05-04T09:00:00.000Z", "text": "{text}"}}"#
        )
    };
    let cut = [
        tweet(10, r"portal down \ud83d"),
        tweet(11, r"portal fine \ud83d\ude00"),
        tweet(12, r"\ude00 portal again"),
    ]
    .join("\n");
    // An API page, whose parser takes the page and reads each tweet on its own.
    let page = format!(
        r#"{{"data": [{}, {}], "includes": {{"users": [{{"id": "9", "username": "ann"}}]}}}}"#,
        tweet(20, r"page cut \udbff"),
        tweet(21, r"page whole, a backslash then u: \\ud800")
    );
    let opts = ImportOptions::default();
    for (name, bytes, format) in [
        ("le.json", little, Format::Mastodon),
        ("be.json", big, Format::Mastodon),
        ("cut.jsonl", cut.into_bytes(), Format::Twarc2Flat),
        ("page.jsonl", page.into_bytes(), Format::Twarc2),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(townhall::import::detect(&path).unwrap(), format, "{name}");
        let report = import_file(&mut store, &path, &opts).unwrap();
        assert_eq!(report.skipped, 0, "{name}: {report:?}");
    }
    let mut texts: Vec<String> = all_posts(store.conn(), None)
        .unwrap()
        .into_iter()
        .map(|p| p.text)
        .collect();
    texts.sort();
    assert_eq!(
        texts,
        [
            "page cut \u{fffd}",
            "page whole, a backslash then u: \\ud800",
            "portail en panne – encore 😡",
            "portal down \u{fffd}",
            "portal fine 😀",
            "\u{fffd} portal again"
        ]
    );
}

/// Meltwater, Talkwalker and Brandwatch give a post's engagement as one total: the dashboard
/// counts it where the row gives no likes, shares, replies or quotes, and the parts where it
/// does (a Sprout report has both, and its Engagements also counts clicks).
#[test]
fn a_listening_tool_s_total_engagement_counts_where_no_part_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.csv");
    std::fs::write(
        &path,
        "Date,Hit Sentence,Influencer,Engagement,Likes,Shares\n\
         2024-03-01 09:00,portal down,a,12,,\n\
         2024-03-01 10:00,portal down again,b,,,\n\
         2024-03-01 11:00,portal still down,c,50,3,1\n",
    )
    .unwrap();
    let (_dir, _path, mut store) = workspace();
    let r = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    assert_eq!(r.imported, 3, "{:?}", r.errors);
    let mut engagement: Vec<_> = all_posts(store.conn(), None)
        .unwrap()
        .into_iter()
        .map(|p| (p.text, p.engagement))
        .collect();
    engagement.sort();
    assert_eq!(
        engagement,
        [
            ("portal down".to_string(), Some(12)),
            ("portal down again".to_string(), None),
            ("portal still down".to_string(), Some(4)),
        ]
    );

    // The same through a topic's kept matches, as the dashboard reads them.
    let topic = townhall::topics::add(&store, "Portal", "portal", "2024-03-02T00:00:00Z").unwrap();
    let day = townhall::time::parse_date("2024-03-01").unwrap();
    let utc = townhall::time::parse_tz("UTC").unwrap();
    let period = townhall::analytics::Period::new(day, day, utc).unwrap();
    let totals = townhall::analytics::overview(&store, &topic, &period)
        .unwrap()
        .totals;
    assert_eq!(totals.engagement, 16);
    assert!(
        (totals.engagement_unknown_share - 1.0 / 3.0).abs() < 1e-9,
        "{totals:?}"
    );
}

/// A UTF-8 export with one Windows-1252 byte pasted into a cell near its top: the file stays
/// UTF-8 (the one cell is read as Windows-1252), rather than every row being read as
/// Windows-1252 ("cafÃ©").
#[test]
fn one_windows_1252_byte_near_the_top_does_not_make_a_utf8_csv_windows_1252() {
    let (dir, _path, mut store) = workspace();
    let mut bytes = b"Date,Author,Text\n".to_vec();
    for i in 0..200 {
        bytes.extend(format!("2026-09-01 10:{:02}:00,@u{i},café – naïve {i}\n", i % 60).bytes());
        if i == 3 {
            bytes.extend(b"2026-09-01 11:00:00,@stray,d\xe9j\xe0 vu\n");
        }
    }
    let file = dir.path().join("mixed.csv");
    std::fs::write(&file, bytes).unwrap();
    let report = import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    assert_eq!(report.imported, 201, "{report:?}");
    let texts = stored(&store, "SELECT text FROM posts ORDER BY text");
    assert!(texts.contains(&"café – naïve 7".to_string()), "{texts:?}");
    assert!(texts.contains(&"déjà vu".to_string()), "{texts:?}");
}
