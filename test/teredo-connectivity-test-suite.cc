/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Teredo data paths in the canonical world, with stock ns-3 applications: the
// connectivity matrix between two clients for every ordered pair of NAT types
// and both qualification procedures, client and native host both ways through
// the relay, and the host-specific relay.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-apps-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/teredo-module.h"

#include <functional>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

using Q = TeredoQualification;
using World = TeredoTopologyHelper;

const World::SiteNat NATS[] = {World::NONE,
                               World::FULL_CONE,
                               World::RESTRICTED_CONE,
                               World::PORT_RESTRICTED_CONE,
                               World::SYMMETRIC};

/// \return the procedure's name
std::string
ProcedureName(Q::Procedure procedure)
{
    return procedure == Q::RFC4380 ? "RFC 4380" : "RFC 5991";
}

/// Count a packet.
void
Count(uint32_t* n, Ptr<const Packet>)
{
    ++*n;
}

/**
 * \ingroup teredo-tests
 * A world with two sites (one client each), a relay, an IPv6-only host and a
 * host-specific relay; server, relay and clients installed and started.
 */
struct DataWorld
{
    /**
     * \param a NAT of the first client's site
     * \param b NAT of the second client's site
     * \param procedure the clients' qualification procedure
     */
    DataWorld(World::SiteNat a, World::SiteNat b, Q::Procedure procedure)
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        world.AddSite(a, 1);
        world.AddSite(b, 1);
        world.AddRelay();
        world.AddIpv6Host();
        world.AddHostSpecificRelay();
        world.Build();
        world.AssignStreams(100);
        TeredoServerHelper serverHelper(world.GetServerPrimaryAddress(),
                                        world.GetServerSecondaryAddress());
        server = DynamicCast<TeredoServer>(serverHelper.Install(world.GetServerNode()).Get(0));
        relay = DynamicCast<TeredoRelay>(TeredoRelayHelper().Install(world.GetRelay(0)).Get(0));
        hostRelay = DynamicCast<HostSpecificRelay>(
            HostSpecificRelayHelper().Install(world.GetHostSpecificRelay(0)).Get(0));
        TeredoClientHelper clientHelper(world.GetServerPrimaryAddress());
        clientHelper.SetAttribute("Procedure", EnumValue(procedure));
        ApplicationContainer apps = clientHelper.Install(world.GetAllClients());
        TeredoClientHelper::AssignStreams(apps, 1000);
        apps.Start(Seconds(1));
        clientA = DynamicCast<TeredoClient>(apps.Get(0));
        clientB = DynamicCast<TeredoClient>(apps.Get(1));
    }

    ~DataWorld()
    {
        Simulator::Destroy();
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
    }

    /**
     * \brief At `at`, start a UDP echo from one node to an address (once the
     * address is known), counting the answers.
     * \param at when
     * \param from the node of the echo client
     * \param to the node of the echo server
     * \param address a function giving the server's IPv6 address at `at`
     * \param packets how many requests, 1 s apart
     */
    void Echo(Time at,
              Ptr<Node> from,
              Ptr<Node> to,
              std::function<Ipv6Address()> address,
              uint32_t packets = 10)
    {
        UdpEchoServerHelper serverApp(9);
        ApplicationContainer s = serverApp.Install(to);
        s.Start(Seconds(0));
        Simulator::Schedule(at, [this, from, address, packets]() {
            Ipv6Address target = address();
            if (target == Ipv6Address::GetAny())
            {
                return; // no address: the echo cannot even start
            }
            UdpEchoClientHelper clientApp(target, 9);
            clientApp.SetAttribute("MaxPackets", UintegerValue(packets));
            clientApp.SetAttribute("Interval", TimeValue(Seconds(1)));
            clientApp.SetAttribute("PacketSize", UintegerValue(100));
            ApplicationContainer c = clientApp.Install(from);
            c.Get(0)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&Count, &answers));
            c.Start(Seconds(0));
        });
    }

    World world;                      //!< the topology
    Ptr<TeredoServer> server;         //!< the server
    Ptr<TeredoRelay> relay;           //!< the relay
    Ptr<HostSpecificRelay> hostRelay; //!< the host-specific relay
    Ptr<TeredoClient> clientA;        //!< client of site 0
    Ptr<TeredoClient> clientB;        //!< client of site 1
    uint32_t answers{0};              //!< echo answers received
};

