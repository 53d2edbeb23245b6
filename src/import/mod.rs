//! Importing social-data files into the store.
//!
//! A file goes through three stages: [`detect`] names its [`Format`] from its content, a format
//! module turns each record (a line, a streamed element of a JSON document, a CSV row) into
//! normalised [`Record`]s, and [`import_file`] writes them. A zip archive or a folder (a Twitter
//! archive, a Facebook export) is one import of all its members. Invariants:
//!
//! - A file imports in **one transaction**: cancelled, failed or killed mid-way, the store is
//!   exactly as before. The attempt itself is still recorded in `imports`.
//! - A broken record is skipped, counted and reported with its line number (and member, in a
//!   bundle); it never aborts the rest of the file.
//! - Posts are unique per (platform, native id): re-importing adds nothing.
//! - Memory is bounded by the longest record, not the file size, and records are bounded by
//!   [`MAX_RECORD`]; a compressed file or zip entry is bounded by [`MAX_RATIO`] (see `guard`).

mod bluesky;
mod bundle;
mod crowdtangle;
pub mod csv_mapped;
mod csv_row;
pub mod csv_rows;
mod dates;
mod detect;
mod facebook_dyi;
mod feed;
mod fields;
#[doc(hidden)]
pub mod fuzz;
mod guard;
mod html;
mod json_stream;
mod loose;
mod mastodon;
mod pipeline;
mod prepare;
mod read;
mod reddit;
mod surrogates;
mod text;
mod twarc;
mod twarc_csv;
mod twitter_archive;
mod twitter_v1;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::params;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{Platform, Record};
use crate::store::removal::NEW_IMPORT_ID;
use crate::store::Store;

pub use detect::detect;
pub use guard::{MAX_RATIO, MAX_RECORD};

/// The file formats Townhall reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// twarc2 output: one Twitter API v2 response page per line.
    Twarc2,
    /// twarc2's flattened form: one tweet per line, with `author` merged in.
    Twarc2Flat,
    /// Twitter API v1.1: search responses, timelines, one-status-per-line streams.
    TwitterV1,
    /// An X/Twitter account archive: its zip, its folder, or `tweets.js`.
    TwitterArchive,
    /// Facebook "Download Your Information" JSON: its zip, its folder, or one file.
    FacebookDyi,
    /// A CrowdTangle CSV export (Facebook pages and groups, Instagram).
    Crowdtangle,
    /// Reddit: Pushshift / Arctic Shift NDJSON dumps and the JSON listing API.
    Reddit,
    /// Mastodon: REST API statuses and an archive's ActivityPub `outbox.json`.
    Mastodon,
    /// Bluesky: `searchPosts` and feed responses, `getProfiles` responses.
    Bluesky,
    /// Any other CSV, its columns mapped to post fields (guessed from the header, or saved).
    Csv,
    /// An RSS or Atom feed (news sites, vendors' status pages): items become `news` posts.
    Feed,
}

impl Format {
    pub const ALL: [Format; 11] = [
        Format::Twarc2,
        Format::Twarc2Flat,
        Format::TwitterV1,
        Format::TwitterArchive,
        Format::FacebookDyi,
        Format::Crowdtangle,
        Format::Reddit,
        Format::Mastodon,
        Format::Bluesky,
        Format::Csv,
        Format::Feed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Twarc2 => "twarc2",
            Format::Twarc2Flat => "twarc2-flat",
            Format::TwitterV1 => "twitter-v1",
            Format::TwitterArchive => "twitter-archive",
            Format::FacebookDyi => "facebook-dyi",
            Format::Crowdtangle => "crowdtangle",
            Format::Reddit => "reddit",
            Format::Mastodon => "mastodon",
            Format::Bluesky => "bluesky",
            Format::Csv => "csv",
            Format::Feed => "feed",
        }
    }

    pub fn parse(s: &str) -> Result<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                let known: Vec<_> = Format::ALL.iter().map(|f| f.as_str()).collect();
                Error::InvalidInput(format!(
                    "unknown format {s:?}; known formats: {}",
                    known.join(", ")
                ))
            })
    }

    /// Reads every record of `source`, handing each (with its line number) to `sink` as
    /// normalised records or the reason it is broken.
    fn read(
        self,
        source: &mut bundle::Source,
        cx: &ReadContext<'_>,
        sink: &mut Sink<'_>,
    ) -> Result<()> {
        if let Some(parse) = self.line_parser() {
            return read::each_json_text(source.stream()?, |line, text| {
                sink(
                    line,
                    text.and_then(|text| parse_line(parse, text, &mut |_, _| None)),
                )
            });
        }
        type Parse = fn(serde_json::Value) -> Result<Vec<Record>, String>;
        let json = |source: &mut bundle::Source,
                    containers: &[&str],
                    parse: Parse,
                    sink: &mut Sink<'_>| {
            json_stream::each_record(source.stream()?, containers, |line, record| {
                sink(line, record.and_then(parse))
            })
        };
        match self {
            Format::Twarc2 | Format::Twarc2Flat => unreachable!("read line by line above"),
            Format::TwitterV1 => json(source, twitter_v1::CONTAINERS, twitter_v1::parse, sink),
            Format::TwitterArchive => twitter_archive::read(source, sink),
            Format::FacebookDyi => facebook_dyi::read(source, sink),
            Format::Reddit => json(source, reddit::CONTAINERS, reddit::parse, sink),
            Format::Mastodon => json(source, mastodon::CONTAINERS, mastodon::parse, sink),
            Format::Bluesky => json(source, bluesky::CONTAINERS, bluesky::parse, sink),
            Format::Crowdtangle => csv_mapped::read(source.stream()?, cx, true, sink),
            Format::Csv => csv_mapped::read(source.stream()?, cx, false, sink),
            Format::Feed => feed::read(source.stream()?, sink),
        }
    }
}

