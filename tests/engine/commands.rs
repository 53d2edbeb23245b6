//! The UI calls the app's commands by name with named arguments; a typo on either side only
//! shows at run time. This reads both sides and checks they agree: every command the UI calls is
//! registered, every registered command is called, and each call passes exactly the command's
//! arguments (Tauri names them in camelCase).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `#[tauri::command]` functions of the shell: name → argument names the UI must pass.
fn commands() -> BTreeMap<String, BTreeSet<String>> {
    let mut found = BTreeMap::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/src");
    for entry in std::fs::read_dir(dir).unwrap() {
        let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for chunk in source.split("#[tauri::command]").skip(1) {
            let signature = &chunk[..chunk.find('{').unwrap()];
            let name_at = signature.find("fn ").unwrap() + 3;
            let name: String = signature[name_at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let params =
                &signature[signature.find('(').unwrap() + 1..signature.rfind(')').unwrap()];
            let args = params
                .split(',')
                .filter_map(|p| p.split_once(':'))
                .map(|(n, ty)| (n.trim().to_string(), ty.trim().to_string()))
                .filter(|(_, ty)| !ty.starts_with("State<") && ty != "AppHandle")
                .map(|(n, _)| camel(&n))
                .collect();
            found.insert(name, args);
        }
    }
    found
}

/// The names in `generate_handler![...]`.
fn registered() -> BTreeSet<String> {
    let lib = read("src-tauri/src/lib.rs");
    let start = lib.find("generate_handler![").unwrap();
    let end = start + lib[start..].find(']').unwrap();
    lib[start..end]
        .split(',')
        .filter_map(|item| item.trim().rsplit("::").next())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty() && !s.contains('['))
        .collect()
}

/// The UI's `call('name', { a, b })`: name → argument names.
fn calls() -> BTreeMap<String, BTreeSet<String>> {
    let ui = read("ui/src/backend/index.ts");
    let mut found = BTreeMap::new();
    for (i, _) in ui.match_indices("call(").chain(ui.match_indices("call<")) {
        let rest = &ui[i..];
        let Some(open) = rest.find("('") else {
            continue;
        };
        if open > 20 {
            continue; // `call(` in the definition itself
        }
        let name_start = open + 2;
        let name_end = name_start + rest[name_start..].find('\'').unwrap();
        let name = rest[name_start..name_end].to_string();
        let after = &rest[name_end + 1..];
        let args = match after.trim_start().strip_prefix(',') {
            Some(more) => {
                let body = &more[more.find('{').unwrap() + 1..more.find('}').unwrap()];
                body.split(',')
                    .map(|a| a.split(':').next().unwrap().trim().to_string())
                    .filter(|a| !a.is_empty())
                    .collect()
            }
            None => BTreeSet::new(),
        };
        found.insert(name, args);
    }
    found
}

#[test]
fn the_ui_calls_exactly_the_registered_commands_with_their_arguments() {
    let commands = commands();
    let registered = registered();
    let calls = calls();
    assert!(commands.len() >= 10, "found only {commands:?}");
    assert_eq!(
        registered,
        commands.keys().cloned().collect::<BTreeSet<_>>(),
        "generate_handler! and the #[tauri::command] functions differ"
    );
    assert_eq!(
        calls.keys().cloned().collect::<BTreeSet<_>>(),
        registered,
        "the UI's calls and the registered commands differ"
    );
    for (name, args) in &calls {
        assert_eq!(args, &commands[name], "arguments of `{name}`");
    }
}

#[test]
fn argument_names_cross_in_camel_case() {
    assert_eq!(camel("job_id"), "jobId");
    assert_eq!(camel("request"), "request");
}
