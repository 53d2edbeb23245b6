//! A topic's status now, graded and explained: **Normal**, **Possible problem**, **Problem** or
//! **Critical**, with the evidence in one sentence built from the numbers ("212 people in the
//! last hour against a normal 9, on 3 platforms, for 40 min") and a plain statement of how far
//! to trust it. The dashboard, the topic list, the command line, the briefing and the alerts all
//! show this one value.
//!
//! In the spirit of Downdetector, the status counts *distinct people*, not posts, and weighs both
//! how far above normal they are and for how long. It runs the spike detector ([`crate::analytics::spikes`],
//! with its default settings, nothing re-tuned) over hourly buckets of distinct people that end at
//! "now": the latest bucket is exactly the last hour, so a surge ten minutes into a clock hour is
//! judged on a whole hour, and the baseline is the detector's seasonal one (same hour of the same
//! weekday over the trailing weeks). [`status`] reads the store; [`assess`] and [`grade`] are pure.

use std::collections::HashSet;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::analytics::spikes::{
    Band, Basis, DetectorSettings, Event, OnlineDetector, SeriesKind, Severity,
};
use crate::analytics::Mention;
use crate::error::Result;
use crate::model::Platform;
use crate::store::Store;
use crate::time::human_duration;
use crate::topics::{self, Topic};

/// The status's bucket: one hour, the last of which ends at "now".
pub const BUCKET_SECS: i64 = 3_600;
/// History read before "now": the same as the chart's ([`crate::analytics::spikes::HISTORY_DAYS`]), so the
/// baseline and the surges remembered are those the chart marks.
pub const HISTORY_DAYS: i64 = crate::analytics::spikes::HISTORY_DAYS as i64;

/// How the grade is read from the spike detector. A topic is **Normal** while the last hour is
/// within its normal range (the detector's band: the seasonal baseline plus 7 typical deviations,
/// and at least 5 people). It is a **Possible problem** as soon as the last hour is above that band
/// (the detector's *elevated*), while a surge is still smaller than the ones of the past weeks
/// (so not a spike yet), while it is a *minor* spike, and while a spike is falling back (the last
/// hour no longer elevated, the hour before it still a spike's). It is a **Problem** when the
/// spike under way is *major* ([`PROBLEM_SEVERITY`]: 14 typical deviations above the baseline,
/// lasting an hour) and **Critical** when it is *critical* ([`CRITICAL_SEVERITY`]: 28 deviations,
/// lasting three hours). A spike lasts the hours it touches, and the status's hours end at
/// "now": a surge is a Problem within its first hour once that hour is large enough, and
/// Critical in its third, so that the alarm comes early; the evidence says how long it has
/// really lasted ("for 2 h 10 min"). Magnitude and duration are therefore both needed for the two upper
/// grades, as in Downdetector's method, and every threshold is the detector's own.
pub const PROBLEM_SEVERITY: Severity = Severity::Major;
/// The spike severity graded Critical; see [`PROBLEM_SEVERITY`].
pub const CRITICAL_SEVERITY: Severity = Severity::Critical;

/// Days of history from which the baseline is said to be seasonal by weekday, and below which
/// the confidence statement warns; the detector's own fallbacks decide, these only word them.
const DAYS_PER_WEEK: i64 = 7;
const SECS_PER_HOUR: i64 = 3_600;
const SECS_PER_DAY: i64 = 86_400;

/// The four grades, from calm to worst (ordered, so `grade >= Grade::Problem` reads naturally).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Normal,
    PossibleProblem,
    Problem,
    Critical,
}

impl Grade {
    pub const ALL: [Grade; 4] = [
        Grade::Normal,
        Grade::PossibleProblem,
        Grade::Problem,
        Grade::Critical,
    ];

