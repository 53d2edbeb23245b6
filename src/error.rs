//! The engine's error type. Every error has a [`ErrorCode`] from a small closed set, which is what
//! crosses IPC to the UI (`{code, message}`) and decides how the UI reacts.

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
    /// The database was written by a newer Townhall.
    NewerDatabase,
    /// Reading or writing a file failed.
    Io,
    /// The long-running job was cancelled by the user.
    Cancelled,
    /// A bug: nothing the user did can fix it.
    Internal,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    InvalidInput(String),
    #[error("{0}")]
    UnsupportedFile(String),
    #[error(
        "this workspace was written by a newer version of Townhall (schema {found}, this version knows {known}); it was left untouched"
    )]
    NewerDatabase { found: i64, known: i64 },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cancelled")]
    Cancelled,
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Internal(String),
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::InvalidInput(_) => ErrorCode::InvalidInput,
            Error::UnsupportedFile(_) => ErrorCode::UnsupportedFile,
            Error::NewerDatabase { .. } => ErrorCode::NewerDatabase,
            Error::Io { .. } => ErrorCode::Io,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::Sqlite(_) | Error::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.as_ref().display().to_string(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
