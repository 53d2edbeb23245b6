//! Copies: posts that repeat another post's text — a pasted petition, a copied complaint, a
//! campaign — rather than saying something of their own. Reposts (retweets, boosts) are left
//! aside: the platform already says they repeat a post, and they are counted as reposts.
//!
//! A text is normalised first: lower-cased, links and @mentions dropped, every character that is
//! not a letter, a digit or `#` read as a space, so "SchoolMax is DOWN!! https://t.co/x" and
//! "schoolmax is down @district" are the same text. Texts of fewer than [`MIN_WORDS`] words are
//! never copies ("same", "+1"). Two posts are copies when their normalised texts are equal, or
//! near copies when their sets of three-word shingles overlap by at least [`NEAR`] (Jaccard
//! similarity): a changed or added last word in a sentence of a dozen words. Near copies are
//! found without comparing every pair: each text's shingles get a MinHash signature (32 fixed
//! hash functions), texts that share one of its 8 bands of 4 values are candidates, and a
//! candidate pair is kept only when its true Jaccard similarity reaches [`NEAR`]; groups are
//! then joined transitively. Everything is deterministic: fixed hashes, posts in time order, and
//! a group's original is its earliest post.
//!
//! For a window, `copies` = the posts whose text an earlier post of the window already had
//! (each group's first post is the original, not a copy), and `texts` = the groups with at
//! least one copy: "of 2,635 mentions, 1,900 are copies of 25 texts". Pure: no I/O.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashMap;

use serde::Serialize;

use super::samples::WindowPost;
use super::{counted, fmt_int, percent};
use crate::model::PostKind;

/// The fewest words a normalised text needs to count as copied.
pub const MIN_WORDS: usize = 4;
/// The Jaccard similarity of three-word shingles from which two texts are near copies.
pub const NEAR: f64 = 0.8;
/// The most copied texts a report lists.
const LISTED: usize = 5;

const HASHES: usize = 32;
const ROWS: usize = 4;

/// A text copied in a window.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct CopyGroup {
    /// The text of its earliest post, as written.
    pub text: String,
    /// The earliest post's row id.
    pub first: i64,
    /// Posts with this text (near copies included), the original among them.
    pub posts: u64,
    /// Distinct people who posted it (a post without an author counts as one).
    pub people: u64,
}

/// The copies among a window's posts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct Copies {
    /// Posts read, reposts included (at most `analytics::samples::MAX_TEXTS`).
    pub read: u64,
    /// Of them, reposts, left out of what follows.
    pub reposts: u64,
    /// Posts that copy the text of an earlier post of the window.
    pub copies: u64,
    /// Distinct texts that were copied.
    pub texts: u64,
    /// The most copied texts, most posts first.
    pub groups: Vec<CopyGroup>,
}

impl Copies {
    /// Copies as a share of the posts read that are not reposts; 0 with none.
    pub fn share(&self) -> f64 {
        let own = self.own();
        if own == 0 {
            0.0
        } else {
            self.copies as f64 / own as f64
        }
    }

    /// The posts read that are not reposts: those the copies are counted among.
    pub fn own(&self) -> u64 {
        self.read.saturating_sub(self.reposts)
    }

    /// The copies in words, with the reposts left aside said (a count of mentions includes
    /// them): "583 of 2,735 posts (21%) copy an earlier post's text: 170 texts copied; 82
    /// reposts left aside." The themes card, the explanation of a window and the command line
    /// say this.
    pub fn said(&self) -> String {
        let aside = match self.reposts {
            0 => String::new(),
            n => format!("; {} left aside", counted(n, "repost", "reposts")),
        };
        let own = self.own();
        if self.copies == 0 {
            return format!(
                "No post copies another's text ({} read{aside}).",
                counted(own, "post", "posts")
            );
        }
        format!(
            "{} of {} ({}) {} an earlier post's text: {} copied{aside}.",
            fmt_int(self.copies as f64),
            counted(own, "post", "posts"),
            percent(self.copies, own),
            if self.copies == 1 { "copies" } else { "copy" },
            counted(self.texts, "text", "texts"),
        )
    }

