//! The `sources` and `source_files` tables: sources' settings, cursors and run outcomes.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::source::{same_name, Checked, Source, SourceKind};
use crate::error::{Error, Result};

const COLUMNS: &str = "id, name, kind, url, query, target, interval_secs, has_credential, paused,
    created_at, last_attempt, last_success, last_outcome, last_error, last_note, last_new,
    failures, runs, new_posts, duplicates, next_attempt, cursor";

fn source(r: &Row<'_>) -> rusqlite::Result<Source> {
    let kind: String = r.get(2)?;
    let cursor: String = r.get(21)?;
    Ok(Source {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: SourceKind::parse(&kind).unwrap_or(SourceKind::Feed),
        url: r.get(3)?,
        query: r.get(4)?,
        target: r.get(5)?,
        interval_secs: r.get(6)?,
        has_credential: r.get(7)?,
        paused: r.get(8)?,
        created_at: r.get(9)?,
        last_attempt: r.get(10)?,
        last_success: r.get(11)?,
        last_outcome: r.get(12)?,
        last_error: r.get(13)?,
        last_note: r.get(14)?,
        last_new: r.get(15)?,
        failures: r.get(16)?,
        runs: r.get(17)?,
        new_posts: r.get(18)?,
        duplicates: r.get(19)?,
        next_attempt: r.get(20)?,
        cursor: serde_json::from_str(&cursor).unwrap_or_else(|_| serde_json::json!({})),
    })
}

pub fn insert(conn: &Connection, c: &Checked, has_credential: bool, now: i64) -> Result<Source> {
    conn.execute(
        "INSERT INTO sources (name, kind, url, query, target, interval_secs, has_credential,
                              created_at, next_attempt)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            c.name,
            c.kind.as_str(),
            c.url,
            c.query,
            c.target,
            c.interval_secs,
            has_credential,
            now
        ],
    )?;
    get(conn, &c.name)
}

/// What an edit does to a source's credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialChange {
    Kept,
    Replaced,
    /// Forgotten: the source now collects from another server.
    Dropped,
}

pub fn update(
    conn: &Connection,
    old: &Source,
    c: &Checked,
    credential: CredentialChange,
) -> Result<Source> {
    let moved =
        old.kind != c.kind || old.url != c.url || old.query != c.query || old.target != c.target;
    let new_credential = credential == CredentialChange::Replaced;
    let has_credential = match credential {
        CredentialChange::Kept => old.has_credential,
        CredentialChange::Replaced => true,
        CredentialChange::Dropped => false,
    };
    conn.execute(
        "UPDATE sources SET name = ?2, kind = ?3, url = ?4, query = ?5, target = ?6,
             interval_secs = ?7, has_credential = ?10,
             cursor = CASE WHEN ?9 THEN '{}' ELSE cursor END,
             next_attempt = CASE WHEN ?8 OR ?9 THEN 0 ELSE next_attempt END,
             failures = CASE WHEN ?8 OR ?9 THEN 0 ELSE failures END
         WHERE id = ?1",
        params![
            old.id,
            c.name,
            c.kind.as_str(),
            c.url,
            c.query,
            c.target,
            c.interval_secs,
            new_credential,
            moved,
            has_credential
        ],
    )?;
    if moved {
        conn.execute("DELETE FROM source_files WHERE source = ?1", [old.id])?;
    }
    get(conn, &c.name)
}

pub fn find(conn: &Connection, name: &str) -> Result<Option<Source>> {
    let name = name.trim();
    // SQLite's NOCASE folds only ASCII letters, while a name is the same in any case of any
    // letter (`Ü-search`, `ü-search`), as its credential's key is: the name as written first.
    let mut all = all(conn)?;
    let at = all
        .iter()
        .position(|s| s.name == name)
        .or_else(|| all.iter().position(|s| same_name(&s.name, name)));
    Ok(at.map(|at| all.swap_remove(at)))
}

/// The source named `name`, or a "not found" error listing what there is.
pub fn get(conn: &Connection, name: &str) -> Result<Source> {
    find(conn, name)?.ok_or_else(|| {
        let names: Vec<String> = all(conn)
            .map(|all| all.into_iter().map(|s| s.name).collect())
            .unwrap_or_default();
        Error::NotFound(if names.is_empty() {
            format!("no source named {name:?}; there are no sources yet: add one first")
        } else {
            format!(
                "no source named {name:?}; the sources are: {}",
                names.join(", ")
            )
        })
    })
}

