//! Naming a file's format from its content, never its name: the first record of a JSON file
//! (streamed, so a one-line 1 GB document is not read whole), the variable a JavaScript file
//! assigns (Twitter archives), a CSV's header, or the member names of a zip or folder.

use std::io::{BufRead, Read};
use std::path::Path;

use serde_json::Value;

use super::bundle::Source;
use super::csv_rows::CsvRows;
use super::{
    bluesky, crowdtangle, facebook_dyi, feed, json_stream, mastodon, reddit, text, twitter_archive,
    twitter_v1, Format,
};
use crate::error::{Error, Result};

/// How much of a first line (a CSV header, a JavaScript assignment) detection reads at most.
const LINE_LIMIT: u64 = 1024 * 1024;

/// How much of an XML document detection reads to find a feed's root element (after any
/// declaration, stylesheet and comments).
const XML_HEAD: u64 = 8 * 1024;

/// Names the format of `path`, or says in one line why it is not social data Townhall reads.
pub fn detect(path: &Path) -> Result<Format> {
    detect_in(Source::open(path)?, path)
}

/// [`detect`] of an input already open, named `path` in messages.
pub(crate) fn detect_in(source: Source, path: &Path) -> Result<Format> {
    let found = match source {
        Source::Bundle(bundle) => classify_bundle(bundle.names()),
        Source::File(mut input) => {
            let found = sniff(input.reader());
            if let (Err(_), Some(note)) = (&found, input.damage().take().first()) {
                return Err(Error::corrupt(format!(
                    "{}: {}",
                    path.display(),
                    note.reason
                )));
            }
            found
        }
    };
    found.map_err(|why| {
        Error::UnsupportedFile(format!(
            "{}: not a social-data file Townhall can read: {why}",
            path.display()
        ))
    })
}

/// Names the archive a zip or folder holds. It must hold one archive and nothing beside it: a
/// folder that holds an archive among other files (a download folder, a folder of exports)
/// would otherwise be read as the archive alone, every other file left out without a word.
fn classify_bundle(names: &[String]) -> Result<Format, String> {
    let tweets: Vec<&String> = names
        .iter()
        .filter(|n| twitter_archive::is_tweets_file(n))
        .collect();
    let (format, what, roots) = if !tweets.is_empty() {
        let roots = tweets.iter().map(|n| archive_root(n, &["data"])).collect();
        (Format::TwitterArchive, "a Twitter archive", roots)
    } else if names.iter().any(|n| facebook_dyi::is_content_file(n)) {
        let roots = names
            .iter()
            .filter(|n| facebook_dyi::is_content_file(n))
            .map(|n| archive_root(n, facebook_dyi::TOP_FOLDERS))
            .collect();
        (Format::FacebookDyi, "a Facebook export", roots)
    } else {
        return Err(
            "an archive or folder with neither data/tweets.js (Twitter archive) nor \
             your_posts/comments JSON (Facebook export); import the files inside it"
                .into(),
        );
    };
    let mut roots: Vec<&str> = roots;
    roots.sort_unstable();
    roots.dedup();
    let shown = |root: &str| match root {
        "" => "its top folder".to_string(),
        root => root.to_string(),
    };
    if let [first, second, ..] = roots[..] {
        return Err(format!(
            "a zip or folder holding {} archives ({} and {}); import each on its own",
            roots.len(),
            shown(first),
            shown(second)
        ));
    }
    let root = roots[0];
    // A Twitter archive's `data` folder imported on its own: its files are the archive's
    // `.js` files, and its folders the archive's media.
    let data_folder = format == Format::TwitterArchive
        && names
            .iter()
            .any(|n| twitter_archive::is_tweets_file(n) && !n.contains('/'));
    let beside: Vec<&String> = names
        .iter()
        .filter(|n| !is_system_file(n))
        .filter(|n| match n.strip_prefix(root) {
            None => true,
            // An archive unpacked at the top shares it with whatever else is there: its own
            // folders and pages, and anything else, which is beside it.
            Some(inside) if root.is_empty() => !archive_member(format, inside, data_folder),
            Some(_) => false,
        })
        .collect();
    match beside.first() {
        None => Ok(format),
        Some(other) => Err(format!(
            "a zip or folder holding {what} ({}) and {} other file{} beside it ({other}); import the \
             archive and the other files each on their own",
            shown(root),
            beside.len(),
            if beside.len() == 1 { "" } else { "s" }
        )),
    }
}

