/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "nat-mapping-table.h"

#include "ns3/abort.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NatMappingTable");

namespace
{

constexpr uint32_t RANDOM_TRIES = 16; // then a scan from a random start

} // namespace

NatMappingTable::Endpoint
NatMappingTable::Mapping::GetInside() const
{
    return {Ipv4Address(insideAddr), insidePort};
}

NatMappingTable::Endpoint
NatMappingTable::Mapping::GetOutside() const
{
    return {Ipv4Address(outsideAddr), outsidePort};
}

NatMappingTable::NatMappingTable(const Config& config,
                                 Ipv4Address outsideAddress,
                                 RandomSource random)
    : NatMappingTable(config, std::vector<Ipv4Address>{outsideAddress}, std::move(random))
{
}

NatMappingTable::NatMappingTable(const Config& config,
                                 const std::vector<Ipv4Address>& outsideAddresses,
                                 RandomSource random)
    : m_config(config),
      m_random(std::move(random)),
      m_nextPort(config.portMin)
{
    NS_ABORT_MSG_IF(outsideAddresses.empty(), "a NAT needs at least one outside address");
    for (Ipv4Address a : outsideAddresses)
    {
        m_outsideAddresses.push_back(a.Get());
        m_pairedHosts[a.Get()] = 0;
    }
    NS_ABORT_MSG_IF(config.portMin == 0 || config.portMin > config.portMax,
                    "NAT port range must be a non-empty range above 0");
    NS_ABORT_MSG_IF(config.allocation == PORT_RANDOM && !m_random,
                    "random port allocation needs a random source");
}

NatMappingTable::Result
NatMappingTable::Outbound(uint8_t protocol,
                          Endpoint inside,
                          Endpoint remote,
                          Time now,
                          Time lifetime)
{
    auto key = InsideKey(protocol, inside, remote);
    auto& byInside = m_table.get<ByInside>();
    auto it = byInside.find(key);
    bool created = false;
    if (it == byInside.end())
    {
        if (m_table.size() >= m_config.maxMappings)
        {
            return {TABLE_FULL, nullptr, false};
        }
        uint32_t outsideAddr = PairedAddress(inside.first.Get());
        uint16_t port = AllocatePort(protocol, outsideAddr, inside.second);
        if (port == 0)
        {
            return {PORTS_EXHAUSTED, nullptr, false};
        }
        Mapping m{protocol,
                  inside.first.Get(),
                  inside.second,
                  std::get<3>(key),
                  std::get<4>(key),
                  outsideAddr,
                  port,
                  now + lifetime,
                  {},
                  false};
        it = byInside.insert(m).first;
        created = true;
        auto& pair = m_pairs[m.insideAddr];
        if (pair.second++ == 0)
        {
            pair.first = outsideAddr;
            ++m_pairedHosts[outsideAddr];
        }
        NS_LOG_LOGIC("new mapping " << inside.first << ":" << inside.second << " -> "
                                    << Ipv4Address(outsideAddr) << ":" << port);
    }
    else if (it->expires < now + lifetime)
    {
        byInside.modify(it, [&](Mapping& m) { m.expires = now + lifetime; });
    }

    // Permission for the remote, and drop the ones that lapsed.
    auto& permissions = it->permissions;
    permissions[{remote.first.Get(), remote.second}] = now + lifetime;
    for (auto p = permissions.begin(); p != permissions.end();)
    {
        p = (p->second <= now) ? permissions.erase(p) : std::next(p);
    }
    return {TRANSLATED, &*it, created};
}

bool
NatMappingTable::Permits(const Mapping& m, Endpoint remote, Time now) const
{
    switch (m_config.filtering)
    {
    case ENDPOINT_INDEPENDENT_FILTERING:
        return true;
    case ADDRESS_DEPENDENT_FILTERING: {
        uint32_t addr = remote.first.Get();
        for (auto p = m.permissions.lower_bound({addr, 0});
             p != m.permissions.end() && p->first.first == addr;
             ++p)
        {
            if (p->second > now)
            {
                return true;
            }
        }
        return false;
    }
    case ADDRESS_AND_PORT_DEPENDENT_FILTERING: {
        auto p = m.permissions.find({remote.first.Get(), remote.second});
        return p != m.permissions.end() && p->second > now;
    }
    }
    return false;
}

NatMappingTable::Result
NatMappingTable::Inbound(uint8_t protocol,
                         Endpoint outside,
                         Endpoint remote,
                         Time now,
                         Time lifetime)
{
    auto& byOutside = m_table.get<ByOutside>();
    auto it = byOutside.find(std::make_tuple(protocol, outside.first.Get(), outside.second));
    if (it == byOutside.end() || it->expires <= now)
    {
        return {NO_MAPPING, nullptr, false};
    }
    if (!Permits(*it, remote, now))
    {
        return {FILTERED, &*it, false};
    }
    if (m_config.inboundRefresh && it->expires < now + lifetime)
    {
        byOutside.modify(it, [&](Mapping& m) { m.expires = now + lifetime; });
    }
    return {TRANSLATED, &*it, false};
}

const NatMappingTable::Mapping*
NatMappingTable::FindByOutside(uint8_t protocol, Endpoint outside) const
{
    const auto& byOutside = m_table.get<ByOutside>();
    auto it = byOutside.find(std::make_tuple(protocol, outside.first.Get(), outside.second));
    return it == byOutside.end() ? nullptr : &*it;
}

