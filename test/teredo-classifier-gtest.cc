/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-test-packets.h"

#include "ns3/tcp-option-check.h"
#include "ns3/teredo-datagram-classifier.h"
#include "ns3/teredo-packet-builder.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <vector>

using namespace ns3;

namespace
{

using Info = TeredoDatagramInfo;

Info
Classify(const std::vector<uint8_t>& b)
{
    return TeredoDatagramClassifier::Classify(b.data(), b.size());
}

TeredoAuthHeader
SomeAuth()
{
    TeredoAuthHeader a;
    a.SetNonce(0xa1a2a3a4a5a6a7a8ULL);
    return a;
}

std::vector<uint8_t>
RouterSolicitation()
{
    return teredo_test::PacketBytes(TeredoPacketBuilder::MakeRouterSolicitation(SomeAuth(), false));
}

std::vector<uint8_t>
RouterAdvertisement()
{
    return teredo_test::PacketBytes(TeredoPacketBuilder::MakeRouterAdvertisement(
        SomeAuth(),
        TeredoOriginHeader(Ipv4Address("203.0.113.20"), 40000),
        Ipv4Address("192.0.2.1"),
        Ipv6Address("fe80::ffff:ffff:ffff"),
        Ipv6Address("2001::")));
}

std::vector<uint8_t>
Bubble()
{
    return teredo_test::PacketBytes(
        TeredoPacketBuilder::MakeBubble(Ipv6Address("fe80::1"), Ipv6Address("2001:0:c000:201::1")));
}

/// An IPv6 packet carrying a UDP-looking payload of the given length.
std::vector<uint8_t>
Ipv6Data(uint8_t nextHeader, uint16_t payloadLength)
{
    std::vector<uint8_t> b(40 + payloadLength, 0);
    b[0] = 0x60;
    b[4] = uint8_t(payloadLength >> 8);
    b[5] = uint8_t(payloadLength);
    b[6] = nextHeader;
    b[7] = 64;
    return b;
}

void
ExpectRejected(const std::vector<uint8_t>& b, Info::Reason reason)
{
    Info info = Classify(b);
    EXPECT_FALSE(info.IsValid());
    EXPECT_EQ(info.kind, Info::REJECTED);
    EXPECT_EQ(TeredoDatagramClassifier::ReasonToString(info.reason),
              TeredoDatagramClassifier::ReasonToString(reason));
}

TEST(TeredoClassifier, Bubble)
{
    Info info = Classify(Bubble());
    EXPECT_EQ(info.kind, Info::BUBBLE);
    EXPECT_EQ(info.reason, Info::NONE);
    EXPECT_FALSE(info.hasAuth);
    EXPECT_FALSE(info.hasOrigin);
    EXPECT_EQ(info.ipv6Offset, 0u);
    EXPECT_EQ(info.ipv6Size, 40u);
    EXPECT_EQ(info.ipv6.GetDestination(), Ipv6Address("2001:0:c000:201::1"));
}

TEST(TeredoClassifier, IndirectBubbleWithOrigin)
{
    Ptr<Packet> p = TeredoPacketBuilder::MakeBubble(Ipv6Address("fe80::1"), Ipv6Address("2001::2"));
    p->AddHeader(TeredoOriginHeader(Ipv4Address("198.51.100.40"), 3545));
    Info info = TeredoDatagramClassifier::Classify(p);
    EXPECT_EQ(info.kind, Info::BUBBLE);
    ASSERT_TRUE(info.hasOrigin);
    EXPECT_EQ(info.origin.GetAddress(), Ipv4Address("198.51.100.40"));
    EXPECT_EQ(info.origin.GetPort(), 3545);
    EXPECT_EQ(info.ipv6Offset, 8u);
}

TEST(TeredoClassifier, RouterSolicitation)
{
    Info info = Classify(RouterSolicitation());
    EXPECT_EQ(info.kind, Info::ROUTER_SOLICITATION);
    ASSERT_TRUE(info.hasAuth);
    EXPECT_EQ(info.auth.GetNonceValue(), 0xa1a2a3a4a5a6a7a8ULL);
    EXPECT_FALSE(info.hasOrigin);
    EXPECT_EQ(info.ipv6Offset, 13u);
    EXPECT_EQ(info.icmpv6Type, 133);
}

TEST(TeredoClassifier, RouterAdvertisement)
{
    Info info = Classify(RouterAdvertisement());
    EXPECT_EQ(info.kind, Info::ROUTER_ADVERTISEMENT);
    ASSERT_TRUE(info.hasAuth);
    ASSERT_TRUE(info.hasOrigin);
    EXPECT_EQ(info.origin.GetAddress(), Ipv4Address("203.0.113.20"));
    EXPECT_EQ(info.origin.GetPort(), 40000);
    EXPECT_EQ(info.ipv6Offset, 21u);
    EXPECT_EQ(info.icmpv6Type, 134);
}

TEST(TeredoClassifier, OtherIpv6)
{
    Info udp = Classify(Ipv6Data(17, 12));
    EXPECT_EQ(udp.kind, Info::IPV6_DATA);
    EXPECT_EQ(udp.ipv6Size, 52u);
    // An ICMPv6 echo request is data, not control.
    std::vector<uint8_t> echo = Ipv6Data(58, 8);
    echo[40] = 128;
    Info e = Classify(echo);
    EXPECT_EQ(e.kind, Info::IPV6_DATA);
    EXPECT_EQ(e.icmpv6Type, 128);
    // Next header 59 with a payload is not a bubble.
    EXPECT_EQ(Classify(Ipv6Data(59, 4)).kind, Info::IPV6_DATA);
}

TEST(TeredoClassifier, TrailingOctetsAreAllowed)
{
    // RFC 6081 trailers follow the IPv6 packet.
    std::vector<uint8_t> b = Bubble();
    b.insert(b.end(), {0x01, 0x04, 0xde, 0xad, 0xbe, 0xef});
    Info info = Classify(b);
    EXPECT_EQ(info.kind, Info::BUBBLE);
    EXPECT_EQ(info.trailerSize, 6u);
    EXPECT_EQ(info.ipv6Size, 40u);
}

TEST(TeredoClassifier, IndicationOnly)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(TeredoOriginHeader(Ipv4Address("192.0.2.1"), 1));
    Info info = TeredoDatagramClassifier::Classify(p);
    EXPECT_EQ(info.kind, Info::INDICATION_ONLY);
    EXPECT_TRUE(info.IsValid());
    EXPECT_TRUE(info.hasOrigin);
}

