#!/usr/bin/env bash
# Fuzzes one target on one core: fuzz/run.sh TARGET [SECONDS] [LIBFUZZER FLAGS...]
# SECONDS defaults to 600. The corpus grows in fuzz/corpus/TARGET (seeded from
# fuzz/seeds/TARGET; run make_seeds.sh first); crashes, OOMs and timeouts are saved in
# fuzz/artifacts/TARGET/. Without extra flags libFuzzer runs as one job (-jobs=1 -workers=1),
# its output in fuzz/fuzz-0.log, and stops at the first finding; give `--fork` to run one worker
# process at a time that goes on past findings (each one still saved), output on the terminal.
# Works on the stable toolchain through RUSTC_BOOTSTRAP=1 (cargo-fuzz passes -Z flags).
set -euo pipefail
cd "$(dirname "$0")"
target="$1"
seconds="${2:-600}"
shift $(( $# < 2 ? $# : 2 ))
mode=(-jobs=1 -workers=1)
if [ "${1:-}" = "--fork" ]; then
  shift
  mode=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
fi
mkdir -p "corpus/$target" "seeds/$target"
RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "corpus/$target" "seeds/$target" -- \
  "${mode[@]}" -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=10 "$@"
