/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Ipv4PrefixRouting: longest-prefix match over routes of several lengths,
// connected routes that follow addresses and interfaces, local delivery of
// the node's own addresses on any interface, what it leaves to the next
// protocol, and UDP through a router with 600 links whose static routing is
// never asked.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipv4-prefix-routing.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <vector>

using namespace ns3;

namespace
{

/// A node with the helper's routing (list: prefix 10, static 0) and n point-to-point links.
struct Router
{
    Ptr<Node> node;                    //!< the router
    NodeContainer leaves;              //!< the node at the other end of each link
    std::vector<uint32_t> interfaces;  //!< the router's interface of each link
    Ptr<Ipv4PrefixRouting> prefix;     //!< its prefix routing
    Ptr<Ipv4StaticRouting> staticOnes; //!< its static routing
};

/// Link i is 10.(i / 64).(i % 64 * 4)/30: the router .1, the leaf .2.
Ipv4Address
LinkAddress(uint32_t i, uint32_t host)
{
    return Ipv4Address((10u << 24) | ((i / 64) << 8) | ((i % 64) * 4 + host));
}

Router
MakeRouter(uint32_t links)
{
    Router r;
    r.node = CreateObject<Node>();
    r.leaves.Create(links);
    Ipv4StaticRoutingHelper staticRouting;
    Ipv4ListRoutingHelper list;
    list.Add(staticRouting, 0);
    InternetStackHelper stack;
    stack.SetRoutingHelper(list);
    stack.SetIpv6StackInstall(false);
    stack.Install(r.node);
    stack.Install(r.leaves);
    Ptr<Ipv4> ipv4 = r.node->GetObject<Ipv4>();
    ipv4->SetAttribute("WeakEsModel", BooleanValue(false));
    r.prefix = CreateObject<Ipv4PrefixRouting>();
    DynamicCast<Ipv4ListRouting>(ipv4->GetRoutingProtocol())->AddRoutingProtocol(r.prefix, 10);
    r.staticOnes = staticRouting.GetStaticRouting(ipv4);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    Ipv4Mask mask("255.255.255.252");
    for (uint32_t i = 0; i < links; ++i)
    {
        NetDeviceContainer d = p2p.Install(r.node, r.leaves.Get(i));
        uint32_t rif = ipv4->AddInterface(d.Get(0));
        ipv4->AddAddress(rif, Ipv4InterfaceAddress(LinkAddress(i, 1), mask));
        ipv4->SetUp(rif);
        ipv4->SetForwarding(rif, true);
        r.interfaces.push_back(rif);
        Ptr<Ipv4> leaf = r.leaves.Get(i)->GetObject<Ipv4>();
        uint32_t lif = leaf->AddInterface(d.Get(1));
        leaf->AddAddress(lif, Ipv4InterfaceAddress(LinkAddress(i, 2), mask));
        leaf->SetUp(lif);
        staticRouting.GetStaticRouting(leaf)->SetDefaultRoute(LinkAddress(i, 1), lif);
    }
    return r;
}

/// What RouteInput called.
struct Calls
{
    uint32_t forwarded{0};       //!< unicast forward callbacks
    uint32_t delivered{0};       //!< local deliver callbacks
    Ptr<NetDevice> outputDevice; //!< of the last forwarded route
    Ipv4Address gateway;         //!< of the last forwarded route
};

Calls g_calls;

void
Forward(Ptr<Ipv4Route> route, Ptr<const Packet>, const Ipv4Header&)
{
    ++g_calls.forwarded;
    g_calls.outputDevice = route->GetOutputDevice();
    g_calls.gateway = route->GetGateway();
}

void
Deliver(Ptr<const Packet>, const Ipv4Header&, uint32_t)
{
    ++g_calls.delivered;
}

void
MulticastForward(Ptr<Ipv4MulticastRoute>, Ptr<const Packet>, const Ipv4Header&)
{
}

void
Error(Ptr<const Packet>, const Ipv4Header&, Socket::SocketErrno)
{
}

/// Hand a packet for \p destination to \p r's prefix routing as if it came in on link 0.
bool
Input(const Router& r, Ipv4Address destination)
{
    Ipv4Header h;
    h.SetSource(LinkAddress(0, 2));
    h.SetDestination(destination);
    h.SetProtocol(17);
    h.SetTtl(64);
    g_calls = Calls();
    Ptr<Ipv4> ipv4 = r.node->GetObject<Ipv4>();
    return r.prefix->RouteInput(Create<Packet>(8),
                                h,
                                ipv4->GetNetDevice(r.interfaces[0]),
                                MakeCallback(&Forward),
                                MakeCallback(&MulticastForward),
                                MakeCallback(&Deliver),
                                MakeCallback(&Error));
}

} // namespace

