//! The topic query language of listening tools, compiled safely to SQLite FTS5 plus SQL filters.
//!
//! ```text
//! query   := or
//! or      := and ("OR" and)*
//! and     := unary (["AND"] unary)*          -- juxtaposition means AND
//! unary   := "NOT" unary | "-" near | near
//! near    := primary ["NEAR" | "NEAR/n" primary]
//! primary := "(" or ")" | "NEAR/n(" term term+ ")" | term | field:value
//! term    := word | word* | "exact phrase" | #hashtag | @handle
//! ```
//!
//! - A word also matches the same word used as a hashtag or a mention: `schoolmax` finds
//!   `#SchoolMax` and `@SchoolMax`. `#schoolmax` finds only the hashtag, `@schoolmax` only the
//!   mention (the FTS index keeps `#` and `@` as part of words, see migration 0003).
//! - `login*` matches words starting with `login`; `a NEAR/3 b` and `NEAR/3(a b c)` match the terms
//!   within 3 words of each other (10 without `/n`). Inside NEAR a word matches only itself.
//! - Field filters: `platform:facebook`, `lang:en` (also `en-GB`), `author:@handle`, `kind:reply`.
//!   They combine with the rest like any term: `outage platform:twitter` (AND), `platform:reddit
//!   OR platform:facebook`, `-kind:repost`, or grouped inside parentheses anywhere.
//! - Matching is case-insensitive and ignores accents.
//!
//! Safety: the parsed query is compiled by [`compile`] into a [`Matcher`], a `WHERE` fragment over
//! `posts p` whose every user-provided value (FTS5 expressions, platform names, handles, ...) is a
//! bound parameter. Inside FTS5 expressions, user text only appears within double quotes (with `"`
//! doubled), so FTS5 operators typed by the user are searched for as words.

mod compile;
mod lex;

use std::fmt;

use crate::model::{Platform, PostKind};
pub use compile::Matcher;
use lex::Token;

/// How far apart NEAR terms may be when the query gives no `/n`: FTS5's default.
pub const DEFAULT_NEAR: u32 = 10;

/// How deeply parentheses and NOTs may nest. Real queries stay under ten; the limit keeps a
/// hostile query from exhausting this parser's stack, and every query within it from
/// exhausting FTS5's, whose expression nests two or three levels for each of the query's (it
/// overflows at about 95: some shapes at a depth of 35 here).
pub const MAX_DEPTH: usize = 25;

/// A query that could not be read, with the 1-based column to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub column: usize,
    pub message: String,
}

impl QueryError {
    fn at(column: usize, message: impl Into<String>) -> QueryError {
        QueryError {
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for QueryError {}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Term(Term),
    Filter(Filter),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

/// What the full-text index can find.
#[derive(Debug, Clone, PartialEq)]
enum Term {
    Word {
        text: String,
        prefix: bool,
    },
    Phrase(String),
    /// A `#hashtag` or `@handle`, sigil included.
    Tag {
        text: String,
        prefix: bool,
    },
    Near {
        terms: Vec<Term>,
        distance: u32,
    },
}

/// `code` lower-cased when it reads as a language code (`en`, `pt-br`), as `lang:` takes it.
fn language_code(code: &str) -> Option<String> {
    let code = code.trim().to_ascii_lowercase();
    let ok =
        (2..=8).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    ok.then_some(code)
}

/// A condition on a post's fields.
#[derive(Debug, Clone, PartialEq)]
enum Filter {
    Platform(Platform),
    Lang(String),
    Author(String),
    Kind(PostKind),
    /// Text found anywhere in the post, for words of scripts written without spaces (see
    /// [`unspaced`]), which the full-text index holds only as whole runs between spaces.
    Contains(String),
}

/// Whether `text` holds a letter of a script written without spaces between words: Chinese,
/// Japanese, Thai, Lao, Khmer, Myanmar. The full-text index splits text at spaces and
/// punctuation, so "学校" is no word of "学校的系统坏了": such a term is found as text within
/// the post instead.
fn unspaced(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c,
            '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
            | '\u{31F0}'..='\u{31FF}'
            | '\u{3400}'..='\u{4DBF}' // CJK Extension A
            | '\u{4E00}'..='\u{9FFF}' // CJK Unified Ideographs
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FF66}'..='\u{FF9F}' // half-width Katakana
            | '\u{20000}'..='\u{2FFFF}'
            | '\u{0E00}'..='\u{0EFF}' // Thai, Lao
            | '\u{1000}'..='\u{109F}' // Myanmar
            | '\u{1780}'..='\u{17FF}' // Khmer
        )
    })
}

