//! Importing files: each file in its own transaction, in order, reported as it goes; then the
//! workspace's retention period, and the alerts the new posts call for. One run waits its turn behind another process's import instead
//! of failing with "database is locked".

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::alerts::{self, Alert};
use crate::error::{Error, Result};
use crate::import::csv_mapped::CsvPreview;
use crate::import::{self, Format, ImportOptions, ImportReport, Progress};
use crate::store::retention::{self, Pruned};
use crate::store::Store;

/// What to import.
#[derive(Debug, Clone, Default)]
pub struct ImportRequest {
    pub files: Vec<PathBuf>,
    /// Read every file as this format instead of detecting it.
    pub format: Option<Format>,
    /// CSV column choices `(field, column)` for every CSV file of the run.
    pub map: Vec<(String, String)>,
    /// CSV column choices for single files, confirmed one by one (the app's mapping dialog).
    pub file_maps: Vec<(PathBuf, Vec<(String, String)>)>,
}

/// What happens during a run, as it happens.
#[derive(Debug)]
pub enum ImportStep<'a> {
    /// Another import holds the workspace; this one starts when it is done.
    Waiting { index: usize, file: &'a Path },
    Progress {
        index: usize,
        file: &'a Path,
        progress: Progress,
        /// The run's pace over all its files so far.
        pace: Pace,
    },
    Done {
        index: usize,
        report: &'a ImportReport,
    },
    Failed {
        index: usize,
        file: &'a Path,
        error: &'a Error,
    },
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct ImportRun {
    pub reports: Vec<ImportReport>,
    /// Files that could not be imported, with why (each was rolled back, the others kept).
    pub failed: Vec<(PathBuf, Error)>,
    /// The run stopped at the user's request; the file in progress was rolled back.
    pub cancelled: bool,
    /// What the retention period deleted after the run.
    pub pruned: Pruned,
    /// The alerts the new posts raised (only a surge still under way at "now" raises one).
    pub alerts: Vec<Alert>,
}

/// How fast a run goes: its rate, how long it has run and how long it has left, with the words
/// the progress banner and the command line show.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct Pace {
    pub elapsed_secs: f64,
    pub posts_per_sec: f64,
    /// `None` until the rate is known (the first second) or when the size is unknown.
    pub remaining_secs: Option<f64>,
    /// "12,400 posts/s · 42 s elapsed · about 1 min left".
    pub words: String,
}

impl Pace {
    /// The pace after `elapsed` seconds, `bytes` of `total` read and `posts` read.
    pub fn of(elapsed: f64, bytes: u64, total: u64, posts: u64) -> Pace {
        let posts_per_sec = if elapsed > 0.0 {
            posts as f64 / elapsed
        } else {
            0.0
        };
        let remaining_secs = (elapsed >= 1.0 && bytes > 0 && total > bytes)
            .then(|| elapsed * (total - bytes) as f64 / bytes as f64);
        let mut words = format!(
            "{} posts/s · {} elapsed",
            crate::analytics::fmt_int(posts_per_sec),
            crate::time::human_duration(elapsed as i64)
        );
        if let Some(left) = remaining_secs {
            words.push_str(&format!(
                " · about {} left",
                crate::time::human_duration(left.ceil() as i64)
            ));
        }
        Pace {
            elapsed_secs: elapsed,
            posts_per_sec,
            remaining_secs,
            words,
        }
    }
}

impl ImportRun {
    /// The run in one sentence, for a notification: "12,345 new posts from 2 files."
    pub fn sentence(&self) -> String {
        let new: u64 = self.reports.iter().map(|r| r.imported).sum();
        let posts = match new {
            1 => "1 new post".to_string(),
            n => format!("{} new posts", crate::analytics::fmt_int(n as f64)),
        };
        let files = match self.reports.len() {
            1 => "1 file".to_string(),
            n => format!("{n} files"),
        };
        let mut out = if self.cancelled {
            format!("Cancelled; {posts} from {files} kept.")
        } else {
            format!("{posts} from {files}.")
        };
        if !self.failed.is_empty() {
            out.push_str(&format!(
                " {} could not be imported.",
                match self.failed.len() {
                    1 => "1 file".to_string(),
                    n => format!("{n} files"),
                }
            ));
        }
        out
    }
}

/// How often a waiting import checks whether the workspace is free.
const WAIT_POLL: Duration = Duration::from_millis(200);

