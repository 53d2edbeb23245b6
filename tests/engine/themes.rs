//! What people are talking about, on a real workspace of hand-made posts (English and Spanish):
//! the terms that rose against the topic's past and the rest of the workspace, copied texts,
//! and the themes of a window. The fixture is written by `tests/fixtures/themes/make_posts.py`:
//! the topic `Portal` has routine posts in February, the rest of the workspace chats
//! about other things with the words every busy day uses, and on 10 March three stories break
//! (logging in, wrong grades, missing bus routes) while 15 people paste one petition.

use chrono::{TimeZone, Utc};
use townhall::analytics::{overview, Period};
use townhall::import::{import_file, ImportOptions};
use townhall::output::brief::{self, BriefOptions};
use townhall::store::Store;
use townhall::time::{parse_date, parse_tz};
use townhall::topics;
use townhall::wire::DashboardRequest;
use townhall::workspace::views::{self, PostsListing};
use townhall::workspace::{demo, themes};

use crate::support::{fixture, pdf_text, workspace};

pub fn portal() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let (dir, path, mut store) = workspace();
    let report = import_file(
        &mut store,
        &fixture("themes/posts.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(report.imported, 188);
    topics::add(&store, "Portal", "portal", "2026-03-15T00:00:00Z").unwrap();
    (dir, path, store)
}

pub fn surge() -> DashboardRequest {
    DashboardRequest {
        topic: "Portal".into(),
        from: Some("2026-03-10".into()),
        to: Some("2026-03-10".into()),
        tz: Some("UTC".into()),
        ..Default::default()
    }
}

pub fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 20, 12, 0, 0).unwrap()
}

#[test]
fn generic_words_of_a_surge_do_not_lead_its_terms() {
    let (_dir, _path, store) = portal();
    let report = views::explain_days(&store, &surge(), now()).unwrap();
    let names: Vec<&str> = report.terms.iter().map(|t| t.term.as_str()).collect();
    for generic in ["today", "trying", "first", "again", "hoy"] {
        assert!(
            !names
                .iter()
                .take(6)
                .any(|n| n.split(' ').any(|w| w == generic)),
            "{generic} leads: {names:?}"
        );
    }
}

#[test]
fn pasted_petitions_are_copies_and_reposts_are_not() {
    let (_dir, _path, store) = portal();
    let report = themes::report(&store, &surge(), now()).unwrap();
    assert_eq!(report.mentions, 38);
    assert_eq!((report.read, report.reposts), (38, 5));
    // 12 exact copies (case, links, mentions aside) and 3 near copies of one petition: 14
    // copies of its first post. The three stories' texts are each written once.
    assert_eq!((report.copies, report.copied_texts), (14, 1));
    assert_eq!(report.copied.len(), 1);
    assert_eq!((report.copied[0].posts, report.copied[0].people), (15, 15));
    assert!(report.copied[0].text.starts_with("Sign the petition now"));
    assert!((report.copy_share - 14.0 / 33.0).abs() < 1e-12);
    // "What drove it" says the same.
    let explained = views::explain_days(&store, &surge(), now()).unwrap();
    assert_eq!((explained.copies.copies, explained.copies.texts), (14, 1));
}

/// Themes group posts by the words they share, so the stories told in English are three themes
/// and the Spanish posts about logging in, which share their own words, a fourth; a lone
/// Spanish post about grades or buses is in no theme.
#[test]
fn each_story_of_the_surge_is_a_theme() {
    let (_dir, _path, store) = portal();
    let report = themes::report(&store, &surge(), now()).unwrap();
    let stories: Vec<(&str, u64)> = report
        .themes
        .iter()
        .map(|t| (t.label.as_str(), t.texts))
        .collect();
    assert_eq!(report.themes.len(), 4, "{stories:?}");
    let theme_of = |word: &str| {
        report
            .themes
            .iter()
            .position(|t| t.examples.iter().all(|e| e.text.contains(word)))
            .unwrap_or_else(|| panic!("no theme tells of {word}: {stories:?}"))
    };
    let found = [
        theme_of("password"),
        theme_of("grades"),
        theme_of("bus"),
        theme_of("contraseña"),
    ];
    let mut distinct = found.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), 4, "{stories:?}");
    // The petition, copied 15 times, is one text: it makes no theme of its own.
    assert!(report.themes.iter().all(|t| t.texts >= 2));
    assert!(report.themes.iter().all(|t| !t.label.contains("petition")));
    let themed: u64 = report.themes.iter().map(|t| t.posts).sum();
    assert_eq!(themed + report.unthemed, 33);
    assert_eq!(report.themes[0].number, 1);
    for t in &report.themes {
        assert_eq!(t.examples.len(), 2);
        assert!(t.people >= 2 && t.negative_share >= 0.0);
        for e in &t.examples {
            assert!(
                e.author.starts_with("Person "),
                "pseudonymised: {}",
                e.author
            );
        }
    }
}

