//! From a parsed query to a [`Matcher`]: a `WHERE` fragment over `posts p` with bound parameters.
//!
//! Text terms are gathered into as few FTS5 `MATCH` expressions as the boolean structure allows
//! (one for any query without field filters); field filters become SQL conditions on the post.

use std::fmt;

use rusqlite::types::Value;

use super::{Filter, Node, Term};
use crate::model::{Platform, PostKind};

/// A compiled query: `sql` is a condition over `posts p`, with `?` placeholders for `params` in
/// order. Add it to a statement as `WHERE {sql} AND ...`, binding `params` first.
#[derive(Debug, Clone, PartialEq)]
pub struct Matcher {
    cond: Cond,
    pub sql: String,
    pub params: Vec<Value>,
}

impl Matcher {
    /// The `MATCH` expressions sent to FTS5, for display and tests.
    pub fn fts(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.cond.fts_into(&mut out);
        out
    }

    /// The single FTS5 expression this matcher amounts to, when it has no other condition.
    pub fn fts_only(&self) -> Option<&str> {
        match &self.cond {
            Cond::Fts(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the query can use the full-text index (it can unless it has only field filters).
    pub fn uses_index(&self) -> bool {
        !self.fts().is_empty()
    }

    /// Matches every post.
    pub fn everything() -> Matcher {
        Matcher::new(Cond::All)
    }

    /// Whether it matches every post (so a read needs no row of the posts themselves).
    pub fn is_everything(&self) -> bool {
        matches!(self.cond, Cond::All)
    }

    /// Matches the posts that match any of the given matchers.
    pub fn any(matchers: &[Matcher]) -> Option<Matcher> {
        let parts: Vec<Cond> = matchers.iter().map(|m| m.cond.clone()).collect();
        let fts: Option<Vec<&str>> = matchers.iter().map(Matcher::fts_only).collect();
        match fts {
            // One index look-up for all of them.
            Some(fts) if fts.len() > 1 => {
                Some(Matcher::new(Cond::Fts(format!("({})", fts.join(" OR ")))))
            }
            _ => (!parts.is_empty()).then(|| Matcher::new(flatten(parts, Cond::Or))),
        }
    }

    /// Posts published on `platform`, as `platform:` matches them.
    pub fn platform(platform: Platform) -> Matcher {
        Matcher::new(Cond::Filter(Filter::Platform(platform)))
    }

    /// Posts of this kind, as `kind:` matches them.
    pub fn kind(kind: PostKind) -> Matcher {
        Matcher::new(Cond::Filter(Filter::Kind(kind)))
    }

    /// Posts by the account with this handle (`@` optional), as `author:` matches them.
    pub fn author(handle: &str) -> Matcher {
        let handle = handle.trim().trim_start_matches('@').to_string();
        Matcher::new(Cond::Filter(Filter::Author(handle)))
    }

    /// Posts in this language, as `lang:` matches them (`en` also matches `en-GB`); `None` when
    /// `code` is not a language code.
    pub fn lang(code: &str) -> Option<Matcher> {
        super::language_code(code).map(|code| Matcher::new(Cond::Filter(Filter::Lang(code))))
    }

    /// The same condition, each full-text look-up kept to the posts with ids in
    /// `(after, through]`, for a statement that itself keeps `p.id` in that range (catching up
    /// on new posts): FTS5 then seeks that range of its index instead of listing every match in
    /// the workspace into a temporary table, which on a large workspace costs time and memory
    /// in proportion to all of it.
    pub fn among_ids(&self, after: i64, through: i64) -> Matcher {
        Matcher::written(self.cond.clone(), Some((after, through)))
    }

    fn new(cond: Cond) -> Matcher {
        Matcher::written(cond, None)
    }

    fn written(cond: Cond, ids: Option<(i64, i64)>) -> Matcher {
        let mut sql = String::new();
        let mut params = Vec::new();
        cond.write_sql(&mut sql, &mut params, ids);
        Matcher { cond, sql, params }
    }
}

/// A compact, readable form: `fts("a" OR "b") AND platform = twitter`.
impl fmt::Display for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.cond.fmt(f)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Cond {
    All,
    Fts(String),
    Filter(Filter),
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
}

impl Cond {
    /// Writes the condition; `ids`, when given, bounds its full-text look-ups
    /// ([`Matcher::among_ids`]).
    fn write_sql(&self, sql: &mut String, params: &mut Vec<Value>, ids: Option<(i64, i64)>) {
        fn bind(sql: &mut String, params: &mut Vec<Value>, text: &str, value: String) {
            sql.push_str(text);
            params.push(Value::Text(value));
        }
        match self {
            Cond::All => sql.push('1'),
            Cond::Fts(e) => {
                bind(
                    sql,
                    params,
                    "p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?",
                    e.clone(),
                );
                if let Some((after, through)) = ids {
                    sql.push_str(" AND rowid > ? AND rowid <= ?");
                    params.extend([Value::Integer(after), Value::Integer(through)]);
                }
                sql.push(')');
            }
            Cond::Filter(Filter::Platform(p)) => {
                bind(sql, params, "p.platform = ?", p.as_str().into())
            }
            Cond::Filter(Filter::Kind(k)) => bind(sql, params, "p.kind = ?", k.as_str().into()),
            Cond::Filter(Filter::Lang(l)) => {
                bind(sql, params, "(lower(p.lang) = ?", l.clone());
                bind(sql, params, " OR lower(p.lang) LIKE ?)", format!("{l}-%"));
            }
            // Both sides folded alike: SQLite's lower() folds ASCII letters only.
            Cond::Filter(Filter::Contains(t)) => bind(
                sql,
                params,
                "instr(lower(p.text), ?) > 0",
                t.to_ascii_lowercase(),
            ),
            Cond::Filter(Filter::Author(h)) => bind(
                sql,
                params,
                "p.id IN (SELECT post FROM post_authors WHERE author IN \
                 (SELECT id FROM authors WHERE handle = ? COLLATE NOCASE))",
                h.clone(),
            ),
            Cond::And(parts) | Cond::Or(parts) => {
                let op = if matches!(self, Cond::And(_)) {
                    " AND "
                } else {
                    " OR "
                };
                sql.push('(');
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        sql.push_str(op);
                    }
                    part.write_sql(sql, params, ids);
                }
                sql.push(')');
            }
            // A filter on an unknown field (NULL) is not a match, so its negation is.
            Cond::Not(inner) => {
                sql.push_str("NOT coalesce(");
                inner.write_sql(sql, params, ids);
                sql.push_str(", 0)");
            }
        }
    }

    fn fts_into(&self, out: &mut Vec<String>) {
        match self {
            Cond::Fts(e) => out.push(e.clone()),
            Cond::All | Cond::Filter(_) => {}
            Cond::And(parts) | Cond::Or(parts) => parts.iter().for_each(|p| p.fts_into(out)),
            Cond::Not(inner) => inner.fts_into(out),
        }
    }
}

impl fmt::Display for Cond {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cond::All => f.write_str("all"),
            Cond::Fts(e) => write!(f, "fts({e})"),
            Cond::Filter(Filter::Platform(p)) => write!(f, "platform = {}", p.as_str()),
            Cond::Filter(Filter::Kind(k)) => write!(f, "kind = {}", k.as_str()),
            Cond::Filter(Filter::Lang(l)) => write!(f, "lang = {l}"),
            Cond::Filter(Filter::Author(h)) => write!(f, "author = @{h}"),
            Cond::Filter(Filter::Contains(t)) => write!(f, "contains {t:?}"),
            Cond::And(parts) | Cond::Or(parts) => {
                let op = if matches!(self, Cond::And(_)) {
                    " AND "
                } else {
                    " OR "
                };
                let parts: Vec<String> = parts.iter().map(ToString::to_string).collect();
                write!(f, "({})", parts.join(op))
            }
            Cond::Not(inner) => write!(f, "NOT {inner}"),
        }
    }
}

