/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A TeredoServer on a simulated node with two addresses, and a test host that
// sends it crafted UDP payloads (some with spoofed IPv4 sources, through a raw
// socket) and looks at what comes back; and, in a world built by
// TeredoTopologyHelper, ping tests that leave the server over native IPv6.

#include "teredo-test-packets.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/teredo-module.h"

#include <algorithm>
#include <optional>
#include <vector>

using namespace ns3;

namespace
{

const Ipv4Address SERVER_1("192.0.2.1");
const Ipv4Address SERVER_2("192.0.2.2");
const Ipv4Address HOST("203.0.113.10");
const Ipv4Address HOST_2("203.0.113.11"); // a second address of the test host
constexpr uint16_t HOST_PORT = 40000;
constexpr uint16_t PORT = TeredoAddress::SERVER_PORT;
constexpr uint8_t ICMPV6 = TeredoDatagramClassifier::IPV6_NEXT_ICMPV6;

/// The host's Teredo address, as the server would have given it.
const Ipv6Address HOST_TEREDO = TeredoAddress(SERVER_1, 0, HOST_PORT, HOST).ToIpv6();
/// Another client of this server: the host's second address, where forwarded packets arrive.
const Ipv6Address OTHER_CLIENT = TeredoAddress(SERVER_1, 0, HOST_PORT, HOST_2).ToIpv6();
/// A client of some other server, also at the host's second address.
const Ipv6Address FOREIGN_CLIENT =
    TeredoAddress(Ipv4Address("198.51.100.1"), 0, HOST_PORT, HOST_2).ToIpv6();
const Ipv6Address NATIVE("2001:db8::1");

TeredoAuthHeader
Auth(uint64_t nonce)
{
    TeredoAuthHeader auth;
    auth.SetNonce(nonce);
    return auth;
}

/// Put an IPv6 header in front of a payload.
Ptr<Packet>
WithIpv6(Ptr<Packet> p, Ipv6Address src, Ipv6Address dst, uint8_t nextHeader)
{
    Ipv6Header ip;
    ip.SetSource(src);
    ip.SetDestination(dst);
    ip.SetNextHeader(nextHeader);
    ip.SetHopLimit(255);
    ip.SetPayloadLength(p->GetSize());
    p->AddHeader(ip);
    return p;
}

/// A router solicitation from any source to any destination, with or without a nonce.
Ptr<Packet>
MakeRs(Ipv6Address src, Ipv6Address dst, std::optional<uint64_t> nonce)
{
    Ptr<Packet> p = Create<Packet>();
    Icmpv6RS rs;
    rs.CalculatePseudoHeaderChecksum(src, dst, rs.GetSerializedSize(), ICMPV6);
    p->AddHeader(rs);
    WithIpv6(p, src, dst, ICMPV6);
    if (nonce)
    {
        p->AddHeader(Auth(*nonce));
    }
    return p;
}

/// An ICMPv6 echo request (a ping test, RFC 4380 section 5.2.9), or a reply.
Ptr<Packet>
MakeEchoRequest(Ipv6Address src, Ipv6Address dst, bool request = true)
{
    Ptr<Packet> p = Create<Packet>(8);
    Icmpv6Echo echo(request);
    echo.SetId(1);
    echo.SetSeq(1);
    echo.CalculatePseudoHeaderChecksum(src, dst, p->GetSize() + echo.GetSerializedSize(), ICMPV6);
    p->AddHeader(echo);
    return WithIpv6(p, src, dst, ICMPV6);
}

/// \return a packet holding the octets
Ptr<Packet>
FromBytes(const std::vector<uint8_t>& b)
{
    return Create<Packet>(b.data(), b.size());
}

/// One datagram the test host sends.
struct Datagram
{
    Ptr<Packet> payload;          //!< UDP payload
    Ipv4Address to{SERVER_1};     //!< server address it goes to
    Ipv4Address from{HOST};       //!< source; other than HOST/HOST_2 means spoofed
    uint16_t fromPort{HOST_PORT}; //!< source port
};

/// What came back to the test host.
struct Reply
{
    Ptr<Packet> payload;     //!< UDP payload
    InetSocketAddress from;  //!< server address it came from
    Ipv4Address to;          //!< host address it reached
    TeredoDatagramInfo info; //!< its classification
};

/**
 * \ingroup teredo-tests
 * The server node holds 192.0.2.1 and 192.0.2.2, the test host 203.0.113.10 and
 * 203.0.113.11, both on one link. The host sends each datagram 10 ms apart,
 * from a UDP socket on port 40000 of its own addresses, or through a raw
 * socket with a spoofed source.
 */
class TeredoServerTestCase : public TestCase
{
  public:
    /// \param name test name
    explicit TeredoServerTestCase(std::string name)
        : TestCase(name)
    {
    }

  protected:
    void DoRun() override;
    /// \param helper set attributes here before the server is installed
    virtual void Configure(TeredoServerHelper& helper);
    /// \return what the host sends
    virtual std::vector<Datagram> MakeDatagrams() = 0;
    /// Verify what was seen; called after the simulation, before teardown.
    virtual void Check() = 0;

