/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "nat-probe-client.h"

#include "nat-probe-server.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NatProbeClient");

NS_OBJECT_ENSURE_REGISTERED(NatProbeClient);

namespace
{

constexpr uint8_t MAPPING_SOCKET = 0;
constexpr uint8_t FILTER_OTHER_ADDRESS = 1; // answered from the secondary address and port
constexpr uint8_t FILTER_OTHER_PORT = 2;    // answered from the primary address, secondary port

} // namespace

TypeId
NatProbeClient::GetTypeId()
{
    // Deprecated names share their checker with the new ones, as in
    // NatProbeServer::GetTypeId (which says why).
    static Ptr<const AttributeChecker> secondaryAddressChecker = MakeIpv4AddressChecker();
    static Ptr<const AttributeChecker> secondaryPortChecker = MakeUintegerChecker<uint16_t>(1);
    static TypeId tid =
        TypeId("ns3::NatProbeClient")
            .SetParent<Application>()
            .SetGroupName("Teredo")
            .AddConstructor<NatProbeClient>()
            .AddAttribute("ServerPrimaryAddress",
                          "The NatProbeServer's first address",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&NatProbeClient::m_serverPrimary),
                          MakeIpv4AddressChecker())
            .AddAttribute("ServerSecondaryAddress",
                          "The NatProbeServer's second address",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&NatProbeClient::m_serverSecondary),
                          secondaryAddressChecker)
            .AddAttribute("ServerAlternateAddress",
                          "Deprecated: use ServerSecondaryAddress.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&NatProbeClient::SetServerAlternateAddress,
                                                  &NatProbeClient::GetServerSecondaryAddress),
                          secondaryAddressChecker,
                          TypeId::DEPRECATED,
                          "use ServerSecondaryAddress")
            .AddAttribute("PrimaryPort",
                          "The server's first port",
                          UintegerValue(3478),
                          MakeUintegerAccessor(&NatProbeClient::m_primaryPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("SecondaryPort",
                          "The server's second port",
                          UintegerValue(3479),
                          MakeUintegerAccessor(&NatProbeClient::m_secondaryPort),
                          secondaryPortChecker)
            .AddAttribute("AlternatePort",
                          "Deprecated: use SecondaryPort.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&NatProbeClient::m_secondaryPort),
                          secondaryPortChecker,
                          TypeId::DEPRECATED,
                          "use SecondaryPort")
            .AddAttribute("LocalPort",
                          "First of the three local ports used (mapping test, two "
                          "filtering tests)",
                          UintegerValue(5000),
                          MakeUintegerAccessor(&NatProbeClient::m_localPort),
                          MakeUintegerChecker<uint16_t>(1, 65533))
            .AddAttribute("Interval",
                          "Time between probes, and the wait for the last answers",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&NatProbeClient::m_interval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddTraceSource("Discovered",
                            "The tests ended: complete, mapping and filtering behaviour",
                            MakeTraceSourceAccessor(&NatProbeClient::m_discoveredTrace),
                            "ns3::NatProbeClient::DiscoveredTracedCallback");
    return tid;
}

NatProbeClient::NatProbeClient()
    : m_primaryPort(3478),
      m_secondaryPort(3479),
      m_localPort(5000)
{
}

NatProbeClient::~NatProbeClient() = default;

bool
NatProbeClient::IsComplete() const
{
    return m_mapping.has_value();
}

std::optional<NatMappingTable::MappingBehavior>
NatProbeClient::GetMappingBehavior() const
{
    return m_mapping;
}

std::optional<NatMappingTable::FilteringBehavior>
NatProbeClient::GetFilteringBehavior() const
{
    return m_filtering;
}

const std::vector<InetSocketAddress>&
NatProbeClient::GetMappedEndpoints() const
{
    return m_mapped;
}

Ipv4Address
NatProbeClient::GetServerSecondaryAddress() const
{
    return m_serverSecondary;
}

void
NatProbeClient::SetServerAlternateAddress(Ipv4Address address)
{
    if (address != Ipv4Address::GetAny())
    {
        m_serverSecondary = address;
    }
}

void
NatProbeClient::StartApplication()
{
    NS_ABORT_MSG_IF(m_serverPrimary == Ipv4Address::GetAny() ||
                        m_serverSecondary == Ipv4Address::GetAny(),
                    "NatProbeClient needs ServerPrimaryAddress and ServerSecondaryAddress");
    for (uint8_t k = 0; k < m_sockets.size(); ++k)
    {
        m_sockets[k] = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        NS_ABORT_MSG_IF(
            m_sockets[k]->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_localPort + k)) != 0,
            "NatProbeClient cannot bind port " << m_localPort + k);
        m_sockets[k]->SetRecvCallback(MakeCallback(&NatProbeClient::Receive, this));
    }
    InetSocketAddress a1(m_serverPrimary, m_primaryPort);
    InetSocketAddress b1(m_serverSecondary, m_primaryPort);
    InetSocketAddress b2(m_serverSecondary, m_secondaryPort);
    auto at = [this](int k) { return m_interval * k; };
    auto index = &NatProbeServer::GetSocketIndex;
    m_events = {
        Simulator::Schedule(at(0),
                            &NatProbeClient::Probe,
                            this,
                            MAPPING_SOCKET,
                            a1,
                            index(false, false)),
        Simulator::Schedule(at(1),
                            &NatProbeClient::Probe,
                            this,
                            MAPPING_SOCKET,
                            b1,
                            index(true, false)),
        Simulator::Schedule(at(2),
                            &NatProbeClient::Probe,
                            this,
                            MAPPING_SOCKET,
                            b2,
                            index(true, true)),
        Simulator::Schedule(at(3),
                            &NatProbeClient::Probe,
                            this,
                            FILTER_OTHER_ADDRESS,
                            a1,
                            index(true, true)),
        Simulator::Schedule(at(4),
                            &NatProbeClient::Probe,
                            this,
                            FILTER_OTHER_PORT,
                            a1,
                            index(false, true)),
        Simulator::Schedule(at(5), &NatProbeClient::Conclude, this),
    };
}

