//! Signed-in sessions with the platforms (Bluesky's session tokens, Reddit's app token), kept in
//! this process's memory only, never in the store, by account, so that runs reuse them until
//! they are due for renewal.

use std::collections::HashMap;
use std::sync::Mutex;

use super::source::{Credential, SourceKind};

/// A signed-in session with a platform, kept in memory only (never in the store), by account.
#[derive(Debug, Clone)]
pub struct Session {
    pub access: String,
    pub refresh: Option<String>,
    /// Renew at or after this time (unix seconds).
    pub renew_at: i64,
}

static SESSIONS: Mutex<Option<HashMap<String, Session>>> = Mutex::new(None);

/// The key a session is kept under: the platform, the server and the account, hashed.
pub fn key(kind: SourceKind, url: &str, credential: &Credential) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [
        kind.as_str(),
        url,
        credential.id.as_deref().unwrap_or(""),
        credential.secret.as_str(),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

pub fn get(key: &str) -> Option<Session> {
    SESSIONS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .and_then(|m| m.get(key).cloned())
}

pub fn keep(key: &str, session: Option<Session>) {
    let mut all = SESSIONS.lock().unwrap_or_else(|e| e.into_inner());
    let map = all.get_or_insert_with(HashMap::new);
    match session {
        Some(s) => map.insert(key.to_string(), s),
        None => map.remove(key),
    };
}

pub fn tokens() -> Vec<String> {
    SESSIONS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .map(|m| {
            m.values()
                .flat_map(|s| std::iter::once(s.access.clone()).chain(s.refresh.clone()))
                .filter(|t| t.len() >= 8)
                .collect()
        })
        .unwrap_or_default()
}
