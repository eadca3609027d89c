/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_PEER_LIST_H
#define TEREDO_PEER_LIST_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/sequenced_index.hpp>
#include <boost/multi_index_container.hpp>
#include <cstdint>
#include <functional>
#include <vector>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief The peers a Teredo client or relay talks to (RFC 4380 section 5.2,
 * "peer list"), with what it knows of each (layer 2: no simulator; time comes in
 * as a value).
 *
 * Each entry holds the peer's IPv6 address, where to send to it over IPv4 (the
 * mapping in its Teredo address, or the relay that serves a native host),
 * whether it is trusted (a direct path was seen to work), when it was last
 * heard from and sent to, its bubble count, and a queue of packets waiting for
 * it to become trusted. The queue is bounded in bytes; a packet that does not
 * fit is dropped and counted.
 *
 * The table is bounded: a new peer beyond `maxPeers` evicts the least recently
 * used one, and an entry not used for `lifetime` expires. Packets still queued
 * for an entry that is evicted, expires or is removed (Remove, Clear) go with
 * it; the discard callback (if set) sees each such entry first, so that its
 * owner can count them as dropped. Both are served by one Boost.MultiIndex
 * container, hashed by address and sequenced by last use (the oldest use at the
 * back is also the first to expire).
 */
class TeredoPeerList
{
  public:
    /// Bounds of the table.
    struct Config
    {
        uint32_t maxPeers{1024};       //!< entries at most
        Time lifetime{Seconds(30)};    //!< an entry unused this long expires
        uint32_t maxQueueBytes{16384}; //!< queued octets per peer at most
    };

    /// A packet waiting in a peer's queue.
    struct QueuedPacket
    {
        /// \param p a packet to send to the peer
        QueuedPacket(Ptr<Packet> p)
            : packet(p)
        {
        }

        /**
         * \param p a packet received from the peer, to deliver once it is verified
         * \param address the IPv4 source it came from
         * \param port the UDP source port
         */
        QueuedPacket(Ptr<Packet> p, Ipv4Address address, uint16_t port)
            : packet(p),
              incoming(true),
              fromAddress(address),
              fromPort(port)
        {
        }

        Ptr<Packet> packet;      //!< the IPv6 packet
        bool incoming{false};    //!< received, waiting for the peer to be verified
        Ipv4Address fromAddress; //!< incoming: the IPv4 source it came from
        uint16_t fromPort{0};    //!< incoming: the UDP source port
    };

    /// What is known of one peer. Fields other than the address may change.
    struct Peer
    {
        Ipv6Address address;                 //!< the peer's IPv6 address (key)
        mutable Ipv4Address mappedAddress;   //!< where to send over IPv4
        mutable uint16_t mappedPort{0};      //!< and to which port
        mutable bool trusted{false};         //!< a direct path is known to work
        mutable Time lastUse;                //!< last time the entry was used
        mutable Time lastReceive{Time(-1)};  //!< last direct packet from it; -1 never
        mutable Time lastTransmit{Time(-1)}; //!< last packet to it; -1 never
        mutable uint32_t bubbles{0};         //!< bubbles sent since the last answer
        mutable Time lastBubble{Time(-1)};   //!< when the last bubble left; -1 never
        mutable uint32_t pings{0};           //!< ping tests sent since the last answer
        mutable Time lastPing{Time(-1)};     //!< when the last ping test left; -1 never
        mutable uint64_t pingNonce{0};       //!< pending ping test (native peers)
        // A vector, not a deque: an empty deque allocates about 600 octets, and
        // most entries never queue anything.
        mutable std::vector<QueuedPacket> queue; //!< waiting packets, oldest first
        mutable uint32_t queuedBytes{0};         //!< octets in the queue
        mutable uint64_t queueDrops{0};          //!< packets the queue could not take
    };

    /// \param config the bounds
    explicit TeredoPeerList(const Config& config);

    /// Why an entry leaves the table with its queue.
    enum Discard
    {
        EVICTED, //!< made room for a new peer (maxPeers)
        EXPIRED, //!< unused for the lifetime
        REMOVED, //!< removed by its owner (Remove, Clear)
    };

