/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Teredo in real time, bridged to Linux through a TAP device.
//
// --role=server (the default): the Teredo infrastructure inside ns-3. A node
// with the server's two consecutive addresses (--server, default 192.0.2.1 and
// .2) runs TeredoServer; its only device is a TAP whose Linux end is --gateway
// (192.0.2.254/24), its default route. A real Teredo client (Miredo) on the
// Linux side qualifies against it; every router advertisement is printed.
//
//   Linux hosts ... [Linux end --gateway] tap [ns-3: server 192.0.2.1, .2]
//
// --role=client: a TeredoClient inside ns-3 behind the ns-3 NAT model
// (--nat=full-cone|restricted-cone|port-restricted-cone|symmetric|none),
// whose outside interface is the TAP (--outside, 203.0.113.1/24; Linux end
// --gateway, 203.0.113.254). It qualifies against a real Teredo server
// (--server, e.g. miredo-server) reached through Linux.
//
//   [ns-3: client 10.0.0.2 -- NAT 10.0.0.1 | --outside] tap [Linux end] ... server
//
// --role=infrastructure: TeredoTopologyHelper's world inside ns-3, with the
// TAP on its IPv4 core router: the server (192.0.2.1 and .2, native IPv6
// 3fff::2, which sends its clients' ping tests out natively), a TeredoRelay
// (198.51.100.x after the public LANs, 3fff:0:1::2; the IPv6 core routes
// 2001::/32 to it), an IPv6-only host (3fff:0:2::2) and, with --clients, one
// site per listed NAT type with a TeredoClient each. The TAP link is the
// access block's last /30: Linux end --gateway (203.0.113.253), the core
// 203.0.113.254, whose default route is the Linux end. A real client there
// (Miredo behind a Linux NAT whose outside is the TAP) qualifies against the
// server, reaches the host through the relay, and the ns-3 clients.
//
//   Linux NAT 203.0.113.253 tap [ns-3: core .254 -- server, relay, sites;
//                                       IPv6 core -- server, relay, host]
//
// --ping=ADDRESS (client and infrastructure roles): once the client
// (--ping-from: which one, infrastructure role) is qualified, Ping6 sends
// --ping-count echo requests to ADDRESS, 1 s apart. --ping=@FILE: every line
// "ADDRESS [CLIENT]" that appears in FILE (polled every 0.5 s; write it whole,
// e.g. with mv) starts such a run, from client CLIENT (default --ping-from):
// for addresses known only at run time, such as a Miredo client's, and runs
// started when the script is ready.
//
// --mode=fd (the default): the node's device is an FdNetDevice on a TAP the
// helper opens; --mode=tap-bridge: a CsmaNetDevice on a link to ns-3's
// TapBridge (ConfigureLocal), whose creator program makes the TAP when the
// simulation starts. Same addresses and MACs either way (TapEmulationHelper).
//
// The same applications as in pure simulation run unchanged; only the
// simulator runs in real time and checksums are on. Needs root (or
// CAP_NET_ADMIN) for the TAP; tap-bridge mode needs root.
//
//   teredo-emulation [--role=server|client|infrastructure] [--mode=fd|tap-bridge]
//                    [--tap=tap-teredo] [--duration=60]
//                    [--server=192.0.2.1] [--gateway=...] [--outside=203.0.113.1]
//                    [--nat=port-restricted-cone] [--procedure=rfc5991|rfc4380]
//                    [--clients=NAT,NAT,...] [--ping=ADDRESS|@FILE]
//                    [--ping-from=0] [--ping-count=5] [--pcap=prefix]
//
// Output lines (for scripts): "ra <client>:<port> from <server address>",
// "mapping udp <inside> -> <outside>", "qualified <address> nat <type> server
// <ip> cone <0|1> mapped <ip>:<port>" (followed by " client <i>" in the
// infrastructure role), "state <old> -> <new>", "client-drop <reason>",
// "ping <address> from <address>", "ping-reply <address> <n>", and a summary.
// The infrastructure role adds "host <address>", "relay <ipv4> <ipv6>",
// "server-forward <kind> <v6 source> > <v6 destination> from <ip>:<port> to
// <ip>:<port> [origin]", "server-native <v6 source> > <v6 destination>",
// "relay-bubble <v6 source> > <v6 destination> via <ip>:<port>",
// "relay-drop <reason>", "nat-drop <site> <reason> <source> > <destination>",
// "host echo-request from <address>", "host echo-reply to <address>", and
// "summary server|relay|host|client ..." lines.

