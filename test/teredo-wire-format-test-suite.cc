/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Teredo datagrams built by TeredoPacketBuilder cross a simulated IPv4
// network in UDP and are classified where they land: what the later roles
// (client, server, relay) will do on every packet they receive.

#include "teredo-test-packets.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/teredo-module.h"

#include <map>
#include <vector>

using namespace ns3;

/**
 * \defgroup teredo-tests Teredo module tests
 * \ingroup teredo
 */

namespace
{

/**
 * \ingroup teredo-tests
 * Two hosts on one IPv4 link; one sends UDP payloads to port 3544 of the other,
 * which classifies each and tallies kinds and rejection reasons.
 */
class TeredoOverUdpTestCase : public TestCase
{
  public:
    /// \param name test name
    explicit TeredoOverUdpTestCase(std::string name)
        : TestCase(name)
    {
    }

  protected:
    void DoRun() override;
    /// \return what the sender sends, one datagram each, 10 ms apart
    virtual std::vector<Ptr<Packet>> MakePayloads() = 0;
    /// Verify what the receiver saw; called after the simulation.
    virtual void Check() = 0;

    std::vector<TeredoDatagramInfo> m_received;        //!< classification of each arrival
    std::vector<InetSocketAddress> m_from;             //!< where each arrival came from
    std::map<TeredoDatagramInfo::Reason, int> m_drops; //!< rejections by reason
    Ipv4Address m_senderAddress{"192.0.2.2"};          //!< the sender's address
    static constexpr uint16_t SENDER_PORT = 40000;     //!< the sender's port

  private:
    /// \param socket the receiving socket
    void Receive(Ptr<Socket> socket);
};

void
TeredoOverUdpTestCase::Receive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
        if (!info.IsValid())
        {
            ++m_drops[info.reason];
        }
        m_received.push_back(info);
        m_from.push_back(InetSocketAddress::ConvertFrom(from));
    }
}

void
TeredoOverUdpTestCase::DoRun()
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    NodeContainer nodes;
    nodes.Create(2);
    SimpleNetDeviceHelper link;
    NetDeviceContainer devices = link.Install(nodes);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(nodes);
    Ipv4AddressHelper addresses("192.0.2.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
    NS_TEST_ASSERT_MSG_EQ(interfaces.GetAddress(1), m_senderAddress, "address plan");

    TypeId udp = UdpSocketFactory::GetTypeId();
    Ptr<Socket> server = Socket::CreateSocket(nodes.Get(0), udp);
    server->Bind(InetSocketAddress(Ipv4Address::GetAny(), TeredoAddress::SERVER_PORT));
    server->SetRecvCallback(MakeCallback(&TeredoOverUdpTestCase::Receive, this));

    Ptr<Socket> client = Socket::CreateSocket(nodes.Get(1), udp);
    client->Bind(InetSocketAddress(Ipv4Address::GetAny(), SENDER_PORT));
    InetSocketAddress to(interfaces.GetAddress(0), TeredoAddress::SERVER_PORT);
    std::vector<Ptr<Packet>> payloads = MakePayloads();
    for (size_t k = 0; k < payloads.size(); ++k)
    {
        Ptr<Packet> p = payloads[k];
        Simulator::Schedule(Seconds(1) + MilliSeconds(10 * k),
                            [client, p, to]() { client->SendTo(p, 0, to); });
    }
    Simulator::Stop(Seconds(2) + MilliSeconds(10 * payloads.size()));
    Simulator::Run();
    Simulator::Destroy();
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));

    Check();
}

TeredoAuthHeader
Auth(uint64_t nonce)
{
    TeredoAuthHeader auth;
    auth.SetNonce(nonce);
    return auth;
}

/// Well-formed control datagrams keep their meaning across UDP/IPv4.
class ControlDatagramsTestCase : public TeredoOverUdpTestCase
{
  public:
    ControlDatagramsTestCase()
        : TeredoOverUdpTestCase("control datagrams arrive and classify")
    {
    }

