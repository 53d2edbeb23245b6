//! Privacy by default: private persons are named "Person 1", "Person 2", … in a briefing (stable
//! within it), in bylines, in lists and where a quoted post @mentions them. Verified accounts and
//! the accounts the user marks as public (organisations, officials, the press) are named. A
//! setting turns names on for everyone.

use std::collections::{HashMap, HashSet};

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

    /// Replaces `@handle` mentions of people who are not named with their pseudonym.
    pub fn text(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find('@') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let len = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '@'))
                .unwrap_or(after.len());
            let handle = after[..len].trim_end_matches('.');
            let preceded_by_word = out.chars().last().is_some_and(|c| c.is_alphanumeric());
            if handle.is_empty() || preceded_by_word || self.is_named(Some(handle), None) {
                out.push('@');
                rest = after;
                continue;
            }
            out.push('@');
            out.push_str(&self.pseudonym(normalise(handle)));
            rest = &after[handle.len()..];
        }
        out.push_str(rest);
        out
    }
}

impl Pseudonyms {
    /// A post as it may be shown: a private author's handle becomes their pseudonym, their name
    /// and the post's link (which names them) are left out, and @mentions in the text follow
    /// [`Pseudonyms::text`].
    pub fn post(&mut self, p: &StoredPost) -> StoredPost {
        let mut shown = p.clone();
        shown.text = self.text(&p.text);
        if !self.is_named(p.author_handle.as_deref(), p.author_verified) {
            shown.author_handle = Some(self.author(
                p.platform,
                p.author_handle.as_deref(),
                p.author_name.as_deref(),
                p.author_verified,
            ));
            shown.author_name = None;
            // The post's address, its id on the platform (a Facebook id is the page's address)
            // and the post it answers would each lead back to the person.
            shown.url = None;
            shown.native_id = String::new();
            shown.parent = None;
        }
        shown
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
            "@Person 1 and @KRVS_News: ask @Person 3, mail me@example.org"
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
    }
}
