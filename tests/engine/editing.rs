//! Renaming and removing topics, incidents and imports: removing an import deletes exactly the
//! posts it added and leaves the rest consistent; a topic's alerts and rules follow a rename and
//! go with a removal, while its posts and incidents stay.

use chrono::{DateTime, Utc};
use townhall::import::{import_file, ImportOptions};
use townhall::incidents::{self, NewIncident};
use townhall::store::Store;
use townhall::topics::{self, QueryCheck};
use townhall::wire::DashboardRequest;
use townhall::workspace::{editing, incident_record, views};

fn import(store: &mut Store, name: &str) -> townhall::import::ImportReport {
    import_file(
        store,
        &crate::support::fixture(name),
        &ImportOptions::default(),
    )
    .unwrap()
}

fn now() -> DateTime<Utc> {
    "2026-11-20T00:00:00Z".parse().unwrap()
}

fn mentions(store: &Store, topic: &str) -> u64 {
    let request = DashboardRequest {
        topic: topic.into(),
        from: Some("2026-08-01".into()),
        to: Some("2026-11-30".into()),
        tz: Some("UTC".into()),
        ..Default::default()
    };
    views::overview(store, &request, now())
        .unwrap()
        .totals
        .mentions
}

#[test]
fn removing_an_import_deletes_exactly_the_posts_it_added() {
    let (_dir, _path, mut store) = crate::support::workspace();
    topics::add(&store, "Portal", "portal OR schoolmax", "2026-09-01").unwrap();
    let november = import(&mut store, "metrics/dst.jsonl");
    let september = import(&mut store, "metrics/query.jsonl");
    let total = store.post_count().unwrap();
    let before = mentions(&store, "Portal");
    let id = townhall::import::history(&store).unwrap()[0].id; // the newest first

    let question = editing::describe_import_removal(&store, id).unwrap();
    assert!(
        question.contains(&format!(
            "deletes the {} posts it added",
            september.imported
        )),
        "{question}"
    );
    let removed = editing::remove_import(&mut store, id).unwrap().removed;
    assert_eq!(removed.posts, september.imported);
    assert_eq!(
        store.post_count().unwrap(),
        total - september.imported as i64
    );
    let left: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM posts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        left, november.imported as i64,
        "the other import's posts stay"
    );
    assert!(
        mentions(&store, "Portal") < before,
        "the kept matches forgot them"
    );
    assert_eq!(
        topics::check(&store, "#schoolmax").unwrap(),
        QueryCheck::Valid { count: 0 },
        "the full-text index forgot them"
    );
    let history = townhall::import::history(&store).unwrap();
    assert!(
        history.iter().all(|r| r.id != id),
        "the import left the history"
    );
    assert!(
        editing::remove_import(&mut store, id).is_err(),
        "it is gone"
    );

    // Importing the file again brings exactly the same posts back.
    assert_eq!(
        import(&mut store, "metrics/query.jsonl").imported,
        september.imported
    );
    assert_eq!(mentions(&store, "Portal"), before);
}

/// A post is stored once, as the first import's that brought it; removing that import keeps
/// the posts a later import also brought, which become the later import's.
/// An import's id is never given again: after the newest import is removed, the next one gets
/// a new id, so a command written down with the old one cannot act on another file.
#[test]
fn a_removed_import_s_id_is_not_given_again() {
    let (_dir, _path, mut store) = crate::support::workspace();
    import(&mut store, "metrics/dst.jsonl");
    import(&mut store, "metrics/query.jsonl");
    let removed = townhall::import::history(&store).unwrap()[0].id;
    editing::remove_import(&mut store, removed).unwrap();
    import(&mut store, "twarc2/flat.jsonl");
    let ids: Vec<i64> = townhall::import::history(&store)
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(ids, [removed + 1, removed - 1]);
    assert!(editing::remove_import(&mut store, removed).is_err());
}

