//! Workspace settings: a small key/value table (time zone, organisation name, ...).

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::model::Platform;

pub const TIMEZONE: &str = "timezone";
/// Branding of briefings.
pub const ORGANISATION: &str = "organisation";
pub const ACCENT: &str = "accent";
pub const CONFIDENTIALITY: &str = "confidentiality";
/// Path of a PNG, JPEG, GIF or SVG logo.
pub const LOGO: &str = "logo";
/// Comma-separated handles always named in briefings (organisations, officials, the press).
pub const PUBLIC_ACCOUNTS: &str = "public_accounts";
/// Comma-separated handles of the organisation's own accounts: their posts and replies are its
/// official response (`analytics::response`). Empty by default; `public_accounts` is not used
/// in its place, because it also names the press and community groups, whose posts are not
/// the organisation speaking.
pub const OWN_ACCOUNTS: &str = "own_accounts";
/// `true` to name private persons in every output (briefings, alerts, the window, the command
/// line) instead of pseudonymising them.
pub const NAMES: &str = "names";
/// `true` in a workspace that holds the sample scenario (`workspace::demo`): the window labels
/// it as the sample, never as the user's own. Not a setting a user sets, so not in [`KNOWN`].
pub const SAMPLE: &str = "sample";
/// Posts older than this many days are deleted (see [`super::retention`]); unset keeps all.
pub const RETENTION_DAYS: &str = "retention_days";
/// Prefix of the per-platform visibility rates of the exposure estimate (`visibility.twitter`).
pub const VISIBILITY_PREFIX: &str = "visibility.";

/// The setting key of a platform's visibility rate.
pub fn visibility_key(platform: Platform) -> String {
    format!("{VISIBILITY_PREFIX}{}", platform.as_str())
}

/// The default share of followers who see a post (the reasons are in
/// [`crate::analytics::exposure`]).
pub fn default_visibility(platform: Platform) -> f64 {
    match platform {
        Platform::Mastodon | Platform::Bluesky => 0.10,
        Platform::Twitter
        | Platform::Facebook
        | Platform::Reddit
        | Platform::News
        | Platform::Other => 0.05,
    }
}

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
        "path of a PNG, JPEG, GIF or SVG logo for the briefing header",
    ),
    (
        PUBLIC_ACCOUNTS,
        "comma-separated handles always named in briefings",
    ),
    (
        OWN_ACCOUNTS,
        "comma-separated handles of the organisation's own accounts (its official response)",
    ),
    (
        NAMES,
        "true to name private persons in every output instead of pseudonymising them",
    ),
    (
        RETENTION_DAYS,
        "delete posts older than this many days (empty: keep everything)",
    ),
];

/// Every setting a user may set, with what it means: [`KNOWN`] and a visibility rate per platform.
pub fn known() -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = KNOWN
        .iter()
        .map(|(k, about)| (k.to_string(), about.to_string()))
        .collect();
    for platform in Platform::ALL {
        all.push((
            visibility_key(platform),
            format!(
                "share of followers who see a post on {} (default {})",
                platform.label(),
                default_visibility(platform)
            ),
        ));
    }
    all
}

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// The workspace's own id (migration 0013), under which its secrets are kept.
pub fn workspace_id(conn: &Connection) -> Result<String> {
    get(conn, "workspace_id")?
        .ok_or_else(|| crate::error::Error::Internal("the workspace has no id".into()))
}

/// The workspace's time zone (UTC when none is set).
pub fn timezone(conn: &Connection) -> Result<chrono_tz::Tz> {
    match get(conn, TIMEZONE)? {
        Some(name) => crate::time::parse_tz(&name),
        None => Ok(chrono_tz::UTC),
    }
}

/// Whether private persons are named in briefings and alerts (off unless set to `true`).
pub fn names(conn: &Connection) -> Result<bool> {
    Ok(get(conn, NAMES)?.is_some_and(|v| v == "true"))
}

/// The handles always named in briefings and alerts, from the comma-separated setting.
pub fn public_accounts(conn: &Connection) -> Result<Vec<String>> {
    handles(conn, PUBLIC_ACCOUNTS)
}

/// The handles named in every output whatever the `names` setting: the public accounts and the
/// organisation's own, which speak for it.
pub fn named_accounts(conn: &Connection) -> Result<Vec<String>> {
    let mut named = public_accounts(conn)?;
    named.extend(own_accounts(conn)?);
    Ok(named)
}

/// The organisation's own accounts, from the comma-separated setting; empty when unset.
pub fn own_accounts(conn: &Connection) -> Result<Vec<String>> {
    handles(conn, OWN_ACCOUNTS)
}

fn handles(conn: &Connection, key: &str) -> Result<Vec<String>> {
    Ok(get(conn, key)?
        .unwrap_or_default()
        .split(',')
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .collect())
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
    /// What it is called in the window.
    pub label: String,
    /// What it means, for people.
    pub about: String,
    pub value: Option<String>,
}

/// Every known setting and its value in this workspace.
pub fn known_values(conn: &Connection) -> Result<Vec<SettingValue>> {
    known()
        .into_iter()
        .map(|(key, about)| {
            Ok(SettingValue {
                value: get(conn, &key)?,
                label: label(&key),
                key,
                about,
            })
        })
        .collect()
}

