//! Privacy by default: private persons are named "Person 1", "Person 2", … in a briefing (stable
//! within it), in bylines, in lists and where a quoted post @mentions them. Verified accounts and
//! the accounts the user marks as public (organisations, officials, the press) are named. A
//! setting turns names on for everyone.

mod links;
mod phones;

use std::collections::{HashMap, HashSet};

use links::{email_len, person_link};
use phones::phone_len;

use crate::analytics::breakdown::Voice;
use crate::analytics::copies::CopyGroup;
use crate::analytics::handles;
use crate::analytics::themes::Theme;
use crate::analytics::words;
use crate::model::Platform;
use crate::store::posts::StoredPost;

pub struct Pseudonyms {
    names: bool,
    public: HashSet<String>,
    assigned: HashMap<String, String>,
    /// The posts that posts to be shown reply to, by the replying post's id
    /// ([`Pseudonyms::answering`]).
    answered: HashMap<i64, StoredPost>,
    /// Handles of stored accounts that the texts to be shown write without their `@`, lower
    /// case ([`Pseudonyms::knowing_bare`]).
    bare: HashSet<String>,
}

impl Pseudonyms {
    /// `public` lists handles (with or without `@`, case-insensitive) that are always named.
    pub fn new(names: bool, public: impl IntoIterator<Item = String>) -> Pseudonyms {
        Pseudonyms {
            names,
            public: public.into_iter().map(|h| normalise(&h)).collect(),
            assigned: HashMap::new(),
            answered: HashMap::new(),
            bare: HashSet::new(),
        }
    }

    /// Learns which words of the texts to be shown are the handles of stored accounts written
    /// without their `@` (as [`handles::handles_in`] finds them): a private person's becomes their
    /// pseudonym there ("ask Person 1, she had the same error").
    pub fn knowing_bare(&mut self, handles: HashSet<String>) {
        self.bare.extend(handles);
    }

    /// Learns the posts that the posts to be shown reply to, by the replying post's id (as
    /// `store::posts::replied_to` finds them): a reply that names the private person it
    /// answers ("Sorry Pete Private, the portal is back") then shows their pseudonym there.
    pub fn answering(&mut self, answered: HashMap<i64, StoredPost>) {
        self.answered.extend(answered);
    }

    fn is_named(&self, handle: Option<&str>, verified: Option<bool>) -> bool {
        self.names
            || verified == Some(true)
            || handle.is_some_and(|h| self.public.contains(&normalise(h)))
    }

    /// [`Pseudonyms::is_named`] of an account of `platform`: a news site (a feed's, a listening
    /// tool's news row) is a publication, named as the press is.
    fn is_named_on(
        &self,
        platform: Platform,
        handle: Option<&str>,
        verified: Option<bool>,
    ) -> bool {
        platform == Platform::News || self.is_named(handle, verified)
    }

