//! Kept topic matches: each saved topic's posts, stored with the facts analytics read (migration
//! 0004; the facts packed in one blob since 0009, [`crate::store::facts`]), so that a dashboard or a briefing reads one range of a table instead of matching the
//! full-text index and visiting every post.
//!
//! Invariant: the kept rows of topic T are exactly the posts with `id <= T.matched_through` that
//! T's query matches. [`catch_up`] runs inside the transaction of every import and topic change,
//! so matches commit (or roll back) together with the posts they cover. Posts are never updated
//! and their ids only grow, so a topic is current when `matched_through` reaches the largest post
//! id. Readers never rely on that: [`Selection::of`] checks it and falls back to matching on the
//! fly, so kept matches make reads faster and never make them different.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use super::Topic;
use crate::error::Result;
use crate::query::{self, Matcher};
use crate::store::posts::{BY_TIME, ENGAGEMENT};
use crate::store::Store;

/// Which posts a read covers.
#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    /// The kept matches of these saved topics, current with every stored post. A post kept for
    /// several of them counts once.
    Kept(Vec<i64>),
    /// Posts matched on the fly: an unsaved query, or matches that are not current.
    Query(Matcher),
}

impl From<Matcher> for Selection {
    fn from(m: Matcher) -> Selection {
        Selection::Query(m)
    }
}

impl Selection {
    /// How to read `topic`'s posts: its kept matches when they are current for its query.
    pub fn of(store: &Store, topic: &Topic) -> Result<Selection> {
        Ok(if is_current(store.conn(), topic)? {
            Selection::Kept(vec![topic.id])
        } else {
            Selection::Query(topic.matcher()?)
        })
    }

    /// The posts of any of `topics`, from kept matches when all of them are current.
    pub fn any(store: &Store, topics: &[Topic]) -> Result<Selection> {
        let mut kept = Vec::with_capacity(topics.len());
        for t in topics {
            if !is_current(store.conn(), t)? {
                let matchers = topics
                    .iter()
                    .map(Topic::matcher)
                    .collect::<Result<Vec<_>>>()?;
                return Ok(Selection::Query(
                    Matcher::any(&matchers).unwrap_or_else(Matcher::everything),
                ));
            }
            kept.push(t.id);
        }
        kept.sort_unstable();
        kept.dedup();
        Ok(Selection::Kept(kept))
    }

    /// The times of the first and the last selected post; `None` when there are none.
    pub fn first_and_last(&self, conn: &Connection) -> Result<(Option<i64>, Option<i64>)> {
        let (sql, params) = match self {
            // Two ends of one index range, where asking for both at once visits every row.
            Selection::Kept(topics) if topics.len() == 1 => (
                "SELECT (SELECT min(created_at) FROM topic_matches WHERE topic = ?1),
                        (SELECT max(created_at) FROM topic_matches WHERE topic = ?1)"
                    .to_string(),
                vec![Value::Integer(topics[0])],
            ),
            _ => {
                let (ids, params) = self.ids_sql(i64::MIN, i64::MAX);
                (
                    format!("SELECT min(created_at), max(created_at) FROM ({ids})"),
                    params,
                )
            }
        };
        Ok(conn.query_row(&sql, params_from_iter(params), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?)
    }

    /// The time of the newest selected post before `end` (unix seconds).
    pub fn last_before(&self, conn: &Connection, end: i64) -> Result<Option<i64>> {
        let (ids, params) = self.ids_sql(i64::MIN, end);
        let sql = format!("SELECT max(created_at) FROM ({ids})");
        Ok(conn.query_row(&sql, params_from_iter(params), |r| r.get(0))?)
    }

    /// A subquery yielding the `id` and `created_at` of the selected posts in `[start, end)`
    /// unix seconds, with its parameters in order.
    pub fn ids_sql(&self, start: i64, end: i64) -> (String, Vec<Value>) {
        let bounds = [Value::Integer(start), Value::Integer(end)];
        match self {
            Selection::Kept(topics) if topics.len() == 1 => (
                "SELECT post AS id, created_at FROM topic_matches
                 WHERE topic = ? AND created_at >= ? AND created_at < ?"
                    .into(),
                [Value::Integer(topics[0])]
                    .into_iter()
                    .chain(bounds)
                    .collect(),
            ),
            Selection::Kept(topics) => (
                "SELECT post AS id, min(created_at) AS created_at FROM topic_matches
                 WHERE topic IN (SELECT value FROM json_each(?))
                   AND created_at >= ? AND created_at < ?
                 GROUP BY post"
                    .into(),
                [Value::Text(
                    serde_json::to_string(topics).expect("ids serialise"),
                )]
                .into_iter()
                .chain(bounds)
                .collect(),
            ),
            Selection::Query(m) if m.is_everything() => (
                "SELECT post AS id, created_at FROM post_times
                 WHERE created_at >= ? AND created_at < ?"
                    .into(),
                bounds.into(),
            ),
            Selection::Query(m) => (
                format!(
                    "SELECT p.id, p.created_at FROM posts p {BY_TIME}
                     WHERE {} AND t.created_at >= ? AND t.created_at < ?",
                    m.sql
                ),
                m.params.iter().cloned().chain(bounds).collect(),
            ),
        }
    }
}

/// Whether `topic`'s kept matches are current: saved with this very query, and matched through
/// the newest post.
pub fn is_current(conn: &Connection, topic: &Topic) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT matched_through >= (SELECT coalesce(max(id), 0) FROM posts)
             FROM topics WHERE id = ?1 AND query = ?2",
        )?
        .query_row(params![topic.id, topic.query], |r| r.get(0))
        .optional()?
        .unwrap_or(false))
}