    /// [`Copies::said`] of a named window, whose reposts go without saying: "542 of the 2,553
    /// posts of the largest spike (…) that are not reposts (21%) copy an earlier post's text:
    /// 170 texts copied." The brief says this.
    pub fn said_of(&self, window: &str) -> String {
        if self.copies == 0 {
            return format!("No post of {window} copies another's text.");
        }
        let own = self.own();
        format!(
            "{} of the {} posts of {window} that are not reposts ({}) {} an earlier post's text: \
             {} copied.",
            fmt_int(self.copies as f64),
            fmt_int(own as f64),
            percent(self.copies, own),
            if self.copies == 1 { "copies" } else { "copy" },
            counted(self.texts, "text", "texts"),
        )
    }
}

/// How many of a window's posts are copies, as the headline figures say it: "of which 412 are
/// copies of 25 texts".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct CopyCount {
    /// Posts read, reposts included (the newest `analytics::samples::MAX_TEXTS` of the window).
    pub read: u64,
    /// Posts that copy the text of an earlier post of the window.
    pub copies: u64,
    /// Distinct texts that were copied.
    pub texts: u64,
}

impl CopyCount {
    /// Said under the mentions of a window that has `mentions` posts: "of which 412 are copies
    /// of 25 texts", or "of the newest 5,000, …" when only those were read; `None` without
    /// copies.
    pub fn note(&self, mentions: u64) -> Option<String> {
        if self.copies == 0 {
            return None;
        }
        let of = if self.read < mentions {
            format!("of the newest {},", super::fmt_int(self.read as f64))
        } else {
            "of which".to_string()
        };
        Some(format!(
            "{of} {} {} of {} {}",
            super::fmt_int(self.copies as f64),
            if self.copies == 1 {
                "is a copy"
            } else {
                "are copies"
            },
            super::fmt_int(self.texts as f64),
            if self.texts == 1 { "text" } else { "texts" },
        ))
    }
}

impl Copies {
    /// The counts alone.
    pub fn count(&self) -> CopyCount {
        CopyCount {
            read: self.read,
            copies: self.copies,
            texts: self.texts,
        }
    }
}

/// For each text, the index of the first text of its group (itself when it copies nothing).
pub fn group(texts: &[&str]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..texts.len()).collect();
    // Exact copies first: one representative per normalised text, with its shingles.
    let mut first_of: FxHashMap<String, usize> = FxHashMap::default();
    let mut distinct: Vec<usize> = Vec::new();
    let mut shingles: Vec<Vec<u64>> = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let key = normalised(text);
        if key.split(' ').filter(|w| !w.is_empty()).count() < MIN_WORDS {
            continue;
        }
        match first_of.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => parent[i] = *e.get(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let words: Vec<&str> = e.key().split(' ').collect();
                shingles.push(shingle_set(&words));
                e.insert(i);
                distinct.push(i);
            }
        }
    }
    // Then near copies among the distinct texts (`k` their place in `distinct`).
    let mut buckets: FxHashMap<(usize, u64), Vec<usize>> = FxHashMap::default();
    for (k, set) in shingles.iter().enumerate() {
        let signature = minhash(set);
        for (band, values) in signature.chunks(ROWS).enumerate() {
            let key = values.iter().fold(FNV_OFFSET, |h, v| mix(h ^ v));
            buckets.entry((band, key)).or_default().push(k);
        }
    }
    let mut keys: Vec<&(usize, u64)> = buckets.keys().collect();
    keys.sort_unstable();
    for key in keys {
        let members = &buckets[key];
        for (n, &j) in members.iter().enumerate().skip(1) {
            for &other in [members[0], members[n - 1]].iter() {
                if jaccard(&shingles[other], &shingles[j]) >= NEAR {
                    union(&mut parent, distinct[other], distinct[j]);
                }
            }
        }
    }
    (0..texts.len()).map(|i| find(&mut parent, i)).collect()
}

