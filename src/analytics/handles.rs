//! A private person's handle written without its `@` ("ask jane_doe_private, she had the same
//! error"): in another person's post it names them as a mention does, and beside their
//! pseudonym elsewhere it would tell who that is.
//!
//! Only a word that looks like a handle, not like a word of the language, is taken for one: it
//! holds a `_`, a digit beside its letters, or a capital inside it (`jane_doe`, `maya2009`,
//! `JaneDoe`). A handle that is an ordinary word (`portal`, `grades`) would otherwise turn every
//! post saying that word into a pseudonym. The store says which of those words are the handles
//! of stored accounts ([`handles_in`]): the briefing's privacy rules show a private one as its
//! pseudonym, and the terms that rose leave them out.

use std::collections::HashSet;

use rusqlite::Connection;

use crate::error::Result;

/// The handles of stored accounts written without their `@` in `texts`, lower case: the words
/// that look like handles and that a stored account has as its handle, none of them verified
/// (a verified account is named, and so is its handle).
pub fn handles_in<'a>(
    conn: &Connection,
    texts: impl IntoIterator<Item = &'a str>,
) -> Result<HashSet<String>> {
    let mut asked = HashSet::new();
    let mut found = HashSet::new();
    let mut verified = conn.prepare_cached(
        "SELECT max(coalesce(verified, 0)) FROM authors
         WHERE handle = ?1 COLLATE NOCASE OR handle = '@' || ?1 COLLATE NOCASE",
    )?;
    for text in texts {
        for (_, word) in words(text) {
            let word = word.to_lowercase();
            if !asked.insert(word.clone()) {
                continue;
            }
            let any: Option<i64> = verified.query_row([&word], |r| r.get(0))?;
            if any == Some(0) {
                found.insert(word);
            }
        }
    }
    Ok(found)
}

/// `text` with each word that looks like a handle replaced by what `with` gives for it (left
/// as it is for `None`).
pub fn replaced(text: &str, mut with: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, word) in words(text) {
        if let Some(replacement) = with(word) {
            out.push_str(&text[copied..at]);
            out.push_str(&replacement);
            copied = at + word.len();
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// The words of `text` that look like handles, each with its byte offset: letters, digits and
/// `_`, not inside a mention (`@jane_doe`, `u/jane_doe`), an address (`me@x.org`) or a longer
/// word.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let joins = |c: char| c.is_alphanumeric() || c == '_';
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < text.len() {
            let rest = &text[at..];
            let len = rest.find(|c: char| !joins(c)).unwrap_or(rest.len());
            if len == 0 {
                at += rest.chars().next().map_or(1, char::len_utf8);
                continue;
            }
            let start = at;
            at += len;
            let before = text[..start].chars().last();
            let after = text[at..].chars().next();
            let mentioned = before.is_some_and(|c| matches!(c, '@' | '＠' | '/' | '.' | '-'))
                || after.is_some_and(|c| matches!(c, '@' | '＠'));
            let word = &rest[..len];
            if !mentioned && looks_like_handle(word) {
                return Some((start, word));
            }
        }
        None
    })
}

/// Whether `word` looks like a handle rather than a word: four characters or more, with a `_`
/// between its letters, a digit beside its letters, or a capital after a small letter.
pub fn looks_like_handle(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if word.chars().count() < 4 || letters < 2 {
        return false;
    }
    let inner_underscore = word.trim_matches('_').contains('_');
    let digit = word.chars().any(|c| c.is_ascii_digit());
    let camel = word
        .chars()
        .zip(word.chars().skip(1))
        .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
    inner_underscore || digit || camel
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_words_that_look_like_handles_are_taken_for_one() {
        let found: Vec<&str> = words(
            "ask jane_doe_private or JaneDoe or maya2009 about the portal, \
             not @kai_99, u/kai_88, me_x@mail.org, x.com/kai_77, INC0041388 or 2026 or v2",
        )
        .map(|(_, w)| w)
        .collect();
        assert_eq!(
            found,
            ["jane_doe_private", "JaneDoe", "maya2009", "INC0041388"]
        );
    }
}
