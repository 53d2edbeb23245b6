//! The topic query language, compiled to an SQLite FTS5 `MATCH` expression.
//!
//! ```text
//! query   := or
//! or      := and ("OR" and)*
//! and     := unary (["AND"] unary)*        -- juxtaposition means AND
//! unary   := "NOT" unary | "-" primary | primary
//! primary := "(" or ")" | "\"phrase\"" | word | word* | #hashtag | @handle
//! ```
//!
//! Safety: user text only ever reaches FTS5 inside double-quoted strings (with `"` doubled), and
//! the expression is passed to SQLite as a bound parameter, never spliced into SQL.

use std::fmt;

/// A query that could not be read, with the 1-based column to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub column: usize,
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for QueryError {}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    And,
    Or,
    Not,
    Minus,
    Phrase(String),
    Word(String),
}

fn tokenize(query: &str) -> Result<Vec<(usize, Token)>, QueryError> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = query.char_indices().collect();
    let column = |i: usize| {
        query[..chars.get(i).map_or(query.len(), |c| c.0)]
            .chars()
            .count()
            + 1
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let col = column(i);
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                tokens.push((col, Token::Open));
                i += 1;
            }
            ')' => {
                tokens.push((col, Token::Close));
                i += 1;
            }
            '-' if chars.get(i + 1).is_some_and(|n| !n.1.is_whitespace()) => {
                tokens.push((col, Token::Minus));
                i += 1;
            }
            '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|c| c.1 == '"')
                    .ok_or(QueryError {
                        column: col,
                        message: "this quotation mark is never closed".into(),
                    })?;
                let phrase: String = chars[i + 1..i + 1 + end].iter().map(|c| c.1).collect();
                if phrase.trim().is_empty() {
                    return Err(QueryError {
                        column: col,
                        message: "empty quotes: put the exact words between them".into(),
                    });
                }
                tokens.push((col, Token::Phrase(phrase)));
                i += end + 2;
            }
            _ => {
                let start = i;
                while i < chars.len()
                    && !chars[i].1.is_whitespace()
                    && !matches!(chars[i].1, '(' | ')' | '"')
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().map(|c| c.1).collect();
                tokens.push((
                    col,
                    match word.as_str() {
                        "AND" => Token::And,
                        "OR" => Token::Or,
                        "NOT" => Token::Not,
                        _ => Token::Word(word),
                    },
                ));
            }
        }
    }
    Ok(tokens)
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Term { text: String, prefix: bool },
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    end_column: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|t| &t.1)
    }

    fn column(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end_column, |t| t.0)
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, QueryError> {
        Err(QueryError {
            column: self.column(),
            message: message.into(),
        })
    }

    fn or(&mut self) -> Result<Node, QueryError> {
        let mut parts = vec![self.and()?];
        while self.peek() == Some(&Token::Or) {
            self.pos += 1;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Node::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Node, QueryError> {
        let mut parts = vec![self.unary()?];
        loop {
            match self.peek() {
                Some(Token::And) => {
                    self.pos += 1;
                    parts.push(self.unary()?);
                }
                Some(Token::Or | Token::Close) | None => break,
                Some(_) => parts.push(self.unary()?),
            }
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Node::And(parts)
        })
    }

    fn unary(&mut self) -> Result<Node, QueryError> {
        match self.peek() {
            Some(Token::Not) => {
                self.pos += 1;
                Ok(Node::Not(Box::new(self.unary()?)))
            }
            Some(Token::Minus) => {
                self.pos += 1;
                Ok(Node::Not(Box::new(self.primary()?)))
            }
            _ => self.primary(),
        }
    }

    fn primary(&mut self) -> Result<Node, QueryError> {
        let Some(token) = self.peek().cloned() else {
            return self.error("the query ends too early: a word or phrase is missing here");
        };
        match token {
            Token::Open => {
                self.pos += 1;
                let inner = self.or()?;
                if self.peek() != Some(&Token::Close) {
                    return self.error("a closing parenthesis “)” is missing here");
                }
                self.pos += 1;
                Ok(inner)
            }
            Token::Phrase(p) => {
                self.pos += 1;
                Ok(Node::Term {
                    text: p,
                    prefix: false,
                })
            }
            Token::Word(w) => {
                self.pos += 1;
                let (text, prefix) = match w.strip_suffix('*') {
                    Some(stem) => (stem.to_string(), true),
                    None => (w.clone(), false),
                };
                let text = text.trim_start_matches(['#', '@']).to_string();
                if !text.chars().any(char::is_alphanumeric) {
                    return Err(QueryError {
                        column: self.tokens[self.pos - 1].0,
                        message: format!("“{w}” has no letters or digits to search for"),
                    });
                }
                Ok(Node::Term { text, prefix })
            }
            Token::Close => self.error("this “)” has no matching “(”"),
            Token::And | Token::Or => self.error("AND/OR needs a word or phrase on both sides"),
            Token::Not | Token::Minus => unreachable!("handled by unary"),
        }
    }
}

