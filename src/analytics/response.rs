//! Has the organisation responded? Its official posts and replies set against the complaints
//! about a topic over a period.
//!
//! - **Own accounts**: the handles of the `own_accounts` setting, compared without `@` and
//!   case. Only they speak for the organisation: the press and parents' groups may be public
//!   accounts, but their posts are not a response.
//! - **Complaint**: a topic's post in the period by anyone else that reports a problem, that is,
//!   is in some category of the [`Taxonomy`] ([`super::problems`]). A routine mention ("checking
//!   grades") is not a complaint.
//! - **Official post**: an own account's post on the topic in the period, or its reply (or
//!   comment) in the thread of one of the period's complaints, whatever the reply says.
//! - **The complaints answered**: the run of complaints before the first official post, going
//!   back from it until a gap of [`QUIET_SECS`] without any complaint. Its first post is *the
//!   first complaint*, and **the response lag** is the time from it to the first official post.
//!   Measuring from the start of that run, not of the period, keeps a month of routine gripes
//!   from inflating the lag of an outage answered the next morning. When no complaint came
//!   before the first official post, the lag is negative: the organisation spoke first. Without
//!   an official post, the run is the last one of the period and the lag is unknown.
//! - **Threads**: a post's thread is the post its chain of reply parents starts from, as far as
//!   the workspace holds the chain (a reply whose parent was not imported starts its thread at
//!   that parent's id). A parent is found by its native id or by the id the server the reply
//!   was collected from gave it (a Mastodon API status names its parent by the instance's own
//!   id, `store` migration 0021). A complaint thread is *answered* when an own account replied
//!   in it.
//!   Reposts start no thread. Threads are measured only on platforms the workspace holds replies
//!   from: where none were imported (a CrowdTangle export, a Reddit submissions dump), a thread
//!   cannot be told from a lone post, so those complaints are listed as unmeasured, not counted
//!   as unanswered.

use rusqlite::OptionalExtension;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::problems::{self, ProblemSet, Taxonomy};
use super::{fmt_int, Mention, Period};
use crate::error::Result;
use crate::model::{Platform, PostKind};
use crate::store::Store;
use crate::time::human_duration;
use crate::topics::Topic;

/// A silence this long between two complaints separates two runs of complaints.
pub const QUIET_SECS: i64 = 12 * 3600;

/// A post by one of the organisation's own accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfficialPost {
    pub id: i64,
    pub platform: Platform,
    /// Unix seconds.
    pub created_at: i64,
    pub handle: String,
    pub text: String,
    pub url: Option<String>,
    /// A reply in a complaint's thread, rather than a post on the topic.
    pub reply: bool,
}

/// Complaint threads on one platform, and how many an own account replied in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Threads {
    pub platform: Platform,
    pub threads: u64,
    pub answered: u64,
}

/// Whether and how fast the organisation responded to the complaints about a topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    pub topic: Topic,
    pub period: Period,
    /// The handles the organisation speaks from; empty when the setting is not set.
    pub own_accounts: Vec<String>,
    /// The period's complaints.
    pub complaints: u64,
    /// Unix seconds of the first complaint of the run answered (see the module docs).
    pub first_complaint: Option<i64>,
    /// Unix seconds of the first official post or reply.
    pub first_response: Option<i64>,
    /// `first_response − first_complaint` in seconds; negative when the organisation spoke
    /// before anyone complained.
    pub lag_secs: Option<i64>,
    /// Every official post and reply of the period, oldest first.
    pub official: Vec<OfficialPost>,
    /// Complaint threads per platform where threads can be measured.
    pub threads: Vec<Threads>,
    /// Answered ÷ complaint threads over [`Response::threads`]; `None` with no such thread.
    pub reply_share: Option<f64>,
    /// Platforms with complaints but no imported replies, whose threads are not measured.
    pub unmeasured: Vec<Platform>,
}

