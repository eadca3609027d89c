#!/usr/bin/env bash
# CTest emulation.stun-linux-nat: our NatProbeClient, inside ns-3, behind a
# Linux NAT, probing Debian's STUN server (stund, RFC 3489), reports what
# Debian's STUN client (stun) reports for the same Linux NAT.
#
#   scripts/emulation-stun-linux-nat.sh BUILD/nat-stun-emulation
#
# For each NAT (iptables MASQUERADE, and MASQUERADE --random-fully), in fresh
# network namespaces (fresh conntrack tables):
#
#   ns-3 192.0.2.1 =TAP= 192.0.2.254 N 198.51.100.254 --veth-- S 198.51.100.1, .2 (stund)
#   C 203.0.113.2 --veth-- 203.0.113.254 N                (N: forwarding, MASQUERADE)
#
# it runs `stun 198.51.100.1` in C and `nat-stun-emulation --role=client` in N
# (the TAP in N), and checks both:
#   MASQUERADE               stun: Independent Mapping, Port Dependent Filter
#                            ours: port-restricted-cone (EI mapping, APD filtering)
#   MASQUERADE --random-fully  stun: Dependent Mapping, random port
#                            ours: symmetric (APD mapping), port not preserved
# Needs root, /dev/net/tun, ip netns, iptables, stun and stund (Debian:
# stun-client, stun-server); otherwise prints "SKIPPED: <reason>" and exits
# 77. Everything it starts is stopped by PID and its namespaces are removed on
# exit; names carry the shell's PID.
set -uo pipefail
SECONDS=0

program=${1:?usage: emulation-stun-linux-nat.sh PATH/TO/nat-stun-emulation}

skip() {
  echo "SKIPPED: $*"
  exit 77
}

[ "$(id -u)" -eq 0 ] || skip "not root (TAPs and network namespaces need root)"
[ -c /dev/net/tun ] || skip "no /dev/net/tun"
command -v ip >/dev/null || skip "no ip command (iproute2)"
command -v iptables >/dev/null || skip "no iptables"
command -v stun >/dev/null || skip "no stun (apt-get install stun-client)"
command -v stund >/dev/null || skip "no stund (apt-get install stun-server)"
[ -x "$program" ] || {
  echo "FAIL: $program is not an executable" >&2
  exit 1
}

work=$(mktemp -d /tmp/emulation-stun-linux-nat.$$.XXXXXX)
namespaces=()
pids=()

cleanup() {
  local pid ns
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null
      wait "$pid" 2>/dev/null
    fi
  done
  for ns in "${namespaces[@]}"; do
    ip netns delete "$ns" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

probe=esl-probe-$$
ip netns add "$probe" 2>/dev/null || skip "cannot create network namespaces (ip netns add)"
if ! ip netns exec "$probe" iptables -t nat -A POSTROUTING -o lo -j MASQUERADE --random-fully \
  2>/dev/null; then
  ip netns delete "$probe"
  skip "iptables cannot MASQUERADE --random-fully here (nat table)"
fi
ip netns delete "$probe"

failures=0
fail() {
  echo "FAIL [$name]: $*"
  failures=$((failures + 1))
}

# wait_for SECONDS COMMAND...: poll every 0.2 s until COMMAND succeeds.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# setup INDEX RULE...: namespaces N, S, C and the Linux NAT in N.
setup() {
  local i=$1
  shift
  N=esl-n$$-$i
  S=esl-s$$-$i
  C=esl-c$$-$i
  local ns
  for ns in "$N" "$S" "$C"; do
    ip netns add "$ns" && namespaces+=("$ns")
    ip -n "$ns" link set lo up
  done
  ip link add "esl$$ns$i" type veth peer name "esl$$sn$i"
  ip link set "esl$$ns$i" netns "$N"
  ip link set "esl$$sn$i" netns "$S"
  ip link add "esl$$nc$i" type veth peer name "esl$$cn$i"
  ip link set "esl$$nc$i" netns "$N"
  ip link set "esl$$cn$i" netns "$C"
  ip -n "$N" addr add 198.51.100.254/24 dev "esl$$ns$i"
  ip -n "$N" link set "esl$$ns$i" up
  ip -n "$S" addr add 198.51.100.1/24 dev "esl$$sn$i"
  ip -n "$S" addr add 198.51.100.2/24 dev "esl$$sn$i"
  ip -n "$S" link set "esl$$sn$i" up
  ip -n "$N" addr add 203.0.113.254/24 dev "esl$$nc$i"
  ip -n "$N" link set "esl$$nc$i" up
  ip -n "$C" addr add 203.0.113.2/24 dev "esl$$cn$i"
  ip -n "$C" link set "esl$$cn$i" up
  ip -n "$C" route add default via 203.0.113.254
  ip netns exec "$N" sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
  ip netns exec "$N" iptables -t nat -A POSTROUTING -o "esl$$ns$i" -j MASQUERADE "$@"
}

names=("masquerade" "masquerade-random-fully")
rules=("" "--random-fully")
stun_expected=("Independent Mapping, Port Dependent Filter" "Dependent Mapping")
ours_expected=(
  "mapping endpoint-independent filtering address-and-port-dependent .*classic port-restricted-cone"
  "mapping address-and-port-dependent filtering address-and-port-dependent port not-preserved .*classic symmetric"
)
for i in 0 1; do
  name=${names[$i]}
  # shellcheck disable=SC2086 # the rule's words, or none
  setup "$i" ${rules[$i]}
  ip netns exec "$S" stund -h 198.51.100.1 -a 198.51.100.2 >"$work/stund-$name.log" 2>&1 &
  stund=$!
  pids+=("$stund")
  wait_for 5 sh -c "ip netns exec '$S' ss -lun | grep -q '198.51.100.2:3479'" ||
    fail "stund did not listen on 198.51.100.2:3479"

  out=$(timeout 30 ip netns exec "$C" stun 198.51.100.1 2>&1)
  line=$(grep '^Primary: ' <<<"$out")
  if grep -qE "^Primary: ${stun_expected[$i]}(,|$)" <<<"$line"; then
    echo "[$name] stun: $line"
  else
    fail "stun said '${line:-nothing}', expected '${stun_expected[$i]}': $out"
  fi

  log=$work/ns3-$name.log
  timeout 30 ip netns exec "$N" "$program" --role=client --tap="esl$$t$i" >"$log" 2>&1
  status=$?
  if [ "$status" -eq 0 ] && grep -qE "^discovered ${ours_expected[$i]}" "$log"; then
    echo "[$name] ours: $(grep '^mapped' "$log")"
    echo "[$name] ours: $(grep '^discovered' "$log")"
  else
    fail "nat-stun-emulation (status $status) did not report '${ours_expected[$i]}':"
    cat "$log"
  fi
  kill "$stund" 2>/dev/null
  wait "$stund" 2>/dev/null
  ip netns delete "$N"
  ip netns delete "$S"
  ip netns delete "$C"
done

if [ "$failures" -ne 0 ]; then
  echo "emulation.stun-linux-nat: $failures failure(s) (${SECONDS} s)"
  exit 1
fi
echo "emulation.stun-linux-nat: ours and stun agree on both Linux NATs (${SECONDS} s)"
