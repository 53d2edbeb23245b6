//! The per-post facts every measure is computed from, read in one pass over a topic's posts.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::exposure::ExposureModel;
use super::lang::Lang;
use crate::error::Result;
use crate::model::Platform;
use crate::store::facts::Facts;
use crate::store::posts::{BY_TIME, ENGAGEMENT};
use crate::store::Store;
use crate::topics::matches::Selection;

/// One post matching a topic: the facts every measure needs, packed into 48 bytes (a large
/// topic's brief holds millions of them at once). Unknown values are kept as sentinels and read
/// back as `None` through the accessors. Author rows, follower counts and engagement are kept
/// in 32 bits: rows are numbered from 1 as authors are added, and a count beyond two billion
/// (no account has that many followers, no post that many likes) is kept as the largest.
#[derive(Debug, Clone, Copy)]
pub struct Mention {
    pub id: i64,
    pub created_at: i64,
    /// NaN when unknown.
    exposure: f64,
    /// NaN when unscored.
    sentiment: f64,
    /// The author's row; [`NO_AUTHOR`] when the source named no author.
    author: u32,
    /// [`NO_COUNT`] when unknown.
    followers: i32,
    engagement: i32,
    lang: Lang,
    pub platform: Platform,
}

/// Equal facts, an unknown value equal to an unknown value (NaN, the sentinel, is not).
impl PartialEq for Mention {
    fn eq(&self, other: &Self) -> bool {
        let key = |m: &Mention| {
            (
                (m.id, m.created_at, m.author, m.followers, m.engagement),
                (
                    m.exposure.to_bits(),
                    m.sentiment.to_bits(),
                    m.lang,
                    m.platform,
                ),
            )
        };
        key(self) == key(other)
    }
}

/// The sentinel of an unknown author row.
const NO_AUTHOR: u32 = u32::MAX;
/// The sentinel of an unknown count.
const NO_COUNT: i32 = i32::MIN;

fn author_row(v: Option<i64>) -> u32 {
    v.map_or(NO_AUTHOR, |row| {
        u32::try_from(row).map_or(NO_AUTHOR - 1, |row| row.min(NO_AUTHOR - 1))
    })
}

/// A count in 32 bits, the largest kept for a larger one.
fn count(v: i64) -> i32 {
    v.clamp(i64::from(NO_COUNT + 1), i64::from(i32::MAX)) as i32
}

fn real(v: Option<f64>) -> f64 {
    v.unwrap_or(f64::NAN)
}

impl Mention {
    /// A mention of every fact.
    #[allow(clippy::too_many_arguments)]
    pub fn with_facts(
        id: i64,
        created_at: i64,
        platform: Platform,
        lang: Lang,
        author: Option<i64>,
        followers: Option<i64>,
        engagement: Option<i64>,
        exposure: Option<f64>,
        sentiment: Option<f64>,
    ) -> Self {
        Mention {
            id,
            created_at,
            author: author_row(author),
            followers: followers.map_or(NO_COUNT, count),
            engagement: engagement.map_or(NO_COUNT, count),
            exposure: real(exposure),
            sentiment: real(sentiment),
            lang,
            platform,
        }
    }

    /// A mention with only the fields the reach measures need (for tests and examples).
    pub fn new(
        created_at: i64,
        author: Option<i64>,
        followers: Option<i64>,
        engagement: i64,
    ) -> Self {
        Mention::with_facts(
            0,
            created_at,
            Platform::Other,
            Lang::NONE,
            author,
            followers,
            Some(engagement),
            None,
            None,
        )
    }

    /// The author's row, or `None` when the source named no author.
    pub fn author(&self) -> Option<i64> {
        (self.author != NO_AUTHOR).then_some(i64::from(self.author))
    }

    /// The largest follower count known for the author from this post or their profile.
    pub fn followers(&self) -> Option<i64> {
        (self.followers != NO_COUNT).then_some(i64::from(self.followers))
    }

    /// Likes, shares, replies and quotes; 0 when unknown (see [`Mention::engagement_known`]).
    pub fn engagement(&self) -> i64 {
        if self.engagement == NO_COUNT {
            0
        } else {
            i64::from(self.engagement)
        }
    }

