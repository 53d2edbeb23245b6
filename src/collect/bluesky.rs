//! Bluesky: `app.bsky.feed.searchPosts` (`sort=latest`, `since`, cursor paging) at the user's PDS,
//! signed in with an app password (`com.atproto.server.createSession`, refreshed with
//! `refreshSession` when it expires), and `app.bsky.actor.getProfiles`, 25 at a time, for the
//! follower counts of authors not seen before. Pages and profiles are imported by the Bluesky
//! importer as they come. Without a credential the search is tried unauthenticated; Bluesky often
//! refuses that (HTTP 403), which pauses the source with a sentence saying what to add.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rusqlite::OptionalExtension;
use serde_json::{json, Value};

use super::http::{self, Response};
use super::run::Run;
use super::session::Session;
use super::sweep::{self, Listing, Page};
use super::{Collector, Failure};
use crate::import::Format;

pub struct Bluesky;

/// A session is renewed after this long (access tokens last about two hours).
const SESSION_RENEW: i64 = 90 * 60;
/// How far before the newest post seen the next sweep's `since` is set. The search orders and
/// filters by a post's `sortAt`, the earlier of its `createdAt` and `indexedAt`, so a post written
/// just before a sweep and indexed just after it falls before that sweep's newest post; the
/// posts of the overlap come again and are counted as duplicates.
const OVERLAP: Duration = Duration::seconds(60);
/// `getProfiles` takes at most this many actors.
const PROFILES_PER_CALL: usize = 25;

impl Collector for Bluesky {
    fn collect(&self, run: &mut Run<'_>) -> Result<(), Failure> {
        sweep::sweep(run, "search", self)
    }
}

impl Listing for Bluesky {
    fn fetch(
        &self,
        run: &mut Run<'_>,
        since: Option<&Value>,
        page: Option<&str>,
    ) -> Result<Page, Failure> {
        let mut query: Vec<(&str, String)> = vec![
            ("q", run.source.query.clone().unwrap_or_default()),
            ("sort", "latest".into()),
            ("limit", "100".into()),
        ];
        if let Some(since) = since.and_then(Value::as_str) {
            query.push(("since", since.to_string()));
        }
        if let Some(page) = page {
            query.push(("cursor", page.to_string()));
        }
        let response = get(run, "app.bsky.feed.searchPosts", &query)?;
        let v = response.json("Bluesky")?;
        let posts = response.posts(&v, "/posts", "Bluesky")?;
        let mut sorted: Vec<DateTime<Utc>> = posts.iter().filter_map(sort_at).collect();
        sorted.sort();
        let authors = posts
            .iter()
            .filter_map(|p| p.pointer("/author/did").and_then(Value::as_str))
            .map(str::to_string)
            .collect();
        Ok(Page {
            format: Format::Bluesky,
            items: posts.len(),
            newest: sorted.last().map(|t| watermark(*t - OVERLAP)),
            oldest: sorted.first().map(|t| watermark(*t)),
            next: v.get("cursor").and_then(Value::as_str).map(str::to_string),
            authors,
            body: response.body,
        })
    }

    fn after_import(&self, run: &mut Run<'_>, page: &Page) -> Result<(), Failure> {
        let mut unknown: Vec<String> = Vec::new();
        for did in &page.authors {
            let followers: Option<Option<i64>> = run
                .store
                .conn()
                .query_row(
                    "SELECT followers FROM authors WHERE platform = 'bluesky' AND native_id = ?1",
                    [did],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| Failure::Failed(format!("reading authors: {e}")))?;
            if followers.flatten().is_none() && !unknown.contains(did) {
                unknown.push(did.clone());
            }
        }
        for chunk in unknown.chunks(PROFILES_PER_CALL) {
            run.check_cancel()?;
            let query: Vec<(&str, String)> = chunk.iter().map(|d| ("actors", d.clone())).collect();
            let response = get(run, "app.bsky.actor.getProfiles", &query)?;
            run.import(Format::Bluesky, response.body)?;
        }
        Ok(())
    }
}

