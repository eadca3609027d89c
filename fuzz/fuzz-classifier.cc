/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer harness: the wire format layer (no simulator). The input is a
// Teredo UDP payload. Checks, besides ASan/UBSan and the module's NS_ASSERTs:
// both Classify overloads agree; accepted indicators read back by
// TeredoAuthHeader/TeredoOriginHeader::Deserialize re-serialize to the same
// octets; ExtractIpv6 cuts exactly ipv6Size octets; the RA reader handles
// whatever the classifier accepted, and any octets given as an ICMPv6 message.

#include "ns3/packet.h"
#include "ns3/teredo-auth-header.h"
#include "ns3/teredo-datagram-classifier.h"
#include "ns3/teredo-origin-header.h"
#include "ns3/teredo-router-advertisement.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace ns3;

namespace
{

void
Check(bool ok, const char* what)
{
    if (!ok)
    {
        std::fprintf(stderr, "fuzz-classifier: check failed: %s\n", what);
        std::abort();
    }
}

std::vector<uint8_t>
Bytes(Ptr<const Packet> p)
{
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size > 65535)
    {
        return 0;
    }
    const auto n = static_cast<uint32_t>(size);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(data, n);
    Ptr<Packet> packet = Create<Packet>(data, n);
    TeredoDatagramInfo again = TeredoDatagramClassifier::Classify(packet);
    Check(info.kind == again.kind && info.reason == again.reason, "overloads agree");
    Check(info.IsValid() == (info.kind != TeredoDatagramInfo::REJECTED), "IsValid");
    Check(info.IsValid() == (info.reason == TeredoDatagramInfo::NONE), "reason NONE iff valid");
    Check(!TeredoDatagramClassifier::KindToString(info.kind).empty(), "kind name");
    Check(!TeredoDatagramClassifier::ReasonToString(info.reason).empty(), "reason name");

    if (info.IsValid())
    {
        Check(info.ipv6Offset + info.ipv6Size + info.trailerSize == n ||
                  info.kind == TeredoDatagramInfo::INDICATION_ONLY,
              "offsets add up");
        uint32_t at = 0;
        if (info.hasAuth)
        {
            TeredoAuthHeader auth;
            Ptr<Packet> copy = packet->Copy();
            uint32_t read = copy->RemoveHeader(auth);
            Check(read == auth.GetSerializedSize(), "auth size");
            Packet out;
            out.AddHeader(auth);
            std::vector<uint8_t> b = Bytes(&out);
            Check(read <= n && std::memcmp(b.data(), data, read) == 0, "auth round trip");
            Check(auth.GetNonceValue() == info.auth.GetNonceValue(), "auth nonce");
            at += read;
        }
        if (info.hasOrigin)
        {
            TeredoOriginHeader origin;
            Ptr<Packet> copy = packet->CreateFragment(at, n - at);
            uint32_t read = copy->RemoveHeader(origin);
            Check(read == TeredoOriginHeader::SIZE, "origin size");
            Packet out;
            out.AddHeader(origin);
            std::vector<uint8_t> b = Bytes(&out);
            Check(std::memcmp(b.data(), data + at, read) == 0, "origin round trip");
            Check(origin.GetAddress() == info.origin.GetAddress() &&
                      origin.GetPort() == info.origin.GetPort(),
                  "origin fields");
            at += read;
        }
        Check(at == info.ipv6Offset, "indicators end where IPv6 starts");
        if (info.kind != TeredoDatagramInfo::INDICATION_ONLY)
        {
            Ptr<Packet> ipv6 = TeredoDatagramClassifier::ExtractIpv6(packet, info);
            Check(ipv6->GetSize() == info.ipv6Size, "ExtractIpv6 size");
            std::vector<uint8_t> b = Bytes(ipv6);
            Check(std::memcmp(b.data(), data + info.ipv6Offset, b.size()) == 0,
                  "ExtractIpv6 octets");
        }
    }

    TeredoRouterAdvertisement ra = TeredoRouterAdvertisement::Read(packet, info);
    Check((ra.error == TeredoRouterAdvertisement::NOT_AN_RA) ==
              (info.kind != TeredoDatagramInfo::ROUTER_ADVERTISEMENT),
          "RA reader reads exactly the RAs");
    Check(!TeredoRouterAdvertisement::ErrorToString(ra.error).empty(), "RA error name");
    if (info.kind == TeredoDatagramInfo::ROUTER_ADVERTISEMENT)
    {
        uint32_t start = info.ipv6Offset + TeredoDatagramClassifier::IPV6_HEADER_SIZE;
        TeredoRouterAdvertisement direct = TeredoRouterAdvertisement::ReadIcmpv6(
            data + start,
            info.ipv6Size - TeredoDatagramClassifier::IPV6_HEADER_SIZE);
        Check(direct.error == ra.error && direct.mtu == ra.mtu &&
                  direct.optionCount == ra.optionCount && direct.prefix == ra.prefix,
              "RA readers agree");
    }
    // Any octets at all as an ICMPv6 message.
    TeredoRouterAdvertisement::ReadIcmpv6(data, n);

    // Any octets at all as indicators, when they hold the whole indicator
    // (Deserialize's documented precondition).
    if (n >= TeredoOriginHeader::SIZE)
    {
        TeredoOriginHeader origin;
        packet->PeekHeader(origin);
    }
    if (n >= TeredoAuthHeader::MIN_SIZE && n >= TeredoAuthHeader::MIN_SIZE + data[2] + data[3])
    {
        TeredoAuthHeader auth;
        Check(packet->PeekHeader(auth) == TeredoAuthHeader::MIN_SIZE + data[2] + data[3],
              "auth reads what its lengths say");
    }
    return 0;
}
