//! Links that name a person: a profile's or a post's address on a platform whose addresses carry
//! the account's name or id, in any case, on any of the platform's people's subdomains, through
//! its mirrors and link wrappers.

pub(super) use crate::analytics::words::unspaced;
use std::borrow::Cow;

use super::handle;

/// A link at the start of `s` to a person's profile or post on a platform whose addresses name
/// them (`x.com/name/status/1` and X's mirrors, `facebook.com/name` or a Facebook `id=`,
/// `reddit.com/user/name`, `bsky.app/profile/name`, `linkedin.com/in/name` and a member's
/// posts, `youtube.com/c/name`, `snapchat.com/add/name`, `t.me/name`, `twitch.tv/name`,
/// `pinterest.com/name`, a WhatsApp number's `wa.me/1555…`, a fediverse server's
/// `/users/name`, a Lemmy server's `/u/name`), also wrapped by Facebook's or Google's link
/// redirect (`l.facebook.com/l.php?u=…`, `google.com/url?q=…`): the link's length and the name.
/// Mastodon's and TikTok's `/@name` are mentions already.
/// Addresses of the platforms' own pages (`x.com/search`, `facebook.com/groups/…`) name no one.
pub(super) fn person_link(s: &str) -> Option<(usize, Cow<'_, str>)> {
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
                .is_some_and(people_subdomain)
    };
    // Nitter's many servers each mirror X under its paths.
    let nitter = host.starts_with("nitter.");
    let (path, reserved): (&str, &[&str]) = if nitter || TWITTER_HOSTS.iter().any(|d| on(d)) {
        // The old addresses' `#!/name/status/1`.
        let path = strip_prefix_ignore_case(path, "#!/").unwrap_or(path);
        if let Some(name) = twitter_page_of_person(path) {
            return Some((link_len(s), Cow::Owned(name)));
        }
        (path, TWITTER_PAGES)
    } else if let Some(wrapped) = redirect_target(&host, path) {
        // A redirect to another address, given whole in its query.
        let unwrapped = percent_decoded(wrapped);
        let name = person_link(&unwrapped)?.1.into_owned();
        return Some((link_len(s), Cow::Owned(name)));
    } else if on("facebook.com") || on("fb.com") || host == "fb.me" || host == "m.me" {
        // A profile, a post or a story given by its owner's numeric id.
        let by_id = ["profile.php", "permalink.php", "story.php"]
            .iter()
            .any(|page| strip_prefix_ignore_case(path, page).is_some_and(|q| q.starts_with('?')));
        match by_id {
            true => (query_value(path, "id")?, &[]),
            false => (path, FACEBOOK_PAGES),
        }
    } else if on("instagram.com") || host == "instagr.am" {
        (path, INSTAGRAM_PAGES)
    } else if on("reddit.com") {
        let user = ["user/", "u/"]
            .iter()
            .find_map(|p| strip_prefix_ignore_case(path, p))?;
        (user, &[])
    } else if on("bsky.app") {
        (strip_prefix_ignore_case(path, "profile/")?, &[])
    } else if on("linkedin.com") {
        // A member's post is `posts/name_words-of-the-post-activity-1`.
        let post = strip_prefix_ignore_case(path, "posts/");
        let member = post
            .map(|p| p.split('_').next().unwrap_or_default())
            .or_else(|| {
                ["in/", "pub/"]
                    .iter()
                    .find_map(|p| strip_prefix_ignore_case(path, p))
            })?;
        (member, &[])
    } else if on("youtube.com") {
        let channel = ["c/", "user/"]
            .iter()
            .find_map(|p| strip_prefix_ignore_case(path, p))?;
        (channel, &[])
    } else if on("snapchat.com") {
        (strip_prefix_ignore_case(path, "add/")?, &[])
    } else if host == "t.me" || host == "telegram.me" {
        (path, TELEGRAM_PAGES)
    } else if on("twitch.tv") {
        (path, TWITCH_PAGES)
    } else if pinterest(&host) {
        (path, PINTEREST_PAGES)
    } else if host == "wa.me" {
        // A WhatsApp chat with a telephone number.
        (path, &["message", "qr", "c"])
    } else if (on("whatsapp.com") || host == "api.whatsapp.com")
        && strip_prefix_ignore_case(path, "send").is_some()
    {
        (query_value(path, "phone")?, &[])
    } else if let Some(user) = strip_prefix_ignore_case(path, "users/") {
        // ActivityPub's address of an account and its posts, on any server.
        (user, &[])
    } else if let Some(user) = strip_prefix_ignore_case(path, "u/").filter(|_| lemmy(&host)) {
        (user, &[])
    } else {
        return None;
    };
    let name = handle(path, true);
    if name.is_empty() || reserved.iter().any(|r| r.eq_ignore_ascii_case(name)) {
        return None;
    }
    Some((link_len(s), Cow::Borrowed(name)))
}

