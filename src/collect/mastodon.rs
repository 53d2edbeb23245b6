//! Mastodon: a hashtag's public timeline (`/api/v1/timelines/tag/:hashtag`) or, with an access
//! token, a search (`/api/v2/search?type=statuses`). Follower counts come with each status's
//! account.
//!
//! A timeline is paged forward with `min_id`: each page holds the statuses just after the
//! cursor, so the cursor is simply the newest status id imported, and a source that slept
//! catches up page by page. A search answers newest first whatever `min_id` says (it only
//! filters), so it is swept backwards like the other searches ([`super::sweep`]): from the
//! newest, page by page with `max_id`, down to the newest status of the sweep before. (Paged
//! forward, a search that matched more than a page between two runs lost all but its newest
//! page.)

use serde_json::{json, Value};

use super::http::{self, Response};
use super::run::Run;
use super::sweep::{self, later, Listing, Page, MAX_PAGES};
use super::{Collector, Failure};
use crate::import::Format;

pub struct Mastodon;

/// Statuses per page (the API's maximum for timelines; search allows 40 too).
const LIMIT: usize = 40;
/// The cursor of a timeline that was empty: below every id of Mastodon's (numbers), Pleroma's
/// and GoToSocial's (sortable strings).
const SINCE_EMPTY: &str = "0";

/// The cursor's key of a search's sweep.
const SEARCH: &str = "search";

impl Collector for Mastodon {
    fn collect(&self, run: &mut Run<'_>) -> Result<(), Failure> {
        let source = run.source;
        match (&source.query, &source.target) {
            (Some(_), _) if run.credential.is_some() => {
                // A search collected by an earlier release kept a forward cursor: its newest
                // status is where the sweep stops.
                if run.cursor.get(SEARCH).is_none() {
                    if let Some(min_id) = run.cursor_str("min_id") {
                        run.set_cursor(SEARCH, Some(json!({ "since": min_id })));
                    }
                }
                run.set_cursor("min_id", None);
                let url = format!("{}/api/v2/search", source.url);
                sweep::sweep(run, SEARCH, &Search { url })
            }
            (_, Some(tag)) => {
                let url = format!("{}/api/v1/timelines/tag/{}", source.url, encode(tag));
                timeline(run, &url)
            }
            _ => Err(Failure::Refused(
                "Mastodon searches only for signed-in apps: add an access token to this source, \
                 or collect a hashtag instead"
                    .into(),
            )),
        }
    }
}

/// A hashtag's timeline, paged forward from the newest status imported.
fn timeline(run: &mut Run<'_>, url: &str) -> Result<(), Failure> {
    for page in 1..=MAX_PAGES {
        run.check_cancel()?;
        let mut query: Vec<(&str, String)> = vec![("limit", LIMIT.to_string())];
        let min_id = run.cursor_str("min_id");
        if let Some(min_id) = &min_id {
            query.push(("min_id", min_id.clone()));
        }
        let (response, v) = get(run, url, &query)?;
        let statuses = response.posts(&v, "", &label(run))?;
        if statuses.is_empty() {
            if min_id.is_none() {
                // An empty timeline hid nothing: the next run takes everything posted since,
                // from the start, rather than its latest page as a first run (which would mark
                // the weeks before it as unseen and lose the rest of a sudden burst).
                run.set_cursor("min_id", Some(Value::String(SINCE_EMPTY.into())));
                run.save_cursor()?;
            }
            return Ok(());
        }
        let (newest, _) = ends(&statuses);
        run.import(Format::Mastodon, response.body)?;
        if let Some(newest) = newest {
            run.set_cursor("min_id", Some(newest));
            run.save_cursor()?;
        }
        if min_id.is_none() {
            // A first run takes the latest page and follows from there; a full page may
            // have had older posts behind it.
            if statuses.len() >= LIMIT {
                run.began_cut_short()?;
            }
            return Ok(());
        }
        if statuses.len() < LIMIT {
            return Ok(());
        }
        if page == MAX_PAGES {
            run.note("still catching up; the next run carries on from here".into());
        }
    }
    Ok(())
}

/// A search, listed newest first: each page the statuses older than `max_id` (the page's
/// cursor) and newer than the watermark.
struct Search {
    url: String,
}

impl Listing for Search {
    fn fetch(
        &self,
        run: &mut Run<'_>,
        since: Option<&Value>,
        page: Option<&str>,
    ) -> Result<Page, Failure> {
        let mut query: Vec<(&str, String)> = vec![
            ("q", run.source.query.clone().unwrap_or_default()),
            ("type", "statuses".into()),
            ("resolve", "false".into()),
            ("limit", LIMIT.to_string()),
        ];
        if let Some(since) = since.and_then(Value::as_str) {
            query.push(("min_id", since.to_string()));
        }
        if let Some(page) = page {
            query.push(("max_id", page.to_string()));
        }
        let (response, v) = get(run, &self.url, &query)?;
        let statuses = response.posts(&v, "/statuses", &label(run))?;
        let (newest, oldest) = ends(&statuses);
        // Until a page comes back empty: the server may leave out statuses of a page (of
        // accounts blocked or gone) after counting them, so a short page is not the end.
        let next = oldest.as_ref().and_then(Value::as_str).map(str::to_string);
        Ok(Page {
            format: Format::Mastodon,
            items: statuses.len(),
            newest,
            oldest,
            next,
            authors: Vec::new(),
            body: response.body,
        })
    }
}

/// "Mastodon (instance.example)", as messages name the source's server (never with a login
/// an address of an earlier release may hold).
fn label(run: &Run<'_>) -> String {
    let shown = match reqwest::Url::parse(&run.source.url) {
        Ok(url) => format!(
            "{}{}{}",
            url.host_str().unwrap_or_default(),
            url.port().map(|p| format!(":{p}")).unwrap_or_default(),
            url.path().trim_end_matches('/')
        ),
        Err(_) => run.source.url.clone(),
    };
    format!("Mastodon ({shown})")
}

/// Asks the source's server for `url` with `query` (the access token when there is one), and
/// reads its answer as Mastodon's.
fn get(
    run: &mut Run<'_>,
    url: &str,
    query: &[(&str, String)],
) -> Result<(Response, Value), Failure> {
    let mut request = run.http.get(url)?.query(query);
    if let Some(c) = &run.credential {
        request = request.bearer_auth(&c.secret);
    }
    let response = run.send(request)?;
    let label = label(run);
    let refused = match &run.credential {
        Some(_) => format!(
            "{label} refused the access token: make a new one (Preferences › Development, with \
             read access), save it in this source, then resume it"
        ),
        // Instances may close their public timelines to visitors.
        None => format!(
            "{label} lets only signed-in accounts read this: make an access token (Preferences \
             › Development, with read access), save it in this source, then resume it"
        ),
    };
    let response = http::check(response, &label, &refused, run.now)?;
    let v = response.json(&label)?;
    Ok((response, v))
}

/// The newest and oldest status ids of a page.
fn ends(statuses: &[Value]) -> (Option<Value>, Option<Value>) {
    let ids = || {
        statuses
            .iter()
            .filter_map(|s| s.get("id").filter(|id| id.is_string()).cloned())
    };
    (ids().max_by(later), ids().min_by(later))
}

/// Percent-encodes a hashtag for the URL path.
fn encode(tag: &str) -> String {
    tag.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}
