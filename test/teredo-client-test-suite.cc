/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The TeredoClient application against a scripted server: what it accepts,
// what it drops and under which reason, and the Teredo interface it builds.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/teredo-module.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;

namespace
{

/// How the scripted server answers each router solicitation.
enum class Answer
{
    GOOD,            //!< as RFC 4380 section 5.3.2 says
    DUPLICATE,       //!< correctly, twice
    WRONG_NONCE,     //!< another nonce
    REFUSED,         //!< confirmation byte 1
    NO_ORIGIN,       //!< without origin indication
    FOREIGN_PREFIX,  //!< a prefix naming another server
    FROM_STRANGER,   //!< from an address that is not the server's
    FROM_OTHER_PORT, //!< from the server's address, another port
    GARBAGE,         //!< octets that are no Teredo datagram
    CONE_FROM_SAME,  //!< a cone RS answered from the address it went to
};

const Ipv4Address PRIMARY("192.0.2.1");
const Ipv4Address SECONDARY("192.0.2.2");
const Ipv4Address STRANGER("192.0.2.9");
const Ipv4Address CLIENT("192.0.2.100");

/// Two nodes with Internet stacks on one 5 ms SimpleNetDevice link, no addresses yet.
struct TwoNodeLink
{
    NodeContainer nodes;        //!< server side (0) and client side (1)
    NetDeviceContainer devices; //!< device i on node i

    TwoNodeLink()
    {
        nodes.Create(2);
        SimpleNetDeviceHelper link;
        link.SetChannelAttribute("Delay", TimeValue(MilliSeconds(5)));
        devices = link.Install(nodes);
        InternetStackHelper stack;
        stack.Install(nodes);
    }
};

/**
 * \ingroup teredo-tests
 * A client and a scripted server on one link; the server answers every RS as
 * its Answer says. The client runs the given procedure.
 */
class ScriptedServerTestCase : public TestCase
{
  public:
    /**
     * \param answer how the server answers
     * \param procedure the client's procedure
     */
    ScriptedServerTestCase(Answer answer, TeredoQualification::Procedure procedure)
        : TestCase(Name(answer, procedure)),
          m_answer(answer),
          m_procedure(procedure)
    {
    }

  private:
    static std::string Name(Answer answer, TeredoQualification::Procedure procedure)
    {
        static const char* names[] = {"good",
                                      "duplicate",
                                      "wrong nonce",
                                      "refused",
                                      "no origin",
                                      "foreign prefix",
                                      "from a stranger",
                                      "from another port",
                                      "garbage",
                                      "cone answered from the same address"};
        return std::string("client against a server answering: ") +
               names[static_cast<int>(answer)] +
               (procedure == TeredoQualification::RFC4380 ? " (RFC 4380)" : " (RFC 5991)");
    }

    void DoRun() override;
    void ServerReceive(Ptr<Socket> socket);
    void CheckInterface(Ptr<Node> node);

    Answer m_answer;
    TeredoQualification::Procedure m_procedure;
    Ptr<Socket> m_primary;
    Ptr<Socket> m_secondary;
    Ptr<Socket> m_stranger;
    Ptr<Socket> m_otherPort;
    Ptr<TeredoClient> m_client;
    uint32_t m_solicitations{0};
    InetSocketAddress m_seen{Ipv4Address(), 0};
};

void
ScriptedServerTestCase::ServerReceive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
        if (info.kind != TeredoDatagramInfo::ROUTER_SOLICITATION)
        {
            continue;
        }
        ++m_solicitations;
        InetSocketAddress client = InetSocketAddress::ConvertFrom(from);
        m_seen = client;
        bool cone = info.ipv6.GetSource() == TeredoAddress::GetConeLinkLocal();
        TeredoAuthHeader auth = info.auth;
        if (m_answer == Answer::WRONG_NONCE)
        {
            auth.SetNonce(auth.GetNonceValue() + 1);
        }
        if (m_answer == Answer::REFUSED)
        {
            auth.SetConfirmation(1);
        }
        Ipv4Address prefixServer = m_answer == Answer::FOREIGN_PREFIX ? STRANGER : PRIMARY;
        Ptr<Packet> ra = TeredoPacketBuilder::MakeRouterAdvertisement(
            auth,
            TeredoOriginHeader(client.GetIpv4(), client.GetPort()),
            prefixServer,
            info.ipv6.GetSource(),
            TeredoAddress::GetDefaultPrefix());
        if (m_answer == Answer::NO_ORIGIN)
        {
            TeredoAuthHeader a;
            TeredoOriginHeader o;
            ra->RemoveHeader(a);
            ra->RemoveHeader(o);
            ra->AddHeader(a);
        }
        if (m_answer == Answer::GARBAGE)
        {
            uint8_t junk[30] = {0x60, 0, 0, 0, 0, 99};
            ra = Create<Packet>(junk, sizeof(junk));
        }
        Ptr<Socket> out = socket;
        if (cone && m_answer != Answer::CONE_FROM_SAME)
        {
            out = socket == m_primary ? m_secondary : m_primary;
        }
        if (m_answer == Answer::FROM_STRANGER)
        {
            out = m_stranger;
        }
        if (m_answer == Answer::FROM_OTHER_PORT)
        {
            out = m_otherPort;
        }
        out->SendTo(ra, 0, client);
        if (m_answer == Answer::DUPLICATE)
        {
            out->SendTo(ra->Copy(), 0, client);
        }
    }
}

