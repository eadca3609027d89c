/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-server.h"

#include "teredo-address.h"
#include "teredo-authenticator.h"
#include "teredo-packet-builder.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/icmpv6-header.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <numeric>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TeredoServer");

NS_OBJECT_ENSURE_REGISTERED(TeredoServer);

TypeId
TeredoServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TeredoServer")
            .SetParent<Application>()
            .SetGroupName("Teredo")
            .AddConstructor<TeredoServer>()
            .AddAttribute("PrimaryAddress",
                          "The server's first IPv4 address (the node must hold it); its "
                          "clients' prefix is Prefix followed by this address",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&TeredoServer::m_primary),
                          MakeIpv4AddressChecker())
            .AddAttribute("SecondaryAddress",
                          "The server's second IPv4 address (the node must hold it); "
                          "0.0.0.0 means PrimaryAddress + 1",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&TeredoServer::m_secondary),
                          MakeIpv4AddressChecker())
            .AddAttribute("Port",
                          "The UDP port listened on, on both addresses",
                          UintegerValue(TeredoAddress::SERVER_PORT),
                          MakeUintegerAccessor(&TeredoServer::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Prefix",
                          "The Teredo prefix (a /32; only its first 32 bits are used)",
                          Ipv6AddressValue(TeredoAddress::GetDefaultPrefix()),
                          MakeIpv6AddressAccessor(&TeredoServer::m_prefix),
                          MakeIpv6AddressChecker())
            .AddAttribute("RaRate",
                          "Router advertisements per second each source (IPv4 address and "
                          "UDP port) earns (token bucket refill rate)",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&TeredoServer::m_raRate),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("RaBurst",
                          "Router advertisements a source (IPv4 address and UDP port) may "
                          "get in a burst (token bucket size)",
                          UintegerValue(20),
                          MakeUintegerAccessor(&TeredoServer::m_raBurst),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxRateLimitedSources",
                          "Sources (IPv4 address and UDP port) whose budget is remembered; "
                          "beyond it the least recently seen is forgotten",
                          UintegerValue(10000),
                          MakeUintegerAccessor(&TeredoServer::m_maxSources),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("SecureQualification",
                          "Answer only solicitations that carry the authentication value "
                          "of a client identifier given a secret with SetClientSecret "
                          "(RFC 4380 5.2.2); off, others get the nonce-only answer",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TeredoServer::m_secure),
                          MakeBooleanChecker())
            .AddTraceSource("Rx",
                            "A datagram arrived: its UDP payload and source (an "
                            "InetSocketAddress)",
                            MakeTraceSourceAccessor(&TeredoServer::m_rxTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("Tx",
                            "A datagram was sent (a router advertisement, or a packet "
                            "forwarded to a Teredo destination): its UDP payload and the "
                            "address it went to (an InetSocketAddress)",
                            MakeTraceSourceAccessor(&TeredoServer::m_txTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("TxWithAddresses",
                            "As Tx, with the server address and port it left from too "
                            "(the server sends from two addresses): payload, local, peer",
                            MakeTraceSourceAccessor(&TeredoServer::m_txWithAddressesTrace),
                            "ns3::Packet::TwoAddressTracedCallback")
            .AddTraceSource("NativeTx",
                            "A client's ping test was handed to the node's IPv6 stack, to "
                            "leave over native IPv6: the IPv6 packet",
                            MakeTraceSourceAccessor(&TeredoServer::m_nativeTxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Drop",
                            "A datagram was dropped: its UDP payload and the reason",
                            MakeTraceSourceAccessor(&TeredoServer::m_dropTrace),
                            "ns3::TeredoServer::DropTracedCallback");
    return tid;
}

TeredoServer::TeredoServer()
    : m_port(TeredoAddress::SERVER_PORT),
      m_prefix(TeredoAddress::GetDefaultPrefix()),
      m_raRate(10.0),
      m_raBurst(20),
      m_maxSources(10000),
      m_secure(false)
{
    NS_LOG_FUNCTION(this);
}

TeredoServer::~TeredoServer() = default;

void
TeredoServer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_interface.Dispose();
    m_limiter.reset();
    Application::DoDispose();
}

std::string
TeredoServer::DropReasonToString(DropReason reason)
{
    switch (reason)
    {
    case DROP_MALFORMED:
        return "malformed";
    case DROP_NOT_BUBBLE_OR_ICMPV6:
        return "not-bubble-or-icmpv6";
    case DROP_SOURCE_NOT_GLOBAL:
        return "source-not-global";
    case DROP_FROM_SERVER_ITSELF:
        return "from-server-itself";
    case DROP_RS_SOURCE_NOT_LINK_LOCAL:
        return "rs-source-not-link-local";
    case DROP_RS_NOT_TO_ALL_ROUTERS:
        return "rs-not-to-all-routers";
    case DROP_RATE_LIMITED:
        return "rate-limited";
    case DROP_SOURCE_MISMATCH:
        return "source-mismatch";
    case DROP_NOT_FOR_THIS_SERVER:
        return "not-for-this-server";
    case DROP_DESTINATION_NOT_GLOBAL:
        return "destination-not-global";
    case DROP_NATIVE_NOT_ECHO_REQUEST:
        return "native-not-echo-request";
    case DROP_NO_NATIVE_IPV6:
        return "no-native-ipv6";
    case DROP_NO_NATIVE_ROUTE:
        return "no-native-route";
    case DROP_AUTHENTICATION_FAILED:
        return "authentication-failed";
    case DROP_AUTHENTICATION_MISSING:
        return "authentication-missing";
    case DROP_UNKNOWN_CLIENT:
        return "unknown-client";
    case DROP_REASON_COUNT:
        break;
    }
    return "unknown-reason";
}

uint64_t
TeredoServer::GetReceivedCount() const
{
    return m_received;
}

uint64_t
TeredoServer::GetAdvertisementCount() const
{
    return m_advertisements;
}

uint64_t
TeredoServer::GetForwardedToTeredoCount() const
{
    return m_forwardedToTeredo;
}

uint64_t
TeredoServer::GetForwardedToNativeCount() const
{
    return m_forwardedToNative;
}

uint64_t
TeredoServer::GetDropCount(DropReason reason) const
{
    return reason < DROP_REASON_COUNT ? m_drops[reason] : 0;
}

uint64_t
TeredoServer::GetTotalDropCount() const
{
    return std::accumulate(m_drops.begin(), m_drops.end(), uint64_t(0));
}

uint32_t
TeredoServer::GetRateLimitedSourceCount() const
{
    return m_limiter ? m_limiter->GetSize() : 0;
}

Ipv4Address
TeredoServer::GetSecondaryAddress() const
{
    return m_secondary == Ipv4Address::GetAny() ? Ipv4Address(m_primary.Get() + 1) : m_secondary;
}

void
TeredoServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_primary == Ipv4Address::GetAny(), "TeredoServer needs PrimaryAddress");
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4, "TeredoServer needs an IPv4 stack on its node");
    std::array<Ipv4Address, 2> addresses{m_primary, GetSecondaryAddress()};
    for (size_t k = 0; k < m_sockets.size(); ++k)
    {
        NS_ABORT_MSG_IF(ipv4->GetInterfaceForAddress(addresses[k]) < 0,
                        "TeredoServer: the node does not hold " << addresses[k]);
        m_sockets[k] = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        NS_ABORT_MSG_IF(m_sockets[k]->Bind(InetSocketAddress(addresses[k], m_port)) != 0,
                        "TeredoServer cannot bind " << addresses[k] << ":" << m_port);
        m_sockets[k]->SetRecvCallback(MakeCallback(&TeredoServer::Receive, this));
    }
    m_limiter = std::make_unique<TeredoRateLimiter>(m_raRate, m_raBurst, m_maxSources);
    if (GetNode()->GetObject<Ipv6>() && !m_interface.GetDevice())
    {
        // Ping tests leave through the stack: it forwards what the tunnel hands it.
        m_interface.Install(GetNode(), MakeCallback(&TeredoServer::TunnelSend, this));
        m_interface.SetForwarding(true);
    }
}

void
TeredoServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
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
TeredoServer::Receive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        if (!InetSocketAddress::IsMatchingType(from))
        {
            continue; // a UDP/IPv4 socket gives nothing else
        }
        Process(p, InetSocketAddress::ConvertFrom(from), socket == m_sockets[1]);
    }
}

