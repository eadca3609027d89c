/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SWITCHED_LAN_HELPER_H
#define SWITCHED_LAN_HELPER_H

#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/simple-net-device-helper.h"
#include "ns3/trace-helper.h"

#include <string>

namespace ns3
{

class SwitchedLanChannel;

/**
 * \ingroup teredo
 * \brief Builds LANs on a learning switch (SwitchedLanChannel): one
 * SimpleNetDevice a node, in the manner of CsmaHelper, and writes their pcaps.
 *
 * The devices get an MTU of 1,500 (Ethernet's; SimpleNetDevice's own is
 * 65,535). SimpleNetDevice carries no Ethernet header and has no sniffer, so
 * the pcaps (link type Ethernet) are written from the channel's Transmit and
 * Deliver traces, with an Ethernet header made up of the frame's addresses
 * and EtherType: a device's file holds the frames it sent, when it finished
 * sending them (SimpleNetDevice hands a frame to the channel once it has
 * serialised it at its DataRate; CsmaNetDevice's sniffer fires as it
 * starts), and those it was handed, when they arrived. Without
 * promiscuous mode, frames handed to it for another unicast address (an
 * unknown destination the switch flooded) are left out, as a NIC would.
 * Each captured device listens to its channel's traces: capturing k devices
 * of one LAN costs k calls a frame.
 */
class SwitchedLanHelper : public PcapHelperForDevice
{
  public:
    /// Devices with the default attributes, MTU 1,500, on a new SwitchedLanChannel a LAN.
    SwitchedLanHelper();

    /**
     * \brief Set an attribute of each SimpleNetDevice made (e.g. "DataRate").
     * \param name the attribute's name
     * \param value its value
     */
    void SetDeviceAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Set an attribute of each SwitchedLanChannel made (e.g. "Delay",
     * "MaxAddresses").
     * \param name the attribute's name
     * \param value its value
     */
    void SetChannelAttribute(std::string name, const AttributeValue& value);

    /// \param mtu the MTU of each device made (1,500 unless set)
    void SetMtu(uint16_t mtu);

    /**
     * \brief One LAN: a new SwitchedLanChannel, and a device on it for each node.
     * \param c the nodes
     * \return the devices, in the order of \p c
     */
    NetDeviceContainer Install(const NodeContainer& c) const;

    /**
     * \brief Add a device on an existing switch for each node.
     * \param c the nodes
     * \param channel the switch
     * \return the devices, in the order of \p c
     */
    NetDeviceContainer Install(const NodeContainer& c, Ptr<SwitchedLanChannel> channel) const;

  private:
    /**
     * \brief Write a pcap of one device; devices that are not SimpleNetDevices
     * on a SwitchedLanChannel are skipped (logged), as CsmaHelper skips what
     * is not a CsmaNetDevice.
     * \param prefix the file name prefix, or the name itself
     * \param nd the device
     * \param promiscuous also frames handed to it for other unicast addresses
     * \param explicitFilename whether \p prefix is the whole file name
     */
    void EnablePcapInternal(std::string prefix,
                            Ptr<NetDevice> nd,
                            bool promiscuous,
                            bool explicitFilename) override;

    SimpleNetDeviceHelper m_devices; //!< makes the devices
    ObjectFactory m_channelFactory;  //!< makes the switches
    uint16_t m_mtu;                  //!< the devices' MTU
};

} // namespace ns3

#endif /* SWITCHED_LAN_HELPER_H */
