/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-interface.h"

#include "ns3/abort.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TeredoInterface");

namespace
{
constexpr uint16_t IPV6_ETHERTYPE = 0x86DD;
constexpr uint8_t TEREDO_PREFIX_LENGTH = 32;
} // namespace

TeredoInterface::TeredoInterface()
    : m_interface(0),
      m_address(Ipv6Address::GetAny()),
      m_defaultRoute(false)
{
}

TeredoInterface::~TeredoInterface() = default;

void
TeredoInterface::Install(Ptr<Node> node, SendCallback send)
{
    NS_LOG_FUNCTION(this << node);
    m_node = node;
    m_ipv6 = node->GetObject<Ipv6>();
    NS_ABORT_MSG_IF(!m_ipv6,
                    "TeredoInterface: node " << node->GetId()
                                             << " has no IPv6 stack (install one with "
                                                "InternetStackHelper before the Teredo client)");
    m_send = send;
    // VirtualNetDevice's defaults are what a tunnel needs, so they stay: no
    // address resolution (ARP or neighbour discovery), point-to-point, SendFrom.
    m_device = CreateObject<VirtualNetDevice>();
    m_device->SetAddress(Mac48Address::Allocate()); // Ipv6::SetUp needs one
    m_device->SetMtu(MTU);                          // below 1280 the interface stays down
    m_device->SetSendCallback(MakeCallback(&TeredoInterface::DeviceSend, this));
    node->AddDevice(m_device);
    m_interface = m_ipv6->AddInterface(m_device);
    m_ipv6->SetMetric(m_interface, 1);
    m_ipv6->SetUp(m_interface);
}

bool
TeredoInterface::DeviceSend(Ptr<Packet> packet,
                            const Address& /* source */,
                            const Address& /* destination */,
                            uint16_t protocol)
{
    // The device always reports IPv6; anything else would be a stack bug.
    if (protocol != IPV6_ETHERTYPE || m_send.IsNull())
    {
        return false;
    }
    return m_send(packet);
}

void
TeredoInterface::SetAddress(Ipv6Address address, bool defaultRoute)
{
    NS_LOG_FUNCTION(this << address << defaultRoute);
    NS_ABORT_MSG_IF(!m_ipv6, "TeredoInterface::SetAddress before Install");
    if (m_address == address && m_defaultRoute == defaultRoute)
    {
        return;
    }
    ClearAddress();
    // A /32 makes the whole Teredo prefix on-link: every Teredo peer is reached
    // through the tunnel, whatever server it uses.
    m_ipv6->AddAddress(m_interface,
                       Ipv6InterfaceAddress(address, Ipv6Prefix(TEREDO_PREFIX_LENGTH)));
    m_address = address;
    if (defaultRoute)
    {
        Routing()->SetDefaultRoute(Ipv6Address::GetAny(), m_interface);
        m_defaultRoute = true;
    }
}

Ptr<Ipv6StaticRouting>
TeredoInterface::Routing() const
{
    Ptr<Ipv6StaticRouting> routing = Ipv6StaticRoutingHelper().GetStaticRouting(m_ipv6);
    NS_ABORT_MSG_IF(!routing, "TeredoInterface: the node has no Ipv6StaticRouting");
    return routing;
}

void
TeredoInterface::ClearAddress()
{
    NS_LOG_FUNCTION(this);
    if (!m_ipv6)
    {
        return;
    }
    if (m_address != Ipv6Address::GetAny())
    {
        m_ipv6->RemoveAddress(m_interface, m_address);
        m_address = Ipv6Address::GetAny();
    }
    if (m_defaultRoute)
    {
        Ptr<Ipv6StaticRouting> routing = Ipv6StaticRoutingHelper().GetStaticRouting(m_ipv6);
        if (routing)
        {
            routing->RemoveRoute(Ipv6Address::GetAny(),
                                 Ipv6Prefix::GetZero(),
                                 m_interface,
                                 Ipv6Address::GetAny());
        }
        m_defaultRoute = false;
    }
}

void
TeredoInterface::AddRoute(Ipv6Address network, Ipv6Prefix prefix)
{
    NS_LOG_FUNCTION(this << network << prefix);
    NS_ABORT_MSG_IF(!m_ipv6, "TeredoInterface::AddRoute before Install");
    Routing()->AddNetworkRouteTo(network, prefix, m_interface);
}

void
TeredoInterface::AddLocalAddress(Ipv6Address address)
{
    NS_LOG_FUNCTION(this << address);
    NS_ABORT_MSG_IF(!m_ipv6, "TeredoInterface::AddLocalAddress before Install");
    // No on-link route: the address's prefix stays routed where it was.
    m_ipv6->AddAddress(m_interface, Ipv6InterfaceAddress(address, Ipv6Prefix(128)), false);
}

void
TeredoInterface::SetForwarding(bool forwarding)
{
    NS_ABORT_MSG_IF(!m_ipv6, "TeredoInterface::SetForwarding before Install");
    m_ipv6->SetForwarding(m_interface, forwarding);
}

void
TeredoInterface::Deliver(Ptr<Packet> ipv6Packet)
{
    NS_LOG_FUNCTION(this << ipv6Packet);
    m_device->Receive(ipv6Packet,
                      IPV6_ETHERTYPE,
                      m_device->GetAddress(),
                      m_device->GetAddress(),
                      NetDevice::PACKET_HOST);
}

bool
TeredoInterface::HasNativeIpv6() const
{
    if (!m_ipv6)
    {
        return false;
    }
    for (uint32_t i = 0; i < m_ipv6->GetNInterfaces(); ++i)
    {
        if (i == m_interface && m_device)
        {
            continue;
        }
        for (uint32_t j = 0; j < m_ipv6->GetNAddresses(i); ++j)
        {
            Ipv6InterfaceAddress a = m_ipv6->GetAddress(i, j);
            if (a.GetScope() == Ipv6InterfaceAddress::GLOBAL)
            {
                return true;
            }
        }
    }
    return false;
}

Ptr<VirtualNetDevice>
TeredoInterface::GetDevice() const
{
    return m_device;
}

uint32_t
TeredoInterface::GetInterfaceIndex() const
{
    return m_interface;
}

Ipv6Address
TeredoInterface::GetAddress() const
{
    return m_address;
}

void
TeredoInterface::Dispose()
{
    m_send = SendCallback();
    if (m_device)
    {
        m_device->SetSendCallback(VirtualNetDevice::SendCallback());
    }
    m_device = nullptr;
    m_ipv6 = nullptr;
    m_node = nullptr;
}

} // namespace ns3
