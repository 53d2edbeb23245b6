//! twarc2 output: Twitter API v2 response pages (one per line, users under `includes`) and the
//! flattened one-tweet-a-line form (with `author` merged into each tweet).
//!
//! Every shape twarc2 writes: search, timelines, mentions, quotes and conversations are pages
//! with `data[]` of tweets; the filtered and sample streams write one tweet per line as
//! `{data: {tweet}, includes, matching_rules}`; user lookups, followers, following,
//! liking-users and retweeted-by are pages of users (`data[]` without `text`), imported as
//! authors with their follower counts and no posts. A stream's keep-alive or error line
//! (`{errors: […]}`, no `data`) is reported as a skipped record.
//!
//! Records are read into borrowing structs ([`Item`]) rather than `serde_json::Value` trees, and
//! each post keeps its tweet's JSON exactly as the file has it: parsing is most of what a
//! re-import costs.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::fields::{retweet_counts, unescape_markup};
use super::loose::{lenient, lenient_items, present, Loose};
use super::Known;
use crate::model::{Author, Counts, Platform, Post, PostKind, Record};

/// One API response page, or one stream line.
#[derive(Deserialize)]
struct Page<'a> {
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
    #[serde(borrow, default)]
    includes: Option<&'a RawValue>,
    #[serde(borrow, default)]
    errors: Option<&'a RawValue>,
    #[serde(borrow, default)]
    meta: Option<&'a RawValue>,
}

/// `meta` of a page: a search with no hits has `result_count` 0 and no `data`.
#[derive(Deserialize)]
struct Meta {
    #[serde(default)]
    result_count: Option<u64>,
}

#[derive(Deserialize)]
struct Includes<'a> {
    #[serde(borrow, default)]
    users: Option<&'a RawValue>,
    #[serde(borrow, default)]
    tweets: Option<&'a RawValue>,
}

/// A tweet or a user: `data[]` holds either, and `includes.users[]` users.
#[derive(Deserialize)]
struct Item<'a> {
    #[serde(borrow, default, deserialize_with = "present")]
    id: Option<Loose<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    text: Option<Loose<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    created_at: Option<Loose<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    author_id: Option<Loose<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    lang: Option<Loose<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    username: Option<Loose<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    name: Option<Loose<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    verified: Option<Loose<'a>>,
    /// `blue` (a paid subscription), `business`, `government` or `none`.
    #[serde(borrow, default, deserialize_with = "present")]
    verified_type: Option<Loose<'a>>,
    #[serde(borrow, default)]
    public_metrics: Option<&'a RawValue>,
    #[serde(borrow, default)]
    referenced_tweets: Option<&'a RawValue>,
    /// A long post's whole text (`note_tweet.text`); `text` holds its first 280 characters.
    #[serde(borrow, default)]
    note_tweet: Option<&'a RawValue>,
    /// The flattened form's author, merged into its tweet.
    #[serde(borrow, default)]
    author: Option<&'a RawValue>,
}

impl Item<'_> {
    fn str_field(field: &Option<Loose<'_>>) -> Option<String> {
        field.as_ref().and_then(Loose::text)
    }

    /// `data[]` of a user lookup holds users: no text, a username.
    fn is_user(&self) -> bool {
        self.text.is_none() && self.username.is_some()
    }

    fn metrics(&self) -> Metrics<'_> {
        lenient(self.public_metrics).unwrap_or_default()
    }
}

#[derive(Deserialize, Default)]
struct Metrics<'a> {
    #[serde(borrow, default, deserialize_with = "present")]
    like_count: Option<Loose<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    retweet_count: Option<Loose<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    reply_count: Option<Loose<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    quote_count: Option<Loose<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    impression_count: Option<Loose<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    followers_count: Option<Loose<'a>>,
}

fn count(field: &Option<Loose<'_>>) -> Option<i64> {
    field.as_ref().and_then(Loose::count)
}

/// `note_tweet`: the whole text of a post longer than 280 characters.
#[derive(Deserialize)]
struct Note<'a> {
    #[serde(borrow, default, deserialize_with = "present")]
    text: Option<Loose<'a>>,
}

