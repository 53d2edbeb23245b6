//! Everything the dashboard and the briefing show for one topic and period, in one value, so
//! both always agree.

use serde::Serialize;

use super::{aggregate, mentions, series, top_posts, Period, SeriesPoint, TopBy, Totals};
use crate::error::Result;
use crate::store::posts::StoredPost;
use crate::store::Store;
use crate::topics::Topic;

/// A headline figure with its change against the previous period of the same length.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Kpi {
    pub key: String,
    pub label: String,
    pub value: f64,
    /// The same measure over the previous period.
    pub previous: f64,
    /// Relative change in percent; `None` when the previous period had nothing to compare with.
    pub change_pct: Option<f64>,
    /// A caveat shown under the figure, such as the share of unknown follower counts.
    pub note: Option<String>,
}

/// The dashboard of one topic over one period.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Overview {
    pub topic: Topic,
    /// First and last day, `YYYY-MM-DD`, both included.
    pub from: String,
    pub to: String,
    pub previous_from: String,
    pub previous_to: String,
    pub tz: String,
    pub totals: Totals,
    pub previous: Totals,
    pub kpis: Vec<Kpi>,
    pub series: Vec<SeriesPoint>,
    /// The day with most mentions (the earliest on ties), if any.
    pub peak: Option<SeriesPoint>,
    /// Top posts by engagement.
    pub top_posts: Vec<StoredPost>,
}

/// How many top posts an overview carries.
pub const TOP_POSTS: usize = 8;

pub fn overview(store: &Store, topic: &Topic, period: &Period) -> Result<Overview> {
    let previous_period = period.previous();
    let (prev_start, _) = previous_period.bounds();
    let (start, end) = period.bounds();
    let all = mentions(store, topic, prev_start, end)?;
    let split = all.partition_point(|m| m.created_at < start);
    let (before, during) = all.split_at(split);

    let totals = aggregate(during);
    let previous = aggregate(before);
    let series = series(during, period);
    let peak = series
        .iter()
        .filter(|p| p.totals.mentions > 0)
        .max_by(|a, b| {
            a.totals
                .mentions
                .cmp(&b.totals.mentions)
                .then(b.date.cmp(&a.date))
        })
        .cloned();

    Ok(Overview {
        topic: topic.clone(),
        from: period.from.to_string(),
        to: period.to.to_string(),
        previous_from: previous_period.from.to_string(),
        previous_to: previous_period.to.to_string(),
        tz: period.tz.name().to_string(),
        kpis: kpis(&totals, &previous),
        totals,
        previous,
        series,
        peak,
        top_posts: top_posts(store, topic, period, TopBy::Engagement, TOP_POSTS)?,
    })
}

fn kpis(now: &Totals, before: &Totals) -> Vec<Kpi> {
    let kpi = |key: &str, label: &str, value: f64, previous: f64, note: Option<String>| Kpi {
        key: key.into(),
        label: label.into(),
        value,
        previous,
        change_pct: (previous > 0.0).then(|| (value - previous) / previous * 100.0),
        note,
    };
    let unknown = (now.unique_authors > 0 && now.reach_unknown_share > 0.0).then(|| {
        format!(
            "follower count unknown for {:.0}% of authors",
            now.reach_unknown_share * 100.0
        )
    });
    vec![
        kpi(
            "mentions",
            "Mentions",
            now.mentions as f64,
            before.mentions as f64,
            None,
        ),
        kpi(
            "unique_authors",
            "People posting",
            now.unique_authors as f64,
            before.unique_authors as f64,
            None,
        ),
        kpi(
            "engagement",
            "Engagement",
            now.engagement as f64,
            before.engagement as f64,
            None,
        ),
        kpi(
            "potential_reach",
            "Potential reach",
            now.potential_reach as f64,
            before.potential_reach as f64,
            unknown,
        ),
    ]
}
