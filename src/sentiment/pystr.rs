//! The few Python `str` operations the reference relies on, reproduced with
//! CPython 3.11 semantics (Unicode 14.0 character database).
//!
//! Rust's own `char` predicates follow a newer Unicode version, so where the
//! two databases disagree we follow CPython: the reference numbers were
//! produced by CPython 3.11.

use std::borrow::Cow;

/// Python's `str.isspace()` for one character, i.e. the separator set of
/// `str.split()` and `str.strip()` without arguments.
///
/// This is Unicode `White_Space` (what [`char::is_whitespace`] tests) plus the
/// ASCII information separators U+001C..=U+001F, which CPython also treats as
/// whitespace because of their bidirectional class.
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()` without arguments.
pub(crate) fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Python's `str.split()` without arguments: runs of whitespace separate
/// words, and no word is empty.
pub(crate) fn split_whitespace(s: &str) -> impl Iterator<Item = &str> {
    s.split(is_space).filter(|w| !w.is_empty())
}

/// Python's `str.isupper()`: at least one cased character, and no lowercase
/// or titlecase character.
///
/// So `"GOOD!"`, `"A1"` and `"ÉTÉ"` are upper, while `":)"`, `"123"` (no
/// cased character) and `"ǅ"` (titlecase) are not.
pub(crate) fn is_upper(s: &str) -> bool {
    if s.is_ascii() {
        let bytes = s.as_bytes();
        return bytes.iter().any(u8::is_ascii_uppercase)
            && !bytes.iter().any(u8::is_ascii_lowercase);
    }
    let mut cased = false;
    for c in s.chars() {
        match case_of(c) {
            Case::Lower | Case::Title => return false,
            Case::Upper => cased = true,
            Case::Uncased => {}
        }
    }
    cased
}

/// Python's `str.lower()`, borrowing when nothing changes.
///
/// Only the ASCII results matter for scoring (every lexicon key reachable
/// through a lowered word is ASCII), and [`str::to_lowercase`] agrees with
/// CPython there, including `"\u{212A}"` (KELVIN SIGN) → `"k"`; it also applies
/// the same final-sigma rule as CPython.
pub(crate) fn lower(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(s.to_ascii_lowercase())
        } else {
            Cow::Borrowed(s)
        }
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// Python's `round(x, ndigits)` for small `ndigits`, exactly.
///
/// CPython rounds the exact binary value of `x` to `ndigits` decimals with
/// ties going to the even digit, and returns the double nearest to that
/// decimal. We compute `x * 10^ndigits` together with its exact rounding error
/// (via a fused multiply-add), round that exact product half-to-even, and
/// divide by `10^ndigits`, which is correctly rounded by IEEE 754 and therefore
/// yields the same double as CPython.
pub(crate) fn round(x: f64, ndigits: i32) -> f64 {
    debug_assert!((0..=8).contains(&ndigits));
    let scale = 10f64.powi(ndigits); // exact for these small powers
    let a = x.abs();
    if !a.is_finite() || a * scale >= 2f64.powi(52) {
        return x;
    }
    let y = a * scale;
    let err = a.mul_add(scale, -y); // a * scale == y + err, exactly
    let floor = y.floor();
    // (y - floor) is exact; subtracting 0.5 is exact whenever it is close to a
    // tie, which is the only case where the comparison below is delicate.
    let above_half = (y - floor) - 0.5;
    let round_up = if above_half > -err {
        true
    } else if above_half < -err {
        false
    } else {
        floor % 2.0 != 0.0 // exact tie: round half to even
    };
    let rounded = if round_up { floor + 1.0 } else { floor };
    (rounded / scale).copysign(x)
}

enum Case {
    Lower,
    Upper,
    Title,
    Uncased,
}

/// Case class of a character as CPython 3.11 sees it (`Lowercase` and
/// `Uppercase` derived properties, general category `Lt`, Unicode 14.0).
fn case_of(c: char) -> Case {
    let cp = u32::from(c);
    if let Ok(i) = UNICODE14_CASE_OVERRIDES.binary_search_by(|&(lo, hi, _)| {
        if hi < cp {
            std::cmp::Ordering::Less
        } else if lo > cp {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }) {
        return if UNICODE14_CASE_OVERRIDES[i].2 {
            Case::Lower
        } else {
            Case::Uncased
        };
    }
    if c.is_lowercase() {
        Case::Lower
    } else if is_titlecase(c) {
        Case::Title
    } else if c.is_uppercase() {
        Case::Upper
    } else {
        Case::Uncased
    }
}

/// General category `Lt` (unchanged since Unicode 3.2).
fn is_titlecase(c: char) -> bool {
    matches!(
        c,
        '\u{1C5}'
            | '\u{1C8}'
            | '\u{1CB}'
            | '\u{1F2}'
            | '\u{1F88}'..='\u{1F8F}'
            | '\u{1F98}'..='\u{1F9F}'
            | '\u{1FA8}'..='\u{1FAF}'
            | '\u{1FBC}'
            | '\u{1FCC}'
            | '\u{1FFC}'
    )
}

/// Code points whose case properties in CPython 3.11 (Unicode 14.0) differ
/// from Rust's newer Unicode tables: `(first, last, is_lowercase)`; every
/// range not marked lowercase is uncased in Unicode 14 (mostly characters
/// assigned later). Found by comparing `str.islower/isupper` with
/// `char::is_lowercase/is_uppercase` over all code points (Rust 1.95).
const UNICODE14_CASE_OVERRIDES: &[(u32, u32, bool)] = &[
    (0x0295, 0x0295, true), // LATIN LETTER PHARYNGEAL VOICED FRICATIVE: Ll in 14.0
    (0x10FC, 0x10FC, false),
    (0x1C89, 0x1C8A, false),
    (0xA7CB, 0xA7CF, false),
    (0xA7D2, 0xA7D2, false),
    (0xA7D4, 0xA7D4, false),
    (0xA7DA, 0xA7DC, false),
    (0xA7F1, 0xA7F4, false),
    (0xAB69, 0xAB69, false),
    (0x10D50, 0x10D65, false),
    (0x10D70, 0x10D85, false),
    (0x16EA0, 0x16EB8, false),
    (0x16EBB, 0x16ED3, false),
    (0x1DF25, 0x1DF2A, false),
    (0x1E030, 0x1E06D, false),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_matches_python() {
        // Values checked against CPython 3.11 `round`.
        assert_eq!(round(0.0625, 3), 0.062); // exact tie, to even
        assert_eq!(round(0.1875, 3), 0.188); // exact tie, to even
        assert_eq!(round(0.0875, 3), 0.087); // 0.08749999... in binary
        assert_eq!(round(2.675, 2), 2.67); // 2.67499999... in binary
        assert_eq!(round(0.00045, 3), 0.0);
        assert_eq!(round(-0.12345, 4), -0.1235); // -0.123450000000000004...
        assert_eq!(round(0.5423, 4), 0.5423);
        assert!(round(-0.00001, 4).is_sign_negative());
        assert_eq!(round(1.0, 3), 1.0);
    }

    #[test]
    fn string_predicates() {
        assert!(is_upper("GOOD!") && is_upper("A1") && is_upper("ÉTÉ"));
        assert!(!is_upper(":)") && !is_upper("123") && !is_upper("Good") && !is_upper("ǅ"));
        assert!(!is_upper("\u{A7CB}")); // assigned after Unicode 14
        assert!(is_space('\u{1f}') && is_space('\u{a0}') && !is_space('\u{200b}'));
        assert_eq!(lower("\u{212A}IND"), "kind");
        assert_eq!(
            split_whitespace(" a\u{3000}b\u{1c}c ").collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
    }
}
