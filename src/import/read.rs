//! The byte stream under an import: decompressed when needed (gzip, zstd — detected from magic
//! bytes, not the file name), buffered, and counted and hashed in the same single pass that
//! parses it. Progress counts the file's own (compressed) bytes against its size.
//!
//! Decompression is guarded (see [`guard`](super::guard)): damage or a bomb ends the stream
//! where it is found and is noted in the import's [`Damage`]. Lines are read with
//! [`guard::read_line`], so a line longer than [`guard::MAX_RECORD`] is skipped, not held.

use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::rc::Rc;

use sha2::{Digest, Sha256};

use serde::de::IgnoredAny;

use super::guard::{self, Damage, DiskFailed, Guarded, Line};
use super::{json_stream, text};
use crate::error::{Error, Result};

/// Wraps the file, hashing and counting every byte read from it.
struct Tap {
    file: Box<dyn Read>,
    hasher: Rc<Cell<Option<Sha256>>>,
    count: Rc<Cell<u64>>,
    failed: DiskFailed,
}

impl Read for Tap {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf).inspect_err(|_| self.failed.set(true))?;
        let mut hasher = self.hasher.take().unwrap_or_default();
        hasher.update(&buf[..n]);
        self.hasher.set(Some(hasher));
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// How a file is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

/// An input file, read once from start to end, decompressed.
pub struct Input {
    reader: Box<dyn BufRead>,
    len: u64,
    count: Rc<Cell<u64>>,
    hasher: Rc<Cell<Option<Sha256>>>,
    path: std::path::PathBuf,
    damage: Damage,
}

const BUFFER: usize = 256 * 1024;

impl Input {
    pub fn open(path: &Path) -> Result<Input> {
        Input::open_counted(path, Rc::new(Cell::new(0)), Damage::default(), "")
    }

