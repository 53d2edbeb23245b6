//! Splitting a query into tokens, each with the 1-based column (in characters) where it starts.

use super::QueryError;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    Open,
    Close,
    And,
    Or,
    Not,
    Minus,
    /// `NEAR` or `NEAR/n`: the largest number of words allowed between the terms.
    Near(Option<u32>),
    Phrase(String),
    /// `name:value`, such as `platform:facebook`.
    Field(String, String),
    Word(String),
}

/// Turns the query text into tokens. Fails only on an unclosed or empty quotation.
pub(super) fn tokenize(query: &str) -> Result<Vec<(usize, Token)>, QueryError> {
    let chars: Vec<char> = query.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let col = i + 1;
        match chars[i] {
            c if c.is_whitespace() => i += 1,
            '(' => {
                tokens.push((col, Token::Open));
                i += 1;
            }
            ')' => {
                tokens.push((col, Token::Close));
                i += 1;
            }
            '-' if chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) => {
                tokens.push((col, Token::Minus));
                i += 1;
            }
            '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&c| c == '"')
                    .ok_or_else(|| {
                        QueryError::at(
                            col,
                            "this quotation mark is never closed: add a closing \" after the phrase",
                        )
                    })?;
                let phrase: String = chars[i + 1..i + 1 + end].iter().collect();
                if phrase.trim().is_empty() {
                    return Err(QueryError::at(
                        col,
                        "empty quotes: put the exact words between them",
                    ));
                }
                tokens.push((col, Token::Phrase(phrase)));
                i += end + 2;
            }
            _ => {
                let start = i;
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !matches!(chars[i], '(' | ')' | '"')
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                tokens.push((col, word_token(word, col)?));
            }
        }
    }
    Ok(tokens)
}

fn word_token(word: String, col: usize) -> Result<Token, QueryError> {
    Ok(match word.as_str() {
        "AND" => Token::And,
        "OR" => Token::Or,
        "NOT" => Token::Not,
        "NEAR" => Token::Near(None),
        w if w.starts_with("NEAR/") => {
            let n = &w["NEAR/".len()..];
            match n.parse::<u32>() {
                Ok(n) if n <= 1000 => Token::Near(Some(n)),
                _ => {
                    return Err(QueryError::at(
                        col,
                        format!(
                            "“{w}”: after NEAR/ write how many words may come between, e.g. NEAR/5"
                        ),
                    ))
                }
            }
        }
        w => match field(w) {
            Some((name, value)) => Token::Field(name.to_string(), value.to_string()),
            None => Token::Word(word),
        },
    })
}

/// `name:value` where the name is letters only; web addresses (`https://…`) stay words.
fn field(word: &str) -> Option<(&str, &str)> {
    let (name, value) = word.split_once(':')?;
    let is_name = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic());
    (is_name && !value.starts_with("//")).then_some((name, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let t = tokenize("ü (a)").unwrap();
        assert_eq!(t[1], (3, Token::Open));
        assert_eq!(t[2], (4, Token::Word("a".into())));
    }

    #[test]
    fn fields_and_near() {
        let t = tokenize("platform:x NEAR/3 https://a.b 10:30").unwrap();
        assert_eq!(t[0].1, Token::Field("platform".into(), "x".into()));
        assert_eq!(t[1].1, Token::Near(Some(3)));
        assert_eq!(t[2].1, Token::Word("https://a.b".into()));
        assert_eq!(t[3].1, Token::Word("10:30".into()));
    }
}
