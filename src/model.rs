//! The normalised shape every importer produces: one [`Post`] per social post, with its
//! [`Author`]. A field the source does not have is `None` — unknown, never zero.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a post was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Twitter,
    Facebook,
    Reddit,
    Mastodon,
    Bluesky,
    /// News sites and status pages, collected from their RSS or Atom feeds.
    News,
    Other,
}

impl Platform {
    pub const ALL: [Platform; 7] = [
        Platform::Twitter,
        Platform::Facebook,
        Platform::Reddit,
        Platform::Mastodon,
        Platform::Bluesky,
        Platform::News,
        Platform::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Twitter => "twitter",
            Platform::Facebook => "facebook",
            Platform::Reddit => "reddit",
            Platform::Mastodon => "mastodon",
            Platform::Bluesky => "bluesky",
            Platform::News => "news",
            Platform::Other => "other",
        }
    }

    /// The name shown to people ("X/Twitter", not "twitter").
    pub fn label(self) -> &'static str {
        match self {
            Platform::Twitter => "X/Twitter",
            Platform::Facebook => "Facebook",
            Platform::Reddit => "Reddit",
            Platform::Mastodon => "Mastodon",
            Platform::Bluesky => "Bluesky",
            Platform::News => "News",
            Platform::Other => "Other",
        }
    }

    pub fn parse(s: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Whether a handle names one account here whatever the case of its letters, so that two
    /// records with the same handle are one person: `@Sam` in a listening tool's CSV is the
    /// account the API knows by its number. Not Facebook (a CSV's author there is a name),
    /// Mastodon (a handle without its server is one per server), news sites or other sources.
    pub fn handle_is_unique(self) -> bool {
        matches!(
            self,
            Platform::Twitter | Platform::Reddit | Platform::Bluesky
        )
    }

    /// Whether a post of this platform goes by two names: a Bluesky post's AT URI names its
    /// author by their DID in the API (`at://did:plc:…/app.bsky.feed.post/3k…`) and by their
    /// handle in the address a listening tool exports (`bsky.app/profile/jane.bsky.social/post/3k…`),
    /// kept as its [`Post::local_id`] and matched on import.
    pub fn names_posts_twice(self) -> bool {
        self == Platform::Bluesky
    }
}

/// What a post is in its conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum PostKind {
    Post,
    Reply,
    Repost,
    Comment,
    Quote,
}

impl PostKind {
    pub const ALL: [PostKind; 5] = [
        PostKind::Post,
        PostKind::Reply,
        PostKind::Repost,
        PostKind::Comment,
        PostKind::Quote,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PostKind::Post => "post",
            PostKind::Reply => "reply",
            PostKind::Repost => "repost",
            PostKind::Comment => "comment",
            PostKind::Quote => "quote",
        }
    }

    pub fn parse(s: &str) -> Option<PostKind> {
        PostKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// More than anyone's followers or any post's views: a count beyond it, like a negative one, is
/// no platform's and is read as unknown (a hostile record's `1e30` or `2^63` would otherwise
/// overflow the sums SQLite adds them into).
pub const LARGEST_COUNT: i64 = 100_000_000_000;

/// `n` as a count, if it could be one (see [`LARGEST_COUNT`]).
pub fn plausible_count(n: i64) -> Option<i64> {
    (0..=LARGEST_COUNT).contains(&n).then_some(n)
}

/// An account as a source describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Author {
    pub platform: Platform,
    pub native_id: String,
    pub handle: Option<String>,
    pub name: Option<String>,
    pub followers: Option<i64>,
    pub verified: Option<bool>,
}

