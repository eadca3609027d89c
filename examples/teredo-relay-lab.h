/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_RELAY_LAB_H
#define TEREDO_RELAY_LAB_H

// The story of teredo-relays: two Teredo clients behind one NAT and a native
// host reached through a relay (a Teredo relay, or the host's own
// host-specific relay, as --relay says). Client A echoes to the host, then the
// host echoes to client B's Teredo address, and the relay's, server's and
// NAT's traces tell what happens. The two kinds of relay differ in their words
// and their world, not in their story.

#include "teredo-lab-narrator.h"

#include "ns3/ipv4-nat.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/teredo-relay.h"
#include "ns3/teredo-server.h"

#include <functional>
#include <string>

namespace ns3
{

/**
 * \brief The relay lab's two phases, and what the relay, the server and the
 * NAT do in them, told as they happen and counted.
 *
 * The counters are public: the lab prints its summary and verdict from them.
 */
class TeredoRelayLab
{
  public:
    static constexpr uint32_t ECHO_REQUESTS = 3; //!< echo requests per phase

    /// How the lab speaks of its relay and its host.
    struct Words
    {
        std::string relayTag;     //!< the relay's lines start "<relayTag>: ", e.g. "relay"
        std::string relaySubject; //!< the relay in a sentence, e.g. "the relay"
        std::string publicNote;   //!< why it sends no direct bubble
        std::string directly;     //!< after "<packet>" when it sends data, e.g. ", directly"
        std::string hostTitle;    //!< the host as a destination, e.g. "the IPv6 host H"
        std::string hostSubject;  //!< the host as a sender, e.g. "the IPv6 host H"
        /// A packet from the host entered the relay's tunnel: \p what, with its article.
        std::function<std::string(const std::string& what)> tunnelTx;
        /// The relay hands \p packet from a client to the host's side.
        std::function<std::string(const std::string& packet)> tunnelRx;
    };

    /**
     * \param story the lab's narrator (its clients A and B, names of endpoints)
     * \param words how to speak of the relay and the host
     * \param echoPort the UDP echo servers' port
     */
    TeredoRelayLab(TeredoLabNarrator& story, Words words, uint16_t echoPort);

    /**
     * \brief Tell what the relay, the server and the NAT do, and start the
     * phases once A and B have both qualified.
     * \param relay the relay (or host-specific relay) the host's traffic takes
     * \param server the clients' server
     * \param nat the clients' NAT, or null
     * \param nodeA client A's node
     * \param nodeHost the host's node
     */
    void Watch(Ptr<TeredoRelay> relay,
               Ptr<TeredoServer> server,
               Ptr<Ipv4Nat> nat,
               Ptr<Node> nodeA,
               Ptr<Node> nodeHost);

    Ptr<TeredoRelay> relay;    //!< the relay
    uint32_t relayQueuedA{0};  //!< packets for A the relay queued
    uint32_t relayQueuedB{0};  //!< packets for B the relay queued
    uint32_t relayBubblesA{0}; //!< indirect bubbles the relay sent for A
    uint32_t relayBubblesB{0}; //!< indirect bubbles the relay sent for B
    uint32_t serverBubbles{0}; //!< bubbles the server forwarded
    uint32_t serverData{0};    //!< anything else it forwarded over UDP (not advertisements)
    uint32_t serverPings{0};   //!< ping tests it sent out natively
    uint32_t answersA{0};      //!< echo replies A's UdpEchoClient got
    uint32_t answersHost{0};   //!< echo replies the host's UdpEchoClient got

  private:
    /// Say what the relay is about to do, unless it has said so.
    void ResolveRelaySend();
    /// \param client a client whose bubble the relay accepted with nothing queued
    void ClearRelayEvent(std::string client);
    /// \param ipv6 a packet from the host side entering the relay's tunnel
    void RelayTunnelTx(Ptr<const Packet> ipv6);
    /// \param p a datagram the relay sends \param to where
    void RelayTx(Ptr<const Packet> p, const Address& to);
    /// \param p a datagram the relay receives \param from where from
    void RelayRx(Ptr<const Packet> p, const Address& from);
    /// \param ipv6 a packet from a client the relay hands on
    void RelayTunnelRx(Ptr<const Packet> ipv6);
    /// \param reason why the relay dropped a packet
    void RelayDrop(Ptr<const Packet>, TeredoRelay::DropReason reason);
    /// \param p a datagram the server sends \param peer where to
    void ServerTx(Ptr<const Packet> p, const Address& peer);
    /// \param ipv6 a ping test the server sends natively
    void ServerNativeTx(Ptr<const Packet> ipv6);
    /// \param packet what the NAT dropped \param h its IPv4 header \param reason why
    void NatDrop(Ptr<const Packet> packet, const Ipv4Header& h, Ipv4Nat::DropReason reason);
    /// Phase one: A echoes to the host.
    void StartClientToHost();
    /// Phase two: the host echoes to B's Teredo address.
    void StartHostToClient();
    /**
     * \brief Start a UdpEchoClient of ECHO_REQUESTS requests, one a second.
     * \param node where it runs
     * \param to the echo server's address
     * \param rx called with each reply
     */
    void StartEcho(Ptr<Node> node, Ipv6Address to, Callback<void, Ptr<const Packet>> rx);
    /// An echo reply reached A's UdpEchoClient.
    void AnswerToA(Ptr<const Packet>);
    /// An echo reply reached the host's UdpEchoClient.
    void AnswerToHost(Ptr<const Packet>);
    /// \param n a client that qualified \param address its Teredo address
    void Qualified(std::string n, Ipv6Address address, TeredoQualification::NatType);

    TeredoLabNarrator& m_story;  //!< the clients' story and the names
    Words m_words;               //!< how to speak of the relay and host
    uint16_t m_echoPort;         //!< the UDP echo servers' port
    Ptr<Node> m_nodeA;           //!< client A's node
    Ptr<Node> m_nodeHost;        //!< the host's node
    bool m_started{false};       //!< the phases are scheduled
    bool m_relayPending{false};  //!< a packet entered the relay's tunnel; its fate not told yet
    bool m_relayTrustNow{false}; //!< the relay accepted a bubble in this event
};

} // namespace ns3

#endif /* TEREDO_RELAY_LAB_H */
