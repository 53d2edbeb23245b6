//! The use cases that the command line and the app share: their effects, daylight-saving days,
//! privacy in every output of a brief, and a workspace shared by a reader and two writers.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use townhall::store::Store;
use townhall::wire::{BriefChoices, DashboardRequest};
use townhall::workspace::{self, briefing, importing, views};

use crate::support::{fixture, workspace as fresh};

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

fn import(store: &mut Store, rel: &str, now: DateTime<Utc>) -> importing::ImportRun {
    let request = importing::ImportRequest {
        files: vec![fixture(rel)],
        ..Default::default()
    };
    importing::import(store, &request, None, &|_| {}, now).unwrap()
}

fn portal(store: &Store, now: DateTime<Utc>) {
    workspace::add_topic(store, "Portal", "portal OR schoolmax", now).unwrap();
}

fn request(from: &str, to: &str, tz: &str) -> DashboardRequest {
    DashboardRequest {
        topic: "Portal".into(),
        from: Some(from.into()),
        to: Some(to.into()),
        tz: Some(tz.into()),
        ..Default::default()
    }
}

#[test]
fn a_retention_period_set_from_the_command_line_deletes_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let townhall = || {
        let mut cmd = assert_cmd::Command::cargo_bin("townhall").unwrap();
        cmd.env("HOME", dir.path())
            .env_remove("TOWNHALL_DB")
            .arg("--db")
            .arg(&db);
        cmd
    };
    townhall()
        .arg("import")
        .arg(fixture("twarc2/flat.jsonl"))
        .assert()
        .success();
    let count = || Store::open(&db).unwrap().post_count().unwrap();
    assert!(count() > 0);
    // The fixture's posts are from late 2026: older than 30 days from any day this runs on.
    // Without a terminal to ask, pruning them, or the setting that deletes them, needs --yes.
    let asked = townhall().args(["prune", "--days", "30"]).output().unwrap();
    assert!(!asked.status.success());
    let said = String::from_utf8_lossy(&asked.stderr);
    assert!(said.contains("Delete all"), "{said}");
    assert!(
        said.contains("This cannot be undone. Nothing was deleted"),
        "{said}"
    );
    let asked = townhall()
        .args(["set", "retention_days", "30"])
        .output()
        .unwrap();
    assert!(!asked.status.success());
    let said = String::from_utf8_lossy(&asked.stderr);
    assert!(said.contains("This deletes all"), "{said}");
    assert!(said.contains("Nothing was deleted"), "{said}");
    assert!(count() > 0);
    assert_eq!(
        townhall::store::retention::days(Store::open(&db).unwrap().conn()).unwrap(),
        None,
        "the period was saved though the question was not answered"
    );
    let out = townhall()
        .args(["set", "retention_days", "30", "--yes"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        count(),
        0,
        "the setting deleted nothing until some later import"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("deleted"));
}

/// `prune` without `--days` asks before deleting what the workspace's retention period would:
/// opening the workspace to prune it does not delete them first.
#[test]
fn a_prune_by_the_retention_period_asks_first_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    crate::support::stdout(
        crate::support::townhall(&db)
            .arg("import")
            .arg(fixture("twarc2/flat.jsonl")),
    );
    let count = || Store::open(&db).unwrap().post_count().unwrap();
    let before = count();
    townhall::store::settings::set(Store::open(&db).unwrap().conn(), "retention_days", "30")
        .unwrap();
    let asked = crate::support::townhall(&db).arg("prune").output().unwrap();
    assert!(!asked.status.success());
    assert!(String::from_utf8_lossy(&asked.stderr).contains("Delete all"));
    assert_eq!(count(), before, "deleted without asking");
    let pruned = crate::support::stdout(crate::support::townhall(&db).args(["prune", "--yes"]));
    assert!(
        pruned.starts_with(&format!("deleted {before} posts")),
        "{pruned}"
    );
    assert_eq!(count(), 0);
}

