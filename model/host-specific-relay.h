/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef HOST_SPECIFIC_RELAY_H
#define HOST_SPECIFIC_RELAY_H

#include "teredo-relay.h"

namespace ns3
{

/**
 * \ingroup teredo
 * \brief A Teredo host-specific relay (RFC 4380): a dual-stack
 * host with native IPv6 that reaches Teredo clients directly over UDP/IPv4,
 * for its own traffic only, with no relay in between.
 *
 * The machinery is TeredoRelay's (peer list, queue, indirect bubbles through
 * the client's server, ingress check, the same attributes, counters and
 * traces), with two differences:
 *
 * - forwarding stays off on the tunnel interface (and the node's other
 *   interfaces are left as they are: off in TeredoTopologyHelper's worlds), so
 *   the Teredo prefix route is the node's own: only what the host itself sends
 *   to a Teredo address goes into the tunnel, with its native address as
 *   source. The node needs no IPv6 forwarding anywhere: its own packets are
 *   routed out, not forwarded, and what comes out of the tunnel is delivered
 *   on the tunnel interface, which holds the node's addresses. So
 *   StartApplication checks only that the node has a native global IPv6
 *   address;
 * - a packet received from a client is handed to the stack only when its
 *   destination is one of the node's own global addresses: a destination
 *   that is not global unicast (::1, which the node holds too, among them) is
 *   dropped as DROP_DESTINATION_NOT_GLOBAL, any other as
 *   DROP_NOT_FOR_THIS_HOST.
 *
 * A client's ping test to the host's native address arrives natively (through
 * the client's server); the host's echo reply goes to a Teredo address, so
 * through this relay: a bubble via the client's server, then, once the client
 * answers, the reply directly over IPv4. The client then sees the host itself
 * as the relay for its address.
 */
class HostSpecificRelay : public TeredoRelay
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    HostSpecificRelay();
    ~HostSpecificRelay() override;

  protected:
    /// \return false: the host relays for nobody else
    bool ForwardsForOthers() const override;
    /// \param destination a received packet's destination, global unicast
    /// \return whether the node holds it
    bool AcceptsDestination(Ipv6Address destination) const override;
};

} // namespace ns3

#endif /* HOST_SPECIFIC_RELAY_H */
