//! File-system events for watched folders: a change in a folder makes its source due at once, so
//! a listening tool's export is imported as it lands rather than at the next scan. Events are
//! only a hint: the scan at the source's interval stays (network shares often send none, and a
//! system may refuse more watches), and the scan alone decides what is new.
//!
//! A folder is taken as settled once it has had no event for [`QUIET`], so that a file still
//! being copied is not read half-way through.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::source::SourceKind;
use super::state;
use crate::error::Result;
use crate::store::Store;

/// How long a folder must be quiet after its last event before its source runs.
pub const QUIET: Duration = Duration::from_secs(1);

/// Sources whose folder changed, with the instant of the folder's latest event.
type Changed = Arc<Mutex<HashMap<i64, Instant>>>;

/// The watches on the folders of a workspace's folder sources.
pub struct FolderEvents {
    watcher: Option<RecommendedWatcher>,
    /// Each watched folder and its source.
    folders: Arc<Mutex<HashMap<PathBuf, i64>>>,
    changed: Changed,
}

impl Default for FolderEvents {
    fn default() -> Self {
        Self::new()
    }
}

impl FolderEvents {
    /// Starts listening; where the system offers no events, every folder is only scanned.
    pub fn new() -> FolderEvents {
        let folders: Arc<Mutex<HashMap<PathBuf, i64>>> = Arc::default();
        let changed: Changed = Arc::default();
        let watcher = {
            let (folders, changed) = (folders.clone(), changed.clone());
            notify::recommended_watcher(move |event: notify::Result<Event>| {
                let Ok(event) = event else { return };
                if matches!(event.kind, EventKind::Access(_)) {
                    return;
                }
                let folders = folders.lock().expect("folder map");
                for path in &event.paths {
                    if super::folder::in_progress(path) {
                        continue;
                    }
                    let source = path
                        .parent()
                        .and_then(|dir| folders.get(dir))
                        .or_else(|| folders.get(path.as_path()));
                    if let Some(&id) = source {
                        changed.lock().expect("changed").insert(id, Instant::now());
                    }
                }
            })
            .ok()
        };
        FolderEvents {
            watcher,
            folders,
            changed,
        }
    }

    /// Watches the folder of every folder source that is not paused, and stops watching those
    /// that were removed or paused since the last call.
    pub fn sync(&mut self, store: &Store) -> Result<()> {
        let Some(watcher) = self.watcher.as_mut() else {
            return Ok(());
        };
        let wanted: HashMap<PathBuf, i64> = state::all(store.conn())?
            .into_iter()
            .filter(|s| s.kind == SourceKind::Folder && !s.paused)
            .filter_map(|s| Some((Path::new(&s.url).canonicalize().ok()?, s.id)))
            .collect();
        let mut folders = self.folders.lock().expect("folder map");
        for gone in folders
            .keys()
            .filter(|p| !wanted.contains_key(*p))
            .cloned()
            .collect::<Vec<_>>()
        {
            let _ = watcher.unwatch(&gone);
            folders.remove(&gone);
        }
        for (path, id) in wanted {
            if folders.contains_key(&path) {
                continue;
            }
            // A folder that cannot be watched is still scanned at its interval.
            if watcher.watch(&path, RecursiveMode::NonRecursive).is_ok() {
                folders.insert(path, id);
            }
        }
        Ok(())
    }

    /// Whether some folder changed and has been quiet since for `QUIET` (a second).
    pub fn settled(&self) -> bool {
        let changed = self.changed.lock().expect("changed");
        changed.values().any(|at| at.elapsed() >= QUIET)
    }

    /// The sources whose folder has settled after a change; they are forgotten until the next.
    pub fn take_settled(&self) -> Vec<i64> {
        let mut changed = self.changed.lock().expect("changed");
        let ids: Vec<i64> = changed
            .iter()
            .filter(|(_, at)| at.elapsed() >= QUIET)
            .map(|(id, _)| *id)
            .collect();
        for id in &ids {
            changed.remove(id);
        }
        ids
    }
}
