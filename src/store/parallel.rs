//! Reading a long range on both cores: the calling thread and a second, read-only connection
//! of the same workspace take the range's parts in turn, and the answers are put back in order.
//!
//! A large topic's period is hundreds of thousands of rows of one table, read in key order;
//! SQLite reads them one at a time on one connection, so a second connection reads other parts
//! meanwhile on a two-core laptop (less than twice as fast: both threads fault in pages of the
//! same file and of fresh memory). It is opened on first use and kept with the store.
//! Both read in WAL mode and never block a writer. Each part is one statement, so it sees whole
//! imports, as every read of the workspace does; two parts, like two statements, may straddle
//! an import that commits while they run.
//!
//! Small reads pay nothing: the parts are taken in turn, so when the calling thread has taken
//! them all before the helper is ready, the helper takes none.

use std::cell::RefCell;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use rusqlite::{Connection, OpenFlags};

use crate::error::Result;

/// The second, read-only connection (none for in-memory workspaces, or until first used).
#[derive(Default)]
pub(super) struct Helper(RefCell<Option<Connection>>);

impl Helper {
    /// The kept connection, if any: moved to the thread that reads with it.
    fn take(&self) -> Option<Connection> {
        self.0.borrow_mut().take()
    }

    fn put_back(&self, conn: Connection) {
        *self.0.borrow_mut() = Some(conn);
    }
}

/// A read-only connection to the workspace at `path`, set up for streaming through a range.
fn open(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    super::cache::for_streaming(&conn)?;
    Ok(conn)
}

impl super::Store {
    /// `read` of each of `parts`, concatenated in the parts' order, read by this connection and
    /// the helper at the same time. Inside a transaction of this connection (whose changes the
    /// helper could not see), and for in-memory workspaces, all parts are read here.
    pub fn read_parts<P, T>(
        &self,
        parts: &[P],
        read: impl Fn(&Connection, &P) -> Result<Vec<T>> + Sync,
    ) -> Result<Vec<T>>
    where
        P: Sync,
        T: Send,
    {
        let path = match self.path() {
            Some(path) if parts.len() > 1 && self.conn.is_autocommit() => path,
            _ => return concat(parts.iter().map(|p| read(&self.conn, p))),
        };
        let next = AtomicUsize::new(0);
        let take = |conn: &Connection| {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(part) = parts.get(i) else { break };
                let answer = read(conn, part);
                let failed = answer.is_err();
                done.push((i, answer));
                if failed {
                    // Stop the other thread too: the read has failed.
                    next.store(parts.len(), Ordering::Relaxed);
                    break;
                }
            }
            done
        };
        let (helper, mut done) = std::thread::scope(|s| {
            let kept = self.helper.take();
            let take = &take;
            let theirs = s.spawn(move || {
                // Opened here, so that the calling thread starts reading at once.
                let conn = kept.map_or_else(|| open(path), Ok);
                let done = match &conn {
                    Ok(conn) => take(conn),
                    Err(_) => Vec::new(),
                };
                (conn, done)
            });
            let mine = take(&self.conn);
            let (conn, mut theirs) = theirs
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            theirs.extend(mine);
            (conn, theirs)
        });
        // A helper that could not be opened took no parts: they were all read here.
        if let Ok(conn) = helper {
            self.helper.put_back(conn);
        }
        // Every part was taken once, unless one failed: then its error comes first.
        done.sort_unstable_by_key(|(i, _)| *i);
        concat(done.into_iter().map(|(_, answer)| answer))
    }
}

/// The answers one after the other. Each is freed once copied, so that a long read holds
/// itself about once, not twice.
fn concat<T>(answers: impl Iterator<Item = Result<Vec<T>>>) -> Result<Vec<T>> {
    let mut all = Vec::new();
    for answer in answers {
        let answer = answer?;
        if all.is_empty() {
            all = answer;
        } else {
            all.extend(answer);
        }
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::super::Store;
    use crate::error::Result;
    use rusqlite::Connection;

    /// The numbers in `[from, to)` kept in a scratch table, and which connection read them.
    fn numbers(conn: &Connection, &(from, to): &(i64, i64)) -> Result<Vec<(i64, bool)>> {
        let mut stmt =
            conn.prepare_cached("SELECT n FROM numbers WHERE n >= ?1 AND n < ?2 ORDER BY n")?;
        let helper = conn.is_readonly(rusqlite::MAIN_DB)?;
        let rows = stmt.query_map([from, to], |r| Ok((r.get(0)?, helper)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn store_of(n: i64) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("w.sqlite")).unwrap();
        store
            .conn()
            .execute_batch(
                "CREATE TABLE numbers (n INTEGER PRIMARY KEY);
                 WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c LIMIT 1000000)
                 INSERT INTO numbers SELECT n FROM c;",
            )
            .unwrap();
        store
            .conn()
            .execute("DELETE FROM numbers WHERE n >= ?1", [n])
            .unwrap();
        (dir, store)
    }

    #[test]
    fn parts_come_back_whole_and_in_order_from_both_connections() {
        let (_dir, store) = store_of(200_000);
        let parts: Vec<(i64, i64)> = (0..40).map(|i| (i * 5_000, (i + 1) * 5_000)).collect();
        let read = store.read_parts(&parts, numbers).unwrap();
        let got: Vec<i64> = read.iter().map(|&(n, _)| n).collect();
        assert_eq!(got, (0..200_000).collect::<Vec<_>>());
        // The helper is kept and read again: over a few reads it takes some of the parts.
        let by_helper = (0..20)
            .flat_map(|_| store.read_parts(&parts, numbers).unwrap())
            .filter(|&(_, helper)| helper)
            .count();
        assert!(by_helper > 0, "the second connection never read a part");
    }

    #[test]
    fn inside_a_transaction_every_part_is_read_where_its_changes_are_seen() {
        let (_dir, store) = store_of(1_000);
        store
            .conn()
            .execute_batch("BEGIN; INSERT INTO numbers VALUES (5000);")
            .unwrap();
        let parts = [(0, 2_500), (2_500, 10_000)];
        let read = store.read_parts(&parts, numbers).unwrap();
        assert_eq!(read.len(), 1_001);
        assert_eq!(read.last(), Some(&(5_000, false)));
        assert!(read.iter().all(|&(_, helper)| !helper));
        store.conn().execute_batch("ROLLBACK").unwrap();
    }

    #[test]
    fn a_part_that_fails_fails_the_read() {
        let (_dir, store) = store_of(10_000);
        let parts: Vec<(i64, i64)> = (0..10).map(|i| (i * 1_000, (i + 1) * 1_000)).collect();
        let failed = store.read_parts(&parts, |conn, part| {
            if part.0 == 7_000 {
                conn.prepare("SELECT * FROM no_such_table")?;
            }
            numbers(conn, part)
        });
        assert!(failed.unwrap_err().to_string().contains("no_such_table"));
    }
}
