//! The alert settings' commands: a topic's rules, its morning-brief schedule and the delivery
//! channels, each one use case of the engine (`townhall::workspace::alerting`).

use chrono::Utc;
use tauri::State;
use townhall::alerts::deliver::Channel;
use townhall::alerts::rules::Rules;
use townhall::workspace;
use townhall::workspace::alerting::{
    self, AlertSettings, DeliveryChange, DeliveryView, RulesChange, ScheduleChange, ScheduleView,
};

use crate::commands::{wire, CmdResult};
use crate::state::AppState;

/// A topic's rules, schedule and the delivery channels.
#[tauri::command]
pub fn alert_settings(state: State<'_, AppState>, topic: String) -> CmdResult<AlertSettings> {
    let store = state.store()?;
    let secrets = workspace::secrets(&store).map_err(wire)?;
    alerting::settings(&store, secrets.as_ref(), &topic).map_err(wire)
}

/// Saves a topic's rules.
#[tauri::command]
pub fn set_alert_rules(
    state: State<'_, AppState>,
    topic: String,
    change: RulesChange,
) -> CmdResult<Rules> {
    alerting::set_rules(&*state.store()?, &topic, &change).map_err(wire)
}

/// Sets a topic's morning-brief schedule.
#[tauri::command]
pub fn set_brief_schedule(
    state: State<'_, AppState>,
    topic: String,
    change: ScheduleChange,
) -> CmdResult<ScheduleView> {
    alerting::set_schedule(&*state.store()?, &topic, &change, Utc::now()).map_err(wire)
}

/// Removes a topic's morning-brief schedule.
#[tauri::command]
pub fn remove_brief_schedule(state: State<'_, AppState>, topic: String) -> CmdResult<()> {
    alerting::remove_schedule(&*state.store()?, &topic).map_err(wire)
}

/// Changes a delivery channel (its secret goes to the secret store, never the workspace).
#[tauri::command]
pub fn set_delivery(state: State<'_, AppState>, change: DeliveryChange) -> CmdResult<DeliveryView> {
    let store = state.store()?;
    let secrets = workspace::secrets(&store).map_err(wire)?;
    alerting::set_delivery(&store, secrets.as_ref(), &change).map_err(wire)
}

/// Exactly what a channel would send, with the form's settings, before it is switched on.
#[tauri::command]
pub fn preview_delivery(
    state: State<'_, AppState>,
    change: DeliveryChange,
    topic: String,
) -> CmdResult<String> {
    alerting::preview_delivery(&*state.store()?, &change, Some(&topic), Utc::now()).map_err(wire)
}

/// Sends the topic's latest alert (or an example) through a channel now.
#[tauri::command]
pub async fn test_delivery(
    state: State<'_, AppState>,
    channel: Channel,
    topic: String,
) -> CmdResult<()> {
    // Sending may wait on a slow server: off the window's thread, on a connection of its own.
    let path = state.path()?;
    tauri::async_runtime::spawn_blocking(move || {
        let store = townhall::store::Store::open(&path)?;
        let secrets = workspace::secrets(&store)?;
        alerting::test_delivery(&store, secrets.as_ref(), channel, Some(&topic), Utc::now())
    })
    .await
    .map_err(|e| wire(townhall::Error::Internal(e.to_string())))?
    .map_err(wire)
}
