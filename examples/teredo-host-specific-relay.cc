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

const uint16_t ECHO_PORT = 9;          //!< UdpEchoServer's port
const uint32_t ECHO_REQUESTS = 3;      //!< echo requests per phase
const Time ECHO_INTERVAL = Seconds(1); //!< between them
const Time PHASE_GAP = Seconds(5);     //!< from the first phase to the second

/// Everything the trace callbacks look at and count.
struct Lab
{
    Ptr<TeredoRelay> relay;       //!< S's HostSpecificRelay
    Ptr<TeredoRelay> teredoRelay; //!< R, the Teredo relay, which should see nothing
    InetSocketAddress teredoRelayEp{Ipv4Address::GetAny(), 0}; //!< R's IPv4 address:3544
    uint32_t teredoRelaySeen{0}; //!< datagrams and packets R's traces reported
    bool started{false};         //!< the phases are scheduled
    bool relayPending{false};    //!< a packet entered S's tunnel; its fate not told yet
    bool relayTrustNow{false};   //!< S accepted a bubble in this event
    uint32_t relayQueuedA{0};    //!< packets for A S queued
    uint32_t relayQueuedB{0};    //!< packets for B S queued
    uint32_t relayBubblesA{0};   //!< indirect bubbles S sent for A
    uint32_t relayBubblesB{0};   //!< indirect bubbles S sent for B
    uint32_t serverBubbles{0};   //!< bubbles the server forwarded
    uint32_t serverData{0};      //!< anything else it forwarded over UDP (not advertisements)
    uint32_t serverPings{0};     //!< ping tests it sent out natively
    uint32_t answersA{0};        //!< echo replies A's UdpEchoClient got
    uint32_t answersS{0};        //!< echo replies S's UdpEchoClient got
};

Lab g_lab;

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

// ---- S, the host-specific relay ----

void
ResolveRelaySend()
{
    if (g_lab.relayPending)
    {
        g_lab.relayPending = false;
        LabSay("S: queues it (no bubble now: the bubble rate limit)");
    }
}

void
ClearRelayEvent(std::string client)
{
    if (g_lab.relayTrustNow)
    {
        g_lab.relayTrustNow = false;
        LabSay("S: " + client + " passed the ingress check: trusted (nothing was queued)");
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
    LabSay("S: its stack sends " + LabArticle(what) + " " + what + " into S's own tunnel");
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
            LabSay("S: " + client + " is not trusted yet: S queues the packet and sends an " +
                   "indirect bubble (S is public: no direct one)");
        }
        (client == "A" ? g_lab.relayBubblesA : g_lab.relayBubblesB)++;
        LabSay("S -> " + g_story.Who(dest) + ": indirect bubble " +
               g_story.Name(info.ipv6.GetSource()) + " > " + client + ", through " + client +
               "'s server");
        return;
    }
    if (g_lab.relayPending)
    {
        g_lab.relayPending = false;
        if (g_story.ShowData())
        {
            LabSay("S: trusts " + client + ": sends at once");
        }
    }
    if (g_lab.relayTrustNow)
    {
        g_lab.relayTrustNow = false;
        LabSay("S: " + client + " passed the ingress check (its bubble came from the " +
               "mapping its address names): trusted; S flushes its queue");
    }
    if (g_story.ShowData())
    {
        LabSay("S -> " + g_story.Who(dest) + ": " + g_story.Packet6(p, info) +
               ", directly over IPv4");
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
        LabSay("S <- " + g_story.Who(src) + ": " + client + "'s bubble");
        g_lab.relayTrustNow = true;
        Simulator::ScheduleNow(&ClearRelayEvent, client);
        return;
    }
    if (g_story.ShowData())
    {
        LabSay("S <- " + g_story.Who(src) + ": " + g_story.Packet6(p, info));
    }
}

void
RelayTunnelRx(Ptr<const Packet> ipv6)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    if (g_story.ShowData())
    {
        LabSay("S: " + g_story.Packet6(ipv6, info) + " delivered to S's own stack");
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
        LabSay("S: drops a packet (" + TeredoRelay::ToString(reason) + why + ")");
    }
}

// ---- R, the Teredo relay: it should see nothing ----

void
TeredoRelayEvent(std::string what, Ptr<const Packet>)
{
    ++g_lab.teredoRelaySeen;
    LabSay("Teredo relay R: " + what + " (not expected on this path)");
}

void
TeredoRelayDatagram(std::string what, Ptr<const Packet> p, const Address&)
{
    TeredoRelayEvent(what, p);
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
    std::cout << "\n-- client A to S's native address (" << g_story.host << ") --\n";
    LabSay("A: UdpEchoClient starts: " + std::to_string(ECHO_REQUESTS) +
           " requests to S, one a second");
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
StartHostToClient(Ptr<Node> nodeS)
{
    g_story.quiet = false;
    Ipv6Address b = g_story.clients["B"].app->GetTeredoAddress();
    std::ostringstream os;
    os << b;
    std::cout << "\n-- S to client B (" << os.str() << ") --\n";
    LabSay("S: UdpEchoClient starts: " + std::to_string(ECHO_REQUESTS) +
           " requests to B's Teredo address, one a second");
    UdpEchoClientHelper echo(b, ECHO_PORT);
    echo.SetAttribute("MaxPackets", UintegerValue(ECHO_REQUESTS));
    echo.SetAttribute("Interval", TimeValue(ECHO_INTERVAL));
    ApplicationContainer app = echo.Install(nodeS);
    app.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(+[](Ptr<const Packet>) {
                                               ++g_lab.answersS;
                                               if (g_lab.answersS == 1)
                                               {
                                                   LabSay("S: UDP echo reply from B received");
                                                   g_story.RoundTripDone();
                                               }
                                           }));
    app.Start(Seconds(0));
}

