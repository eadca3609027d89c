#!/bin/sh
# Teredo's own state per client, measured: teredo-scale-bench in Teredo mode
# under heaptrack, the heap at its peak attributed to owners (teredo-state.py).
# Use: benchmarks/teredo-state.sh [--build DIR] [N]   (default build, N = 1000)
set -eu
build=build
if [ "${1:-}" = "--build" ]; then build=$2; shift 2; fi
n=${1:-1000}
command -v heaptrack > /dev/null || { echo "heaptrack not found (apt-get install -y heaptrack)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
heaptrack -o "$out/heap" "$build/teredo-scale-bench" --clients="$n" --mode=teredo > "$out/run.txt" 2>&1
grep '^teredo:' "$out/run.txt" >&2 || true
heaptrack_print -f "$out/heap.zst" -F "$out/flame" --flamegraph-cost-type peak > /dev/null
python3 "$(dirname "$0")/teredo-state.py" "$out/flame" "$n"