/// The folder an archive's member belongs to: the path up to the first of the archive's own
/// top folders (`data` for a Twitter archive), else the member's folder; `""` for the top.
fn archive_root<'a>(member: &'a str, top_folders: &[&str]) -> &'a str {
    let mut at = 0;
    for part in member.split('/') {
        if top_folders.contains(&part) {
            return &member[..at];
        }
        at += part.len() + 1;
    }
    member.rfind('/').map_or("", |i| &member[..=i])
}

/// Whether `member`, at the top of a folder or zip, can be part of an archive there: for a
/// Twitter archive its own folders (`data`, and `assets`, `css`, `img`, `js`, `lib` of older
/// ones) and top pages, or with `data_folder` (its `data` folder imported on its own) its `.js`
/// files and media folders; for a Facebook export, whose top folders vary by year, anything but
/// a file of data lying at the top (an export keeps its data in folders).
fn archive_member(format: Format, member: &str, data_folder: bool) -> bool {
    const TWITTER_FOLDERS: &[&str] = &["data", "assets", "css", "img", "js", "lib"];
    let data_file = |name: &str| {
        let name = name.to_lowercase();
        [
            ".json", ".jsonl", ".ndjson", ".csv", ".js", ".zst", ".gz", ".zip", ".xml",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
    };
    if data_folder {
        return member.contains('/') || member.ends_with(".js") || !data_file(member);
    }
    match (member.split_once('/'), format) {
        (Some((folder, _)), Format::TwitterArchive) => TWITTER_FOLDERS.contains(&folder),
        (Some(_), _) => true,
        (None, Format::TwitterArchive) => !data_file(member) || member == "tweets.csv",
        (None, _) => !data_file(member),
    }
}

/// Files an operating system leaves in folders and zips, which are no one's data.
fn is_system_file(member: &str) -> bool {
    member.starts_with("__MACOSX/")
        || member.rsplit('/').next().is_some_and(|name| {
            name.starts_with('.') || name == "Thumbs.db" || name == "desktop.ini"
        })
}

pub(crate) fn sniff(input: &mut dyn BufRead) -> Result<Format, String> {
    let first = loop {
        let buf = input.fill_buf().map_err(|e| e.to_string())?;
        let Some(&b) = buf.first() else {
            return Err("the file is empty".into());
        };
        if b.is_ascii_whitespace() || matches!(b, 0xEF | 0xBB | 0xBF) {
            input.consume(1);
        } else {
            break b;
        }
    };
    if matches!(first, b'{' | b'[') {
        return sniff_json(input);
    }
    if first == b'<' {
        let mut head = Vec::new();
        input
            .take(XML_HEAD)
            .read_to_end(&mut head)
            .map_err(|e| e.to_string())?;
        return if feed::is_feed(&String::from_utf8_lossy(&head)) {
            Ok(Format::Feed)
        } else {
            Err("an XML or HTML document that is not an RSS or Atom feed".into())
        };
    }
    // Text: decoded from its encoding (UTF-16 and Windows-1252 CSVs are common).
    let mut decoded = text::Decoded::new(input).map_err(|e| e.to_string())?;
    let mut head = Vec::new();
    (&mut decoded)
        .take(LINE_LIMIT)
        .read_until(b'\n', &mut head)
        .map_err(|e| e.to_string())?;
    let line = String::from_utf8_lossy(&head).into_owned();
    // Excel's `sep=;` line, which names a CSV's delimiter, is not a Twitter archive's
    // `window.YTD… =`.
    let excel_sep = text::excel_sep(line.as_bytes()).is_some();
    if let Some((name, _)) = line
        .split_once('=')
        .filter(|(n, _)| is_js_name(n.trim()) && !excel_sep)
    {
        return if name.to_lowercase().contains("tweet") {
            Ok(Format::TwitterArchive)
        } else {
            Err(format!(
                "a Twitter archive's {} file, not its tweets; import the whole archive",
                name.trim()
            ))
        };
    }
    // A CSV's header may follow a few lines of notes: it is found as the import finds it.
    decoded
        .take(LINE_LIMIT)
        .read_to_end(&mut head)
        .map_err(|e| e.to_string())?;
    let header: Vec<String> = CsvRows::new(&head[..])
        .and_then(|mut rows| rows.header())
        .ok()
        .flatten()
        .and_then(|(_, row)| row.ok())
        .map(|r| r.iter().map(str::to_string).collect())
        .unwrap_or_default();
    if crowdtangle::is_crowdtangle(&header) {
        Ok(Format::Crowdtangle)
    } else if header.len() >= 2 {
        Ok(Format::Csv)
    } else {
        Err("neither JSON, a Twitter archive file nor a CSV with a header".into())
    }
}

fn is_js_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$'))
}

