/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// NatProbeServer and NatProbeClient speak STUN: the server answers Binding
// requests (RFC 5389 and RFC 3489 forms) from the socket CHANGE-REQUEST names,
// refuses and counts bad input; the client names the NAT in RFC 5780's terms
// and the classic ones, and counts what it cannot use.

#include "ipv4-nat-test-world.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipv4-nat-helper.h"
#include "ns3/nat-probe-client.h"
#include "ns3/nat-probe-helper.h"
#include "ns3/network-module.h"
#include "ns3/stun-message.h"

#include <map>

using namespace ns3;
using namespace ns3::teredo_test;

namespace
{

/// What an inside socket received: the source and the message, if STUN.
struct Received
{
    InetSocketAddress from;             //!< source
    std::optional<StunMessage> message; //!< parsed, if it parses
};

/// An inside socket that sends prepared datagrams and keeps what comes back.
class RawProbe
{
  public:
    /// \param node the host \param port the local port
    RawProbe(Ptr<Node> node, uint16_t port)
    {
        m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        m_socket->SetRecvCallback(MakeCallback(&RawProbe::Receive, this));
    }

    /// \param at when \param to where \param bytes the datagram
    void Send(Time at, InetSocketAddress to, std::vector<uint8_t> bytes)
    {
        Ptr<Socket> s = m_socket;
        Simulator::Schedule(at, [s, to, bytes]() {
            s->SendTo(Create<Packet>(bytes.data(), bytes.size()), 0, to);
        });
    }

    std::vector<Received> received; //!< in order of arrival

  private:
    /// \param socket the socket with data
    void Receive(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> p = socket->RecvFrom(from))
        {
            std::vector<uint8_t> b(p->GetSize());
            p->CopyData(b.data(), b.size());
            StunMessage m;
            bool ok = StunMessage::Parse(b.data(), b.size(), m) == StunMessage::PARSE_OK;
            received.push_back({InetSocketAddress::ConvertFrom(from),
                                ok ? std::optional<StunMessage>(m) : std::nullopt});
        }
    }

    Ptr<Socket> m_socket; //!< the socket
};

/// \return a Binding request numbered \p n, RFC 5389 form
StunMessage
Request(uint8_t n)
{
    std::array<uint8_t, 12> tid{};
    tid[0] = n;
    return StunMessage(StunMessage::REQUEST, StunMessage::BINDING, StunMessage::MakeId(tid));
}

/// \return the IPv4 transport address in \p a
InetSocketAddress
V4(const std::optional<Address>& a)
{
    return a && InetSocketAddress::IsMatchingType(*a) ? InetSocketAddress::ConvertFrom(*a)
                                                      : InetSocketAddress(Ipv4Address(), 0);
}

/// The server answers from the socket CHANGE-REQUEST names, in both STUN forms.
class ServerAnswersTestCase : public TestCase
{
  public:
    ServerAnswersTestCase()
        : TestCase("server: Binding responses from the socket CHANGE-REQUEST names, "
                   "RFC 5389 and RFC 3489 attributes")
    {
    }