/// A post as every importer normalises it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Post {
    pub platform: Platform,
    pub native_id: String,
    /// The author's native id on the same platform.
    pub author_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub text: String,
    pub lang: Option<String>,
    pub url: Option<String>,
    pub kind: PostKind,
    /// Native id of the post this one replies to, reposts or quotes.
    pub parent: Option<String>,
    pub likes: Option<i64>,
    pub shares: Option<i64>,
    pub replies: Option<i64>,
    pub quotes: Option<i64>,
    pub views: Option<i64>,
    pub followers_at_post: Option<i64>,
    /// The engagement as the source totals it, for a source that gives the total and not its
    /// parts (a listening tool's Engagement column). Read only when no part is known.
    pub reported_engagement: Option<i64>,
    /// The id the server it was collected from gave the post, where replies there name their
    /// parent by it rather than by `native_id` (a Mastodon API status's `id`, local to the
    /// instance, while its `uri` is the post's own).
    pub local_id: Option<String>,
    /// The source record, verbatim JSON, so fields can be re-derived later.
    pub raw: String,
}

/// A post's counts as one record gives them: what a later copy of a stored post can bring
/// (the platforms' counts grow after a post is first collected). `None` is not given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub likes: Option<i64>,
    pub shares: Option<i64>,
    pub replies: Option<i64>,
    pub quotes: Option<i64>,
    pub views: Option<i64>,
    pub reported_engagement: Option<i64>,
}

impl Counts {
    /// Whether any count is given.
    pub fn any(&self) -> bool {
        *self != Counts::default()
    }

    /// The counts of these that exceed `stored`'s (a count `stored` does not know is exceeded
    /// by any); the others not given.
    pub fn beyond(&self, stored: &Counts) -> Counts {
        let more = |new: Option<i64>, old: Option<i64>| new.filter(|&n| n > old.unwrap_or(-1));
        Counts {
            likes: more(self.likes, stored.likes),
            shares: more(self.shares, stored.shares),
            replies: more(self.replies, stored.replies),
            quotes: more(self.quotes, stored.quotes),
            views: more(self.views, stored.views),
            reported_engagement: more(self.reported_engagement, stored.reported_engagement),
        }
    }
}

impl Post {
    /// The counts this record gives of the post.
    pub fn counts(&self) -> Counts {
        Counts {
            likes: self.likes,
            shares: self.shares,
            replies: self.replies,
            quotes: self.quotes,
            views: self.views,
            reported_engagement: self.reported_engagement,
        }
    }
}

/// The id of a post whose source gives none (a spreadsheet row with no id or address): a hash
/// of what makes it that post (where, by whom, when, what it said), so that the same post in
/// next week's export, its counts grown, is the same post. `created_at` is in unix seconds, as
/// the workspace stores it.
pub fn content_id(platform: &str, author: Option<&str>, created_at: i64, text: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for part in [
        platform,
        author.unwrap_or_default(),
        &created_at.to_string(),
        text,
    ] {
        // Each part's length first, so that no two different posts join to the same bytes.
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part);
    }
    hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A post's engagement, the one rule: likes + shares + replies + quotes, the unknown ones left
/// out; the source's own total (`reported`) when it gives none of them (a listening tool's
/// Engagement column); `None` when nothing is known (an archive's own posts, a feed's items), so
/// that no one reads it as no engagement. `store::posts::ENGAGEMENT` says the same in SQL, and a
/// test holds the two together.
pub fn engagement(parts: [Option<i64>; 4], reported: Option<i64>) -> Option<i64> {
    if parts.iter().any(Option::is_some) {
        Some(parts.into_iter().flatten().sum())
    } else {
        reported
    }
}

impl Post {
    /// The post's [`engagement`].
    pub fn engagement(&self) -> Option<i64> {
        let parts = [self.likes, self.shares, self.replies, self.quotes];
        engagement(parts, self.reported_engagement)
    }
}

