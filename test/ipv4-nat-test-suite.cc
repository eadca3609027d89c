/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Ipv4Nat in simulated networks: NAT behaviour discovery in the manner of
// RFC 5780 against every mapping x filtering combination and the presets.

#include "ipv4-nat-test-world.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipv4-nat-helper.h"
#include "ns3/nat-probe-client.h"
#include "ns3/nat-probe-helper.h"
#include "ns3/network-module.h"

#include <map>
#include <memory>
#include <optional>

using namespace ns3;
using namespace ns3::teredo_test;

namespace
{

/// A callback for the MappingCreated and MappingExpired traces.
using MappingCallback = Callback<void, uint8_t, const InetSocketAddress&, const InetSocketAddress&>;

/// What behaviour discovery concluded.
struct Discovered
{
    std::optional<NatMappingTable::MappingBehavior> mapping;     //!< mapping, if told
    std::optional<NatMappingTable::FilteringBehavior> filtering; //!< filtering, if told
    std::vector<InetSocketAddress> mapped; //!< the endpoints the mapping probes saw
};

/**
 * \brief Run RFC 5780 style discovery (NatProbeClient against NatProbeServer) from
 * the inside host.
 * \param helper the NAT to test
 * \return the conclusions
 */
Discovered
Discover(const Ipv4NatHelper& helper)
{
    NatWorld world(helper);
    ProbeServer server(world);
    NatProbeClientHelper clientHelper(world.serverA, world.serverB);
    ApplicationContainer apps = clientHelper.Install(world.Host());
    apps.Start(Seconds(1));
    Simulator::Stop(Seconds(10));
    Simulator::Run();

    Ptr<NatProbeClient> client = DynamicCast<NatProbeClient>(apps.Get(0));
    Discovered d;
    d.mapping = client->GetMappingBehavior();
    d.filtering = client->GetFilteringBehavior();
    d.mapped = client->GetMappedEndpoints();
    return d;
}

/// Discovery finds the configured mapping and filtering behaviour.
class BehaviorDiscoveryTestCase : public TestCase
{
  public:
    /// \param m mapping \param f filtering
    BehaviorDiscoveryTestCase(NatMappingTable::MappingBehavior m,
                              NatMappingTable::FilteringBehavior f)
        : TestCase("discovery sees mapping " + NatMappingTable::ToString(m) + ", filtering " +
                   NatMappingTable::ToString(f)),
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

/// Outside ports follow the configured allocation.
class PortAllocationTestCase : public TestCase
{
  public:
    /// \param allocation the mode
    explicit PortAllocationTestCase(NatMappingTable::PortAllocation allocation)
        : TestCase("port allocation " + NatMappingTable::ToString(allocation)),
          m_allocation(allocation)
    {
    }

  private:
    void DoRun() override
    {
        Ipv4NatHelper helper(Ipv4NatHelper::FULL_CONE);
        helper.SetAttribute("PortAllocation", EnumValue(m_allocation));
        NatWorld world(helper);
        ProbeServer server(world);
        std::vector<std::unique_ptr<ProbeClient>> clients;
        for (uint16_t k = 0; k < 3; ++k)
        {
            clients.push_back(std::make_unique<ProbeClient>(world.Host(), 5000 + k));
            clients.back()->Probe(Seconds(1 + k),
                                  InetSocketAddress(world.serverA, ProbeServer::PORT_1),
                                  0);
        }
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        std::vector<uint16_t> ports;
        for (const auto& c : clients)
        {
            NS_TEST_ASSERT_MSG_EQ(c->mapped.size(), 1, "answered");
            ports.push_back(c->mapped[0].GetPort());
        }
        switch (m_allocation)
        {
        case NatMappingTable::PORT_PRESERVE:
            for (size_t k = 0; k < ports.size(); ++k)
            {
                NS_TEST_EXPECT_MSG_EQ(ports[k], 5000 + k, "preserved");
            }
            break;
        case NatMappingTable::PORT_SEQUENTIAL:
            for (size_t k = 0; k < ports.size(); ++k)
            {
                NS_TEST_EXPECT_MSG_EQ(ports[k], 1024 + k, "sequential from the bottom");
            }
            break;
        case NatMappingTable::PORT_RANDOM:
            for (size_t k = 0; k < ports.size(); ++k)
            {
                NS_TEST_EXPECT_MSG_NE(ports[k], 5000 + k, "not preserved");
                NS_TEST_EXPECT_MSG_GT_OR_EQ(ports[k], 1024, "in range");
            }
            NS_TEST_EXPECT_MSG_NE(ports[1], ports[0] + 1, "not sequential");
            NS_TEST_EXPECT_MSG_NE(ports[2], ports[1] + 1, "not sequential");
            break;
        }
    }

