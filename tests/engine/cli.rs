//! The `townhall` command line, run as a user runs it.

use crate::support::{fixture, stdout, townhall};

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
fn a_file_of_profiles_says_how_many_it_read_and_that_it_has_no_posts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let profiles = fixture("bluesky/profiles.json");
    let out = stdout(townhall(&db).arg("import").arg(&profiles));
    assert_eq!(
        out,
        format!("{}: 2 profiles, no posts (bluesky)\n", profiles.display())
    );

    // A file of posts counts the authors it described, and says its posts.
    let out = stdout(
        townhall(&db)
            .args(["import", "--json"])
            .arg(fixture("twarc2/pages.jsonl")),
    );
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert!(report["profiles"].as_u64().unwrap() > 0, "{report}");
    let out = stdout(
        townhall(&db)
            .arg("import")
            .arg(fixture("twarc2/pages.jsonl")),
    );
    assert!(
        out.contains(": 0 new posts, 5 duplicates, 1 skipped (twarc2)"),
        "{out}"
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
fn a_mistyped_workspace_is_an_error_and_another_database_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let failure = |cmd: &mut assert_cmd::Command| {
        let out = cmd.output().unwrap();
        assert!(!out.status.success());
        String::from_utf8(out.stderr).unwrap()
    };
    // Reading a workspace that is not there says so, and creates nothing.
    for args in [
        &["topic", "list"][..],
        &["overview", "Portal"],
        &["imports", "list"],
    ] {
        let err = failure(townhall(&db).args(args));
        assert!(err.contains("no workspace at"), "{args:?}: {err}");
        assert!(err.contains("townhall import"), "{err}");
        assert!(!db.exists(), "{args:?} created the workspace");
    }
    let err = failure(townhall(&db).args(["prune", "--days", "30", "--dry-run"]));
    assert!(err.contains("no workspace at"), "{err}");
    // A folder is not offered as a place an import would start one.
    let err = failure(townhall(dir.path()).args(["topic", "list"]));
    assert!(
        err.contains("is a folder; a workspace is a file in it"),
        "{err}"
    );
    assert!(!err.contains("starts one there"), "{err}");

    // Another program's database is refused by every command, and not written to.
    let other = dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes (body TEXT)")
        .unwrap();
    let before = std::fs::read(&other).unwrap();
    for args in [
        &["topic", "list"][..],
        &["topic", "add", "Portal", "--query", "portal"],
        &["set", "retention_days", "30"],
        &["demo"],
    ] {
        let err = failure(townhall(&other).args(args));
        assert!(err.contains("not a Townhall workspace"), "{args:?}: {err}");
    }
    let mut import = townhall(&other);
    import.arg("import").arg(fixture("twarc2/pages.jsonl"));
    assert!(failure(&mut import).contains("not a Townhall workspace"));
    assert_eq!(std::fs::read(&other).unwrap(), before);

    // Bringing something in starts the workspace.
    stdout(townhall(&db).args(["topic", "add", "Portal", "--query", "portal"]));
    assert_eq!(
        stdout(townhall(&db).args(["topic", "list"])).trim(),
        "Portal"
    );
}

