/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_AUTHENTICATOR_H
#define TEREDO_AUTHENTICATOR_H

#include "teredo-auth-header.h"
#include "teredo-datagram-classifier.h"

#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief The authentication value of secure qualification (RFC 4380 section
 * 5.2.2): HMAC-SHA1 keyed with the secret a client shares with its server,
 * over the nonce, the confirmation byte, the origin indication when there is
 * one, and the IPv6 packet, concatenated.
 *
 * Wire format only: no simulator. The HMAC is nettle's (Debian's libnettle),
 * and values are compared in constant time.
 *
 * RFC 4380 does not say how long the value is; it is the whole SHA-1 output,
 * 20 octets (VALUE_SIZE), and a value of any other length fails.
 */
class TeredoAuthenticator
{
  public:
    static constexpr uint32_t VALUE_SIZE = 20; //!< octets of an HMAC-SHA1 value

    /**
     * \brief Compute the authentication value.
     * \param secret the shared secret (the HMAC key)
     * \param nonce the indicator's nonce
     * \param confirmation the indicator's confirmation byte
     * \param origin the origin indication's 8 octets as sent, or empty when none
     * \param ipv6 the IPv6 packet that follows the indicators
     * \return the VALUE_SIZE octets
     */
    static std::vector<uint8_t> Compute(const std::vector<uint8_t>& secret,
                                        const TeredoAuthHeader::Nonce& nonce,
                                        uint8_t confirmation,
                                        const std::vector<uint8_t>& origin,
                                        Ptr<const Packet> ipv6);

    /**
     * \brief Sign a Teredo UDP payload that starts with an authentication
     * indicator: its value is computed over the payload and written in.
     * \param payload the payload (authentication indicator, perhaps an origin
     *        indication, then the IPv6 packet); the indicator's value is ignored
     * \param secret the shared secret
     * \return the same payload with the value in its indicator (AU-len 20)
     */
    static Ptr<Packet> Sign(Ptr<const Packet> payload, const std::vector<uint8_t>& secret);

    /**
     * \brief Check the authentication value of a received payload.
     * \param payload the UDP payload
     * \param info what the classifier found in it
     * \param secret the shared secret
     * \return whether it carries an authentication indicator whose value is
     *         the one the secret gives
     */
    static bool Verify(Ptr<const Packet> payload,
                       const TeredoDatagramInfo& info,
                       const std::vector<uint8_t>& secret);

    /// \param text a string \return its octets (client identifiers and secrets)
    static std::vector<uint8_t> ToOctets(const std::string& text);
};

} // namespace ns3

#endif /* TEREDO_AUTHENTICATOR_H */
