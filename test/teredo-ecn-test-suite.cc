/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ECN through the Teredo tunnel (RFC 6040 as RFC 9601 applies it): a TCP flow
// with ECN from a Teredo client behind a NAT to an IPv6-only host, through an
// IPv4 access link whose CoDel queue disc marks; and the client's
// decapsulation of datagrams whose outer ECN field was forged.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/teredo-module.h"
#include "ns3/traffic-control-module.h"

#include <vector>

using namespace ns3;

namespace
{

/// What the TCP scenario observed.
struct EcnObservations
{
    uint64_t received{0};           //!< octets the sink received
    uint32_t ceAtReceiver{0};       //!< TCP segments arriving at the IPv6 host marked CE
    uint32_t eceAtSender{0};        //!< times the sender's ECN state became ECE-received
    uint32_t cwndReductions{0};     //!< times the sender's congestion window shrank
    uint32_t marked{0};             //!< packets the bottleneck marked
    uint32_t markableDropped{0};    //!< ECN-capable packets the bottleneck dropped
    uint32_t notMarkableDropped{0}; //!< Not-ECT packets the bottleneck dropped
    uint32_t ectAtBottleneck{0};    //!< packets entering the bottleneck ECN-capable outside
    uint64_t relayRewrites{0};      //!< inner fields the relay's decapsulation changed
    uint64_t relayEcnDrops{0};      //!< the relay's ecn-ce-on-not-ect drops
    uint64_t clientDrops{0};        //!< the client's drops, all reasons
};

/// Count a TCP segment marked CE inside IPv6.
void
CountCe(uint32_t* n, Ptr<const Packet> packet, Ptr<Ipv6>, uint32_t)
{
    Ipv6Header header;
    if (packet->PeekHeader(header) != 0 && header.GetNextHeader() == 6 &&
        TeredoEcn::Get(header.GetTrafficClass()) == TeredoEcn::CE)
    {
        ++*n;
    }
}

/// Count a packet entering the bottleneck with an ECN-capable outer header.
void
CountEct(uint32_t* n, Ptr<const QueueDiscItem> item)
{
    Ptr<const Ipv4QueueDiscItem> ip = DynamicCast<const Ipv4QueueDiscItem>(item);
    if (ip && ip->GetHeader().GetEcn() != Ipv4Header::ECN_NotECT)
    {
        ++*n;
    }
}

/// Count a drop at the bottleneck, by whether it could have been marked.
void
CountDrop(EcnObservations* o, Ptr<const QueueDiscItem> item, const char*)
{
    Ptr<const Ipv4QueueDiscItem> ip = DynamicCast<const Ipv4QueueDiscItem>(item);
    if (ip && ip->GetHeader().GetEcn() != Ipv4Header::ECN_NotECT)
    {
        ++o->markableDropped;
    }
    else
    {
        ++o->notMarkableDropped;
    }
}

/// Count a mark at the bottleneck.
void
CountMark(uint32_t* n, Ptr<const QueueDiscItem>, const char*)
{
    ++*n;
}

/// Count the sender's congestion window reductions.
void
CountCwnd(uint32_t* n, uint32_t oldValue, uint32_t newValue)
{
    if (newValue < oldValue)
    {
        ++*n;
    }
}

/// Count the sender's ECE receptions.
void
CountEce(uint32_t* n, TcpSocketState::EcnState_t, TcpSocketState::EcnState_t newValue)
{
    if (newValue == TcpSocketState::ECN_ECE_RCVD)
    {
        ++*n;
    }
}

/**
 * \brief Run the world: client behind a port-restricted cone NAT, whose 4 Mbps
 * access link has a CoDel queue disc with ECN on its way out; relay; IPv6-only
 * host; host-specific relay; 3 MB over TCP with ECN from the client to the
 * host (through the relay) or to the host-specific relay.
 * \param mode the EcnMode of client, relay and host-specific relay
 * \param toHostSpecificRelay whether the host-specific relay receives
 * \return what was seen (relay figures: of the tunnel end that decapsulates)
 */
EcnObservations
RunTcpWorld(TeredoEcn::Mode mode, bool toHostSpecificRelay = false)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    Config::SetDefault("ns3::TcpSocketBase::UseEcn", StringValue("On"));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1180));
    TeredoTopologyHelper world;
    world.SetAccessLink(DataRate("4Mbps"), MilliSeconds(10));
    world.SetQueueDiscs(false);
    world.AddSite(TeredoTopologyHelper::PORT_RESTRICTED_CONE, 1);
    world.AddRelay();
    world.AddIpv6Host();
    world.AddHostSpecificRelay();
    world.Build();
    world.AssignStreams(100);

    // The queue builds in the queue disc, not in the device's own queue.
    Ptr<NetDevice> access = world.GetGatewayAccessDevice(0);
    DynamicCast<PointToPointNetDevice>(access)->GetQueue()->SetMaxSize(QueueSize("2p"));
    TrafficControlHelper tch;
    tch.SetRootQueueDisc("ns3::CoDelQueueDisc", "UseEcn", BooleanValue(true));
    QueueDiscContainer qd = tch.Install(access);
    Ptr<QueueDisc> bottleneck = qd.Get(0);

    TeredoServerHelper serverHelper(world.GetServerPrimaryAddress(),
                                    world.GetServerSecondaryAddress());
    serverHelper.Install(world.GetServerNode());
    TeredoRelayHelper relayHelper;
    relayHelper.SetAttribute("EcnMode", EnumValue(mode));
    Ptr<TeredoRelay> relay =
        DynamicCast<TeredoRelay>(relayHelper.Install(world.GetRelay(0)).Get(0));
    HostSpecificRelayHelper hostRelayHelper;
    hostRelayHelper.SetAttribute("EcnMode", EnumValue(mode));
    Ptr<TeredoRelay> hostRelay =
        DynamicCast<TeredoRelay>(hostRelayHelper.Install(world.GetHostSpecificRelay(0)).Get(0));
    TeredoClientHelper clientHelper(world.GetServerPrimaryAddress());
    clientHelper.SetAttribute("EcnMode", EnumValue(mode));
    ApplicationContainer apps = clientHelper.Install(world.GetAllClients());
    TeredoClientHelper::AssignStreams(apps, 1000);
    apps.Start(Seconds(1));
    Ptr<TeredoClient> client = DynamicCast<TeredoClient>(apps.Get(0));

    EcnObservations o;
    Ptr<Node> host = toHostSpecificRelay ? world.GetHostSpecificRelay(0) : world.GetIpv6Host(0);
    Ipv6Address hostAddress = toHostSpecificRelay ? world.GetHostSpecificRelayIpv6Address(0)
                                                  : world.GetIpv6HostAddress(0);
    Ptr<TeredoRelay> egress = toHostSpecificRelay ? hostRelay : relay;
    host->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
        "Rx",
        MakeBoundCallback(&CountCe, &o.ceAtReceiver));
    bottleneck->TraceConnectWithoutContext("Enqueue",
                                           MakeBoundCallback(&CountEct, &o.ectAtBottleneck));
    bottleneck->TraceConnectWithoutContext("DropBeforeEnqueue", MakeBoundCallback(&CountDrop, &o));
    bottleneck->TraceConnectWithoutContext("DropAfterDequeue", MakeBoundCallback(&CountDrop, &o));
    bottleneck->TraceConnectWithoutContext("Mark", MakeBoundCallback(&CountMark, &o.marked));

    PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                Inet6SocketAddress(Ipv6Address::GetAny(), 5000));
    ApplicationContainer sinkApp = sinkHelper.Install(host);
    sinkApp.Start(Seconds(0));
    BulkSendHelper bulk("ns3::TcpSocketFactory", Inet6SocketAddress(hostAddress, 5000));
    bulk.SetAttribute("MaxBytes", UintegerValue(3000000));
    ApplicationContainer bulkApp = bulk.Install(world.GetClients(0).Get(0));
    bulkApp.Start(Seconds(5));
    Ptr<BulkSendApplication> sender = DynamicCast<BulkSendApplication>(bulkApp.Get(0));
    Simulator::Schedule(Seconds(5) + MilliSeconds(1), [sender, &o]() {
        Ptr<Socket> socket = sender->GetSocket();
        socket->TraceConnectWithoutContext("CongestionWindow",
                                           MakeBoundCallback(&CountCwnd, &o.cwndReductions));
        socket->TraceConnectWithoutContext("EcnState",
                                           MakeBoundCallback(&CountEce, &o.eceAtSender));
    });
    Simulator::Stop(Seconds(25));
    Simulator::Run();
    o.received = DynamicCast<PacketSink>(sinkApp.Get(0))->GetTotalRx();
    o.relayRewrites = egress->GetEcnRewriteCount();
    o.relayEcnDrops = egress->GetDropCount(TeredoRelay::DROP_ECN_CE_ON_NOT_ECT);
    o.clientDrops = client->GetTotalDropCount();
    Simulator::Destroy();
    Config::Reset();
    return o;
}

