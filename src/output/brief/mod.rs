//! The briefing PDF: typst used as a library over a sandboxed in-memory world.
//!
//! Invariant: data reaches the template only as JSON (`/data.json`), which the template reads
//! with `json(...)`. Post text is therefore never parsed as typst markup: `#panic("x")` or
//! `*bold*` in a post prints literally. Control and bidi-override characters are removed first.
//!
//! Module map: [`facts`](gather) gathers the numbers, `story` writes the status and summary from
//! them, `data` formats everything the template reads (`complaints` the most reported problems
//! and the official response, `themes` the themes and copies), `privacy` pseudonymises, `export` writes
//! the companion files, `world` is typst's sandbox.

mod complaints;
mod data;
mod export;
mod facts;
mod options;
mod privacy;
mod story;
mod themes;
mod world;

pub use data::{clean, fmt_int};
pub use export::neutralise;
pub use facts::{gather, Coverage, Gathered};
pub use options::{BriefOptions, Logo, DEFAULT_ORGANISATION, SECTIONS};
pub use privacy::Pseudonyms;
pub use story::{situation, summary, Situation};

use std::path::{Path, PathBuf};

use chrono::{Datelike, Timelike};
use typst::foundations::Datetime;
use typst_layout::PagedDocument;

use crate::error::{Error, Result};
use crate::output::chart;
use world::BriefWorld;

const TEMPLATE: &str = include_str!("template.typ");

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

/// Renders the briefing as PDF bytes.
pub fn render(g: &Gathered, opts: &BriefOptions) -> Result<Vec<u8>> {
    let o = &g.overview;
    let t = opts.generated_at;
    let pdf = typeset(g, opts).and_then(|doc| {
        let timestamp = Datetime::from_ymd_hms(
            t.year(),
            t.month() as u8,
            t.day() as u8,
            t.hour() as u8,
            t.minute() as u8,
            t.second() as u8,
        )
        .map(typst_pdf::Timestamp::new_utc);
        let options = typst_pdf::PdfOptions {
            ident: typst::foundations::Smart::Custom(format!(
                "townhall/{}/{}/{}",
                o.topic.name, o.period.from, o.period.to
            )),
            creator: typst::foundations::Smart::Custom(Some("Townhall".into())),
            timestamp,
            ..Default::default()
        };
        typst_pdf::pdf(&doc, &options).map_err(typesetting_error)
    });
    // typst memoises across renders; without eviction memory grows with every export.
    typst::comemo::evict(10);
    pdf
}

/// Renders the briefing's pages as PNG images at `pixels_per_point` (A4 is 595 × 842 points):
/// the brief builder's live preview, typeset exactly as the PDF is.
pub fn preview(g: &Gathered, opts: &BriefOptions, pixels_per_point: f64) -> Result<Vec<Vec<u8>>> {
    let render = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(pixels_per_point.clamp(0.25, 4.0)),
        ..Default::default()
    };
    let pages = typeset(g, opts).and_then(|doc| {
        doc.pages()
            .iter()
            .map(|page| {
                typst_render::render(page, &render)
                    .encode_png()
                    .map_err(|e| Error::Internal(format!("encoding a preview page: {e}")))
            })
            .collect()
    });
    typst::comemo::evict(10);
    pages
}

/// Lays the briefing out into pages.
fn typeset(g: &Gathered, opts: &BriefOptions) -> Result<PagedDocument> {
    let o = &g.overview;
    let (data, _) = data::brief_data(g, opts);
    let mut files = vec![
        (
            "/data.json",
            serde_json::to_vec(&data).expect("brief data serialises"),
        ),
        (
            "/chart.svg",
            chart::exposure_svg(&o.series, &g.overlays)?.into_bytes(),
        ),
        (
            "/sentiment.svg",
            chart::sentiment_svg(&o.series)?.into_bytes(),
        ),
    ];
    if let Some(c) = &g.comparison {
        files.push((
            "/compare.svg",
            crate::output::aligned::compare_svg(c)?.into_bytes(),
        ));
    }
    if let Some(logo) = &opts.logo {
        files.push((logo_path(&logo.extension), logo.bytes.clone()));
    }
    let t = opts.generated_at;
    let today = Datetime::from_ymd(t.year(), t.month() as u8, t.day() as u8)
        .ok_or_else(|| Error::Internal("generated_at out of range".into()))?;
    let world = BriefWorld::new(TEMPLATE, files, today);
    typst::compile::<PagedDocument>(&world)
        .output
        .map_err(typesetting_error)
}

fn typesetting_error(diags: impl IntoIterator<Item = typst::diag::SourceDiagnostic>) -> Error {
    let messages: Vec<_> = diags.into_iter().map(|d| d.message.to_string()).collect();
    Error::Internal(format!("typesetting the briefing: {}", messages.join("; ")))
}

/// The virtual path of the logo: fixed per format, because typst never frees file ids.
fn logo_path(extension: &str) -> &'static str {
    match extension {
        "svg" => "/logo.svg",
        "jpg" | "jpeg" => "/logo.jpg",
        _ => "/logo.png",
    }
}
