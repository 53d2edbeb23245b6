//! A watched folder: listening tools (Brandwatch, Meltwater, Talkwalker…) deliver scheduled
//! exports to a folder, and every new or changed file there is imported once, through the same
//! detection and importers as a file the user picks (a CSV with its saved column mapping).
//!
//! While watching, a file-system event in the folder runs the source at once
//! ([`super::FolderEvents`]); the folder is also scanned at the source's interval, which works
//! the same on network shares, where events often do not arrive. A file is known by its path,
//! size and modification time; when those change, its content hash decides whether it is new.
//! Hidden files and files still being written by common conventions (`.part`, `.tmp`,
//! `.crdownload`, `~`) are left for a later scan. A file that cannot be imported is reported once
//! and not retried until it changes; one the workspace could not take (in use by another
//! program, a full disk) or that could not be read just then is tried again at the next run.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::run::Run;
use super::state::{self, SeenFile};
use super::{Collector, Failure};
use crate::error::ErrorCode;
use crate::import::{import_file, ImportOptions};

pub struct Folder;

impl Collector for Folder {
    fn collect(&self, run: &mut Run<'_>) -> Result<(), Failure> {
        let dir = Path::new(&run.source.url);
        let entries = std::fs::read_dir(dir).map_err(|e| {
            Failure::Failed(format!(
                "the folder {} cannot be read ({e}); check that it is there",
                dir.display()
            ))
        })?;
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_file() && !in_progress(p))
            .collect();
        files.sort();
        for path in files {
            run.check_cancel()?;
            let Some(seen) = fingerprint(&path) else {
                continue;
            };
            let key = path.display().to_string();
            let before = state::seen_file(run.store.conn(), run.source.id, &key).map_err(db)?;
            if let Some(before) = &before {
                if before.size == seen.size && before.mtime == seen.mtime {
                    continue;
                }
            }
            let Some(sha256) = hash(&path) else {
                continue;
            };
            let seen = SeenFile { sha256, ..seen };
            if before.is_none_or(|b| b.sha256 != seen.sha256) {
                run.report.pages += 1;
                match import_file(run.store, &path, &ImportOptions::default()) {
                    Ok(report) => {
                        run.report.new_posts += report.imported;
                        run.report.duplicates += report.duplicates;
                        run.report.skipped += report.skipped;
                        if report.skipped > 0 {
                            run.error(format!(
                                "{}: {} records could not be read (see the import history)",
                                path.display(),
                                report.skipped
                            ));
                        }
                    }
                    // The workspace, not the file, failed (in use, a full disk): the file is
                    // not remembered, and the run fails, to try it again after its backoff.
                    Err(crate::Error::Busy) => return Err(Failure::Busy),
                    Err(e) if workspace_failed(&e) => {
                        return Err(Failure::Failed(format!(
                            "{} was not imported: {e} (it is tried again at the next run)",
                            path.display()
                        )));
                    }
                    // It could not be read now (still being copied, no permission yet).
                    Err(e) if e.code() == ErrorCode::Io => {
                        run.error(format!("{e} (it is tried again at the next run)"));
                        continue;
                    }
                    Err(e) => run.error(format!("{e} (it is tried again when it changes)")),
                }
            }
            state::remember_file(run.store.conn(), run.source.id, &key, &seen, run.now)
                .map_err(db)?;
        }
        Ok(())
    }
}

/// Whether an import failed for the workspace's sake rather than the file's.
fn workspace_failed(e: &crate::Error) -> bool {
    !matches!(
        e.code(),
        ErrorCode::UnsupportedFile
            | ErrorCode::CorruptFile
            | ErrorCode::InvalidInput
            | ErrorCode::NotFound
            | ErrorCode::Io
    )
}

fn db(e: crate::Error) -> Failure {
    Failure::of_store(e, |e| format!("the workspace could not be written ({e})"))
}

/// Files that are hidden or, by their name, still being written.
pub(super) fn in_progress(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.starts_with('.')
        || name.ends_with('~')
        || [".part", ".tmp", ".crdownload", ".partial", ".download"]
            .iter()
            .any(|s| name.ends_with(s))
}

fn fingerprint(path: &Path) -> Option<SeenFile> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(SeenFile {
        size: meta.len() as i64,
        // Milliseconds, so that a rewrite within the same second still differs.
        mtime: mtime.as_secs() as i64 * 1_000 + i64::from(mtime.subsec_millis()),
        sha256: String::new(),
    })
}

fn hash(path: &Path) -> Option<String> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        match file.read(&mut buf).ok()? {
            0 => break,
            n => hasher.update(&buf[..n]),
        }
    }
    Some(
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    )
}
