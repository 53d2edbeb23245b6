//! The `townhall` command line: the engine, for scripts and schedulers.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand, ValueEnum};

use townhall::analytics::{self, Period};
use townhall::import::{self, Format, ImportOptions};
use townhall::store::{settings, Store};
use townhall::topics::matches::Selection;
use townhall::{brief, demo, incidents, sentiment, spikes, store, time, topics};

/// See how exposed an IT problem is in public, and brief the CIO on it.
#[derive(Parser)]
#[command(name = "townhall", version, about, long_about = None)]
struct Cli {
    /// The workspace file (default: the app's workspace in the OS app-data folder, or $TOWNHALL_DB).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import social-data files (the format is detected from their content).
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Read the files as this format instead of detecting it.
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        /// Print one JSON report per file.
        #[arg(long)]
        json: bool,
        /// For CSV files: read post field FIELD from COLUMN (sum counts with `a+b`; an empty
        /// COLUMN unsets the field). Fields: id, created_at, time, text, author, author_name,
        /// followers, likes, shares, replies, quotes, views, url, lang, platform. Saved for the
        /// next file with the same header.
        #[arg(long = "map", value_name = "FIELD=COLUMN", value_parser = parse_map)]
        map: Vec<(String, String)>,
    },
    /// Manage topics: named queries that pick the posts about one system or issue.
    #[command(subcommand)]
    Topic(TopicCommand),
    /// A topic's measures per hour, day or week: every metric of METRICS.md as a column.
    Series {
        topic: String,
        /// Bucket size; weeks start on Monday and widen the period to whole weeks.
        #[arg(long, default_value = "day")]
        bucket: Bucket,
        /// IANA time zone for the days (default: the workspace's, else UTC).
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// First day, YYYY-MM-DD (default: 30 days before --to).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day, YYYY-MM-DD (default: the day of the topic's latest post).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long, default_value = "csv")]
        format: SeriesFormat,
    },
    /// Print normalised posts, one JSON object per line, with their estimated exposure.
    Posts {
        /// Only posts matching this topic.
        #[arg(long)]
        topic: Option<String>,
        /// First day, YYYY-MM-DD (default: from the first post).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day, YYYY-MM-DD (default: to the last post).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// IANA time zone of the days (default: the workspace's, else UTC).
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// Order: largest exposure or engagement first, or oldest first.
        #[arg(long, default_value = "time")]
        sort: Sort,
        #[arg(long, value_name = "N")]
        limit: Option<u64>,
        /// Only the posts negative in tone (those the negative share counts).
        #[arg(long)]
        negative: bool,
        #[arg(long, default_value = "jsonl")]
        format: PostsFormat,
    },
    /// Write a topic's briefing PDF.
    Brief {
        topic: String,
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Fix the "generated at" time (RFC 3339) to make the PDF reproducible.
        #[arg(long, value_name = "TIME")]
        generated_at: Option<String>,
        /// Only these sections, comma-separated: summary, kpis, chart, drivers, posts, voices,
        /// timeline, method.
        #[arg(long, value_name = "LIST")]
        sections: Option<String>,
        /// Name private persons instead of pseudonymising them.
        #[arg(long)]
        names: bool,
    },
    /// Save a workspace setting (organisation, accent, confidentiality, logo, public_accounts,
    /// names, timezone, visibility.<platform>).
    Set { key: String, value: String },
    /// Load the demo workspace: a student-information system fails on the first day of term.
    Demo,
    /// Delete posts older than the workspace's retention period (`townhall set retention_days N`),
    /// or than `--days`. Imports apply the retention period too.
    Prune {
        /// Days of posts to keep, instead of the workspace's setting.
        #[arg(long)]
        days: Option<u32>,
    },
    /// VADER sentiment of TEXT, or of each line of standard input (one JSON object per line).
    Sentiment { text: Option<String> },
    /// Detect spikes in a topic's hourly mentions, or in any `timestamp,value` CSV series.
    Spikes {
        /// The topic whose mentions to scan (omit with --series).
        #[arg(required_unless_present = "series", conflicts_with = "series")]
        topic: Option<String>,
        /// A CSV with `timestamp` and `value` columns (NAB's layout), regularly spaced.
        #[arg(long, value_name = "FILE.csv")]
        series: Option<PathBuf>,
        /// IANA time zone for a topic's hours (default: the workspace's, else UTC).
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// Print start, peak, end and severity of each spike as JSON lines.
        #[arg(long)]
        json: bool,
    },
    /// What drove a window of a topic's timeline: top posts, voices, terms that rose, platforms,
    /// languages, sentiment before/during/after (JSON).
    Explain {
        topic: String,
        /// First day, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day, YYYY-MM-DD (included).
        #[arg(long, value_name = "DATE")]
        to: String,
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
    },
    /// Measure Townhall against published benchmarks.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// The organisation's own incidents, on the same timeline as the complaints.
    #[command(subcommand)]
    Incidents(IncidentsCommand),
}

