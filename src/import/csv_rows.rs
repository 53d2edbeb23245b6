//! A CSV's rows as text, whatever its encoding and delimiter (see the `text` module), each
//! row bounded by [`MAX_RECORD`]: a longer row is skipped and reported, having held no more
//! than that. Cells that are not valid UTF-8 in a file taken for UTF-8 (Windows-1252 text that
//! first appears deep in the file) are read as Windows-1252 rather than refused.

use std::cell::Cell;
use std::collections::VecDeque;
use std::io::{self, BufRead, Read};
use std::rc::Rc;

use super::guard::{too_long_reason, MAX_RECORD};
use super::text::{sniff_delimiter, Decoded};

/// Limits the bytes read for one row; past the limit it fails the row and skips to the end of
/// its line. Lines may end in `\n`, `\r\n` (Windows) or a lone `\r` (old Mac spreadsheets):
/// each end is handed on as one `\n`, so that the parser counts every file's lines alike.
struct RowLimit<R> {
    inner: R,
    used: Rc<Cell<u64>>,
    exceeded: Rc<Cell<bool>>,
    state: State,
    /// The last byte handed on ended a line with `\r`: a `\n` next belongs to that end.
    after_cr: bool,
    /// Whether an odd number of `"` has been handed on: at the end of the file, a quote that
    /// was opened and never closed (or a stray one inside an unquoted cell).
    odd_quotes: Rc<Cell<bool>>,
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
                    match available.iter().position(|&b| b == b'\n' || b == b'\r') {
                        Some(i) => {
                            self.after_cr = available[i] == b'\r';
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
                    let kept = self.line_ends(&mut buf[..n]);
                    // A read of only the `\n` of a `\r\n` hands on nothing but is no end.
                    if kept > 0 || n == 0 {
                        return Ok(kept);
                    }
                }
            }
        }
    }
}

impl<R> RowLimit<R> {
    /// Rewrites `\r\n` and `\r` in `bytes` as `\n`, in place: the length kept.
    fn line_ends(&mut self, bytes: &mut [u8]) -> usize {
        let mut kept = 0;
        for i in 0..bytes.len() {
            let b = bytes[i];
            let after_cr = std::mem::replace(&mut self.after_cr, b == b'\r');
            if b == b'"' {
                self.odd_quotes.set(!self.odd_quotes.get());
            }
            if b == b'\n' && after_cr {
                continue;
            }
            bytes[kept] = if b == b'\r' { b'\n' } else { b };
            kept += 1;
        }
        kept
    }
}

/// A row as [`CsvRows`] hands it over: its 1-based line, and its cells or why it could not be
/// read.
pub type Row = (u64, Result<csv::StringRecord, String>);

/// How many rows [`CsvRows::header`] looks at for the header, and how many bytes of them it
/// holds at most.
const HEADER_SEARCH_ROWS: usize = 30;
const HEADER_SEARCH_BYTES: usize = 1 << 20;
/// The most columns a header may have: listening tools write a few hundred at most, and each
/// column of a header costs the mapping a string.
pub const MAX_COLUMNS: usize = 10_000;

/// The rows of a CSV, with their line numbers.
pub struct CsvRows<R: BufRead> {
    /// `None` only while a new parser is set up after a row past the limit.
    reader: Option<csv::Reader<RowLimit<Decoded<R>>>>,
    delimiter: u8,
    /// Lines before the current parser's first one.
    lines_before: u64,
    used: Rc<Cell<u64>>,
    exceeded: Rc<Cell<bool>>,
    odd_quotes: Rc<Cell<bool>>,
    record: csv::ByteRecord,
    /// Rows read ahead while looking for the header, handed over first.
    ahead: VecDeque<Row>,
}

