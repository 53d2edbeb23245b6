//! Alert settings, as the command line and the app change them: a topic's rules, its morning-brief
//! schedule, and the delivery channels, each shown with exactly what it would send before it is
//! switched on. Each change is one function that checks everything before it saves anything.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::alerts::deliver::{self, Channel, Delivery, EmailSettings};
use crate::alerts::rules::{self, QuietHours, Rules};
use crate::alerts::schedule::{self, Schedule};
use crate::alerts::{self, Alert, AlertKind};
use crate::analytics::status::Grade;
use crate::collect::Secrets;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::topics;

/// The longest cooldown a rule may ask for: a week.
const MAX_COOLDOWN_SECS: i64 = 7 * 86_400;

/// Everything the alert settings show for one topic: its rules, its schedule, and the channels.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AlertSettings {
    pub topic: String,
    pub rules: Rules,
    pub schedule: Option<ScheduleView>,
    pub deliveries: Vec<DeliveryView>,
}

/// The alert settings of a topic.
pub fn settings(store: &Store, secrets: &dyn Secrets, topic: &str) -> Result<AlertSettings> {
    let topic = topics::get(store, topic)?;
    Ok(AlertSettings {
        rules: rules::get(store, topic.id)?,
        schedule: schedule::get(store, &topic)?.map(|schedule| ScheduleView {
            topic: topic.name.clone(),
            schedule,
        }),
        deliveries: deliveries(store, secrets)?,
        topic: topic.name,
    })
}

/// A change to a topic's rules: each field left `None` keeps its current value.
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct RulesChange {
    pub enabled: Option<bool>,
    pub min_grade: Option<Grade>,
    /// `22:00-07:00`, or an empty text for no quiet hours.
    pub quiet_hours: Option<String>,
    pub cooldown_secs: Option<i64>,
    pub negative_jump_points: Option<f64>,
    pub negative_min_posts: Option<u32>,
}

/// Applies `change` to the topic's rules (the defaults when it has none) and saves them.
pub fn set_rules(store: &Store, topic: &str, change: &RulesChange) -> Result<Rules> {
    let topic = topics::get(store, topic)?;
    let mut rules = rules::get(store, topic.id)?;
    if let Some(enabled) = change.enabled {
        rules.enabled = enabled;
    }
    if let Some(grade) = change.min_grade {
        if grade == Grade::Normal {
            return Err(Error::InvalidInput(
                "the lowest grade that alerts is Possible problem: Normal never alerts".into(),
            ));
        }
        rules.min_grade = grade;
    }
    if let Some(quiet) = &change.quiet_hours {
        rules.quiet_hours = match quiet.trim() {
            "" | "off" | "none" => None,
            text => Some(QuietHours::parse(text)?),
        };
    }
    if let Some(secs) = change.cooldown_secs {
        if !(0..=MAX_COOLDOWN_SECS).contains(&secs) {
            return Err(Error::InvalidInput(
                "the cooldown is between 0 and 7 days".into(),
            ));
        }
        rules.cooldown_secs = secs;
    }
    if let Some(points) = change.negative_jump_points {
        if !(1.0..=100.0).contains(&points) {
            return Err(Error::InvalidInput(
                "the negative-share jump is between 1 and 100 percentage points".into(),
            ));
        }
        rules.negative_jump_points = points;
    }
    if let Some(posts) = change.negative_min_posts {
        if posts == 0 {
            return Err(Error::InvalidInput(
                "the negative-share trigger needs at least 1 post with a tone".into(),
            ));
        }
        rules.negative_min_posts = posts;
    }
    rules::set(store, topic.id, &rules)?;
    Ok(rules)
}

/// A topic's rules (the defaults when none were saved).
pub fn topic_rules(store: &Store, topic: &str) -> Result<Rules> {
    rules::get(store, topics::get(store, topic)?.id)
}

/// A topic's schedule for the morning brief, as it is set.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ScheduleChange {
    pub enabled: bool,
    /// `mon`, `tue`, ... `sun`; `weekdays` and `every day` are also understood.
    pub days: Vec<String>,
    /// Local time of day, `HH:MM`, in the workspace's zone.
    pub at: String,
    /// The folder the briefing is written to; it must exist.
    pub folder: String,
}

/// A schedule with its topic's name and when it next runs, for lists.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ScheduleView {
    pub topic: String,
    pub schedule: Schedule,
}