    NatMappingTable::PortAllocation m_allocation; //!< mode under test
};

/// UDP mappings expire after UdpMappingTimeout unless refreshed.
class ExpiryTestCase : public TestCase
{
  public:
    /// \param refresh the inside host keeps sending \param inbound refresh by the server instead
    ExpiryTestCase(bool refresh, bool inbound)
        : TestCase(std::string("mapping expiry, ") +
                   (refresh ? (inbound ? "inbound refresh" : "outbound refresh") : "no refresh")),
          m_refresh(refresh),
          m_inbound(inbound)
    {
    }

  private:
    void DoRun() override
    {
        Ipv4NatHelper helper(Ipv4NatHelper::FULL_CONE);
        helper.SetAttribute("UdpMappingTimeout", TimeValue(Seconds(30)));
        helper.SetAttribute("InboundRefresh", BooleanValue(m_inbound));
        NatWorld world(helper);
        ProbeServer server(world);
        std::vector<Time> expired;
        Time created;
        world.nat->TraceConnectWithoutContext(
            "MappingCreated",
            MappingCallback([&created](uint8_t,
                                       const InetSocketAddress&,
                                       const InetSocketAddress&) { created = Simulator::Now(); }));
        world.nat->TraceConnectWithoutContext(
            "MappingExpired",
            MappingCallback(
                [&expired](uint8_t, const InetSocketAddress&, const InetSocketAddress&) {
                    expired.push_back(Simulator::Now());
                }));
        ProbeClient client(world.Host(), 5000);
        InetSocketAddress a1(world.serverA, ProbeServer::PORT_1);
        InetSocketAddress mapped(world.natOutside, 5000);
        client.Probe(Seconds(1), a1, 0);
        for (double t : {20.0, 40.0})
        {
            if (m_refresh && !m_inbound)
            {
                client.Probe(Seconds(t), a1, 0);
            }
            if (m_refresh && m_inbound)
            {
                server.SendAt(Seconds(t), 0, mapped);
            }
        }
        server.SendAt(Seconds(55), 0, mapped);
        Simulator::Stop(Seconds(200));
        Simulator::Run();

        uint64_t noMapping = world.nat->GetDropCount(Ipv4Nat::DROP_NO_MAPPING);
        if (m_refresh)
        {
            // Every datagram arrives: 1 answer + 2 refreshes + the one at 55 s.
            NS_TEST_EXPECT_MSG_EQ(client.from.size(), 4, "all delivered");
            NS_TEST_EXPECT_MSG_EQ(noMapping, 0, "nothing dropped");
            NS_TEST_ASSERT_MSG_EQ(expired.size(), 1, "expired once traffic stopped");
            // The NAT sees the last refresh a few link delays after it is sent.
            Time last = Seconds(m_inbound ? 55 : 40);
            NS_TEST_EXPECT_MSG_GT_OR_EQ(expired[0], last + Seconds(30), "30 s after refresh");
            NS_TEST_EXPECT_MSG_LT(expired[0], last + Seconds(30.1), "30 s after refresh");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(client.from.size(), 1, "only the answer");
            NS_TEST_EXPECT_MSG_EQ(noMapping, 1, "the late datagram dropped, counted");
            NS_TEST_ASSERT_MSG_EQ(expired.size(), 1, "expired");
            NS_TEST_EXPECT_MSG_EQ(expired[0] - created,
                                  Seconds(30),
                                  "30 s after the NAT saw the only packet out");
        }
        NS_TEST_EXPECT_MSG_EQ(world.nat->GetMappingCount(), 0, "table empty");
    }

    bool m_refresh; //!< keep the mapping alive
    bool m_inbound; //!< by inbound traffic
};

/// An inside host reaches another through the outside address only with hairpinning.
class HairpinningTestCase : public TestCase
{
  public:
    /// \param enabled the Hairpinning attribute
    explicit HairpinningTestCase(bool enabled)
        : TestCase(std::string("hairpinning ") + (enabled ? "on" : "off")),
          m_enabled(enabled)
    {
    }

  private:
    void DoRun() override
    {
        Ipv4NatHelper helper(Ipv4NatHelper::FULL_CONE);
        helper.SetAttribute("Hairpinning", BooleanValue(m_enabled));
        NatWorld world(helper);
        ProbeServer server(world);
        ProbeClient x(world.Host(), 5000);
        ProbeClient y(world.Host(), 5001);
        x.Probe(Seconds(1), InetSocketAddress(world.serverA, ProbeServer::PORT_1), 0);
        // y aims at x's public endpoint, as a peer that learnt it from a server would.
        y.Probe(Seconds(2), InetSocketAddress(world.natOutside, 5000), 0);
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_GT_OR_EQ(x.from.size(), 1, "x's probe answered");
        if (m_enabled)
        {
            NS_TEST_ASSERT_MSG_EQ(x.from.size(), 2, "y's datagram hairpinned to x");
            // RFC 4787 REQ-9: the source is y's external endpoint.
            NS_TEST_EXPECT_MSG_EQ(x.from[1].GetIpv4(), world.natOutside, "external source");
            NS_TEST_EXPECT_MSG_EQ(x.from[1].GetPort(), 5001, "external source port");
            NS_TEST_EXPECT_MSG_EQ(world.nat->GetDropCount(Ipv4Nat::DROP_HAIRPINNING_DISABLED),
                                  0,
                                  "no drop");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(x.from.size(), 1, "nothing hairpinned");
            NS_TEST_EXPECT_MSG_EQ(world.nat->GetDropCount(Ipv4Nat::DROP_HAIRPINNING_DISABLED),
                                  1,
                                  "dropped and counted");
        }
    }

