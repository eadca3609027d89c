/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The peer list alone: bounded size with LRU eviction, expiry, per-peer queues
// bounded in bytes.

#include "ns3/teredo-peer-list.h"

#include <gtest/gtest.h>
#include <utility>
#include <vector>

using namespace ns3;

namespace
{

Ipv6Address
PeerAddress(uint32_t k)
{
    uint8_t b[16] = {0x20, 0x01, 0, 0, 192, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    b[12] = uint8_t(k >> 24);
    b[13] = uint8_t(k >> 16);
    b[14] = uint8_t(k >> 8);
    b[15] = uint8_t(k);
    return Ipv6Address(b);
}

TeredoPeerList::Config
Bounds(uint32_t maxPeers, Time lifetime, uint32_t maxQueueBytes)
{
    TeredoPeerList::Config c;
    c.maxPeers = maxPeers;
    c.lifetime = lifetime;
    c.maxQueueBytes = maxQueueBytes;
    return c;
}

} // namespace

TEST(TeredoPeerList, TouchCreatesOnceAndFindDoesNotCreate)
{
    TeredoPeerList list(Bounds(8, Seconds(30), 1000));
    EXPECT_EQ(list.Find(PeerAddress(1), Seconds(0)), nullptr);
    const TeredoPeerList::Peer& p = list.Touch(PeerAddress(1), Seconds(0));
    EXPECT_EQ(p.address, PeerAddress(1));
    EXPECT_FALSE(p.trusted);
    p.trusted = true;
    p.mappedAddress = Ipv4Address("203.0.113.5");
    p.mappedPort = 4000;
    const TeredoPeerList::Peer& again = list.Touch(PeerAddress(1), Seconds(1));
    EXPECT_EQ(&again, &p);
    EXPECT_TRUE(again.trusted);
    EXPECT_EQ(list.GetSize(), 1U);
    ASSERT_NE(list.Find(PeerAddress(1), Seconds(2)), nullptr);
    EXPECT_EQ(list.Find(PeerAddress(1), Seconds(2))->mappedPort, 4000);
}

TEST(TeredoPeerList, EvictsTheLeastRecentlyUsedBeyondTheBound)
{
    TeredoPeerList list(Bounds(3, Seconds(1000), 1000));
    list.Touch(PeerAddress(1), Seconds(1));
    list.Touch(PeerAddress(2), Seconds(2));
    list.Touch(PeerAddress(3), Seconds(3));
    list.Touch(PeerAddress(1), Seconds(4)); // 2 is now the least recently used
    list.Touch(PeerAddress(4), Seconds(5));
    EXPECT_EQ(list.GetSize(), 3U);
    EXPECT_EQ(list.GetEvictions(), 1U);
    EXPECT_EQ(list.Find(PeerAddress(2), Seconds(5)), nullptr);
    EXPECT_NE(list.Find(PeerAddress(1), Seconds(5)), nullptr);
    EXPECT_NE(list.Find(PeerAddress(3), Seconds(5)), nullptr);
    EXPECT_NE(list.Find(PeerAddress(4), Seconds(5)), nullptr);
}

TEST(TeredoPeerList, ManyPeersNeverExceedTheBound)
{
    TeredoPeerList list(Bounds(100, Seconds(1000), 1000));
    for (uint32_t k = 0; k < 10000; ++k)
    {
        list.Touch(PeerAddress(k), MilliSeconds(k));
        ASSERT_LE(list.GetSize(), 100U);
    }
    EXPECT_EQ(list.GetEvictions(), 9900U);
    // The last hundred are the ones kept.
    EXPECT_NE(list.Find(PeerAddress(9999), Seconds(10)), nullptr);
    EXPECT_NE(list.Find(PeerAddress(9900), Seconds(10)), nullptr);
    EXPECT_EQ(list.Find(PeerAddress(9899), Seconds(10)), nullptr);
}

TEST(TeredoPeerList, EntriesExpireAfterTheLifetimeUnused)
{
    TeredoPeerList list(Bounds(8, Seconds(30), 1000));
    list.Touch(PeerAddress(1), Seconds(0));
    list.Touch(PeerAddress(2), Seconds(10));
    EXPECT_NE(list.Find(PeerAddress(1), Seconds(29)), nullptr);
    EXPECT_EQ(list.Find(PeerAddress(1), Seconds(30)), nullptr); // expired on look-up
    EXPECT_EQ(list.GetExpirations(), 1U);
    list.Touch(PeerAddress(2), Seconds(35)); // a use keeps it
    list.Expire(Seconds(60));
    EXPECT_EQ(list.GetSize(), 1U);
    list.Expire(Seconds(65));
    EXPECT_EQ(list.GetSize(), 0U);
    EXPECT_EQ(list.GetExpirations(), 2U);
    // Touching an expired peer starts afresh, untrusted.
    const TeredoPeerList::Peer& p = list.Touch(PeerAddress(3), Seconds(70));
    p.trusted = true;
    EXPECT_FALSE(list.Touch(PeerAddress(3), Seconds(200)).trusted);
}

TEST(TeredoPeerList, QueueIsBoundedInBytesAndKeepsOrder)
{
    TeredoPeerList list(Bounds(8, Seconds(30), 1000));
    const TeredoPeerList::Peer& p = list.Touch(PeerAddress(1), Seconds(0));
    std::vector<Ptr<Packet>> sent;
    for (uint32_t k = 0; k < 5; ++k)
    {
        Ptr<Packet> packet = Create<Packet>(300);
        if (list.Enqueue(p, {packet}))
        {
            sent.push_back(packet);
        }
    }
    EXPECT_EQ(sent.size(), 3U); // 900 octets fit, 1200 would not
    EXPECT_EQ(p.queuedBytes, 900U);
    EXPECT_EQ(p.queueDrops, 2U);
    EXPECT_EQ(list.GetQueueDrops(), 2U);
    EXPECT_EQ(list.GetQueuedPackets(), 3U);
    EXPECT_TRUE(list.Enqueue(p, {Create<Packet>(100)})); // a small one still fits
    std::vector<TeredoPeerList::QueuedPacket> out = list.TakeQueue(p);
    ASSERT_EQ(out.size(), 4U);
    for (uint32_t k = 0; k < 3; ++k)
    {
        EXPECT_EQ(out[k].packet, sent[k]);
    }
    EXPECT_EQ(p.queuedBytes, 0U);
    EXPECT_EQ(list.GetQueuedPackets(), 0U);
}

TEST(TeredoPeerList, EvictionAndExpiryReleaseQueuedPackets)
{
    TeredoPeerList list(Bounds(1, Seconds(30), 1000));
    list.Enqueue(list.Touch(PeerAddress(1), Seconds(0)), {Create<Packet>(10)});
    list.Enqueue(list.Touch(PeerAddress(2), Seconds(1)), {Create<Packet>(10)}); // evicts 1
    EXPECT_EQ(list.GetQueuedPackets(), 1U);
    list.Expire(Seconds(100));
    EXPECT_EQ(list.GetQueuedPackets(), 0U);
    list.Enqueue(list.Touch(PeerAddress(3), Seconds(100)), {Create<Packet>(10)});
    list.Remove(PeerAddress(3));
    EXPECT_EQ(list.GetQueuedPackets(), 0U);
    EXPECT_EQ(list.GetSize(), 0U);
}

TEST(TeredoPeerList, DiscardCallbackSeesEachQueueLostAndWhy)
{
    TeredoPeerList list(Bounds(2, Seconds(30), 1000));
    std::vector<std::pair<uint32_t, TeredoPeerList::Discard>> seen; // packets, why
    list.SetDiscardCallback([&seen](const TeredoPeerList::Peer& peer, TeredoPeerList::Discard why) {
        seen.emplace_back(peer.queue.size(), why);
    });
    const TeredoPeerList::Peer& a = list.Touch(PeerAddress(1), Seconds(0));
    list.Enqueue(a, {Create<Packet>(10)});
    list.Enqueue(a, {Create<Packet>(10)});
    list.Touch(PeerAddress(2), Seconds(1)); // no queue: not reported when it goes
    list.Enqueue(list.Touch(PeerAddress(3), Seconds(2)), {Create<Packet>(10)}); // evicts 1
    list.Enqueue(list.Touch(PeerAddress(4), Seconds(3)), {Create<Packet>(10)}); // evicts 2
    list.Expire(Seconds(32));                                                   // 3 expires
    list.Enqueue(list.Touch(PeerAddress(5), Seconds(32)), {Create<Packet>(10)});
    list.Clear(); // 4 and 5
    ASSERT_EQ(seen.size(), 4U);
    EXPECT_EQ(seen[0], std::make_pair(2U, TeredoPeerList::EVICTED));
    EXPECT_EQ(seen[1], std::make_pair(1U, TeredoPeerList::EXPIRED));
    EXPECT_EQ(seen[2].second, TeredoPeerList::REMOVED);
    EXPECT_EQ(seen[3].second, TeredoPeerList::REMOVED);
    EXPECT_EQ(list.GetSize(), 0U);
    EXPECT_EQ(list.GetQueuedPackets(), 0U);
    EXPECT_EQ(list.GetQueuedBytes(), 0U);
    EXPECT_EQ(list.GetEvictions(), 2U);
    EXPECT_EQ(list.GetExpirations(), 1U);
}

TEST(TeredoPeerList, QueuedPacketsKeepTheirDirectionAndSource)
{
    TeredoPeerList list(Bounds(8, Seconds(30), 1000));
    const TeredoPeerList::Peer& p = list.Touch(PeerAddress(1), Seconds(0));
    list.Enqueue(p, {Create<Packet>(10)});
    list.Enqueue(p, {Create<Packet>(20), Ipv4Address("198.51.100.9"), 3544});
    std::vector<TeredoPeerList::QueuedPacket> out = list.TakeQueue(p);
    ASSERT_EQ(out.size(), 2U);
    EXPECT_FALSE(out[0].incoming);
    EXPECT_TRUE(out[1].incoming);
    EXPECT_EQ(out[1].fromAddress, Ipv4Address("198.51.100.9"));
    EXPECT_EQ(out[1].fromPort, 3544);
}
