//! Watching live from the command line: a source added and collected against a fake server,
//! its credential kept out of the workspace, and one status graded alike by `townhall status`
//! and the brief.

use std::path::Path;

use crate::fake_server::{FakeServer, Reply};
use crate::support::{fixture, stdout};

/// `townhall` on the workspace `ws.sqlite` in `dir`.
fn townhall(dir: &Path) -> assert_cmd::Command {
    crate::support::townhall(&dir.join("ws.sqlite"))
}

#[test]
fn a_feed_source_is_added_collected_listed_paused_and_removed() {
    let rss = std::fs::read(fixture("collect/news.rss")).unwrap();
    let server = FakeServer::start(move |_| Reply::status(200, rss.clone()));
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{}/news.rss", server.url);
    let added = stdout(townhall(dir.path()).args([
        "source", "add", "Courier", "--kind", "feed", "--url", &url, "--every", "10m",
    ]));
    assert!(added.contains("collected every 10 min"), "{added}");
    assert!(!added.contains("credentials"), "a feed has none: {added}");

    let collected = stdout(townhall(dir.path()).args(["collect", "--once", "--json"]));
    let run: serde_json::Value = serde_json::from_str(collected.lines().next().unwrap()).unwrap();
    assert_eq!(run["run"]["source"], "Courier");
    assert_eq!(run["run"]["new_posts"], 2, "{collected}");
    // Nothing is due again before its interval.
    assert_eq!(stdout(townhall(dir.path()).args(["collect", "--json"])), "");

    let list = stdout(townhall(dir.path()).args(["source", "list"]));
    assert!(list.starts_with("Courier\tfeed\t"), "{list}");
    assert!(list.contains("2 new posts"), "{list}");
    let posts = stdout(townhall(dir.path()).args(["posts"]));
    assert_eq!(posts.lines().count(), 2);
    assert!(posts.contains(r#""platform":"news""#), "{posts}");

    stdout(townhall(dir.path()).args(["source", "pause", "Courier"]));
    assert!(stdout(townhall(dir.path()).args(["source", "list"])).contains("paused"));
    // Without a terminal to ask, nothing is removed until --yes confirms it.
    let unasked = townhall(dir.path())
        .args(["source", "remove", "Courier"])
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&unasked.get_output().stderr).to_string();
    assert!(
        stderr.contains("Remove the source “Courier”? The posts it collected stay."),
        "{stderr}"
    );
    assert!(stdout(townhall(dir.path()).args(["source", "list"])).contains("Courier"));
    stdout(townhall(dir.path()).args(["source", "remove", "Courier", "--yes"]));
    assert_eq!(stdout(townhall(dir.path()).args(["source", "list"])), "");
    assert_eq!(
        stdout(townhall(dir.path()).args(["posts"])).lines().count(),
        2,
        "posts stay"
    );
}

#[test]
fn a_credential_is_read_from_stdin_and_never_kept_in_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "xapp-very-secret-9f2e";
    let added = stdout(
        townhall(dir.path())
            .args([
                "source",
                "add",
                "Sky",
                "--kind",
                "bluesky",
                "--query",
                "schoolmax",
            ])
            .args(["--login", "it.riverside.example", "--secret-stdin"])
            .write_stdin(format!("{secret}\n")),
    );
    assert!(added.contains("credentials kept in"), "{added}");
    let list = stdout(townhall(dir.path()).args(["source", "list", "--json"]));
    assert!(list.contains("\"has_credential\":true"), "{list}");
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "{} holds the secret", path.display());
        }
    }
    let kept = std::fs::read_to_string(dir.path().join("config/secrets.json")).unwrap();
    assert!(kept.contains(secret), "the secret went nowhere");
    // A login without its secret is refused before anything is saved.
    let out = townhall(dir.path())
        .args(["source", "add", "Sky2", "--kind", "bluesky", "--login", "x"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn the_status_line_is_the_same_in_the_cli_and_the_brief_and_history_alerts_no_one() {
    let dir = tempfile::tempdir().unwrap();
    stdout(townhall(dir.path()).arg("demo"));
    // Importing the scenario's history marks its spikes but raises no alert.
    assert_eq!(stdout(townhall(dir.path()).args(["alerts", "--json"])), "");

    let at = "2026-09-01T15:00:00Z";
    let line = stdout(townhall(dir.path()).args(["status", "--json", "--at", at]));
    let status: serde_json::Value = line
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|s| s["topic"] == "SchoolMax")
        .unwrap();
    assert_ne!(status["grade"], "normal", "{status}");
    // Said as sentences on the command line.
    let said = stdout(townhall(dir.path()).args(["status", "--at", at]));
    let said = said.lines().find(|l| l.starts_with("SchoolMax: ")).unwrap();
    let (label, evidence, confidence) = (
        status["label"].as_str().unwrap(),
        status["evidence"].as_str().unwrap(),
        status["confidence"].as_str().unwrap(),
    );
    assert_eq!(
        said,
        format!("SchoolMax: {label}. {evidence}. {confidence}.")
    );
    let pdf = dir.path().join("brief.pdf");
    stdout(
        townhall(dir.path())
            .args(["brief", "SchoolMax", "--generated-at", at, "--out"])
            .arg(&pdf),
    );
    let text = crate::support::pdf_text(&std::fs::read(&pdf).unwrap());
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let label = status["label"].as_str().unwrap();
    let evidence = status["evidence"].as_str().unwrap();
    assert!(
        flat.contains(&format!("Status when generated: {label}.")),
        "{flat}"
    );
    assert!(flat.contains(evidence), "{evidence} not in {flat}");
    // The brief says it whole, as the command line does.
    let whole = said.trim_start_matches("SchoolMax: ");
    assert!(flat.contains(whole), "{whole} not in {flat}");
    assert!(
        flat.contains("THIS PERIOD"),
        "the header's badge says what it grades"
    );
}

#[test]
fn rules_schedules_and_delivery_are_set_from_the_command_line_and_shown_before_sending() {
    let server = FakeServer::start(|_| Reply::status(200, "1"));
    let dir = tempfile::tempdir().unwrap();
    stdout(townhall(dir.path()).args(["topic", "add", "Portal", "--query", "portal"]));

    let rules = stdout(townhall(dir.path()).args([
        "rules",
        "Portal",
        "--min-grade",
        "critical",
        "--quiet",
        "22:00-07:00",
        "--cooldown",
        "2h",
    ]));
    assert_eq!(
        rules,
        "Portal: alerts from Critical up; quiet hours 22:00-07:00; cooldown 2 h; a tone alert \
         when the negative share rises 20 points over at least 20 posts\n"
    );
    assert_eq!(
        stdout(townhall(dir.path()).args(["rules", "Portal"])),
        rules
    );
    let refused = townhall(dir.path())
        .args(["rules", "Portal", "--cooldown", "soon"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is not a duration"));

    let briefs = dir.path().join("briefs");
    std::fs::create_dir(&briefs).unwrap();
    let set = stdout(townhall(dir.path()).args([
        "schedule",
        "set",
        "Portal",
        "--folder",
        briefs.to_str().unwrap(),
        "--at",
        "07:30",
    ]));
    assert!(
        set.starts_with("Portal: on at 07:30 on mon,tue,wed,thu,fri into "),
        "{set}"
    );
    assert_eq!(stdout(townhall(dir.path()).args(["schedule", "list"])), set);

    // A channel that cannot be switched on shows nothing it would send.
    let refused = townhall(dir.path())
        .args(["delivery", "set", "slack", "--on"])
        .assert()
        .failure();
    let output = refused.get_output();
    assert!(
        output.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("needs its webhook address"));

    // Switching a channel on prints what it sends first; the address stays out of the workspace.
    let hook = format!("{}/hook-SECRET-42", server.url);
    let on = stdout(
        townhall(dir.path())
            .args(["delivery", "set", "webhook", "--on", "--secret-stdin"])
            .write_stdin(format!("{hook}\n")),
    );
    assert!(
        on.contains("POST to the JSON webhook address kept as secret \"delivery.webhook\""),
        "{on}"
    );
    assert!(on.contains("\"topic\": \"Portal\""), "{on}");
    assert!(
        on.contains("\nwebhook: on; its secret is kept in the file "),
        "{on}"
    );
    let list = stdout(townhall(dir.path()).args(["delivery", "list"]));
    assert!(
        list.starts_with("teams: off; no webhook address saved\n"),
        "{list}"
    );
    stdout(townhall(dir.path()).args(["delivery", "test", "webhook", "--topic", "Portal"]));
    let sent: serde_json::Value =
        serde_json::from_slice(&server.to("/hook-SECRET-42")[0].body).unwrap();
    assert_eq!(sent["topic"], "Portal");
    // A test says it is one, and carries no alert's id.
    assert_eq!(sent["id"], 0, "{sent}");
    assert!(
        sent["title"].as_str().unwrap().starts_with("Test: "),
        "{sent}"
    );
    assert!(
        sent["evidence"]
            .as_str()
            .unwrap()
            .starts_with("A test of this channel, not an alert."),
        "{sent}"
    );
    for file in ["ws.sqlite", "ws.sqlite-wal"] {
        let bytes = std::fs::read(dir.path().join(file)).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SECRET-42"),
            "{file}"
        );
    }

    stdout(townhall(dir.path()).args(["schedule", "remove", "Portal"]));
    assert_eq!(stdout(townhall(dir.path()).args(["schedule", "list"])), "");
}

/// Two workspaces share the user's secret store but never each other's credentials; a credential
/// goes only to the server it was given for; a damaged secret store stops only the sources
/// that have a credential.
#[test]
fn credentials_stay_with_their_workspace_and_their_server() {
    let first = FakeServer::start(|_| Reply::json(serde_json::json!([])));
    let second = FakeServer::start(|_| Reply::json(serde_json::json!([])));
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.sqlite"), dir.path().join("b.sqlite"));
    let townhall = |db: &Path| crate::support::townhall(db);
    let add = |db: &Path, url: &str| {
        let mut cmd = townhall(db);
        cmd.args(["source", "add", "masto", "--kind", "mastodon", "--url", url])
            .args(["--hashtag", "portal"]);
        cmd
    };
    stdout(
        add(&a, &first.url)
            .arg("--secret-stdin")
            .write_stdin("TOKEN-OF-A\n"),
    );
    // Another workspace's source of the same name, without a credential, added and removed.
    stdout(&mut add(&b, &first.url));
    stdout(townhall(&b).args(["source", "remove", "masto", "--yes"]));
    stdout(townhall(&a).args(["collect", "--json"]));
    let sent: Vec<_> = first
        .requests()
        .iter()
        .map(|r| r.header("authorization").map(str::to_string))
        .collect();
    assert_eq!(sent, [Some("Bearer TOKEN-OF-A".to_string())]);

    // Moved to another server without a new credential: the credential is forgotten.
    let moved = stdout(&mut add(&a, &second.url));
    assert!(moved.contains("credential was forgotten"), "{moved}");
    stdout(townhall(&a).args(["collect", "--json"]));
    let asked = second.requests();
    assert_eq!(asked.len(), 1);
    assert_eq!(
        asked[0].header("authorization"),
        None,
        "no token for another server"
    );
    let secrets = std::fs::read_to_string(dir.path().join("config/secrets.json")).unwrap();
    assert!(!secrets.contains("TOKEN-OF-A"), "{secrets}");

    // A damaged secret store: a feed has no credential and is collected all the same.
    let rss = std::fs::read(fixture("collect/news.rss")).unwrap();
    let feed = FakeServer::start(move |_| Reply::status(200, rss.clone()));
    let url = format!("{}/news.rss", feed.url);
    stdout(townhall(&b).args(["source", "add", "Courier", "--kind", "feed", "--url", &url]));
    std::fs::write(dir.path().join("config/secrets.json"), "damaged").unwrap();
    let run = stdout(townhall(&b).args(["collect", "--json"]));
    assert!(run.contains("\"new_posts\":2"), "{run}");
}

/// A folder given relative to where the command ran is kept whole: the app and a service
/// collect from other working folders.
#[test]
fn a_folder_source_keeps_the_whole_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("drop")).unwrap();
    stdout(
        townhall(dir.path())
            .current_dir(dir.path())
            .args(["source", "add", "drop", "--kind", "folder", "--url", "drop"]),
    );
    let listed = stdout(townhall(dir.path()).args(["source", "list", "--json"]));
    let source: serde_json::Value = serde_json::from_str(listed.lines().next().unwrap()).unwrap();
    let kept = source["source"]["url"].as_str().unwrap().to_string();
    assert_eq!(Path::new(&kept), dir.path().join("drop"), "{listed}");
}