    bool m_enabled; //!< attribute under test
};

/// Beyond MaxMappings, new flows are dropped, counted and traced; existing ones go on.
class TableFullTestCase : public TestCase
{
  public:
    TableFullTestCase()
        : TestCase("table exhaustion")
    {
    }

  private:
    void DoRun() override
    {
        Ipv4NatHelper helper(Ipv4NatHelper::PORT_RESTRICTED_CONE);
        helper.SetAttribute("MaxMappings", UintegerValue(2));
        NatWorld world(helper);
        ProbeServer server(world);
        std::map<Ipv4Nat::DropReason, int> traced;
        world.nat->TraceConnectWithoutContext(
            "Drop",
            Callback<void, Ptr<const Packet>, const Ipv4Header&, Ipv4Nat::DropReason>(
                [&traced](Ptr<const Packet>, const Ipv4Header&, Ipv4Nat::DropReason r) {
                    ++traced[r];
                }));
        uint32_t created = 0;
        world.nat->TraceConnectWithoutContext(
            "MappingCreated",
            MappingCallback([&created](uint8_t,
                                       const InetSocketAddress&,
                                       const InetSocketAddress&) { ++created; }));
        InetSocketAddress a1(world.serverA, ProbeServer::PORT_1);
        ProbeClient c1(world.Host(), 5000);
        ProbeClient c2(world.Host(), 5001);
        ProbeClient c3(world.Host(), 5002);
        c1.Probe(Seconds(1), a1, 0);
        c2.Probe(Seconds(2), a1, 0);
        c3.Probe(Seconds(3), a1, 0);
        c1.Probe(Seconds(4), a1, 0);
        // An unsolicited datagram to a port no mapping holds.
        server.SendAt(Seconds(5), 0, InetSocketAddress(world.natOutside, 6000));
        // From a port the first mapping never sent to: filtered.
        server.SendAt(Seconds(6), 1, InetSocketAddress(world.natOutside, 5000));
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(c1.from.size(), 2, "existing flow goes on");
        NS_TEST_EXPECT_MSG_EQ(c2.from.size(), 1, "second flow mapped");
        NS_TEST_EXPECT_MSG_EQ(c3.from.size(), 0, "third flow refused");
        NS_TEST_EXPECT_MSG_EQ(server.GetRequests(), 3, "the server saw three requests");
        NS_TEST_EXPECT_MSG_EQ(world.nat->GetMappingCount(), 2, "table bounded");
        NS_TEST_EXPECT_MSG_EQ(created, 2, "two MappingCreated traces");
        NS_TEST_EXPECT_MSG_EQ(world.nat->GetDropCount(Ipv4Nat::DROP_TABLE_FULL), 1, "counted");
        NS_TEST_EXPECT_MSG_EQ(traced[Ipv4Nat::DROP_TABLE_FULL], 1, "traced");
        NS_TEST_EXPECT_MSG_EQ(traced[Ipv4Nat::DROP_NO_MAPPING], 1, "no mapping traced");
        NS_TEST_EXPECT_MSG_EQ(traced[Ipv4Nat::DROP_FILTERED], 1, "filtered traced");
        NS_TEST_EXPECT_MSG_EQ(world.nat->GetDropCount(Ipv4Nat::DROP_FILTERED), 1, "filtered");
    }
};

/// ICMP errors about a translated flow are translated back, quoted packet included (RFC 5508).
class IcmpErrorTestCase : public TestCase
{
  public:
    IcmpErrorTestCase()
        : TestCase("ICMP errors translated both ways")
    {
    }

  private:
    /// What a socket's IcmpCallback reported.
    struct Report
    {
        Ipv4Address source; //!< who sent the error
        uint8_t type;       //!< ICMP type
        uint8_t code;       //!< ICMP code
    };

    static Ptr<Socket> MakeSocket(Ptr<Node> node, InetSocketAddress local, std::vector<Report>& log)
    {
        Ptr<Socket> s = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        s->Bind(local);
        s->SetAttribute(
            "IcmpCallback",
            CallbackValue(Callback<void, Ipv4Address, uint8_t, uint8_t, uint8_t, uint32_t>(
                [&log](Ipv4Address source, uint8_t, uint8_t type, uint8_t code, uint32_t) {
                    log.push_back({source, type, code});
                })));
        return s;
    }

