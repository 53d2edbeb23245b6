//! Removing what the user asks to remove: an import with exactly the posts it added, a topic
//! (its kept matches, alert rules, alerts and schedule go with it; its incidents stay, unlinked),
//! an incident. Each is one transaction; deleted pages are overwritten (`secure_delete`), so
//! removed text does not linger in the file.

use rusqlite::{params, Connection, TransactionBehavior};

use super::retention::{delete_posts, tidy_after_deleting_posts};
use super::sightings;
use crate::error::{Error, Result};

/// The id of a new import: after every import there is and every import removed, so that an id
/// a user wrote down (`imports show 2`, `imports remove 2`) never comes to mean another file.
pub const NEW_IMPORT_ID: &str = "(SELECT max(coalesce((SELECT max(id) FROM imports), 0),
        coalesce((SELECT CAST(value AS INTEGER) FROM settings
                  WHERE key = 'imports.removed_up_to'), 0)) + 1)";

/// What removing an import deleted, and the posts it added that stayed because a later import
/// also brought them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct RemovedImport {
    pub posts: u64,
    pub authors: u64,
    pub kept: u64,
}

/// The posts the import `id` added that are still in the workspace: those removing it deletes,
/// and those it keeps because a later import also brought them (the confirmation says both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportPosts {
    pub deleted: u64,
    pub kept: u64,
}

/// [`ImportPosts`] of the import `id`.
pub fn import_posts(conn: &Connection, id: i64) -> Result<ImportPosts> {
    exists(conn, "imports", id, "import")?;
    let added = conn.query_row(
        "SELECT count(*) FROM posts WHERE import_id = ?1",
        [id],
        |r| r.get::<_, i64>(0),
    )? as u64;
    let kept = sightings::brought_again(conn, id)?.len() as u64;
    Ok(ImportPosts {
        deleted: added - kept,
        kept,
    })
}

/// Deletes the import `id` and the posts only it brought, with their full-text entries and kept
/// matches, the authors they leave without a post, and the follower counts it brought. A post
/// it added that a later import also brought stays, as the earliest such import's. The import
/// leaves the history.
pub fn remove_import(conn: &mut Connection, id: i64) -> Result<RemovedImport> {
    exists(conn, "imports", id, "import")?;
    secure(conn, |tx| {
        let again = sightings::brought_again(tx, id)?;
        let mut hand_over = tx.prepare("UPDATE posts SET import_id = ?2 WHERE id = ?1")?;
        for (post, import) in &again {
            hand_over.execute(params![post, import])?;
        }
        drop(hand_over);
        tx.execute(
            "DELETE FROM topic_matches WHERE post IN (SELECT id FROM posts WHERE import_id = ?1)",
            [id],
        )?;
        let (posts, authors) = delete_posts(tx, "import_id = ?1", id)?;
        super::authors::forget_counts_of(tx, id)?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('imports.removed_up_to', ?1)
             ON CONFLICT (key) DO UPDATE
             SET value = CAST(max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)",
            [id.to_string()],
        )?;
        tx.execute("DELETE FROM imports WHERE id = ?1", [id])?;
        tidy_after_deleting_posts(tx)?;
        Ok(RemovedImport {
            posts,
            authors,
            kept: again.len() as u64,
        })
    })
}

/// How many incidents are linked to the topic `id`: removing it unlinks them.
pub fn topic_incidents(conn: &Connection, id: i64) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM incidents WHERE topic = ?1",
        [id],
        |r| r.get(0),
    )?)
}

/// Deletes a topic; the database's cascades remove its kept matches, alert rules, alerts and
/// brief schedule, and unlink its incidents. The posts stay.
pub fn remove_topic(conn: &mut Connection, id: i64) -> Result<()> {
    secure(conn, |tx| {
        tx.execute("DELETE FROM topics WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// Deletes the incident `id`.
pub fn remove_incident(conn: &mut Connection, id: i64) -> Result<()> {
    exists(conn, "incidents", id, "incident")?;
    secure(conn, |tx| {
        tx.execute("DELETE FROM incidents WHERE id = ?1", [id])?;
        Ok(())
    })
}

fn exists(conn: &Connection, table: &str, id: i64, what: &str) -> Result<()> {
    // `table` is one of this module's constants, never user text.
    let found: bool = conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"),
        [id],
        |r| r.get(0),
    )?;
    if found {
        Ok(())
    } else {
        Err(Error::NotFound(format!("there is no {what} {id}")))
    }
}

/// Runs `work` in one immediate transaction with deleted pages overwritten.
fn secure<T>(
    conn: &mut Connection,
    work: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
) -> Result<T> {
    conn.pragma_update(None, "secure_delete", true)?;
    let result = (|| {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    })();
    conn.pragma_update(None, "secure_delete", false)?;
    result
}
