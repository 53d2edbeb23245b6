//! The limits that keep an import's memory flat whatever a file holds, and the notes of damage
//! found beneath the parsers.
//!
//! - One record (a line, a JSON element, a CSV row) may be at most [`MAX_RECORD`] bytes; a
//!   longer one is skipped and reported with its line, and only that much of it is ever held.
//! - A compressed file or zip entry may decompress to at most [`MAX_RATIO`] times its compressed
//!   size (and always to [`RATIO_FLOOR`]): past that, reading stops there and says so. Real
//!   exports compress 5–20×; deflate bombs reach 1,000×.
//! - Compressed data that is damaged or cut short ends the stream where the damage is, like a
//!   truncated plain file: the complete records before it are kept, and the damage is reported
//!   as a record error (see [`Damage`]).

use std::cell::{Cell, RefCell};
use std::io::{self, BufRead, Read};
use std::rc::Rc;

/// The largest record (line, JSON element, CSV row) an import holds in memory, in bytes: four
/// times the largest API page (500 tweets with their users), a thousand times the longest post
/// any platform allows. Reading, normalising and indexing one record takes about 13 times its
/// size at the peak (201 MiB for a 15.9 MB CSV row), so this keeps an import under 300 MB.
pub const MAX_RECORD: usize = 16 * 1024 * 1024;

/// How many times its compressed size a file or zip entry may decompress to.
pub const MAX_RATIO: u64 = 100;

/// Decompressed bytes always allowed, whatever the ratio (small, very repetitive files).
pub const RATIO_FLOOR: u64 = 64 * 1024 * 1024;

/// What stopped a compressed stream: the line where it happened and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub line: u64,
    pub reason: String,
    /// Whether nothing at all could be decompressed (the file is unreadable, not cut short).
    pub at_start: bool,
}

/// The damage notes of one import, shared by the streams that find it.
#[derive(Debug, Clone, Default)]
pub struct Damage(Rc<RefCell<Vec<Note>>>);

impl Damage {
    fn push(&self, note: Note) {
        self.0.borrow_mut().push(note);
    }

    /// Takes the notes gathered so far.
    pub fn take(&self) -> Vec<Note> {
        std::mem::take(&mut self.0.borrow_mut())
    }

    /// Whether any damage was found.
    pub fn any(&self) -> bool {
        !self.0.borrow().is_empty()
    }
}

/// Set by the file reader under a decompressor when the disk itself fails, so that a real
/// read error is not mistaken for damaged data.
pub type DiskFailed = Rc<Cell<bool>>;

/// A decompressed stream that stops (as an end of file) at damage or past its ratio limit,
/// noting why in [`Damage`].
pub struct Guarded<R> {
    inner: R,
    limit: u64,
    out: u64,
    lines: u64,
    /// Prefix of the notes: the member's path inside a bundle, or empty.
    label: String,
    damage: Damage,
    disk_failed: DiskFailed,
    stopped: bool,
}

impl<R: Read> Guarded<R> {
    /// Guards `inner`, the decompression of `compressed` bytes.
    pub fn new(
        inner: R,
        compressed: u64,
        label: &str,
        damage: Damage,
        disk_failed: DiskFailed,
    ) -> Guarded<R> {
        Guarded {
            inner,
            limit: compressed.saturating_mul(MAX_RATIO).max(RATIO_FLOOR),
            out: 0,
            lines: 0,
            label: label.to_string(),
            damage,
            disk_failed,
            stopped: false,
        }
    }

