/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TeredoTopologyHelper: the worlds it builds carry UDP from every client to
// both server addresses and back through every NAT preset and no NAT, the
// server sees each site from where it should, the address plan and link
// settings are what the helper documents, the IPv6 Internet reaches relays,
// host-specific relays and hosts and routes the Teredo prefix to relay 0,
// AssignStreams repeats random ports and pcaps are written. Misuse (fatal
// errors) is tested in teredo-topology-helper-gtest.cc with death tests.

#include "ns3/boolean.h"
#include "ns3/core-module.h"
#include "ns3/csma-channel.h"
#include "ns3/csma-net-device.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-channel.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/simple-net-device.h"
#include "ns3/switched-lan-channel.h"
#include "ns3/teredo-topology-helper.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <vector>

using namespace ns3;

namespace
{

/**
 * Expect a container's size, and end the test case when it differs, before
 * anything indexes past its end: NS_TEST_ASSERT_* return only when the runner
 * has --stop-on-failure.
 */
#define REQUIRE_SIZE(container, expected, msg)                                                     \
    do                                                                                             \
    {                                                                                              \
        NS_TEST_EXPECT_MSG_EQ((container).size(), expected, msg);                                  \
        if ((container).size() != (expected))                                                      \
        {                                                                                          \
            return;                                                                                \
        }                                                                                          \
    } while (false)

/// The Teredo server port; any port would do.
constexpr uint16_t SERVER_PORT = 3544;
/// The clients' local port.
constexpr uint16_t CLIENT_PORT = 5000;

/// Every site type, each built with 1 and with 3 clients.
const TeredoTopologyHelper::SiteNat SITE_TYPES[] = {
    TeredoTopologyHelper::NONE,
    TeredoTopologyHelper::FULL_CONE,
    TeredoTopologyHelper::RESTRICTED_CONE,
    TeredoTopologyHelper::PORT_RESTRICTED_CONE,
    TeredoTopologyHelper::SYMMETRIC,
};

/// Same random streams every run.
void
Seed()
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
}

/**
 * Destroys the simulator and turns checksums off again when a test ends,
 * also when an assertion ends it early; turns them on first if asked, before
 * any node exists (nodes read the value when their stacks are made).
 */
struct Simulation
{
    /// \param checksums whether to enable ns-3 checksums
    explicit Simulation(bool checksums)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(checksums));
    }

    ~Simulation()
    {
        Simulator::Destroy();
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
    }
};

/// \return the IPv4 or IPv6 address a socket address holds
Address
HostOf(const Address& a)
{
    if (InetSocketAddress::IsMatchingType(a))
    {
        return InetSocketAddress::ConvertFrom(a).GetIpv4();
    }
    return Inet6SocketAddress::ConvertFrom(a).GetIpv6();
}

/**
 * \ingroup teredo-tests
 * A UDP socket that records every datagram (sender and a 4-byte tag) and,
 * when it is an echo, sends the datagram back from where it arrived.
 */
class UdpPeer
{
  public:
    /// One datagram received.
    struct Datagram
    {
        Address from; //!< sender (InetSocketAddress or Inet6SocketAddress)
        uint32_t tag; //!< the tag it carried
    };

    /**
     * \param node the node
     * \param local where to bind
     * \param echo answer every datagram
     */
    UdpPeer(Ptr<Node> node, const Address& local, bool echo)
        : m_echo(echo)
    {
        m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        NS_ABORT_IF(m_socket->Bind(local) != 0);
        m_socket->SetRecvCallback(MakeCallback(&UdpPeer::Receive, this));
    }

    /**
     * \brief Send a tagged datagram.
     * \param at when
     * \param to where
     * \param tag the tag
     */
    void SendAt(Time at, const Address& to, uint32_t tag)
    {
        Ptr<Socket> s = m_socket;
        Simulator::Schedule(at, [s, to, tag]() {
            uint8_t b[4] = {uint8_t(tag >> 24),
                            uint8_t(tag >> 16),
                            uint8_t(tag >> 8),
                            uint8_t(tag)};
            s->SendTo(Create<Packet>(b, 4), 0, to);
        });
    }

    std::vector<Datagram> received; //!< in order of arrival

  private:
    /// \param socket the socket with data
    void Receive(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> p = socket->RecvFrom(from))
        {
            uint8_t b[4] = {0, 0, 0, 0};
            p->CopyData(b, 4);
            received.push_back(
                {from,
                 (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | b[3]});
            if (m_echo)
            {
                socket->SendTo(p, 0, from);
            }
        }
    }

    Ptr<Socket> m_socket; //!< the socket
    bool m_echo;          //!< answers
};

/// A client's tag: site and index.
uint32_t
Tag(uint32_t site, uint32_t client)
{
    return (site << 16) | client;
}

/**
 * \ingroup teredo-tests
 * The server's two addresses, each with an echo socket on port 3544.
 */
struct EchoServer
{
    /// \param world a built world
    explicit EchoServer(const TeredoTopologyHelper& world)
        : primary(world.GetServerNode(),
                  InetSocketAddress(world.GetServerPrimaryAddress(), SERVER_PORT),
                  true),
          secondary(world.GetServerNode(),
                    InetSocketAddress(world.GetServerSecondaryAddress(), SERVER_PORT),
                    true)
    {
    }

    UdpPeer primary;   //!< on the primary address
    UdpPeer secondary; //!< on the secondary address
};

/**
 * \brief From every client, one datagram to each server address (primary at
 * 1 s, secondary at 2 s); the clients' sockets, site by site.
 * \param world a built world
 * \return the clients' sockets
 */
