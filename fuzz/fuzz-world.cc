/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fuzz-world.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace ns3;

// ASan records a stack for every allocation, unwinding by frame pointers. The
// frames of Debian's ns-3, built without them, unwind to garbage, so nearly
// every allocation made inside ns-3 stores a stack of its own, and ASan's
// stack depot, which never shrinks, grew to ~1 GB over a million executions
// (the live heap stays flat). Two frames (the allocator and its caller) keep
// the depot small. For full allocation stacks when replaying a finding, set
// ASAN_OPTIONS=fast_unwind_on_malloc=0:malloc_context_size=30 (it overrides this).
extern "C" const char*
__asan_default_options()
{
    return "malloc_context_size=2";
}

namespace teredo_fuzz
{

void
RecordInput(const uint8_t* data, size_t size)
{
    static const char* path = std::getenv("TEREDO_FUZZ_LAST_INPUT");
    if (!path)
    {
        return;
    }
    if (FILE* f = std::fopen(path, "wb"))
    {
        std::fwrite(data, 1, size, f);
        std::fclose(f);
    }
}

Prefix
ReadPrefix(const uint8_t* data, size_t size, std::vector<uint8_t>& rest)
{
    uint8_t head[Prefix::SIZE] = {};
    std::memcpy(head, data, std::min(size, Prefix::SIZE));
    Prefix p;
    p.select = head[0];
    p.flags = head[1];
    std::memcpy(p.address, head + 2, 4);
    p.port = static_cast<uint16_t>((head[6] << 8) | head[7]);
    rest.assign(data + std::min(size, Prefix::SIZE), data + size);
    return p;
}

Ipv4Address
PrefixAddress(const Prefix& prefix)
{
    return Ipv4Address(static_cast<uint32_t>(prefix.address[0]) << 24 |
                       static_cast<uint32_t>(prefix.address[1]) << 16 |
                       static_cast<uint32_t>(prefix.address[2]) << 8 | prefix.address[3]);
}

World&
World::Get()
{
    static World* world = new World(); // never destroyed: ns-3's singletons outlive us
    return *world;
}

World::World()
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    topology.AddSite(TeredoTopologyHelper::NONE, 1);
    topology.AddSite(TeredoTopologyHelper::PORT_RESTRICTED_CONE, 1);
    topology.AddRelay();
    topology.AddIpv6Host();
    topology.Build();
    topology.AssignStreams(1);

    TeredoServerHelper serverHelper(topology.GetServerPrimaryAddress(),
                                    topology.GetServerSecondaryAddress());
    ApplicationContainer apps = serverHelper.Install(topology.GetServerNode());
    server = DynamicCast<TeredoServer>(apps.Get(0));
    apps.Add(TeredoRelayHelper().Install(topology.GetRelay(0)));
    relay = DynamicCast<TeredoRelay>(apps.Get(1));
    TeredoClientHelper clientHelper(topology.GetServerPrimaryAddress());
    clientHelper.SetAttribute("Port", UintegerValue(CLIENT_PORT));
    apps.Add(clientHelper.Install(topology.GetClients(0).Get(0)));
    client = DynamicCast<TeredoClient>(apps.Get(2));
    apps.Add(clientHelper.Install(topology.GetClients(1).Get(0)));
    natClient = DynamicCast<TeredoClient>(apps.Get(3));
    apps.Start(Seconds(0.5));

    client->TraceConnectWithoutContext(
        "Tx",
        Callback<void, Ptr<const Packet>, const Address&>(
            [this](Ptr<const Packet> p, const Address&) {
                TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
                if (info.kind == TeredoDatagramInfo::ROUTER_SOLICITATION && info.hasAuth)
                {
                    lastClientNonce = info.auth.GetNonceValue();
                }
            }));
    topology.GetNat(1)->TraceConnectWithoutContext(
        "MappingCreated",
        Callback<void, uint8_t, const InetSocketAddress&, const InetSocketAddress&>(
            [this](uint8_t, const InetSocketAddress&, const InetSocketAddress& outside) {
                if (natOutsidePorts.size() < 64)
                {
                    natOutsidePorts.push_back(outside.GetPort());
                }
                else
                {
                    natOutsidePorts[outside.GetPort() % 64] = outside.GetPort();
                }
            }));

    // Qualification, and the neighbour discovery of the IPv6 links.
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    NS_ABORT_MSG_UNLESS(client->IsQualified() && natClient->IsQualified(),
                        "fuzz world: the clients did not qualify");
}

