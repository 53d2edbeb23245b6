//! One run of one source: what a [`Collector`](super::Collector) is given ([`Run`]), and how its
//! ending is written back to the source and scheduled.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use serde::Serialize;

use super::http::{Http, Response};
use super::redact::InPlay;
use super::secrets::Secrets;
use super::session::{self, Session};
use super::source::{secret_key, Credential, Source, SourceKind};
use super::{collector, state, Failure, MIN_INTERVAL};
use crate::error::Result;
use crate::import::Format;
use crate::store::Store;

/// The longest wait between attempts after repeated failures, in seconds.
pub const MAX_BACKOFF: i64 = 3600;
/// Errors a report keeps at most (the counts still cover all).
const MAX_ERRORS: usize = 20;

/// What one run of one source did (a line of `townhall collect`).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RunReport {
    pub source: String,
    pub kind: SourceKind,
    /// When the run started, unix seconds.
    pub started_at: i64,
    /// Pages (or files) fetched.
    pub pages: u64,
    pub new_posts: u64,
    pub duplicates: u64,
    /// Records skipped because they could not be read.
    pub skipped: u64,
    /// What went wrong, in sentences saying what happens next.
    pub errors: Vec<String>,
    /// What the run could not reach (catch-up limits of the API).
    pub notes: Vec<String>,
    /// `ok`, `offline`, `server`, `rate_limited`, `refused`, `failed` or `cancelled`.
    pub outcome: String,
    /// Whether the run paused the source (a refused credential).
    pub paused: bool,
    /// When the source is collected next, unix seconds.
    pub next_attempt: i64,
}

/// What a collector works with during a run.
pub struct Run<'a> {
    pub store: &'a mut Store,
    pub http: &'a Http,
    pub source: &'a Source,
    pub credential: Option<Credential>,
    /// Where to start; collectors update it and call [`Run::save_cursor`] after each page.
    pub cursor: serde_json::Value,
    pub now: i64,
    cancel: &'a AtomicBool,
    secrets: &'a dyn Secrets,
    pub report: RunReport,
    /// Not before this time again, whatever the interval (a nearly spent rate limit).
    pub not_before: Option<i64>,
    /// The largest post row id when the run began: the posts it adds have larger ones.
    posts_before: i64,
}

