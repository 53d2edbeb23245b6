//! A rolling window of hours ("the last 24 hours"): hourly buckets, the same hours before it
//! for every change, the detector's spikes and band per hour, and the words that say so in the
//! overview and the brief.

use chrono::{DateTime, Utc};
use townhall::analytics::Bucket;
use townhall::error::Error;
use townhall::wire::{BriefChoices, DashboardRequest};
use townhall::workspace::{briefing, views};

/// 2026-09-02 18:00 in Chicago: the end of the demo's surge day's working hours.
const UNTIL: i64 = 1_788_390_000;

fn at(unix: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(unix, 0).unwrap()
}

fn last_day(request: &DashboardRequest) -> DashboardRequest {
    DashboardRequest {
        hours: Some(24),
        until: Some(UNTIL),
        ..request.clone()
    }
}

#[test]
fn the_last_24_hours_are_24_hourly_buckets_counted_once() {
    let (_dir, store, request) = crate::support::demo_workspace();
    let now = at(UNTIL + 30 * 86_400);
    let request = last_day(&request);
    let d = views::dashboard(&store, &request, now).unwrap();
    let o = &d.overview;

    assert_eq!(o.period.bounds(), (UNTIL - 24 * 3600, UNTIL));
    assert_eq!(o.bucket, Bucket::Hour);
    assert_eq!(o.series.len(), 24);
    assert!(o.series.iter().all(|p| p.end - p.start == 3600));
    assert!(o.series.windows(2).all(|w| w[0].end == w[1].start));
    let hourly: u64 = o.series.iter().map(|p| p.totals.mentions).sum();
    assert!(hourly > 100, "the surge day has posts: {hourly}");
    assert_eq!(hourly, o.totals.mentions);
    let listed = views::period_page(&store, &request, Default::default(), now).unwrap();
    assert_eq!(
        listed.total, o.totals.mentions,
        "the posts behind the number are the same"
    );

    assert_eq!(
        o.previous_period.bounds(),
        (UNTIL - 48 * 3600, UNTIL - 24 * 3600)
    );
    assert_eq!(o.period.before(), "the previous 24 hours");
    assert_eq!(d.overlays.band.len(), 24);
    let hours = d
        .chart_svg
        .lines()
        .filter(|l| l.len() == 5 && l.ends_with(":00") && l[..2].parse::<u8>().is_ok())
        .count();
    assert!(hours >= 3, "the chart's axis names hours: {}", d.chart_svg);
}

#[test]
fn the_surge_is_a_spike_of_hours() {
    let (_dir, store, request) = crate::support::demo_workspace();
    let d = views::dashboard(&store, &last_day(&request), at(UNTIL)).unwrap();
    let spike = d
        .overlays
        .spikes
        .iter()
        .max_by(|a, b| a.peak_mentions.total_cmp(&b.peak_mentions))
        .expect("the morning's surge is a spike");
    let peak = &d.overview.series[spike.peak];
    let busiest = d.overview.series.iter().map(|p| p.totals.mentions).max();
    assert_eq!(
        Some(peak.totals.mentions),
        busiest,
        "it peaks at the busiest hour"
    );
    assert!(spike.end > spike.start, "a surge of hours, not one hour");
    assert!(spike.peak_mentions > 3.0 * spike.baseline_at_peak.max(1.0));
}

#[test]
fn a_window_without_an_end_ends_with_the_hour_under_way() {
    let (_dir, store, request) = crate::support::demo_workspace();
    let request = DashboardRequest {
        hours: Some(24),
        ..request
    };
    let o = views::overview(&store, &request, at(UNTIL + 25 * 60)).unwrap();
    assert_eq!(o.period.bounds(), (UNTIL - 23 * 3600, UNTIL + 3600));
}

#[test]
fn hours_and_dates_together_are_refused() {
    let (_dir, store, request) = crate::support::demo_workspace();
    let request = DashboardRequest {
        from: Some("2026-09-01".into()),
        ..last_day(&request)
    };
    let err = views::overview(&store, &request, at(UNTIL)).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput(m) if m.contains("either hours or dates")),
        "{err}"
    );
}

