/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_TOPOLOGY_HELPER_H
#define TEREDO_TOPOLOGY_HELPER_H

#include "ns3/data-rate.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-nat-helper.h"
#include "ns3/ipv4-nat.h"
#include "ns3/ipv6-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class Ipv4PrefixRouting;

/**
 * \ingroup teredo
 * \brief Builds the canonical Teredo world with static routing only: an IPv4
 * Internet with a Teredo server and client sites behind NATs of chosen types,
 * and an IPv6 Internet with relays, IPv6-only hosts and host-specific relays.
 *
 * \verbatim
                        IPv4 Internet                         IPv6 Internet
   clients -LAN- gateway(NAT) =access= +------+ =core= server ===== +---------+
   clients -LAN- gateway(NAT) =access= | core | =core= relay ====== | v6 core | == IPv6 host
   clients -LAN- gateway      =access= +------+ =core= HS relay === |         | == IPv6 host
                                                                     +---------+
   \endverbatim
 *
 * Each Internet is one router ("core"), every other node hangs off it on its
 * own point-to-point link: simple to read in a pcap, and every link between
 * sites and the core is point-to-point, as links between MPI ranks must be.
 * A site is a gateway node with an access link to the core and a LAN (CSMA,
 * or a learning switch: SetLanModel()) with its clients. The gateway is an
 * Ipv4Nat (installed with Ipv4NatHelper) or, for SiteNat::NONE, a plain
 * router in front of public clients.
 *
 * The helper only builds the network: install the Teredo applications with
 * their role helpers on GetServerNode(), GetAllClients(), GetRelay() and
 * GetHostSpecificRelay(). Relays and host-specific relays are dual-stack
 * nodes on both Internets; the IPv6 core routes the Teredo prefix (2001::/32)
 * to the first relay, whose application must then carry it on. When the plan
 * has any node on the IPv6 Internet, the server has a native IPv6 link to
 * the IPv6 core too: the ping tests its clients send through it (RFC 4380
 * section 5.2.9) leave there as native IPv6.
 *
 * Address plan (every block can be moved with its setter; Build() stops with
 * a fatal error naming the block that runs out, and when two blocks overlap):
 * - server block, 192.0.2.0/24: the server link. The server has the primary
 *   address (192.0.2.1) and the next one (192.0.2.2) on one interface, the
 *   core router the block's last host (192.0.2.254).
 * - access block, 203.0.113.0/24: one /30 per site, in AddSite() order: the
 *   gateway takes the first host (a NAT's outside address, the site's public
 *   address), the core router the second. 64 sites by default.
 * - public block, 198.51.100.0/24: the LAN of each SiteNat::NONE site (the
 *   smallest aligned subnet holding the gateway, first host, and the clients),
 *   then one /30 per relay and per host-specific relay (node first host, core
 *   second), in that order.
 * - private block, 10.0.0.0/8: NAT site s has the /16 number s of the block
 *   (10.s.0.0/16): gateway 10.s.0.1, client i 10.s.0.(i+2) (carrying into the
 *   third byte past 255). SetPrivateSitePrefix() makes the per-site subnet
 *   smaller (e.g. /22: 16,384 NAT sites of up to 1,021 clients in 10/8), for
 *   worlds of more than 256 NAT sites.
 * - IPv6 block, 3fff::/20 (the documentation prefix of RFC 9637): the
 *   server's link is 3fff:0:0::/64 (the IPv6 core 3fff::1, the server
 *   3fff::2); IPv6 link j (relays, then host-specific relays, then IPv6
 *   hosts, each in order of addition) is 3fff:0:(j+1)::/64, the IPv6 core
 *   ::1, the node ::2. Not
 *   2001:db8::/32: ns-3.37's Ipv6L3Protocol::IpForward drops every packet for
 *   that prefix (RFC 3849), so no router would forward it; SetIpv6Base()
 *   refuses it, and the Teredo prefix 2001::/32.
 *
 * Routes, all static: every host has a default route to its router; the IPv4
 * core has a route to each public LAN and none to private prefixes, so only
 * what a NAT translated gets answers. The IPv6 core routes 2001::/32 to relay
 * 0; relays route the IPv6 block (not a default) to the IPv6 core, so that
 * before a relay application adds its tunnel, Teredo-bound packets die at the
 * relay instead of looping. Relays forward IPv6 (the attribute IpForward, so
 * a tunnel interface added later forwards too); the server forwards IPv6 on
 * its native interface only (its application's tunnel interface turns
 * forwarding on for itself) and has a default IPv6 route to the IPv6 core;
 * host-specific relays and IPv6 hosts do not forward. The stacks hold no global
 * routing: Ipv4GlobalRoutingHelper::PopulateRoutingTables() cannot route
 * private prefixes past the NATs.
 *
 * Stacks: clients, server, gateways, routers and relays get IPv4 and IPv6
 * (a Teredo client adds its tunnel interface to its IPv6 stack later); the
 * IPv6 core and IPv6 hosts get IPv6 only. Checksums: to have them, bind
 * the global value "ChecksumEnabled" to true before creating the helper's
 * nodes (before Build()); the helper does not choose for you.
 *
 * ARP: a client's first datagrams wait in its ARP cache's pending queue
 * (ArpCache::PendingQueueSize, 3 by default) until the gateway answers; send
 * bursts later, or raise that attribute.
 *
 * Use: plan (setters, AddSite(), AddRelay(), ...), then Build() once, then
 * the accessors. Every accessor except IsBuilt() and the counts
 * (GetSiteCount(), GetRelayCount(), ...) stops with a fatal error before
 * Build(), and with an index out of range; setters and Add*() stop after it.
 *
 * Not built: a chain of core routers (one router per Internet keeps the
 * paths and pcaps simple), sites behind two NATs (build those by hand as in
 * the ipv4-nat-traffic suite), system ids for MPI ranks (the links that
 * would cross ranks are point-to-point, but every node is on rank 0), and
 * the Teredo applications themselves.
 *
 * \code
 *   TeredoTopologyHelper world;
 *   world.SetAccessLink(DataRate("10Mbps"), MilliSeconds(20));
 *   world.AddSite(TeredoTopologyHelper::PORT_RESTRICTED_CONE, 3);
 *   world.AddSite(TeredoTopologyHelper::NONE, 1);
 *   world.AddRelay();
 *   world.AddIpv6Host();
 *   world.Build();
 *   world.AssignStreams(1);
 *   Ptr<Node> server = world.GetServerNode(); // 192.0.2.1 and 192.0.2.2
 *   NodeContainer clients = world.GetAllClients();
 * \endcode
 */
