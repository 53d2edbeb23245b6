//! Per-topic alert rules: the lowest grade that alerts, quiet hours in the workspace's zone, the
//! cooldown that makes one surge one alert (and its escalations), and the second trigger, a jump
//! in the share of negative posts. A topic without saved rules uses [`Rules::default`].

use chrono::{Duration, NaiveTime, TimeZone, Timelike};
use chrono_tz::Tz;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::analytics::status::Grade;
use crate::error::{Error, Result};
use crate::store::Store;

/// How alerts are raised for one topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Rules {
    /// Whether the topic raises alerts at all.
    pub enabled: bool,
    /// The lowest grade that raises an alert (default Problem).
    pub min_grade: Grade,
    /// Quiet hours, local `HH:MM` to `HH:MM` in the workspace's zone (may span midnight): an
    /// alert that falls in them is held and raised, once, when they end.
    pub quiet_hours: Option<QuietHours>,
    /// After an alert, a new surge does not alert again for this long (default 6 h); a rise in
    /// grade still does, as an escalation.
    pub cooldown_secs: i64,
    /// The negative share of the last hour must exceed that of the week before by this many
    /// percentage points (default 20) ...
    pub negative_jump_points: f64,
    /// ... over at least this many posts with a tone (default 20).
    pub negative_min_posts: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            enabled: true,
            min_grade: Grade::Problem,
            quiet_hours: None,
            cooldown_secs: 6 * 3_600,
            negative_jump_points: 20.0,
            negative_min_posts: 20,
        }
    }
}

/// Local times of day, in minutes after midnight; `from > to` spans midnight (22:00 to 07:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct QuietHours {
    pub from_minute: u16,
    pub to_minute: u16,
}

impl QuietHours {
    /// Quiet hours written `22:00-07:00`.
    pub fn parse(text: &str) -> Result<QuietHours> {
        let bad = || {
            Error::InvalidInput(format!(
                "quiet hours {text:?} are written as two local times, such as 22:00-07:00"
            ))
        };
        let (from, to) = text.split_once('-').ok_or_else(bad)?;
        let minute = |s: &str| {
            NaiveTime::parse_from_str(s.trim(), "%H:%M")
                .map(|t| (t.hour() * 60 + t.minute()) as u16)
                .map_err(|_| bad())
        };
        Ok(QuietHours {
            from_minute: minute(from)?,
            to_minute: minute(to)?,
        })
    }

    /// If `now` falls in quiet hours, the instant they end (unix seconds).
    pub fn end_of_quiet(&self, now: i64, tz: Tz) -> Option<i64> {
        let local = tz.timestamp_opt(now, 0).single()?.naive_local();
        let minute = (local.hour() * 60 + local.minute()) as u16;
        let (from, to) = (self.from_minute, self.to_minute);
        let quiet = if from <= to {
            (from..to).contains(&minute)
        } else {
            minute >= from || minute < to
        };
        if !quiet {
            return None;
        }
        let to_time = NaiveTime::from_hms_opt(u32::from(to / 60), u32::from(to % 60), 0)?;
        let mut end_day = local.date();
        if minute >= to {
            end_day += Duration::days(1);
        }
        // A local time skipped by a clock change ends the quiet hours at the first instant after.
        crate::time::local_instant(tz, end_day.and_time(to_time))
    }
}

impl std::fmt::Display for QuietHours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        write!(f, "{}-{}", hm(self.from_minute), hm(self.to_minute))
    }
}

/// The rules of a topic (the defaults when none were saved).
pub fn get(store: &Store, topic: i64) -> Result<Rules> {
    let row = store
        .conn()
        .query_row(
            "SELECT enabled, min_grade, quiet_from, quiet_to, cooldown_secs,
                    negative_jump_points, negative_min_posts
             FROM alert_rules WHERE topic = ?1",
            [topic],
            |r| {
                Ok((
                    r.get::<_, bool>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<u16>>(2)?,
                    r.get::<_, Option<u16>>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, f64>(5)?,
                    r.get::<_, u32>(6)?,
                ))
            },
        )
        .optional()?;
    let Some((enabled, grade, from, to, cooldown_secs, points, min_posts)) = row else {
        return Ok(Rules::default());
    };
    Ok(Rules {
        enabled,
        min_grade: Grade::parse(&grade).unwrap_or(Grade::Problem),
        quiet_hours: from.zip(to).map(|(from_minute, to_minute)| QuietHours {
            from_minute,
            to_minute,
        }),
        cooldown_secs,
        negative_jump_points: points,
        negative_min_posts: min_posts,
    })
}

