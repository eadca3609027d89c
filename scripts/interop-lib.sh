# shellcheck shell=bash
# Shared by scripts/interop-miredo-*.sh: network namespaces torn down on exit,
# processes started in them and stopped by PID, waiting, tshark captures and
# their checks, Teredo address decoding. Source it; it defines functions only
# (and the arrays they share), and sets no shell options of its own.
#
# Exit codes the callers use: 0 pass, 1 fail, 77 skipped (CTest SKIP_RETURN_CODE).

# miredo, miredo-server, iptables, conntrack live in /usr/sbin.
case ":$PATH:" in
  *:/usr/sbin:*) ;;
  *) PATH="$PATH:/usr/sbin:/sbin" ;;
esac

# Per-run state, filled by the functions below and emptied by interop_cleanup.
INTEROP_NETNS=()   # namespaces to delete, in creation order
INTEROP_PIDS=()    # processes to stop, in start order (stopped in reverse)
INTEROP_SUFFIX="$$" # appended to every namespace name: parallel runs do not collide
# shellcheck disable=SC2034 # set here, read by the scripts that source this file
INTEROP_LAST_PID="" # the process interop_start started last
# shellcheck disable=SC2034
INTEROP_EXIT=0 # exit status found by interop_wait_exit
# Extra options for every tshark that reads a capture here (checks, traces), e.g.
# (--enable-heuristic teredo_udp) to read Teredo between clients, off port 3544.
INTEROP_TSHARK_OPTS=()

interop_log() { printf '%s\n' "$*"; }

interop_fail() {
  printf 'FAIL: %s\n' "$*"
  exit 1
}

interop_skip() {
  printf 'SKIPPED: %s\n' "$*"
  exit 77
}

# interop_options DURATION [ARG...]: parse the options every interop
# script takes: --build=DIR (default: build/ beside scripts/), --emulation=PROGRAM
# (default DIR/teredo-emulation), --out=DIR (default DIR/interop), --duration=S
# (default DURATION); and --wire-format=PROGRAM (default
# DIR/teredo-wire-format-example) for scripts that set wire_format="" before the
# call, refused by the others. -h and --help print the script's opening
# comment. Sets build, emulation, wire_format, out and duration.
# shellcheck disable=SC2034 # the scripts read what it sets
interop_options() {
  local arg
  duration=$1
  shift
  build="$(cd "$(dirname "$0")" && pwd)/../build"
  emulation=""
  out=""
  for arg in "$@"; do
    case "$arg" in
      --build=*) build="${arg#*=}" ;;
      --emulation=*) emulation="${arg#*=}" ;;
      --out=*) out="${arg#*=}" ;;
      --duration=*) duration="${arg#*=}" ;;
      --wire-format=*)
        if [ -z "${wire_format+set}" ]; then
          echo "unknown argument: $arg" >&2
          exit 2
        fi
        wire_format="${arg#*=}"
        ;;
      -h | --help)
        awk 'NR > 1 && !/^#/ { exit } NR > 1 { print }' "$0"
        exit 0
        ;;
      *)
        echo "unknown argument: $arg" >&2
        exit 2
        ;;
    esac
  done
  emulation="${emulation:-$build/teredo-emulation}"
  if [ -n "${wire_format+set}" ]; then
    wire_format="${wire_format:-$build/teredo-wire-format-example}"
  fi
  out="${out:-$build/interop}"
}

# interop_require_programs PROGRAM...: fail unless each was built.
interop_require_programs() {
  local program
  for program in "$@"; do
    [ -x "$program" ] || interop_fail "no program $program (build first)"
  done
}

# interop_workdir NAME: make $out absolute, start $out/NAME afresh as $work, and
# clean up (processes, namespaces) on exit, INT and TERM.
interop_workdir() {
  mkdir -p "$out"
  out="$(cd "$out" && pwd)"
  work="$out/$1"
  rm -rf "$work"
  mkdir -p "$work"
  trap interop_cleanup EXIT
  trap 'exit 130' INT TERM
}

