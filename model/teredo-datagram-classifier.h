/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_DATAGRAM_CLASSIFIER_H
#define TEREDO_DATAGRAM_CLASSIFIER_H

#include "teredo-auth-header.h"
#include "teredo-origin-header.h"

#include "ns3/ipv6-header.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief What a received Teredo UDP payload turned out to be.
 *
 * Filled by TeredoDatagramClassifier::Classify. The headers and offsets are
 * meaningful only as far as parsing got: `hasAuth`/`hasOrigin` say which
 * indicators were read, and the IPv6 fields are valid unless the datagram was
 * rejected or carries indicators only.
 */
struct TeredoDatagramInfo
{
    /// What the datagram is.
    enum Kind
    {
        BUBBLE,               //!< IPv6 header, no payload, next header 59
        ROUTER_SOLICITATION,  //!< ICMPv6 type 133
        ROUTER_ADVERTISEMENT, //!< ICMPv6 type 134
        IPV6_DATA,            //!< any other IPv6 packet
        INDICATION_ONLY,      //!< indicators followed by nothing
        REJECTED,             //!< malformed; see reason
    };

    /// Why a datagram was rejected (NONE unless kind is REJECTED).
    enum Reason
    {
        NONE,                     //!< not rejected
        TOO_SHORT,                //!< fewer octets than an IPv6 header where one must start
        TRUNCATED_AUTHENTICATION, //!< authentication indicator runs past the end
        TRUNCATED_ORIGIN,         //!< origin indication runs past the end
        UNKNOWN_INDICATOR,        //!< 0x00 followed by an indicator type other than 0 or 1
        MISPLACED_INDICATOR,      //!< an indicator repeated, or authentication after origin
        BAD_VERSION,              //!< IP version is not 6
        LENGTH_MISMATCH,          //!< IPv6 payload length exceeds the datagram
        TRUNCATED_ICMPV6,         //!< ICMPv6 message shorter than its type requires
        BAD_ICMPV6_CHECKSUM,      //!< router solicitation/advertisement checksum wrong
        BAD_EXTENSION_HEADER,     //!< an extension header, or an option in one, overruns
        BAD_TCP_OPTIONS,          //!< a TCP header or option ns-3 cannot parse (tcp-option-check.h)
        BAD_ND_MESSAGE,           //!< a neighbour discovery option ns-3 cannot parse
    };

    Kind kind{REJECTED};       //!< classification
    Reason reason{TOO_SHORT};  //!< rejection reason, NONE when accepted
    bool hasAuth{false};       //!< an authentication indicator was read
    TeredoAuthHeader auth;     //!< the authentication indicator, if hasAuth
    bool hasOrigin{false};     //!< an origin indication was read
    TeredoOriginHeader origin; //!< the origin indication, if hasOrigin
    Ipv6Header ipv6;           //!< the IPv6 header, if one was read
    uint32_t ipv6Offset{0};    //!< octets of indicators before the IPv6 packet
    uint32_t ipv6Size{0};      //!< IPv6 header plus payload length
    uint32_t trailerSize{0};   //!< octets after the IPv6 packet (RFC 6081 trailers)
    uint8_t icmpv6Type{0};     //!< ICMPv6 type when next header is 58 and present

    /// \return whether the datagram was accepted (kind is not REJECTED)
    bool IsValid() const;
};

/**
 * \ingroup teredo
 * \brief Classifies a received Teredo UDP payload (layer 1: no simulator).
 *
 * Reads the optional authentication indicator and origin indication (in that
 * order, RFC 4380 section 5.1.1), checks the IPv6 header that must follow
 * (version, payload length against the octets present; octets beyond it are
 * allowed, as RFC 6081 trailers live there), and tells bubbles, router
 * solicitations and advertisements from other IPv6 packets. Router
 * solicitations and advertisements also have their ICMPv6 checksum verified,
 * since the client acts on them. Every rejection has a reason.
 */
class TeredoDatagramClassifier
{
  public:
    static constexpr uint8_t IPV6_NO_NEXT_HEADER = 59; //!< next header of a bubble
    static constexpr uint8_t IPV6_NEXT_ICMPV6 = 58;    //!< ICMPv6 protocol number
    static constexpr uint32_t IPV6_HEADER_SIZE = 40;   //!< fixed IPv6 header size

    /**
     * \brief Classify a UDP payload given as octets.
     * \param data the payload (may be null when size is 0)
     * \param size its length
     * \return what it is
     */
    static TeredoDatagramInfo Classify(const uint8_t* data, uint32_t size);

    /**
     * \brief Classify a UDP payload held in a packet.
     * \param payload the UDP payload
     * \return what it is
     */
    static TeredoDatagramInfo Classify(Ptr<const Packet> payload);

    /**
     * \brief Cut the IPv6 packet (header and payload, no trailer) out of a
     * classified payload.
     * \param payload the UDP payload given to Classify
     * \param info what Classify said of it; must be valid and not INDICATION_ONLY
     * \return a new packet holding the IPv6 packet
     */
    static Ptr<Packet> ExtractIpv6(Ptr<const Packet> payload, const TeredoDatagramInfo& info);

    /// \param kind a kind \return its name, e.g. "bubble"
    static std::string KindToString(TeredoDatagramInfo::Kind kind);
    /// \param reason a reason \return its name, e.g. "too-short"
    static std::string ReasonToString(TeredoDatagramInfo::Reason reason);
};

} // namespace ns3

#endif /* TEREDO_DATAGRAM_CLASSIFIER_H */
