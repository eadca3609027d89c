/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "switched-lan-channel.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/simple-net-device.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SwitchedLanChannel");

NS_OBJECT_ENSURE_REGISTERED(SwitchedLanChannel);

TypeId
SwitchedLanChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SwitchedLanChannel")
            .SetParent<SimpleChannel>()
            .SetGroupName("Teredo")
            .AddConstructor<SwitchedLanChannel>()
            .AddAttribute("MaxAddresses",
                          "The most source addresses the switch learns; frames to "
                          "addresses it could not learn are flooded.",
                          UintegerValue(8192),
                          MakeUintegerAccessor(&SwitchedLanChannel::m_maxAddresses),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("PortDataRate",
                          "The rate at which each output port sends. 0 (the default): "
                          "frames pass the switch in no time and never wait for each "
                          "other. Otherwise the switch stores and forwards: a frame waits "
                          "for the frames before it at its port, then takes its size at "
                          "this rate.",
                          DataRateValue(DataRate(0)),
                          MakeDataRateAccessor(&SwitchedLanChannel::m_portRate),
                          MakeDataRateChecker())
            .AddAttribute("PortQueueFrames",
                          "With PortDataRate set: the most frames an output port holds, "
                          "the one it is sending included; a frame that finds it full is "
                          "dropped (PortDrop).",
                          UintegerValue(100),
                          MakeUintegerAccessor(&SwitchedLanChannel::m_portQueueFrames),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("Filter",
                            "A unicast frame dropped because its destination was "
                            "learned behind its own sender: packet, destination, source.",
                            MakeTraceSourceAccessor(&SwitchedLanChannel::m_filterTrace),
                            "ns3::SwitchedLanChannel::FilterTracedCallback")
            .AddTraceSource("PortDrop",
                            "A frame dropped because its output port's queue was full "
                            "(PortDataRate set): packet, destination, source, the port's "
                            "device.",
                            MakeTraceSourceAccessor(&SwitchedLanChannel::m_portDropTrace),
                            "ns3::SwitchedLanChannel::PortDropTracedCallback")
            .AddTraceSource("Transmit",
                            "A frame put on the channel by a device (filtered frames "
                            "included): packet, EtherType, destination, source, sender.",
                            MakeTraceSourceAccessor(&SwitchedLanChannel::m_transmitTrace),
                            "ns3::SwitchedLanChannel::FrameTracedCallback")
            .AddTraceSource("Deliver",
                            "A frame handed to a device when it arrives: packet, "
                            "EtherType, destination, source, receiving device.",
                            MakeTraceSourceAccessor(&SwitchedLanChannel::m_deliverTrace),
                            "ns3::SwitchedLanChannel::FrameTracedCallback");
    return tid;
}

SwitchedLanChannel::SwitchedLanChannel()
    : m_maxAddresses(8192),
      m_blackListUsed(false),
      m_forwarded(0),
      m_flooded(0),
      m_filtered(0),
      m_unlearned(0),
      m_portRate(0),
      m_portQueueFrames(100),
      m_portDrops(0)
{
    NS_LOG_FUNCTION(this);
}

void
SwitchedLanChannel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_ports.clear();
    m_attached.clear();
    m_blackList.clear();
    m_portFinish.clear();
    SimpleChannel::DoDispose();
}

uint64_t
SwitchedLanChannel::Key(Mac48Address address)
{
    uint8_t b[6];
    address.CopyTo(b);
    uint64_t k = 0;
    for (uint8_t octet : b)
    {
        k = (k << 8) | octet;
    }
    return k;
}

void
SwitchedLanChannel::Learn(Mac48Address from, Ptr<SimpleNetDevice> sender)
{
    if (from.IsGroup())
    {
        return; // a group address is never a source a switch learns
    }
    uint64_t key = Key(from);
    auto it = m_ports.find(key);
    if (it != m_ports.end())
    {
        it->second = sender; // seen behind this device now
    }
    else if (m_ports.size() < m_maxAddresses)
    {
        m_ports.emplace(key, sender);
    }
    else
    {
        ++m_unlearned;
    }
}

void
SwitchedLanChannel::Add(Ptr<SimpleNetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    SimpleChannel::Add(device);
    m_attached.push_back(device);
}

Time
SwitchedLanChannel::GetDelay() const
{
    // SimpleChannel keeps its delay to itself; read it through its own
    // attribute accessor, so a change of "Delay" is always seen.
    static const Ptr<const AttributeAccessor> delayAccessor = [] {
        TypeId::AttributeInformation info;
        bool found = SimpleChannel::GetTypeId().LookupAttributeByName("Delay", &info);
        NS_ABORT_MSG_UNLESS(found, "SimpleChannel has no Delay attribute");
        return info.accessor;
    }();
    TimeValue delay;
    delayAccessor->Get(this, delay);
    return delay.Get();
}

