#!/usr/bin/env bash
# Interoperability, client to client: a real Miredo 1.2.6 client behind a Linux
# NAT (iptables MASQUERADE) and our TeredoClients inside ns-3, all qualified
# with our TeredoServer (teredo-emulation --role=infrastructure --clients=...),
# exchange ICMPv6 echoes directly, each path starting cold (no peer entry, no
# NAT state between the two ends).
#
#   tq-cli-N               tq-nat-N
#   miredo 10.0.0.2 --- 10.0.0.1 [MASQUERADE] 203.0.113.253 tap-teredo
#      [ns-3: IPv4 core 203.0.113.254 -- server 192.0.2.1, .2
#             -- site 0: no NAT, client A (public)     -- site 3: NAT model
#             -- site 1: NAT model port-restricted-cone,   port-restricted-cone,
#                client B                                   client D
#             -- site 2: no NAT, client C (public)     -- site 4: no NAT, client E]
#
# Phase 1, the Linux NAT with a stateful firewall, as home routers have
# (iptables INPUT: new UDP from the outside to the NAT itself is dropped), four
# paths at once:
#   Miredo -> B, Miredo -> C: `ping -6 -c 5` from Miredo's namespace. Miredo
#     queues, sends a direct bubble to the mapping in our client's address and
#     an indirect one through our server, both with a link-local source
#     fe80::<hash> (Miredo's nonce scheme); our server forwards the indirect
#     one with an origin indication (RFC 4380 5.3.1: a non-Teredo source may
#     reach the server's own clients); our client answers with a bubble from
#     its Teredo address to the origin; Miredo trusts it and sends directly.
#   D -> Miredo (D behind the port-restricted NAT model), E -> Miredo (E
#     public): ns-3 Ping6. Our client queues, sends its direct bubble (source:
#     its Teredo address; it opens our client's own NAT) to the mapping in
#     Miredo's address and an indirect one through our server; Miredo answers
#     the indirect one with a bubble to our client's origin; our client trusts
#     it and sends directly.
# Phase 2, the firewall rule removed (a bare MASQUERADE, as in the other
# interop tests): A -> Miredo (A public), ns-3 Ping6, as D and E did.
#
# Checks (what works): Miredo -> B, Miredo -> C, D -> Miredo and E -> Miredo
# get at least 4 of 5 echo replies each; B and C sent directly; tshark reads
# the captures (TAP, NAT inside; Teredo between clients read with tshark's
# Teredo heuristic) with nothing malformed. Printed as FINDING lines, not
# asserted, with the evidence from the ns-3 traces, conntrack and the TAP
# capture: what each side did with the other's bubbles (Miredo's direct
# bubbles have a link-local source: our public client C drops them as
# link-local-source, the NAT model filters the one to B; Miredo accepts our
# bubbles, whose source is our Teredo address) and why A -> Miredo fails in
# phase 2 (A's direct bubble reaches the bare Linux NAT before Miredo's answer
# and leaves an unreplied conntrack entry on Miredo's mapped port, so Miredo's
# answer leaves through another port; A drops it as mapping-mismatch, RFC
# 4380's check that a Teredo source speaks from the mapping in its address).
# Pcaps and logs go to --out.
#
# Usage (root; by hand or from CTest):
#   scripts/interop-miredo-peer.sh [--build=DIR] [--emulation=PROGRAM]
#       [--out=DIR] [--duration=30]
# Exit: 0 pass, 1 fail, 77 skipped (not root, no /dev/net/tun, no ip netns).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=interop-lib.sh
. "$here/interop-lib.sh"

# seconds the ns-3 world runs: qualification ~1 s, phases of ~8 s and ~6 s
interop_options 30 "$@"
[ "$duration" -ge 25 ] || { echo "--duration must be at least 25" >&2; exit 2; }

interop_require_privileges
interop_require_programs "$emulation"
interop_require_tools miredo:miredo tshark:tshark conntrack:conntrack iptables:iptables \
  ping:iputils-ping

interop_workdir miredo-peer

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
interop_nat_site "$nat" "$cli" tap-teredo

# --- the ns-3 world: server, relay, host, clients A to E ----------------------
INTEROP_TSHARK_OPTS=(--enable-heuristic teredo_udp) # Teredo between clients is off port 3544
log="$work/teredo-emulation.log"
ping_file="$work/ping-targets" # lines "ADDRESS CLIENT": the program's Ping6 runs
interop_start "$nat" "$log" "$emulation" --role=infrastructure --tap=tap-teredo \
  --gateway="$nat_outside" --duration="$duration" --pcap="$work/ns3" \
  --clients=none,port-restricted-cone,none,port-restricted-cone,none \
  --ping="@$ping_file" --ping-count=5
