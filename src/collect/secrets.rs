//! Where credentials live: never in the workspace file. [`system`] picks the OS keychain when a
//! secret service answers, otherwise a JSON file readable only by the user in the config folder
//! it is given; tests use [`MemorySecrets`]. Keys are plain names (`source:bluesky-it`); values
//! are opaque strings, so alert delivery can keep webhook URLs and SMTP passwords here too.
//!
//! Errors from this module never quote a secret: they name the key and the store.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// A place to keep secrets by key.
pub trait Secrets: Send + Sync {
    /// The secret kept under `key`, if any.
    fn get(&self, key: &str) -> Result<Option<String>>;
    /// Keeps `value` under `key`, replacing what was there.
    fn set(&self, key: &str, value: &str) -> Result<()>;
    /// Forgets `key` (nothing happens when it is not kept).
    fn delete(&self, key: &str) -> Result<()>;
    /// Where secrets are kept, in words for the settings ("the system keychain", "the file …").
    fn describe(&self) -> String;
}

/// The keychain name Townhall's entries are filed under.
const SERVICE: &str = "townhall";

/// The name of the secrets file in a config folder.
pub const FILE_NAME: &str = "secrets.json";

/// The secret store for this machine: the OS keychain when it works, else the file
/// `secrets.json` in `config_dir` (see [`FileSecrets`]). Ask [`Secrets::describe`] which.
pub fn system(config_dir: &Path) -> Box<dyn Secrets> {
    match KeychainSecrets::probe() {
        Some(keychain) => Box::new(keychain),
        None => Box::new(FileSecrets::new(config_dir.join(FILE_NAME))),
    }
}

/// The OS keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows).
pub struct KeychainSecrets(());

impl KeychainSecrets {
    /// The keychain, if one answers. Any error at all (no D-Bus, no secret service, a locked
    /// collection that cannot be unlocked) means there is none to use.
    pub fn probe() -> Option<KeychainSecrets> {
        let entry = keyring::Entry::new(SERVICE, "townhall:probe").ok()?;
        match entry.get_password() {
            Ok(_) | Err(keyring::Error::NoEntry) => Some(KeychainSecrets(())),
            Err(_) => None,
        }
    }

    fn entry(key: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(SERVICE, key).map_err(|e| keychain_error(key, &e))
    }
}

fn keychain_error(key: &str, e: &keyring::Error) -> Error {
    // keyring's messages describe the store, never the secret.
    Error::Internal(format!(
        "the system keychain failed on {key:?} ({e}); unlock the keychain and try again"
    ))
}

impl Secrets for KeychainSecrets {
    fn get(&self, key: &str) -> Result<Option<String>> {
        match Self::entry(key)?.get_password() {
            Ok(v) => Ok(Some(v)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error(key, &e)),
        }
    }

    fn set(&self, key: &str, value: &str) -> Result<()> {
        Self::entry(key)?
            .set_password(value)
            .map_err(|e| keychain_error(key, &e))
    }

    fn delete(&self, key: &str) -> Result<()> {
        match Self::entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keychain_error(key, &e)),
        }
    }

    fn describe(&self) -> String {
        "the system keychain".into()
    }
}

/// A JSON object of key → secret in one file that only its owner may read or write (mode 0600 on
/// Unix), rewritten whole through a temporary file on each change, under a lock on a file beside
/// it, so that two processes changing secrets at once (the app and `townhall watch`, two
/// commands) each keep their change. Meant for the user's config folder, never beside the
/// workspace.
pub struct FileSecrets {
    path: PathBuf,
    lock: Mutex<()>,
}

impl FileSecrets {
    pub fn new(path: PathBuf) -> FileSecrets {
        FileSecrets {
            path,
            lock: Mutex::new(()),
        }
    }

