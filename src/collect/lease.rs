//! One run of a source at a time, across every program that collects the workspace (the app,
//! `townhall watch`, a scheduled `townhall collect`): two runs of one source at once ask the
//! platform twice, spending its allowance, and the one that ends last writes back the older
//! cursor, so that the next run fetches again what both had. A run claims its source in the
//! workspace before it asks anything, and gives the claim up once its outcome is written. A
//! claim left by a program that crashed lapses after [`LEASE_SECS`].

use rusqlite::{params, Connection};

use crate::error::Result;

/// How long a claim holds without its run giving it up: longer than any run takes (a run's
/// pages are bounded, and a wait for a rate limit ends the run), short enough that a crash
/// costs its source one or two rounds.
pub const LEASE_SECS: i64 = 15 * 60;

/// Claims the source `source` for a run starting at `now`; `false` when another run holds it.
pub fn claim(conn: &Connection, source: i64, now: i64) -> Result<bool> {
    let claimed = conn.execute(
        "INSERT INTO source_runs (source, until) VALUES (?1, ?2)
         ON CONFLICT (source) DO UPDATE SET until = excluded.until
         WHERE source_runs.until <= ?3",
        params![source, now.saturating_add(LEASE_SECS), now],
    )?;
    Ok(claimed == 1)
}

/// Gives up the claim on `source`.
pub fn release(conn: &Connection, source: i64) -> Result<()> {
    conn.execute("DELETE FROM source_runs WHERE source = ?1", [source])?;
    Ok(())
}
