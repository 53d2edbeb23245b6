//! Any CSV of posts (Meltwater, Sprout Social, Talkwalker, Brandwatch, a hand-made sheet): a
//! [`Mapping`] from post fields to columns is guessed from the header ([`guess_mapping`]), or
//! the one saved for the same header is reused, or the user sets fields (`--map field=column`);
//! the mapping used is saved ([`save_mapping`]) for the next file with that header.
//!
//! Rows are streamed, after up to 1,000 (`ORDER_LOOKAHEAD`) read ahead for a date that shows
//! whether the file writes the day or the month first. A row's `raw` is the JSON object of
//! header → cell. Dates: see `dates` (the workspace's zone when the cell names none). The platform comes from a platform
//! column, else the URL's host. Without an id column, the post URL, else a hash of its platform,
//! author, time and text (`model::content_id`, the same post whatever its counts), is
//! the native id. A row that names the post it reposts or answers is a repost or a reply.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::BufRead;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::csv_rows::CsvRows;
use super::dates::{DayOrder, FileDates};
use super::read::read_error;
use super::{crowdtangle, csv_row, twarc_csv, ReadContext, Sink};
use crate::error::{Error, Result};
use crate::model::Platform;

/// Which columns feed each post field. Several columns for a count are summed (CrowdTangle's
/// reactions), unless the count is one of the `alternatives`; several for a text field mean the
/// first non-empty one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub fields: BTreeMap<Field, Vec<String>>,
    /// Counts whose columns are alternatives, each filled for some networks only (Sprout
    /// Social's "Reactions" on Facebook, "Likes" elsewhere; Brandwatch's "Twitter Retweets" and
    /// "Facebook Shares"): the first column with a count is read, not their sum. `--map` writes
    /// them `likes=Reactions|Likes`, and a sum `likes=Likes+Love`.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub alternatives: BTreeSet<Field>,
    /// How the last file with this header wrote its slashed dates: kept, so that the next file,
    /// whose dates may not show it (`05/03/2024` only), reads them alike and its posts are the
    /// same posts, not others two months away.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_order: Option<DayOrder>,
}

impl Mapping {
    /// A field's columns as `--map` takes them: `A+B` summed, `A|B` alternatives.
    pub fn columns_written(&self, field: Field) -> String {
        let joint = if self.alternatives.contains(&field) {
            "|"
        } else {
            "+"
        };
        self.fields
            .get(&field)
            .map_or(String::new(), |c| c.join(joint))
    }
}

/// The post fields a column can feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Id,
    CreatedAt,
    /// A separate time-of-day column, appended to `created_at`'s date.
    Time,
    Text,
    Author,
    AuthorName,
    Followers,
    Likes,
    Shares,
    Replies,
    Quotes,
    Views,
    /// A total of likes, shares, replies and quotes, for an export that gives only the total.
    Engagement,
    Url,
    Lang,
    Platform,
    /// The post a reply answers (its id or address).
    ReplyTo,
    /// The post a repost (a retweet) repeats.
    RepostOf,
}

/// Header names (normalised: lowercase, words separated by one space) for each field, most
/// specific first, from the column lists of the tools' exports.
/// The most rows read ahead for a date that shows whether the file writes its day or its month
/// first (`25/03/2024`); a file that shows none in them is month first.
const ORDER_LOOKAHEAD: usize = 1_000;
/// The rows read ahead at least, to tell an id column that only numbers the rows.
const ROW_NUMBERS_SEEN: usize = 20;

