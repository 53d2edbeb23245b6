//! Schema migrations: SQL files applied in order, in one transaction, recorded in
//! `PRAGMA user_version`.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_csv_mappings.sql"),
    include_str!("migrations/0003_analytics.sql"),
    include_str!("migrations/0004_topic_matches.sql"),
    include_str!("migrations/0005_sources.sql"),
    include_str!("migrations/0006_alerts.sql"),
    include_str!("migrations/0007_fts_by_import.sql"),
    include_str!("migrations/0008_post_problems.sql"),
    include_str!("migrations/0009_packed_facts.sql"),
    include_str!("migrations/0010_followers_in_one_pass.sql"),
    include_str!("migrations/0011_post_authors.sql"),
    include_str!("migrations/0012_post_times.sql"),
    include_str!("migrations/0013_workspace_id.sql"),
    include_str!("migrations/0014_alert_sends.sql"),
    include_str!("migrations/0015_unknown_engagement.sql"),
    include_str!("migrations/0016_topic_slots.sql"),
    include_str!("migrations/0017_reported_engagement.sql"),
    concat!(
        include_str!("migrations/0018_same_person.sql"),
        include_str!("same_person.sql")
    ),
    include_str!("migrations/0019_unseen_history.sql"),
    include_str!("migrations/0020_import_sightings.sql"),
    include_str!("migrations/0021_local_ids.sql"),
    include_str!("migrations/0022_unseen_since.sql"),
    include_str!("migrations/0023_content_ids.sql"),
    include_str!("migrations/0024_brief_retries.sql"),
    include_str!("migrations/0025_bluesky_by_handle.sql"),
    include_str!("migrations/0026_source_runs.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Fails with [`Error::NewerDatabase`] when the file was written by a newer Townhall.
pub fn check_version(conn: &Connection) -> Result<()> {
    let found = user_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(Error::NewerDatabase {
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Applies every pending migration in a single transaction. A current schema is only read:
/// opening a workspace must not wait for (or block) an import that holds the write lock.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    if user_version(conn)? == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let current = user_version(&tx)?;
    if current > SCHEMA_VERSION {
        return Err(Error::NewerDatabase {
            found: current,
            known: SCHEMA_VERSION,
        });
    }
    register_rekeying(&tx)?;
    for sql in &MIGRATIONS[current as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

/// The functions migration 0023 re-keys rows of spreadsheets with: a row's old id, the hash of
/// its record, and its new one, [`content_id`](crate::model::content_id).
fn register_rekeying(conn: &Connection) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    use sha2::{Digest, Sha256};
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("townhall_row_id", 1, flags, |ctx| {
        let raw: String = ctx.get(0)?;
        let digest = Sha256::digest(raw.as_bytes());
        Ok(digest[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>())
    })?;
    conn.create_scalar_function("townhall_content_id", 4, flags, |ctx| {
        let platform: String = ctx.get(0)?;
        let author: Option<String> = ctx.get(1)?;
        let text: String = ctx.get(3)?;
        Ok(crate::model::content_id(
            &platform,
            author.as_deref(),
            ctx.get(2)?,
            &text,
        ))
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_applies_to_an_empty_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::facts::register(&conn).unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        // Applying again is a no-op, not an error.
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
    }

    /// Kept matches written before unknown engagement had its flag read it as unknown after.
    #[test]
    fn kept_matches_of_posts_without_counts_learn_their_engagement_is_unknown() {
        use super::super::facts::Facts;
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::facts::register(&conn).unwrap();
        for sql in &MIGRATIONS[..14] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 14).unwrap();
        conn.execute_batch(
            "INSERT INTO topics (id, name, query, created_at) VALUES (1, 'T', 'x', 0);
             INSERT INTO posts (id, platform, native_id, created_at, text, kind, raw, likes)
                 VALUES (1, 'mastodon', 'a', 10, 'x', 'post', '{}', NULL),
                        (2, 'mastodon', 'b', 20, 'x', 'post', '{}', 0);
             INSERT INTO topic_matches (topic, created_at, post, facts)
                 SELECT 1, created_at, id,
                        townhall_facts(platform, NULL, coalesce(likes, 0), NULL, NULL, NULL, NULL)
                 FROM posts;",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let engagement: Vec<Option<i64>> = conn
            .prepare("SELECT facts FROM topic_matches ORDER BY post")
            .unwrap()
            .query_map([], |r| r.get::<_, Vec<u8>>(0))
            .unwrap()
            .map(|blob| Facts::unpack(&blob.unwrap()).unwrap().engagement)
            .collect();
        assert_eq!(engagement, [None, Some(0)]);
    }

    /// Rows of spreadsheets stored under the hash of the whole row take the id of what makes
    /// them the post; a second copy of one post, and any other id, stay as they were.
    #[test]
    fn rows_stored_under_the_hash_of_their_record_are_known_by_their_content() {
        use sha2::{Digest, Sha256};
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::facts::register(&conn).unwrap();
        for sql in &MIGRATIONS[..22] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 22).unwrap();
        let row_id = |raw: &str| -> String {
            Sha256::digest(raw)[..16]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        };
        let (monday, friday) = (r#"{"Likes":"1"}"#, r#"{"Likes":"9"}"#);
        conn.execute_batch(&format!(
            "INSERT INTO authors (id, platform, native_id) VALUES (1, 'other', 'ann');
             INSERT INTO posts (id, platform, native_id, author, created_at, text, kind, raw)
                 VALUES (1, 'other', '{}', 1, 60, 'portal down', 'post', '{monday}'),
                        (2, 'other', '{}', 1, 60, 'portal down', 'post', '{friday}'),
                        (3, 'other', '0123456789abcdef0123456789abcdef', 1, 60, 'x', 'post',
                         '{{}}');",
            row_id(monday),
            row_id(friday),
        ))
        .unwrap();
        migrate(&mut conn).unwrap();
        let ids: Vec<String> = conn
            .prepare("SELECT native_id FROM posts ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            ids,
            [
                crate::model::content_id("other", Some("ann"), 60, "portal down"),
                row_id(friday),
                "0123456789abcdef0123456789abcdef".to_string(),
            ]
        );
    }

    #[test]
    fn a_newer_database_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = check_version(&conn).unwrap_err();
        assert!(matches!(err, Error::NewerDatabase { .. }), "{err}");
    }
}
