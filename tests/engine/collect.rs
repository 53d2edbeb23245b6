//! Live collection against fake servers on 127.0.0.1 answering like each platform's API: paging,
//! duplicates, rate limits, failures, refused credentials, restarts, and where credentials go.
//! Nothing sleeps: "now" is passed in, and `watch` runs on a fake clock.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use townhall::collect::{
    self, Credential, FakeClock, Health, MemorySecrets, NewSource, Secrets, SourceKind,
};
use townhall::store::Store;

use crate::fake_server::{FakeServer, Reply, Request};
use crate::support::{fixture, no_cancel, workspace};

const T0: i64 = 1_788_000_000; // 2026-08-29

fn source(name: &str, kind: SourceKind, url: &str) -> NewSource {
    NewSource {
        name: name.into(),
        kind: Some(kind),
        url: Some(url.into()),
        ..NewSource::default()
    }
}

fn credential(id: Option<&str>, secret: &str) -> Option<Credential> {
    Some(Credential {
        id: id.map(str::to_string),
        secret: secret.into(),
    })
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The bytes of the workspace file and its journal, for grepping.
fn store_bytes(path: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    let wal = path.with_extension("sqlite-wal");
    if let Ok(more) = std::fs::read(wal) {
        bytes.extend(more);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

// ---- Bluesky ----

fn bsky_post(n: u32) -> Value {
    let did = format!("did:plc:author{}", n % 3);
    json!({
        "uri": format!("at://{did}/app.bsky.feed.post/p{n}"),
        "cid": format!("cid{n}"),
        "author": {"did": did, "handle": format!("author{}.bsky.social", n % 3)},
        "record": {"$type": "app.bsky.feed.post", "text": format!("the portal is down again #{n}"),
                   "createdAt": format!("2026-08-29T10:{n:02}:00.000Z"), "langs": ["en"]},
        "likeCount": n, "repostCount": 0, "replyCount": 0,
        "indexedAt": format!("2026-08-29T10:{n:02}:00.000Z")
    })
}

fn bsky_page(posts: &[u32], cursor: Option<&str>) -> Reply {
    let mut page = json!({"posts": posts.iter().rev().map(|&n| bsky_post(n)).collect::<Vec<_>>()});
    if let Some(c) = cursor {
        page["cursor"] = json!(c);
    }
    Reply::json(page)
}

fn bluesky_server(password: &'static str) -> FakeServer {
    FakeServer::start(move |r: &Request| match r.path.as_str() {
        "/xrpc/com.atproto.server.createSession" => {
            let body: Value = serde_json::from_slice(&r.body).unwrap();
            if body["password"] == password {
                Reply::json(
                    json!({"accessJwt": "access-jwt-1234", "refreshJwt": "refresh-jwt-5678",
                                   "did": "did:plc:me", "handle": "me.bsky.social"}),
                )
            } else {
                Reply::status(
                    401,
                    r#"{"error":"AuthenticationRequired","message":"Invalid identifier or password"}"#,
                )
            }
        }
        "/xrpc/app.bsky.feed.searchPosts" => {
            if r.header("authorization") != Some("Bearer access-jwt-1234") {
                return Reply::status(403, r#"{"error":"Forbidden"}"#);
            }
            match (r.param("since"), r.param("cursor")) {
                (None, None) => bsky_page(&[5, 6, 7], Some("c2")),
                // Post 5 again on the next page: a duplicate across pages.
                (None, Some("c2")) => bsky_page(&[3, 4, 5], Some("c3")),
                (None, Some("c3")) => bsky_page(&[1, 2], None),
                (Some(_), None) => bsky_page(&[8], None),
                other => panic!("unexpected paging {other:?}"),
            }
        }
        "/xrpc/app.bsky.actor.getProfiles" => {
            let profiles: Vec<Value> = r
                .params("actors")
                .iter()
                .map(|did| json!({"did": did, "handle": "someone.bsky.social", "followersCount": 250}))
                .collect();
            Reply::json(json!({ "profiles": profiles }))
        }
        _ => Reply::status(404, "not found"),
    })
}

#[test]
fn bluesky_pages_through_three_pages_to_the_end_and_then_only_asks_for_newer_posts() {
    let server = bluesky_server("app-pass-secret-1");
    let (_dir, path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("bsky", SourceKind::Bluesky, &server.url);
    new.query = Some("portal".into());
    new.credential = credential(Some("me.bsky.social"), "app-pass-secret-1");
    collect::add_source(&store, &secrets, &new, T0).unwrap();

    let reports = collect::collect_due(&mut store, &secrets, T0, &no_cancel()).unwrap();
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert_eq!(
        (r.outcome.as_str(), r.new_posts, r.duplicates),
        ("ok", 7, 1),
        "{r:?}"
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM posts WHERE platform = 'bluesky'"
        ),
        7
    );
    // New authors' follower counts came from getProfiles, 25 at most per call.
    assert!(!server.to("getProfiles").is_empty());
    assert!(server
        .to("getProfiles")
        .iter()
        .all(|r| r.params("actors").len() <= 25));
    assert_eq!(
        count(&store, "SELECT count(*) FROM authors WHERE followers = 250"),
        3
    );
    // Pages go through the Bluesky importer and the import history, under the source's name.
    let imports = "SELECT count(*) FROM imports WHERE path = 'bsky' AND format = 'bluesky'";
    assert_eq!(
        count(&store, imports),
        4,
        "three pages and one profiles answer"
    );
    // The search ran out before the sweep's last page: everything it has was seen.
    assert_eq!(count(&store, "SELECT count(*) FROM unseen_history"), 0);
    let search = server.to("searchPosts");
    assert_eq!(search.len(), 3);
    assert!(search.iter().all(|r| r.param("sort") == Some("latest")));
    // One session for the whole run.
    assert_eq!(server.to("createSession").len(), 1);
    assert_eq!(server.to("createSession")[0].method, "POST");

    let status = collect::source_status(&store, "bsky", T0 + 180).unwrap();
    assert_eq!(status.health, Health::Ok);
    assert!(
        status
            .status
            .starts_with("collected 3 min ago, 7 new posts"),
        "{}",
        status.status
    );

    // Not due again before the interval.
    assert!(
        collect::collect_due(&mut store, &secrets, T0 + 60, &no_cancel())
            .unwrap()
            .is_empty()
    );
    // After it: only posts since the newest seen.
    let again = collect::collect_due(&mut store, &secrets, T0 + 300, &no_cancel()).unwrap();
    assert_eq!(again[0].new_posts, 1, "{:?}", again[0]);
    let last = server.to("searchPosts").pop().unwrap();
    // A minute before the newest post: see the next test.
    assert_eq!(last.param("since"), Some("2026-08-29T10:06:00.000Z"));
    drop(store);
    assert!(!contains(&store_bytes(&path), "app-pass-secret-1"));
    assert!(!contains(&store_bytes(&path), "access-jwt-1234"));
}

/// Bluesky's search orders and filters by `sortAt`, the earlier of a post's `createdAt` and
/// `indexedAt`. A post written just before a sweep and indexed just after it sorts before that
/// sweep's newest post; a watermark at the newest `indexedAt` never asked for it again.
#[test]
fn a_post_indexed_after_a_sweep_but_written_before_its_newest_is_collected_by_the_next() {
    // (post, written at, indexed at), as minutes and seconds after 10:00.
    type Posts = Arc<Mutex<Vec<(u32, &'static str, &'static str)>>>;
    let posts: Posts = Arc::new(Mutex::new(vec![
        (1, "01:00", "01:01"),
        (2, "02:00", "02:01"),
        (3, "03:00", "03:01"),
    ]));
    let server = {
        let posts = posts.clone();
        FakeServer::start(move |r: &Request| match r.path.as_str() {
            "/xrpc/app.bsky.feed.searchPosts" => {
                let at = |mm_ss: &str| format!("2026-08-29T10:{mm_ss}.000Z");
                let mut found: Vec<(String, Value)> = posts
                    .lock()
                    .unwrap()
                    .iter()
                    .map(|&(n, written, indexed)| {
                        let mut post = bsky_post(n);
                        post["record"]["createdAt"] = json!(at(written));
                        post["indexedAt"] = json!(at(indexed));
                        (at(written).min(at(indexed)), post)
                    })
                    .filter(|(sort_at, _)| r.param("since").is_none_or(|s| sort_at.as_str() >= s))
                    .collect();
                found.sort_by(|a, b| b.0.cmp(&a.0));
                Reply::json(json!({"posts": found.into_iter().map(|(_, p)| p).collect::<Vec<_>>()}))
            }
            _ => Reply::json(json!({ "profiles": [] })),
        })
    };
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("bsky", SourceKind::Bluesky, &server.url);
    new.query = Some("portal".into());
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let r = collect::collect_now(&mut store, &secrets, "bsky", T0).unwrap();
    assert_eq!(r.new_posts, 3, "{r:?}");

    // Written at 10:02:40, before post 3, and indexed only after the sweep.
    posts.lock().unwrap().push((4, "02:40", "03:30"));
    let r = collect::collect_now(&mut store, &secrets, "bsky", T0 + 300).unwrap();
    assert_eq!((r.new_posts, r.duplicates), (1, 2), "{r:?}");
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM posts WHERE platform = 'bluesky'"
        ),
        4
    );
}

/// A workspace whose Bluesky source "bsky" searched a server answering `search` once: its first
/// sweep, with what it reported.
fn first_bluesky_sweep(
    search: impl Fn(&Request) -> Reply + Send + Sync + 'static,
) -> (tempfile::TempDir, Store, collect::RunReport) {
    let (_server, dir, mut store, secrets) = bluesky_search_source(search);
    let r = collect::collect_now(&mut store, &secrets, "bsky", T0).unwrap();
    (dir, store, r)
}

/// A workspace whose Bluesky source "bsky" searches a server answering `search`, not yet
/// collected; the server and the secrets live as long as the caller keeps them.
fn bluesky_search_source(
    search: impl Fn(&Request) -> Reply + Send + Sync + 'static,
) -> (FakeServer, tempfile::TempDir, Store, MemorySecrets) {
    let server = FakeServer::start(move |r: &Request| match r.path.as_str() {
        "/xrpc/com.atproto.server.createSession" => Reply::json(
            json!({"accessJwt": "jwt", "refreshJwt": "r", "did": "did:plc:me", "handle": "me"}),
        ),
        "/xrpc/app.bsky.feed.searchPosts" => search(r),
        _ => Reply::json(json!({ "profiles": [] })),
    });
    let (dir, _path, store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("bsky", SourceKind::Bluesky, &server.url);
    new.query = Some("portal".into());
    new.credential = credential(Some("me.bsky.social"), "app-pass");
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    (server, dir, store, secrets)
}

/// A first sweep takes the latest pages and stops, saying so; the platform's posts before them
/// were never seen, which the status must know (`unseen_history`).
#[test]
fn a_first_sweep_stops_after_its_pages_and_marks_what_came_before_as_unseen() {
    let (_dir, store, r) = first_bluesky_sweep(|r: &Request| {
        // An endless listing: page n holds post 60 - n and points to page n + 1.
        let n: u32 = r.param("cursor").map_or(0, |c| c.parse().unwrap());
        bsky_page(&[59 - n], Some(&(n + 1).to_string()))
    });
    assert_eq!(r.new_posts, 10, "{r:?}");
    assert!(
        r.notes[0].starts_with("started with the latest 10 pages"),
        "{r:?}"
    );
    // Unseen before the oldest post collected, 10:50.
    let first = Utc
        .with_ymd_and_hms(2026, 8, 29, 10, 50, 0)
        .unwrap()
        .timestamp();
    assert_eq!(
        store.unseen_before().unwrap(),
        [(townhall::model::Platform::Bluesky, first)]
    );
}

/// A search first found empty that then bursts: the next sweeps page down through the whole
/// burst, over as many runs as it takes, and the weeks before it are not marked unseen (which
/// would have made it too early to know what is normal, so no alert).
#[test]
fn a_search_first_found_empty_collects_the_whole_burst_that_follows() {
    let burst = Arc::new(Mutex::new(false));
    let listing = {
        let burst = burst.clone();
        move |r: &Request| match *burst.lock().unwrap() {
            false => bsky_page(&[], None),
            // 15 pages of one post each, posts 59 down to 45, then the listing ends.
            true => {
                let n: u32 = r.param("cursor").map_or(0, |c| c.parse().unwrap());
                let next = (n < 14).then(|| (n + 1).to_string());
                bsky_page(&[59 - n], next.as_deref())
            }
        }
    };
    let (_server, _dir, mut store, secrets) = bluesky_search_source(listing);
    let r = collect::collect_now(&mut store, &secrets, "bsky", T0).unwrap();
    assert_eq!(r.new_posts, 0, "{r:?}");
    let unseen = store.unseen_before().unwrap();

    *burst.lock().unwrap() = true;
    let mut collected = 0;
    for run in 1..=2 {
        let r = collect::collect_now(&mut store, &secrets, "bsky", T0 + run * 300).unwrap();
        assert!(
            !r.notes.iter().any(|n| n.starts_with("started with")),
            "{r:?}"
        );
        collected += r.new_posts;
    }
    assert_eq!(collected, 15);
    assert_eq!(store.unseen_before().unwrap(), unseen);
}

/// A first sweep that a repeated cursor stops saw only the latest posts too: the platform is
/// unseen before them, so they are no surge on weeks of silence.
#[test]
fn a_first_sweep_stopped_by_a_repeated_cursor_marks_what_came_before_as_unseen() {
    let (_dir, store, r) = first_bluesky_sweep(|r: &Request| match r.param("cursor") {
        None => bsky_page(&[59], Some("T1")),
        // The second page names itself as the next one.
        Some(_) => bsky_page(&[58], Some("T1")),
    });
    assert_eq!(r.new_posts, 2, "{r:?}");
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("cursor of an earlier page")
                && n.ends_with("earlier posts were not collected")),
        "{r:?}"
    );
    // Unseen before the oldest post collected, post 58's time.
    let oldest: i64 = store
        .conn()
        .query_row(
            "SELECT min(created_at) FROM posts WHERE platform = 'bluesky'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        store.unseen_before().unwrap(),
        [(townhall::model::Platform::Bluesky, oldest)]
    );
}

/// A first sweep a rate limit stops after its first page saw only the latest posts, as one cut
/// at its page limit does: the platform is unseen before them (without this, the next status
/// read the page's posts as a surge on weeks of silence).
#[test]
fn a_first_sweep_stopped_by_a_rate_limit_marks_what_came_before_as_unseen() {
    let (_dir, store, r) = first_bluesky_sweep(|r: &Request| match r.param("cursor") {
        None => bsky_page(&[58, 59], Some("2")),
        Some(_) => Reply::status(429, "Too many requests").header("Retry-After", 300),
    });
    assert_eq!(
        (r.new_posts, r.outcome.as_str()),
        (2, "rate_limited"),
        "{r:?}"
    );
    let oldest = Utc
        .with_ymd_and_hms(2026, 8, 29, 10, 58, 0)
        .unwrap()
        .timestamp();
    assert_eq!(
        store.unseen_before().unwrap(),
        [(townhall::model::Platform::Bluesky, oldest)]
    );
}

/// A listing that hands back a cursor it gave before would be paged in a circle: the sweep
/// ends there, says so, and the next one starts again from the newest posts.
#[test]
fn a_cursor_given_again_ends_the_sweep_and_the_next_starts_from_the_top() {
    let top: Arc<Mutex<Vec<u32>>> = Arc::new(Mutex::new(vec![9, 10]));
    let server = {
        let top = top.clone();
        FakeServer::start(move |r: &Request| match r.path.as_str() {
            "/xrpc/com.atproto.server.createSession" => Reply::json(
                json!({"accessJwt": "access-jwt-1234", "refreshJwt": "refresh-jwt-5678",
                       "did": "did:plc:me", "handle": "me.bsky.social"}),
            ),
            "/xrpc/app.bsky.feed.searchPosts" => match (r.param("since"), r.param("cursor")) {
                (None, _) => bsky_page(&[5, 6, 7], None),
                // Every older page names itself as the next one.
                (Some(_), None) => bsky_page(&top.lock().unwrap(), Some("SAME")),
                (Some(_), Some(_)) => bsky_page(&[8, 9], Some("SAME")),
            },
            "/xrpc/app.bsky.actor.getProfiles" => Reply::json(json!({ "profiles": [] })),
            _ => Reply::status(404, "not found"),
        })
    };
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("bsky", SourceKind::Bluesky, &server.url);
    new.query = Some("portal".into());
    new.credential = credential(Some("me.bsky.social"), "app-pass-secret-1");
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    collect::collect_due(&mut store, &secrets, T0, &no_cancel()).unwrap();

    server.clear();
    let r = &collect::collect_due(&mut store, &secrets, T0 + 300, &no_cancel()).unwrap()[0];
    assert_eq!(r.new_posts, 3, "{r:?}");
    assert_eq!(
        server.to("searchPosts").len(),
        2,
        "the top page and one older page"
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("cursor of an earlier page")
                && n.contains("newer than 2026-08-29T10:06:00.000Z may not have been collected")),
        "{r:?}"
    );
    // Post 11 on top: the next sweep asks for the newest posts, not for the same page again.
    *top.lock().unwrap() = vec![10, 11];
    let r = &collect::collect_due(&mut store, &secrets, T0 + 600, &no_cancel()).unwrap()[0];
    assert_eq!(r.new_posts, 1, "{r:?}");
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM posts WHERE platform = 'bluesky'"
        ),
        7
    );
}

