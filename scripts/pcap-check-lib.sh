#!/usr/bin/env bash
# Shared by the pcap checks (check-teredo-pcaps.sh, check-stun-pcaps.sh):
# run a program in a fresh folder and merge the pcaps it wrote.
#
# pcap_check_run WORKDIR PROGRAM [ARG...]: exits 77 (skipped) without tshark,
# 1 when the program wrote no pcap; otherwise leaves the caller in WORKDIR
# with the program's output in stdout.txt, its pcaps in the array `pcaps`
# and all of them merged in all.pcapng (pcapng: their link types differ).
pcap_check_run() {
  local work="$1"
  shift
  if ! command -v tshark >/dev/null 2>&1; then
    echo "SKIPPED: no tshark (Debian: tshark)"
    exit 77
  fi
  rm -rf "$work"
  mkdir -p "$work"
  cd "$work" || exit 1
  "$@" >stdout.txt
  shopt -s nullglob
  pcaps=(*.pcap)
  if [ "${#pcaps[@]}" -eq 0 ]; then
    echo "FAIL: $1 wrote no pcap"
    exit 1
  fi
  mergecap -F pcapng -w all.pcapng "${pcaps[@]}"
}
