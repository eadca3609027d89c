/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipv4-nat-test-world.h"

#include "ns3/boolean.h"
#include "ns3/global-value.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/packet.h"
#include "ns3/simple-net-device-helper.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"

namespace ns3
{
namespace teredo_test
{

namespace
{

/// Assign one address to one device.
void
Assign(Ptr<NetDevice> device, const char* network, const char* host)
{
    Ipv4AddressHelper addr;
    addr.SetBase(network, "255.255.255.0", host);
    addr.Assign(NetDeviceContainer(device));
}

} // namespace

NatWorld::NatWorld(const Ipv4NatHelper& helper)
{
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    nodes.Create(4);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(nodes);
    SimpleNetDeviceHelper link;
    link.SetChannelAttribute("Delay", TimeValue(MilliSeconds(5)));
    NetDeviceContainer inside = link.Install(NodeContainer(Host(), NatNode()));
    NetDeviceContainer access = link.Install(NodeContainer(NatNode(), Router()));
    NetDeviceContainer core = link.Install(NodeContainer(Router(), Server()));
    Assign(inside.Get(0), "10.0.0.0", "0.0.0.2");
    Assign(inside.Get(1), "10.0.0.0", "0.0.0.1");
    Assign(access.Get(0), "203.0.113.0", "0.0.0.1");
    Assign(access.Get(1), "203.0.113.0", "0.0.0.254");
    Assign(core.Get(0), "198.51.100.0", "0.0.0.254");
    Assign(core.Get(1), "198.51.100.0", "0.0.0.1");
    Ptr<Ipv4> serverIp = Server()->GetObject<Ipv4>();
    serverIp->AddAddress(1, Ipv4InterfaceAddress(serverB, "255.255.255.0"));

    // Routes before the NAT wraps the routing protocol.
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(Host()->GetObject<Ipv4>())->SetDefaultRoute("10.0.0.1", 1);
    routing.GetStaticRouting(NatNode()->GetObject<Ipv4>())->SetDefaultRoute("203.0.113.254", 2);
    routing.GetStaticRouting(serverIp)->SetDefaultRoute("198.51.100.254", 1);

    nat = helper.Install(NatNode(), {1}, 2);
    nat->AssignStreams(7);
}

NatWorld::~NatWorld()
{
    Simulator::Destroy();
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
}

Ptr<Node>
NatWorld::Host() const
{
    return nodes.Get(0);
}

Ptr<Node>
NatWorld::NatNode() const
{
    return nodes.Get(1);
}

Ptr<Node>
NatWorld::Router() const
{
    return nodes.Get(2);
}

Ptr<Node>
NatWorld::Server() const
{
    return nodes.Get(3);
}

ProbeServer::ProbeServer(const NatWorld& world)
{
    for (Ipv4Address a : {world.serverA, world.serverB})
    {
        for (uint16_t port : {PORT_1, PORT_2})
        {
            Ptr<Socket> s = Socket::CreateSocket(world.Server(), UdpSocketFactory::GetTypeId());
            s->Bind(InetSocketAddress(a, port));
            s->SetRecvCallback(MakeCallback(&ProbeServer::Receive, this));
            m_sockets.push_back(s);
        }
    }
}

uint8_t
ProbeServer::Index(bool alternateAddress, bool alternatePort)
{
    return uint8_t((alternateAddress ? 2 : 0) + (alternatePort ? 1 : 0));
}

uint32_t
ProbeServer::GetRequests() const
{
    return m_requests;
}

void
ProbeServer::SendAt(Time at, uint8_t from, InetSocketAddress to)
{
    Ptr<Socket> s = m_sockets.at(from);
    Simulator::Schedule(at, [s, to]() {
        uint8_t hello[6] = {};
        s->SendTo(Create<Packet>(hello, sizeof(hello)), 0, to);
    });
}

void
ProbeServer::Receive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        ++m_requests;
        uint8_t which = 0;
        p->CopyData(&which, 1);
        InetSocketAddress src = InetSocketAddress::ConvertFrom(from);
        uint8_t reply[6];
        src.GetIpv4().Serialize(reply);
        reply[4] = uint8_t(src.GetPort() >> 8);
        reply[5] = uint8_t(src.GetPort());
        m_sockets.at(which % m_sockets.size())->SendTo(Create<Packet>(reply, 6), 0, from);
    }
}

ProbeClient::ProbeClient(Ptr<Node> node, uint16_t port)
{
    m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    m_socket->SetRecvCallback(MakeCallback(&ProbeClient::Receive, this));
}

void
ProbeClient::Probe(Time at, InetSocketAddress to, uint8_t replyFrom)
{
    Ptr<Socket> s = m_socket;
    Simulator::Schedule(at,
                        [s, to, replyFrom]() { s->SendTo(Create<Packet>(&replyFrom, 1), 0, to); });
}

void
ProbeClient::Receive(Ptr<Socket> socket)
{
    Address address;
    while (Ptr<Packet> p = socket->RecvFrom(address))
    {
        from.push_back(InetSocketAddress::ConvertFrom(address));
        uint8_t b[6];
        if (p->GetSize() >= 6)
        {
            p->CopyData(b, 6);
            mapped.emplace_back(Ipv4Address::Deserialize(b), uint16_t((b[4] << 8) | b[5]));
        }
    }
}

} // namespace teredo_test
} // namespace ns3