/// Parses one line of a format read line by line into its records, or says why it is broken.
/// A post that [`Known`] says the workspace holds is checked and then yielded as
/// [`Record::Known`], without being built: that is most of what a re-import would cost.
type LineParser = fn(&str, &mut Known<'_>) -> Result<Vec<Record>, String>;

/// The row id and counts of the workspace's post of this platform and native id, if it holds
/// one.
pub(crate) type Known<'k> = dyn FnMut(Platform, &str) -> Option<crate::store::posts::Stored> + 'k;

/// Parses a line with `parse`, half a character in a `\u` escape replaced first
/// ([`surrogates`]): a page's parser may take the page and refuse only the tweet that holds it.
fn parse_line(parse: LineParser, text: &str, known: &mut Known<'_>) -> Result<Vec<Record>, String> {
    match surrogates::repaired(text) {
        Some(text) => parse(&text, known),
        None => parse(text, known),
    }
}

/// Receives each record read from a file: where it is, and what it holds or why it is broken.
/// Returning an error stops the import (cancellation, or a database failure).
pub type Sink<'s> = dyn FnMut(u64, Result<Vec<Record>, String>) -> Result<()> + 's;

/// What a format reader may consult besides its input.
pub(crate) struct ReadContext<'a> {
    /// The workspace, for saved CSV mappings.
    pub conn: &'a rusqlite::Connection,
    /// `field=column` choices the user made for this CSV import.
    pub csv_map: &'a [(String, String)],
    /// The workspace's time zone, in which a CSV's times without a zone are read.
    pub tz: chrono_tz::Tz,
}

/// A record that could not be imported.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, ts_rs::TS)]
pub struct RecordError {
    /// 1-based line number in the file (where the record ends, for JSON documents; 0 for what
    /// a bundle as a whole says). Reasons start with the member's path inside a zip or folder.
    pub line: u64,
    pub reason: String,
}

/// What an import did, per file.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ImportReport {
    pub path: String,
    pub format: Format,
    /// Posts read from the file (including duplicates).
    pub read: u64,
    /// Posts new to the workspace.
    pub imported: u64,
    /// Posts already in the workspace.
    pub duplicates: u64,
    /// Records skipped because they could not be read.
    pub skipped: u64,
    /// Posts left out because they were not public (a Mastodon archive's direct messages and
    /// followers-only statuses); not in `read`.
    pub private: u64,
    /// Posts left out because they are older than the workspace's retention period, which would
    /// delete them at once ([`ImportOptions::keep_from`]); not in `read`.
    pub expired: u64,
    /// Accounts the file described, each once: a user lookup's profiles, or the authors of its
    /// posts where it gave their names or follower counts.
    pub profiles: u64,
    /// The first [`MAX_REPORTED_ERRORS`] skipped records, with line numbers.
    pub errors: Vec<RecordError>,
}

impl ImportReport {
    /// Whether none of the file's records could be read: it brought nothing, not even a post
    /// left out on purpose or a profile, and skipped some. Such an import did not succeed,
    /// though the file was read to its end: the history lists it as failed and the command
    /// line exits with an error, so that a scheduled script can tell.
    pub fn unreadable(&self) -> bool {
        self.read == 0
            && self.profiles == 0
            && self.private == 0
            && self.expired == 0
            && self.skipped > 0
    }
}

/// Reports keep at most this many errors; `skipped` still counts them all.
pub const MAX_REPORTED_ERRORS: usize = 200;