/// What the RFCs say of a pair, with the reason.
struct Cell
{
    bool works;      //!< the echo gets answers
    std::string why; //!< the reasoning
};

/**
 * The expected cell for client A (behind `a`) reaching client B (behind `b`).
 *
 * Both peers behind endpoint-independent mappings: A's direct bubble (or, to a
 * cone peer, its first packet) opens A's NAT toward B's mapping; B answers the
 * indirect bubble the server relays with a bubble to A's mapping, which opens
 * B's NAT toward A and reaches A from exactly the endpoint A sent to, so every
 * filter lets it in; from then on both send directly. A symmetric NAT maps the
 * peer-bound flow to a port other than the one in the client's address: the
 * peer drops it as spoofed (RFC 4380 section 5.2.3), and the peer's answers to
 * the address's port are filtered. Under the RFC 4380 procedure the symmetric
 * client does not even qualify.
 */
Cell
Expect(World::SiteNat a, World::SiteNat b, Q::Procedure procedure)
{
    bool symA = a == World::SYMMETRIC;
    bool symB = b == World::SYMMETRIC;
    if (procedure == Q::RFC4380 && (symA || symB))
    {
        return {false, "a symmetric NAT: the RFC 4380 procedure leaves that client off-line"};
    }
    if (symA || symB)
    {
        return {false,
                "a symmetric NAT: its peer-bound port differs from the address's, the peer "
                "drops it as a mapping mismatch and its answers to the address's port are "
                "filtered"};
    }
    return {true,
            "endpoint-independent mappings on both sides: bubbles open both NATs toward "
            "each other's mapping, then the path is direct"};
}

/**
 * \ingroup teredo-tests
 * One cell of the matrix: a UDP echo from client A to client B. Where it works,
 * the path must be direct once set up: the server forwards nothing after the
 * first answer.
 */
class PairTestCase : public TestCase
{
  public:
    /// \param a NAT of A \param b NAT of B \param procedure the procedure
    PairTestCase(World::SiteNat a, World::SiteNat b, Q::Procedure procedure)
        : TestCase(World::SiteNatToString(a) + " -> " + World::SiteNatToString(b) + " (" +
                   ProcedureName(procedure) + ")"),
          m_a(a),
          m_b(b),
          m_procedure(procedure)
    {
    }

