//! Twitter API v1.1 statuses: search responses (`statuses[]`), timelines (arrays) and streams
//! (one status per line). Also the tweet normaliser of account archives, whose tweets are
//! v1.1-shaped without `user`.

use serde_json::Value;

use super::fields::{self, count, non_empty, text};
use crate::model::{Author, Platform, Post, PostKind, Record};

/// Keys whose arrays hold the statuses of a document.
pub const CONTAINERS: &[&str] = &["statuses"];

/// One status of a response or stream; stream notices (`delete`, `limit`) yield nothing.
pub fn parse(item: Value) -> Result<Vec<Record>, String> {
    if ["delete", "limit", "warning", "scrub_geo"]
        .iter()
        .any(|k| item.get(k).is_some())
    {
        return Ok(Vec::new());
    }
    tweet(&item, None)
}

/// Normalises one v1.1-shaped tweet. `account` stands in for a missing `user` (archives).
pub fn tweet(item: &Value, account: Option<&Author>) -> Result<Vec<Record>, String> {
    if !item.is_object() {
        return Err("expected a tweet object".into());
    }
    let id = text(item, "id_str")
        .or_else(|| text(item, "id"))
        .ok_or_else(|| fields::missing("tweet id"))?;
    let created_at = text(item, "created_at")
        .as_deref()
        .and_then(fields::twitter_time)
        .ok_or_else(|| fields::missing("readable created_at"))?;
    let mut body = full_text(item).ok_or_else(|| fields::missing("text"))?;

    let user = item.get("user").filter(|u| u.is_object());
    let author = match user {
        Some(u) => Some(author(u)?),
        None => account.cloned(),
    };
    let retweeted = item.get("retweeted_status").filter(|v| v.is_object());
    let (kind, parent) = if let Some(original) = retweeted {
        if let (Some(full), Some(handle)) = (
            full_text(original),
            original
                .pointer("/user/screen_name")
                .and_then(Value::as_str),
        ) {
            body = format!("RT @{handle}: {full}");
        }
        (PostKind::Repost, text(original, "id_str"))
    } else if let Some(quoted) = non_empty(item, "quoted_status_id_str") {
        (PostKind::Quote, Some(quoted))
    } else if let Some(replied) = non_empty(item, "in_reply_to_status_id_str") {
        (PostKind::Reply, Some(replied))
    } else if body.starts_with("RT @") {
        // Archives keep retweets as text only.
        (PostKind::Repost, None)
    } else {
        (PostKind::Post, None)
    };

    let handle = author.as_ref().and_then(|a| a.handle.clone());
    let url = Some(match &handle {
        Some(h) => format!("https://twitter.com/{h}/status/{id}"),
        None => format!("https://twitter.com/i/web/status/{id}"),
    });
    let mut post = Post {
        platform: Platform::Twitter,
        native_id: id,
        author_id: author.as_ref().map(|a| a.native_id.clone()),
        created_at,
        text: fields::unescape_markup(&body),
        lang: fields::lang(item.get("lang")),
        url,
        kind,
        parent,
        likes: count(item.get("favorite_count")),
        shares: count(item.get("retweet_count")),
        replies: count(item.get("reply_count")),
        quotes: count(item.get("quote_count")),
        views: None,
        followers_at_post: user.and_then(|u| count(u.get("followers_count"))),
        reported_engagement: None,
        local_id: None,
        raw: item.to_string(),
    };
    fields::retweet_counts(&mut post);
    let mut records = Vec::with_capacity(2);
    if let (Some(author), Some(_)) = (author, user) {
        records.push(Record::Author(author));
    }
    records.push(Record::Post(Box::new(post)));
    Ok(records)
}

/// The untruncated text: `extended_tweet.full_text`, `full_text`, then `text`.
fn full_text(item: &Value) -> Option<String> {
    item.pointer("/extended_tweet/full_text")
        .and_then(Value::as_str)
        .or_else(|| item.get("full_text").and_then(Value::as_str))
        .or_else(|| item.get("text").and_then(Value::as_str))
        .map(str::to_string)
}

fn author(user: &Value) -> Result<Author, String> {
    Ok(Author {
        platform: Platform::Twitter,
        native_id: text(user, "id_str")
            .or_else(|| text(user, "id"))
            .ok_or("a user without an id")?,
        handle: text(user, "screen_name"),
        name: text(user, "name"),
        followers: count(user.get("followers_count")),
        verified: crate::import::fields::verified(
            user.get("verified").and_then(Value::as_bool),
            user.get("verified_type").and_then(Value::as_str),
        ),
    })
}
