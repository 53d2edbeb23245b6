//! What people are talking about, on a real workspace of hand-made posts (English and Spanish):
//! the terms that rose against the topic's past and the rest of the workspace, copied texts,
//! and the themes of a window. The fixture is written by `tests/fixtures/themes/make_posts.py`:
//! the topic `Portal` has routine posts in February, the rest of the workspace chats
//! about other things with the words every busy day uses, and on 10 March three stories break
//! (logging in, wrong grades, missing bus routes) while 15 people paste one petition.

use chrono::{TimeZone, Utc};
use townhall::import::{import_file, ImportOptions};
use townhall::store::Store;
use townhall::topics;
use townhall::wire::DashboardRequest;
use townhall::workspace::views;

use crate::support::{fixture, workspace};

pub fn portal() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let (dir, path, mut store) = workspace();
    let report = import_file(
        &mut store,
        &fixture("themes/posts.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(report.imported, 185);
    topics::add(&store, "Portal", "portal", "2026-03-15T00:00:00Z").unwrap();
    (dir, path, store)
}

pub fn surge() -> DashboardRequest {
    DashboardRequest {
        topic: "Portal".into(),
        from: Some("2026-03-10".into()),
        to: Some("2026-03-10".into()),
        tz: Some("UTC".into()),
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