    void DoRun() override
    {
        NatWorld world(Ipv4NatHelper(Ipv4NatHelper::FULL_CONE));
        std::vector<Report> hostLog;
        std::vector<Report> serverLog;
        // Inbound port unreachable: the host sends to a port the server does not listen on.
        Ptr<Socket> host =
            MakeSocket(world.Host(), InetSocketAddress(Ipv4Address::GetAny(), 5000), hostLog);
        InetSocketAddress closed(world.serverA, 9999);
        Simulator::Schedule(Seconds(1),
                            [host, closed]() { host->SendTo(Create<Packet>(10), 0, closed); });
        // Inbound time exceeded: a TTL that dies at the router.
        Ptr<Socket> shortTtl =
            MakeSocket(world.Host(), InetSocketAddress(Ipv4Address::GetAny(), 5001), hostLog);
        shortTtl->SetIpTtl(2);
        Simulator::Schedule(Seconds(2), [shortTtl, closed]() {
            shortTtl->SendTo(Create<Packet>(10), 0, closed);
        });
        // Outbound port unreachable: the server writes to the host's mapped
        // endpoint after the host closed its socket.
        Ptr<Socket> server =
            MakeSocket(world.Server(), InetSocketAddress(world.serverA, 7000), serverLog);
        InetSocketAddress mapped(world.natOutside, 5000);
        Simulator::Schedule(Seconds(3), [host]() { host->Close(); });
        Simulator::Schedule(Seconds(4),
                            [server, mapped]() { server->SendTo(Create<Packet>(10), 0, mapped); });
        // What the host's IP layer receives: every ICMP error must quote the
        // packet as the host sent it (its own address), with sound checksums.
        std::vector<Ipv4Header> quoted;
        uint32_t badIcmpChecksums = 0;
        world.Host()->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "Rx",
            Callback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
                [&quoted, &badIcmpChecksums](Ptr<const Packet> p, Ptr<Ipv4>, uint32_t) {
                    Ptr<Packet> q = p->Copy();
                    Ipv4Header outer;
                    q->RemoveHeader(outer);
                    std::vector<uint8_t> b(q->GetSize());
                    q->CopyData(b.data(), b.size());
                    if (outer.GetProtocol() != 1 || b.size() < 36 || (b[0] != 3 && b[0] != 11))
                    {
                        return;
                    }
                    Buffer sum;
                    sum.AddAtStart(b.size());
                    sum.Begin().Write(b.data(), b.size());
                    badIcmpChecksums += sum.Begin().CalculateIpChecksum(b.size()) != 0;
                    Ptr<Packet> inner = Create<Packet>(b.data() + 8, b.size() - 8);
                    Ipv4Header h;
                    h.EnableChecksum();
                    inner->RemoveHeader(h);
                    quoted.push_back(h);
                }));
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(hostLog.size(), 2, "both errors reached the inside sockets");
        NS_TEST_EXPECT_MSG_EQ(hostLog[0].source, world.serverA, "port unreachable from server");
        NS_TEST_EXPECT_MSG_EQ(unsigned(hostLog[0].type), 3, "destination unreachable");
        NS_TEST_EXPECT_MSG_EQ(unsigned(hostLog[0].code), 3, "port unreachable");
        NS_TEST_EXPECT_MSG_EQ(hostLog[1].source, Ipv4Address("203.0.113.254"), "from the router");
        NS_TEST_EXPECT_MSG_EQ(unsigned(hostLog[1].type), 11, "time exceeded");
        NS_TEST_ASSERT_MSG_EQ(quoted.size(), 2, "two ICMP errors reached the host");
        for (const Ipv4Header& h : quoted)
        {
            NS_TEST_EXPECT_MSG_EQ(h.GetSource(), world.hostAddress, "quoted source translated");
            NS_TEST_EXPECT_MSG_EQ(h.IsChecksumOk(), true, "quoted header checksum");
        }
        NS_TEST_EXPECT_MSG_EQ(badIcmpChecksums, 0, "ICMP checksums");
        NS_TEST_ASSERT_MSG_EQ(serverLog.size(), 1, "the inside host's error reached the server");
        NS_TEST_EXPECT_MSG_EQ(serverLog[0].source, world.natOutside, "source translated");
        NS_TEST_EXPECT_MSG_EQ(unsigned(serverLog[0].type), 3, "destination unreachable");
        NS_TEST_EXPECT_MSG_EQ(world.nat->GetDropCount(Ipv4Nat::DROP_UNSUPPORTED), 0, "no drop");
        NS_TEST_EXPECT_MSG_EQ(world.nat->GetDropCount(Ipv4Nat::DROP_NO_MAPPING), 0, "no drop");
    }
};

