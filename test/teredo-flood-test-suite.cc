/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Flood and forgery scenarios, each in a world built by
// TeredoTopologyHelper with the real server, relay and clients: an attacker
// node on a public site sends crafted datagrams, with any IPv4 source it likes
// through a raw socket (its router does not check sources), while legitimate
// clients qualify and exchange traffic. Each case checks that the clients
// still qualify and deliver, that every table stays within its bound, and
// that every input refused is counted under the right drop reason.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/teredo-module.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <set>
#include <vector>

using namespace ns3;

namespace
{

using World = TeredoTopologyHelper;
using S = TeredoServer;
using R = TeredoRelay;
using C = TeredoClient;
using N = Ipv4Nat;

constexpr uint16_t TEREDO_PORT = TeredoAddress::SERVER_PORT;
constexpr uint16_t ECHO_PORT = 9;

/// \return the i-th address of a block of fake sources, all global unicast (20.0.0.0/8 up)
Ipv4Address
Fake(uint32_t block, uint32_t i)
{
    return Ipv4Address(Ipv4Address("20.0.0.0").Get() + (block << 16) + 1 + i);
}

/// \return whether an address lies in the fake block
bool
IsFake(Ipv4Address a, uint32_t block)
{
    return (a.Get() & 0xffff0000) == Fake(block, 0).Get() - 1;
}

/// \return a Teredo address of our server with a given mapping
Ipv6Address
TeredoOf(Ipv4Address server, Ipv4Address mapped, uint16_t port)
{
    return TeredoAddress(server, 0, port, mapped).ToIpv6();
}

/// \return an IPv6/UDP packet of \p size payload octets
Ptr<Packet>
MakeUdp6(Ipv6Address src, Ipv6Address dst, uint32_t size)
{
    Ptr<Packet> p = Create<Packet>(size);
    UdpHeader udp;
    udp.SetSourcePort(7000);
    udp.SetDestinationPort(ECHO_PORT);
    p->AddHeader(udp);
    Ipv6Header ip;
    ip.SetSource(src);
    ip.SetDestination(dst);
    ip.SetNextHeader(UdpL4Protocol::PROT_NUMBER);
    ip.SetHopLimit(64);
    ip.SetPayloadLength(p->GetSize());
    p->AddHeader(ip);
    return p;
}

/// \return a payload with an origin indication in front
Ptr<Packet>
WithOrigin(Ptr<Packet> p, Ipv4Address address, uint16_t port)
{
    p->AddHeader(TeredoOriginHeader(address, port));
    return p;
}

/// \return the largest of two values, kept in the first
template <typename T>
void
KeepMax(T& high, T value)
{
    high = std::max(high, value);
}

/**
 * \ingroup teredo-tests
 * The common world: the planned sites, a server (primary and secondary
 * address), a relay and IPv6 hosts when planned, and raw IPv4 sockets on
 * attacker nodes that send UDP datagrams with any source address and port.
 */
class FloodWorld
{
  public:
    FloodWorld()
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
    }

    ~FloodWorld()
    {
        Simulator::Destroy();
    }

    /**
     * \brief Build the plan, then install the server (and relay 0 if planned).
     * \param server sets server attributes
     * \param relay sets relay attributes
     */
    void Build(std::function<void(TeredoServerHelper&)> server = {},
               std::function<void(TeredoRelayHelper&)> relay = {})
    {
        world.Build();
        world.AssignStreams(1);
        TeredoServerHelper serverHelper(world.GetServerPrimaryAddress(),
                                        world.GetServerSecondaryAddress());
        if (server)
        {
            server(serverHelper);
        }
        this->server = DynamicCast<S>(serverHelper.Install(world.GetServerNode()).Get(0));
        this->server->SetStartTime(Seconds(0.5));
        if (world.GetRelayCount() > 0)
        {
            TeredoRelayHelper relayHelper;
            if (relay)
            {
                relay(relayHelper);
            }
            this->relay = DynamicCast<R>(relayHelper.Install(world.GetRelay(0)).Get(0));
            this->relay->SetStartTime(Seconds(0.5));
        }
    }

    /**
     * \param node where \param start when it starts \return a Teredo client (RFC 5991 procedure)
     */
    Ptr<C> AddClient(Ptr<Node> node, Time start)
    {
        TeredoClientHelper helper(world.GetServerPrimaryAddress());
        helper.SetAttribute("Procedure", EnumValue(TeredoQualification::RFC5991));
        ApplicationContainer apps = helper.Install(node);
        TeredoClientHelper::AssignStreams(apps, 1000 + 10 * m_clients++);
        apps.Start(start);
        Ptr<C> c = DynamicCast<C>(apps.Get(0));
        // A raw pointer: a Ptr captured into the client's own trace would keep
        // it alive (a cycle LeakSanitizer reports).
        const C* raw = PeekPointer(c);
        c->TraceConnectWithoutContext("Qualified",
                                      Callback<void, Ipv6Address, TeredoQualification::NatType>(
                                          [this, raw](Ipv6Address, TeredoQualification::NatType) {
                                              if (qualifiedAt.count(raw) == 0)
                                              {
                                                  qualifiedAt[raw] = Simulator::Now();
                                              }
                                          }));
        return c;
    }

    /// \param node an attacker \return a raw socket that sends IPv4 headers of our making
    static Ptr<Socket> Raw(Ptr<Node> node)
    {
        Ptr<Socket> raw = Socket::CreateSocket(node, Ipv4RawSocketFactory::GetTypeId());
        raw->SetAttribute("IpHeaderInclude", BooleanValue(true));
        // Bound to its device, the socket may use a source the node lacks.
        raw->BindToNetDevice(node->GetObject<Ipv4>()->GetNetDevice(1));
        return raw;
    }

    /**
     * \brief Send one UDP datagram with any source through a raw socket.
     * \param raw the socket
     * \param from the source address and port
     * \param to the destination address and port
     * \param payload the UDP payload
     */
    static void SendUdp(Ptr<Socket> raw,
                        const InetSocketAddress& from,
                        const InetSocketAddress& to,
                        Ptr<const Packet> payload)
    {
        Ptr<Packet> p = payload->Copy();
        UdpHeader udp;
        udp.SetSourcePort(from.GetPort());
        udp.SetDestinationPort(to.GetPort());
        p->AddHeader(udp);
        Ipv4Header ip;
        ip.SetSource(from.GetIpv4());
        ip.SetDestination(to.GetIpv4());
        ip.SetProtocol(UdpL4Protocol::PROT_NUMBER);
        ip.SetTtl(64);
        ip.SetPayloadSize(p->GetSize());
        p->AddHeader(ip);
        raw->SendTo(p, 0, InetSocketAddress(to.GetIpv4(), 0));
    }

    /**
     * \brief Resolve ARP/NDP on a node's first hop with one plain datagram, so
     * that a flood does not start in the ARP cache's three-packet queue.
     * \param node the node
     * \param to somewhere beyond its router (nothing listens there)
     * \param at when
     */
    static void WarmUp(Ptr<Node> node, const Address& to, Time at)
    {
        Ptr<Socket> s = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        Simulator::Schedule(at, [s, to]() { s->SendTo(Create<Packet>(4), 0, to); });
    }

    /**
     * \brief At `at`, start a UDP echo from one node to an address, counting answers.
     * \param at when
     * \param from the echo client's node
     * \param to the echo server's node
     * \param address gives the server's IPv6 address at `at`
     * \param packets requests
     * \param interval between them
     */
    void Echo(Time at,
              Ptr<Node> from,
              Ptr<Node> to,
              std::function<Ipv6Address()> address,
              uint32_t packets,
              Time interval)
    {
        if (m_echoServers.insert(to->GetId()).second)
        {
            UdpEchoServerHelper(ECHO_PORT).Install(to).Start(Seconds(0));
        }
        Simulator::Schedule(at, [this, from, address, packets, interval]() {
            Ipv6Address target = address();
            if (target == Ipv6Address::GetAny())
            {
                return;
            }
            UdpEchoClientHelper clientApp(target, ECHO_PORT);
            clientApp.SetAttribute("MaxPackets", UintegerValue(packets));
            clientApp.SetAttribute("Interval", TimeValue(interval));
            clientApp.SetAttribute("PacketSize", UintegerValue(100));
            ApplicationContainer c = clientApp.Install(from);
            c.Get(0)->TraceConnectWithoutContext(
                "Rx",
                Callback<void, Ptr<const Packet>>([this](Ptr<const Packet>) { ++answers; }));
            c.Start(Seconds(0));
        });
    }

