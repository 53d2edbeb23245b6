//! Renaming and removing what the user made or brought in: topics, incidents and imports. The
//! words of each confirmation come from here, so the window and the command line ask the same
//! question with the same numbers.

use crate::error::{Error, Result};
use crate::import;
use crate::store::removal::{self, RemovedImport};
use crate::store::Store;
use crate::topics::{self, Topic};

/// Gives the topic `name` a new name; its matches, alerts, rules and schedule follow it.
pub fn rename_topic(store: &Store, name: &str, new_name: &str) -> Result<Topic> {
    let topic = topics::get(store, name)?;
    removal::rename_topic(store.conn(), topic.id, new_name)?;
    topics::get(store, new_name.trim())
}

/// What removing the topic `name` does, as the confirmation says it.
pub fn describe_topic_removal(store: &Store, name: &str) -> Result<String> {
    let topic = topics::get(store, name)?;
    let incidents = removal::topic_incidents(store.conn(), topic.id)?;
    // An incident keeps no trace of the topic it was linked to: a topic made again under the
    // same name does not show it.
    let theirs = match incidents {
        0 => "the posts stay in the workspace.".to_string(),
        1 => "the posts stay in the workspace, and so does its incident, but on no topic's \
              timeline (a topic made again under this name will not show it)."
            .to_string(),
        n => format!(
            "the posts stay in the workspace, and so do its {n} incidents, but on no topic's \
             timeline (a topic made again under this name will not show them)."
        ),
    };
    Ok(format!(
        "Remove the topic “{}”? Its alerts, alert rules and morning-brief schedule go with it; \
         {theirs}",
        topic.name
    ))
}

/// Removes the topic `name` (the posts stay).
pub fn remove_topic(store: &mut Store, name: &str) -> Result<()> {
    let topic = topics::get(store, name)?;
    removal::remove_topic(store.conn_mut(), topic.id)
}

/// What removing the import `id` deletes, as the confirmation says it.
pub fn describe_import_removal(store: &Store, id: i64) -> Result<String> {
    let posts = removal::import_posts(store.conn(), id)?;
    let name = import::history(store)?
        .into_iter()
        .find(|r| r.id == id)
        .map(|r| file_name(&r.path))
        .ok_or_else(|| Error::NotFound(format!("there is no import {id}")))?;
    Ok(match posts {
        0 => format!(
            "Remove the import of {name} from the history? It added no post that is still here."
        ),
        1 => format!("Remove the import of {name}? This deletes the 1 post it added."),
        n => format!("Remove the import of {name}? This deletes the {n} posts it added."),
    })
}

/// Removes the import `id` and exactly the posts it added.
pub fn remove_import(store: &mut Store, id: i64) -> Result<RemovedImport> {
    removal::remove_import(store.conn_mut(), id)
}

/// Gives the incident `id` a new title.
pub fn rename_incident(store: &Store, id: i64, title: &str) -> Result<()> {
    removal::rename_incident(store.conn(), id, title)
}

/// Removes the incident `id` from the timeline.
pub fn remove_incident(store: &mut Store, id: i64) -> Result<()> {
    removal::remove_incident(store.conn_mut(), id)
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}
