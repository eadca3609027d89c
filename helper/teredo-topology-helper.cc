/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-topology-helper.h"

#include "ns3/boolean.h"
#include "ns3/csma-helper.h"
#include "ns3/fatal-error.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-list-routing-helper.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-prefix-routing.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/switched-lan-helper.h"
#include "ns3/teredo-address.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/traffic-control-layer.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TeredoTopologyHelper");

namespace
{

/// Every message starts so, for users to see who stopped them.
constexpr const char* WHO = "TeredoTopologyHelper: ";

/// \return "network/length"
std::string
Cidr(Ipv4Address network, Ipv4Mask mask)
{
    std::ostringstream s;
    s << network << "/" << mask.GetPrefixLength();
    return s.str();
}

/// Stop unless the mask is contiguous and the network has no host bits.
void
CheckBlock(const char* name, const char* setter, Ipv4Address network, Ipv4Mask mask)
{
    uint16_t length = mask.GetPrefixLength();
    uint32_t contiguous = length == 0 ? 0 : ~uint32_t(0) << (32 - length);
    if (mask.Get() != contiguous || network.CombineMask(mask) != network)
    {
        NS_FATAL_ERROR(WHO << "the " << name << " block " << network << " mask " << mask
                           << " is not a network (contiguous mask, no host bits); see " << setter);
    }
}

/**
 * Hands out aligned subnets of a block in order, and stops with a message
 * naming the block when it runs out (never wraps).
 */
class Carver
{
  public:
    /**
     * \param name the block's name in messages
     * \param setter the setter that moves it
     * \param network the block
     * \param mask its mask
     */
    Carver(const char* name, const char* setter, Ipv4Address network, Ipv4Mask mask)
        : m_name(name),
          m_setter(setter),
          m_network(network),
          m_mask(mask),
          m_size(uint64_t(1) << (32 - mask.GetPrefixLength())),
          m_next(0)
    {
    }

    /**
     * \param length the subnet's prefix length
     * \param forWhat who needs it, for the message
     * \return the subnet's network address
     */
    uint32_t Next(uint16_t length, const std::string& forWhat)
    {
        uint64_t size = uint64_t(1) << (32 - length);
        uint64_t start = (m_next + size - 1) / size * size;
        if (length < m_mask.GetPrefixLength() || start + size > m_size)
        {
            NS_FATAL_ERROR(WHO << "the " << m_name << " block " << Cidr(m_network, m_mask)
                               << " ran out of addresses: " << forWhat << " needs a /" << length
                               << " and " << (m_size - std::min(m_next, m_size))
                               << " addresses are left; give a larger block with " << m_setter);
        }
        m_next = start + size;
        return m_network.Get() + uint32_t(start);
    }

  private:
    const char* m_name;    //!< block name
    const char* m_setter;  //!< its setter
    Ipv4Address m_network; //!< block network
    Ipv4Mask m_mask;       //!< block mask
    uint64_t m_size;       //!< addresses in the block
    uint64_t m_next;       //!< first offset not handed out
};

/// Install ns-3's default root queue disc, as Ipv4AddressHelper and
/// Ipv6AddressHelper do, so that devices behave as in other ns-3 scripts.
void
InstallQueueDisc(Ptr<NetDevice> device, bool install)
{
    if (!install)
    {
        return;
    }
    Ptr<TrafficControlLayer> tc = device->GetNode()->GetObject<TrafficControlLayer>();
    if (tc && !tc->GetRootQueueDiscOnDevice(device) && device->GetObject<NetDeviceQueueInterface>())
    {
        TrafficControlHelper::Default().Install(device);
    }
}

/// Give a device an IPv4 address, as Ipv4AddressHelper does but without its
/// process-wide address generator. \return the interface index
uint32_t
AssignIpv4(Ptr<NetDevice> device, Ipv4Address address, Ipv4Mask mask, bool queueDisc)
{
    Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
    int32_t interface = ipv4->GetInterfaceForDevice(device);
    if (interface < 0)
    {
        interface = ipv4->AddInterface(device);
    }
    ipv4->AddAddress(interface, Ipv4InterfaceAddress(address, mask));
    ipv4->SetMetric(interface, 1);
    ipv4->SetUp(interface);
    InstallQueueDisc(device, queueDisc);
    return interface;
}

/// Give a device an exact IPv6 address (Ipv6AddressHelper would pick the
/// host part itself). \return the interface index
uint32_t
AssignIpv6(Ptr<NetDevice> device, Ipv6Address address, Ipv6Prefix prefix, bool queueDisc)
{
    Ptr<Ipv6> ipv6 = device->GetNode()->GetObject<Ipv6>();
    int32_t interface = ipv6->GetInterfaceForDevice(device);
    if (interface < 0)
    {
        interface = ipv6->AddInterface(device);
    }
    ipv6->SetMetric(interface, 1);
    ipv6->AddAddress(interface, Ipv6InterfaceAddress(address, prefix));
    ipv6->SetUp(interface);
    InstallQueueDisc(device, queueDisc);
    return interface;
}

/// \return the address in /64 number \p subnet of the block, host part \p host
Ipv6Address
Ipv6SubnetAddress(Ipv6Address network, uint32_t subnet, uint8_t host)
{
    uint8_t bytes[16];
    network.GetBytes(bytes);
    // The third group, within the /64 after a /32 or larger block: 3fff:0:subnet::host
    bytes[4] = uint8_t(subnet >> 8);
    bytes[5] = uint8_t(subnet);
    bytes[15] = host;
    return Ipv6Address(bytes);
}

/// \return the address of IPv6 link \p link (from 0) of the block, host part
/// \p host: link j is /64 number j + 1 (number 0 is the server's link)
Ipv6Address
Ipv6LinkAddress(Ipv6Address network, uint32_t link, uint8_t host)
{
    return Ipv6SubnetAddress(network, link + 1, host);
}

/// \return the point-to-point helper for a link
PointToPointHelper
P2p(DataRate rate, Time delay)
{
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(rate));
    p2p.SetChannelAttribute("Delay", TimeValue(delay));
    return p2p;
}

