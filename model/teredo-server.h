/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_SERVER_H
#define TEREDO_SERVER_H

#include "teredo-address.h"
#include "teredo-datagram-classifier.h"
#include "teredo-interface.h"
#include "teredo-rate-limiter.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief A Teredo server (RFC 4380 section 5.3): qualification and forwarding.
 *
 * Runs on a node holding two consecutive public IPv4 addresses and listens on
 * UDP port 3544 of both (one socket each). Every datagram goes through the
 * checks of RFC 4380 section 5.3.1; a router solicitation that passes them is
 * answered with a router advertisement (section 5.3.2) that carries:
 *
 * - when the solicitation had an authentication indicator, one echoing its
 *   nonce and client identifier, with confirmation byte 0; when the server
 *   holds a secret for that identifier (SetClientSecret), with the
 *   authentication value of secure qualification (RFC 4380 section 5.2.2,
 *   TeredoAuthenticator: HMAC-SHA1 over nonce, confirmation, origin
 *   indication and the advertisement), else with an empty value;
 * - an origin indication with the IPv4 address and UDP port the solicitation
 *   came from, which is how the client learns its mapped address;
 * - the prefix Teredo prefix + primary address (a /64) and an MTU option of 1280,
 *   addressed to the solicitation's IPv6 source.
 *
 * The advertisement leaves from the address the solicitation arrived on, or
 * from the other one when the solicitation's link-local source has the cone
 * flag set: only a cone NAT lets that answer in, which is the client's cone test.
 *
 * Secure qualification: a solicitation whose client identifier has a secret
 * must carry that identifier's authentication value, or it is dropped
 * (DROP_AUTHENTICATION_FAILED). With SecureQualification on, a solicitation
 * without a client identifier (DROP_AUTHENTICATION_MISSING) or with one the
 * server has no secret for (DROP_UNKNOWN_CLIENT) is dropped too: only clients
 * that prove their secret qualify. Off (the default), such solicitations are
 * answered with the nonce alone, as before, which is what Miredo's clients
 * send. The checks come before the rate limit, so refused solicitations use
 * no budget.
 *
 * Advertisements are rate-limited per source (IPv4 address and UDP port: a
 * token bucket each, in a table bounded by MaxRateLimitedSources), so that one
 * source cannot have the server answer it without end. The port is part of the
 * key so that an off-path attacker who spoofs a NAT's outside address cannot
 * use up the budget of the clients behind it: it would have to guess their
 * mapped ports. The price: spoofed solicitations from many ports of one
 * address each get their own budget, so the server does not cap what it sends
 * to one address; it never answers a solicitation with more than one
 * advertisement, though.
 *
 * Any other IPv6 packet that passes the checks (a bubble or an ICMPv6 message)
 * is forwarded, unchanged, as Miredo's server does:
 *
 * - to a Teredo destination: over UDP to the IPv4 address and port mapped in
 *   the destination, from the primary address and Port. When the destination
 *   is a client of this server (its server field is PrimaryAddress), an
 *   origin indication with the IPv4 address and UDP port the packet came
 *   from goes in front of it: that is how an indirect bubble tells a client
 *   where its peer (client or relay) is;
 * - to a native IPv6 destination, only an ICMPv6 echo request (a client's
 *   ping test, RFC 4380 section 5.2.9): it is handed to the node's IPv6 stack
 *   through a Teredo interface (TeredoInterface, installed when the
 *   application starts on a node with an IPv6 stack, with forwarding on), and
 *   the stack forwards it by its routes (ns-3.37 asks only the interface a
 *   packet arrives on, here the tunnel, to forward; TeredoTopologyHelper
 *   turns forwarding on for the server's native interface too, as on a
 *   router). Crossing the stack as a router would, the packet loses one from
 *   its hop limit. Anything else to a
 *   native destination, bubbles included, is dropped
 *   (DROP_NATIVE_NOT_ECHO_REQUEST); so is an echo request when the node has no
 *   IPv6 stack (DROP_NO_NATIVE_IPV6) or no route to the destination other than
 *   the tunnel (DROP_NO_NATIVE_ROUTE).
 *
 * The server keeps no state per client or peer; data between peers never
 * passes through it.
 *
 * Every datagram dropped is counted under its reason (GetDropCount) and
 * reported by the Drop trace source.
 */
