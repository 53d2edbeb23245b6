//! The facts of a kept topic match, packed in one blob (`topic_matches.facts`, migration 0009).
//! A large topic's read is bound by SQLite handing over columns one at a time: one blob a row
//! instead of seven columns reads the same facts in well under half the time.
//!
//! Layout: a byte of flags saying which optional facts are present (and whether the engagement
//! is unknown: a post with none of its four counts and no total, `store::posts::ENGAGEMENT`); the platform's length (one byte) and
//! text; the engagement (8 bytes, 0 when unknown); then, each when present, views, followers at the
//! time of the post and shares (8 bytes each), the sentiment (an `f64`, 8 bytes); and last, when
//! present, the language code's text. Numbers are little-endian. The blob is written only by the
//! SQL function [`FUNCTION`], which every connection of the store has.

use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::Connection;

/// The SQL function that packs a match's facts:
/// `townhall_facts(platform, lang, engagement, views, followers_at_post, shares, sentiment)`.
pub const FUNCTION: &str = "townhall_facts";

const VIEWS: u8 = 1;
const FOLLOWERS_AT_POST: u8 = 1 << 1;
const SHARES: u8 = 1 << 2;
const SENTIMENT: u8 = 1 << 3;
const LANG: u8 = 1 << 4;
/// The engagement is unknown (its 8 bytes are 0). Absent from blobs written before it existed,
/// which read as known.
const NO_ENGAGEMENT: u8 = 1 << 5;

/// The facts of one match, as packed.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts<'a> {
    pub platform: &'a str,
    pub lang: Option<&'a str>,
    /// `None` when the post has none of likes, shares, replies and quotes, nor a total.
    pub engagement: Option<i64>,
    pub views: Option<i64>,
    pub followers_at_post: Option<i64>,
    pub shares: Option<i64>,
    pub sentiment: Option<f64>,
}

impl<'a> Facts<'a> {
    /// The blob [`Facts::unpack`] reads back.
    pub fn pack(&self) -> Vec<u8> {
        let mut flags = 0;
        let mut out = Vec::with_capacity(48);
        out.push(0);
        let platform = &self.platform.as_bytes()[..self.platform.len().min(255)];
        out.push(platform.len() as u8);
        out.extend_from_slice(platform);
        if self.engagement.is_none() {
            flags |= NO_ENGAGEMENT;
        }
        out.extend_from_slice(&self.engagement.unwrap_or(0).to_le_bytes());
        for (bit, value) in [
            (VIEWS, self.views),
            (FOLLOWERS_AT_POST, self.followers_at_post),
            (SHARES, self.shares),
        ] {
            if let Some(v) = value {
                flags |= bit;
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        if let Some(s) = self.sentiment {
            flags |= SENTIMENT;
            out.extend_from_slice(&s.to_le_bytes());
        }
        if let Some(lang) = self.lang {
            flags |= LANG;
            out.extend_from_slice(lang.as_bytes());
        }
        out[0] = flags;
        out
    }

    /// The facts in `blob`; `None` when it is not one [`Facts::pack`] wrote.
    pub fn unpack(blob: &'a [u8]) -> Option<Facts<'a>> {
        let (&flags, rest) = blob.split_first()?;
        let (&len, rest) = rest.split_first()?;
        let (platform, mut rest) = rest.split_at_checked(len as usize)?;
        let mut next = || -> Option<[u8; 8]> {
            let (bytes, tail) = rest.split_first_chunk::<8>()?;
            rest = tail;
            Some(*bytes)
        };
        let engagement = Some(i64::from_le_bytes(next()?)).filter(|_| flags & NO_ENGAGEMENT == 0);
        let mut optional = |bit: u8| -> Option<Option<[u8; 8]>> {
            if flags & bit == 0 {
                Some(None)
            } else {
                next().map(Some)
            }
        };
        let views = optional(VIEWS)?.map(i64::from_le_bytes);
        let followers_at_post = optional(FOLLOWERS_AT_POST)?.map(i64::from_le_bytes);
        let shares = optional(SHARES)?.map(i64::from_le_bytes);
        let sentiment = optional(SENTIMENT)?.map(f64::from_le_bytes);
        let lang = if flags & LANG == 0 {
            None
        } else {
            Some(std::str::from_utf8(rest).ok()?)
        };
        Some(Facts {
            platform: std::str::from_utf8(platform).ok()?,
            lang,
            engagement,
            views,
            followers_at_post,
            shares,
            sentiment,
        })
    }
}

/// Gives `conn` the function [`FUNCTION`].
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        FUNCTION,
        7,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text = |i: usize| -> rusqlite::Result<Option<&str>> {
                match ctx.get_raw(i) {
                    ValueRef::Null => Ok(None),
                    v => Ok(Some(v.as_str()?)),
                }
            };
            let int = |i: usize| -> rusqlite::Result<Option<i64>> { ctx.get(i) };
            Ok(Facts {
                platform: text(0)?.unwrap_or_default(),
                lang: text(1)?,
                engagement: int(2)?,
                views: int(3)?,
                followers_at_post: int(4)?,
                shares: int(5)?,
                sentiment: ctx.get(6)?,
            }
            .pack())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_come_back_as_packed_with_each_optional_fact_absent_or_present() {
        let full = Facts {
            platform: "twitter",
            lang: Some("pt-BR"),
            engagement: Some(1 << 40),
            views: Some(-3),
            followers_at_post: Some(0),
            shares: Some(i64::MAX),
            sentiment: Some(-0.05),
        };
        let bare = Facts {
            platform: "",
            lang: None,
            engagement: None,
            views: None,
            followers_at_post: None,
            shares: None,
            sentiment: None,
        };
        let some = Facts {
            lang: Some(""),
            views: None,
            sentiment: None,
            ..full.clone()
        };
        let zero = Facts {
            engagement: Some(0),
            ..bare.clone()
        };
        for facts in [full, bare, some, zero] {
            assert_eq!(Facts::unpack(&facts.pack()), Some(facts));
        }
        assert_eq!(Facts::unpack(&[]), None);
        assert_eq!(Facts::unpack(&[VIEWS, 0, 1, 2]), None, "cut short");
    }

    #[test]
    fn the_sql_function_packs_what_unpack_reads() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let blob: Vec<u8> = conn
            .query_row(
                "SELECT townhall_facts('reddit', NULL, 7, 1200, NULL, 3, 0.5)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let facts = Facts::unpack(&blob).unwrap();
        assert_eq!(
            facts,
            Facts {
                platform: "reddit",
                lang: None,
                engagement: Some(7),
                views: Some(1200),
                followers_at_post: None,
                shares: Some(3),
                sentiment: Some(0.5),
            }
        );
    }
}