    /**
     * \param c a client
     * \return its mapping as its Teredo address says (the NAT's outside endpoint)
     */
    static InetSocketAddress MappingOf(Ptr<C> c)
    {
        TeredoAddress t = TeredoAddress::Decode(c->GetTeredoAddress());
        return InetSocketAddress(t.GetMappedAddress(), t.GetMappedPort());
    }

    /// What an on-path attacker does with a solicitation it saw: the
    /// solicitation, classified, and where it came from.
    using SolicitationSeen = std::function<void(const TeredoDatagramInfo&, InetSocketAddress)>;

    /**
     * \brief Act once on the first router solicitation the server receives, as
     * an attacker on the server's side of the path sees it; rsSeen tells
     * whether one came.
     * \param act what the attacker does then
     */
    void OnFirstSolicitation(SolicitationSeen act)
    {
        server->TraceConnectWithoutContext(
            "Rx",
            Callback<void, Ptr<const Packet>, const Address&>(
                [this, act](Ptr<const Packet> p, const Address& source) {
                    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
                    if (rsSeen || info.kind != TeredoDatagramInfo::ROUTER_SOLICITATION)
                    {
                        return;
                    }
                    rsSeen = true;
                    act(info, InetSocketAddress::ConvertFrom(source));
                }));
    }

    World world;                          //!< the topology
    Ptr<S> server;                        //!< the server
    Ptr<R> relay;                         //!< relay 0, if planned
    std::map<const C*, Time> qualifiedAt; //!< first qualification per client
    uint32_t answers{0};                  //!< echo answers received
    bool rsSeen{false};                   //!< OnFirstSolicitation's solicitation came

  private:
    uint32_t m_clients{0};            //!< clients added
    std::set<uint32_t> m_echoServers; //!< nodes with an echo server
};

/**
 * \param c a client
 * \return the sum of its drop counters (the stack's own multicast into the
 * tunnel is no drop: received input only)
 */
uint64_t
TotalDrops(Ptr<C> c)
{
    return c->GetTotalDropCount();
}

/**
 * \ingroup teredo-tests
 * Scenario 1: 10,000 router solicitations at 5,000 per second from 8,000
 * spoofed sources (one each) and one hot spoofed source (2,000 from one address
 * and port), while two
 * clients behind NATs qualify and then exchange echoes. The server answers
 * every spoofed source within its budget (an RA into the void each), rate-
 * limits the hot one, and its rate-limiter table never holds more than
 * MaxRateLimitedSources (1,000) sources.
 */
class RsFloodTestCase : public TestCase
{
  public:
    RsFloodTestCase()
        : TestCase("RS flood from 10,000 spoofed sources at the server")
    {
    }

  private:
    void DoRun() override
    {
        constexpr uint32_t FLOOD = 10000;
        constexpr uint32_t MAX_SOURCES = 1000;
        FloodWorld w;
        w.world.AddSite(World::PORT_RESTRICTED_CONE, 1);
        w.world.AddSite(World::FULL_CONE, 1);
        w.world.AddSite(World::NONE, 1); // the attacker
        w.Build([](TeredoServerHelper& h) {
            h.SetAttribute("MaxRateLimitedSources", UintegerValue(MAX_SOURCES));
        });
        Ptr<C> a = w.AddClient(w.world.GetClients(0).Get(0), Seconds(1.5));
        Ptr<C> b = w.AddClient(w.world.GetClients(1).Get(0), Seconds(1.6));
        Ptr<Node> attacker = w.world.GetClients(2).Get(0);
        Ipv4Address server = w.world.GetServerPrimaryAddress();
        const Ipv4Address hot = Fake(255, 0);

        uint32_t tableHigh = 0;
        uint64_t answeredFake = 0;
        uint64_t answeredHot = 0;
        std::map<S::DropReason, uint64_t> fakeDrops;
        uint64_t otherDrops = 0;
        Ptr<S> s = w.server;
        auto sample = [&tableHigh, s]() { KeepMax(tableHigh, s->GetRateLimitedSourceCount()); };
        // A drop's source is the one of the Rx just before it.
        InetSocketAddress lastFrom(Ipv4Address(), 0);
        s->TraceConnectWithoutContext("Rx",
                                      Callback<void, Ptr<const Packet>, const Address&>(
                                          [&lastFrom](Ptr<const Packet>, const Address& from) {
                                              lastFrom = InetSocketAddress::ConvertFrom(from);
                                          }));
        s->TraceConnectWithoutContext("Tx",
                                      Callback<void, Ptr<const Packet>, const Address&>(
                                          [&](Ptr<const Packet>, const Address& peer) {
                                              InetSocketAddress to =
                                                  InetSocketAddress::ConvertFrom(peer);
                                              sample();
                                              if (IsFake(to.GetIpv4(), 0) || to.GetIpv4() == hot)
                                              {
                                                  ++answeredFake;
                                                  answeredHot += to.GetIpv4() == hot;
                                              }
                                          }));
        s->TraceConnectWithoutContext("Drop",
                                      Callback<void, Ptr<const Packet>, S::DropReason>(
                                          [&](Ptr<const Packet>, S::DropReason r) {
                                              const InetSocketAddress& from = lastFrom;
                                              sample();
                                              if (from.GetIpv4() == hot ||
                                                  IsFake(from.GetIpv4(), 0))
                                              {
                                                  ++fakeDrops[r];
                                              }
                                              else
                                              {
                                                  ++otherDrops;
                                              }
                                          }));

        FloodWorld::WarmUp(attacker, InetSocketAddress(server, ECHO_PORT), Seconds(0.9));
        Ptr<Socket> raw = FloodWorld::Raw(attacker);
        uint32_t distinct = 0;
        for (uint32_t k = 0; k < FLOOD; ++k)
        {
            bool isHot = k % 5 == 4;
            // The hot source keeps one port: the budget is per address and port.
            InetSocketAddress from(isHot ? hot : Fake(0, distinct++),
                                   isHot ? uint16_t(4444) : uint16_t(1024 + k % 50000));
            TeredoAuthHeader auth;
            auth.SetNonce(0xf100d00000000000ULL + k);
            Ptr<Packet> rs = TeredoPacketBuilder::MakeRouterSolicitation(auth, false);
            Simulator::Schedule(Seconds(1) + MicroSeconds(200 * k),
                                &FloodWorld::SendUdp,
                                raw,
                                from,
                                InetSocketAddress(server, TEREDO_PORT),
                                rs);
        }
        Ptr<C> peer = b;
        w.Echo(
            Seconds(4),
            w.world.GetClients(0).Get(0),
            w.world.GetClients(1).Get(0),
            [peer]() { return peer->GetTeredoAddress(); },
            5,
            MilliSeconds(200));
        Simulator::Stop(Seconds(8));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(distinct, 8000, "8,000 one-shot spoofed sources");
        NS_TEST_EXPECT_MSG_EQ(a->IsQualified(), true, "client behind the port-restricted NAT");
        NS_TEST_EXPECT_MSG_EQ(b->IsQualified(), true, "client behind the full-cone NAT");
        // In time: within a second of starting, in the middle of the flood.
        NS_TEST_EXPECT_MSG_LT(w.qualifiedAt[PeekPointer(a)], Seconds(2.5), "a qualified in time");
        NS_TEST_EXPECT_MSG_LT(w.qualifiedAt[PeekPointer(b)], Seconds(2.6), "b qualified in time");
        NS_TEST_EXPECT_MSG_EQ(w.answers, 5, "every echo between the clients answered");

        NS_TEST_EXPECT_MSG_LT_OR_EQ(tableHigh, MAX_SOURCES, "rate-limiter table bounded");
        NS_TEST_EXPECT_MSG_EQ(tableHigh, MAX_SOURCES, "and filled by the flood");
        uint64_t limited = s->GetDropCount(S::DROP_RATE_LIMITED);
        // The hot source gets its burst (20) and what 10/s refills over 2 s.
        NS_TEST_EXPECT_MSG_GT_OR_EQ(answeredHot, 20, "the hot source's burst answered");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(answeredHot, 20 + 21, "then only the refill");
        NS_TEST_EXPECT_MSG_EQ(limited, 2000 - answeredHot, "the rest of the hot source limited");
        NS_TEST_EXPECT_MSG_EQ(fakeDrops[S::DROP_RATE_LIMITED], limited, "all from the hot source");
        NS_TEST_EXPECT_MSG_EQ(answeredFake, 8000 + answeredHot, "every other RA counted as sent");
        // Nothing silent: every spoofed RS answered or dropped as rate-limited.
        NS_TEST_EXPECT_MSG_EQ(answeredFake + limited, FLOOD, "flood: answered + rate-limited");
        NS_TEST_EXPECT_MSG_EQ(s->GetTotalDropCount(), limited, "no other drop reason");
        NS_TEST_EXPECT_MSG_EQ(otherDrops, 0, "no legitimate datagram dropped");
        NS_TEST_EXPECT_MSG_EQ(s->GetReceivedCount(),
                              s->GetAdvertisementCount() + s->GetForwardedToTeredoCount() +
                                  s->GetForwardedToNativeCount() + s->GetTotalDropCount(),
                              "every datagram answered, forwarded or dropped");
        std::clog << "rs-flood: sent " << FLOOD << ", RAs to spoofed sources " << answeredFake
                  << " (hot " << answeredHot << "), rate-limited " << limited
                  << ", table high-water " << tableHigh << "/" << MAX_SOURCES << ", qualified at "
                  << w.qualifiedAt[PeekPointer(a)].As(Time::MS) << " and "
                  << w.qualifiedAt[PeekPointer(b)].As(Time::MS) << std::endl;
    }
};

