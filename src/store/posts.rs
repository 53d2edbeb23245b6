//! Reading posts back out of the store, with their authors' display fields.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

/// A post as read back from the store, with its author's display fields.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct StoredPost {
    pub id: i64,
    pub platform: crate::model::Platform,
    pub native_id: String,
    pub author_handle: Option<String>,
    pub author_name: Option<String>,
    pub author_followers: Option<i64>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub text: String,
    pub lang: Option<String>,
    pub url: Option<String>,
    pub kind: crate::model::PostKind,
    pub parent: Option<String>,
    pub likes: Option<i64>,
    pub shares: Option<i64>,
    pub replies: Option<i64>,
    pub quotes: Option<i64>,
    pub views: Option<i64>,
    pub followers_at_post: Option<i64>,
    /// Likes + shares + replies + quotes, the unknown ones left out; the source's own total when
    /// it gives none of them; `None` when nothing is known.
    pub engagement: Option<i64>,
    pub sentiment: Option<f64>,
    /// Estimated views (see `analytics::exposure`), filled in by analytics; `None` when unknown or
    /// not computed.
    pub exposure: Option<f64>,
    /// Whether the platform marks the author as verified (`None`: the source does not say).
    pub author_verified: Option<bool>,
}

/// The columns [`StoredPost::from_row`] reads, for `SELECT {POST_COLUMNS} FROM posts p ...`.
pub const POST_COLUMNS: &str = "p.id, p.platform, p.native_id, a.handle, a.name, a.followers,
    p.created_at, p.text, p.lang, p.url, p.kind, p.parent, p.likes, p.shares, p.replies,
    p.quotes, p.views, p.followers_at_post, p.sentiment, a.verified, p.reported_engagement";

use crate::model::{displayable, Counts, Platform, Post};

impl StoredPost {
    pub fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredPost> {
        let platform: String = r.get(1)?;
        let kind: String = r.get(10)?;
        let created: i64 = r.get(6)?;
        let counts: [Option<i64>; 4] = [r.get(12)?, r.get(13)?, r.get(14)?, r.get(15)?];
        Ok(StoredPost {
            id: r.get(0)?,
            platform: crate::model::Platform::parse(&platform)
                .unwrap_or(crate::model::Platform::Other),
            native_id: r.get(2)?,
            author_handle: r.get::<_, Option<String>>(3)?.map(|s| displayable(&s)),
            author_name: r.get::<_, Option<String>>(4)?.map(|s| displayable(&s)),
            author_followers: r.get(5)?,
            created_at: crate::time::rfc3339(created),
            text: displayable(&r.get::<_, String>(7)?),
            lang: r.get(8)?,
            url: r.get(9)?,
            kind: crate::model::PostKind::parse(&kind).unwrap_or(crate::model::PostKind::Post),
            parent: r.get(11)?,
            likes: counts[0],
            shares: counts[1],
            replies: counts[2],
            quotes: counts[3],
            views: r.get(16)?,
            followers_at_post: r.get(17)?,
            engagement: crate::model::engagement(counts, r.get(20)?),
            sentiment: r.get(18)?,
            exposure: None,
            author_verified: r.get(19)?,
        })
    }
}

/// The engagement of post `p` in SQL: likes + shares + replies + quotes, the unknown counts left
/// out; the source's own total where it gives no part (a listening tool's Engagement column);
/// NULL when nothing is known (an archive's own posts, a feed's items), so that no one reads it
/// as no engagement: the rule of [`crate::model::engagement`], in SQL.
pub const ENGAGEMENT: &str = "CASE WHEN coalesce(p.likes, p.shares, p.replies, p.quotes) IS NULL
        THEN p.reported_engagement
        ELSE coalesce(p.likes, 0) + coalesce(p.shares, 0) + coalesce(p.replies, 0)
            + coalesce(p.quotes, 0) END";

/// Joins posts `p` to their times `t` (`post_times`, migration 0012), for reading posts by
/// time: a range of `t.created_at` is one range of that table, and either side can lead.
pub const BY_TIME: &str = "JOIN post_times t ON t.created_at = p.created_at AND t.post = p.id";

/// The columns of posts `p` a stored post's row id and counts are read from, in
/// [`known_row`]'s order (its reported total comes after them).
macro_rules! known_columns {
    () => {
        "p.id, p.likes, p.shares, p.replies, p.quotes, p.views"
    };
}

/// The stored post that `post` is, if any, with its counts: the one with its (platform,
/// native id), else, on a platform that names a post two ways
/// ([`Platform::names_posts_twice`]), the one known by its other name, as `post`'s id or as its
/// [`Post::local_id`].
///
/// [`Platform::names_posts_twice`]: crate::model::Platform::names_posts_twice
pub fn known(conn: &Connection, post: &Post) -> Result<Option<Stored>> {
    let by_local = |id: &str| -> Result<Option<Stored>> {
        Ok(conn
            .prepare_cached(concat!(
                "SELECT ",
                known_columns!(),
                ", p.reported_engagement FROM local_ids l JOIN posts p ON p.id = l.post
                 WHERE l.platform = ?1 AND l.local_id = ?2"
            ))?
            .query_row(params![post.platform.as_str(), id], known_row)
            .optional()?)
    };
    let by_id = |id: &str| known_by_id(conn, post.platform, id, Total::Read);
    if let Some(known) = by_id(&post.native_id)? {
        return Ok(Some(known));
    }
    if !post.platform.names_posts_twice() {
        return Ok(None);
    }
    if let Some(known) = by_local(&post.native_id)? {
        return Ok(Some(known));
    }
    match &post.local_id {
        Some(local) => by_id(local),
        None => Ok(None),
    }
}

