//! `townhall themes`: what people are saying about a topic over a period — its themes, each with
//! its figures and two example posts, and the copied texts — as a few lines, or one JSON object.

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use townhall::analytics::fmt_int;
use townhall::store::Store;
use townhall::time;
use townhall::wire::DashboardRequest;
use townhall::workspace::themes::{self, ThemesReport};

use super::plural;

pub fn run(
    store: &Store,
    request: DashboardRequest,
    json: bool,
    out: &mut impl Write,
    now: DateTime<Utc>,
) -> anyhow::Result<ExitCode> {
    let report = themes::report(store, &request, now)?;
    if json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        print(out, &report)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print(out: &mut impl Write, r: &ThemesReport) -> anyhow::Result<()> {
    let n = |v: u64| fmt_int(v as f64);
    let read = if r.read < r.mentions {
        format!(", the newest {} read", n(r.read))
    } else {
        String::new()
    };
    writeln!(
        out,
        "{}, {} ({}): {}{read}",
        r.topic,
        r.period.span_text(),
        r.period.tz.name(),
        plural(r.mentions, "mention", "mentions"),
    )?;
    writeln!(out, "copies: {}", r.copies_said)?;
    for c in &r.copied {
        writeln!(
            out,
            "  {} by {}: {}",
            plural(c.posts, "post", "posts"),
            plural(c.people, "person", "people"),
            one_line(&c.text)
        )?;
    }
    if r.themes.is_empty() {
        writeln!(
            out,
            "themes: too few distinct texts to tell stories apart ({})",
            plural(r.read - r.reposts, "post", "posts")
        )?;
        return Ok(());
    }
    writeln!(out, "themes:")?;
    for t in &r.themes {
        writeln!(
            out,
            "{}. {} — {} ({}), {}, {} negative; terms: {}",
            t.number,
            one_line(&t.label),
            plural(t.posts, "post", "posts"),
            plural(t.texts, "text", "texts"),
            plural(t.people, "person", "people"),
            townhall::analytics::share_percent(t.negative_share),
            t.terms.join(", ")
        )?;
        for e in &t.examples {
            writeln!(
                out,
                "   {} ({}, {}): {}",
                e.author,
                e.platform.label(),
                DateTime::parse_from_rfc3339(&e.created_at).map_or(e.created_at.clone(), |t| {
                    time::local_minute(r.period.tz, t.timestamp())
                }),
                one_line(&e.text)
            )?;
        }
    }
    writeln!(out, "in no theme: {}", plural(r.unthemed, "post", "posts"))?;
    Ok(())
}

/// Post text on one line: line breaks and control characters as spaces.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
