/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_CLIENT_HELPER_H
#define TEREDO_CLIENT_HELPER_H

#include "ns3/ipv4-address.h"
#include "ns3/teredo-application-helper.h"

namespace ns3
{

/**
 * \ingroup teredo
 * \brief Installs TeredoClient applications, as UdpEchoClientHelper installs echo clients.
 *
 * The nodes need an IPv4 and an IPv6 stack (InternetStackHelper installs both);
 * the client adds its Teredo interface to the IPv6 one when it starts.
 * SetAttribute() and Install() are TeredoApplicationHelper's.
 *
 * \code
 *   TeredoClientHelper teredo(Ipv4Address("192.0.2.1"));
 *   teredo.SetAttribute("Procedure", StringValue("Rfc4380"));
 *   ApplicationContainer apps = teredo.Install(clients);
 *   apps.Start(Seconds(1));
 * \endcode
 */
class TeredoClientHelper : public TeredoApplicationHelper
{
  public:
    /**
     * \param server the Teredo server's primary IPv4 address; the secondary is
     * taken as the next address unless the ServerSecondaryAddress attribute (formerly
     * SecondaryServerAddress) says otherwise
     */
    explicit TeredoClientHelper(Ipv4Address server);

    /**
     * \brief Fix the random streams of the clients in a container (nonces, flag bits, jitter).
     * \param apps applications made by this helper
     * \param stream the first stream index
     * \return the number of streams used
     */
    static int64_t AssignStreams(const ApplicationContainer& apps, int64_t stream);
};

} // namespace ns3

#endif /* TEREDO_CLIENT_HELPER_H */