/// The address a link wrapper sends to: Facebook's `l.facebook.com/l.php?u=…` and Google's
/// `google.com/url?q=…`, still percent-encoded.
fn redirect_target<'a>(host: &str, path: &'a str) -> Option<&'a str> {
    match host {
        "l.facebook.com" | "lm.facebook.com" => query_value(path, "u"),
        "google.com" | "www.google.com" if strip_prefix_ignore_case(path, "url?").is_some() => {
            query_value(path, "q").or_else(|| query_value(path, "url"))
        }
        _ => None,
    }
}

/// The person one of X's own pages is about: `intent/user?screen_name=name` (or `user_id=1`, as
/// X's own archive links a profile), `i/user/1`, `search?q=from:name`.
fn twitter_page_of_person(path: &str) -> Option<String> {
    let named = |value: &str| Some(handle(&percent_decoded(value), false).to_string());
    if ["intent/user?", "intent/follow?"]
        .iter()
        .any(|page| strip_prefix_ignore_case(path, page).is_some())
    {
        let value = query_value(path, "screen_name").or_else(|| query_value(path, "user_id"))?;
        return named(value).filter(|n| !n.is_empty());
    }
    if let Some(id) = strip_prefix_ignore_case(path, "i/user/") {
        return named(id).filter(|n| !n.is_empty());
    }
    if strip_prefix_ignore_case(path, "search?").is_some() {
        let query = percent_decoded(query_value(path, "q")?).replace('+', " ");
        let at = query.to_ascii_lowercase().find("from:")?;
        return named(query[at + "from:".len()..].trim_start_matches('@'))
            .filter(|n| !n.is_empty());
    }
    None
}

/// The length of the link `s` starts with: up to a space or a comma, without the punctuation
/// that ends a sentence or closes a bracket.
fn link_len(s: &str) -> usize {
    let end = s
        .find(|c: char| c.is_whitespace() || c == ',')
        .unwrap_or(s.len());
    s[..end]
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '"', '\''])
        .len()
}

/// The value of `key` in the query of `path` (`permalink.php?story_fbid=1&id=100099`), up to the
/// next parameter or the link's end.
fn query_value<'a>(path: &'a str, key: &str) -> Option<&'a str> {
    let (_, query) = path.split_once('?')?;
    query
        .split(['&', ' ', '#'])
        .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
}

