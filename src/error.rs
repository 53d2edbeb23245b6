//! The engine's error type. Every error has a [`ErrorCode`] from a small closed set, which is what
//! crosses IPC to the UI (`{code, message}`) and decides how the UI reacts.
//!
//! Failures of the machine rather than of Townhall (a full disk, a read-only folder, a workspace
//! another program holds, a damaged file) have codes of their own and a message that says what
//! to do; `internal` is left for bugs.

use serde::{Deserialize, Serialize};

/// The closed set of error kinds a caller can branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A topic, file or record that does not exist.
    NotFound,
    /// Input the user can fix: a bad query, date, time zone or argument.
    InvalidInput,
    /// A file that is not social data Townhall can read.
    UnsupportedFile,
    /// A file of a known kind that is damaged: a truncated or corrupt archive, a damaged workspace.
    CorruptFile,
    /// The database was written by a newer Townhall.
    NewerDatabase,
    /// The disk (or the user's quota) is full.
    DiskFull,
    /// The workspace, or the folder it or an output goes to, cannot be written.
    ReadOnly,
    /// The workspace is locked by another program (another Townhall, a backup tool).
    Busy,
    /// Reading or writing a file failed.
    Io,
    /// The long-running job was cancelled by the user.
    Cancelled,
    /// A bug: nothing the user did can fix it.
    Internal,
}

/// An engine failure; [`Error::code`] tells its kind.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    InvalidInput(String),
    #[error("{0}")]
    UnsupportedFile(String),
    /// `what` names the file and the damage; the message adds what to do.
    #[error("{what}; the file is damaged: download or export it again")]
    CorruptFile { what: String },
    #[error(
        "this workspace was written by a newer version of Townhall (schema {found}, this version knows {known}); it was left untouched"
    )]
    NewerDatabase { found: i64, known: i64 },
    #[error("{what}: the disk is full; free some space (or choose another disk) and try again — nothing was changed")]
    DiskFull { what: String },
    #[error("{what} cannot be written (read-only, or no permission); choose a folder you can write to, or allow writing to it")]
    ReadOnly { what: String },
    #[error(
        "the workspace is in use by another program (another Townhall?); close it and try again"
    )]
    Busy,
    /// Its text holds the I/O error's, once: like [`Error::Sqlite`], the variant carries no
    /// `source`, so chains do not print it twice.
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("cancelled")]
    Cancelled,
    /// A database failure that is none of the above. Its text is rusqlite's, once: the
    /// variant carries no `source`, so chains do not print it twice.
    #[error("database: {0}")]
    Sqlite(rusqlite::Error),
    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// The kind of failure, for the UI to branch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::InvalidInput(_) => ErrorCode::InvalidInput,
            Error::UnsupportedFile(_) => ErrorCode::UnsupportedFile,
            Error::CorruptFile { .. } => ErrorCode::CorruptFile,
            Error::NewerDatabase { .. } => ErrorCode::NewerDatabase,
            Error::DiskFull { .. } => ErrorCode::DiskFull,
            Error::ReadOnly { .. } => ErrorCode::ReadOnly,
            Error::Busy => ErrorCode::Busy,
            Error::Io { .. } => ErrorCode::Io,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::Sqlite(_) | Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// An I/O failure on `path`; a full disk or a read-only file system get their own kinds.
    pub fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Error {
        let path = path.as_ref().display().to_string();
        match source.kind() {
            std::io::ErrorKind::StorageFull => Error::DiskFull { what: path },
            std::io::ErrorKind::ReadOnlyFilesystem => Error::ReadOnly { what: path },
            _ => Error::Io {
                path,
                error: source,
            },
        }
    }

    /// A damaged file: `what` says which and how (`a.zip: the archive's index is unreadable`).
    pub fn corrupt(what: impl Into<String>) -> Error {
        Error::CorruptFile { what: what.into() }
    }
}

impl From<rusqlite::Error> for Error {
    /// Sorts SQLite's failures into the kinds a user can act on.
    fn from(e: rusqlite::Error) -> Error {
        use rusqlite::ErrorCode as Sql;
        let code = match &e {
            rusqlite::Error::SqliteFailure(failure, _) => Some(failure.code),
            _ => None,
        };
        let workspace = "the workspace".to_string();
        match code {
            Some(Sql::DiskFull) => Error::DiskFull { what: workspace },
            Some(Sql::ReadOnly) | Some(Sql::CannotOpen) | Some(Sql::PermissionDenied) => {
                Error::ReadOnly {
                    what: "the workspace or its folder".into(),
                }
            }
            Some(Sql::DatabaseBusy) | Some(Sql::DatabaseLocked) => Error::Busy,
            Some(Sql::DatabaseCorrupt) | Some(Sql::NotADatabase) => Error::CorruptFile {
                what: "the workspace is not a readable Townhall workspace".into(),
            },
            _ => Error::Sqlite(e),
        }
    }
}

/// The engine's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
