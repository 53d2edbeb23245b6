//! What the template reads: every number and sentence of the briefing, formatted once here from
//! the gathered facts, with private persons pseudonymised and hostile text cleaned.

use serde::Serialize;

use super::complaints::{self, ProblemBar};
use super::story::{self, summary};
use super::themes::{self, ThemeRow};
use super::{logo_path, BriefOptions, Gathered, Pseudonyms};
pub use crate::analytics::fmt_int;
use crate::analytics::{Kpi, Overview, Trend};
use crate::output::chart;
use crate::store::posts::StoredPost;
use crate::store::settings;
use crate::time::human_duration;

/// What the template reads.
#[derive(Debug, Serialize)]
pub(super) struct BriefData {
    title: String,
    organisation: String,
    accent: String,
    confidentiality: String,
    logo: Option<String>,
    fonts: &'static [&'static str],
    sections: Vec<String>,
    topic: String,
    query: String,
    period: String,
    tz: String,
    /// "day" or "hour": what one point of the charts is.
    bucket: &'static str,
    generated: String,
    status: String,
    status_colour: &'static str,
    /// "Status when generated: Problem. 212 people in the last hour against a normal 9, …"
    status_now: Option<String>,
    summary: Vec<String>,
    kpis: Vec<KpiTile>,
    /// Whether the chart marks official posts, for its caption.
    official_marks: bool,
    problems: Vec<ProblemBar>,
    problems_note: String,
    themes: Vec<ThemeRow>,
    themes_note: String,
    /// Said under "What drove it" when copies make much of the spike.
    copies_warning: Option<String>,
    response: Vec<String>,
    platforms: Vec<Row>,
    terms: Vec<Row>,
    terms_note: String,
    /// The heading of the terms' count in the window: "Spike" or "Period".
    terms_window: &'static str,
    top_posts: Vec<QuotedPost>,
    /// Said under the top posts when none of them has estimated views: how they are ranked.
    top_posts_note: Option<String>,
    /// Said under the top voices when no follower count is known, so that their order has a
    /// reason.
    top_voices_note: Option<String>,
    voices: Vec<Row>,
    timeline: Vec<Row>,
    /// "Against past incidents": the engine's sentences and table, when there is a comparison.
    compare_lines: Vec<String>,
    compare_rows: Vec<Vec<String>>,
    method: Vec<String>,
    caveats: Vec<String>,
}

#[derive(Debug, Serialize)]
struct KpiTile {
    label: String,
    value: String,
    change: String,
    trend: &'static str,
    note: Option<String>,
}

#[derive(Debug, Serialize)]
struct QuotedPost {
    author: String,
    platform: String,
    time: String,
    engagement: String,
    text: String,
}

/// A table row: cells already formatted as text.
#[derive(Debug, Serialize)]
pub(super) struct Row(pub(super) Vec<String>);

