//! Exposure analytics: every number Townhall shows, defined here and computed once, shown alike
//! by the app, the command line and the briefing. Functions here read the store but never write
//! it, and never ask the clock: the caller passes "today" in.
//!
//! # Definitions
//!
//! Never a number the data does not hold: where a platform gives no follower count, reach is
//! unknown, not zero, and the share of unknowns is reported beside it.
//!
//! **Per post.** `likes`, `shares` (retweets, reposts, reblogs, Facebook shares), `replies`,
//! `quotes`, `views` (only where the platform reports them; Facebook reactions count as likes).
//! `followers_at_post`: the author's follower count from the same record or profile data imported
//! with it, else unknown. `engagement` = likes + shares + replies + quotes (where an export gives
//! only their total, as listening tools' do, that total). `sentiment` = VADER
//! compound score in [-1, 1] ([`crate::sentiment`]); negative ≤ −0.05 < neutral < 0.05 ≤ positive.
//!
//! **Per bucket** (hour, day or week in an IANA time zone; empty buckets are zeros, never
//! missing; a local day lasts 23 or 25 hours when the clocks change, see [`buckets`]):
//! - `mentions`: posts matching the topic, each (platform, native id) once;
//! - `unique_authors`: distinct people among them;
//! - `engagement`: the sum of post engagement;
//! - `potential_reach`: the sum of followers over the bucket's distinct authors, each once with
//!   their largest known count, with the share of authors whose count is unknown;
//! - `exposure` (estimated views): per post, `views` where known, else
//!   `followers_at_post × visibility(platform) + shares × median_followers(platform)`, summed
//!   ([`exposure`]; the visibility rates are settings with documented defaults);
//! - `negative` and `negative_share`: mentions negative in tone, and their share of the scored
//!   mentions; `net_sentiment` = (positive − negative) ÷ (positive + negative);
//! - `baseline` and `velocity`: what is normal for the bucket, the spike detector's baseline
//!   ([`normal`]: the same level the chart's normal range is drawn around), and mentions ÷
//!   that baseline;
//! - `share_of_voice`: the topic's mentions ÷ the mentions of all topics, same bucket.
//!
//! **Period totals and KPIs** are the same measures over the whole period, each with its change
//! against the previous period of the same length ([`Overview`]).
//!
//! **Spikes** ([`spikes`]): a run of buckets whose mentions rise significantly above a seasonal
//! baseline — the typical count for that hour of day and day of week, learned from trailing
//! history with median and MAD — with a start, a peak, an end, a severity (minor, major,
//! critical by how far above the baseline and for how long) and a minimum count, so that 3 posts
//! instead of 1 is not a crisis. The detector is online: each decision uses only the past, so
//! history is marked exactly as a live alert would have fired. Its quality is measured on the
//! Numenta Anomaly Benchmark with NAB's standard profile ([`spikes::nab`]).
//!
//! **Terms that rose** ([`drivers`]): words, hashtags and two-word phrases (stop words removed;
//! generic words — numbers, days and times, common verbs — only inside a phrase with a content
//! word) that are relatively more frequent in a window than in **both** of two backgrounds: the
//! topic's own past (up to 5,000 of its newest posts before the window) and the rest of the
//! workspace (up to 5,000 posts of any topic or none, nearest in time outside the window). Each
//! is ranked by the smaller of its two log-likelihoods (G²), with a minimum count, and shown
//! with its counts in the window and in both backgrounds. A word that rises with any surge is
//! common in the workspace, and a word the topic always uses is common in its past: neither
//! leads.
//!
//! **Most reported problems** ([`problems`]): each post's categories in a taxonomy of IT
//! symptoms (`login`, `outage`, `slow`, `wrong-data`, `notifications`, `payments`, `mobile`,
//! `security`), each category a query in the topic language; per category, its mentions, share
//! of the topic's mentions, change against the previous period and people.
//!
//! **Copies** ([`copies`]): posts whose normalised text (lower-cased; links, @mentions and
//! punctuation dropped; at least 4 words) equals an earlier post's of the same window, or
//! nearly (Jaccard similarity of three-word shingles ≥ 0.8); reposts are not copies. A window
//! has `copies` (every post of a group but its first) of `texts` (groups with a copy).
//!
//! **Themes** ([`themes`]): 3 to 7 groups of a window's distinct texts (copies collapsed) that
//! share their rarer words — TF-IDF vectors and spherical k-means from farthest-first starts —
//! each with its most representative sentence, terms, posts, people, negative share and two
//! example posts.
//!
//! **Official response** ([`response`]): the organisation's own accounts (the `own_accounts`
//! setting) against the complaints (posts in a problem category): the time from the first
//! complaint of the run it answered to its first official post or reply, the share of
//! complaint threads it replied in (where the platform's replies were imported), and its posts.
//!
//! **Incident lags** ([`crate::incidents`]): for an incident opened at S and resolved at R, the
//! first complaint is the first matching post after S − 1 h; lag to first complaint and to the
//! peak are measured from S; decay is the time after R until mentions are back within the
//! baseline band; the social detection lead is positive when the public spike started before
//! the incident was opened.
//!
//! # Module map
//!
//! [`buckets`] (hours, days, weeks in a time zone), [`mentions`](mod@mentions) (the per-post facts, read
//! once), [`exposure`] (estimated views), [`series`](mod@series) (the per-bucket measures), [`normal`]
//! (what is normal for each bucket), [`breakdown`] (platforms, languages, top voices), [`top`] (posts behind the
//! numbers), [`Overview`] (everything a dashboard shows), [`spikes`] (the detector and its
//! benchmark), [`drivers`] and [`explain`] (what drove a window), [`words`] (tokens, stop and
//! generic words), [`samples`] (the bounded texts the text measures read), [`copies`] and
//! [`themes`] (what people are saying), [`problems`] (the most reported problems), [`response`]
//! (the organisation's official response).
//!
//! Every read selects a topic's posts through a [`Selection`]: the saved topic's kept matches
//! (current as soon as an import commits, see [`crate::topics::matches`]), or its compiled query
//! over the FTS5 index when they are not current or the query is unsaved.

