/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SWITCHED_LAN_CHANNEL_H
#define SWITCHED_LAN_CHANNEL_H

#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/simple-channel.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <deque>
#include <map>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief A SimpleChannel that behaves as a learning Ethernet switch.
 *
 * SimpleChannel, like CsmaChannel, hands every frame to every other device
 * on the channel, which drops it unless it is addressed to it: on a LAN of n
 * devices a frame costs n - 1 simulator events and touches n devices. A
 * switch learns which port each source address lives behind and sends a
 * unicast frame out of that port alone. This channel does the same: it
 * learns (source MAC, sending device) from every frame, sends unicast frames
 * to a learned destination to that device only, and floods broadcast,
 * multicast and unknown unicast frames, as SimpleChannel does. A frame whose
 * destination was learned behind its own sender is filtered (dropped and
 * counted), as a switch does.
 *
 * By default a frame passes the switch in no time: it takes the channel's
 * Delay after the sender's serialisation at its DataRate, as on
 * SimpleChannel, and frames to one device never wait for each other. With
 * PortDataRate set, the switch stores and forwards: each output port sends
 * one frame at a time at that rate, first come first served, and holds at
 * most PortQueueFrames frames (the one it is sending included); a frame that
 * finds its port full is dropped, counted and traced (PortDrop). Sizes are
 * SimpleNetDevice's (no Ethernet header, preamble or gap).
 * What it leaves out: the switch's own processing time, address ageing (an entry moves when its
 * address is seen behind another device, and is never forgotten otherwise),
 * and promiscuous listeners (a device sees another's unicast frames only
 * while their destination is unknown).
 *
 * The learning table holds at most MaxAddresses entries; a source seen when
 * it is full is not learned (frames to it are flooded, so nothing is lost)
 * and is counted. Once BlackList() has been called the channel floods every
 * frame, and keeps the black list as SimpleChannel does.
 * Trace sources Transmit (every frame a device puts on the channel, filtered
 * ones included) and Deliver (every frame handed to a device, when it
 * arrives) are what SwitchedLanHelper writes pcap files from: SimpleNetDevice
 * has no sniffer of its own.
 */