class TeredoTopologyHelper
{
  public:
    /// What stands between a site's clients and the Internet.
    enum SiteNat
    {
        NONE,                 //!< a plain router: clients have public addresses
        FULL_CONE,            //!< Ipv4NatHelper::FULL_CONE
        RESTRICTED_CONE,      //!< Ipv4NatHelper::RESTRICTED_CONE
        PORT_RESTRICTED_CONE, //!< Ipv4NatHelper::PORT_RESTRICTED_CONE
        SYMMETRIC,            //!< Ipv4NatHelper::SYMMETRIC
    };

    /// How the sites' LANs carry frames.
    enum LanModel
    {
        CSMA_LAN,     //!< a CsmaChannel: one shared segment, every frame to every device
        SWITCHED_LAN, //!< a SwitchedLanChannel: SimpleNetDevices on a learning switch
    };

    /// A world with only the server; links of 1 Gbps/10 ms (core), 100 Mbps/5 ms
    /// (access) and 100 Mbps/100 us (LAN).
    TeredoTopologyHelper();

    /**
     * \brief Set the links of the core: server, relays and host-specific relays
     * to the IPv4 core, and every link of the IPv6 Internet.
     * \param rate the data rate
     * \param delay the propagation delay
     */
    void SetCoreLink(DataRate rate, Time delay);
    /**
     * \brief Set the access links, from each site's gateway to the IPv4 core.
     * \param rate the data rate
     * \param delay the propagation delay
     */
    void SetAccessLink(DataRate rate, Time delay);
    /**
     * \brief Set the sites' LANs' data rate and delay.
     * \param rate the data rate
     * \param delay the propagation delay
     */
    void SetLan(DataRate rate, Time delay);
    /**
     * \brief Set how the sites' LANs are modelled.
     *
     * CSMA_LAN (the default) is a shared Ethernet segment: every frame is
     * handed to every device of the site, which costs a site of n clients n
     * events per frame, and EnablePcapAll() captures it. SWITCHED_LAN hands
     * a unicast frame to its destination alone once the switch has learned
     * it (SwitchedLanHelper: SimpleNetDevices with an MTU of 1,500, no
     * Ethernet header, serialisation at the LAN's rate at the sender), for
     * worlds of thousands of clients. EnablePcapAll() captures both.
     * \param model the model
     */
    void SetLanModel(LanModel model);
    /**
     * \brief Whether every device gets ns-3's default root queue disc
     * (FqCoDel), as Ipv4AddressHelper and Ipv6AddressHelper would install it.
     *
     * Without them devices send straight into their own transmit queue: about
     * 12% fewer instructions per forwarded packet, for emulation in real time
     * and for large runs; queueing behaviour is then the devices' DropTail.
     * \param install true (the default) to install them
     */
    void SetQueueDiscs(bool install);

