/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_FUZZ_WORLD_H
#define TEREDO_FUZZ_WORLD_H

// The small simulated world the receive-path harnesses inject datagrams into,
// built once per fuzzing process and reused across inputs: a Teredo server, a
// relay, a client on a public address (site 0), a client behind a
// port-restricted cone NAT (site 1) and an IPv6-only host. Datagrams go in
// straight through the target node's Ipv4L3Protocol (or Ipv6L3Protocol)
// Receive, as the node's device would hand them up, so that any source can be
// forged; then the simulator runs 20 ms to carry out what the target did.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/teredo-module.h"

#include <cstdint>
#include <vector>

namespace teredo_fuzz
{

/// The eight octets every receive-path input starts with.
struct Prefix
{
    uint8_t select{0};                //!< what the source (or destination) is
    uint8_t flags{0};                 //!< harness-specific switches
    uint8_t address[4]{};             //!< an IPv4 address, when select asks for a forged one
    uint16_t port{0};                 //!< a UDP port, likewise
    static constexpr size_t SIZE = 8; //!< octets
};

/// When TEREDO_FUZZ_LAST_INPUT names a file, write the input there before it
/// runs: a fault that kills the crash handler too (a smashed stack) leaves no
/// artifact otherwise.
void RecordInput(const uint8_t* data, size_t size);

/// Split an input into its prefix (zero-padded) and the rest.
Prefix ReadPrefix(const uint8_t* data, size_t size, std::vector<uint8_t>& rest);

/// \return the IPv4 address of the prefix
ns3::Ipv4Address PrefixAddress(const Prefix& prefix);

/// The world; built on first use, never torn down (the process ends first).
class World
{
  public:
    static World& Get();

    /// Deliver a UDP datagram to node as if it came in on the device holding
    /// `to`, with `tos` as its IPv4 ToS octet.
    void InjectUdp(ns3::Ptr<ns3::Node> node,
                   ns3::Ipv4Address from,
                   uint16_t fromPort,
                   ns3::Ipv4Address to,
                   uint16_t toPort,
                   const std::vector<uint8_t>& payload,
                   uint8_t tos = 0);
    /// Deliver an IPv4 packet on a device of node.
    void InjectIpv4(ns3::Ptr<ns3::Node> node,
                    ns3::Ptr<ns3::NetDevice> device,
                    ns3::Ipv4Header header,
                    ns3::Ptr<ns3::Packet> payload);
    /// Deliver an IPv6 packet on a device of node.
    void InjectIpv6(ns3::Ptr<ns3::Node> node,
                    ns3::Ptr<ns3::NetDevice> device,
                    ns3::Ipv6Header header,
                    ns3::Ptr<ns3::Packet> payload);
    /// Run the simulator 20 ms.
    void Step();

    /// When the payload is an RS or RA with a wrong ICMPv6 checksum, correct it.
    static void FixIcmpv6Checksum(std::vector<uint8_t>& payload);
    /// When the payload has an authentication indicator, put this nonce in it.
    static void SetNonce(std::vector<uint8_t>& payload, uint64_t nonce);
    /// When the payload holds a whole IPv6 header, set its Traffic Class's ECN field.
    static void SetInnerEcn(std::vector<uint8_t>& payload, uint8_t ecn);

    ns3::TeredoTopologyHelper topology;    //!< the world
    ns3::Ptr<ns3::TeredoServer> server;    //!< on the server node
    ns3::Ptr<ns3::TeredoRelay> relay;      //!< on relay 0
    ns3::Ptr<ns3::TeredoClient> client;    //!< site 0 (public address)
    ns3::Ptr<ns3::TeredoClient> natClient; //!< site 1 (behind the NAT)
    std::vector<uint16_t> natOutsidePorts; //!< outside ports of the NAT's mappings
    uint64_t lastClientNonce{0};           //!< nonce of the client's latest RS

    static constexpr uint16_t CLIENT_PORT = 40000; //!< both clients' local port

  private:
    World();
};

} // namespace teredo_fuzz

#endif /* TEREDO_FUZZ_WORLD_H */
