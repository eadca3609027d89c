#!/usr/bin/env bash
# Relay throughput benchmark: the highest rate of 64-byte UDP
# datagrams a Teredo relay forwards with no loss, ours in ns-3 emulation and
# Miredo's, in the same namespace layout, side by side. A benchmark, not a
# test: it measures and prints; it asserts nothing.
#
# Every path starts with the same Linux client side: a Miredo 1.2.6 client
# (namespace cli) behind a Linux NAT (namespace nat, iptables MASQUERADE),
# sending with udp-blast over its Teredo interface to a native IPv6 host.
#
#   ns3-relay  the like-for-like pair of miredo: the same all-Linux layout
#              (inet routes, miredo-server in srv, the host in host), with our
#              TeredoRelay in place of Miredo's: teredo-relay-bench
#              --world=relay, one ns-3 node on one dual-stack TAP, tb-rly,
#              whose Linux end is inet's side of the relay link. ns-3
#              simulates the relay alone.
#   ns3-host   our TeredoServer, TeredoRelay and IPv6-only host inside ns-3
#              (teredo-relay-bench --sink=ns3; the world of teredo-emulation
#              --role=infrastructure, the TAP tb-v4 on its IPv4 core, the NAT's
#              outside); the host's socket counts.
#   ns3-linux  the same ns-3 world with the relay's native side routed out:
#              the IPv6 core router has a second TAP, tb-v6 (3fff:0:ff::1/64),
#              moved into namespace host (3fff:0:ff::2), where udp-count counts.
#   ns3-linux-noqdisc  (not run by default) ns3-linux without the root queue
#              discs (FqCoDel) the topology helper installs on every device
#              (--qdisc=false), for the proposal in benchmarks/README.md.
#   miredo     all Linux: namespace inet is the IPv4 and IPv6 core router
#              (203.0.113.254 to the NAT; 2001::/32 routed to the relay);
#              miredo-server (192.0.2.1, .2; 3fff::2, sends the client's ping
#              tests natively) in srv; miredo with RelayType cone (198.51.100.1,
#              port 3544; 3fff:0:1::2) in rly; udp-count in host (3fff:0:ff::2).
#
#   cli 10.0.0.2 -- nat 10.0.0.1 [MASQ] 203.0.113.253 -- core .254 -- server 192.0.2.1,.2
#                                                             -- relay 198.51.100.1
#                                            IPv6 core -- server 3fff::2, relay 3fff:0:1::2,
#                                                         host 3fff:0:ff::2 (or 3fff:0:2::2)
#
# ns3-relay and miredo are the like-for-like pair (same server, routers,
# receiver; only the relay differs). ns3-linux shows what ns-3 costs when it
# also simulates the server and the two core routers, ns3-host (on request)
# when it also simulates the host.
#
# Per step (rate R, step number k): three pings from the client to the host
# (Miredo's ping test through the server, the relay's bubble: the path is up
# and the relay trusted), then udp-blast sends R x --seconds datagrams of
# --size bytes (UDP payload) paced at R per second, each tagged with k; the
# receiver counts those of step k. Loss = offered - received (send errors
# included; a step whose sender could not hold 98% of R counts as failed).
#
# Search per path: 10,000 pps first (loss, the ns-3 real-time verdict, relay
# CPU); then from --start (1,000) doubling until a step loses or --max is
# passed, then bisection (at most 5 steps, to 5%), then the rate found once
# more (the table says whether it held: "repeated" or "lost on repeat"). ns-3
# runs with SynchronizationMode=HardLimit, HardLimit=--hard-limit (100 ms):
# when it falls further behind real time it aborts ("Hard real-time limit
# exceeded"); that step counts as breached and lost, and the path (ns-3,
# Miredo, namespaces) is rebuilt for the next step.
#
# The table: path, loss-free rate (pps), loss at 10,000 pps, real-time breached
# at 10,000 pps, CPU seconds of the relay process during that step (ns-3's whole
# process, or every process of the relay's namespace) and over its whole search.
# Logs, per-step details and results.txt go to --out.
#
# Usage (root):
#   benchmarks/relay-throughput.sh [--build=DIR] [--out=DIR]
#       [--paths=ns3-relay,miredo,ns3-linux] [--seconds=4] [--size=64]
#       [--start=1000] [--max=128000] [--hard-limit=100ms] [--only-10k]
#       [--ns3-args="--qdisc=false ..."] [--perf]
# (--only-10k: the 10,000 pps step alone; --ns3-args: more teredo-relay-bench
# options; --perf: `perf record` the relay process during the 10,000 pps step,
# <path>-perf.data and <path>-perf.txt, its cost by library and by function.)
# Exit: 0 measured, 1 a path could not be set up, 77 no root / no TAP / no netns.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../scripts/interop-lib.sh
. "$here/../scripts/interop-lib.sh"

