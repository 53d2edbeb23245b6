//! JSON whose `\u` escapes hold half of a character: a UTF-16 surrogate without its other half
//! (`"text": "down again \ud83d"`), as a platform writes when it cuts a text in the middle of an
//! emoji. The JSON parser refuses the whole record for it; a line refused so is read again with
//! each lone half replaced by U+FFFD, the replacement character, as a lossy UTF-16 decoder
//! replaces it, so that the post is kept with one character marked as lost.

/// `text` with every lone surrogate escape replaced by `\ufffd`; `None` when it has none. Only
/// the `\u` in the text are looked at, so a line without one costs a search for it.
pub fn repaired(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut pair_until = 0;
    for (i, _) in text.match_indices("\\u") {
        if i < pair_until {
            continue;
        }
        // After an odd number of backslashes it is text (`\\u` is a backslash and a `u`).
        let before = b[..i].iter().rev().take_while(|&&c| c == b'\\').count();
        if before % 2 == 1 {
            continue;
        }
        let Some(unit) = escaped_unit(b, i) else {
            continue;
        };
        let whole_pair = (0xD800..0xDC00).contains(&unit)
            && escaped_unit(b, i + 6).is_some_and(|low| (0xDC00..0xE000).contains(&low));
        if whole_pair {
            pair_until = i + 12;
        } else if (0xD800..0xE000).contains(&unit) {
            out.push_str(&text[copied..i]);
            out.push_str("\\ufffd");
            copied = i + 6;
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// The code unit of a `\uXXXX` escape starting at `at`.
fn escaped_unit(b: &[u8], at: usize) -> Option<u32> {
    let escape = b.get(at..at + 6)?;
    if escape[0] != b'\\' || escape[1] != b'u' {
        return None;
    }
    let hex = std::str::from_utf8(&escape[2..]).ok()?;
    u32::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::repaired;

    #[test]
    fn a_lone_half_is_replaced_and_whole_pairs_and_other_escapes_are_kept() {
        assert_eq!(repaired(r#"{"t": "ok \ud83d\ude00 fine"}"#), None);
        assert_eq!(
            repaired(r#"{"t": "a\\ud800 is text"}"#),
            None,
            "an escaped backslash"
        );
        assert_eq!(
            repaired(r#"{"t": "cut \ud83d"}"#).as_deref(),
            Some(r#"{"t": "cut \ufffd"}"#)
        );
        assert_eq!(
            repaired(r#"{"t": "\ude00 and \ud83d\u0041 é \ud83d\ude00"}"#).as_deref(),
            Some(r#"{"t": "\ufffd and \ufffd\u0041 é \ud83d\ude00"}"#)
        );
        let text = repaired(r#"{"t": "x\ud800"}"#).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["t"], "x\u{fffd}");
    }
}
