/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-relay-helper.h"

#include "ns3/teredo-relay.h"

namespace ns3
{

TeredoRelayHelper::TeredoRelayHelper()
    : TeredoApplicationHelper(TeredoRelay::GetTypeId())
{
}

} // namespace ns3
