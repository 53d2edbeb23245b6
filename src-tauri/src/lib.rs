//! The Townhall desktop app: a thin Tauri shell. Commands (`commands`) are adapters over the
//! `townhall` engine; long imports run as background jobs (`jobs`) that report progress as events
//! and can be cancelled. Nothing here computes a number the engine does not.

mod commands;
mod jobs;
mod state;

use tauri::Manager;

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            let state = state::AppState::open_default()?;
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
            commands::get_settings,
            commands::set_setting,
            commands::export_brief,
            commands::preview_brief,
            jobs::start_import,
            jobs::cancel_import,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Townhall app");
}
