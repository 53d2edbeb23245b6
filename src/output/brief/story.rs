//! The briefing's status line and executive summary, generated from the numbers alone: every
//! figure in a sentence comes from the data, and which sentences appear depends on where the topic
//! stands at the end of the period — rising, peaking, subsiding or normal. Pure: no I/O.

use crate::incidents::Lags;
use crate::output::timeline::{BandPoint, SpikeMark};
use crate::time::human_duration;

/// Where the topic stands on the last day of the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Situation {
    Quiet,
    Normal,
    /// No spike, but mentions rose above the normal range on some bucket: the detector holds a
    /// surge to a higher bar after a larger one (see `analytics::spikes`), and the brief says
    /// what the chart shows rather than "normal".
    Raised,
    Rising {
        critical: bool,
    },
    Peaking,
    /// A period of one bucket in a spike, with fewer mentions than the bucket before it (the
    /// previous period): past its peak, though the period alone cannot show it.
    Easing,
    /// Past its peak in time but not in level: the last bucket holds at least
    /// `HOLDING` of the peak (an outage that stays news for days).
    Holding,
    Subsiding,
}

impl Situation {
    /// The one-line status of the header, and its colour.
    pub fn status(self) -> (&'static str, &'static str) {
        match self {
            Situation::Rising { critical: true } => ("Critical and rising", "#b42318"),
            Situation::Rising { critical: false } => ("Rising", "#b42318"),
            // Its peak was the last bucket but one or two: the summary says mentions "have
            // begun to fall".
            Situation::Peaking | Situation::Easing => ("Past its peak", "#b42318"),
            Situation::Holding => ("Holding near its peak", "#b42318"),
            Situation::Subsiding => ("Subsiding", "#b54708"),
            Situation::Normal => ("Normal", "#067647"),
            Situation::Raised => ("Above normal at times", "#b54708"),
            Situation::Quiet => ("No mentions", "#067647"),
        }
    }
}

/// The header's status for the facts: the situation's, except that a period that had a spike and
/// ends normal says "Back to normal", so a quiet end never hides the storm before it.
pub fn status(f: &Facts) -> (&'static str, &'static str) {
    match situation(f) {
        Situation::Normal if !f.spikes.is_empty() => ("Back to normal", "#067647"),
        // Nothing stood out, but nothing could have: no normal range to measure against.
        Situation::Normal if no_normal(f) => ("No normal level yet", "#475467"),
        s => s.status(),
    }
}

/// Whether no bucket of the period has a normal range: the data began too recently.
fn no_normal(f: &Facts) -> bool {
    f.band.iter().all(Option::is_none)
}

/// How long after an incident's resolution mentions were back to normal, for the timeline.
pub fn decay_phrase(decay: Option<i64>) -> String {
    match decay {
        None => "not yet back to normal after resolution".into(),
        Some(d) if d < 60 => "already back to normal at resolution".into(),
        Some(d) => format!("back to normal {} after resolution", human_duration(d)),
    }
}

/// A day of the period: its label ("2 September") and its mentions.
#[derive(Debug, Clone)]
pub struct Day {
    pub label: String,
    pub mentions: f64,
}

/// An incident in the period with its lags.
#[derive(Debug, Clone)]
pub struct IncidentFacts {
    /// The ticket number, or `None` for an incident entered without one.
    pub number: Option<String>,
    pub title: String,
    pub lags: Lags,
}

impl IncidentFacts {
    /// "incident INC0041207", or by its title when it has no number.
    fn name(&self) -> String {
        match &self.number {
            Some(n) => format!("incident {n}"),
            None => format!("the incident “{}”", self.title),
        }
    }
}

/// How the organisation answered the complaints, when its own accounts are known.
#[derive(Debug, Clone)]
pub struct Responded {
    /// "Riverside Unified School District", or "The organisation".
    pub speaker: String,
    /// From the first complaint to the first official post; negative when it spoke first.
    pub lag: Option<i64>,
    pub complaints: u64,
}

