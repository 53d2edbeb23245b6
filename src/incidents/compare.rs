//! Compare with past incidents: an incident's complaints aligned at its start beside the same
//! topic's earlier incidents — "this outage against the last three".
//!
//! For an incident opened at S, over the window from [`BEFORE_HOURS`] before S to
//! [`AFTER_HOURS`] after it, on the topic's mentions per local hour:
//! - **the curve**: mentions in each hour of the window, hour 0 being the hour S falls in;
//! - **peak**: the incident's peak hour ([`super::course`]: the busiest from S − 1 h to a day
//!   after it was resolved), and when it began, from S;
//! - **people** and **negative share**: distinct people posting, and the share of the posts
//!   negative in tone, over the window's posts (as the dashboard counts them);
//! - **time to first complaint**: from S to the first post on the topic after S − 1 h (as the
//!   incident lags define it);
//! - **time back to normal**: from S to when mentions were back to normal after the peak
//!   ([`super::course`]: a whole day in a row within the normal range). It may lie past the
//!   window. When the incident never rose above the normal range there is nothing to come back
//!   from; when the data ends first, it is not yet known.
//!
//! The earlier incidents are the topic's last [`EARLIER`] opened before S, newest first.
//! [`profile`] and [`lines`] are pure; the figures are measured in one place and worded here.

use chrono_tz::Tz;
use serde::Serialize;

use super::Incident;
use crate::analytics::spikes::{detect, Band, DetectorSettings, SeriesKind};
use crate::analytics::{self, fmt_int, utc_hourly_mentions, HourlySeries, Totals};
use crate::error::Result;
use crate::store::Store;
use crate::time::human_duration;
use crate::topics::Topic;

/// Hours of the window before the incident's start, and after it.
pub const BEFORE_HOURS: i64 = 6;
pub const AFTER_HOURS: i64 = 72;
/// How many earlier incidents an incident is compared with.
pub const EARLIER: usize = 3;

/// One incident's complaints, aligned at its start.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct IncidentProfile {
    pub id: i64,
    /// The ticket number, or "Incident" when it has none.
    pub label: String,
    pub title: String,
    /// Unix seconds.
    pub opened_at: i64,
    /// Mentions per hour from `BEFORE_HOURS` before the start to `AFTER_HOURS` after it.
    pub hourly: Vec<u64>,
    /// Posts, people and the negative share over the window.
    pub mentions: u64,
    pub people: u64,
    pub negative_share: f64,
    /// The busiest hour's mentions (0 when the window has none), and when it began, from the
    /// start (seconds; negative when the peak came first).
    pub peak: u64,
    pub peak_after: Option<i64>,
    /// Seconds from the start to the first complaint (negative when complaints came first).
    pub first_complaint_after: Option<i64>,
    /// Whether any hour of the window rose above the normal range.
    pub above_normal: bool,
    /// The incident opened outside the workspace's data: its course is unknown.
    pub outside_data: bool,
    /// Seconds from the start until mentions were back within the normal range after the peak;
    /// `None` when they never left it or the data ends first.
    pub back_to_normal_after: Option<i64>,
}

/// An incident beside the topic's earlier ones.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Comparison {
    pub topic: String,
    /// The IANA zone the hours are counted in.
    pub tz: String,
    /// The window around each start: `before_hours` before it, `after_hours` after it.
    pub before_hours: i64,
    pub after_hours: i64,
    pub incident: IncidentProfile,
    /// The topic's last incidents opened before it, newest first.
    pub earlier: Vec<IncidentProfile>,
    /// The comparison in sentences ([`lines`]).
    pub lines: Vec<String>,
    /// The same as a table: [`COLUMNS`], then one row per incident, this one first ([`row`]).
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The table's columns.
pub const COLUMNS: [&str; 8] = [
    "Incident",
    "Opened",
    "Peak an hour",
    "Peak after",
    "People",
    "Negative",
    "First complaint",
    "Back to normal for a day",
];

/// One incident's row of the table, its opening in local time: durations from its start,
/// negative before it.
pub fn row(p: &IncidentProfile, tz: Tz) -> Vec<String> {
    let time = |v: Option<i64>| v.map_or_else(|| "–".to_string(), human_duration);
    let opened = chrono::DateTime::from_timestamp(p.opened_at, 0)
        .unwrap_or_default()
        .with_timezone(&tz)
        .format("%-d %b %Y, %H:%M")
        .to_string();
    // Outside the data, nothing of its course is known: no figure, rather than a 0.
    let known = |v: u64| match p.outside_data {
        true => "–".to_string(),
        false => fmt_int(v as f64),
    };
    let time = |v: Option<i64>| time(v.filter(|_| !p.outside_data));
    vec![
        p.label.clone(),
        opened,
        known(p.peak),
        time(p.peak_after),
        known(p.people),
        if p.mentions > 0 && !p.outside_data {
            crate::analytics::share_percent(p.negative_share)
        } else {
            "–".to_string()
        },
        time(p.first_complaint_after),
        match (p.above_normal, p.back_to_normal_after) {
            _ if p.outside_data => "unknown, outside the data".to_string(),
            (false, _) => "never above normal".to_string(),
            (true, None) => "not yet".to_string(),
            (true, t) => time(t),
        },
    ]
}

