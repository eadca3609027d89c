/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef STUN_MESSAGE_H
#define STUN_MESSAGE_H

#include "stun-attribute.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief A STUN message (RFC 5389 section 6, and the RFC 3489 form): header
 * and attributes, to and from the octets of one UDP datagram.
 *
 * The 16 octets after type and length are kept whole: in an RFC 5389 message
 * the magic cookie and the 96-bit transaction ID, in an RFC 3489 message the
 * 128-bit transaction ID. A message has the RFC 5389 form exactly when they
 * start with the cookie. Parse refuses what is not one well-formed message
 * (and a FINGERPRINT that does not match); it leaves attribute values to the
 * caller, which refuses the ones it cannot read. MESSAGE-INTEGRITY is carried
 * as an opaque attribute: no authentication here.
 */
class StunMessage
{
  public:
    static constexpr uint32_t MAGIC_COOKIE = 0x2112A442; //!< RFC 5389 section 6
    static constexpr uint32_t HEADER_SIZE = 20;          //!< octets of the header
    static constexpr uint16_t BINDING = 0x001;           //!< the Binding method
    /// FINGERPRINT is the CRC-32 of the message before it, XORed with this
    static constexpr uint32_t FINGERPRINT_XOR = 0x5354554e;

    /// The message class (two bits spread in the message type).
    enum Class
    {
        REQUEST = 0,
        INDICATION = 1,
        SUCCESS_RESPONSE = 2,
        ERROR_RESPONSE = 3,
    };

    /// Why Parse refused a datagram.
    enum ParseResult
    {
        PARSE_OK,                //!< a message
        PARSE_TOO_SHORT,         //!< shorter than the header
        PARSE_NOT_STUN,          //!< the first two bits are not zero
        PARSE_BAD_LENGTH,        //!< length not a multiple of 4 or not the datagram's
        PARSE_BAD_ATTRIBUTE,     //!< an attribute runs past the end
        PARSE_BAD_FINGERPRINT,   //!< FINGERPRINT malformed or not matching
        PARSE_AFTER_FINGERPRINT, //!< an attribute follows FINGERPRINT
        PARSE_RESULT_COUNT,      //!< number of results, not a result
    };

    /**
     * \param result a parse result
     * \return its name in kebab-case words
     */
    static std::string ParseResultToString(ParseResult result);

    /// A Binding request, RFC 5389 form, transaction ID all zero.
    StunMessage();

    /**
     * \param cls the class
     * \param method the method (12 bits)
     * \param id the 16 octets after type and length (cookie and transaction
     *        ID, or an RFC 3489 transaction ID)
     */
    StunMessage(Class cls, uint16_t method, const std::array<uint8_t, 16>& id);

    /**
     * \param transactionId a 96-bit transaction ID
     * \return the 16 octets of an RFC 5389 message with it (the cookie first)
     */
    static std::array<uint8_t, 16> MakeId(const std::array<uint8_t, 12>& transactionId);

    /// \return the class
    Class GetClass() const;
    /// \return the method
    uint16_t GetMethod() const;
    /// \return the message type field (class and method interleaved)
    uint16_t GetMessageType() const;
    /// \return the 16 octets after type and length
    const std::array<uint8_t, 16>& GetId() const;
    /// \return whether the message has the RFC 5389 form (starts with the magic cookie)
    bool HasMagicCookie() const;
    /// \return whether the parsed message carried a (matching) FINGERPRINT
    bool HasFingerprint() const;

    /// \param attribute appended (FINGERPRINT is added by Serialize, not here)
    void AddAttribute(const StunAttribute& attribute);
    /**
     * \param type an address attribute type (XOR- forms masked as they must be)
     * \param address an InetSocketAddress or Inet6SocketAddress
     */
    void AddAddress(uint16_t type, const Address& address);
    /// \return the attributes, in order (FINGERPRINT not included)
    const std::vector<StunAttribute>& GetAttributes() const;
    /// \return the first attribute of \p type, or nullptr
    const StunAttribute* Find(uint16_t type) const;
    /// \return the address in the first attribute of \p type, if present and well-formed
    std::optional<Address> GetAddress(uint16_t type) const;
    /// \return the comprehension-required attribute types IsKnown does not know
    std::vector<uint16_t> GetUnknownRequired() const;

    /**
     * \param fingerprint whether to end with a FINGERPRINT attribute
     * \return the octets of the message, attributes padded to 4 octets with zeros
     */
    std::vector<uint8_t> Serialize(bool fingerprint) const;

    /**
     * \param data the datagram
     * \param size its length
     * \param[out] message the message, when PARSE_OK
     * \return PARSE_OK or why the datagram was refused
     */
    static ParseResult Parse(const uint8_t* data, size_t size, StunMessage& message);

    /**
     * \param data octets \param size how many
     * \return their CRC-32 (ISO HDLC, as FINGERPRINT uses)
     */
    static uint32_t Crc32(const uint8_t* data, size_t size);

  private:
    Class m_class;                           //!< class
    uint16_t m_method;                       //!< method
    std::array<uint8_t, 16> m_id;            //!< cookie and transaction ID
    std::vector<StunAttribute> m_attributes; //!< attributes but FINGERPRINT
    bool m_fingerprint{false};               //!< parsed with a FINGERPRINT
};

} // namespace ns3

#endif /* STUN_MESSAGE_H */
