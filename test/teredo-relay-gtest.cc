/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TeredoRelay's names: drop reasons and their words, and the names before
// them, kept one release as deprecated aliases. And a relay that cannot relay:
// it stops the program at start-up with a message that names the fix
// (GoogleTest death tests, each in a child process, since an ns-3 fatal
// error ends the process). Their world is one dual-stack node on a
// point-to-point link to a neighbour, with a global IPv6 address on the link
// unless a test says otherwise; the simulator runs just past the start.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
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

/// "threadsafe": the child re-executes the binary instead of forking a
/// process that holds ns-3's singletons.
class RelayDeathTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        GTEST_FLAG_SET(death_test_style, "threadsafe");
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }
};

/// What the relay's node has on its native link.
struct NativeLink
{
    bool globalAddress{true}; //!< a global IPv6 address (else link-local only)
    bool forwarding{false};   //!< IPv6 forwarding on that interface
};

/**
 * \brief Build the node and its neighbour, install an application of type
 * \p tid on the node and run the simulator past its start.
 * \param tid the relay's type (TeredoRelay or HostSpecificRelay)
 * \param link the node's native link
 * \return the application, started
 */
Ptr<TeredoRelay>
StartRelay(TypeId tid, NativeLink link)
{
    NodeContainer nodes(2);
    InternetStackHelper stack;
    stack.Install(nodes);
    NetDeviceContainer devices = PointToPointHelper().Install(nodes);
    Ipv4AddressHelper v4("192.0.2.0", "255.255.255.252");
    v4.Assign(devices);
    if (link.globalAddress)
    {
        Ipv6AddressHelper v6(Ipv6Address("2001:db8:1::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer interfaces = v6.Assign(devices);
        interfaces.SetForwarding(0, link.forwarding);
    }
    else
    {
        Ptr<Ipv6> ipv6 = nodes.Get(0)->GetObject<Ipv6>();
        uint32_t i = ipv6->AddInterface(devices.Get(0));
        ipv6->SetUp(i); // a link-local address only
        ipv6->SetForwarding(i, link.forwarding);
    }
    ObjectFactory factory;
    factory.SetTypeId(tid);
    Ptr<TeredoRelay> relay = factory.Create<TeredoRelay>();
    nodes.Get(0)->AddApplication(relay);
    relay->SetStartTime(Seconds(1));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    return relay;
}

TEST_F(RelayDeathTest, ForwardingOffOnTheNativeSide)
{
    EXPECT_DEATH(StartRelay(TeredoRelay::GetTypeId(), NativeLink{}),
                 "TeredoRelay on node [0-9]+: IPv6 forwarding is off on interface 1 "
                 "\\(2001:db8:1:[0-9a-f:]+\\).*call Ipv6::SetForwarding\\(1, true\\)");
}

TEST_F(RelayDeathTest, NoGlobalIpv6Address)
{
    const char* message = "on node [0-9]+: no global IPv6 address on any interface.*"
                          "give the node's native interface a global address";
    EXPECT_DEATH(StartRelay(TeredoRelay::GetTypeId(), NativeLink{false, true}),
                 std::string("TeredoRelay ") + message);
    EXPECT_DEATH(StartRelay(HostSpecificRelay::GetTypeId(), NativeLink{false, false}),
                 std::string("HostSpecificRelay ") + message);
}

TEST_F(RelayDeathTest, ForwardingOnStarts)
{
    Ptr<TeredoRelay> relay = StartRelay(TeredoRelay::GetTypeId(), NativeLink{true, true});
    ASSERT_TRUE(relay->GetTunnelDevice());
    Ptr<Ipv6> ipv6 = relay->GetNode()->GetObject<Ipv6>();
    EXPECT_TRUE(ipv6->IsForwarding(ipv6->GetInterfaceForDevice(relay->GetTunnelDevice())));
}

TEST_F(RelayDeathTest, HostSpecificRelayNeedsNoForwarding)
{
    Ptr<TeredoRelay> hsr = StartRelay(HostSpecificRelay::GetTypeId(), NativeLink{});
    ASSERT_TRUE(hsr->GetTunnelDevice());
    Ptr<Ipv6> ipv6 = hsr->GetNode()->GetObject<Ipv6>();
    EXPECT_FALSE(ipv6->IsForwarding(ipv6->GetInterfaceForDevice(hsr->GetTunnelDevice())));
    EXPECT_FALSE(ipv6->IsForwarding(1));
}

} // namespace
