/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-relay.h"

#include "teredo-address.h"
#include "teredo-datagram-classifier.h"
#include "teredo-packet-builder.h"
#include "teredo-server.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <numeric>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TeredoRelay");

NS_OBJECT_ENSURE_REGISTERED(TeredoRelay);

namespace
{
constexpr uint8_t TEREDO_PREFIX_LENGTH = 32;
} // namespace

TypeId
TeredoRelay::GetTypeId()
{
    static TypeId tid =
        AddPeerAttributes(TypeId("ns3::TeredoRelay")
                              .SetParent<TeredoPeerApplication>()
                              .SetGroupName("Teredo")
                              .AddConstructor<TeredoRelay>(),
                          Seconds(30))
            .AddAttribute("Port",
                          "The local UDP port, on the node's own IPv4 address(es); clients "
                          "learn it from the origin indication of the relay's bubbles.",
                          UintegerValue(TeredoAddress::SERVER_PORT),
                          MakeUintegerAccessor(&TeredoRelay::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Prefix",
                          "The Teredo prefix (a /32): routed into the tunnel, and the "
                          "addresses the relay serves.",
                          Ipv6AddressValue(TeredoAddress::GetDefaultPrefix()),
                          MakeIpv6AddressAccessor(&TeredoRelay::m_prefix),
                          MakeIpv6AddressChecker())
            .AddAttribute("ConeShortcut",
                          "Send straight to a destination whose address has the cone flag, "
                          "without bubbles (RFC 4380 allows it; Miredo does not).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TeredoRelay::m_coneShortcut),
                          MakeBooleanChecker())
            .AddTraceSource("Tx",
                            "A UDP payload sent (an IPv6 packet to a peer, or a bubble to a "
                            "server), with its destination (an InetSocketAddress).",
                            MakeTraceSourceAccessor(&TeredoRelay::m_txTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("Rx",
                            "A UDP payload received, with its source (an InetSocketAddress).",
                            MakeTraceSourceAccessor(&TeredoRelay::m_rxTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("TunnelTx",
                            "An IPv6 packet the node's stack sent into the tunnel (its own "
                            "multicast included).",
                            MakeTraceSourceAccessor(&TeredoRelay::m_tunnelTxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("TunnelRx",
                            "An IPv6 packet from a peer handed to the node's stack.",
                            MakeTraceSourceAccessor(&TeredoRelay::m_tunnelRxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Drop",
                            "A packet dropped, with the reason.",
                            MakeTraceSourceAccessor(&TeredoRelay::m_dropTrace),
                            "ns3::TeredoRelay::DropTracedCallback");
    return tid;
}

TeredoRelay::TeredoRelay()
    : m_port(TeredoAddress::SERVER_PORT),
      m_prefix(TeredoAddress::GetDefaultPrefix()),
      m_coneShortcut(true)
{
    NS_LOG_FUNCTION(this);
    m_drops.fill(0);
}

TeredoRelay::~TeredoRelay() = default;

void
TeredoRelay::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_socket = nullptr;
    m_interface.Dispose();
    TeredoPeerApplication::DoDispose();
}

std::string
TeredoRelay::DropReasonToString(DropReason reason)
{
    switch (reason)
    {
    case DROP_NOT_RUNNING:
        return "not-running";
    case DROP_TUNNEL_NOT_TEREDO:
        return "tunnel-not-teredo";
    case DROP_TUNNEL_SERVER_NOT_GLOBAL:
        return "tunnel-server-not-global";
    case DROP_TUNNEL_MAPPED_NOT_GLOBAL:
        return "tunnel-mapped-not-global";
    case DROP_QUEUE_FULL:
        return "queue-full";
    case DROP_MALFORMED:
        return "malformed";
    case DROP_SOURCE_NOT_TEREDO:
        return "source-not-teredo";
    case DROP_MULTICAST_DESTINATION:
        return "multicast-destination";
    case DROP_ROUTER_DISCOVERY:
        return "router-discovery";
    case DROP_DESTINATION_NOT_GLOBAL:
        return "destination-not-global";
    case DROP_NOT_FOR_THIS_HOST:
        return "not-for-this-host";
    case DROP_SOURCE_MISMATCH:
        return "source-mismatch";
    case DROP_UNKNOWN_PEER:
        return "unknown-peer";
    case DROP_QUEUE_EVICTED:
        return "queue-evicted";
    case DROP_QUEUE_EXPIRED:
        return "queue-expired";
    case DROP_QUEUE_CLEARED:
        return "queue-cleared";
    case DROP_ECN_CE_ON_NOT_ECT:
        return "ecn-ce-on-not-ect";
    case DROP_REASON_COUNT:
        break;
    }
    return "unknown-reason";
}

uint64_t
TeredoRelay::GetDropCount(DropReason reason) const
{
    return reason < DROP_REASON_COUNT ? m_drops[reason] : 0;
}

uint64_t
TeredoRelay::GetTotalDropCount() const
{
    return std::accumulate(m_drops.begin(), m_drops.end(), uint64_t(0));
}

uint64_t
TeredoRelay::GetForwardedToTeredoCount() const
{
    return m_forwardedToTeredo;
}

uint64_t
TeredoRelay::GetForwardedToNativeCount() const
{
    return m_forwardedToNative;
}

uint64_t
TeredoRelay::GetBubbleTxCount() const
{
    return m_bubbleTx;
}

uint64_t
TeredoRelay::GetStackMulticastCount() const
{
    return m_stackMulticast;
}

Ptr<NetDevice>
TeredoRelay::GetTunnelDevice() const
{
    return m_interface.GetDevice();
}

bool
TeredoRelay::ForwardsForOthers() const
{
    return true;
}

bool
TeredoRelay::AcceptsDestination(Ipv6Address /* destination */) const
{
    return true;
}

void
TeredoRelay::StartApplication()
{
    NS_LOG_FUNCTION(this);
    Ptr<Node> node = GetNode();
    NS_ABORT_MSG_IF(!node->GetObject<Ipv4>() || !node->GetObject<Ipv6>(),
                    GetInstanceTypeId().GetName()
                        << " on node " << node->GetId()
                        << " needs IPv4 and IPv6 stacks (a dual-stack node)");
    CheckNativeSide();
    if (!m_interface.GetDevice())
    {
        SetUpTunnel();
    }
    if (!m_socket)
    {
        m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        NS_ABORT_MSG_IF(m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) != 0,
                        GetInstanceTypeId().GetName()
                            << " on node " << node->GetId() << ": cannot bind UDP port " << m_port);
        m_socket->SetRecvCallback(MakeCallback(&TeredoRelay::HandleRead, this));
        EnableOuterTos(m_socket);
    }
    CreatePeerList();
}

std::vector<std::pair<uint32_t, Ipv6Address>>
TeredoRelay::GetNativeAddresses() const
{
    Ptr<Ipv6> ipv6 = GetNode()->GetObject<Ipv6>();
    Ptr<NetDevice> tunnel = m_interface.GetDevice();
    std::vector<std::pair<uint32_t, Ipv6Address>> native;
    for (uint32_t i = 0; i < ipv6->GetNInterfaces(); ++i)
    {
        if (tunnel && ipv6->GetNetDevice(i) == tunnel)
        {
            continue; // the node's addresses again, as /128s
        }
        for (uint32_t j = 0; j < ipv6->GetNAddresses(i); ++j)
        {
            Ipv6InterfaceAddress a = ipv6->GetAddress(i, j);
            if (a.GetScope() == Ipv6InterfaceAddress::GLOBAL &&
                !TeredoAddress::IsTeredo(a.GetAddress(), m_prefix))
            {
                native.emplace_back(i, a.GetAddress());
            }
        }
    }
    return native;
}

void
TeredoRelay::CheckNativeSide() const
{
    Ptr<Node> node = GetNode();
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    std::vector<std::pair<uint32_t, Ipv6Address>> native = GetNativeAddresses();
    std::string who = GetInstanceTypeId().GetName() + " on node " + std::to_string(node->GetId());
    NS_ABORT_MSG_IF(native.empty(),
                    who << ": no global IPv6 address on any interface; the relay carries IPv6 "
                           "between Teredo and a native IPv6 network: give the node's native "
                           "interface a global address (Ipv6AddressHelper::Assign) before Start");
    if (!ForwardsForOthers())
    {
        return; // a host-specific relay's traffic is its own: nothing is forwarded
    }
    // ns-3 forwards a packet only if the interface it arrives on forwards:
    // the native interfaces, where the Teredo prefix's traffic comes in (the
    // tunnel's own forwarding is set with the tunnel).
    for (const auto& [i, address] : native)
    {
        NS_ABORT_MSG_IF(!ipv6->IsForwarding(i),
                        who << ": IPv6 forwarding is off on interface " << i << " (" << address
                            << "), so nothing from the native side reaches the tunnel; call "
                               "Ipv6::SetForwarding("
                            << i
                            << ", true), Ipv6InterfaceContainer::SetForwarding or "
                               "SetAttribute(\"IpForward\", BooleanValue(true)) on the node's "
                               "Ipv6 before Start");
    }
}

void
TeredoRelay::SetUpTunnel()
{
    // The node's global addresses, before the tunnel joins the interfaces.
    std::vector<Ipv6Address> own;
    for (const auto& native : GetNativeAddresses())
    {
        own.push_back(native.second);
    }
    m_interface.Install(GetNode(), MakeCallback(&TeredoRelay::TunnelSend, this));
    m_interface.SetForwarding(ForwardsForOthers());
    m_interface.AddRoute(m_prefix.CombinePrefix(Ipv6Prefix(TEREDO_PREFIX_LENGTH)),
                         Ipv6Prefix(TEREDO_PREFIX_LENGTH));
    for (Ipv6Address a : own)
    {
        m_interface.AddLocalAddress(a);
    }
    NS_LOG_INFO("node " << GetNode()->GetId() << ": " << m_prefix << "/32 into the tunnel, "
                        << own.size() << " native addresses on it, forwarding "
                        << (ForwardsForOthers() ? "on" : "off"));
}

void
TeredoRelay::StopApplication()
{
    NS_LOG_FUNCTION(this);
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
TeredoRelay::HandleRead(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        if (!InetSocketAddress::IsMatchingType(from))
        {
            continue; // a UDP/IPv4 socket gives nothing else
        }
        uint8_t outerTos = TakeOuterTos(packet);
        m_rxTrace(packet, from);
        Receive(packet, InetSocketAddress::ConvertFrom(from), outerTos);
    }
}

void
TeredoRelay::Receive(Ptr<Packet> payload, const InetSocketAddress& from, uint8_t outerTos)
{
    NS_LOG_FUNCTION(this << payload->GetSize() << from.GetIpv4() << from.GetPort());
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(payload);
    DropReason reason;
    if (Refuses(info, reason))
    {
        Drop(payload, reason);
        return;
    }
    // Leaving the tunnel: the inner ECN field becomes what RFC 6040 says.
    if (!DecapsulateEcn(payload, info, outerTos))
    {
        Drop(payload, DROP_ECN_CE_ON_NOT_ECT);
        return;
    }
    Ipv6Address source = info.ipv6.GetSource();
    Time now = Simulator::Now();
    const TeredoPeerList::Peer* known = GetPeerList().Find(source, now);
    bool fromMapping = known && known->trusted && known->mappedAddress == from.GetIpv4() &&
                       known->mappedPort == from.GetPort();
    if (!fromMapping)
    {
        // Ingress check (RFC 4380 section 5.4): a client speaks only from the
        // mapping its address holds.
        TeredoAddress t = TeredoAddress::Decode(source);
        if (t.GetMappedAddress() != from.GetIpv4() || t.GetMappedPort() != from.GetPort())
        {
            Drop(payload, DROP_SOURCE_MISMATCH);
            return;
        }
        if (!known)
        {
            Drop(payload, DROP_UNKNOWN_PEER);
            return;
        }
    }
    Accept(payload, info, from);
}

bool
TeredoRelay::Refuses(const TeredoDatagramInfo& info, DropReason& reason) const
{
    if (!info.IsValid() || info.kind == TeredoDatagramInfo::INDICATION_ONLY)
    {
        reason = DROP_MALFORMED;
        return true;
    }
    Ipv6Address destination = info.ipv6.GetDestination();
    if (!TeredoAddress::IsTeredo(info.ipv6.GetSource(), m_prefix))
    {
        reason = DROP_SOURCE_NOT_TEREDO;
    }
    else if (destination.IsMulticast())
    {
        reason = DROP_MULTICAST_DESTINATION;
    }
    else if (info.kind == TeredoDatagramInfo::ROUTER_SOLICITATION ||
             info.kind == TeredoDatagramInfo::ROUTER_ADVERTISEMENT)
    {
        // Not for the stack: it is a router, and its ICMPv6 layer would take
        // an RS without options for one with a link-layer address option
        // whenever an uninitialised byte says so, and read past the end.
        reason = DROP_ROUTER_DISCOVERY;
    }
    else if (!TeredoAddress::IsGlobalUnicast(destination))
    {
        // Nothing to forward or deliver: ns-3.37 would route ::1 to its
        // loopback interface, where a neighbour advertisement crashes it.
        reason = DROP_DESTINATION_NOT_GLOBAL;
    }
    else if (!AcceptsDestination(destination))
    {
        reason = DROP_NOT_FOR_THIS_HOST;
    }
    else
    {
        return false;
    }
    return true;
}

void
TeredoRelay::Accept(Ptr<Packet> payload,
                    const TeredoDatagramInfo& info,
                    const InetSocketAddress& from)
{
    Ipv6Address source = info.ipv6.GetSource();
    Time now = Simulator::Now();
    const TeredoPeerList::Peer& peer = GetPeerList().Touch(source, now);
    peer.mappedAddress = from.GetIpv4();
    peer.mappedPort = from.GetPort();
    peer.trusted = true;
    peer.lastReceive = now;
    TeredoBubbleLimiter::Reset(peer);
    std::vector<TeredoPeerList::QueuedPacket> waiting = GetPeerList().TakeQueue(peer);
    if (!waiting.empty())
    {
        NS_LOG_INFO(source << " answered: " << waiting.size() << " packets to " << from.GetIpv4()
                           << ":" << from.GetPort());
    }
    for (const TeredoPeerList::QueuedPacket& q : waiting)
    {
        SendToPeer(q.packet, peer); // a relay queues only packets toward clients
    }
    if (info.kind != TeredoDatagramInfo::BUBBLE)
    {
        // Last: the stack may route it straight back into the tunnel.
        Ptr<Packet> ipv6Packet = TeredoDatagramClassifier::ExtractIpv6(payload, info);
        ++m_forwardedToNative;
        m_tunnelRxTrace(ipv6Packet);
        m_interface.Deliver(ipv6Packet);
    }
}

bool
TeredoRelay::TunnelSend(Ptr<Packet> packet)
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
        // The stack's own neighbour and router discovery: a tunnel without
        // link layer carries none of it, running or not. Expected, so not a drop.
        NS_LOG_LOGIC("the stack's multicast to " << destination << " not carried");
        ++m_stackMulticast;
        return false;
    }
    if (!m_socket)
    {
        Drop(packet, DROP_NOT_RUNNING);
        return false;
    }
    if (!TeredoAddress::IsTeredo(destination, m_prefix))
    {
        Drop(packet, DROP_TUNNEL_NOT_TEREDO);
        return false;
    }
    TeredoAddress client = TeredoAddress::Decode(destination);
    if (!TeredoAddress::IsGlobalUnicast(client.GetServer()))
    {
        Drop(packet, DROP_TUNNEL_SERVER_NOT_GLOBAL);
        return false;
    }
    // As the server forwards only to global mapped addresses. A native host
    // chooses this address freely: 0.0.0.0, obfuscated, is the broadcast
    // address, and sending to it crashed ns-3.37's routing (fuzz finding 8).
    if (!TeredoAddress::IsGlobalUnicast(client.GetMappedAddress()))
    {
        Drop(packet, DROP_TUNNEL_MAPPED_NOT_GLOBAL);
        return false;
    }

    Time now = Simulator::Now();
    const TeredoPeerList::Peer& peer = GetPeerList().Touch(destination, now);
    if (IsFresh(peer, now))
    {
        SendToPeer(packet, peer);
        return true;
    }
    if (!peer.trusted)
    {
        // Never heard from: where its address says it is. A trusted peer keeps
        // the mapping it was heard from.
        peer.mappedAddress = client.GetMappedAddress();
        peer.mappedPort = client.GetMappedPort();
    }
    if (client.IsCone() && m_coneShortcut)
    {
        SendToPeer(packet, peer);
        return true;
    }
    bool queued = GetPeerList().Enqueue(peer, packet->Copy());
    if (!queued)
    {
        Drop(packet, DROP_QUEUE_FULL);
    }
    if (GetBubbleLimiter().Allow(peer, now))
    {
        SendIndirectBubble(header);
    }
    return queued;
}

void
TeredoRelay::SendToPeer(Ptr<Packet> packet, const TeredoPeerList::Peer& peer)
{
    InetSocketAddress to(peer.mappedAddress, peer.mappedPort);
    peer.lastTransmit = Simulator::Now();
    ++m_forwardedToTeredo;
    m_txTrace(packet, to);
    SetOuterEcn(packet);
    m_socket->SendTo(packet, 0, to);
}

void
TeredoRelay::SendIndirectBubble(const Ipv6Header& header)
{
    Ipv4Address server = TeredoAddress::Decode(header.GetDestination()).GetServer();
    InetSocketAddress to(server, TeredoAddress::SERVER_PORT);
    Ptr<Packet> bubble =
        TeredoPacketBuilder::MakeBubble(header.GetSource(), header.GetDestination());
    NS_LOG_INFO("indirect bubble for " << header.GetDestination() << " via " << server);
    ++m_bubbleTx;
    m_txTrace(bubble, to);
    m_socket->SendTo(bubble, 0, to);
}

void
TeredoRelay::DropQueued(Ptr<const Packet> packet, TeredoPeerList::Discard why)
{
    Drop(packet,
         why == TeredoPeerList::EVICTED   ? DROP_QUEUE_EVICTED
         : why == TeredoPeerList::EXPIRED ? DROP_QUEUE_EXPIRED
                                          : DROP_QUEUE_CLEARED);
}

void
TeredoRelay::Drop(Ptr<const Packet> packet, DropReason reason)
{
    NS_LOG_LOGIC("drop (" << DropReasonToString(reason) << ")");
    ++m_drops[reason];
    m_dropTrace(packet, reason);
}

} // namespace ns3
