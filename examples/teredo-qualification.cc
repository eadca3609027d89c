/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Teredo qualification behind each kind of NAT, with both procedures.
//
// TeredoTopologyHelper builds the Teredo world: a server with two consecutive
// addresses (192.0.2.1 and 192.0.2.2) on an IPv4 Internet, and one site per
// NAT type (none, full cone, restricted cone, port-restricted cone,
// symmetric), each with one Teredo client. The world runs once per procedure:
//
// - RFC 4380 (section 5.2.1): an RS with the cone flag, which the server
//   answers from its other address; if that answer gets through the NAT, the
//   client is cone. Otherwise an RS without the flag, then one to the
//   secondary address: two different mappings mean a symmetric NAT, which
//   RFC 4380 cannot serve (unless --extension, RFC 6081's symmetric NAT support).
// - RFC 5991: a single RS without the cone flag, as Miredo does: every client
//   qualifies, and no one learns what the NAT is.
//
// What to observe: the cone flag and the NAT type per row; the mapped address
// is the NAT's public address, the mapped port the port the NAT chose; the
// RFC 4380 procedure needs 12 s more behind restricted NATs (three
// unanswered cone probes, 4 s each).
//
//   teredo-qualification [--procedure=both|rfc4380|rfc5991] [--extension=false]
//                        [--duration=60] [--pcap=true] [--prefix=teredo-qualification]
//
// pcaps: <prefix>-<procedure>-<node>-<device>.pcap for every device.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/teredo-module.h"

#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("TeredoQualificationExample");

