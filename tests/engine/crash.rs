//! Killing a large import at random points: a child process (this test binary, re-run on one
//! ignored test) imports 200,000 generated posts in four files and is killed with SIGKILL
//! after a random number of progress reports, several times. After each kill the workspace is
//! whole: the integrity check passes, only whole files are in it (the post count is a sum of
//! committed files and never goes back), the saved topic's kept matches agree with matching
//! on the fly, and platform coverage agrees with the posts. A complete import then adds
//! exactly what was missing.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use townhall::import::{import_file, ImportOptions};
use townhall::store::Store;
use townhall::topics;

const FILES: usize = 4;
const PER_FILE: usize = 50_000;
const KILLS: usize = 5;

/// Run by [`killed_imports_leave_whole_files_only`] in a child process.
#[test]
#[ignore = "run by killed_imports_leave_whole_files_only in its own process"]
fn import_until_killed() {
    let (Some(db), Some(files)) = (
        std::env::var_os("TOWNHALL_CRASH_DB"),
        std::env::var("TOWNHALL_CRASH_FILES").ok(),
    ) else {
        return;
    };
    let mut store = Store::open(Path::new(&db)).unwrap();
    let progress = |p: townhall::import::Progress| {
        let mut out = std::io::stdout().lock();
        writeln!(out, "progress {}", p.posts_read).unwrap();
        out.flush().unwrap();
    };
    let options = ImportOptions {
        progress: Some(&progress),
        ..Default::default()
    };
    for file in files.split('\n') {
        import_file(&mut store, Path::new(file), &options).unwrap();
    }
    println!("done");
}

/// A small deterministic generator, seeded from the clock (the seed is printed).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn check_whole(store: &Store, topic: &topics::Topic) -> i64 {
    let conn = store.conn();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let posts = store.post_count().unwrap();
    assert_eq!(
        posts % PER_FILE as i64,
        0,
        "only whole files: {posts} posts"
    );
    let kept: i64 = conn
        .query_row(
            "SELECT count(*) FROM topic_matches WHERE topic = ?1",
            [topic.id],
            |r| r.get(0),
        )
        .unwrap();
    let live = topics::count(store, &topic.matcher().unwrap()).unwrap() as i64;
    let selection = topics::matches::Selection::of(store, topic).unwrap();
    assert_eq!(selection, topics::matches::Selection::Kept(vec![topic.id]));
    assert_eq!(kept, live, "kept matches agree with matching on the fly");
    let coverage: i64 = conn
        .query_row(
            "SELECT coalesce(sum(posts), 0) FROM platform_coverage",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(coverage, posts, "platform coverage agrees with the posts");
    posts
}

#[test]
fn killed_imports_leave_whole_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let started = std::time::Instant::now();
    let files: Vec<PathBuf> = (0..FILES)
        .map(|i| {
            let path = dir.path().join(format!("part{i}.jsonl"));
            write_part(&path, i);
            path
        })
        .collect();
    let store = Store::open(&db).unwrap();
    let topic = topics::add(&store, "Portal", "portal", "2026-09-01T00:00:00Z").unwrap();
    drop(store);

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    eprintln!("crash test seed {seed}");
    let mut random = Lcg(seed);
    eprintln!(
        "crash test: {:.1} s generating",
        started.elapsed().as_secs_f64()
    );
    let list = files
        .iter()
        .map(|f| f.display().to_string())
        .collect::<Vec<_>>()
        .join("\n");
    let mut previous = 0;
    for _ in 0..KILLS {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "crash::import_until_killed",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("TOWNHALL_CRASH_DB", &db)
            .env("TOWNHALL_CRASH_FILES", &list)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Progress comes every 2,000 posts: kill within the next 40,000 read.
        let reports = 1 + random.below(20);
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = 0;
        while seen < reports {
            match lines.next() {
                Some(Ok(line)) if line.starts_with("progress") => seen += 1,
                Some(Ok(_)) => {}
                _ => break,
            }
        }
        child.kill().unwrap(); // SIGKILL: no chance to clean up
        child.wait().unwrap();

        let store = Store::open(&db).unwrap();
        let posts = check_whole(&store, &topic);
        assert!(
            posts >= previous,
            "{posts} posts after {previous}: a commit was lost"
        );
        previous = posts;
    }

    eprintln!(
        "crash test: {:.1} s to here",
        started.elapsed().as_secs_f64()
    );
    let mut store = Store::open(&db).unwrap();
    let mut added = 0;
    for file in &files {
        added += import_file(&mut store, file, &ImportOptions::default())
            .unwrap()
            .imported as i64;
    }
    assert_eq!(added, (FILES * PER_FILE) as i64 - previous);
    assert_eq!(check_whole(&store, &topic), (FILES * PER_FILE) as i64);
    let duplicated: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM (SELECT 1 FROM posts GROUP BY platform, native_id HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(duplicated, 0);
}

/// One file of generated twarc2 pages; ids differ between files.
fn write_part(path: &Path, part: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for page in 0..PER_FILE / 100 {
        let tweets: Vec<String> = (0..100)
            .map(|k| {
                let i = part * PER_FILE + page * 100 + k;
                let about = if i.is_multiple_of(3) { " about the portal" } else { "" };
                format!(
                    r#"{{"id": "{}", "author_id": "{}", "created_at": "2026-09-{:02}T{:02}:00:00.000Z", "text": "post {i}{about}"}}"#,
                    10_000_000 + i,
                    i % 97,
                    1 + i % 28,
                    i % 24
                )
            })
            .collect();
        writeln!(out, r#"{{"data": [{}]}}"#, tweets.join(", ")).unwrap();
    }
    out.flush().unwrap();
}