const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::Id,
        &[
            "post id",
            "tweet id",
            "resource id",
            "mention id",
            "message id",
            "status id",
            "document id",
            "id",
        ],
    ),
    (
        Field::CreatedAt,
        &[
            "post created",
            "created at",
            "created",
            "date published",
            "published",
            "published at",
            "publish date",
            "post date",
            "sent date",
            "timestamp",
            "datetime",
            "date time",
            "date",
            // German, French and Spanish exports.
            "datum",
            "veröffentlicht",
            "date de publication",
            "fecha",
            "fecha de publicación",
        ],
    ),
    (Field::Time, &["time"]),
    (
        Field::Text,
        &[
            "message",
            "full text",
            "text",
            "content",
            "post",
            "tweet",
            "tweet text",
            "post text",
            "body",
            "hit sentence",
            "opening text",
            "snippet",
            "description",
            "beitrag",
            "inhalt",
            "nachricht",
            "contenu",
            "texte",
            "contenido",
            "texto",
            "mensaje",
        ],
    ),
    (
        Field::Author,
        &[
            "author username",
            "user name",
            "twitter screen name",
            "screen name",
            "username",
            "author handle",
            "handle",
            "author",
            "extra author attributes short name",
            "influencer",
            // Sprout Social: the account that posted, not the colleague who sent it ("Sent by").
            "profile",
            "sent by",
            "autor",
            "auteur",
        ],
    ),
    (
        Field::AuthorName,
        &[
            "page name",
            "group name",
            "account",
            "full name",
            "author name",
            "extra author attributes name",
            "name",
        ],
    ),
    (
        Field::Followers,
        &[
            "author public metrics followers count",
            "followers at posting",
            "twitter followers",
            "followers count",
            "follower count",
            "author followers",
            "followers",
            "follower",
            "abonnés",
            "seguidores",
        ],
    ),
    (
        Field::Likes,
        &[
            "public metrics like count",
            "reactions",
            "likes",
            "like count",
            "favorites",
            "favourites",
            "facebook likes",
            "gefällt mir",
            "j aime",
            "me gusta",
        ],
    ),
    (
        Field::Shares,
        &[
            "public metrics retweet count",
            "shares",
            "retweets",
            "twitter retweets",
            "reposts",
            "retweet count",
            "share count",
            "facebook shares",
            "article extended attributes facebook shares",
            "geteilt",
            "partages",
            "compartidos",
        ],
    ),
    (
        Field::Replies,
        &[
            "public metrics reply count",
            "comments",
            "replies",
            "reply count",
            "comment count",
            "twitter reply count",
            "facebook comments",
            "kommentare",
            "commentaires",
            "comentarios",
        ],
    ),
    (
        Field::Quotes,
        &["public metrics quote count", "quotes", "quote count"],
    ),
    (
        Field::Views,
        &[
            "public metrics impression count",
            "post views",
            "views",
            "view count",
            "impressions",
            "video views",
        ],
    ),
    (
        Field::Engagement,
        &[
            "engagement",
            "engagements",
            "total engagement",
            "total engagements",
            "interaktionen",
            "interactions",
            "total interactions",
            "interacciones",
        ],
    ),
    (
        Field::Url,
        &[
            "url",
            "post url",
            "tweet url",
            "permalink",
            "link",
            "post link",
            "thread url",
        ],
    ),
    (
        Field::Lang,
        &["language", "lang", "sprache", "langue", "idioma"],
    ),
    (
        Field::Platform,
        &[
            "platform",
            "network",
            "social network",
            "source type",
            "page type",
            "plattform",
            "netzwerk",
            "réseau",
            "red social",
        ],
    ),
    (
        Field::ReplyTo,
        &[
            "in reply to status id",
            "in reply to",
            "reply to",
            "parent id",
        ],
    ),
    (
        Field::RepostOf,
        &[
            "twitter retweet of",
            "retweet of",
            "retweeted status id",
            "repost of",
        ],
    ),
];

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::CreatedAt => "created_at",
            Field::Time => "time",
            Field::Text => "text",
            Field::Author => "author",
            Field::AuthorName => "author_name",
            Field::Followers => "followers",
            Field::Likes => "likes",
            Field::Shares => "shares",
            Field::Replies => "replies",
            Field::Quotes => "quotes",
            Field::Views => "views",
            Field::Engagement => "engagement",
            Field::Url => "url",
            Field::Lang => "lang",
            Field::Platform => "platform",
            Field::ReplyTo => "reply_to",
            Field::RepostOf => "repost_of",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        SYNONYMS.iter().map(|(f, _)| *f).find(|f| f.as_str() == s)
    }
}

/// A header cell reduced for matching: lowercase, words separated by one space; CrowdTangle's
/// "Overperforming Score (weighted — …)" reduced to its prefix, as its weighting varies.
pub fn normalise(column: &str) -> String {
    let words: Vec<String> = column
        .trim_start_matches('\u{feff}')
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let joined = words.join(" ");
    if joined.starts_with("overperforming score") {
        "overperforming score".into()
    } else {
        joined
    }
}