TEST(TeredoClassifier, ExtractIpv6CutsIndicatorsAndTrailer)
{
    Ptr<Packet> p = TeredoPacketBuilder::MakeRouterSolicitation(SomeAuth(), true);
    p->AddAtEnd(Create<Packet>(5));
    Info info = TeredoDatagramClassifier::Classify(p);
    ASSERT_EQ(info.kind, Info::ROUTER_SOLICITATION);
    Ptr<Packet> ip = TeredoDatagramClassifier::ExtractIpv6(p, info);
    EXPECT_EQ(ip->GetSize(), 48u);
    std::vector<uint8_t> all = teredo_test::PacketBytes(p);
    std::vector<uint8_t> cut = teredo_test::PacketBytes(ip);
    EXPECT_TRUE(std::equal(cut.begin(), cut.end(), all.begin() + 13));
}

// ---- one test per rejection reason ----

TEST(TeredoClassifierRejects, TooShort)
{
    ExpectRejected({}, Info::TOO_SHORT);
    std::vector<uint8_t> bubble = Bubble();
    ExpectRejected(std::vector<uint8_t>(bubble.begin(), bubble.begin() + 39), Info::TOO_SHORT);
    ExpectRejected({0x00}, Info::TOO_SHORT); // one lone octet of an indicator
    // Indicators, then a partial IPv6 header.
    std::vector<uint8_t> rs = RouterSolicitation();
    ExpectRejected(std::vector<uint8_t>(rs.begin(), rs.begin() + 13 + 20), Info::TOO_SHORT);
}

TEST(TeredoClassifierRejects, TruncatedAuthentication)
{
    std::vector<uint8_t> rs = RouterSolicitation();
    ExpectRejected(std::vector<uint8_t>(rs.begin(), rs.begin() + 12),
                   Info::TRUNCATED_AUTHENTICATION);
    ExpectRejected({0x00, 0x01, 0x00}, Info::TRUNCATED_AUTHENTICATION);
    // Declared lengths that run past the end of the datagram.
    std::vector<uint8_t> big = rs;
    big[2] = 200;
    big[3] = 200;
    ExpectRejected(big, Info::TRUNCATED_AUTHENTICATION);
}

