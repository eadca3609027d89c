/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_ADDRESS_H
#define TEREDO_ADDRESS_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \defgroup teredo Teredo
 *
 * Teredo, IPv6 over UDP/IPv4 through NATs (RFC 4380, RFC 5991, RFC 6081):
 * wire format, protocol roles and helpers. See doc/teredo.rst.
 */

/**
 * \ingroup teredo
 * \brief A Teredo IPv6 address (RFC 4380 section 4, flags per RFC 5991).
 *
 * Layout, most significant bits first:
 *
 * | bits    | field                                             |
 * |---------|---------------------------------------------------|
 * | 0-31    | Teredo prefix (2001::/32 unless configured)       |
 * | 32-63   | IPv4 address of the client's Teredo server        |
 * | 64-79   | flags `CRAAAAUG AAAAAAAA`                         |
 * | 80-95   | mapped UDP port, every bit inverted               |
 * | 96-127  | mapped IPv4 address, every bit inverted           |
 *
 * C is the cone flag, R is reserved, U and G must be zero (RFC 4291 meaning),
 * and the twelve A bits are random (RFC 5991 section 4), to make scanning
 * for Teredo addresses harder.
 *
 * This class is pure value arithmetic: it needs no simulator.
 */
class TeredoAddress
{
  public:
    static constexpr uint16_t CONE_FLAG = 0x8000;         //!< C bit
    static constexpr uint16_t RESERVED_FLAG = 0x4000;     //!< R bit
    static constexpr uint16_t UNIVERSAL_FLAG = 0x0200;    //!< U bit
    static constexpr uint16_t GROUP_FLAG = 0x0100;        //!< G bit
    static constexpr uint16_t RANDOM_FLAGS_MASK = 0x3CFF; //!< the twelve A bits
    static constexpr uint16_t SERVER_PORT = 3544;         //!< IANA port of Teredo servers

    /**
     * \brief An all-zero address under the default prefix.
     */
    TeredoAddress();

    /**
     * \brief Build an address from its fields (values given in clear, not obfuscated).
     * \param server the Teredo server's IPv4 address
     * \param flags the 16 flag bits
     * \param mappedPort the client's external (NAT-mapped) UDP port
     * \param mappedAddress the client's external (NAT-mapped) IPv4 address
     * \param prefix the Teredo prefix; only its first 32 bits are used
     */
    TeredoAddress(Ipv4Address server,
                  uint16_t flags,
                  uint16_t mappedPort,
                  Ipv4Address mappedAddress,
                  Ipv6Address prefix = GetDefaultPrefix());

    /**
     * \brief Read the fields of an IPv6 address laid out as a Teredo address.
     *
     * Whatever the first 32 bits are, they become the prefix; check IsTeredo()
     * first when that matters.
     * \param address the IPv6 address
     * \return the decoded fields
     */
    static TeredoAddress Decode(Ipv6Address address);

    /**
     * \brief Tell whether an address lies in a Teredo prefix.
     * \param address the IPv6 address to test
     * \param prefix the Teredo prefix (a /32; only its first 32 bits are compared)
     * \return true when the first 32 bits of both are equal
     */
    static bool IsTeredo(Ipv6Address address, Ipv6Address prefix = GetDefaultPrefix());

    /// \return 2001:: (the RFC 4380 prefix, a /32)
    static Ipv6Address GetDefaultPrefix();

    /**
     * \brief Spread a 12-bit random value over the A bits and add the cone flag.
     * \param cone whether the C bit is set
     * \param random12 the random value; bits above the twelfth are ignored
     * \return the 16 flag bits, with R, U and G clear
     */
    static uint16_t MakeFlags(bool cone, uint16_t random12);

    /**
     * \brief Gather the twelve A bits of a flags field into one number.
     * \param flags the 16 flag bits
     * \return a value in [0, 4095]
     */
    static uint16_t ExtractRandomBits(uint16_t flags);

