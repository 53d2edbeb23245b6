//! Privacy by default: private persons are named "Person 1", "Person 2", … in a briefing (stable
//! within it), in bylines, in lists and where a quoted post @mentions them. Verified accounts and
//! the accounts the user marks as public (organisations, officials, the press) are named. A
//! setting turns names on for everyone.

use std::collections::{HashMap, HashSet};

use crate::analytics::breakdown::Voice;
use crate::model::Platform;
use crate::store::posts::StoredPost;

pub struct Pseudonyms {
    names: bool,
    public: HashSet<String>,
    assigned: HashMap<String, String>,
}

impl Pseudonyms {
    /// `public` lists handles (with or without `@`, case-insensitive) that are always named.
    pub fn new(names: bool, public: impl IntoIterator<Item = String>) -> Pseudonyms {
        Pseudonyms {
            names,
            public: public.into_iter().map(|h| normalise(&h)).collect(),
            assigned: HashMap::new(),
        }
    }

    fn is_named(&self, handle: Option<&str>, verified: Option<bool>) -> bool {
        self.names
            || verified == Some(true)
            || handle.is_some_and(|h| self.public.contains(&normalise(h)))
    }

    /// How to show an author: `@handle` or name when they are named, else their pseudonym.
    pub fn author(
        &mut self,
        platform: Platform,
        handle: Option<&str>,
        name: Option<&str>,
        verified: Option<bool>,
    ) -> String {
        if self.is_named(handle, verified) {
            return match (handle, name) {
                (Some(_), Some(n)) if platform != Platform::Twitter && !n.is_empty() => {
                    n.to_string()
                }
                (Some(h), _) => format!("@{}", h.trim_start_matches('@')),
                (None, Some(n)) => n.to_string(),
                (None, None) => "Unknown account".into(),
            };
        }
        let key = match (handle, name) {
            (Some(h), _) => normalise(h),
            (None, Some(n)) => format!("name:{n}"),
            (None, None) => return "A private person".into(),
        };
        self.pseudonym(key)
    }

    fn pseudonym(&mut self, key: String) -> String {
        let next = self.assigned.len() + 1;
        self.assigned
            .entry(key)
            .or_insert_with(|| format!("Person {next}"))
            .clone()
    }

    /// Replaces the mentions of people who are not named with their pseudonym: `@handle` (also
    /// written with the full-width `＠`; a Bluesky handle such as `@jane-doe.bsky.social` whole)
    /// and Reddit's `u/name` or `/u/name`. An `@` inside a word (`me@example.org`) is no mention,
    /// but an e-mail address is a person's too: it becomes "[e-mail address]".
    pub fn text(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut prev: Option<char> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let after = &text[at + c.len_utf8()..];
            let starts_word = !prev.is_some_and(|p| p.is_alphanumeric() || p == '_');
            if starts_word && !prev.is_some_and(|p| matches!(p, '/' | '.' | '@' | '＠')) {
                // An e-mail address names its owner as a handle does.
                if let Some(len) = email_len(&text[at..]).filter(|_| !self.names) {
                    out.push_str("[e-mail address]");
                    while chars.next_if(|&(i, _)| i < at + len).is_some() {}
                    prev = Some(']');
                    continue;
                }
                if let Some((len, name)) = person_link(&text[at..]) {
                    if !self.is_named(Some(name), None) {
                        let pseudonym = self.pseudonym(normalise(name));
                        out.push_str(&format!("[link to {pseudonym}]"));
                        while chars.next_if(|&(i, _)| i < at + len).is_some() {}
                        prev = Some(']');
                        continue;
                    }
                }
            }
            // The mark to write, and where the mentioned name starts.
            let mention = match c {
                '@' | '＠' if starts_word => Some(("@", after)),
                'u' if starts_word
                    && after.starts_with('/')
                    && !(prev == Some('/') && slash_follows_word(&text[..at])) =>
                {
                    Some(("u/", &after[1..]))
                }
                _ => None,
            };
            let Some((mark, name_at)) = mention else {
                out.push(c);
                prev = Some(c);
                continue;
            };
            let name = handle(name_at, mark == "@");
            if name.is_empty() || self.is_named(Some(name), None) {
                out.push(c);
                prev = Some(c);
                continue;
            }
            out.push_str(mark);
            out.push_str(&self.pseudonym(normalise(name)));
            let end = text.len() - name_at.len() + name.len();
            while chars.next_if(|&(i, _)| i < end).is_some() {}
            prev = name.chars().last();
        }
        out
    }
}