/// The probe applications report through their traces and shrug off bad requests.
class ProbeApplicationsTestCase : public TestCase
{
  public:
    ProbeApplicationsTestCase()
        : TestCase("probe applications: Discovered trace, malformed requests counted")
    {
    }

  private:
    void DoRun() override
    {
        NatWorld world(Ipv4NatHelper(Ipv4NatHelper::RESTRICTED_CONE));
        NatProbeServerHelper serverHelper(world.serverA, world.serverB);
        ApplicationContainer serverApps = serverHelper.Install(world.Server());
        NatProbeClientHelper clientHelper(world.serverA, world.serverB);
        clientHelper.SetAttribute("Interval", TimeValue(MilliSeconds(200)));
        clientHelper.SetAttribute("LocalPort", UintegerValue(7000));
        ApplicationContainer clientApps = clientHelper.Install(world.Host());
        clientApps.Start(Seconds(1));
        int reports = 0;
        bool complete = false;
        NatMappingTable::FilteringBehavior filtering =
            NatMappingTable::ENDPOINT_INDEPENDENT_FILTERING;
        clientApps.Get(0)->TraceConnectWithoutContext(
            "Discovered",
            Callback<void,
                     bool,
                     NatMappingTable::MappingBehavior,
                     NatMappingTable::FilteringBehavior>([&](bool c,
                                                             NatMappingTable::MappingBehavior,
                                                             NatMappingTable::FilteringBehavior f) {
                ++reports;
                complete = c;
                filtering = f;
            }));
        // An empty datagram to the server: counted, not answered, no crash.
        Ptr<Socket> s = Socket::CreateSocket(world.Host(), UdpSocketFactory::GetTypeId());
        Simulator::Schedule(Seconds(0.5), [s, &world]() {
            s->SendTo(Create<Packet>(), 0, InetSocketAddress(world.serverA, 3478));
        });
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        Ptr<NatProbeServer> server = DynamicCast<NatProbeServer>(serverApps.Get(0));
        NS_TEST_EXPECT_MSG_EQ(server->GetTotalDropCount(), 1, "empty request counted");
        NS_TEST_EXPECT_MSG_EQ(server->GetRequestCount(), 5, "five probes answered");
        NS_TEST_EXPECT_MSG_EQ(reports, 1, "one report");
        NS_TEST_EXPECT_MSG_EQ(complete, true, "complete");
        NS_TEST_EXPECT_MSG_EQ(filtering, NatMappingTable::ADDRESS_DEPENDENT_FILTERING, "filtering");
        Ptr<NatProbeClient> client = DynamicCast<NatProbeClient>(clientApps.Get(0));
        NS_TEST_EXPECT_MSG_EQ(client->GetMappedEndpoints().at(0).GetPort(),
                              7000,
                              "local port used");
    }
};

/**
 * The deprecated names of the probe applications' second address and port
 * (Alternate*) still set the Secondary* attributes, whichever way they are
 * given; and the deprecated names' own initial values never undo a value given
 * to the new ones.
 */
class ProbeAttributeAliasesTestCase : public TestCase
{
  public:
    ProbeAttributeAliasesTestCase()
        : TestCase("probe applications: deprecated Alternate* names set the Secondary* attributes")
    {
    }

  private:
    /// \return the attribute \p name of \p object as an address
    static Ipv4Address Address(Ptr<Object> object, const std::string& name)
    {
        Ipv4AddressValue v;
        object->GetAttribute(name, v);
        return v.Get();
    }

    /// \return the attribute \p name of \p object as a number
    static uint64_t Number(Ptr<Object> object, const std::string& name)
    {
        UintegerValue v;
        object->GetAttribute(name, v);
        return v.Get();
    }