/// What an importer yields: posts and the accounts behind them (or profile data alone).
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Post(Box<Post>),
    Author(Author),
    /// A post the workspace already holds, as the reader was told before it built the post (see
    /// `import::Known`): a duplicate, with nothing to write but the stored post's row id,
    /// which the import records as brought again (`store::sightings`), and the counts the
    /// record gives, which raise the stored ones they exceed.
    Known(i64, Counts),
    /// A post the reader leaves out because it was not public (a Mastodon direct message or
    /// followers-only status): counted in the import's report, never written.
    Private,
    /// A broken record among good ones on the same line (a tweet without its time on an API
    /// page of a hundred): skipped and reported with the line and why, the others kept.
    Broken(String),
}

/// Text as every output shows it: bidirectional overrides and isolates and control characters
/// removed (newlines and tabs kept), so that a post cannot reorder what is shown around it
/// (`U+202E exe.tsoptrop` reads as it is stored, not as "portpost.exe") or hide text. The window,
/// the command line and the briefing all read posts through this.
pub fn displayable(text: &str) -> String {
    let mut stacked = Stacked::default();
    text.chars()
        .filter(|&c| c == '\n' || c == '\t' || !(c.is_control() || is_bidi_control(c)))
        .filter(|&c| stacked.keeps(c))
        .collect()
}

/// Marks stacked above, and below, one letter that are kept: as many as any script stacks there
/// (Vietnamese two, Hebrew's points and cantillation), not the dozens of "zalgo" text that draw
/// over the lines around it. Marks of other classes (Indic and Myanmar vowel signs, viramas) are
/// never counted.
const STACKED_MARKS: u8 = 3;

/// The marks above and below the current letter so far.
#[derive(Default)]
struct Stacked {
    above: u8,
    below: u8,
}

impl Stacked {
    fn keeps(&mut self, c: char) -> bool {
        use unicode_normalization::char::canonical_combining_class;
        let count = match canonical_combining_class(c) {
            0 => {
                *self = Stacked::default();
                return true;
            }
            230 => &mut self.above,
            220 => &mut self.below,
            _ => return true,
        };
        *count = count.saturating_add(1);
        *count <= STACKED_MARKS
    }
}

/// A label the user typed, trimmed, if it is one: not empty (else `missing`, "a topic needs a
/// name"), and without a [hidden mark](is_hidden_mark) (else `what`, "a topic's name", is said
/// to be unable to hold one).
pub fn checked_label<'a>(
    text: &'a str,
    missing: &str,
    what: &str,
) -> crate::error::Result<&'a str> {
    use crate::error::Error;
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::InvalidInput(missing.into()));
    }
    if text.chars().any(is_hidden_mark) {
        return Err(Error::InvalidInput(format!(
            "{what} cannot hold control characters, line breaks or marks that reorder text"
        )));
    }
    Ok(text)
}

/// A character no label the user types (a topic's name, an incident's title) may hold: a
/// control character or line break, or a mark that reorders the text around it, which a
/// terminal would obey and a reader could not see.
pub fn is_hidden_mark(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// The characters that change the direction of the text around them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod display_tests {
    #[test]
    fn overrides_and_controls_are_removed_and_lines_kept() {
        assert_eq!(
            super::displayable("\u{202E}exe.tsoptrop\u{202C} a\u{0007}b\nc\td\u{2067}"),
            "exe.tsoptrop ab\nc\td"
        );
    }

    /// "Zalgo" marks are cut to three above and three below a letter; the stacks of real
    /// scripts are kept whole.
    #[test]
    fn marks_stacked_over_the_lines_around_are_cut() {
        let zalgo = format!("e{}{}x", "\u{301}".repeat(18), "\u{316}".repeat(9));
        assert_eq!(
            super::displayable(&zalgo),
            format!("e{}{}x", "\u{301}".repeat(3), "\u{316}".repeat(3))
        );
        for real in [
            "Tiê\u{323}\u{302}ng Vie\u{323}\u{302}t",
            "בְּרֵאשִׁ֖ית",
            "ကျွန်ုပ်",
            "བསྒྲུབས",
            "क्ष्म्य",
        ] {
            assert_eq!(super::displayable(real), real);
        }
    }
}
