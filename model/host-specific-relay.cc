/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "host-specific-relay.h"

#include "ns3/ipv6.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HostSpecificRelay");

NS_OBJECT_ENSURE_REGISTERED(HostSpecificRelay);

TypeId
HostSpecificRelay::GetTypeId()
{
    static TypeId tid = TypeId("ns3::HostSpecificRelay")
                            .SetParent<TeredoRelay>()
                            .SetGroupName("Teredo")
                            .AddConstructor<HostSpecificRelay>();
    return tid;
}

HostSpecificRelay::HostSpecificRelay()
{
    NS_LOG_FUNCTION(this);
}

HostSpecificRelay::~HostSpecificRelay() = default;

bool
HostSpecificRelay::ForwardsForOthers() const
{
    return false;
}

bool
HostSpecificRelay::AcceptsDestination(Ipv6Address destination) const
{
    Ptr<Ipv6> ipv6 = GetNode()->GetObject<Ipv6>();
    return ipv6 && ipv6->GetInterfaceForAddress(destination) >= 0;
}

} // namespace ns3
