/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef STUN_ATTRIBUTE_H
#define STUN_ATTRIBUTE_H

#include "ns3/address.h"
#include "ns3/inet-socket-address.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief One STUN attribute (RFC 5389 section 15): a type and a value, with the
 * codecs of the attributes NAT behaviour discovery uses.
 *
 * Address attributes share MAPPED-ADDRESS's layout (reserved octet, family,
 * port, address); the XOR- forms mask port and address with the 16 octets that
 * follow a message's type and length (magic cookie and transaction ID), as
 * RFC 5389 section 15.2 says. The value is kept unpadded; StunMessage pads.
 */
class StunAttribute
{
  public:
    /// Attribute types (RFC 3489, RFC 5389, RFC 5780).
    enum Type : uint16_t
    {
        MAPPED_ADDRESS = 0x0001,
        RESPONSE_ADDRESS = 0x0002, //!< RFC 3489 only
        CHANGE_REQUEST = 0x0003,
        SOURCE_ADDRESS = 0x0004,  //!< RFC 3489 only
        CHANGED_ADDRESS = 0x0005, //!< RFC 3489 only
        USERNAME = 0x0006,
        PASSWORD = 0x0007, //!< RFC 3489 only
        MESSAGE_INTEGRITY = 0x0008,
        ERROR_CODE = 0x0009,
        UNKNOWN_ATTRIBUTES = 0x000A,
        REFLECTED_FROM = 0x000B, //!< RFC 3489 only
        REALM = 0x0014,
        NONCE = 0x0015,
        XOR_MAPPED_ADDRESS = 0x0020,
        PADDING = 0x0026,
        RESPONSE_PORT = 0x0027,
        SOFTWARE = 0x8022,
        ALTERNATE_SERVER = 0x8023,
        CACHE_TIMEOUT = 0x8027,
        FINGERPRINT = 0x8028,
        RESPONSE_ORIGIN = 0x802b,
        OTHER_ADDRESS = 0x802c,
    };

    static constexpr uint32_t CHANGE_IP = 0x04;   //!< CHANGE-REQUEST's "change IP" flag
    static constexpr uint32_t CHANGE_PORT = 0x02; //!< CHANGE-REQUEST's "change port" flag

    /**
     * \param type the attribute type
     * \param value the value, unpadded (at most 65535 octets)
     */
    StunAttribute(uint16_t type, std::vector<uint8_t> value);

    /// \return the type
    uint16_t GetType() const;
    /// \return the value, unpadded
    const std::vector<uint8_t>& GetValue() const;
    /// \return whether a receiver that does not know the type must refuse the message
    bool IsComprehensionRequired() const;
    /// \return whether NatProbeServer and NatProbeClient understand \p type
    static bool IsKnown(uint16_t type);
    /// \return whether \p type is an address with the XOR- encoding
    static bool IsXorAddress(uint16_t type);

    /**
     * \param type an address attribute type (XOR- types are masked with \p key)
     * \param address an IPv4 or IPv6 transport address (InetSocketAddress or
     *        Inet6SocketAddress)
     * \param key the 16 octets after a message's type and length
     * \return the attribute
     */
    static StunAttribute MakeAddress(uint16_t type,
                                     const Address& address,
                                     const std::array<uint8_t, 16>& key);

    /**
     * \param key the 16 octets after the message's type and length
     * \return the address (InetSocketAddress or Inet6SocketAddress), or nothing if
     *         the value is not a well-formed address
     */
    std::optional<Address> GetAddress(const std::array<uint8_t, 16>& key) const;

    /**
     * \param flags CHANGE_IP and/or CHANGE_PORT
     * \return a CHANGE-REQUEST attribute
     */
    static StunAttribute MakeChangeRequest(uint32_t flags);
    /// \return the CHANGE-REQUEST flags, or nothing if the value is not 4 octets
    std::optional<uint32_t> GetChangeRequest() const;

    /**
     * \param code the error code (300 to 699)
     * \param reason the reason phrase
     * \return an ERROR-CODE attribute
     */
    static StunAttribute MakeErrorCode(uint16_t code, const std::string& reason);
    /// \return the ERROR-CODE's code, or nothing if malformed
    std::optional<uint16_t> GetErrorCode() const;

    /**
     * \param types the attribute types not understood
     * \return an UNKNOWN-ATTRIBUTES attribute
     */
    static StunAttribute MakeUnknownAttributes(const std::vector<uint16_t>& types);

  private:
    uint16_t m_type;              //!< attribute type
    std::vector<uint8_t> m_value; //!< value, unpadded
};

} // namespace ns3

#endif /* STUN_ATTRIBUTE_H */