#[test]
fn the_app_and_the_cli_apply_a_setting_through_one_use_case() {
    let (_dir, _path, mut store) = fresh();
    let now = at("2026-11-02T12:00:00Z");
    import(&mut store, "twarc2/flat.jsonl", now);
    let before = store.post_count().unwrap();
    let kept = workspace::set_setting(&mut store, "retention_days", "3650", now).unwrap();
    assert_eq!((kept.posts, store.post_count().unwrap()), (0, before));
    let pruned = workspace::set_setting(&mut store, "retention_days", "1", now).unwrap();
    assert!(pruned.posts > 0);
    assert_eq!(store.post_count().unwrap(), before - pruned.posts as i64);
}

/// "Normal" is one figure: the series' baseline (and so its velocity, the window's "N× normal")
/// is the chart's dashed line. (That a surge does not become the normal of the weeks after is
/// the detector's own test.)
#[test]
fn the_series_baseline_is_the_chart_band() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.sqlite");
    let mut store = Store::open(&path).unwrap();
    let now = at("2026-10-01T12:00:00Z");
    townhall::workspace::demo::create(&mut store, &dir.path().join("demo")).unwrap();
    let mut req = request("2026-08-20", "2026-09-30", "America/Chicago");
    req.topic = "SchoolMax".into();
    let d = views::dashboard(&store, &req, now).unwrap();
    let series = &d.overview.series;
    assert_eq!(series.len(), d.overlays.band.len());
    for (p, band) in series.iter().zip(&d.overlays.band) {
        assert_eq!(p.baseline, band.map(|b| b.baseline), "{}", p.date);
        if let (Some(b), Some(v)) = (p.baseline, p.velocity) {
            assert!((v - p.totals.mentions as f64 / b).abs() < 1e-9);
        }
    }
}

/// An archive's own posts carry no likes, shares, replies or quotes: their engagement is
/// unknown, said so on the dashboard and in the brief, never 0. Posts with counts beside them
/// make it partly known.
#[test]
fn engagement_that_no_post_reports_is_unknown_not_zero() {
    let (dir, _path, mut store) = fresh();
    let now = at("2026-11-05T12:00:00Z");
    import(&mut store, "mastodon/outbox.json", now);
    portal(&store, now);
    let req = request("2026-09-01", "2026-09-02", "UTC");
    let engagement = |store: &Store| {
        let o = views::overview(store, &req, now).unwrap();
        let kpi = o
            .kpis
            .iter()
            .find(|k| k.key == "engagement")
            .unwrap()
            .clone();
        (o.totals.mentions, kpi)
    };
    let (mentions, kpi) = engagement(&store);
    assert!(mentions > 0);
    assert!(kpi.unknown, "{kpi:?}");
    assert_eq!(
        kpi.note.as_deref(),
        Some("no post's likes, shares, replies or quotes are known")
    );
    let out = dir.path().join("brief.pdf");
    briefing::write(&store, &req, &BriefChoices::default(), &out, now).unwrap();
    let text = crate::support::pdf_text(&std::fs::read(&out).unwrap());
    assert!(text.contains("engagement unknown"), "{text}");
    assert!(!text.contains("0 engagements"), "{text}");
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("No post's views can be estimated"),
        "{words}"
    );
    let o = views::overview(&store, &req, now).unwrap();
    assert!(
        o.top_voices.iter().all(|v| v.engagement.is_none()),
        "voices too"
    );
    let posts = views::period_posts(&store, &req, Default::default(), now).unwrap();
    assert!(posts.iter().all(|p| p.engagement.is_none()));
    let mut csv = Vec::new();
    townhall::output::table::write_posts_csv(&mut csv, &posts).unwrap();
    let mut rows = csv::Reader::from_reader(&csv[..]);
    let column = rows
        .headers()
        .unwrap()
        .iter()
        .position(|c| c == "engagement");
    for row in rows.records() {
        assert_eq!(
            &row.unwrap()[column.unwrap()],
            "",
            "engagement unknown is no number"
        );
    }

    // Tweets with their counts beside them: known for some posts.
    let req = request("2026-09-01", "2026-11-03", "UTC");
    import(&mut store, "twarc2/flat.jsonl", now);
    let o = views::overview(&store, &req, now).unwrap();
    let kpi = o.kpis.iter().find(|k| k.key == "engagement").unwrap();
    assert!(!kpi.unknown);
    assert!(
        kpi.note
            .as_deref()
            .unwrap()
            .starts_with("engagement unknown for "),
        "{kpi:?}"
    );
}

