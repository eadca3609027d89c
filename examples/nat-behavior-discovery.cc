/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// NAT behaviour discovery with STUN (RFC 5389 Binding requests, RFC 5780's
// behaviour discovery attributes).
//
// For each NAT type, a host behind an Ipv4Nat runs NatProbeClient against a
// NatProbeServer (a STUN server) on the public side, which has two addresses
// and two ports:
//
//   host 10.0.0.2 --- NAT 10.0.0.1 | 203.0.113.1 --- router --- server 198.51.100.1
//                                                              and 198.51.100.2
//
// The client asks the server where its requests come from (XOR-MAPPED-ADDRESS:
// the NAT's mapping) and asks for answers from other addresses and ports
// (CHANGE-REQUEST: the NAT's filtering), then sends a request to its own
// mapped endpoint (hairpinning). The first table shows what each NAT is
// configured as and what the probes saw; the second names the result in RFC
// 5780's terms and with the classic (RFC 3489) name a STUN client such as
// stund's would print.
// What to observe: cone NATs keep one mapping (the same outside port for every
// destination); the symmetric NAT shows a new random port per destination;
// filtering decides which of the answers from elsewhere come through, and
// which hairpinned requests.
//
//   nat-behavior-discovery [--all] [--pcap=true] [--prefix=nat-behavior-discovery]
//
// --all adds every mapping x filtering combination. Each NAT run writes pcaps
// (<prefix>-<row>-<node>-<device>.pcap): on the host's link the host's own
// ports, on the NAT's outside link the translated ones; Wireshark decodes
// every probe and answer as STUN.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipv4-nat-helper.h"
#include "ns3/nat-probe-client.h"
#include "ns3/nat-probe-helper.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <iomanip>
#include <iostream>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("NatBehaviorDiscovery");

namespace
{

/// One row of the table: a NAT configuration and what was discovered.
struct Row
{
    std::string name;                             //!< label
    NatMappingTable::MappingBehavior mapping;     //!< configured mapping
    NatMappingTable::FilteringBehavior filtering; //!< configured filtering
    Ipv4NatHelper helper;                         //!< makes that NAT
    std::string classic;                          //!< classic name expected
};

/// Short names for the table.
std::string
Short(const std::string& rfcName)
{
    if (rfcName == "endpoint-independent")
    {
        return "EI";
    }
    if (rfcName == "address-dependent")
    {
        return "AD";
    }
    if (rfcName == "address-and-port-dependent")
    {
        return "APD";
    }
    return "?";
}

/**
 * Build the network, run the probes, return the client.
 * \param row the NAT to test
 * \param pcapPrefix where pcaps go; empty for none
 * \return the client application, after the run
 */
Ptr<NatProbeClient>
RunOne(const Row& row, const std::string& pcapPrefix)
{
    NodeContainer nodes; // host, NAT, router, server
    nodes.Create(4);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(nodes);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    link.SetChannelAttribute("Delay", StringValue("5ms"));
    NetDeviceContainer inside = link.Install(nodes.Get(0), nodes.Get(1));
    NetDeviceContainer access = link.Install(nodes.Get(1), nodes.Get(2));
    NetDeviceContainer core = link.Install(nodes.Get(2), nodes.Get(3));

    Ipv4AddressHelper addresses;
    addresses.SetBase("10.0.0.0", "255.255.255.0", "0.0.0.2");
    addresses.Assign(NetDeviceContainer(inside.Get(0)));
    addresses.SetBase("10.0.0.0", "255.255.255.0", "0.0.0.1");
    addresses.Assign(NetDeviceContainer(inside.Get(1)));
    addresses.SetBase("203.0.113.0", "255.255.255.0", "0.0.0.1");
    addresses.Assign(access);
    addresses.SetBase("198.51.100.0", "255.255.255.0", "0.0.0.254");
    addresses.Assign(NetDeviceContainer(core.Get(0)));
    addresses.SetBase("198.51.100.0", "255.255.255.0", "0.0.0.1");
    addresses.Assign(NetDeviceContainer(core.Get(1)));
    Ipv4Address serverA("198.51.100.1");
    Ipv4Address serverB("198.51.100.2");

    // Static routes, set before the NAT wraps the NAT node's routing.
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(nodes.Get(0)->GetObject<Ipv4>())->SetDefaultRoute("10.0.0.1", 1);
    routing.GetStaticRouting(nodes.Get(1)->GetObject<Ipv4>())->SetDefaultRoute("203.0.113.2", 2);
    routing.GetStaticRouting(nodes.Get(3)->GetObject<Ipv4>())->SetDefaultRoute("198.51.100.254", 1);
    Ptr<Ipv4Nat> nat = row.helper.Install(NetDeviceContainer(inside.Get(1)), access.Get(0));
    nat->AssignStreams(1);

    NatProbeServerHelper server(serverA, serverB);
    server.Install(nodes.Get(3)).Start(Seconds(0));
    NatProbeClientHelper client(serverA, serverB);
    ApplicationContainer clientApps = client.Install(nodes.Get(0));
    clientApps.Start(Seconds(1));

    if (!pcapPrefix.empty())
    {
        link.EnablePcap(pcapPrefix, NodeContainer(nodes.Get(0), nodes.Get(1)), true);
    }
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    Ptr<NatProbeClient> result = DynamicCast<NatProbeClient>(clientApps.Get(0));
    Simulator::Destroy();
    return result;
}

} // namespace