# Skip (exit 77) unless we can build the Linux side: root, /dev/net/tun, ip netns.
interop_require_privileges() {
  [ "$(id -u)" -eq 0 ] || interop_skip "needs root (network namespaces, a TAP device, iptables)"
  [ -c /dev/net/tun ] || interop_skip "no /dev/net/tun: TAP devices unavailable"
  command -v ip >/dev/null 2>&1 || interop_skip "no ip command (iproute2)"
  ip netns list >/dev/null 2>&1 || interop_skip "'ip netns' does not work here"
  local probe="tq-probe-$INTEROP_SUFFIX"
  if ! ip netns add "$probe" >/dev/null 2>&1; then
    interop_skip "cannot create a network namespace"
  fi
  ip netns del "$probe"
}

# interop_require_tools CMD:PACKAGE ...: install the packages of missing commands
# with apt-get (we are root here: interop_require_privileges ran first).
interop_require_tools() {
  local missing=() spec cmd pkg
  for spec in "$@"; do
    cmd="${spec%%:*}"
    pkg="${spec#*:}"
    if ! command -v "$cmd" >/dev/null 2>&1; then
      missing+=("$pkg")
    fi
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  interop_log "installing missing packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  echo 'wireshark-common wireshark-common/install-setuid boolean false' |
    debconf-set-selections 2>/dev/null || true
  apt-get update -q >/dev/null || interop_fail "apt-get update failed"
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
    interop_fail "apt-get install ${missing[*]} failed"
  for spec in "$@"; do
    cmd="${spec%%:*}"
    command -v "$cmd" >/dev/null 2>&1 ||
      interop_fail "$cmd still missing after installing ${spec#*:}"
  done
}

# interop_netns NAME: create a namespace with lo up; deleted by interop_cleanup.
interop_netns() {
  ip netns add "$1" || interop_fail "cannot create namespace $1"
  INTEROP_NETNS+=("$1")
  ip -n "$1" link set lo up
}

# interop_veth NS1 IF1 NS2 IF2: a veth pair between two namespaces, both ends up.
interop_veth() {
  ip -n "$1" link add "$2" type veth peer name "$4" netns "$3"
  ip -n "$1" link set "$2" up
  ip -n "$3" link set "$4" up
}

# interop_start NS LOG CMD...: run CMD in namespace NS in the background, stdout
# and stderr to LOG. Sets INTEROP_LAST_PID (ip netns exec execs CMD, so this is
# CMD's own PID); the process is stopped by interop_cleanup unless stopped before.
interop_start() {
  local ns="$1" log="$2"
  shift 2
  ip netns exec "$ns" "$@" >"$log" 2>&1 &
  INTEROP_LAST_PID=$!
  INTEROP_PIDS+=("$INTEROP_LAST_PID")
}

# interop_stop PID [SECONDS]: SIGTERM, then SIGKILL after SECONDS (default 5);
# reaps it. Returns the process's exit status (or 0 if it was gone already).
interop_stop() {
  local pid="$1" grace="${2:-5}" i status=0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      interop_log "process $pid ignored SIGTERM for ${grace} s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || status=$?
  return "$status"
}