impl Response {
    /// The response in a few sentences, as the dashboard and the briefing both show it;
    /// `speaker` names the organisation ("Riverside Unified", or "The organisation").
    pub fn lines(&self, speaker: &str) -> Vec<String> {
        let at = |t: i64| self.period.local_words(t, "%b");
        if self.own_accounts.is_empty() {
            return vec!["The organisation's own accounts are not set (the own_accounts setting), so no post is counted as an official response.".into()];
        }
        let handles: Vec<String> = self
            .own_accounts
            .iter()
            .map(|h| format!("@{}", h.trim_start_matches('@')))
            .collect();
        let mut out = vec![format!(
            "Official accounts: {}. {} (posts by others reporting a problem) in the period.",
            handles.join(", "),
            super::counted(self.complaints, "complaint", "complaints")
        )];
        out.push(
            match (self.first_complaint, self.first_response, self.lag_secs) {
                (Some(c), Some(o), Some(lag)) if lag >= 0 => format!(
                    "First complaint {}; first official post {}: a response lag of {}.",
                    at(c),
                    at(o),
                    human_duration(lag)
                ),
                (Some(c), Some(o), Some(lag)) => format!(
                    "{speaker} spoke first: an official post {}, {} before the first complaint ({}).",
                    at(o),
                    human_duration(-lag),
                    at(c)
                ),
                (Some(c), _, _) => format!(
                    "No official post or reply in the period; the last run of complaints began {}.",
                    at(c)
                ),
                _ => "No complaint and no official post in the period.".into(),
            },
        );
        let (threads, answered) = self.thread_totals();
        if let Some(share) = self.reply_share {
            let platforms: Vec<&str> = self.threads.iter().map(|t| t.platform.label()).collect();
            out.push(format!(
                "{} of {} complaint threads ({}) got an official reply ({}).",
                fmt_int(answered as f64),
                fmt_int(threads as f64),
                super::share_percent(share),
                platforms.join(", ")
            ));
        }
        if !self.unmeasured.is_empty() {
            let names: Vec<&str> = self.unmeasured.iter().map(|p| p.label()).collect();
            out.push(format!(
                "Replies were not measured on {}: no replies were imported from there, so a thread cannot be told from a lone post.",
                names.join(", ")
            ));
        }
        out
    }

    /// Complaint threads measured, and how many were answered.
    pub fn thread_totals(&self) -> (u64, u64) {
        self.threads
            .iter()
            .fold((0, 0), |(t, a), p| (t + p.threads, a + p.answered))
    }
}

/// One post as this module reads it.
struct Row {
    id: i64,
    platform: Platform,
    created_at: i64,
    handle: Option<String>,
    text: String,
    url: Option<String>,
    /// The first post of its thread, as (platform, native id).
    thread: (Platform, String),
    repost: bool,
}

/// Compares the complaints about `topic` in `period` with the posts of `own_accounts`.
pub fn response(
    store: &Store,
    taxonomy: &Taxonomy,
    topic: &Topic,
    period: &Period,
    own_accounts: &[String],
) -> Result<Response> {
    let (start, end) = period.bounds();
    let mentions = super::mentions(store, topic, start, end)?;
    let ids: Vec<i64> = mentions.iter().map(|m| m.id).collect();
    let categories = problems::categorise(store, taxonomy, &ids)?;
    response_of(store, topic, period, (&mentions, &categories), own_accounts)
}

