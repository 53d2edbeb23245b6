//! Commands the UI invokes. Each parses nothing and decides nothing: it calls one use case of
//! [`townhall::workspace`] with the app's store and the current time. Errors cross as
//! `{code, message}` ([`ErrorPayload`]).

use std::path::PathBuf;

use chrono::Utc;
use tauri::{AppHandle, State};
use townhall::analytics::explain::WindowReport;
use townhall::analytics::problems::ProblemReport;
use townhall::import::csv_mapped::CsvPreview;
use townhall::incidents::IncidentImport;
use townhall::store::settings::SettingValue;
use townhall::topics::{QueryCheck, Topic};
use townhall::wire::{BriefChoices, Dashboard, DashboardRequest, ErrorPayload, NewIncidentRequest};
use townhall::workspace::response::{self, ResponseSummary};
use townhall::workspace::themes::{self, ThemesReport};
use townhall::workspace::views::{self, PostsListing, PostsPage};
use townhall::workspace::{self, briefing, importing, incident_record, problems};

use crate::state::AppState;

pub type CmdResult<T> = Result<T, ErrorPayload>;

pub fn wire(e: townhall::Error) -> ErrorPayload {
    ErrorPayload::from(&e)
}

/// A file the window asked to write, refused unless its name ends in `extension`. The window
/// adds the extension to what the save dialog returns; the check keeps a page that misbehaved
/// from writing over a file of another kind (a shell profile, an autostart entry).
fn file_to_write(path: String, extension: &str) -> CmdResult<PathBuf> {
    let path = PathBuf::from(path);
    let fits = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension));
    if fits {
        Ok(path)
    } else {
        Err(wire(townhall::Error::InvalidInput(format!(
            "{} is not a .{extension} file: choose a name ending in .{extension}",
            path.display()
        ))))
    }
}

/// Every topic's card for the home view, the most serious first.
#[tauri::command]
pub fn home(state: State<'_, AppState>) -> CmdResult<Vec<townhall::workspace::home::TopicCard>> {
    townhall::workspace::home::cards(&*state.store()?, Utc::now()).map_err(wire)
}

/// Writes every post of a listing to a CSV file (neutralised, pseudonymised as the briefs are);
/// returns how many.
#[tauri::command]
pub fn export_posts(
    state: State<'_, AppState>,
    request: DashboardRequest,
    listing: PostsListing,
    path: String,
) -> CmdResult<u64> {
    let path = file_to_write(path, "csv")?;
    views::export_posts(&*state.store()?, &request, listing, &path, Utc::now()).map_err(wire)
}

/// Sorts files dropped on the window: incident exports, and social data to import.
#[tauri::command]
pub fn sort_dropped(paths: Vec<String>) -> incident_record::DroppedFiles {
    incident_record::sort_dropped(&paths)
}

/// The workspace's settings (branding, privacy, time zone) with their values.
#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> CmdResult<Vec<SettingValue>> {
    townhall::store::settings::known_values(state.store()?.conn()).map_err(wire)
}

/// Checks and saves one setting (an empty value clears it), with its effect.
/// Saves the settings dialog all or nothing; refusals come back per field.
#[tauri::command]
pub fn set_settings(
    state: State<'_, AppState>,
    changes: Vec<(String, String)>,
) -> CmdResult<workspace::SettingsSaved> {
    workspace::set_settings(&mut *state.store()?, &changes, Utc::now()).map_err(wire)
}

/// What a retention period of `days` would delete now: asked before the settings are saved.
#[tauri::command]
pub fn retention_preview(
    state: State<'_, AppState>,
    days: String,
) -> CmdResult<workspace::RetentionPreview> {
    let days = townhall::store::retention::parse_days(&days).map_err(wire)?;
    workspace::retention_preview(&*state.store()?, Some(days), Utc::now()).map_err(wire)
}

#[tauri::command]
pub fn set_setting(state: State<'_, AppState>, key: String, value: String) -> CmdResult<()> {
    workspace::set_setting(&mut *state.store()?, &key, &value, Utc::now())
        .map(drop)
        .map_err(wire)
}

#[tauri::command]
pub fn dashboard(state: State<'_, AppState>, request: DashboardRequest) -> CmdResult<Dashboard> {
    views::dashboard(&*state.store()?, &request, Utc::now()).map_err(wire)
}

#[tauri::command]
pub fn add_topic(state: State<'_, AppState>, name: String, query: String) -> CmdResult<Topic> {
    workspace::add_topic(&*state.store()?, &name, &query, Utc::now()).map_err(wire)
}

/// How many posts a query matches, or where it is wrong: the topic form's live preview.
#[tauri::command]
pub fn check_query(state: State<'_, AppState>, query: String) -> CmdResult<QueryCheck> {
    workspace::check_query(&*state.store()?, &query).map_err(wire)
}

/// What drove a window of the topic's timeline (unix seconds, `[start, end)`).
#[tauri::command]
pub fn explain_window(
    state: State<'_, AppState>,
    topic: String,
    start: i64,
    end: i64,
) -> CmdResult<WindowReport> {
    views::explain_window(&*state.store()?, &topic, start, end).map_err(wire)
}

/// Imports an incident export, linking its incidents to the topic.
#[tauri::command]
pub fn import_incidents(
    state: State<'_, AppState>,
    topic: String,
    path: String,
) -> CmdResult<IncidentImport> {
    incident_record::import(&*state.store()?, path.as_ref(), Some(&topic), None).map_err(wire)
}

