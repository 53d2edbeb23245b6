//! Scoring of spike alerts with the Numenta Anomaly Benchmark (NAB) rules, and loading of NAB
//! data files.
//!
//! NAB labels each series with anomaly *windows* (index ranges). An alert inside a window is a
//! true positive worth up to `tp_weight`, more the earlier it comes; only the first alert of a
//! window counts and the others are free. A window without any alert costs `fn_weight`. An alert
//! outside every window is a false positive costing up to `fp_weight`: the full weight before
//! the first window, less the closer it follows the end of the preceding window. Alerts in the
//! probationary period at the start of a file (15 %, at most 750 points) are ignored, because a
//! detector needs some history to learn from.
//!
//! The position inside a window is measured from the window's end, relative to its width:
//! `y = -(end - i + 1) / width`, so `y = -1` at the first point and `y` is just below 0 at the
//! last. After a window, `y = (i - end) / (width - 1)`. Both are scored with the scaled sigmoid
//! `S(y) = 2 / (1 + exp(5 y)) - 1` (and -1 beyond `y = 3`); true positives are divided by
//! `S(-1)` so that an alert on a window's first point is worth exactly `tp_weight`.
//!
//! A file's raw score is the sum of those terms. It is normalised as
//! `100 * (raw - null) / (perfect - null)`, where `null` is the score without any alert
//! (`-fn_weight` per window) and `perfect` the score of an alert at the start of every window
//! (`tp_weight` per window). For a set of files the raw, null and perfect scores are summed
//! before normalising, which is how NAB reports the total of a data subset.

mod corpus;
pub mod published;

use std::iter::Sum;
use std::ops::Add;

pub use corpus::{load_column, load_corpus, parse_timestamp, LabelledFile, LoadError, Series};

/// Weights of the scoring rules. [`Profile::default`] is NAB's "standard" profile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Profile {
    /// Reward of an alert at the very start of a window.
    pub tp_weight: f64,
    /// Largest cost of an alert outside every window.
    pub fp_weight: f64,
    /// Cost of a window without any alert.
    pub fn_weight: f64,
    /// Share of each file that is probationary (alerts there are ignored).
    pub probation_fraction: f64,
    /// Upper bound of the probationary period, in points.
    pub max_probation: usize,
}

impl Default for Profile {
    fn default() -> Self {
        Self {
            tp_weight: 1.0,
            fp_weight: 0.11,
            fn_weight: 1.0,
            probation_fraction: 0.15,
            max_probation: 750,
        }
    }
}

impl Profile {
    /// Number of leading points of a file of `len` points in which alerts are ignored.
    pub fn probation_len(&self, len: usize) -> usize {
        // Truncation is the rule: NAB takes the floor of 15 % of the length.
        let share = (self.probation_fraction * len as f64).floor() as usize;
        share.min(self.max_probation)
    }
}

/// A labelled anomaly window: indices of its first and last point (both included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
}

impl Window {
    fn width(&self) -> usize {
        self.end - self.start + 1
    }

    fn contains(&self, index: usize) -> bool {
        (self.start..=self.end).contains(&index)
    }
}

/// NAB score of one file, or the sum over several files.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    /// Sum of the rewards and costs of the alerts and missed windows.
    pub raw: f64,
    /// Raw score without any alert.
    pub null: f64,
    /// Raw score of an alert at the start of every window.
    pub perfect: f64,
    /// Windows with at least one alert.
    pub detected: usize,
    /// Windows without any alert.
    pub missed: usize,
    /// Alerts outside every window (after probation).
    pub false_positives: usize,
}

impl Score {
    /// `100 * (raw - null) / (perfect - null)`: 0 without alerts, 100 for perfect alerts.
    pub fn normalised(&self) -> f64 {
        100.0 * (self.raw - self.null) / (self.perfect - self.null)
    }
}

impl Add for Score {
    type Output = Score;

    fn add(self, other: Score) -> Score {
        Score {
            raw: self.raw + other.raw,
            null: self.null + other.null,
            perfect: self.perfect + other.perfect,
            detected: self.detected + other.detected,
            missed: self.missed + other.missed,
            false_positives: self.false_positives + other.false_positives,
        }
    }
}

impl Sum for Score {
    fn sum<I: Iterator<Item = Score>>(iter: I) -> Score {
        iter.fold(Score::default(), Add::add)
    }
}

/// Scores the alerts (`alerts`: indices of the points at which an alert was raised, in any order)
/// of a file of `len` points with labelled `windows` (sorted, not overlapping).
///
/// Windows that end inside the probationary period cannot be scored and count neither in the
/// raw score nor in `null` and `perfect`.
pub fn score_file(len: usize, windows: &[Window], alerts: &[usize], profile: &Profile) -> Score {
    let probation = profile.probation_len(len);
    let mut alerts: Vec<usize> = alerts
        .iter()
        .copied()
        .filter(|&i| i >= probation && i < len)
        .collect();
    alerts.sort_unstable();
    alerts.dedup();

    let mut score = Score::default();
    for window in windows.iter().filter(|w| w.end >= probation) {
        score.null -= profile.fn_weight;
        score.perfect += profile.tp_weight;
        match alerts.iter().find(|&&i| window.contains(i)) {
            Some(&first) => {
                score.detected += 1;
                score.raw += true_positive_score(window, first, profile);
            }
            None => {
                score.missed += 1;
                score.raw -= profile.fn_weight;
            }
        }
    }
    for &i in alerts
        .iter()
        .filter(|&&i| !windows.iter().any(|w| w.contains(i)))
    {
        score.false_positives += 1;
        let preceding = windows.iter().rev().find(|w| w.end < i);
        score.raw += false_positive_score(preceding, i, profile);
    }
    score
}