void
ScriptedServerTestCase::CheckInterface(Ptr<Node> node)
{
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    uint32_t tunnel = m_client->GetTunnelInterface();
    NS_TEST_ASSERT_MSG_EQ(ipv6->GetMtu(tunnel), 1280, "tunnel MTU");
    NS_TEST_ASSERT_MSG_EQ(ipv6->IsUp(tunnel), true, "tunnel up");
    bool linkLocal = false;
    bool teredo = false;
    for (uint32_t j = 0; j < ipv6->GetNAddresses(tunnel); ++j)
    {
        Ipv6InterfaceAddress a = ipv6->GetAddress(tunnel, j);
        linkLocal |= a.GetScope() == Ipv6InterfaceAddress::LINKLOCAL;
        if (a.GetAddress() == m_client->GetTeredoAddress())
        {
            teredo = true;
            NS_TEST_ASSERT_MSG_EQ(a.GetPrefix(), Ipv6Prefix(32), "Teredo prefix on-link");
        }
    }
    NS_TEST_ASSERT_MSG_EQ(linkLocal, true, "a link-local address on the tunnel");
    NS_TEST_ASSERT_MSG_EQ(teredo, true, "the Teredo address on the tunnel");
    Ipv6StaticRoutingHelper routing;
    Ipv6RoutingTableEntry route = routing.GetStaticRouting(ipv6)->GetDefaultRoute();
    NS_TEST_ASSERT_MSG_EQ(route.GetInterface(), tunnel, "default route through the tunnel");
}

