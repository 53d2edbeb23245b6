//! The comparison's definitions on hand-made hourly series (UTC, so hours are wall-clock hours).

use super::*;
use crate::analytics::spikes::Basis;

const H: i64 = 3600;
/// 1 September 2026, 00:00 UTC.
const T0: i64 = 1_788_220_800;

fn incident(id: i64, number: &str, opened_at: i64) -> Incident {
    Incident {
        id,
        source: "manual".into(),
        number: Some(number.into()),
        title: format!("outage {id}"),
        priority: None,
        opened_at,
        resolved_at: None,
        topic: Some("Portal".into()),
    }
}

/// Hourly counts from T0, and a band whose upper edge is 3 everywhere.
fn hours(values: &[f64]) -> (HourlySeries, Vec<Option<Band>>) {
    let series = HourlySeries {
        starts: (0..values.len() as i64).map(|i| T0 + i * H).collect(),
        times: (0..values.len() as i64).map(|i| T0 + i * H).collect(),
        values: values.to_vec(),
        labels: vec![String::new(); values.len()],
    };
    let band = Band {
        baseline: 1.0,
        deviation: 1.0,
        upper: 3.0,
        basis: Basis::Recent,
    };
    (series, vec![Some(band); values.len()])
}

fn totals(mentions: u64, people: u64, negative_share: f64) -> Totals {
    Totals {
        mentions,
        unique_authors: people,
        negative_share,
        ..Totals::default()
    }
}

#[test]
fn an_outage_peaks_and_comes_back_after_a_whole_quiet_day() {
    // Quiet, then opened at hour 10:30: 8, 20 (the peak, hour 12), 9, then a quiet night of 5
    // hours, a bad morning (6), and quiet from hour 21 on.
    let mut values = vec![1.0; 120];
    for (h, v) in [(10, 8.0), (12, 20.0), (13, 9.0), (19, 6.0), (20, 4.0)] {
        values[h] = v;
    }
    values[11] = 12.0;
    let (series, bands) = hours(&values);
    let opened = T0 + 10 * H + 30 * 60;
    let p = profile(
        &incident(1, "INC1", opened),
        &series,
        &bands,
        &totals(80, 40, 0.5),
        Some(opened - 20 * 60),
        chrono_tz::UTC,
    );
    // The curve starts 6 hours before hour 10 and runs 72 hours after it.
    assert_eq!(p.hourly.len(), (BEFORE_HOURS + AFTER_HOURS) as usize);
    assert_eq!(p.hourly[BEFORE_HOURS as usize], 8);
    assert_eq!(p.hourly[BEFORE_HOURS as usize + 2], 20);
    assert_eq!((p.peak, p.peak_after), (20, Some(H + 30 * 60)));
    assert_eq!(p.first_complaint_after, Some(-20 * 60));
    assert!(p.above_normal);
    // Not hour 14 (the night is broken by the morning at 19 and 20): hour 21.
    assert_eq!(p.back_to_normal_after, Some(10 * H + 30 * 60));
    assert_eq!((p.mentions, p.people), (80, 40));
}

#[test]
fn a_quiet_incident_never_left_normal_and_data_that_ends_early_is_not_yet_back() {
    let (series, bands) = hours(&[1.0; 60]);
    let quiet = profile(
        &incident(1, "INC1", T0 + 10 * H),
        &series,
        &bands,
        &totals(50, 20, 0.1),
        None,
        chrono_tz::UTC,
    );
    assert!(!quiet.above_normal);
    assert_eq!(quiet.back_to_normal_after, None);
    assert_eq!(quiet.first_complaint_after, None);

    let mut values = vec![1.0; 30];
    values[20] = 9.0;
    let (series, bands) = hours(&values);
    let late = profile(
        &incident(2, "INC2", T0 + 19 * H),
        &series,
        &bands,
        &totals(20, 10, 0.2),
        None,
        chrono_tz::UTC,
    );
    assert!(late.above_normal);
    assert_eq!((late.peak, late.peak_after), (9, Some(H)));
    // Nine quiet hours after the peak, then the data ends: not a whole day.
    assert_eq!(late.back_to_normal_after, None);
}

