//! Text files in the encodings exports really use, read as UTF-8: listening tools write CSVs in
//! UTF-16 with a byte-order mark (Meltwater's and Brandwatch's spreadsheet exports, usually
//! tab-separated) or in Windows-1252. The encoding is named by the BOM, else by the first
//! bytes (UTF-8 stays UTF-8, even with a few stray bytes among its characters; otherwise
//! `chardetng` guesses), and decoded in a stream
//! with `encoding_rs`: memory stays bounded by the decoder's buffer. The delimiter of a CSV
//! (comma, tab or semicolon) is the one its header line uses most outside quotes.

use std::io::{self, BufRead, Read};

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Bytes looked at to name the encoding.
const SAMPLE: usize = 64 * 1024;
/// Decoded bytes produced per refill.
const CHUNK: usize = 64 * 1024;

/// Names the encoding of a stream from its first bytes (which stay unread).
pub fn sniff_encoding(input: &mut dyn BufRead) -> io::Result<&'static Encoding> {
    let sample = input.fill_buf()?;
    let sample = &sample[..sample.len().min(SAMPLE)];
    if let Some((encoding, _)) = Encoding::for_bom(sample) {
        return Ok(encoding);
    }
    if looks_utf16(sample, 1) {
        return Ok(UTF_16LE);
    }
    if looks_utf16(sample, 0) {
        return Ok(UTF_16BE);
    }
    if mostly_utf8(sample) {
        return Ok(UTF_8);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(sample, false);
    Ok(detector.guess(None, true))
}

/// Whether `sample` is UTF-8: valid throughout (a character cut at its end included), or with
/// more well-formed characters beyond ASCII than stray bytes. A UTF-8 export with one
/// Windows-1252 byte pasted into a cell is still UTF-8 (the cell is read as Windows-1252 where
/// it is parsed); a Windows-1252 file almost never holds a well-formed UTF-8 sequence.
fn mostly_utf8(mut sample: &[u8]) -> bool {
    let (mut wide, mut stray) = (0usize, 0usize);
    loop {
        let (valid, rest) = match std::str::from_utf8(sample) {
            Ok(text) => (text, None),
            Err(e) => {
                let (valid, rest) = sample.split_at(e.valid_up_to());
                let text = std::str::from_utf8(valid).unwrap_or_default();
                (text, e.error_len().map(|n| &rest[n..]))
            }
        };
        wide += valid.chars().filter(|c| !c.is_ascii()).count();
        match rest {
            Some(rest) => {
                stray += 1;
                sample = rest;
            }
            // The whole sample, or a character cut at its end.
            None => return stray == 0 || wide > stray,
        }
    }
}

/// UTF-16 without a BOM: most bytes at the odd (`zero_at` 1, little-endian) or even positions
/// are zero, as ASCII text in UTF-16 has.
fn looks_utf16(sample: &[u8], zero_at: usize) -> bool {
    let pairs = sample.len() / 2;
    if pairs < 4 {
        return false;
    }
    let zeros = sample
        .chunks_exact(2)
        .filter(|pair| pair[zero_at] == 0 && pair[1 - zero_at] != 0)
        .count();
    zeros * 10 >= pairs * 8
}

/// A stream decoded to UTF-8 (a UTF-8 stream passes through, its BOM removed).
pub struct Decoded<R> {
    inner: R,
    /// `None` for UTF-8 input, which is passed through.
    decoder: Option<Decoder>,
    out: Vec<u8>,
    pos: usize,
    finished: bool,
}

impl<R: BufRead> Decoded<R> {
    /// Decodes `inner`, whose encoding is sniffed from its first bytes.
    pub fn new(mut inner: R) -> io::Result<Decoded<R>> {
        let encoding = sniff_encoding(&mut inner)?;
        Decoded::with_encoding(inner, encoding)
    }

    /// Decodes `inner` from `encoding`.
    pub fn with_encoding(mut inner: R, encoding: &'static Encoding) -> io::Result<Decoded<R>> {
        let decoder = if encoding == UTF_8 {
            // Drop a UTF-8 BOM here so that headers do not start with it.
            if inner.fill_buf()?.starts_with(&[0xEF, 0xBB, 0xBF]) {
                inner.consume(3);
            }
            None
        } else {
            Some(encoding.new_decoder_with_bom_removal())
        };
        Ok(Decoded {
            inner,
            decoder,
            out: Vec::new(),
            pos: 0,
            finished: false,
        })
    }
}

impl<R: BufRead> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Decoded<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let Some(decoder) = &mut self.decoder else {
            return self.inner.fill_buf();
        };
        while self.pos == self.out.len() && !self.finished {
            self.out.clear();
            self.pos = 0;
            self.out.resize(CHUNK, 0);
            let input = self.inner.fill_buf()?;
            let last = input.is_empty();
            let (result, read, written, _) = decoder.decode_to_utf8(input, &mut self.out, last);
            self.out.truncate(written);
            self.inner.consume(read);
            if last && result == CoderResult::InputEmpty {
                self.finished = true;
            }
        }
        Ok(&self.out[self.pos..])
    }

    fn consume(&mut self, n: usize) {
        match self.decoder {
            None => self.inner.consume(n),
            Some(_) => self.pos = (self.pos + n).min(self.out.len()),
        }
    }
}

