//! The per-post facts every measure is computed from, read in one pass over a topic's posts.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::exposure::ExposureModel;
use crate::error::Result;
use crate::model::Platform;
use crate::query::Matcher;
use crate::store::Store;

/// One post matching a topic.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub id: i64,
    pub created_at: i64,
    pub platform: Platform,
    pub lang: Option<String>,
    /// The author's row, or `None` when the source named no author.
    pub author: Option<i64>,
    /// The largest follower count known for the author from this post or their profile.
    pub followers: Option<i64>,
    pub engagement: i64,
    /// Estimated views (see [`super::exposure`]); `None` when unknown.
    pub exposure: Option<f64>,
    /// VADER compound score.
    pub sentiment: Option<f64>,
}

impl Mention {
    /// A mention with only the fields the reach measures need (for tests and examples).
    pub fn new(
        created_at: i64,
        author: Option<i64>,
        followers: Option<i64>,
        engagement: i64,
    ) -> Self {
        Mention {
            id: 0,
            created_at,
            platform: Platform::Other,
            lang: None,
            author,
            followers,
            engagement,
            exposure: None,
            sentiment: None,
        }
    }
}

/// The posts a matcher finds in `[start, end)` unix seconds, oldest first.
pub fn fetch(
    store: &Store,
    matcher: &Matcher,
    model: &ExposureModel,
    start: i64,
    end: i64,
) -> Result<Vec<Mention>> {
    let sql = format!(
        "SELECT p.id, p.created_at, p.platform, p.lang, p.author,
                CASE WHEN p.followers_at_post IS NULL THEN a.followers
                     WHEN a.followers IS NULL THEN p.followers_at_post
                     ELSE max(p.followers_at_post, a.followers) END,
                coalesce(p.likes, 0) + coalesce(p.shares, 0) + coalesce(p.replies, 0)
                    + coalesce(p.quotes, 0),
                p.views, coalesce(p.followers_at_post, a.followers), p.shares, p.sentiment
         FROM posts p LEFT JOIN authors a ON a.id = p.author
         WHERE {} AND p.created_at >= ? AND p.created_at < ?",
        matcher.sql
    );
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(bounded(matcher, start, end)), |r| {
        let platform = Platform::parse(r.get_ref(2)?.as_str()?).unwrap_or(Platform::Other);
        Ok(Mention {
            id: r.get(0)?,
            created_at: r.get(1)?,
            platform,
            lang: r.get(3)?,
            author: r.get(4)?,
            followers: r.get(5)?,
            engagement: r.get(6)?,
            exposure: model.estimate(platform, r.get(7)?, r.get(8)?, r.get(9)?),
            sentiment: r.get(10)?,
        })
    })?;
    let mut found: Vec<Mention> = rows.collect::<rusqlite::Result<_>>()?;
    // Sorting here is cheaper than asking SQLite to, which would build a temporary B-tree.
    found.sort_unstable_by_key(|m| (m.created_at, m.id));
    Ok(found)
}

/// Only the times of the posts a matcher finds in `[start, end)` (for share of voice).
pub fn times(store: &Store, matcher: &Matcher, start: i64, end: i64) -> Result<Vec<i64>> {
    let sql = format!(
        "SELECT p.created_at FROM posts p WHERE {} AND p.created_at >= ? AND p.created_at < ?",
        matcher.sql
    );
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(bounded(matcher, start, end)), |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The matcher's parameters followed by the time bounds.
pub(super) fn bounded(matcher: &Matcher, start: i64, end: i64) -> Vec<Value> {
    let mut params = matcher.params.clone();
    params.extend([Value::Integer(start), Value::Integer(end)]);
    params
}