/// \return the preset of a NAT site type
Ipv4NatHelper::Preset
ToPreset(TeredoTopologyHelper::SiteNat nat)
{
    switch (nat)
    {
    case TeredoTopologyHelper::FULL_CONE:
        return Ipv4NatHelper::FULL_CONE;
    case TeredoTopologyHelper::RESTRICTED_CONE:
        return Ipv4NatHelper::RESTRICTED_CONE;
    case TeredoTopologyHelper::PORT_RESTRICTED_CONE:
        return Ipv4NatHelper::PORT_RESTRICTED_CONE;
    case TeredoTopologyHelper::SYMMETRIC:
        return Ipv4NatHelper::SYMMETRIC;
    case TeredoTopologyHelper::NONE:
        break;
    }
    NS_FATAL_ERROR(WHO << "site type " << int(nat) << " is no NAT preset");
    return Ipv4NatHelper::FULL_CONE;
}

/**
 * \return the stack of every node with IPv4: static routing only. No global
 * routing in the stacks: a later Ipv4GlobalRoutingHelper::PopulateRoutingTables()
 * would route private prefixes past the NATs and hide what the NATs do.
 */
InternetStackHelper
StaticDualStack()
{
    Ipv4StaticRoutingHelper staticRouting;
    Ipv4ListRoutingHelper listRouting;
    listRouting.Add(staticRouting, 0);
    InternetStackHelper dualStack;
    dualStack.SetRoutingHelper(listRouting);
    return dualStack;
}

/// \return the stack of the IPv6 core and the IPv6-only hosts
InternetStackHelper
Ipv6OnlyStack()
{
    InternetStackHelper ipv6Only;
    ipv6Only.SetIpv4StackInstall(false);
    return ipv6Only;
}

/**
 * \param clientCount the clients of a site without NAT
 * \return the prefix length of the smallest aligned subnet that holds the
 * site's network address, gateway, clients and broadcast address
 */
uint16_t
PublicLanLength(uint32_t clientCount)
{
    uint64_t needed = uint64_t(clientCount) + 3;
    uint16_t length = 30;
    while (length > 0 && (uint64_t(1) << (32 - length)) < needed)
    {
        --length;
    }
    return length;
}

} // namespace

TeredoTopologyHelper::TeredoTopologyHelper()
    : m_built(false),
      m_coreRate("1Gbps"),
      m_coreDelay(MilliSeconds(10)),
      m_accessRate("100Mbps"),
      m_accessDelay(MilliSeconds(5)),
      m_lanRate("100Mbps"),
      m_lanDelay(MicroSeconds(100)),
      m_lanModel(CSMA_LAN),
      m_queueDiscs(true),
      m_serverPrimary("192.0.2.1"),
      m_serverMask("255.255.255.0"),
      m_access{Ipv4Address("203.0.113.0"), Ipv4Mask("255.255.255.0")},
      m_public{Ipv4Address("198.51.100.0"), Ipv4Mask("255.255.255.0")},
      m_private{Ipv4Address("10.0.0.0"), Ipv4Mask("255.0.0.0")},
      m_privateSitePrefix(16),
      m_ipv6Network("3fff::"),
      m_ipv6Prefix(20),
      m_serverIpv6(Ipv6Address::GetAny())
{
    NS_LOG_FUNCTION(this);
}

void
TeredoTopologyHelper::SetCoreLink(DataRate rate, Time delay)
{
    CheckNotBuilt("SetCoreLink");
    m_coreRate = rate;
    m_coreDelay = delay;
}

void
TeredoTopologyHelper::SetAccessLink(DataRate rate, Time delay)
{
    CheckNotBuilt("SetAccessLink");
    m_accessRate = rate;
    m_accessDelay = delay;
}

void
TeredoTopologyHelper::SetLan(DataRate rate, Time delay)
{
    CheckNotBuilt("SetLan");
    m_lanRate = rate;
    m_lanDelay = delay;
}

void
TeredoTopologyHelper::SetLanModel(LanModel model)
{
    CheckNotBuilt("SetLanModel");
    m_lanModel = model;
}

void
TeredoTopologyHelper::SetQueueDiscs(bool install)
{
    CheckNotBuilt("SetQueueDiscs");
    m_queueDiscs = install;
}

void
TeredoTopologyHelper::SetServerAddress(Ipv4Address primary, Ipv4Mask mask)
{
    CheckNotBuilt("SetServerAddress");
    m_serverPrimary = primary;
    m_serverMask = mask;
}

void
TeredoTopologyHelper::SetAccessBase(Ipv4Address network, Ipv4Mask mask)
{
    CheckNotBuilt("SetAccessBase");
    m_access = {network, mask};
}

