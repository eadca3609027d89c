/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef NAT_PROBE_CLIENT_H
#define NAT_PROBE_CLIENT_H

#include "nat-mapping-table.h"
#include "stun-message.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/inet-socket-address.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief NAT behaviour discovery with STUN (RFC 5780 sections 4.3 to 4.5), run
 * from a host behind the NAT against a STUN server with two addresses and two
 * ports (NatProbeServer, or an RFC 3489 server such as stund).
 *
 * Each probe is an RFC 5389 Binding request (magic cookie, random transaction
 * ID, FINGERPRINT). Mapping: one socket (LocalPort) asks the server's primary
 * address and port, then the other address and primary port, then the other
 * address and port (the other address and port as OTHER-ADDRESS or
 * CHANGED-ADDRESS tell, else as configured); the mapped endpoints reported
 * (XOR-MAPPED-ADDRESS, or MAPPED-ADDRESS from an RFC 3489 server) tell
 * endpoint-independent (first two equal), address-dependent (last two equal)
 * or address-and-port-dependent mapping. Filtering: two fresh sockets
 * (LocalPort + 1, + 2) each ask the primary address and port with
 * CHANGE-REQUEST "change IP and port" (answer arrives: endpoint-independent)
 * and "change port" (arrives: address-dependent; neither:
 * address-and-port-dependent). Hairpinning: the first filtering socket sends
 * a Binding request to the mapping socket's mapped endpoint; it is seen or not.
 * Port allocation: whether the NAT kept the local port.
 *
 * The probes go out one Interval apart from the start; the result is decided
 * one Interval after the last, and reported by the Discovered trace. Whatever
 * arrives that is not a usable answer to a probe is counted as a drop.
 */
class NatProbeClient : public Application
{
  public:
    /// Why a datagram received was not used.
    enum DropReason
    {
        DROP_MALFORMED,           //!< not a well-formed STUN message
        DROP_UNKNOWN_TRANSACTION, //!< no probe of this socket has its transaction ID
        DROP_NOT_RESPONSE,        //!< STUN, but not a Binding response (nor our hairpin probe)
        DROP_ERROR_RESPONSE,      //!< a Binding error response
        DROP_UNKNOWN_ATTRIBUTE,   //!< unknown comprehension-required attribute
        DROP_NO_MAPPED_ADDRESS,   //!< no readable (XOR-)MAPPED-ADDRESS
        DROP_REASON_COUNT,        //!< number of reasons, not a reason
    };

    /// The NAT types of RFC 3489 section 10.1 (the classic names).
    enum ClassicType
    {
        CLASSIC_UDP_BLOCKED,            //!< no answer at all
        CLASSIC_OPEN_INTERNET,          //!< no NAT, no filtering
        CLASSIC_SYMMETRIC_UDP_FIREWALL, //!< no NAT, but filtering
        CLASSIC_FULL_CONE,              //!< EI mapping, EI filtering
        CLASSIC_RESTRICTED_CONE,        //!< EI mapping, AD filtering
        CLASSIC_PORT_RESTRICTED_CONE,   //!< EI mapping, APD filtering
        CLASSIC_SYMMETRIC,              //!< mapping not EI
    };

    /**
     * \param reason a drop reason
     * \return its name in kebab-case words
     */
    static std::string DropReasonToString(DropReason reason);

    /**
     * \param type a classic type
     * \return its name in kebab-case words (the presets' names where they match)
     */
    static std::string ClassicTypeToString(ClassicType type);

    /**
     * \param behindNat whether the mapped address differs from the host's own
     * \param mapping the mapping behaviour
     * \param filtering the filtering behaviour
     * \return the classic name for them
     */
    static ClassicType Classify(bool behindNat,
                                NatMappingTable::MappingBehavior mapping,
                                NatMappingTable::FilteringBehavior filtering);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    NatProbeClient();
    ~NatProbeClient() override;

    /**
     * \param stream first stream index to use
     * \return the number of streams used (1: transaction IDs)
     */
    int64_t AssignStreams(int64_t stream);

    /// \return whether every mapping probe was answered (the tests could run)
    bool IsComplete() const;
    /// \return the mapping behaviour seen, if the tests could run
    std::optional<NatMappingTable::MappingBehavior> GetMappingBehavior() const;
    /// \return the filtering behaviour seen, if the tests could run
    std::optional<NatMappingTable::FilteringBehavior> GetFilteringBehavior() const;
    /// \return the mapped endpoints the server reported to the mapping socket, in order
    const std::vector<InetSocketAddress>& GetMappedEndpoints() const;
    /// \return whether the NAT kept the local port, if the tests could run
    std::optional<bool> GetPortPreserved() const;
    /// \return whether the hairpin probe arrived, if the tests could run
    std::optional<bool> GetHairpinning() const;
    /// \return whether there is a NAT (the mapped address is not the host's), if known
    std::optional<bool> IsBehindNat() const;
    /// \return the classic name (UDP blocked when the first probe got no answer)
    ClassicType GetClassicType() const;
    /// \return the number of datagrams not used for \p reason
    uint64_t GetDropCount(DropReason reason) const;
    /// \return the number of datagrams not used, whatever the reason
    uint64_t GetTotalDropCount() const;

