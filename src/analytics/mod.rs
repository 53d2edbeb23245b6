//! Exposure analytics: the numbers defined in METRICS.md, computed once here and shown alike by
//! the app, the command line and the briefing. Functions here read the store but never write it,
//! and never ask the clock: the caller passes "today" in.

mod overview;
mod series;

pub use overview::{overview, Kpi, Overview};
pub use series::{aggregate, series, SeriesPoint, Totals};

use chrono::{Days, NaiveDate};
use chrono_tz::Tz;
use rusqlite::params;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::posts::{StoredPost, POST_COLUMNS};
use crate::store::Store;
use crate::time;
use crate::topics::Topic;

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
    let (first, last): (Option<i64>, Option<i64>) = store.conn().query_row(
        "SELECT min(created_at), max(created_at) FROM posts
         WHERE id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?1)",
        [topic.fts()?],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let to = to.unwrap_or_else(|| last.map_or(today, |t| time::local_day(tz, t)));
    let from = from.unwrap_or_else(|| {
        let window = to - Days::new(DEFAULT_DAYS - 1);
        first.map_or(window, |t| time::local_day(tz, t).max(window).min(to))
    });
    Period::new(from, to, tz)
}

/// The per-post facts the measures are computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mention {
    pub created_at: i64,
    /// The author's row, or `None` when the source named no author.
    pub author: Option<i64>,
    /// The largest follower count known for the author from this post or their profile.
    pub followers: Option<i64>,
    pub engagement: i64,
}

/// The topic's mentions in `[start, end)` unix seconds, oldest first.
pub fn mentions(store: &Store, topic: &Topic, start: i64, end: i64) -> Result<Vec<Mention>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT p.created_at, p.author,
                CASE WHEN p.followers_at_post IS NULL THEN a.followers
                     WHEN a.followers IS NULL THEN p.followers_at_post
                     ELSE max(p.followers_at_post, a.followers) END,
                coalesce(p.likes, 0) + coalesce(p.shares, 0) + coalesce(p.replies, 0)
                    + coalesce(p.quotes, 0)
         FROM posts p LEFT JOIN authors a ON a.id = p.author
         WHERE p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?1)
           AND p.created_at >= ?2 AND p.created_at < ?3
         ORDER BY p.created_at",
    )?;
    let rows = stmt.query_map(params![topic.fts()?, start, end], |r| {
        Ok(Mention {
            created_at: r.get(0)?,
            author: r.get(1)?,
            followers: r.get(2)?,
            engagement: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How top posts are ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TopBy {
    Engagement,
    Time,
}

/// The topic's posts in the period, best first.
pub fn top_posts(
    store: &Store,
    topic: &Topic,
    period: &Period,
    by: TopBy,
    limit: usize,
) -> Result<Vec<StoredPost>> {
    let (start, end) = period.bounds();
    let order = match by {
        TopBy::Engagement => {
            "coalesce(p.likes, 0) + coalesce(p.shares, 0) + coalesce(p.replies, 0)
             + coalesce(p.quotes, 0) DESC, p.created_at, p.id"
        }
        TopBy::Time => "p.created_at, p.id",
    };
    let sql = format!(
        "SELECT {POST_COLUMNS} FROM posts p LEFT JOIN authors a ON a.id = p.author
         WHERE p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?1)
           AND p.created_at >= ?2 AND p.created_at < ?3
         ORDER BY {order} LIMIT ?4"
    );
    let mut stmt = store.conn().prepare(&sql)?;
    let rows = stmt.query_map(
        params![topic.fts()?, start, end, limit as i64],
        StoredPost::from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every post matching the topic, oldest first.
pub fn topic_posts(store: &Store, topic: &Topic, limit: Option<u64>) -> Result<Vec<StoredPost>> {
    let sql = format!(
        "SELECT {POST_COLUMNS} FROM posts p LEFT JOIN authors a ON a.id = p.author
         WHERE p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?1)
         ORDER BY p.created_at, p.id LIMIT ?2"
    );
    let mut stmt = store.conn().prepare(&sql)?;
    let rows = stmt.query_map(
        params![topic.fts()?, limit.map_or(-1, |l| l as i64)],
        StoredPost::from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A topic's mentions per local hour over all its posts, zero-filled: bucket starts in local
/// wall-clock seconds (what the spike detector's hour-of-week seasonality needs), the counts,
/// and each bucket's local time as text.
pub fn hourly_mentions(store: &Store, topic: &Topic, tz: Tz) -> Result<HourlySeries> {
    use chrono::{DurationRound, TimeZone};
    let mut stmt = store.conn().prepare(
        "SELECT created_at FROM posts
         WHERE id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?1) ORDER BY created_at",
    )?;
    let hours: Vec<i64> = stmt
        .query_map([topic.fts()?], |r| r.get::<_, i64>(0))?
        .map(|t| {
            let local = tz
                .timestamp_opt(t?, 0)
                .single()
                .map(|d| d.naive_local())
                .unwrap_or_default();
            let hour = local
                .duration_trunc(chrono::Duration::hours(1))
                .unwrap_or(local);
            Ok(hour.and_utc().timestamp())
        })
        .collect::<rusqlite::Result<_>>()?;
    let mut series = HourlySeries::default();
    let (Some(&first), Some(&last)) = (hours.iter().min(), hours.iter().max()) else {
        return Ok(series);
    };
    let mut counts = vec![0.0; ((last - first) / 3600 + 1) as usize];
    for h in hours {
        counts[((h - first) / 3600) as usize] += 1.0;
    }
    series.times = (0..counts.len() as i64).map(|i| first + i * 3600).collect();
    series.labels = series
        .times
        .iter()
        .map(|&t| {
            chrono::DateTime::from_timestamp(t, 0)
                .unwrap_or_default()
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .collect();
    series.values = counts;
    Ok(series)
}

/// Hourly counts, as returned by [`hourly_mentions`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HourlySeries {
    pub times: Vec<i64>,
    pub values: Vec<f64>,
    pub labels: Vec<String>,
}
