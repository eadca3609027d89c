/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-address.h"

#include <algorithm>
#include <iomanip>
#include <utility>

namespace ns3
{

namespace
{

uint32_t
ReadU32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

uint16_t
ReadU16(const uint8_t* p)
{
    return uint16_t((p[0] << 8) | p[1]);
}

void
WriteU32(uint8_t* p, uint32_t v)
{
    p[0] = uint8_t(v >> 24);
    p[1] = uint8_t(v >> 16);
    p[2] = uint8_t(v >> 8);
    p[3] = uint8_t(v);
}

void
WriteU16(uint8_t* p, uint16_t v)
{
    p[0] = uint8_t(v >> 8);
    p[1] = uint8_t(v);
}

uint32_t
PrefixBits(Ipv6Address prefix)
{
    uint8_t buf[16];
    prefix.GetBytes(buf);
    return ReadU32(buf);
}

/// IPv4 blocks that are not global unicast, as (network, prefix length).
constexpr std::pair<uint32_t, uint32_t> NON_GLOBAL_IPV4[] = {
    {0x00000000, 8},  // "this network"
    {0x0a000000, 8},  // private (RFC 1918)
    {0x64400000, 10}, // shared address space (RFC 6598)
    {0x7f000000, 8},  // loopback
    {0xa9fe0000, 16}, // link-local
    {0xac100000, 12}, // private
    {0xc0586300, 24}, // 6to4 relay anycast (RFC 3068)
    {0xc0a80000, 16}, // private
    {0xe0000000, 3},  // multicast, reserved, limited broadcast
};

/// The last 64 bits shared by Teredo addresses and Teredo-style link-local addresses.
void
WriteInterfaceId(uint8_t* p, uint16_t flags, uint16_t port, Ipv4Address address)
{
    WriteU16(p, flags);
    WriteU16(p + 2, uint16_t(~port));
    WriteU32(p + 4, ~address.Get());
}

} // namespace

TeredoAddress::TeredoAddress()
    : m_prefix(PrefixBits(GetDefaultPrefix())),
      m_server(uint32_t(0)),
      m_flags(0),
      m_mappedPort(0),
      m_mappedAddr(uint32_t(0))
{
}

TeredoAddress::TeredoAddress(Ipv4Address server,
                             uint16_t flags,
                             uint16_t mappedPort,
                             Ipv4Address mappedAddress,
                             Ipv6Address prefix)
    : m_prefix(PrefixBits(prefix)),
      m_server(server),
      m_flags(flags),
      m_mappedPort(mappedPort),
      m_mappedAddr(mappedAddress)
{
}

TeredoAddress
TeredoAddress::Decode(Ipv6Address address)
{
    uint8_t buf[16];
    address.GetBytes(buf);
    TeredoAddress t;
    t.m_prefix = ReadU32(buf);
    t.m_server = Ipv4Address(ReadU32(buf + 4));
    t.m_flags = ReadU16(buf + 8);
    t.m_mappedPort = uint16_t(~ReadU16(buf + 10));
    t.m_mappedAddr = Ipv4Address(~ReadU32(buf + 12));
    return t;
}

bool
TeredoAddress::IsTeredo(Ipv6Address address, Ipv6Address prefix)
{
    return PrefixBits(address) == PrefixBits(prefix);
}

Ipv6Address
TeredoAddress::GetDefaultPrefix()
{
    return Ipv6Address("2001::");
}

uint16_t
TeredoAddress::MakeFlags(bool cone, uint16_t random12)
{
    // The low 8 random bits fill the second octet, the high 4 the AAAA of the first.
    uint16_t spread = uint16_t(((random12 & 0x0F00) << 2) | (random12 & 0x00FF));
    return uint16_t((cone ? CONE_FLAG : 0) | spread);
}

uint16_t
TeredoAddress::ExtractRandomBits(uint16_t flags)
{
    return uint16_t(((flags & 0x3C00) >> 2) | (flags & 0x00FF));
}

Ipv6Address
TeredoAddress::MakeLinkLocal(uint16_t flags, uint16_t port, Ipv4Address address)
{
    uint8_t buf[16] = {0xfe, 0x80};
    WriteInterfaceId(buf + 8, flags, port, address);
    return Ipv6Address(buf);
}

bool
TeredoAddress::IsGlobalUnicast(Ipv4Address address)
{
    uint32_t a = address.Get();
    for (const auto& [network, length] : NON_GLOBAL_IPV4)
    {
        uint32_t mask = ~uint32_t(0) << (32 - length);
        if ((a & mask) == network)
        {
            return false;
        }
    }
    return true;
}

bool
TeredoAddress::IsGlobalUnicast(Ipv6Address address)
{
    uint8_t b[16];
    address.GetBytes(b);
    if (b[0] == 0xff) // multicast
    {
        return false;
    }
    if (b[0] == 0xfe && ((b[1] & 0xc0) == 0x80 || (b[1] & 0xc0) == 0xc0))
    {
        return false; // link-local fe80::/10, site-local fec0::/10
    }
    bool zero80 = std::all_of(b, b + 10, [](uint8_t x) { return x == 0; });
    bool compatible = zero80 && b[10] == 0 && b[11] == 0; // ::/96, with :: and ::1
    bool mapped = zero80 && b[10] == 0xff && b[11] == 0xff;
    return !compatible && !mapped;
}

Ipv6Address
TeredoAddress::GetConeLinkLocal()
{
    // "TEREDO" in ASCII after the cone flag (RFC 4380 section 5.2.1).
    return Ipv6Address("fe80::8000:5445:5245:444f");
}

Ipv6Address
TeredoAddress::GetNonConeLinkLocal()
{
    return Ipv6Address("fe80::ffff:ffff:ffff");
}

Ipv6Address
TeredoAddress::ToIpv6() const
{
    uint8_t buf[16];
    WriteU32(buf, m_prefix);
    WriteU32(buf + 4, m_server.Get());
    WriteInterfaceId(buf + 8, m_flags, m_mappedPort, m_mappedAddr);
    return Ipv6Address(buf);
}

Ipv6Address
TeredoAddress::GetPrefix() const
{
    uint8_t buf[16] = {};
    WriteU32(buf, m_prefix);
    return Ipv6Address(buf);
}

Ipv4Address
TeredoAddress::GetServer() const
{
    return m_server;
}

uint16_t
TeredoAddress::GetFlags() const
{
    return m_flags;
}

bool
TeredoAddress::IsCone() const
{
    return (m_flags & CONE_FLAG) != 0;
}

uint16_t
TeredoAddress::GetRandomBits() const
{
    return ExtractRandomBits(m_flags);
}

bool
TeredoAddress::HasValidReservedBits() const
{
    return (m_flags & (RESERVED_FLAG | UNIVERSAL_FLAG | GROUP_FLAG)) == 0;
}

uint16_t
TeredoAddress::GetMappedPort() const
{
    return m_mappedPort;
}

Ipv4Address
TeredoAddress::GetMappedAddress() const
{
    return m_mappedAddr;
}

void
TeredoAddress::SetPrefix(Ipv6Address prefix)
{
    m_prefix = PrefixBits(prefix);
}

void
TeredoAddress::SetServer(Ipv4Address server)
{
    m_server = server;
}

void
TeredoAddress::SetFlags(uint16_t flags)
{
    m_flags = flags;
}

void
TeredoAddress::SetMappedPort(uint16_t port)
{
    m_mappedPort = port;
}

void
TeredoAddress::SetMappedAddress(Ipv4Address address)
{
    m_mappedAddr = address;
}

bool
operator==(const TeredoAddress& a, const TeredoAddress& b)
{
    return a.ToIpv6() == b.ToIpv6();
}

bool
operator!=(const TeredoAddress& a, const TeredoAddress& b)
{
    return !(a == b);
}

std::ostream&
operator<<(std::ostream& os, const TeredoAddress& address)
{
    std::ios_base::fmtflags savedFlags = os.flags();
    char savedFill = os.fill();
    os << address.ToIpv6() << " (server " << address.GetServer() << ", flags 0x" << std::hex
       << std::setw(4) << std::setfill('0') << address.GetFlags() << std::dec
       << (address.IsCone() ? " cone" : " non-cone") << ", mapped " << address.GetMappedAddress()
       << ":" << address.GetMappedPort() << ")";
    os.flags(savedFlags);
    os.fill(savedFill);
    return os;
}

} // namespace ns3