/// An entry of `referenced_tweets`; the flattened form ships the whole tweet, with its text.
#[derive(Deserialize)]
struct Reference<'a> {
    #[serde(borrow, default, rename = "type", deserialize_with = "present")]
    kind: Option<Loose<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    id: Option<Loose<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    text: Option<Loose<'a>>,
}

fn invalid(e: serde_json::Error) -> String {
    format!("invalid JSON: {e}")
}

/// The usual page, `data` an array, read in one pass over the line. [`Page`] reads a page of any
/// shape, which takes another pass over `data` and two over `includes`.
#[derive(Deserialize)]
struct ArrayPage<'a> {
    #[serde(borrow)]
    data: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    includes: Option<ArrayIncludes<'a>>,
}

#[derive(Deserialize)]
struct ArrayIncludes<'a> {
    #[serde(borrow, default)]
    users: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    tweets: Option<Vec<&'a RawValue>>,
}

/// A page's `data[]`, `includes.users[]` and `includes.tweets[]`, each item as the file has it.
type PageItems<'a> = (Vec<&'a RawValue>, Vec<&'a RawValue>, Vec<&'a RawValue>);

/// The items of a page of any shape: `data` an array or, on a stream line, one tweet; an
/// `includes` of another shape is as good as missing.
fn page_items(line: &str) -> Result<PageItems<'_>, String> {
    if let Ok(page) = serde_json::from_str::<ArrayPage<'_>>(line) {
        let (users, tweets) = page.includes.map_or((None, None), |i| (i.users, i.tweets));
        return Ok((
            page.data,
            users.unwrap_or_default(),
            tweets.unwrap_or_default(),
        ));
    }
    let page: Page<'_> = serde_json::from_str(line).map_err(invalid)?;
    let data: Vec<&RawValue> = match page.data {
        Some(data) if data.get().starts_with('[') => {
            serde_json::from_str(data.get()).map_err(invalid)?
        }
        // A stream line: one tweet.
        Some(data) if data.get().starts_with('{') => vec![data],
        // A search with no hits.
        None if lenient::<Meta>(page.meta).and_then(|m| m.result_count) == Some(0) => Vec::new(),
        _ => {
            let errors: Vec<ApiError<'_>> = lenient_items(page.errors);
            let error = errors.first().and_then(|e| {
                let field = e
                    .detail
                    .as_ref()
                    .filter(|d| d.as_str().is_some())
                    .or(e.title.as_ref());
                field.and_then(Loose::as_str)
            });
            return Err(match error {
                Some(e) => format!("an error from the Twitter API, not tweets: {e}"),
                None => "no `data`: not a Twitter API v2 page".into(),
            });
        }
    };
    let includes: Option<Includes<'_>> = lenient(page.includes);
    let (users, tweets) = includes.map_or((None, None), |i| (i.users, i.tweets));
    let items = |raw| lenient::<Vec<&RawValue>>(raw).unwrap_or_default();
    Ok((data, items(users), items(tweets)))
}

/// One API response page: `data[]` of tweets (or of users, for a users lookup) and
/// `includes.users[]` / `includes.tweets[]`.
#[cfg(test)]
fn parse_page(line: &str) -> Result<Vec<Record>, String> {
    read_page(line, &mut |_, _| None)
}