#[test]
fn removing_an_import_keeps_the_posts_a_later_import_also_brought() {
    let (dir, _path, mut store) = crate::support::workspace();
    let whole = std::fs::read_to_string(crate::support::fixture("metrics/query.jsonl")).unwrap();
    let lines: Vec<&str> = whole.lines().collect();
    let write = |name: &str, lines: &[&str]| {
        let path = dir.path().join(name);
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        path
    };
    let first = write("first.jsonl", &lines);
    // A later export holding three of the first file's tweets, and a file holding one of them
    // twice.
    let later = write("later.jsonl", &lines[..3]);
    let again = write("again.jsonl", &[lines[0], lines[0]]);
    let import = |store: &mut Store, path: &std::path::Path| {
        import_file(store, path, &ImportOptions::default()).unwrap()
    };
    let a = import(&mut store, &first);
    assert_eq!(a.imported, lines.len() as u64);
    let b = import(&mut store, &later);
    let c = import(&mut store, &again);
    assert_eq!((b.imported, b.duplicates), (0, 3));
    assert_eq!((c.imported, c.duplicates), (0, 2));
    let ids: Vec<i64> = townhall::import::history(&store)
        .unwrap()
        .iter()
        .rev()
        .map(|r| r.id)
        .collect();
    let (a_id, b_id, c_id) = (ids[0], ids[1], ids[2]);

    let question = editing::describe_import_removal(&store, a_id).unwrap();
    assert!(
        question.contains("This deletes the 5 posts only it brought; the 3 posts it added that later imports also brought stay."),
        "{question}"
    );
    let removed = editing::remove_import(&mut store, a_id).unwrap().removed;
    assert_eq!((removed.posts, removed.kept), (5, 3));
    assert_eq!(store.post_count().unwrap(), 3);
    let owners = |store: &Store| -> Vec<(String, i64)> {
        store
            .conn()
            .prepare("SELECT native_id, import_id FROM posts ORDER BY native_id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let first_three: Vec<String> = owners(&store).into_iter().map(|(id, _)| id).collect();
    assert_eq!(
        owners(&store),
        first_three
            .iter()
            .map(|id| (id.clone(), b_id))
            .collect::<Vec<_>>(),
        "the earliest import that brought them again takes them"
    );
    assert_eq!(
        topics::check(&store, "schoolmax").unwrap(),
        QueryCheck::Valid { count: 3 },
        "their full-text entries stay"
    );

    // The same again, one import later: the tweet the third file brought stays with it.
    let question = editing::describe_import_removal(&store, b_id).unwrap();
    assert!(
        question.contains("deletes the 2 posts only it brought; the 1 post it added that a later import also brought stays."),
        "{question}"
    );
    let removed = editing::remove_import(&mut store, b_id).unwrap().removed;
    assert_eq!((removed.posts, removed.kept), (2, 1));
    assert_eq!(owners(&store), [(first_three[0].clone(), c_id)]);
    let question = editing::describe_import_removal(&store, c_id).unwrap();
    assert!(
        question.contains("deletes the 1 post it added."),
        "{question}"
    );
    let removed = editing::remove_import(&mut store, c_id).unwrap().removed;
    assert_eq!((removed.posts, removed.kept), (1, 0));
    assert_eq!(store.post_count().unwrap(), 0);
    let left: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM import_sightings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        left, 0,
        "an import's record of what it brought again goes with it"
    );

    // A removed import's own sightings go with it: the first file, imported again, is new.
    assert_eq!(import(&mut store, &first).imported, lines.len() as u64);
}

#[test]
fn removing_posts_keeps_the_profiles_of_a_user_lookup() {
    // A users lookup brings profiles (follower counts) and no posts: removing another import,
    // or pruning old posts, deletes the authors of the posts it deletes, not these.
    let (_dir, _path, mut store) = crate::support::workspace();
    import(&mut store, "twarc2/users.jsonl");
    let count = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT count(*) FROM authors", [], |r| r.get(0))
            .unwrap()
    };
    let looked_up = count(store.conn());
    assert!(looked_up > 0);
    let posts = import(&mut store, "metrics/query.jsonl");
    let with_posts = count(store.conn());
    assert!(with_posts > looked_up, "the posts' authors were added");
    let id = townhall::import::history(&store).unwrap()[0].id;
    let removed = editing::remove_import(&mut store, id).unwrap().removed;
    assert_eq!(removed.posts, posts.imported);
    assert_eq!(count(store.conn()), looked_up, "{removed:?}");
    assert_eq!(removed.authors as i64, with_posts - looked_up);

    import(&mut store, "metrics/query.jsonl");
    let pruned = townhall::store::retention::prune_before(store.conn_mut(), i64::MAX).unwrap();
    assert_eq!(pruned.posts, posts.imported);
    assert_eq!(count(store.conn()), looked_up);
}

