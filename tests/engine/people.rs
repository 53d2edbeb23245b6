//! One person is one author, whatever the files called them: a listening tool's CSV names an X
//! account by its handle as written (`@Sam`, `@sam`), an API's file by its number. People
//! posting and potential reach count that account once.

use chrono::NaiveDate;
use pretty_assertions::assert_eq;
use townhall::analytics::{overview, Period, Totals};
use townhall::import::{import_file, ImportOptions};
use townhall::store::Store;
use townhall::time::parse_tz;
use townhall::topics;

use crate::support::workspace;

/// A listening tool's rows: X's `@Sam` twice in two cases, and a Facebook page's two names
/// that differ only in case (two pages: a name is no handle).
const CSV: &str = "\
Date,Author,Text,Followers,URL
2026-03-01 09:00,@Sam,portal down again,400,https://twitter.com/Sam/status/101
2026-03-01 09:30,@sam,portal still down,450,https://twitter.com/sam/status/102
2026-03-01 10:00,Town Library,portal notice,80,https://www.facebook.com/TownLibrary/posts/201
2026-03-01 10:30,town library,portal update,90,https://www.facebook.com/townlibrary/posts/202
";

/// The same account in an API's file: its number, its handle in another case, more followers.
fn tweet(followers: u32) -> String {
    serde_json::json!({"id": "103", "author_id": "12345",
        "created_at": "2026-03-01T11:00:00.000Z", "text": "portal down for everyone",
        "author": {"id": "12345", "username": "SAM", "public_metrics": {"followers_count": followers}}})
    .to_string()
}

fn day(s: &str) -> NaiveDate {
    townhall::time::parse_date(s).unwrap()
}

fn totals(store: &Store) -> Totals {
    let topic = topics::get(store, "Portal").unwrap();
    let utc = parse_tz("UTC").unwrap();
    let period = Period::new(day("2026-03-01"), day("2026-03-01"), utc).unwrap();
    overview(store, &topic, &period).unwrap().totals
}