class TeredoServer : public Application
{
  public:
    /// Why a received datagram was dropped; the order is the order of the checks.
    enum DropReason
    {
        /// RFC 4380 5.3.1: not a well-formed Teredo IPv6 packet (the classifier rejected
        /// it, or it holds indicators and no IPv6 packet).
        DROP_MALFORMED,
        /// RFC 4380 5.3.1: the IPv6 packet is neither a bubble nor ICMPv6.
        DROP_NOT_BUBBLE_OR_ICMPV6,
        /// RFC 4380 5.3.1: the IPv4 source is not a global unicast address.
        DROP_SOURCE_NOT_GLOBAL,
        /// The IPv4 source is one of the server's own addresses, on any port: nothing
        /// legitimate comes from there, and answering could loop.
        DROP_FROM_SERVER_ITSELF,
        /// RFC 4380 5.3.1: a router solicitation whose IPv6 source is not link-local.
        DROP_RS_SOURCE_NOT_LINK_LOCAL,
        /// RFC 4380 5.3.1: a router solicitation not sent to all-routers (ff02::2).
        DROP_RS_NOT_TO_ALL_ROUTERS,
        /// The source (IPv4 address and UDP port) used up its advertisement budget
        /// (RaRate, RaBurst).
        DROP_RATE_LIMITED,
        /// RFC 4380 5.3.1: a Teredo IPv6 source whose mapped address or port differs
        /// from the IPv4 source address or UDP port (spoofed, or a stale address).
        DROP_SOURCE_MISMATCH,
        /// RFC 4380 5.3.1: a non-Teredo IPv6 source, and the destination is not a
        /// Teredo address served by this server.
        DROP_NOT_FOR_THIS_SERVER,
        /// The destination is not global unicast (TeredoAddress::IsGlobalUnicast:
        /// unspecified, loopback, multicast, link-local, site-local, IPv4-mapped or
        /// -compatible), or is a Teredo address whose mapped IPv4 address is not
        /// global unicast: a server forwards nothing there.
        DROP_DESTINATION_NOT_GLOBAL,
        /// A native (non-Teredo) destination, and the packet is not an ICMPv6
        /// echo request: only ping tests leave the server natively.
        DROP_NATIVE_NOT_ECHO_REQUEST,
        /// A ping test, and the node has no IPv6 stack to send it out with.
        DROP_NO_NATIVE_IPV6,
        /// A ping test, and the node's IPv6 stack has no route to its destination
        /// (or only one back into the tunnel).
        DROP_NO_NATIVE_ROUTE,
        /// Secure qualification (RFC 4380 5.3.1 item 4): a solicitation from a
        /// client identifier the server holds a secret for, whose
        /// authentication value is missing or wrong.
        DROP_AUTHENTICATION_FAILED,
        /// SecureQualification on: a solicitation without a client identifier.
        DROP_AUTHENTICATION_MISSING,
        /// SecureQualification on: a solicitation from a client identifier the
        /// server holds no secret for.
        DROP_UNKNOWN_CLIENT,
        /// Number of reasons, not a reason.
        DROP_REASON_COUNT,
        // The names before the DROP_ prefix, kept one release; their explicit
        // values leave DROP_REASON_COUNT as it is.
        MALFORMED [[deprecated("use DROP_MALFORMED")]] = DROP_MALFORMED,
        NOT_BUBBLE_OR_ICMPV6 [[deprecated("use DROP_NOT_BUBBLE_OR_ICMPV6")]] =
            DROP_NOT_BUBBLE_OR_ICMPV6,
        SOURCE_NOT_GLOBAL [[deprecated("use DROP_SOURCE_NOT_GLOBAL")]] = DROP_SOURCE_NOT_GLOBAL,
        FROM_SERVER_ITSELF [[deprecated("use DROP_FROM_SERVER_ITSELF")]] = DROP_FROM_SERVER_ITSELF,
        RS_SOURCE_NOT_LINK_LOCAL [[deprecated("use DROP_RS_SOURCE_NOT_LINK_LOCAL")]] =
            DROP_RS_SOURCE_NOT_LINK_LOCAL,
        RS_NOT_TO_ALL_ROUTERS [[deprecated("use DROP_RS_NOT_TO_ALL_ROUTERS")]] =
            DROP_RS_NOT_TO_ALL_ROUTERS,
        RATE_LIMITED [[deprecated("use DROP_RATE_LIMITED")]] = DROP_RATE_LIMITED,
        SOURCE_MISMATCH [[deprecated("use DROP_SOURCE_MISMATCH")]] = DROP_SOURCE_MISMATCH,
        NOT_FOR_THIS_SERVER [[deprecated("use DROP_NOT_FOR_THIS_SERVER")]] =
            DROP_NOT_FOR_THIS_SERVER,
        DESTINATION_NOT_GLOBAL [[deprecated("use DROP_DESTINATION_NOT_GLOBAL")]] =
            DROP_DESTINATION_NOT_GLOBAL,
        NATIVE_NOT_ECHO_REQUEST [[deprecated("use DROP_NATIVE_NOT_ECHO_REQUEST")]] =
            DROP_NATIVE_NOT_ECHO_REQUEST,
        NO_NATIVE_IPV6 [[deprecated("use DROP_NO_NATIVE_IPV6")]] = DROP_NO_NATIVE_IPV6,
        NO_NATIVE_ROUTE [[deprecated("use DROP_NO_NATIVE_ROUTE")]] = DROP_NO_NATIVE_ROUTE,
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TeredoServer();
    ~TeredoServer() override;