/// Whether [`known_by_id`] reads the stored post's reported total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    Read,
    /// Left unread, for a reader that asks before it builds the post: a total given in place
    /// of the counts is no tweet's.
    Unread,
}

/// The stored post of `platform` whose native id is `id`, with its counts.
pub fn known_by_id(
    conn: &Connection,
    platform: Platform,
    id: &str,
    total: Total,
) -> Result<Option<Stored>> {
    let sql = match total {
        Total::Read => concat!(
            "SELECT ",
            known_columns!(),
            ", p.reported_engagement FROM posts p WHERE platform = ?1 AND native_id = ?2"
        ),
        Total::Unread => concat!(
            "SELECT ",
            known_columns!(),
            ", NULL FROM posts p WHERE platform = ?1 AND native_id = ?2"
        ),
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params![platform.as_str(), id], known_row)
        .optional()?)
}

/// A stored post met again: its row id and its counts.
pub type Stored = (i64, Counts);

/// A stored post's row id and counts, from [`known_columns`] and its reported total.
fn known_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    Ok((
        r.get(0)?,
        Counts {
            likes: r.get(1)?,
            shares: r.get(2)?,
            replies: r.get(3)?,
            quotes: r.get(4)?,
            views: r.get(5)?,
            reported_engagement: r.get(6)?,
        },
    ))
}

/// Every post, oldest first.
pub fn all_posts(conn: &Connection, limit: Option<u64>) -> Result<Vec<StoredPost>> {
    let sql = format!(
        "SELECT {POST_COLUMNS} FROM post_times t JOIN posts p ON p.id = t.post
         LEFT JOIN authors a ON a.id = p.author
         ORDER BY t.created_at, t.post LIMIT ?1"
    );
    let limit = limit.map_or(-1, |l| l as i64);
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([limit], StoredPost::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The posts with these row ids, in no particular order (those deleted meanwhile left out).
pub fn by_ids(conn: &Connection, ids: &[i64]) -> Result<Vec<StoredPost>> {
    let sql = format!(
        "SELECT {POST_COLUMNS} FROM posts p LEFT JOIN authors a ON a.id = p.author
         WHERE p.id IN (SELECT value FROM json_each(?1))"
    );
    let wanted = serde_json::to_string(ids).expect("ids serialise");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([wanted], StoredPost::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The posts that the posts `ids` reply to, by the replying post's row id, where the workspace
/// holds them: a parent is named by its native id, or by the id the server the reply was
/// collected from gave it.
pub fn replied_to(conn: &Connection, ids: &[i64]) -> Result<HashMap<i64, StoredPost>> {
    let sql = format!(
        "SELECT {POST_COLUMNS}, c.id
         FROM posts c JOIN posts p ON p.id = coalesce(
             (SELECT id FROM posts WHERE platform = c.platform AND native_id = c.parent),
             (SELECT post FROM local_ids WHERE platform = c.platform AND local_id = c.parent))
         LEFT JOIN authors a ON a.id = p.author
         WHERE c.id IN (SELECT value FROM json_each(?1)) AND c.parent IS NOT NULL"
    );
    let wanted = serde_json::to_string(ids).expect("ids serialise");
    let mut stmt = conn.prepare_cached(&sql)?;
    // The replying post's id follows the parent's columns.
    let rows = stmt.query_map([wanted], |r| Ok((r.get(21)?, StoredPost::from_row(r)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SQL and the rule agree for every mix of known, zero and unknown parts and totals.
    #[test]
    fn the_sql_engagement_is_the_model_s() {
        let conn = Connection::open_in_memory().unwrap();
        let values = [None, Some(0), Some(3)];
        let mut cases = 0;
        for likes in values {
            for shares in values {
                for replies in values {
                    for quotes in values {
                        for reported in [None, Some(0), Some(40)] {
                            let parts = [likes, shares, replies, quotes];
                            let sql: Option<i64> = conn
                                .query_row(
                                    &format!(
                                        "SELECT {ENGAGEMENT} FROM (SELECT ?1 AS likes, ?2 AS shares,
                                         ?3 AS replies, ?4 AS quotes, ?5 AS reported_engagement) p"
                                    ),
                                    rusqlite::params![likes, shares, replies, quotes, reported],
                                    |r| r.get(0),
                                )
                                .unwrap();
                            assert_eq!(
                                sql,
                                crate::model::engagement(parts, reported),
                                "{parts:?} {reported:?}"
                            );
                            cases += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(cases, 243);
    }
}