/// A topic's name is shown in a terminal, the window and the brief: control characters (a
/// terminal's escape sequences, line breaks) and marks that reorder text are refused, whether
/// it is added or renamed, and nothing is saved.
#[test]
fn a_topic_s_name_holds_no_control_characters_or_reordering_marks() {
    let (_dir, _path, store) = crate::support::workspace();
    for name in [
        "x\u{1b}[2Jy",
        "two\nlines",
        "evil\u{202E}txt.exe",
        "tab\there",
    ] {
        let err = topics::add(&store, name, "portal", "2026-09-01").unwrap_err();
        assert!(
            err.to_string().contains("control characters"),
            "{name:?}: {err}"
        );
    }
    assert!(topics::list(&store).unwrap().is_empty());
    topics::add(&store, "  Portal ", "portal", "2026-09-01").unwrap();
    let err = editing::rename_topic(&store, "Portal", "Port\u{2066}al").unwrap_err();
    assert!(err.to_string().contains("control characters"), "{err}");
    assert_eq!(topics::list(&store).unwrap()[0].name, "Portal");
}

#[test]
fn a_topic_is_renamed_with_what_hangs_on_it_and_removed_without_its_posts() {
    let (_dir, _path, mut store) = crate::support::workspace();
    topics::add(&store, "Portal", "portal OR schoolmax", "2026-09-01").unwrap();
    topics::add(&store, "Wi-Fi", "wifi", "2026-09-01").unwrap();
    import(&mut store, "metrics/query.jsonl");
    let portal = topics::get(&store, "Portal").unwrap();
    let incident = incidents::add(
        &store,
        &NewIncident {
            source: "manual".into(),
            number: Some("INC1".into()),
            title: "Portal down".into(),
            priority: None,
            opened_at: 1_788_000_000,
            resolved_at: None,
        },
        Some(&portal),
    )
    .unwrap();
    store
        .conn()
        .execute("INSERT INTO alert_rules (topic) VALUES (?1)", [portal.id])
        .unwrap();
    let before = mentions(&store, "Portal");

    assert!(
        editing::rename_topic(&store, "Portal", "wi-fi").is_err(),
        "names are unique in any case"
    );
    assert!(editing::rename_topic(&store, "Portal", "  ").is_err());
    let renamed = editing::rename_topic(&store, "Portal", "Student portal").unwrap();
    assert_eq!(renamed.id, portal.id);
    assert_eq!(mentions(&store, "Student portal"), before);
    let rules: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM alert_rules WHERE topic = ?1",
            [portal.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rules, 1, "the rules follow the rename");

    let posts = store.post_count().unwrap();
    // The question says the incident leaves every timeline.
    let asked = editing::describe_topic_removal(&store, "Student portal").unwrap();
    assert!(
        asked.contains(
            "the posts stay in the workspace, and so does its incident, but on no topic's timeline"
        ),
        "{asked}"
    );
    editing::remove_topic(&mut store, "Student portal").unwrap();
    assert!(topics::get(&store, "Student portal").is_err());
    assert_eq!(store.post_count().unwrap(), posts, "the posts stay");
    let (rules, matches): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM alert_rules), (SELECT count(*) FROM topic_matches WHERE topic = ?1)",
            [portal.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((rules, matches), (0, 0));
    let kept = incidents::list(&store, None).unwrap();
    assert_eq!(kept.len(), 1, "the incident stays");
    assert_eq!(kept[0].topic, None, "unlinked");
    // The dashboard of any topic offers to link it, and linking it puts it on that topic.
    let request = DashboardRequest {
        topic: "Wi-Fi".into(),
        ..Default::default()
    };
    let dashboard = views::dashboard(&store, &request, Utc::now()).unwrap();
    assert_eq!(dashboard.unlinked_incidents, 1);
    assert_eq!(
        incident_record::link_unlinked(&store, "wi-fi").unwrap(),
        "Linked 1 incident to “Wi-Fi”."
    );
    let wifi = topics::get(&store, "Wi-Fi").unwrap();
    assert_eq!(incidents::list(&store, Some(&wifi)).unwrap().len(), 1);
    let dashboard = views::dashboard(&store, &request, Utc::now()).unwrap();
    assert_eq!(dashboard.unlinked_incidents, 0);

    editing::rename_incident(&store, incident, "Portal down district-wide").unwrap();
    assert_eq!(
        incidents::list(&store, None).unwrap()[0].title,
        "Portal down district-wide"
    );
    assert!(editing::rename_incident(&store, incident, "").is_err());
    // A mark that reorders text is refused, as in a topic's name; the title is unchanged.
    let err = editing::rename_incident(&store, incident, "bad\u{202E}live").unwrap_err();
    assert!(err.to_string().contains("reorder text"), "{err}");
    assert_eq!(
        incidents::list(&store, None).unwrap()[0].title,
        "Portal down district-wide"
    );
    let err = editing::rename_incident(&store, incident + 100, "Portal").unwrap_err();
    assert!(err.to_string().contains("there is no incident"), "{err}");
    editing::remove_incident(&mut store, incident).unwrap();
    assert!(incidents::list(&store, None).unwrap().is_empty());
    assert!(editing::remove_incident(&mut store, incident).is_err());
}

