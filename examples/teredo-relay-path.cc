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

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/teredo-module.h"

#include <iomanip>
#include <iostream>
#include <map>
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

/// What one client did, as its traces told.
struct ClientLog
{
    Ptr<TeredoClient> app;                               //!< the client
    InetSocketAddress mapping{Ipv4Address::GetAny(), 0}; //!< from its Teredo address
    bool pendingSend{false};  //!< its stack sent a packet; its fate not told yet
    bool pendingReply{false}; //!< the answer to its ping test arrived in this event
    bool pendingHold{false};  //!< data from an unverified relay arrived in this event
    uint32_t pingTests{0};    //!< ping tests sent
    uint32_t bubbles{0};      //!< bubbles sent (answers to indirect ones)
    uint32_t data{0};         //!< data packets sent
    uint32_t dataToRelay{0};  //!< ... to the relay
    uint32_t delivered{0};    //!< data packets delivered to its stack
};

/// Everything the trace callbacks look at and count.
struct Lab
{
    bool verbose{false};                                 //!< print every datagram
    std::string nat;                                     //!< the site's NAT, by name
    std::map<std::string, ClientLog> clients;            //!< "A" and "B"
    Ptr<TeredoRelay> relay;                              //!< the relay
    Ipv6Address host;                                    //!< H
    InetSocketAddress server{Ipv4Address::GetAny(), 0};  //!< server primary:3544
    InetSocketAddress relayEp{Ipv4Address::GetAny(), 0}; //!< relay:3544
    bool started{false};                                 //!< the phases are scheduled
    bool quiet{false};         //!< the phase's first round trip is over: data lines only if verbose
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
    uint32_t notShown{0};      //!< lines not printed (quiet)
};

Lab g_lab;

/// Print one line of the story, with the simulated time.
void
Say(const std::string& what)
{
    std::cout << std::fixed << std::setprecision(3) << std::setw(8) << Simulator::Now().GetSeconds()
              << " s  " << what << "\n";
}

/// \return "a.b.c.d:port"
std::string
Str(const InetSocketAddress& e)
{
    std::ostringstream os;
    os << e.GetIpv4() << ":" << e.GetPort();
    return os.str();
}

/// \return the endpoint with its role, e.g. "198.51.100.1:3544 (relay)"
std::string
Who(const InetSocketAddress& e)
{
    std::string role;
    if (e == g_lab.server)
    {
        role = " (server)";
    }
    else if (e == g_lab.relayEp)
    {
        role = " (relay)";
    }
    for (const auto& [name, c] : g_lab.clients)
    {
        if (e == c.mapping)
        {
            role = " (" + name + "'s mapping)";
        }
    }
    return Str(e) + role;
}

/// \return "H", "A", "B" or the address
std::string
Name(Ipv6Address a)
{
    if (a == g_lab.host)
    {
        return "H";
    }
    for (const auto& [name, c] : g_lab.clients)
    {
        if (c.app->IsQualified() && a == c.app->GetTeredoAddress())
        {
            return name;
        }
    }
    std::ostringstream os;
    os << a;
    return os.str();
}

/// \return what a Teredo UDP payload (or bare IPv6 packet) is, in words
std::string
Describe(Ptr<const Packet> p, const TeredoDatagramInfo& info)
{
    switch (info.kind)
    {
    case TeredoDatagramInfo::BUBBLE:
        return "bubble";
    case TeredoDatagramInfo::ROUTER_SOLICITATION:
        return "router solicitation";
    case TeredoDatagramInfo::ROUTER_ADVERTISEMENT:
        return "router advertisement";
    case TeredoDatagramInfo::IPV6_DATA:
        break;
    default:
        return TeredoDatagramClassifier::KindToString(info.kind);
    }
    uint8_t next = info.ipv6.GetNextHeader();
    if (next == TeredoDatagramClassifier::IPV6_NEXT_ICMPV6)
    {
        return info.icmpv6Type == Icmpv6Header::ICMPV6_ECHO_REQUEST ? "ICMPv6 echo request"
               : info.icmpv6Type == Icmpv6Header::ICMPV6_ECHO_REPLY ? "ICMPv6 echo reply"
                                                                    : "ICMPv6 message";
    }
    if (next == UdpL4Protocol::PROT_NUMBER)
    {
        Ptr<Packet> ipv6 = TeredoDatagramClassifier::ExtractIpv6(p, info);
        Ipv6Header h;
        ipv6->RemoveHeader(h);
        UdpHeader udp;
        ipv6->PeekHeader(udp);
        return udp.GetDestinationPort() == ECHO_PORT ? "UDP echo request"
               : udp.GetSourcePort() == ECHO_PORT    ? "UDP echo reply"
                                                     : "UDP datagram";
    }
    return "IPv6 packet";
}

