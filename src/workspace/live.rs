//! Watching live: collecting from the sources on schedule, grading each topic, raising alerts
//! and delivering them where the user switched delivery on, and writing the morning briefs.
//! `townhall collect`, `townhall watch` and the app's Sources view and background watch are
//! all these functions.
//!
//! After every collection (and every import, see [`super::importing`]) the alerts are evaluated
//! at "now": importing history marks its spikes but notifies no one.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::alerts::deliver::{self, Channel};
use crate::alerts::{self, schedule, Alert};
use crate::analytics::status::{self, Status};
use crate::collect::{self, Clock, RunReport, Secrets};
use crate::error::{Error, Result};
use crate::store::Store;
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
    status::statuses(store, super::timezone(store, None)?, now.timestamp())
}

/// One topic's status at `now`.
pub fn topic_status(store: &Store, topic: &Topic, now: DateTime<Utc>) -> Result<Status> {
    status::status(store, topic, super::timezone(store, None)?, now.timestamp())
}

/// Sends an alert through every delivery channel the user switched on, each with its secret
/// from `secrets`. Returns each channel's outcome; a failure never stops the others.
pub fn deliver(
    store: &Store,
    secrets: &dyn Secrets,
    alert: &Alert,
) -> Result<Vec<(Channel, Result<()>)>> {
    let mut sent = Vec::new();
    for delivery in deliver::list(store)?.into_iter().filter(|d| d.enabled) {
        let outcome = match secrets.get(&delivery.secret_key)? {
            Some(secret) => deliver::send(&delivery, alert, &secret),
            None => Err(Error::InvalidInput(format!(
                "{} is switched on but has no address or password saved; set it again",
                delivery.channel.label()
            ))),
        };
        sent.push((delivery.channel, outcome));
    }
    Ok(sent)
}

/// Writes the morning briefs that are due at `now` into their folders, once per scheduled time
/// (a schedule missed while the laptop slept runs once on waking).
pub fn run_schedules(store: &Store, now: DateTime<Utc>) -> Result<Vec<schedule::Run>> {
    schedule::run_due(store, now.timestamp(), |topic, folder| {
        let request = DashboardRequest {
            topic: topic.name.clone(),
            ..Default::default()
        };
        let out = folder.join(brief_file_name(topic, now));
        let written =
            super::briefing::write(store, &request, &BriefChoices::default(), &out, now, now)?;
        Ok(written.path)
    })
}

/// "SchoolMax briefing 2026-09-02.pdf": a name safe on every file system.
fn brief_file_name(topic: &Topic, now: DateTime<Utc>) -> PathBuf {
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
    PathBuf::from(format!(
        "{} briefing {}.pdf",
        safe.trim(),
        now.format("%Y-%m-%d")
    ))
}

/// What happens while watching, as it happens.
#[derive(Debug)]
pub enum WatchEvent<'a> {
    Collected(&'a RunReport),
    Alert(&'a Alert),
    Delivered {
        alert: &'a Alert,
        channel: Channel,
        outcome: &'a Result<()>,
    },
    Brief(&'a schedule::Run),
}

/// Collects on schedule until `cancel` is set: each round runs the sources that are due, raises
/// and delivers alerts, writes the briefs that are due, then sleeps (through `clock`) until the
/// next source is due, a minute at most. Opens its own connection, so it can run on a thread of
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
    while !cancel.load(Ordering::Relaxed) {
        let at = now();
        let collected = collect_due(&mut store, secrets, at, cancel)?;
        for report in &collected.reports {
            on_event(WatchEvent::Collected(report));
        }
        for alert in &collected.alerts {
            on_event(WatchEvent::Alert(alert));
            for (channel, outcome) in deliver(&store, secrets, alert)? {
                on_event(WatchEvent::Delivered {
                    alert,
                    channel,
                    outcome: &outcome,
                });
            }
        }
        for run in run_schedules(&store, at)? {
            on_event(WatchEvent::Brief(&run));
        }
        let at = at.timestamp();
        let next = collect::next_due(&store)?.unwrap_or(i64::MAX);
        clock.sleep_until(next.clamp(at + 1, at + collect::MIN_INTERVAL), cancel);
    }
    Ok(())
}
