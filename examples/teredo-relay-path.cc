/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Lab: a Teredo client and a native IPv6-only host, through a Teredo relay
// (RFC 4380 sections 5.2.9 and 5.4).
//
// TeredoTopologyHelper builds a server (192.0.2.1 and .2), one site behind
// --nat with two Teredo clients, A and B, a Teredo relay on both Internets
// (the IPv6 core routes the Teredo prefix 2001::/32 to it) and an IPv6-only
// host H. The client, relay, server and NAT traces tell, in order and with
// times, what happens in two phases:
//
// Client to host: A sends three UDP echo requests to H (UdpEchoClient).
//   1. H is native and A knows no relay for it: A queues the request and
//      sends a ping test (an ICMPv6 echo request to H) through its server,
//      which sends it out over native IPv6 (section 5.2.9);
//   2. H's echo reply goes to A's Teredo address, so through the relay, which
//      does not trust A yet: it queues the reply and sends an indirect bubble
//      through A's server, which adds the origin indication (the relay's
//      address and port);
//   3. A answers with a direct bubble to the relay (opening its NAT toward
//      it); the relay trusts A and flushes its queue: the echo reply reaches
//      A, which now knows H's relay, trusts it and flushes its own queue;
//   4. from then on A and the relay exchange directly over UDP/IPv4, and the
//      relay carries the packets to and from H over native IPv6.
// Host to client: H sends three UDP echo requests to B's Teredo address.
//   5. The relay queues the first, bubbles through B's server, B answers, and
//      the relay delivers;
//   6. B has not verified this relay for H: it holds the request and checks
//      with a ping test of its own; the answer comes through the same relay,
//      and B delivers what it held. Then echo replies go straight to the relay.
//
// What to observe: the ping tests and bubbles are the only packets through the
// server; data goes between the client's NAT mapping and the relay. Behind a
// symmetric NAT the relay refuses the client's bubble (its ingress check: the
// packet comes from another port than the client's address says).
//
//   teredo-relay-path [--nat=port-restricted-cone] [--duration=12] [--verbose]
//                     [--RngSeed=1] [--RngRun=1]
//
// NAT names: none, full-cone, restricted-cone, port-restricted-cone, symmetric.
// --verbose shows every datagram (solicitations, advertisements, all data).
// The last line is the verdict, with the counts.

#include "teredo-lab-narrator.h"
#include "teredo-relay-lab.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/teredo-module.h"

#include <iostream>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("TeredoRelayPathExample");

namespace
{

using World = TeredoTopologyHelper;

const uint16_t ECHO_PORT = 9;                                 //!< UdpEchoServer's port
const uint32_t ECHO_REQUESTS = TeredoRelayLab::ECHO_REQUESTS; //!< echo requests per phase

/// The words this lab tells the clients' story with.
TeredoLabNarrator::Roles
MakeRoles()
{
    TeredoLabNarrator::Roles r;
    r.host = "H";
    r.relayTag = "relay";
    r.relay = "the relay";
    r.trustedRelay = "the relay";
    r.unverifiedRelay = "this relay serves";
    r.sameRelay = "through the same relay";
    r.pingAnswered = [](const std::string& n, const std::string& who, const std::string& peer) {
        return n + ": the answer to its ping test came through " + who + ": " + n +
               " trusts it as " + peer + "'s relay and flushes its queue there";
    };
    r.fromUnverified = [](const std::string& n) {
        return ", from a native host through a relay " + n + " has not verified";
    };
    return r;
}

/// The clients' story, and the names of endpoints and packets.
TeredoLabNarrator g_story(MakeRoles(), ECHO_PORT);

/// How this lab speaks of its relay and host.
TeredoRelayLab::Words
MakeWords()
{
    TeredoRelayLab::Words w;
    w.relayTag = "relay";
    w.relaySubject = "the relay";
    w.publicNote = "a public relay sends no direct one";
    w.directly = ", directly";
    w.hostTitle = "the IPv6 host H";
    w.hostSubject = "the IPv6 host H";
    w.tunnelTx = [](const std::string& what) {
        return "relay: " + what + " arrives natively and enters the relay's tunnel";
    };
    w.tunnelRx = [](const std::string& packet) {
        return "relay: hands the " + packet + " to its stack, which forwards it natively";
    };
    return w;
}

/// The two phases, and what the relay, server and NAT do in them.
TeredoRelayLab g_lab(g_story, MakeWords(), ECHO_PORT);

} // namespace