    /// What people read: "Possible problem".
    pub fn label(self) -> &'static str {
        match self {
            Grade::Normal => "Normal",
            Grade::PossibleProblem => "Possible problem",
            Grade::Problem => "Problem",
            Grade::Critical => "Critical",
        }
    }

    /// The stored and serialised name: `possible_problem`.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Normal => "normal",
            Grade::PossibleProblem => "possible_problem",
            Grade::Problem => "problem",
            Grade::Critical => "critical",
        }
    }

    /// The grade named by [`Grade::as_str`] (or its label, in any case).
    pub fn parse(s: &str) -> Option<Grade> {
        let s = s.trim();
        Grade::ALL
            .into_iter()
            .find(|g| g.as_str() == s || g.label().eq_ignore_ascii_case(s))
    }

    /// The grade of a spike under way of this severity.
    pub fn of_severity(severity: Severity) -> Grade {
        if severity >= CRITICAL_SEVERITY {
            Grade::Critical
        } else if severity >= PROBLEM_SEVERITY {
            Grade::Problem
        } else {
            Grade::PossibleProblem
        }
    }
}

/// A topic's status at an instant.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Status {
    pub topic: String,
    pub grade: Grade,
    /// The grade as people read it ("Possible problem").
    pub label: String,
    /// One sentence built from the numbers.
    pub evidence: String,
    /// How far to trust it: how many people and platforms agree, how much history the baseline has.
    pub confidence: String,
    /// When the surge behind a grade above Normal began (unix seconds).
    pub since: Option<i64>,
    /// Distinct people who posted in the last hour.
    pub people_last_hour: u64,
    /// Normal number of people for this hour of the week; `None` while there is too little history.
    pub baseline_people: Option<f64>,
    /// Above this many people an hour is elevated.
    pub upper_people: Option<f64>,
    /// Platforms the last hour's posts came from.
    pub platforms: Vec<Platform>,
    /// Days of history the baseline learned from (at most the detector's four weeks).
    pub history_days: i64,
    /// The instant graded (unix seconds).
    pub at: i64,
}

