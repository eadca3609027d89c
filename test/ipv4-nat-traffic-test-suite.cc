/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Stock ns-3 applications through Ipv4Nat: V4Ping and a BulkSend TCP transfer
// through every preset, UDP through a home NAT behind a carrier-grade NAT and
// through a NAT with two inside links, the checksums of every packet the NAT
// rewrites, and an inside host's ICMP error as it arrives outside.

#include "ipv4-nat-test-world.h"

#include "ns3/bulk-send-helper.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipv4-nat-helper.h"
#include "ns3/network-module.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/simple-net-device-helper.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/v4ping-helper.h"

#include <map>
#include <tuple>
#include <vector>

using namespace ns3;
using namespace ns3::teredo_test;

namespace
{

// IP protocol numbers (the L4 protocols' PROT_NUMBER are no constant expressions).
constexpr uint8_t PROTO_ICMP = 1; //!< ICMP
constexpr uint8_t PROTO_TCP = 6;  //!< TCP
constexpr uint8_t PROTO_UDP = 17; //!< UDP

/// A callback for the MappingCreated trace.
using MappingCallback = Callback<void, uint8_t, const InetSocketAddress&, const InetSocketAddress&>;

/// One MappingCreated event.
struct CreatedMapping
{
    uint8_t protocol;          //!< IP protocol
    InetSocketAddress inside;  //!< inside endpoint
    InetSocketAddress outside; //!< outside endpoint
};

/// The classic NAT types, each tested with every application.
const Ipv4NatHelper::Preset PRESETS[] = {
    Ipv4NatHelper::FULL_CONE,
    Ipv4NatHelper::RESTRICTED_CONE,
    Ipv4NatHelper::PORT_RESTRICTED_CONE,
    Ipv4NatHelper::SYMMETRIC,
};

/// Same random streams every run: random ports and TCP start times repeat.
void
Seed()
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
}

/// \return a recorder of a NAT's MappingCreated events into \p created
MappingCallback
RecordCreated(std::vector<CreatedMapping>& created)
{
    return MappingCallback(
        [&created](uint8_t protocol, const InetSocketAddress& in, const InetSocketAddress& out) {
            created.push_back({protocol, in, out});
        });
}

/**
 * \brief Ping from a node: one echo request a second from 1 s on.
 * \param node the pinging node
 * \param remote whom to ping
 * \param count how many requests
 * \param replies incremented for each reply (the Rtt trace fires per reply)
 */
void
InstallPing(Ptr<Node> node, Ipv4Address remote, uint32_t count, uint32_t& replies)
{
    V4PingHelper ping(remote);
    ping.SetAttribute("Interval", TimeValue(Seconds(1)));
    ApplicationContainer apps = ping.Install(node);
    apps.Start(Seconds(1));
    // V4Ping sends until stopped: stop half an interval after the last request.
    apps.Stop(Seconds(count + 0.5));
    apps.Get(0)->TraceConnectWithoutContext("Rtt",
                                            Callback<void, Time>([&replies](Time) { ++replies; }));
}

/**
 * \brief A TCP transfer from a node to a PacketSink on port 9 of another.
 * \param from the sending node
 * \param to the receiving node
 * \param address the receiver's address
 * \param bytes how many bytes to send
 * \return the sink
 */
Ptr<PacketSink>
InstallBulkTransfer(Ptr<Node> from, Ptr<Node> to, Ipv4Address address, uint32_t bytes)
{
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
    ApplicationContainer sinkApps = sink.Install(to);
    sinkApps.Start(Seconds(0));
    BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(address, 9));
    bulk.SetAttribute("MaxBytes", UintegerValue(bytes));
    ApplicationContainer sourceApps = bulk.Install(from);
    sourceApps.Start(Seconds(1));
    return DynamicCast<PacketSink>(sinkApps.Get(0));
}

/**
 * \ingroup teredo-tests
 * V4Ping from the inside host to a server: every echo request is answered.
 */
class PingTestCase : public TestCase
{
  public:
    /// \param preset the NAT type
    explicit PingTestCase(Ipv4NatHelper::Preset preset)
        : TestCase("V4Ping through " + Ipv4NatHelper::PresetToString(preset)),
          m_preset(preset)
    {
    }

  private:
    void DoRun() override
    {
        Seed();
        uint32_t replies = 0;
        std::vector<CreatedMapping> created;
        NatWorld world{Ipv4NatHelper(m_preset)};
        world.nat->TraceConnectWithoutContext("MappingCreated", RecordCreated(created));
        InstallPing(world.Host(), world.serverA, 5, replies);
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(replies, 5, "5 echo requests, 5 replies");
        // V4Ping keeps one identifier: one ICMP mapping whatever the preset.
        NS_TEST_ASSERT_MSG_EQ(created.size(), 1, "one mapping");
        NS_TEST_EXPECT_MSG_EQ(created[0].protocol, PROTO_ICMP, "an ICMP mapping");
        NS_TEST_EXPECT_MSG_EQ(created[0].outside.GetIpv4(), world.natOutside, "outside address");
    }

    Ipv4NatHelper::Preset m_preset; //!< the NAT type
};

/**
 * \ingroup teredo-tests
 * A 1,000,000-byte BulkSend TCP transfer from the inside host arrives whole.
 */
class BulkSendTestCase : public TestCase
{
  public:
    /// \param preset the NAT type
    explicit BulkSendTestCase(Ipv4NatHelper::Preset preset)
        : TestCase("TCP BulkSend through " + Ipv4NatHelper::PresetToString(preset)),
          m_preset(preset)
    {
    }

  private:
    void DoRun() override
    {
        Seed();
        std::vector<Address> peers;
        NatWorld world{Ipv4NatHelper(m_preset)};
        Ptr<PacketSink> sink =
            InstallBulkTransfer(world.Host(), world.Server(), world.serverA, 1000000);
        sink->TraceConnectWithoutContext(
            "Rx",
            Callback<void, Ptr<const Packet>, const Address&>(
                [&peers](Ptr<const Packet>, const Address& from) { peers.push_back(from); }));
        Simulator::Stop(Seconds(60));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(sink->GetTotalRx(), 1000000, "every byte delivered");
        NS_TEST_ASSERT_MSG_GT(peers.size(), 0, "the sink received");
        for (const Address& a : peers)
        {
            NS_TEST_EXPECT_MSG_EQ(InetSocketAddress::ConvertFrom(a).GetIpv4(),
                                  world.natOutside,
                                  "the server sees the NAT's outside address");
        }
        NS_TEST_EXPECT_MSG_EQ(world.nat->GetMappingCount(), 1, "one TCP mapping");
    }

