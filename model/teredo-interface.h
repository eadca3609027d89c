/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_INTERFACE_H
#define TEREDO_INTERFACE_H

#include "ns3/callback.h"
#include "ns3/ipv6-address.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/virtual-net-device.h"

namespace ns3
{

class Ipv6;
class Ipv6StaticRouting;

/**
 * \ingroup teredo
 * \brief The Teredo tunnel interface of a node: a VirtualNetDevice in the node's
 * IPv6 stack, through which stock IPv6 applications reach Teredo (ns-3 glue).
 *
 * The device is point-to-point, needs no neighbour discovery and has an MTU of
 * 1280 (RFC 4380 section 5.1.1); its link-local address is the one ns-3
 * derives from the device address. Once a client qualifies, SetAddress puts
 * the Teredo address on it with a /32 prefix, which makes the whole Teredo
 * prefix on-link, and optionally a default route through it (for a node with
 * no native IPv6). Packets the stack sends go to the send callback; packets
 * the client receives through the tunnel enter the stack with Deliver.
 */
class TeredoInterface
{
  public:
    /// The IPv6 MTU of a Teredo interface.
    static constexpr uint16_t MTU = 1280;

    /// Called with each IPv6 packet (header included) the stack sends into the tunnel.
    using SendCallback = Callback<bool, Ptr<Packet>>;

    TeredoInterface();
    ~TeredoInterface();

    /**
     * \brief Create the device, add it to the node's IPv6 stack and bring it up.
     *
     * Aborts with a message when the node has no IPv6 stack.
     * \param node the node
     * \param send where the packets the stack sends go
     */
    void Install(Ptr<Node> node, SendCallback send);

    /**
     * \brief Put a Teredo address on the interface, replacing the one before.
     * \param address the Teredo address
     * \param defaultRoute also route every destination with no better route here
     */
    void SetAddress(Ipv6Address address, bool defaultRoute);

    /// Remove the Teredo address and the default route, if any.
    void ClearAddress();

    /**
     * \brief Route a prefix into the tunnel, with no address of it on the
     * interface: how a relay draws the Teredo prefix's traffic.
     * \param network the prefix
     * \param prefix its length
     */
    void AddRoute(Ipv6Address network, Ipv6Prefix prefix);

    /**
     * \brief Put one of the node's native addresses on the interface too, as a
     * /128 with no route: what the node itself sends into the tunnel then
     * leaves with that source (ns-3 picks a source among the output
     * interface's addresses), and a packet to it that comes out of the tunnel
     * is delivered locally (ns-3's strong end system model accepts only the
     * arriving interface's addresses). For relays and host-specific relays,
     * whose tunnel has no Teredo address.
     * \param address the native address
     */
    void AddLocalAddress(Ipv6Address address);

    /**
     * \brief Let the node forward packets that arrive through the tunnel (a relay,
     * a server sending a client's ping test on) and packets toward it.
     * \param forwarding whether to forward
     */
    void SetForwarding(bool forwarding);

    /**
     * \brief Hand a received IPv6 packet to the node's stack.
     * \param ipv6Packet the packet, IPv6 header included
     */
    void Deliver(Ptr<Packet> ipv6Packet);

    /// \return whether the node has a global IPv6 address on another interface
    bool HasNativeIpv6() const;

    /// \return the device (null before Install)
    Ptr<VirtualNetDevice> GetDevice() const;
    /// \return the interface index in the node's IPv6 stack
    uint32_t GetInterfaceIndex() const;
    /// \return the Teredo address, or :: when none
    Ipv6Address GetAddress() const;

    /// Forget the device and node (call from the owner's DoDispose).
    void Dispose();

  private:
    /// \return the node's static IPv6 routing; aborts with a message when it has none
    Ptr<Ipv6StaticRouting> Routing() const;
    /// The device's send callback: strips ns-3's layer-2 arguments.
    bool DeviceSend(Ptr<Packet> packet,
                    const Address& source,
                    const Address& destination,
                    uint16_t protocol);

    Ptr<Node> m_node;               //!< the node
    Ptr<Ipv6> m_ipv6;               //!< its IPv6 stack
    Ptr<VirtualNetDevice> m_device; //!< the tunnel device
    uint32_t m_interface;           //!< its IPv6 interface index
    SendCallback m_send;            //!< where sent packets go
    Ipv6Address m_address;          //!< the Teredo address, :: when none
    bool m_defaultRoute;            //!< a default route through the tunnel is set
};

} // namespace ns3

#endif /* TEREDO_INTERFACE_H */