/// A Bluesky session is kept beside its app password, so a `townhall collect` run from a
/// scheduler signs in once, not every run; removing the source forgets both.
#[test]
fn a_bluesky_session_outlives_the_process_and_goes_with_its_source() {
    let server = FakeServer::start(|r| match r.path.as_str() {
        "/xrpc/com.atproto.server.createSession" => Reply::json(serde_json::json!({
            "accessJwt": "ACCESS-JWT-1234", "refreshJwt": "REFRESH-JWT-5678"
        })),
        _ => {
            assert_eq!(r.header("authorization"), Some("Bearer ACCESS-JWT-1234"));
            Reply::json(serde_json::json!({ "posts": [] }))
        }
    });
    let dir = tempfile::tempdir().unwrap();
    stdout(
        townhall(dir.path())
            .args([
                "source",
                "add",
                "sky",
                "--kind",
                "bluesky",
                "--url",
                &server.url,
            ])
            .args([
                "--query",
                "portal",
                "--login",
                "it.example",
                "--secret-stdin",
            ])
            .write_stdin("app-pass-word\n"),
    );
    for _ in 0..2 {
        let run = stdout(townhall(dir.path()).args(["collect", "--json"]));
        assert!(run.contains("\"outcome\":\"ok\""), "{run}");
        // Due again at once.
        stdout(townhall(dir.path()).args(["source", "pause", "sky"]));
        stdout(townhall(dir.path()).args(["source", "pause", "sky", "--resume"]));
    }
    assert_eq!(server.to("createSession").len(), 1, "signed in once");
    assert_eq!(server.to("searchPosts").len(), 2);
    let secrets = dir.path().join("config/secrets.json");
    assert!(std::fs::read_to_string(&secrets)
        .unwrap()
        .contains("REFRESH-JWT-5678"));
    stdout(townhall(dir.path()).args(["source", "remove", "sky", "--yes"]));
    let kept = std::fs::read_to_string(&secrets).unwrap();
    assert!(
        !kept.contains("JWT") && !kept.contains("app-pass-word"),
        "{kept}"
    );
}

