#!/usr/bin/env bash
# Installs what building and testing the module needs on Debian bookworm (run as root).
# - libns3-dev: ns-3.37 headers, libraries and CMake package;
# - ns3: the helper programs in /usr/libexec/ns3 that ns-3's CMake package
#   insists exist (find_package(ns3) fails without them);
# - libgsl-dev: ns-3's exported targets link libgsl.so by path;
# - libboost-dev, libgtest-dev, clang-format: the module's own needs;
# - pkg-config, nettle-dev: HMAC-SHA1 for secure qualification (nettle);
# - ccache: reused objects for the ns-3.35 tree that build.waf-ns-3.35 keeps;
# - clang-14, libclang-rt-14-dev: the libFuzzer harnesses (fuzz/, CTest fuzz.*);
# - python3-sphinx: the model chapter (doc/), built by the doc.sphinx test;
# - miredo, miredo-server, tshark, conntrack, iptables, iproute2, iputils-ping:
#   the interoperability and emulation tests with real Miredo
#   (scripts/interop-miredo-*.sh, scripts/emulation-tap-test.sh). The packages
#   would start a system-wide Teredo client and server; a policy-rc.d keeps
#   them from starting during the install (the tests run their own).
#   tshark's debconf question (may non-root users capture?) is answered no;
# - stun-client, stun-server: stund's RFC 3489 client and server, for the STUN
#   emulation tests (scripts/emulation-stun-*.sh). stun-server would start a
#   system-wide stund; the same policy-rc.d keeps it from starting.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: run as root (apt-get)" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections
# Keep Debian from starting miredo's and miredo-server's services on install.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi
apt-get update -q
apt-get install -y -q --no-install-recommends \
  ca-certificates cmake make g++ \
  libns3-dev ns3 libgsl-dev libboost-dev libgtest-dev clang-format python3-sphinx \
  pkg-config nettle-dev ccache \
  clang-14 libclang-rt-14-dev \
  miredo miredo-server tshark conntrack iptables iproute2 iputils-ping \
  stun-client stun-server