/// How far an import has got.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ts_rs::TS)]
pub struct Progress {
    pub bytes_read: u64,
    pub bytes_total: u64,
    pub posts_read: u64,
}

/// Optional knobs for [`import_file`].
#[derive(Default)]
pub struct ImportOptions<'a> {
    /// Skip detection and read the file as this format.
    pub format: Option<Format>,
    /// Called every [`PROGRESS_EVERY`] records and at the end.
    pub progress: Option<&'a (dyn Fn(Progress) + Sync)>,
    /// Checked as often as progress; when set, the import is rolled back.
    pub cancel: Option<&'a AtomicBool>,
    /// Leave out the posts created before this instant (unix seconds): the start of the
    /// workspace's retention period, which would delete them as soon as they were written.
    pub keep_from: Option<i64>,
}

/// Records between progress calls and cancellation checks.
pub const PROGRESS_EVERY: u64 = 2_000;

/// Imports one file into the store; see the module documentation for the guarantees.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions<'_>,
) -> Result<ImportReport> {
    import_file_with_map(store, path, opts, &[])
}

/// [`import_file`] with `(field, column)` choices for a CSV file, overriding the guessed or
/// saved mapping; the mapping used is saved for the next file with the same header.
pub fn import_file_with_map(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions<'_>,
    csv_map: &[(String, String)],
) -> Result<ImportReport> {
    let origin = path.display().to_string();
    let (format, input) = match spooled(path, &std::env::temp_dir())? {
        Some(copy) => {
            let again = copy.try_clone().map_err(|e| Error::io(path, e))?;
            let format = match opts.format {
                Some(f) => f,
                None => detect::detect_in(bundle::Source::from_file(again, path)?, path)?,
            };
            (format, bundle::Source::from_file(copy, path)?)
        }
        None => {
            let format = match opts.format {
                Some(f) => f,
                None => detect(path)?,
            };
            (format, bundle::Source::open(path)?)
        }
    };
    import_source(store, origin, format, input, opts, csv_map)
}

/// A pipe or a device (`cat export.jsonl | townhall import /dev/stdin`) can be read only once,
/// and its format is read before its records: its bytes are copied to a temporary file in
/// `dir` first. The file has no name, so the system removes it when the import ends, however it
/// ends (a kill included). `None` for a file or a folder, read where it is.
fn spooled(path: &Path, dir: &Path) -> Result<Option<std::fs::File>> {
    let io = |e| Error::io(path, e);
    let kind = std::fs::metadata(path).map_err(io)?.file_type();
    if kind.is_file() || kind.is_dir() {
        return Ok(None);
    }
    let mut copy = tempfile::tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    std::io::copy(&mut std::fs::File::open(path).map_err(io)?, &mut copy).map_err(io)?;
    Ok(Some(copy))
}

/// Imports one page fetched by live collection (a `searchPosts` response, a statuses array, a
/// listing, an API v2 page on one line, a feed) exactly as a file of `format` holding it would
/// be: in one transaction, idempotent, with kept topic matches caught up, and recorded in the
/// import history under `origin` (the source's name).
pub fn import_page(
    store: &mut Store,
    origin: &str,
    format: Format,
    page: Vec<u8>,
) -> Result<ImportReport> {
    let input = bundle::Source::File(read::Input::from_bytes(page)?);
    import_source(
        store,
        origin.to_string(),
        format,
        input,
        &ImportOptions::default(),
        &[],
    )
}

fn import_source(
    store: &mut Store,
    origin: String,
    format: Format,
    mut input: bundle::Source,
    opts: &ImportOptions<'_>,
    csv_map: &[(String, String)],
) -> Result<ImportReport> {
    let started_at = crate::time::rfc3339(chrono::Utc::now().timestamp());
    let report = ImportReport {
        path: origin.clone(),
        format,
        read: 0,
        imported: 0,
        duplicates: 0,
        skipped: 0,
        private: 0,
        expired: 0,
        profiles: 0,
        errors: Vec::new(),
    };
    crate::store::cache::for_writing(store.conn())?;
    let outcome = if format.reads_workspace() {
        pipeline::write_inline(store, report, &started_at, &mut input, opts, csv_map)
    } else {
        pipeline::write_alongside(store, report, &started_at, &mut input, opts)
    };
    crate::store::cache::for_reading(store.conn())?;

    match outcome {
        Ok(report) => {
            if let Some(progress) = opts.progress {
                progress(Progress {
                    bytes_read: input.counter().get(),
                    bytes_total: input.len(),
                    posts_read: report.read,
                });
            }
            Ok(report)
        }
        Err(err) => {
            // The transaction rolled back when it was dropped; keep a note of the attempt.
            let status = if matches!(err, Error::Cancelled) {
                "cancelled"
            } else {
                "failed"
            };
            store.conn().execute(
                &format!(
                    "INSERT INTO imports (id, path, format, status, started_at, finished_at, errors)
                     VALUES ({NEW_IMPORT_ID}, ?1, ?2, ?3, ?4, ?5, ?6)"
                ),
                params![
                    origin,
                    format.as_str(),
                    status,
                    started_at,
                    crate::time::rfc3339(chrono::Utc::now().timestamp()),
                    serde_json::json!([{ "line": 0, "reason": err.to_string() }]).to_string(),
                ],
            )?;
            Err(err)
        }
    }
}

