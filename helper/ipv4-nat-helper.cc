/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipv4-nat-helper.h"

#include "ns3/abort.h"
#include "ns3/enum.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ipv4NatHelper");

Ipv4NatHelper::Ipv4NatHelper()
{
    m_factory.SetTypeId(Ipv4Nat::GetTypeId());
}

Ipv4NatHelper::Ipv4NatHelper(Preset preset)
    : Ipv4NatHelper()
{
    SetPreset(preset);
}

void
Ipv4NatHelper::SetPreset(Preset preset)
{
    using T = NatMappingTable;
    T::MappingBehavior mapping = T::ENDPOINT_INDEPENDENT_MAPPING;
    T::FilteringBehavior filtering = T::ENDPOINT_INDEPENDENT_FILTERING;
    T::PortAllocation allocation = T::PORT_PRESERVE;
    switch (preset)
    {
    case FULL_CONE:
        break;
    case RESTRICTED_CONE:
        filtering = T::ADDRESS_DEPENDENT_FILTERING;
        break;
    case PORT_RESTRICTED_CONE:
        filtering = T::ADDRESS_AND_PORT_DEPENDENT_FILTERING;
        break;
    case SYMMETRIC:
        mapping = T::ADDRESS_AND_PORT_DEPENDENT_MAPPING;
        filtering = T::ADDRESS_AND_PORT_DEPENDENT_FILTERING;
        allocation = T::PORT_RANDOM;
        break;
    }
    m_factory.Set("MappingBehavior", EnumValue(mapping));
    m_factory.Set("FilteringBehavior", EnumValue(filtering));
    m_factory.Set("PortAllocation", EnumValue(allocation));
}

void
Ipv4NatHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<Ipv4Nat>
Ipv4NatHelper::Install(Ptr<Node> node,
                       const std::set<uint32_t>& insideInterfaces,
                       uint32_t outsideInterface) const
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4, "Ipv4NatHelper: node " << node->GetId() << " has no IPv4 stack");
    NS_ABORT_MSG_IF(insideInterfaces.empty(), "Ipv4NatHelper: no inside interface");
    for (uint32_t i : insideInterfaces)
    {
        NS_ABORT_MSG_IF(i >= ipv4->GetNInterfaces(),
                        "Ipv4NatHelper: no inside interface " << i << " on node " << node->GetId());
    }
    NS_ABORT_MSG_IF(outsideInterface >= ipv4->GetNInterfaces(),
                    "Ipv4NatHelper: no outside interface " << outsideInterface << " on node "
                                                           << node->GetId());
    NS_ABORT_MSG_IF(ipv4->GetNAddresses(outsideInterface) == 0,
                    "Ipv4NatHelper: outside interface "
                        << outsideInterface << " has no address; assign the node's addresses "
                        << "before Ipv4NatHelper::Install");
    Ptr<Ipv4Nat> nat = m_factory.Create<Ipv4Nat>();
    nat->SetInnerRoutingProtocol(ipv4->GetRoutingProtocol());
    nat->SetInterfaces(insideInterfaces, outsideInterface);
    ipv4->SetRoutingProtocol(nat);
    return nat;
}

Ptr<Ipv4Nat>
Ipv4NatHelper::Install(const NetDeviceContainer& insideDevices, Ptr<NetDevice> outsideDevice) const
{
    Ptr<Node> node = outsideDevice->GetNode();
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4, "Ipv4NatHelper: node " << node->GetId() << " has no IPv4 stack");
    std::set<uint32_t> inside;
    for (auto it = insideDevices.Begin(); it != insideDevices.End(); ++it)
    {
        NS_ABORT_MSG_IF((*it)->GetNode() != node,
                        "Ipv4NatHelper: inside and outside devices on different nodes");
        int32_t i = ipv4->GetInterfaceForDevice(*it);
        NS_ABORT_MSG_IF(i < 0, "Ipv4NatHelper: an inside device has no IPv4 interface");
        inside.insert(i);
    }
    int32_t outside = ipv4->GetInterfaceForDevice(outsideDevice);
    NS_ABORT_MSG_IF(outside < 0, "Ipv4NatHelper: the outside device has no IPv4 interface");
    return Install(node, inside, outside);
}

std::string
Ipv4NatHelper::PresetToString(Preset preset)
{
    switch (preset)
    {
    case FULL_CONE:
        return "full-cone";
    case RESTRICTED_CONE:
        return "restricted-cone";
    case PORT_RESTRICTED_CONE:
        return "port-restricted-cone";
    case SYMMETRIC:
        return "symmetric";
    }
    return "unknown";
}

} // namespace ns3