pub(super) fn matcher(node: &Node) -> Matcher {
    Matcher::new(cond(node))
}

fn flatten(mut parts: Vec<Cond>, many: fn(Vec<Cond>) -> Cond) -> Cond {
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        many(parts)
    }
}

/// Whether a node holds only text terms (no field filters).
fn is_text(node: &Node) -> bool {
    match node {
        Node::Term(_) => true,
        Node::Filter(_) => false,
        Node::And(parts) | Node::Or(parts) => parts.iter().all(is_text),
        Node::Not(inner) => is_text(inner),
    }
}

fn cond(node: &Node) -> Cond {
    if let Some(e) = fts(node) {
        return Cond::Fts(e);
    }
    match node {
        Node::Term(t) => Cond::Fts(term(t)),
        Node::Filter(f) => Cond::Filter(f.clone()),
        Node::Not(inner) => Cond::Not(Box::new(cond(inner))),
        Node::And(parts) => {
            let (text, other): (Vec<&Node>, Vec<&Node>) = parts.iter().partition(|p| is_text(p));
            let mut out = Vec::new();
            if !text.is_empty() {
                let (neg, pos): (Vec<&Node>, Vec<&Node>) =
                    text.iter().partition(|p| matches!(p, Node::Not(_)));
                if pos.is_empty() {
                    // Only exclusions: one index look-up for all of them.
                    let excluded: Vec<Node> = neg.iter().map(|n| unnot(n).clone()).collect();
                    out.push(Cond::Not(Box::new(cond(&one(excluded, Node::Or)))));
                } else {
                    let group = one(text.iter().map(|n| (*n).clone()).collect(), Node::And);
                    match fts(&group) {
                        Some(e) => out.push(Cond::Fts(e)),
                        // Something FTS5 cannot say, like `(a OR -b)`: each part on its own.
                        None => out.extend(text.into_iter().map(cond)),
                    }
                }
            }
            out.extend(other.into_iter().map(cond));
            flatten(out, Cond::And)
        }
        Node::Or(parts) => {
            let (text, other): (Vec<&Node>, Vec<&Node>) =
                parts.iter().partition(|p| fts(p).is_some());
            let mut out = Vec::new();
            if !text.is_empty() {
                out.push(cond(&one(text.into_iter().cloned().collect(), Node::Or)));
            }
            out.extend(other.into_iter().map(cond));
            flatten(out, Cond::Or)
        }
    }
}