/**
 * \ingroup teredo-tests
 * Scenario 2: 1,500 fake peers whose Teredo mapping is not their IPv4 source
 * and 1,500 whose mapping is (spoofed sources) each send the relay a bubble and
 * a data packet; an IPv6 host sends two 600-octet datagrams to each of 3,000
 * fake Teredo destinations, creating peer entries and queues. Meanwhile a
 * client behind a port-restricted NAT echoes with another IPv6 host through
 * the relay. The peer list (MaxPeers 500) and the queued octets stay bounded,
 * and every packet refused is counted: source mismatch, unknown peer, queue
 * full, and what waited for an evicted or expired peer.
 */
class RelayFloodTestCase : public TestCase
{
  public:
    RelayFloodTestCase()
        : TestCase("bubbles and data from thousands of fake peers at the relay")
    {
    }

  private:
    void DoRun() override
    {
        constexpr uint32_t FAKE = 1500;     // per kind at the IPv4 side
        constexpr uint32_t TARGETS = 3000;  // fake destinations from the IPv6 side
        constexpr uint32_t MAX_PEERS = 500; // relay bound
        constexpr uint32_t MAX_QUEUE = 1280;
        FloodWorld w;
        w.world.AddSite(World::PORT_RESTRICTED_CONE, 1);
        w.world.AddSite(World::NONE, 1); // the IPv4 attacker
        w.world.AddRelay();
        w.world.AddIpv6Host(); // the legitimate host
        w.world.AddIpv6Host(); // the IPv6 attacker
        w.Build({}, [](TeredoRelayHelper& h) {
            h.SetAttribute("MaxPeers", UintegerValue(MAX_PEERS));
            h.SetAttribute("MaxQueueBytes", UintegerValue(MAX_QUEUE));
        });
        Ptr<C> client = w.AddClient(w.world.GetClients(0).Get(0), Seconds(1));
        Ptr<Node> attacker = w.world.GetClients(1).Get(0);
        Ptr<Node> attacker6 = w.world.GetIpv6Host(1);
        Ipv4Address server = w.world.GetServerPrimaryAddress();
        Ipv4Address relay4 = w.world.GetRelayIpv4Address(0);
        Ipv6Address host = w.world.GetIpv6HostAddress(0);
        Ptr<R> relay = w.relay;

        uint32_t peersHigh = 0;
        uint64_t bytesHigh = 0;
        std::function<void()> sample = [&]() {
            KeepMax(peersHigh, relay->GetPeerCount());
            KeepMax(bytesHigh, relay->GetQueuedBytes());
            Simulator::Schedule(MilliSeconds(100), sample);
        };
        Simulator::Schedule(Seconds(1), sample);
        // Drops of packets toward the fake destinations, by reason.
        std::map<R::DropReason, uint64_t> fakeTunnelDrops;
        uint64_t fakeIntoTunnel = 0;
        auto isFakeTarget = [](Ptr<const Packet> p) {
            Ipv6Header ip;
            if (p->PeekHeader(ip) == 0 || !TeredoAddress::IsTeredo(ip.GetDestination()))
            {
                return false;
            }
            return IsFake(TeredoAddress::Decode(ip.GetDestination()).GetMappedAddress(), 2);
        };
        relay->TraceConnectWithoutContext(
            "TunnelTx",
            Callback<void, Ptr<const Packet>>(
                [&](Ptr<const Packet> p) { fakeIntoTunnel += isFakeTarget(p); }));
        relay->TraceConnectWithoutContext("Drop",
                                          Callback<void, Ptr<const Packet>, R::DropReason>(
                                              [&](Ptr<const Packet> p, R::DropReason r) {
                                                  if (r == R::DROP_QUEUE_FULL ||
                                                      r == R::DROP_QUEUE_EVICTED ||
                                                      r == R::DROP_QUEUE_EXPIRED)
                                                  {
                                                      fakeTunnelDrops[r] += isFakeTarget(p);
                                                  }
                                              }));

        // IPv4 side: bubble then data from each fake peer, 3..13 s.
        FloodWorld::WarmUp(attacker, InetSocketAddress(relay4, ECHO_PORT), Seconds(1));
        Ptr<Socket> raw = FloodWorld::Raw(attacker);
        Time step = MicroSeconds(10000000 / (4 * FAKE));
        for (uint32_t k = 0; k < 2 * FAKE; ++k)
        {
            bool matching = k % 2 == 1;
            InetSocketAddress from(Fake(1, k), uint16_t(2000 + k));
            // A mismatch: the address's mapping names another port.
            Ipv6Address src = TeredoOf(server, from.GetIpv4(), from.GetPort() + (matching ? 0 : 1));
            Ptr<Packet> bubble = TeredoPacketBuilder::MakeBubble(src, host);
            Ptr<Packet> data = MakeUdp6(src, host, 64);
            InetSocketAddress to(relay4, TEREDO_PORT);
            Time at = Seconds(3) + step * (2 * k);
            Simulator::Schedule(at, &FloodWorld::SendUdp, raw, from, to, bubble);
            Simulator::Schedule(at + step, &FloodWorld::SendUdp, raw, from, to, data);
        }
        // IPv6 side: two datagrams of 600 octets to each fake destination; the
        // second does not fit in the queue (648 + 648 > 1280).
        Ptr<Socket> s6 = Socket::CreateSocket(attacker6, UdpSocketFactory::GetTypeId());
        s6->Bind6();
        Ipv6Address relay6 = w.world.GetRelayIpv6Address(0);
        Simulator::Schedule(Seconds(1), [s6, relay6]() {
            s6->SendTo(Create<Packet>(4), 0, Inet6SocketAddress(relay6, ECHO_PORT));
        });
        Time step6 = MicroSeconds(10000000 / (2 * TARGETS));
        for (uint32_t k = 0; k < TARGETS; ++k)
        {
            Inet6SocketAddress to(TeredoOf(server, Fake(2, k), uint16_t(3000 + k)), ECHO_PORT);
            for (uint32_t j = 0; j < 2; ++j)
            {
                Simulator::Schedule(Seconds(3) + step6 * (2 * k + j),
                                    [s6, to]() { s6->SendTo(Create<Packet>(600), 0, to); });
            }
        }
        w.Echo(
            Seconds(3),
            w.world.GetClients(0).Get(0),
            w.world.GetIpv6Host(0),
            [host]() { return host; },
            40,
            MilliSeconds(250));
        // Past every fake peer's lifetime (30 s), so that the last queues expire.
        Simulator::Stop(Seconds(50));
        Simulator::Run();
        relay->GetPeerCount(); // expire what is left

        NS_TEST_EXPECT_MSG_EQ(client->IsQualified(), true, "the client qualified");
        NS_TEST_EXPECT_MSG_EQ(w.answers, 40, "every echo through the relay answered");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(peersHigh, MAX_PEERS, "peer list bounded (every 100 ms)");
        NS_TEST_EXPECT_MSG_EQ(peersHigh, MAX_PEERS, "and filled by the flood");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(bytesHigh,
                                    uint64_t(MAX_PEERS) * MAX_QUEUE,
                                    "queued octets bounded");
        NS_TEST_EXPECT_MSG_EQ(relay->GetQueuedPackets(), 0, "nothing left waiting");
        // IPv4 side, exactly: nothing else reaches the relay from these sources.
        NS_TEST_EXPECT_MSG_EQ(relay->GetDropCount(R::DROP_SOURCE_MISMATCH),
                              2 * FAKE,
                              "mismatched mapping: bubble and data");
        NS_TEST_EXPECT_MSG_EQ(relay->GetDropCount(R::DROP_UNKNOWN_PEER),
                              2 * FAKE,
                              "matching mapping, but the relay never asked");
        NS_TEST_EXPECT_MSG_EQ(relay->GetDropCount(R::DROP_MALFORMED), 0, "nothing malformed");
        // IPv6 side: every packet toward a fake destination is accounted for.
        NS_TEST_EXPECT_MSG_EQ(fakeIntoTunnel,
                              2 * TARGETS,
                              "every fake datagram entered the tunnel");
        NS_TEST_EXPECT_MSG_EQ(fakeTunnelDrops[R::DROP_QUEUE_FULL], TARGETS, "second datagram each");
        uint64_t evicted = fakeTunnelDrops[R::DROP_QUEUE_EVICTED];
        uint64_t expired = fakeTunnelDrops[R::DROP_QUEUE_EXPIRED];
        NS_TEST_EXPECT_MSG_EQ(evicted + expired, TARGETS, "the first: lost with its peer");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(evicted, TARGETS - MAX_PEERS, "evicted to make room");
        std::clog << "relay-flood: ingress sent " << 4 * FAKE << " (source-mismatch "
                  << relay->GetDropCount(R::DROP_SOURCE_MISMATCH) << ", unknown-peer "
                  << relay->GetDropCount(R::DROP_UNKNOWN_PEER) << "); tunnel sent " << 2 * TARGETS
                  << " (queue-full " << fakeTunnelDrops[R::DROP_QUEUE_FULL] << ", queue-evicted "
                  << evicted << ", queue-expired " << expired << "); peers high-water " << peersHigh
                  << "/" << MAX_PEERS << ", queued octets high-water " << bytesHigh << "/"
                  << uint64_t(MAX_PEERS) * MAX_QUEUE << ", bubbles sent "
                  << relay->GetBubbleTxCount() << ", echoes " << w.answers << "/40" << std::endl;
    }
};

