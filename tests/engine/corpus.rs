//! The importers on the real sample files in `../shared/corpus` (skipped when absent).

use townhall::import::{import_file, Format, ImportOptions, ImportReport};
use townhall::model::PostKind;
use townhall::store::posts::{all_posts, StoredPost};
use townhall::store::Store;

use crate::support::{corpus, workspace};

#[test]
fn twarc2_brexit_sample_imports_every_tweet_once() {
    let Some(path) = corpus("twitter-api-v2/brexit.jsonl") else {
        return;
    };
    let (_dir, _db, mut store) = workspace();
    let report = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    // One API page of 100 tweets, checked by hand with jq: `.data | length`.
    assert_eq!(
        (report.read, report.imported, report.skipped),
        (100, 100, 0)
    );
    let again = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    assert_eq!((again.imported, again.duplicates), (0, 100));

    let posts = all_posts(store.conn(), None).unwrap();
    assert!(
        posts.iter().all(|p| p.followers_at_post.is_some()),
        "includes.users gives followers"
    );
}

#[test]
fn twarc2_flat_sample_imports() {
    let Some(path) = corpus("twitter-api-v2/flat.jsonl") else {
        return;
    };
    let (_dir, _db, mut store) = workspace();
    let report = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    assert_eq!(report.format, townhall::import::Format::Twarc2Flat);
    assert_eq!((report.read, report.skipped), (100, 0));
}

#[test]
fn twarc2_two_tweets_sample_expands_the_retweet() {
    let Some(path) = corpus("twitter-api-v2/two_tweets.jsonl") else {
        return;
    };
    let (_dir, _db, mut store) = workspace();
    import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    let posts = all_posts(store.conn(), None).unwrap();
    let rt = posts
        .iter()
        .find(|p| p.native_id == "1394735776701816833")
        .unwrap();
    assert_eq!(rt.kind, townhall::model::PostKind::Repost);
    assert_eq!(rt.author_handle.as_deref(), Some("LachiVeronica"));
    assert_eq!(rt.followers_at_post, Some(0));
}

/// Imports a corpus file (or folder) into a fresh workspace; `None` when the corpus is absent.
fn import_corpus(rel: &str) -> Option<(tempfile::TempDir, Store, ImportReport)> {
    let path = corpus(rel)?;
    let (dir, _db, mut store) = workspace();
    let report = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    Some((dir, store, report))
}

fn find(store: &Store, native_id: &str) -> StoredPost {
    all_posts(store.conn(), None)
        .unwrap()
        .into_iter()
        .find(|p| p.native_id == native_id)
        .unwrap_or_else(|| panic!("no post {native_id}"))
}

fn kinds(store: &Store, kind: PostKind) -> usize {
    let posts = all_posts(store.conn(), None).unwrap();
    posts.iter().filter(|p| p.kind == kind).count()
}

// Counts below were checked by hand with python's json module on the corpus files.

#[test]
fn twitter_archive_folder_with_followers_from_follower_js() {
    let Some((_dir, store, report)) = import_corpus("twitter-archive/data") else {
        return;
    };
    assert_eq!(report.format, Format::TwitterArchive);
    assert_eq!((report.imported, report.skipped), (1986, 0));
    assert_eq!(
        (
            kinds(&store, PostKind::Reply),
            kinds(&store, PostKind::Repost)
        ),
        (485, 643)
    );
    let first = find(&store, "1588091220244369409");
    assert_eq!(first.author_handle.as_deref(), Some("andreruffert"));
    assert_eq!(first.author_followers, Some(420), "entries of follower.js");
    assert_eq!(
        (first.likes, first.created_at.as_str()),
        (Some(5), "2022-11-03T08:50:26Z")
    );
    // Twitter writes `&`, `<` and `>` as `&amp;`, `&lt;` and `&gt;`: stored as the text they are.
    let element = find(&store, "1244662305805275136");
    assert!(
        element
            .text
            .contains("a <progressive-image> custom element"),
        "{}",
        element.text
    );
    let posts = all_posts(store.conn(), None).unwrap();
    assert!(posts.iter().any(|p| p.text.contains(" & ")));
    assert!(posts.iter().all(|p| !p.text.contains("&amp;")));
}

