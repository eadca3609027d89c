/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-peer-application.h"

#include "ns3/enum.h"
#include "ns3/ipv6-header.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TeredoPeerApplication");

NS_OBJECT_ENSURE_REGISTERED(TeredoPeerApplication);

TypeId
TeredoPeerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TeredoPeerApplication").SetParent<Application>().SetGroupName("Teredo");
    return tid;
}

TypeId
TeredoPeerApplication::AddPeerAttributes(TypeId tid, Time peerLifetime)
{
    return tid
        .AddAttribute("MaxPeers",
                      "The peer list holds at most this many peers; a new one evicts the "
                      "least recently used, and what its queue held is dropped "
                      "(queue-evicted).",
                      UintegerValue(1024),
                      MakeUintegerAccessor(&TeredoPeerApplication::m_maxPeers),
                      MakeUintegerChecker<uint32_t>(1))
        .AddAttribute("PeerLifetime",
                      "A peer not used (sent to or heard from) this long leaves the peer "
                      "list; what its queue held is dropped (queue-expired).",
                      TimeValue(peerLifetime),
                      MakeTimeAccessor(&TeredoPeerApplication::m_peerLifetime),
                      MakeTimeChecker(NanoSeconds(1)))
        .AddAttribute("MaxQueueBytes",
                      "Octets of IPv6 packets a peer's queue holds while the path to it is "
                      "being set up (Miredo: 1280); a packet that does not fit is dropped "
                      "(queue-full).",
                      UintegerValue(1280),
                      MakeUintegerAccessor(&TeredoPeerApplication::m_maxQueueBytes),
                      MakeUintegerChecker<uint32_t>())
        .AddAttribute("PeerValidity",
                      "A trusted peer gets packets directly while it was heard from within "
                      "this long; after that, packets wait while bubbles (or a ping test) "
                      "check the path again.",
                      TimeValue(Seconds(30)),
                      MakeTimeAccessor(&TeredoPeerApplication::m_peerValidity),
                      MakeTimeChecker(Seconds(0)))
        .AddAttribute("BubbleInterval",
                      "Bubbles (and ping tests) to one peer at most this often (RFC 4380 "
                      "section 5.2.6, as Miredo: 2 s).",
                      TimeValue(Seconds(2)),
                      MakeTimeAccessor(&TeredoPeerApplication::m_bubbleInterval),
                      MakeTimeChecker(Seconds(0)))
        .AddAttribute("BubbleLimit",
                      "Unanswered bubbles (or ping tests) to one peer before the back-off.",
                      UintegerValue(4),
                      MakeUintegerAccessor(&TeredoPeerApplication::m_bubbleLimit),
                      MakeUintegerChecker<uint32_t>(1))
        .AddAttribute("BubbleBackoff",
                      "After BubbleLimit unanswered bubbles, none to the peer until this "
                      "long after the last one; then the count starts again.",
                      TimeValue(Seconds(300)),
                      MakeTimeAccessor(&TeredoPeerApplication::m_bubbleBackoff),
                      MakeTimeChecker(Seconds(0)))
        .AddAttribute("EcnMode",
                      "How the outer IPv4 ECN field of an encapsulated IPv6 packet is set "
                      "(RFC 6040 section 4.1): Compatibility zeroes it, as RFC 9601 requires "
                      "of Teredo, whose ends cannot agree on ECN; Normal copies the inner "
                      "Traffic Class's ECN field, for tunnels whose every end decapsulates "
                      "as RFC 6040 says. Decapsulation follows RFC 6040 in either mode.",
                      EnumValue(TeredoEcn::COMPATIBILITY),
                      MakeEnumAccessor(&TeredoPeerApplication::m_ecnMode),
                      MakeEnumChecker(TeredoEcn::COMPATIBILITY,
                                      "Compatibility",
                                      TeredoEcn::NORMAL,
                                      "Normal"));
}

TeredoPeerApplication::TeredoPeerApplication()
    : m_maxPeers(1024),
      m_peerLifetime(Seconds(30)),
      m_maxQueueBytes(1280),
      m_peerValidity(Seconds(30)),
      m_bubbleInterval(Seconds(2)),
      m_bubbleLimit(4),
      m_bubbleBackoff(Seconds(300)),
      m_ecnMode(TeredoEcn::COMPATIBILITY),
      m_lastEcnAlarmLog(Seconds(-1))
{
    NS_LOG_FUNCTION(this);
}

TeredoPeerApplication::~TeredoPeerApplication() = default;

void
TeredoPeerApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    // Disposal is not a drop: the simulation is over, nothing counts any more.
    m_peers.reset();
    Application::DoDispose();
}

void
TeredoPeerApplication::CreatePeerList()
{
    TeredoPeerList::Config peers;
    peers.maxPeers = m_maxPeers;
    peers.lifetime = m_peerLifetime;
    peers.maxQueueBytes = m_maxQueueBytes;
    m_peers = std::make_unique<TeredoPeerList>(peers);
    m_peers->SetDiscardCallback([this](const TeredoPeerList::Peer& peer,
                                       TeredoPeerList::Discard why) { DiscardQueue(peer, why); });
    TeredoBubbleLimiter::Config bubbles;
    bubbles.interval = m_bubbleInterval;
    bubbles.limit = m_bubbleLimit;
    bubbles.backoff = m_bubbleBackoff;
    m_limiter = TeredoBubbleLimiter(bubbles);
}

