/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-client-helper.h"

#include "ns3/teredo-client.h"

namespace ns3
{

TeredoClientHelper::TeredoClientHelper(Ipv4Address server)
{
    m_factory.SetTypeId(TeredoClient::GetTypeId());
    m_factory.Set("ServerAddress", Ipv4AddressValue(server));
}

void
TeredoClientHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
TeredoClientHelper::Install(Ptr<Node> node) const
{
    Ptr<TeredoClient> app = m_factory.Create<TeredoClient>();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
TeredoClientHelper::Install(const NodeContainer& nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

int64_t
TeredoClientHelper::AssignStreams(const ApplicationContainer& apps, int64_t stream)
{
    int64_t used = 0;
    for (auto it = apps.Begin(); it != apps.End(); ++it)
    {
        Ptr<TeredoClient> client = DynamicCast<TeredoClient>(*it);
        if (client)
        {
            used += client->AssignStreams(stream + used);
        }
    }
    return used;
}

} // namespace ns3