/// Records an incident entered by hand, linked to the topic.
#[tauri::command]
pub fn add_incident(state: State<'_, AppState>, incident: NewIncidentRequest) -> CmdResult<i64> {
    incident_record::add(&*state.store()?, &incident).map_err(wire)
}

/// An incident beside its topic's last three before it, aligned at their starts, with the chart.
#[tauri::command]
pub fn compare_incident(
    state: State<'_, AppState>,
    id: i64,
) -> CmdResult<incident_record::IncidentComparison> {
    incident_record::compare(&*state.store()?, id, None).map_err(wire)
}

/// The posts behind the dashboard's numbers: the topic's posts in the period, ranked, one page
/// at a time, optionally only those a search matches.
#[tauri::command]
pub fn period_posts(
    state: State<'_, AppState>,
    request: DashboardRequest,
    listing: PostsListing,
) -> CmdResult<PostsPage> {
    views::period_page(&*state.store()?, &request, listing, Utc::now()).map_err(wire)
}

/// Whether and how fast the organisation responded to the topic's complaints, in words.
#[tauri::command]
pub fn topic_response(
    state: State<'_, AppState>,
    request: DashboardRequest,
) -> CmdResult<ResponseSummary> {
    response::summary(&*state.store()?, &request, Utc::now()).map_err(wire)
}

/// The most reported problems of the topic in the period, most mentioned first.
#[tauri::command]
pub fn topic_problems(
    state: State<'_, AppState>,
    request: DashboardRequest,
) -> CmdResult<ProblemReport> {
    problems::report(&*state.store()?, &request, Utc::now()).map_err(wire)
}

/// What people are saying: the topic's themes in the period and its copied texts.
#[tauri::command]
pub fn topic_themes(
    state: State<'_, AppState>,
    request: DashboardRequest,
) -> CmdResult<ThemesReport> {
    themes::report(&*state.store()?, &request, Utc::now()).map_err(wire)
}

/// The column mapping to confirm for a generic CSV file; `None` for any other file.
#[tauri::command]
pub fn csv_preview(state: State<'_, AppState>, path: String) -> CmdResult<Option<CsvPreview>> {
    importing::csv_preview(&*state.store()?, path.as_ref()).map_err(wire)
}

/// Writes the briefing of the dashboard's topic and period to `path`.
#[tauri::command]
pub async fn export_brief(
    app: AppHandle,
    state: State<'_, AppState>,
    request: DashboardRequest,
    choices: BriefChoices,
    path: String,
) -> CmdResult<String> {
    let path = file_to_write(path, "pdf")?;
    let now = Utc::now();
    let prepared = briefing::prepare(&*state.store()?, &request, &choices, now).map_err(wire)?;
    let written = blocking(move || prepared.write(&path)).await?;
    crate::notify::in_background(
        &app,
        "Briefing saved",
        &format!("{}: {}", written.topic, written.path.display()),
    );
    state
        .exported
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert(written.path.clone());
    Ok(written.path.display().to_string())
}

/// Opens a briefing this window exported in the system's viewer. The window may open nothing
/// else: it holds no permission to open paths itself, so a page that misbehaved could not
/// have the system open an arbitrary file.
#[tauri::command]
pub fn open_briefing(app: AppHandle, state: State<'_, AppState>, path: String) -> CmdResult<()> {
    use tauri_plugin_opener::OpenerExt;
    let path = std::path::PathBuf::from(path);
    // A briefing is a PDF: a file of another kind would be run by its own handler.
    let pdf = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let exported = pdf
        && state
            .exported
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .contains(&path);
    if !exported {
        return Err(wire(townhall::Error::InvalidInput(
            "only a briefing exported from this window can be opened from it".into(),
        )));
    }
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            wire(townhall::Error::Internal(format!(
                "the system could not open {}: {e}",
                path.display()
            )))
        })
}

/// Pixels per point of the preview pages: an A4 page is 893 pixels wide, sharp at the size
/// the builder shows it on a high-density screen.
const PREVIEW_SCALE: f64 = 1.5;

/// The briefing's pages as PNG data URLs, typeset exactly as the export would be.
#[tauri::command]
pub async fn preview_brief(
    state: State<'_, AppState>,
    request: DashboardRequest,
    choices: BriefChoices,
) -> CmdResult<Vec<String>> {
    use base64::Engine;
    let now = Utc::now();
    let prepared = briefing::prepare(&*state.store()?, &request, &choices, now).map_err(wire)?;
    let pages = blocking(move || prepared.preview(PREVIEW_SCALE)).await?;
    let url = |png: &Vec<u8>| {
        let data = base64::engine::general_purpose::STANDARD.encode(png);
        format!("data:image/png;base64,{data}")
    };
    Ok(pages.iter().map(url).collect())
}

/// Runs typesetting off the async runtime's threads.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> townhall::Result<T> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| wire(townhall::Error::Internal(e.to_string())))?
        .map_err(wire)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_writes_only_files_of_the_kind_it_exports() {
        assert!(file_to_write("/tmp/Brief.PDF".into(), "pdf").is_ok());
        assert!(file_to_write("/tmp/posts.csv".into(), "csv").is_ok());
        for (path, extension) in [
            ("/home/me/.bashrc", "pdf"),
            ("/home/me/.config/autostart/x.desktop", "pdf"),
            ("/tmp/brief.pdf", "csv"),
            ("/tmp/brief", "pdf"),
        ] {
            let refused = file_to_write(path.into(), extension).unwrap_err();
            assert!(refused.message.contains(path), "{}", refused.message);
        }
    }
}