std::vector<std::vector<std::unique_ptr<UdpPeer>>>
SendFromEveryClient(const TeredoTopologyHelper& world)
{
    std::vector<std::vector<std::unique_ptr<UdpPeer>>> clients(world.GetSiteCount());
    for (uint32_t s = 0; s < world.GetSiteCount(); ++s)
    {
        NodeContainer nodes = world.GetClients(s);
        for (uint32_t i = 0; i < nodes.GetN(); ++i)
        {
            clients[s].push_back(
                std::make_unique<UdpPeer>(nodes.Get(i),
                                          InetSocketAddress(Ipv4Address::GetAny(), CLIENT_PORT),
                                          false));
            clients[s][i]->SendAt(Seconds(1),
                                  InetSocketAddress(world.GetServerPrimaryAddress(), SERVER_PORT),
                                  Tag(s, i));
            clients[s][i]->SendAt(Seconds(2),
                                  InetSocketAddress(world.GetServerSecondaryAddress(), SERVER_PORT),
                                  Tag(s, i));
        }
    }
    return clients;
}

/// \return the sources from which \p peer received each tag
std::map<uint32_t, std::vector<InetSocketAddress>>
SourcesByTag(const UdpPeer& peer)
{
    std::map<uint32_t, std::vector<InetSocketAddress>> byTag;
    for (const UdpPeer::Datagram& d : peer.received)
    {
        byTag[d.tag].push_back(InetSocketAddress::ConvertFrom(d.from));
    }
    return byTag;
}

/**
 * \ingroup teredo-tests
 * Every site type with 1 and with 3 clients: every client's datagrams reach
 * both server addresses and are answered from both; the server sees a NATed
 * client at its site's public address (a cone NAT keeping one port for both
 * server addresses, a symmetric NAT two), a public client at its own address
 * and port. On switched LANs no client is handed a unicast frame for
 * another; on CSMA LANs of 3 clients every client is.
 */
class EchoTestCase : public TestCase
{
  public:
    /// \param checksums with ns-3 checksums enabled \param lan the LAN model
    EchoTestCase(bool checksums, TeredoTopologyHelper::LanModel lan)
        : TestCase(std::string("UDP from every client to both server addresses, checksums ") +
                   (checksums ? "on" : "off") +
                   (lan == TeredoTopologyHelper::CSMA_LAN ? ", CSMA LANs" : ", switched LANs")),
          m_checksums(checksums),
          m_lan(lan)
    {
    }

  private:
    /// Count the frames a client's device was handed for another device.
    static void CountOthers(uint32_t* n,
                            Ptr<NetDevice>,
                            Ptr<const Packet>,
                            uint16_t,
                            const Address&,
                            const Address&,
                            NetDevice::PacketType type)
    {
        *n += type == NetDevice::PACKET_OTHERHOST ? 1 : 0;
    }

