//! What the window and the command line show: a topic over a period, resolved the same way for
//! both, and the numbers, posts and explanations read from it.

use chrono::{DateTime, Utc};
use rustc_hash::FxHashSet;

use crate::analytics::explain::{self, WindowReport};
use crate::analytics::problems::{Problem, Taxonomy};
use crate::analytics::spikes::{self, Detection};
use crate::analytics::{
    self, Bucket, HourlySeries, Overview, Period, PostFilter, SeriesPoint, TopBy,
};
use crate::error::{Error, Result};
use crate::incidents;
use crate::model::{Platform, PostKind};
use crate::output::brief::Pseudonyms;
use crate::output::{chart, timeline};
use crate::query::Matcher;
use crate::store::posts::StoredPost;
use crate::store::settings;
use crate::store::Store;
use crate::time;
use crate::topics::matches::Selection;
use crate::topics::{self, Topic};
use crate::wire::{Dashboard, DashboardRequest};

use super::problems::ListedPost;

/// The most posts one request lists.
pub const MAX_POSTS: usize = 500;

/// The topic and period a request names. Missing dates give the default period, which follows
/// the topic's own data (see [`analytics::default_period`]); `now` is "today" for a topic with
/// no posts.
pub fn resolve(
    store: &Store,
    request: &DashboardRequest,
    now: DateTime<Utc>,
) -> Result<(Topic, Period)> {
    let (topic, resolved, _) = resolve_read(store, request, now)?;
    Ok((topic, resolved.period))
}

/// [`resolve`], with the rule that chose a default period and the topic's times it read.
fn resolve_read(
    store: &Store,
    request: &DashboardRequest,
    now: DateTime<Utc>,
) -> Result<(Topic, analytics::DefaultPeriod, Option<analytics::Times>)> {
    let topic = topics::get(store, &request.topic)?;
    let tz = super::timezone(store, request.tz.as_deref())?;
    if let Some(hours) = request.hours {
        if date(&request.from)?.is_some() || date(&request.to)?.is_some() {
            return Err(Error::InvalidInput(
                "a period is either hours or dates, not both".into(),
            ));
        }
        let until = request.until.unwrap_or_else(|| now.timestamp());
        let period = Period::hours_until(until, hours, tz)?;
        return Ok((topic, analytics::DefaultPeriod::chosen(period), None));
    }
    let (resolved, times) = analytics::resolve_default_read(
        store,
        &topic,
        date(&request.from)?,
        date(&request.to)?,
        tz,
        now.with_timezone(&tz).date_naive(),
    )?;
    Ok((topic, resolved, times))
}

/// A `YYYY-MM-DD` date that may be missing or empty.
fn date(text: &Option<String>) -> Result<Option<chrono::NaiveDate>> {
    text.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(time::parse_date)
        .transpose()
}

/// Everything the dashboard shows for one topic and period, by day, private persons
/// pseudonymised ([`shown`]).
pub fn overview(store: &Store, request: &DashboardRequest, now: DateTime<Utc>) -> Result<Overview> {
    let mut overview = overview_read(store, request, now)?.overview;
    hide_people(store, &mut overview, &mut pseudonyms(store, false)?)?;
    Ok(overview)
}

/// The overview's posts and voices as an output shows them.
fn hide_people(store: &Store, overview: &mut Overview, people: &mut Pseudonyms) -> Result<()> {
    for posts in [&mut overview.top_posts, &mut overview.top_posts_by_exposure] {
        acquaint(store, people, posts)?;
        *posts = posts.iter().map(|p| people.post(p)).collect();
    }
    overview.top_voices = overview
        .top_voices
        .iter()
        .map(|v| people.voice(v))
        .collect();
    Ok(())
}

/// [`overview`] with everything it was computed from ([`analytics::overview_read`]), names
/// as stored: the topic's posts are read once for choosing the period and for the overview.
/// For callers that count more in them; what they show goes through [`shown`] or a brief's
/// pseudonyms.
pub fn overview_read(
    store: &Store,
    request: &DashboardRequest,
    now: DateTime<Utc>,
) -> Result<analytics::OverviewRead> {
    let (topic, resolved, times) = resolve_read(store, request, now)?;
    let mut read = analytics::overview_read(
        store,
        &topic,
        &resolved.period,
        resolved.period.bucket(),
        times.as_ref(),
    )?;
    read.overview.period_note = resolved.note();
    Ok(read)
}

