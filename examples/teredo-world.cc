/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// teredo-world: the whole Teredo world in one run (the README's flagship).
//
// TeredoTopologyHelper builds a Teredo server, a Teredo relay, a host-specific
// relay, an IPv6-only host and one site per NAT preset asked for (--nats),
// each with --clients Teredo clients. The clients qualify with --procedure;
// from --traffic-start on, stock UdpEchoClients send --echoes requests, one a
// second:
//
//   - every client to the next client (a ring over all clients): bubbles, then
//     direct between the two NAT mappings;
//   - every client to the IPv6-only host: a ping test through the server finds
//     the relay, which then carries the traffic;
//   - every client to the host-specific relay: found the same way, but that
//     host answers over IPv4 itself, with no relay;
//   - the IPv6-only host to the first client of every site: through the relay,
//     which opens the client's NAT with an indirect bubble.
//
// It prints four tables: qualification per client (procedure, NAT, the type
// the client found, address, time); every flow, with answers and the path its
// packets took, seen on the Teredo datagrams themselves (the IPv4 address a
// client sent each datagram to, or received it from); overhead (Teredo bytes
// by kind: router solicitations and advertisements, bubbles, ping tests, data);
// round-trip time per path. Files: a pcap per device of the world
// (<prefix>-<node>-<device>.pcap; tshark decodes the Teredo in them, with
// `--enable-heuristic teredo_udp` for the ports other than 3544), an SVG of the
// round-trip time per path (<prefix>-latency.svg), and with --netanim a
// NetAnim trace (<prefix>.xml).
//
// What to observe: behind every NAT but a symmetric one each client reaches
// every other client directly and the host through the relay; a symmetric NAT
// leaves its clients off-line (RFC 4380 procedure) or unreachable (RFC 5991).
// Once the paths are up, RS/RA, bubbles and ping tests are a small share of
// the bytes. The same --seed and --run give the same tables and byte-identical
// pcaps.
//
//   teredo-world [--nats=none,full-cone,restricted-cone,port-restricted-cone,symmetric]
//                [--clients=1] [--procedure=rfc4380|rfc5991] [--duration=40]
//                [--traffic-start=20] [--echoes=5] [--seed=1] [--run=1]
//                [--pcap=true] [--prefix=teredo-world] [--netanim=false] [--figure=true]

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
// NetAnim (and the mobility module, which only places nodes for it) is
// optional: a waf-built ns-3 tree may not enable the netanim module (the
// wscript then defines TEREDO_WITHOUT_NETANIM, and --netanim is refused).
#ifndef TEREDO_WITHOUT_NETANIM
#include "ns3/mobility-module.h"
#include "ns3/netanim-module.h"
#endif
#include "ns3/network-module.h"
#include "ns3/teredo-module.h"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("TeredoWorldExample");