    /**
     * \brief A link-local address whose interface identifier is laid out like the
     * last 64 bits of a Teredo address: flags, obfuscated port, obfuscated IPv4.
     *
     * Miredo's server, for example, sends its router advertisements from
     * fe80::8000:f227:&lt;its IPv4 address inverted&gt;.
     * \param flags the 16 flag bits
     * \param port the UDP port, in clear
     * \param address the IPv4 address, in clear
     * \return the link-local address
     */
    static Ipv6Address MakeLinkLocal(uint16_t flags, uint16_t port, Ipv4Address address);

    /**
     * \brief Tell whether an IPv4 address has the format of a global unicast
     * address: not in 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12,
     * 192.88.99/24 (6to4 relay anycast), 192.168/16, nor multicast, reserved or
     * broadcast (224/3). Documentation ranges count as global, since
     * simulations use them as public addresses.
     *
     * A Teredo server, mapped address or relay must pass it (RFC 4380 section 5.3.1).
     * \param address the address
     * \return whether it is global unicast
     */
    static bool IsGlobalUnicast(Ipv4Address address);

    /**
     * \brief Tell whether an IPv6 address is one Teredo may send a packet to or
     * accept one from: not unspecified (::), loopback (::1), multicast
     * (ff00::/8), link-local (fe80::/10), site-local (fec0::/10, deprecated by
     * RFC 3879), IPv4-mapped (::ffff:0:0/96) nor IPv4-compatible (::/96, which
     * holds :: and ::1).
     *
     * Unique-local addresses (fc00::/7) count as global: they are forwarded
     * within a site. Teredo addresses count as global here; check their
     * embedded server and mapped address with the IPv4 overload.
     * \param address the address
     * \return whether it is global unicast
     */
    static bool IsGlobalUnicast(Ipv6Address address);

    /// \return fe80::8000:5445:5245:444f, the RS source of a client asking as cone
    static Ipv6Address GetConeLinkLocal();

    /// \return fe80::ffff:ffff:ffff, the RS source of a client asking as non-cone
    static Ipv6Address GetNonConeLinkLocal();

    /// \return the address as IPv6
    Ipv6Address ToIpv6() const;

    /// \return the prefix (first 32 bits significant, the rest zero)
    Ipv6Address GetPrefix() const;
    /// \return the server's IPv4 address
    Ipv4Address GetServer() const;
    /// \return the 16 flag bits
    uint16_t GetFlags() const;
    /// \return whether the cone flag is set
    bool IsCone() const;
    /// \return the twelve random A bits gathered into one number
    uint16_t GetRandomBits() const;
    /// \return whether R, U and G are all zero, as RFC 5991 requires
    bool HasValidReservedBits() const;
    /// \return the mapped (external) UDP port, in clear
    uint16_t GetMappedPort() const;
    /// \return the mapped (external) IPv4 address, in clear
    Ipv4Address GetMappedAddress() const;

    /// \param prefix the Teredo prefix (first 32 bits used)
    void SetPrefix(Ipv6Address prefix);
    /// \param server the server's IPv4 address
    void SetServer(Ipv4Address server);
    /// \param flags the 16 flag bits
    void SetFlags(uint16_t flags);
    /// \param port the mapped UDP port, in clear
    void SetMappedPort(uint16_t port);
    /// \param address the mapped IPv4 address, in clear
    void SetMappedAddress(Ipv4Address address);

  private:
    uint32_t m_prefix;        //!< first 32 bits of the address
    Ipv4Address m_server;     //!< server address, in clear
    uint16_t m_flags;         //!< flag bits
    uint16_t m_mappedPort;    //!< mapped port, in clear
    Ipv4Address m_mappedAddr; //!< mapped address, in clear
};

/// \return true when both encode to the same IPv6 address
bool operator==(const TeredoAddress& a, const TeredoAddress& b);
/// \return true when they encode to different IPv6 addresses
bool operator!=(const TeredoAddress& a, const TeredoAddress& b);

/**
 * \brief Print the address and its decoded fields.
 * \param os the stream
 * \param address the address
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const TeredoAddress& address);

} // namespace ns3

#endif /* TEREDO_ADDRESS_H */
