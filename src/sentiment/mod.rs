//! VADER sentiment scoring, an exact port of the Python package
//! `vaderSentiment` 3.3.2 (`SentimentIntensityAnalyzer.polarity_scores`).
//!
//! Attribution: VADER (Valence Aware Dictionary and sEntiment Reasoner) by
//! C.J. Hutto, <https://github.com/cjhutto/vaderSentiment>, Copyright (c) 2016
//! C.J. Hutto, MIT License (full text in `VADER-LICENSE.txt`). The embedded
//! `vader_lexicon.txt` and `emoji_utf8_lexicon.txt` are that package's data
//! files, unchanged. Please cite: Hutto, C.J. & Gilbert, E.E. (2014). VADER: A
//! Parsimonious Rule-based Model for Sentiment Analysis of Social Media Text.
//! ICWSM-14.
//!
//! # Parity
//!
//! The goal is bit-for-bit the same output as the reference running on
//! CPython 3.11, checked by `tests/parity.rs` against scores produced by the
//! reference itself. Rules are applied in the reference's order with the
//! same floating-point operations, and its quirks are kept deliberately; they
//! are listed in the docs of the functions that reproduce them. Two details
//! depend on the Python version: string predicates use CPython 3.11's Unicode
//! 14 tables (see `pystr`), and the valences are added up sequentially like
//! `sum()` before Python 3.12 (3.12+ uses compensated summation, which can
//! change the last bit of a sum).
//!
//! # Overview of the rules
//!
//! 1. Each single-code-point emoji is replaced by its description.
//! 2. The text is split on whitespace; each word loses leading and trailing
//!    ASCII punctuation unless that would leave two characters or fewer.
//! 3. Each word found in the lexicon gets its valence, modified by the up to
//!    three words before it: "no" negation, ALL-CAPS emphasis, boosters and
//!    dampeners, negations, special idioms and "least".
//! 4. The "but" rule halves valences before the first "but" and raises
//!    those after it by half.
//! 5. `!` and `?` add emphasis; the sum is normalised into `compound`, and the
//!    positive, negative and neutral word shares give `pos`, `neg`, `neu`.

mod lexicon;
mod pystr;

use std::borrow::Cow;

use lexicon::{lexicons, Lexicons};

/// Empirical mean intensity increase for a word in ALL CAPS (`C_INCR`).
const C_INCR: f64 = 0.733;
/// Factor applied to a negated valence (`N_SCALAR`).
const N_SCALAR: f64 = -0.74;

/// Sentiment of a text, as returned by the reference's `polarity_scores`.
///
/// `neg`, `neu` and `pos` are the shares of negative, neutral and positive
/// words (after punctuation emphasis), rounded to 3 decimals like the
/// reference; `compound` is the normalised sum in `[-1, 1]`, rounded to 4
/// decimals. A text with no words scores all zeros.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Scores {
    pub neg: f64,
    pub neu: f64,
    pub pos: f64,
    pub compound: f64,
}

/// Scores `text` exactly like vaderSentiment 3.3.2's
/// `SentimentIntensityAnalyzer().polarity_scores(text)`.
///
/// ```
/// use townhall::sentiment::polarity_scores;
///
/// let s = polarity_scores("VADER is smart, handsome, and funny!");
/// assert_eq!((s.neg, s.neu, s.pos, s.compound), (0.0, 0.248, 0.752, 0.8439));
/// ```
pub fn polarity_scores(text: &str) -> Scores {
    let lex = lexicons();
    let text = translate_emoji(text, lex);
    let text = pystr::strip(&text);
    let words = tokenize(text, lex);
    let is_cap_diff = allcap_differential(&words);

    let mut sentiments = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        // Boosters and the "kind" of "kind of" carry no valence of their own
        // (even "kind", which is in the lexicon at 2.4).
        let is_modifier = lexicon::booster(&word.lower).is_some()
            || (word.lower == "kind" && words.get(i + 1).is_some_and(|next| next.lower == "of"));
        sentiments.push(if is_modifier {
            0.0
        } else {
            sentiment_valence(&words, i, is_cap_diff)
        });
    }
    but_check(&words, &mut sentiments);
    score_valence(&sentiments, text)
}

/// One whitespace-separated word of the text, as the reference's
/// `SentiText.words_and_emoticons` has it, with its derived properties.
struct Word<'a> {
    /// Python's `word.lower()`.
    lower: Cow<'a, str>,
    /// Python's `word.isupper()`.
    is_upper: bool,
    /// Lexicon valence of the lowercased word.
    valence: Option<f64>,
}

