//! What is normal for a topic over a period, in the period's buckets: the spike detector
//! ([`super::spikes`]) run over the [`spikes::HISTORY_DAYS`] before the period and the period
//! itself, on the topic's posts counted in time (each post's time, or a saved topic's counts
//! per quarter hour), from the bucket the workspace's data begins in. The
//! series' baseline and velocity, the chart's band and spikes, and the brief's words about
//! the normal level all come from here, so that "normal" is one figure wherever it is shown.

use super::buckets::Bucket;
use super::period::Period;
use super::spikes::{self, Band, DetectorSettings, SeriesKind, Spike};

/// The detector's reading of a period.
#[derive(Debug, Clone)]
pub struct PeriodNormal {
    /// The band of each of the period's buckets; `None` while the detector is still learning.
    pub bands: Vec<Option<Band>>,
    /// The spikes, their indices counted from the first bucket of the history read before the
    /// period (the period's first bucket is [`PeriodNormal::offset`]).
    pub spikes: Vec<Spike>,
    /// How many buckets of history come before the period's first.
    pub offset: usize,
    /// Each bucket's start (unix seconds), history and period.
    pub starts: Vec<i64>,
}

/// Runs the detector over `period` (in `bucket`s) and the history before it, counting
/// `counted`: `(time, posts)`, oldest first (those outside are ignored), such as each post's
/// time or a topic's posts per quarter hour (a quarter is never split between two buckets:
/// hours and days begin on one in every time zone). `data_start` is when the workspace's data
/// begins: buckets before it teach the detector nothing.
pub fn period_normal_counted(
    counted: impl IntoIterator<Item = (i64, u32)>,
    period: &Period,
    bucket: Bucket,
    data_start: Option<i64>,
) -> PeriodNormal {
    let history = period.reaching_back(spikes::HISTORY_DAYS);
    let (start, end) = history.bounds();
    let buckets = bucket.starts(&history);
    let starts: Vec<i64> = buckets.iter().map(|&(t, _)| t).collect();
    let mut values = vec![0.0; starts.len()];
    // Times come oldest first: each is in the bucket of the one before it or a later one.
    let mut at = 0;
    for (t, posts) in counted {
        if t < start || t >= end {
            continue;
        }
        if t < starts[at] {
            at = starts.partition_point(|&s| s <= t) - 1;
        }
        while at + 1 < starts.len() && starts[at + 1] <= t {
            at += 1;
        }
        values[at] += f64::from(posts);
    }
    // The detector's seasons are local hours and weekdays: each bucket's wall-clock start.
    let seasons: Vec<i64> = buckets
        .iter()
        .map(|(_, local)| local.and_utc().timestamp())
        .collect();
    let detection = spikes::detect_since(
        &seasons,
        &values,
        bucket.seconds(),
        SeriesKind::Mentions,
        &DetectorSettings::default(),
        spikes::first_collected(&starts, data_start),
    );
    let offset = starts.partition_point(|&s| s < period.bounds().0);
    PeriodNormal {
        bands: detection.bands[offset..].to_vec(),
        spikes: detection.spikes,
        offset,
        starts,
    }
}
