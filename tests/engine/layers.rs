//! The engine's layers (the top comment of `src/lib.rs`) as a check over its sources: a module
//! may use modules of its own layer or of layers above it, never one below.

use std::path::Path;

/// Each top-level module and its layer, in the order of `src/lib.rs`.
const LAYERS: &[(&str, u32)] = &[
    ("error", 1),
    ("echoes", 1),
    ("time", 1),
    ("model", 1),
    ("sentiment", 1),
    ("store", 2),
    ("query", 3),
    ("topics", 4),
    ("import", 5),
    ("collect", 5),
    ("analytics", 6),
    ("incidents", 7),
    ("output", 8),
    ("alerts", 8),
    ("wire", 9),
    ("workspace", 9),
];

fn layer(module: &str) -> u32 {
    LAYERS
        .iter()
        .find(|(m, _)| *m == module)
        .map(|(_, l)| *l)
        .unwrap_or_else(|| panic!("src/lib.rs has a module `{module}` with no layer in this test"))
}

/// The top-level modules a source file names as `crate::<module>`.
fn uses(source: &str) -> Vec<String> {
    // Comments may link anywhere; code may not.
    let code: String = source
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let source = code.as_str();
    let mut found = Vec::new();
    for (i, _) in source.match_indices("crate::") {
        let preceded = source[..i].chars().last();
        if preceded.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `townhall_crate::`, not ours
        }
        let name: String = source[i + 7..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() && name.chars().next().is_some_and(|c| c.is_lowercase()) {
            found.push(name);
        }
    }
    found
}

fn visit(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

#[test]
fn every_module_uses_only_its_layer_and_those_above() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    visit(&src, &mut files);
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (path, source) in &files {
        let rel = Path::new(path).strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = top.trim_end_matches(".rs");
        if matches!(module, "lib" | "main" | "cli") {
            continue; // the crate root and the binary sit above every layer
        }
        let own = layer(module);
        for used in uses(source) {
            checked += 1;
            if used != module && layer(&used) > own {
                wrong.push(format!("{}: uses crate::{used}", rel.display()));
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} uses found: is the scan reading the sources?"
    );
    assert!(
        wrong.is_empty(),
        "uses that point down the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scan_finds_a_use_that_points_down() {
    assert_eq!(
        uses("use crate::workspace::views;\nuse my_crate::store;"),
        ["workspace"]
    );
    assert!(layer("workspace") > layer("store"));
}