    fn stop(&mut self, reason: String) {
        self.stopped = true;
        let reason = if self.label.is_empty() {
            reason
        } else {
            format!("{}: {reason}", self.label)
        };
        self.damage.push(Note {
            line: self.lines + 1,
            reason,
            at_start: self.out == 0,
        });
    }
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.stopped || buf.is_empty() {
            return Ok(0);
        }
        let n = loop {
            match self.inner.read(buf) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if self.disk_failed.get() => return Err(e),
                Err(e) if self.out == 0 => {
                    // A compressor hands out whole blocks: a small file cut short has none.
                    self.stop(format!(
                        "the compressed data is damaged or cut short ({e}) before any of it \
                         could be read"
                    ));
                    return Ok(0);
                }
                Err(e) => {
                    self.stop(format!(
                        "the compressed data is damaged or cut short ({e}); nothing after this \
                         line could be read"
                    ));
                    return Ok(0);
                }
            }
        };
        let allowed = usize::try_from(self.limit - self.out).unwrap_or(usize::MAX);
        let kept = n.min(allowed);
        self.out += kept as u64;
        self.lines += buf[..kept].iter().filter(|&&b| b == b'\n').count() as u64;
        if n > allowed {
            self.stop(format!(
                "decompresses to more than {MAX_RATIO} times its compressed size (a \
                 decompression bomb?); reading stopped here"
            ));
        }
        Ok(kept)
    }
}

/// How reading one line ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// No more input.
    End,
    /// A line (with its `\n`, if any) is in the buffer.
    Read,
    /// The line was longer than the limit: it was consumed, not kept (the buffer is empty).
    TooLong,
}

/// Reads one line into `buf` (cleared first), keeping at most `max` bytes of it in memory.
pub fn read_line(input: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<Line> {
    buf.clear();
    let mut any = false;
    let mut too_long = false;
    loop {
        let available = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if !too_long {
            if buf.len() + take <= max {
                buf.extend_from_slice(&available[..take]);
            } else {
                too_long = true;
                *buf = Vec::new();
            }
        }
        input.consume(take);
        if done {
            break;
        }
    }
    Ok(match (any, too_long) {
        (false, _) => Line::End,
        (true, false) => Line::Read,
        (true, true) => Line::TooLong,
    })
}

/// The reason given for a record longer than [`MAX_RECORD`].
pub fn too_long_reason() -> String {
    format!(
        "a record larger than {} MB, the most one record may hold; skipped",
        MAX_RECORD / (1024 * 1024)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_consumed_not_kept() {
        let text = format!("short\n{}\nafter", "x".repeat(100));
        let mut input = io::BufReader::with_capacity(8, text.as_bytes());
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut input, &mut buf, 50).unwrap(), Line::Read);
        assert_eq!(buf, b"short\n");
        assert_eq!(read_line(&mut input, &mut buf, 50).unwrap(), Line::TooLong);
        assert!(buf.capacity() == 0);
        assert_eq!(read_line(&mut input, &mut buf, 50).unwrap(), Line::Read);
        assert_eq!(buf, b"after");
        assert_eq!(read_line(&mut input, &mut buf, 50).unwrap(), Line::End);
    }

    #[test]
    fn a_stream_stops_at_its_ratio_and_at_damage() {
        let damage = Damage::default();
        let data = vec![b'\n'; (RATIO_FLOOR + 10) as usize];
        let mut guarded = Guarded::new(&data[..], 1, "", damage.clone(), DiskFailed::default());
        let n = io::copy(&mut guarded, &mut io::sink()).unwrap();
        assert_eq!(n, RATIO_FLOOR);
        let notes = damage.take();
        assert_eq!(notes[0].line, RATIO_FLOOR + 1);
        assert!(notes[0].reason.contains("decompression bomb"));

        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "corrupt deflate stream",
                ))
            }
        }
        let mut guarded = Guarded::new(Broken, 9, "a.json", damage.clone(), Default::default());
        assert_eq!(io::copy(&mut guarded, &mut io::sink()).unwrap(), 0);
        let notes = damage.take();
        assert!(notes[0].at_start);
        assert_eq!(
            notes[0].reason,
            "a.json: the compressed data is damaged or cut short (corrupt deflate stream) before \
             any of it could be read"
        );
    }
}
