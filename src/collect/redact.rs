//! Keeping credentials out of what a run writes: a server may echo the secret it was sent (in an
//! error field, a post, a cursor), and whatever a run keeps lands in the workspace file, its
//! messages and exports.
//!
//! Each secret is searched in every form a server may echo it in ([`crate::echoes`]). Messages
//! are searched as text.
//! Pages and cursors are JSON, where a secret may be written with escapes (`\/`, `\u0041`): they
//! are searched as the strings they decode to, and written again only when something was
//! blanked, so an ordinary page reaches the importer byte for byte.

use serde_json::Value;

use super::session;
use super::source::Credential;
use crate::echoes::{self, PLACEHOLDER};

/// What a server might echo that must never be kept: the credential's secret and the tokens
/// of signed-in sessions.
#[derive(Debug, Default)]
pub(super) struct InPlay(Vec<String>);

impl InPlay {
    /// The secrets as sent and as a server may write them back ([`echoes::forms`]).
    pub(super) fn of(credential: Option<&Credential>) -> InPlay {
        let secrets: Vec<String> = credential
            .filter(|c| c.secret.len() >= 4)
            .map(|c| c.secret.clone())
            .into_iter()
            .chain(session::tokens())
            .collect();
        InPlay(echoes::forms(&secrets))
    }

    /// `message` with every secret blanked.
    pub(super) fn message(&self, message: String) -> String {
        echoes::blank(&self.0, message)
    }

    /// A fetched page with every secret blanked, before it is imported: a page of JSON values
    /// (one, or one a line) is searched in its decoded strings, keys included; anything else
    /// byte for byte, also as JSON would escape a `/`.
    pub(super) fn page(&self, page: Vec<u8>) -> Vec<u8> {
        if self.0.is_empty() {
            return page;
        }
        let values: Result<Vec<Value>, _> = serde_json::Deserializer::from_slice(&page)
            .into_iter::<Value>()
            .collect();
        match values {
            Ok(mut values) => {
                let mut blanked = false;
                for value in &mut values {
                    blanked |= self.value(value);
                }
                if !blanked {
                    return page;
                }
                let lines: Vec<String> = values.iter().map(Value::to_string).collect();
                lines.join("\n").into_bytes()
            }
            Err(_) => self.bytes(page),
        }
    }

