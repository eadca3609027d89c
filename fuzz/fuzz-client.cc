/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer harness: TeredoClient's receive path, on the qualified client with
// a public address (site 0). Input: an 8-octet prefix (fuzz-world.h) then the
// UDP payload, delivered to the client's port. prefix.select % 4: 0 from the
// server's primary address, 1 from its secondary, 2 from the relay, 3 from the
// forged address and port of the prefix. flags bit 0: put the nonce of the
// client's latest RS in an authentication indicator; bit 1: correct a wrong
// RS/RA checksum; bits 2-3: the ECN field of the outer IPv4 header; bit 6:
// set the inner IPv6 Traffic Class's ECN field to bits 4-5 (RFC 6040's
// decapsulation table: every combination). (An advertisement is expected
// only while an RS awaits its answer: at qualification and at each refresh.)

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
    RecordInput(data, size);
    std::vector<uint8_t> payload;
    Prefix prefix = ReadPrefix(data, size, payload);
    Ipv4Address from;
    uint16_t fromPort = prefix.port;
    switch (prefix.select % 4)
    {
    case 0:
        from = w.topology.GetServerPrimaryAddress();
        fromPort = TeredoAddress::SERVER_PORT;
        break;
    case 1:
        from = w.topology.GetServerSecondaryAddress();
        fromPort = TeredoAddress::SERVER_PORT;
        break;
    case 2:
        from = w.topology.GetRelayIpv4Address(0);
        fromPort = TeredoAddress::SERVER_PORT;
        break;
    default:
        from = PrefixAddress(prefix);
        break;
    }
    if (prefix.flags & 1)
    {
        World::SetNonce(payload, w.lastClientNonce);
    }
    if (prefix.flags & 64)
    {
        World::SetInnerEcn(payload, prefix.flags >> 4);
    }
    if (prefix.flags & 2)
    {
        World::FixIcmpv6Checksum(payload);
    }
    w.InjectUdp(w.topology.GetClients(0).Get(0),
                from,
                fromPort,
                w.topology.GetClientAddress(0, 0),
                World::CLIENT_PORT,
                payload,
                (prefix.flags >> 2) & 3);
    w.Step();
    return 0;
}
