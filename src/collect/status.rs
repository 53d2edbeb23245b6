//! A source's status in words ("collected 3 min ago, 41 new posts", "offline — last collected
//! 12 min ago"), computed from its stored state and a given now.

use serde::Serialize;

use super::source::{Source, SourceKind};

/// How a source is doing, for an icon or a colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    /// Never collected yet.
    New,
    /// The last run succeeded.
    Ok,
    /// Waiting for a platform's rate limit.
    Waiting,
    /// The last run failed; it is retried with backoff.
    Failing,
    /// Paused, by the user or because a credential was refused.
    Paused,
}

/// A source with its status.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SourceStatus {
    pub source: Source,
    pub health: Health,
    /// The status in words.
    pub status: String,
}

impl SourceStatus {
    pub fn of(source: Source, now: i64) -> SourceStatus {
        let (health, status) = words(&source, now);
        SourceStatus {
            source,
            health,
            status,
        }
    }
}

fn words(s: &Source, now: i64) -> (Health, String) {
    let last = match s.last_success {
        Some(t) => format!("last collected {}", ago(now - t)),
        None => "not collected yet".to_string(),
    };
    let error = s.last_error.clone().unwrap_or_default();
    if s.paused {
        return if s.last_outcome.as_deref() == Some("refused") {
            (Health::Paused, format!("{error} (paused)"))
        } else {
            (Health::Paused, format!("paused — {last}"))
        };
    }
    let due = if s.next_attempt <= now {
        "due now".to_string()
    } else {
        format!(
            "next in {}",
            crate::time::human_duration(s.next_attempt - now)
        )
    };
    match s.last_outcome.as_deref() {
        None => (Health::New, format!("not collected yet — {due}")),
        Some("ok") => {
            let posts = match s.last_new {
                0 => "no new posts".to_string(),
                1 => "1 new post".to_string(),
                n => format!("{n} new posts"),
            };
            let t = s.last_success.unwrap_or(now);
            let mut words = format!("collected {}, {posts}", ago(now - t));
            if let Some(note) = &s.last_note {
                words = format!("{words} — {note}");
            }
            (Health::Ok, words)
        }
        Some("offline") => (Health::Failing, format!("offline — {last}")),
        Some("rate_limited") => (
            Health::Waiting,
            format!(
                "waiting for {}'s rate limit, {due} — {last}",
                match s.kind {
                    SourceKind::Feed => "the feed",
                    SourceKind::Folder => "the folder",
                    kind => kind.label(),
                }
            ),
        ),
        // A refused credential that was resumed without a run since.
        Some("refused") => (Health::New, format!("resumed — {due}")),
        Some(_) => (Health::Failing, format!("{error} — {last}")),
    }
}

/// "just now", "3 min ago", "5 h ago", "2 days ago".
pub fn ago(secs: i64) -> String {
    if secs < 60 {
        "just now".to_string()
    } else {
        format!("{} ago", crate::time::human_duration(secs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collect::SourceKind;

    fn source() -> Source {
        Source {
            id: 1,
            name: "bsky".into(),
            kind: SourceKind::Bluesky,
            url: "https://bsky.social".into(),
            query: Some("portal".into()),
            target: None,
            interval_secs: 300,
            has_credential: true,
            paused: false,
            created_at: 0,
            last_attempt: None,
            last_success: None,
            last_outcome: None,
            last_error: None,
            last_note: None,
            last_new: 0,
            failures: 0,
            runs: 0,
            new_posts: 0,
            duplicates: 0,
            next_attempt: 0,
            cursor: serde_json::json!({}),
        }
    }

    #[test]
    fn statuses_read_as_sentences() {
        let now = 10_000;
        let mut s = source();
        assert_eq!(
            words(&s, now),
            (Health::New, "not collected yet — due now".into())
        );
        s.last_outcome = Some("ok".into());
        s.last_success = Some(now - 180);
        s.last_new = 41;
        assert_eq!(words(&s, now).1, "collected 3 min ago, 41 new posts");
        s.last_outcome = Some("offline".into());
        s.last_success = Some(now - 720);
        assert_eq!(
            words(&s, now),
            (
                Health::Failing,
                "offline — last collected 12 min ago".into()
            )
        );
        s.paused = true;
        s.last_outcome = Some("refused".into());
        s.last_error = Some("Bluesky refused the app password".into());
        assert_eq!(
            words(&s, now).1,
            "Bluesky refused the app password (paused)"
        );
        s.last_outcome = Some("ok".into());
        assert_eq!(words(&s, now).1, "paused — last collected 12 min ago");
    }

    #[test]
    fn durations_round_down_to_their_unit() {
        assert_eq!(ago(59), "just now");
        assert_eq!(ago(61), "1 min ago");
    }
}
