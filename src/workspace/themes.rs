//! Themes and copies as use cases: a topic's themes over a period (resolved as the dashboard's),
//! with its copied texts, and the posts behind one theme. The numbers are
//! [`crate::analytics::themes`]'s and [`crate::analytics::copies`]'s; this module quotes their
//! posts under the workspace's privacy choice — private persons pseudonymised, in bylines and
//! where a text @mentions them, unless names are turned on — as briefings do.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::views;
use crate::analytics::samples::{self, MAX_TEXTS};
use crate::analytics::themes::{self, Themes};
use crate::analytics::{Period, PeriodWire};
use crate::error::{Error, Result};
use crate::model::Platform;
use crate::output::brief::Pseudonyms;
use crate::store::posts;
use crate::store::{settings, Store};
use crate::topics::matches::Selection;
use crate::wire::DashboardRequest;

/// A post quoted as an example, private persons pseudonymised.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ExamplePost {
    pub id: i64,
    pub platform: Platform,
    /// `@handle`, a name, or a pseudonym ("Person 1").
    pub author: String,
    /// The text, with @mentions of private persons pseudonymised.
    pub text: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// One theme as the dashboard, the command line and the briefing show it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ThemeView {
    /// 1 for the largest; the number `period_posts` takes to list its posts.
    pub number: u32,
    /// Its most representative sentence, @mentions of private persons pseudonymised.
    pub label: String,
    pub terms: Vec<String>,
    pub posts: u64,
    pub texts: u64,
    pub people: u64,
    pub negative_share: f64,
    pub examples: Vec<ExamplePost>,
}

/// A text copied in the period.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct CopiedText {
    /// @mentions of private persons pseudonymised.
    pub text: String,
    pub posts: u64,
    pub people: u64,
}

/// The themes and copies of a topic over a period.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ThemesReport {
    pub topic: String,
    #[ts(as = "PeriodWire")]
    pub period: Period,
    /// The topic's posts in the period, and how many of the newest were read (at most 5,000).
    pub mentions: u64,
    pub read: u64,
    /// Of those read, reposts (left aside), copies of an earlier post's text, and the distinct
    /// texts copied.
    pub reposts: u64,
    pub copies: u64,
    pub copied_texts: u64,
    /// Copies as a share of the posts read that are not reposts.
    pub copy_share: f64,
    /// The most copied texts, most posts first.
    pub copied: Vec<CopiedText>,
    /// Most posts first.
    pub themes: Vec<ThemeView>,
    /// Posts read (reposts aside) in no theme.
    pub unthemed: u64,
    /// The copies in words, with the reposts left aside: "583 of 2,735 posts (21%) copy an
    /// earlier post's text: 170 texts copied; 82 reposts left aside."
    pub copies_said: String,
}

/// The themes and copies of the request's topic over its period.
pub fn report(
    store: &Store,
    request: &DashboardRequest,
    now: DateTime<Utc>,
) -> Result<ThemesReport> {
    let (topic, period) = views::resolve(store, request, now)?;
    let selection = Selection::of(store, &topic)?;
    let (start, end) = period.bounds();
    let found = themes::window(store, &selection, (start, end))?;
    let mut people = Pseudonyms::new(
        settings::names(store.conn())?,
        settings::named_accounts(store.conn())?,
    );
    let firsts: Vec<i64> = found.copies.groups.iter().map(|g| g.first).collect();
    let firsts = posts::by_ids(store.conn(), &firsts)?;
    people.knowing_bare(crate::analytics::handles::handles_in(
        store.conn(),
        firsts.iter().map(|p| p.text.as_str()),
    )?);
    Ok(ThemesReport {
        topic: topic.name.clone(),
        period,
        mentions: samples::count(store, &selection, start, end)?,
        read: found.copies.read,
        reposts: found.copies.reposts,
        copies: found.copies.copies,
        copied_texts: found.copies.texts,
        copy_share: found.copies.share(),
        copied: found
            .copies
            .groups
            .iter()
            .map(|g| CopiedText {
                text: people.copied(g, &firsts),
                posts: g.posts,
                people: g.people,
            })
            .collect(),
        themes: views_of(store, &found, &mut people)?,
        unthemed: found.unthemed,
        copies_said: found.copies.said(),
    })
}

/// The themes with their examples quoted, under one set of pseudonyms.
pub fn views_of(store: &Store, found: &Themes, people: &mut Pseudonyms) -> Result<Vec<ThemeView>> {
    let ids: Vec<i64> = found
        .themes
        .iter()
        .flat_map(themes::Theme::quoted)
        .collect();
    let posts = posts::by_ids(store.conn(), &ids)?;
    people.answering(posts::replied_to(store.conn(), &ids)?);
    people.knowing_bare(crate::analytics::handles::handles_in(
        store.conn(),
        posts.iter().map(|p| p.text.as_str()),
    )?);
    Ok(found
        .themes
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (label, terms) = people.theme(t, &posts);
            ThemeView {
                number: i as u32 + 1,
                label,
                terms,
                posts: t.posts,
                texts: t.texts,
                people: t.people,
                negative_share: t.negative_share,
                examples: t
                    .examples
                    .iter()
                    .filter_map(|id| posts.iter().find(|p| p.id == *id))
                    .map(|p| ExamplePost {
                        id: p.id,
                        platform: p.platform,
                        author: people.byline(p),
                        text: people.post(p).text,
                        created_at: p.created_at.clone(),
                    })
                    .collect(),
            }
        })
        .collect())
}

/// The row ids of the posts of theme `number` (1 for the largest) among the selection's posts in
/// `[start, end)`.
pub fn theme_post_ids(
    store: &Store,
    selection: &Selection,
    bounds: (i64, i64),
    number: u32,
) -> Result<Vec<i64>> {
    let found = themes::window(store, selection, bounds)?;
    let theme = (number as usize)
        .checked_sub(1)
        .and_then(|i| found.themes.get(i))
        .ok_or_else(|| {
            Error::InvalidInput(format!(
                "there is no theme {number} in this period ({} themes among its newest {} posts)",
                found.themes.len(),
                MAX_TEXTS
            ))
        })?;
    Ok(theme.post_ids.clone())
}
