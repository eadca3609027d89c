/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/teredo-bubble-limiter.h"
#include "ns3/teredo-peer-list.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;

namespace
{

/// A peer's two fields, as a client or relay keeps them.
struct Fields
{
    uint32_t bubbles{0};
    Time lastBubble{Time(-1)};
};

/// \return the times in [0, end) s, offered every `step`, at which bubbles were allowed
std::vector<Time>
AllowedTimes(const TeredoBubbleLimiter& limiter, Fields& f, Time step, Time end)
{
    std::vector<Time> allowed;
    for (Time t = Seconds(0); t < end; t += step)
    {
        if (limiter.Allow(f.bubbles, f.lastBubble, t))
        {
            allowed.push_back(t);
        }
    }
    return allowed;
}

TEST(TeredoBubbleLimiter, DefaultsAreMiredos)
{
    TeredoBubbleLimiter limiter;
    EXPECT_EQ(limiter.GetConfig().interval, Seconds(2));
    EXPECT_EQ(limiter.GetConfig().limit, 4u);
    EXPECT_EQ(limiter.GetConfig().backoff, Seconds(300));
}

TEST(TeredoBubbleLimiter, FirstAtOnceThenOnePerIntervalUpToTheLimit)
{
    TeredoBubbleLimiter limiter;
    Fields f;
    std::vector<Time> allowed = AllowedTimes(limiter, f, Seconds(1), Seconds(60));
    std::vector<Time> expected = {Seconds(0), Seconds(2), Seconds(4), Seconds(6)};
    EXPECT_EQ(allowed, expected);
    EXPECT_EQ(f.bubbles, 4u);
    EXPECT_EQ(f.lastBubble, Seconds(6));
}

TEST(TeredoBubbleLimiter, SilentUntilTheBackoffAfterTheLastThenCountsAgain)
{
    TeredoBubbleLimiter::Config config;
    config.backoff = Seconds(20);
    TeredoBubbleLimiter limiter(config);
    Fields f;
    std::vector<Time> allowed = AllowedTimes(limiter, f, Seconds(1), Seconds(40));
    // 0, 2, 4, 6; silence until 6 + 20 = 26; then 26, 28, 30, 32; then silence.
    std::vector<Time> expected = {Seconds(0),
                                  Seconds(2),
                                  Seconds(4),
                                  Seconds(6),
                                  Seconds(26),
                                  Seconds(28),
                                  Seconds(30),
                                  Seconds(32)};
    EXPECT_EQ(allowed, expected);
}

TEST(TeredoBubbleLimiter, ResetLetsTheNextGoAtOnce)
{
    TeredoBubbleLimiter limiter;
    Fields f;
    EXPECT_TRUE(limiter.Allow(f.bubbles, f.lastBubble, Seconds(10)));
    EXPECT_FALSE(limiter.Allow(f.bubbles, f.lastBubble, Seconds(10.5)));
    TeredoBubbleLimiter::Reset(f.bubbles);
    EXPECT_TRUE(limiter.Allow(f.bubbles, f.lastBubble, Seconds(10.5)));
    // Spent, then the peer answers: no back-off.
    for (Time t = Seconds(11); f.bubbles < 4; t += Seconds(2))
    {
        limiter.Allow(f.bubbles, f.lastBubble, t);
    }
    EXPECT_FALSE(limiter.Allow(f.bubbles, f.lastBubble, f.lastBubble + Seconds(100)));
    TeredoBubbleLimiter::Reset(f.bubbles);
    EXPECT_TRUE(limiter.Allow(f.bubbles, f.lastBubble, f.lastBubble + Seconds(100)));
}

TEST(TeredoBubbleLimiter, TimeGoingBackwardsIsTooSoon)
{
    TeredoBubbleLimiter limiter;
    Fields f;
    EXPECT_TRUE(limiter.Allow(f.bubbles, f.lastBubble, Seconds(100)));
    EXPECT_FALSE(limiter.Allow(f.bubbles, f.lastBubble, Seconds(50)));
    EXPECT_EQ(f.bubbles, 1u);
    EXPECT_EQ(f.lastBubble, Seconds(100));
}

TEST(TeredoBubbleLimiter, ZeroLimitAllowsNothing)
{
    TeredoBubbleLimiter::Config config;
    config.limit = 0;
    TeredoBubbleLimiter limiter(config);
    Fields f;
    EXPECT_TRUE(AllowedTimes(limiter, f, Seconds(1), Seconds(1000)).empty());
}

TEST(TeredoBubbleLimiter, WorksOnAPeerListEntry)
{
    TeredoPeerList peers(TeredoPeerList::Config{});
    TeredoBubbleLimiter limiter;
    Ipv6Address a("2001:0:c000:201:0:f227:3fff:fffe");
    const TeredoPeerList::Peer& peer = peers.Touch(a, Seconds(1));
    EXPECT_TRUE(limiter.Allow(peer, Seconds(1)));
    EXPECT_FALSE(limiter.Allow(peer, Seconds(2)));
    EXPECT_EQ(peers.Find(a, Seconds(2))->bubbles, 1u);
    EXPECT_EQ(peers.Find(a, Seconds(2))->lastBubble, Seconds(1));
    TeredoBubbleLimiter::Reset(peer);
    EXPECT_TRUE(limiter.Allow(peer, Seconds(2)));
}

} // namespace