    void DoRun() override
    {
        Seed();
        Simulation simulation(m_checksums);
        TeredoTopologyHelper world;
        world.SetLanModel(m_lan);
        for (uint32_t k : {1, 3})
        {
            for (TeredoTopologyHelper::SiteNat type : SITE_TYPES)
            {
                world.AddSite(type, k);
                m_types.push_back(type);
            }
        }
        world.Build();
        world.AssignStreams(1);
        NS_TEST_ASSERT_MSG_EQ(world.GetSiteCount(), 10, "ten sites");
        NS_TEST_ASSERT_MSG_EQ(world.GetAllClients().GetN(), 20, "twenty clients");
        NS_TEST_EXPECT_MSG_EQ(world.GetServerSecondaryAddress().Get(),
                              world.GetServerPrimaryAddress().Get() + 1,
                              "the server's addresses are consecutive");
        NS_TEST_EXPECT_MSG_EQ(world.GetServerIpv6Address(),
                              Ipv6Address::GetAny(),
                              "no IPv6 Internet: no native IPv6 for the server");
        NS_TEST_EXPECT_MSG_EQ(world.GetIpv6CoreRouter(), nullptr, "and no IPv6 core");

        // Frames for others, per site, as seen by its clients.
        std::vector<uint32_t> others(world.GetSiteCount(), 0);
        for (uint32_t s = 0; s < world.GetSiteCount(); ++s)
        {
            Ptr<NetDevice> d = world.GetClientDevice(s, 0);
            bool switched =
                DynamicCast<SwitchedLanChannel>(d->GetChannel()) && DynamicCast<SimpleNetDevice>(d);
            NS_TEST_EXPECT_MSG_EQ(switched,
                                  (m_lan == TeredoTopologyHelper::SWITCHED_LAN),
                                  "site " << s << ": the LAN model asked for");
            NS_TEST_EXPECT_MSG_EQ(d->GetMtu(), 1500, "site " << s << ": Ethernet's MTU");
            for (uint32_t i = 0; i < world.GetClients(s).GetN(); ++i)
            {
                world.GetClients(s).Get(i)->RegisterProtocolHandler(
                    MakeBoundCallback(&CountOthers, &others[s]),
                    0,
                    world.GetClientDevice(s, i),
                    true);
            }
        }

        EchoServer server(world);
        auto clients = SendFromEveryClient(world);
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        for (uint32_t s = 0; s < world.GetSiteCount(); ++s)
        {
            if (m_lan == TeredoTopologyHelper::SWITCHED_LAN)
            {
                NS_TEST_EXPECT_MSG_EQ(others[s], 0, "site " << s << ": no client saw another's");
            }
            else if (world.GetClients(s).GetN() == 3)
            {
                // Each client's 2 answers pass the other 2 clients.
                NS_TEST_EXPECT_MSG_GT_OR_EQ(others[s],
                                            3 * 2 * 2,
                                            "site " << s << ": CSMA hands frames to all");
            }
        }

        auto atPrimary = SourcesByTag(server.primary);
        auto atSecondary = SourcesByTag(server.secondary);
        std::map<Ipv4Address, uint32_t> publicSites; // public address -> site
        for (uint32_t s = 0; s < world.GetSiteCount(); ++s)
        {
            const bool natted = m_types[s] != TeredoTopologyHelper::NONE;
            const std::string site = "site " + std::to_string(s) + " (" +
                                     TeredoTopologyHelper::SiteNatToString(m_types[s]) + ")";
            NS_TEST_EXPECT_MSG_EQ(bool(world.GetNat(s)), natted, site + ": a NAT when asked");
            if (natted)
            {
                NS_TEST_EXPECT_MSG_EQ(world.GetNat(s)->GetOutsideAddress(),
                                      world.GetSitePublicAddress(s),
                                      site + ": the NAT's outside address is public");
                NS_TEST_EXPECT_MSG_EQ(publicSites.count(world.GetSitePublicAddress(s)),
                                      0,
                                      site + ": a public address of its own");
                publicSites[world.GetSitePublicAddress(s)] = s;
            }
            std::vector<uint16_t> mappedPorts;
            for (uint32_t i = 0; i < clients[s].size(); ++i)
            {
                const std::string who = site + " client " + std::to_string(i);
                const std::vector<InetSocketAddress>& p = atPrimary[Tag(s, i)];
                const std::vector<InetSocketAddress>& q = atSecondary[Tag(s, i)];
                REQUIRE_SIZE(p, 1, who + ": one datagram at the primary");
                REQUIRE_SIZE(q, 1, who + ": one at the secondary");
                Ipv4Address expected =
                    natted ? world.GetSitePublicAddress(s) : world.GetClientAddress(s, i);
                NS_TEST_EXPECT_MSG_EQ(p[0].GetIpv4(), expected, who + ": source at the primary");
                NS_TEST_EXPECT_MSG_EQ(q[0].GetIpv4(), expected, who + ": source at the secondary");
                if (!natted)
                {
                    NS_TEST_EXPECT_MSG_EQ(p[0].GetPort(), CLIENT_PORT, who + ": own port");
                    NS_TEST_EXPECT_MSG_EQ(q[0].GetPort(), CLIENT_PORT, who + ": own port");
                }
                else if (m_types[s] == TeredoTopologyHelper::SYMMETRIC)
                {
                    NS_TEST_EXPECT_MSG_NE(p[0].GetPort(),
                                          q[0].GetPort(),
                                          who + ": a mapping per server address");
                }
                else
                {
                    NS_TEST_EXPECT_MSG_EQ(p[0].GetPort(),
                                          q[0].GetPort(),
                                          who + ": one mapping for both server addresses");
                }
                mappedPorts.push_back(p[0].GetPort());

                // Both answers back, each from the address it was sent to.
                const std::vector<UdpPeer::Datagram>& answers = clients[s][i]->received;
                REQUIRE_SIZE(answers, 2, who + ": both answered");
                InetSocketAddress first = InetSocketAddress::ConvertFrom(answers[0].from);
                InetSocketAddress second = InetSocketAddress::ConvertFrom(answers[1].from);
                NS_TEST_EXPECT_MSG_EQ(first.GetIpv4(),
                                      world.GetServerPrimaryAddress(),
                                      who + ": answer from the primary");
                NS_TEST_EXPECT_MSG_EQ(second.GetIpv4(),
                                      world.GetServerSecondaryAddress(),
                                      who + ": answer from the secondary");
                NS_TEST_EXPECT_MSG_EQ(first.GetPort(), SERVER_PORT, who + ": server port");
                NS_TEST_EXPECT_MSG_EQ(answers[0].tag, Tag(s, i), who + ": its own answer");
                NS_TEST_EXPECT_MSG_EQ(answers[1].tag, Tag(s, i), who + ": its own answer");
            }
            if (natted)
            {
                std::sort(mappedPorts.begin(), mappedPorts.end());
                bool distinct =
                    std::adjacent_find(mappedPorts.begin(), mappedPorts.end()) == mappedPorts.end();
                NS_TEST_EXPECT_MSG_EQ(
                    distinct,
                    true,
                    site + ": clients sharing the public address have their own ports");
            }
        }
        NS_TEST_EXPECT_MSG_EQ(server.primary.received.size(), 20, "nothing else at the primary");
        NS_TEST_EXPECT_MSG_EQ(server.secondary.received.size(), 20, "nothing else at secondary");
    }

    bool m_checksums;                                   //!< checksums on
    TeredoTopologyHelper::LanModel m_lan;               //!< the LAN model
    std::vector<TeredoTopologyHelper::SiteNat> m_types; //!< site types, by index
};

/// \return whether interface \p i of \p node holds \p a
bool
HasAddress(Ptr<Node> node, Ipv4Address a)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    return ipv4 && ipv4->GetInterfaceForAddress(a) >= 0;
}

/// \return whether \p node holds \p a
bool
HasAddress(Ptr<Node> node, Ipv6Address a)
{
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    return ipv6 && ipv6->GetInterfaceForAddress(a) >= 0;
}

/**
 * \ingroup teredo-tests
 * The default address plan, as the class documentation gives it, configured
 * on the nodes' interfaces; and stacks: IPv6 on clients, IPv6 only on hosts.
 */
class DefaultPlanTestCase : public TestCase
{
  public:
    DefaultPlanTestCase()
        : TestCase("default address plan")
    {
    }