/// Classifies the first record the JSON reader streams out of the input that names a format.
fn sniff_json(input: &mut dyn BufRead) -> Result<Format, String> {
    // A first line with half a character in a `\u` escape is classified as the import will
    // read it (`import::surrogates`).
    let head = input.fill_buf().map_err(|e| e.to_string())?;
    let end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    let repaired = std::str::from_utf8(&head[..end])
        .ok()
        .and_then(super::surrogates::repaired);
    if let Some(Ok(format)) = repaired.map(|line| sniff_json(&mut line.as_bytes())) {
        return Ok(format);
    }
    let containers: Vec<&str> = [
        twitter_v1::CONTAINERS,
        reddit::CONTAINERS,
        mastodon::CONTAINERS,
        bluesky::CONTAINERS,
        facebook_dyi::CONTAINERS,
    ]
    .concat();
    let mut found = None;
    let (mut refused, mut looked) = (None, 0);
    let mut input = Recording::new(input, EMPTY_PAGE_LIMIT);
    let walked = json_stream::walk(&mut input, &containers, &mut |path, line, record| {
        // A stream may open with a notice (`{"limit": …}`, an API page of errors only) or a
        // broken line, which the import skips: the first records that say a format name it.
        let record = record.map_err(|why| format!("no record could be read (line {line}: {why})"));
        match record.and_then(|r| classify(path, &r)) {
            Ok(format) => {
                found = Some(Ok(format));
                Err(Error::Cancelled)
            }
            Err(why) => {
                refused.get_or_insert(why);
                looked += 1;
                match looked < RECORDS_LOOKED_AT {
                    true => Ok(()),
                    false => Err(Error::Cancelled),
                }
            }
        }
    });
    let found = found.or(refused.map(Err));
    match (found, walked) {
        (Some(result), _) => result,
        (None, Err(e)) => Err(e.to_string()),
        (None, Ok(())) => input
            .recorded()
            .and_then(empty_page)
            .ok_or_else(|| "the JSON holds no records".into()),
    }
}

/// The records looked at for one that names a format.
const RECORDS_LOOKED_AT: usize = 20;

/// The largest document read again whole to tell which format's empty page it is.
const EMPTY_PAGE_LIMIT: usize = 64 * 1024;