fn one(mut parts: Vec<Node>, many: fn(Vec<Node>) -> Node) -> Node {
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        many(parts)
    }
}

fn unnot(node: &Node) -> &Node {
    match node {
        Node::Not(inner) => inner,
        other => other,
    }
}

/// The FTS5 expression for a node, when FTS5 alone can evaluate it. FTS5's NOT is binary
/// (`a NOT b`), so negations inside an AND are subtracted from its positive part.
fn fts(node: &Node) -> Option<String> {
    match node {
        Node::Term(t) => Some(term(t)),
        Node::Filter(_) | Node::Not(_) => None,
        Node::Or(parts) => {
            let parts: Option<Vec<String>> = parts.iter().map(fts).collect();
            Some(format!("({})", parts?.join(" OR ")))
        }
        Node::And(parts) => {
            let (neg, pos): (Vec<&Node>, Vec<&Node>) =
                parts.iter().partition(|p| matches!(p, Node::Not(_)));
            if pos.is_empty() {
                return None;
            }
            let pos: Option<Vec<String>> = pos.into_iter().map(fts).collect();
            let pos = format!("({})", pos?.join(" AND "));
            if neg.is_empty() {
                return Some(pos);
            }
            // One NOT of every exclusion together: `a NOT b NOT c` nested once per exclusion
            // would overflow FTS5's parser past about ninety of them.
            let mut neg: Vec<String> = neg
                .into_iter()
                .map(|n| fts(unnot(n)))
                .collect::<Option<_>>()?;
            let neg = match neg.len() {
                1 => neg.remove(0),
                _ => format!("({})", neg.join(" OR ")),
            };
            Some(format!("({pos} NOT {neg})"))
        }
    }
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

fn star(prefix: bool) -> &'static str {
    if prefix {
        "*"
    } else {
        ""
    }
}

/// A term in FTS5 syntax. A plain word also matches its `#hashtag` and `@mention` forms.
fn term(t: &Term) -> String {
    match t {
        Term::Word { text, prefix } => {
            let s = star(*prefix);
            format!(
                "({}{s} OR {}{s} OR {}{s})",
                quote(text),
                quote(&format!("#{text}")),
                quote(&format!("@{text}"))
            )
        }
        Term::Phrase(p) => quote(p),
        Term::Tag { text, prefix } => format!("{}{}", quote(text), star(*prefix)),
        Term::Near { terms, distance } => {
            let inner: Vec<String> = terms
                .iter()
                .map(|t| match t {
                    Term::Word { text, prefix } | Term::Tag { text, prefix } => {
                        format!("{}{}", quote(text), star(*prefix))
                    }
                    other => term(other),
                })
                .collect();
            format!("NEAR({}, {distance})", inner.join(" "))
        }
    }
}