void
NatProbeClient::StopApplication()
{
    for (EventId& e : m_events)
    {
        e.Cancel();
    }
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
NatProbeClient::Probe(uint8_t socket, InetSocketAddress to, uint8_t answerFrom)
{
    NS_LOG_FUNCTION(this << unsigned(socket) << to.GetIpv4() << to.GetPort());
    m_sockets[socket]->SendTo(Create<Packet>(&answerFrom, 1), 0, to);
}

void
NatProbeClient::Receive(Ptr<Socket> socket)
{
    uint8_t k = 0;
    while (k < m_sockets.size() && m_sockets[k] != socket)
    {
        ++k;
    }
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        if (k == m_sockets.size() || p->GetSize() < NatProbeServer::ANSWER_SIZE)
        {
            continue; // not an answer to us
        }
        ++m_answers[k];
        if (k == MAPPING_SOCKET)
        {
            uint8_t b[NatProbeServer::ANSWER_SIZE];
            p->CopyData(b, sizeof(b));
            m_mapped.emplace_back(Ipv4Address::Deserialize(b), uint16_t((b[4] << 8) | b[5]));
        }
    }
}

void
NatProbeClient::Conclude()
{
    using T = NatMappingTable;
    if (m_mapped.size() == 3)
    {
        if (m_mapped[0] == m_mapped[1])
        {
            m_mapping = T::ENDPOINT_INDEPENDENT_MAPPING;
        }
        else if (m_mapped[1] == m_mapped[2])
        {
            m_mapping = T::ADDRESS_DEPENDENT_MAPPING;
        }
        else
        {
            m_mapping = T::ADDRESS_AND_PORT_DEPENDENT_MAPPING;
        }
        if (m_answers[FILTER_OTHER_ADDRESS] > 0)
        {
            m_filtering = T::ENDPOINT_INDEPENDENT_FILTERING;
        }
        else if (m_answers[FILTER_OTHER_PORT] > 0)
        {
            m_filtering = T::ADDRESS_DEPENDENT_FILTERING;
        }
        else
        {
            m_filtering = T::ADDRESS_AND_PORT_DEPENDENT_FILTERING;
        }
    }
    m_discoveredTrace(IsComplete(),
                      m_mapping.value_or(T::ENDPOINT_INDEPENDENT_MAPPING),
                      m_filtering.value_or(T::ENDPOINT_INDEPENDENT_FILTERING));
}

} // namespace ns3