/**
 * \ingroup teredo-tests
 * Scenario 3: one inside host opens mappings from 2,000 source ports, behind
 * a NAT bounded by MaxMappings (200) and behind one bounded by its port range
 * (100 ports). Each table stays within its bound and the excess is dropped as
 * table-full or ports-exhausted. The bound is shared by all inside hosts (the
 * model has no per-host quota): a client qualified before the flood keeps its
 * mapping and still delivers; a client that starts after it cannot qualify,
 * its solicitations dropped as table-full.
 */
class NatExhaustionTestCase : public TestCase
{
  public:
    NatExhaustionTestCase()
        : TestCase("NAT mappings and ports exhausted by one inside host")
    {
    }

  private:
    void DoRun() override
    {
        constexpr uint32_t FLOOD = 2000;
        constexpr uint32_t MAX_MAPPINGS = 200;
        constexpr uint16_t PORT_MIN = 50000;
        constexpr uint16_t PORT_MAX = 50099;
        FloodWorld w;
        Ipv4NatHelper bounded(Ipv4NatHelper::PORT_RESTRICTED_CONE);
        bounded.SetAttribute("MaxMappings", UintegerValue(MAX_MAPPINGS));
        Ipv4NatHelper fewPorts(Ipv4NatHelper::PORT_RESTRICTED_CONE);
        fewPorts.SetAttribute("PortMin", UintegerValue(PORT_MIN));
        fewPorts.SetAttribute("PortMax", UintegerValue(PORT_MAX));
        w.world.AddSite(bounded, 3);  // client, flooder, late client
        w.world.AddSite(fewPorts, 2); // client, flooder
        w.world.AddSite(World::FULL_CONE, 1);
        w.Build();
        Ptr<C> early = w.AddClient(w.world.GetClients(0).Get(0), Seconds(1));
        Ptr<C> late = w.AddClient(w.world.GetClients(0).Get(2), Seconds(10));
        Ptr<C> other = w.AddClient(w.world.GetClients(1).Get(0), Seconds(1));
        Ptr<C> peer = w.AddClient(w.world.GetClients(2).Get(0), Seconds(1));
        std::array<Ptr<N>, 2> nats{w.world.GetNat(0), w.world.GetNat(1)};
        std::array<uint32_t, 2> high{0, 0};
        std::array<std::map<N::DropReason, uint64_t>, 2> flooderDrops;
        Ipv4Address lateAddress = w.world.GetClientAddress(0, 2);
        std::map<N::DropReason, uint64_t> lateDrops;
        for (uint32_t n = 0; n < 2; ++n)
        {
            Ipv4Address flooder = w.world.GetClientAddress(n, 1);
            Ptr<N> nat = nats[n];
            const N* raw = PeekPointer(nat); // no Ptr in its own trace: a cycle
            uint32_t* h = &high[n];
            auto* fd = &flooderDrops[n];
            nat->TraceConnectWithoutContext(
                "MappingCreated",
                Callback<void, uint8_t, const InetSocketAddress&, const InetSocketAddress&>(
                    [raw, h](uint8_t, const InetSocketAddress&, const InetSocketAddress&) {
                        KeepMax(*h, raw->GetMappingCount());
                    }));
            nat->TraceConnectWithoutContext(
                "Drop",
                Callback<void, Ptr<const Packet>, const Ipv4Header&, N::DropReason>(
                    [=, &lateDrops](Ptr<const Packet>, const Ipv4Header& ip, N::DropReason r) {
                        if (ip.GetSource() == flooder)
                        {
                            ++(*fd)[r];
                        }
                        else if (ip.GetSource() == lateAddress)
                        {
                            ++lateDrops[r];
                        }
                    }));
        }
        // The flood, 3..5 s: from 2,000 source ports of each flooder to a
        // public address where nothing listens.
        Ipv4Address sink = w.world.GetServerPrimaryAddress(); // nothing listens on port 7
        std::array<uint32_t, 2> before{0, 0};
        Simulator::Schedule(Seconds(2.9), [&before, nats]() {
            before = {nats[0]->GetMappingCount(), nats[1]->GetMappingCount()};
        });
        for (uint32_t n = 0; n < 2; ++n)
        {
            Ptr<Node> flooder = w.world.GetClients(n).Get(1);
            Ipv4Address self = w.world.GetClientAddress(n, 1);
            FloodWorld::WarmUp(flooder, InetSocketAddress(sink, 7), Seconds(2));
            Ptr<Socket> raw = FloodWorld::Raw(flooder);
            for (uint32_t k = 0; k < FLOOD; ++k)
            {
                Simulator::Schedule(Seconds(3) + MicroSeconds(1000 * k),
                                    &FloodWorld::SendUdp,
                                    raw,
                                    InetSocketAddress(self, uint16_t(10000 + k)),
                                    InetSocketAddress(sink, 7),
                                    Create<Packet>(20));
            }
        }
        Ptr<C> p = peer;
        for (Ptr<Node> from : {w.world.GetClients(0).Get(0), w.world.GetClients(1).Get(0)})
        {
            w.Echo(
                Seconds(12),
                from,
                w.world.GetClients(2).Get(0),
                [p]() { return p->GetTeredoAddress(); },
                5,
                MilliSeconds(200));
        }
        Simulator::Stop(Seconds(20));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(early->IsQualified(), true, "qualified before the flood");
        NS_TEST_EXPECT_MSG_EQ(other->IsQualified(), true, "qualified before the port flood");
        NS_TEST_EXPECT_MSG_EQ(late->IsQualified(), false, "no mapping left for a newcomer");
        NS_TEST_EXPECT_MSG_EQ(w.answers, 10, "existing mappings still carry echoes");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(high[0], MAX_MAPPINGS, "mapping table bounded");
        NS_TEST_EXPECT_MSG_EQ(nats[0]->GetMappingCount(), MAX_MAPPINGS, "and full");
        uint32_t ports = PORT_MAX - PORT_MIN + 1;
        NS_TEST_EXPECT_MSG_LT_OR_EQ(high[1], ports, "no more mappings than ports");
        NS_TEST_EXPECT_MSG_EQ(nats[1]->GetMappingCount(), ports, "every port taken");
        // Every flood datagram either made a mapping or was dropped, by the bound it hit.
        NS_TEST_EXPECT_MSG_EQ(flooderDrops[0][N::DROP_TABLE_FULL],
                              FLOOD - (MAX_MAPPINGS - before[0]),
                              "the excess dropped as table-full");
        NS_TEST_EXPECT_MSG_EQ(flooderDrops[0].size(), 1, "and for no other reason");
        NS_TEST_EXPECT_MSG_EQ(flooderDrops[1][N::DROP_PORTS_EXHAUSTED],
                              FLOOD - (ports - before[1]),
                              "the excess dropped as ports-exhausted");
        NS_TEST_EXPECT_MSG_EQ(flooderDrops[1].size(), 1, "and for no other reason");
        NS_TEST_EXPECT_MSG_GT(lateDrops[N::DROP_TABLE_FULL], 0, "the newcomer's RSs dropped");
        NS_TEST_EXPECT_MSG_EQ(lateDrops.size(), 1, "as table-full only");
        NS_TEST_EXPECT_MSG_EQ(nats[0]->GetDropCount(N::DROP_TABLE_FULL),
                              flooderDrops[0][N::DROP_TABLE_FULL] + lateDrops[N::DROP_TABLE_FULL],
                              "no other table-full drop");
        std::clog << "nat-exhaustion: sent " << FLOOD
                  << " per flooder; MaxMappings NAT: " << before[0]
                  << " mappings before, high-water " << high[0] << "/" << MAX_MAPPINGS
                  << ", table-full " << flooderDrops[0][N::DROP_TABLE_FULL] << " (+"
                  << lateDrops[N::DROP_TABLE_FULL]
                  << " from the late client); port-range NAT: " << before[1]
                  << " before, high-water " << high[1] << "/" << ports << ", ports-exhausted "
                  << flooderDrops[1][N::DROP_PORTS_EXHAUSTED] << "; echoes " << w.answers << "/10"
                  << std::endl;
    }
};

