//! The one HTTP client of live collection: reqwest (blocking, rustls), a descriptive User-Agent,
//! timeouts, bodies capped in size, `https://` everywhere except loopback addresses (tests, local
//! relays), and redirects held to the same rule and to the source's own host and port. Responses are classified into a [`Failure`]
//! the run loop knows how to schedule; no message here quotes a credential or a request body.

use std::io::Read;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use reqwest::blocking::{Client, RequestBuilder};
use reqwest::header::HeaderMap;
use reqwest::Url;

use super::Failure;
use crate::error::{Error, Result};

/// The User-Agent every request carries. Reddit asks for `<platform>:<app id>:<version>`.
pub const USER_AGENT: &str = concat!(
    "townhall:org.townhall.collect:v",
    env!("CARGO_PKG_VERSION"),
    " (live collection of public posts for an IT team's exposure briefing)"
);

/// The largest response body read; larger answers are refused, not truncated.
pub const MAX_BODY: u64 = 32 * 1024 * 1024;

/// The longest a whole answer may take, however steadily a server trickles it: the client's
/// timeout bounds each read, not their sum, and the sources of a run are read one after another.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(60);

/// A response, read whole.
pub struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// Whether the request carried nothing a server could echo back of a credential: a GET
    /// without an `Authorization` header. Only then is the body quoted in an error.
    quotable: bool,
}

impl Response {
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as JSON, or a failure saying whose page it was.
    pub fn json(&self, label: &str) -> Result<serde_json::Value, Failure> {
        serde_json::from_slice(&self.body).map_err(|e| {
            Failure::Failed(format!(
                "{label} sent a page that is not readable JSON ({e}); it was reported and \
                 skipped, and the next run asks again"
            ))
        })
    }

    /// The list of posts at `pointer` in the page `v` (`""`: the page itself), or a failure when
    /// it has none: a server that answers 200 with an error instead (a wrong address, an app
    /// without access) must not look like a quiet source.
    pub fn posts(
        &self,
        v: &serde_json::Value,
        pointer: &str,
        label: &str,
    ) -> Result<Vec<serde_json::Value>, Failure> {
        match v.pointer(pointer).and_then(serde_json::Value::as_array) {
            Some(posts) => Ok(posts.clone()),
            None => Err(Failure::Failed(format!(
                "{label} answered without a list of posts: {}; check the source's address and \
                 access, and the next run asks again",
                self.excerpt()
            ))),
        }
    }

    /// A short excerpt of the body, for error messages about unexpected answers; nothing for
    /// the answer to a request that carried a credential, since a server may echo it (whole,
    /// encoded, or cut where the excerpt ends) and the message is saved and shown.
    pub fn excerpt(&self) -> String {
        if !self.quotable {
            return "(its answer is not quoted: the request carried a credential)".into();
        }
        let text = String::from_utf8_lossy(&self.body);
        let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        match one_line.char_indices().nth(160) {
            Some((i, _)) => format!("{}…", &one_line[..i]),
            None => one_line,
        }
    }
}

/// The clients shared by every source of a run: one that follows redirects on the same host
/// and port for reading, and one that follows none for posting, since a POST's body may hold a
/// credential (Bluesky's app password) that a redirect to another server would resend. (A redirect drops the
/// `Authorization` header itself on the way to another host.)
pub struct Http {
    client: Client,
    poster: Client,
    answer_within: Duration,
}