std::tuple<uint8_t, uint32_t, uint16_t, uint32_t, uint16_t>
NatMappingTable::InsideKey(uint8_t protocol, Endpoint inside, Endpoint remote) const
{
    uint32_t keyAddr = 0;
    uint16_t keyPort = 0;
    if (m_config.mapping != ENDPOINT_INDEPENDENT_MAPPING)
    {
        keyAddr = remote.first.Get();
    }
    if (m_config.mapping == ADDRESS_AND_PORT_DEPENDENT_MAPPING)
    {
        keyPort = remote.second;
    }
    return std::make_tuple(protocol, inside.first.Get(), inside.second, keyAddr, keyPort);
}

const NatMappingTable::Mapping*
NatMappingTable::FindByInside(uint8_t protocol, Endpoint inside, Endpoint remote) const
{
    const auto& byInside = m_table.get<ByInside>();
    auto it = byInside.find(InsideKey(protocol, inside, remote));
    return it == byInside.end() ? nullptr : &*it;
}

uint32_t
NatMappingTable::Expire(Time now, const std::function<void(const Mapping&)>& onExpired)
{
    auto& byExpiry = m_table.get<ByExpiry>();
    uint32_t removed = 0;
    while (!byExpiry.empty() && byExpiry.begin()->expires <= now)
    {
        if (onExpired)
        {
            onExpired(*byExpiry.begin());
        }
        Unpair(*byExpiry.begin());
        byExpiry.erase(byExpiry.begin());
        ++removed;
    }
    return removed;
}

void
NatMappingTable::SetExpiry(const Mapping* mapping, Time expires)
{
    auto it = m_table.iterator_to(*mapping);
    m_table.modify(it, [&](Mapping& m) { m.expires = expires; });
}

std::string
NatMappingTable::ToString(MappingBehavior m)
{
    switch (m)
    {
    case ENDPOINT_INDEPENDENT_MAPPING:
        return "endpoint-independent";
    case ADDRESS_DEPENDENT_MAPPING:
        return "address-dependent";
    case ADDRESS_AND_PORT_DEPENDENT_MAPPING:
        return "address-and-port-dependent";
    }
    return "unknown";
}

std::string
NatMappingTable::ToString(FilteringBehavior f)
{
    switch (f)
    {
    case ENDPOINT_INDEPENDENT_FILTERING:
        return "endpoint-independent";
    case ADDRESS_DEPENDENT_FILTERING:
        return "address-dependent";
    case ADDRESS_AND_PORT_DEPENDENT_FILTERING:
        return "address-and-port-dependent";
    }
    return "unknown";
}

std::string
NatMappingTable::ToString(PortAllocation a)
{
    switch (a)
    {
    case PORT_PRESERVE:
        return "preserve";
    case PORT_SEQUENTIAL:
        return "sequential";
    case PORT_RANDOM:
        return "random";
    }
    return "unknown";
}

uint32_t
NatMappingTable::GetSize() const
{
    return m_table.size();
}

Time
NatMappingTable::GetNextExpiry() const
{
    const auto& byExpiry = m_table.get<ByExpiry>();
    return byExpiry.empty() ? Time::Max() : byExpiry.begin()->expires;
}

std::vector<Ipv4Address>
NatMappingTable::GetOutsideAddresses() const
{
    return std::vector<Ipv4Address>(m_outsideAddresses.begin(), m_outsideAddresses.end());
}

bool
NatMappingTable::IsOutsideAddress(Ipv4Address address) const
{
    return m_pairedHosts.count(address.Get()) > 0;
}

uint32_t
NatMappingTable::PairedAddress(uint32_t insideAddr) const
{
    auto pair = m_pairs.find(insideAddr);
    if (pair != m_pairs.end())
    {
        return pair->second.first;
    }
    // The least used address; the first of the pool on a tie, for determinism.
    uint32_t best = m_outsideAddresses.front();
    for (uint32_t a : m_outsideAddresses)
    {
        if (m_pairedHosts.at(a) < m_pairedHosts.at(best))
        {
            best = a;
        }
    }
    return best;
}

void
NatMappingTable::Unpair(const Mapping& m)
{
    auto pair = m_pairs.find(m.insideAddr);
    if (pair != m_pairs.end() && --pair->second.second == 0)
    {
        --m_pairedHosts[pair->second.first];
        m_pairs.erase(pair);
    }
}

bool
NatMappingTable::PortInUse(uint8_t protocol, uint32_t address, uint16_t port) const
{
    return FindByOutside(protocol, {Ipv4Address(address), port}) != nullptr;
}

uint16_t
NatMappingTable::AllocatePort(uint8_t protocol, uint32_t address, uint16_t insidePort)
{
    uint32_t range = uint32_t(m_config.portMax) - m_config.portMin + 1;
    uint32_t start = m_nextPort;
    switch (m_config.allocation)
    {
    case PORT_PRESERVE:
        if (insidePort >= m_config.portMin && insidePort <= m_config.portMax)
        {
            if (!PortInUse(protocol, address, insidePort))
            {
                return insidePort;
            }
            start = insidePort;
        }
        break;
    case PORT_SEQUENTIAL:
        break;
    case PORT_RANDOM:
        for (uint32_t k = 0; k < RANDOM_TRIES; ++k)
        {
            uint16_t port = uint16_t(m_config.portMin + m_random(range));
            if (!PortInUse(protocol, address, port))
            {
                return port;
            }
        }
        start = m_config.portMin + m_random(range);
        break;
    }
    // Scan the range once, from start, wrapping around.
    for (uint32_t k = 0; k < range; ++k)
    {
        uint16_t port = uint16_t(m_config.portMin + (start - m_config.portMin + k) % range);
        if (!PortInUse(protocol, address, port))
        {
            if (m_config.allocation == PORT_SEQUENTIAL)
            {
                m_nextPort = (port == m_config.portMax) ? m_config.portMin : port + 1;
            }
            return port;
        }
    }
    return 0;
}

} // namespace ns3
