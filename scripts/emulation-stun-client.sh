#!/usr/bin/env bash
# CTest emulation.stun-client: Debian's STUN client (stund's `stun`, RFC 3489)
# in a network namespace, behind each NAT preset inside ns-3, names the NAT as
# the preset does.
#
#   scripts/emulation-stun-client.sh BUILD/nat-stun-emulation
#
# For each preset it runs `nat-stun-emulation --role=nat` in a fresh namespace
# C (TAP Linux end 192.0.2.2/24, ns-3 NAT inside 192.0.2.1; the NAT's outside
# 203.0.113.1 and the NatProbeServer at 198.51.100.1 and .2 are inside ns-3),
# then `stun 198.51.100.1` in C, and checks the line stun prints against the
# preset:
#   full-cone            Independent Mapping, Independent Filter
#   restricted-cone      Independent Mapping, Address Dependent Filter
#   port-restricted-cone Independent Mapping, Port Dependent Filter
#   symmetric            Dependent Mapping
# Needs root, /dev/net/tun, ip netns and stun (Debian: stun-client);
# otherwise prints "SKIPPED: <reason>" and exits 77. Everything it starts is
# stopped by PID and its namespaces are removed on exit; names carry the
# shell's PID.
set -uo pipefail
SECONDS=0

program=${1:?usage: emulation-stun-client.sh PATH/TO/nat-stun-emulation}

skip() {
  echo "SKIPPED: $*"
  exit 77
}

[ "$(id -u)" -eq 0 ] || skip "not root (TAPs and network namespaces need root)"
[ -c /dev/net/tun ] || skip "no /dev/net/tun"
command -v ip >/dev/null || skip "no ip command (iproute2)"
command -v stun >/dev/null || skip "no stun (apt-get install stun-client)"
[ -x "$program" ] || {
  echo "FAIL: $program is not an executable" >&2
  exit 1
}

work=$(mktemp -d /tmp/emulation-stun-client.$$.XXXXXX)
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

probe=esc-probe-$$
ip netns add "$probe" 2>/dev/null || skip "cannot create network namespaces (ip netns add)"
ip netns delete "$probe"

# wait_for SECONDS COMMAND...: poll every 0.2 s until COMMAND succeeds.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

declare -A expected=(
  [full-cone]="Independent Mapping, Independent Filter"
  [restricted-cone]="Independent Mapping, Address Dependent Filter"
  [port-restricted-cone]="Independent Mapping, Port Dependent Filter"
  [symmetric]="Dependent Mapping"
)
failures=0
index=0
for nat in full-cone restricted-cone port-restricted-cone symmetric; do
  index=$((index + 1))
  C=esc-c$$-$index
  tap=esc$$t$index
  log=$work/ns3-$nat.log
  ip netns add "$C" && namespaces+=("$C")
  ip -n "$C" link set lo up
  ip netns exec "$C" "$program" --role=nat --nat="$nat" --tap="$tap" --duration=30 \
    >"$log" 2>&1 &
  ns3=$!
  pids+=("$ns3")
  if ! wait_for 10 sh -c "ip -n '$C' -4 addr show dev '$tap' 2>/dev/null | grep -q 192.0.2.2"; then
    echo "FAIL [$nat]: TAP $tap never got 192.0.2.2"
    cat "$log"
    failures=$((failures + 1))
    continue
  fi
  ip -n "$C" route add default via 192.0.2.1
  out=$(timeout 30 ip netns exec "$C" stun 198.51.100.1 2>&1)
  line=$(grep '^Primary: ' <<<"$out")
  # "Dependent Mapping" must not match inside "Independent Mapping".
  if grep -qE "^Primary: ${expected[$nat]}(,|$)" <<<"$line"; then
    echo "[$nat] stun: $line"
  else
    echo "FAIL [$nat]: stun said '${line:-nothing}', expected '${expected[$nat]}':"
    echo "$out"
    failures=$((failures + 1))
  fi
  kill "$ns3" 2>/dev/null
  wait "$ns3" 2>/dev/null
  ip netns delete "$C"
done

if [ "$failures" -ne 0 ]; then
  echo "emulation.stun-client: $failures failure(s) (${SECONDS} s)"
  exit 1
fi
echo "emulation.stun-client: stun named all four presets as they are named (${SECONDS} s)"
