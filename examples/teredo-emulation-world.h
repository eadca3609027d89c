/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_EMULATION_WORLD_H
#define TEREDO_EMULATION_WORLD_H

// The world Teredo's real-time programs bridge to Linux, built by this one
// piece of code for both: teredo-emulation --role=infrastructure (examples/)
// and teredo-relay-bench (benchmarks/), which compile this file.

#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/tap-emulation-helper.h"
#include "ns3/teredo-relay.h"
#include "ns3/teredo-server.h"
#include "ns3/teredo-topology-helper.h"

#include <string>

namespace ns3
{

/**
 * \brief TeredoTopologyHelper's world with a server, relay 0 and IPv6-only
 * host 0, and a TAP to Linux on its IPv4 core router.
 *
 * Use: configure the topology (GetTopology: the server's address, sites, link
 * rates, queue discs), then Build, AddCoreTap (optional), InstallServerAndRelay.
 * The TAP link is the access block's last /30 (the topology helper's access
 * block, 203.0.113.0/24, hands out /30s from its start): the Linux end first,
 * the core router the next address, and the core's default route goes to the
 * Linux end, so that whatever the world does not know leaves for Linux.
 */
class TeredoEmulationWorld
{
  public:
    /// \return the TAP's usual Linux end, 203.0.113.253 (the core is .254)
    static Ipv4Address GetDefaultTapLinuxEnd();

    /**
     * \brief Give a device an IPv4 address (a new interface if it has none)
     * and bring its interface up.
     * \param node the device's node
     * \param device the device
     * \param address the address
     * \param mask its mask
     * \return the interface index
     */
    static uint32_t AddAddress(Ptr<Node> node,
                               Ptr<NetDevice> device,
                               Ipv4Address address,
                               Ipv4Mask mask);

    /// \return the topology helper, to configure before Build and read after
    TeredoTopologyHelper& GetTopology();

    /// Add relay 0 and IPv6-only host 0, build the world, fix its random streams.
    void Build();

    /**
     * \brief Put a TAP on the IPv4 core router (after Build).
     * \param mode FdNetDevice or TapBridge
     * \param tapName the TAP's name
     * \param linuxEnd the TAP's Linux end, a /30's first host; the core takes the next
     * \return the core's device on the TAP
     */
    Ptr<NetDevice> AddCoreTap(TapEmulationHelper::Mode mode,
                              const std::string& tapName,
                              Ipv4Address linuxEnd);

    /// Install the TeredoServer on the server node and the TeredoRelay on relay 0.
    void InstallServerAndRelay();

    /// \return the server, after InstallServerAndRelay
    Ptr<TeredoServer> GetServer() const;
    /// \return the relay, after InstallServerAndRelay
    Ptr<TeredoRelay> GetRelay() const;
    /// \return the core router's address on the TAP, after AddCoreTap
    Ipv4Address GetCoreTapAddress() const;

  private:
    TeredoTopologyHelper m_topology; //!< the world
    Ptr<TeredoServer> m_server;      //!< the server
    Ptr<TeredoRelay> m_relay;        //!< relay 0
    Ipv4Address m_coreTapAddress;    //!< the core's address on the TAP
};

} // namespace ns3

#endif /* TEREDO_EMULATION_WORLD_H */