    /// Blanks every secret in the strings of `value`, keys included; whether any was found.
    pub(super) fn value(&self, value: &mut Value) -> bool {
        match value {
            Value::String(s) => self.string(s),
            Value::Array(items) => items.iter_mut().fold(false, |b, v| self.value(v) | b),
            Value::Object(map) => {
                let mut blanked = false;
                let keys: Vec<String> = map.keys().cloned().collect();
                for key in keys {
                    let mut renamed = key.clone();
                    if self.string(&mut renamed) {
                        blanked = true;
                        if let Some(v) = map.remove(&key) {
                            map.insert(renamed.clone(), v);
                        }
                    }
                    if let Some(v) = map.get_mut(&renamed) {
                        blanked |= self.value(v);
                    }
                }
                blanked
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => false,
        }
    }

    fn string(&self, s: &mut String) -> bool {
        if !s.contains('%') && !self.0.iter().any(|secret| s.contains(secret.as_str())) {
            return false;
        }
        let blanked = self.message(s.clone());
        if blanked == *s {
            return false;
        }
        *s = blanked;
        true
    }

    /// A page that is not JSON, searched byte for byte.
    fn bytes(&self, mut page: Vec<u8>) -> Vec<u8> {
        let escaped = self
            .0
            .iter()
            .filter(|s| s.contains('/'))
            .map(|s| s.replace('/', "\\/"));
        for secret in self.0.iter().cloned().chain(escaped) {
            let needle = secret.as_bytes();
            if !page.windows(needle.len()).any(|w| w == needle) {
                continue;
            }
            let mut out = Vec::with_capacity(page.len());
            let mut rest = &page[..];
            while !rest.is_empty() {
                if rest.starts_with(needle) {
                    out.extend_from_slice(PLACEHOLDER.as_bytes());
                    rest = &rest[needle.len()..];
                } else {
                    out.push(rest[0]);
                    rest = &rest[1..];
                }
            }
            page = out;
        }
        match String::from_utf8(page) {
            Ok(text) if text.contains('%') => self.message(text).into_bytes(),
            Ok(text) => text.into_bytes(),
            Err(e) => e.into_bytes(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_play(secret: &str) -> InPlay {
        InPlay::of(Some(&Credential {
            id: None,
            secret: secret.into(),
        }))
    }

    fn page(secrets: &InPlay, page: &[u8]) -> String {
        String::from_utf8(secrets.page(page.to_vec())).unwrap()
    }

    #[test]
    fn a_page_echoing_the_credential_is_imported_without_it() {
        let c = in_play("x-bearer-SECRET-4321");
        assert_eq!(
            page(
                &c,
                br#"{"data":[{"created_at":"Bearer x-bearer-SECRET-4321"}],"n":"x-bearer-SECRET-4321!"}"#
            ),
            r#"{"data":[{"created_at":"Bearer [credential]"}],"n":"[credential]!"}"#
        );
        let clean = br#"{"data": [], "text": "caf\u00e9"}"#;
        assert_eq!(c.page(clean.to_vec()), clean, "left byte for byte");
    }

    #[test]
    fn escapes_do_not_hide_the_credential() {
        let slashed = in_play("abc/def/ghi");
        assert_eq!(
            page(&slashed, br#"{"error":"token abc\/def\/ghi refused"}"#),
            r#"{"error":"token [credential] refused"}"#
        );
        let c = in_play("tok-SECRET");
        let blanked = page(&c, br#"{"e":"\u0074ok-S\u0045CRET","\u0074ok-SECRET":1}"#);
        assert_eq!(
            serde_json::from_str::<Value>(&blanked).unwrap(),
            serde_json::json!({"e": "[credential]", "[credential]": 1})
        );
        assert_eq!(
            page(&c, b"{\"a\":\"tok-SECRET\"}\n{\"b\":2}\n"),
            "{\"a\":\"[credential]\"}\n{\"b\":2}",
            "a page of JSON lines stays one value a line"
        );
        assert_eq!(
            page(&c, b"<feed>tok-SECRET</feed>"),
            "<feed>[credential]</feed>",
            "not JSON: byte for byte"
        );
    }

    #[test]
    fn percent_encoded_and_base64_echoes_are_blanked() {
        let c = InPlay::of(Some(&Credential {
            id: Some("app-id".into()),
            secret: "S3cr3t/Tok+en=AbCdEf123".into(),
        }));
        let basic = "YXBwLWlkOlMzY3IzdC9Ub2srZW49QWJDZEVmMTIz"; // app-id:S3cr3t/Tok+en=AbCdEf123
        let echoed = format!(
            r#"{{"text":"pct=S3cr3t%2FTok%2Ben%3DAbCdEf123 b64=UzNjcjN0L1Rvaytlbj1BYkNkRWYxMjM= basic={basic}"}}"#
        );
        let blanked = page(&c, echoed.as_bytes());
        assert!(
            blanked.starts_with(r#"{"text":"pct=[credential] b64="#),
            "{blanked}"
        );
        assert_eq!(blanked.matches("[credential]").count(), 3, "{blanked}");
        // What is left of each base64 text around the blank encodes at most a byte of it.
        for (encoded, left) in [("UzNjcjN0L1Rvaytlbj1BYkNkRWYxMjM=", 3), (basic, 10)] {
            let at = blanked.find(&encoded[..2]).unwrap_or(0);
            assert!(!blanked.contains(&encoded[..left + 4]), "{blanked}");
            let _ = at;
        }
    }

    #[test]
    fn a_cursor_holding_the_credential_is_blanked() {
        let c = in_play("tok-SECRET");
        let mut cursor = serde_json::json!({"next": "page?t=tok-SECRET", "since": 12});
        assert!(c.value(&mut cursor));
        assert_eq!(cursor["next"], "page?t=[credential]");
        assert!(!c.value(&mut cursor), "nothing left to blank");
    }

    #[test]
    fn secrets_are_blanked_from_messages() {
        let c = InPlay::of(Some(&Credential {
            id: Some("me.bsky.social".into()),
            secret: "abcd-efgh-ijkl-mnop".into(),
        }));
        assert_eq!(
            c.message("server said: bad password abcd-efgh-ijkl-mnop".into()),
            "server said: bad password [credential]"
        );
    }
}