#[test]
fn a_daylight_saving_day_lasts_25_hours_in_the_series_the_period_and_the_wire() {
    let (_dir, _path, mut store) = fresh();
    let now = at("2026-11-05T12:00:00Z");
    import(&mut store, "twarc2/flat.jsonl", now);
    portal(&store, now);
    // Chicago's clocks go back on 1 November 2026.
    let req = request("2026-10-31", "2026-11-02", "America/Chicago");
    let o = views::overview(&store, &req, now).unwrap();
    let tz = chrono_tz::America::Chicago;
    let midnight = |month, day| {
        tz.with_ymd_and_hms(2026, month, day, 0, 0, 0)
            .unwrap()
            .timestamp()
    };
    let lengths: Vec<i64> = o.series.iter().map(|p| p.end - p.start).collect();
    assert_eq!(lengths, [24 * 3600, 25 * 3600, 24 * 3600]);
    assert_eq!(o.series[0].start, midnight(10, 31));
    assert_eq!(o.series[2].end, midnight(11, 3));
    assert_eq!(o.period.bounds(), (midnight(10, 31), midnight(11, 3)));
    let wire = serde_json::to_value(&o).unwrap();
    assert_eq!(wire["period"]["end"], midnight(11, 3));
    assert_eq!(wire["period"]["days"], 3);
    assert_eq!(wire["series"][1]["date"], "2026-11-01");
    assert_eq!(wire["series"][1]["end"], midnight(11, 2));

    // Every post of the period counts, including the hour after 23:00 on the long day.
    let posts = views::period_posts(&store, &req, Default::default(), now).unwrap();
    assert_eq!(posts.len() as u64, o.totals.mentions);
}

/// Every file a brief writes, as text.
fn brief_outputs(dir: &Path, names: bool) -> Vec<(String, String)> {
    let (_wdir, _path, mut store) = fresh();
    let now = at("2026-11-05T12:00:00Z");
    import(&mut store, "twarc2/flat.jsonl", now);
    portal(&store, now);
    let out = dir.join(if names { "named.pdf" } else { "private.pdf" });
    let choices = BriefChoices {
        sections: Vec::new(),
        names,
        pdf_only: false,
    };
    let req = request("2026-10-25", "2026-11-03", "UTC");
    let written = briefing::write(&store, &req, &choices, &out, now).unwrap();
    assert!(written.companions.len() >= 5);
    let mut texts = vec![(
        "pdf".to_string(),
        crate::support::pdf_text(&std::fs::read(&out).unwrap()),
    )];
    for path in written.companions {
        if let Ok(text) = std::fs::read_to_string(&path) {
            texts.push((path.display().to_string(), text));
        }
    }
    texts
}

#[test]
fn every_output_of_a_brief_keeps_private_persons_private() {
    let dir = tempfile::tempdir().unwrap();
    let private = brief_outputs(dir.path(), false);
    for (file, text) in &private {
        for secret in ["maya_k", "Maya K", "twitter.com/maya", "x.com/maya"] {
            assert!(!text.contains(secret), "{file} names {secret:?}");
        }
    }
    let posts = private
        .iter()
        .find(|(f, _)| f.ends_with("top-posts.csv"))
        .unwrap();
    assert!(posts.1.contains("Person "), "{}", posts.1);
    // Nor does anything that leads back to them: the post's address, its id on the platform,
    // the post it answers.
    let json = private
        .iter()
        .find(|(f, _)| f.ends_with("top-posts.json"))
        .unwrap();
    let listed: Vec<serde_json::Value> = serde_json::from_str(&json.1).unwrap();
    let people: Vec<&serde_json::Value> = listed
        .iter()
        .filter(|p| p["author_handle"].as_str().unwrap().starts_with("Person "))
        .collect();
    assert!(!people.is_empty(), "{}", json.1);
    for post in people {
        assert_eq!(
            (&post["native_id"], &post["url"], &post["parent"]),
            (
                &"".into(),
                &serde_json::Value::Null,
                &serde_json::Value::Null
            ),
            "{post}"
        );
    }
    // With names turned on, the same files name her: the check above can fail.
    let named = brief_outputs(dir.path(), true);
    assert!(named
        .iter()
        .any(|(f, t)| f.ends_with("top-posts.csv") && t.contains("maya_k")));
}

