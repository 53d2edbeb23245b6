//! Everything the dashboard and the briefing show for one topic and period, in one value, so
//! both always agree.

use serde::Serialize;

use super::breakdown::{self, Breakdown, Voice};
use super::change::{Before, Change};
use super::copies::{self, CopyCount};
use super::mentions::Times;
use super::period::Covered;
use super::samples::window_posts;
use super::{
    aggregate, mentions, series, spikes, top, Bucket, ExposureModel, ExposureRate, Mention, Period,
    SeriesPoint, TopBy, Totals,
};
use crate::error::Result;
use crate::store::posts::StoredPost;
use crate::store::Store;
use crate::topics::matches::Selection;
use crate::topics::Topic;

/// A headline figure with its change against the previous period of the same length.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Kpi {
    pub key: String,
    pub label: String,
    pub value: f64,
    /// The same measure over the previous period (0 when unknown there: see `change`).
    pub previous: f64,
    /// How it moved against the previous period, in words.
    pub change: Change,
    /// A caveat shown under the figure, such as the share of unknown follower counts.
    pub note: Option<String>,
    /// Whether the figure is unknown: nothing it adds up was known (no author's follower count,
    /// no post's views), so `value` is 0 by default, not by measurement, and is shown as
    /// unknown rather than as 0.
    pub unknown: bool,
}

/// The dashboard of one topic over one period.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Overview {
    pub topic: Topic,
    #[ts(as = "super::PeriodWire")]
    pub period: Period,
    /// Which rule chose the period when the user named none ("the latest 30 days with data");
    /// `None` for a period the user chose.
    pub period_note: Option<String>,
    /// The period of the same length just before, which the changes compare with.
    #[ts(as = "super::PeriodWire")]
    pub previous_period: Period,
    pub bucket: Bucket,
    pub totals: Totals,
    pub previous: Totals,
    pub kpis: Vec<Kpi>,
    /// How the share of negative posts moved against the previous period, in points.
    pub negative_change: Change,
    pub series: Vec<SeriesPoint>,
    /// The bucket with most mentions (the earliest on ties), if any.
    pub peak: Option<SeriesPoint>,
    /// Top posts by engagement, each text once (the best of its copies).
    pub top_posts: Vec<StoredPost>,
    /// Top posts by estimated exposure, each text once.
    pub top_posts_by_exposure: Vec<StoredPost>,
    /// Authors with the largest reach.
    pub top_voices: Vec<Voice>,
    pub platforms: Vec<Breakdown>,
    pub languages: Vec<Breakdown>,
    /// The copies among the period's mentions (its newest 5,000 read): "of which 412 are copies
    /// of 25 texts", said as the mentions' note.
    pub copies: CopyCount,
    /// The topic's mentions ÷ the mentions of all topics over the period.
    pub share_of_voice: Option<f64>,
    /// The visibility rates and follower medians the exposure estimate used.
    pub exposure_rates: Vec<ExposureRate>,
}

/// How many top posts and voices an overview carries.
pub const TOP_POSTS: usize = 8;

/// The overview with one point per day, or per hour for a window of hours.
pub fn overview(store: &Store, topic: &Topic, period: &Period) -> Result<Overview> {
    overview_by(store, topic, period, period.bucket())
}

/// The overview with the series in the given buckets (weeks widen the period to whole weeks).
pub fn overview_by(
    store: &Store,
    topic: &Topic,
    period: &Period,
    bucket: Bucket,
) -> Result<Overview> {
    Ok(overview_read(store, topic, period, bucket, None)?.overview)
}

/// What [`overview_read`] computed the overview from, for a caller that counts more in it (the
/// briefing), so that a topic's posts are read once.
#[derive(Debug, Clone)]
pub struct OverviewRead {
    pub overview: Overview,
    /// The mentions of the period and the one before, oldest first.
    pub mentions: Vec<Mention>,
    /// The topic's posts counted from the chart band's history (or the baseline's, when it
    /// reaches further back) to the end of the period.
    pub times: Times,
}

