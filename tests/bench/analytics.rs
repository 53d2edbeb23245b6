//! Analytics latency on a generated workspace of 1M posts (or `--posts N`).
//!
//! ```text
//! cargo bench --bench analytics                 # 1,000,000 posts
//! cargo bench --bench analytics -- --posts 100000 --runs 20
//! cargo bench --bench analytics -- --db /tmp/bench.sqlite   # keep (or reuse) the workspace
//! ```
//!
//! The posts are written through the store's own writer (`upsert_author` + `Writer` in
//! transactions, so the FTS5 index, coverage and problem categories are maintained exactly as on
//! import), spread
//! over 120 days, 100k authors on four platforms. Sentiment is drawn at random instead of scored
//! by VADER: this measures analytics, not import. Then each measure is timed over repeated runs
//! and reported as median and 95th percentile.

use std::time::{Duration, Instant};

use chrono::{DateTime, Days, NaiveDate, Utc};
use townhall::analytics::{self, Bucket, Period, TopBy};
use townhall::model::{Author, Platform, Post, PostKind};
use townhall::output::brief;
use townhall::store::authors::upsert_author;
use townhall::store::writer::Writer;
use townhall::store::Store;
use townhall::topics::matches::Selection;
use townhall::{query, topics};

mod machine;

const DAYS: i64 = 120;
const AUTHORS: u64 = 100_000;
const MAIN_QUERY: &str = "schoolmax OR \"student portal\" OR #SchoolMaxDown";

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

fn vocabulary(rng: &mut Rng) -> Vec<String> {
    const SYLLABLES: [&str; 24] = [
        "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ber", "dan", "fel", "gor", "hin", "jor",
        "lin", "mor", "nel", "par", "qui", "ros", "sel", "tan", "ver", "wil",
    ];
    (0..5000)
        .map(|_| {
            (0..2 + rng.below(2))
                .map(|_| SYLLABLES[rng.below(24) as usize])
                .collect()
        })
        .collect()
}

fn text(rng: &mut Rng, vocab: &[String], spike: bool) -> String {
    let mut words: Vec<&str> = (0..8 + rng.below(8))
        .map(|_| vocab[rng.below(vocab.len() as u64) as usize].as_str())
        .collect();
    let boost = if spike { 8.0 } else { 1.0 };
    let mut add = |w: &'static str, p: f64, rng: &mut Rng| {
        if rng.chance(p) {
            let at = rng.below(words.len() as u64 + 1) as usize;
            words.insert(at, w);
        }
    };
    add("schoolmax", 0.015 * boost, rng);
    add("#SchoolMaxDown", 0.005 * boost, rng);
    add("student portal", 0.005 * boost, rng);
    add("@SchoolMax", 0.003, rng);
    add("login", 0.02, rng);
    add("loginpage", 0.005, rng);
    add("wifi", 0.015, rng);
    add("eduroam", 0.005, rng);
    words.join(" ")
}

fn platform(rng: &mut Rng) -> Platform {
    match rng.below(100) {
        0..70 => Platform::Twitter,
        70..85 => Platform::Facebook,
        85..95 => Platform::Reddit,
        _ => Platform::Mastodon,
    }
}