impl Http {
    pub fn new() -> Result<Http> {
        let builder = || {
            Client::builder()
                .user_agent(USER_AGENT)
                .connect_timeout(Duration::from_secs(10))
                .timeout(Duration::from_secs(30))
        };
        let failed =
            |e: reqwest::Error| Error::Internal(format!("could not set up the HTTP client: {e}"));
        let client = builder()
            .redirect(reqwest::redirect::Policy::custom(|attempt| {
                let place = |u: &Url| (u.host_str().map(str::to_string), u.port_or_known_default());
                let first = attempt.previous().first().map(place);
                let to = attempt.url().host_str().unwrap_or("?").to_string();
                if attempt.previous().len() >= 5 {
                    attempt.error("more than 5 redirects")
                } else if first.is_some_and(|first| first != place(attempt.url())) {
                    // Only the sources the user added are read, not where they point.
                    attempt.error(format!(
                        "a redirect to another host ({to}), which is not a source you added"
                    ))
                } else if check_url(attempt.url()).is_err() {
                    attempt.error("a redirect to plain http:// outside this machine")
                } else {
                    attempt.follow()
                }
            }))
            .build()
            .map_err(failed)?;
        let poster = builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(failed)?;
        Ok(Http {
            client,
            poster,
            answer_within: ANSWER_WITHIN,
        })
    }

    /// A GET request to `url`, refused unless it is https (or http to this machine).
    pub fn get(&self, url: &str) -> Result<RequestBuilder, Failure> {
        Ok(self.client.get(parse(url).map_err(Failure::Failed)?))
    }

    /// A POST request to `url`, under the same rule as [`Http::get`]; it follows no redirect.
    pub fn post(&self, url: &str) -> Result<RequestBuilder, Failure> {
        Ok(self.poster.post(parse(url).map_err(Failure::Failed)?))
    }

    /// Sends the request and reads the answer whole, whatever its status. Once `cancel` is set
    /// it stops waiting (within a tenth of a second) and fails with [`Failure::Cancelled`]: a
    /// server that takes its time never holds up a watch asked to stop. The request itself
    /// finishes, or times out, on its own thread, and its answer is dropped.
    pub fn send(&self, request: RequestBuilder, cancel: &AtomicBool) -> Result<Response, Failure> {
        let request = request.build().map_err(transport)?;
        let quotable = request.method() == reqwest::Method::GET
            && !request
                .headers()
                .contains_key(reqwest::header::AUTHORIZATION);
        let client = if request.method() == reqwest::Method::POST {
            self.poster.clone()
        } else {
            self.client.clone()
        };
        let within = self.answer_within;
        let late = late(request.url(), within);
        let deadline = Instant::now() + within;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(read_answer(&client, request, quotable, deadline, within));
        });
        loop {
            if cancel.load(Ordering::Relaxed) {
                return Err(Failure::Cancelled);
            }
            // The reading thread stops at its next read past the deadline; this one need not
            // wait for that read.
            if Instant::now() > deadline + Duration::from_secs(1) {
                return Err(late);
            }
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(answer) => return answer,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(Failure::Failed("the request stopped unexpectedly".into()))
                }
            }
        }
    }
}

/// What a server that took longer than `within` to answer `url` is told.
fn late(url: &Url, within: Duration) -> Failure {
    let host = url.host_str().unwrap_or("the server");
    Failure::Offline(format!(
        "could not reach {host}: its answer took longer than {} s",
        within.as_secs()
    ))
}

/// Sends `request` and reads the answer whole, giving up at `deadline`, `within` after it was
/// sent.
fn read_answer(
    client: &Client,
    request: reqwest::blocking::Request,
    quotable: bool,
    deadline: Instant,
    within: Duration,
) -> Result<Response, Failure> {
    let url = request.url().clone();
    let response = client.execute(request).map_err(transport)?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let mut body = Vec::new();
    let mut reader = response.take(MAX_BODY + 1);
    let mut chunk = vec![0; 64 * 1024];
    loop {
        if Instant::now() > deadline {
            return Err(late(&url, within));
        }
        match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Failure::Offline(format!("the answer was cut off ({e})"))),
        }
    }
    if body.len() as u64 > MAX_BODY {
        return Err(Failure::Failed(format!(
            "an answer larger than {} MB was refused",
            MAX_BODY / (1024 * 1024)
        )));
    }
    Ok(Response {
        status,
        headers,
        body,
        quotable,
    })
}

