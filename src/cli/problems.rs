//! `townhall problems` and `townhall eval problems`: the engine's most reported problems and the
//! queries' precision and recall, printed as small aligned tables or JSON lines.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use townhall::analytics::fmt_int;
use townhall::analytics::problems::{Category, ProblemReport};
use townhall::workspace::problems;

use super::args::{ProblemsArgs, ProblemsCommand};
use super::open;

pub fn run(
    db: Option<&Path>,
    args: ProblemsArgs,
    out: &mut impl Write,
    now: DateTime<Utc>,
) -> anyhow::Result<ExitCode> {
    let store = open(db, now)?;
    match args.action {
        Some(ProblemsCommand::Queries { json }) => {
            for c in problems::categories(&store)? {
                print_category(out, &c, json)?;
            }
        }
        Some(ProblemsCommand::Set { category, query }) => {
            print_category(out, &problems::set_query(&store, &category, &query)?, false)?;
        }
        Some(ProblemsCommand::Reset { category }) => {
            print_category(out, &problems::reset_query(&store, &category)?, false)?;
        }
        None => {
            let topic = args
                .topic
                .expect("clap requires a topic without a subcommand");
            let request = args.days.request(&topic);
            let report = problems::report(&store, &request, now)?;
            if args.json {
                for p in &report.problems {
                    writeln!(out, "{}", serde_json::to_string(p)?)?;
                }
            } else {
                print_report(out, &report)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_category(out: &mut impl Write, c: &Category, json: bool) -> anyhow::Result<()> {
    if json {
        writeln!(out, "{}", serde_json::to_string(c)?)?;
    } else {
        let source = if c.custom { "custom" } else { "built-in" };
        writeln!(out, "{} ({source}): {}", c.problem, one_line(&c.query))?;
    }
    Ok(())
}

/// A query on one line, its line breaks as spaces.
fn one_line(query: &str) -> String {
    query.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A heading line, then one row per category: posts, share, change, people.
fn print_report(out: &mut impl Write, r: &ProblemReport) -> anyhow::Result<()> {
    writeln!(
        out,
        "{}, {} ({}): {}, {} in a category; change against {}",
        r.topic.name,
        r.period.span_text(),
        r.period.tz.name(),
        townhall::analytics::counted(r.mentions, "mention", "mentions"),
        fmt_int(r.categorised as f64),
        r.previous_period.span_text(),
    )?;
    let changes: Vec<String> = r.problems.iter().map(|p| p.change.narrow()).collect();
    let wide = changes
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0)
        .max(7);
    writeln!(
        out,
        "{:<14} {:>6} {:>6} {:>wide$} {:>6}",
        "problem", "posts", "share", "change", "people"
    )?;
    for (p, change) in r.problems.iter().zip(changes) {
        writeln!(
            out,
            "{:<14} {:>6} {:>5.0}% {:>wide$} {:>6}",
            p.problem.as_str(),
            fmt_int(p.mentions as f64),
            p.share * 100.0,
            change,
            fmt_int(p.people as f64)
        )?;
    }
    Ok(())
}

/// Precision and recall per category on a labelled set.
pub fn eval(
    out: &mut impl Write,
    file: &Path,
    disagreements: bool,
    json: bool,
) -> anyhow::Result<()> {
    let labelled = problems::read_labelled(file)?;
    let evaluation = problems::evaluate(&labelled)?;
    let pct = |v: Option<f64>| {
        v.map_or("–".to_string(), |v| {
            format!("{:.0}%", (v * 100.0).round())
        })
    };
    if json {
        for s in &evaluation.scores {
            writeln!(out, "{}", serde_json::to_string(s)?)?;
        }
    } else {
        let langs = |code: &str| {
            labelled
                .iter()
                .filter(|p| p.lang.as_deref() == Some(code))
                .count()
        };
        writeln!(
            out,
            "{} labelled posts ({} en, {} es), {} categorised differently from their labels",
            evaluation.posts,
            langs("en"),
            langs("es"),
            evaluation.disagreements.len()
        )?;
        writeln!(
            out,
            "{:<14} {:>8} {:>6} {:>5} {:>9} {:>7}",
            "problem", "labelled", "found", "both", "precision", "recall"
        )?;
        for s in &evaluation.scores {
            writeln!(
                out,
                "{:<14} {:>8} {:>6} {:>5} {:>9} {:>7}",
                s.problem.as_str(),
                s.labelled,
                s.found,
                s.both,
                pct(s.precision),
                pct(s.recall)
            )?;
        }
    }
    if disagreements {
        let names = |ps: &[townhall::analytics::problems::Problem]| {
            if ps.is_empty() {
                "-".to_string()
            } else {
                ps.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(",")
            }
        };
        for d in &evaluation.disagreements {
            writeln!(
                out,
                "line {}: labelled {}, found {}: {}",
                d.line,
                names(&d.labels),
                names(&d.found),
                d.text
            )?;
        }
    }
    Ok(())
}
