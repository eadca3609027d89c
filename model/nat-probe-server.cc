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
                            "A request arrived: its source, the index of the socket "
                            "asked to answer",
                            MakeTraceSourceAccessor(&NatProbeServer::m_requestTrace),
                            "ns3::NatProbeServer::RequestTracedCallback");
    return tid;
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

void
NatProbeServer::Send(uint8_t socketIndex, const InetSocketAddress& to, Ptr<Packet> packet)
{
    NS_ABORT_MSG_IF(socketIndex >= m_sockets.size() || !m_sockets[socketIndex],
                    "NatProbeServer has no running socket " << unsigned(socketIndex));
    m_sockets[socketIndex]->SendTo(packet, 0, to);
}

uint64_t
NatProbeServer::GetRequests() const
{
    return m_requests;
}

uint64_t
NatProbeServer::GetMalformed() const
{
    return m_malformed;
}

void
NatProbeServer::Receive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        uint8_t which = 0;
        if (p->GetSize() == 0 || !InetSocketAddress::IsMatchingType(from))
        {
            ++m_malformed;
            continue;
        }
        p->CopyData(&which, 1);
        which %= m_sockets.size();
        InetSocketAddress source = InetSocketAddress::ConvertFrom(from);
        ++m_requests;
        m_requestTrace(source, which);
        uint8_t answer[ANSWER_SIZE];
        source.GetIpv4().Serialize(answer);
        answer[4] = uint8_t(source.GetPort() >> 8);
        answer[5] = uint8_t(source.GetPort());
        answer[6] = which;
        m_sockets[which]->SendTo(Create<Packet>(answer, sizeof(answer)), 0, from);
    }
}

} // namespace ns3
