/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "host-specific-relay-helper.h"

#include "ns3/host-specific-relay.h"

namespace ns3
{

HostSpecificRelayHelper::HostSpecificRelayHelper()
{
    m_factory.SetTypeId(HostSpecificRelay::GetTypeId());
}

void
HostSpecificRelayHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
HostSpecificRelayHelper::Install(Ptr<Node> node) const
{
    Ptr<Application> app = m_factory.Create<Application>();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
HostSpecificRelayHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

} // namespace ns3