    Ipv4NatHelper::Preset m_preset; //!< the NAT type
};

/**
 * \ingroup teredo-tests
 * A home NAT behind a carrier-grade NAT, static routes and checksums on:
 *
 * \verbatim
   host 10.0.0.2 -- 10.0.0.1 home NAT 100.64.0.2 -- 100.64.0.1 CGN 203.0.113.1 --
   server 203.0.113.254
   \endverbatim
 *
 * The server has no route to the inside prefixes, so only packets the CGN
 * translated get answers. The destructor destroys the simulator and turns
 * checksums off again (also when an assertion ends the test early).
 */
struct CgnWorld : public TestNetwork
{
    /// \param home the home NAT's type \param cgn the CGN's type
    CgnWorld(const Ipv4NatHelper& home, const Ipv4NatHelper& cgn)
        : TestNetwork(4) // host, home NAT, CGN, server
    {
        NetDeviceContainer inside = Link(0, 1);
        NetDeviceContainer shared = Link(1, 2);
        NetDeviceContainer outside = Link(2, 3);
        Assign(inside.Get(0), "10.0.0.0", "0.0.0.2");
        Assign(inside.Get(1), "10.0.0.0", "0.0.0.1");
        Assign(shared.Get(0), "100.64.0.0", "0.0.0.2");
        Assign(shared.Get(1), "100.64.0.0", "0.0.0.1");
        Assign(outside.Get(0), "203.0.113.0", "0.0.0.1");
        Assign(outside.Get(1), "203.0.113.0", "0.0.0.254");

        // Static routes first, then the NATs wrap the routing protocols.
        Ipv4StaticRoutingHelper routing;
        routing.GetStaticRouting(nodes.Get(0)->GetObject<Ipv4>())->SetDefaultRoute("10.0.0.1", 1);
        routing.GetStaticRouting(nodes.Get(1)->GetObject<Ipv4>())->SetDefaultRoute("100.64.0.1", 2);
        homeNat = home.Install(nodes.Get(1), {1}, 2);
        homeNat->AssignStreams(7);
        cgnNat = cgn.Install(nodes.Get(2), {1}, 2);
        cgnNat->AssignStreams(8);
    }

    Ptr<Ipv4Nat> homeNat;                        //!< the home NAT
    Ptr<Ipv4Nat> cgnNat;                         //!< the carrier-grade NAT
    const Ipv4Address hostAddress{"10.0.0.2"};   //!< inside host
    const Ipv4Address homeOutside{"100.64.0.2"}; //!< home NAT's outside address
    const Ipv4Address cgnOutside{"203.0.113.1"}; //!< CGN's outside address
    const Ipv4Address server{"203.0.113.254"};   //!< the server
};

/**
 * \ingroup teredo-tests
 * UDP request and answer through two NATs in a row (NAT444): the server sees the
 * CGN's outside endpoint, and each NAT holds exactly one mapping.
 */
class NatBehindNatTestCase : public TestCase
{
  public:
    NatBehindNatTestCase()
        : TestCase("UDP through a home NAT behind a CGN")
    {
    }

  private:
    void DoRun() override
    {
        Seed();
        std::vector<CreatedMapping> homeCreated;
        std::vector<CreatedMapping> cgnCreated;
        std::vector<InetSocketAddress> seen; // sources at the server
        // RFC 6888 REQ-1: a CGN maps endpoint-independently; the home NAT is the
        // common port-restricted cone.
        CgnWorld world(Ipv4NatHelper(Ipv4NatHelper::PORT_RESTRICTED_CONE),
                       Ipv4NatHelper(Ipv4NatHelper::FULL_CONE));
        world.homeNat->TraceConnectWithoutContext("MappingCreated", RecordCreated(homeCreated));
        world.cgnNat->TraceConnectWithoutContext("MappingCreated", RecordCreated(cgnCreated));

        // The server answers with the source it saw, as ProbeClient expects.
        Ptr<Socket> server =
            Socket::CreateSocket(world.nodes.Get(3), UdpSocketFactory::GetTypeId());
        server->Bind(InetSocketAddress(world.server, 7000));
        server->SetRecvCallback(Callback<void, Ptr<Socket>>([&seen](Ptr<Socket> s) {
            Address from;
            while (s->RecvFrom(from))
            {
                InetSocketAddress src = InetSocketAddress::ConvertFrom(from);
                seen.push_back(src);
                uint8_t reply[6];
                src.GetIpv4().Serialize(reply);
                reply[4] = uint8_t(src.GetPort() >> 8);
                reply[5] = uint8_t(src.GetPort());
                s->SendTo(Create<Packet>(reply, sizeof(reply)), 0, from);
            }
        }));
        ProbeClient client(world.nodes.Get(0), 5000);
        client.Probe(Seconds(1), InetSocketAddress(world.server, 7000), 0);
        client.Probe(Seconds(2), InetSocketAddress(world.server, 7000), 0);
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(seen.size(), 2, "both requests reached the server");
        NS_TEST_ASSERT_MSG_EQ(client.from.size(), 2, "both answered");
        NS_TEST_ASSERT_MSG_EQ(client.mapped.size(), 2, "answers carry the mapped endpoint");
        for (size_t k = 0; k < 2; ++k)
        {
            NS_TEST_EXPECT_MSG_EQ(seen[k].GetIpv4(), world.cgnOutside, "CGN's outside address");
            NS_TEST_EXPECT_MSG_EQ(client.from[k].GetIpv4(), world.server, "answer from server");
            NS_TEST_EXPECT_MSG_EQ(client.from[k].GetPort(), 7000, "answer from server port");
            NS_TEST_EXPECT_MSG_EQ(client.mapped[k].GetIpv4(), world.cgnOutside, "reported");
        }

        NS_TEST_EXPECT_MSG_EQ(world.homeNat->GetMappingCount(), 1, "home NAT: one mapping");
        NS_TEST_EXPECT_MSG_EQ(world.cgnNat->GetMappingCount(), 1, "CGN: one mapping");
        NS_TEST_ASSERT_MSG_EQ(homeCreated.size(), 1, "home NAT traced one mapping");
        NS_TEST_ASSERT_MSG_EQ(cgnCreated.size(), 1, "CGN traced one mapping");
        const CreatedMapping& home = homeCreated[0];
        const CreatedMapping& cgn = cgnCreated[0];
        NS_TEST_EXPECT_MSG_EQ(home.protocol, PROTO_UDP, "home: UDP");
        NS_TEST_EXPECT_MSG_EQ(home.inside.GetIpv4(), world.hostAddress, "home: inside host");
        NS_TEST_EXPECT_MSG_EQ(home.inside.GetPort(), 5000, "home: inside port");
        NS_TEST_EXPECT_MSG_EQ(home.outside.GetIpv4(), world.homeOutside, "home: outside");
        // The CGN's inside endpoint is the home NAT's outside endpoint.
        NS_TEST_EXPECT_MSG_EQ(cgn.protocol, PROTO_UDP, "CGN: UDP");
        NS_TEST_EXPECT_MSG_EQ(cgn.inside.GetIpv4(), home.outside.GetIpv4(), "CGN: inside");
        NS_TEST_EXPECT_MSG_EQ(cgn.inside.GetPort(), home.outside.GetPort(), "CGN: inside port");
        NS_TEST_EXPECT_MSG_EQ(cgn.outside.GetIpv4(), world.cgnOutside, "CGN: outside");
        for (size_t k = 0; k < 2; ++k)
        {
            NS_TEST_EXPECT_MSG_EQ(seen[k].GetPort(), cgn.outside.GetPort(), "CGN's mapped port");
            NS_TEST_EXPECT_MSG_EQ(client.mapped[k].GetPort(), cgn.outside.GetPort(), "reported");
        }
    }
};

