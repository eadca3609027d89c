/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "switched-lan-helper.h"

#include "ns3/ethernet-header.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/pcap-file-wrapper.h"
#include "ns3/simple-net-device.h"
#include "ns3/simulator.h"
#include "ns3/switched-lan-channel.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SwitchedLanHelper");

namespace
{

/// Write a frame with the Ethernet header SimpleNetDevice does not carry.
void
WriteFrame(Ptr<PcapFileWrapper> file,
           Ptr<const Packet> p,
           uint16_t protocol,
           Mac48Address to,
           Mac48Address from)
{
    EthernetHeader header(false);
    header.SetDestination(to);
    header.SetSource(from);
    header.SetLengthType(protocol);
    file->Write(Simulator::Now(), header, p);
}

/**
 * What a device's pcap sinks need, bound as one argument: ns-3.35's
 * MakeBoundCallback binds at most three, and DeliverSink needs four.
 */
struct PcapSinkTarget
{
    Ptr<PcapFileWrapper> file;         //!< The device's pcap file.
    Ptr<const SimpleNetDevice> device; //!< The device whose frames go to the file.
    Mac48Address own;                  //!< The device's MAC address.
    bool promiscuous;                  //!< Whether frames to other addresses are written too.
};

/**
 * Callbacks compare their bound arguments (a trace disconnects the callback
 * equal to the one it is given), so the target needs these.
 * \param a one target
 * \param b another
 * \return whether every member is the same
 */
bool
operator==(const PcapSinkTarget& a, const PcapSinkTarget& b)
{
    return a.file == b.file && a.device == b.device && a.own == b.own &&
           a.promiscuous == b.promiscuous;
}

/**
 * \param a one target
 * \param b another
 * \return whether some member differs
 */
bool
operator!=(const PcapSinkTarget& a, const PcapSinkTarget& b)
{
    return !(a == b);
}

/// Channel's Transmit trace: the frames \p target.device sends.
void
TransmitSink(PcapSinkTarget target,
             Ptr<const Packet> p,
             uint16_t protocol,
             Mac48Address to,
             Mac48Address from,
             Ptr<const SimpleNetDevice> sender)
{
    if (sender == target.device)
    {
        WriteFrame(target.file, p, protocol, to, from);
    }
}

/// Channel's Deliver trace: the frames handed to \p target.device.
void
DeliverSink(PcapSinkTarget target,
            Ptr<const Packet> p,
            uint16_t protocol,
            Mac48Address to,
            Mac48Address from,
            Ptr<const SimpleNetDevice> receiver)
{
    if (receiver == target.device && (target.promiscuous || to == target.own || to.IsGroup()))
    {
        WriteFrame(target.file, p, protocol, to, from);
    }
}

} // namespace

SwitchedLanHelper::SwitchedLanHelper()
    : m_mtu(1500)
{
    m_channelFactory.SetTypeId(SwitchedLanChannel::GetTypeId());
}

void
SwitchedLanHelper::SetDeviceAttribute(std::string name, const AttributeValue& value)
{
    m_devices.SetDeviceAttribute(name, value);
}

void
SwitchedLanHelper::SetChannelAttribute(std::string name, const AttributeValue& value)
{
    m_channelFactory.Set(name, value);
}

void
SwitchedLanHelper::SetMtu(uint16_t mtu)
{
    m_mtu = mtu;
}

NetDeviceContainer
SwitchedLanHelper::Install(const NodeContainer& c) const
{
    return Install(c, m_channelFactory.Create<SwitchedLanChannel>());
}

NetDeviceContainer
SwitchedLanHelper::Install(const NodeContainer& c, Ptr<SwitchedLanChannel> channel) const
{
    NetDeviceContainer devices = m_devices.Install(c, channel);
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        devices.Get(i)->SetMtu(m_mtu);
    }
    return devices;
}

void
SwitchedLanHelper::EnablePcapInternal(std::string prefix,
                                      Ptr<NetDevice> nd,
                                      bool promiscuous,
                                      bool explicitFilename)
{
    Ptr<SimpleNetDevice> device = nd->GetObject<SimpleNetDevice>();
    Ptr<SwitchedLanChannel> channel =
        device ? DynamicCast<SwitchedLanChannel>(device->GetChannel()) : nullptr;
    if (!channel)
    {
        NS_LOG_INFO("SwitchedLanHelper::EnablePcapInternal(): device "
                    << nd << " is not a SimpleNetDevice on a SwitchedLanChannel");
        return;
    }
    PcapHelper pcapHelper;
    std::string filename =
        explicitFilename ? prefix : pcapHelper.GetFilenameFromDevice(prefix, device);
    Ptr<PcapFileWrapper> file =
        pcapHelper.CreateFile(filename, std::ios::out, PcapHelper::DLT_EN10MB);
    PcapSinkTarget target;
    target.file = file;
    target.device = device;
    target.own = Mac48Address::ConvertFrom(device->GetAddress());
    target.promiscuous = promiscuous;
    channel->TraceConnectWithoutContext("Transmit", MakeBoundCallback(&TransmitSink, target));
    channel->TraceConnectWithoutContext("Deliver", MakeBoundCallback(&DeliverSink, target));
}

} // namespace ns3
