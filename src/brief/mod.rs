//! The briefing PDF: typst used as a library over a sandboxed in-memory world.
//!
//! Invariant: data reaches the template only as JSON (`/data.json`), which the template reads
//! with `json(...)`. Post text is therefore never parsed as typst markup: `#panic("x")` or
//! `*bold*` in a post prints literally. Control and bidi-override characters are removed first.

mod export;
mod world;

pub use export::{neutralise, write_companions};

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::Serialize;
use typst::foundations::Datetime;
use typst_layout::PagedDocument;

use crate::analytics::{Kpi, Overview};
use crate::chart;
use crate::error::{Error, Result};
use crate::store::posts::StoredPost;
use crate::timeline::Overlays;
use world::BriefWorld;

const TEMPLATE: &str = include_str!("template.typ");

/// Settings of one briefing.
#[derive(Debug, Clone)]
pub struct BriefOptions {
    pub organisation: String,
    pub accent: String,
    pub confidentiality: String,
    /// The "generated at" instant; fixing it makes the PDF byte-for-byte reproducible.
    pub generated_at: DateTime<Utc>,
}

impl BriefOptions {
    pub fn new(generated_at: DateTime<Utc>) -> BriefOptions {
        BriefOptions {
            organisation: "Townhall".into(),
            accent: "#1f5fa8".into(),
            confidentiality: "Confidential — for internal briefing only".into(),
            generated_at,
        }
    }
}

/// What the template reads.
#[derive(Debug, Serialize)]
struct BriefData {
    title: String,
    organisation: String,
    accent: String,
    confidentiality: String,
    fonts: &'static [&'static str],
    topic: String,
    query: String,
    period: String,
    tz: String,
    generated: String,
    status: String,
    status_colour: &'static str,
    summary: Vec<String>,
    kpis: Vec<KpiTile>,
    top_posts: Vec<QuotedPost>,
    method: Vec<String>,
}

#[derive(Debug, Serialize)]
struct KpiTile {
    label: String,
    value: String,
    change: String,
    trend: &'static str,
    note: Option<String>,
}

#[derive(Debug, Serialize)]
struct QuotedPost {
    author: String,
    platform: String,
    time: String,
    engagement: String,
    text: String,
}

/// Renders the briefing of an overview as PDF bytes.
pub fn render(overview: &Overview, overlays: &Overlays, opts: &BriefOptions) -> Result<Vec<u8>> {
    let data = brief_data(overview, opts);
    let svg = chart::exposure_svg(&overview.series, overlays)?;
    let json = serde_json::to_vec(&data).expect("brief data serialises");
    let g = opts.generated_at;
    let today = Datetime::from_ymd(g.year(), g.month() as u8, g.day() as u8)
        .ok_or_else(|| Error::Internal("generated_at out of range".into()))?;
    let world = BriefWorld::new(
        TEMPLATE,
        vec![("/data.json", json), ("/chart.svg", svg.into_bytes())],
        today,
    );

    let result = typst::compile::<PagedDocument>(&world);
    let pdf = result
        .output
        .and_then(|doc| {
            let timestamp = Datetime::from_ymd_hms(
                g.year(),
                g.month() as u8,
                g.day() as u8,
                g.hour() as u8,
                g.minute() as u8,
                g.second() as u8,
            )
            .map(typst_pdf::Timestamp::new_utc);
            let options = typst_pdf::PdfOptions {
                ident: typst::foundations::Smart::Custom(format!(
                    "townhall/{}/{}/{}",
                    overview.topic.name, overview.from, overview.to
                )),
                creator: typst::foundations::Smart::Custom(Some("Townhall".into())),
                timestamp,
                ..Default::default()
            };
            typst_pdf::pdf(&doc, &options)
        })
        .map_err(|diags| {
            let messages: Vec<_> = diags.iter().map(|d| d.message.to_string()).collect();
            Error::Internal(format!("typesetting the briefing: {}", messages.join("; ")))
        });
    // typst memoises across renders; without eviction memory grows with every export.
    typst::comemo::evict(10);
    pdf
}

fn brief_data(o: &Overview, opts: &BriefOptions) -> BriefData {
    let (status, status_colour) = status(o);
    BriefData {
        title: format!("Exposure briefing: {}", o.topic.name),
        organisation: clean(&opts.organisation, 80),
        accent: opts.accent.clone(),
        confidentiality: clean(&opts.confidentiality, 120),
        fonts: crate::fonts::BRIEF_FAMILIES,
        topic: clean(&o.topic.name, 80),
        query: clean(&o.topic.query, 200),
        period: format!("{} – {}", long_date(&o.from), long_date(&o.to)),
        tz: o.tz.clone(),
        generated: opts.generated_at.format("%-d %B %Y, %H:%M UTC").to_string(),
        status: status.into(),
        status_colour,
        summary: summary(o),
        kpis: o.kpis.iter().map(tile).collect(),
        top_posts: o.top_posts.iter().map(|p| quote(p, o)).collect(),
        method: method(o),
    }
}

