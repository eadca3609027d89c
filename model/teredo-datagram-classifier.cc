/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-datagram-classifier.h"

#include "tcp-option-check.h"

#include "ns3/abort.h"
#include "ns3/buffer.h"
#include "ns3/icmpv6-header.h"
#include "ns3/log.h"

#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TeredoDatagramClassifier");

namespace
{

constexpr uint32_t RS_MIN_SIZE = 8;  // type, code, checksum, reserved
constexpr uint32_t RA_MIN_SIZE = 16; // plus hop limit, flags, lifetimes, timers

/// Deserialize a header from a byte range whose length the caller has checked.
template <typename H>
void
ReadHeader(const uint8_t* data, uint32_t size, H& header)
{
    Buffer buffer;
    buffer.AddAtStart(size);
    buffer.Begin().Write(data, size);
    header.Deserialize(buffer.Begin());
}

/// One's complement checksum over the IPv6 pseudo-header and the ICMPv6 message; 0 means valid.
bool
Icmpv6ChecksumValid(const Ipv6Header& ip, const uint8_t* icmp, uint32_t size)
{
    Buffer buffer;
    buffer.AddAtStart(40 + size);
    Buffer::Iterator i = buffer.Begin();
    uint8_t addr[16];
    ip.GetSource().GetBytes(addr);
    i.Write(addr, 16);
    ip.GetDestination().GetBytes(addr);
    i.Write(addr, 16);
    i.WriteHtonU32(size);
    i.WriteU8(0, 3);
    i.WriteU8(TeredoDatagramClassifier::IPV6_NEXT_ICMPV6);
    i.Write(icmp, size);
    i = buffer.Begin();
    return i.CalculateIpChecksum(40 + size) == 0;
}

/**
 * Whether the IPv6 extension headers from \p next on each fit in the
 * payload, and the options of hop-by-hop and destination options headers in
 * their header, with the lengths ns-3's option classes read. ns-3.37's IPv6
 * stack trusts these lengths and reads past the packet when they lie, so a
 * relay or client must not hand it such a packet. On success \p next and
 * \p offset are left at the upper-layer header, \p fragmented tells whether
 * a fragment header was passed, and \p laterFragment whether one with a
 * non-zero offset was.
 */
bool
ExtensionHeadersValid(uint8_t& next,
                      const uint8_t* payload,
                      uint32_t size,
                      uint32_t& offset,
                      bool& fragmented,
                      bool& laterFragment)
{
    constexpr uint8_t HOP_BY_HOP = 0;
    constexpr uint8_t ROUTING = 43;
    constexpr uint8_t FRAGMENT = 44;
    constexpr uint8_t AUTHENTICATION = 51;
    constexpr uint8_t DESTINATION = 60;
    offset = 0;
    fragmented = false;
    laterFragment = false;
    while (next == HOP_BY_HOP || next == ROUTING || next == FRAGMENT || next == AUTHENTICATION ||
           next == DESTINATION)
    {
        if (size - offset < 8)
        {
            return false; // every extension header is 8 octets or more
        }
        const uint8_t* h = payload + offset;
        uint32_t length = next == FRAGMENT         ? 8
                          : next == AUTHENTICATION ? (uint32_t(h[1]) + 2) * 4
                                                   : (uint32_t(h[1]) + 1) * 8;
        if (length > size - offset)
        {
            return false;
        }
        if (next == HOP_BY_HOP || next == DESTINATION)
        {
            for (uint32_t o = 2; o < length;)
            {
                uint8_t type = h[o];
                if (type == 0)
                {
                    ++o; // Pad1
                    continue;
                }
                if (length - o < 2 || uint32_t(h[o + 1]) + 2 > length - o)
                {
                    return false;
                }
                // ns-3 reads Router Alert and Jumbo Payload at fixed sizes.
                if ((type == 5 && h[o + 1] != 2) || (type == 0xc2 && h[o + 1] != 4))
                {
                    return false;
                }
                o += uint32_t(h[o + 1]) + 2;
            }
        }
        fragmented = fragmented || next == FRAGMENT;
        if (next == FRAGMENT && ((h[2] << 8 | h[3]) & 0xfff8) != 0)
        {
            laterFragment = true;
        }
        next = h[0];
        offset += length;
    }
    return true;
}

/**
 * Check that a neighbour discovery message (RFC 4861: router solicitation and
 * advertisement, neighbour solicitation and advertisement, redirect) holds its
 * fixed part (else TRUNCATED_ICMPV6) and options ns-3.37 can read (else
 * BAD_ND_MESSAGE); NONE for any other ICMPv6 message. Its ICMPv6 layer trusts option
 * lengths: a link-layer address option longer than 4 units overflows a 32-octet
 * stack buffer, one of length 0 reads about 4 GB, the prefix information and
 * MTU options are read at fixed sizes, and a redirect is assumed to carry a
 * redirected header option.
 */
TeredoDatagramInfo::Reason
CheckNeighbourDiscovery(const uint8_t* icmp, uint32_t size, bool fragmented)
{
    constexpr uint8_t SOURCE_LLA = 1;
    constexpr uint8_t TARGET_LLA = 2;
    constexpr uint8_t PREFIX_INFORMATION = 3;
    constexpr uint8_t REDIRECTED_HEADER = 4;
    constexpr uint8_t MTU = 5;
    uint32_t fixed = 0;
    switch (icmp[0])
    {
    case Icmpv6Header::ICMPV6_ND_ROUTER_SOLICITATION:
        fixed = 8;
        break;
    case Icmpv6Header::ICMPV6_ND_ROUTER_ADVERTISEMENT:
        fixed = 16;
        break;
    case Icmpv6Header::ICMPV6_ND_NEIGHBOR_SOLICITATION:
    case Icmpv6Header::ICMPV6_ND_NEIGHBOR_ADVERTISEMENT:
        fixed = 24;
        break;
    case Icmpv6Header::ICMPV6_ND_REDIRECTION:
        fixed = 40;
        break;
    default:
        return TeredoDatagramInfo::NONE; // not neighbour discovery
    }
    if (fragmented)
    {
        // RFC 6980: never fragmented; and the options checked here would be
        // only those of the first fragment.
        return TeredoDatagramInfo::BAD_ND_MESSAGE;
    }
    if (size < fixed)
    {
        return TeredoDatagramInfo::TRUNCATED_ICMPV6;
    }
    bool redirected = false;
    uint32_t index = 0;
    for (uint32_t o = fixed; o < size; ++index)
    {
        if (size - o < 8 || icmp[o + 1] == 0 || icmp[o + 1] * 8u > size - o)
        {
            return TeredoDatagramInfo::BAD_ND_MESSAGE;
        }
        const uint8_t type = icmp[o];
        const uint8_t length = icmp[o + 1];
        if (((type == SOURCE_LLA || type == TARGET_LLA) && length > 4) ||
            (type == PREFIX_INFORMATION && length != 4) || (type == MTU && length != 1))
        {
            return TeredoDatagramInfo::BAD_ND_MESSAGE;
        }
        // ns-3 reads the redirected header where it expects it: first, or
        // after a target link-layer address option.
        if (type == REDIRECTED_HEADER && (index == 0 || (index == 1 && icmp[fixed] == TARGET_LLA)))
        {
            redirected = true;
        }
        o += length * 8u;
    }
    return icmp[0] != Icmpv6Header::ICMPV6_ND_REDIRECTION || redirected
               ? TeredoDatagramInfo::NONE
               : TeredoDatagramInfo::BAD_ND_MESSAGE;
}

TeredoDatagramInfo
Reject(TeredoDatagramInfo info, TeredoDatagramInfo::Reason reason)
{
    info.kind = TeredoDatagramInfo::REJECTED;
    info.reason = reason;
    return info;
}

/**
 * Read the indicators before the IPv6 packet (RFC 4380 section 5.1.1): an
 * authentication indicator, then an origin indication, each optional. Each
 * starts with 0x00, which no IPv6 header can (version 6). Fills \p info's
 * indicator fields as far as they were read and leaves \p offset after them;
 * returns NONE, or why the datagram is rejected.
 */
TeredoDatagramInfo::Reason
ReadIndicators(const uint8_t* data, uint32_t size, TeredoDatagramInfo& info, uint32_t& offset)
{
    offset = 0;
    while (offset < size && data[offset] == 0x00)
    {
        if (size - offset < 2)
        {
            return TeredoDatagramInfo::TOO_SHORT;
        }
        uint8_t type = data[offset + 1];
        if (type == TeredoAuthHeader::INDICATOR_TYPE)
        {
            if (info.hasAuth || info.hasOrigin)
            {
                return TeredoDatagramInfo::MISPLACED_INDICATOR;
            }
            if (size - offset < TeredoAuthHeader::MIN_SIZE)
            {
                return TeredoDatagramInfo::TRUNCATED_AUTHENTICATION;
            }
            uint32_t len = TeredoAuthHeader::MIN_SIZE + data[offset + 2] + data[offset + 3];
            if (size - offset < len)
            {
                return TeredoDatagramInfo::TRUNCATED_AUTHENTICATION;
            }
            ReadHeader(data + offset, len, info.auth);
            info.hasAuth = true;
            offset += len;
        }
        else if (type == TeredoOriginHeader::INDICATOR_TYPE)
        {
            if (info.hasOrigin)
            {
                return TeredoDatagramInfo::MISPLACED_INDICATOR;
            }
            if (size - offset < TeredoOriginHeader::SIZE)
            {
                return TeredoDatagramInfo::TRUNCATED_ORIGIN;
            }
            ReadHeader(data + offset, TeredoOriginHeader::SIZE, info.origin);
            info.hasOrigin = true;
            offset += TeredoOriginHeader::SIZE;
        }
        else
        {
            return TeredoDatagramInfo::UNKNOWN_INDICATOR;
        }
    }
    return TeredoDatagramInfo::NONE;
}

/**
 * Read the IPv6 header at \p ip, \p rest octets from the end of the datagram:
 * version 6, payload length within the octets present (octets beyond are
 * RFC 6081 trailers). Fills \p info's IPv6 fields; returns NONE, or why the
 * datagram is rejected.
 */
TeredoDatagramInfo::Reason
ReadIpv6Header(const uint8_t* ip, uint32_t rest, TeredoDatagramInfo& info)
{
    constexpr uint32_t HEADER_SIZE = TeredoDatagramClassifier::IPV6_HEADER_SIZE;
    if (rest < HEADER_SIZE)
    {
        return TeredoDatagramInfo::TOO_SHORT;
    }
    if ((ip[0] >> 4) != 6)
    {
        return TeredoDatagramInfo::BAD_VERSION;
    }
    ReadHeader(ip, HEADER_SIZE, info.ipv6);
    uint32_t payloadLength = info.ipv6.GetPayloadLength();
    if (payloadLength > rest - HEADER_SIZE)
    {
        return TeredoDatagramInfo::LENGTH_MISMATCH;
    }
    info.ipv6Size = HEADER_SIZE + payloadLength;
    info.trailerSize = rest - info.ipv6Size;
    info.reason = TeredoDatagramInfo::NONE;
    return TeredoDatagramInfo::NONE;
}

/**
 * Check what ns-3 will parse beyond the IPv6 header (\p next, then \p size
 * octets of payload): extension headers, a TCP header's options, a neighbour
 * discovery message's options. Returns NONE, or why the datagram is rejected.
 */
TeredoDatagramInfo::Reason
CheckUpperLayers(uint8_t next, const uint8_t* payload, uint32_t size)
{
    uint8_t upperProtocol = next;
    uint32_t upper = 0;
    bool fragmented = false;
    bool laterFragment = false;
    if (!ExtensionHeadersValid(upperProtocol, payload, size, upper, fragmented, laterFragment))
    {
        return TeredoDatagramInfo::BAD_EXTENSION_HEADER;
    }
    // A later fragment has no TCP header. A first fragment must hold all
    // of it (RFC 8200: the whole upper-layer header), and reassembly hands the
    // receiving TCP what it held, so checking it covers the whole packet.
    constexpr uint8_t TCP = 6;
    if (upperProtocol == TCP && !laterFragment &&
        !TcpOptionsWellFormed(payload + upper, size - upper))
    {
        return TeredoDatagramInfo::BAD_TCP_OPTIONS;
    }
    if (upperProtocol == TeredoDatagramClassifier::IPV6_NEXT_ICMPV6 && !laterFragment &&
        size > upper)
    {
        return CheckNeighbourDiscovery(payload + upper, size - upper, fragmented);
    }
    return TeredoDatagramInfo::NONE;
}

/**
 * Tell router solicitations and advertisements (checksum verified, since the
 * client acts on them) from other IPv6 data, for a packet whose next header is
 * ICMPv6; \p icmp and \p size are its payload.
 */
TeredoDatagramInfo
ClassifyIcmpv6(TeredoDatagramInfo info, const uint8_t* icmp, uint32_t size)
{
    if (size < 4)
    {
        return Reject(info, TeredoDatagramInfo::TRUNCATED_ICMPV6);
    }
    info.icmpv6Type = icmp[0];
    uint32_t minSize = 0;
    if (info.icmpv6Type == Icmpv6Header::ICMPV6_ND_ROUTER_SOLICITATION)
    {
        info.kind = TeredoDatagramInfo::ROUTER_SOLICITATION;
        minSize = RS_MIN_SIZE;
    }
    else if (info.icmpv6Type == Icmpv6Header::ICMPV6_ND_ROUTER_ADVERTISEMENT)
    {
        info.kind = TeredoDatagramInfo::ROUTER_ADVERTISEMENT;
        minSize = RA_MIN_SIZE;
    }
    else
    {
        return info;
    }
    if (size < minSize)
    {
        return Reject(info, TeredoDatagramInfo::TRUNCATED_ICMPV6);
    }
    if (!Icmpv6ChecksumValid(info.ipv6, icmp, size))
    {
        return Reject(info, TeredoDatagramInfo::BAD_ICMPV6_CHECKSUM);
    }
    return info;
}

} // namespace

