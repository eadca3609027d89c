#!/usr/bin/env bash
# CTest emulation.tap-modes: the Teredo server inside ns-3 answers real Linux
# hosts through a TAP, in both TapEmulationHelper modes.
#
#   scripts/emulation-tap-test.sh BUILD/teredo-emulation
#
# For each --mode (fd, tap-bridge) it runs the example's server role in a fresh
# network namespace S (TAP Linux end 192.0.2.254/24, ns-3 node 192.0.2.1 and
# .2) and, from a second namespace C routed through S over a veth
# (C 198.51.100.2 -- 198.51.100.1 S, forwarding on), checks that
#   - 192.0.2.1 and 192.0.2.2 answer pings (Linux -> ns-3 -> Linux);
#   - Linux learned 192.0.2.1 at the helper's fixed MAC 02:00:5e:10:00:01;
#   - a real Miredo client in C qualifies against 192.0.2.1 (its router
#     solicitation reaches the ns-3 TeredoServer, whose advertisement comes
#     back: Miredo logs its 2001:0:c000:201:... address, the program its
#     "ra 198.51.100.2:<port> from 192.0.2.1" line); C's address is
#     public-looking because Miredo refuses private ones;
#   - the program ends by itself after --duration=15 with its summary.
# Needs root, /dev/net/tun, ip netns, ping and miredo; otherwise prints
# "SKIPPED: <reason>" and exits 77. Everything it starts is stopped by PID and
# its namespaces are removed on exit; names carry the shell's PID.
set -uo pipefail
SECONDS=0

program=${1:?usage: emulation-tap-test.sh PATH/TO/teredo-emulation}
mac=02:00:5e:10:00:01 # TapEmulationHelper::MakeMac(1), the example's server MAC

skip() {
  echo "SKIPPED: $*"
  exit 77
}

[ "$(id -u)" -eq 0 ] || skip "not root (TAPs and network namespaces need root)"
[ -c /dev/net/tun ] || skip "no /dev/net/tun"
command -v ip >/dev/null || skip "no ip command (iproute2)"
command -v ping >/dev/null || skip "no ping (apt-get install iputils-ping)"
command -v miredo >/dev/null || skip "no miredo (apt-get install miredo)"
[ -x "$program" ] || {
  echo "FAIL: $program is not an executable" >&2
  exit 1
}

work=$(mktemp -d /tmp/emulation-tap-test.$$.XXXXXX)
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

probe=tet-probe-$$
ip netns add "$probe" 2>/dev/null || skip "cannot create network namespaces (ip netns add)"
ip netns delete "$probe"

failures=0
fail() {
  echo "FAIL [$mode]: $*"
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

index=0
for mode in fd tap-bridge; do
  index=$((index + 1))
  S=tet-s$$-$index
  C=tet-c$$-$index
  tap=tet$$t$index
  vs=tet$$s$index
  vc=tet$$c$index
  log=$work/ns3-$mode.log
  miredo_log=$work/miredo-$mode.log
  echo "== mode $mode: namespaces $S (TAP $tap) and $C"

  ip netns add "$S" && namespaces+=("$S")
  ip netns add "$C" && namespaces+=("$C")
  ip -n "$S" link set lo up
  ip -n "$C" link set lo up
  ip link add "$vs" type veth peer name "$vc"
  ip link set "$vs" netns "$S"
  ip link set "$vc" netns "$C"
  ip -n "$S" addr add 198.51.100.1/24 dev "$vs"
  ip -n "$S" link set "$vs" up
  ip -n "$C" addr add 198.51.100.2/24 dev "$vc"
  ip -n "$C" link set "$vc" up
  ip -n "$C" route add default via 198.51.100.1
  ip netns exec "$S" sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'

  ip netns exec "$S" "$program" --role=server --mode="$mode" --duration=15 --tap="$tap" \
    >"$log" 2>&1 &
  server=$!
  pids+=("$server")

  # The fd mode makes the TAP before the simulation starts, tap-bridge when it does.
  if ! wait_for 10 sh -c "ip -n '$S' -4 addr show dev '$tap' 2>/dev/null | grep -q 192.0.2.254"; then
    fail "TAP $tap never got 192.0.2.254"
    cat "$log"
    continue
  fi

  for address in 192.0.2.1 192.0.2.2; do
    if out=$(ip netns exec "$C" ping -n -c 3 -i 0.2 -W 2 "$address" 2>&1) &&
      line=$(grep -E ' 3 received' <<<"$out"); then
      echo "[$mode] ping $address from 198.51.100.2: $line"
    else
      fail "ping $address: $out"
    fi
  done

  neighbour=$(ip -n "$S" neigh show 192.0.2.1 dev "$tap")
  if grep -q "lladdr $mac" <<<"$neighbour"; then
    echo "[$mode] ip neigh: $neighbour"
  else
    fail "Linux's neighbour entry for 192.0.2.1 is '$neighbour', not $mac"
  fi

  printf 'InterfaceName teredo\nServerAddress 192.0.2.1\n' >"$work/miredo.conf"
  ip netns exec "$C" miredo -f -c "$work/miredo.conf" -p "$work/miredo-$mode.pid" \
    >"$miredo_log" 2>&1 &
  miredo=$!
  pids+=("$miredo")
  if wait_for 10 grep -q 'address: 2001:0:c000:201:' "$miredo_log"; then
    echo "[$mode] miredo: $(grep -o '(address: 2001:0:c000:201:[^)]*)' "$miredo_log" | head -n 1)"
  else
    fail "Miredo did not qualify against 192.0.2.1:"
    cat "$miredo_log"
  fi
  if wait_for 3 grep -qE ' ra 198\.51\.100\.2:[0-9]+ from 192\.0\.2\.1$' "$log"; then
    echo "[$mode] ns-3: $(grep -E ' ra 198\.51\.100\.2:[0-9]+ from 192\.0\.2\.1$' "$log" | head -n 1)"
  else
    fail "no router advertisement to 198.51.100.2 from 192.0.2.1 in the program's output"
  fi
  kill "$miredo" 2>/dev/null
  wait "$miredo" 2>/dev/null

  wait "$server"
  status=$?
  if [ "$status" -eq 0 ] && line=$(grep '^summary ' "$log"); then
    echo "[$mode] ns-3: $line"
  else
    fail "the program exited with status $status:"
    cat "$log"
  fi
  ip netns delete "$S"
  ip netns delete "$C"
done

if [ "$failures" -ne 0 ]; then
  echo "emulation.tap-modes: $failures failure(s) (${SECONDS} s)"
  exit 1
fi
echo "emulation.tap-modes: fd and tap-bridge both passed (${SECONDS} s)"
