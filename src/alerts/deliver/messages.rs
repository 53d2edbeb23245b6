//! What each channel sends, built from an alert or a written briefing: the e-mail (RFC 5322, the
//! brief's PDF attached), the Teams Adaptive Card, the Slack blocks and the generic webhook's
//! JSON. Post text is escaped for each target, so a post cannot format, link or ping.

use std::time::Duration;

use serde_json::json;

use super::{BriefReady, Delivery, Message};
use crate::alerts::{Alert, AlertKind};
use crate::analytics::status::Grade;
use crate::error::{Error, Result};

/// The e-mail of an alert or a brief, with a date and message id fixed by what it carries so
/// that it is reproducible.
pub(super) fn email(delivery: &Delivery, message: Message<'_>) -> Result<lettre::Message> {
    use lettre::message::{header::ContentType, Attachment, MultiPart, SinglePart};

    let Some(email) = &delivery.email else {
        return Err(Error::InvalidInput(
            "e-mail delivery needs an SMTP server, a sender and at least one recipient".into(),
        ));
    };
    let mailbox = |a: &str| {
        a.parse::<lettre::message::Mailbox>()
            .map_err(|_| Error::InvalidInput(format!("{a:?} is not an e-mail address")))
    };
    let (subject, at, id) = match message {
        Message::Alert(alert) => (
            alert.title.clone(),
            alert.raised_at,
            format!("alert-{}-{}", alert.id, alert.raised_at),
        ),
        Message::Brief(brief) => (
            format!("{} briefing: {}", brief.topic, brief.status),
            brief.written_at,
            format!("brief-{}", brief.written_at),
        ),
    };
    let mut builder = lettre::Message::builder()
        .from(mailbox(&email.from)?)
        .subject(format!("[Townhall] {subject}"))
        .date(std::time::UNIX_EPOCH + Duration::from_secs(at.max(0) as u64))
        .message_id(Some(format!("<{id}@townhall.invalid>")));
    for to in &email.to {
        builder = builder.to(mailbox(to)?);
    }
    let built = match message {
        Message::Alert(alert) => builder
            .header(ContentType::TEXT_PLAIN)
            .body(plain_text(alert)),
        Message::Brief(brief) => builder.multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(brief_text(brief)))
                .singlepart(Attachment::new(brief.file_name.clone()).body(
                    brief.pdf.clone(),
                    ContentType::parse("application/pdf").expect("a valid content type"),
                )),
        ),
    };
    built.map_err(|e| Error::InvalidInput(format!("the e-mail cannot be built: {e}")))
}

/// `text` ending in a full stop, given once.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    match text.ends_with(['.', '!', '?']) {
        true => text.to_string(),
        false => format!("{text}."),
    }
}

/// The brief's covering note (the e-mail's text and the chat messages' words).
fn brief_text(brief: &BriefReady) -> String {
    format!(
        "{} briefing, written {}.\n\nStatus when generated: {}. {}\n\nThe briefing is the \
         attached PDF, {:?}.\n",
        brief.topic,
        when(brief.written_at, &brief.time_zone),
        brief.status,
        sentence(&brief.evidence),
        brief.file_name
    )
}

/// The generic webhook's JSON for a brief: its fields, and the PDF in base64.
pub(super) fn webhook_brief(brief: &BriefReady) -> serde_json::Value {
    use base64::Engine as _;
    let mut value = serde_json::to_value(brief).expect("briefs serialise");
    value["kind"] = json!("brief");
    value["pdf_base64"] = json!(base64::engine::general_purpose::STANDARD.encode(&brief.pdf));
    value
}