void
TeredoTopologyHelper::SetPublicBase(Ipv4Address network, Ipv4Mask mask)
{
    CheckNotBuilt("SetPublicBase");
    m_public = {network, mask};
}

void
TeredoTopologyHelper::SetPrivateBase(Ipv4Address network, Ipv4Mask mask)
{
    CheckNotBuilt("SetPrivateBase");
    m_private = {network, mask};
}

void
TeredoTopologyHelper::SetPrivateSitePrefix(uint16_t length)
{
    CheckNotBuilt("SetPrivateSitePrefix");
    NS_ABORT_MSG_IF(length < 8 || length > 29,
                    WHO << "SetPrivateSitePrefix: /" << length
                        << " is no site subnet (from /8 to /29)");
    m_privateSitePrefix = length;
}

void
TeredoTopologyHelper::SetIpv6Base(Ipv6Address network, Ipv6Prefix prefix)
{
    CheckNotBuilt("SetIpv6Base");
    m_ipv6Network = network;
    m_ipv6Prefix = prefix;
}

uint32_t
TeredoTopologyHelper::AddSite(SiteNat nat, uint32_t clientCount)
{
    if (nat == NONE)
    {
        CheckNotBuilt("AddSite");
        NS_ABORT_MSG_IF(clientCount == 0, WHO << "AddSite: a site needs at least one client");
        Site site;
        site.clientCount = clientCount;
        m_sites.push_back(site);
        return m_sites.size() - 1;
    }
    return AddSite(Ipv4NatHelper(ToPreset(nat)), clientCount);
}

uint32_t
TeredoTopologyHelper::AddSite(Ipv4NatHelper::Preset preset, uint32_t clientCount)
{
    return AddSite(Ipv4NatHelper(preset), clientCount);
}

uint32_t
TeredoTopologyHelper::AddSite(const Ipv4NatHelper& nat, uint32_t clientCount)
{
    CheckNotBuilt("AddSite");
    NS_ABORT_MSG_IF(clientCount == 0, WHO << "AddSite: a site needs at least one client");
    Site site;
    site.nat = nat;
    site.clientCount = clientCount;
    m_sites.push_back(site);
    return m_sites.size() - 1;
}

uint32_t
TeredoTopologyHelper::AddRelay()
{
    CheckNotBuilt("AddRelay");
    m_relays.emplace_back();
    return m_relays.size() - 1;
}

uint32_t
TeredoTopologyHelper::AddIpv6Host()
{
    CheckNotBuilt("AddIpv6Host");
    m_ipv6Hosts.emplace_back();
    return m_ipv6Hosts.size() - 1;
}

uint32_t
TeredoTopologyHelper::AddHostSpecificRelay()
{
    CheckNotBuilt("AddHostSpecificRelay");
    m_hsRelays.emplace_back();
    return m_hsRelays.size() - 1;
}

void
TeredoTopologyHelper::CheckBlocks() const
{
    CheckIpv4Blocks();
    CheckIpv6Block();
}

void
TeredoTopologyHelper::CheckIpv4Blocks() const
{
    CheckBlock("access", "SetAccessBase", m_access.network, m_access.mask);
    CheckBlock("public", "SetPublicBase", m_public.network, m_public.mask);
    CheckBlock("private", "SetPrivateBase", m_private.network, m_private.mask);
    Ipv4Address serverNet = m_serverPrimary.CombineMask(m_serverMask);
    CheckBlock("server", "SetServerAddress", serverNet, m_serverMask);

    // The server needs its two addresses and a third one for the core: a /29 at least.
    uint32_t net = serverNet.Get();
    uint32_t broadcast = net | ~m_serverMask.Get();
    uint32_t primary = m_serverPrimary.Get();
    if (m_serverMask.GetPrefixLength() > 29 || primary == net || primary + 1 >= broadcast - 1)
    {
        NS_FATAL_ERROR(WHO << "the server's addresses " << m_serverPrimary << " and "
                           << Ipv4Address(primary + 1) << " must both be hosts of the server link "
                           << Cidr(serverNet, m_serverMask) << " other than its last host "
                           << Ipv4Address(broadcast - 1)
                           << " (the core router's); see SetServerAddress");
    }
    NS_ABORT_MSG_IF(m_private.mask.GetPrefixLength() > m_privateSitePrefix,
                    WHO << "the private block " << Cidr(m_private.network, m_private.mask)
                        << " is smaller than the /" << m_privateSitePrefix
                        << " each site takes; see SetPrivateBase and SetPrivateSitePrefix");

    const std::vector<std::pair<const char*, Block>> blocks = {
        {"server", {serverNet, m_serverMask}},
        {"access", m_access},
        {"public", m_public},
        {"private", m_private},
    };
    for (size_t a = 0; a < blocks.size(); ++a)
    {
        for (size_t b = a + 1; b < blocks.size(); ++b)
        {
            const Block& x = blocks[a].second;
            const Block& y = blocks[b].second;
            Ipv4Mask wider = x.mask.GetPrefixLength() < y.mask.GetPrefixLength() ? x.mask : y.mask;
            if (x.network.CombineMask(wider) == y.network.CombineMask(wider))
            {
                NS_FATAL_ERROR(WHO << "the " << blocks[a].first << " block "
                                   << Cidr(x.network, x.mask) << " and the " << blocks[b].first
                                   << " block " << Cidr(y.network, y.mask) << " overlap");
            }
        }
    }
}