/// The copies among a window's posts (oldest first), with the most copied texts.
pub fn copies(posts: &[WindowPost]) -> Copies {
    let own = own_posts(posts);
    let groups = groups(&own);
    Copies {
        read: posts.len() as u64,
        reposts: (posts.len() - own.len()) as u64,
        copies: groups.iter().map(|m| m.len() as u64 - 1).sum(),
        texts: groups.len() as u64,
        groups: groups
            .iter()
            .take(LISTED)
            .map(|m| CopyGroup {
                text: own[m[0]].text.clone(),
                first: own[m[0]].id,
                posts: m.len() as u64,
                people: people(m.iter().map(|&i| own[i].author)),
            })
            .collect(),
    }
}

/// The row ids of the posts that [`copies`] counts as copies: every post of a group but its
/// first.
pub fn copy_ids(posts: &[WindowPost]) -> Vec<i64> {
    let own = own_posts(posts);
    let mut ids: Vec<i64> = groups(&own)
        .iter()
        .flat_map(|m| m[1..].iter().map(|&i| own[i].id))
        .collect();
    ids.sort_unstable();
    ids
}

fn own_posts(posts: &[WindowPost]) -> Vec<&WindowPost> {
    posts
        .iter()
        .filter(|p| p.kind != PostKind::Repost)
        .collect()
}

/// The groups of copied texts (indices into `own`, each group's first post first), most posts
/// first, then the earliest.
fn groups(own: &[&WindowPost]) -> Vec<Vec<usize>> {
    let texts: Vec<&str> = own.iter().map(|p| p.text.as_str()).collect();
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, f) in group(&texts).into_iter().enumerate() {
        members.entry(f).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = members.into_values().filter(|m| m.len() > 1).collect();
    groups.sort_by_key(|m| (std::cmp::Reverse(m.len()), m[0]));
    groups
}

/// Distinct authors, a post without one counting as one person.
pub fn people(authors: impl Iterator<Item = Option<i64>>) -> u64 {
    let mut known = HashSet::new();
    let mut anonymous = 0;
    for a in authors {
        match a {
            Some(a) => {
                known.insert(a);
            }
            None => anonymous += 1,
        }
    }
    known.len() as u64 + anonymous
}

/// A text's words for comparing: lower-cased, links and @mentions dropped, punctuation as space.
pub fn normalise(text: &str) -> Vec<String> {
    normalised(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// [`normalise`]'s words joined by single spaces: the text's key among exact copies.
fn normalised(text: &str) -> String {
    let mut kept = String::with_capacity(text.len() + 1);
    for word in text
        .split_whitespace()
        .filter(|w| !super::words::is_link(w) && !w.starts_with('@'))
    {
        kept.extend(spaced(word));
        kept.push(' ');
    }
    // Lower-cased at once: the spaces between words end a word for the final sigma as well.
    let lower = kept.to_lowercase();
    let mut key = String::with_capacity(lower.len());
    for word in lower.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// A word's characters, each that is not a letter, a digit or `#` as a space.
fn spaced(word: &str) -> impl Iterator<Item = char> + '_ {
    word.chars().map(|c| {
        if c.is_alphanumeric() || c == '#' {
            c
        } else {
            ' '
        }
    })
}

/// The hashes of a text's three-word shingles (of its words, when fewer), sorted, each once.
fn shingle_set(words: &[&str]) -> Vec<u64> {
    let mut set: Vec<u64> = words
        .windows(words.len().clamp(1, 3))
        .map(|w| {
            w.iter()
                .fold(FNV_OFFSET, |h, s| fnv(fnv(h, s.as_bytes()), b" "))
        })
        .collect();
    set.sort_unstable();
    set.dedup();
    set
}

fn minhash(shingles: &[u64]) -> [u64; HASHES] {
    let mut signature = [u64::MAX; HASHES];
    for &s in shingles {
        for (k, slot) in signature.iter_mut().enumerate() {
            *slot = (*slot).min(mix(s ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)));
        }
    }
    signature
}

/// The Jaccard similarity of two sorted sets.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let either = a.len() + b.len() - both;
    if either == 0 {
        0.0
    } else {
        both as f64 / either as f64
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// SplitMix64's finaliser: a fixed, well-mixed hash of a 64-bit value.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Joins two groups under the earlier of their first texts.
fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    let (keep, join) = if ra < rb { (ra, rb) } else { (rb, ra) };
    parent[join] = keep;
}

#[cfg(test)]
#[path = "copies_tests.rs"]
mod tests;