/// With a retention period, an import says which posts it left out as too old, rather than
/// counting them new and deleting them.
#[test]
fn an_import_says_what_the_retention_period_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    stdout(townhall(&db).args(["set", "retention_days", "1", "--yes"]));
    let out = stdout(
        townhall(&db)
            .arg("import")
            .arg(fixture("twarc2/pages.jsonl")),
    );
    assert!(
        out.contains(
            ": 0 new posts, 0 duplicates, 1 skipped, 5 left out as older than the retention period"
        ),
        "{out}"
    );
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
    // A file none of whose records can be read imports nothing, and the run fails.
    let broken = dir.path().join("broken.csv");
    std::fs::write(&broken, "date,text\nnot a date,portal\nnor this,portal\n").unwrap();
    let none = townhall(&db).arg("import").arg(&broken).output().unwrap();
    assert!(!none.status.success());
    let err = String::from_utf8(none.stderr).unwrap();
    assert!(err.contains("none of its 2 records could be read"), "{err}");
    // The history says so too, beside the import that succeeded.
    let history = stdout(townhall(&db).args(["imports", "list"]));
    let statuses: Vec<&str> = history
        .lines()
        .filter_map(|l| {
            ["pages.jsonl", "broken.csv"]
                .iter()
                .find(|f| l.contains(*f))
                .map(|_| l)
        })
        .collect();
    assert_eq!(statuses.len(), 2, "{history}");
    assert!(
        statuses
            .iter()
            .any(|l| l.contains("broken.csv") && l.contains("failed")),
        "{history}"
    );
    assert!(
        statuses
            .iter()
            .any(|l| l.contains("pages.jsonl") && l.contains("done")),
        "{history}"
    );
    // A period that ends before it starts is refused by every command, `posts` too.
    let reversed = townhall(&db)
        .args([
            "posts",
            "--topic",
            "Portal",
            "--from",
            "2026-09-10",
            "--to",
            "2026-09-01",
        ])
        .output()
        .unwrap();
    assert!(!reversed.status.success());
    let err = String::from_utf8(reversed.stderr).unwrap();
    assert!(err.contains("after it ends"), "{err}");
    // Hours of years would be millions of buckets: refused, with what to do instead.
    let long = townhall(&db)
        .args([
            "series",
            "Portal",
            "--bucket",
            "hour",
            "--from",
            "2020-01-01",
        ])
        .args(["--to", "2026-12-31"])
        .output()
        .unwrap();
    assert!(!long.status.success());
    let err = String::from_utf8(long.stderr).unwrap();
    assert!(err.contains("too long to count by the hour"), "{err}");
    // The same name again replaces the query, and says so; the same query says nothing.
    for (query, said) in [("portal", false), ("login", true), ("portal", true)] {
        let again = townhall(&db)
            .args(["topic", "add", " portal ", "--query", query])
            .output()
            .unwrap();
        assert!(again.status.success());
        let err = String::from_utf8(again.stderr).unwrap();
        assert_eq!(err.contains("its query `"), said, "{err}");
    }
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
        "date,start,end,mentions,unique_authors,engagement,engagement_unknown_share,\
         potential_reach,reach_unknown_share,exposure,exposure_unknown_share,negative,negative_share,net_sentiment,baseline,velocity,\
         share_of_voice,local"
    );
    assert!(
        // 1 November is 25 hours long in Chicago: it ends at 06:00 UTC, not 05:00.
        lines[2].starts_with(
            "2026-11-01,2026-11-01T05:00:00Z,2026-11-02T06:00:00Z,3,3,3,0.3333,2600,0.3333,"
        ),
        "{}",
        lines[2]
    );

    let posts = stdout(townhall(&db).args(["posts", "--topic", "Portal", "--format", "jsonl"]));
    assert_eq!(posts.lines().count(), 4);
    let negative = stdout(townhall(&db).args(["posts", "--topic", "Portal", "--negative"]));
    let tones: Vec<f64> = negative
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["sentiment"]
                .as_f64()
                .unwrap()
        })
        .collect();
    assert!(!tones.is_empty() && tones.len() < 4, "{tones:?}");
    assert!(tones.iter().all(|&s| s <= -0.05), "{tones:?}");
    let all = stdout(townhall(&db).args(["posts", "--limit", "2"]));
    assert_eq!(all.lines().count(), 2);
    // A private person is pseudonymised, as in every output, unless names are asked for.
    let first: serde_json::Value = serde_json::from_str(all.lines().next().unwrap()).unwrap();
    assert_eq!(
        (&first["author_handle"], &first["native_id"]),
        (&"Person 1".into(), &"".into())
    );
    let named = stdout(townhall(&db).args(["posts", "--limit", "1", "--names"]));
    let first: serde_json::Value = serde_json::from_str(named.trim()).unwrap();
    assert_eq!(
        (&first["author_handle"], &first["native_id"]),
        (&"maya_k".into(), &"9001".into())
    );

    let text = portal_brief_text(&db);
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