class SwitchedLanChannel : public SimpleChannel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SwitchedLanChannel();

    /**
     * TracedCallback signature for a filtered frame.
     * \param packet the frame's payload
     * \param to its destination
     * \param from its source
     */
    typedef void (*FilterTracedCallback)(Ptr<const Packet> packet,
                                         Mac48Address to,
                                         Mac48Address from);

    /**
     * TracedCallback signature for a frame sent or delivered.
     * \param packet the frame's payload (no Ethernet header: SimpleNetDevice
     * passes addresses and protocol beside it)
     * \param protocol its EtherType
     * \param to its destination
     * \param from its source
     * \param device the device that sent it (Transmit) or that it is handed
     * to (Deliver)
     */
    /**
     * TracedCallback signature for a frame dropped at a full output port.
     * \param packet the frame's payload
     * \param to its destination
     * \param from its source
     * \param port the device behind the full port
     */
    typedef void (*PortDropTracedCallback)(Ptr<const Packet> packet,
                                           Mac48Address to,
                                           Mac48Address from,
                                           Ptr<const SimpleNetDevice> port);

    typedef void (*FrameTracedCallback)(Ptr<const Packet> packet,
                                        uint16_t protocol,
                                        Mac48Address to,
                                        Mac48Address from,
                                        Ptr<const SimpleNetDevice> device);

    void Send(Ptr<Packet> p,
              uint16_t protocol,
              Mac48Address to,
              Mac48Address from,
              Ptr<SimpleNetDevice> sender) override;
    void Add(Ptr<SimpleNetDevice> device) override;
    void BlackList(Ptr<SimpleNetDevice> from, Ptr<SimpleNetDevice> to) override;
    void UnBlackList(Ptr<SimpleNetDevice> from, Ptr<SimpleNetDevice> to) override;

    /// \return unicast frames sent to one learned device
    uint64_t GetForwardedFrames() const;
    /// \return frames handed to every other device (broadcast, multicast, unknown unicast)
    uint64_t GetFloodedFrames() const;
    /// \return frames dropped because their destination is behind their sender
    uint64_t GetFilteredFrames() const;
    /// \return frames whose source was not learned because the table was full
    uint64_t GetUnlearnedSources() const;
    /// \return how many addresses the learning table holds
    uint32_t GetNLearned() const;
    /// \return frames dropped because their output port's queue was full (PortDataRate set)
    uint64_t GetPortDrops() const;

  protected:
    void DoDispose() override;

  private:
    /// \return a MAC address as an integer key
    static uint64_t Key(Mac48Address address);
    /// Learn (or move) a source address.
    void Learn(Mac48Address from, Ptr<SimpleNetDevice> sender);
    /// \return the channel's Delay, read through SimpleChannel's attribute
    Time GetDelay() const;
    /// Hand a frame to every device but its sender and those black-listed for it.
    void Flood(Ptr<Packet> p,
               uint16_t protocol,
               Mac48Address to,
               Mac48Address from,
               Ptr<SimpleNetDevice> sender);
    /// Schedule a frame's arrival at one device, after the channel's delay.
    void Forward(Ptr<SimpleNetDevice> port,
                 Ptr<Packet> p,
                 uint16_t protocol,
                 Mac48Address to,
                 Mac48Address from,
                 Time delay);
    /// A frame arrives at a device: trace it, then hand it over.
    void Deliver(Ptr<SimpleNetDevice> port,
                 Ptr<Packet> p,
                 uint16_t protocol,
                 Mac48Address to,
                 Mac48Address from);

    std::unordered_map<uint64_t, Ptr<SimpleNetDevice>> m_ports; //!< learned address -> device
    std::vector<Ptr<SimpleNetDevice>> m_attached; //!< the devices, in the order they were added
    /// Black list: device -> the devices whose frames it is not handed.
    std::map<Ptr<SimpleNetDevice>, std::vector<Ptr<SimpleNetDevice>>> m_blackList;
    uint32_t m_maxAddresses;    //!< bound on m_ports
    bool m_blackListUsed;       //!< flood everything from now on
    uint64_t m_forwarded;       //!< see GetForwardedFrames()
    uint64_t m_flooded;         //!< see GetFloodedFrames()
    uint64_t m_filtered;        //!< see GetFilteredFrames()
    uint64_t m_unlearned;       //!< see GetUnlearnedSources()
    DataRate m_portRate;        //!< each output port's rate; 0: no store and forward
    uint32_t m_portQueueFrames; //!< the most frames an output port holds
    /// Output port -> when each frame it holds is sent, oldest first (PortDataRate set).
    std::unordered_map<const SimpleNetDevice*, std::deque<Time>> m_portFinish;
    uint64_t m_portDrops; //!< see GetPortDrops()
    /// Frames dropped at a full output port: the packet, destination, source, the port's device.
    TracedCallback<Ptr<const Packet>, Mac48Address, Mac48Address, Ptr<const SimpleNetDevice>>
        m_portDropTrace;
    /// Frames filtered by the switch: the packet, its destination and source.
    TracedCallback<Ptr<const Packet>, Mac48Address, Mac48Address> m_filterTrace;
    /// Every frame a device sends: the packet, protocol, addresses, the sender.
    TracedCallback<Ptr<const Packet>,
                   uint16_t,
                   Mac48Address,
                   Mac48Address,
                   Ptr<const SimpleNetDevice>>
        m_transmitTrace;
    /// Every frame handed to a device: the packet, protocol, addresses, the device.
    TracedCallback<Ptr<const Packet>,
                   uint16_t,
                   Mac48Address,
                   Mac48Address,
                   Ptr<const SimpleNetDevice>>
        m_deliverTrace;
};

} // namespace ns3

#endif /* SWITCHED_LAN_CHANNEL_H */