/// Longest-prefix match, connected routes and what follows interfaces and addresses.
class PrefixLookupTestCase : public TestCase
{
  public:
    PrefixLookupTestCase()
        : TestCase("longest prefix wins; connected routes follow interfaces and addresses")
    {
    }

  private:
    void DoRun() override
    {
        Router r = MakeRouter(3);
        Ptr<Ipv4> ipv4 = r.node->GetObject<Ipv4>();
        // Loopback (127/8) and three /30s.
        NS_TEST_EXPECT_MSG_EQ(r.prefix->GetNRoutes(), 4u, "connected routes");

        r.prefix->AddNetworkRoute(Ipv4Address("192.0.2.0"),
                                  Ipv4Mask("255.255.255.0"),
                                  LinkAddress(0, 2),
                                  r.interfaces[0]);
        r.prefix->AddNetworkRoute(Ipv4Address("192.0.2.128"),
                                  Ipv4Mask("255.255.255.128"),
                                  LinkAddress(1, 2),
                                  r.interfaces[1]);
        r.prefix->AddNetworkRoute(Ipv4Address("192.0.2.77"),
                                  Ipv4Mask("255.255.255.255"),
                                  LinkAddress(2, 2),
                                  r.interfaces[2]);
        Ipv4Address gw;
        uint32_t itf = 0;
        NS_TEST_ASSERT_MSG_EQ(r.prefix->Lookup(Ipv4Address("192.0.2.200"), gw, itf), true, "/25");
        NS_TEST_EXPECT_MSG_EQ(itf, r.interfaces[1], "the /25 beats the /24");
        NS_TEST_EXPECT_MSG_EQ(gw, LinkAddress(1, 2), "its gateway");
        NS_TEST_ASSERT_MSG_EQ(r.prefix->Lookup(Ipv4Address("192.0.2.5"), gw, itf), true, "/24");
        NS_TEST_EXPECT_MSG_EQ(itf, r.interfaces[0], "the /24");
        NS_TEST_ASSERT_MSG_EQ(r.prefix->Lookup(Ipv4Address("192.0.2.77"), gw, itf), true, "/32");
        NS_TEST_EXPECT_MSG_EQ(itf, r.interfaces[2], "the host route beats both");
        NS_TEST_ASSERT_MSG_EQ(r.prefix->Lookup(LinkAddress(1, 2), gw, itf), true, "connected");
        NS_TEST_EXPECT_MSG_EQ(itf, r.interfaces[1], "link 1");
        NS_TEST_EXPECT_MSG_EQ(gw, Ipv4Address::GetZero(), "directly reached");
        NS_TEST_EXPECT_MSG_EQ(r.prefix->Lookup(Ipv4Address("198.51.100.1"), gw, itf),
                              false,
                              "no default route");

        // A default route catches the rest.
        r.prefix->AddNetworkRoute(Ipv4Address::GetZero(),
                                  Ipv4Mask::GetZero(),
                                  LinkAddress(2, 2),
                                  r.interfaces[2]);
        NS_TEST_ASSERT_MSG_EQ(r.prefix->Lookup(Ipv4Address("198.51.100.1"), gw, itf),
                              true,
                              "default route");
        NS_TEST_EXPECT_MSG_EQ(itf, r.interfaces[2], "through link 2");
        NS_TEST_EXPECT_MSG_EQ(r.prefix->GetNRoutes(), 8u, "4 connected, 4 added");

        // Down: the connected route goes, the added ones through it stay.
        ipv4->SetDown(r.interfaces[1]);
        NS_TEST_EXPECT_MSG_EQ(r.prefix->GetNRoutes(), 7u, "link 1's connected route gone");
        NS_TEST_ASSERT_MSG_EQ(r.prefix->Lookup(LinkAddress(1, 2), gw, itf), true, "default");
        NS_TEST_EXPECT_MSG_EQ(itf, r.interfaces[2], "now by the default route");
        ipv4->SetUp(r.interfaces[1]);
        NS_TEST_ASSERT_MSG_EQ(r.prefix->Lookup(LinkAddress(1, 2), gw, itf), true, "back");
        NS_TEST_EXPECT_MSG_EQ(itf, r.interfaces[1], "connected again");

        // A second address in the same /30 keeps the route when the first goes.
        ipv4->AddAddress(r.interfaces[1],
                         Ipv4InterfaceAddress(LinkAddress(1, 3), Ipv4Mask("255.255.255.252")));
        ipv4->RemoveAddress(r.interfaces[1], LinkAddress(1, 1));
        NS_TEST_ASSERT_MSG_EQ(r.prefix->Lookup(LinkAddress(1, 2), gw, itf), true, "kept");
        NS_TEST_EXPECT_MSG_EQ(itf, r.interfaces[1], "still connected");
        ipv4->RemoveAddress(r.interfaces[1], LinkAddress(1, 3));
        NS_TEST_ASSERT_MSG_EQ(r.prefix->Lookup(LinkAddress(1, 2), gw, itf), true, "default");
        NS_TEST_EXPECT_MSG_EQ(itf, r.interfaces[2], "the last address gone, so is the route");

        NS_TEST_EXPECT_MSG_EQ(
            r.prefix->RemoveNetworkRoute(Ipv4Address("192.0.2.128"), Ipv4Mask("255.255.255.128")),
            true,
            "removed");
        NS_TEST_EXPECT_MSG_EQ(
            r.prefix->RemoveNetworkRoute(Ipv4Address("192.0.2.128"), Ipv4Mask("255.255.255.128")),
            false,
            "only once");
        NS_TEST_ASSERT_MSG_EQ(r.prefix->Lookup(Ipv4Address("192.0.2.200"), gw, itf), true, "/24");
        NS_TEST_EXPECT_MSG_EQ(itf, r.interfaces[0], "the /24 again");
        Simulator::Destroy();
    }
};