/// A one-word reading of where the topic stands at the end of the period.
fn status(o: &Overview) -> (&'static str, &'static str) {
    let Some(peak) = &o.peak else {
        return ("Quiet", "#067647");
    };
    let last = o.series.last().map_or(0, |p| p.totals.mentions);
    let recent_peak = o.series.iter().rev().take(2).any(|p| p.date == peak.date);
    let grew = o
        .kpis
        .first()
        .and_then(|k| k.change_pct)
        .is_none_or(|c| c > 50.0);
    if recent_peak && grew {
        ("Rising", "#b42318")
    } else if (last as f64) < 0.5 * peak.totals.mentions as f64 {
        ("Subsiding", "#b54708")
    } else {
        ("Elevated", "#b54708")
    }
}

/// Sentences built only from the numbers in the overview.
fn summary(o: &Overview) -> Vec<String> {
    let t = &o.totals;
    let mut out = vec![format!(
        "{} {} by {} {} mentioned {} between {} and {}.",
        fmt_int(t.mentions as f64),
        plural(t.mentions, "post", "posts"),
        fmt_int(t.unique_authors as f64),
        plural(t.unique_authors, "person", "people"),
        o.topic.name,
        long_date(&o.from),
        long_date(&o.to),
    )];
    match o.kpis.first().and_then(|k| k.change_pct) {
        Some(c) if c.abs() >= 1.0 => out.push(format!(
            "That is {} {:.0}% on the previous {} days ({}).",
            if c > 0.0 { "up" } else { "down" },
            c.abs(),
            o.series.len(),
            fmt_int(o.previous.mentions as f64)
        )),
        Some(_) => out.push(format!(
            "That is level with the previous {} days.",
            o.series.len()
        )),
        None => out.push("There were no mentions in the previous period to compare with.".into()),
    }
    if let Some(peak) = &o.peak {
        out.push(format!(
            "Mentions peaked on {} with {} posts.",
            long_date(&peak.date),
            fmt_int(peak.totals.mentions as f64)
        ));
    }
    out
}

fn tile(k: &Kpi) -> KpiTile {
    let (change, trend) = match k.change_pct {
        None if k.value > 0.0 => ("new this period".to_string(), "new"),
        None => ("no change".to_string(), "flat"),
        Some(c) if c.abs() < 0.5 => ("no change vs previous".to_string(), "flat"),
        Some(c) => (
            format!(
                "{}{:.0}% vs previous",
                if c > 0.0 { "▲ +" } else { "▼ −" },
                c.abs()
            ),
            if c > 0.0 { "up" } else { "down" },
        ),
    };
    KpiTile {
        label: k.label.clone(),
        value: chart::format_count(k.value),
        change,
        trend,
        note: k.note.clone(),
    }
}

fn quote(p: &StoredPost, o: &Overview) -> QuotedPost {
    let author = match (&p.author_handle, &p.author_name) {
        (Some(h), _) => format!("@{h}"),
        (None, Some(n)) => n.clone(),
        (None, None) => "Unknown author".into(),
    };
    let time = chrono::DateTime::parse_from_rfc3339(&p.created_at)
        .ok()
        .zip(o.tz.parse::<chrono_tz::Tz>().ok())
        .map(|(t, tz)| t.with_timezone(&tz).format("%-d %b, %H:%M").to_string())
        .unwrap_or_else(|| p.created_at.clone());
    QuotedPost {
        author: clean(&author, 60),
        platform: p.platform.label().into(),
        time,
        engagement: format!("{} engagements", fmt_int(p.engagement as f64)),
        text: clean(&p.text, 320),
    }
}

fn method(o: &Overview) -> Vec<String> {
    vec![
        format!("Topic query: {}. Posts are counted once per platform and post id.", clean(&o.topic.query, 200)),
        format!("Days are calendar days in {}; the previous period is the {} days before {}.", o.tz, o.series.len(), long_date(&o.from)),
        "Engagement = likes + shares + replies + quotes, as reported by each platform when the data was collected.".into(),
        "Potential reach = the sum of follower counts over the distinct people posting, each counted once with their largest known count; it is an upper bound on audience, not views.".into(),
    ]
}

/// Removes control and bidi-override characters and trims to `max` characters with an ellipsis.
pub fn clean(text: &str, max: usize) -> String {
    let kept: String = text
        .chars()
        .map(|c| {
            if c == '\n' || c == '\t' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect();
    let collapsed = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        collapsed
    } else {
        let cut: String = collapsed.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn long_date(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| d.format("%-d %B %Y").to_string())
        .unwrap_or_else(|_| iso.to_string())
}

fn plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// 12345 → "12,345".
pub fn fmt_int(v: f64) -> String {
    let s = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_removes_bidi_overrides_and_trims() {
        assert_eq!(clean("a\u{202E}b\u{0007}c", 10), "abc");
        assert_eq!(clean("one two three", 8), "one two…");
        assert_eq!(clean("👩‍🎓 ok", 10), "👩‍🎓 ok");
    }

    #[test]
    fn integers_get_thousands_separators() {
        assert_eq!(fmt_int(1234567.0), "1,234,567");
        assert_eq!(fmt_int(12.0), "12");
    }
}
