//! Kept problem categories: after every import, change of a query, removal and upgrade, the
//! categories kept with the posts are exactly what the taxonomy's queries find, and a report
//! reads them.

use pretty_assertions::assert_eq;
use rustc_hash::FxHashMap;
use townhall::analytics::problems::{Problem, ProblemSet, Taxonomy};
use townhall::analytics::{self, problems as analytics_problems};
use townhall::import::{import_file, ImportOptions};
use townhall::store::Store;
use townhall::topics::categories;
use townhall::workspace::{self, editing, problems};

use crate::support::{fixture, workspace};

fn post_ids(store: &Store) -> Vec<i64> {
    store
        .conn()
        .prepare("SELECT id FROM posts ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Each post's categories as the queries find them now, matched on the fly.
fn on_the_fly(store: &Store) -> FxHashMap<i64, Vec<Problem>> {
    let taxonomy = Taxonomy::load(store.conn()).unwrap();
    let ids = post_ids(store);
    let mut found: FxHashMap<i64, Vec<Problem>> = FxHashMap::default();
    for c in taxonomy.categories() {
        let mut hits: Vec<i64> = analytics::ids_matching(store, &c.matcher, &ids)
            .unwrap()
            .into_iter()
            .collect();
        hits.sort_unstable();
        for id in hits {
            found.entry(id).or_default().push(c.problem);
        }
    }
    found
}

/// The kept categories of every post, asked both ways the store reads them: one look-up per
/// post, and (past a few thousand posts) one range read filtered.
fn kept(store: &Store) -> FxHashMap<i64, Vec<Problem>> {
    let taxonomy = Taxonomy::load(store.conn()).unwrap();
    let ids = post_ids(store);
    let few = categories::kept(store.conn(), &taxonomy, &ids)
        .unwrap()
        .expect("kept categories are current");
    let padded: Vec<i64> = ids.iter().copied().chain(1_000_000..1_010_000).collect();
    let many = categories::kept(store.conn(), &taxonomy, &padded)
        .unwrap()
        .expect("kept categories are current");
    assert_eq!(few, many[..ids.len()], "both ways of reading agree");
    assert!(many[ids.len()..].iter().all(|set| set.is_empty()));
    by_post(&taxonomy, &ids, few)
}

/// Categories in the order of `ids`, as the posts in any and their categories.
fn by_post(
    taxonomy: &Taxonomy,
    ids: &[i64],
    sets: Vec<ProblemSet>,
) -> FxHashMap<i64, Vec<Problem>> {
    assert_eq!(ids.len(), sets.len());
    ids.iter()
        .zip(sets)
        .filter(|(_, set)| !set.is_empty())
        .map(|(&id, set)| (id, taxonomy.problems(set)))
        .collect()
}

/// Asserts that the kept categories are current and exactly what the queries find.
pub fn assert_kept_as_found(store: &Store) {
    assert_eq!(kept(store), on_the_fly(store));
}

/// Asserts that each platform's kept coverage (posts, and replies with a parent) is what
/// counting the posts gives.
pub fn assert_coverage_counted(store: &Store) {
    let rows = |sql: &str| -> Vec<(String, i64, i64)> {
        store
            .conn()
            .prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(
        rows("SELECT platform, posts, replies FROM platform_coverage WHERE posts > 0 ORDER BY 1"),
        rows(
            "SELECT platform, count(*), count(*) FILTER (WHERE kind IN ('reply', 'comment')
                 AND parent IS NOT NULL)
             FROM posts GROUP BY platform ORDER BY 1"
        )
    );
}

#[test]
fn kept_categories_are_what_the_queries_find_through_imports_changes_removals_and_upgrades() {
    let (_dir, path, mut store) = workspace();
    import_file(
        &mut store,
        &fixture("problems/posts.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    let first: i64 = store
        .conn()
        .query_row("SELECT min(id) FROM imports", [], |r| r.get(0))
        .unwrap();
    let expected = on_the_fly(&store);
    assert!(
        expected.len() >= 15,
        "the fixture reports problems: {expected:?}"
    );
    assert!(
        expected.values().any(|p| p.len() > 1),
        "a post in two categories"
    );
    assert_eq!(kept(&store), expected);

    // A second import (a file in another format) is categorised in its own transaction.
    import_file(
        &mut store,
        &fixture("csv/meltwater.csv"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(kept(&store), on_the_fly(&store));

    // A replaced query re-categorises every post as it is saved; putting it back does too.
    problems::set_query(&store, "outage", "portal").unwrap();
    let replaced = on_the_fly(&store);
    assert_ne!(replaced, expected);
    assert_eq!(kept(&store), replaced);
    problems::reset_query(&store, "outage").unwrap();
    assert_eq!(kept(&store), on_the_fly(&store));

    // Removing an import takes its posts' categories with it.
    editing::remove_import(&mut store, first).unwrap();
    assert_eq!(kept(&store), on_the_fly(&store));
    let orphans: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM post_problems WHERE post NOT IN (SELECT id FROM posts)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);

    // Removing the newest import frees the largest ids, which SQLite hands out again: the
    // posts imported next must still be categorised.
    let newest: i64 = store
        .conn()
        .query_row("SELECT max(id) FROM imports", [], |r| r.get(0))
        .unwrap();
    editing::remove_import(&mut store, newest).unwrap();
    crate::store::assert_post_pairs_agree(&store);
    import_file(
        &mut store,
        &fixture("problems/posts.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    crate::store::assert_post_pairs_agree(&store);
    assert_kept_as_found(&store);
    assert_coverage_counted(&store);

    // A workspace written by a build that kept no categories: reports match on the fly, and
    // opening it catches up.
    store
        .conn()
        .execute_batch(
            "DELETE FROM post_problems; UPDATE problems_kept SET taxonomy = '[]', through = 0;",
        )
        .unwrap();
    let taxonomy = Taxonomy::load(store.conn()).unwrap();
    assert!(!categories::is_current(store.conn(), &taxonomy).unwrap());
    let ids = post_ids(&store);
    let fallback = by_post(
        &taxonomy,
        &ids,
        analytics_problems::categorise(&store, &taxonomy, &ids).unwrap(),
    );
    assert_eq!(fallback, on_the_fly(&store));
    drop(store);
    let store = workspace::open(&path, chrono::Utc::now()).unwrap();
    assert!(categories::is_current(store.conn(), &taxonomy).unwrap());
    assert_eq!(kept(&store), fallback);
}
