//! What drove the numbers: the measures split by platform and by language, and the voices with
//! the largest reach.

use std::hash::Hash;

use rusqlite::params;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::{aggregate, Mention, Totals};
use crate::error::Result;
use crate::model::{displayable, Platform};
use crate::store::Store;

/// The measures of one slice of the mentions.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Breakdown {
    /// `twitter`, `en`, ... (`unknown` for posts without a language).
    pub key: String,
    /// What to show: `X/Twitter`, `en`, `Unknown`.
    pub label: String,
    /// This slice's share of the mentions.
    pub share: f64,
    pub totals: Totals,
}

/// The mentions split by platform, most mentions first.
pub fn by_platform(mentions: &[Mention]) -> Vec<Breakdown> {
    split(
        mentions,
        |m| m.platform,
        |p| (p.as_str().to_string(), p.label().to_string()),
    )
}

/// The mentions split by language, most mentions first.
pub fn by_language(mentions: &[Mention]) -> Vec<Breakdown> {
    split(
        mentions,
        |m| m.lang(),
        |l| match l {
            Some(l) => (l.to_string(), l.to_string()),
            None => ("unknown".into(), "Unknown".into()),
        },
    )
}

/// Groups the mentions by `group`, then names each group's key and label with `name`.
fn split<'a, K: Hash + Eq>(
    mentions: &'a [Mention],
    group: impl Fn(&'a Mention) -> K,
    name: impl Fn(K) -> (String, String),
) -> Vec<Breakdown> {
    let mut groups: FxHashMap<K, Vec<&Mention>> = FxHashMap::default();
    for m in mentions {
        groups.entry(group(m)).or_default().push(m);
    }
    let mut out: Vec<Breakdown> = groups
        .into_iter()
        .map(|(k, ms)| {
            let (key, label) = name(k);
            Breakdown {
                key,
                label,
                share: ms.len() as f64 / mentions.len() as f64,
                totals: aggregate(ms),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.totals
            .mentions
            .cmp(&a.totals.mentions)
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}

/// An author among the mentions, with what their posts added.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Voice {
    pub platform: Platform,
    pub handle: Option<String>,
    pub name: Option<String>,
    pub verified: Option<bool>,
    /// Their largest known follower count: the reach they bring.
    pub followers: Option<i64>,
    pub mentions: u64,
    pub engagement: i64,
    pub exposure: f64,
}

/// The authors with the largest reach (known follower count), then the most mentions.
pub fn top_voices(store: &Store, mentions: &[Mention], limit: usize) -> Result<Vec<Voice>> {
    // Each author's posts add up to what they brought: (mentions, engagement, exposure).
    let mut by_author: FxHashMap<i64, (Totals, Option<i64>)> = FxHashMap::default();
    for m in mentions {
        if let Some(a) = m.author() {
            let (totals, followers) = by_author.entry(a).or_default();
            totals.mentions += 1;
            totals.engagement += m.engagement();
            totals.exposure += m.exposure().unwrap_or(0.0);
            *followers = (*followers).max(m.followers());
        }
    }
    let mut ranked: Vec<(i64, Totals, Option<i64>)> = by_author
        .into_iter()
        .map(|(id, (totals, followers))| (id, totals, followers))
        .collect();
    let order = |a: &(i64, Totals, Option<i64>), b: &(i64, Totals, Option<i64>)| {
        b.2.cmp(&a.2)
            .then(b.1.mentions.cmp(&a.1.mentions))
            .then(a.0.cmp(&b.0))
    };
    if limit > 0 && limit < ranked.len() {
        ranked.select_nth_unstable_by(limit - 1, order);
    }
    ranked.truncate(limit);
    ranked.sort_unstable_by(order);
    let mut stmt = store
        .conn()
        .prepare_cached("SELECT platform, handle, name, verified FROM authors WHERE id = ?1")?;
    ranked
        .into_iter()
        .map(|(id, totals, followers)| {
            let (platform, handle, name, verified) = stmt.query_row(params![id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get::<_, Option<bool>>(3)?,
                ))
            })?;
            let shown = |text: Option<String>| text.map(|t| displayable(&t));
            Ok(Voice {
                platform: Platform::parse(&platform).unwrap_or(Platform::Other),
                handle: shown(handle),
                name: shown(name),
                verified,
                followers,
                mentions: totals.mentions,
                engagement: totals.engagement,
                exposure: totals.exposure,
            })
        })
        .collect()
}
