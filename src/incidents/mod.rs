//! The organisation's own incidents, on the same timeline as the public's complaints
//! (definitions in [`crate::analytics`]).
//!
//! For an incident opened at S and resolved at R on a topic:
//! - **first complaint**: the first post matching the topic after S − 1 h, by anyone but the
//!   organisation's own accounts, and no later than a day after R ([`COMPLAINT_AFTER`]; a day
//!   after S while it is open): a post months later, or the organisation's own notice, is no
//!   complaint about this incident;
//! - **lag to first complaint** and **lag to peak** (the peak of [`course`]), both from S;
//! - **decay**: time after R until mentions are back to normal ([`course`]); none when they
//!   are not yet, no time when they never left the normal range;
//! - **social detection lead**: how long before S the public spike started (positive when the
//!   public noticed first).
//!
//! [`compare`] sets an incident beside the topic's earlier ones, aligned at their starts.

pub mod compare;
pub mod course;
mod csv_import;

pub use csv_import::{import_csv, parse_time, service_desk_export, IncidentImport, IncidentSource};

use chrono_tz::Tz;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::analytics::spikes::{detect, DetectorSettings, SeriesKind};
use crate::analytics::{utc_hourly_mentions, HourlySeries};
use crate::error::{Error, Result};
use crate::model::displayable;
use crate::store::Store;
use crate::topics::Topic;

/// An incident from the organisation's own record.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Incident {
    pub id: i64,
    /// `manual`, `servicenow`, `jira`, `pagerduty` or `csv`.
    pub source: String,
    pub number: Option<String>,
    pub title: String,
    pub priority: Option<String>,
    /// Unix seconds, UTC.
    pub opened_at: i64,
    pub resolved_at: Option<i64>,
    pub topic: Option<String>,
}

/// An incident to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewIncident {
    pub source: String,
    pub number: Option<String>,
    pub title: String,
    pub priority: Option<String>,
    pub opened_at: i64,
    pub resolved_at: Option<i64>,
}

/// An incident's title as typed, trimmed, if it is one: not empty, and without control
/// characters or marks that reorder text (as [`crate::topics::checked_name`] asks of a topic).
pub fn checked_title(title: &str) -> Result<&str> {
    crate::model::checked_label(title, "an incident needs a title", "an incident's title")
}

/// Gives the incident `id` a new title, checked as a new one is.
pub fn rename(store: &Store, id: i64, title: &str) -> Result<()> {
    let title = checked_title(title)?;
    let changed = store.conn().execute(
        "UPDATE incidents SET title = ?1 WHERE id = ?2",
        params![title, id],
    )?;
    if changed == 0 {
        return Err(Error::NotFound(format!(
            "there is no incident {id} (its id is in `townhall incidents list`)"
        )));
    }
    Ok(())
}

/// What recording an incident did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    New,
    /// An incident already recorded, whose export now says something else of it (resolved
    /// since, retitled).
    Updated,
    Unchanged,
}

/// Records an incident, linked to a topic if given. An incident with the same source and number
/// (or, without a number, the same title and opening time) is updated rather than added twice.
pub fn add(store: &Store, incident: &NewIncident, topic: Option<&Topic>) -> Result<i64> {
    record(store, incident, topic).map(|(id, _)| id)
}

/// [`add`], saying whether the incident was new, updated or already recorded as it is.
pub fn record(
    store: &Store,
    incident: &NewIncident,
    topic: Option<&Topic>,
) -> Result<(i64, Recorded)> {
    if let Some(r) = incident.resolved_at.filter(|r| *r < incident.opened_at) {
        return Err(Error::InvalidInput(format!(
            "incident {:?} is resolved ({}) before it was opened ({})",
            incident.title,
            crate::time::rfc3339(r),
            crate::time::rfc3339(incident.opened_at)
        )));
    }
    let conn = store.conn();
    let existing: Option<i64> = match &incident.number {
        Some(n) => conn
            .query_row(
                "SELECT id FROM incidents WHERE source = ?1 AND number = ?2",
                params![incident.source, n],
                |r| r.get(0),
            )
            .optional()?,
        // Without a number, the same title opened at the same time is the same incident (an
        // export without numbers imported again).
        None => conn
            .query_row(
                "SELECT id FROM incidents
                 WHERE source = ?1 AND number IS NULL AND title = ?2 AND opened_at = ?3",
                params![incident.source, incident.title, incident.opened_at],
                |r| r.get(0),
            )
            .optional()?,
    };
    let topic_id = topic.map(|t| t.id);
    match existing {
        Some(id) => {
            let changed = conn.execute(
                "UPDATE incidents SET title = ?2, priority = ?3, opened_at = ?4, resolved_at = ?5,
                     topic = coalesce(?6, topic)
                 WHERE id = ?1
                   AND (title IS NOT ?2 OR priority IS NOT ?3 OR opened_at IS NOT ?4
                        OR resolved_at IS NOT ?5 OR (?6 IS NOT NULL AND topic IS NOT ?6))",
                params![
                    id,
                    incident.title,
                    incident.priority,
                    incident.opened_at,
                    incident.resolved_at,
                    topic_id
                ],
            )?;
            let recorded = match changed {
                0 => Recorded::Unchanged,
                _ => Recorded::Updated,
            };
            Ok((id, recorded))
        }
        None => {
            conn.execute(
                "INSERT INTO incidents (source, number, title, priority, opened_at, resolved_at, topic)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    incident.source,
                    incident.number,
                    incident.title,
                    incident.priority,
                    incident.opened_at,
                    incident.resolved_at,
                    topic_id
                ],
            )?;
            Ok((conn.last_insert_rowid(), Recorded::New))
        }
    }
}

