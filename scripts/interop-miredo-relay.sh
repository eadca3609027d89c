#!/usr/bin/env bash
# Interoperability, relay: our TeredoClient inside ns-3 (teredo-emulation
# --role=client, behind the ns-3 NAT model, port-restricted cone) reaches a
# native IPv6 host in a Linux namespace through a real Miredo 1.2.6 relay
# (RelayType cone), qualified with a real miredo-server.
#
#   tq-emu-N (router, IPv4 and IPv6)                      tq-srv-N
#   [ns-3: client 10.0.0.2 -- NAT -- 203.0.113.1] tap-teredo     miredo-server
#        203.0.113.254 (Linux end), 192.0.2.254 --------------- 192.0.2.1, 192.0.2.2
#                                  3fff:0:3::1 ---------------- 3fff:0:3::2
#                                                             tq-rly-N
#                                  198.51.100.254 ------------- 198.51.100.10:3544 miredo
#                                  3fff:0:4::1 ---------------- 3fff:0:4::2  (RelayType cone)
#                                  2001::/32 via 3fff:0:4::2     2001::/32 dev teredo
#                                                             tq-host-N
#                                  3fff:0:2::1 ---------------- 3fff:0:2::2
#
# Why this layout: miredo-server sends a client's ping test (RFC 4380 5.2.9)
# out natively through a raw IPv6 socket, so its namespace has native IPv6 to
# the host; the relay needs native IPv6 too, and the IPv6 side routes the
# Teredo prefix to it (tq-emu-N routes 2001::/32 to the relay's namespace,
# where Miredo routes it into its teredo interface). ns-3 holds only the
# client and its NAT, as in interop.miredo-server.
#
# The path: our client's Ping6 to the host waits in its queue while its ping
# test goes through miredo-server to the host; the host's echo reply to our
# Teredo address reaches the Miredo relay, which queues it and sends an
# indirect bubble (source fe80::<hash>) through miredo-server, which adds an
# origin indication (the relay's 198.51.100.10:3544); our client answers with
# a bubble (source: its Teredo address) to the relay, which opens our NAT
# toward it; the relay, its ingress check passed, sends the queued reply; our
# client takes it as the answer to its ping test, trusts the relay and sends
# its queued echo requests to it directly; the relay carries both ways.
#
# Checks: our client's Ping6 (5 requests) gets at least 4 replies; the
# program's summary shows one ping test and packets sent directly; Miredo's
# teredo interface in the relay namespace received and sent packets (ip -s
# link); the relay's IPv4 link capture holds echo requests from our client's
# mapping to 198.51.100.10:3544 and replies back, and the bubble from our
# client; tshark reads the captures (relay link, server link, TAP) with
# nothing malformed. Pcaps and logs go to --out.
#
# Usage (root; by hand or from CTest):
#   scripts/interop-miredo-relay.sh [--build=DIR] [--emulation=PROGRAM]
#       [--out=DIR] [--duration=25]
# Exit: 0 pass, 1 fail, 77 skipped (not root, no /dev/net/tun, no ip netns).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=interop-lib.sh
. "$here/interop-lib.sh"

# seconds the ns-3 client runs: qualified at ~1 s, Ping6 from ~2 s for 5 s
interop_options 25 "$@"
[ "$duration" -ge 15 ] || { echo "--duration must be at least 15" >&2; exit 2; }

interop_require_privileges
interop_require_programs "$emulation"
interop_require_tools miredo:miredo miredo-server:miredo-server tshark:tshark

interop_workdir miredo-relay

server=192.0.2.1
server2=192.0.2.2
relay_v4=198.51.100.10
relay_v6=3fff:0:4::2
host=3fff:0:2::2
nat_outside=203.0.113.1
min_replies=4

emu="tq-emu-$INTEROP_SUFFIX"
srv="tq-srv-$INTEROP_SUFFIX"
rly="tq-rly-$INTEROP_SUFFIX"
hst="tq-host-$INTEROP_SUFFIX"
interop_log "namespaces $emu, $srv, $rly, $hst; output in $work"

# --- Linux side: router, server, relay, host ----------------------------------
for ns in "$emu" "$srv" "$rly" "$hst"; do
  interop_netns "$ns"
