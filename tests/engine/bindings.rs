//! The TypeScript bindings committed in the UI must be exactly what the engine's wire types
//! generate. Regenerate with `UPDATE_BINDINGS=1 cargo test -p townhall --test engine bindings`.

use std::path::Path;

#[test]
fn ui_bindings_match_the_wire_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/backend/bindings.ts");
    let generated = townhall::wire::typescript();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/backend/bindings.ts is out of date with src/wire.rs; regenerate it with \
         `UPDATE_BINDINGS=1 cargo test -p townhall --test engine bindings`"
    );
}
