//! Import and briefing benchmark: generates a twarc2 file of N tweets (default 200,000; set
//! `TOWNHALL_BENCH_POSTS`), imports it into a fresh workspace, imports it again (all duplicates),
//! then renders the topic's briefing. Prints throughput, latency and peak memory with the machine.
//!
//! Run: `cargo bench -p townhall --bench import`

use std::io::Write;
use std::time::Instant;

use townhall::analytics::{default_period, overview};
use townhall::import::{import_file, ImportOptions};
use townhall::store::Store;

mod machine;
use machine::*;

fn main() {
    let n: usize = std::env::var("TOWNHALL_BENCH_POSTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("bench.jsonl");
    generate(&file, n);
    let size = std::fs::metadata(&file).unwrap().len() as f64;
    println!("machine: {}, {} cores", cpu_model(), num_cores());
    println!("data: {n} tweets in twarc2 pages, {:.1} MB", size / 1e6);

    let mut store = Store::open(&dir.path().join("ws.sqlite")).unwrap();
    let rss_before = peak_rss_kb();
    let t = Instant::now();
    let report = import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(report.imported as usize, n);
    println!(
        "import:    {:>7.2} s  {:>9.0} posts/s  {:>6.1} MB/s  (peak RSS {} MB before, {} MB after)",
        secs,
        n as f64 / secs,
        size / 1e6 / secs,
        rss_before / 1024,
        peak_rss_kb() / 1024
    );

    let t = Instant::now();
    let again = import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(again.duplicates as usize, n);
    println!(
        "re-import: {:>7.2} s  {:>9.0} posts/s  (all duplicates)",
        secs,
        n as f64 / secs
    );

    let topic =
        townhall::topics::add(&store, "Portal", "portal OR login", "2026-01-01T00:00:00Z").unwrap();
    let tz = townhall::time::parse_tz("America/Chicago").unwrap();
    let today = townhall::time::parse_date("2026-10-01").unwrap();
    let period = default_period(&store, &topic, None, None, tz, today).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-10-01T08:00:00Z")
        .unwrap()
        .to_utc();
    let (mut overview_ms, mut gather_ms, mut render_ms, mut total_ms) =
        (vec![], vec![], vec![], vec![]);
    let mut mentions = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let o = overview(&store, &topic, &period).unwrap();
        mentions = o.totals.mentions;
        let t1 = Instant::now();
        let gathered = townhall::output::brief::gather(&store, o).unwrap();
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
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "brief:     median {:.0} ms over 5 (overview {:.0} ms, spikes/incidents/terms {:.0} ms, typeset {:.0} ms); 30-day period, {mentions} matching posts",
        median(&mut total_ms),
        median(&mut overview_ms),
        median(&mut gather_ms),
        median(&mut render_ms),
    );
    println!("peak RSS of the whole run: {} MB", peak_rss_kb() / 1024);
}

/// Writes `n` tweets by 5,000 authors over 60 days, as twarc2 pages of 100.
fn generate(path: &std::path::Path, n: usize) {
    const WORDS: &[&str] = &[
        "portal", "login", "down", "again", "school", "schedule", "error", "teacher", "grades",
        "bus", "why", "still", "broken", "today", "app", "wifi", "slow", "please", "fix",
        "parents",
    ];
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut x: u64 = 42;
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
            let secs = 1_783_000_000 + (next() % (60 * 86_400));
            data.push(serde_json::json!({
                "id": (10_000_000_000u64 + i as u64).to_string(),
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