/// A text term as the query searches for it: in the full-text index, or, in a script written
/// without spaces, as text within the post.
fn text_node(term: Term) -> Node {
    match &term {
        Term::Word { text, .. } | Term::Tag { text, .. } | Term::Phrase(text) if unspaced(text) => {
            Node::Filter(Filter::Contains(text.clone()))
        }
        _ => Node::Term(term),
    }
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    end_column: usize,
    /// Parentheses and NOTs open around the current position.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|t| &t.1)
    }

    fn column(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end_column, |t| t.0)
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, QueryError> {
        Err(QueryError::at(self.column(), message))
    }

    /// Runs `inner` one level deeper, refusing to go past [`MAX_DEPTH`].
    fn nested<T>(
        &mut self,
        column: usize,
        inner: impl FnOnce(&mut Parser) -> Result<T, QueryError>,
    ) -> Result<T, QueryError> {
        if self.depth >= MAX_DEPTH {
            return Err(QueryError::at(
                column,
                format!(
                    "the query nests parentheses or NOTs more than {MAX_DEPTH} deep here: \
                     remove some of the parentheses"
                ),
            ));
        }
        self.depth += 1;
        let result = inner(self);
        self.depth -= 1;
        result
    }

    fn or(&mut self) -> Result<Node, QueryError> {
        let mut parts = vec![self.and()?];
        while self.peek() == Some(&Token::Or) {
            self.pos += 1;
            parts.push(self.and()?);
        }
        Ok(one_or(parts, Node::Or))
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
        Ok(one_or(parts, Node::And))
    }

    fn unary(&mut self) -> Result<Node, QueryError> {
        match self.peek() {
            Some(Token::Not) => {
                let column = self.column();
                self.pos += 1;
                let inner = self.nested(column, Parser::unary)?;
                Ok(Node::Not(Box::new(inner)))
            }
            Some(Token::Minus) => {
                self.pos += 1;
                Ok(Node::Not(Box::new(self.near()?)))
            }
            _ => self.near(),
        }
    }

    /// A primary, or `a NEAR/n b`.
    fn near(&mut self) -> Result<Node, QueryError> {
        let left = self.primary()?;
        let Some(&Token::Near(distance)) = self.peek() else {
            return Ok(left);
        };
        if self.tokens.get(self.pos + 1).map(|t| &t.1) == Some(&Token::Open) {
            return Ok(left); // `a NEAR(b c)`: a separate group, ANDed with `a`.
        }
        let column = self.column();
        self.pos += 1;
        let right = self.primary()?;
        let not_terms = || {
            QueryError::at(
                column,
                "NEAR joins two words or phrases, as in: outage NEAR/3 login",
            )
        };
        let (Node::Term(a), Node::Term(b)) = (left, right) else {
            return Err(not_terms());
        };
        if matches!(a, Term::Near { .. }) || matches!(b, Term::Near { .. }) {
            return Err(not_terms());
        }
        Ok(Node::Term(Term::Near {
            terms: vec![a, b],
            distance: distance.unwrap_or(DEFAULT_NEAR),
        }))
    }

    fn primary(&mut self) -> Result<Node, QueryError> {
        let Some(token) = self.peek().cloned() else {
            return self.error("the query ends too early: a word or phrase is missing here");
        };
        let column = self.column();
        self.pos += 1;
        match token {
            Token::Open => {
                let inner = self.nested(column, Parser::or)?;
                if self.peek() != Some(&Token::Close) {
                    return self.error(format!(
                        "the “(” at column {column} is never closed: a “)” is missing here"
                    ));
                }
                self.pos += 1;
                Ok(inner)
            }
            Token::Near(distance) => self.near_group(column, distance),
            Token::Phrase(p) => Ok(text_node(Term::Phrase(p))),
            Token::Word(w) => word(&w, column).map(text_node),
            Token::Field(name, value) => filter(&name, &value, column).map(Node::Filter),
            Token::Close => Err(QueryError::at(column, "this “)” has no matching “(”")),
            Token::And | Token::Or => Err(QueryError::at(
                column,
                "AND/OR needs a word or phrase on both sides",
            )),
            Token::Not | Token::Minus => Err(QueryError::at(
                column,
                "NOT needs a word or phrase after it",
            )),
        }
    }

    /// `NEAR/n(a b c)`, after the `NEAR/n`.
    fn near_group(&mut self, column: usize, distance: Option<u32>) -> Result<Node, QueryError> {
        if self.peek() != Some(&Token::Open) {
            return Err(QueryError::at(
                column,
                "NEAR goes between two words (a NEAR/3 b) or before a group: NEAR/3(a b)",
            ));
        }
        self.pos += 1;
        let mut terms = Vec::new();
        while !matches!(self.peek(), Some(Token::Close) | None) {
            let at = self.column();
            let term_start = matches!(
                self.peek(),
                Some(Token::Word(_) | Token::Phrase(_) | Token::Field(..))
            );
            match term_start.then(|| self.primary()).transpose()? {
                Some(Node::Term(t)) if !matches!(t, Term::Near { .. }) => terms.push(t),
                _ => {
                    return Err(QueryError::at(
                        at,
                        "only words, #hashtags, @handles and \"phrases\" can go inside NEAR( )",
                    ))
                }
            }
        }
        if self.peek() != Some(&Token::Close) {
            return self.error(format!(
                "the NEAR( at column {column} is never closed: a “)” is missing here"
            ));
        }
        self.pos += 1;
        if terms.len() < 2 {
            return Err(QueryError::at(
                column,
                "NEAR( ) needs at least two words or phrases",
            ));
        }
        Ok(Node::Term(Term::Near {
            terms,
            distance: distance.unwrap_or(DEFAULT_NEAR),
        }))
    }
}

