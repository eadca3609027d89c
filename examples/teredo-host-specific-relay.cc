/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Lab: a Teredo host-specific relay (RFC 4380): a dual-stack host with native
// IPv6 talks to Teredo clients directly over UDP/IPv4, with the relay's
// machinery (section 5.4) for its own traffic and no Teredo relay in between.
//
// TeredoTopologyHelper builds a server (192.0.2.1 and .2), one site behind
// --nat with two Teredo clients, A and B, a Teredo relay R (the IPv6 core
// routes the Teredo prefix 2001::/32 to it, so every native host without a
// Teredo interface of its own reaches clients through R) and a dual-stack host
// S running HostSpecificRelay: the Teredo prefix is routed into S's own
// tunnel, for S's own traffic. The client, S, server and NAT traces tell, in
// order and with times, what happens in two phases:
//
// Client to S: A sends three UDP echo requests to S's native IPv6 address.
//   1. S is native: A queues the request and sends a ping test through its
//      server, which sends it out over native IPv6 to S;
//   2. S answers to A's Teredo address through its own tunnel: S queues the
//      echo reply and sends an indirect bubble through A's server (origin
//      indication: S's IPv4 address and port 3544);
//   3. A answers with a direct bubble to S; S trusts A and flushes: the reply
//      comes from S's own IPv4 address, so A takes S as S's own "relay";
//   4. data then goes directly between A's NAT mapping and S, over IPv4.
// S to client: S sends three UDP echo requests to B's Teredo address: S
//   queues, bubbles through B's server, B answers, S delivers; B checks with a
//   ping test that S really is the relay for S, then answers directly.
//
// What to observe: every data packet goes between a client's mapping and S's
// IPv4 address; the Teredo relay R sees nothing (its counters and traces stay
// at 0), and the server carries only bubbles and ping tests.
//
//   teredo-host-specific-relay [--nat=port-restricted-cone] [--duration=12]
//                              [--verbose] [--RngSeed=1] [--RngRun=1]
//
// NAT names: none, full-cone, restricted-cone, port-restricted-cone, symmetric.
// --verbose shows every datagram (solicitations, advertisements, all data).
// The last line is the verdict, with the Teredo relay's counters.

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

NS_LOG_COMPONENT_DEFINE("TeredoHostSpecificRelayExample");

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
    r.host = "S";
    r.relayTag = "S";
    r.relay = "S";
    r.trustedRelay = "S's own address as the relay";
    r.unverifiedRelay = "this IPv4 address relays for";
    r.sameRelay = "from the same address, S itself";
    r.pingAnswered = [](const std::string& n, const std::string& who, const std::string& peer) {
        return n + ": the answer to its ping test came from " + who + ", S itself: " + n +
               " trusts it as the relay for " + peer + " and flushes its queue there";
    };
    r.fromUnverified = [](const std::string& n) {
        return ", from a native address " + n + " has not verified at this IPv4 address";
    };
    return r;
}

/// The clients' story, and the names of endpoints and packets.
TeredoLabNarrator g_story(MakeRoles(), ECHO_PORT);

/// How this lab speaks of S as the relay and as the host.
TeredoRelayLab::Words
MakeWords()
{
    TeredoRelayLab::Words w;
    w.relayTag = "S";
    w.relaySubject = "S";
    w.publicNote = "S is public: no direct one";
    w.directly = ", directly over IPv4";
    w.hostTitle = "S's native address";
    w.hostSubject = "S";
    w.tunnelTx = [](const std::string& what) {
        return "S: its stack sends " + what + " into S's own tunnel";
    };
    w.tunnelRx = [](const std::string& packet) {
        return "S: " + packet + " delivered to S's own stack";
    };
    return w;
}

/// The two phases, and what S, the server and the NAT do in them.
TeredoRelayLab g_lab(g_story, MakeWords(), ECHO_PORT);

/// R, the Teredo relay, which should see nothing.
struct TeredoRelayWatch
{
    Ptr<TeredoRelay> relay;                         //!< R
    InetSocketAddress ep{Ipv4Address::GetAny(), 0}; //!< R's IPv4 address:3544
    uint32_t seen{0};                               //!< datagrams and packets R's traces reported
};

TeredoRelayWatch g_r;

// ---- R, the Teredo relay: it should see nothing ----

void
TeredoRelayEvent(std::string what, Ptr<const Packet>)
{
    ++g_r.seen;
    LabSay("Teredo relay R: " + what + " (not expected on this path)");
}

