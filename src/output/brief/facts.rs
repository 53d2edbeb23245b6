//! Gathering what a briefing says beyond the overview: chart overlays, the terms that rose in the
//! main spike, and the coverage of the workspace's sources.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::data::{bucket_label, bucket_name, long_date, period_end};
use super::options::BriefOptions;
use super::story::{Day, Facts, IncidentFacts, Responded};
use crate::analytics::copies::{self, Copies};
use crate::analytics::drivers::RisingTerm;
use crate::analytics::problems::{self, PeriodMentions, ProblemReport, Taxonomy};
use crate::analytics::response::{self, Response};
use crate::analytics::samples::{terms_that_rose, window_posts};
use crate::analytics::status::Status;
use crate::analytics::themes::{self, Themes};
use crate::analytics::{Overview, OverviewRead, Times};
use crate::error::Result;
use crate::incidents::{self, compare::Comparison};
use crate::model::Platform;
use crate::output::timeline::SpikeMark;
use crate::output::timeline::{self, Overlays};
use crate::store::posts::StoredPost;
use crate::store::{settings, Store};
use crate::topics::matches::Selection;

/// Everything a briefing is rendered from.
#[derive(Debug, Clone)]
pub struct Gathered {
    pub overview: Overview,
    pub overlays: Overlays,
    pub terms: Vec<RisingTerm>,
    /// Which windows the terms compare, for the method section.
    pub terms_note: String,
    pub coverage: Coverage,
    /// The most reported problems over the period, against the previous period.
    pub problems: ProblemReport,
    /// The organisation's official response to the period's complaints.
    pub response: Response,
    /// The posts that the posts the brief quotes (official posts, top posts, the themes'
    /// examples) reply to, by the replying post's id, where the workspace holds them: a private
    /// person answered by name is pseudonymised there too.
    pub answered: HashMap<i64, StoredPost>,
    /// The handles of stored accounts that the texts the brief quotes write without their `@`
    /// ([`crate::analytics::handles`]).
    pub bare_handles: HashSet<String>,
    /// The themes of the period and their copies, with their example posts.
    pub themes: Themes,
    pub theme_posts: Vec<StoredPost>,
    /// The copies among the posts of the window the terms are counted in (the largest spike,
    /// else the period), and the words naming that window.
    pub window_copies: Copies,
    pub window_name: String,
    /// Whether that window is a spike (else the whole period).
    pub window_is_spike: bool,
    /// The period's latest incident beside the topic's earlier ones, when it has some
    /// (`incidents::compare`).
    pub comparison: Option<Comparison>,
    /// The topic's graded status when the brief is generated (`analytics::status`), the same
    /// grade and sentence the app and `townhall status` show; `None` leaves it out.
    pub status: Option<Status>,
}

/// Posts per platform in the whole workspace, with their date range.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Coverage {
    pub platforms: Vec<(Platform, u64, i64, i64)>,
}

impl Coverage {
    /// When `period` lies wholly before or after the workspace's posts, a sentence saying so.
    pub fn outside(&self, period: &crate::analytics::Period) -> Option<String> {
        let first = self.platforms.iter().map(|p| p.2).min()?;
        let last = self.platforms.iter().map(|p| p.3).max()?;
        let (start, end) = period.bounds();
        let day = |t: i64| long_date(crate::time::local_day(period.tz, t));
        if end <= first {
            Some(format!(
                "The workspace's posts begin on {}, after this period.",
                day(first)
            ))
        } else if start > last {
            Some(format!(
                "The workspace's posts end on {}, before this period.",
                day(last)
            ))
        } else {
            None
        }
    }

    /// The time of the workspace's last post.
    pub fn last(&self) -> Option<i64> {
        self.platforms.iter().map(|p| p.3).max()
    }