/// The dashboard: the overview, what the chart draws over it, and the chart.
pub fn dashboard(
    store: &Store,
    request: &DashboardRequest,
    now: DateTime<Utc>,
) -> Result<Dashboard> {
    let analytics::OverviewRead {
        mut overview,
        times,
        ..
    } = overview_read(store, request, now)?;
    hide_people(store, &mut overview, &mut pseudonyms(store, false)?)?;
    let overlays = timeline::overlays(store, &overview, Some(&times))?;
    let (chart_svg, chart_plot) = chart::exposure_chart(&overview.series, &overlays)?;
    Ok(Dashboard {
        overview,
        overlays,
        chart_svg,
        chart_plot,
        unlinked_incidents: crate::incidents::unlinked(store)?,
    })
}

/// Every measure per hour, day or week (weeks widen the period to whole weeks); by default the
/// period's own buckets. A window of hours is counted only by the hour.
pub fn series(
    store: &Store,
    request: &DashboardRequest,
    bucket: Option<Bucket>,
    now: DateTime<Utc>,
) -> Result<(Period, Vec<SeriesPoint>)> {
    let (topic, period) = resolve(store, request, now)?;
    let bucket = bucket.unwrap_or(period.bucket());
    if period.hours().is_some() && bucket != Bucket::Hour {
        return Err(Error::InvalidInput(format!(
            "the last {} are counted by the hour, not by the {}",
            period.length(),
            bucket.as_str()
        )));
    }
    let period = bucket.align(&period);
    let days = (period.to - period.from).num_days() + 1;
    if bucket == Bucket::Hour && days > MAX_HOURLY_DAYS {
        return Err(Error::InvalidInput(format!(
            "{} is {days} days, too long to count by the hour (at most {MAX_HOURLY_DAYS} days); \
             count it by the day or the week",
            period.span_text()
        )));
    }
    Ok((
        period,
        analytics::bucketed_series(store, &topic, &period, bucket)?,
    ))
}

/// The longest period a series counts by the hour: two years, 17,544 buckets.
pub const MAX_HOURLY_DAYS: i64 = 731;

/// Which posts to list, and how: the posts dialog's controls, the CLI's `posts` options, and
/// the shell's wire type for both (every field may be left out).
#[derive(Debug, Clone, Default, serde::Deserialize, ts_rs::TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct PostsListing {
    /// By tone: all posts, or the negative, neutral or positive ones.
    pub filter: PostFilter,
    /// Only the posts that report this problem (a bar of "Most reported problems").
    pub problem: Option<Problem>,
    /// Only the posts of this theme (1 for the largest, as [`super::themes::report`] numbers
    /// them); not together with `problem`.
    pub theme: Option<u32>,
    /// Only the posts that copy an earlier post's text in the window (the overview's "of which
    /// N are copies"; among its newest 5,000 posts).
    pub copies: bool,
    /// Only the organisation's official posts and replies, as its response counts them (the
    /// `own_accounts` setting's posts on the topic, and their replies in complaint threads).
    pub official: bool,
    /// Only the posts this query matches, in the topics' query language (plain words match
    /// posts holding them all): the posts dialog's search.
    pub search: Option<String>,
    /// Only the posts published on this platform.
    pub platform: Option<Platform>,
    /// Only the posts in this language (`en` also keeps `en-GB`).
    pub lang: Option<String>,
    /// Only the posts of this kind (replies, reposts…).
    pub kind: Option<PostKind>,
    pub sort: TopBy,
    /// Skip this many, for the next page.
    pub offset: usize,
    /// At most this many per page (and never more than [`MAX_POSTS`]).
    pub limit: Option<usize>,
}

/// One page of a listing, with how many posts the whole listing holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct PostsPage {
    pub posts: Vec<StoredPost>,
    pub total: u64,
}