pub mod breakdown;
pub mod buckets;
pub mod change;
pub mod copies;
mod default_period;
pub mod drivers;
pub mod explain;
pub mod exposure;
pub mod handles;
mod hourly;
pub mod lang;
pub mod mentions;
pub mod normal;
mod overview;
mod period;
pub mod problems;
pub mod response;
pub mod samples;
pub mod series;
pub mod spikes;
pub mod status;
pub mod themes;
pub mod top;
pub mod words;

pub use breakdown::{Breakdown, Voice};
pub use buckets::{Bucket, Bucketer};
pub use change::{Change, Trend};
pub use default_period::{default_period, resolve_default, resolve_default_read, DefaultPeriod};
pub use exposure::{ExposureModel, ExposureRate};
pub use hourly::{hourly_mentions, offset_secs, utc_hourly_mentions, HourlySeries};
pub use mentions::{Mention, Times};
pub use overview::{overview, overview_by, overview_read, Kpi, Overview, OverviewRead};
pub use period::{Covered, Period, PeriodWire, MAX_HOURS};
pub use series::{aggregate, series, SeriesPoint, Totals};
pub use top::{PostFilter, TopBy};

use crate::error::Result;
use crate::store::posts::StoredPost;
use crate::store::Store;
use crate::topics::matches::Selection;
use crate::topics::{self, Topic};

/// `part` of `whole` as a whole percentage, never rounded to 0% or 100% when it is neither:
/// "1 of 245" is "<1%", not "0%".
/// A multiple of the normal level in words: "1.3×" below ten (but "7×"), "346×" from ten on, so that a
/// third above normal does not read "1×". The window's home view and chart tooltips follow the
/// same rule (`timesNormal` in the UI).
pub fn times(ratio: f64) -> String {
    match ratio {
        r if r < 9.95 => format!("{}×", format!("{r:.1}").trim_end_matches(".0")),
        r => format!("{}×", fmt_int(r)),
    }
}

/// `part` of `whole` as a whole percentage, never "0%" for some nor "100%" for not all: "<1%",
/// ">99%".
pub fn percent(part: u64, whole: u64) -> String {
    share_percent(part as f64 / whole.max(1) as f64)
}

/// A share (0 to 1) as [`percent`] says it.
pub fn share_percent(share: f64) -> String {
    match (share * 100.0).round() {
        r if r == 0.0 && share > 0.0 => "<1%".into(),
        r if r == 100.0 && share < 1.0 => ">99%".into(),
        r => format!("{r:.0}%"),
    }
}

