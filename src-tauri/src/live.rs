//! Watching live: the Sources view's commands, the topics' statuses, the alerts, and the
//! background watch. Each command calls one use case of the engine; what a run brings and the
//! alerts it raises are events on the `live` channel ([`LiveEvent`]), and each alert is also a
//! desktop notification.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use chrono::Utc;
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_notification::NotificationExt;
use townhall::alerts::{self, Alert};
use townhall::analytics::status::Status;
use townhall::collect::{self, Clock, RunReport, SourceStatus, SystemClock};
use townhall::store::Store;
use townhall::wire::{LiveEvent, NewSourceRequest};
use townhall::workspace::{self, live};

use crate::commands::{wire, CmdResult};
use crate::state::AppState;

/// Every source with its status in words.
#[tauri::command]
pub fn list_sources(state: State<'_, AppState>) -> CmdResult<Vec<SourceStatus>> {
    collect::list_sources(&*state.store()?, Utc::now().timestamp()).map_err(wire)
}

/// Adds a source, or changes the one of that name; its credential goes to the keychain.
#[tauri::command]
pub fn add_source(state: State<'_, AppState>, source: NewSourceRequest) -> CmdResult<SourceStatus> {
    let store = state.store()?;
    let secrets = workspace::secrets(&store).map_err(wire)?;
    let now = Utc::now().timestamp();
    let saved = collect::save_source(&store, secrets.as_ref(), &source.into(), now);
    Ok(SourceStatus::of(saved.map_err(wire)?, now))
}

/// Removes a source and forgets its credential; the posts it collected stay.
#[tauri::command]
pub fn remove_source(state: State<'_, AppState>, name: String) -> CmdResult<()> {
    let store = state.store()?;
    let secrets = workspace::secrets(&store).map_err(wire)?;
    collect::remove_source(&store, secrets.as_ref(), &name).map_err(wire)
}

/// Pauses or resumes a source.
#[tauri::command]
pub fn pause_source(
    state: State<'_, AppState>,
    name: String,
    paused: bool,
) -> CmdResult<SourceStatus> {
    let now = Utc::now().timestamp();
    collect::set_paused(&*state.store()?, &name, paused, now)
        .map(|source| SourceStatus::of(source, now))
        .map_err(wire)
}

/// Runs one source now, on a thread of its own with its own connection; the report and the
/// alerts it raised are also sent on the `live` channel.
#[tauri::command]
pub async fn collect_now(
    app: AppHandle,
    state: State<'_, AppState>,
    name: String,
) -> CmdResult<RunReport> {
    let path = state.path()?;
    let collected = tauri::async_runtime::spawn_blocking(move || {
        let mut store = Store::open(&path)?;
        let secrets = workspace::secrets(&store)?;
        live::collect_now(&mut store, secrets.as_ref(), &name, Utc::now())
    })
    .await
    .map_err(|e| wire(townhall::Error::Internal(e.to_string())))?
    .map_err(wire)?;
    for report in &collected.reports {
        emit_report(&app, report);
    }
    for alert in &collected.alerts {
        emit_alert(&app, alert);
    }
    collected.reports.into_iter().next().ok_or_else(|| {
        wire(townhall::Error::Internal(
            "the source ran but reported nothing".into(),
        ))
    })
}

/// Every topic's status now: the grade, its evidence and how sure it is.
#[tauri::command]
pub fn topic_statuses(state: State<'_, AppState>) -> CmdResult<Vec<Status>> {
    live::statuses(&*state.store()?, Utc::now()).map_err(wire)
}

/// Raised alerts, newest first.
#[tauri::command]
pub fn list_alerts(state: State<'_, AppState>) -> CmdResult<Vec<Alert>> {
    alerts::list(&*state.store()?, None).map_err(wire)
}

/// How many of a topic's alerts nobody has acknowledged.
#[tauri::command]
pub fn unacknowledged_alerts(state: State<'_, AppState>, topic: String) -> CmdResult<u64> {
    let store = state.store()?;
    let topic = townhall::topics::get(&store, &topic).map_err(wire)?;
    alerts::unacknowledged_count(&store, &topic).map_err(wire)
}

/// Marks an alert as seen.
#[tauri::command]
pub fn acknowledge_alert(state: State<'_, AppState>, id: i64) -> CmdResult<Alert> {
    alerts::acknowledge(&*state.store()?, id, Utc::now().timestamp()).map_err(wire)
}

fn emit_report(app: &AppHandle, report: &RunReport) {
    let _ = app.emit(
        "live",
        LiveEvent::Collected {
            report: report.clone(),
        },
    );
}

/// Sends the alert to the window and shows it as a desktop notification. The plugin shows it
/// off this thread; a failure (no notification daemon) is only logged.
fn emit_alert(app: &AppHandle, alert: &Alert) {
    let _ = app.emit(
        "live",
        LiveEvent::Alert {
            alert: alert.clone(),
        },
    );
    let shown = app
        .notification()
        .builder()
        .title(&alert.title)
        .body(&alert.evidence)
        .show();
    if let Err(e) = shown {
        eprintln!("townhall: showing a notification: {e}");
    }
}

/// Tells the user a scheduled brief was written (or why not), as a desktop notification.
fn notify_brief(app: &AppHandle, brief: &live::BriefRun) {
    if brief.resent {
        // Written, and said so, earlier: sent now where it could not go then.
        return;
    }
    let run = &brief.run;
    let body = match &run.result {
        Ok(path) => format!("Written to {}", path.display()),
        Err(e) => format!("Not written: {e}"),
    };
    let title = format!("Morning brief: {}", run.topic.name);
    if let Err(e) = app
        .notification()
        .builder()
        .title(&title)
        .body(&body)
        .show()
    {
        eprintln!("townhall: showing a notification: {e}");
    }
}

/// How long the watch waits after its store failed before it tries again, in seconds.
const RETRY_SECS: i64 = 60;

/// Starts the background watch on a thread of its own: it collects on schedule until `cancel`
/// is set, trying again a minute after an error.
pub fn start_watch(app: AppHandle, path: PathBuf, cancel: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let clock = SystemClock;
        while !cancel.load(std::sync::atomic::Ordering::Relaxed) {
            let secrets = Store::open(&path).and_then(|store| workspace::secrets(&store));
            let watched = secrets.and_then(|secrets| {
                live::watch(
                    &path,
                    secrets.as_ref(),
                    &clock,
                    &cancel,
                    &mut |event| match event {
                        live::WatchEvent::Collected(report) => emit_report(&app, report),
                        live::WatchEvent::Alert(alert) => emit_alert(&app, alert),
                        live::WatchEvent::Delivered(sent) => {
                            if let Err(e) = &sent.outcome {
                                eprintln!(
                                    "townhall: sending an alert to {}: {e}",
                                    sent.channel.label()
                                );
                            }
                        }
                        live::WatchEvent::Brief(brief) => notify_brief(&app, brief),
                        live::WatchEvent::Busy => {
                            eprintln!("townhall: the workspace is in use; collecting again soon")
                        }
                    },
                )
            });
            if let Err(e) = watched {
                eprintln!("townhall: watching the sources: {e}");
                clock.sleep_until(clock.now() + RETRY_SECS, &cancel);
            }
        }
    });
}
