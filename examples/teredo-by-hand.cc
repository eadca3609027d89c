/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A Teredo world built by hand, without TeredoTopologyHelper: stock ns-3
// nodes, point-to-point links and static routes, the module's NAT and the
// role helpers, and stock applications (UdpEchoServer/Client, Ping6) over
// Teredo. The chapter's section "Building a world by hand" walks through it.
//
//   A 10.0.0.2 -- NAT-A 10.0.0.1 | 203.0.113.1 --.
//     (restricted cone)                           R1 203.0.113.253 -- .254 R2
//   B 10.0.1.2 -- NAT-B 10.0.1.1 | 203.0.113.5 --'                      | | |
//     (port-restricted cone)            server 192.0.2.1 and .2, 3fff::2 -' | |
//                       relay 198.51.100.1, 3fff:0:1::2 (forwarding IPv6) -' |
//                                            IPv6-only host H 3fff:0:2::2 ---'
//
// R1 is an IPv4 router; R2 routes IPv4 and IPv6 and sends the Teredo prefix
// 2001::/32 to the relay. What a hand-built world needs, each marked "Needed:"
// below: the server's two consecutive addresses on one interface, a native
// IPv6 route on the server (its clients' ping tests leave through it), IPv6
// forwarding on the relay, the Teredo prefix routed to the relay on the IPv6
// side, and each NAT installed after the addresses of its node.
//
// Once both clients qualify, three flows of --echoes requests, one a second:
//   - UdpEcho from A to B's Teredo address (bubbles through the server, then
//     directly between the two NAT mappings);
//   - UdpEcho from B to H (a ping test through the server, then the relay);
//   - Ping6 from H to A's Teredo address (through the relay).
//
//   teredo-by-hand [--procedure=rfc5991|rfc4380] [--echoes=5] [--duration=30]
//
// It prints each client's address and, per flow, how many requests were
// echoed; the exit code is 0 only if every request of every flow was.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-apps-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/teredo-module.h"

#include <iostream>
#include <string>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("TeredoByHandExample");

namespace
{

const uint16_t ECHO_PORT = 9;              //!< the UdpEchoServers' port
const Ipv4Mask MASK_30("255.255.255.252"); //!< point-to-point links
const Ipv6Prefix PREFIX_64(64);            //!< IPv6 links

/// The world's nodes, and what the flows need to know of it.
struct World
{
    Ptr<Node> r1;                 //!< IPv4 core router on the sites' side
    Ptr<Node> r2;                 //!< core router of both Internets
    Ptr<Node> server;             //!< the Teredo server
    Ptr<Node> relay;              //!< the Teredo relay
    Ptr<Node> host;               //!< the IPv6-only host H
    NodeContainer gateways;       //!< the NATs' nodes: A's, B's
    NodeContainer clients;        //!< A and B
    Ipv4Address serverPrimary;    //!< the server's first address
    Ipv6Address hostAddress;      //!< H's address
    uint32_t natInside[2]{0, 0};  //!< each gateway's inside interface
    uint32_t natOutside[2]{0, 0}; //!< each gateway's outside interface
};

/// Give a device an IPv4 address (a new interface if it has none) and bring it
/// up. \return the interface index
uint32_t
AddIpv4(Ptr<NetDevice> device, const std::string& address, Ipv4Mask mask)
{
    Ptr<Ipv4> ip = device->GetNode()->GetObject<Ipv4>();
    int32_t found = ip->GetInterfaceForDevice(device);
    uint32_t i = found >= 0 ? uint32_t(found) : ip->AddInterface(device);
    ip->AddAddress(i, Ipv4InterfaceAddress(Ipv4Address(address.c_str()), mask));
    ip->SetUp(i);
    return i;
}

/// Give a device an IPv6 address in a /64 and bring it up. \return the interface index
uint32_t
AddIpv6(Ptr<NetDevice> device, const std::string& address)
{
    Ptr<Ipv6> ip = device->GetNode()->GetObject<Ipv6>();
    int32_t found = ip->GetInterfaceForDevice(device);
    uint32_t i = found >= 0 ? uint32_t(found) : ip->AddInterface(device);
    ip->AddAddress(i, Ipv6InterfaceAddress(Ipv6Address(address.c_str()), PREFIX_64));
    ip->SetUp(i);
    return i;
}

/// \return the node's IPv4 static routing (through its NAT, if it has one)
Ptr<Ipv4StaticRouting>
Routes4(Ptr<Node> node)
{
    return Ipv4StaticRoutingHelper().GetStaticRouting(node->GetObject<Ipv4>());
}

/// \return the node's IPv6 static routing
Ptr<Ipv6StaticRouting>
Routes6(Ptr<Node> node)
{
    return Ipv6StaticRoutingHelper().GetStaticRouting(node->GetObject<Ipv6>());
}

/// The IPv4 side: R1, R2, the server, and the two sites up to their gateways.
void
BuildIpv4(World& w)
{
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("5ms"));

