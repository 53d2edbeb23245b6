//! Reddit: Pushshift / Arctic Shift NDJSON dumps of submissions (RS) and comments (RC), and the
//! JSON listing API (`{kind: "Listing", data: {children: [{kind: "t3" | "t1", data}]}}`).
//! Native ids are fullnames (`t3_…`, `t1_…`) so that a comment's `parent_id` names its parent.
//! `created_utc` is an integer, a float or a string depending on the dump's year.

use serde_json::Value;

use super::fields::{self, count, non_empty, text};
use crate::model::{Author, Platform, Post, PostKind, Record};

/// Keys under which a listing holds its things.
pub const CONTAINERS: &[&str] = &["data", "children"];

/// One thing: a `{kind, data}` wrapper, a nested listing, or a bare dump record.
pub fn parse(item: Value) -> Result<Vec<Record>, String> {
    if let (Some(kind), Some(data)) = (
        item.get("kind").and_then(Value::as_str),
        item.get("data").filter(|d| d.is_object()),
    ) {
        return match kind {
            "t3" => thing(data, PostKind::Post),
            "t1" => thing(data, PostKind::Comment),
            "Listing" => {
                let mut records = Vec::new();
                for child in data
                    .get("children")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    records.extend(parse(child.clone())?);
                }
                Ok(records)
            }
            // Accounts, subreddits and "load more" stubs carry no posts.
            _ => Ok(Vec::new()),
        };
    }
    if item.get("body").is_some() {
        thing(&item, PostKind::Comment)
    } else if item.get("title").is_some() {
        thing(&item, PostKind::Post)
    } else {
        Err("neither a Reddit submission (title) nor a comment (body)".into())
    }
}

fn thing(data: &Value, kind: PostKind) -> Result<Vec<Record>, String> {
    let id = text(data, "id").ok_or_else(|| fields::missing("id"))?;
    let prefix = if kind == PostKind::Comment {
        "t1_"
    } else {
        "t3_"
    };
    let native_id = non_empty(data, "name").unwrap_or_else(|| format!("{prefix}{id}"));
    // Not `created`: the old API's `created` is on the server's clock, eight hours off.
    let created_at = fields::unix_seconds(data.get("created_utc"))
        .ok_or_else(|| fields::missing("readable created_utc"))?;
    let body = if kind == PostKind::Comment {
        text(data, "body").unwrap_or_default()
    } else {
        let title = text(data, "title").unwrap_or_default();
        match non_empty(data, "selftext") {
            Some(selftext) => format!("{title}\n\n{selftext}"),
            None => title,
        }
    };
    let body = fields::unescape_markup(&body);
    let author = non_empty(data, "author").filter(|a| a != "[deleted]");
    let url = non_empty(data, "permalink").map(|p| {
        if p.starts_with("http") {
            p
        } else {
            format!("https://www.reddit.com{p}")
        }
    });
    let post = Post {
        platform: Platform::Reddit,
        native_id,
        author_id: author.clone(),
        created_at,
        text: body,
        lang: None,
        url,
        kind,
        parent: if kind == PostKind::Comment {
            non_empty(data, "parent_id")
        } else {
            None
        },
        likes: count(data.get("score")),
        shares: None,
        replies: if kind == PostKind::Comment {
            None
        } else {
            count(data.get("num_comments"))
        },
        quotes: None,
        views: count(data.get("view_count")),
        followers_at_post: None,
        reported_engagement: None,
        local_id: None,
        raw: data.to_string(),
    };
    let mut records = Vec::with_capacity(2);
    if let Some(handle) = author {
        records.push(Record::Author(Author {
            platform: Platform::Reddit,
            native_id: handle.clone(),
            handle: Some(handle),
            name: None,
            followers: None,
            verified: None,
        }));
    }
    records.push(Record::Post(Box::new(post)));
    Ok(records)
}
