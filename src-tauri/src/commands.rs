//! Commands the UI invokes. Each is a few lines over the engine; errors cross as
//! `{code, message}` ([`ErrorPayload`]).

use chrono::Utc;
use tauri::State;
use townhall::analytics;
use townhall::store::settings;
use townhall::topics::matches::Selection;
use townhall::wire::{
    BriefChoices, Dashboard, DashboardRequest, ErrorPayload, NewIncidentRequest, QueryCheck,
    WorkspaceInfo,
};
use townhall::{brief, chart, import, time, timeline, topics};

use crate::state::AppState;

pub type CmdResult<T> = Result<T, ErrorPayload>;

pub fn wire(e: townhall::Error) -> ErrorPayload {
    ErrorPayload::from(&e)
}

#[tauri::command]
pub fn workspace_info(state: State<'_, AppState>) -> CmdResult<WorkspaceInfo> {
    let store = state.store();
    Ok(WorkspaceInfo {
        path: state.path.display().to_string(),
        posts: store.post_count().map_err(wire)?,
        topics: topics::list(&store).map_err(wire)?,
        imports: import::history(&store).map_err(wire)?,
        timezone: timezone(&store).map_err(wire)?.name().to_string(),
    })
}

/// The workspace's settings (branding, privacy, time zone) with their values.
#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> CmdResult<Vec<settings::SettingValue>> {
    settings::known_values(state.store().conn()).map_err(wire)
}

/// Checks and saves one setting; an empty value clears it.
#[tauri::command]
pub fn set_setting(state: State<'_, AppState>, key: String, value: String) -> CmdResult<()> {
    let mut store = state.store();
    settings::validate_and_set(store.conn(), &key, &value).map_err(wire)?;
    if key == settings::RETENTION_DAYS {
        // A shorter retention period applies at once, as the settings dialog says.
        townhall::store::retention::apply(store.conn_mut(), Utc::now().timestamp())
            .map_err(wire)?;
    }
    Ok(())
}

#[tauri::command]
pub fn dashboard(state: State<'_, AppState>, request: DashboardRequest) -> CmdResult<Dashboard> {
    let store = state.store();
    let overview = overview(&store, &request).map_err(wire)?;
    let overlays = timeline::overlays(&store, &overview).map_err(wire)?;
    let (chart_svg, chart_plot) =
        chart::exposure_chart(&overview.series, &overlays).map_err(wire)?;
    Ok(Dashboard {
        overview,
        overlays,
        chart_svg,
        chart_plot,
    })
}

#[tauri::command]
pub fn add_topic(
    state: State<'_, AppState>,
    name: String,
    query: String,
) -> CmdResult<townhall::topics::Topic> {
    let now = time::rfc3339(Utc::now().timestamp());
    topics::add(&state.store(), &name, &query, &now).map_err(wire)
}

/// What drove a window of the topic's timeline (unix seconds, `[start, end)`).
#[tauri::command]
pub fn explain_window(
    state: State<'_, AppState>,
    topic: String,
    start: i64,
    end: i64,
) -> CmdResult<townhall::explain::WindowReport> {
    let store = state.store();
    let topic = topics::get(&store, &topic).map_err(wire)?;
    townhall::explain::explain(&store, &topic, start, end).map_err(wire)
}

/// Imports an incident export (ServiceNow, Jira Service Management, PagerDuty), linking its
/// incidents to the topic.
#[tauri::command]
pub fn import_incidents(
    state: State<'_, AppState>,
    topic: String,
    path: String,
) -> CmdResult<townhall::incidents::IncidentImport> {
    let store = state.store();
    let topic = topics::get(&store, &topic).map_err(wire)?;
    let tz = timezone(&store).map_err(wire)?;
    townhall::incidents::import_csv(&store, std::path::Path::new(&path), Some(&topic), tz)
        .map_err(wire)
}

/// Records an incident entered by hand, linked to the topic.
#[tauri::command]
pub fn add_incident(state: State<'_, AppState>, incident: NewIncidentRequest) -> CmdResult<i64> {
    let store = state.store();
    let topic = topics::get(&store, &incident.topic).map_err(wire)?;
    let tz = timezone(&store).map_err(wire)?;
    let at = |label: &str, text: &str| {
        townhall::incidents::parse_time(text.trim(), tz).ok_or_else(|| {
            wire(townhall::Error::InvalidInput(format!(
                "the {label} time {text:?} is not a date and time"
            )))
        })
    };
    let title = incident.title.trim();
    if title.is_empty() {
        return Err(wire(townhall::Error::InvalidInput(
            "the incident needs a title".into(),
        )));
    }
    let new = townhall::incidents::NewIncident {
        source: "manual".into(),
        number: incident.number.filter(|n| !n.trim().is_empty()),
        title: title.into(),
        priority: None,
        opened_at: at("opening", &incident.opened)?,
        resolved_at: match incident
            .resolved
            .as_deref()
            .filter(|r| !r.trim().is_empty())
        {
            Some(r) => Some(at("resolution", r)?),
            None => None,
        },
    };
    townhall::incidents::add(&store, &new, Some(&topic)).map_err(wire)
}

