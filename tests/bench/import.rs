//! Import benchmark: generates a twarc2 file of N tweets (default 200,000; set
//! `TOWNHALL_BENCH_POSTS`) and prints, on one machine in one run:
//!
//! - the **parse floor**: the file merely parsed with orjson (`tests/bench/parse_floor.py`, run
//!   with `TOWNHALL_BENCH_PYTHON`, default `python3`; skipped when it will not run), and with
//!   Townhall's own reader (lines, JSON, normalisation; no sentiment, no store);
//! - **import** into an empty workspace (median of `TOWNHALL_BENCH_RUNS`, default 3, each into a
//!   fresh workspace) and **re-import** of the same file (all duplicates), with peak memory;
//! - the **reference pipeline** when it is installed beside that Python (`twarc2` and
//!   `sqlite-utils`): `twarc2 csv` → `sqlite-utils insert --csv` → `sqlite-utils enable-fts`, on
//!   the first `TOWNHALL_BENCH_REFERENCE_POSTS` tweets (default 20,000; 0 skips it);
//! - **growth** with `TOWNHALL_BENCH_GROWTH=K`: K more files of N new tweets each into the same
//!   workspace, each file's rate against the rate into an empty one;
//! - with `TOWNHALL_BENCH_TIMES=collected`, every file is a collection as a search writes it,
//!   newest first, each file's 60 days following the previous file's, as a workspace grows by its
//!   next collection; by default (`random`) every tweet of every file is at a random time of the
//!   same 60 days, so that a growing workspace takes each new post at a random place among its
//!   own by time (the worst case);
//! - the topic's **briefing** on the imported workspace, which `TOWNHALL_BENCH_KEEP=PATH` keeps
//!   (a copy, written with `VACUUM INTO`) for profiling a command on it;
//!   `TOWNHALL_BENCH_KEEP_DATA=PATH` keeps a copy of the generated file, to profile
//!   `townhall import` on it.
//!
//! Run: `cargo bench --workspace --bench import` (reference tools: `python3 -m venv /tmp/ref &&
//! /tmp/ref/bin/pip install orjson twarc twarc-csv 'pandas<2.2' sqlite-utils`, then
//! `TOWNHALL_BENCH_PYTHON=/tmp/ref/bin/python`). The machine is shared and noisy: compare figures
//! from one run, not across runs.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use townhall::analytics::{overview_read, resolve_default_read, Bucket};
use townhall::import::{import_file, ImportOptions};
use townhall::store::Store;

