/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-emulation-world.h"

#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/teredo-relay-helper.h"
#include "ns3/teredo-server-helper.h"

namespace ns3
{

Ipv4Address
TeredoEmulationWorld::GetDefaultTapLinuxEnd()
{
    return Ipv4Address("203.0.113.253");
}

uint32_t
TeredoEmulationWorld::AddAddress(Ptr<Node> node,
                                 Ptr<NetDevice> device,
                                 Ipv4Address address,
                                 Ipv4Mask mask)
{
    Ptr<Ipv4> ip = node->GetObject<Ipv4>();
    int32_t i = ip->GetInterfaceForDevice(device);
    uint32_t interface = i >= 0 ? uint32_t(i) : ip->AddInterface(device);
    ip->AddAddress(interface, Ipv4InterfaceAddress(address, mask));
    ip->SetUp(interface);
    return interface;
}

TeredoTopologyHelper&
TeredoEmulationWorld::GetTopology()
{
    return m_topology;
}

void
TeredoEmulationWorld::Build()
{
    m_topology.AddRelay();
    m_topology.AddIpv6Host();
    m_topology.Build();
    m_topology.AssignStreams(1);
}

Ptr<NetDevice>
TeredoEmulationWorld::AddCoreTap(TapEmulationHelper::Mode mode,
                                 const std::string& tapName,
                                 Ipv4Address linuxEnd)
{
    const Ipv4Mask mask30("255.255.255.252");
    m_coreTapAddress = Ipv4Address(linuxEnd.Get() + 1);
    TapEmulationHelper emulation(mode);
    emulation.SetTapName(tapName);
    emulation.SetLinuxAddress(linuxEnd, mask30);
    emulation.SetMacAddress(TapEmulationHelper::MakeMac(3));
    Ptr<Node> core = m_topology.GetCoreRouter();
    Ptr<NetDevice> tap = emulation.Install(core);
    uint32_t tapIf = AddAddress(core, tap, m_coreTapAddress, mask30);
    Ipv4StaticRoutingHelper()
        .GetStaticRouting(core->GetObject<Ipv4>())
        ->SetDefaultRoute(linuxEnd, tapIf);
    return tap;
}

void
TeredoEmulationWorld::InstallServerAndRelay()
{
    TeredoServerHelper serverHelper(m_topology.GetServerPrimaryAddress(),
                                    m_topology.GetServerSecondaryAddress());
    m_server = DynamicCast<TeredoServer>(serverHelper.Install(m_topology.GetServerNode()).Get(0));
    m_relay = DynamicCast<TeredoRelay>(TeredoRelayHelper().Install(m_topology.GetRelay(0)).Get(0));
}

Ptr<TeredoServer>
TeredoEmulationWorld::GetServer() const
{
    return m_server;
}

Ptr<TeredoRelay>
TeredoEmulationWorld::GetRelay() const
{
    return m_relay;
}

Ipv4Address
TeredoEmulationWorld::GetCoreTapAddress() const
{
    return m_coreTapAddress;
}

} // namespace ns3