fn generate(store: &mut Store, posts: u64, start: DateTime<Utc>) {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let vocab = vocabulary(&mut rng);
    store
        .conn()
        .execute(
            "INSERT INTO imports (id, path, status, started_at) VALUES (1, 'bench', 'done', '')",
            [],
        )
        .unwrap();
    let authors: Vec<(Platform, Option<i64>)> = (0..AUTHORS)
        .map(|_| {
            let followers =
                (!rng.chance(0.2)).then(|| 10f64.powf(rng.below(500) as f64 / 100.0) as i64);
            (platform(&mut rng), followers)
        })
        .collect();
    let tx = store.conn_mut().transaction().unwrap();
    for (a, &(platform, followers)) in authors.iter().enumerate() {
        let author = Author {
            platform,
            native_id: a.to_string(),
            handle: Some(format!("user{a}")),
            name: None,
            followers,
            verified: None,
        };
        upsert_author(&tx, &author).unwrap();
    }
    tx.commit().unwrap();
    let mut written = 0;
    while written < posts {
        let tx = store.conn_mut().transaction().unwrap();
        let mut writer = Writer::new(&tx, 1).unwrap();
        for i in written..(written + 50_000).min(posts) {
            let a = rng.below(AUTHORS);
            let (p, followers) = authors[a as usize];
            let secs = rng.below(DAYS as u64 * 86_400) as i64;
            let spike = (100 * 86_400..101 * 86_400).contains(&secs);
            let lang = match rng.below(20) {
                0..16 => Some("en"),
                16..18 => Some("es"),
                18 => Some("fr"),
                _ => None,
            };
            let post = Post {
                platform: p,
                native_id: i.to_string(),
                author_id: Some(a.to_string()),
                created_at: start + chrono::Duration::seconds(secs),
                text: text(&mut rng, &vocab, spike),
                lang: lang.map(Into::into),
                url: None,
                kind: if rng.chance(0.3) {
                    PostKind::Reply
                } else {
                    PostKind::Post
                },
                parent: None,
                likes: Some(rng.below(20) as i64),
                shares: Some(rng.below(5) as i64),
                replies: Some(rng.below(5) as i64),
                quotes: (p == Platform::Twitter).then(|| rng.below(2) as i64),
                views: (p == Platform::Twitter && rng.chance(0.3))
                    .then(|| rng.below(10_000) as i64),
                followers_at_post: followers,
                reported_engagement: None,
                local_id: None,
                raw: "{}".into(),
            };
            let sentiment = rng.below(2001) as f64 / 1000.0 - 1.0;
            writer.insert(&post, Some(sentiment)).unwrap();
        }
        writer.finish().unwrap();
        topics::categories::catch_up(&tx).unwrap();
        tx.commit().unwrap();
        written = (written + 50_000).min(posts);
        eprint!("\rgenerated {written} posts");
    }
    eprintln!();
}

struct Timing {
    median: Duration,
    p95: Duration,
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Timing, T) {
    let mut out = f(); // warm-up: page cache and prepared statements
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            out = f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let p95 = times[((runs as f64 * 0.95).ceil() as usize).clamp(1, runs) - 1];
    (
        Timing {
            median: times[runs / 2],
            p95,
        },
        out,
    )
}

fn report(name: &str, t: &Timing, detail: &str) {
    println!(
        "| {name} | {:.1} ms | {:.1} ms | {detail} |",
        t.median.as_secs_f64() * 1e3,
        t.p95.as_secs_f64() * 1e3
    );
}

/// The briefing's sections one by one (beyond the overview), to see where its time goes: each
/// as `brief::gather_from` computes it, from the mentions the overview read.
fn brief_parts(store: &Store, topic: &topics::Topic, period: &Period, runs: usize) {
    use townhall::analytics::problems::PeriodMentions;
    use townhall::analytics::{problems, response, samples, themes};
    let analytics::OverviewRead {
        overview: o,
        mentions: read,
        times,
    } = analytics::overview_read(store, topic, period, Bucket::Day, None).unwrap();
    let (t, _) = time(runs, || {
        townhall::output::timeline::overlays_with(store, &o, None, Some(&times)).unwrap()
    });
    report("  part: chart overlays (band, spikes, incidents)", &t, "");
    let selection = Selection::of(store, topic).unwrap();
    let (start, end) = period.bounds();
    let (t, n) = time(runs, || {
        let window = samples::window_posts(store, &selection, start, end).unwrap();
        samples::backgrounds(store, topic, start, end).unwrap();
        window.len()
    });
    report(
        "  part: the posts the terms are counted in, and their backgrounds",
        &t,
        &format!("{n} posts"),
    );
    let taxonomy = problems::Taxonomy::load(store.conn()).unwrap();
    let (t, categorised) = time(runs, || {
        PeriodMentions::categorised(store, &taxonomy, topic, period, read.clone()).unwrap()
    });
    report(
        "  part: the categories of the overview's mentions (this period and the one before)",
        &t,
        &format!("{} mentions", categorised.mentions.len()),
    );
    let (t, r) = time(runs, || problems::report_of(&taxonomy, &categorised));
    report(
        "  part: most reported problems, against the previous period",
        &t,
        &format!("{} of {} mentions in a category", r.categorised, r.mentions),
    );
    let (t, r) = time(runs, || {
        response::response_of(
            store,
            topic,
            period,
            categorised.during(),
            &["SchoolMax".into()],
        )
        .unwrap()
    });
    report(
        "  part: the organisation's response",
        &t,
        &format!("{} complaints", r.complaints),
    );
    let (t, th) = time(runs, || {
        themes::window(store, &selection, (start, end)).unwrap()
    });
    report(
        "  part: themes and copies",
        &t,
        &format!("{} themes", th.themes.len()),
    );
}

