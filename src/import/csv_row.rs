//! One CSV row as a post, through a [`Mapping`](super::csv_mapped::Mapping): counts summed over
//! their columns, text from the first non-empty column, the platform from a column or the URL.

use std::collections::BTreeMap;

use super::csv_mapped::{Field, Mapping};
use super::dates::FileDates;
use crate::model::{content_id, Author, Platform, Post, PostKind, Record};

/// Normalises one row; `columns` are the `mapping`'s column indexes in `header`, `dates` how
/// the file writes its dates. The platform is the row's platform column's, else its address's,
/// else `platforms.0` when the row has an id (a "Tweet ID" column's), else `platforms.1`.
pub(super) fn row(
    header: &[String],
    record: &csv::StringRecord,
    columns: &BTreeMap<Field, Vec<usize>>,
    mapping: &Mapping,
    platforms: (Option<Platform>, Platform),
    dates: FileDates,
) -> Result<Vec<Record>, String> {
    let cells = |f: Field| -> Vec<&str> {
        columns
            .get(&f)
            .into_iter()
            .flatten()
            .filter_map(|&i| record.get(i))
            .map(str::trim)
            .collect()
    };
    let first = |f: Field| {
        cells(f)
            .into_iter()
            .find(|c| !c.is_empty())
            .map(str::to_string)
    };
    let number = |f: Field| -> Option<i64> {
        let mut parsed = cells(f).into_iter().filter_map(count);
        if mapping.alternatives.contains(&f) {
            return parsed.next();
        }
        let parsed: Vec<i64> = parsed.collect();
        (!parsed.is_empty()).then(|| parsed.iter().sum())
    };
    // A time column completes a date column, unless the date already holds its time (Meltwater
    // writes both, "15-Jan-2022 09:12PM" and "09:12PM"). A time that cannot be read fails the
    // row: the post at midnight would be in the wrong hour, or on the wrong day.
    let created_at = match (first(Field::CreatedAt), first(Field::Time)) {
        (Some(d), Some(t)) if !d.contains(':') => {
            let date = format!("{d} {t}");
            dates
                .parse(&date)
                .ok_or_else(|| format!("unreadable date {date:?}"))?
        }
        (Some(d), _) => dates
            .parse(&d)
            .ok_or_else(|| format!("unreadable date {d:?}"))?,
        (None, _) => return Err("no date in the date column".into()),
    };
    let text = first(Field::Text).unwrap_or_default();
    let url = first(Field::Url);
    let platform = first(Field::Platform)
        .and_then(|p| platform_named(&p))
        .or_else(|| url.as_deref().and_then(platform_of_url))
        .or_else(|| platforms.0.filter(|_| first(Field::Id).is_some()))
        .unwrap_or(platforms.1);
    let raw: serde_json::Map<String, serde_json::Value> = header
        .iter()
        .zip(record.iter())
        .map(|(h, c)| (h.clone(), c.into()))
        .collect();
    let raw = serde_json::Value::Object(raw).to_string();
    // The platform's own id, as its own exports and APIs give it, so that a post met in a CSV
    // and in a JSON export is one post: a tweet's id, not its address.
    // An id Excel has turned into a number (`1.48246E+18`) names no post: many share it.
    // An id may be quoted inside its cell (`"1440716895355764743"`), or start with the
    // apostrophe that keeps a spreadsheet from reading it as a number.
    let native_id = first(Field::Id)
        .map(|id| id.trim_matches(['"', '\'', ' ']).to_string())
        .filter(|id| !id.is_empty() && !mangled_by_excel(id))
        .map(|id| id_of_url(platform, &id).unwrap_or(id))
        .or_else(|| {
            url.as_deref()
                .map(|u| id_of_url(platform, u).unwrap_or(u.into()))
        });
    // "@ruby_rhs2" is the handle ruby_rhs2, as the platforms' own exports write it.
    let handle = first(Field::Author)
        .map(|h| h.trim_start_matches('@').to_string())
        .filter(|h| !h.is_empty());
    let name = first(Field::AuthorName);
    // A row with neither is the post its author wrote then with those words, whatever its
    // counts (which grow from one export to the next).
    let native_id = native_id.unwrap_or_else(|| {
        let author = handle.as_deref().or(name.as_deref());
        content_id(platform.as_str(), author, created_at.timestamp(), &text)
    });
    let followers = number(Field::Followers);
    let author = handle.clone().or_else(|| name.clone()).map(|id| Author {
        platform,
        native_id: id,
        handle: handle.clone(),
        name: name.clone(),
        followers,
        verified: None,
    });
    // A retweet's text starts "RT @" where no column says what it repeats (Meltwater).
    let (kind, parent) = match (first(Field::RepostOf), first(Field::ReplyTo)) {
        (Some(original), _) => (PostKind::Repost, Some(original)),
        (None, _) if text.starts_with("RT @") => (PostKind::Repost, None),
        (None, Some(answered)) => (PostKind::Reply, Some(answered)),
        (None, None) => (PostKind::Post, None),
    };
    // The post answered or repeated, known by the same id as the post itself.
    let parent = parent.map(|p| id_of_url(platform, &p).unwrap_or(p));
    let mut post = Post {
        platform,
        native_id,
        author_id: author.as_ref().map(|a| a.native_id.clone()),
        created_at,
        kind,
        text,
        lang: first(Field::Lang)
            .map(|l| language_code(&l))
            .filter(|l| super::fields::is_language(l)),
        url,
        parent,
        likes: number(Field::Likes),
        shares: number(Field::Shares),
        replies: number(Field::Replies),
        quotes: number(Field::Quotes),
        // A view count of 0 is a count the tool did not make (CrowdTangle writes 0 for every
        // post that is not a video): unknown, so the estimated views come from the followers.
        views: number(Field::Views).filter(|&views| views > 0),
        followers_at_post: followers,
        // A listening tool's total, kept always and counted only where the row gives no part.
        reported_engagement: number(Field::Engagement),
        local_id: None,
        raw,
    };
    // A repost's counts are its original's, as the platforms' own exports give them.
    super::fields::retweet_counts(&mut post);
    let mut records: Vec<Record> = author.into_iter().map(Record::Author).collect();
    records.push(Record::Post(Box::new(post)));
    Ok(records)
}

