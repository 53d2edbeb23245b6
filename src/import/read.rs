//! The byte stream under an import: decompressed when needed (gzip, zstd — detected from magic
//! bytes, not the file name), buffered, and counted and hashed in the same single pass that
//! parses it. Progress counts the file's own (compressed) bytes against its size.

use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Wraps the file, hashing and counting every byte read from it.
struct Tap {
    file: Box<dyn Read>,
    hasher: Rc<Cell<Option<Sha256>>>,
    count: Rc<Cell<u64>>,
}

impl Read for Tap {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
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
}

const BUFFER: usize = 256 * 1024;

impl Input {
    pub fn open(path: &Path) -> Result<Input> {
        Input::open_counted(path, Rc::new(Cell::new(0)))
    }

    /// Opens `path`, adding the bytes read from it to `count` (shared by a folder's members).
    pub fn open_counted(path: &Path, count: Rc<Cell<u64>>) -> Result<Input> {
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
        let compression = match &magic[..n] {
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
        // Re-open so the hash covers the whole file from its first byte.
        let file = File::open(path).map_err(io)?;
        let hasher = Rc::new(Cell::new(Some(Sha256::new())));
        let tap = Tap {
            file: Box::new(file),
            hasher: hasher.clone(),
            count: count.clone(),
        };
        let reader: Box<dyn BufRead> = match compression {
            Compression::None => Box::new(BufReader::with_capacity(BUFFER, tap)),
            Compression::Gzip => Box::new(BufReader::with_capacity(
                BUFFER,
                flate2::read::MultiGzDecoder::new(BufReader::new(tap)),
            )),
            Compression::Zstd => {
                let mut decoder = zstd::stream::read::Decoder::new(tap).map_err(io)?;
                // Dumps such as Arctic Shift's are written with a 2 GiB window (--long=31).
                decoder.window_log_max(31).map_err(io)?;
                Box::new(BufReader::with_capacity(BUFFER, decoder))
            }
        };
        Ok(Input {
            reader,
            len: meta.len(),
            count,
            hasher,
        })
    }

    /// A page held in memory (a response fetched by live collection), read like a file.
    pub fn from_bytes(bytes: Vec<u8>) -> Input {
        let count = Rc::new(Cell::new(0));
        let hasher = Rc::new(Cell::new(Some(Sha256::new())));
        let len = bytes.len() as u64;
        let tap = Tap {
            file: Box::new(std::io::Cursor::new(bytes)),
            hasher: hasher.clone(),
            count: count.clone(),
        };
        Input {
            reader: Box::new(BufReader::new(tap)),
            len,
            count,
            hasher,
        }
    }

    pub fn reader(&mut self) -> &mut dyn BufRead {
        &mut self.reader
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
        std::io::copy(&mut self.reader, &mut std::io::sink())
            .map_err(|e| Error::Internal(format!("reading the rest of the file: {e}")))?;
        let digest = self.hasher.take().unwrap_or_default().finalize();
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

/// Reads `input` line by line (bounded by the longest line), calling `each` with the 1-based
/// line number and the trimmed text of every non-empty line. Invalid UTF-8 is reported as
/// `Err` for that line only.
pub fn each_line(
    input: &mut dyn BufRead,
    mut each: impl FnMut(u64, Result<&str, String>) -> Result<()>,
) -> Result<()> {
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        let n = input
            .read_until(b'\n', &mut line)
            .map_err(|e| Error::Internal(format!("reading line {}: {e}", number + 1)))?;
        if n == 0 {
            return Ok(());
        }
        number += 1;
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
