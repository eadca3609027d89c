#!/usr/bin/env bash
# Run an example in a fresh folder and check its pcaps with tshark: every
# frame decodes (no malformed packets, Teredo's heuristic dissector on for
# the ports other than 3544) and Teredo is found in them.
#   [TEREDO_PCAPS=N] scripts/check-teredo-pcaps.sh WORKDIR PROGRAM [ARG...]
# With TEREDO_PCAPS, the program must also have written exactly N pcaps.
# Exit 0 good, 1 a malformed frame or no Teredo, 77 (skipped) without tshark.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=pcap-check-lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/pcap-check-lib.sh"
work="$1"
# One tshark run over all of them, merged.
pcap_check_run "$@"
program="$2"
if [ -n "${TEREDO_PCAPS:-}" ] && [ "${#pcaps[@]}" -ne "$TEREDO_PCAPS" ]; then
  echo "FAIL: $program wrote ${#pcaps[@]} pcaps, not $TEREDO_PCAPS"
  exit 1
fi
tshark -r all.pcapng --enable-heuristic teredo_udp -T fields -e frame.protocols \
  2>/dev/null >protocols.txt
frames=$(wc -l <protocols.txt)
teredo=$(grep -c ':teredo' protocols.txt || true)
malformed=$(grep -c '_ws.malformed' protocols.txt || true)
if [ "$malformed" -gt 0 ]; then
  echo "malformed frames:"
  tshark -r all.pcapng --enable-heuristic teredo_udp -Y _ws.malformed 2>/dev/null | head -5
fi
echo "${#pcaps[@]} pcaps, $frames frames, $teredo Teredo, $malformed malformed"
if [ "$malformed" -gt 0 ] || [ "$teredo" -eq 0 ]; then
  echo "FAIL"
  exit 1
fi
cd / && rm -rf "$work"
echo "PASS"