void
TeredoServer::Process(Ptr<Packet> payload, const InetSocketAddress& from, bool secondary)
{
    NS_LOG_FUNCTION(this << payload->GetSize() << from.GetIpv4() << from.GetPort() << secondary);
    ++m_received;
    m_rxTrace(payload, from);

    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(payload);
    std::optional<DropReason> reason = CheckCommon(info, from);
    if (!reason)
    {
        reason = info.kind == TeredoDatagramInfo::ROUTER_SOLICITATION
                     ? CheckSolicitation(payload, info, from)
                     : CheckRelayed(info, from);
    }
    if (!reason)
    {
        if (info.kind == TeredoDatagramInfo::ROUTER_SOLICITATION)
        {
            SendAdvertisement(info, from, secondary);
            return;
        }
        reason = Forward(payload, info, from);
    }
    if (reason)
    {
        Drop(payload, from, *reason);
    }
}

std::optional<TeredoServer::DropReason>
TeredoServer::CheckCommon(const TeredoDatagramInfo& info, const InetSocketAddress& from) const
{
    if (!info.IsValid() || info.kind == TeredoDatagramInfo::INDICATION_ONLY)
    {
        return DROP_MALFORMED;
    }
    // Section 5.3.1: only bubbles and ICMPv6 (solicitations, ping tests) go through a server.
    bool icmpv6 = info.ipv6.GetNextHeader() == TeredoDatagramClassifier::IPV6_NEXT_ICMPV6;
    if (info.kind != TeredoDatagramInfo::BUBBLE && !icmpv6)
    {
        return DROP_NOT_BUBBLE_OR_ICMPV6;
    }
    Ipv4Address source = from.GetIpv4();
    if (!TeredoAddress::IsGlobalUnicast(source))
    {
        return DROP_SOURCE_NOT_GLOBAL;
    }
    if (source == m_primary || source == GetSecondaryAddress())
    {
        return DROP_FROM_SERVER_ITSELF;
    }
    return std::nullopt;
}