  private:
    void DoRun() override
    {
        Cell cell = Expect(m_a, m_b, m_procedure);
        DataWorld w(m_a, m_b, m_procedure);
        Ptr<TeredoClient> b = w.clientB;
        w.Echo(Seconds(20), w.world.GetClients(0).Get(0), w.world.GetClients(1).Get(0), [b]() {
            return b->GetTeredoAddress();
        });
        // After the first exchanges, the server must see no more data-path traffic.
        uint64_t forwardedAt25 = 0;
        uint32_t answersAt25 = 0;
        Simulator::Schedule(Seconds(25), [&]() {
            forwardedAt25 = w.server->GetForwardedToTeredoCount();
            answersAt25 = w.answers;
        });
        Simulator::Stop(Seconds(31));
        Simulator::Run();

        std::string where = GetName() + ": " + cell.why;
        if (!cell.works)
        {
            NS_TEST_ASSERT_MSG_EQ(w.answers, 0, where);
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(w.clientA->IsQualified() && w.clientB->IsQualified(), true, where);
        NS_TEST_ASSERT_MSG_EQ(w.answers, 10, where << ": every echo answered");
        NS_TEST_ASSERT_MSG_GT(answersAt25, 0, where << ": answers before 25 s");
        NS_TEST_ASSERT_MSG_EQ(w.server->GetForwardedToTeredoCount(),
                              forwardedAt25,
                              where << ": direct once set up (server not on the path)");
        NS_TEST_ASSERT_MSG_EQ(w.relay->GetForwardedToTeredoCount() +
                                  w.relay->GetForwardedToNativeCount(),
                              0,
                              where << ": no relay on the path");
        NS_TEST_ASSERT_MSG_GT(w.clientA->GetDirectTxCount(), 9, where << ": A sent direct");
        NS_TEST_ASSERT_MSG_GT(w.clientB->GetDirectTxCount(), 9, where << ": B sent direct");
    }

    World::SiteNat m_a;       //!< NAT of A
    World::SiteNat m_b;       //!< NAT of B
    Q::Procedure m_procedure; //!< procedure
};

/**
 * \ingroup teredo-tests
 * A client and the IPv6-only host: the client initiates (ping test through the
 * server finds the relay) or the host does (the relay's bubble through the
 * server reaches the client, whose ping test then verifies the relay).
 */
class NativeTestCase : public TestCase
{
  public:
    /// \param nat the client's NAT \param procedure the procedure \param fromHost host initiates
    NativeTestCase(World::SiteNat nat, Q::Procedure procedure, bool fromHost)
        : TestCase(std::string(fromHost ? "IPv6 host -> " : "") + World::SiteNatToString(nat) +
                   (fromHost ? "" : " -> IPv6 host") + " (" + ProcedureName(procedure) + ")"),
          m_nat(nat),
          m_procedure(procedure),
          m_fromHost(fromHost)
    {
    }

  private:
    void DoRun() override
    {
        // Through the relay, unless the client's NAT is symmetric: the relay's
        // ingress check refuses its packets, which come from another port than
        // its address says; and under RFC 4380 such a client has no address.
        bool works = m_nat != World::SYMMETRIC;
        DataWorld w(m_nat, World::NONE, m_procedure);
        Ptr<Node> client = w.world.GetClients(0).Get(0);
        Ptr<Node> host = w.world.GetIpv6Host(0);
        Ipv6Address hostAddress = w.world.GetIpv6HostAddress(0);
        Ptr<TeredoClient> a = w.clientA;
        if (m_fromHost)
        {
            w.Echo(Seconds(20), host, client, [a]() { return a->GetTeredoAddress(); });
        }
        else
        {
            w.Echo(Seconds(20), client, host, [hostAddress]() { return hostAddress; });
        }
        Simulator::Stop(Seconds(31));
        Simulator::Run();
        if (!works)
        {
            NS_TEST_ASSERT_MSG_EQ(w.answers, 0, GetName());
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(w.answers, 10, GetName() << ": every echo answered");
        NS_TEST_ASSERT_MSG_GT(w.relay->GetForwardedToNativeCount(),
                              9,
                              GetName() << ": via the relay");
        NS_TEST_ASSERT_MSG_GT(w.relay->GetForwardedToTeredoCount(),
                              9,
                              GetName() << ": via the relay");
        NS_TEST_ASSERT_MSG_EQ(a->IsTrusted(hostAddress), true, GetName() << ": relay verified");
        NS_TEST_ASSERT_MSG_GT(a->GetPingTestCount(), 0, GetName() << ": by a ping test");
    }

    World::SiteNat m_nat;     //!< the client's NAT
    Q::Procedure m_procedure; //!< procedure
    bool m_fromHost;          //!< the host initiates
};

/**
 * \ingroup teredo-tests
 * The host-specific relay talks to a client directly over IPv4 for its own
 * traffic, both ways: the public relay stays out of it.
 */
class HostSpecificRelayTestCase : public TestCase
{
  public:
    /// \param fromHost the host-specific relay initiates
    explicit HostSpecificRelayTestCase(bool fromHost)
        : TestCase(std::string("host-specific relay ") + (fromHost ? "->" : "<-") +
                   " client behind port-restricted cone: direct, the relay untouched"),
          m_fromHost(fromHost)
    {
    }

