//! Alerts on hand-made timelines with an injected "now": posts are written as a twarc2 file,
//! imported for real, and the workspace is evaluated as collection would, every ten minutes.

use std::path::Path;

use chrono::{TimeZone, Utc};
use townhall::alerts::{self, rules, Alert, AlertKind};
use townhall::analytics::status::{self, Grade};
use townhall::collect::FakeClock;
use townhall::import::{import_file, ImportOptions};
use townhall::store::{settings, Store};
use townhall::topics::{self, Topic};

use crate::support::{no_cancel, workspace};

const MIN: i64 = 60;
const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

/// 2026-09-07 09:00 UTC, a Monday.
fn monday_9am() -> i64 {
    Utc.with_ymd_and_hms(2026, 9, 7, 9, 0, 0)
        .unwrap()
        .timestamp()
}

/// Posts written as twarc2 flattened tweets (one per line, author included).
#[derive(Default)]
struct Timeline {
    lines: Vec<String>,
}

impl Timeline {
    fn post(&mut self, t: i64, author: u64, text: &str, likes: u64) {
        let created = Utc
            .timestamp_opt(t, 0)
            .unwrap()
            .format("%Y-%m-%dT%H:%M:%S.000Z");
        let id = self.lines.len() + 1;
        self.lines.push(
            serde_json::json!({
                "id": id.to_string(),
                "author_id": author.to_string(),
                "created_at": created.to_string(),
                "text": text,
                "lang": "en",
                "public_metrics": {"like_count": likes, "retweet_count": 0, "reply_count": 0,
                                   "quote_count": 0},
                "author": {"id": author.to_string(), "username": format!("user{author}"),
                           "name": format!("User {author}")}
            })
            .to_string(),
        );
    }

    /// Three to five people an hour from a pool of regulars, asking neutral questions.
    fn background(&mut self, from: i64, to: i64) {
        let mut hour = from;
        while hour < to {
            let n = 3 + (hour / HOUR % 3) as u64;
            for i in 0..n {
                let author = 1 + (hour / HOUR * 7 + i as i64) as u64 % 40;
                self.post(
                    hour + 5 * MIN + i as i64 * 11 * MIN,
                    author,
                    "portal question",
                    0,
                );
            }
            hour += HOUR;
        }
    }

    /// `per_hour` new people an hour for `hours` hours from `start`, evenly spread.
    fn surge(&mut self, start: i64, hours: i64, per_hour: u64, text: &str) {
        let first_author = 10_000 + self.lines.len() as u64 * 1_000;
        for k in 0..hours * per_hour as i64 {
            let t = start + k * HOUR / per_hour as i64;
            self.post(t, first_author + k as u64, text, 1);
        }
    }

    fn import(&self, store: &mut Store, dir: &Path) {
        let path = dir.join("timeline.jsonl");
        std::fs::write(&path, self.lines.join("\n") + "\n").unwrap();
        let report = import_file(store, &path, &ImportOptions::default()).unwrap();
        assert_eq!(report.imported as usize, self.lines.len());
    }
}

/// A workspace with the topic "Portal" over four weeks of background, plus `extra` posts.
fn setup(tz: &str, extra: impl FnOnce(&mut Timeline)) -> (tempfile::TempDir, Store, Topic) {
    let (dir, _path, mut store) = workspace();
    settings::set(store.conn(), settings::TIMEZONE, tz).unwrap();
    let topic = topics::add(&store, "Portal", "portal", "2026-08-01T00:00:00Z").unwrap();
    let mut timeline = Timeline::default();
    let s = monday_9am();
    timeline.background(s - 28 * DAY, s + 3 * DAY);
    extra(&mut timeline);
    timeline.import(&mut store, dir.path());
    (dir, store, topic)
}

/// Evaluates every ten minutes over `[from, to]`, as collection would; returns what was raised.
fn evaluate_every_10_min(store: &Store, from: i64, to: i64) -> Vec<Alert> {
    (0..)
        .map(|i| from + i * 10 * MIN)
        .take_while(|&now| now <= to)
        .flat_map(|now| alerts::evaluate(store, now).unwrap())
        .collect()
}

fn kinds(alerts: &[Alert]) -> Vec<(AlertKind, Grade)> {
    alerts.iter().map(|a| (a.kind, a.grade)).collect()
}

