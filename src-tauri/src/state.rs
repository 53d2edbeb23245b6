//! What the app keeps between commands: the workspace path, a reading connection, and the
//! cancellation flags of running jobs.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

use townhall::store::Store;

pub struct AppState {
    pub path: PathBuf,
    reader: Mutex<Store>,
    pub jobs: Mutex<HashMap<u32, Arc<AtomicBool>>>,
}

impl AppState {
    /// Opens the shared workspace (`TOWNHALL_DB`, or the OS app-data folder), loading the demo
    /// scenario when it is brand new so that there is something real to look at, and applying
    /// the workspace's retention period.
    pub fn open_default() -> townhall::Result<AppState> {
        let path = townhall::store::default_path()?;
        let mut store = Store::open(&path)?;
        let empty = store.post_count()? == 0 && townhall::topics::list(&store)?.is_empty();
        if empty {
            let dir =
                tempfile::tempdir().map_err(|e| townhall::Error::io(std::env::temp_dir(), e))?;
            townhall::demo::create(&mut store, dir.path())?;
        }
        townhall::store::retention::apply(store.conn_mut(), chrono::Utc::now().timestamp())?;
        Ok(AppState {
            path,
            reader: Mutex::new(store),
            jobs: Mutex::new(HashMap::new()),
        })
    }

    /// The connection commands read from (imports write through their own).
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.reader
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
