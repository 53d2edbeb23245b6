//! `townhall topic rename|remove`, `townhall incidents rename|remove` and `townhall imports`:
//! renaming and removing, each printing what it did in the engine's words.

use std::io::Write;
use std::process::ExitCode;

use townhall::import;
use townhall::store::Store;
use townhall::workspace::editing;

use super::args::{ImportsCommand, IncidentsCommand, TopicCommand};

pub fn topic(
    store: &mut Store,
    command: TopicCommand,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    match command {
        TopicCommand::Rename { name, new_name } => {
            let topic = editing::rename_topic(store, &name, &new_name)?;
            writeln!(out, "Renamed “{name}” to “{}”.", topic.name)?;
        }
        TopicCommand::Remove { name } => {
            editing::remove_topic(store, &name)?;
            writeln!(
                out,
                "Removed the topic “{name}”; its posts and incidents stay."
            )?;
        }
        _ => unreachable!("only rename and remove are routed here"),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn incident(
    store: &mut Store,
    command: IncidentsCommand,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    match command {
        IncidentsCommand::Rename { id, title } => {
            editing::rename_incident(store, id, &title)?;
            writeln!(out, "Incident {id} is now “{}”.", title.trim())?;
        }
        IncidentsCommand::Remove { id } => {
            editing::remove_incident(store, id)?;
            writeln!(out, "Removed incident {id}.")?;
        }
        _ => unreachable!("only rename and remove are routed here"),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn imports(
    store: &mut Store,
    command: ImportsCommand,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    match command {
        ImportsCommand::List { json } => {
            for record in import::history(store)? {
                if json {
                    writeln!(out, "{}", serde_json::to_string(&record)?)?;
                } else {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}",
                        record.id, record.started_at, record.status, record.imported, record.path
                    )?;
                }
            }
        }
        ImportsCommand::Remove { id } => {
            let removed = editing::remove_import(store, id)?;
            writeln!(
                out,
                "Removed import {id}: {} posts it added, and {} authors left without a post.",
                removed.posts, removed.authors
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