/// \return "a" or "an", for a description
std::string
A(const std::string& what)
{
    return what.rfind("ICMP", 0) == 0 || what.rfind("IPv6", 0) == 0 ? "an" : "a";
}

/// \return "<what> <source> > <destination>"
std::string
Packet6(Ptr<const Packet> p, const TeredoDatagramInfo& info)
{
    return Describe(p, info) + " " + Name(info.ipv6.GetSource()) + " > " +
           Name(info.ipv6.GetDestination());
}

/// \return whether a data line is to be printed now (else it is counted)
bool
ShowData()
{
    if (g_lab.quiet && !g_lab.verbose)
    {
        ++g_lab.notShown;
        return false;
    }
    return true;
}

/// The first round trip of a phase is over: quiet from now on (unless verbose).
void
RoundTripDone()
{
    if (!g_lab.quiet && !g_lab.verbose)
    {
        g_lab.quiet = true;
        Say("(round trip done; the rest of this phase is counted, not shown: --verbose "
            "shows it)");
    }
}

/// \return "1 ping test", "2 ping tests"
std::string
Plural(uint32_t n, const std::string& what)
{
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

// ---- the clients ----

void
ResolveClientSend(std::string n)
{
    ClientLog& c = g_lab.clients[n];
    if (c.pendingSend)
    {
        c.pendingSend = false;
        Say(n + ": nothing sent now: the packet waits in " + n +
            "'s queue (ping tests are rate-limited)");
    }
}

void
ClearClientEvent(std::string n)
{
    ClientLog& c = g_lab.clients[n];
    c.pendingReply = false;
    c.pendingHold = false;
}

void
ClientTunnelTx(std::string n, Ptr<const Packet> ipv6)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    if (!info.IsValid() || info.ipv6.GetDestination().IsMulticast() || !ShowData())
    {
        return;
    }
    std::string what = Packet6(ipv6, info);
    Say(n + ": the stack sends " + A(what) + " " + what + " into the tunnel");
    g_lab.clients[n].pendingSend = true;
    Simulator::ScheduleNow(&ResolveClientSend, n);
}

void
ClientTx(std::string n, Ptr<const Packet> p, const Address& to)
{
    ClientLog& c = g_lab.clients[n];
    InetSocketAddress dest = InetSocketAddress::ConvertFrom(to);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::ROUTER_SOLICITATION)
    {
        if (g_lab.verbose)
        {
            Say(n + " -> " + Who(dest) + ": router solicitation");
        }
        return;
    }
    if (info.kind == TeredoDatagramInfo::BUBBLE)
    {
        ++c.bubbles;
        Say(n + " -> " + Who(dest) + ": direct bubble, " + n + "'s answer to the indirect one" +
            (g_lab.nat == "none" ? "" : " (opens " + n + "'s NAT toward the relay)"));
        return;
    }
    bool pingTest = dest == g_lab.server;
    if (c.pendingSend)
    {
        c.pendingSend = false;
        Say(pingTest ? n + ": " + Name(info.ipv6.GetDestination()) +
                           " is native and no relay is known for it: " + n +
                           " queues the packet and sends a ping test"
                     : n + ": trusts the relay for " + Name(info.ipv6.GetDestination()) +
                           ": sends at once");
    }
    if (pingTest)
    {
        ++c.pingTests;
        if (c.pendingHold)
        {
            c.pendingHold = false;
            Say(n + ": has not verified that this relay serves " +
                Name(info.ipv6.GetDestination()) + ": holds the packet and sends a ping test");
        }
        Say(n + " -> " + Who(dest) + ": ping test, an " + Packet6(p, info) +
            ", through the server (RFC 4380 section 5.2.9)");
        return;
    }
    ++c.data;
    c.dataToRelay += dest == g_lab.relayEp ? 1 : 0;
    if (c.pendingReply)
    {
        c.pendingReply = false;
        Say(n + ": the answer to its ping test came through " + Who(dest) + ": " + n +
            " trusts it as " + Name(info.ipv6.GetDestination()) +
            "'s relay and flushes its queue there");
    }
    if (ShowData())
    {
        Say(n + " -> " + Who(dest) + ": " + Packet6(p, info) + ", directly");
    }
}