build="$here/../build"
out=""
paths="ns3-relay,miredo,ns3-linux"
seconds=4
size=64
start_rate=1000
max_rate=128000
hard_limit=100ms
only_10k=0
ns3_args=""
perf=0
for arg in "$@"; do
  case "$arg" in
    --build=*) build="${arg#*=}" ;;
    --out=*) out="${arg#*=}" ;;
    --paths=*) paths="${arg#*=}" ;;
    --seconds=*) seconds="${arg#*=}" ;;
    --size=*) size="${arg#*=}" ;;
    --start=*) start_rate="${arg#*=}" ;;
    --max=*) max_rate="${arg#*=}" ;;
    --hard-limit=*) hard_limit="${arg#*=}" ;;
    --only-10k) only_10k=1 ;;
    --ns3-args=*) ns3_args="${arg#*=}" ;;
    --perf) perf=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed '$d'
      exit 0
      ;;
    *)
      echo "unknown argument: $arg" >&2
      exit 2
      ;;
  esac
done
build="$(cd "$build" && pwd)"
out="${out:-$build/bench}"

interop_require_privileges
for p in teredo-relay-bench udp-blast udp-count; do
  [ -x "$build/$p" ] || interop_fail "no $build/$p: configure with -DTEREDO_BUILD_BENCHMARKS=ON and build"
done
interop_require_tools miredo:miredo miredo-server:miredo-server iptables:iptables ping:iputils-ping
if [ "$perf" = 1 ] && ! command -v perf >/dev/null 2>&1; then
  interop_fail "--perf: no perf command (Debian: linux-perf)"
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$out/relay-throughput"
rm -rf "$work"
mkdir -p "$work"
ulimit -c 0 # an ns-3 abort on a real-time breach leaves no core file

trap interop_cleanup EXIT
trap 'exit 130' INT TERM

clk_tck=$(getconf CLK_TCK)
port=9000
server=192.0.2.1
step_no=0
t_begin=$SECONDS

log() { interop_log "$*" | tee -a "$work/steps.txt"; }

# --- namespaces ---------------------------------------------------------------
cli="tb-cli-$INTEROP_SUFFIX"
nat="tb-nat-$INTEROP_SUFFIX"
host="tb-host-$INTEROP_SUFFIX"
inet="tb-inet-$INTEROP_SUFFIX"
srv="tb-srv-$INTEROP_SUFFIX"
rly="tb-rly-$INTEROP_SUFFIX"

# The state of the path being measured.
PATH_NAME=""    # ns3-relay, ns3-host, ns3-linux or miredo
DEST=""         # the host's IPv6 address
NS3_PID=""      # the ns-3 program (ns3-* paths)
NS3_LOG=""      # its output
NAT_OUT=""      # the NAT's outside interface (tb-v4 or nat-out)
SETUPS=0        # how often the path was built (1 + rebuilds after breaches)
LAST_TICKS=0    # the relay's CPU ticks when last sampled (its process lifetime)
PATH_TICKS=0    # ticks of the relay processes of this path that ended

