/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TAP_EMULATION_HELPER_H
#define TAP_EMULATION_HELPER_H

#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"

#include <string>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief Connects an ns-3 node to a Linux TAP device, for real-time emulation: the
 * node's applications (a TeredoServer, say) exchange packets with real hosts.
 *
 * FD_NET_DEVICE mode opens the TAP itself (`/dev/net/tun`, `IFF_TAP | IFF_NO_PI`)
 * in the calling process's network namespace, gives its Linux end an address
 * and brings it up, and hands the descriptor to an FdNetDevice: no setuid
 * creator program is needed, only the right to create a TAP (root, or
 * CAP_NET_ADMIN). The TAP disappears when the program exits.
 *
 * The ns-3 device gets a fixed MAC address (SetMacAddress, or MakeMac): ns-3
 * hands out the same automatic ones in every run, and Linux neighbours would
 * keep an old mapping from the run before.
 *
 * Call EnableRealtime() before creating any node.
 *
 * \code
 *   TapEmulationHelper::EnableRealtime();
 *   NodeContainer nodes; nodes.Create(1);
 *   InternetStackHelper().Install(nodes);
 *   TapEmulationHelper tap;
 *   tap.SetTapName("tap-teredo");
 *   tap.SetLinuxAddress(Ipv4Address("192.0.2.254"), Ipv4Mask("255.255.255.0"));
 *   tap.SetMacAddress(TapEmulationHelper::MakeMac(1));
 *   Ptr<NetDevice> dev = tap.Install(nodes.Get(0));
 *   // then give dev's IPv4 interface its addresses, as for any device
 * \endcode
 */
class TapEmulationHelper
{
  public:
    /// How the node reaches the TAP.
    enum Mode
    {
        FD_NET_DEVICE, //!< an FdNetDevice on a TAP this helper opens
    };

    /// \param mode how to connect
    explicit TapEmulationHelper(Mode mode = FD_NET_DEVICE);

    /**
     * \brief Run the simulator in real time with checksums on, as emulation needs.
     * Call before creating any node (nodes read ChecksumEnabled when made).
     */
    static void EnableRealtime();

    /**
     * \param index a number distinct per bridged device
     * \return a locally administered unicast MAC, 02:00:5e:10:xx:xx
     */
    static Mac48Address MakeMac(uint16_t index);

    /// \param name the Linux name of the TAP (at most 15 characters)
    void SetTapName(const std::string& name);
    /**
     * \brief Address the Linux end of the TAP and bring it up (unset: the TAP is
     * only brought up; configure it from outside).
     * \param address the Linux end's address
     * \param mask its mask
     */
    void SetLinuxAddress(Ipv4Address address, Ipv4Mask mask);
    /// \param mac the MAC address of the ns-3 device
    void SetMacAddress(Mac48Address mac);

    /**
     * \brief Create the TAP and the ns-3 device on the node. Stops the program
     * with a message when the TAP cannot be made (no /dev/net/tun, no privilege,
     * name taken).
     * \param node the node
     * \return the device, added to the node; give it addresses as any device
     */
    Ptr<NetDevice> Install(Ptr<Node> node) const;

  private:
    /// \return a TAP file descriptor, the TAP up and addressed
    int OpenTap() const;

    Mode m_mode;                //!< connection mode
    std::string m_tapName;      //!< Linux name of the TAP
    Ipv4Address m_linuxAddress; //!< Linux end's address, 0.0.0.0 for none
    Ipv4Mask m_linuxMask;       //!< its mask
    Mac48Address m_mac;         //!< the ns-3 device's MAC
};

} // namespace ns3

#endif /* TAP_EMULATION_HELPER_H */
