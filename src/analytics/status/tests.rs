use super::*;

const HOUR: i64 = 3_600;
/// 2026-09-07 12:00 UTC, a Monday.
const NOW: i64 = 1_788_782_400;

fn band(baseline: f64, basis: Basis) -> Option<Band> {
    let deviation = baseline.max(1.0).sqrt();
    Some(Band {
        baseline,
        deviation,
        upper: baseline + 7.0 * deviation,
        basis,
    })
}

fn reading(people: u64, platforms: &[Platform]) -> Reading {
    Reading {
        people_last_hour: people,
        band: band(9.0, Basis::WeekdayHour),
        elevated: false,
        spike: None,
        peak_people: None,
        since: None,
        platforms: platforms.to_vec(),
        history_secs: 30 * SECS_PER_DAY,
    }
}

#[test]
fn the_grade_sentence_for_each_grade() {
    let three = [Platform::Twitter, Platform::Reddit, Platform::Mastodon];

    let normal = explain("Portal", &reading(4, &three[..2]), NOW);
    assert_eq!(normal.grade, Grade::Normal);
    assert_eq!(
        normal.evidence,
        "4 people in the last hour against a normal 9, on 2 platforms"
    );
    assert_eq!(normal.confidence, "Baseline from 4 weeks of history");
    assert_eq!(normal.since, None);

    let possible = explain(
        "Portal",
        &Reading {
            elevated: true,
            since: Some(NOW - 25 * 60),
            ..reading(40, &three[..1])
        },
        NOW,
    );
    assert_eq!(possible.grade, Grade::PossibleProblem);
    assert_eq!(possible.label, "Possible problem");
    assert_eq!(
        possible.evidence,
        "40 people in the last hour against a normal 9, on X/Twitter, for 25 min"
    );
    assert_eq!(
        possible.confidence,
        "40 distinct people, all on X/Twitter; baseline from 4 weeks of history"
    );

    let problem = explain(
        "Portal",
        &Reading {
            elevated: true,
            spike: Some(Severity::Major),
            peak_people: Some(212.0),
            since: Some(NOW - 40 * 60),
            history_secs: 23 * SECS_PER_DAY,
            ..reading(212, &three)
        },
        NOW,
    );
    assert_eq!(problem.grade, Grade::Problem);
    assert_eq!(
        problem.evidence,
        "212 people in the last hour against a normal 9, on 3 platforms, for 40 min"
    );
    assert_eq!(
        problem.confidence,
        "212 distinct people on 3 platforms agree; baseline from 3 weeks of history"
    );
    assert_eq!(problem.since, Some(NOW - 40 * 60));

    let critical = explain(
        "Portal",
        &Reading {
            band: band(9.0, Basis::Recent),
            elevated: true,
            spike: Some(Severity::Critical),
            peak_people: Some(1_400.0),
            since: Some(NOW - 3 * HOUR - 20 * 60),
            history_secs: 2 * SECS_PER_DAY + 5 * HOUR,
            ..reading(1_250, &three[..2])
        },
        NOW,
    );
    assert_eq!(critical.grade, Grade::Critical);
    assert_eq!(
        critical.evidence,
        "1,250 people in the last hour against a normal 9, on 2 platforms, for 3 h 20 min"
    );
    assert_eq!(
        critical.confidence,
        "1,250 distinct people on 2 platforms agree; only 2 days of history: treat with care"
    );
}

/// Four weeks without a post of the topic are no baseline, however long ago the workspace's
/// data began (a status asked months after the data ended said "baseline from 4 weeks").
#[test]
fn weeks_without_a_post_teach_nothing_whenever_the_data_began() {
    let long_ago = Some(NOW - 200 * SECS_PER_DAY);
    let reading = read(&[], long_ago, chrono_tz::UTC, NOW);
    assert_eq!(reading.history_secs, 0);
    assert_eq!(
        explain("Portal", &reading, NOW).confidence,
        "No post in the last 4 weeks to learn what is normal from"
    );
}