/// RouteInput: forwards, delivers the node's own addresses, leaves the rest.
class PrefixRouteInputTestCase : public TestCase
{
  public:
    PrefixRouteInputTestCase()
        : TestCase("RouteInput forwards, delivers its own addresses, leaves what it cannot route")
    {
    }

  private:
    void DoRun() override
    {
        Router r = MakeRouter(3);
        Ptr<Ipv4> ipv4 = r.node->GetObject<Ipv4>();

        NS_TEST_EXPECT_MSG_EQ(Input(r, LinkAddress(2, 2)), true, "routed");
        NS_TEST_EXPECT_MSG_EQ(g_calls.forwarded, 1u, "forwarded");
        NS_TEST_EXPECT_MSG_EQ(g_calls.outputDevice,
                              ipv4->GetNetDevice(r.interfaces[2]),
                              "out of link 2");

        // Its own address on another interface than the arriving one.
        NS_TEST_EXPECT_MSG_EQ(Input(r, LinkAddress(2, 1)), true, "handled");
        NS_TEST_EXPECT_MSG_EQ(g_calls.delivered, 1u, "delivered locally");
        NS_TEST_EXPECT_MSG_EQ(g_calls.forwarded, 0u, "not forwarded");

        NS_TEST_EXPECT_MSG_EQ(Input(r, Ipv4Address("198.51.100.1")), false, "no route: left");
        NS_TEST_EXPECT_MSG_EQ(Input(r, Ipv4Address("255.255.255.255")), false, "broadcast: left");
        NS_TEST_EXPECT_MSG_EQ(Input(r, Ipv4Address("224.0.0.9")), false, "multicast: left");
        NS_TEST_EXPECT_MSG_EQ(g_calls.forwarded + g_calls.delivered, 0u, "nothing called");

        // Forwarding off on the arriving interface: left to the next protocol.
        ipv4->SetForwarding(r.interfaces[0], false);
        NS_TEST_EXPECT_MSG_EQ(Input(r, LinkAddress(2, 2)), false, "not a router there");

        // Output: a route, and none through another interface than asked.
        Ipv4Header h;
        h.SetDestination(LinkAddress(1, 2));
        Socket::SocketErrno err;
        Ptr<Ipv4Route> route = r.prefix->RouteOutput(Create<Packet>(), h, nullptr, err);
        NS_TEST_ASSERT_MSG_NE(route, nullptr, "route out");
        NS_TEST_EXPECT_MSG_EQ(route->GetSource(), LinkAddress(1, 1), "source on link 1");
        NS_TEST_EXPECT_MSG_EQ(err, Socket::ERROR_NOTERROR, "no error");
        route =
            r.prefix->RouteOutput(Create<Packet>(), h, ipv4->GetNetDevice(r.interfaces[2]), err);
        NS_TEST_EXPECT_MSG_EQ(route, nullptr, "not through link 2");
        NS_TEST_EXPECT_MSG_EQ(err, Socket::ERROR_NOROUTETOHOST, "no route to host");
        Simulator::Destroy();
    }
};