/// The size of a change of `pct` percent, rounded, never "0" for a change nor "100" for a fall
/// that leaves some: "120", "<1", ">99" (a fall from 250 to 1 is −99.6%, not all gone).
pub fn change_size(pct: f64) -> String {
    let size = pct.abs();
    match size.round() {
        r if r == 0.0 && size > 0.0 => "<1".into(),
        r if r == 100.0 && pct < 0.0 && size < 100.0 => ">99".into(),
        r => fmt_int(r),
    }
}

/// A change of `pct` percent in words: "up 120%", "down 36%", "down more than 99%", "up less
/// than 1%".
pub fn change_words(pct: f64) -> String {
    let way = if pct > 0.0 { "up" } else { "down" };
    match change_size(pct).as_str() {
        "<1" => format!("{way} less than 1%"),
        ">99" => format!("{way} more than 99%"),
        size => format!("{way} {size}%"),
    }
}

/// "1 post", "1,986 posts": a count with its noun, singular for one.
pub fn counted(n: u64, one: &str, many: &str) -> String {
    let word = if n == 1 { one } else { many };
    format!("{} {word}", fmt_int(n as f64))
}

/// 12345 → "12,345".
pub fn fmt_int(v: f64) -> String {
    let s = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

/// The topic's posts in `[start, end)` unix seconds with their facts, oldest first.
pub fn mentions(store: &Store, topic: &Topic, start: i64, end: i64) -> Result<Vec<Mention>> {
    let model = ExposureModel::load(store.conn())?;
    mentions::fetch(store, &Selection::of(store, topic)?, &model, start, end)
}

/// The posts of every saved topic and of `topic` (which may be unsaved): the denominator of
/// share of voice.
pub fn all_topics(store: &Store, topic: &Topic) -> Result<Selection> {
    let mut all = vec![topic.clone()];
    all.extend(
        topics::list(store)?
            .into_iter()
            .filter(|t| t.query != topic.query),
    );
    Selection::any(store, &all)
}

/// The times of the posts of every saved topic and of `topic` in `[start, end)`, in order (share
/// of voice's denominator), given `topic`'s own mentions there (`own`, oldest first): when
/// every topic's matches are kept, only the other topics' posts are read.
pub fn voices(
    store: &Store,
    topic: &Topic,
    own: &[Mention],
    start: i64,
    end: i64,
) -> Result<Vec<i64>> {
    let everyone = all_topics(store, topic)?;
    let (Selection::Kept(topics), Selection::Kept(_)) = (&everyone, Selection::of(store, topic)?)
    else {
        return mentions::times(store, &everyone, start, end);
    };
    let others: Vec<i64> = topics
        .iter()
        .copied()
        .filter(|&id| id != topic.id)
        .collect();
    if others.is_empty() {
        return Ok(own.iter().map(|m| m.created_at).collect());
    }
    // Each list is in (time, id) order: merged, a post in several topics counts once.
    let mut found: Vec<(i64, i64)> = own.iter().map(|m| (m.created_at, m.id)).collect();
    for other in others {
        let theirs = Selection::Kept(vec![other]);
        found = mentions::merge_once(
            &found,
            &mentions::times_of_posts(store, &theirs, start, end)?,
        );
    }
    Ok(found.into_iter().map(|(t, _)| t).collect())
}

/// Every measure of every bucket of the period (widened to whole weeks for weekly buckets).
pub fn bucketed_series(
    store: &Store,
    topic: &Topic,
    period: &Period,
    bucket: Bucket,
) -> Result<Vec<SeriesPoint>> {
    let period = bucket.align(period);
    let (start, end) = period.bounds();
    let (history, _) = period.reaching_back(spikes::HISTORY_DAYS).bounds();
    // The baseline's history needs only the posts' times; their facts are read for the period.
    let selection = Selection::of(store, topic)?;
    let past = mentions::counted_times(store, &selection, history, start)?;
    let model = ExposureModel::load(store.conn())?;
    let during = mentions::fetch(store, &selection, &model, start, end)?;
    let voices = voices(store, topic, &during, start, end)?;
    Ok(series(
        past.iter(),
        &during,
        &voices,
        &period,
        bucket,
        store.data_start()?,
    ))
}

/// The selected posts in `[start, end)` unix seconds, ranked, at most `limit`.
pub fn posts(
    store: &Store,
    selection: &Selection,
    (start, end): (i64, i64),
    by: TopBy,
    limit: Option<usize>,
) -> Result<Vec<StoredPost>> {
    filtered_posts(store, selection, (start, end), PostFilter::All, by, limit)
}

/// [`posts`], keeping only those `filter` keeps (the negative posts behind the negative share).
pub fn filtered_posts(
    store: &Store,
    selection: &Selection,
    (start, end): (i64, i64),
    filter: PostFilter,
    by: TopBy,
    limit: Option<usize>,
) -> Result<Vec<StoredPost>> {
    posts_where(
        store,
        selection,
        (start, end),
        |m| filter.keeps(m),
        by,
        limit,
    )
}

/// Which of the posts `ids` a query matches.
pub fn ids_matching(
    store: &Store,
    matcher: &crate::query::Matcher,
    ids: &[i64],
) -> Result<rustc_hash::FxHashSet<i64>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    // A query made only of words (as the problem categories are) is one full-text look-up,
    // kept where it meets `ids`: asking SQLite for `id IN (ids) AND id IN (full-text hits)`
    // makes it copy both lists into temporary indexes, several times slower.
    if let Some(expression) = matcher.fts_only() {
        let wanted: rustc_hash::FxHashSet<i64> = ids.iter().copied().collect();
        let mut stmt = store
            .conn()
            .prepare_cached("SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?1")?;
        let mut found = rustc_hash::FxHashSet::default();
        let mut rows = stmt.query([expression])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            if wanted.contains(&id) {
                found.insert(id);
            }
        }
        return Ok(found);
    }
    let wanted = rusqlite::types::Value::Text(serde_json::to_string(ids).expect("ids serialise"));
    let sql = format!(
        "SELECT p.id FROM posts p
         WHERE p.id IN (SELECT value FROM json_each(?)) AND {}",
        matcher.sql
    );
    let params = std::iter::once(wanted).chain(matcher.params.iter().cloned());
    let mut stmt = store.conn().prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| r.get::<_, i64>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// [`posts`], keeping only those `keep` keeps.
