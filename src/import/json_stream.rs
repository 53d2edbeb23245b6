//! Streaming JSON: the records of a document are handed over one at a time, so memory is
//! bounded by the largest record, not the file.
//!
//! The input is a sequence of JSON values (one document, or one per line). A top-level array
//! streams its elements; a top-level object streams the elements of its *container* keys (given
//! per format: `statuses`, `orderedItems`, `data` → `children`, …), recursing into containers
//! that are objects; an object with no container key is itself a record. A syntax error is
//! reported on the line it occurs, and reading resumes at the next element of a top-level array
//! written one element after another (a line that starts `{` where its first element did, as
//! pretty printers and X's archive write them), or else at the next line that starts a value
//! (`{` or `[` in column 0), which recovers one-record-per-line files. A file whose first two
//! lines each start an object is read line by line from its first line.
//!
//! A record (an element of a streamed array, a line, or a whole top-level object) may hold at
//! most [`MAX_RECORD`] bytes: past that the reader fails the record, which is reported as too
//! large and skipped like a syntax error, having held no more than the limit.

use std::cell::Cell;
use std::fmt;
use std::io::{BufRead, Read};
use std::rc::Rc;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::guard::{self, Line, MAX_RECORD};
use crate::error::{Error, Result};

/// Receives each record: the container keys it was found under, its line (where it ends,
/// 1-based), and the record or why it could not be read.
pub type Each<'e> = dyn FnMut(&[String], u64, Result<Value, String>) -> Result<()> + 'e;

/// Streams the records of `input` (see the module documentation) to `each`, with their line.
pub fn each_record(
    input: &mut dyn BufRead,
    containers: &[&str],
    mut each: impl FnMut(u64, Result<Value, String>) -> Result<()>,
) -> Result<()> {
    walk(input, containers, &mut |_, line, record| each(line, record))
}

/// [`each_record`] for a document whose top-level array wraps its records in objects of
/// container keys (`[{"comments_v2": [...]}, {"group_comments_v2": [...]}]`): each wrapper's
/// containers are streamed record by record, as a top-level object's are, so that a broken
/// record costs that record, not its whole wrapper.
pub fn each_wrapped_record(
    input: &mut dyn BufRead,
    containers: &[&str],
    mut each: impl FnMut(u64, Result<Value, String>) -> Result<()>,
) -> Result<()> {
    walk_with(input, containers, true, &mut |_, line, record| {
        each(line, record)
    })
}

/// [`each_record`], also telling the container path of each record (for detection).
pub fn walk(input: &mut dyn BufRead, containers: &[&str], each: &mut Each<'_>) -> Result<()> {
    walk_with(input, containers, false, each)
}

/// [`walk`]; with `unwrap`, the objects of a top-level array are read as top-level objects.
fn walk_with(
    input: &mut dyn BufRead,
    containers: &[&str],
    unwrap: bool,
    each: &mut Each<'_>,
) -> Result<()> {
    let line = Rc::new(Cell::new(0));
    let budget = Budget::default();
    let mut lines = Lines {
        inner: input,
        line: line.clone(),
        at_line_start: true,
        budget: budget.clone(),
    };
    let mut ctx = Ctx {
        containers,
        line,
        path: Vec::new(),
        each,
        failure: None,
        budget,
        unwrap,
    };
    if skip_whitespace(&mut lines)? && one_object_per_line(&mut lines)? {
        return each_line(&mut lines, &mut ctx);
    }
    while skip_whitespace(&mut lines)? {
        ctx.budget.reset();
        let first_line = ctx.line.get();
        let indent = element_indent(&mut lines)?;
        let mut de = serde_json::Deserializer::from_reader(&mut lines);
        let outcome = Top(&mut ctx).deserialize(&mut de);
        drop(de);
        if let Err(e) = outcome {
            ctx.gave_up(&e)?;
            match indent {
                // An array written one element after another: its next element.
                Some(indent) => resume_elements(&mut lines, &mut ctx, indent)?,
                None => resync(&mut lines)?,
            }
        } else if ctx.line.get() == first_line {
            // A whole value on one line: read the rest line by line, so that a broken line
            // costs that line only.
            return each_line(&mut lines, &mut ctx);
        }
    }
    Ok(())
}

