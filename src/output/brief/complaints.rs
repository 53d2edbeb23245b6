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
            share: crate::analytics::share_percent(p.share),
            change: p.change.narrow(),
            fraction: p.mentions as f64 / longest,
        })
        .collect()
}

/// The note under the bars: what the shares are of.
pub(super) fn problems_note(r: &ProblemReport) -> String {
    let counted = match (r.categorised, r.mentions) {
        (1, 1) => "The one mention reports a problem".to_string(),
        (0, 1) => "The one mention reports no problem".to_string(),
        (c, m) => format!(
            "{} of the {} mentions {} a problem",
            fmt_int(c as f64),
            fmt_int(m as f64),
            if c == 1 { "reports" } else { "report" }
        ),
    };
    let previous = match (
        super::data::period_end(&r.previous_period, true),
        super::data::period_end(&r.previous_period, false),
    ) {
        (from, to) if from == to => from,
        (from, to) => format!("{from} – {to}"),
    };
    format!(
        "{counted} in one of the categories; a post may report several, so shares can add up to \
         more than 100%. Change is against the previous period ({previous})."
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::Period;
    use crate::topics::Topic;

    fn report(mentions: u64, categorised: u64, previous: (&str, &str)) -> ProblemReport {
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let period =
            |(from, to): (&str, &str)| Period::new(day(from), day(to), chrono_tz::UTC).unwrap();
        ProblemReport {
            topic: Topic {
                id: 1,
                name: "SchoolMax".into(),
                query: "schoolmax".into(),
            },
            period: period(("2026-08-06", "2026-08-06")),
            previous_period: period(previous),
            mentions,
            categorised,
            problems: Vec::new(),
        }
    }

    /// One mention is said in the singular, and a one-day previous period as its day.
    #[test]
    fn the_note_says_one_mention_and_one_day_as_such() {
        let one = problems_note(&report(1, 1, ("2026-08-05", "2026-08-05")));
        assert!(
            one.starts_with("The one mention reports a problem in one of the categories;")
                && one.ends_with("(5 August 2026)."),
            "{one}"
        );
        let many = problems_note(&report(412, 1, ("2026-07-01", "2026-07-31")));
        assert!(
            many.starts_with("1 of the 412 mentions reports a problem")
                && many.ends_with("(1 July 2026 – 31 July 2026)."),
            "{many}"
        );
    }
}