    /**
     * TracedCallback signature for the result.
     * \param complete whether the tests could run (else the other values mean nothing)
     * \param mapping the mapping behaviour seen
     * \param filtering the filtering behaviour seen
     */
    typedef void (*DiscoveredTracedCallback)(bool complete,
                                             NatMappingTable::MappingBehavior mapping,
                                             NatMappingTable::FilteringBehavior filtering);

    /**
     * TracedCallback signature for datagrams not used.
     * \param packet the datagram
     * \param reason why
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, DropReason reason);

  private:
    /// The probes, in the order they go out.
    enum ProbeKind
    {
        MAPPING_PRIMARY,    //!< to the primary address and port
        MAPPING_OTHER_IP,   //!< to the other address, primary port
        MAPPING_OTHER_BOTH, //!< to the other address and port
        FILTER_CHANGE_BOTH, //!< answer from the other address and port
        FILTER_CHANGE_PORT, //!< answer from the other port
        HAIRPIN,            //!< to the mapping socket's mapped endpoint
        PROBE_KIND_COUNT,   //!< number of probes, not a probe
    };

    /// A probe sent and not yet answered.
    struct Pending
    {
        uint8_t socket;  //!< the sending socket
        ProbeKind probe; //!< which probe
    };

    void StartApplication() override;
    void StopApplication() override;
    /// Send one probe.
    void Probe(ProbeKind probe);
    /// \param socket a socket with data
    void Receive(Ptr<Socket> socket);
    /// \param socket the receiving socket's index \param p the datagram
    void HandleDatagram(uint8_t socket, Ptr<Packet> p);
    /// \param pending the probe answered \param m the response \param p the datagram
    void HandleResponse(const Pending& pending, const StunMessage& m, Ptr<Packet> p);
    /// \param p dropped \param reason why
    void Drop(Ptr<const Packet> p, DropReason reason);
    /// Decide and report.
    void Conclude();
    /// \return whether \p address is one of the node's own
    bool IsOwnAddress(Ipv4Address address) const;
    /// \return the server's secondary address (the deprecated ServerAlternateAddress's getter)
    Ipv4Address GetServerSecondaryAddress() const;
    /// \param address set as the server's secondary address unless 0.0.0.0 (unset): the
    /// deprecated ServerAlternateAddress, whose initial value must not undo ServerSecondaryAddress
    void SetServerAlternateAddress(Ipv4Address address);

    Ipv4Address m_serverPrimary;   //!< server's first address
    Ipv4Address m_serverSecondary; //!< server's second address
    uint16_t m_primaryPort;        //!< server's first port
    uint16_t m_secondaryPort;      //!< server's second port
    uint16_t m_localPort;          //!< first of the three local ports
    Time m_interval;               //!< between probes

    Ptr<UniformRandomVariable> m_rng;                     //!< transaction IDs
    std::array<Ptr<Socket>, 3> m_sockets;                 //!< mapping, filter 1, filter 2
    std::map<std::array<uint8_t, 16>, Pending> m_pending; //!< probes not yet answered
    std::array<uint32_t, PROBE_KIND_COUNT> m_answers{};   //!< answers per probe
    std::array<std::optional<InetSocketAddress>, 3> m_mappedByProbe; //!< mapping probes' answers
    std::optional<InetSocketAddress> m_other;                        //!< OTHER-ADDRESS learnt
    std::vector<InetSocketAddress> m_mapped;                   //!< what the mapping socket learnt
    std::vector<EventId> m_events;                             //!< pending probes and conclusion
    std::optional<NatMappingTable::MappingBehavior> m_mapping; //!< result
    std::optional<NatMappingTable::FilteringBehavior> m_filtering; //!< result
    std::optional<bool> m_portPreserved;                           //!< result
    std::optional<bool> m_hairpinning;                             //!< result
    std::optional<bool> m_behindNat;                               //!< result
    std::array<uint64_t, DROP_REASON_COUNT> m_drops{};             //!< by reason
    TracedCallback<bool, NatMappingTable::MappingBehavior, NatMappingTable::FilteringBehavior>
        m_discoveredTrace;                                       //!< the result
    TracedCallback<Ptr<const Packet>, const Address&> m_rxTrace; //!< Rx
    TracedCallback<Ptr<const Packet>, const Address&> m_txTrace; //!< Tx
    TracedCallback<Ptr<const Packet>, DropReason> m_dropTrace;   //!< Drop
};

} // namespace ns3

#endif /* NAT_PROBE_CLIENT_H */