  private:
    void DoRun() override
    {
        NatWorld world(Ipv4NatHelper(Ipv4NatHelper::FULL_CONE));
        ProbeServer server(world);
        RawProbe probe(world.Host(), 6000);
        InetSocketAddress a1(world.serverA, ProbeServer::PORT_1);
        const uint32_t ip = StunAttribute::CHANGE_IP;
        const uint32_t port = StunAttribute::CHANGE_PORT;
        const uint32_t flags[] = {0, ip, port, ip | port};
        for (uint8_t k = 0; k < 4; ++k)
        {
            StunMessage r = Request(k);
            r.AddAttribute(StunAttribute::MakeChangeRequest(flags[k]));
            probe.Send(Seconds(1 + k), a1, r.Serialize(k == 0)); // the first with FINGERPRINT
        }
        // RFC 3489: a 128-bit transaction ID, no cookie; change port.
        std::array<uint8_t, 16> classicId{0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        StunMessage classic(StunMessage::REQUEST, StunMessage::BINDING, classicId);
        classic.AddAttribute(StunAttribute::MakeChangeRequest(port));
        probe.Send(Seconds(5), a1, classic.Serialize(false));
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(probe.received.size(), 5, "every request answered");
        const InetSocketAddress mapped(world.natOutside, 6000);
        const Ipv4Address sourceIp[] = {world.serverA, world.serverB, world.serverA, world.serverB};
        const uint16_t sourcePort[] = {3478, 3478, 3479, 3479};
        for (size_t k = 0; k < 4; ++k)
        {
            const Received& r = probe.received[k];
            NS_TEST_ASSERT_MSG_EQ(r.message.has_value(), true, "a STUN message");
            const StunMessage& m = *r.message;
            NS_TEST_EXPECT_MSG_EQ(m.GetClass(), StunMessage::SUCCESS_RESPONSE, "success");
            NS_TEST_EXPECT_MSG_EQ(unsigned(m.GetId()[4]), k, "transaction ID echoed");
            NS_TEST_EXPECT_MSG_EQ(r.from.GetIpv4(), sourceIp[k], "answering address");
            NS_TEST_EXPECT_MSG_EQ(r.from.GetPort(), sourcePort[k], "answering port");
            NS_TEST_EXPECT_MSG_EQ(V4(m.GetAddress(StunAttribute::XOR_MAPPED_ADDRESS)),
                                  mapped,
                                  "XOR-MAPPED-ADDRESS");
            NS_TEST_EXPECT_MSG_EQ(V4(m.GetAddress(StunAttribute::RESPONSE_ORIGIN)),
                                  r.from,
                                  "RESPONSE-ORIGIN says where from");
            NS_TEST_EXPECT_MSG_EQ(V4(m.GetAddress(StunAttribute::OTHER_ADDRESS)),
                                  InetSocketAddress(world.serverB, 3479),
                                  "OTHER-ADDRESS whatever the flags (RFC 5780 table 1)");
            NS_TEST_EXPECT_MSG_EQ(m.HasFingerprint(), (k == 0), "FINGERPRINT as asked");
            NS_TEST_EXPECT_MSG_EQ(m.Find(StunAttribute::MAPPED_ADDRESS), nullptr, "no 3489");
        }
        const Received& r = probe.received[4];
        NS_TEST_ASSERT_MSG_EQ(r.message.has_value(), true, "a STUN message");
        NS_TEST_EXPECT_MSG_EQ((r.message->GetId() == classicId), true, "128-bit ID echoed");
        NS_TEST_EXPECT_MSG_EQ(r.from, InetSocketAddress(world.serverA, 3479), "port changed");
        NS_TEST_EXPECT_MSG_EQ(V4(r.message->GetAddress(StunAttribute::MAPPED_ADDRESS)),
                              mapped,
                              "MAPPED-ADDRESS");
        NS_TEST_EXPECT_MSG_EQ(V4(r.message->GetAddress(StunAttribute::SOURCE_ADDRESS)),
                              r.from,
                              "SOURCE-ADDRESS");
        NS_TEST_EXPECT_MSG_EQ(V4(r.message->GetAddress(StunAttribute::CHANGED_ADDRESS)),
                              InetSocketAddress(world.serverB, 3479),
                              "CHANGED-ADDRESS");
        NS_TEST_EXPECT_MSG_EQ(r.message->Find(StunAttribute::XOR_MAPPED_ADDRESS),
                              nullptr,
                              "nothing a classic client would refuse");
        Simulator::Destroy();
    }
};

/// Bad input to the server: refused, counted by reason, traced; errors answered.
class ServerBadInputTestCase : public TestCase
{
  public:
    ServerBadInputTestCase()
        : TestCase("server: bad input refused, counted and traced; 420 and 400 answered")
    {
    }

