#!/usr/bin/env bash
# Fuzzes one target on one core: fuzz/run.sh TARGET [SECONDS] (default 600).
# The corpus grows in fuzz/corpus/TARGET (seeded from fuzz/seeds/TARGET; run make_seeds.sh
# first); crashes, OOMs and timeouts are saved in fuzz/artifacts/TARGET/. libFuzzer's output
# goes to fuzz/fuzz-0.log. Works on the stable toolchain through RUSTC_BOOTSTRAP=1 (cargo-fuzz
# passes nightly-only -Z flags).
set -euo pipefail
cd "$(dirname "$0")"
target="$1"
seconds="${2:-600}"
mkdir -p "corpus/$target" "seeds/$target"
RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "corpus/$target" "seeds/$target" -- \
  -jobs=1 -workers=1 -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=10
