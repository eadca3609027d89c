/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipv4-prefix-routing.h"

#include "ns3/abort.h"
#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/simulator.h"

#include <iomanip>
#include <map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ipv4PrefixRouting");

NS_OBJECT_ENSURE_REGISTERED(Ipv4PrefixRouting);

TypeId
Ipv4PrefixRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::Ipv4PrefixRouting")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("Teredo")
                            .AddConstructor<Ipv4PrefixRouting>();
    return tid;
}

Ipv4PrefixRouting::Ipv4PrefixRouting()
{
    NS_LOG_FUNCTION(this);
}

Ipv4PrefixRouting::~Ipv4PrefixRouting()
{
    NS_LOG_FUNCTION(this);
}

void
Ipv4PrefixRouting::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_ipv4 = nullptr;
    for (auto& table : m_tables)
    {
        table.clear();
    }
    m_local.clear();
    Ipv4RoutingProtocol::DoDispose();
}

uint32_t
Ipv4PrefixRouting::PrefixLength(Ipv4Mask mask)
{
    uint32_t length = mask.GetPrefixLength();
    NS_ABORT_MSG_IF(Ipv4Mask(length == 0 ? 0 : ~uint32_t(0) << (32 - length)) != mask,
                    "Ipv4PrefixRouting: mask " << mask << " is not contiguous");
    return length;
}

void
Ipv4PrefixRouting::Insert(uint32_t network, uint32_t length, const Entry& entry)
{
    m_tables[length][network] = entry;
}

void
Ipv4PrefixRouting::AddNetworkRoute(Ipv4Address network,
                                   Ipv4Mask mask,
                                   Ipv4Address gateway,
                                   uint32_t interface)
{
    NS_LOG_FUNCTION(this << network << mask << gateway << interface);
    Insert(network.CombineMask(mask).Get(), PrefixLength(mask), Entry{gateway, interface, false});
}

void
Ipv4PrefixRouting::AddNetworkRoute(Ipv4Address network, Ipv4Mask mask, uint32_t interface)
{
    AddNetworkRoute(network, mask, Ipv4Address::GetZero(), interface);
}

bool
Ipv4PrefixRouting::RemoveNetworkRoute(Ipv4Address network, Ipv4Mask mask)
{
    NS_LOG_FUNCTION(this << network << mask);
    uint32_t length = PrefixLength(mask);
    return m_tables[length].erase(network.CombineMask(mask).Get()) > 0;
}

uint32_t
Ipv4PrefixRouting::GetNRoutes() const
{
    uint32_t n = 0;
    for (const auto& table : m_tables)
    {
        n += table.size();
    }
    return n;
}

const Ipv4PrefixRouting::Entry*
Ipv4PrefixRouting::Find(Ipv4Address destination) const
{
    uint32_t d = destination.Get();
    for (int length = 32; length >= 0; --length)
    {
        if (m_tables[length].empty())
        {
            continue;
        }
        uint32_t key = length == 0 ? 0 : d & (~uint32_t(0) << (32 - length));
        auto it = m_tables[length].find(key);
        if (it != m_tables[length].end())
        {
            return &it->second;
        }
    }
    return nullptr;
}

bool
Ipv4PrefixRouting::Lookup(Ipv4Address destination, Ipv4Address& gateway, uint32_t& interface) const
{
    const Entry* e = Find(destination);
    if (e == nullptr)
    {
        return false;
    }
    gateway = e->gateway;
    interface = e->interface;
    return true;
}

Ptr<Ipv4Route>
Ipv4PrefixRouting::MakeRoute(Ipv4Address destination, const Entry& entry) const
{
    Ptr<Ipv4Route> route = Create<Ipv4Route>();
    route->SetDestination(destination);
    route->SetGateway(entry.gateway);
    route->SetOutputDevice(m_ipv4->GetNetDevice(entry.interface));
    route->SetSource(m_ipv4->SourceAddressSelection(entry.interface, destination));
    return route;
}

Ptr<Ipv4Route>
Ipv4PrefixRouting::RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr)
{
    NS_LOG_FUNCTION(this << p << header << oif);
    Ipv4Address destination = header.GetDestination();
    const Entry* e = nullptr;
    if (!destination.IsMulticast() && !destination.IsBroadcast())
    {
        e = Find(destination);
    }
    // A route through another interface than the one asked for is no route
    // here; the next protocol may have one.
    if (e == nullptr || (oif && m_ipv4->GetInterfaceForDevice(oif) != int32_t(e->interface)))
    {
        sockerr = Socket::ERROR_NOROUTETOHOST;
        return nullptr;
    }
    sockerr = Socket::ERROR_NOTERROR;
    return MakeRoute(destination, *e);
}

bool
Ipv4PrefixRouting::RouteInput(Ptr<const Packet> p,
                              const Ipv4Header& header,
                              Ptr<const NetDevice> idev,
                              UnicastForwardCallback ucb,
                              MulticastForwardCallback /* mcb */,
                              LocalDeliverCallback lcb,
                              ErrorCallback /* ecb */)
{
    NS_LOG_FUNCTION(this << p << header << idev);
    Ipv4Address destination = header.GetDestination();
    if (destination.IsMulticast() || destination.IsBroadcast())
    {
        return false;
    }
    int32_t iif = m_ipv4->GetInterfaceForDevice(idev);
    if (m_local.count(destination.Get()))
    {
        // Ipv4ListRouting delivers local packets before asking its protocols,
        // and passes a null callback when it already has.
        if (lcb.IsNull() || iif < 0)
        {
            return false;
        }
        lcb(p, header, iif);
        return true;
    }
    if (iif < 0 || !m_ipv4->IsForwarding(iif))
    {
        return false;
    }
    const Entry* e = Find(destination);
    if (e == nullptr)
    {
        return false;
    }
    ucb(MakeRoute(destination, *e), p, header);
    return true;
}

