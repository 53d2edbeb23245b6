//! How the demo's people word a story. The scenario's texts are templates with a few slots for
//! the details each writer gives differently: the time it is now (`{now}`), the time the
//! trouble started (`{since}`), a count (`{12-99}`, and `{=}` for the same count again). Filled,
//! each post says its story in its own words, as people do, instead of a few texts being pasted
//! thousands of times: the sample's brief should not find that nearly every post of the spike
//! copies another (a few texts are left without slots, the lines everybody repeats).
//!
//! Slots hold numbers only. Numbers carry no sentiment, match no problem category, and are no
//! term and no theme's word (`analytics::words` leaves them out), so the stories, moods and
//! categories stay those of the templates; but they are words to the copies' comparison, which
//! tells the posts apart.

use chrono::{DateTime, Duration, Timelike, Utc};
use chrono_tz::Tz;

use super::Rng;

/// The writers' details, drawn from a random source of their own, so that the scenario's
/// times, authors and counts are the same whatever the wording.
pub(super) struct Wording(Rng);

impl Wording {
    pub(super) fn new() -> Self {
        Wording(Rng(20260903))
    }

    /// `template` with its slots filled, as written at `at` in the zone `tz`.
    pub(super) fn say(&mut self, template: &str, at: DateTime<Utc>, tz: Tz) -> String {
        let now = at.with_timezone(&tz);
        let mut out = String::with_capacity(template.len() + 8);
        let mut rest: &str = template;
        let mut last = 0;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                // A brace that no slot closes is text.
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let slot = &rest[open + 1..open + close];
            match slot {
                "now" => out.push_str(&clock(now.hour(), now.minute())),
                "since" => {
                    let before = now - Duration::minutes(10 + self.0.below(140) as i64);
                    out.push_str(&clock(before.hour(), before.minute()));
                }
                "=" => out.push_str(&last.to_string()),
                range => {
                    let (low, high) = range
                        .split_once('-')
                        .and_then(|(a, b)| {
                            Some((a.parse::<usize>().ok()?, b.parse::<usize>().ok()?))
                        })
                        .expect("a demo template's slot is now, since, = or LOW-HIGH");
                    last = low + self.0.below(high - low + 1);
                    out.push_str(&last.to_string());
                }
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// A time as people write it: the 12-hour clock, without am or pm ("7:05", "12:40").
fn clock(hour: u32, minute: u32) -> String {
    let hour = match hour % 12 {
        0 => 12,
        h => h,
    };
    format!("{hour}:{minute:02}")
}

#[cfg(test)]
mod tests {
    use super::super::{COMPLAINTS, OTHER, PRE_COMPLAINTS, RECOVERY, ROUTINE, TIMEZONE, WIFI};
    use super::*;
    use crate::analytics::words::tokens;
    use crate::sentiment::polarity_scores;

    fn templates() -> Vec<&'static str> {
        [COMPLAINTS, PRE_COMPLAINTS, RECOVERY, ROUTINE, WIFI, OTHER].concat()
    }

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_788_300_000 + 60 * minute, 0).unwrap()
    }

    /// The template without its slots.
    fn words_of(template: &str) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some((before, after)) = rest.split_once('{') {
            out.push_str(before);
            rest = after.split_once('}').map_or("", |(_, tail)| tail);
        }
        out + rest
    }

    #[test]
    fn slots_are_filled_with_numbers_only() {
        let tz: Tz = TIMEZONE.parse().unwrap();
        let mut wording = Wording::new();
        for template in templates() {
            for minute in [0, 75, 600] {
                let said = wording.say(template, at(minute), tz);
                assert!(!said.contains(['{', '}']), "{said:?}");
                // The template's words, numbers aside: no term, theme or mood changes.
                assert_eq!(tokens(&said), tokens(&words_of(template)), "{said:?}");
                assert_eq!(
                    polarity_scores(&said).compound,
                    polarity_scores(&words_of(template)).compound,
                    "{said:?}"
                );
            }
        }
    }

    #[test]
    fn the_times_are_those_of_the_post_and_before_it() {
        let utc: Tz = "UTC".parse().unwrap();
        let mut wording = Wording::new();
        // 2026-09-01 22:00 UTC.
        assert_eq!(wording.say("it's {now}", at(0), utc), "it's 10:00");
        for _ in 0..50 {
            let since = wording.say("{since}", at(0), utc);
            let (h, m) = since.split_once(':').unwrap();
            let minutes = h.parse::<i64>().unwrap() % 12 * 60 + m.parse::<i64>().unwrap();
            assert!((10 * 60 - 150..=10 * 60 - 10).contains(&minutes), "{since}");
        }
        assert_eq!(clock(0, 5), "12:05");
        assert_eq!(clock(13, 40), "1:40");
    }

    #[test]
    fn a_count_can_be_repeated() {
        let tz: Tz = "UTC".parse().unwrap();
        let mut wording = Wording::new();
        for _ in 0..20 {
            let said = wording.say("{12-99} times. {=}.", at(0), tz);
            let (a, b) = said.split_once(" times. ").unwrap();
            assert_eq!(format!("{a}."), b);
            assert!((12..=99).contains(&a.parse::<u32>().unwrap()));
        }
    }
}
