#!/usr/bin/env bash
# Proves that the wscript builds: this module inside a waf-based ns-3.35 tree,
# as contrib/teredo, builds with waf (its library and the examples the
# wscript builds there) and the examples run there as they should.
#
#   scripts/waf-ns-3.35-check.sh
#
# Environment:
#   TEREDO_NS335_SOURCE  the ns-3.35 source kit: ns-3.35-subset.tar.xz, the
#                        ns-3.35 release with the modules Teredo needs
#                        (default: shared/ns-3.35 beside this project's folder)
#   TEREDO_NS335_CACHE   where the built tree is kept, outside the clone, and
#                        reused (default: /var/cache/ns3-teredo, or
#                        ~/.cache/ns3-teredo when /var/cache is not writable)
#   TEREDO_WAF_JOBS      waf's parallel jobs (default: 2)
#
# Exits 77 (skipped) when the source kit is absent. The tree is unpacked,
# configured (with the module in it) and built once, and kept; each run then
# copies the module in, only the files that differ from the copy already there
# (waf rebuilds what changed), and builds with ccache when it is installed.
# The kit's build-ns-3.35.sh is not used: it configures without the module and
# its examples, and configuring again with them makes waf build the whole tree
# a second time.
#
# The module's ns-3 test suites need an API ns-3.35 lacks (Callbacks and
# scheduled events made from lambdas), and the wscript leaves them out, as it
# does three examples (wscript, NEEDS_NS3_36_*): so this runs the examples
# the wscript builds, as test/examples-to-run.py lists them (each exits
# non-zero when it does not observe what it expects, but teredo-world, whose
# tables the CMake build's tests check), and teredo-world once more on
# switched LANs writing its pcaps (SwitchedLanHelper's trace sinks).
set -euo pipefail
SECONDS=0

module_dir=$(cd "$(dirname "$0")/.." && pwd)
source_dir=${TEREDO_NS335_SOURCE:-$(dirname "$module_dir")/shared/ns-3.35}
if [ -n "${TEREDO_NS335_CACHE:-}" ]; then
  cache=$TEREDO_NS335_CACHE
elif mkdir -p /var/cache/ns3-teredo 2>/dev/null && [ -w /var/cache/ns3-teredo ]; then
  cache=/var/cache/ns3-teredo
else
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/ns3-teredo
fi
jobs=${TEREDO_WAF_JOBS:-2}

log() { printf '== %s (%d s)\n' "$*" "$SECONDS"; }

tarball=$source_dir/ns-3.35-subset.tar.xz
if [ ! -f "$tarball" ]; then
  echo "waf-ns-3.35-check: skipped: no ns-3.35 source kit at $source_dir" \
    "(set TEREDO_NS335_SOURCE)"
  exit 77
fi
command -v python3 >/dev/null || { echo "waf-ns-3.35-check: needs python3" >&2; exit 2; }

cxx=g++
if command -v ccache >/dev/null; then cxx="ccache g++"; fi
export CXX=$cxx
export CXXFLAGS="-O2 -Wno-error -Wno-maybe-uninitialized"
# The tree's modules and the module; with the examples, without ns-3's own
# tests (the module has none the wscript builds, and ns-3's would take long).
modules=teredo,core,network,internet,applications,point-to-point,csma,virtual-net-device
modules=$modules,internet-apps,tap-bridge,fd-net-device,bridge,traffic-control,stats,mobility
configure_args=(-d release --disable-werror --disable-tests --enable-examples --disable-python
  "--enable-modules=$modules")

log "ns-3.35 tree in $cache"
mkdir -p "$cache"
# One run at a time in the tree (another clone's run waits for this one).
if command -v flock >/dev/null; then
  exec 9>"$cache/.lock"
  flock 9
fi
tree=$cache/ns-3.35
stamp="$(sha256sum "$tarball" | cut -c1-16) ${configure_args[*]} CXX=$CXX CXXFLAGS=$CXXFLAGS"
configure=false
if [ "$(cat "$cache/.teredo-tree" 2>/dev/null)" != "$stamp" ]; then
  log "unpacking ns-3.35 (a new tree)"
  rm -f "$cache/.teredo-tree"
  rm -rf "$tree"
  tar -xJf "$tarball" -C "$cache"
  configure=true
fi

log "copying the module to contrib/teredo (files that differ)"
# Only what the wscript builds from; files already there and equal are left
# alone, files gone from the module are removed.
dest=$tree/contrib/teredo
mkdir -p "$dest"
(cd "$module_dir" && find wscript model helper test examples -type f) | sort >"$tree/.teredo-files"
copied=0
while read -r file; do
  if ! cmp -s "$module_dir/$file" "$dest/$file"; then
    mkdir -p "$(dirname "$dest/$file")"
    cp "$module_dir/$file" "$dest/$file"
    copied=$((copied + 1))
  fi
