#!/usr/bin/env bash
# CTest driver of the libFuzzer harnesses (fuzz/).
#   fuzz-ctest.sh build SOURCE_DIR FUZZ_BUILD_DIR
#     configures and builds fuzz/ with clang++-14 into FUZZ_BUILD_DIR;
#     skipped (77) when clang++-14 or libFuzzer/ASan/UBSan (libclang-rt-14-dev) is missing.
#   fuzz-ctest.sh run SOURCE_DIR FUZZ_BUILD_DIR HARNESS SECONDS
#     runs fuzz-HARNESS for SECONDS on its seed corpus (fuzz/corpus/HARNESS; new
#     inputs go to a scratch folder, the committed corpus is left alone); fails
#     on any crash, leak, sanitizer report or timeout; skipped (77) when the
#     build was.
set -uo pipefail
mode=$1
src=$2
out=$3
cxx=${TEREDO_FUZZ_CXX:-clang++-14}

case "$mode" in
build)
  if ! command -v "$cxx" > /dev/null; then
    echo "SKIPPED: $cxx not found (Debian: apt-get install clang-14 libclang-rt-14-dev)"
    exit 77
  fi
  probe=$(mktemp -d)
  trap 'rm -rf "$probe"' EXIT
  echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' \
    > "$probe/probe.cc"
  if ! "$cxx" -fsanitize=fuzzer,address,undefined "$probe/probe.cc" -o "$probe/probe" 2> "$probe/err"; then
    cat "$probe/err"
    echo "SKIPPED: $cxx cannot link -fsanitize=fuzzer,address,undefined (Debian: libclang-rt-14-dev)"
    exit 77
  fi
  rm -f "$out/.built"
  cmake -S "$src/fuzz" -B "$out" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    && cmake --build "$out" -j2 \
    && touch "$out/.built"
  ;;
run)
  harness=$4
  seconds=$5
  if [ ! -e "$out/.built" ]; then
    echo "SKIPPED: the fuzz harnesses were not built (see fuzz.build)"
    exit 77
  fi
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  # The receive-path harnesses reuse one simulated world, so many inputs
  # rightly leave state behind (a timer, a peer entry); libFuzzer would take
  # each for a possible leak and scan the whole heap, which slowed these runs
  # from ~19,000 to a few hundred executions per second. LeakSanitizer still
  # checks at exit.
  leaks=""
  if [ "$harness" != classifier ]; then
    leaks="-detect_leaks=0"
  fi
  # libFuzzer's own default exit code for a finding is 77, CTest's skip code:
  # findings, timeouts and leaks exit 1 here.
  # A finding's input goes to FUZZ_BUILD_DIR/findings, not the working folder.
  # The progress lines (libFuzzer separates their fields by a tab), the
  # functions first covered and the recommended dictionary are left out of the
  # log, so that a finding's report is what CI shows.
  mkdir -p "$out/findings"
  "$out/fuzz-$harness" "$scratch" "$src/fuzz/corpus/$harness" \
    -max_total_time="$seconds" -seed=1 -timeout=10 -rss_limit_mb=2560 $leaks \
    -error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 \
    -artifact_prefix="$out/findings/$harness-" 2>&1 \
    | awk '/^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)/ || /^[[:space:]]+NEW_FUNC/ { next }
           /^###### Recommended dictionary/ { dict = 1; next }
           /^###### End of recommended dictionary/ { dict = 0; next }
           !dict { print }'
  rc=${PIPESTATUS[0]}
  if [ "$rc" -ne 0 ]; then
    echo "fuzz.$harness: FAILED (exit $rc)"
    exit 1
  fi
  echo "fuzz.$harness: passed"
  ;;
*)
  echo "usage: $0 build|run ..." >&2
  exit 2
  ;;
esac