/// Reads one value per line (NDJSON), each parsed with the same streaming rules.
fn each_line(lines: &mut Lines<'_>, ctx: &mut Ctx<'_>) -> Result<()> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let number = ctx.line.get() + 1;
        match guard::read_line(lines, &mut buf, MAX_RECORD).map_err(io_error)? {
            Line::End => return Ok(()),
            Line::TooLong => {
                ctx.line.set(number);
                ctx.path.clear();
                (ctx.each)(&[], number, Err(guard::too_long_reason()))?;
                continue;
            }
            Line::Read => {}
        }
        if buf.trim_ascii().is_empty() {
            continue;
        }
        // Records of this line report its number.
        ctx.line.set(number - 1);
        let mut de = serde_json::Deserializer::from_slice(&buf);
        let outcome = Top(ctx).deserialize(&mut de).and_then(|()| de.end());
        ctx.line.set(number);
        if let Err(e) = outcome {
            if let Some(failure) = ctx.failure.take() {
                return Err(failure);
            }
            ctx.report(number, &e)?;
        }
    }
}

/// How many bytes the parser has taken for the current record, and whether it went past
/// [`MAX_RECORD`].
#[derive(Clone, Default)]
struct Budget {
    used: Rc<Cell<u64>>,
    exceeded: Rc<Cell<bool>>,
}

impl Budget {
    /// Starts a new record.
    fn reset(&self) {
        self.used.set(0);
        self.exceeded.set(false);
    }
}

/// Counts the lines consumed from the stream under the parser.
struct Lines<'r> {
    inner: &'r mut dyn BufRead,
    line: Rc<Cell<u64>>,
    /// Whether the last byte consumed ended a line.
    at_line_start: bool,
    budget: Budget,
}

impl Read for Lines<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.budget.used.get() >= MAX_RECORD as u64 {
            self.budget.exceeded.set(true);
            return Err(std::io::Error::other(guard::too_long_reason()));
        }
        let available = self.inner.fill_buf()?;
        let room = (MAX_RECORD as u64 - self.budget.used.get()) as usize;
        let n = available.len().min(buf.len()).min(room);
        self.budget.used.set(self.budget.used.get() + n as u64);
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Lines<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let newlines = buf[..n.min(buf.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line.set(self.line.get() + newlines as u64);
            if n > 0 {
                self.at_line_start = buf.get(n - 1) == Some(&b'\n');
            }
        }
        self.inner.consume(n);
    }
}

fn io_error(e: std::io::Error) -> Error {
    super::read::read_error(e)
}

/// Skips whitespace (and a byte-order mark); false at the end of the input.
fn skip_whitespace(lines: &mut Lines<'_>) -> Result<bool> {
    loop {
        let buf = lines.fill_buf().map_err(io_error)?;
        if buf.is_empty() {
            return Ok(false);
        }
        let skip = buf
            .iter()
            .take_while(|b| b.is_ascii_whitespace() || matches!(b, 0xEF | 0xBB | 0xBF))
            .count();
        if skip == 0 {
            return Ok(true);
        }
        lines.consume(skip);
    }
}

/// Whether the input is one object per line, said by its first two lines, found in what is
/// buffered: each starts with `{`. No other JSON is written that way (a pretty-printed object's
/// second line is a key or its closing brace), so the lines are read as lines from the first,
/// and a first line cut inside a string costs that line only: the parser, reading on, would
/// have taken the next line's first byte with it.
fn one_object_per_line(lines: &mut Lines<'_>) -> Result<bool> {
    let buf = lines.fill_buf().map_err(io_error)?;
    let second = buf.iter().position(|&b| b == b'\n').map(|end| end + 1);
    Ok(buf.first() == Some(&b'{') && second.and_then(|at| buf.get(at)) == Some(&b'{'))
}

