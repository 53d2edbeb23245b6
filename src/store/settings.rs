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

/// A setting the user may change, with its current value.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct SettingValue {
    pub key: String,
    /// What it means, for people.
    pub about: String,
    pub value: Option<String>,
}

/// Every known setting and its value in this workspace.
pub fn known_values(conn: &Connection) -> Result<Vec<SettingValue>> {
    KNOWN
        .iter()
        .map(|(key, about)| {
            Ok(SettingValue {
                key: key.to_string(),
                about: about.to_string(),
                value: get(conn, key)?,
            })
        })
        .collect()
}

/// Checks a value for a known setting and saves it; an empty value clears the setting.
pub fn validate_and_set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    use crate::error::Error;
    let value = value.trim();
    if !KNOWN.iter().any(|(k, _)| *k == key) {
        let known: Vec<_> = KNOWN
            .iter()
            .map(|(k, what)| format!("{k} ({what})"))
            .collect();
        return Err(Error::InvalidInput(format!(
            "unknown setting {key:?}; settings: {}",
            known.join(", ")
        )));
    }
    if value.is_empty() {
        conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
        return Ok(());
    }
    match key {
        TIMEZONE => {
            crate::time::parse_tz(value)?;
        }
        ACCENT => {
            let ok = value.len() == 7
                && value.starts_with('#')
                && value[1..].chars().all(|c| c.is_ascii_hexdigit());
            if !ok {
                return Err(Error::InvalidInput(format!(
                    "accent {value:?} is not a colour written #rrggbb"
                )));
            }
        }
        NAMES if value != "true" && value != "false" => {
            return Err(Error::InvalidInput("names is true or false".into()));
        }
        LOGO if !std::path::Path::new(value).is_file() => {
            return Err(Error::InvalidInput(format!("no logo file at {value}")));
        }
        _ => {}
    }
    set(conn, key, value)
}