void
TeredoRelayDatagram(std::string what, Ptr<const Packet> p, const Address&)
{
    TeredoRelayEvent(what, p);
}

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
    world.AddHostSpecificRelay();
    world.Build();
    world.AssignStreams(1);
    TeredoServerHelper serverHelper(world.GetServerPrimaryAddress(),
                                    world.GetServerSecondaryAddress());
    Ptr<TeredoServer> server =
        DynamicCast<TeredoServer>(serverHelper.Install(world.GetServerNode()).Get(0));
    g_r.relay = DynamicCast<TeredoRelay>(TeredoRelayHelper().Install(world.GetRelay(0)).Get(0));
    Ptr<TeredoRelay> hostRelay = DynamicCast<TeredoRelay>(
        HostSpecificRelayHelper().Install(world.GetHostSpecificRelay(0)).Get(0));
    ApplicationContainer clients =
        TeredoClientHelper(world.GetServerPrimaryAddress()).Install(world.GetAllClients());
    TeredoClientHelper::AssignStreams(clients, 100);
    clients.Start(Seconds(1));
    g_story.clients["A"].app = DynamicCast<TeredoClient>(clients.Get(0));
    g_story.clients["B"].app = DynamicCast<TeredoClient>(clients.Get(1));
    g_story.host = world.GetHostSpecificRelayIpv6Address(0);
    g_story.server = InetSocketAddress(world.GetServerPrimaryAddress(), TeredoAddress::SERVER_PORT);
    g_story.relayEp =
        InetSocketAddress(world.GetHostSpecificRelayIpv4Address(0), TeredoAddress::SERVER_PORT);
    g_r.ep = InetSocketAddress(world.GetRelayIpv4Address(0), TeredoAddress::SERVER_PORT);
    g_story.AddEndpoint(g_r.ep, "Teredo relay R");
    Ptr<Node> nodeA = world.GetClients(0).Get(0);
    Ptr<Node> nodeS = world.GetHostSpecificRelay(0);
    UdpEchoServerHelper(ECHO_PORT).Install(nodeS).Start(Seconds(0));
    UdpEchoServerHelper(ECHO_PORT).Install(world.GetClients(0).Get(1)).Start(Seconds(0));

    g_lab.Watch(hostRelay, server, world.GetNat(0), nodeA, nodeS);
    Ptr<TeredoRelay> r = g_r.relay;
    r->TraceConnectWithoutContext("Tx",
                                  MakeBoundCallback(&TeredoRelayDatagram, std::string("sends")));
    r->TraceConnectWithoutContext("Rx",
                                  MakeBoundCallback(&TeredoRelayDatagram, std::string("receives")));
    r->TraceConnectWithoutContext(
        "TunnelRx",
        MakeBoundCallback(&TeredoRelayEvent, std::string("hands a packet to its stack")));

    std::cout << "Teredo host-specific relay: clients A and B behind " << nat << ", server "
              << LabStr(g_story.server) << ", host-specific relay S " << LabStr(g_story.relayEp)
              << " and " << g_story.host << ", Teredo relay R " << LabStr(g_r.ep) << " and "
              << world.GetRelayIpv6Address(0) << "\n";
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
              << " straight to S; B: " << LabPlural(b.pingTests, "ping test") << ", "
              << LabPlural(b.bubbles, "bubble") << ", " << b.dataToRelay << " of "
              << LabPlural(b.data, "data packet") << " straight to S\n";
    std::cout << "S (host-specific relay): " << g_lab.relay->GetRelayedToTeredo()
              << " packets to Teredo, " << g_lab.relay->GetRelayedToNative()
              << " to its own stack, "
              << LabPlural(g_lab.relay->GetBubblesSent(), "indirect bubble")
              << "; server: forwarded " << LabPlural(g_lab.serverBubbles, "bubble") << " and "
              << LabPlural(g_lab.serverData, "data packet") << ", sent "
              << LabPlural(g_lab.serverPings, "ping test") << " natively\n";
    std::cout << "Teredo relay R: GetRelayedToTeredo " << r->GetRelayedToTeredo()
              << ", GetRelayedToNative " << r->GetRelayedToNative() << ", GetBubblesSent "
              << r->GetBubblesSent() << ", GetPeerCount " << r->GetPeerCount() << ", " << g_r.seen
              << " datagrams or packets in its traces\n";

    bool toHost = g_lab.answersA > 0 && a.dataToRelay == a.data;
    bool toClient = g_lab.answersHost > 0 && b.dataToRelay == b.data;
    bool relayIdle = r->GetRelayedToTeredo() == 0 && r->GetRelayedToNative() == 0 &&
                     r->GetBubblesSent() == 0 && g_r.seen == 0;
    std::ostringstream verdict;
    verdict << "host-specific relay: ";
    if (toHost && toClient)
    {
        verdict << "client->S " << g_lab.answersA << " of " << ECHO_REQUESTS << " and S->client "
                << g_lab.answersHost << " of " << ECHO_REQUESTS
                << " echoes answered, all data directly between the clients' mappings and "
                << LabStr(g_story.relayEp) << " over IPv4";
    }
    else
    {
        verdict << "FAILED, client->S " << g_lab.answersA << " of " << ECHO_REQUESTS
                << " and S->client " << g_lab.answersHost << " of " << ECHO_REQUESTS
                << " echoes answered";
    }
    verdict << "; Teredo relay R " << (relayIdle ? "untouched" : "USED") << ": "
            << r->GetRelayedToTeredo() << " to Teredo, " << r->GetRelayedToNative()
            << " to native, " << LabPlural(r->GetBubblesSent(), "bubble") << "; server forwarded "
            << LabPlural(g_lab.serverData, "data packet");
    std::cout << verdict.str() << "\n";
    Simulator::Destroy();
    return toHost && toClient && relayIdle ? 0 : 1;
}
