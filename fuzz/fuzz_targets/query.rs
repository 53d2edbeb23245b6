//! The query parser on structured input: a fragment repeated up to 20,000 times between a
//! prefix and a suffix, so that nesting deep enough to matter is reached (byte strings alone
//! never grow past a few thousand bytes).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, &str, &str, &str)| {
    let (times, prefix, fragment, suffix) = input;
    let times = usize::from(times % 20_000);
    if fragment.len().saturating_mul(times) > 1 << 20 {
        return;
    }
    let query = format!("{prefix}{}{suffix}", fragment.repeat(times));
    if let Ok(matcher) = townhall::query::compile(&query) {
        let _ = matcher.to_string();
    }
});