/// What the window and the command line show of a topic keeps private persons private too:
/// the dashboard's top posts and voices, the listed posts, what drove a window (its posts,
/// voices and copied texts) and the official replies that answer them.
#[test]
fn the_window_and_the_command_line_keep_private_persons_private() {
    let (_dir, _path, mut store) = fresh();
    let now = at("2026-11-05T12:00:00Z");
    import(&mut store, "twarc2/flat.jsonl", now);
    portal(&store, now);
    let req = request("2026-10-25", "2026-11-03", "UTC");
    let shown = |store: &Store| -> Vec<(&str, String)> {
        let page = views::period_page(store, &req, views::PostsListing::default(), now).unwrap();
        assert!(page.total > 0);
        vec![
            (
                "dashboard",
                serde_json::to_string(&views::dashboard(store, &req, now).unwrap().overview)
                    .unwrap(),
            ),
            (
                "overview",
                serde_json::to_string(&views::overview(store, &req, now).unwrap()).unwrap(),
            ),
            ("posts", serde_json::to_string(&page.posts).unwrap()),
            (
                "explain",
                serde_json::to_string(&views::explain_days(store, &req, now).unwrap()).unwrap(),
            ),
        ]
    };
    for (what, json) in shown(&store) {
        for secret in ["maya_k", "Maya K", "twitter.com/maya", "x.com/maya"] {
            assert!(!json.contains(secret), "{what} names {secret:?}: {json}");
        }
        assert!(json.contains("Person "), "{what}: {json}");
    }
    // With names turned on, the same views name her: the check above can fail.
    workspace::set_setting(&mut store, "names", "true", now).unwrap();
    for (what, json) in shown(&store) {
        assert!(json.contains("maya_k"), "{what}: {json}");
    }
}