void
TeredoTopologyHelper::CheckIpv6Block() const
{
    NS_ABORT_MSG_IF(m_ipv6Prefix.GetPrefixLength() > 32 ||
                        m_ipv6Network.CombinePrefix(m_ipv6Prefix) != m_ipv6Network,
                    WHO << "the IPv6 block " << m_ipv6Network << "/"
                        << int(m_ipv6Prefix.GetPrefixLength())
                        << " must be a network of /32 or larger; see SetIpv6Base");
    // The block is a /32 or larger, so it overlaps a /32 only by holding it.
    auto holds = [this](Ipv6Address slash32) {
        return slash32.CombinePrefix(m_ipv6Prefix) == m_ipv6Network;
    };
    // Ipv6L3Protocol::IpForward drops packets for 2001:db8::/32 (RFC 3849): a
    // world numbered from it would route nothing past the IPv6 core.
    NS_ABORT_MSG_IF(holds(Ipv6Address("2001:db8::")),
                    WHO << "the IPv6 block " << m_ipv6Network << "/"
                        << int(m_ipv6Prefix.GetPrefixLength())
                        << " is (or holds) 2001:db8::/32, whose packets ns-3.37 routers drop "
                           "(Ipv6L3Protocol::IpForward, RFC 3849); see SetIpv6Base");
    NS_ABORT_MSG_IF(holds(TeredoAddress::GetDefaultPrefix()),
                    WHO << "the IPv6 block " << m_ipv6Network << "/"
                        << int(m_ipv6Prefix.GetPrefixLength())
                        << " is (or holds) the Teredo prefix 2001::/32; see SetIpv6Base");
    size_t ipv6Links = m_relays.size() + m_hsRelays.size() + m_ipv6Hosts.size();
    if (ipv6Links > 0xFFFE)
    {
        NS_FATAL_ERROR(WHO << "the IPv6 block " << m_ipv6Network << "/"
                           << int(m_ipv6Prefix.GetPrefixLength()) << " ran out of /64s: "
                           << ipv6Links << " IPv6 links planned, 65534 at most");
    }
}

void
TeredoTopologyHelper::Build()
{
    NS_LOG_FUNCTION(this);
    CheckNotBuilt("Build");

    // Plan every address first: a plan that does not fit stops here, before
    // any node exists.
    CheckBlocks();
    const AddressPlan plan = PlanAddresses();

    m_built = true;

    // Nodes in a fixed order (core, server, IPv6 core, sites, relays,
    // host-specific relays, IPv6 hosts), so node ids and pcap names repeat.
    Ptr<Ipv4PrefixRouting> coreRoutes = BuildCores();
    BuildServer();
    for (uint32_t s = 0; s < m_sites.size(); ++s)
    {
        BuildSite(s, plan.accessNets[s], plan.lanNets[s], coreRoutes);
    }
    BuildIpv6Internet(plan);
    InstallNats();
}

bool
TeredoTopologyHelper::HasIpv6Internet() const
{
    return !m_relays.empty() || !m_hsRelays.empty() || !m_ipv6Hosts.empty();
}

// ---- The address plan ----

TeredoTopologyHelper::AddressPlan
TeredoTopologyHelper::PlanAddresses() const
{
    Carver access("access", "SetAccessBase", m_access.network, m_access.mask);
    Carver publicBlock("public", "SetPublicBase", m_public.network, m_public.mask);
    AddressPlan plan;
    for (uint32_t s = 0; s < m_sites.size(); ++s)
    {
        std::string who = "site " + std::to_string(s);
        plan.accessNets.push_back(access.Next(30, who + "'s access link"));
        if (m_sites[s].nat)
        {
            plan.lanNets.push_back(PlanPrivateLan(s));
        }
        else
        {
            uint16_t length = PublicLanLength(m_sites[s].clientCount);
            plan.lanNets.emplace_back(publicBlock.Next(length, who + "'s public LAN"), length);
        }
    }
    for (uint32_t r = 0; r < m_relays.size(); ++r)
    {
        plan.relayNets.push_back(publicBlock.Next(30, "relay " + std::to_string(r) + "'s link"));
    }
    for (uint32_t h = 0; h < m_hsRelays.size(); ++h)
    {
        plan.hsRelayNets.push_back(
            publicBlock.Next(30, "host-specific relay " + std::to_string(h) + "'s link"));
    }
    return plan;
}

std::pair<uint32_t, uint16_t>
TeredoTopologyHelper::PlanPrivateLan(uint32_t s) const
{
    const uint16_t sitePrefix = m_privateSitePrefix;
    const uint32_t privateSubnets = uint32_t(1) << (sitePrefix - m_private.mask.GetPrefixLength());
    const uint32_t siteHosts = (uint32_t(1) << (32 - sitePrefix)) - 3; // less gateway, ends
    if (s >= privateSubnets)
    {
        NS_FATAL_ERROR(WHO << "the private block " << Cidr(m_private.network, m_private.mask)
                           << " ran out of addresses: site " << s << " needs its /" << sitePrefix
                           << " number " << s << " and the block has " << privateSubnets
                           << "; give a larger block with SetPrivateBase or a longer "
                              "site prefix with SetPrivateSitePrefix");
    }
    if (m_sites[s].clientCount > siteHosts)
    {
        NS_FATAL_ERROR(WHO << "the private /" << sitePrefix << " of site " << s
                           << " ran out of addresses: " << m_sites[s].clientCount << " clients, "
                           << siteHosts << " at most");
    }
    return {m_private.network.Get() + (s << (32 - sitePrefix)), sitePrefix};
}