/// The most posts (by id) a topic's catch-up matches in one statement: its matches, about 120
/// bytes each, are sorted in memory, so a stretch holds at most some 30 MB of them.
const CATCH_UP_POSTS: i64 = 250_000;

/// Brings every topic's kept matches up to the newest post. Call it inside the transaction that
/// wrote the posts (or changed the topic), so that both commit together.
///
/// A topic whose saved query no longer compiles (a newer query language read by an older build)
/// is left behind; readers then match it on the fly and report the error.
pub fn catch_up(conn: &Connection) -> Result<()> {
    catch_up_by_stretches(conn, CATCH_UP_POSTS)
}

/// [`catch_up`], matching at most `posts` posts (by id) in one statement.
pub fn catch_up_by_stretches(conn: &Connection, posts: i64) -> Result<()> {
    let newest: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM posts", [], |r| r.get(0))?;
    let behind: Vec<(i64, String, i64)> = conn
        .prepare_cached("SELECT id, query, matched_through FROM topics WHERE matched_through < ?1")?
        .query_map([newest], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (topic, query_text, through) in behind {
        let Ok(matcher) = query::compile(&query_text) else {
            continue;
        };
        // The stretch's bounds are parameters, so one statement serves every stretch.
        let sql = format!(
            "INSERT INTO topic_matches (topic, created_at, post, author, author_followers, facts)
             SELECT ?, p.created_at, p.id, p.author, a.followers,
                    townhall_facts(p.platform, p.lang, {ENGAGEMENT},
                        p.views, p.followers_at_post, p.shares, p.sentiment)
             FROM posts p LEFT JOIN authors a ON a.id = p.author
             WHERE p.id > ? AND p.id <= ? AND {}
             ORDER BY p.created_at, p.id",
            matcher.among_ids(through, newest).sql
        );
        let mut insert = conn.prepare_cached(&sql)?;
        // A stretch of posts at a time, each stretch's matches sorted into key order: sorting
        // them all at once would hold them all (SQLite's sorter takes as much memory as the
        // page cache before it spills).
        let mut after = through;
        while after < newest {
            let upto = newest.min(after.saturating_add(posts.max(1)));
            let stretch = matcher.among_ids(after, upto);
            debug_assert_eq!(stretch.sql, matcher.among_ids(through, newest).sql);
            let values = [topic, after, upto]
                .map(Value::Integer)
                .into_iter()
                .chain(stretch.params);
            insert.execute(params_from_iter(values))?;
            after = upto;
        }
        conn.prepare_cached("UPDATE topics SET matched_through = ?2 WHERE id = ?1")?
            .execute(params![topic, newest])?;
    }
    Ok(())
}

/// Brings kept matches up to date when some topic is behind (a workspace written by a build that
/// did not keep them, or by a path that did not catch up). Only reads when every topic is current.
pub fn catch_up_if_behind(conn: &Connection) -> Result<bool> {
    let behind: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM topics
                        WHERE matched_through < (SELECT coalesce(max(id), 0) FROM posts))",
        [],
        |r| r.get(0),
    )?;
    if behind {
        let _writing = crate::store::cache::Writing::new(conn)?;
        let tx =
            rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
        catch_up(&tx)?;
        tx.commit()?;
    }
    Ok(behind)
}

/// Forgets a topic's kept matches (its query changed); the next [`catch_up`] matches it anew.
pub fn reset(conn: &Connection, topic: i64) -> Result<()> {
    conn.execute("DELETE FROM topic_matches WHERE topic = ?1", [topic])?;
    conn.execute(
        "UPDATE topics SET matched_through = 0 WHERE id = ?1",
        [topic],
    )?;
    Ok(())
}
