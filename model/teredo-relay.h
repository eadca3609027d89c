/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_RELAY_H
#define TEREDO_RELAY_H

#include "teredo-datagram-classifier.h"
#include "teredo-interface.h"
#include "teredo-peer-application.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class Ipv6Header;

/**
 * \ingroup teredo
 * \brief A Teredo relay (RFC 4380 section 5.4) as an ns-3 Application: carries
 * IPv6 between the native IPv6 Internet and Teredo clients over UDP/IPv4.
 *
 * It runs on a dual-stack node. When it starts, it binds a UDP socket to Port
 * (3544 by default) on the node's own IPv4 address(es), and adds a Teredo
 * interface (TeredoInterface) to the node's IPv6 stack with forwarding on and
 * a route to the Teredo Prefix (2001::/32) through it; the node's native
 * global IPv6 addresses go on the interface too, as /128s without routes,
 * so that what the node itself sends into the tunnel (ICMPv6 errors, echo
 * replies) has a global source. The node must forward IPv6 on its native
 * interfaces too (ns-3 checks forwarding on the interface a packet arrives
 * on), and the native network must route the Teredo prefix to it
 * (TeredoTopologyHelper does both for relay 0). StartApplication checks the
 * first: it stops the program, with a message naming the fix, when the node
 * has no native global IPv6 address or does not forward IPv6 on an interface
 * that holds one.
 *
 * IPv6 to Teredo: the node's own multicast into the tunnel (neighbour and
 * router discovery, MLD) is not carried and not a drop: it is counted apart
 * (GetStackMulticastCount). A packet the node's stack routes into the tunnel
 * is dropped if its destination is outside the Teredo prefix, or has a server
 * field or mapped address that is not global unicast. Otherwise its
 * destination is looked up in the peer list (TeredoPeerApplication, shared
 * with the client; an entry is created if new: MaxPeers entries at most,
 * least recently used evicted, expiring PeerLifetime after their last use):
 *
 * - a trusted peer heard from within PeerValidity: the packet goes straight to
 *   its mapping over UDP;
 * - a destination with the cone flag, when ConeShortcut is on: straight to the
 *   mapping in its address (RFC 4380 allows it; Miredo compiles it out);
 * - otherwise the packet waits in the peer's queue (MaxQueueBytes; a packet
 *   that does not fit is dropped, and so is what still waits when the peer's
 *   entry is evicted or expires, or when the application stops), the mapping of a new peer is taken
 * from its address, and an indirect bubble (source: the packet's source, destination: the client)
 * goes to the server in the client's address, port 3544, within the bubble rate limit
 * (TeredoBubbleLimiter: BubbleInterval, BubbleLimit, BubbleBackoff). The server forwards it to the
 * client with an origin indication, and the client answers with a bubble to the relay. A public
 *   relay sends no direct bubble.
 *
 * Teredo to IPv6: a received datagram is dropped when malformed, when its
 * IPv6 source is not a Teredo address, when its destination is multicast or
 * otherwise not global unicast (loopback, unspecified, link-local,
 * site-local, IPv4-mapped or -compatible: a relay decapsulates only what it
 * may forward or deliver), and when it is a router solicitation or
 * advertisement. From a trusted peer whose mapping is the UDP source it is
 * accepted; otherwise the ingress check applies: the mapping in the Teredo
 * source must be the UDP source address and port (else dropped: spoofed), and
 * the peer must already be in the list (a relay speaks only with clients it
 * asked for; else dropped). Once accepted, the peer's mapping becomes the UDP
 * source, it is trusted, its bubble count starts again, its queue is sent to
 * it in order, and a packet other than a bubble is handed to the node's stack
 * through the tunnel, which forwards it to the native Internet.
 *
 * Every dropped packet is counted under its reason (GetDropCount) and goes to
 * the Drop trace. Trace sources:
 *
 * - Rx, Tx: a UDP payload received or sent, with where it came from or goes
 *   (an InetSocketAddress in the Address); ns3::Packet::AddressTracedCallback;
 * - TunnelTx: an IPv6 packet the node's stack sent into the tunnel;
 *   TunnelRx: an IPv6 packet from a peer handed to the stack;
 *   ns3::Packet::TracedCallback;
 * - Drop: a packet dropped, with the reason; DropTracedCallback.
 *
 * Not modelled: ICMPv6 errors for what the relay drops, the relay's own
 * mapping behind a NAT (a relay here has a public address), and Miredo's
 * nonce bubbles (fe80:: sources) that let a relay learn a symmetric NAT's
 * port: a client behind one fails the ingress check.
 *
 * HostSpecificRelay is the same machinery for one host's own traffic.
 */