/// The parts of a topic's daily series: the exposure settings, the times of the topic's posts
/// over the baseline's four weeks of history, the topic's posts in the period, the posts of all
/// topics (share of voice, as the series counts them), and the arithmetic.
fn series_parts(
    store: &Store,
    topic: &topics::Topic,
    period: &Period,
    runs: usize,
) -> analytics::ExposureModel {
    let selection = Selection::of(store, topic).unwrap();
    let (t, model) = time(runs, || {
        analytics::ExposureModel::load(store.conn()).unwrap()
    });
    report("  part: exposure settings and follower medians", &t, "");
    let (start, end) = period.bounds();
    let history = start - analytics::spikes::HISTORY_DAYS as i64 * 86_400;
    let (t, past) = time(runs, || {
        analytics::mentions::counted_times(store, &selection, history, start).unwrap()
    });
    let (read, posts) = past.iter().fold((0, 0), |(rows, posts), (_, n)| {
        (rows + 1, posts + u64::from(n))
    });
    report(
        "  part: the topic's posts of the 56 days before, counted",
        &t,
        &format!("{posts} posts in {read} rows"),
    );
    let (t, during) = time(runs, || {
        analytics::mentions::fetch(store, &selection, &model, start, end).unwrap()
    });
    report(
        "  part: read the topic's posts, 60 days",
        &t,
        &format!("{} posts", during.len()),
    );
    let (t, voices) = time(runs, || {
        analytics::voices(store, topic, &during, start, end).unwrap()
    });
    report(
        "  part: times of all topics' posts, 60 days",
        &t,
        &format!("{} posts", voices.len()),
    );
    let data_start = store.data_start().unwrap();
    let (t, _) = time(runs, || {
        analytics::series(
            past.iter(),
            &during,
            &voices,
            period,
            Bucket::Day,
            data_start,
        )
    });
    report("  part: bucket arithmetic and the normal level", &t, "");
    model
}

/// The broad topic's daily series computed by DuckDB from the same rows (the topic's posts in
/// the period, with the facts the series reads; no baseline), in its own process
/// with the rows loaded beforehand: `tests/bench/duckdb_series.py`, run with
/// `TOWNHALL_BENCH_PYTHON` (default `python3`); skipped when DuckDB is not installed there.
fn duckdb_reference(
    store: &Store,
    topic: &topics::Topic,
    period: &Period,
    model: &analytics::ExposureModel,
    ours: &Timing,
    dir: &std::path::Path,
) {
    use std::io::Write;
    let (start, end) = period.bounds();
    let selection = Selection::of(store, topic).unwrap();
    // The period's posts: the rows the series counts (Townhall also reads the times of the four
    // weeks before, for the baseline, which DuckDB is not asked to compute).
    let rows = analytics::mentions::fetch(store, &selection, model, start, end).unwrap();
    let csv = dir.join("series_rows.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&csv).unwrap());
    writeln!(
        out,
        "created_at,author,followers,engagement,exposure,sentiment"
    )
    .unwrap();
    let field = |v: Option<String>| v.unwrap_or_default();
    for m in &rows {
        writeln!(
            out,
            "{},{},{},{},{},{}",
            m.created_at,
            field(m.author().map(|a| a.to_string())),
            field(m.followers().map(|f| f.to_string())),
            m.engagement(),
            field(m.exposure().map(|e| e.to_string())),
            field(m.sentiment().map(|s| s.to_string())),
        )
        .unwrap();
    }
    out.flush().unwrap();
    drop(out);
    // The benchmark's period lies in British Summer Time: local days start at 23:00 UTC.
    let python = std::env::var("TOWNHALL_BENCH_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bench/duckdb_series.py");
    let ran = std::process::Command::new(&python)
        .args([script, &csv.display().to_string(), "3600", "10"])
        .output();
    let answer = ran
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| serde_json::from_slice::<serde_json::Value>(&o.stdout).ok());
    match answer {
        Some(v) => {
            let engine = v["engine"].as_str().unwrap_or("DuckDB");
            let threads = &v["threads"];
            let ratio = |secs: f64| ours.median.as_secs_f64() / secs;
            let secs = v["seconds"].as_f64().unwrap_or(f64::NAN);
            println!(
                "| reference: the same daily series in {engine} ({threads} threads, in-process, \
                 {} rows loaded beforehand) | {:.1} ms | — | Townhall's series {:.2}× DuckDB's \
                 time |",
                rows.len(),
                secs * 1e3,
                ratio(secs)
            );
            let secs = v["seconds_one_thread"].as_f64().unwrap_or(f64::NAN);
            println!(
                "| reference: the same in {engine} on one thread, as Townhall's series runs \
                 | {:.1} ms | — | Townhall's series {:.2}× DuckDB's time |",
                secs * 1e3,
                ratio(secs)
            );
        }
        None => println!(
            "| reference: DuckDB not measured ({python} with duckdb did not run) | — | — | |"
        ),
    }
}

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(default)
}

