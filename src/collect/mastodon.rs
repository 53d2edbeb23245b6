//! Mastodon: a hashtag's public timeline (`/api/v1/timelines/tag/:hashtag`) or, with an access
//! token, a search (`/api/v2/search?type=statuses`), paged forward with `min_id`: each page holds
//! the statuses just after the cursor, so the cursor is simply the newest status id imported, and
//! a source that slept catches up page by page. Follower counts come with each status's account.

use super::http;
use super::run::Run;
use super::sweep::{later, MAX_PAGES};
use super::{Collector, Failure};
use crate::import::Format;

pub struct Mastodon;

/// Statuses per page (the API's maximum for timelines; search allows 40 too).
const LIMIT: usize = 40;

impl Collector for Mastodon {
    fn collect(&self, run: &mut Run<'_>) -> Result<(), Failure> {
        let source = run.source;
        let (url, search) = match (&source.query, &source.target) {
            (Some(_), _) if run.credential.is_some() => {
                (format!("{}/api/v2/search", source.url), true)
            }
            (_, Some(tag)) => (
                format!("{}/api/v1/timelines/tag/{}", source.url, encode(tag)),
                false,
            ),
            _ => {
                return Err(Failure::Refused(
                    "Mastodon searches only for signed-in apps: add an access token to this \
                     source, or collect a hashtag instead"
                        .into(),
                ))
            }
        };
        let host = source
            .url
            .split("://")
            .nth(1)
            .unwrap_or(&source.url)
            .to_string();
        for page in 1..=MAX_PAGES {
            run.check_cancel()?;
            let mut query: Vec<(&str, String)> = vec![("limit", LIMIT.to_string())];
            if search {
                query.push(("q", source.query.clone().unwrap_or_default()));
                query.push(("type", "statuses".into()));
                query.push(("resolve", "false".into()));
            }
            let min_id = run.cursor_str("min_id");
            if let Some(min_id) = &min_id {
                query.push(("min_id", min_id.clone()));
            }
            let mut request = run.http.get(&url)?.query(&query);
            if let Some(c) = &run.credential {
                request = request.bearer_auth(&c.secret);
            }
            let response = run.send(request)?;
            let refused = match &run.credential {
                Some(_) => format!(
                    "Mastodon ({host}) refused the access token: make a new one (Preferences › \
                     Development, with read access), save it in this source, then resume it"
                ),
                // Instances may close their public timelines to visitors.
                None => format!(
                    "Mastodon ({host}) lets only signed-in accounts read this: make an access \
                     token (Preferences › Development, with read access), save it in this \
                     source, then resume it"
                ),
            };
            let response = http::check(response, &format!("Mastodon ({host})"), &refused, run.now)?;
            let label = format!("Mastodon ({host})");
            let v = response.json(&label)?;
            let statuses = response.posts(&v, if search { "/statuses" } else { "" }, &label)?;
            let newest = statuses
                .iter()
                .filter_map(|s| s.get("id").filter(|id| id.is_string()).cloned())
                .max_by(later);
            if statuses.is_empty() {
                return Ok(());
            }
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