/// [`parse_page`], each tweet that `known` says the workspace holds yielded as
/// [`Record::Known`] once checked.
pub fn read_page(line: &str, known: &mut Known<'_>) -> Result<Vec<Record>, String> {
    let (data, users, tweets) = page_items(line)?;
    // A broken item is skipped on its own, said with its place on the page: the page's other
    // tweets are good (an API page holds up to a hundred).
    let mut records = Vec::with_capacity(data.len() + users.len());
    let broken = |i: usize, reason: String| {
        Record::Broken(format!("item {} of the page's data: {reason}", i + 1))
    };
    let mut items = Vec::with_capacity(data.len());
    for (i, raw) in data.iter().enumerate() {
        match serde_json::from_str::<Item<'_>>(raw.get()) {
            Ok(item) => items.push((i, *raw, item)),
            Err(e) => records.push(broken(i, invalid(e))),
        }
    }

    let users: Vec<Item<'_>> = users.into_iter().filter_map(|u| lenient(Some(u))).collect();
    let users: HashMap<&str, &Item<'_>> = users
        .iter()
        .filter_map(|u| Some((u.id.as_ref()?.as_str()?, u)))
        .collect();
    let included: Vec<Reference<'_>> = tweets
        .into_iter()
        .filter_map(|t| lenient(Some(t)))
        .collect();
    let included: HashMap<&str, &Reference<'_>> = included
        .iter()
        .filter_map(|t| Some((t.id.as_ref()?.as_str()?, t)))
        .collect();

    for user in users.values() {
        // An included user without an id is left out, as a lenient include is.
        if let Ok(user) = author(user) {
            records.push(Record::Author(user));
        }
    }
    for (i, raw, item) in &items {
        if item.is_user() {
            records.push(author(item).map_or_else(|e| broken(*i, e), Record::Author));
            continue;
        }
        let user = item
            .author_id
            .as_ref()
            .and_then(Loose::as_str)
            .and_then(|id| users.get(id).copied());
        let checked = match check(item) {
            Ok(checked) => checked,
            Err(e) => {
                records.push(broken(*i, e));
                continue;
            }
        };
        if let Some((stored, had)) = known(Platform::Twitter, &checked.id) {
            records.push(Record::Known(stored, known_counts(item).beyond(&had)));
            continue;
        }
        let lookup = |id: &str| {
            included
                .get(id)
                .and_then(|t| t.text.as_ref()?.as_str().map(str::to_string))
        };
        records.push(Record::Post(Box::new(tweet(
            raw, item, checked, user, lookup,
        ))));
    }
    Ok(records)
}

/// An entry of a page's `errors[]`.
#[derive(Deserialize)]
struct ApiError<'a> {
    #[serde(borrow, default, deserialize_with = "present")]
    detail: Option<Loose<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    title: Option<Loose<'a>>,
}

/// One flattened tweet with its `author` object merged in.
#[cfg(test)]
fn parse_flat(line: &str) -> Result<Vec<Record>, String> {
    read_flat(line, &mut |_, _| None)
}

/// [`parse_flat`], a tweet that `known` says the workspace holds yielded as [`Record::Known`]
/// once checked.
pub fn read_flat(line: &str, known: &mut Known<'_>) -> Result<Vec<Record>, String> {
    let raw: &RawValue = serde_json::from_str(line).map_err(invalid)?;
    if !raw.get().starts_with('{') {
        return Err("expected a tweet object".into());
    }
    let item: Item<'_> = serde_json::from_str(raw.get()).map_err(invalid)?;
    if item.is_user() {
        // A flattened user lookup: one user per line.
        return Ok(vec![Record::Author(author(&item)?)]);
    }
    let user: Option<Item<'_>> = item
        .author
        .filter(|a| a.get().starts_with('{'))
        .and_then(|a| lenient(Some(a)));
    let checked = check(&item)?;
    let mut records = Vec::with_capacity(2);
    if let Some(user) = &user {
        records.push(Record::Author(author(user)?));
    }
    if let Some((stored, had)) = known(Platform::Twitter, &checked.id) {
        records.push(Record::Known(stored, known_counts(&item).beyond(&had)));
        return Ok(records);
    }
    let refs: Vec<Reference<'_>> = lenient_items(item.referenced_tweets);
    let post = tweet(raw, &item, checked, user.as_ref(), |id| {
        refs.iter()
            .find(|t| t.id.as_ref().and_then(Loose::as_str) == Some(id) && t.text.is_some())
            .and_then(|t| t.text.as_ref()?.as_str().map(str::to_string))
    });
    records.push(Record::Post(Box::new(post)));
    Ok(records)
}

fn author(user: &Item<'_>) -> Result<Author, String> {
    Ok(Author {
        platform: Platform::Twitter,
        native_id: Item::str_field(&user.id).ok_or("a user without an id")?,
        handle: Item::str_field(&user.username),
        name: Item::str_field(&user.name),
        followers: count(&user.metrics().followers_count),
        verified: crate::import::fields::verified(
            user.verified.as_ref().and_then(Loose::as_bool),
            user.verified_type.as_ref().and_then(Loose::as_str),
        ),
    })
}

