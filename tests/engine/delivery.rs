//! Delivery against fake servers on 127.0.0.1 (what was sent is checked byte for byte, and the
//! secret never appears in an error), and the morning-brief schedule run on an injected clock.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::thread::JoinHandle;

use chrono::TimeZone;
use townhall::alerts::deliver::{self, Channel, Delivery, EmailSettings, Security};
use townhall::alerts::schedule::{self, Schedule};
use townhall::alerts::{Alert, AlertKind, AlertPost};
use townhall::analytics::status::Grade;
use townhall::model::Platform;
use townhall::store::settings;
use townhall::topics;

use crate::support::workspace;

fn alert() -> Alert {
    Alert {
        id: 3,
        topic_id: 1,
        topic: "SchoolMax".into(),
        kind: AlertKind::Escalation,
        grade: Grade::Critical,
        title: "Now Critical: SchoolMax".into(),
        evidence: "1,250 people in the last hour against a normal 9, on 2 platforms, for 3 h"
            .into(),
        started_at: 1_788_768_000,
        raised_at: 1_788_778_800,
        acknowledged_at: None,
        top_post: Some(AlertPost {
            id: 9,
            platform: Platform::Reddit,
            author: "Person 1".into(),
            text: "Portal down <again> & again".into(),
            created_at: "2026-09-07T08:05:00Z".into(),
            url: None,
        }),
        time_zone: "America/New_York".into(),
    }
}

/// A one-request HTTP server answering `status`; yields the request's head and body.
fn fake_webhook(status: &'static str) -> (u16, JoinHandle<(String, Vec<u8>)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            head.push_str(&line);
            if line == "\r\n" || line.is_empty() {
                break;
            }
        }
        let length: usize = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length:")
                    .map(|v| v.trim().parse().unwrap())
            })
            .unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        (head, body)
    });
    (port, server)
}

#[test]
fn webhooks_receive_exactly_the_previewed_payload() {
    for channel in [Channel::Teams, Channel::Slack, Channel::Webhook] {
        let (port, server) = fake_webhook("200 OK");
        let delivery = Delivery {
            enabled: true,
            ..Delivery::off(channel)
        };
        let url = format!("http://127.0.0.1:{port}/hooks/T000/SECRET-TOKEN");
        deliver::send(&delivery, &alert(), &url).unwrap();
        let (head, body) = server.join().unwrap();
        assert!(
            head.starts_with("POST /hooks/T000/SECRET-TOKEN HTTP/1.1\r\n"),
            "{head}"
        );
        assert!(head
            .to_ascii_lowercase()
            .contains("content-type: application/json\r\n"));
        assert_eq!(
            body,
            deliver::payload(&delivery, &alert()).unwrap(),
            "{channel:?}"
        );
        let preview = deliver::preview(&delivery, &alert());
        let shown: serde_json::Value =
            serde_json::from_str(preview.split_once("\n\n").unwrap().1).unwrap();
        assert_eq!(
            shown,
            serde_json::from_slice::<serde_json::Value>(&body).unwrap()
        );
        assert!(!preview.contains("SECRET-TOKEN"));
    }
}

#[test]
fn slack_receives_these_bytes() {
    let (port, server) = fake_webhook("200 OK");
    let slack = Delivery {
        enabled: true,
        ..Delivery::off(Channel::Slack)
    };
    deliver::send(&slack, &alert(), &format!("http://127.0.0.1:{port}/x")).unwrap();
    let (_, body) = server.join().unwrap();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"blocks":[{"text":{"text":"*Escalation: Now Critical: SchoolMax*\n1,250 people in the last hour against a normal 9, on 2 platforms, for 3 h","type":"mrkdwn"},"type":"section"},{"elements":[{"text":"Started 2026-09-07 04:00 EDT · raised 2026-09-07 07:00 EDT","type":"mrkdwn"}],"type":"context"},{"text":{"emoji":false,"text":"Top post, by Person 1 on Reddit: “Portal down <again> & again”","type":"plain_text"},"type":"section"}],"text":"Now Critical: SchoolMax: 1,250 people in the last hour against a normal 9, on 2 platforms, for 3 h"}"#
    );
}