/// Sets (or replaces) a topic's morning-brief schedule. The folder must exist and be a folder:
/// a schedule that can only fail is refused now rather than at seven tomorrow morning.
pub fn set_schedule(
    store: &Store,
    topic: &str,
    change: &ScheduleChange,
    now: DateTime<Utc>,
) -> Result<ScheduleView> {
    let topic = topics::get(store, topic)?;
    let folder = std::path::Path::new(change.folder.trim());
    if !folder.is_dir() {
        return Err(Error::InvalidInput(format!(
            "{:?} is not a folder on this computer; choose an existing folder for the briefs",
            change.folder
        )));
    }
    let existing = schedule::get(store, &topic)?;
    let mut schedule = Schedule {
        topic_id: topic.id,
        enabled: change.enabled,
        days: expand_days(&change.days),
        at: change.at.trim().to_string(),
        // Absolute, so that `townhall watch` started from another folder finds it.
        folder: std::path::absolute(folder)
            .map_err(|e| Error::io(folder, e))?
            .to_string_lossy()
            .into_owned(),
        created_at: now.timestamp(),
        last_run: existing.as_ref().and_then(|s| s.last_run),
        last_error: None,
    };
    // A schedule switched back on, or moved to a time already past today, starts from now: a
    // time that went by while it was off or elsewhere was not missed.
    if let Some(old) = existing {
        let switched_on = !old.enabled && schedule.enabled;
        if !switched_on && old.same_times(&schedule) {
            schedule.created_at = old.created_at;
        }
    }
    schedule::save(store, &schedule)?;
    Ok(ScheduleView {
        topic: topic.name.clone(),
        schedule: schedule::get(store, &topic)?.expect("just saved"),
    })
}

/// `weekdays` and `every day` (or `daily`) as day names; anything else is checked when saved.
fn expand_days(days: &[String]) -> Vec<String> {
    let all = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    days.iter()
        .flat_map(|d| d.split(','))
        .map(|d| d.trim().to_lowercase())
        .filter(|d| !d.is_empty())
        .flat_map(|d| match d.as_str() {
            "weekdays" | "mon-fri" => all[..5].iter().map(|s| s.to_string()).collect(),
            "every day" | "daily" | "all" => all.iter().map(|s| s.to_string()).collect(),
            _ => vec![d],
        })
        .collect()
}

/// Removes a topic's schedule; the briefs it wrote stay where they are.
pub fn remove_schedule(store: &Store, topic: &str) -> Result<()> {
    let topic = topics::get(store, topic)?;
    if schedule::get(store, &topic)?.is_none() {
        return Err(Error::NotFound(format!(
            "{} has no morning-brief schedule",
            topic.name
        )));
    }
    schedule::remove(store, &topic)
}

/// Every schedule, with its topic's name.
pub fn schedules(store: &Store) -> Result<Vec<ScheduleView>> {
    let topics = topics::list(store)?;
    Ok(schedule::list(store)?
        .into_iter()
        .filter_map(|schedule| {
            let topic = topics.iter().find(|t| t.id == schedule.topic_id)?;
            Some(ScheduleView {
                topic: topic.name.clone(),
                schedule,
            })
        })
        .collect())
}

/// A change to one delivery channel: each field left `None` keeps its current value.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct DeliveryChange {
    pub channel: Channel,
    #[serde(default)]
    pub enabled: Option<bool>,
    /// The webhook's address, or the SMTP password; kept in the secret store, never in the
    /// workspace. Empty or `None` keeps the one saved.
    #[serde(default)]
    pub secret: Option<String>,
    #[serde(default)]
    pub email: Option<EmailSettings>,
}

/// A channel as listed: its settings, whether its secret is saved, and where secrets are kept.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DeliveryView {
    pub delivery: Delivery,
    pub label: String,
    /// Whether the address or password is saved (it is never shown).
    pub has_secret: bool,
    /// Where secrets are kept: "the system keychain" or a file.
    pub kept_in: String,
}

/// Every channel, switched on or not.
pub fn deliveries(store: &Store, secrets: &dyn Secrets) -> Result<Vec<DeliveryView>> {
    deliver::list(store)?
        .into_iter()
        .map(|delivery| view(delivery, secrets))
        .collect()
}

fn view(delivery: Delivery, secrets: &dyn Secrets) -> Result<DeliveryView> {
    Ok(DeliveryView {
        label: delivery.channel.label().to_string(),
        has_secret: secrets.get(&delivery.secret_key)?.is_some(),
        kept_in: secrets.describe(),
        delivery,
    })
}

/// Whether sending through this channel needs a secret: every webhook (its address is its
/// credential), and e-mail only when it logs in.
fn needs_secret(delivery: &Delivery) -> bool {
    match delivery.channel {
        Channel::Email => delivery
            .email
            .as_ref()
            .is_some_and(|e| e.username.is_some()),
        _ => true,
    }
}