/// A link at the start of `s` to a person's profile or post on a platform whose addresses name
/// them (`x.com/name/status/1`, `facebook.com/name`, `reddit.com/user/name`,
/// `bsky.app/profile/name`, `linkedin.com/in/name`): the link's length and the name. Mastodon's
/// and TikTok's `/@name` are mentions already. Addresses of the platforms' own pages
/// (`x.com/search`, `facebook.com/groups/…`) name no one.
fn person_link(s: &str) -> Option<(usize, &str)> {
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| strip_prefix_ignore_case(s, scheme))
        .unwrap_or(s);
    // A user before the host (`https://kai79@x.com/…`) is no part of it.
    let rest = match rest.split_once('@') {
        Some((user, after)) if rest.len() < s.len() && !user.contains(['/', ' ']) => after,
        _ => rest,
    };
    // The host, in any case, then a path. A host is at most 253 characters: looking no further
    // keeps a long run of `a-a-a-…` from being read again at every word it holds.
    let host_len = rest
        .char_indices()
        .take(254)
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':')))?
        .0;
    let (host, path) = rest.split_at(host_len);
    let path = path.strip_prefix('/')?;
    let host = host
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    // The platform's own address, or a subdomain it shows people's pages on (not its blogs,
    // link wrappers or developer pages).
    let on = |domain: &str| {
        host == domain
            || host
                .strip_suffix(domain)
                .and_then(|sub| sub.strip_suffix('.'))
                .is_some_and(|sub| PEOPLE_SUBDOMAINS.contains(&sub))
    };
    let (path, reserved): (&str, &[&str]) = if on("twitter.com") || on("x.com") {
        (path, TWITTER_PAGES)
    } else if on("facebook.com") || on("fb.com") {
        match strip_prefix_ignore_case(path, "profile.php?id=") {
            Some(id) => (id, &[]),
            None => (path, FACEBOOK_PAGES),
        }
    } else if on("instagram.com") {
        (path, INSTAGRAM_PAGES)
    } else if on("reddit.com") {
        let user = ["user/", "u/"]
            .iter()
            .find_map(|p| strip_prefix_ignore_case(path, p))?;
        (user, &[])
    } else if on("bsky.app") {
        (strip_prefix_ignore_case(path, "profile/")?, &[])
    } else if on("linkedin.com") {
        (strip_prefix_ignore_case(path, "in/")?, &[])
    } else {
        return None;
    };
    let name = handle(path, true);
    if name.is_empty() || reserved.iter().any(|r| r.eq_ignore_ascii_case(name)) {
        return None;
    }
    let end = s
        .find(|c: char| c.is_whitespace() || c == ',')
        .unwrap_or(s.len());
    let link = s[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '"', '\'']);
    Some((link.len(), name))
}