void
ClientRx(std::string n, Ptr<const Packet> p, const Address& from)
{
    ClientLog& c = g_lab.clients[n];
    InetSocketAddress src = InetSocketAddress::ConvertFrom(from);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::ROUTER_ADVERTISEMENT)
    {
        if (g_lab.verbose)
        {
            Say(n + " <- " + Who(src) + ": router advertisement");
        }
        return;
    }
    if (info.kind == TeredoDatagramInfo::BUBBLE && info.hasOrigin)
    {
        InetSocketAddress origin(info.origin.GetAddress(), info.origin.GetPort());
        Say(n + " <- " + Who(src) + ": indirect bubble " + Name(info.ipv6.GetSource()) + " > " + n +
            "; the origin indication says it comes from " + Who(origin));
        return;
    }
    Ipv6Address source = info.ipv6.GetSource();
    bool trusted = c.app->IsTrusted(source);
    if (info.kind == TeredoDatagramInfo::IPV6_DATA &&
        info.ipv6.GetNextHeader() == TeredoDatagramClassifier::IPV6_NEXT_ICMPV6 &&
        info.icmpv6Type == Icmpv6Header::ICMPV6_ECHO_REPLY && !trusted)
    {
        Say(n + " <- " + Who(src) + ": " + Packet6(p, info) + ", the answer to " + n +
            "'s ping test");
        c.pendingReply = true;
        Simulator::ScheduleNow(&ClearClientEvent, n);
        return;
    }
    if (!trusted && !TeredoAddress::IsTeredo(source))
    {
        Say(n + " <- " + Who(src) + ": " + Packet6(p, info) + ", from a native host through " +
            "a relay " + n + " has not verified");
        c.pendingHold = true;
        Simulator::ScheduleNow(&ClearClientEvent, n);
        return;
    }
    if (ShowData())
    {
        Say(n + " <- " + Who(src) + ": " + Packet6(p, info));
    }
}

void
ClientTunnelRx(std::string n, Ptr<const Packet> ipv6)
{
    ClientLog& c = g_lab.clients[n];
    ++c.delivered;
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    if (c.pendingReply)
    {
        c.pendingReply = false;
        Say(n + ": the ping test's answer came through the same relay: " + n +
            " trusts it and delivers the packet it held");
    }
    if (ShowData())
    {
        Say(n + ": " + Packet6(ipv6, info) + " delivered to " + n + "'s stack");
    }
    if (n == "A")
    {
        RoundTripDone();
    }
}

void
ClientDrop(std::string n, Ptr<const Packet>, TeredoClient::DropReason reason)
{
    if (reason != TeredoClient::DROP_MULTICAST)
    {
        g_lab.clients[n].pendingSend = false;
        Say(n + ": drops a packet (" + TeredoClient::DropReasonToString(reason) + ")");
    }
}

// ---- the relay ----

void
ResolveRelaySend()
{
    if (g_lab.relayPending)
    {
        g_lab.relayPending = false;
        Say("relay: queues it (no bubble now: the bubble rate limit)");
    }
}

void
ClearRelayEvent(std::string client)
{
    if (g_lab.relayTrustNow)
    {
        g_lab.relayTrustNow = false;
        Say("relay: " + client + " passed the ingress check: trusted (nothing was queued)");
    }
}

void
RelayTunnelTx(Ptr<const Packet> ipv6)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    if (!info.IsValid() || info.ipv6.GetDestination().IsMulticast() || !ShowData())
    {
        return;
    }
    std::string what = Packet6(ipv6, info);
    Say("relay: " + A(what) + " " + what + " arrives natively and enters the relay's tunnel");
    g_lab.relayPending = true;
    Simulator::ScheduleNow(&ResolveRelaySend);
}

void
RelayTx(Ptr<const Packet> p, const Address& to)
{
    InetSocketAddress dest = InetSocketAddress::ConvertFrom(to);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    std::string client = Name(info.ipv6.GetDestination());
    if (info.kind == TeredoDatagramInfo::BUBBLE)
    {
        if (g_lab.relayPending)
        {
            g_lab.relayPending = false;
            (client == "A" ? g_lab.relayQueuedA : g_lab.relayQueuedB)++;
            Say("relay: " + client + " is not trusted yet: the relay queues the packet and " +
                "sends an indirect bubble (a public relay sends no direct one)");
        }
        (client == "A" ? g_lab.relayBubblesA : g_lab.relayBubblesB)++;
        Say("relay -> " + Who(dest) + ": indirect bubble " + Name(info.ipv6.GetSource()) + " > " +
            client + ", through " + client + "'s server");
        return;
    }
    if (g_lab.relayPending)
    {
        g_lab.relayPending = false;
        if (ShowData())
        {
            Say("relay: trusts " + client + ": sends at once");
        }
    }
    if (g_lab.relayTrustNow)
    {
        g_lab.relayTrustNow = false;
        Say("relay: " + client + " passed the ingress check (its bubble came from the " +
            "mapping its address names): trusted; the relay flushes its queue");
    }
    if (ShowData())
    {
        Say("relay -> " + Who(dest) + ": " + Packet6(p, info) + ", directly");
    }
}