  private:
    void DoRun() override
    {
        Seed();
        Simulation simulation(false);
        TeredoTopologyHelper world;
        world.AddSite(TeredoTopologyHelper::PORT_RESTRICTED_CONE, 2);
        world.AddSite(TeredoTopologyHelper::NONE, 3);
        world.AddSite(TeredoTopologyHelper::NONE, 1);
        world.AddRelay();
        world.AddHostSpecificRelay();
        world.AddIpv6Host();
        world.Build();

        Ptr<Node> server = world.GetServerNode();
        NS_TEST_EXPECT_MSG_EQ(world.GetServerPrimaryAddress(), Ipv4Address("192.0.2.1"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetServerSecondaryAddress(), Ipv4Address("192.0.2.2"), "");
        Ptr<Ipv4> serverIp = server->GetObject<Ipv4>();
        int32_t serverIf = serverIp->GetInterfaceForAddress(Ipv4Address("192.0.2.1"));
        NS_TEST_ASSERT_MSG_GT(serverIf, 0, "the primary is configured");
        NS_TEST_EXPECT_MSG_EQ(serverIp->GetInterfaceForAddress(Ipv4Address("192.0.2.2")),
                              serverIf,
                              "both addresses on one interface");
        NS_TEST_EXPECT_MSG_EQ(HasAddress(world.GetCoreRouter(), Ipv4Address("192.0.2.254")),
                              true,
                              "the core at the server block's last host");

        // Access /30s in site order; the NAT site's LAN in 10.0/16; public
        // LANs of 4 and 8 addresses from 198.51.100.0, aligned; then relays.
        NS_TEST_EXPECT_MSG_EQ(world.GetSitePublicAddress(0), Ipv4Address("203.0.113.1"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetSitePublicAddress(1), Ipv4Address("203.0.113.5"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetSitePublicAddress(2), Ipv4Address("203.0.113.9"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetClientAddress(0, 0), Ipv4Address("10.0.0.2"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetClientAddress(0, 1), Ipv4Address("10.0.0.3"), "");
        NS_TEST_EXPECT_MSG_EQ(HasAddress(world.GetGateway(0), Ipv4Address("10.0.0.1")), true, "");
        NS_TEST_EXPECT_MSG_EQ(world.GetClientAddress(1, 0), Ipv4Address("198.51.100.2"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetClientAddress(1, 2), Ipv4Address("198.51.100.4"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetClientAddress(2, 0), Ipv4Address("198.51.100.10"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetRelayIpv4Address(0), Ipv4Address("198.51.100.13"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetHostSpecificRelayIpv4Address(0),
                              Ipv4Address("198.51.100.17"),
                              "");
        NS_TEST_EXPECT_MSG_EQ(world.GetRelayIpv6Address(0), Ipv6Address("3fff:0:1::2"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetHostSpecificRelayIpv6Address(0),
                              Ipv6Address("3fff:0:2::2"),
                              "");
        NS_TEST_EXPECT_MSG_EQ(world.GetIpv6HostAddress(0), Ipv6Address("3fff:0:3::2"), "");
        // The server's native link is /64 number 0.
        NS_TEST_EXPECT_MSG_EQ(world.GetServerIpv6Address(), Ipv6Address("3fff::2"), "");
        NS_TEST_EXPECT_MSG_EQ(HasAddress(server, Ipv6Address("3fff::2")), true, "");
        NS_TEST_EXPECT_MSG_EQ(HasAddress(world.GetIpv6CoreRouter(), Ipv6Address("3fff::1")),
                              true,
                              "the IPv6 core at ::1 of the server's link");

        for (uint32_t s = 0; s < world.GetSiteCount(); ++s)
        {
            NodeContainer clients = world.GetClients(s);
            for (uint32_t i = 0; i < clients.GetN(); ++i)
            {
                Ptr<Node> c = clients.Get(i);
                NS_TEST_EXPECT_MSG_EQ(HasAddress(c, world.GetClientAddress(s, i)), true, "set");
                NS_TEST_EXPECT_MSG_EQ(
                    c->GetObject<Ipv4>()->GetInterfaceForDevice(world.GetClientDevice(s, i)),
                    1,
                    "the address on the LAN device");
                NS_TEST_EXPECT_MSG_NE(c->GetObject<Ipv6>(), nullptr, "clients have IPv6");
            }
            NS_TEST_EXPECT_MSG_EQ(HasAddress(world.GetGateway(s), world.GetSitePublicAddress(s)),
                                  true,
                                  "the gateway holds the public address");
            NS_TEST_EXPECT_MSG_EQ(world.GetGatewayLanDevice(s)->GetNode(),
                                  world.GetGateway(s),
                                  "the gateway's LAN device");
            NS_TEST_EXPECT_MSG_EQ(world.GetGatewayAccessDevice(s)->GetNode(),
                                  world.GetGateway(s),
                                  "the gateway's access device");
        }
        NS_TEST_EXPECT_MSG_EQ(HasAddress(world.GetRelay(0), world.GetRelayIpv4Address(0)),
                              true,
                              "");
        NS_TEST_EXPECT_MSG_EQ(HasAddress(world.GetRelay(0), world.GetRelayIpv6Address(0)),
                              true,
                              "");
        NS_TEST_EXPECT_MSG_EQ(
            HasAddress(world.GetHostSpecificRelay(0), world.GetHostSpecificRelayIpv6Address(0)),
            true,
            "");
        NS_TEST_EXPECT_MSG_EQ(HasAddress(world.GetIpv6Host(0), world.GetIpv6HostAddress(0)),
                              true,
                              "");
        NS_TEST_EXPECT_MSG_EQ(world.GetIpv6Host(0)->GetObject<Ipv4>(), nullptr, "IPv6 only");
        NS_TEST_EXPECT_MSG_EQ(world.GetGatewayLanDevice(0)->GetNode(), world.GetGateway(0), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetNat(1), nullptr, "no NAT at a public site");
    }
};

/**
 * \ingroup teredo-tests
 * Every block moved: the world follows, and still carries traffic.
 */
class CustomPlanTestCase : public TestCase
{
  public:
    CustomPlanTestCase()
        : TestCase("custom address plan")
    {
    }

  private:
    void DoRun() override
    {
        Seed();
        Simulation simulation(false);
        TeredoTopologyHelper world;
        world.SetServerAddress(Ipv4Address("20.0.0.10"), Ipv4Mask("255.255.0.0"));
        world.SetAccessBase(Ipv4Address("30.1.0.0"), Ipv4Mask("255.255.0.0"));
        world.SetPublicBase(Ipv4Address("40.0.0.0"), Ipv4Mask("255.0.0.0"));
        world.SetPrivateBase(Ipv4Address("172.16.0.0"), Ipv4Mask("255.240.0.0"));
        world.SetIpv6Base(Ipv6Address("fd00:1::"), Ipv6Prefix(32));
        world.AddSite(TeredoTopologyHelper::NONE, 1);
        world.AddSite(TeredoTopologyHelper::SYMMETRIC, 1);
        world.AddRelay();
        world.Build();

        NS_TEST_EXPECT_MSG_EQ(world.GetServerPrimaryAddress(), Ipv4Address("20.0.0.10"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetServerSecondaryAddress(), Ipv4Address("20.0.0.11"), "");
        NS_TEST_EXPECT_MSG_EQ(HasAddress(world.GetCoreRouter(), Ipv4Address("20.0.255.254")),
                              true,
                              "the core at the server block's last host");
        NS_TEST_EXPECT_MSG_EQ(world.GetSitePublicAddress(0), Ipv4Address("30.1.0.1"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetSitePublicAddress(1), Ipv4Address("30.1.0.5"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetClientAddress(0, 0), Ipv4Address("40.0.0.2"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetClientAddress(1, 0), Ipv4Address("172.17.0.2"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetRelayIpv4Address(0), Ipv4Address("40.0.0.5"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetRelayIpv6Address(0), Ipv6Address("fd00:1:1::2"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetServerIpv6Address(), Ipv6Address("fd00:1::2"), "");

        EchoServer server(world);
        auto clients = SendFromEveryClient(world);
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(clients[0][0]->received.size(), 2, "public client answered");
        NS_TEST_EXPECT_MSG_EQ(clients[1][0]->received.size(), 2, "NATed client answered");
        auto atPrimary = SourcesByTag(server.primary);
        REQUIRE_SIZE(atPrimary[Tag(1, 0)], 1, "");
        NS_TEST_EXPECT_MSG_EQ(atPrimary[Tag(1, 0)][0].GetIpv4(), Ipv4Address("30.1.0.5"), "");
    }
};

/**
 * \ingroup teredo-tests
 * More NAT sites than /16s in the private block: a /22 per site
 * (SetPrivateSitePrefix), for worlds of 100,000 clients; the world still
 * carries traffic from every site.
 */
class PrivateSitePrefixTestCase : public TestCase
{
  public:
    PrivateSitePrefixTestCase()
        : TestCase("private site prefix of 22 bits")
    {
    }

  private:
    void DoRun() override
    {
        Seed();
        Simulation simulation(false);
        TeredoTopologyHelper world;
        world.SetAccessBase(Ipv4Address("100.64.0.0"), Ipv4Mask("255.192.0.0"));
        world.SetPrivateBase(Ipv4Address("172.16.0.0"), Ipv4Mask("255.255.240.0"));
        world.SetPrivateSitePrefix(22);
        world.AddSite(TeredoTopologyHelper::FULL_CONE, 2);
        world.AddSite(TeredoTopologyHelper::RESTRICTED_CONE, 1);
        world.AddSite(TeredoTopologyHelper::PORT_RESTRICTED_CONE, 1);
        world.AddSite(TeredoTopologyHelper::SYMMETRIC, 1);
        world.Build();

        NS_TEST_EXPECT_MSG_EQ(world.GetSitePublicAddress(3), Ipv4Address("100.64.0.13"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetClientAddress(0, 1), Ipv4Address("172.16.0.3"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetClientAddress(1, 0), Ipv4Address("172.16.4.2"), "");
        NS_TEST_EXPECT_MSG_EQ(world.GetClientAddress(3, 0), Ipv4Address("172.16.12.2"), "");

        EchoServer server(world);
        auto clients = SendFromEveryClient(world);
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        for (uint32_t s = 0; s < world.GetSiteCount(); ++s)
        {
            for (uint32_t i = 0; i < world.GetClients(s).GetN(); ++i)
            {
                NS_TEST_EXPECT_MSG_EQ(clients[s][i]->received.size(),
                                      2,
                                      "client " << i << " of site " << s << " answered");
            }
        }
    }
};

/**
 * \ingroup teredo-tests
 * Core, access and LAN settings land on the devices and channels they name.
 */
class LinkSettingsTestCase : public TestCase
{
  public:
    LinkSettingsTestCase()
        : TestCase("link data rates and delays")
    {
    }

  private:
    void DoRun() override
    {
        Simulation simulation(false);
        TeredoTopologyHelper world;
        world.SetCoreLink(DataRate("2Gbps"), MilliSeconds(30));
        world.SetAccessLink(DataRate("20Mbps"), MilliSeconds(7));
        world.SetLan(DataRate("50Mbps"), MicroSeconds(3));
        world.AddSite(TeredoTopologyHelper::FULL_CONE, 1);
        world.AddIpv6Host();
        world.Build();

        auto p2p = [](Ptr<NetDevice> d) { return DynamicCast<PointToPointNetDevice>(d); };
        auto rate = [](Ptr<Object> o) {
            DataRateValue v;
            o->GetAttribute("DataRate", v);
            return v.Get();
        };
        auto delay = [](Ptr<Channel> c) {
            TimeValue v;
            c->GetAttribute("Delay", v);
            return v.Get();
        };
        Ptr<NetDevice> serverDevice = world.GetServerNode()->GetDevice(1);
        NS_TEST_ASSERT_MSG_NE(p2p(serverDevice), nullptr, "the server's link is point-to-point");
        NS_TEST_EXPECT_MSG_EQ(rate(serverDevice), DataRate("2Gbps"), "core rate");
        NS_TEST_EXPECT_MSG_EQ(delay(serverDevice->GetChannel()), MilliSeconds(30), "core delay");
        Ptr<NetDevice> hostDevice = world.GetIpv6Host(0)->GetDevice(1);
        NS_TEST_EXPECT_MSG_EQ(rate(hostDevice), DataRate("2Gbps"), "IPv6 links are core links");
        Ptr<NetDevice> access = world.GetGatewayAccessDevice(0);
        NS_TEST_ASSERT_MSG_NE(p2p(access), nullptr, "the access link is point-to-point");
        NS_TEST_EXPECT_MSG_EQ(rate(access), DataRate("20Mbps"), "access rate");
        NS_TEST_EXPECT_MSG_EQ(delay(access->GetChannel()), MilliSeconds(7), "access delay");
        Ptr<NetDevice> client = world.GetClientDevice(0, 0);
        NS_TEST_ASSERT_MSG_NE(DynamicCast<CsmaNetDevice>(client), nullptr, "the LAN is CSMA");
        NS_TEST_EXPECT_MSG_EQ(rate(client->GetChannel()), DataRate("50Mbps"), "LAN rate");
        NS_TEST_EXPECT_MSG_EQ(delay(client->GetChannel()), MicroSeconds(3), "LAN delay");
        NS_TEST_EXPECT_MSG_EQ(client->GetChannel(),
                              world.GetGatewayLanDevice(0)->GetChannel(),
                              "client and gateway share the LAN");
    }
};

/**
 * \ingroup teredo-tests
 * Every device gets ns-3's default root queue disc unless SetQueueDiscs(false)
 * says otherwise; without them every client still reaches the server.
 */
class QueueDiscTestCase : public TestCase
{
  public:
    /// \param install what to pass to SetQueueDiscs
    explicit QueueDiscTestCase(bool install)
        : TestCase(std::string("root queue discs ") + (install ? "installed" : "left out")),
          m_install(install)
    {
    }

  private:
    void DoRun() override
    {
        Seed();
        Simulation simulation(false);
        TeredoTopologyHelper world;
        world.SetQueueDiscs(m_install);
        world.AddSite(TeredoTopologyHelper::PORT_RESTRICTED_CONE, 2);
        world.AddSite(TeredoTopologyHelper::NONE, 1);
        world.AddRelay();
        world.AddIpv6Host();
        world.Build();
        world.AssignStreams(1);

        uint32_t withQueueDisc = 0;
        uint32_t devices = 0;
        for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n)
        {
            Ptr<Node> node = NodeList::GetNode(n);
            Ptr<TrafficControlLayer> tc = node->GetObject<TrafficControlLayer>();
            for (uint32_t d = 1; tc && d < node->GetNDevices(); ++d)
            {
                ++devices;
                withQueueDisc += tc->GetRootQueueDiscOnDevice(node->GetDevice(d)) ? 1 : 0;
            }
        }
        NS_TEST_ASSERT_MSG_GT(devices, 10, "the world has its devices");
        NS_TEST_EXPECT_MSG_EQ(withQueueDisc,
                              m_install ? devices : 0,
                              "a root queue disc on every device, or on none");

        EchoServer server(world);
        auto clients = SendFromEveryClient(world);
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        for (uint32_t s = 0; s < world.GetSiteCount(); ++s)
        {
            for (const auto& client : clients[s])
            {
                NS_TEST_EXPECT_MSG_EQ(client->received.size(), 2, "client answered");
            }
        }
    }

    bool m_install; //!< what SetQueueDiscs was given
};

/**
 * \ingroup teredo-tests
 * A site's NAT is configured by the helper given, by the preset overload, or
 * by the site type.
 */
class NatConfigurationTestCase : public TestCase
{
  public:
    NatConfigurationTestCase()
        : TestCase("NAT attributes per site")
    {
    }

  private:
    void DoRun() override
    {
        Simulation simulation(false);
        TeredoTopologyHelper world;
        Ipv4NatHelper shortLived(Ipv4NatHelper::RESTRICTED_CONE);
        shortLived.SetAttribute("UdpMappingTimeout", TimeValue(Seconds(7)));
        world.AddSite(shortLived, 1);
        world.AddSite(Ipv4NatHelper::SYMMETRIC, 1);
        world.AddSite(TeredoTopologyHelper::FULL_CONE, 1);
        world.Build();

        auto attr = [](Ptr<Ipv4Nat> nat, const char* name) {
            EnumValue v;
            nat->GetAttribute(name, v);
            return v.Get();
        };
        TimeValue timeout;
        world.GetNat(0)->GetAttribute("UdpMappingTimeout", timeout);
        NS_TEST_EXPECT_MSG_EQ(timeout.Get(), Seconds(7), "the helper's attribute");
        NS_TEST_EXPECT_MSG_EQ(attr(world.GetNat(0), "FilteringBehavior"),
                              NatMappingTable::ADDRESS_DEPENDENT_FILTERING,
                              "the helper's preset");
        NS_TEST_EXPECT_MSG_EQ(attr(world.GetNat(1), "MappingBehavior"),
                              NatMappingTable::ADDRESS_AND_PORT_DEPENDENT_MAPPING,
                              "symmetric from the preset overload");
        NS_TEST_EXPECT_MSG_EQ(attr(world.GetNat(2), "FilteringBehavior"),
                              NatMappingTable::ENDPOINT_INDEPENDENT_FILTERING,
                              "full cone from the site type");
        NS_TEST_EXPECT_MSG_EQ(attr(world.GetNat(2), "MappingBehavior"),
                              NatMappingTable::ENDPOINT_INDEPENDENT_MAPPING,
                              "full cone from the site type");
    }
};

/**
 * \ingroup teredo-tests
 * The IPv6 Internet: an IPv6-only host reaches relays, the host-specific
 * relay, another host and the server natively; clients reach relays and the
 * host-specific relay over IPv4; the IPv6 core sends the Teredo prefix to
 * relay 0 and to no other relay; relays forward IPv6, the server on its
 * native interface, host-specific relays and hosts not at all.
 */
class Ipv6InternetTestCase : public TestCase
{
  public:
    Ipv6InternetTestCase()
        : TestCase("IPv6 Internet: relays, host-specific relay, IPv6-only hosts")
    {
    }

  private:
    void DoRun() override
    {
        Seed();
        Simulation simulation(false);
        TeredoTopologyHelper world;
        world.AddSite(TeredoTopologyHelper::PORT_RESTRICTED_CONE, 1);
        world.AddSite(TeredoTopologyHelper::NONE, 1);
        world.AddRelay();
        world.AddRelay();
        world.AddHostSpecificRelay();
        world.AddIpv6Host();
        world.AddIpv6Host();
        world.Build();
        NS_TEST_ASSERT_MSG_NE(world.GetIpv6CoreRouter(), nullptr, "an IPv6 core");

        const uint16_t port = 7;
        std::vector<std::unique_ptr<UdpPeer>> echoes; // v6 on each target, then v4
        std::vector<Address> v6Targets = {
            Inet6SocketAddress(world.GetRelayIpv6Address(0), port),
            Inet6SocketAddress(world.GetRelayIpv6Address(1), port),
            Inet6SocketAddress(world.GetHostSpecificRelayIpv6Address(0), port),
            Inet6SocketAddress(world.GetIpv6HostAddress(1), port),
            Inet6SocketAddress(world.GetServerIpv6Address(), port),
        };
        std::vector<Ptr<Node>> v6Nodes = {world.GetRelay(0),
                                          world.GetRelay(1),
                                          world.GetHostSpecificRelay(0),
                                          world.GetIpv6Host(1),
                                          world.GetServerNode()};
        for (size_t k = 0; k < v6Targets.size(); ++k)
        {
            echoes.push_back(std::make_unique<UdpPeer>(v6Nodes[k], v6Targets[k], true));
        }
        std::vector<Address> v4Targets = {
            InetSocketAddress(world.GetRelayIpv4Address(0), port),
            InetSocketAddress(world.GetHostSpecificRelayIpv4Address(0), port),
        };
        echoes.push_back(std::make_unique<UdpPeer>(world.GetRelay(0), v4Targets[0], true));
        echoes.push_back(
            std::make_unique<UdpPeer>(world.GetHostSpecificRelay(0), v4Targets[1], true));

        UdpPeer host(world.GetIpv6Host(0), Inet6SocketAddress(Ipv6Address::GetAny(), 9000), false);
        for (size_t k = 0; k < v6Targets.size(); ++k)
        {
            host.SendAt(Seconds(1 + 0.1 * k), v6Targets[k], k);
        }
        // A Teredo destination (server 192.0.2.1): to relay 0, which has no
        // tunnel yet and so drops it.
        Ipv6Address teredo("2001:0:c000:201:0:f227:3fff:fffe");
        host.SendAt(Seconds(2), Inet6SocketAddress(teredo, 9), 99);
        std::vector<uint32_t> teredoAtRelay(2, 0);
        for (uint32_t r = 0; r < 2; ++r)
        {
            world.GetRelay(r)->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
                "Rx",
                Callback<void, Ptr<const Packet>, Ptr<Ipv6>, uint32_t>(
                    [&teredoAtRelay, r](Ptr<const Packet> p, Ptr<Ipv6>, uint32_t) {
                        Ipv6Header h;
                        p->PeekHeader(h);
                        if (h.GetDestination().CombinePrefix(Ipv6Prefix(32)) ==
                            Ipv6Address("2001::"))
                        {
                            ++teredoAtRelay[r];
                        }
                    }));
        }
        std::vector<std::unique_ptr<UdpPeer>> clients;
        for (uint32_t s = 0; s < 2; ++s)
        {
            clients.push_back(
                std::make_unique<UdpPeer>(world.GetClients(s).Get(0),
                                          InetSocketAddress(Ipv4Address::GetAny(), CLIENT_PORT),
                                          false));
            for (size_t k = 0; k < v4Targets.size(); ++k)
            {
                clients[s]->SendAt(Seconds(1 + 0.1 * k), v4Targets[k], k);
            }
        }
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        REQUIRE_SIZE(host.received, v6Targets.size(), "every IPv6 node answered");
        for (size_t k = 0; k < v6Targets.size(); ++k)
        {
            NS_TEST_EXPECT_MSG_EQ(host.received[k].tag, k, "answers in order");
            NS_TEST_EXPECT_MSG_EQ(HostOf(host.received[k].from),
                                  HostOf(v6Targets[k]),
                                  "answered from the address asked");
            REQUIRE_SIZE(echoes[k]->received, 1, "one datagram each");
            NS_TEST_EXPECT_MSG_EQ(HostOf(echoes[k]->received[0].from),
                                  Address(world.GetIpv6HostAddress(0)),
                                  "from the host's address");
        }
        for (uint32_t s = 0; s < 2; ++s)
        {
            NS_TEST_EXPECT_MSG_EQ(clients[s]->received.size(), 2, "relay and HS relay answered");
        }
        for (size_t k = 0; k < v4Targets.size(); ++k)
        {
            UdpPeer& echo = *echoes[v6Targets.size() + k];
            REQUIRE_SIZE(echo.received, 2, "one datagram from each site");
            NS_TEST_EXPECT_MSG_EQ(HostOf(echo.received[0].from),
                                  Address(world.GetSitePublicAddress(0)),
                                  "the NATed client from its public address");
            NS_TEST_EXPECT_MSG_EQ(HostOf(echo.received[1].from),
                                  Address(world.GetClientAddress(1, 0)),
                                  "the public client from its own address");
        }
        NS_TEST_EXPECT_MSG_EQ(teredoAtRelay[0], 1, "the Teredo prefix goes to relay 0");
        NS_TEST_EXPECT_MSG_EQ(teredoAtRelay[1], 0, "and to no other relay");
        auto forwards = [](Ptr<Node> node, Ipv6Address a) {
            Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
            return ipv6->IsForwarding(ipv6->GetInterfaceForAddress(a));
        };
        for (uint32_t r = 0; r < 2; ++r)
        {
            NS_TEST_EXPECT_MSG_EQ(forwards(world.GetRelay(r), world.GetRelayIpv6Address(r)),
                                  true,
                                  "relays forward IPv6");
            BooleanValue ipForward;
            world.GetRelay(r)->GetObject<Ipv6>()->GetAttribute("IpForward", ipForward);
            NS_TEST_EXPECT_MSG_EQ(ipForward.Get(),
                                  true,
                                  "on every interface, a tunnel added later too");
        }
        NS_TEST_EXPECT_MSG_EQ(forwards(world.GetServerNode(), world.GetServerIpv6Address()),
                              true,
                              "the server forwards on its native interface");
        NS_TEST_EXPECT_MSG_EQ(
            forwards(world.GetHostSpecificRelay(0), world.GetHostSpecificRelayIpv6Address(0)),
            false,
            "a host-specific relay does not forward");
        NS_TEST_EXPECT_MSG_EQ(forwards(world.GetIpv6Host(0), world.GetIpv6HostAddress(0)),
                              false,
                              "hosts do not forward");
    }
};

/**
 * \ingroup teredo-tests
 * Two worlds built one after the other, each with AssignStreams(100), give a
 * symmetric NAT the same random ports; without it the second world would
 * draw from streams the first left off at.
 */
class AssignStreamsTestCase : public TestCase
{
  public:
    AssignStreamsTestCase()
        : TestCase("AssignStreams repeats the symmetric NAT's random ports")
    {
    }

  private:
    /// \return the source ports the server saw from a symmetric NAT's 3 clients
    std::vector<uint16_t> Ports()
    {
        Simulation simulation(false);
        TeredoTopologyHelper world;
        world.AddSite(TeredoTopologyHelper::SYMMETRIC, 3);
        world.Build();
        int64_t streams = world.AssignStreams(100);
        NS_ABORT_MSG_IF(streams < 1, "the NAT takes a stream");
        EchoServer server(world);
        auto clients = SendFromEveryClient(world);
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        std::vector<uint16_t> ports;
        for (const UdpPeer* peer : {&server.primary, &server.secondary})
        {
            for (const UdpPeer::Datagram& d : peer->received)
            {
                ports.push_back(InetSocketAddress::ConvertFrom(d.from).GetPort());
            }
        }
        return ports;
    }

    void DoRun() override
    {
        Seed();
        std::vector<uint16_t> first = Ports();
        std::vector<uint16_t> second = Ports();
        REQUIRE_SIZE(first, 6, "three clients, two datagrams each");
        REQUIRE_SIZE(second, 6, "three clients, two datagrams each");
        for (size_t k = 0; k < first.size(); ++k)
        {
            NS_TEST_EXPECT_MSG_EQ(first[k], second[k], "the same port");
        }
    }
};

/**
 * \ingroup teredo-tests
 * EnablePcapAll writes a capture of the server's link and of a client's LAN
 * device, with the traffic in them.
 */
class PcapTestCase : public TestCase
{
  public:
    PcapTestCase()
        : TestCase("EnablePcapAll writes every device's capture")
    {
    }

  private:
    void DoRun() override
    {
        Seed();
        std::string prefix = CreateTempDirFilename("teredo-world");
        std::vector<std::string> files;
        {
            Simulation simulation(false);
            TeredoTopologyHelper world;
            world.AddSite(TeredoTopologyHelper::FULL_CONE, 1);
            world.Build();
            world.EnablePcapAll(prefix);
            auto name = [&prefix](Ptr<NetDevice> d) {
                return prefix + "-" + std::to_string(d->GetNode()->GetId()) + "-" +
                       std::to_string(d->GetIfIndex()) + ".pcap";
            };
            files = {name(world.GetServerNode()->GetDevice(1)),
                     name(world.GetClientDevice(0, 0)),
                     name(world.GetGatewayAccessDevice(0))};
            EchoServer server(world);
            auto clients = SendFromEveryClient(world);
            Simulator::Stop(Seconds(5));
            Simulator::Run();
        } // the simulator is destroyed, the files closed

        for (const std::string& file : files)
        {
            std::ifstream in(file, std::ios::binary | std::ios::ate);
            NS_TEST_ASSERT_MSG_EQ(in.good(), true, file + " written");
            // A pcap header is 24 bytes; each of the 4 datagrams adds more.
            NS_TEST_EXPECT_MSG_GT(uint64_t(in.tellg()), 24 + 4 * 16, file + " holds packets");
        }
    }
};

/**
 * \ingroup teredo-tests
 * The topology helper's suite.
 */
class TeredoTopologyTestSuite : public TestSuite
{
  public:
    TeredoTopologyTestSuite()
        : TestSuite("teredo-topology", UNIT)
    {
        AddTestCase(new EchoTestCase(false, TeredoTopologyHelper::CSMA_LAN), TestCase::QUICK);
        AddTestCase(new EchoTestCase(true, TeredoTopologyHelper::CSMA_LAN), TestCase::QUICK);
        AddTestCase(new EchoTestCase(false, TeredoTopologyHelper::SWITCHED_LAN), TestCase::QUICK);
        AddTestCase(new DefaultPlanTestCase, TestCase::QUICK);
        AddTestCase(new CustomPlanTestCase, TestCase::QUICK);
        AddTestCase(new PrivateSitePrefixTestCase, TestCase::QUICK);
        AddTestCase(new LinkSettingsTestCase, TestCase::QUICK);
        AddTestCase(new QueueDiscTestCase(true), TestCase::QUICK);
        AddTestCase(new QueueDiscTestCase(false), TestCase::QUICK);
        AddTestCase(new NatConfigurationTestCase, TestCase::QUICK);
        AddTestCase(new Ipv6InternetTestCase, TestCase::QUICK);
        AddTestCase(new AssignStreamsTestCase, TestCase::QUICK);
        AddTestCase(new PcapTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
TeredoTopologyTestSuite g_teredoTopologyTestSuite;

} // namespace
