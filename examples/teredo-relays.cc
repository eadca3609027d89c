/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Lab: Teredo clients and a native IPv6 host through a relay (RFC 4380
// sections 5.2.9 and 5.4), the relay being either a Teredo relay between the
// two Internets (--relay=relay) or the host's own host-specific relay
// (--relay=host-specific).
//
// TeredoTopologyHelper builds a server (192.0.2.1 and .2), one site behind
// --nat with two Teredo clients, A and B, and a Teredo relay on both
// Internets (the IPv6 core routes the Teredo prefix 2001::/32 to it). The
// client, relay, server and NAT traces tell, in order and with times, what
// happens in two phases: A sends three UDP echo requests to the host, then the
// host sends three to B's Teredo address.
//
// --relay=relay: the host is an IPv6-only host H, reached through the relay.
// Client to host:
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
// Host to client:
//   5. The relay queues the first request, bubbles through B's server, B
//      answers, and the relay delivers;
//   6. B has not verified this relay for H: it holds the request and checks
//      with a ping test of its own; the answer comes through the same relay,
//      and B delivers what it held. Then echo replies go straight to the relay.
// What to observe: the ping tests and bubbles are the only packets through the
// server; data goes between the client's NAT mapping and the relay. Behind a
// symmetric NAT the relay refuses the client's bubble (its ingress check: the
// packet comes from another port than the client's address says).
//
// --relay=host-specific: the host is a dual-stack host S running
// HostSpecificRelay: the Teredo prefix is routed into S's own tunnel, for S's
// own traffic, so S talks to the clients directly over UDP/IPv4, with the
// relay's machinery (section 5.4) and no Teredo relay in between. The Teredo
// relay R stays in the world: every native host without a Teredo interface of
// its own would reach clients through it.
// Client to S:
//   1. S is native: A queues the request and sends a ping test through its
//      server, which sends it out over native IPv6 to S;
//   2. S answers to A's Teredo address through its own tunnel: S queues the
//      echo reply and sends an indirect bubble through A's server (origin
//      indication: S's IPv4 address and port 3544);
//   3. A answers with a direct bubble to S; S trusts A and flushes: the reply
//      comes from S's own IPv4 address, so A takes S as S's own "relay";
//   4. data then goes directly between A's NAT mapping and S, over IPv4.
// S to client: S queues, bubbles through B's server, B answers, S delivers; B
//   checks with a ping test that S really is the relay for S, then answers
//   directly.
// What to observe: every data packet goes between a client's mapping and S's
// IPv4 address; the Teredo relay R sees nothing (its counters and traces stay
// at 0), and the server carries only bubbles and ping tests.
//
//   teredo-relays [--relay=relay|host-specific] [--nat=port-restricted-cone]
//                 [--duration=12] [--verbose] [--RngSeed=1] [--RngRun=1]
//
// NAT names: none, full-cone, restricted-cone, port-restricted-cone, symmetric.
// --verbose shows every datagram (solicitations, advertisements, all data).
// The last line is the verdict, with the counts (host-specific: with the
// Teredo relay's counters).

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

NS_LOG_COMPONENT_DEFINE("TeredoRelaysExample");

namespace
{

using World = TeredoTopologyHelper;

const uint16_t ECHO_PORT = 9;                                 //!< UdpEchoServer's port
const uint32_t ECHO_REQUESTS = TeredoRelayLab::ECHO_REQUESTS; //!< echo requests per phase

// ---- --relay=relay: the words of a Teredo relay and an IPv6-only host H ----

/// The words the relay lab tells the clients' story with.
TeredoLabNarrator::Roles
RelayRoles()
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

/// How the relay lab speaks of its relay and host.
TeredoRelayLab::Words
RelayWords()
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

// ---- --relay=host-specific: the words of S, relay for itself ----

/// The words the host-specific lab tells the clients' story with.
TeredoLabNarrator::Roles
HostSpecificRoles()
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

/// How the host-specific lab speaks of S as the relay and as the host.
TeredoRelayLab::Words
HostSpecificWords()
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

/// R, the Teredo relay, which should see nothing when S relays for itself.
struct TeredoRelayWatch
{
    Ptr<TeredoRelay> relay;                         //!< R
    InetSocketAddress ep{Ipv4Address::GetAny(), 0}; //!< R's IPv4 address:3544
    uint32_t seen{0};                               //!< datagrams and packets R's traces reported
};

TeredoRelayWatch g_r;

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

/// Trace R: anything it reports is unexpected on S's path.
void
WatchTeredoRelay(Ptr<TeredoRelay> r)
{
    r->TraceConnectWithoutContext("Tx",
                                  MakeBoundCallback(&TeredoRelayDatagram, std::string("sends")));
    r->TraceConnectWithoutContext("Rx",
                                  MakeBoundCallback(&TeredoRelayDatagram, std::string("receives")));
    r->TraceConnectWithoutContext(
        "TunnelRx",
        MakeBoundCallback(&TeredoRelayEvent, std::string("hands a packet to its stack")));
}

// ---- the summaries and verdicts ----

/// The lab as it ran: the story and the phases.
struct LabRun
{
    TeredoLabNarrator& story; //!< the clients' story
    TeredoRelayLab& lab;      //!< the phases and the relay's counters
};

/// Print the relay lab's summary lines and verdict. \return whether both phases worked
bool
ReportRelay(LabRun& run)
{
    const TeredoLabNarrator::ClientLog& a = run.story.clients["A"];
    const TeredoLabNarrator::ClientLog& b = run.story.clients["B"];
    TeredoRelayLab& lab = run.lab;
    std::cout << "relay: " << lab.relay->GetForwardedToTeredoCount() << " packets to Teredo, "
              << lab.relay->GetForwardedToNativeCount() << " to native, "
              << LabPlural(lab.relay->GetBubbleTxCount(), "indirect bubble") << ", "
              << lab.relay->GetTotalDropCount()
              << " dropped (besides the stack's own multicast); server: forwarded "
              << LabPlural(lab.serverBubbles, "bubble") << " and "
              << LabPlural(lab.serverData, "data packet") << ", sent "
              << LabPlural(lab.serverPings, "ping test") << " natively\n";

    bool toHost = lab.answersA > 0 && a.dataToRelay == a.data;
    bool toClient = lab.answersHost > 0 && b.dataToRelay == b.data;
    std::ostringstream verdict;
    verdict << "client->host: ";
    if (toHost)
    {
        verdict << lab.answersA << " of " << ECHO_REQUESTS
                << " echoes answered through the relay after "
                << LabPlural(a.pingTests, "ping test") << " and "
                << LabPlural(lab.relayBubblesA, "relay bubble");
    }
    else
    {
        verdict << "FAILED, " << lab.answersA << " of " << ECHO_REQUESTS << " answered";
    }
    verdict << "; host->client: ";
    if (toClient)
    {
        verdict << lab.answersHost << " of " << ECHO_REQUESTS << " answered, the relay queued "
                << lab.relayQueuedB << ", bubbled " << lab.relayBubblesB
                << " and delivered, B ping-tested " << b.pingTests;
    }
    else
    {
        verdict << "FAILED, " << lab.answersHost << " of " << ECHO_REQUESTS << " answered";
    }
    verdict << "; relay carried " << lab.relay->GetForwardedToTeredoCount() << " to Teredo and "
            << lab.relay->GetForwardedToNativeCount() << " to native; server forwarded "
            << LabPlural(lab.serverData, "data packet");
    std::cout << verdict.str() << "\n";
    return toHost && toClient;
}

/// Print the host-specific lab's summary lines and verdict. \return whether
/// both phases worked and R stayed untouched
bool
ReportHostSpecific(LabRun& run)
{
    const TeredoLabNarrator::ClientLog& a = run.story.clients["A"];
    const TeredoLabNarrator::ClientLog& b = run.story.clients["B"];
    TeredoRelayLab& lab = run.lab;
    std::cout << "S (host-specific relay): " << lab.relay->GetForwardedToTeredoCount()
              << " packets to Teredo, " << lab.relay->GetForwardedToNativeCount()
              << " to its own stack, "
              << LabPlural(lab.relay->GetBubbleTxCount(), "indirect bubble")
              << "; server: forwarded " << LabPlural(lab.serverBubbles, "bubble") << " and "
              << LabPlural(lab.serverData, "data packet") << ", sent "
              << LabPlural(lab.serverPings, "ping test") << " natively\n";
    Ptr<TeredoRelay> r = g_r.relay;
    std::cout << "Teredo relay R: GetRelayedToTeredo " << r->GetForwardedToTeredoCount()
              << ", GetRelayedToNative " << r->GetForwardedToNativeCount() << ", GetBubblesSent "
              << r->GetBubbleTxCount() << ", GetPeerCount " << r->GetPeerCount() << ", " << g_r.seen
              << " datagrams or packets in its traces\n";

    bool toHost = lab.answersA > 0 && a.dataToRelay == a.data;
    bool toClient = lab.answersHost > 0 && b.dataToRelay == b.data;
    bool relayIdle = r->GetForwardedToTeredoCount() == 0 && r->GetForwardedToNativeCount() == 0 &&
                     r->GetBubbleTxCount() == 0 && g_r.seen == 0;
    std::ostringstream verdict;
    verdict << "host-specific relay: ";
    if (toHost && toClient)
    {
        verdict << "client->S " << lab.answersA << " of " << ECHO_REQUESTS << " and S->client "
                << lab.answersHost << " of " << ECHO_REQUESTS
                << " echoes answered, all data directly between the clients' mappings and "
                << LabStr(run.story.relayEp) << " over IPv4";
    }
    else
    {
        verdict << "FAILED, client->S " << lab.answersA << " of " << ECHO_REQUESTS
                << " and S->client " << lab.answersHost << " of " << ECHO_REQUESTS
                << " echoes answered";
    }
    verdict << "; Teredo relay R " << (relayIdle ? "untouched" : "USED") << ": "
            << r->GetForwardedToTeredoCount() << " to Teredo, " << r->GetForwardedToNativeCount()
            << " to native, " << LabPlural(r->GetBubbleTxCount(), "bubble") << "; server forwarded "
            << LabPlural(lab.serverData, "data packet");
    std::cout << verdict.str() << "\n";
    return toHost && toClient && relayIdle;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string relayKind = "relay";
    std::string nat = "port-restricted-cone";
    double duration = 12;
    bool verbose = false;
    RngSeedManager::SetSeed(1); // the defaults; --RngSeed and --RngRun override them
    RngSeedManager::SetRun(1);
    CommandLine cmd(__FILE__);
    cmd.AddValue("relay",
                 "relay: a Teredo relay between the clients and an IPv6-only host; "
                 "host-specific: a dual-stack host that relays for itself",
                 relayKind);
    cmd.AddValue("nat",
                 "the clients' NAT: none, full-cone, restricted-cone, port-restricted-cone or "
                 "symmetric",
                 nat);
    cmd.AddValue("duration", "simulated seconds", duration);
    cmd.AddValue("verbose", "print every datagram", verbose);
    cmd.Parse(argc, argv);
    if (relayKind != "relay" && relayKind != "host-specific")
    {
        std::cerr << "--relay: relay or host-specific\n";
        return 2;
    }
    const bool hostSpecific = relayKind == "host-specific";
    World::SiteNat site;
    if (!World::SiteNatFromString(nat, site))
    {
        std::cerr << "--nat: none, full-cone, restricted-cone, port-restricted-cone or "
                     "symmetric\n";
        return 2;
    }
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    TeredoLabNarrator story(hostSpecific ? HostSpecificRoles() : RelayRoles(), ECHO_PORT);
    TeredoRelayLab lab(story, hostSpecific ? HostSpecificWords() : RelayWords(), ECHO_PORT);
    story.verbose = verbose;
    story.nat = nat;

    // The host is H, IPv6-only behind the relay, or S, a host-specific relay.
    World world;
    world.AddSite(site, 2);
    world.AddRelay();
    if (hostSpecific)
    {
        world.AddHostSpecificRelay();
    }
    else
    {
        world.AddIpv6Host();
    }
    world.Build();
    world.AssignStreams(1);
    TeredoServerHelper serverHelper(world.GetServerPrimaryAddress(),
                                    world.GetServerSecondaryAddress());
    Ptr<TeredoServer> server =
        DynamicCast<TeredoServer>(serverHelper.Install(world.GetServerNode()).Get(0));
    g_r.relay = DynamicCast<TeredoRelay>(TeredoRelayHelper().Install(world.GetRelay(0)).Get(0));
    // The relay the host's traffic takes, which the lab watches.
    Ptr<TeredoRelay> hostRelay = g_r.relay;
    if (hostSpecific)
    {
        hostRelay = DynamicCast<TeredoRelay>(
            HostSpecificRelayHelper().Install(world.GetHostSpecificRelay(0)).Get(0));
    }
    ApplicationContainer clients =
        TeredoClientHelper(world.GetServerPrimaryAddress()).Install(world.GetAllClients());
    TeredoClientHelper::AssignStreams(clients, 100);
    clients.Start(Seconds(1));
    story.clients["A"].app = DynamicCast<TeredoClient>(clients.Get(0));
    story.clients["B"].app = DynamicCast<TeredoClient>(clients.Get(1));
    story.server = InetSocketAddress(world.GetServerPrimaryAddress(), TeredoAddress::SERVER_PORT);
    g_r.ep = InetSocketAddress(world.GetRelayIpv4Address(0), TeredoAddress::SERVER_PORT);
    Ptr<Node> nodeHost;
    if (hostSpecific)
    {
        story.host = world.GetHostSpecificRelayIpv6Address(0);
        story.relayEp =
            InetSocketAddress(world.GetHostSpecificRelayIpv4Address(0), TeredoAddress::SERVER_PORT);
        story.AddEndpoint(g_r.ep, "Teredo relay R");
        nodeHost = world.GetHostSpecificRelay(0);
    }
    else
    {
        story.host = world.GetIpv6HostAddress(0);
        story.relayEp = g_r.ep;
        nodeHost = world.GetIpv6Host(0);
    }
    Ptr<Node> nodeA = world.GetClients(0).Get(0);
    UdpEchoServerHelper(ECHO_PORT).Install(nodeHost).Start(Seconds(0));
    UdpEchoServerHelper(ECHO_PORT).Install(world.GetClients(0).Get(1)).Start(Seconds(0));

    lab.Watch(hostRelay, server, world.GetNat(0), nodeA, nodeHost);
    if (hostSpecific)
    {
        WatchTeredoRelay(g_r.relay);
        std::cout << "Teredo host-specific relay: clients A and B behind " << nat << ", server "
                  << LabStr(story.server) << ", host-specific relay S " << LabStr(story.relayEp)
                  << " and " << story.host << ", Teredo relay R " << LabStr(g_r.ep) << " and "
                  << world.GetRelayIpv6Address(0) << "\n";
    }
    else
    {
        std::cout << "Teredo relay path: clients A and B behind " << nat << ", server "
                  << LabStr(story.server) << ", relay " << LabStr(story.relayEp) << " and "
                  << world.GetRelayIpv6Address(0) << ", IPv6-only host H " << story.host << "\n";
    }
    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    const TeredoLabNarrator::ClientLog& a = story.clients["A"];
    const TeredoLabNarrator::ClientLog& b = story.clients["B"];
    std::cout << "\n";
    if (story.notShown > 0)
    {
        std::cout << "(" << story.notShown << " later data events not shown)\n";
    }
    const std::string to = hostSpecific ? " straight to S" : " straight to the relay";
    std::cout << "A: " << LabPlural(a.pingTests, "ping test") << ", "
              << LabPlural(a.bubbles, "bubble") << ", " << a.dataToRelay << " of "
              << LabPlural(a.data, "data packet") << to
              << "; B: " << LabPlural(b.pingTests, "ping test") << ", "
              << LabPlural(b.bubbles, "bubble") << ", " << b.dataToRelay << " of "
              << LabPlural(b.data, "data packet") << to << "\n";
    LabRun run{story, lab};
    bool ok = hostSpecific ? ReportHostSpecific(run) : ReportRelay(run);
    g_r.relay = nullptr;
    Simulator::Destroy();
    return ok ? 0 : 1;
}
