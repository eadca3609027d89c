/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-test-packets.h"

#include "ns3/icmpv6-header.h"
#include "ns3/teredo-address.h"
#include "ns3/teredo-datagram-classifier.h"
#include "ns3/teredo-packet-builder.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

// UDP payloads Miredo 1.2.6 sent, from test/data/miredo-1.2.6-netns.pcap.
// Frame 3: client 198.51.100.10:37820 solicits server 198.51.100.1 (non-cone).
const char* MIREDO_RS = "00010000046fb9440f874228006000000000083afffe800000000000000000ffffffff"
                        "ffffff02000000000000000000000000000285007d3700000000";
// Frame 4: the server's answer.
const char* MIREDO_RA = "00010000046fb9440f8742280000006c4339cc9bf56000000000383afffe80000000"
                        "0000008000f22739cc9bfefe800000000000000000ffffffffffff8600954c0000000000"
                        "000000000007d003044040ffffffffffffffff0000000020010000c633640100000000"
                        "000000000501000000000500";
// Frame 36: a direct bubble; frame 38: the same bubble relayed by the server.
const char* MIREDO_BUBBLE = "6000000000003b00fe8000000000000030bc6b3c1462ea1d20010000c6336401002362"
                            "d339cc9be1";
const char* MIREDO_INDIRECT_BUBBLE = "00006c4339cc9bf56000000000003b00fe8000000000000030bc6b3c1462"
                                     "ea1d20010000c6336401002362d339cc9be1";

TeredoAuthHeader
MiredoAuth()
{
    TeredoAuthHeader auth;
    auth.SetNonce(0x046fb9440f874228ULL);
    return auth;
}

/// RFC 1071 sum written out independently of ns-3's Buffer, over pseudo-header and message.
uint16_t
Icmpv6Checksum(const std::vector<uint8_t>& ip)
{
    uint32_t plen = (ip[4] << 8) | ip[5];
    uint32_t sum = 0;
    auto add = [&sum](uint32_t hi, uint32_t lo) { sum += (hi << 8) | lo; };
    for (int k = 8; k < 40; k += 2)
    {
        add(ip[k], ip[k + 1]);
    }
    sum += plen >> 16;
    sum += plen & 0xffff;
    sum += 58;
    for (uint32_t k = 0; k < plen; k += 2)
    {
        add(ip[40 + k], k + 1 < plen ? ip[40 + k + 1] : 0);
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return uint16_t(~sum);
}

TEST(TeredoPacketBuilder, RouterSolicitationMatchesMiredo)
{
    Ptr<Packet> rs = TeredoPacketBuilder::MakeRouterSolicitation(MiredoAuth(), false);
    EXPECT_EQ(teredo_test::PacketBytes(rs), teredo_test::FromHex(MIREDO_RS));
}

TEST(TeredoPacketBuilder, ConeRouterSolicitation)
{
    Ptr<Packet> rs = TeredoPacketBuilder::MakeRouterSolicitation(MiredoAuth(), true);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(rs);
    ASSERT_EQ(info.kind, TeredoDatagramInfo::ROUTER_SOLICITATION);
    EXPECT_EQ(info.ipv6.GetSource(), TeredoAddress::GetConeLinkLocal());
    EXPECT_EQ(info.ipv6.GetDestination(), Ipv6Address("ff02::2"));
    EXPECT_EQ(info.ipv6.GetHopLimit(), 255);
    std::vector<uint8_t> ip =
        teredo_test::PacketBytes(TeredoDatagramClassifier::ExtractIpv6(rs, info));
    EXPECT_EQ(Icmpv6Checksum(ip), 0);
}

TEST(TeredoPacketBuilder, RouterAdvertisementMatchesMiredo)
{
    Ptr<Packet> ra = TeredoPacketBuilder::MakeRouterAdvertisement(
        MiredoAuth(),
        TeredoOriginHeader(Ipv4Address("198.51.100.10"), 37820),
        Ipv4Address("198.51.100.1"),
        TeredoAddress::GetNonConeLinkLocal(),
        TeredoAddress::GetDefaultPrefix());
    EXPECT_EQ(teredo_test::PacketBytes(ra), teredo_test::FromHex(MIREDO_RA));
}

TEST(TeredoPacketBuilder, RouterAdvertisementChecksumCoversOptions)
{
    // Another server, client and prefix: nothing copied from a capture.
    TeredoAuthHeader auth;
    auth.SetClientId({9, 9});
    auth.SetNonce(0x0123456789abcdefULL);
    Ptr<Packet> ra = TeredoPacketBuilder::MakeRouterAdvertisement(
        auth,
        TeredoOriginHeader(Ipv4Address("203.0.113.77"), 61000),
        Ipv4Address("192.0.2.1"),
        TeredoAddress::GetConeLinkLocal(),
        Ipv6Address("3ffe:831f::"));
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ra);
    ASSERT_EQ(info.kind, TeredoDatagramInfo::ROUTER_ADVERTISEMENT);
    EXPECT_EQ(info.auth.GetClientId(), auth.GetClientId());
    EXPECT_EQ(info.origin.GetPort(), 61000);
    std::vector<uint8_t> ip =
        teredo_test::PacketBytes(TeredoDatagramClassifier::ExtractIpv6(ra, info));
    ASSERT_EQ(ip.size(), 40u + 16 + 32 + 8);
    EXPECT_EQ(Icmpv6Checksum(ip), 0);
    // The prefix information option carries 3ffe:831f:c000:201::/64.
    std::vector<uint8_t> prefix(ip.begin() + 40 + 16 + 16, ip.begin() + 40 + 16 + 32);
    EXPECT_EQ(prefix, teredo_test::FromHex("3ffe831fc00002010000000000000000"));
    EXPECT_EQ(
        TeredoPacketBuilder::GetServerPrefix(Ipv4Address("192.0.2.1"), Ipv6Address("3ffe:831f::")),
        Ipv6Address("3ffe:831f:c000:201::"));
}

