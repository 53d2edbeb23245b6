//! A topic's mentions per local hour over all its posts, for the spike detector.

use chrono::{DurationRound, TimeZone};
use chrono_tz::Tz;
use rusqlite::params_from_iter;

use crate::error::Result;
use crate::store::Store;
use crate::topics::matches::Selection;
use crate::topics::Topic;

/// A topic's mentions per local hour over all its posts, zero-filled from the hour the
/// workspace's data begins in (hours before the topic's first post are quiet hours, those before
/// the data unknown): bucket starts in local wall-clock seconds (what the spike detector's
/// hour-of-week seasonality needs), the counts, and each bucket's local time as text.
pub fn hourly_mentions(store: &Store, topic: &Topic, tz: Tz) -> Result<HourlySeries> {
    let (ids, params) = Selection::of(store, topic)?.ids_sql(i64::MIN, i64::MAX);
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT created_at FROM ({ids}) ORDER BY created_at"
    ))?;
    let local_hour = |t: i64| {
        let local = tz
            .timestamp_opt(t, 0)
            .single()
            .map(|d| d.naive_local())
            .unwrap_or_default();
        let hour = local
            .duration_trunc(chrono::Duration::hours(1))
            .unwrap_or(local);
        hour.and_utc().timestamp()
    };
    let hours: Vec<i64> = stmt
        .query_map(params_from_iter(params), |r| r.get::<_, i64>(0))?
        .map(|t| t.map(local_hour))
        .collect::<rusqlite::Result<_>>()?;
    let mut series = HourlySeries::default();
    let (Some(&first), Some(&last)) = (hours.iter().min(), hours.iter().max()) else {
        return Ok(series);
    };
    let first = store
        .data_start()?
        .map_or(first, |t| first.min(local_hour(t)));
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
