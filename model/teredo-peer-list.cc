/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-peer-list.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <boost/functional/hash.hpp>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TeredoPeerList");

std::size_t
TeredoPeerList::AddressHash::operator()(const Ipv6Address& a) const
{
    uint8_t bytes[16];
    a.GetBytes(bytes);
    return boost::hash_range(bytes, bytes + 16);
}

TeredoPeerList::TeredoPeerList(const Config& config)
    : m_config(config)
{
    NS_ABORT_MSG_IF(m_config.maxPeers == 0, "TeredoPeerList: maxPeers must be at least 1");
    NS_ABORT_MSG_IF(!m_config.lifetime.IsStrictlyPositive(),
                    "TeredoPeerList: the lifetime must be positive");
}

bool
TeredoPeerList::Expired(const Peer& peer, Time now) const
{
    return now - peer.lastUse >= m_config.lifetime;
}

void
TeredoPeerList::SetDiscardCallback(DiscardCallback callback)
{
    m_discard = std::move(callback);
}

void
TeredoPeerList::Release(const Peer& peer, Discard why)
{
    if (m_discard && !peer.queue.empty())
    {
        m_discard(peer, why);
    }
    m_queued -= peer.queue.size();
    m_queuedBytes -= peer.queuedBytes;
}

const TeredoPeerList::Peer*
TeredoPeerList::Find(Ipv6Address address, Time now)
{
    auto& byAddress = m_table.get<ByAddress>();
    auto it = byAddress.find(address);
    if (it == byAddress.end())
    {
        return nullptr;
    }
    if (Expired(*it, now))
    {
        Release(*it, EXPIRED);
        ++m_expirations;
        byAddress.erase(it);
        return nullptr;
    }
    return &*it;
}

const TeredoPeerList::Peer&
TeredoPeerList::Touch(Ipv6Address address, Time now)
{
    Expire(now);
    auto& byAddress = m_table.get<ByAddress>();
    auto& byUse = m_table.get<ByUse>();
    auto it = byAddress.find(address);
    if (it != byAddress.end())
    {
        it->lastUse = now;
        byUse.relocate(byUse.begin(), m_table.project<ByUse>(it));
        return *it;
    }
    if (m_table.size() >= m_config.maxPeers)
    {
        NS_LOG_LOGIC("peer list full: evicting " << byUse.back().address);
        Release(byUse.back(), EVICTED);
        byUse.pop_back();
        ++m_evictions;
    }
    Peer peer;
    peer.address = address;
    peer.lastUse = now;
    return *byUse.push_front(peer).first;
}

bool
TeredoPeerList::Enqueue(const Peer& peer, const QueuedPacket& packet)
{
    uint32_t size = packet.packet->GetSize();
    if (peer.queuedBytes + size > m_config.maxQueueBytes)
    {
        ++peer.queueDrops;
        ++m_queueDrops;
        return false;
    }
    peer.queue.push_back(packet);
    peer.queuedBytes += size;
    ++m_queued;
    m_queuedBytes += size;
    return true;
}

std::vector<TeredoPeerList::QueuedPacket>
TeredoPeerList::TakeQueue(const Peer& peer)
{
    std::vector<QueuedPacket> packets;
    packets.swap(peer.queue); // leaves the entry's queue without storage
    m_queued -= packets.size();
    m_queuedBytes -= peer.queuedBytes;
    peer.queuedBytes = 0;
    return packets;
}

void
TeredoPeerList::Remove(Ipv6Address address)
{
    auto& byAddress = m_table.get<ByAddress>();
    auto it = byAddress.find(address);
    if (it != byAddress.end())
    {
        Release(*it, REMOVED);
        byAddress.erase(it);
    }
}

void
TeredoPeerList::Clear()
{
    auto& byUse = m_table.get<ByUse>();
    while (!byUse.empty())
    {
        Release(byUse.back(), REMOVED);
        byUse.pop_back();
    }
}

void
TeredoPeerList::Expire(Time now)
{
    auto& byUse = m_table.get<ByUse>();
    while (!byUse.empty() && Expired(byUse.back(), now))
    {
        Release(byUse.back(), EXPIRED);
        byUse.pop_back();
        ++m_expirations;
    }
}

uint32_t
TeredoPeerList::GetSize() const
{
    return m_table.size();
}

uint64_t
TeredoPeerList::GetEvictions() const
{
    return m_evictions;
}

uint64_t
TeredoPeerList::GetExpirations() const
{
    return m_expirations;
}

uint64_t
TeredoPeerList::GetQueueDrops() const
{
    return m_queueDrops;
}

uint64_t
TeredoPeerList::GetQueuedPackets() const
{
    return m_queued;
}

uint64_t
TeredoPeerList::GetQueuedBytes() const
{
    return m_queuedBytes;
}

const TeredoPeerList::Config&
TeredoPeerList::GetConfig() const
{
    return m_config;
}

} // namespace ns3