fn one_or(mut parts: Vec<Node>, many: fn(Vec<Node>) -> Node) -> Node {
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        many(parts)
    }
}

fn word(w: &str, column: usize) -> Result<Term, QueryError> {
    let (text, prefix) = match w.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (w, false),
    };
    if !text.chars().any(char::is_alphanumeric) {
        return Err(QueryError::at(
            column,
            format!("“{w}” has no letters or digits to search for"),
        ));
    }
    let text = text.to_string();
    Ok(if text.starts_with(['#', '@']) {
        Term::Tag { text, prefix }
    } else {
        Term::Word { text, prefix }
    })
}

fn filter(name: &str, value: &str, column: usize) -> Result<Filter, QueryError> {
    let value_column = column + name.chars().count() + 1;
    let bad = |message: String| Err(QueryError::at(value_column, message));
    if value.is_empty() {
        let example = match name.to_lowercase().as_str() {
            "lang" => "lang:en",
            "kind" => "kind:reply",
            "author" => "author:riversideusd",
            _ => "platform:twitter",
        };
        return bad(format!(
            "write a value right after “{name}:”, with no space, for example {example}"
        ));
    }
    let lower = value.to_lowercase();
    match name.to_lowercase().as_str() {
        "platform" => {
            let platform = if lower == "x" {
                Some(Platform::Twitter)
            } else {
                Platform::parse(&lower)
            };
            match platform {
                Some(p) => Ok(Filter::Platform(p)),
                None => bad(format!(
                    "unknown platform “{value}”: use one of {}",
                    names(Platform::ALL.map(Platform::as_str))
                )),
            }
        }
        "kind" => match PostKind::parse(&lower) {
            Some(k) => Ok(Filter::Kind(k)),
            None => bad(format!(
                "unknown kind of post “{value}”: use one of {}",
                names(PostKind::ALL.map(PostKind::as_str))
            )),
        },
        "lang" => match language_code(&lower) {
            Some(code) => Ok(Filter::Lang(code)),
            None => bad(format!(
                "“{value}” is not a language code: write it like lang:en or lang:fr"
            )),
        },
        "author" => {
            let handle = value.trim_start_matches('@');
            if handle.is_empty() {
                bad("write the author's handle after “author:”, like author:@maya_k".into())
            } else {
                Ok(Filter::Author(handle.to_string()))
            }
        }
        _ => Err(QueryError::at(
            column,
            format!(
                "unknown field “{name}:”: the fields are platform:, lang:, author: and kind: \
                 (to search for the text itself, put it in quotes: \"{name}:{value}\")"
            ),
        )),
    }
}

fn names<const N: usize>(all: [&str; N]) -> String {
    match all.split_last() {
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Whether the node requires something to be present (rather than only excluding).
fn positive(node: &Node) -> bool {
    match node {
        Node::Term(_) | Node::Filter(_) => true,
        Node::And(parts) => parts.iter().any(positive),
        Node::Or(parts) => parts.iter().all(positive),
        Node::Not(_) => false,
    }
}

fn parse(query: &str) -> Result<Node, QueryError> {
    let tokens = lex::tokenize(query)?;
    if tokens.is_empty() {
        return Err(QueryError::at(
            1,
            "the query is empty: type the words, #hashtags or \"phrases\" to watch",
        ));
    }
    let mut parser = Parser {
        tokens,
        pos: 0,
        end_column: query.chars().count() + 1,
        depth: 0,
    };
    let node = parser.or()?;
    if parser.pos < parser.tokens.len() {
        return parser.error("this “)” has no matching “(”");
    }
    if !positive(&node) {
        return Err(QueryError::at(
            1,
            "NOT only excludes: add a word, phrase or field to include, as in: portal NOT test",
        ));
    }
    Ok(node)
}

/// Parses and compiles a topic query.
pub fn compile(query: &str) -> Result<Matcher, QueryError> {
    parse(query).map(|node| compile::matcher(&node))
}

#[cfg(test)]
mod tests;
