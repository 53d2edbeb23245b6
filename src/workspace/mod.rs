//! Use cases: what a person or a script does with a workspace, each one function that the
//! command line (`src/cli/`) and the desktop app (`src-tauri/`) both call, so the two cannot
//! drift apart. Each takes the store and an explicit `now`; none reads the clock.
//!
//! - opening a workspace ([`open`]): migrate, bring kept topic matches up to date, apply the
//!   retention period;
//! - settings with their effect ([`set_setting`]: a shorter retention period deletes at once),
//!   [`prune`], topics ([`add_topic`], [`check_query`]);
//! - the home view ([`home`]): every topic's status, sparkline, latest spike and newest day;
//! - what the window and the CLI show ([`views`]): the dashboard, a series, the posts behind a
//!   number, what drove a window, spikes;
//! - the most reported problems ([`problems`]): a topic's report, each post's categories, the
//!   taxonomy's queries and their replacement, and the queries measured on a labelled set;
//! - whether the organisation responded ([`response`]): its own accounts against the complaints;
//! - renaming and removing topics, incidents and imports ([`editing`]), each with the words of
//!   its confirmation;
//! - which workspace ([`files`]): a new one in the system's time zone, one the user picked
//!   (refused untouched when it is not a workspace), the labelled sample, the recent list;
//! - what people are saying ([`themes`]): a period's themes and copied texts, and the posts
//!   behind a theme;
//! - importing files ([`importing`]), incidents ([`incident_record`]), briefings ([`briefing`]),
//!   and the sample scenario ([`demo`]);
//! - watching live ([`live`]): collecting on schedule, each topic's status, alerts and their
//!   delivery, the morning briefs.

pub mod alerting;
pub mod briefing;
pub mod demo;
pub mod editing;
pub mod files;
pub mod home;
pub mod importing;
pub mod incident_record;
pub mod live;
pub mod problems;
pub mod response;
pub mod themes;
pub mod views;

use std::path::Path;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::analytics;
use crate::error::{Error, Result};
use crate::import;
use crate::store::retention::{self, Pruned};
use crate::store::{settings, Store};
use crate::time;
use crate::topics::{self, QueryCheck, Topic};
use crate::wire::WorkspaceInfo;

/// Opens the workspace at `path` for use: creates or migrates it, brings kept topic matches and
/// problem categories up to date when a workspace written by an older build is behind, and deletes posts older than
/// its retention period. When there is nothing to change it only reads, so it opens at once
/// while another process imports into the same file; and while another process writes, the
/// retention period waits for the next open or import rather than the reader for the writer.
pub fn open(path: &Path, now: DateTime<Utc>) -> Result<Store> {
    let mut store = open_keeping_posts(path)?;
    store.conn().busy_timeout(std::time::Duration::ZERO)?;
    let pruned = retention::apply(store.conn_mut(), now.timestamp());
    store.conn().busy_timeout(crate::store::BUSY_TIMEOUT)?;
    match pruned {
        Ok(_) | Err(Error::Busy) => Ok(store),
        Err(e) => Err(e),
    }
}

/// [`open`] without applying the retention period: for asking what it would delete.
pub fn open_keeping_posts(path: &Path) -> Result<Store> {
    let store = Store::open(path)?;
    topics::matches::catch_up_if_behind(store.conn())?;
    topics::categories::catch_up_if_behind(store.conn())?;
    Ok(store)
}

