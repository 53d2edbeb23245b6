//! Writing normalised records into the store, and reading posts back out.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::Result;
use crate::model::{Author, Post};

/// Whether a write added something new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    New,
    Duplicate,
}

/// Inserts or refreshes an author; returns its row id. Known values replace unknown ones, and a
/// follower count is only ever replaced by another known count.
pub fn upsert_author(tx: &Transaction<'_>, author: &Author) -> Result<i64> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO authors (platform, native_id, handle, name, followers, verified)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (platform, native_id) DO UPDATE SET
             handle = coalesce(excluded.handle, handle),
             name = coalesce(excluded.name, name),
             followers = coalesce(excluded.followers, followers),
             verified = coalesce(excluded.verified, verified)
         RETURNING id",
    )?;
    Ok(stmt.query_row(
        params![
            author.platform.as_str(),
            author.native_id,
            author.handle,
            author.name,
            author.followers,
            author.verified,
        ],
        |r| r.get(0),
    )?)
}

/// The row id of an author already in the store, creating a bare row when unseen.
fn author_row(tx: &Transaction<'_>, post: &Post) -> Result<Option<i64>> {
    let Some(native_id) = &post.author_id else {
        return Ok(None);
    };
    let existing: Option<i64> = tx
        .prepare_cached("SELECT id FROM authors WHERE platform = ?1 AND native_id = ?2")?
        .query_row(params![post.platform.as_str(), native_id], |r| r.get(0))
        .optional()?;
    match existing {
        Some(id) => Ok(Some(id)),
        None => upsert_author(
            tx,
            &Author {
                platform: post.platform,
                native_id: native_id.clone(),
                handle: None,
                name: None,
                followers: None,
                verified: None,
            },
        )
        .map(Some),
    }
}

/// Inserts a post unless one with the same (platform, native id) is already stored.
pub fn insert_post(
    tx: &Transaction<'_>,
    post: &Post,
    sentiment: Option<f64>,
    import_id: i64,
) -> Result<Written> {
    let author = author_row(tx, post)?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO posts (platform, native_id, author, created_at, text, lang, url, kind, parent,
                            likes, shares, replies, quotes, views, followers_at_post, sentiment,
                            import_id, raw)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
         ON CONFLICT (platform, native_id) DO NOTHING",
    )?;
    let changed = stmt.execute(params![
        post.platform.as_str(),
        post.native_id,
        author,
        post.created_at.timestamp(),
        post.text,
        post.lang,
        post.url,
        post.kind.as_str(),
        post.parent,
        post.likes,
        post.shares,
        post.replies,
        post.quotes,
        post.views,
        post.followers_at_post,
        sentiment,
        import_id,
        post.raw,
    ])?;
    Ok(if changed == 1 {
        Written::New
    } else {
        Written::Duplicate
    })
}

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
    pub engagement: i64,
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
    p.quotes, p.views, p.followers_at_post, p.sentiment, a.verified";

use crate::model::displayable;

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
            engagement: counts.into_iter().flatten().sum(),
            sentiment: r.get(18)?,
            exposure: None,
            author_verified: r.get(19)?,
        })
    }
}

/// Every post, oldest first (for `townhall posts` without a topic).
pub fn all_posts(conn: &Connection, limit: Option<u64>) -> Result<Vec<StoredPost>> {
    let sql = format!(
        "SELECT {POST_COLUMNS} FROM posts p LEFT JOIN authors a ON a.id = p.author
         ORDER BY p.created_at, p.id LIMIT ?1"
    );
    let limit = limit.map_or(-1, |l| l as i64);
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([limit], StoredPost::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
