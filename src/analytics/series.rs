//! Per-bucket measures (defined in [`crate::analytics`]), zero-filled.

use chrono::{NaiveDate, NaiveDateTime};
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::buckets::{count_runs, Bucket, Bucketer};
use super::{Mention, Period};

/// The measures over any set of mentions: a bucket, or a whole period.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, ts_rs::TS)]
pub struct Totals {
    pub mentions: u64,
    pub unique_authors: u64,
    /// The sum of the known engagement.
    pub engagement: i64,
    /// Share of mentions whose engagement is unknown (none of their four counts).
    pub engagement_unknown_share: f64,
    /// Sum over distinct authors of their largest known follower count.
    pub potential_reach: i64,
    /// Share of distinct authors whose follower count is unknown (0 when there are none).
    pub reach_unknown_share: f64,
    /// Estimated views: the sum of the posts' known exposure.
    pub exposure: f64,
    /// Share of mentions whose exposure is unknown (no views and no follower count).
    pub exposure_unknown_share: f64,
    /// Mentions negative in tone (compound ≤ −0.05): the posts the negative share counts.
    pub negative: u64,
    /// Share of scored mentions with negative sentiment (compound ≤ −0.05).
    pub negative_share: f64,
    /// (positive − negative) ÷ (positive + negative); `None` when no mention is either.
    pub net_sentiment: Option<f64>,
}

/// VADER's thresholds: negative ≤ −0.05 < neutral < 0.05 ≤ positive.
pub const NEGATIVE: f64 = -0.05;
pub const POSITIVE: f64 = 0.05;

/// Aggregates mentions; each author counts once, with the largest follower count known.
pub fn aggregate<'a>(mentions: impl IntoIterator<Item = &'a Mention>) -> Totals {
    let mut totals = Aggregator::default();
    for m in mentions {
        totals.add(m);
    }
    totals.finish()
}

/// [`aggregate`] one mention at a time: a fold per key (platform, language) holds this state
/// for each key instead of the mentions themselves.
#[derive(Debug, Default)]
pub struct Aggregator {
    totals: Totals,
    /// Each known author once, with their largest known follower count.
    authors: FxHashMap<i64, Option<i64>>,
    /// Posts with no known author each count as a separate person, whose follower count is the
    /// one their post gives (summed in `anonymous_reach`), if any (else `anonymous_unknown`).
    anonymous: u64,
    anonymous_reach: i64,
    anonymous_unknown: u64,
    engagement_unknown: u64,
    exposure_unknown: u64,
    scored: u64,
    negative: u64,
    positive: u64,
}

impl Aggregator {
    pub fn add(&mut self, m: &Mention) {
        self.totals.mentions += 1;
        self.totals.engagement += m.engagement();
        self.engagement_unknown += u64::from(!m.engagement_known());
        match m.author() {
            Some(id) => {
                let best = self.authors.entry(id).or_insert(None);
                *best = (*best).max(m.followers());
            }
            None => {
                self.anonymous += 1;
                match m.followers() {
                    Some(f) => self.anonymous_reach += f,
                    None => self.anonymous_unknown += 1,
                }
            }
        }
        match m.exposure() {
            Some(e) => self.totals.exposure += e,
            None => self.exposure_unknown += 1,
        }
        if let Some(s) = m.sentiment() {
            self.scored += 1;
            self.negative += u64::from(s <= NEGATIVE);
            self.positive += u64::from(s >= POSITIVE);
        }
    }

    /// The mentions added so far.
    pub fn mentions(&self) -> u64 {
        self.totals.mentions
    }

    pub fn finish(self) -> Totals {
        let Aggregator {
            mut totals,
            authors,
            anonymous,
            anonymous_reach,
            anonymous_unknown,
            engagement_unknown,
            exposure_unknown,
            scored,
            negative,
            positive,
        } = self;
        totals.unique_authors = authors.len() as u64 + anonymous;
        totals.potential_reach = authors.values().flatten().sum::<i64>() + anonymous_reach;
        let unknown = authors.values().filter(|f| f.is_none()).count() as u64 + anonymous_unknown;
        totals.reach_unknown_share = share(unknown, totals.unique_authors);
        totals.exposure_unknown_share = share(exposure_unknown, totals.mentions);
        totals.engagement_unknown_share = share(engagement_unknown, totals.mentions);
        totals.negative = negative;
        totals.negative_share = share(negative, scored);
        totals.net_sentiment = (positive + negative > 0)
            .then(|| (positive as f64 - negative as f64) / (positive + negative) as f64);
        totals
    }
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// One bucket of the series.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SeriesPoint {
    /// The local calendar day the bucket starts on (`YYYY-MM-DD` on the wire).
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// The local wall-clock time the bucket starts at (`2026-09-02T14:00:00` on the wire).
    #[ts(type = "string")]
    pub local: NaiveDateTime,
    /// When the bucket starts, unix seconds.
    pub start: i64,
    /// When the next bucket starts, unix seconds: a local day lasts 23 or 25 hours when the
    /// clocks change, so this is never `start` plus a fixed length.
    pub end: i64,
    #[serde(flatten)]
    #[ts(flatten)]
    pub totals: Totals,
    /// The typical mentions of this bucket: the spike detector's baseline ([`super::normal`],
    /// the dashed line of the chart's normal range); `None` while it is still learning.
    pub baseline: Option<f64>,
    /// mentions ÷ baseline; `None` when the baseline is unknown or zero.
    pub velocity: Option<f64>,
    /// The topic's mentions ÷ the mentions of all topics in the bucket; `None` when there are none.
    pub share_of_voice: Option<f64>,
}