/**
 * \ingroup teredo-tests
 * Verifies the IPv4 header checksum and the UDP, TCP or ICMP checksum of every
 * packet an Ipv4L3Protocol receives on one interface (its "Rx" trace, which
 * sees the packet with its IPv4 header).
 */
class ChecksumChecker
{
  public:
    /// \param interface the interface whose packets to check
    explicit ChecksumChecker(uint32_t interface)
        : m_interface(interface)
    {
    }

    /**
     * \brief The Rx trace sink.
     * \param packet the packet, IPv4 header included
     * \param interface the interface it arrived on
     */
    void Rx(Ptr<const Packet> packet, Ptr<Ipv4>, uint32_t interface)
    {
        if (interface != m_interface)
        {
            return;
        }
        Ptr<Packet> p = packet->Copy();
        Ipv4Header ip;
        ip.EnableChecksum();
        p->RemoveHeader(ip);
        Count(0, ip.IsChecksumOk());
        if (ip.GetFragmentOffset() != 0)
        {
            return; // no transport header
        }
        if (p->GetSize() > ip.GetPayloadSize())
        {
            p->RemoveAtEnd(p->GetSize() - ip.GetPayloadSize()); // frame padding
        }
        switch (ip.GetProtocol())
        {
        case PROTO_UDP: {
            UdpHeader udp;
            udp.EnableChecksums();
            udp.InitializeChecksum(ip.GetSource(), ip.GetDestination(), ip.GetProtocol());
            p->RemoveHeader(udp);
            Count(ip.GetProtocol(), udp.IsChecksumOk());
            break;
        }
        case PROTO_TCP: {
            TcpHeader tcp;
            tcp.EnableChecksums();
            tcp.InitializeChecksum(ip.GetSource(), ip.GetDestination(), ip.GetProtocol());
            p->RemoveHeader(tcp);
            Count(ip.GetProtocol(), tcp.IsChecksumOk());
            break;
        }
        case PROTO_ICMP: {
            // Icmpv4Header::Deserialize ignores the checksum: sum the message
            // ourselves; with a correct checksum the complemented sum is 0.
            uint32_t size = p->GetSize();
            std::vector<uint8_t> bytes(size);
            p->CopyData(bytes.data(), size);
            // Not Buffer(size): its bytes are a virtual zero area, not writable.
            Buffer buffer;
            buffer.AddAtStart(size);
            buffer.Begin().Write(bytes.data(), size);
            Count(ip.GetProtocol(), buffer.Begin().CalculateIpChecksum(size) == 0);
            break;
        }
        default:
            Count(ip.GetProtocol(), false); // the NAT forwards nothing else here
            break;
        }
    }

    /// \param protocol IP protocol, 0 for the IPv4 header \return packets checked
    uint32_t Checked(uint8_t protocol) const
    {
        auto it = m_checked.find(protocol);
        return it == m_checked.end() ? 0 : it->second;
    }

    /// \param protocol IP protocol, 0 for the IPv4 header \return bad checksums
    uint32_t Bad(uint8_t protocol) const
    {
        auto it = m_bad.find(protocol);
        return it == m_bad.end() ? 0 : it->second;
    }

    /// \return the protocols seen, 0 (the IPv4 header) included
    std::vector<uint8_t> Protocols() const
    {
        std::vector<uint8_t> protocols;
        for (const auto& [protocol, count] : m_checked)
        {
            protocols.push_back(protocol);
        }
        return protocols;
    }

  private:
    /// \param protocol what was checked \param ok whether its checksum was right
    void Count(uint8_t protocol, bool ok)
    {
        ++m_checked[protocol];
        if (!ok)
        {
            ++m_bad[protocol];
        }
    }

    uint32_t m_interface;                  //!< interface watched
    std::map<uint8_t, uint32_t> m_checked; //!< packets checked per protocol
    std::map<uint8_t, uint32_t> m_bad;     //!< bad checksums per protocol
};