    NetDeviceContainer core = p2p.Install(w.r1, w.r2);
    uint32_t r1Up = AddIpv4(core.Get(0), "203.0.113.253", MASK_30);
    uint32_t r2Down = AddIpv4(core.Get(1), "203.0.113.254", MASK_30);
    Routes4(w.r1)->SetDefaultRoute(Ipv4Address("203.0.113.254"), r1Up);
    Routes4(w.r2)->AddNetworkRouteTo(Ipv4Address("203.0.113.0"),
                                     Ipv4Mask("255.255.255.0"),
                                     Ipv4Address("203.0.113.253"),
                                     r2Down);

    // Needed: the server's two consecutive addresses, on one interface (the
    // secondary is the primary + 1; clients send their second solicitation
    // there, RFC 4380 section 5.2.1).
    NetDeviceContainer serverLink = p2p.Install(w.server, w.r2);
    uint32_t serverIf = AddIpv4(serverLink.Get(0), "192.0.2.1", Ipv4Mask("255.255.255.248"));
    AddIpv4(serverLink.Get(0), "192.0.2.2", Ipv4Mask("255.255.255.248"));
    AddIpv4(serverLink.Get(1), "192.0.2.6", Ipv4Mask("255.255.255.248"));
    Routes4(w.server)->SetDefaultRoute(Ipv4Address("192.0.2.6"), serverIf);
    w.serverPrimary = Ipv4Address("192.0.2.1");

    // Each site: client -- gateway -- R1. Addresses and routes now, the NAT later.
    for (uint32_t s = 0; s < 2; ++s)
    {
        std::string outside = "203.0.113." + std::to_string(4 * s + 1);
        std::string r1Side = "203.0.113." + std::to_string(4 * s + 2);
        std::string lan = "10.0." + std::to_string(s) + ".";
        Ptr<Node> gateway = w.gateways.Get(s);
        Ptr<Node> client = w.clients.Get(s);
        NetDeviceContainer up = p2p.Install(gateway, w.r1);
        w.natOutside[s] = AddIpv4(up.Get(0), outside, MASK_30);
        AddIpv4(up.Get(1), r1Side, MASK_30);
        NetDeviceContainer down = p2p.Install(client, gateway);
        uint32_t clientIf = AddIpv4(down.Get(0), lan + "2", Ipv4Mask("255.255.255.0"));
        w.natInside[s] = AddIpv4(down.Get(1), lan + "1", Ipv4Mask("255.255.255.0"));
        Routes4(client)->SetDefaultRoute(Ipv4Address((lan + "1").c_str()), clientIf);
        Routes4(gateway)->SetDefaultRoute(Ipv4Address(r1Side.c_str()), w.natOutside[s]);
    }
}