/// Checks a value for a known setting and saves it; an empty value clears the setting. The
/// error names the setting (for the command line).
pub fn validate_and_set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    validate(key, value).map_err(|e| match e {
        crate::error::Error::InvalidInput(m) if is_known(key) => {
            crate::error::Error::InvalidInput(format!("{key}: {m}"))
        }
        other => other,
    })?;
    store(conn, key, value)
}

/// Saves a checked value; an empty value clears the setting. A logo is saved by its whole path,
/// so that a brief written from another folder (a scheduled one) finds it.
pub fn store(conn: &Connection, key: &str, value: &str) -> Result<()> {
    let value = value.trim();
    if value.is_empty() {
        conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
        return Ok(());
    }
    if key == LOGO {
        let path = std::fs::canonicalize(value).map_err(|e| crate::error::Error::io(value, e))?;
        return set(conn, key, &path.to_string_lossy());
    }
    if key == NAMES {
        return set(conn, key, &switch(value).unwrap_or(false).to_string());
    }
    set(conn, key, value)
}

/// A switch as people write it: `true`, `on`, `yes` or `1`, and their opposites, in any case.
fn switch(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "true" | "on" | "yes" | "1" => Some(true),
        "false" | "off" | "no" | "0" => Some(false),
        _ => None,
    }
}

/// Checks that `path` is an image the briefing can show: a PNG, JPEG, GIF or SVG file, said by
/// its first bytes.
fn logo_image(path: &str) -> Result<()> {
    use std::io::Read;
    let not_a_file = || crate::error::Error::InvalidInput(format!("there is no file at {path}"));
    if !std::path::Path::new(path).is_file() {
        return Err(not_a_file());
    }
    let mut head = Vec::with_capacity(512);
    std::fs::File::open(path)
        .and_then(|f| f.take(512).read_to_end(&mut head))
        .map_err(|e| crate::error::Error::io(path, e))?;
    let text = String::from_utf8_lossy(&head).to_lowercase();
    let image = head.starts_with(b"\x89PNG\r\n\x1a\n")
        || head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"GIF8")
        || text.contains("<svg");
    if !image {
        return Err(crate::error::Error::InvalidInput(format!(
            "{path} is not a PNG, JPEG, GIF or SVG image"
        )));
    }
    Ok(())
}

fn is_known(key: &str) -> bool {
    known().iter().any(|(k, _)| k == key)
}

/// Checks a value for a known setting without saving it. The message says what is wrong with
/// the value, in words that stand beside the setting's field (the key is not repeated).
/// The longest text setting `key` may hold: what the brief's header and footer show in full.
pub fn longest(key: &str) -> usize {
    match key {
        ORGANISATION => 80,
        CONFIDENTIALITY => 120,
        _ => usize::MAX,
    }
}

pub fn validate(key: &str, value: &str) -> Result<()> {
    use crate::error::Error;
    let value = value.trim();
    if !is_known(key) {
        let known: Vec<_> = known()
            .iter()
            .map(|(k, what)| format!("{k} ({what})"))
            .collect();
        return Err(Error::InvalidInput(format!(
            "unknown setting {key:?}; settings: {}",
            known.join(", ")
        )));
    }
    if value.is_empty() {
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
                    "{value:?} is not a colour written #rrggbb"
                )));
            }
        }
        NAMES if switch(value).is_none() => {
            return Err(Error::InvalidInput("on or off (true or false)".into()));
        }
        ORGANISATION | CONFIDENTIALITY if value.chars().count() > longest(key) => {
            return Err(Error::InvalidInput(format!(
                "at most {} characters, to fit the brief's header and footer ({} given)",
                longest(key),
                value.chars().count()
            )));
        }
        LOGO => logo_image(value)?,
        RETENTION_DAYS => {
            super::retention::parse_days(value)?;
        }
        _ if key.starts_with(VISIBILITY_PREFIX) => {
            let ok = value.parse::<f64>().is_ok_and(|r| (0.0..=1.0).contains(&r));
            if !ok {
                return Err(Error::InvalidInput(format!(
                    "a share of followers between 0 and 1 (such as 0.05), not {value:?}"
                )));
            }
        }
        _ => {}
    }
    Ok(())
}

/// What a setting is called where people see it.
pub fn label(key: &str) -> String {
    let named = match key {
        TIMEZONE => "Time zone",
        ORGANISATION => "Organisation",
        ACCENT => "Accent colour",
        CONFIDENTIALITY => "Confidentiality line",
        LOGO => "Logo file",
        PUBLIC_ACCOUNTS => "Accounts always named",
        OWN_ACCOUNTS => "The organisation's own accounts",
        NAMES => "Name private persons in briefings",
        RETENTION_DAYS => "Delete posts older than (days)",
        _ => "",
    };
    if !named.is_empty() {
        return named.to_string();
    }
    match key
        .strip_prefix(VISIBILITY_PREFIX)
        .and_then(Platform::parse)
    {
        Some(platform) => platform.label().to_string(),
        None => key.to_string(),
    }
}