/// [`response`] from the period's mentions (oldest first) and their categories (in the same
/// order), already read: the briefing reads them once for this and the most reported problems.
pub fn response_of(
    store: &Store,
    topic: &Topic,
    period: &Period,
    (mentions, categories): (&[Mention], &[ProblemSet]),
    own_accounts: &[String],
) -> Result<Response> {
    let (start, end) = period.bounds();
    let own = own_authors(store, own_accounts)?;
    // Threads are told apart only on the platforms the workspace holds replies from; elsewhere
    // it is enough to know that a platform has a complaint that could start one.
    let with_replies = platforms_with_replies(store)?;
    // A large topic's complaints are most of its mentions: they are walked again where they are
    // needed rather than listed.
    let is_own = |m: &Mention| m.author().is_some_and(|a| own.contains(&a));
    let complained = || {
        mentions
            .iter()
            .zip(categories)
            .filter(|(m, set)| !set.is_empty() && !is_own(m))
            .map(|(m, _)| m)
    };
    let own_ids: Vec<i64> = mentions
        .iter()
        .filter(|m| is_own(m))
        .map(|m| m.id)
        .collect();
    let threaded: Vec<i64> = complained()
        .filter(|m| with_replies.contains(&m.platform))
        .map(|m| m.id)
        .collect();
    // Only the posts the response quotes are read whole; of the complaints, their threads.
    let own_rows = read(store, &own_ids)?;
    let complaints = threads(store, &threaded)?;

    // Official posts: on the topic, or replies in a complaint's thread.
    let complaint_threads: FxHashSet<&(Platform, String)> = complaints
        .iter()
        .filter(|c| c.kind != PostKind::Repost)
        .map(|c| &c.thread)
        .collect();
    let own_replies = read(store, &own_replies(store, &own, start, end)?)?;
    let answering: Vec<&Row> = own_replies
        .iter()
        .filter(|r| complaint_threads.contains(&r.thread))
        .collect();
    let answered: FxHashSet<&(Platform, String)> = answering.iter().map(|r| &r.thread).collect();
    let answering_ids: FxHashSet<i64> = answering.iter().map(|r| r.id).collect();
    // Sharing a complaint is not saying anything: a repost is no official post.
    let mut official: Vec<OfficialPost> = own_rows
        .iter()
        .filter(|r| !r.repost && !answering_ids.contains(&r.id))
        .map(|r| official_post(r, false))
        .chain(answering.iter().map(|r| official_post(r, true)))
        .collect();
    official.sort_by_key(|o| (o.created_at, o.id));

    // The run of complaints answered by the first official post.
    let first_response = official.first().map(|o| o.created_at);
    let times = complained().map(|m| m.created_at);
    let first_complaint = first_of_run(times, first_response.unwrap_or(end));

    // Threads, on the platforms that have them.
    let mut per_platform: FxHashMap<Platform, FxHashSet<&(Platform, String)>> =
        FxHashMap::default();
    for thread in &complaint_threads {
        per_platform.entry(thread.0).or_default().insert(thread);
    }
    let elsewhere = complained()
        .filter(|m| !with_replies.contains(&m.platform))
        .map(|m| (m.platform, m.id));
    let mut unmeasured = starting_threads(store, elsewhere)?;
    let mut threads: Vec<Threads> = per_platform
        .into_iter()
        .map(|(platform, ts)| Threads {
            platform,
            threads: ts.len() as u64,
            answered: ts.iter().filter(|t| answered.contains(*t)).count() as u64,
        })
        .collect();
    threads.sort_by_key(|t| (std::cmp::Reverse(t.threads), t.platform.as_str()));
    unmeasured.sort_by_key(|p| p.as_str());
    let mut response = Response {
        topic: topic.clone(),
        period: *period,
        own_accounts: own_accounts.to_vec(),
        complaints: complained().count() as u64,
        first_complaint,
        first_response,
        lag_secs: first_response.zip(first_complaint).map(|(r, c)| r - c),
        official,
        threads,
        reply_share: None,
        unmeasured,
    };
    let (total, replied) = response.thread_totals();
    response.reply_share = (total > 0).then(|| replied as f64 / total as f64);
    Ok(response)
}

/// The first complaint of the run that ends before `until` (complaint times in order): going
/// back from the last complaint before `until` while complaints are less than [`QUIET_SECS`]
/// apart. With no complaint before `until`, or none in the [`QUIET_SECS`] before it (a stray
/// gripe days earlier, then the organisation speaking first), the first complaint after it.
pub fn first_of_run(times: impl IntoIterator<Item = i64>, until: i64) -> Option<i64> {
    let mut times = times.into_iter().peekable();
    let first = times.next()?;
    if first >= until {
        return Some(first);
    }
    let (mut run, mut last) = (first, first);
    while let Some(t) = times.next_if(|&t| t < until) {
        if t - last >= QUIET_SECS {
            run = t;
        }
        last = t;
    }
    match times.peek() {
        Some(&after) if until - last >= QUIET_SECS => Some(after),
        _ => Some(run),
    }
}

fn official_post(r: &Row, reply: bool) -> OfficialPost {
    OfficialPost {
        id: r.id,
        platform: r.platform,
        created_at: r.created_at,
        handle: r.handle.clone().unwrap_or_default(),
        text: r.text.clone(),
        url: r.url.clone(),
        reply,
    }
}

