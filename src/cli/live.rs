//! Watching live from the command line: sources, `collect`, `watch`, `status` and `alerts`.

use std::io::Write;
use std::path::Path;
use std::process::{ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use townhall::alerts::{self, Alert};
use townhall::collect::{self, Credential, NewSource, RunReport, SourceKind, SystemClock};
use townhall::time;
use townhall::workspace::{self, live};

use super::args::SourceCommand;
use super::{existing_workspace, open, open_or_start, read_secret};

pub fn source(
    db: Option<&Path>,
    cmd: SourceCommand,
    now: DateTime<Utc>,
) -> anyhow::Result<ExitCode> {
    // Adding the first source may start the workspace; the others need one.
    let store = match cmd {
        SourceCommand::Add { .. } => open_or_start(db, now)?,
        _ => open(db, now)?,
    };
    let secrets = workspace::secrets(&store)?;
    let mut out = std::io::stdout().lock();
    match cmd {
        SourceCommand::Add {
            name,
            kind,
            url,
            query,
            hashtag,
            subreddit,
            every,
            login,
            secret_stdin,
        } => {
            let credential = if secret_stdin {
                Some(Credential {
                    id: login,
                    secret: read_secret()?,
                })
            } else {
                anyhow::ensure!(
                    login.is_none(),
                    "--login needs its secret: pass --secret-stdin and type or pipe it"
                );
                None
            };
            let new = NewSource {
                name,
                kind: Some(SourceKind::parse(&kind)?),
                url,
                query,
                target: hashtag.or(subreddit),
                interval_secs: every.as_deref().map(time::parse_duration).transpose()?,
                credential,
            };
            let had_credential = collect::list_sources(&store, now.timestamp())?
                .iter()
                .any(|s| {
                    s.source.has_credential && s.source.name.eq_ignore_ascii_case(new.name.trim())
                });
            let source = collect::save_source(&store, &*secrets, &new, now.timestamp())?;
            write!(
                out,
                "{}: {} source, collected every {}",
                source.name,
                source.kind.as_str(),
                match source.interval_secs % 60 {
                    0 => townhall::time::human_duration(source.interval_secs),
                    _ => format!("{} s", source.interval_secs),
                },
            )?;
            if new.credential.is_some() {
                write!(out, "; credentials kept in {}", secrets.describe())?;
            } else if had_credential && !source.has_credential {
                write!(
                    out,
                    "; its credential was forgotten, as it now collects from another server \
                     (give it again with --secret-stdin)"
                )?;
            }
            writeln!(out)?;
        }
        SourceCommand::List { json } => {
            let sources = collect::list_sources(&store, now.timestamp())?;
            if sources.is_empty() && !json {
                eprintln!("No sources yet: add one with `townhall source add`.");
            }
            for s in sources {
                if json {
                    writeln!(out, "{}", serde_json::to_string(&s)?)?;
                } else {
                    writeln!(
                        out,
                        "{}\t{}\t{}",
                        s.source.name,
                        s.source.kind.as_str(),
                        s.status
                    )?;
                }
            }
        }
        SourceCommand::Remove { name, yes } => {
            let question = townhall::workspace::editing::describe_source_removal(&store, &name)?;
            if !super::confirmed(&question, yes)? {
                return Ok(ExitCode::SUCCESS);
            }
            collect::remove_source(&store, &*secrets, &name)?;
            writeln!(out, "removed {name}; the posts it collected stay")?;
        }
        SourceCommand::Pause { name, resume } => {
            let source = collect::set_paused(&store, &name, !resume, now.timestamp())?;
            let state = if source.paused { "paused" } else { "resumed" };
            writeln!(out, "{} {state}", source.name)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_report(out: &mut impl Write, r: &RunReport, json: bool) -> anyhow::Result<()> {
    if json {
        writeln!(out, "{}", serde_json::json!({ "run": r }))?;
        return Ok(());
    }
    use townhall::analytics::counted;
    writeln!(
        out,
        "{}: {}, {}, {} skipped ({})",
        r.source,
        counted(r.new_posts, "new post", "new posts"),
        counted(r.duplicates, "duplicate", "duplicates"),
        r.skipped,
        r.outcome
    )?;
    for line in r.errors.iter().chain(&r.notes) {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

/// A send that failed, on standard error, with when it is tried again.
/// A send that failed, on standard error, and with `--json` also as a line of its own on
/// standard output, where a tool reading the lines sees it.
fn print_failed_send(
    out: &mut impl Write,
    sent: &live::Sent,
    tz: Tz,
    json: bool,
) -> anyhow::Result<()> {
    let Err(e) = &sent.outcome else {
        return Ok(());
    };
    let next = match sent.retry_at {
        Some(at) => format!("tried again at {}", time::local_minute_zoned(tz, at)),
        None => "given up".to_string(),
    };
    if sent.partly {
        eprintln!(
            "townhall: alert {} sent by {}, not to every address: {e}",
            sent.alert.id,
            sent.channel.label()
        );
    } else {
        eprintln!(
            "townhall: alert {} not sent to {} ({next}): {e}",
            sent.alert.id,
            sent.channel.label()
        );
    }
    if json {
        let failed = serde_json::json!({ "send_failed": {
            "alert": sent.alert.id,
            "channel": sent.channel.label(),
            "error": e.to_string(),
            "partly": sent.partly,
            "retry_at": sent.retry_at,
        }});
        writeln!(out, "{failed}")?;
    }
    Ok(())
}

fn print_alert(out: &mut impl Write, a: &Alert, tz: Tz, json: bool) -> anyhow::Result<()> {
    if json {
        writeln!(out, "{}", serde_json::json!({ "alert": a }))?;
    } else {
        writeln!(
            out,
            "ALERT {} — {} (since {})",
            a.title,
            a.evidence,
            time::local_minute_zoned(tz, a.started_at)
        )?;
    }
    Ok(())
}

pub fn collect(db: Option<&Path>, json: bool, now: DateTime<Utc>) -> anyhow::Result<ExitCode> {
    let mut store = open(db, now)?;
    let secrets = workspace::secrets(&store)?;
    let never = AtomicBool::new(false);
    let collected = live::collect_due(&mut store, &*secrets, now, &never)?;
    let tz = workspace::timezone(&store, None)?;
    let mut out = std::io::stdout().lock();
    if collected.reports.is_empty() && !json {
        match collect::list_sources(&store, now.timestamp())?.is_empty() {
            true => {
                eprintln!("There is no source to collect from: `townhall source add` adds one.")
            }
            false => eprintln!(
                "No source was due (each is collected at its interval; `townhall source list` \
                 says when next)."
            ),
        }
    }
    for report in &collected.reports {
        print_report(&mut out, report, json)?;
    }
    for alert in &collected.alerts {
        print_alert(&mut out, alert, tz, json)?;
    }
    for sent in live::send_due(&store, &*secrets, &SystemClock, &never)? {
        print_failed_send(&mut out, &sent, tz, json)?;
    }
    let failed = collected.reports.iter().any(|r| r.outcome != "ok");
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

pub fn watch(db: Option<&Path>, on_alert: Option<&str>, json: bool) -> anyhow::Result<ExitCode> {
    let path = existing_workspace(db)?;
    let store = workspace::open(&path, Utc::now())?;
    let secrets = workspace::secrets(&store)?;
    // Alerts are printed in the zone the workspace had when watching began.
    let tz = workspace::timezone(&store, None)?;
    drop(store);
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .context("listening for SIGTERM and Ctrl+C")?;
    let mut out = std::io::stdout();
    let mut failure = None;
    // The `--on-alert` commands still running, which end with the watch.
    let mut beside = Vec::new();
    let watch_over = Arc::new(AtomicBool::new(false));
    let watched = live::watch(&path, &*secrets, &SystemClock, &cancel, &mut |event| {
        let printed = match event {
            live::WatchEvent::Collected(r) => print_report(&mut out, r, json),
            live::WatchEvent::Alert(a) => {
                let printed = print_alert(&mut out, a, tz, json);
                if let Some(cmd) = on_alert {
                    beside.retain(|waiting: &std::thread::JoinHandle<()>| !waiting.is_finished());
                    match run_on_alert(cmd, a, &watch_over) {
                        Ok(waiting) => beside.push(waiting),
                        Err(e) => eprintln!("townhall: --on-alert: {e:#}"),
                    }
                }
                printed
            }
            live::WatchEvent::Delivered(sent) => print_failed_send(&mut out, sent, tz, json),
            live::WatchEvent::Busy => {
                eprintln!(
                    "townhall: the workspace is in use by another program; collecting again at \
                     the next round"
                );
                Ok(())
            }
            live::WatchEvent::Brief(brief) => {
                let run = &brief.run;
                for (channel, outcome) in &brief.delivered {
                    if let Err(e) = outcome {
                        eprintln!(
                            "townhall: the brief for {} was not sent to {}: {e}",
                            run.topic.name,
                            channel.label()
                        );
                    }
                }
                if brief.resent {
                    // Written earlier; sent now on the channels that could not take it then.
                    let mut sent = brief.delivered.iter().filter(|(_, o)| o.is_ok());
                    sent.try_for_each(|(channel, _)| match json {
                        true => writeln!(
                            out,
                            "{}",
                            serde_json::json!({ "brief_resent": {
                                    "topic": run.topic.name, "channel": channel.label() } })
                        ),
                        false => writeln!(
                            out,
                            "brief for {} sent to {}, tried again",
                            run.topic.name,
                            channel.label()
                        ),
                    })
                    .map_err(Into::into)
                } else {
                    match &run.result {
                        Ok(path) if json => writeln!(
                            out,
                            "{}",
                            serde_json::json!({ "brief": { "topic": run.topic.name, "path": path } })
                        )
                        .map_err(Into::into),
                        Ok(path) => writeln!(
                            out,
                            "brief for {} written to {}",
                            run.topic.name,
                            path.display()
                        )
                        .map_err(Into::into),
                        Err(e) => {
                            eprintln!(
                                "townhall: the scheduled brief for {} failed: {e}",
                                run.topic.name
                            );
                            match json {
                                true => writeln!(
                                    out,
                                    "{}",
                                    serde_json::json!({ "brief": {
                                        "topic": run.topic.name, "error": e.to_string()
                                    } })
                                )
                                .map_err(Into::into),
                                false => Ok(()),
                            }
                        }
                    }
                }
            }
        };
        if let Err(e) = printed.and_then(|()| out.flush().map_err(Into::into)) {
            // Standard output is gone (a closed pipe): stop cleanly.
            failure.get_or_insert(e);
            cancel.store(true, Ordering::SeqCst);
        }
    });
    watch_over.store(true, Ordering::SeqCst);
    for waiting in beside {
        let _ = waiting.join();
    }
    watched?;
    match failure {
        Some(e) => Err(e),
        None => Ok(ExitCode::SUCCESS),
    }
}

/// How long an `--on-alert` command may run before it is stopped.
const ON_ALERT_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Starts `cmd` through the shell with the alert as JSON on its standard input; it is stopped
/// when `watch_over` is set, if it still runs. Returns the thread that waits for it.
fn run_on_alert(
    cmd: &str,
    alert: &Alert,
    watch_over: &Arc<AtomicBool>,
) -> anyhow::Result<std::thread::JoinHandle<()>> {
    let json = serde_json::to_string(alert)?;
    start_beside(cmd, &json, ON_ALERT_LIMIT, watch_over.clone())
}

/// Starts `cmd` through the shell with `input` on its standard input, and lets it run beside
/// the watch: a command that hangs (a notifier waiting for a display, a mailer for a server)
/// must not hold up collection or a stop. It is stopped, with what it started, after `limit`
/// or once `watch_over` is set, so that it never outlives the watch; how it ended is said on
/// standard error. Returns the thread that waits for it.
fn start_beside(
    cmd: &str,
    input: &str,
    limit: std::time::Duration,
    watch_over: Arc<AtomicBool>,
) -> anyhow::Result<std::thread::JoinHandle<()>> {
    let mut command = std::process::Command::new("sh");
    command.args(["-c", cmd]).stdin(Stdio::piped());
    // A group of its own, so that stopping it stops what it started too.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .spawn()
        .with_context(|| format!("starting {cmd:?}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A command that does not read its input gets none.
        let _ = writeln!(stdin, "{input}");
    }
    let cmd = cmd.to_string();
    Ok(std::thread::spawn(move || {
        let started = std::time::Instant::now();
        loop {
            match child.try_wait() {
                Ok(Some(status)) if status.success() => return,
                Ok(Some(status)) => {
                    eprintln!("townhall: --on-alert: {cmd:?} exited with {status}");
                    return;
                }
                Ok(None) if started.elapsed() >= limit || watch_over.load(Ordering::SeqCst) => {
                    // The whole group it started in; not through the `kill` program, which
                    // on Debian 12 reads `kill -KILL -1234` as the group 9.
                    #[cfg(unix)]
                    if let Some(group) = i32::try_from(child.id())
                        .ok()
                        .and_then(rustix::process::Pid::from_raw)
                    {
                        let _ = rustix::process::kill_process_group(
                            group,
                            rustix::process::Signal::KILL,
                        );
                    }
                    let _ = child.kill();
                    let _ = child.wait();
                    match started.elapsed() >= limit {
                        true => eprintln!(
                            "townhall: --on-alert: {cmd:?} was stopped after {} s",
                            limit.as_secs()
                        ),
                        false => {
                            eprintln!("townhall: --on-alert: {cmd:?} was stopped with the watch")
                        }
                    }
                    return;
                }
                Ok(None) => std::thread::sleep(std::time::Duration::from_millis(100)),
                Err(e) => {
                    eprintln!("townhall: --on-alert: waiting for {cmd:?}: {e}");
                    return;
                }
            }
        }
    }))
}

pub fn status(db: Option<&Path>, json: bool, now: DateTime<Utc>) -> anyhow::Result<ExitCode> {
    let store = open(db, now)?;
    let mut out = std::io::stdout().lock();
    for s in live::statuses(&store, now)? {
        if json {
            writeln!(out, "{}", serde_json::to_string(&s)?)?;
        } else {
            writeln!(out, "{}: {}", s.topic, s.sentences())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn alerts(
    db: Option<&Path>,
    since: Option<&str>,
    ack: Option<i64>,
    json: bool,
    now: DateTime<Utc>,
) -> anyhow::Result<ExitCode> {
    let store = open(db, now)?;
    let mut out = std::io::stdout().lock();
    if let Some(id) = ack {
        let alert = alerts::acknowledge(&store, id, now.timestamp())?;
        writeln!(out, "acknowledged alert {}: {}", alert.id, alert.title)?;
        return Ok(ExitCode::SUCCESS);
    }
    let tz = workspace::timezone(&store, None)?;
    let since = since.map(|text| parse_since(text, tz)).transpose()?;
    let raised = alerts::list(&store, since)?;
    if raised.is_empty() && !json {
        eprintln!(
            "No alerts{}.",
            if since.is_some() {
                " since then"
            } else {
                " yet"
            }
        );
    }
    for a in raised {
        if json {
            writeln!(out, "{}", serde_json::to_string(&a)?)?;
        } else {
            let seen = if a.acknowledged_at.is_some() {
                "acknowledged"
            } else {
                "new"
            };
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                a.id,
                time::local_minute_zoned(tz, a.raised_at),
                seen,
                a.title,
                a.evidence
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// An RFC 3339 instant, or the start of a day on the workspace's clock (`tz`), in which alerts are
/// listed, as unix seconds.
fn parse_since(text: &str, tz: Tz) -> anyhow::Result<i64> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.timestamp());
    }
    Ok(time::day_start(tz, time::parse_date(text)?).timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_since_which_alerts_are_listed_begins_on_the_workspace_s_clock() {
        let west: Tz = "Etc/GMT+12".parse().unwrap();
        let utc_noon = DateTime::parse_from_rfc3339("2026-12-06T12:00:00Z").unwrap();
        assert_eq!(
            parse_since("2026-12-06", west).unwrap(),
            utc_noon.timestamp()
        );
        let instant = "2026-12-06T01:00:00+01:00";
        assert_eq!(
            parse_since(instant, west).unwrap(),
            DateTime::parse_from_rfc3339(instant).unwrap().timestamp()
        );
    }

    /// Whether the process whose id `pid_file` holds has ended (on Linux; elsewhere, yes).
    fn ended(pid_file: &std::path::Path) -> bool {
        #[cfg(target_os = "linux")]
        {
            let pid = std::fs::read_to_string(pid_file).unwrap();
            let stat = std::path::Path::new("/proc").join(pid.trim()).join("stat");
            (0..50).any(|_| {
                let state = std::fs::read_to_string(&stat).unwrap_or_default();
                let over = state.is_empty() || state.contains(") Z ");
                if !over {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                over
            })
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = pid_file;
            true
        }
    }

    /// A command still running when the watch ends is stopped with it, with what it started.
    #[test]
    fn an_on_alert_command_ends_with_the_watch() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("sleep.pid");
        let cmd = format!("sleep 30 & echo $! > '{}'; wait", pid_file.display());
        let watch_over = Arc::new(AtomicBool::new(false));
        let started = std::time::Instant::now();
        let waiting = super::start_beside(
            &cmd,
            "{}",
            std::time::Duration::from_secs(60),
            watch_over.clone(),
        )
        .unwrap();
        while !pid_file.exists() {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        watch_over.store(true, Ordering::SeqCst);
        waiting.join().unwrap();
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
        assert!(ended(&pid_file), "the command's own child still runs");
    }

    /// A command that hangs neither holds the watch up nor runs for ever, and gets the alert.
    #[test]
    fn an_on_alert_command_runs_beside_the_watch_and_is_stopped_in_time() {
        let dir = tempfile::tempdir().unwrap();
        let got = dir.path().join("got.json");
        let pid_file = dir.path().join("sleep.pid");
        // The command starts a child of its own, which is stopped with it.
        let cmd = format!(
            "cat > '{}'; sleep 30 & echo $! > '{}'; wait",
            got.display(),
            pid_file.display()
        );
        let started = std::time::Instant::now();
        let waiting = super::start_beside(
            &cmd,
            r#"{"topic":"Portal"}"#,
            std::time::Duration::from_secs(1),
            Arc::new(AtomicBool::new(false)),
        )
        .unwrap();
        assert!(
            started.elapsed().as_millis() < 500,
            "{:?}",
            started.elapsed()
        );
        waiting.join().unwrap();
        let ran = started.elapsed().as_secs_f64();
        assert!(
            (1.0..10.0).contains(&ran),
            "stopped after the limit: {ran} s"
        );
        assert_eq!(
            std::fs::read_to_string(&got).unwrap(),
            "{\"topic\":\"Portal\"}\n"
        );
        assert!(ended(&pid_file), "the command's own child still runs");
    }
}