/// Links the incident `id` to `topic`, or to none: its lags are then counted against that
/// topic's complaints, and it is drawn on that topic's chart.
pub fn link(store: &Store, id: i64, topic: Option<&Topic>) -> Result<()> {
    let changed = store.conn().execute(
        "UPDATE incidents SET topic = ?2 WHERE id = ?1",
        params![id, topic.map(|t| t.id)],
    )?;
    match changed {
        0 => Err(Error::NotFound(format!(
            "there is no incident {id} (its id is in `townhall incidents list`)"
        ))),
        _ => Ok(()),
    }
}

/// How many incidents are linked to no topic (imported without one, or left by a removed one).
pub fn unlinked(store: &Store) -> Result<u32> {
    Ok(store.conn().query_row(
        "SELECT count(*) FROM incidents WHERE topic IS NULL",
        [],
        |r| r.get(0),
    )?)
}

/// Links every incident on no topic to `topic`; returns how many it linked.
pub fn link_unlinked(store: &Store, topic: &Topic) -> Result<usize> {
    Ok(store.conn().execute(
        "UPDATE incidents SET topic = ?1 WHERE topic IS NULL",
        [topic.id],
    )?)
}

/// Incidents, oldest first; only those linked to `topic` when given.
pub fn list(store: &Store, topic: Option<&Topic>) -> Result<Vec<Incident>> {
    let mut stmt = store.conn().prepare(
        "SELECT i.id, i.source, i.number, i.title, i.priority, i.opened_at, i.resolved_at, t.name
         FROM incidents i LEFT JOIN topics t ON t.id = i.topic
         WHERE ?1 IS NULL OR i.topic = ?1
         ORDER BY i.opened_at, i.id",
    )?;
    // A service desk's export is text from outside like a post: shown without the control
    // and direction characters that would garble a terminal, the chart's SVG or the brief.
    let shown = |text: Option<String>| text.map(|t| displayable(&t));
    let rows = stmt.query_map([topic.map(|t| t.id)], |r| {
        Ok(Incident {
            id: r.get(0)?,
            source: r.get(1)?,
            number: shown(r.get(2)?),
            title: displayable(&r.get::<_, String>(3)?),
            priority: shown(r.get(4)?),
            opened_at: r.get(5)?,
            resolved_at: r.get(6)?,
            topic: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How an incident lines up with the public's complaints. Durations are in seconds; `None`
/// where the data does not say (no complaint, no peak, not resolved, not yet back to normal).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct Lags {
    pub first_complaint_at: Option<i64>,
    pub lag_to_first_complaint: Option<i64>,
    pub peak_at: Option<i64>,
    pub peak_mentions: Option<u64>,
    pub lag_to_peak: Option<i64>,
    pub decay_after_resolution: Option<i64>,
    /// Positive when the public spike started before the incident was opened.
    pub social_detection_lead: Option<i64>,
    /// The incident opened outside the workspace's data (before its first post or after its
    /// last): its course is unknown, and no decay is given.
    pub outside_data: bool,
}

/// An incident with its lags on a topic.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct IncidentLags {
    pub incident: Incident,
    pub lags: Lags,
}

/// Each incident linked to the topic, with its lags against the topic's hourly mentions.
pub fn with_lags(store: &Store, topic: &Topic, tz: Tz) -> Result<Vec<IncidentLags>> {
    let incidents = list(store, Some(topic))?;
    if incidents.is_empty() {
        return Ok(Vec::new());
    }
    let hourly = utc_hourly_mentions(store, topic, tz)?;
    let complaints = FirstComplaint::of(store, topic)?;
    let mut out = Vec::new();
    for incident in incidents {
        let first = complaints.at(store, &incident)?;
        let lags = lags(&incident, first, &hourly);
        out.push(IncidentLags { incident, lags });
    }
    Ok(out)
}

/// How long after an incident's resolution (its opening, while it is open) a post may still be
/// its first complaint.
pub const COMPLAINT_AFTER: i64 = 24 * 3600;

/// Finds the first complaint about an incident on a topic (see the module's definitions): the
/// topic's matches and the organisation's own authors, read once for all its incidents.
pub(crate) struct FirstComplaint {
    selection: crate::topics::matches::Selection,
    /// The own authors' row ids, as a JSON array.
    own: String,
}

impl FirstComplaint {
    pub(crate) fn of(store: &Store, topic: &Topic) -> Result<FirstComplaint> {
        let own = crate::analytics::response::own_authors(
            store,
            &crate::store::settings::own_accounts(store.conn())?,
        )?;
        Ok(FirstComplaint {
            selection: crate::topics::matches::Selection::of(store, topic)?,
            own: serde_json::to_string(&own).expect("ids serialise"),
        })
    }

    /// The first complaint about `incident`, if any: the topic's matches walked in time order
    /// from an hour before it opened, the first not by an own account.
    pub(crate) fn at(&self, store: &Store, incident: &Incident) -> Result<Option<i64>> {
        // While it is open, its course's window: a day after it opened.
        let last = incident.resolved_at.unwrap_or(incident.opened_at);
        let end = last.max(incident.opened_at).saturating_add(COMPLAINT_AFTER);
        let (ids, mut values) = self.selection.ids_sql(incident.opened_at - 3600, end);
        values.push(rusqlite::types::Value::Text(self.own.clone()));
        let sql = format!(
            "SELECT m.created_at FROM ({ids}) m JOIN posts p ON p.id = m.id
             WHERE p.author IS NULL OR p.author NOT IN (SELECT value FROM json_each(?))
             ORDER BY m.created_at LIMIT 1"
        );
        Ok(store
            .conn()
            .query_row(&sql, rusqlite::params_from_iter(values), |r| r.get(0))
            .optional()?)
    }
}

/// The lags of one incident, given its first complaint and the topic's hourly mentions (as
/// [`utc_hourly_mentions`] returns them). Pure: no I/O.
pub fn lags(incident: &Incident, first_complaint: Option<i64>, hourly: &HourlySeries) -> Lags {
    let opened = incident.opened_at;
    let start = |i: usize| hourly.starts[i];
    let detection = detect(
        &hourly.times,
        &hourly.values,
        3600,
        SeriesKind::Mentions,
        &DetectorSettings::default(),
    );
    let course = course::course(incident, hourly, &detection.bands);
    let peak = course.peak.map(|i| (start(i), hourly.values[i]));
    let decay = incident
        .resolved_at
        .filter(|_| course.covered)
        .and_then(|resolved| {
            if !course.above_normal {
                return Some(0);
            }
            let back = start(course.back_to_normal?);
            Some((back - resolved).max(0))
        });

    let lead = detection
        .spikes
        .iter()
        .find(|s| {
            let (from, end) = (start(s.start), start(s.end) + 3600);
            // While it is open, the incident's window runs a day past its opening.
            let last = incident.resolved_at.unwrap_or(opened + 24 * 3600);
            from <= last && end >= opened - 24 * 3600
        })
        .map(|s| opened - start(s.start));

    Lags {
        first_complaint_at: first_complaint,
        lag_to_first_complaint: first_complaint.map(|t| t - opened),
        peak_at: peak.map(|(t, _)| t),
        peak_mentions: peak.map(|(_, v)| v as u64),
        lag_to_peak: peak.map(|(t, _)| t - opened),
        decay_after_resolution: decay,
        social_detection_lead: lead,
        outside_data: !course.covered,
    }
}

/// "Mentions surged 1 d 6 h before the incident was opened." (or the other way round): the
/// public spike against the incident, not the first complaint, which may come long before it.
pub fn lead_sentence(lags: &Lags) -> Option<String> {
    use crate::time::human_duration;
    match lags.social_detection_lead? {
        0 => None,
        lead if lead > 0 => Some(format!(
            "Mentions surged {} before the incident was opened.",
            human_duration(lead)
        )),
        lead => Some(format!(
            "The incident was opened {} before mentions surged.",
            human_duration(-lead)
        )),
    }
}

/// How an incident lines up with a spike, in two sentences: which came first and by how much
/// ([`lead_sentence`]), and whether it was resolved within the spike (which ends at `end`,
/// unix seconds).
pub fn alignment(incident: &Incident, lags: &Lags, end: i64) -> String {
    use crate::time::human_duration;
    let name = match &incident.number {
        Some(number) => format!("{number} “{}”", incident.title),
        None => format!("“{}”", incident.title),
    };
    let lead = lead_sentence(lags)
        .unwrap_or_else(|| "Complaints and the incident started together.".to_string());
    let resolved = match incident.resolved_at {
        Some(at) if at <= end => format!(
            "It was resolved {} after it was opened, within the spike.",
            human_duration(at - incident.opened_at)
        ),
        Some(at) => format!(
            "It was resolved {} after it was opened, after the spike.",
            human_duration(at - incident.opened_at)
        ),
        None => "It is still open.".to_string(),
    };
    format!("{name}: {lead} {resolved}")
}

/// The topic's incidents that were open at some time in `[start, end)`, or opened up to a day
/// before it: the ones a spike in that window may line up with.
pub fn around(store: &Store, topic: &Topic, start: i64, end: i64) -> Result<Vec<Incident>> {
    const DAY: i64 = 86_400;
    Ok(list(store, Some(topic))?
        .into_iter()
        .filter(|i| i.opened_at < end && i.resolved_at.is_none_or(|r| r >= start - DAY))
        .filter(|i| i.opened_at >= start - DAY || i.resolved_at.is_none_or(|r| r >= start))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spike_and_its_incident_are_lined_up_in_words() {
        let incident = Incident {
            id: 1,
            source: "manual".into(),
            number: Some("INC7".into()),
            title: "Portal down".into(),
            priority: None,
            opened_at: 10_000,
            resolved_at: Some(10_000 + 5 * 3600),
            topic: None,
        };
        let lags = Lags {
            social_detection_lead: Some(100 * 60),
            ..Lags::default()
        };
        assert_eq!(
            alignment(&incident, &lags, 10_000 + 86_400),
            "INC7 “Portal down”: Mentions surged 1 h 40 min before the incident was opened. \
             It was resolved 5 h after it was opened, within the spike."
        );
        let open = Incident {
            resolved_at: None,
            number: None,
            ..incident
        };
        let first = Lags {
            social_detection_lead: Some(-1800),
            ..Lags::default()
        };
        assert_eq!(
            alignment(&open, &first, 0),
            "“Portal down”: The incident was opened 30 min before mentions surged. \
             It is still open."
        );
    }

    /// Four weeks of a quiet topic (one post every other hour), then a surge.
    fn timeline(surge_at_hour: usize, surge: &[f64]) -> HourlySeries {
        let start = 1_767_225_600; // 2026-01-01T00:00Z, a Thursday
        let n = 28 * 24 + 72;
        let mut values: Vec<f64> = (0..n).map(|i| if i % 2 == 0 { 1.0 } else { 0.0 }).collect();
        for (k, v) in surge.iter().enumerate() {
            values[surge_at_hour + k] = *v;
        }
        HourlySeries {
            starts: (0..n as i64).map(|i| start + i * 3600).collect(),
            times: (0..n as i64).map(|i| start + i * 3600).collect(),
            values,
            labels: vec![String::new(); n],
        }
    }

    fn incident(opened_at: i64, resolved_at: Option<i64>) -> Incident {
        Incident {
            id: 1,
            source: "manual".into(),
            number: None,
            title: "SIS down".into(),
            priority: None,
            opened_at,
            resolved_at,
            topic: None,
        }
    }

    #[test]
    fn lags_on_a_hand_made_timeline() {
        let surge_hour = 28 * 24 + 8; // day 29, 08:00
        let h = timeline(surge_hour, &[40.0, 90.0, 60.0, 20.0, 1.0]);
        let surge_start = h.times[surge_hour];
        // The ticket is opened 90 minutes after the public surge began; resolved at 11:30.
        let opened = surge_start + 90 * 60;
        let resolved = surge_start + 3 * 3600 + 30 * 60;
        let first = Some(surge_start + 5 * 60);
        let lags = lags(&incident(opened, Some(resolved)), first, &h);
        assert_eq!(lags.lag_to_first_complaint, Some(-85 * 60));
        assert_eq!(lags.peak_at, Some(surge_start + 3600));
        assert_eq!(lags.peak_mentions, Some(90));
        assert_eq!(lags.lag_to_peak, Some(3600 - 90 * 60));
        // 11:00–12:00 still has 20 posts (above the band); 12:00 is back to normal.
        assert_eq!(lags.decay_after_resolution, Some(30 * 60));
        assert_eq!(lags.social_detection_lead, Some(90 * 60));
    }

    #[test]
    fn no_complaints_means_unknown_lags_not_zero() {
        let h = timeline(0, &[]);
        let opened = h.times[28 * 24 + 10] + 600;
        let lags = lags(&incident(opened, None), None, &h);
        assert_eq!(lags.lag_to_first_complaint, None);
        assert_eq!(lags.decay_after_resolution, None);
        assert_eq!(lags.social_detection_lead, None);
    }
}
