//! What a source is: its kind, its settings as the user gives them ([`NewSource`], checked here),
//! and as the store keeps them with the state of its runs ([`Source`]).

use serde::{Deserialize, Serialize};

use super::{http, DEFAULT_INTERVAL, MAX_INTERVAL, MIN_INTERVAL};
use crate::error::{Error, Result};

/// Where a source collects from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Bluesky search (`app.bsky.feed.searchPosts`), signed in with an app password.
    Bluesky,
    /// A Mastodon instance: a hashtag timeline (public) or a search (access token).
    Mastodon,
    /// Reddit search or a subreddit's new posts and comments (application-only OAuth).
    Reddit,
    /// X API v2 recent search (bearer token).
    X,
    /// An RSS or Atom feed: news searches, status pages.
    Feed,
    /// A folder where a listening tool drops its exports.
    Folder,
}

impl SourceKind {
    pub const ALL: [SourceKind; 6] = [
        SourceKind::Bluesky,
        SourceKind::Mastodon,
        SourceKind::Reddit,
        SourceKind::X,
        SourceKind::Feed,
        SourceKind::Folder,
    ];

    /// The platform whose posts a search or timeline of this kind collects (feeds and folders
    /// bring posts of any).
    pub fn platform(self) -> Option<crate::model::Platform> {
        use crate::model::Platform;
        match self {
            SourceKind::Bluesky => Some(Platform::Bluesky),
            SourceKind::Mastodon => Some(Platform::Mastodon),
            SourceKind::Reddit => Some(Platform::Reddit),
            SourceKind::X => Some(Platform::Twitter),
            SourceKind::Feed | SourceKind::Folder => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Bluesky => "bluesky",
            SourceKind::Mastodon => "mastodon",
            SourceKind::Reddit => "reddit",
            SourceKind::X => "x",
            SourceKind::Feed => "feed",
            SourceKind::Folder => "folder",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Bluesky => "Bluesky",
            SourceKind::Mastodon => "Mastodon",
            SourceKind::Reddit => "Reddit",
            SourceKind::X => "X",
            SourceKind::Feed => "The feed",
            SourceKind::Folder => "The folder",
        }
    }

    pub fn parse(s: &str) -> Result<SourceKind> {
        SourceKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "unknown source kind {s:?}; choose one of bluesky, mastodon, reddit, x, feed, folder"
                ))
            })
    }

    /// The base URL used when none is given (`None`: the user must give one).
    pub fn default_url(self) -> Option<&'static str> {
        match self {
            SourceKind::Bluesky => Some("https://bsky.social"),
            SourceKind::Mastodon => Some("https://mastodon.social"),
            SourceKind::Reddit => Some("https://oauth.reddit.com"),
            SourceKind::X => Some("https://api.x.com"),
            SourceKind::Feed | SourceKind::Folder => None,
        }
    }
}

/// A credential, kept in [`Secrets`](super::Secrets) and never in the store. `id` is the
/// Bluesky handle or the Reddit client id; `secret` the app password, client secret, access
/// token or bearer token. Its `Debug` form hides the secret.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Credential {
    pub id: Option<String>,
    pub secret: String,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credential")
            .field("id", &self.id)
            .field("secret", &"[hidden]")
            .finish()
    }
}

impl Credential {
    pub(crate) fn to_secret(&self) -> String {
        serde_json::to_string(self).expect("strings serialise")
    }

    pub(crate) fn from_secret(s: &str) -> Option<Credential> {
        serde_json::from_str(s).ok()
    }
}

/// The key a source's credential is kept under.
pub(crate) fn secret_key(name: &str) -> String {
    format!("source:{}", name.to_lowercase())
}

/// Whether two names are one source's, in any case of any letter: two sources whose names
/// differ only so would share a credential's key.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// A source as the user describes it (`townhall source add`, the Sources view).
///
/// - `url`: the API base (default per kind: `https://bsky.social`, `https://mastodon.social`,
///   `https://oauth.reddit.com`, `https://api.x.com`), the feed's URL, or the folder's path.
/// - `query`: the search (Bluesky, X and Reddit; Mastodon with an access token).
/// - `target`: a Mastodon hashtag or a subreddit.
/// - `interval_secs`: at least [`MIN_INTERVAL`], at most [`MAX_INTERVAL`], [`DEFAULT_INTERVAL`]
///   when `None`.
/// - `credential`: Bluesky handle + app password (optional, search is often refused without);
///   Mastodon access token (needed for search); Reddit client id + secret and X bearer token
///   (required). Feeds and folders take none.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct NewSource {
    pub name: String,
    pub kind: Option<SourceKind>,
    pub url: Option<String>,
    pub query: Option<String>,
    pub target: Option<String>,
    pub interval_secs: Option<i64>,
    pub credential: Option<Credential>,
}

/// A [`NewSource`] that passed every check, ready for the store.
pub(crate) struct Checked {
    pub name: String,
    pub kind: SourceKind,
    pub url: String,
    pub query: Option<String>,
    pub target: Option<String>,
    pub interval_secs: i64,
}

fn invalid(s: String) -> Error {
    Error::InvalidInput(s)
}

impl NewSource {
    pub(crate) fn checked(&self) -> Result<Checked> {
        self.checked_keeping(false)
    }

