//! `townhall incidents compare`: an incident beside its topic's earlier ones — the engine's
//! sentences and table — or one JSON object with each hourly curve.

use std::io::Write;

use townhall::incidents::compare::Comparison;

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
    for row in std::iter::once(&c.columns).chain(&c.rows) {
        writeln!(out, "{}", row.join("\t"))?;
    }
    Ok(())
}