/// The authors whose handle is one of `own_accounts`, compared without `@`, surrounding spaces
/// and (ASCII) case.
pub(crate) fn own_authors(store: &Store, own_accounts: &[String]) -> Result<FxHashSet<i64>> {
    let handles: Vec<String> = own_accounts
        .iter()
        .map(|h| h.trim().trim_start_matches('@').to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect();
    if handles.is_empty() {
        return Ok(FxHashSet::default());
    }
    let mut stmt = store.conn().prepare_cached(
        "SELECT id FROM authors
         WHERE lower(ltrim(trim(handle), '@')) IN (SELECT value FROM json_each(?1))",
    )?;
    let handles = serde_json::to_string(&handles).expect("handles serialise");
    let rows = stmt.query_map([handles], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The row ids of the replies and comments the authors `own` posted in `[start, end)`.
fn own_replies(store: &Store, own: &FxHashSet<i64>, start: i64, end: i64) -> Result<Vec<i64>> {
    if own.is_empty() {
        return Ok(Vec::new());
    }
    let authors: Vec<i64> = own.iter().copied().collect();
    let mut stmt = store.conn().prepare_cached(
        "SELECT p.id FROM post_authors pa JOIN posts p ON p.id = pa.post
         WHERE pa.author IN (SELECT value FROM json_each(?1))
           AND p.kind IN ('reply', 'comment') AND p.parent IS NOT NULL
           AND p.created_at >= ?2 AND p.created_at < ?3",
    )?;
    let authors = serde_json::to_string(&authors).expect("ids serialise");
    let rows = stmt.query_map(rusqlite::params![authors, start, end], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The platforms the workspace holds replies or comments (with their parent) from.
fn platforms_with_replies(store: &Store) -> Result<FxHashSet<Platform>> {
    let mut stmt = store
        .conn()
        .prepare_cached("SELECT platform FROM platform_coverage WHERE replies > 0")?;
    let rows = stmt.query_map([], |r| {
        Ok(Platform::parse(r.get_ref(0)?.as_str()?).unwrap_or(Platform::Other))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The platforms among `complaints` (platform and row id, in time order) where one of them is
/// not a repost (and so starts a thread or is in one): each platform's complaints are looked at
/// until one is.
fn starting_threads(
    store: &Store,
    complaints: impl IntoIterator<Item = (Platform, i64)>,
) -> Result<Vec<Platform>> {
    let mut kind_of = store
        .conn()
        .prepare_cached("SELECT kind FROM posts WHERE id = ?1")?;
    let mut found: Vec<Platform> = Vec::new();
    for (platform, id) in complaints {
        if found.contains(&platform) {
            continue;
        }
        let kind = kind_of
            .query_row([id], |r| {
                Ok(PostKind::parse(r.get_ref(0)?.as_str()?).unwrap_or(PostKind::Post))
            })
            .optional()?;
        if kind.is_some_and(|k| k != PostKind::Repost) {
            found.push(platform);
        }
    }
    Ok(found)
}

/// A post as the response counts it.
struct Complaint {
    id: i64,
    kind: PostKind,
    /// The first post of its thread, as (platform, native id).
    thread: (Platform, String),
}

/// The posts `ids` with their kind and thread, in the same order (a post the workspace does not
/// hold is left out). A post's thread starts where climbing its reply parents stops: at a post
/// that replies to nothing, or at a parent the workspace does not hold. A briefing's complaints
/// may be most of a large topic, so only what the thread needs is read, and only replies climb,
/// one look-up a step.
fn threads(store: &Store, ids: &[i64]) -> Result<Vec<Complaint>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    struct Post {
        platform: Platform,
        kind: PostKind,
        native_id: String,
        parent: Option<String>,
    }
    let mut stmt = store.conn().prepare_cached(
        "SELECT id, platform, kind, native_id, parent FROM posts
         WHERE id IN (SELECT value FROM json_each(?1))",
    )?;
    let wanted = serde_json::to_string(ids).expect("ids serialise");
    let rows = stmt.query_map([wanted], |r| {
        Ok((
            r.get(0)?,
            Post {
                platform: Platform::parse(r.get_ref(1)?.as_str()?).unwrap_or(Platform::Other),
                kind: PostKind::parse(r.get_ref(2)?.as_str()?).unwrap_or(PostKind::Post),
                native_id: r.get(3)?,
                parent: r.get(4)?,
            },
        ))
    })?;
    let mut found: FxHashMap<i64, Post> = rows.collect::<rusqlite::Result<_>>()?;
    // A parent is named by its native id, or by the id the server a reply was collected from
    // gave it (migration 0021).
    let mut parent_of = store.conn().prepare_cached(
        "SELECT kind, native_id, parent FROM posts WHERE platform = ?1 AND native_id = ?2
         UNION ALL
         SELECT p.kind, p.native_id, p.parent
         FROM local_ids l JOIN posts p ON p.id = l.post
         WHERE l.platform = ?1 AND l.local_id = ?2
         LIMIT 1",
    )?;
    let mut complaints = Vec::with_capacity(found.len());
    for id in ids {
        let Some(post) = found.remove(id) else {
            continue;
        };
        // Climb while the post replies to one the workspace holds.
        let (mut kind, mut native_id, mut parent) = (post.kind, post.native_id, post.parent);
        let mut depth = 0;
        while depth < MAX_DEPTH && answers(kind) {
            let Some(up) = parent.as_deref() else { break };
            let next = parent_of
                .query_row(rusqlite::params![post.platform.as_str(), up], |r| {
                    Ok((
                        PostKind::parse(r.get_ref(0)?.as_str()?).unwrap_or(PostKind::Post),
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                    ))
                })
                .optional()?;
            let Some(next) = next else { break };
            (kind, native_id, parent) = next;
            depth += 1;
        }
        let top = match parent {
            Some(parent) if answers(kind) => parent,
            _ => native_id,
        };
        complaints.push(Complaint {
            id: *id,
            kind: post.kind,
            thread: (post.platform, top),
        });
    }
    Ok(complaints)
}

/// Whether a post of this kind answers another (and so belongs to its parent's thread).
fn answers(kind: PostKind) -> bool {
    matches!(kind, PostKind::Reply | PostKind::Comment)
}

/// Deepest parent chain followed; deeper threads start at the post this far up.
const MAX_DEPTH: i64 = 200;

/// The posts `ids` with their author's handle and the first post of their thread (as
/// [`threads`] finds it), oldest first.
fn read(store: &Store, ids: &[i64]) -> Result<Vec<Row>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = store.conn().prepare_cached(
        "SELECT p.id, p.platform, p.created_at, a.handle, p.text, p.url
         FROM posts p LEFT JOIN authors a ON a.id = p.author
         WHERE p.id IN (SELECT value FROM json_each(?1))
         ORDER BY p.created_at, p.id",
    )?;
    let wanted = serde_json::to_string(ids).expect("ids serialise");
    let rows = stmt.query_map([wanted], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Platform::parse(r.get_ref(1)?.as_str()?).unwrap_or(Platform::Other),
            r.get::<_, i64>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let rows: Vec<_> = rows.collect::<rusqlite::Result<_>>()?;
    let found: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut thread_of: FxHashMap<i64, ((Platform, String), PostKind)> = threads(store, &found)?
        .into_iter()
        .map(|c| (c.id, (c.thread, c.kind)))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|(id, platform, created_at, handle, text, url)| {
            let (thread, kind) = thread_of.remove(&id)?;
            Some(Row {
                id,
                platform,
                created_at,
                handle,
                text,
                url,
                thread,
                repost: kind == PostKind::Repost,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_complaints_starts_after_a_quiet_spell() {
        let h = 3600;
        // A routine gripe, a day of quiet, then a run of complaints answered at 30 h.
        let times = [0, 26 * h, 27 * h, 29 * h];
        assert_eq!(first_of_run(times, 30 * h), Some(26 * h));
        assert_eq!(first_of_run(times, 27 * h), Some(26 * h));
        // A gripe a day before the answer, and none since: no run before it; the answer
        // came with the first complaint of the next.
        assert_eq!(first_of_run(times, 26 * h), Some(26 * h));
        assert_eq!(first_of_run([0, 49 * h, 50 * h], 47 * h), Some(49 * h));
        assert_eq!(
            first_of_run([0, 2 * h], 47 * h),
            Some(0),
            "none after: the last run"
        );
        // Answered before anyone complained: the first complaint after the answer.
        assert_eq!(first_of_run(times, -h), Some(0));
        assert_eq!(first_of_run([], 10), None);
        // Complaints never 12 h apart are one run.
        let steady: Vec<i64> = (0..10).map(|i| i * 11 * h).collect();
        assert_eq!(first_of_run(steady, 200 * h), Some(0));
    }
}
