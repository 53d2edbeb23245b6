//! Bluesky: `app.bsky.feed.searchPosts` responses (`posts[]` of post views; `quoteCount`,
//! `hitsTotal` and `record.langs` come and go over the years), feeds (`feed[].post`) and
//! `app.bsky.actor.getProfiles` responses (`profiles[]`), whose follower counts update authors
//! imported before or after. Native ids are `at://` URIs.

use serde_json::Value;

use super::fields::{self, count, non_empty, text};
use crate::model::{Author, Platform, Post, PostKind, Record};

/// Keys whose arrays hold posts or profiles.
pub const CONTAINERS: &[&str] = &["posts", "profiles", "feed"];

/// One post view, feed item or profile.
pub fn parse(item: Value) -> Result<Vec<Record>, String> {
    if let Some(post) = item.get("post").filter(|p| p.is_object()) {
        return post_view(post);
    }
    if item.get("record").is_some() || item.get("uri").is_some() {
        return post_view(&item);
    }
    if item.get("did").is_some() && item.get("handle").is_some() {
        return Ok(vec![Record::Author(author(&item)?)]);
    }
    Err("neither a Bluesky post view nor a profile".into())
}

fn author(profile: &Value) -> Result<Author, String> {
    Ok(Author {
        platform: Platform::Bluesky,
        native_id: text(profile, "did").ok_or_else(|| fields::missing("author did"))?,
        handle: text(profile, "handle"),
        name: non_empty(profile, "displayName"),
        followers: count(profile.get("followersCount")),
        verified: None,
    })
}

/// The AT URI of the post `rkey` of the account `actor` (a handle or a DID): the name a post
/// is stored by, whichever of its author's names the file gave
/// ([`Platform::names_posts_twice`]).
pub(super) fn post_uri(actor: &str, rkey: &str) -> String {
    format!("at://{}/app.bsky.feed.post/{rkey}", actor.to_lowercase())
}

fn post_view(view: &Value) -> Result<Vec<Record>, String> {
    let uri = text(view, "uri").ok_or_else(|| fields::missing("uri"))?;
    let record = view
        .get("record")
        .filter(|r| r.is_object())
        .ok_or_else(|| fields::missing("record"))?;
    let created_at = text(record, "createdAt")
        .or_else(|| text(view, "indexedAt"))
        .as_deref()
        .and_then(fields::rfc3339)
        .ok_or_else(|| fields::missing("readable createdAt"))?;
    let author = view
        .get("author")
        .filter(|a| a.is_object())
        .map(author)
        .transpose()?;
    let reply_parent = record
        .pointer("/reply/parent/uri")
        .and_then(Value::as_str)
        .map(str::to_string);
    let quoted = record
        .pointer("/embed/record/uri")
        .or_else(|| record.pointer("/embed/record/record/uri"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let (kind, parent) = match (reply_parent, quoted) {
        (Some(p), _) => (PostKind::Reply, Some(p)),
        (None, Some(q)) => (PostKind::Quote, Some(q)),
        (None, None) => (PostKind::Post, None),
    };
    let handle = author.as_ref().and_then(|a| a.handle.clone());
    let rkey = uri.rsplit('/').next().unwrap_or_default();
    // Its name by its author's handle, as a listening tool's address gives it.
    let by_handle = handle.as_deref().map(|h| post_uri(h, rkey));
    let post = Post {
        platform: Platform::Bluesky,
        author_id: author.as_ref().map(|a| a.native_id.clone()),
        created_at,
        text: text(record, "text").unwrap_or_default(),
        lang: record
            .get("langs")
            .and_then(Value::as_array)
            .and_then(|l| fields::lang(l.first())),
        url: handle.map(|h| format!("https://bsky.app/profile/{h}/post/{rkey}")),
        kind,
        parent,
        likes: count(view.get("likeCount")),
        shares: count(view.get("repostCount")),
        replies: count(view.get("replyCount")),
        quotes: count(view.get("quoteCount")),
        views: None,
        followers_at_post: author.as_ref().and_then(|a| a.followers),
        reported_engagement: None,
        local_id: by_handle,
        raw: view.to_string(),
        native_id: uri,
    };
    let mut records: Vec<Record> = author.into_iter().map(Record::Author).collect();
    records.push(Record::Post(Box::new(post)));
    Ok(records)
}