bool
TeredoDatagramInfo::IsValid() const
{
    return kind != REJECTED;
}

TeredoDatagramInfo
TeredoDatagramClassifier::Classify(const uint8_t* data, uint32_t size)
{
    NS_LOG_FUNCTION(size);
    TeredoDatagramInfo info;
    uint32_t offset = 0;
    TeredoDatagramInfo::Reason reason = ReadIndicators(data, size, info, offset);
    if (reason != TeredoDatagramInfo::NONE)
    {
        return Reject(info, reason);
    }
    info.ipv6Offset = offset;
    uint32_t rest = size - offset;
    if (rest == 0 && (info.hasAuth || info.hasOrigin))
    {
        info.kind = TeredoDatagramInfo::INDICATION_ONLY;
        info.reason = TeredoDatagramInfo::NONE;
        return info;
    }
    reason = ReadIpv6Header(data + offset, rest, info);
    if (reason != TeredoDatagramInfo::NONE)
    {
        return Reject(info, reason);
    }

    uint8_t next = info.ipv6.GetNextHeader();
    uint32_t payloadLength = info.ipv6.GetPayloadLength();
    if (next == IPV6_NO_NEXT_HEADER && payloadLength == 0)
    {
        info.kind = TeredoDatagramInfo::BUBBLE;
        return info;
    }
    info.kind = TeredoDatagramInfo::IPV6_DATA;
    const uint8_t* payload = data + offset + IPV6_HEADER_SIZE;
    reason = CheckUpperLayers(next, payload, payloadLength);
    if (reason != TeredoDatagramInfo::NONE)
    {
        return Reject(info, reason);
    }
    if (next != IPV6_NEXT_ICMPV6)
    {
        return info;
    }
    return ClassifyIcmpv6(info, payload, payloadLength);
}

