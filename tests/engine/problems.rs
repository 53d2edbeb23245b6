//! Most reported problems on real workspaces: each category pinned by English and Spanish posts,
//! a post in two categories, replaced queries, the command's table and JSON, each listed post's
//! categories, the demo's top problem, and the queries measured on the labelled set.

use chrono::{TimeZone, Utc};
use pretty_assertions::assert_eq;
use townhall::analytics::problems::{Problem, ProblemReport};
use townhall::import::{import_file, ImportOptions};
use townhall::store::Store;
use townhall::topics;
use townhall::wire::DashboardRequest;
use townhall::workspace::{self, demo, problems};

use crate::support::{fixture, stdout, townhall, workspace};

/// The hand-made posts: topic `Portal` (query `portal`) has 19 posts from 8 to 14 March 2026
/// and 2 in the week before; one more post says "down" without naming the portal. The
/// workspace's data begins in February, so the week before is compared with whole.
fn portal() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let (dir, path, mut store) = workspace();
    let report = import_file(
        &mut store,
        &fixture("problems/posts.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(report.imported, 22);
    crate::support::data_begins_at(&mut store, "2026-02-01T00:00:00Z");
    topics::add(&store, "Portal", "portal", "2026-03-15T00:00:00Z").unwrap();
    (dir, path, store)
}

fn week() -> DashboardRequest {
    DashboardRequest {
        topic: "Portal".into(),
        from: Some("2026-03-08".into()),
        to: Some("2026-03-14".into()),
        tz: Some("UTC".into()),
        ..Default::default()
    }
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 20, 12, 0, 0).unwrap()
}

/// (category, posts, previous, people), in the report's order.
fn rows(report: &ProblemReport) -> Vec<(&'static str, u64, u64, u64)> {
    report
        .problems
        .iter()
        .map(|p| (p.problem.as_str(), p.mentions, p.previous, p.people))
        .collect()
}

#[test]
fn each_category_counts_its_english_and_spanish_posts() {
    let (_dir, _path, store) = portal();
    let report = problems::report(&store, &week(), now()).unwrap();
    assert_eq!((report.mentions, report.categorised), (19, 18));
    assert_eq!(report.previous_period.from.to_string(), "2026-03-01");
    assert_eq!(
        rows(&report),
        [
            // Two posts by one person, one in Spanish, and one also `mobile`.
            ("outage", 4, 1, 3),
            ("mobile", 3, 0, 3),
            ("login", 2, 1, 2),
            ("slow", 2, 0, 2),
            ("wrong-data", 2, 0, 2),
            ("notifications", 2, 0, 2),
            ("payments", 2, 0, 2),
            ("security", 2, 0, 2),
        ]
    );
    let outage = &report.problems[0];
    assert!((outage.share - 4.0 / 19.0).abs() < 1e-12);
    assert_eq!(outage.change.pct, Some(300.0));
    assert_eq!(report.problems[1].change.pct, None);
    assert_eq!(report.problems[2].change.pct, Some(100.0));
    assert_eq!(report.top().unwrap().problem, Problem::Outage);
}

