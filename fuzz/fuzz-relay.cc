/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer harness: TeredoRelay's receive paths. Input: an 8-octet prefix
// (fuzz-world.h) then octets.
// - prefix.select bit 7 clear: the octets are a UDP payload to the relay's
//   Teredo port, from (select % 4) 0 the client on a public address, 1 the
//   NAT's public address, 2 the server, 3 the forged address and port of the
//   prefix. flags bit 2: with select 0 or 1, write that client's Teredo
//   address as the IPv6 source (and send from the NATed client's mapped port),
//   so that a packet passes the ingress check once the relay knows the client;
//   flags bit 1: then correct a wrong RS/RA checksum; bits 3-4: the ECN field
//   of the outer IPv4 header; bit 5: set the inner IPv6 Traffic Class's ECN
//   field to bits 6-7 (RFC 6040's decapsulation table: every combination).
// - bit 7 set: the octets are an IPv6 packet arriving on the relay's native
//   IPv6 interface (its 40-octet header read field by field, zero-padded);
//   flags bits 0-1 replace its destination (1: the public client's Teredo
//   address, 2: the NATed client's, 3: a Teredo address made of the prefix's
//   address and port); bit 2 replaces its source with the IPv6 host's.
//   Packets that would crash or hang ns-3's own stack are skipped (below).

#include "fuzz-world.h"

using namespace ns3;
using namespace teredo_fuzz;

