/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-relay-helper.h"

#include "ns3/teredo-relay.h"

namespace ns3
{

TeredoRelayHelper::TeredoRelayHelper()
{
    m_factory.SetTypeId(TeredoRelay::GetTypeId());
}

void
TeredoRelayHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
TeredoRelayHelper::Install(Ptr<Node> node) const
{
    Ptr<Application> app = m_factory.Create<Application>();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
TeredoRelayHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

} // namespace ns3