void
ScriptedServerTestCase::DoRun()
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    TwoNodeLink world;
    NodeContainer& nodes = world.nodes;
    NetDeviceContainer& devices = world.devices;
    Ptr<Ipv4> serverIp = nodes.Get(0)->GetObject<Ipv4>();
    uint32_t serverIf = serverIp->AddInterface(devices.Get(0));
    for (Ipv4Address a : {PRIMARY, SECONDARY, STRANGER})
    {
        serverIp->AddAddress(serverIf, Ipv4InterfaceAddress(a, "255.255.255.0"));
    }
    serverIp->SetUp(serverIf);
    Ptr<Ipv4> clientIp = nodes.Get(1)->GetObject<Ipv4>();
    uint32_t clientIf = clientIp->AddInterface(devices.Get(1));
    clientIp->AddAddress(clientIf, Ipv4InterfaceAddress(CLIENT, "255.255.255.0"));
    clientIp->SetUp(clientIf);

    auto open = [&](Ipv4Address a, uint16_t port) {
        Ptr<Socket> s = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        s->Bind(InetSocketAddress(a, port));
        s->SetRecvCallback(MakeCallback(&ScriptedServerTestCase::ServerReceive, this));
        return s;
    };
    m_primary = open(PRIMARY, 3544);
    m_secondary = open(SECONDARY, 3544);
    m_stranger = open(STRANGER, 3544);
    m_otherPort = open(PRIMARY, 3545);

    TeredoClientHelper helper(PRIMARY);
    helper.SetAttribute("Procedure", EnumValue(m_procedure));
    ApplicationContainer apps = helper.Install(nodes.Get(1));
    TeredoClientHelper::AssignStreams(apps, 10);
    apps.Start(Seconds(1));
    m_client = DynamicCast<TeredoClient>(apps.Get(0));

    // Once qualified, IPv6 data toward another Teredo host enters the tunnel.
    Ptr<Socket> data = Socket::CreateSocket(nodes.Get(1), UdpSocketFactory::GetTypeId());
    Simulator::Schedule(Seconds(40), [data]() {
        data->Bind6();
        data->SendTo(Create<Packet>(100),
                     0,
                     Inet6SocketAddress(Ipv6Address("2001:0:c000:201:0:f227:3fff:fd74"), 9));
    });
    Simulator::Stop(Seconds(41));
    Simulator::Run();

    using C = TeredoClient;
    uint32_t rs = m_solicitations;
    NS_TEST_ASSERT_MSG_GT(rs, 0, "the client solicited");
    switch (m_answer)
    {
    case Answer::GOOD:
    case Answer::DUPLICATE:
    case Answer::CONE_FROM_SAME: {
        NS_TEST_ASSERT_MSG_EQ(m_client->IsQualified(), true, "qualified");
        NS_TEST_ASSERT_MSG_EQ(m_client->GetStateName(), "qualified", "the state in words");
        TeredoAddress t = TeredoAddress::Decode(m_client->GetTeredoAddress());
        NS_TEST_ASSERT_MSG_EQ(t.GetServer(), PRIMARY, "server in the address");
        NS_TEST_ASSERT_MSG_EQ(t.GetMappedAddress(), m_seen.GetIpv4(), "mapped address");
        NS_TEST_ASSERT_MSG_EQ(t.GetMappedPort(), m_seen.GetPort(), "mapped port");
        bool cone =
            m_procedure == TeredoQualification::RFC4380 && m_answer != Answer::CONE_FROM_SAME;
        NS_TEST_ASSERT_MSG_EQ(t.IsCone(), cone, "cone flag");
        CheckInterface(nodes.Get(1));
        // Data toward a Teredo peer not yet trusted waits in its queue while
        // bubbles go out: a direct one (unless we are cone) and an indirect one.
        NS_TEST_ASSERT_MSG_EQ(m_client->GetBubbleTxCount(), (cone ? 1 : 2), "bubbles for the data");
        NS_TEST_ASSERT_MSG_EQ(m_client->GetPeerCount(), 1, "the peer listed");
        NS_TEST_ASSERT_MSG_EQ(m_client->IsTrusted(Ipv6Address("2001:0:c000:201:0:f227:3fff:fd74")),
                              false,
                              "not trusted: it never answered");
        NS_TEST_ASSERT_MSG_EQ(m_client->GetDirectTxCount(), 0, "nothing sent direct");
        uint64_t unexpected = m_client->GetDropCount(C::DROP_UNEXPECTED_ADVERTISEMENT);
        if (m_answer == Answer::DUPLICATE)
        {
            // Each probe and refresh is answered twice; the second copy finds no RS waiting.
            NS_TEST_ASSERT_MSG_EQ(unexpected, rs, "each duplicate is unexpected");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(unexpected, 0, "nothing unexpected");
        }
        if (m_answer == Answer::CONE_FROM_SAME)
        {
            // Three cone RSs answered from the wrong address, then the fallback.
            NS_TEST_ASSERT_MSG_EQ(m_client->GetDropCount(C::DROP_WRONG_SERVER_ADDRESS),
                                  3,
                                  "cone answers from the same address refused");
            NS_TEST_ASSERT_MSG_EQ(m_client->GetNatType(),
                                  TeredoQualification::NAT_RESTRICTED,
                                  "then qualified as restricted");
            NS_TEST_ASSERT_MSG_EQ(m_client->GetNatTypeName(), "restricted", "in words");
        }
        break;
    }
    default: {
        NS_TEST_ASSERT_MSG_EQ(m_client->IsQualified(), false, "not qualified");
        NS_TEST_ASSERT_MSG_EQ(m_client->GetTeredoAddress(), Ipv6Address::GetAny(), "no address");
        C::DropReason reason = C::DROP_MALFORMED;
        switch (m_answer)
        {
        case Answer::WRONG_NONCE:
            reason = C::DROP_NONCE_MISMATCH;
            break;
        case Answer::REFUSED:
        case Answer::NO_ORIGIN:
        case Answer::FOREIGN_PREFIX:
            reason = C::DROP_BAD_ADVERTISEMENT;
            break;
        case Answer::FROM_STRANGER:
        case Answer::FROM_OTHER_PORT:
            reason = C::DROP_NOT_FROM_SERVER;
            break;
        default:
            break;
        }
        NS_TEST_ASSERT_MSG_EQ(m_client->GetDropCount(reason),
                              rs,
                              "every answer dropped as " << C::DropReasonToString(reason));
        NS_TEST_ASSERT_MSG_EQ(m_client->GetState(),
                              TeredoQualification::OFFLINE,
                              "off-line after the tries");
        NS_TEST_ASSERT_MSG_EQ(m_client->GetStateName(), "offline", "the state in words");
        break;
    }
    }
    m_client = nullptr;
    Simulator::Destroy();
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
}

