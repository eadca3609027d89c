/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/teredo-rate-limiter.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

constexpr uint64_t A = 0xcb00710a; // 203.0.113.10
constexpr uint64_t B = 0xcb00710b;
constexpr uint64_t C = 0xcb00710c;

/// \return how many of n events at time now the limiter allows for key
int
CountAllowed(TeredoRateLimiter& limiter, uint64_t key, int n, Time now)
{
    int allowed = 0;
    for (int k = 0; k < n; ++k)
    {
        allowed += limiter.Allow(key, now) ? 1 : 0;
    }
    return allowed;
}

TEST(TeredoRateLimiter, NewKeyGetsTheBurstThenIsRefused)
{
    TeredoRateLimiter limiter(1.0, 3, 10);
    EXPECT_EQ(CountAllowed(limiter, A, 5, Seconds(0)), 3);
    EXPECT_FALSE(limiter.Allow(A, Seconds(0)));
    // Each key has its own bucket.
    EXPECT_EQ(CountAllowed(limiter, B, 5, Seconds(0)), 3);
}

TEST(TeredoRateLimiter, RefillsAtTheRateUpToTheBurst)
{
    TeredoRateLimiter limiter(2.0, 4, 10);
    EXPECT_EQ(CountAllowed(limiter, A, 4, Seconds(0)), 4);
    // Half a second at 2 tokens/s: one token.
    EXPECT_EQ(CountAllowed(limiter, A, 3, MilliSeconds(500)), 1);
    // A long pause refills to the burst, not beyond.
    EXPECT_EQ(CountAllowed(limiter, A, 10, Seconds(100)), 4);
}

TEST(TeredoRateLimiter, PartialTokensAccumulate)
{
    TeredoRateLimiter limiter(1.0, 1, 10);
    EXPECT_TRUE(limiter.Allow(A, Seconds(0)));
    EXPECT_FALSE(limiter.Allow(A, MilliSeconds(250)));
    EXPECT_FALSE(limiter.Allow(A, MilliSeconds(500)));
    EXPECT_TRUE(limiter.Allow(A, MilliSeconds(1000)));
}

TEST(TeredoRateLimiter, ZeroRateNeverRefillsAndTimeGoingBackAddsNothing)
{
    TeredoRateLimiter limiter(0.0, 2, 10);
    EXPECT_EQ(CountAllowed(limiter, A, 3, Seconds(0)), 2);
    EXPECT_FALSE(limiter.Allow(A, Seconds(1000)));

    TeredoRateLimiter refilling(1.0, 1, 10);
    EXPECT_TRUE(refilling.Allow(B, Seconds(10)));
    EXPECT_FALSE(refilling.Allow(B, Seconds(5)));
    EXPECT_TRUE(refilling.Allow(B, Seconds(11)));
}

TEST(TeredoRateLimiter, ZeroBurstAllowsNothing)
{
    TeredoRateLimiter limiter(10.0, 0, 10);
    EXPECT_EQ(CountAllowed(limiter, A, 3, Seconds(0)), 0);
    EXPECT_EQ(CountAllowed(limiter, A, 3, Seconds(10)), 0);
}

TEST(TeredoRateLimiter, EvictsTheLeastRecentlyUsedKey)
{
    TeredoRateLimiter limiter(0.0, 1, 2);
    EXPECT_TRUE(limiter.Allow(A, Seconds(0)));
    EXPECT_TRUE(limiter.Allow(B, Seconds(1)));
    EXPECT_EQ(limiter.GetLeastRecentlyUsed(), A);
    // Using A again, even refused, makes B the least recently used.
    EXPECT_FALSE(limiter.Allow(A, Seconds(2)));
    EXPECT_EQ(limiter.GetLeastRecentlyUsed(), B);

    EXPECT_TRUE(limiter.Allow(C, Seconds(3)));
    EXPECT_EQ(limiter.GetSize(), 2u);
    EXPECT_EQ(limiter.GetEvictions(), 1u);
    EXPECT_TRUE(limiter.Contains(A));
    EXPECT_FALSE(limiter.Contains(B));
    EXPECT_TRUE(limiter.Contains(C));
    // A keeps its empty bucket; B, forgotten, comes back with a full one.
    EXPECT_FALSE(limiter.Allow(A, Seconds(4)));
    EXPECT_TRUE(limiter.Allow(B, Seconds(5)));
    EXPECT_FALSE(limiter.Contains(C));
}

TEST(TeredoRateLimiter, ManyKeysNeverExceedTheBound)
{
    constexpr uint32_t MAX_KEYS = 100;
    TeredoRateLimiter limiter(1.0, 2, MAX_KEYS);
    for (uint64_t key = 0; key < 10000; ++key)
    {
        EXPECT_TRUE(limiter.Allow(key, MilliSeconds(key)));
        ASSERT_LE(limiter.GetSize(), MAX_KEYS);
    }
    EXPECT_EQ(limiter.GetSize(), MAX_KEYS);
    EXPECT_EQ(limiter.GetEvictions(), 10000u - MAX_KEYS);
    // The survivors are the last MAX_KEYS keys, oldest first in line.
    EXPECT_EQ(limiter.GetLeastRecentlyUsed(), 10000u - MAX_KEYS);
    EXPECT_TRUE(limiter.Contains(9999));
    EXPECT_FALSE(limiter.Contains(10000u - MAX_KEYS - 1));
}

} // namespace