    /// Opens `path`, adding the bytes read from it to `count` (shared by a folder's members)
    /// and noting damage in `damage`, prefixed with `label` (its path inside a folder).
    pub fn open_counted(
        path: &Path,
        count: Rc<Cell<u64>>,
        damage: Damage,
        label: &str,
    ) -> Result<Input> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        Input::from_file_counted(file, path, count, damage, label)
    }

    /// The input in `file`, read from its first byte, named `path` in messages.
    pub fn from_file(file: File, path: &Path) -> Result<Input> {
        Input::from_file_counted(file, path, Rc::new(Cell::new(0)), Damage::default(), "")
    }

    fn from_file_counted(
        mut file: File,
        path: &Path,
        count: Rc<Cell<u64>>,
        damage: Damage,
        label: &str,
    ) -> Result<Input> {
        let io = |e| Error::io(path, e);
        let meta = file.metadata().map_err(io)?;
        if meta.is_dir() {
            return Err(Error::UnsupportedFile(format!(
                "{}: is a folder; choose the files inside it",
                path.display()
            )));
        }
        let mut magic = [0u8; 4];
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        let n = read_up_to(&mut file, &mut magic).map_err(io)?;
        // Back to the first byte, so that the hash covers the whole file.
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        Input::build(
            path,
            Box::new(file),
            &magic[..n],
            meta.len(),
            count,
            damage,
            label,
        )
    }

    /// An input over bytes in memory (a page fetched by live collection, a fuzz input), read
    /// and decompressed like a file.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Input> {
        let len = bytes.len() as u64;
        let magic = bytes[..bytes.len().min(4)].to_vec();
        let reader = Box::new(std::io::Cursor::new(bytes));
        let count = Rc::new(Cell::new(0));
        Input::build(
            Path::new(""),
            reader,
            &magic,
            len,
            count,
            Damage::default(),
            "",
        )
    }

    fn build(
        path: &Path,
        file: Box<dyn Read>,
        magic: &[u8],
        len: u64,
        count: Rc<Cell<u64>>,
        damage: Damage,
        label: &str,
    ) -> Result<Input> {
        let io = |e| Error::io(path, e);
        let compression = match magic {
            [0x1f, 0x8b, ..] => Compression::Gzip,
            [0x28, 0xb5, 0x2f, 0xfd] => Compression::Zstd,
            [0x50, 0x4b, 0x03, 0x04] => {
                return Err(Error::UnsupportedFile(format!(
                    "{}: is a zip archive; unpack it and import the files inside",
                    path.display()
                )))
            }
            // Older dumps (Pushshift's first Reddit files) came in these.
            [b'B', b'Z', b'h', b'1'..=b'9'] | [0xfd, b'7', b'z', b'X'] => {
                let kind = if magic[0] == b'B' { "bzip2" } else { "xz" };
                return Err(Error::UnsupportedFile(format!(
                    "{}: is compressed with {kind}, which Townhall does not read; decompress it \
                     (or recompress it with gzip or zstd) and import that",
                    path.display()
                )));
            }
            _ => Compression::None,
        };
        let hasher = Rc::new(Cell::new(Some(Sha256::new())));
        let failed = DiskFailed::default();
        let tap = Tap {
            file: Box::new(file),
            hasher: hasher.clone(),
            count: count.clone(),
            failed: failed.clone(),
        };
        let guarded = |decoder| {
            let guarded = Guarded::new(decoder, len, label, damage.clone(), failed.clone());
            BufReader::with_capacity(BUFFER, guarded)
        };
        let reader: Box<dyn BufRead> = match compression {
            Compression::None => Box::new(BufReader::with_capacity(BUFFER, tap)),
            Compression::Gzip => Box::new(guarded(Box::new(flate2::read::MultiGzDecoder::new(
                BufReader::new(tap),
            )) as Box<dyn Read>)),
            Compression::Zstd => {
                let mut decoder = zstd::stream::read::Decoder::new(tap).map_err(io)?;
                // Dumps such as Arctic Shift's are written with a 2 GiB window (--long=31).
                decoder.window_log_max(31).map_err(io)?;
                Box::new(guarded(Box::new(decoder)))
            }
        };
        // A file in UTF-16 (named by its BOM, or by the zero bytes ASCII has in it) is read as
        // UTF-8 whatever its format: a JSON export saved by a Windows editor as well as a CSV.
        let mut reader = reader;
        let encoding = text::sniff_encoding(&mut reader).map_err(read_error)?;
        if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            reader = Box::new(text::Decoded::with_encoding(reader, encoding).map_err(read_error)?);
        }
        Ok(Input {
            reader,
            len,
            count,
            hasher,
            path: path.to_path_buf(),
            damage,
        })
    }

    /// The damage found while decompressing, shared with the import.
    pub fn damage(&self) -> &Damage {
        &self.damage
    }

    pub fn reader(&mut self) -> &mut dyn BufRead {
        &mut self.reader
    }

    /// The decompressed stream, for reading without the import's hash and damage notes.
    pub fn into_reader(self) -> Box<dyn BufRead> {
        self.reader
    }

    /// The file's size in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// A handle that reads how many of the file's bytes have been consumed so far.
    pub fn counter(&self) -> Rc<Cell<u64>> {
        self.count.clone()
    }

    /// The SHA-256 of the file, as lowercase hex, once it has been read to the end.
    pub fn finish_hash(&mut self) -> Result<String> {
        // Drain anything the parser did not need (trailing whitespace) so the hash is whole.
        std::io::copy(&mut self.reader, &mut std::io::sink()).map_err(read_error)?;
        let mut hasher = self.hasher.take().unwrap_or_default();
        if self.damage.any() {
            // Decompression stopped early: hash the whole file from disk instead.
            hasher = Sha256::new();
            let mut file = File::open(&self.path).map_err(|e| Error::io(&self.path, e))?;
            std::io::copy(&mut file, &mut hasher).map_err(|e| Error::io(&self.path, e))?;
        }
        let digest = hasher.finalize();
        Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
    }
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// A failure to read an input that is not damaged data: the disk or the file system failed.
pub fn read_error(e: std::io::Error) -> Error {
    Error::io("the file being imported", e)
}

/// Reads `input` line by line (bounded by [`guard::MAX_RECORD`]), calling `each` with the
/// line number (from `before + 1`) and the trimmed text of every non-empty line. Invalid UTF-8
/// and lines past the limit are reported as `Err` for that line only.
fn lines_after(
    input: &mut dyn BufRead,
    before: u64,
    mut each: impl FnMut(u64, Result<&str, String>) -> Result<()>,
) -> Result<()> {
    let mut line = Vec::new();
    let mut number = before;
    loop {
        match next_line(input, &mut line, &mut number)? {
            None => return Ok(()),
            Some(Ok("")) => {}
            Some(text) => each(number, text)?,
        }
    }
}

/// Reads the next line into `line` and counts it: `None` at the end of the input, else its
/// trimmed text (empty for a blank line) or why it cannot be read.
/// The first byte of the next line after its blanks (spaces, tabs, a byte-order mark), which
/// are consumed; `None` at the end, or when the line is blank (its end left to read).
fn first_byte_of_line(input: &mut dyn BufRead) -> Result<Option<u8>> {
    loop {
        let buf = input.fill_buf().map_err(read_error)?;
        if buf.starts_with(b"\xEF\xBB\xBF") {
            input.consume(3);
            continue;
        }
        match buf.first() {
            Some(b' ' | b'\t' | b'\r') => input.consume(1),
            Some(&b) => return Ok(Some(b).filter(|&b| b != b'\n')),
            None => return Ok(None),
        }
    }
}

