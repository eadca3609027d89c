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
// --mode=fd (the default): the node's device is an FdNetDevice on a TAP the
// helper opens; --mode=tap-bridge: a CsmaNetDevice on a link to ns-3's
// TapBridge (ConfigureLocal), whose creator program makes the TAP when the
// simulation starts. Same addresses and MACs either way (TapEmulationHelper).
//
// The same applications as in pure simulation run unchanged; only the
// simulator runs in real time and checksums are on. Needs root (or
// CAP_NET_ADMIN) for the TAP; tap-bridge mode needs root.
//
//   teredo-emulation [--role=server|client] [--mode=fd|tap-bridge]
//                    [--tap=tap-teredo] [--duration=60]
//                    [--server=192.0.2.1] [--gateway=...] [--outside=203.0.113.1]
//                    [--nat=port-restricted-cone] [--procedure=rfc5991|rfc4380]
//                    [--pcap=prefix]
//
// Output lines (for scripts): "ra <client>:<port> from <server address>",
// "mapping udp <inside> -> <outside>", "qualified <address> nat <type> server
// <ip> cone <0|1> mapped <ip>:<port>", "state <old> -> <new>", and a summary.

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/fd-net-device-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/teredo-module.h"

#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("TeredoEmulationExample");

namespace
{

using Q = TeredoQualification;

void
AdvertisementSent(Ptr<const Packet>, const InetSocketAddress& f, const InetSocketAddress& t)
{
    std::cout << Simulator::Now().GetSeconds() << " ra " << t.GetIpv4() << ":" << t.GetPort()
              << " from " << f.GetIpv4() << std::endl;
}

void
ServerDrop(Ptr<const Packet>, const InetSocketAddress& f, TeredoServer::DropReason reason)
{
    std::cout << Simulator::Now().GetSeconds() << " server-drop " << f.GetIpv4() << ":"
              << f.GetPort() << " " << TeredoServer::ToString(reason) << std::endl;
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

void
Qualified(Ipv6Address address, Q::NatType type)
{
    TeredoAddress t = TeredoAddress::Decode(address);
    std::cout << Simulator::Now().GetSeconds() << " qualified " << address << " nat "
              << Q::NatTypeToString(type) << " server " << t.GetServer() << " cone "
              << (t.IsCone() ? 1 : 0) << " mapped " << t.GetMappedAddress() << ":"
              << t.GetMappedPort() << std::endl;
}

void
StateChanged(Q::State from, Q::State to)
{
    std::cout << Simulator::Now().GetSeconds() << " state " << Q::StateToString(from) << " -> "
              << Q::StateToString(to) << std::endl;
}

void
ClientDrop(Ptr<const Packet>, TeredoClient::DropReason reason)
{
    if (reason != TeredoClient::DROP_MULTICAST)
    {
        std::cout << Simulator::Now().GetSeconds() << " client-drop "
                  << TeredoClient::DropReasonToString(reason) << std::endl;
    }
}

/// Give a device one address and bring its interface up. \return the interface index
uint32_t
AddAddress(Ptr<Node> node, Ptr<NetDevice> device, Ipv4Address address, Ipv4Mask mask)
{
    Ptr<Ipv4> ip = node->GetObject<Ipv4>();
    int32_t i = ip->GetInterfaceForDevice(device);
    uint32_t interface = i >= 0 ? uint32_t(i) : ip->AddInterface(device);
    ip->AddAddress(interface, Ipv4InterfaceAddress(address, mask));
    ip->SetUp(interface);
    return interface;
}

/// Write a pcap for every point-to-point, CSMA and FdNetDevice device (each
/// helper only writes its own kind).
void
EnablePcap(const std::string& prefix)
{
    PointToPointHelper().EnablePcapAll(prefix);
    CsmaHelper().EnablePcapAll(prefix);
    FdNetDeviceHelper().EnablePcapAll(prefix);
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string role = "server";
    std::string mode = "fd";
    std::string tap = "tap-teredo";
    double duration = 60;
    std::string server = "192.0.2.1";
    std::string gateway;
    std::string outside = "203.0.113.1";
    std::string nat = "port-restricted-cone";
    std::string procedure = "rfc5991";
    std::string pcap;
    CommandLine cmd(__FILE__);
    cmd.AddValue("role",
                 "server: TeredoServer for real clients; client: TeredoClient behind "
                 "the NAT model for a real server",
                 role);
    cmd.AddValue("mode",
                 "fd: an FdNetDevice on a TAP; tap-bridge: a CsmaNetDevice bridged by "
                 "ns-3's TapBridge",
                 mode);
    cmd.AddValue("tap", "name of the TAP device to create", tap);
    cmd.AddValue("duration", "real seconds to run", duration);
    cmd.AddValue("server", "the Teredo server's primary address (secondary: the next one)", server);
    cmd.AddValue("gateway", "Linux end of the TAP (default 192.0.2.254 or 203.0.113.254)", gateway);
    cmd.AddValue("outside", "client role: the NAT's outside address (a /24)", outside);
    cmd.AddValue("nat",
                 "client role: none, full-cone, restricted-cone, "
                 "port-restricted-cone or symmetric",
                 nat);
    cmd.AddValue("procedure", "client role: rfc5991 or rfc4380", procedure);
    cmd.AddValue("pcap", "write pcaps with this prefix", pcap);
    cmd.Parse(argc, argv);
    if (role != "server" && role != "client")
    {
        std::cerr << "--role must be server or client\n";
        return 2;
    }
    if (procedure != "rfc5991" && procedure != "rfc4380")
    {
        std::cerr << "--procedure must be rfc5991 or rfc4380\n";
        return 2;
    }
    if (mode != "fd" && mode != "tap-bridge")
    {
        std::cerr << "--mode must be fd or tap-bridge\n";
        return 2;
    }

    TapEmulationHelper::EnableRealtime();
    InternetStackHelper stack;
    TapEmulationHelper emulation(mode == "fd" ? TapEmulationHelper::FD_NET_DEVICE
                                              : TapEmulationHelper::TAP_BRIDGE);
    emulation.SetTapName(tap);
    Ipv4Mask mask("255.255.255.0");
    Ipv4Address primary(server.c_str());
    Ipv4StaticRoutingHelper routing;

    if (role == "server")
    {
        Ipv4Address linuxEnd(gateway.empty() ? "192.0.2.254" : gateway.c_str());
        Ptr<Node> node = CreateObject<Node>();
        stack.Install(node);
        emulation.SetLinuxAddress(linuxEnd, mask);
        emulation.SetMacAddress(TapEmulationHelper::MakeMac(1));
        Ptr<NetDevice> device = emulation.Install(node);
        uint32_t i = AddAddress(node, device, primary, mask);
        AddAddress(node, device, Ipv4Address(primary.Get() + 1), mask);
        routing.GetStaticRouting(node->GetObject<Ipv4>())->SetDefaultRoute(linuxEnd, i);
        TeredoServerHelper helper(primary, Ipv4Address(primary.Get() + 1));
        ApplicationContainer apps = helper.Install(node);
        apps.Start(Seconds(0));
        Ptr<TeredoServer> s = DynamicCast<TeredoServer>(apps.Get(0));
        s->TraceConnectWithoutContext("Tx", MakeCallback(&AdvertisementSent));
        s->TraceConnectWithoutContext("Drop", MakeCallback(&ServerDrop));
        std::cout << "server " << primary << " and " << Ipv4Address(primary.Get() + 1) << " on "
                  << tap << " (" << mode << "), Linux end " << linuxEnd << std::endl;
        if (!pcap.empty())
        {
            EnablePcap(pcap);
        }
        Simulator::Stop(Seconds(duration));
        Simulator::Run();
        std::cout << "summary received " << s->GetReceivedCount() << " advertisements "
                  << s->GetAdvertisementCount() << " dropped " << s->GetTotalDropCount()
                  << std::endl;
        Simulator::Destroy();
        return 0;
    }

    // role == client: client -- NAT (outside on the TAP) -- Linux -- real server.
    Ipv4Address outsideAddress(outside.c_str());
    Ipv4Address linuxEnd(gateway.empty() ? "203.0.113.254" : gateway.c_str());
    NodeContainer nodes;
    nodes.Create(2);
    Ptr<Node> client = nodes.Get(0);
    Ptr<Node> natNode = nodes.Get(1);
    stack.Install(nodes);
    PointToPointHelper lan;
    lan.SetChannelAttribute("Delay", TimeValue(MilliSeconds(1)));
    NetDeviceContainer inside = lan.Install(client, natNode);
    uint32_t clientIf = AddAddress(client, inside.Get(0), Ipv4Address("10.0.0.2"), mask);
    uint32_t natInside = AddAddress(natNode, inside.Get(1), Ipv4Address("10.0.0.1"), mask);
    emulation.SetLinuxAddress(linuxEnd, mask);
    emulation.SetMacAddress(TapEmulationHelper::MakeMac(2));
    Ptr<NetDevice> tapDevice = emulation.Install(natNode);
    uint32_t natOutside = AddAddress(natNode, tapDevice, outsideAddress, mask);
    routing.GetStaticRouting(client->GetObject<Ipv4>())
        ->SetDefaultRoute(Ipv4Address("10.0.0.1"), clientIf);
    routing.GetStaticRouting(natNode->GetObject<Ipv4>())->SetDefaultRoute(linuxEnd, natOutside);
    if (nat != "none")
    {
        Ipv4NatHelper natHelper;
        bool known = false;
        for (auto preset : {Ipv4NatHelper::FULL_CONE,
                            Ipv4NatHelper::RESTRICTED_CONE,
                            Ipv4NatHelper::PORT_RESTRICTED_CONE,
                            Ipv4NatHelper::SYMMETRIC})
        {
            if (Ipv4NatHelper::PresetToString(preset) == nat)
            {
                natHelper.SetPreset(preset);
                known = true;
            }
        }
        if (!known)
        {
            std::cerr << "unknown --nat " << nat << "\n";
            return 2;
        }
        Ptr<Ipv4Nat> n = natHelper.Install(natNode, {natInside}, natOutside);
        n->AssignStreams(1);
        n->TraceConnectWithoutContext("MappingCreated", MakeCallback(&MappingCreated));
    }
    else
    {
        natNode->GetObject<Ipv4>()->SetAttribute("IpForward", BooleanValue(true));
    }
    TeredoClientHelper helper(primary);
    helper.SetAttribute("Procedure", StringValue(procedure == "rfc4380" ? "Rfc4380" : "Rfc5991"));
    ApplicationContainer apps = helper.Install(client);
    TeredoClientHelper::AssignStreams(apps, 10);
    apps.Start(Seconds(1));
    Ptr<TeredoClient> c = DynamicCast<TeredoClient>(apps.Get(0));
    c->TraceConnectWithoutContext("Qualified", MakeCallback(&Qualified));
    c->TraceConnectWithoutContext("StateChanged", MakeCallback(&StateChanged));
    c->TraceConnectWithoutContext("Drop", MakeCallback(&ClientDrop));
    std::cout << "client behind " << nat << " NAT " << outsideAddress << " on " << tap << " ("
              << mode << "), server " << primary << ", procedure " << procedure << std::endl;
    if (!pcap.empty())
    {
        EnablePcap(pcap);
    }
    Simulator::Stop(Seconds(duration));
    Simulator::Run();
    std::cout << "summary state " << Q::StateToString(c->GetState()) << " address "
              << c->GetTeredoAddress() << " nat " << Q::NatTypeToString(c->GetNatType())
              << std::endl;
    bool ok = c->IsQualified();
    Simulator::Destroy();
    return ok ? 0 : 1;
}
