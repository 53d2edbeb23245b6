//! Most reported problems: what is broken for people, in a topic's posts.
//!
//! Each post carries the categories of the [`Taxonomy`] whose query matches it: none, one or
//! several ("can't log in on the app" is both `login` and `mobile`). For a topic and a period,
//! each category has:
//! - `mentions`: the topic's posts in the period in that category;
//! - `share`: those mentions ÷ all the topic's mentions in the period (a post in two categories
//!   counts in both, so the shares may add up to more than 1);
//! - `previous` and `change`: the same count over the previous period of the same length,
//!   and the relative change, as the KPIs ([`super::Kpi`]) have it;
//! - `people`: distinct authors among those posts (a post without an author counts as one
//!   person, as in [`super::aggregate`]).
//!
//! Categories are ranked by mentions, then people, then the taxonomy's order. Each post's
//! categories are kept with it, caught up by every import and every change to a query
//! ([`crate::topics::categories`]); where they are not current, the categories' compiled queries
//! run over the posts' ids with bound parameters. Either way it is the same matcher as topics',
//! so a category finds exactly what `townhall topic check` says its query finds.

mod scores;

pub use crate::topics::taxonomy::{self, Category, Problem, ProblemSet, Taxonomy};
pub use scores::{score, Score};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::change::{Before, Change};
use super::Period;
use crate::error::Result;
use crate::store::posts::StoredPost;
use crate::store::Store;
use crate::topics::Topic;

/// The categories of each of the posts `ids` (row ids), in the same order: the kept categories
/// when they are current for `taxonomy`, else each category's query run over the posts.
pub fn categorise(store: &Store, taxonomy: &Taxonomy, ids: &[i64]) -> Result<Vec<ProblemSet>> {
    if let Some(kept) = crate::topics::categories::kept(store.conn(), taxonomy, ids)? {
        return Ok(kept);
    }
    let mut found: FxHashMap<i64, ProblemSet> = FxHashMap::default();
    for (i, category) in taxonomy.categories().iter().enumerate() {
        for id in matching(store, category, ids)? {
            found.entry(id).or_default().insert(i);
        }
    }
    Ok(ids
        .iter()
        .map(|id| found.get(id).copied().unwrap_or_default())
        .collect())
}

/// Which of the posts `ids` (row ids) the category's query matches.
fn matching(store: &Store, category: &Category, ids: &[i64]) -> Result<FxHashSet<i64>> {
    super::ids_matching(store, &category.matcher, ids)
}

/// The posts of a selection in a window that report the category (and pass `filter`), best
/// first: the posts behind a bar of "Most reported problems".
pub fn posts(
    store: &Store,
    category: &Category,
    selection: &crate::topics::matches::Selection,
    (start, end): (i64, i64),
    filter: super::PostFilter,
    by: super::TopBy,
    limit: Option<usize>,
) -> Result<Vec<StoredPost>> {
    let model = super::ExposureModel::load(store.conn())?;
    let mut found = super::mentions::fetch(store, selection, &model, start, end)?;
    found.retain(|m| filter.keeps(m));
    let ids: Vec<i64> = found.iter().map(|m| m.id).collect();
    let hits = matching(store, category, &ids)?;
    found.retain(|m| hits.contains(&m.id));
    super::top::rank(store, &found, by, limit)
}

/// One category's figures over a topic's period.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ProblemCount {
    pub problem: Problem,
    pub label: &'static str,
    pub mentions: u64,
    /// Of the topic's mentions in the period; 0 when it has none.
    pub share: f64,
    /// Mentions over the previous period of the same length.
    pub previous: u64,
    /// How the mentions moved against the previous period, in words.
    pub change: Change,
    pub people: u64,
    /// The query that found them, and whether the workspace replaced the built-in one.
    pub query: String,
    pub custom: bool,
}

/// The most reported problems of a topic over a period.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ProblemReport {
    pub topic: Topic,
    #[ts(as = "super::PeriodWire")]
    pub period: Period,
    #[ts(as = "super::PeriodWire")]
    pub previous_period: Period,
    /// The topic's mentions in the period, and how many of them are in some category.
    pub mentions: u64,
    pub categorised: u64,
    /// Every category, most mentioned first.
    pub problems: Vec<ProblemCount>,
}

impl ProblemReport {
    /// The category most mentioned, when any post is in one.
    pub fn top(&self) -> Option<&ProblemCount> {
        self.problems.first().filter(|p| p.mentions > 0)
    }
}

