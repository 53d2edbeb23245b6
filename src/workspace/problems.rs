//! Most reported problems as use cases: a topic's report over a period, each listed post's
//! categories, the taxonomy's queries and their replacement, and how the queries agree with a
//! labelled set of posts. The numbers are [`crate::analytics::problems`]'s; this module resolves
//! what a request names and keeps the replaced queries in the workspace's settings.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::views;
use crate::analytics::problems::{
    self, taxonomy, Category, Problem, ProblemReport, Score, Taxonomy,
};
use crate::error::{Error, Result};
use crate::import::{self, Format};
use crate::store::posts::StoredPost;
use crate::store::{settings, Store};
use crate::wire::DashboardRequest;

/// Each category's figures for the request's topic and period (the period resolved as the
/// dashboard's), most mentioned first.
pub fn report(
    store: &Store,
    request: &DashboardRequest,
    now: DateTime<Utc>,
) -> Result<ProblemReport> {
    let (topic, period) = views::resolve(store, request, now)?;
    problems::report(store, &Taxonomy::load(store.conn())?, &topic, &period)
}

/// Every category with the query this workspace uses for it.
pub fn categories(store: &Store) -> Result<Vec<Category>> {
    Ok(Taxonomy::load(store.conn())?.categories().to_vec())
}

/// Replaces a category's query in this workspace, once the parser reads it; the built-in
/// query itself (or an empty one) puts the built-in query back.
pub fn set_query(store: &Store, category: &str, query: &str) -> Result<Category> {
    let problem = Problem::parse(category)?;
    let query = query.trim();
    if query.is_empty() || query == problem.default_query() {
        return reset_query(store, category);
    }
    taxonomy::compile(problem, query)?;
    changing_taxonomy(store, |conn| {
        settings::set(conn, &problem.setting_key(), query)
    })?;
    Ok(Taxonomy::load(store.conn())?.get(problem).clone())
}

/// Puts a category's built-in query back.
pub fn reset_query(store: &Store, category: &str) -> Result<Category> {
    let problem = Problem::parse(category)?;
    changing_taxonomy(store, |conn| {
        conn.execute(
            "DELETE FROM settings WHERE key = ?1",
            [problem.setting_key()],
        )?;
        Ok(())
    })?;
    Ok(Taxonomy::load(store.conn())?.get(problem).clone())
}

/// Changes the taxonomy and categorises every post anew by it, in one transaction.
fn changing_taxonomy(
    store: &Store,
    change: impl FnOnce(&rusqlite::Connection) -> Result<()>,
) -> Result<()> {
    let tx = rusqlite::Transaction::new_unchecked(
        store.conn(),
        rusqlite::TransactionBehavior::Immediate,
    )?;
    change(&tx)?;
    crate::topics::categories::catch_up(&tx)?;
    tx.commit()?;
    Ok(())
}

/// A listed post with its categories.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListedPost {
    #[serde(flatten)]
    pub post: StoredPost,
    /// The categories of problems it reports, in the taxonomy's order; empty when none.
    pub problems: Vec<Problem>,
}

/// The posts with their categories, in the same order.
pub fn with_problems(store: &Store, posts: Vec<StoredPost>) -> Result<Vec<ListedPost>> {
    let ids: Vec<i64> = posts.iter().map(|p| p.id).collect();
    let taxonomy = Taxonomy::load(store.conn())?;
    let found = problems::categorise(store, &taxonomy, &ids)?;
    Ok(posts
        .into_iter()
        .zip(found)
        .map(|(post, set)| ListedPost {
            problems: taxonomy.problems(set),
            post,
        })
        .collect())
}

/// A post of a labelled set: its text, its language when known, and the categories a person
/// gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    pub line: usize,
    pub labels: Vec<Problem>,
    pub lang: Option<String>,
    pub text: String,
}

/// The header a labelled set starts with.
pub const LABELLED_HEADER: &str = "labels\tlang\ttext";

