/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_SERVER_HELPER_H
#define TEREDO_SERVER_HELPER_H

#include "ns3/ipv4-address.h"
#include "ns3/teredo-application-helper.h"

namespace ns3
{

/**
 * \ingroup teredo
 * \brief Installs TeredoServer applications, in the manner of UdpEchoServerHelper.
 *
 * The node must already hold both addresses (e.g. a second one added with
 * Ipv4::AddAddress on the same interface). SetAttribute() and Install() are
 * TeredoApplicationHelper's.
 */
class TeredoServerHelper : public TeredoApplicationHelper
{
  public:
    /**
     * \param primary the server's first address (goes into its clients' prefix)
     * \param secondary the server's second address; 0.0.0.0 means primary + 1
     */
    TeredoServerHelper(Ipv4Address primary, Ipv4Address secondary);
};

} // namespace ns3

#endif /* TEREDO_SERVER_HELPER_H */