#[derive(Subcommand)]
enum IncidentsCommand {
    /// Import an incident CSV export (ServiceNow, Jira Service Management, PagerDuty).
    Import {
        file: PathBuf,
        /// Link the incidents to this topic.
        #[arg(long)]
        topic: Option<String>,
        /// Zone of times written without one (default: the workspace's, else UTC).
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
    },
    /// List incidents with their lags against a topic's complaints.
    List {
        #[arg(long)]
        topic: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Score the spike detector on a Numenta Anomaly Benchmark folder (windows JSON + CSVs).
    Nab { dir: PathBuf },
    /// Correlate VADER compound scores with the human ratings of tweets_GroundTruth.txt.
    Vader { file: PathBuf },
}

#[derive(Subcommand)]
enum TopicCommand {
    /// Add a topic, or replace the query of an existing one.
    Add {
        name: String,
        /// e.g. 'schoolmax OR "student portal" OR #SchoolMaxDown'
        #[arg(long, short)]
        query: String,
    },
    /// List topics, one name per line.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Check a query: print how many posts it matches, or where it is wrong.
    Check {
        query: String,
        /// Print `{ok, count, error: {column, message}}` as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Bucket {
    Hour,
    Day,
    Week,
}

impl From<Bucket> for analytics::Bucket {
    fn from(b: Bucket) -> analytics::Bucket {
        match b {
            Bucket::Hour => analytics::Bucket::Hour,
            Bucket::Day => analytics::Bucket::Day,
            Bucket::Week => analytics::Bucket::Week,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Sort {
    Exposure,
    Engagement,
    Time,
}

impl From<Sort> for analytics::TopBy {
    fn from(s: Sort) -> analytics::TopBy {
        match s {
            Sort::Exposure => analytics::TopBy::Exposure,
            Sort::Engagement => analytics::TopBy::Engagement,
            Sort::Time => analytics::TopBy::Time,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum SeriesFormat {
    Csv,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum PostsFormat {
    Jsonl,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("townhall: {:#}", err);
            ExitCode::FAILURE
        }
    }
}

fn open(db: Option<&Path>) -> anyhow::Result<Store> {
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => store::default_path()?,
    };
    Ok(Store::open(&path)?)
}

fn timezone(store: &Store, tz: Option<&str>) -> anyhow::Result<chrono_tz::Tz> {
    let name = match tz {
        Some(t) => t.to_string(),
        None => settings::get(store.conn(), settings::TIMEZONE)?.unwrap_or_else(|| "UTC".into()),
    };
    Ok(time::parse_tz(&name)?)
}

fn period(
    store: &Store,
    topic: &topics::Topic,
    from: Option<&str>,
    to: Option<&str>,
    tz: chrono_tz::Tz,
) -> anyhow::Result<Period> {
    let from = from.map(time::parse_date).transpose()?;
    let to = to.map(time::parse_date).transpose()?;
    let today = Utc::now().with_timezone(&tz).date_naive();
    Ok(analytics::default_period(
        store, topic, from, to, tz, today,
    )?)
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let db = cli.db.as_deref();
    match cli.command {
        Command::Import {
            files,
            format,
            json,
            map,
        } => {
            let format = format.as_deref().map(Format::parse).transpose()?;
            let mut store = open(db)?;
            let code = import_files(&mut store, &files, format, &map, json)?;
            let pruned = store::retention::apply(store.conn_mut(), Utc::now().timestamp())?;
            if pruned.posts > 0 {
                eprintln!(
                    "townhall: deleted {} posts older than the retention period",
                    pruned.posts
                );
            }
            Ok(code)
        }
        Command::Prune { days } => {
            let mut store = open(db)?;
            let days = match days {
                Some(0) => anyhow::bail!("--days is at least 1"),
                Some(d) => d,
                None => store::retention::days(store.conn())?.context(
                    "this workspace keeps every post; give --days N or set retention_days",
                )?,
            };
            let cutoff = Utc::now().timestamp() - i64::from(days) * 86_400;
            let pruned = store::retention::prune_before(store.conn_mut(), cutoff)?;
            println!(
                "deleted {} posts older than {days} days and {} authors left without posts",
                pruned.posts, pruned.authors
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Topic(TopicCommand::Add { name, query }) => {
            let store = open(db)?;
            let now = time::rfc3339(Utc::now().timestamp());
            let topic = topics::add(&store, &name, &query, &now)?;
            println!("{}", topic.name);
            Ok(ExitCode::SUCCESS)
        }
        Command::Topic(TopicCommand::List { json }) => {
            let store = open(db)?;
            for topic in topics::list(&store)? {
                if json {
                    println!("{}", serde_json::to_string(&topic)?);
                } else {
                    println!("{}", topic.name);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Topic(TopicCommand::Check { query, json }) => {
            let store = open(db)?;
            let check = topics::check(&store, &query)?;
            if json {
                println!("{}", serde_json::to_string(&check)?);
            }
            match (&check.count, &check.error) {
                (Some(count), _) => {
                    if !json {
                        println!("{count}");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                (None, Some(e)) => {
                    eprintln!("townhall: query column {}: {}", e.column, e.message);
                    Ok(ExitCode::FAILURE)
                }
                (None, None) => unreachable!("a check has a count or an error"),
            }
        }
        Command::Series {
            topic,
            bucket,
            tz,
            from,
            to,
            format,
        } => {
            let store = open(db)?;
            let topic = topics::get(&store, &topic)?;
            let tz = timezone(&store, tz.as_deref())?;
            let period = period(&store, &topic, from.as_deref(), to.as_deref(), tz)?;
            let series = analytics::bucketed_series(&store, &topic, &period, bucket.into())?;
            let mut out = std::io::stdout().lock();
            match format {
                SeriesFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&series)?)?,
                SeriesFormat::Csv => write_series_csv(&mut out, &series)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Posts {
            topic,
            from,
            to,
            tz,
            sort,
            limit,
            negative,
            format: PostsFormat::Jsonl,
        } => {
            let store = open(db)?;
            let selection = match topic {
                Some(name) => Selection::of(&store, &topics::get(&store, &name)?)?,
                None => townhall::query::Matcher::everything().into(),
            };
            let tz = timezone(&store, tz.as_deref())?;
            let start = match from {
                Some(d) => time::day_start(tz, time::parse_date(&d)?).timestamp(),
                None => i64::MIN,
            };
            let end = match to {
                Some(d) => time::day_start(
                    tz,
                    time::parse_date(&d)?.succ_opt().context("date too late")?,
                )
                .timestamp(),
                None => i64::MAX,
            };
            let limit = limit.map(|l| l as usize);
            let filter = if negative {
                analytics::PostFilter::Negative
            } else {
                analytics::PostFilter::All
            };
            let posts = analytics::filtered_posts(
                &store,
                &selection,
                (start, end),
                filter,
                sort.into(),
                limit,
            )?;
            let mut out = std::io::stdout().lock();
            for post in posts {
                writeln!(out, "{}", serde_json::to_string(&post)?)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Brief {
            topic,
            from,
            to,
            tz,
            out,
            generated_at,
            sections,
            names,
        } => {
            let store = open(db)?;
            let topic = topics::get(&store, &topic)?;
            let tz = timezone(&store, tz.as_deref())?;
            let period = period(&store, &topic, from.as_deref(), to.as_deref(), tz)?;
            let generated_at = match generated_at {
                Some(t) => DateTime::parse_from_rfc3339(&t)
                    .with_context(|| format!("--generated-at {t:?} is not an RFC 3339 time"))?
                    .with_timezone(&Utc),
                None => Utc::now(),
            };
            let mut opts = brief::BriefOptions::from_settings(store.conn(), generated_at)?;
            if let Some(list) = sections {
                opts = opts.with_sections(&list)?;
            }
            opts.names |= names;
            let overview = analytics::overview(&store, &topic, &period)?;
            let gathered = brief::gather(&store, overview)?;
            let pdf = brief::render(&gathered, &opts)?;
            std::fs::write(&out, pdf).with_context(|| format!("writing {}", out.display()))?;
            brief::write_companions(&out, &gathered.overview, &gathered.overlays)?;
            let o = &gathered.overview;
            println!(
                "{}: {} mentions of {} from {} to {}",
                out.display(),
                o.totals.mentions,
                topic.name,
                o.from,
                o.to
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Set { key, value } => {
            let store = open(db)?;
            settings::validate_and_set(store.conn(), &key, &value)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo => {
            let mut store = open(db)?;
            let dir = tempfile::tempdir()?;
            let summary = demo::create(&mut store, dir.path())?;
            let imported: u64 = summary.reports.iter().map(|r| r.imported).sum();
            let path = store
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            println!(
                "demo workspace ready in {path}: {imported} new posts; topics: {}",
                demo::TOPICS
                    .iter()
                    .map(|t| t.0)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Spikes {
            topic,
            series,
            tz,
            json,
        } => {
            let (times, values, labels) = match (topic, series) {
                (_, Some(path)) => read_series_csv(&path)?,
                (Some(name), None) => {
                    let store = open(db)?;
                    let topic = topics::get(&store, &name)?;
                    let tz = timezone(&store, tz.as_deref())?;
                    let h = analytics::hourly_mentions(&store, &topic, tz)?;
                    (h.times, h.values, h.labels)
                }
                (None, None) => unreachable!("clap requires a topic or --series"),
            };
            let bucket = match times.as_slice() {
                [a, b, ..] if b > a => b - a,
                _ => 3600,
            };
            let detection = spikes::detect(
                &times,
                &values,
                bucket,
                &spikes::DetectorSettings::default(),
            );
            let mut out = std::io::stdout().lock();
            for s in &detection.spikes {
                if json {
                    let line = serde_json::json!({
                        "start": labels[s.start], "alert": labels[s.alert], "peak": labels[s.peak],
                        "end": labels[s.end], "severity": format!("{:?}", s.severity).to_lowercase(),
                        "peak_value": s.peak_value, "baseline_at_peak": s.baseline_at_peak,
                    });
                    writeln!(out, "{line}")?;
                } else {
                    writeln!(out, "{}", labels[s.start])?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Nab { dir }) => {
            let corpus = spikes::nab::load_corpus(&dir)?;
            let settings = spikes::DetectorSettings::default();
            println!(
                "{:<40} {:>6} {:>8} {:>8} {:>7}",
                "file", "score", "raw", "windows", "false+"
            );
            let mut scores = Vec::new();
            for file in &corpus {
                let s = &file.series;
                let bucket = s
                    .bucket_secs()
                    .with_context(|| format!("{}: fewer than two points", file.name))?;
                let detection = spikes::detect(&s.times, &s.values, bucket, &settings);
                let alerts: Vec<usize> = detection.spikes.iter().map(|x| x.alert).collect();
                let score = spikes::nab::score_file(
                    s.values.len(),
                    &file.windows,
                    &alerts,
                    &spikes::nab::Profile::default(),
                );
                print_nab_row(&file.name, &score);
                scores.push(score);
            }
            print_nab_row("total", &scores.into_iter().sum());
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Vader { file }) => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let (mut xs, mut ys) = (Vec::new(), Vec::new());
            for line in text.lines() {
                let mut fields = line.trim_end_matches('\r').splitn(3, '\t');
                let (Some(_id), Some(rating), Some(text)) =
                    (fields.next(), fields.next(), fields.next())
                else {
                    continue;
                };
                let Ok(rating) = rating.trim().parse::<f64>() else {
                    continue;
                };
                xs.push(sentiment::polarity_scores(text).compound);
                ys.push(rating);
            }
            println!("texts: {}\npearson r: {:.4}", xs.len(), pearson(&xs, &ys));
            Ok(ExitCode::SUCCESS)
        }
        Command::Incidents(cmd) => incidents_command(db, cmd),
        Command::Explain {
            topic,
            from,
            to,
            tz,
        } => {
            let store = open(db)?;
            let topic = topics::get(&store, &topic)?;
            let tz = timezone(&store, tz.as_deref())?;
            let window = Period::new(time::parse_date(&from)?, time::parse_date(&to)?, tz)?;
            let (start, end) = window.bounds();
            let report = townhall::explain::explain(&store, &topic, start, end)?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Sentiment { text } => {
            let mut out = std::io::stdout().lock();
            match text {
                Some(text) => writeln!(
                    out,
                    "{}",
                    serde_json::to_string(&sentiment::polarity_scores(&text))?
                )?,
                None => {
                    for line in std::io::stdin().lock().lines() {
                        let line = line.context("reading standard input")?;
                        writeln!(
                            out,
                            "{}",
                            serde_json::to_string(&sentiment::polarity_scores(&line))?
                        )?;
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn parse_map(arg: &str) -> Result<(String, String), String> {
    arg.split_once('=')
        .map(|(field, column)| (field.trim().to_string(), column.to_string()))
        .ok_or_else(|| format!("expected FIELD=COLUMN, got {arg:?}"))
}

fn import_files(
    store: &mut Store,
    files: &[PathBuf],
    format: Option<Format>,
    map: &[(String, String)],
    json: bool,
) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    let interactive = std::io::stderr().is_terminal() && !json;
    for path in files {
        let show = |p: import::Progress| {
            if interactive && p.bytes_total > 0 {
                eprint!(
                    "\r{}: {:>3}% ({} posts)",
                    path.display(),
                    p.bytes_read * 100 / p.bytes_total,
                    p.posts_read
                );
            }
        };
        let opts = ImportOptions {
            format,
            progress: Some(&show),
            cancel: None,
        };
        let result = import::import_file_with_map(store, path, &opts, map);
        if interactive {
            eprint!("\r\x1b[2K");
        }
        match result {
            Ok(report) => {
                if json {
                    println!("{}", serde_json::to_string(&report)?);
                } else {
                    println!(
                        "{}: {} new posts, {} duplicates, {} skipped ({})",
                        report.path,
                        report.imported,
                        report.duplicates,
                        report.skipped,
                        report.format.as_str()
                    );
                    for e in &report.errors {
                        println!("  line {}: {}", e.line, e.reason);
                    }
                }
            }
            Err(err) => {
                failed = true;
                if json {
                    println!(
                        "{}",
                        serde_json::json!({ "path": path.display().to_string(), "error": townhall::wire::ErrorPayload::from(&err) })
                    );
                }
                eprintln!("townhall: {err}");
            }
        }
    }
    // Each failed file was already reported on its own line.
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The series as CSV: one row per bucket, one column per measure. Unknown values are empty.
fn write_series_csv(out: &mut impl Write, series: &[analytics::SeriesPoint]) -> anyhow::Result<()> {
    writeln!(
        out,
        "date,start,mentions,unique_authors,engagement,potential_reach,reach_unknown_share,\
         exposure,exposure_unknown_share,negative_share,net_sentiment,baseline,velocity,\
         share_of_voice,local"
    )?;
    let opt = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.4}"));
    for p in series {
        let t = &p.totals;
        writeln!(
            out,
            "{},{},{},{},{},{},{:.4},{:.0},{:.4},{:.4},{},{},{},{},{}",
            p.date,
            p.start,
            t.mentions,
            t.unique_authors,
            t.engagement,
            t.potential_reach,
            t.reach_unknown_share,
            t.exposure,
            t.exposure_unknown_share,
            t.negative_share,
            opt(t.net_sentiment),
            p.baseline,
            opt(p.velocity),
            opt(p.share_of_voice),
            p.local
        )?;
    }
    Ok(())
}

fn print_nab_row(name: &str, score: &spikes::nab::Score) {
    let windows = format!("{}/{}", score.detected, score.detected + score.missed);
    println!(
        "{:<40} {:>6.1} {:>8.3} {:>8} {:>7}",
        name,
        score.normalised(),
        score.raw,
        windows,
        score.false_positives
    );
}

/// A `timestamp,value` CSV: bucket times (seconds), values, and the timestamps as written.
fn read_series_csv(path: &Path) -> anyhow::Result<(Vec<i64>, Vec<f64>, Vec<String>)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .with_context(|| format!("{}: no `{name}` column in the header", path.display()))
    };
    let (tc, vc) = (col("timestamp")?, col("value")?);
    let (mut times, mut values, mut labels) = (Vec::new(), Vec::new(), Vec::new());
    for (i, line) in lines.enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(',').collect();
        let bad = || {
            format!(
                "{}: line {}: expected timestamp,value",
                path.display(),
                i + 2
            )
        };
        let label = fields.get(tc).with_context(bad)?.trim();
        let time = spikes::nab::parse_timestamp(label)
            .or_else(|| {
                DateTime::parse_from_rfc3339(label)
                    .ok()
                    .map(|t| t.timestamp())
            })
            .with_context(bad)?;
        values.push(
            fields
                .get(vc)
                .and_then(|v| v.trim().parse().ok())
                .with_context(bad)?,
        );
        times.push(time);
        labels.push(label.to_string());
    }
    Ok((times, values, labels))
}

fn pearson(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    sxy / (sxx * syy).sqrt()
}

fn incidents_command(db: Option<&Path>, cmd: IncidentsCommand) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    match cmd {
        IncidentsCommand::Import { file, topic, tz } => {
            let topic = topic.map(|t| topics::get(&store, &t)).transpose()?;
            let tz = timezone(&store, tz.as_deref())?;
            let report = incidents::import_csv(&store, &file, topic.as_ref(), tz)?;
            println!("{}", serde_json::to_string(&report)?);
        }
        IncidentsCommand::List { topic, json } => {
            let tz = timezone(&store, None)?;
            let topic = topic.map(|t| topics::get(&store, &t)).transpose()?;
            let rows = match &topic {
                Some(t) => incidents::with_lags(&store, t, tz)?,
                None => incidents::list(&store, None)?
                    .into_iter()
                    .map(|incident| incidents::IncidentLags {
                        incident,
                        lags: Default::default(),
                    })
                    .collect(),
            };
            let mut out = std::io::stdout().lock();
            for row in rows {
                if json {
                    writeln!(out, "{}", serde_json::to_string(&row)?)?;
                    continue;
                }
                let i = &row.incident;
                let lag = |v: Option<i64>| v.map_or("–".to_string(), incidents::human_duration);
                writeln!(
                    out,
                    "{}\t{}\t{}\tfirst complaint {}\tpeak {}\tdecay {}\tsocial lead {}",
                    i.number.as_deref().unwrap_or("-"),
                    time::rfc3339(i.opened_at),
                    i.title,
                    lag(row.lags.lag_to_first_complaint),
                    lag(row.lags.lag_to_peak),
                    lag(row.lags.decay_after_resolution),
                    lag(row.lags.social_detection_lead),
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
