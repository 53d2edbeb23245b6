//! Has the organisation responded? On a hand-made thread (complaints, an official reply 2 h 10 min
//! after the first complaint of the run, one of four threads answered), an own account that never
//! speaks, the command line, and the demo's briefing.

use chrono::{TimeZone, Utc};
use townhall::import::{import_file, ImportOptions};
use townhall::model::Platform;
use townhall::store::{settings, Store};
use townhall::topics;
use townhall::wire::{BriefChoices, DashboardRequest};
use townhall::workspace::{briefing, response};

use crate::support::{demo_workspace, fixture, pdf_text, stdout, townhall, workspace};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap()
}

fn request() -> DashboardRequest {
    DashboardRequest {
        topic: "Portal".into(),
        from: Some("2026-05-01".into()),
        to: Some("2026-05-05".into()),
        tz: Some("UTC".into()),
        ..Default::default()
    }
}

/// The thread fixture in a workspace, with `own` as the organisation's accounts.
fn thread_workspace(own: &str) -> (tempfile::TempDir, std::path::PathBuf, Store) {
    fixture_workspace("response/thread.jsonl", own)
}

/// A fixture of `response/` in a workspace with the topic Portal, `own` being the organisation's
/// accounts.
fn fixture_workspace(name: &str, own: &str) -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let (dir, path, mut store) = workspace();
    import_file(&mut store, &fixture(name), &ImportOptions::default()).unwrap();
    topics::add(&store, "Portal", "portal", "2026-05-01T00:00:00Z").unwrap();
    settings::set(store.conn(), settings::OWN_ACCOUNTS, own).unwrap();
    (dir, path, store)
}

#[test]
fn the_official_reply_came_2_h_10_min_after_the_first_complaint() {
    let (_dir, _path, store) = thread_workspace("@cityit");
    let r = response::report(&store, &request(), now()).unwrap();
    // The slow-portal gripe two days earlier is a complaint, but not of the run answered.
    assert_eq!(r.complaints, 5);
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp();
    assert_eq!(r.first_complaint, Some(at("2026-05-04T08:00:00Z")));
    assert_eq!(r.first_response, Some(at("2026-05-04T10:10:00Z")));
    assert_eq!(r.lag_secs, Some(2 * 3600 + 10 * 60));
    // The reply names no topic term: it is official because it answers a complaint's thread.
    let kinds: Vec<(bool, &str)> = r
        .official
        .iter()
        .map(|o| (o.reply, o.handle.as_str()))
        .collect();
    assert_eq!(kinds, [(true, "CityIT"), (false, "CityIT")]);
    // Four complaint threads (a reply joins its parent's), one answered.
    assert_eq!(r.thread_totals(), (4, 1));
    assert_eq!(r.reply_share, Some(0.25));
    assert_eq!(r.threads[0].platform, Platform::Twitter);
    assert!(r.unmeasured.is_empty());
}

/// A reply to a reply belongs to the thread its chain starts from: three complaints in one
/// chain, the organisation's reply at its end, and a lone complaint make two threads, one
/// answered (three threads if each reply started its own at its parent).
#[test]
fn a_reply_to_a_reply_is_counted_in_the_thread_its_chain_starts() {
    let (_dir, _path, store) = fixture_workspace("response/deep_thread.jsonl", "CityIT");
    let r = response::report(&store, &request(), now()).unwrap();
    assert_eq!(r.complaints, 4);
    assert_eq!(r.thread_totals(), (2, 1));
    assert_eq!(r.official.len(), 1);
    assert!(r.official[0].reply);
}

