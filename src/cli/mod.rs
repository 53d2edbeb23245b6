//! The command line: arguments ([`args`]), one use case per command, and how each result is
//! printed. Every number and word comes from the engine; this module only formats for a
//! terminal or a script.

mod alerting;
mod args;
mod compare;
mod editing;
mod eval;
mod live;
mod overview;
mod problems;
mod response;
mod themes;

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::Parser;

use townhall::analytics::problems::Problem;
use townhall::analytics::{counted, PostFilter};
use townhall::import::{Format, Progress};
use townhall::output::table;
use townhall::store::{self, Store};
use townhall::time::human_duration;
use townhall::topics::QueryCheck;
use townhall::wire::{BriefChoices, DashboardRequest, ErrorPayload};
use townhall::workspace::importing::{ImportRequest, ImportStep};
use townhall::workspace::views::PostsListing;
use townhall::workspace::{self, briefing, demo, files, importing, incident_record, views};
use townhall::{sentiment, time};

use args::{Cli, Command, EvalCommand, IncidentsCommand, PostsFormat, SeriesFormat, TopicCommand};

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli, Utc::now()) {
        Ok(code) => code,
        // The reader of the output went away (`townhall posts | head`): nothing more to say.
        Err(err) if closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("townhall: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn closed_pipe(err: &anyhow::Error) -> bool {
    let broken = |e: &std::io::Error| e.kind() == std::io::ErrorKind::BrokenPipe;
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(broken)
            || matches!(
                cause.downcast_ref::<townhall::Error>(),
                Some(townhall::Error::Io { error, .. }) if broken(error)
            )
    })
}

/// A secret typed or piped on standard input (one line), never taken from the command line.
fn read_secret() -> anyhow::Result<String> {
    let mut secret = String::new();
    std::io::stdin()
        .read_line(&mut secret)
        .context("reading the secret from standard input")?;
    Ok(secret.trim().to_string())
}

/// The workspace file named by `--db`, `TOWNHALL_DB` or the app's default.
fn workspace_path(db: Option<&Path>) -> anyhow::Result<PathBuf> {
    Ok(match db {
        Some(p) => p.to_path_buf(),
        None => store::default_path()?,
    })
}

/// The workspace for a command that reads or changes what is in it. A missing file is an
/// error rather than a new, empty workspace, in which a mistyped `--db` would read as a
/// workspace with nothing in it; a file that is not a workspace is refused untouched.
fn existing_workspace(db: Option<&Path>) -> anyhow::Result<PathBuf> {
    let path = workspace_path(db)?;
    files::check_existing(&path).map_err(|e| match e {
        townhall::Error::NotFound(_) => {
            anyhow::anyhow!("{e}; `townhall import FILE` starts one there")
        }
        e => e.into(),
    })?;
    Ok(path)
}

/// Opens the workspace for a command that reads or changes what is in it (see
/// [`existing_workspace`]).
fn open(db: Option<&Path>, now: DateTime<Utc>) -> anyhow::Result<Store> {
    Ok(workspace::open(&existing_workspace(db)?, now)?)
}

/// Opens the workspace for a command that brings something in (posts, a topic, a source, a
/// setting), starting one where there is none.
fn open_or_start(db: Option<&Path>, now: DateTime<Utc>) -> anyhow::Result<Store> {
    Ok(files::open_or_start(&workspace_path(db)?, now)?)
}

/// Asks `question` before something is deleted. `--yes` answers it; otherwise a terminal is
/// asked (anything but "y" or "yes" keeps everything), and without a terminal the command
/// stops before deleting, saying how to confirm.
fn confirmed(question: &str, yes: bool) -> anyhow::Result<bool> {
    if yes {
        return Ok(true);
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        anyhow::bail!("{question} Nothing was deleted: pass --yes to confirm without a terminal");
    }
    eprint!("{question} [y/N] ");
    let mut answer = String::new();
    stdin
        .lock()
        .read_line(&mut answer)
        .context("reading the answer")?;
    let yes = matches!(answer.trim().to_lowercase().as_str(), "y" | "yes");
    if !yes {
        eprintln!("Nothing was deleted.");
    }
    Ok(yes)
}

