//! Background import jobs: each runs on a blocking thread with its own connection, so the window
//! stays responsive and the dashboard keeps reading while the import writes. Progress and results
//! are events on the `import` channel; cancelling rolls the current file back.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

use chrono::Utc;
use tauri::{AppHandle, Emitter, Manager, State};
use townhall::wire::{CsvMap, ErrorPayload, ImportEvent};
use townhall::workspace::importing::{self, ImportRequest, ImportStep};

use crate::commands::{wire, CmdResult};
use crate::state::AppState;

static NEXT_JOB: AtomicU32 = AtomicU32::new(1);

/// Starts importing `paths` in the background, with the confirmed column mappings of CSV files;
/// returns the job id at once.
#[tauri::command]
pub fn start_import(
    app: AppHandle,
    state: State<'_, AppState>,
    paths: Vec<String>,
    maps: Option<Vec<CsvMap>>,
) -> CmdResult<u32> {
    if paths.is_empty() {
        return Err(wire(townhall::Error::InvalidInput(
            "no files to import".into(),
        )));
    }
    let job = NEXT_JOB.fetch_add(1, Ordering::Relaxed);
    let cancel = Arc::new(AtomicBool::new(false));
    state
        .jobs
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(job, cancel.clone());
    let db = state.path()?;
    let request = ImportRequest {
        files: paths.iter().map(PathBuf::from).collect(),
        file_maps: maps
            .unwrap_or_default()
            .into_iter()
            .map(|m| (PathBuf::from(m.path), m.map))
            .collect(),
        ..ImportRequest::default()
    };
    tauri::async_runtime::spawn_blocking(move || {
        run(&app, job, &db, &request, &cancel);
        let state = app.state::<AppState>();
        state
            .jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&job);
    });
    Ok(job)
}

/// Asks a running job to stop; the file being imported is rolled back.
#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>, job: u32) -> CmdResult<bool> {
    let jobs = state.jobs.lock().unwrap_or_else(|p| p.into_inner());
    Ok(jobs
        .get(&job)
        .map(|flag| flag.store(true, Ordering::Relaxed))
        .is_some())
}

fn run(
    app: &AppHandle,
    job: u32,
    db: &std::path::Path,
    request: &ImportRequest,
    cancel: &AtomicBool,
) {
    let emit = |event: ImportEvent| {
        let _ = app.emit("import", event);
    };
    let name = |p: &std::path::Path| p.display().to_string();
    emit(ImportEvent::Started {
        job,
        files: request.files.iter().map(|f| name(f)).collect(),
    });
    let on_step = |step: ImportStep<'_>| {
        emit(match step {
            ImportStep::Waiting { index, file } => ImportEvent::Waiting {
                job,
                file: name(file),
                index: index as u32,
            },
            ImportStep::Progress {
                index,
                file,
                progress,
                pace,
            } => ImportEvent::Progress {
                job,
                file: name(file),
                index: index as u32,
                progress,
                pace,
            },
            ImportStep::Done { report, .. } => ImportEvent::FileDone {
                job,
                report: report.clone(),
                unreadable: report.unreadable(),
            },
            ImportStep::Failed { file, error, .. } => ImportEvent::FileFailed {
                job,
                file: name(file),
                error: ErrorPayload::from(error),
            },
        })
    };
    let mut store = match townhall::store::Store::open(db) {
        Ok(store) => store,
        Err(e) => {
            for file in &request.files {
                emit(ImportEvent::FileFailed {
                    job,
                    file: name(file),
                    error: ErrorPayload::from(&e),
                });
            }
            emit(ImportEvent::Finished {
                job,
                cancelled: false,
            });
            return;
        }
    };
    let cancelled = match importing::import(&mut store, request, Some(cancel), &on_step, Utc::now())
    {
        Ok(run) => {
            crate::notify::in_background(app, "Import finished", &run.sentence());
            run.cancelled
        }
        // Every file was reported; only the retention pass after them failed.
        Err(e) => {
            eprintln!("townhall: applying the retention period: {e}");
            false
        }
    };
    emit(ImportEvent::Finished { job, cancelled });
}
