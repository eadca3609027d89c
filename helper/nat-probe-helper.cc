/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "nat-probe-helper.h"

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
    return InstallEach(m_factory, nodes);
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
