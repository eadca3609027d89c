/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPV4_PREFIX_ROUTING_H
#define IPV4_PREFIX_ROUTING_H

#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"

#include <array>
#include <cstdint>
#include <unordered_map>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief Static unicast routes looked up by hashing, one table per prefix length.
 *
 * Ipv4StaticRouting walks its whole route list for every packet, and a node
 * in weak end-system mode walks all its interfaces to find out whether a
 * packet is its own; both are linear in the number of interfaces. A router
 * with one link per site, such as TeredoTopologyHelper's IPv4 core with
 * thousands of sites, then spends more time in look-ups than in anything
 * else. Here a look-up costs one hash probe per prefix length in use
 * (usually two or three) and local addresses are a hash set, so the cost per
 * packet does not grow with the number of links.
 *
 * Connected routes are added and removed as interfaces go up and down and
 * addresses come and go, as Ipv4StaticRouting does; other routes with
 * AddNetworkRoute. The longest matching prefix wins; one route per prefix.
 * Multicast and broadcast destinations are left to the next routing protocol
 * (put this one in an Ipv4ListRouting above Ipv4StaticRouting), as are
 * destinations without a route.
 */
class Ipv4PrefixRouting : public Ipv4RoutingProtocol
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    Ipv4PrefixRouting();
    ~Ipv4PrefixRouting() override;

    /**
     * \brief Add (or replace) the route to a network through a gateway.
     * \param network the network; bits outside the mask are ignored
     * \param mask its mask; must be contiguous
     * \param gateway the next hop
     * \param interface the outgoing interface index
     */
    void AddNetworkRoute(Ipv4Address network,
                         Ipv4Mask mask,
                         Ipv4Address gateway,
                         uint32_t interface);

    /**
     * \brief Add (or replace) the route to a network reached directly on an interface.
     * \param network the network; bits outside the mask are ignored
     * \param mask its mask; must be contiguous
     * \param interface the outgoing interface index
     */
    void AddNetworkRoute(Ipv4Address network, Ipv4Mask mask, uint32_t interface);

    /**
     * \brief Remove the route to a network.
     * \param network the network
     * \param mask its mask
     * \return whether there was one
     */
    bool RemoveNetworkRoute(Ipv4Address network, Ipv4Mask mask);

    /// \return how many routes the table holds (connected ones included)
    uint32_t GetNRoutes() const;

    /**
     * \brief Longest-prefix match, for inspection and tests.
     * \param destination an IPv4 unicast address
     * \param[out] gateway the next hop (0.0.0.0 when directly reached)
     * \param[out] interface the outgoing interface index
     * \return whether a route matched
     */
    bool Lookup(Ipv4Address destination, Ipv4Address& gateway, uint32_t& interface) const;

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

  protected:
    void DoDispose() override;

  private:
    /// One route.
    struct Entry
    {
        Ipv4Address gateway; //!< next hop, 0.0.0.0 when directly reached
        uint32_t interface;  //!< outgoing interface index
        bool connected;      //!< added for an interface address
    };

    /// \return the prefix length of a contiguous mask (aborts on a non-contiguous one)
    static uint32_t PrefixLength(Ipv4Mask mask);
    /// Add a route to table \p length.
    void Insert(uint32_t network, uint32_t length, const Entry& entry);
    /// Count a local address of an interface that is up, and add its connected route.
    void AddAddress(uint32_t interface, const Ipv4InterfaceAddress& address);
    /// Count one holder less of a local address, forgetting it with the last.
    void ForgetLocal(Ipv4Address local);
    /// Undo AddAddress for an address that is gone.
    void RemoveAddress(uint32_t interface, const Ipv4InterfaceAddress& address);
    /// \return the longest-prefix match for \p destination, or nullptr
    const Entry* Find(Ipv4Address destination) const;
    /// \return a route to \p destination along \p entry
    Ptr<Ipv4Route> MakeRoute(Ipv4Address destination, const Entry& entry) const;

    Ptr<Ipv4> m_ipv4; //!< the node's IPv4
    /// Routes by prefix length (index 0 to 32), keyed by the masked network.
    std::array<std::unordered_map<uint32_t, Entry>, 33> m_tables;
    /// The node's unicast addresses on interfaces that are up, and how many interfaces hold each.
    std::unordered_map<uint32_t, uint32_t> m_local;
};

} // namespace ns3

#endif /* IPV4_PREFIX_ROUTING_H */