namespace
{

void
Teredo(World& w, const Prefix& prefix, std::vector<uint8_t>& payload)
{
    Ipv4Address from;
    uint16_t fromPort = prefix.port;
    switch (prefix.select % 4)
    {
    case 0:
        from = w.topology.GetClientAddress(0, 0);
        fromPort = World::CLIENT_PORT;
        break;
    case 1:
        from = w.topology.GetSitePublicAddress(1);
        if (prefix.flags & 4)
        {
            fromPort = TeredoAddress::Decode(w.natClient->GetTeredoAddress()).GetMappedPort();
        }
        break;
    case 2:
        from = w.topology.GetServerPrimaryAddress();
        fromPort = TeredoAddress::SERVER_PORT;
        break;
    default:
        from = PrefixAddress(prefix);
        break;
    }
    if ((prefix.flags & 4) && prefix.select % 4 < 2)
    {
        TeredoDatagramInfo info =
            TeredoDatagramClassifier::Classify(payload.data(), payload.size());
        if (info.ipv6Size > 0) // a whole IPv6 header is there
        {
            Ipv6Address source = prefix.select % 4 == 0 ? w.client->GetTeredoAddress()
                                                        : w.natClient->GetTeredoAddress();
            source.GetBytes(payload.data() + info.ipv6Offset + 8);
        }
    }
    if (prefix.flags & 32)
    {
        World::SetInnerEcn(payload, prefix.flags >> 6);
    }
    if (prefix.flags & 2)
    {
        World::FixIcmpv6Checksum(payload);
    }
    w.InjectUdp(w.topology.GetRelay(0),
                from,
                fromPort,
                w.topology.GetRelayIpv4Address(0),
                TeredoAddress::SERVER_PORT,
                payload,
                (prefix.flags >> 3) & 3);
}

Ipv6Address
AddressAt(const std::vector<uint8_t>& b, size_t at)
{
    uint8_t a[16];
    std::copy(b.begin() + at, b.begin() + at + 16, a);
    return Ipv6Address(a);
}

/// \return false when the input was skipped (see below)
bool
Native(World& w, const Prefix& prefix, std::vector<uint8_t>& octets)
{
    constexpr size_t HEADER = 40;
    size_t payloadSize = octets.size() > HEADER ? octets.size() - HEADER : 0;
    octets.resize(std::max(octets.size(), HEADER), 0);
    Ipv6Header h;
    h.SetTrafficClass(static_cast<uint8_t>((octets[0] & 0x0f) << 4 | octets[1] >> 4));
    h.SetFlowLabel(static_cast<uint32_t>((octets[1] & 0x0f) << 16 | octets[2] << 8 | octets[3]));
    // Extension headers stay out: ns-3.37's own Ipv6L3Protocol::Receive reads
    // past the end of a truncated hop-by-hop header (SEGV in
    // OptionField::Deserialize, found by this harness; ns-3's bug, not the
    // relay's; see fuzz/README.md).
    const uint8_t next = octets[6];
    const bool extension = next == 0 || next == 43 || next == 44 || next == 50 || next == 51 ||
                           next == 60 || next == 135;
    h.SetNextHeader(extension ? 59 : next);
    h.SetHopLimit(octets[7]);
    h.SetSource(AddressAt(octets, 8));
    h.SetDestination(AddressAt(octets, 24));
    switch (prefix.flags & 3)
    {
    case 1:
        h.SetDestination(w.client->GetTeredoAddress());
        break;
    case 2:
        h.SetDestination(w.natClient->GetTeredoAddress());
        break;
    case 3:
        h.SetDestination(TeredoAddress(w.topology.GetServerPrimaryAddress(),
                                       static_cast<uint16_t>(prefix.select << 8),
                                       prefix.port,
                                       PrefixAddress(prefix))
                             .ToIpv6());
        break;
    default:
        break;
    }
    if (prefix.flags & 4)
    {
        h.SetSource(w.topology.GetIpv6HostAddress(0));
    }
    // More bugs of ns-3.37's own IPv6 stack, reached here only because the
    // harness writes straight into the relay node's stack on its native side.
    // No Teredo peer reaches them: the relay drops multicast destinations, and
    // the classifier what ns-3 cannot parse, on its Teredo side. Such inputs
    // are skipped (fuzz/README.md, findings 3, 6, 10, 14 and 15):
    // - to a multicast address, a next header no protocol takes:
    //   LocalDeliver sends its Parameter Problem to the packet's destination,
    //   not its source, and routing that to link-local multicast without an
    //   interface dereferences interface -1 (SEGV);
    // - what the classifier rejects as bad-tcp-options (TcpHeader loops for
    //   ever, also in the queue disc of a forwarding node) or bad-nd-message
    //   (a link-layer address option overflows a stack buffer, and more);
    // - a router solicitation: on a forwarding interface, HandleRS copies the
    //   first option's type out of a packet that may have none, into an
    //   uninitialised byte, and when that byte happens to be 1 it reads a
    //   link-layer address option from beyond the packet and overflows the
    //   same stack buffer (finding 10). The relay drops RSs and RAs from its
    //   Teredo side (router-discovery);
    // - to ::1: a forwarding node routes it to its loopback interface, which
    //   has no neighbour cache, and a neighbour advertisement there crashes
    //   Icmpv6L4Protocol::HandleNA (SEGV, finding 14). The relay drops
    //   destinations that are not global unicast from its Teredo side
    //   (destination-not-global);
    // - from a multicast source: an ICMPv6 error about it (time exceeded for
    //   a hop limit of 1, destination unreachable) goes to that source, which
    //   RFC 4443 section 2.4 (e) forbids, and routing it to link-local
    //   multicast without an interface dereferences interface -1 (SEGV, as in
    //   finding 3; finding 15). The relay takes only Teredo sources on its
    //   Teredo side (source-not-teredo).
    const uint8_t upper = h.GetNextHeader();
    if (h.GetDestination().IsLocalhost() || h.GetSource().IsMulticast())
    {
        return false;
    }
    if (h.GetDestination().IsMulticast() && upper != 6 && upper != 17 && upper != 58)
    {
        return false;
    }
    if (upper == 58 && payloadSize > 0 &&
        octets[HEADER] == Icmpv6Header::ICMPV6_ND_ROUTER_SOLICITATION)
    {
        return false;
    }
    std::vector<uint8_t> packet(HEADER + payloadSize);
    {
        Buffer b;
        b.AddAtStart(HEADER);
        h.SetPayloadLength(payloadSize);
        h.Serialize(b.Begin());
        b.CopyData(packet.data(), HEADER);
        std::copy(octets.begin() + HEADER,
                  octets.begin() + HEADER + payloadSize,
                  packet.begin() + HEADER);
    }
    const TeredoDatagramInfo info =
        TeredoDatagramClassifier::Classify(packet.data(), packet.size());
    if (info.reason == TeredoDatagramInfo::BAD_TCP_OPTIONS ||
        info.reason == TeredoDatagramInfo::BAD_ND_MESSAGE)
    {
        return false;
    }
    Ptr<Packet> payload = Create<Packet>(octets.data() + HEADER, payloadSize);
    Ptr<Node> node = w.topology.GetRelay(0);
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    int32_t interface = ipv6->GetInterfaceForAddress(w.topology.GetRelayIpv6Address(0));
    w.InjectIpv6(node, ipv6->GetNetDevice(interface), h, payload);
    return true;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size > 2048)
    {
        return 0;
    }
    World& w = World::Get();
    RecordInput(data, size);
    std::vector<uint8_t> octets;
    Prefix prefix = ReadPrefix(data, size, octets);
    if (prefix.select & 0x80)
    {
        if (!Native(w, prefix, octets))
        {
            return 0;
        }
    }
    else
    {
        Teredo(w, prefix, octets);
    }
    w.Step();
    return 0;
}
