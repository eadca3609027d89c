/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Misuse of TeredoTopologyHelper stops the program with a message that says
// what went wrong: GoogleTest death tests, each in a child process, since an
// ns-3 fatal error ends the process. No simulator runs: a plan that does not
// fit stops before any node exists, and accessors before Build() stop at once.

#include "ns3/teredo-topology-helper.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/// "threadsafe": the child re-executes the binary instead of forking a
/// process that holds ns-3's singletons.
class TopologyDeathTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        GTEST_FLAG_SET(death_test_style, "threadsafe");
    }
};

TEST_F(TopologyDeathTest, AccessorsBeforeBuild)
{
    TeredoTopologyHelper world;
    world.AddSite(TeredoTopologyHelper::FULL_CONE, 1);
    EXPECT_EQ(world.GetSiteCount(), 1u); // the plan's size is known before Build()
    EXPECT_FALSE(world.IsBuilt());
    EXPECT_DEATH(world.GetServerNode(), "GetServerNode called before Build\\(\\)");
    EXPECT_DEATH(world.GetServerPrimaryAddress(), "called before Build");
    EXPECT_DEATH(world.GetServerIpv6Address(), "GetServerIpv6Address called before Build");
    EXPECT_DEATH(world.GetClients(0), "GetClients called before Build");
    EXPECT_DEATH(world.GetNat(0), "GetNat called before Build");
    EXPECT_DEATH(world.GetAllClients(), "called before Build");
    EXPECT_DEATH(world.EnablePcapAll("x"), "EnablePcapAll called before Build");
    EXPECT_DEATH(world.AssignStreams(1), "AssignStreams called before Build");
}

TEST_F(TopologyDeathTest, IndexOutOfRange)
{
    EXPECT_DEATH(
        {
            TeredoTopologyHelper world;
            world.AddSite(TeredoTopologyHelper::NONE, 2);
            world.Build();
            world.GetClients(1);
        },
        "GetClients: no site 1 \\(1 sites\\)");
    EXPECT_DEATH(
        {
            TeredoTopologyHelper world;
            world.AddSite(TeredoTopologyHelper::NONE, 2);
            world.Build();
            world.GetClientAddress(0, 2);
        },
        "site 0 has no client 2 \\(2 clients\\)");
    EXPECT_DEATH(
        {
            TeredoTopologyHelper world;
            world.Build();
            world.GetRelay(0);
        },
        "GetRelay: no index 0 \\(0 planned\\)");
}

TEST_F(TopologyDeathTest, BuildOnce)
{
    EXPECT_DEATH(
        {
            TeredoTopologyHelper world;
            world.Build();
            world.Build();
        },
        "Build called after Build\\(\\)");
    EXPECT_DEATH(
        {
            TeredoTopologyHelper world;
            world.Build();
            world.AddSite(TeredoTopologyHelper::NONE, 1);
        },
        "AddSite called after Build\\(\\)");
}

TEST_F(TopologyDeathTest, SiteWithoutClients)
{
    TeredoTopologyHelper world;
    EXPECT_DEATH(world.AddSite(TeredoTopologyHelper::SYMMETRIC, 0), "at least one client");
    EXPECT_DEATH(world.AddSite(TeredoTopologyHelper::NONE, 0), "at least one client");
}

TEST_F(TopologyDeathTest, AccessBlockRunsOut)
{
    // 64 /30s in the default /24: the 65th site has no access link.
    TeredoTopologyHelper world;
    for (int s = 0; s < 65; ++s)
    {
        world.AddSite(TeredoTopologyHelper::FULL_CONE, 1);
    }
    EXPECT_DEATH(world.Build(),
                 "the access block 203\\.0\\.113\\.0/24 ran out of addresses: site 64's access "
                 "link needs a /30.*SetAccessBase");
}

TEST_F(TopologyDeathTest, PublicBlockRunsOut)
{
    // 300 public clients need a /23.
    TeredoTopologyHelper world;
    world.AddSite(TeredoTopologyHelper::NONE, 300);
    EXPECT_DEATH(world.Build(),
                 "the public block 198\\.51\\.100\\.0/24 ran out of addresses: site 0's public "
                 "LAN needs a /23.*SetPublicBase");

    // A /28 holds a /29 LAN and two /30s, no third.
    TeredoTopologyHelper small;
    small.SetPublicBase(Ipv4Address("198.51.100.0"), Ipv4Mask("255.255.255.240"));
    small.AddSite(TeredoTopologyHelper::NONE, 3);
    small.AddRelay();
    small.AddHostSpecificRelay();
    small.AddHostSpecificRelay();
    EXPECT_DEATH(small.Build(), "ran out of addresses: host-specific relay 1's link needs a /30");
}

TEST_F(TopologyDeathTest, PrivateBlockRunsOut)
{
    TeredoTopologyHelper world;
    world.SetPrivateBase(Ipv4Address("192.168.0.0"), Ipv4Mask("255.255.0.0"));
    world.AddSite(TeredoTopologyHelper::SYMMETRIC, 1);
    world.AddSite(TeredoTopologyHelper::SYMMETRIC, 1);
    EXPECT_DEATH(world.Build(),
                 "the private block 192\\.168\\.0\\.0/16 ran out of addresses: site 1 needs its "
                 "/16 number 1 and the block has 1");
}

