//! Estimated exposure (see the definitions in [`crate::analytics`]): per post, `views` where the platform reports
//! them, else `followers_at_post × visibility(platform) + shares × median_followers(platform)`.
//!
//! The visibility rate is the share of an author's followers who actually see a post. The rates
//! are workspace settings (`visibility.<platform>`, a decimal such as `0.05`, see
//! [`settings::default_visibility`]) with these defaults:
//!
//! | platform | default | why |
//! |---|---|---|
//! | X/Twitter | 0.05 | impressions of ordinary accounts' posts commonly run at 2–10% of followers |
//! | Facebook | 0.05 | organic reach of page posts is usually quoted at 2–6% of followers |
//! | Reddit | 0.05 | followers matter little on Reddit (subreddits do); kept conservative |
//! | Mastodon | 0.10 | chronological home timelines, no ranking that hides posts |
//! | Bluesky | 0.10 | chronological "Following" feed is the default |
//! | News | 0.05 | feeds carry no audience figures, so news items' exposure stays unknown |
//! | Other | 0.05 | |
//!
//! `median_followers(platform)` is the median of the known follower counts of the workspace's
//! authors on that platform (each author once), standing in for the audience of each re-sharer.
//! `followers_at_post` is the count on the post's record, else the author's profile count; when
//! neither views nor a follower count is known, the post's exposure is unknown: it adds nothing to
//! the sum and is counted in `exposure_unknown_share`.

use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::Platform;
use crate::store::settings::{self, default_visibility, visibility_key};

/// The numbers an exposure estimate used, per platform (stated in the briefing's method).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ExposureRate {
    pub platform: Platform,
    pub visibility: f64,
    /// Median known follower count of the platform's authors; `None` when none is known.
    pub median_followers: Option<f64>,
}

/// The per-platform rates of the workspace, ready to estimate posts' exposure.
#[derive(Debug, Clone, PartialEq)]
pub struct ExposureModel {
    rates: HashMap<Platform, ExposureRate>,
}

impl ExposureModel {
    /// Reads the visibility settings and the follower medians of the workspace.
    pub fn load(conn: &Connection) -> Result<ExposureModel> {
        let mut rates = HashMap::new();
        for platform in Platform::ALL {
            let visibility = match settings::get(conn, &visibility_key(platform))? {
                Some(v) => v.trim().parse::<f64>().map_err(|_| {
                    Error::InvalidInput(format!(
                        "setting {}: {v:?} is not a number",
                        visibility_key(platform)
                    ))
                })?,
                None => default_visibility(platform),
            };
            let rate = ExposureRate {
                platform,
                visibility,
                median_followers: median_followers(conn, platform)?,
            };
            rates.insert(platform, rate);
        }
        Ok(ExposureModel { rates })
    }

    /// The rates in platform order.
    pub fn rates(&self) -> Vec<ExposureRate> {
        Platform::ALL
            .iter()
            .filter_map(|p| self.rates.get(p).cloned())
            .collect()
    }

    /// A post's estimated views, or `None` when neither views nor followers are known.
    pub fn estimate(
        &self,
        platform: Platform,
        views: Option<i64>,
        followers: Option<i64>,
        shares: Option<i64>,
    ) -> Option<f64> {
        if let Some(v) = views {
            return Some(v as f64);
        }
        let rate = self.rates.get(&platform)?;
        let reshared = shares.unwrap_or(0) as f64 * rate.median_followers.unwrap_or(0.0);
        followers.map(|f| f as f64 * rate.visibility + reshared)
    }
}

/// The median of the known follower counts of a platform's authors (mean of the middle two for an
/// even count).
fn median_followers(conn: &Connection, platform: Platform) -> Result<Option<f64>> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM authors WHERE platform = ?1 AND followers IS NOT NULL",
        )?
        .query_row([platform.as_str()], |r| r.get(0))?;
    if n == 0 {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT followers FROM authors WHERE platform = ?1 AND followers IS NOT NULL
         ORDER BY followers LIMIT ?2 OFFSET ?3",
    )?;
    let middle: Vec<i64> = stmt
        .query_map(params![platform.as_str(), 2 - n % 2, (n - 1) / 2], |r| {
            r.get(0)
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(
        middle.iter().map(|&f| f as f64).sum::<f64>() / middle.len() as f64,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn views_win_then_followers_and_shares() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        for (i, f) in [10, 30, 1000, 50].into_iter().enumerate() {
            conn.execute(
                "INSERT INTO authors (platform, native_id, followers) VALUES ('twitter', ?1, ?2)",
                params![i.to_string(), f],
            )
            .unwrap();
        }
        settings::validate_and_set(conn, "visibility.facebook", "0.2").unwrap();
        let m = ExposureModel::load(conn).unwrap();
        // Median of 10, 30, 50, 1000 is 40.
        assert_eq!(m.rates()[0].median_followers, Some(40.0));
        let tw = Platform::Twitter;
        assert_eq!(m.estimate(tw, Some(7), Some(1000), Some(3)), Some(7.0));
        assert_eq!(
            m.estimate(tw, None, Some(1000), Some(3)),
            Some(50.0 + 120.0)
        );
        assert_eq!(m.estimate(tw, None, None, Some(3)), None);
        // No Facebook author has a known count: shares add nothing.
        assert_eq!(
            m.estimate(Platform::Facebook, None, Some(100), Some(3)),
            Some(20.0)
        );
        assert!(settings::validate_and_set(conn, "visibility.twitter", "1.5").is_err());
    }
}
