//! The two halves of an import: reading (parse, normalise, and — for a post — whether the
//! workspace already has it and, when not, its sentiment) and writing, in one transaction.
//!
//! Most formats are written on one thread while others read ([`write_alongside`]): the file is
//! read on the calling thread and its records prepared ([`prepare`](super::prepare): look-ups,
//! VADER and, for a format read line by line, the parsing itself) on one thread per core, whose
//! work the writer takes back in the order of the file. On two cores this overlaps the
//! preparation with the writer's B-tree work, and a re-import, which has nothing to write,
//! parses on both. Each preparer looks posts up in the workspace through its own read-only
//! connection, opened only once the writer holds the write lock, so it sees exactly what the
//! writer started from; a post known then is counted as a duplicate without crossing to the
//! writer. Formats whose reader consults the workspace read and write on one thread
//! ([`write_inline`]).

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};

use rusqlite::{params, TransactionBehavior};

use super::prepare::{prepare_all, prepare_units, FileEnd, Lookup, Prepared, Ready, Unit};
use super::{
    bundle, check_cancel, name_file, read, skip, Format, ImportOptions, ImportReport, Progress,
    ReadContext, PROGRESS_EVERY,
};
use crate::error::{Error, Result};
use crate::model::Post;
use crate::store::removal::NEW_IMPORT_ID;
use crate::store::writer::{self, Written};
use crate::store::Store;

/// Every [`PROGRESS_EVERY`] posts: stops if the import was cancelled, and reports `now`.
fn tick(opts: &ImportOptions<'_>, since_progress: &mut u64, now: Progress) -> Result<()> {
    if *since_progress >= PROGRESS_EVERY {
        *since_progress = 0;
        check_cancel(opts)?;
        if let Some(progress) = opts.progress {
            progress(now);
        }
    }
    Ok(())
}

/// Records the reader parses itself and hands over at a time; lines of a format read line by
/// line are handed over up to this many bytes at a time (a twarc2 page of 100 tweets is about
/// 40 kB). With [`UNITS_IN_FLIGHT`] per preparer each way, memory stays bounded by a few hundred
/// records.
const UNIT_RECORDS: usize = 16;
const UNIT_BYTES: usize = 64 * 1024;
const UNITS_IN_FLIGHT: usize = 2;

/// The threads that prepare records: one per core, at most four.
fn preparers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4))
}

/// Hands units to the preparers in turn, so that the writer, taking their work back in the same
/// turn, gets it in the order of the file.
struct Dealer {
    preparers: Vec<SyncSender<Unit>>,
    next: usize,
}

impl Dealer {
    /// Fails when the preparer has stopped: a look-up failed, or the writer has gone.
    fn deal(&mut self, unit: Unit) -> std::result::Result<(), ()> {
        let to = &self.preparers[self.next % self.preparers.len()];
        self.next += 1;
        to.send(unit).map_err(|_| ())
    }
}