/// The posts behind the dashboard's numbers: the topic's posts in the request's period.
pub fn period_posts(
    store: &Store,
    request: &DashboardRequest,
    listing: PostsListing,
    now: DateTime<Utc>,
) -> Result<Vec<StoredPost>> {
    Ok(period_page(store, request, listing, now)?.posts)
}

/// [`period_posts`], one page at a time, with the listing's total; private persons
/// pseudonymised ([`shown`]) as on the pages before, so that "Person 3" is one person however
/// far the list is scrolled.
pub fn period_page(
    store: &Store,
    request: &DashboardRequest,
    listing: PostsListing,
    now: DateTime<Utc>,
) -> Result<PostsPage> {
    let limit = listing.limit.unwrap_or(MAX_POSTS).min(MAX_POSTS);
    let offset = listing.offset;
    let from_the_top = PostsListing {
        offset: 0,
        limit: Some(offset.saturating_add(limit)),
        ..listing
    };
    let page = requested(store, request, &from_the_top, now)?;
    let mut posts = shown(store, &page.posts, false)?;
    posts.drain(..offset.min(posts.len()));
    Ok(PostsPage {
        posts,
        total: page.total,
    })
}

/// The listing of a dashboard request: the topic's posts in its period, or with `official` the
/// organisation's official posts and replies there.
fn requested(
    store: &Store,
    request: &DashboardRequest,
    listing: &PostsListing,
    now: DateTime<Utc>,
) -> Result<PostsPage> {
    let (topic, period) = resolve(store, request, now)?;
    if !listing.official {
        return listed(
            store,
            &Selection::of(store, &topic)?,
            period.bounds(),
            listing,
            None,
        );
    }
    let official: FxHashSet<i64> = super::response::report(store, request, now)?
        .official
        .iter()
        .map(|o| o.id)
        .collect();
    let own: Vec<Matcher> = crate::store::settings::own_accounts(store.conn())?
        .iter()
        .map(|h| Matcher::author(h))
        .collect();
    match Matcher::any(&own) {
        Some(authors) => listed(
            store,
            &authors.into(),
            period.bounds(),
            listing,
            Some(&official),
        ),
        None => Ok(PostsPage {
            posts: Vec::new(),
            total: 0,
        }),
    }
}

/// Posts as an output shows them: private persons pseudonymised (stable within the output) as
/// in the briefs, unless names are turned on in the workspace or by `names` for this output.
pub fn shown(store: &Store, posts: &[StoredPost], names: bool) -> Result<Vec<StoredPost>> {
    let mut people = pseudonyms(store, names)?;
    acquaint(store, &mut people, posts)?;
    Ok(posts.iter().map(|p| people.post(p)).collect())
}

/// Tells `people` what the store knows of the posts `posts`, to be shown: which posts they
/// reply to, so that a reply naming the private person it answers shows their pseudonym
/// ([`Pseudonyms::answering`]), and which of their words are handles written without their
/// `@` ([`Pseudonyms::knowing_bare`]).
fn acquaint(store: &Store, people: &mut Pseudonyms, posts: &[StoredPost]) -> Result<()> {
    people.knowing_bare(crate::analytics::handles::handles_in(
        store.conn(),
        posts.iter().map(|p| p.text.as_str()),
    )?);
    let replies: Vec<i64> = posts
        .iter()
        .filter(|p| p.parent.is_some())
        .map(|p| p.id)
        .collect();
    if !replies.is_empty() {
        people.answering(crate::store::posts::replied_to(store.conn(), &replies)?);
    }
    Ok(())
}

/// The pseudonyms of one output, stable within it: private persons are "Person 1", "Person 2",
/// … unless names are turned on in the workspace or by `names` for this output.
pub fn pseudonyms(store: &Store, names: bool) -> Result<Pseudonyms> {
    let conn = store.conn();
    Ok(Pseudonyms::new(
        names || settings::names(conn)?,
        settings::named_accounts(conn)?,
    ))
}

/// [`shown`], for listed posts with their problems.
pub fn shown_listed(store: &Store, posts: Vec<ListedPost>, names: bool) -> Result<Vec<ListedPost>> {
    let (posts, problems): (Vec<StoredPost>, Vec<_>) =
        posts.into_iter().map(|l| (l.post, l.problems)).unzip();
    Ok(shown(store, &posts, names)?
        .into_iter()
        .zip(problems)
        .map(|(post, problems)| ListedPost { post, problems })
        .collect())
}

