/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-rate-limiter.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TeredoRateLimiter");

TeredoRateLimiter::TeredoRateLimiter(double rate, uint32_t burst, uint32_t maxKeys)
    : m_rate(rate),
      m_burst(burst),
      m_maxKeys(maxKeys),
      m_evictions(0)
{
    NS_ABORT_MSG_IF(!(rate >= 0), "TeredoRateLimiter: rate must be >= 0");
    NS_ABORT_MSG_IF(maxKeys == 0, "TeredoRateLimiter: maxKeys must be at least 1");
}

bool
TeredoRateLimiter::Allow(uint64_t key, Time now)
{
    auto& byKey = m_table.get<ByKey>();
    auto& byUse = m_table.get<ByUse>();
    auto it = byKey.find(key);
    if (it == byKey.end())
    {
        if (m_table.size() >= m_maxKeys)
        {
            NS_LOG_LOGIC("evicting key " << byUse.front().key);
            byUse.pop_front();
            ++m_evictions;
        }
        it = byKey.insert(Bucket{key, m_burst, now}).first;
    }
    else if (now > it->last)
    {
        double refill = m_rate * (now - it->last).GetSeconds();
        it->fill = std::min(m_burst, it->fill + refill);
        it->last = now;
    }
    // Most recently used goes to the back; eviction takes from the front.
    byUse.relocate(byUse.end(), m_table.project<ByUse>(it));

    if (it->fill < 1)
    {
        NS_LOG_LOGIC("key " << key << " refused, " << it->fill << " tokens");
        return false;
    }
    it->fill -= 1;
    return true;
}

bool
TeredoRateLimiter::Contains(uint64_t key) const
{
    return m_table.get<ByKey>().count(key) != 0;
}

uint32_t
TeredoRateLimiter::GetSize() const
{
    return m_table.size();
}

uint32_t
TeredoRateLimiter::GetMaxKeys() const
{
    return m_maxKeys;
}

uint64_t
TeredoRateLimiter::GetEvictions() const
{
    return m_evictions;
}

uint64_t
TeredoRateLimiter::GetLeastRecentlyUsed() const
{
    NS_ABORT_MSG_IF(m_table.empty(), "TeredoRateLimiter: the table is empty");
    return m_table.get<ByUse>().front().key;
}

} // namespace ns3
