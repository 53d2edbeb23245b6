//! Workspace settings: a small key/value table (time zone, organisation name, ...).

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

pub const TIMEZONE: &str = "timezone";
pub const ORGANISATION: &str = "organisation";

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}