/// The relay and the IPv6 Internet: R2, the server's native side, H.
void
BuildIpv6(World& w)
{
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("5ms"));
    w.r2->GetObject<Ipv6>()->SetAttribute("IpForward", BooleanValue(true));

    // The relay: dual-stack, on one link to R2.
    NetDeviceContainer relayLink = p2p.Install(w.relay, w.r2);
    uint32_t relayIf4 = AddIpv4(relayLink.Get(0), "198.51.100.1", MASK_30);
    AddIpv4(relayLink.Get(1), "198.51.100.2", MASK_30);
    Routes4(w.relay)->SetDefaultRoute(Ipv4Address("198.51.100.2"), relayIf4);
    uint32_t relayIf6 = AddIpv6(relayLink.Get(0), "3fff:0:1::2");
    uint32_t r2ToRelay = AddIpv6(relayLink.Get(1), "3fff:0:1::1");
    // Needed: IPv6 forwarding on the relay, between its native side and the
    // tunnel it adds; without it, what H sends to a client dies in the
    // relay's IPv6 stack. A route to the native block, not a default route:
    // a Teredo packet arriving before the tunnel exists is dropped here
    // instead of bouncing back to R2.
    w.relay->GetObject<Ipv6>()->SetAttribute("IpForward", BooleanValue(true));
    Routes6(w.relay)->AddNetworkRouteTo(Ipv6Address("3fff::"),
                                        Ipv6Prefix(20),
                                        Ipv6Address("3fff:0:1::1"),
                                        relayIf6);
    // Needed: the Teredo prefix routed to the relay on the IPv6 side.
    Routes6(w.r2)->AddNetworkRouteTo(TeredoAddress::GetDefaultPrefix(),
                                     Ipv6Prefix(32),
                                     Ipv6Address("3fff:0:1::2"),
                                     r2ToRelay);

    // Needed for ping tests: a native IPv6 address and route on the server,
    // through which it sends its clients' ping tests (RFC 4380 section 5.2.9).
    // (The server's tunnel forwards; ns-3.37 asks forwarding only of the
    // interface a packet arrives on.)
    NetDeviceContainer serverLink6 = p2p.Install(w.server, w.r2);
    uint32_t serverIf6 = AddIpv6(serverLink6.Get(0), "3fff::2");
    AddIpv6(serverLink6.Get(1), "3fff::1");
    Routes6(w.server)->SetDefaultRoute(Ipv6Address("3fff::1"), serverIf6);

    NetDeviceContainer hostLink = p2p.Install(w.host, w.r2);
    uint32_t hostIf = AddIpv6(hostLink.Get(0), "3fff:0:2::2");
    AddIpv6(hostLink.Get(1), "3fff:0:2::1");
    Routes6(w.host)->SetDefaultRoute(Ipv6Address("3fff:0:2::1"), hostIf);
    w.hostAddress = Ipv6Address("3fff:0:2::2");
}

/// Needed: each NAT after its node's addresses. The routes may come before or
/// after: Ipv4StaticRoutingHelper::GetStaticRouting finds them through the NAT.
void
InstallNats(World& w)
{
    const Ipv4NatHelper::Preset presets[2] = {Ipv4NatHelper::RESTRICTED_CONE,
                                              Ipv4NatHelper::PORT_RESTRICTED_CONE};
    for (uint32_t s = 0; s < 2; ++s)
    {
        Ptr<Ipv4Nat> nat =
            Ipv4NatHelper(presets[s]).Install(w.gateways.Get(s), {w.natInside[s]}, w.natOutside[s]);
        nat->AssignStreams(10 * s);
        std::cout << "site " << char('A' + s) << ": " << Ipv4NatHelper::PresetToString(presets[s])
                  << " NAT, outside " << nat->GetOutsideAddress() << ", default route via "
                  << Ipv4StaticRoutingHelper()
                         .GetStaticRouting(w.gateways.Get(s)->GetObject<Ipv4>())
                         ->GetDefaultRoute()
                         .GetGateway()
                  << "\n";
    }
}

/// One flow: what was sent and what came back.
struct Flow
{
    std::string name;    //!< e.g. "UdpEcho A -> B"
    uint32_t echoed{0};  //!< replies received
    bool started{false}; //!< its client application was installed
};

