//! The request and response types that cross from the app's backend to its UI, declared once
//! here and generated to TypeScript (`ui/src/backend/bindings.ts`). A test fails when the
//! committed file differs from what these declarations generate.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::analytics::Overview;
use crate::error::{Error, ErrorCode};
use crate::import::{ImportRecord, ImportReport, Progress};
use crate::topics::Topic;

/// Every error crosses IPC as `{code, message}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
}

impl From<&Error> for ErrorPayload {
    fn from(e: &Error) -> ErrorPayload {
        ErrorPayload {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

/// What the window shows about the open workspace.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct WorkspaceInfo {
    /// As the title bar shows it: "Sample workspace", "My workspace", or the file's name.
    pub name: String,
    /// Whether it holds the sample scenario rather than the user's own data.
    pub sample: bool,
    pub path: String,
    pub posts: i64,
    pub topics: Vec<Topic>,
    pub imports: Vec<ImportRecord>,
    pub timezone: String,
}

/// A topic's dashboard: the numbers and the chart drawn from them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Dashboard {
    pub overview: Overview,
    /// Baseline band, spikes and incidents drawn over the series.
    pub overlays: crate::output::timeline::Overlays,
    /// The exposure chart, an SVG document drawn by the engine.
    pub chart_svg: String,
    /// Where the chart's days are, to turn a click on it into a day.
    pub chart_plot: crate::output::chart::ChartPlot,
    /// How many incidents of the workspace are on no topic (imported without one, or left by
    /// a removed one): the window offers to link them to this topic.
    pub unlinked_incidents: u32,
}

/// Which topic and period to show: dates are `YYYY-MM-DD`, empty or missing for the default
/// period (see [`crate::analytics::default_period`]); or `hours`, a rolling window of whole hours
/// up to `until` (unix seconds; now when missing), which the dates then must not name. The zone
/// is the workspace's unless named.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
pub struct DashboardRequest {
    pub topic: String,
    pub from: Option<String>,
    pub to: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub hours: Option<u32>,
    #[serde(default)]
    #[ts(optional)]
    pub until: Option<i64>,
    #[serde(default)]
    #[ts(optional)]
    pub tz: Option<String>,
}

/// An incident entered by hand: times are local to the workspace's zone (`2026-09-01T08:40`).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
pub struct NewIncidentRequest {
    pub topic: String,
    pub title: String,
    pub number: Option<String>,
    pub opened: String,
    pub resolved: Option<String>,
}

/// The columns the user confirmed for one CSV file: `(field, column)` pairs, several columns
/// joined with `+`, an empty column to leave a field out.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
pub struct CsvMap {
    pub path: String,
    pub map: Vec<(String, String)>,
}

/// What the user chose in the briefing builder.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
pub struct BriefChoices {
    /// Sections to include, from `brief::SECTIONS`; empty means all.
    pub sections: Vec<String>,
    /// Name private persons instead of pseudonymising them.
    pub names: bool,
    /// Write only the PDF, not the chart, series and top posts beside it.
    #[serde(default)]
    pub pdf_only: bool,
}

/// A source as the Sources form describes it (see [`crate::collect::NewSource`]). Empty
/// strings are sent as `null`; the engine checks the rest.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
pub struct NewSourceRequest {
    pub name: String,
    pub kind: Option<crate::collect::SourceKind>,
    pub url: Option<String>,
    pub query: Option<String>,
    pub target: Option<String>,
    pub interval_secs: Option<i64>,
    pub credential: Option<CredentialRequest>,
}

/// A source's login (`id`: Bluesky handle, Reddit client id) and secret. Its `Debug` form
/// hides the secret.
#[derive(Clone, PartialEq, Deserialize, TS)]
pub struct CredentialRequest {
    pub id: Option<String>,
    pub secret: String,
}

impl std::fmt::Debug for CredentialRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialRequest")
            .field("id", &self.id)
            .field("secret", &"[hidden]")
            .finish()
    }
}

impl From<NewSourceRequest> for crate::collect::NewSource {
    fn from(r: NewSourceRequest) -> crate::collect::NewSource {
        crate::collect::NewSource {
            name: r.name,
            kind: r.kind,
            url: r.url,
            query: r.query,
            target: r.target,
            interval_secs: r.interval_secs,
            credential: r.credential.map(|c| crate::collect::Credential {
                id: c.id,
                secret: c.secret,
            }),
        }
    }
}

/// Events of the background watch, sent on the `live` channel.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LiveEvent {
    /// A source ran (on schedule or "Collect now").
    Collected { report: crate::collect::RunReport },
    /// An alert was raised.
    Alert { alert: crate::alerts::Alert },
}

/// Events of a background import job, sent on the `import` channel.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ImportEvent {
    Started {
        job: u32,
        files: Vec<String>,
    },
    /// Another import holds the workspace; this file starts when it is done.
    Waiting {
        job: u32,
        file: String,
        index: u32,
    },
    Progress {
        job: u32,
        file: String,
        index: u32,
        progress: Progress,
        pace: crate::workspace::importing::Pace,
    },
    FileDone {
        job: u32,
        report: ImportReport,
        /// None of the file's records could be read ([`ImportReport::unreadable`]): the window
        /// shows the file as not imported.
        unreadable: bool,
    },
    FileFailed {
        job: u32,
        file: String,
        error: ErrorPayload,
    },
    Finished {
        job: u32,
        cancelled: bool,
    },
}

