#!/usr/bin/env bash
# Runs every fuzz target for a while (default 20 s each; SECS=600 for a longer run) from the
# seeds in tests/fuzz/seeds, keeping what it finds in tests/fuzz/corpus (not committed).
# Exit non-zero on the first crash; its input is in tests/fuzz/artifacts/TARGET/.
# Needs cargo-fuzz (cargo install cargo-fuzz --locked) and runs on the stable toolchain
# (RUSTC_BOOTSTRAP lets cargo-fuzz pass its -Z flags), without a sanitizer: the code under
# test is safe Rust, and a panic is what is looked for.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${SECS:-20}"
export RUSTC_BOOTSTRAP=1
targets="${*:-plan import_json import_csv config time}"
cargo fuzz build --fuzz-dir tests/fuzz --sanitizer none
for t in $targets; do
  mkdir -p "tests/fuzz/corpus/$t"
  echo "== fuzz $t for ${secs}s"
  cargo fuzz run --fuzz-dir tests/fuzz --sanitizer none "$t" \
    "tests/fuzz/corpus/$t" "tests/fuzz/seeds/$t" -- -max_total_time="$secs" 2>&1 | tail -n 3
done
echo "== fuzz: 0 crashes"
