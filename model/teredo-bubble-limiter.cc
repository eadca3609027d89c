/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-bubble-limiter.h"

namespace ns3
{

TeredoBubbleLimiter::TeredoBubbleLimiter()
    : m_config()
{
}

TeredoBubbleLimiter::TeredoBubbleLimiter(const Config& config)
    : m_config(config)
{
}

bool
TeredoBubbleLimiter::Allow(uint32_t& bubbles, Time& lastBubble, Time now) const
{
    if (bubbles >= m_config.limit)
    {
        // Spent: wait out the back-off, then count again from zero.
        if (bubbles == 0 || now - lastBubble < m_config.backoff)
        {
            return false;
        }
        bubbles = 0;
    }
    if (bubbles > 0 && now - lastBubble < m_config.interval)
    {
        return false;
    }
    ++bubbles;
    lastBubble = now;
    return true;
}

void
TeredoBubbleLimiter::Reset(uint32_t& bubbles)
{
    bubbles = 0;
}

const TeredoBubbleLimiter::Config&
TeredoBubbleLimiter::GetConfig() const
{
    return m_config;
}

} // namespace ns3
