//! Has the organisation responded? A topic's complaints against the organisation's own accounts
//! over a period, the numbers being [`crate::analytics::response`]'s; this module resolves the
//! request as the dashboard does and reads the accounts from the `own_accounts` setting.

use chrono::{DateTime, Utc};

use super::views;
use crate::analytics::problems::Taxonomy;
use crate::analytics::response::{self, Response};
use crate::error::Result;
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