    /**
     * \brief Check a reply is a well-formed advertisement answering an RS.
     * \param r the reply
     * \param nonce the RS's nonce, if it had an authentication indicator
     * \param rsSource the RS's IPv6 source
     * \param from the server address it must come from
     * \param to the host address (and origin indication) it must reach
     */
    void CheckAdvertisement(const Reply& r,
                            std::optional<uint64_t> nonce,
                            Ipv6Address rsSource,
                            Ipv4Address from,
                            Ipv4Address to = HOST);

    Ptr<TeredoServer> m_server;                    //!< the server
    std::vector<Reply> m_replies;                  //!< what the host received
    std::vector<TeredoServer::DropReason> m_drops; //!< Drop trace, in order
    std::vector<InetSocketAddress> m_dropFrom;     //!< source of each drop, from Rx
    std::vector<InetSocketAddress> m_txLocal;      //!< TxWithAddresses: local address
    std::vector<InetSocketAddress> m_txPeer;       //!< TxWithAddresses: peer address
    uint32_t m_tx{0};                              //!< Tx trace count
    uint32_t m_rx{0};                              //!< Rx trace count
    InetSocketAddress m_lastRx{Ipv4Address(), 0};  //!< source of the last Rx

  private:
    /// \param socket a host socket with data
    void HostReceive(Ptr<Socket> socket);
    /// Send a datagram with a spoofed source through the raw socket.
    void SendSpoofed(Ptr<Socket> raw, const Datagram& d);
};

void
TeredoServerTestCase::Configure(TeredoServerHelper& /* helper */)
{
}

void
TeredoServerTestCase::HostReceive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        Address local;
        socket->GetSockName(local);
        m_replies.push_back({p,
                             InetSocketAddress::ConvertFrom(from),
                             InetSocketAddress::ConvertFrom(local).GetIpv4(),
                             TeredoDatagramClassifier::Classify(p)});
    }
}

void
TeredoServerTestCase::SendSpoofed(Ptr<Socket> raw, const Datagram& d)
{
    Ptr<Packet> p = d.payload->Copy();
    UdpHeader udp;
    udp.SetSourcePort(d.fromPort);
    udp.SetDestinationPort(PORT);
    udp.EnableChecksums();
    udp.InitializeChecksum(d.from, d.to, UdpL4Protocol::PROT_NUMBER);
    p->AddHeader(udp);
    Ipv4Header ip;
    ip.SetSource(d.from);
    ip.SetDestination(d.to);
    ip.SetProtocol(UdpL4Protocol::PROT_NUMBER);
    ip.SetTtl(64);
    ip.SetPayloadSize(p->GetSize());
    ip.EnableChecksum();
    p->AddHeader(ip);
    raw->SendTo(p, 0, InetSocketAddress(d.to, 0));
}

