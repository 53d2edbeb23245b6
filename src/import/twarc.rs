//! twarc2 output: Twitter API v2 response pages (one per line, users under `includes`) and the
//! flattened one-tweet-a-line form (with `author` merged into each tweet).
//!
//! Every shape twarc2 writes: search, timelines, mentions, quotes and conversations are pages
//! with `data[]` of tweets; the filtered and sample streams write one tweet per line as
//! `{data: {tweet}, includes, matching_rules}`; user lookups, followers, following,
//! liking-users and retweeted-by are pages of users (`data[]` without `text`), imported as
//! authors with their follower counts and no posts. A stream's keep-alive or error line
//! (`{errors: […]}`, no `data`) is reported as a skipped record.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::model::{Author, Platform, Post, PostKind, Record};

/// One API response page: `data[]` of tweets (or of users, for a users lookup) and
/// `includes.users[]` / `includes.tweets[]`.
pub fn parse_page(line: &str) -> Result<Vec<Record>, String> {
    let page: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let data: &[Value] = match page.get("data") {
        Some(Value::Array(items)) => items,
        // A stream line: one tweet.
        Some(one @ Value::Object(_)) => std::slice::from_ref(one),
        _ => {
            let error = page
                .pointer("/errors/0/detail")
                .or_else(|| page.pointer("/errors/0/title"))
                .and_then(Value::as_str);
            return Err(match error {
                Some(e) => format!("an error from the Twitter API, not tweets: {e}"),
                None => "no `data`: not a Twitter API v2 page".into(),
            });
        }
    };

    let users: HashMap<&str, &Value> = page
        .pointer("/includes/users")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|u| Some((u.get("id")?.as_str()?, u)))
        .collect();
    let included: HashMap<&str, &Value> = page
        .pointer("/includes/tweets")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| Some((t.get("id")?.as_str()?, t)))
        .collect();

    let mut records = Vec::with_capacity(data.len() + users.len());
    for user in users.values() {
        records.push(Record::Author(author(user)?));
    }
    for item in data {
        if item.get("text").is_none() && item.get("username").is_some() {
            records.push(Record::Author(author(item)?));
            continue;
        }
        let user = item
            .get("author_id")
            .and_then(Value::as_str)
            .and_then(|id| users.get(id).copied());
        records.push(Record::Post(Box::new(tweet(item, user, |id| {
            included.get(id).copied()
        })?)));
    }
    Ok(records)
}

/// One flattened tweet with its `author` object merged in.
pub fn parse_flat(line: &str) -> Result<Vec<Record>, String> {
    let item: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    if !item.is_object() {
        return Err("expected a tweet object".into());
    }
    if item.get("text").is_none() && item.get("username").is_some() {
        // A flattened user lookup: one user per line.
        return Ok(vec![Record::Author(author(&item)?)]);
    }
    let user = item.get("author").filter(|a| a.is_object());
    let refs: Vec<&Value> = item
        .get("referenced_tweets")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    let post = tweet(&item, user, |id| {
        refs.iter()
            .copied()
            .find(|t| t.get("id").and_then(Value::as_str) == Some(id) && t.get("text").is_some())
    })?;
    let mut records = Vec::with_capacity(2);
    if let Some(user) = user {
        records.push(Record::Author(author(user)?));
    }
    records.push(Record::Post(Box::new(post)));
    Ok(records)
}

fn author(user: &Value) -> Result<Author, String> {
    Ok(Author {
        platform: Platform::Twitter,
        native_id: str_field(user, "id").ok_or("a user without an id")?,
        handle: str_field(user, "username"),
        name: str_field(user, "name"),
        followers: count(user.pointer("/public_metrics/followers_count")),
        verified: user.get("verified").and_then(Value::as_bool),
    })
}

/// Normalises one API v2 tweet. `lookup` finds referenced tweets shipped alongside it, so that a
/// retweet's truncated "RT @user: …" text can be restored in full.
fn tweet<'a>(
    item: &Value,
    user: Option<&Value>,
    lookup: impl Fn(&str) -> Option<&'a Value>,
) -> Result<Post, String> {
    let id = str_field(item, "id").ok_or("a tweet without an id")?;
    let created = str_field(item, "created_at").ok_or("a tweet without created_at")?;
    let created_at = DateTime::parse_from_rfc3339(&created)
        .map_err(|_| format!("created_at {created:?} is not an RFC 3339 time"))?
        .with_timezone(&Utc);
    let mut text = item
        .get("text")
        .and_then(Value::as_str)
        .ok_or("a tweet without text")?
        .to_string();

    let (kind, parent) = reference(item);
    if kind == PostKind::Repost {
        if let Some(full) = parent
            .as_deref()
            .and_then(&lookup)
            .and_then(|t| t.get("text"))
        {
            if let (Some(full), Some(prefix_end)) = (full.as_str(), text.find(": ")) {
                if text.starts_with("RT @") {
                    text = format!("{}{full}", &text[..prefix_end + 2]);
                }
            }
        }
    }

    let handle = user.and_then(|u| str_field(u, "username"));
    let url = Some(match &handle {
        Some(h) => format!("https://twitter.com/{h}/status/{id}"),
        None => format!("https://twitter.com/i/web/status/{id}"),
    });
    let metrics = item.get("public_metrics");
    let metric = |k: &str| count(metrics.and_then(|m| m.get(k)));
    Ok(Post {
        platform: Platform::Twitter,
        native_id: id,
        author_id: str_field(item, "author_id").or_else(|| user.and_then(|u| str_field(u, "id"))),
        created_at,
        text,
        lang: str_field(item, "lang").filter(|l| l != "und" && !l.is_empty()),
        url,
        kind,
        parent,
        likes: metric("like_count"),
        shares: metric("retweet_count"),
        replies: metric("reply_count"),
        quotes: metric("quote_count"),
        views: metric("impression_count"),
        followers_at_post: count(user.and_then(|u| u.pointer("/public_metrics/followers_count"))),
        raw: item.to_string(),
    })
}

/// The tweet's relation to another: retweet, quote or reply, with the other tweet's id.
fn reference(item: &Value) -> (PostKind, Option<String>) {
    let refs = item.get("referenced_tweets").and_then(Value::as_array);
    let find = |ty: &str| {
        refs.into_iter()
            .flatten()
            .find(|r| r.get("type").and_then(Value::as_str) == Some(ty))
            .and_then(|r| str_field(r, "id"))
    };
    for (ty, kind) in [
        ("retweeted", PostKind::Repost),
        ("quoted", PostKind::Quote),
        ("replied_to", PostKind::Reply),
    ] {
        if let Some(id) = find(ty) {
            return (kind, Some(id));
        }
    }
    (PostKind::Post, None)
}

fn str_field(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A count that may arrive as a number or a numeric string; anything else is unknown.
fn count(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}
