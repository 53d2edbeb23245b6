//! The period shown when the user names none. It follows the topic's own activity: the latest
//! 30 days with data, ending on the day of its newest post — reaching further back, up to 90
//! days, when the topic's latest spike began before those 30 days, so that a few posts arriving
//! weeks after a surge never move the window silently past it. The words that say which rule
//! applied ([`DefaultPeriod::note`]) are shown beside the dates.

use chrono::{Days, NaiveDate, NaiveTime};
use chrono_tz::Tz;

use super::mentions::Times;
use super::spikes::{self, DetectorSettings, SeriesKind};
use super::{Bucket, Bucketer, Period};
use crate::error::Result;
use crate::store::Store;
use crate::time;
use crate::topics::matches::Selection;
use crate::topics::Topic;

/// The days of the default period.
pub const DEFAULT_DAYS: u64 = 30;
/// How far back from the newest post the default period reaches to keep the latest spike.
pub const SPIKE_REACH_DAYS: u64 = 90;
/// Days shown before a spike's first day, so the chart shows the rise.
const LEAD_IN_DAYS: u64 = 3;

/// Why the default period is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The latest 30 days with data.
    LatestDays,
    /// The topic has fewer days of data than that: all of them.
    AllData,
    /// Reaching back to the latest spike, which began before the latest 30 days.
    SinceSpike,
    /// The user fixed one end.
    Chosen,
}

/// The default period, with the rule that made it.
#[derive(Debug, Clone, Copy)]
pub struct DefaultPeriod {
    pub period: Period,
    pub rule: Rule,
}

impl DefaultPeriod {
    /// A period the user chose.
    pub fn chosen(period: Period) -> DefaultPeriod {
        DefaultPeriod {
            period,
            rule: Rule::Chosen,
        }
    }

    /// The words shown beside the dates: which rule chose them.
    pub fn note(&self) -> Option<String> {
        let days = self.period.days();
        match self.rule {
            Rule::LatestDays => Some(format!("the latest {DEFAULT_DAYS} days with data")),
            // The topic has no posts before them, so there is nothing to compare with (the
            // figures say so one by one).
            Rule::AllData if days == 1 => Some("the topic's only day with data".into()),
            Rule::AllData => Some(format!("all {days} days of the topic's data")),
            Rule::SinceSpike => {
                Some("from the latest spike to the newest post, to keep the spike in view".into())
            }
            Rule::Chosen => None,
        }
    }
}

/// The period to show when the user names none (see the module); either end may be fixed.
/// `today` is the end for a topic with no posts.
pub fn default_period(
    store: &Store,
    topic: &Topic,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    tz: Tz,
    today: NaiveDate,
) -> Result<Period> {
    Ok(resolve_default(store, topic, from, to, tz, today)?.period)
}

/// [`default_period`], with the rule that chose it.
pub fn resolve_default(
    store: &Store,
    topic: &Topic,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    tz: Tz,
    today: NaiveDate,
) -> Result<DefaultPeriod> {
    Ok(resolve_default_read(store, topic, from, to, tz, today)?.0)
}

/// [`resolve_default`], and the topic's times it read to find the latest spike, if it had to
/// (the overview counts in the same weeks).
pub fn resolve_default_read(
    store: &Store,
    topic: &Topic,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    tz: Tz,
    today: NaiveDate,
) -> Result<(DefaultPeriod, Option<Times>)> {
    let selection = Selection::of(store, topic)?;
    let (first, last) = selection.first_and_last(store.conn())?;
    let chosen = from.is_some() || to.is_some();
    // A post dated after today (a wrong clock, a mistyped year) does not carry the period past
    // it: the period ends with the newest post up to today.
    let last = match last {
        Some(t) if time::local_day(tz, t) > today => {
            let (_, tomorrow) = Period::new(today, today, tz)?.bounds();
            selection.last_before(store.conn(), tomorrow)?
        }
        last => last,
    };
    let to = to.unwrap_or_else(|| last.map_or(today, |t| time::local_day(tz, t)));
    if let Some(from) = from {
        return Ok((DefaultPeriod::chosen(Period::new(from, to, tz)?), None));
    }
    let window = to - Days::new(DEFAULT_DAYS - 1);
    let first_day = first.map(|t| time::local_day(tz, t).min(to));
    let mut read = None;
    let (from, rule) = match first_day {
        Some(first) if first > window => (first, Rule::AllData),
        Some(first) => {
            let (spike, times) = latest_spike_start(store, &selection, to, tz)?;
            read = Some(times);
            match spike {
                Some(spike) if spike < window => (
                    (spike - Days::new(LEAD_IN_DAYS)).max(first),
                    Rule::SinceSpike,
                ),
                _ => (window, Rule::LatestDays),
            }
        }
        None => (window, Rule::LatestDays),
    };
    let resolved = DefaultPeriod {
        period: Period::new(from, to, tz)?,
        rule: if chosen { Rule::Chosen } else { rule },
    };
    Ok((resolved, read))
}

/// The first day of the latest spike of the days up to `to` within [`SPIKE_REACH_DAYS`], found
/// by the detector on daily mentions (with its history before them), as the chart finds it; and
/// the times it counted.
fn latest_spike_start(
    store: &Store,
    selection: &Selection,
    to: NaiveDate,
    tz: Tz,
) -> Result<(Option<NaiveDate>, Times)> {
    let reach = to - Days::new(SPIKE_REACH_DAYS - 1);
    let history = Period::new(reach - Days::new(spikes::HISTORY_DAYS), to, tz)?;
    let (start, end) = history.bounds();
    let days: Vec<NaiveDate> = history.each_day().collect();
    let index = |d: NaiveDate| (d - history.from).num_days() as usize;
    let mut values = vec![0.0; days.len()];
    let mut bucketer = Bucketer::new(Bucket::Day, tz);
    let read = Times::read(store, selection, start, end)?;
    for (t, posts) in read.counted().iter() {
        if let Some(v) = values.get_mut(index(bucketer.of(t).1.date())) {
            *v += f64::from(posts);
        }
    }
    let times: Vec<i64> = days
        .iter()
        .map(|d| d.and_time(NaiveTime::MIN).and_utc().timestamp())
        .collect();
    // The detector learns from the day the workspace's data begins in.
    let first = store.data_start()?.map_or(0, |t| {
        let day = chrono::DateTime::from_timestamp(t, 0)
            .unwrap_or_default()
            .with_timezone(&tz)
            .date_naive();
        (day - history.from).num_days().clamp(0, days.len() as i64) as usize
    });
    let detection = spikes::detect_since(
        &times,
        &values,
        86_400,
        SeriesKind::Mentions,
        &DetectorSettings::default(),
        first,
    );
    let latest = detection
        .spikes
        .iter()
        .filter(|s| days[s.start] >= reach)
        .map(|s| days[s.start])
        .next_back();
    Ok((latest, read))
}