/// A workspace in `dir` with one topic, "Portal", made from the command line.
fn workspace_with_portal(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("ws.sqlite");
    crate::support::stdout(
        crate::support::townhall(&db).args(["topic", "add", "Portal", "-q", "portal"]),
    );
    db
}

#[test]
fn the_command_line_removes_an_import_and_renames_a_topic() {
    let dir = tempfile::tempdir().unwrap();
    let db = workspace_with_portal(dir.path());
    let sup = crate::support::townhall;
    crate::support::stdout(
        sup(&db)
            .arg("import")
            .arg(crate::support::fixture("metrics/query.jsonl")),
    );
    let list = crate::support::stdout(sup(&db).args(["imports", "list"]));
    let id = list.split('\t').next().unwrap().trim().to_string();
    // Without a terminal to ask, removing needs --yes, and deletes nothing without it.
    let refused = sup(&db).args(["imports", "remove", &id]).output().unwrap();
    assert!(!refused.status.success());
    let said = String::from_utf8(refused.stderr).unwrap();
    assert!(said.contains("Remove the import of query.jsonl?"), "{said}");
    assert!(said.contains("Nothing was deleted: pass --yes"), "{said}");
    assert!(crate::support::stdout(sup(&db).args(["imports", "list"])).contains(&id));
    let unknown = sup(&db)
        .args(["imports", "remove", "999", "--yes"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("there is no import 999"));
    let removed = crate::support::stdout(sup(&db).args(["imports", "remove", &id, "--yes"]));
    assert!(
        removed.starts_with("Removed the import of query.jsonl: 8 posts deleted, with "),
        "{removed}"
    );
    assert!(crate::support::stdout(sup(&db).args(["imports", "list"])).is_empty());
    // What an import skipped, and why, can be read again afterwards.
    crate::support::stdout(
        sup(&db)
            .arg("import")
            .arg(crate::support::fixture("twarc2/flat.jsonl")),
    );
    let list = crate::support::stdout(sup(&db).args(["imports", "list"]));
    assert!(
        list.contains("\t2 new, 0 duplicates, 1 skipped\t"),
        "{list}"
    );
    let id = list.split('\t').next().unwrap().trim().to_string();
    let shown = crate::support::stdout(sup(&db).args(["imports", "show", &id]));
    let lines: Vec<&str> = shown.lines().collect();
    assert!(lines[0].starts_with(&format!("Import {id} of ")), "{shown}");
    assert!(
        lines[0].ends_with(": 2 new, 0 duplicates, 1 skipped."),
        "{shown}"
    );
    assert!(lines[1].starts_with("  line 3: "), "{shown}");
    assert!(lines[1].contains("created_at"), "{shown}");
    let renamed =
        crate::support::stdout(sup(&db).args(["topic", "rename", "Portal", "Student portal"]));
    assert_eq!(renamed.trim(), "Renamed “Portal” to “Student portal”.");
    let kept = sup(&db)
        .args(["topic", "remove", "Student portal"])
        .output()
        .unwrap();
    assert!(!kept.status.success());
    assert!(String::from_utf8_lossy(&kept.stderr).contains("Remove the topic “Student portal”?"));
    crate::support::stdout(sup(&db).args(["topic", "remove", "Student portal", "-y"]));
    assert!(crate::support::stdout(sup(&db).args(["topic", "list"])).is_empty());
}

/// An incident imported without a topic, or left by a removed topic, can be linked to one
/// afterwards, and unlinked again, from the command line.
#[test]
fn the_command_line_links_an_incident_to_a_topic_and_unlinks_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = workspace_with_portal(dir.path());
    let sup = crate::support::townhall;
    let (listed, id) = servicenow_incidents(&db);
    assert!(
        listed.lines().next().unwrap().ends_with("\ton no topic"),
        "{listed}"
    );
    let unlinked = sup(&db)
        .args(["incidents", "compare", &id])
        .output()
        .unwrap();
    assert!(!unlinked.status.success());
    let said = String::from_utf8_lossy(&unlinked.stderr).to_string();
    assert!(
        said.contains(&format!("townhall incidents link {id} TOPIC")),
        "{said}"
    );

    let linked = crate::support::stdout(sup(&db).args(["incidents", "link", &id, "portal"]));
    assert_eq!(
        linked.trim(),
        "The incident INC0010001 (Student portal login failures) is now on “Portal”: its lags \
         count against that topic's complaints."
    );
    let of_topic =
        crate::support::stdout(sup(&db).args(["incidents", "list", "--topic", "Portal"]));
    assert_eq!(of_topic.lines().count(), 1, "{of_topic}");
    assert!(
        of_topic.starts_with(&format!("{id}\tINC0010001\t")),
        "{of_topic}"
    );
    let listed = crate::support::stdout(sup(&db).args(["incidents", "list"]));
    assert!(
        listed.lines().next().unwrap().ends_with("\ton Portal"),
        "{listed}"
    );

    let unknown = sup(&db)
        .args(["incidents", "link", &id, "Wi-Fi"])
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    let none = sup(&db)
        .args(["incidents", "link", "999", "Portal"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&none.stderr).contains("there is no incident 999"));
    let of_topic =
        crate::support::stdout(sup(&db).args(["incidents", "list", "--topic", "Portal"]));
    assert_eq!(of_topic.lines().count(), 1, "a failed link changes nothing");

    let unlinked = crate::support::stdout(sup(&db).args(["incidents", "unlink", &id]));
    assert_eq!(
        unlinked.trim(),
        "The incident INC0010001 (Student portal login failures) is now on no topic's chart."
    );
    assert!(
        crate::support::stdout(sup(&db).args(["incidents", "list", "--topic", "Portal"]))
            .is_empty()
    );
}

