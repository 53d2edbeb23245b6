//! Parity with the reference implementation: every text of
//! `tests/data/sentiment_reference.tsv` (scored by vaderSentiment 3.3.2, see
//! `tests/tools/gen_sentiment_reference.py`) must get exactly the same four scores.

use townhall::sentiment::{polarity_scores, Scores};

const REFERENCE: &str = include_str!("../data/sentiment_reference.tsv");

/// Undoes the generator's escaping of `\\`, `\t`, `\n` and `\r`.
fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            other => panic!("bad escape \\{other:?} in {field:?}"),
        }
    }
    out
}

/// Formats scores the way the generator prints the reference's.
fn format_scores(s: &Scores) -> [String; 4] {
    [s.neg, s.neu, s.pos, s.compound].map(|v| format!("{v:.4}"))
}

#[test]
fn matches_reference_exactly() {
    let mut lines = REFERENCE.split('\n').filter(|line| !line.is_empty());
    assert_eq!(lines.next(), Some("text\tneg\tneu\tpos\tcompound"));

    let mut total = 0;
    let mut mismatches = Vec::new();
    for (line_no, line) in lines.enumerate() {
        let (text, expected) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("line {}: no tab", line_no + 2));
        let expected: Vec<&str> = expected.split('\t').collect();
        assert_eq!(expected.len(), 4, "line {}: want 4 scores", line_no + 2);
        let text = unescape(text);
        let got = polarity_scores(&text);
        total += 1;
        if format_scores(&got) != *expected {
            mismatches.push(format!(
                "line {}: {text:?}\n    reference neg/neu/pos/compound = {expected:?}\n    port      = {:?}",
                line_no + 2,
                format_scores(&got),
            ));
        }
    }
    assert!(total >= 3000, "reference file too small: {total} texts");
    if !mismatches.is_empty() {
        for m in mismatches.iter().take(20) {
            eprintln!("{m}");
        }
        panic!(
            "{} of {total} texts differ from the reference",
            mismatches.len()
        );
    }
    eprintln!("parity: {total} of {total} texts exact");
}
