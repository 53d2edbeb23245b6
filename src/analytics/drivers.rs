//! What drove a surge: the terms that rose (defined in [`crate::analytics`]).
//!
//! Terms are words, #hashtags and two-word phrases, lower-cased, with stop words removed for the
//! languages Townhall's users write in most (English, Spanish, French, German); generic words
//! (numbers, days and times, common verbs: [`super::words`]) count only in a phrase with a
//! content word ("error page", not "trying since"). A term rose when it is relatively more
//! frequent in the window than in **both** backgrounds: the topic's own past (its posts before
//! the window) and the whole workspace outside the window (every topic's posts, and those of
//! none). Its score is the smaller of its two
//! log-likelihoods (Dunning's G²), so a word that is common in the workspace — it rises with any
//! surge — does not lead even when the topic never used it before, and a word the workspace
//! rarely sees but the topic always uses does not lead either. Only terms seen at least
//! `min_count` times in the window, and whose score is at least [`MIN_G2`] (more frequent than
//! chance would make them, at p < 0.05), are kept. A background with no text is left out; with
//! neither, terms are ranked by their count in the window. Pure: no I/O.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::words::{is_content, is_stop, tokens};

/// A term that rose, with its counts in the window and in both backgrounds.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RisingTerm {
    pub term: String,
    /// Posts of the window that use it.
    pub window: u64,
    /// Posts of the topic's own past (before the window) that use it.
    pub baseline: u64,
    /// Posts of the workspace outside the window that use it.
    pub workspace: u64,
    /// The smaller of its log-likelihoods G² against the topic's past and against the workspace;
    /// above 10.83 is significant at p < 0.001.
    pub g2: f64,
}

/// The least G² a term rose by: more frequent in the window than chance would make it at
/// p < 0.05 (against each background that has text).
pub const MIN_G2: f64 = 3.84;

/// The texts a window's terms are compared with.
#[derive(Debug, Clone, Copy, Default)]
pub struct Backgrounds<'a> {
    /// The topic's own posts before the window.
    pub past: &'a [String],
    /// The workspace's posts outside the window.
    pub workspace: &'a [String],
}

/// Terms more frequent in `window` texts than in both backgrounds, best first.
pub fn rising_terms<'a>(
    window: impl IntoIterator<Item = &'a str>,
    backgrounds: Backgrounds<'_>,
    min_count: u64,
    limit: usize,
) -> Vec<RisingTerm> {
    let (w, w_total) = count_terms(window);
    let (p, p_total) = count_terms(backgrounds.past.iter().map(String::as_str));
    let (b, b_total) = count_terms(backgrounds.workspace.iter().map(String::as_str));
    if w_total == 0 {
        return Vec::new();
    }
    let rate = |n: u64, total: u64| n as f64 / total as f64;
    let mut out: Vec<RisingTerm> = w
        .iter()
        .filter(|(_, &a)| a >= min_count)
        .filter_map(|(term, &a)| {
            let in_past = p.get(term).copied().unwrap_or(0);
            let in_workspace = b.get(term).copied().unwrap_or(0);
            // Each background that has text must see the term less often than the window.
            let against = [(in_past, p_total), (in_workspace, b_total)]
                .into_iter()
                .filter(|&(_, total)| total > 0);
            let mut score = f64::INFINITY;
            for (n, total) in against {
                if rate(a, w_total) <= rate(n, total) {
                    return None;
                }
                score = score.min(g2(a, n, w_total, total));
            }
            // More often is not yet more than chance.
            if score < MIN_G2 {
                return None;
            }
            Some(RisingTerm {
                term: term.clone(),
                window: a,
                baseline: in_past,
                workspace: in_workspace,
                g2: if score.is_finite() { score } else { 0.0 },
            })
        })
        .collect();
    // On ties, the more frequent first, and a phrase says more than either of its words.
    out.sort_by(|x, y| {
        y.g2.total_cmp(&x.g2)
            .then_with(|| y.window.cmp(&x.window))
            .then_with(|| y.term.contains(' ').cmp(&x.term.contains(' ')))
            .then_with(|| x.term.cmp(&y.term))
    });
    // A phrase and its own words say the same thing twice: keep the better-ranked.
    let mut shown: Vec<RisingTerm> = Vec::new();
    for t in out {
        let overlaps = shown.iter().any(|s| {
            (s.term.contains(' ') && s.term.split(' ').any(|w| w == t.term))
                || (t.term.contains(' ') && t.term.split(' ').any(|w| w == s.term))
        });
        if !overlaps {
            shown.push(t);
        }
        if shown.len() == limit {
            break;
        }
    }
    shown
}

/// Dunning's log-likelihood for a term seen `a` times in `c` window tokens and `b` times in `d`
/// baseline tokens.
pub fn g2(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let (a, b, c, d) = (a as f64, b as f64, c as f64, d as f64);
    let e1 = c * (a + b) / (c + d);
    let e2 = d * (a + b) / (c + d);
    let part = |o: f64, e: f64| {
        if o > 0.0 && e > 0.0 {
            o * (o / e).ln()
        } else {
            0.0
        }
    };
    2.0 * (part(a, e1) + part(b, e2))
}

