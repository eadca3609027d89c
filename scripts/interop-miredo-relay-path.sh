#!/usr/bin/env bash
# Interoperability, data path: a real Miredo 1.2.6 client behind a Linux NAT
# (iptables MASQUERADE) pings an IPv6-only host inside ns-3 through our
# TeredoServer and our TeredoRelay (teredo-emulation --role=infrastructure).
#
#   tq-cli-N               tq-nat-N
#   miredo 10.0.0.2 --- 10.0.0.1 [MASQUERADE] 203.0.113.253 tap-teredo
#                          [ns-3: IPv4 core 203.0.113.254 -- server 192.0.2.1, .2
#                                                        -- relay 198.51.100.1
#                                 IPv6 core -- server 3fff::2 (ping tests out)
#                                           -- relay 3fff:0:1::2 (2001::/32 to it)
#                                           -- host 3fff:0:2::2]
#
# The path (RFC 4380 sections 5.2.9, 5.3, 5.4): Miredo queues `ping -6`'s echo
# request and sends its ping test through our server, which sends it natively
# to the host; the host's reply is routed (2001::/32) to our relay, which
# queues it and sends an indirect bubble through our server; the server adds
# an origin indication (the relay's address and port) and forwards it to
# Miredo; Miredo answers with a bubble to the relay; the relay, now trusting
# Miredo's mapping, sends the queued reply directly; Miredo, recognising the
# answer to its ping test, trusts the relay and sends the queued echo
# requests directly to it; from then on the relay carries both ways.
#
# Checks: `ping -6 -c 5 <host>` from Miredo's namespace gets at least 4
# replies; the ns-3 program's summary shows the server sent ping tests out
# natively (forwarded-to-native > 0) and forwarded the relay's bubble to
# Miredo (forwarded-to-teredo > 0), the relay carried both ways
# (relayed-to-native and relayed-to-teredo > 0), the host answered; the
# relay's bubble went through 192.0.2.1:3544; Miredo's reply bubble and data
# came from the NAT mapping conntrack shows; tshark reads the captures (TAP,
# NAT inside, the relay's ns-3 link) with nothing malformed. Pcaps and logs go
# to --out.
#
# Usage (root; by hand or from CTest):
#   scripts/interop-miredo-relay-path.sh [--build=DIR] [--emulation=PROGRAM]
#       [--out=DIR] [--duration=30]
# Exit: 0 pass, 1 fail, 77 skipped (not root, no /dev/net/tun, no ip netns).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=interop-lib.sh
. "$here/interop-lib.sh"

# seconds the ns-3 world runs: Miredo qualifies in ~1 s, the pings take ~5 s
interop_options 30 "$@"
[ "$duration" -ge 25 ] || { echo "--duration must be at least 25" >&2; exit 2; }

interop_require_privileges
interop_require_programs "$emulation"
interop_require_tools miredo:miredo tshark:tshark conntrack:conntrack iptables:iptables \
  ping:iputils-ping

interop_workdir miredo-relay-path

server=192.0.2.1
nat_outside=203.0.113.253
core_end=203.0.113.254
min_replies=4

nat="tq-nat-$INTEROP_SUFFIX"
cli="tq-cli-$INTEROP_SUFFIX"
interop_log "namespaces $nat, $cli; output in $work"

# --- Linux side: the NAT and Miredo's host ----------------------------------
interop_netns "$nat"
interop_netns "$cli"
# The TAP (the NAT's outside) exists only while ns-3 runs; the NAT rule names it.
interop_nat_site "$nat" "$cli" tap-teredo

# --- the ns-3 world: server, relay, IPv6 host --------------------------------
log="$work/teredo-emulation.log"
interop_start "$nat" "$log" "$emulation" --role=infrastructure --tap=tap-teredo \
  --gateway="$nat_outside" --duration="$duration" --pcap="$work/ns3"
ns3_pid=$INTEROP_LAST_PID
t_ns3=$SECONDS
interop_wait_link "$nat" tap-teredo 30 "$ns3_pid"
tap_addressed() { ip -n "$nat" -4 addr show dev tap-teredo | grep -q "inet $nat_outside/30"; }
interop_wait 10 "$nat_outside on tap-teredo" tap_addressed
ip -n "$nat" route add default via "$core_end" dev tap-teredo
sed 's/^/  ns-3: /' "$log"
host=$(sed -n 's/^host \([0-9a-f:]*\)$/\1/p' "$log")
relay_v4=$(awk '$1 == "relay" { print $2 }' "$log")
if [ -z "$host" ] || [ -z "$relay_v4" ]; then
  interop_fail "the ns-3 program printed no host or relay line"
fi

# --- captures: the TAP (NAT outside), NAT inside -----------------------------
interop_tshark_start "$nat" tap-teredo "$work/tap.pcap"
tshark_tap=$INTEROP_LAST_PID
interop_tshark_start "$nat" nat-in "$work/nat-inside.pcap"
tshark_in=$INTEROP_LAST_PID

# --- the real Miredo client -------------------------------------------------
interop_miredo_client "$cli" "$work" "$server"
miredo_pid=$MIREDO_PID
address=$MIREDO_ADDRESS
[ "$TEREDO_SERVER:$TEREDO_MAPPED" = "$server:$nat_outside" ] ||
  interop_fail "$address: server $TEREDO_SERVER, mapped $TEREDO_MAPPED (expected $server, $nat_outside)"
mapping="$TEREDO_MAPPED:$TEREDO_PORT"
interop_log "Miredo's mapping (in its address): $mapping"

# The route Miredo's ping will take: the teredo interface.
interop_log "ip -6 route get $host (in $cli): $(ip -n "$cli" -6 route get "$host" 2>&1 | head -1)"

