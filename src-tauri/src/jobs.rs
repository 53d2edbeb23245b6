//! Background import jobs: each runs on a blocking thread with its own connection, so the window
//! stays responsive and the dashboard keeps reading while the import writes. Progress and results
//! are events on the `import` channel; cancelling rolls the current file back.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

use tauri::{AppHandle, Emitter, Manager, State};
use townhall::import::{self, ImportOptions};
use townhall::store::Store;
use townhall::wire::{CsvMap, ErrorPayload, ImportEvent};

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
    let db = state.path.clone();
    tauri::async_runtime::spawn_blocking(move || {
        run(&app, job, &db, &paths, &maps.unwrap_or_default(), &cancel);
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
    paths: &[String],
    maps: &[CsvMap],
    cancel: &AtomicBool,
) {
    let emit = |event: ImportEvent| {
        let _ = app.emit("import", event);
    };
    emit(ImportEvent::Started {
        job,
        files: paths.to_vec(),
    });
    let mut store = match Store::open(db) {
        Ok(s) => s,
        Err(e) => {
            for file in paths {
                emit(ImportEvent::FileFailed {
                    job,
                    file: file.clone(),
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
    for (index, file) in paths.iter().enumerate() {
        let progress = |progress| {
            emit(ImportEvent::Progress {
                job,
                file: file.clone(),
                index: index as u32,
                progress,
            });
        };
        let opts = ImportOptions {
            format: None,
            progress: Some(&progress),
            cancel: Some(cancel),
        };
        let map = maps
            .iter()
            .find(|m| &m.path == file)
            .map_or(&[][..], |m| &m.map[..]);
        match import::import_file_with_map(&mut store, std::path::Path::new(file), &opts, map) {
            Ok(report) => emit(ImportEvent::FileDone { job, report }),
            Err(townhall::Error::Cancelled) => {
                emit(ImportEvent::Finished {
                    job,
                    cancelled: true,
                });
                return;
            }
            Err(e) => emit(ImportEvent::FileFailed {
                job,
                file: file.clone(),
                error: ErrorPayload::from(&e),
            }),
        }
    }
    // Posts older than the workspace's retention period are not kept, imported or not.
    if let Err(e) =
        townhall::store::retention::apply(store.conn_mut(), chrono::Utc::now().timestamp())
    {
        eprintln!("townhall: applying the retention period: {e}");
    }
    emit(ImportEvent::Finished {
        job,
        cancelled: false,
    });
}
