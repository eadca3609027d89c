/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef HOST_SPECIFIC_RELAY_HELPER_H
#define HOST_SPECIFIC_RELAY_HELPER_H

#include "ns3/teredo-application-helper.h"

namespace ns3
{

/**
 * \ingroup teredo
 * \brief Installs HostSpecificRelay applications, in the manner of UdpEchoServerHelper.
 *
 * Each node must be dual-stack (IPv4 and IPv6) with its addresses and routes
 * set before the application starts, and a global IPv6 address (checked when
 * it starts); it needs no IPv6 forwarding. SetAttribute() and Install() are
 * TeredoApplicationHelper's.
 */
class HostSpecificRelayHelper : public TeredoApplicationHelper
{
  public:
    /// Applications with the default attributes (UDP port 3544).
    HostSpecificRelayHelper();
};

} // namespace ns3

#endif /* HOST_SPECIFIC_RELAY_HELPER_H */