#[test]
fn a_refused_app_password_pauses_the_source_with_a_plain_message_and_no_retry() {
    let server = bluesky_server("the-right-one");
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("bsky", SourceKind::Bluesky, &server.url);
    new.query = Some("portal".into());
    new.credential = credential(Some("me.bsky.social"), "a-wrong-password");
    collect::add_source(&store, &secrets, &new, T0).unwrap();

    let r = collect::collect_due(&mut store, &secrets, T0, &no_cancel())
        .unwrap()
        .remove(0);
    assert_eq!((r.outcome.as_str(), r.paused), ("refused", true));
    assert!(
        r.errors[0].contains("Bluesky refused the app password"),
        "{:?}",
        r.errors
    );
    assert!(r.errors.iter().all(|e| !e.contains("a-wrong-password")));
    let status = collect::source_status(&store, "bsky", T0 + 60).unwrap();
    assert_eq!(status.health, Health::Paused);
    assert!(
        status
            .status
            .starts_with("Bluesky refused the app password"),
        "{}",
        status.status
    );
    // Paused: never tried again on its own, and "collect now" says why.
    let before = server.requests().len();
    assert!(
        collect::collect_due(&mut store, &secrets, T0 + 86_400, &no_cancel())
            .unwrap()
            .is_empty()
    );
    assert_eq!(server.requests().len(), before);
    let err = collect::collect_now(&mut store, &secrets, "bsky", T0 + 86_400).unwrap_err();
    assert!(err.to_string().contains("paused"), "{err}");
}

#[test]
fn bluesky_refusing_unauthenticated_search_says_so_in_words() {
    let server = bluesky_server("unused");
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("bsky-public", SourceKind::Bluesky, &server.url);
    new.query = Some("portal".into());
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let r = collect::collect_now(&mut store, &secrets, "bsky-public", T0).unwrap();
    assert!(r.paused);
    let status = collect::source_status(&store, "bsky-public", T0).unwrap();
    assert!(
        status.status.contains("without signing in"),
        "{}",
        status.status
    );
    assert!(status.status.contains("app password"), "{}", status.status);
}

/// A rate limit said to be over already (a reset of 0 s) is waited out as a failure is, not
/// asked again every second.
#[test]
fn a_rate_limit_that_is_over_already_is_not_asked_again_at_once() {
    let server = FakeServer::start(|_: &Request| {
        Reply::status(429, "Too many requests").header("Retry-After", 0)
    });
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("masto", SourceKind::Mastodon, &server.url);
    new.target = Some("#portaldown".into());
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let r = collect::collect_now(&mut store, &secrets, "masto", T0).unwrap();
    assert_eq!(r.outcome, "rate_limited", "{r:?}");
    // Not due a second later, nor before the backoff of a first failure (a minute, give or
    // take a fifth).
    for later in [T0 + 1, T0 + 45] {
        assert!(
            collect::collect_due(&mut store, &secrets, later, &no_cancel())
                .unwrap()
                .is_empty(),
            "asked again at {}",
            later - T0
        );
    }
    assert_eq!(server.requests().len(), 1);
}

// ---- Mastodon ----

fn status_json(id: u64) -> Value {
    json!({
        "id": id.to_string(),
        "uri": format!("https://campus.example/users/u{}/statuses/{id}", id % 5),
        "url": format!("https://campus.example/@u{}/{id}", id % 5),
        "created_at": "2026-08-29T10:00:00.000Z",
        "content": format!("<p>portal outage again, status {id}</p>"),
        "language": "en",
        "account": {"uri": format!("https://campus.example/users/u{}", id % 5),
                    "acct": format!("u{}", id % 5), "display_name": "", "followers_count": 40},
        "favourites_count": 1, "reblogs_count": 0, "replies_count": 0
    })
}

/// Statuses just after `min_id` (the API's `min_id` paging), newest first, up to `limit`.
fn statuses_after(min_id: Option<u64>, newest: u64, limit: usize) -> Reply {
    let ids: Vec<u64> = match min_id {
        None => (newest.saturating_sub(2)..=newest).collect(),
        Some(m) => ((m + 1)..=newest).take(limit).collect(),
    };
    Reply::json(Value::Array(
        ids.into_iter().rev().map(status_json).collect(),
    ))
}