pub fn posts_where(
    store: &Store,
    selection: &Selection,
    (start, end): (i64, i64),
    keep: impl Fn(&Mention) -> bool,
    by: TopBy,
    limit: Option<usize>,
) -> Result<Vec<StoredPost>> {
    let model = ExposureModel::load(store.conn())?;
    let mut found = mentions::fetch(store, selection, &model, start, end)?;
    found.retain(|m| keep(m));
    top::rank(store, &found, by, limit)
}

/// The topic's posts in the period, best first.
pub fn top_posts(
    store: &Store,
    topic: &Topic,
    period: &Period,
    by: TopBy,
    limit: usize,
) -> Result<Vec<StoredPost>> {
    posts(
        store,
        &Selection::of(store, topic)?,
        period.bounds(),
        by,
        Some(limit),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_multiple_of_normal_keeps_a_decimal_below_ten() {
        assert_eq!(super::times(1.3198), "1.3×");
        assert_eq!(super::times(9.96), "10×");
        assert_eq!(super::times(7.02), "7×");
        assert_eq!(super::times(1346.2), "1,346×");
    }

    #[test]
    fn a_count_takes_its_noun_in_the_singular_for_one() {
        assert_eq!(super::counted(1, "post", "posts"), "1 post");
        assert_eq!(super::counted(0, "post", "posts"), "0 posts");
        assert_eq!(super::counted(4748, "day", "days"), "4,748 days");
    }

    #[test]
    fn a_share_is_never_rounded_to_none_or_all() {
        assert_eq!(super::percent(1, 245), "<1%");
        assert_eq!(super::percent(0, 245), "0%");
        assert_eq!(super::percent(244, 245), ">99%");
        assert_eq!(super::percent(245, 245), "100%");
        assert_eq!(super::percent(49, 100), "49%");
        assert_eq!(super::share_percent(0.004), "<1%");
        assert_eq!(super::share_percent(0.996), ">99%");
    }

    #[test]
    fn a_change_is_never_rounded_to_none_or_to_all_gone() {
        assert_eq!(super::change_words(120.0), "up 120%");
        assert_eq!(super::change_words(-99.6), "down more than 99%");
        assert_eq!(super::change_words(-100.0), "down 100%");
        assert_eq!(super::change_words(0.4), "up less than 1%");
        assert_eq!(super::change_size(3176.4), "3,176");
        assert_eq!(super::change_size(-99.4), "99");
    }
}
