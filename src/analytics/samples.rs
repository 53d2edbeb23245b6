//! The texts the text measures read — terms that rose, copies, themes — each read bounded: at
//! most [`MAX_TEXTS`] posts per window or background, chosen deterministically, so a window of a
//! million posts costs no more than one of five thousand.

use std::collections::HashMap;

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use crate::analytics::drivers::{rising_terms, Backgrounds, RisingTerm};
use crate::analytics::words;
use crate::error::Result;
use crate::model::{displayable, PostKind};
use crate::store::Store;
use crate::topics::matches::Selection;
use crate::topics::Topic;

/// Posts read per window or background.
pub const MAX_TEXTS: i64 = 5_000;

/// The texts of the topic's posts in `[start, end)`, newest first, at most [`MAX_TEXTS`].
pub fn texts(store: &Store, topic: &Topic, start: i64, end: i64) -> Result<Vec<String>> {
    let (ids, mut values) = Selection::of(store, topic)?.ids_sql(start, end);
    let sql = format!(
        "SELECT p.text FROM ({ids}) s JOIN posts p ON p.id = s.id
         ORDER BY s.created_at DESC, s.id DESC LIMIT ?"
    );
    values.push(Value::Integer(MAX_TEXTS));
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(values), |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The two backgrounds a window's terms are ranked against: the topic's own past (its newest
/// posts before `start`) and the workspace outside `[start, end)` (the posts of any topic or
/// none nearest in time to the window, on either side), each at most [`MAX_TEXTS`].
pub fn backgrounds(
    store: &Store,
    topic: &Topic,
    start: i64,
    end: i64,
) -> Result<(Vec<String>, Vec<String>)> {
    let past = texts(store, topic, i64::MIN, start)?;
    let read = |sql: &str, at: i64| -> Result<Vec<(i64, String)>> {
        let mut stmt = store.conn().prepare_cached(sql)?;
        let rows = stmt.query_map(rusqlite::params![at, MAX_TEXTS], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let before = read(
        "SELECT t.created_at, p.text FROM post_times t JOIN posts p ON p.id = t.post
         WHERE t.created_at < ?1 ORDER BY t.created_at DESC, t.post DESC LIMIT ?2",
        start,
    )?;
    let after = read(
        "SELECT t.created_at, p.text FROM post_times t JOIN posts p ON p.id = t.post
         WHERE t.created_at >= ?1 ORDER BY t.created_at, t.post LIMIT ?2",
        end,
    )?;
    // The nearest in time first, from both sides, up to the limit.
    let (mut b, mut a) = (before.into_iter().peekable(), after.into_iter().peekable());
    let mut workspace = Vec::new();
    while workspace.len() < MAX_TEXTS as usize {
        let take_before = match (b.peek(), a.peek()) {
            (Some((tb, _)), Some((ta, _))) => start - tb <= ta - end,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let next = if take_before { b.next() } else { a.next() };
        workspace.extend(next.map(|(_, text)| text));
    }
    Ok((past, workspace))
}

/// A post of a window as copies and themes read it.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowPost {
    pub id: i64,
    pub created_at: i64,
    /// The author's row, `None` when the source named none.
    pub author: Option<i64>,
    pub kind: PostKind,
    pub text: String,
    pub sentiment: Option<f64>,
}

/// The selected posts in `[start, end)` with their text, oldest first: the newest
/// [`MAX_TEXTS`] of them.
pub fn window_posts(
    store: &Store,
    selection: &Selection,
    start: i64,
    end: i64,
) -> Result<Vec<WindowPost>> {
    let (ids, mut values) = selection.ids_sql(start, end);
    let sql = format!(
        "SELECT p.id, p.created_at, p.author, p.kind, p.text, p.sentiment
         FROM ({ids}) s JOIN posts p ON p.id = s.id
         ORDER BY s.created_at DESC, s.id DESC LIMIT ?"
    );
    values.push(Value::Integer(MAX_TEXTS));
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(values), |r| {
        let kind: String = r.get(3)?;
        Ok(WindowPost {
            id: r.get(0)?,
            created_at: r.get(1)?,
            author: r.get(2)?,
            kind: PostKind::parse(&kind).unwrap_or(PostKind::Post),
            text: displayable(&r.get::<_, String>(4)?),
            sentiment: r.get(5)?,
        })
    })?;
    let mut posts: Vec<WindowPost> = rows.collect::<rusqlite::Result<_>>()?;
    posts.reverse();
    Ok(posts)
}

/// The terms that rose in `posts`, the window of `topic` in `[start, end)`, against the
/// topic's own past and the rest of the workspace ([`backgrounds`]), best first.
///
/// A person is no term: each text is read without its author's own name and bare handle and
/// without the handles of other accounts written without their `@` ([`super::handles`]), and a
/// term that holds the whole name of an unverified author of the window ("jane doe", as others
/// write Jane Doe's name) is left out. An archive's posts say who wrote them ("Hunter Hillis
/// updated his status") and posts name people ("ask jane_doe_private"); either would name a
/// private person where pseudonyms are shown.
pub fn terms_that_rose(
    store: &Store,
    topic: &Topic,
    posts: &[WindowPost],
    (start, end): (i64, i64),
) -> Result<Vec<RisingTerm>> {
    let authors = authors_of(store, posts)?;
    let texts = without_own_names(store, posts, &authors)?;
    let (past, workspace) = backgrounds(store, topic, start, end)?;
    let terms = rising_terms(
        texts.iter().map(String::as_str),
        Backgrounds {
            past: &past,
            workspace: &workspace,
        },
        3,
        12,
    );
    let private_names: Vec<String> = authors
        .into_values()
        .filter(|(_, _, verified)| !verified)
        .filter_map(|(name, handle, _)| words::own_name(name.as_deref(), handle.as_deref()))
        .map(|name| name.to_lowercase())
        .collect();
    Ok(terms
        .into_iter()
        .filter(|t| {
            let term = format!(" {} ", t.term.to_lowercase());
            !private_names
                .iter()
                .any(|name| term.contains(&format!(" {name} ")))
        })
        .collect())
}

/// The texts of `posts`, each without its author's own name and bare handle, and without the
/// handles of other accounts written without their `@`.
fn without_own_names(
    store: &Store,
    posts: &[WindowPost],
    authors: &HashMap<i64, WindowAuthor>,
) -> Result<Vec<String>> {
    let texts = posts
        .iter()
        .map(|p| {
            let Some((name, handle, _)) = p.author.and_then(|a| authors.get(&a)) else {
                return p.text.clone();
            };
            let text = match words::own_name(name.as_deref(), handle.as_deref()) {
                Some(name) => words::replace_word_ignoring_case(&p.text, &name, " "),
                None => p.text.clone(),
            };
            // Their handle written without its `@` (`eightbit.me/andreruffert`).
            match handle.as_deref().filter(|h| h.chars().count() >= 4) {
                Some(handle) => words::replace_word_ignoring_case(&text, handle, " "),
                None => text,
            }
        })
        .collect::<Vec<String>>();
    let others = super::handles::handles_in(store.conn(), texts.iter().map(String::as_str))?;
    if others.is_empty() {
        return Ok(texts);
    }
    Ok(texts
        .iter()
        .map(|text| {
            super::handles::replaced(text, |word| {
                others
                    .contains(&word.to_lowercase())
                    .then(|| " ".to_string())
            })
        })
        .collect())
}

/// An author as the window's texts need them: name, handle and whether verified.
type WindowAuthor = (Option<String>, Option<String>, bool);

/// The authors of `posts`, by row id.
fn authors_of(store: &Store, posts: &[WindowPost]) -> Result<HashMap<i64, WindowAuthor>> {
    let ids: Vec<i64> = posts.iter().filter_map(|p| p.author).collect();
    let mut statement = store.conn().prepare_cached(
        "SELECT a.id, a.name, a.handle, coalesce(a.verified, 0) FROM authors a
         JOIN json_each(?1) j ON a.id = j.value",
    )?;
    let authors = statement
        .query_map([serde_json::to_string(&ids).expect("ids serialise")], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(authors)
}

/// How many posts the selection has in `[start, end)`.
pub fn count(store: &Store, selection: &Selection, start: i64, end: i64) -> Result<u64> {
    let (ids, values) = selection.ids_sql(start, end);
    let sql = format!("SELECT count(*) FROM ({ids})");
    let n: i64 = store
        .conn()
        .query_row(&sql, params_from_iter(values), |r| r.get(0))?;
    Ok(n as u64)
}