fn next_line<'l>(
    input: &mut dyn BufRead,
    line: &'l mut Vec<u8>,
    number: &mut u64,
) -> Result<Option<Result<&'l str, String>>> {
    let read = guard::read_line(input, line, guard::MAX_RECORD).map_err(read_error)?;
    *number += 1;
    Ok(match read {
        Line::End => None,
        Line::TooLong => Some(Err(guard::too_long_reason())),
        Line::Read => Some(match std::str::from_utf8(line) {
            Ok(text) => Ok(text.trim()),
            Err(e) => Err(format!("not UTF-8 text ({e})")),
        }),
    })
}

/// Reads the JSON values of a format written one per line (NDJSON, as twarc writes it) but
/// also met as one document: an API response saved pretty-printed, a file of indented
/// objects, an array of records. Calls `each` with the text of every value and its line, or
/// why it is broken.
///
/// The first line that is not blank decides: a whole JSON object on it means one value per
/// line, read line by line (a broken line costs that line only). Otherwise the file,
/// from that line on, is read as a stream of values ([`json_stream`]): a top-level array gives
/// its elements, an object is one value, and each is handed over as compact JSON text, with the
/// line where it ends.
pub fn each_json_text(
    input: &mut dyn BufRead,
    mut each: impl FnMut(u64, Result<&str, String>) -> Result<()>,
) -> Result<()> {
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        // An array is streamed element by element from its `[`, whatever its lines: written on
        // one line (as `json.dump` writes it), it may be far longer than one record may be.
        if first_byte_of_line(input)? == Some(b'[') {
            return json_stream::each_record(input, &[], |at, value| {
                let text = value.map(|value| value.to_string());
                each(number + at, text.as_deref().map_err(Clone::clone))
            });
        }
        let text = match next_line(input, &mut line, &mut number)? {
            None => return Ok(()),
            Some(Ok("")) => continue,
            Some(Ok(text)) => text,
            Some(Err(why)) => {
                each(number, Err(why))?;
                continue;
            }
        };
        if text.starts_with('{') && serde_json::from_str::<IgnoredAny>(text).is_ok() {
            each(number, Ok(text))?;
            return lines_after(input, number, each);
        }
        let before = number - 1;
        let mut rest = std::io::Cursor::new(std::mem::take(&mut line)).chain(input);
        return json_stream::each_record(&mut rest, &[], |at, value| {
            let text = value.map(|value| value.to_string());
            each(before + at, text.as_deref().map_err(Clone::clone))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`each_json_text`] hands over for `input`: line and text, or line and "broken".
    fn texts(input: &str) -> Vec<(u64, String)> {
        let mut seen = Vec::new();
        each_json_text(&mut input.as_bytes(), |line, text| {
            seen.push((line, text.map_or_else(|_| "broken".into(), str::to_string)));
            Ok(())
        })
        .unwrap();
        seen
    }

    #[test]
    fn one_value_per_line_is_read_line_by_line() {
        let input = "\n{\"a\": 1}\n{\"a\": \n\n  {\"a\": 3}  \n";
        assert_eq!(
            texts(input),
            [
                (2, r#"{"a": 1}"#.to_string()),
                (3, r#"{"a":"#.to_string()),
                (5, r#"{"a": 3}"#.to_string()),
            ],
            "each line as it is, for its parser to judge; lines keep their numbers"
        );
    }

    #[test]
    fn a_document_over_many_lines_gives_its_values_with_the_line_they_end_on() {
        let pretty = "\n{\n  \"a\": 1\n}\n{\n  \"a\": 2\n}\n";
        assert_eq!(
            texts(pretty),
            [(4, r#"{"a":1}"#.to_string()), (7, r#"{"a":2}"#.to_string())]
        );
        let array = "[\n  {\"a\": 1},\n  {\"a\": 2}\n]\n";
        assert_eq!(
            texts(array),
            [(2, r#"{"a":1}"#.to_string()), (3, r#"{"a":2}"#.to_string())]
        );
        assert_eq!(
            texts(r#"[{"a": 1}, {"a": 2}]"#),
            [(1, r#"{"a":1}"#.to_string()), (1, r#"{"a":2}"#.to_string())],
            "an array on one line is a document too"
        );
    }

    #[test]
    fn a_first_line_that_cannot_be_read_is_reported_and_the_next_one_decides() {
        let input = b"\xff\xfe\n{\"a\": 1}\n{\"a\": 2}\n";
        let mut seen = Vec::new();
        each_json_text(&mut &input[..], |line, text| {
            seen.push((line, text.map(str::to_string)));
            Ok(())
        })
        .unwrap();
        assert!(matches!(&seen[0], (1, Err(why)) if why.contains("UTF-8")));
        assert_eq!(
            seen[1..],
            [(2, Ok(r#"{"a": 1}"#.into())), (3, Ok(r#"{"a": 2}"#.into()))]
        );
    }
}