/// A Mastodon search answers newest first, `min_id` and `max_id` only filtering, as the
/// server's search does: 110 statuses matching between two runs are all collected (but one the
/// server leaves out of a page, which is then short), swept down page by page with `max_id` to
/// the newest of the run before (paged forward with `min_id`, all but the newest 40 were lost).
/// A search cursor of an earlier release is carried on from.
#[test]
fn a_mastodon_search_is_swept_down_to_the_last_run_s_newest() {
    let newest = Arc::new(Mutex::new(10u64));
    let server = {
        let newest = newest.clone();
        FakeServer::start(move |r| {
            assert_eq!(r.path, "/api/v2/search");
            assert_eq!(r.param("type"), Some("statuses"));
            let after = r.param("min_id").map_or(0, |m| m.parse().unwrap());
            let before = r.param("max_id").map_or(u64::MAX, |m| m.parse().unwrap());
            let limit: usize = r.param("limit").unwrap().parse().unwrap();
            let top = *newest.lock().unwrap();
            let ids: Vec<Value> = (1..=top)
                .rev()
                .filter(|&id| id > after && id < before)
                .take(limit)
                // Left out after counting (an account blocked or gone): a short page.
                .filter(|&id| id != 100)
                .map(status_json)
                .collect();
            Reply::json(json!({ "accounts": [], "statuses": ids, "hashtags": [] }))
        })
    };
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("masto", SourceKind::Mastodon, &server.url);
    new.query = Some("portal".into());
    new.credential = credential(None, "masto-token");
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let first = collect::collect_now(&mut store, &secrets, "masto", T0).unwrap();
    assert_eq!((first.new_posts, first.pages), (10, 1), "{first:?}");

    *newest.lock().unwrap() = 120;
    let second = collect::collect_now(&mut store, &secrets, "masto", T0 + 600).unwrap();
    assert_eq!((second.new_posts, second.pages), (109, 3), "{second:?}");
    let third = collect::collect_now(&mut store, &secrets, "masto", T0 + 1200).unwrap();
    assert_eq!((third.new_posts, third.duplicates), (0, 0), "{third:?}");

    // A cursor of an earlier release, `min_id` only: the sweep stops at that status.
    store
        .conn()
        .execute(
            "UPDATE sources SET cursor = '{\"min_id\": \"115\"}' WHERE name = 'masto'",
            [],
        )
        .unwrap();
    *newest.lock().unwrap() = 130;
    let resumed = collect::collect_now(&mut store, &secrets, "masto", T0 + 1800).unwrap();
    assert_eq!(
        (resumed.new_posts, resumed.duplicates),
        (10, 5),
        "{resumed:?}"
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM posts WHERE platform = 'mastodon'"
        ),
        129
    );
}

/// Only a source's first collection (nothing saved of an earlier one) can begin its platform's
/// unseen history: a later run that fails after a page of newer posts does not move it up to
/// them, which would keep every topic on the platform "too early to know".
#[test]
fn a_later_run_that_fails_leaves_the_unseen_history_where_the_first_run_put_it() {
    let server = FakeServer::start(|r| match r.param("min_id") {
        None => statuses_after(Some(960), 1_000, 40),
        Some("1000") => statuses_after(Some(1_000), 1_100, 40),
        Some(_) => Reply::status(502, "bad gateway"),
    });
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("masto", SourceKind::Mastodon, &server.url);
    new.target = Some("portaldown".into());
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let first = collect::collect_now(&mut store, &secrets, "masto", T0).unwrap();
    assert_eq!(first.new_posts, 40, "{first:?}");
    let unseen = store.unseen_before().unwrap();
    assert_eq!(unseen.len(), 1, "a full first page was cut short");
    let second = collect::collect_now(&mut store, &secrets, "masto", T0 + 300).unwrap();
    assert_eq!(
        (second.new_posts, second.outcome.as_str()),
        (40, "server"),
        "{second:?}"
    );
    assert_eq!(store.unseen_before().unwrap(), unseen);
}

#[test]
fn mastodon_pages_forward_with_min_id_and_resumes_after_a_restart() {
    let newest = Arc::new(Mutex::new(1_003u64));
    let fail_next = Arc::new(AtomicBool::new(false));
    let server = {
        let (newest, fail_next) = (newest.clone(), fail_next.clone());
        FakeServer::start(move |r| {
            if fail_next.swap(false, Ordering::SeqCst) {
                return Reply::status(500, "oops");
            }
            assert_eq!(r.path, "/api/v1/timelines/tag/portaldown");
            let min_id = r.param("min_id").map(|m| m.parse().unwrap());
            statuses_after(
                min_id,
                *newest.lock().unwrap(),
                r.param("limit").unwrap().parse().unwrap(),
            )
        })
    };
    let (_dir, path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("masto", SourceKind::Mastodon, &server.url);
    new.target = Some("#portaldown".into());
    collect::add_source(&store, &secrets, &new, T0).unwrap();

    let r = collect::collect_now(&mut store, &secrets, "masto", T0).unwrap();
    assert_eq!(r.new_posts, 3);
    assert_eq!(server.requests()[0].param("min_id"), None);
    drop(store);

    // 85 posts later, after a restart: three pages (40, 40, 5) from the saved cursor.
    *newest.lock().unwrap() = 1_088;
    let mut store = Store::open(&path).unwrap();
    let r = collect::collect_due(&mut store, &secrets, T0 + 300, &no_cancel())
        .unwrap()
        .remove(0);
    assert_eq!((r.new_posts, r.duplicates, r.pages), (85, 0, 3), "{r:?}");
    let asked: Vec<_> = server.requests()[1..]
        .iter()
        .map(|r| r.param("min_id").unwrap().to_string())
        .collect();
    assert_eq!(asked, ["1003", "1043", "1083"]);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM posts WHERE platform = 'mastodon'"
        ),
        88
    );
    // Followers came with each status's account.
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM authors WHERE platform = 'mastodon' AND followers = 40"
        ),
        5
    );

    // 500, then success at the next attempt, which backoff puts about a minute later.
    fail_next.store(true, Ordering::SeqCst);
    *newest.lock().unwrap() = 1_090;
    let r = collect::collect_due(&mut store, &secrets, T0 + 600, &no_cancel())
        .unwrap()
        .remove(0);
    assert_eq!(r.outcome, "server");
    assert!(
        (T0 + 600 + 48..=T0 + 600 + 72).contains(&r.next_attempt),
        "{}",
        r.next_attempt
    );
    let status = collect::source_status(&store, "masto", T0 + 610).unwrap();
    assert_eq!(status.health, Health::Failing);
    assert!(status.status.contains("HTTP 500"), "{}", status.status);
    assert!(
        collect::collect_due(&mut store, &secrets, r.next_attempt - 1, &no_cancel())
            .unwrap()
            .is_empty()
    );
    let ok = collect::collect_due(&mut store, &secrets, r.next_attempt, &no_cancel())
        .unwrap()
        .remove(0);
    assert_eq!((ok.outcome.as_str(), ok.new_posts), ("ok", 2));
}

/// A hashtag first found empty that then bursts: every status of the burst is collected, and
/// the weeks before it are not marked unseen (which would have made it too early to know what
/// is normal, so no alert).
#[test]
fn a_hashtag_first_found_empty_collects_the_whole_burst_that_follows() {
    let newest = Arc::new(Mutex::new(None::<u64>));
    let server = {
        let newest = newest.clone();
        FakeServer::start(move |r| {
            let min_id: Option<u64> = r.param("min_id").map(|m| m.parse().unwrap());
            match *newest.lock().unwrap() {
                None => Reply::json(json!([])),
                // A burst of 150 statuses, ids 1 to 150, paged forward from `min_id`.
                Some(newest) => Reply::json(Value::Array(
                    match min_id {
                        None => (newest.saturating_sub(39)..=newest).collect::<Vec<_>>(),
                        Some(m) => ((m + 1)..=newest).take(40).collect(),
                    }
                    .into_iter()
                    .rev()
                    .map(status_json)
                    .collect(),
                )),
            }
        })
    };
    let (_dir, _path, mut store) = workspace();
    let unseen = store.unseen_before().unwrap();
    let secrets = MemorySecrets::new();
    let mut new = source("tag", SourceKind::Mastodon, &server.url);
    new.target = Some("#schoolmaxdown".into());
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let r = collect::collect_now(&mut store, &secrets, "tag", T0).unwrap();
    assert_eq!(r.new_posts, 0);

    *newest.lock().unwrap() = Some(150);
    let mut collected = 0;
    for run in 1..=3 {
        let r = collect::collect_now(&mut store, &secrets, "tag", T0 + run * 300).unwrap();
        collected += r.new_posts;
    }
    assert_eq!(collected, 150);
    assert_eq!(store.unseen_before().unwrap(), unseen);
    assert_eq!(server.requests()[1].param("min_id"), Some("0"));
}

#[test]
fn mastodon_search_needs_an_access_token() {
    let mut new = source("masto", SourceKind::Mastodon, "https://campus.example");
    new.query = Some("portal".into());
    let (_dir, _path, store) = workspace();
    let err = collect::add_source(&store, &MemorySecrets::new(), &new, T0).unwrap_err();
    assert!(err.to_string().contains("access token"), "{err}");
}

/// An instance closed to visitors answers a hashtag without a token with 401: the source is
/// told it needs one, not that its (absent) token was refused.
#[test]
fn a_mastodon_instance_closed_to_visitors_asks_for_a_token() {
    let server = FakeServer::start(|_: &Request| {
        Reply::status(
            401,
            r#"{"error":"This API requires an authenticated user"}"#,
        )
    });
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("masto", SourceKind::Mastodon, &server.url);
    new.target = Some("#portaldown".into());
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let r = collect::collect_now(&mut store, &secrets, "masto", T0).unwrap();
    assert!(r.paused, "{r:?}");
    let status = collect::source_status(&store, "masto", T0).unwrap().status;
    assert!(status.contains("only signed-in accounts"), "{status}");
    assert!(!status.contains("refused the access token"), "{status}");
}

#[test]
fn a_feed_or_a_folder_takes_no_query_that_nothing_would_use() {
    let (dir, _path, store) = workspace();
    let folder = dir.path().display().to_string();
    for (kind, url) in [
        (SourceKind::Feed, "https://news.example/rss"),
        (SourceKind::Folder, folder.as_str()),
    ] {
        let mut new = source("s", kind, url);
        new.target = Some("portal".into());
        let err = collect::add_source(&store, &MemorySecrets::new(), &new, T0).unwrap_err();
        assert!(
            err.to_string().contains("takes no query or hashtag"),
            "{err}"
        );
    }
}