void
TeredoServerTestCase::DoRun()
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    NodeContainer nodes;
    nodes.Create(2);
    Ptr<Node> serverNode = nodes.Get(0);
    Ptr<Node> host = nodes.Get(1);
    NetDeviceContainer devices = SimpleNetDeviceHelper().Install(nodes);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(nodes);
    Ipv4AddressHelper serverNet("192.0.2.0", "255.255.255.0");
    serverNet.Assign(devices.Get(0));
    Ipv4AddressHelper hostNet("203.0.113.0", "255.255.255.0", "0.0.0.10");
    hostNet.Assign(devices.Get(1));
    Ptr<Ipv4> serverIp = serverNode->GetObject<Ipv4>();
    Ptr<Ipv4> hostIp = host->GetObject<Ipv4>();
    serverIp->AddAddress(1, Ipv4InterfaceAddress(SERVER_2, Ipv4Mask("/24")));
    hostIp->AddAddress(1, Ipv4InterfaceAddress(HOST_2, Ipv4Mask("/24")));
    // Both subnets share the link: each side reaches the other's directly.
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(serverIp)->AddNetworkRouteTo("203.0.113.0", "/24", 1);
    routing.GetStaticRouting(hostIp)->AddNetworkRouteTo("192.0.2.0", "/24", 1);

    TeredoServerHelper helper(SERVER_1, Ipv4Address::GetAny());
    Configure(helper);
    ApplicationContainer apps = helper.Install(serverNode);
    m_server = DynamicCast<TeredoServer>(apps.Get(0));
    NS_TEST_ASSERT_MSG_EQ(m_server->GetSecondaryAddress(), SERVER_2, "primary + 1");
    using Payload = Ptr<const Packet>;
    using Addr = const Address&;
    // A drop's source is the one of the Rx just before it.
    m_server->TraceConnectWithoutContext("Drop",
                                         Callback<void, Payload, TeredoServer::DropReason>(
                                             [this](Payload, TeredoServer::DropReason r) {
                                                 m_drops.push_back(r);
                                                 m_dropFrom.push_back(m_lastRx);
                                             }));
    m_server->TraceConnectWithoutContext("Rx",
                                         Callback<void, Payload, Addr>([this](Payload, Addr from) {
                                             ++m_rx;
                                             m_lastRx = InetSocketAddress::ConvertFrom(from);
                                         }));
    m_server->TraceConnectWithoutContext("Tx", Callback<void, Payload, Addr>([this](Payload, Addr) {
                                             ++m_tx;
                                         }));
    m_server->TraceConnectWithoutContext(
        "TxWithAddresses",
        Callback<void, Payload, Addr, Addr>([this](Payload, Addr local, Addr peer) {
            m_txLocal.push_back(InetSocketAddress::ConvertFrom(local));
            m_txPeer.push_back(InetSocketAddress::ConvertFrom(peer));
        }));
    apps.Start(Seconds(0.5));

    TypeId udp = UdpSocketFactory::GetTypeId();
    std::vector<Ptr<Socket>> sockets;
    for (Ipv4Address a : {HOST, HOST_2})
    {
        Ptr<Socket> s = Socket::CreateSocket(host, udp);
        s->Bind(InetSocketAddress(a, HOST_PORT));
        s->SetRecvCallback(MakeCallback(&TeredoServerTestCase::HostReceive, this));
        sockets.push_back(s);
    }
    Ptr<Socket> raw = Socket::CreateSocket(host, Ipv4RawSocketFactory::GetTypeId());
    raw->SetAttribute("IpHeaderInclude", BooleanValue(true));
    raw->BindToNetDevice(devices.Get(1)); // lets the source be an address the host lacks

    std::vector<Datagram> datagrams = MakeDatagrams();
    for (size_t k = 0; k < datagrams.size(); ++k)
    {
        const Datagram d = datagrams[k];
        Time at = Seconds(1) + MilliSeconds(10 * k);
        if (d.from == HOST || d.from == HOST_2)
        {
            Ptr<Socket> s = sockets[d.from == HOST ? 0 : 1];
            Simulator::Schedule(at, [s, d]() {
                s->SendTo(d.payload->Copy(), 0, InetSocketAddress(d.to, PORT));
            });
        }
        else
        {
            Simulator::Schedule(at, &TeredoServerTestCase::SendSpoofed, this, raw, d);
        }
    }
    Simulator::Stop(Seconds(2) + MilliSeconds(10 * datagrams.size()));
    Simulator::Run();
    Check();
    m_server = nullptr;
    Simulator::Destroy();
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
}

void
TeredoServerTestCase::CheckAdvertisement(const Reply& r,
                                         std::optional<uint64_t> nonce,
                                         Ipv6Address rsSource,
                                         Ipv4Address from,
                                         Ipv4Address to)
{
    const TeredoDatagramInfo& info = r.info;
    NS_TEST_ASSERT_MSG_EQ(info.kind, TeredoDatagramInfo::ROUTER_ADVERTISEMENT, "an RA");
    NS_TEST_EXPECT_MSG_EQ(r.from.GetIpv4(), from, "RA source address");
    NS_TEST_EXPECT_MSG_EQ(r.from.GetPort(), PORT, "RA source port");
    NS_TEST_EXPECT_MSG_EQ(r.to, to, "RA destination");
    NS_TEST_ASSERT_MSG_EQ(info.hasAuth, nonce.has_value(), "authentication indicator iff in RS");
    if (nonce)
    {
        NS_TEST_EXPECT_MSG_EQ(info.auth.GetNonceValue(), *nonce, "nonce echoed");
        NS_TEST_EXPECT_MSG_EQ(unsigned(info.auth.GetConfirmation()), 0, "confirmation byte");
        NS_TEST_EXPECT_MSG_EQ(info.auth.GetClientId().size(), 0, "no client identifier");
    }
    NS_TEST_ASSERT_MSG_EQ(info.hasOrigin, true, "origin indication");
    NS_TEST_EXPECT_MSG_EQ(info.origin.GetAddress(), to, "origin address");
    NS_TEST_EXPECT_MSG_EQ(info.origin.GetPort(), HOST_PORT, "origin port");
    NS_TEST_EXPECT_MSG_EQ(info.ipv6.GetSource(),
                          TeredoPacketBuilder::GetServerLinkLocal(SERVER_1),
                          "RA IPv6 source");
    NS_TEST_EXPECT_MSG_EQ(info.ipv6.GetDestination(), rsSource, "RA IPv6 destination");

    Ptr<Packet> ip = TeredoDatagramClassifier::ExtractIpv6(r.payload, info);
    Ipv6Header ipv6;
    Icmpv6RA ra;
    Icmpv6OptionPrefixInformation pio;
    Icmpv6OptionMtu mtu;
    ip->RemoveHeader(ipv6);
    ip->RemoveHeader(ra);
    ip->RemoveHeader(pio);
    ip->RemoveHeader(mtu);
    NS_TEST_EXPECT_MSG_EQ(pio.GetPrefix(), Ipv6Address("2001:0:c000:201::"), "prefix");
    NS_TEST_EXPECT_MSG_EQ(unsigned(pio.GetPrefixLength()), 64, "prefix length");
    NS_TEST_EXPECT_MSG_EQ(mtu.GetMtu(), 1280, "MTU");
    NS_TEST_EXPECT_MSG_EQ(ip->GetSize(), 0, "nothing after the MTU option");
}