/**
 * \ingroup teredo-tests
 * Packets queued for peers that never answer are lost with their peer-list
 * entry, and each is counted under the reason it was lost for. A client with
 * MaxPeers 4 and PeerLifetime 20 s sends two packets each to ten unreachable
 * Teredo peers (12 lost as queue-evicted, 8 left waiting), lets the last four
 * expire (8 queue-expired), queues three more, then gets a new mapping at its
 * refresh (a new Teredo address: the peer list is cleared, 3 queue-cleared),
 * and is stopped with two more queued (2 queue-cleared).
 */
class PeerQueueDropsTestCase : public TestCase
{
  public:
    PeerQueueDropsTestCase()
        : TestCase("packets queued for peers: evicted, expired, cleared, all counted")
    {
    }

  private:
    static constexpr uint32_t PAYLOAD = 100;             //!< octets of UDP payload
    static constexpr uint32_t PACKET = PAYLOAD + 8 + 40; //!< and with UDP and IPv6 headers

    /// Answer each RS; from 30 s on, report the client at another port (a new mapping).
    void ServerReceive(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> p = socket->RecvFrom(from))
        {
            TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
            if (info.kind != TeredoDatagramInfo::ROUTER_SOLICITATION)
            {
                continue; // indirect bubbles: the peers do not exist
            }
            InetSocketAddress client = InetSocketAddress::ConvertFrom(from);
            uint16_t port = client.GetPort() + (Simulator::Now() >= Seconds(30) ? 1 : 0);
            socket->SendTo(TeredoPacketBuilder::MakeRouterAdvertisement(
                               info.auth,
                               TeredoOriginHeader(client.GetIpv4(), port),
                               PRIMARY,
                               info.ipv6.GetSource(),
                               TeredoAddress::GetDefaultPrefix()),
                           0,
                           client);
        }
    }

    void DoRun() override
    {
        using C = TeredoClient;
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);

        TwoNodeLink world;
        NodeContainer& nodes = world.nodes;
        NetDeviceContainer& devices = world.devices;
        for (uint32_t n = 0; n < 2; ++n)
        {
            Ptr<Ipv4> ip = nodes.Get(n)->GetObject<Ipv4>();
            uint32_t i = ip->AddInterface(devices.Get(n));
            ip->AddAddress(i, Ipv4InterfaceAddress(n == 0 ? PRIMARY : CLIENT, "255.255.255.0"));
            ip->SetUp(i);
        }
        Ptr<Socket> server = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        server->Bind(InetSocketAddress(PRIMARY, 3544));
        server->SetRecvCallback(MakeCallback(&PeerQueueDropsTestCase::ServerReceive, this));

        TeredoClientHelper helper(PRIMARY);
        helper.SetAttribute("Procedure", EnumValue(TeredoQualification::RFC5991));
        helper.SetAttribute("RefreshJitter", DoubleValue(0)); // refresh at 31 s
        helper.SetAttribute("MaxPeers", UintegerValue(4));
        helper.SetAttribute("PeerLifetime", TimeValue(Seconds(20)));
        ApplicationContainer apps = helper.Install(nodes.Get(1));
        TeredoClientHelper::AssignStreams(apps, 10);
        apps.Start(Seconds(1));
        apps.Stop(Seconds(36));
        Ptr<C> client = DynamicCast<C>(apps.Get(0));

        std::map<C::DropReason, uint64_t> traced;
        uint32_t ours = 0; // drops of our data packets, by size
        client->TraceConnectWithoutContext(
            "Drop",
            Callback<void, Ptr<const Packet>, C::DropReason>(
                [&traced, &ours](Ptr<const Packet> p, C::DropReason r) {
                    ++traced[r];
                    ours += p->GetSize() == PACKET;
                }));

        // Peers that never answer: non-cone Teredo addresses of our server,
        // mapped to on-link addresses where nobody is.
        auto peer = [](uint32_t k) {
            return TeredoAddress(PRIMARY, 0, uint16_t(40000 + k), Ipv4Address(0xc0000232 + k))
                .ToIpv6();
        };
        Ptr<Socket> data = Socket::CreateSocket(nodes.Get(1), UdpSocketFactory::GetTypeId());
        data->Bind6();
        uint32_t sent = 0;
        auto send = [&](Time at, uint32_t k, uint32_t packets) {
            Simulator::Schedule(at, [data, &sent, k, packets, peer]() {
                for (uint32_t j = 0; j < packets; ++j)
                {
                    sent +=
                        data->SendTo(Create<Packet>(PAYLOAD), 0, Inet6SocketAddress(peer(k), 9)) >
                        0;
                }
            });
        };
        for (uint32_t k = 0; k < 10; ++k)
        {
            send(Seconds(5) + MilliSeconds(k), k, 2);
        }
        uint32_t peersAfterFlood = 0;
        uint64_t queuedAfterFlood = 0;
        uint64_t bytesAfterFlood = 0;
        uint64_t evictedAfterFlood = 0;
        Simulator::Schedule(Seconds(6), [&]() {
            peersAfterFlood = client->GetPeerCount();
            queuedAfterFlood = client->GetQueuedPackets();
            bytesAfterFlood = client->GetQueuedBytes();
            evictedAfterFlood = client->GetDropCount(C::DROP_QUEUE_EVICTED);
        });
        uint32_t peersAfterExpiry = 1;
        Simulator::Schedule(Seconds(26), [&]() { peersAfterExpiry = client->GetPeerCount(); });
        for (uint32_t k = 10; k < 13; ++k)
        {
            send(Seconds(28) + MilliSeconds(k), k, 1);
        }
        Ipv6Address before;
        Simulator::Schedule(Seconds(29), [&]() { before = client->GetTeredoAddress(); });
        Ipv6Address after;
        uint32_t peersAfterRefresh = 1;
        Simulator::Schedule(Seconds(33), [&]() {
            after = client->GetTeredoAddress();
            peersAfterRefresh = client->GetPeerCount();
        });
        send(Seconds(35), 13, 2);
        Simulator::Stop(Seconds(37));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(sent, 25, "25 packets into the tunnel");
        NS_TEST_EXPECT_MSG_EQ(peersAfterFlood, 4, "ten peers, at most four listed");
        NS_TEST_EXPECT_MSG_EQ(evictedAfterFlood, 12, "six entries evicted, two packets each");
        NS_TEST_EXPECT_MSG_EQ(queuedAfterFlood, 8, "the last four peers' packets wait");
        NS_TEST_EXPECT_MSG_EQ(bytesAfterFlood, 8 * PACKET, "and their octets");
        NS_TEST_EXPECT_MSG_EQ(peersAfterExpiry, 0, "all four expired");
        NS_TEST_EXPECT_MSG_EQ(client->GetDropCount(C::DROP_QUEUE_EXPIRED), 8, "with 8 packets");
        NS_TEST_EXPECT_MSG_NE(after, before, "a new address at the refresh");
        NS_TEST_EXPECT_MSG_EQ(peersAfterRefresh, 0, "the peer list cleared");
        NS_TEST_EXPECT_MSG_EQ(client->GetDropCount(C::DROP_QUEUE_CLEARED),
                              3 + 2,
                              "3 at the new address, 2 at the stop");
        NS_TEST_EXPECT_MSG_EQ(client->GetDropCount(C::DROP_QUEUE_EVICTED), 12, "no more evicted");
        NS_TEST_EXPECT_MSG_EQ(client->GetQueuedPackets(), 0, "nothing left waiting");
        NS_TEST_EXPECT_MSG_EQ(client->GetQueuedBytes(), 0, "no octets either");
        NS_TEST_EXPECT_MSG_EQ(client->GetDirectTxCount(), 0, "nothing sent: no peer answered");
        NS_TEST_EXPECT_MSG_EQ(ours, sent, "every packet sent dropped, none lost silently");
        for (uint32_t r = 0; r < C::DROP_REASON_COUNT; ++r)
        {
            C::DropReason reason = C::DropReason(r);
            NS_TEST_EXPECT_MSG_EQ(traced[reason],
                                  client->GetDropCount(reason),
                                  "traced as counted: " << C::DropReasonToString(reason));
            if (reason != C::DROP_QUEUE_EVICTED && reason != C::DROP_QUEUE_EXPIRED &&
                reason != C::DROP_QUEUE_CLEARED)
            {
                NS_TEST_EXPECT_MSG_EQ(client->GetDropCount(reason),
                                      0,
                                      "no drop as " << C::DropReasonToString(reason));
            }
        }
        NS_TEST_EXPECT_MSG_EQ(C::DropReasonToString(C::DROP_QUEUE_EVICTED), "queue-evicted", "");
        NS_TEST_EXPECT_MSG_EQ(C::DropReasonToString(C::DROP_QUEUE_EXPIRED), "queue-expired", "");
        NS_TEST_EXPECT_MSG_EQ(C::DropReasonToString(C::DROP_QUEUE_CLEARED), "queue-cleared", "");
        Simulator::Destroy();
    }
};