/// Writes every post of the listing (not one page) to `path` as CSV: text cells neutralised,
/// private persons pseudonymised as in the briefs unless names are turned on. Returns how many
/// posts were written.
pub fn export_posts(
    store: &Store,
    request: &DashboardRequest,
    listing: PostsListing,
    path: &std::path::Path,
    now: DateTime<Utc>,
) -> Result<u64> {
    let listing = PostsListing {
        offset: 0,
        limit: None,
        ..listing
    };
    let page = requested(store, request, &listing, now)?;
    let posts = shown(store, &page.posts, false)?;
    let mut out = Vec::new();
    crate::output::table::write_posts_csv(&mut out, &posts)?;
    std::fs::write(path, out).map_err(|e| Error::io(path, e))?;
    Ok(posts.len() as u64)
}

/// A selection's posts in a window as the listing asks (filtered, of a problem or a theme,
/// copies, matching a search), ranked, one page of them.
fn listed(
    store: &Store,
    selection: &Selection,
    bounds: (i64, i64),
    listing: &PostsListing,
    only: Option<&FxHashSet<i64>>,
) -> Result<PostsPage> {
    if listing.theme.is_some() && listing.problem.is_some() {
        return Err(Error::InvalidInput(
            "list the posts of a theme or of a problem, not both".into(),
        ));
    }
    let model = analytics::ExposureModel::load(store.conn())?;
    let mut found = analytics::mentions::fetch(store, selection, &model, bounds.0, bounds.1)?;
    found.retain(|m| listing.filter.keeps(m) && only.is_none_or(|ids| ids.contains(&m.id)));
    if let Some(number) = listing.theme {
        let ids: FxHashSet<i64> = super::themes::theme_post_ids(store, selection, bounds, number)?
            .into_iter()
            .collect();
        found.retain(|m| ids.contains(&m.id));
    }
    if listing.copies {
        let posts = analytics::samples::window_posts(store, selection, bounds.0, bounds.1)?;
        let ids: FxHashSet<i64> = analytics::copies::copy_ids(&posts).into_iter().collect();
        found.retain(|m| ids.contains(&m.id));
    }
    let mut matchers = Vec::new();
    matchers.extend(listing.platform.map(Matcher::platform));
    matchers.extend(listing.kind.map(Matcher::kind));
    if let Some(code) = &listing.lang {
        matchers.push(Matcher::lang(code).ok_or_else(|| {
            Error::InvalidInput(format!(
                "{code:?} is not a language code: write it like en or es"
            ))
        })?);
    }
    if let Some(problem) = listing.problem {
        matchers.push(Taxonomy::load(store.conn())?.get(problem).matcher.clone());
    }
    if let Some(search) = listing
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        matchers.push(crate::query::compile(search).map_err(|e| {
            Error::InvalidInput(format!("the search {search:?} is not a query: {e}"))
        })?);
    }
    for matcher in &matchers {
        let ids: Vec<i64> = found.iter().map(|m| m.id).collect();
        let hits = analytics::ids_matching(store, matcher, &ids)?;
        found.retain(|m| hits.contains(&m.id));
    }
    let total = found.len() as u64;
    let posts =
        analytics::top::rank_page(store, &found, listing.sort, listing.offset, listing.limit)?;
    Ok(PostsPage { posts, total })
}

