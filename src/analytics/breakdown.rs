//! What drove the numbers: the measures split by platform and by language, and the voices with
//! the largest reach.

use std::hash::Hash;

use rusqlite::params;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::series::Aggregator;
use super::{Mention, Totals};
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

/// Groups the mentions by `group`, then names each group's key and label with `name`. Each
/// group is aggregated as it goes, so nothing is held per mention.
fn split<'a, K: Hash + Eq>(
    mentions: &'a [Mention],
    group: impl Fn(&'a Mention) -> K,
    name: impl Fn(K) -> (String, String),
) -> Vec<Breakdown> {
    let mut groups: FxHashMap<K, Aggregator> = FxHashMap::default();
    for m in mentions {
        groups.entry(group(m)).or_default().add(m);
    }
    let mut out: Vec<Breakdown> = groups
        .into_iter()
        .map(|(k, totals)| {
            let (key, label) = name(k);
            Breakdown {
                key,
                label,
                share: totals.mentions() as f64 / mentions.len() as f64,
                totals: totals.finish(),
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
    /// The known engagement of their posts; `None` when none of them has one.
    pub engagement: Option<i64>,
    pub exposure: f64,
}

/// What one author's posts brought, for [`top_voices`].
#[derive(Debug, Clone, Copy)]
struct Brought {
    mentions: u64,
    /// [`UNKNOWN`] until a post with known engagement is added.
    engagement: i64,
    exposure: f64,
    /// The largest known follower count; [`UNKNOWN`] when none is known, which ranks below
    /// every known count as `None` does.
    followers: i64,
}

const UNKNOWN: i64 = i64::MIN;

impl Default for Brought {
    fn default() -> Brought {
        Brought {
            mentions: 0,
            engagement: UNKNOWN,
            exposure: 0.0,
            followers: UNKNOWN,
        }
    }
}

/// The authors with the largest reach (known follower count), then the most mentions.
pub fn top_voices(store: &Store, mentions: &[Mention], limit: usize) -> Result<Vec<Voice>> {
    // Each author's posts add up to what they brought, in 32 bytes an author.
    let mut by_author: FxHashMap<i64, Brought> = FxHashMap::default();
    for m in mentions {
        if let Some(a) = m.author() {
            let brought = by_author.entry(a).or_default();
            brought.mentions += 1;
            if m.engagement_known() {
                brought.engagement = match brought.engagement {
                    UNKNOWN => m.engagement(),
                    known => known + m.engagement(),
                };
            }
            brought.exposure += m.exposure().unwrap_or(0.0);
            brought.followers = brought.followers.max(m.followers().unwrap_or(UNKNOWN));
        }
    }
    let order = |a: &(i64, Brought), b: &(i64, Brought)| {
        b.1.followers
            .cmp(&a.1.followers)
            .then(b.1.mentions.cmp(&a.1.mentions))
            .then(a.0.cmp(&b.0))
    };
    let ranked = super::top::best(by_author, limit, order);
    let mut stmt = store
        .conn()
        .prepare_cached("SELECT platform, handle, name, verified FROM authors WHERE id = ?1")?;
    ranked
        .into_iter()
        .map(|(id, brought)| {
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
                followers: (brought.followers != UNKNOWN).then_some(brought.followers),
                mentions: brought.mentions,
                engagement: (brought.engagement != UNKNOWN).then_some(brought.engagement),
                exposure: brought.exposure,
            })
        })
        .collect()
}
