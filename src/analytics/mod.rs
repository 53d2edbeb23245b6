//! Exposure analytics: the numbers defined in METRICS.md, computed once here and shown alike by
//! the app, the command line and the briefing. Functions here read the store but never write it,
//! and never ask the clock: the caller passes "today" in.

//!
//! Module map: [`buckets`] (hours, days, weeks in a time zone), [`mentions`] (the per-post facts,
//! read once), [`exposure`] (estimated views and the visibility settings), [`series`] (the
//! per-bucket measures), [`velocity`] (the baseline), [`breakdown`] (platforms, languages, top
//! voices), [`top`] (posts behind the numbers), [`overview`] (everything a dashboard shows),
//! [`status`] (the graded status now).
//!
//! Every read selects a topic's posts through a [`Selection`]: the saved topic's kept matches
//! (current as soon as an import commits, see [`crate::topics::matches`]), or its compiled query
//! over the FTS5 index when they are not current or the query is unsaved.

pub mod breakdown;
pub mod buckets;
pub mod exposure;
mod hourly;
pub mod mentions;
mod overview;
pub mod series;
pub mod status;
pub mod top;
pub mod velocity;

pub use breakdown::{Breakdown, Voice};
pub use buckets::{Bucket, Bucketer};
pub use exposure::{ExposureModel, ExposureRate};
pub use hourly::{hourly_mentions, HourlySeries};
pub use mentions::Mention;
pub use overview::{overview, overview_by, Kpi, Overview};
pub use series::{aggregate, series, SeriesPoint, Totals};
pub use top::{PostFilter, TopBy};

use chrono::{Days, NaiveDate};
use chrono_tz::Tz;
use rusqlite::params_from_iter;

use crate::error::{Error, Result};
use crate::store::posts::StoredPost;
use crate::store::Store;
use crate::time;
use crate::topics::matches::Selection;
use crate::topics::{self, Topic};

/// A span of whole local days, both ends included, in a time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub tz: Tz,
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate, tz: Tz) -> Result<Period> {
        if from > to {
            return Err(Error::InvalidInput(format!(
                "the period starts ({from}) after it ends ({to})"
            )));
        }
        Ok(Period { from, to, tz })
    }

    pub fn days(&self) -> u64 {
        (self.to - self.from).num_days() as u64 + 1
    }

    /// The period of the same length that ends the day before this one starts.
    pub fn previous(&self) -> Period {
        let to = self.from - Days::new(1);
        Period {
            from: to - Days::new(self.days() - 1),
            to,
            tz: self.tz,
        }
    }

    /// Unix seconds `[start, end)` covering the period.
    pub fn bounds(&self) -> (i64, i64) {
        (
            time::day_start(self.tz, self.from).timestamp(),
            time::day_start(self.tz, self.to + Days::new(1)).timestamp(),
        )
    }

    /// Each day of the period in order.
    pub fn each_day(&self) -> impl Iterator<Item = NaiveDate> {
        self.from.iter_days().take(self.days() as usize)
    }
}

/// The period to show when the user names none: the last 30 days with data for the topic, ending
/// on the day of its latest post (or on `today` when it has none). Either end may be fixed.
pub fn default_period(
    store: &Store,
    topic: &Topic,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    tz: Tz,
    today: NaiveDate,
) -> Result<Period> {
    const DEFAULT_DAYS: u64 = 30;
    let (ids, params) = Selection::of(store, topic)?.ids_sql(i64::MIN, i64::MAX);
    let sql = format!("SELECT min(created_at), max(created_at) FROM ({ids})");
    let (first, last): (Option<i64>, Option<i64>) =
        store
            .conn()
            .query_row(&sql, params_from_iter(params), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
    let to = to.unwrap_or_else(|| last.map_or(today, |t| time::local_day(tz, t)));
    let from = from.unwrap_or_else(|| {
        let window = to - Days::new(DEFAULT_DAYS - 1);
        first.map_or(window, |t| time::local_day(tz, t).max(window).min(to))
    });
    Period::new(from, to, tz)
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

/// Every measure of every bucket of the period (widened to whole weeks for weekly buckets).
pub fn bucketed_series(
    store: &Store,
    topic: &Topic,
    period: &Period,
    bucket: Bucket,
) -> Result<Vec<SeriesPoint>> {
    let period = bucket.align(period);
    let (start, end) = period.bounds();
    let history = time::day_start(period.tz, period.from - Days::new(velocity::LOOKBACK_DAYS));
    let all = mentions(store, topic, history.timestamp(), end)?;
    let voices = mentions::times(store, &all_topics(store, topic)?, start, end)?;
    Ok(series(&all, &voices, &period, bucket))
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
    let model = ExposureModel::load(store.conn())?;
    let mut found = mentions::fetch(store, selection, &model, start, end)?;
    found.retain(|m| filter.keeps(m));
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