done <"$tree/.teredo-files"
(cd "$dest" && find . -type f | sed 's|^\./||' | sort) |
  comm -23 - "$tree/.teredo-files" | while read -r file; do rm -f "$dest/$file"; done
echo "$copied file(s) copied"

cd "$tree"
# The module's wscript has a configure step of its own (nettle): a changed
# wscript configures the kept tree again (waf then rebuilds only what the
# change touches).
module_stamp=$(sha256sum "$dest/wscript" | cut -c1-16)
if [ "$(cat "$cache/.teredo-wscript" 2>/dev/null)" != "$module_stamp" ]; then
  configure=true
fi
if $configure; then
  log "waf configure"
  python3 ./waf configure "${configure_args[@]}" >teredo-configure.log 2>&1 ||
    { tail -20 teredo-configure.log; exit 1; }
  echo "$stamp" >"$cache/.teredo-tree"
  echo "$module_stamp" >"$cache/.teredo-wscript"
fi

log "waf build"
python3 ./waf build -j"$jobs" >teredo-build.log 2>&1 ||
  { grep -E -m20 'error|Error' teredo-build.log; exit 1; }
echo "waf: $(grep -E -c '^\[ *[0-9]+/[0-9]+\] (Compiling|Linking)' teredo-build.log) step(s) run"

# The examples the wscript builds: those it lists in EXAMPLES.
examples=$(python3 -c 'import sys; g = {}; exec(open(sys.argv[1]).read(), g)
for e in g["EXAMPLES"]: print(e.split("/")[-1][:-3])' "$dest/wscript")
missing=""
for example in $examples; do
  [ -x "build/contrib/teredo/ns3.35-$example" ] || missing="$missing $example"
done
[ -f build/lib/libns3.35-teredo.so ] || missing="$missing libns3.35-teredo"
if [ -n "$missing" ]; then
  echo "waf-ns-3.35-check: FAIL: not built:$missing" >&2
  exit 1
fi
echo "built: libns3.35-teredo and the examples: $(tr "\n" " " <<<"$examples")"

log "the examples"
# As waf --run would: the tree's libraries, where ns-3's programs find them.
export LD_LIBRARY_PATH=$tree/build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
temp_dir=$(mktemp -d)
trap 'rm -rf "$temp_dir"' EXIT
runs=$(python3 -c 'import sys; g = {}; exec(open(sys.argv[1]).read(), g)
for (command, run, _) in g["cpp_examples"]:
    if run == "True": print(command)' "$dest/test/examples-to-run.py")
failed=0
n=0
while read -r name args; do
  grep -qx "$name" <<<"$examples" || continue
  n=$((n + 1))
  # shellcheck disable=SC2086 # the arguments, word by word
  if (cd "$temp_dir" && "$tree/build/contrib/teredo/ns3.35-$name" $args \
    >"$temp_dir/run-$n.log" 2>&1); then
    echo "PASS $name $args"
  else
    echo "FAIL $name $args:" >&2
    tail -20 "$temp_dir/run-$n.log" >&2
    failed=1
  fi
done <<<"$runs"
# SwitchedLanHelper's pcaps: one a device, each more than a pcap header.
mkdir "$temp_dir/pcaps"
if (cd "$temp_dir/pcaps" && "$tree/build/contrib/teredo/ns3.35-teredo-world" \
  --clients=2 --lan=switched --figure=false >../switched.log 2>&1); then
  pcaps=$(find "$temp_dir/pcaps" -name '*.pcap' | wc -l)
  empty=$(find "$temp_dir/pcaps" -name '*.pcap' -size -25c | wc -l)
  if [ "$pcaps" -gt 0 ] && [ "$empty" -eq 0 ]; then
    echo "PASS teredo-world --clients=2 --lan=switched: $pcaps pcaps, none empty"
  else
    echo "FAIL teredo-world --clients=2 --lan=switched: $pcaps pcaps, $empty empty" >&2
    failed=1
  fi
else
  echo "FAIL teredo-world --clients=2 --lan=switched:" >&2
  tail -20 "$temp_dir/switched.log" >&2
  failed=1
fi
if [ "$failed" -ne 0 ] || [ "$n" -eq 0 ]; then
  echo "waf-ns-3.35-check: FAIL (the tree and its logs: $tree)" >&2
  exit 1
fi
echo "waf-ns-3.35-check: built with waf in ns-3.35, $((n + 1)) example runs passed ($SECONDS s)"