    void DoRun() override
    {
        const Ipv4Address b("198.51.100.2");
        // Defaults unchanged.
        Ptr<NatProbeServer> plain = CreateObject<NatProbeServer>();
        NS_TEST_EXPECT_MSG_EQ(Address(plain, "SecondaryAddress"), Ipv4Address::GetAny(), "unset");
        NS_TEST_EXPECT_MSG_EQ(Number(plain, "SecondaryPort"), 3479, "default port");

        // The new names, as the helpers give them.
        NatProbeServerHelper serverHelper("198.51.100.1", b);
        serverHelper.SetAttribute("SecondaryPort", UintegerValue(4000));
        NodeContainer node;
        node.Create(1);
        Ptr<Application> server = serverHelper.Install(node).Get(0);
        NS_TEST_EXPECT_MSG_EQ(Address(server, "SecondaryAddress"), b, "new name");
        NS_TEST_EXPECT_MSG_EQ(Number(server, "SecondaryPort"), 4000, "new name");

        // The old names, at construction and after.
        ObjectFactory old;
        old.SetTypeId(NatProbeServer::GetTypeId());
        old.Set("AlternateAddress", Ipv4AddressValue(b));
        old.Set("AlternatePort", UintegerValue(4001));
        Ptr<NatProbeServer> oldServer = old.Create<NatProbeServer>();
        NS_TEST_EXPECT_MSG_EQ(Address(oldServer, "SecondaryAddress"), b, "old name");
        NS_TEST_EXPECT_MSG_EQ(Number(oldServer, "SecondaryPort"), 4001, "old name");
        oldServer->SetAttribute("AlternatePort", UintegerValue(4002));
        NS_TEST_EXPECT_MSG_EQ(Number(oldServer, "SecondaryPort"), 4002, "old name, later");

        ObjectFactory oldClient;
        oldClient.SetTypeId(NatProbeClient::GetTypeId());
        oldClient.Set("ServerAlternateAddress", Ipv4AddressValue(b));
        oldClient.Set("AlternatePort", UintegerValue(4003));
        Ptr<NatProbeClient> client = oldClient.Create<NatProbeClient>();
        NS_TEST_EXPECT_MSG_EQ(Address(client, "ServerSecondaryAddress"), b, "old name");
        NS_TEST_EXPECT_MSG_EQ(Number(client, "SecondaryPort"), 4003, "old name");

        // Defaults set under either name.
        Config::SetDefault("ns3::NatProbeClient::ServerSecondaryAddress", Ipv4AddressValue(b));
        Config::SetDefault("ns3::NatProbeClient::SecondaryPort", UintegerValue(4004));
        Ptr<NatProbeClient> byNew = CreateObject<NatProbeClient>();
        Config::SetDefault("ns3::NatProbeClient::ServerSecondaryAddress",
                           Ipv4AddressValue(Ipv4Address::GetAny()));
        Config::SetDefault("ns3::NatProbeClient::SecondaryPort", UintegerValue(3479));
        NS_TEST_EXPECT_MSG_EQ(Address(byNew, "ServerSecondaryAddress"), b, "new default");
        NS_TEST_EXPECT_MSG_EQ(Number(byNew, "SecondaryPort"), 4004, "new default");
        Config::SetDefault("ns3::NatProbeServer::AlternatePort", UintegerValue(4005));
        Ptr<NatProbeServer> byOld = CreateObject<NatProbeServer>();
        // Back to its initial value, 0, which the checker refuses (so that
        // it never overrides SecondaryPort): set on the TypeId directly.
        TypeId tid = NatProbeServer::GetTypeId();
        for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            if (tid.GetAttribute(i).name == "AlternatePort")
            {
                tid.SetAttributeInitialValue(i, Create<UintegerValue>(0));
            }
        }
        NS_TEST_EXPECT_MSG_EQ(Number(byOld, "SecondaryPort"), 4005, "old default");
        Simulator::Destroy();
    }
};

/// With several outside addresses, each inside host keeps to one (paired pooling).
class AddressPoolTestCase : public TestCase
{
  public:
    AddressPoolTestCase()
        : TestCase("paired pooling over two outside addresses")
    {
    }

  private:
    void DoRun() override
    {
        // Addresses must exist before the NAT's first packet: the pool is read then.
        NatWorld world(Ipv4NatHelper(Ipv4NatHelper::SYMMETRIC));
        Ptr<Ipv4> natIp = world.NatNode()->GetObject<Ipv4>();
        natIp->AddAddress(2, Ipv4InterfaceAddress("203.0.113.3", "255.255.255.0"));
        Ptr<Ipv4> hostIp = world.Host()->GetObject<Ipv4>();
        hostIp->AddAddress(1, Ipv4InterfaceAddress("10.0.0.3", "255.255.255.0"));
        ProbeServer server(world);

        std::map<std::string, std::vector<InetSocketAddress>> seen; // by inside address
        std::vector<Ptr<Socket>> sockets;
        uint16_t port = 5000;
        for (const char* inside : {"10.0.0.2", "10.0.0.3", "10.0.0.2", "10.0.0.3"})
        {
            Ptr<Socket> s = Socket::CreateSocket(world.Host(), UdpSocketFactory::GetTypeId());
            s->Bind(InetSocketAddress(Ipv4Address(inside), port++));
            std::string key = inside;
            s->SetRecvCallback(Callback<void, Ptr<Socket>>([&seen, key](Ptr<Socket> socket) {
                while (Ptr<Packet> p = socket->Recv())
                {
                    if (std::optional<InetSocketAddress> mapped = ReadStunMapped(p))
                    {
                        seen[key].push_back(*mapped);
                    }
                }
            }));
            Simulator::Schedule(Seconds(port - 5000), [s, &world]() {
                s->SendTo(MakeStunRequest(0),
                          0,
                          InetSocketAddress(world.serverA, ProbeServer::PORT_1));
            });
            sockets.push_back(s);
        }
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(seen["10.0.0.2"].size(), 2, "both flows of the first host");
        NS_TEST_ASSERT_MSG_EQ(seen["10.0.0.3"].size(), 2, "both flows of the second host");
        Ipv4Address first = seen["10.0.0.2"][0].GetIpv4();
        Ipv4Address second = seen["10.0.0.3"][0].GetIpv4();
        NS_TEST_EXPECT_MSG_NE(first, second, "the hosts spread over the pool");
        NS_TEST_EXPECT_MSG_EQ(seen["10.0.0.2"][1].GetIpv4(), first, "paired: same address");
        NS_TEST_EXPECT_MSG_EQ(seen["10.0.0.3"][1].GetIpv4(), second, "paired: same address");
    }
};

