//! Which workspace: starting a new one, opening one the user picked, the sample, and the list
//! of recently opened ones.
//!
//! A workspace is one SQLite file. The user's own starts empty, in the system's time zone and
//! without anyone's branding; the sample is a separate file holding the demo scenario
//! ([`super::demo`]), labelled as the sample wherever it is shown, so that the fictional
//! district never heads the user's own briefs. Opening a file the user picked refuses anything
//! that is not a Townhall workspace before writing a byte to it.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::{settings, Store};
use crate::{time, topics};

/// The sample workspace's file name, in the app's data folder beside the user's own.
pub const SAMPLE_FILE: &str = "sample.sqlite";
/// The list of recently opened workspaces, in the app's config folder.
pub const RECENT_FILE: &str = "recent-workspaces.json";
/// How many recent workspaces are remembered.
pub const RECENT_MAX: usize = 8;

/// The folder of the app's own files that are not workspaces (the recent list, the secrets
/// file): `TOWNHALL_CONFIG_DIR` when set (tests, portable installs), else the OS config folder.
pub fn config_dir() -> Result<PathBuf> {
    match std::env::var_os("TOWNHALL_CONFIG_DIR") {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => Ok(crate::store::app_dirs()?.config_dir().to_path_buf()),
    }
}

/// Where the sample workspace lives: beside the default workspace.
pub fn sample_path() -> Result<PathBuf> {
    let default = crate::store::default_path()?;
    Ok(default.with_file_name(SAMPLE_FILE))
}

/// The system's IANA time zone, or UTC when the system does not say or names one unknown here.
pub fn system_timezone() -> String {
    iana_time_zone::get_timezone()
        .ok()
        .filter(|name| time::parse_tz(name).is_ok())
        .unwrap_or_else(|| "UTC".to_string())
}

/// Starts a new, empty workspace at `path` counting days in `timezone`. Refuses a file that
/// already exists: starting anew never overwrites anyone's data.
pub fn create(path: &Path, timezone: &str, now: DateTime<Utc>) -> Result<Store> {
    let tz = time::parse_tz(timezone)?;
    if path.exists() {
        return Err(Error::InvalidInput(format!(
            "{} already exists; open it, or choose another name for the new workspace",
            path.display()
        )));
    }
    let store = super::open(path, now)?;
    settings::set(store.conn(), settings::TIMEZONE, tz.name())?;
    Ok(store)
}

/// Opens the workspace the user picked. A missing file, or one that is not a Townhall
/// workspace (another SQLite database, a document), is refused untouched.
pub fn open_existing(path: &Path, now: DateTime<Utc>) -> Result<Store> {
    check_existing(path)?;
    super::open(path, now)
}

/// Whether `path` is a Townhall workspace, refusing a missing file ([`Error::NotFound`]) or one
/// that is not a workspace, without opening it for writing.
pub fn check_existing(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Error::InvalidInput(format!(
            "{} is a folder; a workspace is a file in it, such as {}",
            path.display(),
            path.join("workspace.sqlite").display()
        )));
    }
    if !path.is_file() {
        return Err(Error::NotFound(format!(
            "there is no workspace at {}",
            path.display()
        )));
    }
    refuse_other_files(path)
}

/// Opens the workspace at `path`, starting a new one there when there is no file (or an empty
/// one): for a command that brings data in. A file that is not a Townhall workspace is refused
/// untouched, as [`open_existing`] refuses it.
pub fn open_or_start(path: &Path, now: DateTime<Utc>) -> Result<Store> {
    let empty = std::fs::metadata(path).map_or(true, |m| m.is_file() && m.len() == 0);
    if !empty {
        refuse_other_files(path)?;
    }
    super::open(path, now)
}

