//! Authors as the store keeps them: one row per person and platform, whatever the files called
//! them.
//!
//! A source names an account by the platform's own id (an API's user number, a Bluesky DID) or,
//! in a listening tool's CSV, by its handle as written (`@Sam`, `@sam`). On a platform where a
//! handle names one account whatever its case ([`Platform::handle_is_unique`]), a record that
//! names its account by a handle is the account of that handle: an import finds the row by its
//! id, else by its handle, and a row keyed by its handle takes the platform's id when a record
//! brings it. Two ids stay two accounts, even with one handle (a handle given up and taken
//! again). Rows that became twins
//! later (a bare id that a profile then gave a handle, or a workspace from before this rule) are
//! merged when an import finishes and when an older workspace opens (migration 0018), by the
//! one script in `same_person.sql`.

use rusqlite::{params, OptionalExtension, Transaction};

use crate::error::Result;
use crate::model::{Author, Platform};

/// The script that merges the authors named in `temp.author_handles` with their twins.
const SAME_PERSON: &str = include_str!("same_person.sql");

/// Merges what `new` says of an author into `stored` as an upsert would (known values replace
/// unknown ones; the follower count is the largest known, whatever order the files come in);
/// whether that changed anything. Copies only what changes. A row known by its handle takes
/// the platform's id when `new` has one.
pub(super) fn merge_into(stored: &mut Author, new: &Author) -> bool {
    fn take<T: Clone + PartialEq>(stored: &mut Option<T>, new: &Option<T>) -> bool {
        match new {
            Some(value) if stored.as_ref() != Some(value) => {
                *stored = Some(value.clone());
                true
            }
            _ => false,
        }
    }
    let takes_id = keyed_by_handle(stored) && new.handle.is_some() && !keyed_by_handle(new);
    if takes_id {
        stored.native_id.clone_from(&new.native_id);
    }
    // A handle as a CSV wrote it (`@SAM`) does not respell the platform's: re-importing either
    // file changes nothing.
    let spells_handle = keyed_by_handle(stored) || !keyed_by_handle(new);
    // Not short-circuiting: every field is merged.
    takes_id
        | (spells_handle && take(&mut stored.handle, &new.handle))
        | take(&mut stored.name, &new.name)
        | match new.followers {
            Some(f) if stored.followers.is_none_or(|s| f > s) => {
                stored.followers = Some(f);
                true
            }
            _ => false,
        }
        | take(&mut stored.verified, &new.verified)
}

/// Whether a record names its account by the handle rather than by the platform's id.
fn keyed_by_handle(author: &Author) -> bool {
    author
        .handle
        .as_deref()
        .is_some_and(|h| h.eq_ignore_ascii_case(&author.native_id))
}

/// The row id and fields of an author as stored: by the platform's id, else (where a handle
/// names one account) by the handle, whatever its case. A row known by its handle that a record
/// with the platform's id finds takes that id at once, so that another id with the same handle
/// (a handle given up and taken again) finds it no more.
pub(super) fn find(tx: &Transaction<'_>, author: &Author) -> Result<Option<(i64, Author)>> {
    let mut by_id = tx.prepare_cached(
        "SELECT id, native_id, handle, name, followers, verified FROM authors
         WHERE platform = ?1 AND native_id = ?2",
    )?;
    let platform = author.platform;
    let row = |r: &rusqlite::Row<'_>| {
        let stored = Author {
            platform,
            native_id: r.get(1)?,
            handle: r.get(2)?,
            name: r.get(3)?,
            followers: r.get(4)?,
            verified: r.get(5)?,
        };
        Ok((r.get(0)?, stored))
    };
    if let Some(found) = by_id
        .query_row(params![platform.as_str(), author.native_id], row)
        .optional()?
    {
        return Ok(Some(found));
    }
    let Some(handle) = author.handle.as_deref().filter(|h| !h.is_empty()) else {
        return Ok(None);
    };
    if !platform.handle_is_unique() {
        return Ok(None);
    }
    // Two ids are two accounts, even with one handle (a handle given up and taken again): a
    // record with an id joins only a row known by its handle. A record known by its handle
    // joins the row of the platform's id first, as `same_person.sql` keeps it.
    let mut by_handle = tx.prepare_cached(
        "SELECT id, native_id, handle, name, followers, verified FROM authors
         WHERE handle = ?2 COLLATE NOCASE AND platform = ?1
           AND (?3 OR native_id = handle COLLATE NOCASE)
         ORDER BY native_id = handle COLLATE NOCASE, id LIMIT 1",
    )?;
    let Some((id, stored)) = by_handle
        .query_row(
            params![platform.as_str(), handle, keyed_by_handle(author)],
            row,
        )
        .optional()?
    else {
        return Ok(None);
    };
    if keyed_by_handle(&stored) && !keyed_by_handle(author) {
        tx.prepare_cached("UPDATE authors SET native_id = ?2 WHERE id = ?1")?
            .execute(params![id, author.native_id])?;
    }
    Ok(Some((id, stored)))
}