void
TeredoPeerApplication::ClearPeerList()
{
    if (m_peers)
    {
        m_peers->Clear();
    }
}

TeredoPeerList&
TeredoPeerApplication::GetPeerList()
{
    NS_ASSERT_MSG(m_peers, "the peer list exists from the application's start");
    return *m_peers;
}

const TeredoBubbleLimiter&
TeredoPeerApplication::GetBubbleLimiter() const
{
    return m_limiter;
}

bool
TeredoPeerApplication::IsFresh(const TeredoPeerList::Peer& peer, Time now) const
{
    return peer.trusted && !peer.lastReceive.IsNegative() &&
           now - peer.lastReceive <= m_peerValidity;
}

uint32_t
TeredoPeerApplication::GetPeerCount() const
{
    if (!m_peers)
    {
        return 0;
    }
    m_peers->Expire(Simulator::Now());
    return m_peers->GetSize();
}

uint64_t
TeredoPeerApplication::GetQueuedPackets() const
{
    return m_peers ? m_peers->GetQueuedPackets() : 0;
}

uint64_t
TeredoPeerApplication::GetQueuedBytes() const
{
    return m_peers ? m_peers->GetQueuedBytes() : 0;
}

bool
TeredoPeerApplication::IsTrusted(Ipv6Address peer) const
{
    if (!m_peers)
    {
        return false;
    }
    const TeredoPeerList::Peer* p = m_peers->Find(peer, Simulator::Now());
    return p && p->trusted;
}

TeredoEcn::Mode
TeredoPeerApplication::GetEcnMode() const
{
    return m_ecnMode;
}

uint64_t
TeredoPeerApplication::GetEcnAlarmCount() const
{
    return m_ecnAlarms;
}

uint64_t
TeredoPeerApplication::GetEcnRewriteCount() const
{
    return m_ecnRewrites;
}

void
TeredoPeerApplication::SetOuterEcn(Ptr<Packet> ipv6) const
{
    Ipv6Header header;
    TeredoEcn::Codepoint inner = TeredoEcn::NOT_ECT;
    if (ipv6->PeekHeader(header) != 0)
    {
        inner = TeredoEcn::Get(header.GetTrafficClass());
    }
    // Always a tag, 0 too: the UDP socket keeps a tag it finds when its own
    // ToS is 0, and the IPv4 layer writes the tag's value into the header.
    SocketIpTosTag tos;
    tos.SetTos(TeredoEcn::Encapsulate(inner, m_ecnMode));
    ipv6->ReplacePacketTag(tos);
}

void
TeredoPeerApplication::EnableOuterTos(Ptr<Socket> socket)
{
    socket->SetIpRecvTos(true);
}

uint8_t
TeredoPeerApplication::TakeOuterTos(Ptr<Packet> payload)
{
    SocketIpTosTag tos;
    // Removed: a tag left on the inner packet would set the ToS of whatever
    // the node sends it on as, should it go back into a tunnel.
    return payload->RemovePacketTag(tos) ? tos.GetTos() : 0;
}

bool
TeredoPeerApplication::DecapsulateEcn(Ptr<Packet>& payload,
                                      TeredoDatagramInfo& info,
                                      uint8_t outerTos)
{
    TeredoEcn::Codepoint inner = TeredoEcn::Get(info.ipv6.GetTrafficClass());
    TeredoEcn::Codepoint outer = TeredoEcn::Get(outerTos);
    TeredoEcn::Decapsulation d = TeredoEcn::Decapsulate(inner, outer);
    if (d.alarm != TeredoEcn::ALARM_NONE)
    {
        ++m_ecnAlarms;
        Time now = Simulator::Now();
        if (m_lastEcnAlarmLog.IsNegative() || now - m_lastEcnAlarmLog >= Seconds(1))
        {
            m_lastEcnAlarmLog = now;
            NS_LOG_WARN("ECN: inner " << TeredoEcn::CodepointToString(inner) << " under outer "
                                      << TeredoEcn::CodepointToString(outer)
                                      << ", a combination no RFC 6040 ingress sends");
        }
    }
    if (d.drop)
    {
        return false;
    }
    if (d.outgoing != inner)
    {
        // Rewrite the inner header where it lies, after the indicators.
        Ptr<Packet> rewritten = payload->CreateFragment(0, info.ipv6Offset);
        Ptr<Packet> rest =
            payload->CreateFragment(info.ipv6Offset, payload->GetSize() - info.ipv6Offset);
        Ipv6Header header;
        rest->RemoveHeader(header);
        header.SetTrafficClass(TeredoEcn::Set(header.GetTrafficClass(), d.outgoing));
        rest->AddHeader(header);
        rewritten->AddAtEnd(rest);
        payload = rewritten;
        info.ipv6 = header;
        ++m_ecnRewrites;
    }
    return true;
}

void
TeredoPeerApplication::DiscardQueue(const TeredoPeerList::Peer& peer, TeredoPeerList::Discard why)
{
    NS_LOG_FUNCTION(this << peer.address << peer.queue.size() << why);
    for (const TeredoPeerList::QueuedPacket& q : peer.queue)
    {
        DropQueued(q.packet, why);
    }
}

} // namespace ns3