    /**
     * \brief Set the server's addresses: the primary and the next one, in the
     * primary's subnet, which is the server link (the core takes its last host).
     * \param primary the primary address (default 192.0.2.1)
     * \param mask the server link's mask, /29 or larger (default /24)
     */
    void SetServerAddress(Ipv4Address primary, Ipv4Mask mask = Ipv4Mask("255.255.255.0"));
    /**
     * \brief Set the block of the access links (a /30 per site).
     * \param network the block's network (default 203.0.113.0)
     * \param mask its mask (default /24)
     */
    void SetAccessBase(Ipv4Address network, Ipv4Mask mask);
    /**
     * \brief Set the block of public LANs and relay links.
     * \param network the block's network (default 198.51.100.0)
     * \param mask its mask (default /24)
     */
    void SetPublicBase(Ipv4Address network, Ipv4Mask mask);
    /**
     * \brief Set the private block, a /16 per site.
     * \param network the block's network (default 10.0.0.0)
     * \param mask its mask, /16 or larger (default /8)
     */
    void SetPrivateBase(Ipv4Address network, Ipv4Mask mask);
    /**
     * \brief Set the prefix length of each NAT site's subnet in the private
     * block: site s takes subnet number s. The block must be at least as large.
     * \param length from 8 to 29 (default 16: 256 sites of up to 65,533 clients
     * in the default /8)
     */
    void SetPrivateSitePrefix(uint16_t length);
    /**
     * \brief Set the IPv6 block, a /64 per link; neither 2001:db8::/32, which
     * ns-3.37 routers do not forward, nor the Teredo prefix 2001::/32.
     * \param network the block's network (default 3fff::)
     * \param prefix its prefix, /32 or larger (default /20)
     */
    void SetIpv6Base(Ipv6Address network, Ipv6Prefix prefix);

    /**
     * \brief Plan a site.
     * \param nat what the gateway is: a NAT of a preset, or NONE
     * \param clientCount how many clients on its LAN, at least 1
     * \return the site's index
     */
    uint32_t AddSite(SiteNat nat, uint32_t clientCount);
    /**
     * \brief Plan a site behind a NAT of a preset.
     * \param preset the NAT type
     * \param clientCount how many clients on its LAN, at least 1
     * \return the site's index
     */
    uint32_t AddSite(Ipv4NatHelper::Preset preset, uint32_t clientCount);
    /**
     * \brief Plan a site behind a NAT that a helper configures (preset and
     * attributes such as UdpMappingTimeout); the helper is copied.
     * \param nat the NAT helper
     * \param clientCount how many clients on its LAN, at least 1
     * \return the site's index
     */
    uint32_t AddSite(const Ipv4NatHelper& nat, uint32_t clientCount);
    /// Plan a relay, dual-stack on both Internets. \return its index
    uint32_t AddRelay();
    /// Plan an IPv6-only host on the IPv6 Internet. \return its index
    uint32_t AddIpv6Host();
    /// Plan a host-specific relay, dual-stack on both Internets. \return its index
    uint32_t AddHostSpecificRelay();

