//! Every importer's reader on any bytes: the first byte picks the format, the rest is the file.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use townhall::import::Format;

thread_local! {
    /// One workspace for the whole run (CSV imports read and save column mappings).
    static STORE: townhall::store::Store = {
        static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
        let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
        townhall::store::Store::open(&dir.path().join("fuzz.sqlite")).unwrap()
    };
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, file)) = data.split_first() else {
        return;
    };
    let format = Format::ALL[selector as usize % Format::ALL.len()];
    STORE.with(|store| {
        let _ = townhall::import::fuzz::read_bytes(format, file, store.conn());
    });
});
