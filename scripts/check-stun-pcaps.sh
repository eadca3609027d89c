#!/usr/bin/env bash
# Run nat-behavior-discovery (or another program writing pcaps) in a fresh
# folder and check its pcaps with tshark: every UDP datagram decodes as STUN,
# none is malformed (tshark -Y _ws.malformed finds nothing).
#   scripts/check-stun-pcaps.sh WORKDIR PROGRAM [ARG...]
# Exit 0 good, 1 a frame not STUN or malformed, 77 (skipped) without tshark.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=pcap-check-lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/pcap-check-lib.sh"
work="$1"
pcap_check_run "$@"
tshark -r all.pcapng -T fields -e frame.protocols 2>/dev/null >protocols.txt
udp=$(grep -c ':udp' protocols.txt || true)
stun=$(grep -c ':udp:stun' protocols.txt || true)
tshark -r all.pcapng -Y _ws.malformed 2>/dev/null >malformed.txt
malformed=$(wc -l <malformed.txt)
echo "${#pcaps[@]} pcaps, $udp UDP datagrams, $stun STUN, $malformed malformed"
if [ "$malformed" -gt 0 ] || [ "$stun" -ne "$udp" ] || [ "$stun" -eq 0 ]; then
  head -5 malformed.txt
  grep ':udp' protocols.txt | grep -v ':udp:stun' | head -5 || true
  echo "FAIL"
  exit 1
fi
cd / && rm -rf "$work"
echo "PASS"
