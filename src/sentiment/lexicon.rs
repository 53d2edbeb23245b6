//! Word lists of vaderSentiment 3.3.2: the embedded valence and emoji
//! lexicons (parsed once, on first use) and the constant tables from the top
//! of `vaderSentiment.py` (boosters, negations, special-case idioms).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use super::pystr;

/// `vader_lexicon.txt`: `token<TAB>mean valence<TAB>std dev<TAB>raw ratings`.
const VADER_LEXICON: &str = include_str!("vader_lexicon.txt");
/// `emoji_utf8_lexicon.txt`: `emoji<TAB>English description`.
const EMOJI_LEXICON: &str = include_str!("emoji_utf8_lexicon.txt");

/// Empirical mean intensity increase for a booster word (`B_INCR`).
pub(crate) const B_INCR: f64 = 0.293;
/// Empirical mean intensity decrease for a dampener word (`B_DECR`).
pub(crate) const B_DECR: f64 = -0.293;

/// Both lexicons, keyed as the reference keys its dicts.
pub(crate) struct Lexicons {
    /// Word (or emoticon) → mean valence. Lookups always use the lowercased
    /// token, so keys containing uppercase (`:D`, `:-Þ`, `O_o`, …) can never
    /// match, exactly as in the reference.
    pub valence: HashMap<&'static str, f64, FxBuild>,
    /// Emoji → description. The reference replaces emoji one *code point* at
    /// a time, so only the single-code-point keys can ever match; the
    /// multi-code-point sequences (flags, ZWJ sequences, skin tones, keycaps)
    /// are dropped at load time. A sequence is still translated piecewise if
    /// its parts are keys themselves.
    pub emoji: HashMap<char, &'static str, FxBuild>,
    /// Smallest emoji key, for a cheap "cannot be an emoji" test (U+00A9).
    pub min_emoji: char,
}

impl Lexicons {
    /// The description of `c` if it is an emoji key.
    #[inline]
    pub fn emoji_description(&self, c: char) -> Option<&'static str> {
        if c < self.min_emoji {
            return None; // fast path: ASCII and most Latin text
        }
        self.emoji.get(&c).copied()
    }
}

static LEXICONS: LazyLock<Lexicons> = LazyLock::new(Lexicons::parse);

/// The parsed lexicons (parsed on first call, shared afterwards).
pub(crate) fn lexicons() -> &'static Lexicons {
    &LEXICONS
}

impl Lexicons {
    fn parse() -> Self {
        // Same parsing as `make_lex_dict`: rstrip '\n', split on '\n', skip
        // empty lines, strip whitespace (this also drops the files' '\r'),
        // take the first two tab-separated fields; later duplicates win.
        let mut valence = HashMap::with_capacity_and_hasher(7600, FxBuild::default());
        for (word, measure) in records(VADER_LEXICON) {
            let measure: f64 = measure
                .parse()
                .unwrap_or_else(|_| panic!("bad valence {measure:?} for {word:?}"));
            valence.insert(word, measure);
        }
        let mut emoji = HashMap::with_capacity_and_hasher(1300, FxBuild::default());
        for (key, description) in records(EMOJI_LEXICON) {
            let mut chars = key.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                emoji.insert(c, description);
            }
        }
        let min_emoji = emoji.keys().copied().min().unwrap_or(char::MAX);
        Lexicons {
            valence,
            emoji,
            min_emoji,
        }
    }
}

/// The `(first field, second field)` of each line, parsed like the reference.
fn records(data: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    data.trim_end_matches('\n')
        .split('\n')
        .filter(|line| !line.is_empty())
        .map(|line| {
            let mut fields = pystr::strip(line).split('\t');
            let first = fields.next().unwrap_or_default();
            let second = fields
                .next()
                .unwrap_or_else(|| panic!("lexicon line without a tab: {line:?}"));
            (first, second)
        })
}

