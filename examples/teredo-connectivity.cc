/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Who can reach whom over Teredo, and by which path.
//
// For each qualification procedure, each ordered pair of NAT types (none, full
// cone, restricted cone, port-restricted cone, symmetric) gets a small Teredo
// world built by TeredoTopologyHelper: a server, a relay, an IPv6-only host, a
// host-specific relay, and two sites with one client each. Client A sends ten
// UDP echo requests to client B's Teredo address (stock UdpEchoClient and
// UdpEchoServer over the Teredo interface); the cell says what happened:
//
//   direct      answers came, and once set up the server forwarded nothing
//               (bubbles through the server opened both NATs, then UDP went
//               straight between the two NAT mappings)
//   via relay   answers came through a Teredo relay
//   failed      no answer (why: see doc/teredo.rst)
//
// Two more columns: client A to the IPv6-only host (through the relay, found by
// a ping test through the server) and to the host-specific relay's own
// address (direct, no relay).
//
// What to observe: every pair without a symmetric NAT connects directly, under
// both procedures; the RFC 4380 procedure leaves a client behind a symmetric
// NAT off-line, and under RFC 5991 it qualifies but its peers refuse its
// packets, which come from another port than its address says.
//
//   teredo-connectivity [--procedure=both|rfc4380|rfc5991]

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/teredo-module.h"

#include <iomanip>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("TeredoConnectivityExample");

namespace
{

using Q = TeredoQualification;
using World = TeredoTopologyHelper;

/// What to reach from client A.
enum Target
{
    CLIENT_B,   //!< the other client
    IPV6_HOST,  //!< the IPv6-only host
    HOST_RELAY, //!< the host-specific relay
};

void
CountAnswer(uint32_t* n, Ptr<const Packet>)
{
    ++*n;
}

/**
 * Build a world, send ten echoes from client A, and tell how they went.
 * \return "direct", "via relay", "failed" or "A offline"/"B offline"
 */
std::string
RunCell(World::SiteNat natA, World::SiteNat natB, Q::Procedure procedure, Target target)
{
    World world;
    world.AddSite(natA, 1);
    world.AddSite(natB, 1);
    world.AddRelay();
    world.AddIpv6Host();
    world.AddHostSpecificRelay();
    world.Build();
    world.AssignStreams(100);
    TeredoServerHelper serverHelper(world.GetServerPrimaryAddress(),
                                    world.GetServerSecondaryAddress());
    Ptr<TeredoServer> server =
        DynamicCast<TeredoServer>(serverHelper.Install(world.GetServerNode()).Get(0));
    Ptr<TeredoRelay> relay =
        DynamicCast<TeredoRelay>(TeredoRelayHelper().Install(world.GetRelay(0)).Get(0));
    HostSpecificRelayHelper().Install(world.GetHostSpecificRelay(0));
    TeredoClientHelper clientHelper(world.GetServerPrimaryAddress());
    clientHelper.SetAttribute("Procedure", EnumValue(procedure));
    ApplicationContainer clients = clientHelper.Install(world.GetAllClients());
    TeredoClientHelper::AssignStreams(clients, 1000);
    clients.Start(Seconds(1));
    Ptr<TeredoClient> a = DynamicCast<TeredoClient>(clients.Get(0));
    Ptr<TeredoClient> b = DynamicCast<TeredoClient>(clients.Get(1));

    Ptr<Node> echoNode = target == CLIENT_B    ? world.GetClients(1).Get(0)
                         : target == IPV6_HOST ? world.GetIpv6Host(0)
                                               : world.GetHostSpecificRelay(0);
    UdpEchoServerHelper echoServer(9);
    echoServer.Install(echoNode).Start(Seconds(0));
    uint32_t answers = 0;
    Ipv6Address to = target == IPV6_HOST    ? world.GetIpv6HostAddress(0)
                     : target == HOST_RELAY ? world.GetHostSpecificRelayIpv6Address(0)
                                            : Ipv6Address::GetAny();
    Simulator::Schedule(Seconds(20), [&]() {
        Ipv6Address destination = target == CLIENT_B ? b->GetTeredoAddress() : to;
        if (!a->IsQualified() || destination == Ipv6Address::GetAny())
        {
            return;
        }
        UdpEchoClientHelper echo(destination, 9);
        echo.SetAttribute("MaxPackets", UintegerValue(10));
        echo.SetAttribute("Interval", TimeValue(Seconds(1)));
        ApplicationContainer app = echo.Install(world.GetClients(0).Get(0));
        app.Get(0)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&CountAnswer, &answers));
        app.Start(Seconds(0));
    });
    uint64_t forwardedAt25 = 0;
    Simulator::Schedule(Seconds(25),
                        [&]() { forwardedAt25 = server->GetForwardedToTeredoCount(); });
    Simulator::Stop(Seconds(31));
    Simulator::Run();

    std::string cell;
    if (!a->IsQualified())
    {
        cell = "A offline";
    }
    else if (target == CLIENT_B && !b->IsQualified())
    {
        cell = "B offline";
    }
    else if (answers == 0)
    {
        cell = "failed";
    }
    else if (relay->GetForwardedToNativeCount() > 0 || relay->GetForwardedToTeredoCount() > 0)
    {
        cell = "via relay";
    }
    else if (server->GetForwardedToTeredoCount() == forwardedAt25)
    {
        cell = "direct";
    }
    else
    {
        cell = "via server";
    }
    if (answers > 0 && answers < 10)
    {
        cell += " (" + std::to_string(answers) + "/10)";
    }
    Simulator::Destroy();
    return cell;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string procedure = "both";
    CommandLine cmd(__FILE__);
    cmd.AddValue("procedure", "both, rfc4380 or rfc5991", procedure);
    cmd.Parse(argc, argv);
    if (procedure != "both" && procedure != "rfc4380" && procedure != "rfc5991")
    {
        std::cerr << "--procedure must be both, rfc4380 or rfc5991\n";
        return 2;
    }
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);

    const World::SiteNat nats[] = {World::NONE,
                                   World::FULL_CONE,
                                   World::RESTRICTED_CONE,
                                   World::PORT_RESTRICTED_CONE,
                                   World::SYMMETRIC};
    uint32_t cells = 0;
    uint32_t direct = 0;
    for (Q::Procedure p : {Q::RFC4380, Q::RFC5991})
    {
        if ((p == Q::RFC4380 && procedure == "rfc5991") ||
            (p == Q::RFC5991 && procedure == "rfc4380"))
        {
            continue;
        }
        std::cout << "\nProcedure " << (p == Q::RFC4380 ? "RFC 4380" : "RFC 5991")
                  << ": client A (rows) sends UDP echoes to\n";
        std::cout << std::left << std::setw(22) << "A behind";
        for (World::SiteNat b : nats)
        {
            std::cout << std::setw(24) << ("B: " + World::SiteNatToString(b));
        }
        std::cout << std::setw(14) << "IPv6 host"
                  << "host-spec. relay\n";
        for (World::SiteNat a : nats)
        {
            std::cout << std::setw(22) << World::SiteNatToString(a);
            for (World::SiteNat b : nats)
            {
                std::string cell = RunCell(a, b, p, CLIENT_B);
                std::cout << std::setw(24) << cell << std::flush;
                ++cells;
                direct += cell == "direct" ? 1 : 0;
            }
            std::cout << std::setw(14) << RunCell(a, World::NONE, p, IPV6_HOST);
            std::cout << RunCell(a, World::NONE, p, HOST_RELAY) << "\n";
        }
    }
    std::cout << "\n" << direct << " of " << cells << " client pairs connected directly\n";
    return 0;
}