void
Ipv4PrefixRouting::AddAddress(uint32_t interface, const Ipv4InterfaceAddress& a)
{
    if (a.GetLocal() == Ipv4Address::GetAny())
    {
        return;
    }
    ++m_local[a.GetLocal().Get()];
    // As Ipv4StaticRouting: no connected route for a /0 or a /32 address.
    if (a.GetMask() != Ipv4Mask::GetZero() && a.GetMask() != Ipv4Mask::GetOnes())
    {
        Insert(a.GetLocal().CombineMask(a.GetMask()).Get(),
               PrefixLength(a.GetMask()),
               Entry{Ipv4Address::GetZero(), interface, true});
    }
}

void
Ipv4PrefixRouting::ForgetLocal(Ipv4Address local)
{
    auto it = m_local.find(local.Get());
    if (it != m_local.end() && --it->second == 0)
    {
        m_local.erase(it);
    }
}

void
Ipv4PrefixRouting::RemoveAddress(uint32_t interface, const Ipv4InterfaceAddress& a)
{
    ForgetLocal(a.GetLocal());
    if (a.GetMask() == Ipv4Mask::GetZero() || a.GetMask() == Ipv4Mask::GetOnes())
    {
        return;
    }
    // Keep the connected route while another address of the interface is in
    // the same network.
    Ipv4Address network = a.GetLocal().CombineMask(a.GetMask());
    for (uint32_t i = 0; i < m_ipv4->GetNAddresses(interface); ++i)
    {
        Ipv4InterfaceAddress other = m_ipv4->GetAddress(interface, i);
        if (other.GetLocal() != a.GetLocal() && other.GetMask() == a.GetMask() &&
            other.GetLocal().CombineMask(other.GetMask()) == network)
        {
            return;
        }
    }
    uint32_t length = PrefixLength(a.GetMask());
    auto route = m_tables[length].find(network.Get());
    if (route != m_tables[length].end() && route->second.connected &&
        route->second.interface == interface)
    {
        m_tables[length].erase(route);
    }
}

void
Ipv4PrefixRouting::NotifyInterfaceUp(uint32_t interface)
{
    NS_LOG_FUNCTION(this << interface);
    for (uint32_t i = 0; i < m_ipv4->GetNAddresses(interface); ++i)
    {
        AddAddress(interface, m_ipv4->GetAddress(interface, i));
    }
}

void
Ipv4PrefixRouting::NotifyInterfaceDown(uint32_t interface)
{
    NS_LOG_FUNCTION(this << interface);
    for (uint32_t i = 0; i < m_ipv4->GetNAddresses(interface); ++i)
    {
        ForgetLocal(m_ipv4->GetAddress(interface, i).GetLocal());
    }
    for (uint32_t length = 0; length <= 32; ++length)
    {
        auto& table = m_tables[length];
        for (auto it = table.begin(); it != table.end();)
        {
            it = it->second.connected && it->second.interface == interface ? table.erase(it)
                                                                           : std::next(it);
        }
    }
}

void
Ipv4PrefixRouting::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    NS_LOG_FUNCTION(this << interface << address);
    if (m_ipv4->IsUp(interface))
    {
        AddAddress(interface, address);
    }
}

void
Ipv4PrefixRouting::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    NS_LOG_FUNCTION(this << interface << address);
    // ns-3 has removed the address from the interface already.
    if (m_ipv4->IsUp(interface))
    {
        RemoveAddress(interface, address);
    }
}

void
Ipv4PrefixRouting::SetIpv4(Ptr<Ipv4> ipv4)
{
    NS_LOG_FUNCTION(this << ipv4);
    NS_ABORT_MSG_IF(m_ipv4, "Ipv4PrefixRouting: SetIpv4 called twice");
    m_ipv4 = ipv4;
    for (uint32_t i = 0; i < m_ipv4->GetNInterfaces(); ++i)
    {
        if (m_ipv4->IsUp(i))
        {
            NotifyInterfaceUp(i);
        }
    }
}

void
Ipv4PrefixRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream& os = *stream->GetStream();
    os << "Node: " << m_ipv4->GetObject<Node>()->GetId() << ", Time: " << Now().As(unit)
       << ", Local time: " << m_ipv4->GetObject<Node>()->GetLocalTime().As(unit)
       << ", Ipv4PrefixRouting table\n"
       << "Destination     Gateway         Iface\n";
    // Sorted, so that the output does not depend on hashing.
    std::map<std::pair<uint32_t, uint32_t>, Entry> sorted;
    for (uint32_t length = 0; length <= 32; ++length)
    {
        for (const auto& [network, entry] : m_tables[length])
        {
            sorted.emplace(std::make_pair(network, 32 - length), entry);
        }
    }
    for (const auto& [key, entry] : sorted)
    {
        std::ostringstream dest;
        dest << Ipv4Address(key.first) << "/" << 32 - key.second;
        std::ostringstream gw;
        gw << entry.gateway;
        os << std::setiosflags(std::ios::left) << std::setw(16) << dest.str() << std::setw(16)
           << gw.str() << entry.interface << "\n";
    }
    os << "\n";
}

} // namespace ns3