TEST(TeredoClassifierRejects, TruncatedOrigin)
{
    ExpectRejected({0x00, 0x00, 0x12, 0x34, 0x56}, Info::TRUNCATED_ORIGIN);
}

TEST(TeredoClassifierRejects, UnknownIndicator)
{
    std::vector<uint8_t> b = RouterSolicitation();
    b[1] = 0x02;
    ExpectRejected(b, Info::UNKNOWN_INDICATOR);
    b[1] = 0xff;
    ExpectRejected(b, Info::UNKNOWN_INDICATOR);
}

TEST(TeredoClassifierRejects, MisplacedIndicator)
{
    // Authentication after origin.
    Ptr<Packet> p = TeredoPacketBuilder::MakeBubble(Ipv6Address("fe80::1"), Ipv6Address("2001::2"));
    p->AddHeader(SomeAuth());
    p->AddHeader(TeredoOriginHeader(Ipv4Address("192.0.2.1"), 1));
    ExpectRejected(teredo_test::PacketBytes(p), Info::MISPLACED_INDICATOR);
    // Two origin indications.
    Ptr<Packet> q = TeredoPacketBuilder::MakeBubble(Ipv6Address("fe80::1"), Ipv6Address("2001::2"));
    q->AddHeader(TeredoOriginHeader(Ipv4Address("192.0.2.1"), 1));
    q->AddHeader(TeredoOriginHeader(Ipv4Address("192.0.2.2"), 2));
    ExpectRejected(teredo_test::PacketBytes(q), Info::MISPLACED_INDICATOR);
    // Two authentication indicators.
    Ptr<Packet> r = TeredoPacketBuilder::MakeRouterSolicitation(SomeAuth(), false);
    r->AddHeader(SomeAuth());
    ExpectRejected(teredo_test::PacketBytes(r), Info::MISPLACED_INDICATOR);
}

TEST(TeredoClassifierRejects, BadVersion)
{
    std::vector<uint8_t> b = Bubble();
    b[0] = 0x45; // an IPv4 header
    ExpectRejected(b, Info::BAD_VERSION);
    std::vector<uint8_t> rs = RouterSolicitation();
    rs[13] = 0x70;
    ExpectRejected(rs, Info::BAD_VERSION);
}

TEST(TeredoClassifierRejects, LengthMismatch)
{
    std::vector<uint8_t> b = Ipv6Data(17, 12);
    b.resize(b.size() - 1);
    ExpectRejected(b, Info::LENGTH_MISMATCH);
    std::vector<uint8_t> bubble = Bubble();
    bubble[5] = 1; // says one payload octet, has none
    ExpectRejected(bubble, Info::LENGTH_MISMATCH);
}

TEST(TeredoClassifierRejects, TruncatedIcmpv6)
{
    ExpectRejected(Ipv6Data(58, 0), Info::TRUNCATED_ICMPV6);
    ExpectRejected(Ipv6Data(58, 3), Info::TRUNCATED_ICMPV6);
    std::vector<uint8_t> rs = Ipv6Data(58, 4);
    rs[40] = 133;
    ExpectRejected(rs, Info::TRUNCATED_ICMPV6);
    std::vector<uint8_t> ra = Ipv6Data(58, 12);
    ra[40] = 134;
    ExpectRejected(ra, Info::TRUNCATED_ICMPV6);
}

TEST(TeredoClassifierRejects, BadIcmpv6Checksum)
{
    std::vector<uint8_t> rs = RouterSolicitation();
    rs.back() ^= 0x01; // the reserved field, covered by the checksum
    ExpectRejected(rs, Info::BAD_ICMPV6_CHECKSUM);
    std::vector<uint8_t> ra = RouterAdvertisement();
    ra[ra.size() - 1] ^= 0x80; // the MTU option
    ExpectRejected(ra, Info::BAD_ICMPV6_CHECKSUM);
    // The checksum also covers the pseudo-header: change the IPv6 source.
    std::vector<uint8_t> moved = RouterSolicitation();
    moved[13 + 8 + 15] ^= 0x01;
    ExpectRejected(moved, Info::BAD_ICMPV6_CHECKSUM);
}

