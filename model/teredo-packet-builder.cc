/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-packet-builder.h"

#include "teredo-address.h"
#include "teredo-datagram-classifier.h"

#include "ns3/icmpv6-header.h"
#include "ns3/ipv6-header.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TeredoPacketBuilder");

namespace
{

constexpr uint8_t ND_HOP_LIMIT = 255; // RFC 4861 requires it on RS and RA

/// Put an IPv6 header in front of an already built ICMPv6 message.
void
AddIpv6Header(Ptr<Packet> p,
              Ipv6Address source,
              Ipv6Address destination,
              uint8_t nextHeader,
              uint8_t hopLimit)
{
    Ipv6Header ip;
    ip.SetSource(source);
    ip.SetDestination(destination);
    ip.SetNextHeader(nextHeader);
    ip.SetHopLimit(hopLimit);
    ip.SetFlowLabel(0); // ns-3 defaults to 1; Teredo implementations send 0
    ip.SetTrafficClass(0);
    ip.SetPayloadLength(p->GetSize());
    p->AddHeader(ip);
}

} // namespace

Ptr<Packet>
TeredoPacketBuilder::MakeBubble(Ipv6Address source, Ipv6Address destination, uint8_t hopLimit)
{
    NS_LOG_FUNCTION(source << destination << unsigned(hopLimit));
    Ptr<Packet> p = Create<Packet>();
    AddIpv6Header(p, source, destination, TeredoDatagramClassifier::IPV6_NO_NEXT_HEADER, hopLimit);
    return p;
}

Ptr<Packet>
TeredoPacketBuilder::MakeRouterSolicitation(const TeredoAuthHeader& auth, bool cone)
{
    NS_LOG_FUNCTION(cone);
    Ipv6Address source =
        cone ? TeredoAddress::GetConeLinkLocal() : TeredoAddress::GetNonConeLinkLocal();
    Ipv6Address destination = Ipv6Address::GetAllRoutersMulticast();

    Ptr<Packet> p = Create<Packet>();
    Icmpv6RS rs;
    rs.CalculatePseudoHeaderChecksum(source,
                                     destination,
                                     rs.GetSerializedSize(),
                                     TeredoDatagramClassifier::IPV6_NEXT_ICMPV6);
    p->AddHeader(rs);
    AddIpv6Header(p, source, destination, TeredoDatagramClassifier::IPV6_NEXT_ICMPV6, ND_HOP_LIMIT);
    p->AddHeader(auth);
    return p;
}

Ptr<Packet>
TeredoPacketBuilder::MakeRouterAdvertisement(const TeredoAuthHeader& auth,
                                             const TeredoOriginHeader& origin,
                                             Ipv4Address server,
                                             Ipv6Address destination,
                                             Ipv6Address prefix)
{
    NS_LOG_FUNCTION(server << destination << prefix);
    Ipv6Address source = GetServerLinkLocal(server);

    Ptr<Packet> p = Create<Packet>();
    // Options go in first: headers are prepended, and the RA checksum must cover them.
    Icmpv6OptionMtu mtu(TEREDO_MTU);
    p->AddHeader(mtu);
    Icmpv6OptionPrefixInformation pio(GetServerPrefix(server, prefix), 64);
    pio.SetFlags(Icmpv6OptionPrefixInformation::AUTADDRCONF);
    pio.SetValidTime(0xffffffff);
    pio.SetPreferredTime(0xffffffff);
    p->AddHeader(pio);

    Icmpv6RA ra;
    ra.SetCurHopLimit(0);
    ra.SetLifeTime(0); // not a default router: the client routes by its own rules
    ra.SetReachableTime(0);
    ra.SetRetransmissionTime(RA_RETRANS_TIMER_MS);
    ra.CalculatePseudoHeaderChecksum(source,
                                     destination,
                                     p->GetSize() + ra.GetSerializedSize(),
                                     TeredoDatagramClassifier::IPV6_NEXT_ICMPV6);
    p->AddHeader(ra);
    AddIpv6Header(p, source, destination, TeredoDatagramClassifier::IPV6_NEXT_ICMPV6, ND_HOP_LIMIT);
    p->AddHeader(origin);
    p->AddHeader(auth);
    return p;
}

Ptr<Packet>
TeredoPacketBuilder::MakeEchoRequest(Ipv6Address source,
                                     Ipv6Address destination,
                                     uint16_t identifier,
                                     uint16_t sequence,
                                     uint64_t nonce,
                                     uint8_t hopLimit)
{
    NS_LOG_FUNCTION(source << destination << identifier << sequence);
    uint8_t data[8];
    for (int k = 0; k < 8; ++k)
    {
        data[k] = uint8_t(nonce >> (56 - 8 * k));
    }
    Ptr<Packet> p = Create<Packet>(data, sizeof(data));
    Icmpv6Echo echo(true);
    echo.SetId(identifier);
    echo.SetSeq(sequence);
    echo.CalculatePseudoHeaderChecksum(source,
                                       destination,
                                       p->GetSize() + echo.GetSerializedSize(),
                                       TeredoDatagramClassifier::IPV6_NEXT_ICMPV6);
    p->AddHeader(echo);
    AddIpv6Header(p, source, destination, TeredoDatagramClassifier::IPV6_NEXT_ICMPV6, hopLimit);
    return p;
}

bool
TeredoPacketBuilder::ReadEchoReplyNonce(Ptr<const Packet> ipv6Packet, uint64_t& nonce)
{
    constexpr uint32_t ECHO_HEADER = 8; // type, code, checksum, identifier, sequence
    uint32_t header = TeredoDatagramClassifier::IPV6_HEADER_SIZE;
    if (ipv6Packet->GetSize() < header + ECHO_HEADER + 8)
    {
        return false;
    }
    uint8_t bytes[TeredoDatagramClassifier::IPV6_HEADER_SIZE + ECHO_HEADER + 8];
    ipv6Packet->CopyData(bytes, sizeof(bytes));
    if (bytes[6] != TeredoDatagramClassifier::IPV6_NEXT_ICMPV6 ||
        bytes[header] != Icmpv6Header::ICMPV6_ECHO_REPLY)
    {
        return false;
    }
    nonce = 0;
    for (uint32_t k = 0; k < 8; ++k)
    {
        nonce = (nonce << 8) | bytes[header + ECHO_HEADER + k];
    }
    return true;
}

Ipv6Address
TeredoPacketBuilder::GetServerLinkLocal(Ipv4Address server)
{
    return TeredoAddress::MakeLinkLocal(TeredoAddress::CONE_FLAG,
                                        TeredoAddress::SERVER_PORT,
                                        server);
}

Ipv6Address
TeredoPacketBuilder::GetServerPrefix(Ipv4Address server, Ipv6Address prefix)
{
    TeredoAddress t(server, 0, 0, Ipv4Address(uint32_t(0)), prefix);
    uint8_t buf[16];
    t.ToIpv6().GetBytes(buf);
    for (uint32_t k = 8; k < 16; ++k)
    {
        buf[k] = 0;
    }
    return Ipv6Address(buf);
}

} // namespace ns3
