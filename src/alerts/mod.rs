//! Alerts: telling someone when a topic's status rises, rather than waiting for them to open the
//! dashboard.
//!
//! After every import and every collection the caller runs [`evaluate`] with the current time. It
//! grades each topic with [`crate::analytics::status`] (the spike detector over the hours up to
//! "now") and applies the topic's [`rules`]: a new surge at or above the minimum grade raises a
//! *spike* alert, a higher grade within the same surge or cooldown an *escalation*, and a jump in
//! the share of negative posts a *negative_jump*. Because only the status at "now" is graded,
//! importing history marks its spikes on the chart but notifies no one; only a spike still under
//! way raises an alert. Alerts falling in quiet hours are held and raised once when they end.
//!
//! Alerts are kept in the workspace with their acknowledged state ([`list`], [`acknowledge`],
//! [`unacknowledged_count`]); [`deliver`] sends them outside the app when the user has switched a
//! channel on, and [`schedule`] writes the morning briefs.

pub mod brief_retry;
pub mod deliver;
mod evaluate;
pub mod outbox;
pub mod rules;
pub mod schedule;
pub mod withdraw;

pub use evaluate::evaluate;

use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::analytics::status::Grade;
use crate::error::{Error, Result};
use crate::model::Platform;
use crate::output::brief::Pseudonyms;
use crate::store::posts::{StoredPost, POST_COLUMNS};
use crate::store::{settings, Store};
use crate::topics::Topic;

/// What raised an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// A surge reached the topic's minimum grade.
    Spike,
    /// The same surge (or another within the cooldown) reached a higher grade.
    Escalation,
    /// The share of negative posts in the last hour jumped.
    NegativeJump,
}

impl AlertKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::Spike => "spike",
            AlertKind::Escalation => "escalation",
            AlertKind::NegativeJump => "negative_jump",
        }
    }

    fn parse(s: &str) -> AlertKind {
        match s {
            "escalation" => AlertKind::Escalation,
            "negative_jump" => AlertKind::NegativeJump,
            _ => AlertKind::Spike,
        }
    }
}

/// A raised alert, as listed, notified and delivered.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Alert {
    pub id: i64,
    pub topic_id: i64,
    pub topic: String,
    pub kind: AlertKind,
    /// The topic's grade when the alert was found.
    pub grade: Grade,
    /// One line for a notification: "Problem: SchoolMax".
    pub title: String,
    /// The status's evidence sentence (or the negative-share sentence).
    pub evidence: String,
    /// When the surge began (unix seconds): where the app opens the topic.
    pub started_at: i64,
    /// When it was raised (unix seconds): the end of the quiet hours for a held alert.
    pub raised_at: i64,
    pub acknowledged_at: Option<i64>,
    /// The most engaging post of the surge so far, private persons pseudonymised as in briefings
    /// (unless the workspace's `names` setting is on); `None` once retention deleted it.
    pub top_post: Option<AlertPost>,
    /// The workspace's time zone (IANA), whose clock the messages tell the times by.
    pub time_zone: String,
}

/// The post an alert quotes.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct AlertPost {
    pub id: i64,
    pub platform: Platform,
    /// `@handle`, a name, or a pseudonym ("Person 1").
    pub author: String,
    /// The text, with @mentions of private persons pseudonymised.
    pub text: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// The post's address, only when names are shown (it usually carries the author's handle).
    pub url: Option<String>,
}

fn title(kind: AlertKind, grade: Grade, topic: &str) -> String {
    match kind {
        AlertKind::Spike => format!("{}: {topic}", grade.label()),
        AlertKind::Escalation => format!("Now {}: {topic}", grade.label()),
        AlertKind::NegativeJump => format!("Tone turned negative: {topic}"),
    }
}

const ALERT_COLUMNS: &str = "al.id, al.topic, t.name, al.kind, al.grade, al.evidence,
    al.started_at, al.raised_at, al.acknowledged_at, al.top_post";

/// An alert row before its post is read.
struct AlertRow {
    alert: Alert,
    top_post: Option<i64>,
}

fn alert_row(r: &Row<'_>) -> rusqlite::Result<AlertRow> {
    let kind = AlertKind::parse(&r.get::<_, String>(3)?);
    let grade = Grade::parse(&r.get::<_, String>(4)?).unwrap_or(Grade::Normal);
    let topic: String = r.get(2)?;
    Ok(AlertRow {
        alert: Alert {
            id: r.get(0)?,
            topic_id: r.get(1)?,
            title: title(kind, grade, &topic),
            topic,
            kind,
            grade,
            evidence: r.get(5)?,
            started_at: r.get(6)?,
            raised_at: r.get::<_, Option<i64>>(7)?.unwrap_or_default(),
            acknowledged_at: r.get(8)?,
            top_post: None,
            time_zone: String::new(),
        },
        top_post: r.get(9)?,
    })
}

