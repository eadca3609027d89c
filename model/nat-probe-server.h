/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef NAT_PROBE_SERVER_H
#define NAT_PROBE_SERVER_H

#include "stun-message.h"

#include "ns3/application.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/packet.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <array>
#include <string>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief A STUN server for NAT behaviour discovery (RFC 5780 section 6, with the
 * RFC 3489 form classic clients send): Binding requests answered on two
 * addresses and two ports.
 *
 * It listens on PrimaryAddress and SecondaryAddress, each on PrimaryPort and
 * SecondaryPort (the node must hold both addresses). A Binding request is
 * answered from the socket its CHANGE-REQUEST names (change IP, change port,
 * relative to the socket it arrived on). A request with the magic cookie gets
 * XOR-MAPPED-ADDRESS, RESPONSE-ORIGIN and OTHER-ADDRESS (and FINGERPRINT if it
 * had one); one without (RFC 3489) gets MAPPED-ADDRESS, SOURCE-ADDRESS and
 * CHANGED-ADDRESS. Unknown comprehension-required attributes get a 420 error
 * response, an unreadable CHANGE-REQUEST a 400; what is not a Binding request
 * is dropped. Every refusal is counted by DropReason and traced.
 * No authentication (MESSAGE-INTEGRITY is not checked), no RESPONSE-PORT or
 * PADDING (refused with 420), no TCP. NatProbeClient runs the tests against it.
 */
class NatProbeServer : public Application
{
  public:
    /// \deprecated the answers are STUN messages now, of varying size
    [[deprecated("answers are STUN messages")]] static constexpr uint32_t ANSWER_SIZE = 7;

    /// Why a datagram got no success response.
    enum DropReason
    {
        DROP_MALFORMED,          //!< not a well-formed STUN message
        DROP_NOT_REQUEST,        //!< STUN, but not a Binding request
        DROP_UNKNOWN_ATTRIBUTE,  //!< unknown comprehension-required attribute (420 sent)
        DROP_BAD_CHANGE_REQUEST, //!< CHANGE-REQUEST not readable (400 sent)
        DROP_REASON_COUNT,       //!< number of reasons, not a reason
    };

    /**
     * \param reason a drop reason
     * \return its name in kebab-case words
     */
    static std::string DropReasonToString(DropReason reason);

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
     * \return the index of that socket, as Send takes it
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
     * \param socketIndex the socket that answers
     */
    typedef void (*RequestTracedCallback)(const InetSocketAddress& source, uint8_t socketIndex);

    /**
     * TracedCallback signature for datagrams refused.
     * \param packet the datagram
     * \param reason why
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, DropReason reason);

    /// \return the number of Binding requests answered with a success response
    uint64_t GetRequestCount() const;
    /// \return the number of datagrams refused for \p reason
    uint64_t GetDropCount(DropReason reason) const;
    /// \return the number of datagrams refused, whatever the reason
    uint64_t GetTotalDropCount() const;

    /// \deprecated use GetRequestCount
    [[deprecated("use GetRequestCount")]] uint64_t GetRequests() const
    {
        return GetRequestCount();
    }

    /// \deprecated use GetTotalDropCount
    [[deprecated("use GetTotalDropCount")]] uint64_t GetMalformed() const
    {
        return GetTotalDropCount();
    }

  private:
    void StartApplication() override;
    void StopApplication() override;
    /// \param socket a socket with data
    void Receive(Ptr<Socket> socket);
    /**
     * \param p a datagram
     * \param arrivedOn the index of the socket it arrived on
     * \param from where it came from
     */
    void HandleDatagram(Ptr<Packet> p, uint8_t arrivedOn, const InetSocketAddress& from);
    /**
     * \param request the Binding request
     * \param answerFrom the answering socket's index
     * \param arrivedOn the index of the socket the request arrived on
     * \param from where it came from
     * \return the success response
     */
    StunMessage MakeResponse(const StunMessage& request,
                             uint8_t answerFrom,
                             uint8_t arrivedOn,
                             const InetSocketAddress& from) const;
    /**
     * \param socketIndex the sending socket
     * \param to the destination
     * \param message sent
     * \param fingerprint whether with FINGERPRINT
     */
    void SendMessage(uint8_t socketIndex,
                     const InetSocketAddress& to,
                     const StunMessage& message,
                     bool fingerprint);
    /// \param p refused \param reason why
    void Drop(Ptr<const Packet> p, DropReason reason);
    /// \return the address and port of the socket \p socketIndex
    InetSocketAddress GetLocal(uint8_t socketIndex) const;
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
    std::array<uint64_t, DROP_REASON_COUNT> m_drops{};                //!< by reason
    TracedCallback<const InetSocketAddress&, uint8_t> m_requestTrace; //!< request seen
    TracedCallback<Ptr<const Packet>, const Address&> m_rxTrace;      //!< Rx
    TracedCallback<Ptr<const Packet>, const Address&> m_txTrace;      //!< Tx
    TracedCallback<Ptr<const Packet>, const Address&, const Address&>
        m_txWithAddressesTrace;                                //!< TxWithAddresses
    TracedCallback<Ptr<const Packet>, DropReason> m_dropTrace; //!< Drop
};

} // namespace ns3

#endif /* NAT_PROBE_SERVER_H */