  private:
    void DoRun() override
    {
        NatWorld world(Ipv4NatHelper(Ipv4NatHelper::FULL_CONE));
        NatProbeServerHelper helper(world.serverA, world.serverB);
        ApplicationContainer apps = helper.Install(world.Server());
        Ptr<NatProbeServer> server = DynamicCast<NatProbeServer>(apps.Get(0));
        std::map<NatProbeServer::DropReason, int> traced;
        server->TraceConnectWithoutContext(
            "Drop",
            Callback<void, Ptr<const Packet>, NatProbeServer::DropReason>(
                [&traced](Ptr<const Packet>, NatProbeServer::DropReason r) { ++traced[r]; }));
        RawProbe probe(world.Host(), 6000);
        InetSocketAddress a1(world.serverA, ProbeServer::PORT_1);
        probe.Send(Seconds(1), a1, {});    // empty
        probe.Send(Seconds(1.1), a1, {0}); // the old one-octet probe
        std::vector<uint8_t> badCrc = Request(1).Serialize(true);
        badCrc.back() ^= 1;
        probe.Send(Seconds(1.2), a1, badCrc);
        StunMessage response(StunMessage::SUCCESS_RESPONSE,
                             StunMessage::BINDING,
                             Request(2).GetId());
        probe.Send(Seconds(1.3), a1, response.Serialize(false)); // not a request
        StunMessage unknown = Request(3);
        unknown.AddAttribute(StunAttribute(0x0024, {0, 0, 0, 1})); // PRIORITY (ICE)
        probe.Send(Seconds(1.4), a1, unknown.Serialize(false));
        StunMessage badChange = Request(4);
        badChange.AddAttribute(StunAttribute(StunAttribute::CHANGE_REQUEST, {0, 0, 6}));
        probe.Send(Seconds(1.5), a1, badChange.Serialize(false));
        probe.Send(Seconds(2), a1, Request(5).Serialize(false)); // still answering
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        using S = NatProbeServer;
        NS_TEST_EXPECT_MSG_EQ(server->GetDropCount(S::DROP_MALFORMED), 3, "malformed");
        NS_TEST_EXPECT_MSG_EQ(server->GetDropCount(S::DROP_NOT_REQUEST), 1, "not a request");
        NS_TEST_EXPECT_MSG_EQ(server->GetDropCount(S::DROP_UNKNOWN_ATTRIBUTE), 1, "unknown");
        NS_TEST_EXPECT_MSG_EQ(server->GetDropCount(S::DROP_BAD_CHANGE_REQUEST), 1, "bad change");
        NS_TEST_EXPECT_MSG_EQ(server->GetTotalDropCount(), 6, "every refusal counted");
        NS_TEST_EXPECT_MSG_EQ(traced[S::DROP_MALFORMED] + traced[S::DROP_NOT_REQUEST] +
                                  traced[S::DROP_UNKNOWN_ATTRIBUTE] +
                                  traced[S::DROP_BAD_CHANGE_REQUEST],
                              6,
                              "every refusal traced");
        NS_TEST_EXPECT_MSG_EQ(server->GetRequestCount(), 1, "the good one answered");
        NS_TEST_ASSERT_MSG_EQ(probe.received.size(), 3, "420, 400, success");
        const StunMessage& e420 = *probe.received[0].message;
        NS_TEST_EXPECT_MSG_EQ(e420.GetClass(), StunMessage::ERROR_RESPONSE, "error response");
        NS_TEST_EXPECT_MSG_EQ(e420.Find(StunAttribute::ERROR_CODE)->GetErrorCode().value(),
                              420,
                              "420 Unknown Attribute");
        NS_TEST_EXPECT_MSG_EQ((e420.Find(StunAttribute::UNKNOWN_ATTRIBUTES)->GetValue() ==
                               std::vector<uint8_t>{0x00, 0x24}),
                              true,
                              "which attribute");
        const StunMessage& e400 = *probe.received[1].message;
        NS_TEST_EXPECT_MSG_EQ(e400.Find(StunAttribute::ERROR_CODE)->GetErrorCode().value(),
                              400,
                              "400 Bad Request");
        NS_TEST_EXPECT_MSG_EQ(probe.received[2].message->GetClass(),
                              StunMessage::SUCCESS_RESPONSE,
                              "answered after all that");
        for (int r = 0; r < S::DROP_REASON_COUNT; ++r)
        {
            NS_TEST_EXPECT_MSG_NE(S::DropReasonToString(S::DropReason(r)), "unknown", "named");
        }
        Simulator::Destroy();
    }
};

/**
 * \return the client after a run behind \p helper's NAT
 * \param helper the NAT
 * \param configureSecondary give the client the server's secondary address
 * \param sendJunk have the server send the client datagrams it cannot use
 */
Ptr<NatProbeClient>
RunClient(const Ipv4NatHelper& helper, bool configureSecondary, bool sendJunk)
{
    NatWorld world(helper);
    ProbeServer server(world);
    NatProbeClientHelper clientHelper(world.serverA,
                                      configureSecondary ? world.serverB : Ipv4Address::GetAny());
    ApplicationContainer apps = clientHelper.Install(world.Host());
    apps.Start(Seconds(1));
    Ptr<NatProbeClient> client = DynamicCast<NatProbeClient>(apps.Get(0));
    client->AssignStreams(7);
    if (sendJunk)
    {
        // After the first probe's mapping: a non-STUN datagram, and a response
        // to no transaction of the client's, both from the server's first socket.
        InetSocketAddress mapped(world.natOutside, 5000);
        server.SendAt(Seconds(1.5), ProbeServer::Index(false, false), mapped);
        StunMessage stray(StunMessage::SUCCESS_RESPONSE, StunMessage::BINDING, Request(9).GetId());
        stray.AddAddress(StunAttribute::XOR_MAPPED_ADDRESS, mapped);
        std::vector<uint8_t> b = stray.Serialize(true);
        Ptr<NatProbeServer> app = DynamicCast<NatProbeServer>(world.Server()->GetApplication(0));
        Simulator::Schedule(Seconds(1.6),
                            &NatProbeServer::Send,
                            app,
                            0,
                            mapped,
                            Create<Packet>(b.data(), b.size()));
    }
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    Simulator::Destroy();
    return client;
}

/// The client's results in RFC 5780's terms and the classic names, per preset.
class ClientClassificationTestCase : public TestCase
{
  public:
    /// \param preset the NAT \param classic the classic name expected
    /// \param hairpin hairpinning expected \param preserved port kept
    ClientClassificationTestCase(Ipv4NatHelper::Preset preset,
                                 NatProbeClient::ClassicType classic,
                                 bool hairpin,
                                 bool preserved)
        : TestCase("client: " + Ipv4NatHelper::PresetToString(preset) + " is " +
                   NatProbeClient::ClassicTypeToString(classic)),
          m_preset(preset),
          m_classic(classic),
          m_hairpin(hairpin),
          m_preserved(preserved)
    {
    }

