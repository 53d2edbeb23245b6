//! A series as a CSV table, the same for `townhall series` and a briefing's `series.csv`: one row
//! per bucket, one column per measure, times as RFC 3339 (UTC, and local with its offset),
//! unknown values empty.

use std::io::Write;

use chrono_tz::Tz;

use crate::analytics::buckets::local_rfc3339;
use crate::analytics::SeriesPoint;
use crate::error::{Error, Result};
use crate::time;

const HEADER: &str = "date,start,end,mentions,unique_authors,engagement,potential_reach,\
reach_unknown_share,exposure,exposure_unknown_share,negative,negative_share,net_sentiment,\
baseline,velocity,share_of_voice,local";

/// Writes `series` (counted in `tz`) as CSV.
pub fn write_series_csv(out: &mut impl Write, series: &[SeriesPoint], tz: Tz) -> Result<()> {
    let io = |e| Error::io("series CSV", e);
    writeln!(out, "{HEADER}").map_err(io)?;
    let opt = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.4}"));
    for p in series {
        let t = &p.totals;
        writeln!(
            out,
            "{},{},{},{},{},{},{},{:.4},{:.0},{:.4},{},{:.4},{},{},{},{},{}",
            p.date,
            time::rfc3339(p.start),
            time::rfc3339(p.end),
            t.mentions,
            t.unique_authors,
            t.engagement,
            t.potential_reach,
            t.reach_unknown_share,
            t.exposure,
            t.exposure_unknown_share,
            t.negative,
            t.negative_share,
            opt(t.net_sentiment),
            p.baseline,
            opt(p.velocity),
            opt(p.share_of_voice),
            local_rfc3339(tz, p.start)
        )
        .map_err(io)?;
    }
    Ok(())
}