pub fn all(conn: &Connection) -> Result<Vec<Source>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM sources ORDER BY name COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([], source)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM sources WHERE id = ?1", [id])?;
    Ok(())
}

pub fn set_paused(conn: &Connection, id: i64, paused: bool, now: i64) -> Result<()> {
    if paused {
        conn.execute("UPDATE sources SET paused = 1 WHERE id = ?1", [id])?;
    } else {
        conn.execute(
            "UPDATE sources SET paused = 0, failures = 0, next_attempt = ?2 WHERE id = ?1",
            params![id, now],
        )?;
    }
    Ok(())
}

/// The earliest next attempt among sources that are not paused.
pub fn next_due(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn.query_row(
        "SELECT min(next_attempt) FROM sources WHERE NOT paused",
        [],
        |r| r.get(0),
    )?)
}

/// Saves a run's cursor, unless its source was removed or now collects something else (an edit
/// of its kind, URL, query or target starts its cursor afresh, which a run of the old settings
/// must not undo).
pub fn save_cursor(conn: &Connection, source: &Source, cursor: &serde_json::Value) -> Result<()> {
    conn.execute(
        "UPDATE sources SET cursor = ?2
         WHERE id = ?1 AND kind = ?3 AND url = ?4 AND query IS ?5 AND target IS ?6",
        params![
            source.id,
            cursor.to_string(),
            source.kind.as_str(),
            source.url,
            source.query,
            source.target
        ],
    )?;
    Ok(())
}

/// The source with the id `id`, if it still exists.
pub fn by_id(conn: &Connection, id: i64) -> Result<Option<Source>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM sources WHERE id = ?1"),
            [id],
            source,
        )
        .optional()?)
}

/// How a run ended, as written back to its source.
pub struct Outcome<'a> {
    pub now: i64,
    /// `ok`, `offline`, `server`, `rate_limited`, `refused`, `failed`, or `None` when cancelled
    /// (the schedule is left as it was).
    pub outcome: Option<&'a str>,
    pub error: Option<&'a str>,
    pub note: Option<&'a str>,
    pub new_posts: u64,
    pub duplicates: u64,
    pub failures: i64,
    pub pause: bool,
    pub next_attempt: i64,
}

pub fn finish(conn: &Connection, id: i64, o: &Outcome<'_>) -> Result<()> {
    let ok = o.outcome == Some("ok");
    conn.execute(
        "UPDATE sources SET
             last_attempt = ?2,
             last_success = CASE WHEN ?3 THEN ?2 ELSE last_success END,
             last_outcome = coalesce(?4, last_outcome),
             last_error = CASE WHEN ?4 IS NULL THEN last_error ELSE ?5 END,
             last_note = CASE WHEN ?3 THEN ?6 ELSE last_note END,
             last_new = CASE WHEN ?3 THEN ?7 ELSE last_new END,
             runs = runs + 1,
             new_posts = new_posts + ?7,
             duplicates = duplicates + ?8,
             failures = ?9,
             paused = paused OR ?10,
             next_attempt = ?11
         WHERE id = ?1",
        params![
            id,
            o.now,
            ok,
            o.outcome,
            o.error,
            o.note,
            o.new_posts as i64,
            o.duplicates as i64,
            o.failures,
            o.pause,
            o.next_attempt
        ],
    )?;
    Ok(())
}

/// A file a folder source imported: its size, modification time and content hash.
#[derive(Debug, Clone, PartialEq)]
pub struct SeenFile {
    pub size: i64,
    pub mtime: i64,
    pub sha256: String,
}

pub fn seen_file(conn: &Connection, source: i64, path: &str) -> Result<Option<SeenFile>> {
    Ok(conn
        .query_row(
            "SELECT size, mtime, sha256 FROM source_files WHERE source = ?1 AND path = ?2",
            params![source, path],
            |r| {
                Ok(SeenFile {
                    size: r.get(0)?,
                    mtime: r.get(1)?,
                    sha256: r.get(2)?,
                })
            },
        )
        .optional()?)
}

pub fn remember_file(
    conn: &Connection,
    source: i64,
    path: &str,
    file: &SeenFile,
    now: i64,
) -> Result<()> {
    conn.execute(
        "INSERT INTO source_files (source, path, size, mtime, sha256, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (source, path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime,
             sha256 = excluded.sha256, imported_at = excluded.imported_at",
        params![source, path, file.size, file.mtime, file.sha256, now],
    )?;
    Ok(())
}