    /// \param reason a drop reason \return its name, e.g. "rate-limited"
    static std::string DropReasonToString(DropReason reason);

    /**
     * \param reason a drop reason
     * \return its name
     * \deprecated use DropReasonToString, the name every role uses
     */
    [[deprecated("use DropReasonToString")]] static std::string ToString(DropReason reason)
    {
        return DropReasonToString(reason);
    }

    /**
     * \param address an IPv4 address
     * \return whether it is global unicast
     * \deprecated moved to the wire-format layer: use TeredoAddress::IsGlobalUnicast
     */
    [[deprecated("use TeredoAddress::IsGlobalUnicast")]] static bool IsGlobalUnicast(
        Ipv4Address address)
    {
        return TeredoAddress::IsGlobalUnicast(address);
    }

    /// \return the number of datagrams received
    uint64_t GetReceivedCount() const;
    /// \return the number of router advertisements sent
    uint64_t GetAdvertisementCount() const;
    /// \return the number of packets forwarded over UDP to Teredo destinations
    uint64_t GetForwardedToTeredoCount() const;
    /// \return the number of ping tests sent out over native IPv6
    uint64_t GetForwardedToNativeCount() const;
    /// \param reason a drop reason \return the number of datagrams dropped for it
    uint64_t GetDropCount(DropReason reason) const;
    /// \return the number of datagrams dropped, all reasons together
    uint64_t GetTotalDropCount() const;
    /**
     * \return the sources (IPv4 address and UDP port) whose advertisement budget
     * the rate limiter holds now: at most MaxRateLimitedSources (0 before the
     * application starts)
     */
    uint32_t GetRateLimitedSourceCount() const;
    /// \return the secondary address in use (SecondaryAddress, or primary + 1)
    Ipv4Address GetSecondaryAddress() const;

    /**
     * \brief Share a secret with a client, for secure qualification (RFC 4380
     * section 5.2.2): solicitations with this client identifier must carry its
     * authentication value, and their advertisements carry one.
     * \param clientId the client identifier (1 to 255 octets), as the client's
     *        ClientIdentifier attribute
     * \param secret the shared secret (the HMAC key; not empty), as the
     *        client's SharedSecret attribute
     */
    void SetClientSecret(const std::string& clientId, const std::string& secret);

