/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Lab: client to client through bubbles (RFC 4380 sections 5.2.4 to 5.2.6).
//
// TeredoTopologyHelper builds a server (192.0.2.1 and .2) and two sites with
// one Teredo client each: A behind --nat-a, B behind --nat-b. Both qualify at
// the server; then A sends three UDP echo requests (UdpEchoClient, one a
// second) to B's Teredo address, and B's UdpEchoServer answers. The client,
// server and NAT traces tell, in order and with times, what happens:
//
//   1. A's stack sends the first request into the tunnel; B is not trusted
//      yet, so A queues it,
//   2. sends a direct bubble to the mapping in B's address (it opens A's own
//      NAT toward B; B's NAT drops it, since B never sent to A: a restricted
//      NAT filters it),
//   3. and an indirect bubble to B's server, which forwards it to B with an
//      origin indication: where A's NAT mapped A;
//   4. B answers with a direct bubble to that origin (opening B's NAT toward A),
//   5. which A's NAT lets in (A sent there in step 2): A trusts B and flushes
//      its queue;
//   6. from then on data goes straight between the two NAT mappings, both
//      ways, and the server forwards nothing more.
//
// What to observe: the one bubble the NAT filters, the origin indication the
// server adds, the queue flushed when B's bubble arrives, and the server's
// counts at the end (bubbles only, no data). Behind a symmetric NAT the
// exchange fails: its mapping for B is not the one in its address. With
// --procedure=rfc4380 a client behind a cone NAT has the cone flag, and a peer
// sends to it at once, without bubbles.
//
//   teredo-bubbles [--nat-a=restricted-cone] [--nat-b=port-restricted-cone]
//                  [--procedure=rfc5991|rfc4380] [--duration=20] [--verbose]
//                  [--RngSeed=1] [--RngRun=1]
//
// NAT names: none, full-cone, restricted-cone, port-restricted-cone, symmetric.
// --verbose shows every datagram (solicitations, advertisements, all data).
// The last line is the verdict, e.g. "path A->B: direct after 1 bubble
// exchange; server forwarded 1 indirect bubble and 0 data packets; ...".

#include "teredo-lab-narrator.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/teredo-module.h"

#include <iostream>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("TeredoBubblesExample");

