//! RSS and Atom feeds: the feed is fetched whole (conditionally, with the `ETag` and
//! `Last-Modified` of the previous answer, so an unchanged feed costs one 304) and imported by the
//! feed importer; items already imported are duplicates. Feeds keep only their latest items: when
//! every item of a feed that was read before is new, older ones may have dropped off while
//! Townhall was not collecting, and the run says so.

use serde_json::Value;

use super::http;
use super::run::Run;
use super::{Collector, Failure};
use crate::import::Format;

pub struct Feed;

impl Collector for Feed {
    fn collect(&self, run: &mut Run<'_>) -> Result<(), Failure> {
        let mut request = run.http.get(&run.source.url)?.header(
            "accept",
            "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5",
        );
        if let Some(etag) = run.cursor_str("etag") {
            request = request.header("if-none-match", etag);
        }
        if let Some(modified) = run.cursor_str("last_modified") {
            request = request.header("if-modified-since", modified);
        }
        let response = run.send(request)?;
        let refused = "the feed refused access (HTTP 401/403); check its address";
        let response = match response.status {
            401 | 403 => return Err(Failure::Failed(refused.into())),
            _ => http::check(response, "The feed's server", refused, run.now)?,
        };
        if response.status == 304 {
            return Ok(());
        }
        let etag = response
            .header("etag")
            .map(|v| Value::String(v.to_string()));
        let modified = response
            .header("last-modified")
            .map(|v| Value::String(v.to_string()));
        let before = run.report.duplicates;
        run.import(Format::Feed, response.body)?;
        let all_new = run.report.new_posts > 0 && run.report.duplicates == before;
        // Only a feed that brought items before can have dropped some: a first fetch that found
        // the channel empty has nothing behind it.
        let fetched_before = run.source.new_posts + run.source.duplicates > 0;
        if all_new && fetched_before {
            run.note(
                "every item in the feed was new: older items may have dropped off the feed \
                 while Townhall was not collecting"
                    .into(),
            );
        }
        run.set_cursor("etag", etag);
        run.set_cursor("last_modified", modified);
        run.save_cursor()
    }
}
