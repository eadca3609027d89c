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
 * Both modes give the same topology seen from outside: a TAP whose Linux end
 * has its own address (SetLinuxAddress), and on the node one device, with a
 * fixed MAC (SetMacAddress), that Linux sees as its neighbour and that the
 * caller gives the node's addresses.
 *
 * FD_NET_DEVICE mode opens the TAP itself (`/dev/net/tun`, `IFF_TAP | IFF_NO_PI`)
 * in the calling process's network namespace, gives its Linux end an address
 * and brings it up, and hands the descriptor to an FdNetDevice: no setuid
 * creator program is needed, only the right to create a TAP (root, or
 * CAP_NET_ADMIN). The TAP disappears when the program exits.
 *
 * TAP_BRIDGE mode uses ns-3's own TapBridge. A TapBridge takes the receive
 * callbacks of the device it bridges away from that node's stack (the node is
 * a "ghost" standing for the Linux host), so the helper builds
 *
 *   Linux end [TAP] == TapBridge + CsmaNetDevice on a ghost node
 *                           -- CsmaChannel (1 Gb/s, no delay) --
 *                      CsmaNetDevice on the node (returned, fixed MAC)
 *
 * and runs the TapBridge in ConfigureLocal mode: its creator program makes the
 * TAP, gives it the ghost device's MAC and the Linux address and mask (the
 * TapBridge's IpAddress and Netmask attributes), and brings it up. UseLocal
 * and UseBridge would leave the TAP as found (the creator only attaches to an
 * existing one), and a TAP this helper opened cannot be attached twice, so
 * they would need a persistent TAP left behind after the run (and UseBridge a
 * Linux bridge). The ghost device and the TAP share the MAC 02:00:5e:11:xx:xx
 * when the node's is MakeMac's 02:00:5e:10:xx:xx (the node's MAC with the low
 * bit of its fourth byte flipped). The TAP appears when the simulation starts
 * (TapBridge creates it in an event at time 0), not in Install, and goes
 * away with the program. SetLinuxAddress is required in this mode.
 *
 * TapBridge runs its creator program (`ns3.37-tap-creator`) at the path the
 * tap-bridge library was compiled with. Debian's libns3-tap-bridge (3.37-2)
 * names its package build folder,
 * `/build/ns3-QJPJQL/ns3-3.37/ns-3.37/build/src/tap-bridge/ns3.37-tap-creator`,
 * while package `ns3` installs the program as `/usr/libexec/ns3/ns3.37-tap-creator`
 * (not setuid: the simulation must run as root). Install in TAP_BRIDGE mode
 * calls PrepareTapCreator, which links the first to the second when needed
 * (scripts/prepare-tap-creator.sh does the same for other TapBridge users).
 * Inside an ns-3 source tree ns-3 builds the creator at its own path and
 * PrepareTapCreator does nothing.
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
 *   TapEmulationHelper tap; // or tap(TapEmulationHelper::TAP_BRIDGE)
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
        TAP_BRIDGE,    //!< a CsmaNetDevice, on a channel to ns-3's TapBridge (ConfigureLocal)
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

    /**
     * \return the path at which Debian's libns3-tap-bridge runs its creator
     * program (the package build folder; see the class description). Inside an
     * ns-3 source tree TapBridge runs the tree's own creator instead.
     */
    static std::string GetTapCreatorPath();

    /**
     * \brief Make TapBridge's creator program reachable where the library
     * runs it: when that path is missing and package ns3's
     * /usr/libexec/ns3/ns3.37-tap-creator exists, create the folders and a
     * symbolic link to it (needs root). Does nothing when the path exists, or
     * inside an ns-3 source tree (ns-3 builds its own creator there).
     * \param error where to explain a failure (may be null)
     * \return true when the creator is in place
     */
    static bool PrepareTapCreator(std::string* error = nullptr);

    /// \param name the Linux name of the TAP (at most 15 characters)
    void SetTapName(const std::string& name);
    /**
     * \brief Address the Linux end of the TAP and bring it up (unset: the TAP is
     * only brought up; configure it from outside).
     * \param address the Linux end's address
     * \param mask its mask
     */
    void SetLinuxAddress(Ipv4Address address, Ipv4Mask mask);
    /// \param mac the MAC address of the node's ns-3 device (Linux's neighbour)
    void SetMacAddress(Mac48Address mac);

    /**
     * \brief Create the TAP and the ns-3 device on the node. Stops the program
     * with a message when the TAP cannot be made (no /dev/net/tun, no privilege,
     * name taken; in TAP_BRIDGE mode: no Linux address, no creator program; the
     * TapBridge itself stops the program when the creator fails at time 0).
     * \param node the node
     * \return the device, added to the node; give it addresses as any device
     */
    Ptr<NetDevice> Install(Ptr<Node> node) const;

  private:
    /// \return a TAP file descriptor, the TAP up and addressed
    int OpenTap() const;
    /// \param node the node \return its FdNetDevice on a TAP opened here
    Ptr<NetDevice> InstallFdNetDevice(Ptr<Node> node) const;
    /// \param node the node \return its CsmaNetDevice, bridged by a ghost node's TapBridge
    Ptr<NetDevice> InstallTapBridge(Ptr<Node> node) const;

    Mode m_mode;                //!< connection mode
    std::string m_tapName;      //!< Linux name of the TAP
    Ipv4Address m_linuxAddress; //!< Linux end's address, 0.0.0.0 for none
    Ipv4Mask m_linuxMask;       //!< its mask
    Mac48Address m_mac;         //!< the ns-3 device's MAC
};

} // namespace ns3

#endif /* TAP_EMULATION_HELPER_H */
