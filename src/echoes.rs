//! The forms in which a server may echo a secret it was sent, so that what a run keeps (a
//! page, a cursor, an error message) can be searched for each: as sent; percent-encoded (upper
//! or lower-case hex, every character or only some) or percent-decoded, as an address quotes
//! it; and in base64 at any place
//! of a longer encoded text (a cursor built around the token, SMTP's `AUTH PLAIN` of
//! `\0user\0password`, a `Basic` header's `id:secret`), in the standard and the URL-safe
//! alphabet. Both live collection (`collect::redact`) and alert delivery use them.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;

/// What replaces a secret.
pub const PLACEHOLDER: &str = "[credential]";

/// The shortest form searched for: a shorter one would blank ordinary words.
const SHORTEST: usize = 8;

/// Every form of `secrets`, longest first (so that a longer form is blanked whole before a
/// shorter one inside it), each once.
pub fn forms(secrets: &[String]) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for secret in secrets.iter().filter(|s| s.len() >= 4) {
        let decoded = percent_decoded(secret);
        let texts = match decoded == *secret {
            true => vec![decoded],
            false => vec![secret.clone(), decoded],
        };
        for text in texts {
            all.push(text.clone());
            all.push(percent_encoded(&text, true));
            all.push(percent_encoded(&text, false));
            all.extend(base64_cores(text.as_bytes()));
        }
    }
    all.retain(|f| f.len() >= SHORTEST || secrets.contains(f));
    all.sort_unstable_by_key(|s| std::cmp::Reverse(s.len()));
    all.dedup();
    all
}

/// `text` with every form blanked.
pub fn blank(forms: &[String], mut text: String) -> String {
    for form in forms {
        if text.contains(form.as_str()) {
            text = text.replace(form.as_str(), PLACEHOLDER);
        }
    }
    if text.contains('%') {
        text = blank_escaped(forms, text);
    }
    text
}

/// `text` with every form blanked where some of its characters are percent-encoded and others
/// not, as an encoder that escapes more than it must writes them (`%2D` for `-`, `%7E` for
/// `~`): the forms are searched in the decoded text and blanked in the written one.
fn blank_escaped(forms: &[String], text: String) -> String {
    let (decoded, at) = decoded_with_offsets(&text);
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for needle in forms.iter().map(String::as_bytes) {
        let mut from = 0;
        while let Some(found) = decoded[from..]
            .windows(needle.len())
            .position(|w| w == needle)
        {
            let (start, end) = (from + found, from + found + needle.len());
            if text.is_char_boundary(at[start]) && text.is_char_boundary(at[end]) {
                spans.push((at[start], at[end]));
            }
            from = end;
        }
    }
    if spans.is_empty() {
        return text;
    }
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut written = 0;
    for (start, end) in spans {
        if end <= written {
            continue;
        }
        if start >= written {
            out.push_str(&text[written..start]);
            out.push_str(PLACEHOLDER);
        }
        written = end;
    }
    out.push_str(&text[written..]);
    out
}

/// `text` with its `%XX` escapes decoded, and for each decoded byte (and the end) the offset in
/// `text` it was read from.
fn decoded_with_offsets(text: &str) -> (Vec<u8>, Vec<usize>) {
    let bytes = text.as_bytes();
    let hex = |b: Option<&u8>| b.and_then(|&b| (b as char).to_digit(16));
    let (mut decoded, mut at) = (Vec::with_capacity(bytes.len()), Vec::new());
    let mut i = 0;
    while i < bytes.len() {
        at.push(i);
        match (bytes[i], hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
            (b'%', Some(h), Some(l)) => {
                decoded.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    at.push(bytes.len());
    (decoded, at)
}

/// The part of `bytes`' base64 that is the same wherever they stand in a longer text: for each
/// of the three places a byte can take in a group of three, the characters that encode only
/// `bytes`, in both alphabets.
fn base64_cores(bytes: &[u8]) -> Vec<String> {
    let mut cores = Vec::new();
    for pad in 0..3usize {
        let mut padded = vec![0u8; pad];
        padded.extend_from_slice(bytes);
        let first = (8 * pad).div_ceil(6);
        let end = (8 * (pad + bytes.len())) / 6;
        if end <= first {
            continue;
        }
        for encoded in [STANDARD.encode(&padded), URL_SAFE_NO_PAD.encode(&padded)] {
            if let Some(core) = encoded.get(first..end) {
                cores.push(core.to_string());
            }
        }
    }
    cores
}

/// `s` with every byte but the unreserved ones of RFC 3986 written `%XX`, in upper or lower
/// case.
fn percent_encoded(s: &str, upper: bool) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ if upper => format!("%{b:02X}"),
            _ => format!("%{b:02x}"),
        })
        .collect()
}

/// `s` with its `%XX` escapes decoded (and `+` left as it is), when that is text.
fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F";

    #[test]
    fn a_secret_is_found_inside_base64_wherever_it_stands() {
        let forms = forms(&[TOKEN.to_string()]);
        for prefix in ["", "a", "ab", "{\"t\":\"", "xyz0"] {
            let cursor = STANDARD.encode(format!("{prefix}{TOKEN}\",\"page\":2}}"));
            let blanked = blank(&forms, cursor.clone());
            assert!(blanked.contains(PLACEHOLDER), "{prefix:?}: {cursor}");
            // Left: the text around it, and at most a character each side that also holds
            // some bits of the token.
            let left = blanked.replace(PLACEHOLDER, "");
            let around = STANDARD.encode(format!("{prefix}\",\"page\":2}}"));
            assert!(left.len() <= around.len() + 4, "{blanked}");
        }
        // SMTP's AUTH PLAIN of a user and a password.
        let plain = STANDARD.encode("\0townhall@it.example\0MailPassw0rd-Secret!");
        let forms = super::forms(&["MailPassw0rd-Secret!".to_string()]);
        assert!(blank(&forms, format!("535 5.7.8 {plain}")).contains(PLACEHOLDER));
    }

    #[test]
    fn a_secret_is_found_percent_decoded_and_in_lower_case_hex() {
        let forms = forms(&[TOKEN.to_string()]);
        let decoded = TOKEN.replace("%2B", "+").replace("%3D", "=");
        assert_eq!(
            blank(&forms, format!("echo {decoded}!")),
            "echo [credential]!"
        );
        let lower = TOKEN.replace("%2B", "%2b").replace("%3D", "%3d");
        assert_eq!(blank(&forms, format!("q={lower}")), "q=[credential]");
        assert_eq!(blank(&forms, "nothing here".into()), "nothing here");
    }

    #[test]
    fn a_secret_is_found_with_only_some_of_its_characters_percent_encoded() {
        let forms = forms(&["app-pass~word.2026".to_string()]);
        for echoed in [
            "app%2Dpass~word.2026",
            "app%2dpass%7Eword%2E2026",
            "%61pp-pass~word.2026",
        ] {
            assert_eq!(
                blank(&forms, format!("bad token {echoed}, 100% sure")),
                "bad token [credential], 100% sure",
                "{echoed}"
            );
        }
        // Twice, and beside escapes of other text.
        assert_eq!(
            blank(
                &forms,
                "a=app%2Dpass~word.2026&b=%C3%A9&c=app-pass%7Eword.2026".into()
            ),
            "a=[credential]&b=%C3%A9&c=[credential]"
        );
    }
}