ns3_pid=$INTEROP_LAST_PID
t_ns3=$SECONDS
interop_wait_link "$nat" tap-teredo 30 "$ns3_pid"
tap_addressed() { ip -n "$nat" -4 addr show dev tap-teredo | grep -q "inet $nat_outside/30"; }
interop_wait 10 "$nat_outside on tap-teredo" tap_addressed
ip -n "$nat" route add default via "$core_end" dev tap-teredo
sed 's/^/  ns-3: /' "$log"

interop_tshark_start "$nat" tap-teredo "$work/tap.pcap"
tshark_tap=$INTEROP_LAST_PID
interop_tshark_start "$nat" nat-in "$work/nat-inside.pcap"
tshark_in=$INTEROP_LAST_PID

# --- Miredo, and our clients' addresses ---------------------------------------
interop_miredo_client "$cli" "$work" "$server"
miredo_pid=$MIREDO_PID
miredo=$MIREDO_ADDRESS
[ "$TEREDO_SERVER:$TEREDO_MAPPED" = "$server:$nat_outside" ] ||
  interop_fail "$miredo: server $TEREDO_SERVER, mapped $TEREDO_MAPPED (expected $server, $nat_outside)"
miredo_mapping="$TEREDO_MAPPED:$TEREDO_PORT"
m_ip=$TEREDO_MAPPED

names=(A B C D E)
all_qualified() { [ "$(grep -c " qualified .* client [0-4]$" "$log")" -ge 5 ]; }
interop_wait 20 "our five clients' 'qualified' lines" all_qualified
client_address() { awk -v c="$1" '$2 == "qualified" && $NF == c { print $3; exit }' "$log"; }
client_mapping() { awk -v c="$1" '$2 == "qualified" && $NF == c { print $11; exit }' "$log"; }
addr=()
map=()
for x in 0 1 2 3 4; do
  addr[x]=$(client_address $x)
  map[x]=$(client_mapping $x)
  interop_log "client ${names[x]} ($(sed -n "s/^site $x \([a-z-]*\) public .*/\1/p" "$log")):" \
    "${addr[x]}, mapped ${map[x]}"
done

# ns3_ping X: client X pings Miredo (a line in the file the program polls).
ns3_ping() {
  printf '%s %s\n' "$miredo" "$1" >>"$ping_file.tmp"
  cp "$ping_file.tmp" "$ping_file.new"
  mv "$ping_file.new" "$ping_file"
  interop_wait 10 "client ${names[$1]}'s Ping6 to start" grep -q "ping $miredo from .* client $1\$" "$log"
}
ns3_replies() {
  awk -v m="$miredo" -v c="$1" '$1 == "summary" && $2 == "ping" && $3 == m && $NF == c { print $7 }' "$log"
}
replies_from() { sed -n 's/.* \([0-9]*\) received.*/\1/p' "$1"; }

# --- phase 1: stateful firewall; Miredo -> B, C; D, E -> Miredo ---------------
interop_log ""
interop_log "=== phase 1: the Linux NAT drops new UDP from outside to itself (stateful firewall)"
firewall=(INPUT -i tap-teredo -p udp -m conntrack --ctstate NEW -j DROP)
ip netns exec "$nat" iptables -A "${firewall[@]}"
ip netns exec "$nat" iptables -S INPUT | sed 's/^/  iptables: /'
interop_start "$cli" "$work/ping-b.log" ping -6 -n -c 5 -i 1 -W 3 "${addr[1]}"
ping_b=$INTEROP_LAST_PID
interop_start "$cli" "$work/ping-c.log" ping -6 -n -c 5 -i 1 -W 3 "${addr[2]}"
ping_c=$INTEROP_LAST_PID
ns3_ping 3
ns3_ping 4
interop_wait_exit "$ping_b" 20 || interop_fail "ping to B still running after 20 s"
interop_wait_exit "$ping_c" 20 || interop_fail "ping to C still running after 20 s"
sleep 2 # the ns-3 pings' last replies
interop_log "Miredo -> B: ping -6 -c 5 ${addr[1]}"
sed 's/^/  /' "$work/ping-b.log"
interop_log "Miredo -> C: ping -6 -c 5 ${addr[2]}"
sed 's/^/  /' "$work/ping-c.log"
replies_b=$(replies_from "$work/ping-b.log")
replies_c=$(replies_from "$work/ping-c.log")
interop_log "conntrack in $nat after phase 1:"
ip netns exec "$nat" conntrack -L -p udp 2>/dev/null | sed 's/^/  /' || true

