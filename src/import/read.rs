//! The byte stream under an import: buffered, counted (for progress) and hashed (for the import
//! record) in the same single pass that parses it.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Wraps a reader, hashing and counting every byte that passes through.
struct Tap<R> {
    inner: R,
    hasher: Sha256,
    count: u64,
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }
}

/// An input file, read once from start to end.
pub struct Input {
    reader: BufReader<Tap<File>>,
    len: u64,
}

impl Input {
    pub fn open(path: &Path) -> Result<Input> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        let tap = Tap {
            inner: file,
            hasher: Sha256::new(),
            count: 0,
        };
        Ok(Input {
            reader: BufReader::with_capacity(256 * 1024, tap),
            len,
        })
    }

    pub fn reader(&mut self) -> &mut impl BufRead {
        &mut self.reader
    }

    /// The file's size in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn bytes_read(&self) -> u64 {
        self.reader.get_ref().count
    }

    /// The SHA-256 of everything read, as lowercase hex. Call once the input is exhausted.
    pub fn finish_hash(&mut self) -> String {
        let digest = std::mem::take(&mut self.reader.get_mut().hasher).finalize();
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}