/// A transport error in words, without the URL (its query may be the user's search).
fn transport(e: reqwest::Error) -> Failure {
    let host = e
        .url()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "the server".into());
    // The innermost cause: the redirect policy's own reason, or rustls's word on a certificate.
    let e = e.without_url();
    let mut cause: &dyn std::error::Error = &e;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    let cause = cause.to_string();
    let why = if e.is_timeout() {
        "it did not answer in time".to_string()
    } else if cause.contains("certificate") {
        // Not the network: a TLS-inspecting proxy or an internal server signed by the
        // organisation's own authority, which the system does not trust yet.
        return Failure::Failed(format!(
            "{host}'s certificate is not trusted here ({cause}); if your organisation signs \
             its own, install its certificate authority in the system's trust store"
        ));
    } else if e.is_connect() {
        "the connection failed".to_string()
    } else if e.is_redirect() {
        return Failure::Failed(format!(
            "{host} redirected Townhall somewhere it will not follow: {cause}"
        ));
    } else {
        cause
    };
    Failure::Offline(format!("could not reach {host}: {why}"))
}

fn parse(url: &str) -> Result<Url, String> {
    let parsed = Url::parse(url).map_err(|e| format!("{url:?} is not a URL ({e})"))?;
    check_url(&parsed)?;
    Ok(parsed)
}

/// `https://` anywhere, `http://` only to this machine (127.0.0.0/8, ::1, localhost).
pub fn check_url(url: &Url) -> Result<(), String> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if url.host_str().is_some_and(is_loopback) => Ok(()),
        "http" => Err(format!(
            "{url} uses plain http://, which Townhall only allows to this machine; use https://"
        )),
        other => Err(format!(
            "{url}: {other}:// is not a web address Townhall fetches"
        )),
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Checks a base or feed URL given by the user. An address with a user name or password in it
/// is refused (without repeating them): it would be kept in the workspace, which never holds a
/// credential.
pub fn validate(url: &str) -> Result<String> {
    let mut parsed = parse(url.trim()).map_err(Error::InvalidInput)?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        let _ = parsed.set_username("");
        let _ = parsed.set_password(None);
        return Err(Error::InvalidInput(format!(
            "{parsed}: an address with a user name or password in it would keep them in the \
             workspace file, which never holds credentials; give the address without them (a \
             feed that asks for a login cannot be collected yet)"
        )));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_string())
}

/// When a rate-limited or unavailable server said to come back, a day from now at the latest:
/// `Retry-After` (seconds or an HTTP date), or the time the allowance resets —
/// `x-rate-limit-reset` (X), `x-ratelimit-reset` (Reddit: seconds; Mastodon: an RFC 3339 time)
/// or `ratelimit-reset` (Bluesky). A reset given as a number is a unix time when it is one
/// (past 2001), else seconds from now.
pub fn retry_at(response: &Response, now: i64) -> Option<i64> {
    let at = |value: &str| -> Option<i64> {
        let value = value.trim();
        if let Ok(n) = value.parse::<f64>() {
            let n = n.ceil() as i64;
            return Some(if n >= 1_000_000_000 {
                n
            } else {
                now + n.max(0)
            });
        }
        chrono::DateTime::parse_from_rfc3339(value)
            .or_else(|_| chrono::DateTime::parse_from_rfc2822(value))
            .ok()
            .map(|t| t.timestamp())
    };
    [
        "retry-after",
        "x-rate-limit-reset",
        "x-ratelimit-reset",
        "ratelimit-reset",
    ]
    .iter()
    .find_map(|name| response.header(name).and_then(at))
    .map(|t| t.clamp(now, now + 24 * 3600))
}