/// Router solicitations are answered from the right address, with the right content.
class AdvertisementTestCase : public TeredoServerTestCase
{
  public:
    AdvertisementTestCase()
        : TeredoServerTestCase("RS answered: nonce, origin, prefix, MTU, source address")
    {
    }

  private:
    std::vector<Datagram> MakeDatagrams() override
    {
        using B = TeredoPacketBuilder;
        Ipv6Address allRouters = Ipv6Address::GetAllRoutersMulticast();
        return {
            {B::MakeRouterSolicitation(Auth(0x1001), false), SERVER_1},
            {B::MakeRouterSolicitation(Auth(0x1002), false), SERVER_2},
            {B::MakeRouterSolicitation(Auth(0x1003), true), SERVER_1},
            {B::MakeRouterSolicitation(Auth(0x1004), true), SERVER_2},
            {B::MakeRouterSolicitation(Auth(0x1005), false), SERVER_1, HOST_2},
            {MakeRs(TeredoAddress::GetNonConeLinkLocal(), allRouters, std::nullopt)},
        };
    }

    void Check() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_replies.size(), 6, "one RA per RS");
        Ipv6Address nonCone = TeredoAddress::GetNonConeLinkLocal();
        Ipv6Address cone = TeredoAddress::GetConeLinkLocal();
        // Non-cone: from the address the RS arrived on; cone: from the other one.
        CheckAdvertisement(m_replies[0], 0x1001, nonCone, SERVER_1);
        CheckAdvertisement(m_replies[1], 0x1002, nonCone, SERVER_2);
        CheckAdvertisement(m_replies[2], 0x1003, cone, SERVER_2);
        CheckAdvertisement(m_replies[3], 0x1004, cone, SERVER_1);
        CheckAdvertisement(m_replies[4], 0x1005, nonCone, SERVER_1, HOST_2);
        // Without an authentication indicator, the RA has none either.
        CheckAdvertisement(m_replies[5], std::nullopt, nonCone, SERVER_1);
        NS_TEST_EXPECT_MSG_EQ(m_server->GetAdvertisementCount(), 6, "RAs counted");
        NS_TEST_EXPECT_MSG_EQ(m_tx, 6, "RAs traced");
        NS_TEST_ASSERT_MSG_EQ(m_txLocal.size(), 6, "RAs traced with both addresses");
        for (size_t k = 0; k < m_replies.size(); ++k)
        {
            NS_TEST_EXPECT_MSG_EQ(m_txLocal[k].GetIpv4(), m_replies[k].from.GetIpv4(), "local");
            NS_TEST_EXPECT_MSG_EQ(m_txLocal[k].GetPort(), PORT, "local port");
            NS_TEST_EXPECT_MSG_EQ(m_txPeer[k].GetIpv4(), m_replies[k].to, "peer");
            NS_TEST_EXPECT_MSG_EQ(m_txPeer[k].GetPort(), HOST_PORT, "peer port");
        }
        NS_TEST_EXPECT_MSG_EQ(m_rx, 6, "arrivals traced");
        NS_TEST_EXPECT_MSG_EQ(m_server->GetTotalDropCount(), 0, "nothing dropped");
    }
};

/// One datagram for each check of RFC 4380 section 5.3.1; each dropped under its reason.
class DropReasonsTestCase : public TeredoServerTestCase
{
  public:
    DropReasonsTestCase()
        : TeredoServerTestCase("each check drops, counts and traces under its reason")
    {
    }

  private:
    using S = TeredoServer;

