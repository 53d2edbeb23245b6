//! A stored post met again brings its counts as they are now: likes, shares and views grow
//! after a post is first collected (a live collection sees it in its first minutes, next week's
//! export a week later). Each count is raised to the largest a copy has given, whatever order
//! the files come in, and the facts its kept topic matches pack are written again
//! ([`super::facts`]), so that every figure reads the raised counts.
//!
//! A count is never lowered, and removing the import that raised it leaves it raised: counts
//! only grow on the platforms (an unlike is rare and small), and the largest seen is the
//! latest known.

use rusqlite::{params, Transaction};

use super::posts::ENGAGEMENT;
use crate::error::Result;
use crate::model::Counts;

/// Raises the counts of the stored post `id` that `counts` exceeds; whether any was raised.
pub fn raise(tx: &Transaction<'_>, id: i64, counts: &Counts) -> Result<bool> {
    if !counts.any() {
        return Ok(false);
    }
    // Compared again with the row as it is: the counts were filtered ([`Counts::beyond`])
    // against the reading thread's snapshot, which an earlier copy in the same import may have
    // raised since. `?n > coalesce(c, -1)` is NULL, so false, for a count not given.
    let raised = tx
        .prepare_cached(
            "UPDATE posts SET
                 likes = CASE WHEN ?2 > coalesce(likes, -1) THEN ?2 ELSE likes END,
                 shares = CASE WHEN ?3 > coalesce(shares, -1) THEN ?3 ELSE shares END,
                 replies = CASE WHEN ?4 > coalesce(replies, -1) THEN ?4 ELSE replies END,
                 quotes = CASE WHEN ?5 > coalesce(quotes, -1) THEN ?5 ELSE quotes END,
                 views = CASE WHEN ?6 > coalesce(views, -1) THEN ?6 ELSE views END,
                 reported_engagement = CASE WHEN ?7 > coalesce(reported_engagement, -1)
                     THEN ?7 ELSE reported_engagement END
             WHERE id = ?1
               AND (?2 > coalesce(likes, -1) OR ?3 > coalesce(shares, -1)
                    OR ?4 > coalesce(replies, -1) OR ?5 > coalesce(quotes, -1)
                    OR ?6 > coalesce(views, -1)
                    OR ?7 > coalesce(reported_engagement, -1))",
        )?
        .execute(params![
            id,
            counts.likes,
            counts.shares,
            counts.replies,
            counts.quotes,
            counts.views,
            counts.reported_engagement,
        ])?;
    Ok(raised > 0)
}

/// Packs again the facts of the kept topic matches of the posts `ids`, whose counts were
/// raised.
pub fn refresh_matches(tx: &Transaction<'_>, ids: &[i64]) -> Result<()> {
    let sql = format!(
        "UPDATE topic_matches
         SET facts = (SELECT townhall_facts(p.platform, p.lang, {ENGAGEMENT}, p.views,
                                            p.followers_at_post, p.shares, p.sentiment)
                      FROM posts p WHERE p.id = ?1)
         WHERE topic IN (SELECT id FROM topics)
           AND created_at = (SELECT created_at FROM posts WHERE id = ?1) AND post = ?1"
    );
    let mut refresh = tx.prepare_cached(&sql)?;
    for &id in ids {
        refresh.execute([id])?;
    }
    Ok(())
}
