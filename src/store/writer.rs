//! Writing normalised records into the store inside an import's transaction.

use rusqlite::{params, Transaction};
use rustc_hash::FxHashMap;

use super::authors::{self, merge_into};
use super::{recount, sightings};
use crate::error::Result;
use crate::model::{Author, Counts, Platform, Post};

/// Whether a write added something new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    New,
    Duplicate,
}

/// Writes records inside a transaction (an import's), remembering what it has written so that
/// the work repeated across records is done once: an author seen on every page of a file is
/// written when first seen, and what later records say of them (a newer follower count) is
/// merged in memory and written once, in [`Writer::finish`]. A known post is found before its
/// sentiment is scored.
///
/// The posts it adds get their full-text entries, their pairs of author and post and of time and
/// post (in key order, migrations 0011 and 0012) and their platform's coverage count in
/// [`Writer::finish`], a statement each
/// for all of them (migration 0007 says why not a trigger a row): call it before the transaction
/// commits. What it remembers is only ever what this
/// transaction wrote or read, so it is dropped with the transaction and never outlives a rollback.
///
/// A large import into a smaller workspace builds the posts' secondary indexes in bulk: once it
/// has added more posts than the workspace held (and at least [`BULK_POSTS`]), it drops them, and
/// [`Writer::finish`] creates them again from their stored definitions. Their one index now
/// (`posts_facts`) is keyed by id first, so each new entry lands at its end; creating it in bulk
/// from sorted keys still costs less than an entry per insert (1,000,000 tweets into an empty
/// workspace: 13.9 s against 15.7 s, medians of three alternating runs, and 229 MiB at most
/// against 202). It all happens inside the transaction, so a rollback brings the index back
/// with everything else.
pub struct Writer<'t, 'c> {
    tx: &'t Transaction<'c>,
    /// platform → native id → the author's row id. Two ids may name one row: a handle in a
    /// CSV and the platform's id in an API's file (see `store::authors`).
    authors: FxHashMap<Platform, FxHashMap<String, i64>>,
    /// row id → the fields as they are to be stored, and whether those differ from the row
    /// (written by [`Writer::finish`]).
    known: FxHashMap<i64, KnownAuthor>,
    /// The largest post id before this writer: every post it adds has a larger one.
    last_post_before: i64,
    /// Posts the workspace held before this writer, and posts it has added.
    posts_before: i64,
    added: i64,
    /// See [`Writer::profiles`].
    profiles: u64,
    /// The import whose records these are, whose follower counts are kept as its own.
    import: i64,
    /// The definitions of the indexes dropped for a bulk build, to create in `finish`.
    dropped_indexes: Option<Vec<String>>,
    /// Posts stored before this import that it brought again, not yet recorded
    /// ([`super::sightings`]).
    brought_again: Vec<i64>,
    /// Posts stored before this import whose counts it raised ([`super::recount`]).
    recounted: Vec<i64>,
}

/// The fewest posts an import adds before it builds the posts' indexes in bulk.
pub const BULK_POSTS: i64 = 50_000;

/// An import that brings new follower counts for at least one in this many of the workspace's
/// authors writes them into the kept matches in one pass over all of them, not author by author.
/// A row rewritten through an author's index costs about six times a row visited in key order
/// (1.5M kept matches: 6.9 s and 1.2 s), so the pass is the cheaper once a sixth of the matches
/// or more are the changed authors'.
const ONE_PASS_SHARE: i64 = 8;

impl<'t, 'c> Writer<'t, 'c> {
    pub fn new(tx: &'t Transaction<'c>, import: i64) -> Result<Self> {
        let last_post_before =
            tx.query_row("SELECT coalesce(max(id), 0) FROM posts", [], |r| r.get(0))?;
        let posts_before = tx.query_row(
            "SELECT coalesce(sum(posts), 0) FROM platform_coverage",
            [],
            |r| r.get(0),
        )?;
        Ok(Writer {
            tx,
            authors: FxHashMap::default(),
            known: FxHashMap::default(),
            last_post_before,
            posts_before,
            added: 0,
            profiles: 0,
            import,
            dropped_indexes: None,
            brought_again: Vec::new(),
            recounted: Vec::new(),
        })
    }