/// A source is read at most once a minute and at least once every 30 days: a larger interval
/// once wrapped around to "due at once", every second.
#[test]
fn an_interval_is_between_a_minute_and_thirty_days() {
    let (_dir, _path, store) = workspace();
    let secrets = MemorySecrets::new();
    for (secs, why) in [
        (59, "at most once a minute"),
        (30 * 86_400 + 1, "at least once every 30 days"),
        (i64::MAX - 1_000, "at least once every 30 days"),
    ] {
        let mut new = source("n1", SourceKind::Feed, "https://news.example/rss");
        new.interval_secs = Some(secs);
        let err = collect::add_source(&store, &secrets, &new, T0).unwrap_err();
        assert!(err.to_string().contains(why), "{secs}: {err}");
    }
    let mut new = source("n1", SourceKind::Feed, "https://news.example/rss");
    new.interval_secs = Some(30 * 86_400);
    assert_eq!(
        collect::add_source(&store, &secrets, &new, T0)
            .unwrap()
            .interval_secs,
        30 * 86_400
    );
}

// ---- Reddit ----

fn thing(kind: &str, n: u32, created: i64) -> Value {
    let data = if kind == "t3" {
        json!({"id": format!("p{n}"), "name": format!("t3_p{n}"), "title": format!("Portal down {n}"),
               "selftext": "", "author": format!("user{n}"), "created_utc": created, "score": 3,
               "num_comments": 1, "permalink": format!("/r/uni/comments/p{n}/")})
    } else {
        json!({"id": format!("c{n}"), "name": format!("t1_c{n}"), "body": format!("same here {n}"),
               "author": format!("user{n}"), "created_utc": created, "score": 1,
               "parent_id": "t3_p1", "permalink": format!("/r/uni/comments/p1/c{n}/")})
    };
    json!({"kind": kind, "data": data})
}

fn listing(children: Vec<Value>, after: Option<&str>) -> Reply {
    Reply::json(json!({"kind": "Listing", "data": {"after": after, "children": children}}))
}

#[test]
fn reddit_gets_a_token_pages_with_after_and_waits_when_the_allowance_is_spent() {
    let server = FakeServer::start(|r| match r.path.as_str() {
        "/api/v1/access_token" => {
            // HTTP basic auth with the app's client id and secret.
            assert!(r.header("authorization").unwrap().starts_with("Basic "));
            assert!(String::from_utf8_lossy(&r.body).contains("grant_type=client_credentials"));
            Reply::json(
                json!({"access_token": "reddit-token-99", "token_type": "bearer", "expires_in": 3600}),
            )
        }
        "/r/uni/new" => {
            assert_eq!(r.header("authorization"), Some("Bearer reddit-token-99"));
            assert!(r.header("user-agent").unwrap().starts_with("townhall:"));
            match r.param("after") {
                None => listing(
                    vec![thing("t3", 6, T0 - 60), thing("t3", 5, T0 - 120)],
                    Some("t3_p5"),
                ),
                Some("t3_p5") => listing(
                    vec![thing("t3", 4, T0 - 180), thing("t3", 3, T0 - 240)],
                    Some("t3_p3"),
                )
                .header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-reset", "420"),
                Some("t3_p3") => listing(
                    vec![thing("t3", 2, T0 - 300), thing("t3", 1, T0 - 360)],
                    None,
                ),
                other => panic!("unexpected page {other:?}"),
            }
        }
        "/r/uni/comments" => listing(vec![thing("t1", 1, T0 - 30)], None),
        _ => Reply::status(404, ""),
    });
    let (_dir, path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("reddit", SourceKind::Reddit, &server.url);
    new.target = Some("r/uni".into());
    new.credential = credential(Some("client-id-1"), "client-secret-77");
    collect::add_source(&store, &secrets, &new, T0).unwrap();

    let r = collect::collect_now(&mut store, &secrets, "reddit", T0).unwrap();
    assert_eq!((r.outcome.as_str(), r.new_posts), ("ok", 4), "{r:?}");
    // X-Ratelimit-Remaining 0: the run stopped and the next attempt waits for the reset.
    assert_eq!(r.next_attempt, T0 + 420);
    assert!(server.to("/comments").is_empty());
    let r = collect::collect_due(&mut store, &secrets, T0 + 420, &no_cancel())
        .unwrap()
        .remove(0);
    assert_eq!(r.new_posts, 3, "{r:?}");
    assert_eq!(
        server.to("/r/uni/new").last().unwrap().param("after"),
        Some("t3_p3")
    );
    assert_eq!(
        server.to("access_token").len(),
        1,
        "the token is kept until it expires"
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM posts WHERE platform = 'reddit'"
        ),
        7
    );
    drop(store);
    let bytes = store_bytes(&path);
    assert!(!contains(&bytes, "client-secret-77") && !contains(&bytes, "reddit-token-99"));
}

/// A sweep stopped by the rate limit saves its next page, named by its oldest post; Reddit lists
/// nothing after a post deleted since. The next run starts the sweep again from the newest
/// posts, down to the same watermark, instead of taking the empty page for the end and losing
/// the posts between.
#[test]
fn a_sweep_whose_saved_page_comes_back_empty_starts_again_from_the_top() {
    let phase = Arc::new(AtomicUsize::new(0));
    let server = {
        let phase = phase.clone();
        FakeServer::start(move |r| match r.path.as_str() {
            "/api/v1/access_token" => Reply::json(
                json!({"access_token": "t", "token_type": "bearer", "expires_in": 3600}),
            ),
            "/r/uni/new" => match (phase.load(Ordering::SeqCst), r.param("after")) {
                (0, None) => listing(
                    vec![thing("t3", 2, T0 - 120), thing("t3", 1, T0 - 180)],
                    None,
                ),
                (1, None) => listing(
                    vec![thing("t3", 6, T0 + 500), thing("t3", 5, T0 + 400)],
                    Some("t3_p5"),
                )
                .header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-reset", "60"),
                // p5 deleted: nothing is listed after it.
                (_, Some("t3_p5")) => listing(vec![], None),
                (_, None) => listing(
                    vec![thing("t3", 6, T0 + 500), thing("t3", 4, T0 + 300)],
                    Some("t3_p4"),
                ),
                (_, Some("t3_p4")) => listing(
                    vec![thing("t3", 3, T0 + 200), thing("t3", 2, T0 - 120)],
                    Some("t3_p2"),
                ),
                other => panic!("unexpected page {other:?}"),
            },
            _ => listing(vec![], None),
        })
    };
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("reddit", SourceKind::Reddit, &server.url);
    new.target = Some("r/uni".into());
    new.credential = credential(Some("id"), "secret");
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let r = collect::collect_now(&mut store, &secrets, "reddit", T0).unwrap();
    assert_eq!((r.outcome.as_str(), r.new_posts), ("ok", 2), "{r:?}");

    phase.store(1, Ordering::SeqCst);
    let r = collect::collect_now(&mut store, &secrets, "reddit", T0 + 600).unwrap();
    assert_eq!(r.new_posts, 2, "{r:?}");

    phase.store(2, Ordering::SeqCst);
    let r = collect::collect_now(&mut store, &secrets, "reddit", T0 + 700).unwrap();
    assert_eq!((r.outcome.as_str(), r.new_posts), ("ok", 2), "{r:?}");
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("started again from the newest posts")),
        "{r:?}"
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM posts WHERE platform = 'reddit'"
        ),
        6,
        "p1 to p6, none lost"
    );
}

/// A subreddit gone private answers the accepted token 403 with its reason: the run fails and
/// is tried again later, the source not paused and its credential not blamed; once the
/// subreddit opens, collection resumes by itself.
#[test]
fn a_private_subreddit_is_tried_again_later_not_blamed_on_the_credential() {
    let private = Arc::new(AtomicBool::new(true));
    let server = {
        let private = private.clone();
        FakeServer::start(move |r| match r.path.as_str() {
            "/api/v1/access_token" => Reply::json(
                json!({"access_token": "reddit-token-99", "token_type": "bearer", "expires_in": 3600}),
            ),
            _ if private.load(Ordering::SeqCst) => Reply::status(
                403,
                r#"{"reason": "private", "message": "Forbidden", "error": 403}"#,
            ),
            "/r/uni/new" => listing(vec![thing("t3", 6, T0 - 60)], None),
            _ => listing(vec![], None),
        })
    };
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("reddit", SourceKind::Reddit, &server.url);
    new.target = Some("r/uni".into());
    new.credential = credential(Some("client-id-1"), "client-secret-77");
    collect::add_source(&store, &secrets, &new, T0).unwrap();

    let r = collect::collect_now(&mut store, &secrets, "reddit", T0).unwrap();
    assert!(!r.paused, "{r:?}");
    let status = collect::source_status(&store, "reddit", T0 + 10).unwrap();
    assert_eq!(status.health, Health::Failing, "{}", status.status);
    assert!(
        status.status.contains("subreddit is private"),
        "{}",
        status.status
    );
    assert!(!status.status.contains("client id"), "{}", status.status);

    private.store(false, Ordering::SeqCst);
    let r = collect::collect_due(&mut store, &secrets, r.next_attempt, &no_cancel())
        .unwrap()
        .remove(0);
    assert_eq!((r.outcome.as_str(), r.new_posts), ("ok", 1), "{r:?}");
}

// ---- X ----

fn tweet_page(ids: &[u64], next: Option<&str>) -> Reply {
    let data: Vec<Value> = ids
        .iter()
        .map(|id| json!({"id": id.to_string(), "text": format!("portal down {id}"), "author_id": "42",
                          "created_at": "2026-08-29T09:00:00.000Z", "lang": "en",
                          "public_metrics": {"like_count": 1, "retweet_count": 0, "reply_count": 0, "quote_count": 0}}))
        .collect();
    let mut meta = json!({"result_count": ids.len(), "newest_id": ids.iter().max().map(|i| i.to_string()),
                          "oldest_id": ids.iter().min().map(|i| i.to_string())});
    if let Some(n) = next {
        meta["next_token"] = json!(n);
    }
    // Pretty-printed on purpose: a real answer spans lines, a twarc2 page is one line.
    let page = json!({"data": data, "includes": {"users": [{"id": "42", "username": "student42", "name": "S",
                      "public_metrics": {"followers_count": 1200}}]}, "meta": meta});
    Reply::status(200, serde_json::to_string_pretty(&page).unwrap())
}

