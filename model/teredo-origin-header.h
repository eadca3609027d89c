/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_ORIGIN_HEADER_H
#define TEREDO_ORIGIN_HEADER_H

#include "ns3/header.h"
#include "ns3/ipv4-address.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief The Teredo origin indication (RFC 4380 section 5.1.1).
 *
 * \verbatim
   +--------+--------+-----------------+
   |  0x00  |  0x00  | Origin port     |
   +--------+--------+-----------------+
   |  Origin IPv4 address              |
   +-----------------------------------+
   \endverbatim
 *
 * Port and address travel with every bit inverted (obfuscated); the accessors
 * take and give them in clear. A server adds it to the advertisements and
 * indirect bubbles it relays, telling the receiver where the packet came from.
 */
class TeredoOriginHeader : public Header
{
  public:
    static constexpr uint8_t INDICATOR_TYPE = 0x00; //!< second octet of the indicator
    static constexpr uint32_t SIZE = 8;             //!< serialized size

    TeredoOriginHeader();

    /**
     * \brief Build an indication for an origin.
     * \param address the origin IPv4 address, in clear
     * \param port the origin UDP port, in clear
     */
    TeredoOriginHeader(Ipv4Address address, uint16_t port);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

    /// \param address the origin IPv4 address, in clear
    void SetAddress(Ipv4Address address);
    /// \return the origin IPv4 address, in clear
    Ipv4Address GetAddress() const;
    /// \param port the origin UDP port, in clear
    void SetPort(uint16_t port);
    /// \return the origin UDP port, in clear
    uint16_t GetPort() const;

  private:
    Ipv4Address m_address; //!< origin address, in clear
    uint16_t m_port;       //!< origin port, in clear
};

} // namespace ns3

#endif /* TEREDO_ORIGIN_HEADER_H */