/// Replaces each emoji code point by its description, as the reference does
/// before anything else.
///
/// Quirk (reproduced): a space is inserted *before* the description unless
/// the previous character is an ASCII space (or the text starts there), but
/// none after it, so `"😁ok"` becomes `"beaming face with smiling eyesok"`,
/// and two adjacent emoji are separated by one space. Two descriptions contain
/// `!` ("ON! arrow", "UP! button") and so count as exclamation marks later.
fn translate_emoji<'a>(text: &'a str, lex: &Lexicons) -> Cow<'a, str> {
    if !text.chars().any(|c| lex.emoji_description(c).is_some()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 32);
    let mut prev_space = true;
    for c in text.chars() {
        match lex.emoji_description(c) {
            Some(description) => {
                if !prev_space {
                    out.push(' ');
                }
                out.push_str(description);
                prev_space = false;
            }
            None => {
                out.push(c);
                prev_space = c == ' ';
            }
        }
    }
    Cow::Owned(out)
}

/// `SentiText._words_and_emoticons`: `text.split()`, then
/// `_strip_punc_if_word` on each word.
///
/// A word loses its leading and trailing ASCII punctuation
/// (`string.punctuation`) unless the result would have two code points or
/// fewer, in which case the word is kept *whole* (meant to keep emoticons
/// such as `:)`). Quirk (reproduced): short words keep their punctuation too,
/// so `"ok!"`, `"no."` or `"(:"`-wrapped words miss the lexicon, while
/// `"good!"` becomes `"good"`.
fn tokenize<'a>(text: &'a str, lex: &Lexicons) -> Vec<Word<'a>> {
    pystr::split_whitespace(text)
        .map(|token| {
            let stripped = token.trim_matches(|c: char| c.is_ascii_punctuation());
            let word = if stripped.chars().nth(2).is_none() {
                token
            } else {
                stripped
            };
            let lower = pystr::lower(word);
            Word {
                is_upper: pystr::is_upper(word),
                valence: lex.valence.get(&*lower).copied(),
                lower,
            }
        })
        .collect()
}