mod machine;
use machine::*;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let n = env_usize("TOWNHALL_BENCH_POSTS", 200_000);
    let runs = env_usize("TOWNHALL_BENCH_RUNS", 3).max(1);
    let reference_posts = env_usize("TOWNHALL_BENCH_REFERENCE_POSTS", 20_000).min(n);
    let growth = env_usize("TOWNHALL_BENCH_GROWTH", 0);
    let python = std::env::var("TOWNHALL_BENCH_PYTHON").unwrap_or_else(|_| "python3".into());
    let posted = match std::env::var("TOWNHALL_BENCH_TIMES").as_deref() {
        Ok("collected") => Times::Collected,
        Ok("random") | Err(_) => Times::Random,
        Ok(other) => panic!("TOWNHALL_BENCH_TIMES is random or collected, not {other}"),
    };

    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("bench.jsonl");
    generate(&file, n, 0, posted);
    if let Ok(keep) = std::env::var("TOWNHALL_BENCH_KEEP_DATA") {
        std::fs::copy(&file, &keep).expect("keep the data");
    }
    let size = std::fs::metadata(&file).unwrap().len() as f64;
    let mb = size / 1e6;
    println!(
        "machine: {}, {} cores, load average {}",
        cpu_model(),
        num_cores(),
        load_average()
    );
    println!(
        "data: {n} tweets in twarc2 pages, {mb:.1} MB, {}",
        match posted {
            Times::Random => "at random times of 60 days",
            Times::Collected => "newest first over 60 days, each growth file the next 60 days",
        }
    );

    // The parse floor.
    let orjson = parse_floor_python(&python, &file, runs);
    if let Some((parser, secs)) = &orjson {
        println!(
            "parse floor ({parser}): {secs:>7.3} s  {:>9.0} posts/s  {:>6.1} MB/s",
            n as f64 / secs,
            mb / secs
        );
    } else {
        println!("parse floor (orjson): not measured ({python} with orjson did not run)");
    }
    let mut own = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let (posts, broken) = townhall::import::fuzz::parse_file(&file, None).unwrap();
        own.push(t.elapsed().as_secs_f64());
        assert_eq!((posts as usize, broken), (n, 0));
    }
    let own = median(&mut own);
    println!(
        "parse only (Townhall's reader, no sentiment, no store): {own:>7.3} s  {:>9.0} posts/s",
        n as f64 / own
    );

    // Import into an empty workspace, then the same file again.
    let rss_before = peak_rss_kb();
    let mut times = Vec::new();
    let mut store = None;
    for run in 0..runs {
        let ws = dir.path().join(format!("ws{run}.sqlite"));
        let mut s = Store::open(&ws).unwrap();
        let t = Instant::now();
        let report = import_file(&mut s, &file, &ImportOptions::default()).unwrap();
        times.push(t.elapsed().as_secs_f64());
        assert_eq!(report.imported as usize, n);
        if let Some(old) = store.replace(s) {
            drop(old);
        }
        if run + 1 < runs {
            remove_workspace(&ws);
        }
    }
    let mut store = store.unwrap();
    let import_secs = median(&mut times);
    let import_rate = n as f64 / import_secs;
    println!(
        "import:    {import_secs:>7.2} s  {import_rate:>9.0} posts/s  {:>6.1} MB/s  median of {runs} (peak RSS {} MB before, {} MB after)",
        mb / import_secs,
        rss_before / 1024,
        peak_rss_kb() / 1024
    );

    // The part of an import spent keeping each post's problem categories: the same catch-up
    // again on the imported workspace, from scratch.
    let mut times = Vec::new();
    for _ in 0..runs {
        let tx = store.conn_mut().transaction().unwrap();
        tx.execute_batch(
            "DELETE FROM post_problems; UPDATE problems_kept SET taxonomy = '[]', through = 0;",
        )
        .unwrap();
        let t = Instant::now();
        townhall::topics::categories::catch_up(&tx).unwrap();
        times.push(t.elapsed().as_secs_f64());
        tx.commit().unwrap();
    }
    let categorise_secs = median(&mut times);
    println!(
        "  of which keeping the problem categories: {categorise_secs:>7.2} s ({:.0}% of the import)",
        categorise_secs / import_secs * 100.0
    );

    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let again = import_file(&mut store, &file, &ImportOptions::default()).unwrap();
        times.push(t.elapsed().as_secs_f64());
        assert_eq!((again.duplicates as usize, again.imported), (n, 0));
    }
    let reimport_secs = median(&mut times);
    println!(
        "re-import: {reimport_secs:>7.2} s  {:>9.0} posts/s  (all duplicates) median of {runs}",
        n as f64 / reimport_secs
    );
    if let Some((parser, floor)) = &orjson {
        println!(
            "against the parse floor ({parser}): import {:.1}x, re-import {:.1}x its time",
            import_secs / floor,
            reimport_secs / floor
        );
    }

    // The reference pipeline, on a slice (it is slow).
    if reference_posts > 0 {
        match reference_pipeline(&python, &file, reference_posts, dir.path()) {
            Some(secs) => {
                let rate = reference_posts as f64 / secs;
                println!(
                    "reference (twarc2 csv -> sqlite-utils insert -> enable-fts, {reference_posts} tweets): {secs:>7.2} s  {rate:>9.0} posts/s; Townhall imports {:.1}x faster",
                    import_rate / rate
                );
            }
            None => println!(
                "reference: not measured (twarc2 and sqlite-utils not found beside {python})"
            ),
        }
    }

    // Growth: more new posts into the same, fuller workspace.
    for k in 1..=growth {
        let more = dir.path().join(format!("more{k}.jsonl"));
        generate(&more, n, k * n, posted);
        let held = store.post_count().unwrap();
        let t = Instant::now();
        let report = import_file(&mut store, &more, &ImportOptions::default()).unwrap();
        let secs = t.elapsed().as_secs_f64();
        assert_eq!(report.imported as usize, n);
        std::fs::remove_file(&more).unwrap();
        println!(
            "growth:    {secs:>7.2} s  {:>9.0} posts/s  into {held} posts ({:.0}% of the rate into empty; peak RSS {} MB)",
            n as f64 / secs,
            100.0 * n as f64 / secs / import_rate,
            peak_rss_kb() / 1024
        );
    }

    let topic =
        townhall::topics::add(&store, "Portal", "portal OR login", "2026-01-01T00:00:00Z").unwrap();
    let tz = townhall::time::parse_tz("America/Chicago").unwrap();
    let today = townhall::time::parse_date("2026-10-01").unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-10-01T08:00:00Z")
        .unwrap()
        .to_utc();
    let (mut overview_ms, mut gather_ms, mut render_ms, mut total_ms) =
        (vec![], vec![], vec![], vec![]);
    let mut mentions = 0;
    for _ in 0..5 {
        let t = Instant::now();
        // As the app does: the default period hands the times it read to the overview, and the
        // overview what it read to the rest of the brief.
        let (period, times) = resolve_default_read(&store, &topic, None, None, tz, today).unwrap();
        let read =
            overview_read(&store, &topic, &period.period, Bucket::Day, times.as_ref()).unwrap();
        mentions = read.overview.totals.mentions;
        let t1 = Instant::now();
        let gathered = townhall::output::brief::gather_from(&store, read).unwrap();
        let t2 = Instant::now();
        let pdf = townhall::output::brief::render(
            &gathered,
            &townhall::output::brief::BriefOptions::new(at),
        )
        .unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1e3;
        let end = Instant::now();
        overview_ms.push(ms(t, t1));
        gather_ms.push(ms(t1, t2));
        render_ms.push(ms(t2, end));
        total_ms.push(ms(t, end));
    }
    println!(
        "brief:     median {:.0} ms over 5 (period and overview {:.0} ms, gathering the other sections {:.0} ms, typeset {:.0} ms); 30-day period, {mentions} matching posts",
        median(&mut total_ms),
        median(&mut overview_ms),
        median(&mut gather_ms),
        median(&mut render_ms),
    );
    println!("peak RSS of the whole run: {} MB", peak_rss_kb() / 1024);
    if let Ok(keep) = std::env::var("TOWNHALL_BENCH_KEEP") {
        store
            .conn()
            .execute("VACUUM INTO ?1", [&keep])
            .expect("keep the workspace");
        println!("workspace kept at {keep}");
    }
}