/// The format of a page of results that holds none (a search with no hits, which a scheduled
/// import meets), from its keys: it imports as no posts rather than failing.
fn empty_page(document: &[u8]) -> Option<Format> {
    let value: Value = serde_json::from_slice(document).ok()?;
    let has = |key: &str| value.get(key).is_some();
    let empty = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty)
    };
    if value.get("kind").and_then(Value::as_str) == Some("Listing") {
        Some(Format::Reddit)
    } else if empty("statuses") && has("search_metadata") {
        Some(Format::TwitterV1)
    } else if empty("statuses") || empty("orderedItems") {
        Some(Format::Mastodon)
    } else if empty("posts") || empty("feed") {
        Some(Format::Bluesky)
    } else if empty("data") || (has("meta") && !has("data")) {
        Some(Format::Twarc2)
    } else {
        None
    }
}

/// A reader that keeps the first `limit` bytes it passes on, for a second look at a short
/// document.
struct Recording<'r> {
    inner: &'r mut dyn BufRead,
    kept: Vec<u8>,
    limit: usize,
    overflowed: bool,
}

impl<'r> Recording<'r> {
    fn new(inner: &'r mut dyn BufRead, limit: usize) -> Self {
        Self {
            inner,
            kept: Vec::new(),
            limit,
            overflowed: false,
        }
    }

    /// Everything read, if it was no longer than the limit.
    fn recorded(&self) -> Option<&[u8]> {
        (!self.overflowed).then_some(&self.kept[..])
    }
}

impl Read for Recording<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Recording<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let taken = &buf[..amount.min(buf.len())];
            if self.kept.len() + taken.len() <= self.limit {
                self.kept.extend_from_slice(taken);
            } else {
                self.overflowed = true;
            }
        }
        self.inner.consume(amount);
    }
}