impl Status {
    /// The grade, its evidence and how far to trust it, as sentences: "Problem. 212 people in
    /// the last hour against a normal 9, on 3 platforms, for 40 min. 212 people on 3 platforms
    /// agree; the normal level is learned from 4 weeks." The command line and the brief say it.
    pub fn sentences(&self) -> String {
        [&self.label, &self.evidence, &self.confidence]
            .into_iter()
            .map(|s| s.trim().trim_end_matches('.'))
            .filter(|s| !s.is_empty())
            .map(|s| format!("{s}."))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// What the detector says about the last hour: everything a grade and its sentences are made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub people_last_hour: u64,
    /// The normal range of the last hour (None during the detector's warm-up).
    pub band: Option<Band>,
    /// Whether the last hour is above the band (and at least the detector's minimum count).
    pub elevated: bool,
    /// Severity of the spike under way, if any.
    pub spike: Option<Severity>,
    /// Highest hourly count of the spike under way.
    pub peak_people: Option<f64>,
    /// When the surge began (unix seconds), if the last hour is elevated or a spike is under way.
    pub since: Option<i64>,
    pub platforms: Vec<Platform>,
    /// Seconds of history the baseline learned from: since the workspace's data begins (its
    /// quiet hours before a topic's first post are real zeros), else since the first post read.
    pub history_secs: i64,
}

/// The status of `topic` at `now` (unix seconds), with days and hours in `tz`.
pub fn status(store: &Store, topic: &Topic, tz: Tz, now: i64) -> Result<Status> {
    let mentions = history(store, topic, now)?;
    let since = counted_since(&mentions, data_start(store, now)?, &store.unseen_before()?);
    Ok(assess(&topic.name, &mentions, since, tz, now))
}

/// Where the data a status at `now` may count begins, on every platform: the workspace's first
/// post, or the first after a break within the status's history ([`Store::unbroken_since`]).
pub fn data_start(store: &Store, now: i64) -> Result<Option<i64>> {
    let unbroken = store.unbroken_since(now, now - HISTORY_DAYS * SECS_PER_DAY)?;
    Ok(store.data_start()?.max(unbroken))
}

/// When the data a status counts begins: the workspace's data (`data_start`), or later, the
/// first post of a platform among the topic's `mentions` whose collection began with a batch
/// cut short (`unseen_before`, from [`Store::unseen_before`]). That platform was not silent
/// before its first post, only unseen: counted from the workspace's start, the first batch of
/// a busy search added today reads as a surge on it. A first batch the source gave whole (all
/// the posts the search has) is counted from the workspace's start, and a surge in it alerts.
pub fn counted_since(
    mentions: &[Mention],
    data_start: Option<i64>,
    unseen_before: &[(Platform, i64)],
) -> Option<i64> {
    let present: HashSet<Platform> = mentions.iter().map(|m| m.platform).collect();
    unseen_before
        .iter()
        .filter(|(platform, _)| present.contains(platform))
        .map(|&(_, first)| first)
        .chain(data_start)
        .max()
}

/// The status of every saved topic at `now`, in the topic list's order.
pub fn statuses(store: &Store, tz: Tz, now: i64) -> Result<Vec<Status>> {
    topics::list(store)?
        .iter()
        .map(|topic| status(store, topic, tz, now))
        .collect()
}

/// The mentions a status at `now` is computed from: the trailing [`HISTORY_DAYS`], up to `now`
/// included, oldest first.
pub fn history(store: &Store, topic: &Topic, now: i64) -> Result<Vec<Mention>> {
    let start = now - HISTORY_DAYS * SECS_PER_DAY;
    super::mentions(store, topic, start, now + 1)
}

/// The status from the topic's mentions (oldest first; those after `now` are ignored), the
/// workspace's data beginning at `data_start` (see [`Store::data_start`]).
pub fn assess(
    topic: &str,
    mentions: &[Mention],
    data_start: Option<i64>,
    tz: Tz,
    now: i64,
) -> Status {
    explain(topic, &read(mentions, data_start, tz, now), now)
}

/// Runs the detector over hourly buckets of distinct people ending at `now`, from the one the
/// workspace's data begins in.
pub fn read(mentions: &[Mention], data_start: Option<i64>, tz: Tz, now: i64) -> Reading {
    let settings = DetectorSettings::default();
    let n = (HISTORY_DAYS * SECS_PER_DAY / BUCKET_SECS) as usize;
    // Bucket k holds the posts of (now − (n − k) h, now − (n − 1 − k) h]; the last one is the
    // last hour.
    let bucket_of = |t: i64| -> Option<usize> {
        let back = (now - t).checked_div(BUCKET_SECS)?;
        (t <= now && back < n as i64).then(|| n - 1 - back as usize)
    };
    let mut people: Vec<HashSet<i64>> = vec![HashSet::new(); n];
    let mut anonymous = vec![0u64; n];
    let mut first_post: Option<i64> = None;
    let mut last_hour_platforms = Vec::new();
    for m in mentions {
        let Some(k) = bucket_of(m.created_at) else {
            continue;
        };
        first_post = Some(first_post.map_or(m.created_at, |f| f.min(m.created_at)));
        match m.author() {
            Some(a) => {
                people[k].insert(a);
            }
            None => anonymous[k] += 1,
        }
        if k == n - 1 && !last_hour_platforms.contains(&m.platform) {
            last_hour_platforms.push(m.platform);
        }
    }
    last_hour_platforms.sort_by_key(|p| p.as_str());
    let counts: Vec<f64> = (0..n)
        .map(|k| (people[k].len() as u64 + anonymous[k]) as f64)
        .collect();

    // Each hour's local wall-clock start (see crate::analytics::spikes), the detector's season,
    // read at that hour: stepping back evenly from the last would put every hour before a
    // change of the clocks an hour off for the four weeks of history that follow it.
    let local_start = |k: usize| {
        let start = now - (n - k) as i64 * BUCKET_SECS;
        start + super::hourly::offset_secs(tz, start)
    };
    let mut detector = OnlineDetector::new(BUCKET_SECS, SeriesKind::Mentions, settings.clone());
    let first = match data_start {
        Some(t) if t > now => n,
        Some(t) => bucket_of(t).unwrap_or(0),
        None => 0,
    };
    detector.skip(first);
    let mut bands = vec![None; first];
    let last = n - 1;
    // A spike that ended with the last hour (its first hour not elevated) is falling back.
    let mut ended = None;
    for (k, &count) in counts.iter().enumerate().skip(first) {
        let event = detector.push(local_start(k), count);
        bands.push(detector.band());
        if let (true, Some(Event::Ended(spike))) = (k == last, event) {
            ended = Some(spike);
        }
    }
    let is_elevated =
        |k: usize| bands[k].is_some_and(|b| counts[k] > b.upper && counts[k] >= settings.min_count);
    let elevated = is_elevated(last);
    let spike = detector.open_spike().or(ended.as_ref());
    // The surge began with the spike's first elevated hour, or with the run of elevated hours
    // that ends with the last one.
    let first_elevated = match spike {
        Some(s) => Some(s.start),
        None if elevated => (0..=last).rev().take_while(|&k| is_elevated(k)).last(),
        None => None,
    };
    let since = first_elevated.map(|k| surge_start(mentions, bands[k], k, &bucket_of, now, n));
    Reading {
        people_last_hour: counts[last] as u64,
        band: bands[last],
        elevated,
        spike: spike.map(|s| s.severity),
        peak_people: spike.map(|s| s.peak_value),
        since,
        platforms: last_hour_platforms,
        // Weeks without a single post of the topic teach nothing of its normal level, however
        // long ago the workspace's data began: neither do posts older than what the detector
        // learns from (a topic silent for five weeks has no normal of the last four).
        history_secs: first_post
            .filter(|_| {
                let learns_from = now - settings.history_days * SECS_PER_DAY;
                mentions
                    .iter()
                    .any(|m| m.created_at > learns_from && m.created_at <= now)
            })
            .and(data_start.or(first_post))
            .map_or(0, |f| (now - f).max(0)),
    }
}

/// When the surge began within its first elevated bucket `k`: the post with which that hour's
/// distinct people exceeded its normal number (the bucket's start if that cannot be told).
fn surge_start(
    mentions: &[Mention],
    band: Option<Band>,
    k: usize,
    bucket_of: &impl Fn(i64) -> Option<usize>,
    now: i64,
    n: usize,
) -> i64 {
    let bucket_start = now - (n - k) as i64 * BUCKET_SECS + 1;
    let baseline = band.map_or(0.0, |b| b.baseline);
    let mut seen = HashSet::new();
    let mut anonymous = 0u64;
    for m in mentions
        .iter()
        .filter(|m| bucket_of(m.created_at) == Some(k))
    {
        match m.author() {
            Some(a) => {
                seen.insert(a);
            }
            None => anonymous += 1,
        }
        if (seen.len() as u64 + anonymous) as f64 > baseline {
            return m.created_at.max(bucket_start);
        }
    }
    bucket_start
}

/// The grade of a reading; see [`PROBLEM_SEVERITY`] for the rules.
pub fn grade(reading: &Reading) -> Grade {
    match reading.spike {
        Some(severity) if reading.elevated => Grade::of_severity(severity),
        Some(_) => Grade::PossibleProblem,
        None if reading.elevated => Grade::PossibleProblem,
        None => Grade::Normal,
    }
}

/// The status of a reading: its grade, the evidence sentence and the confidence statement.
pub fn explain(topic: &str, reading: &Reading, now: i64) -> Status {
    let grade = grade(reading);
    let since = (grade > Grade::Normal).then_some(reading.since).flatten();
    Status {
        topic: topic.to_string(),
        grade,
        label: grade.label().to_string(),
        evidence: evidence(reading, since, now),
        confidence: confidence(reading, grade),
        since,
        people_last_hour: reading.people_last_hour,
        baseline_people: reading.band.map(|b| b.baseline),
        upper_people: reading.band.map(|b| b.upper),
        platforms: reading.platforms.clone(),
        history_days: history_days(reading),
        at: now,
    }
}

/// "212 people in the last hour against a normal 9, on 3 platforms, for 40 min".
fn evidence(reading: &Reading, since: Option<i64>, now: i64) -> String {
    let quiet_hours = reading.band.is_some_and(|band| usually_none(band.baseline));
    if reading.people_last_hour == 0 && quiet_hours {
        // Not "0 people in the last hour, where an hour usually has none".
        return match (reading.peak_people, since) {
            (Some(peak), Some(_)) => format!(
                "No one posted in the last hour, down from a peak of {}",
                count(peak)
            ),
            _ => "No one posted in the last hour, as usual".to_string(),
        };
    }
    let mut out = format!(
        "{} in the last hour",
        people(reading.people_last_hour as f64)
    );
    match reading.band {
        // A baseline under one reads as what it means, not "a normal 0".
        Some(band) if usually_none(band.baseline) => {
            out.push_str(", where an hour usually has none")
        }
        Some(band) if band.baseline < 1.0 => out.push_str(" against a normal of under 1"),
        Some(band) => out.push_str(&format!(" against a normal {}", count(band.baseline))),
        None => out.push_str(", too early to know what is normal"),
    }
    match reading.platforms.as_slice() {
        [] => {}
        [one] => out.push_str(&format!(", on {}", one.label())),
        many => out.push_str(&format!(", on {} platforms", many.len())),
    }
    match (reading.elevated, reading.peak_people, since) {
        (true, _, Some(since)) => {
            out.push_str(&format!(", for {}", human_duration(now - since)));
        }
        (false, Some(peak), Some(_)) => {
            out.push_str(&format!(", down from a peak of {}", count(peak)));
        }
        _ => {}
    }
    out
}

/// Whether a normal number of people is none: most of the hours it was learned from had no
/// one (a median of one every other hour, 0.5, is not none).
fn usually_none(baseline: f64) -> bool {
    baseline < 0.5
}

/// A history shorter than a week: "5 hours" under a day (rounded up), else "3 days".
fn short_history(secs: i64) -> String {
    let hours = (secs + SECS_PER_HOUR - 1) / SECS_PER_HOUR;
    if hours < 24 {
        plural(hours.max(1), "hour", "hours")
    } else {
        plural(secs / SECS_PER_DAY, "day", "days")
    }
}

/// "212 distinct people on 3 platforms agree; baseline from 3 weeks of history".
fn confidence(reading: &Reading, grade: Grade) -> String {
    let days = history_days(reading);
    let weeks = DetectorSettings::default().history_days / DAYS_PER_WEEK;
    let history = match reading.band.map(|b| b.basis) {
        None => "not enough history for a baseline yet: treat with care".to_string(),
        // The detector's weeks are all empty: "normal" is no one, and says so.
        Some(_) if reading.history_secs <= 0 => {
            format!("no post in the last {weeks} weeks to learn what is normal from")
        }
        Some(Basis::WeekdayHour) if days < DAYS_PER_WEEK => format!(
            "baseline from {} of history",
            short_history(reading.history_secs)
        ),
        Some(Basis::Recent) => format!(
            "only {} of history: treat with care",
            short_history(reading.history_secs)
        ),
        Some(Basis::HourOfDay) => format!(
            "baseline from {} of history, by time of day only (not yet by weekday)",
            plural(days, "day", "days")
        ),
        Some(Basis::WeekdayHour) => format!(
            "baseline from {} of history",
            plural(days / DAYS_PER_WEEK, "week", "weeks")
        ),
    };
    let agreement = match (grade, reading.platforms.as_slice()) {
        (Grade::Normal, _) | (_, []) => None,
        (_, [one]) => Some(format!(
            "{} distinct {}, all on {}",
            count(reading.people_last_hour as f64),
            if reading.people_last_hour == 1 {
                "person"
            } else {
                "people"
            },
            one.label()
        )),
        (_, many) => Some(format!(
            "{} distinct people on {} platforms agree",
            count(reading.people_last_hour as f64),
            many.len()
        )),
    };
    let sentence = match agreement {
        Some(a) => format!("{a}; {history}"),
        None => history,
    };
    capitalise(&sentence)
}

/// Days of history the baseline had: from the first post read, at most the detector's memory.
fn history_days(reading: &Reading) -> i64 {
    let limit = DetectorSettings::default().history_days;
    (reading.history_secs / SECS_PER_DAY).clamp(0, limit)
}

fn people(n: f64) -> String {
    if n == 1.0 {
        "1 person".into()
    } else {
        format!("{} people", count(n))
    }
}

fn plural(n: i64, one: &str, many: &str) -> String {
    super::counted(n.max(0) as u64, one, many)
}

fn count(v: f64) -> String {
    crate::analytics::fmt_int(v)
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
