//! Live collection: a workspace keeps itself current from the platforms, on a schedule.
//!
//! A [`Source`] is one search, hashtag, subreddit, feed or folder, with its interval, a cursor
//! saved in the store (`sources`), and the outcome of its last run. Each kind is a small module
//! behind the `Collector` trait; every page it fetches goes through the same importer as a file
//! of that format ([`crate::import::import_page`]: one transaction per page, idempotent, kept topic
//! matches caught up, recorded in the import history under the source's name).
//!
//! Running ([`collect_due`], [`collect_now`]; watching on schedule is
//! `workspace::live::watch`):
//! - A run fetches what is new since the cursor, newest pages first where the API pages
//!   backwards, and saves the cursor after every page: after a restart it resumes there, and
//!   after a long sleep it catches up as far as the API allows, noting where it could not.
//! - Failures are scheduled, never slept on: backoff with jitter on errors, `Retry-After` and
//!   rate-limit resets stored as the next attempt; a refused credential pauses the source with a
//!   plain message. At most one run (so one request) per source at a time.
//! - Credentials live in [`secrets::Secrets`] under `source:<name>`, never in the store, and are
//!   blanked out of every message, page and cursor a run keeps (`redact`), however a server
//!   echoing them escaped them.
//! - "Now" is always passed in; a watch takes a [`clock::Clock`].

mod bluesky;
pub mod clock;
mod feed;
mod folder;
mod folder_events;
mod http;
pub mod lease;
mod mastodon;
mod redact;
mod reddit;
mod run;
pub mod secrets;
mod session;
mod source;
mod state;
mod status;
mod sweep;
mod x;

use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, Result};
use crate::store::Store;

pub use clock::{Clock, FakeClock, SystemClock};
pub use folder_events::FolderEvents;
pub use http::USER_AGENT;
pub use run::RunReport;
pub use secrets::{FileSecrets, KeychainSecrets, MemorySecrets, Scoped, Secrets};
pub use source::{Credential, NewSource, Source, SourceKind};
pub use status::{ago, Health, SourceStatus};

/// The shortest interval between runs of one source, in seconds.
pub const MIN_INTERVAL: i64 = 60;
/// The interval of a source that does not say, in seconds.
pub const DEFAULT_INTERVAL: i64 = 300;
/// The longest interval between runs of one source, in seconds: 30 days.
pub const MAX_INTERVAL: i64 = 30 * 24 * 3600;

/// Why a run stopped early, and so when the source is tried again.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// The platform refused the credential (or requires one): the source is paused.
    Refused(String),
    /// Rate-limited until the given unix time.
    RateLimited { until: i64, message: String },
    /// The server could not be reached.
    Offline(String),
    /// The server answered with an error of its own (5xx), maybe saying when to come back.
    Server { message: String, until: Option<i64> },
    /// Anything else: an unexpected answer, an unreadable page, a missing folder.
    Failed(String),
    /// The run was cancelled; what it imported stays.
    Cancelled,
    /// Another program held the workspace past the wait ([`crate::store::BUSY_TIMEOUT`]): the
    /// run stops where it is, what it imported stays, and nothing is held against the source.
    Busy,
}

impl Failure {
    /// A failure of the workspace to read or write (`said` describes it), or [`Failure::Busy`]
    /// when it was merely in use.
    fn of_store(e: crate::Error, said: impl FnOnce(crate::Error) -> String) -> Failure {
        match e {
            crate::Error::Busy => Failure::Busy,
            e => Failure::Failed(said(e)),
        }
    }
}

/// One kind of source: fetches what is new since the run's cursor, page by page, handing each
/// page to [`run::Run::import`] and saving the cursor as it goes.
pub(crate) trait Collector {
    fn collect(&self, run: &mut run::Run<'_>) -> Result<(), Failure>;
}

fn collector(kind: SourceKind) -> &'static dyn Collector {
    match kind {
        SourceKind::Bluesky => &bluesky::Bluesky,
        SourceKind::Mastodon => &mastodon::Mastodon,
        SourceKind::Reddit => &reddit::Reddit,
        SourceKind::X => &x::X,
        SourceKind::Feed => &feed::Feed,
        SourceKind::Folder => &folder::Folder,
    }
}