namespace
{

using World = TeredoTopologyHelper;

const uint16_t ECHO_PORT = 9;          //!< UdpEchoServer's port
const uint32_t ECHO_REQUESTS = 3;      //!< echo requests A sends
const Time ECHO_INTERVAL = Seconds(1); //!< between them

/// Everything the trace callbacks look at and count.
struct Lab
{
    bool verbose{false};                                  //!< print every datagram
    Ptr<TeredoClient> a;                                  //!< client A
    Ptr<TeredoClient> b;                                  //!< client B
    std::string natA;                                     //!< A's NAT, by name
    std::string natB;                                     //!< B's NAT, by name
    InetSocketAddress server{Ipv4Address::GetAny(), 0};   //!< server primary:3544
    InetSocketAddress server2{Ipv4Address::GetAny(), 0};  //!< server secondary:3544
    InetSocketAddress aMapping{Ipv4Address::GetAny(), 0}; //!< from A's Teredo address
    InetSocketAddress bMapping{Ipv4Address::GetAny(), 0}; //!< from B's Teredo address
    bool echoStarted{false};                              //!< the UdpEchoClient is scheduled
    bool pendingSend{false};      //!< A's stack sent a packet; its fate not told yet
    bool pendingTrust{false};     //!< A received B's bubble; whether it trusts B not told yet
    bool trustTold{false};        //!< "A trusts B" was printed
    bool bTrustTold{false};       //!< "B trusts A" was printed
    bool quiet{false};            //!< the first round trip is over: data lines only if verbose
    uint32_t aDirectBubbles{0};   //!< A's bubbles to B's mapping
    uint32_t aIndirectBubbles{0}; //!< A's bubbles through the server
    uint32_t bBubbles{0};         //!< B's bubbles (answers to indirect ones)
    uint32_t aData{0};            //!< A's data datagrams, all destinations
    uint32_t aDataDirect{0};      //!< ... to B's mapping
    uint32_t bData{0};            //!< B's data datagrams, all destinations
    uint32_t bDataDirect{0};      //!< ... to A's mapping
    uint32_t natBubbleDrops{0};   //!< bubbles either NAT dropped
    uint32_t natDataDrops{0};     //!< data either NAT dropped
    uint32_t natOtherDrops{0};    //!< anything else either NAT dropped (advertisements)
    uint32_t serverBubbles{0};    //!< bubbles the server forwarded
    uint32_t serverData{0};       //!< anything else it forwarded (not advertisements)
    uint32_t answers{0};          //!< echo replies A's UdpEchoClient got
    uint32_t notShown{0};         //!< datagrams not printed (quiet)
};

Lab g_lab;

/// \return the endpoint with its role, e.g. "203.0.113.5:49153 (B's mapping)"
std::string
Who(const InetSocketAddress& e)
{
    std::string role;
    if (e == g_lab.server)
    {
        role = " (server)";
    }
    else if (e == g_lab.server2)
    {
        role = " (server's secondary address)";
    }
    else if (e == g_lab.aMapping)
    {
        role = " (A's mapping)";
    }
    else if (e == g_lab.bMapping)
    {
        role = " (B's mapping)";
    }
    return LabStr(e) + role;
}

/// \return what a Teredo UDP payload (or bare IPv6 packet) is, in words
std::string
Describe(Ptr<const Packet> p, const TeredoDatagramInfo& info)
{
    return LabDescribe(p, info, ECHO_PORT);
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

/// What became of the packet A's stack sent, when A sent nothing for it at once.
void
ResolveSend()
{
    if (g_lab.pendingSend)
    {
        g_lab.pendingSend = false;
        LabSay("A: B is not trusted: A queues it (no bubble now: the bubble rate limit)");
    }
}

/// Whether A trusts B after B's bubble, when A had nothing to flush.
void
ResolveTrust()
{
    if (g_lab.pendingTrust && !g_lab.trustTold && g_lab.a->IsTrusted(g_lab.b->GetTeredoAddress()))
    {
        g_lab.trustTold = true;
        LabSay("A: trusts B now (nothing was queued)");
    }
    g_lab.pendingTrust = false;
}

void
StartEcho(Ptr<Node> nodeA)
{
    LabSay("A: UdpEchoClient starts: " + std::to_string(ECHO_REQUESTS) +
           " requests to B's Teredo address, one a second");
    UdpEchoClientHelper echo(g_lab.b->GetTeredoAddress(), ECHO_PORT);
    echo.SetAttribute("MaxPackets", UintegerValue(ECHO_REQUESTS));
    echo.SetAttribute("Interval", TimeValue(ECHO_INTERVAL));
    ApplicationContainer app = echo.Install(nodeA);
    app.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(+[](Ptr<const Packet>) {
                                               ++g_lab.answers;
                                           }));
    app.Start(Seconds(0));
}

void
Qualified(std::string name, Ptr<Node> nodeA, Ipv6Address address, TeredoQualification::NatType)
{
    TeredoAddress t = TeredoAddress::Decode(address);
    InetSocketAddress mapping(t.GetMappedAddress(), t.GetMappedPort());
    (name == "A" ? g_lab.aMapping : g_lab.bMapping) = mapping;
    std::ostringstream os;
    os << name << ": qualified as " << address << (t.IsCone() ? " (cone flag set)" : "")
       << "; its NAT maps it to " << LabStr(mapping);
    LabSay(os.str());
    if (!g_lab.echoStarted && g_lab.a->IsQualified() && g_lab.b->IsQualified())
    {
        g_lab.echoStarted = true;
        Simulator::Schedule(Seconds(1), &StartEcho, nodeA);
    }
}

void
ATunnelTx(Ptr<const Packet> ipv6)
{
    Ipv6Header h;
    ipv6->PeekHeader(h);
    if (h.GetDestination().IsMulticast())
    {
        return; // the stack's own neighbour discovery; the client drops it
    }
    if (!ShowData())
    {
        return;
    }
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    LabSay("A: the stack sends a " + Describe(ipv6, info) + " into the tunnel, to B");
    g_lab.pendingSend = true;
    Simulator::ScheduleNow(&ResolveSend);
}

void
ATx(Ptr<const Packet> p, const Address& to)
{
    InetSocketAddress dest = InetSocketAddress::ConvertFrom(to);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::ROUTER_SOLICITATION)
    {
        if (g_lab.verbose)
        {
            LabSay("A -> " + Who(dest) + ": router solicitation");
        }
        return;
    }
    bool bubble = info.kind == TeredoDatagramInfo::BUBBLE;
    if (g_lab.pendingSend)
    {
        g_lab.pendingSend = false;
        bool cone = TeredoAddress::Decode(g_lab.b->GetTeredoAddress()).IsCone();
        LabSay(bubble ? "A: B is not trusted yet: A queues the packet and sends bubbles"
               : cone ? "A: B's address has the cone flag: A sends at once, no bubbles "
                        "(the cone shortcut)"
                      : "A: trusts B: sends at once");
    }
    if (bubble)
    {
        if (dest == g_lab.server)
        {
            ++g_lab.aIndirectBubbles;
            LabSay("A -> " + Who(dest) + ": indirect bubble for B, through B's server");
        }
        else
        {
            ++g_lab.aDirectBubbles;
            LabSay(
                "A -> " + Who(dest) + ": direct bubble to B" +
                (g_lab.natA == "none" ? " (A has no NAT to open)" : " (opens A's NAT toward B)"));
        }
        return;
    }
    ++g_lab.aData;
    g_lab.aDataDirect += dest == g_lab.bMapping ? 1 : 0;
    if (g_lab.pendingTrust && !g_lab.trustTold)
    {
        g_lab.trustTold = true;
        LabSay("A: trusts B now (its bubble came from the mapping B's address names) and "
               "flushes its queue");
    }
    if (ShowData())
    {
        LabSay("A -> " + Who(dest) + ": " + Describe(p, info) +
               (dest == g_lab.bMapping ? ", directly to B" : ""));
    }
}