/// The template's data, and the pseudonyms it gave out (the companion files use the same ones).
pub(super) fn brief_data(g: &Gathered, opts: &BriefOptions) -> (BriefData, Pseudonyms) {
    let o = &g.overview;
    let facts = g.story_facts(opts);
    let (status, status_colour) = story::status(&facts);
    let mut people = Pseudonyms::new(opts.names, opts.public_accounts.iter().cloned());
    people.answering(g.answered.clone());
    people.knowing_bare(g.bare_handles.clone());
    let local = |t: i64| o.period.local_words(t, "%b");
    let top_posts = listed_top_posts(o)
        .map(|p| quote(p, &mut people, &local))
        .collect();
    let voices = o
        .top_voices
        .iter()
        .take(8)
        .map(|v| {
            let author = people.author(
                v.platform,
                v.handle.as_deref(),
                v.name.as_deref(),
                v.verified,
            );
            Row(vec![
                // As long as a quoted post's byline lets it be.
                clean(&author, 60),
                v.platform.label().into(),
                v.followers.map_or("unknown".into(), |f| fmt_int(f as f64)),
                fmt_int(v.mentions as f64),
                v.engagement.map_or("unknown".into(), |e| fmt_int(e as f64)),
            ])
        })
        .collect();
    let platforms = o
        .platforms
        .iter()
        .map(|b| {
            Row(vec![
                b.label.clone(),
                fmt_int(b.totals.mentions as f64),
                crate::analytics::share_percent(b.share),
                fmt_int(b.totals.unique_authors as f64),
                crate::analytics::share_percent(b.totals.negative_share),
            ])
        })
        .collect();
    let terms = g
        .terms
        .iter()
        .take(8)
        .map(|t| {
            Row(vec![
                people.text(&clean(&t.term, 40)),
                fmt_int(t.window as f64),
                fmt_int(t.baseline as f64),
                fmt_int(t.workspace as f64),
            ])
        })
        .collect();
    let mut timeline: Vec<(i64, Row)> = g
        .overlays
        .spikes
        .iter()
        .filter_map(|s| {
            let day = o.series.get(s.start)?;
            let start = day.start;
            let peak = o.series.get(s.peak).map_or(String::new(), bucket_name);
            Some((
                start,
                Row(vec![
                    if s.began_before {
                        format!("{} (began before the period)", bucket_name(day))
                    } else {
                        bucket_name(day)
                    },
                    format!("{} spike", capitalise(&s.severity)),
                    format!(
                        "{} {} on {peak}, {}",
                        if s.began_before {
                            "highest in the period"
                        } else {
                            "peak"
                        },
                        fmt_int(s.peak_mentions),
                        super::story::against_normal(s.baseline_at_peak)
                    ),
                ]),
            ))
        })
        .collect();
    for i in &g.overlays.incidents {
        let lag = |v: Option<i64>| match v {
            None => "unknown".to_string(),
            Some(d) if d < 0 => format!("{} before opening", human_duration(-d)),
            Some(d) => format!("{} after opening", human_duration(d)),
        };
        let mut lags = vec![
            format!("first complaint {}", lag(i.lags.lag_to_first_complaint)),
            format!("peak {}", lag(i.lags.lag_to_peak)),
        ];
        if i.lags.outside_data {
            lags.push("outside the workspace's data: its course is unknown".into());
        } else if i.resolved_at.is_some() {
            lags.push(story::decay_phrase(i.lags.decay_after_resolution));
        }
        if let Some(lead) = i.lags.social_detection_lead.filter(|l| *l > 0) {
            lags.push(format!("social detection lead {}", human_duration(lead)));
        }
        timeline.push((
            i.opened_at,
            Row(vec![
                local(i.opened_at),
                format!("Incident {}", clean(&i.label, 30)),
                format!("{} — {}", clean(&i.title, 90), lags.join(", ")),
            ]),
        ));
    }
    if opts.has("response") {
        timeline.extend(complaints::timeline_rows(g, &mut people));
    }
    timeline.sort_by_key(|(t, _)| *t);

    // The summary quotes the themes' labels, whose mentions it replaces with the rest of its
    // text; a private author's own name in a label is replaced here.
    let mut facts = facts;
    for ((label, _), theme) in facts.themes.iter_mut().zip(&g.themes.themes) {
        if let Some(by) = g.theme_posts.iter().find(|p| p.id == theme.label_post) {
            *label = people.without_own_name(label, by);
        }
    }
    let data = BriefData {
        title: format!("Exposure briefing: {}", o.topic.name),
        organisation: clean(
            &opts.organisation,
            settings::longest(settings::ORGANISATION),
        ),
        accent: valid_colour(&opts.accent),
        confidentiality: clean(
            &opts.confidentiality,
            settings::longest(settings::CONFIDENTIALITY),
        ),
        logo: opts
            .logo
            .as_ref()
            .map(|l| logo_path(&l.extension).to_string()),
        fonts: crate::output::fonts::BRIEF_FAMILIES,
        // A period without a post has no course to chart, nothing that drove it and no post to
        // quote: the summary says so (and where the data is) instead of empty sections.
        sections: opts
            .sections
            .iter()
            .filter(|s| {
                o.totals.mentions > 0
                    || !matches!(s.as_str(), "chart" | "drivers" | "posts" | "voices")
            })
            .cloned()
            .collect(),
        topic: clean(&o.topic.name, 80),
        query: clean(&o.topic.query, 200),
        period: match (period_end(&o.period, true), period_end(&o.period, false)) {
            (from, to) if from == to => from,
            (from, to) => format!("{from} – {to}"),
        },
        tz: o.period.tz.name().to_string(),
        bucket: o.bucket.as_str(),
        generated: opts.generated_at.format("%-d %B %Y, %H:%M UTC").to_string(),
        status: status.into(),
        status_colour,
        status_now: g
            .status
            .as_ref()
            .map(|s| clean(&format!("Status when generated: {}", s.sentences()), 400)),
        summary: summary(&facts)
            .into_iter()
            .map(|s| people.text(&clean(&s, 400)))
            .collect(),
        kpis: o.kpis.iter().map(tile).collect(),
        official_marks: !g.overlays.official.is_empty(),
        problems: complaints::problem_bars(&g.problems),
        problems_note: complaints::problems_note(&g.problems),
        themes: themes::theme_rows(g, &mut people),
        themes_note: themes::themes_note(g),
        copies_warning: themes::copies_warning(g),
        response: complaints::response_lines(&g.response, opts)
            .into_iter()
            .map(|l| people.text(&clean(&l, 400)))
            .collect(),
        platforms,
        terms,
        terms_note: g.terms_note.clone(),
        terms_window: if g.window_is_spike { "Spike" } else { "Period" },
        top_posts_note: (!o.top_posts_by_exposure.is_empty()
            && o.top_posts_by_exposure.iter().all(|p| p.exposure.is_none()))
        .then(|| {
            "No post's views can be estimated (no views or follower counts): these are the \
             posts with the most engagement, then the earliest."
                .to_string()
        }),
        top_voices_note: (!o.top_voices.is_empty()
            && o.top_voices.iter().all(|v| v.followers.is_none()))
        .then(|| {
            "No follower count is known for these people: they are listed by how many posts \
             they wrote."
                .to_string()
        }),
        top_posts,
        voices,
        timeline: timeline.into_iter().map(|(_, r)| r).collect(),
        compare_lines: g
            .comparison
            .iter()
            .flat_map(|c| &c.lines)
            .map(|l| clean(l, 400))
            .collect(),
        compare_rows: g
            .comparison
            .iter()
            .flat_map(|c| std::iter::once(&c.columns).chain(&c.rows))
            .map(|r| r.iter().map(|cell| clean(cell, 60)).collect())
            .collect(),
        method: method(g, opts),
        caveats: caveats(g, opts),
    };
    (data, people)
}