# ns3_setup SINK [OPTION...]: the ns-3 world in namespace nat (its TAP is the
# NAT's outside); OPTIONs go to teredo-relay-bench.
ns3_setup() {
  local sink="$1"
  shift
  interop_netns "$nat"
  interop_netns "$cli"
  interop_nat_site "$nat" "$cli" tb-v4
  NS3_LOG="$work/$PATH_NAME-ns3-$SETUPS.log"
  local extra=()
  read -r -a extra <<<"$ns3_args"
  interop_start "$nat" "$NS3_LOG" "$build/teredo-relay-bench" --tap=tb-v4 \
    --gateway=203.0.113.253 --sink="$sink" --tap6=tb-v6 --port="$port" --sync=hard \
    --hard-limit="$hard_limit" "$@" "${extra[@]}"
  NS3_PID=$INTEROP_LAST_PID
  ns3_ready() { grep -q '^ready$' "$NS3_LOG"; }
  interop_wait 30 "teredo-relay-bench's ready line" ns3_ready
  ip -n "$nat" route add default via 203.0.113.254 dev tb-v4
  NAT_OUT=tb-v4
  if [ "$sink" = linux ]; then
    interop_netns "$host"
    ip -n "$nat" link set tb-v6 netns "$host"
    ip -n "$host" link set tb-v6 up
    ip -n "$host" addr add 3fff:0:ff::2/64 dev tb-v6 nodad
    ip -n "$host" -6 route add 2001::/32 via 3fff:0:ff::1 dev tb-v6
    ip -n "$host" -6 route add 3fff::/20 via 3fff:0:ff::1 dev tb-v6
    DEST=3fff:0:ff::2
  else
    DEST=$(sed -n 's/^host \([0-9a-f:]*\)$/\1/p' "$NS3_LOG")
  fi
}

# linux_setup RELAY: the all-Linux layout (namespace inet routes; miredo-server
# in srv; the host in host) with RELAY on inet's link 198.51.100.0/30 and
# 3fff:0:1::/64: miredo, a Miredo relay in namespace rly on a veth; or ns3,
# teredo-relay-bench --world=relay, whose one node is our TeredoRelay on a
# TAP, tb-rly, created in inet (the TAP's Linux end is inet's side of the link).
linux_setup() {
  local relay="$1" ns
  for ns in "$nat" "$cli" "$inet" "$srv" "$host"; do
    interop_netns "$ns"
  done
  interop_nat_site "$nat" "$cli" nat-out
  ip netns exec "$inet" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
  interop_veth "$nat" nat-out "$inet" i-nat
  ip -n "$nat" addr add 203.0.113.253/30 dev nat-out
  ip -n "$inet" addr add 203.0.113.254/30 dev i-nat
  ip -n "$nat" route add default via 203.0.113.254
  interop_veth "$srv" s-in "$inet" i-srv
  ip -n "$srv" addr add 192.0.2.1/24 dev s-in
  ip -n "$srv" addr add 192.0.2.2/24 dev s-in
  ip -n "$srv" addr add 3fff::2/64 dev s-in nodad
  ip -n "$inet" addr add 192.0.2.254/24 dev i-srv
  ip -n "$inet" addr add 3fff::1/64 dev i-srv nodad
  ip -n "$srv" route add default via 192.0.2.254
  ip -n "$srv" -6 route add default via 3fff::1
  interop_veth "$host" h-in "$inet" i-host
  ip -n "$host" addr add 3fff:0:ff::2/64 dev h-in nodad
  ip -n "$inet" addr add 3fff:0:ff::1/64 dev i-host nodad
  ip -n "$host" -6 route add default via 3fff:0:ff::1
  NAT_OUT="nat-out"
  DEST=3fff:0:ff::2

  local dir="$work/$PATH_NAME-$SETUPS"
  mkdir -p "$dir"
  printf 'ServerBindAddress 192.0.2.1\nServerBindAddress2 192.0.2.2\n' >"$dir/server.conf"
  interop_start "$srv" "$dir/server.log" miredo-server -f -c "$dir/server.conf" -p "$dir/server.pid"

  local relay_if
  if [ "$relay" = miredo ]; then
    interop_netns "$rly"
    ip netns exec "$rly" sysctl -qw net.ipv6.conf.all.forwarding=1
    interop_veth "$rly" r-in "$inet" i-rly
    ip -n "$rly" addr add 198.51.100.1/30 dev r-in
    ip -n "$rly" addr add 3fff:0:1::2/64 dev r-in nodad
    ip -n "$inet" addr add 198.51.100.2/30 dev i-rly
    ip -n "$rly" route add default via 198.51.100.2
    ip -n "$rly" -6 route add default via 3fff:0:1::1
    printf 'RelayType cone\nInterfaceName teredo-rly\nBindAddress 198.51.100.1\nBindPort 3544\n' \
      >"$dir/relay.conf"
    interop_start "$rly" "$dir/relay.log" miredo -f -c "$dir/relay.conf" -p "$dir/relay.pid"
    relay_up() { ip -n "$rly" link show teredo-rly | grep -q 'UP'; }
    interop_wait 20 "the Miredo relay's interface teredo-rly" relay_up
    relay_if="i-rly"
  else
    NS3_LOG="$work/$PATH_NAME-ns3-$SETUPS.log"
    local extra=()
    read -r -a extra <<<"$ns3_args"
    interop_start "$inet" "$NS3_LOG" "$build/teredo-relay-bench" --world=relay --tap=tb-rly \
      --gateway=198.51.100.2 --address=198.51.100.1 --gateway6=3fff:0:1::1 \
      --address6=3fff:0:1::2 --sync=hard --hard-limit="$hard_limit" "${extra[@]}"
    NS3_PID=$INTEROP_LAST_PID
    ns3_ready() { grep -q '^ready$' "$NS3_LOG"; }
    interop_wait 30 "teredo-relay-bench's ready line" ns3_ready
    relay_if="tb-rly"
  fi
  ip -n "$inet" addr add 3fff:0:1::1/64 dev "$relay_if" nodad
  ip -n "$inet" -6 route add 2001::/32 via 3fff:0:1::2 dev "$relay_if"
  server_listening() { ip netns exec "$srv" ss -uln | grep -q '192.0.2.2:3544'; }
  interop_wait 20 "miredo-server on 192.0.2.1:3544 and 192.0.2.2:3544" server_listening
}

