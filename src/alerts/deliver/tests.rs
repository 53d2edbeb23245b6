use super::*;
use crate::alerts::AlertKind;
use crate::alerts::AlertPost;
use crate::model::Platform;

pub(crate) fn alert() -> Alert {
    Alert {
        id: 7,
        topic_id: 1,
        topic: "SchoolMax".into(),
        kind: AlertKind::Spike,
        grade: Grade::Problem,
        title: "Problem: SchoolMax".into(),
        evidence: "212 people in the last hour against a normal 9, on 3 platforms, for 40 min"
            .into(),
        started_at: 1_788_768_000,
        raised_at: 1_788_770_400,
        acknowledged_at: None,
        top_post: Some(AlertPost {
            id: 42,
            platform: Platform::Twitter,
            author: "Person 1".into(),
            text: "<!channel> *portal* down [click](http://x) & @Person 2\n- 1) or\n 12. see"
                .into(),
            created_at: "2026-09-07T08:10:00Z".into(),
            url: None,
        }),
        time_zone: "America/New_York".into(),
    }
}

fn email() -> Delivery {
    Delivery {
        channel: Channel::Email,
        enabled: true,
        secret_key: "delivery.email".into(),
        email: Some(EmailSettings {
            server: "smtp.example.org".into(),
            port: 587,
            security: Security::StartTls,
            username: Some("townhall@example.org".into()),
            from: "Townhall <townhall@example.org>".into(),
            to: vec!["cio@example.org".into()],
        }),
    }
}

#[test]
fn slack_gets_text_and_blocks_with_post_text_escaped() {
    let body = payload(&Delivery::off(Channel::Slack), &alert()).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        v["text"],
        "Problem: SchoolMax: 212 people in the last hour against a normal 9, on 3 platforms, for 40 min"
    );
    let quote = &v["blocks"][2]["text"];
    assert_eq!(
        quote["type"], "plain_text",
        "shown as it is: no ping, format or link"
    );
    assert_eq!(
        quote["text"],
        "Top post, by Person 1 on X/Twitter: “<!channel> *portal* down [click](http://x) & @Person 2\n- 1) or\n 12. see”"
    );
    assert_eq!(
        v["blocks"][1]["elements"][0]["text"],
        "Started 2026-09-07 04:00 EDT · raised 2026-09-07 04:40 EDT"
    );
}

/// Slack refuses a message with a section over 3,000 characters: a long post is cut to fit.
#[test]
fn slack_gets_a_long_post_cut_to_what_a_section_takes() {
    let mut long = alert();
    long.top_post.as_mut().unwrap().text = "é".repeat(4_700);
    let body = payload(&Delivery::off(Channel::Slack), &long).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let quote = v["blocks"][2]["text"]["text"].as_str().unwrap();
    assert_eq!(quote.chars().count(), 3_000);
    assert!(quote.ends_with("éé…”"), "{quote}");
}

/// Teams refuses a message past about 28 KB: a long post is cut, the card staying far below.
#[test]
fn teams_gets_a_long_post_cut() {
    let mut long = alert();
    long.top_post.as_mut().unwrap().text = "*é".repeat(20_000);
    let body = payload(&Delivery::off(Channel::Teams), &long).unwrap();
    assert!(body.len() < 10_000, "{} bytes", body.len());
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let quote = v["attachments"][0]["content"]["body"][4]["text"]
        .as_str()
        .unwrap();
    assert!(quote.ends_with("…”") && quote.contains("\\*é"), "{quote}");
}

#[test]
fn teams_gets_an_adaptive_card_with_markdown_escaped() {
    let body = payload(&Delivery::off(Channel::Teams), &alert()).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["type"], "message");
    let card = &v["attachments"][0];
    assert_eq!(
        card["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );
    assert_eq!(card["content"]["type"], "AdaptiveCard");
    let blocks = card["content"]["body"].as_array().unwrap();
    assert_eq!(blocks[1]["text"], "Problem: SchoolMax");
    assert_eq!(blocks[1]["color"], "Attention");
    assert_eq!(
        blocks[4]["text"],
        "Top post, by Person 1 on X/Twitter: “<!channel\\> \\*portal\\* down \\[click\\]\\(http://x\\) & @Person 2\n\\- 1\\) or\n 12\\. see”"
    );
}

#[test]
fn the_generic_webhook_gets_the_alert_as_json() {
    let body = payload(&Delivery::off(Channel::Webhook), &alert()).unwrap();
    assert_eq!(body, serde_json::to_vec(&alert()).unwrap());
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["grade"], "problem");
    assert_eq!(v["kind"], "spike");
}

#[test]
fn previews_show_what_is_sent_and_name_the_secret_only_by_its_key() {
    let teams = preview(&Delivery::off(Channel::Teams), &alert());
    assert!(teams.starts_with(
        "POST to the Microsoft Teams address kept as secret \"delivery.teams\"\nContent-Type: application/json\n\n{"
    ), "{teams}");
    let mail = preview(&email(), &alert());
    assert!(mail.starts_with("SMTP smtp.example.org:587 (STARTTLS), logged in as townhall@example.org with the password kept as secret \"delivery.email\"\n\n"), "{mail}");
    assert!(
        mail.contains("Subject: [Townhall] Problem: SchoolMax\r\n"),
        "{mail}"
    );
    assert!(
        mail.contains("Date: Mon, 07 Sep 2026 08:40:00 +0000\r\n"),
        "{mail}"
    );
    assert!(mail.contains("212 people in the last hour"), "{mail}");
}

#[test]
fn nothing_is_sent_while_a_channel_is_off_or_unsafe() {
    let err = send(
        &Delivery::off(Channel::Slack),
        &alert(),
        "https://hooks.example/SECRET",
    )
    .unwrap_err();
    assert!(err.to_string().contains("switched off"), "{err}");
    assert!(!err.to_string().contains("SECRET"));

    let mut plain = email();
    plain.email.as_mut().unwrap().security = Security::Plain;
    let err = send(&plain, &alert(), "hunter2").unwrap_err().to_string();
    assert!(err.contains("must be encrypted"), "{err}");
    plain.email.as_mut().unwrap().server = "127.0.0.1".into();
    assert!(check(&plain).is_ok());
}

#[test]
fn a_bad_webhook_address_is_reported_without_the_address() {
    let slack = Delivery {
        enabled: true,
        ..Delivery::off(Channel::Slack)
    };
    let err = send(&slack, &alert(), "not a url SECRET-TOKEN")
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a web address"), "{err}");
    assert!(!err.contains("SECRET-TOKEN"), "{err}");
}

/// A mail server that quotes the login it refused (`AUTH PLAIN`'s base64 of the user and the
/// password) gets no password into the error that is shown and stored.
#[test]
fn a_refused_login_quoted_back_loses_its_password() {
    use base64::Engine;
    let plain = base64::engine::general_purpose::STANDARD
        .encode("\0townhall@it.example\0MailPassw0rd-Secret!");
    let error = super::scrub(
        Error::InvalidInput(format!("535 5.7.8 authentication failed: {plain}")),
        "MailPassw0rd-Secret!",
    );
    let said = error.to_string();
    assert!(said.contains("[credential]"), "{said}");
    assert!(!said.contains(&plain[8..]), "{said}");
}