impl<R: BufRead> CsvRows<R> {
    /// Reads `input`, sniffing its encoding and delimiter; the first row is the header.
    pub fn new(input: R) -> io::Result<CsvRows<R>> {
        let mut decoded = Decoded::new(input)?;
        let delimiter = sniff_delimiter(&mut decoded)?;
        let used = Rc::new(Cell::new(0));
        let exceeded = Rc::new(Cell::new(false));
        let odd_quotes = Rc::new(Cell::new(false));
        let limited = RowLimit {
            inner: decoded,
            used: used.clone(),
            exceeded: exceeded.clone(),
            state: State::Reading,
            after_cr: false,
            odd_quotes: odd_quotes.clone(),
        };
        Ok(CsvRows {
            reader: Some(parser(limited, delimiter)),
            delimiter,
            lines_before: 0,
            used,
            exceeded,
            odd_quotes,
            record: csv::ByteRecord::new(),
            ahead: VecDeque::new(),
        })
    }

    /// The header row (call it first): the first row, unless the file opens with lines of
    /// notes above its table, as listening tools write a report's title, query and dates.
    /// Such a file's first row is at most half as wide as most of the rows after it (a row's
    /// width ends at its last cell that is not empty); its header is then the first row as
    /// wide as they are, and the notes above it are dropped. `None` for an empty file.
    pub fn header(&mut self) -> io::Result<Option<Row>> {
        let (mut sample, mut bytes) = (Vec::new(), 0);
        while sample.len() < HEADER_SEARCH_ROWS && bytes < HEADER_SEARCH_BYTES {
            let Some(row) = self.next_row()? else { break };
            // A cell costs room even when empty: a line of commas is a wide row.
            bytes += row.1.as_ref().map_or(0, |r| r.as_slice().len() + r.len());
            sample.push(row);
        }
        let at = header_at(&sample);
        // Rows read ahead while sampling (see `next_row`) come after the sample's.
        let mut ahead: VecDeque<Row> = sample.into_iter().skip(at).collect();
        ahead.append(&mut self.ahead);
        self.ahead = ahead;
        Ok(self.ahead.pop_front().map(|(line, header)| {
            let header = header.and_then(|h| match h.len() {
                n if n > MAX_COLUMNS => Err(format!(
                    "a header of {n} columns, more than any table of posts has \
                     ({MAX_COLUMNS} at most)"
                )),
                _ => Ok(h),
            });
            (line, header)
        }))
    }

    /// The next row: its 1-based line and its cells, or why it could not be read. `Err` of
    /// the outer result is a failure to read the input itself.
    pub fn next_row(&mut self) -> io::Result<Option<Row>> {
        if let Some(row) = self.ahead.pop_front() {
            return Ok(Some(row));
        }
        let row = self.read_row()?;
        // A last cell of several lines, with a quote left open so far: if no row follows, the
        // file ended inside that quote.
        if let Some((line, Ok(cells))) = &row {
            let several_lines = cells.iter().next_back().is_some_and(|c| c.contains('\n'));
            if several_lines && self.odd_quotes.get() {
                match self.read_row()? {
                    None => return Ok(Some(self.unclosed_quote(*line, cells.clone()))),
                    Some(next) => self.ahead.push_back(next),
                }
            }
        }
        Ok(row)
    }

