//! The `townhall` command line, run as a user runs it.

use std::path::Path;

use assert_cmd::Command;

use crate::support::fixture;

/// `townhall --db <db> ...` with every path to the real app-data folder pointed elsewhere.
fn townhall(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("townhall").unwrap();
    let home = db.parent().unwrap();
    cmd.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("TOWNHALL_DB")
        .arg("--db")
        .arg(db);
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn import_json_reports_each_file_and_reimport_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let out = stdout(
        townhall(&db)
            .args(["import", "--json"])
            .arg(fixture("twarc2/pages.jsonl")),
    );
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(report["format"], "twarc2");
    assert_eq!(report["read"], 5);
    assert_eq!(report["imported"], 5);
    assert_eq!(report["duplicates"], 0);
    assert_eq!(report["skipped"], 1);
    assert_eq!(report["errors"][0]["line"], 2);

    let out = stdout(
        townhall(&db)
            .args(["import", "--json"])
            .arg(fixture("twarc2/pages.jsonl")),
    );
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        (report["imported"].as_u64(), report["duplicates"].as_u64()),
        (Some(0), Some(5))
    );
}

#[test]
fn an_unsupported_file_fails_with_one_line_and_a_nonzero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let out = townhall(&db)
        .arg("import")
        .arg(fixture("twarc2/counts.jsonl"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("counts response"), "{err}");
}

#[test]
fn topics_series_posts_and_brief() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    stdout(
        townhall(&db)
            .arg("import")
            .arg(fixture("twarc2/pages.jsonl")),
    );
    stdout(townhall(&db).args(["topic", "add", "Portal", "--query", "portal"]));
    assert_eq!(stdout(townhall(&db).args(["topic", "list"])), "Portal\n");
    let json = stdout(townhall(&db).args(["topic", "list", "--json"]));
    assert!(json.contains("\"query\":\"portal\""), "{json}");

    let csv = stdout(townhall(&db).args([
        "series",
        "Portal",
        "--tz",
        "America/Chicago",
        "--from",
        "2026-10-31",
        "--to",
        "2026-11-02",
    ]));
    let lines: Vec<_> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "date,start,mentions,unique_authors,engagement,potential_reach,reach_unknown_share,\
         exposure,exposure_unknown_share,negative_share,net_sentiment,baseline,velocity,\
         share_of_voice,local"
    );
    assert!(
        lines[2].starts_with("2026-11-01,2026-11-01T05:00:00Z,3,3,3,2600,0.3333,"),
        "{}",
        lines[2]
    );

    let posts = stdout(townhall(&db).args(["posts", "--topic", "Portal", "--format", "jsonl"]));
    assert_eq!(posts.lines().count(), 4);
    let all = stdout(townhall(&db).args(["posts", "--limit", "2"]));
    assert_eq!(all.lines().count(), 2);
    let first: serde_json::Value = serde_json::from_str(all.lines().next().unwrap()).unwrap();
    assert_eq!(first["native_id"], "9001");

    let pdf = dir.path().join("brief.pdf");
    stdout(
        townhall(&db)
            .args(["brief", "Portal", "--tz", "UTC", "--out"])
            .arg(&pdf),
    );
    let text = crate::support::pdf_text(&std::fs::read(&pdf).unwrap());
    assert!(text.contains("Portal"));

    let out = townhall(&db).args(["series", "Nope"]).output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no topic named \"Nope\"; topics: Portal")
    );
}

#[test]
fn a_bad_query_points_at_the_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let out = townhall(&db)
        .args(["topic", "add", "X", "--query", "outage AND (login"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("column 18"), "{err}");
}

#[test]
fn demo_then_brief() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let out = stdout(townhall(&db).arg("demo"));
    assert!(out.contains("SchoolMax"), "{out}");
    // The demo is idempotent: running it again adds no posts.
    let again = stdout(townhall(&db).arg("demo"));
    assert!(again.contains(": 0 new posts"), "{again}");
    let pdf = dir.path().join("brief.pdf");
    let out = stdout(
        townhall(&db)
            .args(["brief", "SchoolMax", "--out"])
            .arg(&pdf),
    );
    let mentions: String = out
        .split(": ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .into();
    let text = crate::support::pdf_text(&std::fs::read(&pdf).unwrap());
    let formatted = townhall::brief::fmt_int(mentions.parse().unwrap());
    assert!(
        text.contains(&formatted),
        "brief shows {formatted} mentions: {text}"
    );
}

#[test]
fn sentiment_scores_text_and_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let one = stdout(townhall(&db).args(["sentiment", "The portal is down again. Terrible!"]));
    let v: serde_json::Value = serde_json::from_str(one.trim()).unwrap();
    assert!(v["compound"].as_f64().unwrap() < -0.05, "{one}");
    let many = stdout(townhall(&db).arg("sentiment").write_stdin("good\nbad\n"));
    let scores: Vec<f64> = many
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["compound"]
                .as_f64()
                .unwrap()
        })
        .collect();
    assert_eq!(scores.len(), 2);
    assert!(scores[0] > 0.0 && scores[1] < 0.0);
}