#include "teredo-emulation-world.h"

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/fd-net-device-module.h"
#include "ns3/internet-apps-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/teredo-module.h"

#include <arpa/inet.h>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("TeredoEmulationExample");

namespace
{

using Q = TeredoQualification;

/// The command line.
struct Options
{
    std::string role = "server";              //!< server, client or infrastructure
    std::string mode = "fd";                  //!< fd or tap-bridge
    std::string tap = "tap-teredo";           //!< the TAP's name
    double duration = 60;                     //!< real seconds to run
    std::string server = "192.0.2.1";         //!< the server's primary address
    std::string gateway;                      //!< the TAP's Linux end
    std::string outside = "203.0.113.1";      //!< client role: the NAT's outside address
    std::string nat = "port-restricted-cone"; //!< client role: the NAT type
    std::string procedure = "rfc5991";        //!< qualification procedure
    std::string clients;                      //!< infrastructure role: NAT types, one per site
    std::string ping;                         //!< address (or @file) to ping
    uint32_t pingFrom = 0;                    //!< infrastructure role: the pinging client
    uint32_t pingCount = 5;                   //!< echo requests
    std::string pcap;                         //!< pcap prefix

    TapEmulationHelper::Mode tapMode() const //!< \return the emulation mode
    {
        return mode == "fd" ? TapEmulationHelper::FD_NET_DEVICE : TapEmulationHelper::TAP_BRIDGE;
    }
};

void
AdvertisementSent(Ptr<const Packet>, const Address& local, const Address& peer)
{
    InetSocketAddress f = InetSocketAddress::ConvertFrom(local);
    InetSocketAddress t = InetSocketAddress::ConvertFrom(peer);
    std::cout << Simulator::Now().GetSeconds() << " ra " << t.GetIpv4() << ":" << t.GetPort()
              << " from " << f.GetIpv4() << std::endl;
}

/// The server's Tx in the infrastructure role: advertisements and forwarded packets.
void
ServerSent(Ptr<const Packet> p, const Address& local, const Address& peer)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::ROUTER_ADVERTISEMENT)
    {
        AdvertisementSent(p, local, peer);
        return;
    }
    InetSocketAddress f = InetSocketAddress::ConvertFrom(local);
    InetSocketAddress t = InetSocketAddress::ConvertFrom(peer);
    std::cout << Simulator::Now().GetSeconds() << " server-forward "
              << TeredoDatagramClassifier::KindToString(info.kind) << " " << info.ipv6.GetSource()
              << " > " << info.ipv6.GetDestination() << " from " << f.GetIpv4() << ":"
              << f.GetPort() << " to " << t.GetIpv4() << ":" << t.GetPort()
              << (info.hasOrigin ? " origin" : "") << std::endl;
}

void
ServerNative(Ptr<const Packet> p)
{
    Ipv6Header h;
    p->PeekHeader(h);
    std::cout << Simulator::Now().GetSeconds() << " server-native " << h.GetSource() << " > "
              << h.GetDestination() << std::endl;
}

/// Where the server's last datagram came from: a drop's source.
Address g_serverLastRx;

void
ServerRx(Ptr<const Packet>, const Address& from)
{
    g_serverLastRx = from;
}

void
ServerDrop(Ptr<const Packet>, TeredoServer::DropReason reason)
{
    InetSocketAddress f = InetSocketAddress::ConvertFrom(g_serverLastRx);
    std::cout << Simulator::Now().GetSeconds() << " server-drop " << f.GetIpv4() << ":"
              << f.GetPort() << " " << TeredoServer::DropReasonToString(reason) << std::endl;
}

void
RelaySent(Ptr<const Packet> p, const Address& to)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind != TeredoDatagramInfo::BUBBLE || !InetSocketAddress::IsMatchingType(to))
    {
        return; // data: counted in the summary
    }
    InetSocketAddress t = InetSocketAddress::ConvertFrom(to);
    std::cout << Simulator::Now().GetSeconds() << " relay-bubble " << info.ipv6.GetSource() << " > "
              << info.ipv6.GetDestination() << " via " << t.GetIpv4() << ":" << t.GetPort()
              << std::endl;
}

