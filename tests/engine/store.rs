use townhall::store::{Store, SCHEMA_VERSION};

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (1);")
            .unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path)
        .err()
        .expect("a newer schema must be refused");
    assert_eq!(err.code(), townhall::ErrorCode::NewerDatabase);
    assert!(
        err.to_string().contains("newer version of Townhall"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was modified"
    );
}

#[test]
fn reopening_a_workspace_keeps_its_data() {
    let (_dir, path, store) = crate::support::workspace();
    townhall::topics::add(&store, "Wi-Fi", "wifi", "2026-01-01T00:00:00Z").unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(townhall::topics::list(&store).unwrap().len(), 1);
}

/// A saved topic's facts read from its kept matches, after checking they are in use and equal
/// to matching its query on the fly.
fn kept_facts(store: &Store, topic: &townhall::topics::Topic) -> Vec<townhall::analytics::Mention> {
    use townhall::analytics::{mentions, ExposureModel};
    use townhall::topics::matches::Selection;
    let model = ExposureModel::load(store.conn()).unwrap();
    let kept = Selection::of(store, topic).unwrap();
    assert_eq!(kept, Selection::Kept(vec![topic.id]));
    let live = Selection::Query(topic.matcher().unwrap());
    let read = |s: &Selection| mentions::fetch(store, s, &model, i64::MIN, i64::MAX).unwrap();
    let kept = read(&kept);
    assert_eq!(kept, read(&live));
    kept
}