/// A language as its ISO 639-1 code: listening tools write the name ("English"), which the
/// `lang:` filter and the per-language breakdown would not match with the platforms' codes. A
/// code, or a name not in the list, is kept as written.
fn language_code(cell: &str) -> String {
    const NAMES: [(&str, &str); 20] = [
        ("arabic", "ar"),
        ("chinese", "zh"),
        ("danish", "da"),
        ("dutch", "nl"),
        ("english", "en"),
        ("finnish", "fi"),
        ("french", "fr"),
        ("german", "de"),
        ("greek", "el"),
        ("hindi", "hi"),
        ("indonesian", "id"),
        ("italian", "it"),
        ("japanese", "ja"),
        ("korean", "ko"),
        ("norwegian", "no"),
        ("polish", "pl"),
        ("portuguese", "pt"),
        ("russian", "ru"),
        ("spanish", "es"),
        ("swedish", "sv"),
    ];
    let name = cell.trim().to_lowercase();
    NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or_else(|| cell.trim().to_string(), |(_, code)| code.to_string())
}

/// A count cell as exports in any locale write it: `1,234`, `1.234`, `1 234`, `1'234` and
/// `1.234,0` are 1234; `12,5K`, `12.5k` and `1.2M` are abbreviated; empty, negative, beyond any
/// platform's counts (`1e30`) or anything else is unknown. A count is a whole number, so a
/// separator followed by exactly three digits groups thousands (`1.234` is never 1.234 likes),
/// and where both `.` and `,` appear the last one is the decimal point.
fn count(cell: &str) -> Option<i64> {
    let cell = cell.trim();
    let (number, scale) = match cell.char_indices().last() {
        Some((at, 'k' | 'K')) => (&cell[..at], 1e3),
        Some((at, 'm' | 'M')) => (&cell[..at], 1e6),
        Some((at, 'b' | 'B')) => (&cell[..at], 1e9),
        _ => (cell, 1.0),
    };
    // Spaces (also no-break and thin ones) and apostrophes only ever group digits.
    let number: String = number
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '’'))
        .collect();
    let decimal = match (number.rfind('.'), number.rfind(',')) {
        (Some(dot), Some(comma)) => Some(dot.max(comma)),
        (Some(at), None) | (None, Some(at)) => {
            let mark = number.as_bytes()[at];
            let once = number.bytes().filter(|&b| b == mark).count() == 1;
            let digits_after = number.len() - at - 1;
            // `1.5K` and `12,5` are decimals; `1,234` and `1.234.567` group thousands.
            (once && (scale > 1.0 || digits_after != 3)).then_some(at)
        }
        (None, None) => None,
    };
    let plain: String = number
        .char_indices()
        .filter_map(|(at, c)| match c {
            '.' | ',' if Some(at) == decimal => Some('.'),
            '.' | ',' => None,
            c => Some(c),
        })
        .collect();
    let value = plain.parse::<f64>().ok()? * scale;
    (value.is_finite() && (0.0..=crate::model::LARGEST_COUNT as f64).contains(&value))
        .then(|| value.round() as i64)
}

