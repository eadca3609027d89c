/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A downstream program against the installed module: one Teredo client behind
// a port-restricted cone NAT qualifies with the server (RFC 5991 procedure) in
// a world built by TeredoTopologyHelper. Exit code 0 if it qualified, 1 if not.
// teredo-module.h includes nat-mapping-table.h and teredo-peer-list.h, whose
// Boost.MultiIndex headers reach this compiler only through ns3::teredo.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/teredo-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    CommandLine cmd(__FILE__);
    cmd.Parse(argc, argv);

    // What the exported target defined for this program (TEREDO_ENABLE_LOGS_ASSERTS).
#if defined(NS3_LOG_ENABLE) && defined(NS3_ASSERT_ENABLE)
    std::cout << "NS3_LOG_ENABLE and NS3_ASSERT_ENABLE: defined\n";
#else
    std::cout << "NS3_LOG_ENABLE and NS3_ASSERT_ENABLE: not defined\n";
#endif

    TeredoTopologyHelper world;
    world.AddSite(TeredoTopologyHelper::PORT_RESTRICTED_CONE, 1);
    world.Build();

    TeredoServerHelper server(world.GetServerPrimaryAddress(), world.GetServerSecondaryAddress());
    server.Install(world.GetServerNode());
    TeredoClientHelper clientHelper(world.GetServerPrimaryAddress());
    clientHelper.SetAttribute("Procedure", StringValue("Rfc5991"));
    ApplicationContainer apps = clientHelper.Install(world.GetAllClients());
    apps.Start(Seconds(1));

    Simulator::Stop(Seconds(5));
    Simulator::Run();

    Ptr<TeredoClient> client = DynamicCast<TeredoClient>(apps.Get(0));
    bool qualified = client->IsQualified();
    if (qualified)
    {
        std::cout << "client qualified: " << client->GetTeredoAddress() << "\n";
    }
    else
    {
        std::cout << "client NOT qualified after 5 s\n";
    }
    Simulator::Destroy();
    return qualified ? 0 : 1;
}
