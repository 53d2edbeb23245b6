//! X/Twitter "Download your archive": `data/tweets.js` and its kin, JavaScript-wrapped JSON
//! (`window.YTD.tweets.part0 = [...]`). Archive generations name things differently: `tweet.js`
//! (2019–2021), `tweets.js` (2022–), `tweets-part1.js`… for large archives, and the old
//! Grailbird `data/js/tweets/2015_01.js`. Elements are `{"tweet": {...}}` or bare tweets; counts
//! are strings. From a zip or folder, `account.js` names the account and the number of entries
//! of `follower.js` is its follower count.

use std::io::{BufRead, Read};

use serde_json::Value;

use super::bundle::{file_name, Bundle, Source};
use super::{json_stream, twitter_v1, Sink};
use crate::error::{Error, Result};
use crate::model::{Author, Platform, Record};

/// Reads a whole archive (zip or folder) or a single tweets file.
pub fn read(source: &mut Source, sink: &mut Sink<'_>) -> Result<()> {
    match source {
        Source::File(input) => tweets(input.reader(), None, "", sink),
        Source::Bundle(bundle) => read_bundle(bundle, sink),
    }
}

/// Whether a member of an archive holds tweets.
pub fn is_tweets_file(member: &str) -> bool {
    let name = file_name(member);
    let Some(stem) = name.strip_suffix(".js") else {
        return false;
    };
    let stem = stem.split("-part").next().unwrap_or(stem);
    matches!(stem, "tweet" | "tweets") || member.contains("js/tweets/")
}

fn read_bundle(bundle: &mut Bundle, sink: &mut Sink<'_>) -> Result<()> {
    let names = bundle.names().to_vec();
    let find = |wanted: &str| {
        names.iter().find(|n| {
            let stem = file_name(n).trim_end_matches(".js");
            stem.split("-part").next() == Some(wanted)
        })
    };
    let mut account = None;
    if let Some(member) = find("account") {
        bundle.read_member(member, &mut |r| {
            each_element(r, &mut |_, el| {
                let a = el.get("account").unwrap_or(&el);
                if let Some(id) = super::fields::text(a, "accountId") {
                    account = Some(Author {
                        platform: Platform::Twitter,
                        native_id: id,
                        handle: super::fields::text(a, "username"),
                        name: super::fields::text(a, "accountDisplayName"),
                        followers: None,
                        verified: None,
                    });
                }
                Ok(())
            })
        })?;
    }
    if let Some(account) = &mut account {
        let mut followers = 0;
        for member in names.iter().filter(|n| {
            file_name(n).trim_end_matches(".js").split("-part").next() == Some("follower")
        }) {
            bundle.read_member(member, &mut |r| {
                each_element(r, &mut |_, _| {
                    followers += 1;
                    Ok(())
                })
            })?;
        }
        account.followers = Some(followers);
        sink(0, Ok(vec![Record::Author(account.clone())]))?;
    }
    let members: Vec<&String> = names.iter().filter(|n| is_tweets_file(n)).collect();
    if members.is_empty() {
        return Err(Error::UnsupportedFile(
            "a Twitter archive without data/tweets.js".into(),
        ));
    }
    for member in members {
        bundle.read_member(member, &mut |r| tweets(r, account.as_ref(), member, sink))?;
    }
    Ok(())
}

fn tweets(
    input: &mut dyn BufRead,
    account: Option<&Author>,
    member: &str,
    sink: &mut Sink<'_>,
) -> Result<()> {
    skip_assignment(input)?;
    json_stream::each_record(input, &[], |line, element| {
        let parsed = element.and_then(|element| {
            let tweet = element.get("tweet").unwrap_or(&element);
            twitter_v1::tweet(tweet, account)
        });
        sink(line, parsed.map_err(|e| prefixed(member, e)))
    })
}

fn prefixed(member: &str, reason: String) -> String {
    if member.is_empty() {
        reason
    } else {
        format!("{member}: {reason}")
    }
}

/// Streams the elements of a JavaScript-wrapped array, ignoring broken ones.
fn each_element(
    input: &mut dyn BufRead,
    each: &mut dyn FnMut(u64, Value) -> Result<()>,
) -> Result<()> {
    skip_assignment(input)?;
    json_stream::each_record(input, &[], |line, element| match element {
        Ok(element) => each(line, element),
        Err(_) => Ok(()),
    })
}

/// Consumes a leading `name = ` (when the input starts with one) and returns the name.
pub fn skip_assignment(input: &mut dyn BufRead) -> Result<Option<String>> {
    let io = super::read::read_error;
    let starts_with_name = loop {
        let buf = input.fill_buf().map_err(io)?;
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let letter = buf[i].is_ascii_alphabetic();
                input.consume(i);
                break letter;
            }
            None if buf.is_empty() => return Ok(None),
            None => {
                let n = buf.len();
                input.consume(n);
            }
        }
    };
    if !starts_with_name {
        return Ok(None);
    }
    let mut name = Vec::new();
    input.take(1024).read_until(b'=', &mut name).map_err(io)?;
    if name.last() != Some(&b'=') {
        return Err(Error::UnsupportedFile(
            "starts like JavaScript but assigns no value".into(),
        ));
    }
    name.pop();
    Ok(Some(String::from_utf8_lossy(&name).trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tweet_files_of_every_generation_are_recognised() {
        for yes in ["data/tweets.js", "data/tweet.js", "x/data/tweets-part2.js"] {
            assert!(is_tweets_file(yes), "{yes}");
        }
        assert!(is_tweets_file("data/js/tweets/2015_01.js"));
        for no in [
            "data/deleted-tweets.js",
            "data/follower.js",
            "data/tweets.json",
        ] {
            assert!(!is_tweets_file(no), "{no}");
        }
        let mut input = &b"window.YTD.tweets.part0 = [ ]"[..];
        let name = skip_assignment(&mut input).unwrap();
        assert_eq!(name.as_deref(), Some("window.YTD.tweets.part0"));
        assert_eq!(input, b" [ ]");
    }
}
