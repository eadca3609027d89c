/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Ipv4Nat in simulated networks: NAT behaviour discovery in the manner of
// RFC 5780 against every mapping x filtering combination and the presets.

#include "ipv4-nat-test-world.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipv4-nat-helper.h"
#include "ns3/network-module.h"

#include <map>
#include <optional>

using namespace ns3;
using namespace ns3::teredo_test;

namespace
{

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
    d.mapped = m.mapped;
    if (m.mapped.size() == 3)
    {
        if (m.mapped[0] == m.mapped[1])
        {
            d.mapping = NatMappingTable::ENDPOINT_INDEPENDENT_MAPPING;
        }
        else if (m.mapped[1] == m.mapped[2])
        {
            d.mapping = NatMappingTable::ADDRESS_DEPENDENT_MAPPING;
        }
        else
        {
            d.mapping = NatMappingTable::ADDRESS_AND_PORT_DEPENDENT_MAPPING;
        }
        if (!f1.mapped.empty())
        {
            d.filtering = NatMappingTable::ENDPOINT_INDEPENDENT_FILTERING;
        }
        else if (!f2.mapped.empty())
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
