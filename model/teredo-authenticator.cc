/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-authenticator.h"

#include "teredo-origin-header.h"

#include "ns3/log.h"

#include <nettle/hmac.h>
#include <nettle/memops.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TeredoAuthenticator");

namespace
{

/// \param packet a packet \return its octets
std::vector<uint8_t>
OctetsOf(Ptr<const Packet> packet)
{
    std::vector<uint8_t> octets(packet->GetSize());
    packet->CopyData(octets.data(), octets.size());
    return octets;
}

/// \param header an origin indication \return its 8 octets as sent
std::vector<uint8_t>
OctetsOf(const TeredoOriginHeader& header)
{
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(header);
    return OctetsOf(packet);
}

} // namespace

std::vector<uint8_t>
TeredoAuthenticator::Compute(const std::vector<uint8_t>& secret,
                             const TeredoAuthHeader::Nonce& nonce,
                             uint8_t confirmation,
                             const std::vector<uint8_t>& origin,
                             Ptr<const Packet> ipv6)
{
    hmac_sha1_ctx context;
    hmac_sha1_set_key(&context, secret.size(), secret.data());
    hmac_sha1_update(&context, nonce.size(), nonce.data());
    hmac_sha1_update(&context, 1, &confirmation);
    hmac_sha1_update(&context, origin.size(), origin.data());
    std::vector<uint8_t> packet = OctetsOf(ipv6);
    hmac_sha1_update(&context, packet.size(), packet.data());
    std::vector<uint8_t> value(VALUE_SIZE);
    hmac_sha1_digest(&context, value.size(), value.data());
    return value;
}

Ptr<Packet>
TeredoAuthenticator::Sign(Ptr<const Packet> payload, const std::vector<uint8_t>& secret)
{
    Ptr<Packet> rest = payload->Copy();
    TeredoAuthHeader auth;
    rest->RemoveHeader(auth);
    // An origin indication starts with two zero octets; an IPv6 packet with 0x6.
    uint8_t start[2] = {0xff, 0xff};
    rest->CopyData(start, 2);
    bool hasOrigin = start[0] == 0 && start[1] == 0;
    TeredoOriginHeader origin;
    if (hasOrigin)
    {
        rest->RemoveHeader(origin);
    }
    auth.SetAuthValue(Compute(secret,
                              auth.GetNonce(),
                              auth.GetConfirmation(),
                              hasOrigin ? OctetsOf(origin) : std::vector<uint8_t>(),
                              rest));
    if (hasOrigin)
    {
        rest->AddHeader(origin);
    }
    rest->AddHeader(auth);
    return rest;
}

bool
TeredoAuthenticator::Verify(Ptr<const Packet> payload,
                            const TeredoDatagramInfo& info,
                            const std::vector<uint8_t>& secret)
{
    if (!info.hasAuth || info.auth.GetAuthValue().size() != VALUE_SIZE)
    {
        return false;
    }
    std::vector<uint8_t> expected =
        Compute(secret,
                info.auth.GetNonce(),
                info.auth.GetConfirmation(),
                info.hasOrigin ? OctetsOf(info.origin) : std::vector<uint8_t>(),
                TeredoDatagramClassifier::ExtractIpv6(payload, info));
    // Constant time: how long a comparison takes tells nothing of the value.
    return nettle_memeql_sec(expected.data(), info.auth.GetAuthValue().data(), VALUE_SIZE) != 0;
}

std::vector<uint8_t>
TeredoAuthenticator::ToOctets(const std::string& text)
{
    return std::vector<uint8_t>(text.begin(), text.end());
}

} // namespace ns3