/// Counts each term once per text (so one repetitive post cannot dominate), and the token total.
/// Terms are content words and hashtags, and two-word phrases of words that are not stop words
/// with at least one content word (a generic word may be the other).
fn count_terms<'a>(texts: impl IntoIterator<Item = &'a str>) -> (HashMap<String, u64>, u64) {
    let mut counts = HashMap::new();
    let mut total = 0;
    for text in texts {
        let words = tokens(text);
        total += words.len() as u64;
        let mut seen = HashSet::new();
        for (i, w) in words.iter().enumerate() {
            if is_content(w) && seen.insert(w.clone()) {
                *counts.entry(w.clone()).or_insert(0) += 1;
            }
            if let Some(next) = words.get(i + 1) {
                let pair = [w, next];
                let phrase_words = pair
                    .iter()
                    .all(|x| !is_stop(x) && !x.starts_with('#') && x.chars().count() > 2);
                let says_something = pair.iter().any(|x| is_content(x));
                let phrase = format!("{w} {next}");
                if phrase_words && says_something && seen.insert(phrase.clone()) {
                    *counts.entry(phrase).or_insert(0) += 1;
                }
            }
        }
    }
    (counts, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g2_matches_a_hand_computed_value() {
        // a=10 of 100 window tokens, b=10 of 1000 baseline tokens.
        // E1 = 100*20/1100 = 1.818..., E2 = 18.18...; G² = 2(10 ln(5.5) + 10 ln(0.55)) = 22.1...
        let v = g2(10, 10, 100, 1000);
        assert!(
            (v - 2.0 * (10.0 * 5.5f64.ln() + 10.0 * 0.55f64.ln())).abs() < 1e-9,
            "{v}"
        );
        assert_eq!(g2(0, 0, 10, 10), 0.0);
    }

    /// A term barely more frequent than in the backgrounds (a sixth of the posts in each) did
    /// not rise, however many posts use it.
    #[test]
    fn a_term_as_frequent_as_before_did_not_rise() {
        let text = |i: usize| match i % 6 {
            0 => format!("awful experience with the portal {i}"),
            _ => format!("portal question number {i}"),
        };
        let window: Vec<String> = (0..552).map(text).collect();
        let past: Vec<String> = (0..1_463).map(text).collect();
        let backgrounds = Backgrounds {
            past: &past,
            workspace: &past,
        };
        let terms = rising_terms(window.iter().map(String::as_str), backgrounds, 3, 12);
        assert!(terms.is_empty(), "{terms:?}");
    }

    #[test]
    fn terms_that_rose_with_counts_in_both_windows() {
        let window = [
            "SchoolMax login error again #SchoolMaxDown",
            "login error on the portal",
            "the login error is back",
            "lunch menu",
        ];
        let baseline = [
            "lunch menu is good",
            "portal works",
            "lunch at noon",
            "grades on the portal",
        ];
        let past: Vec<String> = baseline.iter().map(|s| s.to_string()).collect();
        let backgrounds = Backgrounds {
            past: &past,
            workspace: &past,
        };
        // Four texts are too few for three uses to be more than chance.
        assert!(rising_terms(window, backgrounds, 2, 5).is_empty());
        let window = window.repeat(3);
        let terms = rising_terms(window, backgrounds, 2, 5);
        assert_eq!(terms[0].term, "login error");
        assert_eq!(
            (terms[0].window, terms[0].baseline, terms[0].workspace),
            (9, 0, 0)
        );
        assert!(
            terms.iter().all(|t| t.term != "lunch" && t.term != "the"),
            "{terms:?}"
        );
        assert!(
            !terms.iter().any(|t| t.term == "login"),
            "a phrase's own word is not repeated"
        );
    }

    /// A surge of complaints, English and Spanish, that also uses words every busy day uses:
    /// "today", "again", "trying", "hoy". The workspace says them all the time; the topic's own
    /// past does not. They rise against the past but not against the workspace, so they do not
    /// lead, while the complaint's own words do.
    #[test]
    fn words_common_in_the_workspace_do_not_lead_a_surge() {
        let mut window = Vec::new();
        for i in 0..30 {
            window.push(match i % 3 {
                0 => "trying again today, the grades page shows an error".to_string(),
                1 => "grades page error again, trying since this morning".to_string(),
                _ => "hoy otra vez error en la página de notas, intentando desde la mañana"
                    .to_string(),
            });
        }
        let past: Vec<String> = (0..40)
            .map(|i| format!("checked the grades page for class {i}"))
            .collect();
        let workspace: Vec<String> = (0..200)
            .map(|i| match i % 4 {
                0 => "trying the new bus app again today".to_string(),
                1 => "again late today, trying to park".to_string(),
                2 => "hoy intentando otra vez llegar temprano".to_string(),
                _ => "lunch menu again today".to_string(),
            })
            .collect();
        let backgrounds = Backgrounds {
            past: &past,
            workspace: &workspace,
        };
        let terms = rising_terms(window.iter().map(String::as_str), backgrounds, 3, 12);
        let names: Vec<&str> = terms.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(names.first(), Some(&"error"), "{names:?}");
        for generic in ["again", "today", "trying", "hoy", "intentando", "otra"] {
            assert!(!names.contains(&generic), "{generic} leads: {names:?}");
        }
        assert!(names.iter().any(|n| n.contains("notas")), "{names:?}");
        let error = &terms[0];
        assert_eq!((error.window, error.baseline, error.workspace), (30, 0, 0));
        // "grades" is the topic's everyday word: as common before as in the surge.
        assert!(!names.contains(&"grades"), "{names:?}");
    }

    #[test]
    fn without_backgrounds_terms_rank_by_their_count() {
        let window = ["portal error", "portal error", "portal down", "error"];
        let terms = rising_terms(window, Backgrounds::default(), 2, 5);
        assert_eq!(terms[0].term, "error");
        assert_eq!(terms[0].g2, 0.0);
    }
}