/// Names the format of one record, found under the container keys `path`.
pub(crate) fn classify(path: &[String], value: &Value) -> Result<Format, String> {
    let obj = value
        .as_object()
        .ok_or_else(|| "expected JSON objects as records".to_string())?;
    let has = |k: &str| obj.contains_key(k);
    let in_data = path.first().is_some_and(|p| p == "data") && path.len() == 1;
    // An API v2 search with no hits: a page of `meta` alone.
    if !has("data")
        && obj
            .get("meta")
            .and_then(|m| m.get("result_count"))
            .and_then(Value::as_u64)
            == Some(0)
    {
        return Ok(Format::Twarc2);
    }
    if has("tweet_count") {
        return Err(
            "this is a Twitter API counts response (tweet volumes per period), not tweets".into(),
        );
    }
    if obj.get("tweet").is_some_and(Value::is_object) {
        return Ok(Format::TwitterArchive);
    }
    if (has("user") && (has("text") || has("full_text")) && has("created_at")) || has("delete") {
        return Ok(Format::TwitterV1);
    }
    if has("text") && has("id") && has("created_at") {
        if has("author_id") || has("author") {
            return Ok(if in_data {
                Format::Twarc2
            } else {
                Format::Twarc2Flat
            });
        }
        return Err("a tweet-like record without an author".into());
    }
    // A whole API v2 response page, met as an element of an array of pages.
    let first_in_data = obj
        .get("data")
        .and_then(Value::as_array)
        .and_then(|d| d.first());
    if first_in_data.is_some_and(|first| classify(&["data".into()], first) == Ok(Format::Twarc2)) {
        return Ok(Format::Twarc2);
    }
    if has("acct") {
        return Err(
            "a Mastodon account's profile, not its posts; import its statuses or its \
             archive's outbox.json"
                .into(),
        );
    }
    if has("username") && has("id") && !has("text") {
        // Users from a twarc2 user lookup: pages, or flattened one per line.
        return Ok(if in_data {
            Format::Twarc2
        } else {
            Format::Twarc2Flat
        });
    }
    let kind = obj.get("type").and_then(Value::as_str);
    if (has("account") && has("content")) || matches!(kind, Some("Create" | "Announce")) {
        return Ok(Format::Mastodon);
    }
    if (has("uri") && has("record")) || has("post") || (has("did") && has("handle")) {
        return Ok(Format::Bluesky);
    }
    let reddit_kind = obj.get("kind").and_then(Value::as_str);
    if matches!(reddit_kind, Some("t1" | "t3" | "Listing")) || has("subreddit") {
        return Ok(Format::Reddit);
    }
    let facebook_wrapper = !obj.is_empty()
        && obj
            .keys()
            .all(|k| facebook_dyi::CONTAINERS.contains(&k.as_str()));
    if (has("timestamp") && (has("data") || has("title") || has("attachments"))) || facebook_wrapper
    {
        return Ok(Format::FacebookDyi);
    }
    let keys: Vec<&str> = obj.keys().take(6).map(String::as_str).collect();
    Err(format!(
        "no posts of a known platform in the first record (keys: {})",
        keys.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sniffed(text: &str) -> Result<Format, String> {
        sniff(&mut text.as_bytes())
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|n| n.to_string()).collect()
    }

    /// A folder is an archive only when it holds one archive and nothing beside it: a folder of
    /// exports holding an archive somewhere was read as the archive alone.
    #[test]
    fn a_folder_is_one_archive_or_it_is_refused() {
        let archive = [
            "data/tweets.js",
            "data/account.js",
            "assets/js/x.js",
            "Your archive.html",
            ".DS_Store",
        ];
        assert_eq!(
            classify_bundle(&names(&archive)),
            Ok(Format::TwitterArchive)
        );
        let nested = ["twitter-2024/data/tweet.js", "twitter-2024/assets/x.css"];
        assert_eq!(classify_bundle(&names(&nested)), Ok(Format::TwitterArchive));
        let exports = [
            "bluesky/searchPosts.json",
            "twitter-archive/data/tweets.js",
            "twitter-archive/data/follower.js",
            "reddit/submissions.ndjson",
            "__MACOSX/twitter-archive/._tweets.js",
        ];
        let err = classify_bundle(&names(&exports)).unwrap_err();
        assert!(
            err.contains("a Twitter archive (twitter-archive/) and 2 other files")
                && err.contains("bluesky/searchPosts.json"),
            "{err}"
        );
        // An archive at the top of a folder shares it with nothing else either.
        for beside in ["reddit.ndjson", "bluesky/searchPosts.json"] {
            let err = classify_bundle(&names(&["data/tweets.js", beside])).unwrap_err();
            let said = format!("(its top folder) and 1 other file beside it ({beside})");
            assert!(err.contains(&said), "{err}");
        }
        // The archive's data folder on its own: its .js files and media folders are the
        // archive's; a file of another kind beside them is not.
        let data = [
            "tweets.js",
            "account.js",
            "tweets_media/1.jpg",
            "README.txt",
        ];
        assert_eq!(classify_bundle(&names(&data)), Ok(Format::TwitterArchive));
        let err = classify_bundle(&names(&["tweets.js", "posts.ndjson"])).unwrap_err();
        assert!(err.contains("(posts.ndjson)"), "{err}");
        let at_top = ["posts/your_posts_1.json", "about_you/x.json", "notes.csv"];
        let err = classify_bundle(&names(&at_top)).unwrap_err();
        assert!(err.contains("(notes.csv)"), "{err}");
        let two = ["a/data/tweets.js", "b/data/tweets.js"];
        let err = classify_bundle(&names(&two)).unwrap_err();
        assert!(err.contains("2 archives (a/ and b/)"), "{err}");
        let facebook = [
            "your_facebook_activity/posts/your_posts_1.json",
            "your_facebook_activity/comments_and_reactions/comments.json",
            "index.html",
        ];
        assert_eq!(classify_bundle(&names(&facebook)), Ok(Format::FacebookDyi));
        let mixed = ["fb/posts/your_posts_1.json", "notes.csv"];
        let err = classify_bundle(&names(&mixed)).unwrap_err();
        assert!(
            err.contains("a Facebook export (fb/) and 1 other file "),
            "{err}"
        );
    }

    /// A stream that opens with a notice, an API page of errors only or a broken line is named
    /// by the records after it, which the import reads (the notice is skipped).
    #[test]
    fn a_notice_or_a_broken_line_before_the_posts_does_not_hide_their_format() {
        let tweet = r#"{"id_str": "1", "text": "hi", "created_at": "x", "user": {"id_str": "2"}}"#;
        let stream = format!("{{\"limit\": {{\"track\": 5}}}}\n{tweet}\n");
        assert_eq!(sniffed(&stream), Ok(Format::TwitterV1));
        let page = r#"{"data": [{"id": "1", "text": "hi", "created_at": "x", "author_id": "2"}]}"#;
        let errors = r#"{"errors": [{"title": "Not Found Error", "resource_id": "9"}]}"#;
        assert_eq!(sniffed(&format!("{errors}\n{page}\n")), Ok(Format::Twarc2));
        assert_eq!(
            sniffed(&format!("{{\"broken\": }}\n{page}\n")),
            Ok(Format::Twarc2)
        );
        // Nothing but notices: refused, naming the first.
        let notices = "{\"limit\": 1}\n".repeat(30);
        assert!(sniffed(&notices).unwrap_err().contains("limit"));
    }

    #[test]
    fn names_each_format_from_content() {
        let page = r#"{"data": [{"id": "1", "text": "hi", "created_at": "x", "author_id": "2"}]}"#;
        assert_eq!(sniffed(page), Ok(Format::Twarc2));
        let pages = format!("[\n{page},\n{page}\n]");
        assert_eq!(sniffed(&pages), Ok(Format::Twarc2));
        let flat = json!({"id": "1", "text": "hi", "created_at": "x", "author_id": "2"});
        assert_eq!(sniffed(&flat.to_string()), Ok(Format::Twarc2Flat));
        assert_eq!(
            sniffed("window.YTD.tweets.part0 = ["),
            Ok(Format::TwitterArchive)
        );
        assert_eq!(
            sniffed(r#"{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {}}]}}"#),
            Ok(Format::Reddit)
        );
        assert_eq!(
            sniffed("[\n {\"timestamp\": 1, \"data\": []}\n]"),
            Ok(Format::FacebookDyi)
        );
        assert_eq!(
            sniffed("Page Name,User Name,Followers at Posting,Post Created,URL\n"),
            Ok(Format::Crowdtangle)
        );
        assert_eq!(sniffed("Date,Text,Author\n"), Ok(Format::Csv));
        let noted =
            "Brandwatch Consumer Research\nFrom:,2026-09-01\n\nDate,Full Text,Author\n1,a,b\n";
        assert_eq!(sniffed(noted), Ok(Format::Csv), "notes above the table");
        let rss = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>";
        assert_eq!(sniffed(rss), Ok(Format::Feed));
        let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\">";
        assert_eq!(sniffed(atom), Ok(Format::Feed));
        assert!(sniffed("<!doctype html><html>").is_err());
    }

    #[test]
    fn excel_s_sep_line_starts_a_csv_not_a_twitter_archive() {
        assert_eq!(
            sniffed("sep=;\nDate;Text;Author\n2024-03-01;portal down;kai\n"),
            Ok(Format::Csv)
        );
    }

    #[test]
    fn counts_and_random_json_get_a_reason() {
        let counts = r#"{"data": [{"end": "x", "start": "y", "tweet_count": 3}]}"#;
        assert!(sniffed(counts).unwrap_err().contains("counts"));
        assert!(sniffed(r#"{"hello": 1}"#).unwrap_err().contains("hello"));
        assert!(sniffed("[1, 2]").is_err());
        assert!(sniffed("window.YTD.follower.part0 = [")
            .unwrap_err()
            .contains("whole archive"));
        assert!(sniffed("just some words\n").is_err());
        let account = "{\n  \"id\": \"23634\",\n  \"username\": \"noiob\",\n  \"acct\": \"noiob@awoo.space\"\n}";
        assert!(sniffed(account).unwrap_err().contains("Mastodon account"));
    }
}