/// A private person's handle written without its `@` in other people's posts ("ask
/// jane_doe_private") names her as a mention does: it is her pseudonym in what the window, the
/// command line and the brief show, and no term that rose. A public account's stays, and so
/// does an ordinary word that is someone's handle (`portal`).
#[test]
fn a_handle_written_without_its_at_is_pseudonymised_too() {
    let (dir, _path, mut store) = fresh();
    let now = at("2026-11-05T12:00:00Z");
    let mut csv = String::from(
        "id,date,author,author name,text,platform\n\
         j1,2026-09-02 07:00:00,jane_doe_private,Jane Doe,SchoolMax broke my schedule,twitter\n\
         p1,2026-09-02 07:30:00,portal,Portal,SchoolMax portal maintenance tonight,twitter\n",
    );
    for k in 1..=12 {
        csv.push_str(&format!(
            "s{k},2026-09-02 08:{:02}:00,user{k},User {k},\"SchoolMax portal outage {k}: ask \
             jane_doe_private or RiversideUSD, Jane Doe knows\",twitter\n",
            10 + k
        ));
    }
    let path = dir.path().join("bare.csv");
    std::fs::write(&path, csv).unwrap();
    let files = importing::ImportRequest {
        files: vec![path],
        ..Default::default()
    };
    importing::import(&mut store, &files, None, &|_| {}, now).unwrap();
    portal(&store, now);
    workspace::set_setting(&mut store, "public_accounts", "@RiversideUSD", now).unwrap();
    let req = request("2026-09-02", "2026-09-02", "UTC");
    let shown = |store: &Store| -> Vec<(&str, String)> {
        let page = views::period_page(store, &req, views::PostsListing::default(), now).unwrap();
        vec![
            ("posts", serde_json::to_string(&page.posts).unwrap()),
            (
                "explain",
                serde_json::to_string(&views::explain_days(store, &req, now).unwrap()).unwrap(),
            ),
        ]
    };
    for (what, json) in shown(&store) {
        assert!(!json.to_lowercase().contains("jane_doe"), "{what}: {json}");
        assert!(json.contains("ask Person "), "{what}: {json}");
        assert!(json.contains("RiversideUSD"), "{what}: {json}");
        assert!(json.contains("SchoolMax portal outage"), "{what}: {json}");
    }
    let report = views::explain_days(&store, &req, now).unwrap();
    let terms: Vec<&str> = report.terms.iter().map(|t| t.term.as_str()).collect();
    // Nor her name as others write it.
    assert!(
        !terms
            .iter()
            .any(|t| t.contains("jane doe") || t.contains("private")),
        "{terms:?}"
    );
    let out = dir.path().join("bare.pdf");
    let choices = BriefChoices {
        sections: Vec::new(),
        names: false,
        pdf_only: true,
    };
    briefing::write(&store, &req, &choices, &out, now).unwrap();
    let pdf = crate::support::pdf_text(&std::fs::read(&out).unwrap());
    // (Her display name in others' posts is not found: the README says so.)
    assert!(!pdf.to_lowercase().contains("jane_doe"), "{pdf}");
    // With names on, the same views name her: the checks above can fail.
    workspace::set_setting(&mut store, "names", "on", now).unwrap();
    for (what, json) in shown(&store) {
        assert!(json.contains("ask jane_doe_private"), "{what}: {json}");
    }
}

#[test]
fn readers_never_wait_for_an_import_and_a_second_import_waits_its_turn() {
    let (_dir, path, mut first) = fresh();
    let now = at("2026-11-05T12:00:00Z");
    import(&mut first, "twarc2/flat.jsonl", now);
    portal(&first, now);

    // A writer holds the workspace, as an import in another process does.
    first.conn().execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = Instant::now();
    let reader = workspace::open(&path, now).unwrap();
    let o = views::overview(&reader, &request("2026-10-25", "2026-11-03", "UTC"), now).unwrap();
    assert!(o.totals.mentions > 0);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the reader waited for the writer"
    );

    let waited = AtomicBool::new(false);
    let steps = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        let second = s.spawn(|| {
            let mut store = workspace::open(&path, now).unwrap();
            let request = importing::ImportRequest {
                files: vec![fixture("twarc2/pages.jsonl")],
                ..Default::default()
            };
            let on_step = |step: importing::ImportStep<'_>| {
                if let importing::ImportStep::Waiting { .. } = step {
                    waited.store(true, Ordering::SeqCst);
                }
                steps
                    .lock()
                    .unwrap()
                    .push(format!("{step:?}").chars().take(12).collect::<String>());
            };
            importing::import(&mut store, &request, None, &on_step, now).unwrap()
        });
        while !waited.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(20));
        }
        first.conn().execute_batch("COMMIT").unwrap();
        let run = second.join().unwrap();
        assert!(run.failed.is_empty(), "{:?}", run.failed);
        let report = &run.reports[0];
        assert_eq!((report.read, report.imported + report.duplicates), (5, 5));
    });
    assert!(steps.lock().unwrap()[0].starts_with("Waiting"));
}

/// "Only the PDF" writes the PDF and nothing beside it.
#[test]
fn a_pdf_only_brief_writes_nothing_beside_it() {
    let (_wdir, _path, mut store) = fresh();
    let now = at("2026-11-05T12:00:00Z");
    import(&mut store, "twarc2/flat.jsonl", now);
    portal(&store, now);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("only.pdf");
    let choices = BriefChoices {
        sections: Vec::new(),
        names: false,
        pdf_only: true,
    };
    let req = request("2026-10-25", "2026-11-03", "UTC");
    let written = briefing::write(&store, &req, &choices, &out, now).unwrap();
    assert!(written.companions.is_empty());
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files, ["only.pdf"]);
}