fn machine_name() -> String {
    format!("{}, {} cores", machine::cpu_model(), machine::num_cores())
}

fn main() {
    let posts = arg("--posts", 1_000_000);
    let runs = arg("--runs", 30) as usize;
    let dir = tempfile::tempdir().unwrap();
    // `--db PATH` keeps the generated workspace there, and reuses it when it already exists.
    let path = std::env::args()
        .skip_while(|a| a != "--db")
        .nth(1)
        .map_or_else(|| dir.path().join("workspace.sqlite"), Into::into);
    let reuse = path.exists();
    let t = Instant::now();
    let mut store = Store::open(&path).unwrap();
    // As opening a workspace in the app does: a reused one made by an older build gets its
    // problem categories kept.
    topics::categories::catch_up_if_behind(store.conn()).unwrap();
    let opened = t.elapsed();
    let start: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
    let t = Instant::now();
    if !reuse {
        generate(&mut store, posts, start);
    }
    let generated = t.elapsed();
    let posts = store.post_count().unwrap() as u64;
    store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")
        .unwrap();
    let size = std::fs::metadata(&path).unwrap().len();

    // Saving a topic matches its query over every stored post once; reads then use the kept
    // matches. (A reused workspace made before kept matches were caught up when it opened.)
    let t = Instant::now();
    let topic = topics::add(&store, "SchoolMax", MAIN_QUERY, "2026-06-01T00:00:00Z").unwrap();
    let saved = t.elapsed();
    topics::add(&store, "Wi-Fi", "wifi OR eduroam", "2026-06-01T00:00:00Z").unwrap();
    let selection = Selection::of(&store, &topic).unwrap();
    assert_eq!(
        selection,
        Selection::Kept(vec![topic.id]),
        "kept matches in use"
    );
    let matcher = topic.matcher().unwrap();
    let tz = townhall::time::parse_tz("Europe/London").unwrap();
    let first = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let period = Period::new(first + Days::new(60), first + Days::new(119), tz).unwrap();
    let matches = topics::count(&store, &matcher).unwrap();

    println!("## Townhall analytics benchmark\n");
    println!("- machine: {}", machine_name());
    println!(
        "- build: {}",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    println!(
        "- data: {posts} posts, {AUTHORS} authors, {DAYS} days; workspace file {:.0} MB; \
         generated through the store writer in {:.0} s",
        size as f64 / 1e6,
        generated.as_secs_f64()
    );
    println!("- topic `{MAIN_QUERY}` matches {matches} posts; {runs} runs after one warm-up");
    println!(
        "- opening the workspace took {:.0} ms{}; saving the topic (matching it over every post) \
         {:.0} ms\n",
        opened.as_secs_f64() * 1e3,
        if reuse {
            " (with any pending migration)"
        } else {
            ""
        },
        saved.as_secs_f64() * 1e3
    );
    println!("| measure | median | p95 | result |\n|---|---|---|---|");

    for q in [
        MAIN_QUERY,
        "schoolmax",
        "login*",
        "portal platform:twitter lang:en",
        "#SchoolMaxDown -kind:reply",
    ] {
        let (t, n) = time(runs, || {
            let m = query::compile(q).unwrap();
            topics::count(&store, &m).unwrap()
        });
        report(
            &format!("live match count `{q}`"),
            &t,
            &format!("{n} posts"),
        );
    }
    let (t, s) = time(runs, || {
        analytics::bucketed_series(&store, &topic, &period, Bucket::Day).unwrap()
    });
    let total: u64 = s.iter().map(|p| p.totals.mentions).sum();
    report(
        "60-day daily series, every metric",
        &t,
        &format!("{} buckets, {total} mentions", s.len()),
    );
    let model = series_parts(&store, &topic, &period, runs);
    let week = Period::new(first + Days::new(97), first + Days::new(103), tz).unwrap();
    let (t, s) = time(runs, || {
        analytics::bucketed_series(&store, &topic, &week, Bucket::Hour).unwrap()
    });
    report(
        "7-day hourly series, every metric",
        &t,
        &format!("{} buckets", s.len()),
    );
    let (t, p) = time(runs, || {
        analytics::posts(
            &store,
            &selection,
            period.bounds(),
            TopBy::Exposure,
            Some(10),
        )
        .unwrap()
    });
    report(
        "top 10 posts by exposure, 60 days",
        &t,
        &format!("{} posts", p.len()),
    );
    let (t, p) = time(runs, || {
        analytics::posts(
            &store,
            &selection,
            period.bounds(),
            TopBy::Engagement,
            Some(10),
        )
        .unwrap()
    });
    report(
        "top 10 posts by engagement, 60 days",
        &t,
        &format!("{} posts", p.len()),
    );
    let (t, o) = time(runs.min(10), || {
        analytics::overview(&store, &topic, &period).unwrap()
    });
    report(
        "full overview, 60 days (series, previous period, breakdowns, top posts and voices)",
        &t,
        &format!("{} mentions", o.totals.mentions),
    );
    let at = "2026-10-01T08:00:00Z".parse().unwrap();
    let (t, pdf) = time(runs.min(10), || {
        let read = analytics::overview_read(&store, &topic, &period, Bucket::Day, None).unwrap();
        let gathered = brief::gather_from(&store, read).unwrap();
        brief::render(&gathered, &brief::BriefOptions::new(at)).unwrap()
    });
    report(
        "full briefing PDF, 60 days (overview, spikes, incidents, terms, typesetting)",
        &t,
        &format!("{} KB", pdf.len() / 1024),
    );
    brief_parts(&store, &topic, &period, runs.min(10));
    // The worst case: a topic that matches most of the workspace.
    let t = Instant::now();
    let broad = topics::add(
        &store,
        "Twitter",
        "platform:twitter",
        "2026-06-01T00:00:00Z",
    )
    .unwrap();
    let saved = t.elapsed();
    let (t, s) = time(runs, || {
        analytics::bucketed_series(&store, &broad, &period, Bucket::Day).unwrap()
    });
    let total: u64 = s.iter().map(|p| p.totals.mentions).sum();
    report(
        "60-day daily series, broad topic `platform:twitter`",
        &t,
        &format!("{} buckets, {total} mentions", s.len()),
    );
    let series = t;
    series_parts(&store, &broad, &period, runs);
    let (t, o) = time(runs.min(10), || {
        analytics::overview(&store, &broad, &period).unwrap()
    });
    report(
        "full overview, broad topic `platform:twitter`",
        &t,
        &format!("{} mentions", o.totals.mentions),
    );
    duckdb_reference(&store, &broad, &period, &model, &series, dir.path());
    let (t, (pdf, mentions)) = time(runs.min(5), || {
        let read = analytics::overview_read(&store, &broad, &period, Bucket::Day, None).unwrap();
        let mentions = read.overview.totals.mentions;
        let gathered = brief::gather_from(&store, read).unwrap();
        let pdf = brief::render(&gathered, &brief::BriefOptions::new(at)).unwrap();
        (pdf, mentions)
    });
    report(
        "full briefing PDF, broad topic `platform:twitter`",
        &t,
        &format!(
            "{mentions} mentions in the period, {} KB; saving the topic took {:.0} ms",
            pdf.len() / 1024,
            saved.as_secs_f64() * 1e3
        ),
    );
    brief_parts(&store, &broad, &period, runs.min(5));
}