/**
 * \ingroup teredo-tests
 * With ChecksumEnabled, every UDP, TCP and ICMP packet the NAT translates
 * carries correct checksums: outbound on the outside link (at the router), and
 * inbound on the inside link (at the host). A wrong ICMP checksum would go
 * unnoticed otherwise: ns-3's ICMP and raw sockets do not check it.
 */
class ChecksumTestCase : public TestCase
{
  public:
    /// \param preset the NAT type (port-preserving or not)
    explicit ChecksumTestCase(Ipv4NatHelper::Preset preset)
        : TestCase("checksums through " + Ipv4NatHelper::PresetToString(preset)),
          m_preset(preset)
    {
    }

  private:
    void DoRun() override
    {
        Seed();
        uint32_t replies = 0;
        // Translated by the NAT: outbound at the router's access link (interface
        // 1), inbound at the host (its only link). Not translated, as a control
        // that the checker accepts ns-3's own checksums: what the host sends, at
        // the NAT's inside link, and what the server sends, at the router's core link.
        ChecksumChecker outbound(1);
        ChecksumChecker inbound(1);
        ChecksumChecker fromHost(1);
        ChecksumChecker fromServer(2);
        NatWorld world{Ipv4NatHelper(m_preset)};
        const std::vector<std::tuple<std::string, Ptr<Node>, ChecksumChecker*>> watched = {
            {"NAT to router (translated): ", world.Router(), &outbound},
            {"NAT to host (translated): ", world.Host(), &inbound},
            {"host to NAT (control): ", world.NatNode(), &fromHost},
            {"server to router (control): ", world.Router(), &fromServer},
        };
        for (const auto& [where, node, checker] : watched)
        {
            node->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
                "Rx",
                MakeCallback(&ChecksumChecker::Rx, checker));
        }

        ProbeServer server(world);
        ProbeClient client(world.Host(), 5000);
        for (int k = 1; k <= 3; ++k)
        {
            client.Probe(Seconds(k), InetSocketAddress(world.serverA, ProbeServer::PORT_1), 0);
        }
        Ptr<PacketSink> sink =
            InstallBulkTransfer(world.Host(), world.Server(), world.serverA, 100000);
        InstallPing(world.Host(), world.serverA, 3, replies);
        Simulator::Stop(Seconds(30));
        Simulator::Run();

        // The traffic went through, so there was something to check.
        NS_TEST_EXPECT_MSG_EQ(client.from.size(), 3, "UDP answered");
        NS_TEST_EXPECT_MSG_EQ(sink->GetTotalRx(), 100000, "TCP delivered");
        NS_TEST_EXPECT_MSG_EQ(replies, 3, "pings answered");
        for (const auto& [where, node, c] : watched)
        {
            for (uint8_t protocol :
                 std::initializer_list<uint8_t>{0, PROTO_UDP, PROTO_TCP, PROTO_ICMP})
            {
                std::string what = where + (protocol ? "protocol " + std::to_string(protocol)
                                                     : std::string("IPv4 header"));
                NS_TEST_EXPECT_MSG_GT(c->Checked(protocol), 0, what + " checked");
                NS_TEST_EXPECT_MSG_EQ(c->Bad(protocol), 0, what + " bad checksums");
            }
            NS_TEST_EXPECT_MSG_EQ(c->Protocols().size(), 4, where + "nothing but UDP, TCP, ICMP");
        }
    }

    Ipv4NatHelper::Preset m_preset; //!< the NAT type
};

/**
 * \ingroup teredo-tests
 * A TCP mapping follows its connection (RFC 5382): while established it lives
 * TcpEstablishedTimeout after the last segment; once the connection closes
 * (FIN), only TcpTransitoryTimeout.
 */
class TcpMappingLifetimeTestCase : public TestCase
{
  public:
    /// \param close whether the transfer ends with a close
    explicit TcpMappingLifetimeTestCase(bool close)
        : TestCase(std::string("TCP mapping lifetime, connection ") +
                   (close ? "closed" : "left open")),
          m_close(close)
    {
    }

  private:
    void DoRun() override
    {
        Seed();
        Ipv4NatHelper helper(Ipv4NatHelper::PORT_RESTRICTED_CONE);
        helper.SetAttribute("TcpEstablishedTimeout", TimeValue(Seconds(100)));
        helper.SetAttribute("TcpTransitoryTimeout", TimeValue(Seconds(10)));
        NatWorld world(helper);
        Time lastTcp;
        world.NatNode()->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "Rx",
            Callback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
                [&lastTcp](Ptr<const Packet> p, Ptr<Ipv4>, uint32_t) {
                    Ipv4Header h;
                    p->PeekHeader(h);
                    if (h.GetProtocol() == PROTO_TCP)
                    {
                        lastTcp = Simulator::Now();
                    }
                }));
        std::vector<Time> expired;
        world.nat->TraceConnectWithoutContext(
            "MappingExpired",
            MappingCallback(
                [&expired](uint8_t, const InetSocketAddress&, const InetSocketAddress&) {
                    expired.push_back(Simulator::Now());
                }));

        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), 9));
        ApplicationContainer sinks = sinkHelper.Install(world.Server());
        sinks.Start(Seconds(0));
        Ptr<Socket> tcp = Socket::CreateSocket(world.Host(), TcpSocketFactory::GetTypeId());
        InetSocketAddress server(world.serverA, 9);
        bool close = m_close;
        Simulator::Schedule(Seconds(1), [tcp, server]() {
            tcp->Bind();
            tcp->Connect(server);
        });
        Simulator::Schedule(Seconds(2), [tcp, close]() {
            tcp->Send(Create<Packet>(1000));
            if (close)
            {
                tcp->Close();
            }
        });
        Simulator::Stop(Seconds(300));
        Simulator::Run();

        Ptr<PacketSink> sink = DynamicCast<PacketSink>(sinks.Get(0));
        NS_TEST_EXPECT_MSG_EQ(sink->GetTotalRx(), 1000, "data delivered");
        NS_TEST_ASSERT_MSG_EQ(expired.size(), 1, "the mapping expired once");
        Time lifetime = Seconds(m_close ? 10 : 100);
        NS_TEST_EXPECT_MSG_EQ(expired[0] - lastTcp, lifetime, "lifetime after the last segment");
    }

    bool m_close; //!< close the connection
};