impl Run<'_> {
    /// Imports one fetched page through the importer of `format`, counting what it brought.
    pub fn import(&mut self, format: Format, page: Vec<u8>) -> Result<(), Failure> {
        self.report.pages += 1;
        let page_no = self.report.pages;
        let page = InPlay::of(self.credential.as_ref()).page(page);
        match crate::import::import_page(self.store, &self.source.name, format, page) {
            Ok(imported) => {
                self.report.new_posts += imported.imported;
                self.report.duplicates += imported.duplicates;
                self.report.skipped += imported.skipped;
                for e in imported.errors {
                    self.error(format!(
                        "page {page_no}, record {}: {} (skipped)",
                        e.line, e.reason
                    ));
                }
                Ok(())
            }
            Err(crate::Error::Busy) => Err(Failure::Busy),
            Err(crate::Error::Sqlite(e)) => Err(Failure::Failed(format!(
                "the workspace could not be written ({e}); Townhall tries again later"
            ))),
            Err(e) => Err(Failure::Failed(format!(
                "page {page_no} could not be imported: {e}"
            ))),
        }
    }

    /// Notes an error that did not stop the run.
    pub fn error(&mut self, message: String) {
        if self.report.errors.len() < MAX_ERRORS {
            self.report.errors.push(message);
        }
    }

    /// Notes that the source's first collection stopped before the posts ran out (the latest
    /// pages of a search): its platform's posts before these were not seen, and the status does
    /// not read their absence as quiet ([`Store::note_unseen_history`]).
    pub fn began_cut_short(&mut self) -> Result<(), Failure> {
        let Some(platform) = self.source.kind.platform() else {
            return Ok(());
        };
        let failed = |e| Failure::Failed(format!("the workspace could not be written ({e})"));
        // The oldest post this run added on the platform: where what it saw begins.
        let oldest: Option<i64> = self
            .store
            .conn()
            .query_row(
                "SELECT min(created_at) FROM posts WHERE id > ?1 AND platform = ?2",
                rusqlite::params![self.posts_before, platform.as_str()],
                |r| r.get(0),
            )
            .map_err(|e| failed(e.into()))?;
        match oldest {
            Some(since) => self
                .store
                .note_unseen_history(platform, since)
                .map_err(failed),
            None => Ok(()),
        }
    }

    /// Notes what the run could not reach.
    pub fn note(&mut self, message: String) {
        self.report.notes.push(message);
    }

    /// Saves the cursor, so that a run stopped after this point resumes here.
    ///
    /// A cursor a server built around the credential never reaches the workspace: a sweep's
    /// next page that holds it is not kept (the sweep under way starts again from the newest
    /// posts next time, down to its watermark, rather than resuming at a page it cannot ask
    /// for), and the credential is blanked anywhere else.
    pub fn save_cursor(&mut self) -> Result<(), Failure> {
        let in_play = InPlay::of(self.credential.as_ref());
        let mut cursor = self.cursor.clone();
        if in_play.value(&mut cursor) {
            cursor = self.cursor.clone();
            if let Some(states) = cursor.as_object_mut() {
                for state in states.values_mut().filter_map(|s| s.as_object_mut()) {
                    let holds = |page: &serde_json::Value| in_play.value(&mut page.clone());
                    if state.get("page").is_some_and(holds) {
                        state.remove("page");
                    }
                }
            }
            in_play.value(&mut cursor);
        }
        state::save_cursor(self.store.conn(), self.source, &cursor)
            .map_err(|e| Failure::of_store(e, |e| format!("the cursor could not be saved ({e})")))
    }

    /// Sends a request and reads its answer, stopping at once when the run is asked to stop
    /// (see [`Http::send`]).
    pub fn send(&self, request: reqwest::blocking::RequestBuilder) -> Result<Response, Failure> {
        self.http.send(request, self.cancel)
    }

    /// The signed-in session kept for this source's account, if any (see [`super::session`]).
    pub fn session(&self) -> Option<Session> {
        session::get(&self.session_key()?, self.secrets)
    }

    /// Keeps (or with `None`, forgets) the signed-in session of this source's account.
    pub fn keep_session(&self, kept: Option<Session>) {
        if let Some(key) = self.session_key() {
            // A session signed in for a source removed meanwhile, or whose credential changed,
            // would outlive the credential it came from.
            if kept.is_none() || self.credential_still_kept() {
                session::keep(&key, kept, self.secrets);
            }
        }
    }

    /// Whether the source still exists and keeps the credential this run began with.
    fn credential_still_kept(&self) -> bool {
        let Ok(Some(now)) = state::by_id(self.store.conn(), self.source.id) else {
            return false;
        };
        let kept = self.secrets.get(&secret_key(&now.name)).ok().flatten();
        now.has_credential && kept.and_then(|s| Credential::from_secret(&s)) == self.credential
    }

    fn session_key(&self) -> Option<String> {
        let credential = self.credential.as_ref()?;
        Some(session::key(self.source.kind, &self.source.url, credential))
    }

    /// Fails with [`Failure::Cancelled`] once the run is asked to stop.
    pub fn check_cancel(&self) -> Result<(), Failure> {
        if self.cancel.load(Ordering::Relaxed) {
            Err(Failure::Cancelled)
        } else {
            Ok(())
        }
    }

    /// The cursor's text field `key`.
    pub fn cursor_str(&self, key: &str) -> Option<String> {
        self.cursor
            .get(key)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    }

    /// Sets (or with `None`, clears) the cursor's field `key`.
    pub fn set_cursor(&mut self, key: &str, value: Option<serde_json::Value>) {
        if !self.cursor.is_object() {
            self.cursor = serde_json::json!({});
        }
        let map = self.cursor.as_object_mut().expect("an object");
        match value {
            Some(v) => map.insert(key.to_string(), v),
            None => map.remove(key),
        };
    }
}

/// Sources running now in this process, by workspace and name: one run (one request) at a time.
static RUNNING: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

struct Running(String);

impl Running {
    fn claim(key: String) -> Option<Running> {
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        running.insert(key.clone()).then_some(Running(key))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.0);
    }
}