    /// How to show an author: `@handle` or name when they are named, else their pseudonym.
    pub fn author(
        &mut self,
        platform: Platform,
        handle: Option<&str>,
        name: Option<&str>,
        verified: Option<bool>,
    ) -> String {
        if self.is_named_on(platform, handle, verified) {
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
    /// but an e-mail address is a person's too: it becomes "[e-mail address]", and a telephone
    /// number "[phone number]".
    pub fn text(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut prev: Option<char> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let after = &text[at + c.len_utf8()..];
            let starts_word = !prev.is_some_and(|p| p.is_alphanumeric() || p == '_');
            if let Some((replacement, len)) = self.hidden_span(text, at, c, prev) {
                out.push_str(&replacement);
                while chars.next_if(|&(i, _)| i < at + len).is_some() {}
                prev = Some(']');
                continue;
            }
            // The mark to write, and where the mentioned name starts (after any invisible
            // character, which the platforms ignore and which would otherwise end the name).
            let mention = match c {
                '@' | '＠' if at_may_mention(&text[..at]) => {
                    let name_at = after.trim_start_matches(INVISIBLE);
                    // `@/name` names someone without tagging them, by a convention of X's users.
                    Some(("@", name_at.strip_prefix(['/', '\\']).unwrap_or(name_at)))
                }
                // Reddit links `U/name` as it links `u/name`.
                'u' | 'U'
                    if starts_word
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
            // Reddit's names have at least three characters (`u/s` is a unit's abbreviation).
            let too_short = mark == "u/" && name.chars().count() < 3;
            if name.is_empty() || too_short || self.is_named(Some(name), None) {
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
        self.without_bare_handles(out)
    }

    /// `text` with the private handles among [`Pseudonyms::knowing_bare`]'s written without
    /// their `@` as pseudonyms.
    fn without_bare_handles(&mut self, text: String) -> String {
        if self.names || self.bare.is_empty() {
            return text;
        }
        handles::replaced(&text, |word| {
            let private =
                self.bare.contains(&word.to_lowercase()) && !self.is_named(Some(word), None);
            private.then(|| self.pseudonym(normalise(word)))
        })
    }

    /// The span at `at` of `text` that names a person without a mention (an e-mail address, a
    /// telephone number, a link to a person's page), `c` being its first character and `prev`
    /// the character before it: what to write instead, and the span's length in bytes.
    fn hidden_span(
        &mut self,
        text: &str,
        at: usize,
        c: char,
        prev: Option<char>,
    ) -> Option<(String, usize)> {
        let starts_word = !prev.is_some_and(|p| p.is_alphanumeric() || p == '_');
        let inside = prev.is_some_and(|p| matches!(p, '/' | '.' | '@' | '＠'));
        let rest = &text[at..];
        // An e-mail address starts a word, or follows a letter of a script written without
        // spaces (`詳細はjane@…`). It names its owner as a handle does.
        let email_may_start = !inside && (starts_word || prev.is_some_and(links::unspaced));
        if email_may_start && !self.names {
            if let Some(len) = email_len(rest) {
                return Some(("[e-mail address]".to_string(), len));
            }
        }
        // A telephone number names its owner as an address does.
        let phone_may_start = starts_word
            && !prev.is_some_and(|p| "/.@＠-+()$".contains(p))
            && (c == '+' || c == '(' || c.is_ascii_digit());
        if phone_may_start && !self.names {
            if let Some(len) = phone_len(rest) {
                return Some(("[phone number]".to_string(), len));
            }
        }
        // A link starts a word, or follows a letter of another script (`詳細はx.com/…`); with
        // its scheme it starts wherever it is written (`see...https://x.com/…`).
        let link_may_start = (!inside
            && !prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '_'))
            || has_scheme(rest);
        if link_may_start {
            if let Some((len, name)) = person_link(rest) {
                if !self.is_named(Some(&name), None) {
                    let pseudonym = self.pseudonym(normalise(&name));
                    return Some((format!("[link to {pseudonym}]"), len));
                }
            }
        }
        None
    }
}

/// Whether `s` starts with a web address's scheme.
fn has_scheme(s: &str) -> bool {
    ["https://", "http://"].iter().any(|scheme| {
        s.get(..scheme.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
    })
}

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

/// Characters that show nothing and that a name may hide behind (`@\u{200B}name`).
const INVISIBLE: &[char] = &[
    '\u{00AD}', '\u{180E}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{2061}', '\u{2062}',
    '\u{2063}', '\u{2064}', '\u{FEFF}',
];

/// Whether an `@` after `before` starts a mention, as the platforms link them: not after a Latin
/// letter, a digit or `_!#$%&*@` (`me@example.org`, `a*@b`), but after a letter of another script
/// (`ありがとう@kai`), and after a retweet's `RT` (`RT@kai`).
fn at_may_mention(before: &str) -> bool {
    let joins = |c: char| c.is_ascii_alphanumeric() || "_!#$%&*@＠".contains(c);
    let Some(prev) = before.chars().last() else {
        return true;
    };
    if !joins(prev) {
        return true;
    }
    before
        .get(before.len().saturating_sub(2)..)
        .filter(|rt| rt.eq_ignore_ascii_case("rt"))
        .is_some_and(|_| !before[..before.len() - 2].chars().last().is_some_and(joins))
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
    /// [`Pseudonyms::said_by`].
    pub fn post(&mut self, p: &StoredPost) -> StoredPost {
        let mut shown = p.clone();
        shown.text = self.said_by(&p.text, p);
        if let Some(pseudonym) = self.private_author(p) {
            shown.author_handle = Some(pseudonym);
            shown.author_name = None;
            // The post's address and its id on the platform (a Facebook id is the page's
            // address) would each lead back to the person.
            shown.url = None;
            shown.native_id = String::new();
        }
        // The post it answers, reposts or quotes leads back to whoever wrote that one, who may
        // be a private person even when this author is named (an organisation's reply).
        if !self.names {
            shown.parent = None;
        }
        shown
    }

    /// `text`, taken from post `by` (a sentence of it, a theme's label, a copied text), as it may
    /// be shown: [`Pseudonyms::text`], and a private author's own name in it is their
    /// pseudonym too, in any case: an archive's own posts may say who wrote them ("Hunter
    /// Hillis updated his status"). So is the name of the private person `by` answers, when
    /// known ([`Pseudonyms::answering`]).
    pub fn said_by(&mut self, text: &str, by: &StoredPost) -> String {
        let shown = self.text(text);
        let shown = self.without_tagged(&shown, by);
        let shown = self.without_own_name(&shown, by);
        match self.answered.get(&by.id).cloned() {
            Some(answered) => self.without_own_name(&shown, &answered),
            None => shown,
        }
    }

    /// An official post's `text` as it can be shown: [`Pseudonyms::text`], and the name of the
    /// private person it replies to, `answered`'s author, as their pseudonym ("Sorry Jane Roe,
    /// we're on it" answers Jane Roe).
    pub fn answer(&mut self, text: &str, answered: Option<&StoredPost>) -> String {
        let shown = self.text(text);
        match answered {
            Some(post) => self.without_own_name(&shown, post),
            None => shown,
        }
    }

    /// `text` with the friends a Facebook post's title says its author was with as their
    /// pseudonyms ("Maya K was with Pete Roe and Ann Lee at Riverside." names two private
    /// people): only in a text that starts so, with its author's own name.
    fn without_tagged(&mut self, text: &str, by: &StoredPost) -> String {
        if self.names || by.platform != Platform::Facebook {
            return text.to_string();
        }
        let Some(name) = own_name(by) else {
            return text.to_string();
        };
        let Some(after_name) = text
            .get(..name.len())
            .filter(|head| head.to_lowercase() == name.to_lowercase())
            .map(|_| &text[name.len()..])
        else {
            return text.to_string();
        };
        let Some(marker) = [" was with ", " is with ", " were with ", " are with "]
            .into_iter()
            .find(|m| after_name.starts_with(m))
        else {
            return text.to_string();
        };
        let start = name.len() + marker.len();
        let rest = &text[start..];
        let end = rest.find(['.', '\n']).unwrap_or(rest.len());
        let end = [" at ", " in "]
            .iter()
            .filter_map(|m| rest[..end].find(m))
            .min()
            .unwrap_or(end);
        let friends = rest[..end]
            .split(", ")
            .map(|part| {
                part.split(" and ")
                    .map(
                        |friend| match friend.ends_with(" others") || friend.ends_with(" other") {
                            true => friend.to_string(),
                            false => self.pseudonym(normalise(friend)),
                        },
                    )
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect::<Vec<_>>()
            .join(", ");
        format!("{}{friends}{}", &text[..start], &rest[end..])
    }

    /// `text` with the name of `by`'s author, when a private person, as their pseudonym: the
    /// part of [`Pseudonyms::said_by`] for a text whose mentions are replaced later.
    pub fn without_own_name(&mut self, text: &str, by: &StoredPost) -> String {
        let Some(pseudonym) = self.private_author(by) else {
            return text.to_string();
        };
        let text = match own_name(by) {
            Some(name) => words::replace_word_ignoring_case(text, &name, &pseudonym),
            None => text.to_string(),
        };
        // Their handle written without its `@` (`eightbit.me/andreruffert`), as a whole word.
        match own_handle(by) {
            Some(handle) => words::replace_word_ignoring_case(&text, handle, &pseudonym),
            None => text,
        }
    }

    /// `terms` (a theme's words) without those that are words of the name of a private author
    /// among `by` (the theme's label and example posts): "hunter", "hillis", "hunter hillis".
    pub fn terms_of(&mut self, terms: &[String], by: &[&StoredPost]) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for post in by {
            if let (Some(_), Some(name)) = (self.private_author(post), own_name(post)) {
                names.extend(
                    name.split(|c: char| !c.is_alphanumeric())
                        .filter(|w| w.chars().count() >= 3)
                        .map(str::to_lowercase),
                );
            }
        }
        terms
            .iter()
            .filter(|term| {
                !term
                    .split_whitespace()
                    .any(|w| names.contains(&w.to_lowercase()))
            })
            .cloned()
            .collect()
    }

    /// A theme's label and terms as they may be shown, given its quoted posts among `posts`
    /// ([`Theme::quoted`]): see [`Pseudonyms::said_by`] and [`Pseudonyms::terms_of`].
    pub fn theme(&mut self, theme: &Theme, posts: &[StoredPost]) -> (String, Vec<String>) {
        let quoted: Vec<&StoredPost> = theme
            .quoted()
            .filter_map(|id| posts.iter().find(|p| p.id == id))
            .collect();
        let label = match quoted.first().filter(|p| p.id == theme.label_post) {
            Some(by) => self.said_by(&theme.label, by),
            None => self.text(&theme.label),
        };
        (label, self.terms_of(&theme.terms, &quoted))
    }

    /// A copied text as it may be shown, given its earliest post among `posts`.
    pub fn copied(&mut self, group: &CopyGroup, posts: &[StoredPost]) -> String {
        match posts.iter().find(|p| p.id == group.first) {
            Some(by) => self.said_by(&group.text, by),
            None => self.text(&group.text),
        }
    }

    /// A post's byline: [`Pseudonyms::author`] of its author.
    pub fn byline(&mut self, p: &StoredPost) -> String {
        self.author(
            p.platform,
            p.author_handle.as_deref(),
            p.author_name.as_deref(),
            p.author_verified,
        )
    }

    fn private_author(&mut self, p: &StoredPost) -> Option<String> {
        self.private(
            p.platform,
            p.author_handle.as_deref(),
            p.author_name.as_deref(),
            p.author_verified,
        )
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
        (!self.is_named_on(platform, handle, verified))
            .then(|| self.author(platform, handle, name, verified))
    }
}

/// A post's author's name, when long enough to be told from a word (four characters or more).
/// A post's author's handle, when long enough to be found in a text without finding other
/// words.
fn own_handle(p: &StoredPost) -> Option<&str> {
    p.author_handle
        .as_deref()
        .map(|h| h.trim().trim_start_matches('@'))
        .filter(|h| h.chars().count() >= 4)
}

fn own_name(p: &StoredPost) -> Option<String> {
    words::own_name(p.author_name.as_deref(), p.author_handle.as_deref())
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

    /// A news site (a feed's items, a listening tool's news rows) is a publication: named.
    #[test]
    fn a_news_site_is_named_as_the_press_is() {
        let mut p = Pseudonyms::new(false, []);
        assert_eq!(
            p.author(
                Platform::News,
                Some("status.example.com"),
                Some("Status"),
                None
            ),
            "Status"
        );
        assert_eq!(
            p.author(Platform::Twitter, Some("status_example"), None, None),
            "Person 1"
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
        // Written without spaces, the text before an address is kept; the address is not.
        assert_eq!(
            p.text("詳細はjane.doe@district.org、またはjosé@example.es まで"),
            "詳細は[e-mail address]、または[e-mail address] まで"
        );
        assert_eq!(p.text("문의jane@district.org"), "문의[e-mail address]");
        // Spelled out, so that machines do not read it.
        assert_eq!(
            p.text("jane.roe [at] gmail [dot] com, jane.roe(at)gmail(dot)com or x {at} mail.district[dot]org!"),
            "[e-mail address], [e-mail address] or [e-mail address]!"
        );
        let untouched = "meet me [at] noon, back (at) 3 [dot] 30, jane (at) home.";
        assert_eq!(p.text(untouched), untouched);
    }

    /// As the platforms link them: after a letter of another script, after `RT`, and with an
    /// invisible character between the `@` and the name; not after a Latin letter or digit.
    /// And as people name someone without tagging them: `@/name`.
    #[test]
    fn mentions_the_platforms_link_are_pseudonymised() {
        let mut p = Pseudonyms::new(false, []);
        assert_eq!(
            p.text("ありがとう@kai_jp 先生@sensei_jp Привет@ivan_ru مرحبا@ali_ar RT@rt_user"),
            "ありがとう@Person 1 先生@Person 2 Привет@Person 3 مرحبا@Person 4 RT@Person 5"
        );
        assert_eq!(
            p.text("@\u{200B}kai_jp, ＠\u{2060}wj_user and @\u{00AD}\u{200B}shy_user"),
            "@Person 1, @Person 6 and @Person 7"
        );
        let untouched = "a2@b x_@y art@home PRT@x 3@4";
        assert_eq!(p.text(untouched), untouched);
        assert_eq!(
            p.text("call me 555-867-5309 or +44 7700 900123 (after 2026-09-01, 12:30)"),
            "call me [phone number] or [phone number] (after 2026-09-01, 12:30)"
        );
        let numbers = "CVE-2015-1793, 1756-1791, v0.10.40, +10 tabs, ID-555-0147, $312-555-0147";
        assert_eq!(p.text(numbers), numbers);
        // Named without being tagged.
        assert_eq!(
            p.text("who @/mishamake is following, and @\\quiet_q"),
            "who @Person 8 is following, and @Person 9"
        );
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
        // More of the platforms' addresses that carry a person's name, and Google's redirect.
        let mut p = Pseudonyms::new(false, []);
        assert_eq!(
            p.text(
                "linkedin.com/posts/maria-lopez-4b2a1_schoolmax-activity-71 \
                 linkedin.com/in/maria-lopez-4b2a1 linkedin.com/pub/jane-roe/1/2 \
                 youtube.com/c/kaivids youtube.com/user/kaivids instagr.am/maya.k \
                 m.me/jane.doe fb.me/jane.doe snapchat.com/add/snap_sam \
                 https://www.google.com/url?q=https%3A%2F%2Ftwitter.com%2Fjane_roe77&sa=D"
            ),
            "[link to Person 1] [link to Person 1] [link to Person 2] [link to Person 3] \
             [link to Person 3] [link to Person 4] [link to Person 5] [link to Person 5] \
             [link to Person 6] [link to Person 7]"
        );
        let untouched = "linkedin.com/company/riverside youtube.com/watch?v=abc \
                         google.com/url?q=https%3A%2F%2Fexample.org google.com/search?q=x";
        assert_eq!(p.text(untouched), untouched);
    }

    /// X's mirrors, Telegram, a fediverse account's address, Facebook's ids in a post's or a
    /// story's address, and an address wrapped by Facebook's redirect name their person too.
    #[test]
    fn mirrors_ids_and_wrapped_links_are_pseudonymised() {
        let mut p = Pseudonyms::new(false, []);
        assert_eq!(
            p.text(
                "fxtwitter.com/kai79/status/3 vxtwitter.com/kai79/status/2 \
                 https://nitter.net/kai79/status/1 t.me/tg_user \
                 https://mastodon.social/users/masto_user/statuses/1"
            ),
            "[link to Person 1] [link to Person 1] [link to Person 1] [link to Person 2] \
             [link to Person 3]"
        );
        assert_eq!(
            p.text(
                "facebook.com/permalink.php?story_fbid=1&id=100099 \
                 https://m.facebook.com/story.php?story_fbid=2&id=100088. \
                 https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.facebook.com%2Fwrapped.user&h=AT0"
            ),
            "[link to Person 4] [link to Person 5]. [link to Person 6]"
        );
        let untouched = "t.me/s/news facebook.com/permalink.php example.com/user/x";
        assert_eq!(p.text(untouched), untouched);
    }

    /// Streamers, pinners, a WhatsApp number and a Lemmy account are named by their addresses
    /// too; Reddit's names in capitals are names; the platforms' own pages are no one's.
    #[test]
    fn more_platforms_links_are_pseudonymised() {
        let mut p = Pseudonyms::new(false, []);
        assert_eq!(
            p.text(
                "twitch.tv/kai_streams https://www.twitch.tv/kai_streams/videos \
                 pinterest.com/pin_jane/boards uk.pinterest.co.uk/pin_jane wa.me/15551234567 \
                 https://api.whatsapp.com/send?phone=15551234567&text=hi \
                 https://lemmy.world/u/lem_user beehaw.org/u/lem_user U/Reddit_Rick"
            ),
            "[link to Person 1] [link to Person 1] [link to Person 2] [link to Person 2] \
             [link to Person 3] [link to Person 3] [link to Person 4] [link to Person 4] \
             u/Person 5"
        );
        let untouched = "twitch.tv/directory pinterest.com/pin/123 wa.me/message/AB12 \
                         myaccount.google.com/u/1 example.com/u/path U/S u/v";
        assert_eq!(p.text(untouched), untouched);
    }

    /// A link right after a letter of another script (Japanese writes no space before one) or
    /// after punctuation, when its scheme shows where it starts; a language's or a country's
    /// subdomain; more of X's mirrors.
    #[test]
    fn links_after_other_scripts_and_on_language_subdomains_are_pseudonymised() {
        let mut p = Pseudonyms::new(false, []);
        assert_eq!(
            p.text("詳細はhttps://twitter.com/jp_user/status/1 詳細はx.com/jp_user"),
            "詳細は[link to Person 1] 詳細は[link to Person 1]"
        );
        assert_eq!(
            p.text("see...https://x.com/dots/status/2 (link:http://x.com/dots)"),
            "see...[link to Person 2] (link:[link to Person 2])"
        );
        assert_eq!(
            p.text(
                "https://es-la.facebook.com/fb_user pt-br.facebook.com/fb_user \
                 https://d.facebook.com/fb_user uk.linkedin.com/in/li_user \
                 https://sh.reddit.com/user/rd_user i.reddit.com/u/rd_user"
            ),
            "[link to Person 3] [link to Person 3] [link to Person 3] [link to Person 4] \
             [link to Person 5] [link to Person 5]"
        );
        assert_eq!(
            p.text("xcancel.com/xc/status/3 https://nitter.poast.org/xc/status/4"),
            "[link to Person 6] [link to Person 6]"
        );
        let untouched = "Bx.com/kai79 example.com/x.com/kai79 developers.facebook.com/docs";
        assert_eq!(p.text(untouched), untouched);
    }

    /// X's own pages about a person name them in their query or path: the old `#!/`, the
    /// intents (X's archive links a profile by `intent/user?user_id=`), `i/user/`, a search
    /// from an account.
    #[test]
    fn x_pages_about_a_person_are_pseudonymised() {
        let mut p = Pseudonyms::new(false, []);
        assert_eq!(
            p.text(
                "https://twitter.com/#!/jane_p/status/12345 \
                 twitter.com/intent/user?screen_name=jane_p \
                 https://twitter.com/intent/user?user_id=1001 x.com/i/user/1001 \
                 twitter.com/search?q=from%3Ajane_p&src=typed"
            ),
            "[link to Person 1] [link to Person 1] [link to Person 2] [link to Person 2] \
             [link to Person 1]"
        );
        let untouched = "x.com/i/flow/login x.com/search?q=portal x.com/intent/tweet?text=hi";
        assert_eq!(p.text(untouched), untouched);
    }

    /// A named organisation's reply keeps its byline but not the post it answers, whose author
    /// may be a private person; a private author's name in their own post's text is their
    /// pseudonym (a Facebook archive's "Hunter Hillis updated his status").
    #[test]
    fn a_post_shows_neither_its_parent_nor_its_private_author_s_name() {
        let post = |handle: &str, name: &str, verified, text: &str| StoredPost {
            id: 1,
            platform: Platform::Facebook,
            native_id: "99".into(),
            author_handle: Some(handle.into()),
            author_name: Some(name.into()),
            author_followers: None,
            created_at: "2026-09-01T08:00:00Z".into(),
            text: text.into(),
            lang: None,
            url: Some("https://facebook.com/99".into()),
            kind: crate::model::PostKind::Reply,
            parent: Some("1830000000000450215".into()),
            likes: None,
            shares: None,
            replies: None,
            quotes: None,
            views: None,
            followers_at_post: None,
            engagement: None,
            sentiment: None,
            exposure: None,
            author_verified: Some(verified),
        };
        let mut p = Pseudonyms::new(false, []);
        let org = p.post(&post("district", "Riverside USD", true, "We're sorry"));
        assert_eq!(
            (org.author_name.as_deref(), org.parent),
            (Some("Riverside USD"), None)
        );
        let own = p.post(&post(
            "hhillis",
            "Hunter Hillis",
            false,
            "Hunter Hillis updated his status. HUNTER HILLIS, hunter hillis, Hunter Hillisʼ.",
        ));
        assert_eq!(
            own.text,
            "Person 1 updated his status. Person 1, Person 1, Person 1ʼ."
        );
        assert_eq!(
            (own.author_handle.as_deref(), own.url, own.parent),
            (Some("Person 1"), None, None)
        );
        // Their handle written without its `@`, as a whole word; their name with its accents
        // left out, and without the decorations of a display name.
        let own = p.post(&post(
            "andreruffert",
            "André Ruffert 🌸 (he/him)",
            false,
            "my profile: eightbit.me/andreruffert, not andreruffert2. Andre Ruffert",
        ));
        assert_eq!(
            own.text,
            "my profile: eightbit.me/Person 2, not andreruffert2. Person 2"
        );
        // A Facebook title names the friends its author was with.
        let mut with = post(
            "mayak",
            "Maya K",
            false,
            "Maya K was with Pete Privatović and Ann Lee at Riverside High.",
        );
        with.platform = Platform::Facebook;
        let shown = p.post(&with).text;
        assert_eq!(
            shown,
            "Person 5 was with Person 3 and Person 4 at Riverside High."
        );
        let mut elsewhere = with.clone();
        elsewhere.text = "The portal was with IT for a week.".into();
        assert_eq!(
            p.post(&elsewhere).text,
            "The portal was with IT for a week."
        );
        // A sheet whose author column holds a display name, kept as the handle.
        let mut by_sheet = post("x", "", false, "SchoolMax down, Jane Roe here");
        (by_sheet.author_handle, by_sheet.author_name) = (Some("Jane Roe 🌸".into()), None);
        assert_eq!(p.post(&by_sheet).text, "SchoolMax down, Person 6 here");
        let mut named = Pseudonyms::new(true, []);
        let shown = named.post(&post("hhillis", "Hunter Hillis", false, "Hunter Hillis"));
        assert_eq!(
            (shown.text.as_str(), shown.parent.is_some()),
            ("Hunter Hillis", true)
        );
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
