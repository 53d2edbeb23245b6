//! What the app keeps between commands: the open workspace (its path, a reading connection and
//! the cancel flag of its background watch), and the cancellation flags of running jobs.
//!
//! No workspace may be open (a first start, before the user chose); commands that need one
//! then fail with a sentence saying how to open one.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use townhall::store::Store;
use townhall::wire::ErrorPayload;

use crate::commands::{wire, CmdResult};

struct Open {
    path: PathBuf,
    reader: Store,
    /// Set to stop the watch of this workspace.
    watch: Arc<AtomicBool>,
}

#[derive(Default)]
pub struct AppState {
    open: Mutex<Option<Open>>,
    pub jobs: Mutex<HashMap<u32, Arc<AtomicBool>>>,
    /// Why the workspace to open on start could not be opened, said once in the window.
    pub start_error: Mutex<Option<ErrorPayload>>,
    /// The briefings this window exported: the only files it may ask the system to open.
    pub exported: Mutex<std::collections::HashSet<std::path::PathBuf>>,
}

/// The open workspace's reading connection, held for one command.
pub struct StoreGuard<'a>(MutexGuard<'a, Option<Open>>);

impl Deref for StoreGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self
            .0
            .as_ref()
            .expect("a guard is only made for an open workspace")
            .reader
    }
}

impl DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        &mut self
            .0
            .as_mut()
            .expect("a guard is only made for an open workspace")
            .reader
    }
}

fn none_open() -> ErrorPayload {
    wire(townhall::Error::NotFound(
        "no workspace is open: start your own, open one, or explore the sample".into(),
    ))
}

impl AppState {
    fn lock(&self) -> MutexGuard<'_, Option<Open>> {
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The connection commands read from (imports and collection write through their own).
    pub fn store(&self) -> CmdResult<StoreGuard<'_>> {
        let open = self.lock();
        if open.is_none() {
            return Err(none_open());
        }
        Ok(StoreGuard(open))
    }

    /// The open workspace's file, for work that opens a connection of its own.
    pub fn path(&self) -> CmdResult<PathBuf> {
        self.lock()
            .as_ref()
            .map(|o| o.path.clone())
            .ok_or_else(none_open)
    }

    /// Whether a workspace is open.
    pub fn is_open(&self) -> bool {
        self.lock().is_some()
    }

    /// Makes `store` the open workspace and stops the previous one's watch. Returns the cancel
    /// flag for the new workspace's watch.
    pub fn switch_to(&self, store: Store) -> CmdResult<(PathBuf, Arc<AtomicBool>)> {
        let path = store.path().map(PathBuf::from).ok_or_else(none_open)?;
        let watch = Arc::new(AtomicBool::new(false));
        let previous = self.lock().replace(Open {
            path: path.clone(),
            reader: store,
            watch: watch.clone(),
        });
        if let Some(previous) = previous {
            previous.watch.store(true, Ordering::Relaxed);
        }
        Ok((path, watch))
    }

    /// Stops the open workspace's watch (the app is closing).
    pub fn stop_watch(&self) {
        if let Some(open) = self.lock().as_ref() {
            open.watch.store(true, Ordering::Relaxed);
        }
    }
}