    std::vector<Datagram> MakeDatagrams() override
    {
        Ipv6Address nonCone = TeredoAddress::GetNonConeLinkLocal();
        Ipv6Address allRouters = Ipv6Address::GetAllRoutersMulticast();
        Ptr<Packet> rs = TeredoPacketBuilder::MakeRouterSolicitation(Auth(7), false);
        std::vector<uint8_t> rsBytes = teredo_test::PacketBytes(rs);
        Ptr<Packet> udpInIpv6 = WithIpv6(Create<Packet>(8), HOST_TEREDO, NATIVE, 17);
        Ipv6Address wrongPort = TeredoAddress(SERVER_1, 0, HOST_PORT + 1, HOST).ToIpv6();
        using B = TeredoPacketBuilder;
        m_expected = {S::DROP_MALFORMED,
                      S::DROP_NOT_BUBBLE_OR_ICMPV6,
                      S::DROP_SOURCE_NOT_GLOBAL,
                      S::DROP_SOURCE_NOT_GLOBAL,
                      S::DROP_FROM_SERVER_ITSELF,
                      S::DROP_RS_SOURCE_NOT_LINK_LOCAL,
                      S::DROP_RS_NOT_TO_ALL_ROUTERS,
                      S::DROP_SOURCE_MISMATCH,
                      S::DROP_NOT_FOR_THIS_SERVER,
                      S::DROP_NOT_FOR_THIS_SERVER,
                      S::DROP_DESTINATION_NOT_GLOBAL,
                      S::DROP_DESTINATION_NOT_GLOBAL,
                      S::DROP_DESTINATION_NOT_GLOBAL,
                      S::DROP_DESTINATION_NOT_GLOBAL,
                      S::DROP_NATIVE_NOT_ECHO_REQUEST,
                      S::DROP_NATIVE_NOT_ECHO_REQUEST,
                      S::DROP_NO_NATIVE_IPV6};
        return {
            {FromBytes({rsBytes.begin(), rsBytes.begin() + 30})},
            {udpInIpv6},
            {rs->Copy(), SERVER_1, Ipv4Address("10.0.0.5")},
            {rs->Copy(), SERVER_1, Ipv4Address("224.0.0.1")},
            {rs->Copy(), SERVER_1, SERVER_2, PORT},
            {MakeRs(HOST_TEREDO, allRouters, 8)},
            {MakeRs(nonCone, Ipv6Address::GetAllNodesMulticast(), 9)},
            {B::MakeBubble(wrongPort, OTHER_CLIENT)},
            {B::MakeBubble(NATIVE, FOREIGN_CLIENT)},
            {B::MakeBubble(NATIVE, Ipv6Address("2001:db8::2"))},
            {B::MakeBubble(HOST_TEREDO, Ipv6Address("ff02::1"))},
            {B::MakeBubble(HOST_TEREDO, Ipv6Address("fec0::1"))}, // site-local
            {B::MakeBubble(HOST_TEREDO,
                           Ipv6Address("::ffff:c633:6407"))}, // IPv4-mapped 198.51.100.7
            {B::MakeBubble(HOST_TEREDO,
                           TeredoAddress(SERVER_1, 0, 1, Ipv4Address("10.1.2.3")).ToIpv6())},
            {B::MakeBubble(HOST_TEREDO, NATIVE)},
            {MakeEchoRequest(HOST_TEREDO, NATIVE, false)},
            // A ping test, and this node has no IPv6 stack.
            {MakeEchoRequest(HOST_TEREDO, NATIVE)},
        };
    }

    void Check() override
    {
        NS_TEST_EXPECT_MSG_EQ(m_replies.size(), 0, "nothing answered");
        NS_TEST_ASSERT_MSG_EQ(m_drops.size(), m_expected.size(), "every datagram dropped");
        for (size_t k = 0; k < m_expected.size(); ++k)
        {
            NS_TEST_EXPECT_MSG_EQ(S::DropReasonToString(m_drops[k]),
                                  S::DropReasonToString(m_expected[k]),
                                  "datagram " << k);
        }
        NS_TEST_EXPECT_MSG_EQ(m_dropFrom[2].GetIpv4(), Ipv4Address("10.0.0.5"), "spoofed");
        for (uint32_t r = 0; r < S::DROP_REASON_COUNT; ++r)
        {
            auto reason = static_cast<S::DropReason>(r);
            uint64_t expected = std::count(m_expected.begin(), m_expected.end(), reason);
            NS_TEST_EXPECT_MSG_EQ(m_server->GetDropCount(reason),
                                  expected,
                                  S::DropReasonToString(reason));
        }
        NS_TEST_EXPECT_MSG_EQ(m_server->GetTotalDropCount(), m_expected.size(), "total");
        NS_TEST_EXPECT_MSG_EQ(m_server->GetReceivedCount(), m_expected.size(), "received");
        NS_TEST_EXPECT_MSG_EQ(m_tx, 0, "nothing sent");
        NS_TEST_EXPECT_MSG_EQ(m_server->GetForwardedToTeredoCount(), 0, "nothing forwarded");
        NS_TEST_EXPECT_MSG_EQ(m_server->GetForwardedToNativeCount(), 0, "nothing sent natively");
    }

    std::vector<TeredoServer::DropReason> m_expected; //!< reason of each datagram
};

/**
 * Packets that pass the checks toward Teredo destinations arrive unchanged at
 * the destination's mapped endpoint (the host's second address), from the
 * primary address and port 3544 whichever address they reached, with an origin
 * indication (where the packet came from) iff the destination is this
 * server's client.
 */
class ForwardingTestCase : public TeredoServerTestCase
{
  public:
    ForwardingTestCase()
        : TeredoServerTestCase("bubbles and ICMPv6 forwarded to the mapped endpoint, with origin")
    {
    }

  private:
    /// What each datagram must become.
    struct Expected
    {
        Ptr<Packet> ipv6; //!< the IPv6 packet sent
        bool origin;      //!< with an origin indication
        Ipv4Address from; //!< the origin's address (where the host sent from)
    };

