//! X API v2 recent search (`/2/tweets/search/recent`) with a bearer token, asking for the same
//! expansions and fields as twarc2, so that each page is exactly a twarc2 output line: it is
//! written on one line and imported by the twarc2 importer. A backward sweep with `next_token`
//! down to the `since_id` of the previous sweep. HTTP 429 waits for `x-rate-limit-reset`. Recent
//! search reaches back 7 days: a source that slept longer starts 7 days back and says what it
//! could not collect, and one whose newest post is older (a quiet search) asks from 7 days
//! back rather than after that post, which X would refuse.

use serde_json::{json, Value};

use super::http;
use super::run::Run;
use super::sweep::{self, Listing, Page};
use super::{Collector, Failure};
use crate::import::Format;

pub struct X;

/// What twarc2 asks for (twarc/expansions.py), so pages carry the same includes.
const EXPANSIONS: &str = "author_id,entities.mentions.username,in_reply_to_user_id,\
referenced_tweets.id,referenced_tweets.id.author_id,attachments.media_keys,\
attachments.poll_ids,geo.place_id";
const TWEET_FIELDS: &str = "attachments,author_id,context_annotations,conversation_id,\
created_at,entities,geo,id,in_reply_to_user_id,lang,public_metrics,possibly_sensitive,\
referenced_tweets,reply_settings,source,text,withheld";
const USER_FIELDS: &str = "created_at,description,entities,id,location,name,pinned_tweet_id,\
profile_image_url,protected,public_metrics,url,username,verified,withheld";

/// How far back recent search reaches, less a margin for the clocks.
const REACH: i64 = 7 * 86_400 - 300;

impl Collector for X {
    fn collect(&self, run: &mut Run<'_>) -> Result<(), Failure> {
        let out_of_reach = run.source.last_success.is_some_and(|t| t < run.now - REACH);
        let swept = run
            .cursor
            .get("search")
            .and_then(|s| s.get("since"))
            .is_some();
        if out_of_reach && swept {
            let from = crate::time::rfc3339(run.source.last_success.unwrap_or_default());
            let start = crate::time::rfc3339(run.now - REACH);
            run.note(format!(
                "X's recent search reaches back 7 days: posts from {from} to {start} could not \
                 be collected"
            ));
            run.set_cursor("search", Some(json!({ "start_time": start })));
        }
        sweep::sweep(run, "search", self)
    }
}

/// X's ids (snowflakes) count milliseconds since this instant from their 23rd bit.
const SNOWFLAKE_EPOCH_MS: u64 = 1_288_834_974_657;

/// Whether the post `id` was written before recent search's reach at `now`. An id without a
/// time in it (below 2^22, as no tweet of the past fifteen years is) is taken as within reach.
fn beyond_reach(id: &str, now: i64) -> bool {
    let Some(ms) = id
        .parse::<u64>()
        .ok()
        .map(|id| id >> 22)
        .filter(|&ms| ms > 0)
    else {
        return false;
    };
    (((ms + SNOWFLAKE_EPOCH_MS) / 1000) as i64) < now - REACH
}

impl Listing for X {
    fn fetch(
        &self,
        run: &mut Run<'_>,
        since: Option<&Value>,
        page: Option<&str>,
    ) -> Result<Page, Failure> {
        let mut query: Vec<(&str, String)> = vec![
            ("query", run.source.query.clone().unwrap_or_default()),
            ("max_results", "100".into()),
            ("expansions", EXPANSIONS.into()),
            ("tweet.fields", TWEET_FIELDS.into()),
            ("user.fields", USER_FIELDS.into()),
        ];
        let since = since.and_then(Value::as_str);
        if let Some(since) = since.filter(|id| !beyond_reach(id, run.now)) {
            query.push(("since_id", since.to_string()));
        } else if since.is_some() {
            // A quiet search whose newest post is a week old: X refuses a `since_id` past its
            // reach (HTTP 400) and would fail every run; what is within reach is all new.
            query.push(("start_time", crate::time::rfc3339(run.now - REACH)));
        } else if let Some(start) = run
            .cursor
            .pointer("/search/start_time")
            .and_then(Value::as_str)
        {
            query.push(("start_time", start.to_string()));
        }
        if let Some(page) = page {
            query.push(("next_token", page.to_string()));
        }
        let url = format!("{}/2/tweets/search/recent", run.source.url);
        let secret = run
            .credential
            .as_ref()
            .map(|c| c.secret.clone())
            .unwrap_or_default();
        let response = run.send(run.http.get(&url)?.query(&query).bearer_auth(secret))?;
        let refused = "X refused the bearer token (HTTP 401/403): check it, and that the app's \
                       plan includes recent search, in the X developer portal; save it in this \
                       source, then resume it";
        let response = http::check(response, "X", refused, run.now)?;
        let v = response.json("X")?;
        // A search with no results has no `data` but says so in `meta`.
        if v.pointer("/meta/result_count").is_none() {
            response.posts(&v, "/data", "X")?;
        }
        let items = v.get("data").and_then(Value::as_array).map_or(0, Vec::len);
        let meta = v.get("meta").cloned().unwrap_or_default();
        let id = |k: &str| meta.get(k).filter(|v| v.is_string()).cloned();
        Ok(Page {
            format: Format::Twarc2,
            items,
            newest: id("newest_id"),
            oldest: id("oldest_id"),
            next: meta
                .get("next_token")
                .and_then(Value::as_str)
                .map(str::to_string),
            authors: Vec::new(),
            // twarc2 output holds one response per line.
            body: if items == 0 {
                Vec::new()
            } else {
                v.to_string().into_bytes()
            },
        })
    }
}
