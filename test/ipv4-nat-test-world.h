/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPV4_NAT_TEST_WORLD_H
#define IPV4_NAT_TEST_WORLD_H

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-nat-helper.h"
#include "ns3/nat-probe-server.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/socket.h"

#include <optional>
#include <vector>

namespace ns3
{
namespace teredo_test
{

/**
 * \ingroup teredo-tests
 * The common ground of the NAT test topologies: nodes with IPv4 stacks joined by
 * SimpleNetDevice links of 5 ms, checksums on. The destructor destroys the
 * simulator and turns checksums off again, also when an assertion ends a test
 * early.
 */
class TestNetwork
{
  public:
    /// \param nodeCount the nodes to create
    explicit TestNetwork(uint32_t nodeCount);
    ~TestNetwork();

    /**
     * \param a a node index \param b another
     * \return the two devices of a new link between them (a's first)
     */
    NetDeviceContainer Link(uint32_t a, uint32_t b);

    /**
     * \brief Give one device one address of a /24.
     * \param device the device
     * \param network the network, e.g. "10.0.0.0"
     * \param host the host part, e.g. "0.0.0.2"
     */
    static void Assign(Ptr<NetDevice> device, const char* network, const char* host);

    NodeContainer nodes; //!< the nodes, in creation order
};

/**
 * \ingroup teredo-tests
 * The NAT test network, with static routes and checksums on:
 *
 * \verbatim
   host 10.0.0.2 -- 10.0.0.1 NAT 203.0.113.1 -- 203.0.113.254 router 198.51.100.254 --
   server 198.51.100.1 and 198.51.100.2
   \endverbatim
 *
 * The router knows no inside prefix, so a packet the NAT fails to translate
 * goes nowhere.
 */
struct NatWorld : public TestNetwork
{
    /**
     * \brief Build the world; the helper decides the NAT's behaviour.
     * \param helper installs the NAT
     * \param natBeforeRoutes install the NAT first, then add the static routes
     */
    explicit NatWorld(const Ipv4NatHelper& helper, bool natBeforeRoutes = false);

    /// \return the inside host (node 0)
    Ptr<Node> Host() const;
    /// \return the NAT node (node 1)
    Ptr<Node> NatNode() const;
    /// \return the router (node 2)
    Ptr<Node> Router() const;
    /// \return the server (node 3)
    Ptr<Node> Server() const;

    Ptr<Ipv4Nat> nat;                            //!< the NAT
    const Ipv4Address hostAddress{"10.0.0.2"};   //!< inside host
    const Ipv4Address natOutside{"203.0.113.1"}; //!< NAT's outside address
    const Ipv4Address serverA{"198.51.100.1"};   //!< server's primary address
    const Ipv4Address serverB{"198.51.100.2"};   //!< server's secondary address
};

/**
 * \ingroup teredo-tests
 * The world's NatProbeServer (two addresses x two ports, answering STUN
 * Binding requests with the source it saw), started at time 0, with test conveniences.
 */
class ProbeServer
{
  public:
    static constexpr uint16_t PORT_1 = 3478; //!< primary port
    static constexpr uint16_t PORT_2 = 3479; //!< secondary port

    /// \param world the world whose server node to use
    explicit ProbeServer(const NatWorld& world);

    /**
     * \param secondaryAddress answer from the server's second address
     * \param secondaryPort answer from the second port
     * \return the index of that socket, as requests name it
     */
    static uint8_t Index(bool secondaryAddress, bool secondaryPort);

    /// \return the number of requests received
    uint32_t GetRequests() const;

    /**
     * \brief Send an unsolicited datagram from one of the sockets.
     * \param at when
     * \param from index of the socket
     * \param to destination
     */
    void SendAt(Time at, uint8_t from, InetSocketAddress to);

  private:
    Ptr<NatProbeServer> m_app; //!< the application
};

/**
 * \param number the last octet of the transaction ID (to tell requests apart)
 * \param changeRequest CHANGE-REQUEST flags, 0 for none
 * \return a STUN Binding request, as NatProbeServer answers
 */
Ptr<Packet> MakeStunRequest(uint8_t number, uint32_t changeRequest = 0);

/**
 * \param p a datagram
 * \return the mapped endpoint (XOR-MAPPED-ADDRESS), if \p p is a STUN
 *         success response with one
 */
std::optional<InetSocketAddress> ReadStunMapped(Ptr<const Packet> p);

/**
 * \ingroup teredo-tests
 * An inside UDP socket that sends probes (STUN Binding requests) and records
 * what comes back.
 */
class ProbeClient
{
  public:
    /// \param node the inside host \param port the local port
    ProbeClient(Ptr<Node> node, uint16_t port);

    /**
     * \brief Send a probe at a time.
     * \param at when
     * \param to where
     * \param changeRequest CHANGE-REQUEST flags (StunAttribute::CHANGE_IP,
     *        CHANGE_PORT), 0 for none: answer from where the request arrives
     */
    void Probe(Time at, InetSocketAddress to, uint32_t changeRequest);

    /// The mapped endpoints reported in answers, in order of arrival.
    std::vector<InetSocketAddress> mapped;
    /// Where each datagram received came from.
    std::vector<InetSocketAddress> from;

  private:
    /// \param socket the socket with data
    void Receive(Ptr<Socket> socket);

    Ptr<Socket> m_socket; //!< the probing socket
    uint8_t m_sent{0};    //!< probes sent, numbering their transaction IDs
};

} // namespace teredo_test
} // namespace ns3

#endif /* IPV4_NAT_TEST_WORLD_H */