void
SwitchedLanChannel::Send(Ptr<Packet> p,
                         uint16_t protocol,
                         Mac48Address to,
                         Mac48Address from,
                         Ptr<SimpleNetDevice> sender)
{
    NS_LOG_FUNCTION(this << p << protocol << to << from << sender);
    m_transmitTrace(p, protocol, to, from, sender);
    if (m_blackListUsed)
    {
        Flood(p, protocol, to, from, sender);
        return;
    }
    Learn(from, sender);
    auto it = to.IsGroup() ? m_ports.end() : m_ports.find(Key(to));
    if (it == m_ports.end())
    {
        Flood(p, protocol, to, from, sender);
        return;
    }
    Ptr<SimpleNetDevice> port = it->second;
    if (port == sender)
    {
        ++m_filtered;
        m_filterTrace(p, to, from);
        return;
    }
    ++m_forwarded;
    Forward(port, p->Copy(), protocol, to, from, GetDelay());
}

void
SwitchedLanChannel::Flood(Ptr<Packet> p,
                          uint16_t protocol,
                          Mac48Address to,
                          Mac48Address from,
                          Ptr<SimpleNetDevice> sender)
{
    ++m_flooded;
    const Time delay = GetDelay();
    for (const Ptr<SimpleNetDevice>& port : m_attached)
    {
        if (port == sender)
        {
            continue;
        }
        if (m_blackListUsed)
        {
            auto banned = m_blackList.find(port);
            if (banned != m_blackList.end() &&
                std::find(banned->second.begin(), banned->second.end(), sender) !=
                    banned->second.end())
            {
                continue;
            }
        }
        Forward(port, p->Copy(), protocol, to, from, delay);
    }
}

void
SwitchedLanChannel::Forward(Ptr<SimpleNetDevice> port,
                            Ptr<Packet> p,
                            uint16_t protocol,
                            Mac48Address to,
                            Mac48Address from,
                            Time delay)
{
    Time wait;
    if (m_portRate.GetBitRate() > 0)
    {
        // Store and forward: the port sends its frames one after another.
        std::deque<Time>& held = m_portFinish[PeekPointer(port)];
        const Time now = Simulator::Now();
        while (!held.empty() && held.front() <= now)
        {
            held.pop_front();
        }
        if (held.size() >= m_portQueueFrames)
        {
            ++m_portDrops;
            m_portDropTrace(p, to, from, port);
            return;
        }
        const Time start = held.empty() ? now : held.back();
        held.push_back(start + m_portRate.CalculateBytesTxTime(p->GetSize()));
        wait = held.back() - now;
    }
    // The event holds the channel, as SimpleChannel's hold the device.
    Simulator::ScheduleWithContext(port->GetNode()->GetId(),
                                   delay + wait,
                                   &SwitchedLanChannel::Deliver,
                                   Ptr<SwitchedLanChannel>(this),
                                   port,
                                   p,
                                   protocol,
                                   to,
                                   from);
}

void
SwitchedLanChannel::Deliver(Ptr<SimpleNetDevice> port,
                            Ptr<Packet> p,
                            uint16_t protocol,
                            Mac48Address to,
                            Mac48Address from)
{
    m_deliverTrace(p, protocol, to, from, port);
    port->Receive(p, protocol, to, from);
}

void
SwitchedLanChannel::BlackList(Ptr<SimpleNetDevice> from, Ptr<SimpleNetDevice> to)
{
    NS_LOG_FUNCTION(this << from << to);
    m_blackListUsed = true;
    m_blackList[to].push_back(from);
    SimpleChannel::BlackList(from, to);
}

void
SwitchedLanChannel::UnBlackList(Ptr<SimpleNetDevice> from, Ptr<SimpleNetDevice> to)
{
    NS_LOG_FUNCTION(this << from << to);
    auto banned = m_blackList.find(to);
    if (banned != m_blackList.end())
    {
        auto at = std::find(banned->second.begin(), banned->second.end(), from);
        if (at != banned->second.end())
        {
            banned->second.erase(at);
        }
    }
    SimpleChannel::UnBlackList(from, to);
}

uint64_t
SwitchedLanChannel::GetForwardedFrames() const
{
    return m_forwarded;
}

uint64_t
SwitchedLanChannel::GetFloodedFrames() const
{
    return m_flooded;
}

uint64_t
SwitchedLanChannel::GetFilteredFrames() const
{
    return m_filtered;
}

uint64_t
SwitchedLanChannel::GetUnlearnedSources() const
{
    return m_unlearned;
}

uint64_t
SwitchedLanChannel::GetPortDrops() const
{
    return m_portDrops;
}

uint32_t
SwitchedLanChannel::GetNLearned() const
{
    return static_cast<uint32_t>(m_ports.size());
}

} // namespace ns3