# path_setup: build the current path and start the Miredo client.
path_setup() {
  SETUPS=$((SETUPS + 1))
  case "$PATH_NAME" in
    ns3-host) ns3_setup ns3 ;;
    ns3-linux) ns3_setup linux ;;
    ns3-linux-noqdisc) ns3_setup linux --qdisc=false ;;
    ns3-relay) linux_setup ns3 ;;
    miredo) NS3_PID="" && linux_setup miredo ;;
  esac
  local dir="$work/$PATH_NAME-client-$SETUPS"
  mkdir -p "$dir"
  interop_miredo_client "$cli" "$dir" "$server" >>"$work/steps.txt"
  warm_up || interop_fail "$PATH_NAME: no ping reply from $DEST through the relay"
}

# path_teardown: count the relay's CPU, stop everything, delete the namespaces.
path_teardown() {
  sample_cpu
  PATH_TICKS=$((PATH_TICKS + LAST_TICKS))
  LAST_TICKS=0
  interop_cleanup
  NS3_PID=""
}

# sample_cpu: LAST_TICKS = the relay's CPU ticks now, if it still runs (an
# ns-3 process that aborted keeps its last sample).
sample_cpu() {
  if [ -z "$NS3_PID" ] || kill -0 "$NS3_PID" 2>/dev/null; then
    LAST_TICKS=$(cpu_ticks)
  fi
}

# warm_up: Miredo's ping test and the relay's bubble, so that the blast goes
# straight through a trusted relay. Succeeds when a reply came back.
warm_up() {
  local replies
  replies=$(ip netns exec "$cli" ping -6 -n -c 3 -i 0.3 -W 2 "$DEST" 2>&1 |
    sed -n 's/.* \([0-9]*\) received.*/\1/p')
  [ "${replies:-0}" -gt 0 ]
}

# cpu_ticks [NS]: user + system ticks of the relay (the ns-3 process, or every
# process in the Miredo relay's namespace), or of every process in NS.
cpu_ticks() {
  local pids p total=0 stat
  if [ -n "${1:-}" ]; then
    pids=$(ip netns pids "$1" 2>/dev/null || true)
  elif [ -n "$NS3_PID" ]; then
    pids="$NS3_PID"
  else
    pids=$(ip netns pids "$rly" 2>/dev/null || true)
  fi
  for p in $pids; do
    stat=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    stat="${stat##*) }" # fields from the third on
    # shellcheck disable=SC2086
    set -- $stat
    total=$((total + ${12} + ${13}))
  done
  echo "$total"
}

# ifstat NS IF FIELD: a counter of an interface (0 if it is gone).
ifstat() {
  ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3" 2>/dev/null || echo 0
}

# perf_start: sample the relay's processes (call graphs) while the blast runs.
perf_start() {
  local pids
  if [ -n "$NS3_PID" ]; then
    pids="$NS3_PID"
  else
    pids=$(ip netns pids "$rly" | paste -sd, -)
  fi
  perf record -F 999 -g -p "$pids" -o "$work/$PATH_NAME-perf.data" -- sleep $((seconds - 1)) \
    >"$work/$PATH_NAME-perf.log" 2>&1 &
  INTEROP_LAST_PID=$!
  INTEROP_PIDS+=("$INTEROP_LAST_PID")
}

