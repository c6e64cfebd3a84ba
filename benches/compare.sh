#!/usr/bin/env bash
# Side-by-side figures of issue 7, in one run (benches/RESULTS.md shows the output and the machine).
#
#   1. Grading FORMS filled forms of ROWS requirements: `procspec grade` (release build) against
#      an openpyxl script (default mode and read_only mode), python-calamine reading the same
#      cells, the inflate floor (every zip entry of every file decompressed, nothing parsed) and
#      the tokenize floor (the same, and every XML part split into quick-xml's events).
#   2. `procspec build` of a catalog of BIG requirements in all formats (md, html, docx, xlsx,
#      json): wall time and peak memory (max RSS).
#   3. `procspec grade` of one filled form of BIG rows: wall time and peak memory.
#
# usage: benches/compare.sh [WORK_DIR]      (default target/bench; inputs there are reused)
# env:   FORMS=1000 ROWS=200 BIG=10000 RUNS=3 (runs per command, in rounds; medians are printed)
#        SKIP_OPENPYXL_RO=1 leaves out openpyxl's read_only mode (the slowest part after default)
# needs: cargo, python3 with openpyxl and python-calamine, hyperfine, GNU time (/usr/bin/time).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mkdir -p "${1:-$root/target/bench}" && cd "${1:-$root/target/bench}" && pwd)
FORMS=${FORMS:-1000}
ROWS=${ROWS:-200}
BIG=${BIG:-10000}
RUNS=${RUNS:-3}

for tool in hyperfine python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool is missing (apt-get install hyperfine time)" >&2; exit 2; }
done
python3 -c "import openpyxl, python_calamine" 2>/dev/null \
  || { echo "compare.sh: pip install openpyxl python-calamine" >&2; exit 2; }

echo "compare.sh at $(date -u +%FT%TZ); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== building (release) =="
(cd "$root" && cargo build --release --quiet --bin procspec --example generate --example inflate)
bin=$root/target/release
procspec=$bin/procspec

# A procurement of N requirements with its issued form: $work/pN/output/form.xlsx.
procurement() {
  local n=$1 dir=$work/p$1
  if [ ! -f "$dir/output/form.xlsx" ]; then
    "$bin/examples/generate" "$dir" "$n" >/dev/null
    "$procspec" build --config "$dir/procspec.toml" >/dev/null
  fi
  echo "$dir"
}

# COUNT copies of a procurement's form filled with openpyxl, in DIR/input/responses.
filled() {
  local dir=$1 count=$2 have
  have=0
  [ -d "$dir/input/responses" ] && have=$(find "$dir/input/responses" -name '*.xlsx' | wc -l)
  if [ "$have" -ne "$count" ]; then
    rm -rf "$dir/input/responses"
    python3 "$root/benches/fill.py" "$dir/output/form.xlsx" "$dir/input/responses" "$count" >/dev/null
  fi
}