void
RelayRx(Ptr<const Packet> p, const Address& from)
{
    InetSocketAddress src = InetSocketAddress::ConvertFrom(from);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::BUBBLE)
    {
        std::string client = Name(info.ipv6.GetSource());
        Say("relay <- " + Who(src) + ": " + client + "'s bubble");
        g_lab.relayTrustNow = true;
        Simulator::ScheduleNow(&ClearRelayEvent, client);
        return;
    }
    if (ShowData())
    {
        Say("relay <- " + Who(src) + ": " + Packet6(p, info));
    }
}

void
RelayTunnelRx(Ptr<const Packet> ipv6)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    if (ShowData())
    {
        Say("relay: hands the " + Packet6(ipv6, info) +
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
        Say("relay: drops a packet (" + TeredoRelay::ToString(reason) + why + ")");
    }
}

// ---- the server and the NAT ----

void
ServerTx(Ptr<const Packet> p, const InetSocketAddress&, const InetSocketAddress& to)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::ROUTER_ADVERTISEMENT)
    {
        if (g_lab.verbose)
        {
            Say("server -> " + Who(to) + ": router advertisement");
        }
        return;
    }
    (info.kind == TeredoDatagramInfo::BUBBLE ? g_lab.serverBubbles : g_lab.serverData)++;
    std::string origin;
    if (info.hasOrigin)
    {
        origin = ", origin indication added: " +
                 Who(InetSocketAddress(info.origin.GetAddress(), info.origin.GetPort()));
    }
    Say("server -> " + Who(to) + ": forwards the " + Describe(p, info) + origin);
}

void
ServerNativeTx(Ptr<const Packet> ipv6)
{
    ++g_lab.serverPings;
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    Say("server: sends the ping test (" + Packet6(ipv6, info) + ") out over native IPv6");
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
        what = "the " + Describe(p, info) + " from " +
               Who(InetSocketAddress(h.GetSource(), udp.GetSourcePort()));
    }
    Say("the NAT (" + g_lab.nat + ") drops " + what + " (" + Ipv4Nat::DropReasonToString(reason) +
        ")");
}

// ---- the phases ----