class TeredoRelay : public TeredoPeerApplication
{
  public:
    /// Why a packet was dropped; each has a counter and goes to the Drop trace.
    enum DropReason
    {
        /// The application is stopped: nothing goes through the tunnel.
        DROP_NOT_RUNNING,
        /// Sent into the tunnel: the destination is not a Teredo address (the
        /// node's routes send other traffic there).
        DROP_TUNNEL_NOT_TEREDO,
        /// Sent into the tunnel: the destination's server is not global unicast.
        DROP_TUNNEL_SERVER_NOT_GLOBAL,
        /// Sent into the tunnel: the destination's mapped address is not global
        /// unicast (e.g. broadcast, which ns-3.37's UDP cannot route and crashes on).
        DROP_TUNNEL_MAPPED_NOT_GLOBAL,
        /// Sent into the tunnel: the peer's queue has no room for it.
        DROP_QUEUE_FULL,
        /// Received: not a well-formed Teredo IPv6 packet.
        DROP_MALFORMED,
        /// Received: the IPv6 source is not a Teredo address.
        DROP_SOURCE_NOT_TEREDO,
        /// Received: the IPv6 destination is multicast.
        DROP_MULTICAST_DESTINATION,
        /// Received: a router solicitation or advertisement. Router discovery
        /// is between a client and its server (RFC 4380 section 5.2), and
        /// ns-3.37 parses an RS without options from an uninitialised byte.
        DROP_ROUTER_DISCOVERY,
        /// Received: the IPv6 destination is not global unicast (unspecified,
        /// loopback, link-local, site-local, IPv4-mapped or IPv4-compatible):
        /// nothing the relay may forward or deliver. ns-3.37 routes a packet
        /// to ::1 to the loopback interface, where a neighbour advertisement
        /// crashes it.
        DROP_DESTINATION_NOT_GLOBAL,
        /// Received by a host-specific relay: the destination is not one of the
        /// node's addresses (it relays for nobody else).
        DROP_NOT_FOR_THIS_HOST,
        /// Received: the mapping in the Teredo source is not the UDP source
        /// address and port (spoofed, or a stale address): the ingress check.
        DROP_SOURCE_MISMATCH,
        /// Received: from a client the relay has no entry for (it did not ask).
        DROP_UNKNOWN_PEER,
        /// Queued for a peer whose entry was evicted to make room for a new one
        /// (MaxPeers): the queue goes with the entry.
        DROP_QUEUE_EVICTED,
        /// Queued for a peer whose entry expired (PeerLifetime) before it answered.
        DROP_QUEUE_EXPIRED,
        /// Queued for a peer when the application stopped: it can no longer leave.
        DROP_QUEUE_CLEARED,
        /// Received: outer CE on an inner Not-ECT packet, which RFC 6040's
        /// decapsulation drops.
        DROP_ECN_CE_ON_NOT_ECT,
        /// Number of reasons (not a reason).
        DROP_REASON_COUNT,

