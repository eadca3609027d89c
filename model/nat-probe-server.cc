/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "nat-probe-server.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NatProbeServer");

NS_OBJECT_ENSURE_REGISTERED(NatProbeServer);

TypeId
NatProbeServer::GetTypeId()
{
    // A deprecated name shares its checker with the new one: ns-3 finds the
    // values given at construction (helpers, ObjectFactory) by checker, so a
    // value given under either name sets both. The deprecated names' initial
    // values leave the new ones alone (0.0.0.0 is ignored, port 0 fails the
    // checker), so that Config::SetDefault of either name holds too.
    static Ptr<const AttributeChecker> secondaryAddressChecker = MakeIpv4AddressChecker();
    static Ptr<const AttributeChecker> secondaryPortChecker = MakeUintegerChecker<uint16_t>(1);
    static TypeId tid =
        TypeId("ns3::NatProbeServer")
            .SetParent<Application>()
            .SetGroupName("Teredo")
            .AddConstructor<NatProbeServer>()
            .AddAttribute("PrimaryAddress",
                          "The server's first address (the node must hold it)",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&NatProbeServer::m_primaryAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("SecondaryAddress",
                          "The server's second address (the node must hold it)",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&NatProbeServer::m_secondaryAddress),
                          secondaryAddressChecker)
            .AddAttribute("AlternateAddress",
                          "Deprecated: use SecondaryAddress.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&NatProbeServer::SetAlternateAddress,
                                                  &NatProbeServer::GetSecondaryAddress),
                          secondaryAddressChecker,
                          TypeId::DEPRECATED,
                          "use SecondaryAddress")
            .AddAttribute("PrimaryPort",
                          "The first port, on both addresses",
                          UintegerValue(3478),
                          MakeUintegerAccessor(&NatProbeServer::m_primaryPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("SecondaryPort",
                          "The second port, on both addresses",
                          UintegerValue(3479),
                          MakeUintegerAccessor(&NatProbeServer::m_secondaryPort),
                          secondaryPortChecker)
            .AddAttribute("AlternatePort",
                          "Deprecated: use SecondaryPort.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&NatProbeServer::m_secondaryPort),
                          secondaryPortChecker,
                          TypeId::DEPRECATED,
                          "use SecondaryPort")
            .AddTraceSource("Request",
                            "A Binding request is answered: its source, the index of the "
                            "answering socket",
                            MakeTraceSourceAccessor(&NatProbeServer::m_requestTrace),
                            "ns3::NatProbeServer::RequestTracedCallback")
            .AddTraceSource("Rx",
                            "A datagram arrived: the datagram, where it came from",
                            MakeTraceSourceAccessor(&NatProbeServer::m_rxTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("Tx",
                            "A datagram is sent: the datagram, where it goes",
                            MakeTraceSourceAccessor(&NatProbeServer::m_txTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("TxWithAddresses",
                            "A datagram is sent: the datagram, the sending address and "
                            "port, where it goes",
                            MakeTraceSourceAccessor(&NatProbeServer::m_txWithAddressesTrace),
                            "ns3::Packet::TwoAddressTracedCallback")
            .AddTraceSource("Drop",
                            "A datagram got no success response: the datagram, why",
                            MakeTraceSourceAccessor(&NatProbeServer::m_dropTrace),
                            "ns3::NatProbeServer::DropTracedCallback");
    return tid;
}

std::string
NatProbeServer::DropReasonToString(DropReason reason)
{
    switch (reason)
    {
    case DROP_MALFORMED:
        return "malformed";
    case DROP_NOT_REQUEST:
        return "not-binding-request";
    case DROP_UNKNOWN_ATTRIBUTE:
        return "unknown-attribute";
    case DROP_BAD_CHANGE_REQUEST:
        return "bad-change-request";
    case DROP_REASON_COUNT:
        break;
    }
    return "unknown";
}

NatProbeServer::NatProbeServer()
    : m_primaryPort(3478),
      m_secondaryPort(3479)
{
}

NatProbeServer::~NatProbeServer() = default;

uint8_t
NatProbeServer::GetSocketIndex(bool secondaryAddress, bool secondaryPort)
{
    return uint8_t((secondaryAddress ? 2 : 0) + (secondaryPort ? 1 : 0));
}

Ipv4Address
NatProbeServer::GetSecondaryAddress() const
{
    return m_secondaryAddress;
}

void
NatProbeServer::SetAlternateAddress(Ipv4Address address)
{
    if (address != Ipv4Address::GetAny())
    {
        m_secondaryAddress = address;
    }
}

void
NatProbeServer::StartApplication()
{
    NS_ABORT_MSG_IF(m_primaryAddress == Ipv4Address::GetAny() ||
                        m_secondaryAddress == Ipv4Address::GetAny(),
                    "NatProbeServer needs PrimaryAddress and SecondaryAddress");
    for (uint8_t k = 0; k < m_sockets.size(); ++k)
    {
        Ipv4Address a = (k & 2) ? m_secondaryAddress : m_primaryAddress;
        uint16_t port = (k & 1) ? m_secondaryPort : m_primaryPort;
        m_sockets[k] = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        NS_ABORT_MSG_IF(m_sockets[k]->Bind(InetSocketAddress(a, port)) != 0,
                        "NatProbeServer cannot bind " << a << ":" << port);
        m_sockets[k]->SetRecvCallback(MakeCallback(&NatProbeServer::Receive, this));
    }
}

void
NatProbeServer::StopApplication()
{
    for (Ptr<Socket>& s : m_sockets)
    {
        if (s)
        {
            s->Close();
            s->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
            s = nullptr;
        }
    }
}

InetSocketAddress
NatProbeServer::GetLocal(uint8_t socketIndex) const
{
    return InetSocketAddress((socketIndex & 2) ? m_secondaryAddress : m_primaryAddress,
                             (socketIndex & 1) ? m_secondaryPort : m_primaryPort);
}

void
NatProbeServer::Send(uint8_t socketIndex, const InetSocketAddress& to, Ptr<Packet> packet)
{
    NS_ABORT_MSG_IF(socketIndex >= m_sockets.size() || !m_sockets[socketIndex],
                    "NatProbeServer has no running socket " << unsigned(socketIndex));
    m_txTrace(packet, to);
    m_txWithAddressesTrace(packet, GetLocal(socketIndex), to);
    m_sockets[socketIndex]->SendTo(packet, 0, to);
}

uint64_t
NatProbeServer::GetRequestCount() const
{
    return m_requests;
}

uint64_t
NatProbeServer::GetDropCount(DropReason reason) const
{
    return reason < DROP_REASON_COUNT ? m_drops[reason] : 0;
}

uint64_t
NatProbeServer::GetTotalDropCount() const
{
    uint64_t total = 0;
    for (uint64_t n : m_drops)
    {
        total += n;
    }
    return total;
}

void
NatProbeServer::Drop(Ptr<const Packet> p, DropReason reason)
{
    NS_LOG_LOGIC("drop: " << DropReasonToString(reason));
    ++m_drops[reason];
    m_dropTrace(p, reason);
}

void
NatProbeServer::Receive(Ptr<Socket> socket)
{
    uint8_t k = 0;
    while (k < m_sockets.size() && m_sockets[k] != socket)
    {
        ++k;
    }
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        m_rxTrace(p, from);
        if (k == m_sockets.size() || !InetSocketAddress::IsMatchingType(from))
        {
            Drop(p, DROP_MALFORMED);
            continue;
        }
        HandleDatagram(p, k, InetSocketAddress::ConvertFrom(from));
    }
}

void
NatProbeServer::HandleDatagram(Ptr<Packet> p, uint8_t arrivedOn, const InetSocketAddress& from)
{
    std::vector<uint8_t> bytes(p->GetSize());
    p->CopyData(bytes.data(), bytes.size());
    StunMessage request;
    if (StunMessage::Parse(bytes.data(), bytes.size(), request) != StunMessage::PARSE_OK)
    {
        Drop(p, DROP_MALFORMED);
        return;
    }
    if (request.GetClass() != StunMessage::REQUEST || request.GetMethod() != StunMessage::BINDING)
    {
        Drop(p, DROP_NOT_REQUEST); // responses and indications get no answer (RFC 5389 7.3)
        return;
    }
    StunMessage error(StunMessage::ERROR_RESPONSE, StunMessage::BINDING, request.GetId());
    std::vector<uint16_t> unknown = request.GetUnknownRequired();
    if (!unknown.empty())
    {
        error.AddAttribute(StunAttribute::MakeErrorCode(420, "Unknown Attribute"));
        error.AddAttribute(StunAttribute::MakeUnknownAttributes(unknown));
        SendMessage(arrivedOn, from, error, request.HasFingerprint());
        Drop(p, DROP_UNKNOWN_ATTRIBUTE);
        return;
    }
    uint32_t flags = 0;
    if (const StunAttribute* change = request.Find(StunAttribute::CHANGE_REQUEST))
    {
        std::optional<uint32_t> f = change->GetChangeRequest();
        if (!f)
        {
            error.AddAttribute(StunAttribute::MakeErrorCode(400, "Bad Request"));
            SendMessage(arrivedOn, from, error, request.HasFingerprint());
            Drop(p, DROP_BAD_CHANGE_REQUEST);
            return;
        }
        flags = *f;
    }
    // Socket index bit 2: secondary address; bit 1: secondary port.
    uint8_t answerFrom = arrivedOn;
    answerFrom ^= (flags & StunAttribute::CHANGE_IP) ? 2 : 0;
    answerFrom ^= (flags & StunAttribute::CHANGE_PORT) ? 1 : 0;
    ++m_requests;
    m_requestTrace(from, answerFrom);
    SendMessage(answerFrom,
                from,
                MakeResponse(request, answerFrom, arrivedOn, from),
                request.HasFingerprint());
}

StunMessage
NatProbeServer::MakeResponse(const StunMessage& request,
                             uint8_t answerFrom,
                             uint8_t arrivedOn,
                             const InetSocketAddress& from) const
{
    // OTHER-ADDRESS / CHANGED-ADDRESS: the other address and the other port
    // than those the request arrived on, whatever the flags (RFC 5780 table 1).
    StunMessage response(StunMessage::SUCCESS_RESPONSE, StunMessage::BINDING, request.GetId());
    InetSocketAddress other = GetLocal(arrivedOn ^ 3);
    if (request.HasMagicCookie())
    {
        response.AddAddress(StunAttribute::XOR_MAPPED_ADDRESS, from);
        response.AddAddress(StunAttribute::RESPONSE_ORIGIN, GetLocal(answerFrom));
        response.AddAddress(StunAttribute::OTHER_ADDRESS, other);
    }
    else
    {
        // RFC 3489 section 11.2: the attributes a classic client knows.
        response.AddAddress(StunAttribute::MAPPED_ADDRESS, from);
        response.AddAddress(StunAttribute::SOURCE_ADDRESS, GetLocal(answerFrom));
        response.AddAddress(StunAttribute::CHANGED_ADDRESS, other);
    }
    return response;
}

void
NatProbeServer::SendMessage(uint8_t socketIndex,
                            const InetSocketAddress& to,
                            const StunMessage& message,
                            bool fingerprint)
{
    std::vector<uint8_t> bytes = message.Serialize(fingerprint && message.HasMagicCookie());
    Send(socketIndex, to, Create<Packet>(bytes.data(), bytes.size()));
}

} // namespace ns3