/// Where the workspace's credentials are kept: the OS keychain when it answers, else a file
/// readable only by the user in the app's config folder, filed under the workspace's id (see
/// [`crate::collect::Scoped`]). `TOWNHALL_CONFIG_DIR` names another folder and always keeps them
/// in a file there (tests, portable installs). Never in the workspace file.
pub fn secrets(store: &Store) -> Result<Box<dyn crate::collect::Secrets>> {
    use crate::collect::secrets;
    let dir = files::config_dir()?;
    let shared = if std::env::var_os("TOWNHALL_CONFIG_DIR").is_some() {
        Box::new(secrets::FileSecrets::new(dir.join(secrets::FILE_NAME)))
    } else {
        secrets::system(&dir)
    };
    let id = settings::workspace_id(store.conn())?;
    let scoped = secrets::Scoped::new(shared, &id);
    // Credentials an earlier release kept under bare keys go, once, to the workspace from
    // before that has them (migration 0013). A store that cannot be read now is said so by the
    // source or channel that needs it, and adoption waits for the next time.
    if settings::get(store.conn(), "secrets_to_adopt")?.is_some() {
        let mut keys = crate::collect::credential_keys(store)?;
        keys.extend(crate::alerts::deliver::secret_keys(store)?);
        if scoped.adopt(&keys).is_ok() {
            let _ = store
                .conn()
                .execute("DELETE FROM settings WHERE key = 'secrets_to_adopt'", []);
        }
    }
    Ok(Box::new(scoped))
}

/// The time zone days are counted in: `name` when given, else the workspace's, else UTC.
pub fn timezone(store: &Store, name: Option<&str>) -> Result<Tz> {
    match name.filter(|n| !n.trim().is_empty()) {
        Some(name) => time::parse_tz(name),
        None => settings::timezone(store.conn()),
    }
}

/// What the window shows about the open workspace.
pub fn info(store: &Store) -> Result<WorkspaceInfo> {
    let sample = files::is_sample(store)?;
    Ok(WorkspaceInfo {
        name: store
            .path()
            .map(|p| files::display_name(p, sample))
            .unwrap_or_else(|| "In memory".into()),
        sample,
        path: store
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        posts: store.post_count()?,
        topics: topics::list(store)?,
        imports: import::history(store)?,
        timezone: timezone(store, None)?.name().to_string(),
    })
}

/// Checks and saves one setting (an empty value clears it), with its effect: a retention period
/// deletes the posts older than it at once. Returns what that deleted. A `problems.<category>`
/// key replaces that category's query, as [`problems::set_query`] does.
pub fn set_setting(
    store: &mut Store,
    key: &str,
    value: &str,
    now: DateTime<Utc>,
) -> Result<Pruned> {
    if let Some(category) = key.strip_prefix(crate::analytics::problems::taxonomy::SETTING_PREFIX) {
        problems::set_query(store, category, value)?;
        return Ok(Pruned::default());
    }
    settings::validate_and_set(store.conn(), key, value)?;
    if key == settings::RETENTION_DAYS {
        return retention::apply(store.conn_mut(), now.timestamp());
    }
    Ok(Pruned::default())
}

/// One setting that could not be saved, with why, for its field.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct FieldError {
    pub key: String,
    /// The setting as the window calls it.
    pub label: String,
    /// What is wrong with the value, in words.
    pub message: String,
}

/// What saving the settings dialog did: everything, or nothing and why.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct SettingsSaved {
    pub saved: bool,
    /// Every field whose value is refused; empty when saved.
    pub errors: Vec<FieldError>,
    /// Posts a shorter retention period deleted.
    pub deleted_posts: u64,
}

/// Saves several settings all or nothing: every value is checked first and, if any is refused,
/// nothing is saved and each refusal is returned for its field. Otherwise all are saved in one
/// transaction, then a retention period takes effect.
pub fn set_settings(
    store: &mut Store,
    changes: &[(String, String)],
    now: DateTime<Utc>,
) -> Result<SettingsSaved> {
    let errors: Vec<FieldError> = changes
        .iter()
        .filter_map(|(key, value)| {
            settings::validate(key, value).err().map(|e| FieldError {
                key: key.clone(),
                label: settings::label(key),
                message: e.to_string(),
            })
        })
        .collect();
    if !errors.is_empty() {
        return Ok(SettingsSaved {
            errors,
            ..SettingsSaved::default()
        });
    }
    let tx = store.conn_mut().transaction()?;
    for (key, value) in changes {
        settings::store(&tx, key, value)?;
    }
    tx.commit()?;
    let deleted_posts = if changes.iter().any(|(k, _)| k == settings::RETENTION_DAYS) {
        retention::apply(store.conn_mut(), now.timestamp())?.posts
    } else {
        0
    };
    Ok(SettingsSaved {
        saved: true,
        errors: Vec::new(),
        deleted_posts,
    })
}

