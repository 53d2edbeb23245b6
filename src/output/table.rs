//! A series as a CSV table, the same for `townhall series` and a briefing's `series.csv`: one row
//! per bucket, one column per measure, times as RFC 3339 (UTC, and local with its offset),
//! unknown values empty.

use std::io::Write;

use chrono_tz::Tz;

use crate::analytics::buckets::local_rfc3339;
use crate::analytics::SeriesPoint;
use crate::error::{Error, Result};
use crate::time;

const HEADER: &str = "date,start,end,mentions,unique_authors,engagement,\
engagement_unknown_share,potential_reach,reach_unknown_share,exposure,exposure_unknown_share,negative,negative_share,net_sentiment,\
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
            "{},{},{},{},{},{},{:.4},{},{:.4},{:.0},{:.4},{},{:.4},{},{},{},{},{}",
            p.date,
            time::rfc3339(p.start),
            time::rfc3339(p.end),
            t.mentions,
            t.unique_authors,
            t.engagement,
            t.engagement_unknown_share,
            t.potential_reach,
            t.reach_unknown_share,
            // Rounded as every other output rounds it (half away from zero; `{:.0}` rounds half
            // to even), so that a day's views read the same here as in the overview.
            t.exposure.round(),
            t.exposure_unknown_share,
            t.negative,
            t.negative_share,
            opt(t.net_sentiment),
            opt(p.baseline),
            opt(p.velocity),
            opt(p.share_of_voice),
            local_rfc3339(tz, p.start)
        )
        .map_err(io)?;
    }
    Ok(())
}

/// The columns of a posts CSV, in order.
pub const POST_COLUMNS: &[&str] = &[
    "created_at",
    "platform",
    "author_handle",
    "author_name",
    "text",
    "url",
    "lang",
    "kind",
    "likes",
    "shares",
    "replies",
    "quotes",
    "views",
    "engagement",
    "sentiment",
];

/// Posts as CSV, one row each, every text cell neutralised so a spreadsheet never runs it as a
/// formula. Authors are written as given: pseudonymise them first where names are off.
pub fn write_posts_csv(
    out: &mut impl Write,
    posts: &[crate::store::posts::StoredPost],
) -> Result<()> {
    use crate::output::brief::neutralise;
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| Error::Internal(format!("writing CSV: {e}"));
    w.write_record(POST_COLUMNS).map_err(err)?;
    let text = |s: &Option<String>| s.as_deref().map(neutralise).unwrap_or_default();
    let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    for p in posts {
        w.write_record([
            p.created_at.clone(),
            p.platform.as_str().to_string(),
            text(&p.author_handle),
            text(&p.author_name),
            neutralise(&p.text),
            text(&p.url),
            text(&p.lang),
            p.kind.as_str().to_string(),
            num(p.likes),
            num(p.shares),
            num(p.replies),
            num(p.quotes),
            num(p.views),
            p.engagement.map_or(String::new(), |n| n.to_string()),
            p.sentiment.map(|s| format!("{s:.4}")).unwrap_or_default(),
        ])
        .map_err(err)?;
    }
    w.flush()
        .map_err(|e| Error::Internal(format!("writing CSV: {e}")))?;
    Ok(())
}