/**
 * \brief A UDP socket that records every source it sees and answers each with
 * that source (address, then port), as ProbeClient expects.
 * \param node where
 * \param local the address and port to bind
 * \param seen appended with each datagram's source
 * \return the socket
 */
Ptr<Socket>
InstallReflector(Ptr<Node> node, InetSocketAddress local, std::vector<InetSocketAddress>& seen)
{
    Ptr<Socket> socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    socket->Bind(local);
    socket->SetRecvCallback(Callback<void, Ptr<Socket>>([&seen](Ptr<Socket> s) {
        Address from;
        while (s->RecvFrom(from))
        {
            InetSocketAddress src = InetSocketAddress::ConvertFrom(from);
            seen.push_back(src);
            uint8_t reply[6];
            src.GetIpv4().Serialize(reply);
            reply[4] = uint8_t(src.GetPort() >> 8);
            reply[5] = uint8_t(src.GetPort());
            s->SendTo(Create<Packet>(reply, sizeof(reply)), 0, from);
        }
    }));
    return socket;
}

/// \param b two octets in network order \return their value
uint16_t
Get16(const uint8_t* b)
{
    return uint16_t((b[0] << 8) | b[1]);
}

/**
 * \brief RFC 1071 over a whole message, its checksum field included.
 * \param bytes the message
 * \return the complemented one's complement sum: 0 when the checksum is right
 */