/// Kept topic matches and platform coverage are maintained by the store; they must always agree
/// with what reading the posts directly gives, including after a profile import changes
/// follower counts.
#[test]
fn kept_facts_agree_with_the_posts_after_follower_counts_change() {
    use townhall::import::{import_file, ImportOptions};
    use townhall::model::{Author, Platform};
    use townhall::topics;

    let (_dir, _path, mut store) = crate::support::workspace();
    let topic = topics::add(&store, "All", "login* OR portal OR schoolmax", "2026-09-01").unwrap();
    import_file(
        &mut store,
        &crate::support::fixture("metrics/query.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    let facts = |store: &Store| kept_facts(store, &topic);
    let before = facts(&store);
    assert!(!before.is_empty());

    // A later profile import raises an author's follower count.
    let author = before.iter().find_map(|m| m.author()).unwrap();
    let native_id: String = store
        .conn()
        .query_row(
            "SELECT native_id FROM authors WHERE id = ?1",
            [author],
            |r| r.get(0),
        )
        .unwrap();
    let tx = store.conn_mut().transaction().unwrap();
    townhall::store::authors::upsert_author(
        &tx,
        &Author {
            platform: Platform::Twitter,
            native_id,
            handle: None,
            name: None,
            followers: Some(9_999_999),
            verified: None,
        },
    )
    .unwrap();
    tx.commit().unwrap();
    let after = facts(&store);
    assert!(after
        .iter()
        .filter(|m| m.author() == Some(author))
        .all(|m| m.followers() == Some(9_999_999)));

    let counted: Vec<(String, i64, i64, i64)> = store
        .conn()
        .prepare(
            "SELECT platform, count(*), min(created_at), max(created_at) FROM posts
             GROUP BY platform ORDER BY platform",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let kept: Vec<(String, i64, i64, i64)> = store
        .conn()
        .prepare("SELECT platform, posts, first, last FROM platform_coverage ORDER BY platform")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kept, counted);
    assert_eq!(store.post_count().unwrap(), 8);
}

/// The facts kept for every topic of the demo (five platforms, languages, views, shares, follower
/// counts at the time of a post and in profiles, sentiment) are what its posts give.
#[test]
fn kept_facts_agree_with_the_posts_on_every_platform_of_the_demo() {
    let (dir, _path, mut store) = crate::support::workspace();
    townhall::workspace::demo::create(&mut store, &dir.path().join("demo")).unwrap();
    for topic in townhall::topics::list(&store).unwrap() {
        let facts = kept_facts(&store, &topic);
        assert!(facts
            .iter()
            .any(|m| m.lang().is_some() && m.exposure().is_some()));
        assert!(facts.iter().any(|m| m.sentiment().is_some()));
    }
}

/// A workspace written before the facts were packed (schema 8, seven columns of facts) is
/// upgraded when opened: its kept matches are rebuilt, and agree with the posts.
#[test]
fn kept_matches_of_a_workspace_from_before_packed_facts_are_rebuilt_when_opened() {
    let (dir, path, mut store) = crate::support::workspace();
    townhall::workspace::demo::create(&mut store, &dir.path().join("demo")).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "ALTER TABLE posts DROP COLUMN reported_engagement;
         DROP TRIGGER author_counts_delete;
         DROP TABLE author_counts;
         DROP TABLE topic_slots;
         DROP TABLE alert_sends;
         DROP TRIGGER post_times_delete;
         DROP TABLE post_times;
         CREATE INDEX posts_created_at ON posts (created_at);
         DROP TABLE followers_in_one_pass;
         DROP TRIGGER post_authors_delete;
         DROP TABLE post_authors;
         CREATE INDEX posts_author ON posts (author);
         DROP TABLE topic_matches;
         CREATE TABLE topic_matches (
             topic INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
             created_at INTEGER NOT NULL, post INTEGER NOT NULL, author INTEGER,
             platform TEXT NOT NULL, lang TEXT, engagement INTEGER NOT NULL, views INTEGER,
             followers_at_post INTEGER, author_followers INTEGER, shares INTEGER,
             sentiment REAL,
             PRIMARY KEY (topic, created_at, post)) STRICT, WITHOUT ROWID;
         INSERT INTO topic_matches
             SELECT t.id, p.created_at, p.id, p.author, p.platform, p.lang, 0, p.views,
                    p.followers_at_post, NULL, p.shares, p.sentiment
             FROM topics t JOIN posts p;
         DROP TABLE unseen_history; DROP TABLE import_sightings; DROP TABLE local_ids; PRAGMA user_version = 8;",
    )
    .unwrap();
    drop(conn);
    let store = townhall::workspace::open(&path, chrono::Utc::now()).unwrap();
    for topic in townhall::topics::list(&store).unwrap() {
        assert!(!kept_facts(&store, &topic).is_empty(), "{}", topic.name);
    }
    assert!(assert_post_pairs_agree(&store) > 0);
}

/// Every post with an author has its pair in `post_authors`, and no pair is left without its
/// post (migration 0011's invariant); every post has its pair in `post_times`, and no pair is
/// left without its post (migration 0012's).
pub fn assert_post_pairs_agree(store: &Store) -> i64 {
    let count = |sql: &str| -> i64 { store.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    let times = count("SELECT count(*) FROM post_times");
    assert_eq!(times, count("SELECT count(*) FROM posts"));
    assert_eq!(
        count(
            "SELECT count(*) FROM posts p JOIN post_times t
             ON t.created_at = p.created_at AND t.post = p.id"
        ),
        times
    );
    let pairs = count("SELECT count(*) FROM post_authors");
    assert_eq!(
        pairs,
        count("SELECT count(*) FROM posts WHERE author IS NOT NULL")
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM posts p JOIN post_authors pa
             ON pa.author = p.author AND pa.post = p.id"
        ),
        pairs
    );
    pairs
}

/// Retention deletes old posts with everything that only they held, and leaves kept matches,
/// coverage and the full-text index agreeing with the posts — even when the newest post ids go,
/// which SQLite then hands out again.
#[test]
fn retention_deletes_old_posts_and_keeps_the_rest_consistent() {
    use townhall::import::{import_file, ImportOptions};
    use townhall::store::{retention, settings};
    use townhall::topics;

    let (_dir, _path, mut store) = crate::support::workspace();
    let topic = topics::add(&store, "Portal", "portal OR schoolmax", "2026-09-01").unwrap();
    let import = |store: &mut Store, name: &str| {
        import_file(
            store,
            &crate::support::fixture(name),
            &ImportOptions::default(),
        )
        .unwrap()
    };
    import(&mut store, "metrics/dst.jsonl"); // November: the lower ids
    let september = import(&mut store, "metrics/query.jsonl").imported; // the newest ids
    let total = store.post_count().unwrap();
    let agree = |store: &Store| {
        let kept = kept_facts(store, &topic);
        let counted: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM posts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(store.post_count().unwrap(), counted);
        crate::categories::assert_kept_as_found(store);
        crate::categories::assert_coverage_counted(store);
        assert!(assert_post_pairs_agree(store) > 0);
        kept.len()
    };
    let before = agree(&store);

    // Not set: nothing happens.
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-20T00:00:00Z")
        .unwrap()
        .timestamp();
    assert_eq!(retention::apply(store.conn_mut(), now).unwrap().posts, 0);
    assert!(settings::validate_and_set(store.conn(), "retention_days", "0").is_err());
    assert!(settings::validate_and_set(store.conn(), "retention_days", "a week").is_err());

    // Keep 60 days as of 20 November: September goes.
    settings::validate_and_set(store.conn(), "retention_days", "60").unwrap();
    let pruned = retention::apply(store.conn_mut(), now).unwrap();
    assert_eq!(pruned.posts, september);
    assert!(pruned.authors > 0, "authors left without posts are deleted");
    assert_eq!(store.post_count().unwrap(), total - september as i64);
    let after = agree(&store);
    assert!(after < before);
    let check = topics::check(&store, "#schoolmax").unwrap();
    assert_eq!(
        check,
        topics::QueryCheck::Valid { count: 0 },
        "the full-text index forgot them"
    );

    // Importing September again reuses the freed ids; the topic must still see those posts.
    assert_eq!(
        import(&mut store, "metrics/query.jsonl").imported,
        september
    );
    assert_eq!(agree(&store), before);
}

/// A topic, a quarter hour's start and its posts.
type Slot = (i64, i64, i64);

/// Each topic's posts per quarter hour (migration 0016), as counted and as the kept matches
/// hold them.
fn slots_as_matched(store: &Store) -> (Vec<Slot>, Vec<Slot>) {
    let read = |sql: &str| -> Vec<Slot> {
        store
            .conn()
            .prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    (
        read("SELECT topic, slot, posts FROM topic_slots WHERE posts > 0 ORDER BY 1, 2"),
        read(
            "SELECT topic, created_at - ((created_at % 900) + 900) % 900 AS slot, count(*)
             FROM topic_matches GROUP BY topic, slot ORDER BY 1, 2",
        ),
    )
}

/// The counts the normal level reads are the kept matches' at every change: an import, a
/// topic saved, an import removed, retention, a topic removed, and a workspace from before
/// the counts existed.
#[test]
fn a_topic_s_counts_per_quarter_hour_follow_its_kept_matches() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.sqlite");
    let mut store = Store::open(&path).unwrap();
    townhall::workspace::demo::create(&mut store, &dir.path().join("demo")).unwrap();
    let check = |store: &Store, when: &str| {
        let (counted, matched) = slots_as_matched(store);
        assert!(!matched.is_empty(), "{when}: no kept matches");
        assert_eq!(counted, matched, "{when}");
    };
    check(&store, "after the demo's imports and topics");

    townhall::topics::add(&store, "Portal", "portal", "2026-10-01T00:00:00Z").unwrap();
    check(&store, "after a topic is saved");
    let first = townhall::import::history(&store)
        .unwrap()
        .last()
        .unwrap()
        .id;
    townhall::workspace::editing::remove_import(&mut store, first).unwrap();
    check(&store, "after an import is removed");
    let cutoff = chrono::DateTime::parse_from_rfc3339("2026-08-25T00:00:00Z").unwrap();
    townhall::store::retention::prune_before(store.conn_mut(), cutoff.timestamp()).unwrap();
    check(&store, "after retention");
    townhall::workspace::editing::remove_topic(&mut store, "Portal").unwrap();
    check(&store, "after a topic is removed");

    // A workspace from before the counts: they are made from its kept matches when it opens.
    store
        .conn()
        .execute_batch(
            "ALTER TABLE posts DROP COLUMN reported_engagement;
             DROP TRIGGER topic_matches_slot_in; DROP TRIGGER topic_matches_slot_out;
             DROP TABLE topic_slots; DROP TRIGGER author_counts_delete; DROP TABLE author_counts;
             DROP TABLE unseen_history; DROP TABLE import_sightings; DROP TABLE local_ids; PRAGMA user_version = 15;",
        )
        .unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    check(&store, "after the migration");
}

/// Retention deleting many authors at once does it through an index built for the deletion and
/// dropped with it; and opening a workspace while another program writes leaves the retention
/// period to the next open rather than waiting for the writer or failing.
#[test]
fn retention_on_open_steps_aside_for_a_writer_and_deletes_many_authors_at_once() {
    use townhall::import::{import_file, ImportOptions};
    use townhall::store::settings;

    let (dir, path, mut store) = crate::support::workspace();
    let lines: Vec<String> = (0..40)
        .map(|i| {
            serde_json::json!({
                "id": format!("{i}"), "author_id": format!("a{i}"), "text": "portal down",
                "created_at": "2026-01-05T10:00:00.000Z",
                "author": {"id": format!("a{i}"), "username": format!("u{i}")}
            })
            .to_string()
        })
        .chain(std::iter::once(
            serde_json::json!({
                "id": "new", "author_id": "b", "text": "portal fine",
                "created_at": "2026-11-05T10:00:00.000Z",
                "author": {"id": "b", "username": "b"}
            })
            .to_string(),
        ))
        .collect();
    let file = dir.path().join("old.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    settings::set(store.conn(), "retention_days", "60").unwrap();
    drop(store);
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-20T00:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);

    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    let store = townhall::workspace::open(&path, now).unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(
        store.post_count().unwrap(),
        41,
        "nothing deleted while another writes"
    );
    drop(store);
    other.execute_batch("ROLLBACK").unwrap();

    let store = townhall::workspace::open(&path, now).unwrap();
    assert_eq!(store.post_count().unwrap(), 1);
    let count = |sql: &str| -> i64 { store.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM authors"), 1);
    assert_eq!(
        count("SELECT count(*) FROM sqlite_schema WHERE name = 'posts_author_while_deleting'"),
        0
    );
    assert!(assert_post_pairs_agree(&store) > 0);
}