/// A long number as a spreadsheet shows it, its last digits lost: `1.48246E+18`.
fn mangled_by_excel(id: &str) -> bool {
    id.to_ascii_uppercase()
        .split_once("E+")
        .is_some_and(|(mantissa, exponent)| {
            exponent.bytes().all(|b| b.is_ascii_digit())
                && mantissa
                    .replacen(['.', ','], "", 1)
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                && !mantissa.is_empty()
        })
}

fn platform_named(name: &str) -> Option<Platform> {
    let n = name.to_lowercase();
    [
        ("twitter", Platform::Twitter),
        ("facebook", Platform::Facebook),
        ("reddit", Platform::Reddit),
        ("mastodon", Platform::Mastodon),
        ("bluesky", Platform::Bluesky),
        // Talkwalker's ONLINE_NEWS, Meltwater's and Brandwatch's "News".
        ("news", Platform::News),
    ]
    .into_iter()
    .find(|(key, _)| n.contains(key))
    .map(|(_, p)| p)
    .or_else(|| (n == "x").then_some(Platform::Twitter))
}

/// The platform's id of the post at `url`: a tweet's number (`…/status/1830…`), a Reddit
/// submission's fullname (`…/comments/abc12/…` is `t3_abc12`). `None` for other addresses.
fn id_of_url(platform: Platform, url: &str) -> Option<String> {
    let after = |marker: &str| -> Option<&str> {
        let rest = &url[url.find(marker)? + marker.len()..];
        let id = rest.split(['/', '?', '#']).next()?;
        (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric())).then_some(id)
    };
    match platform {
        Platform::Twitter => after("/status/")
            .or_else(|| after("/statuses/"))
            .filter(|id| id.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_string),
        // `/comments/{post}/{title}/` is the submission, `/comments/{post}/{title}/{comment}/`
        // one of its comments.
        // `redd.it/{post}`: Reddit's short address of a submission.
        Platform::Reddit if host_of(url).as_deref() == Some("redd.it") => {
            let rest = url.split_once("redd.it/")?.1;
            let post = rest.split(['/', '?', '#']).next()?;
            (!post.is_empty() && post.chars().all(|c| c.is_ascii_alphanumeric()))
                .then(|| format!("t3_{post}"))
        }
        Platform::Reddit => {
            let post = after("/comments/")?;
            let rest = &url[url.find("/comments/")? + "/comments/".len() + post.len()..];
            let comment = rest
                .split(['?', '#'])
                .next()
                .unwrap_or("")
                .split('/')
                .filter(|part| !part.is_empty())
                .nth(1)
                .filter(|c| c.chars().all(|c| c.is_ascii_alphanumeric()));
            Some(match comment {
                Some(comment) => format!("t1_{comment}"),
                None => format!("t3_{post}"),
            })
        }
        // `bsky.app/profile/{handle or DID}/post/{rkey}`: the post's AT URI by that name.
        Platform::Bluesky => {
            let rest = url.split_once("/profile/")?.1;
            let mut parts = rest.split(['?', '#']).next()?.split('/');
            let (actor, post, rkey) = (parts.next()?, parts.next()?, parts.next()?);
            let valid = !actor.is_empty()
                && post == "post"
                && !rkey.is_empty()
                && rkey.chars().all(|c| c.is_ascii_alphanumeric());
            valid.then(|| super::bluesky::post_uri(actor, rkey))
        }
        _ => None,
    }
}

/// The host of `url`, lower-cased, with or without its scheme (`twitter.com/kai/status/1`, as
/// a spreadsheet may shorten it).
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?;
    (host.contains('.') && !host.contains(char::is_whitespace)).then(|| host.to_lowercase())
}

