/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-origin-header.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TeredoOriginHeader");

NS_OBJECT_ENSURE_REGISTERED(TeredoOriginHeader);

TeredoOriginHeader::TeredoOriginHeader()
    : m_address(uint32_t(0)),
      m_port(0)
{
}

TeredoOriginHeader::TeredoOriginHeader(Ipv4Address address, uint16_t port)
    : m_address(address),
      m_port(port)
{
}

TypeId
TeredoOriginHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TeredoOriginHeader")
                            .SetParent<Header>()
                            .SetGroupName("Teredo")
                            .AddConstructor<TeredoOriginHeader>();
    return tid;
}

TypeId
TeredoOriginHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
TeredoOriginHeader::Print(std::ostream& os) const
{
    os << "origin " << m_address << ":" << m_port;
}

uint32_t
TeredoOriginHeader::GetSerializedSize() const
{
    return SIZE;
}

void
TeredoOriginHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    i.WriteU8(0x00);
    i.WriteU8(INDICATOR_TYPE);
    i.WriteHtonU16(uint16_t(~m_port));
    i.WriteHtonU32(~m_address.Get());
}

uint32_t
TeredoOriginHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    i.Next(2); // 0x00 0x00, checked by the classifier
    m_port = uint16_t(~i.ReadNtohU16());
    m_address = Ipv4Address(~i.ReadNtohU32());
    return SIZE;
}

void
TeredoOriginHeader::SetAddress(Ipv4Address address)
{
    m_address = address;
}

Ipv4Address
TeredoOriginHeader::GetAddress() const
{
    return m_address;
}

void
TeredoOriginHeader::SetPort(uint16_t port)
{
    m_port = port;
}

uint16_t
TeredoOriginHeader::GetPort() const
{
    return m_port;
}

} // namespace ns3
