//! Live-collection benchmark: `workspace::live::watch` for a simulated hour (a fake clock, a source
//! collected every minute: 60 runs) against a fake Mastodon server on 127.0.0.1 that keeps
//! producing posts (default 300 a minute; set `TOWNHALL_BENCH_PER_MINUTE`). Prints resident and
//! peak memory at the start, after 10 simulated minutes and at the end (flat memory means the end
//! matches the 10-minute mark), and posts/s of wall time, with the machine and the data size.
//!
//! Run: `cargo bench -p townhall --bench watch`

mod machine;
use machine::*;

#[path = "../engine/fake_server.rs"]
#[allow(dead_code)]
mod fake_server;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use serde_json::{json, Value};
use townhall::collect::{self, Clock, FakeClock, MemorySecrets, NewSource, SourceKind};
use townhall::store::Store;
use townhall::workspace::live::WatchEvent;

use fake_server::{FakeServer, Reply};

const T0: i64 = 1_788_000_000;
const FIRST_ID: u64 = 1_000_000;

fn status(id: u64) -> Value {
    json!({
        "id": id.to_string(),
        "uri": format!("https://campus.example/users/u{}/statuses/{id}", id % 500),
        "url": format!("https://campus.example/@u{}/{id}", id % 500),
        "created_at": townhall::time::rfc3339(T0 + (id - FIRST_ID) as i64 / 5),
        "content": format!("<p>the student portal is down again, cannot register (status {id})</p>"),
        "language": "en",
        "account": {"uri": format!("https://campus.example/users/u{}", id % 500),
                    "acct": format!("u{}", id % 500), "display_name": "", "followers_count": id % 1000},
        "favourites_count": id % 7, "reblogs_count": id % 3, "replies_count": 0
    })
}

fn main() {
    let per_minute: u64 = std::env::var("TOWNHALL_BENCH_PER_MINUTE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let minutes: u64 = std::env::var("TOWNHALL_BENCH_MINUTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let clock = Arc::new(FakeClock::new(T0));
    let server = {
        let clock = clock.clone();
        FakeServer::start(move |r| {
            // Everything posted up to the fake now, paged forward from min_id, 40 at a time.
            let newest = FIRST_ID + (clock.now() - T0 + 60) as u64 / 60 * per_minute;
            let limit: u64 = r.param("limit").and_then(|l| l.parse().ok()).unwrap_or(40);
            let ids: Vec<u64> = match r.param("min_id").and_then(|m| m.parse::<u64>().ok()) {
                None => (newest.saturating_sub(limit - 1)..=newest).collect(),
                Some(m) => ((m + 1)..=newest).take(limit as usize).collect(),
            };
            Reply::json(Value::Array(ids.into_iter().rev().map(status).collect()))
        })
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ws.sqlite");
    let secrets = MemorySecrets::new();
    {
        let store = Store::open(&path).unwrap();
        townhall::topics::add(
            &store,
            "Portal",
            "portal OR register",
            "2026-01-01T00:00:00Z",
        )
        .unwrap();
        let new = NewSource {
            name: "campus".into(),
            kind: Some(SourceKind::Mastodon),
            url: Some(server.url.clone()),
            target: Some("portaldown".into()),
            interval_secs: Some(60),
            ..NewSource::default()
        };
        collect::add_source(&store, &secrets, &new, T0).unwrap();
    }
    println!("machine: {}, {} cores", cpu_model(), num_cores());
    println!(
        "data: a Mastodon hashtag producing {per_minute} posts a minute, collected every minute \
         for a simulated hour (60 runs), with one saved topic kept current"
    );
    let start = (rss_kb(), peak_rss_kb(), anon_kb());
    let cancel = AtomicBool::new(false);
    let (mut runs, mut posts, mut pages, mut errors) = (0u64, 0u64, 0u64, 0usize);
    let mut at_ten = (0, 0, 0);
    let t = Instant::now();
    townhall::workspace::live::watch(&path, &secrets, &*clock, &cancel, &mut |event| {
        let WatchEvent::Collected(r) = event else {
            return;
        };
        runs += 1;
        posts += r.new_posts;
        pages += r.pages;
        errors += r.errors.len();
        server.clear();
        if runs == 10 {
            at_ten = (rss_kb(), peak_rss_kb(), anon_kb());
        }
        if runs % 60 == 0 {
            println!(
                "  {:>4} runs: RSS {:>3} MB, not the mapped workspace {:>3} MB",
                runs,
                rss_kb() / 1024,
                anon_kb() / 1024
            );
        }
        if runs == minutes {
            cancel.store(true, Ordering::SeqCst);
        }
    })
    .unwrap();
    let secs = t.elapsed().as_secs_f64();
    let end = (rss_kb(), peak_rss_kb(), anon_kb());
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "watch: {runs} runs, {pages} pages, {posts} new posts, {errors} errors in {secs:.2} s \
         ({:.0} posts/s); workspace {:.1} MB",
        posts as f64 / secs,
        size as f64 / 1e6
    );
    for (when, (rss, peak, anon)) in [
        ("start", start),
        ("after 10 runs", at_ten),
        ("at the end", end),
    ] {
        println!(
            "memory {when:>13}: RSS {:>3} MB (peak {:>3} MB), of which not the mapped workspace {:>3} MB",
            rss / 1024,
            peak / 1024,
            anon / 1024
        );
    }
    assert_eq!(errors, 0);
    assert!(
        posts >= 59 * per_minute,
        "collection kept up: {posts} posts"
    );
}
