/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_CLIENT_HELPER_H
#define TEREDO_CLIENT_HELPER_H

#include "ns3/application-container.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief Installs TeredoClient applications, as UdpEchoClientHelper installs echo clients.
 *
 * The nodes need an IPv4 and an IPv6 stack (InternetStackHelper installs both);
 * the client adds its Teredo interface to the IPv6 one when it starts.
 *
 * \code
 *   TeredoClientHelper teredo(Ipv4Address("192.0.2.1"));
 *   teredo.SetAttribute("Procedure", StringValue("Rfc4380"));
 *   ApplicationContainer apps = teredo.Install(clients);
 *   apps.Start(Seconds(1));
 * \endcode
 */
class TeredoClientHelper
{
  public:
    /**
     * \param server the Teredo server's primary IPv4 address; the secondary is
     * taken as the next address unless the SecondaryServerAddress attribute says otherwise
     */
    explicit TeredoClientHelper(Ipv4Address server);

    /**
     * \brief Set an attribute of the TeredoClient objects to create.
     * \param name the attribute name
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /// \param node the node \return the application installed on it
    ApplicationContainer Install(Ptr<Node> node) const;
    /// \param nodes the nodes \return one application per node
    ApplicationContainer Install(const NodeContainer& nodes) const;

    /**
     * \brief Fix the random streams of the clients in a container (nonces, flag bits, jitter).
     * \param apps applications made by this helper
     * \param stream the first stream index
     * \return the number of streams used
     */
    static int64_t AssignStreams(const ApplicationContainer& apps, int64_t stream);

  private:
    ObjectFactory m_factory; //!< makes the TeredoClient objects
};

} // namespace ns3

#endif /* TEREDO_CLIENT_HELPER_H */
