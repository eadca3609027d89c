#!/usr/bin/env bash
# Proves that this module builds and passes its tests inside an ns-3.37 source
# tree as contrib/teredo, next to the standalone build that README and CI use.
#
#   sudo scripts/contrib-tree-check.sh [WORKDIR]      (default: /tmp/teredo-contrib)
#
# It fetches Debian bookworm's ns-3.37 source package (adding a deb-src entry
# if none is configured), copies this folder to contrib/teredo, configures ns-3
# with only the modules Teredo needs, builds, and runs ns-3's test.py on the
# module's suites (each in ns-3's test runner) and on its examples (the list in
# test/examples-to-run.py; test.py passes an example that exits with 0). The
# GoogleTest cases are not ns-3 TestSuites, so test.py does not know them:
# they run as the teredo-gtest program that the module's CMakeLists.txt builds
# in an ns-3 tree (build/contrib/teredo/teredo-gtest, when GoogleTest is
# installed), which this script runs too. Not part of CI. The first run builds
# every ns-3 module the examples need (teredo-world's netanim brings lte, wifi
# and others): about two hours on a 2-core machine shared with other builds;
# re-running reuses the tree and rebuilds only what changed (101 s).
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
# Everything the configuration enables: the module, its suites, its examples
# (test.py runs those its list names), ns-3's test runner and teredo-gtest.
cmake --build "$tree/cmake-build" -j "$jobs"

runner=$(find "$tree/build/utils" -maxdepth 1 -name 'ns3.37-test-runner*' -type f | head -n 1)
gtest=$(find "$tree/build/contrib/teredo" -maxdepth 1 -name teredo-gtest -type f | head -n 1)

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

# test.py reads the configuration ns-3 left in the tree, so it runs from there;
# --no-build: built above. One run per suite (test.py takes one --suite), then
# one for the examples (--constrain=example: examples only).
log "test.py: the module's suites"
testpy_log=$work/testpy.log
: >"$testpy_log"
for suite in $suites; do
  if ! (cd "$tree" && python3 test.py --no-build --suite="$suite") >>"$testpy_log" 2>&1; then
    echo "test.py --suite=$suite failed" >&2
    failed=1
  fi
done
grep -E '(PASS|FAIL|CRASH|SKIP|VALGR)[^:]*: TestSuite' "$testpy_log" || true

log "test.py: the module's examples (test/examples-to-run.py)"
examples_log=$work/testpy-examples.log
if ! (cd "$tree" && python3 test.py --no-build --constrain=example) >"$examples_log" 2>&1; then
  echo "test.py --constrain=example failed" >&2
  failed=1
fi
grep -E '(PASS|FAIL|CRASH|SKIP|VALGR)[^:]*: Example' "$examples_log" || true
tail -n 1 "$examples_log"
# Every example the list runs must have run and passed: a name test.py did not
# find (not built, or a renamed program) would otherwise be left out silently.
expected=$(python3 -c 'import sys; g = {}; exec(open(sys.argv[1]).read(), g)
print(sum(1 for e in g["cpp_examples"] if e[1] == "True"))' "$module_dir/test/examples-to-run.py")
passed=$(grep -cE 'PASS[^:]*: Example' "$examples_log" || true)
if [ "$passed" -ne "$expected" ]; then
  echo "test.py passed $passed examples, test/examples-to-run.py runs $expected" >&2
  failed=1
fi

log "GoogleTest unit tests ($gtest; test.py does not run them)"
if [ -n "$gtest" ]; then
  "$gtest" --gtest_brief=1 || failed=1
else
  echo "teredo-gtest was not built (GoogleTest missing?)" >&2
  failed=1
fi

if [ "$failed" -ne 0 ]; then
  echo "contrib-tree-check: FAILED" >&2
  exit 1
fi
echo "contrib-tree-check: teredo built and passed inside ns-3.37 as contrib/teredo (${SECONDS} s)"