namespace
{

using Q = TeredoQualification;

/// When each client qualified first. Raw pointers: a Ptr bound into the
/// client's own trace would keep it alive (a cycle LeakSanitizer reports).
std::map<const TeredoClient*, Time> g_qualifiedAt;

void
Qualified(TeredoClient* client, Ipv6Address, Q::NatType)
{
    g_qualifiedAt.emplace(client, Simulator::Now());
}

/// \return the flags as the RFC 5991 layout shows them, e.g. "C=0 random=0x2a7"
std::string
Flags(const TeredoAddress& t)
{
    std::ostringstream os;
    os << "C=" << (t.IsCone() ? 1 : 0) << " random=0x" << std::hex << std::setw(3)
       << std::setfill('0') << t.GetRandomBits();
    return os.str();
}

/**
 * Build the world, run it, print one row per site.
 * \return the number of rows whose outcome matches what the RFCs predict
 */
uint32_t
Run(Q::Procedure procedure, bool extension, Time duration, bool pcap, const std::string& prefix)
{
    const TeredoTopologyHelper::SiteNat nats[] = {TeredoTopologyHelper::NONE,
                                                  TeredoTopologyHelper::FULL_CONE,
                                                  TeredoTopologyHelper::RESTRICTED_CONE,
                                                  TeredoTopologyHelper::PORT_RESTRICTED_CONE,
                                                  TeredoTopologyHelper::SYMMETRIC};
    TeredoTopologyHelper world;
    for (TeredoTopologyHelper::SiteNat nat : nats)
    {
        world.AddSite(nat, 1);
    }
    world.Build();
    world.AssignStreams(1);

    TeredoServerHelper server(world.GetServerPrimaryAddress(), world.GetServerSecondaryAddress());
    server.Install(world.GetServerNode());
    TeredoClientHelper clientHelper(world.GetServerPrimaryAddress());
    clientHelper.SetAttribute("Procedure", EnumValue(procedure));
    clientHelper.SetAttribute("SymmetricNatExtension", BooleanValue(extension));
    ApplicationContainer apps = clientHelper.Install(world.GetAllClients());
    TeredoClientHelper::AssignStreams(apps, 100);
    apps.Start(Seconds(1));
    for (uint32_t i = 0; i < apps.GetN(); ++i)
    {
        Ptr<TeredoClient> c = DynamicCast<TeredoClient>(apps.Get(i));
        c->TraceConnectWithoutContext("Qualified", MakeBoundCallback(&Qualified, PeekPointer(c)));
    }
    std::string name = procedure == Q::RFC4380 ? "rfc4380" : "rfc5991";
    if (pcap)
    {
        world.EnablePcapAll(prefix + "-" + name);
    }
    Simulator::Stop(duration);
    Simulator::Run();

    std::cout << "\nProcedure " << (procedure == Q::RFC4380 ? "RFC 4380" : "RFC 5991")
              << (extension ? " with the RFC 6081 symmetric NAT extension" : "") << "\n";
    std::cout << std::left << std::setw(22) << "NAT" << std::setw(11) << "outcome" << std::setw(12)
              << "NAT type" << std::setw(40) << "Teredo address" << std::setw(14) << "server"
              << std::setw(20) << "flags" << std::setw(22) << "mapped"
              << "time\n";
    uint32_t matches = 0;
    for (uint32_t i = 0; i < apps.GetN(); ++i)
    {
        Ptr<TeredoClient> c = DynamicCast<TeredoClient>(apps.Get(i));
        TeredoTopologyHelper::SiteNat nat = nats[i];
        std::cout << std::setw(22) << TeredoTopologyHelper::SiteNatToString(nat);
        std::cout << std::setw(11) << Q::StateToString(c->GetState()) << std::setw(12)
                  << Q::NatTypeToString(c->GetNatType());
        if (c->IsQualified())
        {
            TeredoAddress t = TeredoAddress::Decode(c->GetTeredoAddress());
            std::ostringstream mapped;
            mapped << t.GetMappedAddress() << ":" << t.GetMappedPort();
            std::ostringstream address;
            address << c->GetTeredoAddress();
            std::ostringstream server4;
            server4 << t.GetServer();
            std::ostringstream at;
            at << std::fixed << std::setprecision(3)
               << (g_qualifiedAt[PeekPointer(c)] - Seconds(1)).GetSeconds() << " s";
            std::cout << std::setw(40) << address.str() << std::setw(14) << server4.str()
                      << std::setw(20) << Flags(t) << std::setw(22) << mapped.str() << at.str();
        }
        else
        {
            std::cout << std::setw(40) << "-" << std::setw(14) << "-" << std::setw(20) << "-"
                      << std::setw(22) << "-"
                      << "-";
        }
        std::cout << "\n";

        // What the RFCs predict: RFC 5991 qualifies behind every NAT and tells no
        // NAT type; RFC 4380 fails behind a symmetric NAT (unless the RFC 6081
        // extension is on), and only no NAT or a full cone passes the cone test.
        bool symmetric = nat == TeredoTopologyHelper::SYMMETRIC;
        bool cone = nat == TeredoTopologyHelper::NONE || nat == TeredoTopologyHelper::FULL_CONE;
        bool expectQualified = procedure == Q::RFC5991 || !symmetric || extension;
        Q::NatType expectType = procedure == Q::RFC5991 ? Q::NAT_UNKNOWN
                                : symmetric             ? Q::NAT_SYMMETRIC
                                : cone                  ? Q::NAT_CONE
                                                        : Q::NAT_RESTRICTED;
        bool coneFlag = c->IsQualified() && TeredoAddress::Decode(c->GetTeredoAddress()).IsCone();
        bool expectCone = procedure == Q::RFC4380 && cone;
        if (c->IsQualified() == expectQualified && c->GetNatType() == expectType &&
            coneFlag == (expectQualified && expectCone))
        {
            ++matches;
        }
    }
    Simulator::Destroy();
    g_qualifiedAt.clear();
    return matches;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string procedure = "both";
    bool extension = false;
    double duration = 60;
    bool pcap = true;
    std::string prefix = "teredo-qualification";
    CommandLine cmd(__FILE__);
    cmd.AddValue("procedure", "both, rfc4380 or rfc5991", procedure);
    cmd.AddValue("extension", "RFC 6081 symmetric NAT extension (RFC 4380 procedure)", extension);
    cmd.AddValue("duration", "simulated seconds per run", duration);
    cmd.AddValue("pcap", "write a pcap per device", pcap);
    cmd.AddValue("prefix", "pcap file name prefix", prefix);
    cmd.Parse(argc, argv);
    if (procedure != "both" && procedure != "rfc4380" && procedure != "rfc5991")
    {
        std::cerr << "--procedure must be both, rfc4380 or rfc5991\n";
        return 2;
    }
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);

    uint32_t rows = 0;
    uint32_t matches = 0;
    if (procedure != "rfc5991")
    {
        matches += Run(Q::RFC4380, extension, Seconds(duration), pcap, prefix);
        rows += 5;
    }
    if (procedure != "rfc4380")
    {
        matches += Run(Q::RFC5991, false, Seconds(duration), pcap, prefix);
        rows += 5;
    }
    std::cout << "\n" << matches << " of " << rows << " rows as the RFCs predict\n";
    if (pcap)
    {
        std::cout << "pcaps: " << prefix << "-<procedure>-<node>-<device>.pcap\n";
    }
    return matches == rows ? 0 : 1;
}
