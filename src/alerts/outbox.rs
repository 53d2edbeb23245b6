//! The alerts' outbox (migration 0014): each raised alert is queued for every delivery channel
//! switched on when it was raised, in the transaction that raises it, and sent by whichever
//! collection runs next and can send — `townhall collect`, the app, `townhall watch`. A send
//! that fails is tried again after [`BACKOFF`] (1 min, 5 min, 15 min, 1 h, 3 h), then given up
//! with its last error, so that a webhook down for an afternoon still gets the alert and one
//! gone for good is not called forever. A send the server refuses for good (a wrong mail
//! password) is given up at once, with the channel's other waiting sends. Sending itself is the caller's (it needs the secrets).

use rusqlite::{params, Connection, OptionalExtension};

use super::deliver::Channel;
use super::{by_ids, Alert};
use crate::error::Result;
use crate::store::Store;

/// The waits before each new attempt, in seconds; after the last, the send is given up.
pub const BACKOFF: [i64; 5] = [60, 5 * 60, 15 * 60, 3_600, 3 * 3_600];
/// Attempts in all before a send is given up.
pub const ATTEMPTS: i64 = BACKOFF.len() as i64 + 1;
/// How long after it was raised an alert is still sent, in seconds.
pub const FRESH: i64 = 24 * 3_600;
/// How long a process that took a send has to make it before another may, in seconds: longer
/// than a send can take, so that two processes collecting at once send an alert once.
pub const LEASE: i64 = 5 * 60;

/// Queues each of `alerts` (ids of alerts raised now) on every channel switched on.
pub(super) fn queue(conn: &Connection, alerts: &[i64], now: i64) -> Result<()> {
    let mut insert = conn.prepare(
        "INSERT OR IGNORE INTO alert_sends (alert, channel, next_attempt)
         SELECT ?1, channel, ?2 FROM alert_delivery WHERE enabled = 1",
    )?;
    for id in alerts {
        insert.execute(params![id, now])?;
    }
    Ok(())
}

/// A queued send whose time has come, taken by this process.
#[derive(Debug, Clone)]
pub struct Due {
    pub alert: Alert,
    pub channel: Channel,
    /// Attempts made before this one.
    pub attempts: i64,
    /// Until when this process holds it: only the holder records how it went.
    lease: i64,
}

/// Takes the next send due at `due_by` (the start of a pass of sends, so that a retry coming
/// due during the pass waits for the next one), oldest alert first, among those of alerts
/// raised in the last [`FRESH`] seconds (an alert queued while nothing ran to send it is news
/// no more a day later), on a channel still switched on and not in `skip`. It is taken in its
/// own write for [`LEASE`] seconds from `now`: another process collecting meanwhile finds it
/// not due, and after a crash it is due again when the lease ends. Take each send just before
/// making it, with the time then.
pub fn take_next(store: &Store, now: i64, due_by: i64, skip: &[Channel]) -> Result<Option<Due>> {
    let skip: String = skip
        .iter()
        .map(|c| format!(",{}", c.as_str()))
        .collect::<String>()
        + ",";
    let mut next = store.conn().prepare_cached(
        "SELECT s.alert, s.channel, s.attempts FROM alert_sends s
         JOIN alerts a ON a.id = s.alert
         JOIN alert_delivery d ON d.channel = s.channel AND d.enabled
         WHERE s.sent_at IS NULL AND s.attempts < ?2 AND s.next_attempt <= ?4
           AND a.raised_at >= ?1 - ?3 AND instr(?5, ',' || s.channel || ',') = 0
         ORDER BY s.alert, s.channel LIMIT 1",
    )?;
    let mut take = store.conn().prepare_cached(
        "UPDATE alert_sends SET next_attempt = ?4
         WHERE alert = ?1 AND channel = ?2 AND sent_at IS NULL AND next_attempt <= ?3",
    )?;
    loop {
        let row: Option<(i64, String, i64)> = next
            .query_row(params![now, ATTEMPTS, FRESH, due_by, skip], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let Some((id, channel, attempts)) = row else {
            return Ok(None);
        };
        let lease = now + LEASE;
        // Another process may have taken it between the two statements: look again.
        if take.execute(params![id, channel, now, lease])? == 0 {
            continue;
        }
        let (Some(alert), Some(channel)) = (by_ids(store, &[id])?.pop(), Channel::parse(&channel))
        else {
            continue;
        };
        return Ok(Some(Due {
            alert,
            channel,
            attempts,
            lease,
        }));
    }
}

/// How a send went.
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'a> {
    Sent,
    /// Sent to some of its addresses, not to the others (which the text names): sent, and
    /// not tried again, which would repeat it to those it reached.
    Partly(&'a str),
    /// Failed, perhaps for a while: tried again after the next wait of [`BACKOFF`].
    Failed(&'a str),
    /// Refused for good (a mail server's wrong login): given up at once, with the channel's
    /// other sends still waiting, so that one wrong password makes one failed login and not one
    /// per alert and attempt, which can lock the account.
    Refused(&'a str),
}

/// Records how a send went. Returns when it will be tried again, if it will. Nothing is
/// recorded by a process whose lease ran out and whose send another process took.
pub fn record(store: &Store, due: &Due, outcome: Outcome<'_>, now: i64) -> Result<Option<i64>> {
    let (error, attempts, again) = match outcome {
        Outcome::Sent => (None, due.attempts + 1, None),
        Outcome::Partly(error) => (Some(error), due.attempts + 1, None),
        Outcome::Failed(error) => (
            Some(error),
            due.attempts + 1,
            BACKOFF.get(due.attempts as usize).map(|wait| now + wait),
        ),
        Outcome::Refused(error) => (Some(error), ATTEMPTS, None),
    };
    let tx = store.conn().unchecked_transaction()?;
    let recorded = tx.execute(
        "UPDATE alert_sends SET attempts = ?3, sent_at = ?4, last_error = ?5,
             next_attempt = coalesce(?6, next_attempt)
         WHERE alert = ?1 AND channel = ?2 AND sent_at IS NULL AND next_attempt = ?7",
        params![
            due.alert.id,
            due.channel.as_str(),
            attempts,
            matches!(outcome, Outcome::Sent | Outcome::Partly(_)).then_some(now),
            error,
            again,
            due.lease
        ],
    )?;
    if let (Outcome::Refused(error), 1) = (outcome, recorded) {
        tx.execute(
            "UPDATE alert_sends SET attempts = ?2, last_error = ?3
             WHERE channel = ?1 AND sent_at IS NULL AND attempts < ?2",
            params![
                due.channel.as_str(),
                ATTEMPTS,
                format!("not sent: an earlier alert was refused for good ({error})")
            ],
        )?;
    }
    tx.commit()?;
    Ok(again)
}