/**
 * \ingroup teredo-tests
 * Normal mode: the client copies ECT(0) into the outer header, CoDel marks CE
 * instead of dropping, the relay carries the mark into the inner IPv6 header,
 * the receiver echoes it and the sender reduces its window.
 */
class EcnNormalModeTestCase : public TestCase
{
  public:
    EcnNormalModeTestCase()
        : TestCase("normal mode: CE marked on the IPv4 bottleneck reaches the IPv6 receiver; "
                   "the sender reduces its window on ECE; no markable packet dropped")
    {
    }

  private:
    void DoRun() override
    {
        EcnObservations o = RunTcpWorld(TeredoEcn::NORMAL);
        NS_TEST_ASSERT_MSG_EQ(o.received, 3000000, "the whole transfer arrived");
        NS_TEST_ASSERT_MSG_GT(o.ectAtBottleneck, 0, "outer headers ECN-capable");
        NS_TEST_ASSERT_MSG_GT(o.marked, 0, "the bottleneck marked");
        NS_TEST_ASSERT_MSG_GT(o.relayRewrites, 0, "the relay moved CE into the inner header");
        NS_TEST_ASSERT_MSG_GT(o.ceAtReceiver, 0, "the receiver saw CE inside IPv6");
        NS_TEST_ASSERT_MSG_GT(o.eceAtSender, 0, "the sender got ECE");
        NS_TEST_ASSERT_MSG_GT(o.cwndReductions, 0, "the sender reduced its window");
        NS_TEST_ASSERT_MSG_EQ(o.markableDropped, 0, "no packet that could be marked was dropped");
        NS_TEST_ASSERT_MSG_EQ(o.relayEcnDrops, 0, "no ecn-ce-on-not-ect drop");
        NS_TEST_ASSERT_MSG_EQ(o.clientDrops, 0, "no client drop");
    }
};

