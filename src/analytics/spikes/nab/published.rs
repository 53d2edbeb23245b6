//! NAB's published results, which the scorer must reproduce.
//!
//! NAB publishes, for some detectors, the anomaly score each gave to every row of every file
//! (`<detector>/<category>/<detector>_<file>.csv` in its results folder); for every detector the
//! threshold tuned on the whole corpus (`thresholds.json`), each file's raw score
//! (`<detector>_standard_scores.csv`) and the final score (`final_results.json`). A row is an
//! alert when its anomaly score is at least the threshold. The final score sums the raw scores
//! over the corpus and normalises the sum with the null and perfect totals, as [`Score`] does for
//! any set of files. Only the standard profile is read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::corpus::{format_error, read_text};
use super::{load_column, score_file, LabelledFile, LoadError, Profile, Score};

/// Profile whose figures are read.
const PROFILE: &str = "standard";

/// A NAB results folder.
#[derive(Debug, Clone)]
pub struct Results {
    dir: PathBuf,
}

/// How closely the scorer reproduces one detector's published figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Reproduction {
    pub detector: String,
    /// The detector's published alerts, scored by our scorer over the whole corpus.
    pub score: Score,
    /// NAB's published final score.
    pub published: f64,
    /// Largest difference between our raw score of a file and the published one.
    pub worst_file_gap: f64,
}

impl Results {
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
        }
    }

    /// Published final standard score of every detector.
    pub fn final_scores(&self) -> Result<BTreeMap<String, f64>, LoadError> {
        let all: BTreeMap<String, BTreeMap<String, f64>> = self.json("final_results.json")?;
        Ok(all
            .into_iter()
            .filter_map(|(detector, profiles)| Some((detector, *profiles.get(PROFILE)?)))
            .collect())
    }

    /// Threshold of `detector` tuned by NAB for the standard profile.
    pub fn threshold(&self, detector: &str) -> Result<f64, LoadError> {
        #[derive(serde::Deserialize)]
        struct Tuned {
            threshold: f64,
        }
        let all: BTreeMap<String, BTreeMap<String, Tuned>> = self.json("thresholds.json")?;
        all.get(detector)
            .and_then(|profiles| profiles.get(PROFILE))
            .map(|tuned| tuned.threshold)
            .ok_or_else(|| format_error(&self.dir, format!("no threshold for {detector}")))
    }

    /// Published raw score of each file (by its corpus name) for `detector`.
    pub fn file_scores(&self, detector: &str) -> Result<BTreeMap<String, f64>, LoadError> {
        let path = self
            .dir
            .join(detector)
            .join(format!("{detector}_{PROFILE}_scores.csv"));
        let text = read_text(&path)?;
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
        let column = |name: &str| {
            header
                .iter()
                .position(|h| h.trim() == name)
                .ok_or_else(|| format_error(&path, format!("no column `{name}`")))
        };
        let (file_col, score_col) = (column("File")?, column("Score")?);
        let mut scores = BTreeMap::new();
        for line in lines {
            let fields: Vec<&str> = line.split(',').collect();
            let file = fields.get(file_col).map(|f| f.trim()).unwrap_or_default();
            // The last row holds the totals and names no file.
            if file.is_empty() {
                continue;
            }
            let score = fields.get(score_col).and_then(|s| s.trim().parse().ok());
            let score = score.ok_or_else(|| format_error(&path, format!("bad row: {line}")))?;
            scores.insert(file.to_string(), score);
        }
        Ok(scores)
    }

    /// Whether the per-row anomaly scores of `detector` are published.
    pub fn has_rows(&self, detector: &str) -> bool {
        std::fs::read_dir(self.dir.join(detector))
            .map(|entries| entries.flatten().any(|entry| entry.path().is_dir()))
            .unwrap_or(false)
    }

    /// Rows of `file` (a corpus name such as `realTweets/Twitter_volume_AAPL.csv`) whose
    /// published anomaly score from `detector` is at least `threshold`.
    pub fn alerts(
        &self,
        detector: &str,
        file: &str,
        threshold: f64,
    ) -> Result<Vec<usize>, LoadError> {
        let (category, name) = file.rsplit_once('/').unwrap_or(("", file));
        let path = self
            .dir
            .join(detector)
            .join(category)
            .join(format!("{detector}_{name}"));
        let rows = load_column(&path, "anomaly_score")?;
        Ok(rows
            .values
            .iter()
            .enumerate()
            .filter(|&(_, &score)| score >= threshold)
            .map(|(row, _)| row)
            .collect())
    }

    /// Scores the published alerts of `detector` on every file of `corpus` and compares the
    /// result with NAB's figures.
    pub fn reproduce(
        &self,
        detector: &str,
        corpus: &[LabelledFile],
        profile: &Profile,
    ) -> Result<Reproduction, LoadError> {
        let threshold = self.threshold(detector)?;
        let published_files = self.file_scores(detector)?;
        let published = self
            .final_scores()?
            .get(detector)
            .copied()
            .ok_or_else(|| format_error(&self.dir, format!("no final score for {detector}")))?;
        let mut score = Score::default();
        let mut worst_file_gap: f64 = 0.0;
        for file in corpus {
            let alerts = self.alerts(detector, &file.name, threshold)?;
            let file_score = score_file(file.series.values.len(), &file.windows, &alerts, profile);
            let expected = published_files.get(&file.name).copied().ok_or_else(|| {
                format_error(&self.dir, format!("no published score of {}", file.name))
            })?;
            worst_file_gap = worst_file_gap.max((file_score.raw - expected).abs());
            score = score + file_score;
        }
        Ok(Reproduction {
            detector: detector.to_string(),
            score,
            published,
            worst_file_gap,
        })
    }

    fn json<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T, LoadError> {
        let path = self.dir.join(name);
        serde_json::from_str(&read_text(&path)?).map_err(|source| LoadError::Json { path, source })
    }
}