#[test]
fn a_failing_webhook_is_reported_without_its_address() {
    let (port, server) = fake_webhook("500 Internal Server Error");
    let teams = Delivery {
        enabled: true,
        ..Delivery::off(Channel::Teams)
    };
    let url = format!("http://127.0.0.1:{port}/webhookb2/SECRET-TOKEN");
    let err = deliver::send(&teams, &alert(), &url)
        .unwrap_err()
        .to_string();
    server.join().unwrap();
    assert!(
        err.contains("is having trouble (500 Internal Server Error)"),
        "{err}"
    );
    assert!(
        !err.contains("SECRET-TOKEN") && !err.contains(&port.to_string()),
        "{err}"
    );

    // Nobody listening: the network error says so, still without the address.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let url = format!("http://127.0.0.1:{port}/webhookb2/SECRET-TOKEN");
    let err = deliver::send(&teams, &alert(), &url)
        .unwrap_err()
        .to_string();
    assert!(err.contains("could not be reached"), "{err}");
    assert!(!err.contains("SECRET-TOKEN"), "{err}");
}

/// What a fake SMTP server saw.
#[derive(Debug, Default)]
pub(crate) struct Smtp {
    pub commands: Vec<String>,
    pub data: Vec<u8>,
}

/// A one-connection SMTP server, without TLS, answering AUTH with `auth_reply`.
pub(crate) fn fake_smtp(auth_reply: &'static str) -> (u16, JoinHandle<Smtp>) {
    let (port, server) = fake_smtp_refusing(auth_reply, "", 1);
    (
        port,
        std::thread::spawn(move || server.join().unwrap().remove(0)),
    )
}

/// An SMTP server for `connections` connections one after the other, without TLS, answering
/// AUTH with `auth_reply` and refusing (550) every address that starts with `refused` (when
/// not empty).
pub(crate) fn fake_smtp_refusing(
    auth_reply: &'static str,
    refused: &'static str,
    connections: usize,
) -> (u16, JoinHandle<Vec<Smtp>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        (0..connections)
            .map(|_| {
                let (stream, _) = listener.accept().unwrap();
                smtp_session(stream, auth_reply, refused)
            })
            .collect()
    });
    (port, server)
}

fn smtp_session(stream: std::net::TcpStream, auth_reply: &str, refused: &str) -> Smtp {
    let mut out = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let mut seen = Smtp::default();
    out.write_all(b"220 fake.test ESMTP\r\n").unwrap();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        let command = line.trim_end().to_string();
        let verb = command.split(' ').next().unwrap_or("").to_ascii_uppercase();
        let refuse = !refused.is_empty() && command.starts_with(&format!("RCPT TO:<{refused}"));
        seen.commands.push(command);
        let reply: &str = match verb.as_str() {
            "EHLO" => "250-fake.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n",
            "AUTH" => auth_reply,
            "RCPT" if refuse => "550 5.1.1 no such user\r\n",
            "MAIL" | "RCPT" => "250 OK\r\n",
            "DATA" => {
                out.write_all(b"354 go ahead\r\n").unwrap();
                let mut data = Vec::new();
                while !data.ends_with(b"\r\n.\r\n") {
                    let mut byte = [0u8; 1];
                    reader.read_exact(&mut byte).unwrap();
                    data.push(byte[0]);
                }
                data.truncate(data.len() - 5);
                seen.data = data;
                "250 queued\r\n"
            }
            "QUIT" => {
                out.write_all(b"221 bye\r\n").unwrap();
                break;
            }
            _ => "502 not implemented\r\n",
        };
        out.write_all(reply.as_bytes()).unwrap();
    }
    seen
}

