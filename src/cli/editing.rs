//! `townhall topic rename|remove`, `townhall incidents rename|remove|link|unlink` and
//! `townhall imports`: renaming, relinking and removing, each printing what it did in the
//! engine's words.

use std::io::Write;
use std::process::ExitCode;

use townhall::import;
use townhall::store::Store;
use townhall::workspace::{editing, incident_record};

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
        TopicCommand::Remove { name, yes } => {
            if !super::confirmed(&editing::describe_topic_removal(store, &name)?, yes)? {
                return Ok(ExitCode::SUCCESS);
            }
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
        IncidentsCommand::Remove { id, yes } => {
            if !super::confirmed(&editing::describe_incident_removal(store, id)?, yes)? {
                return Ok(ExitCode::SUCCESS);
            }
            editing::remove_incident(store, id)?;
            writeln!(out, "Removed incident {id}.")?;
        }
        IncidentsCommand::Link { id, topic } => {
            writeln!(out, "{}", incident_record::link(store, id, Some(&topic))?)?;
        }
        IncidentsCommand::Unlink { id } => {
            writeln!(out, "{}", incident_record::link(store, id, None)?)?;
        }
        _ => unreachable!("only rename, remove, link and unlink are routed here"),
    }
    Ok(ExitCode::SUCCESS)
}

/// "1,200 new, 3 duplicates, 2 skipped".
fn counted(record: &import::ImportRecord) -> String {
    use townhall::analytics::{counted, fmt_int};
    format!(
        "{} new, {}, {} skipped",
        fmt_int(record.imported as f64),
        counted(record.duplicates.max(0) as u64, "duplicate", "duplicates"),
        fmt_int(record.skipped as f64)
    )
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
                        record.id,
                        record.started_at,
                        record.status,
                        counted(&record),
                        record.path
                    )?;
                }
            }
        }
        ImportsCommand::Show { id, json } => {
            let (record, skipped) = import::skipped_records(store, id)?;
            if json {
                let shown = serde_json::json!({ "import": record, "skipped_records": skipped });
                writeln!(out, "{shown}")?;
            } else {
                writeln!(
                    out,
                    "Import {} of {} ({}, {}): {}.",
                    record.id,
                    record.path,
                    record.format.as_deref().unwrap_or("format unknown"),
                    record.status,
                    counted(&record)
                )?;
                for e in &skipped {
                    writeln!(out, "  line {}: {}", e.line, e.reason)?;
                }
                let unlisted = (record.skipped as usize).saturating_sub(skipped.len());
                if unlisted > 0 {
                    writeln!(out, "  … and {unlisted} more skipped records, not listed.")?;
                }
            }
        }
        ImportsCommand::Remove { id, yes } => {
            if !super::confirmed(&editing::describe_import_removal(store, id)?, yes)? {
                return Ok(ExitCode::SUCCESS);
            }
            writeln!(out, "{}", editing::remove_import(store, id)?.message)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
