//! Delivery outside the app: a Microsoft Teams or Slack incoming webhook, a generic JSON webhook,
//! or e-mail through the organisation's SMTP server. Opt-in and off by default: a channel sends
//! nothing until the user switches it on, after seeing exactly what it would send ([`preview`]).
//!
//! Secrets (a webhook's address, which is its credential, and the SMTP password) are never stored
//! in the workspace: a [`Delivery`] names the key under which the app's secret store keeps them,
//! and [`send`] takes the resolved value as an argument. They never appear in a preview or an
//! error message.

use std::net::IpAddr;
use std::time::Duration;

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Alert, AlertKind};
use crate::analytics::status::Grade;
use crate::error::{Error, Result};
use crate::store::Store;

/// How long a webhook or SMTP server may take before the delivery is given up.
const TIMEOUT: Duration = Duration::from_secs(20);

/// Where alerts can be delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// A Microsoft Teams incoming webhook (a Workflows "post to a channel" address): an
    /// Adaptive Card.
    Teams,
    /// A Slack incoming webhook: `{"text", "blocks"}`.
    Slack,
    /// Any address that takes the alert as JSON.
    Webhook,
    /// E-mail through an SMTP server.
    Email,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Teams,
        Channel::Slack,
        Channel::Webhook,
        Channel::Email,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Teams => "teams",
            Channel::Slack => "slack",
            Channel::Webhook => "webhook",
            Channel::Email => "email",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Teams => "Microsoft Teams",
            Channel::Slack => "Slack",
            Channel::Webhook => "JSON webhook",
            Channel::Email => "E-mail",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s.trim())
    }

    /// The secret-store key used unless another is chosen: `delivery.teams`.
    pub fn default_secret_key(self) -> String {
        format!("delivery.{}", self.as_str())
    }
}

/// One delivery channel's settings (no secret among them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Delivery {
    pub channel: Channel,
    /// Off by default: nothing is sent until the user switches it on.
    pub enabled: bool,
    /// Key in the app's secret store of the webhook address or the SMTP password.
    pub secret_key: String,
    /// The SMTP settings, for [`Channel::Email`].
    pub email: Option<EmailSettings>,
}

impl Delivery {
    /// A channel as it is before the user sets it up: off.
    pub fn off(channel: Channel) -> Delivery {
        Delivery {
            channel,
            enabled: false,
            secret_key: channel.default_secret_key(),
            email: None,
        }
    }
}

/// The organisation's SMTP server and the message's addresses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct EmailSettings {
    pub server: String,
    pub port: u16,
    pub security: Security,
    /// Who to log in as; `None` sends without logging in.
    pub username: Option<String>,
    pub from: String,
    pub to: Vec<String>,
}

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS, required (usually port 587).
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
    /// No encryption: only to this machine (a local relay, or tests).
    Plain,
}

/// Every channel's settings, saved or not (unsaved ones are off).
pub fn list(store: &Store) -> Result<Vec<Delivery>> {
    Channel::ALL.into_iter().map(|c| get(store, c)).collect()
}

