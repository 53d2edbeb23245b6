//! Alerts whose surge is gone from the workspace: removing an import (a wrong file, imported by
//! mistake) deletes the posts that made a surge, and the alert they raised must not then page
//! anyone with evidence that no longer exists.
//!
//! Each alert not yet acknowledged is judged again as it was found: its topic's status at the
//! moment of the evaluation that found it, from the posts as they are now. An alert whose grade
//! that status no longer reaches is withdrawn, unless a channel has already sent it, since
//! what went out stays in the history.

use rusqlite::params;

use crate::analytics::status::{self, Grade};
use crate::error::Result;
use crate::store::{settings, Store};
use crate::topics;

/// Withdraws the alerts the workspace's posts no longer bear out; the titles of those withdrawn
/// ("Critical: Portal"), oldest first.
pub fn unfounded(store: &Store) -> Result<Vec<String>> {
    let tz = settings::timezone(store.conn())?;
    let unseen_before = store.unseen_before()?;
    let candidates: Vec<(i64, i64, String, String, i64)> = store
        .conn()
        .prepare(
            "SELECT al.id, al.topic, al.kind, al.grade, al.detected_at FROM alerts al
             WHERE al.acknowledged_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM alert_sends s
                               WHERE s.alert = al.id AND s.sent_at IS NOT NULL)
             ORDER BY al.detected_at, al.id",
        )?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let topics = topics::list(store)?;
    let mut withdrawn = Vec::new();
    for (id, topic, kind, grade, found_at) in candidates {
        let Some(topic) = topics.iter().find(|t| t.id == topic) else {
            continue;
        };
        let Some(grade) = Grade::parse(&grade) else {
            continue;
        };
        let mentions = status::history(store, topic, found_at)?;
        let since = status::counted_since(
            &mentions,
            status::data_start(store, found_at)?,
            &unseen_before,
        );
        let now = status::assess(&topic.name, &mentions, since, tz, found_at);
        if now.grade >= grade {
            continue;
        }
        store
            .conn()
            .execute("DELETE FROM alerts WHERE id = ?1", params![id])?;
        withdrawn.push(super::title(
            super::AlertKind::parse(&kind),
            grade,
            &topic.name,
        ));
    }
    Ok(withdrawn)
}
