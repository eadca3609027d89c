/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_RATE_LIMITER_H
#define TEREDO_RATE_LIMITER_H

#include "ns3/nstime.h"

#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/sequenced_index.hpp>
#include <boost/multi_index_container.hpp>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief A token bucket per key (e.g. a source IPv4 address), in a table of
 * bounded size (layer 2: no simulator; time comes in as a value).
 *
 * Each key starts with a full bucket of `burst` tokens, which refills at
 * `rate` tokens per second up to `burst`; each allowed event takes one token.
 * At most `maxKeys` buckets are kept: a new key beyond that evicts the least
 * recently used one, so a flood from many sources cannot grow the table. The
 * price is that an evicted key comes back with a full bucket.
 *
 * Indexed with Boost.MultiIndex: hashed by key for the look-up, sequenced
 * from least to most recently used for the eviction.
 */
class TeredoRateLimiter
{
  public:
    /**
     * \param rate tokens added per second (0: a bucket never refills)
     * \param burst bucket size, and the tokens a new key starts with
     * \param maxKeys most buckets kept (at least 1)
     */
    TeredoRateLimiter(double rate, uint32_t burst, uint32_t maxKeys);

    /**
     * \brief Take one token from the key's bucket, if it has one.
     *
     * Marks the key most recently used, whether or not it is allowed. Time
     * going backwards adds no tokens.
     * \param key whom the event is charged to
     * \param now the current time
     * \return whether the event is allowed
     */
    bool Allow(uint64_t key, Time now);

    /// \param key a key \return whether the table holds a bucket for it
    bool Contains(uint64_t key) const;
    /// \return the number of buckets held
    uint32_t GetSize() const;
    /// \return the most buckets held
    uint32_t GetMaxKeys() const;
    /// \return how many buckets were evicted to make room, in total
    uint64_t GetEvictions() const;
    /// \return the key the next eviction would remove (the table must not be empty)
    uint64_t GetLeastRecentlyUsed() const;

  private:
    /// One key's bucket.
    struct Bucket
    {
        uint64_t key;        //!< whom it belongs to
        mutable double fill; //!< tokens left
        mutable Time last;   //!< when fill was last brought up to date
    };

    struct ByKey
    {
    };

    struct ByUse
    {
    };

    using Table = boost::multi_index_container<
        Bucket,
        boost::multi_index::indexed_by<
            boost::multi_index::hashed_unique<
                boost::multi_index::tag<ByKey>,
                boost::multi_index::member<Bucket, uint64_t, &Bucket::key>>,
            boost::multi_index::sequenced<boost::multi_index::tag<ByUse>>>>;

    double m_rate;        //!< tokens per second
    double m_burst;       //!< bucket size
    uint32_t m_maxKeys;   //!< table bound
    uint64_t m_evictions; //!< buckets evicted so far
    Table m_table;        //!< the buckets
};

} // namespace ns3

#endif /* TEREDO_RATE_LIMITER_H */
