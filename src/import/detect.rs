//! Naming a file's format from its content, never its name.

use std::io::{BufRead, Read};
use std::path::Path;

use serde_json::Value;

use super::read::Input;
use super::Format;
use crate::error::{Error, Result};

/// How much of the first record detection reads at most.
const SNIFF_LIMIT: u64 = 64 * 1024 * 1024;

/// Reads the first record of `path` (decompressed if need be) and names its format, or says in
/// one line why it is not social data Townhall can read.
pub fn detect(path: &Path) -> Result<Format> {
    let mut input = Input::open(path)?;
    let mut first = Vec::new();
    let mut reader = input.reader().take(SNIFF_LIMIT);
    loop {
        first.clear();
        if reader
            .read_until(b'\n', &mut first)
            .map_err(|e| Error::io(path, e))?
            == 0
        {
            return Err(unsupported(path, "the file is empty"));
        }
        if !first.trim_ascii().is_empty() {
            break;
        }
    }
    let value: Value = serde_json::from_slice(first.trim_ascii())
        .map_err(|_| unsupported(path, "its first line is not a JSON record"))?;
    classify(&value).map_err(|why| unsupported(path, &why))
}

fn unsupported(path: &Path, why: &str) -> Error {
    Error::UnsupportedFile(format!(
        "{}: not a social-data file Townhall can read: {why}",
        path.display()
    ))
}

/// Names the format of one parsed record.
pub(crate) fn classify(value: &Value) -> Result<Format, String> {
    let obj = value
        .as_object()
        .ok_or_else(|| "expected a JSON object per line".to_string())?;
    if let Some(data) = obj.get("data").and_then(Value::as_array) {
        let first = data.first();
        let has = |k: &str| first.is_some_and(|d| d.get(k).is_some());
        if has("tweet_count") {
            return Err(
                "this is a Twitter API counts response (tweet volumes per period), not tweets"
                    .into(),
            );
        }
        if has("text") || (data.is_empty() && obj.contains_key("meta")) {
            return Ok(Format::Twarc2);
        }
        if has("username") {
            // A users lookup page: profiles only, handled by the twarc2 reader.
            return Ok(Format::Twarc2);
        }
    }
    if obj.contains_key("text") && obj.contains_key("id") && obj.contains_key("created_at") {
        if obj.contains_key("author_id") || obj.contains_key("author") {
            return Ok(Format::Twarc2Flat);
        }
        return Err(
            "a tweet-like record without author_id (Twitter API v1.1 is not supported yet)".into(),
        );
    }
    Err("no Twitter API v2 data was found in the first record".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_each_format_from_content() {
        let page = json!({"data": [{"id": "1", "text": "hi", "author_id": "2"}], "includes": {}});
        assert_eq!(classify(&page), Ok(Format::Twarc2));
        let flat = json!({"id": "1", "text": "hi", "created_at": "2021-01-01T00:00:00.000Z", "author_id": "2"});
        assert_eq!(classify(&flat), Ok(Format::Twarc2Flat));
    }

    #[test]
    fn counts_and_random_json_get_a_reason() {
        let counts = json!({"data": [{"end": "x", "start": "y", "tweet_count": 3}]});
        assert!(classify(&counts).unwrap_err().contains("counts"));
        assert!(classify(&json!({"hello": 1})).is_err());
        assert!(classify(&json!([1, 2])).is_err());
    }
}
