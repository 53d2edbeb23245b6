//! Alerting on the demo as a user runs it: a surge replayed from a fake Mastodon server while
//! watching (with a fake clock), the alert settings' use cases, and the morning brief written on
//! schedule and delivered with its PDF.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use base64::Engine as _;
use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Value};
use townhall::alerts::deliver::{Channel, EmailSettings, Security};
use townhall::alerts::{Alert, AlertKind};
use townhall::analytics::status::Grade;
use townhall::collect::{self, Clock, FakeClock, MemorySecrets, NewSource, Secrets, SourceKind};
use townhall::store::Store;
use townhall::workspace::alerting::{self, DeliveryChange, RulesChange, ScheduleChange};
use townhall::workspace::demo;
use townhall::workspace::live::{self, WatchEvent};

use crate::delivery::fake_smtp;
use crate::fake_server::{FakeServer, Reply};

const MIN: i64 = 60;
const HOUR: i64 = 3_600;

/// Tuesday 2026-10-20, 15:00 UTC (10:00 in the demo's Chicago): weeks after the demo's story.
fn t0() -> i64 {
    Utc.with_ymd_and_hms(2026, 10, 20, 15, 0, 0)
        .unwrap()
        .timestamp()
}

/// The demo workspace in a temporary folder.
fn demo_workspace() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite");
    let mut store = Store::open(&path).unwrap();
    demo::create(&mut store, &dir.path().join("demo")).unwrap();
    (dir, path)
}

/// A Mastodon status of the surge: one new person each, SchoolMax down again.
fn status(k: u64, created_at: i64) -> Value {
    json!({
        "id": (1_000 + k).to_string(),
        "uri": format!("https://campus.example/users/s{k}/statuses/{k}"),
        "url": format!("https://campus.example/@s{k}/{k}"),
        "created_at": townhall::time::rfc3339(created_at),
        "content": "<p>SchoolMax is down again, no schedules for anyone #SchoolMaxDown</p>",
        "language": "en",
        "account": {"uri": format!("https://campus.example/users/s{k}"),
                    "acct": format!("s{k}"), "display_name": "", "followers_count": 40},
        "favourites_count": 1, "reblogs_count": 0, "replies_count": 0
    })
}

