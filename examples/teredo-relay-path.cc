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

const uint16_t ECHO_PORT = 9;          //!< UdpEchoServer's port
const uint32_t ECHO_REQUESTS = 3;      //!< echo requests per phase
const Time ECHO_INTERVAL = Seconds(1); //!< between them
const Time PHASE_GAP = Seconds(5);     //!< from the first phase to the second

/// Everything the trace callbacks look at and count.
struct Lab
{
    Ptr<TeredoRelay> relay;    //!< the relay
    bool started{false};       //!< the phases are scheduled
    bool relayPending{false};  //!< a packet entered the relay's tunnel; its fate not told yet
    bool relayTrustNow{false}; //!< the relay accepted a bubble in this event
    uint32_t relayQueuedA{0};  //!< packets for A the relay queued
    uint32_t relayQueuedB{0};  //!< packets for B the relay queued
    uint32_t relayBubblesA{0}; //!< indirect bubbles the relay sent for A
    uint32_t relayBubblesB{0}; //!< indirect bubbles the relay sent for B
    uint32_t serverBubbles{0}; //!< bubbles the server forwarded
    uint32_t serverData{0};    //!< anything else it forwarded over UDP (not advertisements)
    uint32_t serverPings{0};   //!< ping tests it sent out natively
    uint32_t answersA{0};      //!< echo replies A's UdpEchoClient got
    uint32_t answersH{0};      //!< echo replies H's UdpEchoClient got
};

Lab g_lab;

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

// ---- the relay ----

void
ResolveRelaySend()
{
    if (g_lab.relayPending)
    {
        g_lab.relayPending = false;
        LabSay("relay: queues it (no bubble now: the bubble rate limit)");
    }
}

void
ClearRelayEvent(std::string client)
{
    if (g_lab.relayTrustNow)
    {
        g_lab.relayTrustNow = false;
        LabSay("relay: " + client + " passed the ingress check: trusted (nothing was queued)");
    }
}

void
RelayTunnelTx(Ptr<const Packet> ipv6)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    if (!info.IsValid() || info.ipv6.GetDestination().IsMulticast() || !g_story.ShowData())
    {
        return;
    }
    std::string what = g_story.Packet6(ipv6, info);
    LabSay("relay: " + LabArticle(what) + " " + what +
           " arrives natively and enters the relay's tunnel");
    g_lab.relayPending = true;
    Simulator::ScheduleNow(&ResolveRelaySend);
}

void
RelayTx(Ptr<const Packet> p, const Address& to)
{
    InetSocketAddress dest = InetSocketAddress::ConvertFrom(to);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    std::string client = g_story.Name(info.ipv6.GetDestination());
    if (info.kind == TeredoDatagramInfo::BUBBLE)
    {
        if (g_lab.relayPending)
        {
            g_lab.relayPending = false;
            (client == "A" ? g_lab.relayQueuedA : g_lab.relayQueuedB)++;
            LabSay("relay: " + client + " is not trusted yet: the relay queues the packet and " +
                   "sends an indirect bubble (a public relay sends no direct one)");
        }
        (client == "A" ? g_lab.relayBubblesA : g_lab.relayBubblesB)++;
        LabSay("relay -> " + g_story.Who(dest) + ": indirect bubble " +
               g_story.Name(info.ipv6.GetSource()) + " > " + client + ", through " + client +
               "'s server");
        return;
    }
    if (g_lab.relayPending)
    {
        g_lab.relayPending = false;
        if (g_story.ShowData())
        {
            LabSay("relay: trusts " + client + ": sends at once");
        }
    }
    if (g_lab.relayTrustNow)
    {
        g_lab.relayTrustNow = false;
        LabSay("relay: " + client + " passed the ingress check (its bubble came from the " +
               "mapping its address names): trusted; the relay flushes its queue");
    }
    if (g_story.ShowData())
    {
        LabSay("relay -> " + g_story.Who(dest) + ": " + g_story.Packet6(p, info) + ", directly");
    }
}

