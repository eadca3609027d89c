/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipv4-nat-test-world.h"

#include "ns3/boolean.h"
#include "ns3/global-value.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/nat-probe-helper.h"
#include "ns3/packet.h"
#include "ns3/simple-net-device-helper.h"
#include "ns3/simulator.h"
#include "ns3/stun-message.h"
#include "ns3/udp-socket-factory.h"

namespace ns3
{
namespace teredo_test
{

TestNetwork::TestNetwork(uint32_t nodeCount)
{
    // Before any node exists: nodes read it when their stacks are made.
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    nodes.Create(nodeCount);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(nodes);
}

TestNetwork::~TestNetwork()
{
    Simulator::Destroy();
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
}

NetDeviceContainer
TestNetwork::Link(uint32_t a, uint32_t b)
{
    SimpleNetDeviceHelper link;
    link.SetChannelAttribute("Delay", TimeValue(MilliSeconds(5)));
    return link.Install(NodeContainer(nodes.Get(a), nodes.Get(b)));
}

void
TestNetwork::Assign(Ptr<NetDevice> device, const char* network, const char* host)
{
    Ipv4AddressHelper addr;
    addr.SetBase(network, "255.255.255.0", host);
    addr.Assign(NetDeviceContainer(device));
}

NatWorld::NatWorld(const Ipv4NatHelper& helper, bool natBeforeRoutes)
    : TestNetwork(4)
{
    NetDeviceContainer inside = Link(0, 1);
    NetDeviceContainer access = Link(1, 2);
    NetDeviceContainer core = Link(2, 3);
    Assign(inside.Get(0), "10.0.0.0", "0.0.0.2");
    Assign(inside.Get(1), "10.0.0.0", "0.0.0.1");
    Assign(access.Get(0), "203.0.113.0", "0.0.0.1");
    Assign(access.Get(1), "203.0.113.0", "0.0.0.254");
    Assign(core.Get(0), "198.51.100.0", "0.0.0.254");
    Assign(core.Get(1), "198.51.100.0", "0.0.0.1");
    Ptr<Ipv4> serverIp = Server()->GetObject<Ipv4>();
    serverIp->AddAddress(1, Ipv4InterfaceAddress(serverB, "255.255.255.0"));

    // The NAT wraps the routing protocol; the static routes may come before or after.
    if (natBeforeRoutes)
    {
        nat = helper.Install(NatNode(), {1}, 2);
    }
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(Host()->GetObject<Ipv4>())->SetDefaultRoute("10.0.0.1", 1);
    routing.GetStaticRouting(NatNode()->GetObject<Ipv4>())->SetDefaultRoute("203.0.113.254", 2);
    routing.GetStaticRouting(serverIp)->SetDefaultRoute("198.51.100.254", 1);
    if (!natBeforeRoutes)
    {
        nat = helper.Install(NatNode(), {1}, 2);
    }
    nat->AssignStreams(7);
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
    NatProbeServerHelper helper(world.serverA, world.serverB);
    ApplicationContainer apps = helper.Install(world.Server());
    apps.Start(Seconds(0));
    m_app = DynamicCast<NatProbeServer>(apps.Get(0));
}

uint8_t
ProbeServer::Index(bool secondaryAddress, bool secondaryPort)
{
    return NatProbeServer::GetSocketIndex(secondaryAddress, secondaryPort);
}

uint32_t
ProbeServer::GetRequests() const
{
    return m_app->GetRequestCount();
}

void
ProbeServer::SendAt(Time at, uint8_t from, InetSocketAddress to)
{
    Simulator::Schedule(at, &NatProbeServer::Send, m_app, from, to, Create<Packet>(6));
}

ProbeClient::ProbeClient(Ptr<Node> node, uint16_t port)
{
    m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    m_socket->SetRecvCallback(MakeCallback(&ProbeClient::Receive, this));
}

Ptr<Packet>
MakeStunRequest(uint8_t number, uint32_t changeRequest)
{
    std::array<uint8_t, 12> tid{};
    tid[11] = number;
    StunMessage request(StunMessage::REQUEST, StunMessage::BINDING, StunMessage::MakeId(tid));
    if (changeRequest != 0)
    {
        request.AddAttribute(StunAttribute::MakeChangeRequest(changeRequest));
    }
    std::vector<uint8_t> bytes = request.Serialize(false);
    return Create<Packet>(bytes.data(), bytes.size());
}

std::optional<InetSocketAddress>
ReadStunMapped(Ptr<const Packet> p)
{
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), b.size());
    StunMessage m;
    if (StunMessage::Parse(b.data(), b.size(), m) != StunMessage::PARSE_OK ||
        m.GetClass() != StunMessage::SUCCESS_RESPONSE)
    {
        return std::nullopt;
    }
    std::optional<Address> a = m.GetAddress(StunAttribute::XOR_MAPPED_ADDRESS);
    if (!a || !InetSocketAddress::IsMatchingType(*a))
    {
        return std::nullopt;
    }
    return InetSocketAddress::ConvertFrom(*a);
}

void
ProbeClient::Probe(Time at, InetSocketAddress to, uint32_t changeRequest)
{
    Ptr<Packet> p = MakeStunRequest(++m_sent, changeRequest);
    Ptr<Socket> s = m_socket;
    Simulator::Schedule(at, [s, to, p]() { s->SendTo(p, 0, to); });
}

void
ProbeClient::Receive(Ptr<Socket> socket)
{
    Address address;
    while (Ptr<Packet> p = socket->RecvFrom(address))
    {
        from.push_back(InetSocketAddress::ConvertFrom(address));
        if (std::optional<InetSocketAddress> m = ReadStunMapped(p))
        {
            mapped.push_back(*m);
        }
        else if (p->GetSize() >= 6)
        {
            // The plain answer of the suites' own echo servers: address, port.
            uint8_t b[6];
            p->CopyData(b, 6);
            mapped.emplace_back(Ipv4Address::Deserialize(b), uint16_t((b[4] << 8) | b[5]));
        }
    }
}

} // namespace teredo_test
} // namespace ns3
