//! Morning briefs whose delivery failed (`brief_pending`, migration 0024): a channel that could not take the
//! brief when it was written (a mail server down at 07:00) is tried again after the outbox's
//! waits ([`BACKOFF`]), as an alert is, until it goes, [`ATTEMPTS`] have failed, or the brief is a
//! day old. The PDF is read again from where it was written. A topic's next brief replaces its
//! pending one. Sending itself is the caller's (it needs the secrets).

use std::path::PathBuf;

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::deliver::{BriefReady, Channel};
use super::outbox::{ATTEMPTS, BACKOFF, FRESH, LEASE};
use crate::error::Result;
use crate::store::Store;

/// A brief still to be sent on some channels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    /// The brief as it was delivered, without its PDF, which is read from `path`.
    pub brief: BriefReady,
    pub path: PathBuf,
    /// The channels that have not taken it yet.
    pub channels: Vec<Channel>,
    /// Attempts made on those channels so far.
    pub attempts: i64,
    pub next_attempt: i64,
}

impl Pending {
    /// After `attempts` attempts, the brief still to be sent on `channels`: when next, or
    /// `None` once none is left or the attempts are spent.
    pub fn after(
        brief: BriefReady,
        path: PathBuf,
        channels: Vec<Channel>,
        attempts: i64,
        now: i64,
    ) -> Option<Pending> {
        let wait = BACKOFF.get(usize::try_from(attempts - 1).ok()?)?;
        (!channels.is_empty() && attempts < ATTEMPTS).then(|| Pending {
            brief: BriefReady {
                pdf: Vec::new(),
                ..brief
            },
            path,
            channels,
            attempts,
            next_attempt: now + wait,
        })
    }
}

/// Saves (or with `None`, clears) the topic's pending brief.
pub fn set(store: &Store, topic: i64, pending: Option<&Pending>) -> Result<()> {
    match pending {
        Some(p) => store.conn().execute(
            "INSERT OR REPLACE INTO brief_pending (topic, pending) VALUES (?1, ?2)",
            params![
                topic,
                serde_json::to_string(p).expect("a pending brief serialises")
            ],
        )?,
        None => store
            .conn()
            .execute("DELETE FROM brief_pending WHERE topic = ?1", [topic])?,
    };
    Ok(())
}

/// Takes each pending brief due at `now` (written in the last [`FRESH`] seconds; older ones are
/// dropped): each is taken in its own write for [`LEASE`] seconds, so that another process
/// watching meanwhile does not send it too. Returns each with its topic's id.
pub fn take_due(store: &Store, now: i64) -> Result<Vec<(i64, Pending)>> {
    let rows: Vec<(i64, String)> = {
        let mut stmt = store
            .conn()
            .prepare("SELECT topic, pending FROM brief_pending ORDER BY topic")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut due = Vec::new();
    for (topic, json) in rows {
        let pending: Option<Pending> = serde_json::from_str(&json).ok();
        let Some(mut pending) = pending.filter(|p| p.brief.written_at >= now - FRESH) else {
            // Unreadable, or news no more: dropped.
            store.conn().execute(
                "DELETE FROM brief_pending WHERE topic = ?1 AND pending = ?2",
                params![topic, json],
            )?;
            continue;
        };
        if pending.next_attempt > now {
            continue;
        }
        pending.next_attempt = now + LEASE;
        let taken = serde_json::to_string(&pending).expect("a pending brief serialises");
        let took = store.conn().execute(
            "UPDATE brief_pending SET pending = ?3 WHERE topic = ?1 AND pending = ?2",
            params![topic, json, taken],
        )?;
        if took == 1 {
            due.push((topic, pending));
        }
    }
    Ok(due)
}
