/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_PEER_APPLICATION_H
#define TEREDO_PEER_APPLICATION_H

#include "teredo-bubble-limiter.h"
#include "teredo-peer-list.h"

#include "ns3/application.h"
#include "ns3/nstime.h"

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

    std::unique_ptr<TeredoPeerList> m_peers; //!< the peer list
    TeredoBubbleLimiter m_limiter;           //!< bubbles and ping tests
};

} // namespace ns3

#endif /* TEREDO_PEER_APPLICATION_H */
