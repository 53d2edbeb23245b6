//! What drove a surge: the terms that rose (defined in [`crate::analytics`]).
//!
//! Terms are words, #hashtags and two-word phrases, lower-cased, with stop words removed for the
//! languages Townhall's users write in most (English, Spanish, French, German). Each term's
//! frequency in the window is compared with the baseline by Dunning's log-likelihood (G²), and
//! only terms relatively more frequent in the window, seen at least `min_count` times there, are
//! kept. Pure: no I/O.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Serialize;

/// A term that rose, with its counts in both windows.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RisingTerm {
    pub term: String,
    pub window: u64,
    pub baseline: u64,
    /// Log-likelihood G² of the difference; above 10.83 is significant at p < 0.001.
    pub g2: f64,
}

/// Terms more frequent in `window` texts than in `baseline` texts, best first.
pub fn rising_terms<'a>(
    window: impl IntoIterator<Item = &'a str>,
    baseline: impl IntoIterator<Item = &'a str>,
    min_count: u64,
    limit: usize,
) -> Vec<RisingTerm> {
    let (w, w_total) = count_terms(window);
    let (b, b_total) = count_terms(baseline);
    if w_total == 0 {
        return Vec::new();
    }
    let mut out: Vec<RisingTerm> = w
        .iter()
        .filter(|(_, &a)| a >= min_count)
        .filter_map(|(term, &a)| {
            let b = b.get(term).copied().unwrap_or(0);
            let rose = (a as f64 / w_total as f64) > (b as f64 / b_total.max(1) as f64);
            rose.then(|| RisingTerm {
                term: term.clone(),
                window: a,
                baseline: b,
                g2: g2(a, b, w_total, b_total),
            })
        })
        .collect();
    // On ties, a phrase says more than either of its words.
    out.sort_by(|x, y| {
        y.g2.total_cmp(&x.g2)
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
fn count_terms<'a>(texts: impl IntoIterator<Item = &'a str>) -> (HashMap<String, u64>, u64) {
    let mut counts = HashMap::new();
    let mut total = 0;
    for text in texts {
        let words = tokens(text);
        total += words.len() as u64;
        let mut seen = HashSet::new();
        for (i, w) in words.iter().enumerate() {
            if !STOP.contains(w.as_str()) && w.chars().count() > 2 && seen.insert(w.clone()) {
                *counts.entry(w.clone()).or_insert(0) += 1;
            }
            if let Some(next) = words.get(i + 1) {
                let both_content = ![w, next]
                    .iter()
                    .any(|x| STOP.contains(x.as_str()) || x.starts_with('#'));
                let phrase = format!("{w} {next}");
                if both_content && seen.insert(phrase.clone()) {
                    *counts.entry(phrase).or_insert(0) += 1;
                }
            }
        }
    }
    (counts, total)
}

/// Lower-cased words and #hashtags; URLs and @handles are dropped.
fn tokens(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| !w.starts_with("http") && !w.starts_with('@'))
        .filter_map(|w| {
            let hashtag = w.starts_with('#');
            let core: String = w
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'' || *c == '-')
                .collect::<String>()
                .trim_matches(|c| c == '\'' || c == '-')
                .to_lowercase();
            if core.is_empty() || core.chars().all(|c| c.is_numeric()) {
                None
            } else if hashtag {
                Some(format!("#{core}"))
            } else {
                Some(core)
            }
        })
        .collect()
}

static STOP: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    const EN: &str = "a about above after again against all am an and any are aren't as at be because been before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then there there's these they they'd they'll they're they've this those through to too under until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves just get got im dont cant its also still even like one now rt amp via";
    const ES: &str = "de la que el en y a los del se las por un para con no una su al lo como más pero sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les ni contra otros ese eso ante ellos e esto mí antes algunos qué unos yo otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo nosotros mi mis tú te ti tu tus ellas";
    const FR: &str = "au aux avec ce ces dans de des du elle en et eux il je la le les leur lui ma mais me même mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l à m n s t y été être avoir est sont";
    const DE: &str = "aber alle allem als also am an ander auch auf aus bei bin bis bist da damit dann das dass dein dem den der des dich die dir doch dort du durch ein eine einem einen einer eines er es für hat hatte ich ihr im in ist ja jede kann kein mich mir mit muss nach nicht noch nun nur ob oder ohne sehr sein sich sie sind so über um und uns unter vom von vor war was weil wenn wer wie wir wird zu zum zur";
    [EN, ES, FR, DE]
        .iter()
        .flat_map(|l| l.split_whitespace())
        .collect()
});

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
        let terms = rising_terms(window, baseline, 2, 5);
        assert_eq!(terms[0].term, "login error");
        assert_eq!((terms[0].window, terms[0].baseline), (3, 0));
        assert!(
            terms.iter().all(|t| t.term != "lunch" && t.term != "the"),
            "{terms:?}"
        );
        assert!(
            !terms.iter().any(|t| t.term == "login"),
            "a phrase's own word is not repeated"
        );
    }
}