/// The response card opens exactly the posts it counts as official, the reply that names no
/// topic term included; with no own accounts there are none.
#[test]
fn the_official_posts_are_listed_as_the_response_counts_them() {
    use townhall::workspace::views::{self, PostsListing};
    let (_dir, _path, store) = thread_workspace("@cityit");
    let official = PostsListing {
        official: true,
        ..Default::default()
    };
    let page = views::period_page(&store, &request(), official.clone(), now()).unwrap();
    let counted = response::report(&store, &request(), now())
        .unwrap()
        .official;
    let mut listed: Vec<i64> = page.posts.iter().map(|p| p.id).collect();
    let mut expected: Vec<i64> = counted.iter().map(|o| o.id).collect();
    listed.sort_unstable();
    expected.sort_unstable();
    assert_eq!((page.total, listed), (2, expected));
    assert!(page
        .posts
        .iter()
        .all(|p| p.author_handle.as_deref() == Some("CityIT")));

    settings::set(store.conn(), settings::OWN_ACCOUNTS, "").unwrap();
    let none = views::period_page(&store, &request(), official, now()).unwrap();
    assert_eq!(none.total, 0);
}

#[test]
fn the_dashboard_reads_the_response_in_the_briefing_s_sentences() {
    let (_dir, _path, store) = thread_workspace("@cityit");
    let summary = response::summary(&store, &request(), now()).unwrap();
    assert!(summary.accounts_set);
    assert_eq!(summary.official, 2, "the reply and the post of @cityit");
    assert_eq!(
        summary.lines,
        [
            "Official accounts: @cityit. 5 complaints (posts by others reporting a problem) in the period.",
            "First complaint 4 May, 08:00; first official post 4 May, 10:10: a response lag of 2 h 10 min.",
            "1 of 4 complaint threads (25%) got an official reply (X/Twitter).",
        ]
    );
    settings::set(store.conn(), settings::OWN_ACCOUNTS, "").unwrap();
    let unset = response::summary(&store, &request(), now()).unwrap();
    assert!(!unset.accounts_set);
    assert!(
        unset.lines[0].contains("own_accounts setting"),
        "{:?}",
        unset.lines
    );
}

#[test]
fn an_own_account_that_never_speaks_has_no_lag() {
    let (_dir, _path, store) = thread_workspace("QuietIT");
    let r = response::report(&store, &request(), now()).unwrap();
    assert!(r.official.is_empty());
    assert_eq!(r.lag_secs, None);
    assert_eq!(r.reply_share, Some(0.0));
}

#[test]
fn the_command_line_prints_the_response_as_text_and_json() {
    let (_dir, path, store) = thread_workspace("CityIT");
    drop(store);
    let args = [
        "response",
        "Portal",
        "--from",
        "2026-05-01",
        "--to",
        "2026-05-05",
        "--tz",
        "UTC",
    ];
    let text = stdout(townhall(&path).args(args));
    assert!(
        text.contains("first complaint:  2026-05-04 08:00"),
        "{text}"
    );
    assert!(
        text.contains("first response:   2026-05-04 10:10 (@CityIT, reply)"),
        "{text}"
    );
    assert!(text.contains("response lag:     2 h 10 min"), "{text}");
    assert!(text.contains("1 of 4 complaint threads (25%)"), "{text}");
    let json = stdout(townhall(&path).args(args).arg("--json"));
    let v: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    assert_eq!(v["lag_secs"], 7800);
    assert_eq!(v["reply_share"], 0.25);
    assert_eq!(v["official"].as_array().unwrap().len(), 2);

    stdout(townhall(&path).args(["set", "own_accounts", "QuietIT"]));
    let silent = stdout(townhall(&path).args(args));
    assert!(
        silent.contains(
            "No official post or reply in the period; the last run of complaints began 2026-05-04 08:00."
        ),
        "{silent}"
    );
    stdout(townhall(&path).args(["set", "own_accounts", ""]));
    let unset = stdout(townhall(&path).args(args));
    assert!(unset.contains("No own accounts are set"), "{unset}");
}

