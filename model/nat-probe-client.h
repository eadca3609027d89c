/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef NAT_PROBE_CLIENT_H
#define NAT_PROBE_CLIENT_H

#include "nat-mapping-table.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/inet-socket-address.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <array>
#include <optional>
#include <vector>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief NAT behaviour discovery in the manner of RFC 5780 (sections 4.3 and 4.4),
 * run from a host behind the NAT against a NatProbeServer.
 *
 * Mapping: one socket (LocalPort) asks the server's primary address and port,
 * then the secondary address, then the secondary address and port; the mapped
 * endpoints reported tell endpoint-independent (first two equal),
 * address-dependent (last two equal) or address-and-port-dependent mapping.
 * Filtering: two fresh sockets (LocalPort + 1, + 2) each ask the primary
 * address and port to answer from elsewhere: from the secondary address and
 * port (arrives: endpoint-independent), or from the primary address and
 * secondary port (arrives: address-dependent; neither: address-and-port-dependent).
 *
 * The probes go out one Interval apart from the start; the result is decided
 * one Interval after the last, and reported by the Discovered trace.
 */
class NatProbeClient : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    NatProbeClient();
    ~NatProbeClient() override;

    /// \return whether every mapping probe was answered (the tests could run)
    bool IsComplete() const;
    /// \return the mapping behaviour seen, if the tests could run
    std::optional<NatMappingTable::MappingBehavior> GetMappingBehavior() const;
    /// \return the filtering behaviour seen, if the tests could run
    std::optional<NatMappingTable::FilteringBehavior> GetFilteringBehavior() const;
    /// \return the mapped endpoints the server reported to the mapping socket, in order
    const std::vector<InetSocketAddress>& GetMappedEndpoints() const;

    /**
     * TracedCallback signature for the result.
     * \param complete whether the tests could run (else the other values mean nothing)
     * \param mapping the mapping behaviour seen
     * \param filtering the filtering behaviour seen
     */
    typedef void (*DiscoveredTracedCallback)(bool complete,
                                             NatMappingTable::MappingBehavior mapping,
                                             NatMappingTable::FilteringBehavior filtering);

  private:
    void StartApplication() override;
    void StopApplication() override;
    /// Send one request.
    void Probe(uint8_t socket, InetSocketAddress to, uint8_t answerFrom);
    /// \param socket a socket with data
    void Receive(Ptr<Socket> socket);
    /// Decide and report.
    void Conclude();
    /// \return the server's secondary address (the deprecated ServerAlternateAddress's getter)
    Ipv4Address GetServerSecondaryAddress() const;
    /// \param address set as the server's secondary address unless 0.0.0.0 (unset): the
    /// deprecated ServerAlternateAddress, whose initial value must not undo ServerSecondaryAddress
    void SetServerAlternateAddress(Ipv4Address address);

    Ipv4Address m_serverPrimary;   //!< server's first address
    Ipv4Address m_serverSecondary; //!< server's second address
    uint16_t m_primaryPort;        //!< server's first port
    uint16_t m_secondaryPort;      //!< server's second port
    uint16_t m_localPort;          //!< first of the three local ports
    Time m_interval;               //!< between probes

    std::array<Ptr<Socket>, 3> m_sockets;                      //!< mapping, filter 1, filter 2
    std::array<uint32_t, 3> m_answers{};                       //!< answers per socket
    std::vector<InetSocketAddress> m_mapped;                   //!< what the mapping socket learnt
    std::vector<EventId> m_events;                             //!< pending probes and conclusion
    std::optional<NatMappingTable::MappingBehavior> m_mapping; //!< result
    std::optional<NatMappingTable::FilteringBehavior> m_filtering; //!< result
    TracedCallback<bool, NatMappingTable::MappingBehavior, NatMappingTable::FilteringBehavior>
        m_discoveredTrace; //!< the result
};

} // namespace ns3

#endif /* NAT_PROBE_CLIENT_H */
