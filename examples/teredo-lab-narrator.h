/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_LAB_NARRATOR_H
#define TEREDO_LAB_NARRATOR_H

// Shared by the lab examples (teredo-relays in both its --relay kinds,
// teredo-bubbles): the lines of the story they print, how they name endpoints
// and packets, and what a Teredo client's traces tell. The labs differ only in
// the names of their roles, which the narrator takes as Roles.

#include "ns3/inet-socket-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/packet.h"
#include "ns3/teredo-client.h"
#include "ns3/teredo-datagram-classifier.h"

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \brief Print one line of a lab's story, with the simulated time.
 * \param what the line
 */
void LabSay(const std::string& what);

/**
 * \param e an endpoint
 * \return "a.b.c.d:port"
 */
std::string LabStr(const InetSocketAddress& e);

/**
 * \param what a description, e.g. "ICMPv6 echo request"
 * \return "a" or "an", for it
 */
std::string LabArticle(const std::string& what);

/**
 * \param n a count
 * \param what what is counted, singular
 * \return e.g. "1 ping test", "2 ping tests"
 */
std::string LabPlural(uint32_t n, const std::string& what);

/**
 * \param p a Teredo UDP payload or IPv6 packet
 * \param info its classification
 * \param echoPort the lab's UDP echo port (a datagram to it is a request, from it a reply)
 * \return what it is, in words, e.g. "bubble", "UDP echo reply"
 */
std::string LabDescribe(Ptr<const Packet> p, const TeredoDatagramInfo& info, uint16_t echoPort);

/**
 * \brief What a lab's Teredo clients do, told from their trace sources, and how
 * the lab names endpoints and packets.
 *
 * The fields are public: the lab sets them up before the simulation runs, and
 * its own narrators (relay, server, NAT) read and count with them.
 */
class TeredoLabNarrator
{
  public:
    /// What one client did, as its traces told.
    struct ClientLog
    {
        Ptr<TeredoClient> app;                               //!< the client
        InetSocketAddress mapping{Ipv4Address::GetAny(), 0}; //!< from its Teredo address
        bool pendingSend{false};  //!< its stack sent a packet; its fate not told yet
        bool pendingReply{false}; //!< the answer to its ping test arrived in this event
        bool pendingHold{false};  //!< data from an unverified relay arrived in this event
        uint32_t pingTests{0};    //!< ping tests sent
        uint32_t bubbles{0};      //!< bubbles sent (answers to indirect ones)
        uint32_t data{0};         //!< data packets sent
        uint32_t dataToRelay{0};  //!< ... to the relay's endpoint
        uint32_t delivered{0};    //!< data packets delivered to its stack
    };

    /// The words for the roles, where the labs tell the same event differently.
    struct Roles
    {
        std::string host;            //!< the native host, e.g. "H"
        std::string relayTag;        //!< the relay endpoint's label, e.g. "relay"
        std::string relay;           //!< the relay in a sentence, e.g. "the relay"
        std::string trustedRelay;    //!< "<client>: trusts <this> for <host>"
        std::string unverifiedRelay; //!< "has not verified that <this> <host>"
        std::string sameRelay;       //!< "the ping test's answer came <this>"
        /// The line when the answer to a ping test arrives: client, relay endpoint, host.
        std::function<std::string(const std::string&, const std::string&, const std::string&)>
            pingAnswered;
        /// What follows "<client> <- <endpoint>: <packet>" for unverified native data.
        std::function<std::string(const std::string&)> fromUnverified;
    };

    /**
     * \param roles the names of the roles
     * \param echoPort the UDP echo server's port, to tell requests from replies
     */
    TeredoLabNarrator(Roles roles, uint16_t echoPort);

    /**
     * \brief Name an endpoint after the server and relay: Who shows the label.
     * \param e the endpoint
     * \param label e.g. "Teredo relay R"
     */
    void AddEndpoint(const InetSocketAddress& e, const std::string& label);

    /**
     * \brief Tell what a client does: connects its TunnelTx, Tx, Rx, TunnelRx
     * and Drop traces. Its entry in `clients` must hold the application.
     * \param name the client's name, e.g. "A"
     */
    void Watch(const std::string& name);

    /// \param e an endpoint \return it with its role, e.g. "198.51.100.1:3544 (relay)"
    std::string Who(const InetSocketAddress& e) const;
    /// \param a an IPv6 address \return the host's or a client's name, or the address
    std::string Name(Ipv6Address a) const;
    /// \param p a Teredo UDP payload or IPv6 packet \param info its classification
    /// \return what it is, in words
    std::string Describe(Ptr<const Packet> p, const TeredoDatagramInfo& info) const;
    /// \param p a packet \param info its classification \return "<what> <source> > <destination>"
    std::string Packet6(Ptr<const Packet> p, const TeredoDatagramInfo& info) const;
    /// \return whether a data line is to be printed now (else it is counted)
    bool ShowData();
    /// The first round trip of a phase is over: quiet from now on (unless verbose).
    void RoundTripDone();

    bool verbose{false};                                 //!< print every datagram
    std::string nat;                                     //!< the site's NAT, by name
    std::map<std::string, ClientLog> clients;            //!< by name
    Ipv6Address host;                                    //!< the native host's address
    InetSocketAddress server{Ipv4Address::GetAny(), 0};  //!< server primary:3544
    InetSocketAddress relayEp{Ipv4Address::GetAny(), 0}; //!< the relay's IPv4 address:3544
    bool quiet{false};    //!< the phase's first round trip is over: data lines only if verbose
    uint32_t notShown{0}; //!< lines not printed (quiet)

  private:
    /// \param n a client: tell that its packet waits, if nothing left for it at once
    void ResolveClientSend(std::string n);
    /// \param n a client: the event that received a packet is over
    void ClearClientEvent(std::string n);
    /// \param n a client \param ipv6 what its stack sent into the tunnel
    void ClientTunnelTx(std::string n, Ptr<const Packet> ipv6);
    /// \param n a client \param p a UDP payload it sent \param to where
    void ClientTx(std::string n, Ptr<const Packet> p, const Address& to);
    /// \param n a client \param p a UDP payload it received \param from where
    void ClientRx(std::string n, Ptr<const Packet> p, const Address& from);
    /// \param n a client \param ipv6 what it handed to its stack
    void ClientTunnelRx(std::string n, Ptr<const Packet> ipv6);
    /// \param n a client \param reason why it dropped a packet
    void ClientDrop(std::string n, Ptr<const Packet>, TeredoClient::DropReason reason);

    Roles m_roles;                                                 //!< the names
    uint16_t m_echoPort;                                           //!< UdpEchoServer's port
    std::vector<std::pair<InetSocketAddress, std::string>> m_more; //!< other named endpoints
};

} // namespace ns3

#endif /* TEREDO_LAB_NARRATOR_H */
