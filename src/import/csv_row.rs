//! One CSV row as a post, through a [`Mapping`](super::csv_mapped::Mapping): counts summed over
//! their columns, text from the first non-empty column, the platform from a column or the URL.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::csv_mapped::Field;
use super::dates;
use crate::model::{Author, Platform, Post, PostKind, Record};

/// Normalises one row; `columns` are the mapping's column indexes in `header`.
pub(super) fn row(
    header: &[String],
    record: &csv::StringRecord,
    columns: &BTreeMap<Field, Vec<usize>>,
    default_platform: Platform,
) -> Result<Vec<Record>, String> {
    let cells = |f: Field| -> Vec<&str> {
        columns
            .get(&f)
            .into_iter()
            .flatten()
            .filter_map(|&i| record.get(i))
            .map(str::trim)
            .collect()
    };
    let first = |f: Field| {
        cells(f)
            .into_iter()
            .find(|c| !c.is_empty())
            .map(str::to_string)
    };
    let number = |f: Field| -> Option<i64> {
        let parsed: Vec<i64> = cells(f).into_iter().filter_map(count).collect();
        (!parsed.is_empty()).then(|| parsed.iter().sum())
    };
    let date = match (first(Field::CreatedAt), first(Field::Time)) {
        (Some(d), Some(t)) => format!("{d} {t}"),
        (Some(d), None) => d,
        (None, _) => return Err("no date in the date column".into()),
    };
    let created_at = dates::parse(&date).ok_or_else(|| format!("unreadable date {date:?}"))?;
    let text = first(Field::Text).unwrap_or_default();
    let url = first(Field::Url);
    let platform = first(Field::Platform)
        .and_then(|p| platform_named(&p))
        .or_else(|| url.as_deref().and_then(platform_of_url))
        .unwrap_or(default_platform);
    let raw: serde_json::Map<String, serde_json::Value> = header
        .iter()
        .zip(record.iter())
        .map(|(h, c)| (h.clone(), c.into()))
        .collect();
    let raw = serde_json::Value::Object(raw).to_string();
    let native_id = first(Field::Id).or_else(|| url.clone()).unwrap_or_else(|| {
        let digest = Sha256::digest(&raw);
        digest[..16].iter().map(|b| format!("{b:02x}")).collect()
    });
    let handle = first(Field::Author);
    let name = first(Field::AuthorName);
    let followers = number(Field::Followers);
    let author = handle.clone().or_else(|| name.clone()).map(|id| Author {
        platform,
        native_id: id,
        handle: handle.clone(),
        name: name.clone(),
        followers,
        verified: None,
    });
    let post = Post {
        platform,
        native_id,
        author_id: author.as_ref().map(|a| a.native_id.clone()),
        created_at,
        kind: if text.starts_with("RT @") {
            PostKind::Repost
        } else {
            PostKind::Post
        },
        text,
        lang: first(Field::Lang),
        url,
        parent: None,
        likes: number(Field::Likes),
        shares: number(Field::Shares),
        replies: number(Field::Replies),
        quotes: number(Field::Quotes),
        views: number(Field::Views),
        followers_at_post: followers,
        raw,
    };
    let mut records: Vec<Record> = author.into_iter().map(Record::Author).collect();
    records.push(Record::Post(Box::new(post)));
    Ok(records)
}

/// A count cell: `1,234`, `1 234`, `12.0`; empty or anything else is unknown.
fn count(cell: &str) -> Option<i64> {
    let digits: String = cell
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}'))
        .collect();
    digits
        .parse::<i64>()
        .ok()
        .or_else(|| digits.parse::<f64>().ok().map(|f| f as i64))
}

fn platform_named(name: &str) -> Option<Platform> {
    let n = name.to_lowercase();
    [
        ("twitter", Platform::Twitter),
        ("facebook", Platform::Facebook),
        ("reddit", Platform::Reddit),
        ("mastodon", Platform::Mastodon),
        ("bluesky", Platform::Bluesky),
    ]
    .into_iter()
    .find(|(key, _)| n.contains(key))
    .map(|(_, p)| p)
    .or_else(|| (n == "x").then_some(Platform::Twitter))
}

fn platform_of_url(url: &str) -> Option<Platform> {
    let host = url.split("://").nth(1)?.split('/').next()?.to_lowercase();
    let host = host.trim_start_matches("www.").trim_start_matches("m.");
    match host {
        "twitter.com" | "x.com" => Some(Platform::Twitter),
        "facebook.com" | "fb.com" => Some(Platform::Facebook),
        "reddit.com" | "old.reddit.com" => Some(Platform::Reddit),
        "bsky.app" => Some(Platform::Bluesky),
        _ => None,
    }
}