TEST_F(TopologyDeathTest, PrivateSitePrefix)
{
    // A smaller subnet per site: more sites fit in the block, fewer clients in a site.
    TeredoTopologyHelper full;
    full.SetPrivateBase(Ipv4Address("192.168.0.0"), Ipv4Mask("255.255.0.0"));
    full.SetPrivateSitePrefix(24);
    full.AddSite(TeredoTopologyHelper::FULL_CONE, 254);
    EXPECT_DEATH(full.Build(),
                 "the private /24 of site 0 ran out of addresses: 254 clients, 253 at most");
    TeredoTopologyHelper many;
    many.SetPrivateBase(Ipv4Address("192.168.0.0"), Ipv4Mask("255.255.254.0"));
    many.SetPrivateSitePrefix(24);
    for (int s = 0; s < 3; ++s)
    {
        many.AddSite(TeredoTopologyHelper::FULL_CONE, 1);
    }
    EXPECT_DEATH(many.Build(),
                 "the private block 192\\.168\\.0\\.0/23 ran out of addresses: site 2 needs "
                 "its /24 number 2 and the block has 2");
    TeredoTopologyHelper wide;
    wide.SetPrivateBase(Ipv4Address("192.168.0.0"), Ipv4Mask("255.255.0.0"));
    wide.SetPrivateSitePrefix(15);
    wide.AddSite(TeredoTopologyHelper::FULL_CONE, 1);
    EXPECT_DEATH(wide.Build(), "is smaller than the /15 each site takes");
    EXPECT_DEATH(TeredoTopologyHelper().SetPrivateSitePrefix(30), "/30 is no site subnet");
}

TEST_F(TopologyDeathTest, ServerAddressesMustFit)
{
    TeredoTopologyHelper world;
    world.SetServerAddress(Ipv4Address("192.0.2.253"));
    EXPECT_DEATH(world.Build(),
                 "the server's addresses 192\\.0\\.2\\.253 and 192\\.0\\.2\\.254 must both be "
                 "hosts of the server link 192\\.0\\.2\\.0/24 other than its last host");
    TeredoTopologyHelper tiny;
    tiny.SetServerAddress(Ipv4Address("192.0.2.1"), Ipv4Mask("255.255.255.252"));
    EXPECT_DEATH(tiny.Build(), "must both be hosts of the server link 192\\.0\\.2\\.0/30");
}

TEST_F(TopologyDeathTest, BlocksMustNotOverlap)
{
    TeredoTopologyHelper world;
    world.SetPublicBase(Ipv4Address("203.0.113.128"), Ipv4Mask("255.255.255.128"));
    EXPECT_DEATH(world.Build(),
                 "the access block 203\\.0\\.113\\.0/24 and the public block "
                 "203\\.0\\.113\\.128/25 overlap");
}

TEST_F(TopologyDeathTest, BlocksMustBeNetworks)
{
    TeredoTopologyHelper world;
    world.SetAccessBase(Ipv4Address("203.0.113.7"), Ipv4Mask("255.255.255.0"));
    EXPECT_DEATH(world.Build(), "the access block 203\\.0\\.113\\.7 .* is not a network");
    TeredoTopologyHelper v6;
    v6.SetIpv6Base(Ipv6Address("3fff::"), Ipv6Prefix(48));
    EXPECT_DEATH(v6.Build(), "must be a network of /32 or larger");
}

TEST_F(TopologyDeathTest, Ipv6ReservedPrefixesRefused)
{
    // ns-3.37 routers drop packets for 2001:db8::/32, and the Teredo prefix is
    // routed to relay 0: neither can number the IPv6 Internet.
    TeredoTopologyHelper world;
    world.SetIpv6Base(Ipv6Address("2001:db8::"), Ipv6Prefix(32));
    EXPECT_DEATH(world.Build(), "2001:db8::/32, whose packets ns-3.37 routers drop");
    TeredoTopologyHelper wider;
    wider.SetIpv6Base(Ipv6Address("2000::"), Ipv6Prefix(4));
    EXPECT_DEATH(wider.Build(), "holds\\) 2001:db8::/32");
    TeredoTopologyHelper teredo;
    teredo.SetIpv6Base(Ipv6Address("2001::"), Ipv6Prefix(32));
    EXPECT_DEATH(teredo.Build(), "is \\(or holds\\) the Teredo prefix 2001::/32");
}

TEST(TopologyNames, SiteTypes)
{
    EXPECT_EQ(TeredoTopologyHelper::SiteNatToString(TeredoTopologyHelper::NONE), "none");
    EXPECT_EQ(TeredoTopologyHelper::SiteNatToString(TeredoTopologyHelper::SYMMETRIC), "symmetric");
    EXPECT_EQ(TeredoTopologyHelper::SiteNatToString(TeredoTopologyHelper::PORT_RESTRICTED_CONE),
              "port-restricted-cone");
}

TEST(TopologyNames, SiteTypesFromNames)
{
    using T = TeredoTopologyHelper;
    for (T::SiteNat n :
         {T::NONE, T::FULL_CONE, T::RESTRICTED_CONE, T::PORT_RESTRICTED_CONE, T::SYMMETRIC})
    {
        T::SiteNat parsed = n == T::NONE ? T::SYMMETRIC : T::NONE;
        EXPECT_TRUE(T::SiteNatFromString(T::SiteNatToString(n), parsed));
        EXPECT_EQ(parsed, n);
    }
    T::SiteNat untouched = T::FULL_CONE;
    EXPECT_FALSE(T::SiteNatFromString("cone", untouched));
    EXPECT_FALSE(T::SiteNatFromString("", untouched));
    EXPECT_FALSE(T::SiteNatFromString("Symmetric", untouched));
    EXPECT_EQ(untouched, T::FULL_CONE);
}

} // namespace
