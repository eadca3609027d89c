/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPV4_NAT_H
#define IPV4_NAT_H

#include "nat-mapping-table.h"

#include "ns3/event-id.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <array>
#include <memory>
#include <set>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief A NAPT between one outside interface and one or more inside interfaces of
 * a node, with behaviour set per RFC 4787 (UDP), RFC 5382 (TCP) and RFC 5508 (ICMP).
 *
 * Installed without patching ns-3: Ipv4Nat is a routing protocol that wraps
 * the node's routing protocol. Every packet the node receives passes through
 * RouteInput first: packets from inside to beyond the outside interface get
 * their source rewritten to the outside address and a mapped port; packets
 * arriving at the outside address are checked against the mappings and the
 * filtering behaviour and rewritten to the inside host. UDP and TCP ports and
 * ICMP echo identifiers are mapped; checksums are rewritten whenever ns-3
 * checksums are enabled. Packets the NAT node itself sends are not translated.
 * Packets from a martian source (multicast, limited broadcast, 0.0.0.0/8,
 * loopback; RFC 1812 section 5.3.7) arriving on the inside or outside
 * interfaces are dropped before anything else, as Linux does.
 *
 * It is an Ipv4ListRouting whose list is the wrapped protocol's (or the
 * wrapped protocol alone), so that ns-3's helpers that search a node's routing
 * protocols, Ipv4StaticRoutingHelper::GetStaticRouting and
 * Ipv4RoutingHelper::GetRouting, find the wrapped ones: static routes can be
 * added before or after the NAT is installed.
 *
 * Use Ipv4NatHelper to install one. Knows nothing of Teredo.
 */
class Ipv4Nat : public Ipv4ListRouting
{
  public:
    /// Why a packet was dropped; each has a counter and goes to the Drop trace.
    enum DropReason
    {
        DROP_FILTERED,             //!< inbound, refused by the filtering behaviour
        DROP_NO_MAPPING,           //!< inbound to an outside port no mapping holds
        DROP_TABLE_FULL,           //!< outbound, MaxMappings reached
        DROP_PORTS_EXHAUSTED,      //!< outbound, no free outside port
        DROP_HAIRPINNING_DISABLED, //!< inside to the outside address, hairpinning off
        DROP_TRUNCATED,            //!< too short for its transport header
        DROP_UNSUPPORTED,          //!< a protocol or ICMP type the NAT cannot translate
        DROP_MARTIAN_SOURCE,       //!< either side, source multicast, 255.255.255.255, 0/8 or 127/8
        DROP_REASON_COUNT,         //!< number of reasons (not a reason)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    Ipv4Nat();
    ~Ipv4Nat() override;

    /**
     * \brief Wrap a routing protocol; every packet not translated is handed to it.
     * \param inner the node's routing protocol before the NAT was installed
     */
    void SetInnerRoutingProtocol(Ptr<Ipv4RoutingProtocol> inner);
    /// \return the wrapped routing protocol
    Ptr<Ipv4RoutingProtocol> GetInnerRoutingProtocol() const;

    /**
     * \brief Choose the interfaces; call before the first packet.
     * \param inside the inside interface indices
     * \param outside the outside interface index; its first address is the outside address
     */
    void SetInterfaces(const std::set<uint32_t>& inside, uint32_t outside);

    /// \return the outside address
    Ipv4Address GetOutsideAddress() const;
    /// \return the number of live mappings
    uint32_t GetMappingCount() const;
    /// \param reason a reason \return how many packets were dropped for it
    uint64_t GetDropCount(DropReason reason) const;
    /// \return how many packets were dropped, all reasons together
    uint64_t GetTotalDropCount() const;
    /// \param reason a reason \return its name, e.g. "filtered"
    static std::string DropReasonToString(DropReason reason);

    /**
     * \brief Whether a router must refuse a packet from this source (RFC 1812
     * section 5.3.7, Linux's martian sources): multicast, limited broadcast,
     * 0.0.0.0/8 or loopback. A source in 0.0.0.0/8 is accepted toward the
     * limited broadcast address, which is never forwarded (a DHCP client
     * without an address, RFC 2131 section 4.1; Linux accepts it too).
     * \param source the packet's source
     * \param destination the packet's destination
     * \return whether the packet is to be dropped
     */
    static bool IsMartianSource(Ipv4Address source, Ipv4Address destination);