# --- phase 2: bare MASQUERADE; A -> Miredo ---------------------------------------
interop_log ""
interop_log "=== phase 2: the firewall rule removed (bare MASQUERADE)"
ip netns exec "$nat" iptables -D "${firewall[@]}"
ns3_ping 0
sleep 6 # five echo requests 1 s apart, and the last reply
interop_log "conntrack in $nat after phase 2:"
ip netns exec "$nat" conntrack -L -p udp 2>/dev/null | sed 's/^/  /' || true
# The NAT's port for Miredo's flow to A's mapping: its reply tuple's dport.
conntrack_port_to() {
  ip netns exec "$nat" conntrack -L -p udp --orig-src 10.0.0.2 --orig-dst "${1%:*}" \
    --dport "${1#*:}" 2>/dev/null | awk '{ for (i = 1; i <= NF; i++)
      if ($i ~ /^dport=/ && ++n == 2) { print substr($i, 7); exit } }'
}
port_to_a=$(conntrack_port_to "${map[0]}")

# --- stop everything ----------------------------------------------------------
kill -0 "$miredo_pid" 2>/dev/null || interop_fail "miredo died"
interop_stop "$miredo_pid" || true
interop_wait_exit "$ns3_pid" $((duration + 30 - (SECONDS - t_ns3))) ||
  interop_fail "the ns-3 program did not end after --duration=$duration"
[ "$INTEROP_EXIT" -eq 0 ] || interop_fail "teredo-emulation exited with $INTEROP_EXIT"
interop_tshark_stop "$tshark_tap"
interop_tshark_stop "$tshark_in"
interop_log "ns-3 after the start:"
sed -n '/^[0-9]/p;/^summary/p' "$log" | grep -v " ra \| state \| host \| qualified " |
  sed 's/^/  ns-3: /'
replies_a=$(ns3_replies 0)
replies_d=$(ns3_replies 3)
replies_e=$(ns3_replies 4)

interop_tshark_check "$work/tap.pcap" 40 "TAP (NAT outside)"
interop_tshark_check "$work/nat-inside.pcap" 30 "NAT inside"
interop_log "Teredo and ICMPv4 on the TAP, in order (outer source > destination: inner source > destination, what):"
interop_teredo_trace "$work/tap.pcap" "icmp" | sed 's/^/  /'

# --- findings: what each side did with the other's bubbles ----------------------
# bubbles PCAP FROM TO: "count x v6src > v6dst (udp sport > dport)" of the bubbles
# (not ICMP-quoted) from FROM to TO, each ip:port or ip (any port).
bubbles() {
  local filter="!icmp && ipv6.nxt == 59 && ip.src == ${2%:*} && ip.dst == ${3%:*}"
  [[ "$2" == *:* ]] && filter+=" && udp.srcport == ${2#*:}"
  [[ "$3" == *:* ]] && filter+=" && udp.dstport == ${3#*:}"
  tshark "${INTEROP_TSHARK_OPTS[@]}" -n -r "$1" -Y "$filter" -T fields -e ipv6.src \
    -e ipv6.dst -e udp.srcport -e udp.dstport 2>/dev/null | sort | uniq -c |
    awk '{ printf "%s%s x %s > %s (udp %s > %s)", (NR > 1 ? "; " : ""), $1, $2, $3, $4, $5 }'
}
interop_log ""
for x in 0 1 2 3 4; do
  interop_log "bubbles Miredo ($m_ip, any port) -> ${names[x]} (${map[x]}): $(bubbles "$work/tap.pcap" "$m_ip" "${map[x]}")"
  interop_log "bubbles ${names[x]} (${map[x]}) -> Miredo ($miredo_mapping): $(bubbles "$work/tap.pcap" "${map[x]}" "$miredo_mapping")"
done
findings=0
finding() {
  findings=$((findings + 1))
  interop_log "FINDING $findings: $*"
}
field() { interop_summary_field "$log" "summary client $1 " "$2"; }
if interop_tshark_has "$work/tap.pcap" "ipv6.nxt == 59 && ip.src == $m_ip && ip.dst == ${map[2]%:*} && ipv6.src == fe80::/10"; then
  finding "Miredo's direct bubble to C (public, ${map[2]}) has a link-local source" \
    "(fe80::<hash of C's mapping>, Miredo's nonce scheme; RFC 4380 gives a bubble the sender's" \
    "Teredo address). Our client C dropped $(field 2 link-local-source-drops) packet(s) as" \
    "link-local-source, as Miredo itself drops such direct bubbles; harmless: C answered" \
    "Miredo's indirect bubble (forwarded by our server with an origin) and Miredo then sent directly."
