//! Topics: a named query per watched system or issue, with its matches kept current
//! ([`matches`](mod@matches)); and the named queries of the problem categories
//! ([`taxonomy`]), whose matches are kept the same way ([`categories`]).

pub mod categories;
pub mod matches;
pub mod taxonomy;

use rusqlite::{params, params_from_iter, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::query::{self, Matcher};
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Topic {
    pub id: i64,
    pub name: String,
    pub query: String,
}

impl Topic {
    /// The compiled query (it was validated when the topic was saved).
    pub fn matcher(&self) -> Result<Matcher> {
        query::compile(&self.query)
            .map_err(|e| Error::InvalidInput(format!("topic {:?}: query {e}", self.name)))
    }
}

/// How many stored posts a matcher finds: the live count shown while a query is typed.
pub fn count(store: &Store, matcher: &Matcher) -> Result<u64> {
    let n: i64 = match matcher.fts_only() {
        // The index alone knows how many posts hold the words: no need to visit them.
        Some(fts) => store
            .conn()
            .prepare_cached("SELECT count(*) FROM posts_fts WHERE posts_fts MATCH ?1")?
            .query_row([fts], |r| r.get(0))?,
        None => {
            let sql = format!("SELECT count(*) FROM posts p WHERE {}", matcher.sql);
            store
                .conn()
                .prepare_cached(&sql)?
                .query_row(params_from_iter(&matcher.params), |r| r.get(0))?
        }
    };
    Ok(n as u64)
}

/// The live check of a topic query while it is typed: how many posts it matches, or what is
/// wrong with it and where.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum QueryCheck {
    /// The query reads; it matches `count` stored posts.
    Valid { count: u64 },
    /// The query is wrong at `column` (1-based, in characters).
    Invalid { column: u32, message: String },
}

/// Checks a query as the user types it: whether it reads, and how many posts it matches.
pub fn check(store: &Store, query_text: &str) -> Result<QueryCheck> {
    Ok(match query::compile(query_text) {
        Ok(m) => QueryCheck::Valid {
            count: count(store, &m)?,
        },
        Err(e) => QueryCheck::Invalid {
            column: e.column as u32,
            message: e.message,
        },
    })
}

/// A topic's name as given, trimmed, if it is one: not empty, and without control characters
/// or the invisible marks that reorder text, which a terminal would obey and a reader could not
/// see.
pub fn checked_name(name: &str) -> Result<&str> {
    let name = crate::model::checked_label(name, "a topic needs a name", "a topic's name")?;
    match name.chars().count() {
        n if n > MAX_NAME => Err(Error::InvalidInput(format!(
            "a topic's name can be at most {MAX_NAME} characters (this one has {n}): it heads the \
             dashboard, the brief and its file's name"
        ))),
        _ => Ok(name),
    }
}

/// The most characters a topic's name may have.
pub const MAX_NAME: usize = 80;

/// Saves a topic; its query must compile. Adding a name that exists replaces its query.
pub fn add(store: &Store, name: &str, query_text: &str, now: &str) -> Result<Topic> {
    let name = checked_name(name)?;
    query::compile(query_text).map_err(|e| Error::InvalidInput(format!("query {e}")))?;
    let _writing = crate::store::cache::Writing::new(store.conn())?;
    let tx = rusqlite::Transaction::new_unchecked(
        store.conn(),
        rusqlite::TransactionBehavior::Immediate,
    )?;
    let before: Option<String> = tx
        .query_row("SELECT query FROM topics WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?;
    let id: i64 = tx.query_row(
        "INSERT INTO topics (name, query, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (name) DO UPDATE SET query = excluded.query
         RETURNING id",
        params![name, query_text, now],
        |r| r.get(0),
    )?;
    if before.as_deref() != Some(query_text) {
        // Matching a new query over every stored post happens once, here, not on each read.
        matches::reset(&tx, id)?;
        matches::catch_up(&tx)?;
    }
    tx.commit()?;
    get(store, name)
}

/// Gives the topic `id` a new name (checked as [`add`] checks it) that no other topic has,
/// whatever its case.
pub fn rename(store: &Store, id: i64, name: &str) -> Result<()> {
    let name = checked_name(name)?;
    let taken: Option<String> = store
        .conn()
        .query_row(
            "SELECT name FROM topics WHERE name = ?1 COLLATE NOCASE AND id <> ?2",
            params![name, id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(taken) = taken {
        return Err(Error::InvalidInput(format!(
            "there is already a topic named “{taken}”"
        )));
    }
    store.conn().execute(
        "UPDATE topics SET name = ?1 WHERE id = ?2",
        params![name, id],
    )?;
    Ok(())
}

pub fn list(store: &Store) -> Result<Vec<Topic>> {
    let mut stmt = store
        .conn()
        .prepare("SELECT id, name, query FROM topics ORDER BY name COLLATE NOCASE")?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(store: &Store, name: &str) -> Result<Topic> {
    store
        .conn()
        .query_row(
            "SELECT id, name, query FROM topics WHERE name = ?1",
            [name.trim()],
            row,
        )
        .optional()?
        .ok_or_else(|| {
            let known = list(store)
                .map(|ts| {
                    ts.into_iter()
                        .map(|t| t.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            Error::NotFound(if known.is_empty() {
                format!("no topic named {name:?}; this workspace has no topics yet")
            } else {
                format!("no topic named {name:?}; topics: {known}")
            })
        })
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Topic> {
    Ok(Topic {
        id: r.get(0)?,
        name: r.get(1)?,
        query: r.get(2)?,
    })
}