/// What makes a tweet importable, checked before the rest of it is read.
struct Checked<'a> {
    id: String,
    created_at: DateTime<Utc>,
    text: Cow<'a, str>,
}

/// The tweet's id, time and text, or why it cannot be imported.
fn check<'a>(item: &'a Item<'a>) -> Result<Checked<'a>, String> {
    let id = Item::str_field(&item.id).ok_or("a tweet without an id")?;
    let created = Item::str_field(&item.created_at).ok_or("a tweet without created_at")?;
    let created_at = DateTime::parse_from_rfc3339(&created)
        .map_err(|_| format!("created_at {created:?} is not an RFC 3339 time"))?
        .with_timezone(&Utc);
    let short = item
        .text
        .as_ref()
        .and_then(Loose::as_str)
        .ok_or("a tweet without text")?;
    let whole = lenient::<Note<'a>>(item.note_tweet).and_then(|note| match note.text {
        Some(Loose::Str(text)) if !text.trim().is_empty() => Some(text),
        _ => None,
    });
    let text = whole.unwrap_or(Cow::Borrowed(short));
    Ok(Checked {
        id,
        created_at,
        text,
    })
}

/// Normalises one API v2 tweet, [`check`]ed, `raw` being its JSON as the file has it. `lookup`
/// finds the text of referenced tweets shipped alongside it, so that a retweet's truncated
/// "RT @user: …" text can be restored in full.
fn tweet(
    raw: &RawValue,
    item: &Item<'_>,
    checked: Checked<'_>,
    user: Option<&Item<'_>>,
    lookup: impl Fn(&str) -> Option<String>,
) -> Post {
    let Checked {
        id,
        created_at,
        text,
    } = checked;
    let mut text = unescape_markup(&text);

    let (kind, parent) = reference(item);
    if kind == PostKind::Repost {
        if let Some(full) = parent.as_deref().and_then(&lookup) {
            if let Some(prefix_end) = text.find(": ") {
                if text.starts_with("RT @") {
                    text = format!("{}{}", &text[..prefix_end + 2], unescape_markup(&full));
                }
            }
        }
    }

    let handle = user.and_then(|u| Item::str_field(&u.username));
    let url = Some(match &handle {
        Some(h) => format!("https://twitter.com/{h}/status/{id}"),
        None => format!("https://twitter.com/i/web/status/{id}"),
    });
    let counts = counts_of(&item.metrics());
    let mut post = Post {
        platform: Platform::Twitter,
        native_id: id,
        author_id: Item::str_field(&item.author_id)
            .or_else(|| user.and_then(|u| Item::str_field(&u.id))),
        created_at,
        text,
        lang: Item::str_field(&item.lang).filter(|l| super::fields::is_language(l)),
        url,
        kind,
        parent,
        likes: counts.likes,
        shares: counts.shares,
        replies: counts.replies,
        quotes: counts.quotes,
        views: counts.views,
        followers_at_post: user.and_then(|u| count(&u.metrics().followers_count)),
        reported_engagement: None,
        local_id: None,
        raw: raw.get().to_string(),
    };
    retweet_counts(&mut post);
    post
}

/// A tweet's counts as its metrics give them. An `impression_count` of 0 is one X did not
/// make (it gives 0 for tweets from before it counted views): unknown, so that the estimated
/// views come from the followers, as a listening tool's 0 views are read.
fn counts_of(metrics: &Metrics<'_>) -> Counts {
    Counts {
        likes: count(&metrics.like_count),
        shares: count(&metrics.retweet_count),
        replies: count(&metrics.reply_count),
        quotes: count(&metrics.quote_count),
        views: count(&metrics.impression_count).filter(|&views| views > 0),
        reported_engagement: None,
    }
}

/// The counts a stored tweet met again brings: none for a retweet, whose counts are its
/// original's (`fields::retweet_counts`).
fn known_counts(item: &Item<'_>) -> Counts {
    match reference(item).0 {
        PostKind::Repost => Counts::default(),
        _ => counts_of(&item.metrics()),
    }
}