uint16_t
ResidualChecksum(const std::vector<uint8_t>& bytes)
{
    uint32_t sum = 0;
    for (size_t k = 0; k < bytes.size(); k += 2)
    {
        sum += uint32_t(bytes[k]) << 8;
        if (k + 1 < bytes.size())
        {
            sum += bytes[k + 1];
        }
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return uint16_t(~sum);
}

/**
 * \ingroup teredo-tests
 * A NAT with two inside links, static routes and checksums on:
 *
 * \verbatim
   host1 10.0.0.2 -- 10.0.0.1 \
                               NAT 203.0.113.1 -- 203.0.113.254 router 198.51.100.254 --
   host2 10.0.1.2 -- 10.0.1.1 /                                      server 198.51.100.1
   \endverbatim
 *
 * The router knows no inside prefix, so only translated packets get answers.
 * The destructor destroys the simulator and turns checksums off again (also
 * when an assertion ends the test early).
 */
struct TwoInsideWorld : public TestNetwork
{
    /// \param helper decides the NAT's behaviour
    explicit TwoInsideWorld(const Ipv4NatHelper& helper)
        : TestNetwork(5) // host 1, host 2, NAT, router, server
    {
        NetDeviceContainer inside1 = Link(0, 2);
        NetDeviceContainer inside2 = Link(1, 2);
        NetDeviceContainer access = Link(2, 3);
        NetDeviceContainer core = Link(3, 4);
        Assign(inside1.Get(0), "10.0.0.0", "0.0.0.2");
        Assign(inside1.Get(1), "10.0.0.0", "0.0.0.1");
        Assign(inside2.Get(0), "10.0.1.0", "0.0.0.2");
        Assign(inside2.Get(1), "10.0.1.0", "0.0.0.1");
        Assign(access.Get(0), "203.0.113.0", "0.0.0.1");
        Assign(access.Get(1), "203.0.113.0", "0.0.0.254");
        Assign(core.Get(0), "198.51.100.0", "0.0.0.254");
        Assign(core.Get(1), "198.51.100.0", "0.0.0.1");

        // Static routes first, then the NAT wraps the routing protocol.
        Ptr<Ipv4> natIp = NatNode()->GetObject<Ipv4>();
        uint32_t in1 = natIp->GetInterfaceForDevice(inside1.Get(1));
        uint32_t in2 = natIp->GetInterfaceForDevice(inside2.Get(1));
        uint32_t out = natIp->GetInterfaceForDevice(access.Get(0));
        Ipv4StaticRoutingHelper routing;
        routing.GetStaticRouting(Host1()->GetObject<Ipv4>())->SetDefaultRoute("10.0.0.1", 1);
        routing.GetStaticRouting(Host2()->GetObject<Ipv4>())->SetDefaultRoute("10.0.1.1", 1);
        routing.GetStaticRouting(natIp)->SetDefaultRoute("203.0.113.254", out);
        routing.GetStaticRouting(Server()->GetObject<Ipv4>())->SetDefaultRoute("198.51.100.254", 1);
        nat = helper.Install(NatNode(), {in1, in2}, out);
        nat->AssignStreams(7);
    }

    /// \return the host on the first inside link
    Ptr<Node> Host1() const
    {
        return nodes.Get(0);
    }

    /// \return the host on the second inside link
    Ptr<Node> Host2() const
    {
        return nodes.Get(1);
    }

    /// \return the NAT node
    Ptr<Node> NatNode() const
    {
        return nodes.Get(2);
    }

    /// \return the server
    Ptr<Node> Server() const
    {
        return nodes.Get(4);
    }

    Ptr<Ipv4Nat> nat;                            //!< the NAT
    const Ipv4Address host1{"10.0.0.2"};         //!< first inside host
    const Ipv4Address host2{"10.0.1.2"};         //!< second inside host
    const Ipv4Address natOutside{"203.0.113.1"}; //!< NAT's outside address
    const Ipv4Address server{"198.51.100.1"};    //!< the server
};

/**
 * \ingroup teredo-tests
 * A NAT with two inside interfaces: hosts on both links reach the server
 * through one outside address, the second of two equal inside ports getting
 * another outside port; traffic between the inside links is routed as it is,
 * without a mapping.
 */
class MultipleInsideInterfacesTestCase : public TestCase
{
  public:
    MultipleInsideInterfacesTestCase()
        : TestCase("two inside interfaces: both translated, inside to inside routed as is")
    {
    }

  private:
    void DoRun() override
    {
        Seed();
        std::vector<CreatedMapping> created;
        std::vector<InetSocketAddress> seen;    // sources at the server
        std::vector<InetSocketAddress> atHost2; // sources at host2's inside socket
        // Port-preserving: the fallback for the second 5000 is what is tested.
        TwoInsideWorld world(Ipv4NatHelper(Ipv4NatHelper::PORT_RESTRICTED_CONE));
        world.nat->TraceConnectWithoutContext("MappingCreated", RecordCreated(created));
        InstallReflector(world.Server(), InetSocketAddress(world.server, 7000), seen);
        InetSocketAddress server(world.server, 7000);
        ProbeClient client1(world.Host1(), 5000);
        ProbeClient client2(world.Host2(), 5000);
        client1.Probe(Seconds(1), server, 0);
        client2.Probe(Seconds(2), server, 0);

        // Inside to inside, once both mappings exist: MappingCreated events are
        // counted before and after.
        InstallReflector(world.Host2(), InetSocketAddress(world.host2, 6000), atHost2);
        ProbeClient direct(world.Host1(), 6001);
        direct.Probe(Seconds(3), InetSocketAddress(world.host2, 6000), 0);
        size_t createdBefore = 0;
        Simulator::Schedule(Seconds(2.5),
                            [&created, &createdBefore]() { createdBefore = created.size(); });
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        // ns-3's runner goes on after a failed NS_TEST_ASSERT unless given
        // --stop-on-failure: counts are expectations and every index is guarded.
        NS_TEST_EXPECT_MSG_EQ(world.nat->GetTotalDropCount(), 0, "nothing dropped");
        NS_TEST_EXPECT_MSG_EQ(world.nat->GetMappingCount(), 2, "two mappings live");

        // (a) Both links translated to the one outside address.
        NS_TEST_EXPECT_MSG_EQ(seen.size(), 2, "both requests reached the server");
        NS_TEST_EXPECT_MSG_EQ(client1.mapped.size(), 1, "host1 answered");
        NS_TEST_EXPECT_MSG_EQ(client2.mapped.size(), 1, "host2 answered");
        NS_TEST_EXPECT_MSG_EQ(createdBefore, 2, "one mapping per inside host");
        if (seen.size() == 2)
        {
            NS_TEST_EXPECT_MSG_EQ(seen[0].GetIpv4(), world.natOutside, "host1 as the NAT");
            NS_TEST_EXPECT_MSG_EQ(seen[1].GetIpv4(), world.natOutside, "host2 as the NAT");
            NS_TEST_EXPECT_MSG_EQ(seen[0].GetPort(), 5000, "first 5000 preserved");
            NS_TEST_EXPECT_MSG_NE(seen[1].GetPort(), seen[0].GetPort(), "second 5000 moved");
        }
        if (seen.size() == 2 && client1.mapped.size() == 1 && client2.mapped.size() == 1)
        {
            // Each answer went back to the host whose mapping it was sent to.
            NS_TEST_EXPECT_MSG_EQ(client1.mapped[0].GetPort(), seen[0].GetPort(), "to host1");
            NS_TEST_EXPECT_MSG_EQ(client2.mapped[0].GetPort(), seen[1].GetPort(), "to host2");
            NS_TEST_EXPECT_MSG_EQ(client1.from[0].GetIpv4(), world.server, "from the server");
            NS_TEST_EXPECT_MSG_EQ(client2.from[0].GetIpv4(), world.server, "from the server");
        }
        if (seen.size() == 2 && createdBefore == 2)
        {
            NS_TEST_EXPECT_MSG_EQ(created[0].inside.GetIpv4(), world.host1, "host1's mapping");
            NS_TEST_EXPECT_MSG_EQ(created[1].inside.GetIpv4(), world.host2, "host2's mapping");
            NS_TEST_EXPECT_MSG_EQ(created[1].outside.GetPort(), seen[1].GetPort(), "moved port");
        }

        // (b) Inside to inside: the inside addresses arrive, both ways, no mapping.
        NS_TEST_EXPECT_MSG_EQ(created.size(), createdBefore, "no mapping for inside traffic");
        NS_TEST_EXPECT_MSG_EQ(atHost2.size(), 1, "host1 reached host2's inside address");
        NS_TEST_EXPECT_MSG_EQ(direct.from.size(), 1, "host2's answer reached host1");
        if (atHost2.size() == 1)
        {
            NS_TEST_EXPECT_MSG_EQ(atHost2[0].GetIpv4(), world.host1, "host1's inside address");
            NS_TEST_EXPECT_MSG_EQ(atHost2[0].GetPort(), 6001, "host1's own port");
        }
        if (direct.from.size() == 1)
        {
            NS_TEST_EXPECT_MSG_EQ(direct.from[0].GetIpv4(), world.host2, "host2's inside address");
            NS_TEST_EXPECT_MSG_EQ(direct.from[0].GetPort(), 6000, "host2's own port");
        }
    }
};

/**
 * \ingroup teredo-tests
 * An ICMP error from an inside host, seen where it arrives (RFC 5508 REQ-3):
 * its source and the packet it quotes name the NAT's outside endpoint, not the
 * inside one, with every checksum right. Sequential ports make the outside
 * port (1024) differ from the inside port (5000), so a quote left untranslated
 * shows.
 */
class OutboundIcmpErrorQuotesTheOutsideEndpointTestCase : public TestCase
{
  public:
    OutboundIcmpErrorQuotesTheOutsideEndpointTestCase()
        : TestCase("outbound ICMP error quotes the outside endpoint, checksums right")
    {
    }

  private:
    /// An ICMP error as the server's IP layer received it.
    struct Arrived
    {
        Ipv4Header outer;           //!< its IPv4 header
        uint8_t type;               //!< ICMP type
        uint8_t code;               //!< ICMP code
        uint16_t residual;          //!< RFC 1071 over the ICMP message: 0 when right
        Ipv4Header quoted;          //!< the quoted IPv4 header, checksum verified
        uint16_t quotedSourcePort;  //!< quoted UDP source port
        uint16_t quotedDestPort;    //!< quoted UDP destination port
        uint16_t quotedUdpChecksum; //!< quoted UDP checksum
    };

    void DoRun() override
    {
        Seed();
        Ipv4NatHelper helper(Ipv4NatHelper::FULL_CONE);
        helper.SetAttribute("PortAllocation", EnumValue(NatMappingTable::PORT_SEQUENTIAL));
        NatWorld world(helper);
        std::vector<InetSocketAddress> seen;
        Ptr<Socket> server =
            InstallReflector(world.Server(), InetSocketAddress(world.serverA, 7000), seen);

        // The host's socket makes the mapping, then closes: the server's next
        // datagram to the mapping finds no socket and the host answers port
        // unreachable.
        Ptr<Socket> host = Socket::CreateSocket(world.Host(), UdpSocketFactory::GetTypeId());
        host->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5000));
        InetSocketAddress to(world.serverA, 7000);
        Simulator::Schedule(Seconds(1), [host, to]() { host->SendTo(Create<Packet>(10), 0, to); });
        Simulator::Schedule(Seconds(2), [host]() { host->Close(); });
        const InetSocketAddress mapped(world.natOutside, 1024);
        Simulator::Schedule(Seconds(3),
                            [server, mapped]() { server->SendTo(Create<Packet>(10), 0, mapped); });

        // The UDP checksum the server sent to the mapping: the translated quote
        // must carry it again.
        std::vector<uint16_t> sentUdpChecksums;
        world.Server()->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "Tx",
            Callback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
                [&sentUdpChecksums, mapped](Ptr<const Packet> p, Ptr<Ipv4>, uint32_t) {
                    Ptr<Packet> q = p->Copy();
                    Ipv4Header ip;
                    q->RemoveHeader(ip);
                    uint8_t udp[8];
                    if (ip.GetProtocol() == PROTO_UDP && ip.GetDestination() == mapped.GetIpv4() &&
                        q->CopyData(udp, 8) == 8 && Get16(udp + 2) == mapped.GetPort())
                    {
                        sentUdpChecksums.push_back(Get16(udp + 6));
                    }
                }));
        std::vector<Arrived> arrived;
        world.Server()->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "Rx",
            Callback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
                [&arrived](Ptr<const Packet> p, Ptr<Ipv4>, uint32_t) {
                    Ptr<Packet> q = p->Copy();
                    Arrived a;
                    q->RemoveHeader(a.outer);
                    if (q->GetSize() > a.outer.GetPayloadSize())
                    {
                        q->RemoveAtEnd(q->GetSize() - a.outer.GetPayloadSize()); // padding
                    }
                    std::vector<uint8_t> b(q->GetSize());
                    q->CopyData(b.data(), b.size());
                    // ICMP header, quoted IPv4 header, 8 octets of UDP: nothing
                    // shorter is an error about a UDP datagram.
                    if (a.outer.GetProtocol() != PROTO_ICMP || b.size() < 8 + 20 + 8)
                    {
                        return;
                    }
                    a.type = b[0];
                    a.code = b[1];
                    a.residual = ResidualChecksum(b);
                    Ptr<Packet> quoted = Create<Packet>(b.data() + 8, b.size() - 8);
                    a.quoted.EnableChecksum();
                    quoted->RemoveHeader(a.quoted);
                    uint8_t udp[8];
                    quoted->CopyData(udp, 8);
                    a.quotedSourcePort = Get16(udp);
                    a.quotedDestPort = Get16(udp + 2);
                    a.quotedUdpChecksum = Get16(udp + 6);
                    arrived.push_back(a);
                }));
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        // ns-3's runner goes on after a failed NS_TEST_ASSERT unless given
        // --stop-on-failure: counts are expectations and every index is guarded.
        NS_TEST_EXPECT_MSG_EQ(world.nat->GetTotalDropCount(), 0, "nothing dropped");
        NS_TEST_EXPECT_MSG_EQ(seen.size(), 1, "the host's datagram reached the server");
        if (seen.size() == 1)
        {
            NS_TEST_EXPECT_MSG_EQ(seen[0].GetIpv4(), world.natOutside, "host seen as the NAT");
            NS_TEST_EXPECT_MSG_EQ(seen[0].GetPort(), 1024, "the first sequential port");
        }
        // The answer to the host, then the datagram the error is about.
        NS_TEST_EXPECT_MSG_EQ(sentUdpChecksums.size(), 2, "the server wrote to the mapping twice");
        NS_TEST_EXPECT_MSG_EQ(arrived.size(), 1, "one ICMP error reached the server");
        if (arrived.size() != 1 || sentUdpChecksums.empty())
        {
            return;
        }
        const Arrived& a = arrived[0];
        NS_TEST_EXPECT_MSG_EQ(a.outer.GetSource(), world.natOutside, "from the outside address");
        NS_TEST_EXPECT_MSG_EQ(a.outer.GetDestination(), world.serverA, "to the server");
        NS_TEST_EXPECT_MSG_EQ(unsigned(a.type), 3, "destination unreachable");
        NS_TEST_EXPECT_MSG_EQ(unsigned(a.code), 3, "port unreachable");
        NS_TEST_EXPECT_MSG_EQ(a.residual, 0, "ICMP checksum");
        NS_TEST_EXPECT_MSG_EQ(a.quoted.IsChecksumOk(), true, "quoted IPv4 header checksum");
        NS_TEST_EXPECT_MSG_EQ(a.quoted.GetSource(), world.serverA, "quoted source untouched");
        NS_TEST_EXPECT_MSG_EQ(a.quoted.GetDestination(), world.natOutside, "quoted destination");
        NS_TEST_EXPECT_MSG_EQ(unsigned(a.quoted.GetProtocol()), unsigned(PROTO_UDP), "UDP");
        NS_TEST_EXPECT_MSG_EQ(a.quotedSourcePort, 7000, "quoted source port untouched");
        NS_TEST_EXPECT_MSG_EQ(a.quotedDestPort, 1024, "quoted outside port, not 5000");
        NS_TEST_EXPECT_MSG_EQ(a.quotedUdpChecksum,
                              sentUdpChecksums.back(),
                              "quoted UDP checksum as the server sent it");
    }
};

