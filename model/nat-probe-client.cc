/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "nat-probe-client.h"

#include "ns3/abort.h"
#include "ns3/ipv4.h"
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
constexpr uint8_t FILTER_SOCKET_1 = 1; // change IP and port; sends the hairpin probe
constexpr uint8_t FILTER_SOCKET_2 = 2; // change port

} // namespace

std::string
NatProbeClient::DropReasonToString(DropReason reason)
{
    switch (reason)
    {
    case DROP_MALFORMED:
        return "malformed";
    case DROP_UNKNOWN_TRANSACTION:
        return "unknown-transaction";
    case DROP_NOT_RESPONSE:
        return "not-binding-response";
    case DROP_ERROR_RESPONSE:
        return "error-response";
    case DROP_UNKNOWN_ATTRIBUTE:
        return "unknown-attribute";
    case DROP_NO_MAPPED_ADDRESS:
        return "no-mapped-address";
    case DROP_REASON_COUNT:
        break;
    }
    return "unknown";
}

std::string
NatProbeClient::ClassicTypeToString(ClassicType type)
{
    switch (type)
    {
    case CLASSIC_UDP_BLOCKED:
        return "udp-blocked";
    case CLASSIC_OPEN_INTERNET:
        return "open-internet";
    case CLASSIC_SYMMETRIC_UDP_FIREWALL:
        return "symmetric-udp-firewall";
    case CLASSIC_FULL_CONE:
        return "full-cone";
    case CLASSIC_RESTRICTED_CONE:
        return "restricted-cone";
    case CLASSIC_PORT_RESTRICTED_CONE:
        return "port-restricted-cone";
    case CLASSIC_SYMMETRIC:
        return "symmetric";
    }
    return "unknown";
}