/// Everything the summary is written from.
#[derive(Debug, Clone)]
pub struct Facts {
    pub topic: String,
    pub from: String,
    pub to: String,
    /// What the period is compared with: "the previous 30 days" ([`crate::analytics::Period::before`]).
    pub before: String,
    /// "day" or "hour": what one of `days` is.
    pub bucket: &'static str,
    /// The buckets of the period, days or hours.
    pub days: Vec<Day>,
    pub band: Vec<Option<BandPoint>>,
    pub spikes: Vec<SpikeMark>,
    pub mentions: u64,
    pub people: u64,
    pub previous_mentions: u64,
    pub change_pct: Option<f64>,
    pub negative_share: f64,
    pub incidents: Vec<IncidentFacts>,
    /// The most reported problems (more than one when tied) and their share of the mentions
    /// each, when the summary names them.
    pub top_problem: Option<(Vec<String>, f64)>,
    /// The themes (label, share of the posts other than reposts), most posts first, when the
    /// summary names them.
    pub themes: Vec<(String, f64)>,
    pub response: Option<Responded>,
    /// Said when the period has no post because it lies outside the workspace's data: "The
    /// workspace's posts begin on 3 July 2026, after this period."
    pub outside_data: Option<String>,
    /// Said instead of the change when the workspace's posts begin within or after the previous
    /// period, which is then not covered: "The workspace's posts begin on 3 July 2026, part-way
    /// through the previous 30 days, so no change is given."
    pub previous_not_covered: Option<String>,
    /// Said when the period runs on after the workspace's last post: "The workspace's posts
    /// end on 18 September 2026, before this period does: …".
    pub data_ends: Option<String>,
}

/// Buckets (days, or hours) a spike may have ended and still count as "subsiding" rather than
/// over.
const SUBSIDING_BUCKETS: usize = 3;

/// The share of its peak a surge's last bucket holds for it to be "holding near its peak"
/// rather than falling.
const HOLDING: f64 = 0.9;

pub fn situation(f: &Facts) -> Situation {
    let n = f.days.len();
    if f.mentions == 0 || n == 0 {
        return Situation::Quiet;
    }
    let last = n - 1;
    let holding = |peak: usize| f.days[last].mentions >= HOLDING * f.days[peak].mentions;
    if let Some(spike) = f.spikes.iter().rev().find(|s| s.end >= last) {
        let peak = peak_of(&f.days, spike.start, last);
        // One bucket cannot show its own trend: the bucket before it (the previous period) can.
        if n == 1
            && f.previous_not_covered.is_none()
            && f.previous_mentions as f64 > f.days[0].mentions
        {
            return Situation::Easing;
        }
        return if peak == last && (last == 0 || f.days[last].mentions >= f.days[last - 1].mentions)
        {
            Situation::Rising {
                critical: spike.severity == "critical",
            }
        } else if holding(peak) {
            Situation::Holding
        } else if peak + 2 >= last {
            Situation::Peaking
        } else {
            Situation::Subsiding
        };
    }
    match f.spikes.last() {
        Some(s) if s.end + SUBSIDING_BUCKETS >= last => {
            match holding(peak_of(&f.days, s.start, last)) {
                true => Situation::Holding,
                false => Situation::Subsiding,
            }
        }
        None if above_normal(f).is_some() => Situation::Raised,
        _ => Situation::Normal,
    }
}