/**
 * \ingroup teredo-tests
 * A TCP segment whose options ns-3 cannot parse (an unknown option of length 0
 * makes ns-3.37's TcpHeader::Deserialize loop forever) crosses the NAT: the
 * NAT rewrites ports and checksum in place and leaves the options alone. The
 * segment is sent with TTL 2 so that it dies at the router, where it is
 * inspected, before any ns-3 TCP stack would read it; queue discs are removed
 * on its path, since FqCoDel parses TCP headers too.
 */
class UnparsableTcpOptionsTestCase : public TestCase
{
  public:
    UnparsableTcpOptionsTestCase()
        : TestCase("TCP segment with unparsable options translated, options untouched")
    {
    }

  private:
    void DoRun() override
    {
        Seed();
        Ipv4NatHelper helper(Ipv4NatHelper::PORT_RESTRICTED_CONE);
        helper.SetAttribute("PortAllocation", EnumValue(NatMappingTable::PORT_SEQUENTIAL));
        NatWorld world(helper);

        // A SYN, 24-octet header: options 99 (unknown), length 0, then padding.
        std::vector<uint8_t> segment = {0x13, 0x88, 0x00, 0x50, 0, 0, 0, 1, 0,  0, 0, 0,
                                        0x60, 0x02, 0xff, 0xff, 0, 0, 0, 0, 99, 0, 0, 0};
        std::vector<uint8_t> pseudo = {10, 0, 0, 2, 198, 51, 100, 1, 0, PROTO_TCP, 0, 24};
        pseudo.insert(pseudo.end(), segment.begin(), segment.end());
        uint16_t checksum = ResidualChecksum(pseudo);
        segment[16] = uint8_t(checksum >> 8);
        segment[17] = uint8_t(checksum);

        std::vector<std::vector<uint8_t>> atRouter; // TCP segments with their pseudo-header
        world.Router()->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "Rx",
            Callback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
                [&atRouter](Ptr<const Packet> p, Ptr<Ipv4>, uint32_t) {
                    Ptr<Packet> q = p->Copy();
                    Ipv4Header ip;
                    q->RemoveHeader(ip);
                    if (ip.GetProtocol() != PROTO_TCP)
                    {
                        return;
                    }
                    std::vector<uint8_t> b(12 + q->GetSize());
                    ip.GetSource().Serialize(b.data());
                    ip.GetDestination().Serialize(b.data() + 4);
                    b[9] = PROTO_TCP;
                    b[11] = uint8_t(q->GetSize());
                    q->CopyData(b.data() + 12, q->GetSize());
                    atRouter.push_back(b);
                }));

        // ns-3's default queue disc (FqCoDel) hashes flows with TcpHeader, which
        // would hang on this segment before the NAT ever saw it: none here.
        TrafficControlHelper trafficControl;
        for (Ptr<Node> node : {world.Host(), world.NatNode(), world.Router()})
        {
            for (uint32_t d = 0; d < node->GetNDevices(); ++d)
            {
                if (node->GetObject<TrafficControlLayer>()->GetRootQueueDiscOnDevice(
                        node->GetDevice(d)))
                {
                    trafficControl.Uninstall(node->GetDevice(d));
                }
            }
        }
        Ptr<Socket> raw = Socket::CreateSocket(world.Host(), Ipv4RawSocketFactory::GetTypeId());
        raw->SetAttribute("Protocol", UintegerValue(PROTO_TCP));
        raw->SetIpTtl(2);
        Ptr<Packet> p = Create<Packet>(segment.data(), segment.size());
        InetSocketAddress to(world.serverA, 0);
        Simulator::Schedule(Seconds(1), [raw, p, to]() { raw->SendTo(p, 0, to); });
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(atRouter.size(), 1, "the segment crossed the NAT");
        const std::vector<uint8_t>& b = atRouter[0];
        NS_TEST_EXPECT_MSG_EQ(Ipv4Address::Deserialize(b.data()), world.natOutside, "source");
        NS_TEST_EXPECT_MSG_EQ(Get16(b.data() + 12), 1024, "source port mapped");
        NS_TEST_EXPECT_MSG_EQ(Get16(b.data() + 14), 80, "destination port kept");
        NS_TEST_EXPECT_MSG_EQ(ResidualChecksum(b), 0, "checksum updated");
        NS_TEST_EXPECT_MSG_EQ(b.size(), 12 + 24, "header length kept");
        NS_TEST_EXPECT_MSG_EQ(unsigned(b[12 + 20]), 99, "option kind kept");
        NS_TEST_EXPECT_MSG_EQ(unsigned(b[12 + 21]), 0, "option length kept");
        NS_TEST_EXPECT_MSG_EQ(world.nat->GetTotalDropCount(), 0, "nothing dropped");
    }
};

