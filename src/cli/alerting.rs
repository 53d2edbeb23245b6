//! Alert settings from the command line: `rules`, `schedule` and `delivery`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use townhall::alerts::deliver::{Channel, EmailSettings, Security};
use townhall::alerts::rules::Rules;
use townhall::analytics::status::Grade;
use townhall::time;
use townhall::workspace;
use townhall::workspace::alerting::{
    self, DeliveryChange, DeliveryView, RulesChange, ScheduleChange, ScheduleView,
};

use super::args::{DeliveryCommand, RulesArgs, ScheduleCommand};
use super::{open, read_secret};

pub fn rules(
    db: Option<&Path>,
    topic: &str,
    args: RulesArgs,
    json: bool,
    now: DateTime<Utc>,
) -> anyhow::Result<ExitCode> {
    let store = open(db, now)?;
    let change = RulesChange {
        enabled: (args.on || args.off).then_some(args.on),
        min_grade: args
            .min_grade
            .as_deref()
            .map(|g| {
                Grade::parse(g).with_context(|| {
                    format!("--min-grade {g:?}: use possible_problem, problem or critical")
                })
            })
            .transpose()?,
        quiet_hours: args.quiet,
        cooldown_secs: args
            .cooldown
            .as_deref()
            .map(time::parse_duration)
            .transpose()?,
        negative_jump_points: args.negative_jump,
        negative_min_posts: args.negative_min_posts,
    };
    let unchanged = change.enabled.is_none()
        && change.min_grade.is_none()
        && change.quiet_hours.is_none()
        && change.cooldown_secs.is_none()
        && change.negative_jump_points.is_none()
        && change.negative_min_posts.is_none();
    let rules = if unchanged {
        alerting::topic_rules(&store, topic)?
    } else {
        alerting::set_rules(&store, topic, &change)?
    };
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(&rules)?)?;
    } else {
        print_rules(&mut out, topic, &rules)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_rules(out: &mut impl Write, topic: &str, r: &Rules) -> anyhow::Result<()> {
    if !r.enabled {
        writeln!(out, "{topic}: alerts are off")?;
        return Ok(());
    }
    writeln!(
        out,
        "{topic}: alerts from {} up; quiet hours {}; cooldown {}; a tone alert when the negative \
         share rises {} points over at least {} posts",
        r.min_grade.label(),
        r.quiet_hours
            .map_or_else(|| "none".to_string(), |q| q.to_string()),
        time::human_duration(r.cooldown_secs),
        r.negative_jump_points,
        r.negative_min_posts
    )?;
    Ok(())
}

pub fn schedule(
    db: Option<&Path>,
    cmd: ScheduleCommand,
    now: DateTime<Utc>,
) -> anyhow::Result<ExitCode> {
    let store = open(db, now)?;
    let tz = workspace::timezone(&store, None)?;
    let mut out = std::io::stdout().lock();
    match cmd {
        ScheduleCommand::Set {
            topic,
            days,
            at,
            folder,
            off,
        } => {
            let change = ScheduleChange {
                enabled: !off,
                days: vec![days],
                at,
                folder: folder.to_string_lossy().into_owned(),
            };
            let saved = alerting::set_schedule(&store, &topic, &change, now)?;
            print_schedule(&mut out, &saved, tz)?;
        }
        ScheduleCommand::List { json } => {
            let schedules = alerting::schedules(&store)?;
            if schedules.is_empty() && !json {
                eprintln!("No scheduled briefs: set one with `townhall schedule set`.");
            }
            for s in schedules {
                if json {
                    writeln!(out, "{}", serde_json::to_string(&s)?)?;
                } else {
                    print_schedule(&mut out, &s, tz)?;
                }
            }
        }
        ScheduleCommand::Remove { topic } => {
            alerting::remove_schedule(&store, &topic)?;
            writeln!(
                out,
                "removed the schedule of {topic}; the briefs it wrote stay"
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_schedule(out: &mut impl Write, view: &ScheduleView, tz: Tz) -> anyhow::Result<()> {
    let s = &view.schedule;
    let last = match (&s.last_run, &s.last_error) {
        (_, Some(e)) => format!("last run failed: {e}"),
        (Some(t), None) => format!("last written {}", time::local_minute_zoned(tz, *t)),
        (None, None) => "not run yet".to_string(),
    };
    writeln!(
        out,
        "{}: {} at {} on {} into {} ({last})",
        view.topic,
        if s.enabled { "on" } else { "off" },
        s.at,
        s.days.join(","),
        s.folder
    )?;
    Ok(())
}

pub fn delivery(
    db: Option<&Path>,
    cmd: DeliveryCommand,
    now: DateTime<Utc>,
) -> anyhow::Result<ExitCode> {
    let store = open(db, now)?;
    let secrets = workspace::secrets(&store)?;
    let mut out = std::io::stdout().lock();
    match cmd {
        DeliveryCommand::List { json } => {
            for view in alerting::deliveries(&store, &*secrets)? {
                if json {
                    writeln!(out, "{}", serde_json::to_string(&view)?)?;
                } else {
                    print_delivery(&mut out, &view)?;
                }
            }
        }
        DeliveryCommand::Set {
            channel,
            on,
            off,
            secret_stdin,
            server,
            port,
            security,
            username,
            from,
            to,
        } => {
            let channel = parse_channel(&channel)?;
            let email = match server {
                Some(server) => Some(email_settings(server, port, security, username, from, to)?),
                None => {
                    anyhow::ensure!(
                        port.is_none() && username.is_none() && from.is_none() && to.is_empty(),
                        "the e-mail options need --server"
                    );
                    None
                }
            };
            let secret = secret_stdin.then(read_secret).transpose()?;
            let change = DeliveryChange {
                channel,
                enabled: (on || off).then_some(on),
                secret,
                email,
            };
            // What it will send is shown once the change is saved, not for a refused one.
            let preview = on
                .then(|| alerting::preview_delivery(&store, &change, None, now))
                .transpose()?;
            let view = alerting::set_delivery(&store, &*secrets, &change)?;
            if let Some(preview) = preview {
                writeln!(
                    out,
                    "{} will send, for each alert, this (shown for the latest one):\n\n{preview}\n",
                    channel.label()
                )?;
            }
            print_delivery(&mut out, &view)?;
        }
        DeliveryCommand::Preview { channel, topic } => {
            let change = DeliveryChange {
                channel: parse_channel(&channel)?,
                enabled: None,
                secret: None,
                email: None,
            };
            let preview = alerting::preview_delivery(&store, &change, topic.as_deref(), now)?;
            writeln!(out, "{preview}")?;
        }
        DeliveryCommand::Test { channel, topic } => {
            let channel = parse_channel(&channel)?;
            alerting::test_delivery(&store, &*secrets, channel, topic.as_deref(), now)?;
            writeln!(out, "sent a test alert through {}", channel.label())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_channel(text: &str) -> anyhow::Result<Channel> {
    Channel::parse(text)
        .with_context(|| format!("{text:?} is not a channel: use teams, slack, webhook or email"))
}

fn email_settings(
    server: String,
    port: Option<u16>,
    security: Option<String>,
    username: Option<String>,
    from: Option<String>,
    to: Vec<String>,
) -> anyhow::Result<EmailSettings> {
    let security = match security.as_deref().unwrap_or("starttls") {
        "starttls" => Security::StartTls,
        "tls" => Security::Tls,
        "plain" => Security::Plain,
        other => anyhow::bail!("--security {other:?}: use starttls, tls or plain"),
    };
    let port = port.unwrap_or(match security {
        Security::Tls => 465,
        Security::StartTls => 587,
        Security::Plain => 25,
    });
    let from = from.context("e-mail needs the sender's address: --from")?;
    Ok(EmailSettings {
        server,
        port,
        security,
        username,
        from,
        to,
    })
}

fn print_delivery(out: &mut impl Write, v: &DeliveryView) -> anyhow::Result<()> {
    let d = &v.delivery;
    let detail = match &d.email {
        Some(e) => format!(" via {}:{} to {}", e.server, e.port, e.to.join(", ")),
        None => String::new(),
    };
    let secret = match (d.channel, v.has_secret) {
        (_, true) => format!("; its secret is kept in {}", v.kept_in),
        (Channel::Email, false) => String::new(),
        (_, false) => "; no webhook address saved".to_string(),
    };
    writeln!(
        out,
        "{}: {}{detail}{secret}",
        d.channel.as_str(),
        if d.enabled { "on" } else { "off" }
    )?;
    Ok(())
}