/// Adds a source after checking it (see [`NewSource`]); its credential goes to `secrets`. The
/// new source is due at once.
pub fn add_source(
    store: &Store,
    secrets: &dyn Secrets,
    new: &NewSource,
    now: i64,
) -> Result<Source> {
    let checked = new.checked()?;
    if state::find(store.conn(), &checked.name)?.is_some() {
        return Err(Error::InvalidInput(format!(
            "a source named {:?} already exists; choose another name or edit that one",
            checked.name
        )));
    }
    if let Some(credential) = &new.credential {
        secrets.set(&source::secret_key(&checked.name), &credential.to_secret())?;
    }
    state::insert(store.conn(), &checked, new.credential.is_some(), now)
}

/// Changes a source's settings. A new credential replaces the kept one; `None` keeps it, unless
/// the source now collects from another server (another kind, or another scheme, host or port):
/// a credential is only ever sent where the user gave it, so it is then forgotten. A changed
/// kind, URL, query or target starts the cursor afresh.
pub fn edit_source(
    store: &Store,
    secrets: &dyn Secrets,
    name: &str,
    new: &NewSource,
) -> Result<Source> {
    let old = state::get(store.conn(), name)?;
    let checked = new.checked_keeping(old.has_credential)?;
    let elsewhere = old.kind != checked.kind || origin(&old.url) != origin(&checked.url);
    if elsewhere && new.credential.is_none() {
        // The kept credential stays with its server: one the source needs is asked for again.
        new.checked().map_err(|e| match e {
            Error::InvalidInput(why) => Error::InvalidInput(format!(
                "{why}: the credential kept for {} is only ever sent to {}",
                old.name,
                origin(&old.url)
            )),
            e => e,
        })?;
    }
    if !source::same_name(&checked.name, &old.name) {
        if state::find(store.conn(), &checked.name)?.is_some() {
            return Err(Error::InvalidInput(format!(
                "a source named {:?} already exists; choose another name",
                checked.name
            )));
        }
        if let Some(secret) = secrets.get(&source::secret_key(&old.name))? {
            secrets.set(&source::secret_key(&checked.name), &secret)?;
            secrets.delete(&source::secret_key(&old.name))?;
        }
    }
    let change = match &new.credential {
        Some(credential) => {
            forget_signed_in(secrets, &old, &checked.name)?;
            secrets.set(&source::secret_key(&checked.name), &credential.to_secret())?;
            state::CredentialChange::Replaced
        }
        None if elsewhere && old.has_credential => {
            forget_signed_in(secrets, &old, &checked.name)?;
            secrets.delete(&source::secret_key(&checked.name))?;
            state::CredentialChange::Dropped
        }
        None => state::CredentialChange::Kept,
    };
    state::update(store.conn(), &old, &checked, change)
}

/// Forgets the signed-in session (`session`) of the credential `source` keeps under `name`,
/// before the credential itself goes: a session's tokens are credentials too.
fn forget_signed_in(secrets: &dyn Secrets, source: &Source, name: &str) -> Result<()> {
    let kept = secrets.get(&source::secret_key(name))?;
    if let Some(credential) = kept.and_then(|s| Credential::from_secret(&s)) {
        let key = session::key(source.kind, &source.url, &credential);
        session::keep(&key, None, secrets);
    }
    Ok(())
}

/// The scheme, host and port of an address, lower-cased (the whole text for a folder's path).
fn origin(url: &str) -> String {
    let url = url.trim().to_lowercase();
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
            format!("{scheme}://{host}")
        }
        None => url,
    }
}

/// Saves a source as the user described it: adds it, or changes the source of that name
/// (case ignored). `townhall source add` and the Sources view both save this way.
pub fn save_source(
    store: &Store,
    secrets: &dyn Secrets,
    new: &NewSource,
    now: i64,
) -> Result<Source> {
    match state::find(store.conn(), new.name.trim())? {
        Some(old) => edit_source(store, secrets, &old.name, new),
        None => add_source(store, secrets, new, now),
    }
}

