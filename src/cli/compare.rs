//! `townhall incidents compare`: an incident beside its topic's earlier ones — the engine's
//! sentences, then one row per incident — or one JSON object with each hourly curve.

use std::io::Write;

use townhall::analytics::fmt_int;
use townhall::incidents::compare::{Comparison, IncidentProfile};
use townhall::time::human_duration;

pub fn print(out: &mut impl Write, c: &Comparison, json: bool) -> anyhow::Result<()> {
    if json {
        writeln!(out, "{}", serde_json::to_string(c)?)?;
        return Ok(());
    }
    writeln!(out, "{} ({})", c.topic, c.tz)?;
    for line in &c.lines {
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "incident\topened (UTC)\tpeak/h\tpeak after\tpeople\tnegative\tfirst complaint\tback to normal"
    )?;
    for p in std::iter::once(&c.incident).chain(&c.earlier) {
        writeln!(out, "{}", row(p))?;
    }
    Ok(())
}

fn row(p: &IncidentProfile) -> String {
    let time = |v: Option<i64>| v.map_or_else(|| "–".to_string(), human_duration);
    let back = match (p.above_normal, p.back_to_normal_after) {
        (false, _) => "never above normal".to_string(),
        (true, t) => time(t),
    };
    format!(
        "{}\t{}\t{}\t{}\t{}\t{:.0}%\t{}\t{back}",
        p.label,
        townhall::time::rfc3339(p.opened_at),
        fmt_int(p.peak as f64),
        time(p.peak_after),
        fmt_int(p.people as f64),
        p.negative_share * 100.0,
        time(p.first_complaint_after),
    )
}