/// The common reading of a status: success (2xx, 304) passes; 429 waits for the reset time;
/// 401/403 is a refused credential, said with `refused`; 5xx is the server's trouble; anything
/// else is a failure quoting a little of the answer.
pub fn check(
    response: Response,
    label: &str,
    refused: &str,
    now: i64,
) -> Result<Response, Failure> {
    match response.status {
        200..=299 | 304 => Ok(response),
        429 => {
            let until = retry_at(&response, now).unwrap_or(now + 15 * 60);
            Err(Failure::RateLimited {
                until,
                message: format!("{label} asked Townhall to slow down (rate limit)"),
            })
        }
        401 | 403 => Err(Failure::Refused(refused.to_string())),
        500..=599 => Err(Failure::Server {
            message: format!(
                "{label} is having trouble (HTTP {}); Townhall tries again later",
                response.status
            ),
            until: retry_at(&response, now),
        }),
        status => Err(Failure::Failed(match response.excerpt() {
            excerpt if excerpt.trim().is_empty() => format!("{label} answered HTTP {status}"),
            excerpt => format!("{label} answered HTTP {status}: {excerpt}"),
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_this_machine() {
        assert!(validate("https://bsky.social/").is_ok());
        assert!(validate("http://127.0.0.1:8080").is_ok());
        assert!(validate("http://[::1]:8080").is_ok());
        assert!(validate("http://localhost/feed.xml").is_ok());
        let err = validate("http://example.org/feed").unwrap_err().to_string();
        assert!(err.contains("https://"), "{err}");
        assert!(validate("ftp://example.org").is_err());
        assert!(validate("not a url").is_err());
    }

    #[test]
    fn an_address_with_a_login_in_it_is_refused_without_repeating_it() {
        for url in [
            "https://feeduser:FeedPassw0rd@example.org/feed.xml",
            "https://FeedPassw0rd@example.org/feed.xml",
            "https://:FeedPassw0rd@example.org/feed.xml",
        ] {
            let err = validate(url).unwrap_err().to_string();
            assert!(err.contains("never holds credentials"), "{err}");
            assert!(!err.contains("FeedPassw0rd"), "{err}");
            assert!(err.starts_with("https://example.org/feed.xml"), "{err}");
        }
    }

    fn limited(name: &'static str, value: &str) -> Response {
        let mut headers = HeaderMap::new();
        headers.insert(name, value.parse().unwrap());
        Response {
            status: 429,
            headers,
            body: Vec::new(),
            quotable: false,
        }
    }

    /// A server that sends its answer a byte at a time is given up on when the whole answer is
    /// late, although no single read ever waits long.
    #[test]
    fn an_answer_trickled_byte_by_byte_is_given_up_on_in_time() {
        use std::io::Write;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = [0; 4096];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
            for _ in 0..100 {
                if stream.write_all(b"x").is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let http = Http {
            answer_within: Duration::from_secs(1),
            ..Http::new().unwrap()
        };
        let started = Instant::now();
        let request = http.get(&format!("http://127.0.0.1:{port}/feed")).unwrap();
        let failed = http.send(request, &AtomicBool::new(false)).err().unwrap();
        let waited = started.elapsed();
        match failed {
            Failure::Offline(why) => assert!(why.contains("took longer than 1 s"), "{why}"),
            other => panic!("expected a late answer, got {other:?}"),
        }
        assert!(waited < Duration::from_secs(5), "{waited:?}");
    }

    /// Each platform's way of saying when to come back.
    #[test]
    fn rate_limits_wait_for_the_time_each_platform_gives() {
        let now = 1_790_000_000;
        for (name, value, expected) in [
            ("retry-after", "120", now + 120),
            (
                "retry-after",
                "Mon, 21 Sep 2026 20:00:00 GMT",
                1_790_020_800,
            ),
            ("x-rate-limit-reset", "1790000900", now + 900), // X: unix time
            ("x-ratelimit-reset", "42.3", now + 43),         // Reddit: seconds
            ("x-ratelimit-reset", "2026-09-21T16:13:20.000Z", now + 7200), // Mastodon
            ("ratelimit-reset", "1790003600", now + 3600),   // Bluesky: unix time
            ("ratelimit-reset", "1890000000", now + 24 * 3600), // at most a day
            ("retry-after", "-5", now),
        ] {
            assert_eq!(
                retry_at(&limited(name, value), now),
                Some(expected),
                "{name}: {value}"
            );
        }
        assert_eq!(retry_at(&limited("retry-after", "soon"), now), None);
    }
}