/**
 * \ingroup teredo-tests
 * A destination that is not global unicast is refused by the client itself,
 * counted as destination-not-global, before any ping test or bubble: nothing
 * reaches the server, no peer is listed. The packet enters the tunnel through
 * its device, as one the stack routes there would; a stock UdpEchoClient
 * sending to :: (routed into the tunnel by the client's default route) is
 * refused the same way. For contrast, a global native destination sets off a
 * ping test.
 */
class NonGlobalDestinationTestCase : public TestCase
{
  public:
    /**
     * \param kind what the destination is, for the name
     * \param destination the destination
     * \param application send with a stock UdpEchoClient, not through the device
     */
    NonGlobalDestinationTestCase(const std::string& kind,
                                 Ipv6Address destination,
                                 bool application = false)
        : TestCase("destination " + kind + (application ? " from a stock application" : "") +
                   (TeredoAddress::IsGlobalUnicast(destination)
                        ? ": a ping test"
                        : ": refused locally, no ping test, no bubble")),
          m_destination(destination),
          m_application(application)
    {
    }

  private:
    /// Answer each RS; count every other datagram.
    void ServerReceive(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> p = socket->RecvFrom(from))
        {
            TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
            if (info.kind != TeredoDatagramInfo::ROUTER_SOLICITATION)
            {
                ++m_atServer;
                continue;
            }
            InetSocketAddress client = InetSocketAddress::ConvertFrom(from);
            socket->SendTo(TeredoPacketBuilder::MakeRouterAdvertisement(
                               info.auth,
                               TeredoOriginHeader(client.GetIpv4(), client.GetPort()),
                               PRIMARY,
                               info.ipv6.GetSource(),
                               TeredoAddress::GetDefaultPrefix()),
                           0,
                           client);
        }
    }

    /// Hand the tunnel device an IPv6 packet to m_destination, as the stack would.
    void SendThroughDevice(Ptr<TeredoClient> client)
    {
        Ptr<Packet> p = Create<Packet>(8);
        Ipv6Header ip;
        ip.SetSource(client->GetTeredoAddress());
        ip.SetDestination(m_destination);
        ip.SetNextHeader(17);
        ip.SetPayloadLength(p->GetSize());
        ip.SetHopLimit(64);
        p->AddHeader(ip);
        Ptr<NetDevice> device = client->GetTunnelDevice();
        device->Send(p, device->GetBroadcast(), 0x86DD);
    }

    void DoRun() override
    {
        using C = TeredoClient;
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        TwoNodeLink world;
        for (uint32_t n = 0; n < 2; ++n)
        {
            Ptr<Ipv4> ip = world.nodes.Get(n)->GetObject<Ipv4>();
            uint32_t i = ip->AddInterface(world.devices.Get(n));
            ip->AddAddress(i, Ipv4InterfaceAddress(n == 0 ? PRIMARY : CLIENT, "255.255.255.0"));
            ip->SetUp(i);
        }
        Ptr<Socket> server =
            Socket::CreateSocket(world.nodes.Get(0), UdpSocketFactory::GetTypeId());
        server->Bind(InetSocketAddress(PRIMARY, 3544));
        server->SetRecvCallback(MakeCallback(&NonGlobalDestinationTestCase::ServerReceive, this));
        TeredoClientHelper helper(PRIMARY);
        ApplicationContainer apps = helper.Install(world.nodes.Get(1));
        TeredoClientHelper::AssignStreams(apps, 10);
        apps.Start(Seconds(1));
        Ptr<C> client = DynamicCast<C>(apps.Get(0));
        std::vector<std::string> traced;
        client->TraceConnectWithoutContext("Drop",
                                           Callback<void, Ptr<const Packet>, C::DropReason>(
                                               [&traced](Ptr<const Packet>, C::DropReason r) {
                                                   traced.push_back(C::DropReasonToString(r));
                                               }));
        if (m_application)
        {
            UdpEchoClientHelper echo(m_destination, 9);
            echo.SetAttribute("MaxPackets", UintegerValue(1));
            ApplicationContainer app = echo.Install(world.nodes.Get(1));
            app.Start(Seconds(10));
        }
        else
        {
            Simulator::Schedule(Seconds(10),
                                &NonGlobalDestinationTestCase::SendThroughDevice,
                                this,
                                client);
        }
        Simulator::Stop(Seconds(12));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(client->IsQualified(), true, "qualified before sending");
        if (TeredoAddress::IsGlobalUnicast(m_destination))
        {
            NS_TEST_EXPECT_MSG_EQ(client->GetPingTestCount(), 1, "a ping test for it");
            NS_TEST_EXPECT_MSG_EQ(m_atServer, 1, "through the server");
            NS_TEST_EXPECT_MSG_EQ(client->GetTotalDropCount(), 0, "nothing dropped");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(client->GetDropCount(C::DROP_DESTINATION_NOT_GLOBAL),
                                  1,
                                  "refused");
            NS_TEST_EXPECT_MSG_EQ(client->GetTotalDropCount(), 1, "under that reason only");
            NS_TEST_EXPECT_MSG_EQ(traced.size(), 1, "traced");
            NS_TEST_EXPECT_MSG_EQ((traced.empty() ? "" : traced[0]),
                                  "destination-not-global",
                                  "with its reason");
            NS_TEST_EXPECT_MSG_EQ(client->GetPingTestCount(), 0, "no ping test");
            NS_TEST_EXPECT_MSG_EQ(client->GetBubbleTxCount(), 0, "no bubble");
            NS_TEST_EXPECT_MSG_EQ(m_atServer, 0, "nothing but solicitations at the server");
            NS_TEST_EXPECT_MSG_EQ(client->GetPeerCount(), 0, "no peer listed");
        }
        Simulator::Destroy();
    }

    Ipv6Address m_destination; //!< where the packet goes
    bool m_application;        //!< sent by a UdpEchoClient
    uint32_t m_atServer{0};    //!< datagrams other than RSs the server got
};

