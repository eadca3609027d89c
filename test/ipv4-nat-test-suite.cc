/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Ipv4Nat in simulated networks: NAT behaviour discovery in the manner of
// RFC 5780 against every mapping x filtering combination and the presets.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipv4-nat-helper.h"
#include "ns3/network-module.h"

#include <map>
#include <optional>

using namespace ns3;

namespace
{

/**
 * \ingroup teredo-tests
 * inside host -- NAT -- router -- probe server (two addresses, two ports each)
 *
 * 10.0.0.2 -- 10.0.0.1 | 203.0.113.1 -- 203.0.113.254 | 198.51.100.254 --
 * 198.51.100.1 and 198.51.100.2. Static routes; checksums on.
 */
struct NatWorld
{
    NodeContainer nodes;                         //!< host, nat, router, server
    Ptr<Ipv4Nat> nat;                            //!< the NAT
    const Ipv4Address serverA{"198.51.100.1"};   //!< primary probe address
    const Ipv4Address serverB{"198.51.100.2"};   //!< alternate probe address
    const Ipv4Address natOutside{"203.0.113.1"}; //!< NAT's outside address

    /// \return the inside host
    Ptr<Node> Host() const
    {
        return nodes.Get(0);
    }

    /// \return the probe server
    Ptr<Node> Server() const
    {
        return nodes.Get(3);
    }

    /// Build the world; the helper decides the NAT's behaviour.
    explicit NatWorld(const Ipv4NatHelper& helper)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        nodes.Create(4);
        InternetStackHelper stack;
        stack.SetIpv6StackInstall(false);
        stack.Install(nodes);
        SimpleNetDeviceHelper link;
        link.SetChannelAttribute("Delay", TimeValue(MilliSeconds(5)));
        NetDeviceContainer inside = link.Install(NodeContainer(nodes.Get(0), nodes.Get(1)));
        NetDeviceContainer access = link.Install(NodeContainer(nodes.Get(1), nodes.Get(2)));
        NetDeviceContainer core = link.Install(NodeContainer(nodes.Get(2), nodes.Get(3)));
        Ipv4AddressHelper addr;
        addr.SetBase("10.0.0.0", "255.255.255.0", "0.0.0.2");
        addr.Assign(NetDeviceContainer(inside.Get(0)));
        addr.SetBase("10.0.0.0", "255.255.255.0", "0.0.0.1");
        addr.Assign(NetDeviceContainer(inside.Get(1)));
        addr.SetBase("203.0.113.0", "255.255.255.0", "0.0.0.1");
        addr.Assign(NetDeviceContainer(access.Get(0)));
        addr.SetBase("203.0.113.0", "255.255.255.0", "0.0.0.254");
        addr.Assign(NetDeviceContainer(access.Get(1)));
        addr.SetBase("198.51.100.0", "255.255.255.0", "0.0.0.254");
        addr.Assign(NetDeviceContainer(core.Get(0)));
        addr.SetBase("198.51.100.0", "255.255.255.0", "0.0.0.1");
        addr.Assign(NetDeviceContainer(core.Get(1)));
        Ptr<Ipv4> serverIp = Server()->GetObject<Ipv4>();
        serverIp->AddAddress(1, Ipv4InterfaceAddress(serverB, "255.255.255.0"));

        Ipv4StaticRoutingHelper routing;
        routing.GetStaticRouting(nodes.Get(0)->GetObject<Ipv4>())->SetDefaultRoute("10.0.0.1", 1);
        routing.GetStaticRouting(nodes.Get(1)->GetObject<Ipv4>())
            ->SetDefaultRoute("203.0.113.254", 2);
        routing.GetStaticRouting(serverIp)->SetDefaultRoute("198.51.100.254", 1);
        // The router knows no inside prefix: a NAT leak would go nowhere.

        nat = helper.Install(nodes.Get(1), {1}, 2);
        nat->AssignStreams(7);
    }

    ~NatWorld()
    {
        Simulator::Destroy();
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
    }
};

/**
 * \ingroup teredo-tests
 * A STUN-like probe server: sockets on two addresses x two ports; each request
 * names the socket that must answer, and the answer carries the source
 * address and port the request came from.
 */
class ProbeServer
{
  public:
    static constexpr uint16_t PORT_1 = 3478; //!< primary port
    static constexpr uint16_t PORT_2 = 3479; //!< alternate port

    /// \param world the world whose server node to use
    explicit ProbeServer(const NatWorld& world)
    {
        for (Ipv4Address a : {world.serverA, world.serverB})
        {
            for (uint16_t port : {PORT_1, PORT_2})
            {
                Ptr<Socket> s = Socket::CreateSocket(world.Server(), UdpSocketFactory::GetTypeId());
                s->Bind(InetSocketAddress(a, port));
                s->SetRecvCallback(MakeCallback(&ProbeServer::Receive, this));
                m_sockets.push_back(s);
            }
        }
    }

    /// \return the index of the socket bound to (address, port), as requests name it
    static uint8_t Index(bool alternateAddress, bool alternatePort)
    {
        return uint8_t((alternateAddress ? 2 : 0) + (alternatePort ? 1 : 0));
    }

