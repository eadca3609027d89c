/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The role helpers share TeredoApplicationHelper: each installs an
// application of its own type, carrying the attributes of its constructor and
// of SetAttribute(), on a node, a named node or every node of a container.
// No simulator runs: installing only creates objects. Misuse stops with a
// message (death tests, each in a child process).

#include "ns3/host-specific-relay-helper.h"
#include "ns3/host-specific-relay.h"
#include "ns3/ipv4-address.h"
#include "ns3/names.h"
#include "ns3/node.h"
#include "ns3/string.h"
#include "ns3/teredo-client-helper.h"
#include "ns3/teredo-client.h"
#include "ns3/teredo-relay-helper.h"
#include "ns3/teredo-relay.h"
#include "ns3/teredo-server-helper.h"
#include "ns3/teredo-server.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/// \return an attribute of an application, as text
std::string
AttributeOf(Ptr<Application> app, const std::string& name)
{
    StringValue value;
    app->GetAttribute(name, value);
    return value.Get();
}

TEST(TeredoApplicationHelper, EachRoleInstallsItsTypeWithItsConstructorAttributes)
{
    Ptr<Node> node = CreateObject<Node>();
    ApplicationContainer server =
        TeredoServerHelper(Ipv4Address("192.0.2.1"), Ipv4Address("192.0.2.9")).Install(node);
    ApplicationContainer client = TeredoClientHelper(Ipv4Address("192.0.2.1")).Install(node);
    ApplicationContainer relay = TeredoRelayHelper().Install(node);
    ApplicationContainer hsRelay = HostSpecificRelayHelper().Install(node);

    ASSERT_EQ(node->GetNApplications(), 4u);
    EXPECT_EQ(server.Get(0)->GetInstanceTypeId(), TeredoServer::GetTypeId());
    EXPECT_EQ(client.Get(0)->GetInstanceTypeId(), TeredoClient::GetTypeId());
    EXPECT_EQ(relay.Get(0)->GetInstanceTypeId(), TeredoRelay::GetTypeId());
    EXPECT_EQ(hsRelay.Get(0)->GetInstanceTypeId(), HostSpecificRelay::GetTypeId());
    for (uint32_t i = 0; i < 4; ++i)
    {
        EXPECT_EQ(node->GetApplication(i)->GetNode(), node);
    }
    EXPECT_EQ(node->GetApplication(0), server.Get(0));
    EXPECT_EQ(AttributeOf(server.Get(0), "PrimaryAddress"), "192.0.2.1");
    EXPECT_EQ(AttributeOf(server.Get(0), "SecondaryAddress"), "192.0.2.9");
    EXPECT_EQ(AttributeOf(client.Get(0), "ServerAddress"), "192.0.2.1");
}

TEST(TeredoApplicationHelper, SetAttributeReachesEveryApplicationMadeAfter)
{
    TeredoRelayHelper helper;
    helper.SetAttribute("Port", UintegerValue(4000));
    TeredoRelayHelper copy = helper; // as scenario code copies a configured helper
    copy.SetAttribute("Port", UintegerValue(4001));

    NodeContainer nodes;
    nodes.Create(2);
    ApplicationContainer apps = helper.Install(nodes);
    ApplicationContainer copied = copy.Install(nodes.Get(0));
    EXPECT_EQ(AttributeOf(apps.Get(0), "Port"), "4000");
    EXPECT_EQ(AttributeOf(apps.Get(1), "Port"), "4000");
    EXPECT_EQ(AttributeOf(copied.Get(0), "Port"), "4001");
}

TEST(TeredoApplicationHelper, InstallOnAContainerFollowsItsOrder)
{
    NodeContainer nodes;
    nodes.Create(3);
    ApplicationContainer apps = TeredoClientHelper(Ipv4Address("192.0.2.1")).Install(nodes);
    ASSERT_EQ(apps.GetN(), 3u);
    for (uint32_t i = 0; i < 3; ++i)
    {
        EXPECT_EQ(apps.Get(i)->GetNode(), nodes.Get(i));
        EXPECT_EQ(nodes.Get(i)->GetNApplications(), 1u);
    }
    EXPECT_GT(TeredoClientHelper::AssignStreams(apps, 10), 0);
}

TEST(TeredoApplicationHelper, InstallOnANamedNode)
{
    Ptr<Node> node = CreateObject<Node>();
    Names::Add("teredo-app-helper-relay", node);
    // A string literal takes the name overload: NodeContainer's constructor from a
    // name would need a second conversion.
    ApplicationContainer apps = HostSpecificRelayHelper().Install("teredo-app-helper-relay");
    ASSERT_EQ(apps.GetN(), 1u);
    EXPECT_EQ(apps.Get(0)->GetNode(), node);
    EXPECT_EQ(apps.Get(0)->GetInstanceTypeId(), HostSpecificRelay::GetTypeId());
    std::string name = "teredo-app-helper-relay";
    EXPECT_EQ(TeredoRelayHelper().Install(name).Get(0)->GetNode(), node);
}

TEST(TeredoApplicationHelper, TheBaseInstallsAnyApplicationType)
{
    Ptr<Node> node = CreateObject<Node>();
    ApplicationContainer apps = TeredoApplicationHelper("ns3::TeredoRelay").Install(node);
    EXPECT_EQ(apps.Get(0)->GetInstanceTypeId(), TeredoRelay::GetTypeId());
}

/// "threadsafe": the child re-executes the binary instead of forking a
/// process that holds ns-3's singletons.
class TeredoApplicationHelperDeathTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        GTEST_FLAG_SET(death_test_style, "threadsafe");
    }
};

TEST_F(TeredoApplicationHelperDeathTest, UnknownNodeName)
{
    EXPECT_DEATH(TeredoRelayHelper().Install("no-such-node"),
                 "no node named \"no-such-node\" \\(give it with Names::Add before Install\\)");
}

TEST_F(TeredoApplicationHelperDeathTest, NullNode)
{
    EXPECT_DEATH(
        TeredoServerHelper(Ipv4Address("192.0.2.1"), Ipv4Address::GetAny()).Install(Ptr<Node>()),
        "Install of ns3::TeredoServer on a null node");
}

TEST_F(TeredoApplicationHelperDeathTest, NotAnApplication)
{
    EXPECT_DEATH(TeredoApplicationHelper(Node::GetTypeId()),
                 "ns3::Node is not an ns3::Application");
}

} // namespace