/// The demo never goes into a workspace of the user's own: without --db it is the sample
/// workspace beside the default one, and a workspace holding other posts is refused untouched.
#[test]
fn the_demo_goes_into_the_sample_workspace_never_the_user_s() {
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("own.sqlite");
    stdout(
        townhall(&own)
            .arg("import")
            .arg(fixture("twarc2/pages.jsonl")),
    );
    let before = std::fs::read(&own).unwrap();
    let refused = townhall(&own).arg("demo").output().unwrap();
    assert!(!refused.status.success());
    let err = String::from_utf8(refused.stderr).unwrap();
    assert!(err.contains("holds a workspace of your own"), "{err}");
    assert_eq!(
        std::fs::read(&own).unwrap(),
        before,
        "the workspace is untouched"
    );

    // Without --db (nor TOWNHALL_DB): the sample file in the app's data folder.
    let mut cmd = assert_cmd::Command::cargo_bin("townhall").unwrap();
    let out = cmd
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("TOWNHALL_CONFIG_DIR", dir.path().join("config"))
        .env_remove("TOWNHALL_DB")
        .arg("demo")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.contains("sample.sqlite"), "{said}");
    let samples: Vec<_> = walk(&dir.path().join("data"))
        .into_iter()
        .filter(|p| p.ends_with("sample.sqlite"))
        .collect();
    assert_eq!(samples.len(), 1, "{said}");
    let default = samples[0].with_file_name("workspace.sqlite");
    assert!(!default.exists(), "the default workspace is not created");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn demo_then_brief() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let out = stdout(townhall(&db).arg("demo"));
    assert!(out.contains("SchoolMax"), "{out}");
    // The demo is idempotent: running it again adds no posts.
    let again = stdout(townhall(&db).arg("demo"));
    assert_eq!(again, out);
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
        .replace(',', "");
    let text = crate::support::pdf_text(&std::fs::read(&pdf).unwrap());
    // The top posts written beside the PDF are the ones it lists, the top by estimated views.
    let beside: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("brief.top-posts.json")).unwrap())
            .unwrap();
    let listed = text.split("Top posts by estimated views").nth(1).unwrap();
    let mut listed = listed.split_whitespace().collect::<Vec<_>>().join(" ");
    let posts = beside.as_array().unwrap();
    assert_eq!(posts.len(), 6);
    for post in posts {
        let words = post["text"].as_str().unwrap().split_whitespace().take(4);
        let words = words.collect::<Vec<_>>().join(" ");
        let at = listed
            .find(&words)
            .unwrap_or_else(|| panic!("{words:?} in {listed}"));
        listed = listed[at + words.len()..].to_string();
    }
    let formatted = townhall::output::brief::fmt_int(mentions.parse().unwrap());
    assert!(
        text.contains(&formatted),
        "brief shows {formatted} mentions: {text}"
    );
    // The words of a brief of `from`..`to` generated at `at`.
    let brief_at = |from: &str, to: &str, at: &str| {
        let pdf = dir.path().join(format!("{from}-{to}.pdf"));
        stdout(
            townhall(&db)
                .args(["brief", "SchoolMax", "--from", from, "--to", to])
                .args(["--generated-at", at, "--out"])
                .arg(&pdf),
        );
        let text = crate::support::pdf_text(&std::fs::read(&pdf).unwrap());
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    // A brief generated before INC0041207 was resolved (3 September, 14:05) tells it as open.
    let told = brief_at("2026-08-27", "2026-09-02", "2026-09-03T01:30:00Z");
    assert!(told.contains("INC0041207"), "{told}");
    assert!(
        !told.contains("resolved") && !told.contains("resolution"),
        "{told}"
    );
    // Nor is an incident opened after it shown or compared with past ones.
    let mid = brief_at("2026-09-01", "2026-09-20", "2026-09-10T12:00:00Z");
    assert!(!mid.contains("INC0041388"), "{mid}");
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("back to normal 2 d 2 h after it was resolved"),
        "{words}"
    );
    // Incidents listed without a topic carry the lags of the topic each is linked to.
    let all = stdout(townhall(&db).args(["incidents", "list", "--json"]));
    let of_topic =
        stdout(townhall(&db).args(["incidents", "list", "--json", "--topic", "SchoolMax"]));
    assert_eq!(all, of_topic, "the demo's incidents are all SchoolMax's");
    assert!(all.contains("\"social_detection_lead\":6000"), "{all}");
    // Lists that say no zone otherwise give times on the workspace's clock, with its zone; the
    // themes' examples on the clock of the period they name.
    let listed = stdout(townhall(&db).args(["incidents", "list"]));
    assert!(listed.contains("\t2026-09-01 08:40 CDT\t"), "{listed}");
    let themes = stdout(townhall(&db).args(["themes", "SchoolMax"]));
    assert!(themes.contains("(America/Chicago)"), "{themes}");
    assert!(themes.contains("(Reddit, 2026-08-31 08:34)"), "{themes}");
    // A brief that cannot be written says why once, with the path.
    let nowhere = dir.path().join("no-such-folder").join("brief.pdf");
    let out = townhall(&db)
        .args(["brief", "SchoolMax", "--out"])
        .arg(&nowhere)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no-such-folder"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(
        err.matches("(os error").count(),
        1,
        "the reason said once: {err}"
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