#[test]
fn a_replayed_surge_on_the_demo_raises_one_alert_and_one_escalation_while_watching() {
    let (_dir, path) = demo_workspace();
    let t0 = t0();
    // 150 new people an hour from ten minutes past t0, as the hashtag's timeline shows them.
    let surge_start = t0 + 10 * MIN;
    let clock = Arc::new(FakeClock::new(t0));
    let server = {
        let clock = clock.clone();
        FakeServer::start(move |r| {
            // Everything posted up to now (one post every 24 s), at most `limit` after `min_id`.
            let now = clock.now();
            let posted = if now < surge_start {
                0
            } else {
                ((now - surge_start) / 24 + 1) as u64
            };
            let limit: u64 = r.param("limit").and_then(|l| l.parse().ok()).unwrap_or(40);
            let ks: Vec<u64> = match r.param("min_id").and_then(|m| m.parse::<u64>().ok()) {
                None => (posted.saturating_sub(limit)..posted).collect(),
                Some(m) => (m.saturating_sub(999)..posted)
                    .take(limit as usize)
                    .collect(),
            };
            let page = ks
                .into_iter()
                .rev()
                .map(|k| status(k, surge_start + k as i64 * 24));
            Reply::json(Value::Array(page.collect()))
        })
    };
    let secrets = MemorySecrets::new();
    {
        let store = Store::open(&path).unwrap();
        let new = NewSource {
            name: "campus".into(),
            kind: Some(SourceKind::Mastodon),
            url: Some(server.url.clone()),
            target: Some("SchoolMaxDown".into()),
            interval_secs: Some(5 * MIN),
            ..NewSource::default()
        };
        collect::add_source(&store, &secrets, &new, t0).unwrap();
    }

    let cancel = AtomicBool::new(false);
    let mut raised: Vec<Alert> = Vec::new();
    let mut new_posts = 0;
    live::watch(
        &path,
        &secrets,
        &*clock,
        &cancel,
        &mut |event| match event {
            WatchEvent::Collected(r) => {
                new_posts += r.new_posts;
                if clock.now() >= t0 + 5 * HOUR {
                    cancel.store(true, Ordering::SeqCst);
                }
            }
            WatchEvent::Alert(a) => raised.push(a.clone()),
            _ => {}
        },
    )
    .unwrap();

    assert!(new_posts > 600, "{new_posts} posts collected");
    let kinds: Vec<(AlertKind, Grade)> = raised.iter().map(|a| (a.kind, a.grade)).collect();
    assert_eq!(
        kinds,
        [
            (AlertKind::Spike, Grade::Problem),
            (AlertKind::Escalation, Grade::Critical)
        ],
        "{raised:#?}"
    );
    let first = &raised[0];
    assert_eq!(first.topic, demo::MAIN_TOPIC);
    assert_eq!(
        [first.title.as_str(), raised[1].title.as_str()],
        ["Problem: SchoolMax", "Now Critical: SchoolMax"]
    );
    assert!(
        first.started_at >= surge_start - 5 * MIN && first.started_at < surge_start + HOUR,
        "the surge began at {}, the alert says {}",
        surge_start,
        first.started_at
    );
    assert!(
        first.raised_at < surge_start + HOUR,
        "raised {} min into the surge",
        (first.raised_at - surge_start) / MIN
    );
    // The status graded at the alert's moment is the alert's own sentence.
    let store = Store::open(&path).unwrap();
    let at = DateTime::from_timestamp(first.raised_at, 0).unwrap();
    let topic = townhall::topics::get(&store, demo::MAIN_TOPIC).unwrap();
    assert_eq!(
        live::topic_status(&store, &topic, at).unwrap().evidence,
        first.evidence
    );
}

#[test]
fn rules_change_field_by_field_and_a_refused_change_saves_nothing() {
    let (_dir, path) = demo_workspace();
    let store = Store::open(&path).unwrap();
    let defaults = alerting::topic_rules(&store, "SchoolMax").unwrap();
    let change = RulesChange {
        quiet_hours: Some("22:00-07:00".into()),
        cooldown_secs: Some(2 * HOUR),
        ..RulesChange::default()
    };
    let rules = alerting::set_rules(&store, "SchoolMax", &change).unwrap();
    assert_eq!(rules.quiet_hours.unwrap().to_string(), "22:00-07:00");
    assert_eq!(rules.cooldown_secs, 2 * HOUR);
    assert_eq!(rules.min_grade, defaults.min_grade, "untouched fields stay");

    for (bad, says) in [
        (
            RulesChange {
                min_grade: Some(Grade::Normal),
                cooldown_secs: Some(HOUR),
                ..RulesChange::default()
            },
            "Normal never alerts",
        ),
        (
            RulesChange {
                quiet_hours: Some("late".into()),
                ..RulesChange::default()
            },
            "such as 22:00-07:00",
        ),
        (
            RulesChange {
                cooldown_secs: Some(30 * 86_400),
                ..RulesChange::default()
            },
            "between 0 and 7 days",
        ),
    ] {
        let err = alerting::set_rules(&store, "SchoolMax", &bad).unwrap_err();
        assert!(err.to_string().contains(says), "{err}");
    }
    assert_eq!(
        alerting::topic_rules(&store, "SchoolMax").unwrap(),
        rules,
        "refused changes saved nothing"
    );
    let quiet_off = RulesChange {
        quiet_hours: Some(String::new()),
        ..RulesChange::default()
    };
    assert_eq!(
        alerting::set_rules(&store, "SchoolMax", &quiet_off)
            .unwrap()
            .quiet_hours,
        None
    );
}