    /// Whether the post's engagement is known: it has one of its four counts.
    pub fn engagement_known(&self) -> bool {
        self.engagement != NO_COUNT
    }

    /// Estimated views (see [`super::exposure`]); `None` when unknown.
    pub fn exposure(&self) -> Option<f64> {
        (!self.exposure.is_nan()).then_some(self.exposure)
    }

    /// VADER compound score.
    pub fn sentiment(&self) -> Option<f64> {
        (!self.sentiment.is_nan()).then_some(self.sentiment)
    }

    /// The language code, when the source gave one.
    pub fn lang(&self) -> Option<&'static str> {
        self.lang.code()
    }
}

/// The facts of posts `p`, read from the posts and their authors' profiles.
fn post_facts() -> String {
    format!(
        "SELECT p.id, p.created_at, p.platform, p.lang, p.author,
            CASE WHEN p.followers_at_post IS NULL THEN a.followers
                 WHEN a.followers IS NULL THEN p.followers_at_post
                 ELSE max(p.followers_at_post, a.followers) END,
            {ENGAGEMENT}, p.views, coalesce(p.followers_at_post, a.followers), p.shares,
            p.sentiment
        FROM posts p LEFT JOIN authors a ON a.id = p.author"
    )
}

/// The selected posts in `[start, end)` unix seconds, oldest first.
pub fn fetch(
    store: &Store,
    selection: &Selection,
    model: &ExposureModel,
    start: i64,
    end: i64,
) -> Result<Vec<Mention>> {
    // The facts come from the kept matches (one range of one table) when there are some, else
    // from the posts a query finds, with their author's profile.
    if let Selection::Kept(topics) = selection {
        if let [topic] = topics[..] {
            return fetch_kept(store, topic, model, start, end);
        }
    }
    // Matched on the fly (one pass over the posts the query finds), or several topics' kept
    // posts: the facts come from the posts, with their author's profile.
    let (sql, params) = match selection {
        Selection::Query(m) => (
            format!(
                "{} {BY_TIME} WHERE {} AND t.created_at >= ? AND t.created_at < ?",
                post_facts(),
                m.sql
            ),
            m.params
                .iter()
                .cloned()
                .chain([Value::Integer(start), Value::Integer(end)])
                .collect(),
        ),
        Selection::Kept(_) => {
            let (ids, params) = selection.ids_sql(start, end);
            (
                format!("{} JOIN ({ids}) s ON s.id = p.id", post_facts()),
                params,
            )
        }
    };
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let mut langs = Langs::default();
    let rows = stmt.query_map(params_from_iter(params), |r| {
        let platform = Platform::parse(r.get_ref(2)?.as_str()?).unwrap_or(Platform::Other);
        Ok(Mention::with_facts(
            r.get(0)?,
            r.get(1)?,
            platform,
            r.get_ref(3)?
                .as_str_or_null()?
                .map_or(Lang::NONE, |l| langs.get(l)),
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            model.estimate(platform, r.get(7)?, r.get(8)?, r.get(9)?),
            r.get(10)?,
        ))
    })?;
    let mut found: Vec<Mention> = rows.collect::<rusqlite::Result<_>>()?;
    // Sorting here is cheaper than asking SQLite to, which would build a temporary B-tree.
    found.sort_unstable_by_key(|m| (m.created_at, m.id));
    Ok(found)
}

/// How many parts a long range is read in, on both cores ([`Store::read_parts`]): enough for
/// the two connections to finish together when posts cluster in time, and for the parts to be
/// put together holding little more than the whole.
const PARTS: i64 = 32;

/// `[start, end)` cut into [`PARTS`] consecutive ranges of equal length (fewer when it is
/// shorter than that many seconds).
fn parts(start: i64, end: i64) -> Vec<(i64, i64)> {
    let length = i128::from(end) - i128::from(start);
    if length <= 0 {
        return Vec::new();
    }
    // In i128: a range may span most of i64.
    let at = |i: i64| (i128::from(start) + length * i128::from(i) / i128::from(PARTS)) as i64;
    let mut parts: Vec<(i64, i64)> = (0..PARTS).map(|i| (at(i), at(i + 1))).collect();
    parts.retain(|(from, to)| from < to);
    parts
}

