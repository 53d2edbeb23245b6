//! Compare with past incidents, on the themes fixture (routine posts about the portal in
//! February, three stories and a pasted petition on 10 March) with incidents entered by hand,
//! and on the demo; through the use case and `townhall incidents compare`.

use townhall::error::ErrorCode;
use townhall::store::settings;
use townhall::wire::NewIncidentRequest;
use townhall::workspace::incident_record;

use townhall::output::brief::{self, BriefOptions};

use crate::support::{pdf_text, stdout, townhall};
use crate::themes::{now, portal};

fn add(store: &townhall::store::Store, number: &str, opened: &str) -> i64 {
    incident_record::add(
        store,
        &NewIncidentRequest {
            topic: "Portal".into(),
            title: format!("Portal {number}"),
            number: Some(number.into()),
            opened: opened.into(),
            resolved: None,
        },
    )
    .unwrap()
}

#[test]
fn the_surge_against_the_routine_incidents_before_it() {
    let (_dir, path, store) = portal();
    settings::set(store.conn(), settings::TIMEZONE, "UTC").unwrap();
    let first = add(&store, "INC-1", "2026-02-05 09:00");
    add(&store, "INC-2", "2026-02-20 09:00");
    let surge = add(&store, "INC-3", "2026-03-10 06:00");
    add(&store, "INC-4", "2026-03-14 09:00");

    let view = incident_record::compare(&store, surge, None).unwrap();
    // The chart names each incident in its legend.
    for label in ["INC-3 (this one)", "INC-2", "INC-1"] {
        assert!(view.chart_svg.contains(label), "{label}");
    }
    let c = view.comparison;
    assert_eq!(c.tz, "UTC");
    assert_eq!(c.incident.label, "INC-3");
    // The earlier ones, newest first; the later INC-4 is not among them.
    let earlier: Vec<&str> = c.earlier.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(earlier, ["INC-2", "INC-1"]);
    // The window (6 h before to 72 h after) holds the day's 38 posts, by 38 people.
    assert_eq!((c.incident.mentions, c.incident.people), (38, 38));
    assert_eq!(c.incident.hourly.iter().sum::<u64>(), 38);
    assert!(c.earlier.iter().all(|p| p.peak < c.incident.peak));
    assert!(c.lines[1].contains("the highest of the 3"), "{:?}", c.lines);
    assert!(
        c.lines[0].starts_with("INC-3 against the 2 incidents before it (INC-2, INC-1)"),
        "{:?}",
        c.lines
    );
    // The first has nothing before it.
    let alone = incident_record::compare(&store, first, None)
        .unwrap()
        .comparison;
    assert!(alone.earlier.is_empty());
    assert!(alone.lines[0].contains("first recorded incident"));

    // The command line prints the same sentences, or the JSON.
    let text = stdout(townhall(&path).args(["incidents", "compare", &surge.to_string()]));
    for line in &c.lines {
        assert!(text.contains(line.as_str()), "{text}");
    }
    let json: serde_json::Value = serde_json::from_str(&stdout(townhall(&path).args([
        "incidents",
        "compare",
        &surge.to_string(),
        "--json",
    ])))
    .unwrap();
    assert_eq!(json["incident"]["people"], 38);
    assert_eq!(json["earlier"].as_array().unwrap().len(), 2);
    assert_eq!(json["incident"]["hourly"].as_array().unwrap().len(), 78);
    // One whose window holds no post has no negative share, nor a rank by it.
    let quiet = add(&store, "INC-0", "2026-01-10 09:00");
    let later = incident_record::compare(&store, first, None)
        .unwrap()
        .comparison;
    let negative = |lines: &[String]| {
        lines
            .iter()
            .find(|l| l.starts_with("Negative: "))
            .cloned()
            .unwrap()
    };
    assert!(
        negative(&later.lines).ends_with(" (before: –)."),
        "{:?}",
        later.lines
    );
    let none = incident_record::compare(&store, quiet, None)
        .unwrap()
        .comparison;
    assert_eq!(negative(&none.lines), "Negative: –.");
}

/// The brief compares the period's latest incident with the ones before it, unless the section
/// is left out.
#[test]
fn the_brief_compares_the_period_s_latest_incident() {
    let (_dir, _path, store) = portal();
    settings::set(store.conn(), settings::TIMEZONE, "UTC").unwrap();
    add(&store, "INC-1", "2026-02-05 09:00");
    add(&store, "INC-3", "2026-03-10 06:00");
    let topic = townhall::topics::get(&store, "Portal").unwrap();
    let day = townhall::time::parse_date("2026-03-10").unwrap();
    let period = townhall::analytics::Period::new(day, day, chrono_tz::UTC).unwrap();
    let gathered = brief::gather(
        &store,
        townhall::analytics::overview(&store, &topic, &period).unwrap(),
    )
    .unwrap();
    let opts = BriefOptions::new(now());
    let flat = |opts: &BriefOptions| {
        pdf_text(&brief::render(&gathered, opts).unwrap())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let with = flat(&opts);
    assert!(with.contains("Against past incidents"), "{with}");
    assert!(
        with.contains("INC-3 against the incident before it (INC-1)"),
        "{with}"
    );
    assert!(
        with.contains(
            "Peak: 5 mentions an hour, the highest of the 2 (before: 1 mention an hour)."
        ),
        "{with}"
    );
    let without = flat(
        &BriefOptions::new(now())
            .with_sections("summary,timeline")
            .unwrap(),
    );
    assert!(!without.contains("Against past incidents"), "{without}");
}

#[test]
fn an_unknown_incident_is_not_found() {
    let (_dir, _path, store) = portal();
    let err = incident_record::compare(&store, 99, None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}