/// Guesses the mapping of a header: for each field, the first synonym present (for text, all of
/// them, the first non-empty one read; for a count, all of them as alternatives, since a tool's
/// export writes each network's count in its own column), each column used once. A separate
/// time column only counts beside a date column.
pub fn guess_mapping(header: &[String]) -> Mapping {
    let normalised: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let mut used = vec![false; header.len()];
    let mut mapping = Mapping::default();
    for (field, names) in SYNONYMS {
        let mut found = names
            .iter()
            .filter_map(|name| (0..header.len()).find(|&i| !used[i] && normalised[i] == *name));
        // Text takes every text-like column, the first non-empty one winning per row (news
        // mentions have an opening text where tweets have a hit sentence).
        let columns: Vec<usize> = if *field == Field::Text || field.is_count() {
            found.collect()
        } else {
            found.next().into_iter().collect()
        };
        if field.is_count() && columns.len() > 1 {
            mapping.alternatives.insert(*field);
        }
        for &i in &columns {
            used[i] = true;
        }
        if !columns.is_empty() {
            let names = columns.iter().map(|&i| header[i].clone()).collect();
            mapping.fields.insert(*field, names);
        }
    }
    if !mapping.fields.contains_key(&Field::CreatedAt) {
        mapping.fields.remove(&Field::Time);
    }
    mapping
}

/// Why a mapping cannot import posts, if it cannot.
pub fn missing_required(mapping: &Mapping) -> Option<&'static str> {
    if !mapping.fields.contains_key(&Field::Text) {
        Some("a CSV with no text column (map one with --map text=COLUMN)")
    } else if !mapping.fields.contains_key(&Field::CreatedAt) {
        Some("a CSV with no date column (map one with --map created_at=COLUMN)")
    } else {
        None
    }
}