TEST(TeredoPacketBuilder, BubbleMatchesMiredo)
{
    Ptr<Packet> bubble =
        TeredoPacketBuilder::MakeBubble(Ipv6Address("fe80::30bc:6b3c:1462:ea1d"),
                                        Ipv6Address("2001:0:c633:6401:23:62d3:39cc:9be1"));
    EXPECT_EQ(teredo_test::PacketBytes(bubble), teredo_test::FromHex(MIREDO_BUBBLE));
    bubble->AddHeader(TeredoOriginHeader(Ipv4Address("198.51.100.10"), 37820));
    EXPECT_EQ(teredo_test::PacketBytes(bubble), teredo_test::FromHex(MIREDO_INDIRECT_BUBBLE));
}

TEST(TeredoPacketBuilder, BubbleHopLimitIsAParameter)
{
    Ptr<Packet> bubble =
        TeredoPacketBuilder::MakeBubble(Ipv6Address("fe80::1"), Ipv6Address("2001::1"), 21);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(bubble);
    ASSERT_EQ(info.kind, TeredoDatagramInfo::BUBBLE);
    EXPECT_EQ(info.ipv6.GetHopLimit(), 21);
    EXPECT_EQ(info.ipv6.GetNextHeader(), 59);
}

TEST(TeredoPacketBuilder, MiredoPayloadsClassify)
{
    EXPECT_EQ(TeredoDatagramClassifier::Classify(teredo_test::FromHex(MIREDO_RS).data(), 61).kind,
              TeredoDatagramInfo::ROUTER_SOLICITATION);
    std::vector<uint8_t> ra = teredo_test::FromHex(MIREDO_RA);
    EXPECT_EQ(TeredoDatagramClassifier::Classify(ra.data(), ra.size()).kind,
              TeredoDatagramInfo::ROUTER_ADVERTISEMENT);
}

} // namespace

TEST(TeredoPacketBuilder, EchoRequestCarriesTheNonceAndAReplyGivesItBack)
{
    Ipv6Address client("2001:0:c000:201:0:f227:3fff:fd74");
    Ipv6Address host("3fff:0:1::2");
    Ptr<Packet> request =
        TeredoPacketBuilder::MakeEchoRequest(client, host, 7, 1, 0x1122334455667788ULL);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(request);
    ASSERT_EQ(info.kind, TeredoDatagramInfo::IPV6_DATA);
    EXPECT_EQ(info.icmpv6Type, Icmpv6Header::ICMPV6_ECHO_REQUEST);
    EXPECT_EQ(info.ipv6.GetPayloadLength(), 16);
    uint64_t nonce = 0;
    EXPECT_FALSE(TeredoPacketBuilder::ReadEchoReplyNonce(request, nonce)); // a request, not a reply
    // Turn it into the host's reply: type 129, addresses swapped.
    std::vector<uint8_t> octets = teredo_test::PacketBytes(request);
    octets[40] = Icmpv6Header::ICMPV6_ECHO_REPLY;
    Ptr<Packet> reply = Create<Packet>(octets.data(), octets.size());
    ASSERT_TRUE(TeredoPacketBuilder::ReadEchoReplyNonce(reply, nonce));
    EXPECT_EQ(nonce, 0x1122334455667788ULL);
    Ptr<Packet> truncated = reply->CreateFragment(0, 50);
    EXPECT_FALSE(TeredoPacketBuilder::ReadEchoReplyNonce(truncated, nonce));
}