/// `incident` (one of `topic`'s) beside the topic's last [`EARLIER`] incidents before it.
pub fn compare(store: &Store, topic: &Topic, incident: &Incident, tz: Tz) -> Result<Comparison> {
    let hourly = utc_hourly_mentions(store, topic, tz)?;
    let bands = if hourly.values.is_empty() {
        Vec::new()
    } else {
        detect(
            &hourly.times,
            &hourly.values,
            3600,
            SeriesKind::Mentions,
            &DetectorSettings::default(),
        )
        .bands
    };
    let mut earlier: Vec<Incident> = super::list(store, Some(topic))?
        .into_iter()
        .filter(|i| i.id != incident.id && (i.opened_at, i.id) < (incident.opened_at, incident.id))
        .collect();
    earlier.sort_by_key(|i| std::cmp::Reverse((i.opened_at, i.id)));
    earlier.truncate(EARLIER);
    let complaints = super::FirstComplaint::of(store, topic)?;
    let measure = |i: &Incident| -> Result<IncidentProfile> {
        let (start, end) = (
            i.opened_at - BEFORE_HOURS * 3600,
            i.opened_at + AFTER_HOURS * 3600,
        );
        let totals = analytics::aggregate(&analytics::mentions(store, topic, start, end)?);
        let first = complaints.at(store, i)?;
        Ok(profile(i, &hourly, &bands, &totals, first, tz))
    };
    let this = measure(incident)?;
    let earlier = earlier.iter().map(measure).collect::<Result<Vec<_>>>()?;
    Ok(Comparison {
        columns: COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows: std::iter::once(&this)
            .chain(&earlier)
            .map(|p| row(p, tz))
            .collect(),
        topic: topic.name.clone(),
        tz: tz.name().to_string(),
        before_hours: BEFORE_HOURS,
        after_hours: AFTER_HOURS,
        lines: lines(&this, &earlier),
        incident: this,
        earlier,
    })
}

/// The profile of `incident` from the topic's hourly mentions (bucket starts in local
/// wall-clock seconds) and the spike detector's band for each of them, the window's totals
/// and the time of its first complaint.
pub fn profile(
    incident: &Incident,
    hourly: &HourlySeries,
    bands: &[Option<Band>],
    totals: &Totals,
    first_complaint: Option<i64>,
    tz: Tz,
) -> IncidentProfile {
    let start = incident.opened_at;
    // When the local hour the incident opened in began, and its index (may lie outside the
    // series).
    let hour = start - (start + crate::analytics::offset_secs(tz, start)).rem_euclid(3600);
    let at = match hourly.starts.first() {
        Some(&first) => (hour - first).div_euclid(3600),
        None => 0,
    };
    let value = |i: i64| -> f64 {
        usize::try_from(i)
            .ok()
            .and_then(|i| hourly.values.get(i))
            .copied()
            .unwrap_or(0.0)
    };
    let window = (at - BEFORE_HOURS)..(at + AFTER_HOURS);
    let curve: Vec<u64> = window.clone().map(|i| value(i) as u64).collect();
    // Seconds from the start to the start of hour `i` (hours are whole in every zone we read).
    let after = |i: usize| hour + (i as i64 - at) * 3600 - start;
    let course = super::course::course(incident, hourly, bands);
    let peak_index = course.peak;
    IncidentProfile {
        id: incident.id,
        label: incident.number.clone().unwrap_or_else(|| "Incident".into()),
        title: incident.title.clone(),
        opened_at: start,
        hourly: curve,
        mentions: totals.mentions,
        people: totals.unique_authors,
        negative_share: totals.negative_share,
        peak: peak_index.map_or(0, |i| hourly.values[i] as u64),
        peak_after: peak_index.map(after),
        first_complaint_after: first_complaint.map(|t| t - start),
        above_normal: course.above_normal,
        outside_data: !course.covered,
        back_to_normal_after: course.back_to_normal.map(after),
    }
}

