//! Themes of a window: three to seven groups of posts that tell the same story, each with the
//! phrase that says it best. Offline and deterministic, in four steps a reader can follow:
//!
//! 1. **Copies collapsed.** Reposts are left aside and copied texts ([`super::copies`]) become
//!    one text, so a pasted petition counts once when grouping — it cannot make a theme by
//!    itself — and all its posts when sizing.
//! 2. **Words weighed.** Each distinct text becomes a TF-IDF vector of its content words and
//!    hashtags ([`vectors`]): words shared by few texts weigh more than common ones, and words
//!    in more than half of the texts (the topic's own name, say) are left out: they tell no
//!    story apart.
//! 3. **Texts grouped.** Spherical k-means with farthest-first starts ([`kmeans`]), with
//!    `k = √(texts ÷ 2)` rounded up, between 3 and 7. A start that gathers fewer than
//!    [`MIN_TEXTS`] distinct texts is an outlier: it is set aside and the grouping runs again
//!    (three times at most). A group still that small is no theme; its posts, the outliers' and
//!    those sharing no word with any theme are counted as `unthemed`.
//! 4. **Themes described.** Each theme's label is the sentence of its texts most similar to its
//!    centre (the shorter on a tie), its terms the three words weighing most in the centre; then
//!    its posts (copies included), distinct texts, people, negative share (of the posts with a
//!    sentiment score, those at −0.05 or below), and the posts of its two texts nearest the
//!    centre as examples. Themes are ranked by posts.
//!
//! Pure: the posts come in, oldest first (at most `analytics::samples::MAX_TEXTS`, the newest of
//! the window).

pub mod kmeans;
pub mod vectors;

use std::collections::HashMap;

use serde::Serialize;

use super::copies::{self, Copies};
use super::samples::{window_posts, WindowPost};
use super::series::NEGATIVE;
use crate::error::Result;
use crate::model::PostKind;
use crate::store::Store;
use crate::topics::matches::Selection;
use vectors::{dot, Vectors};

/// The fewest themes looked for, and the most.
pub const MIN_THEMES: usize = 3;
pub const MAX_THEMES: usize = 7;
/// The fewest distinct texts a theme has.
pub const MIN_TEXTS: usize = 2;
/// How many times outliers are set aside and the grouping run again.
const RETRIES: usize = 3;
/// The longest label, in characters.
const LABEL_CHARS: usize = 120;

/// One story of a window.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Theme {
    /// The sentence that says it best, as written (not yet pseudonymised).
    pub label: String,
    /// The row id of the post the label is from, whose author's own name it may hold.
    #[serde(skip)]
    #[ts(skip)]
    pub label_post: i64,
    /// The words weighing most in it.
    pub terms: Vec<String>,
    /// Its posts, copies included.
    pub posts: u64,
    /// Its distinct texts (copies of one text count once).
    pub texts: u64,
    pub people: u64,
    /// Of its posts with a sentiment score, the share negative in tone.
    pub negative_share: f64,
    /// Row ids of two example posts, the most typical first.
    pub examples: Vec<i64>,
    /// Row ids of all its posts, oldest first (the posts behind it).
    #[serde(skip)]
    #[ts(skip)]
    pub post_ids: Vec<i64>,
}

impl Theme {
    /// The row ids of the posts whose words it shows: its label's and its examples'.
    pub fn quoted(&self) -> impl Iterator<Item = i64> + '_ {
        std::iter::once(self.label_post).chain(self.examples.iter().copied())
    }
}

/// The themes of a window and its copies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct Themes {
    /// Most posts first.
    pub themes: Vec<Theme>,
    /// Posts read (reposts aside) that are in no theme.
    pub unthemed: u64,
    pub copies: Copies,
}

/// The themes of the selected posts in `[start, end)` unix seconds (the newest
/// `analytics::samples::MAX_TEXTS` of them).
pub fn window(store: &Store, selection: &Selection, (start, end): (i64, i64)) -> Result<Themes> {
    Ok(themes(&window_posts(store, selection, start, end)?))
}