fn email(port: u16) -> Delivery {
    Delivery {
        channel: Channel::Email,
        enabled: true,
        secret_key: "delivery.email".into(),
        email: Some(EmailSettings {
            server: "127.0.0.1".into(),
            port,
            security: Security::Plain,
            username: Some("townhall@example.org".into()),
            from: "Townhall <townhall@example.org>".into(),
            to: vec!["cio@example.org".into(), "ops@example.org".into()],
        }),
    }
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, b| n << 8 | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                A[(n >> (18 - 6 * i) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

#[test]
fn e_mail_goes_through_smtp_as_previewed() {
    let (port, server) = fake_smtp("235 2.7.0 accepted\r\n");
    let delivery = email(port);
    deliver::send(&delivery, &alert(), "hunter2-SECRET").unwrap();
    let seen = server.join().unwrap();
    let message = deliver::payload(&delivery, &alert()).unwrap();
    assert_eq!(seen.data, message);
    let text = String::from_utf8(message).unwrap();
    for line in [
        "Subject: [Townhall] Now Critical: SchoolMax\r\n",
        "To: cio@example.org, ops@example.org\r\n",
        "Message-ID: <alert-3-1788778800@townhall.invalid>\r\n",
        "1,250 people in the last hour against a normal 9, on 2 platforms, for 3 h.\r\n",
    ] {
        assert!(text.contains(line), "{line:?} in {text}");
    }
    assert!(deliver::preview(&delivery, &alert()).ends_with(&text));
    let auth = format!(
        "AUTH PLAIN {}",
        base64(b"\0townhall@example.org\0hunter2-SECRET")
    );
    assert_eq!(
        seen.commands[1..],
        [
            auth.as_str(),
            "MAIL FROM:<townhall@example.org>",
            "RCPT TO:<cio@example.org>",
            "RCPT TO:<ops@example.org>",
            "DATA",
            "QUIT"
        ]
    );
}

/// One mistyped address among several: the others still get the alert, and the error names
/// the address refused; it counts as sent, partly.
#[test]
fn an_address_refused_costs_that_address_alone() {
    // The message to all three (refused at the second address), then one to each.
    let (port, server) = fake_smtp_refusing("235 2.7.0 accepted\r\n", "bad", 4);
    let mut delivery = email(port);
    delivery.email.as_mut().unwrap().to = vec![
        "cio@example.org".into(),
        "bad-typo@example.org".into(),
        "ops@example.org".into(),
    ];
    let failure = deliver::send_once(&delivery, &alert(), "hunter2-SECRET").unwrap_err();
    let sessions = server.join().unwrap();
    let error = failure.error.to_string();
    assert!(
        error.contains("went to cio@example.org, ops@example.org only")
            && error.contains("refused bad-typo@example.org (")
            && error.contains("no such user"),
        "{error}"
    );
    assert!(failure.partly && !failure.permanent);
    let delivered: Vec<_> = sessions
        .iter()
        .filter(|s| !s.data.is_empty())
        .map(|s| {
            s.commands
                .iter()
                .filter(|c| c.starts_with("RCPT"))
                .cloned()
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        delivered,
        [["RCPT TO:<cio@example.org>"], ["RCPT TO:<ops@example.org>"]]
    );
    // Each got the message as previewed, every address in its To: line.
    let message = deliver::payload(&delivery, &alert()).unwrap();
    assert!(sessions
        .iter()
        .filter(|s| !s.data.is_empty())
        .all(|s| s.data == message));

    // Its only address refused: given up, the address named, and asked once.
    let (port, server) = fake_smtp_refusing("235 2.7.0 accepted\r\n", "bad", 1);
    let mut delivery = email(port);
    delivery.email.as_mut().unwrap().to = vec!["bad-typo@example.org".into()];
    let failure = deliver::send_once(&delivery, &alert(), "hunter2-SECRET").unwrap_err();
    server.join().unwrap();
    let error = failure.error.to_string();
    assert!(
        error.contains("refused every address of the alert: bad-typo@example.org ("),
        "{error}"
    );
    assert!(failure.permanent && !failure.partly);
}

#[test]
fn a_refused_login_is_reported_without_the_password() {
    // A server that echoes what it was given must not make the error leak it.
    let (port, server) = fake_smtp("535 5.7.8 no user with password hunter2-SECRET\r\n");
    let err = deliver::send(&email(port), &alert(), "hunter2-SECRET")
        .unwrap_err()
        .to_string();
    drop(server);
    assert!(err.contains("did not take the alert"), "{err}");
    assert!(!err.contains("hunter2-SECRET"), "{err}");
}

#[test]
fn delivery_settings_are_saved_without_secrets_and_start_off() {
    let (_dir, path, store) = workspace();
    assert!(deliver::list(&store).unwrap().iter().all(|d| !d.enabled));
    let mut mail = email(587);
    mail.email.as_mut().unwrap().server = "smtp.example.org".into();
    mail.email.as_mut().unwrap().security = Security::StartTls;
    deliver::save(&store, &mail).unwrap();
    assert_eq!(deliver::get(&store, Channel::Email).unwrap(), mail);
    mail.email.as_mut().unwrap().security = Security::Plain;
    let err = deliver::save(&store, &mail).unwrap_err().to_string();
    assert!(err.contains("must be encrypted"), "{err}");
    drop(store);
    let file = std::fs::read(&path).unwrap();
    let wal = std::fs::read(path.with_extension("sqlite-wal")).unwrap_or_default();
    for bytes in [file, wal] {
        assert!(!String::from_utf8_lossy(&bytes).contains("hunter2"));
    }
}

#[test]
fn a_missed_morning_brief_is_written_once_on_waking() {
    let (dir, _path, store) = workspace();
    settings::set(store.conn(), settings::TIMEZONE, "Europe/London").unwrap();
    let topic = topics::add(&store, "Portal", "portal", "2026-09-01T00:00:00Z").unwrap();
    let tz: chrono_tz::Tz = "Europe/London".parse().unwrap();
    let at = |d: u32, h: u32, m: u32| {
        tz.with_ymd_and_hms(2026, 9, d, h, m, 0)
            .unwrap()
            .timestamp()
    };
    let folder = dir.path().join("briefs");
    schedule::save(
        &store,
        &Schedule {
            topic_id: topic.id,
            enabled: true,
            days: vec![
                "Mon".into(),
                "tue".into(),
                "wed".into(),
                "thu".into(),
                "fri".into(),
            ],
            at: "07:30".into(),
            folder: folder.display().to_string(),
            created_at: at(4, 12, 0),
            last_run: None,
            last_error: None,
        },
    )
    .unwrap();
    let mut written = Vec::new();
    let mut write = |t: &topics::Topic, folder: &std::path::Path| {
        std::fs::create_dir_all(folder).map_err(|e| townhall::Error::io(folder, e))?;
        let path = folder.join(format!("{}-{}.pdf", t.name, written.len()));
        std::fs::write(&path, b"%PDF").map_err(|e| townhall::Error::io(&path, e))?;
        written.push(path.clone());
        Ok(path)
    };
    // The laptop sleeps from Friday evening until Wednesday 10:00: one brief, for Wednesday.
    assert!(schedule::run_due(&store, at(4, 18, 0), &mut write)
        .unwrap()
        .is_empty());
    let runs = schedule::run_due(&store, at(9, 10, 0), &mut write).unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].scheduled_for, at(9, 7, 30));
    assert!(runs[0].result.as_ref().unwrap().exists());
    assert!(schedule::run_due(&store, at(9, 10, 5), &mut write)
        .unwrap()
        .is_empty());
    let saved = schedule::get(&store, &topic).unwrap().unwrap();
    assert_eq!(saved.last_run, Some(at(9, 10, 0)));
    assert_eq!(saved.days, ["mon", "tue", "wed", "thu", "fri"]);
    // Thursday's run fails: recorded, and not retried until Friday.
    let mut failing = |_: &topics::Topic, _: &std::path::Path| -> townhall::Result<_> {
        Err(townhall::Error::InvalidInput("disk full".into()))
    };
    let runs = schedule::run_due(&store, at(10, 7, 31), &mut failing).unwrap();
    assert!(runs[0].result.is_err());
    assert_eq!(
        schedule::get(&store, &topic)
            .unwrap()
            .unwrap()
            .last_error
            .as_deref(),
        Some("disk full")
    );
    assert!(schedule::run_due(&store, at(10, 9, 0), &mut write)
        .unwrap()
        .is_empty());
    assert_eq!(
        schedule::run_due(&store, at(11, 7, 30), &mut write)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(written.len(), 2);
}
