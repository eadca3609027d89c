/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Reading the options of a router advertisement: what a client takes from it.

#include "teredo-test-packets.h"

#include "ns3/teredo-address.h"
#include "ns3/teredo-packet-builder.h"
#include "ns3/teredo-router-advertisement.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::teredo_test;

namespace
{

Ptr<Packet>
BuiltAdvertisement()
{
    TeredoAuthHeader auth;
    auth.SetNonce(0x0102030405060708ULL);
    TeredoOriginHeader origin(Ipv4Address("203.0.113.7"), 40000);
    return TeredoPacketBuilder::MakeRouterAdvertisement(auth,
                                                        origin,
                                                        Ipv4Address("192.0.2.1"),
                                                        TeredoAddress::GetNonConeLinkLocal(),
                                                        TeredoAddress::GetDefaultPrefix());
}

/// The ICMPv6 part of a built advertisement, as octets.
std::vector<uint8_t>
Icmpv6Octets(Ptr<Packet> payload)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(payload);
    std::vector<uint8_t> all = PacketBytes(payload);
    uint32_t start = info.ipv6Offset + TeredoDatagramClassifier::IPV6_HEADER_SIZE;
    return std::vector<uint8_t>(all.begin() + start, all.begin() + info.ipv6Offset + info.ipv6Size);
}

} // namespace

TEST(TeredoRouterAdvertisement, ReadsThePrefixAndMtuOfABuiltAdvertisement)
{
    Ptr<Packet> p = BuiltAdvertisement();
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    ASSERT_EQ(info.kind, TeredoDatagramInfo::ROUTER_ADVERTISEMENT);
    TeredoRouterAdvertisement ra = TeredoRouterAdvertisement::Read(p, info);
    EXPECT_EQ(ra.error, TeredoRouterAdvertisement::NONE);
    EXPECT_EQ(ra.prefix, Ipv6Address("2001:0:c000:201::"));
    EXPECT_EQ(ra.mtu, 1280U);
    EXPECT_EQ(ra.optionCount, 2U);
}

TEST(TeredoRouterAdvertisement, RefusesWhatIsNotAnAdvertisement)
{
    TeredoAuthHeader auth;
    Ptr<Packet> rs = TeredoPacketBuilder::MakeRouterSolicitation(auth, false);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(rs);
    EXPECT_EQ(TeredoRouterAdvertisement::Read(rs, info).error,
              TeredoRouterAdvertisement::NOT_AN_RA);
    uint8_t shortMessage[4] = {134, 0, 0, 0};
    EXPECT_EQ(TeredoRouterAdvertisement::ReadIcmpv6(shortMessage, 4).error,
              TeredoRouterAdvertisement::NOT_AN_RA);
}

TEST(TeredoRouterAdvertisement, RefusesAnOptionOfLengthZeroOrRunningPastTheEnd)
{
    std::vector<uint8_t> icmp = Icmpv6Octets(BuiltAdvertisement());
    std::vector<uint8_t> zero = icmp;
    zero[16 + 1] = 0; // first option's length
    EXPECT_EQ(TeredoRouterAdvertisement::ReadIcmpv6(zero.data(), zero.size()).error,
              TeredoRouterAdvertisement::BAD_OPTION);
    std::vector<uint8_t> overrun = icmp;
    overrun[16 + 1] = 200;
    EXPECT_EQ(TeredoRouterAdvertisement::ReadIcmpv6(overrun.data(), overrun.size()).error,
              TeredoRouterAdvertisement::BAD_OPTION);
    std::vector<uint8_t> dangling = icmp;
    dangling.push_back(3); // one octet of a next option
    EXPECT_EQ(TeredoRouterAdvertisement::ReadIcmpv6(dangling.data(), dangling.size()).error,
              TeredoRouterAdvertisement::BAD_OPTION);
}

TEST(TeredoRouterAdvertisement, NeedsASlash64Prefix)
{
    std::vector<uint8_t> icmp = Icmpv6Octets(BuiltAdvertisement());
    // Options: prefix information (32 octets) first, then MTU.
    ASSERT_EQ(icmp[16], 3);
    std::vector<uint8_t> other = icmp;
    other[16 + 2] = 48; // a /48 is no Teredo prefix
    TeredoRouterAdvertisement ra =
        TeredoRouterAdvertisement::ReadIcmpv6(other.data(), other.size());
    EXPECT_EQ(ra.error, TeredoRouterAdvertisement::NO_PREFIX);
    EXPECT_EQ(ra.mtu, 1280U);
    std::vector<uint8_t> bare(icmp.begin(), icmp.begin() + 16);
    EXPECT_EQ(TeredoRouterAdvertisement::ReadIcmpv6(bare.data(), bare.size()).error,
              TeredoRouterAdvertisement::NO_PREFIX);
    EXPECT_EQ(TeredoRouterAdvertisement::ErrorToString(TeredoRouterAdvertisement::NO_PREFIX),
              "no-prefix");
}