/// Where the elements of the top-level array the input is at begin on their lines, when it is
/// written one element per line or more (`[` then a new line, as pretty printers and X's
/// archive write it): the indentation of its first element, found in what is buffered.
fn element_indent(lines: &mut Lines<'_>) -> Result<Option<usize>> {
    let buf = lines.fill_buf().map_err(io_error)?;
    let Some(rest) = buf.strip_prefix(b"[") else {
        return Ok(None);
    };
    let blank = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let Some(newline) = rest[..blank].iter().rposition(|&b| b == b'\n') else {
        return Ok(None);
    };
    let starts_object = rest.get(blank) == Some(&b'{');
    Ok(starts_object.then_some(blank - newline - 1))
}

/// After a syntax error inside a top-level array whose elements start on lines of their own at
/// `indent`: skips to the next line that starts an element there, and reads the elements from
/// it one by one, each on its own, so that a broken element costs that element only.
fn resume_elements(lines: &mut Lines<'_>, ctx: &mut Ctx<'_>, indent: usize) -> Result<()> {
    let mut sink = Vec::new();
    loop {
        // To the next line that starts an element.
        loop {
            if lines.at_line_start {
                let buf = lines.fill_buf().map_err(io_error)?;
                if buf.is_empty() {
                    return Ok(());
                }
                let blank = buf.iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
                if blank == indent && buf.get(blank) == Some(&b'{') {
                    lines.consume(blank);
                    break;
                }
            }
            if guard::read_line(lines, &mut sink, 0).map_err(io_error)? == Line::End {
                return Ok(());
            }
        }
        // The elements from there, up to the array's end.
        loop {
            let buf = lines.fill_buf().map_err(io_error)?;
            let skip = buf
                .iter()
                .take_while(|b| b.is_ascii_whitespace() || **b == b',')
                .count();
            if skip > 0 {
                lines.consume(skip);
                continue;
            }
            match buf.first() {
                None => return Ok(()),
                Some(b']') => {
                    lines.consume(1);
                    return Ok(());
                }
                Some(_) => {}
            }
            let mut de = serde_json::Deserializer::from_reader(&mut *lines);
            let outcome = Element(ctx).deserialize(&mut de);
            drop(de);
            if let Err(e) = outcome {
                ctx.gave_up(&e)?;
                break;
            }
        }
    }
}

/// After a syntax error: skips (without keeping them) to the next line that starts with `{`
/// or `[`.
fn resync(lines: &mut Lines<'_>) -> Result<()> {
    let mut sink = Vec::new();
    loop {
        if lines.at_line_start {
            match lines.fill_buf().map_err(io_error)?.first() {
                None | Some(b'{' | b'[') => return Ok(()),
                Some(_) => {}
            }
        }
        if guard::read_line(lines, &mut sink, 0).map_err(io_error)? == Line::End {
            return Ok(());
        }
    }
}

struct Ctx<'c> {
    containers: &'c [&'c str],
    line: Rc<Cell<u64>>,
    path: Vec<String>,
    each: &'c mut Each<'c>,
    /// Why the callback stopped the walk (cancellation, a database error).
    failure: Option<Error>,
    budget: Budget,
    /// Whether the objects of a top-level array are wrappers, read as top-level objects.
    unwrap: bool,
}