std::optional<TeredoServer::DropReason>
TeredoServer::CheckSolicitation(Ptr<const Packet> payload,
                                const TeredoDatagramInfo& info,
                                const InetSocketAddress& from)
{
    if (!info.ipv6.GetSource().IsLinkLocal())
    {
        return DROP_RS_SOURCE_NOT_LINK_LOCAL;
    }
    if (info.ipv6.GetDestination() != Ipv6Address::GetAllRoutersMulticast())
    {
        return DROP_RS_NOT_TO_ALL_ROUTERS;
    }
    if (std::optional<DropReason> refused = CheckAuthentication(payload, info))
    {
        return refused;
    }
    // Charged last, so that only solicitations the server would answer use the
    // budget. Keyed by address and port: a blind attacker spoofing a NAT's
    // address must also guess a client's mapped port to use up its budget.
    uint64_t key = (uint64_t(from.GetIpv4().Get()) << 16) | from.GetPort();
    if (!m_limiter->Allow(key, Simulator::Now()))
    {
        return DROP_RATE_LIMITED;
    }
    return std::nullopt;
}

std::optional<TeredoServer::DropReason>
TeredoServer::CheckRelayed(const TeredoDatagramInfo& info, const InetSocketAddress& from) const
{
    Ipv6Address source = info.ipv6.GetSource();
    Ipv6Address destination = info.ipv6.GetDestination();
    if (TeredoAddress::IsTeredo(source, m_prefix))
    {
        // A client may only speak for the address its NAT mapping gave it.
        TeredoAddress t = TeredoAddress::Decode(source);
        if (t.GetMappedAddress() != from.GetIpv4() || t.GetMappedPort() != from.GetPort())
        {
            return DROP_SOURCE_MISMATCH;
        }
    }
    else if (!TeredoAddress::IsTeredo(destination, m_prefix) ||
             TeredoAddress::Decode(destination).GetServer() != m_primary)
    {
        // A native (relay) source may only reach this server's own clients.
        return DROP_NOT_FOR_THIS_SERVER;
    }
    if (!TeredoAddress::IsGlobalUnicast(destination) ||
        (TeredoAddress::IsTeredo(destination, m_prefix) &&
         !TeredoAddress::IsGlobalUnicast(TeredoAddress::Decode(destination).GetMappedAddress())))
    {
        return DROP_DESTINATION_NOT_GLOBAL;
    }
    return std::nullopt;
}

