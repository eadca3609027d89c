/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer harness: TeredoServer's receive path. Input: an 8-octet prefix
// (fuzz-world.h) then the UDP payload, delivered to the server's port 3544.
// prefix.select % 4: 0 from the client on a public address (its port), 1 from
// the NAT's public address, 2 from the relay, 3 from the forged address and
// port of the prefix. flags bit 0: to the secondary address; bit 1: correct a
// wrong RS/RA checksum first (so that checksums do not stop the search); bit
// 2: the server's SecureQualification on. The server holds the secret
// "fuzz-secret" for client identifier "fuzz" (secure qualification); the
// corpus has a solicitation signed with it, so that verification succeeds
// and the advertisement is signed.

#include "fuzz-world.h"

using namespace ns3;
using namespace teredo_fuzz;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size > 2048)
    {
        return 0;
    }
    World& w = World::Get();
    static bool secretSet = false;
    if (!secretSet)
    {
        w.server->SetClientSecret("fuzz", "fuzz-secret");
        secretSet = true;
    }
    RecordInput(data, size);
    std::vector<uint8_t> payload;
    Prefix prefix = ReadPrefix(data, size, payload);
    Ipv4Address from;
    uint16_t fromPort = prefix.port;
    switch (prefix.select % 4)
    {
    case 0:
        from = w.topology.GetClientAddress(0, 0);
        fromPort = World::CLIENT_PORT;
        break;
    case 1:
        from = w.topology.GetSitePublicAddress(1);
        break;
    case 2:
        from = w.topology.GetRelayIpv4Address(0);
        fromPort = TeredoAddress::SERVER_PORT;
        break;
    default:
        from = PrefixAddress(prefix);
        break;
    }
    if (prefix.flags & 2)
    {
        World::FixIcmpv6Checksum(payload);
    }
    w.server->SetAttribute("SecureQualification", BooleanValue((prefix.flags & 4) != 0));
    Ipv4Address to = (prefix.flags & 1) ? w.topology.GetServerSecondaryAddress()
                                        : w.topology.GetServerPrimaryAddress();
    w.InjectUdp(w.topology.GetServerNode(),
                from,
                fromPort,
                to,
                TeredoAddress::SERVER_PORT,
                payload);
    w.Step();
    return 0;
}