/// The posts behind the dashboard's numbers: the topic's posts in the period, ranked.
#[tauri::command]
pub fn period_posts(
    state: State<'_, AppState>,
    request: DashboardRequest,
    filter: Option<analytics::PostFilter>,
    sort: analytics::TopBy,
    limit: usize,
) -> CmdResult<Vec<townhall::store::posts::StoredPost>> {
    let store = state.store();
    let (topic, period) = topic_and_period(&store, &request).map_err(wire)?;
    let selection = Selection::of(&store, &topic).map_err(wire)?;
    analytics::filtered_posts(
        &store,
        &selection,
        period.bounds(),
        filter.unwrap_or_default(),
        sort,
        Some(limit.min(500)),
    )
    .map_err(wire)
}

/// The column mapping to confirm for a generic CSV file; `None` for any other file (its format
/// needs no mapping).
#[tauri::command]
pub fn csv_preview(
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<Option<townhall::import::csv_mapped::CsvPreview>> {
    let path = std::path::Path::new(&path);
    match import::detect(path) {
        Ok(import::Format::Csv) => {
            let store = state.store();
            import::csv_mapped::preview(store.conn(), path)
                .map(Some)
                .map_err(wire)
        }
        // Other formats, and files the import will refuse with its own reason.
        _ => Ok(None),
    }
}

/// How many posts a query matches, or where it is wrong: the topic form's live preview.
#[tauri::command]
pub fn check_query(state: State<'_, AppState>, query: String) -> CmdResult<QueryCheck> {
    topics::check(&state.store(), &query).map_err(wire)
}

/// Writes the briefing of the dashboard's topic and period to `path`.
#[tauri::command]
pub async fn export_brief(
    state: State<'_, AppState>,
    request: DashboardRequest,
    choices: BriefChoices,
    path: String,
) -> CmdResult<String> {
    let (gathered, opts) = brief_inputs(&state, &request, &choices).map_err(wire)?;
    let out = std::path::PathBuf::from(&path);
    let pdf = tauri::async_runtime::spawn_blocking(move || {
        let pdf = brief::render(&gathered, &opts)?;
        brief::write_companions(&out, &gathered.overview, &gathered.overlays)?;
        Ok::<_, townhall::Error>(pdf)
    })
    .await
    .map_err(|e| wire(townhall::Error::Internal(e.to_string())))?
    .map_err(wire)?;
    std::fs::write(&path, pdf).map_err(|e| wire(townhall::Error::io(&path, e)))?;
    Ok(path)
}

/// Pixels per point of the preview pages: an A4 page is 893 pixels wide, sharp at the size
/// the builder shows it on a high-density screen.
const PREVIEW_SCALE: f64 = 1.5;

/// The briefing's pages as PNG data URLs, typeset exactly as the export would be: the brief
/// builder's live preview.
#[tauri::command]
pub async fn preview_brief(
    state: State<'_, AppState>,
    request: DashboardRequest,
    choices: BriefChoices,
) -> CmdResult<Vec<String>> {
    use base64::Engine;
    let (gathered, opts) = brief_inputs(&state, &request, &choices).map_err(wire)?;
    let pages = tauri::async_runtime::spawn_blocking(move || {
        brief::preview(&gathered, &opts, PREVIEW_SCALE)
    })
    .await
    .map_err(|e| wire(townhall::Error::Internal(e.to_string())))?
    .map_err(wire)?;
    Ok(pages
        .iter()
        .map(|png| {
            format!(
                "data:image/png;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(png)
            )
        })
        .collect())
}

/// What a briefing is made from: the gathered numbers and the options (the workspace's
/// settings with the builder's choices).
fn brief_inputs(
    state: &State<'_, AppState>,
    request: &DashboardRequest,
    choices: &BriefChoices,
) -> townhall::Result<(brief::Gathered, brief::BriefOptions)> {
    let store = state.store();
    let mut opts = brief::BriefOptions::from_settings(store.conn(), Utc::now())?;
    if !choices.sections.is_empty() {
        opts = opts.with_sections(&choices.sections.join(","))?;
    }
    opts.names |= choices.names;
    let overview = overview(&store, request)?;
    Ok((brief::gather(&store, overview)?, opts))
}

fn timezone(store: &townhall::store::Store) -> townhall::Result<chrono_tz::Tz> {
    let name = settings::get(store.conn(), settings::TIMEZONE)?.unwrap_or_else(|| "UTC".into());
    time::parse_tz(&name)
}

/// The topic and period a dashboard request names (empty dates: the default period).
fn topic_and_period(
    store: &townhall::store::Store,
    request: &DashboardRequest,
) -> townhall::Result<(townhall::topics::Topic, analytics::Period)> {
    let topic = topics::get(store, &request.topic)?;
    let tz = timezone(store)?;
    let date = |s: &Option<String>| {
        s.as_deref()
            .filter(|s| !s.is_empty())
            .map(time::parse_date)
            .transpose()
    };
    let today = Utc::now().with_timezone(&tz).date_naive();
    let period = analytics::default_period(
        store,
        &topic,
        date(&request.from)?,
        date(&request.to)?,
        tz,
        today,
    )?;
    Ok((topic, period))
}

fn overview(
    store: &townhall::store::Store,
    request: &DashboardRequest,
) -> townhall::Result<analytics::Overview> {
    let (topic, period) = topic_and_period(store, request)?;
    analytics::overview(store, &topic, &period)
}