/// Posts of a topic (or of the whole workspace) between two optional days, both included, each
/// with the problems it reports: the command line's listing. Missing days leave that end open.
pub fn posts(
    store: &Store,
    topic: Option<&str>,
    (from, to): (Option<String>, Option<String>),
    hours: Option<u32>,
    tz: Option<&str>,
    listing: PostsListing,
    now: DateTime<Utc>,
) -> Result<Vec<ListedPost>> {
    let topic = topic.map(|name| topics::get(store, name)).transpose()?;
    let selection = match &topic {
        Some(topic) => Selection::of(store, topic)?,
        None => Matcher::everything().into(),
    };
    let tz = super::timezone(store, tz)?;
    if let (Some(from), Some(to)) = (date(&from)?, date(&to)?) {
        if from > to {
            return Err(Error::InvalidInput(format!(
                "the period starts ({from}) after it ends ({to})"
            )));
        }
    }
    if let Some(hours) = hours {
        if date(&from)?.is_some() || date(&to)?.is_some() {
            return Err(Error::InvalidInput(
                "a period is either hours or dates, not both".into(),
            ));
        }
        let period = Period::hours_until(now.timestamp(), hours, tz)?;
        let posts = listed(store, &selection, period.bounds(), &listing, None)?.posts;
        return super::problems::with_problems(store, posts);
    }
    // A theme's number and the copies are those of a period: without dates, the period the
    // dashboard and `townhall themes` show, so that theme 3 is the theme they call 3.
    if let Some(topic) = topic.filter(|_| listing.theme.is_some() || listing.copies) {
        let today = now.with_timezone(&tz).date_naive();
        let period = analytics::default_period(store, &topic, date(&from)?, date(&to)?, tz, today)?;
        let posts = listed(store, &selection, period.bounds(), &listing, None)?.posts;
        return super::problems::with_problems(store, posts);
    }
    let start = match date(&from)? {
        Some(d) => time::day_start(tz, d).timestamp(),
        None => i64::MIN,
    };
    let end = match date(&to)? {
        Some(d) => time::day_start(tz, d + chrono::Days::new(1)).timestamp(),
        None => i64::MAX,
    };
    let posts = listed(store, &selection, (start, end), &listing, None)?.posts;
    super::problems::with_problems(store, posts)
}

/// What drove a window of a topic's timeline, unix seconds `[start, end)`.
pub fn explain_window(store: &Store, topic: &str, start: i64, end: i64) -> Result<WindowReport> {
    explain_with_incidents(store, &topics::get(store, topic)?, start, end)
}

/// What drove a window, with how the topic's incidents line up with it; private persons
/// pseudonymised ([`shown`]).
fn explain_with_incidents(
    store: &Store,
    topic: &Topic,
    start: i64,
    end: i64,
) -> Result<WindowReport> {
    let mut report = explain::explain(store, topic, start, end)?;
    let mut people = pseudonyms(store, false)?;
    acquaint(store, &mut people, &report.top_posts)?;
    report.top_posts = report.top_posts.iter().map(|p| people.post(p)).collect();
    report.voices = report.voices.iter().map(|v| people.voice(v)).collect();
    let firsts: Vec<i64> = report.copies.groups.iter().map(|g| g.first).collect();
    let firsts = crate::store::posts::by_ids(store.conn(), &firsts)?;
    acquaint(store, &mut people, &firsts)?;
    for group in &mut report.copies.groups {
        group.text = people.copied(group, &firsts);
    }
    let around: Vec<i64> = incidents::around(store, topic, start, end)?
        .iter()
        .map(|i| i.id)
        .collect();
    if !around.is_empty() {
        let tz = super::timezone(store, None)?;
        report.incidents = incidents::with_lags(store, topic, tz)?
            .iter()
            .filter(|i| around.contains(&i.incident.id))
            .map(|i| incidents::alignment(&i.incident, &i.lags, end))
            .collect();
    }
    Ok(report)
}

/// What drove the days of the request's period (both ends included).
pub fn explain_days(
    store: &Store,
    request: &DashboardRequest,
    now: DateTime<Utc>,
) -> Result<WindowReport> {
    let (topic, period) = resolve(store, request, now)?;
    let (start, end) = period.bounds();
    explain_with_incidents(store, &topic, start, end)
}

/// The spikes in a topic's hourly mentions, with the hours they were found in.
pub fn topic_spikes(
    store: &Store,
    topic: &str,
    tz: Option<&str>,
) -> Result<(HourlySeries, Detection)> {
    let topic = topics::get(store, topic)?;
    let tz = super::timezone(store, tz)?;
    let hours = analytics::hourly_mentions(store, &topic, tz)?;
    let detection = spikes::detect(
        &hours.times,
        &hours.values,
        3600,
        spikes::SeriesKind::Mentions,
        &spikes::DetectorSettings::default(),
    );
    Ok((hours, detection))
}
