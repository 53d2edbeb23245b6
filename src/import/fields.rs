//! Small readers shared by the JSON importers: strings and counts that arrive in several
//! shapes, and times in the formats platforms write.

use crate::model::plausible_count;
use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

/// A string field, also accepting a number (ids are numbers in older APIs).
pub fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Text as Twitter and Reddit write it into JSON, with `&`, `<` and `>` escaped as `&amp;`,
/// `&lt;` and `&gt;` (and nothing else): read back in one pass, so that `&amp;lt;` is the text
/// `&lt;`. Left escaped, "AT&T" would be stored, shown and searched as "AT&amp;T", and "amp"
/// would count as a word.
pub fn unescape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (plain, entity) = [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")]
            .into_iter()
            .find(|(_, entity)| rest.starts_with(entity))
            .unwrap_or(("&", "&"));
        out.push_str(plain);
        rest = &rest[entity.len()..];
    }
    out.push_str(rest);
    out
}

/// A non-empty string field.
pub fn non_empty(v: &Value, key: &str) -> Option<String> {
    text(v, key).filter(|s| !s.trim().is_empty())
}

/// A count that may arrive as a number or a numeric string; anything else, and a number no
/// platform counts ([`plausible_count`]), is unknown.
pub fn count(v: Option<&Value>) -> Option<i64> {
    let n = match v? {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.abs() < 1e15)
                .map(|f| f.round() as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    n.and_then(plausible_count)
}

/// An RFC 3339 time (`2024-03-01T14:22:05Z`, `…+01:00`, fractional seconds allowed).
pub fn rfc3339(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Unix seconds as an integer, a float or a numeric string (Reddit dumps use all three).
pub fn unix_seconds(v: Option<&Value>) -> Option<DateTime<Utc>> {
    let secs = match v? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    Utc.timestamp_opt(secs.floor() as i64, 0).single()
}

/// Twitter v1.1's `Wed Nov 02 09:20:26 +0000 2022`.
/// The weekday is not checked: a wrong one does not make the date unreadable.
pub fn twitter_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    let without_weekday = s.split_once(' ').map_or(s, |(_, rest)| rest);
    DateTime::parse_from_str(without_weekday, "%b %d %H:%M:%S %z %Y")
        .ok()
        .map(|t| t.with_timezone(&Utc))
        .or_else(|| rfc3339(s))
}

/// `lang` when it names a language ([`is_language`]).
pub fn lang(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .filter(|l| is_language(l))
        .map(str::to_string)
}

/// Whether a source's language code names a language: not empty, not "und" (undetermined) nor
/// "zxx" (no linguistic content), nor in ISO 639's private-use range `qaa`–`qtz`, whose codes
/// X gives posts with no words of their own (`qme`: media only, `qht`: hashtags only, `qam`:
/// mentions only, `qct`: cashtags only, `qst`: too short to tell). Such a post's language is
/// unknown, not a language of its own in a breakdown.
pub fn is_language(code: &str) -> bool {
    let private_use = matches!(code.as_bytes(), [b'q', b'a'..=b't', b'a'..=b'z']);
    !(code.is_empty() || code == "und" || code == "zxx" || private_use)
}

/// A required field's reason for being missing, for record errors.
pub fn missing(what: &str) -> String {
    format!("no {what}")
}

/// Twitter gives a retweet its original's counts (the original's retweets, and in API v2 its
/// impressions): a retweet is credited with none of its own, since its likes, replies and
/// retweets go to the original, and its views are unknown (its exposure is estimated from its
/// author's followers). Counted as given, each retweet of a popular tweet repeated the tweet's
/// whole engagement and, through the shares, hundreds of thousands of estimated views.
pub fn retweet_counts(post: &mut crate::model::Post) {
    if post.kind == crate::model::PostKind::Repost {
        for count in [
            &mut post.likes,
            &mut post.shares,
            &mut post.replies,
            &mut post.quotes,
        ] {
            *count = Some(0);
        }
        post.views = None;
        post.reported_engagement = None;
    }
}

/// Whether X's `verified` mark names an account: since 2023 a paid subscription (`verified_type`
/// `blue`) verifies any private person, so only an organisation's (`business`) or an
/// official's (`government`) mark counts, or the legacy mark of data that gives no type.
pub fn verified(verified: Option<bool>, verified_type: Option<&str>) -> Option<bool> {
    match (verified, verified_type.map(str::trim)) {
        (Some(true), Some("business" | "government")) => Some(true),
        (Some(true), Some(t)) if !t.is_empty() => Some(false),
        (v, _) => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paid_mark_names_no_one() {
        assert_eq!(verified(Some(true), Some("blue")), Some(false));
        assert_eq!(verified(Some(true), Some("none")), Some(false));
        assert_eq!(verified(Some(true), Some("business")), Some(true));
        assert_eq!(verified(Some(true), Some("government")), Some(true));
        assert_eq!(verified(Some(true), None), Some(true), "legacy data");
        assert_eq!(verified(Some(false), Some("blue")), Some(false));
        assert_eq!(verified(None, None), None);
    }

    #[test]
    fn codes_for_posts_without_words_are_no_language() {
        for code in ["en", "pt-BR", "in", "tl", "qu", "quz", "que"] {
            assert!(is_language(code), "{code}");
        }
        for code in [
            "", "und", "zxx", "qme", "qht", "qam", "qct", "qst", "qaa", "qtz",
        ] {
            assert!(!is_language(code), "{code}");
        }
        let lang = |code: &str| lang(Some(&Value::from(code)));
        assert_eq!((lang("es"), lang("qme")), (Some("es".to_string()), None));
    }

    #[test]
    fn twitter_and_reddit_markup_is_read_back_once() {
        assert_eq!(unescape_markup("AT&amp;T &lt;3 &gt; x"), "AT&T <3 > x");
        assert_eq!(
            unescape_markup("&amp;lt; is how you write &lt;"),
            "&lt; is how you write <"
        );
        assert_eq!(
            unescape_markup("fish & chips &copy; &amp"),
            "fish & chips &copy; &amp"
        );
        assert_eq!(unescape_markup("café 😀 &amp;"), "café 😀 &");
    }
    use serde_json::json;

    #[test]
    fn times_and_counts_in_their_several_shapes() {
        let t = |s| twitter_time(s).map(|t| t.to_rfc3339());
        assert_eq!(
            t("Wed Nov 02 09:20:26 +0000 2022").as_deref(),
            Some("2022-11-02T09:20:26+00:00")
        );
        for v in [json!(1706745600), json!(1706745600.0), json!("1706745600")] {
            assert_eq!(unix_seconds(Some(&v)).unwrap().timestamp(), 1706745600);
        }
        assert_eq!(count(Some(&json!("12"))), Some(12));
        assert_eq!(count(Some(&json!(null))), None);
    }
}
