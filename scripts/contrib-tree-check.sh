#!/usr/bin/env bash
# Proves that this module builds and passes its tests inside an ns-3.37 source
# tree as contrib/teredo, next to the standalone build that README and CI use.
#
#   sudo scripts/contrib-tree-check.sh [WORKDIR]      (default: /tmp/teredo-contrib)
#
# It fetches Debian bookworm's ns-3.37 source package (adding a deb-src entry
# if none is configured), copies this folder to contrib/teredo, configures ns-3
# with only the modules Teredo needs, builds, and runs the teredo suites with
# ns-3's own test runner, the GoogleTest binary and the examples. A first run
# took 232 s on the 2-core development machine (most of it building ns-3's
# core, network and internet); not part of CI. Re-running reuses the tree.
set -euo pipefail
SECONDS=0

module_dir=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/teredo-contrib}
jobs=${JOBS:-$(nproc)}

log() { printf '\n== %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "contrib-tree-check: run as root (it installs build dependencies with apt-get)" >&2
  exit 2
fi

log "build dependencies"
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ &&
   ! grep -qs '^deb-src .* bookworm ' /etc/apt/sources.list; then
  cat > /etc/apt/sources.list.d/teredo-bookworm-src.sources <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  dpkg-dev cmake g++ make python3 libgtest-dev libboost-dev libgsl-dev

mkdir -p "$work"
cd "$work"
if [ ! -d ns3-3.37/ns-3.37 ]; then
  log "fetching the ns-3.37 source package"
  apt-get source -q ns3
fi
tree=$work/ns3-3.37/ns-3.37

log "placing the module at contrib/teredo"
rm -rf "$tree/contrib/teredo"
mkdir -p "$tree/contrib/teredo"
tar -C "$module_dir" --exclude=./build --exclude='./build-*' --exclude=./.git -cf - . |
  tar -C "$tree/contrib/teredo" -xf -

# csma and point-to-point: the topology helper in the library builds LANs and
# links (ns-3.37's own src/test also needs csma whenever applications and
# point-to-point are enabled, for ns3tcp-socket-test-suite.cc).
log "configuring ns-3 with teredo and what it needs"
cmake -S "$tree" -B "$tree/cmake-build" \
  -DCMAKE_BUILD_TYPE=Debug \
  -DNS3_ENABLED_MODULES="teredo;csma;point-to-point" \
  -DNS3_FILTER_MODULE_EXAMPLES_AND_TESTS=teredo \
  -DNS3_TESTS=ON -DNS3_EXAMPLES=ON \
  -DNS3_PYTHON_BINDINGS=OFF -DNS3_WARNINGS_AS_ERRORS=OFF

log "building (jobs: $jobs)"
cmake --build "$tree/cmake-build" -j "$jobs" \
  --target test-runner teredo-gtest teredo-wire-format-example nat-behavior-discovery \
  teredo-qualification

runner=$(find "$tree/build/utils" -maxdepth 1 -name 'ns3.37-test-runner*' -type f | head -n 1)
gtest=$(find "$tree/build/contrib/teredo" -maxdepth 1 -name teredo-gtest -type f | head -n 1)
example=$(find "$tree/build/contrib/teredo" -maxdepth 2 -name 'ns3.37-teredo-wire-format-example*' -type f | head -n 1)
nat_example=$(find "$tree/build/contrib/teredo" -maxdepth 2 -name 'ns3.37-nat-behavior-discovery*' -type f | head -n 1)
qualification=$(find "$tree/build/contrib/teredo" -maxdepth 2 -name 'ns3.37-teredo-qualification*' -type f | head -n 1)

log "the module's suites in ns-3's test runner ($runner)"
# The module's suites are the ones its test sources define; each must be known
# to ns-3's runner.
suites=$(grep -ho 'TestSuite("[^"]*"' "$module_dir"/test/*.cc | sed 's/TestSuite("\(.*\)"/\1/' | sort -u)
known=$("$runner" --list)
failed=0
for suite in $suites; do
  if ! grep -qx "$suite" <<<"$known"; then
    echo "suite $suite is not registered with ns-3's test runner" >&2
    failed=1
  fi
done
echo "$suites"

for suite in $suites; do
  (cd "$tree" && "$runner" --suite="$suite" --verbose --stop-on-failure) || failed=1
done

log "GoogleTest unit tests ($gtest)"
"$gtest" --gtest_brief=1 || failed=1

log "examples ($example, $nat_example, $qualification)"
"$example" | tail -n 2 || failed=1
"$nat_example" --pcap=false | tail -n 1 || failed=1
"$qualification" --pcap=false | tail -n 1 || failed=1

if [ "$failed" -ne 0 ]; then
  echo "contrib-tree-check: FAILED" >&2
  exit 1
fi
echo "contrib-tree-check: teredo built and passed inside ns-3.37 as contrib/teredo (${SECONDS} s)"
