//! Typesetting the briefing with typst: the PDF and the builder's page previews.

use chrono::{Datelike, Timelike};
use typst::foundations::Datetime;
use typst_layout::PagedDocument;

use super::world::BriefWorld;
use super::{data, logo_path, BriefOptions, Gathered};
use crate::error::{Error, Result};
use crate::output::chart;

const TEMPLATE: &str = include_str!("template.typ");

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
