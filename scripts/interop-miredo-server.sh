#!/usr/bin/env bash
# Interoperability: our TeredoClient inside ns-3 (teredo-emulation --role=client,
# behind the ns-3 NAT model) qualifies against a real miredo-server 1.2.6.
#
#   tq-emu-N                                                  tq-srv-N
#   [ns-3: client 10.0.0.2 -- NAT -- 203.0.113.1] tap-teredo
#                         203.0.113.254 (Linux end), 192.0.2.254 --- 192.0.2.1, 192.0.2.2
#                                                                   miredo-server
#
# Three runs against the same miredo-server:
#   rfc5991 behind port-restricted-cone: qualified, cone flag clear;
#   rfc4380 behind full-cone: qualified, cone flag set (the cone RS answered
#     from the server's other address passes the NAT);
#   rfc4380 behind port-restricted-cone: qualified, cone flag clear, NAT seen as
#     restricted through the secondary-address check.
# Each run checks the program's "qualified" line and exit status 0, the address
# decoded (server 192.0.2.1, mapped 203.0.113.1 and the port of the ns-3 NAT's
# "mapping udp" line, cone flag), which address miredo-server answered each
# cone RS from, and tshark's reading of the captures: outside the NAT (the Linux
# link toward the server) and inside it (the ns-3 pcap of the client's link).
#
# Usage (root; by hand or from CTest):
#   scripts/interop-miredo-server.sh [--build=DIR] [--emulation=PROGRAM]
#       [--wire-format=PROGRAM] [--out=DIR] [--duration=30]
# Exit: 0 pass, 1 fail, 77 skipped (not root, no /dev/net/tun, no ip netns).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=interop-lib.sh
. "$here/interop-lib.sh"

wire_format="" # this script takes --wire-format too
# seconds each ns-3 run lasts (RFC 4380 behind a port-restricted NAT needs ~14)
interop_options 30 "$@"
[ "$duration" -ge 20 ] || { echo "--duration must be at least 20" >&2; exit 2; }

interop_require_privileges
interop_require_programs "$emulation" "$wire_format"
interop_require_tools miredo-server:miredo-server tshark:tshark

interop_workdir miredo-server

server=192.0.2.1
server2=192.0.2.2
nat_outside=203.0.113.1

emu="tq-emu-$INTEROP_SUFFIX"
srv="tq-srv-$INTEROP_SUFFIX"
interop_log "namespaces $emu, $srv; output in $work"

# --- Linux side: the server's namespace, routed through the emulation's ------
interop_netns "$emu"
interop_netns "$srv"
interop_veth "$emu" to-srv "$srv" to-emu
ip -n "$emu" addr add 192.0.2.254/24 dev to-srv
ip netns exec "$emu" sysctl -qw net.ipv4.ip_forward=1
ip -n "$srv" addr add "$server/24" dev to-emu
ip -n "$srv" addr add "$server2/24" dev to-emu
ip -n "$srv" route add default via 192.0.2.254
# 203.0.113.0/24 is the TAP's subnet in $emu, connected there while ns-3 runs.

# --- the real miredo-server -------------------------------------------------
printf 'ServerBindAddress %s\nServerBindAddress2 %s\n' "$server" "$server2" >"$work/miredo-server.conf"
interop_start "$srv" "$work/miredo-server.log" \
  miredo-server -f -c "$work/miredo-server.conf" -p "$work/miredo-server.pid"
miredo_pid=$INTEROP_LAST_PID
server_listening() {
  kill -0 "$miredo_pid" || return 1
  local sockets
  sockets=$(ip netns exec "$srv" ss -Hnlu)
  grep -q "$server:3544 " <<<"$sockets" && grep -q "$server2:3544 " <<<"$sockets"
}
if ! server_listening; then
  interop_wait 20 "miredo-server on $server:3544 and $server2:3544" server_listening
fi
interop_log "miredo-server (pid $miredo_pid) listening on $server:3544 and $server2:3544:"
ip netns exec "$srv" ss -Hnlu | sed 's/^/  /'

# A capture over all runs on the server's own link.
interop_tshark_start "$srv" to-emu "$work/server-link.pcap"
tshark_server=$INTEROP_LAST_PID

# teredo_packets PCAP: one line per RS/RA: time src:port dst:port type v6src v6dst nonce
teredo_packets() {
  tshark -n -r "$1" -Y 'teredo && (icmpv6.type == 133 || icmpv6.type == 134)' \
    -T fields -E separator=' ' -e frame.time_relative -e ip.src -e udp.srcport \
    -e ip.dst -e udp.dstport -e icmpv6.type -e ipv6.src -e ipv6.dst \
    -e teredo.auth.nonce 2>/dev/null
}

# report_cone_rs PCAP: for every RS with the cone flag (in its link-local source),
# which server address answered (the RA echoing its nonce). Sets CONE_RS and
# CONE_FROM_SECONDARY (how many of them were answered from the other address).
report_cone_rs() {
  local lines t src sport dst dport type v6src nonce ra_src
  lines=$(teredo_packets "$1")
  CONE_RS=0
  CONE_FROM_SECONDARY=0
  while read -r t src sport dst dport type v6src _ nonce; do
    [ "$type" = 133 ] || continue
    interop_decode_teredo "$v6src"
    [ "$TEREDO_CONE" = 1 ] || continue
    CONE_RS=$((CONE_RS + 1))
    ra_src=$(awk -v n="$nonce" '$6 == 134 && $9 == n { print $2 ":" $3; exit }' <<<"$lines")
    if [ -z "$ra_src" ]; then
      interop_log "  cone RS (nonce $nonce, from $v6src) $src:$sport -> $dst:$dport at ${t}s: no RA"
    else
      interop_log "  cone RS (nonce $nonce, from $v6src) $src:$sport -> $dst:$dport at ${t}s:" \
        "miredo-server answered from $ra_src"
      [ "${ra_src%:*}" != "$dst" ] && CONE_FROM_SECONDARY=$((CONE_FROM_SECONDARY + 1))
    fi
  done <<<"$lines"
}

