/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "stun-message.h"

namespace ns3
{

namespace
{

uint16_t
Read16(const uint8_t* p)
{
    return uint16_t((p[0] << 8) | p[1]);
}

void
Append16(std::vector<uint8_t>& out, uint16_t v)
{
    out.push_back(uint8_t(v >> 8));
    out.push_back(uint8_t(v));
}

void
Append32(std::vector<uint8_t>& out, uint32_t v)
{
    Append16(out, uint16_t(v >> 16));
    Append16(out, uint16_t(v));
}

} // namespace

std::string
StunMessage::ParseResultToString(ParseResult result)
{
    switch (result)
    {
    case PARSE_OK:
        return "ok";
    case PARSE_TOO_SHORT:
        return "too-short";
    case PARSE_NOT_STUN:
        return "not-stun";
    case PARSE_BAD_LENGTH:
        return "bad-length";
    case PARSE_BAD_ATTRIBUTE:
        return "bad-attribute";
    case PARSE_BAD_FINGERPRINT:
        return "bad-fingerprint";
    case PARSE_AFTER_FINGERPRINT:
        return "after-fingerprint";
    case PARSE_RESULT_COUNT:
        break;
    }
    return "unknown";
}

StunMessage::StunMessage()
    : StunMessage(REQUEST, BINDING, MakeId({}))
{
}

StunMessage::StunMessage(Class cls, uint16_t method, const std::array<uint8_t, 16>& id)
    : m_class(cls),
      m_method(uint16_t(method & 0x0fff)),
      m_id(id)
{
}

std::array<uint8_t, 16>
StunMessage::MakeId(const std::array<uint8_t, 12>& transactionId)
{
    std::array<uint8_t, 16> id{uint8_t(MAGIC_COOKIE >> 24),
                               uint8_t(MAGIC_COOKIE >> 16),
                               uint8_t(MAGIC_COOKIE >> 8),
                               uint8_t(MAGIC_COOKIE)};
    std::copy(transactionId.begin(), transactionId.end(), id.begin() + 4);
    return id;
}

StunMessage::Class
StunMessage::GetClass() const
{
    return m_class;
}

uint16_t
StunMessage::GetMethod() const
{
    return m_method;
}

uint16_t
StunMessage::GetMessageType() const
{
    // Method bits M0-M3, C0, M4-M6, C1, M7-M11 (RFC 5389 figure 3).
    uint16_t m = m_method;
    uint16_t c = uint16_t(m_class);
    return uint16_t((m & 0x000f) | ((c & 1) << 4) | ((m & 0x0070) << 1) | ((c & 2) << 7) |
                    ((m & 0x0f80) << 2));
}

const std::array<uint8_t, 16>&
StunMessage::GetId() const
{
    return m_id;
}

bool
StunMessage::HasMagicCookie() const
{
    return m_id[0] == uint8_t(MAGIC_COOKIE >> 24) && m_id[1] == uint8_t(MAGIC_COOKIE >> 16) &&
           m_id[2] == uint8_t(MAGIC_COOKIE >> 8) && m_id[3] == uint8_t(MAGIC_COOKIE);
}

bool
StunMessage::HasFingerprint() const
{
    return m_fingerprint;
}

void
StunMessage::AddAttribute(const StunAttribute& attribute)
{
    m_attributes.push_back(attribute);
}

void
StunMessage::AddAddress(uint16_t type, const Address& address)
{
    m_attributes.push_back(StunAttribute::MakeAddress(type, address, m_id));
}

const std::vector<StunAttribute>&
StunMessage::GetAttributes() const
{
    return m_attributes;
}

const StunAttribute*
StunMessage::Find(uint16_t type) const
{
    for (const StunAttribute& a : m_attributes)
    {
        if (a.GetType() == type)
        {
            return &a;
        }
    }
    return nullptr;
}

std::optional<Address>
StunMessage::GetAddress(uint16_t type) const
{
    const StunAttribute* a = Find(type);
    return a ? a->GetAddress(m_id) : std::nullopt;
}

std::vector<uint16_t>
StunMessage::GetUnknownRequired() const
{
    std::vector<uint16_t> unknown;
    for (const StunAttribute& a : m_attributes)
    {
        if (a.IsComprehensionRequired() && !StunAttribute::IsKnown(a.GetType()))
        {
            unknown.push_back(a.GetType());
        }
    }
    return unknown;
}

std::vector<uint8_t>
StunMessage::Serialize(bool fingerprint) const
{
    std::vector<uint8_t> out;
    Append16(out, GetMessageType());
    Append16(out, 0); // length, set below
    out.insert(out.end(), m_id.begin(), m_id.end());
    for (const StunAttribute& a : m_attributes)
    {
        Append16(out, a.GetType());
        Append16(out, uint16_t(a.GetValue().size()));
        out.insert(out.end(), a.GetValue().begin(), a.GetValue().end());
        out.resize((out.size() + 3) & ~size_t(3), 0);
    }
    // The length counts FINGERPRINT before the CRC covers the header.
    size_t length = out.size() - HEADER_SIZE + (fingerprint ? 8 : 0);
    out[2] = uint8_t(length >> 8);
    out[3] = uint8_t(length);
    if (fingerprint)
    {
        uint32_t crc = Crc32(out.data(), out.size()) ^ FINGERPRINT_XOR;
        Append16(out, StunAttribute::FINGERPRINT);
        Append16(out, 4);
        Append32(out, crc);
    }
    return out;
}

StunMessage::ParseResult
StunMessage::Parse(const uint8_t* data, size_t size, StunMessage& message)
{
    if (size < HEADER_SIZE)
    {
        return PARSE_TOO_SHORT;
    }
    uint16_t type = Read16(data);
    if (type & 0xc000)
    {
        return PARSE_NOT_STUN;
    }
    uint16_t length = Read16(data + 2);
    if (length % 4 != 0 || size_t(length) + HEADER_SIZE != size)
    {
        return PARSE_BAD_LENGTH;
    }
    uint16_t method = uint16_t((type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2));
    auto cls = Class(((type >> 4) & 1) | ((type >> 7) & 2));
    std::array<uint8_t, 16> id;
    std::copy(data + 4, data + HEADER_SIZE, id.begin());
    StunMessage m(cls, method, id);
    size_t at = HEADER_SIZE;
    while (at < size)
    {
        if (m.m_fingerprint)
        {
            return PARSE_AFTER_FINGERPRINT;
        }
        if (size - at < 4)
        {
            return PARSE_BAD_ATTRIBUTE;
        }
        uint16_t attrType = Read16(data + at);
        size_t attrLength = Read16(data + at + 2);
        size_t padded = (attrLength + 3) & ~size_t(3);
        if (padded > size - at - 4)
        {
            return PARSE_BAD_ATTRIBUTE;
        }
        const uint8_t* value = data + at + 4;
        if (attrType == StunAttribute::FINGERPRINT)
        {
            uint32_t crc = Crc32(data, at) ^ FINGERPRINT_XOR;
            if (attrLength != 4 || (uint32_t(Read16(value)) << 16 | Read16(value + 2)) != crc)
            {
                return PARSE_BAD_FINGERPRINT;
            }
            m.m_fingerprint = true;
        }
        else
        {
            m.m_attributes.emplace_back(attrType, std::vector<uint8_t>(value, value + attrLength));
        }
        at += 4 + padded;
    }
    message = std::move(m);
    return PARSE_OK;
}

uint32_t
StunMessage::Crc32(const uint8_t* data, size_t size)
{
    // Bitwise, reflected polynomial 0xEDB88320: the messages are short.
    uint32_t crc = 0xffffffff;
    for (size_t k = 0; k < size; ++k)
    {
        crc ^= data[k];
        for (int bit = 0; bit < 8; ++bit)
        {
            crc = (crc >> 1) ^ (0xedb88320 & (0u - (crc & 1)));
        }
    }
    return ~crc;
}

} // namespace ns3