/**
 * \ingroup teredo-tests
 * Scenario 4: forged origin indications. To a qualified client behind a
 * full-cone NAT, from an attacker that is not its server: bubbles and data
 * naming fake peers in their source and origin indication (dropped as
 * mapping-mismatch: the origin is not believed), and indications with no IPv6
 * packet (malformed). To the server: bubbles for the client with a forged
 * origin, either from a Teredo source that is the attacker's own mapping
 * (forwarded, the forged origin replaced by the real one) or naming a fake
 * peer (source-mismatch). The client never sends to a forged origin, and its
 * peer list holds only the attacker's real mapping.
 */
class ForgedOriginTestCase : public TestCase
{
  public:
    ForgedOriginTestCase()
        : TestCase("forged origin indications to the client and the server")
    {
    }

  private:
    void DoRun() override
    {
        constexpr uint32_t N_EACH = 200;
        FloodWorld w;
        w.world.AddSite(World::FULL_CONE, 1);
        w.world.AddSite(World::NONE, 1); // the attacker
        w.Build();
        Ptr<C> victim = w.AddClient(w.world.GetClients(0).Get(0), Seconds(1));
        Ptr<Node> attacker = w.world.GetClients(1).Get(0);
        Ipv4Address self = w.world.GetClientAddress(1, 0);
        Ipv4Address server = w.world.GetServerPrimaryAddress();
        constexpr uint16_t ATTACKER_PORT = 4000;
        FloodWorld::WarmUp(attacker, InetSocketAddress(server, ECHO_PORT), Seconds(1));
        Ptr<Socket> s = Socket::CreateSocket(attacker, UdpSocketFactory::GetTypeId());
        s->Bind(InetSocketAddress(self, ATTACKER_PORT));
        uint64_t toForged = 0;
        uint64_t toAttacker = 0;
        victim->TraceConnectWithoutContext("Tx",
                                           Callback<void, Ptr<const Packet>, const Address&>(
                                               [&](Ptr<const Packet>, const Address& to) {
                                                   Ipv4Address a =
                                                       InetSocketAddress::ConvertFrom(to).GetIpv4();
                                                   toForged += IsFake(a, 3);
                                                   toAttacker += a == self;
                                               }));
        uint32_t peersBefore = 0;
        uint64_t dropsBefore = 0;
        uint64_t deliveredBefore = 0;
        Simulator::Schedule(Seconds(2.9), [&]() {
            peersBefore = victim->GetPeerCount();
            dropsBefore = TotalDrops(victim);
            deliveredBefore = victim->GetDeliveredCount();
        });
        Ptr<C> v = victim;
        Ipv6Address mine = TeredoOf(server, self, ATTACKER_PORT);
        Simulator::Schedule(Seconds(3), [=]() {
            InetSocketAddress to = FloodWorld::MappingOf(v);
            Ipv6Address dst = v->GetTeredoAddress();
            for (uint32_t k = 0; k < N_EACH; ++k)
            {
                Ipv4Address origin = Fake(3, k);
                uint16_t port = uint16_t(5000 + k);
                Ipv6Address fakePeer = TeredoOf(server, origin, port);
                Time at = MilliSeconds(5 * k);
                // To the client: bubble, data, indication only.
                Simulator::Schedule(at, [=]() {
                    s->SendTo(
                        WithOrigin(TeredoPacketBuilder::MakeBubble(fakePeer, dst), origin, port),
                        0,
                        to);
                    s->SendTo(WithOrigin(MakeUdp6(fakePeer, dst, 32), origin, port), 0, to);
                    s->SendTo(WithOrigin(Create<Packet>(), origin, port), 0, to);
                    // To the server, for the client: our own source, forged origin...
                    InetSocketAddress srv(server, TEREDO_PORT);
                    s->SendTo(WithOrigin(TeredoPacketBuilder::MakeBubble(mine, dst), origin, port),
                              0,
                              srv);
                    // ... and a fake peer's source with its origin.
                    s->SendTo(
                        WithOrigin(TeredoPacketBuilder::MakeBubble(fakePeer, dst), origin, port),
                        0,
                        srv);
                });
            }
        });
        Simulator::Stop(Seconds(6));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(victim->IsQualified(), true, "still qualified");
        NS_TEST_EXPECT_MSG_EQ(toForged, 0, "nothing sent to a forged origin");
        NS_TEST_EXPECT_MSG_EQ(victim->GetDropCount(C::DROP_MAPPING_MISMATCH),
                              2 * N_EACH,
                              "forged bubbles and data: mapping-mismatch");
        NS_TEST_EXPECT_MSG_EQ(victim->GetDropCount(C::DROP_MALFORMED),
                              N_EACH,
                              "indication only: malformed");
        NS_TEST_EXPECT_MSG_EQ(TotalDrops(victim) - dropsBefore,
                              3 * N_EACH,
                              "every forged datagram at the client dropped, no other");
        NS_TEST_EXPECT_MSG_EQ(victim->GetDeliveredCount(), deliveredBefore, "nothing delivered");
        NS_TEST_EXPECT_MSG_EQ(w.server->GetDropCount(S::DROP_SOURCE_MISMATCH),
                              N_EACH,
                              "server: a fake peer's source");
        // The server replaces the forged origin with the attacker's real
        // endpoint; the client answers each of those indirect bubbles there.
        NS_TEST_EXPECT_MSG_EQ(toAttacker, N_EACH, "answers went to the real origin");
        NS_TEST_EXPECT_MSG_EQ(victim->GetPeerCount(),
                              peersBefore,
                              "no peer entry from forged datagrams");
        std::clog << "forged-origin: to the client " << 3 * N_EACH << " (mapping-mismatch "
                  << victim->GetDropCount(C::DROP_MAPPING_MISMATCH) << ", malformed "
                  << victim->GetDropCount(C::DROP_MALFORMED) << "); to the server " << 2 * N_EACH
                  << " (source-mismatch " << w.server->GetDropCount(S::DROP_SOURCE_MISMATCH)
                  << ", forwarded with the real origin " << toAttacker
                  << "); sent to forged origins " << toForged << std::endl;
    }
};

/**
 * \ingroup teredo-tests
 * Scenario 5: while a client qualifies, an attacker that sniffs its router
 * solicitation (at the server's side) races the server with 50 RAs carrying
 * the right nonce from its own address, and 50 RAs with a wrong nonce from
 * the server's address (spoofed). Neither qualifies the client: not-from-server
 * and nonce-mismatch; the real RA does, with the client's true mapping.
 */
class RogueAdvertisementTestCase : public TestCase
{
  public:
    RogueAdvertisementTestCase()
        : TestCase("RAs with a wrong nonce or from a host that is not the server")
    {
    }