/// [`overview_by`], with what it was computed from. `known` are the topic's times over some
/// range (read to choose the default period): the history before the two periods is taken
/// from them when they cover it.
pub fn overview_read(
    store: &Store,
    topic: &Topic,
    period: &Period,
    bucket: Bucket,
    known: Option<&Times>,
) -> Result<OverviewRead> {
    let period = bucket.align(period);
    let previous_period = period.previous();
    let (prev_start, _) = previous_period.bounds();
    let (start, end) = period.bounds();
    // The normal level (the series' baseline, the chart's band) learns from the weeks before.
    let earliest = prev_start.min(period.reaching_back(spikes::HISTORY_DAYS).bounds().0);

    let model = ExposureModel::load(store.conn())?;
    let selection = Selection::of(store, topic)?;
    // Facts are read for the two periods the totals compare; the history before them (the
    // baseline's, and the chart band's) needs only the posts counted in time.
    let history = mentions::counted_within(store, &selection, known, earliest, prev_start)?;
    let all = mentions::fetch(store, &selection, &model, prev_start, end)?;
    let (before, during) = all.split_at(all.partition_point(|m| m.created_at < start));
    let voices = super::voices(store, topic, during, start, end)?;
    let data = store.data_span()?;
    let data_start = data.map(|(first, _)| first);

    // What needs only the mentions is counted on a second core while this one reads the rest.
    let (counted, read) = std::thread::scope(|s| {
        let counted = s.spawn(|| Counted {
            totals: aggregate(during),
            previous: aggregate(before),
            series: series(history.iter(), &all, &voices, &period, bucket, data_start),
            platforms: breakdown::by_platform(during),
            languages: breakdown::by_language(during),
        });
        let read = (|| -> Result<_> {
            Ok((
                copies::copies(&window_posts(store, &selection, start, end)?).count(),
                top::rank_distinct(store, during, TopBy::Engagement, TOP_POSTS)?,
                top::rank_distinct(store, during, TopBy::Exposure, TOP_POSTS)?,
                breakdown::top_voices(store, during, TOP_POSTS)?,
            ))
        })();
        let counted = counted
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (counted, read)
    });
    let (copies, top_posts, top_posts_by_exposure, top_voices) = read?;
    let Counted {
        totals,
        previous,
        series,
        platforms,
        languages,
    } = counted;
    let peak = series
        .iter()
        .filter(|p| p.totals.mentions > 0)
        .max_by(|a, b| {
            a.totals
                .mentions
                .cmp(&b.totals.mentions)
                .then(b.start.cmp(&a.start))
        })
        .cloned();
    let covered = period.covered(data);
    let times = Times::from_parts(earliest, end, history, all.iter().map(|m| m.created_at));

    let overview = Overview {
        topic: topic.clone(),
        period,
        period_note: None,
        previous_period,
        bucket,
        kpis: kpis(&totals, &previous, &copies, &period.before(), covered),
        negative_change: Change::of_share(
            totals.negative_share,
            Before::covered(covered, || match previous.mentions {
                0 => Before::Known(None),
                _ => Before::Known(Some(previous.negative_share)),
            }),
            &period.before(),
        ),
        copies,
        totals,
        previous,
        series,
        peak,
        top_posts,
        top_posts_by_exposure,
        top_voices,
        platforms,
        languages,
        share_of_voice: (!voices.is_empty()).then(|| during.len() as f64 / voices.len() as f64),
        exposure_rates: model.rates(),
    };
    Ok(OverviewRead {
        overview,
        mentions: all,
        times,
    })
}

/// The overview's parts counted from the mentions alone.
struct Counted {
    totals: Totals,
    previous: Totals,
    series: Vec<SeriesPoint>,
    platforms: Vec<Breakdown>,
    languages: Vec<Breakdown>,
}

fn kpis(
    now: &Totals,
    before: &Totals,
    copies: &CopyCount,
    words: &str,
    covered: Covered,
) -> Vec<Kpi> {
    // `unknown_before`: none of the figure's parts was known in the previous period, which had
    // posts.
    let kpi = |key: &str, label: &str, value: f64, previous: f64, unknown_before: bool| {
        let then = Before::covered(covered, || match unknown_before && before.mentions > 0 {
            true => Before::Unknown,
            false => Before::Known(previous),
        });
        Kpi {
            key: key.into(),
            label: label.into(),
            value,
            previous,
            change: Change::of(value, then, words),
            note: None,
            unknown: false,
        }
    };
    // A figure some of whose parts are unknown says how many; one none of whose parts is
    // known is unknown itself, not 0.
    let partly_known = |kpi: Kpi, share: f64, none: &str, part: &str, of: &str| Kpi {
        unknown: share >= 1.0,
        note: match share {
            s if s >= 1.0 => Some(none.to_string()),
            s if s > 0.0 => Some(format!(
                "{part} unknown for {} of {of}",
                super::share_percent(s)
            )),
            _ => None,
        },
        ..kpi
    };
    vec![
        Kpi {
            note: copies.note(now.mentions),
            ..kpi(
                "mentions",
                "Mentions",
                now.mentions as f64,
                before.mentions as f64,
                false,
            )
        },
        kpi(
            "unique_authors",
            "People posting",
            now.unique_authors as f64,
            before.unique_authors as f64,
            false,
        ),
        partly_known(
            kpi(
                "engagement",
                "Engagement",
                now.engagement as f64,
                before.engagement as f64,
                before.engagement_unknown_share >= 1.0,
            ),
            now.engagement_unknown_share,
            "no post's likes, shares, replies or quotes are known",
            "engagement",
            "posts",
        ),
        partly_known(
            kpi(
                "potential_reach",
                "Potential reach",
                now.potential_reach as f64,
                before.potential_reach as f64,
                before.reach_unknown_share >= 1.0,
            ),
            now.reach_unknown_share,
            "no author's follower count is known",
            "follower count",
            "authors",
        ),
        partly_known(
            kpi(
                "exposure",
                "Estimated views",
                now.exposure.round(),
                before.exposure.round(),
                before.exposure_unknown_share >= 1.0,
            ),
            now.exposure_unknown_share,
            "no post's views can be estimated",
            "exposure",
            "posts",
        ),
    ]
}