# run_case NAME NAT PROCEDURE CONE NATTYPE MIN_OUTSIDE MIN_INSIDE
run_case() {
  local name="$1" nat="$2" procedure="$3" want_cone="$4" want_type="$5"
  local min_out="$6" min_in="$7" log="$work/$name.log"
  interop_log ""
  interop_log "=== $name: ns-3 TeredoClient, procedure $procedure, behind $nat, against miredo-server"
  interop_tshark_start "$emu" to-srv "$work/$name-outside.pcap"
  local tshark_pid=$INTEROP_LAST_PID
  interop_start "$emu" "$log" "$emulation" --role=client --tap=tap-teredo \
    --nat="$nat" --procedure="$procedure" --server="$server" \
    --outside="$nat_outside" --duration="$duration" --pcap="$work/$name-ns3"
  local pid=$INTEROP_LAST_PID
  interop_wait_link "$emu" tap-teredo 30 "$pid"
  interop_wait_exit "$pid" $((duration + 30)) || interop_fail "$name: teredo-emulation still running after $((duration + 30)) s"
  local status=$INTEROP_EXIT
  interop_tshark_stop "$tshark_pid"
  sed 's/^/  ns-3: /' "$log"

  local qualified address cone mapped nat_map
  qualified=$(grep -m1 " qualified " "$log" || true)
  [ -n "$qualified" ] || interop_fail "$name: no 'qualified' line"
  [ "$status" -eq 0 ] || interop_fail "$name: teredo-emulation exited with $status"
  address=$(awk '{ print $3 }' <<<"$qualified")
  [[ "$qualified" == *" nat $want_type server $server cone $want_cone mapped $nat_outside:"* ]] ||
    interop_fail "$name: expected nat $want_type, server $server, cone $want_cone, mapped $nat_outside: in '$qualified'"
  mapped=${qualified##* mapped }
  # The ns-3 NAT's mapping of the client's socket (every one the NAT made).
  nat_map=$(sed -n 's/^[0-9.]* mapping udp [0-9.:]* -> \([0-9.:]*\)$/\1/p' "$log" | sort -u)
  [ -n "$nat_map" ] || interop_fail "$name: no 'mapping udp' line"
  [ "$nat_map" = "$mapped" ] || interop_fail "$name: qualified as $mapped, the NAT mapped '$nat_map'"
  interop_print_decoded "$address" "$wire_format"
  if [ "$TEREDO_PREFIX_OK" != 1 ] || [ "$TEREDO_SERVER" != "$server" ] ||
    [ "$TEREDO_CONE" != "$want_cone" ] || [ "$TEREDO_MAPPED:$TEREDO_PORT" != "$nat_map" ]; then
    interop_fail "$name: $address does not decode to server $server, cone $want_cone, mapped $nat_map"
  fi
  cone=$([ "$want_cone" = 1 ] && echo set || echo clear)
  interop_log "$name: qualified as $address, NAT $want_type, cone flag $cone," \
    "mapped $mapped = the ns-3 NAT's mapping"

  interop_log "$name: RS/RA outside the NAT (time src dst type v6src v6dst nonce):"
  teredo_packets "$work/$name-outside.pcap" |
    awk '{ printf "  %s %s:%s -> %s:%s %s %s -> %s nonce %s\n", $1, $2, $3, $4, $5, ($6 == 133 ? "RS" : "RA"), $7, $8, $9 }'
  report_cone_rs "$work/$name-outside.pcap"
  if [ "$procedure" = rfc4380 ]; then
    [ "$CONE_RS" -ge 1 ] || interop_fail "$name: no cone RS in the capture"
    [ "$CONE_FROM_SECONDARY" -eq "$CONE_RS" ] ||
      interop_fail "$name: $CONE_RS cone RS, only $CONE_FROM_SECONDARY answered from the other server address"
    interop_log "$name: miredo-server answered all $CONE_RS cone RS from the address it was not sent to ($server2)"
  else
    [ "$CONE_RS" -eq 0 ] || interop_fail "$name: the RFC 5991 procedure sent $CONE_RS cone RS"
  fi

  interop_tshark_check "$work/$name-outside.pcap" "$min_out" "$name outside the NAT"
  interop_tshark_check "$work/$name-ns3-0-1.pcap" "$min_in" "$name inside the NAT (ns-3 pcap)"
}

#        name                 NAT                  procedure cone type  outside inside
run_case rfc5991-port-restricted port-restricted-cone rfc5991 0 unknown 2 2
run_case rfc4380-full-cone full-cone rfc4380 1 cone 2 2
run_case rfc4380-port-restricted port-restricted-cone rfc4380 0 restricted 10 7

interop_log ""
interop_tshark_stop "$tshark_server"
interop_tshark_check "$work/server-link.pcap" 14 "miredo-server's link, all runs"
kill -0 "$miredo_pid" 2>/dev/null || interop_fail "miredo-server died"
interop_stop "$miredo_pid" || true
if [ -s "$work/miredo-server.log" ]; then
  sed 's/^/  miredo-server: /' "$work/miredo-server.log"
fi
interop_log "PASS: the ns-3 TeredoClient qualified against miredo-server with both procedures" \
  "(rfc5991 port-restricted: cone 0; rfc4380 full-cone: cone 1; rfc4380 port-restricted: cone 0, restricted)"
