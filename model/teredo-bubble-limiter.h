/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_BUBBLE_LIMITER_H
#define TEREDO_BUBBLE_LIMITER_H

#include "ns3/nstime.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief The rate limit on bubbles to one peer (RFC 4380 section 5.2.6, as
 * Miredo's CountBubble applies it) (layer 2: no simulator; time comes in as a
 * value).
 *
 * The state is two fields of the peer's entry (TeredoPeerList::Peer::bubbles
 * and lastBubble): the limiter holds only the configuration, so one limiter
 * serves every peer of a client or relay. A peer's first bubble goes at once;
 * a later one only when `interval` has passed since the last; after `limit`
 * bubbles, none until `backoff` has passed since the last, when the count
 * starts again. When the peer answers, Reset() lets the next bubble go at once.
 *
 * \code
 *   TeredoBubbleLimiter limiter; // 2 s, 4, 300 s
 *   const TeredoPeerList::Peer& peer = peers.Touch(address, now);
 *   if (limiter.Allow(peer, now)) { send the bubble }
 *   // later, the peer answered:
 *   TeredoBubbleLimiter::Reset(peer);
 * \endcode
 */
class TeredoBubbleLimiter
{
  public:
    /// The limits; the defaults are Miredo's (and RFC 4380's, as Miredo reads it).
    struct Config
    {
        Time interval{Seconds(2)};  //!< least time between two bubbles to a peer
        uint32_t limit{4};          //!< bubbles before the back-off
        Time backoff{Seconds(300)}; //!< silence after `limit` bubbles, from the last one
    };

    /// With the default limits.
    TeredoBubbleLimiter();
    /// \param config the limits
    explicit TeredoBubbleLimiter(const Config& config);

    /**
     * \brief Decide whether a bubble to a peer may leave now and, when it may,
     * count it.
     *
     * Time going backwards counts as too soon.
     * \param bubbles the bubbles sent to the peer since it last answered (updated)
     * \param lastBubble when the last of them left, any value when none (updated)
     * \param now the time
     * \return whether the bubble may leave
     */
    bool Allow(uint32_t& bubbles, Time& lastBubble, Time now) const;

    /**
     * \brief Allow() on an entry with the fields `bubbles` and `lastBubble`
     * (TeredoPeerList::Peer, whose fields are mutable).
     * \param entry the peer's entry
     * \param now the time
     * \return whether the bubble may leave
     */
    template <class Entry>
    bool Allow(const Entry& entry, Time now) const
    {
        return Allow(entry.bubbles, entry.lastBubble, now);
    }

    /// \param bubbles a peer's bubble count, zeroed: it answered
    static void Reset(uint32_t& bubbles);

    /// \param entry a peer's entry whose count is zeroed: it answered
    template <class Entry>
    static void Reset(const Entry& entry)
    {
        Reset(entry.bubbles);
    }

    /// \return the limits
    const Config& GetConfig() const;

  private:
    Config m_config; //!< the limits
};

} // namespace ns3

#endif /* TEREDO_BUBBLE_LIMITER_H */