/// The tweet's relation to another: retweet, quote or reply, with the other tweet's id.
fn reference(item: &Item<'_>) -> (PostKind, Option<String>) {
    let refs: Vec<Reference<'_>> = lenient_items(item.referenced_tweets);
    let find = |ty: &str| {
        refs.iter()
            .find(|r| r.kind.as_ref().and_then(Loose::as_str) == Some(ty))
            .and_then(|r| Item::str_field(&r.id))
    };
    // A reply that also quotes a post is in the thread it answers.
    for (ty, kind) in [
        ("retweeted", PostKind::Repost),
        ("replied_to", PostKind::Reply),
        ("quoted", PostKind::Quote),
    ] {
        if let Some(id) = find(ty) {
            return (kind, Some(id));
        }
    }
    (PostKind::Post, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posts(records: Vec<Record>) -> Vec<Post> {
        records
            .into_iter()
            .filter_map(|r| match r {
                Record::Post(p) => Some(*p),
                Record::Author(_) | Record::Known(..) | Record::Private | Record::Broken(_) => None,
            })
            .collect()
    }

    #[test]
    fn a_broken_tweet_is_skipped_alone_and_the_page_s_others_are_kept() {
        let line = r#"{"data": [
            {"id": "101", "text": "no time"},
            {"id": "102", "text": "portal down", "created_at": "2026-10-31T23:30:00Z"},
            [1, 2],
            {"id": "103", "text": "still down", "created_at": "2026-10-31T23:31:00Z"}
        ]}"#;
        let records = parse_page(line).unwrap();
        let broken: Vec<&str> = records
            .iter()
            .filter_map(|r| match r {
                Record::Broken(reason) => Some(reason.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(broken.len(), 2, "{broken:?}");
        assert!(
            broken[0].starts_with("item 1 of the page's data: a tweet without created_at"),
            "{broken:?}"
        );
        assert!(
            broken[1].starts_with("item 3 of the page's data"),
            "{broken:?}"
        );
        let kept: Vec<String> = posts(records).into_iter().map(|p| p.native_id).collect();
        assert_eq!(kept, ["102", "103"]);
    }

    #[test]
    fn odd_field_shapes_are_read_as_the_api_meant_them_or_as_unknown() {
        let line = r#"{"data": [
            {"id": 1601, "text": "numeric id, string counts", "created_at": "2026-10-31T23:30:00Z",
             "author_id": 7, "lang": "und",
             "public_metrics": {"like_count": "12", "retweet_count": 1.5, "reply_count": null}},
            {"id": "1602", "text": "metrics of the wrong shape", "created_at": "2026-10-31T23:31:00Z",
             "public_metrics": 5, "referenced_tweets": {"type": "quoted"}},
            {"id": "1603", "text": "https://t.co/photo", "created_at": "2026-10-31T23:32:00Z",
             "lang": "qme"}
        ], "includes": {"users": [{"id": 7, "username": "numeric"}, "not a user"]}}"#;
        let got = posts(parse_page(line).unwrap());
        assert_eq!(got[0].native_id, "1601");
        assert_eq!(got[0].author_id.as_deref(), Some("7"));
        assert_eq!(got[0].lang, None);
        // X's code for a post of media only is no language.
        assert_eq!(
            (got[2].native_id.as_str(), got[2].lang.as_deref()),
            ("1603", None)
        );
        assert_eq!(
            (got[0].likes, got[0].shares, got[0].replies),
            (Some(12), None, None)
        );
        // The user's id is a number, so it is not matched to the tweet's author (as before).
        assert_eq!(
            got[0].url.as_deref(),
            Some("https://twitter.com/i/web/status/1601")
        );
        assert_eq!((got[1].likes, got[1].kind), (None, PostKind::Post));
    }

    /// A post longer than 280 characters has its first 280 in `text` and the whole in
    /// `note_tweet.text`; a `note_tweet` of another shape leaves `text`.
    #[test]
    fn a_long_post_is_read_whole_from_its_note_tweet() {
        let line = r#"{"data": [
            {"id": "1", "text": "The portal has been down since 7 am and… https://t.co/x",
             "created_at": "2026-10-31T23:30:00Z",
             "note_tweet": {"text": "The portal has been down since 7 am and nobody can see \u00e9 grades &amp; schedules", "entities": {}}},
            {"id": "2", "text": "short", "created_at": "2026-10-31T23:31:00Z", "note_tweet": 5},
            {"id": "3", "text": "also short", "created_at": "2026-10-31T23:32:00Z",
             "note_tweet": {"text": ""}}
        ]}"#;
        let got = posts(parse_page(line).unwrap());
        let texts: Vec<&str> = got.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The portal has been down since 7 am and nobody can see é grades & schedules",
                "short",
                "also short"
            ]
        );
        let flat = r#"{"id": "4", "text": "cut…", "created_at": "2026-10-31T23:30:00Z", "note_tweet": {"text": "whole"}}"#;
        assert_eq!(posts(parse_flat(flat).unwrap())[0].text, "whole");
    }

    #[test]
    fn a_post_keeps_its_tweet_exactly_as_the_file_has_it() {
        let tweet =
            r#"{"id":"1603","text":"caf\u00e9 \"quoted\"",  "created_at":"2026-10-31T23:30:00Z"}"#;
        let line = format!(r#"{{"data": [ {tweet} ]}}"#);
        let got = posts(parse_page(&line).unwrap());
        assert_eq!(got[0].raw, tweet);
        assert_eq!(got[0].text, "café \"quoted\"");
        let got = posts(parse_flat(tweet).unwrap());
        assert_eq!(got[0].raw, tweet);
    }

    /// API v2 gives a retweet its original's retweets and impressions; the retweet is credited
    /// with none, so that three retweets of a popular tweet do not count its 722 retweets thrice.
    #[test]
    fn a_retweet_has_no_counts_of_its_own() {
        let line = r#"{"data": [{"id": "1605", "text": "RT @big: portal down", "created_at":
            "2026-10-31T23:30:00Z", "referenced_tweets": [{"type": "retweeted", "id": "1500"}],
            "public_metrics": {"retweet_count": 722, "like_count": 0, "reply_count": 0,
            "quote_count": 0, "impression_count": 830000}}]}"#;
        let got = posts(parse_page(line).unwrap());
        assert_eq!(got[0].kind, PostKind::Repost);
        assert_eq!(
            (got[0].shares, got[0].views, got[0].engagement()),
            (Some(0), None, Some(0))
        );
    }

    /// The usual page is read in one pass; a stream line, or a page whose `includes` has another
    /// shape, through the reader of any shape, to the same records.
    #[test]
    fn a_page_reads_the_same_in_one_pass_or_through_any_shape() {
        let tweet = r#"{"id": "1604", "text": "portal down", "created_at": "2026-10-31T23:30:00Z",
                        "author_id": "8", "public_metrics": {"like_count": 2}}"#;
        let user = r#"{"id": "8", "username": "eight", "public_metrics": {"followers_count": 80}}"#;
        let usual = format!(r#"{{"data": [{tweet}], "includes": {{"users": [{user}]}}}}"#);
        let stream = format!(r#"{{"data": {tweet}, "includes": {{"users": [{user}]}}}}"#);
        assert!(serde_json::from_str::<ArrayPage<'_>>(&usual).is_ok());
        assert!(serde_json::from_str::<ArrayPage<'_>>(&stream).is_err());
        let records = parse_page(&usual).unwrap();
        assert_eq!(parse_page(&stream).unwrap(), records);
        let Record::Author(author) = &records[0] else {
            panic!("the included user comes first: {records:?}")
        };
        assert_eq!(
            (author.handle.as_deref(), author.followers),
            (Some("eight"), Some(80))
        );

        // `includes.users` not an array: as good as missing, the tweet still read.
        let odd = format!(r#"{{"data": [{tweet}], "includes": {{"users": {user}}}}}"#);
        assert!(serde_json::from_str::<ArrayPage<'_>>(&odd).is_err());
        let got = posts(parse_page(&odd).unwrap());
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].native_id.as_str(), got[0].likes), ("1604", Some(2)));
        assert_eq!(got[0].followers_at_post, None, "no user to take it from");
    }

    #[test]
    fn no_impressions_are_unknown_views() {
        let tweet = |views: u32| {
            format!(
                r#"{{"id": "1", "text": "portal", "created_at": "2026-10-31T23:30:00Z",
                "author_id": "8", "public_metrics": {{"like_count": 2, "impression_count": {views}}}}}"#
            )
        };
        let views = |line: &str| posts(parse_flat(line).unwrap())[0].views;
        assert_eq!(views(&tweet(0)), None);
        assert_eq!(views(&tweet(40)), Some(40));
    }

    /// A tweet the workspace holds is checked, then yielded as known without being built; one
    /// that fails the check is still a broken line, whatever its id.
    #[test]
    fn a_known_tweet_is_checked_and_not_built() {
        let tweet = |id: &str, at: &str| {
            format!(r#"{{"id": "{id}", "text": "portal", "created_at": "{at}", "author_id": "8"}}"#)
        };
        let page = |tweets: &[String]| format!(r#"{{"data": [{}]}}"#, tweets.join(","));
        let mut asked = Vec::new();
        let mut known = |platform: Platform, id: &str| {
            asked.push((platform, id.to_string()));
            (id == "1").then_some((7, Counts::default()))
        };
        let fine = "2026-10-31T23:30:00Z";
        let records = read_page(&page(&[tweet("1", fine), tweet("2", fine)]), &mut known).unwrap();
        assert!(matches!(records[0], Record::Known(7, _)), "{records:?}");
        assert!(matches!(&records[1], Record::Post(p) if p.native_id == "2"));
        assert_eq!(
            asked,
            [
                (Platform::Twitter, "1".into()),
                (Platform::Twitter, "2".into())
            ]
        );

        let broken = page(&[tweet("1", "yesterday")]);
        let records = read_page(&broken, &mut |_, _| Some((7, Counts::default()))).unwrap();
        assert!(
            matches!(&records[..], [Record::Broken(reason)] if reason.contains("RFC 3339")),
            "{records:?}"
        );
        let reason = read_flat(&tweet("1", "yesterday"), &mut |_, _| {
            Some((7, Counts::default()))
        })
        .unwrap_err();
        assert!(reason.contains("RFC 3339"), "{reason}");
        let flat = read_flat(&tweet("1", fine), &mut |_, _| Some((7, Counts::default()))).unwrap();
        assert!(matches!(flat[..], [Record::Known(7, _)]), "{flat:?}");

        // A known tweet brings the counts it gives beyond the stored ones; a retweet none.
        let counted = r#"{"id": "1", "text": "portal", "created_at": "2026-10-31T23:30:00Z",
            "author_id": "8", "public_metrics": {"like_count": 9, "retweet_count": 2}}"#;
        let had = Counts {
            likes: Some(4),
            shares: Some(2),
            ..Counts::default()
        };
        let flat = read_flat(counted, &mut |_, _| Some((7, had))).unwrap();
        let want = Counts {
            likes: Some(9),
            ..Counts::default()
        };
        assert!(
            matches!(flat[..], [Record::Known(7, c)] if c == want),
            "{flat:?}"
        );
        let retweet = counted.replace(
            r#""author_id""#,
            r#""referenced_tweets": [{"type": "retweeted", "id": "5"}], "author_id""#,
        );
        let flat = read_flat(&retweet, &mut |_, _| Some((7, had))).unwrap();
        assert!(
            matches!(flat[..], [Record::Known(7, c)] if !c.any()),
            "{flat:?}"
        );
    }

    #[test]
    fn a_line_that_is_not_a_page_says_why() {
        let reason = |line: &str| parse_page(line).unwrap_err();
        assert_eq!(
            reason(r#"{"errors": [{"title": "Operational Disconnect", "detail": "gone"}]}"#),
            "an error from the Twitter API, not tweets: gone"
        );
        assert_eq!(
            reason(r#"{"errors": [{"title": "Operational Disconnect"}]}"#),
            "an error from the Twitter API, not tweets: Operational Disconnect"
        );
        assert_eq!(
            reason(r#"{"meta": {}}"#),
            "no `data`: not a Twitter API v2 page"
        );
        assert!(reason("{").starts_with("invalid JSON"));
        assert_eq!(parse_flat("[1]").unwrap_err(), "expected a tweet object");
    }
}
