/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_RELAY_HELPER_H
#define TEREDO_RELAY_HELPER_H

#include "ns3/teredo-application-helper.h"

namespace ns3
{

/**
 * \ingroup teredo
 * \brief Installs TeredoRelay applications, in the manner of UdpEchoServerHelper.
 *
 * Each node must be dual-stack (IPv4 and IPv6) with its addresses and routes
 * set before the application starts, a global IPv6 address on its native
 * side and IPv6 forwarding on the interfaces that hold one (the relay checks
 * both when it starts, and stops with a message naming the fix).
 * SetAttribute() and Install() are TeredoApplicationHelper's.
 */
class TeredoRelayHelper : public TeredoApplicationHelper
{
  public:
    /// Applications with the default attributes (UDP port 3544).
    TeredoRelayHelper();
};

} // namespace ns3

#endif /* TEREDO_RELAY_HELPER_H */