/// An IPv6 packet with the given extension header octets, then 8 octets of UDP.
std::vector<uint8_t>
WithExtensions(uint8_t first, const std::vector<uint8_t>& extensions)
{
    std::vector<uint8_t> b = Ipv6Data(first, uint16_t(extensions.size() + 8));
    std::copy(extensions.begin(), extensions.end(), b.begin() + 40);
    return b;
}

TEST(TeredoClassifier, AcceptsWellFormedExtensionHeaders)
{
    // Hop-by-hop (PadN of 4, Router Alert) then destination options (Pad1 x 6) then UDP.
    Info info = Classify(WithExtensions(0, {60, 1, 1, 2, 0,  0, 5, 2, 0, 0, 0, 0,
                                            0,  0, 0, 0, 17, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(info.kind, Info::IPV6_DATA);
    // A fragment header, then UDP.
    EXPECT_EQ(Classify(WithExtensions(44, {17, 0, 0, 1, 0, 0, 0, 9})).kind, Info::IPV6_DATA);
}

TEST(TeredoClassifierRejects, BadExtensionHeader)
{
    // Too short for any extension header, or a hop-by-hop header of 24 octets in 16.
    ExpectRejected(Ipv6Data(0, 4), Info::BAD_EXTENSION_HEADER); // shorter than 8
    std::vector<uint8_t> b = WithExtensions(0, {17, 2, 1, 4, 0, 0, 0, 0});
    ExpectRejected(b, Info::BAD_EXTENSION_HEADER); // (2 + 1) x 8 > 16
    // A PadN that runs past its header.
    ExpectRejected(WithExtensions(0, {17, 0, 1, 5, 0, 0, 0, 0}), Info::BAD_EXTENSION_HEADER);
    // An option type with no room for its length octet.
    ExpectRejected(WithExtensions(60, {17, 0, 0, 0, 0, 0, 0, 7}), Info::BAD_EXTENSION_HEADER);
    // Router Alert and Jumbo Payload at the wrong size (ns-3 reads them at fixed sizes).
    ExpectRejected(WithExtensions(0, {17, 0, 5, 0, 1, 2, 0, 0}), Info::BAD_EXTENSION_HEADER);
    ExpectRejected(WithExtensions(0, {17, 0, 0xc2, 2, 0, 0, 1, 0}), Info::BAD_EXTENSION_HEADER);
    // A chain (fragment, routing) whose last header, hop-by-hop, has no room.
    ExpectRejected(WithExtensions(44, {43, 0, 0, 1, 0, 0, 0, 9}), Info::BAD_EXTENSION_HEADER);
    // An authentication header longer than the payload.
    ExpectRejected(WithExtensions(51, {17, 9, 0, 0, 0, 0, 0, 0}), Info::BAD_EXTENSION_HEADER);
}

/// A TCP header whose option area is the given octets (a multiple of 4).
std::vector<uint8_t>
TcpWithOptions(const std::vector<uint8_t>& options)
{
    std::vector<uint8_t> b(20 + options.size(), 0);
    b[12] = static_cast<uint8_t>(b.size() / 4 << 4);
    b[13] = 0x02; // SYN
    std::copy(options.begin(), options.end(), b.begin() + 20);
    return b;
}

/// \return TcpOptionsWellFormed over all of \p segment
bool
WellFormed(const std::vector<uint8_t>& segment)
{
    return TcpOptionsWellFormed(segment.data(), segment.size());
}

TEST(TcpOptionCheck, AcceptsSoundOptions)
{
    std::vector<uint8_t> none(20, 0);
    none[12] = 0x50;
    EXPECT_TRUE(WellFormed(none));
    EXPECT_TRUE(WellFormed(TcpWithOptions({2, 4, 5, 0xb4})));
    // No-operation, then end of list, then padding that is not parsed.
    EXPECT_TRUE(WellFormed(TcpWithOptions({1, 0, 0xfe, 0})));
    EXPECT_TRUE(WellFormed(TcpWithOptions({0xfe, 4, 1, 2})));
    // Two no-operations, then a SACK option of one block.
    EXPECT_TRUE(WellFormed(TcpWithOptions({1, 1, 5, 10, 0, 0, 0, 1, 0, 0, 0, 2})));
}

TEST(TcpOptionCheck, RejectsWhatNs3CannotParse)
{
    // Length 0 on an unknown kind: ns-3.37's TcpHeader::Deserialize never returns.
    std::vector<uint8_t> zero = TcpWithOptions({0xfe, 0, 0, 0});
    EXPECT_FALSE(WellFormed(zero));
    EXPECT_FALSE(WellFormed(TcpWithOptions({0xfe, 1, 0, 0})));
    // An option running past the header, and a kind with no room for its length.
    EXPECT_FALSE(WellFormed(TcpWithOptions({0xfe, 6, 0, 0})));
    EXPECT_FALSE(WellFormed(TcpWithOptions({1, 1, 1, 0xfe})));
    // A maximum segment size option of 3 octets: ns-3.37 aborts.
    EXPECT_FALSE(WellFormed(TcpWithOptions({2, 3, 5, 1})));
    // A SACK option of 3 octets: ns-3.37 reads no block and steps 2, onto a
    // maximum segment size option of length 0 that a walk by length skips
    // (fuzz-nat, finding 12).
    EXPECT_FALSE(WellFormed(TcpWithOptions({5, 3, 2, 0})));
    EXPECT_FALSE(WellFormed(TcpWithOptions({5, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})));
    // A data offset beyond the octets present, or below 5.
    EXPECT_FALSE(TcpOptionsWellFormed(zero.data(), 20));
    std::vector<uint8_t> small(20, 0);
    small[12] = 0x40;
    EXPECT_FALSE(WellFormed(small));
    EXPECT_FALSE(TcpOptionsWellFormed(small.data(), 19));
}

/// An IPv6 packet: the given extension header octets, then the given TCP segment.
std::vector<uint8_t>
Ipv6Tcp(uint8_t first, const std::vector<uint8_t>& extensions, const std::vector<uint8_t>& tcp)
{
    std::vector<uint8_t> b = Ipv6Data(first, uint16_t(extensions.size() + tcp.size()));
    std::copy(extensions.begin(), extensions.end(), b.begin() + 40);
    std::copy(tcp.begin(), tcp.end(), b.begin() + 40 + extensions.size());
    return b;
}

TEST(TeredoClassifierRejects, BadTcpOptions)
{
    const std::vector<uint8_t> bad = TcpWithOptions({0xfe, 0, 0, 0});
    ExpectRejected(Ipv6Tcp(6, {}, bad), Info::BAD_TCP_OPTIONS);
    // Behind a destination options header, and in a first fragment.
    ExpectRejected(Ipv6Tcp(60, {6, 0, 1, 4, 0, 0, 0, 0}, bad), Info::BAD_TCP_OPTIONS);
    ExpectRejected(Ipv6Tcp(44, {6, 0, 0, 1, 0, 0, 0, 9}, bad), Info::BAD_TCP_OPTIONS);
    // A truncated TCP header.
    ExpectRejected(Ipv6Tcp(6, {}, std::vector<uint8_t>(12, 0)), Info::BAD_TCP_OPTIONS);
    // A SACK option ns-3.37 would step out of onto an MSS option of length 0.
    ExpectRejected(Ipv6Tcp(6, {}, TcpWithOptions({5, 3, 2, 0})), Info::BAD_TCP_OPTIONS);
    // A later fragment holds no TCP header: its octets are not read as one.
    EXPECT_EQ(Classify(Ipv6Tcp(44, {6, 0, 0, 9, 0, 0, 0, 9}, bad)).kind, Info::IPV6_DATA);
    // Sound options pass.
    EXPECT_EQ(Classify(Ipv6Tcp(6, {}, TcpWithOptions({2, 4, 5, 0xb4}))).kind, Info::IPV6_DATA);
}

/// An IPv6 packet carrying an ICMPv6 message of the given type: a fixed part of
/// \p fixed octets (checksum left wrong), then the given option octets.
std::vector<uint8_t>
Icmpv6Message(uint8_t type, uint32_t fixed, const std::vector<uint8_t>& options)
{
    std::vector<uint8_t> b = Ipv6Data(58, uint16_t(fixed + options.size()));
    b[40] = type;
    std::copy(options.begin(), options.end(), b.begin() + 40 + fixed);
    return b;
}

TEST(TeredoClassifierRejects, BadNeighbourDiscoveryMessage)
{
    constexpr uint8_t NS = 135;
    constexpr uint8_t REDIRECT = 137;
    // An Ethernet source link-layer address option: fine.
    EXPECT_EQ(Classify(Icmpv6Message(NS, 24, {1, 1, 0, 0, 0, 0, 0, 1})).kind, Info::IPV6_DATA);
    // Five units: ns-3.37 copies 38 octets into a 32-octet stack buffer.
    std::vector<uint8_t> longLla(40, 0);
    longLla[0] = 1;
    longLla[1] = 5;
    ExpectRejected(Icmpv6Message(NS, 24, longLla), Info::BAD_ND_MESSAGE);
    // Length 0, an option past the end, a prefix information option of 3 units.
    ExpectRejected(Icmpv6Message(NS, 24, {1, 0, 0, 0, 0, 0, 0, 0}), Info::BAD_ND_MESSAGE);
    ExpectRejected(Icmpv6Message(NS, 24, {1, 2, 0, 0, 0, 0, 0, 0}), Info::BAD_ND_MESSAGE);
    ExpectRejected(
        Icmpv6Message(134, 16, std::vector<uint8_t>{3, 3, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                    0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0, 0}),
        Info::BAD_ND_MESSAGE);
    // A neighbour solicitation without room for its target.
    ExpectRejected(Icmpv6Message(NS, 20, {}), Info::TRUNCATED_ICMPV6);
    // A redirect must carry the redirected header option ns-3 reads.
    ExpectRejected(Icmpv6Message(REDIRECT, 40, {}), Info::BAD_ND_MESSAGE);
    EXPECT_EQ(Classify(Icmpv6Message(REDIRECT, 40, {4, 1, 0, 0, 0, 0, 0, 0})).kind,
              Info::IPV6_DATA);
    EXPECT_EQ(
        Classify(Icmpv6Message(REDIRECT, 40, {2, 1, 0, 0, 0, 0, 0, 1, 4, 1, 0, 0, 0, 0, 0, 0}))
            .kind,
        Info::IPV6_DATA);
    // A fragmented one (RFC 6980): the rest of its options would go unchecked.
    std::vector<uint8_t> fragment = Ipv6Data(44, 8 + 24);
    fragment[40] = 58;
    fragment[43] = 1; // offset 0, more fragments
    fragment[48] = NS;
    ExpectRejected(fragment, Info::BAD_ND_MESSAGE);
    // Other ICMPv6 messages are not read as neighbour discovery.
    EXPECT_EQ(Classify(Icmpv6Message(128, 8, {1, 0})).kind, Info::IPV6_DATA);
}

TEST(TeredoClassifier, EveryReasonHasItsOwnName)
{
    std::vector<std::string> names;
    for (int r = Info::NONE; r <= Info::BAD_ND_MESSAGE; ++r)
    {
        std::string n = TeredoDatagramClassifier::ReasonToString(Info::Reason(r));
        EXPECT_NE(n, "unknown-reason");
        EXPECT_EQ(std::count(names.begin(), names.end(), n), 0) << n;
        names.push_back(n);
    }
}

TEST(TeredoClassifier, SurvivesEveryTruncationAndFlip)
{
    // Cheap robustness sweep; the fuzzers go further.
    for (const std::vector<uint8_t>& seed : {RouterSolicitation(), RouterAdvertisement(), Bubble()})
    {
        for (size_t len = 0; len <= seed.size(); ++len)
        {
            Info info = TeredoDatagramClassifier::Classify(seed.data(), len);
            EXPECT_TRUE(info.kind != Info::REJECTED || info.reason != Info::NONE);
        }
        for (size_t k = 0; k < seed.size(); ++k)
        {
            for (uint8_t bit = 1; bit != 0; bit <<= 1)
            {
                std::vector<uint8_t> m = seed;
                m[k] ^= bit;
                Info info = Classify(m);
                EXPECT_TRUE(info.kind != Info::REJECTED || info.reason != Info::NONE);
            }
        }
    }
}

} // namespace