  private:
    void DoRun() override
    {
        DataWorld w(World::PORT_RESTRICTED_CONE, World::NONE, Q::RFC5991);
        Ptr<Node> client = w.world.GetClients(0).Get(0);
        Ptr<Node> hsr = w.world.GetHostSpecificRelay(0);
        Ipv6Address hsrAddress = w.world.GetHostSpecificRelayIpv6Address(0);
        Ptr<TeredoClient> a = w.clientA;
        if (m_fromHost)
        {
            w.Echo(Seconds(20), hsr, client, [a]() { return a->GetTeredoAddress(); });
        }
        else
        {
            w.Echo(Seconds(20), client, hsr, [hsrAddress]() { return hsrAddress; });
        }
        Simulator::Stop(Seconds(31));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(w.answers, 10, "every echo answered");
        NS_TEST_ASSERT_MSG_EQ(w.relay->GetForwardedToNativeCount(), 0, "the relay relayed nothing");
        NS_TEST_ASSERT_MSG_EQ(w.relay->GetForwardedToTeredoCount(), 0, "the relay relayed nothing");
        NS_TEST_ASSERT_MSG_EQ(w.relay->GetBubbleTxCount(), 0, "the relay sent no bubble");
        NS_TEST_ASSERT_MSG_GT(w.hostRelay->GetForwardedToTeredoCount(), 9, "the host spoke Teredo");
    }

    bool m_fromHost; //!< the host-specific relay initiates
};

/// Count ICMPv6 echo replies a node receives from one address.
void
CountEchoReply(std::pair<Ipv6Address, uint32_t>* from,
               const Ipv6Header& header,
               Ptr<const Packet> packet,
               uint32_t)
{
    uint8_t type = 0;
    if (header.GetNextHeader() == 58 && header.GetSource() == from->first && packet->GetSize() > 0)
    {
        packet->CopyData(&type, 1);
    }
    from->second += type == Icmpv6Header::ICMPV6_ECHO_REPLY ? 1 : 0;
}

/**
 * \ingroup teredo-tests
 * Stock ns-3 applications, unchanged, over Teredo: Ping6 from a client to
 * another client, from a client to the IPv6-only host and back, and a 1 MB TCP
 * transfer (BulkSend to PacketSink) between two clients behind restricted NATs.
 */
class StockApplicationsTestCase : public TestCase
{
  public:
    StockApplicationsTestCase()
        : TestCase("stock applications: Ping6 client->client, client<->IPv6 host; "
                   "1 MB TCP between restricted and port-restricted cone")
    {
    }

  private:
    /// At `at`, ping `to()` five times from `node`; count replies in `replies`.
    void Ping(Time at,
              Ptr<Node> node,
              std::function<Ipv6Address()> to,
              std::pair<Ipv6Address, uint32_t>* replies)
    {
        Simulator::Schedule(at, [node, to, replies]() {
            replies->first = to();
            Ping6Helper helper;
            helper.SetRemote(replies->first);
            helper.SetAttribute("MaxPackets", UintegerValue(5));
            helper.SetAttribute("Interval", TimeValue(Seconds(1)));
            helper.Install(node).Start(Seconds(0));
        });
        node->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
            "LocalDeliver",
            MakeBoundCallback(&CountEchoReply, replies));
    }

