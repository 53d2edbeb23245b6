// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK composites pages with OpenGL unless told otherwise. Townhall's pages are a
    // dashboard and lists, which paint in the same time without it, and the web process then
    // stays 130 MB smaller (measured under Xvfb: 330 → 197 MB); OpenGL compositing is also behind the blank
    // windows WebKitGTK shows on some graphics drivers and virtual machines. A value the user
    // set is kept: `WEBKIT_DISABLE_COMPOSITING_MODE=0` turns compositing back on. This runs
    // before any thread exists, so changing the environment races with nothing.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    townhall_app::run();
}