namespace
{

using World = TeredoTopologyHelper;
using Q = TeredoQualification;

const uint16_t ECHO_PORT = 9;

/// A Teredo client of the world.
struct Client
{
    std::string name;                //!< "c<site>.<i>"
    World::SiteNat nat;              //!< its site's NAT
    Ptr<Node> node;                  //!< its node
    Ptr<TeredoClient> app;           //!< its Teredo client
    bool qualified{false};           //!< qualified at least once
    Time qualifiedAt;                //!< when first
    Ipv6Address address;             //!< its Teredo address (last)
    Q::NatType type{Q::NAT_UNKNOWN}; //!< what the procedure found
};

/// One echo flow.
struct Flow
{
    std::string from;                     //!< sender's name
    std::string to;                       //!< receiver's name
    Ipv6Address destination;              //!< where the requests go
    Ipv6Address source;                   //!< the sender's IPv6 address (for the receiver)
    int32_t senderClient{-1};             //!< index of the sending client, or -1
    int32_t receiverClient{-1};           //!< index of the receiving client, or -1
    uint32_t sent{0};                     //!< requests sent
    Time lastSent;                        //!< when the last one left
    std::vector<Time> rtts;               //!< per answer
    std::map<std::string, uint64_t> path; //!< data datagrams per path seen
};

/// Everything observed.
struct Observed
{
    std::vector<Client> clients;              //!< the clients
    std::vector<Flow> flows;                  //!< the flows
    std::map<std::string, uint64_t> bytes;    //!< Teredo bytes by kind
    std::map<std::string, uint64_t> messages; //!< Teredo datagrams by kind
    Ipv4Address server;                       //!< server's primary address
    Ipv4Address serverSecondary;              //!< and the other one
    Ipv4Address relay;                        //!< the relay's IPv4 address
    Ipv4Address hostRelay;                    //!< the host-specific relay's
};

Observed g_obs;

/// \return the kind of a Teredo datagram for the overhead table
std::string
OverheadKind(const TeredoDatagramInfo& info, Ipv4Address to)
{
    switch (info.kind)
    {
    case TeredoDatagramInfo::ROUTER_SOLICITATION:
    case TeredoDatagramInfo::ROUTER_ADVERTISEMENT:
        return "RS/RA";
    case TeredoDatagramInfo::BUBBLE:
        return "bubbles";
    case TeredoDatagramInfo::IPV6_DATA:
        // An ICMPv6 echo request sent to the server is a ping test (RFC 4380
        // section 5.2.9); the server carries no other data.
        if (info.icmpv6Type == 128 && (to == g_obs.server || to == g_obs.serverSecondary))
        {
            return "ping tests";
        }
        return "data";
    default:
        return "other";
    }
}

/// Count a datagram sent to \p to in the overhead table. \return its classification
TeredoDatagramInfo
Count(Ptr<const Packet> payload, Ipv4Address to)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(payload);
    std::string kind = OverheadKind(info, to);
    g_obs.bytes[kind] += payload->GetSize();
    ++g_obs.messages[kind];
    return info;
}

/// \return the path a data datagram takes, from the IPv4 address at the far end
std::string
PathOf(Ipv4Address far)
{
    if (far == g_obs.relay)
    {
        return "via relay";
    }
    if (far == g_obs.hostRelay)
    {
        return "via host-specific relay";
    }
    if (far == g_obs.server || far == g_obs.serverSecondary)
    {
        return "via server";
    }
    return "direct";
}

/// \return whether a classified Teredo datagram carries UDP (an echo flow's data)
bool
IsEchoData(const TeredoDatagramInfo& info)
{
    return info.kind == TeredoDatagramInfo::IPV6_DATA && info.ipv6.GetNextHeader() == 17;
}

void
ClientTx(uint32_t c, Ptr<const Packet> payload, const Address& to)
{
    Ipv4Address far = InetSocketAddress::ConvertFrom(to).GetIpv4();
    TeredoDatagramInfo info = Count(payload, far);
    if (!IsEchoData(info))
    {
        return;
    }
    for (Flow& f : g_obs.flows)
    {
        if (f.senderClient == int32_t(c) && f.destination == info.ipv6.GetDestination())
        {
            ++f.path[PathOf(far)];
        }
    }
}

void
ClientRx(uint32_t c, Ptr<const Packet> payload, const Address& from)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(payload);
    if (!IsEchoData(info))
    {
        return;
    }
    Ipv4Address far = InetSocketAddress::ConvertFrom(from).GetIpv4();
    for (Flow& f : g_obs.flows)
    {
        // Requests of a flow whose sender is not a Teredo client are seen
        // where they arrive.
        if (f.senderClient < 0 && f.receiverClient == int32_t(c) &&
            f.source == info.ipv6.GetSource())
        {
            ++f.path[PathOf(far)];
        }
    }
}

void
ServerTx(Ptr<const Packet> payload, const Address& to)
{
    Count(payload, InetSocketAddress::ConvertFrom(to).GetIpv4());
}

void
RelayTx(Ptr<const Packet> payload, const Address& to)
{
    Count(payload, InetSocketAddress::ConvertFrom(to).GetIpv4());
}

void
Qualified(uint32_t c, Ipv6Address address, Q::NatType type)
{
    Client& client = g_obs.clients[c];
    if (!client.qualified)
    {
        client.qualified = true;
        client.qualifiedAt = Simulator::Now();
    }
    client.address = address;
    client.type = type;
}

void
EchoTx(uint32_t f, Ptr<const Packet>)
{
    ++g_obs.flows[f].sent;
    g_obs.flows[f].lastSent = Simulator::Now();
}

void
EchoRx(uint32_t f, Ptr<const Packet>)
{
    g_obs.flows[f].rtts.push_back(Simulator::Now() - g_obs.flows[f].lastSent);
}

