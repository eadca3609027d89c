/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-auth-header.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <iomanip>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TeredoAuthHeader");

NS_OBJECT_ENSURE_REGISTERED(TeredoAuthHeader);

TeredoAuthHeader::TeredoAuthHeader()
    : m_nonce{},
      m_confirmation(0)
{
}

TypeId
TeredoAuthHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TeredoAuthHeader")
                            .SetParent<Header>()
                            .SetGroupName("Teredo")
                            .AddConstructor<TeredoAuthHeader>();
    return tid;
}

TypeId
TeredoAuthHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
TeredoAuthHeader::Print(std::ostream& os) const
{
    std::ios_base::fmtflags savedFlags = os.flags();
    char savedFill = os.fill();
    os << "auth id-len=" << m_clientId.size() << " au-len=" << m_authValue.size() << " nonce=";
    os << std::hex << std::setfill('0');
    for (uint8_t b : m_nonce)
    {
        os << std::setw(2) << unsigned(b);
    }
    os << std::dec << " conf=" << unsigned(m_confirmation);
    os.flags(savedFlags);
    os.fill(savedFill);
}

uint32_t
TeredoAuthHeader::GetSerializedSize() const
{
    return MIN_SIZE + m_clientId.size() + m_authValue.size();
}

void
TeredoAuthHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    i.WriteU8(0x00);
    i.WriteU8(INDICATOR_TYPE);
    i.WriteU8(uint8_t(m_clientId.size()));
    i.WriteU8(uint8_t(m_authValue.size()));
    i.Write(m_clientId.data(), m_clientId.size());
    i.Write(m_authValue.data(), m_authValue.size());
    i.Write(m_nonce.data(), m_nonce.size());
    i.WriteU8(m_confirmation);
}

uint32_t
TeredoAuthHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    i.Next(2); // 0x00 0x01, checked by the classifier
    uint8_t idLen = i.ReadU8();
    uint8_t auLen = i.ReadU8();
    m_clientId.resize(idLen);
    i.Read(m_clientId.data(), idLen);
    m_authValue.resize(auLen);
    i.Read(m_authValue.data(), auLen);
    i.Read(m_nonce.data(), m_nonce.size());
    m_confirmation = i.ReadU8();
    return GetSerializedSize();
}

void
TeredoAuthHeader::SetClientId(const std::vector<uint8_t>& id)
{
    NS_ABORT_MSG_IF(id.size() > 255, "Teredo client identifier longer than 255 octets");
    m_clientId = id;
}

const std::vector<uint8_t>&
TeredoAuthHeader::GetClientId() const
{
    return m_clientId;
}

void
TeredoAuthHeader::SetAuthValue(const std::vector<uint8_t>& value)
{
    NS_ABORT_MSG_IF(value.size() > 255, "Teredo authentication value longer than 255 octets");
    m_authValue = value;
}

const std::vector<uint8_t>&
TeredoAuthHeader::GetAuthValue() const
{
    return m_authValue;
}

void
TeredoAuthHeader::SetNonce(const Nonce& nonce)
{
    m_nonce = nonce;
}

void
TeredoAuthHeader::SetNonce(uint64_t nonce)
{
    for (uint32_t k = 0; k < NONCE_SIZE; ++k)
    {
        m_nonce[k] = uint8_t(nonce >> (8 * (NONCE_SIZE - 1 - k)));
    }
}

const TeredoAuthHeader::Nonce&
TeredoAuthHeader::GetNonce() const
{
    return m_nonce;
}

uint64_t
TeredoAuthHeader::GetNonceValue() const
{
    uint64_t v = 0;
    for (uint8_t b : m_nonce)
    {
        v = (v << 8) | b;
    }
    return v;
}

void
TeredoAuthHeader::SetConfirmation(uint8_t confirmation)
{
    m_confirmation = confirmation;
}

uint8_t
TeredoAuthHeader::GetConfirmation() const
{
    return m_confirmation;
}

} // namespace ns3
