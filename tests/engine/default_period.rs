//! The default period follows the topic's own activity: a few posts arriving weeks after a
//! surge do not move the window silently past it, and a short topic says what it is compared
//! with.

use std::io::Write;

use chrono::{DateTime, Utc};
use townhall::import::{import_file, ImportOptions};
use townhall::wire::DashboardRequest;
use townhall::workspace::{demo, views};

fn now() -> DateTime<Utc> {
    "2026-12-01T12:00:00Z".parse().unwrap()
}

fn default_request(topic: &str) -> DashboardRequest {
    DashboardRequest {
        topic: topic.into(),
        ..Default::default()
    }
}

/// Five SchoolMax tweets on `day`, in twarc2's flat shape.
fn five_posts(dir: &std::path::Path, day: &str) -> std::path::PathBuf {
    let path = dir.join(format!("late-{day}.jsonl"));
    let mut file = std::fs::File::create(&path).unwrap();
    for i in 0..5 {
        let line = serde_json::json!({
            "id": format!("77{i}{}", day.replace('-', "")),
            "author_id": format!("88{i}"),
            "created_at": format!("{day}T15:0{i}:00.000Z"),
            "text": format!("schoolmax grades page slow today {i}"),
            "lang": "en",
            "public_metrics": { "like_count": 0, "retweet_count": 0, "reply_count": 0, "quote_count": 0 },
            "author": { "id": format!("88{i}"), "username": format!("late{i}"), "name": "Late",
                        "public_metrics": { "followers_count": 10 } },
        });
        writeln!(file, "{line}").unwrap();
    }
    path
}

#[test]
fn five_posts_weeks_after_the_spike_keep_it_in_the_default_period() {
    let (dir, _path, mut store) = crate::support::workspace();
    demo::create(&mut store, &dir.path().join("demo")).unwrap();
    let before = views::overview(&store, &default_request(demo::MAIN_TOPIC), now()).unwrap();
    assert_eq!(
        before.period_note.as_deref(),
        Some("the latest 30 days with data")
    );
    let spike_day = before.peak.as_ref().unwrap().date;

    let late = five_posts(dir.path(), "2026-10-23");
    import_file(&mut store, &late, &ImportOptions::default()).unwrap();
    let after = views::overview(&store, &default_request(demo::MAIN_TOPIC), now()).unwrap();
    assert_eq!(
        after.period.to.to_string(),
        "2026-10-23",
        "it ends on the newest post"
    );
    assert!(
        after.period.from < spike_day,
        "the spike of {spike_day} stays in view: {:?}",
        after.period
    );
    assert_eq!(after.peak.unwrap().date, spike_day);
    assert_eq!(
        after.period_note.as_deref(),
        Some("from the latest spike to the newest post, to keep the spike in view")
    );

    // Chosen dates are kept as they are, and carry no note.
    let chosen = DashboardRequest {
        from: Some("2026-10-01".into()),
        ..default_request(demo::MAIN_TOPIC)
    };
    assert_eq!(
        views::overview(&store, &chosen, now()).unwrap().period_note,
        None
    );
}

/// A post dated after the dashboard's today (one stored while the clock was ahead, or a
/// dashboard asked about a day in the past) does not carry the default period past today, to
/// a month holding it alone, nor to the empty month before today: the period ends with the
/// newest post up to today. (An import skips a post dated past tomorrow: `errors.rs`.)
#[test]
fn a_post_dated_after_today_does_not_carry_the_period_past_it() {
    let (dir, _path, mut store) = crate::support::workspace();
    townhall::topics::add(&store, "Grades", "grades", "2026-10-01").unwrap();
    for day in ["2026-08-20", "2026-12-05"] {
        import_file(
            &mut store,
            &five_posts(dir.path(), day),
            &ImportOptions::default(),
        )
        .unwrap();
    }
    let o = views::overview(&store, &default_request("Grades"), now()).unwrap();
    assert_eq!(o.period.to.to_string(), "2026-08-20");
    assert_eq!(o.totals.mentions, 5);
}

#[test]
fn a_one_day_topic_says_it_is_compared_with_the_day_before() {
    let (dir, _path, mut store) = crate::support::workspace();
    townhall::topics::add(&store, "Grades", "grades", "2026-10-01").unwrap();
    import_file(
        &mut store,
        &five_posts(dir.path(), "2026-10-23"),
        &ImportOptions::default(),
    )
    .unwrap();
    let o = views::overview(&store, &default_request("Grades"), now()).unwrap();
    assert_eq!(o.period.days(), 1);
    assert_eq!(
        o.period_note.as_deref(),
        Some("the topic's only day with data")
    );
}

/// The topic's times are read once for choosing the period, the overview's baseline and the
/// chart's band: what each computes from the times handed on is what it computes reading them
/// itself. On the demo (the latest 30 days), after late posts (back to the spike), both within
/// the times read, and over a longer period than they cover (the overview reads its own).
#[test]
fn the_times_read_for_the_period_give_what_each_measure_reads_itself() {
    use townhall::analytics::{self, Bucket, Period};
    use townhall::output::timeline;
    let (dir, _path, mut store) = crate::support::workspace();
    demo::create(&mut store, &dir.path().join("demo")).unwrap();
    let topic = townhall::topics::get(&store, demo::MAIN_TOPIC).unwrap();
    let tz = townhall::time::parse_tz(demo::TIMEZONE).unwrap();
    let today = now().date_naive();
    let day = |d: &str| townhall::time::parse_date(d).unwrap();
    for case in ["latest days", "since the spike", "longer"] {
        if case == "since the spike" {
            let late = five_posts(dir.path(), "2026-10-23");
            import_file(&mut store, &late, &ImportOptions::default()).unwrap();
        }
        let (resolved, known) =
            analytics::resolve_default_read(&store, &topic, None, None, tz, today).unwrap();
        let known = known.expect("the demo has more than 30 days: its spikes were looked for");
        let period = match case {
            "longer" => Period::new(day("2026-03-01"), day("2026-10-23"), tz).unwrap(),
            _ => resolved.period,
        };
        let with =
            analytics::overview_read(&store, &topic, &period, Bucket::Day, Some(&known)).unwrap();
        let alone = analytics::overview_read(&store, &topic, &period, Bucket::Day, None).unwrap();
        let (earliest, _) = with.times.range();
        let (prev_start, _) = period.previous().bounds();
        assert_eq!(
            known.within(earliest, prev_start).is_some(),
            case != "longer",
            "{case}: {period:?}"
        );
        assert_eq!(with.overview, alone.overview, "{case}");
        assert_eq!(with.times, alone.times, "{case}");
        assert!(with.times.counted().iter().next().is_some());
        let band = |times| timeline::overlays_with(&store, &with.overview, None, times).unwrap();
        let (handed, read) = (band(Some(&with.times)), band(None));
        assert_eq!(handed, read, "{case}");
        assert!(!read.spikes.is_empty() && read.band.iter().any(Option::is_some));
    }
}