void
ARx(Ptr<const Packet> p, const Address& from)
{
    InetSocketAddress src = InetSocketAddress::ConvertFrom(from);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::ROUTER_ADVERTISEMENT)
    {
        if (g_lab.verbose)
        {
            LabSay("A <- " + Who(src) + ": router advertisement");
        }
        return;
    }
    if (info.kind == TeredoDatagramInfo::BUBBLE)
    {
        LabSay("A <- " + Who(src) + ": B's bubble gets through A's NAT (A sent to B before)");
        g_lab.pendingTrust = true;
        Simulator::ScheduleNow(&ResolveTrust);
        return;
    }
    if (ShowData())
    {
        LabSay("A <- " + Who(src) + ": " + Describe(p, info));
    }
}

void
ATunnelRx(Ptr<const Packet> ipv6)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    if (ShowData())
    {
        LabSay("A: " + Describe(ipv6, info) + " delivered to A's stack");
    }
    if (!g_lab.quiet && !g_lab.verbose)
    {
        g_lab.quiet = true;
        LabSay("(the first round trip is done; later data is counted, not shown: --verbose "
               "shows it)");
    }
}

void
BTx(Ptr<const Packet> p, const Address& to)
{
    InetSocketAddress dest = InetSocketAddress::ConvertFrom(to);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::ROUTER_SOLICITATION)
    {
        if (g_lab.verbose)
        {
            LabSay("B -> " + Who(dest) + ": router solicitation");
        }
        return;
    }
    if (info.kind == TeredoDatagramInfo::BUBBLE)
    {
        ++g_lab.bBubbles;
        LabSay("B -> " + Who(dest) + ": direct bubble, B's answer to the indirect one" +
               (g_lab.natB == "none" ? "" : " (opens B's NAT toward A)"));
        return;
    }
    ++g_lab.bData;
    g_lab.bDataDirect += dest == g_lab.aMapping ? 1 : 0;
    if (ShowData())
    {
        LabSay("B -> " + Who(dest) + ": " + Describe(p, info) +
               (dest == g_lab.aMapping ? ", directly to A" : ""));
    }
}