    /// Drops the posts' secondary indexes (not the unique one that finds duplicates), keeping
    /// their definitions.
    fn drop_indexes(&mut self) -> Result<()> {
        let definitions = self
            .tx
            .prepare(
                "SELECT name, sql FROM sqlite_schema
                 WHERE type = 'index' AND tbl_name = 'posts' AND sql IS NOT NULL",
            )?
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (name, _) in &definitions {
            // Index names come from the schema, never from input.
            self.tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
        }
        self.dropped_indexes = Some(definitions.into_iter().map(|(_, sql)| sql).collect());
        Ok(())
    }

    /// Writes what records said of authors after their first, and gives the posts written since
    /// [`Writer::new`] their full-text entries, their pairs in `post_authors` and `post_times`
    /// and their coverage counts. Until then they are stored but not found by topic queries, by
    /// author or by time.
    pub fn finish(mut self) -> Result<()> {
        sightings::record(self.tx, self.import, &mut self.brought_again)?;
        recount::refresh_matches(self.tx, &self.recounted)?;
        if let Some(definitions) = &self.dropped_indexes {
            super::cache::while_sorting(self.tx, || {
                for definition in definitions {
                    self.tx.execute_batch(definition)?;
                }
                Ok(())
            })?;
        }
        // In key order: the new pairs pass over each table once (migrations 0011 and 0012).
        // Both come from the covering index by id (`posts_facts`), not from the posts' rows.
        super::cache::while_sorting(self.tx, || {
            self.tx.execute(
                "INSERT INTO post_authors (author, post)
                 SELECT author, id FROM posts WHERE id > ?1 AND author IS NOT NULL
                 ORDER BY author, id",
                [self.last_post_before],
            )?;
            self.tx.execute(
                "INSERT INTO post_times (created_at, post)
                 SELECT created_at, id FROM posts WHERE id > ?1
                 ORDER BY created_at, id",
                [self.last_post_before],
            )?;
            Ok(())
        })?;
        self.write_changed_authors()?;
        for known in self.known.values() {
            if let Some(followers) = known.brought {
                authors::record_count(self.tx, known.id, self.import, followers)?;
            }
        }
        // Rows that a record's handle made twins of others: a bare id given its handle.
        authors::merge_same_handles(
            self.tx,
            self.known
                .values()
                .filter_map(|k| Some((k.author.platform, k.author.handle.as_deref()?))),
        )?;
        self.tx.execute(
            "INSERT INTO posts_fts (rowid, text) SELECT id, text FROM posts WHERE id > ?1",
            [self.last_post_before],
        )?;
        self.tx.execute(
            "INSERT INTO platform_coverage (platform, posts, first, last, replies)
             SELECT platform, count(*), min(created_at), max(created_at),
                    count(*) FILTER (WHERE kind IN ('reply', 'comment') AND parent IS NOT NULL)
             FROM posts WHERE id > ?1 GROUP BY platform
             ON CONFLICT (platform) DO UPDATE SET
                 posts = posts + excluded.posts,
                 first = min(first, excluded.first),
                 last = max(last, excluded.last),
                 replies = replies + excluded.replies",
            [self.last_post_before],
        )?;
        Ok(())
    }