/// NAB's scaled sigmoid: about 1 at `y = -1`, 0 at `y = 0`, about -1 at `y = 1`, and -1 beyond 3.
fn scaled_sigmoid(y: f64) -> f64 {
    if y > 3.0 {
        -1.0
    } else {
        2.0 / (1.0 + (5.0 * y).exp()) - 1.0
    }
}

/// Reward of an alert at `index` inside `window`: `tp_weight` at its start, near 0 at its end.
fn true_positive_score(window: &Window, index: usize, profile: &Profile) -> f64 {
    let y = -((window.end - index + 1) as f64) / window.width() as f64;
    profile.tp_weight * scaled_sigmoid(y) / scaled_sigmoid(-1.0)
}

/// Cost (a negative number) of an alert at `index` outside every window, given the window that
/// precedes it, if any.
fn false_positive_score(preceding: Option<&Window>, index: usize, profile: &Profile) -> f64 {
    let Some(window) = preceding else {
        return -profile.fp_weight;
    };
    // NAB divides by `width - 1`; a one-point window would divide by zero, so it uses 1.
    let span = (window.width() - 1).max(1) as f64;
    let y = (index - window.end) as f64 / span;
    profile.fp_weight * scaled_sigmoid(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE_LEN: usize = 1000; // probation: 150 points
    const WINDOW: Window = Window {
        start: 400,
        end: 499,
    };

    fn score(alerts: &[usize]) -> Score {
        score_file(FILE_LEN, &[WINDOW], alerts, &Profile::default())
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn probation_is_fifteen_percent_capped_at_750() {
        let profile = Profile::default();
        assert_eq!(profile.probation_len(1000), 150);
        assert_eq!(profile.probation_len(1001), 150);
        assert_eq!(profile.probation_len(15_902), 750);
    }

    #[test]
    fn alert_at_window_start_scores_full_weight() {
        let s = score(&[WINDOW.start]);
        assert!(close(s.raw, 1.0));
        assert_eq!((s.detected, s.missed, s.false_positives), (1, 0, 0));
    }

    #[test]
    fn earlier_alert_in_window_scores_higher() {
        let middle = score(&[450]).raw;
        let late = score(&[WINDOW.end]).raw;
        assert!(1.0 > middle && middle > late && late > 0.0);
        // Half-way through the window: S(-0.5) / S(-1) = 0.84828 / 0.98661.
        assert!((middle - 0.84828 / 0.98661).abs() < 1e-4);
    }

    #[test]
    fn missed_window_costs_fn_weight() {
        let s = score(&[]);
        assert!(close(s.raw, -1.0));
        assert_eq!((s.detected, s.missed), (0, 1));
    }

    #[test]
    fn false_positive_before_any_window_costs_full_fp_weight() {
        let s = score(&[WINDOW.start, 200]);
        assert!(close(s.raw, 1.0 - 0.11));
        assert_eq!(s.false_positives, 1);
    }

    #[test]
    fn false_positive_after_window_costs_less_when_close() {
        let just_after = score(&[WINDOW.start, WINDOW.end + 1]).raw - 1.0;
        let far_after = score(&[WINDOW.start, WINDOW.end + 99]).raw - 1.0;
        assert!(-0.11 < far_after && far_after < just_after && just_after < 0.0);
        // One window width after the end: S(1) = -0.98661.
        assert!((far_after + 0.11 * 0.98661).abs() < 1e-4);
        // Beyond three widths the full cost applies.
        assert!(close(score(&[WINDOW.start, 900]).raw, 1.0 - 0.11));
    }

    #[test]
    fn alerts_in_probation_are_ignored() {
        assert_eq!(score(&[0, 10, 149]), score(&[]));
    }

    #[test]
    fn only_the_first_alert_in_a_window_counts() {
        assert_eq!(score(&[420, 421, 480, 499]).raw, score(&[420]).raw);
        assert_eq!(score(&[499, 420]).raw, score(&[420]).raw);
    }

    #[test]
    fn normalisation_maps_null_to_0_and_perfect_to_100() {
        let windows = [
            WINDOW,
            Window {
                start: 700,
                end: 799,
            },
        ];
        let profile = Profile::default();
        let none = score_file(FILE_LEN, &windows, &[], &profile);
        let perfect = score_file(FILE_LEN, &windows, &[400, 700], &profile);
        assert!(close(none.normalised(), 0.0));
        assert!(close(perfect.normalised(), 100.0));
        assert!(close(perfect.null, -2.0) && close(perfect.perfect, 2.0));
        // Totals normalise the summed raw, null and perfect scores.
        let total: Score = [none, perfect].into_iter().sum();
        assert!(close(total.normalised(), 50.0));
    }

    #[test]
    fn windows_inside_probation_are_not_scored() {
        let early = Window {
            start: 10,
            end: 100,
        };
        let s = score_file(FILE_LEN, &[early, WINDOW], &[], &Profile::default());
        assert!(close(s.null, -1.0) && close(s.perfect, 1.0));
    }
}