void
RelayDrop(Ptr<const Packet>, TeredoRelay::DropReason reason)
{
    std::cout << Simulator::Now().GetSeconds() << " relay-drop "
              << TeredoRelay::DropReasonToString(reason) << std::endl;
}

void
NatDrop(uint32_t site, Ptr<const Packet>, const Ipv4Header& h, Ipv4Nat::DropReason reason)
{
    std::cout << Simulator::Now().GetSeconds() << " nat-drop " << site << " "
              << Ipv4Nat::DropReasonToString(reason) << " " << h.GetSource() << " > "
              << h.GetDestination() << std::endl;
}

/// \return the ICMPv6 type at the start of a payload, 0 if none
uint8_t
Icmpv6Type(const Ipv6Header& h, Ptr<const Packet> payload)
{
    uint8_t type = 0;
    if (h.GetNextHeader() == Icmpv6L4Protocol::PROT_NUMBER && payload->GetSize() > 0)
    {
        payload->CopyData(&type, 1);
    }
    return type;
}

/// Echo requests the IPv6 host receives and the replies it sends.
struct HostCounts
{
    uint32_t requests{0}; //!< echo requests delivered
    uint32_t replies{0};  //!< echo replies sent
};

void
HostDelivered(HostCounts* c, const Ipv6Header& h, Ptr<const Packet> p, uint32_t)
{
    if (Icmpv6Type(h, p) == Icmpv6Header::ICMPV6_ECHO_REQUEST)
    {
        ++c->requests;
        std::cout << Simulator::Now().GetSeconds() << " host echo-request from " << h.GetSource()
                  << std::endl;
    }
}

void
HostSent(HostCounts* c, const Ipv6Header& h, Ptr<const Packet> p, uint32_t)
{
    if (Icmpv6Type(h, p) == Icmpv6Header::ICMPV6_ECHO_REPLY)
    {
        ++c->replies;
        std::cout << Simulator::Now().GetSeconds() << " host echo-reply to " << h.GetDestination()
                  << std::endl;
    }
}

void
MappingCreated(uint8_t protocol, const InetSocketAddress& inside, const InetSocketAddress& outside)
{
    if (protocol == 17)
    {
        std::cout << Simulator::Now().GetSeconds() << " mapping udp " << inside.GetIpv4() << ":"
                  << inside.GetPort() << " -> " << outside.GetIpv4() << ":" << outside.GetPort()
                  << std::endl;
    }
}

/// \param label "" or " client <i>", appended to the line
void
Qualified(std::string label, Ipv6Address address, Q::NatType type)
{
    TeredoAddress t = TeredoAddress::Decode(address);
    std::cout << Simulator::Now().GetSeconds() << " qualified " << address << " nat "
              << Q::NatTypeToString(type) << " server " << t.GetServer() << " cone "
              << (t.IsCone() ? 1 : 0) << " mapped " << t.GetMappedAddress() << ":"
              << t.GetMappedPort() << label << std::endl;
}

void
StateChanged(std::string label, Q::State from, Q::State to)
{
    std::cout << Simulator::Now().GetSeconds() << " state " << Q::StateToString(from) << " -> "
              << Q::StateToString(to) << label << std::endl;
}

void
ClientDrop(std::string label, Ptr<const Packet>, TeredoClient::DropReason reason)
{
    std::cout << Simulator::Now().GetSeconds() << " client-drop "
              << TeredoClient::DropReasonToString(reason) << label << std::endl;
}

/// Trace what a client does, its lines ending with `label`.
void
TraceClient(Ptr<TeredoClient> c, const std::string& label)
{
    c->TraceConnectWithoutContext("Qualified", MakeBoundCallback(&Qualified, label));
    c->TraceConnectWithoutContext("StateChanged", MakeBoundCallback(&StateChanged, label));
    c->TraceConnectWithoutContext("Drop", MakeBoundCallback(&ClientDrop, label));
}

/// \return whether `word` is an IPv6 address; sets `address`
bool
ParseIpv6(const std::string& word, Ipv6Address& address)
{
    uint8_t bytes[16];
    if (word.empty() || inet_pton(AF_INET6, word.c_str(), bytes) != 1)
    {
        return false;
    }
    address = Ipv6Address(bytes);
    return true;
}