/// Runs `source` once and writes the outcome back; `None` when it is already running.
pub fn run_source(
    store: &mut Store,
    secrets: &dyn Secrets,
    http: &Http,
    source: &Source,
    now: i64,
    cancel: &AtomicBool,
) -> Result<Option<RunReport>> {
    let workspace = match store.path() {
        Some(p) => p.display().to_string(),
        None => format!("memory:{:p}", store.conn()),
    };
    let Some(_running) = Running::claim(format!("{workspace}\n{}", source.name.to_lowercase()))
    else {
        return Ok(None);
    };
    // Another program may be running it, or have run it since `source` was read: its run
    // would have moved the cursor on.
    if !super::lease::claim(store.conn(), source.id, now)? {
        return Ok(None);
    }
    let result = match super::state::by_id(store.conn(), source.id)? {
        Some(fresh) if fresh.runs == source.runs => {
            run_claimed(store, secrets, http, &fresh, now, cancel)
        }
        _ => Ok(None),
    };
    // Given up whatever happened; a workspace too busy to take it lets the claim lapse.
    let _ = super::lease::release(store.conn(), source.id);
    result
}

/// [`run_source`], once its run has claimed the source.
fn run_claimed(
    store: &mut Store,
    secrets: &dyn Secrets,
    http: &Http,
    source: &Source,
    now: i64,
    cancel: &AtomicBool,
) -> Result<Option<RunReport>> {
    // Only a source with a credential asks the secret store, and a store that fails (a locked
    // keychain, a damaged file) stops that source alone.
    let kept = if source.has_credential {
        secrets.get(&secret_key(&source.name))
    } else {
        Ok(None)
    };
    let (credential, unreadable) = match kept {
        Ok(secret) => (secret.and_then(|s| Credential::from_secret(&s)), None),
        Err(e) => (None, Some(e)),
    };
    let posts_before =
        store
            .conn()
            .query_row("SELECT coalesce(max(id), 0) FROM posts", [], |r| r.get(0))?;
    let mut run = Run {
        store,
        http,
        source,
        credential,
        cursor: source.cursor.clone(),
        now,
        cancel,
        secrets,
        report: RunReport {
            source: source.name.clone(),
            kind: source.kind,
            started_at: now,
            pages: 0,
            new_posts: 0,
            duplicates: 0,
            skipped: 0,
            errors: Vec::new(),
            notes: Vec::new(),
            outcome: String::new(),
            paused: false,
            next_attempt: now,
        },
        not_before: None,
        posts_before,
    };
    // A store that cannot be read (a locked keychain) may answer next time: the run fails and
    // is tried again. One that is damaged (a secrets file that is no JSON) will not mend
    // itself, and a credential that is gone neither: they pause the source.
    let result = if let Some(e) = unreadable {
        let said = format!("the credential of {} could not be read: {e}", source.name);
        Err(match e.code() {
            crate::error::ErrorCode::InvalidInput => Failure::Refused(said),
            _ => Failure::Failed(said),
        })
    } else if source.has_credential && run.credential.is_none() {
        Err(Failure::Refused(format!(
            "the credential of {} is no longer in {}; enter it again and resume the source",
            source.name,
            secrets.describe()
        )))
    } else {
        collector(source.kind).collect(&mut run)
    };
    // A first collection (nothing saved of an earlier one) that stopped before its posts ran
    // out — a failure or a stop, or a rate limit in the middle of a sweep — saw only the latest
    // of them, as one cut at its page limit did. Later runs that fail are no first collection:
    // they would move the platform's unseen history up to their own posts each time. (The note
    // failing too changes nothing: the run has already failed, or carries on next time.)
    let first = match &source.cursor {
        serde_json::Value::Null => true,
        serde_json::Value::Object(states) => states.is_empty(),
        _ => false,
    };
    let sweep_under_way = run
        .cursor
        .as_object()
        .is_some_and(|states| states.values().any(|s| s.get("page").is_some()));
    let stopped = result.is_err() || (run.not_before.is_some() && sweep_under_way);
    if first && stopped && run.report.new_posts > 0 {
        let _ = run.began_cut_short();
    }
    if matches!(result, Err(Failure::Busy)) {
        // Another program holds the workspace: nothing is recorded against the source, which
        // stays due, and the caller gives the round up (what was imported stays, its cursor
        // with it).
        return Err(crate::Error::Busy);
    }
    let Run {
        mut report,
        not_before,
        credential,
        store,
        ..
    } = run;

    let interval = source.interval_secs.max(MIN_INTERVAL);
    let scheduled = now.saturating_add(interval).max(not_before.unwrap_or(0));
    let (outcome, error, failures, pause, next) = match &result {
        Ok(()) => ("ok", None, 0, false, scheduled),
        Err(Failure::Refused(m)) => ("refused", Some(m.clone()), source.failures, true, scheduled),
        Err(Failure::RateLimited { until, message }) => {
            // A limit said to be over already (a reset of 0 s, or a clock apart from ours) is
            // waited out as a failure is: asked again at once, the platform refuses again.
            let (failures, until) = if *until > now {
                (source.failures, *until)
            } else {
                let f = source.failures + 1;
                (f, now + backoff(f, source.id, now))
            };
            let wait = crate::time::human_duration(until - now);
            let m = format!("{message}; collecting again in {wait}");
            ("rate_limited", Some(m), failures, false, until)
        }
        Err(Failure::Offline(m)) => {
            let f = source.failures + 1;
            (
                "offline",
                Some(m.clone()),
                f,
                false,
                now + backoff(f, source.id, now),
            )
        }
        Err(Failure::Server { message, until }) => {
            let f = source.failures + 1;
            let next = (now + backoff(f, source.id, now)).max(until.unwrap_or(0));
            ("server", Some(message.clone()), f, false, next)
        }
        Err(Failure::Failed(m)) => {
            let f = source.failures + 1;
            (
                "failed",
                Some(m.clone()),
                f,
                false,
                now + backoff(f, source.id, now),
            )
        }
        Err(Failure::Cancelled | Failure::Busy) => (
            "cancelled",
            None,
            source.failures,
            false,
            source.next_attempt,
        ),
    };
    let in_play = InPlay::of(credential.as_ref());
    let secrets_of = |s: String| in_play.message(s);
    let error = error.map(secrets_of);
    if let Some(e) = &error {
        report.errors.push(e.clone());
    }
    report.errors = report.errors.into_iter().map(secrets_of).collect();
    report.notes = report.notes.into_iter().map(secrets_of).collect();
    let note = (!report.notes.is_empty()).then(|| report.notes.join(" "));
    state::finish(
        store.conn(),
        source.id,
        &state::Outcome {
            now,
            outcome: (outcome != "cancelled").then_some(outcome),
            error: error.as_deref(),
            note: note.as_deref(),
            new_posts: report.new_posts,
            duplicates: report.duplicates,
            failures,
            pause,
            next_attempt: next,
        },
    )?;
    report.outcome = outcome.to_string();
    report.paused = pause;
    report.next_attempt = next;
    Ok(Some(report))
}

/// Seconds to wait after `failures` failures in a row: 1, 2, 4… minutes up to an hour, each
/// spread by ±20% so that sources failing together do not retry together.
pub fn backoff(failures: i64, source: i64, now: i64) -> i64 {
    let base = (MIN_INTERVAL << (failures - 1).clamp(0, 10)).min(MAX_BACKOFF);
    // A cheap, well-spread jitter from the source and the time (no random source needed).
    let mut h = (source as u64 ^ (now as u64).rotate_left(17)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^= h >> 29;
    let spread = (h % 401) as i64 - 200; // −200‰ … +200‰
    base + base * spread / 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour_with_jitter() {
        for source in 1..50 {
            let one = backoff(1, source, 1_000_000 + source * 7);
            assert!((48..=72).contains(&one), "{one}");
            let three = backoff(3, source, 1_000_000);
            assert!((192..=288).contains(&three), "{three}");
            let many = backoff(40, source, 1_000_000);
            assert!((2880..=4320).contains(&many), "{many}");
        }
        let spread: BTreeSet<i64> = (1..50).map(|s| backoff(2, s, 1_000_000)).collect();
        assert!(spread.len() > 10, "jitter spreads retries: {spread:?}");
    }
}