#[test]
fn series_by_hour_has_every_metric_as_a_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    stdout(
        townhall(&db)
            .arg("import")
            .arg(fixture("metrics/dst.jsonl")),
    );
    stdout(townhall(&db).args(["topic", "add", "Portal", "--query", "portal"]));
    stdout(townhall(&db).args(["topic", "add", "Login", "--query", "login"]));
    let csv = stdout(townhall(&db).args([
        "series",
        "Portal",
        "--bucket",
        "hour",
        "--tz",
        "America/Chicago",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-01",
    ]));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 25, "a 25-hour day");
    let header: Vec<&str> = lines[0].split(',').collect();
    let row = |i: usize| -> Vec<&str> { lines[i].split(',').collect() };
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    // The second 01:00 (CST): posts 2 and 3.
    let r = row(3);
    assert_eq!(r[col("local")], "2026-11-01T01:00:00-06:00");
    assert_eq!(r[col("start")], "2026-11-01T07:00:00Z");
    let got: Vec<&str> = [
        "mentions",
        "unique_authors",
        "engagement",
        "potential_reach",
        "reach_unknown_share",
        "exposure",
        "exposure_unknown_share",
        "negative_share",
        "net_sentiment",
        "baseline",
        "velocity",
        "share_of_voice",
    ]
    .iter()
    .map(|c| r[col(c)])
    .collect();
    assert_eq!(
        got,
        [
            "2", "2", "6", "1000", "0.5000", "1250", "0.5000", "0.0000", "1.0000", "0.0000", "",
            "1.0000"
        ]
    );

    let json = stdout(townhall(&db).args([
        "series",
        "Portal",
        "--bucket",
        "week",
        "--tz",
        "America/Chicago",
        "--from",
        "2026-10-31",
        "--to",
        "2026-11-02",
        "--format",
        "json",
    ]));
    let weeks: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(weeks[0]["date"], "2026-10-26");
    assert_eq!(weeks[0]["mentions"], 5);
    assert_eq!(weeks[0]["baseline"], 1.5);
}