/// The length in bytes of the e-mail address `s` starts with (`jane.doe@district.org`), if it
/// starts with one: a local part, `@`, and a host with a dot inside.
fn email_len(s: &str) -> Option<usize> {
    let local =
        s.find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')))?;
    if local == 0 || !s[local..].starts_with('@') {
        return None;
    }
    let rest = &s[local + 1..];
    let host_len = rest
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-')))
        .unwrap_or(rest.len());
    let host = rest[..host_len].trim_end_matches(['.', '-']);
    let inner_dot = host.find('.').is_some_and(|dot| dot > 0);
    inner_dot.then_some(local + 1 + host.len())
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// The subdomains on which the platforms show people's pages and posts.
const PEOPLE_SUBDOMAINS: &[&str] = &[
    "www", "m", "mobile", "mbasic", "web", "touch", "np", "old", "new",
];

/// The first parts of X's addresses that are its own pages, not an account.
const TWITTER_PAGES: &[&str] = &[
    "i",
    "home",
    "search",
    "hashtag",
    "intent",
    "share",
    "explore",
    "settings",
    "messages",
    "notifications",
    "compose",
    "login",
    "signup",
    "tos",
    "privacy",
    "about",
    "download",
    "en",
];
/// The first parts of Facebook's addresses that are its own pages or a post's, not an account.
const FACEBOOK_PAGES: &[&str] = &[
    "groups",
    "events",
    "watch",
    "photo",
    "photo.php",
    "permalink.php",
    "story.php",
    "sharer",
    "sharer.php",
    "share",
    "hashtag",
    "marketplace",
    "help",
    "login",
    "login.php",
    "pages",
    "gaming",
    "reel",
    "reels",
    "privacy",
    "policies",
];
/// The first parts of Instagram's addresses that are a post's or its own pages, not an account.
const INSTAGRAM_PAGES: &[&str] = &[
    "p", "reel", "reels", "tv", "explore", "accounts", "about", "legal", "direct",
];

/// The handle at the start of `s`: letters, digits and `_`, and for an `@` handle also `.`, `-`
/// and `@` (`name.bsky.social`, `user@instance`), without a trailing `.` or `-`.
fn handle(s: &str, at_handle: bool) -> &str {
    let len = s
        .find(|c: char| {
            !(c.is_alphanumeric() || c == '_' || c == '-' || (at_handle && matches!(c, '.' | '@')))
        })
        .unwrap_or(s.len());
    s[..len].trim_end_matches(['.', '-'])
}

/// Whether the `/` that ends `before` follows a word, as in a link's path (`example.com/u/x`),
/// rather than opening a Reddit mention (`/u/x`).
fn slash_follows_word(before: &str) -> bool {
    before
        .strip_suffix('/')
        .and_then(|b| b.chars().last())
        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '/' || c == '.')
}

impl Pseudonyms {
    /// A post as it may be shown: a private author's handle becomes their pseudonym, their name
    /// and the post's link (which names them) are left out, and @mentions in the text follow
    /// [`Pseudonyms::text`].
    pub fn post(&mut self, p: &StoredPost) -> StoredPost {
        let mut shown = p.clone();
        shown.text = self.text(&p.text);
        let private = self.private(
            p.platform,
            p.author_handle.as_deref(),
            p.author_name.as_deref(),
            p.author_verified,
        );
        if let Some(pseudonym) = private {
            shown.author_handle = Some(pseudonym);
            shown.author_name = None;
            // The post's address, its id on the platform (a Facebook id is the page's address)
            // and the post it answers would each lead back to the person.
            shown.url = None;
            shown.native_id = String::new();
            shown.parent = None;
        }
        shown
    }

    /// A voice (an author and what they brought) as it may be shown: a private person's handle
    /// becomes their pseudonym and their name is left out.
    pub fn voice(&mut self, v: &Voice) -> Voice {
        let mut shown = v.clone();
        let private = self.private(
            v.platform,
            v.handle.as_deref(),
            v.name.as_deref(),
            v.verified,
        );
        if let Some(pseudonym) = private {
            shown.handle = Some(pseudonym);
            shown.name = None;
        }
        shown
    }

    /// A private author's pseudonym; `None` for an author who is named.
    fn private(
        &mut self,
        platform: Platform,
        handle: Option<&str>,
        name: Option<&str>,
        verified: Option<bool>,
    ) -> Option<String> {
        (!self.is_named(handle, verified)).then(|| self.author(platform, handle, name, verified))
    }
}