# perf_summary: the relay's cost by library and by function (self), from perf_start.
perf_summary() {
  local data="$work/$PATH_NAME-perf.data" txt="$work/$PATH_NAME-perf.txt"
  {
    echo "== by library (self)"
    perf report -i "$data" --no-children --sort dso -g none --stdio 2>/dev/null |
      grep -v '^#' | grep . | head -20 || true
    echo "== by function (self)"
    perf report -i "$data" --no-children --sort dso,sym -g none --stdio 2>/dev/null |
      grep -v '^#' | grep . | head -40 || true
  } >"$txt"
  log "  perf of the relay during the step: $txt"
  sed -n '2,8p' "$txt" | sed 's/^/    /' | tee -a "$work/steps.txt"
}

# udp_rcvbuf_errors NS: UDP datagrams NS dropped for a full socket buffer.
udp_rcvbuf_errors() {
  # shellcheck disable=SC2016 # awk's own fields
  ip netns exec "$1" awk '$1 == "Udp:" && $2 ~ /^[0-9]/ { print $6; f = 1 } END { if (!f) print 0 }' \
    /proc/net/snmp 2>/dev/null || echo 0
}

# ns3_report: ask the ns-3 program for a report line (SIGUSR1); prints it.
# Fails when the program is gone.
ns3_report() {
  local before i
  before=$(grep -c '^report ' "$NS3_LOG" || true)
  kill -USR1 "$NS3_PID" 2>/dev/null || return 1
  for ((i = 0; i < 50; i++)); do
    if [ "$(grep -c '^report ' "$NS3_LOG" || true)" -gt "$before" ]; then
      grep '^report ' "$NS3_LOG" | tail -1
      return 0
    fi
    kill -0 "$NS3_PID" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# field LINE NAME: the word after NAME in LINE.
field() {
  awk -v f="$2" '{ for (i = 1; i < NF; i++) if ($i == f) { print $(i + 1); exit } }' <<<"$1"
}

# measure RATE: one step. Sets STEP_OK (1: no loss), STEP_LOSS, STEP_BREACH
# (yes/no/n/a), STEP_CPU (seconds of relay CPU during the step).
measure() {
  local rate="$1" count blast sent errors achieved rx="" cpu0 cpu1 detail="" rep0="" rep1=""
  step_no=$((step_no + 1))
  count=$((rate * seconds))
  STEP_BREACH="n/a"
  if [ -n "$NS3_PID" ]; then
    STEP_BREACH=no
  fi
  if ! warm_up; then
    log "  step $step_no: no ping reply before the step; rebuilding the path"
    path_teardown
    path_setup
  fi
  local counter_pid="" counter_log="$work/count-$step_no.log"
  if [ "$PATH_NAME" != ns3-host ]; then
    interop_start "$host" "$counter_log" "$build/udp-count" --port="$port" --step="$step_no" \
      --idle=1.5 --timeout=$((seconds + 20))
    counter_pid=$INTEROP_LAST_PID
    counter_listening() { grep -q '^listening' "$counter_log"; }
    interop_wait 5 "udp-count listening" counter_listening
  fi
  if [ -n "$NS3_PID" ]; then
    rep0=$(ns3_report || true)
  fi
  local out_tx0 out_drop0 cli_drop0
  out_tx0=$(ifstat "$nat" "$NAT_OUT" tx_packets)
  out_drop0=$(ifstat "$nat" "$NAT_OUT" tx_dropped)
  cli_drop0=$(ifstat "$cli" teredo tx_dropped)
  local udp_rly0 udp_host0 cli_cpu0
  udp_rly0=$(udp_rcvbuf_errors "$rly")
  udp_host0=$(udp_rcvbuf_errors "$host")
  cli_cpu0=$(cpu_ticks "$cli")
  cpu0=$(cpu_ticks)
  local perf_pid=""
  if [ "$perf" = 1 ] && [ "$rate" = 10000 ]; then
    perf_start
    perf_pid=$INTEROP_LAST_PID
  fi
  blast=$(ip netns exec "$cli" "$build/udp-blast" --dst="$DEST" --port="$port" --size="$size" \
    --rate="$rate" --count="$count" --step="$step_no" 2>>"$work/blast.err" || true)
  sent=$(field "$blast" sent)
  errors=$(field "$blast" errors)
  achieved=$(field "$blast" rate)
  if [ -n "$perf_pid" ]; then
    interop_wait_exit "$perf_pid" 30 || true
    perf_summary
  fi
  if [ -n "$counter_pid" ]; then
    interop_wait_exit "$counter_pid" 30 || true
    rx=$(field "$(cat "$counter_log")" received)
  else
    sleep 1.5
  fi
  if [ -n "$NS3_PID" ]; then
    if rep1=$(ns3_report); then
      if [ "$PATH_NAME" = ns3-host ]; then
        rx=$(awk -v s="$step_no" '{ for (i = 1; i < NF; i++)
          if ($i == "step" && $(i + 1) == s) { print $(i + 2); exit } }' <<<"$rep1")
      fi
    elif grep -q 'Hard real-time limit exceeded' "$NS3_LOG"; then
      STEP_BREACH=yes
    else
      STEP_BREACH=died
    fi
  fi
  cpu1=$(cpu_ticks)
  sample_cpu
  rx=${rx:-0}
  if [ "$STEP_BREACH" = yes ] || [ "$STEP_BREACH" = died ]; then
    rx=0
  fi
  if [ "$STEP_BREACH" = yes ] || [ "$STEP_BREACH" = died ]; then
    STEP_CPU="n/a"
  else
    STEP_CPU=$(awk -v a="$cpu0" -v b="$cpu1" -v t="$clk_tck" 'BEGIN { printf "%.2f", (b - a) / t }')
  fi
  STEP_LOSS=$((count - rx))
  STEP_OK=0
  local sender_ok=1
  awk -v a="${achieved:-0}" -v r="$rate" 'BEGIN { exit !(a >= 0.98 * r) }' || sender_ok=0
  if [ "$STEP_LOSS" -eq 0 ] && [ "$sender_ok" = 1 ] && [ "$STEP_BREACH" != yes ]; then
    STEP_OK=1
  fi
  detail="nat-out tx $(($(ifstat "$nat" "$NAT_OUT" tx_packets) - out_tx0))"
  detail+=" drop $(($(ifstat "$nat" "$NAT_OUT" tx_dropped) - out_drop0))"
  detail+="; client teredo tx-drop $(($(ifstat "$cli" teredo tx_dropped) - cli_drop0))"
  detail+=" miredo cpu $(awk -v a="$cli_cpu0" -v b="$(cpu_ticks "$cli")" -v t="$clk_tck" \
    'BEGIN { printf "%.2f", (b - a) / t }') s"
  detail+="; UDP rcvbuf errors: host $(($(udp_rcvbuf_errors "$host") - udp_host0))"
  if [ -n "$rep0" ] && [ -n "$rep1" ]; then
    local f
    detail+="; ns-3:"
    for f in tap-rx relay-rx relayed-to-native tap6-tx host-rx; do
      detail+=" $f $(($(field "$rep1" "$f") - $(field "$rep0" "$f")))"
    done
    detail+=" lag-max-ms $(field "$rep1" lag-max-ms)"
    if [ "$(field "$rep1" relay-drops)" != "$(field "$rep0" relay-drops)" ]; then
      detail+=" relay-drops $(($(field "$rep1" relay-drops) - $(field "$rep0" relay-drops)))"
    fi
  elif [ "$PATH_NAME" = miredo ]; then
    detail+=", relay $(($(udp_rcvbuf_errors "$rly") - udp_rly0))"
  fi
  log "  step $step_no $PATH_NAME rate $rate: offered $count sent ${sent:-?} errors ${errors:-?}" \
    "achieved ${achieved:-?} pps, received $rx, loss $STEP_LOSS" \
    "$([ "$sender_ok" = 1 ] || echo '(sender below 98% of the rate) ')" \
    "breach $STEP_BREACH, relay cpu ${STEP_CPU} s | $detail"
  if [ "$STEP_BREACH" = yes ] || [ "$STEP_BREACH" = died ]; then
    log "  ns-3 aborted: $(grep -m1 -o 'Hard real-time limit exceeded.*' "$NS3_LOG" || tail -1 "$NS3_LOG")"
    path_teardown
    path_setup
  fi
}

# run_path NAME: the 10,000 pps step and the search; appends a table row.
ROWS=()
run_path() {
  PATH_NAME="$1"
  SETUPS=0
  log "=== $PATH_NAME: setting up"
  path_setup
  local t0=$SECONDS
  PATH_TICKS=0
  log "=== $PATH_NAME: host $DEST; 10,000 pps for $seconds s"
  measure 10000
  local loss10k="$STEP_LOSS" breach10k="$STEP_BREACH" cpu10k="$STEP_CPU" pct
  pct=$(awk -v l="$STEP_LOSS" -v n=$((10000 * seconds)) 'BEGIN { printf "%.2f", 100 * l / n }')
  local good=0 bad=0 rate="$start_rate" n=0 confirm=""
  if [ "$only_10k" = 0 ]; then
    log "=== $PATH_NAME: search from $start_rate pps, doubling"
    while [ "$rate" -le "$max_rate" ]; do
      measure "$rate"
      if [ "$STEP_OK" = 1 ]; then good=$rate; rate=$((rate * 2)); else bad=$rate; break; fi
    done
    while [ "$bad" -gt 0 ] && [ "$n" -lt 5 ]; do
      local tol=$((bad / 20 > 250 ? bad / 20 : 250)) mid
      [ $((bad - good)) -le "$tol" ] && break
      mid=$(((good + bad) / 2 / 100 * 100))
      [ "$mid" -le "$good" ] && break
      measure "$mid"
      if [ "$STEP_OK" = 1 ]; then good=$mid; else bad=$mid; fi
      n=$((n + 1))
    done
    # The edge is noisy (two shared CPUs): say whether the rate found holds
    # once more.
    if [ "$good" -gt 0 ]; then
      log "=== $PATH_NAME: $good pps once more"
      measure "$good"
      if [ "$STEP_OK" = 1 ]; then confirm="repeated"; else confirm="lost on repeat"; fi
    fi
  fi
  path_teardown
  local total_cpu
  total_cpu=$(awk -v t="$PATH_TICKS" -v c="$clk_tck" 'BEGIN { printf "%.1f", t / c }')
  if [ "$SETUPS" -gt 1 ]; then
    total_cpu="$total_cpu ($SETUPS runs)"
  fi
  local found="$good"
  if [ "$only_10k" = 1 ]; then
    found="-"
  elif [ "$bad" = 0 ]; then
    found=">= $good"
  elif [ "$good" = 0 ]; then
    found="< $bad"
  fi
  if [ "$only_10k" = 0 ]; then
    log "=== $PATH_NAME: loss-free up to $found pps${confirm:+ ($confirm)}" \
      "(first failing step: ${bad} pps), $((SECONDS - t0)) s"
  fi
  if [ -n "$confirm" ]; then
    found="$found ($confirm)"
  fi
  ROWS+=("$PATH_NAME|$found|$loss10k ($pct%)|$breach10k|$cpu10k|$total_cpu")
}

log "relay throughput benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs" \
  "($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)), kernel $(uname -r)"
log "datagrams of $size bytes (UDP payload), $seconds s per step, paths $paths; logs in $work"
IFS=, read -r -a path_list <<<"$paths"
for p in "${path_list[@]}"; do
  case "$p" in
    ns3-host | ns3-linux | ns3-linux-noqdisc | ns3-relay | miredo) run_path "$p" ;;
    *) interop_fail "unknown path $p (ns3-relay, ns3-linux, miredo, ns3-host, ns3-linux-noqdisc)" ;;
  esac
done

{
  echo
  echo "Relay throughput, ${size}-byte UDP datagrams, $seconds s per step ($(date -u '+%Y-%m-%d'), $(nproc) CPUs, $((SECONDS - t_begin)) s)"
  local_format='%-17s | %-24s | %-15s | %-18s | %-15s | %s\n'
  # shellcheck disable=SC2059 # one format for every row
  printf "$local_format" "path" "loss-free (pps)" "loss at 10k pps" "RT breached at 10k" \
    "relay CPU s 10k" "relay CPU s total"
  printf '%s\n' "------------------+--------------------------+-----------------+--------------------+-----------------+------------------"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r a b c d e f <<<"$row"
    # shellcheck disable=SC2059
    printf "$local_format" "$a" "$b" "$c" "$d" "$e" "$f"
  done
  echo "(loss at 10k: datagrams of $((10000 * seconds)) lost; RT: ns-3 HardLimit $hard_limit; relay CPU: user+system seconds)"
} | tee "$work/results.txt"