/**
 * \ingroup teredo-tests
 * The server's secondary address as the client takes it: primary + 1 unless
 * ServerSecondaryAddress says otherwise; SecondaryServerAddress, its old
 * name, still sets it (ns-3 warns that it is deprecated), and its default
 * does not undo the new one. State and NAT type in words before the start.
 */
class ServerAddressesTestCase : public TestCase
{
  public:
    ServerAddressesTestCase()
        : TestCase("server addresses: primary + 1, ServerSecondaryAddress, deprecated alias")
    {
    }

  private:
    /// \param name an attribute to set, or "" \param value its value \return the client
    static Ptr<TeredoClient> Make(const std::string& name, Ipv4Address value)
    {
        ObjectFactory factory;
        factory.SetTypeId(TeredoClient::GetTypeId());
        factory.Set("ServerAddress", Ipv4AddressValue(PRIMARY));
        if (!name.empty())
        {
            factory.Set(name, Ipv4AddressValue(value));
        }
        return factory.Create<TeredoClient>();
    }

    void DoRun() override
    {
        Ptr<TeredoClient> c = Make("", Ipv4Address());
        NS_TEST_EXPECT_MSG_EQ(c->GetServerPrimaryAddress(), PRIMARY, "primary");
        NS_TEST_EXPECT_MSG_EQ(c->GetServerSecondaryAddress(), SECONDARY, "primary + 1");
        NS_TEST_EXPECT_MSG_EQ(c->GetStateName(), "idle", "not started");
        NS_TEST_EXPECT_MSG_EQ(c->GetNatTypeName(), "unknown", "nothing known");
        c = Make("ServerSecondaryAddress", STRANGER);
        NS_TEST_EXPECT_MSG_EQ(c->GetServerSecondaryAddress(), STRANGER, "set");
        c = Make("SecondaryServerAddress", STRANGER);
        NS_TEST_EXPECT_MSG_EQ(c->GetServerSecondaryAddress(), STRANGER, "set by the old name");
        Ipv4AddressValue v;
        c->GetAttribute("ServerSecondaryAddress", v);
        NS_TEST_EXPECT_MSG_EQ(v.Get(), STRANGER, "the same attribute");
        c = CreateObject<TeredoClient>();
        c->SetAttribute("ServerAddress", Ipv4AddressValue(PRIMARY));
        c->SetAttribute("ServerSecondaryAddress", Ipv4AddressValue(STRANGER));
        NS_TEST_EXPECT_MSG_EQ(c->GetServerSecondaryAddress(), STRANGER, "set after creation");
    }
};