int
main(int argc, char* argv[])
{
    bool all = false;
    bool pcap = true;
    std::string prefix = "nat-behavior-discovery";
    CommandLine cmd(__FILE__);
    cmd.AddValue("all", "Also test every mapping x filtering combination", all);
    cmd.AddValue("pcap", "Write pcap files of the host's and the NAT's links", pcap);
    cmd.AddValue("prefix", "Prefix of the pcap file names", prefix);
    cmd.Parse(argc, argv);

    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    using T = NatMappingTable;
    std::vector<Row> rows;
    auto preset = [&rows](Ipv4NatHelper::Preset p, T::MappingBehavior m, T::FilteringBehavior f) {
        rows.push_back({Ipv4NatHelper::PresetToString(p),
                        m,
                        f,
                        Ipv4NatHelper(p),
                        NatProbeClient::ClassicTypeToString(NatProbeClient::Classify(true, m, f))});
    };
    preset(Ipv4NatHelper::FULL_CONE,
           T::ENDPOINT_INDEPENDENT_MAPPING,
           T::ENDPOINT_INDEPENDENT_FILTERING);
    preset(Ipv4NatHelper::RESTRICTED_CONE,
           T::ENDPOINT_INDEPENDENT_MAPPING,
           T::ADDRESS_DEPENDENT_FILTERING);
    preset(Ipv4NatHelper::PORT_RESTRICTED_CONE,
           T::ENDPOINT_INDEPENDENT_MAPPING,
           T::ADDRESS_AND_PORT_DEPENDENT_FILTERING);
    preset(Ipv4NatHelper::SYMMETRIC,
           T::ADDRESS_AND_PORT_DEPENDENT_MAPPING,
           T::ADDRESS_AND_PORT_DEPENDENT_FILTERING);
    if (all)
    {
        for (auto m : {T::ENDPOINT_INDEPENDENT_MAPPING,
                       T::ADDRESS_DEPENDENT_MAPPING,
                       T::ADDRESS_AND_PORT_DEPENDENT_MAPPING})
        {
            for (auto f : {T::ENDPOINT_INDEPENDENT_FILTERING,
                           T::ADDRESS_DEPENDENT_FILTERING,
                           T::ADDRESS_AND_PORT_DEPENDENT_FILTERING})
            {
                Ipv4NatHelper h;
                h.SetAttribute("MappingBehavior", EnumValue(m));
                h.SetAttribute("FilteringBehavior", EnumValue(f));
                rows.push_back(
                    {Short(T::ToString(m)) + "M+" + Short(T::ToString(f)) + "F",
                     m,
                     f,
                     h,
                     NatProbeClient::ClassicTypeToString(NatProbeClient::Classify(true, m, f))});
            }
        }
    }

    std::cout
        << "NAT behaviour discovery with STUN (RFC 5389, RFC 5780); EI endpoint-independent, AD "
           "address-dependent, APD address-and-port-dependent\n\n"
        << std::left << std::setw(22) << "NAT" << std::setw(20) << "configured M / F"
        << std::setw(20) << "discovered M / F" << std::setw(54)
        << "mapped endpoints (to A:1, B:1, B:2)"
        << "match\n";
    uint32_t matches = 0;
    std::ostringstream terms; // the second table
    terms << std::left;
    for (size_t k = 0; k < rows.size(); ++k)
    {
        const Row& row = rows[k];
        std::ostringstream pcapPrefix;
        if (pcap)
        {
            pcapPrefix << prefix << "-" << row.name;
        }
        Ptr<NatProbeClient> client = RunOne(row, pcapPrefix.str());
        std::string configured =
            Short(T::ToString(row.mapping)) + " / " + Short(T::ToString(row.filtering));
        std::string discovered = "none (no answer)";
        std::string classic = NatProbeClient::ClassicTypeToString(client->GetClassicType());
        bool match = false;
        if (client->IsComplete())
        {
            discovered = Short(T::ToString(*client->GetMappingBehavior())) + " / " +
                         Short(T::ToString(*client->GetFilteringBehavior()));
            match = *client->GetMappingBehavior() == row.mapping &&
                    *client->GetFilteringBehavior() == row.filtering && classic == row.classic;
            terms << std::setw(22) << row.name << std::setw(28)
                  << T::ToString(*client->GetMappingBehavior()) << std::setw(28)
                  << T::ToString(*client->GetFilteringBehavior()) << std::setw(16)
                  << (*client->GetPortPreserved() ? "preserved" : "not preserved") << std::setw(10)
                  << (*client->GetHairpinning() ? "yes" : "no") << classic << "\n";
        }
        std::ostringstream mapped;
        for (const InetSocketAddress& e : client->GetMappedEndpoints())
        {
            mapped << e.GetIpv4() << ":" << e.GetPort() << " ";
        }
        matches += match;
        std::cout << std::setw(22) << row.name << std::setw(20) << configured << std::setw(20)
                  << discovered << std::setw(54) << mapped.str() << (match ? "yes" : "NO") << "\n";
    }
    std::cout << "\nIn RFC 5780's terms, and the classic (RFC 3489) name:\n\n"
              << std::setw(22) << "NAT" << std::setw(28) << "mapping" << std::setw(28)
              << "filtering" << std::setw(16) << "port" << std::setw(10) << "hairpin"
              << "classic\n"
              << terms.str();
    std::cout << "\n" << matches << " of " << rows.size() << " rows match";
    if (pcap)
    {
        std::cout << "; pcaps: " << prefix << "-<NAT>-<node>-<device>.pcap";
    }
    std::cout << "\n";
    return matches == rows.size() ? 0 : 1;
}
