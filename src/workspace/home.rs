//! The home view: every topic at a glance, so that the biggest problem is found before any topic
//! is opened. Each card holds the topic's status now, its daily mentions over its default period
//! (the sparkline), its latest spike in that period and the day of its newest post — all read
//! through the same functions as the dashboard, so the two agree.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::analytics::status::Status;
use crate::analytics::OverviewRead;
use crate::error::Result;
use crate::output::timeline;
use crate::store::Store;
use crate::topics;
use crate::wire::DashboardRequest;

/// One topic's card.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct TopicCard {
    pub topic: String,
    pub query: String,
    /// The grade of the last hour, with its sentence.
    pub status: Status,
    /// The default period the card covers: the latest 30 days with data.
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// Mentions per day over the period, oldest first.
    pub sparkline: Vec<u64>,
    pub mentions: u64,
    /// The latest spike in the period, if any.
    pub latest_spike: Option<SpikeSummary>,
    /// The local day of the newest post; `None` for a topic with no posts.
    #[ts(type = "string | null")]
    pub newest: Option<NaiveDate>,
}

/// A spike as the home view names it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SpikeSummary {
    #[ts(type = "string")]
    pub start: NaiveDate,
    #[ts(type = "string")]
    pub peak: NaiveDate,
    #[ts(type = "string")]
    pub end: NaiveDate,
    /// `minor`, `major` or `critical`.
    pub severity: String,
    pub peak_mentions: u64,
    /// The peak ÷ the normal level that day; `None` when the normal level is zero.
    pub times_normal: Option<f64>,
}

/// Every topic's card, the most serious status first (then the most mentions).
pub fn cards(store: &Store, now: DateTime<Utc>) -> Result<Vec<TopicCard>> {
    let mut cards = Vec::new();
    for topic in topics::list(store)? {
        let request = DashboardRequest {
            topic: topic.name.clone(),
            ..Default::default()
        };
        let OverviewRead {
            overview, times, ..
        } = super::views::overview_read(store, &request, now)?;
        // The card shows only the spikes, so the official posts are not looked for.
        let overlays = timeline::overlays_with(store, &overview, None, Some(&times))?;
        let series = &overview.series;
        let day = |i: usize| series.get(i).map(|p| p.date);
        let latest_spike = overlays.spikes.last().and_then(|s| {
            Some(SpikeSummary {
                start: day(s.start)?,
                peak: day(s.peak)?,
                end: day(s.end)?,
                severity: s.severity.clone(),
                peak_mentions: s.peak_mentions.round() as u64,
                times_normal: (s.baseline_at_peak > 0.0)
                    .then(|| s.peak_mentions / s.baseline_at_peak),
            })
        });
        let status = super::live::topic_status(store, &topic, now)?;
        cards.push(TopicCard {
            sparkline: series.iter().map(|p| p.totals.mentions).collect(),
            mentions: overview.totals.mentions,
            newest: (overview.totals.mentions > 0)
                .then(|| series.iter().rev().find(|p| p.totals.mentions > 0))
                .flatten()
                .map(|p| p.date),
            from: overview.period.from,
            to: overview.period.to,
            query: topic.query,
            topic: topic.name,
            status,
            latest_spike,
        });
    }
    cards.sort_by(|a, b| {
        b.status
            .grade
            .cmp(&a.status.grade)
            .then(b.mentions.cmp(&a.mentions))
            .then(a.topic.cmp(&b.topic))
    });
    Ok(cards)
}