/**
 * \ingroup teredo-tests
 * Normal mode to a host-specific relay: it decapsulates for its own stack,
 * whose TCP sees CE and echoes ECE back through the tunnel.
 */
class EcnHostSpecificRelayTestCase : public TestCase
{
  public:
    EcnHostSpecificRelayTestCase()
        : TestCase("normal mode to a host-specific relay: its stack sees CE, the sender ECE")
    {
    }

  private:
    void DoRun() override
    {
        EcnObservations o = RunTcpWorld(TeredoEcn::NORMAL, true);
        NS_TEST_ASSERT_MSG_EQ(o.received, 3000000, "the whole transfer arrived");
        NS_TEST_ASSERT_MSG_GT(o.marked, 0, "the bottleneck marked");
        NS_TEST_ASSERT_MSG_GT(o.relayRewrites, 0, "the host-specific relay moved CE inward");
        NS_TEST_ASSERT_MSG_GT(o.ceAtReceiver, 0, "its stack saw CE inside IPv6");
        NS_TEST_ASSERT_MSG_GT(o.eceAtSender, 0, "the sender got ECE");
        NS_TEST_ASSERT_MSG_EQ(o.markableDropped, 0, "no packet that could be marked was dropped");
        NS_TEST_ASSERT_MSG_EQ(o.clientDrops, 0, "no client drop");
    }
};