/// Refuses, without writing to it, a file that is not a Townhall workspace: not SQLite, or a
/// database without a workspace's tables.
fn refuse_other_files(path: &Path) -> Result<()> {
    let not_a_workspace = || {
        Error::UnsupportedFile(format!(
            "{} is not a Townhall workspace; open a .sqlite file that Townhall made",
            path.display()
        ))
    };
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|_| not_a_workspace())?;
    conn.busy_timeout(crate::store::BUSY_TIMEOUT)?;
    let looks_right = conn.query_row(
        "SELECT count(*) = 3 FROM sqlite_schema
         WHERE type = 'table' AND name IN ('posts', 'topics', 'settings')",
        [],
        |r| r.get::<_, bool>(0),
    );
    match looks_right {
        Ok(true) => Ok(()),
        Ok(false) => Err(not_a_workspace()),
        // Not a database at all (a document named .sqlite), or damaged past reading.
        Err(rusqlite::Error::SqliteFailure(e, _))
            if matches!(
                e.code,
                rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
            ) =>
        {
            Err(not_a_workspace())
        }
        // Another process's moment of writing, a disk that failed: said as it is.
        Err(e) => Err(e.into()),
    }
}

/// Opens the sample workspace at `path`, writing the demo scenario into it when it is new (or
/// was emptied). The scenario's files are written to a temporary folder and imported through
/// the real importers.
pub fn open_sample(path: &Path, now: DateTime<Utc>) -> Result<Store> {
    let mut store = open_or_start(path, now)?;
    if store.post_count()? == 0 && topics::list(&store)?.is_empty() {
        let dir = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
        super::demo::create(&mut store, dir.path())?;
    }
    Ok(store)
}

/// Whether the open workspace holds the sample scenario.
pub fn is_sample(store: &Store) -> Result<bool> {
    Ok(settings::get(store.conn(), settings::SAMPLE)?.as_deref() == Some("true"))
}