  private:
    void DoRun() override
    {
        constexpr uint32_t N_EACH = 50;
        FloodWorld w;
        w.world.AddSite(World::FULL_CONE, 1);
        w.world.AddSite(World::NONE, 1); // the attacker
        w.Build();
        Ptr<C> victim = w.AddClient(w.world.GetClients(0).Get(0), Seconds(2));
        Ptr<Node> attacker = w.world.GetClients(1).Get(0);
        Ipv4Address self = w.world.GetClientAddress(1, 0);
        Ipv4Address server = w.world.GetServerPrimaryAddress();
        FloodWorld::WarmUp(attacker, InetSocketAddress(server, ECHO_PORT), Seconds(1));
        Ptr<Socket> raw = FloodWorld::Raw(attacker);
        Ptr<Socket> s = Socket::CreateSocket(attacker, UdpSocketFactory::GetTypeId());
        s->Bind(InetSocketAddress(self, TEREDO_PORT));
        const InetSocketAddress bogus(Fake(4, 0), 1);
        w.OnFirstSolicitation([&](const TeredoDatagramInfo& info, InetSocketAddress from) {
            // First the wrong nonces (they race the real RA), then the strangers.
            for (uint32_t k = 0; k < N_EACH; ++k)
            {
                TeredoAuthHeader auth = info.auth;
                auth.SetNonce(auth.GetNonceValue() + 1 + k);
                FloodWorld::SendUdp(raw,
                                    InetSocketAddress(server, TEREDO_PORT),
                                    from,
                                    TeredoPacketBuilder::MakeRouterAdvertisement(
                                        auth,
                                        TeredoOriginHeader(bogus.GetIpv4(), bogus.GetPort()),
                                        server,
                                        info.ipv6.GetSource(),
                                        TeredoAddress::GetDefaultPrefix()));
            }
            for (uint32_t k = 0; k < N_EACH; ++k)
            {
                s->SendTo(TeredoPacketBuilder::MakeRouterAdvertisement(
                              info.auth,
                              TeredoOriginHeader(bogus.GetIpv4(), bogus.GetPort()),
                              server,
                              info.ipv6.GetSource(),
                              TeredoAddress::GetDefaultPrefix()),
                          0,
                          from);
            }
        });
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(w.rsSeen, true, "the RS was seen");
        NS_TEST_EXPECT_MSG_EQ(victim->IsQualified(), true, "qualified by the real server");
        InetSocketAddress mapping = FloodWorld::MappingOf(victim);
        NS_TEST_EXPECT_MSG_EQ(mapping.GetIpv4(),
                              w.world.GetSitePublicAddress(0),
                              "its true mapping, not the bogus one");
        NS_TEST_EXPECT_MSG_EQ(victim->GetDropCount(C::DROP_NOT_FROM_SERVER),
                              N_EACH,
                              "the right nonce from a stranger: not-from-server");
        uint64_t nonce = victim->GetDropCount(C::DROP_NONCE_MISMATCH);
        uint64_t unexpected = victim->GetDropCount(C::DROP_UNEXPECTED_ADVERTISEMENT);
        // A wrong nonce is refused as such while the RS is pending, as
        // unexpected once the real RA has qualified the client.
        NS_TEST_EXPECT_MSG_GT(nonce, 0, "wrong nonces from the server's address, RS pending");
        NS_TEST_EXPECT_MSG_EQ(nonce + unexpected, N_EACH, "every wrong nonce refused");
        NS_TEST_EXPECT_MSG_EQ(TotalDrops(victim), 2 * N_EACH, "no other drop");
        std::clog << "rogue-ra: sent " << 2 * N_EACH << " (not-from-server "
                  << victim->GetDropCount(C::DROP_NOT_FROM_SERVER) << ", nonce-mismatch " << nonce
                  << ", unexpected " << unexpected << "); qualified at "
                  << w.qualifiedAt[PeekPointer(victim)].As(Time::MS) << " as " << mapping.GetIpv4()
                  << ":" << mapping.GetPort() << std::endl;
    }
};

/**
 * \ingroup teredo-tests
 * Scenario 5b: an on-path attacker against secure qualification. It sees the
 * client's solicitation, so it knows the nonce, and races the server with 50
 * RAs carrying that nonce from the server's own address (spoofed) and a bogus
 * origin: without a secret these would qualify the client with the bogus
 * mapping. The client shares a secret with the server (ClientIdentifier,
 * SharedSecret; TeredoServer::SetClientSecret): every forged RA lacks the
 * value the secret gives and is refused (authentication-failed); the real RA
 * qualifies the client with its true mapping.
 */
class SecureRogueAdvertisementTestCase : public TestCase
{
  public:
    SecureRogueAdvertisementTestCase()
        : TestCase("RAs with the right nonce from the server's address, against a secure client")
    {
    }

  private:
    void DoRun() override
    {
        constexpr uint32_t N = 50;
        FloodWorld w;
        w.world.AddSite(World::FULL_CONE, 1);
        w.world.AddSite(World::NONE, 1); // the attacker
        w.Build();
        w.server->SetClientSecret("victim", "a secret of some length");
        Ptr<C> victim = w.AddClient(w.world.GetClients(0).Get(0), Seconds(2));
        victim->SetAttribute("ClientIdentifier", StringValue("victim"));
        victim->SetAttribute("SharedSecret", StringValue("a secret of some length"));
        Ptr<Node> attacker = w.world.GetClients(1).Get(0);
        Ipv4Address server = w.world.GetServerPrimaryAddress();
        FloodWorld::WarmUp(attacker, InetSocketAddress(server, ECHO_PORT), Seconds(1));
        Ptr<Socket> raw = FloodWorld::Raw(attacker);
        const InetSocketAddress bogus(Fake(4, 0), 1);
        w.OnFirstSolicitation([&](const TeredoDatagramInfo& info, InetSocketAddress from) {
            TeredoAuthHeader auth;
            auth.SetNonce(info.auth.GetNonce());
            auth.SetClientId(info.auth.GetClientId());
            for (uint32_t k = 0; k < N; ++k)
            {
                FloodWorld::SendUdp(raw,
                                    InetSocketAddress(server, TEREDO_PORT),
                                    from,
                                    TeredoPacketBuilder::MakeRouterAdvertisement(
                                        auth,
                                        TeredoOriginHeader(bogus.GetIpv4(), bogus.GetPort()),
                                        server,
                                        info.ipv6.GetSource(),
                                        TeredoAddress::GetDefaultPrefix()));
            }
        });
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(w.rsSeen, true, "the RS was seen");
        NS_TEST_EXPECT_MSG_EQ(victim->IsQualified(), true, "qualified by the real server");
        InetSocketAddress mapping = FloodWorld::MappingOf(victim);
        NS_TEST_EXPECT_MSG_EQ(mapping.GetIpv4(),
                              w.world.GetSitePublicAddress(0),
                              "its true mapping, not the bogus one");
        NS_TEST_EXPECT_MSG_EQ(victim->GetDropCount(C::DROP_AUTHENTICATION_FAILED),
                              N,
                              "every forged RA refused");
        NS_TEST_EXPECT_MSG_EQ(TotalDrops(victim), N, "no other drop");
        std::clog << "secure-rogue-ra: sent " << N
                  << " with the right nonce (authentication-failed "
                  << victim->GetDropCount(C::DROP_AUTHENTICATION_FAILED) << "); qualified as "
                  << mapping.GetIpv4() << ":" << mapping.GetPort() << std::endl;
    }
};

/**
 * \ingroup teredo-tests
 * Scenario 6: replays. The client's first RA, recorded, is replayed from the
 * server's address (spoofed) once the client is qualified: unexpected (or a
 * nonce mismatch, should a refresh be pending). The bubbles and data a peer
 * sent it, recorded, are replayed from the attacker's own address: mapping-
 * mismatch. The same bubbles replayed from the peer's real mapping (spoofed)
 * are indistinguishable from the peer's and accepted, as RFC 4380 allows
 * (there is no sequence number): they change nothing and deliver nothing.
 */
class ReplayTestCase : public TestCase
{
  public:
    ReplayTestCase()
        : TestCase("replayed RA, bubbles and data")
    {
    }