    std::vector<Datagram> MakeDatagrams() override
    {
        using B = TeredoPacketBuilder;
        m_expected = {
            // An indirect bubble from a client of ours to another.
            {B::MakeBubble(HOST_TEREDO, OTHER_CLIENT), true, HOST},
            // From a relay (native source) to a client of ours.
            {B::MakeBubble(NATIVE, OTHER_CLIENT), true, HOST},
            // Arriving on the secondary address: still leaves from the primary.
            {B::MakeBubble(HOST_TEREDO, OTHER_CLIENT), true, HOST},
            // To a client of another server: no origin indication.
            {B::MakeBubble(HOST_TEREDO, FOREIGN_CLIENT), false, HOST},
            // ICMPv6 between Teredo addresses goes the same way.
            {MakeEchoRequest(HOST_TEREDO, OTHER_CLIENT), true, HOST},
            // From the host's other address, whose Teredo address it is.
            {B::MakeBubble(TeredoAddress(SERVER_1, 0, HOST_PORT, HOST_2).ToIpv6(), OTHER_CLIENT),
             true,
             HOST_2},
        };
        std::vector<Datagram> d;
        for (size_t k = 0; k < m_expected.size(); ++k)
        {
            Datagram datagram{m_expected[k].ipv6->Copy()};
            datagram.to = k == 2 ? SERVER_2 : SERVER_1;
            datagram.from = m_expected[k].from;
            d.push_back(datagram);
        }
        // An authentication indicator in front is not forwarded.
        Ptr<Packet> withAuth = B::MakeBubble(HOST_TEREDO, OTHER_CLIENT);
        withAuth->AddHeader(Auth(5));
        d.push_back({withAuth});
        m_expected.push_back({B::MakeBubble(HOST_TEREDO, OTHER_CLIENT), true, HOST});
        return d;
    }

    void Check() override
    {
        NS_TEST_EXPECT_MSG_EQ(m_server->GetTotalDropCount(), 0, "nothing dropped");
        NS_TEST_ASSERT_MSG_EQ(m_replies.size(), m_expected.size(), "every packet forwarded");
        for (size_t k = 0; k < m_expected.size(); ++k)
        {
            const Reply& r = m_replies[k];
            const Expected& e = m_expected[k];
            NS_TEST_EXPECT_MSG_EQ(r.from.GetIpv4(), SERVER_1, "from the primary, " << k);
            NS_TEST_EXPECT_MSG_EQ(r.from.GetPort(), PORT, "from port 3544, " << k);
            NS_TEST_EXPECT_MSG_EQ(r.to, HOST_2, "to the mapped address, " << k);
            NS_TEST_ASSERT_MSG_EQ(r.info.IsValid(), true, "a Teredo datagram, " << k);
            NS_TEST_EXPECT_MSG_EQ(r.info.hasAuth, false, "no authentication indicator, " << k);
            NS_TEST_EXPECT_MSG_EQ(r.info.hasOrigin, e.origin, "origin indication iff ours, " << k);
            if (e.origin)
            {
                NS_TEST_EXPECT_MSG_EQ(r.info.origin.GetAddress(), e.from, "origin address " << k);
                NS_TEST_EXPECT_MSG_EQ(r.info.origin.GetPort(), HOST_PORT, "origin port " << k);
            }
            Ptr<Packet> ipv6 = TeredoDatagramClassifier::ExtractIpv6(r.payload, r.info);
            NS_TEST_EXPECT_MSG_EQ(
                (teredo_test::PacketBytes(ipv6) == teredo_test::PacketBytes(e.ipv6)),
                true,
                "the IPv6 packet unchanged, " << k);
        }
        NS_TEST_EXPECT_MSG_EQ(m_server->GetForwardedToTeredoCount(),
                              m_expected.size(),
                              "forwarded counted");
        NS_TEST_EXPECT_MSG_EQ(m_tx, m_expected.size(), "forwarded traced");
        NS_TEST_EXPECT_MSG_EQ(m_server->GetAdvertisementCount(), 0, "no RA");
    }

    std::vector<Expected> m_expected; //!< per datagram
};

/// A source gets RaBurst advertisements, then none; another source has its own budget.
class RateLimitTestCase : public TeredoServerTestCase
{
  public:
    RateLimitTestCase()
        : TeredoServerTestCase("RAs rate-limited per source address and port after the burst")
    {
    }

  private:
    void Configure(TeredoServerHelper& helper) override
    {
        helper.SetAttribute("RaBurst", UintegerValue(3));
        helper.SetAttribute("RaRate", DoubleValue(0.01)); // no refill within the test
    }

    std::vector<Datagram> MakeDatagrams() override
    {
        std::vector<Datagram> d;
        for (uint64_t nonce = 1; nonce <= 6; ++nonce)
        {
            d.push_back({TeredoPacketBuilder::MakeRouterSolicitation(Auth(nonce), false)});
        }
        d.push_back(
            {TeredoPacketBuilder::MakeRouterSolicitation(Auth(7), false), SERVER_1, HOST_2});
        return d;
    }

    void Check() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_replies.size(), 4, "burst of 3, then the other source");
        Ipv6Address nonCone = TeredoAddress::GetNonConeLinkLocal();
        for (uint64_t k = 0; k < 3; ++k)
        {
            CheckAdvertisement(m_replies[k], k + 1, nonCone, SERVER_1);
        }
        CheckAdvertisement(m_replies[3], 7, nonCone, SERVER_1, HOST_2);
        NS_TEST_EXPECT_MSG_EQ(m_server->GetDropCount(TeredoServer::DROP_RATE_LIMITED),
                              3,
                              "limited");
        NS_TEST_EXPECT_MSG_EQ(m_server->GetTotalDropCount(), 3, "nothing else dropped");
        NS_TEST_EXPECT_MSG_EQ(m_drops.size(), 3, "drops traced");
    }
};

