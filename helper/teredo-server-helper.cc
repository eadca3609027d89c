/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-server-helper.h"

#include "ns3/teredo-server.h"

namespace ns3
{

TeredoServerHelper::TeredoServerHelper(Ipv4Address primary, Ipv4Address secondary)
{
    m_factory.SetTypeId(TeredoServer::GetTypeId());
    m_factory.Set("PrimaryAddress", Ipv4AddressValue(primary));
    m_factory.Set("SecondaryAddress", Ipv4AddressValue(secondary));
}

void
TeredoServerHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
TeredoServerHelper::Install(Ptr<Node> node) const
{
    Ptr<Application> app = m_factory.Create<Application>();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
TeredoServerHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

} // namespace ns3
