#!/usr/bin/env bash
# Runs every fuzz target for N seconds each (default 60): `fuzz/run.sh [SECONDS]`.
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`); without
# them it says so and exits 0, so that it can run anywhere. Exits 1 when a target crashes
# (the input is saved under fuzz/artifacts/<target>/).
set -euo pipefail
seconds="${1:-60}"
cd "$(dirname "$0")/.."
if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "fuzz: no nightly toolchain; skipped"
    exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz: cargo-fuzz is not installed (cargo install cargo-fuzz --locked); skipped"
    exit 0
fi
# No AddressSanitizer (the engine forbids unsafe code, and the C it links is not instrumented
# anyway) and parallel code generation: the build takes minutes instead of most of an hour.
flags=(-O --sanitizer none --codegen-units 16)
cargo +nightly fuzz build "${flags[@]}"
status=0
for target in $(cargo +nightly fuzz list); do
    echo "fuzz: $target for ${seconds}s"
    mkdir -p "fuzz/corpus/$target"
    # New inputs go to fuzz/corpus/<target>; the project's fixtures seed the file targets.
    seeds=()
    if [ "$target" != query ]; then seeds=(tests/fixtures); fi
    if ! cargo +nightly fuzz run "${flags[@]}" "$target" "fuzz/corpus/$target" "${seeds[@]}" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1; then
        echo "fuzz: $target found a crash"
        status=1
    fi
done
exit "$status"