fn normalise(handle: &str) -> String {
    handle.trim().trim_start_matches('@').to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_people_get_stable_pseudonyms_and_public_accounts_keep_names() {
        let mut p = Pseudonyms::new(false, ["@KRVS_News".to_string()]);
        assert_eq!(
            p.author(
                Platform::Twitter,
                Some("maya_k"),
                Some("Maya K"),
                Some(false)
            ),
            "Person 1"
        );
        assert_eq!(
            p.author(Platform::Twitter, Some("sam"), None, None),
            "Person 2"
        );
        assert_eq!(
            p.author(Platform::Twitter, Some("Maya_K"), None, None),
            "Person 1",
            "stable"
        );
        assert_eq!(
            p.author(
                Platform::Twitter,
                Some("RiversideUSD"),
                Some("Riverside"),
                Some(true)
            ),
            "@RiversideUSD"
        );
        assert_eq!(
            p.author(Platform::Twitter, Some("krvs_news"), None, None),
            "@krvs_news"
        );
        assert_eq!(
            p.text("@maya_k and @KRVS_News: ask @new_person, mail me@example.org"),
            "@Person 1 and @KRVS_News: ask @Person 3, mail [e-mail address]"
        );
    }

    /// Bluesky handles with hyphens, the full-width at-sign and Reddit's `u/` are mentions too;
    /// a link's path is not, and an e-mail address is hidden whole.
    #[test]
    fn every_way_of_mentioning_a_person_is_pseudonymised() {
        let mut p = Pseudonyms::new(false, ["krvs_news".to_string()]);
        assert_eq!(
            p.text("ask @jane-doe.bsky.social. Or ＠fullwidth_fran, u/reddit_rick, /u/reddit_rob!"),
            "ask @Person 1. Or @Person 2, u/Person 3, /u/Person 4!"
        );
        assert_eq!(
            p.text("(u/Reddit_Rick) @JANE-DOE.bsky.social- again"),
            "(u/Person 3) @Person 1- again"
        );
        assert_eq!(
            p.text("see example.com/u/path, menu/x, me@example.org, u/ and @ alone, @krvs_news"),
            "see example.com/u/path, menu/x, [e-mail address], u/ and @ alone, @krvs_news"
        );
        assert_eq!(
            p.text("write to Jane.Doe+it@district.k12.us. Or a@b, @ x@y. and x@.org"),
            "write to [e-mail address]. Or a@b, @ x@y. and x@.org"
        );
        let mut named = Pseudonyms::new(true, []);
        assert_eq!(named.text("mail me@example.org"), "mail me@example.org");
        assert_eq!(p.text("café u/zoë ＠zoë"), "café u/Person 5 @Person 5");
    }

    /// A link to a private person's profile or post names them as an @mention does.
    #[test]
    fn links_that_name_a_person_are_pseudonymised() {
        let mut p = Pseudonyms::new(false, ["RiversideUSD".to_string()]);
        assert_eq!(
            p.text(
                "see https://x.com/Kai79/status/123?s=20, twitter.com/kai79. \
                 (www.facebook.com/maya.k) reddit.com/u/rick_r bsky.app/profile/jane.bsky.social"
            ),
            "see [link to Person 1], [link to Person 1]. ([link to Person 2]) \
             [link to Person 3] [link to Person 4]"
        );
        assert_eq!(p.text("@jane.bsky.social"), "@Person 4");
        assert_eq!(
            p.text("FACEBOOK.com/profile.php?id=100012 and linkedin.com/in/ann-lee/"),
            "[link to Person 5] and [link to Person 6]"
        );
        // Any case, any subdomain.
        assert_eq!(
            p.text(
                "HTTPS://X.COM/kai79/status/1 https://web.facebook.com/maya.k \
                 np.reddit.com/u/rick_r https://mbasic.facebook.com/jane.doe"
            ),
            "[link to Person 1] [link to Person 2] [link to Person 3] [link to Person 7]"
        );
        assert_eq!(
            p.text("https://kai79@x.com/kai79/status/1 x.com/kai79,thanks"),
            "[link to Person 1] [link to Person 1],thanks"
        );
        let wrappers = "https://l.facebook.com/l.php?u=x developers.facebook.com/status/ \
                        engineering.fb.com/2021/10/05/outage blog.x.com/engineering/a \
                        about.instagram.com/blog/b";
        assert_eq!(p.text(wrappers), wrappers);
        let untouched = "x.com/RiversideUSD/status/9 x.com/search?q=a x.com/i/web/status/1 \
                         facebook.com/groups/parents instagram.com/p/Cx1 reddit.com/r/schools \
                         notx.com/kai79 example.com/x.com/kai79";
        assert_eq!(p.text(untouched), untouched);
    }

    #[test]
    fn the_names_setting_shows_everyone() {
        let mut p = Pseudonyms::new(true, []);
        assert_eq!(
            p.author(Platform::Twitter, Some("maya_k"), None, None),
            "@maya_k"
        );
        assert_eq!(p.text("hi @maya_k"), "hi @maya_k");
        assert_eq!(p.text("x.com/maya_k/status/1"), "x.com/maya_k/status/1");
    }
}