    /// When the period runs on for more than a day after the workspace's last post (a period
    /// ending in the future, or after an export was taken), a sentence saying so: its days
    /// after the data are unknown, not quiet.
    pub fn ends_before(&self, period: &crate::analytics::Period) -> Option<String> {
        let last = self.last()?;
        let (start, _) = period.bounds();
        (last >= start && period.runs_past(last)).then(|| {
            format!(
                "The workspace's posts end on {}, before this period does: the days after it \
                 are not known, not quiet.",
                long_date(crate::time::local_day(period.tz, last))
            )
        })
    }

    /// When the workspace's posts begin after the start of the period before `o`'s, which its
    /// changes are counted against, a sentence saying that period is not covered.
    pub fn not_covered_before(&self, o: &crate::analytics::Overview) -> Option<String> {
        use crate::analytics::Covered;
        let first = self.platforms.iter().map(|p| p.2).min()?;
        let how = match o.period.previous_covered(Some(first)) {
            Covered::Whole => return None,
            Covered::Part => "part-way through",
            Covered::None => "after",
            // Said by `ends_before`.
            Covered::Ended => return None,
        };
        Some(format!(
            "The workspace's posts begin on {}, {how} {}, so no change is given.",
            long_date(crate::time::local_day(o.period.tz, first)),
            o.period.before()
        ))
    }