/// `%XX` escapes decoded (a wrapped address); anything that is not one is kept as it is.
fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The length in bytes of the e-mail address `s` starts with (`jane.doe@district.org`), if it
/// starts with one: a local part, `@`, and a host with a dot inside. A letter of a script
/// written without spaces is no part of an address but the text before it (`詳細はjane@…`).
pub(super) fn email_len(s: &str) -> Option<usize> {
    let local = s.find(|c: char| {
        !(c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')) || unspaced(c)
    })?;
    if local == 0 {
        return None;
    }
    if let Some(len) = spelled_out_len(&s[local..]) {
        return Some(local + len);
    }
    if !s[local..].starts_with('@') {
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

/// The length of the rest of an e-mail address spelled out so that machines do not read it
/// (`jane.roe [at] gmail [dot] com`, `jane.roe(at)gmail(dot)com`), `s` starting after its local
/// part: an `at` and at least one `dot` in brackets, each with or without spaces around it.
fn spelled_out_len(s: &str) -> Option<usize> {
    // `word` in brackets, with any spaces before and after it: its length.
    let bracketed = |s: &str, word: &str| -> Option<usize> {
        let t = s.trim_start_matches(' ');
        let open = t.chars().next().filter(|c| matches!(c, '[' | '(' | '{'))?;
        let close = match open {
            '[' => ']',
            '(' => ')',
            _ => '}',
        };
        let inner = strip_prefix_ignore_case(&t[1..], word)?.strip_prefix(close)?;
        let after = inner.trim_start_matches(' ');
        Some(s.len() - after.len())
    };
    let mut at = bracketed(s, "at")?;
    let label = |s: &str| {
        s.find(|c: char| !(c.is_alphanumeric() || c == '-'))
            .unwrap_or(s.len())
    };
    let mut dots = 0;
    // The last label read: an address ends with a name's (`com`, `org`), not a number's.
    let mut last;
    loop {
        let part = label(&s[at..]);
        if part == 0 {
            return None;
        }
        last = &s[at..at + part];
        at += part;
        match bracketed(&s[at..], "dot").or_else(|| {
            // A plain dot between two labels.
            (s[at..].starts_with('.') && label(&s[at + 1..]) > 0).then_some(1)
        }) {
            Some(len) => {
                if s[at..].trim_start_matches(' ').starts_with(['[', '(', '{']) {
                    dots += 1;
                }
                at += len;
            }
            None => break,
        }
    }
    let named = last.len() >= 2 && last.bytes().all(|b| b.is_ascii_alphabetic());
    (dots > 0 && named).then_some(at)
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Whether `host` is Pinterest's, under any country's domain (`pinterest.co.uk`,
/// `www.pinterest.de`).
fn pinterest(host: &str) -> bool {
    let bare = host
        .split_once('.')
        .filter(|(sub, _)| people_subdomain(sub))
        .map_or(host, |(_, rest)| rest);
    bare.starts_with("pinterest.")
}

/// Whether `host` is a Lemmy or kbin server, whose people's pages are `/u/name`: one that says
/// so in its name, or one of the large ones that does not. Elsewhere `/u/` is often no person
/// (`myaccount.google.com/u/1`), so it names no one.
fn lemmy(host: &str) -> bool {
    ["lemmy", "lemm.ee", "kbin", "mbin", "feddit."]
        .iter()
        .any(|mark| host.contains(mark))
        || LEMMY_HOSTS.contains(&host)
}

/// Whether the platforms show people's pages and posts on the subdomain `sub`: the usual ones,
/// and a language's or country's (`es-la.facebook.com`, `uk.linkedin.com`, `pt-br.…`).
fn people_subdomain(sub: &str) -> bool {
    let letters = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase());
    PEOPLE_SUBDOMAINS.contains(&sub)
        || letters(sub)
        || sub
            .split_once('-')
            .is_some_and(|(language, country)| letters(language) && letters(country))
}

/// The subdomains other than a language's on which the platforms show people's pages and posts.
const PEOPLE_SUBDOMAINS: &[&str] = &[
    "www", "m", "mobile", "mbasic", "web", "touch", "np", "old", "new", "d", "i", "sh", "amp",
    "free",
];

/// X's addresses and the mirrors that show its posts under the same paths.
const TWITTER_HOSTS: &[&str] = &[
    "twitter.com",
    "x.com",
    "fxtwitter.com",
    "vxtwitter.com",
    "fixupx.com",
    "fixvx.com",
    "nitter.net",
    "xcancel.com",
    "twstalker.com",
];
/// The first parts of Telegram's addresses that are its own pages, not an account.
const TELEGRAM_PAGES: &[&str] = &["s", "joinchat", "addstickers", "share", "proxy", "login"];
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
/// The first parts of Twitch's addresses that are its own pages, not a channel.
const TWITCH_PAGES: &[&str] = &[
    "directory",
    "videos",
    "search",
    "settings",
    "downloads",
    "jobs",
    "p",
    "turbo",
    "prime",
    "subscriptions",
    "inventory",
    "wallet",
    "drops",
    "friends",
    "messages",
    "login",
    "signup",
    "store",
    "broadcast",
    "moderator",
    "popout",
    "embed",
];
/// The first parts of Pinterest's addresses that are a pin's or its own pages, not an account.
const PINTEREST_PAGES: &[&str] = &[
    "pin",
    "search",
    "ideas",
    "today",
    "business",
    "categories",
    "explore",
    "settings",
    "login",
    "signup",
    "about",
    "topics",
    "discover",
    "videos",
    "shopping",
    "news_hub",
    "homefeed",
    "_",
];
/// Large Lemmy servers whose names do not say so.
const LEMMY_HOSTS: &[&str] = &[
    "sh.itjust.works",
    "beehaw.org",
    "programming.dev",
    "sopuli.xyz",
    "discuss.tchncs.de",
    "lemmy.ca",
    "midwest.social",
    "slrpnk.net",
    "hexbear.net",
    "lemmygrad.ml",
    "startrek.website",
    "reddthat.com",
    "aussie.zone",
    "infosec.pub",
];
