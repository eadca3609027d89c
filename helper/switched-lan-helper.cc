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

/// Channel's Transmit trace: the frames \p device sends.
void
TransmitSink(Ptr<PcapFileWrapper> file,
             Ptr<const SimpleNetDevice> device,
             Ptr<const Packet> p,
             uint16_t protocol,
             Mac48Address to,
             Mac48Address from,
             Ptr<const SimpleNetDevice> sender)
{
    if (sender == device)
    {
        WriteFrame(file, p, protocol, to, from);
    }
}

/// Channel's Deliver trace: the frames handed to \p device.
void
DeliverSink(Ptr<PcapFileWrapper> file,
            Ptr<const SimpleNetDevice> device,
            Mac48Address own,
            bool promiscuous,
            Ptr<const Packet> p,
            uint16_t protocol,
            Mac48Address to,
            Mac48Address from,
            Ptr<const SimpleNetDevice> receiver)
{
    if (receiver == device && (promiscuous || to == own || to.IsGroup()))
    {
        WriteFrame(file, p, protocol, to, from);
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
    Ptr<const SimpleNetDevice> self = device;
    channel->TraceConnectWithoutContext("Transmit", MakeBoundCallback(&TransmitSink, file, self));
    channel->TraceConnectWithoutContext(
        "Deliver",
        MakeBoundCallback(&DeliverSink,
                          file,
                          self,
                          Mac48Address::ConvertFrom(device->GetAddress()),
                          promiscuous));
}

} // namespace ns3