fn profiled(
    label: &str,
    peak: u64,
    people: u64,
    negative: f64,
    first: i64,
    back: i64,
) -> IncidentProfile {
    IncidentProfile {
        id: 0,
        label: label.into(),
        title: String::new(),
        opened_at: 0,
        hourly: Vec::new(),
        mentions: people * 2,
        people,
        negative_share: negative,
        peak,
        peak_after: Some(H),
        first_complaint_after: Some(first),
        above_normal: true,
        outside_data: false,
        back_to_normal_after: Some(back),
    }
}

#[test]
fn the_lines_rank_this_incident_against_the_last_three() {
    let this = profiled("INC4", 120, 900, 0.45, -40 * 60, 30 * H);
    let earlier = [
        profiled("INC3", 40, 300, 0.30, 10 * 60, 8 * H),
        profiled("INC2", 150, 1000, 0.50, -60 * 60, 2 * 86_400),
        profiled("INC1", 20, 100, 0.20, 2 * H, 4 * H),
    ];
    let l = lines(&this, &earlier);
    assert_eq!(
        l,
        [
            "INC4 against the 3 incidents before it (INC3, INC2, INC1), over the 78 h from 6 h before each start.",
            "Peak: 120 mentions an hour, the 2nd highest of the 4 (before: 40 mentions an hour, 150 mentions an hour, 20 mentions an hour).",
            "People posting: 900, the 2nd most of the 4 (before: 300, 1,000, 100).",
            "Negative: 45%, the 2nd most negative of the 4 (before: 30%, 50%, 20%).",
            "First complaint: 40 min before it opened, the 2nd soonest of the 4 (before: 10 min after it opened, 1 h before it opened, 2 h after it opened).",
            "Back to normal for a whole day: 1 d 6 h after it opened, the 2nd slowest of the 4 (before: 8 h after it opened, 2 d after it opened, 4 h after it opened).",
        ]
    );
    let worst = profiled("INC5", 500, 5000, 0.9, -3 * H, 5 * 86_400);
    let l = lines(&worst, &earlier);
    assert!(l[1].contains("the highest of the 4"), "{}", l[1]);
    assert!(l[4].contains("the soonest of the 4"), "{}", l[4]);
    let first = lines(&this, &[]);
    assert_eq!(first.len(), 6);
    assert!(first[0].contains("first recorded incident"));
    assert_eq!(first[1], "Peak: 120 mentions an hour.");
}

/// Incidents that opened outside the workspace's data have no known figures: they are said to
/// be unknown and ranked against nothing, not counted as 0.
#[test]
fn incidents_outside_the_data_are_unknown_not_zero() {
    let this = profiled("INC4", 5, 67, 0.45, -40 * 60, 30 * H);
    let outside = |label| IncidentProfile {
        outside_data: true,
        mentions: 0,
        people: 0,
        peak: 0,
        ..profiled(label, 0, 0, 0.0, 0, 0)
    };
    let earlier = [profiled("INC3", 104, 1218, 0.5, 0, H), outside("INC2")];
    let l = lines(&this, &earlier);
    assert_eq!(
        l[1],
        "Peak: 5 mentions an hour, the lowest of the 2 (before: 104 mentions an hour, unknown, \
         outside the data)."
    );
    assert_eq!(
        l[2],
        "People posting: 67, the fewest of the 2 (before: 1,218, unknown, outside the data)."
    );
    assert!(l[4].ends_with("unknown, outside the data)."), "{}", l[4]);
    let row = row(&earlier[1], chrono_tz::UTC);
    assert_eq!(row[2..7], ["–", "–", "–", "–", "–"]);
}