    /// Create every node, link, address, route and NAT of the plan; once.
    void Build();
    /// \return whether Build() was called
    bool IsBuilt() const;

    /// \return the IPv4 core router
    Ptr<Node> GetCoreRouter() const;
    /// \return the IPv6 core router, null when no IPv6 node was planned
    Ptr<Node> GetIpv6CoreRouter() const;
    /// \return the Teredo server node
    Ptr<Node> GetServerNode() const;
    /// \return the server's primary address
    Ipv4Address GetServerPrimaryAddress() const;
    /// \return the server's secondary address, the primary plus one
    Ipv4Address GetServerSecondaryAddress() const;
    /**
     * \return the server's native IPv6 address (:: when no IPv6 node was
     * planned: the server then has no IPv6 link)
     */
    Ipv6Address GetServerIpv6Address() const;

    /// \return the number of sites planned (also before Build())
    uint32_t GetSiteCount() const;
    /// \param site a site index \return its client nodes
    NodeContainer GetClients(uint32_t site) const;
    /// \return every client of every site, site by site
    NodeContainer GetAllClients() const;
    /// \param site a site index \return its NAT, null for a NONE site
    Ptr<Ipv4Nat> GetNat(uint32_t site) const;
    /// \param site a site index \return its gateway node
    Ptr<Node> GetGateway(uint32_t site) const;
    /// \param site a site index \return the gateway's LAN device
    Ptr<NetDevice> GetGatewayLanDevice(uint32_t site) const;
    /// \param site a site index \return the gateway's access link device
    Ptr<NetDevice> GetGatewayAccessDevice(uint32_t site) const;
    /// \param site a site index \param i a client index \return the client's LAN device
    Ptr<NetDevice> GetClientDevice(uint32_t site, uint32_t i) const;
    /// \param site a site index \param i a client index \return the client's address
    Ipv4Address GetClientAddress(uint32_t site, uint32_t i) const;
    /**
     * \param site a site index
     * \return the gateway's address on its access link: for a NAT site the
     * NAT's outside address, from which the Internet sees every client; for a
     * NONE site the router's (clients are seen with their own addresses)
     */
    Ipv4Address GetSitePublicAddress(uint32_t site) const;

    /// \return the number of relays planned
    uint32_t GetRelayCount() const;
    /// \param i a relay index \return the relay node
    Ptr<Node> GetRelay(uint32_t i) const;
    /// \param i a relay index \return its IPv4 address
    Ipv4Address GetRelayIpv4Address(uint32_t i) const;
    /// \param i a relay index \return its IPv6 address
    Ipv6Address GetRelayIpv6Address(uint32_t i) const;

    /// \return the number of IPv6-only hosts planned
    uint32_t GetIpv6HostCount() const;
    /// \param i a host index \return the host node
    Ptr<Node> GetIpv6Host(uint32_t i) const;
    /// \param i a host index \return its IPv6 address
    Ipv6Address GetIpv6HostAddress(uint32_t i) const;

    /// \return the number of host-specific relays planned
    uint32_t GetHostSpecificRelayCount() const;
    /// \param i a host-specific relay index \return the node
    Ptr<Node> GetHostSpecificRelay(uint32_t i) const;
    /// \param i a host-specific relay index \return its IPv4 address
    Ipv4Address GetHostSpecificRelayIpv4Address(uint32_t i) const;
    /// \param i a host-specific relay index \return its IPv6 address
    Ipv6Address GetHostSpecificRelayIpv6Address(uint32_t i) const;

    /**
     * \brief Write a pcap of every device the helper made (not of other
     * devices in the simulation), named prefix-node-device.pcap; on
     * switched LANs (SetLanModel()) as SwitchedLanHelper writes them.
     * \param prefix the file name prefix
     */
    void EnablePcapAll(const std::string& prefix) const;