    /**
     * \brief Assign a fixed random variable stream number to the random variables used
     * by this model (random port allocation).
     * \param stream first stream index to use
     * \return the number of stream indices assigned
     */
    int64_t AssignStreams(int64_t stream);

    // Ipv4RoutingProtocol
    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

    // Ipv4ListRouting: the wrapped protocol's list, or the wrapped protocol alone.
    /**
     * \brief Add a routing protocol to the wrapped Ipv4ListRouting; stops with a
     * message when the NAT wraps a single protocol.
     * \param routingProtocol the protocol to add
     * \param priority its priority in the wrapped list
     */
    void AddRoutingProtocol(Ptr<Ipv4RoutingProtocol> routingProtocol, int16_t priority) override;
    /// \return the number of protocols in the wrapped list (1 for a single wrapped protocol)
    uint32_t GetNRoutingProtocols() const override;
    /**
     * \param index a protocol's index in the wrapped list
     * \param priority set to its priority (0 for a single wrapped protocol)
     * \return the protocol
     */
    Ptr<Ipv4RoutingProtocol> GetRoutingProtocol(uint32_t index, int16_t& priority) const override;

    /**
     * TracedCallback signature for mapping events.
     * \param protocol IP protocol number (17, 6, 1)
     * \param inside the inside endpoint
     * \param outside the outside endpoint
     */
    typedef void (*MappingTracedCallback)(uint8_t protocol,
                                          const InetSocketAddress& inside,
                                          const InetSocketAddress& outside);

    /**
     * TracedCallback signature for drops.
     * \param packet the packet, IPv4 header removed
     * \param header its IPv4 header
     * \param reason why it was dropped
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet,
                                       const Ipv4Header& header,
                                       DropReason reason);

  protected:
    void DoDispose() override;

  private:
    /// The transport identifiers of a packet: ports, or the ICMP echo identifier.
    struct Ports
    {
        uint16_t source;      //!< source port or identifier
        uint16_t destination; //!< destination port or identifier
    };

    /// \return the table, made on first use from the attributes
    NatMappingTable& Table();
    /// \return the lifetime a packet gives its mapping (for TCP, before its flags are seen)
    Time Lifetime(uint8_t protocol, Ptr<const Packet> p) const;
    /**
     * \brief Follow a TCP connection through a segment's flags and set its mapping's
     * lifetime: transitory while opening or once closing, else established (RFC 5382).
     * \param mapping the connection's mapping
     * \param segment the TCP segment
     */
    void TrackTcp(const NatMappingTable::Mapping* mapping, Ptr<const Packet> segment);
    /// Read the ports; false when the packet is too short or not translatable.
    bool ReadPorts(Ptr<const Packet> p, const Ipv4Header& h, Ports& ports, DropReason& why) const;
    /// Copy the packet with its transport identifiers replaced and checksums redone.
    Ptr<Packet> Rewrite(Ptr<const Packet> p,
                        const Ipv4Header& oldHeader,
                        const Ipv4Header& newHeader,
                        uint16_t newSource,
                        uint16_t newDestination) const;
    /**
     * \brief Translate an ICMP error (RFC 5508): the outer address and the packet it
     * quotes, with every checksum that covers them.
     * \param p the ICMP message
     * \param header its IPv4 header; rewritten
     * \param inbound arriving at the outside address (else leaving an inside host)
     * \param why the drop reason when null is returned
     * \return the rewritten ICMP message, or null
     */
    Ptr<Packet> TranslateIcmpError(Ptr<const Packet> p,
                                   Ipv4Header& header,
                                   bool inbound,
                                   DropReason& why);
    /**
     * \brief The live mapping of the packet an ICMP error quotes.
     * \param protocol the quoted packet's protocol
     * \param inbound the error arrived at the outside address
     * \param ours the quoted endpoint on the NAT's side: outside when inbound, else inside
     * \param remote the quoted remote endpoint (used outbound)
     * \return the mapping, or null
     */
    const NatMappingTable::Mapping* FindQuotedMapping(uint8_t protocol,
                                                      bool inbound,
                                                      NatMappingTable::Endpoint ours,
                                                      NatMappingTable::Endpoint remote);
    /// Count, trace and drop.
    void Drop(Ptr<const Packet> p, const Ipv4Header& h, DropReason reason);
    /// Remove expired mappings and keep one event pending for the next.
    void ExpireMappings();
    /// Fire the MappingCreated trace.
    void NotifyCreated(const NatMappingTable::Mapping& m);
    /// Translate an inbound packet on the outside address and hand it on.
    bool TranslateInbound(Ptr<const Packet> p,
                          const Ipv4Header& header,
                          Ptr<const NetDevice> idev,
                          const UnicastForwardCallback& ucb,
                          const MulticastForwardCallback& mcb,
                          const LocalDeliverCallback& lcb,
                          const ErrorCallback& ecb);
    /// Translate a packet from an inside interface, forward it or hand it on.
    bool TranslateOutbound(Ptr<const Packet> p,
                           const Ipv4Header& header,
                           uint32_t iif,
                           Ptr<const NetDevice> idev,
                           const UnicastForwardCallback& ucb,
                           const MulticastForwardCallback& mcb,
                           const LocalDeliverCallback& lcb,
                           const ErrorCallback& ecb);
    /**
     * \param p a packet from an inside interface
     * \param header its header
     * \param iif the interface it arrived on
     * \return its route when it leaves by the outside interface; null when it is
     * for this node or goes elsewhere inside
     */
    Ptr<Ipv4Route> RouteToOutside(Ptr<const Packet> p, const Ipv4Header& header, uint32_t iif);
    /**
     * \brief Find or make the mapping of an outbound packet; counted and traced
     * as a drop when none can be had.
     * \param p the packet \param header its header \param ports its identifiers
     * \return the mapping, or null
     */
    const NatMappingTable::Mapping* MapOutbound(Ptr<const Packet> p,
                                                const Ipv4Header& header,
                                                const Ports& ports);
    /**
     * \brief Find the mapping an inbound packet may pass through; counted and
     * traced as a drop when there is none or the filter refuses.
     * \param p the packet \param header its header \param ports its identifiers
     * \return the mapping, or null
     */
    const NatMappingTable::Mapping* MapInbound(Ptr<const Packet> p,
                                               const Ipv4Header& header,
                                               const Ports& ports);