#[test]
fn twitter_v1_search_and_timeline() {
    let Some((_dir, store, report)) = import_corpus("twitter-api-v1.1/search_tweets_geocode.json")
    else {
        return;
    };
    assert_eq!((report.format, report.imported), (Format::TwitterV1, 15));
    assert_eq!(kinds(&store, PostKind::Repost), 1);
    assert_eq!(
        find(&store, "676518074279788544").followers_at_post,
        Some(514)
    );
    let Some((_dir, store, report)) = import_corpus("twitter-api-v1.1/user_timeline.json") else {
        return;
    };
    assert_eq!(report.imported, 20);
    let first = find(&store, "675055636267298821");
    assert_eq!(
        (first.author_handle.as_deref(), first.likes),
        (Some("dewitt"), Some(6))
    );
}

#[test]
fn facebook_posts_and_comments_with_repaired_text() {
    let Some((_dir, store, report)) = import_corpus("facebook-dyi/posts/your_posts_1.json") else {
        return;
    };
    assert_eq!(
        (report.format, report.imported, report.skipped),
        (Format::FacebookDyi, 124, 0)
    );
    let posts = all_posts(store.conn(), None).unwrap();
    assert!(posts
        .iter()
        .any(|p| p.text == "Finally the premier league is back in action! ❤️"));
    // Every post is the export owner's, named by the titles: one person, not 124.
    let authors: std::collections::BTreeSet<Option<&str>> =
        posts.iter().map(|p| p.author_name.as_deref()).collect();
    assert_eq!(authors, [Some("Hunter Hillis")].into());
    let Some((_dir, _store, report)) = import_corpus("facebook-dyi/comments/comments.json") else {
        return;
    };
    // comments_v2 (4) and group_comments_v2 (1 + 3), wrapped in a top-level array.
    assert_eq!((report.imported, report.skipped), (8, 0));
}

#[test]
fn reddit_dump_and_listing() {
    let Some((_dir, store, report)) = import_corpus("reddit-dumps/submissions.ndjson") else {
        return;
    };
    // created_utc is an int, a float or a string across these lines.
    assert_eq!(
        (report.format, report.imported, report.skipped),
        (Format::Reddit, 31, 0)
    );
    let first = find(&store, "t3_1afwvv8");
    assert_eq!(
        (first.created_at.as_str(), first.likes, first.replies),
        ("2024-02-01T00:00:00Z", Some(1), Some(0))
    );
    let Some((_dir, store, report)) = import_corpus("reddit-api/listing_new.json") else {
        return;
    };
    assert_eq!(report.imported, 100);
    assert_eq!(find(&store, "t3_48fbm9").likes, Some(1));
}

#[test]
fn mastodon_outbox_and_api_status() {
    let Some((_dir, store, report)) = import_corpus("mastodon-archive/outbox.json") else {
        return;
    };
    // `orderedItems` appears twice (the first empty); totalItems says 1557. Of its 1,586
    // statuses and boosts, 40 are for followers only and 35 are direct messages: not posts.
    assert_eq!(
        (
            report.format,
            report.imported,
            report.skipped,
            report.private
        ),
        (Format::Mastodon, 1511, 0, 75)
    );
    assert_eq!(kinds(&store, PostKind::Repost), 326);
    let Some((_dir, store, report)) = import_corpus("mastodon-api/Status.example0.json") else {
        return;
    };
    assert_eq!(report.imported, 1);
    let status = find(
        &store,
        "https://mastodon.social/users/Gargron/statuses/103270115826048975",
    );
    assert_eq!(
        (status.followers_at_post, status.likes),
        (Some(322930), Some(11))
    );
}

