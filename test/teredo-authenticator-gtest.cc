/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TeredoAuthenticator: the authentication value of secure qualification
// (RFC 4380 section 5.2.2). Known answers come from tools outside the module:
// RFC 2202's HMAC-SHA1 test case 2, and values computed with
//   openssl dgst -sha1 -hmac teredo-secret FILE
// over FILE = nonce || confirmation || [origin indication] || IPv6 packet,
// written octet by octet as below.

#include "teredo-test-packets.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/packet.h"
#include "ns3/teredo-auth-header.h"
#include "ns3/teredo-authenticator.h"
#include "ns3/teredo-datagram-classifier.h"
#include "ns3/teredo-origin-header.h"
#include "ns3/teredo-packet-builder.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// \param hex octets in hexadecimal \return them
std::vector<uint8_t>
FromHex(const std::string& hex)
{
    std::vector<uint8_t> octets;
    for (size_t i = 0; i + 1 < hex.size(); i += 2)
    {
        octets.push_back(static_cast<uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    }
    return octets;
}

/// \param octets some octets \return a packet holding them
Ptr<Packet>
PacketOf(const std::vector<uint8_t>& octets)
{
    return Create<Packet>(octets.data(), octets.size());
}

/// \param text a string \return its octets
std::vector<uint8_t>
Octets(const std::string& text)
{
    return std::vector<uint8_t>(text.begin(), text.end());
}

/// \param text eight characters \return them as a nonce
TeredoAuthHeader::Nonce
NonceOf(const std::string& text)
{
    TeredoAuthHeader::Nonce nonce{};
    std::copy(text.begin(), text.begin() + nonce.size(), nonce.begin());
    return nonce;
}

/// An IPv6 router solicitation from fe80::ffff:ffff:ffff to ff02::2 (48 octets).
const std::string RS_HEX = "6000000000083afffe800000000000000000ffffffffffffff0200000000000000"
                           "0000000000000285007d3700000000";

/// The nonce 01 02 ... 08.
const TeredoAuthHeader::Nonce NONCE{1, 2, 3, 4, 5, 6, 7, 8};

TEST(TeredoAuthenticator, Rfc2202HmacSha1TestCase2)
{
    // "what do ya want for nothing?" keyed with "Jefe", cut where the value's
    // fields fall: 8 octets of nonce, the confirmation byte, no origin, the rest.
    std::string data = "what do ya want for nothing?";
    std::vector<uint8_t> value = TeredoAuthenticator::Compute(Octets("Jefe"),
                                                              NonceOf(data.substr(0, 8)),
                                                              static_cast<uint8_t>(data[8]),
                                                              {},
                                                              PacketOf(Octets(data.substr(9))));
    EXPECT_EQ(value, FromHex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
}

TEST(TeredoAuthenticator, SolicitationValueAsOpensslComputesIt)
{
    std::vector<uint8_t> value = TeredoAuthenticator::Compute(Octets("teredo-secret"),
                                                              NONCE,
                                                              0,
                                                              {},
                                                              PacketOf(FromHex(RS_HEX)));
    EXPECT_EQ(value, FromHex("eab4568dc73d431fc6c28a033d6223a84a86245f"));
}

TEST(TeredoAuthenticator, AdvertisementValueCoversTheOriginIndication)
{
    // Origin indication of 192.0.2.1 port 3544, as sent (obfuscated).
    std::vector<uint8_t> origin = FromHex("0000f2273ffffdfe");
    Ptr<Packet> o = Create<Packet>();
    o->AddHeader(TeredoOriginHeader(Ipv4Address("192.0.2.1"), 3544));
    ASSERT_EQ(teredo_test::PacketBytes(o), origin);
    EXPECT_EQ(TeredoAuthenticator::Compute(Octets("teredo-secret"),
                                           NONCE,
                                           0,
                                           origin,
                                           PacketOf(FromHex(RS_HEX))),
              FromHex("fda2c89074e7f250a762b17c37118e84c9217540"));
    // The confirmation byte is covered too.
    EXPECT_EQ(TeredoAuthenticator::Compute(Octets("teredo-secret"),
                                           NONCE,
                                           1,
                                           origin,
                                           PacketOf(FromHex(RS_HEX))),
              FromHex("6fcf34a8fca55a99684d9b09512bc2da91b4766a"));
}

/// \return a solicitation from client "alice", signed with `secret`
Ptr<Packet>
SignedSolicitation(const std::string& secret)
{
    TeredoAuthHeader auth;
    auth.SetNonce(NONCE);
    auth.SetClientId(Octets("alice"));
    return TeredoAuthenticator::Sign(TeredoPacketBuilder::MakeRouterSolicitation(auth, false),
                                     Octets(secret));
}

TEST(TeredoAuthenticator, SignedSolicitationVerifies)
{
    Ptr<Packet> rs = SignedSolicitation("teredo-secret");
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(rs);
    ASSERT_TRUE(info.IsValid());
    ASSERT_TRUE(info.hasAuth);
    EXPECT_EQ(info.auth.GetClientId(), Octets("alice"));
    EXPECT_EQ(info.auth.GetAuthValue().size(), TeredoAuthenticator::VALUE_SIZE);
    EXPECT_EQ(info.kind, TeredoDatagramInfo::ROUTER_SOLICITATION);
    EXPECT_TRUE(TeredoAuthenticator::Verify(rs, info, Octets("teredo-secret")));
    EXPECT_FALSE(TeredoAuthenticator::Verify(rs, info, Octets("another-secret")));
}

TEST(TeredoAuthenticator, SignedAdvertisementVerifiesAndKeepsItsOrigin)
{
    TeredoAuthHeader auth;
    auth.SetNonce(NONCE);
    auth.SetClientId(Octets("alice"));
    TeredoOriginHeader origin(Ipv4Address("192.0.2.1"), 40000);
    Ptr<Packet> ra = TeredoAuthenticator::Sign(
        TeredoPacketBuilder::MakeRouterAdvertisement(auth,
                                                     origin,
                                                     Ipv4Address("198.51.100.1"),
                                                     Ipv6Address("fe80::8000:ffff:ffff:fffe"),
                                                     Ipv6Address("2001::")),
        Octets("teredo-secret"));
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ra);
    ASSERT_TRUE(info.IsValid());
    ASSERT_TRUE(info.hasOrigin);
    EXPECT_EQ(info.origin.GetAddress(), Ipv4Address("192.0.2.1"));
    EXPECT_EQ(info.origin.GetPort(), 40000);
    EXPECT_TRUE(TeredoAuthenticator::Verify(ra, info, Octets("teredo-secret")));
}

TEST(TeredoAuthenticator, AnyChangedOctetFails)
{
    Ptr<Packet> rs = SignedSolicitation("teredo-secret");
    std::vector<uint8_t> octets = teredo_test::PacketBytes(rs);
    // Every octet but the value's own (offset 4 + 5 of identifier, 20 long):
    // nonce, confirmation and IPv6 packet are covered.
    size_t valueStart = 4 + 5;
    for (size_t i = valueStart + TeredoAuthenticator::VALUE_SIZE; i < octets.size(); ++i)
    {
        std::vector<uint8_t> changed = octets;
        changed[i] ^= 0x01;
        Ptr<Packet> p = PacketOf(changed);
        TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
        EXPECT_FALSE(info.IsValid() &&
                     TeredoAuthenticator::Verify(p, info, Octets("teredo-secret")))
            << "octet " << i;
    }
}

TEST(TeredoAuthenticator, MissingOrShortValueFails)
{
    TeredoAuthHeader auth;
    auth.SetNonce(NONCE);
    auth.SetClientId(Octets("alice"));
    Ptr<Packet> unsigned_ = TeredoPacketBuilder::MakeRouterSolicitation(auth, false);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(unsigned_);
    EXPECT_FALSE(TeredoAuthenticator::Verify(unsigned_, info, Octets("teredo-secret")));

    // The right value cut to 12 octets (as HMAC-SHA1-96 would send) is refused.
    Ptr<Packet> signed_ = SignedSolicitation("teredo-secret");
    TeredoDatagramInfo full = TeredoDatagramClassifier::Classify(signed_);
    std::vector<uint8_t> shortValue = full.auth.GetAuthValue();
    shortValue.resize(12);
    auth.SetAuthValue(shortValue);
    Ptr<Packet> cut = TeredoPacketBuilder::MakeRouterSolicitation(auth, false);
    TeredoDatagramInfo cutInfo = TeredoDatagramClassifier::Classify(cut);
    ASSERT_TRUE(cutInfo.IsValid());
    EXPECT_FALSE(TeredoAuthenticator::Verify(cut, cutInfo, Octets("teredo-secret")));
}

} // namespace
