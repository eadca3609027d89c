/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_SERVER_HELPER_H
#define TEREDO_SERVER_HELPER_H

#include "ns3/ipv4-address.h"
#include "ns3/teredo-application-helper.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief Installs TeredoServer applications, in the manner of UdpEchoServerHelper.
 *
 * The node must already hold both addresses (e.g. a second one added with
 * Ipv4::AddAddress on the same interface). SetAttribute() and Install() are
 * TeredoApplicationHelper's; SetClientSecret() gives every server it installs
 * a client's secret, for secure qualification.
 */
class TeredoServerHelper : public TeredoApplicationHelper
{
  public:
    /**
     * \param primary the server's first address (goes into its clients' prefix)
     * \param secondary the server's second address; 0.0.0.0 means primary + 1
     */
    TeredoServerHelper(Ipv4Address primary, Ipv4Address secondary);

    /**
     * \brief Share a secret with a client, for secure qualification (see
     * TeredoServer::SetClientSecret), on every server installed after this.
     * \param clientId the client's ClientIdentifier
     * \param secret the client's SharedSecret
     */
    void SetClientSecret(const std::string& clientId, const std::string& secret);

  protected:
    void ConfigureApplication(Ptr<Application> application) const override;

  private:
    std::vector<std::pair<std::string, std::string>> m_secrets; //!< identifier, secret
};

} // namespace ns3

#endif /* TEREDO_SERVER_HELPER_H */
