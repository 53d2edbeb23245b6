//! The native menu bar: File, Edit, View and Help with the platform's usual shortcuts. Edit is
//! the platform's own (undo, cut, copy, paste in any field); every other item is sent to the
//! window as a `menu` event carrying its id, and the window does what its button does, so a
//! menu item and its button can never differ.

use tauri::menu::{AboutMetadata, Menu, MenuItemBuilder, Submenu, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Manager, Wry};
use townhall::workspace::files::RecentWorkspace;

/// The ids the window acts on, with their labels and shortcuts, per menu.
const FILE: &[(&str, &str, Option<&str>)] = &[
    ("new-workspace", "New Workspace…", Some("CmdOrCtrl+N")),
    ("open-workspace", "Open Workspace…", Some("CmdOrCtrl+Alt+O")),
];
const FILE_REST: &[(&str, &str, Option<&str>)] =
    &[("open-sample", "Open the Sample Workspace", None)];
const FILE_IMPORT: &[(&str, &str, Option<&str>)] = &[
    ("import-files", "Import Files…", Some("CmdOrCtrl+O")),
    (
        "import-folder",
        "Import an Archive Folder…",
        Some("CmdOrCtrl+Shift+O"),
    ),
    ("import-incidents", "Import Incidents…", None),
];
const FILE_EXPORT: &[(&str, &str, Option<&str>)] = &[
    ("export-brief", "Export Briefing…", Some("CmdOrCtrl+E")),
    ("settings", "Settings…", Some("CmdOrCtrl+,")),
];
const VIEW: &[(&str, &str, Option<&str>)] = &[
    ("home", "Home", Some("CmdOrCtrl+Shift+H")),
    ("new-topic", "New Topic…", Some("CmdOrCtrl+T")),
    ("sources", "Live Sources…", Some("CmdOrCtrl+Shift+S")),
    ("alerts", "Alerts…", Some("CmdOrCtrl+Shift+A")),
    ("reload", "Reload", Some("F5")),
];
/// The prefix of the Open Recent items; the rest of the id is the workspace's path.
pub const RECENT_PREFIX: &str = "recent:";

/// File › Open Recent, kept to refill it when the list changes.
pub struct RecentMenu(Submenu<Wry>);

/// Puts the menu bar on the window and sends its items to the window.
pub fn install(app: &AppHandle) -> tauri::Result<()> {
    let recent = SubmenuBuilder::new(app, "Open Recent")
        .enabled(false)
        .build()?;
    app.set_menu(build(app, &recent)?)?;
    app.manage(RecentMenu(recent));
    app.on_menu_event(|app, event| forward(app, event.id().as_ref()));
    Ok(())
}

/// Refills File › Open Recent with the workspaces that still exist.
pub fn show_recent(app: &AppHandle, recent: &[RecentWorkspace]) -> tauri::Result<()> {
    let Some(menu) = app.try_state::<RecentMenu>() else {
        return Ok(());
    };
    while menu.0.remove_at(0)?.is_some() {}
    let existing: Vec<_> = recent.iter().filter(|r| r.exists).collect();
    for r in &existing {
        let label = format!("{} — {}", r.name, r.path);
        menu.0.append(
            &MenuItemBuilder::with_id(format!("{RECENT_PREFIX}{}", r.path), label).build(app)?,
        )?;
    }
    menu.0.set_enabled(!existing.is_empty())
}

/// The menu bar, with `recent` as File › Open Recent.
fn build(app: &AppHandle, recent: &Submenu<Wry>) -> tauri::Result<Menu<Wry>> {
    let item = |(id, label, accel): &(&str, &str, Option<&str>)| {
        let mut b = MenuItemBuilder::with_id(*id, *label);
        if let Some(accel) = accel {
            b = b.accelerator(accel);
        }
        b.build(app)
    };
    let items = |list: &[(&str, &str, Option<&str>)]| {
        list.iter().map(item).collect::<tauri::Result<Vec<_>>>()
    };

    let mut file = SubmenuBuilder::new(app, "File");
    for i in items(FILE)? {
        file = file.item(&i);
    }
    file = file.item(recent);
    for i in items(FILE_REST)? {
        file = file.item(&i);
    }
    file = file.separator();
    for i in items(FILE_IMPORT)? {
        file = file.item(&i);
    }
    file = file.separator();
    for i in items(FILE_EXPORT)? {
        file = file.item(&i);
    }
    let file = file.separator().quit().build()?;

    let edit = SubmenuBuilder::new(app, "Edit")
        .undo()
        .redo()
        .separator()
        .cut()
        .copy()
        .paste()
        .select_all()
        .build()?;

    let mut view = SubmenuBuilder::new(app, "View");
    for i in items(VIEW)? {
        view = view.item(&i);
    }
    let view = view.separator().fullscreen().build()?;

    let info = app.package_info();
    let help = SubmenuBuilder::new(app, "Help")
        .item(&MenuItemBuilder::with_id("shortcuts", "Keyboard Shortcuts").build(app)?)
        .separator()
        .about_with_text("About Townhall", Some(about(&info.version.to_string())))
        .build()?;

    Menu::with_items(app, &[&file, &edit, &view, &help])
}

/// What Help › About says: the name, this version, what Townhall is for and its licence.
fn about(version: &str) -> AboutMetadata<'static> {
    AboutMetadata {
        name: Some("Townhall".into()),
        version: Some(version.into()),
        comments: Some(
            "How exposed is an IT problem in public? Social data charted against your \
             incidents, alerts when a surge starts, and a board-ready briefing."
                .into(),
        ),
        license: Some("MIT".into()),
        ..Default::default()
    }
}

/// Every menu id the window is sent, for the window's test of its handlers.
#[cfg(test)]
pub fn ids() -> Vec<&'static str> {
    [FILE, FILE_REST, FILE_IMPORT, FILE_EXPORT, VIEW]
        .iter()
        .flat_map(|list| list.iter().map(|(id, _, _)| *id))
        .chain(["shortcuts"])
        .collect()
}

/// Sends a menu item's id to the window, which does what the item says.
fn forward(app: &AppHandle, id: &str) {
    if let Err(e) = app.emit("menu", id) {
        eprintln!("townhall: sending the menu item {id} to the window: {e}");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn about_names_townhall_and_the_version_of_the_app() {
        let about = super::about(env!("CARGO_PKG_VERSION"));
        assert_eq!(about.name.as_deref(), Some("Townhall"));
        assert_eq!(about.version.as_deref(), Some(env!("CARGO_PKG_VERSION")));
        assert!(about.comments.unwrap().contains("briefing"));
    }

    #[test]
    fn every_menu_id_is_handled_by_the_window() {
        let ui = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../ui/src/views/menu.ts"
        ))
        .expect("the window's menu handlers");
        for id in super::ids() {
            assert!(
                ui.contains(&format!("'{id}'")),
                "the window does not handle the menu item {id}"
            );
        }
    }
}