/// The settings dialog's changes are saved all or nothing, each refusal in words for its field.
#[test]
fn settings_are_saved_all_or_nothing_with_each_refusal_in_words() {
    use townhall::store::settings;
    let (_wdir, _path, mut store) = fresh();
    let now = at("2026-11-05T12:00:00Z");
    let change = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let refused = townhall::workspace::set_settings(
        &mut store,
        &change(&[
            ("organisation", "Riverside"),
            ("visibility.twitter", "5"),
            ("accent", "blue"),
        ]),
        now,
    )
    .unwrap();
    assert!(!refused.saved);
    let fields: Vec<_> = refused
        .errors
        .iter()
        .map(|e| (e.key.as_str(), e.label.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("visibility.twitter", "X/Twitter"),
            ("accent", "Accent colour")
        ]
    );
    assert!(
        refused
            .errors
            .iter()
            .all(|e| !e.message.contains("visibility.")),
        "{refused:?}"
    );
    assert_eq!(
        settings::get(store.conn(), "organisation").unwrap(),
        None,
        "nothing saved"
    );

    let saved = townhall::workspace::set_settings(
        &mut store,
        &change(&[
            ("organisation", "Riverside"),
            ("visibility.twitter", "0.5"),
            ("accent", ""),
        ]),
        now,
    )
    .unwrap();
    assert!(saved.saved && saved.errors.is_empty());
    assert_eq!(
        settings::get(store.conn(), "organisation")
            .unwrap()
            .as_deref(),
        Some("Riverside")
    );
    assert_eq!(
        settings::get(store.conn(), "visibility.twitter")
            .unwrap()
            .as_deref(),
        Some("0.5")
    );
}

/// A finished run in one sentence, as a notification says it.
#[test]
fn an_import_run_is_said_in_one_sentence() {
    let (_wdir, _path, mut store) = fresh();
    let now = at("2026-11-05T12:00:00Z");
    let run = import(&mut store, "twarc2/flat.jsonl", now);
    let new = run.reports[0].imported;
    assert_eq!(run.sentence(), format!("{new} new posts from 1 file."));
    let again = import(&mut store, "twarc2/flat.jsonl", now);
    assert_eq!(again.sentence(), "0 new posts from 1 file.");
}

/// The posts dialog pages through a listing and searches within it, in the query language.
#[test]
fn posts_are_listed_a_page_at_a_time_and_searched_within() {
    use townhall::workspace::views::{self, PostsListing};
    let (_wdir, _path, mut store) = fresh();
    let now = at("2026-11-05T12:00:00Z");
    import(&mut store, "metrics/query.jsonl", now);
    portal(&store, now);
    let req = request("2026-09-01", "2026-09-01", "UTC");
    let page = |offset, search: Option<&str>| {
        let listing = PostsListing {
            offset,
            limit: Some(2),
            search: search.map(String::from),
            ..Default::default()
        };
        views::period_page(&store, &req, listing, now).unwrap()
    };
    let all = views::period_page(&store, &req, PostsListing::default(), now).unwrap();
    assert!(all.total >= 3, "{}", all.total);
    let (first, second) = (page(0, None), page(2, None));
    assert_eq!((first.total, second.total), (all.total, all.total));
    assert_eq!(first.posts.len(), 2);
    let ids = |p: &views::PostsPage| p.posts.iter().map(|p| p.id).collect::<Vec<_>>();
    let both: Vec<_> = ids(&first).into_iter().chain(ids(&second)).collect();
    assert_eq!(both, ids(&all)[..both.len()], "the pages follow each other");
    // A private person keeps their pseudonym from page to page.
    let authors = |p: &views::PostsPage| {
        p.posts
            .iter()
            .map(|p| p.author_handle.clone())
            .collect::<Vec<_>>()
    };
    let paged: Vec<_> = authors(&first)
        .into_iter()
        .chain(authors(&second))
        .collect();
    assert_eq!(paged, authors(&all)[..paged.len()]);
    assert!(
        paged.iter().flatten().any(|h| h.starts_with("Person ")),
        "{paged:?}"
    );

    let found = page(0, Some("broken"));
    assert!(
        found.total >= 1 && found.total < all.total,
        "{}",
        found.total
    );
    assert!(found
        .posts
        .iter()
        .all(|p| p.text.to_lowercase().contains("broken")));
    let bad = PostsListing {
        search: Some("(broken".into()),
        ..Default::default()
    };
    let err = views::period_page(&store, &req, bad, now)
        .unwrap_err()
        .to_string();
    assert!(err.contains("is not a query"), "{err}");
}

