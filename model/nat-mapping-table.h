/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef NAT_MAPPING_TABLE_H
#define NAT_MAPPING_TABLE_H

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <boost/multi_index/composite_key.hpp>
#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief The NAT's table of mappings and filtering permissions (RFC 4787), as pure
 * state: no sockets, no simulator; time comes in as a value.
 *
 * A mapping binds an inside endpoint (and, for the dependent mapping
 * behaviours, part of the remote endpoint) to an outside port of one of the
 * NAT's outside addresses. With several outside addresses the pooling is
 * paired (RFC 4787 REQ-2): all mappings of an inside address use the same
 * outside address while it has any; a new inside address gets the outside
 * address with the fewest inside addresses paired to it. Each mapping keeps the remote endpoints
 * the inside host sent to, which decide what the filtering behaviour lets in. "Ports" are UDP/TCP
 * ports, or ICMP query identifiers.
 *
 * Indexed three ways with Boost.MultiIndex: by inside key (to translate
 * outbound packets), by outside port (inbound packets), by expiry (to age).
 */
class NatMappingTable
{
  public:
    /// RFC 4787 section 4.1: what a mapping is reused for.
    enum MappingBehavior
    {
        ENDPOINT_INDEPENDENT_MAPPING,       //!< same mapping for every remote
        ADDRESS_DEPENDENT_MAPPING,          //!< one mapping per remote address
        ADDRESS_AND_PORT_DEPENDENT_MAPPING, //!< one mapping per remote address and port
    };

    /// RFC 4787 section 5: which inbound packets a mapping lets in.
    enum FilteringBehavior
    {
        ENDPOINT_INDEPENDENT_FILTERING,       //!< from anyone
        ADDRESS_DEPENDENT_FILTERING,          //!< from addresses the inside host sent to
        ADDRESS_AND_PORT_DEPENDENT_FILTERING, //!< from address and port the inside host sent to
    };

    /// RFC 4787 section 4.2: how an outside port is chosen.
    enum PortAllocation
    {
        PORT_PRESERVE,   //!< the inside port if free, else the next free one
        PORT_SEQUENTIAL, //!< the next free port after the last one handed out
        PORT_RANDOM,     //!< a random free port
    };

    /// Why a packet could not be translated.
    enum Verdict
    {
        TRANSLATED,      //!< a mapping was found or made
        TABLE_FULL,      //!< MaxMappings reached: no new mapping
        PORTS_EXHAUSTED, //!< no free outside port in the range
        NO_MAPPING,      //!< inbound to an outside port no mapping holds
        FILTERED,        //!< inbound from a remote the filtering behaviour refuses
    };

    /// What the table is told at construction.
    struct Config
    {
        MappingBehavior mapping{ENDPOINT_INDEPENDENT_MAPPING};             //!< mapping behaviour
        FilteringBehavior filtering{ADDRESS_AND_PORT_DEPENDENT_FILTERING}; //!< filtering
        PortAllocation allocation{PORT_PRESERVE};                          //!< port allocation
        bool inboundRefresh{false};  //!< inbound packets also refresh a mapping
        uint32_t maxMappings{65536}; //!< new mappings beyond this are refused
        uint16_t portMin{1024};      //!< lowest outside port handed out
        uint16_t portMax{65535};     //!< highest outside port handed out
    };

    /// A remote endpoint: address and port (or ICMP identifier).
    using Endpoint = std::pair<Ipv4Address, uint16_t>;

    /// One mapping.
    struct Mapping
    {
        uint8_t protocol;       //!< IP protocol: 17 UDP, 6 TCP, 1 ICMP
        uint32_t insideAddr;    //!< inside address (host order)
        uint16_t insidePort;    //!< inside port or ICMP identifier
        uint32_t remoteKeyAddr; //!< remote address the mapping depends on, 0 if none
        uint16_t remoteKeyPort; //!< remote port the mapping depends on, 0 if none
        uint32_t outsideAddr;   //!< outside address (host order)
        uint16_t outsidePort;   //!< outside port or ICMP identifier
        Time expires;           //!< when the mapping dies unless refreshed
        /// Remotes the inside host sent to, with the time each permission ends.
        mutable std::map<std::pair<uint32_t, uint16_t>, Time> permissions;
        /// TCP: a FIN or RST was seen, the connection is closing (RFC 5382 transitory).
        mutable bool closing{false};

        /// \return the inside endpoint
        Endpoint GetInside() const;
        /// \return the outside endpoint
        Endpoint GetOutside() const;
    };

    /// What Outbound and Inbound say.
    struct Result
    {
        Verdict verdict;        //!< translated, or why not
        const Mapping* mapping; //!< the mapping used, when translated
        bool created;           //!< the mapping was made by this call
    };

    /// Draws a number in [0, n) for random port allocation.
    using RandomSource = std::function<uint32_t(uint32_t n)>;

    /**
     * \param config the behaviours and bounds
     * \param outsideAddress the NAT's outside address
     * \param random the random source for PORT_RANDOM (unused otherwise)
     */
    NatMappingTable(const Config& config, Ipv4Address outsideAddress, RandomSource random);

    /**
     * \param config the behaviours and bounds
     * \param outsideAddresses the NAT's pool of outside addresses (at least one)
     * \param random the random source for PORT_RANDOM (unused otherwise)
     */
    NatMappingTable(const Config& config,
                    const std::vector<Ipv4Address>& outsideAddresses,
                    RandomSource random);

    /**
     * \brief An inside host sends to a remote: find or make its mapping, refresh it,
     * and permit the remote in.
     * \param protocol IP protocol number
     * \param inside the inside endpoint
     * \param remote the remote endpoint
     * \param now the current time
     * \param lifetime how long the mapping (and the permission) lives from now
     * \return the verdict and mapping
     */
    Result Outbound(uint8_t protocol, Endpoint inside, Endpoint remote, Time now, Time lifetime);

