//! Every per-bucket measure defined in `townhall::analytics` against values computed by hand from
//! `tests/fixtures/metrics/dst.jsonl`, in America/Chicago, whose clocks fall back on
//! 1 November 2026 (a 25-hour day with two 01:00 hours).
//!
//! The fixture, by local time (CDT until 02:00 on 1 Nov, CST after):
//!
//! | id | local time | author (followers) | text | eng. | views | shares | sentiment |
//! |---|---|---|---|---|---|---|---|
//! | 1 | 1 Nov 01:15 CDT | alice (1000) | The portal is down, terrible | 3 | 5000 | 1 | neg |
//! | 2 | 1 Nov 01:20 CST | bob (unknown) | portal works great now | 2 | | 2 | pos |
//! | 3 | 1 Nov 01:40 CST | alice (1000) | portal login page | 4 | | 4 | neu |
//! | 7 | 1 Nov 09:00 CST | dan (20) | login fails everywhere (not portal) | 0 | | 0 | neg |
//! | 4 | 1 Nov 23:30 CST | carol (300) | portal is awful (lang es) | 0 | | 0 | neg |
//! | 5 | 2 Nov 00:30 CST | dan (20) | no mention here | 0 | | 0 | neu |
//! | 6 | 31 Oct 07:00 CDT | carol (300) | portal slow | 1 | | 0 | neu |
//! | 11–16 | Sundays 4, 18, 25 Oct | carol, dan | portal question: 3, 1 and 2 posts | 0 | | 0 | neu |
//!
//! Twitter follower median over authors with a known count (1000, 300, 20): 300. Visibility 0.05.

use chrono::NaiveDate;
use pretty_assertions::assert_eq;
use townhall::analytics::{
    bucketed_series, overview, posts, Bucket, Overview, Period, SeriesPoint, TopBy,
};
use townhall::import::{import_file, ImportOptions};
use townhall::store::Store;
use townhall::time::parse_tz;
use townhall::topics::{self, Topic};

use crate::support::{fixture, workspace};

fn day(s: &str) -> NaiveDate {
    townhall::time::parse_date(s).unwrap()
}

