//! A CSV's rows as text, whatever its encoding and delimiter (see the `text` module), each
//! row bounded by [`MAX_RECORD`]: a longer row is skipped and reported, having held no more
//! than that. Cells that are not valid UTF-8 in a file taken for UTF-8 (Windows-1252 text that
//! first appears deep in the file) are read as Windows-1252 rather than refused.

use std::cell::Cell;
use std::io::{self, BufRead, Read};
use std::rc::Rc;

use super::guard::{too_long_reason, MAX_RECORD};
use super::text::{sniff_delimiter, Decoded};

/// Limits the bytes read for one row; past the limit it fails the row and skips to the end of
/// its line.
struct RowLimit<R> {
    inner: R,
    used: Rc<Cell<u64>>,
    exceeded: Rc<Cell<bool>>,
    state: State,
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Reading,
    Skipping,
}

impl<R: BufRead> Read for RowLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match self.state {
                State::Skipping => {
                    let available = self.inner.fill_buf()?;
                    if available.is_empty() {
                        self.state = State::Reading;
                        return Ok(0);
                    }
                    match available.iter().position(|&b| b == b'\n') {
                        Some(i) => {
                            self.inner.consume(i + 1);
                            self.state = State::Reading;
                        }
                        None => {
                            let n = available.len();
                            self.inner.consume(n);
                        }
                    }
                }
                _ => {
                    let room = (MAX_RECORD as u64).saturating_sub(self.used.get());
                    if room == 0 {
                        self.exceeded.set(true);
                        self.state = State::Skipping;
                        return Err(io::Error::other(too_long_reason()));
                    }
                    let n = buf.len().min(room as usize);
                    let n = self.inner.read(&mut buf[..n])?;
                    self.used.set(self.used.get() + n as u64);
                    return Ok(n);
                }
            }
        }
    }
}

/// The rows of a CSV, with their line numbers.
pub struct CsvRows<R: BufRead> {
    /// `None` only while a new parser is set up after a row past the limit.
    reader: Option<csv::Reader<RowLimit<Decoded<R>>>>,
    delimiter: u8,
    /// Lines before the current parser's first one.
    lines_before: u64,
    used: Rc<Cell<u64>>,
    exceeded: Rc<Cell<bool>>,
    record: csv::ByteRecord,
}

impl<R: BufRead> CsvRows<R> {
    /// Reads `input`, sniffing its encoding and delimiter; the first row is the header.
    pub fn new(input: R) -> io::Result<CsvRows<R>> {
        let mut decoded = Decoded::new(input)?;
        let delimiter = sniff_delimiter(&mut decoded)?;
        let used = Rc::new(Cell::new(0));
        let exceeded = Rc::new(Cell::new(false));
        let limited = RowLimit {
            inner: decoded,
            used: used.clone(),
            exceeded: exceeded.clone(),
            state: State::Reading,
        };
        Ok(CsvRows {
            reader: Some(parser(limited, delimiter)),
            delimiter,
            lines_before: 0,
            used,
            exceeded,
            record: csv::ByteRecord::new(),
        })
    }

    /// The next row: its 1-based line and its cells, or why it could not be read. `Err` of
    /// the outer result is a failure to read the input itself.
    #[allow(clippy::type_complexity)]
    pub fn next_row(&mut self) -> io::Result<Option<(u64, Result<csv::StringRecord, String>)>> {
        self.used.set(0);
        self.exceeded.set(false);
        let reader = self.reader.as_mut().expect("a parser");
        let line = self.lines_before + reader.position().line();
        Ok(match reader.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => Some((line, Ok(text_record(&self.record)))),
            Err(_) if self.exceeded.get() => {
                // A parser stops for good at a read error: go on with a new one from the next
                // line (the old one has nothing buffered: it was reading when it failed).
                let limited = self.reader.take().expect("a parser").into_inner();
                self.reader = Some(parser(limited, self.delimiter));
                self.lines_before = line;
                Some((line, Err(too_long_reason())))
            }
            Err(e) => {
                if let csv::ErrorKind::Io(io) = e.kind() {
                    return Err(io::Error::new(io.kind(), io.to_string()));
                }
                Some((line, Err(format!("unreadable CSV row: {e}"))))
            }
        })
    }
}

fn parser<R: Read>(input: R, delimiter: u8) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(input)
}

/// A row's cells as text: UTF-8, or else Windows-1252.
fn text_record(record: &csv::ByteRecord) -> csv::StringRecord {
    match csv::StringRecord::from_byte_record(record.clone()) {
        Ok(text) => text,
        Err(_) => record
            .iter()
            .map(|cell| match std::str::from_utf8(cell) {
                Ok(s) => s.to_string(),
                Err(_) => encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(cell)
                    .0
                    .into_owned(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_past_the_limit_is_skipped_and_the_next_keeps_its_line() {
        let huge = "y".repeat(MAX_RECORD + 64 * 1024);
        let text = format!("a,b\n1,x\n2,{huge}\n3,z\n");
        let mut rows = CsvRows::new(text.as_bytes()).unwrap();
        let mut got = Vec::new();
        while let Some((line, row)) = rows.next_row().unwrap() {
            got.push((line, row.map(|r| r.get(0).unwrap_or("").to_string())));
        }
        assert_eq!(got.len(), 4, "{:?}", &got);
        assert_eq!(got[1], (2, Ok("1".to_string())));
        assert_eq!(got[2].0, 3);
        assert!(got[2].1.as_ref().unwrap_err().contains("larger than"));
        assert_eq!(got[3], (4, Ok("3".to_string())));
    }
}