/// Inserts or refreshes an author; returns its row id and the fields now stored. Known values
/// replace unknown ones, and a follower count only by a larger one.
pub fn upsert_author(tx: &Transaction<'_>, author: &Author) -> Result<(i64, Author)> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO authors (platform, native_id, handle, name, followers, verified)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (platform, native_id) DO UPDATE SET
             handle = coalesce(excluded.handle, handle),
             name = coalesce(excluded.name, name),
             followers = max(coalesce(excluded.followers, followers),
                             coalesce(followers, excluded.followers)),
             verified = coalesce(excluded.verified, verified)
         RETURNING id, handle, name, followers, verified",
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
        |r| {
            let stored = Author {
                platform: author.platform,
                native_id: author.native_id.clone(),
                handle: r.get(1)?,
                name: r.get(2)?,
                followers: r.get(3)?,
                verified: r.get(4)?,
            };
            Ok((r.get(0)?, stored))
        },
    )?)
}

/// Writes an author's fields (its id included) to its row.
pub(super) fn update(tx: &Transaction<'_>, id: i64, author: &Author) -> Result<()> {
    tx.prepare_cached(
        "UPDATE authors SET native_id = ?2, handle = ?3, name = ?4, followers = ?5,
                            verified = ?6
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        author.native_id,
        author.handle,
        author.name,
        author.followers,
        author.verified,
    ])?;
    Ok(())
}

/// Records the largest follower count an import brought for an author (see migration 0018).
pub(super) fn record_count(
    tx: &Transaction<'_>,
    author: i64,
    import: i64,
    followers: i64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO author_counts (author, import, followers) VALUES (?1, ?2, ?3)
         ON CONFLICT (author, import) DO UPDATE SET followers = max(followers, excluded.followers)",
    )?
    .execute(params![author, import, followers])?;
    Ok(())
}

/// Takes away the follower counts the import `import` brought: each of its authors keeps the
/// largest count another import holds, or none.
pub(super) fn forget_counts_of(tx: &Transaction<'_>, import: i64) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS counted_by (author INTEGER PRIMARY KEY);
         DELETE FROM temp.counted_by;",
    )?;
    tx.execute(
        "INSERT INTO temp.counted_by SELECT author FROM author_counts WHERE import = ?1",
        [import],
    )?;
    tx.execute("DELETE FROM author_counts WHERE import = ?1", [import])?;
    tx.execute_batch(
        "UPDATE authors
         SET followers = (SELECT max(followers) FROM author_counts WHERE author = authors.id)
         WHERE id IN (SELECT author FROM temp.counted_by);
         DELETE FROM temp.counted_by;",
    )?;
    Ok(())
}

/// Merges each of these authors with the rows of the same handle on the same platform, where a
/// handle names one account; how many rows were merged away.
pub(super) fn merge_same_handles<'a>(
    tx: &Transaction<'_>,
    handles: impl IntoIterator<Item = (Platform, &'a str)>,
) -> Result<usize> {
    tx.execute_batch(
        "CREATE TEMP TABLE author_handles (
             platform TEXT NOT NULL,
             handle   TEXT NOT NULL COLLATE NOCASE,
             PRIMARY KEY (platform, handle)
         ) WITHOUT ROWID;",
    )?;
    {
        let mut add = tx.prepare_cached(
            "INSERT OR IGNORE INTO temp.author_handles (platform, handle) VALUES (?1, ?2)",
        )?;
        for (platform, handle) in handles {
            if platform.handle_is_unique() && !handle.is_empty() {
                add.execute(params![platform.as_str(), handle])?;
            }
        }
    }
    let before: i64 = tx.query_row("SELECT count(*) FROM authors", [], |r| r.get(0))?;
    tx.execute_batch(SAME_PERSON)?;
    let after: i64 = tx.query_row("SELECT count(*) FROM authors", [], |r| r.get(0))?;
    Ok((before - after) as usize)
}
