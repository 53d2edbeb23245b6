//! Workspace settings: a small key/value table (time zone, organisation name, ...).

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

pub const TIMEZONE: &str = "timezone";
/// Branding of briefings.
pub const ORGANISATION: &str = "organisation";
pub const ACCENT: &str = "accent";
pub const CONFIDENTIALITY: &str = "confidentiality";
/// Path of a PNG, JPEG or SVG logo.
pub const LOGO: &str = "logo";
/// Comma-separated handles always named in briefings (organisations, officials, the press).
pub const PUBLIC_ACCOUNTS: &str = "public_accounts";
/// `true` to name private persons in briefings instead of pseudonymising them.
pub const NAMES: &str = "names";

/// Every setting a user may set, with what it means.
pub const KNOWN: &[(&str, &str)] = &[
    (
        TIMEZONE,
        "IANA time zone of days and hours, e.g. America/Chicago",
    ),
    (ORGANISATION, "organisation name in the briefing header"),
    (ACCENT, "briefing accent colour, #rrggbb"),
    (
        CONFIDENTIALITY,
        "confidentiality line in the briefing footer",
    ),
    (
        LOGO,
        "path of a PNG, JPEG or SVG logo for the briefing header",
    ),
    (
        PUBLIC_ACCOUNTS,
        "comma-separated handles always named in briefings",
    ),
    (NAMES, "true to name private persons in briefings"),
];

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