void
World::InjectUdp(Ptr<Node> node,
                 Ipv4Address from,
                 uint16_t fromPort,
                 Ipv4Address to,
                 uint16_t toPort,
                 const std::vector<uint8_t>& payload,
                 uint8_t tos)
{
    Ptr<Packet> p = Create<Packet>(payload.data(), payload.size());
    UdpHeader udp;
    udp.SetSourcePort(fromPort);
    udp.SetDestinationPort(toPort);
    p->AddHeader(udp);
    Ipv4Header ip;
    ip.SetSource(from);
    ip.SetDestination(to);
    ip.SetProtocol(UdpL4Protocol::PROT_NUMBER);
    ip.SetTtl(64);
    ip.SetTos(tos);
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    int32_t interface = ipv4->GetInterfaceForAddress(to);
    NS_ABORT_MSG_IF(interface < 0, "no interface holds " << to);
    InjectIpv4(node, ipv4->GetNetDevice(interface), ip, p);
}

void
World::SetInnerEcn(std::vector<uint8_t>& payload, uint8_t ecn)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(payload.data(), payload.size());
    if (info.ipv6Size > 0)
    {
        // The Traffic Class's two low bits are bits 4-5 of the header's second octet.
        uint8_t& octet = payload[info.ipv6Offset + 1];
        octet = static_cast<uint8_t>((octet & ~0x30) | ((ecn & 3) << 4));
    }
}

void
World::InjectIpv4(Ptr<Node> node, Ptr<NetDevice> device, Ipv4Header header, Ptr<Packet> payload)
{
    header.SetPayloadSize(payload->GetSize());
    payload->AddHeader(header);
    node->GetObject<Ipv4L3Protocol>()->Receive(device,
                                               payload,
                                               Ipv4L3Protocol::PROT_NUMBER,
                                               device->GetAddress(),
                                               device->GetAddress(),
                                               NetDevice::PACKET_HOST);
}

void
World::InjectIpv6(Ptr<Node> node, Ptr<NetDevice> device, Ipv6Header header, Ptr<Packet> payload)
{
    header.SetPayloadLength(payload->GetSize());
    payload->AddHeader(header);
    node->GetObject<Ipv6L3Protocol>()->Receive(device,
                                               payload,
                                               Ipv6L3Protocol::PROT_NUMBER,
                                               device->GetAddress(),
                                               device->GetAddress(),
                                               NetDevice::PACKET_HOST);
}

void
World::Step()
{
    Simulator::Stop(MilliSeconds(20));
    Simulator::Run();
}

namespace
{

uint32_t
Sum16(const uint8_t* b, size_t n, uint32_t sum)
{
    for (size_t i = 0; i + 1 < n; i += 2)
    {
        sum += static_cast<uint32_t>(b[i] << 8 | b[i + 1]);
    }
    if (n % 2)
    {
        sum += static_cast<uint32_t>(b[n - 1] << 8);
    }
    return sum;
}

} // namespace

void
World::FixIcmpv6Checksum(std::vector<uint8_t>& payload)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(payload.data(), payload.size());
    if (info.reason != TeredoDatagramInfo::BAD_ICMPV6_CHECKSUM)
    {
        return;
    }
    uint8_t* ip = payload.data() + info.ipv6Offset;
    uint32_t length = info.ipv6Size - TeredoDatagramClassifier::IPV6_HEADER_SIZE;
    uint8_t* icmp = ip + TeredoDatagramClassifier::IPV6_HEADER_SIZE;
    icmp[2] = icmp[3] = 0;
    uint32_t sum = Sum16(ip + 8, 32, 0); // source and destination
    sum += length >> 16;
    sum += length & 0xffff;
    sum += TeredoDatagramClassifier::IPV6_NEXT_ICMPV6;
    sum = Sum16(icmp, length, sum);
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    uint16_t checksum = static_cast<uint16_t>(~sum);
    icmp[2] = static_cast<uint8_t>(checksum >> 8);
    icmp[3] = static_cast<uint8_t>(checksum);
}

void
World::SetNonce(std::vector<uint8_t>& payload, uint64_t nonce)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(payload.data(), payload.size());
    if (!info.hasAuth)
    {
        return;
    }
    size_t at = 4 + payload[2] + payload[3];
    for (size_t i = 0; i < 8; ++i)
    {
        payload[at + i] = static_cast<uint8_t>(nonce >> (56 - 8 * i));
    }
}

} // namespace teredo_fuzz