/// A query compiled for FTS5.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compiled {
    /// The `MATCH` expression, to be bound as a parameter.
    pub fts: String,
}

/// Parses and compiles a topic query.
pub fn compile(query: &str) -> Result<Compiled, QueryError> {
    let tokens = tokenize(query)?;
    if tokens.is_empty() {
        return Err(QueryError {
            column: 1,
            message: "the query is empty: type the words, #hashtags or \"phrases\" to watch".into(),
        });
    }
    let mut parser = Parser {
        tokens,
        pos: 0,
        end_column: query.chars().count() + 1,
    };
    let node = parser.or()?;
    if parser.pos < parser.tokens.len() {
        return parser.error("this “)” has no matching “(”");
    }
    let fts = emit(&node).map_err(|message| QueryError { column: 1, message })?;
    Ok(Compiled { fts })
}

/// Writes FTS5 syntax. FTS5's NOT is binary (`a NOT b`), so negations inside an AND are gathered
/// and subtracted from the positive part.
fn emit(node: &Node) -> Result<String, String> {
    match node {
        Node::Term { text, prefix } => {
            let quoted = format!("\"{}\"", text.replace('"', "\"\""));
            Ok(if *prefix {
                format!("{quoted}*")
            } else {
                quoted
            })
        }
        Node::Or(parts) => {
            let parts: Result<Vec<_>, _> = parts.iter().map(emit).collect();
            Ok(format!("({})", parts?.join(" OR ")))
        }
        Node::And(parts) => {
            let (neg, pos): (Vec<&Node>, Vec<&Node>) =
                parts.iter().partition(|p| matches!(p, Node::Not(_)));
            if pos.is_empty() {
                return Err("NOT needs something to exclude from: add a word to include".into());
            }
            let pos: Result<Vec<_>, _> = pos.into_iter().map(emit).collect();
            let mut out = format!("({})", pos?.join(" AND "));
            for n in neg {
                let Node::Not(inner) = n else { unreachable!() };
                out = format!("({out} NOT {})", emit(inner)?);
            }
            Ok(out)
        }
        Node::Not(_) => Err("NOT needs something to exclude from: add a word to include".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fts(q: &str) -> String {
        compile(q).unwrap().fts
    }

    #[test]
    fn compiles_the_spine_syntax() {
        assert_eq!(fts("schoolmax"), r#""schoolmax""#);
        assert_eq!(fts("schoolmax portal"), r#"("schoolmax" AND "portal")"#);
        assert_eq!(fts("a OR b"), r#"("a" OR "b")"#);
        assert_eq!(
            fts("\"student portal\" OR #SchoolMaxDown"),
            r#"("student portal" OR "SchoolMaxDown")"#
        );
        assert_eq!(fts("login* -test"), r#"(("login"*) NOT "test")"#);
        assert_eq!(fts("(a OR b) AND NOT c"), r#"((("a" OR "b")) NOT "c")"#);
    }

    #[test]
    fn operators_inside_terms_are_literal() {
        // FTS5 keywords and column filters typed by the user are searched for as words.
        assert_eq!(fts("NEAR(a) col:b"), r#"("NEAR" AND "a" AND "col:b")"#);
        assert_eq!(fts(r#"a"b""#), r#"("a" AND "b")"#);
    }

    #[test]
    fn errors_point_at_the_column() {
        let e = compile("outage AND (login").unwrap_err();
        assert_eq!(e.column, 18);
        assert!(e.message.contains("parenthesis"));
        let e = compile("\"student portal").unwrap_err();
        assert_eq!(e.column, 1);
        assert!(compile("").is_err());
        assert!(compile("NOT spam").is_err());
        assert_eq!(compile("a OR").unwrap_err().column, 5);
    }
}
