//! [`evaluate`]: grade every topic at "now" and turn what changed into alerts.

use rusqlite::params;

use super::rules::{self, Rules};
use super::{by_ids, Alert, AlertKind};
use crate::analytics::status::{self, Grade, Status};
use crate::analytics::{top, Mention, TopBy};
use crate::error::Result;
use crate::store::Store;
use crate::topics::{self, Topic};

const HOUR: i64 = 3_600;
/// The negative share of the last hour is compared with this much time before it.
const NEGATIVE_BASELINE_SECS: i64 = 7 * 24 * HOUR;

/// Grades every topic at `now` (unix seconds) and raises what changed; returns the alerts raised
/// by this evaluation, including those held by quiet hours that have just ended. Run it after
/// every import and every collection (each topic's trailing weeks are read again; the detector's
/// decisions depend only on the posts, so re-running it is the same as continuing it).
///
/// One surge gives one `spike` alert when it first reaches the topic's minimum grade, then one
/// `escalation` per higher grade; a new surge within the cooldown alerts only if it goes higher
/// still. An alert found during quiet hours is stored but held, raised once when they end (a
/// higher grade found meanwhile updates it rather than adding another).
pub fn evaluate(store: &Store, now: i64) -> Result<Vec<Alert>> {
    let tz = crate::store::settings::timezone(store.conn())?;
    // One writer at a time: the app and `townhall watch` may evaluate the same workspace.
    let tx = rusqlite::Transaction::new_unchecked(
        store.conn(),
        rusqlite::TransactionBehavior::Immediate,
    )?;
    let released = release_held(store, now, tz)?;
    let mut raised: Vec<i64> = released.iter().map(|r| r.id).collect();
    raised.sort_unstable();
    let data_start = status::data_start(store, now)?;
    let unseen_before = store.unseen_before()?;
    for topic in topics::list(store)? {
        let rules = rules::get(store, topic.id)?;
        if !rules.enabled {
            continue;
        }
        let mentions = status::history(store, &topic, now)?;
        let since = status::counted_since(&mentions, data_start, &unseen_before);
        let status = status::assess(&topic.name, &mentions, since, tz, now);
        for held in released.iter().filter(|r| r.topic == topic.id) {
            held.bring_up_to_date(store, &status, &rules, tz)?;
        }
        let held_until = rules.quiet_hours.and_then(|q| q.end_of_quiet(now, tz));
        let found = [
            on_grade(store, &topic, &rules, &status, &mentions, now, held_until)?,
            on_negative_jump(store, &topic, &rules, &status, &mentions, now, held_until)?,
        ];
        if held_until.is_none() {
            raised.extend(found.into_iter().flatten());
        }
    }
    super::outbox::queue(&tx, &raised, now)?;
    tx.commit()?;
    by_ids(store, &raised)
}

