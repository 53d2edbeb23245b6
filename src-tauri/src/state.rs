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
    /// scenario when it is brand new so that there is something real to look at.
    pub fn open_default() -> townhall::Result<AppState> {
        let path = townhall::store::default_path()?;
        let store = townhall::workspace::open_or_demo(&path, chrono::Utc::now())?;
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