// ---- The core and the server ----

Ptr<Ipv4PrefixRouting>
TeredoTopologyHelper::BuildCores()
{
    InternetStackHelper dualStack = StaticDualStack();
    m_core = CreateObject<Node>();
    dualStack.Install(m_core);
    m_server = CreateObject<Node>();
    dualStack.Install(m_server);
    m_nodes.Add(m_core);
    m_nodes.Add(m_server);
    if (HasIpv6Internet())
    {
        m_ipv6Core = CreateObject<Node>();
        Ipv6OnlyStack().Install(m_ipv6Core);
        m_ipv6Core->GetObject<Ipv6>()->SetAttribute("IpForward", BooleanValue(true));
        m_nodes.Add(m_ipv6Core);
    }
    // The core has one link per site: its routes and local addresses are
    // hashed (Ipv4PrefixRouting), and it checks only the arriving interface's
    // addresses (strong end system), so a packet through it costs the same
    // with 10 sites as with 10,000. Static routing stays below, for routes
    // users add (such as a default route to an emulated Internet).
    Ptr<Ipv4> core4 = m_core->GetObject<Ipv4>();
    core4->SetAttribute("WeakEsModel", BooleanValue(false));
    Ptr<Ipv4PrefixRouting> coreRoutes = CreateObject<Ipv4PrefixRouting>();
    DynamicCast<Ipv4ListRouting>(core4->GetRoutingProtocol())->AddRoutingProtocol(coreRoutes, 10);
    return coreRoutes;
}

void
TeredoTopologyHelper::BuildServer()
{
    // The server: two consecutive addresses on its one interface (ARP and
    // local delivery know only configured addresses).
    NetDeviceContainer serverLink = P2p(m_coreRate, m_coreDelay).Install(m_server, m_core);
    m_p2pDevices.Add(serverLink);
    Ipv4Address coreServerSide(
        (m_serverPrimary.CombineMask(m_serverMask).Get() | ~m_serverMask.Get()) - 1);
    uint32_t serverIf = AssignIpv4(serverLink.Get(0), m_serverPrimary, m_serverMask, m_queueDiscs);
    AssignIpv4(serverLink.Get(0), GetServerSecondaryAddress(), m_serverMask, m_queueDiscs);
    AssignIpv4(serverLink.Get(1), coreServerSide, m_serverMask, m_queueDiscs);
    Ipv4StaticRoutingHelper()
        .GetStaticRouting(m_server->GetObject<Ipv4>())
        ->SetDefaultRoute(coreServerSide, serverIf);
}

// ---- A site ----

void
TeredoTopologyHelper::BuildSite(uint32_t s,
                                uint32_t accessNet,
                                std::pair<uint32_t, uint16_t> lanNet,
                                Ptr<Ipv4PrefixRouting> coreRoutes)
{
    Site& site = m_sites[s];
    InternetStackHelper dualStack = StaticDualStack();
    site.gateway = CreateObject<Node>();
    site.clients.Create(site.clientCount);
    dualStack.Install(site.gateway);
    dualStack.Install(site.clients);
    m_nodes.Add(site.gateway);
    m_nodes.Add(site.clients);

    NetDeviceContainer up = P2p(m_accessRate, m_accessDelay).Install(site.gateway, m_core);
    m_p2pDevices.Add(up);
    site.accessDevice = up.Get(0);
    site.publicAddress = Ipv4Address(accessNet + 1);
    Ipv4Address coreSide(accessNet + 2);
    const Ipv4Mask mask30("255.255.255.252");
    uint32_t gatewayUp = AssignIpv4(up.Get(0), site.publicAddress, mask30, m_queueDiscs);
    uint32_t coreDown = AssignIpv4(up.Get(1), coreSide, mask30, m_queueDiscs);

    auto [network, length] = lanNet;
    Ipv4Mask lanMask(length == 0 ? 0 : ~uint32_t(0) << (32 - length));
    BuildSiteLan(site, Ipv4Address(network), lanMask);

    // Routes before the NAT wraps the gateway's routing protocol.
    Ipv4StaticRoutingHelper()
        .GetStaticRouting(site.gateway->GetObject<Ipv4>())
        ->SetDefaultRoute(coreSide, gatewayUp);
    if (!site.nat)
    {
        coreRoutes->AddNetworkRoute(Ipv4Address(network), lanMask, site.publicAddress, coreDown);
    }
    NS_LOG_INFO("site " << s << " (" << (site.nat ? "NAT" : "no NAT") << "): public "
                        << site.publicAddress << ", LAN " << Ipv4Address(network) << "/" << length
                        << ", " << site.clientCount << " clients");
}