    void DoRun() override
    {
        DataWorld w(World::RESTRICTED_CONE, World::PORT_RESTRICTED_CONE, Q::RFC5991);
        Ptr<Node> a = w.world.GetClients(0).Get(0);
        Ptr<Node> b = w.world.GetClients(1).Get(0);
        Ptr<Node> host = w.world.GetIpv6Host(0);
        Ptr<TeredoClient> clientA = w.clientA;
        Ptr<TeredoClient> clientB = w.clientB;
        Ipv6Address hostAddress = w.world.GetIpv6HostAddress(0);

        std::pair<Ipv6Address, uint32_t> aFromB;
        std::pair<Ipv6Address, uint32_t> aFromHost;
        std::pair<Ipv6Address, uint32_t> hostFromA;
        Ping(
            Seconds(20),
            a,
            [clientB]() { return clientB->GetTeredoAddress(); },
            &aFromB);
        Ping(
            Seconds(20),
            a,
            [hostAddress]() { return hostAddress; },
            &aFromHost);
        Ping(
            Seconds(30),
            host,
            [clientA]() { return clientA->GetTeredoAddress(); },
            &hostFromA);

        // 1 MB over TCP from A to B, started once both are qualified.
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    Inet6SocketAddress(Ipv6Address::GetAny(), 5000));
        ApplicationContainer sinkApp = sinkHelper.Install(b);
        sinkApp.Start(Seconds(0));
        Ptr<PacketSink> sink = DynamicCast<PacketSink>(sinkApp.Get(0));
        Simulator::Schedule(Seconds(40), [a, clientB]() {
            BulkSendHelper bulk("ns3::TcpSocketFactory",
                                Inet6SocketAddress(clientB->GetTeredoAddress(), 5000));
            bulk.SetAttribute("MaxBytes", UintegerValue(1000000));
            bulk.Install(a).Start(Seconds(0));
        });
        Simulator::Stop(Seconds(120));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(aFromB.second, 5, "Ping6 client -> client: 5 replies");
        NS_TEST_ASSERT_MSG_EQ(aFromHost.second, 5, "Ping6 client -> IPv6 host: 5 replies");
        NS_TEST_ASSERT_MSG_EQ(hostFromA.second, 5, "Ping6 IPv6 host -> client: 5 replies");
        NS_TEST_ASSERT_MSG_EQ(sink->GetTotalRx(), 1000000, "1 MB over TCP, client -> client");
        NS_TEST_ASSERT_MSG_EQ(clientA->GetDropCount(TeredoClient::DROP_MAPPING_MISMATCH),
                              0,
                              "nothing refused");
    }
};

/**
 * \ingroup teredo-tests
 * A client sending to a Teredo peer that never answers (its NAT drops
 * everything): bubbles stop at the rate limit, the queue overflows into counted
 * drops, and the silent peer expires from the peer list.
 */
class SilentPeerTestCase : public TestCase
{
  public:
    SilentPeerTestCase()
        : TestCase("a silent peer: bubble rate limit, queue overflow counted, peer expiry")
    {
    }

  private:
    void DoRun() override
    {
        DataWorld w(World::PORT_RESTRICTED_CONE, World::NONE, Q::RFC5991);
        w.clientA->SetAttribute("PeerLifetime", TimeValue(Seconds(20)));
        Ptr<Node> a = w.world.GetClients(0).Get(0);
        // A Teredo address under our server for a host that does not exist.
        Ipv6Address silent =
            TeredoAddress(w.world.GetServerPrimaryAddress(), 0, 4000, Ipv4Address("203.0.113.250"))
                .ToIpv6();
        Ptr<Socket> socket = Socket::CreateSocket(a, UdpSocketFactory::GetTypeId());
        uint32_t sent = 0;
        for (uint32_t k = 0; k < 60; ++k) // 500 octets every 0.5 s, from 20 s to 50 s
        {
            Simulator::Schedule(Seconds(20) + MilliSeconds(500 * k), [socket, silent, &sent]() {
                socket->SendTo(Create<Packet>(500), 0, Inet6SocketAddress(silent, 9));
                ++sent;
            });
        }
        uint32_t peersAt50 = 0;
        Simulator::Schedule(Seconds(50), [&]() { peersAt50 = w.clientA->GetPeerCount(); });
        Simulator::Stop(Seconds(80));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(sent, 60, "all sent into the tunnel");
        // 4 bubble pairs (direct and indirect) 2 s apart, then nothing until 300 s after.
        NS_TEST_ASSERT_MSG_EQ(w.clientA->GetBubbleTxCount(), 8, "bubbles stop at the limit");
        // 1280 octets hold two 548-octet IPv6 packets; the rest are counted drops.
        NS_TEST_ASSERT_MSG_EQ(w.clientA->GetDropCount(TeredoClient::DROP_QUEUE_FULL),
                              58,
                              "queue overflow counted");
        NS_TEST_ASSERT_MSG_EQ(w.clientA->GetDirectTxCount(), 0, "nothing sent to it");
        NS_TEST_ASSERT_MSG_EQ(peersAt50, 1, "the peer listed while in use");
        NS_TEST_ASSERT_MSG_EQ(w.clientA->GetPeerCount(), 0, "expired 20 s after its last use");
    }
};

