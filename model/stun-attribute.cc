/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "stun-attribute.h"

#include "ns3/inet6-socket-address.h"

namespace ns3
{

namespace
{

constexpr uint8_t FAMILY_IPV4 = 0x01;
constexpr uint8_t FAMILY_IPV6 = 0x02;

} // namespace

StunAttribute::StunAttribute(uint16_t type, std::vector<uint8_t> value)
    : m_type(type),
      m_value(std::move(value))
{
    if (m_value.size() > 0xffff)
    {
        m_value.resize(0xffff); // the length field cannot say more
    }
}

uint16_t
StunAttribute::GetType() const
{
    return m_type;
}

const std::vector<uint8_t>&
StunAttribute::GetValue() const
{
    return m_value;
}

bool
StunAttribute::IsComprehensionRequired() const
{
    return m_type < 0x8000;
}

bool
StunAttribute::IsKnown(uint16_t type)
{
    switch (type)
    {
    case MAPPED_ADDRESS:
    case CHANGE_REQUEST:
    case SOURCE_ADDRESS:
    case CHANGED_ADDRESS:
    case ERROR_CODE:
    case UNKNOWN_ATTRIBUTES:
    case XOR_MAPPED_ADDRESS:
    case SOFTWARE:
    case FINGERPRINT:
    case RESPONSE_ORIGIN:
    case OTHER_ADDRESS:
        return true;
    default:
        return false;
    }
}

bool
StunAttribute::IsXorAddress(uint16_t type)
{
    return type == XOR_MAPPED_ADDRESS;
}

StunAttribute
StunAttribute::MakeAddress(uint16_t type,
                           const Address& address,
                           const std::array<uint8_t, 16>& key)
{
    // The XOR mask: the port with the cookie's first two octets, the address
    // with the cookie (IPv4) or the cookie and transaction ID (IPv6).
    const bool masked = IsXorAddress(type);
    std::vector<uint8_t> v(4);
    uint16_t port = 0;
    if (InetSocketAddress::IsMatchingType(address))
    {
        InetSocketAddress a = InetSocketAddress::ConvertFrom(address);
        v[1] = FAMILY_IPV4;
        port = a.GetPort();
        v.resize(8);
        a.GetIpv4().Serialize(&v[4]);
    }
    else
    {
        Inet6SocketAddress a = Inet6SocketAddress::ConvertFrom(address);
        v[1] = FAMILY_IPV6;
        port = a.GetPort();
        v.resize(20);
        a.GetIpv6().Serialize(&v[4]);
    }
    v[2] = uint8_t(port >> 8);
    v[3] = uint8_t(port);
    if (masked)
    {
        v[2] ^= key[0];
        v[3] ^= key[1];
        for (size_t k = 4; k < v.size(); ++k)
        {
            v[k] ^= key[k - 4];
        }
    }
    return StunAttribute(type, std::move(v));
}

std::optional<Address>
StunAttribute::GetAddress(const std::array<uint8_t, 16>& key) const
{
    const std::vector<uint8_t>& v = m_value;
    if (v.size() < 4 ||
        !((v[1] == FAMILY_IPV4 && v.size() == 8) || (v[1] == FAMILY_IPV6 && v.size() == 20)))
    {
        return std::nullopt;
    }
    // Port and address, unmasked: both start over at the key's first octet.
    std::array<uint8_t, 18> b{};
    const bool masked = IsXorAddress(m_type);
    for (size_t k = 2; k < v.size(); ++k)
    {
        size_t keyIndex = k < 4 ? k - 2 : k - 4;
        b[k - 2] = masked ? uint8_t(v[k] ^ key[keyIndex]) : v[k];
    }
    uint16_t port = uint16_t((b[0] << 8) | b[1]);
    if (v[1] == FAMILY_IPV4)
    {
        return Address(InetSocketAddress(Ipv4Address::Deserialize(&b[2]), port));
    }
    return Address(Inet6SocketAddress(Ipv6Address::Deserialize(&b[2]), port));
}

StunAttribute
StunAttribute::MakeChangeRequest(uint32_t flags)
{
    return StunAttribute(
        CHANGE_REQUEST,
        {uint8_t(flags >> 24), uint8_t(flags >> 16), uint8_t(flags >> 8), uint8_t(flags)});
}

std::optional<uint32_t>
StunAttribute::GetChangeRequest() const
{
    if (m_value.size() != 4)
    {
        return std::nullopt;
    }
    return (uint32_t(m_value[0]) << 24) | (uint32_t(m_value[1]) << 16) |
           (uint32_t(m_value[2]) << 8) | m_value[3];
}

StunAttribute
StunAttribute::MakeErrorCode(uint16_t code, const std::string& reason)
{
    std::vector<uint8_t> v{0, 0, uint8_t((code / 100) & 0x07), uint8_t(code % 100)};
    v.insert(v.end(), reason.begin(), reason.end());
    return StunAttribute(ERROR_CODE, std::move(v));
}

std::optional<uint16_t>
StunAttribute::GetErrorCode() const
{
    if (m_value.size() < 4 || (m_value[2] & 0x07) < 3 || (m_value[2] & 0x07) > 6 || m_value[3] > 99)
    {
        return std::nullopt;
    }
    return uint16_t((m_value[2] & 0x07) * 100 + m_value[3]);
}

StunAttribute
StunAttribute::MakeUnknownAttributes(const std::vector<uint16_t>& types)
{
    std::vector<uint8_t> v;
    for (uint16_t t : types)
    {
        v.push_back(uint8_t(t >> 8));
        v.push_back(uint8_t(t));
    }
    return StunAttribute(UNKNOWN_ATTRIBUTES, std::move(v));
}

} // namespace ns3