/// The themes of the posts (oldest first).
pub fn themes(posts: &[WindowPost]) -> Themes {
    let copies = copies::copies(posts);
    let own: Vec<&WindowPost> = posts
        .iter()
        .filter(|p| p.kind != PostKind::Repost)
        .collect();
    let first = copies::group(&own.iter().map(|p| p.text.as_str()).collect::<Vec<_>>());
    // One item per distinct text: its first post's index, and all its posts' indices.
    let mut items: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut item_of: HashMap<usize, usize> = HashMap::new();
    for (i, &f) in first.iter().enumerate() {
        let item = *item_of.entry(f).or_insert_with(|| {
            items.push((f, Vec::new()));
            items.len() - 1
        });
        items[item].1.push(i);
    }
    let texts: Vec<&str> = items.iter().map(|(f, _)| own[*f].text.as_str()).collect();
    let vectors = Vectors::new(&texts);
    let usable = vectors.of_text.iter().filter(|v| !v.is_empty()).count();
    let k = ((usable as f64 / 2.0).sqrt().ceil() as usize).clamp(MIN_THEMES, MAX_THEMES);
    if usable < k * MIN_TEXTS {
        return Themes {
            themes: Vec::new(),
            unthemed: own.len() as u64,
            copies,
        };
    }
    // Starts are chosen from the most posted text on (ties: the earlier).
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(items[i].1.len()), items[i].0));
    // A start that gathers no other text is an outlier (a lone text in another language, say):
    // it is set aside and the grouping runs again without it, a few times at most.
    let dims = vectors.words.len();
    let (mut assigned, mut centres) = kmeans::cluster(&vectors.of_text, dims, k, &order);
    for _ in 0..RETRIES {
        let alone: Vec<usize> = (0..centres.len())
            .filter(|&c| assigned.iter().filter(|&&a| a == Some(c)).count() < MIN_TEXTS)
            .collect();
        if alone.is_empty() {
            break;
        }
        order.retain(|&i| !assigned[i].is_some_and(|c| alone.contains(&c)));
        (assigned, centres) = kmeans::cluster(&vectors.of_text, dims, k, &order);
    }

    let mut found: Vec<Theme> = Vec::new();
    for (c, centre) in centres.iter().enumerate() {
        let mut members: Vec<usize> = (0..items.len())
            .filter(|&i| assigned[i] == Some(c))
            .collect();
        if members.len() < MIN_TEXTS {
            continue;
        }
        // Nearest the centre first; ties to the more posted, then the earlier.
        let closeness = |i: usize| dot(&vectors.of_text[i], centre);
        members.sort_by(|&a, &b| {
            closeness(b)
                .total_cmp(&closeness(a))
                .then(items[b].1.len().cmp(&items[a].1.len()))
                .then(items[a].0.cmp(&items[b].0))
        });
        let mut post_idx: Vec<usize> = members
            .iter()
            .flat_map(|&i| items[i].1.iter().copied())
            .collect();
        post_idx.sort_unstable();
        let scored: Vec<f64> = post_idx.iter().filter_map(|&i| own[i].sentiment).collect();
        let negative = scored.iter().filter(|&&s| s <= NEGATIVE).count();
        let (label, label_post) = label(
            &vectors,
            centre,
            members.iter().map(|&i| (own[items[i].0].id, texts[i])),
        );
        found.push(Theme {
            label,
            label_post,
            terms: top_terms(&vectors, centre, 3),
            posts: post_idx.len() as u64,
            texts: members.len() as u64,
            people: copies::people(post_idx.iter().map(|&i| own[i].author)),
            negative_share: if scored.is_empty() {
                0.0
            } else {
                negative as f64 / scored.len() as f64
            },
            examples: members
                .iter()
                .take(2)
                .map(|&i| own[items[i].0].id)
                .collect(),
            post_ids: post_idx.iter().map(|&i| own[i].id).collect(),
        });
    }
    found.sort_by(|a, b| b.posts.cmp(&a.posts).then(b.texts.cmp(&a.texts)));
    let themed: u64 = found.iter().map(|t| t.posts).sum();
    Themes {
        unthemed: own.len() as u64 - themed,
        themes: found,
        copies,
    }
}

/// The sentence of the texts (each with its post's row id) most similar to the centre; the
/// shorter on a tie, then the first. Returns it with the row id of its post.
fn label<'a>(
    vectors: &Vectors,
    centre: &[f32],
    texts: impl Iterator<Item = (i64, &'a str)>,
) -> (String, i64) {
    let mut best: Option<(f32, String, i64)> = None;
    for (id, text) in texts {
        for sentence in sentences(text) {
            let s = dot(&vectors.vector_of(&sentence), centre);
            let better = match &best {
                None => true,
                Some((b, t, _)) => {
                    s > b + 1e-6 || ((s - b).abs() <= 1e-6 && sentence.len() < t.len())
                }
            };
            if better {
                best = Some((s, sentence, id));
            }
        }
    }
    let (one_line, id) = best.map_or((String::new(), 0), |(_, t, id)| (t, id));
    if one_line.chars().count() <= LABEL_CHARS {
        (one_line, id)
    } else {
        let cut: String = one_line.chars().take(LABEL_CHARS - 1).collect();
        (format!("{}…", cut.trim_end()), id)
    }
}

/// A text's sentences: its words (links left out, and the @mentions a reply starts with) up to
/// one ending in `.`, `!` or `?`, or to a line break; pieces with no letters dropped.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut current: Vec<&str> = Vec::new();
        let words = line
            .split_whitespace()
            .filter(|w| !super::words::is_link(w));
        for word in words {
            if current.is_empty() && out.is_empty() && word.starts_with('@') {
                continue;
            }
            current.push(word);
            if word.ends_with(['.', '!', '?']) {
                out.push(current.join(" "));
                current.clear();
            }
        }
        out.push(current.join(" "));
    }
    out.retain(|s| s.chars().any(char::is_alphabetic));
    out
}

/// The `n` words weighing most in the centre.
fn top_terms(vectors: &Vectors, centre: &[f32], n: usize) -> Vec<String> {
    let mut ids: Vec<usize> = (0..centre.len()).filter(|&i| centre[i] > 0.0).collect();
    ids.sort_by(|&a, &b| centre[b].total_cmp(&centre[a]).then(a.cmp(&b)));
    ids.into_iter()
        .take(n)
        .map(|i| vectors.words[i].clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_on_punctuation_and_keep_words() {
        assert_eq!(
            sentences("SchoolMax is down. Can't see my schedule!! 😩 https://t.co/x"),
            ["SchoolMax is down.", "Can't see my schedule!!"]
        );
        // A reply's addressees are not its words; a mention within the text is.
        assert_eq!(
            sentences("@ann @bob What @bob said. Yes"),
            ["What @bob said.", "Yes"]
        );
    }
}