/**
 * \ingroup teredo-tests
 * Stock ns-3 applications through Ipv4Nat.
 */
class Ipv4NatTrafficTestSuite : public TestSuite
{
  public:
    Ipv4NatTrafficTestSuite()
        : TestSuite("ipv4-nat-traffic", UNIT)
    {
        for (auto p : PRESETS)
        {
            AddTestCase(new PingTestCase(p), TestCase::QUICK);
        }
        for (auto p : PRESETS)
        {
            AddTestCase(new BulkSendTestCase(p), TestCase::QUICK);
        }
        AddTestCase(new NatBehindNatTestCase(), TestCase::QUICK);
        // With and without port translation: both rewrite the pseudo-header.
        AddTestCase(new ChecksumTestCase(Ipv4NatHelper::PORT_RESTRICTED_CONE), TestCase::QUICK);
        AddTestCase(new ChecksumTestCase(Ipv4NatHelper::SYMMETRIC), TestCase::QUICK);
        AddTestCase(new TcpMappingLifetimeTestCase(true), TestCase::QUICK);
        AddTestCase(new TcpMappingLifetimeTestCase(false), TestCase::QUICK);
        AddTestCase(new MultipleInsideInterfacesTestCase(), TestCase::QUICK);
        AddTestCase(new OutboundIcmpErrorQuotesTheOutsideEndpointTestCase(), TestCase::QUICK);
        AddTestCase(new UnparsableTcpOptionsTestCase(), TestCase::QUICK);
    }
};

/// Static instance: registers the suite with ns-3's test runner.
Ipv4NatTrafficTestSuite g_ipv4NatTrafficTestSuite;

} // namespace