void
TeredoTopologyHelper::BuildSiteLan(Site& site, Ipv4Address network, Ipv4Mask mask)
{
    NodeContainer onLan(NodeContainer(site.gateway), site.clients);
    if (m_lanModel == CSMA_LAN)
    {
        CsmaHelper lan;
        lan.SetChannelAttribute("DataRate", DataRateValue(m_lanRate));
        lan.SetChannelAttribute("Delay", TimeValue(m_lanDelay));
        site.lanDevices = lan.Install(onLan);
        m_csmaDevices.Add(site.lanDevices);
    }
    else
    {
        SwitchedLanHelper switched;
        switched.SetDeviceAttribute("DataRate", DataRateValue(m_lanRate));
        switched.SetChannelAttribute("Delay", TimeValue(m_lanDelay));
        site.lanDevices = switched.Install(onLan);
        m_switchedDevices.Add(site.lanDevices);
    }
    Ipv4Address gatewayLan(network.Get() + 1);
    AssignIpv4(site.lanDevices.Get(0), gatewayLan, mask, m_queueDiscs);
    Ipv4StaticRoutingHelper staticRouting;
    for (uint32_t i = 0; i < site.clientCount; ++i)
    {
        Ipv4Address a(network.Get() + 2 + i);
        site.clientAddresses.push_back(a);
        uint32_t clientIf = AssignIpv4(site.lanDevices.Get(i + 1), a, mask, m_queueDiscs);
        staticRouting.GetStaticRouting(site.clients.Get(i)->GetObject<Ipv4>())
            ->SetDefaultRoute(gatewayLan, clientIf);
    }
}

// ---- The IPv6 Internet ----

void
TeredoTopologyHelper::BuildIpv6Internet(const AddressPlan& plan)
{
    uint32_t ipv6Link = 0;
    for (uint32_t r = 0; r < m_relays.size(); ++r)
    {
        m_relays[r].ipv4 = Ipv4Address(plan.relayNets[r] + 1);
        m_relays[r].ipv4Core = Ipv4Address(plan.relayNets[r] + 2);
        BuildDualStack(m_relays[r], ipv6Link++, true);
    }
    for (uint32_t h = 0; h < m_hsRelays.size(); ++h)
    {
        m_hsRelays[h].ipv4 = Ipv4Address(plan.hsRelayNets[h] + 1);
        m_hsRelays[h].ipv4Core = Ipv4Address(plan.hsRelayNets[h] + 2);
        BuildDualStack(m_hsRelays[h], ipv6Link++, false);
    }
    for (Ipv6Node& host : m_ipv6Hosts)
    {
        BuildIpv6Host(host, ipv6Link++);
    }
    if (HasIpv6Internet())
    {
        BuildServerIpv6Link();
    }
    if (!m_relays.empty())
    {
        // Teredo addresses are reached through the first relay.
        Ptr<Ipv6> core6 = m_ipv6Core->GetObject<Ipv6>();
        Ipv6StaticRoutingHelper().GetStaticRouting(core6)->AddNetworkRouteTo(
            TeredoAddress::GetDefaultPrefix(),
            Ipv6Prefix(32),
            m_relays[0].ipv6,
            m_relays[0].ipv6CoreIf);
    }
}

void
TeredoTopologyHelper::BuildIpv6Host(Ipv6Node& host, uint32_t ipv6Link)
{
    host.node = CreateObject<Node>();
    Ipv6OnlyStack().Install(host.node);
    m_nodes.Add(host.node);
    NetDeviceContainer link = P2p(m_coreRate, m_coreDelay).Install(host.node, m_ipv6Core);
    m_p2pDevices.Add(link);
    host.ipv6Link = link.Get(0);
    host.ipv6 = Ipv6LinkAddress(m_ipv6Network, ipv6Link, 2);
    host.ipv6Core = Ipv6LinkAddress(m_ipv6Network, ipv6Link, 1);
    const Ipv6Prefix prefix64(64);
    uint32_t hostIf = AssignIpv6(link.Get(0), host.ipv6, prefix64, m_queueDiscs);
    host.ipv6CoreIf = AssignIpv6(link.Get(1), host.ipv6Core, prefix64, m_queueDiscs);
    Ipv6StaticRoutingHelper()
        .GetStaticRouting(host.node->GetObject<Ipv6>())
        ->SetDefaultRoute(host.ipv6Core, hostIf);
}

void
TeredoTopologyHelper::BuildServerIpv6Link()
{
    // The server's native link, /64 number 0, last: the ping tests of its
    // clients leave through it (RFC 4380 section 5.3.1). Forwarding on, as
    // on a router; ns-3.37 only asks it of the interface a packet arrives
    // on, which for a ping test is the server application's tunnel.
    NetDeviceContainer link = P2p(m_coreRate, m_coreDelay).Install(m_server, m_ipv6Core);
    m_p2pDevices.Add(link);
    m_serverIpv6 = Ipv6SubnetAddress(m_ipv6Network, 0, 2);
    Ipv6Address coreSide = Ipv6SubnetAddress(m_ipv6Network, 0, 1);
    const Ipv6Prefix prefix64(64);
    uint32_t serverIf6 = AssignIpv6(link.Get(0), m_serverIpv6, prefix64, m_queueDiscs);
    AssignIpv6(link.Get(1), coreSide, prefix64, m_queueDiscs);
    Ptr<Ipv6> server6 = m_server->GetObject<Ipv6>();
    server6->SetForwarding(serverIf6, true);
    Ipv6StaticRoutingHelper().GetStaticRouting(server6)->SetDefaultRoute(coreSide, serverIf6);
}

// ---- The NATs ----

void
TeredoTopologyHelper::InstallNats()
{
    // Last: each wraps a routing protocol whose routes are now complete.
    for (Site& site : m_sites)
    {
        if (site.nat)
        {
            site.natObject =
                site.nat->Install(NetDeviceContainer(site.lanDevices.Get(0)), site.accessDevice);
        }
    }
}