/**
 * Packets from martian sources (RFC 1812 section 5.3.7: multicast, limited
 * broadcast, 0.0.0.0/8, loopback) are dropped on both sides before anything
 * else: not translated, not forwarded, and never answered with an ICMP error,
 * which ns-3.37 cannot route to a link-local multicast address (it crashes).
 * The packets are sent as frames from the host's and the router's devices
 * toward the NAT, as any node on a simulated link can.
 */
class MartianSourceTestCase : public TestCase
{
  public:
    MartianSourceTestCase()
        : TestCase("martian sources dropped on both sides, counted; DHCP's 0.0.0.0 to "
                   "255.255.255.255 still delivered")
    {
    }

  private:
    /**
     * \brief Send a one-octet UDP datagram (a probe request answered from the
     * server's first socket), checksums right, as a frame from a device.
     * \param from the sending device \param to the receiving device (null: broadcast)
     * \param at when \param src the IPv4 source \param dst the destination
     * \param port the destination port \param ttl the TTL
     */
    static void SendFrame(Ptr<NetDevice> from,
                          Ptr<NetDevice> to,
                          Time at,
                          Ipv4Address src,
                          Ipv4Address dst,
                          uint16_t port,
                          uint8_t ttl)
    {
        uint8_t request = 0;
        Ptr<Packet> p = Create<Packet>(&request, 1);
        UdpHeader udp;
        udp.SetSourcePort(4000);
        udp.SetDestinationPort(port);
        udp.EnableChecksums();
        udp.InitializeChecksum(src, dst, 17);
        p->AddHeader(udp);
        Ipv4Header ip;
        ip.SetSource(src);
        ip.SetDestination(dst);
        ip.SetProtocol(17);
        ip.SetTtl(ttl);
        ip.SetPayloadSize(p->GetSize());
        ip.EnableChecksum();
        p->AddHeader(ip);
        Address mac = to ? to->GetAddress() : from->GetBroadcast();
        Simulator::Schedule(at, [from, p, mac]() { from->Send(p, mac, 0x0800); });
    }

