//! Helpers shared by the tests: fixture paths, fresh workspaces, PDF text.

use std::path::{Path, PathBuf};

use townhall::store::Store;

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// `townhall --db <db> ...` with every path to the real app-data and config folders (and the
/// keychain) pointed beside `db`.
pub fn townhall(db: &Path) -> assert_cmd::Command {
    townhall_process(db).into()
}

/// [`townhall`] as a process to spawn, for a test that kills it or reads its output as it comes.
pub fn townhall_process(db: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("townhall"));
    let home = db.parent().unwrap();
    cmd.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("TOWNHALL_CONFIG_DIR", home.join("config"))
        .env_remove("TOWNHALL_DB")
        .arg("--db")
        .arg(db);
    cmd
}

/// What a command printed, after checking it succeeded.
pub fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The shared sample corpus beside the project, if this checkout has it.
pub fn corpus(rel: &str) -> Option<PathBuf> {
    shared(&format!("corpus/{rel}"))
}

/// The shared evaluation data beside the project, if this checkout has it.
pub fn eval_data(rel: &str) -> Option<PathBuf> {
    shared(&format!("eval/{rel}"))
}

/// A file or folder of `../shared` beside the project. A test without it is skipped with a
/// message, except under `CI=true`, where it fails: a green CI run means every test ran.
fn shared(rel: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if path.exists() {
        return Some(path);
    }
    let message = format!("../shared/{rel} is not present in this checkout");
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message}, and under CI=true a test may not skip");
    }
    eprintln!("skipped: {message}");
    None
}

/// A fresh workspace file in its own temporary folder (kept alive by the returned guard).
pub fn workspace() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.sqlite");
    let store = Store::open(&path).unwrap();
    (dir, path, store)
}

/// The demo in a workspace, and the request for its main topic's default period.
pub fn demo_workspace() -> (tempfile::TempDir, Store, townhall::wire::DashboardRequest) {
    let (dir, _path, mut store) = workspace();
    townhall::workspace::demo::create(&mut store, &dir.path().join("demo")).unwrap();
    let request = townhall::wire::DashboardRequest {
        topic: townhall::workspace::demo::MAIN_TOPIC.into(),
        ..Default::default()
    };
    (dir, store, request)
}

/// The text of a PDF, as poppler's `pdftotext` extracts it.
pub fn pdf_text(pdf: &[u8]) -> String {
    pdftotext(pdf, &[])
}

/// Imports one post unrelated to any test's topic at `at` (RFC 3339), so that the workspace's
/// data begins then: a period whose previous period the data covers whole is compared with it.
pub fn data_begins_at(store: &mut Store, at: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("first.jsonl");
    let tweet = serde_json::json!({"id": "990000000000000001", "author_id": "990000000000000001", "created_at": at,
        "text": "hello", "lang": "en"});
    std::fs::write(&file, tweet.to_string()).unwrap();
    let report =
        townhall::import::import_file(store, &file, &townhall::import::ImportOptions::default())
            .unwrap();
    assert_eq!(report.imported, 1);
}

/// What poppler's `pdftotext` prints for a PDF, given `options` (`-bbox` for each word's box).
pub fn pdftotext(pdf: &[u8], options: &[&str]) -> String {
    poppler("pdftotext", pdf, options, &["-"])
}

/// What poppler's `pdffonts` lists: the fonts a PDF embeds, a line each.
pub fn pdffonts(pdf: &[u8]) -> String {
    poppler("pdffonts", pdf, &[], &[])
}

fn poppler(tool: &str, pdf: &[u8], options: &[&str], after: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new(tool)
        .args(options)
        .arg(&path)
        .args(after)
        .output()
        .unwrap_or_else(|_| {
            panic!("{tool} (Debian package poppler-utils) is needed to read PDFs in tests")
        });
    assert!(out.status.success(), "{tool} failed");
    String::from_utf8(out.stdout).unwrap()
}

/// Writes `n` synthetic tweets as twarc2 pages of 100.
pub fn write_generated_twarc2(path: &Path, n: usize) {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for page in 0..n.div_ceil(100) {
        let data: Vec<_> = (page * 100..((page + 1) * 100).min(n))
            .map(|i| {
                serde_json::json!({
                    "id": format!("{}", 5_000_000 + i),
                    "author_id": format!("{}", i % 97),
                    "created_at": format!("2026-09-{:02}T{:02}:00:00.000Z", 1 + i % 28, i % 24),
                    "text": format!("generated tweet {i} about the portal"),
                    "public_metrics": {"like_count": i % 7, "retweet_count": 0, "reply_count": 0, "quote_count": 0}
                })
            })
            .collect();
        writeln!(
            out,
            "{}",
            serde_json::json!({"data": data, "includes": {"users": []}})
        )
        .unwrap();
    }
}

/// A cancel flag never set.
pub fn no_cancel() -> std::sync::atomic::AtomicBool {
    std::sync::atomic::AtomicBool::new(false)
}
