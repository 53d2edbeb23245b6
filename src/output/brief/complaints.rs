//! What people report and how the organisation answered, as the briefing shows it: the most
//! reported problems as a ranked bar list, the official response in a few lines, and the
//! official posts on the timeline. Text only; the numbers are the engine's.

use serde::Serialize;

use super::data::{clean, fmt_int, Row};
use super::{BriefOptions, Gathered, Pseudonyms};
use crate::analytics::problems::ProblemReport;
use crate::analytics::response::Response;

/// One bar of the most reported problems.
#[derive(Debug, Serialize)]
pub(super) struct ProblemBar {
    /// "Down or unavailable".
    label: String,
    /// "outage".
    name: String,
    mentions: String,
    share: String,
    change: String,
    /// The bar's length, as a fraction of the longest.
    fraction: f64,
}

/// The categories with mentions, most mentioned first.
pub(super) fn problem_bars(r: &ProblemReport) -> Vec<ProblemBar> {
    let longest = r.problems.first().map_or(0, |p| p.mentions).max(1) as f64;
    r.problems
        .iter()
        .filter(|p| p.mentions > 0)
        .map(|p| ProblemBar {
            label: p.label.to_string(),
            name: p.problem.as_str().to_string(),
            mentions: fmt_int(p.mentions as f64),
            share: format!("{:.0}%", p.share * 100.0),
            change: p.change.narrow(),
            fraction: p.mentions as f64 / longest,
        })
        .collect()
}

/// The note under the bars: what the shares are of.
pub(super) fn problems_note(r: &ProblemReport) -> String {
    format!(
        "{} of the {} mentions report a problem in one of the categories; a post may report several, so shares can add up to more than 100%. Change is against the previous period ({} – {}).",
        fmt_int(r.categorised as f64),
        fmt_int(r.mentions as f64),
        super::data::period_end(&r.previous_period, true),
        super::data::period_end(&r.previous_period, false),
    )
}

/// The response section's lines: the engine's own words ([`Response::lines`]), cleaned for the
/// page.
pub(super) fn response_lines(r: &Response, opts: &BriefOptions) -> Vec<String> {
    r.lines(&opts.speaker())
        .iter()
        .map(|line| clean(line, 600))
        .collect()
}

/// Official posts on the topic as timeline rows, and the replies in complaint threads as one row.
pub(super) fn timeline_rows(g: &Gathered, people: &mut Pseudonyms) -> Vec<(i64, Row)> {
    let r = &g.response;
    let local = |t: i64| r.period.local_words(t, "%b");
    let mut rows: Vec<(i64, Row)> = r
        .official
        .iter()
        .filter(|o| !o.reply)
        .map(|o| {
            (
                o.created_at,
                Row(vec![
                    local(o.created_at),
                    format!("Official post, @{}", clean(&o.handle, 30)),
                    people.answer(&clean(&o.text, 220), g.answered.get(&o.id)),
                ]),
            )
        })
        .collect();
    let replies: Vec<_> = r.official.iter().filter(|o| o.reply).collect();
    if let (Some(first), Some(last)) = (replies.first(), replies.last()) {
        let n = replies.len();
        rows.push((
            first.created_at,
            Row(vec![
                local(first.created_at),
                "Official replies".into(),
                format!(
                    "{} {} in complaint threads, the last on {}",
                    fmt_int(n as f64),
                    if n == 1 { "reply" } else { "replies" },
                    local(last.created_at)
                ),
            ]),
        ));
    }
    rows
}
