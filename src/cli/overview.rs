//! `townhall overview`: a topic's headline figures over a period, as the dashboard's tiles show
//! them — each with its change against the previous period and its note (the mentions' copies,
//! the unknown follower counts) — and the peak day; or one JSON object.

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use townhall::analytics::{fmt_int, Overview};
use townhall::store::Store;
use townhall::wire::DashboardRequest;
use townhall::workspace::views;

pub fn run(
    store: &Store,
    request: DashboardRequest,
    json: bool,
    out: &mut impl Write,
    now: DateTime<Utc>,
) -> anyhow::Result<ExitCode> {
    let o = views::overview(store, &request, now)?;
    if json {
        let figures = serde_json::json!({
            "topic": o.topic.name,
            "period": o.period,
            "period_note": o.period_note,
            "kpis": o.kpis,
            "copies": o.copies,
            "peak": o.peak,
        });
        writeln!(out, "{figures}")?;
    } else {
        print(out, &o)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print(out: &mut impl Write, o: &Overview) -> anyhow::Result<()> {
    writeln!(
        out,
        "{}, {} ({}, {}){}",
        o.topic.name,
        o.period.span_text(),
        o.period.tz.name(),
        o.period.length(),
        o.period_note
            .as_deref()
            .map(|n| format!(": {n}"))
            .unwrap_or_default()
    )?;
    let width = o.kpis.iter().map(|k| k.label.len()).max().unwrap_or(0);
    for k in &o.kpis {
        let change = &k.change.said;
        if k.unknown {
            write!(out, "{:width$}  unknown", k.label)?;
        } else {
            write!(out, "{:width$}  {} ({change})", k.label, fmt_int(k.value))?;
        }
        match &k.note {
            Some(note) => writeln!(out, "; {note}")?,
            None => writeln!(out)?,
        }
    }
    if let Some(peak) = &o.peak {
        // A day's overview is counted by the hour: its peak is an hour.
        let when = match o.bucket {
            townhall::analytics::Bucket::Hour => {
                format!("in the hour from {}", o.period.local_minute(peak.start))
            }
            _ => format!("on {}", peak.date),
        };
        let mentions = townhall::analytics::counted(peak.totals.mentions, "mention", "mentions");
        writeln!(out, "peak: {mentions} {when}")?;
    }
    Ok(())
}
