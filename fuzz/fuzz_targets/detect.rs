//! Format detection on any bytes (plain, gzip or zstd): a format or a reason, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = townhall::import::fuzz::detect_bytes(data);
});