void
BRx(Ptr<const Packet> p, const Address& from)
{
    InetSocketAddress src = InetSocketAddress::ConvertFrom(from);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::ROUTER_ADVERTISEMENT)
    {
        if (g_lab.verbose)
        {
            LabSay("B <- " + Who(src) + ": router advertisement");
        }
        return;
    }
    if (info.kind == TeredoDatagramInfo::BUBBLE && info.hasOrigin)
    {
        InetSocketAddress origin(info.origin.GetAddress(), info.origin.GetPort());
        LabSay("B <- " + Who(src) + ": A's indirect bubble; the origin indication says A is at " +
               Who(origin));
        return;
    }
    if (g_lab.verbose)
    {
        LabSay("B <- " + Who(src) + ": " + Describe(p, info));
    }
}

void
BTunnelRx(Ptr<const Packet> ipv6)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    if (ShowData())
    {
        bool first = !g_lab.bTrustTold && g_lab.b->IsTrusted(g_lab.a->GetTeredoAddress());
        g_lab.bTrustTold = g_lab.bTrustTold || first;
        LabSay("B: " + Describe(ipv6, info) + " from A delivered to B's stack" +
               (first ? "; B trusts A now (it came from the mapping A's address names)" : ""));
    }
}

void
ServerTx(Ptr<const Packet> p, const Address& peer)
{
    InetSocketAddress to = InetSocketAddress::ConvertFrom(peer);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::ROUTER_ADVERTISEMENT)
    {
        if (g_lab.verbose)
        {
            LabSay("server -> " + Who(to) + ": router advertisement");
        }
        return;
    }
    std::string what = Describe(p, info);
    if (info.kind == TeredoDatagramInfo::BUBBLE)
    {
        ++g_lab.serverBubbles;
    }
    else
    {
        ++g_lab.serverData;
    }
    std::string origin;
    if (info.hasOrigin)
    {
        origin = ", origin indication added: " +
                 Who(InetSocketAddress(info.origin.GetAddress(), info.origin.GetPort()));
    }
    LabSay("server -> " + Who(to) + ": forwards a " + what + origin);
}

void
NatDrop(std::string side, Ptr<const Packet> packet, const Ipv4Header& h, Ipv4Nat::DropReason reason)
{
    Ptr<Packet> p = packet->Copy();
    UdpHeader udp;
    if (h.GetProtocol() != UdpL4Protocol::PROT_NUMBER || p->RemoveHeader(udp) == 0)
    {
        LabSay(side + "'s NAT drops a packet (" + Ipv4Nat::DropReasonToString(reason) + ")");
        return;
    }
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::BUBBLE)
    {
        ++g_lab.natBubbleDrops;
    }
    else if (info.kind == TeredoDatagramInfo::IPV6_DATA)
    {
        ++g_lab.natDataDrops;
    }
    else
    {
        ++g_lab.natOtherDrops;
    }
    InetSocketAddress from(h.GetSource(), udp.GetSourcePort());
    std::string why =
        reason == Ipv4Nat::DROP_FILTERED ? ": " + side + " sent nothing there yet" : "";
    LabSay(side + "'s NAT (" + (side == "A" ? g_lab.natA : g_lab.natB) + ") drops the " +
           Describe(p, info) + " from " + Who(from) + " (" + Ipv4Nat::DropReasonToString(reason) +
           why + ")");
}

