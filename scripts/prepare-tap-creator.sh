#!/usr/bin/env bash
# Makes ns-3's TapBridge usable with Debian's ns-3.37 packages (run as root).
#
#   sudo scripts/prepare-tap-creator.sh [LIBRARY]
#
# TapBridge forks and runs a creator program at the path its library was
# compiled with. Debian's libns3-tap-bridge names the package build folder
# (/build/ns3-QJPJQL/ns3-3.37/ns-3.37/build/src/tap-bridge/ns3.37-tap-creator),
# while package ns3 installs the program in /usr/libexec/ns3/; without
# something at the first path every TapBridge mode fails with "Back from
# execlp()". This script reads the path from the library itself (LIBRARY, by
# default the installed libns3*-tap-bridge.so*) and links it to the installed
# program. TapEmulationHelper::PrepareTapCreator does the same from C++.
# The program is not setuid in Debian: simulations using TapBridge run as root.
#
# Exit status: 0 in place (made now or before), 1 cannot (no library, no
# program: install package ns3; dangling link), 2 not root.
set -euo pipefail

# The path as Debian's 3.37-2 package has it, if the library cannot be read.
fallback=/build/ns3-QJPJQL/ns3-3.37/ns-3.37/build/src/tap-bridge/ns3.37-tap-creator
libexec=/usr/libexec/ns3

fail() { # fail STATUS MESSAGE...
  local status=$1
  shift
  echo "prepare-tap-creator: $*" >&2
  exit "$status"
}

lib=${1:-}
if [ -z "$lib" ]; then
  for candidate in /usr/lib/*/libns3*-tap-bridge.so* /usr/lib/libns3*-tap-bridge.so* \
                   /usr/local/lib/libns3*-tap-bridge.so*; do
    if [ -f "$candidate" ]; then
      lib=$candidate
      break
    fi
  done
fi

expected=
if [ -n "$lib" ] && [ -f "$lib" ]; then
  # The creator's path is a string literal of its own in the library.
  expected=$(grep -aoE '/[[:alnum:]._/+-]*/ns3\.[0-9]+-tap-creator[[:alnum:]-]*' "$lib" |
             head -n 1 || true)
fi
if [ -z "$expected" ]; then
  echo "prepare-tap-creator: no creator path found in '${lib:-no tap-bridge library}'," \
       "assuming Debian's: $fallback" >&2
  expected=$fallback
fi
installed=$libexec/$(basename "$expected")

if [ -e "$expected" ]; then
  echo "prepare-tap-creator: in place (path read from ${lib:-the fallback}): $expected$( [ -L "$expected" ] &&
    printf ' -> %s' "$(readlink "$expected")")"
  exit 0
fi
if [ -L "$expected" ]; then
  fail 1 "$expected is a dangling link (to $(readlink "$expected")): install package ns3," \
       "or point the link at a tap-creator program"
fi
if [ ! -x "$installed" ]; then
  fail 1 "TapBridge runs $expected, which is missing, and $installed is not there to link" \
       "it to: install Debian's package ns3 (apt-get install ns3)"
fi
if [ "$(id -u)" -ne 0 ]; then
  fail 2 "linking $expected to $installed needs root"
fi
mkdir -p "$(dirname "$expected")"
ln -s "$installed" "$expected"
echo "prepare-tap-creator: linked $expected -> $installed"