  private:
    std::vector<Ptr<Packet>> MakePayloads() override
    {
        Ptr<Packet> indirectBubble =
            TeredoPacketBuilder::MakeBubble(Ipv6Address("fe80::1"),
                                            Ipv6Address("2001:0:c000:201::1"));
        indirectBubble->AddHeader(TeredoOriginHeader(Ipv4Address("203.0.113.9"), 3545));
        return {
            TeredoPacketBuilder::MakeRouterSolicitation(Auth(1), false),
            TeredoPacketBuilder::MakeRouterSolicitation(Auth(2), true),
            TeredoPacketBuilder::MakeRouterAdvertisement(
                Auth(2),
                TeredoOriginHeader(Ipv4Address("198.51.100.7"), 50000),
                Ipv4Address("192.0.2.1"),
                TeredoAddress::GetConeLinkLocal(),
                TeredoAddress::GetDefaultPrefix()),
            indirectBubble,
        };
    }

    void Check() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_received.size(), 4, "every datagram delivered");
        NS_TEST_EXPECT_MSG_EQ(m_received[0].kind, TeredoDatagramInfo::ROUTER_SOLICITATION, "RS");
        NS_TEST_EXPECT_MSG_EQ(m_received[0].auth.GetNonceValue(), 1, "RS nonce");
        NS_TEST_EXPECT_MSG_EQ(m_received[0].ipv6.GetSource(),
                              TeredoAddress::GetNonConeLinkLocal(),
                              "non-cone RS source");
        NS_TEST_EXPECT_MSG_EQ(m_received[1].ipv6.GetSource(),
                              TeredoAddress::GetConeLinkLocal(),
                              "cone RS source");
        NS_TEST_EXPECT_MSG_EQ(m_received[2].kind, TeredoDatagramInfo::ROUTER_ADVERTISEMENT, "RA");
        NS_TEST_EXPECT_MSG_EQ(m_received[2].origin.GetPort(), 50000, "RA origin port");
        NS_TEST_EXPECT_MSG_EQ(m_received[3].kind, TeredoDatagramInfo::BUBBLE, "bubble");
        NS_TEST_EXPECT_MSG_EQ(m_received[3].origin.GetAddress(),
                              Ipv4Address("203.0.113.9"),
                              "bubble origin");
        for (const InetSocketAddress& from : m_from)
        {
            NS_TEST_EXPECT_MSG_EQ(from.GetIpv4(), m_senderAddress, "source address");
            NS_TEST_EXPECT_MSG_EQ(from.GetPort(), SENDER_PORT, "source port");
        }
        NS_TEST_EXPECT_MSG_EQ(m_drops.size(), 0, "nothing rejected");
    }
};

/// Malformed datagrams arrive too, and each is rejected under its own reason.
class MalformedDatagramsTestCase : public TeredoOverUdpTestCase
{
  public:
    MalformedDatagramsTestCase()
        : TeredoOverUdpTestCase("malformed datagrams are rejected by reason")
    {
    }

  private:
    static Ptr<Packet> FromBytes(std::vector<uint8_t> b)
    {
        return Create<Packet>(b.data(), b.size());
    }

    std::vector<Ptr<Packet>> MakePayloads() override
    {
        std::vector<uint8_t> rs =
            teredo_test::PacketBytes(TeredoPacketBuilder::MakeRouterSolicitation(Auth(7), false));
        std::vector<uint8_t> badChecksum = rs;
        badChecksum.back() ^= 0xff;
        std::vector<uint8_t> unknown = rs;
        unknown[1] = 0x05;
        return {
            FromBytes({}), // empty datagram
            FromBytes(std::vector<uint8_t>(rs.begin(), rs.begin() + 10)),
            FromBytes(badChecksum),
            FromBytes(unknown),
            FromBytes(std::vector<uint8_t>(40, 0x45)), // IPv4 inside, not IPv6
        };
    }