/// [`fetch`] from one topic's kept matches: one range of one table, in order, each row's facts
/// unpacked from its blob ([`Facts`]); read in parts on both cores.
fn fetch_kept(
    store: &Store,
    topic: i64,
    model: &ExposureModel,
    start: i64,
    end: i64,
) -> Result<Vec<Mention>> {
    store.read_parts(&parts(start, end), |conn, &(start, end)| {
        read_kept(conn, topic, model, start, end)
    })
}

/// The kept matches of `topic` in `[start, end)`, in order, on `conn`.
fn read_kept(
    conn: &rusqlite::Connection,
    topic: i64,
    model: &ExposureModel,
    start: i64,
    end: i64,
) -> Result<Vec<Mention>> {
    let mut stmt = conn.prepare_cached(
        "SELECT post, created_at, author, author_followers, facts FROM topic_matches
         WHERE topic = ?1 AND created_at >= ?2 AND created_at < ?3
         ORDER BY created_at, post",
    )?;
    let mut langs = Langs::default();
    let mut rows = stmt.query(rusqlite::params![topic, start, end])?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        let blob = r.get_ref(4)?.as_blob().map_err(rusqlite::Error::from)?;
        let facts = Facts::unpack(blob).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                4,
                rusqlite::types::Type::Blob,
                "damaged facts of a kept topic match".into(),
            )
        })?;
        let author_followers: Option<i64> = r.get(3)?;
        let platform = Platform::parse(facts.platform).unwrap_or(Platform::Other);
        found.push(Mention::with_facts(
            r.get(0)?,
            r.get(1)?,
            platform,
            facts.lang.map_or(Lang::NONE, |l| langs.get(l)),
            r.get(2)?,
            // The largest follower count known, and for exposure the one at the post's time.
            match (facts.followers_at_post, author_followers) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            },
            facts.engagement,
            model.estimate(
                platform,
                facts.views,
                facts.followers_at_post.or(author_followers),
                facts.shares,
            ),
            facts.sentiment,
        ));
    }
    Ok(found)
}

/// The language codes met in one read, each interned once (a workspace has a few dozen).
#[derive(Default)]
struct Langs(Vec<(Box<str>, Lang)>);

impl Langs {
    fn get(&mut self, code: &str) -> Lang {
        if let Some((_, lang)) = self.0.iter().find(|(known, _)| **known == *code) {
            return *lang;
        }
        let lang = Lang::of(code);
        self.0.push((code.into(), lang));
        lang
    }
}

/// How many of the selected posts fall at each time, oldest first: each post's own time, or a
/// topic's posts counted per quarter hour ([`counted_times`]). The normal level needs no more.
#[derive(Debug, Clone, PartialEq)]
pub enum Counted {
    /// Each post's time.
    Each(Vec<i64>),
    /// Posts per quarter hour: the quarter's start (unix seconds) and its count.
    Quarters(Vec<(i64, u32)>),
}

impl Counted {
    /// `(time, posts)`, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = (i64, u32)> + '_ {
        let (each, quarters) = match self {
            Counted::Each(times) => (Some(times.iter().map(|&t| (t, 1))), None),
            Counted::Quarters(slots) => (None, Some(slots.iter().copied())),
        };
        each.into_iter()
            .flatten()
            .chain(quarters.into_iter().flatten())
    }

    /// The counts of `[start, end)`: exact for each post's time; for quarters, only when both
    /// ends are whole quarters (a quarter is never split).
    fn within(&self, start: i64, end: i64) -> Option<Counted> {
        fn cut<T: Copy>(items: &[T], key: impl Fn(&T) -> i64, start: i64, end: i64) -> Vec<T> {
            let lo = items.partition_point(|i| key(i) < start);
            let hi = items.partition_point(|i| key(i) < end).max(lo);
            items[lo..hi].to_vec()
        }
        match self {
            Counted::Each(times) => Some(Counted::Each(cut(times, |&t| t, start, end))),
            Counted::Quarters(slots) if start % QUARTER == 0 && end % QUARTER == 0 => {
                Some(Counted::Quarters(cut(slots, |&(slot, _)| slot, start, end)))
            }
            Counted::Quarters(_) => None,
        }
    }

    /// Counts the posts of `times` (oldest first, none before those counted already).
    fn extend(&mut self, times: impl IntoIterator<Item = i64>) {
        match self {
            Counted::Each(each) => each.extend(times),
            Counted::Quarters(slots) => {
                for t in times {
                    let slot = t - t.rem_euclid(QUARTER);
                    match slots.last_mut() {
                        Some((last, posts)) if *last == slot => *posts += 1,
                        _ => slots.push((slot, 1)),
                    }
                }
            }
        }
    }
}