std::optional<TeredoServer::DropReason>
TeredoServer::Forward(Ptr<const Packet> payload,
                      const TeredoDatagramInfo& info,
                      const InetSocketAddress& from)
{
    // Indicators (and RFC 6081 trailers) stay behind: the IPv6 packet goes on unchanged.
    Ptr<Packet> packet = TeredoDatagramClassifier::ExtractIpv6(payload, info);
    Ipv6Address destination = info.ipv6.GetDestination();
    if (!TeredoAddress::IsTeredo(destination, m_prefix))
    {
        return SendNative(packet, info);
    }
    TeredoAddress peer = TeredoAddress::Decode(destination);
    if (peer.GetServer() == m_primary)
    {
        // Our own client learns who is asking for it, as this server sees them.
        packet->AddHeader(TeredoOriginHeader(from.GetIpv4(), from.GetPort()));
    }
    InetSocketAddress to(peer.GetMappedAddress(), peer.GetMappedPort());
    NS_LOG_INFO("forward " << TeredoDatagramClassifier::KindToString(info.kind) << " from "
                           << from.GetIpv4() << ":" << from.GetPort() << " to " << to.GetIpv4()
                           << ":" << to.GetPort()
                           << (peer.GetServer() == m_primary ? " with origin" : ""));
    ++m_forwardedToTeredo;
    Send(packet, 0, to);
    return std::nullopt;
}

std::optional<TeredoServer::DropReason>
TeredoServer::CheckAuthentication(Ptr<const Packet> payload, const TeredoDatagramInfo& info) const
{
    if (const std::vector<uint8_t>* secret = FindSecret(info))
    {
        if (!TeredoAuthenticator::Verify(payload, info, *secret))
        {
            return DROP_AUTHENTICATION_FAILED;
        }
        return std::nullopt;
    }
    if (!m_secure)
    {
        return std::nullopt;
    }
    if (!info.hasAuth || info.auth.GetClientId().empty())
    {
        return DROP_AUTHENTICATION_MISSING;
    }
    return DROP_UNKNOWN_CLIENT;
}

const std::vector<uint8_t>*
TeredoServer::FindSecret(const TeredoDatagramInfo& info) const
{
    if (!info.hasAuth || info.auth.GetClientId().empty())
    {
        return nullptr;
    }
    auto found = m_secrets.find(info.auth.GetClientId());
    return found == m_secrets.end() ? nullptr : &found->second;
}

void
TeredoServer::SetClientSecret(const std::string& clientId, const std::string& secret)
{
    NS_ABORT_MSG_IF(clientId.empty() || clientId.size() > 255,
                    "TeredoServer::SetClientSecret: a client identifier has 1 to 255 octets");
    NS_ABORT_MSG_IF(secret.empty(), "TeredoServer::SetClientSecret: the secret is empty");
    m_secrets[TeredoAuthenticator::ToOctets(clientId)] = TeredoAuthenticator::ToOctets(secret);
}

