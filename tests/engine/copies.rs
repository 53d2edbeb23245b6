//! Copies in the headline figures: the overview says how many of the mentions copy another
//! post's text ("of which 14 are copies of 1 text"), the same in the dashboard, `townhall
//! overview` and the brief's tiles, and the posts behind it are exactly those copies. On the
//! themes fixture (`tests/engine/themes.rs`): on 10 March, 15 people paste one petition.

use townhall::analytics::{overview, Period};
use townhall::output::brief::{self, BriefOptions};
use townhall::time::{parse_date, parse_tz};
use townhall::topics;
use townhall::workspace::views::{self, PostsListing};

use crate::support::{pdf_text, stdout, townhall};
use crate::themes::{now, portal, surge};

const NOTE: &str = "of which 14 are copies of 1 text";

#[test]
fn the_mentions_say_how_many_are_copies() {
    let (_dir, _path, store) = portal();
    let o = views::overview(&store, &surge(), now()).unwrap();
    assert_eq!(o.totals.mentions, 38);
    assert_eq!(
        (o.copies.read, o.copies.copies, o.copies.texts),
        (38, 14, 1)
    );
    let mentions = o.kpis.iter().find(|k| k.key == "mentions").unwrap();
    assert_eq!(mentions.note.as_deref(), Some(NOTE));
}

#[test]
fn the_posts_behind_the_copies_are_the_copies_and_not_the_original() {
    let (_dir, _path, store) = portal();
    let listing = PostsListing {
        copies: true,
        ..PostsListing::default()
    };
    let page = views::period_page(&store, &surge(), listing, now()).unwrap();
    assert_eq!(page.total, 14);
    assert!(page
        .posts
        .iter()
        .all(|p| p.text.to_lowercase().contains("petition")));
    // The first post of the petition is its original, not a copy.
    let all = views::period_page(
        &store,
        &surge(),
        PostsListing {
            sort: townhall::analytics::TopBy::Time,
            ..PostsListing::default()
        },
        now(),
    )
    .unwrap();
    let original = all
        .posts
        .iter()
        .find(|p| p.text.starts_with("Sign the petition now"))
        .unwrap();
    assert!(page.posts.iter().all(|p| p.id != original.id));
}

#[test]
fn the_command_line_and_the_brief_say_it_too() {
    let (_dir, path, store) = portal();
    let args = [
        "overview",
        "Portal",
        "--from",
        "2026-03-10",
        "--to",
        "2026-03-10",
        "--tz",
        "UTC",
    ];
    let text = stdout(townhall(&path).args(args));
    assert!(
        text.lines()
            .any(|l| l.starts_with("Mentions") && l.contains(NOTE)),
        "{text}"
    );
    // A day is counted by the hour: its peak is an hour's, and says which.
    let peak = text.lines().find(|l| l.starts_with("peak: ")).unwrap();
    assert!(peak.contains(" in the hour from 2026-03-10 "), "{peak}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(townhall(&path).args(args).arg("--json"))).unwrap();
    assert_eq!(json["copies"]["copies"], 14);
    assert_eq!(json["kpis"][0]["note"], NOTE);
    let listed = stdout(townhall(&path).args([
        "posts",
        "--topic",
        "Portal",
        "--from",
        "2026-03-10",
        "--to",
        "2026-03-10",
        "--tz",
        "UTC",
        "--copies",
    ]));
    assert_eq!(listed.lines().count(), 14);

    let topic = topics::get(&store, "Portal").unwrap();
    let day = parse_date("2026-03-10").unwrap();
    let period = Period::new(day, day, parse_tz("UTC").unwrap()).unwrap();
    let gathered = brief::gather(&store, overview(&store, &topic, &period).unwrap()).unwrap();
    let pdf = pdf_text(&brief::render(&gathered, &BriefOptions::new(now())).unwrap());
    let flat = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    // The tile's note wraps in its column, so its words are read apart.
    assert!(flat.contains("of which 14 are copies of"), "{flat}");
    assert!(flat.contains("1 text"), "{flat}");
}

/// Without dates, `posts --copies` and `posts --theme N` list the period `overview` and
/// `themes` count in (the latest 30 days with data), not all time: on the demo, copies from
/// an earlier month would otherwise be listed too.
#[test]
fn posts_without_dates_list_the_copies_and_themes_of_the_overview_s_period() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.sqlite");
    let mut store = townhall::store::Store::open(&path).unwrap();
    townhall::workspace::demo::create(&mut store, &dir.path().join("demo")).unwrap();
    drop(store);
    let json = |args: &[&str]| -> serde_json::Value {
        serde_json::from_str(&stdout(townhall(&path).args(args))).unwrap()
    };
    let overview = json(&["overview", "SchoolMax", "--json"]);
    let copies = overview["copies"]["copies"].as_u64().unwrap();
    let listed = stdout(townhall(&path).args(["posts", "--topic", "SchoolMax", "--copies"]));
    assert_eq!(listed.lines().count() as u64, copies);
    let all_time = stdout(townhall(&path).args([
        "posts",
        "--topic",
        "SchoolMax",
        "--from",
        "2000-01-01",
        "--copies",
    ]));
    assert!(
        all_time.lines().count() as u64 > copies,
        "the demo has earlier copies"
    );

    let themes = json(&["themes", "SchoolMax", "--json"]);
    let first = &themes["themes"][0];
    let listed = stdout(townhall(&path).args(["posts", "--topic", "SchoolMax", "--theme", "1"]));
    assert_eq!(
        listed.lines().count() as u64,
        first["posts"].as_u64().unwrap(),
        "{first}"
    );
}

/// A campaign's copies of one text are one entry of the top posts, its best, and the other
/// posts fill the list: during a copy campaign the brief once listed the campaign alone.
#[test]
fn top_posts_list_each_text_once() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("campaign.csv");
    let mut rows = String::from("Date,Text,Author,Followers,Likes\n");
    for i in 0..30 {
        rows +=
            &format!("2026-03-10 09:{i:02}:00,SchoolMax is down: sign the petition,p{i},5000,90\n");
    }
    for i in 0..5 {
        rows += &format!("2026-03-10 10:0{i}:00,SchoolMax report {i} will not load,q{i},50,{i}\n");
    }
    std::fs::write(&csv, rows).unwrap();
    let (_ws, _path, mut store) = crate::support::workspace();
    townhall::import::import_file(&mut store, &csv, &Default::default()).unwrap();
    let topic = topics::add(&store, "SchoolMax", "schoolmax", "2026-03-11T00:00:00Z").unwrap();
    let day = parse_date("2026-03-10").unwrap();
    let period = Period::new(day, day, parse_tz("UTC").unwrap()).unwrap();
    let o = overview(&store, &topic, &period).unwrap();
    for (name, posts) in [
        ("by exposure", &o.top_posts_by_exposure),
        ("by engagement", &o.top_posts),
    ] {
        let texts: Vec<&str> = posts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts.len(), 6, "{name}: {texts:?}");
        assert_eq!(texts[0], "SchoolMax is down: sign the petition", "{name}");
        assert!(
            texts[1..].iter().all(|t| t.contains("will not load")),
            "{name}: {texts:?}"
        );
    }
}