    /// Writes the authors whose details this import changed. When it brings new follower counts
    /// for many of the workspace's authors, their kept matches take them in one pass in key
    /// order, with the trigger that would rewrite them author by author standing aside
    /// (migration 0010).
    fn write_changed_authors(&self) -> Result<()> {
        let changed = || self.known.values().filter(|known| known.changed);
        let new_followers = changed()
            .filter(|known| known.author.followers != known.stored_followers)
            .count() as i64;
        let authors_held: i64 =
            self.tx
                .query_row("SELECT coalesce(max(id), 0) FROM authors", [], |r| r.get(0))?;
        let one_pass = new_followers > 0 && new_followers * ONE_PASS_SHARE >= authors_held;
        if one_pass {
            self.tx
                .execute("INSERT INTO followers_in_one_pass (only) VALUES (1)", [])?;
        }
        for known in changed() {
            authors::update(self.tx, known.id, &known.author)?;
        }
        if one_pass {
            self.tx.execute_batch(
                "UPDATE topic_matches NOT INDEXED
                 SET author_followers = (SELECT followers FROM authors WHERE id = author)
                 WHERE author_followers IS NOT (SELECT followers FROM authors WHERE id = author);
                 DELETE FROM followers_in_one_pass;",
            )?;
        }
        Ok(())
    }

    /// Inserts or refreshes an author; returns its row id. Known values replace unknown ones, and
    /// a follower count is only ever replaced by another known count.
    pub fn author(&mut self, author: &Author) -> Result<i64> {
        self.known_author(author, true)
    }

    /// Accounts the import described (a profile, a post's author with their name or follower
    /// count), each once, as opposed to those its posts only named.
    pub fn profiles(&self) -> u64 {
        self.profiles
    }

    /// The row id of `author`, merging what this import says of them; `described` when the
    /// import gave their profile rather than only their id.
    fn known_author(&mut self, author: &Author, described: bool) -> Result<i64> {
        let ids = self.authors.entry(author.platform).or_default();
        let id = match ids.get(author.native_id.as_str()) {
            Some(&id) => id,
            // An author already stored is written again only if this import changes them,
            // once, by `finish`: a re-import writes no authors.
            None => {
                let (id, stored) = match authors::find(self.tx, author)? {
                    Some(found) => found,
                    None => authors::upsert_author(self.tx, author)?,
                };
                // Another id of this import may have met the row already.
                self.known
                    .entry(id)
                    .or_insert_with(|| KnownAuthor::as_stored(id, stored));
                ids.insert(author.native_id.clone(), id);
                id
            }
        };
        let known = self.known.get_mut(&id).expect("every id met is known");
        known.changed |= merge_into(&mut known.author, author);
        if let Some(f) = author.followers {
            known.brought = Some(known.brought.map_or(f, |b| b.max(f)));
        }
        if described && !known.described {
            known.described = true;
            self.profiles += 1;
        }
        Ok(id)
    }

    /// The row id of a post's author, creating a bare row when unseen.
    fn author_row(&mut self, post: &Post) -> Result<Option<i64>> {
        let Some(native_id) = &post.author_id else {
            return Ok(None);
        };
        let seen = self.authors.get(&post.platform);
        if let Some(&id) = seen.and_then(|seen| seen.get(native_id.as_str())) {
            return Ok(Some(id));
        }
        let bare = Author {
            platform: post.platform,
            native_id: native_id.clone(),
            handle: None,
            name: None,
            followers: None,
            verified: None,
        };
        self.known_author(&bare, false).map(Some)
    }

    /// The row id of the stored post that `post` is, if there is one ([`super::posts::known`]).
    pub fn is_known(&self, post: &Post) -> Result<Option<crate::store::posts::Stored>> {
        super::posts::known(self.tx, post)
    }