/// A quarter hour: every time zone's hours and days begin on one (migration 0016).
pub const QUARTER: i64 = 900;

/// The selected posts of `[start, end)` counted for the normal level: from a saved topic's
/// counts per quarter hour when its kept matches are current and the range is whole quarters
/// (a few thousand rows for eight weeks, where the posts may be hundreds of thousands), else
/// each post's time.
pub fn counted_times(
    store: &Store,
    selection: &Selection,
    start: i64,
    end: i64,
) -> Result<Counted> {
    match selection {
        Selection::Kept(topics)
            if topics.len() == 1 && start % QUARTER == 0 && end % QUARTER == 0 =>
        {
            let mut stmt = store.conn().prepare_cached(
                "SELECT slot, posts FROM topic_slots
                 WHERE topic = ?1 AND slot >= ?2 AND slot < ?3 AND posts > 0 ORDER BY slot",
            )?;
            let rows = stmt.query_map(rusqlite::params![topics[0], start, end], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
            Ok(Counted::Quarters(rows.collect::<rusqlite::Result<_>>()?))
        }
        _ => Ok(Counted::Each(times(store, selection, start, end)?)),
    }
}

/// Only the times of the selected posts in `[start, end)`, in order (for share of voice and the
/// spike detector).
pub fn times(store: &Store, selection: &Selection, start: i64, end: i64) -> Result<Vec<i64>> {
    if let Selection::Kept(topics) = selection {
        // One topic's kept matches are one range of their table, already in order and each
        // post once: only the times are read.
        if topics.len() == 1 {
            return store.read_parts(&parts(start, end), |conn, &(start, end)| {
                let (ids, params) = selection.ids_sql(start, end);
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT created_at FROM ({ids}) ORDER BY created_at, id"
                ))?;
                let rows = stmt.query_map(params_from_iter(params), |r| r.get(0))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            });
        }
    }
    // A new vector of the times alone: collecting in place would keep the pairs' allocation,
    // twice the size.
    let pairs = times_of_posts(store, selection, start, end)?;
    let mut times = Vec::with_capacity(pairs.len());
    times.extend(pairs.iter().map(|&(t, _)| t));
    Ok(times)
}

/// The times and row ids of the selected posts in `[start, end)`, in that order, each post once.
pub fn times_of_posts(
    store: &Store,
    selection: &Selection,
    start: i64,
    end: i64,
) -> Result<Vec<(i64, i64)>> {
    let read = |selection: &Selection, ordered: &str| -> Result<Vec<(i64, i64)>> {
        let (ids, params) = selection.ids_sql(start, end);
        let mut stmt = store
            .conn()
            .prepare_cached(&format!("SELECT created_at, id FROM ({ids}) {ordered}"))?;
        let rows = stmt.query_map(params_from_iter(params), |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    match selection {
        // One topic's kept matches are one range of their table, already in this order.
        Selection::Kept(topics) if topics.len() == 1 => read(selection, "ORDER BY created_at, id"),
        // Each topic's range read on its own, then merged: much cheaper than asking SQLite to
        // group several topics' rows by post.
        Selection::Kept(topics) => {
            let mut all = Vec::new();
            for &topic in topics {
                let theirs = read(&Selection::Kept(vec![topic]), "ORDER BY created_at, id")?;
                all = merge_once(&all, &theirs);
            }
            Ok(all)
        }
        Selection::Query(_) => {
            let mut found = read(selection, "")?;
            found.sort_unstable();
            found.dedup();
            Ok(found)
        }
    }
}

/// The union of two ordered lists, in order, each item once.
pub fn merge_once<T: Ord + Copy>(a: &[T], b: &[T]) -> Vec<T> {
    let mut merged = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(&&x), Some(&&y)) if x < y => a.next(),
            (Some(&&x), Some(&&y)) if y < x => b.next(),
            (Some(_), Some(_)) => {
                b.next();
                a.next()
            }
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => break,
        };
        merged.extend(next.copied());
    }
    merged
}