/// Start the echo client of flow \p f on \p node (its destination known now).
void
StartFlow(uint32_t f, Ptr<Node> node, uint32_t echoes)
{
    Flow& flow = g_obs.flows[f];
    if (flow.receiverClient >= 0)
    {
        const Client& receiver = g_obs.clients[flow.receiverClient];
        if (!receiver.qualified)
        {
            return; // nothing to send to: the table says so
        }
        flow.destination = receiver.address;
    }
    if (flow.senderClient >= 0)
    {
        if (!g_obs.clients[flow.senderClient].qualified)
        {
            return;
        }
        flow.source = g_obs.clients[flow.senderClient].address;
    }
    UdpEchoClientHelper echo(flow.destination, ECHO_PORT);
    echo.SetAttribute("MaxPackets", UintegerValue(echoes));
    echo.SetAttribute("Interval", TimeValue(Seconds(1)));
    echo.SetAttribute("PacketSize", UintegerValue(64));
    Ptr<Application> app = echo.Install(node).Get(0);
    app->TraceConnectWithoutContext("Tx", MakeBoundCallback(&EchoTx, f));
    app->TraceConnectWithoutContext("Rx", MakeBoundCallback(&EchoRx, f));
    app->SetStartTime(Seconds(0));
}

/// \return the median of \p v (sorted here), or 0
double
Median(std::vector<double> v)
{
    if (v.empty())
    {
        return 0;
    }
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// \return the flow's path: the one all its data took, or a mix, "failed", or
/// why nothing was sent
std::string
FlowPath(const Flow& f)
{
    if (f.sent == 0)
    {
        return "not sent (off-line)";
    }
    if (f.rtts.empty())
    {
        return "failed";
    }
    std::string path;
    for (const auto& [p, n] : f.path)
    {
        path += (path.empty() ? "" : " + ") + p;
    }
    return path.empty() ? "unseen" : path;
}

std::string
Ms(double seconds)
{
    std::ostringstream out;
    out << std::fixed << std::setprecision(1) << seconds * 1e3;
    return out.str();
}

/// RTT per path, for the table and the figure.
struct PathLatency
{
    std::string path;           //!< path name
    uint32_t flows{0};          //!< flows that took it
    std::vector<double> rtts;   //!< every answer but each flow's first, seconds
    std::vector<double> firsts; //!< each flow's first answer (path set-up included)
};

std::vector<PathLatency>
LatencyPerPath()
{
    std::vector<PathLatency> paths;
    for (const char* name : {"direct", "via relay", "via host-specific relay"})
    {
        PathLatency p;
        p.path = name;
        for (const Flow& f : g_obs.flows)
        {
            if (FlowPath(f) != name)
            {
                continue;
            }
            ++p.flows;
            p.firsts.push_back(f.rtts.front().GetSeconds());
            for (size_t i = 1; i < f.rtts.size(); ++i)
            {
                p.rtts.push_back(f.rtts[i].GetSeconds());
            }
        }
        paths.push_back(p);
    }
    return paths;
}

/// Write the SVG figure: median, min and max RTT per path (bars and whiskers).
void
WriteLatencyFigure(const std::string& file, const std::vector<PathLatency>& paths)
{
    double top = 0.001;
    for (const PathLatency& p : paths)
    {
        for (double r : p.rtts)
        {
            top = std::max(top, r);
        }
    }
    top *= 1.15;
    const double w = 640;
    const double h = 360;
    const double left = 70;
    const double bottom = 300;
    const double plotH = 260;
    std::ofstream svg(file);
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << w << "\" height=\"" << h
        << "\" font-family=\"sans-serif\" font-size=\"13\">\n"
        << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        << "<text x=\"" << w / 2
        << "\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">Teredo round-trip time per "
           "path (median, min-max; first answer of each flow left out)</text>\n"
        << "<line x1=\"" << left << "\" y1=\"" << bottom << "\" x2=\"" << w - 20 << "\" y2=\""
        << bottom << "\" stroke=\"black\"/>\n"
        << "<line x1=\"" << left << "\" y1=\"" << bottom - plotH << "\" x2=\"" << left << "\" y2=\""
        << bottom << "\" stroke=\"black\"/>\n";
    for (int t = 0; t <= 4; ++t)
    {
        double v = top * t / 4;
        double y = bottom - plotH * t / 4;
        svg << "<text x=\"" << left - 6 << "\" y=\"" << y + 4 << "\" text-anchor=\"end\">" << Ms(v)
            << "</text>\n<line x1=\"" << left << "\" y1=\"" << y << "\" x2=\"" << w - 20
            << "\" y2=\"" << y << "\" stroke=\"#ddd\"/>\n";
    }
    svg << "<text x=\"18\" y=\"" << bottom - plotH / 2 << "\" transform=\"rotate(-90 18 "
        << bottom - plotH / 2 << ")\" text-anchor=\"middle\">RTT (ms)</text>\n";
    const double slot = (w - 20 - left) / paths.size();
    for (size_t i = 0; i < paths.size(); ++i)
    {
        const PathLatency& p = paths[i];
        double cx = left + slot * (i + 0.5);
        svg << "<text x=\"" << cx << "\" y=\"" << bottom + 20 << "\" text-anchor=\"middle\">"
            << p.path << "</text>\n<text x=\"" << cx << "\" y=\"" << bottom + 38
            << "\" text-anchor=\"middle\" fill=\"#555\">" << p.flows << " flows, " << p.rtts.size()
            << " answers</text>\n";
        if (p.rtts.empty())
        {
            continue;
        }
        auto y = [&](double v) { return bottom - plotH * v / top; };
        double median = Median(p.rtts);
        double lo = *std::min_element(p.rtts.begin(), p.rtts.end());
        double hi = *std::max_element(p.rtts.begin(), p.rtts.end());
        svg << "<rect x=\"" << cx - 40 << "\" y=\"" << y(median) << "\" width=\"80\" height=\""
            << bottom - y(median) << "\" fill=\"#4a7ebb\"/>\n"
            << "<line x1=\"" << cx << "\" y1=\"" << y(lo) << "\" x2=\"" << cx << "\" y2=\"" << y(hi)
            << "\" stroke=\"black\"/>\n"
            << "<line x1=\"" << cx - 12 << "\" y1=\"" << y(hi) << "\" x2=\"" << cx + 12
            << "\" y2=\"" << y(hi) << "\" stroke=\"black\"/>\n"
            << "<line x1=\"" << cx - 12 << "\" y1=\"" << y(lo) << "\" x2=\"" << cx + 12
            << "\" y2=\"" << y(lo) << "\" stroke=\"black\"/>\n"
            << "<text x=\"" << cx + 44 << "\" y=\"" << y(median) + 4 << "\">" << Ms(median)
            << "</text>\n";
    }
    svg << "</svg>\n";
}

void
PrintTables(const std::string& procedure)
{
    std::cout << "\nQualification (" << procedure << ")\n"
              << std::left << std::setw(8) << "client" << std::setw(22) << "NAT" << std::setw(14)
              << "found" << std::setw(42) << "Teredo address"
              << "qualified at\n";
    uint32_t qualified = 0;
    for (const Client& c : g_obs.clients)
    {
        std::cout << std::setw(8) << c.name << std::setw(22) << World::SiteNatToString(c.nat);
        if (c.qualified)
        {
            ++qualified;
            std::ostringstream address; // one string, so that setw pads all of it
            address << c.address;
            std::cout << std::setw(14) << Q::NatTypeToString(c.type) << std::setw(42)
                      << address.str() << std::fixed << std::setprecision(3)
                      << c.qualifiedAt.GetSeconds() << " s\n";
        }
        else
        {
            std::cout << std::setw(14) << "-" << std::setw(42) << "off-line"
                      << "-\n";
        }
    }

    std::cout << "\nFlows (UDP echo, answers of requests sent; path of the data datagrams)\n"
              << std::setw(8) << "from" << std::setw(10) << "to" << std::setw(10) << "answers"
              << std::setw(30) << "path" << std::setw(14) << "first (ms)"
              << "median (ms)\n";
    std::map<std::string, uint32_t> byPath;
    for (const Flow& f : g_obs.flows)
    {
        std::string path = FlowPath(f);
        ++byPath[path];
        std::vector<double> rest;
        for (size_t i = 1; i < f.rtts.size(); ++i)
        {
            rest.push_back(f.rtts[i].GetSeconds());
        }
        std::cout << std::setw(8) << f.from << std::setw(10) << f.to << std::setw(10)
                  << (std::to_string(f.rtts.size()) + "/" + std::to_string(f.sent)) << std::setw(30)
                  << path << std::setw(14)
                  << (f.rtts.empty() ? "-" : Ms(f.rtts.front().GetSeconds()))
                  << (rest.empty() ? "-" : Ms(Median(rest))) << "\n";
    }

    uint64_t total = 0;
    for (const auto& [kind, n] : g_obs.bytes)
    {
        total += n;
    }
    std::cout << "\nOverhead (UDP payload bytes of every Teredo datagram sent by clients, "
                 "server and relays)\n"
              << std::setw(14) << "kind" << std::setw(12) << "datagrams" << std::setw(12) << "bytes"
              << "share\n";
    for (const char* kind : {"RS/RA", "bubbles", "ping tests", "data", "other"})
    {
        uint64_t n = g_obs.bytes.count(kind) ? g_obs.bytes.at(kind) : 0;
        uint64_t m = g_obs.messages.count(kind) ? g_obs.messages.at(kind) : 0;
        std::cout << std::setw(14) << kind << std::setw(12) << m << std::setw(12) << n << std::fixed
                  << std::setprecision(1) << (total ? 100.0 * n / total : 0) << " %\n";
    }

    std::cout << "\nRound-trip time per path (every answer but each flow's first; the "
                 "first includes setting the path up)\n"
              << std::setw(26) << "path" << std::setw(8) << "flows" << std::setw(10) << "answers"
              << std::setw(14) << "median (ms)" << std::setw(12) << "min (ms)" << std::setw(12)
              << "max (ms)"
              << "first, median (ms)\n";
    for (const PathLatency& p : LatencyPerPath())
    {
        std::cout << std::setw(26) << p.path << std::setw(8) << p.flows << std::setw(10)
                  << p.rtts.size();
        if (p.rtts.empty())
        {
            std::cout << "-\n";
            continue;
        }
        std::cout << std::setw(14) << Ms(Median(p.rtts)) << std::setw(12)
                  << Ms(*std::min_element(p.rtts.begin(), p.rtts.end())) << std::setw(12)
                  << Ms(*std::max_element(p.rtts.begin(), p.rtts.end())) << Ms(Median(p.firsts))
                  << "\n";
    }

    std::cout << "\nSummary: " << qualified << " of " << g_obs.clients.size()
              << " clients qualified;";
    for (const auto& [path, n] : byPath)
    {
        std::cout << " " << n << " flows " << path << ";";
    }
    std::cout << " " << g_obs.flows.size() << " flows in all\n";
}

#ifndef TEREDO_WITHOUT_NETANIM
/// Place the nodes on a grid for NetAnim: core in the middle, sites below.
void
PlaceNodes(const World& world)
{
    MobilityHelper mobility;
    mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    mobility.Install(NodeContainer::GetGlobal());
    auto place = [](Ptr<Node> n, double x, double y) {
        n->GetObject<MobilityModel>()->SetPosition(Vector(x, y, 0));
    };
    place(world.GetCoreRouter(), 50, 40);
    place(world.GetServerNode(), 50, 10);
    place(world.GetRelay(0), 80, 20);
    place(world.GetHostSpecificRelay(0), 20, 20);
    place(world.GetIpv6Host(0), 95, 10);
    if (world.GetIpv6CoreRouter())
    {
        place(world.GetIpv6CoreRouter(), 80, 5);
    }
    for (uint32_t s = 0; s < world.GetSiteCount(); ++s)
    {
        double x = 10 + 80.0 * s / std::max<uint32_t>(1, world.GetSiteCount() - 1);
        place(world.GetGateway(s), x, 60);
        NodeContainer clients = world.GetClients(s);
        for (uint32_t i = 0; i < clients.GetN(); ++i)
        {
            place(clients.Get(i), x - 4 + 8.0 * i / std::max<uint32_t>(1, clients.GetN()), 80);
        }
    }
}

#endif

} // namespace

