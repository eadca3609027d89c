/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// STUN through real Linux hosts, in real time over a TAP (TapEmulationHelper).
//
// --role=nat: an ns-3 NAT (--nat=<preset>) and a STUN server inside ns-3; a
// Linux host on the TAP is the NAT's inside host, for a real STUN client:
//
//   Linux 192.0.2.2 =TAP= 192.0.2.1 NAT 203.0.113.1 --- router --- NatProbeServer
//                                                                  198.51.100.1 and .2
//
// --role=client: our NatProbeClient inside ns-3, behind whatever Linux does
// with its packets (a Linux NAT, a real STUN server beyond):
//
//   ns-3 192.0.2.1 (NatProbeClient) =TAP= 192.0.2.254 Linux ... --server
//
// It prints what it found (RFC 5780 terms and the classic name) and ends.
//
//   nat-stun-emulation --role=nat --nat=full-cone --tap=NAME [--duration=20]
//   nat-stun-emulation --role=client --tap=NAME --server=198.51.100.1
//
// Needs root (the TAP). scripts/emulation-stun-*.sh set up the Linux side.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipv4-nat-helper.h"
#include "ns3/nat-probe-client.h"
#include "ns3/nat-probe-helper.h"
#include "ns3/nat-probe-server.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tap-emulation-helper.h"

#include <iostream>

using namespace ns3;

