//! The morning brief: per topic, the days of the week and the local time (in the workspace's zone)
//! at which its briefing is written to a chosen folder. A schedule missed while the laptop slept
//! runs once on waking, not once per missed day. Writing the briefing itself is passed in by the
//! caller, which owns it; this module decides when, and records each run.

use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveTime, TimeZone, Timelike, Weekday};
use chrono_tz::Tz;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::Store;
use crate::topics::{self, Topic};

/// When and where a topic's briefing is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Schedule {
    pub topic_id: i64,
    pub enabled: bool,
    /// Days of the week, as `mon`, `tue`, ... `sun`.
    pub days: Vec<String>,
    /// Local time of day, `HH:MM`.
    pub at: String,
    /// Folder the PDF is written to.
    pub folder: String,
    /// When the schedule was made, or last switched on or moved to other days or another time
    /// (unix seconds): no time before it is "missed".
    pub created_at: i64,
    /// When it last ran (unix seconds).
    pub last_run: Option<i64>,
    /// Why the last run failed, if it did.
    pub last_error: Option<String>,
}

const DAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

impl Schedule {
    fn weekdays(&self) -> Result<Vec<Weekday>> {
        self.days
            .iter()
            .map(|d| {
                let d = d.trim().to_lowercase();
                DAYS.iter()
                    .find(|(name, _)| d.starts_with(name))
                    .map(|(_, w)| *w)
                    .ok_or_else(|| {
                        Error::InvalidInput(format!(
                            "{d:?} is not a day of the week; use mon, tue, wed, thu, fri, sat, sun"
                        ))
                    })
            })
            .collect()
    }

    /// Whether `other` runs on the same days at the same time.
    pub fn same_times(&self, other: &Schedule) -> bool {
        let days = |s: &Schedule| {
            s.weekdays().ok().map(|mut days| {
                days.sort_by_key(|d| d.num_days_from_monday());
                days.dedup();
                days
            })
        };
        days(self) == days(other) && self.time().ok() == other.time().ok()
    }

    fn time(&self) -> Result<NaiveTime> {
        NaiveTime::parse_from_str(self.at.trim(), "%H:%M").map_err(|_| {
            Error::InvalidInput(format!(
                "{:?} is not a time of day; write it as HH:MM, such as 07:30",
                self.at
            ))
        })
    }
}

/// The scheduled instant (unix seconds) that is due at `now`: the latest scheduled time after
/// `last_run` and after the schedule was made (or switched on, or moved), and not after `now`. However many were missed,
/// only the latest is returned, so a laptop that slept through three mornings writes one brief.
pub fn due(schedule: &Schedule, last_run: Option<i64>, now: i64, tz: Tz) -> Option<i64> {
    if !schedule.enabled {
        return None;
    }
    let (days, time) = (schedule.weekdays().ok()?, schedule.time().ok()?);
    let after = last_run.map_or(schedule.created_at, |run| run.max(schedule.created_at));
    let today = tz.timestamp_opt(now, 0).single()?.date_naive();
    // The latest scheduled instant not after now is within the past week.
    let latest = (0..=7)
        .map(|back| today - Duration::days(back))
        .filter(|d| days.contains(&d.weekday()))
        .filter_map(|d| crate::time::local_instant(tz, d.and_time(time)))
        .find(|&t| t <= now)?;
    (latest > after).then_some(latest)
}

/// A schedule that ran, and what came of it.
#[derive(Debug)]
pub struct Run {
    pub topic: Topic,
    /// The scheduled instant it ran for.
    pub scheduled_for: i64,
    /// The briefing written, or why not.
    pub result: Result<PathBuf>,
}

/// Runs every schedule due at `now`: `write_brief(topic, folder)` writes the briefing and returns
/// its path. Each run is recorded (its time, and its error if it failed) so that it does not run
/// again until its next scheduled time.
pub fn run_due(
    store: &Store,
    now: i64,
    mut write_brief: impl FnMut(&Topic, &Path) -> Result<PathBuf>,
) -> Result<Vec<Run>> {
    let tz = crate::store::settings::timezone(store.conn())?;
    let mut runs = Vec::new();
    for schedule in list(store)? {
        let Some(scheduled_for) = due(&schedule, schedule.last_run, now, tz) else {
            continue;
        };
        let Some(topic) = topics::list(store)?
            .into_iter()
            .find(|t| t.id == schedule.topic_id)
        else {
            continue;
        };
        let result = write_brief(&topic, Path::new(&schedule.folder));
        store.conn().execute(
            "UPDATE brief_schedules SET last_run = ?2, last_error = ?3 WHERE topic = ?1",
            params![
                schedule.topic_id,
                now,
                result.as_ref().err().map(|e| e.to_string())
            ],
        )?;
        runs.push(Run {
            topic,
            scheduled_for,
            result,
        });
    }
    Ok(runs)
}