    /// The lock of the file, held until the returned file is dropped: shared for reading,
    /// exclusive for changing. Reading goes on without it where there is none to take (a
    /// read-only config folder, a file system without locks): nothing can change the file
    /// there either.
    fn lock_file(&self, exclusive: bool) -> Result<Option<std::fs::File>> {
        match self.try_lock_file(exclusive) {
            Ok(file) => Ok(Some(file)),
            Err(_) if !exclusive => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn try_lock_file(&self, exclusive: bool) -> Result<std::fs::File> {
        let mut name = self.path.as_os_str().to_owned();
        name.push(".lock");
        let lock_path = PathBuf::from(name);
        if let Some(dir) = lock_path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::io(&lock_path, e))?;
        let locked = if exclusive {
            file.lock()
        } else {
            file.lock_shared()
        };
        locked.map_err(|e| Error::io(&lock_path, e))?;
        Ok(file)
    }

    fn load(&self) -> Result<BTreeMap<String, String>> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|_| {
                Error::InvalidInput(format!(
                    "{}: not a Townhall secrets file (expected a JSON object); move it away \
                     and enter the credentials again",
                    self.path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(Error::io(&self.path, e)),
        }
    }

    fn save(&self, all: &BTreeMap<String, String>) -> Result<()> {
        let dir = self
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
        // The temporary file is created 0600 on Unix already; say so explicitly all the same.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o600))
                .map_err(|e| Error::io(tmp.path(), e))?;
        }
        serde_json::to_writer_pretty(&mut tmp, all).expect("strings serialise");
        tmp.as_file()
            .sync_all()
            .map_err(|e| Error::io(&self.path, e))?;
        tmp.persist(&self.path)
            .map_err(|e| Error::io(&self.path, e.error))?;
        Ok(())
    }
}

impl Secrets for FileSecrets {
    fn get(&self, key: &str) -> Result<Option<String>> {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let _file = self.lock_file(false)?;
        Ok(self.load()?.remove(key))
    }

    fn set(&self, key: &str, value: &str) -> Result<()> {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let _file = self.lock_file(true)?;
        let mut all = self.load()?;
        all.insert(key.to_string(), value.to_string());
        self.save(&all)
    }

    fn delete(&self, key: &str) -> Result<()> {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let _file = self.lock_file(true)?;
        let mut all = self.load()?;
        if all.remove(key).is_some() {
            self.save(&all)?;
        }
        Ok(())
    }

    fn describe(&self) -> String {
        format!(
            "the file {} (readable only by you; no system keychain was available)",
            self.path.display()
        )
    }
}

/// Secrets held in memory only, for tests and one-off runs.
#[derive(Default)]
pub struct MemorySecrets(Mutex<BTreeMap<String, String>>);

impl MemorySecrets {
    pub fn new() -> MemorySecrets {
        MemorySecrets::default()
    }
}

impl Secrets for MemorySecrets {
    fn get(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<()> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
        Ok(())
    }

    fn describe(&self) -> String {
        "memory (forgotten when Townhall exits)".into()
    }
}

/// One workspace's secrets in a store that several workspaces share (the keychain, the config
/// folder's file): each key is filed under the workspace's id, so that two workspaces with a
/// source or channel of the same name never read, replace or delete each other's credential.
/// A secret that an earlier release filed under the bare key moves under the workspace's id
/// when the workspace adopts it ([`Scoped::adopt`]): only the workspace whose sources or
/// channels say they have that secret takes it.
pub struct Scoped {
    inner: Box<dyn Secrets>,
    scope: String,
}

impl Scoped {
    /// `inner`'s secrets of the workspace whose id is `workspace_id`.
    pub fn new(inner: Box<dyn Secrets>, workspace_id: &str) -> Scoped {
        Scoped {
            inner,
            scope: format!("workspace:{workspace_id}/"),
        }
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.scope)
    }

