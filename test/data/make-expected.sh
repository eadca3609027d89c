#!/bin/sh
# Regenerates the expected classification of every Teredo datagram in the
# Miredo capture, using Wireshark's Teredo dissector as the independent judge.
#   sh test/data/make-expected.sh CAPTURE.pcapng   (the capture as tshark wrote it)
# writes test/data/miredo-1.2.6-netns.pcap (classic pcap, which ns-3's PcapFile
# reads; the original is pcapng) and test/data/miredo-1.2.6-netns.expected.
set -eu
src=$1
here=$(dirname "$0")
editcap -F pcap "$src" "$here/miredo-1.2.6-netns.pcap"
{
  echo "# frame kind auth origin; by $(tshark -v | head -n1)"
  # Outer UDP only: ICMP errors quoting a Teredo datagram are not Teredo datagrams.
  tshark -r "$src" -o teredo.heuristic_teredo:TRUE -Y 'udp && !icmp' -T fields \
    -E separator=';' -E occurrence=f \
    -e frame.number -e teredo.auth.nonce -e teredo.orig.addr -e teredo.orig.port \
    -e ipv6.nxt -e ipv6.plen -e icmpv6.type 2>/dev/null |
  awk -F';' '{
      kind = "ipv6-data"
      if ($5 == 59 && $6 == 0) kind = "bubble"
      else if ($7 == 133) kind = "router-solicitation"
      else if ($7 == 134) kind = "router-advertisement"
      auth = ($2 != "") ? "auth" : "-"
      origin = ($3 != "") ? $3 ":" $4 : "-"
      print $1, kind, auth, origin
    }'
} > "$here/miredo-1.2.6-netns.expected"