    /**
     * Called with an entry about to leave the table, while its queue still
     * holds what will be lost with it.
     */
    using DiscardCallback = std::function<void(const Peer& peer, Discard why)>;

    /**
     * \brief Be told of entries that leave the table with packets in their queue.
     * \param callback called once per such entry, before it is removed
     */
    void SetDiscardCallback(DiscardCallback callback);

    /**
     * \brief Look a peer up; an expired entry is removed and not found. Does not
     * count as a use.
     * \param address the peer
     * \param now the time
     * \return the entry, or null
     */
    const Peer* Find(Ipv6Address address, Time now);

    /**
     * \brief Find or create a peer's entry and mark it used now (most recent).
     * A new entry beyond the bound evicts the least recently used one.
     * \param address the peer
     * \param now the time
     * \return the entry (valid until the next call that adds or removes entries)
     */
    const Peer& Touch(Ipv6Address address, Time now);

    /**
     * \brief Queue a packet for (or from) a peer.
     * \param peer the peer's entry
     * \param packet the packet, to send (default) or, with `incoming`, to deliver
     * \return false (and the drop counted) when it does not fit in the byte bound
     */
    bool Enqueue(const Peer& peer, const QueuedPacket& packet);

    /**
     * \brief Take a peer's queued packets, oldest first, emptying its queue.
     * \param peer the peer's entry
     * \return the packets
     */
    std::vector<QueuedPacket> TakeQueue(const Peer& peer);

    /// \param address the peer to forget (its queue discarded as REMOVED)
    void Remove(Ipv6Address address);
    /// Forget every peer (their queues discarded as REMOVED).
    void Clear();
    /// \param now the time: remove every entry unused for the lifetime
    void Expire(Time now);

    /// \return the number of entries
    uint32_t GetSize() const;
    /// \return entries evicted to make room
    uint64_t GetEvictions() const;
    /// \return entries removed because they expired
    uint64_t GetExpirations() const;
    /// \return packets dropped by full queues, over all peers ever
    uint64_t GetQueueDrops() const;
    /// \return packets waiting over all peers
    uint64_t GetQueuedPackets() const;
    /// \return octets waiting over all peers (at most maxPeers * maxQueueBytes)
    uint64_t GetQueuedBytes() const;
    /// \return the bounds
    const Config& GetConfig() const;

  private:
    /// Hash of an IPv6 address, for the hashed index.
    struct AddressHash
    {
        /// \param a an address \return its hash
        std::size_t operator()(const Ipv6Address& a) const;
    };

    struct ByAddress
    {
    };

    struct ByUse
    {
    };

    /// The table: hashed by address, sequenced by use (most recent at the front).
    using Table = boost::multi_index_container<
        Peer,
        boost::multi_index::indexed_by<
            boost::multi_index::hashed_unique<
                boost::multi_index::tag<ByAddress>,
                boost::multi_index::member<Peer, Ipv6Address, &Peer::address>,
                AddressHash>,
            boost::multi_index::sequenced<boost::multi_index::tag<ByUse>>>>;

    /// \return whether an entry has expired
    bool Expired(const Peer& peer, Time now) const;
    /**
     * \brief Account for an entry about to leave the table, telling the
     * discard callback first when its queue is not empty.
     * \param peer the entry
     * \param why why it leaves
     */
    void Release(const Peer& peer, Discard why);

    Config m_config;           //!< bounds
    Table m_table;             //!< the entries
    uint64_t m_evictions{0};   //!< evicted entries
    uint64_t m_expirations{0}; //!< expired entries
    uint64_t m_queueDrops{0};  //!< dropped by full queues
    uint64_t m_queued{0};      //!< packets waiting
    uint64_t m_queuedBytes{0}; //!< octets waiting
    DiscardCallback m_discard; //!< told of entries lost with their queue
};

} // namespace ns3

#endif /* TEREDO_PEER_LIST_H */