/// UDP from every leaf to another through a router with 600 links.
class PrefixForwardingTestCase : public TestCase
{
  public:
    PrefixForwardingTestCase()
        : TestCase("600 links: every leaf's datagram reaches its peer, static routing unused")
    {
    }

  private:
    static void Count(uint32_t* n, Ptr<Socket> s)
    {
        while (s->Recv())
        {
            ++*n;
        }
    }

    void DoRun() override
    {
        const uint32_t links = 600;
        Router r = MakeRouter(links);
        // Static routing would send every datagram to leaf 0, which does not
        // forward: it must not be asked.
        for (uint32_t i = 1; i < links; ++i)
        {
            r.staticOnes->AddHostRouteTo(LinkAddress(i, 2), LinkAddress(0, 2), r.interfaces[0]);
        }
        uint32_t received = 0;
        std::vector<Ptr<Socket>> sockets;
        TypeId udp = UdpSocketFactory::GetTypeId();
        for (uint32_t i = 0; i < links; ++i)
        {
            Ptr<Socket> s = Socket::CreateSocket(r.leaves.Get(i), udp);
            s->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
            s->SetRecvCallback(MakeBoundCallback(&Count, &received));
            sockets.push_back(s);
        }
        for (uint32_t i = 0; i < links; ++i)
        {
            // Each leaf to the leaf 299 links further on.
            uint32_t peer = (i + 299) % links;
            Simulator::Schedule(MilliSeconds(i), [s = sockets[i], peer]() {
                s->SendTo(Create<Packet>(32), 0, InetSocketAddress(LinkAddress(peer, 2), 9));
            });
        }
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(received, links, "every datagram reached its peer");
        for (auto& s : sockets)
        {
            s->Close();
        }
        Simulator::Destroy();
    }
};

/// The suite.
class Ipv4PrefixRoutingTestSuite : public TestSuite
{
  public:
    Ipv4PrefixRoutingTestSuite()
        : TestSuite("ipv4-prefix-routing", UNIT)
    {
        AddTestCase(new PrefixLookupTestCase, TestCase::QUICK);
        AddTestCase(new PrefixRouteInputTestCase, TestCase::QUICK);
        AddTestCase(new PrefixForwardingTestCase, TestCase::QUICK);
    }
};

/// Registers the suite.
static Ipv4PrefixRoutingTestSuite g_ipv4PrefixRoutingTestSuite;
