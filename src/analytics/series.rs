//! Per-bucket measures (METRICS.md § Per time bucket), zero-filled.

use std::collections::HashMap;

use serde::Serialize;

use super::{Mention, Period};
use crate::time;

/// The measures over any set of mentions: a day, or a whole period.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, ts_rs::TS)]
pub struct Totals {
    pub mentions: u64,
    pub unique_authors: u64,
    pub engagement: i64,
    /// Sum over distinct authors of their largest known follower count.
    pub potential_reach: i64,
    /// Share of distinct authors whose follower count is unknown (0 when there are none).
    pub reach_unknown_share: f64,
}

/// Aggregates mentions; each author counts once, with the largest follower count known.
pub fn aggregate<'a>(mentions: impl IntoIterator<Item = &'a Mention>) -> Totals {
    // `None` key: posts with no known author, each counted as a separate unknown person.
    let mut authors: HashMap<i64, Option<i64>> = HashMap::new();
    let mut anonymous = 0u64;
    let mut totals = Totals::default();
    for m in mentions {
        totals.mentions += 1;
        totals.engagement += m.engagement;
        match m.author {
            Some(id) => {
                let best = authors.entry(id).or_insert(None);
                *best = (*best).max(m.followers);
            }
            None => anonymous += 1,
        }
    }
    totals.unique_authors = authors.len() as u64 + anonymous;
    totals.potential_reach = authors.values().flatten().sum();
    let unknown = authors.values().filter(|f| f.is_none()).count() as u64 + anonymous;
    if totals.unique_authors > 0 {
        totals.reach_unknown_share = unknown as f64 / totals.unique_authors as f64;
    }
    totals
}

/// One day of the series.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SeriesPoint {
    /// The local calendar day, `YYYY-MM-DD`.
    pub date: String,
    /// When the day starts, RFC 3339 UTC.
    pub start: String,
    #[serde(flatten)]
    #[ts(flatten)]
    pub totals: Totals,
}

/// Daily measures over the period, one point per day, days without posts included as zeros.
pub fn series(mentions: &[Mention], period: &Period) -> Vec<SeriesPoint> {
    let mut by_day: HashMap<chrono::NaiveDate, Vec<&Mention>> = HashMap::new();
    for m in mentions {
        by_day
            .entry(time::local_day(period.tz, m.created_at))
            .or_default()
            .push(m);
    }
    period
        .each_day()
        .map(|day| SeriesPoint {
            date: day.to_string(),
            start: time::rfc3339(time::day_start(period.tz, day).timestamp()),
            totals: by_day
                .get(&day)
                .map(|ms| aggregate(ms.iter().copied()))
                .unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(author: Option<i64>, followers: Option<i64>, engagement: i64) -> Mention {
        Mention {
            created_at: 0,
            author,
            followers,
            engagement,
        }
    }

    #[test]
    fn each_author_counts_once_with_their_largest_known_followers() {
        let t = aggregate(&[
            m(Some(1), Some(100), 3),
            m(Some(1), Some(150), 0),
            m(Some(2), None, 1),
            m(Some(3), Some(10), 0),
        ]);
        assert_eq!(t.mentions, 4);
        assert_eq!(t.unique_authors, 3);
        assert_eq!(t.engagement, 4);
        assert_eq!(t.potential_reach, 160);
        assert!((t.reach_unknown_share - 1.0 / 3.0).abs() < 1e-12);
    }
}