void
TeredoTopologyHelper::BuildDualStack(Ipv6Node& n, uint32_t ipv6Link, bool relay)
{
    NS_LOG_FUNCTION(this << ipv6Link << relay);
    Ipv4StaticRoutingHelper staticRouting;
    Ipv6StaticRoutingHelper staticRouting6;
    PointToPointHelper core = P2p(m_coreRate, m_coreDelay);

    n.node = CreateObject<Node>();
    StaticDualStack().Install(n.node);
    m_nodes.Add(n.node);

    NetDeviceContainer v4 = core.Install(n.node, m_core);
    m_p2pDevices.Add(v4);
    n.ipv4Link = v4.Get(0);
    uint32_t v4If = AssignIpv4(v4.Get(0), n.ipv4, Ipv4Mask("255.255.255.252"), m_queueDiscs);
    AssignIpv4(v4.Get(1), n.ipv4Core, Ipv4Mask("255.255.255.252"), m_queueDiscs);
    staticRouting.GetStaticRouting(n.node->GetObject<Ipv4>())->SetDefaultRoute(n.ipv4Core, v4If);

    NetDeviceContainer v6 = core.Install(n.node, m_ipv6Core);
    m_p2pDevices.Add(v6);
    n.ipv6Link = v6.Get(0);
    n.ipv6 = Ipv6LinkAddress(m_ipv6Network, ipv6Link, 2);
    n.ipv6Core = Ipv6LinkAddress(m_ipv6Network, ipv6Link, 1);
    uint32_t v6If = AssignIpv6(v6.Get(0), n.ipv6, Ipv6Prefix(64), m_queueDiscs);
    n.ipv6CoreIf = AssignIpv6(v6.Get(1), n.ipv6Core, Ipv6Prefix(64), m_queueDiscs);
    Ptr<Ipv6StaticRouting> routes6 = staticRouting6.GetStaticRouting(n.node->GetObject<Ipv6>());
    if (relay)
    {
        // Not a default route: until a relay application adds its tunnel, a
        // packet for the Teredo prefix that the core sends here is dropped
        // here instead of going back to the core until its hop limit ends.
        routes6->AddNetworkRouteTo(m_ipv6Network, m_ipv6Prefix, n.ipv6Core, v6If);
        // Forwards between its tunnel and the IPv6 Internet: set now, so that
        // a tunnel interface added later forwards too.
        n.node->GetObject<Ipv6>()->SetAttribute("IpForward", BooleanValue(true));
    }
    else
    {
        routes6->SetDefaultRoute(n.ipv6Core, v6If);
    }
    NS_LOG_INFO((relay ? "relay: " : "host-specific relay: ") << n.ipv4 << " and " << n.ipv6);
}

bool
TeredoTopologyHelper::IsBuilt() const
{
    return m_built;
}

void
TeredoTopologyHelper::CheckBuilt(const char* what) const
{
    if (!m_built)
    {
        NS_FATAL_ERROR(WHO << what << " called before Build()");
    }
}

void
TeredoTopologyHelper::CheckNotBuilt(const char* what) const
{
    if (m_built)
    {
        NS_FATAL_ERROR(WHO << what << " called after Build(): the world is built once");
    }
}

const TeredoTopologyHelper::Site&
TeredoTopologyHelper::GetSite(uint32_t site, const char* what) const
{
    CheckBuilt(what);
    if (site >= m_sites.size())
    {
        NS_FATAL_ERROR(WHO << what << ": no site " << site << " (" << m_sites.size() << " sites)");
    }
    return m_sites[site];
}

const TeredoTopologyHelper::Ipv6Node&
TeredoTopologyHelper::GetIpv6Node(const std::vector<Ipv6Node>& list,
                                  uint32_t i,
                                  const char* what) const
{
    CheckBuilt(what);
    if (i >= list.size())
    {
        NS_FATAL_ERROR(WHO << what << ": no index " << i << " (" << list.size() << " planned)");
    }
    return list[i];
}

Ptr<Node>
TeredoTopologyHelper::GetCoreRouter() const
{
    CheckBuilt("GetCoreRouter");
    return m_core;
}

Ptr<Node>
TeredoTopologyHelper::GetIpv6CoreRouter() const
{
    CheckBuilt("GetIpv6CoreRouter");
    return m_ipv6Core;
}

Ptr<Node>
TeredoTopologyHelper::GetServerNode() const
{
    CheckBuilt("GetServerNode");
    return m_server;
}

Ipv4Address
TeredoTopologyHelper::GetServerPrimaryAddress() const
{
    CheckBuilt("GetServerPrimaryAddress");
    return m_serverPrimary;
}

Ipv4Address
TeredoTopologyHelper::GetServerSecondaryAddress() const
{
    CheckBuilt("GetServerSecondaryAddress");
    return Ipv4Address(m_serverPrimary.Get() + 1);
}

Ipv6Address
TeredoTopologyHelper::GetServerIpv6Address() const
{
    CheckBuilt("GetServerIpv6Address");
    return m_serverIpv6;
}

uint32_t
TeredoTopologyHelper::GetSiteCount() const
{
    return m_sites.size();
}

NodeContainer
TeredoTopologyHelper::GetClients(uint32_t site) const
{
    return GetSite(site, "GetClients").clients;
}

NodeContainer
TeredoTopologyHelper::GetAllClients() const
{
    CheckBuilt("GetAllClients");
    NodeContainer all;
    for (const Site& site : m_sites)
    {
        all.Add(site.clients);
    }
    return all;
}