/// The delimiter of a CSV, from its first lines (outside quotes): of comma, tab and semicolon,
/// the one that splits the most lines into the same number of fields, as a table's header and
/// rows are split (a title or a note above the table, "Report: SchoolMax, Riverside", is one
/// line against many); on a tie, the one that splits them into more fields. A comma when no
/// line has any. Excel's `sep=;` line names it outright.
pub fn delimiter(head: &[u8]) -> u8 {
    /// Lines read: enough for a report's notes and the first rows of its table.
    const LINES: usize = 50;
    const DELIMITERS: [u8; 3] = [b',', b'\t', b';'];
    if let Some(named) = excel_sep(head) {
        return named;
    }
    // Each whole line's count of each delimiter (the last line, cut by the buffer, is left out
    // unless it is the only one).
    let mut lines: Vec<[usize; 3]> = Vec::new();
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in head {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                if counts != [0; 3] {
                    lines.push(counts);
                }
                counts = [0; 3];
                if lines.len() == LINES {
                    break;
                }
            }
            _ if !quoted => {
                if let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    if lines.is_empty() && counts != [0; 3] {
        lines.push(counts);
    }
    // For each delimiter: how many lines share its most common non-zero count, and that count.
    let agreement = |i: usize| -> (usize, usize) {
        let mut tally: Vec<(usize, usize)> = Vec::new();
        for line in &lines {
            let n = line[i];
            if n == 0 {
                continue;
            }
            match tally.iter_mut().find(|(count, _)| *count == n) {
                Some((_, lines)) => *lines += 1,
                None => tally.push((n, 1)),
            }
        }
        tally
            .into_iter()
            .map(|(count, lines)| (lines, count))
            .max()
            .unwrap_or((0, 0))
    };
    let best = (0..3)
        .max_by_key(|&i| (agreement(i), std::cmp::Reverse(i)))
        .unwrap_or(0);
    if agreement(best).0 == 0 {
        b','
    } else {
        DELIMITERS[best]
    }
}

/// The delimiter a first line `sep=;` names, as Excel writes it for a CSV in a locale whose
/// delimiter is not the comma.
pub fn excel_sep(head: &[u8]) -> Option<u8> {
    let line = head.split(|&b| b == b'\n').next()?;
    let line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
    match line.trim_ascii() {
        [s, e, p, b'=', delimiter] if [s, e, p].map(u8::to_ascii_lowercase) == *b"sep" => {
            Some(*delimiter).filter(|d| matches!(d, b',' | b';' | b'\t' | b'|'))
        }
        _ => None,
    }
}

/// The delimiter of the CSV `input` (decoded), from the part of its first lines that is buffered.
pub fn sniff_delimiter(input: &mut dyn BufRead) -> io::Result<u8> {
    Ok(delimiter(input.fill_buf()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes with a small buffer under the decoder (after sniffing the whole sample), so
    /// that characters are split across refills.
    fn decode(bytes: &[u8]) -> String {
        let encoding = sniff_encoding(&mut &bytes[..]).unwrap();
        let input = io::BufReader::with_capacity(7, bytes);
        let mut decoded = Decoded::with_encoding(input, encoding).unwrap();
        let mut out = String::new();
        decoded.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn the_delimiter_splits_the_table_s_lines_alike_whatever_the_notes_above_it() {
        assert_eq!(delimiter(b"a;b;c\n1,2;3;4\n"), b';');
        let notes = b"Report: SchoolMax, Riverside USD\nDate;Text;Author\n1;down;a\n2;up;b\n";
        assert_eq!(delimiter(notes), b';');
        let tabs = b"Date\tText\n1\tdown, again, really\n2\tup, at last\n3\tfine\n";
        assert_eq!(delimiter(tabs), b'\t');
        assert_eq!(delimiter(b"Report title\n\nDate\tText\tAuthor\n"), b'\t');
        assert_eq!(delimiter(b"\"a, quoted\ntitle\"\nDate;Text\n"), b';');
        assert_eq!(delimiter(b"just words\n"), b',');
    }

    #[test]
    fn encodings_are_named_and_decoded() {
        let text = "Date\tText\n2026-09-01\tcafé ☕ down\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le), text);
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be), text, "UTF-16 without a BOM");
        let (latin1, _, _) =
            encoding_rs::WINDOWS_1252.encode("Date;Texte\n1;déjà vu – à l'école\n");
        assert_eq!(decode(&latin1), "Date;Texte\n1;déjà vu – à l'école\n");
        assert_eq!(decode("\u{feff}a,b\n".as_bytes()), "a,b\n");
    }

    #[test]
    fn excel_s_sep_line_names_the_delimiter() {
        assert_eq!(delimiter(b"sep=;\nReport, March\nDate;Text\n"), b';');
        assert_eq!(delimiter(b"\xef\xbb\xbfSEP=\t\nDate\tText\n"), b'\t');
        assert_eq!(excel_sep(b"separator=;\n"), None);
        assert_eq!(excel_sep(b"sep=x\n"), None);
    }

    #[test]
    fn the_header_names_the_delimiter() {
        assert_eq!(delimiter(b"Date\tText\tAuthor, name\n"), b'\t');
        assert_eq!(delimiter(b"Date;Text;\"a,b,c\"\n1,2,3,4"), b';');
        assert_eq!(delimiter(b"Date,Text\n"), b',');
        assert_eq!(delimiter(b"Text\n"), b',');
    }
}
