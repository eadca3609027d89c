/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_SERVER_HELPER_H
#define TEREDO_SERVER_HELPER_H

#include "ns3/application-container.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief Installs TeredoServer applications, in the manner of UdpEchoServerHelper.
 *
 * The node must already hold both addresses (e.g. a second one added with
 * Ipv4::AddAddress on the same interface).
 */
class TeredoServerHelper
{
  public:
    /**
     * \param primary the server's first address (goes into its clients' prefix)
     * \param secondary the server's second address; 0.0.0.0 means primary + 1
     */
    TeredoServerHelper(Ipv4Address primary, Ipv4Address secondary);

    /**
     * \brief Set an attribute of the applications to be made (see TeredoServer).
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

#endif /* TEREDO_SERVER_HELPER_H */