#[test]
fn posts_sorted_by_exposure_and_query_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    stdout(
        townhall(&db)
            .arg("import")
            .arg(fixture("metrics/dst.jsonl")),
    );
    stdout(townhall(&db).args(["topic", "add", "Portal", "--query", "portal"]));
    let out = stdout(townhall(&db).args([
        "posts",
        "--topic",
        "Portal",
        "--tz",
        "America/Chicago",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-01",
        "--sort",
        "exposure",
        "--limit",
        "2",
        "--format",
        "jsonl",
        // Named, so that the posts' ids on the platform are given.
        "--names",
    ]));
    let posts: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = posts
        .iter()
        .map(|p| p["native_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1", "3"]);
    assert_eq!(posts[1]["exposure"], 1250.0);

    assert_eq!(
        stdout(townhall(&db).args(["topic", "check", "portal -login"])),
        "10\n"
    );
    let json = stdout(townhall(&db).args(["topic", "check", "--json", "#portal"]));
    assert_eq!(json.trim(), r#"{"status":"valid","count":0}"#);
    let out = townhall(&db)
        .args(["topic", "check", "portal lang:"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("column 13") && err.contains("lang:"), "{err}");
}

#[test]
fn vader_correlates_with_human_ratings_like_the_reference() {
    let Some(file) = crate::support::eval_data("vader/tweets_GroundTruth.txt") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = stdout(
        townhall(&tmp.path().join("ws.sqlite"))
            .args(["eval", "vader"])
            .arg(file),
    );
    assert!(
        out.contains("texts: 4200") && out.contains("pearson r: 0.872"),
        "{out}"
    );
}

#[test]
fn spikes_of_a_csv_series_are_printed_as_its_own_timestamps() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("series.csv");
    let mut rows = String::from("timestamp,value\n");
    for i in 0..(21 * 24) {
        let value = if i == 20 * 24 + 9 { 400 } else { 3 + i % 2 };
        rows.push_str(&format!(
            "2026-09-{:02} {:02}:00:00,{value}\n",
            1 + i / 24,
            i % 24
        ));
    }
    std::fs::write(&csv, rows).unwrap();
    let out = stdout(
        townhall(&tmp.path().join("ws.sqlite"))
            .args(["spikes", "--series"])
            .arg(&csv),
    );
    assert_eq!(
        out,
        "2026-09-21 09:00:00  major rise, peak 400 against a normal 4, last elevated 2026-09-21 09:00:00\n"
    );
}

#[test]
fn a_metric_that_drops_is_printed_as_a_fall() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("speed.csv");
    let mut rows = String::from("timestamp,value\n");
    for i in 0..(21 * 24) {
        // A road's speed in whole miles an hour, which stops for an hour.
        let value = if i == 20 * 24 + 9 { 0 } else { 41 + i % 3 };
        rows.push_str(&format!(
            "2026-09-{:02} {:02}:00:00,{value}\n",
            1 + i / 24,
            i % 24
        ));
    }
    std::fs::write(&csv, rows).unwrap();
    let run = |args: &[&str]| {
        let mut command = townhall(&tmp.path().join("ws.sqlite"));
        command.args(["spikes", "--series"]).arg(&csv).args(args);
        stdout(&mut command)
    };
    assert!(
        run(&[]).starts_with("2026-09-21 09:00:00  major fall, peak 0 against a normal 41,"),
        "{}",
        run(&[])
    );
    let line: serde_json::Value = serde_json::from_str(run(&["--json"]).trim()).unwrap();
    assert_eq!(line["direction"], "fall");
    assert_eq!(line["peak_value"], 0.0);
    // Read as mentions, the same numbers falling silent are not news.
    assert_eq!(run(&["--kind", "mentions"]), "No spike.\n");
}

#[test]
fn killing_an_import_midway_leaves_a_consistent_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let big = dir.path().join("big.jsonl");
    crate::support::write_generated_twarc2(&big, 60_000);
    stdout(townhall(&db).args(["topic", "add", "Portal", "--query", "portal"]));

    let mut child = crate::support::townhall_process(&db)
        .arg("import")
        .arg(&big)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    let finished_early = child.try_wait().unwrap().is_some();
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();

    let store = townhall::store::Store::open(&db).unwrap();
    let check: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let posts = store.post_count().unwrap();
    if finished_early {
        assert_eq!(posts, 60_000);
    } else {
        assert_eq!(posts, 0, "a killed import must leave nothing half-written");
    }
    // The workspace is still usable: the same file imports in full afterwards.
    let out = stdout(townhall(&db).args(["import", "--json"]).arg(&big));
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(report["imported"].as_u64().unwrap() + posts as u64, 60_000);

    // And what the store keeps beside the posts agrees with them.
    use townhall::topics::{self, matches::Selection};
    let topic = topics::get(&store, "Portal").unwrap();
    let kept = Selection::of(&store, &topic).unwrap();
    assert_eq!(kept, Selection::Kept(vec![topic.id]));
    let everything = (i64::MIN, i64::MAX);
    let by = townhall::analytics::TopBy::Time;
    let read = |s: &Selection| townhall::analytics::posts(&store, s, everything, by, None).unwrap();
    let kept_ids: Vec<i64> = read(&kept).iter().map(|p| p.id).collect();
    let live = Selection::Query(topic.matcher().unwrap());
    assert_eq!(
        kept_ids,
        read(&live).iter().map(|p| p.id).collect::<Vec<_>>()
    );
    assert!(!kept_ids.is_empty());
    assert_eq!(store.post_count().unwrap(), 60_000);
}