#[test]
fn a_channel_is_switched_on_only_with_its_address_which_stays_out_of_the_workspace() {
    let (_dir, path) = demo_workspace();
    let store = Store::open(&path).unwrap();
    let secrets = MemorySecrets::new();
    let on = |secret: Option<&str>| DeliveryChange {
        channel: Channel::Teams,
        enabled: Some(true),
        secret: secret.map(str::to_string),
        email: None,
    };
    let err = alerting::set_delivery(&store, &secrets, &on(None)).unwrap_err();
    assert!(
        err.to_string().contains("needs its webhook address"),
        "{err}"
    );
    assert!(
        !alerting::deliveries(&store, &secrets).unwrap()[0]
            .delivery
            .enabled
    );

    let url = "https://example.webhook.office.com/hook-SECRET-123";
    let view = alerting::set_delivery(&store, &secrets, &on(Some(url))).unwrap();
    assert!(view.delivery.enabled && view.has_secret);
    assert_eq!(secrets.get("delivery.teams").unwrap().as_deref(), Some(url));
    // The preview names the secret by its key and shows the card for the topic's status.
    let preview = alerting::preview_delivery(
        &store,
        &on(None),
        Some("SchoolMax"),
        DateTime::from_timestamp(t0(), 0).unwrap(),
    )
    .unwrap();
    assert!(preview
        .starts_with("POST to the Microsoft Teams address kept as secret \"delivery.teams\""));
    assert!(preview.contains("AdaptiveCard") && preview.contains("SchoolMax"));
    assert!(!preview.contains("SECRET-123"));

    // A webhook is an https:// address (plain http:// only to this machine), refused before
    // anything is saved, and the refusal does not repeat the address, a secret.
    let slack = |address: &str| DeliveryChange {
        channel: Channel::Slack,
        ..on(Some(address))
    };
    for (address, why) in [
        ("http://hooks.example/services/SECRET-9", "plain http://"),
        ("not a url SECRET-9", "not a web address"),
        ("ftp://hooks.example/SECRET-9", "not a web address"),
    ] {
        let err = alerting::set_delivery(&store, &secrets, &slack(address)).unwrap_err();
        assert!(err.to_string().contains(why), "{address}: {err}");
        assert!(!err.to_string().contains("SECRET-9"), "{err}");
        assert_eq!(secrets.get("delivery.slack").unwrap(), None);
    }
    let local = "http://127.0.0.1:9/relay";
    alerting::set_delivery(&store, &secrets, &slack(local)).unwrap();
    assert_eq!(
        secrets.get("delivery.slack").unwrap().as_deref(),
        Some(local)
    );

    // Unencrypted mail to another machine is refused before anything is saved.
    let mail = DeliveryChange {
        channel: Channel::Email,
        enabled: Some(true),
        secret: Some("hunter2-SECRET".into()),
        email: Some(EmailSettings {
            server: "smtp.example.org".into(),
            port: 25,
            security: Security::Plain,
            username: Some("townhall".into()),
            from: "townhall@example.org".into(),
            to: vec!["cio@example.org".into()],
        }),
    };
    let err = alerting::set_delivery(&store, &secrets, &mail).unwrap_err();
    assert!(err.to_string().contains("must be encrypted"), "{err}");
    assert_eq!(secrets.get("delivery.email").unwrap(), None);
    drop(store);
    for file in [path.clone(), path.with_extension("sqlite-wal")] {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(!String::from_utf8_lossy(&bytes).contains("SECRET"));
    }
}