impl Format {
    /// Whether reading this format consults the workspace (saved CSV mappings), so that it must
    /// read on the thread that writes.
    /// How a format read line by line parses each line, on its own: its lines may be parsed
    /// on several threads and put back in order ([`pipeline`]).
    fn line_parser(self) -> Option<LineParser> {
        match self {
            Format::Twarc2 => Some(twarc::read_page),
            Format::Twarc2Flat => Some(twarc::read_flat),
            _ => None,
        }
    }

    fn reads_workspace(self) -> bool {
        matches!(self, Format::Csv | Format::Crowdtangle)
    }
}

/// Whole-file refusals (a CSV without a text column…) name the file.
fn name_file(path: &str, e: Error) -> Error {
    match e {
        Error::UnsupportedFile(why) => Error::UnsupportedFile(format!("{path}: {why}")),
        e => e,
    }
}

fn skip(report: &mut ImportReport, line: u64, reason: String) {
    report.skipped += 1;
    if report.errors.len() < MAX_REPORTED_ERRORS {
        report.errors.push(RecordError { line, reason });
    }
}

fn check_cancel(opts: &ImportOptions<'_>) -> Result<()> {
    match opts.cancel {
        Some(flag) if flag.load(Ordering::Relaxed) => Err(Error::Cancelled),
        _ => Ok(()),
    }
}

/// A past import, as listed in the import history.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ImportRecord {
    pub id: i64,
    pub path: String,
    pub format: Option<String>,
    pub status: String,
    pub started_at: String,
    pub imported: i64,
    pub duplicates: i64,
    pub skipped: i64,
}

/// Import `id`'s record, and the records it skipped with why (the first
/// [`MAX_REPORTED_ERRORS`]; [`ImportRecord::skipped`] counts them all).
pub fn skipped_records(store: &Store, id: i64) -> Result<(ImportRecord, Vec<RecordError>)> {
    let record = history(store)?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| {
            Error::NotFound(format!(
                "there is no import {id}; `townhall imports list` lists them"
            ))
        })?;
    let errors: String =
        store
            .conn()
            .query_row("SELECT errors FROM imports WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
    let errors = serde_json::from_str(&errors).unwrap_or_default();
    Ok((record, errors))
}

/// Every import attempt, newest first.
pub fn history(store: &Store) -> Result<Vec<ImportRecord>> {
    let mut stmt = store.conn().prepare(
        "SELECT id, path, format, status, started_at, imported, duplicates, skipped
         FROM imports ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ImportRecord {
            id: r.get(0)?,
            path: r.get(1)?,
            format: r.get(2)?,
            status: r.get(3)?,
            started_at: r.get(4)?,
            imported: r.get(5)?,
            duplicates: r.get(6)?,
            skipped: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// The copy of a pipe has no name in the temporary folder while it is read, so a kill
    /// mid-import leaves nothing behind.
    #[test]
    fn a_pipe_is_copied_to_a_file_without_a_name() {
        let dir = tempfile::tempdir().unwrap();
        let temp = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap();
        assert!(made.success());
        let writer = {
            let pipe = pipe.clone();
            std::thread::spawn(move || std::fs::write(pipe, b"{\"data\": []}\n").unwrap())
        };
        let mut copy = spooled(&pipe, temp.path())
            .unwrap()
            .expect("a pipe is copied");
        writer.join().unwrap();
        let left: Vec<_> = std::fs::read_dir(temp.path()).unwrap().collect();
        assert!(left.is_empty(), "named copies: {left:?}");
        let mut text = String::new();
        std::io::Seek::rewind(&mut copy).unwrap();
        std::io::Read::read_to_string(&mut copy, &mut text).unwrap();
        assert_eq!(text, "{\"data\": []}\n");
        // A plain file is read where it is.
        let file = dir.path().join("plain.jsonl");
        std::fs::write(&file, "{}\n").unwrap();
        assert!(spooled(&file, temp.path()).unwrap().is_none());
    }
}