/// Reads the file on this thread, prepares its records on [`preparers`] others and writes on
/// one more, so that reading, preparing and writing overlap. The writer commits only once the
/// reader has said the file is read to its end; a reader or preparer that fails or is
/// cancelled stops the chain, and the transaction rolls back.
pub(super) fn write_alongside(
    store: &mut Store,
    report: ImportReport,
    started_at: &str,
    input: &mut bundle::Source,
    opts: &ImportOptions<'_>,
) -> Result<ImportReport> {
    let format = report.format;
    let origin = report.path.clone();
    let keep_from = opts.keep_from;
    let workspace = store.path().map(Path::to_path_buf);
    let conn = store.conn_mut();
    let n = preparers();
    let (to_preparers, from_reader): (Vec<_>, Vec<_>) = (0..n)
        .map(|_| sync_channel::<Unit>(UNITS_IN_FLIGHT))
        .unzip();
    let (to_writer, from_preparers): (Vec<_>, Vec<_>) = (0..n)
        .map(|_| sync_channel::<Ready>(UNITS_IN_FLIGHT))
        .unzip();
    // The writer says when it holds the write lock: the look-ups start from there.
    let (locked, wait_for_lock) = sync_channel::<()>(1);
    let posts_read = AtomicU64::new(0);
    let mut downstream_gone = false;
    let (read, prepared, written) = std::thread::scope(|scope| {
        let writing = scope.spawn(move || -> Result<ImportReport> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut writing = Writing::begin(&tx, report, started_at, keep_from)?;
            // The reader may already have stopped; then the next receive says so.
            let _ = locked.send(());
            for turn in 0.. {
                match from_preparers[turn % from_preparers.len()].recv() {
                    Ok(Ready::Records(records)) => {
                        for (line, prepared) in records {
                            writing.record(line, prepared)?;
                        }
                    }
                    Ok(Ready::End(end)) => {
                        let report = writing.finish(end, opts)?;
                        tx.commit()?;
                        return Ok(report);
                    }
                    // The reader or a preparer stopped; its error says why.
                    Err(_) => break,
                }
            }
            Err(Error::Cancelled)
        });

        let mut preparing = Vec::new();
        let read = (|| -> Result<()> {
            if wait_for_lock.recv().is_err() {
                downstream_gone = true;
                return Err(Error::Internal("the import's writer stopped".into()));
            }
            for (units, ready) in from_reader.into_iter().zip(to_writer) {
                let lookup = workspace.as_deref().map(Lookup::open).transpose()?;
                let posts = &posts_read;
                preparing.push(scope.spawn(move || prepare_units(units, ready, lookup, posts)));
            }
            let mut dealer = Dealer {
                preparers: to_preparers,
                next: 0,
            };
            let mut deal = |unit| {
                dealer.deal(unit).map_err(|()| {
                    downstream_gone = true;
                    Error::Internal("the import stopped".into())
                })
            };
            let bytes_total = input.len();
            let bytes_read = input.counter();
            let (mut reported, mut since_progress) = (0u64, 0u64);
            let mut tick = || {
                let now = posts_read.load(Ordering::Relaxed);
                since_progress += now - reported;
                reported = now;
                let now = Progress {
                    bytes_read: bytes_read.get(),
                    bytes_total,
                    posts_read: now,
                };
                tick(opts, &mut since_progress, now)
            };
            if let Some(parse) = format.line_parser() {
                let (mut lines, mut bytes) = (Vec::new(), 0);
                read::each_json_text(input.stream()?, |line, text| {
                    bytes += text.as_ref().map_or(0, |t| t.len());
                    lines.push((line, text.map(str::to_owned)));
                    if bytes >= UNIT_BYTES {
                        bytes = 0;
                        deal(Unit::Lines(std::mem::take(&mut lines), parse))?;
                        tick()?;
                    }
                    Ok(())
                })
                .map_err(|e| name_file(&origin, e))?;
                deal(Unit::Lines(lines, parse))?;
            } else {
                let conn = rusqlite::Connection::open_in_memory()?;
                let cx = ReadContext {
                    conn: &conn,
                    csv_map: &[],
                    tz: chrono_tz::UTC,
                };
                let mut records = Vec::with_capacity(UNIT_RECORDS);
                format
                    .read(input, &cx, &mut |line, parsed| {
                        records.push((line, parsed));
                        if records.len() >= UNIT_RECORDS {
                            let full =
                                std::mem::replace(&mut records, Vec::with_capacity(UNIT_RECORDS));
                            deal(Unit::Records(full))?;
                            tick()?;
                        }
                        Ok(())
                    })
                    .map_err(|e| name_file(&origin, e))?;
                deal(Unit::Records(records))?;
            }
            deal(Unit::End(file_end(input)?))
        })();
        // Whatever stopped the reader, the preparers' units end here, and then the writer's.
        let prepared: Vec<Result<()>> = preparing
            .into_iter()
            .map(|p| p.join().expect("an import's preparer panicked"))
            .collect();
        let written = writing.join().expect("the import's writer panicked");
        (read, prepared, written)
    });
    match written {
        Ok(report) => Ok(report),
        Err(written) => match prepared.into_iter().find_map(Result::err) {
            Some(failed) => Err(failed),
            None => match read {
                Err(e) if !downstream_gone => Err(e),
                _ => Err(written),
            },
        },
    }
}