/// Truncations of an RS at every length and random octets: dropped, no crash, still serving.
class GarbageTestCase : public TeredoServerTestCase
{
  public:
    GarbageTestCase()
        : TeredoServerTestCase("truncated and garbage datagrams dropped without crash")
    {
    }

  private:
    std::vector<Datagram> MakeDatagrams() override
    {
        std::vector<uint8_t> rs = teredo_test::PacketBytes(
            TeredoPacketBuilder::MakeRouterSolicitation(Auth(0x77), false));
        std::vector<Datagram> d;
        for (size_t n = 0; n < rs.size(); ++n)
        {
            d.push_back({FromBytes({rs.begin(), rs.begin() + n})});
        }
        // An authentication indicator announcing 255 + 255 octets it does not hold.
        d.push_back({FromBytes({0x00, 0x01, 0xff, 0xff, 1, 2, 3})});
        Ptr<UniformRandomVariable> u = CreateObject<UniformRandomVariable>();
        u->SetStream(1);
        for (int k = 0; k < RANDOM_DATAGRAMS; ++k)
        {
            std::vector<uint8_t> b(u->GetInteger(1, 200));
            for (uint8_t& x : b)
            {
                x = u->GetInteger(0, 255);
            }
            d.push_back({FromBytes(b)});
        }
        m_garbage = d.size();
        d.push_back({TeredoPacketBuilder::MakeRouterSolicitation(Auth(0x78), false)});
        return d;
    }

    void Check() override
    {
        NS_TEST_EXPECT_MSG_EQ(m_server->GetReceivedCount(), m_garbage + 1, "all arrived");
        NS_TEST_EXPECT_MSG_EQ(m_server->GetTotalDropCount(), m_garbage, "all garbage dropped");
        NS_TEST_EXPECT_MSG_EQ(m_drops.size(), m_garbage, "all garbage traced");
        // Every truncation and the lying indicator fail the classifier.
        NS_TEST_EXPECT_MSG_GT_OR_EQ(m_server->GetDropCount(TeredoServer::DROP_MALFORMED),
                                    m_garbage - RANDOM_DATAGRAMS,
                                    "malformed");
        NS_TEST_ASSERT_MSG_EQ(m_replies.size(), 1, "only the last, valid RS answered");
        CheckAdvertisement(m_replies[0], 0x78, TeredoAddress::GetNonConeLinkLocal(), SERVER_1);
    }

    static constexpr int RANDOM_DATAGRAMS = 50; //!< random octet strings sent
    uint64_t m_garbage{0};                      //!< datagrams before the valid RS
};

/**
 * \ingroup teredo-tests
 * Ping tests in a world built by TeredoTopologyHelper (a site without NAT, an
 * IPv6-only host): a client's ICMPv6 echo request to the host, sent to the
 * server over UDP, leaves the server natively and reaches the host unchanged
 * but for the hop limit (the server and the IPv6 core each take one); an echo
 * reply is not sent out. Without an IPv6 Internet the server has no route.
 */
class NativePingTestCase : public TestCase
{
  public:
    NativePingTestCase()
        : TestCase("ping tests leave natively; no route, not an echo request: dropped")
    {
    }

  private:
    /// What one world saw.
    struct Seen
    {
        std::vector<Ptr<Packet>> atHost;             //!< IPv6 packets the host received
        uint32_t nativeTx{0};                        //!< the server's NativeTx trace
        uint64_t forwarded{0};                       //!< GetForwardedToNativeCount
        std::vector<TeredoServer::DropReason> drops; //!< the server's drops
        Ipv6Address teredo;                          //!< the client's Teredo address
        Ipv6Address host;                            //!< the host's address
    };

