/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer harness: the STUN wire format (StunMessage, StunAttribute; no
// simulator). The input is a UDP payload. Checks, besides ASan/UBSan and the
// module's NS_ASSERTs: every attribute reader copes with any value; a message
// that parses serializes to one that parses to the same class, method, ID and
// attributes (FINGERPRINT recomputed); the response NatProbeServer would build
// from it (both STUN forms) parses and reads back the addresses put in.

#include "ns3/inet6-socket-address.h"
#include "ns3/stun-message.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace ns3;

namespace
{

void
Check(bool ok, const char* what)
{
    if (!ok)
    {
        std::fprintf(stderr, "fuzz-stun: check failed: %s\n", what);
        std::abort();
    }
}

bool
SameAttributes(const StunMessage& a, const StunMessage& b)
{
    if (a.GetAttributes().size() != b.GetAttributes().size())
    {
        return false;
    }
    for (size_t k = 0; k < a.GetAttributes().size(); ++k)
    {
        if (a.GetAttributes()[k].GetType() != b.GetAttributes()[k].GetType() ||
            a.GetAttributes()[k].GetValue() != b.GetAttributes()[k].GetValue())
        {
            return false;
        }
    }
    return true;
}

/// Build the answer a server would give and read it back.
void
CheckResponse(const StunMessage& request, const std::vector<uint8_t>& in)
{
    // A mapped address made of input octets, IPv4 or IPv6 by the first one.
    uint8_t octets[18] = {};
    for (size_t k = 0; k < sizeof(octets) && k < in.size(); ++k)
    {
        octets[k] = in[in.size() - 1 - k];
    }
    uint16_t port = uint16_t((octets[0] << 8) | octets[1]);
    Address mapped = (octets[2] & 1)
                         ? Address(Inet6SocketAddress(Ipv6Address(&octets[2]), port))
                         : Address(InetSocketAddress(Ipv4Address::Deserialize(&octets[2]), port));
    StunMessage response(StunMessage::SUCCESS_RESPONSE, StunMessage::BINDING, request.GetId());
    uint16_t type = request.HasMagicCookie() ? uint16_t(StunAttribute::XOR_MAPPED_ADDRESS)
                                             : uint16_t(StunAttribute::MAPPED_ADDRESS);
    response.AddAddress(type, mapped);
    response.AddAddress(StunAttribute::OTHER_ADDRESS, mapped);
    std::vector<uint8_t> bytes = response.Serialize(request.HasFingerprint());
    StunMessage back;
    Check(StunMessage::Parse(bytes.data(), bytes.size(), back) == StunMessage::PARSE_OK,
          "response parses");
    Check(back.GetId() == request.GetId(), "response ID");
    Check(back.GetAddress(type) == mapped, "mapped address reads back");
    Check(back.GetAddress(StunAttribute::OTHER_ADDRESS) == mapped, "other address reads back");
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    StunMessage m;
    StunMessage::ParseResult r = StunMessage::Parse(data, size, m);
    Check(r < StunMessage::PARSE_RESULT_COUNT, "a result");
    if (r != StunMessage::PARSE_OK)
    {
        return 0;
    }
    for (const StunAttribute& a : m.GetAttributes())
    {
        (void)a.GetAddress(m.GetId());
        (void)a.GetChangeRequest();
        std::optional<uint16_t> code = a.GetErrorCode();
        Check(!code || (*code >= 300 && *code <= 699), "error code in range");
    }
    (void)m.GetUnknownRequired();
    std::vector<uint8_t> again = m.Serialize(m.HasFingerprint());
    Check(again.size() == size, "same size (padding aside)");
    StunMessage back;
    Check(StunMessage::Parse(again.data(), again.size(), back) == StunMessage::PARSE_OK,
          "re-serialized message parses");
    Check(back.GetClass() == m.GetClass() && back.GetMethod() == m.GetMethod() &&
              back.GetId() == m.GetId() && back.HasFingerprint() == m.HasFingerprint(),
          "header kept");
    Check(SameAttributes(m, back), "attributes kept");
    CheckResponse(m, std::vector<uint8_t>(data, data + size));
    return 0;
}