#[test]
fn a_themes_posts_are_listed_behind_it() {
    let (_dir, _path, store) = portal();
    let report = themes::report(&store, &surge(), now()).unwrap();
    let first = &report.themes[0];
    let listing = PostsListing {
        theme: Some(1),
        limit: Some(100),
        ..PostsListing::default()
    };
    let posts = views::period_posts(&store, &surge(), listing, now()).unwrap();
    assert_eq!(posts.len() as u64, first.posts);
    assert!(first
        .examples
        .iter()
        .all(|e| posts.iter().any(|p| p.id == e.id)));
    let missing = PostsListing {
        theme: Some(9),
        ..PostsListing::default()
    };
    let err = views::period_posts(&store, &surge(), missing, now()).unwrap_err();
    assert!(err.to_string().contains("no theme 9"), "{err}");
}

#[test]
fn the_briefing_shows_the_themes_and_warns_of_copies() {
    let (_dir, _path, store) = portal();
    let topic = topics::get(&store, "Portal").unwrap();
    let period = Period::new(
        parse_date("2026-03-10").unwrap(),
        parse_date("2026-03-10").unwrap(),
        parse_tz("UTC").unwrap(),
    )
    .unwrap();
    let gathered = brief::gather(&store, overview(&store, &topic, &period).unwrap()).unwrap();
    let text = pdf_text(&brief::render(&gathered, &BriefOptions::new(now())).unwrap());
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Themes"), "{flat}");
    // 14 of the day's 33 posts that are not reposts copy the petition: more than a fifth, so
    // it is said, with the share the window and the command line give.
    assert!(
        flat.contains(
            "14 of the 33 posts of the period that are not reposts (42%) copy an earlier \
             post's text"
        ),
        "{flat}"
    );
    assert!(flat.contains("The mentions overstate"), "{flat}");
    // The summary names the stories, the largest first, with their shares of the 33 posts read
    // (reposts aside).
    assert!(
        flat.contains(
            "Four stories, the largest “the portal shows the wrong grades for my son again \
             today” (15% of original posts), “cannot log in to the portal today, it says the password is \
             invalid” (15%) and “where did the bus routes go” (12%)."
        ),
        "{flat}"
    );
    assert!(flat.contains("password"), "{flat}");
    // Example posts name no private person.
    assert!(!flat.contains("user_s"), "{flat}");
    // Without the section, no themes.
    let opts = BriefOptions::new(now()).with_sections("summary").unwrap();
    let without = pdf_text(&brief::render(&gathered, &opts).unwrap());
    assert!(!without.contains("Themes"));
    assert!(!without.contains("stories"));
}

/// On the demo's critical spike, generic words ("first", "two", "last", "days", "trying") led
/// the terms that rose, because the topic had never used them before; they no longer do, and
/// the spike's themes and copies are found, copies being the few lines everybody repeats.
#[test]
fn demo_spike_terms_are_not_generic_words() {
    let (_dir, _path, mut store) = workspace();
    let files = tempfile::tempdir().unwrap();
    demo::create(&mut store, files.path()).unwrap();
    let spike = DashboardRequest {
        topic: demo::MAIN_TOPIC.into(),
        from: Some("2026-08-31".into()),
        to: Some("2026-09-06".into()),
        tz: None,
        ..Default::default()
    };
    let report = views::explain_days(&store, &spike, now()).unwrap();
    let terms: Vec<&str> = report.terms.iter().map(|t| t.term.as_str()).collect();
    assert_eq!(&terms[..2], ["#schoolmaxdown", "schedule"], "{terms:?}");
    for generic in ["first", "two", "last", "days", "trying"] {
        assert!(!terms.contains(&generic), "{generic} in {terms:?}");
    }
    // Each writer words the story differently; the few lines everybody repeats are copies.
    assert!(report.copies.copies > 0, "{:?}", report.copies);
    assert!(
        report.copies.copies < report.mentions / 3,
        "{:?} of {}",
        report.copies,
        report.mentions
    );
    let themes = themes::report(&store, &spike, now()).unwrap();
    assert!(
        (3..=7).contains(&themes.themes.len()),
        "{:?}",
        themes.themes
    );
}

