//! Has the organisation responded? A topic's complaints against the organisation's own accounts
//! over a period, the numbers being [`crate::analytics::response`]'s; this module resolves the
//! request as the dashboard does and reads the accounts from the `own_accounts` setting.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::views;
use crate::analytics::problems::Taxonomy;
use crate::analytics::response::{self, Response};
use crate::error::Result;
use crate::output::brief::BriefOptions;
use crate::store::{settings, Store};
use crate::wire::DashboardRequest;

/// The organisation's response to the request's topic over its period (resolved as the
/// dashboard's). With no `own_accounts` set, nothing counts as official and the report says so.
pub fn report(store: &Store, request: &DashboardRequest, now: DateTime<Utc>) -> Result<Response> {
    let (topic, period) = views::resolve(store, request, now)?;
    response::response(
        store,
        &Taxonomy::load(store.conn())?,
        &topic,
        &period,
        &settings::own_accounts(store.conn())?,
    )
}

/// [`report`] as an output shows it: the private persons the official posts answer (by name or
/// handle) or mention pseudonymised ([`views::pseudonyms`]).
pub fn shown(store: &Store, request: &DashboardRequest, now: DateTime<Utc>) -> Result<Response> {
    let mut report = report(store, request, now)?;
    let mut people = views::pseudonyms(store, false)?;
    let ids: Vec<i64> = report.official.iter().map(|o| o.id).collect();
    let answered = crate::store::posts::replied_to(store.conn(), &ids)?;
    for official in &mut report.official {
        official.text = people.answer(&official.text, answered.get(&official.id));
    }
    Ok(report)
}

/// The response in words, for the dashboard: the same sentences as the briefing's section.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ResponseSummary {
    pub topic: String,
    /// Whether the organisation's own accounts are set at all.
    pub accounts_set: bool,
    /// How many official posts and replies the period holds (the response card lists them).
    pub official: u64,
    pub lines: Vec<String>,
}

/// [`report`] in the briefing's sentences, the organisation named as the briefing names it.
pub fn summary(
    store: &Store,
    request: &DashboardRequest,
    now: DateTime<Utc>,
) -> Result<ResponseSummary> {
    let response = report(store, request, now)?;
    let speaker = BriefOptions::from_settings(store.conn(), now)?.speaker();
    Ok(ResponseSummary {
        topic: response.topic.name.clone(),
        accounts_set: !response.own_accounts.is_empty(),
        official: response.official.len() as u64,
        lines: response.lines(&speaker),
    })
}
