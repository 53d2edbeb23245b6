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

use super::Alert;
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

    /// The channel's webhook, as sentences name it: "the Slack webhook", "the JSON webhook".
    pub fn hook(self) -> String {
        match self {
            Channel::Webhook => "the JSON webhook".into(),
            channel => format!("the {} webhook", channel.label()),
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

/// The secret-store keys of the channels whose settings were saved.
pub fn secret_keys(store: &Store) -> Result<Vec<String>> {
    Ok(store
        .conn()
        .prepare("SELECT secret_key FROM alert_delivery")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
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

/// Checks a channel's settings: a secret key, and for e-mail a server, valid addresses and
/// encryption to anywhere but this machine.
pub fn check(delivery: &Delivery) -> Result<()> {
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

/// A webhook's address, which alerts may be sent to: `https://`, or plain `http://` to this
/// machine only (a local relay, the tests). The error says why not, without the address, which
/// is a secret.
pub fn webhook_address(address: &str) -> std::result::Result<reqwest::Url, &'static str> {
    let url = reqwest::Url::parse(address.trim()).map_err(|_| "is not a web address")?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if url.host_str().is_some_and(is_loopback) => Ok(url),
        "http" => {
            Err("uses plain http://, which alerts may only use to this machine; use https://")
        }
        _ => Err("is not a web address"),
    }
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_matches(['[', ']'])
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// What a channel delivers: an alert as it is raised, or a scheduled briefing once it is written.
#[derive(Debug, Clone, Copy)]
pub enum Message<'a> {
    Alert(&'a Alert),
    Brief(&'a BriefReady),
}

impl Message<'_> {
    /// "the alert" or "the briefing", for messages about sending it.
    fn what(self) -> &'static str {
        match self {
            Message::Alert(_) => "the alert",
            Message::Brief(_) => "the briefing",
        }
    }
}

impl<'a> From<&'a Alert> for Message<'a> {
    fn from(alert: &'a Alert) -> Self {
        Message::Alert(alert)
    }
}

impl<'a> From<&'a BriefReady> for Message<'a> {
    fn from(brief: &'a BriefReady) -> Self {
        Message::Brief(brief)
    }
}

/// A morning brief that was written, as it is delivered: the status line it opens with, and the
/// PDF itself (attached to e-mail, embedded in the generic webhook's JSON; Teams and Slack
/// webhooks take no files, so they carry the status and the file's name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefReady {
    pub topic: String,
    /// The topic's grade when the brief was written.
    pub grade: Grade,
    /// "Status when generated" as the brief's header words it: "Normal", "Problem"...
    pub status: String,
    /// The status's evidence sentence.
    pub evidence: String,
    /// The PDF's file name (no folder: where it was saved on this machine stays here).
    pub file_name: String,
    /// When it was written (unix seconds).
    pub written_at: i64,
    /// The workspace's time zone (IANA), whose clock the messages tell the time by.
    pub time_zone: String,
    #[serde(skip)]
    pub pdf: Vec<u8>,
}

/// What the channel would send, for people to read before switching it on: the request line or
/// SMTP envelope, then the exact body (a brief's PDF is named, not printed). The secret is shown
/// by its key only.
pub fn preview<'a>(delivery: &Delivery, message: impl Into<Message<'a>>) -> String {
    let message = message.into();
    // The PDF's bytes would be a page of base64: the preview says what is attached instead.
    let without_pdf;
    let (shown, attachment) = match message {
        Message::Brief(brief) => {
            without_pdf = BriefReady {
                pdf: Vec::new(),
                ..brief.clone()
            };
            let note = format!(
                "\n\n(The PDF, {:?}, {} KB, is {}.)",
                brief.file_name,
                brief.pdf.len().div_ceil(1024),
                match delivery.channel {
                    Channel::Email => "attached",
                    Channel::Webhook => "sent in \"pdf_base64\"",
                    Channel::Teams | Channel::Slack => "not sent: this webhook takes no files",
                }
            );
            (Message::Brief(&without_pdf), note)
        }
        Message::Alert(_) => (message, String::new()),
    };
    let body = match payload(delivery, shown) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => return format!("Nothing can be sent yet: {e}"),
    };
    let head = match (&delivery.email, delivery.channel) {
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
            let pretty = match (delivery.channel, shown) {
                (Channel::Webhook, Message::Alert(alert)) => serde_json::to_string_pretty(alert),
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
    };
    head + &attachment
}

