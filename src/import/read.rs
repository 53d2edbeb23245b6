//! The byte stream under an import: decompressed when needed (gzip, zstd — detected from magic
//! bytes, not the file name), buffered, and counted and hashed in the same single pass that
//! parses it. Progress counts the file's own (compressed) bytes against its size.
//!
//! Decompression is guarded (see [`guard`](super::guard)): damage or a bomb ends the stream
//! where it is found and is noted in the import's [`Damage`]. Lines are read with
//! [`guard::read_line`], so a line longer than [`guard::MAX_RECORD`] is skipped, not held.

use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use sha2::{Digest, Sha256};

use super::guard::{self, Damage, DiskFailed, Guarded, Line};
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
        let io = |e| Error::io(path, e);
        let mut file = File::open(path).map_err(io)?;
        let meta = file.metadata().map_err(io)?;
        if meta.is_dir() {
            return Err(Error::UnsupportedFile(format!(
                "{}: is a folder; choose the files inside it",
                path.display()
            )));
        }
        let mut magic = [0u8; 4];
        let n = read_up_to(&mut file, &mut magic).map_err(io)?;
        // Re-open so the hash covers the whole file from its first byte.
        let file = File::open(path).map_err(io)?;
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
/// 1-based line number and the trimmed text of every non-empty line. Invalid UTF-8 and lines
/// past the limit are reported as `Err` for that line only.
pub fn each_line(
    input: &mut dyn BufRead,
    mut each: impl FnMut(u64, Result<&str, String>) -> Result<()>,
) -> Result<()> {
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        let read = guard::read_line(input, &mut line, guard::MAX_RECORD).map_err(read_error)?;
        number += 1;
        match read {
            Line::End => return Ok(()),
            Line::TooLong => {
                each(number, Err(guard::too_long_reason()))?;
                continue;
            }
            Line::Read => {}
        }
        match std::str::from_utf8(&line) {
            Ok(text) => {
                let text = text.trim();
                if !text.is_empty() {
                    each(number, Ok(text))?;
                }
            }
            Err(e) => each(number, Err(format!("not UTF-8 text ({e})")))?,
        }
    }
}