/// Deletes the posts older than `days` (or the workspace's retention period when `None`).
pub fn prune(store: &mut Store, days: Option<u32>, now: DateTime<Utc>) -> Result<Pruned> {
    let days = prune_days(store, days)?;
    retention::prune_before(store.conn_mut(), now.timestamp() - i64::from(days) * 86_400)
}

/// The days [`prune`] keeps: those given, or the workspace's retention period.
fn prune_days(store: &Store, days: Option<u32>) -> Result<u32> {
    match days {
        Some(0) => Err(Error::InvalidInput("keep at least 1 day of posts".into())),
        Some(d) => Ok(d),
        None => retention::days(store.conn())?.ok_or_else(|| {
            Error::InvalidInput(
                "this workspace keeps every post; give the days to keep (`townhall prune --days \
                 N`) or set a retention period (`townhall set retention_days N`)"
                    .into(),
            )
        }),
    }
}

/// What keeping only the last days of posts would delete now, asked before it is done: the
/// settings dialog's confirmation of a retention period, and `prune --dry-run`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct RetentionPreview {
    pub days: u32,
    /// The posts older than that now, and all the workspace holds.
    pub posts: u64,
    pub of: u64,
    /// The question to ask before the retention period is set; in words, for the dialog.
    pub message: String,
    /// What `prune` would do, in words.
    pub prune_message: String,
    /// The question `prune` asks before it deletes.
    pub prune_question: String,
}

/// [`RetentionPreview`] of keeping `days` days of posts (`None`: the workspace's retention
/// period), as of `now`.
pub fn retention_preview(
    store: &Store,
    days: Option<u32>,
    now: DateTime<Utc>,
) -> Result<RetentionPreview> {
    let days = prune_days(store, days)?;
    let cutoff = now.timestamp() - i64::from(days) * 86_400;
    let (posts, of) = retention::count_before(store.conn(), cutoff)?;
    let tz = settings::timezone(store.conn())?;
    // The cutoff is an instant, not a day: the posts of its day before it go too.
    let before = chrono::DateTime::from_timestamp(cutoff, 0)
        .unwrap_or_default()
        .with_timezone(&tz)
        .format("%-d %B %Y, %H:%M");
    let count = |n: u64| analytics::fmt_int(n as f64);
    let which = match (posts, of) {
        (0, _) => String::new(),
        (p, o) if p == o => format!("all {} posts of this workspace", count(o)),
        (p, o) => format!("{} of this workspace's {} posts", count(p), count(o)),
    };
    let span = analytics::counted(u64::from(days), "day", "days");
    let (message, prune_message) = if posts == 0 {
        (
            format!(
                "No post is older than {span} now. From now on, posts older than {span} \
                 will be deleted whenever Townhall starts or imports."
            ),
            format!("no post is older than {span}; nothing would be deleted"),
        )
    } else {
        (
            format!(
                "This deletes {which}: everything from before {before}, older than {span}. \
                 Older posts will be deleted again whenever Townhall starts or imports. This \
                 cannot be undone."
            ),
            format!("would delete {which}: everything from before {before} ({span} ago)"),
        )
    };
    let prune_question = format!(
        "Delete {which}, everything from before {before} ({span} ago)? This cannot be \
         undone."
    );
    Ok(RetentionPreview {
        days,
        posts,
        of,
        message,
        prune_message,
        prune_question,
    })
}

/// Saves a topic (or replaces the query of the topic with that name).
pub fn add_topic(store: &Store, name: &str, query: &str, now: DateTime<Utc>) -> Result<Topic> {
    topics::add(store, name, query, &time::rfc3339(now.timestamp()))
}

/// How many stored posts a query matches, or where it is wrong.
pub fn check_query(store: &Store, query: &str) -> Result<QueryCheck> {
    topics::check(store, query)
}