/// Exporting a listing writes all its posts as CSV, people pseudonymised as in the briefs and
/// every formula neutralised.
#[test]
fn a_listing_is_exported_as_csv_with_people_pseudonymised() {
    use townhall::workspace::views::{self, PostsListing};
    let (wdir, _path, mut store) = fresh();
    let now = at("2026-11-05T12:00:00Z");
    import(&mut store, "metrics/query.jsonl", now);
    portal(&store, now);
    let req = request("2026-09-01", "2026-09-01", "UTC");
    let total = views::period_page(&store, &req, PostsListing::default(), now)
        .unwrap()
        .total;
    let out = wdir.path().join("posts.csv");
    let n = views::export_posts(&store, &req, PostsListing::default(), &out, now).unwrap();
    assert_eq!(n, total);
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(
        csv.starts_with("created_at,platform,author_handle,author_name,text,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count() as u64, total + 1);
    assert!(
        !csv.contains("maya_k"),
        "a private person is pseudonymised: {csv}"
    );
    assert!(csv.contains("Person 1"), "{csv}");
    assert!(
        csv.lines()
            .skip(1)
            .all(|l| !l.contains(",=") && !l.contains(",+")),
        "{csv}"
    );
}

/// The posts dialog's filters narrow a listing by platform, language, kind and tone, and the
/// tones share the listing out between them.
#[test]
fn posts_are_filtered_by_platform_language_kind_and_tone() {
    use townhall::analytics::PostFilter;
    use townhall::model::{Platform, PostKind};
    use townhall::workspace::views::{self, PostsListing};
    let (_wdir, _path, mut store) = fresh();
    let now = at("2026-11-05T12:00:00Z");
    import(&mut store, "metrics/query.jsonl", now);
    portal(&store, now);
    let req = request("2026-09-01", "2026-09-01", "UTC");
    let listed = |listing: PostsListing| views::period_page(&store, &req, listing, now).unwrap();
    let all = listed(PostsListing::default());
    assert!(all.total >= 3, "{}", all.total);

    let french = listed(PostsListing {
        lang: Some("FR".into()),
        ..Default::default()
    });
    assert_eq!(french.total, 1);
    assert!(french.posts[0].text.contains("merci"), "{:?}", french.posts);
    let on = |platform| {
        listed(PostsListing {
            platform: Some(platform),
            ..Default::default()
        })
        .total
    };
    assert_eq!(
        (on(Platform::Twitter), on(Platform::Facebook)),
        (all.total, 0)
    );
    let of = |kind| {
        listed(PostsListing {
            kind: Some(kind),
            ..Default::default()
        })
        .total
    };
    let (posts, replies) = (of(PostKind::Post), of(PostKind::Reply));
    assert!(posts >= 1 && replies >= 1, "{posts} {replies}");
    let kinds: u64 = PostKind::ALL.into_iter().map(of).sum();
    assert_eq!(kinds, all.total, "every post has one kind");

    let toned = |filter| {
        listed(PostsListing {
            filter,
            ..Default::default()
        })
        .total
    };
    let (negative, neutral, positive) = (
        toned(PostFilter::Negative),
        toned(PostFilter::Neutral),
        toned(PostFilter::Positive),
    );
    assert!(
        negative >= 1 && neutral >= 1,
        "{negative} {neutral} {positive}"
    );
    assert_eq!(
        negative + neutral + positive,
        all.total,
        "every post has a tone"
    );

    let err = views::period_page(
        &store,
        &req,
        PostsListing {
            lang: Some("<b>".into()),
            ..Default::default()
        },
        now,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("not a language code"), "{err}");
}

/// Before a retention period deletes posts, the user is told how many of how many, and from
/// before which day; what is said is what is then deleted. `prune --dry-run` says it and
/// deletes nothing.
#[test]
fn a_retention_period_says_what_it_would_delete_before_it_does() {
    let (dir, mut store, _) = crate::support::demo_workspace();
    let now = at("2026-12-06T12:00:00Z");
    let all = store.post_count().unwrap() as u64;
    let preview = workspace::retention_preview(&store, Some(80), now).unwrap();
    assert!(0 < preview.posts && preview.posts < all, "{preview:?}");
    assert_eq!(preview.of, all);
    let (posts, of) = (preview.posts as f64, all as f64);
    let count = |n: f64| townhall::analytics::fmt_int(n);
    // The cutoff is an instant: 80 days before noon UTC is 07:00 in the demo's Chicago.
    assert!(
        preview.message.starts_with(&format!(
            "This deletes {} of this workspace's {} posts: everything from before \
             17 September 2026, 07:00",
            count(posts),
            count(of)
        )),
        "{}",
        preview.message
    );
    let nothing = workspace::retention_preview(&store, Some(3650), now).unwrap();
    assert_eq!(nothing.posts, 0);
    assert!(nothing
        .message
        .starts_with("No post is older than 3,650 days now."));
    assert!(workspace::retention_preview(&store, Some(0), now).is_err());

    // The command line's dry run deletes nothing, not even what the workspace's own retention
    // period would (every other command applies it when it opens the workspace).
    let db = dir.path().join("dry-run.sqlite");
    store
        .conn()
        .execute("VACUUM INTO ?1", [db.to_str().unwrap()])
        .unwrap();
    townhall::store::settings::set(Store::open(&db).unwrap().conn(), "retention_days", "80")
        .unwrap();
    let said = crate::support::stdout(crate::support::townhall(&db).args(["prune", "--dry-run"]));
    let copy = Store::open(&db).unwrap();
    assert_eq!(copy.post_count().unwrap() as u64, all);
    let expected = workspace::retention_preview(&copy, None, Utc::now()).unwrap();
    // Up to the cutoff's minute, which may have turned since.
    let counted = |text: &str| text.split(':').next().unwrap().to_string();
    assert_eq!(counted(&said), counted(&expected.prune_message));
    assert!(expected.posts > 0, "{expected:?}");

    // The retention period then deletes what was said.
    let deleted =
        workspace::set_settings(&mut store, &[("retention_days".into(), "80".into())], now)
            .unwrap()
            .deleted_posts;
    assert_eq!(deleted, preview.posts);
}

/// Posts older than the retention period are left out of an import and said to be, rather than
/// reported as new and deleted at once (every re-import said "new" again).
#[test]
fn an_import_leaves_out_what_the_retention_period_would_delete() {
    let (_dir, _path, mut store) = fresh();
    townhall::store::settings::validate_and_set(store.conn(), "retention_days", "60").unwrap();
    // September's posts, 60 days kept as of 20 November: all too old.
    let late = at("2026-11-20T00:00:00Z");
    for _ in 0..2 {
        let run = import(&mut store, "metrics/query.jsonl", late);
        let report = &run.reports[0];
        assert_eq!((report.imported, report.read), (0, 0), "{report:?}");
        assert_eq!(report.expired, 8, "{report:?}");
        assert_eq!(run.pruned.posts, 0);
        assert_eq!(store.post_count().unwrap(), 0);
    }
    // As of 1 October they are within the period and imported.
    let run = import(
        &mut store,
        "metrics/query.jsonl",
        at("2026-10-01T00:00:00Z"),
    );
    assert_eq!(run.reports[0].expired, 0);
    assert_eq!(run.reports[0].imported, 8);
}