/// The workspace's name as the title bar and the recent list show it: "Sample workspace", "My
/// workspace" for the default file, else the file's name without its extension.
pub fn display_name(path: &Path, sample: bool) -> String {
    if sample {
        return "Sample workspace".into();
    }
    let default = crate::store::default_path().ok();
    if default.as_deref() == Some(path) {
        return "My workspace".into();
    }
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A recently opened workspace.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RecentWorkspace {
    pub path: String,
    pub name: String,
    /// `false` when the file has since been moved or deleted.
    pub exists: bool,
}

#[derive(Default, Serialize, Deserialize)]
struct RecentFile {
    workspaces: Vec<PathBuf>,
}

/// The recently opened workspaces, the latest first, as remembered in `dir`.
pub fn recent(dir: &Path) -> Vec<RecentWorkspace> {
    read_recent(dir)
        .workspaces
        .into_iter()
        .map(|path| RecentWorkspace {
            name: display_name(&path, path.file_name() == Some(SAMPLE_FILE.as_ref())),
            exists: path.is_file(),
            path: path.display().to_string(),
        })
        .collect()
}

/// Puts `path` first in the recent list kept in `dir` (at most [`RECENT_MAX`]). The list is
/// written to a temporary file and renamed, so a crash never leaves half a list.
pub fn remember(dir: &Path, path: &Path) -> Result<()> {
    let path = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
    let mut list = read_recent(dir);
    list.workspaces.retain(|p| p != &path);
    list.workspaces.insert(0, path);
    list.workspaces.truncate(RECENT_MAX);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let file = dir.join(RECENT_FILE);
    let json = serde_json::to_vec_pretty(&list).map_err(|e| Error::Internal(e.to_string()))?;
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    std::fs::write(tmp.path(), json).map_err(|e| Error::io(tmp.path(), e))?;
    tmp.persist(&file).map_err(|e| Error::io(&file, e.error))?;
    Ok(())
}

/// The workspace to open on start: the latest recent one that still exists, else the default
/// workspace if it exists (a workspace made before the recent list). `None` on a first start.
pub fn last_opened(dir: &Path) -> Result<Option<PathBuf>> {
    if let Some(found) = recent(dir).into_iter().find(|r| r.exists) {
        return Ok(Some(PathBuf::from(found.path)));
    }
    let default = crate::store::default_path()?;
    Ok(default.is_file().then_some(default))
}

/// A damaged or unreadable list is treated as empty: it only saves the user a few clicks.
fn read_recent(dir: &Path) -> RecentFile {
    std::fs::read(dir.join(RECENT_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-10-01T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_new_workspace_is_empty_in_the_given_zone_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Ops.sqlite");
        let store = create(&path, "Europe/Madrid", now()).unwrap();
        assert_eq!(store.post_count().unwrap(), 0);
        assert!(topics::list(&store).unwrap().is_empty());
        assert_eq!(
            settings::timezone(store.conn()).unwrap().name(),
            "Europe/Madrid"
        );
        assert_eq!(
            settings::get(store.conn(), settings::ORGANISATION).unwrap(),
            None
        );
        assert!(!is_sample(&store).unwrap());
        drop(store);
        let again = create(&path, "UTC", now()).err().unwrap();
        assert!(again.to_string().contains("already exists"), "{again}");
        assert!(create(&dir.path().join("x.sqlite"), "Mars/Olympus", now()).is_err());
    }

    #[test]
    fn opening_refuses_what_is_not_a_workspace_and_leaves_it_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.sqlite");
        std::fs::write(&text, "not a database").unwrap();
        let err = open_existing(&text, now()).err().unwrap();
        assert!(
            err.to_string().contains("not a Townhall workspace"),
            "{err}"
        );
        assert_eq!(std::fs::read(&text).unwrap(), b"not a database");

        let other = dir.path().join("other.sqlite");
        Connection::open(&other)
            .unwrap()
            .execute("CREATE TABLE t (x)", [])
            .unwrap();
        assert!(open_existing(&other, now()).is_err());
        let tables: i64 = Connection::open(&other)
            .unwrap()
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 1, "nothing was added to another program's database");

        let missing = open_existing(&dir.path().join("gone.sqlite"), now());
        assert!(missing.err().unwrap().to_string().contains("no workspace"));

        let mine = dir.path().join("mine.sqlite");
        drop(create(&mine, "UTC", now()).unwrap());
        assert!(open_existing(&mine, now()).is_ok());

        // A command that brings data in starts a workspace where there is none, and still
        // refuses another program's file.
        assert!(open_or_start(&other, now()).is_err());
        assert!(open_or_start(&text, now()).is_err());
        assert_eq!(std::fs::read(&text).unwrap(), b"not a database");
        assert!(open_or_start(&mine, now()).is_ok());
        let new = dir.path().join("new.sqlite");
        drop(open_or_start(&new, now()).unwrap());
        assert!(open_existing(&new, now()).is_ok());
        let empty = dir.path().join("empty.sqlite");
        std::fs::write(&empty, "").unwrap();
        drop(open_or_start(&empty, now()).unwrap());
        assert!(open_existing(&empty, now()).is_ok());
    }

    #[test]
    fn the_recent_list_puts_the_latest_first_without_repeats() {
        let config = tempfile::tempdir().unwrap();
        let files = tempfile::tempdir().unwrap();
        assert!(recent(config.path()).is_empty());
        let a = files.path().join("a.sqlite");
        let b = files.path().join("b.sqlite");
        std::fs::write(&a, "").unwrap();
        remember(config.path(), &a).unwrap();
        remember(config.path(), &b).unwrap();
        remember(config.path(), &a).unwrap();
        let list = recent(config.path());
        let names: Vec<_> = list.iter().map(|r| (r.name.as_str(), r.exists)).collect();
        assert_eq!(names, [("a", true), ("b", false)]);
        for i in 0..20 {
            remember(config.path(), &files.path().join(format!("{i}.sqlite"))).unwrap();
        }
        assert_eq!(recent(config.path()).len(), RECENT_MAX);

        std::fs::write(config.path().join(RECENT_FILE), "{ damaged").unwrap();
        assert!(recent(config.path()).is_empty());
    }
}
