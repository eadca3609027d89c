/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_CLIENT_H
#define TEREDO_CLIENT_H

#include "teredo-datagram-classifier.h"
#include "teredo-interface.h"
#include "teredo-peer-application.h"
#include "teredo-qualification.h"

#include "ns3/event-id.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <array>
#include <memory>
#include <string>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief A Teredo client (RFC 4380 section 5.2, RFC 5991) as an ns-3 Application.
 *
 * It qualifies with its Teredo server over UDP/IPv4 (TeredoQualification does
 * the protocol; this class does sockets, timers and traces), keeps its NAT
 * mapping alive with periodic router solicitations, and puts the resulting
 * Teredo address on a tunnel interface (TeredoInterface) in the node's IPv6
 * stack: a /32 on-link route for the Teredo prefix and, when the node has no
 * native IPv6, a default route. It follows a changed mapping with a new
 * address, goes off-line when the server is lost and comes back when it
 * returns.
 *
 * Data (RFC 4380 sections 5.2.3 to 5.2.6 and 5.2.9): IPv6 packets the stack sends
 * into the tunnel go straight to a trusted peer's mapping; to a Teredo peer not
 * yet trusted they are queued while a direct bubble (opening our NAT toward the
 * peer) and an indirect bubble (through the peer's server) go out, within the
 * bubble rate limit; to a native host they are queued while a ping test through
 * our server finds the relay that serves it. A received packet is accepted from
 * a trusted peer at its known mapping, from a Teredo source whose embedded
 * mapping is where it came from, or as the answer to our ping test; a packet
 * from a native source not yet verified is held while a ping test verifies the
 * relay it came through. Indirect bubbles from our server are answered with a
 * bubble to the origin. Local client discovery (section 5.2.8) is not modelled.
 *
 * The peer list (TeredoPeerApplication, shared with the relays) is bounded
 * (MaxPeers, PeerLifetime, MaxQueueBytes) and emptied
 * when the address changes or the application stops; what a peer's queue still
 * holds when its entry goes is dropped and counted (queue-evicted,
 * queue-expired, queue-cleared), so no packet is lost uncounted.
 *
 * Destinations are checked before anything is sent for them: one that is not
 * global unicast (TeredoAddress::IsGlobalUnicast: unspecified, loopback,
 * link-local, site-local, IPv4-mapped or -compatible) is refused locally
 * (destination-not-global, with a warning in the log), so that an application
 * sending to :: or ::1 sets off no ping test or bubble. Multicast the node's
 * stack sends into the tunnel (duplicate address detection, router
 * solicitations) is expected traffic a tunnel does not carry: it is counted by
 * GetStackMulticastCount, not as a drop, so a healthy client has
 * GetTotalDropCount() == 0.
 *
 * States and NAT types in words: GetStateName() and GetNatTypeName(), or
 * TeredoQualification::StateToString and TeredoQualification::NatTypeToString
 * for any value (teredo-qualification.h, included here).
 */
class TeredoClient : public TeredoPeerApplication
{
  public:
    /// Why a packet was dropped; each has a counter and goes to the Drop trace.
    enum DropReason
    {
        DROP_MALFORMED,         //!< received: the classifier rejected it; sent: no IPv6 header
        DROP_NOT_FROM_SERVER,   //!< received: an RA from a host other than the server
        DROP_BAD_ADVERTISEMENT, //!< received: an RA lacking indicators, options or the right prefix
        DROP_UNEXPECTED_ADVERTISEMENT, //!< received: an RA while no RS awaits an answer
        DROP_NONCE_MISMATCH,           //!< received: an RA echoing no nonce of ours
        DROP_WRONG_SERVER_ADDRESS,   //!< received: an RA from the server address the probe excludes
        DROP_NOT_QUALIFIED,          //!< sent or received with no Teredo address yet
        DROP_DESTINATION_NOT_GLOBAL, //!< sent: a destination that is not global unicast
        DROP_BAD_DESTINATION,        //!< sent: a Teredo destination, server or mapping not global
        DROP_QUEUE_FULL,             //!< a peer's queue had no room for it
        DROP_LINK_LOCAL_SOURCE,      //!< received: link-local source or multicast destination
        DROP_MAPPING_MISMATCH,       //!< received: source mapping differs from where it came from
        DROP_UNVERIFIED_RELAY, //!< held for a ping test, then from another relay than verified
        DROP_FROM_SERVER,      //!< received from our server: neither RA nor indirect bubble
        DROP_QUEUE_EVICTED,    //!< queued for a peer whose entry made room for a new one (MaxPeers)
        DROP_QUEUE_EXPIRED,    //!< queued for a peer whose entry expired unused (PeerLifetime)
        DROP_QUEUE_CLEARED,    //!< queued when the peer list was emptied: new address, or stopped
        /// An advertisement without our client identifier or without the
        /// authentication value our SharedSecret gives (secure qualification)
        DROP_AUTHENTICATION_FAILED,
        DROP_ECN_CE_ON_NOT_ECT, //!< received: outer CE on an inner Not-ECT packet (RFC 6040)
        DROP_REASON_COUNT,      //!< number of reasons (not a reason)
        /// \deprecated the stack's own multicast is no drop now (GetStackMulticastCount);
        /// its value is no reason's, so GetDropCount gives 0 for it.
        DROP_MULTICAST [[deprecated("the stack's multicast is no drop now: use "
                                    "GetStackMulticastCount")]] = DROP_REASON_COUNT,
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TeredoClient();
    ~TeredoClient() override;

    /// \return whether the client has a Teredo address
    bool IsQualified() const;
    /// \return the Teredo address, or :: when not qualified
    Ipv6Address GetTeredoAddress() const;
    /// \return what the qualification procedure could tell of the NAT
    TeredoQualification::NatType GetNatType() const;
    /// \return the state of qualification
    TeredoQualification::State GetState() const;
    /// \return the state in words, e.g. "qualified" (TeredoQualification::StateToString)
    std::string GetStateName() const;
    /// \return the NAT type in words, e.g. "cone" (TeredoQualification::NatTypeToString)
    std::string GetNatTypeName() const;
    /// \return the server's primary address (ServerAddress)
    Ipv4Address GetServerPrimaryAddress() const;
    /// \return the server's secondary address in use (ServerSecondaryAddress, or primary + 1)
    Ipv4Address GetServerSecondaryAddress() const;
    /// \return the tunnel interface's device (null before the application starts)
    Ptr<NetDevice> GetTunnelDevice() const;
    /// \return the tunnel's interface index in the node's IPv6 stack
    uint32_t GetTunnelInterface() const;
    /// \param reason a reason \return how many packets were dropped for it
    uint64_t GetDropCount(DropReason reason) const;
    /// \return how many packets were dropped, all reasons together
    uint64_t GetTotalDropCount() const;
    /**
     * \return multicast packets the node's stack sent into the tunnel (duplicate
     * address detection, router solicitations): expected, not carried, not drops
     */
    uint64_t GetStackMulticastCount() const;
    /// \return IPv6 packets sent over UDP straight to a peer or relay
    uint64_t GetDirectTxCount() const;
    /// \return IPv6 packets received and handed to the node's stack
    uint64_t GetDeliveredCount() const;
    /// \return bubbles sent: direct, indirect and in answer to indirect ones
    uint64_t GetBubbleTxCount() const;

    /**
     * \return bubbles sent
     * \deprecated use GetBubbleTxCount, the name every role uses
     */
    [[deprecated("use GetBubbleTxCount")]] uint64_t GetBubbleCount() const
    {
        return GetBubbleTxCount();
    }

    /// \return ping tests sent (RFC 4380 section 5.2.9)
    uint64_t GetPingTestCount() const;
    /// \param reason a reason \return its name, e.g. "nonce-mismatch"
    static std::string DropReasonToString(DropReason reason);

    /**
     * \brief Assign a fixed random variable stream number to the random variables used
     * by this model (nonces, flag bits, refresh jitter).
     * \param stream first stream index to use
     * \return the number of stream indices assigned
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * TracedCallback signature for state changes.
     * \param oldState the state left
     * \param newState the state entered
     */
    typedef void (*StateTracedCallback)(TeredoQualification::State oldState,
                                        TeredoQualification::State newState);
    /**
     * TracedCallback signature for qualification.
     * \param address the Teredo address
     * \param natType what the procedure could tell of the NAT
     */
    typedef void (*QualifiedTracedCallback)(Ipv6Address address,
                                            TeredoQualification::NatType natType);
    /**
     * TracedCallback signature for drops.
     * \param packet the packet: a UDP payload received, or an IPv6 packet from the stack
     * \param reason why it was dropped
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, DropReason reason);

    // Tx and Rx are ns3::Packet::AddressTracedCallback (the UDP payload and the
    // peer's InetSocketAddress); TunnelTx and TunnelRx are ns3::Packet::TracedCallback.

  protected:
    void DoDispose() override;
    void DropQueued(Ptr<const Packet> packet, TeredoPeerList::Discard why) override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// Carry out what the state machine asks and trace what changed.
    void Apply(const TeredoQualification::Step& step);
    /// The qualification timer fired.
    void OnTimer();
    /// Send a router solicitation as the state machine asks.
    void SendSolicitation(const TeredoQualification::Step& step);
    /// \param socket the socket with data
    void HandleRead(Ptr<Socket> socket);
    /**
     * \brief Handle one received datagram.
     * \param payload the UDP payload
     * \param from its source
     * \param outerTos the ToS octet of its IPv4 header
     */
    void Receive(Ptr<Packet> payload, const InetSocketAddress& from, uint8_t outerTos);
    /// The tunnel interface's send callback.
    bool TunnelSend(Ptr<Packet> packet);
    /// Count, trace, drop.
    void Drop(Ptr<const Packet> packet, DropReason reason);
    /**
     * \param from a datagram's source
     * \return whether it is our server (either address, the server port)
     */
    bool IsFromServer(const InetSocketAddress& from) const;
    /**
     * \brief Send an IPv6 packet from the stack toward a Teredo peer not trusted
     * now: directly to a cone peer, or queued while bubbles open the path.
     * \param peer the peer's entry
     * \param packet the IPv6 packet
     * \param peerAddress the peer's address, decoded
     */
    void SendToTeredoPeer(const TeredoPeerList::Peer& peer,
                          Ptr<Packet> packet,
                          const TeredoAddress& peerAddress);
    /**
     * \brief Handle a datagram from our server that is not an advertisement: an
     * indirect bubble (or a packet with an origin indication) gets a bubble to
     * the origin.
     * \param payload the UDP payload
     * \param info what it is
     * \return whether it holds data to go on with (not a bubble, not dropped)
     */
    bool ReceiveFromServer(Ptr<Packet> payload, const TeredoDatagramInfo& info);
    /**
     * \brief Accept, hold or drop an IPv6 packet from a peer by what the peer
     * list knows of its source (RFC 4380 section 5.2.3).
     * \param payload the UDP payload
     * \param info what it is
     * \param from where it came from
     */
    void ReceiveFromPeer(Ptr<Packet> payload,
                         const TeredoDatagramInfo& info,
                         const InetSocketAddress& from);
    /// \param address the deprecated SecondaryServerAddress; 0.0.0.0 (its default) changes nothing
    void SetDeprecatedSecondaryServer(Ipv4Address address);
    /// \return the ServerSecondaryAddress attribute's value, as configured
    Ipv4Address GetConfiguredSecondaryServer() const;
    /// Handle a received datagram that is not a router advertisement.
    void ReceiveData(Ptr<Packet> payload,
                     const TeredoDatagramInfo& info,
                     const InetSocketAddress& from);
    /// Accept a packet from a verified peer: flush its queue, deliver unless a bubble.
    void Accept(const TeredoPeerList::Peer& peer, Ptr<Packet> ipv6, bool deliver);
    /// Send what waits for a peer now trusted; deliver what came from it.
    void Flush(const TeredoPeerList::Peer& peer);
    /// Encapsulate an IPv6 packet to a peer's mapping.
    void SendDirect(const TeredoPeerList::Peer& peer, Ptr<Packet> ipv6);
    /// Send a bubble from `source` to `destination` over UDP to `to`.
    void SendBubble(Ipv6Address source, Ipv6Address destination, const InetSocketAddress& to);
    /// Send a ping test toward a native peer through our server.
    void SendPingTest(const TeredoPeerList::Peer& peer);
    /// Hand a received IPv6 packet to the node's stack.
    void Deliver(Ptr<Packet> ipv6);
    /// \return 64 random bits (nonces, flag bits, jitter), high half drawn first
    uint64_t Random64();
    /**
     * \brief Queue a packet for a native peer not verified yet, and ping-test it
     * within the rate limit.
     * \param peer the peer
     * \param queued the packet to hold (to send, or received to deliver)
     * \param dropped what the Drop trace shows when the queue is full
     */
    void HoldForPingTest(const TeredoPeerList::Peer& peer,
                         const TeredoPeerList::QueuedPacket& queued,
                         Ptr<const Packet> dropped);

    // Attributes
    Ipv4Address m_server;                       //!< primary server address
    Ipv4Address m_secondaryServer;              //!< secondary address (0.0.0.0: primary + 1)
    uint16_t m_serverPort;                      //!< server UDP port
    uint16_t m_port;                            //!< local UDP port (0: any)
    Ipv6Address m_prefix;                       //!< Teredo prefix
    TeredoQualification::Procedure m_procedure; //!< qualification procedure
    Time m_rsTimeout;                           //!< T
    uint32_t m_rsTries;                         //!< N
    Time m_refreshInterval;                     //!< refresh interval
    double m_refreshJitter;                     //!< refresh jitter
    Time m_restartDelay;                        //!< first back-off delay
    Time m_maxRestartDelay;                     //!< longest back-off delay
    bool m_symmetricExtension;                  //!< RFC 6081 symmetric NAT support
    bool m_coneShortcut;                        //!< send to cone peers without bubbles
    std::string m_clientId;                     //!< ClientIdentifier
    std::string m_secret;                       //!< SharedSecret (empty: nonce only)

    Ptr<Socket> m_socket;                                 //!< the Teredo UDP socket
    std::unique_ptr<TeredoQualification> m_qualification; //!< the protocol state
    TeredoInterface m_interface;                          //!< the tunnel interface
    EventId m_timer;                                      //!< the state machine's timer
    Ptr<UniformRandomVariable> m_random;                  //!< nonces, flags, jitter
    TeredoQualification::State m_lastState;               //!< state at the last Apply
    uint32_t m_lastGeneration;                            //!< address generation at the last Apply
    std::array<uint64_t, DROP_REASON_COUNT> m_drops;      //!< drops by reason
    uint64_t m_directTx{0};                               //!< packets sent direct
    uint64_t m_delivered{0};                              //!< packets delivered up
    uint64_t m_bubbles{0};                                //!< bubbles sent
    uint64_t m_stackMulticast{0};                         //!< the stack's multicast, not carried
    uint64_t m_pingTests{0};                              //!< ping tests sent

    TracedCallback<TeredoQualification::State, TeredoQualification::State>
        m_stateTrace;                                                           //!< state changes
    TracedCallback<Ipv6Address, TeredoQualification::NatType> m_qualifiedTrace; //!< qualified
    TracedCallback<Ptr<const Packet>, const Address&> m_txTrace; //!< UDP payloads sent
    TracedCallback<Ptr<const Packet>, const Address&> m_rxTrace; //!< UDP payloads received
    TracedCallback<Ptr<const Packet>> m_tunnelTxTrace;           //!< IPv6 packets into the tunnel
    TracedCallback<Ptr<const Packet>> m_tunnelRxTrace;           //!< IPv6 packets out of the tunnel
    TracedCallback<Ptr<const Packet>, DropReason> m_dropTrace;   //!< drops
};

} // namespace ns3

#endif /* TEREDO_CLIENT_H */