/// A topic whose posts stopped five weeks ago has no normal of the four weeks the detector
/// learns from: it says so, as one silent for nine weeks does.
#[test]
fn posts_older_than_the_detector_s_weeks_teach_nothing() {
    let mut old = Mention::new(NOW - 35 * SECS_PER_DAY, Some(1), None, 0);
    old.platform = Platform::Twitter;
    let reading = read(&[old], Some(NOW - 50 * SECS_PER_DAY), chrono_tz::UTC, NOW);
    assert_eq!(reading.history_secs, 0);
    let status = explain("Portal", &reading, NOW);
    assert_eq!(
        status.confidence,
        "No post in the last 4 weeks to learn what is normal from"
    );
    assert_eq!(status.history_days, 0);
}

#[test]
fn weeks_without_a_post_are_said_as_such_not_as_zero_weeks_of_history() {
    let quiet = Reading {
        history_secs: 0,
        ..reading(0, &[])
    };
    assert_eq!(
        explain("Portal", &quiet, NOW).confidence,
        "No post in the last 4 weeks to learn what is normal from"
    );
    let five_days = Reading {
        history_secs: 5 * SECS_PER_DAY,
        ..reading(0, &[])
    };
    assert_eq!(
        explain("Portal", &five_days, NOW).confidence,
        "Baseline from 5 days of history"
    );
    // Under a day, in hours, as `history_days` is 0 and "1 day" would be wrong.
    let five_hours = Reading {
        history_secs: 5 * 3_600 - 60,
        ..reading(0, &[])
    };
    let status = explain("Portal", &five_hours, NOW);
    assert_eq!(status.confidence, "Baseline from 5 hours of history");
    assert_eq!(status.history_days, 0);
}

#[test]
fn a_quiet_baseline_is_said_in_words() {
    let status = explain(
        "Portal",
        &Reading {
            band: band(0.2, Basis::WeekdayHour),
            elevated: true,
            since: Some(NOW - 15 * 60),
            ..reading(41, &[Platform::Mastodon])
        },
        NOW,
    );
    assert_eq!(
        status.evidence,
        "41 people in the last hour, where an hour usually has none, on Mastodon, for 15 min"
    );
}

/// One person every other hour is a normal of under one, not none.
#[test]
fn a_normal_of_one_every_other_hour_is_not_none() {
    let status = explain(
        "Portal",
        &Reading {
            band: band(0.5, Basis::WeekdayHour),
            elevated: true,
            since: Some(NOW - 15 * 60),
            ..reading(33, &[Platform::Twitter])
        },
        NOW,
    );
    assert_eq!(
        status.evidence,
        "33 people in the last hour against a normal of under 1, on X/Twitter, for 15 min"
    );
}

#[test]
fn a_quiet_hour_of_a_quiet_topic_says_no_one_posted() {
    let quiet = Reading {
        band: band(0.2, Basis::WeekdayHour),
        ..reading(0, &[])
    };
    let status = explain("Portal", &quiet, NOW);
    assert_eq!(status.evidence, "No one posted in the last hour, as usual");
}

#[test]
fn a_falling_spike_is_a_possible_problem_and_says_so() {
    let status = explain(
        "Portal",
        &Reading {
            spike: Some(Severity::Critical),
            peak_people: Some(212.0),
            since: Some(NOW - 5 * HOUR),
            ..reading(12, &[Platform::Reddit])
        },
        NOW,
    );
    assert_eq!(status.grade, Grade::PossibleProblem);
    assert_eq!(
        status.evidence,
        "12 people in the last hour against a normal 9, on Reddit, down from a peak of 212"
    );
}

#[test]
fn without_history_the_status_says_it_cannot_judge() {
    let status = explain(
        "Portal",
        &Reading {
            band: None,
            history_secs: 3 * HOUR,
            ..reading(1, &[Platform::Bluesky])
        },
        NOW,
    );
    assert_eq!(status.grade, Grade::Normal);
    assert_eq!(
        status.evidence,
        "1 person in the last hour, too early to know what is normal, on Bluesky"
    );
    assert_eq!(
        status.confidence,
        "Not enough history for a baseline yet: treat with care"
    );
}

