//! Renaming, relinking and removing topics, incidents and imports. The window asks before a
//! removal with the engine's own sentence (`*_removal_question`), then calls the removal.

use tauri::State;
use townhall::topics::Topic;
use townhall::workspace::editing::ImportRemoved;
use townhall::workspace::{editing, incident_record};

use crate::commands::{wire, CmdResult};
use crate::state::AppState;

#[tauri::command]
pub fn rename_topic(
    state: State<'_, AppState>,
    name: String,
    new_name: String,
) -> CmdResult<Topic> {
    editing::rename_topic(&*state.store()?, &name, &new_name).map_err(wire)
}

/// What removing the topic does, in the words the confirmation shows.
#[tauri::command]
pub fn topic_removal_question(state: State<'_, AppState>, name: String) -> CmdResult<String> {
    editing::describe_topic_removal(&*state.store()?, &name).map_err(wire)
}

#[tauri::command]
pub fn remove_topic(state: State<'_, AppState>, name: String) -> CmdResult<()> {
    editing::remove_topic(&mut *state.store()?, &name).map_err(wire)
}

/// What removing the import deletes (how many posts), in the words the confirmation shows.
#[tauri::command]
pub fn import_removal_question(state: State<'_, AppState>, id: i64) -> CmdResult<String> {
    editing::describe_import_removal(&*state.store()?, id).map_err(wire)
}

#[tauri::command]
pub fn remove_import(state: State<'_, AppState>, id: i64) -> CmdResult<ImportRemoved> {
    editing::remove_import(&mut *state.store()?, id).map_err(wire)
}

#[tauri::command]
pub fn rename_incident(state: State<'_, AppState>, id: i64, title: String) -> CmdResult<()> {
    editing::rename_incident(&*state.store()?, id, &title).map_err(wire)
}

#[tauri::command]
pub fn remove_incident(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    editing::remove_incident(&mut *state.store()?, id).map_err(wire)
}

/// Links every incident on no topic to `topic`; the sentence says how many.
#[tauri::command]
pub fn link_unlinked_incidents(state: State<'_, AppState>, topic: String) -> CmdResult<String> {
    incident_record::link_unlinked(&*state.store()?, &topic).map_err(wire)
}