    /// Each platform's posts and the local days of its first and last, in `tz` (the days a
    /// brief counts in).
    pub fn describe(&self, tz: chrono_tz::Tz) -> String {
        if self.platforms.is_empty() {
            return "no posts imported".into();
        }
        let day = |t: i64| {
            chrono::DateTime::from_timestamp(t, 0)
                .unwrap_or_default()
                .with_timezone(&tz)
                .format("%-d %b %Y")
                .to_string()
        };
        self.platforms
            .iter()
            .map(|(p, n, first, last)| {
                format!(
                    "{} {} ({} – {})",
                    p.label(),
                    crate::analytics::counted(*n, "post", "posts"),
                    day(*first),
                    day(*last)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

pub fn gather(store: &Store, overview: Overview) -> Result<Gathered> {
    let (_, end) = overview.period.bounds();
    let (prev_start, _) = overview.previous_period.bounds();
    let mentions = crate::analytics::mentions(store, &overview.topic, prev_start, end)?;
    gather_from(
        store,
        OverviewRead {
            overview,
            mentions,
            times: Times::default(),
        },
    )
}

/// [`gather`] from what the overview was computed from ([`crate::analytics::overview_read`]:
/// the mentions of its period and the one before, the topic's times before them), so that a
/// briefing reads them once.
pub fn gather_from(store: &Store, read: OverviewRead) -> Result<Gathered> {
    let OverviewRead {
        overview,
        mentions,
        times,
    } = read;
    // The problems and the response count in the same mentions; the response's official posts
    // are marked on the chart.
    let taxonomy = Taxonomy::load(store.conn())?;
    let read = PeriodMentions::categorised(
        store,
        &taxonomy,
        &overview.topic,
        &overview.period,
        mentions,
    )?;
    let problems = problems::report_of(&taxonomy, &read);
    let own = settings::own_accounts(store.conn())?;
    let response = response::response_of(
        store,
        &overview.topic,
        &overview.period,
        read.during(),
        &own,
    )?;
    drop(read);
    let overlays = timeline::overlays_with(store, &overview, Some(&response), Some(&times))?;
    drop(times);
    let (period_start, period_end) = overview.period.bounds();
    let main_spike = overlays
        .spikes
        .iter()
        .max_by(|a, b| a.peak_mentions.total_cmp(&b.peak_mentions));
    let ((w0, w1), window_name, window_is_spike) = match main_spike.and_then(|s| {
        let series = &overview.series;
        Some((s, series.get(s.start)?.start, series.get(s.end)?.end))
    }) {
        Some((s, start, end)) => (
            (start, end),
            match (
                bucket_name(&overview.series[s.start]),
                bucket_name(&overview.series[s.end]),
            ) {
                (first, last) if first == last => format!("the largest spike ({first})"),
                (first, last) => format!("the largest spike ({first} – {last})"),
            },
            true,
        ),
        None => ((period_start, period_end), "the period".to_string(), false),
    };
    let terms_note = format!(
        "in {window_name} against both the topic's own posts before it and the rest of the workspace"
    );
    let selection = Selection::of(store, &overview.topic)?;
    let window = window_posts(store, &selection, w0, w1)?;
    let terms = terms_that_rose(store, &overview.topic, &window, (w0, w1))?;
    let themes = themes::window(store, &selection, (period_start, period_end))?;
    let examples: Vec<i64> = themes
        .themes
        .iter()
        .flat_map(themes::Theme::quoted)
        .collect();
    let latest = overlays
        .incidents
        .iter()
        .max_by_key(|i| (i.opened_at, i.id));
    let comparison = match latest {
        Some(mark) => incidents::list(store, Some(&overview.topic))?
            .into_iter()
            .find(|i| i.id == mark.id)
            .map(|i| incidents::compare::compare(store, &overview.topic, &i, overview.period.tz))
            .transpose()?
            .filter(|c| !c.earlier.is_empty()),
        None => None,
    };
    // The posts the brief quotes that may answer someone by name: the official posts, the top
    // posts and the themes' examples.
    let quoted: Vec<i64> = response
        .official
        .iter()
        .map(|o| o.id)
        .chain(super::data::listed_top_posts(&overview).map(|p| p.id))
        .chain(examples.iter().copied())
        .collect();
    let theme_posts = crate::store::posts::by_ids(store.conn(), &examples)?;
    let window_copies = copies::copies(&window);
    let quoted_texts = response
        .official
        .iter()
        .map(|o| o.text.as_str())
        .chain(super::data::listed_top_posts(&overview).map(|p| p.text.as_str()))
        .chain(theme_posts.iter().map(|p| p.text.as_str()))
        .chain(themes.copies.groups.iter().map(|g| g.text.as_str()))
        .chain(window_copies.groups.iter().map(|g| g.text.as_str()));
    Ok(Gathered {
        bare_handles: crate::analytics::handles::handles_in(store.conn(), quoted_texts)?,
        answered: crate::store::posts::replied_to(store.conn(), &quoted)?,
        comparison,
        window_copies,
        window_is_spike,
        window_name,
        theme_posts,
        themes,
        problems,
        response,
        overview,
        overlays,
        terms,
        terms_note,
        coverage: coverage(store)?,
        status: None,
    })
}

impl Gathered {
    /// Keeps to what was known of the organisation's incidents at `at` (unix seconds), the time
    /// the brief says it was generated: an incident opened later is left out, and one resolved
    /// later is still open, with no return to normal after its resolution. The comparison with
    /// past incidents goes too when its incident is one of them: its figures run past `at`.
    pub fn incidents_as_of(&mut self, at: i64) {
        let later = |i: &crate::output::timeline::IncidentMark| {
            i.opened_at > at || i.resolved_at.is_some_and(|r| r > at)
        };
        if let Some(c) = &self.comparison {
            let compared = self
                .overlays
                .incidents
                .iter()
                .find(|i| i.id == c.incident.id);
            if compared.is_none_or(later) {
                self.comparison = None;
            }
        }
        let end = self.overview.series.len() as f64;
        self.overlays.incidents.retain(|i| i.opened_at <= at);
        for i in &mut self.overlays.incidents {
            if i.resolved_at.is_some_and(|r| r > at) {
                i.resolved_at = None;
                i.lags.decay_after_resolution = None;
                i.end = end;
            }
        }
    }
}

impl Gathered {
    /// The facts the status and summary are written from, with the sections `opts` chose.
    pub fn story_facts(&self, opts: &BriefOptions) -> Facts {
        let o = &self.overview;
        // When the period runs on past the data, its story is told as of the data's end: the
        // buckets after it are unknown, not quiet.
        let known = match self.coverage.last().filter(|&l| o.period.runs_past(l)) {
            Some(last) => o.series.iter().take_while(|p| p.start <= last).count(),
            None => o.series.len(),
        };
        Facts {
            topic: o.topic.name.clone(),
            from: period_end(&o.period, true),
            to: period_end(&o.period, false),
            before: o.period.before(),
            bucket: o.bucket.as_str(),
            days: o.series[..known]
                .iter()
                .map(|p| Day {
                    label: bucket_label(&o.period, p),
                    mentions: p.totals.mentions as f64,
                })
                .collect(),
            band: self.overlays.band.iter().take(known).copied().collect(),
            spikes: self
                .overlays
                .spikes
                .iter()
                .filter(|s| s.start < known)
                .map(|s| SpikeMark {
                    peak: s.peak.min(known - 1),
                    end: s.end.min(known - 1),
                    ..s.clone()
                })
                .collect(),
            mentions: o.totals.mentions,
            people: o.totals.unique_authors,
            previous_mentions: o.previous.mentions,
            change_pct: o
                .kpis
                .iter()
                .find(|k| k.key == "mentions")
                .and_then(|k| k.change.pct),
            negative_share: o.totals.negative_share,
            incidents: self
                .overlays
                .incidents
                .iter()
                .map(|i| IncidentFacts {
                    number: i.number.clone(),
                    title: i.title.clone(),
                    lags: i.lags.clone(),
                })
                .collect(),
            top_problem: self
                .problems
                .top()
                .filter(|_| opts.has("problems"))
                .map(|top| {
                    let tied = self.problems.problems.iter();
                    let tied = tied.filter(|p| p.mentions == top.mentions);
                    (tied.map(|p| p.label.to_string()).collect(), top.share)
                }),
            themes: if opts.has("themes") {
                let own = self.themes.copies.read - self.themes.copies.reposts;
                self.themes
                    .themes
                    .iter()
                    .map(|t| (t.label.clone(), t.posts as f64 / own.max(1) as f64))
                    .collect()
            } else {
                Vec::new()
            },
            response: (opts.has("response") && !self.response.own_accounts.is_empty()).then(|| {
                Responded {
                    speaker: opts.speaker(),
                    lag: self.response.lag_secs,
                    complaints: self.response.complaints,
                }
            }),
            outside_data: (o.totals.mentions == 0)
                .then(|| self.coverage.outside(&o.period))
                .flatten(),
            previous_not_covered: self.coverage.not_covered_before(o),
            data_ends: self.coverage.ends_before(&o.period),
        }
    }
}

fn coverage(store: &Store) -> Result<Coverage> {
    let mut stmt = store.conn().prepare(
        "SELECT platform, posts, first, last FROM platform_coverage WHERE posts > 0
         ORDER BY posts DESC, platform",
    )?;
    let rows = stmt.query_map([], |r| {
        let platform: String = r.get(0)?;
        Ok((
            Platform::parse(&platform).unwrap_or(Platform::Other),
            r.get::<_, i64>(1)? as u64,
            r.get(2)?,
            r.get(3)?,
        ))
    })?;
    Ok(Coverage {
        platforms: rows.collect::<rusqlite::Result<_>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::Period;

    /// A period running on past the workspace's last post says its later days are unknown;
    /// one ending the day after the last post (collected up to last night) does not.
    #[test]
    fn a_period_past_the_data_says_where_the_data_ends() {
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let utc = chrono_tz::UTC;
        let at = |s: &str| Period::new(day(s), day(s), utc).unwrap().bounds().0;
        let coverage = Coverage {
            platforms: vec![(
                Platform::Twitter,
                10,
                at("2026-09-01"),
                at("2026-09-18") + 60,
            )],
        };
        let period = |from, to| Period::new(day(from), day(to), utc).unwrap();
        assert_eq!(
            coverage
                .ends_before(&period("2026-09-10", "2027-01-31"))
                .as_deref(),
            Some(
                "The workspace's posts end on 18 September 2026, before this period does: the \
                 days after it are not known, not quiet."
            )
        );
        assert_eq!(
            coverage.ends_before(&period("2026-09-10", "2026-09-19")),
            None
        );
        // Wholly after the data: the other note says so.
        assert_eq!(
            coverage.ends_before(&period("2026-10-01", "2026-10-31")),
            None
        );
    }
}