#[test]
fn grades_order_parse_and_serialise() {
    assert!(Grade::Critical > Grade::Problem && Grade::Problem > Grade::PossibleProblem);
    for g in Grade::ALL {
        assert_eq!(Grade::parse(g.as_str()), Some(g));
        assert_eq!(Grade::parse(g.label()), Some(g));
        assert_eq!(
            serde_json::to_string(&g).unwrap(),
            format!("\"{}\"", g.as_str())
        );
    }
    assert_eq!(Grade::of_severity(Severity::Minor), Grade::PossibleProblem);
    assert_eq!(Grade::of_severity(Severity::Major), Grade::Problem);
    assert_eq!(Grade::of_severity(Severity::Critical), Grade::Critical);
}

/// Four weeks of 6 to 9 people an hour (each post its own author), plus `(hours ago, people)`
/// (0 is the last hour).
fn timeline(surge: &[(i64, u64)]) -> Vec<Mention> {
    let start = NOW - 28 * SECS_PER_DAY;
    let mut out = Vec::new();
    let mut author = 0;
    let mut hour = start;
    while hour < NOW {
        let ago = (NOW - hour) / HOUR - 1;
        let extra = surge.iter().find(|(h, _)| *h == ago).map_or(0, |(_, n)| *n);
        let normal = 6 + (hour / HOUR % 4) as u64;
        for i in 0..normal + extra {
            author += 1;
            let mut m = Mention::new(hour + 60 + i as i64, Some(author), None, 0);
            m.platform = if i % 2 == 0 {
                Platform::Twitter
            } else {
                Platform::Reddit
            };
            out.push(m);
        }
        hour += HOUR;
    }
    out
}

#[test]
fn a_quiet_topic_is_normal_and_a_surge_is_graded_by_size_and_duration() {
    let tz: Tz = "UTC".parse().unwrap();
    let quiet = assess("Portal", &timeline(&[]), None, tz, NOW);
    assert_eq!(quiet.grade, Grade::Normal, "{quiet:?}");
    assert_eq!(quiet.history_days, 27);

    // 200 extra people in the last hour: far above the band at once.
    let one_hour = assess("Portal", &timeline(&[(0, 200)]), None, tz, NOW);
    assert_eq!(one_hour.grade, Grade::Problem, "{one_hour:?}");
    assert!(one_hour.people_last_hour > 200);
    let since = one_hour.since.unwrap();
    assert!(since > NOW - HOUR && since < NOW - HOUR + 120, "{since}");

    // The same for three hours: critical.
    let three_hours = assess(
        "Portal",
        &timeline(&[(2, 200), (1, 200), (0, 200)]),
        None,
        tz,
        NOW,
    );
    assert_eq!(three_hours.grade, Grade::Critical, "{three_hours:?}");
    let since = three_hours.since.unwrap();
    assert!(
        since > NOW - 3 * HOUR && since < NOW - 3 * HOUR + 120,
        "{since}"
    );
    let duration = human_duration(NOW - since);
    assert!(duration.starts_with("2 h 58"), "{duration}");
    assert!(
        three_hours
            .evidence
            .ends_with(&format!("on 2 platforms, for {duration}")),
        "{}",
        three_hours.evidence
    );
}

#[test]
fn the_first_hour_of_data_is_not_a_surge() {
    // Data collected only since an hour ago: the 56 days before are not quiet, they are
    // unknown, so 200 people in the first hour raise nothing yet.
    let tz: Tz = "UTC".parse().unwrap();
    let mentions: Vec<Mention> = (0..200)
        .map(|i| Mention::new(NOW - HOUR + 60 + i, Some(i), None, 0))
        .collect();
    let first = mentions[0].created_at;
    let unknown = assess("Portal", &mentions, Some(first), tz, NOW);
    assert_eq!(unknown.grade, Grade::Normal, "{unknown:?}");
    // Read as if the workspace had collected nothing for those 56 days, the same hour is a
    // problem: the check can fail.
    let zeros = assess("Portal", &mentions, Some(NOW - 56 * 24 * HOUR), tz, NOW);
    assert_ne!(zeros.grade, Grade::Normal, "{zeros:?}");
}