        // The names before the DROP_ prefix, kept one release.
        NOT_RUNNING [[deprecated("use DROP_NOT_RUNNING")]] = DROP_NOT_RUNNING,
        TUNNEL_NOT_TEREDO [[deprecated("use DROP_TUNNEL_NOT_TEREDO")]] = DROP_TUNNEL_NOT_TEREDO,
        TUNNEL_SERVER_NOT_GLOBAL [[deprecated("use DROP_TUNNEL_SERVER_NOT_GLOBAL")]] =
            DROP_TUNNEL_SERVER_NOT_GLOBAL,
        TUNNEL_MAPPED_NOT_GLOBAL [[deprecated("use DROP_TUNNEL_MAPPED_NOT_GLOBAL")]] =
            DROP_TUNNEL_MAPPED_NOT_GLOBAL,
        QUEUE_FULL [[deprecated("use DROP_QUEUE_FULL")]] = DROP_QUEUE_FULL,
        MALFORMED [[deprecated("use DROP_MALFORMED")]] = DROP_MALFORMED,
        SOURCE_NOT_TEREDO [[deprecated("use DROP_SOURCE_NOT_TEREDO")]] = DROP_SOURCE_NOT_TEREDO,
        MULTICAST_DESTINATION [[deprecated("use DROP_MULTICAST_DESTINATION")]] =
            DROP_MULTICAST_DESTINATION,
        ROUTER_DISCOVERY [[deprecated("use DROP_ROUTER_DISCOVERY")]] = DROP_ROUTER_DISCOVERY,
        NOT_FOR_THIS_HOST [[deprecated("use DROP_NOT_FOR_THIS_HOST")]] = DROP_NOT_FOR_THIS_HOST,
        SOURCE_MISMATCH [[deprecated("use DROP_SOURCE_MISMATCH")]] = DROP_SOURCE_MISMATCH,
        UNKNOWN_PEER [[deprecated("use DROP_UNKNOWN_PEER")]] = DROP_UNKNOWN_PEER,
        QUEUE_EVICTED [[deprecated("use DROP_QUEUE_EVICTED")]] = DROP_QUEUE_EVICTED,
        QUEUE_EXPIRED [[deprecated("use DROP_QUEUE_EXPIRED")]] = DROP_QUEUE_EXPIRED,
        /// No longer a drop: the stack's own multicast into the tunnel is
        /// expected traffic, counted by GetStackMulticastCount. Outside the
        /// reasons, so GetDropCount gives 0 for it.
        TUNNEL_MULTICAST [[deprecated("the stack's multicast into the tunnel is no longer a "
                                      "drop: use GetStackMulticastCount")]] = DROP_REASON_COUNT,
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TeredoRelay();
    ~TeredoRelay() override;

    /// \param reason a drop reason \return its name, e.g. "source-mismatch"
    static std::string DropReasonToString(DropReason reason);

    /// \param reason a drop reason \return its name \deprecated use DropReasonToString
    [[deprecated("use DropReasonToString")]] static std::string ToString(DropReason reason)
    {
        return DropReasonToString(reason);
    }

    /// \param reason a drop reason \return the packets dropped for it
    uint64_t GetDropCount(DropReason reason) const;
    /// \return the packets dropped, all reasons together (the stack's own
    /// multicast is not among them)
    uint64_t GetTotalDropCount() const;
    /// \return IPv6 packets sent over UDP to Teredo peers (direct, or from a queue)
    uint64_t GetForwardedToTeredoCount() const;
    /// \return IPv6 packets received from Teredo peers and handed to the node's stack
    uint64_t GetForwardedToNativeCount() const;
    /// \return indirect bubbles sent
    uint64_t GetBubbleTxCount() const;
    /// \return multicast packets the node's own stack sent into the tunnel
    /// (neighbour and router discovery, MLD): expected, not carried, not a drop
    uint64_t GetStackMulticastCount() const;

    /// \return IPv6 packets sent to peers \deprecated use GetForwardedToTeredoCount
    [[deprecated("use GetForwardedToTeredoCount")]] uint64_t GetRelayedToTeredo() const
    {
        return GetForwardedToTeredoCount();
    }

    /// \return IPv6 packets handed to the stack \deprecated use GetForwardedToNativeCount
    [[deprecated("use GetForwardedToNativeCount")]] uint64_t GetRelayedToNative() const
    {
        return GetForwardedToNativeCount();
    }

    /// \return indirect bubbles sent \deprecated use GetBubbleTxCount
    [[deprecated("use GetBubbleTxCount")]] uint64_t GetBubblesSent() const
    {
        return GetBubbleTxCount();
    }

    /// \return the tunnel interface's device (null before the application starts)
    Ptr<NetDevice> GetTunnelDevice() const;

    /**
     * TracedCallback signature for drops ("Drop").
     * \param packet the UDP payload (received) or IPv6 packet (sent into the tunnel)
     * \param reason why it was dropped
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, DropReason reason);

  protected:
    void DoDispose() override;
    void DropQueued(Ptr<const Packet> packet, TeredoPeerList::Discard why) override;

    /**
     * \brief Whether the node forwards between the tunnel and its other
     * interfaces: a relay does, a host-specific relay does not.
     * \return true here
     */
    virtual bool ForwardsForOthers() const;

