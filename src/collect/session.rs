//! Signed-in sessions with the platforms (Bluesky's session tokens, Reddit's app token), kept by
//! account in this process's memory and in the secret store beside the credential they come
//! from (never in the workspace), so that runs reuse them until they are due for renewal, and
//! a `townhall collect` run every few minutes does not sign in every time: Bluesky allows an
//! account about 300 sign-ins a day.

use std::collections::HashMap;
use std::sync::Mutex;

use super::secrets::Secrets;
use super::source::{Credential, SourceKind};

/// A signed-in session with a platform, by account.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
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

/// The secret-store key of the session kept under `key`.
fn stored(key: &str) -> String {
    format!("session:{key}")
}

/// The session kept under `key`: from memory, else from `secrets` (a store that fails, or holds
/// something unreadable, has none).
pub fn get(key: &str, secrets: &dyn Secrets) -> Option<Session> {
    let mut all = SESSIONS.lock().unwrap_or_else(|e| e.into_inner());
    let map = all.get_or_insert_with(HashMap::new);
    if let Some(s) = map.get(key) {
        return Some(s.clone());
    }
    let kept: Session = serde_json::from_str(&secrets.get(&stored(key)).ok()??).ok()?;
    map.insert(key.to_string(), kept.clone());
    Some(kept)
}

/// Keeps `session` under `key`, or forgets it with `None`, in memory and in `secrets`. Keeping
/// it in the store is best effort: a store that fails only costs a sign-in next time.
pub fn keep(key: &str, session: Option<Session>, secrets: &dyn Secrets) {
    let mut all = SESSIONS.lock().unwrap_or_else(|e| e.into_inner());
    let map = all.get_or_insert_with(HashMap::new);
    let _ = match &session {
        Some(s) => secrets.set(&stored(key), &serde_json::to_string(s).expect("serialises")),
        None => secrets.delete(&stored(key)),
    };
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
