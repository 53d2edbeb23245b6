//! The Townhall desktop app: a thin Tauri shell. Commands (`commands`) are adapters over the
//! `townhall` engine; long imports run as background jobs (`jobs`) that report progress as events
//! and can be cancelled; the sources are watched in the background (`live`). Nothing here computes a number the engine does not.

mod alerting;
mod commands;
mod jobs;
mod live;
mod state;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tauri::Manager;

pub fn run() {
    // Stops the background watch when the app exits.
    let cancel = Arc::new(AtomicBool::new(false));
    let watch_cancel = cancel.clone();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            let state = state::AppState::open_default()?;
            live::start_watch(app.handle().clone(), state.path.clone(), watch_cancel);
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::workspace_info,
            commands::dashboard,
            commands::add_topic,
            commands::check_query,
            commands::explain_window,
            commands::add_incident,
            commands::import_incidents,
            commands::csv_preview,
            commands::period_posts,
            commands::topic_problems,
            commands::topic_response,
            commands::topic_themes,
            commands::get_settings,
            commands::set_setting,
            commands::export_brief,
            commands::preview_brief,
            jobs::start_import,
            jobs::cancel_import,
            live::list_sources,
            live::add_source,
            live::remove_source,
            live::pause_source,
            live::collect_now,
            live::topic_statuses,
            live::list_alerts,
            live::unacknowledged_alerts,
            live::acknowledge_alert,
            alerting::alert_settings,
            alerting::set_alert_rules,
            alerting::set_brief_schedule,
            alerting::remove_brief_schedule,
            alerting::set_delivery,
            alerting::preview_delivery,
            alerting::test_delivery,
        ])
        .build(tauri::generate_context!())
        .expect("error while building the Townhall app")
        .run(move |_, event| {
            if let tauri::RunEvent::Exit = event {
                cancel.store(true, Ordering::Relaxed);
            }
        });
}
