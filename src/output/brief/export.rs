//! Files written beside a briefing: each chart as SVG and PNG, the series and the top posts as
//! CSV and JSON. CSV cells that a spreadsheet would run as a formula are neutralised.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Gathered, Pseudonyms};
use crate::error::{Error, Result};
use crate::output::chart;
use crate::store::posts::StoredPost;

/// Writes the companion files of `pdf` (`brief.pdf` → `brief.chart.svg`, `brief.series.csv`, …)
/// and returns their paths. Authors of the top posts are shown as `people` shows them.
pub(super) fn write_companions(
    pdf: &Path,
    g: &Gathered,
    people: &mut Pseudonyms,
) -> Result<Vec<PathBuf>> {
    let (overview, overlays) = (&g.overview, &g.overlays);
    let stem = pdf.with_extension("");
    let path = |suffix: &str| PathBuf::from(format!("{}.{suffix}", stem.display()));
    let mut written = Vec::new();
    let mut write = |p: PathBuf, bytes: Vec<u8>| -> Result<()> {
        std::fs::write(&p, bytes).map_err(|e| Error::io(&p, e))?;
        written.push(p);
        Ok(())
    };
    write(
        path("chart.svg"),
        chart::exposure_svg(&overview.series, overlays)?.into_bytes(),
    )?;
    write(
        path("chart.png"),
        chart::exposure_png(&overview.series, overlays, 2)?,
    )?;
    let series = serde_json::to_value(&overview.series).expect("series serialise");
    write(path("series.json"), pretty(&series))?;
    let mut csv = Vec::new();
    crate::output::table::write_series_csv(&mut csv, &overview.series, overview.period.tz)?;
    write(path("series.csv"), csv)?;
    let top: Vec<StoredPost> = super::data::listed_top_posts(overview)
        .map(|p| people.post(p))
        .collect();
    let posts = serde_json::to_value(&top).expect("posts serialise");
    write(path("top-posts.json"), pretty(&posts))?;
    write(
        path("top-posts.csv"),
        to_csv(&posts, &["created_at", "platform", "author_handle", "text"])?,
    )?;
    Ok(written)
}

fn pretty(v: &Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).expect("JSON values serialise");
    out.push(b'\n');
    out
}

/// A JSON array of flat objects as CSV: the `first` columns, then the rest in name order.
fn to_csv(rows: &Value, first: &[&str]) -> Result<Vec<u8>> {
    let rows = rows.as_array().map(Vec::as_slice).unwrap_or_default();
    let mut columns: Vec<String> = first.iter().map(|c| c.to_string()).collect();
    for row in rows {
        for key in row.as_object().into_iter().flat_map(|o| o.keys()) {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
    }
    columns[first.len()..].sort();
    let mut out = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::Internal(format!("writing CSV: {e}"));
    out.write_record(&columns).map_err(err)?;
    for row in rows {
        let cells = columns.iter().map(|c| match row.get(c) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => neutralise(s),
            Some(other) => other.to_string(),
        });
        out.write_record(cells).map_err(err)?;
    }
    out.into_inner()
        .map_err(|e| Error::Internal(format!("writing CSV: {e}")))
}

/// Makes a cell safe to open in a spreadsheet: text starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return would be run as a formula, so it is prefixed with an apostrophe.
///
/// Spreadsheets skip leading spaces and invisible direction marks before reading a formula, so
/// those are looked past: ` =1` and `\u{200E}=1` are neutralised too.
pub fn neutralise(cell: &str) -> String {
    let invisible = |c: char| {
        c == ' '
            || c == '\u{a0}'
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
    };
    match cell.trim_start_matches(invisible).chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for hostile in [
            "=HYPERLINK(\"http://x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "  =1+1",
            "\u{a0}@SUM(A1)",
            "\u{200E}=HYPERLINK(\"http://x\")",
            "\u{202E} \u{2066}-1",
            "\u{FEFF}+1",
        ] {
            assert_eq!(neutralise(hostile), format!("'{hostile}"));
        }
        assert_eq!(neutralise("plain text"), "plain text");
        assert_eq!(neutralise("  spaced text"), "  spaced text");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn csv_columns_start_with_the_named_ones() {
        let rows = serde_json::json!([{"b": 1, "date": "2026-09-01", "a": "=cmd"}]);
        let csv = String::from_utf8(to_csv(&rows, &["date"]).unwrap()).unwrap();
        assert_eq!(csv, "date,a,b\n2026-09-01,'=cmd,1\n");
    }
}
