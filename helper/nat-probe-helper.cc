/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "nat-probe-helper.h"

#include "ns3/ipv4.h"
#include "ns3/nat-probe-client.h"
#include "ns3/nat-probe-server.h"

namespace ns3
{

namespace
{

ApplicationContainer
InstallEach(const ObjectFactory& factory, NodeContainer nodes)
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<Application> app = factory.Create<Application>();
        (*it)->AddApplication(app);
        apps.Add(app);
    }
    return apps;
}

} // namespace

NatProbeServerHelper::NatProbeServerHelper(Ipv4Address primary, Ipv4Address secondary)
{
    m_factory.SetTypeId(NatProbeServer::GetTypeId());
    m_factory.Set("PrimaryAddress", Ipv4AddressValue(primary));
    m_factory.Set("SecondaryAddress", Ipv4AddressValue(secondary));
}

void
NatProbeServerHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
NatProbeServerHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps = InstallEach(m_factory, nodes);
    for (uint32_t n = 0; n < apps.GetN(); ++n)
    {
        // The server answers from two addresses: give the node the secondary
        // one beside the primary (same interface, same mask) if it lacks it.
        Ipv4AddressValue primary;
        Ipv4AddressValue secondary;
        apps.Get(n)->GetAttribute("PrimaryAddress", primary);
        apps.Get(n)->GetAttribute("SecondaryAddress", secondary);
        Ptr<Ipv4> ip = nodes.Get(n)->GetObject<Ipv4>();
        int32_t i = ip ? ip->GetInterfaceForAddress(primary.Get()) : -1;
        if (i < 0 || secondary.Get() == Ipv4Address::GetAny() ||
            ip->GetInterfaceForAddress(secondary.Get()) >= 0)
        {
            continue; // nothing to add to (the server says so when it starts)
        }
        Ipv4Mask mask;
        for (uint32_t k = 0; k < ip->GetNAddresses(i); ++k)
        {
            if (ip->GetAddress(i, k).GetLocal() == primary.Get())
            {
                mask = ip->GetAddress(i, k).GetMask();
            }
        }
        ip->AddAddress(i, Ipv4InterfaceAddress(secondary.Get(), mask));
    }
    return apps;
}

NatProbeClientHelper::NatProbeClientHelper(Ipv4Address serverPrimary, Ipv4Address serverSecondary)
{
    m_factory.SetTypeId(NatProbeClient::GetTypeId());
    m_factory.Set("ServerPrimaryAddress", Ipv4AddressValue(serverPrimary));
    m_factory.Set("ServerSecondaryAddress", Ipv4AddressValue(serverSecondary));
}

void
NatProbeClientHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
NatProbeClientHelper::Install(NodeContainer nodes) const
{
    return InstallEach(m_factory, nodes);
}

} // namespace ns3