/**
 * Ping6 runs from Teredo clients, as --ping asks: an address, pinged from
 * --ping-from, or @FILE, whose lines "ADDRESS [CLIENT]" (polled every 0.5 s)
 * each start a run from CLIENT (default --ping-from). A run starts once its
 * client is qualified; echo replies from its target to that client's node are
 * counted (two runs from one node to one target would count each other's).
 */
class Pinger
{
  public:
    /**
     * \param o the command line
     * \param clients the clients, by index
     * \param labels append " client <i>" to every line
     */
    Pinger(const Options& o, std::vector<Ptr<TeredoClient>> clients, bool labels)
        : m_spec(o.ping),
          m_count(o.pingCount),
          m_defaultClient(o.pingFrom),
          m_clients(std::move(clients)),
          m_labels(labels)
    {
        if (!m_spec.empty())
        {
            Simulator::Schedule(Seconds(1), &Pinger::Poll, this);
        }
    }

    /// Print a summary line per run.
    void PrintSummary() const
    {
        for (const auto& run : m_runs)
        {
            std::cout << "summary ping " << run->remote << " sent " << (run->started ? m_count : 0)
                      << " replies " << run->replies << Label(*run) << std::endl;
        }
        if (!m_spec.empty() && m_runs.empty())
        {
            std::cout << "summary ping :: sent 0 replies 0" << std::endl;
        }
    }

  private:
    /// One Ping6 run.
    struct Run
    {
        Ipv6Address remote;  //!< the target
        uint32_t client{0};  //!< the pinging client's index
        bool started{false}; //!< Ping6 installed
        uint32_t replies{0}; //!< echo replies from the target
    };

    /// \return the label of a run's lines
    std::string Label(const Run& run) const
    {
        return m_labels ? " client " + std::to_string(run.client) : "";
    }

    /// Add a run. \param line "ADDRESS [CLIENT]"
    void Add(const std::string& line)
    {
        std::istringstream in(line);
        std::string word;
        auto run = std::make_unique<Run>();
        run->client = m_defaultClient;
        bool ok = (in >> word) && ParseIpv6(word, run->remote);
        if (ok && in >> word)
        {
            ok = word.find_first_not_of("0123456789") == std::string::npos && word.size() < 6;
            run->client = ok ? std::stoul(word) : 0;
        }
        if (!ok || run->client >= m_clients.size())
        {
            std::cerr << "--ping: ignored '" << line << "' (ADDRESS [CLIENT] expected, "
                      << m_clients.size() << " clients)\n";
            return;
        }
        Ptr<Node> node = m_clients[run->client]->GetNode();
        node->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
            "LocalDeliver",
            MakeBoundCallback(&Pinger::Reply, this, run.get()));
        m_runs.push_back(std::move(run));
    }

    /// Read new targets, start the runs whose clients are qualified.
    void Poll()
    {
        if (m_spec[0] != '@')
        {
            if (m_linesRead++ == 0)
            {
                Add(m_spec);
            }
        }
        else
        {
            std::ifstream file(m_spec.substr(1));
            std::string line;
            for (size_t i = 0; std::getline(file, line); ++i)
            {
                if (i >= m_linesRead)
                {
                    Add(line);
                    m_linesRead = i + 1;
                }
            }
        }
        bool waiting = m_spec[0] == '@';
        for (const auto& run : m_runs)
        {
            Ptr<TeredoClient> c = m_clients[run->client];
            if (!run->started && c->IsQualified())
            {
                Ping6Helper ping;
                ping.SetLocal(c->GetTeredoAddress());
                ping.SetRemote(run->remote);
                ping.SetAttribute("MaxPackets", UintegerValue(m_count));
                ping.SetAttribute("Interval", TimeValue(Seconds(1)));
                ping.SetAttribute("PacketSize", UintegerValue(56));
                ping.Install(c->GetNode()).Start(Seconds(0));
                run->started = true;
                std::cout << Simulator::Now().GetSeconds() << " ping " << run->remote << " from "
                          << c->GetTeredoAddress() << Label(*run) << std::endl;
            }
            waiting = waiting || !run->started;
        }
        if (waiting)
        {
            Simulator::Schedule(MilliSeconds(500), &Pinger::Poll, this);
        }
    }

    /// LocalDeliver on a pinging node: count the run's echo replies.
    static void Reply(Pinger* self,
                      Run* run,
                      const Ipv6Header& h,
                      Ptr<const Packet> p,
                      uint32_t /* interface */)
    {
        if (run->started && h.GetSource() == run->remote &&
            Icmpv6Type(h, p) == Icmpv6Header::ICMPV6_ECHO_REPLY)
        {
            ++run->replies;
            std::cout << Simulator::Now().GetSeconds() << " ping-reply " << h.GetSource() << " "
                      << run->replies << self->Label(*run) << std::endl;
        }
    }

    std::string m_spec;                       //!< --ping
    uint32_t m_count;                         //!< echo requests per run
    uint32_t m_defaultClient;                 //!< --ping-from
    std::vector<Ptr<TeredoClient>> m_clients; //!< the clients
    bool m_labels;                            //!< label lines with the client
    size_t m_linesRead{0};                    //!< lines of the file taken
    std::vector<std::unique_ptr<Run>> m_runs; //!< the runs
};