#[test]
fn explain_reports_what_drove_a_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    stdout(
        townhall(&db)
            .arg("import")
            .arg(fixture("twarc2/pages.jsonl")),
    );
    stdout(townhall(&db).args(["topic", "add", "Portal", "--query", "portal"]));
    let out = stdout(townhall(&db).args([
        "explain",
        "Portal",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-01",
        "--tz",
        "America/Chicago",
    ]));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    // 1 November in Chicago holds 9002, 9003 and 9004 (see series.rs); 31 October holds 9001.
    assert_eq!(report["mentions"], 3);
    assert_eq!(report["before"]["mentions"], 1);
    assert_eq!(report["after"]["mentions"], 0);
    assert_eq!(report["platforms"][0]["label"], "X/Twitter");
    assert_eq!(report["top_posts"].as_array().unwrap().len(), 3);
}

/// A logo must be an image; it is saved by its whole path, so that a brief written from another
/// folder finds it; and a logo deleted since costs the brief its logo, not the brief.
#[test]
fn a_logo_is_an_image_kept_by_its_whole_path_and_a_missing_one_costs_only_the_logo() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    stdout(townhall(&db).arg("demo"));
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not an image").unwrap();
    let out = townhall(&db)
        .args(["set", "logo"])
        .arg(&text)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a PNG, JPEG, GIF or SVG"));

    image::RgbImage::new(4, 4)
        .save(dir.path().join("logo.png"))
        .unwrap();
    stdout(
        townhall(&db)
            .current_dir(dir.path())
            .args(["set", "logo", "logo.png"]),
    );
    let store = townhall::store::Store::open(&db).unwrap();
    let saved = townhall::store::settings::get(store.conn(), "logo").unwrap();
    drop(store);
    let whole = std::fs::canonicalize(dir.path().join("logo.png")).unwrap();
    assert_eq!(saved.as_deref(), Some(whole.to_str().unwrap()));

    std::fs::remove_file(&whole).unwrap();
    let pdf = dir.path().join("brief.pdf");
    let out = townhall(&db)
        .args(["brief", "SchoolMax", "--pdf-only", "--out"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(pdf.is_file());
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(
        note.contains("could not be read") && note.contains("set logo"),
        "{note}"
    );
}

#[test]
fn settings_are_checked_before_they_are_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    assert_eq!(
        stdout(townhall(&db).args(["set", "accent", "#112233"])),
        "Saved accent = #112233\n"
    );
    stdout(townhall(&db).args(["set", "visibility.twitter", "0.03"]));
    for (key, value, says) in [
        // A negative number is a value, refused with the range, not taken for an option.
        ("visibility.twitter", "-1", "between 0 and 1"),
        ("accent", "red", "#rrggbb"),
        ("timezone", "Mars/Base", "IANA"),
        ("names", "maybe", "true or false"),
        ("colour", "x", "unknown setting"),
        ("visibility.twitter", "3", "between 0 and 1"),
        ("visibility.myspace", "0.1", "unknown setting"),
        ("retention_days", "0", "at least 1"),
        ("organisation", &"Org ".repeat(21), "at most 80 characters"),
        (
            "confidentiality",
            &"Secret ".repeat(18),
            "at most 120 characters",
        ),
    ] {
        let out = townhall(&db).args(["set", key, value]).output().unwrap();
        assert!(!out.status.success(), "{key}={value} was accepted");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(says),
            "{key}={value}"
        );
    }
    let store = townhall::store::Store::open(&db).unwrap();
    let values = townhall::store::settings::known_values(store.conn()).unwrap();
    let accent = values.iter().find(|v| v.key == "accent").unwrap();
    assert_eq!(accent.value.as_deref(), Some("#112233"));
    drop(store);
    // A switch is taken as people write it, and kept as the one word the briefing reads.
    stdout(townhall(&db).args(["set", "names", "On"]));
    let store = townhall::store::Store::open(&db).unwrap();
    assert!(townhall::store::settings::names(store.conn()).unwrap());
    drop(store);

    // Nothing to prune until a period is given or set.
    let out = townhall(&db).arg("prune").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("keeps every post"));
    let pruned = stdout(townhall(&db).args(["prune", "--days", "30"]));
    assert!(pruned.starts_with("deleted 0 posts"), "{pruned}");
}

