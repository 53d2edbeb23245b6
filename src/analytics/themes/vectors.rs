//! Texts as TF-IDF vectors: each distinct text's content words and hashtags
//! ([`crate::analytics::words`]), each present word weighted by its inverse document frequency
//! over the distinct texts (`ln((1 + n) / (1 + df)) + 1`; nothing for a word in more than half
//! of them), the vector scaled to length 1 so that cosine similarity is a dot product. Sparse,
//! with word ids in order.

use std::collections::HashMap;

use crate::analytics::words::{is_content, tokens};

/// The largest share of the texts a word may be in and still weigh something.
pub const MAX_SHARE: f32 = 0.5;

/// A sparse vector: (word id, weight), word ids increasing.
pub type Sparse = Vec<(u32, f32)>;

/// The vocabulary of a set of texts and each text's vector.
#[derive(Debug, Clone)]
pub struct Vectors {
    pub words: Vec<String>,
    idf: Vec<f32>,
    ids: HashMap<String, u32>,
    pub of_text: Vec<Sparse>,
}

/// The distinct content words of a text, in order of first use.
fn content_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in tokens(text) {
        if is_content(&w) && !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

impl Vectors {
    /// The vectors of `texts`; a word in more than [`MAX_SHARE`] of them weighs nothing.
    pub fn new(texts: &[&str]) -> Vectors {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut words = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        let per_text: Vec<Vec<u32>> = texts
            .iter()
            .map(|t| {
                content_words(t)
                    .into_iter()
                    .map(|w| {
                        let id = *ids.entry(w.clone()).or_insert_with(|| {
                            words.push(w);
                            df.push(0);
                            (df.len() - 1) as u32
                        });
                        df[id as usize] += 1;
                        id
                    })
                    .collect()
            })
            .collect();
        let n = texts.len() as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| {
                if d as f32 > MAX_SHARE * n {
                    0.0
                } else {
                    ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0
                }
            })
            .collect();
        let of_text = per_text
            .into_iter()
            .map(|ws| weigh(ws.into_iter().map(|id| (id, idf[id as usize]))))
            .collect();
        Vectors {
            words,
            idf,
            ids,
            of_text,
        }
    }

    /// Another text (a sentence of a member) in this vocabulary; words it does not know are
    /// left out.
    pub fn vector_of(&self, text: &str) -> Sparse {
        weigh(
            content_words(text)
                .iter()
                .filter_map(|w| self.ids.get(w))
                .map(|&id| (id, self.idf[id as usize])),
        )
    }
}

/// Sorted by word id, words that weigh nothing left out, and scaled to length 1 (empty stays
/// empty).
fn weigh(entries: impl Iterator<Item = (u32, f32)>) -> Sparse {
    let mut v: Sparse = entries.filter(|&(_, w)| w > 0.0).collect();
    v.sort_unstable_by_key(|&(id, _)| id);
    v.dedup_by_key(|&mut (id, _)| id);
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut v {
            *w /= norm;
        }
    }
    v
}

/// The dot product of a sparse vector with a dense one.
pub fn dot(v: &Sparse, dense: &[f32]) -> f32 {
    v.iter().map(|&(id, w)| w * dense[id as usize]).sum()
}

/// The dot product of two sparse vectors.
pub fn dot_sparse(a: &Sparse, b: &Sparse) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_rare_words_make_texts_similar() {
        let v = Vectors::new(&[
            "portal password rejected again",
            "password rejected by the portal",
            "bus routes missing from the #portal",
            "the portal is slow",
        ]);
        let (a, b, c) = (&v.of_text[0], &v.of_text[1], &v.of_text[2]);
        assert!((dot_sparse(a, a) - 1.0).abs() < 1e-5);
        assert!(dot_sparse(a, b) > 0.9, "{}", dot_sparse(a, b));
        assert!(dot_sparse(a, c) < 0.3, "{}", dot_sparse(a, c));
        assert!(v.vector_of("again, the same").is_empty());
        // "portal", in every text, says nothing about which story a text tells.
        assert!(!v.of_text[3]
            .iter()
            .any(|&(id, _)| v.words[id as usize] == "portal"));
        assert_eq!(v.of_text[3].len(), 1);
    }
}
