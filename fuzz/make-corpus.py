#!/usr/bin/env python3
"""Seed corpora for the fuzz harnesses, from real packets.

Usage: make-corpus.py OUT_DIR CAPTURE...

Reads Ethernet captures (pcap; pcapng is converted with tshark first) and
writes one file per distinct seed under OUT_DIR/<harness>/, named by the
SHA-1 of its content:
- classifier: every UDP payload of an IPv4 packet;
- server, client, relay: the same payloads behind the 8-octet prefix of
  fuzz-world.h (source forged to the captured one; for the client also "from
  the server" when it came from port 3544); relay also every native IPv6
  packet (prefix select 0x80);
- nat: every IPv4 packet behind two control octets, once from inside and
  once from outside towards the site's public address.
"""
import hashlib
import os
import struct
import subprocess
import sys
import tempfile


def frames(path):
    with open(path, 'rb') as f:
        magic = f.read(4)
    if magic == b'\x0a\x0d\x0d\x0a':
        tmp = tempfile.NamedTemporaryFile(suffix='.pcap', delete=False)
        tmp.close()
        subprocess.run(['tshark', '-r', path, '-F', 'pcap', '-w', tmp.name], check=True,
                       stderr=subprocess.DEVNULL)
        path = tmp.name
    data = open(path, 'rb').read()
    endian = '<' if data[:4] == b'\xd4\xc3\xb2\xa1' else '>'
    linktype = struct.unpack(endian + 'I', data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        _, _, caplen, _ = struct.unpack(endian + 'IIII', data[off:off + 16])
        frame = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        if linktype == 1 and len(frame) >= 14:  # Ethernet
            yield struct.unpack('>H', frame[12:14])[0], frame[14:]
        elif linktype == 101 and frame:  # raw IP
            yield (0x0800 if frame[0] >> 4 == 4 else 0x86dd), frame
        elif linktype == 9 and len(frame) >= 4:  # PPP (ns-3 point-to-point)
            proto = struct.unpack('>H', frame[2:4])[0]
            yield {0x0021: 0x0800, 0x0057: 0x86dd}.get(proto, 0), frame[4:]


def main():
    out = sys.argv[1]
    seeds = {h: set() for h in ('classifier', 'server', 'client', 'relay', 'nat')}
    for capture in sys.argv[2:]:
        for ethertype, packet in frames(capture):
            if ethertype == 0x86dd:
                seeds['relay'].add(bytes([0x80, 0, 0, 0, 0, 0, 0, 0]) + packet)
                continue
            if ethertype != 0x0800 or len(packet) < 20:
                continue
            ihl = (packet[0] & 0x0f) * 4
            total = struct.unpack('>H', packet[2:4])[0]
            packet = packet[:total]
            seeds['nat'].add(b'\x00\x00' + packet)
            seeds['nat'].add(b'\x19\x04' + packet)
            if packet[9] != 17 or len(packet) < ihl + 8:
                continue
            src = packet[12:16]
            sport = packet[ihl:ihl + 2]
            payload = packet[ihl + 8:]
            forged = bytes([3, 0]) + src + sport + payload
            seeds['classifier'].add(payload)
            seeds['server'].add(forged)
            seeds['relay'].add(forged)
            seeds['client'].add(forged)
            if sport == b'\x0d\xd8':
                seeds['client'].add(bytes([0, 1]) + src + sport + payload)
    for harness, items in seeds.items():
        directory = os.path.join(out, harness)
        os.makedirs(directory, exist_ok=True)
        for item in items:
            name = hashlib.sha1(item).hexdigest()
            with open(os.path.join(directory, name), 'wb') as f:
                f.write(item)
        print(f'{harness}: {len(items)} seeds')


if __name__ == '__main__':
    main()