    /**
     * \brief Assign fixed random variable streams to the NATs (random ports),
     * the CSMA devices (backoff) and the nodes' Internet stacks, in that order.
     * \param stream the first stream index to use
     * \return the number of streams assigned
     */
    int64_t AssignStreams(int64_t stream);

    /// \param nat a site type \return its name, e.g. "none", "symmetric"
    static std::string SiteNatToString(SiteNat nat);

    /**
     * \brief The site type a name stands for (the inverse of SiteNatToString()),
     * for command lines.
     * \param name "none", "full-cone", "restricted-cone", "port-restricted-cone"
     * or "symmetric"
     * \param nat set to the site type when \p name is one of these
     * \return whether \p name is one of these; \p nat is left alone if not
     */
    static bool SiteNatFromString(const std::string& name, SiteNat& nat);

  private:
    /// A block of IPv4 addresses, as set by a user.
    struct Block
    {
        Ipv4Address network; //!< the network
        Ipv4Mask mask;       //!< its mask
    };

    /// One site: what the plan says and what Build() made.
    struct Site
    {
        std::optional<Ipv4NatHelper> nat;         //!< the NAT to install; none for NONE
        uint32_t clientCount{0};                  //!< clients on the LAN
        Ptr<Node> gateway;                        //!< the gateway
        NodeContainer clients;                    //!< the clients
        Ptr<NetDevice> accessDevice;              //!< gateway's access link device
        NetDeviceContainer lanDevices;            //!< the LAN's devices, gateway first
        Ptr<Ipv4Nat> natObject;                   //!< the NAT installed, if any
        Ipv4Address publicAddress;                //!< gateway's access address
        std::vector<Ipv4Address> clientAddresses; //!< client addresses
    };

    /// A node on the IPv6 Internet (relay, host-specific relay or host).
    struct Ipv6Node
    {
        Ptr<Node> node;          //!< the node
        Ipv4Address ipv4;        //!< its IPv4 address (dual-stack nodes)
        Ipv6Address ipv6;        //!< its IPv6 address
        Ipv4Address ipv4Core;    //!< the IPv4 core's end of its link
        Ipv6Address ipv6Core;    //!< the IPv6 core's end of its link
        Ptr<NetDevice> ipv4Link; //!< its device on the IPv4 link
        Ptr<NetDevice> ipv6Link; //!< its device on the IPv6 link
        uint32_t ipv6CoreIf{0};  //!< the IPv6 core's interface on that link
    };

    /// Stop when Build() was not called. \param what the caller, for the message
    void CheckBuilt(const char* what) const;
    /// Stop when Build() was called. \param what the caller, for the message
    void CheckNotBuilt(const char* what) const;
    /// \param site an index \param what the caller \return the site, or stop
    const Site& GetSite(uint32_t site, const char* what) const;
    /// \param list a list \param i an index \param what the caller \return the entry
    const Ipv6Node& GetIpv6Node(const std::vector<Ipv6Node>& list,
                                uint32_t i,
                                const char* what) const;
    /// Stop when blocks overlap or are malformed.
    void CheckBlocks() const;
    /// Stop when an IPv4 block is malformed, too small or overlaps another.
    void CheckIpv4Blocks() const;
    /// Stop when the IPv6 block is malformed, reserved or too small.
    void CheckIpv6Block() const;

    /// The addresses Build() gives out, planned before any node exists.
    struct AddressPlan
    {
        std::vector<uint32_t> accessNets;                   //!< each site's access /30
        std::vector<std::pair<uint32_t, uint16_t>> lanNets; //!< each site's LAN: network, length
        std::vector<uint32_t> relayNets;                    //!< each relay's /30
        std::vector<uint32_t> hsRelayNets;                  //!< each host-specific relay's /30
    };

