//! HTML post bodies (Mastodon) to plain text: tags stripped, entities decoded, `<br>` and
//! paragraph ends turned into line breaks.

/// The text of an HTML fragment.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = rest[1..end.saturating_sub(1).max(1)]
                .trim()
                .to_ascii_lowercase();
            let name = tag.split([' ', '/']).find(|s| !s.is_empty()).unwrap_or("");
            if name == "br" {
                out.push('\n');
            } else if tag.starts_with("/p") {
                out.push_str("\n\n");
            }
            rest = &rest[end..];
        } else {
            let (decoded, used) = entity(rest);
            out.push_str(&decoded);
            rest = &rest[used..];
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// Decodes the entity at the start of `s` (which starts with `&`); returns it and its length.
fn entity(s: &str) -> (String, usize) {
    let Some(end) = s.bytes().take(12).position(|b| b == b';') else {
        return ("&".into(), 1);
    };
    let name = &s[1..end];
    let decoded = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32),
    };
    match decoded {
        Some(c) => (c.to_string(), end + 1),
        None => ("&".into(), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_entities_decode_and_paragraphs_break() {
        let html = r#"<p>I&#39;m &quot;here&quot; &amp; <a href="x"><span class="invisible">https://</span>ex.com</a></p><p>a<br>b<br/>c</p>"#;
        assert_eq!(to_text(html), "I'm \"here\" & https://ex.com\n\na\nb\nc");
        assert_eq!(to_text("fish & chips"), "fish & chips");
    }
}
