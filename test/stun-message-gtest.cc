/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// STUN wire format against RFC 5769's test vectors (FINGERPRINT, XOR-MAPPED-ADDRESS
// over IPv4 and IPv6), round trips of what NAT behaviour discovery sends, and
// refusal of malformed datagrams.

#include "ns3/inet6-socket-address.h"
#include "ns3/stun-message.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;

namespace
{

// RFC 5769 section 2.1: request with SOFTWARE, PRIORITY, ICE-CONTROLLED,
// USERNAME, MESSAGE-INTEGRITY and FINGERPRINT.
const std::vector<uint8_t> SAMPLE_REQUEST = {
    0x00, 0x01, 0x00, 0x58, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x10, 0x53, 0x54, 0x55, 0x4e, 0x20, 0x74, 0x65, 0x73,
    0x74, 0x20, 0x63, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x00, 0x24, 0x00, 0x04, 0x6e, 0x00, 0x01, 0xff,
    0x80, 0x29, 0x00, 0x08, 0x93, 0x2f, 0xf9, 0xb1, 0x51, 0x26, 0x3b, 0x36, 0x00, 0x06, 0x00, 0x09,
    0x65, 0x76, 0x74, 0x6a, 0x3a, 0x68, 0x36, 0x76, 0x59, 0x20, 0x20, 0x20, 0x00, 0x08, 0x00, 0x14,
    0x9a, 0xea, 0xa7, 0x0c, 0xbf, 0xd8, 0xcb, 0x56, 0x78, 0x1e, 0xf2, 0xb5, 0xb2, 0xd3, 0xf2, 0x49,
    0xc1, 0xb5, 0x71, 0xa2, 0x80, 0x28, 0x00, 0x04, 0xe5, 0x7a, 0x3b, 0xcf};

// RFC 5769 section 2.2: IPv4 response, 192.0.2.1 port 32853.
const std::vector<uint8_t> SAMPLE_IPV4_RESPONSE = {
    0x01, 0x01, 0x00, 0x3c, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b, 0x74, 0x65, 0x73, 0x74, 0x20, 0x76, 0x65, 0x63,
    0x74, 0x6f, 0x72, 0x20, 0x00, 0x20, 0x00, 0x08, 0x00, 0x01, 0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43,
    0x00, 0x08, 0x00, 0x14, 0x2b, 0x91, 0xf5, 0x99, 0xfd, 0x9e, 0x90, 0xc3, 0x8c, 0x74, 0x89, 0xf9,
    0x2a, 0xf9, 0xba, 0x53, 0xf0, 0x6b, 0xe7, 0xd7, 0x80, 0x28, 0x00, 0x04, 0xc0, 0x7d, 0x4c, 0x96};

// RFC 5769 section 2.3: IPv6 response, 2001:db8:1234:5678:11:2233:4455:6677 port 32853.
const std::vector<uint8_t> SAMPLE_IPV6_RESPONSE = {
    0x01, 0x01, 0x00, 0x48, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b, 0x74, 0x65, 0x73, 0x74, 0x20, 0x76, 0x65, 0x63,
    0x74, 0x6f, 0x72, 0x20, 0x00, 0x20, 0x00, 0x14, 0x00, 0x02, 0xa1, 0x47, 0x01, 0x13, 0xa9, 0xfa,
    0xa5, 0xd3, 0xf1, 0x79, 0xbc, 0x25, 0xf4, 0xb5, 0xbe, 0xd2, 0xb9, 0xd9, 0x00, 0x08, 0x00, 0x14,
    0xa3, 0x82, 0x95, 0x4e, 0x4b, 0xe6, 0x7b, 0xf1, 0x17, 0x84, 0xc9, 0x7c, 0x82, 0x92, 0xc2, 0x75,
    0xbf, 0xe3, 0xed, 0x41, 0x80, 0x28, 0x00, 0x04, 0xc8, 0xfb, 0x0b, 0x4c};

// RFC 5769 section 2.4: request with long-term authentication, no FINGERPRINT.
const std::vector<uint8_t> SAMPLE_LONG_TERM_REQUEST = {
    0x00, 0x01, 0x00, 0x60, 0x21, 0x12, 0xa4, 0x42, 0x78, 0xad, 0x34, 0x33, 0xc6, 0xad, 0x72,
    0xc0, 0x29, 0xda, 0x41, 0x2e, 0x00, 0x06, 0x00, 0x12, 0xe3, 0x83, 0x9e, 0xe3, 0x83, 0x88,
    0xe3, 0x83, 0xaa, 0xe3, 0x83, 0x83, 0xe3, 0x82, 0xaf, 0xe3, 0x82, 0xb9, 0x00, 0x00, 0x00,
    0x15, 0x00, 0x1c, 0x66, 0x2f, 0x2f, 0x34, 0x39, 0x39, 0x6b, 0x39, 0x35, 0x34, 0x64, 0x36,
    0x4f, 0x4c, 0x33, 0x34, 0x6f, 0x4c, 0x39, 0x46, 0x53, 0x54, 0x76, 0x79, 0x36, 0x34, 0x73,
    0x41, 0x00, 0x14, 0x00, 0x0b, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x6f, 0x72,
    0x67, 0x00, 0x00, 0x08, 0x00, 0x14, 0xf6, 0x70, 0x24, 0x65, 0x6d, 0xd6, 0x4a, 0x3e, 0x02,
    0xb8, 0xe0, 0x71, 0x2e, 0x85, 0xc9, 0xa2, 0x8c, 0xa8, 0x96, 0x66};

StunMessage
ParseOk(const std::vector<uint8_t>& bytes)
{
    StunMessage m;
    EXPECT_EQ(StunMessage::Parse(bytes.data(), bytes.size(), m), StunMessage::PARSE_OK);
    return m;
}

StunMessage::ParseResult
ParseResultOf(const std::vector<uint8_t>& bytes)
{
    StunMessage m;
    return StunMessage::Parse(bytes.data(), bytes.size(), m);
}

TEST(StunMessage, Rfc5769SampleRequest)
{
    StunMessage m = ParseOk(SAMPLE_REQUEST);
    EXPECT_EQ(m.GetClass(), StunMessage::REQUEST);
    EXPECT_EQ(m.GetMethod(), StunMessage::BINDING);
    EXPECT_TRUE(m.HasMagicCookie());
    EXPECT_TRUE(m.HasFingerprint());
    ASSERT_EQ(m.GetAttributes().size(), 5u); // FINGERPRINT checked, not kept
    const StunAttribute* software = m.Find(StunAttribute::SOFTWARE);
    ASSERT_NE(software, nullptr);
    EXPECT_EQ(std::string(software->GetValue().begin(), software->GetValue().end()),
              "STUN test client");
    const StunAttribute* user = m.Find(StunAttribute::USERNAME);
    ASSERT_NE(user, nullptr);
    EXPECT_EQ(user->GetValue().size(), 9u); // padding not part of the value
    // PRIORITY (0x0024) is comprehension-required and not ours: a server would refuse.
    EXPECT_EQ(m.GetUnknownRequired(), (std::vector<uint16_t>{0x0024, 0x0006, 0x0008}));
}

TEST(StunMessage, Rfc5769SampleIpv4Response)
{
    StunMessage m = ParseOk(SAMPLE_IPV4_RESPONSE);
    EXPECT_EQ(m.GetClass(), StunMessage::SUCCESS_RESPONSE);
    EXPECT_EQ(m.GetMethod(), StunMessage::BINDING);
    EXPECT_TRUE(m.HasFingerprint());
    std::optional<Address> a = m.GetAddress(StunAttribute::XOR_MAPPED_ADDRESS);
    ASSERT_TRUE(a.has_value());
    ASSERT_TRUE(InetSocketAddress::IsMatchingType(*a));
    EXPECT_EQ(InetSocketAddress::ConvertFrom(*a).GetIpv4(), Ipv4Address("192.0.2.1"));
    EXPECT_EQ(InetSocketAddress::ConvertFrom(*a).GetPort(), 32853);
    // SOFTWARE's value is 11 octets; the padding octet belongs to no one.
    EXPECT_EQ(m.Find(StunAttribute::SOFTWARE)->GetValue().size(), 11u);
}

TEST(StunMessage, Rfc5769SampleIpv6Response)
{
    StunMessage m = ParseOk(SAMPLE_IPV6_RESPONSE);
    std::optional<Address> a = m.GetAddress(StunAttribute::XOR_MAPPED_ADDRESS);
    ASSERT_TRUE(a.has_value());
    ASSERT_TRUE(Inet6SocketAddress::IsMatchingType(*a));
    EXPECT_EQ(Inet6SocketAddress::ConvertFrom(*a).GetIpv6(),
              Ipv6Address("2001:db8:1234:5678:11:2233:4455:6677"));
    EXPECT_EQ(Inet6SocketAddress::ConvertFrom(*a).GetPort(), 32853);
}

TEST(StunMessage, Rfc5769LongTermRequestWithoutFingerprint)
{
    StunMessage m = ParseOk(SAMPLE_LONG_TERM_REQUEST);
    EXPECT_FALSE(m.HasFingerprint());
    ASSERT_EQ(m.GetAttributes().size(), 4u);
    EXPECT_EQ(m.Find(StunAttribute::REALM)->GetValue().size(), 11u);
    EXPECT_EQ(m.Find(StunAttribute::MESSAGE_INTEGRITY)->GetValue().size(), 20u);
}

TEST(StunMessage, SerializeReproducesTheSampleResponse)
{
    // The IPv4 response rebuilt from its parts gives the same octets, CRC
    // included (padding aside: RFC 5769 pads with spaces, Serialize with zeros).
    StunMessage parsed = ParseOk(SAMPLE_IPV4_RESPONSE);
    StunMessage m(StunMessage::SUCCESS_RESPONSE, StunMessage::BINDING, parsed.GetId());
    std::string software = "test vector";
    m.AddAttribute(StunAttribute(StunAttribute::SOFTWARE,
                                 std::vector<uint8_t>(software.begin(), software.end())));
    m.AddAddress(StunAttribute::XOR_MAPPED_ADDRESS,
                 InetSocketAddress(Ipv4Address("192.0.2.1"), 32853));
    m.AddAttribute(*parsed.Find(StunAttribute::MESSAGE_INTEGRITY));
    std::vector<uint8_t> bytes = m.Serialize(false);
    std::vector<uint8_t> expected = SAMPLE_IPV4_RESPONSE;
    expected[35] = 0x00;                  // SOFTWARE's padding octet
    expected.resize(expected.size() - 8); // no FINGERPRINT
    expected[3] = uint8_t(expected[3] - 8);
    EXPECT_EQ(bytes, expected);
    // With the sample's padding, FINGERPRINT is the sample's.
    expected[35] = 0x20;
    expected[3] = uint8_t(expected[3] + 8);
    expected.insert(expected.end(), {0x80, 0x28, 0x00, 0x04});
    uint32_t crc =
        StunMessage::Crc32(expected.data(), expected.size() - 4) ^ StunMessage::FINGERPRINT_XOR;
    EXPECT_EQ(crc, 0xc07d4c96u);
}

TEST(StunMessage, Crc32CheckValue)
{
    const std::string check = "123456789";
    EXPECT_EQ(StunMessage::Crc32(reinterpret_cast<const uint8_t*>(check.data()), check.size()),
              0xcbf43926u);
}

TEST(StunMessage, MessageTypeInterleavesClassAndMethod)
{
    std::array<uint8_t, 16> id = StunMessage::MakeId({});
    EXPECT_EQ(StunMessage(StunMessage::REQUEST, 1, id).GetMessageType(), 0x0001);
    EXPECT_EQ(StunMessage(StunMessage::INDICATION, 1, id).GetMessageType(), 0x0011);
    EXPECT_EQ(StunMessage(StunMessage::SUCCESS_RESPONSE, 1, id).GetMessageType(), 0x0101);
    EXPECT_EQ(StunMessage(StunMessage::ERROR_RESPONSE, 1, id).GetMessageType(), 0x0111);
    StunMessage all(StunMessage::ERROR_RESPONSE, 0x0fff, id);
    EXPECT_EQ(all.GetMessageType(), 0x3fff);
    StunMessage back = ParseOk(all.Serialize(false));
    EXPECT_EQ(back.GetMethod(), 0x0fff);
    EXPECT_EQ(back.GetClass(), StunMessage::ERROR_RESPONSE);
}

TEST(StunMessage, BehaviourDiscoveryRoundTrip)
{
    std::array<uint8_t, 12> tid{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    StunMessage req(StunMessage::REQUEST, StunMessage::BINDING, StunMessage::MakeId(tid));
    req.AddAttribute(
        StunAttribute::MakeChangeRequest(StunAttribute::CHANGE_IP | StunAttribute::CHANGE_PORT));
    StunMessage r = ParseOk(req.Serialize(true));
    EXPECT_TRUE(r.HasFingerprint());
    EXPECT_EQ(r.GetId(), req.GetId());
    ASSERT_NE(r.Find(StunAttribute::CHANGE_REQUEST), nullptr);
    EXPECT_EQ(r.Find(StunAttribute::CHANGE_REQUEST)->GetChangeRequest(), 0x06u);
    EXPECT_TRUE(r.GetUnknownRequired().empty());

    StunMessage resp(StunMessage::SUCCESS_RESPONSE, StunMessage::BINDING, r.GetId());
    InetSocketAddress mapped(Ipv4Address("203.0.113.1"), 49152);
    InetSocketAddress origin(Ipv4Address("198.51.100.2"), 3479);
    resp.AddAddress(StunAttribute::XOR_MAPPED_ADDRESS, mapped);
    resp.AddAddress(StunAttribute::MAPPED_ADDRESS, mapped);
    resp.AddAddress(StunAttribute::RESPONSE_ORIGIN, origin);
    resp.AddAddress(StunAttribute::OTHER_ADDRESS, origin);
    std::vector<uint8_t> bytes = resp.Serialize(true);
    // XOR-MAPPED-ADDRESS's port on the wire: 49152 ^ 0x2112.
    EXPECT_EQ(bytes[26], uint8_t((49152 ^ 0x2112) >> 8));
    StunMessage back = ParseOk(bytes);
    for (uint16_t t : {StunAttribute::XOR_MAPPED_ADDRESS, StunAttribute::MAPPED_ADDRESS})
    {
        ASSERT_TRUE(back.GetAddress(t).has_value());
        EXPECT_EQ(InetSocketAddress::ConvertFrom(*back.GetAddress(t)), mapped);
    }
    EXPECT_EQ(InetSocketAddress::ConvertFrom(*back.GetAddress(StunAttribute::OTHER_ADDRESS)),
              origin);
}

TEST(StunMessage, Rfc3489FormKeepsItsTransactionId)
{
    // An RFC 3489 request: 128-bit transaction ID, no cookie.
    std::array<uint8_t, 16> id{0x01, 0xab, 0xcd, 0xef, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    StunMessage req(StunMessage::REQUEST, StunMessage::BINDING, id);
    req.AddAttribute(StunAttribute::MakeChangeRequest(StunAttribute::CHANGE_PORT));
    StunMessage r = ParseOk(req.Serialize(false));
    EXPECT_FALSE(r.HasMagicCookie());
    EXPECT_EQ(r.GetId(), id);
    EXPECT_EQ(r.Find(StunAttribute::CHANGE_REQUEST)->GetChangeRequest(), 0x02u);
}

TEST(StunMessage, BadInputRefused)
{
    std::vector<uint8_t> ok = SAMPLE_IPV4_RESPONSE;
    EXPECT_EQ(ParseResultOf({}), StunMessage::PARSE_TOO_SHORT);
    EXPECT_EQ(ParseResultOf({0x00}), StunMessage::PARSE_TOO_SHORT); // the old one-octet probe
    std::vector<uint8_t> b = ok;
    b[0] |= 0x40; // not STUN (e.g. RTP, Teredo's IPv6 header)
    EXPECT_EQ(ParseResultOf(b), StunMessage::PARSE_NOT_STUN);
    b = ok;
    b.pop_back(); // length no longer the datagram's
    EXPECT_EQ(ParseResultOf(b), StunMessage::PARSE_BAD_LENGTH);
    b = ok;
    b[3] = 0x3d; // not a multiple of 4
    EXPECT_EQ(ParseResultOf(b), StunMessage::PARSE_BAD_LENGTH);
    b = ok;
    b[23] = 0x40; // SOFTWARE claims more than there is
    EXPECT_EQ(ParseResultOf(b), StunMessage::PARSE_BAD_ATTRIBUTE);
    b = ok;
    b[40] ^= 0x01; // one bit of the mapped address: FINGERPRINT no longer matches
    EXPECT_EQ(ParseResultOf(b), StunMessage::PARSE_BAD_FINGERPRINT);
    b = ok;
    b[b.size() - 5] = 0x05; // FINGERPRINT's length
    EXPECT_EQ(ParseResultOf(b), StunMessage::PARSE_BAD_ATTRIBUTE);
    // Something after a matching FINGERPRINT (its CRC covers the length
    // that counts the attribute after it).
    b = StunMessage().Serialize(true);
    b[3] = uint8_t(b[3] + 4);
    uint32_t crc = StunMessage::Crc32(b.data(), 20) ^ StunMessage::FINGERPRINT_XOR;
    b.resize(24);
    b.insert(b.end(), {uint8_t(crc >> 24), uint8_t(crc >> 16), uint8_t(crc >> 8), uint8_t(crc)});
    b.insert(b.end(), {0x80, 0x22, 0x00, 0x00});
    EXPECT_EQ(ParseResultOf(b), StunMessage::PARSE_AFTER_FINGERPRINT);
    // Three octets of attribute header.
    StunMessage empty;
    b = empty.Serialize(false);
    b[3] = 4;
    b.insert(b.end(), {0x00, 0x01, 0x00, 0x00});
    EXPECT_EQ(ParseResultOf(b), StunMessage::PARSE_OK); // an empty MAPPED-ADDRESS parses...
    StunMessage m = ParseOk(b);
    EXPECT_FALSE(m.GetAddress(StunAttribute::MAPPED_ADDRESS).has_value()); // ...but is no address
    for (int r = 0; r < StunMessage::PARSE_RESULT_COUNT; ++r)
    {
        EXPECT_NE(StunMessage::ParseResultToString(StunMessage::ParseResult(r)), "unknown");
    }
}

TEST(StunAttribute, MalformedValuesGiveNothing)
{
    std::array<uint8_t, 16> key = StunMessage::MakeId({});
    EXPECT_FALSE(StunAttribute(StunAttribute::MAPPED_ADDRESS, {0, 1, 0, 1, 1, 2, 3})
                     .GetAddress(key)
                     .has_value()); // IPv4 one octet short
    EXPECT_FALSE(StunAttribute(StunAttribute::MAPPED_ADDRESS, {0, 3, 0, 1, 1, 2, 3, 4})
                     .GetAddress(key)
                     .has_value()); // family 3
    EXPECT_FALSE(StunAttribute(StunAttribute::MAPPED_ADDRESS, {0, 2, 0, 1, 1, 2, 3, 4})
                     .GetAddress(key)
                     .has_value()); // IPv6 family, IPv4 length
    EXPECT_FALSE(StunAttribute(StunAttribute::CHANGE_REQUEST, {0, 0, 6}).GetChangeRequest());
    EXPECT_FALSE(StunAttribute(StunAttribute::ERROR_CODE, {0, 0, 2, 0}).GetErrorCode());
    EXPECT_EQ(StunAttribute::MakeErrorCode(420, "Unknown Attribute").GetErrorCode(), 420);
    EXPECT_EQ(StunAttribute::MakeUnknownAttributes({0x0024, 0x0006}).GetValue(),
              (std::vector<uint8_t>{0x00, 0x24, 0x00, 0x06}));
}

} // namespace
