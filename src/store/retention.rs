//! Retention: when the workspace's `retention_days` setting is set, posts older than that many
//! days are deleted, with their full-text entries, their kept topic matches, and the authors left
//! without any post. Off unless the user sets it.
//!
//! One transaction, so a crash leaves either everything or nothing deleted. Deleted pages are
//! overwritten (`secure_delete`), so the removed text does not linger in the file's free pages.

use rusqlite::{Connection, TransactionBehavior};

use super::settings::{self, RETENTION_DAYS};
use crate::error::{Error, Result};

/// What one pass of retention removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    pub posts: u64,
    pub authors: u64,
}

/// The retention period the workspace asks for, in days; `None` keeps everything.
pub fn days(conn: &Connection) -> Result<Option<u32>> {
    settings::get(conn, RETENTION_DAYS)?
        .map(|v| parse_days(&v))
        .transpose()
}

/// Reads a retention period: a whole number of days, at least 1.
pub fn parse_days(value: &str) -> Result<u32> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|&d| d >= 1)
        .ok_or_else(|| {
            Error::InvalidInput(format!(
                "retention_days is a whole number of days (at least 1), not {value:?}"
            ))
        })
}

/// Applies the workspace's retention setting as of `now` (unix seconds); does nothing when it is
/// not set.
pub fn apply(conn: &mut Connection, now: i64) -> Result<Pruned> {
    match days(conn)? {
        Some(days) => prune_before(conn, now - i64::from(days) * 86_400),
        None => Ok(Pruned::default()),
    }
}

/// How many posts were created before `cutoff` (unix seconds), and how many the workspace
/// holds: what [`prune_before`] would delete, counted without deleting.
pub fn count_before(conn: &Connection, cutoff: i64) -> Result<(u64, u64)> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM post_times WHERE created_at < ?1),
                (SELECT coalesce(sum(posts), 0) FROM platform_coverage)",
        [cutoff],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Deletes every post created before `cutoff` (unix seconds), and what only they held. When
/// there is nothing to delete it only reads, so it never waits for an import's write lock.
pub fn prune_before(conn: &mut Connection, cutoff: i64) -> Result<Pruned> {
    let any: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM post_times WHERE created_at < ?1)",
        [cutoff],
        |r| r.get(0),
    )?;
    if !any {
        return Ok(Pruned::default());
    }
    conn.pragma_update(None, "secure_delete", true)?;
    let result = (|| {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Kept matches are keyed by topic and time, so each topic's old rows are one range.
        tx.execute(
            "DELETE FROM topic_matches
             WHERE topic IN (SELECT id FROM topics) AND created_at < ?1",
            [cutoff],
        )?;
        let (posts, authors) = delete_posts(
            &tx,
            "id IN (SELECT post FROM post_times WHERE created_at < ?1)",
            cutoff,
        )?;
        if posts == 0 {
            return Ok(Pruned::default());
        }
        tidy_after_deleting_posts(&tx)?;
        tx.commit()?;
        Ok(Pruned { posts, authors })
    })();
    conn.pragma_update(None, "secure_delete", false)?;
    result
}

/// Authors a deletion removes one by one, each with a pass over the posts; past this many, it
/// builds an index by author first.
const AUTHORS_WITHOUT_INDEX: i64 = 16;

/// Deletes the posts `condition` selects (SQL over `posts` with `?1` bound to `value`: one of
/// this crate's constants, never user text), then the authors they leave without a post.
/// An author who had no post among them stays, even without any: a profile from a user
/// lookup, imported for its follower count, is not what was deleted. Returns how many posts
/// and authors were deleted.
pub(crate) fn delete_posts(
    tx: &rusqlite::Transaction<'_>,
    condition: &str,
    value: i64,
) -> Result<(u64, u64)> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS authors_of_deleted (id INTEGER PRIMARY KEY);
         DELETE FROM temp.authors_of_deleted;",
    )?;
    tx.execute(
        &format!(
            "INSERT OR IGNORE INTO temp.authors_of_deleted
             SELECT author FROM posts WHERE ({condition}) AND author IS NOT NULL"
        ),
        [value],
    )?;
    let posts = tx.execute(&format!("DELETE FROM posts WHERE {condition}"), [value])? as u64;
    tx.execute(
        "DELETE FROM temp.authors_of_deleted WHERE EXISTS
             (SELECT 1 FROM post_authors WHERE post_authors.author = temp.authors_of_deleted.id)",
        [],
    )?;
    // Deleting an author makes SQLite look for posts that still name it (`posts.author` is a
    // foreign key), and posts have no index by author (`post_authors` serves the reads): one
    // pass over all posts per author. For more than a few, an index built for the deletion and
    // dropped with it, inside the same transaction, is much cheaper (77 s → 2 s for 226,000
    // posts of 5,000 authors).
    let leaving: i64 = tx.query_row("SELECT count(*) FROM temp.authors_of_deleted", [], |r| {
        r.get(0)
    })?;
    let indexed = leaving > AUTHORS_WITHOUT_INDEX;
    if indexed {
        tx.execute_batch("CREATE INDEX posts_author_while_deleting ON posts (author)")?;
    }
    let authors = tx.execute(
        "DELETE FROM authors WHERE id IN (SELECT id FROM temp.authors_of_deleted)",
        [],
    )? as u64;
    if indexed {
        tx.execute_batch("DROP INDEX posts_author_while_deleting")?;
    }
    tx.execute("DELETE FROM temp.authors_of_deleted", [])?;
    Ok((posts, authors))
}

/// After posts were deleted in `tx` ([`delete_posts`]): keeps every topic's watermark below the
/// ids new posts will get, and recounts the platforms' coverage.
pub(crate) fn tidy_after_deleting_posts(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    // New posts must get ids above every topic's watermark and the kept categories', even if the
    // newest was deleted (SQLite reuses ids above the largest one left).
    tx.execute_batch(
        "UPDATE topics SET matched_through =
             min(matched_through, (SELECT coalesce(max(id), 0) FROM posts));
         UPDATE problems_kept SET through = min(through, (SELECT coalesce(max(id), 0) FROM posts));
         DELETE FROM platform_coverage;
         INSERT INTO platform_coverage (platform, posts, first, last, replies)
             SELECT platform, count(*), min(created_at), max(created_at),
                    count(*) FILTER (WHERE kind IN ('reply', 'comment') AND parent IS NOT NULL)
             FROM posts GROUP BY platform;",
    )?;
    Ok(())
}