void
StartClientToHost(Ptr<Node> nodeA)
{
    g_lab.quiet = false;
    std::cout << "\n-- client A to the IPv6 host H (" << g_lab.host << ") --\n";
    Say("A: UdpEchoClient starts: " + std::to_string(ECHO_REQUESTS) +
        " requests to H, one a second");
    UdpEchoClientHelper echo(g_lab.host, ECHO_PORT);
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
    g_lab.quiet = false;
    Ipv6Address b = g_lab.clients["B"].app->GetTeredoAddress();
    std::ostringstream os;
    os << b;
    std::cout << "\n-- the IPv6 host H to client B (" << os.str() << ") --\n";
    Say("H: UdpEchoClient starts: " + std::to_string(ECHO_REQUESTS) +
        " requests to B's Teredo address, one a second");
    UdpEchoClientHelper echo(b, ECHO_PORT);
    echo.SetAttribute("MaxPackets", UintegerValue(ECHO_REQUESTS));
    echo.SetAttribute("Interval", TimeValue(ECHO_INTERVAL));
    ApplicationContainer app = echo.Install(nodeH);
    app.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(+[](Ptr<const Packet>) {
                                               ++g_lab.answersH;
                                               if (g_lab.answersH == 1)
                                               {
                                                   Say("H: UDP echo reply from B received");
                                                   RoundTripDone();
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
    g_lab.clients[n].mapping = InetSocketAddress(t.GetMappedAddress(), t.GetMappedPort());
    std::ostringstream os;
    os << n << ": qualified as " << address << "; its NAT maps it to "
       << Str(g_lab.clients[n].mapping);
    Say(os.str());
    if (!g_lab.started && g_lab.clients["A"].app->IsQualified() &&
        g_lab.clients["B"].app->IsQualified())
    {
        g_lab.started = true;
        Simulator::Schedule(Seconds(1), &StartClientToHost, nodeA);
        Simulator::Schedule(Seconds(1) + PHASE_GAP, &StartHostToClient, nodeH);
    }
}

/// \return the site type of a name, or false
bool
ParseNat(const std::string& name, World::SiteNat& nat)
{
    for (World::SiteNat n : {World::NONE,
                             World::FULL_CONE,
                             World::RESTRICTED_CONE,
                             World::PORT_RESTRICTED_CONE,
                             World::SYMMETRIC})
    {
        if (World::SiteNatToString(n) == name)
        {
            nat = n;
            return true;
        }
    }
    return false;
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
    if (!ParseNat(nat, site))
    {
        std::cerr << "--nat: none, full-cone, restricted-cone, port-restricted-cone or "
                     "symmetric\n";
        return 2;
    }
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    g_lab.verbose = verbose;
    g_lab.nat = nat;

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
    g_lab.clients["A"].app = DynamicCast<TeredoClient>(clients.Get(0));
    g_lab.clients["B"].app = DynamicCast<TeredoClient>(clients.Get(1));
    g_lab.host = world.GetIpv6HostAddress(0);
    g_lab.server = InetSocketAddress(world.GetServerPrimaryAddress(), TeredoAddress::SERVER_PORT);
    g_lab.relayEp = InetSocketAddress(world.GetRelayIpv4Address(0), TeredoAddress::SERVER_PORT);
    Ptr<Node> nodeA = world.GetClients(0).Get(0);
    Ptr<Node> nodeH = world.GetIpv6Host(0);
    UdpEchoServerHelper(ECHO_PORT).Install(nodeH).Start(Seconds(0));
    UdpEchoServerHelper(ECHO_PORT).Install(world.GetClients(0).Get(1)).Start(Seconds(0));

    for (const std::string n : {"A", "B"})
    {
        Ptr<TeredoClient> c = g_lab.clients[n].app;
        c->TraceConnectWithoutContext("Qualified", MakeBoundCallback(&Qualified, n, nodeA, nodeH));
        c->TraceConnectWithoutContext("TunnelTx", MakeBoundCallback(&ClientTunnelTx, n));
        c->TraceConnectWithoutContext("Tx", MakeBoundCallback(&ClientTx, n));
        c->TraceConnectWithoutContext("Rx", MakeBoundCallback(&ClientRx, n));
        c->TraceConnectWithoutContext("TunnelRx", MakeBoundCallback(&ClientTunnelRx, n));
        c->TraceConnectWithoutContext("Drop", MakeBoundCallback(&ClientDrop, n));
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
              << Str(g_lab.server) << ", relay " << Str(g_lab.relayEp) << " and "
              << world.GetRelayIpv6Address(0) << ", IPv6-only host H " << g_lab.host << "\n";
    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    const ClientLog& a = g_lab.clients["A"];
    const ClientLog& b = g_lab.clients["B"];
    std::cout << "\n";
    if (g_lab.notShown > 0)
    {
        std::cout << "(" << g_lab.notShown << " later data events not shown)\n";
    }
    std::cout << "A: " << Plural(a.pingTests, "ping test") << ", " << Plural(a.bubbles, "bubble")
              << ", " << a.dataToRelay << " of " << Plural(a.data, "data packet")
              << " straight to the relay; B: " << Plural(b.pingTests, "ping test") << ", "
              << Plural(b.bubbles, "bubble") << ", " << b.dataToRelay << " of "
              << Plural(b.data, "data packet") << " straight to the relay\n";
    std::cout << "relay: " << g_lab.relay->GetRelayedToTeredo() << " packets to Teredo, "
              << g_lab.relay->GetRelayedToNative() << " to native, "
              << Plural(g_lab.relay->GetBubblesSent(), "indirect bubble") << ", "
              << g_lab.relay->GetTotalDropCount() -
                     g_lab.relay->GetDropCount(TeredoRelay::TUNNEL_MULTICAST)
              << " dropped (besides the stack's own multicast); server: forwarded "
              << Plural(g_lab.serverBubbles, "bubble") << " and "
              << Plural(g_lab.serverData, "data packet") << ", sent "
              << Plural(g_lab.serverPings, "ping test") << " natively\n";

    bool toHost = g_lab.answersA > 0 && a.dataToRelay == a.data;
    bool toClient = g_lab.answersH > 0 && b.dataToRelay == b.data;
    std::ostringstream verdict;
    verdict << "client->host: ";
    if (toHost)
    {
        verdict << g_lab.answersA << " of " << ECHO_REQUESTS
                << " echoes answered through the relay after " << Plural(a.pingTests, "ping test")
                << " and " << Plural(g_lab.relayBubblesA, "relay bubble");
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
            << Plural(g_lab.serverData, "data packet");
    std::cout << verdict.str() << "\n";
    Simulator::Destroy();
    return toHost && toClient ? 0 : 1;
}
