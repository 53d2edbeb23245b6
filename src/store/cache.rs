//! How much memory a connection gives SQLite: its page cache and its map of the file. Both
//! count as resident memory (a task manager shows mapped pages), so each is bounded, and a
//! connection trades one for the other as its work changes.
//!
//! - **Reading**: a 16 MiB cache and the first 128 MiB of the file mapped. What a read of a large
//!   topic needs comes through the map or passes once through the cache, so a small cache costs
//!   reads nothing and keeps a brief's memory down (a 1.5M-post topic's brief peaks 60 MB lower
//!   with 16 MiB than with 64).
//! - **Streaming**: a second reading connection that passes once through a range
//!   (`store::parallel`) keeps the map and a 2 MiB cache: nothing it reads is read again.
//! - **Writing**: a 128 MiB cache and no map. An import's indexes and a topic's kept matches
//!   touch the same pages over and over, at random places once they outgrow the cache, and a
//!   map serves none of that: a page being written lives in the cache, and a page written
//!   earlier in the transaction is read from the log, which is not mapped. Importing 2,000,000
//!   tweets into a workspace of 2,000,000 is both faster and smaller with the map's memory given
//!   to the cache (the README's performance section has the figures).

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;

/// The page cache for reading, in KiB.
const READING_KIB: i64 = 16 * 1024;
/// How much of the file a reading connection maps, in bytes.
const READING_MAP_BYTES: i64 = 128 << 20;
/// The page cache of a connection that streams through a range once, in KiB.
const STREAMING_KIB: i64 = 2 * 1024;
/// The page cache while writing, in KiB.
const WRITING_KIB: i64 = 128 * 1024;

/// The memory of a connection that reads.
pub fn for_reading(conn: &Connection) -> Result<()> {
    set(conn, READING_KIB, READING_MAP_BYTES)
}

/// The memory of a second reading connection that passes once through a range.
pub fn for_streaming(conn: &Connection) -> Result<()> {
    set(conn, STREAMING_KIB, READING_MAP_BYTES)
}

/// The memory of a connection that writes, until [`for_reading`] (or use [`Writing`]).
pub fn for_writing(conn: &Connection) -> Result<()> {
    set(conn, WRITING_KIB, 0)
}

fn set(conn: &Connection, cache_kib: i64, map_bytes: i64) -> Result<()> {
    // A negative size is in KiB rather than pages.
    conn.pragma_update(None, "cache_size", -cache_kib)?;
    conn.pragma_update(None, "mmap_size", map_bytes)?;
    Ok(())
}

/// The cache and map of `conn` now: (cache in KiB, map in bytes).
fn now(conn: &Connection) -> Result<(i64, i64)> {
    let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    // A database in memory has no map, and answers with no row.
    let map: Option<i64> = conn
        .query_row("PRAGMA mmap_size", [], |r| r.get(0))
        .optional()?;
    Ok((-cache, map.unwrap_or(0)))
}

/// A connection's memory for writing while this lives, and what it had before once it is
/// dropped (SQLite then frees the pages over a smaller cache). Nested inside another, it
/// changes nothing.
pub struct Writing<'c> {
    conn: &'c Connection,
    before: (i64, i64),
}

impl<'c> Writing<'c> {
    pub fn new(conn: &'c Connection) -> Result<Self> {
        let before = now(conn)?;
        for_writing(conn)?;
        Ok(Writing { conn, before })
    }
}

impl Drop for Writing<'_> {
    fn drop(&mut self) {
        // Only memory is at stake: a connection left with the writing cache still works.
        let (cache_kib, map_bytes) = self.before;
        let _ = set(self.conn, cache_kib, map_bytes);
    }
}

/// Runs `sort`, which builds an index or fills a table in key order, with the writing cache halved: SQLite's sorter holds as
/// much as the page cache before it spills to a file, so the two together stay within what a
/// writing connection is given.
pub fn while_sorting<T>(conn: &Connection, sort: impl FnOnce() -> Result<T>) -> Result<T> {
    let (cache_kib, map_bytes) = now(conn)?;
    set(conn, cache_kib.min(WRITING_KIB / 2), map_bytes)?;
    let sorted = sort();
    set(conn, cache_kib, map_bytes)?;
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writing_trades_the_map_for_a_larger_cache_and_gives_both_back() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("w.sqlite")).unwrap();
        for_reading(&conn).unwrap();
        assert_eq!(now(&conn).unwrap(), (READING_KIB, READING_MAP_BYTES));
        {
            let _writing = Writing::new(&conn).unwrap();
            assert_eq!(now(&conn).unwrap(), (WRITING_KIB, 0));
            {
                let _nested = Writing::new(&conn).unwrap();
            }
            assert_eq!(
                now(&conn).unwrap(),
                (WRITING_KIB, 0),
                "a nested writer keeps it"
            );
        }
        assert_eq!(now(&conn).unwrap(), (READING_KIB, READING_MAP_BYTES));
    }

    #[test]
    fn sorting_halves_the_writing_cache_for_a_while() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("w.sqlite")).unwrap();
        let _writing = Writing::new(&conn).unwrap();
        let during = while_sorting(&conn, || now(&conn)).unwrap();
        assert_eq!(during, (WRITING_KIB / 2, 0));
        assert_eq!(now(&conn).unwrap(), (WRITING_KIB, 0));
    }
}