  private:
    void DoRun() override
    {
        Ptr<NatProbeClient> client = RunClient(Ipv4NatHelper(m_preset), true, false);
        NS_TEST_ASSERT_MSG_EQ(client->IsComplete(), true, "complete");
        NS_TEST_EXPECT_MSG_EQ(client->GetClassicType(), m_classic, "classic name");
        NS_TEST_EXPECT_MSG_EQ(client->IsBehindNat().value(), true, "behind a NAT");
        NS_TEST_EXPECT_MSG_EQ(client->GetHairpinning().value(), m_hairpin, "hairpinning");
        NS_TEST_EXPECT_MSG_EQ(client->GetPortPreserved().value(), m_preserved, "port kept");
        NS_TEST_EXPECT_MSG_EQ(client->GetTotalDropCount(), 0, "nothing dropped");
    }

    Ipv4NatHelper::Preset m_preset;        //!< the NAT
    NatProbeClient::ClassicType m_classic; //!< expected
    bool m_hairpin;                        //!< expected
    bool m_preserved;                      //!< expected
};

/// The client learns the other address from OTHER-ADDRESS, drops what it cannot use.
class ClientLearnsAndDropsTestCase : public TestCase
{
  public:
    ClientLearnsAndDropsTestCase()
        : TestCase("client: other address from OTHER-ADDRESS; junk counted as drops")
    {
    }

  private:
    void DoRun() override
    {
        Ipv4NatHelper helper(Ipv4NatHelper::RESTRICTED_CONE);
        Ptr<NatProbeClient> client = RunClient(helper, false, true);
        NS_TEST_ASSERT_MSG_EQ(client->IsComplete(), true, "complete without the secondary");
        NS_TEST_EXPECT_MSG_EQ(client->GetClassicType(),
                              NatProbeClient::CLASSIC_RESTRICTED_CONE,
                              "classified");
        NS_TEST_EXPECT_MSG_EQ(client->GetDropCount(NatProbeClient::DROP_MALFORMED), 1, "junk");
        NS_TEST_EXPECT_MSG_EQ(client->GetDropCount(NatProbeClient::DROP_UNKNOWN_TRANSACTION),
                              1,
                              "stray response");
        NS_TEST_EXPECT_MSG_EQ(client->GetTotalDropCount(), 2, "nothing else");
        for (int r = 0; r < NatProbeClient::DROP_REASON_COUNT; ++r)
        {
            NS_TEST_EXPECT_MSG_NE(NatProbeClient::DropReasonToString(NatProbeClient::DropReason(r)),
                                  "unknown",
                                  "named");
        }
    }
};

/// Without a NAT (the client on the server's node): open Internet.
class ClientNoNatTestCase : public TestCase
{
  public:
    ClientNoNatTestCase()
        : TestCase("client: no NAT is open-internet")
    {
    }