/// One channel's settings (off when never saved).
pub fn get(store: &Store, channel: Channel) -> Result<Delivery> {
    let row = store
        .conn()
        .query_row(
            "SELECT enabled, secret_key, email FROM alert_delivery WHERE channel = ?1",
            [channel.as_str()],
            |r| {
                Ok((
                    r.get::<_, bool>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            },
        )
        .optional()?;
    let Some((enabled, secret_key, email)) = row else {
        return Ok(Delivery::off(channel));
    };
    let email = email
        .map(|e| serde_json::from_str(&e))
        .transpose()
        .map_err(|e| Error::Internal(format!("the saved e-mail settings do not read: {e}")))?;
    Ok(Delivery {
        channel,
        enabled,
        secret_key,
        email,
    })
}

/// Saves a channel's settings after checking them.
pub fn save(store: &Store, delivery: &Delivery) -> Result<()> {
    check(delivery)?;
    let email = delivery
        .email
        .as_ref()
        .map(|e| serde_json::to_string(e).expect("settings serialise"));
    store.conn().execute(
        "INSERT INTO alert_delivery (channel, enabled, secret_key, email) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (channel) DO UPDATE SET
             enabled = excluded.enabled, secret_key = excluded.secret_key, email = excluded.email",
        params![
            delivery.channel.as_str(),
            delivery.enabled,
            delivery.secret_key,
            email
        ],
    )?;
    Ok(())
}

fn check(delivery: &Delivery) -> Result<()> {
    if delivery.secret_key.trim().is_empty() {
        return Err(Error::InvalidInput(
            "a delivery needs the name of the secret that holds its address or password".into(),
        ));
    }
    if delivery.channel != Channel::Email {
        return Ok(());
    }
    let Some(email) = &delivery.email else {
        return Err(Error::InvalidInput(
            "e-mail delivery needs an SMTP server, a sender and at least one recipient".into(),
        ));
    };
    if email.server.trim().is_empty() || email.to.is_empty() {
        return Err(Error::InvalidInput(
            "e-mail delivery needs an SMTP server and at least one recipient".into(),
        ));
    }
    if email.security == Security::Plain && !is_loopback(&email.server) {
        return Err(Error::InvalidInput(format!(
            "mail to {} must be encrypted (STARTTLS or TLS); unencrypted SMTP is only allowed to \
             this machine",
            email.server
        )));
    }
    for address in email.to.iter().chain([&email.from]) {
        address
            .parse::<lettre::message::Mailbox>()
            .map_err(|_| Error::InvalidInput(format!("{address:?} is not an e-mail address")))?;
    }
    Ok(())
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_matches(['[', ']'])
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// What the channel would send for this alert, for people to read before switching it on: the
/// request line or SMTP envelope, then the exact body. The secret is shown by its key only.
pub fn preview(delivery: &Delivery, alert: &Alert) -> String {
    let body = match payload(delivery, alert) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => return format!("Nothing can be sent yet: {e}"),
    };
    match (&delivery.email, delivery.channel) {
        (Some(email), Channel::Email) => format!(
            "SMTP {}:{} ({}){}\n\n{body}",
            email.server,
            email.port,
            match email.security {
                Security::StartTls => "STARTTLS",
                Security::Tls => "TLS",
                Security::Plain => "unencrypted",
            },
            email
                .username
                .as_ref()
                .map(|u| format!(
                    ", logged in as {u} with the password kept as secret {:?}",
                    delivery.secret_key
                ))
                .unwrap_or_default()
        ),
        _ => {
            // The same JSON, indented (fields in the order they are sent).
            let pretty = match delivery.channel {
                Channel::Webhook => serde_json::to_string_pretty(alert),
                _ => serde_json::from_slice::<serde_json::Value>(body.as_bytes())
                    .and_then(|v| serde_json::to_string_pretty(&v)),
            }
            .unwrap_or(body);
            format!(
                "POST to the {} address kept as secret {:?}\nContent-Type: application/json\n\n{pretty}",
                delivery.channel.label(),
                delivery.secret_key
            )
        }
    }
}

/// The exact bytes sent: the JSON body of a webhook, or the e-mail message (RFC 5322).
pub fn payload(delivery: &Delivery, alert: &Alert) -> Result<Vec<u8>> {
    let json = match delivery.channel {
        Channel::Teams => teams(alert),
        Channel::Slack => slack(alert),
        Channel::Webhook => return Ok(serde_json::to_vec(alert).expect("alerts serialise")),
        Channel::Email => return email_message(delivery, alert).map(|m| m.formatted()),
    };
    Ok(serde_json::to_vec(&json).expect("JSON serialises"))
}

/// Sends the alert; `secret` is the webhook's address or the SMTP password, resolved by the
/// caller from [`Delivery::secret_key`]. Refuses when the channel is switched off.
pub fn send(delivery: &Delivery, alert: &Alert, secret: &str) -> Result<()> {
    if !delivery.enabled {
        return Err(Error::InvalidInput(format!(
            "delivery by {} is switched off; switch it on in the alert settings first",
            delivery.channel.label()
        )));
    }
    check(delivery)?;
    let sent = match delivery.channel {
        Channel::Email => send_email(delivery, alert, secret),
        _ => post(delivery, &payload(delivery, alert)?, secret),
    };
    sent.map_err(|e| scrub(e, secret))
}

/// Removes the secret from an error's message, whatever a server echoed back.
fn scrub(error: Error, secret: &str) -> Error {
    let message = error.to_string();
    if secret.is_empty() || !message.contains(secret) {
        return error;
    }
    Error::InvalidInput(message.replace(secret, "[secret]"))
}

fn post(delivery: &Delivery, body: &[u8], url: &str) -> Result<()> {
    let name = delivery.channel.label();
    let url = reqwest::Url::parse(url.trim()).map_err(|_| {
        Error::InvalidInput(format!(
            "the {name} address kept as secret {:?} is not a web address; paste it again",
            delivery.secret_key
        ))
    })?;
    let client = reqwest::blocking::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .map_err(|e| Error::Internal(format!("no HTTP client: {}", e.without_url())))?;
    let response = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_vec())
        .send()
        .map_err(|e| {
            Error::InvalidInput(format!(
                "the {name} webhook could not be reached ({}); check the network and the address",
                e.without_url()
            ))
        })?;
    let status = response.status();
    if !status.is_success() {
        return Err(Error::InvalidInput(format!(
            "the {name} webhook refused the alert ({status}); check that its address is still valid"
        )));
    }
    Ok(())
}

fn send_email(delivery: &Delivery, alert: &Alert, password: &str) -> Result<()> {
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::transport::smtp::client::{Tls, TlsParameters};
    use lettre::{SmtpTransport, Transport};

    let email = delivery.email.as_ref().expect("checked");
    let message = email_message(delivery, alert)?;
    let tls = || {
        TlsParameters::new(email.server.clone())
            .map_err(|e| Error::Internal(format!("TLS for {}: {e}", email.server)))
    };
    let mut builder = SmtpTransport::builder_dangerous(email.server.as_str())
        .port(email.port)
        .timeout(Some(TIMEOUT));
    builder = match email.security {
        Security::StartTls => builder.tls(Tls::Required(tls()?)),
        Security::Tls => builder.tls(Tls::Wrapper(tls()?)),
        Security::Plain => builder.tls(Tls::None),
    };
    if let Some(user) = &email.username {
        builder = builder.credentials(Credentials::new(user.clone(), password.to_string()));
    }
    builder.build().send(&message).map_err(|e| {
        Error::InvalidInput(format!(
            "the mail server {}:{} did not take the alert ({e}); check the server, the login and \
             the password",
            email.server, email.port
        ))
    })?;
    Ok(())
}

/// The e-mail of an alert, with a date and message id fixed by the alert so it is reproducible.
fn email_message(delivery: &Delivery, alert: &Alert) -> Result<lettre::Message> {
    let Some(email) = &delivery.email else {
        return Err(Error::InvalidInput(
            "e-mail delivery needs an SMTP server, a sender and at least one recipient".into(),
        ));
    };
    let mailbox = |a: &str| {
        a.parse::<lettre::message::Mailbox>()
            .map_err(|_| Error::InvalidInput(format!("{a:?} is not an e-mail address")))
    };
    let mut builder = lettre::Message::builder()
        .from(mailbox(&email.from)?)
        .subject(format!("[Townhall] {}", alert.title))
        .date(std::time::UNIX_EPOCH + Duration::from_secs(alert.raised_at.max(0) as u64))
        .message_id(Some(format!(
            "<alert-{}-{}@townhall.invalid>",
            alert.id, alert.raised_at
        )));
    for to in &email.to {
        builder = builder.to(mailbox(to)?);
    }
    builder
        .header(lettre::message::header::ContentType::TEXT_PLAIN)
        .body(plain_text(alert))
        .map_err(|e| Error::InvalidInput(format!("the alert e-mail cannot be built: {e}")))
}

/// The alert in plain text (the e-mail body).
fn plain_text(alert: &Alert) -> String {
    let mut out = format!(
        "{}\n\n{}.\n\nStarted: {}\nRaised: {}\n",
        alert.title,
        alert.evidence,
        when(alert.started_at),
        when(alert.raised_at)
    );
    if let Some(post) = &alert.top_post {
        out.push_str(&format!(
            "\nTop post, by {} on {}:\n“{}”\n",
            post.author,
            post.platform.label(),
            post.text
        ));
    }
    out.push_str("\nOpen Townhall to see the topic at the spike and acknowledge the alert.\n");
    out
}

fn when(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

fn what(alert: &Alert) -> &'static str {
    match alert.kind {
        AlertKind::Spike => "New alert",
        AlertKind::Escalation => "Escalation",
        AlertKind::NegativeJump => "Tone alert",
    }
}

/// A Teams message with one Adaptive Card (what Teams Workflows webhooks take).
fn teams(alert: &Alert) -> serde_json::Value {
    let colour = match alert.grade {
        Grade::Critical | Grade::Problem => "Attention",
        Grade::PossibleProblem => "Warning",
        Grade::Normal => "Default",
    };
    let mut body = vec![
        json!({"type": "TextBlock", "text": what(alert), "isSubtle": true, "wrap": true}),
        json!({"type": "TextBlock", "text": markdown_escape(&alert.title), "size": "Large",
               "weight": "Bolder", "color": colour, "wrap": true}),
        json!({"type": "TextBlock", "text": markdown_escape(&alert.evidence), "wrap": true}),
        json!({"type": "FactSet", "facts": [
            {"title": "Started", "value": when(alert.started_at)},
            {"title": "Raised", "value": when(alert.raised_at)},
        ]}),
    ];
    if let Some(post) = &alert.top_post {
        body.push(
            json!({"type": "TextBlock", "wrap": true, "isSubtle": true, "text":
            format!("Top post, by {} on {}: “{}”", markdown_escape(&post.author),
                    post.platform.label(), markdown_escape(&post.text))}),
        );
    }
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.4",
                "body": body,
            },
        }],
    })
}

/// A Slack message: the fallback `text` and the same in `blocks`.
fn slack(alert: &Alert) -> serde_json::Value {
    let title = slack_escape(&alert.title);
    let evidence = slack_escape(&alert.evidence);
    let mut blocks = vec![
        json!({"type": "section", "text": {"type": "mrkdwn",
               "text": format!("*{}: {title}*\n{evidence}", what(alert))}}),
        json!({"type": "context", "elements": [{"type": "mrkdwn", "text":
            format!("Started {} · raised {}", when(alert.started_at), when(alert.raised_at))}]}),
    ];
    if let Some(post) = &alert.top_post {
        blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text":
            format!("Top post, by {} on {}:\n>{}", slack_escape(&post.author),
                    post.platform.label(), slack_escape(&post.text).replace('\n', "\n>"))}}));
    }
    json!({"text": format!("{title}: {evidence}"), "blocks": blocks})
}

/// Slack's three control characters, so that a post cannot ping a channel or hide a link.
fn slack_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Backslash-escapes Markdown, so that a post cannot format or link in a Teams card.
fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '(' | ')' | '~' | '`' | '>' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
