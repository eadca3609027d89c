/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-client.h"

#include "teredo-auth-header.h"
#include "teredo-authenticator.h"
#include "teredo-bubble-limiter.h"
#include "teredo-datagram-classifier.h"
#include "teredo-packet-builder.h"
#include "teredo-router-advertisement.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-header.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <numeric>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TeredoClient");

NS_OBJECT_ENSURE_REGISTERED(TeredoClient);

namespace
{

/// \return what kind of non-global address `a` is, for the log
std::string
NonGlobalKind(Ipv6Address a)
{
    uint8_t b[16];
    a.GetBytes(b);
    if (a.IsAny())
    {
        return "the unspecified address";
    }
    if (a.IsLocalhost())
    {
        return "the loopback address";
    }
    if (b[0] == 0xfe)
    {
        return (b[1] & 0xc0) == 0x80 ? "link-local" : "site-local";
    }
    return b[10] == 0xff ? "IPv4-mapped" : "IPv4-compatible";
}

} // namespace

TypeId
TeredoClient::GetTypeId()
{
    static TypeId tid =
        AddPeerAttributes(TypeId("ns3::TeredoClient")
                              .SetParent<TeredoPeerApplication>()
                              .SetGroupName("Teredo")
                              .AddConstructor<TeredoClient>(),
                          Seconds(600)) // Miredo 1.2's peer lifetime
            .AddAttribute("ServerAddress",
                          "The primary IPv4 address of the Teredo server.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&TeredoClient::m_server),
                          MakeIpv4AddressChecker())
            .AddAttribute("ServerSecondaryAddress",
                          "The server's secondary IPv4 address, used by the RFC 4380 "
                          "procedure; 0.0.0.0 means the primary address plus one.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&TeredoClient::m_secondaryServer),
                          MakeIpv4AddressChecker())
            // Its setter ignores 0.0.0.0, the default every construction applies,
            // so that it does not undo a ServerSecondaryAddress set before it.
            .AddAttribute("SecondaryServerAddress",
                          "Deprecated: use ServerSecondaryAddress.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&TeredoClient::SetDeprecatedSecondaryServer,
                                                  &TeredoClient::GetConfiguredSecondaryServer),
                          MakeIpv4AddressChecker(),
                          TypeId::DEPRECATED,
                          "use ServerSecondaryAddress")
            .AddAttribute("ServerPort",
                          "The server's UDP port.",
                          UintegerValue(TeredoAddress::SERVER_PORT),
                          MakeUintegerAccessor(&TeredoClient::m_serverPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Port",
                          "The client's local UDP port; 0 lets the stack choose one.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TeredoClient::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Prefix",
                          "The Teredo prefix (a /32); advertisements for another are refused.",
                          Ipv6AddressValue(TeredoAddress::GetDefaultPrefix()),
                          MakeIpv6AddressAccessor(&TeredoClient::m_prefix),
                          MakeIpv6AddressChecker())
            .AddAttribute("Procedure",
                          "The qualification procedure: Rfc4380 (cone probe, fallback, "
                          "secondary-address check) or Rfc5991 (one RS without the cone "
                          "flag, as Miredo).",
                          EnumValue(TeredoQualification::RFC5991),
                          MakeEnumAccessor(&TeredoClient::m_procedure),
                          MakeEnumChecker(TeredoQualification::RFC4380,
                                          "Rfc4380",
                                          TeredoQualification::RFC5991,
                                          "Rfc5991"))
            .AddAttribute("RsTimeout",
                          "How long to wait for an advertisement before sending the "
                          "solicitation again (T, RFC 4380: 4 s).",
                          TimeValue(Seconds(4)),
                          MakeTimeAccessor(&TeredoClient::m_rsTimeout),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("RsTries",
                          "Solicitations per probe before giving up on it (N, RFC 4380: 3).",
                          UintegerValue(3),
                          MakeUintegerAccessor(&TeredoClient::m_rsTries),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("RefreshInterval",
                          "The Teredo refresh interval: the mapping is refreshed this long "
                          "after the server last answered, less a random jitter.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&TeredoClient::m_refreshInterval),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("RefreshJitter",
                          "Each refresh waits RefreshInterval times a factor drawn uniformly "
                          "in [1 - RefreshJitter, 1]; 0 refreshes at fixed times, as Miredo.",
                          DoubleValue(0.25),
                          MakeDoubleAccessor(&TeredoClient::m_refreshJitter),
                          MakeDoubleChecker<double>(0.0, 0.99))
            .AddAttribute("RestartDelay",
                          "The wait after a failed qualification or a lost server before "
                          "trying again; doubles with each consecutive failure.",
                          TimeValue(Seconds(100)),
                          MakeTimeAccessor(&TeredoClient::m_restartDelay),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("MaxRestartDelay",
                          "The longest wait between attempts.",
                          TimeValue(Seconds(800)),
                          MakeTimeAccessor(&TeredoClient::m_maxRestartDelay),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("SymmetricNatExtension",
                          "RFC 6081 symmetric NAT support: behind a symmetric NAT the "
                          "RFC 4380 procedure qualifies (cone flag clear) instead of "
                          "going off-line.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TeredoClient::m_symmetricExtension),
                          MakeBooleanChecker())
            .AddAttribute("ConeShortcut",
                          "Send to a peer whose address has the cone flag directly, without "
                          "bubbles, as RFC 4380 allows (Miredo never does).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TeredoClient::m_coneShortcut),
                          MakeBooleanChecker())
            .AddAttribute("ClientIdentifier",
                          "Secure qualification (RFC 4380 5.2.2): the client identifier "
                          "sent in every solicitation (at most 255 octets).",
                          StringValue(""),
                          MakeStringAccessor(&TeredoClient::m_clientId),
                          MakeStringChecker())
            .AddAttribute("SharedSecret",
                          "Secure qualification: the secret shared with the server for "
                          "ClientIdentifier (the HMAC-SHA1 key). Set, solicitations carry "
                          "its authentication value and only advertisements that carry it "
                          "are accepted; empty, the nonce alone protects qualification.",
                          StringValue(""),
                          MakeStringAccessor(&TeredoClient::m_secret),
                          MakeStringChecker())
            .AddTraceSource("StateChanged",
                            "The qualification state changed.",
                            MakeTraceSourceAccessor(&TeredoClient::m_stateTrace),
                            "ns3::TeredoClient::StateTracedCallback")
            .AddTraceSource("Qualified",
                            "The client qualified: its Teredo address and the NAT type "
                            "the procedure could tell.",
                            MakeTraceSourceAccessor(&TeredoClient::m_qualifiedTrace),
                            "ns3::TeredoClient::QualifiedTracedCallback")
            .AddTraceSource("Tx",
                            "A UDP payload sent, with its destination.",
                            MakeTraceSourceAccessor(&TeredoClient::m_txTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("Rx",
                            "A UDP payload received, with its source.",
                            MakeTraceSourceAccessor(&TeredoClient::m_rxTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("TunnelTx",
                            "An IPv6 packet the node's stack sent into the Teredo interface.",
                            MakeTraceSourceAccessor(&TeredoClient::m_tunnelTxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("TunnelRx",
                            "An IPv6 packet received through the tunnel and handed to the "
                            "node's stack.",
                            MakeTraceSourceAccessor(&TeredoClient::m_tunnelRxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Drop",
                            "A packet dropped, with the reason.",
                            MakeTraceSourceAccessor(&TeredoClient::m_dropTrace),
                            "ns3::TeredoClient::DropTracedCallback");
    return tid;
}

TeredoClient::TeredoClient()
    : m_serverPort(TeredoAddress::SERVER_PORT),
      m_port(0),
      m_procedure(TeredoQualification::RFC5991),
      m_rsTries(3),
      m_refreshJitter(0.25),
      m_symmetricExtension(false),
      m_coneShortcut(true),
      m_random(CreateObject<UniformRandomVariable>()),
      m_lastState(TeredoQualification::IDLE),
      m_lastGeneration(0)
{
    NS_LOG_FUNCTION(this);
    m_drops.fill(0);
}

TeredoClient::~TeredoClient() = default;

void
TeredoClient::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_timer.Cancel();
    m_socket = nullptr;
    m_interface.Dispose();
    m_qualification.reset();
    TeredoPeerApplication::DoDispose();
}

int64_t
TeredoClient::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

Ipv4Address
TeredoClient::GetServerPrimaryAddress() const
{
    return m_server;
}

Ipv4Address
TeredoClient::GetServerSecondaryAddress() const
{
    if (m_secondaryServer != Ipv4Address::GetAny())
    {
        return m_secondaryServer;
    }
    // RFC 4380's servers hold two consecutive addresses; Miredo and Windows assume so too.
    return Ipv4Address(m_server.Get() + 1);
}

void
TeredoClient::SetDeprecatedSecondaryServer(Ipv4Address address)
{
    if (address != Ipv4Address::GetAny())
    {
        m_secondaryServer = address;
    }
}

Ipv4Address
TeredoClient::GetConfiguredSecondaryServer() const
{
    return m_secondaryServer;
}

bool
TeredoClient::IsFromServer(const InetSocketAddress& from) const
{
    return from.GetPort() == m_serverPort &&
           (from.GetIpv4() == m_server || from.GetIpv4() == GetServerSecondaryAddress());
}

void
TeredoClient::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_server == Ipv4Address::GetAny(),
                    "TeredoClient on node " << GetNode()->GetId()
                                            << ": the ServerAddress attribute is not set");
    NS_ABORT_MSG_IF(m_clientId.size() > 255,
                    "TeredoClient on node " << GetNode()->GetId()
                                            << ": ClientIdentifier has more than 255 octets");
    NS_ABORT_MSG_IF(!m_secret.empty() && m_clientId.empty(),
                    "TeredoClient on node "
                        << GetNode()->GetId()
                        << ": SharedSecret is set but ClientIdentifier is empty (the server "
                           "finds the secret by the identifier: set both)");
    if (!m_interface.GetDevice())
    {
        m_interface.Install(GetNode(), MakeCallback(&TeredoClient::TunnelSend, this));
    }
    if (!m_socket)
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        NS_ABORT_MSG_IF(m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) != 0,
                        "TeredoClient on node " << GetNode()->GetId() << ": cannot bind UDP port "
                                                << m_port);
        m_socket->SetRecvCallback(MakeCallback(&TeredoClient::HandleRead, this));
        EnableOuterTos(m_socket);
    }

    TeredoQualification::Config config;
    config.procedure = m_procedure;
    config.rsTimeout = m_rsTimeout;
    config.rsTries = m_rsTries;
    config.refreshInterval = m_refreshInterval;
    config.refreshJitter = m_refreshJitter;
    config.restartDelay = m_restartDelay;
    config.maxRestartDelay = m_maxRestartDelay;
    config.symmetricExtension = m_symmetricExtension;
    m_qualification =
        std::make_unique<TeredoQualification>(config, [this]() { return Random64(); });
    CreatePeerList();
    m_lastState = TeredoQualification::IDLE;
    Apply(m_qualification->Start(Simulator::Now()));
}

void
TeredoClient::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_timer.Cancel();
    if (m_qualification)
    {
        Apply(m_qualification->Stop());
    }
    // Nothing queued can leave once stopped: count it now, not never.
    ClearPeerList();
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
}

void
TeredoClient::Apply(const TeredoQualification::Step& step)
{
    if (step.sendRs)
    {
        SendSolicitation(step);
    }
    if (step.hasTimer)
    {
        m_timer.Cancel();
        m_timer = Simulator::Schedule(step.timer - Simulator::Now(), &TeredoClient::OnTimer, this);
    }
    else if (m_qualification->GetState() == TeredoQualification::IDLE)
    {
        m_timer.Cancel();
    }

    TeredoQualification::State state = m_qualification->GetState();
    uint32_t generation = m_qualification->GetAddressGeneration();
    bool qualified = m_qualification->IsQualified();
    if (qualified &&
        (m_lastState != TeredoQualification::QUALIFIED || generation != m_lastGeneration))
    {
        Ipv6Address address = m_qualification->GetAddress().ToIpv6();
        if (address != m_interface.GetAddress())
        {
            // What peers knew of us belongs to the old address (as Miredo does).
            ClearPeerList();
        }
        m_interface.SetAddress(address, !m_interface.HasNativeIpv6());
        NS_LOG_INFO("node " << GetNode()->GetId() << " qualified as " << address << " (NAT "
                            << TeredoQualification::NatTypeToString(GetNatType()) << ")");
    }
    else if (!qualified && m_lastState == TeredoQualification::QUALIFIED)
    {
        m_interface.ClearAddress();
    }
    TeredoQualification::State old = m_lastState;
    bool newAddress = generation != m_lastGeneration;
    m_lastState = state;
    m_lastGeneration = generation;
    if (old != state)
    {
        m_stateTrace(old, state);
    }
    if (qualified && (old != TeredoQualification::QUALIFIED || newAddress))
    {
        m_qualifiedTrace(m_interface.GetAddress(), GetNatType());
    }
}

void
TeredoClient::OnTimer()
{
    NS_LOG_FUNCTION(this);
    Apply(m_qualification->OnTimer(Simulator::Now()));
}

void
TeredoClient::SendSolicitation(const TeredoQualification::Step& step)
{
    TeredoAuthHeader auth;
    auth.SetNonce(step.nonce);
    auth.SetConfirmation(0);
    auth.SetClientId(TeredoAuthenticator::ToOctets(m_clientId));
    Ptr<Packet> rs = TeredoPacketBuilder::MakeRouterSolicitation(auth, step.cone);
    if (!m_secret.empty())
    {
        rs = TeredoAuthenticator::Sign(rs, TeredoAuthenticator::ToOctets(m_secret));
    }
    Ipv4Address to =
        step.to == TeredoQualification::PRIMARY ? m_server : GetServerSecondaryAddress();
    InetSocketAddress destination(to, m_serverPort);
    NS_LOG_LOGIC("RS to " << to << (step.cone ? " as cone" : ""));
    m_txTrace(rs, destination);
    m_socket->SendTo(rs, 0, destination);
}

void
TeredoClient::HandleRead(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        if (!InetSocketAddress::IsMatchingType(from))
        {
            continue;
        }
        InetSocketAddress source = InetSocketAddress::ConvertFrom(from);
        uint8_t outerTos = TakeOuterTos(packet);
        m_rxTrace(packet, from);
        Receive(packet, source, outerTos);
    }
}

void
TeredoClient::Receive(Ptr<Packet> payload, const InetSocketAddress& from, uint8_t outerTos)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(payload);
    if (!info.IsValid())
    {
        NS_LOG_LOGIC("malformed: " << TeredoDatagramClassifier::ReasonToString(info.reason));
        Drop(payload, DROP_MALFORMED);
        return;
    }
    // Leaving the tunnel: the inner ECN field becomes what RFC 6040 says,
    // before anything acts on the packet.
    if (info.kind != TeredoDatagramInfo::INDICATION_ONLY &&
        !DecapsulateEcn(payload, info, outerTos))
    {
        Drop(payload, DROP_ECN_CE_ON_NOT_ECT);
        return;
    }
    if (info.kind != TeredoDatagramInfo::ROUTER_ADVERTISEMENT)
    {
        ReceiveData(payload, info, from);
        return;
    }
    Ipv4Address source = from.GetIpv4();
    if (!IsFromServer(from))
    {
        Drop(payload, DROP_NOT_FROM_SERVER);
        return;
    }
    if (!m_secret.empty() &&
        (!info.hasAuth || info.auth.GetClientId() != TeredoAuthenticator::ToOctets(m_clientId) ||
         !TeredoAuthenticator::Verify(payload, info, TeredoAuthenticator::ToOctets(m_secret))))
    {
        // Section 5.2.2: with a secret, an advertisement that does not prove
        // it is discarded, whatever else it holds.
        Drop(payload, DROP_AUTHENTICATION_FAILED);
        return;
    }
    // Section 5.2.1: the advertisement must carry the nonce and our mapping,
    // accept us (confirmation 0) and offer a /64 under our server's address.
    TeredoRouterAdvertisement ra = TeredoRouterAdvertisement::Read(payload, info);
    bool prefixOk = ra.error == TeredoRouterAdvertisement::NONE &&
                    TeredoAddress::IsTeredo(ra.prefix, m_prefix) &&
                    TeredoAddress::Decode(ra.prefix).GetServer() == m_server;
    if (!info.hasAuth || !info.hasOrigin || info.auth.GetConfirmation() != 0 || !prefixOk)
    {
        Drop(payload, DROP_BAD_ADVERTISEMENT);
        return;
    }
    TeredoQualification::Advertisement advertisement;
    advertisement.nonce = info.auth.GetNonceValue();
    advertisement.from =
        source == m_server ? TeredoQualification::PRIMARY : TeredoQualification::SECONDARY;
    advertisement.mappedAddress = info.origin.GetAddress();
    advertisement.mappedPort = info.origin.GetPort();
    advertisement.prefix = ra.prefix;
    TeredoQualification::Verdict verdict;
    TeredoQualification::Step step =
        m_qualification->OnAdvertisement(Simulator::Now(), advertisement, verdict);
    switch (verdict)
    {
    case TeredoQualification::ACCEPTED:
        Apply(step);
        return;
    case TeredoQualification::UNEXPECTED:
        Drop(payload, DROP_UNEXPECTED_ADVERTISEMENT);
        return;
    case TeredoQualification::NONCE_MISMATCH:
        Drop(payload, DROP_NONCE_MISMATCH);
        return;
    case TeredoQualification::WRONG_ADDRESS:
        Drop(payload, DROP_WRONG_SERVER_ADDRESS);
        return;
    }
}

uint64_t
TeredoClient::Random64()
{
    uint64_t high = m_random->GetInteger(0, 0xffffffffU);
    uint64_t low = m_random->GetInteger(0, 0xffffffffU);
    return (high << 32) | low;
}

void
TeredoClient::HoldForPingTest(const TeredoPeerList::Peer& peer,
                              const TeredoPeerList::QueuedPacket& queued,
                              Ptr<const Packet> dropped)
{
    if (!GetPeerList().Enqueue(peer, queued))
    {
        Drop(dropped, DROP_QUEUE_FULL);
    }
    if (GetBubbleLimiter().Allow(peer.pings, peer.lastPing, Simulator::Now()))
    {
        SendPingTest(peer);
    }
}

bool
TeredoClient::TunnelSend(Ptr<Packet> packet)
{
    m_tunnelTxTrace(packet);
    Ipv6Header header;
    if (packet->PeekHeader(header) == 0)
    {
        Drop(packet, DROP_MALFORMED);
        return false;
    }
    Ipv6Address destination = header.GetDestination();
    if (destination.IsMulticast())
    {
        // Duplicate address detection, router solicitations: a tunnel carries none.
        NS_LOG_LOGIC("the stack's multicast to " << destination << ": not carried");
        ++m_stackMulticast;
        return false;
    }
    if (!TeredoAddress::IsGlobalUnicast(destination))
    {
        // Nothing reachable through Teredo has such an address: refuse it here,
        // before a ping test or bubble goes out for it.
        NS_LOG_WARN("TeredoClient on node " << GetNode()->GetId() << ": refusing to send to "
                                            << destination << ", " << NonGlobalKind(destination)
                                            << ", not a global unicast address");
        Drop(packet, DROP_DESTINATION_NOT_GLOBAL);
        return false;
    }
    if (!IsQualified())
    {
        Drop(packet, DROP_NOT_QUALIFIED);
        return false;
    }
    Time now = Simulator::Now();
    bool teredo = TeredoAddress::IsTeredo(destination, m_prefix);
    TeredoAddress peerAddress = TeredoAddress::Decode(destination);
    // Its mapped address too: a local application may name any Teredo
    // address, and a broadcast one crashes ns-3.37's UDP routing.
    if (teredo && (!TeredoAddress::IsGlobalUnicast(peerAddress.GetServer()) ||
                   !TeredoAddress::IsGlobalUnicast(peerAddress.GetMappedAddress())))
    {
        Drop(packet, DROP_BAD_DESTINATION);
        return false;
    }
    const TeredoPeerList::Peer& peer = GetPeerList().Touch(destination, now);
    if (IsFresh(peer, now))
    {
        SendDirect(peer, packet); // section 5.2.4, case 1
    }
    else if (teredo)
    {
        SendToTeredoPeer(peer, packet, peerAddress);
    }
    else
    {
        // A native host: find its relay with a ping test (section 5.2.9).
        HoldForPingTest(peer, packet, packet);
    }
    return true;
}

void
TeredoClient::SendToTeredoPeer(const TeredoPeerList::Peer& peer,
                               Ptr<Packet> packet,
                               const TeredoAddress& peerAddress)
{
    if (!peer.trusted)
    {
        // Until the peer answers, its address says where its NAT listens.
        peer.mappedAddress = peerAddress.GetMappedAddress();
        peer.mappedPort = peerAddress.GetMappedPort();
    }
    if (peerAddress.IsCone() && m_coneShortcut)
    {
        SendDirect(peer, packet); // a cone NAT lets anyone in
        return;
    }
    if (!GetPeerList().Enqueue(peer, packet))
    {
        Drop(packet, DROP_QUEUE_FULL);
    }
    if (GetBubbleLimiter().Allow(peer.bubbles, peer.lastBubble, Simulator::Now()))
    {
        Ipv6Address self = m_interface.GetAddress();
        if (!TeredoAddress::Decode(self).IsCone())
        {
            // Opens our own NAT toward the peer, so its answer gets in.
            SendBubble(self, peer.address, InetSocketAddress(peer.mappedAddress, peer.mappedPort));
        }
        SendBubble(self,
                   peer.address,
                   InetSocketAddress(peerAddress.GetServer(), TeredoAddress::SERVER_PORT));
    }
}

void
TeredoClient::SendDirect(const TeredoPeerList::Peer& peer, Ptr<Packet> ipv6)
{
    InetSocketAddress to(peer.mappedAddress, peer.mappedPort);
    peer.lastTransmit = Simulator::Now();
    ++m_directTx;
    m_txTrace(ipv6, to);
    Ptr<Packet> copy = ipv6->Copy();
    SetOuterEcn(copy);
    m_socket->SendTo(copy, 0, to);
}

void
TeredoClient::SendBubble(Ipv6Address source, Ipv6Address destination, const InetSocketAddress& to)
{
    Ptr<Packet> bubble = TeredoPacketBuilder::MakeBubble(source, destination);
    NS_LOG_LOGIC("bubble " << source << " > " << destination << " to " << to.GetIpv4() << ":"
                           << to.GetPort());
    ++m_bubbles;
    m_txTrace(bubble, to);
    m_socket->SendTo(bubble, 0, to);
}

void
TeredoClient::SendPingTest(const TeredoPeerList::Peer& peer)
{
    uint64_t nonce = Random64();
    peer.pingNonce = nonce;
    Ptr<Packet> echo = TeredoPacketBuilder::MakeEchoRequest(m_interface.GetAddress(),
                                                            peer.address,
                                                            static_cast<uint16_t>(nonce >> 48),
                                                            static_cast<uint16_t>(peer.pings),
                                                            nonce);
    InetSocketAddress to(m_server, m_serverPort);
    NS_LOG_LOGIC("ping test to " << peer.address << " through " << m_server);
    ++m_pingTests;
    m_txTrace(echo, to);
    m_socket->SendTo(echo, 0, to);
}

void
TeredoClient::Deliver(Ptr<Packet> ipv6)
{
    ++m_delivered;
    m_tunnelRxTrace(ipv6);
    m_interface.Deliver(ipv6);
}

void
TeredoClient::Flush(const TeredoPeerList::Peer& peer)
{
    for (const TeredoPeerList::QueuedPacket& q : GetPeerList().TakeQueue(peer))
    {
        if (!q.incoming)
        {
            SendDirect(peer, q.packet);
        }
        else if (q.fromAddress == peer.mappedAddress && q.fromPort == peer.mappedPort)
        {
            Deliver(q.packet);
        }
        else
        {
            Drop(q.packet, DROP_UNVERIFIED_RELAY);
        }
    }
}

void
TeredoClient::Accept(const TeredoPeerList::Peer& peer, Ptr<Packet> ipv6, bool deliver)
{
    peer.trusted = true;
    peer.lastReceive = Simulator::Now();
    peer.bubbles = 0;
    peer.pings = 0;
    Flush(peer);
    if (deliver)
    {
        Deliver(ipv6);
    }
}

void
TeredoClient::ReceiveData(Ptr<Packet> payload,
                          const TeredoDatagramInfo& info,
                          const InetSocketAddress& from)
{
    if (!IsQualified())
    {
        Drop(payload, DROP_NOT_QUALIFIED);
        return;
    }
    if (info.kind == TeredoDatagramInfo::INDICATION_ONLY)
    {
        Drop(payload, DROP_MALFORMED);
        return;
    }
    if (IsFromServer(from) && !ReceiveFromServer(payload, info))
    {
        return;
    }
    if (info.ipv6.GetSource().IsLinkLocal() || info.ipv6.GetDestination().IsMulticast())
    {
        Drop(payload, DROP_LINK_LOCAL_SOURCE);
        return;
    }
    ReceiveFromPeer(payload, info, from);
}

bool
TeredoClient::ReceiveFromServer(Ptr<Packet> payload, const TeredoDatagramInfo& info)
{
    if (!info.hasOrigin)
    {
        Drop(payload, DROP_FROM_SERVER);
        return false;
    }
    // An indirect bubble: a peer wants to reach us. Answer straight to where
    // its NAT mapped it, opening our NAT toward it (section 5.2.3).
    SendBubble(info.ipv6.GetDestination(),
               info.ipv6.GetSource(),
               InetSocketAddress(info.origin.GetAddress(), info.origin.GetPort()));
    return info.kind != TeredoDatagramInfo::BUBBLE;
}

void
TeredoClient::ReceiveFromPeer(Ptr<Packet> payload,
                              const TeredoDatagramInfo& info,
                              const InetSocketAddress& from)
{
    Ipv6Address source = info.ipv6.GetSource();
    bool bubble = info.kind == TeredoDatagramInfo::BUBBLE;
    Time now = Simulator::Now();
    Ptr<Packet> ipv6 = TeredoDatagramClassifier::ExtractIpv6(payload, info);
    const TeredoPeerList::Peer* known = GetPeerList().Find(source, now);
    bool atMapping =
        known && known->mappedAddress == from.GetIpv4() && known->mappedPort == from.GetPort();
    if (known && known->trusted && atMapping)
    {
        Accept(*known, ipv6, !bubble); // section 5.2.3, case 1
        return;
    }
    bool teredo = TeredoAddress::IsTeredo(source, m_prefix);
    uint64_t nonce = 0;
    if (known && !teredo && known->pingNonce != 0 &&
        TeredoPacketBuilder::ReadEchoReplyNonce(ipv6, nonce) && nonce == known->pingNonce)
    {
        // The answer to our ping test: this relay serves that host.
        known->mappedAddress = from.GetIpv4();
        known->mappedPort = from.GetPort();
        known->pingNonce = 0;
        Accept(*known, ipv6, false);
        return;
    }
    if (teredo)
    {
        TeredoAddress peerAddress = TeredoAddress::Decode(source);
        if (peerAddress.GetMappedAddress() != from.GetIpv4() ||
            peerAddress.GetMappedPort() != from.GetPort())
        {
            Drop(payload, DROP_MAPPING_MISMATCH);
            return;
        }
        const TeredoPeerList::Peer& peer = GetPeerList().Touch(source, now);
        peer.mappedAddress = from.GetIpv4();
        peer.mappedPort = from.GetPort();
        Accept(peer, ipv6, !bubble);
        return;
    }
    // A native source through a relay we have not verified: hold the packet and
    // check with a ping test that this relay really serves that host (case 6).
    const TeredoPeerList::Peer& peer = GetPeerList().Touch(source, now);
    HoldForPingTest(peer, {ipv6, from.GetIpv4(), from.GetPort()}, payload);
}

void
TeredoClient::DropQueued(Ptr<const Packet> packet, TeredoPeerList::Discard why)
{
    Drop(packet,
         why == TeredoPeerList::EVICTED   ? DROP_QUEUE_EVICTED
         : why == TeredoPeerList::EXPIRED ? DROP_QUEUE_EXPIRED
                                          : DROP_QUEUE_CLEARED);
}

void
TeredoClient::Drop(Ptr<const Packet> packet, DropReason reason)
{
    NS_LOG_LOGIC("drop (" << DropReasonToString(reason) << ")");
    ++m_drops[reason];
    m_dropTrace(packet, reason);
}

bool
TeredoClient::IsQualified() const
{
    return m_qualification && m_qualification->IsQualified();
}

Ipv6Address
TeredoClient::GetTeredoAddress() const
{
    return IsQualified() ? m_interface.GetAddress() : Ipv6Address::GetAny();
}

TeredoQualification::NatType
TeredoClient::GetNatType() const
{
    return m_qualification ? m_qualification->GetNatType() : TeredoQualification::NAT_UNKNOWN;
}

TeredoQualification::State
TeredoClient::GetState() const
{
    return m_qualification ? m_qualification->GetState() : TeredoQualification::IDLE;
}

std::string
TeredoClient::GetStateName() const
{
    return TeredoQualification::StateToString(GetState());
}

std::string
TeredoClient::GetNatTypeName() const
{
    return TeredoQualification::NatTypeToString(GetNatType());
}

Ptr<NetDevice>
TeredoClient::GetTunnelDevice() const
{
    return m_interface.GetDevice();
}

uint32_t
TeredoClient::GetTunnelInterface() const
{
    return m_interface.GetInterfaceIndex();
}

uint64_t
TeredoClient::GetDropCount(DropReason reason) const
{
    return reason < DROP_REASON_COUNT ? m_drops[reason] : 0;
}

uint64_t
TeredoClient::GetTotalDropCount() const
{
    return std::accumulate(m_drops.begin(), m_drops.end(), uint64_t(0));
}

uint64_t
TeredoClient::GetStackMulticastCount() const
{
    return m_stackMulticast;
}

uint64_t
TeredoClient::GetDirectTxCount() const
{
    return m_directTx;
}

uint64_t
TeredoClient::GetDeliveredCount() const
{
    return m_delivered;
}

uint64_t
TeredoClient::GetBubbleTxCount() const
{
    return m_bubbles;
}

uint64_t
TeredoClient::GetPingTestCount() const
{
    return m_pingTests;
}

std::string
TeredoClient::DropReasonToString(DropReason reason)
{
    switch (reason)
    {
    case DROP_MALFORMED:
        return "malformed";
    case DROP_NOT_FROM_SERVER:
        return "not-from-server";
    case DROP_BAD_ADVERTISEMENT:
        return "bad-advertisement";
    case DROP_UNEXPECTED_ADVERTISEMENT:
        return "unexpected-advertisement";
    case DROP_NONCE_MISMATCH:
        return "nonce-mismatch";
    case DROP_WRONG_SERVER_ADDRESS:
        return "wrong-server-address";
    case DROP_NOT_QUALIFIED:
        return "not-qualified";
    case DROP_DESTINATION_NOT_GLOBAL:
        return "destination-not-global";
    case DROP_BAD_DESTINATION:
        return "bad-destination";
    case DROP_QUEUE_FULL:
        return "queue-full";
    case DROP_LINK_LOCAL_SOURCE:
        return "link-local-source";
    case DROP_MAPPING_MISMATCH:
        return "mapping-mismatch";
    case DROP_UNVERIFIED_RELAY:
        return "unverified-relay";
    case DROP_FROM_SERVER:
        return "from-server";
    case DROP_QUEUE_EVICTED:
        return "queue-evicted";
    case DROP_QUEUE_EXPIRED:
        return "queue-expired";
    case DROP_QUEUE_CLEARED:
        return "queue-cleared";
    case DROP_AUTHENTICATION_FAILED:
        return "authentication-failed";
    case DROP_ECN_CE_ON_NOT_ECT:
        return "ecn-ce-on-not-ect";
    case DROP_REASON_COUNT:
        break;
    }
    return "unknown-reason";
}

} // namespace ns3
