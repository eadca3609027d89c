/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_PEER_APPLICATION_H
#define TEREDO_PEER_APPLICATION_H

#include "teredo-bubble-limiter.h"
#include "teredo-datagram-classifier.h"
#include "teredo-ecn.h"
#include "teredo-peer-list.h"

#include "ns3/application.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"

#include <memory>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief What the Teredo roles that talk to peers share (TeredoClient,
 * TeredoRelay and so HostSpecificRelay): the peer list, its bounds, the bubble
 * limits and the packets a leaving entry takes with it.
 *
 * The attributes (MaxPeers, PeerLifetime, MaxQueueBytes, PeerValidity,
 * BubbleInterval, BubbleLimit, BubbleBackoff) are registered in each derived
 * class's own TypeId by AddPeerAttributes, so that each keeps its defaults
 * (a client's peers live 600 s as in Miredo, a relay's 30 s) and
 * Config::SetDefault on one role does not change the other.
 *
 * Packets still queued for an entry that is evicted, expires or is cleared
 * are handed to DropQueued, where the derived class counts them under its own
 * drop reasons: nothing leaves the list unseen.
 *
 * Every role that talks to peers is a tunnel ingress and egress, so the ECN
 * rules live here too (TeredoEcn: RFC 6040 as RFC 9601 applies it to Teredo).
 * The attribute EcnMode, registered by AddPeerAttributes, chooses how the
 * outer IPv4 ECN field of an encapsulated packet is set: Compatibility (the
 * default: zeroed, as RFC 9601 section 6.1.3 requires of Teredo) or Normal
 * (copied from the inner IPv6 Traffic Class). Decapsulation applies RFC 6040's
 * table to every received datagram: the derived class drops, under its own
 * reason, an inner Not-ECT packet whose outer field is CE, and the inner
 * field of what goes on becomes the table's. Combinations no compliant
 * ingress produces are counted (GetEcnAlarmCount) and logged at LOG_WARN, at
 * most once a second.
 */
class TeredoPeerApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TeredoPeerApplication();
    ~TeredoPeerApplication() override;

    /// \return the peers in the list, expired entries removed first
    uint32_t GetPeerCount() const;
    /// \return IPv6 packets waiting in the peers' queues, all peers together
    uint64_t GetQueuedPackets() const;
    /// \return octets waiting in the peers' queues, all peers together (at most
    /// MaxPeers times MaxQueueBytes)
    uint64_t GetQueuedBytes() const;
    /// \param peer an IPv6 address \return whether it is in the list and trusted
    bool IsTrusted(Ipv6Address peer) const;
    /// \return the ECN mode of encapsulation (EcnMode)
    TeredoEcn::Mode GetEcnMode() const;
    /**
     * \return datagrams received with an ECN combination RFC 6040 calls
     * currently unused (outer ECT or CE on an inner Not-ECT, outer ECT(1) on an
     * inner CE, outer ECT(0) on an inner ECT(1))
     */
    uint64_t GetEcnAlarmCount() const;
    /// \return received inner IPv6 packets whose ECN field decapsulation changed
    uint64_t GetEcnRewriteCount() const;

  protected:
    /**
     * \brief Register the peer-list attributes in a derived class's TypeId.
     * \param tid the derived class's TypeId, being built
     * \param peerLifetime the default of PeerLifetime for that class
     * \return tid with the attributes added
     */
    static TypeId AddPeerAttributes(TypeId tid, Time peerLifetime);

    void DoDispose() override;

    /// Create an empty peer list and the bubble limiter from the attributes.
    void CreatePeerList();
    /// Forget every peer; what their queues held goes to DropQueued.
    void ClearPeerList();
    /// \return the peer list (CreatePeerList first)
    TeredoPeerList& GetPeerList();
    /// \return the limits on bubbles and ping tests, from the attributes
    const TeredoBubbleLimiter& GetBubbleLimiter() const;
    /**
     * \brief Whether packets may go straight to a peer: it is trusted and was
     * heard from within PeerValidity.
     * \param peer the peer's entry
     * \param now the time
     * \return whether the direct path is fresh
     */
    bool IsFresh(const TeredoPeerList::Peer& peer, Time now) const;

    /**
     * \brief Set the outer IPv4 ECN field an IPv6 packet gets when the UDP
     * socket encapsulates it, by EcnMode: the packet carries it to the IPv4
     * layer as a SocketIpTosTag, replacing any the node's transport left on
     * it (ns-3's TCP tags its IPv6 segments with their ECN codepoint too).
     * \param ipv6 the IPv6 packet about to be sent over UDP
     */
    void SetOuterEcn(Ptr<Packet> ipv6) const;
    /**
     * \brief Enable the outer ToS on what a UDP socket receives (RecvOuterTos
     * reads it).
     * \param socket the Teredo UDP socket
     */
    static void EnableOuterTos(Ptr<Socket> socket);
    /**
     * \brief Take the outer IPv4 ToS octet off a datagram the socket received.
     * \param payload the UDP payload; its SocketIpTosTag is removed
     * \return the ToS octet (0 without a tag)
     */
    static uint8_t TakeOuterTos(Ptr<Packet> payload);
    /**
     * \brief Decapsulate the ECN field of a received datagram (RFC 6040
     * section 4.2): rewrite the inner IPv6 Traffic Class's ECN bits as the
     * table says, count and log a currently-unused combination.
     * \param payload the UDP payload, classified as carrying IPv6; replaced
     * by a copy with the new inner field when it changes
     * \param info its classification; its ipv6 header follows the change
     * \param outerTos the outer IPv4 ToS octet it arrived with
     * \return false when the table says to drop it (the caller counts the drop)
     */
    bool DecapsulateEcn(Ptr<Packet>& payload, TeredoDatagramInfo& info, uint8_t outerTos);

    /**
     * \brief Count a packet that waited for a peer whose entry leaves the list.
     * \param packet the packet
     * \param why why the entry leaves
     */
    virtual void DropQueued(Ptr<const Packet> packet, TeredoPeerList::Discard why) = 0;

  private:
    /// \param peer an entry about to leave \param why why
    void DiscardQueue(const TeredoPeerList::Peer& peer, TeredoPeerList::Discard why);

    uint32_t m_maxPeers;      //!< peer list bound
    Time m_peerLifetime;      //!< unused entries expire after this
    uint32_t m_maxQueueBytes; //!< per-peer queue bound
    Time m_peerValidity;      //!< a trusted peer is used directly if heard from within
    Time m_bubbleInterval;    //!< spacing of bubbles (and ping tests) to one peer
    uint32_t m_bubbleLimit;   //!< unanswered bubbles before the back-off
    Time m_bubbleBackoff;     //!< the back-off

    TeredoEcn::Mode m_ecnMode; //!< how the outer ECN field is set
    uint64_t m_ecnAlarms{0};   //!< currently-unused ECN combinations received
    uint64_t m_ecnRewrites{0}; //!< inner ECN fields changed by decapsulation
    Time m_lastEcnAlarmLog;    //!< when an unused combination was last logged

    std::unique_ptr<TeredoPeerList> m_peers; //!< the peer list
    TeredoBubbleLimiter m_limiter;           //!< bubbles and ping tests
};

} // namespace ns3

#endif /* TEREDO_PEER_APPLICATION_H */