Ptr<Ipv4Nat>
TeredoTopologyHelper::GetNat(uint32_t site) const
{
    return GetSite(site, "GetNat").natObject;
}

Ptr<Node>
TeredoTopologyHelper::GetGateway(uint32_t site) const
{
    return GetSite(site, "GetGateway").gateway;
}

Ptr<NetDevice>
TeredoTopologyHelper::GetGatewayLanDevice(uint32_t site) const
{
    return GetSite(site, "GetGatewayLanDevice").lanDevices.Get(0);
}

Ptr<NetDevice>
TeredoTopologyHelper::GetGatewayAccessDevice(uint32_t site) const
{
    return GetSite(site, "GetGatewayAccessDevice").accessDevice;
}

Ptr<NetDevice>
TeredoTopologyHelper::GetClientDevice(uint32_t site, uint32_t i) const
{
    const Site& s = GetSite(site, "GetClientDevice");
    if (i >= s.clientCount)
    {
        NS_FATAL_ERROR(WHO << "GetClientDevice: site " << site << " has no client " << i << " ("
                           << s.clientCount << " clients)");
    }
    return s.lanDevices.Get(i + 1);
}

Ipv4Address
TeredoTopologyHelper::GetClientAddress(uint32_t site, uint32_t i) const
{
    const Site& s = GetSite(site, "GetClientAddress");
    if (i >= s.clientCount)
    {
        NS_FATAL_ERROR(WHO << "GetClientAddress: site " << site << " has no client " << i << " ("
                           << s.clientCount << " clients)");
    }
    return s.clientAddresses[i];
}

Ipv4Address
TeredoTopologyHelper::GetSitePublicAddress(uint32_t site) const
{
    return GetSite(site, "GetSitePublicAddress").publicAddress;
}

uint32_t
TeredoTopologyHelper::GetRelayCount() const
{
    return m_relays.size();
}

Ptr<Node>
TeredoTopologyHelper::GetRelay(uint32_t i) const
{
    return GetIpv6Node(m_relays, i, "GetRelay").node;
}

Ipv4Address
TeredoTopologyHelper::GetRelayIpv4Address(uint32_t i) const
{
    return GetIpv6Node(m_relays, i, "GetRelayIpv4Address").ipv4;
}

Ipv6Address
TeredoTopologyHelper::GetRelayIpv6Address(uint32_t i) const
{
    return GetIpv6Node(m_relays, i, "GetRelayIpv6Address").ipv6;
}

uint32_t
TeredoTopologyHelper::GetIpv6HostCount() const
{
    return m_ipv6Hosts.size();
}

Ptr<Node>
TeredoTopologyHelper::GetIpv6Host(uint32_t i) const
{
    return GetIpv6Node(m_ipv6Hosts, i, "GetIpv6Host").node;
}

Ipv6Address
TeredoTopologyHelper::GetIpv6HostAddress(uint32_t i) const
{
    return GetIpv6Node(m_ipv6Hosts, i, "GetIpv6HostAddress").ipv6;
}

uint32_t
TeredoTopologyHelper::GetHostSpecificRelayCount() const
{
    return m_hsRelays.size();
}

Ptr<Node>
TeredoTopologyHelper::GetHostSpecificRelay(uint32_t i) const
{
    return GetIpv6Node(m_hsRelays, i, "GetHostSpecificRelay").node;
}

Ipv4Address
TeredoTopologyHelper::GetHostSpecificRelayIpv4Address(uint32_t i) const
{
    return GetIpv6Node(m_hsRelays, i, "GetHostSpecificRelayIpv4Address").ipv4;
}

Ipv6Address
TeredoTopologyHelper::GetHostSpecificRelayIpv6Address(uint32_t i) const
{
    return GetIpv6Node(m_hsRelays, i, "GetHostSpecificRelayIpv6Address").ipv6;
}

void
TeredoTopologyHelper::EnablePcapAll(const std::string& prefix) const
{
    CheckBuilt("EnablePcapAll");
    // Only our devices: PointToPointHelper::EnablePcapAll would take every
    // device of the simulation.
    PointToPointHelper p2p;
    p2p.EnablePcap(prefix, m_p2pDevices);
    CsmaHelper csma;
    csma.EnablePcap(prefix, m_csmaDevices);
    SwitchedLanHelper switched;
    switched.EnablePcap(prefix, m_switchedDevices);
}

int64_t
TeredoTopologyHelper::AssignStreams(int64_t stream)
{
    CheckBuilt("AssignStreams");
    int64_t current = stream;
    for (const Site& site : m_sites)
    {
        if (site.natObject)
        {
            current += site.natObject->AssignStreams(current);
        }
    }
    CsmaHelper csma;
    current += csma.AssignStreams(m_csmaDevices, current);
    InternetStackHelper stack;
    current += stack.AssignStreams(m_nodes, current);
    return current - stream;
}

std::string
TeredoTopologyHelper::SiteNatToString(SiteNat nat)
{
    if (nat == NONE)
    {
        return "none";
    }
    return Ipv4NatHelper::PresetToString(ToPreset(nat));
}

bool
TeredoTopologyHelper::SiteNatFromString(const std::string& name, SiteNat& nat)
{
    for (SiteNat n : {NONE, FULL_CONE, RESTRICTED_CONE, PORT_RESTRICTED_CONE, SYMMETRIC})
    {
        if (SiteNatToString(n) == name)
        {
            nat = n;
            return true;
        }
    }
    return false;
}

} // namespace ns3