/// The three flows, started once both clients have qualified.
class Flows
{
  public:
    /**
     * \param w the world
     * \param a client A \param b client B
     * \param echoes requests per flow
     */
    Flows(const World& w, Ptr<TeredoClient> a, Ptr<TeredoClient> b, uint32_t echoes)
        : m_world(w),
          m_a(a),
          m_b(b),
          m_echoes(echoes)
    {
        a->TraceConnectWithoutContext("Qualified",
                                      MakeCallback(&Flows::Qualified, this).Bind(std::string("A")));
        b->TraceConnectWithoutContext("Qualified",
                                      MakeCallback(&Flows::Qualified, this).Bind(std::string("B")));
        m_host.name = "Ping6 H -> A";
        m_aToB.name = "UdpEcho A -> B";
        m_bToHost.name = "UdpEcho B -> H";
    }

    /// Print a line per flow. \return whether every request of every flow was echoed
    bool Report() const
    {
        bool ok = true;
        for (const Flow* f : {&m_aToB, &m_bToHost, &m_host})
        {
            std::cout << f->name << ": " << f->echoed << " of " << m_echoes << " echoed"
                      << (f->started ? "" : " (not started: a client did not qualify)") << "\n";
            ok = ok && f->echoed == m_echoes;
        }
        return ok;
    }

  private:
    /// Client \p name qualified with \p address: once both have, start the flows.
    void Qualified(std::string name, Ipv6Address address, TeredoQualification::NatType type)
    {
        std::cout << Simulator::Now().GetSeconds() << " s: " << name << " qualified, " << address;
        if (type != TeredoQualification::NAT_UNKNOWN) // RFC 5991 tells no NAT type
        {
            std::cout << ", NAT type " << TeredoQualification::NatTypeToString(type);
        }
        std::cout << "\n";
        if (!m_aToB.started && m_a->IsQualified() && m_b->IsQualified())
        {
            Simulator::ScheduleNow(&Flows::Start, this);
        }
    }

    /// Install the echo clients and Ping6, starting now.
    void Start()
    {
        if (m_aToB.started)
        {
            return;
        }
        StartEcho(m_a->GetNode(), m_b->GetTeredoAddress(), m_aToB);
        StartEcho(m_b->GetNode(), m_world.hostAddress, m_bToHost);
        Ping6Helper ping;
        ping.SetLocal(m_world.hostAddress);
        ping.SetRemote(m_a->GetTeredoAddress());
        ping.SetAttribute("MaxPackets", UintegerValue(m_echoes));
        ping.SetAttribute("Interval", TimeValue(Seconds(1)));
        ping.Install(m_world.host).Start(Seconds(0));
        m_host.started = true;
        m_pingTarget = m_a->GetTeredoAddress();
        m_world.host->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
            "LocalDeliver",
            MakeCallback(&Flows::HostDelivered, this));
    }

    /// \param node where \param to the echo server's address \param flow its counts
    void StartEcho(Ptr<Node> node, Ipv6Address to, Flow& flow)
    {
        UdpEchoClientHelper echo(to, ECHO_PORT);
        echo.SetAttribute("MaxPackets", UintegerValue(m_echoes));
        echo.SetAttribute("Interval", TimeValue(Seconds(1)));
        ApplicationContainer app = echo.Install(node);
        app.Get(0)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&Flows::Echoed, &flow));
        app.Start(Seconds(0));
        flow.started = true;
    }

    /// A UdpEchoClient got a reply.
    static void Echoed(Flow* flow, Ptr<const Packet>)
    {
        ++flow->echoed;
    }

    /// A packet delivered to H: count echo replies from A (Ping6's).
    void HostDelivered(const Ipv6Header& h, Ptr<const Packet> p, uint32_t)
    {
        uint8_t type = 0;
        if (h.GetNextHeader() == Icmpv6L4Protocol::PROT_NUMBER && h.GetSource() == m_pingTarget &&
            p->CopyData(&type, 1) == 1 && type == Icmpv6Header::ICMPV6_ECHO_REPLY)
        {
            ++m_host.echoed;
        }
    }

    const World& m_world;     //!< the world
    Ptr<TeredoClient> m_a;    //!< client A
    Ptr<TeredoClient> m_b;    //!< client B
    uint32_t m_echoes;        //!< requests per flow
    Flow m_aToB;              //!< A to B's Teredo address
    Flow m_bToHost;           //!< B to H
    Flow m_host;              //!< Ping6 from H to A
    Ipv6Address m_pingTarget; //!< A's Teredo address, which Ping6 pings
};

} // namespace