TeredoDatagramInfo
TeredoDatagramClassifier::Classify(Ptr<const Packet> payload)
{
    std::vector<uint8_t> bytes(payload->GetSize());
    payload->CopyData(bytes.data(), bytes.size());
    return Classify(bytes.data(), bytes.size());
}

Ptr<Packet>
TeredoDatagramClassifier::ExtractIpv6(Ptr<const Packet> payload, const TeredoDatagramInfo& info)
{
    NS_ABORT_MSG_IF(!info.IsValid() || info.kind == TeredoDatagramInfo::INDICATION_ONLY,
                    "ExtractIpv6 needs a datagram classified as carrying IPv6");
    NS_ABORT_MSG_IF(info.ipv6Offset + info.ipv6Size > payload->GetSize(),
                    "ExtractIpv6 given a payload other than the one classified");
    return payload->CreateFragment(info.ipv6Offset, info.ipv6Size);
}

std::string
TeredoDatagramClassifier::KindToString(TeredoDatagramInfo::Kind kind)
{
    switch (kind)
    {
    case TeredoDatagramInfo::BUBBLE:
        return "bubble";
    case TeredoDatagramInfo::ROUTER_SOLICITATION:
        return "router-solicitation";
    case TeredoDatagramInfo::ROUTER_ADVERTISEMENT:
        return "router-advertisement";
    case TeredoDatagramInfo::IPV6_DATA:
        return "ipv6-data";
    case TeredoDatagramInfo::INDICATION_ONLY:
        return "indication-only";
    case TeredoDatagramInfo::REJECTED:
        return "rejected";
    }
    return "unknown-kind";
}

