/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef NAT_PROBE_SERVER_H
#define NAT_PROBE_SERVER_H

#include "ns3/application.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <array>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief The server side of NAT behaviour discovery in the manner of RFC 5780: a
 * STUN-like responder on two addresses and two ports.
 *
 * It listens on PrimaryAddress and SecondaryAddress, each on PrimaryPort and
 * SecondaryPort (the node must hold both addresses). A request is a UDP
 * datagram whose first octet names the socket that must answer (see
 * GetSocketIndex); the answer tells the requester where its request came from:
 * the source address (4 octets), the source port (2 octets) and the index of
 * the answering socket (1 octet). Empty requests are counted and ignored.
 * NatProbeClient runs the tests against it.
 */
class NatProbeServer : public Application
{
  public:
    static constexpr uint32_t ANSWER_SIZE = 7; //!< octets of an answer

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    NatProbeServer();
    ~NatProbeServer() override;

    /**
     * \param secondaryAddress the socket on the secondary address
     * \param secondaryPort the socket on the secondary port
     * \return the socket index requests use to name it
     */
    static uint8_t GetSocketIndex(bool secondaryAddress, bool secondaryPort);

    /**
     * \brief Send a datagram from one of the sockets, unasked (to test filtering
     * or mapping lifetimes from outside).
     * \param socketIndex the sending socket
     * \param to the destination
     * \param packet the datagram
     */
    void Send(uint8_t socketIndex, const InetSocketAddress& to, Ptr<Packet> packet);

    /**
     * TracedCallback signature for requests.
     * \param source where the request came from
     * \param socketIndex the socket asked to answer
     */
    typedef void (*RequestTracedCallback)(const InetSocketAddress& source, uint8_t socketIndex);

    /// \return the number of requests answered
    uint64_t GetRequests() const;
    /// \return the number of requests ignored as malformed
    uint64_t GetMalformed() const;

  private:
    void StartApplication() override;
    void StopApplication() override;
    /// \param socket a socket with data
    void Receive(Ptr<Socket> socket);
    /// \return the secondary address (the deprecated AlternateAddress's getter)
    Ipv4Address GetSecondaryAddress() const;
    /// \param address set as the secondary address unless 0.0.0.0 (unset): the
    /// deprecated AlternateAddress, whose initial value must not undo SecondaryAddress
    void SetAlternateAddress(Ipv4Address address);

    Ipv4Address m_primaryAddress;                                     //!< first address
    Ipv4Address m_secondaryAddress;                                   //!< second address
    uint16_t m_primaryPort;                                           //!< first port
    uint16_t m_secondaryPort;                                         //!< second port
    std::array<Ptr<Socket>, 4> m_sockets;                             //!< by index
    uint64_t m_requests{0};                                           //!< requests answered
    uint64_t m_malformed{0};                                          //!< requests ignored
    TracedCallback<const InetSocketAddress&, uint8_t> m_requestTrace; //!< request seen
};

} // namespace ns3

#endif /* NAT_PROBE_SERVER_H */