#[test]
fn bluesky_search_posts() {
    let Some((_dir, store, report)) = import_corpus("bluesky/searchPosts.json") else {
        return;
    };
    assert_eq!(
        (report.format, report.imported, report.skipped),
        (Format::Bluesky, 25, 0)
    );
    let first = find(
        &store,
        "at://did:plc:kkergqgbhb56ptpwj2wenkje/app.bsky.feed.post/3lpk2u6qo222m",
    );
    assert_eq!(
        (first.likes, first.created_at.as_str()),
        (Some(0), "2025-05-19T17:10:09Z")
    );
}

#[test]
fn non_post_files_get_a_reason() {
    let Some(path) = corpus("mastodon-archive/actor.json") else {
        return;
    };
    let (_dir, _db, mut store) = workspace();
    let err = import_file(&mut store, &path, &ImportOptions::default()).unwrap_err();
    assert_eq!(err.code(), townhall::ErrorCode::UnsupportedFile);
}

/// The header cells of a corpus column list: one per line, or comma-separated on one line.
fn column_list(rel: &str) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(corpus(rel)?).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    Some(if lines.len() == 1 {
        lines[0].split(',').map(str::to_string).collect()
    } else {
        lines
            .iter()
            .map(|l| l.split("  ").next().unwrap().trim().to_string())
            .collect()
    })
}

#[test]
fn listening_tool_headers_map_text_and_date() {
    use townhall::import::csv_mapped::{guess_mapping, Field};
    for (rel, text, date) in [
        (
            "listening-tool-csv/meltwater_explore_twitter_export_header.txt",
            "Hit Sentence",
            "Date",
        ),
        (
            "listening-tool-csv/sprout_social_post_performance_columns.txt",
            "Post",
            "Date",
        ),
        (
            "listening-tool-csv/talkwalker_export_columns.txt",
            "content",
            "published",
        ),
        (
            "listening-tool-csv/brandwatch_mention_fields.txt",
            "Full Text",
            "Date",
        ),
    ] {
        let Some(header) = column_list(rel) else {
            return;
        };
        let mapping = guess_mapping(&header);
        assert_eq!(mapping.fields[&Field::Text][0], text, "{rel}");
        assert_eq!(mapping.fields[&Field::CreatedAt], [date], "{rel}");
        if rel.contains("sprout") {
            // The account that posted, not the colleague who sent the post ("Sent by").
            assert_eq!(mapping.fields[&Field::Author], ["Profile"]);
        }
    }
}

#[test]
fn crowdtangle_headers_are_detected_with_any_weighting() {
    for rel in [
        "crowdtangle/crowdtangle_facebook_pages_posts_csv_header.txt",
        "crowdtangle/crowdtangle_older_pre2021_columns.txt",
    ] {
        let Some(header) = column_list(rel) else {
            return;
        };
        let (dir, _db, mut store) = workspace();
        let mut out = csv::Writer::from_path(dir.path().join("ct.csv")).unwrap();
        out.write_record(&header).unwrap();
        let row: Vec<String> = header
            .iter()
            .map(|h| match h.as_str() {
                "Post Created" | "Created" => "2021-07-06 16:45:20 EDT".into(),
                "URL" => "https://www.facebook.com/p/1".into(),
                "Message" => "hello".into(),
                "Likes" | "Love" | "Followers at Posting" => "2".into(),
                _ => String::new(),
            })
            .collect();
        out.write_record(&row).unwrap();
        out.flush().unwrap();
        let report = import_file(
            &mut store,
            &dir.path().join("ct.csv"),
            &ImportOptions::default(),
        )
        .unwrap();
        assert_eq!(
            (report.format, report.imported),
            (Format::Crowdtangle, 1),
            "{rel}"
        );
        let post = find(&store, "https://www.facebook.com/p/1");
        assert_eq!((post.likes, post.followers_at_post), (Some(4), Some(2)));
        assert_eq!(post.created_at, "2021-07-06T20:45:20Z");
    }
}