    /// [`NewSource::checked`] for a source that keeps its credential (`kept`) when this one gives
    /// none: an edit that changes only the schedule need not type the token again.
    pub(crate) fn checked_keeping(&self, kept: bool) -> Result<Checked> {
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
            return Err(invalid(
                "a source needs a name of 1 to 64 characters, such as \"bluesky-portal\"".into(),
            ));
        }
        let kind = self.kind.ok_or_else(|| {
            invalid(
                "say what kind of source it is: bluesky, mastodon, reddit, x, feed or folder"
                    .into(),
            )
        })?;
        let clean = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let query = clean(&self.query);
        let target = clean(&self.target).map(|t| {
            t.trim_start_matches('#')
                .trim_start_matches("/r/")
                .trim_start_matches("r/")
                .to_string()
        });
        let interval_secs = self.interval_secs.unwrap_or(DEFAULT_INTERVAL);
        if interval_secs < MIN_INTERVAL {
            return Err(invalid(format!(
                "collect at most once a minute: an interval of {interval_secs} s is too short"
            )));
        }
        if interval_secs > MAX_INTERVAL {
            return Err(invalid(format!(
                "collect at least once every {} days: an interval of {interval_secs} s is too \
                 long (pause the source instead)",
                MAX_INTERVAL / 86_400
            )));
        }
        let credential = self.credential.as_ref();
        if let Some(c) = credential {
            if c.secret.trim().is_empty() {
                return Err(invalid("the credential's secret is empty".into()));
            }
        }
        let url = match (clean(&self.url), kind) {
            (Some(path), SourceKind::Folder) => {
                let dir = std::path::Path::new(&path);
                if !dir.is_dir() {
                    return Err(invalid(format!(
                        "{path}: not a folder; give the folder the exports are delivered to"
                    )));
                }
                // Kept whole: the app and a service collect from other working folders.
                std::path::absolute(dir)
                    .map_err(|e| Error::io(dir, e))?
                    .display()
                    .to_string()
            }
            (Some(url), _) => http::validate(&url)?,
            (None, kind) => kind.default_url().map(str::to_string).ok_or_else(|| {
                invalid(match kind {
                    SourceKind::Folder => "a folder source needs the folder's path".into(),
                    _ => "a feed source needs the feed's URL".into(),
                })
            })?,
        };
        let needs = |what: &str| {
            let article = if kind == SourceKind::X { "an" } else { "a" };
            Err(invalid(format!(
                "{article} {} source needs {what}",
                kind.label()
            )))
        };
        match kind {
            SourceKind::Bluesky => {
                if query.is_none() {
                    return needs("a search query");
                }
                if credential.is_some_and(|c| clean(&c.id).is_none()) {
                    return needs("your handle beside the app password");
                }
            }
            SourceKind::Mastodon => match (&query, &target) {
                (None, None) => {
                    return needs("a hashtag (or a search query, with an access token)")
                }
                (Some(_), None) if credential.is_none() && !kept => {
                    return Err(invalid(
                        "Mastodon searches only for signed-in apps: give an access token, or \
                         collect a hashtag instead"
                            .into(),
                    ))
                }
                _ => {}
            },
            SourceKind::Reddit => {
                if query.is_none() && target.is_none() {
                    return needs("a search query or a subreddit");
                }
                if credential.map_or(!kept, |c| clean(&c.id).is_none()) {
                    return needs(
                        "an app's client id and secret (create a \"script\" app at reddit.com/prefs/apps)",
                    );
                }
            }
            SourceKind::X => {
                if query.is_none() {
                    return needs("a search query");
                }
                if credential.is_none() && !kept {
                    return needs("a bearer token from the X developer portal");
                }
            }
            SourceKind::Feed | SourceKind::Folder => {
                if credential.is_some() {
                    return Err(invalid(format!(
                        "a {} source takes no credential",
                        kind.as_str()
                    )));
                }
                // Nothing would use them: a feed and a folder are read whole, and the topics'
                // queries choose among their posts.
                if query.is_some() || target.is_some() {
                    return Err(invalid(format!(
                        "a {} source takes no query or hashtag: it is read whole, and each topic's \
                         query picks its posts",
                        kind.as_str()
                    )));
                }
            }
        }
        Ok(Checked {
            name,
            kind,
            url,
            query,
            target,
            interval_secs,
        })
    }
}

/// A source as stored, with the state of its runs. Times are unix seconds.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Source {
    pub id: i64,
    pub name: String,
    pub kind: SourceKind,
    /// API base, feed URL or folder path.
    pub url: String,
    pub query: Option<String>,
    /// Hashtag or subreddit.
    pub target: Option<String>,
    pub interval_secs: i64,
    /// Whether a credential was given (it is kept outside the workspace).
    pub has_credential: bool,
    pub paused: bool,
    pub created_at: i64,
    pub last_attempt: Option<i64>,
    pub last_success: Option<i64>,
    /// `ok`, `offline`, `server`, `rate_limited`, `refused` or `failed`.
    pub last_outcome: Option<String>,
    pub last_error: Option<String>,
    /// What the last run could not reach (how far back the API let it catch up).
    pub last_note: Option<String>,
    /// New posts of the last successful run.
    pub last_new: i64,
    /// Failures in a row, which set the backoff.
    pub failures: i64,
    pub runs: i64,
    pub new_posts: i64,
    pub duplicates: i64,
    /// Not collected before this time (the interval, a backoff, a platform's rate limit).
    pub next_attempt: i64,
    /// Where the next run starts (JSON, per kind).
    #[ts(type = "unknown")]
    pub cursor: serde_json::Value,
}