# interop_wait_exit PID SECONDS: wait for a process to end by itself; its exit
# status in INTEROP_EXIT. Returns 1 if it is still running after SECONDS.
# shellcheck disable=SC2034 # INTEROP_EXIT is read by the caller
interop_wait_exit() {
  local pid="$1" limit="$2" i
  for ((i = 0; i < limit * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && return 1
  INTEROP_EXIT=0
  wait "$pid" 2>/dev/null || INTEROP_EXIT=$?
  return 0
}

# Trap handler: stop every process we started (reverse order, by PID), then any
# process still left inside our own per-run namespaces (children of ours, such
# as Miredo's privileged helper or tshark's dumpcap), then delete the namespaces.
interop_cleanup() {
  local i ns pid
  for ((i = ${#INTEROP_PIDS[@]} - 1; i >= 0; i--)); do
    interop_stop "${INTEROP_PIDS[i]}" 3 >/dev/null 2>&1 || true
  done
  INTEROP_PIDS=()
  for ns in "${INTEROP_NETNS[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
      kill -KILL "$pid" 2>/dev/null || true
    done
  done
  for ns in "${INTEROP_NETNS[@]}"; do
    ip netns del "$ns" 2>/dev/null || true
  done
  INTEROP_NETNS=()
}

# interop_sleep_until T: sleep until $SECONDS reaches T, in short steps so that
# a signal's trap (cleanup) runs at once rather than after one long sleep.
interop_sleep_until() {
  while [ "$SECONDS" -lt "$1" ]; do
    sleep 0.5
  done
}

# interop_wait SECONDS DESCRIPTION CMD...: poll CMD every 0.2 s until it succeeds;
# fail naming DESCRIPTION after SECONDS.
interop_wait() {
  local limit="$1" what="$2" i
  shift 2
  for ((i = 0; i < limit * 5; i++)); do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.2
  done
  interop_fail "timed out after ${limit} s waiting for $what"
}

# interop_wait_link NS IF SECONDS [PID]: wait for a link (e.g. the TAP that exists
# only while the ns-3 program runs); fail at once if PID died meanwhile.
interop_wait_link() {
  local ns="$1" dev="$2" limit="$3" pid="${4:-}" i
  for ((i = 0; i < limit * 5; i++)); do
    ip -n "$ns" link show "$dev" >/dev/null 2>&1 && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      interop_fail "process $pid ended before $dev appeared in $ns"
    fi
    sleep 0.2
  done
  interop_fail "timed out after ${limit} s waiting for $dev in $ns"
}

# interop_tshark_start NS IF PCAP: capture on IF in NS into PCAP (pcap format);
# returns when tshark says it is capturing. Sets INTEROP_LAST_PID.
interop_tshark_start() {
  local ns="$1" dev="$2" pcap="$3"
  rm -f "$pcap"
  interop_start "$ns" "$pcap.log" tshark -n -q -i "$dev" -F pcap -w "$pcap"
  local pid="$INTEROP_LAST_PID" i
  for ((i = 0; i < 100; i++)); do
    grep -q "Capturing on" "$pcap.log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  cat "$pcap.log"
  interop_fail "tshark did not start capturing on $dev in $ns"
}

# interop_tshark_stop PID: stop a capture (SIGTERM: tshark flushes and closes the file).
interop_tshark_stop() {
  interop_stop "$1" 10 || true
}

# interop_tshark_check PCAP MIN LABEL: at least MIN Teredo packets, no malformed
# packet and no error-level expert info. Prints the counts.
interop_tshark_check() {
  local pcap="$1" min="$2" label="$3" total teredo bad
  [ -s "$pcap" ] || interop_fail "$label: no capture file $pcap"
  total=$(tshark "${INTEROP_TSHARK_OPTS[@]}" -n -r "$pcap" -T fields -e frame.number 2>/dev/null | wc -l)
  teredo=$(tshark "${INTEROP_TSHARK_OPTS[@]}" -n -r "$pcap" -Y teredo -T fields -e frame.number 2>/dev/null | wc -l)
  bad=$(tshark "${INTEROP_TSHARK_OPTS[@]}" -n -r "$pcap" -Y '_ws.malformed || _ws.expert.severity == error' \
    -T fields -e frame.number 2>/dev/null | wc -l)
  interop_log "tshark $label: $total frames, $teredo Teredo, $bad malformed or error-level expert info ($pcap)"
  if [ "$bad" -ne 0 ]; then
    tshark "${INTEROP_TSHARK_OPTS[@]}" -n -r "$pcap" -Y '_ws.malformed || _ws.expert.severity == error' 2>/dev/null | head -20
    interop_fail "$label: $bad malformed or error-level packets in $pcap"
  fi
  [ "$teredo" -ge "$min" ] || interop_fail "$label: $teredo Teredo packets in $pcap, expected at least $min"
}

# interop_expand_ipv6 ADDR: the eight 16-bit groups of ADDR as decimal numbers.
interop_expand_ipv6() {
  local addr="${1%%/*}" head tail groups=() h t i missing
  if [[ "$addr" == *::* ]]; then
    head="${addr%%::*}"
    tail="${addr#*::}"
  else
    head="$addr"
    tail=""
  fi
  local -a hs=() ts=()
  [ -n "$head" ] && IFS=: read -r -a hs <<<"$head"
  [ -n "$tail" ] && IFS=: read -r -a ts <<<"$tail"
  if [[ "$addr" == *::* ]]; then
    missing=$((8 - ${#hs[@]} - ${#ts[@]}))
  else
    missing=0
  fi
  for h in "${hs[@]}"; do groups+=("$((16#$h))"); done
  for ((i = 0; i < missing; i++)); do groups+=(0); done
  for t in "${ts[@]}"; do groups+=("$((16#$t))"); done
  [ "${#groups[@]}" -eq 8 ] || return 1
  echo "${groups[*]}"
}

# interop_decode_teredo ADDR: decode a Teredo address (RFC 4380 section 4) with
# bash arithmetic into TEREDO_PREFIX_OK (1/0), TEREDO_SERVER, TEREDO_FLAGS (hex),
# TEREDO_CONE (1/0), TEREDO_PORT and TEREDO_MAPPED (port and address un-obfuscated).
interop_decode_teredo() {
  local g
  g=$(interop_expand_ipv6 "$1") || interop_fail "not an IPv6 address: $1"
  local -a w
  read -r -a w <<<"$g"
  TEREDO_PREFIX_OK=$(((w[0] == 0x2001 && w[1] == 0) ? 1 : 0))
  TEREDO_SERVER="$((w[2] >> 8)).$((w[2] & 255)).$((w[3] >> 8)).$((w[3] & 255))"
  TEREDO_FLAGS=$(printf '0x%04x' "${w[4]}")
  TEREDO_CONE=$(((w[4] & 0x8000) ? 1 : 0))
  TEREDO_PORT=$((w[5] ^ 0xffff))
  local a=$((w[6] ^ 0xffff)) b=$((w[7] ^ 0xffff))
  TEREDO_MAPPED="$((a >> 8)).$((a & 255)).$((b >> 8)).$((b & 255))"
}

# interop_print_decoded ADDR [WIRE_FORMAT_EXAMPLE]: print the bash decoding and,
# when the module's example program is given, its own decoding; fail if they differ.
interop_print_decoded() {
  local addr="$1" example="${2:-}" line expected
  interop_decode_teredo "$addr"
  interop_log "decoded (bash): prefix $([ "$TEREDO_PREFIX_OK" = 1 ] && echo 2001::/32 || echo NOT-TEREDO)," \
    "server $TEREDO_SERVER, flags $TEREDO_FLAGS (cone $TEREDO_CONE)," \
    "mapped $TEREDO_MAPPED:$TEREDO_PORT"
  if [ -n "$example" ]; then
    line=$("$example" --address="$addr" | grep '^decoded:') ||
      interop_fail "$example --address=$addr printed no 'decoded:' line"
    interop_log "decoded (teredo-wire-format-example): ${line#decoded: }"
    expected="decoded: server $TEREDO_SERVER, $([ "$TEREDO_CONE" = 1 ] && echo cone || echo non-cone), mapped $TEREDO_MAPPED:$TEREDO_PORT"
    [ "$line" = "$expected" ] || interop_fail "decodings differ: '$line' vs '$expected'"
  fi
}

# interop_tshark_has PCAP FILTER: succeeds when some packet of PCAP matches the
# display FILTER.
interop_tshark_has() {
  tshark "${INTEROP_TSHARK_OPTS[@]}" -n -r "$1" -Y "$2" -T fields -e frame.number 2>/dev/null |
    grep -q .
}

# interop_teredo_trace PCAP [FILTER]: one line per Teredo datagram (and any
# further packets FILTER selects): time, outer source > destination, inner
# IPv6 source > destination, and what it is (bubble, echo request/reply, RS,
# RA, other ICMPv6 type, next header), with the origin indication if any. An
# ICMPv4 error is shown as such, with the ports and Teredo packet it quotes.
interop_teredo_trace() {
  local filter="teredo"
  [ -n "${2:-}" ] && filter="teredo || ($2)"
  tshark "${INTEROP_TSHARK_OPTS[@]}" -n -r "$1" -Y "$filter" -T fields -E separator='|' -E occurrence=f \
    -e frame.time_relative -e ip.src -e udp.srcport -e ip.dst -e udp.dstport \
    -e ipv6.src -e ipv6.dst -e ipv6.nxt -e icmpv6.type -e teredo.orig.addr \
    -e teredo.orig.port -e icmp.type -e icmp.code 2>/dev/null |
    awk -F'|' '{
      what = "next-header " $8
      if ($8 == 59) what = "bubble"
      else if ($8 == 58) {
        if ($9 == 128) what = "echo-request"
        else if ($9 == 129) what = "echo-reply"
        else if ($9 == 133) what = "RS"
        else if ($9 == 134) what = "RA"
        else what = "icmpv6-type-" $9
      }
      origin = ($10 != "" ? " (origin " $10 ":" $11 ")" : "")
      if ($12 != "") {
        # An ICMPv4 error: the ports and IPv6 fields are those of the datagram it quotes.
        printf "%8.3f %s > %s  ICMP type %s code %s, quoting :%s > :%s  %s > %s  %s\n",
          $1, $2, $4, $12, $13, $3, $5, $6, $7, what
        next
      }
      printf "%8.3f %s:%s > %s:%s  %s > %s  %s%s\n", $1, $2, $3, $4, $5, $6, $7, what, origin
    }'
}

# interop_nat_site NAT_NS CLI_NS OUTSIDE_IF: a Linux NAT (iptables MASQUERADE out
# of OUTSIDE_IF, which may not exist yet, e.g. a TAP made later) in NAT_NS, and
# a host behind it in CLI_NS: veth nat-in 10.0.0.1/24 -- to-nat 10.0.0.2/24,
# the host's default route through the NAT. The NAT's own outside address and
# default route are the caller's.
interop_nat_site() {
  local nat="$1" cli="$2" outside="$3"
  interop_veth "$nat" nat-in "$cli" to-nat
  ip -n "$nat" addr add 10.0.0.1/24 dev nat-in
  ip netns exec "$nat" sysctl -qw net.ipv4.ip_forward=1
  ip netns exec "$nat" iptables -t nat -A POSTROUTING -o "$outside" -j MASQUERADE
  ip -n "$cli" addr add 10.0.0.2/24 dev to-nat
  ip -n "$cli" route add default via 10.0.0.1
}

# interop_miredo_client NS DIR SERVER: start a Miredo client in NS (interface
# "teredo", config, log and pid file in DIR) against SERVER and wait (20 s at
# most) for its address. Sets MIREDO_PID and MIREDO_ADDRESS, and decodes the
# address (TEREDO_* as interop_decode_teredo).
interop_miredo_client() {
  local ns="$1" dir="$2" server="$3" t0=$SECONDS
  printf 'InterfaceName teredo\nServerAddress %s\n' "$server" >"$dir/miredo.conf"
  interop_start "$ns" "$dir/miredo.log" miredo -f -c "$dir/miredo.conf" -p "$dir/miredo.pid"
  MIREDO_PID=$INTEROP_LAST_PID
  interop_wait 20 "Miredo's 'New Teredo address' line" grep -q "(address: " "$dir/miredo.log"
  MIREDO_ADDRESS=$(sed -n 's/.*(address: \([0-9a-f:]*\),.*/\1/p' "$dir/miredo.log" | head -1)
  [ -n "$MIREDO_ADDRESS" ] || interop_fail "cannot read Miredo's address in $dir/miredo.log"
  interop_decode_teredo "$MIREDO_ADDRESS"
  interop_log "miredo (pid $MIREDO_PID) qualified with $server as $MIREDO_ADDRESS" \
    "(mapped $TEREDO_MAPPED:$TEREDO_PORT) after $((SECONDS - t0)) s"
}

# interop_ping NS LOG ADDRESS [COUNT]: ping -6 ADDRESS from NS (COUNT requests,
# 1 s apart, 3 s to wait for the last), output in LOG (also printed, indented).
# Sets PING_REPLIES to the number of replies.
interop_ping() {
  local ns="$1" log="$2" address="$3" count="${4:-5}"
  ip netns exec "$ns" ping -6 -n -c "$count" -i 1 -W 3 "$address" >"$log" 2>&1 || true
  sed 's/^/  /' "$log"
  PING_REPLIES=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$log")
  PING_REPLIES=${PING_REPLIES:-0}
}

# interop_summary_field LOG PREFIX FIELD: the word after FIELD on the line of
# LOG that starts with PREFIX (a teredo-emulation "summary ..." line).
interop_summary_field() {
  awk -v p="$2" -v f="$3" 'index($0, p) == 1 {
    for (i = 1; i < NF; i++) if ($i == f) { print $(i + 1); exit } }' "$1"
}