impl SeriesPoint {
    /// Whether the bucket is an hour (a local day is never shorter than 23 hours).
    pub fn is_hour(&self) -> bool {
        self.end - self.start <= 3600
    }
}

/// The measures of every bucket of the period, empty buckets included as zeros.
///
/// The baseline is what is normal for each bucket ([`super::normal`]), learned from `history`,
/// the topic's posts counted at their times (`(time, posts)`, oldest first: each post, or a
/// quarter hour's count) from [`super::spikes::HISTORY_DAYS`] before the period up to the first
/// of `mentions`, and from `mentions` themselves, since `data_start`. `mentions` (oldest first)
/// may also start before the period; only those
/// inside it are counted in the buckets, each bucket from its run of them, so that nothing is
/// held per mention. `all_topics` holds the times of the posts of every topic, for share
/// of voice.
pub fn series(
    history: impl IntoIterator<Item = (i64, u32)>,
    mentions: &[Mention],
    all_topics: &[i64],
    period: &Period,
    bucket: Bucket,
    data_start: Option<i64>,
) -> Vec<SeriesPoint> {
    let tz = period.tz;
    let (start, end) = period.bounds();
    let counted = history
        .into_iter()
        .chain(mentions.iter().map(|m| (m.created_at, 1)));
    let normal = super::normal::period_normal_counted(counted, period, bucket, data_start);
    let mut bands = normal.bands.into_iter();
    let mut bucketer = Bucketer::new(bucket, tz);
    // Oldest first, so each bucket's mentions are the run before the next bucket's start.
    let mut rest = &mentions[mentions.partition_point(|m| m.created_at < start)..];
    let mut voices: FxHashMap<i64, u64> = FxHashMap::default();
    count_runs(all_topics.iter().map(|&t| bucketer.of(t).0), &mut voices);
    let starts = bucket.starts(period);
    let ends: Vec<i64> = starts
        .iter()
        .skip(1)
        .map(|(unix, _)| *unix)
        .chain([end])
        .collect();
    starts
        .into_iter()
        .zip(ends)
        .map(|((unix, local), next)| {
            let (inside, after) = rest.split_at(rest.partition_point(|m| m.created_at < next));
            rest = after;
            let totals = if inside.is_empty() {
                Totals::default()
            } else {
                aggregate(inside)
            };
            let typical = bands.next().flatten().map(|b| b.baseline);
            let all = voices.get(&unix).copied().unwrap_or(0);
            SeriesPoint {
                date: local.date(),
                local,
                start: unix,
                end: next,
                baseline: typical,
                velocity: typical
                    .filter(|&b| b > 0.0)
                    .map(|b| totals.mentions as f64 / b),
                share_of_voice: (all > 0).then(|| totals.mentions as f64 / all as f64),
                totals,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::lang::Lang;
    use crate::model::Platform;

    fn m(author: Option<i64>, followers: Option<i64>, engagement: i64) -> Mention {
        Mention::new(0, author, followers, engagement)
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

    /// A post without an author is one person, whose follower count is the one the post gives.
    #[test]
    fn a_post_without_an_author_reaches_the_followers_it_gives() {
        let t = aggregate(&[
            m(Some(1), Some(100), 0),
            m(None, Some(40), 0),
            m(None, Some(40), 0),
            m(None, None, 0),
        ]);
        assert_eq!(t.unique_authors, 4);
        assert_eq!(t.potential_reach, 180);
        assert!((t.reach_unknown_share - 0.25).abs() < 1e-12);
    }

    #[test]
    fn sentiment_and_exposure_shares() {
        let scored = |s: Option<f64>, e: Option<f64>| {
            Mention::with_facts(0, 0, Platform::Other, Lang::NONE, None, None, Some(0), e, s)
        };
        let t = aggregate(&[
            scored(Some(-0.05), Some(10.0)),
            scored(Some(-0.9), None),
            scored(Some(0.04), Some(2.5)),
            scored(Some(0.05), None),
            scored(None, None),
        ]);
        assert_eq!(t.exposure, 12.5);
        assert_eq!(t.exposure_unknown_share, 3.0 / 5.0);
        assert_eq!(t.negative_share, 2.0 / 4.0);
        assert_eq!(t.net_sentiment, Some((1.0 - 2.0) / 3.0));
        assert_eq!(aggregate(&[scored(Some(0.0), None)]).net_sentiment, None);
    }
}
