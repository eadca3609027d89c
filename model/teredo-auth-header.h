/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_AUTH_HEADER_H
#define TEREDO_AUTH_HEADER_H

#include "ns3/header.h"

#include <array>
#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief The Teredo authentication indicator (RFC 4380 section 5.1.1).
 *
 * \verbatim
   +--------+--------+--------+--------+
   |  0x00  |  0x01  | ID-len | AU-len |
   +--------+--------+--------+--------+
   |  Client identifier (ID-len octets)|
   +-----------------------------------+
   |  Authentication value (AU-len oct)|
   +-----------------------------------+
   |  Nonce (8 octets)                 |
   +--------+--------------------------+
   | Conf.  |
   +--------+
   \endverbatim
 *
 * Carried first in router solicitations and advertisements; the nonce ties an
 * advertisement to the solicitation it answers.
 */
class TeredoAuthHeader : public Header
{
  public:
    static constexpr uint8_t INDICATOR_TYPE = 0x01; //!< second octet of the indicator
    static constexpr uint32_t MIN_SIZE = 13;        //!< size with empty identifier and value
    static constexpr uint32_t NONCE_SIZE = 8;       //!< octets of the nonce

    /// The nonce, as it appears on the wire.
    using Nonce = std::array<uint8_t, NONCE_SIZE>;

    TeredoAuthHeader();

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \copydoc Header::Deserialize
     *
     * The caller must have checked that the buffer holds the whole indicator
     * (TeredoDatagramClassifier does); this reads the lengths it finds.
     */
    uint32_t Deserialize(Buffer::Iterator start) override;

    /// \param id the client identifier (at most 255 octets)
    void SetClientId(const std::vector<uint8_t>& id);
    /// \return the client identifier
    const std::vector<uint8_t>& GetClientId() const;
    /// \param value the authentication value (at most 255 octets)
    void SetAuthValue(const std::vector<uint8_t>& value);
    /// \return the authentication value
    const std::vector<uint8_t>& GetAuthValue() const;
    /// \param nonce the 8-octet nonce
    void SetNonce(const Nonce& nonce);
    /// \param nonce the nonce as a 64-bit number, most significant octet first on the wire
    void SetNonce(uint64_t nonce);
    /// \return the nonce
    const Nonce& GetNonce() const;
    /// \return the nonce as a 64-bit number, first octet most significant
    uint64_t GetNonceValue() const;
    /// \param confirmation the confirmation byte (non-zero: the client's state is refused)
    void SetConfirmation(uint8_t confirmation);
    /// \return the confirmation byte
    uint8_t GetConfirmation() const;

  private:
    std::vector<uint8_t> m_clientId;  //!< client identifier
    std::vector<uint8_t> m_authValue; //!< authentication value
    Nonce m_nonce;                    //!< nonce
    uint8_t m_confirmation;           //!< confirmation byte
};

} // namespace ns3

#endif /* TEREDO_AUTH_HEADER_H */