  private:
    void Receive(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> p = socket->RecvFrom(from))
        {
            uint8_t which = 0;
            p->CopyData(&which, 1);
            InetSocketAddress src = InetSocketAddress::ConvertFrom(from);
            uint8_t reply[6];
            src.GetIpv4().Serialize(reply);
            reply[4] = uint8_t(src.GetPort() >> 8);
            reply[5] = uint8_t(src.GetPort());
            m_sockets.at(which % m_sockets.size())->SendTo(Create<Packet>(reply, 6), 0, from);
        }
    }

    std::vector<Ptr<Socket>> m_sockets; //!< A:1, A:2, B:1, B:2
};

/**
 * \ingroup teredo-tests
 * An inside socket that sends probes and remembers the mapped endpoints reported.
 */
class ProbeClient
{
  public:
    /// \param node the inside host \param port the local port
    ProbeClient(Ptr<Node> node, uint16_t port)
    {
        m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        m_socket->SetRecvCallback(MakeCallback(&ProbeClient::Receive, this));
    }

    /**
     * \brief Send a probe at a time.
     * \param at when
     * \param to the server socket to send to
     * \param replyFrom index of the server socket that must answer
     */
    void Probe(Time at, InetSocketAddress to, uint8_t replyFrom)
    {
        Ptr<Socket> s = m_socket;
        Simulator::Schedule(at, [s, to, replyFrom]() {
            s->SendTo(Create<Packet>(&replyFrom, 1), 0, to);
        });
    }

    /// The mapped endpoints reported, in order of arrival.
    std::vector<InetSocketAddress> m_mapped;

  private:
    void Receive(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> p = socket->RecvFrom(from))
        {
            uint8_t b[6];
            p->CopyData(b, 6);
            m_mapped.emplace_back(Ipv4Address::Deserialize(b), uint16_t((b[4] << 8) | b[5]));
        }
    }

    Ptr<Socket> m_socket; //!< the probing socket
};

/// What behaviour discovery concluded.
struct Discovered
{
    std::optional<NatMappingTable::MappingBehavior> mapping;     //!< mapping, if told
    std::optional<NatMappingTable::FilteringBehavior> filtering; //!< filtering, if told
    std::vector<InetSocketAddress> mapped; //!< the endpoints the mapping probes saw
};

/**
 * \brief Run RFC 5780 style discovery from the inside host (sections 4.3 and 4.4).
 * \param helper the NAT to test
 * \return the conclusions
 */
Discovered
Discover(const Ipv4NatHelper& helper)
{
    NatWorld world(helper);
    ProbeServer server(world);
    InetSocketAddress a1(world.serverA, ProbeServer::PORT_1);
    InetSocketAddress b1(world.serverB, ProbeServer::PORT_1);
    InetSocketAddress b2(world.serverB, ProbeServer::PORT_2);

    // Mapping: the same inside socket to A:1, B:1, B:2.
    ProbeClient m(world.Host(), 5000);
    m.Probe(Seconds(1), a1, ProbeServer::Index(false, false));
    m.Probe(Seconds(2), b1, ProbeServer::Index(true, false));
    m.Probe(Seconds(3), b2, ProbeServer::Index(true, true));
    // Filtering: fresh mappings to A:1, answered from elsewhere.
    ProbeClient f1(world.Host(), 6000);
    f1.Probe(Seconds(4), a1, ProbeServer::Index(true, true)); // other address and port
    ProbeClient f2(world.Host(), 6001);
    f2.Probe(Seconds(5), a1, ProbeServer::Index(false, true)); // same address, other port
    Simulator::Stop(Seconds(10));
    Simulator::Run();

    Discovered d;
    d.mapped = m.m_mapped;
    if (m.m_mapped.size() == 3)
    {
        if (m.m_mapped[0] == m.m_mapped[1])
        {
            d.mapping = NatMappingTable::ENDPOINT_INDEPENDENT_MAPPING;
        }
        else if (m.m_mapped[1] == m.m_mapped[2])
        {
            d.mapping = NatMappingTable::ADDRESS_DEPENDENT_MAPPING;
        }
        else
        {
            d.mapping = NatMappingTable::ADDRESS_AND_PORT_DEPENDENT_MAPPING;
        }
        if (!f1.m_mapped.empty())
        {
            d.filtering = NatMappingTable::ENDPOINT_INDEPENDENT_FILTERING;
        }
        else if (!f2.m_mapped.empty())
        {
            d.filtering = NatMappingTable::ADDRESS_DEPENDENT_FILTERING;
        }
        else
        {
            d.filtering = NatMappingTable::ADDRESS_AND_PORT_DEPENDENT_FILTERING;
        }
    }
    return d;
}

/// Discovery finds the configured mapping and filtering behaviour.
class BehaviorDiscoveryTestCase : public TestCase
{
  public:
    /// \param m mapping \param f filtering
    BehaviorDiscoveryTestCase(NatMappingTable::MappingBehavior m,
                              NatMappingTable::FilteringBehavior f)
        : TestCase("discovery sees mapping " + std::to_string(m) + " filtering " +
                   std::to_string(f)),
          m_mapping(m),
          m_filtering(f)
    {
    }

