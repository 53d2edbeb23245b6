//! RSS and Atom feeds (RSS 0.9x, 1.0 and 2.0, Atom 1.0, JSON Feed), parsed by `feed-rs`: news
//! searches for the system's name, vendors' status-page histories. Each item becomes a post of
//! platform `news` whose author is the site (its link, named by the feed's title); feeds carry no
//! follower counts, so those stay unknown. An item's native id is its `guid`/`id` (feed-rs derives
//! a stable one from the link and title when the feed gives none), so polling a feed again adds
//! only the new items.
//!
//! A feed is one document, parsed whole: it is read up to [`MAX_FEED_BYTES`].

use std::io::{BufRead, Read};

use serde_json::json;

use super::html;
use super::Sink;
use crate::error::{Error, Result};
use crate::model::{Author, Platform, Post, PostKind, Record};

/// Feeds larger than this are refused (real feeds are a few hundred kilobytes at most).
pub const MAX_FEED_BYTES: u64 = 16 * 1024 * 1024;

/// Reads the feed in `input`, handing each item (numbered from 1) to `sink`.
pub fn read(input: &mut dyn BufRead, sink: &mut Sink<'_>) -> Result<()> {
    let mut bytes = Vec::new();
    input
        .take(MAX_FEED_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::Internal(format!("reading the feed: {e}")))?;
    if bytes.len() as u64 > MAX_FEED_BYTES {
        return Err(Error::UnsupportedFile(format!(
            "a feed larger than {} MB; Townhall reads feeds, not archives of them",
            MAX_FEED_BYTES / (1024 * 1024)
        )));
    }
    let feed = feed_rs::parser::parse(bytes.as_slice())
        .map_err(|e| Error::UnsupportedFile(format!("not a readable RSS or Atom feed ({e})")))?;
    let site = site(&feed);
    // An item without a date of its own (RSS makes it optional) is as new as the feed says it
    // is: first seen, by a source polling the feed, when the feed was last built.
    let feed_date = feed.updated.or(feed.published);
    for (i, entry) in feed.entries.iter().enumerate() {
        let item = item(entry, &site, feed.language.as_deref(), feed_date);
        sink(i as u64 + 1, item)?;
    }
    Ok(())
}

/// The site a feed belongs to, which is the author of its items.
fn site(feed: &feed_rs::model::Feed) -> Author {
    let link = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref() != Some("self"))
        .or(feed.links.first())
        .map(|l| l.href.clone());
    let native_id = link
        .clone()
        .filter(|l| !l.is_empty())
        .or_else(|| Some(feed.id.clone()).filter(|id| !id.is_empty()))
        .unwrap_or_else(|| "unnamed feed".into());
    Author {
        platform: Platform::News,
        handle: link.as_deref().and_then(host).or_else(|| host(&native_id)),
        name: feed
            .title
            .as_ref()
            .map(|t| t.content.trim().to_string())
            .filter(|t| !t.is_empty()),
        native_id,
        followers: None,
        verified: None,
    }
}

/// `https://news.example.org/feeds/x` → `news.example.org`.
fn host(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let host = rest.split(['/', '?', '#']).next()?;
    Some(host.trim_start_matches("www.").to_string()).filter(|h| !h.is_empty())
}

/// An item's link as an address of its own: a relative one (`/news/a`, as some sites' feeds
/// write) is read against the site's address, where its page is. Only a web page's address is
/// kept: a `javascript:` or `data:` link is no page, and nothing should ever open it.
fn absolute(href: &str, site: &str) -> Option<String> {
    let web = |url: &url::Url| matches!(url.scheme(), "http" | "https");
    match url::Url::parse(href) {
        Ok(url) => web(&url).then(|| href.to_string()),
        Err(_) => url::Url::parse(site)
            .ok()
            .filter(web)
            .and_then(|site| site.join(href).ok())
            .filter(web)
            .map(String::from),
    }
}

fn item(
    entry: &feed_rs::model::Entry,
    site: &Author,
    feed_lang: Option<&str>,
    feed_date: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<Vec<Record>, String> {
    let created_at = entry
        .published
        .or(entry.updated)
        .or(feed_date)
        .ok_or("an item without a publication date, in a feed without one")?;
    let title = entry
        .title
        .as_ref()
        .map(|t| html::to_text(&t.content))
        .unwrap_or_default();
    let summary = entry
        .summary
        .as_ref()
        .map(|t| t.content.clone())
        .or_else(|| entry.content.as_ref().and_then(|c| c.body.clone()))
        .map(|s| html::to_text(&s))
        .unwrap_or_default();
    let text = match (title.trim(), summary.trim()) {
        ("", "") => return Err("an item with neither a title nor a summary".into()),
        (t, "") => t.to_string(),
        ("", s) => s.to_string(),
        (t, s) => format!("{t}\n\n{s}"),
    };
    let url = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .and_then(|l| absolute(&l.href, &site.native_id));
    let raw = json!({
        "id": entry.id,
        "title": title,
        "link": url,
        "published": entry.published.map(|t| t.to_rfc3339()),
        "updated": entry.updated.map(|t| t.to_rfc3339()),
        "summary": summary,
        "site": site.native_id,
    });
    let post = Post {
        platform: Platform::News,
        native_id: entry.id.clone(),
        author_id: Some(site.native_id.clone()),
        created_at,
        text,
        lang: entry
            .language
            .as_deref()
            .or(feed_lang)
            .map(|l| l.split(['-', '_']).next().unwrap_or(l).to_lowercase()),
        url,
        kind: PostKind::Post,
        parent: None,
        likes: None,
        shares: None,
        replies: None,
        quotes: None,
        views: None,
        followers_at_post: None,
        reported_engagement: None,
        local_id: None,
        raw: raw.to_string(),
    };
    Ok(vec![
        Record::Author(site.clone()),
        Record::Post(Box::new(post)),
    ])
}

/// Whether the start of an XML document is an RSS or Atom feed.
pub fn is_feed(head: &str) -> bool {
    head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:RDF")
}