/// The time the search sorts and filters a post by: the earlier of when it says it was written
/// and when the service indexed it (a clock set ahead cannot put a post in the future).
fn sort_at(post: &Value) -> Option<DateTime<Utc>> {
    let time = |pointer: &str| {
        post.pointer(pointer)
            .and_then(Value::as_str)
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    match (time("/record/createdAt"), time("/indexedAt")) {
        (Some(created), Some(indexed)) => Some(created.min(indexed)),
        (created, indexed) => created.or(indexed),
    }
}

/// A time as the sweep keeps and compares it (one format, so that text order is time order).
fn watermark(time: DateTime<Utc>) -> Value {
    Value::String(time.to_rfc3339_opts(SecondsFormat::Millis, true))
}

/// A GET of an XRPC method, signed in when the source has a credential; an expired session is
/// renewed once and the call repeated.
fn get(run: &mut Run<'_>, method: &str, query: &[(&str, String)]) -> Result<Response, Failure> {
    let url = format!("{}/xrpc/{method}", run.source.url);
    let mut renewed = false;
    loop {
        let token = match &run.credential {
            Some(_) => Some(signed_in(run, renewed)?.access),
            None => None,
        };
        let mut request = run.http.get(&url)?.query(query);
        if let Some(token) = &token {
            request = request.bearer_auth(token);
        }
        let response = run.send(request)?;
        let expired = token.is_some()
            && matches!(response.status, 400 | 401)
            && matches!(
                error_name(&response).as_deref(),
                Some("ExpiredToken" | "InvalidToken" | "AuthenticationRequired")
            );
        if expired && !renewed {
            renewed = true;
            continue;
        }
        let refused = if token.is_some() {
            "Bluesky refused the signed-in search (HTTP 401/403); check the handle and app \
             password of this source, then resume it"
        } else {
            "Bluesky refused to search without signing in: add your Bluesky handle and an app \
             password (Settings › Privacy and security › App passwords) to this source, then \
             resume it"
        };
        return http::check(response, "Bluesky", refused, run.now);
    }
}

fn error_name(response: &Response) -> Option<String> {
    let v: Value = serde_json::from_slice(&response.body).ok()?;
    v.get("error").and_then(Value::as_str).map(str::to_string)
}

/// The session for this source's account: kept from before when still fresh, refreshed, or
/// created from the app password. `renew` forces a new one.
fn signed_in(run: &mut Run<'_>, renew: bool) -> Result<Session, Failure> {
    let credential = run.credential.clone().expect("called with a credential");
    let kept = run.session();
    if let Some(s) = &kept {
        if !renew && run.now < s.renew_at {
            return Ok(s.clone());
        }
    }
    run.keep_session(None);
    if let Some(refresh) = kept.and_then(|s| s.refresh) {
        let url = format!("{}/xrpc/com.atproto.server.refreshSession", run.source.url);
        let response = run.send(run.http.post(&url)?.bearer_auth(refresh))?;
        if response.status == 200 {
            if let Some(s) = read_session(&response, run.now) {
                run.keep_session(Some(s.clone()));
                return Ok(s);
            }
        }
    }
    let handle = credential.id.clone().unwrap_or_default();
    let url = format!("{}/xrpc/com.atproto.server.createSession", run.source.url);
    let body = json!({ "identifier": handle, "password": credential.secret });
    let response = run.send(run.http.post(&url)?.json(&body))?;
    let refused = format!(
        "Bluesky refused the app password for {handle}: make a new one in Bluesky (Settings › \
         Privacy and security › App passwords), save it in this source, then resume it"
    );
    if response.status == 400 || response.status == 401 {
        return Err(Failure::Refused(refused));
    }
    let response = http::check(response, "Bluesky", &refused, run.now)?;
    let s = read_session(&response, run.now)
        .ok_or_else(|| Failure::Failed("Bluesky's sign-in answer had no session".into()))?;
    run.keep_session(Some(s.clone()));
    Ok(s)
}

fn read_session(response: &Response, now: i64) -> Option<Session> {
    let v: Value = serde_json::from_slice(&response.body).ok()?;
    Some(Session {
        access: v.get("accessJwt")?.as_str()?.to_string(),
        refresh: v
            .get("refreshJwt")
            .and_then(Value::as_str)
            .map(str::to_string),
        renew_at: now + SESSION_RENEW,
    })
}
