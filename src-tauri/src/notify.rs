//! Desktop notifications for long work that finishes while the window is in the background
//! (an import, a briefing); with the window in front, the window itself says it.

use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

/// Shows `title` and `body` as a desktop notification unless the window has the focus.
pub fn in_background(app: &AppHandle, title: &str, body: &str) {
    let focused = app
        .get_webview_window("main")
        .and_then(|w| w.is_focused().ok())
        .unwrap_or(true);
    if focused {
        return;
    }
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        eprintln!("townhall: showing a notification: {e}");
    }
}