    /// \return whether the plan has a node on the IPv6 Internet
    bool HasIpv6Internet() const;
    /// \return every subnet of the plan, in the order of the address plan; or stop
    AddressPlan PlanAddresses() const;
    /// \param s a NAT site \return its subnet of the private block, or stop
    std::pair<uint32_t, uint16_t> PlanPrivateLan(uint32_t s) const;
    /**
     * \brief Make the IPv4 core, the server and (when planned) the IPv6 core
     * nodes, in that order.
     * \return the IPv4 core's hashed routes, to which public LANs are added
     */
    Ptr<Ipv4PrefixRouting> BuildCores();
    /// Link the server to the IPv4 core, with its two addresses.
    void BuildServer();
    /**
     * \brief Make a site: gateway, clients, access link, LAN, addresses and
     * routes (its NAT comes later, InstallNats()).
     * \param s the site's index
     * \param accessNet its access /30
     * \param lanNet its LAN's network and prefix length
     * \param coreRoutes the IPv4 core's routes, for a public LAN
     */
    void BuildSite(uint32_t s,
                   uint32_t accessNet,
                   std::pair<uint32_t, uint16_t> lanNet,
                   Ptr<Ipv4PrefixRouting> coreRoutes);
    /**
     * \brief Make a site's LAN, with the addresses and default routes of its clients.
     * \param site the site, its nodes made
     * \param network the LAN's network
     * \param mask its mask
     */
    void BuildSiteLan(Site& site, Ipv4Address network, Ipv4Mask mask);
    /**
     * \brief Make the relays, host-specific relays, IPv6 hosts and the
     * server's native link, and route the Teredo prefix to the first relay.
     * \param plan the relays' IPv4 subnets
     */
    void BuildIpv6Internet(const AddressPlan& plan);
    /**
     * \brief Make an IPv6-only host on the IPv6 Internet.
     * \param host the host's entry
     * \param ipv6Link the index of its IPv6 link
     */
    void BuildIpv6Host(Ipv6Node& host, uint32_t ipv6Link);
    /// Link the server to the IPv6 core (/64 number 0).
    void BuildServerIpv6Link();
    /// Install each site's NAT, once every route it wraps is in place.
    void InstallNats();
    /**
     * \brief Make a dual-stack node on both Internets.
     * \param n the node's entry, its IPv4 addresses set
     * \param ipv6Link the index of its IPv6 link
     * \param relay a relay (else a host-specific relay)
     */
    void BuildDualStack(Ipv6Node& n, uint32_t ipv6Link, bool relay);

    bool m_built; //!< Build() was called

    DataRate m_coreRate;   //!< core data rate
    Time m_coreDelay;      //!< core delay
    DataRate m_accessRate; //!< access data rate
    Time m_accessDelay;    //!< access delay
    DataRate m_lanRate;    //!< LAN data rate
    Time m_lanDelay;       //!< LAN delay
    LanModel m_lanModel;   //!< how LANs are modelled
    bool m_queueDiscs;     //!< install the default root queue discs

    Ipv4Address m_serverPrimary;  //!< server's primary address
    Ipv4Mask m_serverMask;        //!< server link mask
    Block m_access;               //!< access block
    Block m_public;               //!< public block
    Block m_private;              //!< private block
    uint16_t m_privateSitePrefix; //!< prefix length of a NAT site's subnet
    Ipv6Address m_ipv6Network;    //!< IPv6 block
    Ipv6Prefix m_ipv6Prefix;      //!< its prefix
    Ipv6Address m_serverIpv6;     //!< the server's IPv6 address, :: when none

    std::vector<Site> m_sites;            //!< the sites
    std::vector<Ipv6Node> m_relays;       //!< the relays
    std::vector<Ipv6Node> m_hsRelays;     //!< the host-specific relays
    std::vector<Ipv6Node> m_ipv6Hosts;    //!< the IPv6-only hosts
    Ptr<Node> m_core;                     //!< IPv4 core
    Ptr<Node> m_ipv6Core;                 //!< IPv6 core
    Ptr<Node> m_server;                   //!< server
    NodeContainer m_nodes;                //!< every node made
    NetDeviceContainer m_p2pDevices;      //!< every point-to-point device made
    NetDeviceContainer m_csmaDevices;     //!< every CSMA device made
    NetDeviceContainer m_switchedDevices; //!< every device on a switched LAN made
};

} // namespace ns3

#endif /* TEREDO_TOPOLOGY_HELPER_H */
