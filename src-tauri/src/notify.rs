//! Desktop notifications for long work that finishes while the window is in the background
//! (an import, a briefing); with the window in front, the window itself says it.

use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

/// Shows `title` and `body` as a desktop notification unless the window has the focus.
pub fn in_background(app: &AppHandle, title: &str, body: &str) {
    let focused = app
        .get_webview_window("main")
        .and_then(|w| w.is_focused().ok());
    if !wanted(focused) {
        return;
    }
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        eprintln!("townhall: showing a notification: {e}");
    }
}

/// Whether a finished job is worth a notification, given whether the window has the focus
/// (`None`: unknown, as when the window is gone). Only a window known to be in the background
/// gets one: a user looking at the window reads the window, and a notification nobody can
/// trace back is noise.
fn wanted(focused: Option<bool>) -> bool {
    focused == Some(false)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_window_known_to_be_in_the_background_is_notified() {
        assert!(super::wanted(Some(false)));
        assert!(!super::wanted(Some(true)));
        assert!(!super::wanted(None));
    }
}
