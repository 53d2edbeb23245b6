//! The organisation's own incident record: entered by hand, imported from an ITSM export,
//! listed with its lags against a topic's complaints, and one incident compared with the
//! topic's earlier ones.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::error::{Error, Result};
use crate::incidents::compare::Comparison;
use crate::incidents::{self, IncidentImport, IncidentLags, NewIncident};
use crate::store::Store;
use crate::topics;
use crate::wire::NewIncidentRequest;

/// Records an incident entered by hand, linked to its topic. Times are local to the workspace's
/// zone unless they name their own offset; blank optional fields are left out.
pub fn add(store: &Store, request: &NewIncidentRequest) -> Result<i64> {
    let topic = topics::get(store, &request.topic)?;
    let tz = super::timezone(store, None)?;
    let at = |label: &str, text: &str| {
        incidents::parse_time(text.trim(), tz).ok_or_else(|| {
            Error::InvalidInput(format!("the {label} time {text:?} is not a date and time"))
        })
    };
    let title = incidents::checked_title(&request.title)?;
    let new = NewIncident {
        source: "manual".into(),
        number: request
            .number
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from),
        title: title.into(),
        priority: None,
        opened_at: at("opening", &request.opened)?,
        resolved_at: match request.resolved.as_deref().filter(|r| !r.trim().is_empty()) {
            Some(r) => Some(at("resolution", r)?),
            None => None,
        },
    };
    incidents::add(store, &new, Some(&topic))
}

/// Imports an incident export (ServiceNow, Jira Service Management, PagerDuty), linking its
/// incidents to `topic` when given; times without a zone are read in `tz` or the workspace's.
pub fn import(
    store: &Store,
    path: &Path,
    topic: Option<&str>,
    tz: Option<&str>,
) -> Result<IncidentImport> {
    let topic = topic.map(|t| topics::get(store, t)).transpose()?;
    let tz = super::timezone(store, tz)?;
    incidents::import_csv(store, path, topic.as_ref(), tz)
}

/// Files dropped on the window, sorted: service-desk incident exports, and everything else
/// (social data).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct DroppedFiles {
    pub incidents: Vec<String>,
    pub posts: Vec<String>,
}

/// Sorts dropped files: a ServiceNow, Jira or PagerDuty export goes to the incidents, the rest
/// to the posts' import.
pub fn sort_dropped(paths: &[String]) -> DroppedFiles {
    let (incidents, posts) = paths
        .iter()
        .cloned()
        .partition(|p| incidents::service_desk_export(Path::new(p)).is_some());
    DroppedFiles { incidents, posts }
}

/// The incidents of `topic` with their lags against its complaints; without a topic, every
/// incident, each with its lags against the topic it is linked to (none when it is linked to
/// none).
pub fn list(store: &Store, topic: Option<&str>) -> Result<Vec<IncidentLags>> {
    let tz = super::timezone(store, None)?;
    if let Some(name) = topic {
        return incidents::with_lags(store, &topics::get(store, name)?, tz);
    }
    let all = incidents::list(store, None)?;
    let linked: BTreeSet<&str> = all.iter().filter_map(|i| i.topic.as_deref()).collect();
    let mut lags = HashMap::new();
    for name in linked {
        for row in incidents::with_lags(store, &topics::get(store, name)?, tz)? {
            lags.insert(row.incident.id, row.lags);
        }
    }
    Ok(all
        .into_iter()
        .map(|incident| IncidentLags {
            lags: lags.remove(&incident.id).unwrap_or_default(),
            incident,
        })
        .collect())
}

/// An incident beside its topic's earlier ones, with the chart of their aligned curves.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct IncidentComparison {
    #[serde(flatten)]
    #[ts(flatten)]
    pub comparison: Comparison,
    /// Each incident's mentions per hour from its start, as an SVG document.
    pub chart_svg: String,
}

/// Links the incident `id` to the topic named `topic`, or to none; says what was done, in a
/// sentence.
pub fn link(store: &Store, id: i64, topic: Option<&str>) -> Result<String> {
    let topic = topic.map(|t| topics::get(store, t)).transpose()?;
    incidents::link(store, id, topic.as_ref())?;
    let incident = find(store, id)?;
    let what = match &incident.number {
        Some(number) => format!("{number} ({})", incident.title),
        None => format!("“{}”", incident.title),
    };
    Ok(match topic {
        Some(t) => format!(
            "The incident {what} is now on “{}”: its lags count against that topic's complaints.",
            t.name
        ),
        None => format!("The incident {what} is now on no topic's chart."),
    })
}

/// Links every incident on no topic to the topic named `topic` (the window offers it on the
/// topic's dashboard when there are some); says what was done, in a sentence.
pub fn link_unlinked(store: &Store, topic: &str) -> Result<String> {
    let topic = topics::get(store, topic)?;
    let linked = incidents::link_unlinked(store, &topic)?;
    Ok(match linked {
        0 => "No incident was on no topic.".to_string(),
        n => format!(
            "Linked {} to “{}”.",
            crate::analytics::counted(n as u64, "incident", "incidents"),
            topic.name
        ),
    })
}

fn find(store: &Store, id: i64) -> Result<incidents::Incident> {
    incidents::list(store, None)?
        .into_iter()
        .find(|i| i.id == id)
        .ok_or_else(|| {
            Error::NotFound(format!(
                "there is no incident {id} (its id is in `townhall incidents list`)"
            ))
        })
}

/// Compare with past incidents: incident `id` beside its topic's last incidents before it,
/// aligned at their starts, hours counted in `tz` or the workspace's zone.
pub fn compare(store: &Store, id: i64, tz: Option<&str>) -> Result<IncidentComparison> {
    let incident = find(store, id)?;
    let name = incident.topic.clone().ok_or_else(|| {
        Error::InvalidInput(format!(
            "incident {id} is linked to no topic, so it has no complaints to compare (link it \
             to one with `townhall incidents link {id} TOPIC`)"
        ))
    })?;
    let topic = topics::get(store, &name)?;
    let tz = super::timezone(store, tz)?;
    let comparison = incidents::compare::compare(store, &topic, &incident, tz)?;
    Ok(IncidentComparison {
        chart_svg: crate::output::aligned::compare_svg(&comparison)?,
        comparison,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn dropped_service_desk_exports_go_to_the_incidents() {
        let fixture = |rel: &str| format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
        let paths = [
            fixture("incidents/servicenow.csv"),
            fixture("incidents/jira.csv"),
            fixture("incidents/pagerduty.csv"),
            fixture("csv/sheet.csv"),
            fixture("crowdtangle/pages.csv"),
            fixture("twarc2/flat.jsonl"),
        ];
        let sorted = super::sort_dropped(&paths);
        assert_eq!(sorted.incidents, paths[..3]);
        assert_eq!(sorted.posts, paths[3..]);
    }
}