/// Every saved schedule.
pub fn list(store: &Store) -> Result<Vec<Schedule>> {
    let mut stmt = store.conn().prepare(
        "SELECT topic, enabled, days, at_minute, folder, created_at, last_run, last_error
         FROM brief_schedules ORDER BY topic",
    )?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A topic's schedule, if it has one.
pub fn get(store: &Store, topic: &Topic) -> Result<Option<Schedule>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT topic, enabled, days, at_minute, folder, created_at, last_run, last_error
             FROM brief_schedules WHERE topic = ?1",
            [topic.id],
            row,
        )
        .optional()?)
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Schedule> {
    let days: String = r.get(2)?;
    let minute: u32 = r.get(3)?;
    Ok(Schedule {
        topic_id: r.get(0)?,
        enabled: r.get(1)?,
        days: days.split(',').map(str::to_string).collect(),
        at: format!("{:02}:{:02}", minute / 60, minute % 60),
        folder: r.get(4)?,
        created_at: r.get(5)?,
        last_run: r.get(6)?,
        last_error: r.get(7)?,
    })
}

/// Saves a topic's schedule (its last run is kept when it already had one).
pub fn save(store: &Store, schedule: &Schedule) -> Result<()> {
    let days = schedule.weekdays()?;
    if days.is_empty() {
        return Err(Error::InvalidInput(
            "a schedule needs at least one day of the week".into(),
        ));
    }
    let time = schedule.time()?;
    if schedule.folder.trim().is_empty() {
        return Err(Error::InvalidInput(
            "a schedule needs a folder to write the briefing to".into(),
        ));
    }
    let names: Vec<&str> = DAYS
        .iter()
        .filter(|(_, w)| days.contains(w))
        .map(|(name, _)| *name)
        .collect();
    store.conn().execute(
        "INSERT INTO brief_schedules (topic, enabled, days, at_minute, folder, created_at, last_run)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (topic) DO UPDATE SET
             enabled = excluded.enabled, days = excluded.days, at_minute = excluded.at_minute,
             folder = excluded.folder, created_at = excluded.created_at,
             last_run = coalesce(excluded.last_run, last_run)",
        params![
            schedule.topic_id,
            schedule.enabled,
            names.join(","),
            time.hour() * 60 + time.minute(),
            schedule.folder,
            schedule.created_at,
            schedule.last_run
        ],
    )?;
    Ok(())
}

/// Removes a topic's schedule.
pub fn remove(store: &Store, topic: &Topic) -> Result<()> {
    store
        .conn()
        .execute("DELETE FROM brief_schedules WHERE topic = ?1", [topic.id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weekdays_at_7_30(created_at: i64) -> Schedule {
        Schedule {
            topic_id: 1,
            enabled: true,
            days: ["mon", "tue", "wed", "thu", "fri"]
                .map(String::from)
                .to_vec(),
            at: "07:30".into(),
            folder: "briefs".into(),
            created_at,
            last_run: None,
            last_error: None,
        }
    }

    fn chicago(d: u32, h: u32, m: u32) -> i64 {
        let tz: Tz = "America/Chicago".parse().unwrap();
        // September 2026: the 7th is a Monday.
        tz.with_ymd_and_hms(2026, 9, d, h, m, 0)
            .single()
            .unwrap()
            .timestamp()
    }

    #[test]
    fn a_schedule_runs_at_its_local_time_once() {
        let tz: Tz = "America/Chicago".parse().unwrap();
        let s = weekdays_at_7_30(chicago(6, 12, 0));
        assert_eq!(due(&s, None, chicago(7, 7, 29), tz), None);
        assert_eq!(
            due(&s, None, chicago(7, 7, 30), tz),
            Some(chicago(7, 7, 30))
        );
        // Ran at 07:31: not due again that day, due the next morning.
        assert_eq!(
            due(&s, Some(chicago(7, 7, 31)), chicago(7, 18, 0), tz),
            None
        );
        assert_eq!(
            due(&s, Some(chicago(7, 7, 31)), chicago(8, 7, 30), tz),
            Some(chicago(8, 7, 30))
        );
    }

    #[test]
    fn a_missed_schedule_runs_once_on_waking() {
        let tz: Tz = "America/Chicago".parse().unwrap();
        let s = weekdays_at_7_30(chicago(1, 12, 0));
        // Last ran Monday morning; the laptop slept until Thursday noon: one run, for Thursday.
        let woke = chicago(10, 12, 0);
        let last = Some(chicago(7, 7, 30));
        assert_eq!(due(&s, last, woke, tz), Some(chicago(10, 7, 30)));
        assert_eq!(due(&s, Some(woke), woke + 60, tz), None);
        // Saturday and Sunday are not scheduled: after Friday's, Monday's brief is the next one.
        let friday = Some(chicago(11, 7, 30));
        assert_eq!(due(&s, friday, chicago(13, 9, 0), tz), None);
        assert_eq!(
            due(&s, friday, chicago(14, 9, 0), tz),
            Some(chicago(14, 7, 30))
        );
    }

    #[test]
    fn a_new_schedule_does_not_run_for_the_past() {
        let tz: Tz = "America/Chicago".parse().unwrap();
        let s = weekdays_at_7_30(chicago(7, 9, 0));
        assert_eq!(due(&s, None, chicago(7, 10, 0), tz), None);
        let off = Schedule {
            enabled: false,
            ..weekdays_at_7_30(0)
        };
        assert_eq!(due(&off, None, chicago(7, 10, 0), tz), None);
    }
}