/// Imports the request's files one after the other, then applies the retention period.
pub fn import(
    store: &mut Store,
    request: &ImportRequest,
    cancel: Option<&AtomicBool>,
    on_step: &(dyn Fn(ImportStep<'_>) + Sync),
    now: DateTime<Utc>,
) -> Result<ImportRun> {
    let mut run = ImportRun::default();
    let started = std::time::Instant::now();
    let size = |f: &PathBuf| std::fs::metadata(f).map_or(0, |m| m.len());
    let total: u64 = request.files.iter().map(size).sum();
    // Bytes and posts of the files already done, for the run's pace.
    let (mut bytes_before, mut posts_before) = (0u64, 0u64);
    let keep_from =
        retention::days(store.conn())?.map(|days| now.timestamp() - i64::from(days) * 86_400);
    for (index, file) in request.files.iter().enumerate() {
        let waited = wait_for_writer(store, cancel, &|| {
            on_step(ImportStep::Waiting { index, file })
        });
        if let Err(Error::Cancelled) = waited {
            run.cancelled = true;
            return Ok(run);
        }
        waited?;
        let progress = |progress: Progress| {
            // A file's progress counts its own bytes; scale them to its size on disk, which the
            // run's total adds up (a compressed file reports what it decompressed).
            let own = size(file);
            let read = match progress.bytes_total {
                0 => 0,
                t => (own as f64 * (progress.bytes_read as f64 / t as f64)) as u64,
            };
            let pace = Pace::of(
                started.elapsed().as_secs_f64(),
                bytes_before + read.min(own),
                total,
                posts_before + progress.posts_read,
            );
            on_step(ImportStep::Progress {
                index,
                file,
                progress,
                pace,
            })
        };
        let opts = ImportOptions {
            format: request.format,
            progress: Some(&progress),
            cancel,
            keep_from,
        };
        let map = request
            .file_maps
            .iter()
            .find(|(path, _)| path == file)
            .map_or(&request.map[..], |(_, map)| &map[..]);
        match import::import_file_with_map(store, file, &opts, map) {
            Ok(report) => {
                on_step(ImportStep::Done {
                    index,
                    report: &report,
                });
                bytes_before += size(file);
                posts_before += report.read;
                run.reports.push(report);
            }
            Err(Error::Cancelled) => {
                run.cancelled = true;
                return Ok(run);
            }
            Err(error) => {
                on_step(ImportStep::Failed {
                    index,
                    file,
                    error: &error,
                });
                run.failed.push((file.clone(), error));
            }
        }
    }
    // Posts older than the retention period are not kept, imported or not.
    run.pruned = retention::apply(store.conn_mut(), now.timestamp())?;
    run.alerts = alerts::evaluate(store, now.timestamp())?;
    Ok(run)
}

/// The column mapping to confirm for a generic CSV file before importing it (guessed, or saved
/// for its header); `None` for any other file, whose format needs no mapping or whose import
/// will refuse it with its own reason.
pub fn csv_preview(store: &Store, path: &Path) -> Result<Option<CsvPreview>> {
    match import::detect(path) {
        Ok(Format::Csv) => import::csv_mapped::preview(store.conn(), path).map(Some),
        _ => Ok(None),
    }
}

/// Waits until no other connection holds the workspace's write lock, calling `waiting` once if
/// it has to wait. Readers never wait (WAL); two writers take turns.
fn wait_for_writer(store: &Store, cancel: Option<&AtomicBool>, waiting: &dyn Fn()) -> Result<()> {
    let conn = store.conn();
    let mut told = false;
    loop {
        match conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
            Ok(()) => return Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy =>
            {
                if !told {
                    waiting();
                    told = true;
                }
                if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                    return Err(Error::Cancelled);
                }
                std::thread::sleep(WAIT_POLL);
            }
            Err(e) => return Err(e.into()),
        }
    }
}

#[cfg(test)]
mod pace_tests {
    use super::Pace;

    #[test]
    fn the_pace_says_the_rate_the_time_spent_and_the_time_left() {
        let pace = Pace::of(20.0, 250, 1000, 100_000);
        assert_eq!(pace.posts_per_sec, 5_000.0);
        assert_eq!(pace.remaining_secs, Some(60.0));
        assert_eq!(
            pace.words,
            "5,000 posts/s · 20 s elapsed · about 1 min left"
        );
        // Too early to say how long is left, and nothing left once all is read.
        assert_eq!(Pace::of(0.5, 10, 1000, 10).remaining_secs, None);
        assert_eq!(Pace::of(30.0, 1000, 1000, 10).remaining_secs, None);
    }
}