#[test]
fn the_demo_brief_names_the_top_problem_and_the_response_lag() {
    let (dir, store, request) = demo_workspace();
    let r = response::report(&store, &request, now()).unwrap();
    // The district's first statement, 1 d 3 h 50 min after the first complaint of the evening
    // before term; it replied in 12 of the X/Twitter complaint threads.
    assert_eq!(r.lag_secs, Some(27 * 3600 + 50 * 60));
    assert_eq!(r.thread_totals().1, 12);
    assert_eq!(
        r.unmeasured,
        [Platform::Facebook, Platform::Mastodon, Platform::Reddit]
    );

    let pdf = dir.path().join("brief.pdf");
    let generated = Utc.with_ymd_and_hms(2026, 9, 10, 8, 0, 0).unwrap();
    briefing::write(&store, &request, &BriefChoices::default(), &pdf, generated).unwrap();
    // Words only: where a line wraps depends on what the summary says before.
    let text = pdf_text(&std::fs::read(&pdf).unwrap())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("Most reported: Down or unavailable, 39% of mentions."),
        "{text}"
    );
    assert!(
        text.contains(
            "In the period, Riverside Unified School District first spoke 1 d 3 h after the first complaint."
        ),
        "{text}"
    );
    assert!(text.contains("Most reported problems"), "{text}");
    assert!(text.contains("Has the organisation responded?"), "{text}");
    assert!(text.contains("Official replies"), "{text}");
}

