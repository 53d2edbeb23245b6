//! What drove a window of a topic's timeline — a spike, or any span the user picks: the posts
//! with the widest estimated reach, the voices with the most followers, the terms that rose
//! against the topic's own past and the rest of the workspace, platforms and languages, and
//! sentiment before, during and after.

use serde::Serialize;

use crate::analytics::breakdown::{by_language, by_platform, top_voices};
use crate::analytics::copies::{copies, Copies};
use crate::analytics::drivers::RisingTerm;
use crate::analytics::samples::{terms_that_rose, window_posts};
use crate::analytics::{self, aggregate, top, Breakdown, TopBy, Voice};
use crate::error::{Error, Result};
use crate::store::posts::StoredPost;
use crate::store::Store;
use crate::topics::matches::Selection;
use crate::topics::Topic;

/// Negative share and mentions of a span, for before / during / after.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SentimentSpan {
    pub mentions: u64,
    pub negative_share: f64,
    pub net_sentiment: Option<f64>,
}

/// The explanation of one window.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct WindowReport {
    /// Unix seconds, `[start, end)`.
    pub start: i64,
    pub end: i64,
    pub mentions: u64,
    pub unique_authors: u64,
    pub top_posts: Vec<StoredPost>,
    pub voices: Vec<Voice>,
    pub terms: Vec<RisingTerm>,
    /// Posts that copy another post's text (reposts aside), among the newest posts read.
    pub copies: Copies,
    /// The copies in words ([`Copies::said`]).
    pub copies_said: String,
    pub platforms: Vec<Breakdown>,
    pub languages: Vec<Breakdown>,
    /// The window's length before it, the window, and its length after it.
    /// How the topic's incidents line up with the window, one sentence each (filled in by
    /// `workspace::views::explain_window`, which knows the incidents).
    pub incidents: Vec<String>,
    pub before: SentimentSpan,
    pub during: SentimentSpan,
    pub after: SentimentSpan,
}

pub fn explain(store: &Store, topic: &Topic, start: i64, end: i64) -> Result<WindowReport> {
    if end <= start {
        return Err(Error::InvalidInput(
            "the window ends before it starts".into(),
        ));
    }
    let len = end - start;
    let during = analytics::mentions(store, topic, start, end)?;
    let before = analytics::mentions(store, topic, start - len, start)?;
    let after = analytics::mentions(store, topic, end, end + len)?;
    let span = |ms: &[analytics::Mention]| {
        let t = aggregate(ms);
        SentimentSpan {
            mentions: t.mentions,
            negative_share: t.negative_share,
            net_sentiment: t.net_sentiment,
        }
    };
    let totals = aggregate(&during);
    let posts = window_posts(store, &Selection::of(store, topic)?, start, end)?;
    let found_copies = copies(&posts);
    Ok(WindowReport {
        start,
        end,
        mentions: totals.mentions,
        unique_authors: totals.unique_authors,
        top_posts: top::rank_distinct(store, &during, TopBy::Exposure, 8)?,
        voices: top_voices(store, &during, 8)?,
        terms: terms_that_rose(store, topic, &posts, (start, end))?,
        copies_said: found_copies.said(),
        copies: found_copies,
        platforms: by_platform(&during),
        languages: by_language(&during),
        incidents: Vec::new(),
        before: span(&before),
        during: span(&during),
        after: span(&after),
    })
}