impl Ctx<'_> {
    /// After a value the parser gave up on: the callback's own failure, which ends the walk,
    /// or else the syntax error, reported as a broken record on the line the parser reached.
    fn gave_up(&mut self, e: &serde_json::Error) -> Result<()> {
        if let Some(failure) = self.failure.take() {
            return Err(failure);
        }
        let at = self.line.get() + 1;
        self.report(at, e)
    }

    /// Reports a syntax error, or a record past the size limit, as a broken record.
    fn report(&mut self, line: u64, e: &serde_json::Error) -> Result<()> {
        self.path.clear();
        if self.budget.exceeded.get() {
            self.budget.reset();
            return (self.each)(&[], line, Err(guard::too_long_reason()));
        }
        if let Some(io) = e.io_error_kind() {
            // The disk failed under the parser: not a broken record.
            return Err(io_error(std::io::Error::new(io, e.to_string())));
        }
        let reason = e.to_string();
        let reason = reason.split(" at line ").next().unwrap_or(&reason);
        (self.each)(&[], line, Err(format!("invalid JSON: {reason}")))
    }

    fn emit<E: de::Error>(&mut self, record: Value) -> Result<(), E> {
        let line = self.line.get() + 1;
        (self.each)(&self.path, line, Ok(record)).map_err(|e| {
            self.failure = Some(e);
            E::custom("stopped")
        })
    }

    /// Streams a map's container keys; returns the other keys when none was a container.
    fn object<'de, A: MapAccess<'de>>(
        &mut self,
        mut map: A,
    ) -> Result<Option<Map<String, Value>>, A::Error> {
        let mut rest = Map::new();
        let mut streamed = false;
        while let Some(key) = map.next_key::<String>()? {
            if self.containers.contains(&key.as_str()) {
                self.path.push(key.clone());
                let contained = map.next_value_seed(Container(self));
                self.path.pop();
                match contained? {
                    Contained::Streamed => streamed = true,
                    Contained::Value(v) => {
                        rest.insert(key, v);
                    }
                }
            } else {
                rest.insert(key, map.next_value()?);
            }
        }
        Ok((!streamed).then_some(rest))
    }

    fn elements<'de, A: SeqAccess<'de>>(&mut self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Element(self))?.is_some() {}
        Ok(())
    }
}

/// A top-level value: an array of records or an object.
struct Top<'a, 'c>(&'a mut Ctx<'c>);

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object or array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if !self.0.unwrap {
            return self.0.elements(seq);
        }
        while seq.next_element_seed(Wrapper(self.0))?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        match self.0.object(map)? {
            Some(record) => self.0.emit(Value::Object(record)),
            None => Ok(()),
        }
    }
}

/// An element of a top-level array of wrappers: read as a top-level value, its containers
/// streamed (see [`each_wrapped_record`]).
struct Wrapper<'a, 'c>(&'a mut Ctx<'c>);

impl<'de> DeserializeSeed<'de> for Wrapper<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.0.budget.reset();
        Top(self.0).deserialize(d)
    }
}

/// One element of a streamed array: a whole record.
struct Element<'a, 'c>(&'a mut Ctx<'c>);

impl<'de> DeserializeSeed<'de> for Element<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.0.budget.reset();
        let record = Value::deserialize(d)?;
        self.0.emit(record)
    }
}

/// What a container key held: streamed records, or a plain value to keep in its object.
enum Contained {
    Streamed,
    Value(Value),
}

struct Container<'a, 'c>(&'a mut Ctx<'c>);

impl<'de> DeserializeSeed<'de> for Container<'_, '_> {
    type Value = Contained;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Contained, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Container<'_, '_> {
    type Value = Contained;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Contained, A::Error> {
        self.0.elements(seq)?;
        Ok(Contained::Streamed)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Contained, A::Error> {
        if let Some(record) = self.0.object(map)? {
            self.0.emit(Value::Object(record))?;
        }
        Ok(Contained::Streamed)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Contained, E> {
        Ok(Contained::Value(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Contained, E> {
        Ok(Contained::Value(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Contained, E> {
        Ok(Contained::Value(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Contained, E> {
        Ok(Contained::Value(v.into()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Contained, E> {
        Ok(Contained::Value(v.into()))
    }
    fn visit_unit<E>(self) -> Result<Contained, E> {
        Ok(Contained::Value(Value::Null))
    }
    fn visit_none<E>(self) -> Result<Contained, E> {
        Ok(Contained::Value(Value::Null))
    }
}

#[cfg(test)]
#[path = "json_stream_tests.rs"]
mod tests;
