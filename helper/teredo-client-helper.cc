/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-client-helper.h"

#include "ns3/teredo-client.h"

namespace ns3
{

TeredoClientHelper::TeredoClientHelper(Ipv4Address server)
    : TeredoApplicationHelper(TeredoClient::GetTypeId())
{
    m_factory.Set("ServerAddress", Ipv4AddressValue(server));
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