/// The exact bytes sent: the JSON body of a webhook, or the e-mail message (RFC 5322).
pub fn payload<'a>(delivery: &Delivery, message: impl Into<Message<'a>>) -> Result<Vec<u8>> {
    let message = message.into();
    let json = match (delivery.channel, message) {
        (Channel::Email, _) => {
            return messages::email(delivery, message).map(|m| m.formatted());
        }
        (Channel::Webhook, Message::Alert(alert)) => {
            return Ok(serde_json::to_vec(alert).expect("alerts serialise"));
        }
        (Channel::Webhook, Message::Brief(brief)) => messages::webhook_brief(brief),
        (Channel::Teams, _) => messages::teams(message),
        (Channel::Slack, _) => messages::slack(message),
    };
    Ok(serde_json::to_vec(&json).expect("JSON serialises"))
}

/// Sends the message; `secret` is the webhook's address or the SMTP password, resolved by the
/// caller from [`Delivery::secret_key`]. Refuses when the channel is switched off.
pub fn send<'a>(delivery: &Delivery, message: impl Into<Message<'a>>, secret: &str) -> Result<()> {
    send_once(delivery, message, secret).map_err(|failure| failure.error)
}

/// Why a send failed, and whether sending it again could go otherwise.
#[derive(Debug)]
pub struct Failure {
    pub error: Error,
    /// The server refused for good (a mail server's `5xx`: a wrong login, an unknown address).
    /// Another attempt would be refused alike, and repeated logins that fail can lock the
    /// account, so the outbox gives such a send up at once.
    pub permanent: bool,
    /// It reached some of its addresses (a mail server refused the others): sent, not to be
    /// sent again, and the error says which addresses it did not reach.
    pub partly: bool,
}

impl Failure {
    /// Whether sending again may succeed: it failed, but neither for good nor after reaching
    /// some of its addresses.
    pub fn worth_retrying(&self) -> bool {
        !self.permanent && !self.partly
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure {
            error,
            permanent: false,
            partly: false,
        }
    }
}

/// [`send`], saying whether a failure is permanent.
pub fn send_once<'a>(
    delivery: &Delivery,
    message: impl Into<Message<'a>>,
    secret: &str,
) -> std::result::Result<(), Failure> {
    let message = message.into();
    if !delivery.enabled {
        return Err(Error::InvalidInput(format!(
            "delivery by {} is switched off; switch it on in the alert settings first",
            delivery.channel.label()
        ))
        .into());
    }
    check(delivery)?;
    let sent = match delivery.channel {
        Channel::Email => send_email(delivery, message, secret),
        _ => post(
            delivery,
            &payload(delivery, message)?,
            secret,
            message.what(),
        )
        .map_err(Failure::from),
    };
    sent.map_err(|failure| Failure {
        error: scrub(failure.error, secret),
        ..failure
    })
}

/// Removes the secret from an error's message, in every form a server may echo it in (a mail
/// server quoting `AUTH PLAIN`'s base64 of the login and password, say).
fn scrub(error: Error, secret: &str) -> Error {
    let message = error.to_string();
    let blanked = crate::echoes::blank(&crate::echoes::forms(&[secret.to_string()]), message);
    if blanked == error.to_string() {
        return error;
    }
    Error::InvalidInput(blanked)
}