std::optional<TeredoServer::DropReason>
TeredoServer::SendNative(Ptr<Packet> ipv6Packet, const TeredoDatagramInfo& info)
{
    bool echoRequest = info.kind != TeredoDatagramInfo::BUBBLE &&
                       info.ipv6.GetNextHeader() == TeredoDatagramClassifier::IPV6_NEXT_ICMPV6 &&
                       info.icmpv6Type == Icmpv6Header::ICMPV6_ECHO_REQUEST;
    if (!echoRequest)
    {
        return DROP_NATIVE_NOT_ECHO_REQUEST;
    }
    if (!m_interface.GetDevice())
    {
        return DROP_NO_NATIVE_IPV6;
    }
    // Ask the routing protocol first: a packet it cannot route would die in
    // the stack without a trace of ours.
    Ptr<Ipv6> ipv6 = GetNode()->GetObject<Ipv6>();
    Socket::SocketErrno error;
    Ptr<Ipv6Route> route =
        ipv6->GetRoutingProtocol()->RouteOutput(ipv6Packet, info.ipv6, nullptr, error);
    if (!route || route->GetOutputDevice() == m_interface.GetDevice())
    {
        return DROP_NO_NATIVE_ROUTE;
    }
    NS_LOG_INFO("ping test from " << info.ipv6.GetSource() << " to " << info.ipv6.GetDestination()
                                  << " out natively");
    ++m_forwardedToNative;
    m_nativeTxTrace(ipv6Packet);
    m_interface.Deliver(ipv6Packet);
    return std::nullopt;
}

bool
TeredoServer::TunnelSend(Ptr<Packet> packet)
{
    NS_LOG_LOGIC("the stack sent " << packet->GetSize() << " octets into the tunnel: ignored");
    return false;
}

void
TeredoServer::SendAdvertisement(const TeredoDatagramInfo& info,
                                const InetSocketAddress& from,
                                bool secondary)
{
    TeredoAuthHeader auth;
    auth.SetNonce(info.auth.GetNonce());
    auth.SetConfirmation(0);
    // Section 5.3.2: the identifier repeats the solicitation's; the value is
    // the secret's, when the server holds one for it.
    auth.SetClientId(info.auth.GetClientId());
    TeredoOriginHeader origin(from.GetIpv4(), from.GetPort());
    Ipv6Address client = info.ipv6.GetSource();
    Ptr<Packet> ra =
        TeredoPacketBuilder::MakeRouterAdvertisement(auth, origin, m_primary, client, m_prefix);
    if (const std::vector<uint8_t>* secret = FindSecret(info))
    {
        ra = TeredoAuthenticator::Sign(ra, *secret);
    }
    if (!info.hasAuth)
    {
        // Section 5.3.2 echoes an indicator only when the solicitation had one.
        TeredoAuthHeader unused;
        ra->RemoveHeader(unused);
    }

    // Section 5.3.2: a client asking as cone gets its answer from the other address,
    // which only a cone NAT lets in.
    bool cone = TeredoAddress::Decode(client).IsCone();
    size_t out = (secondary != cone) ? 1 : 0;
    NS_LOG_INFO("RA to " << from.GetIpv4() << ":" << from.GetPort() << " from "
                         << (out == 1 ? GetSecondaryAddress() : m_primary)
                         << (cone ? " (cone)" : ""));
    ++m_advertisements;
    Send(ra, out, from);
}

void
TeredoServer::Send(Ptr<Packet> packet, size_t out, const InetSocketAddress& to)
{
    InetSocketAddress local(out == 1 ? GetSecondaryAddress() : m_primary, m_port);
    m_txTrace(packet, to);
    m_txWithAddressesTrace(packet, local, to);
    m_sockets[out]->SendTo(packet, 0, to);
}

void
TeredoServer::Drop(Ptr<const Packet> payload, const InetSocketAddress& from, DropReason reason)
{
    NS_LOG_INFO("drop from " << from.GetIpv4() << ":" << from.GetPort() << ": "
                             << DropReasonToString(reason));
    ++m_drops[reason];
    m_dropTrace(payload, reason);
}

} // namespace ns3
