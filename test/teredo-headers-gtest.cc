/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-test-packets.h"

#include "ns3/packet.h"
#include "ns3/teredo-auth-header.h"
#include "ns3/teredo-origin-header.h"

#include <gtest/gtest.h>
#include <sstream>
#include <vector>

using namespace ns3;

namespace
{

TEST(TeredoAuthHeader, EmptyIdentifierAndValue)
{
    TeredoAuthHeader h;
    h.SetNonce(0x046fb9440f874228ULL); // Miredo's RS nonce in capture frame 3
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    EXPECT_EQ(h.GetSerializedSize(), 13u);
    std::vector<uint8_t> expected =
        {0x00, 0x01, 0x00, 0x00, 0x04, 0x6f, 0xb9, 0x44, 0x0f, 0x87, 0x42, 0x28, 0x00};
    EXPECT_EQ(teredo_test::PacketBytes(p), expected);

    TeredoAuthHeader back;
    EXPECT_EQ(p->RemoveHeader(back), 13u);
    EXPECT_TRUE(back.GetClientId().empty());
    EXPECT_TRUE(back.GetAuthValue().empty());
    EXPECT_EQ(back.GetNonceValue(), 0x046fb9440f874228ULL);
    EXPECT_EQ(back.GetNonce(), h.GetNonce());
    EXPECT_EQ(back.GetConfirmation(), 0);
}

TEST(TeredoAuthHeader, IdentifierAndValuePresent)
{
    TeredoAuthHeader h;
    h.SetClientId({'c', 'l', 'i'});
    h.SetAuthValue({1, 2, 3, 4, 5});
    h.SetNonce(TeredoAuthHeader::Nonce{8, 7, 6, 5, 4, 3, 2, 1});
    h.SetConfirmation(1);
    EXPECT_EQ(h.GetSerializedSize(), 13u + 3 + 5);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    std::vector<uint8_t> expected = {0x00, 0x01, 3, 5, 'c', 'l', 'i', 1, 2, 3, 4,
                                     5,    8,    7, 6, 5,   4,   3,   2, 1, 1};
    EXPECT_EQ(teredo_test::PacketBytes(p), expected);

    TeredoAuthHeader back;
    EXPECT_EQ(p->RemoveHeader(back), 21u);
    EXPECT_EQ(back.GetClientId(), h.GetClientId());
    EXPECT_EQ(back.GetAuthValue(), h.GetAuthValue());
    EXPECT_EQ(back.GetNonce(), h.GetNonce());
    EXPECT_EQ(back.GetNonceValue(), 0x0807060504030201ULL);
    EXPECT_EQ(back.GetConfirmation(), 1);
}

TEST(TeredoAuthHeader, LongestIdentifierAndValue)
{
    TeredoAuthHeader h;
    h.SetClientId(std::vector<uint8_t>(255, 0xaa));
    h.SetAuthValue(std::vector<uint8_t>(255, 0x55));
    EXPECT_EQ(h.GetSerializedSize(), 13u + 510);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    TeredoAuthHeader back;
    p->RemoveHeader(back);
    EXPECT_EQ(back.GetClientId(), h.GetClientId());
    EXPECT_EQ(back.GetAuthValue(), h.GetAuthValue());
}

TEST(TeredoAuthHeader, PrintsLengthsNonceAndConfirmation)
{
    TeredoAuthHeader h;
    h.SetClientId({1});
    h.SetNonce(0x0102030405060708ULL);
    std::ostringstream os;
    h.Print(os);
    EXPECT_EQ(os.str(), "auth id-len=1 au-len=0 nonce=0102030405060708 conf=0");
    EXPECT_EQ(TeredoAuthHeader::GetTypeId().GetName(), "ns3::TeredoAuthHeader");
}

TEST(TeredoOriginHeader, SerializesObfuscated)
{
    // The origin Miredo's server reported in capture frame 4: 198.51.100.10:37820.
    TeredoOriginHeader h(Ipv4Address("198.51.100.10"), 37820);
    EXPECT_EQ(h.GetSerializedSize(), 8u);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    std::vector<uint8_t> expected = {0x00, 0x00, 0x6c, 0x43, 0x39, 0xcc, 0x9b, 0xf5};
    EXPECT_EQ(teredo_test::PacketBytes(p), expected);

    TeredoOriginHeader back;
    EXPECT_EQ(p->RemoveHeader(back), 8u);
    EXPECT_EQ(back.GetAddress(), Ipv4Address("198.51.100.10"));
    EXPECT_EQ(back.GetPort(), 37820);
}

TEST(TeredoOriginHeader, PrintsInClear)
{
    TeredoOriginHeader h;
    h.SetAddress(Ipv4Address("203.0.113.5"));
    h.SetPort(3545);
    std::ostringstream os;
    h.Print(os);
    EXPECT_EQ(os.str(), "origin 203.0.113.5:3545");
}

TEST(TeredoIndicators, AuthenticationPrecedesOriginInOneDatagram)
{
    TeredoAuthHeader auth;
    auth.SetNonce(0x1122334455667788ULL);
    TeredoOriginHeader origin(Ipv4Address("192.0.2.9"), 1234);
    Ptr<Packet> p = Create<Packet>(40);
    p->AddHeader(origin); // prepended: origin ends up second
    p->AddHeader(auth);
    std::vector<uint8_t> b = teredo_test::PacketBytes(p);
    ASSERT_EQ(b.size(), 13u + 8 + 40);
    EXPECT_EQ(b[0], 0x00);
    EXPECT_EQ(b[1], 0x01);
    EXPECT_EQ(b[13], 0x00);
    EXPECT_EQ(b[14], 0x00);

    TeredoAuthHeader a2;
    TeredoOriginHeader o2;
    p->RemoveHeader(a2);
    p->RemoveHeader(o2);
    EXPECT_EQ(a2.GetNonceValue(), 0x1122334455667788ULL);
    EXPECT_EQ(o2.GetAddress(), Ipv4Address("192.0.2.9"));
    EXPECT_EQ(o2.GetPort(), 1234);
    EXPECT_EQ(p->GetSize(), 40u);
}

} // namespace