/// When the generated tweets were posted.
#[derive(Debug, Clone, Copy)]
enum Times {
    /// Each at a random time of the same 60 days, whichever file it is in.
    Random,
    /// Newest first, as a search writes them, over the 60 days after the previous file's: the
    /// tweets from `first` on are the `first / n`-th collection.
    Collected,
}

/// Writes `n` tweets by 5,000 authors over 60 days, as twarc2 pages of 100, their ids from
/// `first` on.
fn generate(path: &Path, n: usize, first: usize, times: Times) {
    const SPAN: u64 = 60 * 86_400;
    const WORDS: &[&str] = &[
        "portal", "login", "down", "again", "school", "schedule", "error", "teacher", "grades",
        "bus", "why", "still", "broken", "today", "app", "wifi", "slow", "please", "fix",
        "parents",
    ];
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut x: u64 = 42 + first as u64;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for page in 0..n.div_ceil(100) {
        let mut data = Vec::with_capacity(100);
        let mut users = Vec::with_capacity(100);
        for i in page * 100..((page + 1) * 100).min(n) {
            let author = next() % 5_000;
            let text: Vec<&str> = (0..14)
                .map(|_| WORDS[(next() % WORDS.len() as u64) as usize])
                .collect();
            // Drawn in both cases, so that the rest of the tweet is the same in both.
            let random_secs = next() % SPAN;
            let (secs, id) = match times {
                Times::Random => (1_783_000_000 + random_secs, first + i),
                // Newest first; ids grow with time, as the platforms' do.
                Times::Collected => {
                    let older = (i as u64 * SPAN) / n as u64;
                    let collection = (first / n.max(1)) as u64;
                    (
                        1_783_000_000 + (collection + 1) * SPAN - 1 - older,
                        first + n - 1 - i,
                    )
                }
            };
            data.push(serde_json::json!({
                "id": (10_000_000_000u64 + id as u64).to_string(),
                "author_id": author.to_string(),
                "created_at": chrono::DateTime::from_timestamp(secs as i64, 0).unwrap().format("%Y-%m-%dT%H:%M:%S.000Z").to_string(),
                "text": text.join(" "),
                "lang": "en",
                "public_metrics": {"like_count": next() % 50, "retweet_count": next() % 10, "reply_count": next() % 5, "quote_count": 0}
            }));
            users.push(serde_json::json!({
                "id": author.to_string(), "username": format!("user{author}"), "name": "User",
                "public_metrics": {"followers_count": next() % 5_000}
            }));
        }
        writeln!(
            out,
            "{}",
            serde_json::json!({"data": data, "includes": {"users": users}})
        )
        .unwrap();
    }
}