/// Raises the alerts held through quiet hours that are over by the topic's rules as they are
/// now, not as they were when the alerts were found: quiet hours changed or removed since then
/// end when the new ones do, and the held alerts of a topic whose alerts were turned off are
/// dropped, never raised. Those still in quiet hours wait for their new end.
fn release_held(store: &Store, now: i64, tz: chrono_tz::Tz) -> Result<Vec<Released>> {
    let held: Vec<Released> = store
        .conn()
        .prepare(
            "SELECT id, topic, detected_at, evidence, kind FROM alerts
             WHERE raised_at IS NULL ORDER BY id",
        )?
        .query_map([], |r| {
            Ok(Released {
                id: r.get(0)?,
                topic: r.get(1)?,
                detected_at: r.get(2)?,
                evidence: r.get(3)?,
                grade_alert: r.get::<_, String>(4)? != "negative_jump",
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut released = Vec::new();
    for alert in held {
        let rules = rules::get(store, alert.topic)?;
        if !rules.enabled {
            store
                .conn()
                .execute("DELETE FROM alerts WHERE id = ?1", [alert.id])?;
            continue;
        }
        match rules.quiet_hours.and_then(|q| q.end_of_quiet(now, tz)) {
            Some(until) => {
                store.conn().execute(
                    "UPDATE alerts SET held_until = ?2 WHERE id = ?1",
                    params![alert.id, until],
                )?;
            }
            None => {
                store.conn().execute(
                    "UPDATE alerts SET raised_at = ?2 WHERE id = ?1",
                    params![alert.id, now],
                )?;
                released.push(alert);
            }
        }
    }
    Ok(released)
}

/// An alert held through quiet hours, raised now that they are over.
struct Released {
    id: i64,
    topic: i64,
    detected_at: i64,
    evidence: String,
    /// A spike or escalation (not a jump in the negative share), whose evidence is the status's.
    grade_alert: bool,
}

impl Released {
    /// Its evidence as of now: the surge's own sentence now when it is still under way, else
    /// the sentence of when it was found, saying so (an alert raised at 07:00 for a surge that
    /// ended at 01:00 must not say "in the last hour" of 00:20).
    fn bring_up_to_date(
        &self,
        store: &Store,
        status: &Status,
        rules: &Rules,
        tz: chrono_tz::Tz,
    ) -> Result<()> {
        let under_way = self.grade_alert
            && status.grade >= rules.min_grade
            && status.since.is_some_and(|s| s <= self.detected_at);
        let evidence = if under_way {
            status.evidence.clone()
        } else {
            format!(
                "{} (found at {}, held through the quiet hours; now {})",
                self.evidence,
                crate::time::local_minute_zoned(tz, self.detected_at),
                status.label
            )
        };
        store.conn().execute(
            "UPDATE alerts SET evidence = ?2 WHERE id = ?1",
            params![self.id, evidence],
        )?;
        Ok(())
    }
}

/// A rise in grade: a new `spike` alert, an `escalation`, or nothing. Returns the new alert's id.
fn on_grade<'a>(
    store: &Store,
    topic: &'a Topic,
    rules: &Rules,
    status: &Status,
    mentions: &[Mention],
    now: i64,
    held_until: Option<i64>,
) -> Result<Option<i64>> {
    if status.grade < rules.min_grade {
        return Ok(None);
    }
    let conn = store.conn();
    let last: Option<i64> = conn.query_row(
        "SELECT max(detected_at) FROM alerts
             WHERE topic = ?1 AND kind IN ('spike', 'escalation')",
        [topic.id],
        |r| r.get(0),
    )?;
    // The surge under way began before the last alert (it is the one alerted), or the last alert
    // is recent: either way this is the same episode, which only escalates.
    let same_episode = last.is_some_and(|last| {
        status.since.is_some_and(|since| since <= last) || now - last < rules.cooldown_secs
    });
    let started_at = status.since.unwrap_or(now);
    let found = |kind: AlertKind| -> Result<Found<'a>> {
        Ok(Found {
            topic,
            kind,
            grade: status.grade,
            evidence: status.evidence.clone(),
            started_at,
            top_post: top_post(store, mentions, started_at, now, false)?,
        })
    };
    if !same_episode {
        return found(AlertKind::Spike)?
            .insert(store, now, held_until)
            .map(Some);
    }
    let episode: Vec<(i64, String, Option<i64>)> = conn
        .prepare(
            "SELECT id, grade, raised_at FROM alerts
             WHERE topic = ?1 AND kind IN ('spike', 'escalation')
               AND detected_at >= (SELECT max(detected_at) FROM alerts
                                   WHERE topic = ?1 AND kind = 'spike')
             ORDER BY id",
        )?
        .query_map([topic.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let highest = episode
        .iter()
        .filter_map(|(_, grade, _)| Grade::parse(grade))
        .max()
        .unwrap_or(Grade::Normal);
    if status.grade <= highest {
        return Ok(None);
    }
    // Still held by quiet hours: the held alert takes the higher grade, to be raised once.
    if let Some((id, _, _)) = episode.iter().find(|(_, _, raised)| raised.is_none()) {
        let update = found(AlertKind::Escalation)?;
        conn.execute(
            "UPDATE alerts SET grade = ?2, evidence = ?3, detected_at = ?4,
                               top_post = coalesce(?5, top_post)
             WHERE id = ?1",
            params![
                id,
                update.grade.as_str(),
                update.evidence,
                now,
                update.top_post
            ],
        )?;
        return Ok(None);
    }
    found(AlertKind::Escalation)?
        .insert(store, now, held_until)
        .map(Some)
}

/// The second trigger: the negative share of the last hour against the week before it.
fn on_negative_jump(
    store: &Store,
    topic: &Topic,
    rules: &Rules,
    status: &Status,
    mentions: &[Mention],
    now: i64,
    held_until: Option<i64>,
) -> Result<Option<i64>> {
    let hour_start = now - HOUR;
    let tone = |from: i64, to: i64| {
        let scored = mentions
            .iter()
            .filter(|m| m.created_at > from && m.created_at <= to)
            .filter_map(|m| m.sentiment());
        let (mut n, mut negative) = (0u64, 0u64);
        for s in scored {
            n += 1;
            negative += u64::from(s <= crate::analytics::series::NEGATIVE);
        }
        (n, negative)
    };
    let (n, negative) = tone(hour_start, now);
    // The week before the surge under way, if one began before the last hour: its own earlier
    // hours are no measure of the tone before it.
    let before_end = status
        .since
        .map_or(hour_start, |since| since.min(hour_start));
    let (n_before, negative_before) = tone(before_end - NEGATIVE_BASELINE_SECS, before_end);
    let min = u64::from(rules.negative_min_posts.max(1));
    if n < min || n_before < min {
        return Ok(None);
    }
    let share = negative as f64 / n as f64;
    let before = negative_before as f64 / n_before as f64;
    if (share - before) * 100.0 < rules.negative_jump_points {
        return Ok(None);
    }
    let recent: bool = store.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM alerts
                        WHERE topic = ?1 AND kind = 'negative_jump' AND detected_at > ?2)",
        params![topic.id, now - rules.cooldown_secs],
        |r| r.get(0),
    )?;
    if recent {
        return Ok(None);
    }
    let evidence = format!(
        "{} of {} posts in the last hour were negative, against {} in the week before{}",
        crate::analytics::share_percent(share),
        crate::output::brief::fmt_int(n as f64),
        crate::analytics::share_percent(before),
        if before_end < hour_start {
            " the surge began"
        } else {
            ""
        }
    );
    // It began with the hour's first negative post, not with the hour compared.
    let first_negative = mentions
        .iter()
        .filter(|m| m.created_at > hour_start && m.created_at <= now)
        .filter(|m| {
            m.sentiment()
                .is_some_and(|s| s <= crate::analytics::series::NEGATIVE)
        })
        .map(|m| m.created_at)
        .min();
    Found {
        topic,
        kind: AlertKind::NegativeJump,
        grade: status.grade,
        evidence,
        started_at: first_negative.unwrap_or(hour_start + 1),
        top_post: top_post(store, mentions, hour_start + 1, now, true)?,
    }
    .insert(store, now, held_until)
    .map(Some)
}

/// The most engaging post in `[from, to]` (negative ones only with `negative`).
fn top_post(
    store: &Store,
    mentions: &[Mention],
    from: i64,
    to: i64,
    negative: bool,
) -> Result<Option<i64>> {
    let filter = if negative {
        top::PostFilter::Negative
    } else {
        top::PostFilter::All
    };
    let window: Vec<Mention> = mentions
        .iter()
        .filter(|m| m.created_at >= from && m.created_at <= to && filter.keeps(m))
        .cloned()
        .collect();
    Ok(top::rank(store, &window, TopBy::Engagement, Some(1))?
        .first()
        .map(|p| p.id))
}

/// An alert about to be stored.
struct Found<'a> {
    topic: &'a Topic,
    kind: AlertKind,
    grade: Grade,
    evidence: String,
    started_at: i64,
    top_post: Option<i64>,
}

impl Found<'_> {
    /// Stores the alert, raised at `now` or held until the end of the quiet hours; returns its id.
    fn insert(&self, store: &Store, now: i64, held_until: Option<i64>) -> Result<i64> {
        let raised_at = held_until.is_none().then_some(now);
        Ok(store.conn().query_row(
            "INSERT INTO alerts (topic, grade, kind, evidence, started_at, detected_at,
                                 held_until, raised_at, top_post)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
            params![
                self.topic.id,
                self.grade.as_str(),
                self.kind.as_str(),
                self.evidence,
                self.started_at,
                now,
                held_until,
                raised_at,
                self.top_post
            ],
            |r| r.get(0),
        )?)
    }
}
