//! A topic's mentions per local hour over all its posts, for the spike detector.

use chrono::TimeZone;
use chrono_tz::Tz;
use rusqlite::params_from_iter;

use crate::error::Result;
use crate::store::Store;
use crate::topics::matches::Selection;
use crate::topics::Topic;

/// A topic's mentions per local hour over all its posts, zero-filled from the hour the
/// workspace's data begins in to the hour it ends in (hours before the topic's first post and
/// after its last are quiet hours, those outside the data unknown). The hours are hours of time: the night the clocks go back has two 01:00
/// hours, and the night they go forward none at 02:00.
pub fn hourly_mentions(store: &Store, topic: &Topic, tz: Tz) -> Result<HourlySeries> {
    counted_by_hour(store, topic, tz, Hours::Local)
}

/// [`hourly_mentions`] counted in the hours of UTC, each still in the season of the local hour
/// it begins in: when something happened against something else (an incident's lags) is then
/// told alike whatever the zone shown, where in a zone half an hour from UTC the local hours
/// would move it by half an hour. In a zone a whole number of hours from UTC the two series are
/// the same.
pub fn utc_hourly_mentions(store: &Store, topic: &Topic, tz: Tz) -> Result<HourlySeries> {
    counted_by_hour(store, topic, tz, Hours::Utc)
}

/// The hours a series is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hours {
    Local,
    Utc,
}

fn counted_by_hour(store: &Store, topic: &Topic, tz: Tz, hours: Hours) -> Result<HourlySeries> {
    let (ids, params) = Selection::of(store, topic)?.ids_sql(i64::MIN, i64::MAX);
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT created_at FROM ({ids}) ORDER BY created_at"
    ))?;
    let local = |t: i64| t + offset_secs(tz, t);
    // When the hour of `t` began.
    let hour_of = |t: i64| match hours {
        Hours::Local => t - local(t).rem_euclid(3600),
        Hours::Utc => t - t.rem_euclid(3600),
    };
    let hours: Vec<i64> = stmt
        .query_map(params_from_iter(params), |r| r.get::<_, i64>(0))?
        .map(|t| t.map(hour_of))
        .collect::<rusqlite::Result<_>>()?;
    let mut series = HourlySeries::default();
    let (Some(&first), Some(&last)) = (hours.iter().min(), hours.iter().max()) else {
        return Ok(series);
    };
    let first = store.data_start()?.map_or(first, |t| first.min(hour_of(t)));
    let last = store.data_end()?.map_or(last, |t| last.max(hour_of(t)));
    let mut counts = vec![0.0; ((last - first) / 3600 + 1) as usize];
    for h in hours {
        counts[((h - first) / 3600) as usize] += 1.0;
    }
    series.starts = (0..counts.len() as i64).map(|i| first + i * 3600).collect();
    series.times = series.starts.iter().map(|&t| local(t)).collect();
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

/// Seconds `tz` is ahead of UTC at the instant `t`.
pub fn offset_secs(tz: Tz, t: i64) -> i64 {
    use chrono::Offset;
    tz.offset_from_utc_datetime(
        &chrono::DateTime::from_timestamp(t, 0)
            .unwrap_or_default()
            .naive_utc(),
    )
    .fix()
    .local_minus_utc() as i64
}

/// Hourly counts, as returned by [`hourly_mentions`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HourlySeries {
    /// When each hour begins, unix seconds.
    pub starts: Vec<i64>,
    /// The same in local wall-clock seconds, the detector's seasons (hour of the week): two
    /// hours may share one when the clocks go back.
    pub times: Vec<i64>,
    pub values: Vec<f64>,
    pub labels: Vec<String>,
}