void
RelayRx(Ptr<const Packet> p, const Address& from)
{
    InetSocketAddress src = InetSocketAddress::ConvertFrom(from);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::BUBBLE)
    {
        std::string client = g_story.Name(info.ipv6.GetSource());
        LabSay("relay <- " + g_story.Who(src) + ": " + client + "'s bubble");
        g_lab.relayTrustNow = true;
        Simulator::ScheduleNow(&ClearRelayEvent, client);
        return;
    }
    if (g_story.ShowData())
    {
        LabSay("relay <- " + g_story.Who(src) + ": " + g_story.Packet6(p, info));
    }
}

void
RelayTunnelRx(Ptr<const Packet> ipv6)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    if (g_story.ShowData())
    {
        LabSay("relay: hands the " + g_story.Packet6(ipv6, info) +
               " to its stack, which forwards it natively");
    }
}

void
RelayDrop(Ptr<const Packet>, TeredoRelay::DropReason reason)
{
    if (reason != TeredoRelay::TUNNEL_MULTICAST)
    {
        g_lab.relayPending = false;
        g_lab.relayTrustNow = false;
        std::string why = reason == TeredoRelay::SOURCE_MISMATCH
                              ? ": the ingress check, it came from another mapping than its "
                                "source address names"
                              : "";
        LabSay("relay: drops a packet (" + TeredoRelay::ToString(reason) + why + ")");
    }
}

// ---- the server and the NAT ----

void
ServerTx(Ptr<const Packet> p, const InetSocketAddress&, const InetSocketAddress& to)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::ROUTER_ADVERTISEMENT)
    {
        if (g_story.verbose)
        {
            LabSay("server -> " + g_story.Who(to) + ": router advertisement");
        }
        return;
    }
    (info.kind == TeredoDatagramInfo::BUBBLE ? g_lab.serverBubbles : g_lab.serverData)++;
    std::string origin;
    if (info.hasOrigin)
    {
        origin = ", origin indication added: " +
                 g_story.Who(InetSocketAddress(info.origin.GetAddress(), info.origin.GetPort()));
    }
    LabSay("server -> " + g_story.Who(to) + ": forwards the " + g_story.Describe(p, info) + origin);
}

void
ServerNativeTx(Ptr<const Packet> ipv6)
{
    ++g_lab.serverPings;
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    LabSay("server: sends the ping test (" + g_story.Packet6(ipv6, info) +
           ") out over native IPv6");
}

void
NatDrop(Ptr<const Packet> packet, const Ipv4Header& h, Ipv4Nat::DropReason reason)
{
    Ptr<Packet> p = packet->Copy();
    UdpHeader udp;
    std::string what = "a packet";
    if (h.GetProtocol() == UdpL4Protocol::PROT_NUMBER && p->RemoveHeader(udp) > 0)
    {
        TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
        what = "the " + g_story.Describe(p, info) + " from " +
               g_story.Who(InetSocketAddress(h.GetSource(), udp.GetSourcePort()));
    }
    LabSay("the NAT (" + g_story.nat + ") drops " + what + " (" +
           Ipv4Nat::DropReasonToString(reason) + ")");
}

// ---- the phases ----

void
StartClientToHost(Ptr<Node> nodeA)
{
    g_story.quiet = false;
    std::cout << "\n-- client A to the IPv6 host H (" << g_story.host << ") --\n";
    LabSay("A: UdpEchoClient starts: " + std::to_string(ECHO_REQUESTS) +
           " requests to H, one a second");
    UdpEchoClientHelper echo(g_story.host, ECHO_PORT);
    echo.SetAttribute("MaxPackets", UintegerValue(ECHO_REQUESTS));
    echo.SetAttribute("Interval", TimeValue(ECHO_INTERVAL));
    ApplicationContainer app = echo.Install(nodeA);
    app.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(+[](Ptr<const Packet>) {
                                               ++g_lab.answersA;
                                           }));
    app.Start(Seconds(0));
}

