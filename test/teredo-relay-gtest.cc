/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TeredoRelay's names: drop reasons and their words, and the names before
// them, kept one release as deprecated aliases.

#include "ns3/teredo-module.h"

#include <gtest/gtest.h>
#include <set>
#include <string>

using namespace ns3;

namespace
{

TEST(TeredoRelayNames, EveryDropReasonHasItsOwnWord)
{
    std::set<std::string> words;
    for (uint32_t r = 0; r < TeredoRelay::DROP_REASON_COUNT; ++r)
    {
        std::string word = TeredoRelay::DropReasonToString(TeredoRelay::DropReason(r));
        EXPECT_NE(word, "unknown-reason") << "reason " << r;
        EXPECT_TRUE(words.insert(word).second) << word << " twice";
    }
    // The words tests and example output already use.
    EXPECT_EQ(TeredoRelay::DropReasonToString(TeredoRelay::DROP_SOURCE_MISMATCH),
              "source-mismatch");
    EXPECT_EQ(TeredoRelay::DropReasonToString(TeredoRelay::DROP_QUEUE_FULL), "queue-full");
    EXPECT_EQ(TeredoRelay::DropReasonToString(TeredoRelay::DROP_NOT_FOR_THIS_HOST),
              "not-for-this-host");
    EXPECT_EQ(TeredoRelay::DropReasonToString(TeredoRelay::DROP_REASON_COUNT), "unknown-reason");
}

// What a program written against the old names still compiles to (with a
// deprecation warning, silenced here).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

TEST(TeredoRelayNames, DeprecatedNamesForwardToTheNewOnes)
{
    EXPECT_EQ(TeredoRelay::QUEUE_FULL, TeredoRelay::DROP_QUEUE_FULL);
    EXPECT_EQ(TeredoRelay::SOURCE_MISMATCH, TeredoRelay::DROP_SOURCE_MISMATCH);
    EXPECT_EQ(TeredoRelay::QUEUE_EXPIRED, TeredoRelay::DROP_QUEUE_EXPIRED);
    EXPECT_EQ(TeredoRelay::ToString(TeredoRelay::MALFORMED), "malformed");
    // The stack's multicast is no longer a drop: outside the reasons, counted 0.
    EXPECT_EQ(uint32_t(TeredoRelay::TUNNEL_MULTICAST), uint32_t(TeredoRelay::DROP_REASON_COUNT));
    Ptr<TeredoRelay> relay = CreateObject<TeredoRelay>();
    EXPECT_EQ(relay->GetDropCount(TeredoRelay::TUNNEL_MULTICAST), 0u);
    EXPECT_EQ(relay->GetRelayedToTeredo(), relay->GetForwardedToTeredoCount());
    EXPECT_EQ(relay->GetRelayedToNative(), relay->GetForwardedToNativeCount());
    EXPECT_EQ(relay->GetBubblesSent(), relay->GetBubbleTxCount());
}

#pragma GCC diagnostic pop

} // namespace
