/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/teredo-address.h"

#include <gtest/gtest.h>
#include <random>
#include <sstream>

using namespace ns3;

namespace
{

struct SampleAddress
{
    const char* ipv6;
    const char* server;
    bool cone;
    uint16_t port;
    const char* client;
};

// The widely cited sample under server 65.54.227.120, and one under 192.0.2.1.
const SampleAddress SAMPLES[] = {
    {"2001:0:4136:e378:8000:63bf:3fff:fdd2", "65.54.227.120", true, 40000, "192.0.2.45"},
    {"2001:0:c000:201:8000:cfc6:3fff:fd74", "192.0.2.1", true, 12345, "192.0.2.139"},
};

class TeredoAddressSample : public ::testing::TestWithParam<SampleAddress>
{
};

TEST_P(TeredoAddressSample, DecodesExactly)
{
    const SampleAddress& s = GetParam();
    Ipv6Address ip(s.ipv6);
    ASSERT_TRUE(TeredoAddress::IsTeredo(ip));
    TeredoAddress t = TeredoAddress::Decode(ip);
    EXPECT_EQ(t.GetServer(), Ipv4Address(s.server));
    EXPECT_EQ(t.IsCone(), s.cone);
    EXPECT_EQ(t.GetFlags(), 0x8000);
    EXPECT_EQ(t.GetMappedPort(), s.port);
    EXPECT_EQ(t.GetMappedAddress(), Ipv4Address(s.client));
    EXPECT_EQ(t.GetPrefix(), Ipv6Address("2001::"));
    EXPECT_TRUE(t.HasValidReservedBits());
}

TEST_P(TeredoAddressSample, EncodesBackToTheSameAddress)
{
    const SampleAddress& s = GetParam();
    TeredoAddress t(Ipv4Address(s.server),
                    s.cone ? TeredoAddress::CONE_FLAG : 0,
                    s.port,
                    Ipv4Address(s.client));
    EXPECT_EQ(t.ToIpv6(), Ipv6Address(s.ipv6));
}

INSTANTIATE_TEST_SUITE_P(Rfc4380Samples, TeredoAddressSample, ::testing::ValuesIn(SAMPLES));

TEST(TeredoAddress, ObfuscatesPortAndAddressOnTheWire)
{
    TeredoAddress t(Ipv4Address("192.0.2.1"), 0, 0x1388, Ipv4Address("203.0.113.7"));
    uint8_t b[16];
    t.ToIpv6().GetBytes(b);
    EXPECT_EQ(b[10], 0xec); // 5000 = 0x1388, inverted 0xec77
    EXPECT_EQ(b[11], 0x77);
    EXPECT_EQ(b[12], uint8_t(~203));
    EXPECT_EQ(b[13], uint8_t(~0));
    EXPECT_EQ(b[14], uint8_t(~113));
    EXPECT_EQ(b[15], uint8_t(~7));
}

TEST(TeredoAddress, RoundTripsRandomValues)
{
    std::mt19937 rng(4380); // fixed seed: deterministic
    std::uniform_int_distribution<uint32_t> u32;
    for (int k = 0; k < 10000; ++k)
    {
        uint8_t prefixBytes[16] = {};
        uint32_t prefix = u32(rng);
        prefixBytes[0] = uint8_t(prefix >> 24);
        prefixBytes[1] = uint8_t(prefix >> 16);
        prefixBytes[2] = uint8_t(prefix >> 8);
        prefixBytes[3] = uint8_t(prefix);
        Ipv6Address pfx(prefixBytes);
        TeredoAddress t(Ipv4Address(u32(rng)),
                        uint16_t(u32(rng)),
                        uint16_t(u32(rng)),
                        Ipv4Address(u32(rng)),
                        pfx);
        Ipv6Address encoded = t.ToIpv6();
        TeredoAddress back = TeredoAddress::Decode(encoded);
        ASSERT_EQ(back.GetServer(), t.GetServer());
        ASSERT_EQ(back.GetFlags(), t.GetFlags());
        ASSERT_EQ(back.GetMappedPort(), t.GetMappedPort());
        ASSERT_EQ(back.GetMappedAddress(), t.GetMappedAddress());
        ASSERT_EQ(back.GetPrefix(), pfx);
        ASSERT_EQ(back.ToIpv6(), encoded);
        ASSERT_TRUE(TeredoAddress::IsTeredo(encoded, pfx));
    }
}

TEST(TeredoAddress, IsTeredoChecksTheDefaultPrefix)
{
    EXPECT_TRUE(TeredoAddress::IsTeredo(Ipv6Address("2001::1")));
    EXPECT_TRUE(TeredoAddress::IsTeredo(Ipv6Address("2001:0:ffff:ffff::")));
    EXPECT_FALSE(TeredoAddress::IsTeredo(Ipv6Address("2001:1::1")));
    EXPECT_FALSE(TeredoAddress::IsTeredo(Ipv6Address("2001:db8::1")));
    EXPECT_FALSE(TeredoAddress::IsTeredo(Ipv6Address("3ffe:831f::1"))); // pre-2006 prefix
    EXPECT_FALSE(TeredoAddress::IsTeredo(Ipv6Address("fe80::8000:5445:5245:444f")));
}

TEST(TeredoAddress, IsTeredoChecksAConfiguredPrefix)
{
    Ipv6Address oldPrefix("3ffe:831f::");
    EXPECT_TRUE(TeredoAddress::IsTeredo(Ipv6Address("3ffe:831f:4136:e378::1"), oldPrefix));
    EXPECT_FALSE(TeredoAddress::IsTeredo(Ipv6Address("2001::1"), oldPrefix));
    // Only the first 32 bits of the prefix count.
    EXPECT_TRUE(TeredoAddress::IsTeredo(Ipv6Address("3ffe:831f::1"), Ipv6Address("3ffe:831f:1::")));
}

TEST(TeredoAddress, Rfc5991FlagsSpreadTwelveRandomBits)
{
    EXPECT_EQ(TeredoAddress::MakeFlags(false, 0), 0x0000);
    EXPECT_EQ(TeredoAddress::MakeFlags(true, 0), 0x8000);
    EXPECT_EQ(TeredoAddress::MakeFlags(false, 0x0fff), TeredoAddress::RANDOM_FLAGS_MASK);
    EXPECT_EQ(TeredoAddress::MakeFlags(false, 0x0800), 0x2000);
    EXPECT_EQ(TeredoAddress::MakeFlags(false, 0x0100), 0x0400);
    EXPECT_EQ(TeredoAddress::MakeFlags(false, 0x00a5), 0x00a5);
    EXPECT_EQ(TeredoAddress::MakeFlags(false, 0xf000), 0x0000); // beyond 12 bits: ignored
    for (uint16_t r = 0; r < 4096; ++r)
    {
        for (bool cone : {false, true})
        {
            uint16_t flags = TeredoAddress::MakeFlags(cone, r);
            ASSERT_EQ(TeredoAddress::ExtractRandomBits(flags), r);
            ASSERT_EQ((flags & TeredoAddress::CONE_FLAG) != 0, cone);
            TeredoAddress t(Ipv4Address("192.0.2.1"), flags, 1, Ipv4Address("198.51.100.1"));
            ASSERT_TRUE(t.HasValidReservedBits());
            ASSERT_EQ(t.GetRandomBits(), r);
        }
    }
}

TEST(TeredoAddress, ReservedUniversalAndGroupBitsAreFlagged)
{
    for (uint16_t bit :
         {TeredoAddress::RESERVED_FLAG, TeredoAddress::UNIVERSAL_FLAG, TeredoAddress::GROUP_FLAG})
    {
        TeredoAddress t(Ipv4Address("192.0.2.1"), bit, 1, Ipv4Address("198.51.100.1"));
        EXPECT_FALSE(t.HasValidReservedBits()) << std::hex << bit;
    }
}

TEST(TeredoAddress, DecodesMiredoAddressesFromTheCapture)
{
    // Addresses Miredo 1.2.6 configured in test/data/miredo-1.2.6-netns.pcap (server 198.51.100.1).
    TeredoAddress a = TeredoAddress::Decode(Ipv6Address("2001:0:c633:6401:23:62d3:39cc:9be1"));
    EXPECT_EQ(a.GetServer(), Ipv4Address("198.51.100.1"));
    EXPECT_FALSE(a.IsCone());
    EXPECT_TRUE(a.HasValidReservedBits());
    EXPECT_EQ(a.GetMappedAddress(), Ipv4Address("198.51.100.30"));
    EXPECT_EQ(a.GetMappedPort(), 40236);
    TeredoAddress b = TeredoAddress::Decode(Ipv6Address("2001:0:c633:6401:870:64b6:39cc:9beb"));
    EXPECT_EQ(b.GetMappedAddress(), Ipv4Address("198.51.100.20"));
    EXPECT_EQ(b.GetMappedPort(), 39753);
    EXPECT_EQ(b.GetRandomBits(), 0x270); // flags 0x0870: AAAA=0010, low octet 0x70
}

TEST(TeredoAddress, LinkLocalAddresses)
{
    EXPECT_EQ(TeredoAddress::GetConeLinkLocal(), Ipv6Address("fe80::8000:5445:5245:444f"));
    EXPECT_EQ(TeredoAddress::GetNonConeLinkLocal(), Ipv6Address("fe80::ffff:ffff:ffff"));
    // Miredo's server at 198.51.100.1 advertises from this address (capture frame 4).
    EXPECT_EQ(
        TeredoAddress::MakeLinkLocal(TeredoAddress::CONE_FLAG, 3544, Ipv4Address("198.51.100.1")),
        Ipv6Address("fe80::8000:f227:39cc:9bfe"));
}

TEST(TeredoAddress, PrintsDecodedFields)
{
    std::ostringstream os;
    os << TeredoAddress::Decode(Ipv6Address("2001:0:4136:e378:8000:63bf:3fff:fdd2"));
    EXPECT_EQ(os.str(),
              "2001:0:4136:e378:8000:63bf:3fff:fdd2 (server 65.54.227.120, flags 0x8000 cone, "
              "mapped 192.0.2.45:40000)");
    // The stream's formatting is left as it was.
    os.str("");
    os << 255;
    EXPECT_EQ(os.str(), "255");
}

TEST(TeredoAddress, EqualityFollowsTheEncodedAddress)
{
    TeredoAddress a(Ipv4Address("192.0.2.1"), 0x8000, 1, Ipv4Address("198.51.100.1"));
    TeredoAddress b = TeredoAddress::Decode(a.ToIpv6());
    EXPECT_EQ(a, b);
    b.SetMappedPort(2);
    EXPECT_NE(a, b);
}

TEST(TeredoAddress, Ipv4GlobalUnicastRefusesEachNonGlobalBlock)
{
    // The first and last address of every block that is not global unicast.
    const char* notGlobal[] = {
        "0.0.0.0",     "0.255.255.255",   // "this network"
        "10.0.0.0",    "10.255.255.255",  // private
        "100.64.0.0",  "100.127.255.255", // shared address space
        "127.0.0.1",   "127.255.255.255", // loopback
        "169.254.0.0", "169.254.255.255", // link-local
        "172.16.0.0",  "172.31.255.255",  // private
        "192.88.99.0", "192.88.99.255",   // 6to4 relay anycast
        "192.168.0.0", "192.168.255.255", // private
        "224.0.0.1",   "239.255.255.255", // multicast
        "240.0.0.0",   "255.255.255.255", // reserved, limited broadcast
    };
    for (const char* a : notGlobal)
    {
        EXPECT_FALSE(TeredoAddress::IsGlobalUnicast(Ipv4Address(a))) << a;
    }
    // Just outside those blocks, and the documentation ranges simulations use.
    const char* global[] = {"1.0.0.0",
                            "9.255.255.255",
                            "11.0.0.0",
                            "100.63.255.255",
                            "100.128.0.0",
                            "126.255.255.255",
                            "128.0.0.0",
                            "169.253.255.255",
                            "172.15.255.255",
                            "172.32.0.0",
                            "192.88.98.255",
                            "192.88.100.0",
                            "192.167.255.255",
                            "192.169.0.0",
                            "223.255.255.255",
                            "192.0.2.1",
                            "198.51.100.1",
                            "203.0.113.1",
                            "65.54.227.120"};
    for (const char* a : global)
    {
        EXPECT_TRUE(TeredoAddress::IsGlobalUnicast(Ipv4Address(a))) << a;
    }
}

TEST(TeredoAddress, Ipv6GlobalUnicastRefusesEachNonGlobalKind)
{
    struct Case
    {
        const char* address;
        const char* kind;
    };

    // In hexadecimal: ns-3.37's parser does not read the dotted IPv4 form reliably.
    const Case notGlobal[] = {
        {"::", "unspecified"},
        {"::1", "loopback"},
        {"ff02::1", "multicast, link scope"},
        {"ff0e::1", "multicast, global scope"},
        {"fe80::1", "link-local"},
        {"febf:ffff::1", "link-local, last /16 of fe80::/10"},
        {"fec0::1", "site-local"},
        {"feff:ffff::1", "site-local, last /16 of fec0::/10"},
        {"::ffff:c000:201", "IPv4-mapped (192.0.2.1)"},
        {"::ffff:0:0", "IPv4-mapped, first"},
        {"::c000:201", "IPv4-compatible (192.0.2.1)"},
        {"::ffff:ffff", "IPv4-compatible, last"},
    };
    for (const Case& c : notGlobal)
    {
        EXPECT_FALSE(TeredoAddress::IsGlobalUnicast(Ipv6Address(c.address)))
            << c.address << " (" << c.kind << ")";
    }
    const Case global[] = {
        {"2001:db8::1", "documentation"},
        {"2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"},
        {"2002:c000:201::1", "6to4"},
        {"fc00::1", "unique-local: forwarded within a site"},
        {"fd12:3456::1", "unique-local"},
        {"fe7f:ffff::1", "just below fe80::/10"},
        {"::1:0:0:1", "outside ::/96"},
        {"::fffe:c000:201", "neither mapped nor compatible"},
        {"0:0:0:0:1:ffff:c000:201", "mapped-like, outside ::ffff:0:0/96"},
    };
    for (const Case& c : global)
    {
        EXPECT_TRUE(TeredoAddress::IsGlobalUnicast(Ipv6Address(c.address)))
            << c.address << " (" << c.kind << ")";
    }
}

} // namespace