/// Raised alerts, newest first; with `since` (unix seconds), only those raised since then.
pub fn list(store: &Store, since: Option<i64>) -> Result<Vec<Alert>> {
    let sql = format!(
        "SELECT {ALERT_COLUMNS} FROM alerts al JOIN topics t ON t.id = al.topic
         WHERE al.raised_at IS NOT NULL AND al.raised_at >= ?1
         ORDER BY al.raised_at DESC, al.id DESC"
    );
    let rows = store
        .conn()
        .prepare(&sql)?
        .query_map([since.unwrap_or(i64::MIN)], alert_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    with_posts(store, rows)
}

/// Raised alerts by id, in the order given.
fn by_ids(store: &Store, ids: &[i64]) -> Result<Vec<Alert>> {
    let sql = format!(
        "SELECT {ALERT_COLUMNS} FROM alerts al JOIN topics t ON t.id = al.topic
         WHERE al.id = ?1 AND al.raised_at IS NOT NULL"
    );
    let mut stmt = store.conn().prepare(&sql)?;
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(row) = stmt.query_row([id], alert_row).optional()? {
            rows.push(row);
        }
    }
    with_posts(store, rows)
}

/// Marks an alert as seen (the first acknowledgement's time is kept) and returns it.
pub fn acknowledge(store: &Store, id: i64, now: i64) -> Result<Alert> {
    let changed = store.conn().execute(
        "UPDATE alerts SET acknowledged_at = coalesce(acknowledged_at, ?2)
         WHERE id = ?1 AND raised_at IS NOT NULL",
        params![id, now],
    )?;
    if changed == 0 {
        return Err(Error::NotFound(format!(
            "no alert {id}; list the alerts to see their numbers"
        )));
    }
    by_ids(store, &[id])?
        .pop()
        .ok_or_else(|| Error::NotFound(format!("no alert {id}")))
}

/// How many of a topic's raised alerts nobody has acknowledged: the count shown on the topic.
pub fn unacknowledged_count(store: &Store, topic: &Topic) -> Result<u64> {
    let n: i64 = store.conn().query_row(
        "SELECT count(*) FROM alerts
         WHERE topic = ?1 AND raised_at IS NOT NULL AND acknowledged_at IS NULL",
        [topic.id],
        |r| r.get(0),
    )?;
    Ok(n as u64)
}

/// Reads each alert's top post and applies the briefing's privacy rules to it.
fn with_posts(store: &Store, rows: Vec<AlertRow>) -> Result<Vec<Alert>> {
    let names = settings::names(store.conn())?;
    let public = settings::named_accounts(store.conn())?;
    let time_zone = settings::timezone(store.conn())?.name().to_string();
    let sql = format!(
        "SELECT {POST_COLUMNS} FROM posts p LEFT JOIN authors a ON a.id = p.author WHERE p.id = ?1"
    );
    let mut stmt = store.conn().prepare(&sql)?;
    let mut out = Vec::with_capacity(rows.len());
    for AlertRow {
        mut alert,
        top_post,
    } in rows
    {
        if let Some(id) = top_post {
            let post = stmt.query_row([id], StoredPost::from_row).optional()?;
            if let Some(post) = post {
                let mut pseudonyms = Pseudonyms::new(names, public.iter().cloned());
                pseudonyms.answering(crate::store::posts::replied_to(store.conn(), &[id])?);
                pseudonyms.knowing_bare(crate::analytics::handles::handles_in(
                    store.conn(),
                    [post.text.as_str()],
                )?);
                alert.top_post = Some(quote(&post, pseudonyms, names));
            }
        }
        alert.time_zone.clone_from(&time_zone);
        out.push(alert);
    }
    Ok(out)
}

/// A post as an alert shows it, under a briefing's rules ([`Pseudonyms::post`]: a private
/// author's own name in their text becomes their pseudonym too), the author named first.
fn quote(post: &StoredPost, mut pseudonyms: Pseudonyms, names: bool) -> AlertPost {
    let author = pseudonyms.byline(post);
    let shown = pseudonyms.post(post);
    AlertPost {
        id: post.id,
        platform: post.platform,
        author,
        text: shown.text,
        created_at: post.created_at.clone(),
        url: shown.url.filter(|_| names),
    }
}
