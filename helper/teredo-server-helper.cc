/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-server-helper.h"

#include "ns3/teredo-server.h"

namespace ns3
{

TeredoServerHelper::TeredoServerHelper(Ipv4Address primary, Ipv4Address secondary)
    : TeredoApplicationHelper(TeredoServer::GetTypeId())
{
    m_factory.Set("PrimaryAddress", Ipv4AddressValue(primary));
    m_factory.Set("SecondaryAddress", Ipv4AddressValue(secondary));
}

void
TeredoServerHelper::SetClientSecret(const std::string& clientId, const std::string& secret)
{
    m_secrets.emplace_back(clientId, secret);
}

void
TeredoServerHelper::ConfigureApplication(Ptr<Application> application) const
{
    Ptr<TeredoServer> server = DynamicCast<TeredoServer>(application);
    for (const auto& [clientId, secret] : m_secrets)
    {
        server->SetClientSecret(clientId, secret);
    }
}

} // namespace ns3