  private:
    void DoRun() override
    {
        constexpr uint32_t ROUNDS = 10;
        FloodWorld w;
        w.world.AddSite(World::FULL_CONE, 1);
        w.world.AddSite(World::FULL_CONE, 1);
        w.world.AddSite(World::NONE, 1); // the attacker
        w.Build();
        Ptr<C> victim = w.AddClient(w.world.GetClients(0).Get(0), Seconds(1));
        Ptr<C> peer = w.AddClient(w.world.GetClients(1).Get(0), Seconds(1));
        Ptr<Node> attacker = w.world.GetClients(2).Get(0);
        Ipv4Address self = w.world.GetClientAddress(2, 0);
        Ipv4Address server = w.world.GetServerPrimaryAddress();

        struct Recorded
        {
            Ptr<Packet> payload;
            InetSocketAddress from;
        };

        std::vector<Recorded> ras;
        std::vector<Recorded> fromPeer;
        victim->TraceConnectWithoutContext(
            "Rx",
            Callback<void, Ptr<const Packet>, const Address&>(
                [&](Ptr<const Packet> p, const Address& a) {
                    InetSocketAddress from = InetSocketAddress::ConvertFrom(a);
                    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
                    if (info.kind == TeredoDatagramInfo::ROUTER_ADVERTISEMENT)
                    {
                        ras.push_back({p->Copy(), from});
                    }
                    else if (from.GetIpv4() != server && Simulator::Now() < Seconds(10))
                    {
                        fromPeer.push_back({p->Copy(), from});
                    }
                }));
        Ptr<C> v = victim;
        w.Echo(
            Seconds(4),
            w.world.GetClients(1).Get(0),
            w.world.GetClients(0).Get(0),
            [v]() { return v->GetTeredoAddress(); },
            5,
            MilliSeconds(200));

        Ipv6Address addressBefore;
        uint32_t peersBefore = 0;
        uint64_t dropsBefore = 0;
        uint64_t deliveredBefore = 0;
        bool trustedBefore = false;
        Simulator::Schedule(Seconds(14.9), [&]() {
            addressBefore = victim->GetTeredoAddress();
            peersBefore = victim->GetPeerCount();
            dropsBefore = TotalDrops(victim);
            deliveredBefore = victim->GetDeliveredCount();
            trustedBefore = victim->IsTrusted(peer->GetTeredoAddress());
        });
        FloodWorld::WarmUp(attacker, InetSocketAddress(server, ECHO_PORT), Seconds(1));
        Ptr<Socket> raw = FloodWorld::Raw(attacker);
        Ptr<Socket> s = Socket::CreateSocket(attacker, UdpSocketFactory::GetTypeId());
        s->Bind(InetSocketAddress(self, TEREDO_PORT));
        uint64_t bubblesReplayed = 0;
        uint64_t dataReplayed = 0;
        Simulator::Schedule(Seconds(15), [&]() {
            InetSocketAddress to = FloodWorld::MappingOf(v);
            for (uint32_t k = 0; k < ROUNDS; ++k)
            {
                Time at = MilliSeconds(20 * k);
                Simulator::Schedule(at, [&, to]() {
                    FloodWorld::SendUdp(raw, ras.front().from, to, ras.front().payload);
                    for (const Recorded& r : fromPeer)
                    {
                        s->SendTo(r.payload->Copy(), 0, to);
                        bool bubble = TeredoDatagramClassifier::Classify(r.payload).kind ==
                                      TeredoDatagramInfo::BUBBLE;
                        bubblesReplayed += bubble;
                        dataReplayed += !bubble;
                        if (bubble)
                        {
                            FloodWorld::SendUdp(raw, r.from, to, r.payload);
                        }
                    }
                });
            }
        });
        Simulator::Stop(Seconds(17));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_GT(ras.size(), 0, "an RA was recorded");
        NS_TEST_ASSERT_MSG_GT(bubblesReplayed, 0, "bubbles were recorded");
        NS_TEST_ASSERT_MSG_GT(dataReplayed, 0, "data were recorded");
        NS_TEST_EXPECT_MSG_EQ(w.answers, 5, "the echoes before the replays");
        NS_TEST_EXPECT_MSG_EQ(victim->IsQualified(), true, "still qualified");
        NS_TEST_EXPECT_MSG_EQ(victim->GetTeredoAddress(), addressBefore, "the same address");
        uint64_t unexpected = victim->GetDropCount(C::DROP_UNEXPECTED_ADVERTISEMENT);
        uint64_t nonce = victim->GetDropCount(C::DROP_NONCE_MISMATCH);
        NS_TEST_EXPECT_MSG_EQ(unexpected + nonce, ROUNDS, "every replayed RA refused");
        NS_TEST_EXPECT_MSG_EQ(victim->GetDropCount(C::DROP_MAPPING_MISMATCH),
                              bubblesReplayed + dataReplayed,
                              "replays from elsewhere: mapping-mismatch");
        NS_TEST_EXPECT_MSG_EQ(TotalDrops(victim) - dropsBefore,
                              ROUNDS + bubblesReplayed + dataReplayed,
                              "every refused replay counted, no other drop");
        NS_TEST_EXPECT_MSG_EQ(victim->GetDeliveredCount(), deliveredBefore, "nothing delivered");
        NS_TEST_EXPECT_MSG_EQ(victim->GetPeerCount(), peersBefore, "peer list unchanged");
        NS_TEST_EXPECT_MSG_EQ(victim->IsTrusted(peer->GetTeredoAddress()),
                              trustedBefore,
                              "peer trust unchanged");
        std::clog << "replay: RA replayed " << ROUNDS << " (unexpected " << unexpected
                  << ", nonce-mismatch " << nonce << "); bubbles " << bubblesReplayed
                  << " and data " << dataReplayed << " replayed from elsewhere (mapping-mismatch "
                  << victim->GetDropCount(C::DROP_MAPPING_MISMATCH) << "); " << bubblesReplayed
                  << " bubbles replayed from the peer's mapping accepted, no effect" << std::endl;
    }
};

/**
 * \ingroup teredo-tests
 * Scenario 7: router solicitations spoofed from a NAT's outside address. An
 * off-path attacker sends 16,000 RSs at 2,000 per second with the outside
 * address of a port-restricted cone NAT as source: 14,000 from random ports
 * and 2,000 from one hot port. Three clients behind that NAT qualify in the
 * middle of the flood and echo with a client elsewhere. The server's budget is
 * per address and port, so the flood cannot use up theirs (the attacker would
 * have to guess their mapped ports): only the hot port is rate-limited, the
 * random ports are answered (RAs the NAT drops, or a client refuses should a
 * port be one of theirs), and the rate-limiter table stays within
 * MaxRateLimitedSources (1,000).
 */
class SpoofedNatRsTestCase : public TestCase
{
  public:
    SpoofedNatRsTestCase()
        : TestCase("RS flood spoofed from a NAT's outside address")
    {
    }