/**
 * \ingroup teredo-tests
 * A healthy world, built as teredo-world builds it (a site behind each NAT but
 * symmetric, one client each, the server, a relay, a host-specific relay and
 * an IPv6-only host, UDP echo flows between every kind of end), counts no drop
 * on any role: the stack's own multicast into a tunnel (duplicate address
 * detection, router solicitations) is expected traffic, counted apart.
 */
class HealthyWorldTestCase : public TestCase
{
  public:
    /// \param procedure the clients' procedure
    explicit HealthyWorldTestCase(Q::Procedure procedure)
        : TestCase("healthy world, every flow answered: no drop on any role (" +
                   ProcedureName(procedure) + ")"),
          m_procedure(procedure)
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        World world;
        for (World::SiteNat nat : NATS)
        {
            if (nat != World::SYMMETRIC)
            {
                world.AddSite(nat, 1);
            }
        }
        world.AddRelay();
        world.AddIpv6Host();
        world.AddHostSpecificRelay();
        world.Build();
        world.AssignStreams(1);
        TeredoServerHelper serverHelper(world.GetServerPrimaryAddress(),
                                        world.GetServerSecondaryAddress());
        Ptr<TeredoServer> server =
            DynamicCast<TeredoServer>(serverHelper.Install(world.GetServerNode()).Get(0));
        Ptr<TeredoRelay> relay =
            DynamicCast<TeredoRelay>(TeredoRelayHelper().Install(world.GetRelay(0)).Get(0));
        Ptr<HostSpecificRelay> hostRelay = DynamicCast<HostSpecificRelay>(
            HostSpecificRelayHelper().Install(world.GetHostSpecificRelay(0)).Get(0));
        TeredoClientHelper clientHelper(world.GetServerPrimaryAddress());
        clientHelper.SetAttribute("Procedure", EnumValue(m_procedure));
        NodeContainer clientNodes = world.GetAllClients();
        ApplicationContainer apps = clientHelper.Install(clientNodes);
        TeredoClientHelper::AssignStreams(apps, 1000);
        apps.Start(Seconds(1));
        std::vector<Ptr<TeredoClient>> clients;
        for (uint32_t i = 0; i < apps.GetN(); ++i)
        {
            clients.push_back(DynamicCast<TeredoClient>(apps.Get(i)));
        }