int
main(int argc, char* argv[])
{
    std::string nat = "port-restricted-cone";
    double duration = 12;
    bool verbose = false;
    RngSeedManager::SetSeed(1); // the defaults; --RngSeed and --RngRun override them
    RngSeedManager::SetRun(1);
    CommandLine cmd(__FILE__);
    cmd.AddValue("nat",
                 "the clients' NAT: none, full-cone, restricted-cone, port-restricted-cone or "
                 "symmetric",
                 nat);
    cmd.AddValue("duration", "simulated seconds", duration);
    cmd.AddValue("verbose", "print every datagram", verbose);
    cmd.Parse(argc, argv);
    World::SiteNat site;
    if (!World::SiteNatFromString(nat, site))
    {
        std::cerr << "--nat: none, full-cone, restricted-cone, port-restricted-cone or "
                     "symmetric\n";
        return 2;
    }
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    g_story.verbose = verbose;
    g_story.nat = nat;

    World world;
    world.AddSite(site, 2);
    world.AddRelay();
    world.AddIpv6Host();
    world.Build();
    world.AssignStreams(1);
    TeredoServerHelper serverHelper(world.GetServerPrimaryAddress(),
                                    world.GetServerSecondaryAddress());
    Ptr<TeredoServer> server =
        DynamicCast<TeredoServer>(serverHelper.Install(world.GetServerNode()).Get(0));
    Ptr<TeredoRelay> relay =
        DynamicCast<TeredoRelay>(TeredoRelayHelper().Install(world.GetRelay(0)).Get(0));
    ApplicationContainer clients =
        TeredoClientHelper(world.GetServerPrimaryAddress()).Install(world.GetAllClients());
    TeredoClientHelper::AssignStreams(clients, 100);
    clients.Start(Seconds(1));
    g_story.clients["A"].app = DynamicCast<TeredoClient>(clients.Get(0));
    g_story.clients["B"].app = DynamicCast<TeredoClient>(clients.Get(1));
    g_story.host = world.GetIpv6HostAddress(0);
    g_story.server = InetSocketAddress(world.GetServerPrimaryAddress(), TeredoAddress::SERVER_PORT);
    g_story.relayEp = InetSocketAddress(world.GetRelayIpv4Address(0), TeredoAddress::SERVER_PORT);
    Ptr<Node> nodeA = world.GetClients(0).Get(0);
    Ptr<Node> nodeH = world.GetIpv6Host(0);
    UdpEchoServerHelper(ECHO_PORT).Install(nodeH).Start(Seconds(0));
    UdpEchoServerHelper(ECHO_PORT).Install(world.GetClients(0).Get(1)).Start(Seconds(0));

    g_lab.Watch(relay, server, world.GetNat(0), nodeA, nodeH);

    std::cout << "Teredo relay path: clients A and B behind " << nat << ", server "
              << LabStr(g_story.server) << ", relay " << LabStr(g_story.relayEp) << " and "
              << world.GetRelayIpv6Address(0) << ", IPv6-only host H " << g_story.host << "\n";
    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    const TeredoLabNarrator::ClientLog& a = g_story.clients["A"];
    const TeredoLabNarrator::ClientLog& b = g_story.clients["B"];
    std::cout << "\n";
    if (g_story.notShown > 0)
    {
        std::cout << "(" << g_story.notShown << " later data events not shown)\n";
    }
    std::cout << "A: " << LabPlural(a.pingTests, "ping test") << ", "
              << LabPlural(a.bubbles, "bubble") << ", " << a.dataToRelay << " of "
              << LabPlural(a.data, "data packet")
              << " straight to the relay; B: " << LabPlural(b.pingTests, "ping test") << ", "
              << LabPlural(b.bubbles, "bubble") << ", " << b.dataToRelay << " of "
              << LabPlural(b.data, "data packet") << " straight to the relay\n";
    std::cout << "relay: " << g_lab.relay->GetRelayedToTeredo() << " packets to Teredo, "
              << g_lab.relay->GetRelayedToNative() << " to native, "
              << LabPlural(g_lab.relay->GetBubblesSent(), "indirect bubble") << ", "
              << g_lab.relay->GetTotalDropCount() -
                     g_lab.relay->GetDropCount(TeredoRelay::TUNNEL_MULTICAST)
              << " dropped (besides the stack's own multicast); server: forwarded "
              << LabPlural(g_lab.serverBubbles, "bubble") << " and "
              << LabPlural(g_lab.serverData, "data packet") << ", sent "
              << LabPlural(g_lab.serverPings, "ping test") << " natively\n";

    bool toHost = g_lab.answersA > 0 && a.dataToRelay == a.data;
    bool toClient = g_lab.answersHost > 0 && b.dataToRelay == b.data;
    std::ostringstream verdict;
    verdict << "client->host: ";
    if (toHost)
    {
        verdict << g_lab.answersA << " of " << ECHO_REQUESTS
                << " echoes answered through the relay after "
                << LabPlural(a.pingTests, "ping test") << " and "
                << LabPlural(g_lab.relayBubblesA, "relay bubble");
    }
    else
    {
        verdict << "FAILED, " << g_lab.answersA << " of " << ECHO_REQUESTS << " answered";
    }
    verdict << "; host->client: ";
    if (toClient)
    {
        verdict << g_lab.answersHost << " of " << ECHO_REQUESTS << " answered, the relay queued "
                << g_lab.relayQueuedB << ", bubbled " << g_lab.relayBubblesB
                << " and delivered, B ping-tested " << b.pingTests;
    }
    else
    {
        verdict << "FAILED, " << g_lab.answersHost << " of " << ECHO_REQUESTS << " answered";
    }
    verdict << "; relay carried " << g_lab.relay->GetRelayedToTeredo() << " to Teredo and "
            << g_lab.relay->GetRelayedToNative() << " to native; server forwarded "
            << LabPlural(g_lab.serverData, "data packet");
    std::cout << verdict.str() << "\n";
    Simulator::Destroy();
    return toHost && toClient ? 0 : 1;
}