fn setup() -> (tempfile::TempDir, Store, Topic) {
    let (dir, _path, mut store) = workspace();
    let report = import_file(
        &mut store,
        &fixture("metrics/dst.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(report.imported, 13);
    let topic = topics::add(&store, "Portal", "portal", "2026-11-01T00:00:00Z").unwrap();
    topics::add(&store, "Login", "login", "2026-11-01T00:00:00Z").unwrap();
    (dir, store, topic)
}

fn chicago(from: &str, to: &str) -> Period {
    Period::new(day(from), day(to), parse_tz("America/Chicago").unwrap()).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn every_daily_measure_on_the_25_hour_day() {
    let (_dir, store, topic) = setup();
    let s = bucketed_series(
        &store,
        &topic,
        &chicago("2026-10-31", "2026-11-02"),
        Bucket::Day,
    )
    .unwrap();
    let dates: Vec<(String, String, u64)> = s
        .iter()
        .map(|p| {
            (
                p.date.to_string(),
                townhall::time::rfc3339(p.start),
                p.totals.mentions,
            )
        })
        .collect();
    let dates: Vec<(&str, &str, u64)> = dates
        .iter()
        .map(|(d, s, m)| (d.as_str(), s.as_str(), *m))
        .collect();
    assert_eq!(
        dates,
        [
            ("2026-10-31", "2026-10-31T05:00:00Z", 1),
            ("2026-11-01", "2026-11-01T05:00:00Z", 4),
            ("2026-11-02", "2026-11-02T06:00:00Z", 0),
        ]
    );
    let p = &s[1];
    let t = &p.totals;
    assert_eq!((t.unique_authors, t.engagement), (3, 9));
    // alice 1000 + carol 300; bob's count is unknown.
    assert_eq!(t.potential_reach, 1300);
    assert!(close(t.reach_unknown_share, 1.0 / 3.0));
    // 1: views 5000. 3: 1000 × 0.05 + 4 shares × 300. 4: 300 × 0.05. 2: unknown.
    assert!(close(t.exposure, 5000.0 + 1250.0 + 15.0), "{}", t.exposure);
    assert!(close(t.exposure_unknown_share, 0.25));
    // Negative: 1 and 4; positive: 2; neutral: 3.
    assert!(close(t.negative_share, 0.5));
    assert!(close(t.net_sentiment.unwrap(), -1.0 / 3.0));
    // The four previous Sundays had 2, 1, 0 and 3 mentions: the detector's baseline is their
    // median, 1.5.
    assert!(close(p.baseline.unwrap(), 1.5));
    assert!(close(p.velocity.unwrap(), 4.0 / 1.5));
    // All topics on 1 Nov: 1, 2, 3, 4 (portal) and 7 (login only).
    assert!(close(p.share_of_voice.unwrap(), 0.8));
    // An empty bucket is zero, not missing; with a baseline of 0, velocity is unknown.
    let empty = &s[2];
    assert_eq!(empty.totals, Default::default());
    assert_eq!(
        (empty.baseline, empty.velocity, empty.share_of_voice),
        (Some(0.0), None, None)
    );
}

#[test]
fn hourly_buckets_keep_the_repeated_hour_apart() {
    let (_dir, store, topic) = setup();
    let s = bucketed_series(
        &store,
        &topic,
        &chicago("2026-11-01", "2026-11-01"),
        Bucket::Hour,
    )
    .unwrap();
    assert_eq!(s.len(), 25);
    let tz = townhall::time::parse_tz("America/Chicago").unwrap();
    let busy: Vec<(usize, String, u64)> = s
        .iter()
        .enumerate()
        .filter(|(_, p)| p.totals.mentions > 0)
        .map(|(i, p)| {
            let local = townhall::analytics::buckets::local_rfc3339(tz, p.start);
            (i, local, p.totals.mentions)
        })
        .collect();
    let busy: Vec<(usize, &str, u64)> = busy.iter().map(|(i, l, m)| (*i, l.as_str(), *m)).collect();
    assert_eq!(
        busy,
        [
            (1, "2026-11-01T01:00:00-05:00", 1),
            (2, "2026-11-01T01:00:00-06:00", 2),
            (24, "2026-11-01T23:00:00-06:00", 1),
        ]
    );
    let t = &s[2].totals;
    assert_eq!(
        (t.unique_authors, t.engagement, t.potential_reach),
        (2, 6, 1000)
    );
    assert!(close(t.exposure, 1250.0) && close(t.exposure_unknown_share, 0.5));
    assert!(close(t.negative_share, 0.0) && t.net_sentiment == Some(1.0));
}

#[test]
fn weekly_buckets_start_on_monday_with_their_own_baseline() {
    let (_dir, store, topic) = setup();
    let s = bucketed_series(
        &store,
        &topic,
        &chicago("2026-10-31", "2026-11-02"),
        Bucket::Week,
    )
    .unwrap();
    let weeks: Vec<(String, u64)> = s
        .iter()
        .map(|p| (p.date.to_string(), p.totals.mentions))
        .collect();
    assert_eq!(
        weeks,
        [("2026-10-26".to_string(), 5), ("2026-11-02".to_string(), 0)]
    );
    // The four previous weeks had 2, 1, 0 and 3 mentions.
    assert!(close(s[0].baseline.unwrap(), 1.5));
    assert!(close(s[0].velocity.unwrap(), 5.0 / 1.5));
}

fn kpi<'a>(o: &'a Overview, key: &str) -> &'a townhall::analytics::Kpi {
    o.kpis.iter().find(|k| k.key == key).unwrap()
}

#[test]
fn overview_compares_breaks_down_and_ranks() {
    let (_dir, store, topic) = setup();
    let o = overview(&store, &topic, &chicago("2026-11-01", "2026-11-02")).unwrap();
    assert_eq!(
        (
            o.previous_period.from.to_string(),
            o.previous_period.to.to_string()
        ),
        ("2026-10-30".to_string(), "2026-10-31".to_string())
    );
    let m = kpi(&o, "mentions");
    assert_eq!((m.value, m.previous, m.change.pct), (4.0, 1.0, Some(300.0)));
    let e = kpi(&o, "exposure");
    assert_eq!((e.value, e.previous), (6265.0, 15.0));
    assert!(e.note.as_deref().unwrap().contains("25%"), "{:?}", e.note);

    let langs: Vec<(&str, u64)> = o
        .languages
        .iter()
        .map(|b| (b.key.as_str(), b.totals.mentions))
        .collect();
    assert_eq!(langs, [("en", 3), ("es", 1)]);
    assert_eq!(o.platforms.len(), 1);
    assert_eq!(
        (o.platforms[0].label.as_str(), o.platforms[0].share),
        ("X/Twitter", 1.0)
    );

    let ids = |ps: &[townhall::store::posts::StoredPost]| -> Vec<String> {
        ps.iter().map(|p| p.native_id.clone()).collect()
    };
    assert_eq!(ids(&o.top_posts_by_exposure), ["1", "3", "4", "2"]);
    assert_eq!(o.top_posts_by_exposure[1].exposure, Some(1250.0));
    assert_eq!(o.top_posts_by_exposure[3].exposure, None);
    assert_eq!(ids(&o.top_posts), ["3", "1", "2", "4"]);
    let voices: Vec<(Option<&str>, Option<i64>, u64)> = o
        .top_voices
        .iter()
        .map(|v| (v.handle.as_deref(), v.followers, v.mentions))
        .collect();
    assert_eq!(
        voices,
        [
            (Some("alice_ops"), Some(1000), 2),
            (Some("carol_teach"), Some(300), 1),
            (Some("bob_parent"), None, 1),
        ]
    );
    // 4 of the 5 posts of any topic in the period are about the portal.
    assert!(close(o.share_of_voice.unwrap(), 0.8));
    assert_eq!(
        o.peak.as_ref().map(|p| p.date.to_string()),
        Some("2026-11-01".into())
    );
}

#[test]
fn visibility_rates_are_settings() {
    let (_dir, store, topic) = setup();
    townhall::store::settings::validate_and_set(store.conn(), "visibility.twitter", "0.1").unwrap();
    let s: Vec<SeriesPoint> = bucketed_series(
        &store,
        &topic,
        &chicago("2026-11-01", "2026-11-01"),
        Bucket::Day,
    )
    .unwrap();
    // 5000 + (1000 × 0.1 + 1200) + 300 × 0.1
    assert!(
        close(s[0].totals.exposure, 6330.0),
        "{}",
        s[0].totals.exposure
    );
}

#[test]
fn posts_sorted_by_exposure_engagement_and_time() {
    let (_dir, store, topic) = setup();
    let m = townhall::topics::matches::Selection::of(&store, &topic).unwrap();
    let bounds = chicago("2026-11-01", "2026-11-01").bounds();
    let ids = |by| -> Vec<String> {
        posts(&store, &m, bounds, by, Some(3))
            .unwrap()
            .into_iter()
            .map(|p| p.native_id)
            .collect()
    };
    assert_eq!(ids(TopBy::Exposure), ["1", "3", "4"]);
    assert_eq!(ids(TopBy::Engagement), ["3", "1", "2"]);
    assert_eq!(ids(TopBy::Time), ["1", "2", "3"]);
}

#[test]
fn the_negative_posts_are_those_the_negative_share_counts() {
    use townhall::analytics::{filtered_posts, PostFilter};
    let (_dir, store, topic) = setup();
    let m = townhall::topics::matches::Selection::of(&store, &topic).unwrap();
    let period = chicago("2026-11-01", "2026-11-02");
    let all = filtered_posts(
        &store,
        &m,
        period.bounds(),
        PostFilter::All,
        TopBy::Time,
        None,
    )
    .unwrap();
    let negative = filtered_posts(
        &store,
        &m,
        period.bounds(),
        PostFilter::Negative,
        TopBy::Time,
        None,
    )
    .unwrap();
    let by_hand: Vec<&str> = all
        .iter()
        .filter(|p| p.sentiment.is_some_and(|s| s <= -0.05))
        .map(|p| p.native_id.as_str())
        .collect();
    assert!(!by_hand.is_empty() && by_hand.len() < all.len());
    let listed: Vec<&str> = negative.iter().map(|p| p.native_id.as_str()).collect();
    assert_eq!(listed, by_hand);
    let scored = all.iter().filter(|p| p.sentiment.is_some()).count();
    let totals = townhall::analytics::overview(&store, &topic, &period)
        .unwrap()
        .totals;
    assert_eq!(totals.negative_share, listed.len() as f64 / scored as f64);
}

#[test]
fn a_figure_nothing_is_known_of_is_unknown_not_zero() {
    let (_dir, _path, mut store) = workspace();
    import_file(
        &mut store,
        &fixture("bluesky/search.json"),
        &ImportOptions::default(),
    )
    .unwrap();
    let topic = topics::add(&store, "All", "platform:bluesky", "2026-01-01T00:00:00Z").unwrap();
    let period = Period::new(
        day("2026-09-01"),
        day("2026-09-01"),
        parse_tz("UTC").unwrap(),
    )
    .unwrap();
    let o = overview(&store, &topic, &period).unwrap();
    assert!(o.totals.mentions > 0);
    // Bluesky's search gives no follower counts: reach is unknown, not 0.
    let reach = kpi(&o, "potential_reach");
    assert!(reach.unknown, "{reach:?}");
    assert_eq!(
        reach.note.as_deref(),
        Some("no author's follower count is known")
    );
    // Mentions and people are counted, known whatever the follower counts.
    assert!(!kpi(&o, "mentions").unknown);
    assert!(!kpi(&o, "unique_authors").unknown);
}