/// A topic busy every morning at 8 (New York) stays Normal at 8 after the clocks go back: each
/// hour is compared with the same local hour of earlier days, not with the hour before it.
#[test]
fn a_daily_peak_stays_normal_after_the_clocks_change() {
    let tz = chrono_tz::America::New_York;
    let eight = |day: u32, month: u32| tz.with_ymd_and_hms(2026, month, day, 8, 0, 0).unwrap();
    let (dir, _path, mut store) = workspace();
    settings::set(store.conn(), settings::TIMEZONE, "America/New_York").unwrap();
    let topic = topics::add(&store, "Portal", "portal", "2026-08-01T00:00:00Z").unwrap();
    let mut timeline = Timeline::default();
    let (from, to) = (eight(20, 9).timestamp(), eight(10, 11).timestamp());
    timeline.background(from - 8 * HOUR, to);
    let mut day = eight(20, 9);
    while day.timestamp() < to {
        timeline.surge(day.timestamp(), 1, 40, "portal question every morning");
        day = tz
            .from_local_datetime(&(day.naive_local() + chrono::Duration::days(1)))
            .unwrap();
    }
    timeline.import(&mut store, dir.path());
    // The clocks went back on 1 November; 9 am on the 2nd, 4th and 9th.
    for day in [2, 4, 9] {
        let now = eight(day, 11).timestamp() + HOUR;
        let status = status::status(&store, &topic, tz, now).unwrap();
        assert_eq!(
            status.grade,
            Grade::Normal,
            "{day} November: {}",
            status.evidence
        );
    }
}