fn tile(k: &Kpi) -> KpiTile {
    if k.unknown {
        return KpiTile {
            label: k.label.clone(),
            value: "unknown".into(),
            change: String::new(),
            trend: "flat",
            note: k.note.clone(),
        };
    }
    let trend = match k.change.trend {
        Trend::Up => "up",
        Trend::Down => "down",
        Trend::New => "new",
        Trend::Flat | Trend::None | Trend::Unknown => "flat",
    };
    let change = k.change.short.clone();
    KpiTile {
        label: k.label.clone(),
        value: chart::format_count(k.value),
        change,
        trend,
        note: k.note.clone(),
    }
}

fn quote(post: &StoredPost, people: &mut Pseudonyms, local: &impl Fn(i64) -> String) -> QuotedPost {
    // The byline as the brief words it, the rest as every output shows a post.
    let author = people.byline(post);
    let p = &people.post(post);
    let time = chrono::DateTime::parse_from_rfc3339(&p.created_at)
        .map(|t| local(t.timestamp()))
        .unwrap_or_else(|_| p.created_at.clone());
    let mut engagement = match p.engagement {
        Some(n) => crate::analytics::counted(n.max(0) as u64, "engagement", "engagements"),
        None => "engagement unknown".to_string(),
    };
    if let Some(views) = p.exposure {
        engagement = format!("~{} views · {engagement}", chart::format_count(views));
    }
    QuotedPost {
        author: clean(&author, 60),
        platform: p.platform.label().into(),
        time,
        engagement,
        text: clean(&p.text, 320),
    }
}

