/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-router-advertisement.h"

#include "ns3/icmpv6-header.h"
#include "ns3/log.h"

#include <algorithm>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TeredoRouterAdvertisement");

namespace
{

constexpr uint32_t RA_FIXED_SIZE = 16; // type, code, checksum, and 12 octets of RA fields
constexpr uint8_t OPTION_PREFIX_INFORMATION = 3;
constexpr uint8_t OPTION_MTU = 5;
constexpr uint32_t PREFIX_OPTION_SIZE = 32;
constexpr uint32_t MTU_OPTION_SIZE = 8;
constexpr uint8_t TEREDO_PREFIX_LENGTH = 64;

uint32_t
ReadU32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

} // namespace

TeredoRouterAdvertisement
TeredoRouterAdvertisement::ReadIcmpv6(const uint8_t* icmpv6, uint32_t size)
{
    TeredoRouterAdvertisement ra;
    if (size < RA_FIXED_SIZE || icmpv6[0] != Icmpv6Header::ICMPV6_ND_ROUTER_ADVERTISEMENT)
    {
        ra.error = NOT_AN_RA;
        return ra;
    }
    bool havePrefix = false;
    uint32_t offset = RA_FIXED_SIZE;
    while (offset < size)
    {
        if (size - offset < 2)
        {
            ra.error = BAD_OPTION;
            return ra;
        }
        uint8_t type = icmpv6[offset];
        uint32_t length = uint32_t(icmpv6[offset + 1]) * 8;
        // RFC 4861 section 4.6: a zero length would loop forever; drop the message.
        if (length == 0 || length > size - offset)
        {
            ra.error = BAD_OPTION;
            return ra;
        }
        const uint8_t* option = icmpv6 + offset;
        if (type == OPTION_PREFIX_INFORMATION && length >= PREFIX_OPTION_SIZE && !havePrefix &&
            option[2] == TEREDO_PREFIX_LENGTH)
        {
            uint8_t bytes[16];
            std::copy(option + 16, option + 32, bytes);
            ra.prefix = Ipv6Address(bytes);
            havePrefix = true;
        }
        else if (type == OPTION_MTU && length >= MTU_OPTION_SIZE)
        {
            ra.mtu = ReadU32(option + 4);
        }
        ++ra.optionCount;
        offset += length;
    }
    ra.error = havePrefix ? NONE : NO_PREFIX;
    return ra;
}

TeredoRouterAdvertisement
TeredoRouterAdvertisement::Read(Ptr<const Packet> payload, const TeredoDatagramInfo& info)
{
    if (info.kind != TeredoDatagramInfo::ROUTER_ADVERTISEMENT)
    {
        return TeredoRouterAdvertisement();
    }
    uint32_t start = info.ipv6Offset + TeredoDatagramClassifier::IPV6_HEADER_SIZE;
    uint32_t length = info.ipv6Size - TeredoDatagramClassifier::IPV6_HEADER_SIZE;
    if (start + length > payload->GetSize())
    {
        return TeredoRouterAdvertisement();
    }
    std::vector<uint8_t> bytes(payload->GetSize());
    payload->CopyData(bytes.data(), bytes.size());
    return ReadIcmpv6(bytes.data() + start, length);
}

std::string
TeredoRouterAdvertisement::ErrorToString(Error error)
{
    switch (error)
    {
    case NONE:
        return "none";
    case NOT_AN_RA:
        return "not-an-ra";
    case BAD_OPTION:
        return "bad-option";
    case NO_PREFIX:
        return "no-prefix";
    }
    return "unknown-error";
}

} // namespace ns3