  private:
    void DoRun() override
    {
        NatWorld world(Ipv4NatHelper(Ipv4NatHelper::FULL_CONE));
        ProbeServer server(world);
        NatProbeClientHelper clientHelper(world.serverA, world.serverB);
        ApplicationContainer apps = clientHelper.Install(world.Router());
        apps.Start(Seconds(1));
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        Ptr<NatProbeClient> client = DynamicCast<NatProbeClient>(apps.Get(0));
        NS_TEST_EXPECT_MSG_EQ(client->IsBehindNat().value(), false, "no NAT");
        NS_TEST_EXPECT_MSG_EQ(client->GetClassicType(),
                              NatProbeClient::CLASSIC_OPEN_INTERNET,
                              "open Internet");
        Simulator::Destroy();
    }
};

/// The server helper gives the node the secondary address where it lacks it.
class ServerHelperAddressesTestCase : public TestCase
{
  public:
    ServerHelperAddressesTestCase()
        : TestCase("server helper: the secondary address added beside the primary")
    {
    }

  private:
    void DoRun() override
    {
        TestNetwork net(2);
        NetDeviceContainer link = net.Link(0, 1);
        TestNetwork::Assign(link.Get(1), "198.51.100.0", "0.0.0.1");
        NatProbeServerHelper helper("198.51.100.1", "198.51.100.2");
        helper.Install(net.nodes.Get(1));
        Ptr<Ipv4> ip = net.nodes.Get(1)->GetObject<Ipv4>();
        int32_t i = ip->GetInterfaceForAddress("198.51.100.1");
        NS_TEST_EXPECT_MSG_EQ(ip->GetInterfaceForAddress("198.51.100.2"), i, "same interface");
        NS_TEST_EXPECT_MSG_EQ(ip->GetNAddresses(i), 2, "added once");
        helper.Install(net.nodes.Get(1));
        NS_TEST_EXPECT_MSG_EQ(ip->GetNAddresses(i), 2, "not twice");
        NS_TEST_EXPECT_MSG_EQ(ip->GetAddress(i, 1).GetMask(), Ipv4Mask("255.255.255.0"), "mask");
    }
};

/// The suite.
class NatProbeTestSuite : public TestSuite
{
  public:
    NatProbeTestSuite()
        : TestSuite("nat-probe", UNIT)
    {
        AddTestCase(new ServerAnswersTestCase(), TestCase::QUICK);
        AddTestCase(new ServerBadInputTestCase(), TestCase::QUICK);
        AddTestCase(new ServerHelperAddressesTestCase(), TestCase::QUICK);
        using C = NatProbeClient;
        AddTestCase(new ClientClassificationTestCase(Ipv4NatHelper::FULL_CONE,
                                                     C::CLASSIC_FULL_CONE,
                                                     true,
                                                     true),
                    TestCase::QUICK);
        AddTestCase(new ClientClassificationTestCase(Ipv4NatHelper::RESTRICTED_CONE,
                                                     C::CLASSIC_RESTRICTED_CONE,
                                                     false,
                                                     true),
                    TestCase::QUICK);
        AddTestCase(new ClientClassificationTestCase(Ipv4NatHelper::PORT_RESTRICTED_CONE,
                                                     C::CLASSIC_PORT_RESTRICTED_CONE,
                                                     false,
                                                     true),
                    TestCase::QUICK);
        AddTestCase(new ClientClassificationTestCase(Ipv4NatHelper::SYMMETRIC,
                                                     C::CLASSIC_SYMMETRIC,
                                                     false,
                                                     false),
                    TestCase::QUICK);
        AddTestCase(new ClientLearnsAndDropsTestCase(), TestCase::QUICK);
        AddTestCase(new ClientNoNatTestCase(), TestCase::QUICK);
    }
};

/// Static instance: registers the suite with ns-3's test runner.
NatProbeTestSuite g_natProbeTestSuite;

} // namespace