/// What the writer needs to know once `input` has been read to its end.
fn file_end(input: &mut bundle::Source) -> Result<FileEnd> {
    Ok(FileEnd {
        damage: input.damage().take(),
        single_file: matches!(input, bundle::Source::File(_)),
        sha256: input.finish_hash()?,
    })
}

/// Reads and writes on this thread: for formats whose reader consults the workspace.
pub(super) fn write_inline(
    store: &mut Store,
    report: ImportReport,
    started_at: &str,
    input: &mut bundle::Source,
    opts: &ImportOptions<'_>,
    csv_map: &[(String, String)],
) -> Result<ImportReport> {
    let format = report.format;
    let bytes_total = input.len();
    let bytes_read = input.counter();
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let origin = report.path.clone();
    let mut writing = Writing::begin(&tx, report, started_at, opts.keep_from)?;
    let mut since_progress = 0u64;
    let cx = ReadContext {
        conn: &tx,
        csv_map,
        tz: crate::store::settings::timezone(&tx)?,
    };
    format
        .read(input, &cx, &mut |line, parsed| {
            let before = writing.report.read;
            let prepared = prepare_all(parsed, &|post| writing.writer.is_known(post))?;
            writing.record(line, prepared)?;
            since_progress += writing.report.read - before;
            let now = Progress {
                bytes_read: bytes_read.get(),
                bytes_total,
                posts_read: writing.report.read,
            };
            tick(opts, &mut since_progress, now)
        })
        .map_err(|e| name_file(&origin, e))?;
    let report = writing.finish(file_end(input)?, opts)?;
    tx.commit()?;
    Ok(report)
}

/// The years a post's time may fall in: social media began in the 1990s, and a time past 2099
/// is a placeholder (`9999-12-31`) or a misread, which would otherwise become the topic's
/// latest data and so its default period.
const EARLIEST_YEAR: i32 = 1990;
const LATEST_YEAR: i32 = 2100;

/// How far past the import's start a post's time may be: time zones span 26 hours, so a
/// local time read as UTC can be up to 14 hours ahead; a day more is a wrong clock or a typo,
/// which would otherwise sit past every period the user looks at.
const FUTURE_SLACK: i64 = 86_400;

fn plausible(time: chrono::DateTime<chrono::Utc>) -> bool {
    use chrono::Datelike;
    (EARLIEST_YEAR..LATEST_YEAR).contains(&time.year())
}

/// The writing half of an import, inside its transaction: each record written and counted, then
/// the kept matches caught up and the import's row completed.
struct Writing<'t, 'c> {
    tx: &'t rusqlite::Transaction<'c>,
    writer: writer::Writer<'t, 'c>,
    import_id: i64,
    report: ImportReport,
    /// Posts before this instant are left out ([`ImportOptions::keep_from`]).
    keep_from: Option<i64>,
    /// Posts after this instant are skipped as misdated: a day past the import's start, so
    /// that a time read in the wrong zone still passes ([`FUTURE_SLACK`]).
    latest: i64,
}

impl<'t, 'c> Writing<'t, 'c> {
    fn begin(
        tx: &'t rusqlite::Transaction<'c>,
        report: ImportReport,
        started_at: &str,
        keep_from: Option<i64>,
    ) -> Result<Self> {
        tx.execute(
            &format!(
                "INSERT INTO imports (id, path, format, status, started_at)
                 VALUES ({NEW_IMPORT_ID}, ?1, ?2, 'done', ?3)"
            ),
            params![report.path, report.format.as_str(), started_at],
        )?;
        let import_id = tx.last_insert_rowid();
        Ok(Writing {
            tx,
            writer: writer::Writer::new(tx, import_id)?,
            import_id,
            report,
            keep_from,
            latest: chrono::Utc::now().timestamp() + FUTURE_SLACK,
        })
    }