#[test]
fn a_topic_first_mentioned_today_has_the_workspace_s_weeks_of_history() {
    // The workspace has collected for four weeks; the topic's first post is an hour old. Its
    // baseline learned from four weeks of quiet, and says so.
    let tz: Tz = "UTC".parse().unwrap();
    let mentions: Vec<Mention> = (0..60)
        .map(|i| Mention::new(NOW - HOUR + 60 + i, Some(i), None, 0))
        .collect();
    let weeks_ago = NOW - 28 * SECS_PER_DAY;
    let status = assess("Again", &mentions, Some(weeks_ago), tz, NOW);
    assert_eq!(status.history_days, 28, "{status:?}");
    assert!(
        status
            .confidence
            .ends_with("baseline from 4 weeks of history"),
        "{}",
        status.confidence
    );
    // With no data start known, the history is the topic's own.
    let own = assess("Again", &mentions, None, tz, NOW);
    assert_eq!(own.history_days, 0, "{own:?}");
}

#[test]
fn counting_begins_at_the_first_post_of_a_platform_unseen_before_it() {
    let tz: Tz = "UTC".parse().unwrap();
    let weeks_ago = NOW - 28 * SECS_PER_DAY;
    let post = |t: i64, author: i64, platform| {
        Mention::with_facts(
            0,
            t,
            platform,
            crate::analytics::lang::Lang::NONE,
            Some(author),
            None,
            None,
            None,
            None,
        )
    };
    // Four weeks of one person an hour on Mastodon...
    let mut mentions: Vec<Mention> = (0..28 * 24)
        .map(|h| post(weeks_ago + h * HOUR + 60, h % 50, Platform::Mastodon))
        .collect();
    // ... and a Bluesky search added 32 hours ago, whose first sweep was cut short, with 30
    // people an hour since.
    let added = NOW - 32 * HOUR;
    for h in 0..32 {
        for p in 0..30 {
            mentions.push(post(added + h * HOUR + 60 + p, 1000 + p, Platform::Bluesky));
        }
    }
    mentions.sort_by_key(|m| m.created_at);
    let unseen = [(Platform::Bluesky, added + 60)];
    let since = counted_since(&mentions, Some(weeks_ago + 60), &unseen);
    assert_eq!(since, Some(added + 60));
    let status = assess("Portal", &mentions, since, tz, NOW);
    assert_eq!(status.grade, Grade::Normal, "{status:?}");
    // Read against the four weeks, the same hours are a critical surge: the check can fail.
    let read_as_quiet = assess("Portal", &mentions, Some(weeks_ago + 60), tz, NOW);
    assert_eq!(read_as_quiet.grade, Grade::Critical, "{read_as_quiet:?}");
    // A platform unseen before its first post counts only for the topics it brings posts to.
    let twitter_only = [(Platform::Twitter, added + 60)];
    assert_eq!(
        counted_since(&mentions, Some(weeks_ago + 60), &twitter_only),
        Some(weeks_ago + 60)
    );
}

/// The hour after a spike's last elevated hour, it is falling back: a Possible problem that
/// says how high it went. An hour later it is over.
#[test]
fn a_spike_falls_back_for_an_hour_before_it_is_over() {
    let tz: Tz = "UTC".parse().unwrap();
    let falling = assess(
        "Portal",
        &timeline(&[(4, 200), (3, 200), (2, 200), (1, 200)]),
        None,
        tz,
        NOW,
    );
    assert_eq!(falling.grade, Grade::PossibleProblem, "{falling:?}");
    assert!(
        falling.evidence.contains("down from a peak of 2"),
        "{}",
        falling.evidence
    );
    assert!(falling.since.is_some(), "{falling:?}");

    let over = assess(
        "Portal",
        &timeline(&[(5, 200), (4, 200), (3, 200), (2, 200)]),
        None,
        tz,
        NOW,
    );
    assert_eq!(over.grade, Grade::Normal, "{over:?}");
    assert!(!over.evidence.contains("peak"), "{}", over.evidence);
}