#[test]
fn every_listed_post_carries_its_categories() {
    let (_dir, path, _store) = portal();
    let out = stdout(townhall(&path).args([
        "posts",
        "--topic",
        "Portal",
        "--from",
        "2026-03-08",
        "--format",
        "jsonl",
    ]));
    let found: Vec<(String, Vec<String>)> = out
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let problems = v["problems"].as_array().expect("always an array");
            (
                v["lang"].as_str().unwrap().to_string(),
                problems
                    .iter()
                    .map(|p| p.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    let expected: Vec<(&str, &[&str])> = vec![
        ("en", &["login"]),
        ("es", &["login"]),
        ("en", &["outage"]),
        ("es", &["outage"]),
        ("en", &["outage"]),
        ("en", &["slow"]),
        ("es", &["slow"]),
        ("en", &["wrong-data"]),
        ("es", &["wrong-data"]),
        ("en", &["notifications"]),
        ("es", &["notifications"]),
        ("en", &["payments"]),
        ("es", &["payments"]),
        ("en", &["mobile"]),
        ("es", &["mobile"]),
        ("en", &["security"]),
        ("es", &["security"]),
        ("en", &["outage", "mobile"]),
        ("en", &[]),
    ];
    let expected: Vec<(String, Vec<String>)> = expected
        .into_iter()
        .map(|(l, ps)| (l.to_string(), ps.iter().map(|p| p.to_string()).collect()))
        .collect();
    assert_eq!(found, expected);

    // `--problem` keeps exactly the posts of that category (before any limit), and refuses an
    // unknown one.
    let outage = stdout(townhall(&path).args([
        "posts",
        "--topic",
        "Portal",
        "--from",
        "2026-03-08",
        "--problem",
        "outage",
        "--limit",
        "3",
    ]));
    let outage: Vec<Vec<String>> = outage
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            serde_json::from_value(v["problems"].clone()).unwrap()
        })
        .collect();
    assert_eq!(outage.len(), 3);
    assert!(
        outage.iter().all(|p| p.iter().any(|c| c == "outage")),
        "{outage:?}"
    );
    let refused = townhall(&path)
        .args(["posts", "--topic", "Portal", "--problem", "weather"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
}

#[test]
fn a_replaced_query_changes_the_counts_and_a_bad_one_is_refused() {
    let (_dir, _path, mut store) = portal();
    let outage = |store: &Store| {
        let report = problems::report(store, &week(), now()).unwrap();
        let row = report
            .problems
            .iter()
            .find(|p| p.problem == Problem::Outage)
            .unwrap()
            .clone();
        (row.mentions, row.custom)
    };
    assert_eq!(outage(&store), (4, false));

    let category = problems::set_query(&store, "outage", "caído OR crash*").unwrap();
    assert!(category.custom);
    assert_eq!(outage(&store), (2, true));

    let err = problems::set_query(&store, "outage", "down AND (broken")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "problem outage: query column 17: the “(” at column 10 is never closed: a “)” is missing here"
    );
    assert_eq!(outage(&store), (2, true), "a refused query changes nothing");
    let err = problems::set_query(&store, "printers", "toner").unwrap_err();
    assert!(
        err.to_string().contains("the categories are login, outage"),
        "{err}"
    );

    // The same through the workspace's settings; an empty value puts the built-in query back.
    workspace::set_setting(&mut store, "problems.outage", "down", now()).unwrap();
    assert_eq!(outage(&store), (1, true));
    workspace::set_setting(&mut store, "problems.outage", "", now()).unwrap();
    assert_eq!(outage(&store), (4, false));

    problems::set_query(&store, "outage", "down").unwrap();
    let category = problems::reset_query(&store, "outage").unwrap();
    assert_eq!(category.query, Problem::Outage.default_query());
    assert_eq!(outage(&store), (4, false));
}

#[test]
fn the_command_prints_a_table_or_json_lines() {
    let (_dir, path, _store) = portal();
    let args = [
        "problems",
        "Portal",
        "--from",
        "2026-03-08",
        "--to",
        "2026-03-14",
        "--tz",
        "UTC",
    ];
    let table = stdout(townhall(&path).args(args));
    assert_eq!(
        table,
        "\
Portal, 2026-03-08 to 2026-03-14 (UTC): 19 mentions, 18 in a category; change against 2026-03-01 to 2026-03-07
problem         posts  share  change people
outage              4    21%   +300%      3
mobile              3    16%     new      3
login               2    11%   +100%      2
slow                2    11%     new      2
wrong-data          2    11%     new      2
notifications       2    11%     new      2
payments            2    11%     new      2
security            2    11%     new      2
"
    );

    // The data begin part-way through the period before: the dashboard's words, and the column
    // as wide as they are.
    let long = [
        "problems",
        "Portal",
        "--from",
        "2026-02-10",
        "--to",
        "2026-03-14",
        "--tz",
        "UTC",
    ];
    let table = stdout(townhall(&path).args(long));
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[1], "problem         posts  share       change people");
    assert_eq!(
        lines[2], "outage              5    24% not compared      3",
        "{table}"
    );

    let json = stdout(townhall(&path).args(args).arg("--json"));
    let lines: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 8);
    assert_eq!(lines[0]["problem"], "outage");
    assert_eq!(lines[0]["mentions"], 4);
    assert_eq!(lines[0]["previous"], 1);
    assert_eq!(lines[0]["change"]["pct"], 300.0);
    assert_eq!(lines[0]["people"], 3);
    assert_eq!(lines[1]["change"]["pct"], serde_json::Value::Null);
    assert_eq!(lines[0]["custom"], false);

    // Replacing, refusing and resetting a query from the command line.
    let set = stdout(townhall(&path).args(["problems", "set", "slow", "lento"]));
    assert_eq!(set, "slow (custom): lento\n");
    let out = townhall(&path)
        .args(["problems", "set", "slow", "lento OR"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "townhall: problem slow: query column 9: the query ends too early: a word or phrase is missing here\n"
    );
    let json = stdout(townhall(&path).args(args).arg("--json"));
    assert!(json.contains(r#""problem":"slow","label":"Slow or timing out","mentions":1,"#));
    let queries = stdout(townhall(&path).args(["problems", "queries"]));
    assert_eq!(queries.lines().count(), 8);
    assert!(queries.contains("\nslow (custom): lento\n"), "{queries}");
    let reset = stdout(townhall(&path).args(["problems", "reset", "slow"]));
    assert!(reset.starts_with("slow (built-in): slow* OR "), "{reset}");
}

#[test]
fn the_demo_s_top_problem_is_the_outage() {
    let (_dir, _path, mut store) = workspace();
    let files = tempfile::tempdir().unwrap();
    demo::create(&mut store, files.path()).unwrap();
    // The first week of term, when SchoolMax was down.
    let request = DashboardRequest {
        topic: demo::MAIN_TOPIC.into(),
        from: Some("2026-08-31".into()),
        to: Some("2026-09-06".into()),
        tz: None,
        ..Default::default()
    };
    let report = problems::report(&store, &request, now()).unwrap();
    let top = report.top().unwrap();
    assert_eq!(top.problem, Problem::Outage);
    assert!(
        top.mentions > 2 * report.problems[1].mentions,
        "{:?}",
        rows(&report)
    );
    assert!(top.share > 0.3, "{}", top.share);
}

#[test]
fn the_labelled_set_measures_as_the_readme_says() {
    let labelled = problems::read_labelled(&fixture("problems/labelled.tsv")).unwrap();
    assert!(labelled.len() >= 150, "{}", labelled.len());
    for problem in Problem::ALL {
        for lang in ["en", "es"] {
            assert!(
                labelled
                    .iter()
                    .any(|p| p.lang.as_deref() == Some(lang) && p.labels.contains(&problem)),
                "no {lang} post labelled {problem}"
            );
        }
    }
    let evaluation = problems::evaluate(&labelled).unwrap();
    let table: Vec<(&str, u64, u64, u64)> = evaluation
        .scores
        .iter()
        .map(|s| (s.problem.as_str(), s.labelled, s.found, s.both))
        .collect();
    // The README's table ("Most reported problems"); change both together.
    assert_eq!(
        table,
        [
            ("login", 26, 28, 25),
            ("outage", 28, 32, 28),
            ("slow", 18, 19, 18),
            ("wrong-data", 21, 11, 11),
            ("notifications", 16, 16, 16),
            ("payments", 19, 19, 19),
            ("mobile", 22, 22, 22),
            ("security", 16, 17, 16),
        ]
    );
}

#[test]
fn a_labelled_set_with_an_unknown_category_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("set.tsv");
    std::fs::write(
        &path,
        "labels\tlang\ttext\nlogin\ten\tcan't log in\nprinter\ten\tno toner\n",
    )
    .unwrap();
    let err = problems::read_labelled(&path).unwrap_err().to_string();
    assert!(
        err.contains("line 3: no problem category named \"printer\""),
        "{err}"
    );
    std::fs::write(&path, "text\nhello\n").unwrap();
    let err = problems::read_labelled(&path).unwrap_err().to_string();
    assert!(
        err.contains("line 1: the first line should be the header"),
        "{err}"
    );
}

#[test]
fn eval_problems_prints_precision_and_recall() {
    let (_dir, path, _store) = workspace();
    let out = stdout(townhall(&path).args([
        "eval",
        "problems",
        fixture("problems/labelled.tsv").to_str().unwrap(),
    ]));
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("177 labelled posts (93 en, 84 es)"),
        "{out}"
    );
    assert_eq!(
        lines[1],
        "problem        labelled  found  both precision  recall"
    );
    assert_eq!(
        lines[2],
        "login                26     28    25       89%     96%"
    );
}

#[test]
fn the_readme_shows_every_built_in_query_and_the_measured_table() {
    let readme = std::fs::read_to_string(fixture("../../README.md")).unwrap();
    for problem in Problem::ALL {
        assert!(
            readme.contains(&format!("```text\n{}\n```", problem.default_query())),
            "the README's query of {problem} is not the built-in one"
        );
    }
    let labelled = problems::read_labelled(&fixture("problems/labelled.tsv")).unwrap();
    let pct = |v: Option<f64>| format!("{:.0}%", v.unwrap() * 100.0);
    for s in problems::evaluate(&labelled).unwrap().scores {
        let row = format!(
            "| {} | {} | {} | {} | {} | {} |",
            s.problem,
            s.labelled,
            s.found,
            s.both,
            pct(s.precision),
            pct(s.recall)
        );
        assert!(readme.contains(&row), "the README lacks the row {row}");
    }
}