fn signature(header: &[String]) -> String {
    let joined: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let digest = Sha256::digest(joined.join("\n"));
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Saves `mapping` as the one to use for files with this header.
pub fn save_mapping(
    conn: &rusqlite::Connection,
    header: &[String],
    mapping: &Mapping,
) -> Result<()> {
    conn.execute(
        "INSERT INTO csv_mappings (signature, header, mapping, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (signature) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
        rusqlite::params![
            signature(header),
            serde_json::to_string(header).expect("header serialises"),
            serde_json::to_string(mapping).expect("mapping serialises"),
            crate::time::rfc3339(chrono::Utc::now().timestamp()),
        ],
    )?;
    Ok(())
}

/// The mapping saved for this header, if any.
pub fn saved_mapping(conn: &rusqlite::Connection, header: &[String]) -> Result<Option<Mapping>> {
    use rusqlite::OptionalExtension;
    let json: Option<String> = conn
        .query_row(
            "SELECT mapping FROM csv_mappings WHERE signature = ?1",
            [signature(header)],
            |r| r.get(0),
        )
        .optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// Applies `field=column` choices to `mapping`, checking both names.
pub fn apply_overrides(
    mapping: &mut Mapping,
    header: &[String],
    overrides: &[(String, String)],
) -> Result<()> {
    for (field, column) in overrides {
        let f = Field::parse(field).ok_or_else(|| {
            let known: Vec<_> = SYNONYMS.iter().map(|(f, _)| f.as_str()).collect();
            Error::InvalidInput(format!(
                "unknown field {field:?}; fields: {}",
                known.join(", ")
            ))
        })?;
        if column.is_empty() {
            mapping.fields.remove(&f);
            continue;
        }
        let either = column.contains('|');
        let named = column.split(if either { '|' } else { '+' });
        // A column is found by its name as written, or else in any case ("--map text=beitrag").
        let columns = named
            .map(|name| {
                header
                    .iter()
                    .find(|h| *h == name)
                    .or_else(|| header.iter().find(|h| normalise(h) == normalise(name)))
                    .cloned()
                    .ok_or_else(|| {
                        Error::InvalidInput(format!(
                            "--map {field}: no column {name:?} in the header"
                        ))
                    })
            })
            .collect::<Result<Vec<String>>>()?;
        if either {
            mapping.alternatives.insert(f);
        } else {
            mapping.alternatives.remove(&f);
        }
        mapping.fields.insert(f, columns);
    }
    Ok(())
}

/// Reads a CSV's rows as posts, in any encoding and with any of the usual delimiters.
/// CrowdTangle files use their fixed mapping.
pub(crate) fn read(
    input: &mut dyn BufRead,
    cx: &ReadContext<'_>,
    crowdtangle: bool,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let mut rows = CsvRows::new(input).map_err(read_error)?;
    let header = match rows.header().map_err(read_error)? {
        Some((_, Ok(header))) => clean_header(&header),
        Some((_, Err(e))) => {
            return Err(Error::UnsupportedFile(format!(
                "not a readable CSV header: {e}"
            )))
        }
        None => return Err(Error::UnsupportedFile("an empty CSV file".into())),
    };
    let mut mapping = if crowdtangle {
        crowdtangle::mapping(&header)
    } else {
        match saved_mapping(cx.conn, &header)? {
            Some(saved) => saved,
            None => guess_mapping(&header),
        }
    };
    apply_overrides(&mut mapping, &header, cx.csv_map)?;
    if let Some(why) = missing_required(&mapping) {
        return Err(Error::UnsupportedFile(why.into()));
    }
    let index = |columns: &Vec<String>| -> Vec<usize> {
        columns
            .iter()
            .filter_map(|c| header.iter().position(|h| h == c))
            .collect()
    };
    let columns: BTreeMap<Field, Vec<usize>> =
        mapping.fields.iter().map(|(f, c)| (*f, index(c))).collect();
    let twarc = twarc_csv::is_twarc_csv(&header);
    // A "Tweet ID" column (Vicinitas, TweetArchivist, hand-made sheets) says whose ids they are,
    // so that its tweets are the same posts as an API export's, not posts of no platform.
    let tweet_ids = mapping.fields.get(&Field::Id).is_some_and(|columns| {
        columns.iter().any(|c| {
            matches!(
                normalise(c).as_str(),
                "tweet id" | "tweetid" | "tweet id str"
            )
        })
    });
    let default_platform = if crowdtangle {
        Platform::Facebook
    } else if twarc {
        Platform::Twitter
    } else {
        Platform::Other
    };
    let platform_of_ids = tweet_ids.then_some(Platform::Twitter);
    // A file's dates are month first unless its first rows show day first, by a date that can
    // only be read one way or, failing that, by reading closer together (an export is in time
    // order: 05/03, 06/03, 07/03 are three days, not three months).
    let dates = columns.get(&Field::CreatedAt).cloned().unwrap_or_default();
    let mut ahead = VecDeque::new();
    let mut order = None;
    while (order.is_none() || ahead.len() < ROW_NUMBERS_SEEN) && ahead.len() < ORDER_LOOKAHEAD {
        let Some((line, row)) = rows.next_row().map_err(read_error)? else {
            break;
        };
        if let (None, Ok(record)) = (order, &row) {
            order = dates
                .iter()
                .filter_map(|&i| record.get(i))
                .find_map(DayOrder::shown_by);
        }
        ahead.push_back((line, row));
    }
    // A bare "ID" column numbering the rows 1, 2, 3… names no post: next week's export numbers
    // its rows the same way, and its posts would be taken for this week's.
    let mut columns = columns;
    let numbered = |c: &Vec<usize>| -> bool {
        let ids: Vec<i64> = ahead
            .iter()
            .filter_map(|(_, row)| row.as_ref().ok()?.get(c[0])?.trim().parse().ok())
            .collect();
        // One row numbered 1 (or 0) is numbered too: no platform's post has such an id.
        !ids.is_empty()
            && ids.len() == ahead.len()
            && (0..=1).contains(&ids[0])
            && ids.windows(2).all(|w| w[1] == w[0] + 1)
    };
    let bare_id = mapping
        .fields
        .get(&Field::Id)
        .is_some_and(|c| c.len() == 1 && normalise(&c[0]) == "id");
    if bare_id
        && columns
            .get(&Field::Id)
            .is_some_and(|c| c.len() == 1 && numbered(c))
    {
        columns.remove(&Field::Id);
    }
    // Failing a date that shows it, as the last file with this header read them.
    let order = order.or(mapping.day_order).unwrap_or_else(|| {
        let cells = ahead.iter().filter_map(|(_, row)| {
            let record = row.as_ref().ok()?;
            dates.first().and_then(|&i| record.get(i))
        });
        DayOrder::closer_together(cells, cx.tz)
    });
    let dates = FileDates { order, tz: cx.tz };
    let (mut rows_read, mut rows_failed) = (0u64, 0u64);
    while let Some((line, row)) = match ahead.pop_front() {
        Some(next) => Some(next),
        None => rows.next_row().map_err(read_error)?,
    } {
        // A row of empty cells (`,,,` below a spreadsheet's table) is no record, as a blank
        // line is none.
        if row
            .as_ref()
            .is_ok_and(|record| record.iter().all(|c| c.trim().is_empty()))
        {
            continue;
        }
        let mut records = row.and_then(|record| {
            within_header(&record, header.len())?;
            csv_row::row(
                &header,
                &record,
                &columns,
                &mapping,
                (platform_of_ids, default_platform),
                dates,
            )
        });
        if twarc {
            if let Ok(records) = &mut records {
                twarc_csv::as_twarc_wrote_it(records);
            }
        }
        (rows_read, rows_failed) = match records {
            Ok(_) => (rows_read + 1, rows_failed),
            Err(_) => (rows_read, rows_failed + 1),
        };
        sink(line, records)?;
    }
    // The mapping used is kept for the next file with this header, unless it read none of this
    // file's rows: a mistaken `--map` must not be reused silently.
    let read_nothing = rows_read == 0 && rows_failed > 0;
    if (!crowdtangle || !cx.csv_map.is_empty()) && !read_nothing {
        mapping.day_order = Some(order);
        save_mapping(cx.conn, &header, &mapping)?;
    }
    Ok(())
}

/// Refuses a row with text past the header's last column: one of its cells holds the file's
/// separator unquoted, so it was split, and every cell after it is read into the wrong column
/// (the text cut short, a count or a date taken from the wrong place). Empty cells past the
/// header (a trailing separator) are no harm.
fn within_header(record: &csv::StringRecord, columns: usize) -> Result<(), String> {
    match (0..record.len())
        .rev()
        .find(|&i| !record[i].trim().is_empty())
    {
        Some(last) if last >= columns => Err(format!(
            "the row has {} cells where the header names {columns}: a cell holds the separator \
             without quotes around it, so the cells after it are out of place; the row is \
             skipped (quote that cell in the file to import it)",
            last + 1
        )),
        _ => Ok(()),
    }
}

/// Header cells without a byte-order mark.
fn clean_header(record: &csv::StringRecord) -> Vec<String> {
    record
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect()
}

/// Opens a CSV file for reading its rows, whatever its compression, encoding and delimiter:
/// the reader CSV imports use, for other importers of CSV exports (incidents).
pub fn open_rows(path: &std::path::Path) -> Result<CsvRows<Box<dyn BufRead>>> {
    let input = super::read::Input::open(path)?;
    CsvRows::new(input.into_reader()).map_err(|e| Error::io(path, e))
}

/// What the app shows to confirm a CSV's column mapping: the header, a few rows, and the column
/// chosen for each field (the saved mapping for this header, else the guess).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct CsvPreview {
    pub path: String,
    pub header: Vec<String>,
    /// Up to three rows, for recognising the columns.
    pub rows: Vec<Vec<String>>,
    pub choices: Vec<FieldChoice>,
    /// Whether the choices come from a mapping saved for this header.
    pub saved: bool,
}

/// The columns feeding one post field.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct FieldChoice {
    /// The field's name, as `--map` takes it (`text`, `created_at`, …).
    pub field: String,
    pub label: String,
    pub required: bool,
    pub columns: Vec<String>,
    /// The columns as `--map` takes them (`A+B`, or `A|B` for alternatives).
    pub value: String,
    /// Whether the columns are alternatives (the first with a count read) rather than a sum.
    pub alternatives: bool,
}