/// Changes a channel. The settings are checked (and a channel switched on must have its secret)
/// before the secret or the settings are saved, so a refused change leaves both as they were.
pub fn set_delivery(
    store: &Store,
    secrets: &dyn Secrets,
    change: &DeliveryChange,
) -> Result<DeliveryView> {
    let mut delivery = deliver::get(store, change.channel)?;
    if let Some(enabled) = change.enabled {
        delivery.enabled = enabled;
    }
    if let Some(email) = &change.email {
        delivery.email = Some(email.clone());
    }
    let secret = change
        .secret
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if delivery.enabled
        && needs_secret(&delivery)
        && secret.is_none()
        && secrets.get(&delivery.secret_key)?.is_none()
    {
        return Err(Error::InvalidInput(format!(
            "{} needs its {} before it can be switched on",
            delivery.channel.label(),
            match delivery.channel {
                Channel::Email => "password",
                _ => "webhook address",
            }
        )));
    }
    deliver::check(&delivery)?;
    if let Some(address) = secret.filter(|_| delivery.channel != Channel::Email) {
        deliver::webhook_address(address).map_err(|why| {
            Error::InvalidInput(format!("{}'s address {why}", delivery.channel.hook()))
        })?;
    }
    if let Some(secret) = secret {
        secrets.set(&delivery.secret_key, secret)?;
    }
    deliver::save(store, &delivery)?;
    view(delivery, secrets)
}

/// What a test message says it is.
const TEST_SAID: &str = "A test of this channel, not an alert.";

/// An alert to show in a preview or send as a test: the latest alert (the named topic's), or
/// one built from the topic's status now (the newest topic when none is named and no alert was
/// ever raised).
pub fn sample_alert(store: &Store, topic: Option<&str>, now: DateTime<Utc>) -> Result<Alert> {
    let mut newest_first = alerts::list(store, None)?.into_iter();
    let topic = match topic {
        Some(name) => topics::get(store, name)?,
        None => match newest_first.next() {
            Some(latest) => return Ok(latest),
            None => topics::list(store)?
                .into_iter()
                .max_by_key(|topic| topic.id)
                .ok_or_else(|| Error::NotFound("there is no topic yet; add one first".into()))?,
        },
    };
    if let Some(latest) = newest_first.find(|a| a.topic_id == topic.id) {
        return Ok(latest);
    }
    let status = super::live::topic_status(store, &topic, now)?;
    let grade = status.grade.max(Grade::PossibleProblem);
    // A normal topic's evidence would contradict the example's grade: say what the message is.
    let evidence = if status.grade < Grade::PossibleProblem {
        format!("{TEST_SAID} Now: {}.", status.evidence)
    } else {
        status.evidence
    };
    Ok(Alert {
        id: 0,
        topic_id: topic.id,
        topic: topic.name.clone(),
        kind: AlertKind::Spike,
        grade,
        title: format!("{}: {} (example)", grade.label(), topic.name),
        evidence,
        started_at: status.since.unwrap_or(now.timestamp()),
        raised_at: now.timestamp(),
        acknowledged_at: None,
        top_post: None,
        time_zone: crate::store::settings::timezone(store.conn())?
            .name()
            .to_string(),
    })
}

/// Exactly what the channel would send for the topic's sample alert (see [`sample_alert`]),
/// with the settings it would have after `change`: shown before a channel is switched on.
pub fn preview_delivery(
    store: &Store,
    change: &DeliveryChange,
    topic: Option<&str>,
    now: DateTime<Utc>,
) -> Result<String> {
    let mut delivery = deliver::get(store, change.channel)?;
    if let Some(email) = &change.email {
        delivery.email = Some(email.clone());
    }
    let alert = sample_alert(store, topic, now)?;
    Ok(deliver::preview(&delivery, &alert))
}

/// Sends the sample alert through one channel now, switched on or not, so the user sees it
/// arrive before relying on it.
pub fn test_delivery(
    store: &Store,
    secrets: &dyn Secrets,
    channel: Channel,
    topic: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let delivery = Delivery {
        enabled: true,
        ..deliver::get(store, channel)?
    };
    let secret = secret_for(&delivery, secrets)?;
    deliver::send(
        &delivery,
        &as_test(sample_alert(store, topic, now)?),
        &secret,
    )
}

/// A sample alert as a test sends it: said to be a test in its title and evidence, and with
/// no alert's id, so that no one (and no receiver that tells alerts apart by id) takes a copy
/// of a real alert, perhaps acknowledged days ago, for a new one.
fn as_test(alert: Alert) -> Alert {
    Alert {
        id: 0,
        title: format!("Test: {}", alert.title),
        // An example built from the status says so already.
        evidence: if alert.evidence.starts_with(TEST_SAID) {
            alert.evidence
        } else {
            format!("{TEST_SAID} {}", alert.evidence)
        },
        acknowledged_at: None,
        ..alert
    }
}

/// The secret a channel sends with: its saved value, or nothing for e-mail without a login.
pub(super) fn secret_for(delivery: &Delivery, secrets: &dyn Secrets) -> Result<String> {
    match secrets.get(&delivery.secret_key)? {
        Some(secret) => Ok(secret),
        None if !needs_secret(delivery) => Ok(String::new()),
        None => Err(Error::InvalidInput(format!(
            "{} has no {} saved; set it again",
            delivery.channel.label(),
            match delivery.channel {
                Channel::Email => "password",
                _ => "webhook address",
            }
        ))),
    }
}