/// A next page the server built around the credential is not kept in the workspace: stopped
/// there by a rate limit, the sweep starts again from the newest posts next time, rather than
/// asking for a page it can only name with the credential blanked (and failing for ever).
#[test]
fn x_does_not_resume_at_a_page_named_by_the_credential() {
    let limited = Arc::new(AtomicBool::new(true));
    let server = {
        let limited = limited.clone();
        FakeServer::start(move |r| match r.param("next_token") {
            None => tweet_page(&[105, 104], Some("tok_x-bearer-token-5")),
            Some("tok_x-bearer-token-5") if limited.swap(false, Ordering::SeqCst) => {
                Reply::status(429, r#"{"title":"Too Many Requests"}"#)
                    .header("x-rate-limit-reset", T0 + 60)
            }
            Some("tok_x-bearer-token-5") => tweet_page(&[103], None),
            Some(other) => Reply::status(400, format!(r#"{{"title":"bad token {other}"}}"#)),
        })
    };
    let (_dir, path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("x", SourceKind::X, &server.url);
    new.query = Some("portal".into());
    new.credential = credential(None, "x-bearer-token-5");
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let first = collect::collect_now(&mut store, &secrets, "x", T0).unwrap();
    assert_eq!(
        (first.outcome.as_str(), first.new_posts),
        ("rate_limited", 2)
    );
    server.clear();
    let second = collect::collect_now(&mut store, &secrets, "x", T0 + 120).unwrap();
    assert_eq!(
        (second.outcome.as_str(), second.new_posts),
        ("ok", 1),
        "{second:?}"
    );
    let asked: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.param("next_token").map(str::to_string))
        .collect();
    assert_eq!(asked, [None, Some("tok_x-bearer-token-5".to_string())]);
    drop(store);
    assert!(!contains(&store_bytes(&path), "x-bearer-token-5"));
}

#[test]
fn x_obeys_429_with_its_reset_time_then_pages_with_next_token_and_since_id() {
    let limited = Arc::new(AtomicBool::new(true));
    let server = {
        let limited = limited.clone();
        FakeServer::start(move |r| {
            assert_eq!(r.path, "/2/tweets/search/recent");
            assert_eq!(r.header("authorization"), Some("Bearer x-bearer-token-5"));
            assert!(r.param("expansions").unwrap().contains("author_id"));
            if limited.swap(false, Ordering::SeqCst) {
                return Reply::status(429, r#"{"title":"Too Many Requests"}"#)
                    .header("x-rate-limit-reset", T0 + 900);
            }
            match (r.param("since_id"), r.param("next_token")) {
                (None, None) => tweet_page(&[105, 104], Some("n2")),
                (None, Some("n2")) => tweet_page(&[103, 102], Some("n3")),
                (None, Some("n3")) => tweet_page(&[101], None),
                (Some("105"), None) => tweet_page(&[], None),
                other => panic!("unexpected {other:?}"),
            }
        })
    };
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("x", SourceKind::X, &server.url);
    new.query = Some("portal -is:retweet".into());
    new.credential = credential(None, "x-bearer-token-5");
    collect::add_source(&store, &secrets, &new, T0).unwrap();

    let r = collect::collect_due(&mut store, &secrets, T0, &no_cancel())
        .unwrap()
        .remove(0);
    assert_eq!(
        (r.outcome.as_str(), r.next_attempt),
        ("rate_limited", T0 + 900)
    );
    let status = collect::source_status(&store, "x", T0 + 300).unwrap();
    assert_eq!(status.health, Health::Waiting);
    assert!(
        status.status.contains("rate limit") && status.status.contains("10 min"),
        "{}",
        status.status
    );
    // Neither the schedule nor "collect now" asks before the reset.
    assert!(
        collect::collect_due(&mut store, &secrets, T0 + 899, &no_cancel())
            .unwrap()
            .is_empty()
    );
    assert!(collect::collect_now(&mut store, &secrets, "x", T0 + 899).is_err());
    assert_eq!(server.requests().len(), 1);

    let r = collect::collect_due(&mut store, &secrets, T0 + 900, &no_cancel())
        .unwrap()
        .remove(0);
    assert_eq!(
        (r.outcome.as_str(), r.new_posts, r.pages),
        ("ok", 5, 3),
        "{r:?}"
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM authors WHERE platform = 'twitter' AND followers = 1200"
        ),
        1
    );
    let r = collect::collect_due(&mut store, &secrets, T0 + 1200, &no_cancel())
        .unwrap()
        .remove(0);
    assert_eq!((r.outcome.as_str(), r.new_posts), ("ok", 0));
    assert_eq!(
        server.requests().last().unwrap().param("since_id"),
        Some("105")
    );
}

/// A quiet search whose newest post is about to leave recent search's 7 days: X answers 400 to
/// a `since_id` older than that, so the next run asks from 7 days back instead, and collects.
#[test]
fn x_asks_from_seven_days_back_once_its_newest_post_is_older() {
    // A snowflake of the time `at` (unix seconds).
    let snowflake = |at: i64| ((at as u64 * 1000 - 1_288_834_974_657) << 22).to_string();
    let old = snowflake(T0 - 7 * 86_400 + 40);
    let server = {
        let old = old.clone();
        FakeServer::start(
            move |r| match (r.param("since_id"), r.param("start_time")) {
                (Some(since), _) if since == old => Reply::status(
                    400,
                    r#"{"errors":[{"message":"Invalid 'since_id': must be within the last 7 days"}]}"#,
                ),
                (None, Some(_)) => tweet_page(&[], None),
                (None, None) => tweet_page(&[old.parse().unwrap()], None),
                other => panic!("unexpected {other:?}"),
            },
        )
    };
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("x", SourceKind::X, &server.url);
    new.query = Some("portal".into());
    new.credential = credential(None, "x-bearer-token-5");
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let first = collect::collect_now(&mut store, &secrets, "x", T0).unwrap();
    assert_eq!((first.outcome.as_str(), first.new_posts), ("ok", 1));
    let later = collect::collect_now(&mut store, &secrets, "x", T0 + 120).unwrap();
    assert_eq!(later.outcome.as_str(), "ok", "{later:?}");
    assert!(server.requests()[1].param("start_time").is_some());
}

// ---- Feeds ----

#[test]
fn a_feed_becomes_news_posts_by_the_site_and_is_asked_again_conditionally() {
    let rss = std::fs::read(fixture("collect/news.rss")).unwrap();
    let server = FakeServer::start(move |r| {
        if r.header("if-none-match") == Some("\"v1\"") {
            Reply::status(304, "")
        } else {
            Reply::status(200, rss.clone()).header("etag", "\"v1\"")
        }
    });
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let url = format!("{}/news.rss", server.url);
    collect::add_source(
        &store,
        &secrets,
        &source("courier", SourceKind::Feed, &url),
        T0,
    )
    .unwrap();
    let r = collect::collect_now(&mut store, &secrets, "courier", T0).unwrap();
    assert_eq!((r.new_posts, r.skipped), (2, 1), "{r:?}");
    assert!(
        r.errors[0].contains("without a publication date"),
        "{:?}",
        r.errors
    );
    let (handle, name, followers): (String, String, Option<i64>) = store
        .conn()
        .query_row(
            "SELECT a.handle, a.name, a.followers FROM posts p JOIN authors a ON a.id = p.author
             WHERE p.platform = 'news' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (handle.as_str(), name.as_str(), followers),
        ("courier.example.org", "Riverside Courier", None)
    );
    let text: String = store
        .conn()
        .query_row(
            "SELECT text FROM posts WHERE url LIKE '%portal-down'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        text,
        "Student portal down for a second day\n\nStudents say they cannot register for classes."
    );
    let r = collect::collect_due(&mut store, &secrets, T0 + 300, &no_cancel())
        .unwrap()
        .remove(0);
    assert_eq!((r.outcome.as_str(), r.new_posts, r.pages), ("ok", 0, 0));
}

/// "Older items may have dropped off" is said of a feed whose items are all new only when it
/// brought items before: not on the first items of a feed first fetched empty.
#[test]
fn a_feed_first_fetched_empty_is_not_said_to_have_dropped_items() {
    let rss = String::from_utf8(std::fs::read(fixture("collect/news.rss")).unwrap()).unwrap();
    let empty = Arc::new(AtomicBool::new(true));
    let server = {
        let empty = empty.clone();
        FakeServer::start(move |_| {
            if empty.load(Ordering::SeqCst) {
                let start = rss.find("<item>").unwrap();
                let end = rss.rfind("</item>").unwrap() + "</item>".len();
                Reply::status(200, format!("{}{}", &rss[..start], &rss[end..]))
            } else {
                Reply::status(200, rss.clone())
            }
        })
    };
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let url = format!("{}/news.rss", server.url);
    collect::add_source(
        &store,
        &secrets,
        &source("courier", SourceKind::Feed, &url),
        T0,
    )
    .unwrap();
    let r = collect::collect_now(&mut store, &secrets, "courier", T0).unwrap();
    assert_eq!((r.outcome.as_str(), r.new_posts), ("ok", 0), "{r:?}");
    empty.store(false, Ordering::SeqCst);
    let r = collect::collect_now(&mut store, &secrets, "courier", T0 + 300).unwrap();
    assert_eq!(r.new_posts, 2, "{r:?}");
    assert!(r.notes.is_empty(), "{r:?}");
}

/// Two programs collecting one workspace (the app and `townhall watch`) run a source one at a
/// time: a source another program is running is left to it, without a request; one another
/// program ran after this one read the sources is not run again on that old reading (whose
/// cursor would undo the other run's); a claim a crashed program left lapses.
#[test]
fn a_source_another_program_is_running_is_left_to_it() {
    let rss = std::fs::read(fixture("collect/news.rss")).unwrap();
    let (_dir, path, mut store) = workspace();
    let other = Arc::new(Mutex::new(Store::open(&path).unwrap()));
    let feed_b = {
        let rss = rss.clone();
        FakeServer::start(move |_| Reply::status(200, rss.clone()))
    };
    // While this program asks for feed a the first time, the other collects feed b.
    let feed_a = {
        let other = other.clone();
        let first = AtomicBool::new(true);
        FakeServer::start(move |_| {
            if first.swap(false, Ordering::SeqCst) {
                let mut other = other.lock().unwrap();
                let b = collect::collect_now(&mut other, &MemorySecrets::new(), "b", T0);
                assert_eq!(
                    b.map(|b| b.outcome).map_err(|e| e.to_string()),
                    Ok("ok".into())
                );
            }
            Reply::status(200, rss.clone())
        })
    };
    let secrets = MemorySecrets::new();
    for (name, server) in [("a", &feed_a), ("b", &feed_b)] {
        let url = format!("{}/{name}.rss", server.url);
        collect::add_source(&store, &secrets, &source(name, SourceKind::Feed, &url), T0).unwrap();
    }
    let ran = collect::collect_due(&mut store, &secrets, T0, &no_cancel()).unwrap();
    let names: Vec<&str> = ran.iter().map(|r| r.source.as_str()).collect();
    assert_eq!(names, ["a"], "b was run by the other program meanwhile");
    assert_eq!(feed_b.requests().len(), 1);

    // The other program holds b: it is left to it, without a request.
    let b = collect::list_sources(&store, T0).unwrap()[1].source.id;
    let later = T0 + 3_600;
    assert!(collect::lease::claim(other.lock().unwrap().conn(), b, later).unwrap());
    let ran = collect::collect_due(&mut store, &secrets, later, &no_cancel()).unwrap();
    let names: Vec<&str> = ran.iter().map(|r| r.source.as_str()).collect();
    assert_eq!(names, ["a"]);
    assert_eq!(feed_b.requests().len(), 1);

    // Its program gone, the claim lapses.
    drop(other);
    let lapsed = later + collect::lease::LEASE_SECS;
    let ran = collect::collect_due(&mut store, &secrets, lapsed, &no_cancel()).unwrap();
    assert_eq!(ran.len(), 2, "{ran:?}");
    assert_eq!(feed_b.requests().len(), 2);
}

#[test]
fn a_feed_file_is_detected_and_imported_like_any_file() {
    let (_dir, _path, mut store) = workspace();
    let report = townhall::import::import_file(
        &mut store,
        &fixture("collect/status.atom"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!((report.format.as_str(), report.imported), ("feed", 1));
    let (platform, handle): (String, String) = store
        .conn()
        .query_row(
            "SELECT p.platform, a.handle FROM posts p JOIN authors a ON a.id = p.author",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (platform.as_str(), handle.as_str()),
        ("news", "status.example.com")
    );
}

// ---- A watched folder ----

/// Another program holding the workspace (an import in the app, a backup tool) for longer than
/// a run waits: the run gives up as busy, records nothing against the source (no failure, no
/// backoff), and the source is still due, so the next run imports what this one could not.
fn held_workspace_gives_the_run_up_without_blame(kind: SourceKind, url: &str, prepare: impl Fn()) {
    let (_dir, path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    collect::add_source(&store, &secrets, &source("src", kind, url), T0).unwrap();
    prepare();
    // The other program lets go after the import has given up waiting (1 s), while the run
    // would still wait to record its outcome.
    let (held, taken) = std::sync::mpsc::channel();
    let other = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        held.send(()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1500));
        conn.execute_batch("ROLLBACK").unwrap();
    });
    taken.recv().unwrap();
    store
        .conn()
        .busy_timeout(std::time::Duration::from_millis(1000))
        .unwrap();
    let busy = collect::collect_due(&mut store, &secrets, T0, &no_cancel()).unwrap_err();
    assert_eq!(busy.code(), townhall::ErrorCode::Busy, "{busy}");
    other.join().unwrap();
    let status = collect::list_sources(&store, T0).unwrap().remove(0).source;
    assert_eq!(
        (status.failures, status.last_outcome, status.last_error),
        (0, None, None),
        "nothing held against the source"
    );
    assert!(
        status.next_attempt <= T0 + 1,
        "still due: {}",
        status.next_attempt
    );
    let r = collect::collect_due(&mut store, &secrets, T0 + 1, &no_cancel()).unwrap();
    assert_eq!(
        r.iter()
            .map(|r| (r.outcome.as_str(), r.new_posts))
            .collect::<Vec<_>>(),
        [("ok", 2)],
        "{r:?}"
    );
}

#[test]
fn a_feed_whose_workspace_is_held_is_tried_again_without_blame() {
    let rss = std::fs::read(fixture("collect/news.rss")).unwrap();
    let server = FakeServer::start(move |_| Reply::status(200, rss.clone()));
    let url = format!("{}/news.rss", server.url);
    held_workspace_gives_the_run_up_without_blame(SourceKind::Feed, &url, || {});
}

#[test]
fn a_dropped_file_the_workspace_could_not_take_is_imported_at_the_next_run() {
    let drop_dir = tempfile::tempdir().unwrap();
    let folder = drop_dir.path().display().to_string();
    held_workspace_gives_the_run_up_without_blame(SourceKind::Folder, &folder, || {
        std::fs::copy(
            fixture("collect/news.rss"),
            drop_dir.path().join("monday.rss"),
        )
        .unwrap();
    });
}

#[test]
fn a_folder_source_imports_each_dropped_file_once_and_reports_a_broken_one() {
    let (_dir, _path, mut store) = workspace();
    let drop_dir = tempfile::tempdir().unwrap();
    let secrets = MemorySecrets::new();
    let folder = drop_dir.path().display().to_string();
    collect::add_source(
        &store,
        &secrets,
        &source("exports", SourceKind::Folder, &folder),
        T0,
    )
    .unwrap();
    let r = collect::collect_now(&mut store, &secrets, "exports", T0).unwrap();
    assert_eq!((r.outcome.as_str(), r.pages), ("ok", 0));

    std::fs::copy(
        fixture("collect/news.rss"),
        drop_dir.path().join("monday.rss"),
    )
    .unwrap();
    std::fs::write(drop_dir.path().join("notes.bin"), [0u8, 159, 146, 150]).unwrap();
    std::fs::write(drop_dir.path().join("tuesday.rss.part"), "<rss").unwrap();
    let r = collect::collect_due(&mut store, &secrets, T0 + 300, &no_cancel())
        .unwrap()
        .remove(0);
    assert_eq!(
        (r.outcome.as_str(), r.pages, r.new_posts),
        ("ok", 2, 2),
        "{r:?}"
    );
    assert!(
        r.errors.iter().any(|e| e.contains("notes.bin")),
        "{:?}",
        r.errors
    );
    // Nothing changed: nothing imported again, and the broken file is not retried.
    let r = collect::collect_due(&mut store, &secrets, T0 + 600, &no_cancel())
        .unwrap()
        .remove(0);
    assert_eq!((r.pages, r.errors.len()), (0, 0), "{r:?}");
    // A new file lands.
    std::fs::copy(
        fixture("collect/status.atom"),
        drop_dir.path().join("status.atom"),
    )
    .unwrap();
    let r = collect::collect_due(&mut store, &secrets, T0 + 900, &no_cancel())
        .unwrap()
        .remove(0);
    assert_eq!((r.pages, r.new_posts), (1, 1), "{r:?}");
    assert_eq!(count(&store, "SELECT count(*) FROM posts"), 3);
}

#[test]
fn while_watching_a_file_landing_in_a_folder_is_imported_at_once_not_at_the_next_scan() {
    let (_dir, path, store) = workspace();
    let drop_dir = tempfile::tempdir().unwrap();
    let secrets = MemorySecrets::new();
    let mut exports = source(
        "exports",
        SourceKind::Folder,
        &drop_dir.path().display().to_string(),
    );
    exports.interval_secs = Some(3_600);
    let now = chrono::Utc::now().timestamp();
    collect::add_source(&store, &secrets, &exports, now).unwrap();
    drop(store);

    let cancel = Arc::new(AtomicBool::new(false));
    let (tx, rx) = std::sync::mpsc::channel();
    let watcher = {
        let cancel = cancel.clone();
        std::thread::spawn(move || {
            townhall::workspace::live::watch(
                &path,
                &secrets,
                &townhall::collect::SystemClock,
                &cancel,
                &mut |event| {
                    if let townhall::workspace::live::WatchEvent::Collected(r) = event {
                        let _ = tx.send(r.new_posts);
                    }
                },
            )
        })
    };
    let wait = std::time::Duration::from_secs(20);
    assert_eq!(
        rx.recv_timeout(wait).unwrap(),
        0,
        "the first scan finds nothing"
    );
    let landed = std::time::Instant::now();
    std::fs::copy(
        fixture("collect/news.rss"),
        drop_dir.path().join("monday.rss"),
    )
    .unwrap();
    let imported = rx.recv_timeout(wait);
    cancel.store(true, Ordering::SeqCst);
    watcher.join().unwrap().unwrap();
    assert_eq!(
        imported,
        Ok(2),
        "the export is imported within seconds, though the next scan is an hour away"
    );
    assert!(landed.elapsed() < wait, "{:?}", landed.elapsed());
}

// ---- Across sources ----

#[test]
fn a_malformed_page_is_reported_and_the_other_sources_still_collect() {
    let server = FakeServer::start(|r| match r.path.as_str() {
        "/api/v1/timelines/tag/portal" => Reply::status(200, "<html>Bad gateway</html>"),
        "/feed.rss" => Reply::status(200, std::fs::read(fixture("collect/news.rss")).unwrap()),
        _ => Reply::status(404, ""),
    });
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut masto = source("a-masto", SourceKind::Mastodon, &server.url);
    masto.target = Some("portal".into());
    collect::add_source(&store, &secrets, &masto, T0).unwrap();
    let feed = source(
        "b-feed",
        SourceKind::Feed,
        &format!("{}/feed.rss", server.url),
    );
    collect::add_source(&store, &secrets, &feed, T0).unwrap();

    let reports = collect::collect_due(&mut store, &secrets, T0, &no_cancel()).unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0].outcome, "failed");
    assert!(
        reports[0].errors[0].contains("not readable JSON"),
        "{:?}",
        reports[0].errors
    );
    assert_eq!(
        (reports[1].outcome.as_str(), reports[1].new_posts),
        ("ok", 2)
    );
    let listed = collect::list_sources(&store, T0 + 60).unwrap();
    assert_eq!(listed[0].health, Health::Failing);
    assert!(
        listed[0].status.contains("not readable JSON"),
        "{}",
        listed[0].status
    );
}

#[test]
fn credentials_stay_out_of_the_store_and_in_the_secret_store() {
    let (_dir, path, store) = workspace();
    let secrets = MemorySecrets::new();
    let mut x = source("x", SourceKind::X, "https://api.x.com");
    x.query = Some("portal".into());
    x.credential = credential(None, "AAAA-bearer-secret");
    let added = collect::add_source(&store, &secrets, &x, T0).unwrap();
    assert!(added.has_credential);
    assert!(format!("{:?}", x.credential).contains("[hidden]"));
    assert!(!format!("{:?}", x.credential).contains("AAAA-bearer-secret"));
    assert!(secrets
        .get("source:x")
        .unwrap()
        .unwrap()
        .contains("AAAA-bearer-secret"));
    drop(store);
    assert!(!contains(&store_bytes(&path), "AAAA-bearer-secret"));
    let store = Store::open(&path).unwrap();
    collect::remove_source(&store, &secrets, "x").unwrap();
    assert_eq!(secrets.get("source:x").unwrap(), None);
}

#[test]
fn sources_are_checked_before_they_are_added() {
    let (_dir, _path, store) = workspace();
    let secrets = MemorySecrets::new();
    let mut feed = source("f", SourceKind::Feed, "http://news.example.org/feed");
    let err = collect::add_source(&store, &secrets, &feed, T0).unwrap_err();
    assert!(err.to_string().contains("https://"), "{err}");
    feed.url = Some("https://news.example.org/feed".into());
    feed.interval_secs = Some(30);
    assert!(collect::add_source(&store, &secrets, &feed, T0)
        .unwrap_err()
        .to_string()
        .contains("once a minute"));
    feed.interval_secs = None;
    let added = collect::add_source(&store, &secrets, &feed, T0).unwrap();
    assert_eq!(added.interval_secs, 300);
    assert!(collect::add_source(&store, &secrets, &feed, T0)
        .unwrap_err()
        .to_string()
        .contains("already exists"));
    let mut x = source("x", SourceKind::X, "https://api.x.com");
    x.query = Some("portal".into());
    assert!(collect::add_source(&store, &secrets, &x, T0)
        .unwrap_err()
        .to_string()
        .contains("bearer token"));
    let paused = collect::set_paused(&store, "f", true, T0).unwrap();
    assert!(paused.paused);
    let listed = collect::list_sources(&store, T0).unwrap();
    assert_eq!(listed[0].status, "paused — not collected yet");
    let err = collect::remove_source(&store, &secrets, "nope").unwrap_err();
    assert!(err.to_string().contains("the sources are: f"), "{err}");
}

/// While another program holds the workspace past the wait, watching says so and carries on at
/// the next round instead of stopping.
#[test]
fn watch_waits_out_another_program_s_write() {
    use townhall::workspace::live::{watch, WatchEvent};
    let newest = Arc::new(AtomicUsize::new(1_002));
    let server = {
        let newest = newest.clone();
        FakeServer::start(move |r| {
            let n = newest.fetch_add(2, Ordering::SeqCst) as u64 + 2;
            statuses_after(r.param("min_id").map(|m| m.parse().unwrap()), n, 40)
        })
    };
    let (_dir, path, store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("masto", SourceKind::Mastodon, &server.url);
    new.target = Some("portal".into());
    new.interval_secs = Some(120);
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    drop(store);

    let clock = FakeClock::new(T0);
    let cancel = AtomicBool::new(false);
    let mut other: Option<rusqlite::Connection> = None;
    let mut events = Vec::new();
    watch(&path, &secrets, &clock, &cancel, &mut |event| match event {
        WatchEvent::Collected(_) => {
            events.push("collected");
            if events.len() == 1 {
                // After the first collection, another program starts a long write.
                let conn = rusqlite::Connection::open(&path).unwrap();
                conn.execute_batch("BEGIN IMMEDIATE").unwrap();
                other = Some(conn);
            }
            if events.iter().filter(|e| **e == "collected").count() == 3 {
                cancel.store(true, Ordering::SeqCst);
            }
        }
        WatchEvent::Busy => {
            events.push("busy");
            // The other program finishes.
            if let Some(conn) = other.take() {
                conn.execute_batch("ROLLBACK").unwrap();
            }
        }
        _ => {}
    })
    .unwrap();
    assert_eq!(events, ["collected", "busy", "collected", "collected"]);
}

#[test]
fn watch_collects_on_schedule_through_a_fake_clock_until_cancelled() {
    let newest = Arc::new(AtomicUsize::new(1_002));
    let server = {
        let newest = newest.clone();
        FakeServer::start(move |r| {
            // Two new statuses every time it is asked.
            let n = newest.fetch_add(2, Ordering::SeqCst) as u64 + 2;
            statuses_after(r.param("min_id").map(|m| m.parse().unwrap()), n, 40)
        })
    };
    let (_dir, path, store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("masto", SourceKind::Mastodon, &server.url);
    new.target = Some("portal".into());
    new.interval_secs = Some(120);
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    drop(store);

    let clock = FakeClock::new(T0);
    let cancel = AtomicBool::new(false);
    let mut reports = Vec::new();
    townhall::workspace::live::watch(&path, &secrets, &clock, &cancel, &mut |event| {
        if let townhall::workspace::live::WatchEvent::Collected(r) = event {
            reports.push(r.clone());
            if reports.len() == 5 {
                cancel.store(true, Ordering::SeqCst);
            }
        }
    })
    .unwrap();
    let started: Vec<i64> = reports.iter().map(|r| r.started_at - T0).collect();
    assert_eq!(started, [0, 120, 240, 360, 480]);
    assert_eq!(reports[1].new_posts, 2);
    let store = Store::open(&path).unwrap();
    assert_eq!(count(&store, "SELECT count(*) FROM posts"), 3 + 4 * 2);
}

/// A server that echoes the request's credential in an unexpected answer, whole or encoded
/// (Reddit's `Basic` header is base64 of id:secret) or where an excerpt would cut it, never
/// gets it into an error, a status or the workspace: the answer to a request that carried a
/// credential is not quoted.
#[test]
fn a_credential_echoed_by_a_server_is_kept_out_of_errors_and_statuses() {
    use base64::Engine;
    let server = FakeServer::start(|r| {
        let auth = r.header("authorization").unwrap_or_default().to_string();
        Reply::status(418, format!("{} bad auth {auth}", "x".repeat(140)))
    });
    let basic = base64::engine::general_purpose::STANDARD.encode("reddit-id:reddit-secret-5678");
    for (kind, login, secret) in [
        (SourceKind::X, None, "echoed-bearer-token-31"),
        (SourceKind::Reddit, Some("reddit-id"), "reddit-secret-5678"),
    ] {
        let (_dir, path, mut store) = workspace();
        let secrets = MemorySecrets::new();
        let mut source = source("echo", kind, &server.url);
        source.query = Some("portal".into());
        source.credential = credential(login, secret);
        collect::add_source(&store, &secrets, &source, T0).unwrap();
        let r = collect::collect_now(&mut store, &secrets, "echo", T0).unwrap();
        assert_eq!(r.outcome, "failed");
        assert!(
            r.errors[0].contains("HTTP 418") && r.errors[0].contains("not quoted"),
            "{:?}",
            r.errors
        );
        let status = collect::source_status(&store, "echo", T0).unwrap().status;
        drop(store);
        let stored = store_bytes(&path);
        for leak in [secret, &secret[..8], basic.as_str(), &basic[..12]] {
            assert!(!r.errors[0].contains(leak), "{leak}: {:?}", r.errors);
            assert!(!status.contains(leak), "{leak}: {status}");
            assert!(!contains(&stored, leak), "{leak} in the workspace");
        }
    }
}

/// An X page whose first tweet is broken (its time is the request's Authorization header,
/// echoed): that tweet alone is skipped and reported, the page's others are kept, and the
/// token reaches neither the report nor the workspace.
#[test]
fn a_broken_tweet_on_a_page_is_skipped_alone_and_an_echoed_token_is_kept_nowhere() {
    let server = FakeServer::start(|r| {
        let auth = r.header("authorization").unwrap_or_default().to_string();
        let mut page: Value =
            serde_json::from_slice(&tweet_page(&[101, 102, 103], None).body).unwrap();
        page["data"][0]["created_at"] = json!(auth);
        Reply::json(page)
    });
    let (_dir, path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("x", SourceKind::X, &server.url);
    new.query = Some("portal".into());
    new.credential = credential(None, "x-bearer-SECRET-4321");
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let r = collect::collect_now(&mut store, &secrets, "x", T0).unwrap();
    assert_eq!((r.new_posts, r.skipped), (2, 1), "{r:?}");
    assert!(r.errors[0].contains("item 1 of the page's data"), "{r:?}");
    drop(store);
    assert!(!contains(&store_bytes(&path), "x-bearer-SECRET-4321"));
    assert!(!r.errors.iter().any(|e| e.contains("SECRET-4321")), "{r:?}");
}

/// A Mastodon server (whose pages are imported as they come) that echoes the token with JSON's
/// escapes (`\u0074` for its `t`) in a post, and an X server that builds its next page's token
/// around it: the post is kept with the token blanked, and the cursor saved after X's page (the
/// next one fails, so it stays) keeps no next page at all, only the sweep's watermark.
#[test]
fn a_credential_echoed_escaped_or_in_a_cursor_is_kept_out_of_the_workspace() {
    let server = FakeServer::start(|r| {
        let token = r.header("authorization").unwrap_or_default()["Bearer ".len()..].to_string();
        if r.path.starts_with("/api/v1/") {
            let page = String::from_utf8(statuses_after(None, 1_003, 40).body).unwrap();
            let escaped = format!("portal outage again, \\u0074{}", &token[1..]);
            return Reply::status(200, page.replace("portal outage again,", &escaped));
        }
        if r.param("next_token").is_some() {
            return Reply::status(500, "");
        }
        tweet_page(&[101, 102], Some(&format!("after-{token}")))
    });
    let (_dir, path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut masto = source("masto", SourceKind::Mastodon, &server.url);
    masto.target = Some("portaldown".into());
    masto.credential = credential(None, "tok-SECRET-4321");
    collect::add_source(&store, &secrets, &masto, T0).unwrap();
    let mut x = source("x", SourceKind::X, &server.url);
    x.query = Some("portal".into());
    x.credential = credential(None, "tok-SECRET-4321");
    collect::add_source(&store, &secrets, &x, T0).unwrap();

    let r = collect::collect_now(&mut store, &secrets, "masto", T0).unwrap();
    assert_eq!(r.new_posts, 3, "{r:?}");
    let texts = strings(&store, "SELECT text FROM posts WHERE platform = 'mastodon'");
    assert!(
        texts
            .iter()
            .all(|t| t.starts_with("portal outage again, [credential] status")),
        "{texts:?}"
    );
    let r = collect::collect_now(&mut store, &secrets, "x", T0).unwrap();
    assert_eq!((r.new_posts, r.outcome.as_str()), (2, "server"), "{r:?}");
    let cursor = strings(&store, "SELECT cursor FROM sources WHERE name = 'x'");
    assert!(!cursor[0].contains("after-"), "{cursor:?}");
    assert!(cursor[0].contains("\"newest\":\"102\""), "{cursor:?}");
    drop(store);
    assert!(!contains(&store_bytes(&path), "SECRET-4321"));
}

fn strings(store: &Store, sql: &str) -> Vec<String> {
    let mut stmt = store.conn().prepare(sql).unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

#[test]
fn editing_a_source_keeps_its_counts_and_restarts_its_cursor_when_it_looks_elsewhere() {
    let server = FakeServer::start(|r| {
        statuses_after(r.param("min_id").map(|m| m.parse().unwrap()), 1_003, 40)
    });
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("masto", SourceKind::Mastodon, &server.url);
    new.target = Some("portal".into());
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    collect::collect_now(&mut store, &secrets, "masto", T0).unwrap();
    new.interval_secs = Some(600);
    let edited = collect::edit_source(&store, &secrets, "masto", &new).unwrap();
    assert_eq!((edited.interval_secs, edited.new_posts), (600, 3));
    assert_eq!(edited.cursor["min_id"], "1003");
    new.target = Some("outage".into());
    new.name = "masto-outage".into();
    let edited = collect::edit_source(&store, &secrets, "masto", &new).unwrap();
    assert_eq!(
        (edited.name.as_str(), edited.next_attempt),
        ("masto-outage", 0)
    );
    assert_eq!(edited.cursor, json!({}));
}

#[test]
fn a_source_whose_credential_is_kept_is_edited_without_typing_it_again() {
    let (_dir, _path, store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("xs", SourceKind::X, "https://api.x.example");
    new.query = Some("schoolmax".into());
    new.credential = credential(None, "TOKEN-1");
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let kept = secrets.get("source:xs").unwrap();
    assert!(kept.is_some());

    new.credential = None;
    new.query = Some("portal".into());
    let edited = collect::edit_source(&store, &secrets, "xs", &new).unwrap();
    assert!(edited.has_credential);
    assert_eq!(secrets.get("source:xs").unwrap(), kept);

    // Another server would not be sent the token: it must be given again.
    new.url = Some("https://api.other.example".into());
    let err = collect::edit_source(&store, &secrets, "xs", &new).unwrap_err();
    assert!(
        err.to_string().contains("an X source needs a bearer token")
            && err
                .to_string()
                .contains("only ever sent to https://api.x.example"),
        "{err}"
    );
    assert_eq!(secrets.get("source:xs").unwrap(), kept);
}

/// SQLite's NOCASE folds only ASCII, and a credential's key folds every letter: two sources
/// whose names differ only in a non-ASCII letter's case are one source, so that neither is ever
/// sent the other's token and removing one never forgets the other's.
#[test]
fn names_that_differ_only_in_an_accented_letter_s_case_are_one_source() {
    let (_dir, _path, store) = workspace();
    let secrets = MemorySecrets::new();
    let mut first = source("Ü-search", SourceKind::X, "https://api.x.example");
    first.query = Some("schoolmax".into());
    first.credential = credential(None, "TOKEN-A");
    collect::add_source(&store, &secrets, &first, T0).unwrap();

    let mut second = source("ü-search", SourceKind::X, "https://api.other.example");
    second.query = Some("portal".into());
    second.credential = credential(None, "TOKEN-B");
    let refused = collect::add_source(&store, &secrets, &second, T0).unwrap_err();
    assert!(refused.to_string().contains("already exists"), "{refused}");
    assert!(secrets
        .get("source:ü-search")
        .unwrap()
        .unwrap()
        .contains("TOKEN-A"));

    // Saved under the other case, the description changes the one source.
    let saved = collect::save_source(&store, &secrets, &second, T0).unwrap();
    assert_eq!(saved.name, "ü-search");
    let all = collect::list_sources(&store, T0).unwrap();
    assert_eq!(all.len(), 1);
    assert!(secrets
        .get("source:ü-search")
        .unwrap()
        .unwrap()
        .contains("TOKEN-B"));

    collect::remove_source(&store, &secrets, "Ü-SEARCH").unwrap();
    assert!(collect::list_sources(&store, T0).unwrap().is_empty());
    assert_eq!(secrets.get("source:ü-search").unwrap(), None);
}

/// Secrets shared between the run under test and a fake server that edits the workspace while
/// the run waits for it, as the window or another command would; its keys can be listed.
#[derive(Clone, Default)]
struct SharedSecrets(Arc<Mutex<std::collections::BTreeMap<String, String>>>);

impl Secrets for SharedSecrets {
    fn get(&self, key: &str) -> townhall::error::Result<Option<String>> {
        Ok(self.0.lock().unwrap().get(key).cloned())
    }
    fn set(&self, key: &str, value: &str) -> townhall::error::Result<()> {
        self.0.lock().unwrap().insert(key.into(), value.into());
        Ok(())
    }
    fn delete(&self, key: &str) -> townhall::error::Result<()> {
        self.0.lock().unwrap().remove(key);
        Ok(())
    }
    fn describe(&self) -> String {
        "shared memory".into()
    }
}

/// A source removed while its run signs in: the session the run gets is not kept after the
/// removal that forgot the source's credential.
#[test]
fn a_source_removed_while_it_signs_in_keeps_no_session() {
    let (_dir, path, mut store) = workspace();
    let secrets = SharedSecrets::default();
    let server = {
        let (path, secrets) = (path.clone(), secrets.clone());
        FakeServer::start(move |r| match r.path.as_str() {
            "/api/v1/access_token" => {
                let other = Store::open(&path).unwrap();
                collect::remove_source(&other, &secrets, "reddit").unwrap();
                Reply::json(
                    json!({"access_token": "reddit-token-99", "token_type": "bearer", "expires_in": 3600}),
                )
            }
            _ => listing(vec![thing("t3", 1, T0 - 60)], None),
        })
    };
    let mut new = source("reddit", SourceKind::Reddit, &server.url);
    new.target = Some("r/uni".into());
    new.credential = credential(Some("client-id-1"), "client-secret-77");
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let _ = collect::collect_now(&mut store, &secrets, "reddit", T0);
    assert_eq!(server.to("/access_token").len(), 1);
    let kept: Vec<String> = secrets.0.lock().unwrap().keys().cloned().collect();
    assert!(kept.is_empty(), "{kept:?}");
}

/// A source edited to follow another hashtag while its run fetches: the run's cursor does not
/// overwrite the fresh one the edit gave, so the new hashtag is followed from its start.
#[test]
fn a_source_edited_while_it_runs_keeps_the_edit_s_fresh_cursor() {
    let (_dir, path, mut store) = workspace();
    let secrets = SharedSecrets::default();
    let server = {
        let (path, secrets) = (path.clone(), secrets.clone());
        let edited = Arc::new(AtomicBool::new(false));
        FakeServer::start(move |_| {
            if !edited.swap(true, Ordering::SeqCst) {
                let other = Store::open(&path).unwrap();
                let old = collect::source_status(&other, "masto", T0).unwrap().source;
                let mut now = source("masto", SourceKind::Mastodon, &old.url);
                now.target = Some("#schoolmaxdown".into());
                collect::edit_source(&other, &secrets, "masto", &now).unwrap();
            }
            statuses_after(None, 1_003, 40)
        })
    };
    let mut new = source("masto", SourceKind::Mastodon, &server.url);
    new.target = Some("#portaldown".into());
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let r = collect::collect_now(&mut store, &secrets, "masto", T0).unwrap();
    assert_eq!(r.new_posts, 3);
    let now = collect::source_status(&store, "masto", T0).unwrap();
    assert_eq!(now.source.target.as_deref(), Some("schoolmaxdown"));
    assert_eq!(now.source.cursor, json!({}));
}

#[test]
fn probing_the_system_keychain_answers_quickly_either_way() {
    // Read-only: asks for an entry that is never written. With no secret service (CI, headless
    // servers) the answer is "none", and the file store is used instead.
    let t = std::time::Instant::now();
    let _ = collect::KeychainSecrets::probe();
    assert!(t.elapsed() < std::time::Duration::from_secs(5));
}

/// A server that takes its time never holds up a collection asked to stop: it stops within a
/// moment, as cancelled, its cursor where it was, and the source is not taken for offline.
#[test]
fn a_slow_server_does_not_hold_up_a_collection_asked_to_stop() {
    let server = FakeServer::start(|_| {
        std::thread::sleep(std::time::Duration::from_secs(4));
        Reply::json(json!([]))
    });
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("masto", SourceKind::Mastodon, &server.url);
    new.target = Some("#portaldown".into());
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let cancel = Arc::new(AtomicBool::new(false));
    let stop = {
        let cancel = cancel.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            cancel.store(true, Ordering::SeqCst);
        })
    };
    let started = std::time::Instant::now();
    let reports = collect::collect_due(&mut store, &secrets, T0, &cancel).unwrap();
    let took = started.elapsed();
    stop.join().unwrap();
    assert!(took < std::time::Duration::from_secs(2), "took {took:?}");
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].outcome, "cancelled", "{:?}", reports[0]);
    let status = collect::source_status(&store, "masto", T0).unwrap();
    assert!(!status.status.contains("offline"), "{}", status.status);
}

/// A sign-in answered with a redirect to another server is not followed: the app password in
/// its body would go there.
#[test]
fn a_sign_in_is_never_redirected_to_another_server() {
    let elsewhere = FakeServer::start(|_| Reply::json(json!({"accessJwt": "x"})));
    let to = format!("{}/xrpc/com.atproto.server.createSession", elsewhere.url);
    let server = FakeServer::start(move |_| Reply::status(307, "").header("location", &to));
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("sky", SourceKind::Bluesky, &server.url);
    new.query = Some("portal".into());
    new.credential = Some(Credential {
        id: Some("it.example".into()),
        secret: "app-pass-word".into(),
    });
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let report = collect::collect_now(&mut store, &secrets, "sky", T0).unwrap();
    assert_ne!(report.outcome, "ok");
    assert!(elsewhere.requests().is_empty(), "the password stayed home");
    assert_eq!(server.to("createSession").len(), 1);
}

/// A source answered with a redirect to another host (or port) is not followed there: only
/// the sources the user added are read.
#[test]
fn a_redirect_to_another_host_is_not_followed() {
    let elsewhere = FakeServer::start(|_| Reply::json(json!([])));
    // The same machine by another name, and the same name on another port.
    let port = elsewhere.url.rsplit(':').next().unwrap().to_string();
    for to in [
        format!("http://localhost:{port}/api/v1/timelines/tag/portal"),
        format!("{}/api/v1/timelines/tag/portal", elsewhere.url),
    ] {
        let server = FakeServer::start(move |_| Reply::status(302, "").header("location", &to));
        let (_dir, _path, mut store) = workspace();
        let secrets = MemorySecrets::new();
        let mut new = source("masto", SourceKind::Mastodon, &server.url);
        new.target = Some("#portal".into());
        collect::add_source(&store, &secrets, &new, T0).unwrap();
        let report = collect::collect_now(&mut store, &secrets, "masto", T0).unwrap();
        assert_ne!(report.outcome, "ok", "{report:?}");
        assert!(
            report.errors.iter().any(|e| e.contains("another host")),
            "{report:?}"
        );
    }
    assert!(elsewhere.requests().is_empty(), "nothing was asked of it");
}

/// A server that answers 200 with an error instead of posts (an X app without search, a
/// Mastodon address that is not a timeline) fails the run: it must not look like a quiet
/// source. An empty search is still a quiet one.
#[test]
fn an_error_sent_as_a_page_fails_the_run() {
    let cases: [(SourceKind, Value); 3] = [
        (
            SourceKind::X,
            json!({"errors": [{"title": "Forbidden", "detail": "not authorized for search"}]}),
        ),
        (SourceKind::Mastodon, json!({"error": "Record not found"})),
        (
            SourceKind::Bluesky,
            json!({"error": "InvalidRequest", "message": "no"}),
        ),
    ];
    for (kind, answer) in cases {
        let server = FakeServer::start(move |_| Reply::json(answer.clone()));
        let (_dir, _path, mut store) = workspace();
        let secrets = MemorySecrets::new();
        let mut new = source("s", kind, &server.url);
        match kind {
            SourceKind::Mastodon => new.target = Some("#portal".into()),
            _ => new.query = Some("portal".into()),
        }
        if kind == SourceKind::X {
            new.credential = credential(None, "x-bearer-token-5");
        }
        collect::add_source(&store, &secrets, &new, T0).unwrap();
        let r = collect::collect_now(&mut store, &secrets, "s", T0).unwrap();
        assert_eq!(r.outcome, "failed", "{kind:?}: {r:?}");
        assert!(
            r.errors
                .iter()
                .any(|e| e.contains("without a list of posts")),
            "{kind:?}: {r:?}"
        );
    }
    // No results at all is no error.
    let server = FakeServer::start(|_| Reply::json(json!({"meta": {"result_count": 0}})));
    let (_dir, _path, mut store) = workspace();
    let secrets = MemorySecrets::new();
    let mut new = source("x", SourceKind::X, &server.url);
    new.query = Some("portal".into());
    new.credential = credential(None, "x-bearer-token-5");
    collect::add_source(&store, &secrets, &new, T0).unwrap();
    let r = collect::collect_now(&mut store, &secrets, "x", T0).unwrap();
    assert_eq!(r.outcome, "ok", "{r:?}");
}
