//! The posts behind the numbers: a topic's posts ranked by exposure, engagement or time.

use std::collections::HashMap;

use serde::Serialize;

use super::Mention;
use crate::error::Result;
use crate::store::posts::StoredPost;
use crate::store::Store;

/// How posts are ranked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum TopBy {
    /// Largest estimated views first (unknown exposure last).
    Exposure,
    /// Largest engagement first.
    Engagement,
    /// Oldest first.
    #[default]
    Time,
}

/// Which of the posts to list by tone: all of them, or those of one tone (the negative ones are
/// those behind the negative share). A post whose tone is unknown is listed only under `All`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum PostFilter {
    #[default]
    All,
    /// Negative in tone: VADER compound ≤ −0.05, as counted by the negative share.
    Negative,
    /// Neutral: compound strictly between −0.05 and 0.05.
    Neutral,
    /// Positive: compound ≥ 0.05.
    Positive,
}

impl PostFilter {
    pub fn keeps(self, m: &Mention) -> bool {
        match self {
            PostFilter::All => true,
            PostFilter::Negative => m.sentiment().is_some_and(|s| s <= super::series::NEGATIVE),
            PostFilter::Neutral => m
                .sentiment()
                .is_some_and(|s| super::series::NEGATIVE < s && s < super::series::POSITIVE),
            PostFilter::Positive => m.sentiment().is_some_and(|s| s >= super::series::POSITIVE),
        }
    }
}

/// The best `limit` of the mentions (all of them with `None`), as stored posts with their
/// estimated exposure. Ties go to the earlier post.
pub fn rank(
    store: &Store,
    mentions: &[Mention],
    by: TopBy,
    limit: Option<usize>,
) -> Result<Vec<StoredPost>> {
    rank_page(store, mentions, by, 0, limit)
}

/// The best `limit` posts whose texts differ: of many copies of one text (a campaign, a
/// retweet's "RT @name: " aside, in any case) only the best is listed, so that a list of top
/// posts shows what people said, not one message eight times.
pub fn rank_distinct(
    store: &Store,
    mentions: &[Mention],
    by: TopBy,
    limit: usize,
) -> Result<Vec<StoredPost>> {
    /// Most posts read to find `limit` different texts.
    const MOST_READ: usize = 4_096;
    let mut asked = limit.saturating_mul(4).max(1);
    loop {
        let ranked = rank(store, mentions, by, Some(asked))?;
        let all_read = ranked.len() < asked || asked >= MOST_READ;
        let mut seen = std::collections::HashSet::new();
        let distinct: Vec<StoredPost> = ranked
            .into_iter()
            .filter(|post| seen.insert(same_text(&post.text)))
            .take(limit)
            .collect();
        if distinct.len() == limit || all_read {
            return Ok(distinct);
        }
        asked = asked.saturating_mul(8).min(MOST_READ);
    }
}

/// A text as copies share it: without a retweet's "RT @name: ", in lower case.
fn same_text(text: &str) -> String {
    text.strip_prefix("RT @")
        .and_then(|rest| rest.split_once(": ").map(|(_, body)| body))
        .unwrap_or(text)
        .trim()
        .to_lowercase()
}

/// The page of [`rank`]'s list that starts `offset` posts in: only the page's posts are read,
/// so a later page costs no more than the first.
pub fn rank_page(
    store: &Store,
    mentions: &[Mention],
    by: TopBy,
    offset: usize,
    limit: Option<usize>,
) -> Result<Vec<StoredPost>> {
    let order_by = |a: &&Mention, b: &&Mention| ranking(by, a, b);
    let mut order = match limit.map(|l| l.saturating_add(offset)) {
        Some(k) => best(mentions, k, order_by),
        None => {
            let mut all: Vec<&Mention> = mentions.iter().collect();
            all.sort_unstable_by(order_by);
            all
        }
    };
    order.drain(..offset.min(order.len()));
    by_ids(store, &order)
}

/// The order of a ranking: a total order (ties go to the earlier post), so picking the best
/// `offset + limit` first and then sorting only those gives the same list as sorting
/// everything. Posts of equal (or unknown) estimated views, as on a platform that gives no
/// follower counts, go by engagement.
fn ranking(by: TopBy, a: &Mention, b: &Mention) -> std::cmp::Ordering {
    let key = |m: &Mention| (m.created_at, m.id);
    match by {
        TopBy::Exposure => {
            let (x, y) = (a.exposure().unwrap_or(-1.0), b.exposure().unwrap_or(-1.0));
            y.total_cmp(&x)
                .then(b.engagement().cmp(&a.engagement()))
                .then(key(a).cmp(&key(b)))
        }
        TopBy::Engagement => b
            .engagement()
            .cmp(&a.engagement())
            .then(key(a).cmp(&key(b))),
        TopBy::Time => key(a).cmp(&key(b)),
    }
}

/// The first `k` of `items` in `order`, in that order, holding at most `2k` at once: a page of
/// the best posts or voices costs memory in proportion to the page, not to the topic.
pub(crate) fn best<T>(
    items: impl IntoIterator<Item = T>,
    k: usize,
    mut order: impl FnMut(&T, &T) -> std::cmp::Ordering,
) -> Vec<T> {
    let mut kept = Vec::new();
    if k == 0 {
        return kept;
    }
    for item in items {
        kept.push(item);
        if kept.len() == k.saturating_mul(2) {
            kept.select_nth_unstable_by(k - 1, &mut order);
            kept.truncate(k);
        }
    }
    if kept.len() > k {
        kept.select_nth_unstable_by(k - 1, &mut order);
        kept.truncate(k);
    }
    kept.sort_unstable_by(order);
    kept
}

/// Reads the given mentions' posts, keeping their order.
fn by_ids(store: &Store, mentions: &[&Mention]) -> Result<Vec<StoredPost>> {
    let ids: Vec<i64> = mentions.iter().map(|m| m.id).collect();
    let mut found: HashMap<i64, StoredPost> = crate::store::posts::by_ids(store.conn(), &ids)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(mentions
        .iter()
        .filter_map(|m| {
            let mut post = found.remove(&m.id)?;
            post.exposure = m.exposure();
            Some(post)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::{best, ranking, Mention, TopBy};

    #[test]
    fn posts_of_unknown_views_go_by_engagement_then_time() {
        // No follower counts (Bluesky): every estimated view is unknown.
        let mut posts = [
            Mention::new(1, Some(1), None, 0),
            Mention::new(2, Some(2), None, 28),
            Mention::new(3, Some(3), None, 1),
            Mention::new(4, Some(4), None, 1),
        ];
        posts.sort_by(|a, b| ranking(TopBy::Exposure, a, b));
        let order: Vec<i64> = posts.iter().map(|m| m.created_at).collect();
        assert_eq!(order, [2, 3, 4, 1]);
    }

    #[test]
    fn the_best_k_are_the_first_k_of_the_whole_order() {
        // Many ties, so that the order's tie-break decides as a full sort's would.
        let mut x: u64 = 88_172_645_463_325_252;
        let items: Vec<(u64, usize)> = (0..10_000)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % 50, i)
            })
            .collect();
        let order = |a: &(u64, usize), b: &(u64, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        let mut sorted = items.clone();
        sorted.sort_by(order);
        for k in [1, 2, 7, 200, 9_999, 10_000, 20_000] {
            let kept = best(items.iter().copied(), k, order);
            assert_eq!(kept, sorted[..k.min(sorted.len())], "k = {k}");
        }
        assert!(best(items.iter().copied(), 0, order).is_empty());
    }
}
