#!/bin/sh
# Scale benchmark: teredo-scale-bench for each N (both modes, each in its own
# process), one table per N in OUT/N.txt, a summary OUT/scale.dat and two
# figures, OUT/scale-wall.png and OUT/scale-rss.png (gnuplot).
# Use: benchmarks/scale.sh [--build DIR] [--out DIR] [--seconds T] [N ...]
# (default N: 1000 10000 100000; build dir build; out build/bench/scale)
set -eu
build=build
out=
seconds=10
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
[ -n "$out" ] || out=$build/bench/scale
[ $# -gt 0 ] || set -- 1000 10000 100000
prog=$build/teredo-scale-bench
[ -x "$prog" ] || { echo "no $prog: build first" >&2; exit 1; }
mkdir -p "$out"
dat=$out/scale.dat
echo "# N teredo_wall baseline_wall teredo_rss_mib baseline_rss_mib teredo_delivered baseline_delivered" > "$dat"
for n in "$@"; do
  echo "N=$n ..." >&2
  start=$(date +%s)
  "$prog" --clients="$n" --seconds="$seconds" > "$out/$n.txt"
  echo "N=$n took $(( $(date +%s) - start )) s" >&2
  awk -v n="$n" '
    /^ROW mode=teredo/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); t[kv[1]] = kv[2] } }
    /^ROW mode=baseline/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); b[kv[1]] = kv[2] } }
    END { printf "%d %s %s %.1f %.1f %s %s\n", n, t["wall"], b["wall"],
          t["rss-peak-kib"] / 1024, b["rss-peak-kib"] / 1024, t["delivered"], b["delivered"] }
  ' "$out/$n.txt" >> "$dat"
  grep '^|' "$out/$n.txt"
done
if command -v gnuplot > /dev/null; then
  gnuplot <<GP
set terminal png size 800,500
set logscale xy
set grid
set key top left
set xlabel "clients (N)"
set output "$out/scale-wall.png"
set ylabel "wall seconds of Simulator::Run ($seconds s simulated traffic)"
plot "$dat" using 1:2 with linespoints title "Teredo", "$dat" using 1:3 with linespoints title "baseline (plain IPv4 UDP)"
set output "$out/scale-rss.png"
set ylabel "peak RSS (MiB)"
plot "$dat" using 1:4 with linespoints title "Teredo", "$dat" using 1:5 with linespoints title "baseline (plain IPv4 UDP)"
GP
  echo "figures: $out/scale-wall.png $out/scale-rss.png" >&2
else
  echo "gnuplot not found (apt-get install -y gnuplot-nox): no figures" >&2
fi
