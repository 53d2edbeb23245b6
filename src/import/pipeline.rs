//! The two halves of an import: reading (parse, normalise, and — for a post — whether the
//! workspace already has it and, when not, its sentiment) and writing, in one transaction.
//!
//! Most formats read on one thread while another writes ([`write_alongside`]): on two cores the
//! reader's parsing, look-ups and VADER overlap the writer's B-tree work. The reader looks posts
//! up in the workspace through its own read-only connection, opened only once the writer holds
//! the write lock, so it sees exactly what the writer started from; a post known then is counted
//! as a duplicate without crossing to the writer, which is what makes a re-import cost little
//! more than reading the file. Formats whose reader consults the workspace read and write on one
//! thread ([`write_inline`]).

use std::path::Path;

use rusqlite::{params, OpenFlags, TransactionBehavior};

use super::{
    bundle, check_cancel, guard, name_file, skip, ImportOptions, ImportReport, Progress,
    ReadContext, PROGRESS_EVERY,
};
use crate::error::{Error, Result};
use crate::model::{Author, Post, Record};
use crate::store::posts::{self, Written};
use crate::store::Store;

/// A record as the reading half hands it to the writing half.
enum Prepared {
    Author(Author),
    /// A post the workspace held when the import began: a duplicate, nothing to write.
    Known,
    /// A post to write, with its sentiment (it may still turn out to be a duplicate of an
    /// earlier record of the same import).
    Post(Box<Post>, f64),
}

/// Looks posts up in the workspace as the import's transaction found it.
struct Lookup {
    conn: rusqlite::Connection,
}

impl Lookup {
    /// A read-only connection to the workspace at `path`, its snapshot taken now: call it only
    /// once the writer holds the write lock.
    fn open(path: &Path) -> Result<Lookup> {
        let conn = rusqlite::Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.execute_batch("BEGIN; SELECT 1 FROM posts LIMIT 1;")?;
        Ok(Lookup { conn })
    }

    fn knows(&self, post: &Post) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM posts WHERE platform = ?1 AND native_id = ?2")?
            .exists(params![post.platform.as_str(), post.native_id])?)
    }
}

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

/// Turns a line's records into what the writer needs: the posts `knows` finds become
/// [`Prepared::Known`], the others get their sentiment. (Without a look-up, as for an in-memory
/// workspace, `knows` finds nothing and the writer tells the duplicates.)
fn prepare_all(
    parsed: Result<Vec<Record>, String>,
    knows: &dyn Fn(&Post) -> Result<bool>,
) -> Result<Result<Vec<Prepared>, String>> {
    let records = match parsed {
        Ok(records) => records,
        Err(reason) => return Ok(Err(reason)),
    };
    let mut prepared = Vec::with_capacity(records.len());
    for record in records {
        prepared.push(match record {
            Record::Author(author) => Prepared::Author(author),
            Record::Post(post) if knows(&post)? => Prepared::Known,
            Record::Post(post) => {
                let sentiment = crate::sentiment::polarity_scores(&post.text).compound;
                Prepared::Post(post, sentiment)
            }
        });
    }
    Ok(Ok(prepared))
}

/// What the reading half of an import hands the writing half.
enum Batch {
    /// Records with the line they were read at, or why that line is broken.
    Records(Vec<(u64, Result<Vec<Prepared>, String>)>),
    /// The whole file was read: the damage found on the way and the file's hash. Only now may
    /// the writer commit.
    End {
        damage: Vec<guard::Note>,
        single_file: bool,
        sha256: String,
    },
}

/// Records the reader hands over at a time, and batches in flight: memory stays bounded by a
/// few hundred records.
const BATCH_RECORDS: usize = 16;
const BATCHES_IN_FLIGHT: usize = 4;