/// The secret-store keys of the sources that have a credential.
pub fn credential_keys(store: &Store) -> Result<Vec<String>> {
    Ok(state::all(store.conn())?
        .into_iter()
        .filter(|s| s.has_credential)
        .map(|s| source::secret_key(&s.name))
        .collect())
}

/// Every source with its status in words, in name order.
pub fn list_sources(store: &Store, now: i64) -> Result<Vec<SourceStatus>> {
    Ok(state::all(store.conn())?
        .into_iter()
        .map(|s| SourceStatus::of(s, now))
        .collect())
}

/// One source with its status in words.
pub fn source_status(store: &Store, name: &str, now: i64) -> Result<SourceStatus> {
    Ok(SourceStatus::of(state::get(store.conn(), name)?, now))
}

/// Removes a source and forgets its credential. The posts it collected stay.
pub fn remove_source(store: &Store, secrets: &dyn Secrets, name: &str) -> Result<()> {
    let source = state::get(store.conn(), name)?;
    if source.has_credential {
        forget_signed_in(secrets, &source, &source.name)?;
    }
    secrets.delete(&source::secret_key(&source.name))?;
    state::delete(store.conn(), source.id)
}

/// Pauses or resumes a source. Resuming makes it due at once and forgets past failures.
pub fn set_paused(store: &Store, name: &str, paused: bool, now: i64) -> Result<Source> {
    let source = state::get(store.conn(), name)?;
    state::set_paused(store.conn(), source.id, paused, now)?;
    state::get(store.conn(), name)
}

/// Runs every source that is due at `now` (not paused, its next attempt reached, not already
/// running elsewhere in this process) once, in name order. A source's failure is in its report;
/// it never stops the others. `cancel` stops between pages.
pub fn collect_due(
    store: &mut Store,
    secrets: &dyn Secrets,
    now: i64,
    cancel: &AtomicBool,
) -> Result<Vec<RunReport>> {
    let http = http::Http::new()?;
    let mut reports = Vec::new();
    for source in state::all(store.conn())? {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        if source.paused || source.next_attempt > now {
            continue;
        }
        if let Some(report) = run::run_source(store, secrets, &http, &source, now, cancel)? {
            reports.push(report);
        }
    }
    Ok(reports)
}

/// Runs one source now, whatever its schedule ("Collect now"). Refused while it is paused, while
/// a platform's rate limit still holds, or while it is already running.
pub fn collect_now(
    store: &mut Store,
    secrets: &dyn Secrets,
    name: &str,
    now: i64,
) -> Result<RunReport> {
    let source = state::get(store.conn(), name)?;
    if source.paused {
        return Err(Error::InvalidInput(format!(
            "{} is paused; resume it to collect",
            source.name
        )));
    }
    if source.last_outcome.as_deref() == Some("rate_limited") && source.next_attempt > now {
        return Err(Error::InvalidInput(format!(
            "{} asked Townhall to wait {}; it collects again then",
            source.kind.label(),
            crate::time::human_duration((source.next_attempt - now).max(1))
        )));
    }
    let http = http::Http::new()?;
    run::run_source(store, secrets, &http, &source, now, &AtomicBool::new(false))?.ok_or_else(
        || {
            Error::InvalidInput(format!(
                "{} is collecting already; its results show when it finishes",
                source.name
            ))
        },
    )
}

/// Makes these sources due at `now` (a watched folder that changed), unless they are paused or
/// a platform asked to wait.
pub fn make_due(store: &Store, ids: &[i64], now: i64) -> Result<()> {
    for id in ids {
        store.conn().execute(
            "UPDATE sources SET next_attempt = ?2
             WHERE id = ?1 AND NOT paused AND next_attempt > ?2
               AND coalesce(last_outcome, '') <> 'rate_limited'",
            rusqlite::params![id, now],
        )?;
    }
    Ok(())
}

/// When the next source is due (unix seconds), if any is scheduled: how long a watch may sleep.
pub fn next_due(store: &Store) -> Result<Option<i64>> {
    state::next_due(store.conn())
}