fn method(g: &Gathered, opts: &BriefOptions) -> Vec<String> {
    let o = &g.overview;
    let rates: Vec<String> = o
        .exposure_rates
        .iter()
        .map(|r| {
            format!(
                "{} {:.0}%{}",
                r.platform.label(),
                r.visibility * 100.0,
                r.median_followers.map_or(String::new(), |m| format!(
                    " (median followers {})",
                    fmt_int(m)
                ))
            )
        })
        .collect();
    let mut out = vec![
        format!("Sources: {}.", g.coverage.describe(o.period.tz)),
        format!(
            "Topic query: {}. A post is counted once per platform and post id; days and hours are local to {}; the previous period is the {} before {}.",
            clean(&o.topic.query, 200),
            o.period.tz.name(),
            o.period.length(),
            period_end(&o.period, true)
        ),
        "Engagement = likes + shares + replies + quotes, as each platform reported them when the data was collected (Facebook reactions count as likes); for a listening tool's export that gives only a total, that total.".into(),
        "Potential reach = the sum of follower counts over the distinct people posting, each counted once with their largest known count; an upper bound on audience, not views.".into(),
        format!(
            "Estimated views = a post's views where the platform reports them, else its author's followers × the platform's visibility rate + its shares × the platform's median follower count. Visibility rates: {}.",
            if rates.is_empty() { "defaults".to_string() } else { rates.join(", ") }
        ),
        "Sentiment = VADER compound score (Hutto & Gilbert 2014); negative at −0.05 or below.".into(),
        match o.bucket {
            crate::analytics::Bucket::Hour => "Normal range and spikes: each hour is compared with the median of comparable past hours (the same hour of the day, and weekday where history allows), with a band of 7 typical deviations (1.4826 × median absolute deviation) and a minimum of 5 posts; a run of hours above the band is a surge, and a spike once it is larger than every surge of the four weeks before (older ones counting for less); hours above it do not raise the normal of later hours.",
            _ => "Normal range and spikes: each day is compared with the median of comparable past days (same weekday where history allows), with a band of 7 typical deviations (1.4826 × median absolute deviation) and a minimum of 5 posts; a run of days above the band is a surge, and a spike once it is larger than every surge of the four weeks before (older ones counting for less); days above it do not raise the normal of later days.",
        }
        .into(),
        crate::analytics::spikes::DetectorSettings::default().severity_said(),
        format!("Terms that rose: words, hashtags and two-word phrases counted {}, more frequent than in both beyond chance (G² of at least {}, p < 0.05, against each) and ranked by the smaller of their two log-likelihoods; stop words removed, generic words (numbers, times, common verbs) only within a phrase.", g.terms_note, crate::analytics::drivers::MIN_G2),
    ];
    out.extend(themes::method(g, opts));
    if opts.has("response") {
        out.push(format!(
            "Complaints = posts in a problem category (most reported problems); official posts = the own accounts' posts on the topic and replies in complaint threads; the response lag runs from the first of the complaints less than {} apart before the first official post.",
            human_duration(crate::analytics::response::QUIET_SECS)
        ));
    }
    out.push(if opts.names {
        "Everyone is named as their posts name them: names are switched on in this workspace’s settings, so private persons are not shown as “Person 1”, “Person 2”….".into()
    } else {
        "Private persons are shown as “Person 1”, “Person 2”… (stable within this briefing); verified accounts, news sites and accounts marked public are named.".into()
    });
    out
}