    void Check() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_received.size(), 5, "every datagram delivered, even empty");
        NS_TEST_EXPECT_MSG_EQ(m_drops[TeredoDatagramInfo::TOO_SHORT], 1, "empty");
        NS_TEST_EXPECT_MSG_EQ(m_drops[TeredoDatagramInfo::TRUNCATED_AUTHENTICATION],
                              1,
                              "truncated");
        NS_TEST_EXPECT_MSG_EQ(m_drops[TeredoDatagramInfo::BAD_ICMPV6_CHECKSUM], 1, "checksum");
        NS_TEST_EXPECT_MSG_EQ(m_drops[TeredoDatagramInfo::UNKNOWN_INDICATOR], 1, "indicator");
        NS_TEST_EXPECT_MSG_EQ(m_drops[TeredoDatagramInfo::BAD_VERSION], 1, "version");
        int total = 0;
        for (const auto& [reason, count] : m_drops)
        {
            total += count;
        }
        NS_TEST_EXPECT_MSG_EQ(total, 5, "every datagram rejected exactly once");
    }
};

/**
 * Every Teredo datagram of a real Miredo capture, replayed over the simulated
 * network, classifies at the receiver as Wireshark read it. The capture is
 * found through ns-3's data directory (NS_TEST_SOURCEDIR), in both builds.
 */
class CaptureReplayTestCase : public TeredoOverUdpTestCase
{
  public:
    CaptureReplayTestCase()
        : TeredoOverUdpTestCase("Miredo capture replayed classifies as Wireshark says")
    {
    }

  private:
    std::vector<Ptr<Packet>> MakePayloads() override
    {
        SetDataDir(NS_TEST_SOURCEDIR);
        std::map<uint32_t, Ptr<Packet>> payloads =
            teredo_test::ReadUdpPayloads(CreateDataDirFilename("data/miredo-1.2.6-netns.pcap"));
        m_expected =
            teredo_test::ReadExpected(CreateDataDirFilename("data/miredo-1.2.6-netns.expected"));
        std::vector<Ptr<Packet>> sent;
        for (const auto& [frame, payload] : payloads)
        {
            m_frames.push_back(frame);
            sent.push_back(payload);
        }
        return sent;
    }

    void Check() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_expected.size(), 117, "expected classification read");
        NS_TEST_ASSERT_MSG_EQ(m_frames.size(), m_expected.size(), "every Teredo frame sent");
        NS_TEST_ASSERT_MSG_EQ(m_received.size(), m_frames.size(), "every datagram delivered");
        for (size_t k = 0; k < m_frames.size(); ++k)
        {
            const teredo_test::ExpectedDatagram& e = m_expected[m_frames[k]];
            NS_TEST_EXPECT_MSG_EQ(TeredoDatagramClassifier::KindToString(m_received[k].kind),
                                  e.kind,
                                  "frame " << m_frames[k]);
            NS_TEST_EXPECT_MSG_EQ(m_received[k].hasAuth, e.auth, "frame " << m_frames[k]);
            NS_TEST_EXPECT_MSG_EQ(m_received[k].hasOrigin,
                                  (e.origin != "-"),
                                  "frame " << m_frames[k]);
        }
        NS_TEST_EXPECT_MSG_EQ(m_drops.size(), 0, "nothing rejected");
    }

    std::map<uint32_t, teredo_test::ExpectedDatagram> m_expected; //!< by frame
    std::vector<uint32_t> m_frames; //!< frame number of each datagram sent
};

/**
 * \ingroup teredo-tests
 * The wire format carried over a simulated IPv4 network.
 */
class TeredoWireFormatTestSuite : public TestSuite
{
  public:
    TeredoWireFormatTestSuite()
        : TestSuite("teredo-wire-format", UNIT)
    {
        AddTestCase(new ControlDatagramsTestCase(), TestCase::QUICK);
        AddTestCase(new MalformedDatagramsTestCase(), TestCase::QUICK);
        AddTestCase(new CaptureReplayTestCase(), TestCase::QUICK);
    }
};

/// Static instance: registers the suite with ns-3's test runner.
TeredoWireFormatTestSuite g_teredoWireFormatTestSuite;

} // namespace
