#!/usr/bin/env bash
# Interoperability: a real Miredo 1.2.6 client, behind a Linux NAT (iptables
# MASQUERADE), qualifies against our ns-3 TeredoServer (teredo-emulation
# --role=server) and keeps its Teredo address across refreshes.
#
#   tq-cli-N                tq-nat-N                          tq-core-N
#   miredo  10.0.0.2 --- 10.0.0.1 [MASQUERADE] 198.51.100.1 --- 198.51.100.254
#                                                               192.0.2.254 tap-teredo
#                                                               [ns-3: server 192.0.2.1, .2]
#
# With --secure the ns-3 server runs with SecureQualification on: Miredo,
# which sends solicitations with a nonce and no client identifier, gets no
# advertisement and no address, and the server counts each of its
# solicitations as authentication-missing (checked ~20 s after Miredo starts).
#
# Checks: Miredo's address decodes to server 192.0.2.1 and to the NAT's mapping
# (198.51.100.1 and the port conntrack shows, which is also where every RA of
# the ns-3 server went); the same address ~10 s and ~130 s after start, with
# refresh RAs in between; tshark captures on the TAP and on both sides of the
# NAT hold Teredo packets and nothing malformed. Pcaps and logs go to --out.
#
# Usage (root; by hand or from CTest):
#   scripts/interop-miredo-client.sh [--build=DIR] [--emulation=PROGRAM]
#       [--wire-format=PROGRAM] [--out=DIR] [--duration=150] [--secure]
# Exit: 0 pass, 1 fail, 77 skipped (not root, no /dev/net/tun, no ip netns).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=interop-lib.sh
. "$here/interop-lib.sh"

wire_format="" # this script takes --wire-format too
secure=false
options=()
for arg in "$@"; do
  if [ "$arg" = --secure ]; then secure=true; else options+=("$arg"); fi
done
# seconds the ns-3 server runs; the second check is 130 s after Miredo starts
interop_options 150 "${options[@]}"
if $secure; then
  [ "$duration" -ge 35 ] || { echo "--duration must be at least 35 with --secure" >&2; exit 2; }
else
  [ "$duration" -ge 70 ] || { echo "--duration must be at least 70 (one refresh)" >&2; exit 2; }
fi

interop_require_privileges
interop_require_programs "$emulation" "$wire_format"
interop_require_tools miredo:miredo tshark:tshark conntrack:conntrack iptables:iptables

if $secure; then interop_workdir miredo-client-secure; else interop_workdir miredo-client; fi

server=192.0.2.1
nat_outside=198.51.100.1
check1=10                   # seconds after Miredo starts: first address check
check2=$((duration - 20))   # second check (from Miredo's start), after several refreshes
min_refresh_ras=$(((check2 - check1) / 30 - 1))
[ "$min_refresh_ras" -ge 1 ] || min_refresh_ras=1

core="tq-core-$INTEROP_SUFFIX"
nat="tq-nat-$INTEROP_SUFFIX"
cli="tq-cli-$INTEROP_SUFFIX"
interop_log "namespaces $core, $nat, $cli; output in $work"

# --- Linux side -------------------------------------------------------------
interop_netns "$core"
interop_netns "$nat"
interop_netns "$cli"
interop_veth "$core" to-nat "$nat" nat-out
interop_veth "$nat" nat-in "$cli" to-nat
ip -n "$core" addr add 198.51.100.254/24 dev to-nat
ip netns exec "$core" sysctl -qw net.ipv4.ip_forward=1
ip -n "$nat" addr add "$nat_outside/24" dev nat-out
ip -n "$nat" addr add 10.0.0.1/24 dev nat-in
ip -n "$nat" route add default via 198.51.100.254
ip netns exec "$nat" sysctl -qw net.ipv4.ip_forward=1
ip netns exec "$nat" iptables -t nat -A POSTROUTING -o nat-out -j MASQUERADE
ip -n "$cli" addr add 10.0.0.2/24 dev to-nat
ip -n "$cli" route add default via 10.0.0.1

# --- the ns-3 Teredo server -------------------------------------------------
server_options=()
if $secure; then server_options+=(--ns3::TeredoServer::SecureQualification=true); fi
interop_start "$core" "$work/teredo-emulation.log" \
  "$emulation" --role=server --tap=tap-teredo --duration="$duration" "${server_options[@]}"
ns3_pid=$INTEROP_LAST_PID
t_ns3=$SECONDS
interop_wait_link "$core" tap-teredo 30 "$ns3_pid"
interop_log "ns-3 server up (pid $ns3_pid): $(head -1 "$work/teredo-emulation.log")"