    Ptr<Ipv4RoutingProtocol> m_inner;         //!< the wrapped routing protocol
    Ptr<Ipv4> m_ipv4;                         //!< the node's IPv4
    std::set<uint32_t> m_inside;              //!< inside interfaces
    uint32_t m_outside;                       //!< outside interface
    std::unique_ptr<NatMappingTable> m_table; //!< the mappings
    EventId m_expiryEvent;                    //!< next expiry check

    // Attributes
    NatMappingTable::MappingBehavior m_mapping;     //!< mapping behaviour
    NatMappingTable::FilteringBehavior m_filtering; //!< filtering behaviour
    NatMappingTable::PortAllocation m_allocation;   //!< port allocation
    Time m_udpTimeout;                              //!< UDP mapping lifetime
    Time m_icmpTimeout;                             //!< ICMP query mapping lifetime
    Time m_tcpEstablishedTimeout;                   //!< TCP established lifetime
    Time m_tcpTransitoryTimeout;                    //!< TCP transitory lifetime
    bool m_inboundRefresh;                          //!< inbound packets refresh
    bool m_hairpinning;                             //!< hairpinning allowed
    uint32_t m_maxMappings;                         //!< table bound
    uint16_t m_portMin;                             //!< lowest outside port
    uint16_t m_portMax;                             //!< highest outside port
    Ptr<UniformRandomVariable> m_random;            //!< random port source

    std::array<uint64_t, DROP_REASON_COUNT> m_drops; //!< drops by reason

    TracedCallback<uint8_t, const InetSocketAddress&, const InetSocketAddress&>
        m_mappingCreatedTrace; //!< a mapping was made
    TracedCallback<uint8_t, const InetSocketAddress&, const InetSocketAddress&>
        m_mappingExpiredTrace; //!< a mapping expired
    TracedCallback<Ptr<const Packet>, const Ipv4Header&, DropReason> m_dropTrace; //!< drops
};

} // namespace ns3

#endif /* IPV4_NAT_H */
