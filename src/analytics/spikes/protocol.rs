//! How the detector is measured on NAB, so that its figures hold for data it has never seen.
//!
//! A file is scored by running the detector over it and taking every alert (the bucket at which
//! a surge became a spike) as NAB's detection. Settings are chosen automatically: each
//! [`Candidate`] of a small grid over the detector's few settings is run on every file, and the
//! candidate with the best NAB score over the tuning files wins (ties go to the earlier
//! candidate). *Leave one out* repeats that choice once per file, on all the other files, and
//! scores the file left out with it, so no file is ever scored with settings tuned on itself.

use super::nab::{score_file, LabelledFile, Profile, Score};
use super::{detect, DetectorSettings};

/// One point of the tuning grid: the settings that vary, the others being the defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// [`DetectorSettings::threshold`], in typical deviations.
    pub threshold: f64,
    /// [`DetectorSettings::quiet_secs`], in hours.
    pub quiet_hours: i64,
    /// [`DetectorSettings::alert_memory`].
    pub alert_memory: Option<f64>,
}

impl Candidate {
    pub fn settings(&self) -> DetectorSettings {
        DetectorSettings {
            threshold: self.threshold,
            quiet_secs: self.quiet_hours * 3_600,
            alert_memory: self.alert_memory,
            ..DetectorSettings::default()
        }
    }
}

/// The tuning grid, the defaults first: how far above the baseline a bucket must be, and how
/// long a surge lasts without an elevated bucket, the two choices that trade missed surges
/// against false alarms.
pub fn grid() -> Vec<Candidate> {
    let defaults = DetectorSettings::default();
    let default = Candidate {
        threshold: defaults.threshold,
        quiet_hours: defaults.quiet_secs / 3_600,
        alert_memory: defaults.alert_memory,
    };
    let mut grid = vec![default];
    for threshold in [5.0, 6.0, 7.0, 8.0, 10.0] {
        for quiet_hours in [1, 2, 4] {
            for alert_memory in [None, Some(2.0), Some(3.0), Some(4.0)] {
                let candidate = Candidate {
                    threshold,
                    quiet_hours,
                    alert_memory,
                };
                if candidate != default {
                    grid.push(candidate);
                }
            }
        }
    }
    grid
}

/// Indices of the buckets at which the detector raised an alert on `file`.
pub fn alerts(file: &LabelledFile, settings: &DetectorSettings) -> Vec<usize> {
    let series = &file.series;
    let bucket_secs = series.bucket_secs().unwrap_or(3_600);
    detect(
        &series.times,
        &series.values,
        bucket_secs,
        file.kind(),
        settings,
    )
    .spikes
    .iter()
    .map(|spike| spike.alert)
    .collect()
}

/// NAB score of the detector's alerts on `file`.
pub fn score(file: &LabelledFile, settings: &DetectorSettings, profile: &Profile) -> Score {
    score_file(
        file.series.values.len(),
        &file.windows,
        &alerts(file, settings),
        profile,
    )
}

/// The score of every candidate on every file: `scores[candidate][file]`.
pub fn score_grid(
    files: &[LabelledFile],
    grid: &[Candidate],
    profile: &Profile,
) -> Vec<Vec<Score>> {
    grid.iter()
        .map(|candidate| {
            let settings = candidate.settings();
            files
                .iter()
                .map(|file| score(file, &settings, profile))
                .collect()
        })
        .collect()
}

/// Index of the candidate with the best total score on the files `tuning` selects.
pub fn choose(scores: &[Vec<Score>], tuning: impl Fn(usize) -> bool) -> usize {
    let total = |row: &Vec<Score>| -> f64 {
        row.iter()
            .enumerate()
            .filter(|&(file, _)| tuning(file))
            .map(|(_, score)| *score)
            .sum::<Score>()
            .normalised()
    };
    let mut best = 0;
    for (index, row) in scores.iter().enumerate() {
        if total(row) > total(&scores[best]) {
            best = index;
        }
    }
    best
}

/// The result of leaving one file out.
#[derive(Debug, Clone, PartialEq)]
pub struct Fold {
    /// The file left out and then scored.
    pub file: String,
    /// The candidate chosen on the other files.
    pub chosen: Candidate,
    /// The left-out file's score with it.
    pub score: Score,
}

/// Leave one out over `files`: for each, the candidate is chosen on all the others, then the
/// file is scored with it.
pub fn leave_one_out(files: &[LabelledFile], grid: &[Candidate], profile: &Profile) -> Vec<Fold> {
    tune(files, grid, profile).0
}

/// [`leave_one_out`], and the candidate chosen on all of `files`, which the defaults should be.
pub fn tune(
    files: &[LabelledFile],
    grid: &[Candidate],
    profile: &Profile,
) -> (Vec<Fold>, Candidate) {
    let scores = score_grid(files, grid, profile);
    let folds = (0..files.len())
        .map(|left_out| {
            let chosen = choose(&scores, |file| file != left_out);
            Fold {
                file: files[left_out].name.clone(),
                chosen: grid[chosen],
                score: scores[chosen][left_out],
            }
        })
        .collect();
    (folds, grid[choose(&scores, |_| true)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(raw: f64) -> Score {
        Score {
            raw,
            null: -1.0,
            perfect: 1.0,
            ..Score::default()
        }
    }

    #[test]
    fn the_grid_starts_with_the_defaults() {
        let grid = grid();
        assert_eq!(grid[0].settings(), DetectorSettings::default());
        assert!(grid[1..]
            .iter()
            .all(|c| c.settings() != DetectorSettings::default()));
    }

    #[test]
    fn the_choice_never_looks_at_the_file_left_out() {
        // Candidate 1 is best on file 0 alone, candidate 0 on the others.
        let scores = vec![
            vec![score(0.0), score(0.9), score(0.9)],
            vec![score(1.0), score(0.0), score(0.0)],
        ];
        assert_eq!(choose(&scores, |_| true), 0);
        assert_eq!(choose(&scores, |file| file == 0), 1);
        assert_eq!(choose(&scores, |file| file != 0), 0);
    }
}