/// Write a pcap for every point-to-point, CSMA and FdNetDevice device (each
/// helper only writes its own kind).
void
EnablePcap(const std::string& prefix)
{
    PointToPointHelper().EnablePcapAll(prefix);
    CsmaHelper().EnablePcapAll(prefix);
    FdNetDeviceHelper().EnablePcapAll(prefix);
}

/// \return the procedure's attribute value
StringValue
ProcedureValue(const Options& o)
{
    return StringValue(o.procedure == "rfc4380" ? "Rfc4380" : "Rfc5991");
}

int
RunServer(const Options& o)
{
    TapEmulationHelper emulation(o.tapMode());
    emulation.SetTapName(o.tap);
    Ipv4Mask mask("255.255.255.0");
    Ipv4Address primary(o.server.c_str());
    Ipv4Address linuxEnd(o.gateway.empty() ? "192.0.2.254" : o.gateway.c_str());
    Ptr<Node> node = CreateObject<Node>();
    InternetStackHelper().Install(node);
    emulation.SetLinuxAddress(linuxEnd, mask);
    emulation.SetMacAddress(TapEmulationHelper::MakeMac(1));
    Ptr<NetDevice> device = emulation.Install(node);
    uint32_t i = TeredoEmulationWorld::AddAddress(node, device, primary, mask);
    TeredoEmulationWorld::AddAddress(node, device, Ipv4Address(primary.Get() + 1), mask);
    Ipv4StaticRoutingHelper()
        .GetStaticRouting(node->GetObject<Ipv4>())
        ->SetDefaultRoute(linuxEnd, i);
    TeredoServerHelper helper(primary, Ipv4Address(primary.Get() + 1));
    ApplicationContainer apps = helper.Install(node);
    apps.Start(Seconds(0));
    Ptr<TeredoServer> s = DynamicCast<TeredoServer>(apps.Get(0));
    s->TraceConnectWithoutContext("TxWithAddresses", MakeCallback(&AdvertisementSent));
    s->TraceConnectWithoutContext("Rx", MakeCallback(&ServerRx));
    s->TraceConnectWithoutContext("Drop", MakeCallback(&ServerDrop));
    std::cout << "server " << primary << " and " << Ipv4Address(primary.Get() + 1) << " on "
              << o.tap << " (" << o.mode << "), Linux end " << linuxEnd << std::endl;
    if (!o.pcap.empty())
    {
        EnablePcap(o.pcap);
    }
    Simulator::Stop(Seconds(o.duration));
    Simulator::Run();
    std::cout << "summary received " << s->GetReceivedCount() << " advertisements "
              << s->GetAdvertisementCount() << " dropped " << s->GetTotalDropCount() << std::endl;
    Simulator::Destroy();
    return 0;
}

