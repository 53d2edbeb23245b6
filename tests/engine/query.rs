//! The query language against a real store: what each construct finds, and that matches stay
//! current as imports arrive.

use pretty_assertions::assert_eq;
use townhall::analytics::{posts, TopBy};
use townhall::import::{import_file, ImportOptions};
use townhall::model::{Platform, Post, PostKind};
use townhall::store::{writer::Writer, Store};
use townhall::topics::matches::Selection;
use townhall::{query, topics};

use crate::support::{fixture, workspace};

fn ids(store: &Store, selection: &Selection) -> Vec<String> {
    let mut ids: Vec<String> = posts(store, selection, (i64::MIN, i64::MAX), TopBy::Time, None)
        .unwrap()
        .into_iter()
        .map(|p| p.native_id)
        .collect();
    ids.sort();
    ids
}

/// What a query finds, matched on the fly; checks that the live count and the kept matches of
/// the same query saved as a topic agree with it.
fn found(store: &Store, q: &str) -> Vec<String> {
    let m = query::compile(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    let live = ids(store, &Selection::Query(m.clone()));
    assert_eq!(topics::count(store, &m).unwrap(), live.len() as u64, "{q}");
    let topic = topics::add(store, "probe", q, "2026-09-01T00:00:00Z").unwrap();
    let kept = Selection::of(store, &topic).unwrap();
    assert_eq!(kept, Selection::Kept(vec![topic.id]), "{q}");
    assert_eq!(ids(store, &kept), live, "kept matches of {q}");
    assert_eq!(
        among_every_other_post(store, &m),
        among(store, &live),
        "{q}"
    );
    live
}

/// Which of every other post (by row id) the matcher finds, as `analytics::ids_matching` says.
fn among_every_other_post(store: &Store, m: &query::Matcher) -> Vec<i64> {
    let every_other: Vec<i64> = all_rows(store)
        .into_iter()
        .step_by(2)
        .map(|(id, _)| id)
        .collect();
    let mut found: Vec<i64> = townhall::analytics::ids_matching(store, m, &every_other)
        .unwrap()
        .into_iter()
        .collect();
    found.sort();
    found
}

/// The row ids of every other post whose native id is in `native_ids`.
fn among(store: &Store, native_ids: &[String]) -> Vec<i64> {
    all_rows(store)
        .into_iter()
        .step_by(2)
        .filter(|(_, native)| native_ids.contains(native))
        .map(|(id, _)| id)
        .collect()
}

fn all_rows(store: &Store) -> Vec<(i64, String)> {
    let mut stmt = store
        .conn()
        .prepare("SELECT id, native_id FROM posts ORDER BY id")
        .unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

fn facebook_post(store: &mut Store, native_id: &str) {
    facebook_post_saying(store, native_id, "SchoolMax down for parents");
}

fn facebook_post_saying(store: &mut Store, native_id: &str, text: &str) {
    let tx = store.conn_mut().transaction().unwrap();
    let post = Post {
        platform: Platform::Facebook,
        native_id: native_id.into(),
        author_id: None,
        created_at: "2026-09-01T09:00:00Z".parse().unwrap(),
        text: text.into(),
        lang: Some("en".into()),
        url: None,
        kind: PostKind::Comment,
        parent: None,
        likes: Some(1),
        shares: None,
        replies: None,
        quotes: None,
        views: None,
        followers_at_post: None,
        reported_engagement: None,
        local_id: None,
        raw: "{}".into(),
    };
    let mut writer = Writer::new(&tx, 1).unwrap();
    writer.insert(&post, None).unwrap();
    writer.finish().unwrap();
    tx.commit().unwrap();
}

/// Chinese, Japanese and Thai write words without spaces, so the index holds "学校的系统坏了"
/// as one word: their terms are found within the text.
#[test]
fn words_of_scripts_without_spaces_are_found_within_the_text() {
    let (_dir, _path, mut store) = workspace();
    store
        .conn()
        .execute(
            "INSERT INTO imports (id, path, status, started_at) VALUES (1, 'by hand', 'done', '')",
            [],
        )
        .unwrap();
    for (id, text) in [
        ("zh", "SchoolMax 学校的系统坏了"),
        ("ja", "今日は学校のシステムが落ちた"),
        ("th", "ระบบโรงเรียนล่ม #ระบบล่ม"),
        ("en", "SchoolMax is fine today"),
    ] {
        facebook_post_saying(&mut store, id, text);
    }
    let found = |q: &str| found(&store, q);
    assert_eq!(found("学校"), ["ja", "zh"]);
    assert_eq!(found("システム"), ["ja"]);
    assert_eq!(found("ระบบ"), ["th"]);
    assert_eq!(found("#ระบบล่ม"), ["th"]);
    assert_eq!(found("\"的系统\""), ["zh"]);
    assert_eq!(found("schoolmax -学校"), ["en"]);
    assert_eq!(found("schoolmax AND 学校"), ["zh"]);
    assert_eq!(found("システム OR ระบบ OR fine"), ["en", "ja", "th"]);
}

#[test]
fn each_construct_finds_what_it_says() {
    let (_dir, _path, mut store) = workspace();
    import_file(
        &mut store,
        &fixture("metrics/query.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    facebook_post(&mut store, "fb1");
    let table: &[(&str, &[&str])] = &[
        // A word matches itself, its hashtag and its mention.
        ("schoolmax", &["101", "102", "103", "fb1"]),
        ("SCHOOLMAX", &["101", "102", "103", "fb1"]),
        ("#schoolmax", &["101"]),
        ("@SchoolMax", &["103"]),
        ("#SchoolMaxDown", &["108"]),
        ("schoolmaxdown", &["108"]),
        ("\"student portal\"", &["104"]),
        ("student portal", &["104", "105"]),
        ("student OR outage", &["104", "105", "107"]),
        ("login*", &["102", "103", "106", "107"]),
        ("login", &["102", "103", "107"]),
        ("login -school", &["102", "103"]),
        ("outage NEAR/6 portal", &["107"]),
        ("outage NEAR/5 portal", &[]),
        ("NEAR/6(portal outage)", &["107"]),
        ("reparer", &["103"]),
        ("schoolmax kind:reply", &["102"]),
        ("schoolmax -kind:reply", &["101", "103", "fb1"]),
        ("login* lang:fr", &["103"]),
        ("author:@RIVERSIDEGAZETTE", &["102", "104", "106", "108"]),
        ("author:@maya_k -schoolmax", &["105", "107"]),
        (
            "portal OR author:@maya_k",
            &["101", "103", "104", "105", "107"],
        ),
        ("schoolmax platform:facebook", &["fb1"]),
        ("schoolmax (platform:facebook OR lang:fr)", &["103", "fb1"]),
        ("platform:twitter -login*", &["101", "104", "105", "108"]),
        // FTS5 syntax typed by the user is only text.
        ("\"login OR portal\"", &[]),
    ];
    for (q, expected) in table {
        assert_eq!(found(&store, q), *expected, "query: {q}");
    }
}

#[test]
fn matches_are_current_as_imports_arrive() {
    let (_dir, _path, mut store) = workspace();
    let check = |store: &Store| match topics::check(store, "portal").unwrap() {
        topics::QueryCheck::Valid { count } => count,
        invalid => panic!("{invalid:?}"),
    };
    assert_eq!(check(&store), 0);
    import_file(
        &mut store,
        &fixture("metrics/query.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(check(&store), 3);
    import_file(
        &mut store,
        &fixture("metrics/dst.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(check(&store), 14);

    let bad = topics::check(&store, "portal platform:myspace").unwrap();
    let topics::QueryCheck::Invalid { column, message } = bad else {
        panic!("{bad:?}");
    };
    assert_eq!(column, 17);
    assert!(message.contains("unknown platform"), "{message}");
}

#[test]
fn kept_matches_follow_imports_and_query_changes() {
    let (_dir, path, mut store) = workspace();
    topics::add(&store, "Portal", "portal", "2026-09-01T00:00:00Z").unwrap();
    let kept = |store: &Store| {
        let topic = topics::get(store, "Portal").unwrap();
        let selection = Selection::of(store, &topic).unwrap();
        assert_eq!(selection, Selection::Kept(vec![topic.id]));
        ids(store, &selection)
    };
    assert_eq!(kept(&store), Vec::<String>::new());
    import_file(
        &mut store,
        &fixture("metrics/query.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(kept(&store), ["104", "105", "107"]);

    // A cancelled import rolls its matches back with its posts.
    let cancel = std::sync::atomic::AtomicBool::new(true);
    let cancelled = import_file(
        &mut store,
        &fixture("metrics/dst.jsonl"),
        &ImportOptions {
            cancel: Some(&cancel),
            ..Default::default()
        },
    );
    assert!(cancelled.is_err());
    assert_eq!(kept(&store), ["104", "105", "107"]);

    // Changing the query matches every stored post anew.
    topics::add(&store, "Portal", "login", "2026-09-02T00:00:00Z").unwrap();
    assert_eq!(kept(&store), ["102", "103", "107"]);

    // Posts written without catching up are matched on the fly until the workspace is next
    // opened for use.
    let fb = topics::add(
        &store,
        "Facebook",
        "platform:facebook",
        "2026-09-02T00:00:00Z",
    )
    .unwrap();
    facebook_post(&mut store, "fb1");
    let behind = Selection::of(&store, &fb).unwrap();
    assert!(matches!(behind, Selection::Query(_)), "{behind:?}");
    assert_eq!(ids(&store, &behind), ["fb1"]);
    drop(store);
    let store = townhall::workspace::open(&path, chrono::Utc::now()).unwrap();
    assert_eq!(
        Selection::of(&store, &fb).unwrap(),
        Selection::Kept(vec![fb.id])
    );
    assert_eq!(ids(&store, &Selection::Kept(vec![fb.id])), ["fb1"]);
    assert_eq!(kept(&store), ["102", "103", "107"]);
}

/// An import catches kept matches up over its own posts only, its full-text look-ups bounded to
/// them (`Matcher::among_ids`): what is kept after several imports is what the queries find,
/// negations and alternatives included.
#[test]
fn kept_matches_caught_up_import_by_import_are_what_the_queries_find() {
    let (_dir, _path, mut store) = workspace();
    let queries = [
        "portal OR login",
        "login -portal",
        "login -platform:facebook",
        "(portal OR login) NOT (down OR platform:facebook)",
        "schoolmax OR platform:facebook",
    ];
    for (i, q) in queries.iter().enumerate() {
        topics::add(&store, &format!("t{i}"), q, "2026-09-01T00:00:00Z").unwrap();
    }
    for file in ["metrics/query.jsonl", "metrics/dst.jsonl"] {
        import_file(&mut store, &fixture(file), &ImportOptions::default()).unwrap();
        facebook_post(&mut store, &format!("fb-{file}"));
        townhall::topics::matches::catch_up(store.conn()).unwrap();
        for (i, q) in queries.iter().enumerate() {
            let topic = topics::get(&store, &format!("t{i}")).unwrap();
            let kept = Selection::of(&store, &topic).unwrap();
            assert_eq!(kept, Selection::Kept(vec![topic.id]), "{q}");
            let live = Selection::Query(query::compile(q).unwrap());
            assert_eq!(ids(&store, &kept), ids(&store, &live), "after {file}: {q}");
        }
    }
}

#[test]
fn kept_matches_caught_up_a_few_posts_at_a_time_are_the_same() {
    let (_dir, _path, mut store) = workspace();
    for file in ["metrics/query.jsonl", "metrics/dst.jsonl"] {
        import_file(&mut store, &fixture(file), &ImportOptions::default()).unwrap();
    }
    let posts: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM posts", [], |r| r.get(0))
        .unwrap();
    let topic = topics::add(&store, "t", "portal OR login", "2026-09-01T00:00:00Z").unwrap();
    let kept = |store: &townhall::store::Store| -> Vec<(i64, i64, Vec<u8>)> {
        store
            .conn()
            .prepare("SELECT created_at, post, facts FROM topic_matches WHERE topic = ?1")
            .unwrap()
            .query_map([topic.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let at_once = kept(&store);
    assert!(at_once.len() > 3, "{at_once:?}");
    for stretch in [1, 3, posts - 1] {
        townhall::topics::matches::reset(store.conn(), topic.id).unwrap();
        townhall::topics::matches::catch_up_by_stretches(store.conn(), stretch).unwrap();
        assert_eq!(kept(&store), at_once, "{stretch} posts at a time");
    }
}

#[test]
fn an_old_workspace_gets_the_new_index_on_open() {
    // A workspace made by schema 1 (the '#' was not part of words) is reindexed by migration.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../../src/store/migrations/0001_init.sql"))
            .unwrap();
        conn.execute_batch(
            "INSERT INTO posts (platform, native_id, created_at, text, kind, raw)
             VALUES ('twitter', '1', 0, '#Outage at the portal', 'post', '{}');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(found(&store, "#outage"), ["1"]);
    assert_eq!(found(&store, "outage"), ["1"]);
}

#[test]
fn deep_nesting_is_refused_with_a_column_not_a_stack_overflow() {
    // 7,000 parentheses used to overflow the parser's stack and abort the process.
    let deep = format!("{}portal{}", "(".repeat(7_000), ")".repeat(7_000));
    let err = query::compile(&deep).unwrap_err();
    assert_eq!(err.column, query::MAX_DEPTH + 1, "{err}");
    assert!(err.message.contains("more than 25 deep"), "{err}");

    let nots = format!("portal {}login", "NOT ".repeat(50_000));
    let err = query::compile(&nots).unwrap_err();
    assert!(err.message.contains("deep"), "{err}");

    // At the limit, the query still compiles and runs against a real index.
    let (_dir, _path, mut store) = workspace();
    import_file(
        &mut store,
        &fixture("twarc2/pages.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    let limit = query::MAX_DEPTH;
    let at_limit = format!("{}portal{}", "(".repeat(limit), ")".repeat(limit));
    assert_eq!(found(&store, &at_limit), found(&store, "portal"));
    assert!(query::compile(&format!("({at_limit})")).is_err());

    // The shapes that nest FTS5's expression deepest for each level of the query's, at the
    // limit, run too (past about 35 levels each overflowed FTS5's parser).
    let n = limit;
    let close = |k: usize| ")".repeat(k);
    for deepest in [
        // (w0 (w1 OR (w2 (w3 OR … : AND and OR alternating.
        (0..n)
            .map(|i| format!("(w{i} {}", if i % 2 == 1 { "OR " } else { "" }))
            .collect::<String>()
            + "portal"
            + &close(n),
        // w0 -(w1 -(w2 … : exclusions inside exclusions.
        (0..n / 2).map(|i| format!("w{i} -(")).collect::<String>() + "portal" + &close(n / 2),
        // w0 -(a OR w1 -(a OR … : an exclusion of an OR, inside each other.
        (0..n / 2)
            .map(|i| format!("w{i} -(a OR "))
            .collect::<String>()
            + "portal"
            + &close(n / 2),
        // (w0 OR (a (w1 OR (a … : an AND in an OR, inside each other.
        (0..n / 2)
            .map(|i| format!("(w{i} OR (a "))
            .collect::<String>()
            + "portal"
            + &close(2 * (n / 2)),
        // (w0 OR (w1 OR … NEAR(a b)
        (0..n).map(|i| format!("(w{i} OR ")).collect::<String>() + "NEAR(portal down)" + &close(n),
    ] {
        query::compile(&deepest).unwrap_or_else(|e| panic!("{deepest}: {e}"));
        found(&store, &deepest);
    }

    // Exclusions are not nesting: a listening tool's list of a few hundred runs.
    let excluded: String = (0..300).map(|i| format!(" -noise{i}")).collect();
    assert_eq!(
        found(&store, &format!("portal{excluded}")),
        found(&store, "portal")
    );
}

/// A filter without its value gets an example of its own kind.
#[test]
fn a_filter_without_a_value_gets_an_example_of_its_kind() {
    for (query, example) in [
        ("portal lang:", "lang:en"),
        ("portal platform:", "platform:twitter"),
        ("portal kind:", "kind:reply"),
    ] {
        let err = query::compile(query).unwrap_err();
        assert!(
            err.message.ends_with(&format!("for example {example}")),
            "{err}"
        );
        assert_eq!(err.column, query.len() + 1, "{err}");
    }
}
