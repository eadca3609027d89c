/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPV4_NAT_HELPER_H
#define IPV4_NAT_HELPER_H

#include "ns3/ipv4-nat.h"
#include "ns3/net-device-container.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"

#include <set>
#include <string>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief Installs an Ipv4Nat on a node, configured by a classic preset or by
 * explicit RFC 4787 attributes.
 *
 * The node needs an IPv4 stack with its addresses assigned. The NAT wraps the
 * routing protocol it finds; static routes may be added before or after
 * Install, since Ipv4StaticRoutingHelper::GetStaticRouting finds the wrapped
 * Ipv4StaticRouting through the NAT (see Ipv4Nat).
 *
 * \code
 *   Ipv4NatHelper nat(Ipv4NatHelper::PORT_RESTRICTED_CONE);
 *   nat.SetAttribute("UdpMappingTimeout", TimeValue(Seconds(60)));
 *   Ptr<Ipv4Nat> n = nat.Install(natNode, {1}, 2); // inside interface 1, outside 2
 * \endcode
 */
class Ipv4NatHelper
{
  public:
    /// The classic NAT types, as RFC 4787 behaviours.
    enum Preset
    {
        FULL_CONE,            //!< endpoint-independent mapping and filtering
        RESTRICTED_CONE,      //!< endpoint-independent mapping, address-dependent filtering
        PORT_RESTRICTED_CONE, //!< endpoint-independent mapping, address+port-dependent filtering
        SYMMETRIC,            //!< address+port-dependent mapping and filtering, random ports
    };

    /// A helper whose NATs have Ipv4Nat's default attributes (port-restricted cone).
    Ipv4NatHelper();

    /// \param preset the NAT type to install
    explicit Ipv4NatHelper(Preset preset);

    /**
     * \brief Set the mapping, filtering and port allocation attributes of a preset.
     * \param preset the NAT type
     */
    void SetPreset(Preset preset);

    /**
     * \brief Set an attribute of the Ipv4Nat objects to create.
     * \param name the attribute name
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Install a NAT between interfaces of a node.
     * \param node the node; IPv4 installed, addresses assigned
     * \param insideInterfaces the inside interface indices
     * \param outsideInterface the outside interface index (its first address is used)
     * \return the NAT
     */
    Ptr<Ipv4Nat> Install(Ptr<Node> node,
                         const std::set<uint32_t>& insideInterfaces,
                         uint32_t outsideInterface) const;

    /**
     * \brief Install a NAT between devices of a node.
     * \param insideDevices the inside devices
     * \param outsideDevice the outside device
     * \return the NAT
     */
    Ptr<Ipv4Nat> Install(const NetDeviceContainer& insideDevices,
                         Ptr<NetDevice> outsideDevice) const;

    /// \param preset a preset \return its name, e.g. "port-restricted-cone"
    static std::string PresetToString(Preset preset);

  private:
    ObjectFactory m_factory; //!< makes the Ipv4Nat objects
};

} // namespace ns3

#endif /* IPV4_NAT_HELPER_H */