fn post(delivery: &Delivery, body: &[u8], url: &str, what: &str) -> Result<()> {
    let name = delivery.channel.label();
    let hook = delivery.channel.hook();
    let url = webhook_address(url).map_err(|why| {
        Error::InvalidInput(format!(
            "the {name} address kept as secret {:?} {why}; paste it again",
            delivery.secret_key
        ))
    })?;
    // A redirect could take the alert elsewhere, over plain HTTP: webhooks answer where they are.
    let client = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
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
                "{hook} could not be reached ({}); check the network and the address",
                causes(&e.without_url())
            ))
        })?;
    let status = response.status();
    if status.is_server_error() {
        return Err(Error::InvalidInput(format!(
            "{hook} is having trouble ({status})"
        )));
    }
    if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        return Err(Error::InvalidInput(format!(
            "{hook} asked to slow down ({status}); Townhall tries again later"
        )));
    }
    if !status.is_success() {
        return Err(Error::InvalidInput(format!(
            "{hook} refused {what} ({status}); check that its address is still valid"
        )));
    }
    Ok(())
}

/// An error and its causes: "error sending request: client error (Connect): tcp connect error:
/// Connection refused (os error 111)", where the error alone says only the first.
fn causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut next = e.source();
    while let Some(cause) = next {
        let said = cause.to_string();
        if !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        next = cause.source();
    }
    text
}

fn send_email(
    delivery: &Delivery,
    message: Message<'_>,
    password: &str,
) -> std::result::Result<(), Failure> {
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::transport::smtp::client::{Tls, TlsParameters};
    use lettre::{SmtpTransport, Transport};

    let email = delivery.email.as_ref().expect("checked");
    let what = message.what();
    let message = messages::email(delivery, message)?;
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
    let transport = builder.build();
    let server = format!("{}:{}", email.server, email.port);
    let failed = |e: lettre::transport::smtp::Error| Failure {
        error: Error::InvalidInput(format!(
            "the mail server {server} did not take {what} ({e}); check the server, the login and \
             the password"
        )),
        permanent: e.is_permanent(),
        partly: false,
    };
    let envelope = message.envelope().clone();
    match transport.send(&message) {
        Ok(_) => Ok(()),
        Err(e) if refused_address(&e) => {
            // One address refused stops the whole message: it is sent to each address on its
            // own, so that the others get it and the error names the one refused.
            let bytes = message.formatted();
            let (mut reached, mut refused) = (Vec::new(), Vec::new());
            let several = match envelope.to() {
                [one] => {
                    refused.push(format!("{one} ({e})"));
                    &[]
                }
                several => several,
            };
            for to in several {
                let one =
                    lettre::address::Envelope::new(envelope.from().cloned(), vec![to.clone()])
                        .map_err(|e| Error::Internal(format!("an envelope for {to}: {e}")))?;
                match transport.send_raw(&one, &bytes) {
                    Ok(_) => reached.push(to.to_string()),
                    Err(e) if refused_address(&e) || !reached.is_empty() => {
                        refused.push(format!("{to} ({e})"))
                    }
                    Err(e) => return Err(failed(e)),
                }
            }
            let refused = refused.join(", ");
            Err(match reached.as_slice() {
                [] => Failure {
                    error: Error::InvalidInput(format!(
                        "the mail server {server} refused every address of {what}: {refused}; \
                         check the addresses"
                    )),
                    permanent: true,
                    partly: false,
                },
                reached => Failure {
                    error: Error::InvalidInput(format!(
                        "{what} went to {} only: the mail server {server} refused {refused}; \
                         check that address",
                        reached.join(", ")
                    )),
                    permanent: false,
                    partly: true,
                },
            })
        }
        Err(e) => Err(failed(e)),
    }
}

/// Whether a mail server refused for good an address (or the message) rather than the
/// connection or the login: a `5` reply about the mail system (`550 no such user`).
fn refused_address(e: &lettre::transport::smtp::Error) -> bool {
    use lettre::transport::smtp::response::Category;
    e.is_permanent()
        && e.status()
            .is_some_and(|code| code.category == Category::MailSystem)
}

mod messages;
#[cfg(test)]
mod tests;