/**
 * \ingroup teredo-tests
 * Compatibility mode, the default: the outer header is Not-ECT whatever the
 * inner one says (also when ns-3's TCP left its ECT tag on the IPv6 segment),
 * so the bottleneck drops instead of marking and no CE is seen.
 */
class EcnCompatibilityModeTestCase : public TestCase
{
  public:
    EcnCompatibilityModeTestCase()
        : TestCase("compatibility mode (default): outer Not-ECT, the bottleneck drops, "
                   "nothing marked")
    {
    }

  private:
    void DoRun() override
    {
        TeredoEcn::Mode mode = TeredoEcn::NORMAL;
        EnumValue value;
        CreateObject<TeredoClient>()->GetAttribute("EcnMode", value);
        mode = static_cast<TeredoEcn::Mode>(value.Get());
        NS_TEST_ASSERT_MSG_EQ(mode, TeredoEcn::COMPATIBILITY, "the default mode");
        EcnObservations o = RunTcpWorld(mode);
        NS_TEST_ASSERT_MSG_EQ(o.received, 3000000, "the whole transfer arrived");
        NS_TEST_ASSERT_MSG_EQ(o.ectAtBottleneck, 0, "every outer header Not-ECT");
        NS_TEST_ASSERT_MSG_EQ(o.marked, 0, "nothing marked");
        NS_TEST_ASSERT_MSG_GT(o.notMarkableDropped, 0, "congestion shows as drops");
        NS_TEST_ASSERT_MSG_EQ(o.ceAtReceiver, 0, "no CE at the receiver");
        NS_TEST_ASSERT_MSG_EQ(o.relayRewrites, 0, "no inner field changed");
    }
};

/**
 * \ingroup teredo-tests
 * The client's decapsulation, with the outer ToS forged by a UDP socket:
 * outer CE on an inner Not-ECT packet is dropped and counted; on an inner
 * ECT(0) packet it becomes CE in the IPv6 packet handed to the stack.
 */
class EcnClientDecapsulationTestCase : public TestCase
{
  public:
    EcnClientDecapsulationTestCase()
        : TestCase("client decapsulation: outer CE drops inner Not-ECT (counted), marks "
                   "inner ECT(0)")
    {
    }

  private:
    /// Remember the ECN field of what the client hands to its stack.
    static void Delivered(std::vector<TeredoEcn::Codepoint>* seen, Ptr<const Packet> packet)
    {
        Ipv6Header header;
        packet->PeekHeader(header);
        seen->push_back(TeredoEcn::Get(header.GetTrafficClass()));
    }

    void DoRun() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        TeredoTopologyHelper world;
        world.AddSite(TeredoTopologyHelper::NONE, 1);
        world.AddRelay();
        world.Build();
        world.AssignStreams(100);
        TeredoServerHelper serverHelper(world.GetServerPrimaryAddress(),
                                        world.GetServerSecondaryAddress());
        serverHelper.Install(world.GetServerNode());
        TeredoClientHelper clientHelper(world.GetServerPrimaryAddress());
        ApplicationContainer apps = clientHelper.Install(world.GetAllClients());
        TeredoClientHelper::AssignStreams(apps, 1000);
        apps.Start(Seconds(1));
        Ptr<TeredoClient> client = DynamicCast<TeredoClient>(apps.Get(0));
        std::vector<TeredoEcn::Codepoint> seen;
        client->TraceConnectWithoutContext("TunnelRx", MakeBoundCallback(&Delivered, &seen));