    /// Moves each of `keys` that an earlier release kept under the bare key, and this
    /// workspace does not yet have under its id, under its id.
    pub fn adopt(&self, keys: &[String]) -> Result<()> {
        for key in keys {
            if self.inner.get(&self.key(key))?.is_some() {
                continue;
            }
            if let Some(earlier) = self.inner.get(key)? {
                self.inner.set(&self.key(key), &earlier)?;
                self.inner.delete(key)?;
            }
        }
        Ok(())
    }
}

impl Secrets for Scoped {
    fn get(&self, key: &str) -> Result<Option<String>> {
        self.inner.get(&self.key(key))
    }

    fn set(&self, key: &str, value: &str) -> Result<()> {
        self.inner.set(&self.key(key), value)
    }

    fn delete(&self, key: &str) -> Result<()> {
        self.inner.delete(&self.key(key))
    }

    fn describe(&self) -> String {
        self.inner.describe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two scopes over one store, as two workspaces over one keychain.
    #[test]
    fn workspaces_keep_their_own_secrets_in_a_shared_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.json");
        let file = || Box::new(FileSecrets::new(path.clone()));
        // An earlier release kept the secret under the bare key.
        file().set("source:masto", "TOKEN-A").unwrap();
        let (a, b) = (Scoped::new(file(), "aaaa"), Scoped::new(file(), "bbbb"));
        // Only the workspace that says it has the secret takes it: b reading it takes nothing.
        assert_eq!(b.get("source:masto").unwrap(), None);
        assert_eq!(a.get("source:masto").unwrap(), None, "not adopted yet");
        a.adopt(&["source:masto".to_string()]).unwrap();
        assert_eq!(a.get("source:masto").unwrap().as_deref(), Some("TOKEN-A"));
        assert_eq!(
            file().get("source:masto").unwrap(),
            None,
            "moved under a's id"
        );
        b.adopt(&["source:masto".to_string()]).unwrap();
        assert_eq!(b.get("source:masto").unwrap(), None);
        b.set("source:masto", "TOKEN-B").unwrap();
        b.set("delivery.webhook", "http://127.0.0.1/b").unwrap();
        assert_eq!(a.get("source:masto").unwrap().as_deref(), Some("TOKEN-A"));
        assert_eq!(a.get("delivery.webhook").unwrap(), None);
        b.delete("source:masto").unwrap();
        assert_eq!(a.get("source:masto").unwrap().as_deref(), Some("TOKEN-A"));
        assert_eq!(b.get("source:masto").unwrap(), None);
    }

    #[test]
    fn the_file_keeps_secrets_for_its_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config/secrets.json");
        let secrets = FileSecrets::new(path.clone());
        assert_eq!(secrets.get("a").unwrap(), None);
        secrets.set("a", "one").unwrap();
        secrets.set("b", "two").unwrap();
        secrets.delete("a").unwrap();
        let again = FileSecrets::new(path.clone());
        assert_eq!(again.get("a").unwrap(), None);
        assert_eq!(again.get("b").unwrap().as_deref(), Some("two"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(secrets.describe().contains("secrets.json"));
    }

    /// Processes changing the file at once each keep their change.
    #[test]
    fn writers_at_once_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.json");
        let writers: Vec<_> = (0..8)
            .map(|w| {
                let path = path.clone();
                std::thread::spawn(move || {
                    // Each its own instance, as each process has.
                    let secrets = FileSecrets::new(path);
                    for k in 0..10 {
                        secrets.set(&format!("k{w}-{k}"), "v").unwrap();
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let all = FileSecrets::new(path).load().unwrap();
        assert_eq!(all.len(), 80);
    }

    #[test]
    fn a_damaged_file_is_an_error_that_does_not_quote_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.json");
        std::fs::write(&path, "hunter2 is not json").unwrap();
        let err = FileSecrets::new(path).get("a").unwrap_err().to_string();
        assert!(!err.contains("hunter2"), "{err}");
        assert!(err.contains("enter the credentials again"), "{err}");
    }
}