done
ip netns exec "$emu" sysctl -qw net.ipv4.ip_forward=1
ip netns exec "$emu" sysctl -qw net.ipv6.conf.all.forwarding=1
interop_veth "$emu" to-srv "$srv" to-emu
interop_veth "$emu" to-rly "$rly" to-emu
interop_veth "$emu" to-host "$hst" to-emu
# IPv6 addresses without duplicate address detection: usable at once.
ip -n "$emu" addr add 192.0.2.254/24 dev to-srv
ip -n "$emu" addr add 3fff:0:3::1/64 dev to-srv nodad
ip -n "$emu" addr add 198.51.100.254/24 dev to-rly
ip -n "$emu" addr add 3fff:0:4::1/64 dev to-rly nodad
ip -n "$emu" addr add 3fff:0:2::1/64 dev to-host nodad
ip -n "$emu" -6 route add 2001::/32 via "$relay_v6" dev to-rly
ip -n "$srv" addr add "$server/24" dev to-emu
ip -n "$srv" addr add "$server2/24" dev to-emu
ip -n "$srv" addr add 3fff:0:3::2/64 dev to-emu nodad
ip -n "$srv" route add default via 192.0.2.254
ip -n "$srv" -6 route add default via 3fff:0:3::1 dev to-emu
ip -n "$rly" addr add "$relay_v4/24" dev to-emu
ip -n "$rly" addr add "$relay_v6/64" dev to-emu nodad
ip -n "$rly" route add default via 198.51.100.254
ip -n "$rly" -6 route add default via 3fff:0:4::1 dev to-emu
ip netns exec "$rly" sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n "$hst" addr add "$host/64" dev to-emu nodad
ip -n "$hst" -6 route add default via 3fff:0:2::1 dev to-emu
# 203.0.113.0/24 is the TAP's subnet in $emu, connected there while ns-3 runs.

# --- miredo-server, the Miredo relay -------------------------------------------
printf 'ServerBindAddress %s\nServerBindAddress2 %s\n' "$server" "$server2" >"$work/miredo-server.conf"
interop_start "$srv" "$work/miredo-server.log" \
  miredo-server -f -c "$work/miredo-server.conf" -p "$work/miredo-server.pid"
server_pid=$INTEROP_LAST_PID
printf 'RelayType cone\nInterfaceName teredo\nBindAddress %s\nBindPort 3544\n' "$relay_v4" \
  >"$work/miredo-relay.conf"
interop_start "$rly" "$work/miredo-relay.log" \
  miredo -f -c "$work/miredo-relay.conf" -p "$work/miredo-relay.pid"
relay_pid=$INTEROP_LAST_PID
listening() { ip netns exec "$1" ss -Hnlu | grep -q "$2:3544 "; }
interop_wait 20 "miredo-server on $server:3544" listening "$srv" "$server"
interop_wait 20 "the Miredo relay on $relay_v4:3544" listening "$rly" "$relay_v4"
relay_routed() { ip -n "$rly" -6 route show 2001::/32 | grep -q "dev teredo"; }
interop_wait 20 "the Miredo relay's route 2001::/32 dev teredo" relay_routed
interop_log "miredo-server (pid $server_pid) on $server:3544 and $server2:3544;" \
  "Miredo relay (pid $relay_pid) on $relay_v4:3544:"
ip -n "$rly" -6 route show | sed 's/^/  relay route: /'
ip -n "$rly" -s link show teredo >"$work/relay-teredo-before.txt"

# --- captures -------------------------------------------------------------------
interop_tshark_start "$rly" to-emu "$work/relay-link.pcap"
tshark_relay=$INTEROP_LAST_PID
interop_tshark_start "$srv" to-emu "$work/server-link.pcap"
tshark_server=$INTEROP_LAST_PID
interop_tshark_start "$hst" to-emu "$work/host-link.pcap"
tshark_host=$INTEROP_LAST_PID

# --- our client, pinging the host -------------------------------------------------
log="$work/teredo-emulation.log"
interop_start "$emu" "$log" "$emulation" --role=client --tap=tap-teredo \
  --nat=port-restricted-cone --server="$server" --outside="$nat_outside" \
  --duration="$duration" --ping="$host" --ping-count=5 --pcap="$work/ns3"
ns3_pid=$INTEROP_LAST_PID
interop_wait_link "$emu" tap-teredo 30 "$ns3_pid"
interop_wait_exit "$ns3_pid" $((duration + 30)) ||
  interop_fail "teredo-emulation still running after $((duration + 30)) s"
status=$INTEROP_EXIT
for pid in "$tshark_relay" "$tshark_server" "$tshark_host"; do
  interop_tshark_stop "$pid"
done
sed 's/^/  ns-3: /' "$log"
[ "$status" -eq 0 ] || interop_fail "teredo-emulation exited with $status"
ip -n "$rly" -s link show teredo >"$work/relay-teredo-after.txt"
interop_log "Miredo relay's teredo interface (ip -s link), after:"
sed 's/^/  /' "$work/relay-teredo-after.txt"
kill -0 "$relay_pid" 2>/dev/null || interop_fail "the Miredo relay died"
kill -0 "$server_pid" 2>/dev/null || interop_fail "miredo-server died"
interop_stop "$relay_pid" || true
interop_stop "$server_pid" || true