/**
 * \ingroup teredo-tests
 * The client's acceptance rules, one scripted server each.
 */
class TeredoClientTestSuite : public TestSuite
{
  public:
    TeredoClientTestSuite()
        : TestSuite("teredo-client", UNIT)
    {
        using Q = TeredoQualification;
        for (Answer a : {Answer::GOOD,
                         Answer::DUPLICATE,
                         Answer::WRONG_NONCE,
                         Answer::REFUSED,
                         Answer::NO_ORIGIN,
                         Answer::FOREIGN_PREFIX,
                         Answer::FROM_STRANGER,
                         Answer::FROM_OTHER_PORT,
                         Answer::GARBAGE})
        {
            AddTestCase(new ScriptedServerTestCase(a, Q::RFC5991), TestCase::QUICK);
        }
        AddTestCase(new ScriptedServerTestCase(Answer::GOOD, Q::RFC4380), TestCase::QUICK);
        AddTestCase(new PeerQueueDropsTestCase, TestCase::QUICK);
        AddTestCase(new ServerAddressesTestCase, TestCase::QUICK);
        AddTestCase(new ScriptedServerTestCase(Answer::CONE_FROM_SAME, Q::RFC4380),
                    TestCase::QUICK);
        // In hexadecimal: ns-3.37's parser does not read the dotted IPv4 form reliably.
        const std::pair<const char*, const char*> nonGlobal[] = {
            {"::", "unspecified (::)"},
            {"::1", "loopback (::1)"},
            {"fe80::1", "link-local (fe80::1)"},
            {"fec0::1", "site-local (fec0::1)"},
            {"::ffff:c633:6407", "IPv4-mapped (::ffff:198.51.100.7)"},
            {"::c633:6407", "IPv4-compatible (::198.51.100.7)"},
            {"2001:db8::1", "global native (2001:db8::1)"},
        };
        for (const auto& [address, kind] : nonGlobal)
        {
            AddTestCase(new NonGlobalDestinationTestCase(kind, Ipv6Address(address)),
                        TestCase::QUICK);
        }
        AddTestCase(
            new NonGlobalDestinationTestCase("unspecified (::)", Ipv6Address::GetAny(), true),
            TestCase::QUICK);
    }
};

/// The suite's only instance.
TeredoClientTestSuite g_teredoClientTestSuite;

} // namespace
