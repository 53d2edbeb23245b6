use townhall::store::{Store, SCHEMA_VERSION};

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (1);")
            .unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path)
        .err()
        .expect("a newer schema must be refused");
    assert_eq!(err.code(), townhall::ErrorCode::NewerDatabase);
    assert!(
        err.to_string().contains("newer version of Townhall"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was modified"
    );
}

#[test]
fn reopening_a_workspace_keeps_its_data() {
    let (_dir, path, store) = crate::support::workspace();
    townhall::topics::add(&store, "Wi-Fi", "wifi", "2026-01-01T00:00:00Z").unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(townhall::topics::list(&store).unwrap().len(), 1);
}