    void DoRun() override
    {
        // Full cone: without the check, anything sent to a mapped port would pass.
        NatWorld world(Ipv4NatHelper(Ipv4NatHelper::FULL_CONE));
        ProbeServer server(world);
        ProbeClient client(world.Host(), 5000);
        client.Probe(Seconds(1), InetSocketAddress(world.serverA, ProbeServer::PORT_1), 0);
        std::vector<Ipv4Nat::DropReason> traced;
        world.nat->TraceConnectWithoutContext(
            "Drop",
            Callback<void, Ptr<const Packet>, const Ipv4Header&, Ipv4Nat::DropReason>(
                [&traced](Ptr<const Packet>, const Ipv4Header&, Ipv4Nat::DropReason r) {
                    traced.push_back(r);
                }));
        // A DHCP server's socket on the NAT node: a client without an address
        // sends from 0.0.0.0 to 255.255.255.255, which is no martian.
        uint32_t dhcp = 0;
        Ptr<Socket> dhcpServer =
            Socket::CreateSocket(world.NatNode(), UdpSocketFactory::GetTypeId());
        dhcpServer->Bind(InetSocketAddress(Ipv4Address::GetAny(), 67));
        dhcpServer->SetRecvCallback(Callback<void, Ptr<Socket>>([&dhcp](Ptr<Socket> socket) {
            while (socket->Recv())
            {
                ++dhcp;
            }
        }));

        // From the LAN, toward the server. The first is the fuzz-nat finding:
        // TTL 1 from 224.0.0.0 made the gateway send a time exceeded to it.
        Ptr<NetDevice> host = world.Host()->GetDevice(1);
        Ptr<NetDevice> natLan = world.NatNode()->GetDevice(1);
        const Ipv4Address server1 = world.serverA;
        const uint16_t request = ProbeServer::PORT_1;
        SendFrame(host, natLan, Seconds(2), "224.0.0.0", server1, request, 1);
        SendFrame(host, natLan, Seconds(2.1), "239.255.0.1", server1, request, 64);
        SendFrame(host, natLan, Seconds(2.2), "255.255.255.255", server1, request, 64);
        SendFrame(host, natLan, Seconds(2.3), "0.0.0.0", server1, request, 64);
        SendFrame(host, natLan, Seconds(2.4), "0.1.2.3", server1, request, 64);
        SendFrame(host, natLan, Seconds(2.5), "127.0.0.1", server1, request, 64);
        SendFrame(host, nullptr, Seconds(2.6), "0.0.0.0", "255.255.255.255", 67, 64);
        // From outside, to the outside address: the mapped port 5000, and a
        // port of the NAT node's own, which would answer port unreachable.
        Ptr<NetDevice> router = world.Router()->GetDevice(1);
        Ptr<NetDevice> natWan = world.NatNode()->GetDevice(2);
        const Ipv4Address outside = world.natOutside;
        SendFrame(router, natWan, Seconds(3), "224.0.0.1", outside, 9, 64);
        SendFrame(router, natWan, Seconds(3.1), "224.0.0.1", outside, 5000, 64);
        SendFrame(router, natWan, Seconds(3.2), "255.255.255.255", outside, 5000, 64);
        SendFrame(router, natWan, Seconds(3.3), "0.0.0.0", outside, 5000, 64);
        SendFrame(router, natWan, Seconds(3.4), "127.0.0.1", outside, 5000, 64);
        // Still working afterwards.
        client.Probe(Seconds(4), InetSocketAddress(world.serverA, ProbeServer::PORT_1), 0);
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        const uint64_t martians = 11;
        NS_TEST_EXPECT_MSG_EQ(world.nat->GetDropCount(Ipv4Nat::DROP_MARTIAN_SOURCE),
                              martians,
                              "every martian source dropped and counted");
        NS_TEST_EXPECT_MSG_EQ(world.nat->GetTotalDropCount(), martians, "nothing else dropped");
        NS_TEST_EXPECT_MSG_EQ(traced.size(), martians, "every drop traced");
        NS_TEST_EXPECT_MSG_EQ(Ipv4Nat::DropReasonToString(Ipv4Nat::DROP_MARTIAN_SOURCE),
                              "martian-source",
                              "its words");
        NS_TEST_EXPECT_MSG_EQ(server.GetRequests(), 2, "only the host's two probes reached it");
        NS_TEST_EXPECT_MSG_EQ(world.nat->GetMappingCount(), 1, "only the probe's mapping");
        NS_TEST_EXPECT_MSG_EQ(client.from.size(), 2, "nothing from outside let in");
        NS_TEST_EXPECT_MSG_EQ(dhcp, 1, "0.0.0.0 to 255.255.255.255 delivered");
        dhcpServer->Close();
    }
};

/// Static routes added after the NAT is installed are found and used.
class RoutesAfterNatTestCase : public TestCase
{
  public:
    RoutesAfterNatTestCase()
        : TestCase("NAT installed before the static routes: Ipv4StaticRoutingHelper finds them")
    {
    }

  private:
    void DoRun() override
    {
        NatWorld world(Ipv4NatHelper(Ipv4NatHelper::PORT_RESTRICTED_CONE), true);
        ProbeServer server(world);
        ProbeClient client(world.Host(), 5000);
        client.Probe(Seconds(1), InetSocketAddress(world.serverA, ProbeServer::PORT_1), 0);
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(client.mapped.size(), 1, "the probe was answered");
        NS_TEST_EXPECT_MSG_EQ(client.mapped[0].GetIpv4(), world.natOutside, "translated");
        NS_TEST_EXPECT_MSG_EQ(world.nat->GetTotalDropCount(), 0, "nothing dropped");
    }
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
        for (auto a : {T::PORT_PRESERVE, T::PORT_SEQUENTIAL, T::PORT_RANDOM})
        {
            AddTestCase(new PortAllocationTestCase(a), TestCase::QUICK);
        }
        AddTestCase(new ExpiryTestCase(false, false), TestCase::QUICK);
        AddTestCase(new ExpiryTestCase(true, false), TestCase::QUICK);
        AddTestCase(new ExpiryTestCase(true, true), TestCase::QUICK);
        AddTestCase(new HairpinningTestCase(true), TestCase::QUICK);
        AddTestCase(new HairpinningTestCase(false), TestCase::QUICK);
        AddTestCase(new TableFullTestCase(), TestCase::QUICK);
        AddTestCase(new IcmpErrorTestCase(), TestCase::QUICK);
        AddTestCase(new ProbeApplicationsTestCase(), TestCase::QUICK);
        AddTestCase(new ProbeAttributeAliasesTestCase(), TestCase::QUICK);
        AddTestCase(new AddressPoolTestCase(), TestCase::QUICK);
        AddTestCase(new MartianSourceTestCase(), TestCase::QUICK);
        AddTestCase(new RoutesAfterNatTestCase(), TestCase::QUICK);
    }
};

/// Static instance: registers the suite with ns-3's test runner.
Ipv4NatTestSuite g_ipv4NatTestSuite;

} // namespace