/// Text the window shows outside a post's own card (themes' sentences, copied texts, voices'
/// names) reads through the same rule as the posts: no bidirectional override or control
/// character reaches it, as none reaches the PDF.
#[test]
fn themes_copies_and_voices_reach_the_window_without_bidi_or_control_characters() {
    let (dir, _path, mut store) = workspace();
    let path = dir.path().join("bidi.jsonl");
    let mut lines = Vec::new();
    for i in 0..24 {
        let text = match i % 3 {
            0 => "Portal login \u{202e}gnp.exe\u{202c} fails again for the whole class".to_string(),
            1 => format!("portal grades page shows the wrong marks \u{2067}term {i}\u{2069}"),
            _ => format!("portal bus routes are missing\u{0007} for route {i}"),
        };
        lines.push(serde_json::json!({
            "id": format!("5100{i}"),
            "author_id": format!("52{i}"),
            "created_at": format!("2026-03-10T{:02}:00:00.000Z", i % 24),
            "text": text,
            "lang": "en",
            "public_metrics": { "like_count": i, "retweet_count": 0, "reply_count": 0, "quote_count": 0 },
            "author": { "id": format!("52{i}"), "username": format!("user\u{202e}{i}"),
                        "name": format!("Name \u{2066}{i}\u{2069}\u{0008}"),
                        "public_metrics": { "followers_count": 100 * i } },
        }).to_string());
    }
    std::fs::write(&path, lines.join("\n")).unwrap();
    import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    topics::add(&store, "Portal", "portal", "2026-03-15T00:00:00Z").unwrap();

    let overview = views::overview(&store, &surge(), now()).unwrap();
    let found = themes::report(&store, &surge(), now()).unwrap();
    assert!(!overview.top_voices.is_empty() && !found.themes.is_empty());
    assert!(!found.copied.is_empty(), "the repeated text is a copy");
    for (what, json) in [
        (
            "voices",
            serde_json::to_string(&overview.top_voices).unwrap(),
        ),
        ("themes", serde_json::to_string(&found).unwrap()),
    ] {
        assert!(
            !json.chars().any(townhall::model::is_bidi_control),
            "{what}: {json}"
        );
        assert!(
            !json.contains("\\u0007") && !json.contains("\\b"),
            "{what}: {json}"
        );
        assert!(
            json.contains("gnp.exe") || what == "voices",
            "{what}: {json}"
        );
    }
}

/// A private author whose posts say who wrote them ("Jane Q Private recommends…", as a
/// Facebook archive's do) is not named by a theme's label, its terms, the copied texts or the
/// briefing's summary: their own name is their pseudonym there too, as in their posts.
#[test]
fn a_private_author_s_own_name_is_in_no_label_term_or_summary() {
    let (dir, _path, mut store) = portal();
    let lines: Vec<String> = [
        "Jane Q Private recommends the portal app",
        "Jane Q Private recommends the portal app for parents",
        "JANE Q PRIVATE recommends the portal app to everyone",
        "jane q private recommends the portal app today",
        "Jane Q Private recommends the portal app for teachers",
    ]
    .iter()
    .enumerate()
    .map(|(i, text)| {
        serde_json::json!({
            "id": format!("900{i}"), "author_id": "jqp",
            "created_at": format!("2026-03-10T1{i}:30:00.000Z"), "text": text, "lang": "en",
            "author": {"id": "jqp", "username": "jqp_22", "name": "Jane Q Private"}
        })
        .to_string()
    })
    .collect();
    let extra = dir.path().join("jane.jsonl");
    std::fs::write(&extra, lines.join("\n")).unwrap();
    import_file(&mut store, &extra, &ImportOptions::default()).unwrap();

    let report = themes::report(&store, &surge(), now()).unwrap();
    let labels: Vec<&str> = report.themes.iter().map(|t| t.label.as_str()).collect();
    assert!(
        labels
            .iter()
            .any(|l| l.contains("recommends the portal app")),
        "the author's posts make a theme: {labels:?}"
    );
    let shown = serde_json::to_string(&report).unwrap().to_lowercase();
    assert!(!shown.contains("jane"), "{shown}");
    assert!(!shown.contains("q private"), "{shown}");

    let topic = topics::get(&store, "Portal").unwrap();
    let period = Period::new(
        parse_date("2026-03-10").unwrap(),
        parse_date("2026-03-10").unwrap(),
        parse_tz("UTC").unwrap(),
    )
    .unwrap();
    let gathered = brief::gather(&store, overview(&store, &topic, &period).unwrap()).unwrap();
    let text = pdf_text(&brief::render(&gathered, &BriefOptions::new(now())).unwrap());
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("recommends the portal app"), "{flat}");
    assert!(!flat.to_lowercase().contains("jane"), "{flat}");
}