/// A status whose workspace has sources, none of them collecting, says its quiet hours may be
/// unseen ones; one source collecting again, and it no longer does.
#[test]
fn a_status_says_so_when_no_source_is_collecting() {
    let (_dir, path) = demo_workspace();
    let store = Store::open(&path).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 9, 3, 12, 0, 0).unwrap();
    let caveat = |store: &Store| {
        let all = live::statuses(store, now).unwrap();
        let one = live::topic_status(
            store,
            &townhall::topics::get(store, "SchoolMax").unwrap(),
            now,
        );
        assert_eq!(one.unwrap().confidence, all[0].confidence);
        all[0].confidence.contains("Collection has stopped")
    };
    assert!(!caveat(&store), "a workspace of imports");
    let feed = NewSource {
        name: "news".into(),
        kind: Some(SourceKind::Feed),
        url: Some("https://news.example/rss".into()),
        ..NewSource::default()
    };
    collect::add_source(&store, &MemorySecrets::new(), &feed, now.timestamp()).unwrap();
    assert!(!caveat(&store), "a source about to collect");
    collect::set_paused(&store, "news", true, now.timestamp()).unwrap();
    assert!(caveat(&store), "its one source paused");
    collect::set_paused(&store, "news", false, now.timestamp()).unwrap();
    assert!(!caveat(&store), "resumed");
}

/// A schedule switched back on, or moved to a time already past today, writes its next brief at
/// its next time, not at once for the time that went by while it was off or elsewhere.
#[test]
fn a_schedule_switched_on_or_moved_waits_for_its_next_time() {
    use townhall::alerts::schedule;
    let (dir, path) = demo_workspace();
    let store = Store::open(&path).unwrap();
    let tz = townhall::store::settings::timezone(store.conn()).unwrap();
    let change = |enabled, at: &str| ScheduleChange {
        enabled,
        days: vec!["weekdays".into()],
        at: at.into(),
        folder: dir.path().display().to_string(),
    };
    let due_at = |now: DateTime<Utc>| {
        let view = alerting::set_schedule(&store, "SchoolMax", &change(true, "07:00"), now);
        let s = view.unwrap().schedule;
        schedule::due(&s, s.last_run, now.timestamp(), tz)
    };
    // Made on Monday evening (Chicago), off; Tuesday 07:00 Chicago is 12:00 UTC.
    let monday = Utc.with_ymd_and_hms(2026, 10, 19, 23, 0, 0).unwrap();
    alerting::set_schedule(&store, "SchoolMax", &change(false, "07:00"), monday).unwrap();
    let tuesday_noon = Utc.with_ymd_and_hms(2026, 10, 20, 12, 30, 0).unwrap();
    assert_eq!(due_at(tuesday_noon), None, "switched on after 07:00");
    // Saved again unchanged, it keeps its time: Wednesday's brief is due.
    let wednesday = Utc.with_ymd_and_hms(2026, 10, 21, 12, 1, 0).unwrap();
    assert!(due_at(wednesday).is_some());

    let thursday = Utc.with_ymd_and_hms(2026, 10, 22, 12, 30, 0).unwrap();
    let moved = alerting::set_schedule(&store, "SchoolMax", &change(true, "06:00"), thursday);
    let s = moved.unwrap().schedule;
    assert_eq!(
        schedule::due(&s, None, thursday.timestamp(), tz),
        None,
        "moved to 06:00"
    );
}

