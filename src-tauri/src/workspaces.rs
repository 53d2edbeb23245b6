//! Which workspace the window shows: the one to open on start, and the File menu's New, Open,
//! Open Recent and the sample. Each command calls one use case of
//! [`townhall::workspace::files`] on a blocking thread (the sample imports its scenario the
//! first time), then makes the result the open workspace: its watch starts, the previous one's
//! stops, it goes first in the recent list, and the title bar and the menu name it.

use std::path::{Path, PathBuf};

use chrono::Utc;
use tauri::{AppHandle, Manager, State};
use townhall::store::Store;
use townhall::wire::WorkspaceInfo;
use townhall::workspace::{self, files};

use crate::commands::{blocking, wire, CmdResult};
use crate::state::AppState;

/// The open workspace, or `None` before the user chose one (a first start). When the
/// workspace to open on start failed, the first call returns why.
#[tauri::command]
pub fn workspace_info(state: State<'_, AppState>) -> CmdResult<Option<WorkspaceInfo>> {
    if !state.is_open() {
        let failed = state
            .start_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        return failed.map_or(Ok(None), Err);
    }
    workspace::info(&*state.store()?).map(Some).map_err(wire)
}

/// The recently opened workspaces, the latest first.
#[tauri::command]
pub fn recent_workspaces() -> CmdResult<Vec<files::RecentWorkspace>> {
    Ok(files::recent(&files::config_dir().map_err(wire)?))
}

/// Opens the workspace file the user picked.
#[tauri::command]
pub async fn open_workspace(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<WorkspaceInfo> {
    let store = blocking(move || files::open_existing(path.as_ref(), Utc::now())).await?;
    activate(&app, &state, store)
}

/// Starts a new, empty workspace at `path`, in the system's time zone.
#[tauri::command]
pub async fn new_workspace(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<WorkspaceInfo> {
    let path = with_extension(PathBuf::from(path));
    let store =
        blocking(move || files::create(&path, &files::system_timezone(), Utc::now())).await?;
    activate(&app, &state, store)
}

/// "Start my workspace" on the welcome screen: the default workspace, created in the system's
/// time zone if it does not exist yet.
#[tauri::command]
pub async fn start_my_workspace(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<WorkspaceInfo> {
    let store = blocking(|| {
        let path = townhall::store::default_path()?;
        if path.exists() {
            files::open_existing(&path, Utc::now())
        } else {
            files::create(&path, &files::system_timezone(), Utc::now())
        }
    })
    .await?;
    activate(&app, &state, store)
}

/// Opens the sample workspace, writing the scenario into it the first time.
#[tauri::command]
pub async fn open_sample(app: AppHandle, state: State<'_, AppState>) -> CmdResult<WorkspaceInfo> {
    let store = blocking(|| files::open_sample(&files::sample_path()?, Utc::now())).await?;
    activate(&app, &state, store)
}

/// The workspace to open on start: the file named on the command line (`--sample` for the
/// sample), else `TOWNHALL_DB` (created if missing, for scripts and tests), else the last one
/// opened. `None` on a first start: the window then offers the sample or a new workspace.
pub fn on_start(args: &[String]) -> townhall::Result<Option<Store>> {
    let now = Utc::now();
    if args.iter().any(|a| a == "--sample") {
        return files::open_sample(&files::sample_path()?, now).map(Some);
    }
    if let Some(path) = args.iter().find(|a| !a.starts_with('-')) {
        return files::open_existing(Path::new(path), now).map(Some);
    }
    if let Some(path) = std::env::var_os("TOWNHALL_DB") {
        return workspace::open(Path::new(&path), now).map(Some);
    }
    match files::last_opened(&files::config_dir()?)? {
        Some(path) => files::open_existing(&path, now).map(Some),
        None => Ok(None),
    }
}

/// Makes `store` the open workspace: starts its watch, remembers it, names it in the title bar
/// and the Open Recent menu.
pub fn activate(app: &AppHandle, state: &AppState, store: Store) -> CmdResult<WorkspaceInfo> {
    let info = workspace::info(&store).map_err(wire)?;
    let (path, watch) = state.switch_to(store)?;
    crate::live::start_watch(app.clone(), path.clone(), watch);
    let config = files::config_dir().map_err(wire)?;
    if let Err(e) = files::remember(&config, &path) {
        eprintln!("townhall: remembering the recent workspace: {e}");
    }
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.set_title(&format!("{} — Townhall", info.name));
    }
    if let Err(e) = crate::menu::show_recent(app, &files::recent(&config)) {
        eprintln!("townhall: listing the recent workspaces in the menu: {e}");
    }
    Ok(info)
}

/// A new workspace's file ends in `.sqlite` unless the user gave an extension.
fn with_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension("sqlite")
    }
}