int
RunClient(const Options& o)
{
    // client -- NAT (outside on the TAP) -- Linux -- real server.
    TapEmulationHelper emulation(o.tapMode());
    emulation.SetTapName(o.tap);
    Ipv4Mask mask("255.255.255.0");
    Ipv4Address primary(o.server.c_str());
    Ipv4Address outsideAddress(o.outside.c_str());
    Ipv4Address linuxEnd(o.gateway.empty() ? "203.0.113.254" : o.gateway.c_str());
    TeredoTopologyHelper::SiteNat siteNat;
    if (!TeredoTopologyHelper::SiteNatFromString(o.nat, siteNat))
    {
        std::cerr << "unknown --nat " << o.nat << "\n";
        return 2;
    }
    NodeContainer nodes;
    nodes.Create(2);
    Ptr<Node> client = nodes.Get(0);
    Ptr<Node> natNode = nodes.Get(1);
    InternetStackHelper().Install(nodes);
    PointToPointHelper lan;
    lan.SetChannelAttribute("Delay", TimeValue(MilliSeconds(1)));
    NetDeviceContainer inside = lan.Install(client, natNode);
    uint32_t clientIf =
        TeredoEmulationWorld::AddAddress(client, inside.Get(0), Ipv4Address("10.0.0.2"), mask);
    uint32_t natInside =
        TeredoEmulationWorld::AddAddress(natNode, inside.Get(1), Ipv4Address("10.0.0.1"), mask);
    emulation.SetLinuxAddress(linuxEnd, mask);
    emulation.SetMacAddress(TapEmulationHelper::MakeMac(2));
    Ptr<NetDevice> tapDevice = emulation.Install(natNode);
    uint32_t natOutside =
        TeredoEmulationWorld::AddAddress(natNode, tapDevice, outsideAddress, mask);
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(client->GetObject<Ipv4>())
        ->SetDefaultRoute(Ipv4Address("10.0.0.1"), clientIf);
    routing.GetStaticRouting(natNode->GetObject<Ipv4>())->SetDefaultRoute(linuxEnd, natOutside);
    if (siteNat != TeredoTopologyHelper::NONE)
    {
        Ipv4NatHelper natHelper;
        for (auto preset : {Ipv4NatHelper::FULL_CONE,
                            Ipv4NatHelper::RESTRICTED_CONE,
                            Ipv4NatHelper::PORT_RESTRICTED_CONE,
                            Ipv4NatHelper::SYMMETRIC})
        {
            if (Ipv4NatHelper::PresetToString(preset) == o.nat)
            {
                natHelper.SetPreset(preset);
            }
        }
        Ptr<Ipv4Nat> n = natHelper.Install(natNode, {natInside}, natOutside);
        n->AssignStreams(1);
        n->TraceConnectWithoutContext("MappingCreated", MakeCallback(&MappingCreated));
        n->TraceConnectWithoutContext("Drop", MakeBoundCallback(&NatDrop, uint32_t(0)));
    }
    else
    {
        natNode->GetObject<Ipv4>()->SetAttribute("IpForward", BooleanValue(true));
    }
    TeredoClientHelper helper(primary);
    helper.SetAttribute("Procedure", ProcedureValue(o));
    ApplicationContainer apps = helper.Install(client);
    TeredoClientHelper::AssignStreams(apps, 10);
    apps.Start(Seconds(1));
    Ptr<TeredoClient> c = DynamicCast<TeredoClient>(apps.Get(0));
    TraceClient(c, "");
    Pinger pinger(o, {c}, false);
    std::cout << "client behind " << o.nat << " NAT " << outsideAddress << " on " << o.tap << " ("
              << o.mode << "), server " << primary << ", procedure " << o.procedure << std::endl;
    if (!o.pcap.empty())
    {
        EnablePcap(o.pcap);
    }
    Simulator::Stop(Seconds(o.duration));
    Simulator::Run();
    std::cout << "summary state " << Q::StateToString(c->GetState()) << " address "
              << c->GetTeredoAddress() << " nat " << Q::NatTypeToString(c->GetNatType())
              << std::endl;
    std::cout << "summary client 0 direct-tx " << c->GetDirectTxCount() << " delivered "
              << c->GetDeliveredCount() << " bubbles " << c->GetBubbleTxCount() << " ping-tests "
              << c->GetPingTestCount() << std::endl;
    pinger.PrintSummary();
    bool ok = c->IsQualified();
    Simulator::Destroy();
    return ok ? 0 : 1;
}