/// A selection's posts over `[start, end)` counted in time, read once and handed on to the
/// measures that count in part of that range: the default period's spikes, the baseline's
/// history and the chart's band each count a topic's posts over weeks, mostly the same weeks,
/// per day or hour. A saved topic's are its counts per quarter hour ([`counted_times`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Times {
    start: i64,
    end: i64,
    counted: Counted,
}

impl Default for Times {
    fn default() -> Times {
        Times {
            start: 0,
            end: 0,
            counted: Counted::Each(Vec::new()),
        }
    }
}

impl Times {
    /// The selected posts of `[start, end)`, counted.
    pub fn read(store: &Store, selection: &Selection, start: i64, end: i64) -> Result<Times> {
        Ok(Times {
            start,
            end,
            counted: counted_times(store, selection, start, end)?,
        })
    }

    /// `history`, counted up to where `later` (the times of every selected post from there to
    /// `end`, in order) begins: all the selection's posts of `[start, end)`.
    pub(crate) fn from_parts(
        start: i64,
        end: i64,
        history: Counted,
        later: impl IntoIterator<Item = i64>,
    ) -> Times {
        let mut counted = history;
        counted.extend(later);
        Times {
            start,
            end,
            counted,
        }
    }

    /// The range they cover, `[start, end)`.
    pub fn range(&self) -> (i64, i64) {
        (self.start, self.end)
    }

    /// All of them, oldest first.
    pub fn counted(&self) -> &Counted {
        &self.counted
    }

    /// The counts of `[start, end)`, when that range lies within the one these cover (and, for
    /// quarters, begins and ends on one).
    pub fn within(&self, start: i64, end: i64) -> Option<Counted> {
        if self.start <= start && end <= self.end {
            self.counted.within(start, end)
        } else {
            None
        }
    }
}

