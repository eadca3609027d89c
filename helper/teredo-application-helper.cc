/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-application-helper.h"

#include "ns3/abort.h"
#include "ns3/application.h"
#include "ns3/names.h"

namespace ns3
{

TeredoApplicationHelper::TeredoApplicationHelper(TypeId typeId)
{
    NS_ABORT_MSG_UNLESS(typeId.IsChildOf(Application::GetTypeId()),
                        "TeredoApplicationHelper: " << typeId.GetName()
                                                    << " is not an ns3::Application");
    m_factory.SetTypeId(typeId);
}

TeredoApplicationHelper::TeredoApplicationHelper(const std::string& typeId)
    : TeredoApplicationHelper(TypeId::LookupByName(typeId))
{
}

void
TeredoApplicationHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
TeredoApplicationHelper::Install(Ptr<Node> node) const
{
    NS_ABORT_MSG_UNLESS(node,
                        "TeredoApplicationHelper: Install of " << m_factory.GetTypeId().GetName()
                                                               << " on a null node");
    Ptr<Application> app = m_factory.Create<Application>();
    ConfigureApplication(app);
    node->AddApplication(app);
    return ApplicationContainer(app);
}

void
TeredoApplicationHelper::ConfigureApplication(Ptr<Application> /* application */) const
{
}

ApplicationContainer
TeredoApplicationHelper::Install(const std::string& nodeName) const
{
    Ptr<Node> node = Names::Find<Node>(nodeName);
    NS_ABORT_MSG_UNLESS(node,
                        "TeredoApplicationHelper: no node named \""
                            << nodeName << "\" (give it with Names::Add before Install)");
    return Install(node);
}

ApplicationContainer
TeredoApplicationHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

} // namespace ns3