/// The alert in plain text (the e-mail body).
pub(super) fn plain_text(alert: &Alert) -> String {
    let mut out = format!(
        "{}\n\n{}\n\nStarted: {}\nRaised: {}\n",
        alert.title,
        sentence(&alert.evidence),
        when(alert.started_at, &alert.time_zone),
        when(alert.raised_at, &alert.time_zone)
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

/// `2026-09-07 04:00 EDT`: the time by the workspace's clock, as the app and the command line
/// tell it, with the zone, since a message is read anywhere.
fn when(unix: i64, zone: &str) -> String {
    let tz = zone.parse().unwrap_or(chrono_tz::UTC);
    crate::time::local_minute_zoned(tz, unix)
}

fn what(alert: &Alert) -> &'static str {
    match alert.kind {
        AlertKind::Spike => "New alert",
        AlertKind::Escalation => "Escalation",
        AlertKind::NegativeJump => "Tone alert",
    }
}

/// A Teams message with one Adaptive Card (what Teams Workflows webhooks take).
pub(super) fn teams(message: Message<'_>) -> serde_json::Value {
    let body = match message {
        Message::Alert(alert) => teams_alert(alert),
        Message::Brief(brief) => vec![
            json!({"type": "TextBlock", "text": "Morning brief", "isSubtle": true, "wrap": true}),
            json!({"type": "TextBlock", "text": markdown_escape(&format!("{} briefing", brief.topic)),
                   "size": "Large", "weight": "Bolder", "color": colour(brief.grade), "wrap": true}),
            json!({"type": "TextBlock", "wrap": true, "text": markdown_escape(&format!(
                "Status when generated: {}. {}", brief.status, sentence(&brief.evidence)))}),
            json!({"type": "FactSet", "facts": [
                {"title": "Written", "value": when(brief.written_at, &brief.time_zone)},
                {"title": "File", "value": markdown_escape(&brief.file_name)},
            ]}),
        ],
    };
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

fn colour(grade: Grade) -> &'static str {
    match grade {
        Grade::Critical | Grade::Problem => "Attention",
        Grade::PossibleProblem => "Warning",
        Grade::Normal => "Default",
    }
}

fn teams_alert(alert: &Alert) -> Vec<serde_json::Value> {
    let colour = colour(alert.grade);
    let mut body = vec![
        json!({"type": "TextBlock", "text": what(alert), "isSubtle": true, "wrap": true}),
        json!({"type": "TextBlock", "text": markdown_escape(&alert.title), "size": "Large",
               "weight": "Bolder", "color": colour, "wrap": true}),
        json!({"type": "TextBlock", "text": markdown_escape(&alert.evidence), "wrap": true}),
        json!({"type": "FactSet", "facts": [
            {"title": "Started", "value": when(alert.started_at, &alert.time_zone)},
            {"title": "Raised", "value": when(alert.raised_at, &alert.time_zone)},
        ]}),
    ];
    if let Some(post) = &alert.top_post {
        body.push(
            json!({"type": "TextBlock", "wrap": true, "isSubtle": true, "text":
            format!("Top post, by {} on {}: “{}”", markdown_escape(&post.author),
                    post.platform.label(), markdown_escape(&cut(&post.text, TEAMS_POST_CHARS)))}),
        );
    }
    body
}

/// A Slack message: the fallback `text` and the same in `blocks`.
pub(super) fn slack(message: Message<'_>) -> serde_json::Value {
    match message {
        Message::Alert(alert) => slack_alert(alert),
        Message::Brief(brief) => {
            let title = slack_escape(&format!("{} briefing", brief.topic));
            let status = slack_escape(&format!(
                "Status when generated: {}. {}",
                brief.status,
                sentence(&brief.evidence)
            ));
            json!({"text": format!("{title}: {status}"), "blocks": [
                json!({"type": "section", "text": {"type": "mrkdwn",
                       "text": format!("*Morning brief: {title}*\n{status}")}}),
                json!({"type": "context", "elements": [{"type": "mrkdwn", "text": format!(
                    "Written {} · {}", when(brief.written_at, &brief.time_zone), slack_escape(&brief.file_name))}]}),
            ]})
        }
    }
}

fn slack_alert(alert: &Alert) -> serde_json::Value {
    let title = slack_escape(&alert.title);
    let evidence = slack_escape(&alert.evidence);
    let mut blocks = vec![
        json!({"type": "section", "text": {"type": "mrkdwn",
               "text": format!("*{}: {title}*\n{evidence}", what(alert))}}),
        json!({"type": "context", "elements": [{"type": "mrkdwn", "text":
            format!("Started {} · raised {}", when(alert.started_at, &alert.time_zone), when(alert.raised_at, &alert.time_zone))}]}),
    ];
    // The post goes as plain text, which Slack shows as it is: no formatting, link or ping.
    if let Some(post) = &alert.top_post {
        let head = format!(
            "Top post, by {} on {}: “",
            post.author,
            post.platform.label()
        );
        // Slack refuses the whole message when a section is too long: a long post is cut.
        let room = SLACK_SECTION_CHARS.saturating_sub(head.chars().count() + 1);
        blocks.push(
            json!({"type": "section", "text": {"type": "plain_text", "emoji": false,
            "text": format!("{head}{}”", cut(&post.text, room))}}),
        );
    }
    json!({"text": format!("{title}: {evidence}"), "blocks": blocks})
}

/// The most characters of a post a Teams card quotes: Teams refuses a message past about 28 KB,
/// and a post can hold 40,000 characters (Reddit's).
const TEAMS_POST_CHARS: usize = 2_000;

/// The most characters Slack takes in a section's text.
const SLACK_SECTION_CHARS: usize = 3_000;

/// `text` in at most `chars` characters: whole, or cut with an ellipsis.
fn cut(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let kept: String = text.chars().take(chars.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// Slack's three control characters, so that a post cannot ping a channel or hide a link.
fn slack_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Backslash-escapes Markdown, so that a post cannot format or link in a Teams card, nor start
/// a list with a line's `-`, `+` or `1.`.
fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let body = line.trim_start();
        out.push_str(&line[..line.len() - body.len()]);
        let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let marker = match body[digits..].chars().next() {
            Some('.' | ')') if digits > 0 => Some(digits),
            Some('-' | '+') if digits == 0 => Some(0),
            _ => None,
        };
        for (at, c) in body.char_indices() {
            if Some(at) == marker
                || matches!(
                    c,
                    '\\' | '*' | '_' | '[' | ']' | '(' | ')' | '~' | '`' | '>' | '#'
                )
            {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}