/// A credential an earlier release kept under the bare key goes to the workspace whose source
/// has it, not to the first workspace that happens to look.
#[test]
fn an_earlier_release_s_credential_goes_to_the_workspace_that_has_it() {
    let server = FakeServer::start(|_| Reply::json(serde_json::json!([])));
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.sqlite"), dir.path().join("b.sqlite"));
    let townhall = |db: &Path| crate::support::townhall(db);
    stdout(
        townhall(&a)
            .args([
                "source",
                "add",
                "masto",
                "--kind",
                "mastodon",
                "--url",
                &server.url,
            ])
            .args(["--hashtag", "portal", "--secret-stdin"])
            .write_stdin("TOKEN-NEW\n"),
    );
    // As an earlier release left it: workspace a from before, its secret under the bare key.
    rusqlite::Connection::open(&a)
        .unwrap()
        .execute_batch("INSERT INTO settings VALUES ('secrets_to_adopt', 'true')")
        .unwrap();
    let file = dir.path().join("config/secrets.json");
    std::fs::write(
        &file,
        r#"{"source:masto": "{\"id\":null,\"secret\":\"TOKEN-OLD\"}",
            "delivery.teams": "https://teams.example/old"}"#,
    )
    .unwrap();
    stdout(townhall(&b).args(["topic", "add", "Portal", "--query", "portal"]));
    stdout(townhall(&b).args(["delivery", "list"]));
    stdout(townhall(&b).args(["source", "list"]));
    let untouched: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(
        untouched.get("source:masto").is_some(),
        "b has no such source"
    );
    stdout(townhall(&a).args(["collect", "--json"]));
    let sent = server.requests();
    assert_eq!(sent[0].header("authorization"), Some("Bearer TOKEN-OLD"));
    let kept: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(kept.get("source:masto").is_none(), "{kept}");
    assert_eq!(
        kept["delivery.teams"], "https://teams.example/old",
        "a never saved teams"
    );
    // Once: a bare key that appears later is no one's.
    let later = r#"{"source:masto": "{\"id\":null,\"secret\":\"LATER\"}"}"#;
    std::fs::write(&file, later).unwrap();
    stdout(townhall(&a).args(["source", "list"]));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), later);
}

