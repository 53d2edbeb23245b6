//! Mastodon: REST API statuses (timelines, `/api/v2/search` results; followers from each
//! status's account) and an account archive's ActivityPub `outbox.json` (`orderedItems` of
//! `Create{Note}` and `Announce`). Native ids are the statuses' global URIs (the ActivityPub
//! object ids), so a status seen through the API and through an archive is one post.
//!
//! Only public and unlisted statuses are posts: a followers-only status or a direct message is
//! not public exposure, and an account's archive holds its private messages too, so they are
//! left out like the archive's follows and likes. An archive's boost names only the status it
//! boosted, whose address (which names its author) is its parent, not its text.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::fields::{self, count, non_empty, text};
use super::html;
use crate::model::{Author, Platform, Post, PostKind, Record};

/// Keys whose arrays hold statuses or activities.
pub const CONTAINERS: &[&str] = &["statuses", "orderedItems"];

/// One API status or ActivityPub activity.
pub fn parse(item: Value) -> Result<Vec<Record>, String> {
    if !is_public(&item) {
        return Ok(vec![Record::Private]);
    }
    match item.get("type").and_then(Value::as_str) {
        Some("Create") => match item.get("object") {
            Some(object) if object.is_object() => note(object, &item),
            _ => Err("a Create activity without its object".into()),
        },
        Some("Announce") => announce(&item),
        // Follows, likes and the like carry no post.
        Some(_) if item.get("account").is_none() => Ok(Vec::new()),
        _ if item.get("account").is_some() => status(&item),
        _ => Err("neither a Mastodon status nor an ActivityPub activity".into()),
    }
}

/// Whether a status or activity is addressed to the public (public or unlisted). An API status
/// says so in `visibility`; an activity by putting ActivityPub's public collection in `to` or
/// `cc`. One without an audience at all (an older export) is taken as public; one addressed to
/// nobody is not.
fn is_public(item: &Value) -> bool {
    if let Some(visibility) = item.get("visibility").and_then(Value::as_str) {
        return matches!(visibility, "public" | "unlisted");
    }
    if item.get("to").is_none() && item.get("cc").is_none() {
        return true;
    }
    let audience: Vec<&str> = ["to", "cc"]
        .iter()
        .filter_map(|key| item.get(*key))
        .flat_map(|v| match v {
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            Value::String(one) => vec![one.as_str()],
            _ => Vec::new(),
        })
        .collect();
    audience.iter().any(|a| {
        matches!(
            *a,
            "https://www.w3.org/ns/activitystreams#Public" | "as:Public" | "Public"
        )
    })
}

fn time(v: &Value, key: &str) -> Result<DateTime<Utc>, String> {
    text(v, key)
        .as_deref()
        .and_then(fields::rfc3339)
        .ok_or_else(|| fields::missing(&format!("readable {key}")))
}

/// `https://host/users/name` → `name@host`.
fn handle_of(actor: &str) -> Option<String> {
    let rest = actor.split("://").nth(1)?;
    let (host, path) = rest.split_once('/')?;
    let name = path.rsplit('/').next().filter(|n| !n.is_empty())?;
    Some(format!("{}@{host}", name.trim_start_matches('@')))
}

fn actor_author(actor: &str) -> Author {
    Author {
        platform: Platform::Mastodon,
        native_id: actor.to_string(),
        handle: handle_of(actor),
        name: None,
        followers: None,
        verified: None,
    }
}

fn note(object: &Value, activity: &Value) -> Result<Vec<Record>, String> {
    let id = text(object, "id").ok_or_else(|| fields::missing("object id"))?;
    let created_at = time(object, "published").or_else(|_| time(activity, "published"))?;
    let actor = non_empty(object, "attributedTo").or_else(|| non_empty(activity, "actor"));
    let parent = non_empty(object, "inReplyTo");
    let lang = object
        .get("contentMap")
        .and_then(Value::as_object)
        .and_then(|m| m.keys().next().cloned());
    let post = Post {
        platform: Platform::Mastodon,
        native_id: id,
        author_id: actor.clone(),
        created_at,
        text: html::to_text(&text(object, "content").unwrap_or_default()),
        lang,
        url: non_empty(object, "url"),
        kind: if parent.is_some() {
            PostKind::Reply
        } else {
            PostKind::Post
        },
        parent,
        likes: None,
        shares: None,
        replies: None,
        quotes: None,
        views: None,
        followers_at_post: None,
        reported_engagement: None,
        local_id: None,
        raw: activity.to_string(),
    };
    Ok(with_author(actor.as_deref().map(actor_author), post))
}

fn announce(activity: &Value) -> Result<Vec<Record>, String> {
    let id = text(activity, "id").ok_or_else(|| fields::missing("activity id"))?;
    let boosted = match activity.get("object") {
        Some(Value::String(uri)) => Some(uri.clone()),
        Some(object) => text(object, "id"),
        None => None,
    };
    let actor = non_empty(activity, "actor");
    let post = Post {
        platform: Platform::Mastodon,
        native_id: id,
        author_id: actor.clone(),
        created_at: time(activity, "published")?,
        text: String::new(),
        lang: None,
        url: None,
        kind: PostKind::Repost,
        parent: boosted,
        likes: None,
        shares: None,
        replies: None,
        quotes: None,
        views: None,
        followers_at_post: None,
        reported_engagement: None,
        local_id: None,
        raw: activity.to_string(),
    };
    Ok(with_author(actor.as_deref().map(actor_author), post))
}