impl Field {
    /// A count, whose several columns add up or are alternatives.
    pub fn is_count(self) -> bool {
        matches!(
            self,
            Field::Followers
                | Field::Likes
                | Field::Shares
                | Field::Replies
                | Field::Quotes
                | Field::Views
                | Field::Engagement
        )
    }

    /// What the field is called in the app.
    pub fn label(self) -> &'static str {
        match self {
            Field::Id => "Post id",
            Field::CreatedAt => "Date (and time)",
            Field::Time => "Time, if separate",
            Field::Text => "Text",
            Field::Author => "Author handle",
            Field::AuthorName => "Author name",
            Field::Followers => "Author followers",
            Field::Likes => "Likes",
            Field::Shares => "Shares",
            Field::Replies => "Replies",
            Field::Quotes => "Quotes",
            Field::Views => "Views",
            Field::Engagement => "Engagement total, if no parts",
            Field::Url => "Link",
            Field::Lang => "Language",
            Field::Platform => "Platform",
            Field::ReplyTo => "In reply to",
            Field::RepostOf => "Repost of",
        }
    }
}

/// The mapping preview of a CSV file.
pub fn preview(conn: &rusqlite::Connection, path: &std::path::Path) -> Result<CsvPreview> {
    let mut rows = open_rows(path)?;
    let unreadable = |e: String| Error::InvalidInput(format!("{}: {e}", path.display()));
    let header = match rows.header().map_err(|e| Error::io(path, e))? {
        Some((_, Ok(header))) => clean_header(&header),
        Some((_, Err(e))) => return Err(unreadable(e)),
        None => return Err(unreadable("an empty CSV file".into())),
    };
    let mut sample = Vec::new();
    while sample.len() < 3 {
        match rows.next_row().map_err(|e| Error::io(path, e))? {
            Some((_, Ok(row))) => sample.push(row),
            Some((_, Err(_))) => continue,
            None => break,
        }
    }
    let rows = sample
        .iter()
        .map(|r| r.iter().map(|c| c.chars().take(120).collect()).collect())
        .collect();
    let saved = saved_mapping(conn, &header)?;
    let is_saved = saved.is_some();
    let mapping = saved.unwrap_or_else(|| guess_mapping(&header));
    let choices = SYNONYMS
        .iter()
        .map(|(field, _)| FieldChoice {
            field: field.as_str().into(),
            label: field.label().into(),
            required: matches!(field, Field::Text | Field::CreatedAt),
            columns: mapping.fields.get(field).cloned().unwrap_or_default(),
            value: mapping.columns_written(*field),
            alternatives: mapping.alternatives.contains(field),
        })
        .collect();
    Ok(CsvPreview {
        path: path.display().to_string(),
        header,
        rows,
        choices,
        saved: is_saved,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn a_german_export_s_columns_are_recognised() {
        let h = header(&[
            "Datum",
            "Beitrag",
            "Autor",
            "Gefällt mir",
            "Kommentare",
            "Sprache",
        ]);
        let m = guess_mapping(&h);
        let column = |f: Field| m.fields.get(&f).map(|c| c[0].as_str());
        assert_eq!(column(Field::CreatedAt), Some("Datum"));
        assert_eq!(column(Field::Text), Some("Beitrag"));
        assert_eq!(column(Field::Author), Some("Autor"));
        assert_eq!(column(Field::Likes), Some("Gefällt mir"));
        assert_eq!(column(Field::Replies), Some("Kommentare"));
        assert_eq!(column(Field::Lang), Some("Sprache"));
        assert_eq!(missing_required(&m), None);
    }

    #[test]
    fn a_count_of_several_networks_columns_is_read_from_the_first_that_has_one() {
        let h = header(&["Date", "Post", "Reactions", "Likes", "Impressions"]);
        let m = guess_mapping(&h);
        assert_eq!(m.fields[&Field::Likes], ["Reactions", "Likes"]);
        assert!(m.alternatives.contains(&Field::Likes));
        assert_eq!(m.columns_written(Field::Likes), "Reactions|Likes");
        assert!(!m.alternatives.contains(&Field::Views));
    }

    #[test]
    fn a_total_engagement_column_is_the_engagement_not_its_rate() {
        let sprout = header(&[
            "Date",
            "Post",
            "Engagement Rate (per Impression)",
            "Engagements",
        ]);
        let m = guess_mapping(&sprout);
        assert_eq!(m.fields[&Field::Engagement], ["Engagements"]);
        let meltwater = header(&["Date", "Hit Sentence", "Reach", "Engagement", "AVE"]);
        assert_eq!(
            guess_mapping(&meltwater).fields[&Field::Engagement],
            ["Engagement"]
        );
        let rate_only = header(&["Date", "Post", "Engagement Rate (per Impression)"]);
        assert!(!guess_mapping(&rate_only)
            .fields
            .contains_key(&Field::Engagement));
    }

    #[test]
    fn map_names_columns_in_any_case_and_says_how_they_combine() {
        let h = header(&["When", "Beitrag", "Likes", "Love"]);
        let mut m = Mapping::default();
        let set = |m: &mut Mapping, field: &str, column: &str| {
            apply_overrides(m, &h, &[(field.into(), column.into())])
        };
        set(&mut m, "text", "beitrag").unwrap();
        assert_eq!(m.fields[&Field::Text], ["Beitrag"]);
        set(&mut m, "likes", "likes|LOVE").unwrap();
        assert_eq!(m.columns_written(Field::Likes), "Likes|Love");
        set(&mut m, "likes", "Likes+Love").unwrap();
        assert_eq!(m.columns_written(Field::Likes), "Likes+Love");
        assert!(!m.alternatives.contains(&Field::Likes));
        let err = set(&mut m, "likes", "Likes+Hearts").unwrap_err();
        assert!(err.to_string().contains("no column \"Hearts\""), "{err}");
    }
}