void
Qualified(std::string n,
          Ptr<Node> nodeA,
          Ptr<Node> nodeS,
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
        Simulator::Schedule(Seconds(1) + PHASE_GAP, &StartHostToClient, nodeS);
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
    world.AddHostSpecificRelay();
    world.Build();
    world.AssignStreams(1);
    TeredoServerHelper serverHelper(world.GetServerPrimaryAddress(),
                                    world.GetServerSecondaryAddress());
    Ptr<TeredoServer> server =
        DynamicCast<TeredoServer>(serverHelper.Install(world.GetServerNode()).Get(0));
    g_lab.teredoRelay =
        DynamicCast<TeredoRelay>(TeredoRelayHelper().Install(world.GetRelay(0)).Get(0));
    g_lab.relay = DynamicCast<TeredoRelay>(
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
    g_lab.teredoRelayEp =
        InetSocketAddress(world.GetRelayIpv4Address(0), TeredoAddress::SERVER_PORT);
    g_story.AddEndpoint(g_lab.teredoRelayEp, "Teredo relay R");
    Ptr<Node> nodeA = world.GetClients(0).Get(0);
    Ptr<Node> nodeS = world.GetHostSpecificRelay(0);
    UdpEchoServerHelper(ECHO_PORT).Install(nodeS).Start(Seconds(0));
    UdpEchoServerHelper(ECHO_PORT).Install(world.GetClients(0).Get(1)).Start(Seconds(0));

    for (const std::string n : {"A", "B"})
    {
        Ptr<TeredoClient> c = g_story.clients[n].app;
        c->TraceConnectWithoutContext("Qualified", MakeBoundCallback(&Qualified, n, nodeA, nodeS));
        g_story.Watch(n);
    }
    g_lab.relay->TraceConnectWithoutContext("TunnelTx", MakeCallback(&RelayTunnelTx));
    g_lab.relay->TraceConnectWithoutContext("Tx", MakeCallback(&RelayTx));
    g_lab.relay->TraceConnectWithoutContext("Rx", MakeCallback(&RelayRx));
    g_lab.relay->TraceConnectWithoutContext("TunnelRx", MakeCallback(&RelayTunnelRx));
    g_lab.relay->TraceConnectWithoutContext("Drop", MakeCallback(&RelayDrop));
    Ptr<TeredoRelay> r = g_lab.teredoRelay;
    r->TraceConnectWithoutContext("Tx",
                                  MakeBoundCallback(&TeredoRelayDatagram, std::string("sends")));
    r->TraceConnectWithoutContext("Rx",
                                  MakeBoundCallback(&TeredoRelayDatagram, std::string("receives")));
    r->TraceConnectWithoutContext(
        "TunnelRx",
        MakeBoundCallback(&TeredoRelayEvent, std::string("hands a packet to its stack")));
    server->TraceConnectWithoutContext("Tx", MakeCallback(&ServerTx));
    server->TraceConnectWithoutContext("NativeTx", MakeCallback(&ServerNativeTx));
    if (Ptr<Ipv4Nat> n = world.GetNat(0))
    {
        n->TraceConnectWithoutContext("Drop", MakeCallback(&NatDrop));
    }

    std::cout << "Teredo host-specific relay: clients A and B behind " << nat << ", server "
              << LabStr(g_story.server) << ", host-specific relay S " << LabStr(g_story.relayEp)
              << " and " << g_story.host << ", Teredo relay R " << LabStr(g_lab.teredoRelayEp)
              << " and " << world.GetRelayIpv6Address(0) << "\n";
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
              << r->GetBubblesSent() << ", GetPeerCount " << r->GetPeerCount() << ", "
              << g_lab.teredoRelaySeen << " datagrams or packets in its traces\n";

    bool toHost = g_lab.answersA > 0 && a.dataToRelay == a.data;
    bool toClient = g_lab.answersS > 0 && b.dataToRelay == b.data;
    bool relayIdle = r->GetRelayedToTeredo() == 0 && r->GetRelayedToNative() == 0 &&
                     r->GetBubblesSent() == 0 && g_lab.teredoRelaySeen == 0;
    std::ostringstream verdict;
    verdict << "host-specific relay: ";
    if (toHost && toClient)
    {
        verdict << "client->S " << g_lab.answersA << " of " << ECHO_REQUESTS << " and S->client "
                << g_lab.answersS << " of " << ECHO_REQUESTS
                << " echoes answered, all data directly between the clients' mappings and "
                << LabStr(g_story.relayEp) << " over IPv4";
    }
    else
    {
        verdict << "FAILED, client->S " << g_lab.answersA << " of " << ECHO_REQUESTS
                << " and S->client " << g_lab.answersS << " of " << ECHO_REQUESTS
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