fn platform_of_url(url: &str) -> Option<Platform> {
    let host = host_of(url)?;
    let host = ["www.", "mobile.", "m."]
        .iter()
        .fold(host.as_str(), |h, prefix| h.trim_start_matches(prefix));
    match host {
        "twitter.com" | "x.com" => Some(Platform::Twitter),
        "facebook.com" | "fb.com" => Some(Platform::Facebook),
        "reddit.com" | "old.reddit.com" | "new.reddit.com" | "np.reddit.com" | "sh.reddit.com"
        | "i.reddit.com" | "redd.it" => Some(Platform::Reddit),
        "bsky.app" => Some(Platform::Bluesky),
        // Instagram has no platform of its own here: its posts are others', not Facebook's.
        "instagram.com" => Some(Platform::Other),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(header: &[&str], cells: &[&str], fields: &[(Field, usize)]) -> Post {
        try_post(header, cells, fields, &Mapping::default()).unwrap()
    }

    /// The post of one row, several columns of a field being given in turn.
    fn try_post(
        header: &[&str],
        cells: &[&str],
        fields: &[(Field, usize)],
        mapping: &Mapping,
    ) -> Result<Post, String> {
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        let record = csv::StringRecord::from(cells.to_vec());
        let mut columns: BTreeMap<Field, Vec<usize>> = BTreeMap::new();
        for &(f, i) in fields {
            columns.entry(f).or_default().push(i);
        }
        let records = row(
            &header,
            &record,
            &columns,
            mapping,
            (None, Platform::Twitter),
            FileDates {
                order: super::super::dates::DayOrder::MonthFirst,
                tz: chrono_tz::UTC,
            },
        )?;
        Ok(match records.into_iter().last() {
            Some(Record::Post(post)) => *post,
            other => panic!("{other:?}"),
        })
    }

    #[test]
    fn an_id_a_spreadsheet_rounded_gives_way_to_the_address() {
        let fields = [
            (Field::CreatedAt, 0),
            (Field::Text, 1),
            (Field::Id, 2),
            (Field::Url, 3),
        ];
        let header = ["Date", "Text", "Tweet Id", "Url"];
        let id = |cells: [&str; 4]| post(&header, &cells, &fields).native_id;
        let url = "https://twitter.com/kai/status/1482460000000000123";
        assert_eq!(
            id(["2024-03-01", "a", "1.48246E+18", url]),
            "1482460000000000123"
        );
        assert_eq!(
            id(["2024-03-01", "a", "1,48246e+18", url]),
            "1482460000000000123"
        );
        // Quoted in its cell, or kept as text by a leading apostrophe: the same id.
        for cell in ["\"1482460000000000999\"", "'1482460000000000999"] {
            assert_eq!(id(["2024-03-01", "a", cell, url]), "1482460000000000999");
        }
        assert_eq!(id(["2024-03-01", "a", "\"\"", url]), "1482460000000000123");
        assert_eq!(
            id(["2024-03-01", "a", "1482460000000000999", url]),
            "1482460000000000999"
        );
        assert!(!mangled_by_excel("E+18"));
        assert!(!mangled_by_excel("post-1E+2x"));
    }

    #[test]
    fn a_count_s_columns_add_up_unless_they_are_one_network_s_each() {
        // Sprout Social: Facebook's count is under Reactions, the other networks' under Likes.
        let header = ["Date", "Post", "Reactions", "Likes"];
        let fields = [
            (Field::CreatedAt, 0),
            (Field::Text, 1),
            (Field::Likes, 2),
            (Field::Likes, 3),
        ];
        let either = Mapping {
            alternatives: [Field::Likes].into(),
            ..Mapping::default()
        };
        let likes = |cells: [&str; 4], mapping: &Mapping| {
            try_post(&header, &cells, &fields, mapping).unwrap().likes
        };
        assert_eq!(likes(["2024-03-01", "a", "120", ""], &either), Some(120));
        assert_eq!(likes(["2024-03-01", "b", "", "40"], &either), Some(40));
        assert_eq!(likes(["2024-03-01", "c", "120", "100"], &either), Some(120));
        assert_eq!(likes(["2024-03-01", "d", "", ""], &either), None);
        // CrowdTangle's reactions are each a column, and add up.
        let sum = Mapping::default();
        assert_eq!(likes(["2024-03-01", "e", "120", "100"], &sum), Some(220));
        assert_eq!(likes(["2024-03-01", "f", "", "40"], &sum), Some(40));
    }

    #[test]
    fn a_time_column_that_cannot_be_read_fails_its_row_rather_than_putting_it_at_midnight() {
        let fields = [(Field::CreatedAt, 0), (Field::Time, 1), (Field::Text, 2)];
        let header = ["Date", "Time", "Text"];
        let at = |cells: [&str; 3]| {
            try_post(&header, &cells, &fields, &Mapping::default())
                .map(|p| p.created_at.to_rfc3339())
        };
        let evening = Ok("2022-01-15T21:12:00+00:00".to_string());
        assert_eq!(at(["15-Jan-2022", "09:12 PM", "a"]), evening);
        assert_eq!(at(["15-Jan-2022", "9:12 PM", "a"]), evening);
        assert_eq!(at(["2022-01-15", "9:12 pm", "a"]), evening);
        assert_eq!(
            at(["15-Jan-2022", "21:12:33", "a"]),
            Ok("2022-01-15T21:12:33+00:00".to_string())
        );
        assert!(at(["15-Jan-2022", "half past nine", "a"])
            .unwrap_err()
            .contains("half past nine"));
    }

    #[test]
    fn a_time_column_completes_a_date_unless_the_date_has_its_time() {
        let fields = [(Field::CreatedAt, 0), (Field::Time, 1), (Field::Text, 2)];
        let header = ["Date", "Time", "Hit Sentence"];
        let split = post(&header, &["15-Jan-2022", "09:12PM", "portal"], &fields);
        let both = post(
            &header,
            &["15-Jan-2022 09:12PM", "09:12PM", "portal"],
            &fields,
        );
        assert_eq!(split.created_at.to_rfc3339(), "2022-01-15T21:12:00+00:00");
        assert_eq!(both.created_at, split.created_at);
    }

    /// A post met in a CSV and in the platform's own export is one post: its id is the
    /// platform's (taken from its address when no column gives it), its author's handle without
    /// the `@` a listening tool adds.
    #[test]
    fn a_post_is_known_by_the_platform_s_own_id_and_handle() {
        let fields = [
            (Field::CreatedAt, 0),
            (Field::Text, 1),
            (Field::Url, 2),
            (Field::Author, 3),
        ];
        let header = ["date", "text", "url", "author"];
        let p = |url: &str, author: &str| {
            post(&header, &["2022-01-15", "portal", url, author], &fields)
        };
        let tweet = p(
            "https://twitter.com/ruby_rhs2/status/1830000000000000510?s=20",
            "@ruby_rhs2",
        );
        assert_eq!(
            (tweet.native_id.as_str(), tweet.author_id.as_deref()),
            ("1830000000000000510", Some("ruby_rhs2"))
        );
        let mobile = p(
            "https://mobile.twitter.com/ruby_rhs2/status/1830000000000000510",
            "@ruby_rhs2",
        );
        assert_eq!(
            (mobile.platform, mobile.native_id.as_str()),
            (Platform::Twitter, "1830000000000000510")
        );
        let thread = p(
            "https://www.reddit.com/r/RiversideUSD/comments/1abc9z/portal_down/",
            "u1",
        );
        assert_eq!(thread.native_id, "t3_1abc9z");
        let comment = p(
            "https://www.reddit.com/r/RiversideUSD/comments/1abc9z/portal_down/kx12ab3/?context=3",
            "u2",
        );
        assert_eq!(comment.native_id, "t1_kx12ab3");
        let brandwatch = p(
            "http://twitter.com/ruby/statuses/1830000000000000511",
            "ruby",
        );
        assert_eq!(brandwatch.native_id, "1830000000000000511");
        // Without a scheme, as a spreadsheet may shorten it; Reddit's short address.
        let bare = p("twitter.com/ruby/status/1830000000000000512", "ruby");
        assert_eq!(
            (bare.platform, bare.native_id.as_str()),
            (Platform::Twitter, "1830000000000000512")
        );
        let short = p("https://redd.it/1abc9z", "u1");
        assert_eq!(
            (short.platform, short.native_id.as_str()),
            (Platform::Reddit, "t3_1abc9z")
        );
        let news = p("https://news.example.org/2022/portal", "");
        assert_eq!(news.native_id, "https://news.example.org/2022/portal");
        assert_eq!(news.author_id, None);
    }

    #[test]
    fn a_count_no_platform_could_give_is_unknown() {
        for (cell, read) in [
            ("1,234", Some(1_234)),
            ("12.0", Some(12)),
            // Other locales' grouping and decimal marks, and abbreviations.
            ("1.234", Some(1_234)),
            ("1.234.567", Some(1_234_567)),
            ("1.234,0", Some(1_234)),
            ("1,234.5", Some(1_235)),
            ("12,5", Some(13)),
            ("1 234", Some(1_234)),
            ("1\u{202f}234", Some(1_234)),
            ("1'234", Some(1_234)),
            ("12.5K", Some(12_500)),
            ("12,5k", Some(12_500)),
            ("1.2M", Some(1_200_000)),
            ("3K", Some(3_000)),
            ("K", None),
            ("-", None),
            ("N/A", None),
            ("-100", None),
            ("1e30", None),
            ("NaN", None),
            ("", None),
        ] {
            assert_eq!(count(cell), read, "{cell:?}");
        }
        let fields = [(Field::CreatedAt, 0), (Field::Text, 1), (Field::Url, 2)];
        let header = ["date", "text", "url"];
        let gram = post(
            &header,
            &["2022-01-15", "portal", "https://www.instagram.com/p/Cx1/"],
            &fields,
        );
        assert_eq!(gram.platform, Platform::Other);
    }

    #[test]
    fn a_news_source_is_news() {
        let fields = [
            (Field::CreatedAt, 0),
            (Field::Text, 1),
            (Field::Platform, 2),
        ];
        let header = ["published", "content", "source_type"];
        let platform =
            |cell: &str| post(&header, &["2022-01-15", "portal", cell], &fields).platform;
        assert_eq!(platform("ONLINE_NEWS"), Platform::News);
        assert_eq!(platform("TWITTER"), Platform::Twitter);
        assert_eq!(platform("BLOGS"), Platform::Twitter, "the file's default");
    }

    #[test]
    fn a_view_count_of_zero_is_unknown() {
        let fields = [(Field::CreatedAt, 0), (Field::Text, 1), (Field::Views, 2)];
        let header = ["Created", "Message", "Post Views"];
        let views = |cell: &str| post(&header, &["2022-01-15", "portal", cell], &fields).views;
        assert_eq!(views("0"), None);
        assert_eq!(views("1,200"), Some(1200));
    }

    #[test]
    fn a_language_name_becomes_its_code() {
        let fields = [(Field::CreatedAt, 0), (Field::Text, 1), (Field::Lang, 2)];
        let header = ["Date", "Text", "Language"];
        let lang = |cell: &str| post(&header, &["2022-01-15", "portal", cell], &fields).lang;
        assert_eq!(lang("English").as_deref(), Some("en"));
        assert_eq!(lang("spanish").as_deref(), Some("es"));
        assert_eq!(lang("pt-BR").as_deref(), Some("pt-BR"));
        assert_eq!(lang("Klingon").as_deref(), Some("Klingon"));
        assert_eq!((lang("und"), lang("zxx"), lang(" ")), (None, None, None));
    }

    #[test]
    fn retweets_and_replies_say_what_they_answer_and_retweets_count_nothing_of_their_own() {
        let fields = [
            (Field::CreatedAt, 0),
            (Field::Text, 1),
            (Field::Shares, 2),
            (Field::ReplyTo, 3),
            (Field::RepostOf, 4),
        ];
        let header = [
            "Date",
            "Full Text",
            "Twitter Retweets",
            "Reply To",
            "Twitter Retweet Of",
        ];
        let row = |cells: [&str; 5]| post(&header, &cells, &fields);
        let original = row(["2022-01-15", "portal down", "40", "", ""]);
        assert_eq!((original.kind, original.shares), (PostKind::Post, Some(40)));
        let retweet = row([
            "2022-01-15",
            "portal down",
            "40",
            "",
            "https://x.com/a/status/1",
        ]);
        assert_eq!(retweet.kind, PostKind::Repost);
        // The original by the platform's own id, as the post itself is known.
        assert_eq!(retweet.parent.as_deref(), Some("1"));
        assert_eq!(
            retweet.shares,
            Some(0),
            "the original's retweets, not its own"
        );
        let rt = row(["2022-01-15", "RT @a: portal down", "40", "", ""]);
        assert_eq!((rt.kind, rt.shares), (PostKind::Repost, Some(0)));
        let reply = row([
            "2022-01-15",
            "same here",
            "1",
            "https://x.com/a/status/1",
            "",
        ]);
        assert_eq!(reply.kind, PostKind::Reply);
        assert_eq!(reply.parent.as_deref(), Some("1"));
        assert_eq!(reply.shares, Some(1));
    }
}
