//! `townhall response`: has the organisation responded? The engine's response report printed
//! as a few labelled lines and the official posts, or as one JSON object.

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use townhall::analytics::fmt_int;
use townhall::analytics::response::Response;
use townhall::store::Store;
use townhall::time::{self, human_duration};
use townhall::wire::DashboardRequest;
use townhall::workspace::response;

pub fn run(
    store: &Store,
    request: DashboardRequest,
    json: bool,
    out: &mut impl Write,
    now: DateTime<Utc>,
) -> anyhow::Result<ExitCode> {
    let report = response::shown(store, &request, now)?;
    if json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        print(out, &report)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print(out: &mut impl Write, r: &Response) -> anyhow::Result<()> {
    let tz = r.period.tz;
    let at = |t: i64| time::local_minute(tz, t);
    let accounts: Vec<String> = r
        .own_accounts
        .iter()
        .map(|h| format!("@{}", h.trim_start_matches('@')))
        .collect();
    writeln!(
        out,
        "{}, {} ({}): {} {}",
        r.topic.name,
        r.period.span_text(),
        tz.name(),
        fmt_int(r.complaints as f64),
        if r.complaints == 1 {
            "complaint"
        } else {
            "complaints"
        }
    )?;
    if accounts.is_empty() {
        writeln!(
            out,
            "No own accounts are set, so no post counts as official; name them with `townhall set own_accounts HANDLE,HANDLE`."
        )?;
        return Ok(());
    }
    writeln!(out, "own accounts:     {}", accounts.join(", "))?;
    match (r.first_complaint, r.first_response, r.lag_secs) {
        (first, Some(response), Some(lag)) => {
            let who = r.official.first().map_or(String::new(), |o| {
                format!(
                    " (@{}, {})",
                    o.handle,
                    if o.reply { "reply" } else { "post" }
                )
            });
            writeln!(out, "first complaint:  {}", first.map_or("–".into(), at))?;
            writeln!(out, "first response:   {}{who}", at(response))?;
            if lag >= 0 {
                writeln!(out, "response lag:     {}", human_duration(lag))?;
            } else {
                writeln!(
                    out,
                    "response lag:     none, it spoke {} before the first complaint",
                    human_duration(-lag)
                )?;
            }
        }
        (first, _, _) => {
            writeln!(
                out,
                "No official post or reply in the period{}.",
                first.map_or(String::new(), |t| format!(
                    "; the last run of complaints began {}",
                    at(t)
                ))
            )?;
        }
    }
    let (threads, answered) = r.thread_totals();
    let per_platform: Vec<String> = r
        .threads
        .iter()
        .map(|t| {
            format!(
                "{} {} of {}",
                t.platform.label(),
                fmt_int(t.answered as f64),
                fmt_int(t.threads as f64)
            )
        })
        .collect();
    match r.reply_share {
        Some(share) => writeln!(
            out,
            "threads answered: {} of {} complaint threads ({}): {}",
            fmt_int(answered as f64),
            fmt_int(threads as f64),
            townhall::analytics::share_percent(share),
            per_platform.join(", ")
        )?,
        None => writeln!(out, "threads answered: no complaint thread to measure")?,
    }
    if !r.unmeasured.is_empty() {
        let names: Vec<&str> = r.unmeasured.iter().map(|p| p.label()).collect();
        writeln!(
            out,
            "not measured:     {} (no replies imported, so threads cannot be told apart)",
            names.join(", ")
        )?;
    }
    writeln!(out, "official posts:   {}", r.official.len())?;
    for o in &r.official {
        writeln!(
            out,
            "{}  @{}  {:<5}  {}",
            at(o.created_at),
            o.handle,
            if o.reply { "reply" } else { "post" },
            one_line(&o.text)
        )?;
    }
    Ok(())
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