/// `BOOSTER_DICT` for single (lowercased) words: intensifiers return
/// [`B_INCR`], dampeners [`B_DECR`]. The multi-word keys are in
/// [`booster_bigram`]; a whitespace-split token can never equal them.
pub(crate) fn booster(word: &str) -> Option<f64> {
    match word {
        "absolutely" | "amazingly" | "awfully" | "completely" | "considerable" | "considerably"
        | "decidedly" | "deeply" | "effing" | "enormous" | "enormously" | "entirely"
        | "especially" | "exceptional" | "exceptionally" | "extreme" | "extremely"
        | "fabulously" | "flipping" | "flippin" | "frackin" | "fracking" | "fricking"
        | "frickin" | "frigging" | "friggin" | "fully" | "fuckin" | "fucking" | "fuggin"
        | "fugging" | "greatly" | "hella" | "highly" | "hugely" | "incredible" | "incredibly"
        | "intensely" | "major" | "majorly" | "more" | "most" | "particularly" | "purely"
        | "quite" | "really" | "remarkably" | "so" | "substantially" | "thoroughly" | "total"
        | "totally" | "tremendous" | "tremendously" | "uber" | "unbelievably" | "unusually"
        | "utter" | "utterly" | "very" => Some(B_INCR),
        "almost" | "barely" | "hardly" | "kinda" | "kindof" | "kind-of" | "less" | "little"
        | "marginal" | "marginally" | "occasional" | "occasionally" | "partly" | "scarce"
        | "scarcely" | "slight" | "slightly" | "somewhat" | "sorta" | "sortof" | "sort-of" => {
            Some(B_DECR)
        }
        _ => None,
    }
}

/// The two-word `BOOSTER_DICT` keys ("just enough", "kind of", "sort of"),
/// all dampeners.
pub(crate) fn booster_bigram(first: &str, second: &str) -> Option<f64> {
    match (first, second) {
        ("just", "enough") | ("kind", "of") | ("sort", "of") => Some(B_DECR),
        _ => None,
    }
}

/// The reference's `negated([word])` for one lowercased word: a `NEGATE`
/// entry, or any word containing "n't" (`include_nt=True`).
pub(crate) fn is_negation(word: &str) -> bool {
    matches!(
        word,
        "aint"
            | "arent"
            | "cannot"
            | "cant"
            | "couldnt"
            | "darent"
            | "didnt"
            | "doesnt"
            | "ain't"
            | "aren't"
            | "can't"
            | "couldn't"
            | "daren't"
            | "didn't"
            | "doesn't"
            | "dont"
            | "hadnt"
            | "hasnt"
            | "havent"
            | "isnt"
            | "mightnt"
            | "mustnt"
            | "neither"
            | "don't"
            | "hadn't"
            | "hasn't"
            | "haven't"
            | "isn't"
            | "mightn't"
            | "mustn't"
            | "neednt"
            | "needn't"
            | "never"
            | "none"
            | "nope"
            | "nor"
            | "not"
            | "nothing"
            | "nowhere"
            | "oughtnt"
            | "shant"
            | "shouldnt"
            | "uhuh"
            | "wasnt"
            | "werent"
            | "oughtn't"
            | "shan't"
            | "shouldn't"
            | "uh-uh"
            | "wasn't"
            | "weren't"
            | "without"
            | "wont"
            | "wouldnt"
            | "won't"
            | "wouldn't"
            | "rarely"
            | "seldom"
            | "despite"
    ) || word.contains("n't")
}

/// `SPECIAL_CASES`: idioms whose valence replaces the computed one. The
/// one-word key "badass" can never match (the reference only looks up
/// space-joined word sequences), so it is left out.
pub(crate) fn special_case(words: &[&str]) -> Option<f64> {
    match words {
        ["the", "shit"] | ["the", "bomb"] | ["to", "die", "for"] => Some(3.0),
        ["bad", "ass"] => Some(1.5),
        ["bus", "stop"] => Some(0.0),
        ["yeah", "right"] => Some(-2.0),
        ["kiss", "of", "death"] => Some(-1.5),
        ["beating", "heart"] => Some(3.5),
        _ => None,
    }
}

/// Hasher for the lexicon maps: the small multiplicative "Fx" hash used by
/// rustc. Much faster than SipHash for short keys, and the keys are fixed
/// data, so HashDoS resistance is not needed.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;

impl FxHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_parse_like_the_reference() {
        let lex = lexicons();
        assert_eq!(lex.valence.len(), 7506); // len(SentimentIntensityAnalyzer().lexicon)
        assert_eq!(lex.valence["good"], 1.9);
        assert_eq!(lex.valence[":)"], 2.0);
        assert_eq!(lex.valence["can't stand"], -2.0);
        assert_eq!(lex.emoji.len(), 1212); // single-code-point keys of 3,570
        assert_eq!(lex.emoji[&'😁'], "beaming face with smiling eyes");
        assert_eq!(lex.min_emoji, '\u{a9}');
    }
}