fn status(item: &Value) -> Result<Vec<Record>, String> {
    let account = item.get("account").filter(|a| a.is_object());
    let author = account
        .map(|a| -> Result<Author, String> {
            Ok(Author {
                platform: Platform::Mastodon,
                native_id: non_empty(a, "uri")
                    .or_else(|| non_empty(a, "url"))
                    .ok_or("an account without uri or url")?,
                handle: text(a, "acct"),
                name: non_empty(a, "display_name"),
                followers: count(a.get("followers_count")),
                verified: None,
            })
        })
        .transpose()?;
    let reblog = item.get("reblog").filter(|r| r.is_object());
    let (kind, parent, content) = match reblog {
        Some(original) => (
            PostKind::Repost,
            non_empty(original, "uri"),
            text(original, "content"),
        ),
        None => match non_empty(item, "in_reply_to_id") {
            Some(parent) => (PostKind::Reply, Some(parent), text(item, "content")),
            None => (PostKind::Post, None, text(item, "content")),
        },
    };
    let post = Post {
        platform: Platform::Mastodon,
        native_id: non_empty(item, "uri")
            .or_else(|| non_empty(item, "url"))
            .ok_or_else(|| fields::missing("uri"))?,
        author_id: author.as_ref().map(|a| a.native_id.clone()),
        created_at: time(item, "created_at")?,
        text: html::to_text(&content.unwrap_or_default()),
        lang: fields::lang(item.get("language")),
        url: non_empty(item, "url"),
        kind,
        parent,
        likes: count(item.get("favourites_count")),
        shares: count(item.get("reblogs_count")),
        replies: count(item.get("replies_count")),
        quotes: count(item.get("quotes_count")),
        views: None,
        followers_at_post: account.and_then(|a| count(a.get("followers_count"))),
        reported_engagement: None,
        local_id: non_empty(item, "id"),
        raw: item.to_string(),
    };
    Ok(with_author(author, post))
}

fn with_author(author: Option<Author>, post: Post) -> Vec<Record> {
    let mut records: Vec<Record> = author.into_iter().map(Record::Author).collect();
    records.push(Record::Post(Box::new(post)));
    records
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn posts(item: Value) -> Vec<Post> {
        parse(item)
            .unwrap()
            .into_iter()
            .filter_map(|r| match r {
                Record::Post(p) => Some(*p),
                _ => None,
            })
            .collect()
    }

    fn create(to: Value, cc: Value) -> Value {
        json!({"type": "Create", "to": to, "cc": cc, "actor": "https://m.example/users/ann",
               "object": {"id": "https://m.example/users/ann/statuses/1", "type": "Note",
                          "published": "2026-10-31T23:30:00Z", "content": "<p>portal down</p>"}})
    }

    #[test]
    fn only_statuses_addressed_to_the_public_are_posts() {
        let public = "https://www.w3.org/ns/activitystreams#Public";
        let followers = "https://m.example/users/ann/followers";
        let bob = "https://m.example/users/bob";
        assert_eq!(posts(create(json!([public]), json!([followers]))).len(), 1);
        assert_eq!(
            posts(create(json!([followers]), json!([public]))).len(),
            1,
            "unlisted"
        );
        assert!(
            posts(create(json!([followers]), json!([]))).is_empty(),
            "followers only"
        );
        assert!(
            posts(create(json!([bob]), json!([]))).is_empty(),
            "a direct message"
        );
        let status = |visibility: &str| {
            json!({"uri": "https://m.example/users/ann/statuses/2", "visibility": visibility,
                   "created_at": "2026-10-31T23:30:00Z", "content": "<p>portal</p>",
                   "account": {"uri": "https://m.example/users/ann", "acct": "ann"}})
        };
        assert_eq!(posts(status("public")).len(), 1);
        assert_eq!(posts(status("unlisted")).len(), 1);
        assert!(posts(status("private")).is_empty());
        assert!(posts(status("direct")).is_empty());
        // Left out, but counted.
        assert!(matches!(
            parse(status("direct")).unwrap()[..],
            [Record::Private]
        ));
    }

    #[test]
    fn a_boost_keeps_the_boosted_address_as_its_parent_not_its_text() {
        let boosted = "https://m.example/users/carol/statuses/9";
        let got = posts(
            json!({"type": "Announce", "id": "https://m.example/users/ann/statuses/3/activity",
            "actor": "https://m.example/users/ann", "published": "2026-10-31T23:30:00Z",
            "to": ["https://www.w3.org/ns/activitystreams#Public"], "object": boosted}),
        );
        assert_eq!(
            (got[0].kind, got[0].text.as_str(), got[0].parent.as_deref()),
            (PostKind::Repost, "", Some(boosted))
        );
    }

    #[test]
    fn actor_urls_become_handles() {
        assert_eq!(
            super::handle_of("https://indieweb.social/users/dealingwith").as_deref(),
            Some("dealingwith@indieweb.social")
        );
    }
}