fn run(cli: Cli, now: DateTime<Utc>) -> anyhow::Result<ExitCode> {
    let db = cli.db.as_deref();
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::Import {
            files,
            format,
            json,
            map,
        } => {
            let request = ImportRequest {
                format: format.as_deref().map(Format::parse).transpose()?,
                files,
                map,
                file_maps: Vec::new(),
            };
            let mut store = open_or_start(db, now)?;
            import(&mut store, &request, json, now)
        }
        Command::Prune { days, dry_run, yes } => {
            // Opened without applying the retention period: a dry run deletes nothing, and a
            // prune asks before it deletes what the period would.
            let mut store = workspace::open_keeping_posts(&existing_workspace(db)?)?;
            if dry_run {
                let preview = workspace::retention_preview(&store, days, now)?;
                writeln!(out, "{}", preview.prune_message)?;
                return Ok(ExitCode::SUCCESS);
            }
            let preview = workspace::retention_preview(&store, days, now)?;
            if preview.posts > 0 && !confirmed(&preview.prune_question, yes)? {
                return Ok(ExitCode::SUCCESS);
            }
            let pruned = workspace::prune(&mut store, days, now)?;
            let days = days.or(store::retention::days(store.conn())?).unwrap_or(0);
            writeln!(
                out,
                "deleted {} older than {} and {} left without posts",
                counted(pruned.posts, "post", "posts"),
                counted(u64::from(days), "day", "days"),
                counted(pruned.authors, "author", "authors")
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Topic(TopicCommand::Add { name, query }) => {
            let store = open_or_start(db, now)?;
            let before = townhall::topics::get(&store, &name).ok();
            let saved = workspace::add_topic(&store, &name, &query, now)?;
            writeln!(out, "{}", saved.name)?;
            // Adding a name that exists replaces its query (as editing it in the window does):
            // said, so that a name typed again by mistake does not pass unnoticed.
            if let Some(before) = before.filter(|b| b.query != saved.query) {
                eprintln!(
                    "townhall: {} existed; its query `{}` is replaced by `{}` and its posts \
                     matched again",
                    before.name, before.query, saved.query
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Topic(TopicCommand::List { json }) => {
            let store = open(db, now)?;
            for topic in townhall::topics::list(&store)? {
                if json {
                    writeln!(out, "{}", serde_json::to_string(&topic)?)?;
                } else {
                    writeln!(out, "{}", topic.name)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Topic(command @ (TopicCommand::Rename { .. } | TopicCommand::Remove { .. })) => {
            editing::topic(&mut open(db, now)?, command, &mut out)
        }
        Command::Incidents(
            command @ (IncidentsCommand::Rename { .. }
            | IncidentsCommand::Remove { .. }
            | IncidentsCommand::Link { .. }
            | IncidentsCommand::Unlink { .. }),
        ) => editing::incident(&mut open(db, now)?, command, &mut out),
        Command::Imports(command) => editing::imports(&mut open(db, now)?, command, &mut out),
        Command::Topic(TopicCommand::Check { query, json }) => {
            let store = open(db, now)?;
            let check = workspace::check_query(&store, &query)?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&check)?)?;
            }
            Ok(match check {
                QueryCheck::Valid { count } => {
                    if !json {
                        writeln!(out, "{count}")?;
                    }
                    ExitCode::SUCCESS
                }
                QueryCheck::Invalid { column, message } => {
                    eprintln!("townhall: query column {column}: {message}");
                    ExitCode::FAILURE
                }
            })
        }
        Command::Series {
            topic,
            bucket,
            days,
            format,
        } => {
            let store = open(db, now)?;
            let (period, series) =
                views::series(&store, &days.request(&topic), bucket.map(Into::into), now)?;
            match format {
                SeriesFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&series)?)?,
                SeriesFormat::Csv => table::write_series_csv(&mut out, &series, period.tz)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Posts {
            topic,
            from,
            to,
            last_hours,
            tz,
            sort,
            limit,
            negative,
            tone,
            platform,
            lang,
            kind,
            problem,
            theme,
            copies,
            search,
            offset,
            names,
            format: PostsFormat::Jsonl,
        } => {
            let store = open(db, now)?;
            let listing = PostsListing {
                filter: match (negative, tone) {
                    (true, _) => PostFilter::Negative,
                    (false, Some(tone)) => tone.into(),
                    (false, None) => PostFilter::All,
                },
                problem: problem.as_deref().map(Problem::parse).transpose()?,
                theme,
                copies,
                // `townhall response` says what the official posts are; they are listed in the app.
                official: false,
                search,
                platform,
                lang,
                kind,
                sort: sort.into(),
                offset,
                limit: limit.map(|l| l as usize),
            };
            let posts = views::posts(
                &store,
                topic.as_deref(),
                (from, to),
                last_hours,
                tz.as_deref(),
                listing,
                now,
            )?;
            for post in views::shown_listed(&store, posts, names)? {
                writeln!(out, "{}", serde_json::to_string(&post)?)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Brief {
            topic,
            days,
            out: path,
            generated_at,
            sections,
            names,
            pdf_only,
        } => {
            let store = open(db, now)?;
            let generated_at = match generated_at {
                Some(t) => DateTime::parse_from_rfc3339(&t)
                    .with_context(|| format!("--generated-at {t:?} is not an RFC 3339 time"))?
                    .with_timezone(&Utc),
                None => now,
            };
            let choices = BriefChoices {
                sections: sections
                    .map(|list| list.split(',').map(|s| s.trim().to_string()).collect())
                    .unwrap_or_default(),
                names,
                pdf_only,
            };
            let written =
                briefing::write(&store, &days.request(&topic), &choices, &path, generated_at)?;
            writeln!(
                out,
                "{}: {} of {} from {}",
                written.path.display(),
                plural(written.mentions, "mention", "mentions"),
                written.topic,
                written.period.span_text()
            )?;
            for note in &written.notes {
                eprintln!("note: {note}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Set { key, value, yes } => {
            let mut store = open_or_start(db, now)?;
            // A retention period deletes what is older at once: asked first, as the window asks.
            let days = (key == store::settings::RETENTION_DAYS)
                .then(|| value.trim().parse::<u32>().ok())
                .flatten()
                .filter(|&d| d > 0);
            if let Some(days) = days {
                let preview = workspace::retention_preview(&store, Some(days), now)?;
                if preview.posts > 0 && !confirmed(&preview.message, yes)? {
                    return Ok(ExitCode::SUCCESS);
                }
            }
            let pruned = workspace::set_setting(&mut store, &key, &value, now)?;
            writeln!(out, "Saved {} = {}", key.trim(), value.trim())?;
            if pruned.posts > 0 {
                eprintln!(
                    "townhall: deleted {} older than the retention period",
                    counted(pruned.posts, "post", "posts")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo => {
            // The demo has a workspace of its own: the sample the app opens, unless --db names
            // another (new, or already the sample). Its branding must never head a real brief.
            let path = match db {
                Some(p) => p.to_path_buf(),
                None => workspace::files::sample_path()?,
            };
            let store = workspace::files::open_sample(&path, now)?;
            if !workspace::files::is_sample(&store)? {
                anyhow::bail!(
                    "{} holds a workspace of your own, so the demo was not loaded into it; \
                     run `townhall demo` without --db to load it into the sample workspace, or \
                     name a new file with --db",
                    path.display()
                );
            }
            let topics: Vec<&str> = demo::TOPICS.iter().map(|t| t.0).collect();
            writeln!(
                out,
                "sample workspace ready in {}: {} posts; topics: {}",
                path.display(),
                store.post_count()?,
                topics.join(", ")
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Spikes {
            topic,
            series,
            kind,
            tz,
            json,
        } => {
            let spikes = match (topic, series) {
                (_, Some(path)) => eval::spikes_of_csv(&path, kind.into())?,
                (Some(name), None) => {
                    let store = open(db, now)?;
                    let (hours, detection) = views::topic_spikes(&store, &name, tz.as_deref())?;
                    eval::Spikes {
                        labels: hours.labels,
                        detection,
                    }
                }
                (None, None) => anyhow::bail!("name a topic or give --series FILE.csv"),
            };
            spikes.print(&mut out, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Nab { dir, loo }) => {
            eval::nab(&mut out, &dir, loo)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Vader { file }) => {
            eval::vader(&mut out, &file)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Problems {
            file,
            disagreements,
            json,
        }) => {
            problems::eval(&mut out, &file, disagreements, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Problems(args) => problems::run(db, args, &mut out, now),
        Command::Response(args) => {
            let store = open(db, now)?;
            response::run(&store, args.request(), args.json, &mut out, now)
        }
        Command::Overview(args) => {
            let store = open(db, now)?;
            overview::run(&store, args.request(), args.json, &mut out, now)
        }
        Command::Themes(args) => {
            let store = open(db, now)?;
            themes::run(&store, args.request(), args.json, &mut out, now)
        }
        Command::Incidents(IncidentsCommand::Import {
            file,
            topic,
            tz,
            json,
        }) => {
            let store = open_or_start(db, now)?;
            let report = incident_record::import(&store, &file, topic.as_deref(), tz.as_deref())?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&report)?)?;
            } else {
                writeln!(out, "{}: {}", file.display(), report.said)?;
                for e in &report.errors {
                    writeln!(out, "  line {}: {}", e.line, e.reason)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Incidents(IncidentsCommand::List { topic, json }) => {
            let store = open(db, now)?;
            let tz = workspace::timezone(&store, None)?;
            for row in incident_record::list(&store, topic.as_deref())? {
                if json {
                    writeln!(out, "{}", serde_json::to_string(&row)?)?;
                    continue;
                }
                let i = &row.incident;
                let lag = |v: Option<i64>| v.map_or("–".to_string(), human_duration);
                // Mentions already back to normal when it was resolved: no decay to time.
                let decay = match row.lags.decay_after_resolution {
                    _ if row.lags.outside_data => "unknown, outside the data".to_string(),
                    Some(0) => "none, back to normal at resolution".to_string(),
                    other => lag(other),
                };
                write!(
                    out,
                    "{}\t{}\t{}\t{}\tfirst complaint {}\tpeak {}\tdecay {}\tsocial lead {}",
                    i.id,
                    i.number.as_deref().unwrap_or("-"),
                    time::local_minute_zoned(tz, i.opened_at),
                    i.title,
                    lag(row.lags.lag_to_first_complaint),
                    lag(row.lags.lag_to_peak),
                    decay,
                    lag(row.lags.social_detection_lead),
                )?;
                // Listed without a topic, each says which it is on.
                match (&topic, &i.topic) {
                    (Some(_), _) => writeln!(out)?,
                    (None, Some(on)) => writeln!(out, "\ton {on}")?,
                    (None, None) => writeln!(out, "\ton no topic")?,
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Incidents(IncidentsCommand::Compare { id, tz, json }) => {
            let store = open(db, now)?;
            let comparison = incident_record::compare(&store, id, tz.as_deref())?;
            compare::print(&mut out, &comparison.comparison, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain {
            topic,
            from,
            to,
            tz,
        } => {
            let store = open(db, now)?;
            let report = views::explain_days(
                &store,
                &DashboardRequest {
                    topic,
                    from: Some(from),
                    to: Some(to),
                    tz,
                    ..Default::default()
                },
                now,
            )?;
            writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Source(cmd) => live::source(db, cmd, now),
        Command::Collect { once: _, json } => live::collect(db, json, now),
        Command::Watch { on_alert, json } => live::watch(db, on_alert.as_deref(), json),
        Command::Status { at, json } => {
            let at = match at {
                Some(t) => DateTime::parse_from_rfc3339(&t)
                    .with_context(|| format!("--at {t:?} is not an RFC 3339 time"))?
                    .with_timezone(&Utc),
                None => now,
            };
            live::status(db, json, at)
        }
        Command::Alerts { since, ack, json } => live::alerts(db, since.as_deref(), ack, json, now),
        Command::Rules {
            topic,
            change,
            json,
        } => alerting::rules(db, &topic, change, json, now),
        Command::Schedule(cmd) => alerting::schedule(db, cmd, now),
        Command::Delivery(cmd) => alerting::delivery(db, cmd, now),
        Command::Sentiment { text } => {
            let score = |t: &str| serde_json::to_string(&sentiment::polarity_scores(t));
            match text {
                Some(text) => writeln!(out, "{}", score(&text)?)?,
                None => {
                    for line in std::io::stdin().lock().lines() {
                        writeln!(out, "{}", score(&line.context("reading standard input")?)?)?;
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Imports the files, printing a line (or a JSON report) per file as it finishes; fails when a
/// file could not be imported.
fn import(
    store: &mut Store,
    request: &ImportRequest,
    json: bool,
    now: DateTime<Utc>,
) -> anyhow::Result<ExitCode> {
    let interactive = std::io::stderr().is_terminal() && !json;
    // A file none of whose records could be read did not succeed ([`ImportReport::unreadable`]).
    let unreadable = std::sync::atomic::AtomicBool::new(false);
    let on_step = |step: ImportStep<'_>| match step {
        ImportStep::Waiting { file, .. } => {
            eprintln!(
                "townhall: {}: waiting for another import into this workspace to finish",
                file.display()
            );
        }
        ImportStep::Progress {
            file,
            progress,
            pace,
            ..
        } => {
            if interactive {
                show_progress(file, &progress, &pace);
            }
        }
        ImportStep::Done { report, .. } => {
            if interactive {
                eprint!("\r\x1b[2K");
            }
            if json {
                println!(
                    "{}",
                    serde_json::to_string(report).expect("reports serialise")
                );
            } else {
                println!(
                    "{}: {} ({})",
                    report.path,
                    report_counts(report),
                    report.format.as_str()
                );
                for e in &report.errors {
                    println!("  line {}: {}", e.line, e.reason);
                }
            }
            if report.unreadable() {
                unreadable.store(true, std::sync::atomic::Ordering::Relaxed);
                eprintln!(
                    "townhall: {}: none of its {} records could be read",
                    report.path, report.skipped
                );
            }
        }
        ImportStep::Failed { file, error, .. } => {
            if interactive {
                eprint!("\r\x1b[2K");
            }
            if json {
                let line = serde_json::json!({
                    "path": file.display().to_string(),
                    "error": ErrorPayload::from(error),
                });
                println!("{line}");
            }
            eprintln!("townhall: {error}");
        }
    };
    let run = importing::import(store, request, None, &on_step, now)?;
    if run.pruned.posts > 0 {
        eprintln!(
            "townhall: deleted {} older than the retention period",
            counted(run.pruned.posts, "post", "posts")
        );
    }
    // Each failed file was already reported on its own line.
    Ok(
        if run.failed.is_empty() && !unreadable.load(std::sync::atomic::Ordering::Relaxed) {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        },
    )
}

/// What a file added: "1,986 new posts, 0 duplicates, 0 skipped", or "91 profiles, no posts"
/// for a user lookup, which updates authors and adds no posts.
fn report_counts(report: &townhall::import::ImportReport) -> String {
    if report.read == 0 && report.skipped == 0 && report.expired == 0 && report.profiles > 0 {
        return format!(
            "{}, no posts",
            plural(report.profiles, "profile", "profiles")
        );
    }
    // Posts left out on purpose, each said only when there are any.
    let left_out = |n: u64, why: &str| match n {
        0 => String::new(),
        n => format!(
            ", {} left out as {why}",
            townhall::analytics::fmt_int(n as f64)
        ),
    };
    let private = left_out(report.private, "not public");
    let expired = left_out(report.expired, "older than the retention period");
    format!(
        "{}, {}, {} skipped{private}{expired}",
        plural(report.imported, "new post", "new posts"),
        plural(report.duplicates, "duplicate", "duplicates"),
        townhall::analytics::fmt_int(report.skipped as f64),
    )
}

/// "1 post", "1,986 posts".
pub(crate) use townhall::analytics::counted as plural;

fn show_progress(file: &Path, p: &Progress, pace: &townhall::workspace::importing::Pace) {
    if let Some(pct) = (p.bytes_read * 100).checked_div(p.bytes_total) {
        eprint!(
            "\r{}: {pct:>3}% ({} posts; {})\x1b[K",
            file.display(),
            p.posts_read,
            pace.words
        );
    }
}