/// The selected posts of `[start, end)`, counted: from `known` when it covers the range (it
/// must be the same selection's), else read.
pub fn counted_within(
    store: &Store,
    selection: &Selection,
    known: Option<&Times>,
    start: i64,
    end: i64,
) -> Result<Counted> {
    match known.and_then(|k| k.within(start, end)) {
        Some(found) => Ok(found),
        None => counted_times(store, selection, start, end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_keeps_order_and_counts_a_shared_item_once() {
        let a = [(1, 10), (3, 30), (3, 31), (7, 70)];
        let b = [(2, 20), (3, 31), (7, 70), (9, 90)];
        assert_eq!(
            merge_once(&a, &b),
            [(1, 10), (2, 20), (3, 30), (3, 31), (7, 70), (9, 90)]
        );
        assert_eq!(merge_once(&a, &[]), a);
        assert_eq!(merge_once::<(i64, i64)>(&[], &[]), []);
    }

    #[test]
    fn a_range_is_cut_into_consecutive_parts_that_cover_it() {
        for (start, end) in [(0, 86_400 * 60), (100, 107), (5, 6), (1_000, 1_001 + 17)] {
            let cut = parts(start, end);
            assert!(cut.len() as i64 <= PARTS, "{cut:?}");
            assert_eq!(cut.first().map(|p| p.0), Some(start));
            assert_eq!(cut.last().map(|p| p.1), Some(end));
            assert!(cut.windows(2).all(|w| w[0].1 == w[1].0));
            assert!(cut.iter().all(|&(a, b)| a < b));
        }
        assert_eq!(parts(0, 86_400 * 60).len(), PARTS as usize);
        assert!(parts(10, 10).is_empty());
        assert!(parts(10, 5).is_empty());
    }

    #[test]
    fn times_give_a_range_only_within_the_one_they_cover() {
        let each = |t: &[i64]| Counted::Each(t.to_vec());
        let times = Times::from_parts(100, 200, each(&[100, 120]), [120, 150, 199]);
        assert_eq!(
            times.within(100, 200),
            Some(each(&[100, 120, 120, 150, 199]))
        );
        assert_eq!(times.within(120, 150), Some(each(&[120, 120])));
        assert_eq!(times.within(130, 140), Some(each(&[])));
        assert_eq!(times.within(150, 150), Some(each(&[])));
        // Reaching outside: the posts there are not known.
        assert_eq!(times.within(99, 150), None);
        assert_eq!(times.within(150, 201), None);
        assert_eq!(Times::default().within(0, 1), None);
    }

    #[test]
    fn quarters_count_later_posts_in_their_quarter_and_are_cut_only_on_one() {
        let day = 86_400;
        let history = Counted::Quarters(vec![(0, 3), (900, 1)]);
        // The first later post falls in the last quarter counted; a time before 1970 too.
        let times = Times::from_parts(-day, day, history, [1_000, 1_799, 1_800, 86_399]);
        assert_eq!(
            times.counted(),
            &Counted::Quarters(vec![(0, 3), (900, 3), (1_800, 1), (85_500, 1)])
        );
        assert_eq!(
            times.within(900, 2_700),
            Some(Counted::Quarters(vec![(900, 3), (1_800, 1)]))
        );
        // A range that would split a quarter cannot be told from the counts.
        assert_eq!(times.within(1_000, 2_700), None);
        let mut before = Counted::Quarters(Vec::new());
        before.extend([-1, -900, -901].into_iter().rev());
        assert_eq!(before, Counted::Quarters(vec![(-1_800, 1), (-900, 2)]));
    }
}

#[cfg(test)]
mod compact_tests {
    use super::*;

    #[test]
    fn a_mention_is_48_bytes_and_reads_back_every_fact() {
        assert_eq!(std::mem::size_of::<Mention>(), 48);
        let lang = Lang::of("pt-BR");
        let full = Mention::with_facts(
            7,
            1_700_000_000,
            Platform::Mastodon,
            lang,
            Some(42),
            Some(0),
            Some(-3),
            Some(12.5),
            Some(-0.25),
        );
        assert_eq!(full.author(), Some(42));
        assert_eq!(full.followers(), Some(0));
        assert_eq!(full.engagement(), -3);
        assert_eq!(full.exposure(), Some(12.5));
        assert_eq!(full.sentiment(), Some(-0.25));
        assert_eq!(full.lang(), Some("pt-BR"));
        let unknown_but = |sentiment| {
            Mention::with_facts(
                7,
                1_700_000_000,
                Platform::Other,
                Lang::NONE,
                None,
                None,
                None,
                None,
                sentiment,
            )
        };
        let unknown = unknown_but(Some(f64::NAN));
        assert_eq!(
            (unknown.author(), unknown.followers(), unknown.exposure()),
            (None, None, None)
        );
        assert_eq!((unknown.sentiment(), unknown.lang()), (None, None));
        assert_eq!(
            (unknown.engagement(), unknown.engagement_known()),
            (0, false)
        );
        assert!(full.engagement_known());
        let unscored = unknown_but(None);
        assert_eq!(
            unknown, unscored,
            "NaN reads as unknown, and unknowns are equal"
        );
        assert_ne!(unknown, full);
        assert_eq!(Lang::of("pt-BR"), lang);
    }

    #[test]
    fn counts_beyond_32_bits_are_kept_as_the_largest() {
        let huge = Mention::new(0, Some(9), Some(5_000_000_000), -5_000_000_000);
        assert_eq!(huge.followers(), Some(i64::from(i32::MAX)));
        assert_eq!(huge.engagement(), -i64::from(i32::MAX));
        // The most negative count is the unknown count's sentinel: it is never stored.
        assert_eq!(
            Mention::new(0, None, Some(i64::MIN), 0).followers(),
            Some(-i64::from(i32::MAX))
        );
    }
}
