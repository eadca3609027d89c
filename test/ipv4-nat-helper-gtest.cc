/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Ipv4Nat and the routing protocols it wraps, without a simulator run: ns-3's
// helpers that search a node's routing protocols find the wrapped ones, so
// static routes may be added before or after Ipv4NatHelper::Install. What is
// still misuse stops at once with a message that names the way out (death
// tests, each in a child process, since an ns-3 fatal error ends the process).

#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing.h"
#include "ns3/ipv4-list-routing-helper.h"
#include "ns3/ipv4-nat-helper.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/packet.h"
#include "ns3/simple-net-device-helper.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/**
 * A gateway with an inside link (10.0.0.1/24, interface 1) and an outside link
 * (203.0.113.1/24, interface 2) to two other nodes.
 */
struct Gateway
{
    /**
     * \param routing the gateway's routing, or null for InternetStackHelper's
     * default (a list of static and global routing)
     * \param addresses assign the addresses
     */
    explicit Gateway(const Ipv4RoutingHelper* routing = nullptr, bool addresses = true)
    {
        NodeContainer nodes;
        nodes.Create(3);
        InternetStackHelper stack;
        stack.SetIpv6StackInstall(false);
        if (routing)
        {
            stack.SetRoutingHelper(*routing);
        }
        stack.Install(nodes);
        SimpleNetDeviceHelper link;
        NetDeviceContainer inside = link.Install(NodeContainer(nodes.Get(0), nodes.Get(1)));
        NetDeviceContainer outside = link.Install(NodeContainer(nodes.Get(0), nodes.Get(2)));
        node = nodes.Get(0);
        ipv4 = node->GetObject<Ipv4>();
        if (addresses)
        {
            Ipv4AddressHelper address;
            address.SetBase("10.0.0.0", "255.255.255.0");
            address.Assign(inside);
            address.SetBase("203.0.113.0", "255.255.255.0");
            address.Assign(outside);
        }
        else
        {
            ipv4->AddInterface(inside.Get(0));
            ipv4->AddInterface(outside.Get(0));
        }
    }

    ~Gateway()
    {
        Simulator::Destroy();
    }

    /// \return the route the node's routing protocol gives a packet to \p destination
    Ptr<Ipv4Route> RouteTo(Ipv4Address destination) const
    {
        Ipv4Header header;
        header.SetDestination(destination);
        header.SetProtocol(17);
        Socket::SocketErrno err;
        return ipv4->GetRoutingProtocol()->RouteOutput(Create<Packet>(), header, nullptr, err);
    }

    Ptr<Node> node; //!< the gateway
    Ptr<Ipv4> ipv4; //!< its IPv4
};

/// "threadsafe": the child re-executes the binary instead of forking a
/// process that holds ns-3's singletons.
class Ipv4NatHelperDeathTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        GTEST_FLAG_SET(death_test_style, "threadsafe");
    }
};

} // namespace

TEST(Ipv4NatRouting, StaticRoutesAddedAfterInstallAreFoundAndUsed)
{
    Gateway gw;
    Ptr<Ipv4RoutingProtocol> before = gw.ipv4->GetRoutingProtocol();
    Ptr<Ipv4StaticRouting> staticBefore = Ipv4StaticRoutingHelper().GetStaticRouting(gw.ipv4);
    Ptr<Ipv4Nat> nat = Ipv4NatHelper().Install(gw.node, {1}, 2);
    ASSERT_EQ(gw.ipv4->GetRoutingProtocol(), nat);
    EXPECT_EQ(nat->GetInnerRoutingProtocol(), before);

    // The very call that used to return null once the NAT was installed.
    Ptr<Ipv4StaticRouting> found = Ipv4StaticRoutingHelper().GetStaticRouting(gw.ipv4);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found, staticBefore);
    found->SetDefaultRoute("203.0.113.254", 2);
    Ptr<Ipv4Route> route = gw.RouteTo("198.51.100.1");
    ASSERT_NE(route, nullptr);
    EXPECT_EQ(route->GetGateway(), Ipv4Address("203.0.113.254"));
    EXPECT_EQ(route->GetOutputDevice(), gw.ipv4->GetNetDevice(2));

    // The generic search finds the other wrapped protocols, and the NAT itself.
    Ptr<Ipv4RoutingProtocol> top = gw.ipv4->GetRoutingProtocol();
    EXPECT_NE(Ipv4RoutingHelper::GetRouting<Ipv4GlobalRouting>(top), nullptr);
    EXPECT_EQ(Ipv4RoutingHelper::GetRouting<Ipv4StaticRouting>(top), staticBefore);
    EXPECT_EQ(Ipv4RoutingHelper::GetRouting<Ipv4Nat>(top), nat);
    EXPECT_EQ(nat->GetNRoutingProtocols(),
              DynamicCast<Ipv4ListRouting>(before)->GetNRoutingProtocols());
}