#[test]
fn the_morning_brief_is_written_on_schedule_and_sent_with_its_pdf() {
    let (dir, path) = demo_workspace();
    let store = Store::open(&path).unwrap();
    let secrets = MemorySecrets::new();
    let folder = dir.path().join("briefs");
    let change = ScheduleChange {
        enabled: true,
        days: vec!["weekdays".into()],
        at: "07:00".into(),
        folder: folder.display().to_string(),
    };
    let err = alerting::set_schedule(&store, "SchoolMax", &change, Utc::now()).unwrap_err();
    assert!(err.to_string().contains("is not a folder"), "{err}");
    std::fs::create_dir(&folder).unwrap();
    // Made on Monday evening (Chicago); due Tuesday 07:00 Chicago = 12:00 UTC.
    let made = Utc.with_ymd_and_hms(2026, 10, 19, 23, 0, 0).unwrap();
    let view = alerting::set_schedule(&store, "SchoolMax", &change, made).unwrap();
    assert_eq!(view.schedule.days, ["mon", "tue", "wed", "thu", "fri"]);

    let webhook = FakeServer::start(|_| Reply::status(200, "1"));
    let (port, smtp) = fake_smtp("235 2.7.0 accepted\r\n");
    for change in [
        DeliveryChange {
            channel: Channel::Webhook,
            enabled: Some(true),
            secret: Some(format!("{}/briefs", webhook.url)),
            email: None,
        },
        DeliveryChange {
            channel: Channel::Email,
            enabled: Some(true),
            secret: Some("hunter2".into()),
            email: Some(EmailSettings {
                server: "127.0.0.1".into(),
                port,
                security: Security::Plain,
                username: Some("townhall".into()),
                from: "townhall@example.org".into(),
                to: vec!["cio@example.org".into()],
            }),
        },
    ] {
        alerting::set_delivery(&store, &secrets, &change).unwrap();
    }

    let before = Utc.with_ymd_and_hms(2026, 10, 20, 11, 59, 0).unwrap();
    assert!(live::run_schedules(&store, &secrets, before)
        .unwrap()
        .is_empty());
    let at = Utc.with_ymd_and_hms(2026, 10, 20, 12, 1, 0).unwrap();
    let runs = live::run_schedules(&store, &secrets, at).unwrap();
    assert_eq!(runs.len(), 1);
    let pdf_path = runs[0].run.result.as_ref().unwrap();
    assert_eq!(
        pdf_path.file_name().unwrap().to_string_lossy(),
        "SchoolMax briefing 2026-10-20.pdf"
    );
    let pdf = std::fs::read(pdf_path).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    for (channel, outcome) in &runs[0].delivered {
        assert!(outcome.is_ok(), "{channel:?}: {outcome:?}");
    }
    assert_eq!(runs[0].delivered.len(), 2);

    // The webhook got the brief's status line and the PDF itself.
    let sent: Value = serde_json::from_slice(&webhook.to("/briefs")[0].body).unwrap();
    assert_eq!(sent["kind"], "brief");
    assert_eq!(sent["topic"], "SchoolMax");
    assert_eq!(sent["file_name"], "SchoolMax briefing 2026-10-20.pdf");
    let embedded = base64::engine::general_purpose::STANDARD
        .decode(sent["pdf_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(embedded, pdf);
    // The e-mail carries it as an attachment.
    let mail = String::from_utf8(smtp.join().unwrap().data).unwrap();
    assert!(
        mail.contains("Subject: [Townhall] SchoolMax briefing: "),
        "{mail}"
    );
    assert!(mail.contains("Content-Type: application/pdf"), "{mail}");
    assert!(mail.contains("SchoolMax briefing 2026-10-20.pdf"), "{mail}");
    // Once per scheduled time.
    let later = Utc.with_ymd_and_hms(2026, 10, 20, 18, 0, 0).unwrap();
    assert!(live::run_schedules(&store, &secrets, later)
        .unwrap()
        .is_empty());

    // An evening brief is named with the day on the workspace's clock, not UTC's next day.
    let evening = ScheduleChange {
        at: "21:00".into(),
        ..change
    };
    alerting::set_schedule(&store, "SchoolMax", &evening, later).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 10, 21, 2, 1, 0).unwrap();
    let runs = live::run_schedules(&store, &secrets, at).unwrap();
    let written = runs[0].run.result.as_ref().unwrap();
    assert_eq!(
        written.file_name().unwrap().to_string_lossy(),
        "SchoolMax briefing 2026-10-20.pdf"
    );
}

/// A morning brief whose webhook was down at 07:00 is sent again after the outbox's first wait,
/// with its PDF, once; the brief is not written again.
#[test]
fn a_morning_brief_the_webhook_could_not_take_is_sent_again_later() {
    let (dir, path) = demo_workspace();
    let store = Store::open(&path).unwrap();
    let secrets = MemorySecrets::new();
    let folder = dir.path().join("briefs");
    std::fs::create_dir(&folder).unwrap();
    let change = ScheduleChange {
        enabled: true,
        days: vec!["weekdays".into()],
        at: "07:00".into(),
        folder: folder.display().to_string(),
    };
    let made = Utc.with_ymd_and_hms(2026, 10, 19, 23, 0, 0).unwrap();
    alerting::set_schedule(&store, "SchoolMax", &change, made).unwrap();
    let down = Arc::new(AtomicBool::new(true));
    let webhook = {
        let down = down.clone();
        FakeServer::start(move |_| match down.load(Ordering::SeqCst) {
            true => Reply::status(503, "down"),
            false => Reply::status(200, "1"),
        })
    };
    let hook = DeliveryChange {
        channel: Channel::Webhook,
        enabled: Some(true),
        secret: Some(format!("{}/briefs", webhook.url)),
        email: None,
    };
    alerting::set_delivery(&store, &secrets, &hook).unwrap();

    let at = Utc.with_ymd_and_hms(2026, 10, 20, 12, 1, 0).unwrap();
    let runs = live::run_schedules(&store, &secrets, at).unwrap();
    assert_eq!(runs.len(), 1);
    assert!(
        !runs[0].resent && runs[0].delivered[0].1.is_err(),
        "{runs:?}"
    );
    let pdf = std::fs::read(runs[0].run.result.as_ref().unwrap()).unwrap();

    // Not before the first wait; after it, sent with its PDF, and not written again.
    down.store(false, Ordering::SeqCst);
    let soon = at + chrono::Duration::seconds(30);
    assert!(live::run_schedules(&store, &secrets, soon)
        .unwrap()
        .is_empty());
    let later = at + chrono::Duration::seconds(61);
    let runs = live::run_schedules(&store, &secrets, later).unwrap();
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert!(runs[0].resent, "{runs:?}");
    assert!(runs[0].delivered[0].1.is_ok(), "{runs:?}");
    let requests = webhook.to("/briefs");
    assert_eq!(requests.len(), 2);
    let sent: Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(sent["file_name"], "SchoolMax briefing 2026-10-20.pdf");
    let embedded = base64::engine::general_purpose::STANDARD
        .decode(sent["pdf_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(embedded, pdf);
    // Sent: nothing more to try.
    let much_later = at + chrono::Duration::hours(2);
    assert!(live::run_schedules(&store, &secrets, much_later)
        .unwrap()
        .is_empty());
    assert_eq!(webhook.to("/briefs").len(), 2);
}

#[test]
fn a_preview_shows_the_latest_alert_whichever_topic_raised_it() {
    let (_dir, path) = demo_workspace();
    let store = Store::open(&path).unwrap();
    // The demo's outage of 2 September, as a watch running then would have raised it.
    let during = Utc.with_ymd_and_hms(2026, 9, 2, 16, 0, 0).unwrap();
    townhall::alerts::evaluate(&store, during.timestamp()).unwrap();
    let latest = townhall::alerts::list(&store, None).unwrap();
    let newest = latest.first().expect("the outage raises an alert");
    let shown = alerting::sample_alert(&store, None, Utc::now()).unwrap();
    assert_eq!((shown.id, &shown.title), (newest.id, &newest.title));
    // A topic added since, whose name sorts last, is not taken for the latest.
    townhall::topics::add(&store, "Zz newest", "zebra", "2026-09-01T00:00:00Z").unwrap();
    let shown = alerting::sample_alert(&store, None, Utc::now()).unwrap();
    assert_eq!(shown.id, newest.id);
}

#[test]
fn a_test_message_for_a_normal_topic_says_it_is_not_an_alert() {
    let (_dir, _path, store) = crate::support::workspace();
    townhall::topics::add(&store, "Portal", "portal", "2026-09-01T00:00:00Z").unwrap();
    let alert = alerting::sample_alert(&store, Some("Portal"), Utc::now()).unwrap();
    assert_eq!(alert.grade, Grade::PossibleProblem);
    assert_eq!(alert.title, "Possible problem: Portal (example)");
    assert!(
        alert
            .evidence
            .starts_with("A test of this channel, not an alert. Now: No one posted"),
        "{}",
        alert.evidence
    );
}
