/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "host-specific-relay-helper.h"

#include "ns3/host-specific-relay.h"

namespace ns3
{

HostSpecificRelayHelper::HostSpecificRelayHelper()
    : TeredoApplicationHelper(HostSpecificRelay::GetTypeId())
{
}

} // namespace ns3