  private:
    void DoRun() override
    {
        Ipv4NatHelper helper;
        helper.SetAttribute("MappingBehavior", EnumValue(m_mapping));
        helper.SetAttribute("FilteringBehavior", EnumValue(m_filtering));
        Discovered d = Discover(helper);
        NS_TEST_ASSERT_MSG_EQ(d.mapped.size(), 3, "every mapping probe answered");
        NS_TEST_EXPECT_MSG_EQ(d.mapping.value(), m_mapping, "mapping behaviour");
        NS_TEST_EXPECT_MSG_EQ(d.filtering.value(), m_filtering, "filtering behaviour");
        for (const InetSocketAddress& seen : d.mapped)
        {
            NS_TEST_EXPECT_MSG_EQ(seen.GetIpv4(), Ipv4Address("203.0.113.1"), "outside address");
        }
    }

    NatMappingTable::MappingBehavior m_mapping;     //!< configured mapping
    NatMappingTable::FilteringBehavior m_filtering; //!< configured filtering
};

/// Each preset shows the behaviour its name promises, and its port allocation.
class PresetDiscoveryTestCase : public TestCase
{
  public:
    /// \param preset the NAT type
    explicit PresetDiscoveryTestCase(Ipv4NatHelper::Preset preset)
        : TestCase("preset " + Ipv4NatHelper::PresetToString(preset)),
          m_preset(preset)
    {
    }

  private:
    void DoRun() override
    {
        using T = NatMappingTable;
        static const std::map<Ipv4NatHelper::Preset,
                              std::pair<T::MappingBehavior, T::FilteringBehavior>>
            expected = {
                {Ipv4NatHelper::FULL_CONE,
                 {T::ENDPOINT_INDEPENDENT_MAPPING, T::ENDPOINT_INDEPENDENT_FILTERING}},
                {Ipv4NatHelper::RESTRICTED_CONE,
                 {T::ENDPOINT_INDEPENDENT_MAPPING, T::ADDRESS_DEPENDENT_FILTERING}},
                {Ipv4NatHelper::PORT_RESTRICTED_CONE,
                 {T::ENDPOINT_INDEPENDENT_MAPPING, T::ADDRESS_AND_PORT_DEPENDENT_FILTERING}},
                {Ipv4NatHelper::SYMMETRIC,
                 {T::ADDRESS_AND_PORT_DEPENDENT_MAPPING, T::ADDRESS_AND_PORT_DEPENDENT_FILTERING}},
            };
        Discovered d = Discover(Ipv4NatHelper(m_preset));
        NS_TEST_ASSERT_MSG_EQ(d.mapped.size(), 3, "every mapping probe answered");
        NS_TEST_EXPECT_MSG_EQ(d.mapping.value(), expected.at(m_preset).first, "mapping");
        NS_TEST_EXPECT_MSG_EQ(d.filtering.value(), expected.at(m_preset).second, "filtering");
        if (m_preset == Ipv4NatHelper::SYMMETRIC)
        {
            // Random ports: none of the three is the inside port or next to another.
            for (const InetSocketAddress& seen : d.mapped)
            {
                NS_TEST_EXPECT_MSG_NE(seen.GetPort(), 5000, "random, not preserved");
            }
            NS_TEST_EXPECT_MSG_GT(std::abs(int(d.mapped[1].GetPort()) - d.mapped[0].GetPort()),
                                  1,
                                  "random, not sequential");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(d.mapped[0].GetPort(), 5000, "port preserved");
        }
    }

    Ipv4NatHelper::Preset m_preset; //!< the NAT type
};

/**
 * \ingroup teredo-tests
 * Ipv4Nat in simulated networks.
 */
class Ipv4NatTestSuite : public TestSuite
{
  public:
    Ipv4NatTestSuite()
        : TestSuite("ipv4-nat", UNIT)
    {
        using T = NatMappingTable;
        for (auto m : {T::ENDPOINT_INDEPENDENT_MAPPING,
                       T::ADDRESS_DEPENDENT_MAPPING,
                       T::ADDRESS_AND_PORT_DEPENDENT_MAPPING})
        {
            for (auto f : {T::ENDPOINT_INDEPENDENT_FILTERING,
                           T::ADDRESS_DEPENDENT_FILTERING,
                           T::ADDRESS_AND_PORT_DEPENDENT_FILTERING})
            {
                AddTestCase(new BehaviorDiscoveryTestCase(m, f), TestCase::QUICK);
            }
        }
        for (auto p : {Ipv4NatHelper::FULL_CONE,
                       Ipv4NatHelper::RESTRICTED_CONE,
                       Ipv4NatHelper::PORT_RESTRICTED_CONE,
                       Ipv4NatHelper::SYMMETRIC})
        {
            AddTestCase(new PresetDiscoveryTestCase(p), TestCase::QUICK);
        }
    }
};

/// Static instance: registers the suite with ns-3's test runner.
Ipv4NatTestSuite g_ipv4NatTestSuite;

} // namespace