    /// \param ipv6Internet build the IPv6 Internet (an IPv6 host) \return what was seen
    Seen Run(bool ipv6Internet)
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        Seen seen;
        {
            TeredoTopologyHelper world;
            world.AddSite(TeredoTopologyHelper::NONE, 1);
            if (ipv6Internet)
            {
                world.AddIpv6Host();
            }
            world.Build();
            TeredoServerHelper helper(world.GetServerPrimaryAddress(), Ipv4Address::GetAny());
            ApplicationContainer apps = helper.Install(world.GetServerNode());
            apps.Start(Seconds(0.5));
            Ptr<TeredoServer> server = DynamicCast<TeredoServer>(apps.Get(0));
            server->TraceConnectWithoutContext(
                "NativeTx",
                Callback<void, Ptr<const Packet>>([&seen](Ptr<const Packet>) { ++seen.nativeTx; }));
            server->TraceConnectWithoutContext(
                "Drop",
                Callback<void, Ptr<const Packet>, TeredoServer::DropReason>(
                    [&seen](Ptr<const Packet>, TeredoServer::DropReason r) {
                        seen.drops.push_back(r);
                    }));

            // A client without NAT: its mapping is its own address and port.
            Ptr<Node> client = world.GetClients(0).Get(0);
            seen.teredo = TeredoAddress(world.GetServerPrimaryAddress(),
                                        0,
                                        HOST_PORT,
                                        world.GetClientAddress(0, 0))
                              .ToIpv6();
            seen.host = ipv6Internet ? world.GetIpv6HostAddress(0) : Ipv6Address("3fff:0:1::2");
            if (ipv6Internet)
            {
                world.GetIpv6Host(0)->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
                    "Rx",
                    Callback<void, Ptr<const Packet>, Ptr<Ipv6>, uint32_t>(
                        [&seen](Ptr<const Packet> p, Ptr<Ipv6>, uint32_t) {
                            Ipv6Header ip;
                            p->PeekHeader(ip);
                            if (ip.GetSource() == seen.teredo) // not neighbour discovery
                            {
                                seen.atHost.push_back(p->Copy());
                            }
                        }));
            }
            Ptr<Socket> socket = Socket::CreateSocket(client, UdpSocketFactory::GetTypeId());
            socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), HOST_PORT));
            InetSocketAddress to(world.GetServerPrimaryAddress(), PORT);
            Ptr<Packet> request = MakeEchoRequest(seen.teredo, seen.host);
            Ptr<Packet> reply = MakeEchoRequest(seen.teredo, seen.host, false);
            Simulator::Schedule(Seconds(1), [=]() { socket->SendTo(request, 0, to); });
            Simulator::Schedule(Seconds(1.1), [=]() { socket->SendTo(reply, 0, to); });
            Simulator::Stop(Seconds(3));
            Simulator::Run();
            seen.forwarded = server->GetForwardedToNativeCount();
            Simulator::Destroy();
        }
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
        return seen;
    }

    void DoRun() override
    {
        using S = TeredoServer;
        Seen seen = Run(true);
        NS_TEST_EXPECT_MSG_EQ(seen.forwarded, 1, "the echo request sent natively");
        NS_TEST_EXPECT_MSG_EQ(seen.nativeTx, 1, "and traced");
        NS_TEST_ASSERT_MSG_EQ(seen.drops.size(), 1, "the echo reply dropped");
        NS_TEST_EXPECT_MSG_EQ(S::DropReasonToString(seen.drops[0]),
                              S::DropReasonToString(S::DROP_NATIVE_NOT_ECHO_REQUEST),
                              "not an echo request");
        NS_TEST_ASSERT_MSG_EQ(seen.atHost.size(), 1, "the host got the echo request only");
        Ptr<Packet> p = seen.atHost[0];
        Ipv6Header ip;
        p->RemoveHeader(ip);
        NS_TEST_EXPECT_MSG_EQ(ip.GetSource(), seen.teredo, "from the client's Teredo address");
        NS_TEST_EXPECT_MSG_EQ(ip.GetDestination(), seen.host, "to the host");
        NS_TEST_EXPECT_MSG_EQ(unsigned(ip.GetHopLimit()), 253, "two routers on the way");
        Ptr<Packet> sent = MakeEchoRequest(seen.teredo, seen.host);
        Ipv6Header sentIp;
        sent->RemoveHeader(sentIp);
        NS_TEST_EXPECT_MSG_EQ((teredo_test::PacketBytes(p) == teredo_test::PacketBytes(sent)),
                              true,
                              "the ICMPv6 message unchanged");

        seen = Run(false);
        NS_TEST_EXPECT_MSG_EQ(seen.forwarded, 0, "nothing sent natively");
        NS_TEST_ASSERT_MSG_EQ(seen.drops.size(), 2, "both dropped");
        NS_TEST_EXPECT_MSG_EQ(S::DropReasonToString(seen.drops[0]),
                              S::DropReasonToString(S::DROP_NO_NATIVE_ROUTE),
                              "no IPv6 Internet: no route");
        NS_TEST_EXPECT_MSG_EQ(S::DropReasonToString(seen.drops[1]),
                              S::DropReasonToString(S::DROP_NATIVE_NOT_ECHO_REQUEST),
                              "not an echo request");
    }
};

/**
 * \ingroup teredo-tests
 * The Teredo server: qualification answers and the checks of RFC 4380 5.3.1.
 */
class TeredoServerTestSuite : public TestSuite
{
  public:
    TeredoServerTestSuite()
        : TestSuite("teredo-server", UNIT)
    {
        AddTestCase(new AdvertisementTestCase(), TestCase::QUICK);
        AddTestCase(new DropReasonsTestCase(), TestCase::QUICK);
        AddTestCase(new ForwardingTestCase(), TestCase::QUICK);
        AddTestCase(new NativePingTestCase(), TestCase::QUICK);
        AddTestCase(new RateLimitTestCase(), TestCase::QUICK);
        AddTestCase(new GarbageTestCase(), TestCase::QUICK);
    }
};

/// Static instance: registers the suite with ns-3's test runner.
TeredoServerTestSuite g_teredoServerTestSuite;

} // namespace
