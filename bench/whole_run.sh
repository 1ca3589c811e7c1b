#!/usr/bin/env bash
# Whole runs through the CLI with the default output (docs/performance.md, "Whole runs"): process
# wall time, CPU time (user + system, all threads) and the CLI's own split (setup, compute, HDF5 =
# the time the steps waited for output), as medians of alternating runs of one or more trustsim
# binaries, so that a change can be compared with an older build on a machine whose load varies.
# Each binary runs the configs/demo.yaml of its own source tree (found next to build/release/ or
# bin/), so an older build runs with its own defaults. Nothing here is asserted.
#
#   bench/whole_run.sh [-n RUNS] [-c CASE] BINARY [BINARY...]
#     CASE: small (10^5 agents x 20 weeks, the default), large (10^6 x 10), or both
#   e.g. bench/whole_run.sh -n 5 -c both /tmp/base/trustsim build/release/trustsim
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5
case_name=small
while getopts "n:c:" option; do
  case "$option" in
    n) runs="$OPTARG" ;;
    c) case_name="$OPTARG" ;;
    *) echo "usage: $0 [-n RUNS] [-c small|large|both] BINARY [BINARY...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-n RUNS] [-c small|large|both] BINARY [BINARY...]" >&2; exit 2; }
binaries=("$@")
scenarios=()
for b in "${binaries[@]}"; do
  scenario=configs/demo.yaml
  for up in .. ../..; do
    candidate="$(dirname "$b")/$up/configs/demo.yaml"
    if [ -f "$candidate" ]; then scenario="$candidate"; break; fi
  done
  scenarios+=("$scenario")
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

measure() {  # label agents steps
  local label=$1 agents=$2 steps=$3
  echo "== $label: each tree's configs/demo.yaml, $agents agents x $steps weeks, default output, $runs alternating runs each"
  : > "$tmp/results"
  for ((r = 0; r < runs; ++r)); do
    for b in "${!binaries[@]}"; do
      local start end line
      start=$(date +%s.%N)
      line=$(/usr/bin/time -f "cpu %U %S" "${binaries[$b]}" run "${scenarios[$b]}" --set organisation.agents="$agents" \
               --set steps="$steps" -o "$tmp/run.h5" 2>&1 >/dev/null | grep -E '^(done:|cpu )' | tr '\n' ' ')
      end=$(date +%s.%N)
      echo "$b $start $end $line" >> "$tmp/results"
    done
  done
  /usr/bin/python3 - "$tmp/results" "${binaries[@]}" <<'PY'
import re, statistics, sys
rows = [line.split(" ", 3) for line in open(sys.argv[1]).read().splitlines()]
binaries = sys.argv[2:]
print(f"{'binary':48s} {'process s':>10s} {'setup':>7s} {'compute':>8s} {'HDF5':>7s} {'HDF5 %':>7s} {'CPU s':>7s}")
for b, path in enumerate(binaries):
    mine = [r for r in rows if int(r[0]) == b]
    wall = [float(r[2]) - float(r[1]) for r in mine]
    def field(pattern):
        return [float(re.search(pattern, r[3]).group(1)) for r in mine]
    setup, compute = field(r"setup ([0-9.]+) s"), field(r"compute ([0-9.]+) s")
    hdf5, share = field(r"HDF5 ([0-9.]+) s"), field(r"= ([0-9]+)%")
    cpu = [float(u) + float(s) for u, s in (re.search(r"cpu ([0-9.]+) ([0-9.]+)", r[3]).groups() for r in mine)]
    med = statistics.median
    print(f"{path[-48:]:48s} {med(wall):10.3f} {med(setup):7.3f} {med(compute):8.3f} {med(hdf5):7.3f} {med(share):6.0f}% {med(cpu):7.2f}"
          f"   (process s: {', '.join(f'{w:.2f}' for w in wall)})")
PY
}

if [ "$case_name" = small ] || [ "$case_name" = both ]; then measure "10^5 agents" 100000 20; fi
if [ "$case_name" = large ] || [ "$case_name" = both ]; then measure "10^6 agents" 1000000 10; fi
