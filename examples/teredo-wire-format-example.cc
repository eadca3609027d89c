/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Teredo's wire format in one page.
//
// Decodes a Teredo address (RFC 4380 section 4, flags per RFC 5991), builds
// the router solicitation a client sends to qualify, shows its octets and
// ns-3's view of its headers, and classifies it as a server would.
//
//   teredo-wire-format-example [--address=2001:0:4136:e378:8000:63bf:3fff:fdd2]
//                              [--cone=false] [--nonce=0x046fb9440f874228]

#include "ns3/core-module.h"
#include "ns3/icmpv6-header.h"
#include "ns3/teredo-module.h"

#include <iomanip>
#include <iostream>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("TeredoWireFormatExample");

namespace
{

void
HexDump(Ptr<const Packet> p)
{
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), b.size());
    for (size_t k = 0; k < b.size(); ++k)
    {
        if (k % 16 == 0)
        {
            std::cout << "    " << std::setw(4) << std::setfill('0') << std::hex << k << " ";
        }
        std::cout << " " << std::setw(2) << unsigned(b[k]);
        if (k % 16 == 15 || k + 1 == b.size())
        {
            std::cout << std::dec << std::setfill(' ') << "\n";
        }
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string address = "2001:0:4136:e378:8000:63bf:3fff:fdd2";
    bool cone = false;
    uint64_t nonce = 0x046fb9440f874228ULL;

    CommandLine cmd(__FILE__);
    cmd.AddValue("address", "Teredo address to decode", address);
    cmd.AddValue("cone", "Build the RS as a client asking for cone treatment", cone);
    cmd.AddValue("nonce", "Nonce of the RS authentication indicator", nonce);
    cmd.Parse(argc, argv);

    Ipv6Address ip(address.c_str());
    std::cout << "Teredo address " << ip << "\n";
    if (!TeredoAddress::IsTeredo(ip))
    {
        std::cout << "  not in the Teredo prefix 2001::/32; decoding its fields anyway\n";
    }
    TeredoAddress t = TeredoAddress::Decode(ip);
    std::cout << "  server        " << t.GetServer() << "\n"
              << "  flags         0x" << std::hex << std::setw(4) << std::setfill('0')
              << t.GetFlags() << std::dec << std::setfill(' ') << " ("
              << (t.IsCone() ? "cone" : "not cone") << ", random bits " << t.GetRandomBits()
              << (t.HasValidReservedBits() ? "" : ", reserved bits set!") << ")\n"
              << "  mapped port   " << t.GetMappedPort() << " (on the wire 0x" << std::hex
              << uint16_t(~t.GetMappedPort()) << std::dec << ")\n"
              << "  mapped client " << t.GetMappedAddress() << "\n"
              << "decoded: server " << t.GetServer() << ", " << (t.IsCone() ? "cone" : "non-cone")
              << ", mapped " << t.GetMappedAddress() << ":" << t.GetMappedPort() << "\n\n";

    TeredoAuthHeader auth;
    auth.SetNonce(nonce);
    Ptr<Packet> rs = TeredoPacketBuilder::MakeRouterSolicitation(auth, cone);
    std::cout << "Router solicitation to the server at " << t.GetServer() << ":"
              << TeredoAddress::SERVER_PORT << ", " << rs->GetSize() << " octets of UDP payload:\n";
    HexDump(rs);

    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(rs);
    std::cout << "  " << info.auth << "\n"
              << "  IPv6 " << info.ipv6.GetSource() << " -> " << info.ipv6.GetDestination()
              << ", hop limit " << unsigned(info.ipv6.GetHopLimit()) << ", ICMPv6 type "
              << unsigned(info.icmpv6Type) << "\n";
    Ptr<Packet> ipv6 = TeredoDatagramClassifier::ExtractIpv6(rs, info);
    Ptr<Packet> printable = ipv6->Copy();
    Ipv6Header ipHeader;
    printable->RemoveHeader(ipHeader);
    Icmpv6RS rsHeader;
    printable->RemoveHeader(rsHeader);
    std::cout << "  ns-3 headers: ";
    ipHeader.Print(std::cout);
    std::cout << " | ";
    rsHeader.Print(std::cout);
    std::cout << "\n";
    std::cout << "classified as " << TeredoDatagramClassifier::KindToString(info.kind);
    if (!info.IsValid())
    {
        std::cout << " (" << TeredoDatagramClassifier::ReasonToString(info.reason) << ")";
    }
    std::cout << "\n";
    return info.kind == TeredoDatagramInfo::ROUTER_SOLICITATION ? 0 : 1;
}