/// An interval is printed as given, a schedule's folder is kept whole (so `watch` started from
/// another folder finds it), and a topic's name is no longer than a brief's file name can hold.
#[test]
fn intervals_folders_and_names_are_kept_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let added = stdout(townhall(dir.path()).args([
        "source",
        "add",
        "Courier",
        "--kind",
        "feed",
        "--url",
        "http://127.0.0.1:9/f.rss",
        "--every",
        "90s",
    ]));
    assert!(added.contains("collected every 90 s"), "{added}");

    let too_long = "N".repeat(townhall::topics::MAX_NAME + 1);
    let refused = townhall(dir.path())
        .args(["topic", "add", &too_long, "--query", "portal"])
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).to_string();
    assert!(
        stderr.contains("at most 80 characters (this one has 81)"),
        "{stderr}"
    );
    let longest = "Ü".repeat(townhall::topics::MAX_NAME);
    stdout(townhall(dir.path()).args(["topic", "add", &longest, "--query", "portal"]));

    std::fs::create_dir(dir.path().join("briefs")).unwrap();
    stdout(
        townhall(dir.path())
            .current_dir(dir.path())
            .args(["schedule", "set", &longest, "--folder", "briefs"]),
    );
    let listed = stdout(townhall(dir.path()).args(["schedule", "list"]));
    let whole = dir.path().join("briefs");
    assert!(listed.contains(whole.to_str().unwrap()), "{listed}");
}
