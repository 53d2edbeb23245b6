//! Renaming and removing what the user made or brought in: topics, incidents and imports. The
//! words of each confirmation come from here, so the window and the command line ask the same
//! question with the same numbers.

use crate::analytics::counted;
use crate::error::{Error, Result};
use crate::import;
use crate::store::removal::{self, RemovedImport};
use crate::store::Store;
use crate::topics::{self, Topic};

/// Gives the topic `name` a new name; its matches, alerts, rules and schedule follow it.
pub fn rename_topic(store: &Store, name: &str, new_name: &str) -> Result<Topic> {
    let topic = topics::get(store, name)?;
    topics::rename(store, topic.id, new_name)?;
    topics::get(store, new_name)
}

/// What removing the incident `id` does, as the confirmation says it.
pub fn describe_incident_removal(store: &Store, id: i64) -> Result<String> {
    let incident = crate::incidents::list(store, None)?
        .into_iter()
        .find(|i| i.id == id)
        .ok_or_else(|| Error::NotFound(format!("no incident {id}; `incidents list` shows them")))?;
    let what = match &incident.number {
        Some(number) => format!("{number} (“{}”)", incident.title),
        None => format!("“{}”", incident.title),
    };
    let again = match incident.source.as_str() {
        "manual" => "An incident added by hand cannot be brought back.",
        _ => "Importing its export again brings it back.",
    };
    Ok(format!(
        "Remove the incident {what} from the timeline? {again}"
    ))
}

/// What removing the live-collection source `name` does, as the confirmation says it.
pub fn describe_source_removal(store: &Store, name: &str) -> Result<String> {
    let source = crate::collect::source_status(store, name, 0)?.source;
    let credential = match source.has_credential {
        true => " and its saved credential",
        false => "",
    };
    Ok(format!(
        "Remove the source “{}”{credential}? The posts it collected stay.",
        source.name
    ))
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
    let post_s = |n: u64| counted(n, "post", "posts");
    let stay = |n: u64| match n {
        1 => "the 1 post it added that a later import also brought stays".to_string(),
        n => format!(
            "the {} it added that later imports also brought stay",
            post_s(n)
        ),
    };
    Ok(match (posts.deleted, posts.kept) {
        (0, 0) => format!(
            "Remove the import of {name} from the history? It added no post that is still here."
        ),
        (0, kept) => format!(
            "Remove the import of {name} from the history? It deletes no post: {}.",
            stay(kept)
        ),
        (n, 0) => format!(
            "Remove the import of {name}? This deletes the {} it added.",
            post_s(n)
        ),
        (n, kept) => format!(
            "Remove the import of {name}? This deletes the {} only it brought; {}.",
            post_s(n),
            stay(kept)
        ),
    })
}

/// What removing an import did, with the words that say it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ImportRemoved {
    #[serde(flatten)]
    #[ts(flatten)]
    pub removed: RemovedImport,
    /// The alerts withdrawn because the posts that raised them are gone ("Critical: Portal").
    pub alerts_withdrawn: Vec<String>,
    /// "Removed the import of a.jsonl: 5 posts deleted; 3 posts that a later import also
    /// brought stay."
    pub message: String,
}

/// Removes the import `id` and the posts only it brought.
pub fn remove_import(store: &mut Store, id: i64) -> Result<ImportRemoved> {
    let name = import::history(store)?
        .into_iter()
        .find(|r| r.id == id)
        .map(|r| file_name(&r.path))
        .unwrap_or_else(|| format!("import {id}"));
    let removed = removal::remove_import(store.conn_mut(), id)?;
    let mut message = format!(
        "Removed the import of {name}: {} deleted",
        counted(removed.posts, "post", "posts")
    );
    if removed.authors > 0 {
        message += &format!(
            ", with {} left without a post",
            counted(removed.authors, "author", "authors")
        );
    }
    match removed.kept {
        0 => message.push('.'),
        1 => message += "; 1 post that a later import also brought stays.",
        n => {
            message += &format!(
                "; {} that later imports also brought stay.",
                counted(n, "post", "posts")
            )
        }
    }
    // An alert its posts raised must not go out with evidence that is gone.
    let alerts_withdrawn = crate::alerts::withdraw::unfounded(store)?;
    match alerts_withdrawn.as_slice() {
        [] => {}
        [one] => message += &format!(" Withdrew the alert “{one}”, which its posts had raised."),
        many => {
            message += &format!(
                " Withdrew {} alerts its posts had raised: {}.",
                many.len(),
                many.iter()
                    .map(|t| format!("“{t}”"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    }
    Ok(ImportRemoved {
        removed,
        alerts_withdrawn,
        message,
    })
}

/// Gives the incident `id` a new title.
pub fn rename_incident(store: &Store, id: i64, title: &str) -> Result<()> {
    crate::incidents::rename(store, id, title)
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
