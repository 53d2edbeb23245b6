//! What the exposure chart draws over the mentions: the baseline band and spikes (from the spike
//! detector run over the buckets before and during the period: days, or hours for a window of
//! hours), the topic's incidents, and the organisation's official posts (`analytics::response`: its
//! own accounts' posts on the topic and replies in complaint threads).

use serde::Serialize;

use crate::analytics::problems::Taxonomy;
use crate::analytics::response::{self, Response};
use crate::analytics::spikes;
use crate::analytics::{mentions, normal, Overview, Times};
use crate::error::Result;
use crate::incidents;
use crate::store::{settings, Store};
use crate::topics::matches::Selection;

/// The normal range of one day of the chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ts_rs::TS)]
pub struct BandPoint {
    pub baseline: f64,
    pub upper: f64,
}

/// A spike, as indices into the period's buckets (its series).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SpikeMark {
    pub start: usize,
    pub peak: usize,
    pub end: usize,
    /// `minor`, `major` or `critical`.
    pub severity: String,
    pub peak_mentions: f64,
    pub baseline_at_peak: f64,
    /// Whether it began before the period: `start` is then the period's first bucket, and the
    /// peak is its highest bucket inside the period.
    pub began_before: bool,
}

/// An incident, as fractional bucket positions on the chart (clamped to the period).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct IncidentMark {
    /// The incident's id, to rename or remove it.
    pub id: i64,
    /// The ticket number, or "Incident" when it has none.
    pub label: String,
    pub number: Option<String>,
    pub title: String,
    pub start: f64,
    pub end: f64,
    pub lags: incidents::Lags,
    /// How the public's complaints lined up with the ticket, in one sentence, when they did not
    /// start together.
    pub lead: Option<String>,
    pub opened_at: i64,
    pub resolved_at: Option<i64>,
}

pub use crate::incidents::lead_sentence;

/// An official post (an own account's post on the topic, or its reply in a complaint's thread),
/// as a fractional bucket position on the chart.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct OfficialMark {
    /// The post's row id.
    pub id: i64,
    pub at: f64,
    /// Unix seconds.
    pub created_at: i64,
    pub handle: String,
    /// A reply in a complaint's thread, rather than a post on the topic.
    pub reply: bool,
}

/// Everything drawn over the series.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct Overlays {
    /// One entry per bucket of the period; `None` while the detector is still learning.
    pub band: Vec<Option<BandPoint>>,
    pub spikes: Vec<SpikeMark>,
    pub incidents: Vec<IncidentMark>,
    /// The organisation's official posts in the period, oldest first; none when the
    /// `own_accounts` setting is empty.
    pub official: Vec<OfficialMark>,
}

/// The chart's overlays, the official posts found by the organisation's response over the
/// overview's period (see [`overlays_with`]).
pub fn overlays(store: &Store, overview: &Overview, times: Option<&Times>) -> Result<Overlays> {
    let own = settings::own_accounts(store.conn())?;
    let response = if own.is_empty() {
        None
    } else {
        let taxonomy = Taxonomy::load(store.conn())?;
        Some(response::response(
            store,
            &taxonomy,
            &overview.topic,
            &overview.period,
            &own,
        )?)
    };
    overlays_with(store, overview, response.as_ref(), times)
}

/// The chart's overlays, marking the official posts of `response` (the briefing has it already;
/// `None` marks none). The band counts in `times` when they cover its history (the overview's
/// [`OverviewRead::times`](crate::analytics::OverviewRead::times)), else reads them.
pub fn overlays_with(
    store: &Store,
    overview: &Overview,
    response: Option<&Response>,
    times: Option<&Times>,
) -> Result<Overlays> {
    let (period, bucket, tz) = (overview.period, overview.bucket, overview.period.tz);
    let history = period.reaching_back(spikes::HISTORY_DAYS);
    let (start, end) = history.bounds();
    let selection = Selection::of(store, &overview.topic)?;
    let times = mentions::counted_within(store, &selection, times, start, end)?;
    let normal = normal::period_normal_counted(times.iter(), &period, bucket, store.data_start()?);
    let (offset, unix) = (normal.offset, &normal.starts);
    let (period_start, period_end) = period.bounds();
    let n = overview.series.len();

    let band = normal
        .bands
        .iter()
        .map(|b| {
            b.map(|b| BandPoint {
                baseline: b.baseline,
                upper: b.upper,
            })
        })
        .collect();
    let spikes = normal
        .spikes
        .iter()
        .filter(|s| s.end >= offset)
        .map(|s| {
            let (start, end) = (
                s.start.saturating_sub(offset),
                (s.end - offset).min(n.saturating_sub(1)),
            );
            // A spike that began before the period is told by its part inside: its highest
            // bucket there (the earliest on ties), not a peak the chart does not show.
            let (peak, peak_mentions, baseline_at_peak) = if s.peak >= offset {
                (s.peak - offset, s.peak_value, s.baseline_at_peak)
            } else {
                let highest = (start..=end)
                    .filter_map(|i| Some((i, overview.series.get(i)?.totals.mentions)))
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map_or(start, |(i, _)| i);
                let mentions = overview
                    .series
                    .get(highest)
                    .map_or(0, |p| p.totals.mentions);
                let baseline = normal.bands.get(highest).copied().flatten();
                (
                    highest,
                    mentions as f64,
                    baseline.map_or(0.0, |b| b.baseline),
                )
            };
            SpikeMark {
                start,
                peak,
                end,
                severity: format!("{:?}", s.severity).to_lowercase(),
                peak_mentions,
                baseline_at_peak,
                began_before: s.start < offset,
            }
        })
        .collect();

    // The period's bucket boundaries: an instant's position is its bucket's index plus how far
    // into the bucket it is (a local day lasts 23 or 25 hours when the clocks change).
    let edges: Vec<i64> = unix[offset..].iter().copied().chain([end]).collect();
    let position = |t: i64| {
        let i = edges.partition_point(|&s| s <= t).clamp(1, edges.len() - 1) - 1;
        i as f64 + (t - edges[i]) as f64 / (edges[i + 1] - edges[i]) as f64
    };
    let incidents = incidents::with_lags(store, &overview.topic, tz)?
        .into_iter()
        .filter(|i| {
            let r = i.incident.resolved_at.unwrap_or(i.incident.opened_at);
            r >= period_start && i.incident.opened_at < period_end
        })
        .map(|i| IncidentMark {
            id: i.incident.id,
            label: i
                .incident
                .number
                .clone()
                .unwrap_or_else(|| "Incident".into()),
            number: i.incident.number.clone(),
            title: i.incident.title.clone(),
            start: position(i.incident.opened_at).max(0.0),
            end: position(i.incident.resolved_at.unwrap_or(period_end - 1)).min(n as f64),
            lead: lead_sentence(&i.lags),
            lags: i.lags,
            opened_at: i.incident.opened_at,
            resolved_at: i.incident.resolved_at,
        })
        .collect();
    let official = response
        .map(|r| {
            r.official
                .iter()
                .map(|o| OfficialMark {
                    id: o.id,
                    at: position(o.created_at),
                    created_at: o.created_at,
                    handle: o.handle.clone(),
                    reply: o.reply,
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Overlays {
        band,
        spikes,
        incidents,
        official,
    })
}