qualified=$(grep -m1 " qualified " "$log" || true)
[ -n "$qualified" ] || interop_fail "our client did not qualify with miredo-server"
address=$(awk '{ print $3 }' <<<"$qualified")
mapping=$(awk '{ print $11 }' <<<"$qualified")
replies=$(interop_summary_field "$log" "summary ping" replies)
ping_tests=$(interop_summary_field "$log" "summary client 0" ping-tests)
direct=$(interop_summary_field "$log" "summary client 0" direct-tx)
delivered=$(interop_summary_field "$log" "summary client 0" delivered)
# ip -s link: the line after "RX:"/"TX:" holds bytes, packets, ...
link_packets() { awk -v d="$2" '$1 == d ":" { getline; print $2; exit }' "$1"; }
rx_before=$(link_packets "$work/relay-teredo-before.txt" RX)
tx_before=$(link_packets "$work/relay-teredo-before.txt" TX)
rx_after=$(link_packets "$work/relay-teredo-after.txt" RX)
tx_after=$(link_packets "$work/relay-teredo-after.txt" TX)
relay_rx=$((rx_after - rx_before)) # IPv6 packets from Teredo clients (out of the tunnel)
relay_tx=$((tx_after - tx_before)) # IPv6 packets routed into the tunnel, to Teredo clients

INTEROP_TSHARK_OPTS=(--enable-heuristic teredo_udp)
interop_tshark_check "$work/relay-link.pcap" 8 "the Miredo relay's link"
interop_tshark_check "$work/server-link.pcap" 4 "miredo-server's link"
interop_tshark_check "$work/ns3-1-2.pcap" 8 "the ns-3 NAT's outside (TAP)"
interop_tshark_check "$work/ns3-0-1.pcap" 8 "inside the ns-3 NAT (ns-3 pcap)"
interop_log "Teredo on the Miredo relay's link, in order:"
interop_teredo_trace "$work/relay-link.pcap" | sed 's/^/  /'
interop_log "Teredo on miredo-server's link, in order:"
interop_teredo_trace "$work/server-link.pcap" | sed 's/^/  /'
interop_log "native IPv6 at the host:"
tshark -n -r "$work/host-link.pcap" -Y "icmpv6.type == 128 || icmpv6.type == 129" 2>/dev/null |
  sed 's/^/  /'

# What each side made of the other's bubbles.
ll=$(tshark "${INTEROP_TSHARK_OPTS[@]}" -n -r "$work/server-link.pcap" -Y "ip.src == $server &&
  ip.dst == $nat_outside && ipv6.nxt == 59 && teredo.orig.addr == $relay_v4" -T fields \
  -e ipv6.src 2>/dev/null | head -1)
if [[ "$ll" == fe80:* ]] && interop_tshark_has "$work/relay-link.pcap" \
  "ip.src == $nat_outside && ipv6.nxt == 59 && ipv6.src == $address && ipv6.dst == $ll"; then
  interop_log "NOTE: the Miredo relay's indirect bubble came with a link-local source ($ll," \
    "Miredo's nonce scheme, not RFC 4380's relay address); our client answered it all the" \
    "same (RFC 4380: a bubble from the server with an origin indication is answered with a" \
    "bubble to the origin, source and destination swapped, so ours went to $ll from" \
    "$address), and the relay accepted that answer: its queued echo reply followed."
fi

# --- verdicts ---------------------------------------------------------------------
interop_log "our client $address (mapped $mapping): Ping6 $host: ${replies:-0} of 5 replies;" \
  "ping tests ${ping_tests:-0}, sent directly ${direct:-0}, delivered ${delivered:-0};" \
  "Miredo relay's teredo interface: $relay_rx packets out of the tunnel (to IPv6)," \
  "$relay_tx into it (to Teredo)"
[ "${replies:-0}" -ge "$min_replies" ] ||
  interop_fail "Ping6 from our client to $host through the Miredo relay: ${replies:-0} replies of 5"
[ "${ping_tests:-0}" -ge 1 ] || interop_fail "our client sent no ping test"
if [ "$relay_rx" -le 0 ] || [ "$relay_tx" -le 0 ]; then
  interop_fail "the Miredo relay's teredo interface carried $relay_rx in, $relay_tx out"
fi
interop_tshark_has "$work/server-link.pcap" \
  "ip.src == $server && ip.dst == $nat_outside && ipv6.nxt == 59 && teredo.orig.addr == $relay_v4" ||
  interop_fail "no bubble from miredo-server to our client with the relay ($relay_v4) as origin"
interop_tshark_has "$work/relay-link.pcap" \
  "ip.src == $nat_outside && ip.dst == $relay_v4 && ipv6.nxt == 59 && ipv6.src == $address" ||
  interop_fail "no bubble from our client to the relay"
interop_tshark_has "$work/relay-link.pcap" \
  "ip.src == $nat_outside && ip.dst == $relay_v4 && icmpv6.type == 128 && ipv6.dst == $host" ||
  interop_fail "no echo request from our client to the relay"
interop_tshark_has "$work/host-link.pcap" "icmpv6.type == 129 && ipv6.dst == $address" ||
  interop_fail "the host sent no echo reply to $address"
interop_log "PASS: our TeredoClient ($address, behind the port-restricted NAT model) pinged" \
  "$host through the Miredo relay $relay_v4 (RelayType cone) with miredo-server:" \
  "$replies of 5 replies; relay tunnel $relay_rx in, $relay_tx out"
