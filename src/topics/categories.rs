//! Kept problem categories: the categories of the [`Taxonomy`] each post is in, stored with the
//! post (migration 0008), so that "most reported problems" and the organisation's response read
//! them instead of running every category's query over the full-text index for each report.
//!
//! Invariant: `post_problems` holds exactly the posts with `id <= through` that some query of the
//! taxonomy recorded in `problems_kept` matches, each with the set of categories matching it.
//! [`catch_up`] runs inside the transaction of every import and every change to the taxonomy,
//! so categories commit (or roll back) with the posts and queries they cover. Readers never rely
//! on it: [`kept`] answers only when the record is the workspace's own taxonomy and reaches the
//! newest post, and callers match on the fly otherwise, so kept categories make reads faster
//! and never make them different.

use rusqlite::{params, Connection};
use rustc_hash::FxHashMap;

use super::taxonomy::{ProblemSet, Taxonomy};
use crate::error::Result;
use crate::query::Matcher;

/// Posts categorised per step of a catch-up, which bounds its memory whatever the workspace.
const STEP: i64 = 500_000;

/// Asked for at most this many posts, [`kept`] looks each up; for more, lying within
/// [`DENSE_SPAN`] times as many row ids, it reads the kept rows between the smallest and the
/// largest id into a slot per id.
const LOOKUPS: usize = 4_096;
const DENSE_SPAN: usize = 8;

/// Brings the kept categories up to the newest post under the workspace's taxonomy, starting
/// over when the taxonomy changed. Call it inside the transaction that wrote the posts (or the
/// taxonomy), so that both commit together.
///
/// A taxonomy whose saved query no longer compiles (a newer query language read by an older
/// build) is left behind; readers then match on the fly and report the error.
pub fn catch_up(conn: &Connection) -> Result<()> {
    let Ok(taxonomy) = Taxonomy::load(conn) else {
        return Ok(());
    };
    let fingerprint = taxonomy.fingerprint();
    let (recorded, through): (String, i64) =
        conn.query_row("SELECT taxonomy, through FROM problems_kept", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let newest: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM posts", [], |r| r.get(0))?;
    let mut from = through;
    if recorded != fingerprint {
        conn.execute("DELETE FROM post_problems", [])?;
        from = 0;
    } else if through >= newest {
        return Ok(());
    }
    let mut insert =
        conn.prepare_cached("INSERT INTO post_problems (post, problems) VALUES (?1, ?2)")?;
    while from < newest {
        let to = newest.min(from.saturating_add(STEP));
        let mut found: FxHashMap<i64, i64> = FxHashMap::default();
        for (bit, category) in taxonomy.categories().iter().enumerate() {
            for id in matching_between(conn, &category.matcher, from, to)? {
                *found.entry(id).or_default() |= 1 << bit;
            }
        }
        let mut rows: Vec<(i64, i64)> = found.into_iter().collect();
        rows.sort_unstable();
        for (post, problems) in rows {
            insert.execute(params![post, problems])?;
        }
        from = to;
    }
    conn.prepare_cached("UPDATE problems_kept SET taxonomy = ?1, through = ?2")?
        .execute(params![fingerprint, newest])?;
    Ok(())
}

/// Brings the kept categories up to date when they are behind (a workspace written by a build
/// that did not keep them). Only reads when they are current.
pub fn catch_up_if_behind(conn: &Connection) -> Result<bool> {
    let Ok(taxonomy) = Taxonomy::load(conn) else {
        return Ok(false);
    };
    if is_current(conn, &taxonomy)? {
        return Ok(false);
    }
    let _writing = crate::store::cache::Writing::new(conn)?;
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    catch_up(&tx)?;
    tx.commit()?;
    Ok(true)
}

/// Whether the kept categories are `taxonomy`'s and reach the newest post.
pub fn is_current(conn: &Connection, taxonomy: &Taxonomy) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT taxonomy = ?1 AND through >= (SELECT coalesce(max(id), 0) FROM posts)
             FROM problems_kept",
        )?
        .query_row([taxonomy.fingerprint()], |r| r.get(0))?)
}

/// The kept categories of each of the posts `ids`, in the same order (empty for a post in none or
/// not held); `None` when they are not current for `taxonomy` (then match on the fly).
pub fn kept(
    conn: &Connection,
    taxonomy: &Taxonomy,
    ids: &[i64],
) -> Result<Option<Vec<ProblemSet>>> {
    if !is_current(conn, taxonomy)? {
        return Ok(None);
    }
    let set = |bits: i64| ProblemSet::from_bits(bits as u32);
    let (Some(&lo), Some(&hi)) = (ids.iter().min(), ids.iter().max()) else {
        return Ok(Some(Vec::new()));
    };
    let span = (hi - lo) as usize + 1;
    if ids.len() > LOOKUPS && span <= DENSE_SPAN * ids.len() {
        // Many posts close together (a large topic's period): one range read into a slot per
        // row id of the range, then each post's slot.
        let mut slots = vec![ProblemSet::default(); span];
        let mut stmt = conn.prepare_cached(
            "SELECT post, problems FROM post_problems WHERE post BETWEEN ?1 AND ?2",
        )?;
        let mut rows = stmt.query([lo, hi])?;
        while let Some(row) = rows.next()? {
            slots[(row.get::<_, i64>(0)? - lo) as usize] = set(row.get(1)?);
        }
        return Ok(Some(
            ids.iter().map(|&id| slots[(id - lo) as usize]).collect(),
        ));
    }
    let mut found: FxHashMap<i64, ProblemSet> = FxHashMap::default();
    let wanted = serde_json::to_string(ids).expect("ids serialise");
    let mut stmt = conn.prepare_cached(
        "SELECT post, problems FROM post_problems
         WHERE post IN (SELECT value FROM json_each(?1))",
    )?;
    let mut rows = stmt.query([wanted])?;
    while let Some(row) = rows.next()? {
        found.insert(row.get(0)?, set(row.get(1)?));
    }
    Ok(Some(
        ids.iter()
            .map(|id| found.get(id).copied().unwrap_or_default())
            .collect(),
    ))
}

/// The ids of the posts in `(from, to]` that `matcher` matches.
fn matching_between(conn: &Connection, matcher: &Matcher, from: i64, to: i64) -> Result<Vec<i64>> {
    // A query made only of words is one full-text look-up over that range of rows.
    if let Some(expression) = matcher.fts_only() {
        let mut stmt = conn.prepare_cached(
            "SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?1 AND rowid > ?2 AND rowid <= ?3",
        )?;
        let rows = stmt.query_map(params![expression, from, to], |r| r.get(0))?;
        return Ok(rows.collect::<rusqlite::Result<_>>()?);
    }
    let sql = format!(
        "SELECT p.id FROM posts p WHERE p.id > ? AND p.id <= ? AND {}",
        matcher.sql
    );
    let params = [from, to]
        .map(rusqlite::types::Value::Integer)
        .into_iter()
        .chain(matcher.params.iter().cloned());
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
