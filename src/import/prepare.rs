//! The middle of an import: records made ready for the writer. A post the workspace already
//! held is told apart here, as a duplicate that never reaches the writer, and a new one gets its
//! VADER score; a format read line by line has its lines parsed here too. This is the work that
//! runs on several threads beside the writer ([`pipeline`](super::pipeline)).

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};

use rusqlite::OpenFlags;

use super::{guard, LineParser};
use crate::error::Result;
use crate::model::{Author, Counts, Platform, Post, Record};
use crate::store::posts::Total;

/// A record as the reading half hands it to the writing half.
pub(super) enum Prepared {
    Author(Author),
    /// A post the workspace held when the import began, by its row id: a duplicate, nothing
    /// to write but that the import brought it again, the id the server it came from gave it,
    /// if any ([`crate::model::Post::local_id`]), and the counts this copy gives.
    Known {
        stored: i64,
        local: Option<(Platform, String)>,
        counts: Counts,
    },
    /// A post left out because it was not public.
    Private,
    /// A broken record of the line, and why.
    Broken(String),
    /// A post to write, with its sentiment (it may still turn out to be a duplicate of an
    /// earlier record of the same import).
    Post(Box<Post>, f64),
}

/// What one line or record of the file became: its records, or why it is broken.
pub(super) type Line<T> = (u64, Result<T, String>);

/// Looks posts up in the workspace as the import's transaction found it.
pub(super) struct Lookup {
    conn: rusqlite::Connection,
}

impl Lookup {
    /// A read-only connection to the workspace at `path`, its snapshot taken now: call it only
    /// once the writer holds the write lock.
    pub(super) fn open(path: &Path) -> Result<Lookup> {
        let conn = rusqlite::Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.execute_batch("BEGIN; SELECT 1 FROM posts LIMIT 1;")?;
        Ok(Lookup { conn })
    }

    /// The stored post that `post` is, with its counts ([`crate::store::posts::known`]).
    fn knows_post(&self, post: &Post) -> Result<Option<crate::store::posts::Stored>> {
        crate::store::posts::known(&self.conn, post)
    }

    /// The stored post of this platform and native id, with its counts, for a reader that asks
    /// before it builds the post ([`super::Known`]): a total given in place of the counts is
    /// no tweet's, and is left unread (it is stored after the record kept whole).
    fn knows(
        &self,
        platform: Platform,
        native_id: &str,
    ) -> Result<Option<crate::store::posts::Stored>> {
        crate::store::posts::known_by_id(&self.conn, platform, native_id, Total::Unread)
    }
}

/// Turns a line's records into what the writer needs: the posts `knows` finds become
/// [`Prepared::Known`], the others get their sentiment. (Without a look-up, as for an in-memory
/// workspace, `knows` finds nothing and the writer tells the duplicates.)
pub(super) fn prepare_all(
    parsed: Result<Vec<Record>, String>,
    knows: &dyn Fn(&Post) -> Result<Option<crate::store::posts::Stored>>,
) -> Result<Result<Vec<Prepared>, String>> {
    let records = match parsed {
        Ok(records) => records,
        Err(reason) => return Ok(Err(reason)),
    };
    let mut prepared = Vec::with_capacity(records.len());
    for record in records {
        prepared.push(match record {
            Record::Author(author) => Prepared::Author(author),
            Record::Known(stored, counts) => Prepared::Known {
                stored,
                local: None,
                counts,
            },
            Record::Private => Prepared::Private,
            Record::Broken(reason) => Prepared::Broken(reason),
            Record::Post(post) => match knows(&post)? {
                Some((stored, had)) => Prepared::Known {
                    stored,
                    counts: post.counts().beyond(&had),
                    local: post.local_id.map(|l| (post.platform, l)),
                },
                None => {
                    let sentiment = crate::sentiment::polarity_scores(&post.text).compound;
                    Prepared::Post(post, sentiment)
                }
            },
        });
    }
    Ok(Ok(prepared))
}

/// The file was read to its end: the damage found on the way and the file's hash. Only once
/// the writer has this may it commit.
pub(super) struct FileEnd {
    pub damage: Vec<guard::Note>,
    pub single_file: bool,
    pub sha256: String,
}

/// A share of the file the reader hands one preparer.
pub(super) enum Unit {
    /// Lines of a format read line by line, still to be parsed (with `parse`).
    Lines(Vec<Line<String>>, LineParser),
    /// Records the reader parsed itself.
    Records(Vec<Line<Vec<Record>>>),
    /// The file was read to its end: passed on as it is, after everything before it.
    End(FileEnd),
}

/// What a preparer hands the writer, in the order its units came.
pub(super) enum Ready {
    Records(Vec<Line<Vec<Prepared>>>),
    End(FileEnd),
}

/// One preparer: takes units in order, prepares them with its own look-up, and passes them on
/// in the same order, adding the posts it saw to `posts`. Stops when its units end or when the
/// writer has gone (the writer's error says why); fails only on a failed look-up.
pub(super) fn prepare_units(
    units: Receiver<Unit>,
    ready: SyncSender<Ready>,
    lookup: Option<Lookup>,
    posts: &AtomicU64,
) -> Result<()> {
    let knows = |platform: Platform, native_id: &str| match &lookup {
        Some(lookup) => lookup.knows(platform, native_id),
        None => Ok(None),
    };
    let counted = |line: u64, prepared: Result<Vec<Prepared>, String>| {
        if let Ok(records) = &prepared {
            let read = records
                .iter()
                .filter(|r| !matches!(r, Prepared::Author(_)))
                .count();
            posts.fetch_add(read as u64, Ordering::Relaxed);
        }
        (line, prepared)
    };
    for unit in units {
        let out = match unit {
            Unit::Lines(lines, parse) => {
                let mut prepared = Vec::with_capacity(lines.len());
                for (line, text) in lines {
                    // The parser asks before it builds a post, so the posts it yields are new.
                    let mut failed = None;
                    let parsed = text.and_then(|text| {
                        super::parse_line(parse, &text, &mut |platform, native_id| {
                            knows(platform, native_id).unwrap_or_else(|e| {
                                failed = Some(e);
                                None
                            })
                        })
                    });
                    if let Some(e) = failed {
                        return Err(e);
                    }
                    prepared.push(counted(line, prepare_all(parsed, &|_| Ok(None))?));
                }
                Ready::Records(prepared)
            }
            Unit::Records(records) => {
                let knows = |post: &Post| match &lookup {
                    Some(lookup) => lookup.knows_post(post),
                    None => Ok(None),
                };
                let mut prepared = Vec::with_capacity(records.len());
                for (line, parsed) in records {
                    prepared.push(counted(line, prepare_all(parsed, &knows)?));
                }
                Ready::Records(prepared)
            }
            Unit::End(end) => Ready::End(end),
        };
        if ready.send(out).is_err() {
            break;
        }
    }
    Ok(())
}