    /**
     * \brief A packet arrives from outside for an outside endpoint: find the mapping
     * and apply the filtering behaviour.
     * \param protocol IP protocol number
     * \param outside the destination address and port (or ICMP identifier)
     * \param remote the packet's source
     * \param now the current time
     * \param lifetime new lifetime when inbound refresh is on
     * \return the verdict and mapping
     */
    Result Inbound(uint8_t protocol, Endpoint outside, Endpoint remote, Time now, Time lifetime);

    /**
     * \brief Look up a mapping by its outside endpoint, without filtering or refreshing.
     * \param protocol IP protocol number
     * \param outside the outside address and port
     * \return the mapping, or nullptr
     */
    const Mapping* FindByOutside(uint8_t protocol, Endpoint outside) const;

    /**
     * \brief Look up the mapping an inside endpoint uses toward a remote, without
     * making or refreshing one (the remote matters as the mapping behaviour says).
     * \param protocol IP protocol number
     * \param inside the inside endpoint
     * \param remote the remote endpoint
     * \return the mapping, or nullptr
     */
    const Mapping* FindByInside(uint8_t protocol, Endpoint inside, Endpoint remote) const;

    /**
     * \brief Remove every mapping whose time has come.
     * \param now the current time
     * \param onExpired called with each mapping before it goes
     * \return how many were removed
     */
    uint32_t Expire(Time now, const std::function<void(const Mapping&)>& onExpired);

    /**
     * \brief Change a mapping's lifetime (e.g. when a TCP connection changes state).
     * \param mapping a mapping of this table
     * \param expires its new expiry time
     */
    void SetExpiry(const Mapping* mapping, Time expires);

    /// \param m a mapping behaviour \return its RFC 4787 name, e.g. "endpoint-independent"
    static std::string ToString(MappingBehavior m);
    /// \param f a filtering behaviour \return its RFC 4787 name
    static std::string ToString(FilteringBehavior f);
    /// \param a a port allocation \return its name, e.g. "preserve"
    static std::string ToString(PortAllocation a);

    /// \return the number of mappings
    uint32_t GetSize() const;
    /// \return the earliest expiry, or Time::Max() when the table is empty
    Time GetNextExpiry() const;
    /// \return the pool of outside addresses
    std::vector<Ipv4Address> GetOutsideAddresses() const;
    /// \param address an IPv4 address \return whether it is one of the outside addresses
    bool IsOutsideAddress(Ipv4Address address) const;

  private:
    struct ByInside
    {
    };

    struct ByOutside
    {
    };

    struct ByExpiry
    {
    };

    using Table = boost::multi_index_container<
        Mapping,
        boost::multi_index::indexed_by<
            boost::multi_index::ordered_unique<
                boost::multi_index::tag<ByInside>,
                boost::multi_index::composite_key<
                    Mapping,
                    boost::multi_index::member<Mapping, uint8_t, &Mapping::protocol>,
                    boost::multi_index::member<Mapping, uint32_t, &Mapping::insideAddr>,
                    boost::multi_index::member<Mapping, uint16_t, &Mapping::insidePort>,
                    boost::multi_index::member<Mapping, uint32_t, &Mapping::remoteKeyAddr>,
                    boost::multi_index::member<Mapping, uint16_t, &Mapping::remoteKeyPort>>>,
            boost::multi_index::ordered_unique<
                boost::multi_index::tag<ByOutside>,
                boost::multi_index::composite_key<
                    Mapping,
                    boost::multi_index::member<Mapping, uint8_t, &Mapping::protocol>,
                    boost::multi_index::member<Mapping, uint32_t, &Mapping::outsideAddr>,
                    boost::multi_index::member<Mapping, uint16_t, &Mapping::outsidePort>>>,
            boost::multi_index::ordered_non_unique<
                boost::multi_index::tag<ByExpiry>,
                boost::multi_index::member<Mapping, Time, &Mapping::expires>>>>;

    /// \return the inside index key of a flow under the mapping behaviour
    std::tuple<uint8_t, uint32_t, uint16_t, uint32_t, uint16_t> InsideKey(uint8_t protocol,
                                                                          Endpoint inside,
                                                                          Endpoint remote) const;
    /// \return whether the outside port of the address is held by a mapping of the protocol
    bool PortInUse(uint8_t protocol, uint32_t address, uint16_t port) const;
    /// \return a free outside port of the address, or 0 when none is left
    uint16_t AllocatePort(uint8_t protocol, uint32_t address, uint16_t insidePort);
    /// \return the outside address an inside address uses (paired pooling)
    uint32_t PairedAddress(uint32_t insideAddr) const;
    /// Forget a mapping's share in its inside address's pairing.
    void Unpair(const Mapping& m);
    /// \return whether the mapping's permissions let the remote in
    bool Permits(const Mapping& m, Endpoint remote, Time now) const;

    Config m_config;                          //!< behaviours and bounds
    std::vector<uint32_t> m_outsideAddresses; //!< the pool (host order)
    /// Paired pooling: inside address -> (outside address, number of mappings).
    std::map<uint32_t, std::pair<uint32_t, uint32_t>> m_pairs;
    /// Inside addresses paired with each outside address.
    std::map<uint32_t, uint32_t> m_pairedHosts;
    RandomSource m_random; //!< random port source
    uint16_t m_nextPort;   //!< where sequential allocation goes on
    Table m_table;         //!< the mappings
};

} // namespace ns3

#endif /* NAT_MAPPING_TABLE_H */
