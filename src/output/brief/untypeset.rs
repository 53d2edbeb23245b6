//! A build without typst (`--no-default-features`, as the fuzz targets build the engine):
//! everything but the briefing's typesetting works, and asking for a PDF says why it cannot.

use super::{BriefOptions, Gathered};
use crate::error::{Error, Result};

fn refused() -> Error {
    Error::Internal(
        "this build of Townhall cannot typeset briefs (built without the \"typeset\" feature)"
            .into(),
    )
}

/// Refuses: this build has no typesetter.
pub fn render(_: &Gathered, _: &BriefOptions) -> Result<Vec<u8>> {
    Err(refused())
}

/// Refuses: this build has no typesetter.
pub fn preview(_: &Gathered, _: &BriefOptions, _: f64) -> Result<Vec<Vec<u8>>> {
    Err(refused())
}