/// `allcap_differential`: true when some, but not all, words are ALL CAPS.
/// Only then does capitalisation count as emphasis.
fn allcap_differential(words: &[Word<'_>]) -> bool {
    let upper = words.iter().filter(|w| w.is_upper).count();
    upper > 0 && upper < words.len()
}

/// `sentiment_valence`: the valence of word `i` after the rules that look at
/// up to three preceding words. Words outside the lexicon score 0.
///
/// Reproduced quirks:
/// * "no" directly before a lexicon word scores 0 itself; a lexicon word
///   with "no" one or two words before it (or three, with "or"/"nor" right
///   before it) is negated — this overrides the 0 of "no no".
/// * ALL-CAPS emphasis subtracts [`C_INCR`] from a valence of exactly 0 (a
///   capitalised "NO" before a lexicon word gets -0.733).
/// * Boosters, negations and idioms are only considered for preceding words
///   that are *not* in the lexicon themselves.
fn sentiment_valence(words: &[Word<'_>], i: usize, is_cap_diff: bool) -> f64 {
    let item = &words[i];
    let Some(base) = item.valence else {
        return 0.0;
    };
    let lower_at = |j: usize| -> &str { &words[j].lower };
    let mut valence = base;

    if item.lower == "no" && words.get(i + 1).is_some_and(|next| next.valence.is_some()) {
        valence = 0.0;
    }
    if (i > 0 && lower_at(i - 1) == "no")
        || (i > 1 && lower_at(i - 2) == "no")
        || (i > 2 && lower_at(i - 3) == "no" && matches!(lower_at(i - 1), "or" | "nor"))
    {
        valence = base * N_SCALAR;
    }

    if item.is_upper && is_cap_diff {
        if valence > 0.0 {
            valence += C_INCR;
        } else {
            valence -= C_INCR;
        }
    }

    for start_i in 0..3 {
        if i > start_i && words[i - (start_i + 1)].valence.is_none() {
            let mut s = scalar_inc_dec(&words[i - (start_i + 1)], valence, is_cap_diff);
            // Modifiers further away count less.
            if start_i == 1 && s != 0.0 {
                s *= 0.95;
            }
            if start_i == 2 && s != 0.0 {
                s *= 0.9;
            }
            valence += s;
            valence = negation_check(valence, words, start_i, i);
            if start_i == 2 {
                valence = special_idioms_check(valence, words, i);
            }
        }
    }

    least_check(valence, words, i)
}

/// `scalar_inc_dec`: the boost of a booster/dampener word, signed like the
/// valence it modifies, plus [`C_INCR`] in the valence's direction if the
/// booster is ALL CAPS (quirk: for a valence of 0 that direction is negative).
fn scalar_inc_dec(word: &Word<'_>, valence: f64, is_cap_diff: bool) -> f64 {
    let Some(mut scalar) = lexicon::booster(&word.lower) else {
        return 0.0;
    };
    if valence < 0.0 {
        scalar *= -1.0;
    }
    if word.is_upper && is_cap_diff {
        if valence > 0.0 {
            scalar += C_INCR;
        } else {
            scalar -= C_INCR;
        }
    }
    scalar
}

/// `_negation_check` for the word `start_i + 1` positions before word `i`.
///
/// * 1 before: a negation word (or any word with "n't") negates.
/// * 2 before: "never so/this X" is *boosted* by 1.25, "without doubt X" is
///   left alone, otherwise a negation word negates.
/// * 3 before: boosted by 1.25 if "never so/this _ X" — or (quirk of the
///   reference's `and`/`or` precedence) whenever the word right before `X` is
///   "so" or "this", negation or not; "without doubt _ X" and
///   "without _ doubt X" are left alone; otherwise a negation word negates.
fn negation_check(valence: f64, words: &[Word<'_>], start_i: usize, i: usize) -> f64 {
    let w = |j: usize| -> &str { &words[j].lower };
    let negated = |j: usize| lexicon::is_negation(w(j));
    match start_i {
        0 if negated(i - 1) => valence * N_SCALAR,
        1 => {
            if w(i - 2) == "never" && matches!(w(i - 1), "so" | "this") {
                valence * 1.25
            } else if w(i - 2) == "without" && w(i - 1) == "doubt" {
                valence
            } else if negated(i - 2) {
                valence * N_SCALAR
            } else {
                valence
            }
        }
        2 => {
            if (w(i - 3) == "never" && matches!(w(i - 2), "so" | "this"))
                || matches!(w(i - 1), "so" | "this")
            {
                valence * 1.25
            } else if w(i - 3) == "without" && (w(i - 2) == "doubt" || w(i - 1) == "doubt") {
                valence
            } else if negated(i - 3) {
                valence * N_SCALAR
            } else {
                valence
            }
        }
        _ => valence,
    }
}

/// `_special_idioms_check`, run only when `i >= 3` and the word three before
/// is not a lexicon word (it is called from the third step of the modifier
/// loop).
///
/// The first of "w[i-1] w[i]", "w[i-2] w[i-1] w[i]", "w[i-2] w[i-1]",
/// "w[i-3] w[i-2] w[i-1]", "w[i-3] w[i-2]" that is a special case *replaces*
/// the valence (discarding negation and boosts so far); then "w[i] w[i+1]"
/// and "w[i] w[i+1] w[i+2]" may replace it again. Finally the booster
/// bigrams "kind of", "sort of", "just enough" among the preceding words add
/// their (unsigned) [`lexicon::B_DECR`].
fn special_idioms_check(mut valence: f64, words: &[Word<'_>], i: usize) -> f64 {
    let w = |j: usize| -> &str { &words[j].lower };
    let (w3, w2, w1, w0) = (w(i - 3), w(i - 2), w(i - 1), w(i));
    let preceding: [&[&str]; 5] = [
        &[w1, w0],
        &[w2, w1, w0],
        &[w2, w1],
        &[w3, w2, w1],
        &[w3, w2],
    ];
    if let Some(v) = preceding.iter().find_map(|seq| lexicon::special_case(seq)) {
        valence = v;
    }
    if i + 1 < words.len() {
        if let Some(v) = lexicon::special_case(&[w0, w(i + 1)]) {
            valence = v;
        }
    }
    if i + 2 < words.len() {
        if let Some(v) = lexicon::special_case(&[w0, w(i + 1), w(i + 2)]) {
            valence = v;
        }
    }
    // The reference also tries the trigram "w[i-3] w[i-2] w[i-1]", but no
    // booster key has three words.
    for (a, b) in [(w3, w2), (w2, w1)] {
        if let Some(boost) = lexicon::booster_bigram(a, b) {
            valence += boost;
        }
    }
    valence
}

/// `_least_check`: "least X" negates X, except "at least X" and
/// "very least X".
fn least_check(valence: f64, words: &[Word<'_>], i: usize) -> f64 {
    let is_least = |j: usize| words[j].valence.is_none() && words[j].lower == "least";
    if i > 1 && is_least(i - 1) {
        if !matches!(&*words[i - 2].lower, "at" | "very") {
            return valence * N_SCALAR;
        }
    } else if i > 0 && is_least(i - 1) {
        return valence * N_SCALAR;
    }
    valence
}

/// `_but_check`: valences before the first "but" are halved, valences after
/// it multiplied by 1.5.
///
/// Quirk (reproduced): the reference walks the list and locates each value
/// with `list.index(value)`, i.e. the *first* equal value. With repeated
/// valences it therefore rescales the first occurrence again (possibly
/// several times) and never the later ones, and a value equal to one before
/// "but" is treated as being before "but". Zeros are skipped here because
/// rescaling a zero leaves it zero.
fn but_check(words: &[Word<'_>], sentiments: &mut [f64]) {
    let Some(bi) = words.iter().position(|w| w.lower == "but") else {
        return;
    };
    for k in 0..sentiments.len() {
        let value = sentiments[k];
        if value == 0.0 {
            continue;
        }
        let si = sentiments[..=k]
            .iter()
            .position(|&s| s == value)
            .expect("value is present at k");
        if si < bi {
            sentiments[si] = value * 0.5;
        } else if si > bi {
            sentiments[si] = value * 1.5;
        }
    }
}

/// `_punctuation_emphasis`: up to four `!` add 0.292 each; two or three `?`
/// add 0.18 each, more than three add 0.96. Counted over the whole text
/// (after emoji translation), not per word.
fn punctuation_emphasis(text: &str) -> f64 {
    let (mut ep_count, mut qm_count) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'!' => ep_count += 1,
            b'?' => qm_count += 1,
            _ => {}
        }
    }
    let ep_amplifier = ep_count.min(4) as f64 * 0.292;
    let qm_amplifier = match qm_count {
        0 | 1 => 0.0,
        2 | 3 => qm_count as f64 * 0.18,
        _ => 0.96,
    };
    ep_amplifier + qm_amplifier
}

/// `normalize`: maps a sum of valences into `[-1, 1]` with alpha = 15.
fn normalize(score: f64) -> f64 {
    (score / (score * score + 15.0).sqrt()).clamp(-1.0, 1.0)
}

/// `score_valence`: combines the word valences into the four scores.
///
/// Punctuation emphasis pushes the compound sum away from zero, and is added
/// to whichever of the positive or negative sums is larger in magnitude
/// (neither on a tie). Positive words count `valence + 1`, negative ones
/// `valence - 1`, neutral ones 1.
fn score_valence(sentiments: &[f64], text: &str) -> Scores {
    if sentiments.is_empty() {
        return Scores {
            neg: 0.0,
            neu: 0.0,
            pos: 0.0,
            compound: 0.0,
        };
    }
    // Sequential left-to-right sum from +0.0, like CPython 3.11's `sum()`.
    let mut sum_s = sentiments.iter().fold(0.0, |acc, &s| acc + s);
    let punct_emph_amplifier = punctuation_emphasis(text);
    if sum_s > 0.0 {
        sum_s += punct_emph_amplifier;
    } else if sum_s < 0.0 {
        sum_s -= punct_emph_amplifier;
    }
    let compound = normalize(sum_s);

    let (mut pos_sum, mut neg_sum, mut neu_count) = (0.0f64, 0.0f64, 0usize);
    for &s in sentiments {
        if s > 0.0 {
            pos_sum += s + 1.0;
        }
        if s < 0.0 {
            neg_sum += s - 1.0;
        }
        if s == 0.0 {
            neu_count += 1;
        }
    }
    if pos_sum > neg_sum.abs() {
        pos_sum += punct_emph_amplifier;
    } else if pos_sum < neg_sum.abs() {
        neg_sum -= punct_emph_amplifier;
    }
    let total = pos_sum + neg_sum.abs() + neu_count as f64;

    Scores {
        neg: pystr::round((neg_sum / total).abs(), 3),
        neu: pystr::round((neu_count as f64 / total).abs(), 3),
        pos: pystr::round((pos_sum / total).abs(), 3),
        compound: pystr::round(compound, 4),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(text: &str) -> (f64, f64, f64, f64) {
        let s = polarity_scores(text);
        (s.neg, s.neu, s.pos, s.compound)
    }

    // Expected values printed by vaderSentiment 3.3.2 on CPython 3.11.
    #[test]
    fn reference_examples() {
        assert_eq!(scores(""), (0.0, 0.0, 0.0, 0.0));
        assert_eq!(scores("The book was good."), (0.0, 0.508, 0.492, 0.4404));
        assert_eq!(
            scores("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!"),
            (0.0, 0.294, 0.706, 0.9469)
        );
        assert_eq!(
            scores("At least it isn't a horrible book."),
            (0.0, 0.678, 0.322, 0.431)
        );
        assert_eq!(
            scores("Catch utf-8 emoji such as 💘 and 💋 and 😁"),
            (0.0, 0.583, 0.417, 0.875)
        );
    }
}