/// A topic's mentions over a period and the one before, with their problem categories: read
/// once for everything a briefing counts in them (the most reported problems, the response).
#[derive(Debug, Clone)]
pub struct PeriodMentions {
    pub topic: Topic,
    pub period: Period,
    /// The mentions of the previous period and of this one, oldest first.
    pub mentions: Vec<super::Mention>,
    /// The categories of each of them, in the same order (see [`categorise`]).
    pub categories: Vec<ProblemSet>,
    /// How much of the period and the previous one the workspace's posts cover.
    pub covered: super::period::Covered,
}

impl PeriodMentions {
    pub fn read(
        store: &Store,
        taxonomy: &Taxonomy,
        topic: &Topic,
        period: &Period,
    ) -> Result<Self> {
        let (_, end) = period.bounds();
        let (prev_start, _) = period.previous().bounds();
        let mentions = super::mentions(store, topic, prev_start, end)?;
        Self::categorised(store, taxonomy, topic, period, mentions)
    }

    /// The mentions of the period and the one before, already read (an overview's), with their
    /// categories.
    pub fn categorised(
        store: &Store,
        taxonomy: &Taxonomy,
        topic: &Topic,
        period: &Period,
        mentions: Vec<super::Mention>,
    ) -> Result<Self> {
        let ids: Vec<i64> = mentions.iter().map(|m| m.id).collect();
        Ok(PeriodMentions {
            topic: topic.clone(),
            period: *period,
            categories: categorise(store, taxonomy, &ids)?,
            mentions,
            covered: period.covered(store.data_span()?),
        })
    }

    /// The mentions of the period itself, and their categories.
    pub fn during(&self) -> (&[super::Mention], &[ProblemSet]) {
        let (start, _) = self.period.bounds();
        let first = self.mentions.partition_point(|m| m.created_at < start);
        (&self.mentions[first..], &self.categories[first..])
    }
}

/// Counts each category among the topic's posts in the period and in the one before.
pub fn report(
    store: &Store,
    taxonomy: &Taxonomy,
    topic: &Topic,
    period: &Period,
) -> Result<ProblemReport> {
    Ok(report_of(
        taxonomy,
        &PeriodMentions::read(store, taxonomy, topic, period)?,
    ))
}

/// [`report`] of mentions already read.
pub fn report_of(taxonomy: &Taxonomy, read: &PeriodMentions) -> ProblemReport {
    let period = &read.period;
    let previous_period = period.previous();
    let words = period.before();
    let (start, _) = period.bounds();

    #[derive(Default)]
    struct Tally {
        now: u64,
        before: u64,
        authors: FxHashSet<i64>,
        anonymous: u64,
    }
    // One tally per category, in the taxonomy's order.
    let mut tallies: Vec<Tally> = taxonomy
        .categories()
        .iter()
        .map(|_| Tally::default())
        .collect();
    let (mut mentions, mut categorised) = (0u64, 0u64);
    for (post, set) in read.mentions.iter().zip(&read.categories) {
        let during = post.created_at >= start;
        mentions += u64::from(during);
        if set.is_empty() {
            continue;
        }
        categorised += u64::from(during);
        for i in set.indices() {
            let Some(t) = tallies.get_mut(i) else {
                continue;
            };
            if !during {
                t.before += 1;
                continue;
            }
            t.now += 1;
            match post.author() {
                Some(a) => {
                    t.authors.insert(a);
                }
                None => t.anonymous += 1,
            }
        }
    }

    let mut problems: Vec<ProblemCount> = taxonomy
        .categories()
        .iter()
        .zip(tallies)
        .map(|(c, t)| ProblemCount {
            problem: c.problem,
            label: c.label,
            mentions: t.now,
            share: if mentions > 0 {
                t.now as f64 / mentions as f64
            } else {
                0.0
            },
            previous: t.before,
            change: Change::of(
                t.now as f64,
                Before::covered(read.covered, || Before::Known(t.before as f64)),
                &words,
            ),
            people: t.authors.len() as u64 + t.anonymous,
            query: c.query.clone(),
            custom: c.custom,
        })
        .collect();
    // A stable sort keeps the taxonomy's order among equals.
    problems.sort_by_key(|p| std::cmp::Reverse((p.mentions, p.people)));
    ProblemReport {
        topic: read.topic.clone(),
        period: *period,
        previous_period,
        mentions,
        categorised,
        problems,
    }
}