/// Reads a labelled set: a tab-separated file headed `labels, lang, text`, one post a line; the
/// labels are category names separated by commas, or `-` for none. Lines starting with `#` and
/// blank lines are skipped.
pub fn read_labelled(path: &Path) -> Result<Vec<Labelled>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let bad = |line: usize, what: String| {
        Error::InvalidInput(format!("{}: line {line}: {what}", path.display()))
    };
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    match lines.next() {
        Some((_, header)) if header.trim_end() == LABELLED_HEADER => {}
        Some((n, _)) => {
            return Err(bad(
                n,
                format!("the first line should be the header {LABELLED_HEADER:?}"),
            ))
        }
        None => return Err(bad(1, "the file has no posts".into())),
    }
    let mut posts = Vec::new();
    for (n, line) in lines {
        let mut fields = line.splitn(3, '\t');
        let (Some(labels), Some(lang), Some(text)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(bad(
                n,
                "expected labels, lang and text separated by tabs".into(),
            ));
        };
        let labels = match labels.trim() {
            "" | "-" => Vec::new(),
            list => list
                .split(',')
                .map(Problem::parse)
                .collect::<Result<Vec<_>>>()
                .map_err(|e| bad(n, e.to_string()))?,
        };
        let lang = lang.trim();
        posts.push(Labelled {
            line: n,
            labels,
            lang: (!lang.is_empty() && lang != "-").then(|| lang.to_string()),
            text: text.trim().to_string(),
        });
    }
    Ok(posts)
}

/// How the built-in queries agree with a labelled set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub posts: usize,
    /// Per category, in the taxonomy's order.
    pub scores: Vec<Score>,
    /// The posts whose categories differ from their labels, with what was found.
    pub disagreements: Vec<Disagreement>,
}

/// A labelled post the queries categorise differently.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    pub line: usize,
    pub text: String,
    pub labels: Vec<Problem>,
    pub found: Vec<Problem>,
}

/// Categorises the labelled posts with the built-in queries, in a private in-memory workspace
/// (through the real importer and the real matcher), and scores each category.
pub fn evaluate(labelled: &[Labelled]) -> Result<Evaluation> {
    let mut store = Store::open_in_memory()?;
    let mut page = String::new();
    for (i, post) in labelled.iter().enumerate() {
        let line = serde_json::json!({
            "id": i.to_string(),
            "text": post.text,
            "lang": post.lang,
            "created_at": "2026-01-01T00:00:00.000Z",
            "author_id": i.to_string(),
            "author": { "id": i.to_string(), "username": format!("person{i}") },
        });
        page.push_str(&line.to_string());
        page.push('\n');
    }
    let report = import::import_page(
        &mut store,
        "labelled set",
        Format::Twarc2Flat,
        page.into_bytes(),
    )?;
    if let Some(e) = report.errors.first() {
        return Err(Error::InvalidInput(format!(
            "labelled post {} could not be read: {}",
            e.line, e.reason
        )));
    }
    let ids: Vec<(usize, i64)> = store
        .conn()
        .prepare("SELECT CAST(native_id AS INTEGER), id FROM posts")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut row_of = vec![0; labelled.len()];
    for (i, id) in ids {
        row_of[i] = id;
    }
    let taxonomy = Taxonomy::defaults();
    let found: Vec<Vec<Problem>> = problems::categorise(&store, &taxonomy, &row_of)?
        .into_iter()
        .map(|set| taxonomy.problems(set))
        .collect();
    let labels: Vec<Vec<Problem>> = labelled
        .iter()
        .map(|p| {
            let mut l = p.labels.clone();
            l.sort();
            l.dedup();
            l
        })
        .collect();
    let disagreements = labelled
        .iter()
        .zip(&labels)
        .zip(&found)
        .filter(|((_, l), f)| l != f)
        .map(|((p, l), f)| Disagreement {
            line: p.line,
            text: p.text.clone(),
            labels: l.clone(),
            found: f.clone(),
        })
        .collect();
    Ok(Evaluation {
        posts: labelled.len(),
        scores: problems::score(&labels, &found),
        disagreements,
    })
}
