//! Watching live: collecting from the sources on schedule, grading each topic, raising alerts
//! and delivering them where the user switched delivery on, and writing the morning briefs.
//! `townhall collect`, `townhall watch` and the app's Sources view and background watch are
//! all these functions.
//!
//! After every collection (and every import, see [`super::importing`]) the alerts are evaluated
//! at "now": importing history marks its spikes but notifies no one.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::alerts::brief_retry::{self, Pending};
use crate::alerts::deliver::{self, BriefReady, Channel, Message};
use crate::alerts::outbox::Outcome;
use crate::alerts::{self, schedule, Alert};
use crate::analytics::status::{self, Grade, Status};
use crate::collect::{self, Clock, RunReport, Secrets};
use crate::error::{Error, Result};
use crate::store::{settings, Store};
use crate::time;
use crate::topics::Topic;
use crate::wire::{BriefChoices, DashboardRequest};

/// What one collection brought: each source's run, and the alerts its posts raised.
#[derive(Debug, Default, Serialize)]
pub struct Collected {
    pub reports: Vec<RunReport>,
    pub alerts: Vec<Alert>,
}

/// Runs every source that is due once, then raises the alerts the new posts call for.
pub fn collect_due(
    store: &mut Store,
    secrets: &dyn Secrets,
    now: DateTime<Utc>,
    cancel: &AtomicBool,
) -> Result<Collected> {
    let reports = collect::collect_due(store, secrets, now.timestamp(), cancel)?;
    let alerts = alerts::evaluate(store, now.timestamp())?;
    Ok(Collected { reports, alerts })
}

