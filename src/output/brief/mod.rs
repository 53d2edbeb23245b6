//! The briefing PDF: typst used as a library over a sandboxed in-memory world.
//!
//! Invariant: data reaches the template only as JSON (`/data.json`), which the template reads
//! with `json(...)`. Post text is therefore never parsed as typst markup: `#panic("x")` or
//! `*bold*` in a post prints literally. Control and bidi-override characters are removed first.
//!
//! Module map: [`facts`](gather) gathers the numbers, `story` writes the status and summary from
//! them, `data` formats everything the template reads (`complaints` the most reported problems
//! and the official response, `themes` the themes and copies), `privacy` pseudonymises, `export` writes
//! the companion files, `typeset` lays it out with
//! typst in `world`, its sandbox. Without the `typeset` feature (on by default; the fuzz targets
//! turn it off to build in minutes rather than most of an hour) `render` and `preview` refuse.

mod complaints;
mod data;
mod export;
mod facts;
mod options;
mod privacy;
mod story;
mod themes;
#[cfg(feature = "typeset")]
mod typeset;
#[cfg(not(feature = "typeset"))]
mod untypeset;
#[cfg(feature = "typeset")]
mod world;

pub use data::{clean, fmt_int};
pub use export::neutralise;
pub use facts::{gather, gather_from, Coverage, Gathered};
pub use options::{BriefOptions, Logo, DEFAULT_ORGANISATION, SECTIONS};
pub use privacy::Pseudonyms;
pub use story::{situation, summary, Situation};
#[cfg(feature = "typeset")]
pub use typeset::{preview, render};
#[cfg(not(feature = "typeset"))]
pub use untypeset::{preview, render};

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes the briefing PDF to `out` and, when `companions`, its companion files beside it (the
/// charts as SVG and PNG, the series and top posts as CSV and JSON), all under the same privacy
/// choice: a person shown as "Person 3" in the PDF is "Person 3" in every companion file.
/// Returns the companions' paths.
pub fn write(
    g: &Gathered,
    opts: &BriefOptions,
    out: &Path,
    companions: bool,
) -> Result<Vec<PathBuf>> {
    let pdf = render(g, opts)?;
    std::fs::write(out, pdf).map_err(|e| Error::io(out, e))?;
    if !companions {
        return Ok(Vec::new());
    }
    let (_, mut people) = data::brief_data(g, opts);
    export::write_companions(out, g, &mut people)
}

/// The virtual path of the logo: fixed per format, because typst never frees file ids.
fn logo_path(extension: &str) -> &'static str {
    match extension {
        "svg" => "/logo.svg",
        "jpg" | "jpeg" => "/logo.jpg",
        _ => "/logo.png",
    }
}