/// Removing an incident from the command line asks first, naming it; without a terminal it
/// removes nothing until `--yes` confirms.
#[test]
fn the_command_line_asks_before_removing_an_incident() {
    let dir = tempfile::tempdir().unwrap();
    let db = workspace_with_portal(dir.path());
    let sup = crate::support::townhall;
    let (listed, id) = servicenow_incidents(&db);
    let unasked = sup(&db)
        .args(["incidents", "remove", &id])
        .output()
        .unwrap();
    assert!(!unasked.status.success());
    let said = String::from_utf8_lossy(&unasked.stderr).to_string();
    assert!(
        said.contains(
            "Remove the incident INC0010001 (“Student portal login failures”) from the \
             timeline? Importing its export again brings it back."
        ),
        "{said}"
    );
    assert_eq!(
        crate::support::stdout(sup(&db).args(["incidents", "list"])),
        listed
    );
    crate::support::stdout(sup(&db).args(["incidents", "remove", &id, "--yes"]));
    let left = crate::support::stdout(sup(&db).args(["incidents", "list"]));
    assert_eq!(left.lines().count(), listed.lines().count() - 1, "{left}");
}

/// Imports the ServiceNow fixture from the command line: `incidents list`'s text, and the id of
/// its first incident.
fn servicenow_incidents(db: &std::path::Path) -> (String, String) {
    let sup = crate::support::townhall;
    crate::support::stdout(
        sup(db)
            .args(["incidents", "import"])
            .arg(crate::support::fixture("incidents/servicenow.csv")),
    );
    let listed = crate::support::stdout(sup(db).args(["incidents", "list"]));
    let first = listed.lines().next().unwrap();
    let id = first.split('\t').next().unwrap().to_string();
    (listed, id)
}