        UdpEchoServerHelper echoServer(9);
        echoServer.Install(clientNodes).Start(Seconds(0));
        echoServer.Install(world.GetIpv6Host(0)).Start(Seconds(0));
        echoServer.Install(world.GetHostSpecificRelay(0)).Start(Seconds(0));
        // teredo-world's flows: a ring over the clients, every client to the
        // host and to the host-specific relay, the host to every client.
        uint32_t flows = 0;
        uint32_t answers = 0;
        auto echo = [&](Ptr<Node> from, std::function<Ipv6Address()> to) {
            ++flows;
            Simulator::Schedule(Seconds(20) + MilliSeconds(10 * flows), [&answers, from, to]() {
                UdpEchoClientHelper helper(to(), 9);
                helper.SetAttribute("MaxPackets", UintegerValue(ECHOES));
                helper.SetAttribute("Interval", TimeValue(Seconds(1)));
                helper.SetAttribute("PacketSize", UintegerValue(64));
                ApplicationContainer c = helper.Install(from);
                c.Get(0)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&Count, &answers));
                c.Start(Seconds(0));
            });
        };
        Ipv6Address host = world.GetIpv6HostAddress(0);
        Ipv6Address hsr = world.GetHostSpecificRelayIpv6Address(0);
        for (uint32_t i = 0; i < clients.size(); ++i)
        {
            Ptr<TeredoClient> next = clients[(i + 1) % clients.size()];
            Ptr<TeredoClient> self = clients[i];
            echo(clientNodes.Get(i), [next]() { return next->GetTeredoAddress(); });
            echo(clientNodes.Get(i), [host]() { return host; });
            echo(clientNodes.Get(i), [hsr]() { return hsr; });
            echo(world.GetIpv6Host(0), [self]() { return self->GetTeredoAddress(); });
        }
        Simulator::Stop(Seconds(40));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(answers, flows * ECHOES, "every echo of every flow answered");
        for (uint32_t i = 0; i < clients.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(clients[i]->IsQualified(), true, "client " << i);
            NS_TEST_EXPECT_MSG_EQ(clients[i]->GetTotalDropCount(), 0, "client " << i);
            NS_TEST_EXPECT_MSG_GT(clients[i]->GetStackMulticastCount(),
                                  0,
                                  "client " << i << ": its stack's multicast, counted apart");
        }
        NS_TEST_EXPECT_MSG_EQ(server->GetTotalDropCount(), 0, "server");
        NS_TEST_EXPECT_MSG_EQ(relay->GetTotalDropCount(), 0, "relay");
        NS_TEST_EXPECT_MSG_EQ(hostRelay->GetTotalDropCount(), 0, "host-specific relay");
        for (Ptr<TeredoRelay> r : std::vector<Ptr<TeredoRelay>>{relay, hostRelay})
        {
            NS_TEST_EXPECT_MSG_GT(r->GetStackMulticastCount(),
                                  0,
                                  "relays: their stack's multicast, counted apart");
        }
        clients.clear();
        Simulator::Destroy();
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
    }

    static constexpr uint32_t ECHOES = 5; //!< echo requests per flow, one a second
    Q::Procedure m_procedure;             //!< the clients' procedure
};

/**
 * \ingroup teredo-tests
 * The data paths of TeredoClient, TeredoServer, TeredoRelay and HostSpecificRelay.
 */
class TeredoConnectivityTestSuite : public TestSuite
{
  public:
    TeredoConnectivityTestSuite()
        : TestSuite("teredo-connectivity", UNIT)
    {
        for (Q::Procedure procedure : {Q::RFC4380, Q::RFC5991})
        {
            for (World::SiteNat a : NATS)
            {
                for (World::SiteNat b : NATS)
                {
                    AddTestCase(new PairTestCase(a, b, procedure), TestCase::QUICK);
                }
            }
            for (World::SiteNat nat : NATS)
            {
                AddTestCase(new NativeTestCase(nat, procedure, false), TestCase::QUICK);
                AddTestCase(new NativeTestCase(nat, procedure, true), TestCase::QUICK);
            }
        }
        AddTestCase(new HostSpecificRelayTestCase(true), TestCase::QUICK);
        AddTestCase(new HostSpecificRelayTestCase(false), TestCase::QUICK);
        AddTestCase(new StockApplicationsTestCase(), TestCase::QUICK);
        AddTestCase(new SilentPeerTestCase(), TestCase::QUICK);
        AddTestCase(new HealthyWorldTestCase(Q::RFC4380), TestCase::QUICK);
        AddTestCase(new HealthyWorldTestCase(Q::RFC5991), TestCase::QUICK);
    }
};

/// The suite's only instance.
TeredoConnectivityTestSuite g_teredoConnectivityTestSuite;

} // namespace