namespace
{

/// \return the interface of \p device on \p node, with \p address added
uint32_t
AddAddress(Ptr<Node> node, Ptr<NetDevice> device, const char* address)
{
    Ptr<Ipv4> ip = node->GetObject<Ipv4>();
    int32_t i = ip->GetInterfaceForDevice(device);
    uint32_t interface = i >= 0 ? uint32_t(i) : ip->AddInterface(device);
    ip->AddAddress(interface, Ipv4InterfaceAddress(Ipv4Address(address), "255.255.255.0"));
    ip->SetUp(interface);
    return interface;
}

int
RunNat(const std::string& tap, const std::string& natName, double duration)
{
    Ipv4NatHelper natHelper;
    bool known = false;
    for (auto preset : {Ipv4NatHelper::FULL_CONE,
                        Ipv4NatHelper::RESTRICTED_CONE,
                        Ipv4NatHelper::PORT_RESTRICTED_CONE,
                        Ipv4NatHelper::SYMMETRIC})
    {
        if (Ipv4NatHelper::PresetToString(preset) == natName)
        {
            natHelper.SetPreset(preset);
            known = true;
        }
    }
    if (!known)
    {
        std::cerr << "unknown --nat " << natName << "\n";
        return 2;
    }
    NodeContainer nodes; // NAT, router, server
    nodes.Create(3);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(nodes);
    PointToPointHelper link;
    link.SetChannelAttribute("Delay", TimeValue(MilliSeconds(1)));
    NetDeviceContainer access = link.Install(nodes.Get(0), nodes.Get(1));
    NetDeviceContainer core = link.Install(nodes.Get(1), nodes.Get(2));
    TapEmulationHelper emulation(TapEmulationHelper::FD_NET_DEVICE);
    emulation.SetTapName(tap);
    emulation.SetLinuxAddress(Ipv4Address("192.0.2.2"), Ipv4Mask("255.255.255.0"));
    emulation.SetMacAddress(TapEmulationHelper::MakeMac(1));
    Ptr<NetDevice> tapDevice = emulation.Install(nodes.Get(0));
    uint32_t inside = AddAddress(nodes.Get(0), tapDevice, "192.0.2.1");
    uint32_t outside = AddAddress(nodes.Get(0), access.Get(0), "203.0.113.1");
    AddAddress(nodes.Get(1), access.Get(1), "203.0.113.254");
    AddAddress(nodes.Get(1), core.Get(0), "198.51.100.254");
    uint32_t serverIf = AddAddress(nodes.Get(2), core.Get(1), "198.51.100.1");
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(nodes.Get(0)->GetObject<Ipv4>())
        ->SetDefaultRoute("203.0.113.254", outside);
    routing.GetStaticRouting(nodes.Get(2)->GetObject<Ipv4>())
        ->SetDefaultRoute("198.51.100.254", serverIf);
    Ptr<Ipv4Nat> nat = natHelper.Install(nodes.Get(0), {inside}, outside);
    nat->AssignStreams(1);

    NatProbeServerHelper serverHelper("198.51.100.1", "198.51.100.2");
    ApplicationContainer apps = serverHelper.Install(nodes.Get(2));
    apps.Start(Seconds(0));
    Ptr<NatProbeServer> server = DynamicCast<NatProbeServer>(apps.Get(0));
    std::cout << "nat " << natName << " inside 192.0.2.1 on " << tap
              << ", outside 203.0.113.1; STUN server 198.51.100.1 and 198.51.100.2" << std::endl;
    Simulator::Stop(Seconds(duration));
    Simulator::Run();
    std::cout << "summary requests " << server->GetRequestCount() << " dropped "
              << server->GetTotalDropCount() << " nat-mappings " << nat->GetMappingCount()
              << std::endl;
    Simulator::Destroy();
    return 0;
}

int
RunClient(const std::string& tap, const std::string& serverAddress)
{
    Ptr<Node> node = CreateObject<Node>();
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(node);
    TapEmulationHelper emulation(TapEmulationHelper::FD_NET_DEVICE);
    emulation.SetTapName(tap);
    emulation.SetLinuxAddress(Ipv4Address("192.0.2.254"), Ipv4Mask("255.255.255.0"));
    emulation.SetMacAddress(TapEmulationHelper::MakeMac(2));
    Ptr<NetDevice> device = emulation.Install(node);
    uint32_t i = AddAddress(node, device, "192.0.2.1");
    Ipv4StaticRoutingHelper()
        .GetStaticRouting(node->GetObject<Ipv4>())
        ->SetDefaultRoute("192.0.2.254", i);
    // The secondary address and port: as the server tells (CHANGED-ADDRESS).
    NatProbeClientHelper helper(Ipv4Address(serverAddress.c_str()), Ipv4Address::GetAny());
    helper.SetAttribute("Interval", TimeValue(MilliSeconds(500)));
    ApplicationContainer apps = helper.Install(node);
    apps.Start(Seconds(1));
    Ptr<NatProbeClient> c = DynamicCast<NatProbeClient>(apps.Get(0));
    c->AssignStreams(1);
    std::cout << "client 192.0.2.1 on " << tap << ", server " << serverAddress << std::endl;
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    using T = NatMappingTable;
    std::cout << "mapped";
    for (const InetSocketAddress& e : c->GetMappedEndpoints())
    {
        std::cout << " " << e.GetIpv4() << ":" << e.GetPort();
    }
    std::cout << std::endl;
    if (c->IsComplete())
    {
        std::cout << "discovered mapping " << T::ToString(*c->GetMappingBehavior()) << " filtering "
                  << T::ToString(*c->GetFilteringBehavior()) << " port "
                  << (*c->GetPortPreserved() ? "preserved" : "not-preserved") << " hairpin "
                  << (*c->GetHairpinning() ? "yes" : "no");
    }
    else
    {
        std::cout << "discovered nothing (incomplete)";
    }
    std::cout << " classic " << NatProbeClient::ClassicTypeToString(c->GetClassicType())
              << " dropped " << c->GetTotalDropCount() << std::endl;
    Simulator::Destroy();
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string role;
    std::string tap = "stun0";
    std::string nat = "full-cone";
    std::string server = "198.51.100.1";
    double duration = 20;
    CommandLine cmd(__FILE__);
    cmd.AddValue("role", "nat (NAT and server in ns-3) or client (NatProbeClient)", role);
    cmd.AddValue("tap", "Name of the TAP to create", tap);
    cmd.AddValue("nat", "NAT preset for --role=nat", nat);
    cmd.AddValue("server", "STUN server's primary address for --role=client", server);
    cmd.AddValue("duration", "Seconds to run, --role=nat", duration);
    cmd.Parse(argc, argv);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    TapEmulationHelper::EnableRealtime();
    if (role == "nat")
    {
        return RunNat(tap, nat, duration);
    }
    if (role == "client")
    {
        return RunClient(tap, server);
    }
    std::cerr << "--role must be nat or client\n";
    return 2;
}