fn caveats(g: &Gathered, _opts: &BriefOptions) -> Vec<String> {
    let o = &g.overview;
    let mut out = vec![
        "Counts cover only the files imported into this workspace; platforms and periods not imported are not represented.".to_string(),
    ];
    if o.totals.reach_unknown_share > 0.0 {
        out.push(format!(
            "Follower counts are unknown for {} of the people posting; potential reach leaves them out.",
            crate::analytics::share_percent(o.totals.reach_unknown_share)
        ));
    }
    out
}

/// The top posts a brief lists, and writes beside the PDF: the six with the most estimated
/// views, each text once as the overview ranks them (many copies of one post say one thing).
pub(super) fn listed_top_posts(o: &Overview) -> impl Iterator<Item = &StoredPost> {
    o.top_posts_by_exposure.iter().take(6)
}

fn valid_colour(c: &str) -> String {
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|x| x.is_ascii_hexdigit());
    if ok {
        c.to_string()
    } else {
        "#1f5fa8".into()
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// Removes control and bidi-override characters and trims to `max` characters with an ellipsis.
pub fn clean(text: &str, max: usize) -> String {
    let kept: String = text
        .chars()
        .map(|c| {
            if c == '\n' || c == '\t' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control() && !crate::model::is_bidi_control(*c))
        .collect();
    let collapsed = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        collapsed
    } else {
        let cut: String = collapsed.chars().take(max.saturating_sub(1)).collect();
        // At the end of a word, unless that loses more than a third of what is kept.
        let at_word = match cut.rfind(' ') {
            Some(space) if cut[..space].chars().count() * 3 >= max * 2 => &cut[..space],
            _ => &cut,
        };
        format!("{}…", at_word.trim_end())
    }
}

pub(super) fn long_date(day: chrono::NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

/// "2 September 2026" for a day of the series, "2 September 2026, 14:00" for an hour.
pub(super) fn bucket_name(p: &crate::analytics::SeriesPoint) -> String {
    if p.is_hour() {
        p.local.format("%-d %B %Y, %H:%M").to_string()
    } else {
        long_date(p.date)
    }
}

/// "2 September", or "2 September, 14:00" for an hour: a bucket in a sentence, with its year
/// where the period does not imply it ([`Period::day_words`](crate::analytics::Period::day_words)).
pub(super) fn bucket_label(
    period: &crate::analytics::Period,
    p: &crate::analytics::SeriesPoint,
) -> String {
    let day = period.day_words(p.date, "%B");
    if p.is_hour() {
        format!("{day}, {}", p.local.format("%H:%M"))
    } else {
        day
    }
}

/// The period's first (`start`) or last day, or a window's first or end instant with its time.
pub(super) fn period_end(period: &crate::analytics::Period, start: bool) -> String {
    let (first, end) = period.bounds();
    match (period.hours(), start) {
        (Some(_), true) => local_long(period, first),
        (Some(_), false) => local_long(period, end),
        (None, true) => long_date(period.from),
        (None, false) => long_date(period.to),
    }
}

fn local_long(period: &crate::analytics::Period, unix: i64) -> String {
    period.local_format(unix, "%-d %B %Y, %H:%M")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_removes_bidi_overrides_and_trims() {
        assert_eq!(clean("a\u{202E}b\u{0007}c", 10), "abc");
        assert_eq!(clean("one two three", 8), "one two…");
        // A word is not cut, unless the text is one long word.
        assert_eq!(clean("parents bring your laptops", 18), "parents bring…");
        assert_eq!(clean("abcdefghijklmnop", 8), "abcdefg…");
        assert_eq!(clean("👩‍🎓 ok", 10), "👩‍🎓 ok");
    }

    #[test]
    fn integers_get_thousands_separators() {
        assert_eq!(fmt_int(1234567.0), "1,234,567");
        assert_eq!(fmt_int(12.0), "12");
    }
}
