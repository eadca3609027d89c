/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_APPLICATION_HELPER_H
#define TEREDO_APPLICATION_HELPER_H

#include "ns3/application-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief Installs applications of one TypeId on nodes, with the attributes
 * set on the helper: the implementation shared by the role helpers
 * (TeredoServerHelper, TeredoClientHelper, TeredoRelayHelper,
 * HostSpecificRelayHelper).
 *
 * In the manner of ns-3's ApplicationHelper (ns-3.40 and later, which
 * ns-3.37 lacks) and UdpEchoClientHelper: an ObjectFactory set by
 * SetAttribute(), and Install() on a node, a node's name or a container, each
 * returning the applications it made. Each application is added to its node
 * and starts when the node's applications start (ApplicationContainer::Start).
 *
 * \code
 *   TeredoApplicationHelper helper(TeredoRelay::GetTypeId());
 *   helper.SetAttribute("Port", UintegerValue(3544));
 *   ApplicationContainer apps = helper.Install(relays);
 * \endcode
 */
class TeredoApplicationHelper
{
  public:
    /// \param typeId the TypeId of the applications to make (an ns3::Application)
    explicit TeredoApplicationHelper(TypeId typeId);

    /// \param typeId the name of that TypeId, e.g. "ns3::TeredoRelay"
    explicit TeredoApplicationHelper(const std::string& typeId);

    virtual ~TeredoApplicationHelper() = default;

    /**
     * \brief Set an attribute of the applications to be made.
     * \param name the attribute name
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Install one application on a node.
     * \param node the node
     * \return the application
     */
    ApplicationContainer Install(Ptr<Node> node) const;

    /**
     * \brief Install one application on a node known to ns3::Names.
     * \param nodeName the node's name, as given to Names::Add
     * \return the application
     */
    ApplicationContainer Install(const std::string& nodeName) const;

    /**
     * \brief Install one application on each node of a container.
     * \param nodes the nodes
     * \return the applications, in the container's order
     */
    ApplicationContainer Install(NodeContainer nodes) const;

  protected:
    /**
     * \brief Configure an application just made, beyond its attributes;
     * Install calls it before adding the application to its node.
     * \param application the application
     */
    virtual void ConfigureApplication(Ptr<Application> application) const;

    ObjectFactory m_factory; //!< makes the applications
};

} // namespace ns3

#endif /* TEREDO_APPLICATION_HELPER_H */