int
main(int argc, char* argv[])
{
    std::string nats = "none,full-cone,restricted-cone,port-restricted-cone,symmetric";
    uint32_t clientsPerSite = 1;
    std::string procedure = "rfc4380";
    double duration = 40;
    double trafficStart = 20;
    uint32_t echoes = 5;
    uint32_t seed = 1;
    uint32_t run = 1;
    bool pcap = true;
    std::string prefix = "teredo-world";
    bool netanim = false;
    bool figure = true;
    std::string lan = "csma";

    CommandLine cmd(__FILE__);
    cmd.AddValue("nats", "comma-separated NAT presets, a site each", nats);
    cmd.AddValue("clients", "Teredo clients per site", clientsPerSite);
    cmd.AddValue("procedure", "qualification procedure: rfc4380 or rfc5991", procedure);
    cmd.AddValue("duration", "simulated seconds", duration);
    cmd.AddValue("traffic-start", "when the echo flows start (s)", trafficStart);
    cmd.AddValue("echoes", "echo requests per flow, one a second", echoes);
    cmd.AddValue("seed", "random seed (RngSeedManager)", seed);
    cmd.AddValue("run", "random run number (RngSeedManager)", run);
    cmd.AddValue("pcap", "write a pcap per device", pcap);
    cmd.AddValue("prefix", "prefix of the files written", prefix);
    cmd.AddValue("netanim", "write a NetAnim trace, <prefix>.xml", netanim);
    cmd.AddValue("figure", "write the RTT-per-path figure, <prefix>-latency.svg", figure);
    cmd.AddValue("lan",
                 "site LANs: csma (one shared segment) or switched (a learning switch)",
                 lan);
    cmd.Parse(argc, argv);

    Q::Procedure proc;
    if (procedure == "rfc4380")
    {
        proc = Q::RFC4380;
    }
    else if (procedure == "rfc5991")
    {
        proc = Q::RFC5991;
    }
    else
    {
        std::cerr << "--procedure must be rfc4380 or rfc5991\n";
        return 2;
    }
    if (lan != "csma" && lan != "switched")
    {
        std::cerr << "--lan must be csma or switched\n";
        return 2;
    }
    std::vector<World::SiteNat> sites;
    std::istringstream list(nats);
    for (std::string name; std::getline(list, name, ',');)
    {
        World::SiteNat nat;
        if (!World::SiteNatFromString(name, nat))
        {
            std::cerr << "--nats: unknown preset '" << name
                      << "' (none, full-cone, restricted-cone, port-restricted-cone, "
                         "symmetric)\n";
            return 2;
        }
        sites.push_back(nat);
    }
    if (sites.empty() || clientsPerSite == 0 || echoes == 0 || trafficStart >= duration)
    {
        std::cerr << "need at least one site, one client, one echo, and "
                     "--traffic-start < --duration\n";
        return 2;
    }
    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    World world;
    world.SetLanModel(lan == "switched" ? World::SWITCHED_LAN : World::CSMA_LAN);
    for (World::SiteNat nat : sites)
    {
        world.AddSite(nat, clientsPerSite);
    }
    world.AddRelay();
    world.AddIpv6Host();
    world.AddHostSpecificRelay();
    world.Build();
    world.AssignStreams(1);
    g_obs.server = world.GetServerPrimaryAddress();
    g_obs.serverSecondary = world.GetServerSecondaryAddress();
    g_obs.relay = world.GetRelayIpv4Address(0);
    g_obs.hostRelay = world.GetHostSpecificRelayIpv4Address(0);

    TeredoServerHelper serverHelper(world.GetServerPrimaryAddress(),
                                    world.GetServerSecondaryAddress());
    Ptr<TeredoServer> server =
        DynamicCast<TeredoServer>(serverHelper.Install(world.GetServerNode()).Get(0));
    server->TraceConnectWithoutContext("Tx", MakeCallback(&ServerTx));
    for (Ptr<Application> relay :
         {TeredoRelayHelper().Install(world.GetRelay(0)).Get(0),
          HostSpecificRelayHelper().Install(world.GetHostSpecificRelay(0)).Get(0)})
    {
        relay->TraceConnectWithoutContext("Tx", MakeCallback(&RelayTx));
    }
    TeredoClientHelper clientHelper(world.GetServerPrimaryAddress());
    clientHelper.SetAttribute("Procedure", EnumValue(proc));
    ApplicationContainer apps = clientHelper.Install(world.GetAllClients());
    TeredoClientHelper::AssignStreams(apps, 1000);
    apps.Start(Seconds(1));

    UdpEchoServerHelper echoServer(ECHO_PORT);
    echoServer.Install(world.GetAllClients()).Start(Seconds(0));
    echoServer.Install(world.GetIpv6Host(0)).Start(Seconds(0));
    echoServer.Install(world.GetHostSpecificRelay(0)).Start(Seconds(0));

    uint32_t c = 0;
    std::vector<uint32_t> firstOfSite;
    for (uint32_t s = 0; s < world.GetSiteCount(); ++s)
    {
        firstOfSite.push_back(c);
        for (uint32_t i = 0; i < clientsPerSite; ++i, ++c)
        {
            Client client;
            client.name = "c" + std::to_string(s) + "." + std::to_string(i);
            client.nat = sites[s];
            client.node = world.GetClients(s).Get(i);
            client.app = DynamicCast<TeredoClient>(apps.Get(c));
            client.app->TraceConnectWithoutContext("Qualified", MakeBoundCallback(&Qualified, c));
            client.app->TraceConnectWithoutContext("Tx", MakeBoundCallback(&ClientTx, c));
            client.app->TraceConnectWithoutContext("Rx", MakeBoundCallback(&ClientRx, c));
            g_obs.clients.push_back(client);
        }
    }

    // The flows, started at --traffic-start, when the destinations are known.
    const uint32_t n = g_obs.clients.size();
    std::vector<Ptr<Node>> senders;
    auto addFlow = [&](Flow f, Ptr<Node> sender) {
        g_obs.flows.push_back(f);
        senders.push_back(sender);
    };
    for (uint32_t i = 0; i < n && n > 1; ++i)
    {
        Flow f;
        f.from = g_obs.clients[i].name;
        f.to = g_obs.clients[(i + 1) % n].name;
        f.senderClient = i;
        f.receiverClient = (i + 1) % n;
        addFlow(f, g_obs.clients[i].node);
    }
    for (uint32_t i = 0; i < n; ++i)
    {
        Flow f;
        f.from = g_obs.clients[i].name;
        f.to = "host";
        f.destination = world.GetIpv6HostAddress(0);
        f.senderClient = i;
        addFlow(f, g_obs.clients[i].node);
        f.to = "hsr";
        f.destination = world.GetHostSpecificRelayIpv6Address(0);
        addFlow(f, g_obs.clients[i].node);
    }
    for (uint32_t s = 0; s < world.GetSiteCount(); ++s)
    {
        Flow f;
        f.from = "host";
        f.to = g_obs.clients[firstOfSite[s]].name;
        f.source = world.GetIpv6HostAddress(0);
        f.receiverClient = firstOfSite[s];
        addFlow(f, world.GetIpv6Host(0));
    }
    for (uint32_t f = 0; f < g_obs.flows.size(); ++f)
    {
        // Spread the starts over 100 ms so that the flows do not move in step.
        Simulator::Schedule(Seconds(trafficStart) + MilliSeconds(100 * f / g_obs.flows.size()),
                            &StartFlow,
                            f,
                            senders[f],
                            echoes);
    }

    if (pcap)
    {
        world.EnablePcapAll(prefix);
    }
#ifndef TEREDO_WITHOUT_NETANIM
    std::unique_ptr<AnimationInterface> anim;
    if (netanim)
    {
        PlaceNodes(world);
        anim = std::make_unique<AnimationInterface>(prefix + ".xml");
        anim->EnablePacketMetadata(false);
    }
#else
    if (netanim)
    {
        std::cerr << "teredo-world: built without the netanim module: no --netanim\n";
        return 1;
    }
#endif

    std::cout << "teredo-world: " << world.GetSiteCount() << " sites (" << nats << "), "
              << clientsPerSite << " client(s) each, " << procedure << ", " << lan << " LANs, "
              << duration << " s, seed " << seed << " run " << run << "\n";
    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    PrintTables(procedure == "rfc4380" ? "RFC 4380 procedure" : "RFC 5991 procedure");
    if (figure)
    {
        WriteLatencyFigure(prefix + "-latency.svg", LatencyPerPath());
    }
    std::cout << "\nFiles: " << (pcap ? prefix + "-<node>-<device>.pcap (one per device); " : "")
              << (figure ? prefix + "-latency.svg; " : "") << (netanim ? prefix + ".xml; " : "")
              << "in the current directory\n";
#ifndef TEREDO_WITHOUT_NETANIM
    anim.reset();
#endif
    Simulator::Destroy();
    return 0;
}