    fn read_row(&mut self) -> io::Result<Option<Row>> {
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

impl<R: BufRead> CsvRows<R> {
    /// The file's last row, `record` on `line`, when the file ended inside a quote: a quote
    /// opened in it was never closed, and every line after it was read into its last cell. The
    /// row is skipped and reported, and the lines after its own are read again as rows (a
    /// doubled `""` inside them stays single).
    fn unclosed_quote(&mut self, line: u64, record: csv::StringRecord) -> Row {
        let swallowed = record
            .iter()
            .next_back()
            .and_then(|cell| cell.split_once('\n'))
            .map(|(_, rest)| rest.to_string());
        let Some(swallowed) = swallowed else {
            // One line only: a stray quote in an unquoted cell, as in `5" screen`.
            return (line, Ok(record));
        };
        let mut again = parser(swallowed.as_bytes(), self.delimiter);
        let mut rows = 0;
        for row in again.records() {
            let first = match &row {
                Ok(cells) => cells.position().map_or(1, |p| p.line()),
                Err(e) => e.position().map_or(1, |p| p.line()),
            };
            self.ahead.push_back((
                line + first,
                row.map_err(|e| format!("unreadable CSV row: {e}")),
            ));
            rows += 1;
        }
        let reason = format!(
            "a quote opened in this row is never closed, so the {rows} rows after it were read \
             into it: the row is skipped and those rows are read on their own; close the quote \
             in the file to import this row"
        );
        (line, Err(reason))
    }
}

/// Where the header is among the first rows of a file (see [`CsvRows::header`]).
fn header_at(rows: &[Row]) -> usize {
    let width = |row: &Row| {
        row.1.as_ref().map_or(0, |cells| {
            (0..cells.len())
                .rev()
                .find(|&i| !cells[i].trim().is_empty())
                .map_or(0, |i| i + 1)
        })
    };
    let Some((first, after)) = rows.split_first() else {
        return 0;
    };
    // The most common width of the rows after the first (the widest on ties).
    let mut widths: Vec<usize> = after.iter().map(width).filter(|&w| w > 0).collect();
    widths.sort_unstable();
    let typical = widths
        .chunk_by(|a, b| a == b)
        .max_by_key(|run| (run.len(), run[0]))
        .map_or(0, |run| run[0]);
    // A header names every column the rows use; notes above the table are a cell or two.
    if width(first) * 2 > typical {
        return 0;
    }
    rows.iter()
        .position(|row| width(row) >= typical)
        .unwrap_or(0)
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

    /// The header and the rows after it, as `(line, first cell)`.
    fn read(text: &str) -> (Vec<String>, Vec<(u64, String)>) {
        let mut rows = CsvRows::new(text.as_bytes()).unwrap();
        let header = rows.header().unwrap().unwrap().1.unwrap();
        let mut after = Vec::new();
        while let Some((line, row)) = rows.next_row().unwrap() {
            after.push((line, row.unwrap().get(0).unwrap_or("").to_string()));
        }
        (header.iter().map(str::to_string).collect(), after)
    }

    /// A header of more columns than any table of posts has (a line of commas) is refused,
    /// before a mapping spends a string on each of its columns.
    #[test]
    fn a_header_wider_than_any_table_is_refused() {
        let wide = format!("{}\n", ",".repeat(MAX_COLUMNS));
        let mut rows = CsvRows::new(wide.as_bytes()).unwrap();
        let err = rows.header().unwrap().unwrap().1.unwrap_err();
        assert!(err.contains("10001 columns"), "{err}");
        let fits = format!("{}\n", ",".repeat(MAX_COLUMNS - 1));
        assert!(CsvRows::new(fits.as_bytes())
            .unwrap()
            .header()
            .unwrap()
            .unwrap()
            .1
            .is_ok());
    }

    /// A quote never closed swallows the rest of the file into one cell; the row is skipped and
    /// reported, and the rows it swallowed are read on their own, on their own lines. A stray
    /// quote in an unquoted cell is no such thing. (A quote opened and closed by the next one,
    /// rows later, cannot be told from a cell of several lines.)
    #[test]
    fn a_quote_never_closed_loses_only_its_own_row() {
        let text = "Date,Author,Text,Likes\n\
                    1,alice,\"multi\nline\",1\n\
                    2,frank,\"unterminated,6\n\
                    3,gina,after,7\n\
                    4,hank,last,8\n";
        let mut rows = CsvRows::new(text.as_bytes()).unwrap();
        rows.header().unwrap();
        let mut seen = Vec::new();
        while let Some((line, row)) = rows.next_row().unwrap() {
            seen.push((line, row.map(|r| r.get(1).unwrap().to_string())));
        }
        assert_eq!(seen.len(), 4, "{seen:?}");
        assert_eq!(seen[0], (2, Ok("alice".into())));
        assert_eq!(seen[1].0, 4);
        assert!(
            seen[1].1.as_ref().unwrap_err().contains("never closed"),
            "{seen:?}"
        );
        assert_eq!(seen[2], (5, Ok("gina".into())));
        assert_eq!(seen[3], (6, Ok("hank".into())));

        let stray = "Date,Text\n1,a 5\" screen\n";
        assert_eq!(read(stray).1, [(2, "1".into())]);
    }

    #[test]
    fn notes_above_the_table_are_skipped_to_its_header() {
        let export = "Brandwatch Consumer Research\nQuery: SchoolMax\nFrom:,2026-09-01\n\n\
                      Date,Full Text,Author,Twitter Followers\n\
                      2026-09-01 08:00,portal down,@a,10\n2026-09-01 09:00,still down,@b,\n";
        let (header, rows) = read(export);
        assert_eq!(header, ["Date", "Full Text", "Author", "Twitter Followers"]);
        assert_eq!(
            rows,
            [
                (6, "2026-09-01 08:00".into()),
                (7, "2026-09-01 09:00".into())
            ],
            "rows keep the lines they are on"
        );
        // A spreadsheet pads its notes with empty cells to the table's width.
        let padded = "Report,,,\nPeriod:,September,,\nDate,Text,Author,Likes\n1,a,b,2\n2,c,d,3\n";
        assert_eq!(read(padded).0, ["Date", "Text", "Author", "Likes"]);
    }

    #[test]
    fn a_table_without_notes_keeps_its_first_row_as_the_header() {
        // A row wider than the header (unquoted commas), or rows with empty last cells.
        let ragged = "Date,Text\n1,a\n2,b,c,d,e\n3,f\n4,j\n";
        assert_eq!(read(ragged).0, ["Date", "Text"]);
        let sparse = "Date,Text,Author,Views\n1,a,,\n2,b,,\n3,c,x,\n";
        let (header, rows) = read(sparse);
        assert_eq!(header, ["Date", "Text", "Author", "Views"]);
        assert_eq!(rows.len(), 3);
        assert_eq!(read("Date,Text\n").0, ["Date", "Text"], "a header alone");
    }

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

    /// Windows' `\r\n` and old spreadsheets' lone `\r` end lines as `\n` does: each row keeps
    /// its line, and a cell's line breaks count.
    #[test]
    fn rows_keep_their_lines_whatever_ends_them() {
        let expected = vec![(2, "1".to_string()), (3, "2".into()), (5, "3".into())];
        for text in [
            "Date,Text\n1,a\n2,\"b\nb\"\n3,c\n",
            "Date,Text\r\n1,a\r\n2,\"b\r\nb\"\r\n3,c\r\n",
            "Date,Text\r1,a\r2,\"b\rb\"\r3,c",
            "Date,Text\r\n1,a\r2,\"b\nb\"\r\n3,c\r",
        ] {
            let (header, rows) = read(text);
            assert_eq!(header, ["Date", "Text"], "{text:?}");
            assert_eq!(rows, expected, "{text:?}");
        }
        // The line ends are seen whatever the reads' sizes: a `\r\n` split between two reads.
        let text = "a,b\r\n1,x\r\n2,y\r\n";
        let mut rows = CsvRows::new(io::BufReader::with_capacity(4, text.as_bytes())).unwrap();
        let mut lines = vec![rows.header().unwrap().unwrap().0];
        while let Some((line, row)) = rows.next_row().unwrap() {
            assert!(!row.unwrap().iter().any(|cell| cell.contains('\r')));
            lines.push(line);
        }
        assert_eq!(lines, [1, 2, 3]);
    }

    #[test]
    fn a_row_past_the_limit_in_a_file_of_lone_cr_skips_only_its_line() {
        let huge = "y".repeat(MAX_RECORD + 64 * 1024);
        let text = format!("a,b\r1,x\r2,{huge}\r3,z\r");
        let mut rows = CsvRows::new(text.as_bytes()).unwrap();
        let mut got = Vec::new();
        while let Some((line, row)) = rows.next_row().unwrap() {
            got.push((line, row.map(|r| r.get(0).unwrap_or("").to_string())));
        }
        assert_eq!(got.len(), 4, "{:?}", &got);
        assert!(got[2].1.is_err());
        assert_eq!(got[3], (4, Ok("3".to_string())));
    }
}
