//! Reddit: application-only OAuth (the app's client id and secret → a bearer token, renewed a
//! minute before it expires), then `/search` (or `/r/{sub}/search`) for a query, or a subreddit's
//! `/r/{sub}/new` and `/r/{sub}/comments`, each a backward sweep paged with `after`. Listings are
//! imported by the Reddit importer. `X-Ratelimit-Remaining` / `-Reset` are honoured: when the
//! allowance is spent the run stops and the source waits for the reset. Reddit lists only about
//! the latest 1,000 items of a listing; a source that slept longer than that says so.

use serde_json::Value;

use super::http;
use super::run::Run;
use super::session::Session;
use super::sweep::{self, Listing, Page};
use super::{Collector, Failure};
use crate::import::Format;

pub struct Reddit;

/// Renew the token this long before Reddit says it expires.
const RENEW_MARGIN: i64 = 60;

/// One listing of a source, kept under its own key in the cursor.
struct Listed {
    path: String,
    query: Option<String>,
    restrict: bool,
}

impl Collector for Reddit {
    fn collect(&self, run: &mut Run<'_>) -> Result<(), Failure> {
        let source = run.source;
        let listings: Vec<(&str, Listed)> = match (&source.query, &source.target) {
            (Some(q), sub) => vec![(
                "search",
                Listed {
                    path: match sub {
                        Some(sub) => format!("/r/{sub}/search"),
                        None => "/search".into(),
                    },
                    query: Some(q.clone()),
                    restrict: sub.is_some(),
                },
            )],
            (None, Some(sub)) => ["new", "comments"]
                .into_iter()
                .map(|l| {
                    (
                        l,
                        Listed {
                            path: format!("/r/{sub}/{l}"),
                            query: None,
                            restrict: false,
                        },
                    )
                })
                .collect(),
            (None, None) => return Err(Failure::Failed("no query or subreddit to collect".into())),
        };
        for (key, listing) in &listings {
            if run.not_before.is_some() {
                break;
            }
            sweep::sweep(run, key, listing)?;
        }
        Ok(())
    }
}

/// Why Reddit closed a listing to an accepted token, when its 403 says so: `{"reason":
/// "private"}` and the like. Only the words Reddit uses are repeated.
fn closed_listing(response: &http::Response) -> Option<&'static str> {
    if response.status != 403 {
        return None;
    }
    let v: Value = serde_json::from_slice(&response.body).ok()?;
    match v.get("reason")?.as_str()? {
        "private" => Some("private"),
        "quarantined" => Some("quarantined"),
        "banned" => Some("banned"),
        "gold_only" => Some("for Reddit Premium members only"),
        _ => None,
    }
}

impl Listing for Listed {
    fn fetch(
        &self,
        run: &mut Run<'_>,
        _since: Option<&Value>,
        page: Option<&str>,
    ) -> Result<Page, Failure> {
        let mut query: Vec<(&str, String)> =
            vec![("limit", "100".into()), ("raw_json", "1".into())];
        if let Some(q) = &self.query {
            query.extend([
                ("q", q.clone()),
                ("sort", "new".into()),
                ("type", "link".into()),
            ]);
            if self.restrict {
                query.push(("restrict_sr", "1".into()));
            }
        }
        if let Some(after) = page {
            query.push(("after", after.to_string()));
        }
        let url = format!("{}{}", run.source.url, self.path);
        let mut renewed = false;
        let response = loop {
            let token = token(run, renewed)?;
            let response = run.send(run.http.get(&url)?.query(&query).bearer_auth(token))?;
            if response.status == 401 && !renewed {
                renewed = true;
                continue;
            }
            break response;
        };
        if let Some(remaining) = response
            .header("x-ratelimit-remaining")
            .and_then(|r| r.trim().parse::<f64>().ok())
        {
            if remaining < 1.0 {
                let until = http::retry_at(&response, run.now).unwrap_or(run.now + 600);
                run.not_before = Some(until);
            }
        }
        if let Some(closed) = closed_listing(&response) {
            // The token was taken; the subreddit is what is closed, perhaps for a day (the
            // blackouts of 2023): tried again later, the credential not blamed.
            return Err(Failure::Failed(format!(
                "Reddit did not open {} (HTTP 403: the subreddit is {closed}); Townhall tries \
                 again later",
                self.path
            )));
        }
        let refused = "Reddit refused this app's token (HTTP 401/403); check the client id and \
                       secret of this source (reddit.com/prefs/apps), then resume it";
        let response = http::check(response, "Reddit", refused, run.now)?;
        let v = response.json("Reddit")?;
        let children = response.posts(&v, "/data/children", "Reddit")?;
        let mut created: Vec<f64> = children
            .iter()
            .filter_map(|c| c.pointer("/data/created_utc").and_then(Value::as_f64))
            .collect();
        created.sort_by(f64::total_cmp);
        Ok(Page {
            format: Format::Reddit,
            items: children.len(),
            newest: created.last().map(|&t| Value::from(t as i64)),
            oldest: created.first().map(|&t| Value::from(t as i64)),
            next: v
                .pointer("/data/after")
                .and_then(Value::as_str)
                .map(str::to_string),
            authors: Vec::new(),
            body: response.body,
        })
    }

    fn ended_early(&self, since: &Value, oldest: Option<&Value>) -> Option<String> {
        let since = crate::time::rfc3339(since.as_i64()?);
        let oldest = oldest.and_then(Value::as_i64).map(crate::time::rfc3339)?;
        Some(format!(
            "Reddit lists only its latest ~1,000 items: posts in {} between {since} and {oldest} \
             could not be collected",
            self.path
        ))
    }
}

/// The app's bearer token: kept while valid, else asked for with the client id and secret.
fn token(run: &mut Run<'_>, renew: bool) -> Result<String, Failure> {
    let credential = run.credential.clone().ok_or_else(|| {
        Failure::Refused(
            "this Reddit source has no client id and secret; add them, then resume it".into(),
        )
    })?;
    if let Some(s) = run.session().filter(|s| !renew && run.now < s.renew_at) {
        return Ok(s.access);
    }
    run.keep_session(None);
    let auth_url = if run.source.url == "https://oauth.reddit.com" {
        "https://www.reddit.com/api/v1/access_token".to_string()
    } else {
        format!("{}/api/v1/access_token", run.source.url)
    };
    let request = run
        .http
        .post(&auth_url)?
        .basic_auth(
            credential.id.clone().unwrap_or_default(),
            Some(&credential.secret),
        )
        .form(&[("grant_type", "client_credentials")]);
    let response = run.send(request)?;
    let refused = "Reddit refused the client id and secret: check them at reddit.com/prefs/apps, \
                   save them in this source, then resume it";
    if matches!(response.status, 400 | 401 | 403) {
        return Err(Failure::Refused(refused.into()));
    }
    let response = http::check(response, "Reddit", refused, run.now)?;
    let v = response.json("Reddit")?;
    let access = v
        .get("access_token")
        .and_then(Value::as_str)
        .ok_or_else(|| Failure::Failed("Reddit's token answer had no access_token".into()))?
        .to_string();
    let expires_in = v.get("expires_in").and_then(Value::as_i64).unwrap_or(3600);
    run.keep_session(Some(Session {
        access: access.clone(),
        refresh: None,
        renew_at: run.now + (expires_in - RENEW_MARGIN).max(0),
    }));
    Ok(access)
}
