//! Briefings: the workspace's settings with the builder's choices, the numbers gathered once,
//! then typeset to a PDF (with its companion files) or to preview pages.
//!
//! Gathering reads the store; typesetting does not, so the app gathers under its store lock and
//! typesets on a worker thread.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::analytics::status::Status;
use crate::analytics::Period;
use crate::error::Result;
use crate::output::brief::{self, BriefOptions, Gathered};
use crate::store::Store;
use crate::wire::{BriefChoices, DashboardRequest};

/// A briefing ready to typeset.
pub struct PreparedBrief {
    pub gathered: Gathered,
    pub options: BriefOptions,
    /// Whether the companion files are written beside the PDF.
    pub companions: bool,
}

/// What a written briefing holds, for the caller to report.
#[derive(Debug, Clone)]
pub struct WrittenBrief {
    pub path: PathBuf,
    pub companions: Vec<PathBuf>,
    pub topic: String,
    pub period: Period,
    pub mentions: u64,
    /// The topic's status when the brief was generated, as its header states it.
    pub status: Option<Status>,
    /// What it left out of the settings, to tell whoever wrote it (a logo gone missing).
    pub notes: Vec<String>,
}

/// Gathers the briefing of the request's topic and period with the workspace's branding and
/// privacy settings and the builder's `choices`; `generated_at` is printed on it.
pub fn prepare(
    store: &Store,
    request: &DashboardRequest,
    choices: &BriefChoices,
    generated_at: DateTime<Utc>,
) -> Result<PreparedBrief> {
    let mut options = BriefOptions::from_settings(store.conn(), generated_at)?;
    if !choices.sections.is_empty() {
        options = options.with_sections(&choices.sections.join(","))?;
    }
    options.names |= choices.names;
    // The brief tells what was known at its time: its period ("the last 24 hours", the
    // default one) ends then too.
    let read = super::views::overview_read(store, request, generated_at)?;
    let status = super::live::topic_status(store, &read.overview.topic, generated_at)?;
    let mut gathered = brief::gather_from(store, read)?;
    gathered.incidents_as_of(generated_at.timestamp());
    gathered.status = Some(status);
    Ok(PreparedBrief {
        gathered,
        options,
        companions: !choices.pdf_only,
    })
}

impl PreparedBrief {
    /// Writes the PDF to `out`, and its companion files beside it unless only the PDF was asked.
    pub fn write(&self, out: &Path) -> Result<WrittenBrief> {
        let companions = brief::write(&self.gathered, &self.options, out, self.companions)?;
        let o = &self.gathered.overview;
        Ok(WrittenBrief {
            path: out.to_path_buf(),
            companions,
            topic: o.topic.name.clone(),
            period: o.period,
            mentions: o.totals.mentions,
            status: self.gathered.status.clone(),
            notes: self.options.notes.clone(),
        })
    }

    /// The pages as PNG images, typeset exactly as the PDF is.
    pub fn preview(&self, pixels_per_point: f64) -> Result<Vec<Vec<u8>>> {
        brief::preview(&self.gathered, &self.options, pixels_per_point)
    }
}

/// Prepares and writes a briefing in one step: the command line's `brief`.
pub fn write(
    store: &Store,
    request: &DashboardRequest,
    choices: &BriefChoices,
    out: &Path,
    generated_at: DateTime<Utc>,
) -> Result<WrittenBrief> {
    prepare(store, request, choices, generated_at)?.write(out)
}