    /**
     * TracedCallback signature for dropped datagrams.
     * \param packet the UDP payload
     * \param reason why it was dropped (its source: the Rx trace just before)
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, DropReason reason);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// \param socket a socket with data
    void Receive(Ptr<Socket> socket);
    /**
     * \brief Run the checks on one datagram and answer, forward or drop it.
     * \param payload the UDP payload
     * \param from its source
     * \param secondary whether it arrived on the secondary address
     */
    void Process(Ptr<Packet> payload, const InetSocketAddress& from, bool secondary);
    /**
     * \param info the classified datagram
     * \param from its source
     * \return the first check every datagram must pass that it fails, if any
     */
    std::optional<DropReason> CheckCommon(const TeredoDatagramInfo& info,
                                          const InetSocketAddress& from) const;
    /**
     * \brief Check a router solicitation and charge it to its source's budget.
     * \param info the classified solicitation
     * \param from its source
     * \return why it gets no answer, if it does not
     */
    std::optional<DropReason> CheckSolicitation(Ptr<const Packet> payload,
                                                const TeredoDatagramInfo& info,
                                                const InetSocketAddress& from);
    /**
     * \brief Secure qualification's checks on a solicitation.
     * \param payload the UDP payload
     * \param info the classified solicitation
     * \return why it fails them, if it does
     */
    std::optional<DropReason> CheckAuthentication(Ptr<const Packet> payload,
                                                  const TeredoDatagramInfo& info) const;
    /**
     * \param info a classified datagram
     * \return the secret of its client identifier, or null when it has none
     *         or the server holds none for it
     */
    const std::vector<uint8_t>* FindSecret(const TeredoDatagramInfo& info) const;
    /**
     * \param info a classified IPv6 packet other than a solicitation
     * \param from its source
     * \return the first check it fails, if any
     */
    std::optional<DropReason> CheckRelayed(const TeredoDatagramInfo& info,
                                           const InetSocketAddress& from) const;
    /**
     * \brief Forward a packet that passed the checks, to a Teredo or a native
     * destination.
     * \param payload the UDP payload
     * \param info what it is
     * \param from its source
     * \return why it could not be forwarded, if it could not
     */
    std::optional<DropReason> Forward(Ptr<const Packet> payload,
                                      const TeredoDatagramInfo& info,
                                      const InetSocketAddress& from);
    /**
     * \brief Send a client's ping test out over native IPv6.
     * \param ipv6Packet the IPv6 packet
     * \param info what it is
     * \return why it could not be sent, if it could not
     */
    std::optional<DropReason> SendNative(Ptr<Packet> ipv6Packet, const TeredoDatagramInfo& info);
    /// The tunnel interface's send callback: the server routes nothing into its
    /// tunnel; what the stack sends there (its own neighbour discovery) goes nowhere.
    bool TunnelSend(Ptr<Packet> packet);
    /**
     * \brief Answer a solicitation that passed every check.
     * \param info the classified solicitation
     * \param from its source
     * \param secondary whether it arrived on the secondary address
     */
    void SendAdvertisement(const TeredoDatagramInfo& info,
                           const InetSocketAddress& from,
                           bool secondary);
    /// Count and trace a drop.
    void Drop(Ptr<const Packet> payload, const InetSocketAddress& from, DropReason reason);
    /**
     * \brief Send a datagram from one of the two sockets and trace it.
     * \param packet the UDP payload
     * \param out the socket: 0 on the primary address, 1 on the secondary
     * \param to where it goes
     */
    void Send(Ptr<Packet> packet, size_t out, const InetSocketAddress& to);

    Ipv4Address m_primary;   //!< PrimaryAddress
    Ipv4Address m_secondary; //!< SecondaryAddress, as configured
    uint16_t m_port;         //!< Port
    Ipv6Address m_prefix;    //!< Prefix (a /32)
    double m_raRate;         //!< RaRate
    uint32_t m_raBurst;      //!< RaBurst
    uint32_t m_maxSources;   //!< MaxRateLimitedSources
    bool m_secure;           //!< SecureQualification
    /// Secrets by client identifier (configuration, not learnt from traffic)
    std::map<std::vector<uint8_t>, std::vector<uint8_t>> m_secrets;
    std::array<Ptr<Socket>, 2> m_sockets;              //!< on primary, on secondary
    std::unique_ptr<TeredoRateLimiter> m_limiter;      //!< RA budget per source address and port
    uint64_t m_received{0};                            //!< datagrams received
    uint64_t m_advertisements{0};                      //!< RAs sent
    uint64_t m_forwardedToTeredo{0};                   //!< forwarded over UDP
    uint64_t m_forwardedToNative{0};                   //!< ping tests sent natively
    TeredoInterface m_interface;                       //!< for ping tests (IPv6 nodes)
    std::array<uint64_t, DROP_REASON_COUNT> m_drops{}; //!< drops by reason
    TracedCallback<Ptr<const Packet>, const Address&> m_rxTrace; //!< Rx
    TracedCallback<Ptr<const Packet>, const Address&> m_txTrace; //!< Tx
    /// TxWithAddresses
    TracedCallback<Ptr<const Packet>, const Address&, const Address&> m_txWithAddressesTrace;
    TracedCallback<Ptr<const Packet>> m_nativeTxTrace;         //!< NativeTx
    TracedCallback<Ptr<const Packet>, DropReason> m_dropTrace; //!< Drop
};

} // namespace ns3

#endif /* TEREDO_SERVER_H */