fn authors(store: &Store, platform: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT count(*) FROM authors WHERE platform = ?1",
            [platform],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn one_account_in_a_csv_and_an_api_file_is_one_person_in_either_order() {
    for csv_first in [true, false] {
        let (dir, _path, mut store) = workspace();
        let csv = dir.path().join("listening.csv");
        let api = dir.path().join("search.jsonl");
        std::fs::write(&csv, CSV).unwrap();
        std::fs::write(&api, tweet(700)).unwrap();
        let files = if csv_first {
            [&csv, &api]
        } else {
            [&api, &csv]
        };
        for file in files {
            import_file(&mut store, file, &ImportOptions::default()).unwrap();
        }
        topics::add(&store, "Portal", "portal", "2026-04-01T00:00:00Z").unwrap();

        let t = totals(&store);
        assert_eq!(t.mentions, 5, "csv first: {csv_first}");
        // Sam once; the two Facebook pages stay two.
        assert_eq!(t.unique_authors, 3, "csv first: {csv_first}");
        // Sam's largest known count once, and the pages' 90 and 80... as their own.
        assert_eq!(t.potential_reach, 700 + 80 + 90, "csv first: {csv_first}");
        assert_eq!(authors(&store, "twitter"), 1, "csv first: {csv_first}");
        assert_eq!(authors(&store, "facebook"), 2, "csv first: {csv_first}");
        // The row keeps the platform's id, so the next API file finds it directly.
        let stored = |store: &Store| -> (String, String) {
            store
                .conn()
                .query_row(
                    "SELECT native_id, handle FROM authors WHERE platform = 'twitter'",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap()
        };
        // ... and the handle as the platform spells it, which importing the CSV again keeps.
        assert_eq!(stored(&store), ("12345".into(), "SAM".into()));
        import_file(&mut store, &csv, &ImportOptions::default()).unwrap();
        assert_eq!(stored(&store), ("12345".into(), "SAM".into()));
    }
}

/// An account first met by its number alone (a bare id), then given its handle by a profile,
/// becomes one with the CSV's row of that handle when the import finishes.
#[test]
fn a_bare_id_given_its_handle_later_joins_the_csv_row_of_that_handle() {
    let (dir, _path, mut store) = workspace();
    let bare = dir.path().join("bare.jsonl");
    std::fs::write(
        &bare,
        serde_json::json!({"id": "104", "author_id": "12345",
            "created_at": "2026-03-01T12:00:00.000Z", "text": "portal down, bare"})
        .to_string(),
    )
    .unwrap();
    let csv = dir.path().join("listening.csv");
    std::fs::write(&csv, CSV).unwrap();
    let api = dir.path().join("search.jsonl");
    std::fs::write(&api, tweet(700)).unwrap();
    for file in [&bare, &csv, &api] {
        import_file(&mut store, file, &ImportOptions::default()).unwrap();
    }
    topics::add(&store, "Portal", "portal", "2026-04-01T00:00:00Z").unwrap();
    assert_eq!(authors(&store, "twitter"), 1);
    let t = totals(&store);
    assert_eq!((t.mentions, t.unique_authors), (6, 3));
    assert_eq!(t.potential_reach, 700 + 80 + 90);
}

/// A workspace from before the rule: its twins (and their posts and kept matches) become one
/// author when it opens.
#[test]
fn an_older_workspace_s_twins_become_one_author_when_it_opens() {
    let (dir, path, mut store) = workspace();
    let csv = dir.path().join("listening.csv");
    std::fs::write(&csv, CSV).unwrap();
    import_file(&mut store, &csv, &ImportOptions::default()).unwrap();
    topics::add(&store, "Portal", "portal", "2026-04-01T00:00:00Z").unwrap();
    // As an older build stored them: `@sam`'s post under a row of its own, and the API's row.
    store
        .conn()
        .execute_batch(
            "INSERT INTO authors (id, platform, native_id, handle, followers)
                 VALUES (90, 'twitter', 'sam', 'sam', 450), (91, 'twitter', '12345', 'SAM', 700);
             UPDATE posts SET author = 90 WHERE native_id = '102';
             DELETE FROM post_authors WHERE post = (SELECT id FROM posts WHERE native_id = '102');
             INSERT INTO post_authors (author, post)
                 SELECT 90, id FROM posts WHERE native_id = '102';
             UPDATE topic_matches SET author = 90, author_followers = 450
                 WHERE post = (SELECT id FROM posts WHERE native_id = '102');
             DROP TRIGGER author_counts_delete; DROP TABLE author_counts;
             DROP TABLE unseen_history; DROP TABLE import_sightings; DROP TABLE local_ids; PRAGMA user_version = 17;",
        )
        .unwrap();
    assert_eq!(authors(&store, "twitter"), 3);
    assert_eq!(totals(&store).unique_authors, 4);
    drop(store);

    let store = Store::open(&path).unwrap();
    assert_eq!(authors(&store, "twitter"), 1);
    let t = totals(&store);
    assert_eq!((t.mentions, t.unique_authors), (4, 3));
    assert_eq!(t.potential_reach, 700 + 80 + 90);
    // Every post points at a stored author, and the pairs agree with the posts.
    let (orphans, pairs_off): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM posts WHERE author NOT IN (SELECT id FROM authors)),
                    (SELECT count(*) FROM posts p
                     WHERE NOT EXISTS (SELECT 1 FROM post_authors pa
                                       WHERE pa.post = p.id AND pa.author = p.author))",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((orphans, pairs_off), (0, 0));
}

/// Two of the platform's ids are two accounts, even under one handle (a handle given up and
/// taken by another account): neither joins the other, and neither is merged when it opens.
#[test]
fn two_ids_with_one_handle_stay_two_accounts() {
    let (dir, path, mut store) = workspace();
    let api = dir.path().join("search.jsonl");
    let other = serde_json::json!({"id": "105", "author_id": "999",
        "created_at": "2026-03-01T13:00:00.000Z", "text": "portal fine here",
        "author": {"id": "999", "username": "sam", "public_metrics": {"followers_count": 5}}});
    std::fs::write(&api, format!("{}\n{other}\n", tweet(700))).unwrap();
    import_file(&mut store, &api, &ImportOptions::default()).unwrap();
    topics::add(&store, "Portal", "portal", "2026-04-01T00:00:00Z").unwrap();
    assert_eq!(authors(&store, "twitter"), 2);
    store
        .conn()
        .execute_batch(
            "DROP TRIGGER author_counts_delete; DROP TABLE author_counts;
             DROP TABLE unseen_history; DROP TABLE import_sightings; DROP TABLE local_ids; PRAGMA user_version = 17;",
        )
        .unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(authors(&store, "twitter"), 2);
    assert_eq!(totals(&store).unique_authors, 2);
}

/// A CSV's handle joins one account only: when a file then brings two ids with that handle, the
/// first takes the CSV's row and the second is an account of its own.
#[test]
fn a_csv_handle_joins_the_first_of_two_ids_with_that_handle() {
    for _ in 0..3 {
        let (dir, _path, mut store) = workspace();
        let csv = dir.path().join("listening.csv");
        std::fs::write(
            &csv,
            "Date,Author,Text,URL\n\
             2026-03-01 09:00,@Alex,portal down,https://twitter.com/Alex/status/301\n",
        )
        .unwrap();
        let api = dir.path().join("search.jsonl");
        let tweet = |id: &str, author: &str, followers: u32| {
            serde_json::json!({"id": id, "author_id": author,
                "created_at": "2026-03-01T10:00:00.000Z", "text": "portal down",
                "author": {"id": author, "username": "alex",
                    "public_metrics": {"followers_count": followers}}})
            .to_string()
        };
        std::fs::write(
            &api,
            format!(
                "{}\n{}\n",
                tweet("302", "222", 300),
                tweet("303", "333", 400)
            ),
        )
        .unwrap();
        for file in [&csv, &api] {
            import_file(&mut store, file, &ImportOptions::default()).unwrap();
        }
        topics::add(&store, "Portal", "portal", "2026-04-01T00:00:00Z").unwrap();
        assert_eq!(authors(&store, "twitter"), 2);
        let t = totals(&store);
        assert_eq!(
            (t.mentions, t.unique_authors, t.potential_reach),
            (3, 2, 700)
        );
        let csv_author: String = store
            .conn()
            .query_row(
                "SELECT a.native_id FROM posts p JOIN authors a ON a.id = p.author
                 WHERE p.native_id = '301'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(csv_author, "222");
    }
}

/// Removing an import takes away the follower counts it brought: the account keeps the largest
/// count of the files still imported, in reach and in the kept matches.
#[test]
fn removing_an_import_takes_its_follower_counts_away() {
    let (dir, _path, mut store) = workspace();
    let csv = dir.path().join("listening.csv");
    std::fs::write(
        &csv,
        "Date,Author,Text,Followers,URL\n\
         2026-03-01 09:00,@Sam,portal down,5000,https://twitter.com/Sam/status/101\n",
    )
    .unwrap();
    let api = dir.path().join("search.jsonl");
    std::fs::write(&api, tweet(1000)).unwrap();
    for file in [&csv, &api] {
        import_file(&mut store, file, &ImportOptions::default()).unwrap();
    }
    topics::add(&store, "Portal", "portal", "2026-04-01T00:00:00Z").unwrap();
    assert_eq!(totals(&store).potential_reach, 5000);

    let history = townhall::import::history(&store).unwrap();
    let listening = history.iter().find(|i| i.path.ends_with(".csv")).unwrap();
    townhall::workspace::editing::remove_import(&mut store, listening.id).unwrap();
    let t = totals(&store);
    assert_eq!(
        (t.mentions, t.unique_authors, t.potential_reach),
        (1, 1, 1000)
    );
    let kept: i64 = store
        .conn()
        .query_row("SELECT author_followers FROM topic_matches", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, 1000);

    // With the API file gone too, nothing is known, not the CSV's count.
    import_file(&mut store, &csv, &ImportOptions::default()).unwrap();
    let history = townhall::import::history(&store).unwrap();
    let search = history.iter().find(|i| i.path.ends_with(".jsonl")).unwrap();
    townhall::workspace::editing::remove_import(&mut store, search.id).unwrap();
    assert_eq!(totals(&store).potential_reach, 5000);
}

/// The sample's accounts are one person each: no handle names two accounts of a platform
/// (which the rule above counts as two people under one name).
#[test]
fn no_handle_of_the_sample_names_two_accounts() {
    let (_dir, store, _request) = crate::support::demo_workspace();
    let shared: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM (SELECT 1 FROM authors WHERE handle IS NOT NULL
             GROUP BY platform, lower(handle) HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(shared, 0);
}