void
StartHostToClient(Ptr<Node> nodeH)
{
    g_story.quiet = false;
    Ipv6Address b = g_story.clients["B"].app->GetTeredoAddress();
    std::ostringstream os;
    os << b;
    std::cout << "\n-- the IPv6 host H to client B (" << os.str() << ") --\n";
    LabSay("H: UdpEchoClient starts: " + std::to_string(ECHO_REQUESTS) +
           " requests to B's Teredo address, one a second");
    UdpEchoClientHelper echo(b, ECHO_PORT);
    echo.SetAttribute("MaxPackets", UintegerValue(ECHO_REQUESTS));
    echo.SetAttribute("Interval", TimeValue(ECHO_INTERVAL));
    ApplicationContainer app = echo.Install(nodeH);
    app.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(+[](Ptr<const Packet>) {
                                               ++g_lab.answersH;
                                               if (g_lab.answersH == 1)
                                               {
                                                   LabSay("H: UDP echo reply from B received");
                                                   g_story.RoundTripDone();
                                               }
                                           }));
    app.Start(Seconds(0));
}

void
Qualified(std::string n,
          Ptr<Node> nodeA,
          Ptr<Node> nodeH,
          Ipv6Address address,
          TeredoQualification::NatType)
{
    TeredoAddress t = TeredoAddress::Decode(address);
    g_story.clients[n].mapping = InetSocketAddress(t.GetMappedAddress(), t.GetMappedPort());
    std::ostringstream os;
    os << n << ": qualified as " << address << "; its NAT maps it to "
       << LabStr(g_story.clients[n].mapping);
    LabSay(os.str());
    if (!g_lab.started && g_story.clients["A"].app->IsQualified() &&
        g_story.clients["B"].app->IsQualified())
    {
        g_lab.started = true;
        Simulator::Schedule(Seconds(1), &StartClientToHost, nodeA);
        Simulator::Schedule(Seconds(1) + PHASE_GAP, &StartHostToClient, nodeH);
    }
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
    world.AddIpv6Host();
    world.Build();
    world.AssignStreams(1);
    TeredoServerHelper serverHelper(world.GetServerPrimaryAddress(),
                                    world.GetServerSecondaryAddress());
    Ptr<TeredoServer> server =
        DynamicCast<TeredoServer>(serverHelper.Install(world.GetServerNode()).Get(0));
    g_lab.relay = DynamicCast<TeredoRelay>(TeredoRelayHelper().Install(world.GetRelay(0)).Get(0));
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

    for (const std::string n : {"A", "B"})
    {
        Ptr<TeredoClient> c = g_story.clients[n].app;
        c->TraceConnectWithoutContext("Qualified", MakeBoundCallback(&Qualified, n, nodeA, nodeH));
        g_story.Watch(n);
    }
    g_lab.relay->TraceConnectWithoutContext("TunnelTx", MakeCallback(&RelayTunnelTx));
    g_lab.relay->TraceConnectWithoutContext("Tx", MakeCallback(&RelayTx));
    g_lab.relay->TraceConnectWithoutContext("Rx", MakeCallback(&RelayRx));
    g_lab.relay->TraceConnectWithoutContext("TunnelRx", MakeCallback(&RelayTunnelRx));
    g_lab.relay->TraceConnectWithoutContext("Drop", MakeCallback(&RelayDrop));
    server->TraceConnectWithoutContext("Tx", MakeCallback(&ServerTx));
    server->TraceConnectWithoutContext("NativeTx", MakeCallback(&ServerNativeTx));
    if (Ptr<Ipv4Nat> n = world.GetNat(0))
    {
        n->TraceConnectWithoutContext("Drop", MakeCallback(&NatDrop));
    }

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
    bool toClient = g_lab.answersH > 0 && b.dataToRelay == b.data;
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
        verdict << g_lab.answersH << " of " << ECHO_REQUESTS << " answered, the relay queued "
                << g_lab.relayQueuedB << ", bubbled " << g_lab.relayBubblesB
                << " and delivered, B ping-tested " << b.pingTests;
    }
    else
    {
        verdict << "FAILED, " << g_lab.answersH << " of " << ECHO_REQUESTS << " answered";
    }
    verdict << "; relay carried " << g_lab.relay->GetRelayedToTeredo() << " to Teredo and "
            << g_lab.relay->GetRelayedToNative() << " to native; server forwarded "
            << LabPlural(g_lab.serverData, "data packet");
    std::cout << verdict.str() << "\n";
    Simulator::Destroy();
    return toHost && toClient ? 0 : 1;
}
