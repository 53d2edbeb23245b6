//! Backward sweeps, for APIs that list newest first and page towards older posts (Bluesky
//! search, Reddit listings, X recent search): page from the top down to the watermark left by the
//! previous sweep, then move the watermark to the newest post seen.
//!
//! The state lives in the source's cursor under a key (one per listing): `since` (the watermark),
//! `page` (the next older page, while a sweep is under way) and `newest` (the newest post of the
//! sweep under way). It is saved after every page, so a sweep interrupted by a restart, a rate
//! limit or [`MAX_PAGES`] carries on from its page at the next run. A source's first sweep takes
//! the latest [`MAX_PAGES`] pages and stops there, rather than walking the API's whole history.

use std::cmp::Ordering;
use std::collections::HashSet;

use serde_json::{json, Value};

use super::run::Run;
use super::Failure;
use crate::import::Format;

/// Pages one run fetches at most per listing.
pub const MAX_PAGES: u64 = 10;

/// One fetched page, with what paging needs to know of it.
pub struct Page {
    pub format: Format,
    pub body: Vec<u8>,
    /// Posts on the page.
    pub items: usize,
    /// The newest and oldest watermark values on the page (times or ids).
    pub newest: Option<Value>,
    pub oldest: Option<Value>,
    /// The API's cursor to the next, older page.
    pub next: Option<String>,
    /// Authors on the page (Bluesky DIDs), for follower look-ups.
    pub authors: Vec<String>,
}

/// What a sweep asks of its source kind.
pub trait Listing {
    /// Fetches the page at `page` (the top when `None`) of posts after `since`.
    fn fetch(
        &self,
        run: &mut Run<'_>,
        since: Option<&Value>,
        page: Option<&str>,
    ) -> Result<Page, Failure>;

    /// Called after each page is imported (Bluesky looks up new authors' follower counts).
    fn after_import(&self, _run: &mut Run<'_>, _page: &Page) -> Result<(), Failure> {
        Ok(())
    }

    /// Says what could not be reached when the API's list ended before the watermark.
    fn ended_early(&self, _since: &Value, _oldest: Option<&Value>) -> Option<String> {
        None
    }
}

/// Runs one sweep step (up to [`MAX_PAGES`] pages) of the listing kept under `key`.
pub fn sweep(run: &mut Run<'_>, key: &str, listing: &dyn Listing) -> Result<(), Failure> {
    let state = run.cursor.get(key).cloned().unwrap_or_else(|| json!({}));
    let since = state.get("since").filter(|v| !v.is_null()).cloned();
    let mut page = state
        .get("page")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut newest = state.get("newest").filter(|v| !v.is_null()).cloned();
    // No sweep has completed yet: only the latest pages are taken.
    let first = since.is_none() && state.get("swept").and_then(Value::as_bool) != Some(true);
    // A cursor met twice would page in a circle for ever, never reaching the watermark.
    let mut pages_seen: HashSet<String> = page.iter().cloned().collect();
    // The page an earlier run saved, until it has been fetched.
    let mut resumed = page.is_some();
    for _ in 0..MAX_PAGES {
        run.check_cancel()?;
        let mut fetched = listing.fetch(run, since.as_ref(), page.as_deref())?;
        if fetched.items == 0 && resumed && since.is_some() {
            // A saved page that comes back empty has gone stale (Reddit lists nothing after a
            // post deleted since), not reached the end: the posts between it and the watermark
            // are still to be seen. The sweep starts again from the newest posts, down to the
            // same watermark.
            run.note(
                "the saved page of the sweep under way came back empty (its post deleted \
                 since?), so the sweep started again from the newest posts"
                    .into(),
            );
            page = None;
            pages_seen.clear();
            resumed = false;
            continue;
        }
        resumed = false;
        if fetched.items == 0 {
            return complete(run, key, since, newest);
        }
        if let Some(n) = &fetched.newest {
            if newest
                .as_ref()
                .is_none_or(|old| later(n, old) == Ordering::Greater)
            {
                newest = Some(n.clone());
            }
        }
        run.import(fetched.format, std::mem::take(&mut fetched.body))?;
        listing.after_import(run, &fetched)?;
        let reached = match (&since, &fetched.oldest) {
            (Some(since), Some(oldest)) => later(oldest, since) != Ordering::Greater,
            _ => false,
        };
        let mut cycled = false;
        let next = match fetched.next.take() {
            Some(next) if !reached && !pages_seen.insert(next.clone()) => {
                let gap = match &since {
                    Some(since) => format!(
                        "; posts older than this page and newer than {} may not have been \
                         collected",
                        watermark_words(since)
                    ),
                    None => "; earlier posts were not collected".to_string(),
                };
                run.note(format!(
                    "the source gave the cursor of an earlier page ({next:?}) again, so the \
                     sweep ends here and the next one starts from the newest posts{gap}"
                ));
                cycled = true;
                None
            }
            next => next,
        };
        match next {
            Some(next) if !reached => {
                page = Some(next);
                let mut state = state.clone();
                if let Some(map) = state.as_object_mut() {
                    map.insert("since".into(), json!(since));
                    map.insert("page".into(), json!(page));
                    map.insert("newest".into(), json!(newest));
                }
                run.set_cursor(key, Some(state));
                run.save_cursor()?;
                if run.not_before.is_some() {
                    // The platform's allowance is spent: carry on from this page next time.
                    return Ok(());
                }
            }
            _ => {
                if cycled && first {
                    // A first sweep cut short, as one stopped at its page limit is.
                    run.began_cut_short()?;
                }
                if let (false, false, Some(since)) = (reached, cycled, &since) {
                    if let Some(note) = listing.ended_early(since, fetched.oldest.as_ref()) {
                        run.note(note);
                    }
                }
                return complete(run, key, since, newest);
            }
        }
    }
    if first {
        // A first sweep: the latest pages are enough; older history is not walked.
        run.note(format!(
            "started with the latest {MAX_PAGES} pages; earlier posts were not collected"
        ));
        run.began_cut_short()?;
        return complete(run, key, since, newest);
    }
    run.note("still catching up; the next run carries on from here".into());
    Ok(())
}

fn complete(
    run: &mut Run<'_>,
    key: &str,
    since: Option<Value>,
    newest: Option<Value>,
) -> Result<(), Failure> {
    let state = match newest.or(since) {
        Some(since) => json!({ "since": since }),
        None => json!({ "since": null, "swept": true }),
    };
    run.set_cursor(key, Some(state));
    run.save_cursor()
}

/// A watermark as a note says it: a time or an id, without JSON's quotes.
fn watermark_words(mark: &Value) -> String {
    match mark {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Orders two watermarks: numbers as numbers, digit strings (ids) by length then digits, other
/// strings (RFC 3339 times) as text.
pub fn later(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::String(x), Value::String(y)) => {
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            if digits(x) && digits(y) {
                x.len().cmp(&y.len()).then_with(|| x.cmp(y))
            } else {
                x.cmp(y)
            }
        }
        _ => Ordering::Equal,
    }
}