NatProbeClient::ClassicType
NatProbeClient::Classify(bool behindNat,
                         NatMappingTable::MappingBehavior mapping,
                         NatMappingTable::FilteringBehavior filtering)
{
    using T = NatMappingTable;
    if (!behindNat)
    {
        return filtering == T::ENDPOINT_INDEPENDENT_FILTERING ? CLASSIC_OPEN_INTERNET
                                                              : CLASSIC_SYMMETRIC_UDP_FIREWALL;
    }
    if (mapping != T::ENDPOINT_INDEPENDENT_MAPPING)
    {
        return CLASSIC_SYMMETRIC; // RFC 3489 has no name for address-dependent mapping
    }
    switch (filtering)
    {
    case T::ENDPOINT_INDEPENDENT_FILTERING:
        return CLASSIC_FULL_CONE;
    case T::ADDRESS_DEPENDENT_FILTERING:
        return CLASSIC_RESTRICTED_CONE;
    default:
        return CLASSIC_PORT_RESTRICTED_CONE;
    }
}

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
                            "ns3::NatProbeClient::DiscoveredTracedCallback")
            .AddTraceSource("Rx",
                            "A datagram arrived: the datagram, where it came from",
                            MakeTraceSourceAccessor(&NatProbeClient::m_rxTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("Tx",
                            "A probe is sent: the datagram, where it goes",
                            MakeTraceSourceAccessor(&NatProbeClient::m_txTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("Drop",
                            "A datagram received was not used: the datagram, why",
                            MakeTraceSourceAccessor(&NatProbeClient::m_dropTrace),
                            "ns3::NatProbeClient::DropTracedCallback");
    return tid;
}

NatProbeClient::NatProbeClient()
    : m_primaryPort(3478),
      m_secondaryPort(3479),
      m_localPort(5000),
      m_rng(CreateObject<UniformRandomVariable>())
{
}

NatProbeClient::~NatProbeClient() = default;

int64_t
NatProbeClient::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

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

std::optional<bool>
NatProbeClient::GetPortPreserved() const
{
    return m_portPreserved;
}

std::optional<bool>
NatProbeClient::GetHairpinning() const
{
    return m_hairpinning;
}

std::optional<bool>
NatProbeClient::IsBehindNat() const
{
    return m_behindNat;
}

NatProbeClient::ClassicType
NatProbeClient::GetClassicType() const
{
    if (!m_behindNat.has_value())
    {
        return CLASSIC_UDP_BLOCKED;
    }
    if (!IsComplete())
    {
        // Only the first probe answered: no NAT behaviour to name but this.
        return *m_behindNat ? CLASSIC_SYMMETRIC : CLASSIC_SYMMETRIC_UDP_FIREWALL;
    }
    return Classify(*m_behindNat, *m_mapping, *m_filtering);
}

uint64_t
NatProbeClient::GetDropCount(DropReason reason) const
{
    return reason < DROP_REASON_COUNT ? m_drops[reason] : 0;
}

uint64_t
NatProbeClient::GetTotalDropCount() const
{
    uint64_t total = 0;
    for (uint64_t n : m_drops)
    {
        total += n;
    }
    return total;
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
    NS_ABORT_MSG_IF(m_serverPrimary == Ipv4Address::GetAny(),
                    "NatProbeClient needs ServerPrimaryAddress");
    for (uint8_t k = 0; k < m_sockets.size(); ++k)
    {
        m_sockets[k] = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        NS_ABORT_MSG_IF(
            m_sockets[k]->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_localPort + k)) != 0,
            "NatProbeClient cannot bind port " << m_localPort + k);
        m_sockets[k]->SetRecvCallback(MakeCallback(&NatProbeClient::Receive, this));
    }
    m_events.clear();
    for (int k = 0; k < PROBE_KIND_COUNT; ++k)
    {
        m_events.push_back(
            Simulator::Schedule(m_interval * k, &NatProbeClient::Probe, this, ProbeKind(k)));
    }
    m_events.push_back(
        Simulator::Schedule(m_interval * PROBE_KIND_COUNT, &NatProbeClient::Conclude, this));
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
NatProbeClient::Probe(ProbeKind probe)
{
    // The other address and port: as the server told (OTHER-ADDRESS or
    // CHANGED-ADDRESS), else as configured.
    Ipv4Address otherIp = m_other ? m_other->GetIpv4() : m_serverSecondary;
    uint16_t otherPort = m_other ? m_other->GetPort() : m_secondaryPort;
    InetSocketAddress to(m_serverPrimary, m_primaryPort);
    uint8_t socket = MAPPING_SOCKET;
    uint8_t receiver = MAPPING_SOCKET;
    uint32_t change = 0;
    switch (probe)
    {
    case MAPPING_OTHER_IP:
        to = InetSocketAddress(otherIp, m_primaryPort);
        break;
    case MAPPING_OTHER_BOTH:
        to = InetSocketAddress(otherIp, otherPort);
        break;
    case FILTER_CHANGE_BOTH:
        socket = receiver = FILTER_SOCKET_1;
        change = StunAttribute::CHANGE_IP | StunAttribute::CHANGE_PORT;
        break;
    case FILTER_CHANGE_PORT:
        socket = receiver = FILTER_SOCKET_2;
        change = StunAttribute::CHANGE_PORT;
        break;
    case HAIRPIN:
        if (m_mapped.empty())
        {
            return; // no mapped endpoint to aim at
        }
        to = m_mapped.front();
        socket = FILTER_SOCKET_1;
        break;
    default:
        break;
    }
    if (to.GetIpv4() == Ipv4Address::GetAny())
    {
        NS_LOG_LOGIC("no other address known: probe " << probe << " not sent");
        return;
    }
    std::array<uint8_t, 12> tid;
    for (uint8_t& b : tid)
    {
        b = uint8_t(m_rng->GetInteger(0, 255));
    }
    StunMessage request(StunMessage::REQUEST, StunMessage::BINDING, StunMessage::MakeId(tid));
    if (change != 0)
    {
        request.AddAttribute(StunAttribute::MakeChangeRequest(change));
    }
    m_pending[request.GetId()] = {receiver, probe};
    std::vector<uint8_t> bytes = request.Serialize(true);
    Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
    NS_LOG_FUNCTION(this << probe << to.GetIpv4() << to.GetPort());
    m_txTrace(p, to);
    m_sockets[socket]->SendTo(p, 0, to);
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
        m_rxTrace(p, from);
        HandleDatagram(k, p);
    }
}

void
NatProbeClient::Drop(Ptr<const Packet> p, DropReason reason)
{
    NS_LOG_LOGIC("drop: " << DropReasonToString(reason));
    ++m_drops[reason];
    m_dropTrace(p, reason);
}

void
NatProbeClient::HandleDatagram(uint8_t socket, Ptr<Packet> p)
{
    std::vector<uint8_t> bytes(p->GetSize());
    p->CopyData(bytes.data(), bytes.size());
    StunMessage m;
    if (StunMessage::Parse(bytes.data(), bytes.size(), m) != StunMessage::PARSE_OK)
    {
        Drop(p, DROP_MALFORMED);
        return;
    }
    auto it = m_pending.find(m.GetId());
    if (it == m_pending.end() || it->second.socket != socket)
    {
        Drop(p, DROP_UNKNOWN_TRANSACTION);
        return;
    }
    Pending pending = it->second;
    bool hairpin = pending.probe == HAIRPIN;
    if (m.GetMethod() != StunMessage::BINDING ||
        m.GetClass() != (hairpin ? StunMessage::REQUEST : StunMessage::SUCCESS_RESPONSE))
    {
        Drop(p,
             m.GetClass() == StunMessage::ERROR_RESPONSE ? DROP_ERROR_RESPONSE : DROP_NOT_RESPONSE);
        return;
    }
    if (hairpin)
    {
        m_pending.erase(it);
        ++m_answers[HAIRPIN]; // our own request, back through the NAT
        return;
    }
    HandleResponse(pending, m, p);
    m_pending.erase(m.GetId());
}

void
NatProbeClient::HandleResponse(const Pending& pending, const StunMessage& m, Ptr<Packet> p)
{
    if (!m.GetUnknownRequired().empty())
    {
        Drop(p, DROP_UNKNOWN_ATTRIBUTE);
        return;
    }
    // An RFC 3489 server answers with MAPPED-ADDRESS (and perhaps a draft
    // XOR-MAPPED-ADDRESS of its own type): take the RFC 5389 one first.
    std::optional<Address> mapped = m.GetAddress(StunAttribute::XOR_MAPPED_ADDRESS);
    if (!mapped)
    {
        mapped = m.GetAddress(StunAttribute::MAPPED_ADDRESS);
    }
    if (!mapped || !InetSocketAddress::IsMatchingType(*mapped))
    {
        Drop(p, DROP_NO_MAPPED_ADDRESS);
        return;
    }
    ++m_answers[pending.probe];
    if (pending.socket != MAPPING_SOCKET)
    {
        return; // filtering: that it arrived is the answer
    }
    InetSocketAddress endpoint = InetSocketAddress::ConvertFrom(*mapped);
    m_mapped.push_back(endpoint);
    m_mappedByProbe[pending.probe] = endpoint;
    if (pending.probe == MAPPING_PRIMARY)
    {
        std::optional<Address> other = m.GetAddress(StunAttribute::OTHER_ADDRESS);
        if (!other)
        {
            other = m.GetAddress(StunAttribute::CHANGED_ADDRESS);
        }
        if (other && InetSocketAddress::IsMatchingType(*other))
        {
            m_other = InetSocketAddress::ConvertFrom(*other);
        }
        m_behindNat = !IsOwnAddress(endpoint.GetIpv4());
        m_portPreserved = endpoint.GetPort() == m_localPort;
    }
}

bool
NatProbeClient::IsOwnAddress(Ipv4Address address) const
{
    Ptr<Ipv4> ip = GetNode()->GetObject<Ipv4>();
    return ip && ip->GetInterfaceForAddress(address) >= 0;
}

void
NatProbeClient::Conclude()
{
    using T = NatMappingTable;
    const auto& seen = m_mappedByProbe;
    if (seen[MAPPING_PRIMARY] && seen[MAPPING_OTHER_IP] && seen[MAPPING_OTHER_BOTH])
    {
        if (*seen[MAPPING_PRIMARY] == *seen[MAPPING_OTHER_IP])
        {
            m_mapping = T::ENDPOINT_INDEPENDENT_MAPPING;
        }
        else if (*seen[MAPPING_OTHER_IP] == *seen[MAPPING_OTHER_BOTH])
        {
            m_mapping = T::ADDRESS_DEPENDENT_MAPPING;
        }
        else
        {
            m_mapping = T::ADDRESS_AND_PORT_DEPENDENT_MAPPING;
        }
        if (m_answers[FILTER_CHANGE_BOTH] > 0)
        {
            m_filtering = T::ENDPOINT_INDEPENDENT_FILTERING;
        }
        else if (m_answers[FILTER_CHANGE_PORT] > 0)
        {
            m_filtering = T::ADDRESS_DEPENDENT_FILTERING;
        }
        else
        {
            m_filtering = T::ADDRESS_AND_PORT_DEPENDENT_FILTERING;
        }
        m_hairpinning = m_answers[HAIRPIN] > 0;
    }
    else
    {
        m_portPreserved.reset();
    }
    m_discoveredTrace(IsComplete(),
                      m_mapping.value_or(T::ENDPOINT_INDEPENDENT_MAPPING),
                      m_filtering.value_or(T::ENDPOINT_INDEPENDENT_FILTERING));
}

} // namespace ns3
