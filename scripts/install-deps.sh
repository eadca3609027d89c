#!/usr/bin/env bash
# Installs what building and testing the module needs on Debian bookworm (run as root).
# - libns3-dev: ns-3.37 headers, libraries and CMake package;
# - ns3: the helper programs in /usr/libexec/ns3 that ns-3's CMake package
#   insists exist (find_package(ns3) fails without them);
# - libgsl-dev: ns-3's exported targets link libgsl.so by path;
# - libboost-dev, libgtest-dev, clang-format: the module's own needs;
# - iputils-ping: the emulation.tap-modes test pings the ns-3 node. That test
#   also needs miredo, not installed here (the package starts a Teredo client
#   service); without it the test is skipped.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: run as root (apt-get)" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
  ca-certificates cmake make g++ \
  libns3-dev ns3 libgsl-dev libboost-dev libgtest-dev clang-format iputils-ping