TEST(Ipv4NatRouting, SingleWrappedStaticRoutingIsFound)
{
    Ipv4StaticRoutingHelper staticOnly;
    Gateway gw(&staticOnly);
    Ptr<Ipv4RoutingProtocol> before = gw.ipv4->GetRoutingProtocol();
    ASSERT_NE(DynamicCast<Ipv4StaticRouting>(before), nullptr);
    Ptr<Ipv4Nat> nat = Ipv4NatHelper().Install(gw.node, {1}, 2);
    EXPECT_EQ(nat->GetNRoutingProtocols(), 1u);
    int16_t priority = -1;
    EXPECT_EQ(nat->GetRoutingProtocol(0, priority), before);
    EXPECT_EQ(priority, 0);
    EXPECT_EQ(Ipv4StaticRoutingHelper().GetStaticRouting(gw.ipv4), before);
}

TEST(Ipv4NatRouting, AddRoutingProtocolGoesToTheWrappedList)
{
    Gateway gw;
    Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(gw.ipv4->GetRoutingProtocol());
    ASSERT_NE(list, nullptr);
    uint32_t n = list->GetNRoutingProtocols();
    Ptr<Ipv4Nat> nat = Ipv4NatHelper().Install(gw.node, {1}, 2);
    Ptr<Ipv4StaticRouting> extra = CreateObject<Ipv4StaticRouting>();
    nat->AddRoutingProtocol(extra, 5);
    EXPECT_EQ(list->GetNRoutingProtocols(), n + 1);
    EXPECT_EQ(nat->GetNRoutingProtocols(), n + 1);
    int16_t priority = 0;
    EXPECT_EQ(nat->GetRoutingProtocol(0, priority), extra); // highest priority first
    EXPECT_EQ(priority, 5);
}

TEST_F(Ipv4NatHelperDeathTest, AddRoutingProtocolToASingleWrappedProtocol)
{
    EXPECT_DEATH(
        {
            Ipv4StaticRoutingHelper staticOnly;
            Gateway gw(&staticOnly);
            Ptr<Ipv4Nat> nat = Ipv4NatHelper().Install(gw.node, {1}, 2);
            nat->AddRoutingProtocol(CreateObject<Ipv4StaticRouting>(), 5);
        },
        "wraps a single ns3::Ipv4StaticRouting, not an Ipv4ListRouting; give the node an "
        "Ipv4ListRouting before Ipv4NatHelper::Install");
}

TEST_F(Ipv4NatHelperDeathTest, InstallBeforeTheAddresses)
{
    EXPECT_DEATH(
        {
            Gateway gw(nullptr, false);
            Ipv4NatHelper().Install(gw.node, {1}, 2);
        },
        "outside interface 2 has no address; assign the node's addresses before "
        "Ipv4NatHelper::Install");
}

TEST_F(Ipv4NatHelperDeathTest, InstallOnMissingInterfaces)
{
    EXPECT_DEATH(
        {
            Gateway gw;
            Ipv4NatHelper().Install(gw.node, {1}, 3);
        },
        "Ipv4NatHelper: no outside interface 3 on node");
    EXPECT_DEATH(
        {
            Gateway gw;
            Ipv4NatHelper().Install(gw.node, {}, 2);
        },
        "Ipv4NatHelper: no inside interface");
}