fi
if interop_tshark_has "$work/tap.pcap" "ipv6.nxt == 59 && ip.src == $m_ip && ip.dst == ${map[1]%:*} && ipv6.src == fe80::/10"; then
  finding "Miredo's direct bubble to B (${map[1]}) never reached B: the port-restricted" \
    "NAT model in front of B filtered it ($(grep -c "nat-drop 1 filtered $m_ip > ${map[1]%:*}" "$log" || true)" \
    "nat-drop line(s)); B answered the indirect bubble, which opened B's NAT toward Miredo."
fi
if interop_tshark_has "$work/nat-inside.pcap" "ipv6.nxt == 59 && ip.dst == 10.0.0.2 && (ipv6.src == ${addr[1]} || ipv6.src == ${addr[2]})"; then
  interop_log "(Miredo received B's and C's answers, bubbles from their Teredo addresses to" \
    "fe80::<hash>, and accepted them: its echo requests to B and C followed directly.)"
fi
mismatch_a=$(field 0 mapping-mismatch-drops)
if [ "${replies_a:-0}" -lt "$min_replies" ]; then
  if interop_tshark_has "$work/tap.pcap" "icmp.type == 3 && ip.src == $m_ip && ip.dst == ${map[0]%:*}"; then
    icmp_a="; the NAT answered it with ICMP port unreachable"
  else
    icmp_a=""
  fi
  finding "A -> Miredo DOES NOT WORK through the Linux NAT without its firewall" \
    "(${replies_a:-0} of 5 replies). A's direct bubble (RFC 4380: it opens A's own NAT) reached" \
    "the Linux NAT before Miredo's answer$icmp_a and, matching no flow, left an [UNREPLIED]" \
    "conntrack entry ${map[0]} -> $miredo_mapping; Miredo's answering bubble to A's origin" \
    "${map[0]} would have needed that very tuple, so MASQUERADE moved it to port" \
    "${port_to_a:-?} (conntrack above); A saw Miredo's bubbles come from $m_ip:${port_to_a:-?}" \
    "while Miredo's address says $miredo_mapping, and dropped $mismatch_a packet(s) as" \
    "mapping-mismatch (RFC 4380 5.2.3: a Teredo source must speak from the mapping in its" \
    "address). Miredo as initiator would accept that answer (its fe80::<hash> bubbles let" \
    "it learn the other port: not RFC 4380, not modelled); RFC 6081's symmetric-NAT" \
    "extension addresses this case (the model has only its qualification part)." \
    "With the NAT's firewall dropping the unsolicited" \
    "bubble (phase 1) no entry was left and D and E got through. Afterwards the NAT keeps" \
    "the new port for Miredo's socket toward other new peers too (conntrack reuses an" \
    "existing source mapping) until those entries expire."
else
  interop_log "A -> Miredo worked in phase 2 (${replies_a} of 5 replies)"
fi

# --- verdicts: what works -------------------------------------------------------
interop_log ""
interop_log "echo replies: Miredo -> B ${replies_b:-0}/5, Miredo -> C ${replies_c:-0}/5," \
  "D -> Miredo ${replies_d:-0}/5, E -> Miredo ${replies_e:-0}/5 (phase 1);" \
  "A -> Miredo ${replies_a:-0}/5 (phase 2)"
[ "${replies_b:-0}" -ge "$min_replies" ] || interop_fail "Miredo -> client B: ${replies_b:-0} replies of 5"
[ "${replies_c:-0}" -ge "$min_replies" ] || interop_fail "Miredo -> client C: ${replies_c:-0} replies of 5"
[ "${replies_d:-0}" -ge "$min_replies" ] || interop_fail "client D -> Miredo: ${replies_d:-0} replies of 5"
[ "${replies_e:-0}" -ge "$min_replies" ] || interop_fail "client E -> Miredo: ${replies_e:-0} replies of 5"
for x in 1 2 3 4; do
  [ "$(field $x direct-tx)" -gt 0 ] || interop_fail "client ${names[x]} sent nothing directly"
done
interop_log "PASS: Miredo ($miredo) and our clients exchanged echoes directly, cold, both ways:" \
  "Miredo -> B (port-restricted) ${replies_b}/5, Miredo -> C (public) ${replies_c}/5," \
  "D (port-restricted) -> Miredo ${replies_d}/5, E (public) -> Miredo ${replies_e}/5;" \
  "$findings finding(s) above"