/// The bucket furthest above the normal range (by its share of the range's top), if any is.
fn above_normal(f: &Facts) -> Option<usize> {
    let above = |i: usize| {
        let band = f.band.get(i).copied().flatten()?;
        (f.days[i].mentions > band.upper).then(|| f.days[i].mentions / band.upper.max(1.0))
    };
    (0..f.days.len())
        .filter_map(|i| Some((i, above(i)?)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i)
}

fn peak_of(days: &[Day], from: usize, to: usize) -> usize {
    (from..=to)
        .max_by(|a, b| {
            days[*a]
                .mentions
                .total_cmp(&days[*b].mentions)
                .then(b.cmp(a))
        })
        .unwrap_or(to)
}

/// Three to five sentences for the executive summary.
pub fn summary(f: &Facts) -> Vec<String> {
    let situation = situation(f);
    let when = if f.from == f.to {
        format!("on {}", f.from)
    } else {
        format!("between {} and {}", f.from, f.to)
    };
    let mut out = vec![if f.mentions == 0 {
        format!("No post mentioned {} {when}.", f.topic)
    } else {
        format!(
            "{} {} by {} {} mentioned {} {when}.",
            count(f.mentions as f64),
            plural(f.mentions, "post", "posts"),
            count(f.people as f64),
            plural(f.people, "person", "people"),
            f.topic,
        )
    }];
    let before = &f.before;
    let change = match f.change_pct {
        // The note on where the data ends says why there is no change.
        _ if f.outside_data.is_some() || f.data_ends.is_some() => None,
        _ if f.previous_not_covered.is_some() => f.previous_not_covered.clone(),
        Some(c) if !crate::analytics::change::flat(c) => Some(format!(
            "That is {} on {before} ({}).",
            crate::analytics::change_words(c),
            count(f.previous_mentions as f64)
        )),
        Some(_) => Some(format!("That is level with {before}.")),
        None => Some(format!(
            "There were no mentions in {before} to compare with."
        )),
    };
    out.extend(change);
    if let Some(note) = f.outside_data.as_ref().or(f.data_ends.as_ref()) {
        out.push(note.clone());
    }
    if let Some(sentence) = trajectory(f, situation) {
        out.push(sentence);
    }
    if f.mentions > 0 {
        out.push(format!(
            "{} of the posts were negative in tone.",
            crate::analytics::share_percent(f.negative_share)
        ));
    }
    if let Some((labels, share)) = &f.top_problem {
        out.push(match labels.as_slice() {
            [one] => format!(
                "Most reported: {one}, {} of mentions.",
                crate::analytics::share_percent(*share)
            ),
            [init @ .., last] => format!(
                "Most reported, tied: {} and {last}, {} of mentions each.",
                init.join(", "),
                crate::analytics::share_percent(*share)
            ),
            [] => String::new(),
        });
    }
    if let Some(sentence) = super::themes::themes_sentence(&f.themes) {
        out.push(sentence);
    }
    if let Some(sentence) = f.response.as_ref().and_then(response_sentence) {
        out.push(sentence);
    }
    if let Some(sentence) = f.incidents.iter().find_map(incident_sentence) {
        out.push(sentence);
    }
    out
}

/// "In the period, the district first spoke 2 h 10 min after the first complaint." Both are
/// the period's: the organisation may have spoken before it began.
fn response_sentence(r: &Responded) -> Option<String> {
    Some(match r.lag {
        Some(lag) if lag >= 0 => format!(
            "In the period, {} first spoke {} after the first complaint.",
            lower_first(&r.speaker),
            human_duration(lag)
        ),
        Some(lag) => format!(
            "In the period, {} spoke {} before the first complaint.",
            lower_first(&r.speaker),
            human_duration(-lag)
        ),
        None if r.complaints == 1 => {
            format!("{} has not responded publicly to the complaint.", r.speaker)
        }
        None if r.complaints > 0 => format!(
            "{} has not responded publicly to the {} complaints.",
            r.speaker,
            count(r.complaints as f64)
        ),
        None => return None,
    })
}

/// "The organisation" → "the organisation" within a sentence; a name stays as it is.
fn lower_first(speaker: &str) -> String {
    match speaker.strip_prefix("The ") {
        Some(rest) => format!("the {rest}"),
        None => speaker.to_string(),
    }
}

/// "against a normal level of about 3"; a level that rounds to nothing reads as what it means.
pub(super) fn against_normal(baseline: f64) -> String {
    if baseline < 0.5 {
        "when normally there are none".to_string()
    } else {
        // 0.5 is "about 1", not "about 0".
        format!("against a normal level of about {}", baseline.round())
    }
}

/// The sentence that says where the topic is heading.
fn trajectory(f: &Facts, situation: Situation) -> Option<String> {
    let last = f.days.len().checked_sub(1)?;
    let spike_peak = |s: &SpikeMark| peak_of(&f.days, s.start, s.end.min(last));
    // A surge under way is the last; once over, the period's largest is the one to tell.
    let spike = match situation {
        Situation::Normal => f.spikes.iter().max_by(|a, b| {
            f.days[spike_peak(a)]
                .mentions
                .total_cmp(&f.days[spike_peak(b)].mentions)
        }),
        _ => f.spikes.last(),
    };
    let peak = spike.map_or_else(|| peak_of(&f.days, 0, last), spike_peak);
    let busiest = peak_of(&f.days, 0, last);
    let peak_day = &f.days[peak];
    let versus = |i: usize| match f.band.get(i).copied().flatten() {
        Some(b) if b.baseline >= 1.0 => {
            format!(
                "{} the normal level",
                crate::analytics::times(f.days[i].mentions / b.baseline)
            )
        }
        Some(b) => against_normal(b.baseline),
        None => "before a normal level could be learned".to_string(),
    };
    // The surge's peak is not always the period's busiest day: say both when they differ.
    let busier = f.days[busiest].mentions > peak_day.mentions;
    let subject = if busier {
        "The latest surge"
    } else {
        "Mentions"
    };
    // A spike that began before the period and was already falling at its start did not peak
    // inside it: its first bucket is no peak to name.
    let before = spike.is_some_and(|s| s.began_before && peak == s.start)
        && !(peak == last && matches!(situation, Situation::Rising { .. }));
    let began = "a spike that began before the period";
    let highest = || {
        format!(
            "{} on {} ({})",
            count(peak_day.mentions),
            peak_day.label,
            versus(peak)
        )
    };
    let latest = || format!("{} on {}", count(f.days[last].mentions), f.days[last].label);
    let busiest_too = || match busier {
        true => format!(
            "; the busiest {} was {} with {}",
            f.bucket,
            f.days[busiest].label,
            count(f.days[busiest].mentions)
        ),
        false => String::new(),
    };
    Some(match situation {
        Situation::Quiet => return None,
        Situation::Rising { .. } => format!(
            "Mentions are still rising: {} on {}, {}.",
            count(f.days[last].mentions),
            f.days[last].label,
            versus(last)
        ),
        Situation::Easing => format!(
            "Mentions are past their peak but still high: {} on {}, {}, after {} the {} before.",
            count(f.days[last].mentions),
            f.days[last].label,
            versus(last),
            count(f.previous_mentions as f64),
            f.bucket
        ),
        Situation::Peaking | Situation::Subsiding if before => format!(
            "Mentions were at {}, in {began}, and have fallen to {}{}.",
            highest(),
            latest(),
            busiest_too()
        ),
        Situation::Holding if before => format!(
            "Mentions have stayed high after {began}: {}, and {}{}.",
            highest(),
            latest(),
            busiest_too()
        ),
        Situation::Normal if before => format!(
            "After {began} ({} on {}, {}), mentions are back within the normal range{}.",
            count(peak_day.mentions),
            peak_day.label,
            versus(peak),
            busiest_too()
        ),
        Situation::Peaking => format!(
            "{subject} peaked on {} at {}, {}, and {} begun to fall{}.",
            peak_day.label,
            count(peak_day.mentions),
            versus(peak),
            if busier { "has" } else { "have" },
            busiest_too()
        ),
        Situation::Holding => format!(
            "{subject} {} near {} peak of {} on {} ({}): {} on {}{}.",
            if busier { "has stayed" } else { "have stayed" },
            if busier { "its" } else { "their" },
            count(peak_day.mentions),
            peak_day.label,
            versus(peak),
            count(f.days[last].mentions),
            f.days[last].label,
            busiest_too()
        ),
        Situation::Subsiding => format!(
            "{subject} peaked on {} at {} ({}) and {} fallen to {} on {}{}.",
            peak_day.label,
            count(peak_day.mentions),
            versus(peak),
            if busier { "mentions have" } else { "have" },
            count(f.days[last].mentions),
            f.days[last].label,
            busiest_too()
        ),
        Situation::Normal if spike.is_some() => format!(
            "After a surge that peaked at {} on {} ({}), mentions are back within the normal \
             range{}.",
            count(peak_day.mentions),
            peak_day.label,
            versus(peak),
            busiest_too()
        ),
        // Without a band anywhere there is no normal range to have stayed within: the data
        // began too recently.
        Situation::Normal if no_normal(f) => format!(
            "The data begins too recently for a normal level to be known; the busiest {} was {} \
             with {}.",
            f.bucket,
            peak_day.label,
            count(peak_day.mentions)
        ),
        Situation::Raised => {
            let day = above_normal(f).unwrap_or(busiest);
            let busiest_too = match day == busiest {
                true => String::new(),
                false => format!(
                    "; the busiest {} was {} with {}",
                    f.bucket,
                    f.days[busiest].label,
                    count(f.days[busiest].mentions)
                ),
            };
            format!(
                "Mentions rose above the normal range on {}: {}, {}, though no spike was flagged \
                 (the method says when a rise counts as one){busiest_too}.",
                f.days[day].label,
                count(f.days[day].mentions),
                versus(day),
            )
        }
        Situation::Normal if f.days.len() == 1 => {
            "Mentions stayed within the normal range.".to_string()
        }
        Situation::Normal => format!(
            "Mentions stayed within the normal range throughout; the busiest {} was {} with {}.",
            f.bucket,
            peak_day.label,
            count(peak_day.mentions)
        ),
    })
}

fn incident_sentence(i: &IncidentFacts) -> Option<String> {
    let decay = i
        .lags
        .decay_after_resolution
        .map(|d| {
            if d < 60 {
                "; mentions were already back to normal when it was resolved".to_string()
            } else {
                format!(
                    "; mentions were back to normal {} after it was resolved",
                    human_duration(d)
                )
            }
        })
        .unwrap_or_default();
    match (i.lags.social_detection_lead, i.lags.lag_to_first_complaint) {
        (Some(lead), _) if lead > 0 => Some(format!(
            "Mentions surged {} before {} was opened{decay}.",
            human_duration(lead),
            i.name()
        )),
        (_, Some(lag)) if lag >= 0 => Some(format!(
            "The first public complaint came {} after {} was opened{decay}.",
            human_duration(lag),
            i.name()
        )),
        _ => None,
    }
}

fn count(v: f64) -> String {
    super::fmt_int(v)
}

fn plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(mentions: &[f64], spike: Option<(usize, usize, &str)>) -> Facts {
        let days = mentions
            .iter()
            .enumerate()
            .map(|(i, m)| Day {
                label: format!("{} September", i + 1),
                mentions: *m,
            })
            .collect();
        Facts {
            topic: "SchoolMax".into(),
            from: "1 September 2026".into(),
            to: format!("{} September 2026", mentions.len()),
            days,
            band: vec![
                Some(BandPoint {
                    baseline: 10.0,
                    upper: 30.0
                });
                mentions.len()
            ],
            spikes: spike
                .map(|(start, end, severity)| SpikeMark {
                    start,
                    peak: start,
                    end,
                    severity: severity.into(),
                    peak_mentions: 0.0,
                    baseline_at_peak: 10.0,
                    began_before: false,
                })
                .into_iter()
                .collect(),
            mentions: mentions.iter().sum::<f64>() as u64,
            people: 40,
            before: "the previous 4 days".into(),
            bucket: "day",
            previous_mentions: 50,
            change_pct: Some(120.0),
            negative_share: 0.62,
            incidents: vec![IncidentFacts {
                number: Some("INC0041207".into()),
                title: "SchoolMax portal unavailable".into(),
                lags: Lags {
                    social_detection_lead: Some(100 * 60),
                    decay_after_resolution: Some(9 * 3600),
                    ..Default::default()
                },
            }],
            top_problem: None,
            themes: Vec::new(),
            response: None,
            outside_data: None,
            previous_not_covered: None,
            data_ends: None,
        }
    }

    #[test]
    fn rising() {
        let f = facts(&[10.0, 12.0, 80.0, 200.0], Some((2, 3, "critical")));
        assert_eq!(situation(&f), Situation::Rising { critical: true });
        assert_eq!(situation(&f).status().0, "Critical and rising");
        let s = summary(&f);
        assert_eq!(s[0], "302 posts by 40 people mentioned SchoolMax between 1 September 2026 and 4 September 2026.");
        assert_eq!(s[1], "That is up 120% on the previous 4 days (50).");
        // A change the tiles round to 0% reads level; one they write as 1% does not.
        let mut level = f.clone();
        level.change_pct = Some(-0.4);
        assert_eq!(
            summary(&level)[1],
            "That is level with the previous 4 days."
        );
        level.change_pct = Some(-0.5);
        assert_eq!(
            summary(&level)[1],
            "That is down 1% on the previous 4 days (50)."
        );
        // A period that runs on past the data gives no change: the note says why.
        let mut ends = f.clone();
        ends.data_ends = Some("The workspace's posts end on 3 September 2026, …".into());
        ends.change_pct = None;
        assert_eq!(summary(&ends)[1], ends.data_ends.clone().unwrap());
        let mut steep = f.clone();
        steep.change_pct = Some(3176.4);
        assert_eq!(
            summary(&steep)[1],
            "That is up 3,176% on the previous 4 days (50).",
            "separated as the tiles write it"
        );
        let mut none = f.clone();
        (none.mentions, none.people) = (0, 0);
        assert_eq!(
            summary(&none)[0],
            "No post mentioned SchoolMax between 1 September 2026 and 4 September 2026."
        );
        assert_eq!(
            s[2],
            "Mentions are still rising: 200 on 4 September, 20× the normal level."
        );
        assert_eq!(s[3], "62% of the posts were negative in tone.");
        assert_eq!(s[4], "Mentions surged 1 h 40 min before incident INC0041207 was opened; mentions were back to normal 9 h after it was resolved.");
    }

    /// A one-day brief of the day after the peak: past its peak, as the day before shows,
    /// not "still rising" beside "down 36% on the day before".
    #[test]
    fn a_single_day_below_the_day_before_is_past_its_peak() {
        let mut f = facts(&[660.0], Some((0, 0, "critical")));
        f.previous_mentions = 1038;
        f.change_pct = Some(-36.4);
        assert_eq!(situation(&f), Situation::Easing);
        assert_eq!(status(&f).0, "Past its peak");
        assert_eq!(
            summary(&f)[2],
            "Mentions are past their peak but still high: 660 on 1 September, 66× the normal \
             level, after 1,038 the day before."
        );
        // Above the day before, it is still rising.
        f.previous_mentions = 300;
        assert_eq!(situation(&f), Situation::Rising { critical: true });
    }

    #[test]
    fn rising_from_nothing_says_so() {
        let mut f = facts(&[0.0, 0.0, 0.0, 100.0], Some((3, 3, "critical")));
        f.band = vec![
            Some(BandPoint {
                baseline: 0.2,
                upper: 3.0
            });
            4
        ];
        assert_eq!(
            summary(&f)[2],
            "Mentions are still rising: 100 on 4 September, when normally there are none."
        );
        assert_eq!(against_normal(2.6), "against a normal level of about 3");
    }

    #[test]
    fn an_incident_without_a_number_is_named_by_its_title() {
        let mut f = facts(&[10.0, 12.0, 11.0], None);
        f.incidents = vec![IncidentFacts {
            number: None,
            title: "Portal login outage".into(),
            lags: Lags {
                lag_to_first_complaint: Some(20 * 60),
                decay_after_resolution: Some(0),
                ..Default::default()
            },
        }];
        assert_eq!(
            summary(&f).last().unwrap(),
            "The first public complaint came 20 min after the incident “Portal login outage” was \
             opened; mentions were already back to normal when it was resolved."
        );
    }

    #[test]
    fn the_top_problem_and_the_response_lag_are_named() {
        let mut f = facts(&[10.0, 12.0, 11.0], None);
        f.incidents.clear();
        f.top_problem = Some((vec!["Outage".into()], 0.41));
        f.response = Some(Responded {
            speaker: "The district".into(),
            lag: Some(2 * 3600 + 10 * 60),
            complaints: 30,
        });
        let s = summary(&f);
        assert_eq!(s[s.len() - 2], "Most reported: Outage, 41% of mentions.");
        let mut tied = f.clone();
        tied.top_problem = Some((
            vec!["Outage".into(), "Slow".into(), "Wrong data".into()],
            0.12,
        ));
        assert!(summary(&tied).contains(
            &"Most reported, tied: Outage, Slow and Wrong data, 12% of mentions each.".to_string()
        ));
        assert_eq!(
            s[s.len() - 1],
            "In the period, the district first spoke 2 h 10 min after the first complaint."
        );
        f.response = Some(Responded {
            speaker: "The organisation".into(),
            lag: None,
            complaints: 1,
        });
        assert_eq!(
            summary(&f).last().unwrap(),
            "The organisation has not responded publicly to the complaint."
        );
    }

    #[test]
    fn peaking() {
        let f = facts(&[10.0, 90.0, 300.0, 150.0], Some((1, 3, "major")));
        assert_eq!(situation(&f), Situation::Peaking);
        assert_eq!(
            summary(&f)[2],
            "Mentions peaked on 3 September at 300, 30× the normal level, and have begun to fall."
        );
    }

    /// An outage that stays news for days at the level of its first is not "subsiding".
    #[test]
    fn holding_near_its_peak() {
        for spike in [(0, 4, "major"), (0, 1, "major")] {
            let f = facts(&[300.0, 290.0, 300.0, 295.0, 300.0], Some(spike));
            assert_eq!(situation(&f), Situation::Holding, "{spike:?}");
            assert_eq!(
                summary(&f)[2],
                "Mentions have stayed near their peak of 300 on 1 September (30× the normal \
                 level): 300 on 5 September."
            );
        }
    }

    #[test]
    fn subsiding() {
        let f = facts(&[300.0, 150.0, 60.0, 35.0, 20.0], Some((0, 3, "critical")));
        assert_eq!(situation(&f), Situation::Subsiding);
        assert_eq!(
            summary(&f)[2],
            "Mentions peaked on 1 September at 300 (30× the normal level) and have fallen to 20 on 5 September."
        );
    }

    /// A later surge smaller than the period's busiest day is not called the peak of mentions.
    #[test]
    fn a_later_smaller_surge_is_not_the_peak_of_mentions() {
        let f = facts(
            &[365.0, 12.0, 11.0, 233.0, 120.0, 60.0, 40.0],
            Some((3, 5, "major")),
        );
        assert_eq!(situation(&f), Situation::Subsiding);
        assert_eq!(
            summary(&f)[2],
            "The latest surge peaked on 4 September at 233 (23× the normal level) and mentions \
             have fallen to 40 on 7 September; the busiest day was 1 September with 365."
        );
    }

    /// A day above the band that the detector did not flag (a larger surge shortly before
    /// raised its bar) is not called normal.
    #[test]
    fn above_the_band_without_a_spike_is_not_normal() {
        let f = facts(&[10.0, 12.0, 70.0, 11.0, 80.0], None);
        let mut f = f;
        f.band[4] = Some(BandPoint {
            baseline: 20.0,
            upper: 90.0,
        });
        assert_eq!(situation(&f), Situation::Raised);
        assert_eq!(status(&f).0, "Above normal at times");
        assert_eq!(
            summary(&f)[2],
            "Mentions rose above the normal range on 3 September: 70, 7× the normal level, though \
             no spike was flagged (the method says when a rise counts as one); the busiest day \
             was 5 September with 80."
        );
        f.days[4].mentions = 60.0;
        assert!(
            summary(&f)[2].ends_with("counts as one)."),
            "{}",
            summary(&f)[2]
        );
    }

    #[test]
    fn normal() {
        let f = facts(&[10.0, 12.0, 9.0, 11.0, 10.0], None);
        assert_eq!(situation(&f), Situation::Normal);
        assert_eq!(
            summary(&f)[2],
            "Mentions stayed within the normal range throughout; the busiest day was 2 September with 12."
        );
        assert!(
            summary(&f)[0].ends_with("between 1 September 2026 and 5 September 2026."),
            "{}",
            summary(&f)[0]
        );
        let mut day = f.clone();
        day.to = day.from.clone();
        assert!(
            summary(&day)[0].ends_with("mentioned SchoolMax on 1 September 2026."),
            "{}",
            summary(&day)[0]
        );
        // Data too recent for any band: no normal range is claimed.
        let mut new = f.clone();
        new.band = vec![None; new.days.len()];
        assert_eq!(
            summary(&new)[2],
            "The data begins too recently for a normal level to be known; the busiest day was 2 \
             September with 12."
        );
        assert_eq!(status(&new).0, "No normal level yet", "not graded Normal");
        let after = facts(
            &[300.0, 40.0, 10.0, 11.0, 10.0, 9.0, 10.0],
            Some((0, 1, "critical")),
        );
        assert_eq!(situation(&after), Situation::Normal);
        assert!(summary(&after)[2].starts_with("After a surge that peaked at 300 on 1 September"));
        // Two surges over, the first the larger, and a busier day that was no surge (its
        // normal was higher): the larger surge is told, and the busiest day beside it.
        let mut two = facts(
            &[30.0, 4.0, 20.0, 5.0, 4.0, 35.0, 30.0],
            Some((2, 2, "minor")),
        );
        let mut first = two.spikes[0].clone();
        (first.start, first.peak, first.end) = (0, 0, 0);
        two.spikes.insert(0, first);
        assert_eq!(situation(&two), Situation::Normal);
        assert_eq!(
            summary(&two)[2],
            "After a surge that peaked at 30 on 1 September (3× the normal level), mentions are \
             back within the normal range; the busiest day was 6 September with 35."
        );
        assert_eq!(status(&f).0, "Normal");
        assert_eq!(status(&after).0, "Back to normal");
    }

    /// A spike that began before the period and falls from its first day did not peak in it.
    #[test]
    fn a_spike_falling_from_before_the_period_is_not_said_to_peak_in_it() {
        let mut f = facts(&[120.0, 60.0, 40.0, 30.0], Some((0, 3, "major")));
        f.spikes[0].began_before = true;
        assert_eq!(situation(&f), Situation::Subsiding);
        assert_eq!(
            summary(&f)[2],
            "Mentions were at 120 on 1 September (12× the normal level), in a spike that began \
             before the period, and have fallen to 30 on 4 September."
        );
        f.spikes[0].began_before = false;
        assert!(summary(&f)[2].starts_with("Mentions peaked on 1 September at 120"));
        // One that rose again inside the period peaked there.
        let mut again = facts(&[60.0, 120.0, 40.0, 30.0], Some((0, 3, "major")));
        again.spikes[0].began_before = true;
        assert!(
            summary(&again)[2].starts_with("Mentions peaked on 2 September at 120"),
            "{}",
            summary(&again)[2]
        );
    }

    #[test]
    fn a_normal_of_a_half_is_about_one_and_a_single_day_has_no_busiest_day() {
        assert_eq!(against_normal(0.5), "against a normal level of about 1");
        assert_eq!(against_normal(0.4), "when normally there are none");
        let one = facts(&[12.0], None);
        assert_eq!(situation(&one), Situation::Normal);
        assert_eq!(summary(&one)[2], "Mentions stayed within the normal range.");
    }

    #[test]
    fn decay_after_resolution_reads_as_words() {
        assert_eq!(
            decay_phrase(Some(0)),
            "already back to normal at resolution"
        );
        assert_eq!(
            decay_phrase(Some(9 * 3600 + 55 * 60)),
            "back to normal 9 h 55 min after resolution"
        );
        assert_eq!(
            decay_phrase(None),
            "not yet back to normal after resolution"
        );
    }

    #[test]
    fn nothing_to_say_is_quiet() {
        let mut f = facts(&[0.0, 0.0], None);
        f.mentions = 0;
        f.incidents.clear();
        assert_eq!(situation(&f), Situation::Quiet);
        assert_eq!(summary(&f).len(), 2);
    }
}