        // A "peer" on the relay's node (no Teredo application there): its
        // Teredo address holds its own address and port, as the client's
        // check of a new peer wants.
        Ptr<Node> peerNode = world.GetRelay(0);
        Ipv4Address peerIpv4 = world.GetRelayIpv4Address(0);
        uint16_t peerPort = 4000;
        Ptr<Socket> socket = Socket::CreateSocket(peerNode, UdpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), peerPort));
        Ipv6Address peer =
            TeredoAddress(world.GetServerPrimaryAddress(), 0, peerPort, peerIpv4).ToIpv6();
        Ipv4Address clientIpv4 = world.GetClientAddress(0, 0);
        auto send = [socket, peer, client, clientIpv4](TeredoEcn::Codepoint inner) {
            Ipv6Header h;
            h.SetSource(peer);
            h.SetDestination(client->GetTeredoAddress());
            h.SetNextHeader(59); // nothing follows; 8 octets of payload make it data
            h.SetHopLimit(64);
            h.SetTrafficClass(TeredoEcn::Set(0, inner));
            Ptr<Packet> p = Create<Packet>(8);
            h.SetPayloadLength(p->GetSize());
            p->AddHeader(h);
            TeredoAddress self = TeredoAddress::Decode(client->GetTeredoAddress());
            InetSocketAddress to(clientIpv4, self.GetMappedPort());
            to.SetTos(TeredoEcn::CE); // SendTo takes the ToS from the address
            socket->SendTo(p, 0, to);
        };
        Simulator::Schedule(Seconds(5), [send]() { send(TeredoEcn::NOT_ECT); });
        Simulator::Schedule(Seconds(6), [send]() { send(TeredoEcn::ECT0); });
        Simulator::Schedule(Seconds(7), [send]() { send(TeredoEcn::CE); });
        Simulator::Stop(Seconds(8));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(client->IsQualified(), true, "qualified");
        NS_TEST_ASSERT_MSG_EQ(client->GetDropCount(TeredoClient::DROP_ECN_CE_ON_NOT_ECT),
                              1,
                              "inner Not-ECT under outer CE: dropped, counted");
        NS_TEST_ASSERT_MSG_EQ(client->GetEcnAlarmCount(), 1, "and flagged as unusual");
        NS_TEST_ASSERT_MSG_EQ(seen.size(), 2, "the other two delivered");
        NS_TEST_ASSERT_MSG_EQ(seen[0], TeredoEcn::CE, "ECT(0) under CE leaves as CE");
        NS_TEST_ASSERT_MSG_EQ(seen[1], TeredoEcn::CE, "CE stays CE");
        NS_TEST_ASSERT_MSG_EQ(client->GetEcnRewriteCount(), 1, "one inner field rewritten");
        NS_TEST_ASSERT_MSG_EQ(
            TeredoClient::DropReasonToString(TeredoClient::DROP_ECN_CE_ON_NOT_ECT),
            "ecn-ce-on-not-ect",
            "the reason's word");
        Simulator::Destroy();
    }
};

} // namespace

/**
 * \ingroup teredo-tests
 * ECN through the tunnel.
 */
class TeredoEcnTestSuite : public TestSuite
{
  public:
    TeredoEcnTestSuite()
        : TestSuite("teredo-ecn", UNIT)
    {
        AddTestCase(new EcnClientDecapsulationTestCase, TestCase::QUICK);
        AddTestCase(new EcnCompatibilityModeTestCase, TestCase::QUICK);
        AddTestCase(new EcnNormalModeTestCase, TestCase::QUICK);
        AddTestCase(new EcnHostSpecificRelayTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
static TeredoEcnTestSuite g_teredoEcnTestSuite;
