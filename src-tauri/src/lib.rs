//! The Townhall desktop app: a thin Tauri shell. Commands (`commands`) are adapters over the
//! `townhall` engine; long imports run as background jobs (`jobs`) that report progress as events
//! and can be cancelled; the sources are watched in the background (`live`); `workspaces` opens,
//! starts and switches workspaces, and `menu` is the native menu bar. Nothing here computes a
//! number the engine does not.

mod alerting;
mod commands;
mod editing;
mod jobs;
mod live;
mod menu;
mod notify;
mod state;
mod workspaces;

use tauri::Manager;

pub fn run() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .manage(state::AppState::default())
        .setup(move |app| {
            let handle = app.handle();
            menu::install(handle)?;
            // A workspace that cannot be opened is said in the window, which then offers the
            // sample, a new workspace or another file instead.
            match workspaces::on_start(&args) {
                Ok(Some(store)) => {
                    let state = handle.state::<state::AppState>();
                    workspaces::activate(handle, &state, store).map_err(|e| e.message)?;
                }
                Ok(None) => {}
                Err(e) => {
                    eprintln!("townhall: opening the workspace: {e}");
                    let state = handle.state::<state::AppState>();
                    *state.start_error.lock().unwrap_or_else(|p| p.into_inner()) =
                        Some(townhall::wire::ErrorPayload::from(&e));
                }
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            workspaces::workspace_info,
            workspaces::recent_workspaces,
            workspaces::open_workspace,
            workspaces::new_workspace,
            workspaces::start_my_workspace,
            workspaces::open_sample,
            commands::home,
            commands::export_posts,
            commands::sort_dropped,
            editing::rename_topic,
            editing::topic_removal_question,
            editing::remove_topic,
            editing::import_removal_question,
            editing::remove_import,
            editing::rename_incident,
            editing::remove_incident,
            editing::link_unlinked_incidents,
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
            commands::compare_incident,
            commands::get_settings,
            commands::set_setting,
            commands::set_settings,
            commands::retention_preview,
            commands::export_brief,
            commands::open_briefing,
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
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                app.state::<state::AppState>().stop_watch();
            }
        });
}