std::string
TeredoDatagramClassifier::ReasonToString(TeredoDatagramInfo::Reason reason)
{
    switch (reason)
    {
    case TeredoDatagramInfo::NONE:
        return "none";
    case TeredoDatagramInfo::TOO_SHORT:
        return "too-short";
    case TeredoDatagramInfo::TRUNCATED_AUTHENTICATION:
        return "truncated-authentication";
    case TeredoDatagramInfo::TRUNCATED_ORIGIN:
        return "truncated-origin";
    case TeredoDatagramInfo::UNKNOWN_INDICATOR:
        return "unknown-indicator";
    case TeredoDatagramInfo::MISPLACED_INDICATOR:
        return "misplaced-indicator";
    case TeredoDatagramInfo::BAD_VERSION:
        return "bad-version";
    case TeredoDatagramInfo::LENGTH_MISMATCH:
        return "length-mismatch";
    case TeredoDatagramInfo::TRUNCATED_ICMPV6:
        return "truncated-icmpv6";
    case TeredoDatagramInfo::BAD_ICMPV6_CHECKSUM:
        return "bad-icmpv6-checksum";
    case TeredoDatagramInfo::BAD_EXTENSION_HEADER:
        return "bad-extension-header";
    case TeredoDatagramInfo::BAD_TCP_OPTIONS:
        return "bad-tcp-options";
    case TeredoDatagramInfo::BAD_ND_MESSAGE:
        return "bad-nd-message";
    }
    return "unknown-reason";
}

} // namespace ns3