int
RunInfrastructure(const Options& o)
{
    std::vector<TeredoTopologyHelper::SiteNat> sites;
    std::istringstream list(o.clients);
    for (std::string name; std::getline(list, name, ',');)
    {
        TeredoTopologyHelper::SiteNat nat;
        if (!TeredoTopologyHelper::SiteNatFromString(name, nat))
        {
            std::cerr << "unknown NAT type in --clients: " << name << "\n";
            return 2;
        }
        sites.push_back(nat);
    }
    if (sites.size() > 63)
    {
        std::cerr << "--clients: at most 63 (the TAP link is the access block's last /30)\n";
        return 2;
    }
    if (!o.ping.empty() && o.pingFrom >= sites.size())
    {
        std::cerr << "--ping-from=" << o.pingFrom << ": there are " << sites.size() << " clients\n";
        return 2;
    }

    // The world, shared with teredo-relay-bench (teredo-emulation-world.h).
    TeredoEmulationWorld emulationWorld;
    TeredoTopologyHelper& world = emulationWorld.GetTopology();
    world.SetServerAddress(Ipv4Address(o.server.c_str()));
    for (auto nat : sites)
    {
        world.AddSite(nat, 1);
    }
    emulationWorld.Build();
    Ipv4Address linuxEnd(o.gateway.empty() ? TeredoEmulationWorld::GetDefaultTapLinuxEnd()
                                           : Ipv4Address(o.gateway.c_str()));
    Ptr<NetDevice> tapDevice = emulationWorld.AddCoreTap(o.tapMode(), o.tap, linuxEnd);
    Ipv4Address coreEnd = emulationWorld.GetCoreTapAddress();
    emulationWorld.InstallServerAndRelay();

    Ptr<TeredoServer> server = emulationWorld.GetServer();
    server->TraceConnectWithoutContext("TxWithAddresses", MakeCallback(&ServerSent));
    server->TraceConnectWithoutContext("NativeTx", MakeCallback(&ServerNative));
    server->TraceConnectWithoutContext("Rx", MakeCallback(&ServerRx));
    server->TraceConnectWithoutContext("Drop", MakeCallback(&ServerDrop));
    Ptr<TeredoRelay> relay = emulationWorld.GetRelay();
    relay->TraceConnectWithoutContext("Tx", MakeCallback(&RelaySent));
    relay->TraceConnectWithoutContext("Drop", MakeCallback(&RelayDrop));
    HostCounts host;
    Ptr<Ipv6L3Protocol> host6 = world.GetIpv6Host(0)->GetObject<Ipv6L3Protocol>();
    host6->TraceConnectWithoutContext("LocalDeliver", MakeBoundCallback(&HostDelivered, &host));
    host6->TraceConnectWithoutContext("SendOutgoing", MakeBoundCallback(&HostSent, &host));

    std::vector<Ptr<TeredoClient>> clients;
    if (!sites.empty())
    {
        TeredoClientHelper clientHelper(world.GetServerPrimaryAddress());
        clientHelper.SetAttribute("Procedure", ProcedureValue(o));
        ApplicationContainer apps = clientHelper.Install(world.GetAllClients());
        TeredoClientHelper::AssignStreams(apps, 10);
        apps.Start(Seconds(1));
        for (uint32_t i = 0; i < apps.GetN(); ++i)
        {
            clients.push_back(DynamicCast<TeredoClient>(apps.Get(i)));
            TraceClient(clients.back(), " client " + std::to_string(i));
            if (Ptr<Ipv4Nat> nat = world.GetNat(i))
            {
                nat->TraceConnectWithoutContext("Drop", MakeBoundCallback(&NatDrop, i));
            }
        }
    }
    Pinger pinger(o, clients, true);

    std::cout << "infrastructure on " << o.tap << " (" << o.mode << "): core " << coreEnd
              << ", Linux end " << linuxEnd << "; server " << world.GetServerPrimaryAddress()
              << " and " << world.GetServerSecondaryAddress() << " ("
              << world.GetServerIpv6Address() << ")" << std::endl;
    std::cout << "relay " << world.GetRelayIpv4Address(0) << " " << world.GetRelayIpv6Address(0)
              << std::endl;
    std::cout << "host " << world.GetIpv6HostAddress(0) << std::endl;
    for (uint32_t i = 0; i < sites.size(); ++i)
    {
        std::cout << "site " << i << " " << TeredoTopologyHelper::SiteNatToString(sites[i])
                  << " public " << world.GetSitePublicAddress(i) << std::endl;
    }
    if (!o.pcap.empty())
    {
        world.EnablePcapAll(o.pcap);
        if (DynamicCast<FdNetDevice>(tapDevice))
        {
            FdNetDeviceHelper().EnablePcap(o.pcap + "-tap", tapDevice);
        }
        else
        {
            CsmaHelper().EnablePcap(o.pcap + "-tap", tapDevice);
        }
    }
    Simulator::Stop(Seconds(o.duration));
    Simulator::Run();

    std::cout << "summary server received " << server->GetReceivedCount() << " advertisements "
              << server->GetAdvertisementCount() << " forwarded-to-teredo "
              << server->GetForwardedToTeredoCount() << " forwarded-to-native "
              << server->GetForwardedToNativeCount() << " dropped " << server->GetTotalDropCount()
              << std::endl;
    std::cout << "summary relay relayed-to-native " << relay->GetForwardedToNativeCount()
              << " relayed-to-teredo " << relay->GetForwardedToTeredoCount() << " bubbles "
              << relay->GetBubbleTxCount() << " peers " << relay->GetPeerCount() << " dropped "
              << relay->GetTotalDropCount() << std::endl;
    std::cout << "summary host echo-requests " << host.requests << " echo-replies " << host.replies
              << std::endl;
    for (uint32_t i = 0; i < clients.size(); ++i)
    {
        Ptr<TeredoClient> c = clients[i];
        std::cout << "summary client " << i << " state " << Q::StateToString(c->GetState())
                  << " address " << c->GetTeredoAddress() << " direct-tx " << c->GetDirectTxCount()
                  << " delivered " << c->GetDeliveredCount() << " bubbles " << c->GetBubbleTxCount()
                  << " link-local-source-drops "
                  << c->GetDropCount(TeredoClient::DROP_LINK_LOCAL_SOURCE)
                  << " mapping-mismatch-drops "
                  << c->GetDropCount(TeredoClient::DROP_MAPPING_MISMATCH) << std::endl;
    }
    pinger.PrintSummary();
    Simulator::Destroy();
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    Options o;
    CommandLine cmd(__FILE__);
    cmd.AddValue("role",
                 "server: TeredoServer for real clients; client: TeredoClient behind "
                 "the NAT model for a real server; infrastructure: server, relay, IPv6 "
                 "host (and --clients) for real clients",
                 o.role);
    cmd.AddValue("mode",
                 "fd: an FdNetDevice on a TAP; tap-bridge: a CsmaNetDevice bridged by "
                 "ns-3's TapBridge",
                 o.mode);
    cmd.AddValue("tap", "name of the TAP device to create", o.tap);
    cmd.AddValue("duration", "real seconds to run", o.duration);
    cmd.AddValue("server",
                 "the Teredo server's primary address (secondary: the next one)",
                 o.server);
    cmd.AddValue("gateway",
                 "Linux end of the TAP (default 192.0.2.254, 203.0.113.254 or, "
                 "infrastructure, 203.0.113.253)",
                 o.gateway);
    cmd.AddValue("outside", "client role: the NAT's outside address (a /24)", o.outside);
    cmd.AddValue("nat",
                 "client role: none, full-cone, restricted-cone, "
                 "port-restricted-cone or symmetric",
                 o.nat);
    cmd.AddValue("procedure", "clients: rfc5991 or rfc4380", o.procedure);
    cmd.AddValue("clients",
                 "infrastructure role: comma-separated NAT types (as --nat), a site "
                 "with one TeredoClient each",
                 o.clients);
    cmd.AddValue("ping",
                 "Ping6 from the client to this IPv6 address once qualified; @FILE: "
                 "the address FILE holds, once it holds one",
                 o.ping);
    cmd.AddValue("ping-from", "infrastructure role: the client that pings", o.pingFrom);
    cmd.AddValue("ping-count", "echo requests to send", o.pingCount);
    cmd.AddValue("pcap", "write pcaps with this prefix", o.pcap);
    cmd.Parse(argc, argv);
    if (o.role != "server" && o.role != "client" && o.role != "infrastructure")
    {
        std::cerr << "--role must be server, client or infrastructure\n";
        return 2;
    }
    if (o.procedure != "rfc5991" && o.procedure != "rfc4380")
    {
        std::cerr << "--procedure must be rfc5991 or rfc4380\n";
        return 2;
    }
    if (o.mode != "fd" && o.mode != "tap-bridge")
    {
        std::cerr << "--mode must be fd or tap-bridge\n";
        return 2;
    }

    TapEmulationHelper::EnableRealtime();
    if (o.role == "server")
    {
        return RunServer(o);
    }
    if (o.role == "client")
    {
        return RunClient(o);
    }
    return RunInfrastructure(o);
}
