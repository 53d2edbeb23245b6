//! The course of an incident's complaints on its topic's hourly mentions, measured in one place
//! for the timeline, the brief and the comparison with past incidents. For an incident opened
//! at S and resolved at R:
//! - its **window**: the hours from S − 1 h to R + 24 h (to S + 24 h while it is open), the
//!   complaints that may be its own;
//! - its **peak**: the busiest hour of the window (the earliest on a tie); none when the window
//!   has no mention;
//! - whether the window rose **above normal**: any of its hours above the upper edge of the
//!   hourly spike detector's band (`analytics::spikes`) for that hour of the week;
//! - **back to normal**: the start of the first hour after the peak that begins
//!   [`STEADY_HOURS`] hours in a row within the normal range (at or below the band's upper
//!   edge, or any hour the detector is still learning), so that a quiet night between two bad
//!   days does not end an outage. None when the data ends first, or when the window never rose
//!   above normal (there is nothing to come back from);
//! - whether it is **covered** at all: the workspace's data (the series) holds the hour it
//!   opened in. Outside the data, nothing of its course is known: not quiet, unknown.
//!
//! Pure: no I/O. Hours are indices into the topic's [`HourlySeries`], whose bucket starts are
//! local wall-clock seconds.

use super::Incident;
use crate::analytics::spikes::Band;
use crate::analytics::HourlySeries;

/// Hours in a row within the normal range that make mentions back to normal: a whole day.
pub const STEADY_HOURS: usize = 24;

/// How an incident's complaints went, as hours of the topic's series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Course {
    pub covered: bool,
    pub peak: Option<usize>,
    pub above_normal: bool,
    pub back_to_normal: Option<usize>,
}

/// The course of `incident` on `hourly`, whose hours the detector's `bands` describe.
pub fn course(incident: &Incident, hourly: &HourlySeries, bands: &[Option<Band>]) -> Course {
    let opened = incident.opened_at;
    let last = incident.resolved_at.unwrap_or(opened).max(opened);
    // Hours that overlap the window.
    let (from, to) = (opened - 3600 - 3599, last + 24 * 3600);
    let window =
        hourly.starts.partition_point(|&t| t < from)..hourly.starts.partition_point(|&t| t <= to);
    let value = |i: usize| hourly.values[i];
    let within = |i: usize| {
        bands
            .get(i)
            .copied()
            .flatten()
            .is_none_or(|b| value(i) <= b.upper)
    };
    let peak = window
        .clone()
        .max_by(|&a, &b| value(a).total_cmp(&value(b)).then(b.cmp(&a)))
        .filter(|&i| value(i) > 0.0);
    let covered = hourly
        .starts
        .first()
        .zip(hourly.starts.last())
        .is_some_and(|(&first, &last)| first <= opened && opened < last + 3600);
    let above_normal = window.clone().any(|i| !within(i));
    let back_to_normal = peak.filter(|_| above_normal).and_then(|p| {
        let known = hourly.values.len();
        ((p + 1)..=known.saturating_sub(STEADY_HOURS)).find(|&i| (i..i + STEADY_HOURS).all(within))
    });
    Course {
        covered,
        peak,
        above_normal,
        back_to_normal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::spikes::Basis;

    const START: i64 = 1_767_225_600; // 2026-01-01T00:00Z

    fn hourly(values: &[f64]) -> HourlySeries {
        HourlySeries {
            starts: (0..values.len() as i64).map(|i| START + i * 3600).collect(),
            times: (0..values.len() as i64).map(|i| START + i * 3600).collect(),
            values: values.to_vec(),
            labels: vec![String::new(); values.len()],
        }
    }

    fn incident(opened_hour: i64, resolved_hour: Option<i64>) -> Incident {
        Incident {
            id: 1,
            source: "manual".into(),
            number: None,
            title: "SIS down".into(),
            priority: None,
            opened_at: START + opened_hour * 3600 + 600,
            resolved_at: resolved_hour.map(|h| START + h * 3600 + 600),
            topic: None,
        }
    }

    /// A band of upper edge 2 on every hour.
    fn bands(n: usize) -> Vec<Option<Band>> {
        vec![
            Some(Band {
                baseline: 1.0,
                deviation: 1.0,
                upper: 2.0,
                basis: Basis::WeekdayHour,
            });
            n
        ]
    }

    #[test]
    fn a_quiet_night_between_two_bad_days_does_not_end_an_outage() {
        // Hours 10–13 bad, 14–19 quiet, 20–23 bad again, then quiet for good.
        let mut values = vec![1.0; 80];
        for h in (10..14).chain(20..24) {
            values[h] = 30.0;
        }
        values[11] = 50.0;
        let h = hourly(&values);
        let c = course(&incident(10, Some(12)), &h, &bands(80));
        assert_eq!(c.peak, Some(11));
        assert!(c.above_normal);
        assert_eq!(c.back_to_normal, Some(24), "not 14, the first quiet hour");
    }

    #[test]
    fn the_data_ending_first_leaves_it_unknown_and_a_quiet_incident_has_no_return() {
        let mut values = vec![1.0; 40];
        values[30] = 30.0;
        let h = hourly(&values);
        let c = course(&incident(30, Some(31)), &h, &bands(40));
        assert_eq!(
            (c.peak, c.above_normal, c.back_to_normal),
            (Some(30), true, None)
        );
        let quiet = course(&incident(5, Some(5)), &h, &bands(40));
        assert_eq!(quiet.peak, Some(4), "the earliest of the busiest hours");
        assert!(!quiet.above_normal);
        assert_eq!(quiet.back_to_normal, None);
        // The peak is the window's: a day after resolution, not the surge 24 hours later.
        assert_eq!(course(&incident(2, Some(4)), &h, &bands(40)).peak, Some(1));
    }
}