# --- ping the host inside ns-3 ------------------------------------------------
interop_log "ping -6 -c 5 $host from Miredo's namespace:"
interop_ping "$cli" "$work/ping.log" "$host" 5
replies=$PING_REPLIES

# --- stop everything, read the summary ----------------------------------------
kill -0 "$miredo_pid" 2>/dev/null || interop_fail "miredo died"
interop_stop "$miredo_pid" || true
interop_log "conntrack in $nat:"
ip netns exec "$nat" conntrack -L -p udp 2>/dev/null | sed 's/^/  /' || true
interop_wait_exit "$ns3_pid" $((duration + 30 - (SECONDS - t_ns3))) ||
  interop_fail "the ns-3 program did not end after --duration=$duration"
[ "$INTEROP_EXIT" -eq 0 ] || interop_fail "teredo-emulation exited with $INTEROP_EXIT"
for pid in "$tshark_tap" "$tshark_in"; do
  interop_tshark_stop "$pid"
done
interop_log "ns-3 after the start:"
sed -n '/^[0-9]/p;/^summary/p' "$log" | grep -v " ra " | sed 's/^/  ns-3: /'

summary_field() { interop_summary_field "$log" "$1" "$2"; }
to_native=$(summary_field "summary relay" relayed-to-native)
to_teredo=$(summary_field "summary relay" relayed-to-teredo)
bubbles=$(summary_field "summary relay" bubbles)
server_native=$(summary_field "summary server" forwarded-to-native)
server_teredo=$(summary_field "summary server" forwarded-to-teredo)
host_replies=$(summary_field "summary host" echo-replies)
interop_log "relay: relayed-to-native $to_native, relayed-to-teredo $to_teredo, bubbles $bubbles;" \
  "server: forwarded-to-native $server_native, forwarded-to-teredo $server_teredo;" \
  "host: $host_replies echo replies"

# --- captures ---------------------------------------------------------------
interop_tshark_check "$work/tap.pcap" 8 "TAP (NAT outside)"
interop_tshark_check "$work/nat-inside.pcap" 8 "NAT inside"
relay_pcap=""
for f in "$work"/ns3-*.pcap; do
  if interop_tshark_has "$f" "ip.addr == $relay_v4 && teredo"; then
    relay_pcap="$f"
    break
  fi
done
[ -n "$relay_pcap" ] || interop_fail "no ns-3 pcap shows Teredo to or from the relay $relay_v4"
interop_tshark_check "$relay_pcap" 4 "the relay's IPv4 link (ns-3 pcap)"
interop_log "Teredo on the TAP, in order (outer source > destination: inner source > destination, what):"
interop_teredo_trace "$work/tap.pcap" | sed 's/^/  /'

# What each side made of the other's bubbles.
relay_bubble_source=$(sed -n "s/.* relay-bubble \([0-9a-f:]*\) > $address via .*/\1/p" "$log" | head -1)
if interop_tshark_has "$work/tap.pcap" \
  "ip.dst == $relay_v4 && ipv6.nxt == 59 && ipv6.src == $address && ipv6.dst == ${relay_bubble_source:-::}"; then
  interop_log "NOTE: our relay's indirect bubble had the host's native address as source" \
    "($relay_bubble_source, RFC 4380 style; Miredo's own relays use fe80::<hash>); Miredo answered" \
    "it with a bubble from its Teredo address to $relay_bubble_source, sent to the origin our" \
    "server gave it, and our relay's ingress check accepted that answer."
fi

# --- verdicts -----------------------------------------------------------------
[ "$replies" -ge "$min_replies" ] ||
  interop_fail "ping -6 $host from Miredo: $replies replies of 5 (expected at least $min_replies)"
[ "${server_native:-0}" -gt 0 ] || interop_fail "our server sent no ping test out natively"
[ "${server_teredo:-0}" -gt 0 ] || interop_fail "our server forwarded nothing to Miredo"
[ "${to_native:-0}" -gt 0 ] || interop_fail "our relay relayed nothing to the IPv6 side"
[ "${to_teredo:-0}" -gt 0 ] || interop_fail "our relay relayed nothing to Miredo"
[ "${host_replies:-0}" -gt 0 ] || interop_fail "the host sent no echo reply"
grep -q "relay-bubble .* > $address via $server:3544" "$log" ||
  interop_fail "no indirect bubble from the relay for $address via $server:3544"
grep -q "server-forward bubble .* > $address from $server:3544 to $mapping origin" "$log" ||
  interop_fail "our server did not forward the relay's bubble to Miredo's mapping $mapping with an origin"
grep -q "server-native $address > $host" "$log" ||
  interop_fail "our server sent no ping test from $address to $host natively"
if grep -q "relay-drop\|server-drop" "$log"; then
  interop_log "drops in ns-3 (listed above): $(grep -c "relay-drop\|server-drop" "$log")"
fi
# Miredo answered our relay's bubble from its mapping: the relay's ingress check held.
interop_tshark_has "$work/tap.pcap" \
  "ip.src == $nat_outside && udp.srcport == $TEREDO_PORT && ip.dst == $relay_v4 && ipv6.nxt == 59" ||
  interop_fail "no bubble from Miredo's mapping $mapping to the relay in the TAP capture"

interop_log "PASS: Miredo ($address, mapped $mapping) pinged $host inside ns-3:" \
  "$replies of 5 replies; ping test out through our server ($server_native natively)," \
  "our relay's bubble through our server ($server_teredo forwarded), then direct:" \
  "relay to native $to_native, to Teredo $to_teredo"