#[test]
fn themes_say_one_copied_text_in_the_singular() {
    // The themes' workspace, where fifteen people paste one petition.
    let (_dir, db, store) = crate::themes::portal();
    drop(store);
    let out = stdout(townhall(&db).args([
        "themes",
        "Portal",
        "--from",
        "2026-03-10",
        "--to",
        "2026-03-10",
        "--tz",
        "UTC",
    ]));
    // Fifteen people paste one petition.
    assert!(
        out.contains(
            "copies: 14 of 33 posts (42%) copy an earlier post's text: 1 text copied; \
             5 reposts left aside.\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("\n  15 posts by 15 people: Sign the petition"),
        "{out}"
    );
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // `townhall posts | head -1`: the pipe closes while posts are still being written. The
    // same for a year of hourly series, written through the engine's CSV writer.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    stdout(townhall(&db).arg("demo"));
    let long_series = [
        "series",
        "SchoolMax",
        "--bucket",
        "hour",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
    ];
    for args in [&["posts"][..], &long_series[..]] {
        let mut child = crate::support::townhall_process(&db)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
        std::io::BufRead::read_line(&mut reader, &mut first).unwrap();
        drop(reader);
        let out = child.wait_with_output().unwrap();
        assert!(!first.is_empty(), "{args:?}");
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

/// A file that is the workspace's only data: one busy hour of a search. The hours before it were
/// never collected, so the chart, the brief and the spikes find no spike in it (read as weeks of
/// silence, it would be a critical one).
#[test]
fn the_first_hour_of_a_workspace_is_not_a_spike() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("ws.sqlite");
    let file = tmp.path().join("search.jsonl");
    let data: Vec<serde_json::Value> = (0..60)
        .map(|i| {
            serde_json::json!({
                "id": format!("{}", 7_000_000 + i),
                "author_id": format!("{i}"),
                "created_at": format!("2021-09-22T16:{:02}:00.000Z", i % 60),
                "text": format!("the portal is down again, day {i}"),
            })
        })
        .collect();
    std::fs::write(
        &file,
        serde_json::json!({"data": data, "includes": {"users": []}}).to_string(),
    )
    .unwrap();
    stdout(townhall(&db).arg("import").arg(&file));
    stdout(townhall(&db).args(["topic", "add", "Portal", "--query", "portal"]));
    assert_eq!(
        stdout(townhall(&db).args(["spikes", "Portal"])),
        "No spike.\n"
    );
    let text = portal_brief_text(&db);
    assert!(!text.contains("Critical"), "{text}");
    assert!(
        text.contains("The data begins too recently for a normal level to be known"),
        "{text}"
    );
    let overview: serde_json::Value = serde_json::from_str(&stdout(
        townhall(&db).args(["overview", "Portal", "--tz", "UTC", "--json"]),
    ))
    .unwrap();
    assert_eq!(overview["peak"]["mentions"], 60, "{overview}");
}

/// The text of topic Portal's brief (UTC), written beside the workspace.
fn portal_brief_text(db: &std::path::Path) -> String {
    let pdf = db.with_file_name("brief.pdf");
    stdout(
        townhall(db)
            .args(["brief", "Portal", "--tz", "UTC", "--out"])
            .arg(&pdf),
    );
    crate::support::pdf_text(&std::fs::read(&pdf).unwrap())
}