/// The TypeScript declarations of every wire type, as committed in the UI.
pub fn typescript() -> String {
    let cfg = ts_rs::Config::new().with_large_int("number");
    let decls = [
        ErrorCode::decl(&cfg),
        ErrorPayload::decl(&cfg),
        crate::model::Platform::decl(&cfg),
        crate::model::PostKind::decl(&cfg),
        crate::import::Format::decl(&cfg),
        crate::import::RecordError::decl(&cfg),
        ImportReport::decl(&cfg),
        Progress::decl(&cfg),
        crate::workspace::importing::Pace::decl(&cfg),
        ImportRecord::decl(&cfg),
        ImportEvent::decl(&cfg),
        Topic::decl(&cfg),
        crate::topics::QueryCheck::decl(&cfg),
        crate::analytics::Bucket::decl(&cfg),
        crate::analytics::TopBy::decl(&cfg),
        crate::analytics::PostFilter::decl(&cfg),
        crate::analytics::Totals::decl(&cfg),
        crate::analytics::SeriesPoint::decl(&cfg),
        crate::analytics::Kpi::decl(&cfg),
        crate::analytics::Change::decl(&cfg),
        crate::analytics::Trend::decl(&cfg),
        crate::store::posts::StoredPost::decl(&cfg),
        crate::analytics::Breakdown::decl(&cfg),
        crate::analytics::Voice::decl(&cfg),
        crate::analytics::ExposureRate::decl(&cfg),
        crate::analytics::PeriodWire::decl(&cfg),
        Overview::decl(&cfg),
        crate::incidents::Lags::decl(&cfg),
        crate::output::timeline::BandPoint::decl(&cfg),
        crate::output::timeline::SpikeMark::decl(&cfg),
        crate::output::timeline::IncidentMark::decl(&cfg),
        crate::output::timeline::OfficialMark::decl(&cfg),
        crate::output::timeline::Overlays::decl(&cfg),
        crate::output::chart::ChartPlot::decl(&cfg),
        Dashboard::decl(&cfg),
        DashboardRequest::decl(&cfg),
        BriefChoices::decl(&cfg),
        crate::store::settings::SettingValue::decl(&cfg),
        crate::import::csv_mapped::FieldChoice::decl(&cfg),
        crate::import::csv_mapped::CsvPreview::decl(&cfg),
        CsvMap::decl(&cfg),
        NewIncidentRequest::decl(&cfg),
        crate::incidents::IncidentSource::decl(&cfg),
        crate::incidents::IncidentImport::decl(&cfg),
        crate::analytics::drivers::RisingTerm::decl(&cfg),
        crate::analytics::copies::CopyGroup::decl(&cfg),
        crate::analytics::copies::Copies::decl(&cfg),
        crate::analytics::copies::CopyCount::decl(&cfg),
        crate::analytics::explain::SentimentSpan::decl(&cfg),
        crate::analytics::explain::WindowReport::decl(&cfg),
        WorkspaceInfo::decl(&cfg),
        crate::workspace::files::RecentWorkspace::decl(&cfg),
        crate::workspace::home::SpikeSummary::decl(&cfg),
        crate::workspace::editing::ImportRemoved::decl(&cfg),
        crate::workspace::views::PostsListing::decl(&cfg),
        crate::workspace::views::PostsPage::decl(&cfg),
        crate::workspace::incident_record::DroppedFiles::decl(&cfg),
        crate::incidents::compare::IncidentProfile::decl(&cfg),
        crate::incidents::compare::Comparison::decl(&cfg),
        crate::workspace::incident_record::IncidentComparison::decl(&cfg),
        crate::workspace::FieldError::decl(&cfg),
        crate::workspace::SettingsSaved::decl(&cfg),
        crate::workspace::RetentionPreview::decl(&cfg),
        crate::workspace::home::TopicCard::decl(&cfg),
        crate::collect::SourceKind::decl(&cfg),
        crate::collect::Source::decl(&cfg),
        crate::collect::Health::decl(&cfg),
        crate::collect::SourceStatus::decl(&cfg),
        crate::collect::RunReport::decl(&cfg),
        NewSourceRequest::decl(&cfg),
        CredentialRequest::decl(&cfg),
        crate::analytics::status::Grade::decl(&cfg),
        crate::analytics::status::Status::decl(&cfg),
        crate::alerts::AlertKind::decl(&cfg),
        crate::alerts::AlertPost::decl(&cfg),
        crate::alerts::Alert::decl(&cfg),
        crate::analytics::problems::Problem::decl(&cfg),
        crate::analytics::problems::ProblemCount::decl(&cfg),
        crate::analytics::problems::ProblemReport::decl(&cfg),
        crate::workspace::response::ResponseSummary::decl(&cfg),
        crate::workspace::themes::ExamplePost::decl(&cfg),
        crate::workspace::themes::ThemeView::decl(&cfg),
        crate::workspace::themes::CopiedText::decl(&cfg),
        crate::workspace::themes::ThemesReport::decl(&cfg),
        crate::alerts::rules::QuietHours::decl(&cfg),
        crate::alerts::rules::Rules::decl(&cfg),
        crate::alerts::schedule::Schedule::decl(&cfg),
        crate::alerts::deliver::Channel::decl(&cfg),
        crate::alerts::deliver::Security::decl(&cfg),
        crate::alerts::deliver::EmailSettings::decl(&cfg),
        crate::alerts::deliver::Delivery::decl(&cfg),
        crate::workspace::alerting::RulesChange::decl(&cfg),
        crate::workspace::alerting::ScheduleChange::decl(&cfg),
        crate::workspace::alerting::ScheduleView::decl(&cfg),
        crate::workspace::alerting::DeliveryChange::decl(&cfg),
        crate::workspace::alerting::DeliveryView::decl(&cfg),
        crate::workspace::alerting::AlertSettings::decl(&cfg),
        LiveEvent::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the engine's wire types (src/wire.rs). Do not edit: run\n\
         // `UPDATE_BINDINGS=1 cargo test -p townhall --test engine bindings` to regenerate.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
