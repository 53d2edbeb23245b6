//! Loading of NAB data: the `timestamp,value` series and the labelled windows of a corpus.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::super::SeriesKind;
use super::Window;

/// A time series, regular but for a few gaps: bucket start times (unix seconds) and values.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub times: Vec<i64>,
    pub values: Vec<f64>,
}

impl Series {
    /// Bucket width in seconds: the median gap between consecutive points (None if fewer than
    /// two). Some NAB series have a few missing or doubled points; the median ignores them.
    pub fn bucket_secs(&self) -> Option<i64> {
        let mut gaps: Vec<i64> = self.times.windows(2).map(|w| w[1] - w[0]).collect();
        gaps.sort_unstable();
        gaps.get(gaps.len() / 2).copied()
    }
}

/// One labelled file of a NAB corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledFile {
    /// The file's key in the windows JSON, e.g. `realTweets/Twitter_volume_AAPL.csv`.
    pub name: String,
    pub series: Series,
    pub windows: Vec<Window>,
}

impl LabelledFile {
    /// What the file's series is: NAB's `realTweets` count tweets that mention a company, the
    /// way a topic's posts are counted; every other file measures a system (a CPU, a road, a
    /// taxi fleet, an ad exchange), whose drops are news too.
    pub fn kind(&self) -> SeriesKind {
        if self.name.starts_with("realTweets/") {
            SeriesKind::Mentions
        } else {
            SeriesKind::Metric
        }
    }
}

/// Why a NAB file could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    Format {
        path: PathBuf,
        message: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            LoadError::Json { path, source } => write!(f, "{}: {source}", path.display()),
            LoadError::Format { path, message } => write!(f, "{}: {message}", path.display()),
        }
    }
}

/// The message already says its cause: no `source`, so that a chain does not print it twice.
impl std::error::Error for LoadError {}

pub(super) fn format_error(path: &Path, message: impl Into<String>) -> LoadError {
    LoadError::Format {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

pub(super) fn read_text(path: &Path) -> Result<String, LoadError> {
    fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Parses a NAB timestamp (`2015-02-26 21:42:53`, optionally with fractional seconds) into unix
/// seconds.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S%.f")
        .ok()
        .map(|t| t.and_utc().timestamp())
}

/// Loads the `timestamp` column and the numeric column `column` of a NAB-style CSV file (a
/// header line, then comma-separated rows without quoting).
pub fn load_column(path: &Path, column: &str) -> Result<Series, LoadError> {
    let text = read_text(path)?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let position = |name: &str| {
        header
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| format_error(path, format!("no column `{name}`")))
    };
    let (time_col, value_col) = (position("timestamp")?, position(column)?);

    let mut series = Series {
        times: Vec::new(),
        values: Vec::new(),
    };
    for (number, line) in lines.enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(',').collect();
        let bad_row = || format_error(path, format!("bad row {}: {line}", number + 2));
        let time = fields.get(time_col).and_then(|t| parse_timestamp(t));
        let value = fields.get(value_col).and_then(|v| v.trim().parse().ok());
        series.times.push(time.ok_or_else(bad_row)?);
        series.values.push(value.ok_or_else(bad_row)?);
    }
    Ok(series)
}

/// Loads the files of a NAB corpus: `windows_json` maps each file, relative to `data_dir`, to its
/// labelled windows (`{"sub/file.csv": [["start", "end"], ...]}`, as NAB's
/// `combined_windows.json`); files come in the order of their names.
pub fn load_corpus(windows_json: &Path, data_dir: &Path) -> Result<Vec<LabelledFile>, LoadError> {
    let labels: BTreeMap<String, Vec<[String; 2]>> =
        serde_json::from_str(&read_text(windows_json)?).map_err(|source| LoadError::Json {
            path: windows_json.to_path_buf(),
            source,
        })?;
    labels
        .into_iter()
        .map(|(name, bounds)| {
            let path = data_dir.join(&name);
            let series = load_column(&path, "value")?;
            let windows = window_indices(&series.times, &bounds).ok_or_else(|| {
                format_error(&path, "a window bound is not a timestamp of the file")
            })?;
            Ok(LabelledFile {
                name,
                series,
                windows,
            })
        })
        .collect()
}

/// Converts window bounds given as timestamps into indices of `times`; None if a bound is not
/// one of the timestamps.
fn window_indices(times: &[i64], bounds: &[[String; 2]]) -> Option<Vec<Window>> {
    let index_of = |text: &str| {
        let time = parse_timestamp(text)?;
        times.iter().position(|&t| t == time)
    };
    bounds
        .iter()
        .map(|[start, end]| {
            Some(Window {
                start: index_of(start)?,
                end: index_of(end)?,
            })
        })
        .collect()
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nab_timestamps() {
        let plain = parse_timestamp("2015-03-03 04:37:53");
        assert_eq!(plain, Some(1_425_357_473));
        assert_eq!(parse_timestamp("2015-03-03 04:37:53.000000"), plain);
        assert_eq!(parse_timestamp("yesterday"), None);
    }
}
