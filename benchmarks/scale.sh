#!/bin/sh
# Scale benchmark: teredo-scale-bench for each N (both modes, each in its own
# process), one table per N in OUT/N.txt, a summary OUT/scale.dat and two
# figures, OUT/scale-wall.png and OUT/scale-rss.png (gnuplot).
# Use: benchmarks/scale.sh [--build DIR] [--out DIR] [--seconds T] [--marginal T2]
#                          [--lan csma|switched] [--repeat K] [N ...]
# (default N: 1000 10000 100000; build dir build; out build/bench/scale, or
# build/bench/scale-switched for switched LANs; LANs csma; K 1: with K > 1
# each mode runs K times and the fastest run is kept, as host noise only adds)
# --marginal T2 also runs each N with T2 seconds of traffic and prints the
# marginal cost of the T2 - T extra seconds per delivered packet, per mode, and
# its ratio: the steady state, without qualification, flow set-up (ping tests,
# bubbles) and the start-up phase of refreshes that a short run carries.
set -eu
build=build
out=
seconds=10
marginal=
lan=csma
repeat=1
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --marginal) marginal=$2; shift 2 ;;
    --lan) lan=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
if [ -z "$out" ]; then
  out=$build/bench/scale
  [ "$lan" = csma ] || out=$out-$lan
fi
[ $# -gt 0 ] || set -- 1000 10000 100000
prog=$build/teredo-scale-bench
[ -x "$prog" ] || { echo "no $prog: build first" >&2; exit 1; }
mkdir -p "$out"
dat=$out/scale.dat
echo "# N teredo_wall baseline_wall teredo_rss_mib baseline_rss_mib teredo_delivered baseline_delivered" > "$dat"
for n in "$@"; do
  echo "N=$n ..." >&2
  start=$(date +%s)
  "$prog" --clients="$n" --seconds="$seconds" --lan="$lan" --repeat="$repeat" > "$out/$n.txt"
  echo "N=$n took $(( $(date +%s) - start )) s" >&2
  awk -v n="$n" '
    /^ROW mode=teredo/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); t[kv[1]] = kv[2] } }
    /^ROW mode=baseline/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); b[kv[1]] = kv[2] } }
    END { printf "%d %s %s %.1f %.1f %s %s\n", n, t["wall"], b["wall"],
          t["rss-peak-kib"] / 1024, b["rss-peak-kib"] / 1024, t["delivered"], b["delivered"] }
  ' "$out/$n.txt" >> "$dat"
  grep '^|' "$out/$n.txt"
  if [ -n "$marginal" ]; then
    start=$(date +%s)
    "$prog" --clients="$n" --seconds="$marginal" --lan="$lan" --repeat="$repeat" > "$out/$n-$marginal.txt"
    echo "N=$n with $marginal s took $(( $(date +%s) - start )) s" >&2
    summary=$(cat "$out/$n.txt" "$out/$n-$marginal.txt" | awk -v n="$n" -v t1="$seconds" -v t2="$marginal" '
      /^ROW/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); r[kv[1]] = kv[2] }
               k = r["mode"] (seen[r["mode"]]++ ? 2 : 1)
               wall[k] = r["wall"]; ev[k] = r["events"]; del[k] = r["delivered"] }
      END {
        for (m = 0; m < 2; m++) {
          mode = m ? "baseline" : "teredo"
          d = del[mode 2] - del[mode 1]
          w[mode] = (wall[mode 2] - wall[mode 1]) / d * 1e6
          e[mode] = (ev[mode 2] - ev[mode 1]) / d
          printf "| marginal %s | %d | %s s -> %s s | %d more delivered | %.1f us wall per delivered | %.1f events per delivered |\n",
                 mode, n, t1, t2, d, w[mode], e[mode]
        }
        printf "| marginal ratio teredo/baseline | %d | %s s -> %s s | | %.3f (wall) | %.3f (events) |\n",
               n, t1, t2, w["teredo"] / w["baseline"], e["teredo"] / e["baseline"]
      }')
    echo "$summary"
    echo "$summary" >> "$out/$n.txt"
  fi
done
if command -v gnuplot > /dev/null; then
  gnuplot <<GP
set terminal png size 800,500
set logscale xy
set grid
set key top left
set xlabel "clients (N)"
set output "$out/scale-wall.png"
set ylabel "wall s of Simulator::Run ($seconds s traffic, $lan LANs)"
plot "$dat" using 1:2 with linespoints title "Teredo", "$dat" using 1:3 with linespoints title "baseline (plain IPv4 UDP)"
set output "$out/scale-rss.png"
set ylabel "peak RSS (MiB)"
plot "$dat" using 1:4 with linespoints title "Teredo", "$dat" using 1:5 with linespoints title "baseline (plain IPv4 UDP)"
GP
  echo "figures: $out/scale-wall.png $out/scale-rss.png" >&2
else
  echo "gnuplot not found (apt-get install -y gnuplot-nox): no figures" >&2
fi