echo "== inputs in $work =="
small=$(procurement "$ROWS")
filled "$small" "$FORMS"
big=$(procurement "$BIG")
filled "$big" 1
forms=$small/input/responses
echo "$FORMS forms of $ROWS requirements: $(du -sh "$forms" | cut -f1); one form of $BIG requirements: $(du -h "$big/input/responses/bidder-0000.xlsx" | cut -f1)"
cat "$forms"/*.xlsx >/dev/null   # in the page cache for every contender alike

echo
echo "== 1. reading and grading $FORMS forms ($RUNS rounds, each command once a round, in this order) =="
cmds=(
  -n "procspec grade" "$procspec grade --config $small/procspec.toml $forms -o $work/grades-small"
  -n "inflate floor" "$bin/examples/inflate $forms"
  -n "tokenize floor" "$bin/examples/inflate --tokenize $forms"
  -n "python-calamine" "python3 $root/benches/read_calamine.py $forms"
  -n "openpyxl" "python3 $root/benches/read_openpyxl.py $forms"
)
if [ "${SKIP_OPENPYXL_RO:-}" != 1 ]; then
  cmds+=(-n "openpyxl read_only" "python3 $root/benches/read_openpyxl.py --read-only $forms")
fi
# In rounds, each command once per round: the host's speed drifts over the minutes openpyxl
# takes, and a command whose runs all fell in one slow stretch would carry it alone.
rounds=()
for ((round = 1; round <= RUNS; round++)); do
  hyperfine --runs 1 --style basic --output null --export-json "$work/grade-$round.json" "${cmds[@]}" >/dev/null 2>&1
  rounds+=("$work/grade-$round.json")
done

python3 - "$FORMS" "${rounds[@]}" <<'EOF'
import json, statistics, sys
forms = int(sys.argv[1])
results = []
for path in sys.argv[2:]:
    for r in json.load(open(path))["results"]:
        known = next((k for k in results if k["command"] == r["command"]), None)
        if known is None:
            results.append({"command": r["command"], "times": list(r["times"]), "cpu": [r["user"] + r["system"]]})
        else:
            known["times"] += r["times"]
            known["cpu"].append(r["user"] + r["system"])
med = {r["command"]: statistics.median(r["times"]) for r in results}
cpu = {r["command"]: statistics.mean(r["cpu"]) for r in results}
ours = med["procspec grade"]
def versus(name):
    ratio = med[name] / ours
    if name == "procspec grade":
        return ""
    return f"procspec grade is {ratio:.1f}× faster" if ratio >= 1 else f"procspec grade takes {1 / ratio:.1f}× as long"
print(f"{'':20} {'median wall':>12} {'per form':>10} {'cpu (mean)':>11}   runs (s)")
for r in results:
    name = r["command"]
    runs = " ".join(f"{t:.2f}" for t in r["times"])
    print(f"{name:20} {med[name]:10.3f} s {med[name] / forms * 1000:7.2f} ms {cpu[name]:9.3f} s   {runs}   {versus(name)}")
print()
print(f"procspec grade vs openpyxl (default):   {med['openpyxl'] / ours:6.1f}× faster   (target ≥ 30×)")
if "openpyxl read_only" in med:
    print(f"procspec grade vs openpyxl (read_only): {med['openpyxl read_only'] / ours:6.1f}× faster")
print(f"procspec grade vs python-calamine:      {med['python-calamine'] / ours:6.2f}× (above 1: procspec faster)")
print(f"procspec grade / inflate floor:         {ours / med['inflate floor']:6.1f}×   (target ≤ 3×)")
print(f"tokenize floor / inflate floor:         {med['tokenize floor'] / med['inflate floor']:6.1f}×   "
      f"(quick-xml's events alone, nothing read: any XML reader's floor)")
print(f"procspec grade / tokenize floor:        {ours / med['tokenize floor']:6.1f}×")
print(f"cpu time: procspec grade / inflate floor {cpu['procspec grade'] / cpu['inflate floor']:.1f}×; "
      f"openpyxl (default) / procspec grade {cpu['openpyxl'] / cpu['procspec grade']:.1f}×")
EOF

# RUNS runs of a command under GNU time: median wall seconds and the largest max RSS (MiB).
timed() {
  local label=$1; shift
  local walls=() rss=0 i
  for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" \
      || { echo "compare.sh: $label failed:" >&2; cat "$work/stderr.txt" >&2; exit 1; }
    read -r wall kib <"$work/time.txt"
    walls+=("$wall")
    ((kib > rss)) && rss=$kib
  done
  python3 -c "import statistics,sys; w=[float(x) for x in sys.argv[3:]]; \
print(f'{sys.argv[1]:46} median {statistics.median(w):6.3f} s  (runs: {\" \".join(sys.argv[3:])})  peak {int(sys.argv[2])/1024:6.1f} MiB')" \
    "$label" "$rss" "${walls[@]}"
}

echo
echo "== 2. build of $BIG requirements, all formats (target < 2 s, < 300 MiB) =="
timed "procspec build ($BIG, Markdown catalog)" "$procspec" build --config "$big/procspec.toml" -o "$work/build-md"
sed 's#input/catalog.md#input/catalog.xlsx#' "$big/procspec.toml" >"$big/procspec-xlsx.toml"
timed "procspec build ($BIG, xlsx catalog)" "$procspec" build --config "$big/procspec-xlsx.toml" -o "$work/build-xlsx"

echo
echo "== 3. grading one form of $BIG rows (target < 0.5 s) =="
timed "procspec grade (1 form, $BIG rows)" "$procspec" grade --config "$big/procspec.toml" "$big/input/responses" -o "$work/grades-big"

echo
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/ {print $2}') GiB; load now: $(cut -d' ' -f1-3 /proc/loadavg)"
