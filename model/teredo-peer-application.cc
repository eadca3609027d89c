/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-peer-application.h"

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
                      MakeTimeChecker(Seconds(0)));
}

TeredoPeerApplication::TeredoPeerApplication()
    : m_maxPeers(1024),
      m_peerLifetime(Seconds(30)),
      m_maxQueueBytes(1280),
      m_peerValidity(Seconds(30)),
      m_bubbleInterval(Seconds(2)),
      m_bubbleLimit(4),
      m_bubbleBackoff(Seconds(300))
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