/// A day and a half of a steady level, then two posts of March imported (a backfill): the
/// months between were never collected, not quiet, so today's level is no surge on them.
#[test]
fn a_backfill_of_old_posts_does_not_make_todays_level_a_surge() {
    let now = monday_9am();
    let (dir, _path, mut store) = workspace();
    let topic = topics::add(&store, "Portal", "portal", "2026-08-01T00:00:00Z").unwrap();
    let mut timeline = Timeline::default();
    timeline.surge(now - 36 * HOUR, 36, 30, "portal question");
    timeline.import(&mut store, dir.path());
    let before = status::status(&store, &topic, chrono_tz::UTC, now).unwrap();
    assert_eq!(before.grade, Grade::Normal, "{}", before.evidence);

    let mut old = Timeline::default();
    old.post(now - 190 * DAY, 1, "portal question", 0);
    old.post(now - 189 * DAY, 2, "portal question", 0);
    old.lines = old
        .lines
        .iter()
        .map(|l| {
            l.replace(r#""id":"1""#, r#""id":"old1""#)
                .replace(r#""id":"2""#, r#""id":"old2""#)
        })
        .collect();
    std::fs::write(dir.path().join("old.jsonl"), old.lines.join("\n")).unwrap();
    import_file(
        &mut store,
        &dir.path().join("old.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    let after = status::status(&store, &topic, chrono_tz::UTC, now).unwrap();
    assert_eq!(after.grade, Grade::Normal, "{}", after.evidence);
    assert!(alerts::evaluate(&store, now).unwrap().is_empty());
}

#[test]
fn one_surge_gives_one_alert_and_one_escalation() {
    let s = monday_9am();
    let (_dir, store, topic) = setup("UTC", |t| {
        t.surge(s, 4, 150, "portal question again");
        t.post(
            s + 20 * MIN,
            777,
            "User 777 here: the portal @user3 asked about is gone",
            500,
        );
    });
    assert_eq!(
        status::status(&store, &topic, chrono_tz::UTC, s - 10 * MIN)
            .unwrap()
            .grade,
        Grade::Normal
    );
    let raised = evaluate_every_10_min(&store, s - HOUR, s + 8 * HOUR);
    assert_eq!(
        kinds(&raised),
        [
            (AlertKind::Spike, Grade::Problem),
            (AlertKind::Escalation, Grade::Critical)
        ]
    );
    let first = &raised[0];
    assert_eq!(
        first.raised_at,
        s + 20 * MIN,
        "ten minutes in (25 people) it is a minor rise; twenty minutes in, a Problem"
    );
    assert!(
        first.started_at >= s && first.started_at < s + 5 * MIN,
        "{}",
        first.started_at
    );
    assert_eq!(first.title, "Problem: Portal");
    assert!(
        first
            .evidence
            .contains("people in the last hour against a normal"),
        "{}",
        first.evidence
    );
    // The status shown at that moment is the alert's sentence.
    let shown = status::status(&store, &topic, chrono_tz::UTC, s + 20 * MIN).unwrap();
    assert_eq!(shown.evidence, first.evidence);

    // The top post, pseudonymised as in briefings (its @mention and its author's own name
    // too) unless names are on.
    let post = first.top_post.as_ref().unwrap();
    assert_eq!(post.author, "Person 1");
    assert_eq!(
        post.text,
        "Person 1 here: the portal @Person 2 asked about is gone"
    );
    assert_eq!(post.url, None);
    settings::set(store.conn(), settings::NAMES, "true").unwrap();
    let named = alerts::list(&store, None).unwrap();
    assert_eq!(
        named.last().unwrap().top_post.as_ref().unwrap().author,
        "@user777"
    );

    // Listed newest first, counted on the topic until acknowledged.
    let listed = alerts::list(&store, None).unwrap();
    assert_eq!(
        listed.iter().map(|a| a.id).collect::<Vec<_>>(),
        [raised[1].id, raised[0].id]
    );
    assert_eq!(
        alerts::list(&store, Some(raised[1].raised_at))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(alerts::unacknowledged_count(&store, &topic).unwrap(), 2);
    let acked = alerts::acknowledge(&store, raised[0].id, s + 9 * HOUR).unwrap();
    assert_eq!(acked.acknowledged_at, Some(s + 9 * HOUR));
    alerts::acknowledge(&store, raised[0].id, s + 10 * HOUR).unwrap();
    assert_eq!(
        alerts::list(&store, None).unwrap()[1].acknowledged_at,
        Some(s + 9 * HOUR),
        "the first acknowledgement is kept"
    );
    assert_eq!(alerts::unacknowledged_count(&store, &topic).unwrap(), 1);
    let missing = alerts::acknowledge(&store, 9_999, s).unwrap_err();
    assert_eq!(missing.code(), townhall::ErrorCode::NotFound);
}

#[test]
fn importing_a_surge_as_history_raises_nothing() {
    let s = monday_9am();
    let (_dir, store, topic) = setup("UTC", |t| t.surge(s, 4, 150, "portal question again"));
    // Imported two days later: the spike is history, marked on the chart, and notifies no one.
    assert!(alerts::evaluate(&store, s + 2 * DAY).unwrap().is_empty());
    assert!(alerts::list(&store, None).unwrap().is_empty());
    let now = status::status(&store, &topic, chrono_tz::UTC, s + 2 * DAY).unwrap();
    assert_eq!(now.grade, Grade::Normal);
    // Imported while it is still under way: one alert, at the grade it has reached.
    let raised = alerts::evaluate(&store, s + 3 * HOUR + 30 * MIN).unwrap();
    assert_eq!(kinds(&raised), [(AlertKind::Spike, Grade::Critical)]);
}

#[test]
fn quiet_hours_hold_an_alert_until_they_end() {
    let tz: chrono_tz::Tz = "America/Chicago".parse().unwrap();
    // 23:00 on Monday 7 September in Chicago (04:00 UTC on the 8th), for four hours.
    let start = tz
        .with_ymd_and_hms(2026, 9, 7, 23, 0, 0)
        .unwrap()
        .timestamp();
    let seven = tz
        .with_ymd_and_hms(2026, 9, 8, 7, 0, 0)
        .unwrap()
        .timestamp();
    let (_dir, store, topic) = setup("America/Chicago", |t| {
        t.surge(start, 4, 150, "portal question again")
    });
    let quiet = rules::Rules {
        quiet_hours: Some(rules::QuietHours::parse("22:00-07:00").unwrap()),
        ..rules::Rules::default()
    };
    rules::set(&store, topic.id, &quiet).unwrap();
    assert_eq!(rules::get(&store, topic.id).unwrap(), quiet);

    let overnight = evaluate_every_10_min(&store, start - HOUR, seven - 10 * MIN);
    assert!(overnight.is_empty(), "{overnight:?}");
    assert!(alerts::list(&store, None).unwrap().is_empty());
    assert_eq!(alerts::unacknowledged_count(&store, &topic).unwrap(), 0);

    let morning = evaluate_every_10_min(&store, seven, seven + 2 * HOUR);
    // One alert, raised when the quiet hours end, at the highest grade reached overnight.
    assert_eq!(kinds(&morning), [(AlertKind::Spike, Grade::Critical)]);
    assert_eq!(morning[0].raised_at, seven);
    assert!(morning[0].started_at >= start && morning[0].started_at < start + 5 * MIN);
    // The surge ended at 03:00: raised at 07:00, its "last hour" is said to be of when it was
    // found, and the topic's grade now beside it.
    let evidence = &morning[0].evidence;
    assert!(
        evidence.contains(" people in the last hour against a normal "),
        "{evidence}"
    );
    assert!(
        evidence.contains("(found at 2026-09-08 0")
            && evidence.ends_with(" CDT, held through the quiet hours; now Normal)"),
        "{evidence}"
    );
}

/// A surge still under way when the quiet hours end is raised with its evidence as of then.
#[test]
fn an_alert_held_through_quiet_hours_says_how_the_surge_stands_when_it_is_raised() {
    let s = monday_9am();
    let (_dir, store, topic) = setup("UTC", |t| t.surge(s, 4, 150, "portal question again"));
    let quiet = rules::Rules {
        quiet_hours: Some(rules::QuietHours::parse("08:00-10:00").unwrap()),
        ..rules::Rules::default()
    };
    rules::set(&store, topic.id, &quiet).unwrap();
    assert!(evaluate_every_10_min(&store, s - HOUR, s + HOUR - 10 * MIN).is_empty());
    let raised = alerts::evaluate(&store, s + HOUR).unwrap();
    assert_eq!(raised.len(), 1, "{raised:?}");
    let now = status::status(&store, &topic, chrono_tz::UTC, s + HOUR).unwrap();
    assert_eq!(raised[0].evidence, now.evidence);
}

/// A held alert follows the topic's rules as they are when its quiet hours would end: quiet
/// hours shortened since release it at their new end, and alerts turned off drop it.
#[test]
fn a_held_alert_follows_the_rules_changed_while_it_waits() {
    let s = monday_9am();
    let quiet = |hours: &str| rules::Rules {
        quiet_hours: Some(rules::QuietHours::parse(hours).unwrap()),
        ..rules::Rules::default()
    };
    let (_dir, store, topic) = setup("UTC", |t| t.surge(s, 4, 150, "portal question again"));
    rules::set(&store, topic.id, &quiet("08:00-12:00")).unwrap();
    assert!(evaluate_every_10_min(&store, s - HOUR, s + 30 * MIN).is_empty());
    rules::set(&store, topic.id, &quiet("08:00-09:40")).unwrap();
    let raised = evaluate_every_10_min(&store, s + 40 * MIN, s + HOUR);
    assert_eq!(raised.len(), 1, "{raised:?}");
    assert_eq!(raised[0].raised_at, s + 40 * MIN);

    let (_dir, store, topic) = setup("UTC", |t| t.surge(s, 4, 150, "portal question again"));
    rules::set(&store, topic.id, &quiet("08:00-12:00")).unwrap();
    assert!(evaluate_every_10_min(&store, s - HOUR, s + 30 * MIN).is_empty());
    let off = rules::Rules {
        enabled: false,
        ..quiet("08:00-12:00")
    };
    rules::set(&store, topic.id, &off).unwrap();
    assert!(evaluate_every_10_min(&store, s + 40 * MIN, s + 4 * HOUR).is_empty());
    assert!(alerts::list(&store, None).unwrap().is_empty());
}

#[test]
fn a_new_surge_within_the_cooldown_does_not_alert_again() {
    let s = monday_9am();
    let (_dir, store, _topic) = setup("UTC", |t| {
        t.surge(s, 1, 150, "portal question again");
        t.surge(s + 3 * HOUR, 1, 300, "portal question again");
        t.surge(s + 8 * HOUR, 1, 900, "portal question again");
    });
    let raised = evaluate_every_10_min(&store, s - HOUR, s + 10 * HOUR);
    // The second surge is within six hours of the first alert and no worse; the third is not
    // (it becomes a spike once it outgrows the surges remembered, twenty minutes in).
    assert_eq!(
        raised
            .iter()
            .map(|a| (a.kind, a.raised_at))
            .collect::<Vec<_>>(),
        [
            (AlertKind::Spike, s + 20 * MIN),
            (AlertKind::Spike, s + 8 * HOUR + 20 * MIN)
        ]
    );
}

#[test]
fn a_jump_in_the_negative_share_is_a_second_trigger() {
    let s = monday_9am();
    let (_dir, store, _topic) = setup("UTC", |t| {
        t.surge(s, 1, 22, "the portal is down again, this is terrible");
    });
    let raised = evaluate_every_10_min(&store, s - HOUR, s + 4 * HOUR);
    assert_eq!(raised.len(), 1, "{raised:?}");
    let alert = &raised[0];
    assert_eq!(alert.kind, AlertKind::NegativeJump);
    assert_eq!(alert.title, "Tone turned negative: Portal");
    assert!(
        alert
            .evidence
            .ends_with("posts in the last hour were negative, against 0% in the week before"),
        "{}",
        alert.evidence
    );
    assert!(alert.top_post.as_ref().unwrap().text.contains("terrible"));
    // It started with its first negative post, not with the hour compared.
    assert!(
        (s..s + 3 * MIN).contains(&alert.started_at),
        "{} against {s}",
        alert.started_at
    );
}

/// A negative surge first evaluated three hours in (a collection catching up): its tone is
/// compared with the week before it began, not with a week that holds its own first hours.
#[test]
fn a_negative_surge_s_tone_is_compared_with_the_week_before_it_began() {
    let s = monday_9am();
    let (_dir, store, _topic) = setup("UTC", |t| {
        t.surge(s, 3, 60, "the portal is down again, this is terrible");
    });
    let raised = alerts::evaluate(&store, s + 3 * HOUR - MIN).unwrap();
    let jump = raised
        .iter()
        .find(|a| a.kind == AlertKind::NegativeJump)
        .unwrap_or_else(|| panic!("{raised:?}"));
    assert!(
        jump.evidence.ends_with(
            "posts in the last hour were negative, against 1% in the week before the surge began"
        ),
        "{}",
        jump.evidence
    );
}

#[test]
fn rules_are_checked_and_a_topic_can_be_silenced() {
    let s = monday_9am();
    let (_dir, store, topic) = setup("UTC", |t| t.surge(s, 2, 150, "portal question again"));
    let bad = rules::Rules {
        min_grade: Grade::Normal,
        ..rules::Rules::default()
    };
    assert_eq!(
        rules::set(&store, topic.id, &bad).unwrap_err().code(),
        townhall::ErrorCode::InvalidInput
    );
    let off = rules::Rules {
        enabled: false,
        ..rules::Rules::default()
    };
    rules::set(&store, topic.id, &off).unwrap();
    assert!(evaluate_every_10_min(&store, s, s + 2 * HOUR).is_empty());
}

/// An alert is queued on the channels switched on when it is raised, and sent by the next
/// collection whatever process raised it; a failed send is tried again later, a sent one never.
#[test]
fn a_raised_alert_is_sent_by_the_next_collection_and_tried_again_until_it_goes() {
    use crate::fake_server::{FakeServer, Reply};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use townhall::alerts::deliver::Channel;
    use townhall::collect::MemorySecrets;
    use townhall::workspace::{alerting, alerting::DeliveryChange, live};

    let s = monday_9am();
    let (_dir, store, _topic) = setup("UTC", |t| t.surge(s, 4, 150, "portal down again"));
    let calls = AtomicUsize::new(0);
    // Down for the first call, then up.
    let hook = FakeServer::start(move |_| match calls.fetch_add(1, Ordering::SeqCst) {
        0 => Reply::status(503, "busy"),
        _ => Reply::status(200, "ok"),
    });
    let secrets = MemorySecrets::new();
    let on = |channel, url: String| DeliveryChange {
        channel,
        enabled: Some(true),
        secret: Some(url),
        email: None,
    };
    alerting::set_delivery(&store, &secrets, &on(Channel::Webhook, hook.url.clone())).unwrap();
    let at = FakeClock::new;

    let raised = evaluate_every_10_min(&store, s - HOUR, s + 20 * MIN);
    assert_eq!(raised.len(), 1);
    // Raised, but nothing sent until a collection sends: then the webhook is down.
    assert!(hook.requests().is_empty());
    let first = live::send_due(&store, &secrets, &at(s + 20 * MIN), &no_cancel()).unwrap();
    assert_eq!(first.len(), 1);
    let error = first[0].outcome.as_ref().unwrap_err().to_string();
    assert!(error.contains("is having trouble (503"), "{error}");
    assert_eq!(first[0].retry_at, Some(s + 21 * MIN));
    // Switched on after the alert was raised, Slack does not send it.
    let slack = FakeServer::start(|_| Reply::status(200, "ok"));
    alerting::set_delivery(&store, &secrets, &on(Channel::Slack, slack.url.clone())).unwrap();
    assert!(
        live::send_due(&store, &secrets, &at(s + 20 * MIN + 30), &no_cancel())
            .unwrap()
            .is_empty()
    );
    let again = live::send_due(&store, &secrets, &at(s + 21 * MIN), &no_cancel()).unwrap();
    assert_eq!(again.len(), 1);
    assert!(again[0].outcome.is_ok());
    assert_eq!(again[0].retry_at, None);
    assert_eq!(hook.requests().len(), 2);
    assert!(
        live::send_due(&store, &secrets, &at(s + 2 * HOUR), &no_cancel())
            .unwrap()
            .is_empty()
    );
    assert!(slack.requests().is_empty());
}

/// A channel down costs one failed send per pass, not one per waiting alert (a webhook that
/// does not answer holds each for 20 s); a pass asked to stop sends nothing more.
#[test]
fn a_channel_that_fails_waits_for_the_next_pass_and_a_stopped_pass_sends_nothing() {
    use crate::fake_server::{FakeServer, Reply};
    use townhall::alerts::deliver::Channel;
    use townhall::collect::MemorySecrets;
    use townhall::workspace::{alerting, alerting::DeliveryChange, live};

    let s = monday_9am();
    let (_dir, store, _topic) = setup("UTC", |t| t.surge(s, 4, 150, "portal down again"));
    let down = FakeServer::start(|_| Reply::status(503, "busy"));
    let slack = FakeServer::start(|_| Reply::status(200, "ok"));
    let secrets = MemorySecrets::new();
    for (channel, url) in [(Channel::Webhook, &down.url), (Channel::Slack, &slack.url)] {
        let change = DeliveryChange {
            channel,
            enabled: Some(true),
            secret: Some(url.clone()),
            email: None,
        };
        alerting::set_delivery(&store, &secrets, &change).unwrap();
    }
    // The spike, and its escalation hours later, both waiting when a collection next runs.
    let mut raised = evaluate_every_10_min(&store, s - HOUR, s + 20 * MIN);
    raised.extend(evaluate_every_10_min(&store, s + 30 * MIN, s + 8 * HOUR));
    assert_eq!(raised.len(), 2);

    let stop = std::sync::atomic::AtomicBool::new(true);
    let clock = FakeClock::new(s + 8 * HOUR);
    assert!(live::send_due(&store, &secrets, &clock, &stop)
        .unwrap()
        .is_empty());
    assert!(down.requests().is_empty() && slack.requests().is_empty());

    let sent = live::send_due(&store, &secrets, &clock, &no_cancel()).unwrap();
    let tried = |channel| sent.iter().filter(|s| s.channel == channel).count();
    assert_eq!((tried(Channel::Webhook), tried(Channel::Slack)), (1, 2));
    assert_eq!(down.requests().len(), 1);
    // The next pass tries the other one.
    let later = FakeClock::new(s + 8 * HOUR + 30);
    let sent = live::send_due(&store, &secrets, &later, &no_cancel()).unwrap();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(down.requests().len(), 2);
}

/// A channel that stays down is given up after the last attempt; an alert nothing sent within a
/// day is news no more.
#[test]
fn a_send_is_given_up_after_its_attempts_and_a_day_old_alert_is_not_sent() {
    use crate::fake_server::{FakeServer, Reply};
    use townhall::alerts::deliver::Channel;
    use townhall::alerts::outbox::ATTEMPTS;
    use townhall::collect::MemorySecrets;
    use townhall::workspace::{alerting, alerting::DeliveryChange, live};

    let s = monday_9am();
    let (_dir, store, _topic) = setup("UTC", |t| t.surge(s, 4, 150, "portal down again"));
    let down = FakeServer::start(|_| Reply::status(404, "gone"));
    let secrets = MemorySecrets::new();
    let change = DeliveryChange {
        channel: Channel::Webhook,
        enabled: Some(true),
        secret: Some(down.url.clone()),
        email: None,
    };
    alerting::set_delivery(&store, &secrets, &change).unwrap();
    assert_eq!(
        evaluate_every_10_min(&store, s - HOUR, s + 20 * MIN).len(),
        1
    );
    let mut now = s + 20 * MIN;
    let mut attempts = 0;
    while let Some(sent) = live::send_due(&store, &secrets, &FakeClock::new(now), &no_cancel())
        .unwrap()
        .pop()
    {
        attempts += 1;
        assert!(sent.outcome.is_err());
        match sent.retry_at {
            Some(at) => now = at,
            None => break,
        }
    }
    assert_eq!(attempts, ATTEMPTS);
    assert_eq!(down.requests().len() as i64, ATTEMPTS);

    // The escalation raised later, with no collection to send it until two days on.
    let escalation = evaluate_every_10_min(&store, s + 30 * MIN, s + 8 * HOUR);
    assert_eq!(escalation.len(), 1);
    let late = FakeClock::new(s + 2 * 86_400);
    assert!(live::send_due(&store, &secrets, &late, &no_cancel())
        .unwrap()
        .is_empty());
    assert_eq!(down.requests().len() as i64, ATTEMPTS);
}

/// Switches e-mail delivery on, to `to` through the fake mail server on `port`.
fn email_to(
    store: &townhall::store::Store,
    secrets: &townhall::collect::MemorySecrets,
    port: u16,
    to: &[&str],
) {
    use townhall::alerts::deliver::{Channel, EmailSettings, Security};
    use townhall::workspace::{alerting, alerting::DeliveryChange};
    let change = DeliveryChange {
        channel: Channel::Email,
        enabled: Some(true),
        secret: Some("password".into()),
        email: Some(EmailSettings {
            server: "127.0.0.1".into(),
            port,
            security: Security::Plain,
            username: Some("townhall@example.org".into()),
            from: "townhall@example.org".into(),
            to: to.iter().map(|a| a.to_string()).collect(),
        }),
    };
    alerting::set_delivery(store, secrets, &change).unwrap();
}

/// A mail server that refuses the login for good is not asked again: not for the same alert,
/// nor for the others waiting, since every failed login counts towards locking the account.
#[test]
fn a_refused_mail_login_is_given_up_at_once_with_the_waiting_alerts() {
    use crate::delivery::fake_smtp;
    use townhall::collect::MemorySecrets;
    use townhall::workspace::live;

    let s = monday_9am();
    let (_dir, store, _topic) = setup("UTC", |t| t.surge(s, 4, 150, "portal down again"));
    let (port, server) = fake_smtp("535 5.7.8 Authentication credentials invalid\r\n");
    let secrets = MemorySecrets::new();
    email_to(&store, &secrets, port, &["cio@example.org"]);
    // The alert and its escalation, both waiting when the next collection sends.
    assert_eq!(
        evaluate_every_10_min(&store, s - HOUR, s + 8 * HOUR).len(),
        2
    );

    let sent = live::send_due(
        &store,
        &secrets,
        &FakeClock::new(s + 8 * HOUR),
        &no_cancel(),
    )
    .unwrap();
    assert_eq!(sent.len(), 1, "one login, not one per alert");
    let error = sent[0].outcome.as_ref().unwrap_err().to_string();
    assert!(error.contains("535"), "{error}");
    assert_eq!(sent[0].retry_at, None);
    let logins = server.join().unwrap().commands;
    assert_eq!(logins.iter().filter(|c| c.starts_with("AUTH")).count(), 1);
    assert!(live::send_due(
        &store,
        &secrets,
        &FakeClock::new(s + 12 * HOUR),
        &no_cancel()
    )
    .unwrap()
    .is_empty());
    let waiting: String = store
        .conn()
        .query_row(
            "SELECT last_error FROM alert_sends WHERE alert <> ?1",
            [sent[0].alert.id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        waiting.starts_with("not sent: an earlier alert was refused for good"),
        "{waiting}"
    );
}

/// One refused address among the channel's: each alert reaches the others, counts as sent (not
/// sent again to those it reached), and the channel's other alerts go too.
#[test]
fn a_refused_mail_address_costs_that_address_not_the_alerts() {
    use crate::delivery::fake_smtp_refusing;
    use townhall::collect::MemorySecrets;
    use townhall::workspace::live;

    let s = monday_9am();
    let (_dir, store, _topic) = setup("UTC", |t| t.surge(s, 4, 150, "portal down again"));
    // Per alert: the message to both (refused), then one to each address.
    let (port, server) = fake_smtp_refusing("235 2.7.0 accepted\r\n", "bad", 6);
    let secrets = MemorySecrets::new();
    email_to(
        &store,
        &secrets,
        port,
        &["cio@example.org", "bad-typo@example.org"],
    );
    assert_eq!(
        evaluate_every_10_min(&store, s - HOUR, s + 8 * HOUR).len(),
        2
    );
    let sent = live::send_due(
        &store,
        &secrets,
        &FakeClock::new(s + 8 * HOUR),
        &no_cancel(),
    )
    .unwrap();
    assert_eq!(sent.len(), 2, "{sent:?}");
    for one in &sent {
        assert!(one.partly && one.retry_at.is_none(), "{one:?}");
        let error = one.outcome.as_ref().unwrap_err().to_string();
        assert!(error.contains("refused bad-typo@example.org"), "{error}");
    }
    let reached = server
        .join()
        .unwrap()
        .iter()
        .filter(|s| !s.data.is_empty())
        .count();
    assert_eq!(reached, 2, "each alert reached the CIO once");
    assert!(live::send_due(
        &store,
        &secrets,
        &FakeClock::new(s + 12 * HOUR),
        &no_cancel()
    )
    .unwrap()
    .is_empty());
}

/// A Mastodon source added now, on top of four weeks of posts on X, whose first page holds the
/// `toots` latest posts: one new person every 24 seconds up to now.
fn add_mastodon_source_and_collect(toots: u64) -> Vec<Alert> {
    use crate::fake_server::{FakeServer, Reply};
    use townhall::collect::{self, MemorySecrets, NewSource, SourceKind};

    let now = monday_9am();
    let (_dir, mut store, _topic) = setup("UTC", |_| {});
    let server = FakeServer::start(move |r| {
        if r.param("min_id").is_some() {
            return Reply::json(serde_json::json!([]));
        }
        let page: Vec<_> = (1..=toots)
            .rev()
            .map(|k| {
                let at = Utc.timestamp_opt(now - (toots - k) as i64 * 24, 0).unwrap();
                serde_json::json!({
                    "id": k.to_string(),
                    "uri": format!("https://campus.example/users/s{k}/statuses/{k}"),
                    "created_at": at.to_rfc3339(),
                    "content": "<p>the portal is down again</p>",
                    "language": "en",
                    "account": {"uri": format!("https://campus.example/users/s{k}"),
                                "acct": format!("s{k}"), "display_name": "",
                                "followers_count": 40},
                    "favourites_count": 1, "reblogs_count": 0, "replies_count": 0
                })
            })
            .collect();
        Reply::json(serde_json::Value::Array(page))
    });
    let secrets = MemorySecrets::new();
    let source = NewSource {
        name: "Campus".into(),
        kind: Some(SourceKind::Mastodon),
        url: Some(server.url.clone()),
        target: Some("portaldown".into()),
        ..NewSource::default()
    };
    collect::add_source(&store, &secrets, &source, now).unwrap();
    let report = collect::collect_now(&mut store, &secrets, "Campus", now).unwrap();
    assert_eq!(report.new_posts, toots);
    alerts::evaluate(&store, now).unwrap()
}

/// A source's first page that was full may have had older posts behind it: the platform was
/// unseen before its first post, not quiet, so its first batch is no surge. A first page the
/// source gave whole is all there is, and a surge in it alerts.
#[test]
fn a_new_source_s_first_batch_is_a_surge_only_when_it_is_all_there_is() {
    // Mastodon's page holds 40: a full first page was cut short.
    assert_eq!(add_mastodon_source_and_collect(40), []);
    let whole = add_mastodon_source_and_collect(39);
    assert_eq!(
        kinds(&whole),
        [(AlertKind::Spike, Grade::Problem)],
        "{whole:?}"
    );
}

/// Two processes collecting at once send an alert once: a send is taken before it is made.
#[test]
fn a_send_is_taken_by_one_process_only() {
    use townhall::alerts::deliver::Channel;
    use townhall::alerts::outbox;
    use townhall::collect::MemorySecrets;
    use townhall::workspace::{alerting, alerting::DeliveryChange};

    let s = monday_9am();
    let (dir, store, _topic) = setup("UTC", |t| t.surge(s, 4, 150, "portal down again"));
    let change = DeliveryChange {
        channel: Channel::Webhook,
        enabled: Some(true),
        secret: Some("http://127.0.0.1:9/hook".into()),
        email: None,
    };
    alerting::set_delivery(&store, &MemorySecrets::new(), &change).unwrap();
    assert_eq!(
        evaluate_every_10_min(&store, s - HOUR, s + 20 * MIN).len(),
        1
    );
    let other = Store::open(&dir.path().join("workspace.sqlite")).unwrap();
    let now = s + 20 * MIN;
    let first = outbox::take_next(&store, now, now, &[]).unwrap().unwrap();
    assert!(
        outbox::take_next(&other, now, now, &[]).unwrap().is_none(),
        "taken"
    );
    // A process that took it and died: another may send it once its time is up, and the
    // first, late, records nothing over it.
    let second = outbox::take_next(&other, now + 10 * MIN, now + 10 * MIN, &[])
        .unwrap()
        .unwrap();
    outbox::record(&other, &second, outbox::Outcome::Sent, now + 10 * MIN).unwrap();
    outbox::record(
        &store,
        &first,
        outbox::Outcome::Failed("late failure"),
        now + 11 * MIN,
    )
    .unwrap();
    let sent: Option<i64> = store
        .conn()
        .query_row("SELECT sent_at FROM alert_sends", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sent, Some(now + 10 * MIN));
}

/// A second source on a platform the workspace already collects begins unseen too: a busy
/// tag's first page, its latest 40 posts, is no surge against the quiet weeks a first source
/// on the same platform brought (it was, when only a platform's first batch counted).
#[test]
fn a_second_source_on_a_collected_platform_is_no_surge_either() {
    use crate::fake_server::{FakeServer, Reply};
    use townhall::collect::{self, MemorySecrets, NewSource, SourceKind};

    let now = monday_9am();
    let (_dir, mut store, _topic) = setup("UTC", |_| {});
    // A full page of each tag: the quiet one's 40 posts over 20 days, the busy one's over the
    // last 16 minutes.
    let server = FakeServer::start(move |r| {
        if r.param("min_id").is_some() {
            return Reply::json(serde_json::json!([]));
        }
        let (spacing, first_id) = if r.path.ends_with("/quiet") {
            (12 * 3600, 1)
        } else {
            (24, 1000)
        };
        let page: Vec<_> = (0..40i64)
            .map(|k| {
                let id = first_id + 39 - k;
                let at = Utc.timestamp_opt(now - k * spacing, 0).unwrap();
                serde_json::json!({
                    "id": id.to_string(),
                    "uri": format!("https://campus.example/users/s{id}/statuses/{id}"),
                    "created_at": at.to_rfc3339(),
                    "content": "<p>the portal is down again</p>",
                    "language": "en",
                    "account": {"uri": format!("https://campus.example/users/s{id}"),
                                "acct": format!("s{id}"), "followers_count": 40},
                })
            })
            .collect();
        Reply::json(serde_json::Value::Array(page))
    });
    let secrets = MemorySecrets::new();
    for tag in ["quiet", "busy"] {
        let source = NewSource {
            name: tag.into(),
            kind: Some(SourceKind::Mastodon),
            url: Some(server.url.clone()),
            target: Some(tag.into()),
            ..NewSource::default()
        };
        collect::add_source(&store, &secrets, &source, now).unwrap();
        let report = collect::collect_now(&mut store, &secrets, tag, now).unwrap();
        assert_eq!(report.new_posts, 40, "{report:?}");
        let raised = alerts::evaluate(&store, now).unwrap();
        assert_eq!(kinds(&raised), [], "after {tag}: {raised:?}");
    }
}

/// A surge imported by mistake raises an alert; removing that import withdraws it, so that no
/// channel sends evidence that is gone. An alert whose surge other posts still make stays.
#[test]
fn removing_the_import_that_made_a_surge_withdraws_its_alert() {
    let s = monday_9am();
    let (dir, mut store, _topic) = setup("UTC", |t| t.surge(s - 2 * DAY, 3, 150, "portal down"));
    // The surge two days ago, from the first file, raises its alert and stays.
    let kept = evaluate_every_10_min(&store, s - 2 * DAY, s - 2 * DAY + 4 * HOUR);
    assert!(!kept.is_empty());
    // Its tweet ids follow the first file's.
    let mut mistake = Timeline {
        lines: vec![String::new(); 100_000],
    };
    mistake.surge(s, 2, 600, "portal is down for everyone");
    mistake.lines.retain(|l| !l.is_empty());
    let path = dir.path().join("mistake.jsonl");
    std::fs::write(&path, mistake.lines.join("\n") + "\n").unwrap();
    import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    let raised = alerts::evaluate(&store, s + 2 * HOUR).unwrap();
    assert_eq!(kinds(&raised), [(AlertKind::Spike, Grade::Problem)]);

    let import = townhall::import::history(&store)
        .unwrap()
        .into_iter()
        .find(|r| r.path.ends_with("mistake.jsonl"))
        .unwrap();
    let removed = townhall::workspace::editing::remove_import(&mut store, import.id).unwrap();
    assert_eq!(removed.alerts_withdrawn, ["Problem: Portal"]);
    assert!(
        removed
            .message
            .ends_with(" Withdrew the alert “Problem: Portal”, which its posts had raised."),
        "{}",
        removed.message
    );
    let left: Vec<i64> = alerts::list(&store, None)
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    let mut before: Vec<i64> = kept.iter().map(|a| a.id).collect();
    before.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(left, before, "the first file's alerts stay");
    assert!(!left.contains(&raised[0].id));
}