  private:
    void DoRun() override
    {
        constexpr uint32_t FLOOD = 16000;
        constexpr uint32_t HOT_EVERY = 8; // one RS in 8 from the hot port
        constexpr uint16_t HOT_PORT = 4444;
        constexpr uint32_t MAX_SOURCES = 1000;
        constexpr uint32_t CLIENTS = 3;
        FloodWorld w;
        w.world.AddSite(World::PORT_RESTRICTED_CONE, CLIENTS);
        w.world.AddSite(World::FULL_CONE, 1); // the echo peer
        w.world.AddSite(World::NONE, 1);      // the attacker
        w.Build([](TeredoServerHelper& h) {
            h.SetAttribute("MaxRateLimitedSources", UintegerValue(MAX_SOURCES));
        });
        std::vector<Ptr<C>> clients;
        for (uint32_t i = 0; i < CLIENTS; ++i)
        {
            clients.push_back(
                w.AddClient(w.world.GetClients(0).Get(i), Seconds(3) + MilliSeconds(100 * i)));
        }
        Ptr<C> peer = w.AddClient(w.world.GetClients(1).Get(0), Seconds(1));
        Ptr<Node> attacker = w.world.GetClients(2).Get(0);
        Ipv4Address nat = w.world.GetSitePublicAddress(0);
        Ipv4Address server = w.world.GetServerPrimaryAddress();

        Ptr<S> s = w.server;
        const S* server0 = PeekPointer(s); // no Ptr in its own trace: a cycle
        uint32_t tableHigh = 0;
        std::map<uint16_t, uint64_t> answeredByPort; // RAs to the NAT's address, by port
        std::map<S::DropReason, uint64_t> hotDrops;
        std::map<S::DropReason, uint64_t> otherDrops;
        // A drop's source is the one of the Rx just before it.
        InetSocketAddress lastFrom(Ipv4Address(), 0);
        s->TraceConnectWithoutContext("Rx",
                                      Callback<void, Ptr<const Packet>, const Address&>(
                                          [&lastFrom](Ptr<const Packet>, const Address& from) {
                                              lastFrom = InetSocketAddress::ConvertFrom(from);
                                          }));
        s->TraceConnectWithoutContext(
            "Tx",
            Callback<void, Ptr<const Packet>, const Address&>(
                [&, server0](Ptr<const Packet>, const Address& peer) {
                    InetSocketAddress to = InetSocketAddress::ConvertFrom(peer);
                    KeepMax(tableHigh, server0->GetRateLimitedSourceCount());
                    if (to.GetIpv4() == nat)
                    {
                        ++answeredByPort[to.GetPort()];
                    }
                }));
        s->TraceConnectWithoutContext(
            "Drop",
            Callback<void, Ptr<const Packet>, S::DropReason>(
                [&, server0](Ptr<const Packet>, S::DropReason r) {
                    const InetSocketAddress& from = lastFrom;
                    KeepMax(tableHigh, server0->GetRateLimitedSourceCount());
                    bool hot = from.GetIpv4() == nat && from.GetPort() == HOT_PORT;
                    ++(hot ? hotDrops : otherDrops)[r];
                }));

        // The flood, 2..10 s. Ports from a stream of their own, so the
        // legitimate clients' draws do not depend on it.
        Ptr<UniformRandomVariable> ports = CreateObject<UniformRandomVariable>();
        ports->SetStream(7777);
        FloodWorld::WarmUp(attacker, InetSocketAddress(server, ECHO_PORT), Seconds(1.5));
        Ptr<Socket> raw = FloodWorld::Raw(attacker);
        uint32_t hotSent = 0;
        std::map<uint16_t, uint32_t> spoofedByPort;
        for (uint32_t k = 0; k < FLOOD; ++k)
        {
            bool hot = k % HOT_EVERY == HOT_EVERY - 1;
            uint16_t port = hot ? HOT_PORT : uint16_t(ports->GetInteger(1024, 65535));
            if (!hot && port == HOT_PORT)
            {
                port = HOT_PORT + 1; // the hot port's count stays exact
            }
            hotSent += hot;
            ++spoofedByPort[port];
            TeredoAuthHeader auth;
            auth.SetNonce(0x5eed000000000000ULL + k);
            Ptr<Packet> rs = TeredoPacketBuilder::MakeRouterSolicitation(auth, false);
            Simulator::Schedule(Seconds(2) + MicroSeconds(500 * k),
                                &FloodWorld::SendUdp,
                                raw,
                                InetSocketAddress(nat, port),
                                InetSocketAddress(server, TEREDO_PORT),
                                rs);
        }
        for (uint32_t i = 0; i < CLIENTS; ++i)
        {
            w.Echo(
                Seconds(6),
                w.world.GetClients(0).Get(i),
                w.world.GetClients(1).Get(0),
                [peer]() { return peer->GetTeredoAddress(); },
                5,
                MilliSeconds(200));
        }
        Simulator::Stop(Seconds(11));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(hotSent, FLOOD / HOT_EVERY, "2,000 from the hot port");
        std::set<uint16_t> legit;
        for (uint32_t i = 0; i < CLIENTS; ++i)
        {
            Ptr<C> c = clients[i];
            NS_TEST_EXPECT_MSG_EQ(c->IsQualified(), true, "client " << i << " qualified");
            // On its first solicitation: the RS timeout is 4 s.
            NS_TEST_EXPECT_MSG_LT(w.qualifiedAt[PeekPointer(c)],
                                  Seconds(4) + MilliSeconds(100 * i),
                                  "client " << i << " qualified in time");
            InetSocketAddress mapping = FloodWorld::MappingOf(c);
            NS_TEST_EXPECT_MSG_EQ(mapping.GetIpv4(), nat, "behind the spoofed address");
            NS_TEST_EXPECT_MSG_NE(mapping.GetPort(), HOT_PORT, "not on the hot port");
            legit.insert(mapping.GetPort());
            // A spoofed RS on a client's own port gets it an RA it did not ask for.
            uint64_t refused = c->GetDropCount(C::DROP_UNEXPECTED_ADVERTISEMENT) +
                               c->GetDropCount(C::DROP_NONCE_MISMATCH);
            NS_TEST_EXPECT_MSG_EQ(TotalDrops(c), refused, "client " << i << ": no other drop");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(refused,
                                        spoofedByPort[mapping.GetPort()],
                                        "at most one per RS spoofed on its port");
        }
        NS_TEST_EXPECT_MSG_EQ(legit.size(), CLIENTS, "three mappings");
        NS_TEST_EXPECT_MSG_EQ(w.answers, 5 * CLIENTS, "every echo answered during the flood");

        NS_TEST_EXPECT_MSG_LT_OR_EQ(tableHigh, MAX_SOURCES, "rate-limiter table bounded");
        NS_TEST_EXPECT_MSG_EQ(tableHigh, MAX_SOURCES, "and filled by the flood");
        // The hot port gets its burst (20) and what 10/s refills over 8 s.
        uint64_t hotAnswered = answeredByPort[HOT_PORT];
        NS_TEST_EXPECT_MSG_GT_OR_EQ(hotAnswered, 20, "the hot port's burst answered");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(hotAnswered, 20 + 81, "then only the refill");
        NS_TEST_EXPECT_MSG_EQ(hotDrops[S::DROP_RATE_LIMITED],
                              hotSent - hotAnswered,
                              "rest limited");
        NS_TEST_EXPECT_MSG_EQ(hotDrops.size(), 1, "for no other reason");
        // No random port comes near a budget: each spoofed RS answered, and each
        // client's own RSs too.
        NS_TEST_EXPECT_MSG_EQ(otherDrops.size(), 0, "nothing else dropped");
        uint64_t answeredSpoofed = 0;
        uint64_t answeredLegit = 0;
        for (const auto& [port, n] : answeredByPort)
        {
            (legit.count(port) ? answeredLegit : answeredSpoofed) += n;
        }
        uint64_t spoofedOnLegit = 0;
        for (uint16_t port : legit)
        {
            spoofedOnLegit += spoofedByPort[port];
        }
        NS_TEST_EXPECT_MSG_EQ(answeredSpoofed + spoofedOnLegit +
                                  s->GetDropCount(S::DROP_RATE_LIMITED),
                              FLOOD,
                              "every spoofed RS answered or rate-limited");
        NS_TEST_EXPECT_MSG_EQ(answeredLegit,
                              CLIENTS + spoofedOnLegit,
                              "one RA per client RS, and per RS spoofed on a client's port");
        NS_TEST_EXPECT_MSG_EQ(s->GetTotalDropCount(), hotDrops[S::DROP_RATE_LIMITED], "all drops");
        NS_TEST_EXPECT_MSG_EQ(s->GetReceivedCount(),
                              s->GetAdvertisementCount() + s->GetForwardedToTeredoCount() +
                                  s->GetForwardedToNativeCount() + s->GetTotalDropCount(),
                              "every datagram answered, forwarded or dropped");
        std::clog << "spoofed-nat-rs: sent " << FLOOD << " from " << nat << " (hot port " << hotSent
                  << ", answered " << hotAnswered << ", rate-limited "
                  << hotDrops[S::DROP_RATE_LIMITED] << "), RSs spoofed on a client's port "
                  << spoofedOnLegit << ", table high-water " << tableHigh << "/" << MAX_SOURCES
                  << ", clients qualified at";
        for (Ptr<C> c : clients)
        {
            std::clog << " " << w.qualifiedAt[PeekPointer(c)].As(Time::MS);
        }
        std::clog << ", echoes " << w.answers << "/" << 5 * CLIENTS << std::endl;
    }
};

/**
 * \ingroup teredo-tests
 * Flood and forgery scenarios against server, relay, client and NAT.
 */
class TeredoFloodTestSuite : public TestSuite
{
  public:
    TeredoFloodTestSuite()
        : TestSuite("teredo-flood", UNIT)
    {
        AddTestCase(new RsFloodTestCase, TestCase::QUICK);
        AddTestCase(new RelayFloodTestCase, TestCase::QUICK);
        AddTestCase(new NatExhaustionTestCase, TestCase::QUICK);
        AddTestCase(new ForgedOriginTestCase, TestCase::QUICK);
        AddTestCase(new RogueAdvertisementTestCase, TestCase::QUICK);
        AddTestCase(new SecureRogueAdvertisementTestCase, TestCase::QUICK);
        AddTestCase(new ReplayTestCase, TestCase::QUICK);
        AddTestCase(new SpoofedNatRsTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
TeredoFloodTestSuite g_teredoFloodTestSuite;

} // namespace
