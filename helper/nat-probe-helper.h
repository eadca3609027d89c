/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef NAT_PROBE_HELPER_H
#define NAT_PROBE_HELPER_H

#include "ns3/application-container.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief Installs NatProbeServer applications (STUN servers for RFC 5780 NAT
 * behaviour discovery) on two addresses and two ports.
 */
class NatProbeServerHelper
{
  public:
    /**
     * \param primary the server's first address (the node must hold it)
     * \param secondary the server's second address (Install adds it beside the
     *        primary, same interface and mask, where the node lacks it)
     */
    NatProbeServerHelper(Ipv4Address primary, Ipv4Address secondary);

    /**
     * \param name attribute name \param value attribute value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param nodes where to install (each with an IPv4 stack holding the primary
     *        address; the secondary is added beside it where missing)
     * \return the applications, one per node
     */
    ApplicationContainer Install(NodeContainer nodes) const;

  private:
    ObjectFactory m_factory; //!< makes the applications
};

/**
 * \ingroup teredo
 * \brief Installs NatProbeClient applications, which tell the behaviour of the NAT
 * in front of their node.
 */
class NatProbeClientHelper
{
  public:
    /**
     * \param serverPrimary the NatProbeServer's first address
     * \param serverSecondary its second address
     */
    NatProbeClientHelper(Ipv4Address serverPrimary, Ipv4Address serverSecondary);

    /**
     * \param name attribute name \param value attribute value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param nodes where to install
     * \return the applications, one per node
     */
    ApplicationContainer Install(NodeContainer nodes) const;

  private:
    ObjectFactory m_factory; //!< makes the applications
};

} // namespace ns3

#endif /* NAT_PROBE_HELPER_H */