int
main(int argc, char* argv[])
{
    std::string procedure = "rfc5991";
    uint32_t echoes = 5;
    double duration = 30;
    CommandLine cmd(__FILE__);
    cmd.AddValue("procedure",
                 "the clients' qualification procedure: rfc5991 or rfc4380",
                 procedure);
    cmd.AddValue("echoes", "requests per flow, one a second", echoes);
    cmd.AddValue("duration", "simulated seconds", duration);
    cmd.Parse(argc, argv);
    if (procedure != "rfc5991" && procedure != "rfc4380")
    {
        std::cerr << "--procedure: rfc5991 or rfc4380\n";
        return 2;
    }
    // The NATs rewrite checksums, and Teredo's checks read them: compute them.
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    // Stock stacks with their default routing (static routes; nothing calls
    // Ipv4GlobalRoutingHelper::PopulateRoutingTables, which would route past
    // the NATs). H is IPv6-only.
    World w;
    w.r1 = CreateObject<Node>();
    w.r2 = CreateObject<Node>();
    w.server = CreateObject<Node>();
    w.relay = CreateObject<Node>();
    w.host = CreateObject<Node>();
    w.gateways.Create(2);
    w.clients.Create(2);
    NodeContainer dualStack;
    for (Ptr<Node> n : {w.r1, w.r2, w.server, w.relay})
    {
        dualStack.Add(n);
    }
    dualStack.Add(w.gateways);
    dualStack.Add(w.clients);
    InternetStackHelper().Install(dualStack);
    InternetStackHelper ipv6Only;
    ipv6Only.SetIpv4StackInstall(false);
    ipv6Only.Install(w.host);

    BuildIpv4(w);
    BuildIpv6(w);
    InstallNats(w);

    // The roles, each with its helper.
    TeredoServerHelper(w.serverPrimary, Ipv4Address(w.serverPrimary.Get() + 1)).Install(w.server);
    TeredoRelayHelper().Install(w.relay);
    TeredoClientHelper clientHelper(w.serverPrimary);
    clientHelper.SetAttribute("Procedure",
                              StringValue(procedure == "rfc4380" ? "Rfc4380" : "Rfc5991"));
    ApplicationContainer clients = clientHelper.Install(w.clients);
    TeredoClientHelper::AssignStreams(clients, 100);
    clients.Start(Seconds(1));
    UdpEchoServerHelper(ECHO_PORT).Install(w.clients.Get(1));
    UdpEchoServerHelper(ECHO_PORT).Install(w.host);

    std::cout << "Teredo by hand (" << procedure << "): server " << w.serverPrimary << " and "
              << Ipv4Address(w.serverPrimary.Get() + 1) << ", relay 198.51.100.1 and 3fff:0:1::2, "
              << "IPv6-only host H " << w.hostAddress << "\n";
    Flows flows(w,
                DynamicCast<TeredoClient>(clients.Get(0)),
                DynamicCast<TeredoClient>(clients.Get(1)),
                echoes);
    Simulator::Stop(Seconds(duration));
    Simulator::Run();
    bool ok = flows.Report();
    std::cout << (ok ? "every flow echoed" : "FAILED: a flow was not fully echoed") << "\n";
    Simulator::Destroy();
    return ok ? 0 : 1;
}
