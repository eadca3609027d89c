/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_PACKET_BUILDER_H
#define TEREDO_PACKET_BUILDER_H

#include "teredo-auth-header.h"
#include "teredo-origin-header.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief Builds the UDP payloads Teredo's control plane sends (layer 1: no simulator).
 *
 * Every packet is made of ns-3's own headers (Ipv6Header, Icmpv6RS, Icmpv6RA
 * and the ND options), with ICMPv6 checksums computed over the IPv6
 * pseudo-header. Defaults follow what Miredo 1.2.6 puts on the wire, so a built
 * packet can be compared octet by octet with a capture.
 */
class TeredoPacketBuilder
{
  public:
    static constexpr uint32_t TEREDO_MTU = 1280;          //!< MTU advertised in RAs
    static constexpr uint32_t RA_RETRANS_TIMER_MS = 2000; //!< as Miredo's server sends

    /**
     * \brief A bubble: an IPv6 header with no payload and next header 59
     * (RFC 4380 section 2.8).
     * \param source the IPv6 source
     * \param destination the IPv6 destination
     * \param hopLimit the hop limit (Miredo sends 0: a bubble is never forwarded as IPv6)
     * \return the IPv6 packet (40 octets)
     */
    static Ptr<Packet> MakeBubble(Ipv6Address source,
                                  Ipv6Address destination,
                                  uint8_t hopLimit = 0);

    /**
     * \brief A router solicitation as a Teredo client sends it to its server
     * (RFC 4380 section 5.2.1): authentication indicator, then IPv6 from the
     * cone or non-cone link-local address to all-routers, then ICMPv6 type 133.
     * \param auth the authentication indicator carrying the fresh nonce
     * \param cone whether to ask as a cone client (fe80::8000:5445:5245:444f)
     * \return the UDP payload
     */
    static Ptr<Packet> MakeRouterSolicitation(const TeredoAuthHeader& auth, bool cone);

    /**
     * \brief A router advertisement as a Teredo server sends it (RFC 4380
     * section 5.3.2): the client's authentication indicator echoed, an origin
     * indication with the address and port the RS came from, then IPv6 and
     * ICMPv6 type 134 with a prefix information option (the server's Teredo
     * /64, autonomous flag, infinite lifetimes) and an MTU option.
     * \param auth the solicitation's authentication indicator (nonce echoed)
     * \param origin where the solicitation came from, as the server saw it
     * \param server the server's primary IPv4 address (goes in the prefix)
     * \param destination the solicitation's IPv6 source
     * \param prefix the Teredo prefix (a /32)
     * \return the UDP payload
     */
    static Ptr<Packet> MakeRouterAdvertisement(const TeredoAuthHeader& auth,
                                               const TeredoOriginHeader& origin,
                                               Ipv4Address server,
                                               Ipv6Address destination,
                                               Ipv6Address prefix);

    /**
     * \brief An ICMPv6 echo request as a Teredo client sends it for the direct IPv6
     * connectivity test (RFC 4380 section 5.2.9), with a nonce as its data, so the
     * reply can be matched.
     * \param source the client's Teredo address
     * \param destination the native IPv6 host
     * \param identifier the echo identifier
     * \param sequence the echo sequence number
     * \param nonce the nonce, carried as 8 octets, most significant first
     * \param hopLimit the hop limit (Miredo 1.2 sends 128)
     * \return the IPv6 packet
     */
    static Ptr<Packet> MakeEchoRequest(Ipv6Address source,
                                       Ipv6Address destination,
                                       uint16_t identifier,
                                       uint16_t sequence,
                                       uint64_t nonce,
                                       uint8_t hopLimit = 128);

    /**
     * \brief Read the nonce out of an echo reply to MakeEchoRequest's request.
     * \param ipv6Packet the IPv6 packet (header included)
     * \param[out] nonce the nonce, when found
     * \return whether the packet is an ICMPv6 echo reply with at least 8 octets of data
     */
    static bool ReadEchoReplyNonce(Ptr<const Packet> ipv6Packet, uint64_t& nonce);

    /**
     * \brief The IPv6 source of a server's advertisements: a link-local
     * address with the cone flag, port 3544 and the server address, as
     * Miredo's server uses.
     * \param server the server's IPv4 address
     * \return the link-local address
     */
    static Ipv6Address GetServerLinkLocal(Ipv4Address server);

    /**
     * \brief The /64 a server hands out: the Teredo prefix followed by the
     * server's IPv4 address.
     * \param server the server's IPv4 address
     * \param prefix the Teredo prefix (a /32)
     * \return the /64 prefix, zeros beyond bit 64
     */
    static Ipv6Address GetServerPrefix(Ipv4Address server, Ipv6Address prefix);
};

} // namespace ns3

#endif /* TEREDO_PACKET_BUILDER_H */