    /// Notes that this import brought the stored post `id` again: if an earlier import added
    /// it, it stays when that import is removed ([`super::sightings`]); a post this import
    /// added itself (a file that holds it twice) needs no note. `local_id` is the id the server
    /// it came from gave it, by which it is known there too (migration 0021). `counts` raise
    /// the stored ones they exceed ([`super::recount`]).
    pub fn brought_again(
        &mut self,
        id: i64,
        local_id: Option<(Platform, &str)>,
        counts: Counts,
    ) -> Result<()> {
        if let Some((platform, local_id)) = local_id {
            insert_local_id(self.tx, platform, local_id, id)?;
        }
        let raised = recount::raise(self.tx, id, &counts)?;
        if id > self.last_post_before {
            // Its kept matches are made when the import finishes, from the raised counts.
            return Ok(());
        }
        if raised {
            self.recounted.push(id);
        }
        self.brought_again.push(id);
        if self.brought_again.len() >= sightings::CHUNK {
            sightings::record(self.tx, self.import, &mut self.brought_again)?;
            self.brought_again.clear();
        }
        Ok(())
    }

    /// Inserts a post with the sentiment given, as the writer's import's, unless one with the
    /// same (platform, native id) is already stored.
    pub fn insert(&mut self, post: &Post, sentiment: Option<f64>) -> Result<Written> {
        let author = self.author_row(post)?;
        let written = insert_post(self.tx, post, author, sentiment, self.import)?;
        if written == Written::Duplicate {
            // Not found before it was prepared: a repeat within the file, or a workspace the
            // preparers could not look in.
            if let Some((stored, had)) = self.is_known(post)? {
                let local_id = post.local_id.as_deref().map(|l| (post.platform, l));
                self.brought_again(stored, local_id, post.counts().beyond(&had))?;
            }
        }
        if written == Written::New {
            self.added += 1;
            if self.dropped_indexes.is_none()
                && self.added >= BULK_POSTS
                && self.added > self.posts_before
            {
                self.drop_indexes()?;
            }
        }
        Ok(written)
    }
}

/// An author a [`Writer`] has written or read.
struct KnownAuthor {
    id: i64,
    author: Author,
    /// Whether `author` differs from the row, and the follower count the row holds.
    changed: bool,
    stored_followers: Option<i64>,
    /// Whether the import described them (see [`Writer::profiles`]).
    described: bool,
    /// The largest follower count this import's records gave.
    brought: Option<i64>,
}

impl KnownAuthor {
    /// An author as its row holds them, before this import says anything of them.
    fn as_stored(id: i64, stored: Author) -> KnownAuthor {
        KnownAuthor {
            id,
            stored_followers: stored.followers,
            author: stored,
            changed: false,
            described: false,
            brought: None,
        }
    }
}

/// Inserts a post unless one with the same (platform, native id) is already stored.
fn insert_post(
    tx: &Transaction<'_>,
    post: &Post,
    author: Option<i64>,
    sentiment: Option<f64>,
    import_id: i64,
) -> Result<Written> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO posts (platform, native_id, author, created_at, text, lang, url, kind, parent,
                            likes, shares, replies, quotes, views, followers_at_post, sentiment,
                            import_id, raw, reported_engagement)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?19)
         ON CONFLICT (platform, native_id) DO NOTHING",
    )?;
    let changed = stmt.execute(params![
        post.platform.as_str(),
        post.native_id,
        author,
        post.created_at.timestamp(),
        post.text,
        post.lang,
        post.url,
        post.kind.as_str(),
        post.parent,
        post.likes,
        post.shares,
        post.replies,
        post.quotes,
        post.views,
        post.followers_at_post,
        sentiment,
        import_id,
        post.raw,
        post.reported_engagement,
    ])?;
    if changed == 0 {
        return Ok(Written::Duplicate);
    }
    if let Some(local_id) = &post.local_id {
        insert_local_id(tx, post.platform, local_id, tx.last_insert_rowid())?;
    }
    Ok(Written::New)
}

/// Records that `post` is known as `local_id` on its platform (the first post so named keeps
/// the name).
fn insert_local_id(
    tx: &Transaction<'_>,
    platform: Platform,
    local_id: &str,
    post: i64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO local_ids (platform, local_id, post) VALUES (?1, ?2, ?3)
         ON CONFLICT DO NOTHING",
    )?
    .execute(params![platform.as_str(), local_id, post])?;
    Ok(())
}
