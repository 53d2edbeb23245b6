//! The workspace store: one SQLite file holding imports, authors, posts (with an FTS5 index),
//! topics, incidents and settings.
//!
//! Opening follows prepare → migrate → use: pragmas first (WAL, foreign keys), then every pending
//! migration in one transaction, with `PRAGMA user_version` owned by `migrate` alone. A database
//! made by a newer Townhall is refused before anything is written to it, and opening a current
//! one takes no write lock, so readers open and read while an import writes (WAL).

pub mod authors;
pub mod cache;
pub mod facts;
mod migrate;
mod parallel;
pub mod posts;
pub mod recount;
pub mod removal;
pub mod retention;
pub mod settings;
pub mod sightings;
pub mod writer;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{Error, Result};

pub use migrate::SCHEMA_VERSION;

/// How long a write waits for another process's to finish before it fails with
/// [`crate::Error::Busy`].
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// An open workspace.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// A second connection for reading long ranges on both cores (see `read_parts`).
    helper: parallel::Helper,
}

/// How long the workspace may receive no post at all before the days after are taken for a
/// new start of its data ([`Store::unbroken_since`]).
pub const BREAK: i64 = 7 * 86_400;

impl Store {
    /// Opens (creating if needed) the workspace at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let conn = Connection::open(path)?;
        Store::prepare(conn, Some(path.to_path_buf()))
    }

    /// A private in-memory workspace, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::prepare(Connection::open_in_memory()?, None)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Refuse a newer schema before touching anything (even the journal mode).
        migrate::check_version(&conn)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        facts::register(&conn)?;
        // Migrations write with the writing cache; then the connection reads, with a map of the
        // file and a smaller cache (see `cache`).
        cache::for_writing(&conn)?;
        migrate::migrate(&mut conn)?;
        cache::for_reading(&conn)?;
        Ok(Store {
            conn,
            path,
            helper: parallel::Helper::default(),
        })
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// The file behind this workspace (`None` for in-memory stores).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// When the workspace's data begins: its earliest post (unix seconds), `None` while it holds
    /// none. Before it, an hour without posts is not a quiet hour but one nobody collected, so the
    /// spike detector does not learn from it.
    pub fn data_start(&self) -> Result<Option<i64>> {
        Ok(self.conn.query_row(
            "SELECT min(first) FROM platform_coverage WHERE posts > 0",
            [],
            |r| r.get(0),
        )?)
    }

    /// When the workspace's posts begin and end: its first post's time and its last's.
    pub fn data_span(&self) -> Result<Option<(i64, i64)>> {
        let (first, last): (Option<i64>, Option<i64>) = self.conn.query_row(
            "SELECT min(first), max(last) FROM platform_coverage WHERE posts > 0",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(first.zip(last))
    }

    /// When the workspace's unbroken data before `now` begins, if a break is found after
    /// `from`: the first post after the latest [`BREAK`] in which the workspace holds no post at
    /// all, on any platform, when the posts before the break came in only after those after it
    /// (a backfill). The workspace did not live through those days, so they are not quiet ones:
    /// a few old posts imported must not make the weeks before today's data read as silence and
    /// today's level as a surge. A break the workspace lived through (its posts before the break
    /// were there when those after it came) stays quiet time, as it always was. `None` when the
    /// data runs unbroken back to `from`, or when nothing came in the last week.
    pub fn unbroken_since(&self, now: i64, from: i64) -> Result<Option<i64>> {
        let mut earliest_in = self.conn.prepare_cached(
            "SELECT min(created_at) FROM post_times WHERE created_at >= ?1 AND created_at < ?2",
        )?;
        let mut earliest = |from: i64, to: i64| -> Result<Option<i64>> {
            Ok(earliest_in.query_row([from, to], |r| r.get(0))?)
        };
        // Each week before the cursor holds a post, or is the break.
        let mut cursor = now + 1;
        while cursor > from {
            match earliest(cursor - BREAK, cursor)? {
                Some(first) => cursor = first,
                None if cursor > now => return Ok(None),
                None => return Ok(self.backfilled_before(cursor, now)?.then_some(cursor)),
            }
        }
        Ok(None)
    }

    /// Whether every post before the break that ends at `resumed` came in after the first of the
    /// posts from `resumed` to `now` did.
    fn backfilled_before(&self, resumed: i64, now: i64) -> Result<bool> {
        let first_after: i64 = self.conn.query_row(
            "SELECT coalesce(min(coalesce(p.import_id, 0)), 0)
             FROM post_times t JOIN posts p ON p.id = t.post
             WHERE t.created_at >= ?1 AND t.created_at <= ?2",
            [resumed, now],
            |r| r.get(0),
        )?;
        let lived_through: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM post_times t JOIN posts p ON p.id = t.post
                            WHERE t.created_at < ?1 AND coalesce(p.import_id, 0) < ?2)",
            [resumed, first_after],
            |r| r.get(0),
        )?;
        Ok(!lived_through)
    }

    /// When the workspace's data ends: its latest post (unix seconds), `None` while it holds
    /// none. Up to it, an hour without a topic's posts is a quiet hour for that topic.
    pub fn data_end(&self) -> Result<Option<i64>> {
        Ok(self.conn.query_row(
            "SELECT max(last) FROM platform_coverage WHERE posts > 0",
            [],
            |r| r.get(0),
        )?)
    }

    /// Where the unseen history of each platform with a live collection that began with a batch
    /// cut short ends (see [`Store::note_unseen_history`]): the oldest post of its latest such
    /// batch. Before it, the platform's posts were not all seen.
    pub fn unseen_before(&self) -> Result<Vec<(crate::model::Platform, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.platform, coalesce(u.since, c.first) FROM platform_coverage c
             JOIN unseen_history u ON u.platform = c.platform WHERE c.posts > 0",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        let mut starts = Vec::new();
        for row in rows {
            let (platform, first) = row?;
            if let Some(platform) = crate::model::Platform::parse(&platform) {
                starts.push((platform, first));
            }
        }
        Ok(starts)
    }

    /// Records that a source's collection on `platform` began with a batch cut short (the latest
    /// pages of a search, a full first page of a timeline, a first sweep a rate limit stopped),
    /// whose oldest post is at `since`: that source's posts before it were never seen, so the
    /// platform's silence before it is unknown rather than quiet. The latest such batch on a
    /// platform counts: a second source added to a platform already collected begins unseen too.
    pub fn note_unseen_history(&self, platform: crate::model::Platform, since: i64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO unseen_history (platform, since) VALUES (?1, ?2)
             ON CONFLICT (platform) DO UPDATE
             SET since = max(coalesce(unseen_history.since, excluded.since), excluded.since)",
            rusqlite::params![platform.as_str(), since],
        )?;
        Ok(())
    }

    pub fn post_count(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT coalesce(sum(posts), 0) FROM platform_coverage",
            [],
            |r| r.get(0),
        )?)
    }
}

/// The default workspace file, shared by the app and the command line: `TOWNHALL_DB` when set,
/// otherwise `workspace.sqlite` in the OS app-data folder (for example
/// `~/.local/share/townhall/` on Linux).
pub fn default_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("TOWNHALL_DB") {
        return Ok(PathBuf::from(p));
    }
    Ok(app_dirs()?.data_dir().join("workspace.sqlite"))
}

/// The OS folders of the app: data (the workspace) and config (the secrets file).
pub fn app_dirs() -> Result<directories::ProjectDirs> {
    directories::ProjectDirs::from("org", "Townhall", "Townhall")
        .ok_or_else(|| Error::Internal("no home folder to keep Townhall's files in".into()))
}