/// Saves a topic's rules after checking them.
pub fn set(store: &Store, topic: i64, rules: &Rules) -> Result<()> {
    if rules.min_grade == Grade::Normal {
        return Err(Error::InvalidInput(
            "alerts start at Possible problem at the lowest: Normal is not an alert".into(),
        ));
    }
    if rules.cooldown_secs < 0 {
        return Err(Error::InvalidInput(
            "the cooldown is a duration, zero or more".into(),
        ));
    }
    if !(rules.negative_jump_points > 0.0 && rules.negative_jump_points <= 100.0) {
        return Err(Error::InvalidInput(
            "the negative-share jump is in percentage points, between 0 and 100".into(),
        ));
    }
    if let Some(q) = rules.quiet_hours {
        if q.from_minute >= 1440 || q.to_minute >= 1440 || q.from_minute == q.to_minute {
            return Err(Error::InvalidInput(format!(
                "quiet hours {q} must be two different local times of day"
            )));
        }
    }
    store.conn().execute(
        "INSERT INTO alert_rules (topic, enabled, min_grade, quiet_from, quiet_to, cooldown_secs,
                                  negative_jump_points, negative_min_posts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (topic) DO UPDATE SET
             enabled = excluded.enabled, min_grade = excluded.min_grade,
             quiet_from = excluded.quiet_from, quiet_to = excluded.quiet_to,
             cooldown_secs = excluded.cooldown_secs,
             negative_jump_points = excluded.negative_jump_points,
             negative_min_posts = excluded.negative_min_posts",
        params![
            topic,
            rules.enabled,
            rules.min_grade.as_str(),
            rules.quiet_hours.map(|q| q.from_minute),
            rules.quiet_hours.map(|q| q.to_minute),
            rules.cooldown_secs,
            rules.negative_jump_points,
            rules.negative_min_posts,
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(tz: Tz, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        tz.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .unwrap()
            .timestamp()
    }

    #[test]
    fn quiet_hours_across_midnight_end_the_next_morning() {
        let tz: Tz = "Europe/London".parse().unwrap();
        let q = QuietHours::parse("22:00-07:00").unwrap();
        assert_eq!(q.to_string(), "22:00-07:00");
        let morning = at(tz, 2026, 9, 2, 7, 0);
        assert_eq!(
            q.end_of_quiet(at(tz, 2026, 9, 1, 23, 30), tz),
            Some(morning)
        );
        assert_eq!(q.end_of_quiet(at(tz, 2026, 9, 2, 3, 0), tz), Some(morning));
        assert_eq!(q.end_of_quiet(at(tz, 2026, 9, 2, 7, 0), tz), None);
        assert_eq!(q.end_of_quiet(at(tz, 2026, 9, 2, 12, 0), tz), None);
    }

    /// Quiet hours ending at 02:30 on the night the clocks skip from 02:00 to 03:00 end at
    /// 03:00, the first instant after the gap, not at 03:30.
    #[test]
    fn quiet_hours_ending_in_a_skipped_hour_end_when_it_does() {
        let tz: Tz = "America/New_York".parse().unwrap();
        let q = QuietHours::parse("22:00-02:30").unwrap();
        assert_eq!(
            q.end_of_quiet(at(tz, 2026, 3, 8, 1, 30), tz),
            Some(at(tz, 2026, 3, 8, 3, 0))
        );
    }

    #[test]
    fn quiet_hours_within_a_day_and_bad_input() {
        let tz: Tz = "UTC".parse().unwrap();
        let q = QuietHours::parse("12:00-13:30").unwrap();
        assert_eq!(
            q.end_of_quiet(at(tz, 2026, 9, 1, 12, 10), tz),
            Some(at(tz, 2026, 9, 1, 13, 30))
        );
        assert_eq!(q.end_of_quiet(at(tz, 2026, 9, 1, 11, 59), tz), None);
        let err = QuietHours::parse("10pm").unwrap_err().to_string();
        assert!(err.contains("22:00-07:00"), "{err}");
    }
}
