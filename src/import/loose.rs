//! Typed, borrowing reads of JSON fields that may arrive in any shape.
//!
//! The fast importers deserialise records into structs instead of `serde_json::Value` trees, so a
//! record costs no allocation per field and its strings are borrowed from the input. Platforms
//! are not strict about types (an id is a string in one API and a number in another, a count a
//! numeric string), and a record must not be lost because one field has an odd shape: a
//! [`Loose`] field accepts any JSON value and says what it was, and [`present`] tells a field set
//! to `null` from a missing one.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

/// One JSON value, kept only as far as the importers read it.
#[derive(Debug, Clone, PartialEq)]
pub enum Loose<'a> {
    Str(Cow<'a, str>),
    Int(i64),
    /// An integer above `i64::MAX`.
    Big(u64),
    Float(f64),
    Bool(bool),
    /// `null`, an object or an array.
    Other,
}

impl<'a> Loose<'a> {
    /// The value as a string: a string as it is, a number as JSON writes it (ids are numbers in
    /// some APIs); anything else is no string.
    pub fn text(&self) -> Option<String> {
        match self {
            Loose::Str(s) => Some(s.to_string()),
            Loose::Int(n) => Some(n.to_string()),
            Loose::Big(n) => Some(n.to_string()),
            Loose::Float(f) => serde_json::Number::from_f64(*f).map(|n| n.to_string()),
            Loose::Bool(_) | Loose::Other => None,
        }
    }

    /// The value if it is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Loose::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A count given as an integer or a numeric string; anything else, and a number no
    /// platform counts ([`crate::model::plausible_count`]), is unknown.
    pub fn count(&self) -> Option<i64> {
        match self {
            Loose::Int(n) => Some(*n),
            Loose::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
        .and_then(crate::model::plausible_count)
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Loose::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// For `#[serde(default, deserialize_with = "present")]`: `None` only when the field is
/// missing, `Some(Loose::Other)` when it is `null`.
pub fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Loose<'de>>, D::Error> {
    Loose::deserialize(d).map(Some)
}

impl<'de> Deserialize<'de> for Loose<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Loose::Str(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Loose::Str(Cow::Owned(s.to_string())))
    }

    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(Loose::Str(Cow::Owned(s)))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Loose::Int(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(n).map_or(Loose::Big(n), Loose::Int))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Self::Value, E> {
        Ok(Loose::Float(f))
    }

    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Loose::Bool(b))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Loose::Other)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Loose::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Loose::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose::Other)
    }
}

/// Reads `raw` as a `T`, or `None` when it has another shape (a field that should hold an object
/// but holds a number is as good as missing).
pub fn lenient<'a, T: Deserialize<'a>>(raw: Option<&'a RawValue>) -> Option<T> {
    serde_json::from_str(raw?.get()).ok()
}

/// The elements of `raw` read as `T`, skipping those of another shape; nothing unless `raw` is
/// an array.
pub fn lenient_items<'a, T: Deserialize<'a>>(raw: Option<&'a RawValue>) -> Vec<T> {
    lenient::<Vec<&'a RawValue>>(raw)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|item| lenient(Some(item)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Probe<'a> {
        #[serde(borrow, default, deserialize_with = "present")]
        v: Option<Loose<'a>>,
    }

    fn probe(json: &str) -> Option<Loose<'_>> {
        serde_json::from_str::<Probe<'_>>(json).unwrap().v
    }

    #[test]
    fn any_value_is_read_and_says_what_it_was() {
        assert_eq!(probe(r#"{}"#), None);
        assert_eq!(probe(r#"{"v": null}"#), Some(Loose::Other));
        assert_eq!(probe(r#"{"v": {"a": [1, {"b": 2}]}}"#), Some(Loose::Other));
        assert_eq!(probe(r#"{"v": [1, "x"]}"#), Some(Loose::Other));
        assert!(matches!(
            probe(r#"{"v": "plain"}"#),
            Some(Loose::Str(Cow::Borrowed("plain")))
        ));
        assert_eq!(
            probe(r#"{"v": "esc\"aped"}"#).unwrap().as_str(),
            Some("esc\"aped")
        );
        assert_eq!(probe(r#"{"v": 12}"#).unwrap().text().as_deref(), Some("12"));
        assert_eq!(probe(r#"{"v": " 12 "}"#).unwrap().count(), Some(12));
        assert_eq!(probe(r#"{"v": 1.5}"#).unwrap().count(), None);
        assert_eq!(
            probe(r#"{"v": 1.5}"#).unwrap().text().as_deref(),
            Some("1.5")
        );
        assert_eq!(
            probe(r#"{"v": 18446744073709551615}"#)
                .unwrap()
                .text()
                .as_deref(),
            Some("18446744073709551615")
        );
        assert_eq!(probe(r#"{"v": true}"#).unwrap().as_bool(), Some(true));
    }

    #[test]
    fn odd_shapes_are_as_good_as_missing() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Pair {
            a: i64,
        }
        let raw = |s: &str| serde_json::from_str::<Box<RawValue>>(s).unwrap();
        assert_eq!(
            lenient::<Pair>(Some(&raw(r#"{"a": 1}"#))),
            Some(Pair { a: 1 })
        );
        assert_eq!(lenient::<Pair>(Some(&raw("7"))), None);
        assert_eq!(
            lenient_items::<Pair>(Some(&raw(r#"[{"a": 1}, 3, {"a": 2}]"#))),
            [Pair { a: 1 }, Pair { a: 2 }]
        );
        assert!(lenient_items::<Pair>(Some(&raw(r#"{"a": 1}"#))).is_empty());
    }
}