/// The official posts are marked on the dashboard's chart, with a legend entry, where they were
/// made (the reply on 4 May at 10:10 is 3.42 days into a period from 1 May), and the brief's
/// chart says so under it; with no own account, no marks.
#[test]
fn official_posts_are_marked_on_the_chart() {
    let (_dir, _path, store) = thread_workspace("@cityit");
    let d = townhall::workspace::views::dashboard(&store, &request(), now()).unwrap();
    let marks: Vec<(bool, f64)> = d
        .overlays
        .official
        .iter()
        .map(|o| (o.reply, (o.at * 100.0).round() / 100.0))
        .collect();
    assert_eq!(marks.len(), 2, "{marks:?}");
    assert_eq!(marks[0], (true, 3.42));
    assert!(d.chart_svg.contains("Official post (your accounts)"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("brief.pdf");
    briefing::write(&store, &request(), &BriefChoices::default(), &out, now()).unwrap();
    let text = pdf_text(&std::fs::read(&out).unwrap());
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // The own account is the organisation's: named, never pseudonymised.
    assert!(flat.contains("Official accounts: @cityit."), "{flat}");
    assert!(flat.contains("Green triangles: the organisation"), "{flat}");

    settings::set(store.conn(), settings::OWN_ACCOUNTS, "").unwrap();
    let d = townhall::workspace::views::dashboard(&store, &request(), now()).unwrap();
    assert!(d.overlays.official.is_empty());
    assert!(!d.chart_svg.contains("Official post"));
}

/// The briefing reads the period's mentions once for its problems and its response: what it
/// gathers is what the response and problems commands compute on their own, and its chart marks
/// the dashboard's official posts, on the demo (threads on X, none elsewhere) and on the thread
/// fixture.
#[test]
fn the_briefing_s_shared_read_gives_what_each_command_computes() {
    use townhall::output::brief;
    use townhall::workspace::{problems, views};
    let (_dir, store, demo_request) = demo_workspace();
    let (_thread_dir, _thread_path, threads) = thread_workspace("@cityit");
    for (store, request) in [(&store, demo_request), (&threads, request())] {
        let alone = response::report(store, &request, now()).unwrap();
        assert!(alone.complaints > 0 && !alone.official.is_empty());
        let report = problems::report(store, &request, now()).unwrap();
        let dashboard = views::dashboard(store, &request, now()).unwrap();
        // The briefing's own path (the overview's mentions handed on), and the engine's
        // `gather`, which reads them itself.
        let prepared = briefing::prepare(store, &request, &BriefChoices::default(), now())
            .unwrap()
            .gathered;
        let overview = views::overview(store, &request, now()).unwrap();
        let gathered = brief::gather(store, overview).unwrap();
        for g in [prepared, gathered] {
            assert_eq!(g.response, alone);
            assert_eq!(g.problems, report);
            assert_eq!(g.overlays.official, dashboard.overlays.official);
        }
    }
}

/// The official replies name the people they answer ("@kai79 We're sorry…"): as the command
/// line and the window show them, those people are pseudonymised, the organisation named.
#[test]
fn official_replies_shown_keep_the_people_they_answer_private() {
    let (_dir, store, request) = demo_workspace();
    let raw = response::report(&store, &request, now()).unwrap();
    let shown = response::shown(&store, &request, now()).unwrap();
    assert_eq!(raw.official.len(), shown.official.len());
    let replies: Vec<(&str, &str)> = raw
        .official
        .iter()
        .zip(&shown.official)
        .filter(|(r, _)| r.reply)
        .map(|(r, s)| (r.text.as_str(), s.text.as_str()))
        .collect();
    assert!(!replies.is_empty());
    for (raw, shown) in replies {
        let answered = raw.split_whitespace().next().unwrap();
        assert!(
            answered.starts_with('@') && !answered.contains("Person"),
            "{raw}"
        );
        assert!(shown.starts_with("@Person "), "{shown}");
        assert!(!shown.contains(answered), "{shown}");
    }
    assert_eq!(shown.own_accounts, raw.own_accounts);
}

/// An official reply that answers a private person by name ("Sorry Pete Private") shows their
/// pseudonym instead, as their own posts' bylines do; a public account answered keeps its name.
#[test]
fn official_replies_shown_keep_the_name_of_the_private_person_they_answer_private() {
    let (dir, _path, mut store) = thread_workspace("@cityit");
    let tweet = |id: &str, author: &str, text: &str, at: &str, refs: serde_json::Value| {
        serde_json::json!({"id": id, "text": text, "author_id": author, "created_at": at,
                           "lang": "en", "referenced_tweets": refs})
    };
    let page = serde_json::json!({"data": [
        tweet("120", "7", "The portal is down and my report is due tonight",
              "2026-05-04T12:00:00.000Z", serde_json::json!([])),
        tweet("121", "1", "Sorry Pete Private, the portal is back now",
              "2026-05-04T12:30:00.000Z", serde_json::json!([{"type": "replied_to", "id": "120"}])),
        tweet("122", "8", "Pete Private is right, mine is due too",
              "2026-05-04T12:40:00.000Z", serde_json::json!([{"type": "replied_to", "id": "120"}])),
    ], "includes": {"users": [
        {"id": "1", "username": "CityIT", "name": "City IT"},
        {"id": "7", "username": "pete_p", "name": "Pete Private"},
        {"id": "8", "username": "other_o", "name": "Olive Other"},
    ]}});
    let file = dir.path().join("named.jsonl");
    std::fs::write(&file, page.to_string()).unwrap();
    import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    let text = |r: &townhall::analytics::response::Response| {
        r.official
            .iter()
            .find(|o| o.text.contains("is back now"))
            .map(|o| o.text.clone())
            .unwrap()
    };
    let raw = text(&response::report(&store, &request(), now()).unwrap());
    assert!(raw.contains("Pete Private"), "{raw}");
    let shown = text(&response::shown(&store, &request(), now()).unwrap());
    assert!(shown.starts_with("Sorry Person "), "{shown}");
    assert!(!shown.contains("Pete"), "{shown}");
    // So do the replies wherever they are shown (the posts list, what drove a window), a
    // private person's reply too.
    let ids: Vec<i64> = store
        .conn()
        .prepare("SELECT id FROM posts")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let posts = townhall::store::posts::by_ids(store.conn(), &ids).unwrap();
    let listed = townhall::workspace::views::shown(&store, &posts, false).unwrap();
    let texts: Vec<&str> = listed.iter().map(|p| p.text.as_str()).collect();
    assert!(texts.iter().all(|t| !t.contains("Pete")), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.starts_with("Sorry Person ")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.ends_with(" is right, mine is due too")),
        "{texts:?}"
    );
    // Marked public, the person is named.
    settings::set(store.conn(), settings::PUBLIC_ACCOUNTS, "pete_p").unwrap();
    let named = text(&response::shown(&store, &request(), now()).unwrap());
    assert!(named.contains("Pete Private"), "{named}");
}

/// The organisation sharing a complaint says nothing: its retweet is no official post. Its
/// reply that also quotes a post is a reply, in the thread it answers.
#[test]
fn a_retweet_is_no_response_and_a_reply_that_quotes_is_a_reply() {
    let (dir, _path, mut store) = thread_workspace("@cityit");
    let tweet = |id: &str, text: &str, at: &str, refs: serde_json::Value| {
        serde_json::json!({"id": id, "text": text, "author_id": "1", "created_at": at,
                           "lang": "en", "referenced_tweets": refs})
    };
    let page = serde_json::json!({"data": [
        tweet("107", "RT @bob_r: Can't log in to the portal, it says my password is wrong",
              "2026-05-04T09:30:00.000Z", serde_json::json!([{"type": "retweeted", "id": "102"}])),
        tweet("108", "@dave_t we are on it, see our update",
              "2026-05-04T11:10:00.000Z",
              serde_json::json!([{"type": "quoted", "id": "106"}, {"type": "replied_to", "id": "104"}])),
    ], "includes": {"users": [{"id": "1", "username": "CityIT", "name": "City IT"}]}});
    let file = dir.path().join("more.jsonl");
    std::fs::write(&file, page.to_string()).unwrap();
    import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    let r = response::report(&store, &request(), now()).unwrap();
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp();
    assert_eq!(r.first_response, Some(at("2026-05-04T10:10:00Z")));
    let listed: Vec<(bool, i64)> = r.official.iter().map(|o| (o.reply, o.created_at)).collect();
    assert_eq!(
        listed,
        [
            (true, at("2026-05-04T10:10:00Z")),
            (false, at("2026-05-04T11:00:00Z")),
            (true, at("2026-05-04T11:10:00Z"))
        ]
    );
    assert_eq!(r.thread_totals(), (4, 2));
}

/// A Mastodon reply collected through an instance's API names its parent by the instance's own
/// id (`in_reply_to_id`), while the parent is stored under its address (`uri`): the thread is
/// found through the id the parent was collected under, whichever came first in the file, in a
/// later collection, or brought again from this instance after another one.
#[test]
fn a_mastodon_reply_joins_the_thread_of_the_status_it_answers() {
    let (dir, _path, mut store) = workspace();
    topics::add(&store, "Portal", "portal", "2026-05-01T00:00:00Z").unwrap();
    settings::set(store.conn(), settings::OWN_ACCOUNTS, "@cityit").unwrap();
    let account = |name: &str, host: &str| {
        serde_json::json!({"id": name, "uri": format!("https://{host}/users/{name}"),
                           "acct": if host == "m.example" { name.to_string() } else { format!("{name}@{host}") }})
    };
    let status = |id: &str, uri: &str, at: &str, text: &str, parent: Option<&str>, who| {
        serde_json::json!({"id": id, "uri": uri, "created_at": at, "content": text,
                           "language": "en", "in_reply_to_id": parent, "account": who})
    };
    let statuses = |items: Vec<serde_json::Value>, name: &str| {
        let file = dir.path().join(name);
        std::fs::write(&file, serde_json::json!({ "statuses": items }).to_string()).unwrap();
        file
    };
    // Newest first, as a timeline gives them: each reply before the status it answers.
    let first = statuses(
        vec![
            status(
                "109005",
                "https://m.example/users/cityit/statuses/109005",
                "2026-05-04T10:00:00Z",
                "@ann we are on it",
                Some("109001"),
                account("cityit", "m.example"),
            ),
            status(
                "109003",
                "https://other.example/users/bo/statuses/77",
                "2026-05-04T09:00:00Z",
                "the portal is down for me too",
                None,
                account("bo", "other.example"),
            ),
            status(
                "109001",
                "https://m.example/users/ann/statuses/109001",
                "2026-05-04T08:00:00Z",
                "the portal is down again",
                None,
                account("ann", "m.example"),
            ),
        ],
        "timeline.json",
    );
    import_file(&mut store, &first, &ImportOptions::default()).unwrap();
    let r = response::report(&store, &request(), now()).unwrap();
    assert_eq!(r.complaints, 2);
    assert_eq!(
        r.thread_totals(),
        (2, 1),
        "the official reply answers ann's thread"
    );

    // A later collection: the organisation answers bo's post, known there by the instance's id.
    let later = statuses(
        vec![status(
            "109009",
            "https://m.example/users/cityit/statuses/109009",
            "2026-05-04T11:00:00Z",
            "@bo@other.example fixed now",
            Some("109003"),
            account("cityit", "m.example"),
        )],
        "later.json",
    );
    import_file(&mut store, &later, &ImportOptions::default()).unwrap();
    let r = response::report(&store, &request(), now()).unwrap();
    assert_eq!(r.thread_totals(), (2, 2));
    assert!(r.official.iter().all(|o| o.reply), "{:?}", r.official);

    // A complaint first stored from another instance (under that instance's id), answered in a
    // reply collected here before the complaint is collected here too, as a duplicate: the
    // reply joins its thread once it is.
    let elsewhere = statuses(
        vec![status(
            "555",
            "https://other.example/users/cy/statuses/9",
            "2026-05-04T12:00:00Z",
            "is the portal down?",
            None,
            account("cy", "other.example"),
        )],
        "elsewhere.json",
    );
    import_file(&mut store, &elsewhere, &ImportOptions::default()).unwrap();
    let reply = statuses(
        vec![status(
            "109020",
            "https://m.example/users/cityit/statuses/109020",
            "2026-05-04T12:30:00Z",
            "@cy@other.example yes, sorry",
            Some("109012"),
            account("cityit", "m.example"),
        )],
        "reply.json",
    );
    import_file(&mut store, &reply, &ImportOptions::default()).unwrap();
    assert_eq!(
        response::report(&store, &request(), now())
            .unwrap()
            .thread_totals(),
        (3, 2)
    );
    let again = statuses(
        vec![status(
            "109012",
            "https://other.example/users/cy/statuses/9",
            "2026-05-04T12:00:00Z",
            "is the portal down?",
            None,
            account("cy", "other.example"),
        )],
        "again.json",
    );
    let report = import_file(&mut store, &again, &ImportOptions::default()).unwrap();
    assert_eq!(report.duplicates, 1);
    assert_eq!(
        response::report(&store, &request(), now())
            .unwrap()
            .thread_totals(),
        (3, 3)
    );
}

/// A workspace of an earlier release learns the instance ids of the Mastodon statuses it holds
/// from their kept records (migration 0021), so its replies join their threads too.
#[test]
fn an_earlier_workspace_learns_its_mastodon_ids() {
    let (dir, path, mut store) = workspace();
    let file = dir.path().join("statuses.json");
    std::fs::write(
        &file,
        serde_json::json!({"statuses": [{
            "id": "109001", "uri": "https://m.example/users/ann/statuses/109001",
            "created_at": "2026-05-04T08:00:00Z", "content": "portal down",
            "account": {"uri": "https://m.example/users/ann", "acct": "ann"}}]})
        .to_string(),
    )
    .unwrap();
    import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    store
        .conn()
        .execute_batch(
            "DROP TABLE local_ids; ALTER TABLE unseen_history DROP COLUMN since;
             PRAGMA user_version = 20;",
        )
        .unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    let known: Vec<(String, i64)> = store
        .conn()
        .prepare("SELECT local_id, post FROM local_ids")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(known, [("109001".to_string(), 1)]);
}
