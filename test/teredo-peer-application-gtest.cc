/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The peer-list attributes that TeredoClient and TeredoRelay (and so
// HostSpecificRelay) share through TeredoPeerApplication: each role keeps its
// own defaults, and a default changed for one role leaves the others alone.

#include "ns3/core-module.h"
#include "ns3/teredo-module.h"

#include <gtest/gtest.h>
#include <string>

using namespace ns3;

namespace
{

/// \return the attribute `name` of a new object of type `T`, as text
template <class T>
std::string
AttributeOf(const std::string& name)
{
    Ptr<T> object = CreateObject<T>();
    StringValue value;
    object->GetAttribute(name, value);
    return value.Get();
}

TEST(TeredoPeerApplication, EveryRoleHasThePeerListAttributes)
{
    for (const char* name : {"MaxPeers",
                             "PeerLifetime",
                             "MaxQueueBytes",
                             "PeerValidity",
                             "BubbleInterval",
                             "BubbleLimit",
                             "BubbleBackoff"})
    {
        TypeId::AttributeInformation info;
        EXPECT_TRUE(TeredoClient::GetTypeId().LookupAttributeByName(name, &info)) << name;
        EXPECT_TRUE(TeredoRelay::GetTypeId().LookupAttributeByName(name, &info)) << name;
        EXPECT_TRUE(HostSpecificRelay::GetTypeId().LookupAttributeByName(name, &info)) << name;
    }
    EXPECT_EQ(TeredoClient::GetTypeId().GetParent(), TeredoPeerApplication::GetTypeId());
    EXPECT_EQ(TeredoRelay::GetTypeId().GetParent(), TeredoPeerApplication::GetTypeId());
}

/// \return the time attribute `name` of a new object of type `T`
template <class T>
Time
TimeOf(const std::string& name)
{
    Ptr<T> object = CreateObject<T>();
    TimeValue value;
    object->GetAttribute(name, value);
    return value.Get();
}

TEST(TeredoPeerApplication, EachRoleKeepsItsDefaults)
{
    // A client's peers live as long as Miredo's (600 s), a relay's 30 s.
    EXPECT_EQ(TimeOf<TeredoClient>("PeerLifetime"), Seconds(600));
    EXPECT_EQ(TimeOf<TeredoRelay>("PeerLifetime"), Seconds(30));
    EXPECT_EQ(TimeOf<HostSpecificRelay>("PeerLifetime"), Seconds(30));
    EXPECT_EQ(AttributeOf<TeredoClient>("MaxQueueBytes"), "1280");
    EXPECT_EQ(AttributeOf<TeredoRelay>("MaxQueueBytes"), "1280");
}

TEST(TeredoPeerApplication, SetDefaultOnOneRoleLeavesTheOthers)
{
    Config::SetDefault("ns3::TeredoRelay::MaxPeers", UintegerValue(7));
    EXPECT_EQ(AttributeOf<TeredoRelay>("MaxPeers"), "7");
    EXPECT_EQ(AttributeOf<TeredoClient>("MaxPeers"), "1024");
    Config::SetDefault("ns3::TeredoRelay::MaxPeers", UintegerValue(1024));

    Config::SetDefault("ns3::TeredoClient::BubbleLimit", UintegerValue(2));
    EXPECT_EQ(AttributeOf<TeredoClient>("BubbleLimit"), "2");
    EXPECT_EQ(AttributeOf<TeredoRelay>("BubbleLimit"), "4");
    Config::SetDefault("ns3::TeredoClient::BubbleLimit", UintegerValue(4));
}

TEST(TeredoPeerApplication, NothingCountedBeforeTheStart)
{
    Ptr<TeredoClient> client = CreateObject<TeredoClient>();
    Ptr<TeredoRelay> relay = CreateObject<TeredoRelay>();
    EXPECT_EQ(client->GetPeerCount(), 0u);
    EXPECT_EQ(client->GetQueuedPackets(), 0u);
    EXPECT_EQ(relay->GetQueuedBytes(), 0u);
    EXPECT_FALSE(relay->IsTrusted(Ipv6Address("2001:0:c633:6401::1")));
}

} // namespace
