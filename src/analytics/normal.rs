//! What is normal for a topic over a period, in the period's buckets: the spike detector
//! ([`super::spikes`]) run over the [`spikes::HISTORY_DAYS`] before the period and the period
//! itself, on the topic's posts counted in time (each post's time, or a saved topic's counts
//! per quarter hour), from the bucket the workspace's data begins in. The
//! series' baseline and velocity, the chart's band and spikes, and the brief's words about
//! the normal level all come from here, so that "normal" is one figure wherever it is shown.

use super::buckets::Bucket;
use super::period::Period;
use super::spikes::{self, Band, Detection, DetectorSettings, SeriesKind, Severity, Spike};

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
///
/// A spike's severity is how far above normal it went *and for how long*, which a day or a
/// week cannot tell: a one-hour burst fills a day's bucket as if it had lasted 24 hours. Over
/// days and weeks, each spike therefore takes the severity the hourly detector gave the hours
/// it spans (the highest, if several), as the alerts and the status read them; one in which no
/// hour stood out is minor.
pub fn period_normal_counted(
    counted: impl IntoIterator<Item = (i64, u32)>,
    period: &Period,
    bucket: Bucket,
    data_start: Option<i64>,
) -> PeriodNormal {
    let history = period.reaching_back(spikes::HISTORY_DAYS);
    let mut grid = Grid::new(&history, bucket);
    let mut hours = (bucket != Bucket::Hour).then(|| Grid::new(&history, Bucket::Hour));
    let (start, end) = history.bounds();
    for (t, posts) in counted {
        if t < start || t >= end {
            continue;
        }
        grid.add(t, posts);
        if let Some(hours) = &mut hours {
            hours.add(t, posts);
        }
    }
    let mut detection = grid.detect(data_start);
    if let Some(hours) = hours {
        let hourly = hours.detect(data_start);
        for spike in &mut detection.spikes {
            let from = grid.starts[spike.start];
            let to = grid.end_of(spike.end, end);
            spike.severity = hourly
                .spikes
                .iter()
                .filter(|h| hours.starts[h.start] < to && hours.end_of(h.end, end) > from)
                .map(|h| h.severity)
                .max()
                .unwrap_or(Severity::Minor);
        }
    }
    let offset = grid.starts.partition_point(|&s| s < period.bounds().0);
    PeriodNormal {
        bands: detection.bands[offset..].to_vec(),
        spikes: detection.spikes,
        offset,
        starts: grid.starts,
    }
}

/// Posts counted in the buckets of a period.
struct Grid {
    bucket: Bucket,
    /// Each bucket's start (unix seconds) and its wall-clock start, the detector's season.
    starts: Vec<i64>,
    seasons: Vec<i64>,
    values: Vec<f64>,
    /// The bucket the last time counted fell in.
    at: usize,
}

impl Grid {
    fn new(period: &Period, bucket: Bucket) -> Grid {
        let buckets = bucket.starts(period);
        Grid {
            bucket,
            starts: buckets.iter().map(|&(t, _)| t).collect(),
            // The detector's seasons are local hours and weekdays.
            seasons: buckets
                .iter()
                .map(|(_, local)| local.and_utc().timestamp())
                .collect(),
            values: vec![0.0; buckets.len()],
            at: 0,
        }
    }

    /// Counts `posts` at `t`, a time within the period. Times come oldest first: each is in
    /// the bucket of the one before it or a later one.
    fn add(&mut self, t: i64, posts: u32) {
        let starts = &self.starts;
        if t < starts[self.at] {
            self.at = starts.partition_point(|&s| s <= t) - 1;
        }
        while self.at + 1 < starts.len() && starts[self.at + 1] <= t {
            self.at += 1;
        }
        self.values[self.at] += f64::from(posts);
    }

    /// When bucket `i` ends; the last ends with the period (`end`).
    fn end_of(&self, i: usize, end: i64) -> i64 {
        self.starts.get(i + 1).copied().unwrap_or(end)
    }

    fn detect(&self, data_start: Option<i64>) -> Detection {
        spikes::detect_since(
            &self.seasons,
            &self.values,
            self.bucket.seconds(),
            SeriesKind::Mentions,
            &DetectorSettings::default(),
            spikes::first_collected(&self.starts, data_start),
        )
    }
}