#[test]
fn the_brief_of_the_last_24_hours_says_hours() {
    let (dir, store, request) = crate::support::demo_workspace();
    let out = dir.path().join("last-day.pdf");
    let choices = BriefChoices {
        pdf_only: true,
        ..Default::default()
    };
    let written = briefing::write(&store, &last_day(&request), &choices, &out, at(UNTIL)).unwrap();
    assert_eq!(written.period.hours(), Some(24));
    let text = crate::support::pdf_text(&std::fs::read(&out).unwrap());
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("the previous 24 hours"), "{flat}");
    assert!(
        flat.contains("1 September 2026, 18:00"),
        "the window's start, with its hour: {flat}"
    );
}

#[test]
fn the_series_of_a_window_is_counted_by_the_hour() {
    let (_dir, store, request) = crate::support::demo_workspace();
    let request = last_day(&request);
    let (period, series) = views::series(&store, &request, None, at(UNTIL)).unwrap();
    assert_eq!(period.hours(), Some(24));
    assert_eq!(series.len(), 24);
    assert!(series.iter().all(|p| p.end - p.start == 3600));
    for bucket in [Bucket::Day, Bucket::Week] {
        let err = views::series(&store, &request, Some(bucket), at(UNTIL)).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidInput(m) if m.contains("by the hour")),
            "{err}"
        );
    }
    let days = DashboardRequest {
        hours: None,
        until: None,
        ..request
    };
    let (_, daily) = views::series(&store, &days, None, at(UNTIL)).unwrap();
    assert!(
        daily.iter().all(|p| p.end - p.start >= 23 * 3600),
        "days without --bucket"
    );
}

#[test]
fn an_end_no_calendar_can_hold_is_refused_in_words() {
    let (_dir, store, request) = crate::support::demo_workspace();
    let request = DashboardRequest {
        until: Some(i64::MIN),
        ..last_day(&request)
    };
    let err = views::overview(&store, &request, at(UNTIL)).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
}

/// A brief as of an earlier time covers the 24 hours before that time, not before the clock's.
#[test]
fn the_last_24_hours_of_a_brief_end_when_it_is_generated() {
    let (dir, store, request) = crate::support::demo_workspace();
    let request = DashboardRequest {
        hours: Some(24),
        until: None,
        ..request
    };
    let choices = BriefChoices {
        pdf_only: true,
        ..Default::default()
    };
    let out = dir.path().join("as-of.pdf");
    let written = briefing::write(&store, &request, &choices, &out, at(UNTIL)).unwrap();
    assert_eq!(written.period.hours(), Some(24));
    let (_, end) = written.period.bounds();
    assert!(
        (UNTIL..UNTIL + 3600).contains(&end),
        "{end} against {UNTIL}"
    );
    assert!(written.mentions > 0);
}

/// `townhall posts --last-hours 24` lists the posts the overview of the last 24 hours counts.
#[test]
fn the_posts_of_the_last_24_hours_are_those_the_overview_counts() {
    let (_dir, store, request) = crate::support::demo_workspace();
    let d = views::dashboard(&store, &last_day(&request), at(UNTIL)).unwrap();
    let posts = views::posts(
        &store,
        Some(&request.topic),
        (None, None),
        Some(24),
        None,
        Default::default(),
        at(UNTIL),
    )
    .unwrap();
    assert!(posts.len() > 100, "{}", posts.len());
    assert_eq!(posts.len() as u64, d.overview.totals.mentions);
    let first = posts
        .iter()
        .map(|p| p.post.created_at.as_str())
        .min()
        .unwrap();
    assert!(first >= "2026-09-01T23:00:00", "{first}");

    let both = views::posts(
        &store,
        Some(&request.topic),
        (Some("2026-09-01".into()), None),
        Some(24),
        None,
        Default::default(),
        at(UNTIL),
    );
    assert!(matches!(both, Err(Error::InvalidInput(_))));
}