    /**
     * \brief Whether a packet received from a peer may go to the node's stack,
     * asked once its destination is known to be global unicast.
     * \param destination its IPv6 destination
     * \return true here: the stack forwards it
     */
    virtual bool AcceptsDestination(Ipv6Address destination) const;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /**
     * \brief The node's native global IPv6 addresses (not Teredo ones), on
     * interfaces other than the tunnel.
     * \return each with its interface index
     */
    std::vector<std::pair<uint32_t, Ipv6Address>> GetNativeAddresses() const;
    /**
     * \brief Stop with a message that names the fix when the node cannot
     * relay: no native global IPv6 address, or (when ForwardsForOthers) IPv6
     * forwarding off on an interface that holds one.
     */
    void CheckNativeSide() const;
    /// Install the tunnel interface, its route and the node's addresses on it.
    void SetUpTunnel();
    /// \param socket the socket with data
    void HandleRead(Ptr<Socket> socket);
    /**
     * \brief Handle one received datagram.
     * \param payload the UDP payload
     * \param from its source
     * \param outerTos the ToS octet of its IPv4 header
     */
    void Receive(Ptr<Packet> payload, const InetSocketAddress& from, uint8_t outerTos);
    /**
     * \brief What the relay refuses from anyone: the checks on a received
     * datagram alone, before the ingress check.
     * \param info the datagram, classified
     * \param[out] reason why it is refused
     * \return whether it is refused
     */
    bool Refuses(const TeredoDatagramInfo& info, DropReason& reason) const;
    /**
     * \brief Take a datagram that passed the checks: its sender is a trusted
     * peer at that mapping, what waits for it goes out, and a packet other
     * than a bubble goes to the node's stack.
     * \param payload the UDP payload
     * \param info the datagram, classified
     * \param from its source
     */
    void Accept(Ptr<Packet> payload, const TeredoDatagramInfo& info, const InetSocketAddress& from);
    /// The tunnel's send callback: IPv6 to Teredo. \param packet the IPv6 packet
    /// \return whether it was sent or queued
    bool TunnelSend(Ptr<Packet> packet);
    /**
     * \brief Encapsulate a packet to a peer's mapping.
     * \param packet the IPv6 packet
     * \param peer the peer
     */
    void SendToPeer(Ptr<Packet> packet, const TeredoPeerList::Peer& peer);
    /**
     * \brief Send an indirect bubble through the destination's server.
     * \param header the IPv6 header of the packet that waits
     */
    void SendIndirectBubble(const Ipv6Header& header);
    /// Count, trace, drop. \param packet the packet \param reason why
    void Drop(Ptr<const Packet> packet, DropReason reason);
    // Attributes
    uint16_t m_port;      //!< local UDP port
    Ipv6Address m_prefix; //!< Teredo prefix
    bool m_coneShortcut;  //!< send straight to cone destinations

    Ptr<Socket> m_socket;                            //!< the Teredo UDP socket
    TeredoInterface m_interface;                     //!< the tunnel interface
    uint64_t m_forwardedToTeredo{0};                 //!< encapsulated to peers
    uint64_t m_forwardedToNative{0};                 //!< delivered to the stack
    uint64_t m_bubbleTx{0};                          //!< indirect bubbles sent
    uint64_t m_stackMulticast{0};                    //!< the stack's multicast into the tunnel
    std::array<uint64_t, DROP_REASON_COUNT> m_drops; //!< drops by reason

    TracedCallback<Ptr<const Packet>, const Address&> m_txTrace; //!< UDP payloads sent
    TracedCallback<Ptr<const Packet>, const Address&> m_rxTrace; //!< UDP payloads received
    TracedCallback<Ptr<const Packet>> m_tunnelTxTrace;           //!< IPv6 packets into the tunnel
    TracedCallback<Ptr<const Packet>> m_tunnelRxTrace;           //!< IPv6 packets to the stack
    TracedCallback<Ptr<const Packet>, DropReason> m_dropTrace;   //!< drops
};

} // namespace ns3

#endif /* TEREDO_RELAY_H */
