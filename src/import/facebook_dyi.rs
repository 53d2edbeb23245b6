//! Facebook "Download Your Information" JSON: your posts (`your_posts_1.json`…, a top-level
//! array of `{timestamp, data: [{post}], title, attachments}`), comments (`comments_v2` /
//! older `comments`) and group posts and comments (`group_posts_v2`, `group_comments_v2`), from
//! the zip as downloaded, the unpacked folder or one file.
//!
//! Facebook writes UTF-8 text as if each byte were a Latin-1 character (`\u00c3\u00a9` for
//! "é"); [`repair`] undoes it. Records have no ids: each post's id is derived from its kind,
//! time, title and text, so re-importing adds nothing. Reactions are not in the export, so
//! counts stay unknown.
//!
//! Posts carry no author either: they are the export's owner's. Comments carry their author, who
//! is the owner, and titles name the owner before a few unambiguous verbs ("Maya K updated her
//! status."); the first of these an export's entries give is its owner, and every post from
//! then on is theirs (in a whole export, comments are read first). Without an author every post
//! would count as one more person.

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::bundle::{file_name, Bundle, Source};
use super::fields::{self, text};
use super::{json_stream, Sink};
use crate::error::{Error, Result};
use crate::model::{Author, Platform, Post, PostKind, Record};

/// Keys whose arrays hold entries.
pub const CONTAINERS: &[&str] = &[
    "comments_v2",
    "comments",
    "group_comments_v2",
    "group_posts_v2",
    "status_updates_v2",
];

/// Reads a whole export (zip or folder) or one of its JSON files.
pub fn read(source: &mut Source, sink: &mut Sink<'_>) -> Result<()> {
    match source {
        Source::File(input) => read_file(input.reader(), "", &mut Owner::default(), sink),
        Source::Bundle(bundle) => read_bundle(bundle, sink),
    }
}

/// Whether a member of an export holds posts or comments.
/// The top folders of a Download Your Information export, old layouts and new, under which its
/// content files lie: what is above them is where the export was unpacked.
pub const TOP_FOLDERS: &[&str] = &[
    "your_facebook_activity",
    "your_activity_across_facebook",
    "this_profile's_activity_across_facebook",
    "posts",
    "comments",
    "comments_and_reactions",
    "groups",
];

pub fn is_content_file(member: &str) -> bool {
    let name = file_name(member);
    name.ends_with(".json")
        && (name.starts_with("your_posts")
            || name.starts_with("comments")
            || name.contains("comments_in_groups")
            || name.contains("posts_in_groups")
            || name.starts_with("group_posts_and_comments"))
}

/// The export's owner as far as it has been read.
#[derive(Debug, Default)]
struct Owner(Option<String>);

fn read_bundle(bundle: &mut Bundle, sink: &mut Sink<'_>) -> Result<()> {
    let members: Vec<String> = bundle
        .names()
        .iter()
        .filter(|n| is_content_file(n))
        .cloned()
        .collect();
    if members.is_empty() {
        return Err(Error::UnsupportedFile(
            "a Facebook export without posts or comments".into(),
        ));
    }
    // Comments name their author outright, so they are read first.
    let (comments, posts): (Vec<String>, Vec<String>) = members
        .into_iter()
        .partition(|member| file_name(member).contains("comments"));
    let mut owner = Owner::default();
    for member in comments.iter().chain(&posts) {
        bundle.read_member(member, &mut |r| read_file(r, member, &mut owner, sink))?;
    }
    Ok(())
}

fn read_file(
    input: &mut dyn std::io::BufRead,
    member: &str,
    owner: &mut Owner,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let prefix = |reason: String| {
        if member.is_empty() {
            reason
        } else {
            format!("{member}: {reason}")
        }
    };
    json_stream::each_wrapped_record(input, CONTAINERS, |line, entry| {
        sink(line, entry.and_then(|e| parse(&e, owner)).map_err(prefix))
    })
}