/// The comparison in sentences, one per measure: this incident's figure, where it ranks among
/// them all, and the earlier incidents' figures, newest first.
pub fn lines(this: &IncidentProfile, earlier: &[IncidentProfile]) -> Vec<String> {
    let n = earlier.len();
    let mut out = vec![if n == 0 {
        format!(
            "{} is the topic's first recorded incident: there is none before it to compare with.",
            this.label
        )
    } else {
        format!(
            "{} against the {} before it ({}), over the {} h from {} h before each start.",
            this.label,
            if n == 1 {
                "incident".to_string()
            } else {
                format!("{n} incidents")
            },
            earlier
                .iter()
                .map(|e| e.label.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            BEFORE_HOURS + AFTER_HOURS,
            BEFORE_HOURS
        )
    }];
    let count = |v: u64| fmt_int(v as f64);
    let pct = |v: f64| format!("{:.0}%", v * 100.0);
    // An incident outside the data has no known figure, and no rank among the others'.
    let unknown = "unknown, outside the data";
    let known = |p: &IncidentProfile, v: f64| (!p.outside_data).then_some(v);
    let first = |p: &IncidentProfile| match p.first_complaint_after {
        _ if p.outside_data => unknown.to_string(),
        Some(t) if t < 0 => format!("{} before it opened", human_duration(-t)),
        Some(0) => "as it opened".to_string(),
        Some(t) => format!("{} after it opened", human_duration(t)),
        None => "none".to_string(),
    };
    let back = |p: &IncidentProfile| match (p.above_normal, p.back_to_normal_after) {
        _ if p.outside_data => "unknown: it opened outside the workspace's data".to_string(),
        (false, _) => "never above normal".to_string(),
        (true, Some(t)) => format!("{} after it opened", human_duration(t)),
        (true, None) => "not yet".to_string(),
    };
    let measure = |name: &str, text: &dyn Fn(&IncidentProfile) -> String, rank: Option<String>| {
        let mut line = format!("{name}: {}", text(this));
        if let Some(rank) = rank {
            line.push_str(&format!(", {rank}"));
        }
        if n > 0 {
            let others: Vec<String> = earlier.iter().map(text).collect();
            line.push_str(&format!(" (before: {})", others.join(", ")));
        }
        line.push('.');
        line
    };
    let by = |key: &dyn Fn(&IncidentProfile) -> Option<f64>, most: &str, least: &str| {
        rank(key(this), earlier.iter().map(key), most, least)
    };
    out.push(measure(
        "Peak",
        &|p| {
            let unit = if p.peak == 1 { "mention" } else { "mentions" };
            match p.outside_data {
                true => unknown.to_string(),
                false => format!("{} {unit} an hour", count(p.peak)),
            }
        },
        by(&|p| known(p, p.peak as f64), "highest", "lowest"),
    ));
    out.push(measure(
        "People posting",
        &|p| match p.outside_data {
            true => unknown.to_string(),
            false => count(p.people),
        },
        by(&|p| known(p, p.people as f64), "most", "fewest"),
    ));
    // A window without posts has no share of anything: "–", and no rank.
    let negative =
        |p: &IncidentProfile| (p.mentions > 0 && !p.outside_data).then_some(p.negative_share);
    out.push(measure(
        "Negative",
        &|p| negative(p).map_or("–".to_string(), pct),
        by(&negative, "most negative", "least negative"),
    ));
    out.push(measure(
        "First complaint",
        &first,
        by(
            &|p| {
                p.first_complaint_after
                    .filter(|_| !p.outside_data)
                    .map(|t| -(t as f64))
            },
            "soonest",
            "latest",
        ),
    ));
    out.push(measure(
        "Back to normal for a whole day",
        &back,
        by(
            &|p| {
                p.back_to_normal_after
                    .filter(|_| p.above_normal)
                    .map(|t| t as f64)
            },
            "slowest",
            "quickest",
        ),
    ));
    out
}

/// "the highest of the 4", "the 2nd highest of the 4", "the lowest of the 4"; `None` without
/// others to rank against, or when this value is unknown.
fn rank(
    this: Option<f64>,
    others: impl Iterator<Item = Option<f64>>,
    most: &str,
    least: &str,
) -> Option<String> {
    let this = this?;
    let known: Vec<f64> = others.flatten().collect();
    if known.is_empty() {
        return None;
    }
    let all = known.len() + 1;
    let above = known.iter().filter(|v| **v > this).count();
    let below = known.iter().filter(|v| **v < this).count();
    Some(if above == 0 && below > 0 {
        format!("the {most} of the {all}")
    } else if below == 0 && above > 0 {
        format!("the {least} of the {all}")
    } else if above == 0 && below == 0 {
        format!("as in the {} before", all - 1)
    } else {
        format!("the {} {most} of the {all}", ordinal(above + 1))
    })
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;