/// Reads the file on this thread and writes on another, so that reading one batch overlaps with
/// writing the one before. The writer commits only once the reader has said the file is read to
/// its end; a reader that fails or is cancelled drops the channel, and the transaction rolls
/// back.
pub(super) fn write_alongside(
    store: &mut Store,
    report: ImportReport,
    started_at: &str,
    input: &mut bundle::Source,
    opts: &ImportOptions<'_>,
) -> Result<ImportReport> {
    let format = report.format;
    let origin = report.path.clone();
    let workspace = store.path().map(Path::to_path_buf);
    let conn = store.conn_mut();
    let (send, receive) = std::sync::mpsc::sync_channel::<Batch>(BATCHES_IN_FLIGHT);
    // The writer says when it holds the write lock: the reader's look-ups start from there.
    let (locked, wait_for_lock) = std::sync::mpsc::sync_channel::<()>(1);
    let mut writer_gone = false;
    let (read, written) = std::thread::scope(|scope| {
        let writing = scope.spawn(move || -> Result<ImportReport> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut writing = Writing::begin(&tx, report, started_at)?;
            // The reader may already have stopped; then the next receive says so.
            let _ = locked.send(());
            loop {
                match receive.recv() {
                    Ok(Batch::Records(records)) => {
                        for (line, parsed) in records {
                            writing.record(line, parsed)?;
                        }
                    }
                    Ok(Batch::End {
                        damage,
                        single_file,
                        sha256,
                    }) => {
                        let report = writing.finish(damage, single_file, &sha256, opts)?;
                        tx.commit()?;
                        return Ok(report);
                    }
                    // The reader stopped; its error says why.
                    Err(_) => return Err(Error::Cancelled),
                }
            }
        });

        let read = (|| -> Result<()> {
            if wait_for_lock.recv().is_err() {
                writer_gone = true;
                return Err(Error::Internal("the import's writer stopped".into()));
            }
            let lookup = workspace.as_deref().map(Lookup::open).transpose()?;
            let bytes_total = input.len();
            let bytes_read = input.counter();
            let conn = rusqlite::Connection::open_in_memory()?;
            let cx = ReadContext {
                conn: &conn,
                csv_map: &[],
            };
            let mut batch = Vec::with_capacity(BATCH_RECORDS);
            let (mut posts_read, mut since_progress) = (0u64, 0u64);
            let mut send_batch = |batch: Batch| {
                send.send(batch).map_err(|_| {
                    writer_gone = true;
                    Error::Internal("the import's writer stopped".into())
                })
            };
            let knows = |post: &Post| match &lookup {
                Some(lookup) => lookup.knows(post),
                None => Ok(false),
            };
            format
                .read(input, &cx, &mut |line, parsed| {
                    let prepared = prepare_all(parsed, &knows)?;
                    if let Ok(records) = &prepared {
                        let posts = records
                            .iter()
                            .filter(|r| !matches!(r, Prepared::Author(_)))
                            .count() as u64;
                        posts_read += posts;
                        since_progress += posts;
                    }
                    batch.push((line, prepared));
                    if batch.len() >= BATCH_RECORDS {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_RECORDS));
                        send_batch(Batch::Records(full))?;
                    }
                    let now = Progress {
                        bytes_read: bytes_read.get(),
                        bytes_total,
                        posts_read,
                    };
                    tick(opts, &mut since_progress, now)
                })
                .map_err(|e| name_file(&origin, e))?;
            send_batch(Batch::Records(batch))?;
            let damage = input.damage().take();
            let single_file = matches!(input, bundle::Source::File(_));
            let sha256 = input.finish_hash()?;
            send_batch(Batch::End {
                damage,
                single_file,
                sha256,
            })
        })();
        drop(send);
        let written = writing.join().expect("the import's writer panicked");
        (read, written)
    });
    match (read, written) {
        (Err(e), Err(_)) if !writer_gone => Err(e),
        (_, written) => written,
    }
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
    let mut writing = Writing::begin(&tx, report, started_at)?;
    let mut since_progress = 0u64;
    let cx = ReadContext { conn: &tx, csv_map };
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
    let damage = input.damage().take();
    let single_file = matches!(input, bundle::Source::File(_));
    let sha256 = input.finish_hash()?;
    let report = writing.finish(damage, single_file, &sha256, opts)?;
    tx.commit()?;
    Ok(report)
}

/// The writing half of an import, inside its transaction: each record written and counted, then
/// the kept matches caught up and the import's row completed.
struct Writing<'t, 'c> {
    tx: &'t rusqlite::Transaction<'c>,
    writer: posts::Writer<'t, 'c>,
    import_id: i64,
    report: ImportReport,
}

impl<'t, 'c> Writing<'t, 'c> {
    fn begin(
        tx: &'t rusqlite::Transaction<'c>,
        report: ImportReport,
        started_at: &str,
    ) -> Result<Self> {
        tx.execute(
            "INSERT INTO imports (path, format, status, started_at) VALUES (?1, ?2, 'done', ?3)",
            params![report.path, report.format.as_str(), started_at],
        )?;
        let import_id = tx.last_insert_rowid();
        Ok(Writing {
            tx,
            writer: posts::Writer::new(tx)?,
            import_id,
            report,
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
                Prepared::Known => {
                    self.report.read += 1;
                    self.report.duplicates += 1;
                }
                Prepared::Post(post, sentiment) => {
                    self.report.read += 1;
                    match self.writer.insert(&post, Some(sentiment), self.import_id)? {
                        Written::New => self.report.imported += 1,
                        Written::Duplicate => self.report.duplicates += 1,
                    }
                }
            }
        }
        Ok(())
    }

    fn finish(
        self,
        damage: Vec<guard::Note>,
        single_file: bool,
        sha256: &str,
        opts: &ImportOptions<'_>,
    ) -> Result<ImportReport> {
        let Writing {
            tx,
            writer,
            import_id,
            mut report,
        } = self;
        for note in damage {
            if note.at_start && single_file {
                return Err(Error::corrupt(format!("{}: {}", report.path, note.reason)));
            }
            skip(&mut report, note.line, note.reason);
        }
        check_cancel(opts)?;
        // The new posts' full-text entries and coverage counts.
        writer.finish()?;
        // Saved topics and the problem categories see the new posts in the same commit.
        crate::topics::matches::catch_up(tx)?;
        crate::topics::categories::catch_up(tx)?;
        tx.execute(
            "UPDATE imports SET sha256 = ?2, finished_at = ?3, records_read = ?4, imported = ?5,
                 duplicates = ?6, skipped = ?7, errors = ?8 WHERE id = ?1",
            params![
                import_id,
                sha256,
                crate::time::rfc3339(chrono::Utc::now().timestamp()),
                report.read as i64,
                report.imported as i64,
                report.duplicates as i64,
                report.skipped as i64,
                serde_json::to_string(&report.errors).expect("errors serialise"),
            ],
        )?;
        Ok(report)
    }
}