/// One entry, or an object wrapping arrays of entries.
fn parse(entry: &Value, owner: &mut Owner) -> Result<Vec<Record>, String> {
    let obj = entry.as_object().ok_or("expected an object")?;
    if !obj.contains_key("timestamp") {
        let nested: Vec<&Value> = obj.values().filter_map(Value::as_array).flatten().collect();
        if nested.is_empty() {
            return Err(fields::missing("timestamp"));
        }
        let mut records = Vec::new();
        for entry in nested {
            records.extend(parse(entry, owner)?);
        }
        return Ok(records);
    }
    let created_at = fields::unix_seconds(obj.get("timestamp"))
        .ok_or_else(|| fields::missing("readable timestamp"))?;
    let data: Vec<&Value> = obj
        .get("data")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    let comment = data
        .iter()
        .find_map(|d| d.get("comment").filter(|c| c.is_object()));
    let title = text(entry, "title").map(|t| repair(&t));
    let (kind, body, author) = match comment {
        Some(c) => (
            PostKind::Comment,
            text(c, "comment").map(|t| repair(&t)).unwrap_or_default(),
            text(c, "author").map(|a| repair(&a)),
        ),
        None => {
            let posts: Vec<String> = data
                .iter()
                .filter_map(|d| d.get("post").and_then(Value::as_str))
                .map(repair)
                .collect();
            let body = if posts.is_empty() {
                title.clone().unwrap_or_default()
            } else {
                posts.join("\n\n")
            };
            if owner.0.is_none() {
                owner.0 = title.as_deref().and_then(actor).map(str::to_string);
            }
            (PostKind::Post, body, owner.0.clone())
        }
    };
    if owner.0.is_none() {
        owner.0.clone_from(&author);
    }
    let native_id = derived_id(kind, created_at.timestamp(), title.as_deref(), &body);
    let post = Post {
        platform: Platform::Facebook,
        native_id,
        author_id: author.clone(),
        created_at,
        text: body,
        lang: None,
        url: None,
        kind,
        parent: None,
        likes: None,
        shares: None,
        replies: None,
        quotes: None,
        views: None,
        followers_at_post: None,
        reported_engagement: None,
        local_id: None,
        raw: entry.to_string(),
    };
    let mut records: Vec<Record> = author
        .map(|name| {
            Record::Author(Author {
                platform: Platform::Facebook,
                native_id: name.clone(),
                handle: None,
                name: Some(name),
                followers: None,
                verified: None,
            })
        })
        .into_iter()
        .collect();
    records.push(Record::Post(Box::new(post)));
    Ok(records)
}

/// The person a title names as acting ("Maya K updated her status." → "Maya K"), from the verbs
/// Facebook's English titles use that cannot be part of what they did ("Maya K checked in at
/// This is It" names no one: " is " could be anywhere).
fn actor(title: &str) -> Option<&str> {
    const ACTIONS: &[&str] = &[
        " updated ",
        " recommends ",
        " doesn't recommend ",
        " wrote ",
        " shared ",
        " added ",
        " posted ",
    ];
    let at = ACTIONS
        .iter()
        .filter_map(|action| title.find(action))
        .min()?;
    let name = title[..at].trim();
    (!name.is_empty() && name.chars().count() <= 80).then_some(name)
}

/// A stable id for an entry that has none: `dyi-` and the first 128 bits of a SHA-256.
fn derived_id(kind: PostKind, timestamp: i64, title: Option<&str>, text: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(format!(
        "{}\0{timestamp}\0{}\0{text}",
        kind.as_str(),
        title.unwrap_or("")
    ));
    let digest = hasher.finalize();
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("dyi-{hex}")
}

/// Undoes UTF-8 read as Latin-1: when every char is ≤ U+00FF and those bytes are valid UTF-8,
/// returns the decoded text; otherwise the text as it was.
pub fn repair(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let bytes: Option<Vec<u8>> = s.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect();
    bytes
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_else(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_names_who_acted() {
        assert_eq!(actor("Maya K updated her status."), Some("Maya K"));
        assert_eq!(
            actor("Hunter Hillis  recommends The Handlebar."),
            Some("Hunter Hillis")
        );
        assert_eq!(
            actor("Hunter Hillis wrote on Austin's timeline. He was happy."),
            Some("Hunter Hillis")
        );
        assert_eq!(actor("Maya K"), None);
        assert_eq!(actor("Maya K checked in at This is It Burger Bar."), None);
        assert_eq!(actor(" updated her status."), None);
    }

    #[test]
    fn posts_are_their_owners_once_named() {
        let mut owner = Owner::default();
        let entry = |title: Option<&str>| {
            let mut e = serde_json::json!({"timestamp": 1_788_246_000, "data": [{"post": "hi"}]});
            if let Some(t) = title {
                e["title"] = t.into();
            }
            e
        };
        let author = |records: Vec<Record>| match records.last() {
            Some(Record::Post(post)) => post.author_id.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(author(parse(&entry(None), &mut owner).unwrap()), None);
        assert_eq!(
            author(parse(&entry(Some("Maya K shared a link.")), &mut owner).unwrap()),
            Some("Maya K".into())
        );
        assert_eq!(
            author(parse(&entry(None), &mut owner).unwrap()),
            Some("Maya K".into()),
            "an untitled post is the owner's once the owner is known"
        );
        assert_eq!(
            author(parse(&entry(Some("Ann B updated her status.")), &mut owner).unwrap()),
            Some("Maya K".into()),
            "the owner, once known, stays"
        );
    }

    #[test]
    fn mis_decoded_text_is_repaired_and_good_text_kept() {
        assert_eq!(repair("caf\u{00c3}\u{00a9}"), "café");
        assert_eq!(
            repair("\u{00e2}\u{009d}\u{00a4}\u{00ef}\u{00b8}\u{008f}"),
            "❤️"
        );
        assert_eq!(
            repair("café"),
            "café",
            "already right: é alone is not UTF-8"
        );
        assert_eq!(repair("naïve ❤"), "naïve ❤");
    }
}