/// Runs one source now, whatever its schedule ("Collect now"), then raises alerts.
pub fn collect_now(
    store: &mut Store,
    secrets: &dyn Secrets,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Collected> {
    let report = collect::collect_now(store, secrets, name, now.timestamp())?;
    let alerts = alerts::evaluate(store, now.timestamp())?;
    Ok(Collected {
        reports: vec![report],
        alerts,
    })
}

/// Every topic's status at `now`, in the workspace's zone: the grade that heads the home view,
/// the dashboard, `townhall status` and the brief.
pub fn statuses(store: &Store, now: DateTime<Utc>) -> Result<Vec<Status>> {
    let statuses = status::statuses(store, super::timezone(store, None)?, now.timestamp())?;
    let stopped = collection_stopped(store, now.timestamp())?;
    Ok(statuses
        .into_iter()
        .map(|s| with_caveat(s, stopped.as_deref()))
        .collect())
}

/// One topic's status at `now`.
pub fn topic_status(store: &Store, topic: &Topic, now: DateTime<Utc>) -> Result<Status> {
    let status = status::status(store, topic, super::timezone(store, None)?, now.timestamp())?;
    Ok(with_caveat(
        status,
        collection_stopped(store, now.timestamp())?.as_deref(),
    ))
}

/// What a status must add when none of the workspace's sources is collecting, every one
/// paused or failing: its quiet hours may be hours nobody saw. `None` for a workspace without
/// sources (its data is imported) or with one still collecting.
fn collection_stopped(store: &Store, now: i64) -> Result<Option<String>> {
    use crate::collect::Health;
    let sources = collect::list_sources(store, now)?;
    let collecting =
        |s: &collect::SourceStatus| matches!(s.health, Health::Ok | Health::New | Health::Waiting);
    if sources.is_empty() || sources.iter().any(collecting) {
        return Ok(None);
    }
    let last = sources.iter().filter_map(|s| s.source.last_success).max();
    let all = match sources.len() {
        1 => "its one source is".to_string(),
        n => format!("all {n} of its sources are"),
    };
    Ok(Some(format!(
        "Collection has stopped: {all} paused or failing ({}), so the latest hours may hold \
         posts the workspace has not seen.",
        last.map_or("none collected yet".to_string(), |t| format!(
            "the last collected {}",
            collect::ago(now - t)
        ))
    )))
}

fn with_caveat(mut status: Status, caveat: Option<&str>) -> Status {
    if let Some(caveat) = caveat {
        status.confidence = format!("{} {caveat}", status.confidence);
    }
    status
}

/// One attempt to send a raised alert on a channel.
#[derive(Debug)]
pub struct Sent {
    pub alert: Alert,
    pub channel: Channel,
    pub outcome: Result<()>,
    /// It reached some of the channel's addresses, not all (`outcome` says which it did not):
    /// it counts as sent.
    pub partly: bool,
    /// When a failed send is tried again; `None` once sent, or given up.
    pub retry_at: Option<i64>,
}

/// Sends the alerts queued in the outbox ([`alerts::outbox`]) whose time had come when it
/// started, each with its channel's secret from `secrets`, taking each just before sending it
/// at the time `clock` then says. A failure never stops the other channels; it is tried again
/// later, and the channel's other alerts wait for the next pass (a server that does not answer
/// costs one wait, not one per alert). Every collection calls it, so an alert raised by an
/// import or a collection in one process is sent by the next that runs. A channel switched off
/// meanwhile sends nothing; `cancel` stops the pass after the send under way.
pub fn send_due(
    store: &Store,
    secrets: &dyn Secrets,
    clock: &dyn Clock,
    cancel: &AtomicBool,
) -> Result<Vec<Sent>> {
    let mut sent = Vec::new();
    let due_by = clock.now();
    let mut failed = Vec::new();
    while !cancel.load(Ordering::Relaxed) {
        let Some(due) = alerts::outbox::take_next(store, clock.now(), due_by, &failed)? else {
            break;
        };
        let delivery = deliver::get(store, due.channel)?;
        let outcome = super::alerting::secret_for(&delivery, secrets)
            .map_err(deliver::Failure::from)
            .and_then(|secret| deliver::send_once(&delivery, &due.alert, &secret));
        let error = outcome
            .as_ref()
            .err()
            .map(|f| (f.error.to_string(), f.permanent, f.partly));
        let recorded = match &error {
            None => Outcome::Sent,
            Some((error, _, true)) => Outcome::Partly(error),
            Some((error, true, false)) => Outcome::Refused(error),
            Some((error, false, false)) => Outcome::Failed(error),
        };
        let retry_at = alerts::outbox::record(store, &due, recorded, clock.now())?;
        let partly = error.as_ref().is_some_and(|(_, _, partly)| *partly);
        if error.is_some() && !partly {
            failed.push(due.channel);
        }
        sent.push(Sent {
            alert: due.alert,
            channel: due.channel,
            outcome: outcome.map_err(|f| f.error),
            partly,
            retry_at,
        });
    }
    Ok(sent)
}

/// Sends `message` on each of `channels` still switched on (every one switched on, for `None`).
fn send_on(
    store: &Store,
    secrets: &dyn Secrets,
    message: Message<'_>,
    channels: Option<&[Channel]>,
) -> Result<Vec<(Channel, std::result::Result<(), deliver::Failure>)>> {
    let mut sent = Vec::new();
    for delivery in deliver::list(store)?.into_iter().filter(|d| d.enabled) {
        if channels.is_some_and(|c| !c.contains(&delivery.channel)) {
            continue;
        }
        let outcome = super::alerting::secret_for(&delivery, secrets)
            .map_err(deliver::Failure::from)
            .and_then(|secret| deliver::send_once(&delivery, message, &secret));
        sent.push((delivery.channel, outcome));
    }
    Ok(sent)
}

/// The channels of `sent` worth trying again (failed, but not for good nor partly sent), and
/// each channel's outcome as the caller reports it.
fn sorted_out(
    sent: Vec<(Channel, std::result::Result<(), deliver::Failure>)>,
) -> (Vec<Channel>, Vec<(Channel, Result<()>)>) {
    let again = sent
        .iter()
        .filter(|(_, r)| r.as_ref().is_err_and(deliver::Failure::worth_retrying))
        .map(|(c, _)| *c)
        .collect();
    let outcomes = sent
        .into_iter()
        .map(|(c, r)| (c, r.map_err(|f| f.error)))
        .collect();
    (again, outcomes)
}

/// Sends again each brief whose delivery failed on some channels and whose next attempt is
/// due ([`brief_retry`]).
fn resend_briefs(store: &Store, secrets: &dyn Secrets, now: i64) -> Result<Vec<BriefRun>> {
    let mut done = Vec::new();
    for (topic_id, pending) in brief_retry::take_due(store, now)? {
        let topic = crate::topics::list(store)?
            .into_iter()
            .find(|t| t.id == topic_id);
        let pdf = std::fs::read(&pending.path);
        let (Some(topic), Ok(pdf)) = (topic, pdf) else {
            // Its topic removed, or its PDF moved or deleted since: nothing to send.
            brief_retry::set(store, topic_id, None)?;
            continue;
        };
        let brief = BriefReady {
            pdf,
            ..pending.brief.clone()
        };
        let sent = send_on(
            store,
            secrets,
            Message::Brief(&brief),
            Some(&pending.channels),
        )?;
        let (again, delivered) = sorted_out(sent);
        let next = Pending::after(
            brief,
            pending.path.clone(),
            again,
            pending.attempts + 1,
            now,
        );
        brief_retry::set(store, topic_id, next.as_ref())?;
        done.push(BriefRun {
            run: schedule::Run {
                topic,
                scheduled_for: pending.brief.written_at,
                result: Ok(pending.path),
            },
            delivered,
            resent: true,
        });
    }
    Ok(done)
}

/// A scheduled brief that ran: the schedule's run, and where its PDF was delivered.
#[derive(Debug)]
pub struct BriefRun {
    pub run: schedule::Run,
    /// Each switched-on channel's outcome (nothing when the brief failed or delivery is off).
    /// A channel that failed is tried again later ([`brief_retry`]).
    pub delivered: Vec<(Channel, Result<()>)>,
    /// A brief written earlier, sent again on the channels that failed then.
    pub resent: bool,
}

/// Writes the morning briefs that are due at `now` into their folders, once per scheduled time
/// (a schedule missed while the laptop slept runs once on waking), and sends each through the
/// delivery channels that are switched on: the PDF attached to e-mail and the generic webhook,
/// the status line and file name to Teams and Slack.
pub fn run_schedules(
    store: &Store,
    secrets: &dyn Secrets,
    now: DateTime<Utc>,
) -> Result<Vec<BriefRun>> {
    let mut done = resend_briefs(store, secrets, now.timestamp())?;
    let mut written = Vec::new();
    let day = time::local_day(settings::timezone(store.conn())?, now.timestamp());
    let runs = schedule::run_due(store, now.timestamp(), |topic, folder| {
        let request = DashboardRequest {
            topic: topic.name.clone(),
            ..Default::default()
        };
        let out = folder.join(brief_file_name(topic, day));
        let brief = super::briefing::write(store, &request, &BriefChoices::default(), &out, now)?;
        written.push((topic.id, brief.clone()));
        Ok(brief.path)
    })?;
    for run in runs {
        let brief = written
            .iter()
            .find(|(topic, w)| {
                *topic == run.topic.id && run.result.as_ref().is_ok_and(|p| *p == w.path)
            })
            .map(|(_, brief)| brief);
        let delivered = match brief {
            Some(brief) => {
                let ready = BriefReady {
                    topic: brief.topic.clone(),
                    grade: brief.status.as_ref().map_or(Grade::Normal, |s| s.grade),
                    status: brief
                        .status
                        .as_ref()
                        .map_or_else(String::new, |s| s.label.clone()),
                    evidence: brief
                        .status
                        .as_ref()
                        .map_or_else(String::new, |s| s.evidence.clone()),
                    file_name: brief_file_name(&run.topic, day).display().to_string(),
                    written_at: now.timestamp(),
                    time_zone: crate::store::settings::timezone(store.conn())?
                        .name()
                        .to_string(),
                    pdf: std::fs::read(&brief.path).map_err(|e| Error::io(&brief.path, e))?,
                };
                let sent = send_on(store, secrets, Message::Brief(&ready), None)?;
                let (again, delivered) = sorted_out(sent);
                let now = now.timestamp();
                let pending = Pending::after(ready, brief.path.clone(), again, 1, now);
                brief_retry::set(store, run.topic.id, pending.as_ref())?;
                delivered
            }
            None => Vec::new(),
        };
        done.push(BriefRun {
            run,
            delivered,
            resent: false,
        });
    }
    Ok(done)
}

/// The most bytes of a topic's name a brief's file name holds.
const MAX_NAME_BYTES: usize = 160;

/// "SchoolMax briefing 2026-09-02.pdf", the day on the workspace's clock: a name safe on every
/// file system. A name that had to change to be safe takes its topic's id too ("Portal _web_ 3
/// briefing …"), so that "Portal (web)" and "Portal [web]" never write over each other's.
fn brief_file_name(topic: &Topic, day: NaiveDate) -> PathBuf {
    let safe: String = topic
        .name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " -_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    // File systems take names of 255 bytes: a longer topic name is cut, and takes its id.
    let mut cut = safe.trim();
    if cut.len() > MAX_NAME_BYTES {
        let end = (0..=MAX_NAME_BYTES)
            .rev()
            .find(|&i| cut.is_char_boundary(i))
            .unwrap_or(0);
        cut = &cut[..end];
    }
    let name = match cut == topic.name {
        true => cut.to_string(),
        false => format!("{} {}", cut.trim(), topic.id),
    };
    PathBuf::from(format!("{name} briefing {}.pdf", day.format("%Y-%m-%d")))
}

/// One round of [`watch`]: the sources that are due, the alerts, the briefs.
fn watch_round(
    store: &mut Store,
    folders: &mut collect::FolderEvents,
    secrets: &dyn Secrets,
    clock: &dyn Clock,
    at: DateTime<Utc>,
    cancel: &AtomicBool,
    on_event: &mut dyn FnMut(WatchEvent<'_>),
) -> Result<()> {
    folders.sync(store)?;
    collect::make_due(store, &folders.take_settled(), at.timestamp())?;
    let collected = collect_due(store, secrets, at, cancel)?;
    for report in &collected.reports {
        on_event(WatchEvent::Collected(report));
    }
    for alert in &collected.alerts {
        on_event(WatchEvent::Alert(alert));
    }
    for sent in send_due(store, secrets, clock, cancel)? {
        on_event(WatchEvent::Delivered(&sent));
    }
    if cancel.load(Ordering::Relaxed) {
        // Asked to stop: the briefs wait for the next watch, which writes what it missed.
        return Ok(());
    }
    for run in run_schedules(store, secrets, at)? {
        on_event(WatchEvent::Brief(&run));
    }
    Ok(())
}

/// What happens while watching, as it happens.
#[derive(Debug)]
pub enum WatchEvent<'a> {
    Collected(&'a RunReport),
    Alert(&'a Alert),
    Delivered(&'a Sent),
    Brief(&'a BriefRun),
    /// Another program held the workspace past the wait ([`crate::store::BUSY_TIMEOUT`]):
    /// the round is given up, and the next runs as usual.
    Busy,
}

/// Collects on schedule until `cancel` is set: each round runs the sources that are due, raises
/// and delivers alerts, writes the briefs that are due, then sleeps (through `clock`) until the
/// next source is due, a minute at most, or until a watched folder has changed and settled. Opens its own connection, so it can run on a thread of
/// its own beside the app's.
pub fn watch(
    path: &Path,
    secrets: &dyn Secrets,
    clock: &dyn Clock,
    cancel: &AtomicBool,
    on_event: &mut dyn FnMut(WatchEvent<'_>),
) -> Result<()> {
    let now = || DateTime::from_timestamp(clock.now(), 0).unwrap_or_default();
    let mut store = super::open(path, now())?;
    let mut folders = collect::FolderEvents::new();
    while !cancel.load(Ordering::Relaxed) {
        let at = now();
        let round = watch_round(
            &mut store,
            &mut folders,
            secrets,
            clock,
            at,
            cancel,
            on_event,
        );
        match round {
            Err(Error::Busy) => on_event(WatchEvent::Busy),
            other => other?,
        }
        // Sleep until the next source is due (a minute at most), or a watched folder settles.
        let at = at.timestamp();
        let next = match collect::next_due(&store) {
            Err(Error::Busy) => None,
            other => other?,
        }
        .unwrap_or(i64::MAX);
        let until = next.clamp(at + 1, at + collect::MIN_INTERVAL);
        while clock.now() < until && !cancel.load(Ordering::Relaxed) && !folders.settled() {
            clock.sleep_until((clock.now() + 1).min(until), cancel);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_topics_whose_names_are_made_safe_alike_write_two_briefs() {
        let topic = |id, name: &str| Topic {
            id,
            name: name.into(),
            query: "portal".into(),
        };
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let name = |id, name| brief_file_name(&topic(id, name), day);
        assert_eq!(
            name(1, "SchoolMax"),
            PathBuf::from("SchoolMax briefing 2026-12-07.pdf")
        );
        assert_ne!(name(2, "Portal (web)"), name(3, "Portal [web]"));
        assert_eq!(
            name(3, "Portal [web]"),
            PathBuf::from("Portal _web_ 3 briefing 2026-12-07.pdf")
        );
        // The longest name of the widest letters fits a file system's 255 bytes, and is told
        // apart from another cut alike by its id.
        let wide = "語".repeat(crate::topics::MAX_NAME);
        let (a, b) = (name(4, &wide), name(5, &(wide.clone() + "x")));
        assert!(a.to_str().unwrap().len() <= 255, "{a:?}");
        assert!(
            a.to_str().unwrap().ends_with(" 4 briefing 2026-12-07.pdf"),
            "{a:?}"
        );
        assert_ne!(a, b);
    }
}
