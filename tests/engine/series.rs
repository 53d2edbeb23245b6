//! The daily series against values computed by hand from `tests/fixtures/twarc2/pages.jsonl`.

use chrono::NaiveDate;
use pretty_assertions::assert_eq;
use townhall::analytics::{overview, Period, Trend};
use townhall::import::{import_file, ImportOptions};
use townhall::time::{parse_tz, rfc3339};
use townhall::topics;

use crate::support::{fixture, workspace};

fn day(s: &str) -> NaiveDate {
    townhall::time::parse_date(s).unwrap()
}

/// (date, mentions, unique authors, engagement, potential reach)
fn rows(o: &townhall::analytics::Overview) -> Vec<(String, u64, u64, i64, i64)> {
    o.series
        .iter()
        .map(|p| {
            let t = &p.totals;
            (
                p.date.to_string(),
                t.mentions,
                t.unique_authors,
                t.engagement,
                t.potential_reach,
            )
        })
        .collect()
}

#[test]
fn daily_series_matches_hand_computed_values_across_a_dst_change() {
    let (_dir, _path, mut store) = workspace();
    import_file(
        &mut store,
        &fixture("twarc2/pages.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    let topic = topics::add(&store, "Portal", "portal", "2026-11-01T00:00:00Z").unwrap();

    // Chicago falls back on 1 November 2026 (a 25-hour day). By local day:
    // 31 Oct: 9001 (18:30 CDT). 1 Nov: 9002 (00:30 CDT), 9003 (01:30 CST), 9004 (23:30 CST).
    // 2 Nov: 9005 only, which does not mention the portal.
    let chicago = parse_tz("America/Chicago").unwrap();
    let period = Period::new(day("2026-10-31"), day("2026-11-02"), chicago).unwrap();
    let o = overview(&store, &topic, &period).unwrap();
    assert_eq!(
        rows(&o),
        vec![
            ("2026-10-31".into(), 1, 1, 4, 100),
            ("2026-11-01".into(), 3, 3, 3, 2600),
            ("2026-11-02".into(), 0, 0, 0, 0),
        ]
    );
    // One of the three authors on 1 November (9004's) has no known follower count.
    assert!((o.series[1].totals.reach_unknown_share - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(rfc3339(o.series[1].start), "2026-11-01T05:00:00Z");
    assert_eq!(rfc3339(o.series[2].start), "2026-11-02T06:00:00Z");
    // 1 November is 25 hours long in Chicago, and the series says so.
    assert_eq!(o.series[1].end - o.series[1].start, 25 * 3600);

    // The same posts by UTC day.
    let utc = Period::new(
        day("2026-10-31"),
        day("2026-11-02"),
        parse_tz("UTC").unwrap(),
    )
    .unwrap();
    let o = overview(&store, &topic, &utc).unwrap();
    let mentions: Vec<u64> = o.series.iter().map(|p| p.totals.mentions).collect();
    assert_eq!(mentions, [1, 2, 1]);

    // Period totals count each author once: maya_k (100), the Gazette (2500), 103 (unknown).
    assert_eq!(o.totals.mentions, 4);
    assert_eq!(o.totals.unique_authors, 3);
    assert_eq!(o.totals.potential_reach, 2600);
    assert_eq!(
        o.peak.as_ref().map(|p| p.date.to_string()),
        Some("2026-11-01".into())
    );
}

#[test]
fn kpis_compare_with_the_previous_period_of_the_same_length() {
    let (_dir, _path, mut store) = workspace();
    import_file(
        &mut store,
        &fixture("twarc2/pages.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    let topic = topics::add(&store, "Portal", "portal", "2026-11-01T00:00:00Z").unwrap();
    let utc = parse_tz("UTC").unwrap();
    let period = Period::new(day("2026-11-01"), day("2026-11-02"), utc).unwrap();
    // The workspace's posts begin late on 31 October, part-way through the previous period:
    // not compared, in the words the brief's summary uses too.
    let partly = overview(&store, &topic, &period).unwrap();
    let change = &partly.kpis[0].change;
    assert_eq!((change.trend, change.pct), (Trend::Unknown, None));
    assert_eq!(
        change.said,
        "not compared: the data begins part-way through the previous 2 days"
    );
    // A period the data begins in: nothing of the one before is known, not "none" in it.
    let from_start = Period::new(day("2026-10-31"), day("2026-11-01"), utc).unwrap();
    let none = overview(&store, &topic, &from_start).unwrap();
    assert_eq!(
        (none.kpis[0].change.trend, none.kpis[0].change.said.as_str()),
        (
            Trend::Unknown,
            "not compared: no data from the previous 2 days"
        )
    );
    assert_eq!(
        none.negative_change.said,
        "not compared: no data from the previous 2 days"
    );
    // 1–2 Nov (3 mentions) against 30–31 Oct (1 mention): +200%, once the data covers them.
    crate::support::data_begins_at(&mut store, "2026-10-01T00:00:00Z");
    let o = overview(&store, &topic, &period).unwrap();
    assert_eq!(
        (
            o.previous_period.from.to_string(),
            o.previous_period.to.to_string()
        ),
        ("2026-10-30".to_string(), "2026-10-31".to_string())
    );
    let mentions = &o.kpis[0];
    assert_eq!(
        (mentions.key.as_str(), mentions.value, mentions.previous),
        ("mentions", 3.0, 1.0)
    );
    assert_eq!(mentions.change.pct, Some(200.0));
    assert_eq!(mentions.change.said, "▲ 200% vs the previous 2 days");
}

/// A figure none of whose parts was known in the previous period (no post's engagement, no
/// author's follower count) is not compared, rather than called new against a previous 0.
#[test]
fn a_figure_unknown_in_the_previous_period_is_not_compared() {
    let (dir, _path, mut store) = workspace();
    crate::support::data_begins_at(&mut store, "2026-03-01T00:00:00Z");
    let tweet = |id: u32, day: u32, known: bool| {
        let mut t = serde_json::json!({"id": id.to_string(), "author_id": id.to_string(),
            "created_at": format!("2026-04-{day:02}T10:00:00.000Z"), "text": "portal down"});
        if known {
            t["public_metrics"] = serde_json::json!({"like_count": 1, "retweet_count": 1,
                "reply_count": 0, "quote_count": 0});
            t["author"] = serde_json::json!({"id": id.to_string(), "username": format!("u{id}"),
                "public_metrics": {"followers_count": 100 * id}});
        }
        t.to_string()
    };
    let lines: Vec<String> = (1..=6).map(|i| tweet(i + 10, i, i > 3)).collect();
    let file = dir.path().join("april.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    let topic = topics::add(&store, "Portal", "portal", "2026-05-01T00:00:00Z").unwrap();
    let utc = parse_tz("UTC").unwrap();
    let period = Period::new(day("2026-04-04"), day("2026-04-06"), utc).unwrap();
    let o = overview(&store, &topic, &period).unwrap();
    let said: Vec<(&str, Trend, &str)> = o
        .kpis
        .iter()
        .map(|k| (k.key.as_str(), k.change.trend, k.change.said.as_str()))
        .collect();
    let unknown = "not compared: unknown in the previous 3 days";
    assert_eq!(
        said,
        [
            ("mentions", Trend::Flat, "no change vs the previous 3 days"),
            (
                "unique_authors",
                Trend::Flat,
                "no change vs the previous 3 days"
            ),
            ("engagement", Trend::Unknown, unknown),
            ("potential_reach", Trend::Unknown, unknown),
            ("exposure", Trend::Unknown, unknown),
        ]
    );
}

/// The normal level learns its history from each topic's posts per quarter hour; the series
/// is the same as learned from every post's time, in any time zone, whole-hour or not.
#[test]
fn the_history_counted_per_quarter_hour_gives_the_series_of_every_post_s_time() {
    use townhall::analytics::{self, mentions, spikes, Bucket, ExposureModel};
    use townhall::topics::matches::Selection;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.sqlite");
    let mut store = townhall::store::Store::open(&path).unwrap();
    townhall::workspace::demo::create(&mut store, &dir.path().join("demo")).unwrap();
    let topic = topics::get(&store, "SchoolMax").unwrap();
    let selection = Selection::of(&store, &topic).unwrap();
    assert!(matches!(selection, Selection::Kept(_)));
    let model = ExposureModel::load(store.conn()).unwrap();
    for zone in ["America/Chicago", "Asia/Kolkata", "Asia/Kathmandu"] {
        let tz = parse_tz(zone).unwrap();
        for (bucket, from, to) in [
            (Bucket::Day, "2026-08-20", "2026-09-18"),
            (Bucket::Hour, "2026-09-01", "2026-09-03"),
        ] {
            let period = Period::new(day(from), day(to), tz).unwrap();
            let (start, end) = period.bounds();
            let (history, _) = period.reaching_back(spikes::HISTORY_DAYS).bounds();
            let during = mentions::fetch(&store, &selection, &model, start, end).unwrap();
            let voices = analytics::voices(&store, &topic, &during, start, end).unwrap();
            let data_start = store.data_start().unwrap();
            let series = |past: &mentions::Counted| {
                analytics::series(past.iter(), &during, &voices, &period, bucket, data_start)
            };
            let counted = mentions::counted_times(&store, &selection, history, start).unwrap();
            assert!(
                matches!(counted, mentions::Counted::Quarters(_)),
                "{zone}: {counted:?}"
            );
            let each = mentions::Counted::Each(
                mentions::times(&store, &selection, history, start).unwrap(),
            );
            let (a, b) = (series(&counted), series(&each));
            assert!(a.iter().any(|p| p.baseline.is_some()), "{zone}");
            assert_eq!(a, b, "{zone} {bucket:?}");
        }
    }
}

/// The chart's band and spikes and the default period count a saved topic's posts per quarter
/// hour too: they are what every post's time gives (the topic's matches not kept), in any time
/// zone, by the day and by the hour.
#[test]
fn the_band_spikes_and_default_period_from_quarter_hours_are_those_of_every_post_s_time() {
    use townhall::analytics::{self, Bucket};
    use townhall::output::timeline;
    let (_dir, store, _) = crate::support::demo_workspace();
    let topic = topics::get(&store, "SchoolMax").unwrap();
    let read = |zone: &str| {
        let tz = parse_tz(zone).unwrap();
        let today = day("2026-10-01");
        let (resolved, known) =
            analytics::resolve_default_read(&store, &topic, None, None, tz, today).unwrap();
        let mut seen = vec![format!("{:?}", resolved.period)];
        for (bucket, period) in [
            (Bucket::Day, resolved.period),
            (
                Bucket::Hour,
                Period::new(day("2026-09-01"), day("2026-09-03"), tz).unwrap(),
            ),
        ] {
            let read =
                analytics::overview_read(&store, &topic, &period, bucket, known.as_ref()).unwrap();
            let overlays =
                timeline::overlays_with(&store, &read.overview, None, Some(&read.times)).unwrap();
            assert!(overlays.band.iter().any(Option::is_some), "{zone}");
            seen.push(format!("{:?}\n{overlays:?}", read.overview));
        }
        seen
    };
    for zone in ["America/Chicago", "Asia/Kolkata", "Asia/Kathmandu"] {
        let kept = read(zone);
        // Not current, the topic's posts are matched on the fly and counted one by one.
        let set_matched_through = |id: i64| {
            store
                .conn()
                .execute(
                    "UPDATE topics SET matched_through = ?2 WHERE id = ?1",
                    rusqlite::params![topic.id, id],
                )
                .unwrap()
        };
        let current: i64 = store
            .conn()
            .query_row(
                "SELECT matched_through FROM topics WHERE id = ?1",
                [topic.id],
                |r| r.get(0),
            )
            .unwrap();
        set_matched_through(0);
        let each = read(zone);
        set_matched_through(current);
        assert_eq!(kept, each, "{zone}");
    }
}

/// An author's potential reach is their largest known follower count, whatever order the files
/// holding their counts were imported in.
#[test]
fn reach_is_the_largest_follower_count_in_any_import_order() {
    let tweet = |id: &str, day: &str, followers: u32| {
        serde_json::json!({"id": id, "author_id": "7", "created_at": format!("{day}T10:00:00.000Z"),
            "text": "portal down", "author": {"id": "7", "username": "kai",
            "public_metrics": {"followers_count": followers}}})
        .to_string()
    };
    let mut reaches = Vec::new();
    for order in [["a", "b"], ["b", "a"]] {
        let (dir, _path, mut store) = workspace();
        for name in order {
            let line = match name {
                "a" => tweet("1", "2026-03-01", 900),
                _ => tweet("2", "2026-03-10", 1500),
            };
            let file = dir.path().join(format!("{name}.jsonl"));
            std::fs::write(&file, line).unwrap();
            import_file(&mut store, &file, &ImportOptions::default()).unwrap();
        }
        let topic = topics::add(&store, "Portal", "portal", "2026-04-01T00:00:00Z").unwrap();
        let utc = parse_tz("UTC").unwrap();
        let period = Period::new(day("2026-03-01"), day("2026-03-01"), utc).unwrap();
        reaches.push(
            overview(&store, &topic, &period)
                .unwrap()
                .totals
                .potential_reach,
        );
    }
    assert_eq!(reaches, [1500, 1500]);
}

/// A spike's severity is how far above normal it went and for how long: a one-hour burst is
/// not critical because a day's bucket holds it, and a burst of several hours is. The days of
/// the dashboard (and the brief) take it from the hours, as the alerts read them.
#[test]
fn a_day_s_spike_is_as_severe_as_its_hours_not_as_its_bucket() {
    use townhall::workspace::views;
    let severity = |burst_hours: i64| {
        let (dir, _path, mut store) = workspace();
        let start = chrono::DateTime::parse_from_rfc3339("2026-02-01T00:00:00Z")
            .unwrap()
            .timestamp();
        let mut lines = String::new();
        let mut id = 0;
        let mut tweet = |t: i64| {
            id += 1;
            let at = chrono::DateTime::from_timestamp(t, 0).unwrap();
            lines.push_str(
                &serde_json::json!({"id": id.to_string(), "author_id": (id % 500).to_string(),
                    "created_at": at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    "text": "portal question"})
                .to_string(),
            );
            lines.push('\n');
        };
        // Five weeks of two posts an hour, then the burst at noon on 8 March.
        for hour in 0..35 * 24 {
            tweet(start + hour * 3600 + 600);
            tweet(start + hour * 3600 + 2400);
        }
        let burst = start + (35 * 24 + 12) * 3600;
        for i in 0..400 * burst_hours {
            tweet(burst + i * 9);
        }
        let file = dir.path().join("posts.jsonl");
        std::fs::write(&file, lines).unwrap();
        import_file(&mut store, &file, &ImportOptions::default()).unwrap();
        topics::add(&store, "Portal", "portal", "2026-04-01T00:00:00Z").unwrap();
        let request = townhall::wire::DashboardRequest {
            topic: "Portal".into(),
            from: Some("2026-03-01".into()),
            to: Some("2026-03-10".into()),
            hours: None,
            until: None,
            tz: Some("UTC".into()),
        };
        let now = chrono::DateTime::parse_from_rfc3339("2026-03-20T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let d = views::dashboard(&store, &request, now).unwrap();
        let spikes: Vec<_> = d
            .overlays
            .spikes
            .iter()
            .map(|s| {
                (
                    d.overview.series[s.start].date.to_string(),
                    s.severity.clone(),
                )
            })
            .collect();
        spikes
    };
    assert_eq!(
        severity(1),
        [("2026-03-08".to_string(), "major".to_string())]
    );
    assert_eq!(
        severity(4),
        [("2026-03-08".to_string(), "critical".to_string())]
    );
}

/// The night the clocks go back has two 01:00 hours, each counted on its own: a steady topic
/// has no spike there (the two used to be added up as one hour at twice the rate).
#[test]
fn the_two_hours_of_the_night_the_clocks_go_back_are_counted_apart() {
    let (dir, _path, mut store) = workspace();
    // Five weeks of 30 posts an hour up to 3 November 2026 (Chicago falls back on 1 November).
    let start = chrono::DateTime::parse_from_rfc3339("2026-09-29T00:00:00Z")
        .unwrap()
        .timestamp();
    let lines: String = (0..36 * 24 * 30)
        .map(|i| {
            let at = chrono::DateTime::from_timestamp(start + i * 120, 0).unwrap();
            format!(
                "{}\n",
                serde_json::json!({"id": i.to_string(), "author_id": (i % 700).to_string(),
                    "created_at": at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    "text": "portal question"})
            )
        })
        .collect();
    let file = dir.path().join("steady.jsonl");
    std::fs::write(&file, lines).unwrap();
    import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    topics::add(&store, "Portal", "portal", "2026-11-05T00:00:00Z").unwrap();
    let (hours, detection) =
        townhall::workspace::views::topic_spikes(&store, "Portal", Some("America/Chicago"))
            .unwrap();
    let night: Vec<(&str, f64)> = hours
        .labels
        .iter()
        .zip(&hours.values)
        .filter(|(l, _)| l.starts_with("2026-11-01 0"))
        .map(|(l, v)| (l.as_str(), *v))
        .take(4)
        .collect();
    assert_eq!(
        night,
        [
            ("2026-11-01 00:00", 30.0),
            ("2026-11-01 01:00", 30.0),
            ("2026-11-01 01:00", 30.0),
            ("2026-11-01 02:00", 30.0)
        ]
    );
    assert_eq!(detection.spikes, []);
}