    fn record(&mut self, line: u64, prepared: Result<Vec<Prepared>, String>) -> Result<()> {
        let records = match prepared {
            Ok(records) => records,
            Err(reason) => {
                skip(&mut self.report, line, reason);
                return Ok(());
            }
        };
        for record in records {
            match record {
                Prepared::Author(author) => {
                    self.writer.author(&author)?;
                }
                Prepared::Known {
                    stored,
                    local,
                    counts,
                } => {
                    self.report.read += 1;
                    self.report.duplicates += 1;
                    let local = local.as_ref().map(|(p, l)| (*p, l.as_str()));
                    self.writer.brought_again(stored, local, counts)?;
                }
                Prepared::Private => self.report.private += 1,
                Prepared::Broken(reason) => skip(&mut self.report, line, reason),
                Prepared::Post(post, _) if !plausible(post.created_at) => {
                    let reason = format!(
                        "{}a time no post can have ({}); a post's time must fall between \
                         {EARLIEST_YEAR} and {}",
                        self.which(&post),
                        post.created_at.format("%Y-%m-%d %H:%M:%S"),
                        LATEST_YEAR - 1
                    );
                    skip(&mut self.report, line, reason)
                }
                Prepared::Post(post, _) if post.created_at.timestamp() > self.latest => {
                    let reason = format!(
                        "{}dated {}, after today: a wrong clock or a mistyped date",
                        self.which(&post),
                        post.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
                    );
                    skip(&mut self.report, line, reason)
                }
                Prepared::Post(post, _)
                    if self
                        .keep_from
                        .is_some_and(|from| post.created_at.timestamp() < from) =>
                {
                    self.report.expired += 1
                }
                Prepared::Post(post, sentiment) => {
                    self.report.read += 1;
                    match self.writer.insert(&post, Some(sentiment))? {
                        Written::New => self.report.imported += 1,
                        Written::Duplicate => self.report.duplicates += 1,
                    }
                }
            }
        }
        Ok(())
    }

    /// How a skipped post is named: a page of many posts on a line names which; a CSV's line
    /// is its row.
    fn which(&self, post: &Post) -> String {
        match self.report.format {
            Format::Csv | Format::Crowdtangle => String::new(),
            _ => format!("post {}: ", post.native_id),
        }
    }

    fn finish(self, end: FileEnd, opts: &ImportOptions<'_>) -> Result<ImportReport> {
        let Writing {
            tx,
            writer,
            import_id,
            mut report,
            ..
        } = self;
        let FileEnd {
            damage,
            single_file,
            sha256,
        } = end;
        for note in damage {
            if note.at_start && single_file {
                return Err(Error::corrupt(format!("{}: {}", report.path, note.reason)));
            }
            match report.errors.last_mut() {
                // The record the damage cut short was skipped on its line already: one record
                // lost, reported once, with why.
                Some(cut) if cut.line == note.line => {
                    cut.reason = format!("{}; {}", cut.reason, note.reason)
                }
                _ => skip(&mut report, note.line, note.reason),
            }
        }
        check_cancel(opts)?;
        report.profiles = writer.profiles();
        // The new posts' full-text entries, pairs by author and by time, and coverage counts.
        writer.finish()?;
        // Saved topics and the problem categories see the new posts in the same commit.
        crate::topics::matches::catch_up(tx)?;
        crate::topics::categories::catch_up(tx)?;
        tx.execute(
            "UPDATE imports SET sha256 = ?2, finished_at = ?3, records_read = ?4, imported = ?5,
                 duplicates = ?6, skipped = ?7, errors = ?8, status = ?9 WHERE id = ?1",
            params![
                import_id,
                sha256,
                crate::time::rfc3339(chrono::Utc::now().timestamp()),
                report.read as i64,
                report.imported as i64,
                report.duplicates as i64,
                report.skipped as i64,
                serde_json::to_string(&report.errors).expect("errors serialise"),
                if report.unreadable() {
                    "failed"
                } else {
                    "done"
                },
            ],
        )?;
        Ok(report)
    }
}