/// The median time orjson takes to parse the file, with the parser's name; `None` when that
/// Python or orjson is missing.
fn parse_floor_python(python: &str, file: &Path, runs: usize) -> Option<(String, f64)> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bench/parse_floor.py");
    let out = Command::new(python)
        .arg(script)
        .arg(file)
        .arg(runs.to_string())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    let parser = v["parser"].as_str()?.to_string();
    parser.starts_with("orjson").then_some(())?;
    Some((parser, v["seconds"].as_f64()?))
}

/// A command installed beside `python` (its venv's `bin`), or on the `PATH`.
fn beside(python: &str, name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs = Path::new(python)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .into_iter()
        .chain(std::env::split_paths(&path));
    dirs.map(|d| d.join(name)).find(|p| p.is_file())
}

/// Seconds for the first `posts` tweets of `file` through `twarc2 csv`, `sqlite-utils insert`
/// and `sqlite-utils enable-fts`, as whole processes; `None` when the tools are missing.
fn reference_pipeline(python: &str, file: &Path, posts: usize, dir: &Path) -> Option<f64> {
    let (twarc2, sqlite_utils) = (beside(python, "twarc2")?, beside(python, "sqlite-utils")?);
    let slice = dir.join("reference.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&slice).unwrap());
    let reader = std::io::BufReader::new(std::fs::File::open(file).unwrap());
    for line in reader.lines().take(posts.div_ceil(100)) {
        writeln!(out, "{}", line.unwrap()).unwrap();
    }
    drop(out);
    let (csv, db) = (dir.join("reference.csv"), dir.join("reference.db"));
    let run = |cmd: &mut Command| {
        // twarc2 writes its log into the working folder.
        let out = cmd
            .env("BEARER_TOKEN", "unused")
            .current_dir(dir)
            .output()
            .ok()?;
        out.status.success().then_some(()).or_else(|| {
            eprintln!("reference: {}", String::from_utf8_lossy(&out.stderr));
            None
        })
    };
    let t = Instant::now();
    run(Command::new(&twarc2).arg("csv").arg(&slice).arg(&csv))?;
    run(Command::new(&sqlite_utils)
        .arg("insert")
        .arg(&db)
        .arg("tweets")
        .arg(&csv)
        .arg("--csv"))?;
    run(Command::new(&sqlite_utils)
        .arg("enable-fts")
        .arg(&db)
        .arg("tweets")
        .arg("text"))?;
    Some(t.elapsed().as_secs_f64())
}

/// Deletes a workspace file with its WAL and shared-memory files.
fn remove_workspace(ws: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = ws.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}