# --- captures: the server's TAP, both sides of the NAT ----------------------
interop_tshark_start "$core" tap-teredo "$work/server-tap.pcap"
tshark_tap=$INTEROP_LAST_PID
interop_tshark_start "$nat" nat-out "$work/nat-outside.pcap"
tshark_out=$INTEROP_LAST_PID
interop_tshark_start "$nat" nat-in "$work/nat-inside.pcap"
tshark_in=$INTEROP_LAST_PID

# --- the real Miredo client -------------------------------------------------
printf 'InterfaceName teredo\nServerAddress %s\n' "$server" >"$work/miredo.conf"
interop_start "$cli" "$work/miredo.log" \
  miredo -f -c "$work/miredo.conf" -p "$work/miredo.pid"
miredo_pid=$INTEROP_LAST_PID
t0=$SECONDS
interop_log "miredo started (pid $miredo_pid) in $cli, server $server"

if $secure; then
  interop_sleep_until $((t0 + 20))
  if grep -q "(address: " "$work/miredo.log"; then
    interop_fail "Miredo qualified against a server that asks for secure qualification"
  fi
  refused=$(grep -c "server-drop $nat_outside:[0-9]* authentication-missing" \
    "$work/teredo-emulation.log" || true)
  interop_log "ns-3 server: $refused solicitations refused as authentication-missing in 20 s"
  other=$(grep "server-drop" "$work/teredo-emulation.log" | grep -vc "authentication-missing" || true)
  [ "$refused" -ge 2 ] || interop_fail "expected Miredo's solicitations refused, saw $refused"
  [ "$other" -eq 0 ] || interop_fail "$other drops for other reasons"
  [ "$(grep -c " ra " "$work/teredo-emulation.log" || true)" -eq 0 ] ||
    interop_fail "the ns-3 server sent advertisements"
  interop_stop "$miredo_pid" || true
  interop_wait_exit "$ns3_pid" $((duration + 10)) || interop_fail "the ns-3 server did not end"
  [ "$INTEROP_EXIT" -eq 0 ] || interop_fail "teredo-emulation exited with $INTEROP_EXIT"
  for pid in "$tshark_tap" "$tshark_out" "$tshark_in"; do
    interop_tshark_stop "$pid"
  done
  interop_log "PASS: Miredo, with no client identifier or secret, refused by the ns-3" \
    "TeredoServer with SecureQualification on ($refused solicitations, authentication-missing)"
  exit 0
fi

miredo_has_address() { grep -q "(address: " "$work/miredo.log"; }
interop_wait 30 "Miredo's 'New Teredo address' line" miredo_has_address
address_line=$(grep "(address: " "$work/miredo.log" | head -1)
interop_log "miredo: $(grep -m1 "New Teredo address" "$work/miredo.log" || true)"
interop_log "miredo:$address_line  [after $((SECONDS - t0)) s]"
address=$(sed -n 's/.*(address: \([0-9a-f:]*\),.*/\1/p' <<<"$address_line")
[ -n "$address" ] || interop_fail "cannot read the address in: $address_line"

teredo_address() {
  ip -n "$cli" -6 addr show dev teredo scope global 2>/dev/null |
    sed -n 's/.*inet6 \([0-9a-f:]*\)\/.*/\1/p' | head -1
}
ra_count() { grep -c " ra " "$work/teredo-emulation.log" || true; }

# --- first check, ~10 s after start -----------------------------------------
interop_sleep_until $((t0 + check1))
addr1=$(teredo_address)
ras1=$(ra_count)
interop_log "t=$((SECONDS - t0)) s: ip -6 addr show dev teredo: $addr1; ns-3 server sent $ras1 RAs so far"
[ "$addr1" = "$address" ] || interop_fail "teredo interface has '$addr1', Miredo announced $address"

interop_print_decoded "$address" "$wire_format"
[ "$TEREDO_PREFIX_OK" = 1 ] || interop_fail "$address is not in 2001::/32"
[ "$TEREDO_SERVER" = "$server" ] || interop_fail "address names server $TEREDO_SERVER, not $server"
[ "$TEREDO_MAPPED" = "$nat_outside" ] ||
  interop_fail "address names mapped address $TEREDO_MAPPED, not the NAT's $nat_outside"
interop_log "cone flag $TEREDO_CONE (Miredo never sets it)"