void
ClientDrop(std::string name, Ptr<const Packet>, TeredoClient::DropReason reason)
{
    if (name == "A")
    {
        g_lab.pendingSend = false;
    }
    std::string why = reason == TeredoClient::DROP_MAPPING_MISMATCH
                          ? ": it came from another mapping than its source address names"
                          : "";
    LabSay(name + ": drops a packet (" + TeredoClient::DropReasonToString(reason) + why + ")");
}

/// \return "1 bubble exchange", "2 bubble exchanges"
std::string
Plural(uint32_t n, const std::string& what)
{
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string natA = "restricted-cone";
    std::string natB = "port-restricted-cone";
    std::string procedure = "rfc5991";
    double duration = 20;
    bool verbose = false;
    RngSeedManager::SetSeed(1); // the defaults; --RngSeed and --RngRun override them
    RngSeedManager::SetRun(1);
    CommandLine cmd(__FILE__);
    cmd.AddValue("nat-a",
                 "client A's NAT: none, full-cone, restricted-cone, "
                 "port-restricted-cone or symmetric",
                 natA);
    cmd.AddValue("nat-b", "client B's NAT (as --nat-a)", natB);
    cmd.AddValue("procedure", "qualification procedure: rfc5991 or rfc4380", procedure);
    cmd.AddValue("duration", "simulated seconds", duration);
    cmd.AddValue("verbose", "print every datagram", verbose);
    cmd.Parse(argc, argv);
    World::SiteNat siteA;
    World::SiteNat siteB;
    if (!World::SiteNatFromString(natA, siteA) || !World::SiteNatFromString(natB, siteB))
    {
        std::cerr << "--nat-a and --nat-b: none, full-cone, restricted-cone, "
                     "port-restricted-cone or symmetric\n";
        return 2;
    }
    if (procedure != "rfc5991" && procedure != "rfc4380")
    {
        std::cerr << "--procedure must be rfc5991 or rfc4380\n";
        return 2;
    }
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    g_lab.verbose = verbose;
    g_lab.natA = natA;
    g_lab.natB = natB;

    World world;
    world.AddSite(siteA, 1);
    world.AddSite(siteB, 1);
    world.Build();
    world.AssignStreams(1);
    TeredoServerHelper serverHelper(world.GetServerPrimaryAddress(),
                                    world.GetServerSecondaryAddress());
    Ptr<TeredoServer> server =
        DynamicCast<TeredoServer>(serverHelper.Install(world.GetServerNode()).Get(0));
    TeredoClientHelper clientHelper(world.GetServerPrimaryAddress());
    clientHelper.SetAttribute("Procedure",
                              StringValue(procedure == "rfc4380" ? "Rfc4380" : "Rfc5991"));
    ApplicationContainer clients = clientHelper.Install(world.GetAllClients());
    TeredoClientHelper::AssignStreams(clients, 100);
    clients.Start(Seconds(1));
    g_lab.a = DynamicCast<TeredoClient>(clients.Get(0));
    g_lab.b = DynamicCast<TeredoClient>(clients.Get(1));
    g_lab.server = InetSocketAddress(world.GetServerPrimaryAddress(), TeredoAddress::SERVER_PORT);
    g_lab.server2 =
        InetSocketAddress(world.GetServerSecondaryAddress(), TeredoAddress::SERVER_PORT);
    Ptr<Node> nodeA = world.GetClients(0).Get(0);
    UdpEchoServerHelper(ECHO_PORT).Install(world.GetClients(1).Get(0)).Start(Seconds(0));

    g_lab.a->TraceConnectWithoutContext("Qualified",
                                        MakeBoundCallback(&Qualified, std::string("A"), nodeA));
    g_lab.b->TraceConnectWithoutContext("Qualified",
                                        MakeBoundCallback(&Qualified, std::string("B"), nodeA));
    g_lab.a->TraceConnectWithoutContext("TunnelTx", MakeCallback(&ATunnelTx));
    g_lab.a->TraceConnectWithoutContext("Tx", MakeCallback(&ATx));
    g_lab.a->TraceConnectWithoutContext("Rx", MakeCallback(&ARx));
    g_lab.a->TraceConnectWithoutContext("TunnelRx", MakeCallback(&ATunnelRx));
    g_lab.a->TraceConnectWithoutContext("Drop", MakeBoundCallback(&ClientDrop, std::string("A")));
    g_lab.b->TraceConnectWithoutContext("Tx", MakeCallback(&BTx));
    g_lab.b->TraceConnectWithoutContext("Rx", MakeCallback(&BRx));
    g_lab.b->TraceConnectWithoutContext("TunnelRx", MakeCallback(&BTunnelRx));
    g_lab.b->TraceConnectWithoutContext("Drop", MakeBoundCallback(&ClientDrop, std::string("B")));
    server->TraceConnectWithoutContext("Tx", MakeCallback(&ServerTx));
    for (uint32_t site = 0; site < 2; ++site)
    {
        if (Ptr<Ipv4Nat> nat = world.GetNat(site))
        {
            nat->TraceConnectWithoutContext(
                "Drop",
                MakeBoundCallback(&NatDrop, std::string(site == 0 ? "A" : "B")));
        }
    }

    std::cout << "Teredo bubbles: client A behind " << natA << ", client B behind " << natB
              << ", procedure " << (procedure == "rfc4380" ? "RFC 4380" : "RFC 5991") << "; server "
              << LabStr(g_lab.server) << "\n";
    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    std::cout << "\n";
    if (g_lab.notShown > 0)
    {
        std::cout << "(" << g_lab.notShown << " later data events not shown)\n";
    }
    std::cout << "A sent " << g_lab.aDirectBubbles << " direct and "
              << Plural(g_lab.aIndirectBubbles, "indirect bubble") << ", "
              << Plural(g_lab.aData, "data packet") << " (" << g_lab.aDataDirect
              << " directly to B's mapping); B sent " << Plural(g_lab.bBubbles, "bubble") << ", "
              << Plural(g_lab.bData, "data packet") << " (" << g_lab.bDataDirect
              << " directly to A's mapping)\n";
    std::cout << "the NATs dropped " << Plural(g_lab.natBubbleDrops, "bubble") << ", "
              << Plural(g_lab.natDataDrops, "data packet") << " and "
              << Plural(g_lab.natOtherDrops, "other packet") << "; the server forwarded "
              << Plural(g_lab.serverBubbles, "bubble") << " and "
              << Plural(g_lab.serverData, "data packet") << " (GetForwardedToTeredoCount "
              << server->GetForwardedToTeredoCount() << ")\n";

    bool qualified = g_lab.a->IsQualified() && g_lab.b->IsQualified();
    bool direct = qualified && g_lab.answers > 0 && g_lab.serverData == 0 &&
                  g_lab.aDataDirect == g_lab.aData && g_lab.bDataDirect == g_lab.bData;
    std::ostringstream verdict;
    if (!qualified)
    {
        verdict << "path A->B: FAILED, " << (g_lab.a->IsQualified() ? "B" : "A")
                << " not qualified";
    }
    else if (direct)
    {
        verdict << "path A->B: direct after " << Plural(g_lab.aIndirectBubbles, "bubble exchange")
                << "; server forwarded " << Plural(g_lab.serverBubbles, "indirect bubble")
                << " and " << Plural(g_lab.serverData, "data packet") << "; " << g_lab.answers
                << " of " << ECHO_REQUESTS << " echoes answered";
    }
    else
    {
        verdict << "path A->B: FAILED, no direct path after "
                << Plural(g_lab.aIndirectBubbles, "indirect bubble") << " from A; server forwarded "
                << Plural(g_lab.serverBubbles, "indirect bubble") << " and "
                << Plural(g_lab.serverData, "data packet") << "; " << g_lab.answers << " of "
                << ECHO_REQUESTS << " echoes answered";
    }
    std::cout << verdict.str() << "\n";
    Simulator::Destroy();
    return direct ? 0 : 1;
}
