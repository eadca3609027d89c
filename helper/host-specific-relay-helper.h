/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef HOST_SPECIFIC_RELAY_HELPER_H
#define HOST_SPECIFIC_RELAY_HELPER_H

#include "ns3/application-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief Installs HostSpecificRelay applications, in the manner of UdpEchoServerHelper.
 *
 * Each node must be dual-stack (IPv4 and IPv6) with its addresses and routes
 * set before the application starts.
 */
class HostSpecificRelayHelper
{
  public:
    /// Applications with the default attributes (UDP port 3544).
    HostSpecificRelayHelper();

    /**
     * \brief Set an attribute of the applications to be made (see HostSpecificRelay).
     * \param name attribute name
     * \param value attribute value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param node where to install
     * \return the application
     */
    ApplicationContainer Install(Ptr<Node> node) const;

    /**
     * \param nodes where to install
     * \return the applications, one per node
     */
    ApplicationContainer Install(NodeContainer nodes) const;

  private:
    ObjectFactory m_factory; //!< makes the applications
};

} // namespace ns3

#endif /* HOST_SPECIFIC_RELAY_HELPER_H */