# The NAT's own view of the mapping: conntrack's reply tuple (dst=, dport=).
# Sets CT_LINE, CT_ADDR, CT_PORT.
nat_mapping() {
  CT_LINE=$(ip netns exec "$nat" conntrack -L -p udp --orig-dst "$server" \
    --dport 3544 2>/dev/null | head -1)
  [ -n "$CT_LINE" ] || interop_fail "no conntrack entry toward $server:3544 in $nat"
  local fields
  fields=$(awk '{ for (i = 1; i <= NF; i++) {
    if ($i ~ /^dst=/ && ++n == 2) d = substr($i, 5)
    if ($i ~ /^dport=/ && ++m == 2) p = substr($i, 7) }
    print d, p }' <<<"$CT_LINE")
  read -r CT_ADDR CT_PORT <<<"$fields"
}
nat_mapping
interop_log "conntrack: $CT_LINE"
interop_log "NAT mapping (conntrack reply tuple): $CT_ADDR:$CT_PORT"
[ "$CT_ADDR" = "$nat_outside" ] || interop_fail "conntrack maps to $CT_ADDR, not $nat_outside"
[ "$TEREDO_PORT" = "$CT_PORT" ] ||
  interop_fail "address names mapped port $TEREDO_PORT, conntrack says $CT_PORT"
mapping="$CT_ADDR:$CT_PORT"

# Cross-check with where the ns-3 server sent its advertisements.
check_ra_targets() {
  local targets
  targets=$(sed -n 's/^[0-9.]* ra \([0-9.]*:[0-9]*\) from .*/\1/p' "$work/teredo-emulation.log" | sort -u)
  interop_log "ns-3 server sent RAs to: $(tr '\n' ' ' <<<"$targets")"
  [ "$targets" = "$mapping" ] ||
    interop_fail "ns-3 server's RAs went to '$targets', the NAT mapping is $mapping"
}
interop_log "ns-3 server: $(grep -m1 " ra " "$work/teredo-emulation.log")"
check_ra_targets

# --- second check, after several refreshes ----------------------------------
# Not later than 12 s before the ns-3 server's end, however slow the start was.
deadline=$((t0 + check2 < t_ns3 + duration - 12 ? t0 + check2 : t_ns3 + duration - 12))
interop_log "waiting until t=$((deadline - t0)) s for refreshes (every ~30 s)"
interop_sleep_until "$deadline"
addr2=$(teredo_address)
ras2=$(ra_count)
t2=$SECONDS
interop_log "t=$((t2 - t0)) s: ip -6 addr show dev teredo: $addr2; ns-3 server sent $ras2 RAs so far ($((ras2 - ras1)) since t=$check1 s)"
[ "$addr2" = "$address" ] || interop_fail "address changed from $address to '$addr2'"
announced=$(grep -c "(address: " "$work/miredo.log" || true)
[ "$announced" -eq 1 ] || interop_fail "Miredo announced $announced addresses"
[ $((ras2 - ras1)) -ge "$min_refresh_ras" ] ||
  interop_fail "only $((ras2 - ras1)) RAs between the checks, expected at least $min_refresh_ras refreshes"
nat_mapping
interop_log "conntrack: $CT_LINE"
[ "$CT_ADDR:$CT_PORT" = "$mapping" ] || interop_fail "the NAT mapping moved from $mapping to $CT_ADDR:$CT_PORT"
check_ra_targets
kill -0 "$miredo_pid" 2>/dev/null || interop_fail "miredo died"
kill -0 "$ns3_pid" 2>/dev/null || interop_fail "the ns-3 server ended early"

# --- stop everything, check the captures ------------------------------------
interop_stop "$miredo_pid" || true
interop_wait_exit "$ns3_pid" 40 || interop_fail "the ns-3 server did not end after --duration=$duration"
[ "$INTEROP_EXIT" -eq 0 ] || interop_fail "teredo-emulation exited with $INTEROP_EXIT"
interop_log "ns-3 server: $(grep '^summary' "$work/teredo-emulation.log")"
if grep -q "server-drop" "$work/teredo-emulation.log"; then
  grep "server-drop" "$work/teredo-emulation.log"
  interop_fail "the ns-3 server dropped datagrams from Miredo"
fi
for pid in "$tshark_tap" "$tshark_out" "$tshark_in"; do
  interop_tshark_stop "$pid"
done
min_teredo=$((2 * (1 + min_refresh_ras))) # RS and RA: qualification, refreshes
interop_tshark_check "$work/server-tap.pcap" "$min_teredo" "server TAP"
interop_tshark_check "$work/nat-outside.pcap" "$min_teredo" "NAT outside"
interop_tshark_check "$work/nat-inside.pcap" "$min_teredo" "NAT inside"

interop_log "PASS: Miredo qualified against the ns-3 TeredoServer as $address" \
  "(server $TEREDO_SERVER, mapped $TEREDO_MAPPED:$TEREDO_PORT = conntrack's mapping)," \
  "unchanged for $((t2 - t0)) s over $((ras2 - ras1)) refresh RAs"
