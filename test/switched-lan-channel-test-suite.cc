/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// SwitchedLanChannel: unicast frames reach only their learned destination
// (against SimpleChannel, where every device sees them), floods for
// broadcast and unknown destinations, filtering, the bounded learning table,
// the black list, the channel's delay, and IPv4 UDP (ARP included) over it.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/switched-lan-channel.h"

#include <vector>

using namespace ns3;

namespace
{

/// What one device saw.
struct Seen
{
    uint32_t mine = 0;            //!< frames to it (unicast, broadcast, multicast)
    uint32_t others = 0;          //!< unicast frames to other devices it was handed
    std::vector<Time> arrivals{}; //!< when each of its own frames arrived
};

/// n nodes with one SimpleNetDevice each on one channel, each device's receipts counted.
struct Lan
{
    NodeContainer nodes;                         //!< the nodes
    std::vector<Ptr<SimpleNetDevice>> dev;       //!< device i of node i
    std::vector<Seen> seen;                      //!< what device i saw
    Ptr<SimpleChannel> channel;                  //!< the channel (switched or not)
    Ptr<SwitchedLanChannel> switched;            //!< the same, if switched
    static constexpr uint16_t PROTOCOL = 0x88B5; //!< IEEE local experimental EtherType

    /// \param n devices; \param switchedLan a SwitchedLanChannel, else a SimpleChannel
    Lan(uint32_t n, bool switchedLan)
        : seen(n)
    {
        switched = switchedLan ? CreateObject<SwitchedLanChannel>() : nullptr;
        channel = switchedLan ? Ptr<SimpleChannel>(switched) : CreateObject<SimpleChannel>();
        channel->SetAttribute("Delay", TimeValue(MicroSeconds(5)));
        nodes.Create(n);
        for (uint32_t i = 0; i < n; ++i)
        {
            Ptr<SimpleNetDevice> d = CreateObject<SimpleNetDevice>();
            d->SetAddress(Mac48Address::Allocate());
            d->SetQueue(CreateObject<DropTailQueue<Packet>>());
            d->SetChannel(channel);
            nodes.Get(i)->AddDevice(d);
            d->SetPromiscReceiveCallback(MakeCallback(&Lan::Receive, this));
            dev.push_back(d);
        }
    }

    /// Count a frame a device was handed.
    bool Receive(Ptr<NetDevice> d,
                 Ptr<const Packet>,
                 uint16_t,
                 const Address&,
                 const Address&,
                 NetDevice::PacketType type)
    {
        Seen& s = seen[d->GetNode()->GetId() - nodes.Get(0)->GetId()];
        if (type == NetDevice::PACKET_OTHERHOST)
        {
            ++s.others;
        }
        else
        {
            ++s.mine;
            s.arrivals.push_back(Simulator::Now());
        }
        return true;
    }

    /// At time t, device i sends a 100-octet frame to address to (claiming source from).
    void SendAt(Time t, uint32_t i, Mac48Address to, Mac48Address from)
    {
        Simulator::Schedule(t, [this, i, to, from]() {
            dev[i]->SendFrom(Create<Packet>(100), from, to, PROTOCOL);
        });
    }

    /// At time t, device i sends a frame to device j.
    void SendAt(Time t, uint32_t i, uint32_t j)
    {
        SendAt(t, i, Mac48Address::ConvertFrom(dev[j]->GetAddress()), Mac(i));
    }

    /// \return device i's address
    Mac48Address Mac(uint32_t i) const
    {
        return Mac48Address::ConvertFrom(dev[i]->GetAddress());
    }
};

/// Unicast reaches only its destination once learned; SimpleChannel hands it to all.
class SwitchedUnicastTestCase : public TestCase
{
  public:
    SwitchedUnicastTestCase()
        : TestCase("unicast to a learned address reaches that device only; floods otherwise")
    {
    }

  private:
    void DoRun() override
    {
        for (bool switchedLan : {true, false})
        {
            Lan lan(4, switchedLan);
            // 0 to 1 before 1 has sent anything: unknown, flooded. Then 1
            // broadcasts (learned), and 0 sends it 5 frames; 1 answers 0 once.
            lan.SendAt(MilliSeconds(1), 0, 1);
            lan.SendAt(MilliSeconds(2), 1, Mac48Address::GetBroadcast(), lan.Mac(1));
            for (uint32_t k = 0; k < 5; ++k)
            {
                lan.SendAt(MilliSeconds(3 + k), 0, 1);
            }
            lan.SendAt(MilliSeconds(10), 1, 0);
            Simulator::Run();

            NS_TEST_EXPECT_MSG_EQ(lan.seen[1].mine, 6, "device 1 got all 6 frames to it");
            NS_TEST_EXPECT_MSG_EQ(lan.seen[0].mine, 2, "device 0 got the broadcast and reply");
            for (uint32_t i : {2u, 3u})
            {
                NS_TEST_EXPECT_MSG_EQ(lan.seen[i].mine, 1, "the broadcast reached " << i);
                // Switched: only the first frame (destination unknown) was
                // flooded past them. Simple: all 7 unicast frames were.
                NS_TEST_EXPECT_MSG_EQ(lan.seen[i].others,
                                      switchedLan ? 1 : 7,
                                      "unicast frames handed to bystander " << i);
            }
            if (switchedLan)
            {
                NS_TEST_EXPECT_MSG_EQ(lan.switched->GetFloodedFrames(),
                                      2,
                                      "first frame, broadcast");
                NS_TEST_EXPECT_MSG_EQ(lan.switched->GetForwardedFrames(), 6, "5 frames, 1 reply");
                NS_TEST_EXPECT_MSG_EQ(lan.switched->GetNLearned(), 2, "devices 0 and 1 learned");
                NS_TEST_EXPECT_MSG_EQ(lan.switched->GetFilteredFrames(), 0, "nothing filtered");
            }
            Simulator::Destroy();
        }
    }
};

/// Filtering, moves, the table bound and the black list.
class SwitchedTableTestCase : public TestCase
{
  public:
    SwitchedTableTestCase()
        : TestCase("a frame back to its sender is filtered; addresses move; a full table floods")
    {
    }

  private:
    static void Filtered(uint32_t* n, Ptr<const Packet>, Mac48Address, Mac48Address)
    {
        ++*n;
    }

    void DoRun() override
    {
        {
            Lan lan(3, true);
            uint32_t traced = 0;
            lan.switched->TraceConnectWithoutContext("Filter",
                                                     MakeBoundCallback(&Filtered, &traced));
            // 0 sends from a made-up address X; then a frame to X from 0
            // itself is filtered, and one from 1 reaches 0 (in OTHERHOST:
            // X is not 0's address) but not 2.
            Mac48Address x("02:00:00:00:00:aa");
            lan.SendAt(MilliSeconds(1), 0, Mac48Address::GetBroadcast(), x);
            lan.SendAt(MilliSeconds(2), 0, x, lan.Mac(0));
            lan.SendAt(MilliSeconds(3), 1, x, lan.Mac(1));
            // X moves behind 2: the next frame to X goes to 2 alone.
            lan.SendAt(MilliSeconds(4), 2, Mac48Address::GetBroadcast(), x);
            lan.SendAt(MilliSeconds(5), 1, x, lan.Mac(1));
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(lan.switched->GetFilteredFrames(), 1, "the frame back to 0");
            NS_TEST_EXPECT_MSG_EQ(traced, 1, "traced once");
            NS_TEST_EXPECT_MSG_EQ(lan.seen[0].others, 1, "0 got the frame to X before the move");
            NS_TEST_EXPECT_MSG_EQ(lan.seen[2].others, 1, "2 got the frame to X after it");
            NS_TEST_EXPECT_MSG_EQ(lan.seen[1].others, 0, "1 never got a frame to X");
            Simulator::Destroy();
        }
        {
            Lan lan(4, true);
            lan.switched->SetAttribute("MaxAddresses", UintegerValue(2));
            lan.SendAt(MilliSeconds(1), 0, Mac48Address::GetBroadcast(), lan.Mac(0));
            lan.SendAt(MilliSeconds(2), 1, Mac48Address::GetBroadcast(), lan.Mac(1));
            lan.SendAt(MilliSeconds(3), 2, Mac48Address::GetBroadcast(), lan.Mac(2));
            lan.SendAt(MilliSeconds(4), 3, 2); // 2 not learned: flooded, still delivered
            lan.SendAt(MilliSeconds(5), 3, 1); // 1 learned: forwarded
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(lan.switched->GetNLearned(), 2, "the table stopped at 2");
            NS_TEST_EXPECT_MSG_EQ(lan.switched->GetUnlearnedSources(),
                                  3,
                                  "frames from 2 (1) and 3 (2)");
            NS_TEST_EXPECT_MSG_EQ(lan.seen[2].mine,
                                  3,
                                  "2 got its unicast frame (and 2 broadcasts)");
            NS_TEST_EXPECT_MSG_EQ(lan.seen[1].mine, 3, "1 got its frame (and 2 broadcasts)");
            NS_TEST_EXPECT_MSG_EQ(lan.seen[1].others, 1, "only the flooded frame passed 1");
            NS_TEST_EXPECT_MSG_EQ(lan.seen[0].others, 1, "the frame to 1 went to 1 alone");
            NS_TEST_EXPECT_MSG_EQ(lan.seen[2].others, 0, "2 saw no one else's frame");
            Simulator::Destroy();
        }
        {
            Lan lan(3, true);
            lan.SendAt(MilliSeconds(1), 1, Mac48Address::GetBroadcast(), lan.Mac(1));
            lan.SendAt(MilliSeconds(2), 0, 1);
            Simulator::Schedule(MilliSeconds(3),
                                [&lan]() { lan.switched->BlackList(lan.dev[0], lan.dev[1]); });
            lan.SendAt(MilliSeconds(4), 0, 1); // black-listed: lost, as on SimpleChannel
            lan.SendAt(MilliSeconds(5), 2, 1); // flooded from now on
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(lan.seen[1].mine,
                                  2,
                                  "1 got 0's first frame and 2's, not 0's second");
            NS_TEST_EXPECT_MSG_EQ(lan.seen[0].others, 1, "after BlackList, 0 sees 2's frame to 1");
            NS_TEST_EXPECT_MSG_EQ(lan.seen[2].others, 1, "and 2 sees 0's");
            NS_TEST_EXPECT_MSG_EQ(lan.switched->GetForwardedFrames(), 1, "only the first");
            Simulator::Destroy();
        }
    }
};

/// A forwarded frame takes the sender's serialisation plus the channel's current Delay.
class SwitchedDelayTestCase : public TestCase
{
  public:
    SwitchedDelayTestCase()
        : TestCase("a forwarded frame arrives after the channel's Delay, read when it is sent")
    {
    }

  private:
    void DoRun() override
    {
        Lan lan(3, true);
        lan.dev[0]->SetAttribute("DataRate", DataRateValue(DataRate("8Mbps")));
        lan.SendAt(MilliSeconds(1), 1, Mac48Address::GetBroadcast(), lan.Mac(1));
        lan.SendAt(MilliSeconds(2), 0, 1);
        Simulator::Schedule(MilliSeconds(3), [&lan]() {
            lan.channel->SetAttribute("Delay", TimeValue(MicroSeconds(250)));
        });
        lan.SendAt(MilliSeconds(4), 0, 1);
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(lan.seen[1].arrivals.size(), 2, "both frames arrived");
        // 100 octets plus no header at 8 Mb/s: 100 us of serialisation.
        NS_TEST_EXPECT_MSG_EQ(lan.seen[1].arrivals[0], MilliSeconds(2) + MicroSeconds(105), "5 us");
        NS_TEST_EXPECT_MSG_EQ(lan.seen[1].arrivals[1],
                              MilliSeconds(4) + MicroSeconds(350),
                              "250 us after the change");
        NS_TEST_EXPECT_MSG_EQ(lan.switched->GetForwardedFrames(), 2, "both forwarded");
        Simulator::Destroy();
    }
};

/// IPv4 UDP over the switch: ARP, then the datagrams to one host only.
class SwitchedUdpTestCase : public TestCase
{
  public:
    SwitchedUdpTestCase()
        : TestCase("IPv4 UDP between two of five hosts: all delivered, bystanders see only ARP")
    {
    }

  private:
    static void Count(uint32_t* n, Ptr<Socket> s)
    {
        while (s->Recv())
        {
            ++*n;
        }
    }

    void DoRun() override
    {
        Lan lan(5, true);
        InternetStackHelper stack;
        stack.SetIpv6StackInstall(false);
        stack.Install(lan.nodes);
        for (uint32_t i = 0; i < 5; ++i)
        {
            lan.dev[i]->SetMtu(1500);
            Ptr<Ipv4> ip = lan.nodes.Get(i)->GetObject<Ipv4>();
            uint32_t itf = ip->AddInterface(lan.dev[i]);
            ip->AddAddress(
                itf,
                Ipv4InterfaceAddress(Ipv4Address(0xC0000201 + i), Ipv4Mask("255.255.255.0")));
            ip->SetUp(itf);
        }
        uint32_t received = 0;
        TypeId udp = UdpSocketFactory::GetTypeId();
        Ptr<Socket> sink = Socket::CreateSocket(lan.nodes.Get(4), udp);
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        sink->SetRecvCallback(MakeBoundCallback(&Count, &received));
        Ptr<Socket> source = Socket::CreateSocket(lan.nodes.Get(0), udp);
        source->Connect(InetSocketAddress(Ipv4Address("192.0.2.5"), 9));
        // The first datagram waits for ARP (whose request has up to 10 ms of
        // jitter; ARP queues 3 packets), the others follow once it is done.
        for (uint32_t k = 0; k < 20; ++k)
        {
            Time at = k == 0 ? MilliSeconds(10) : MilliSeconds(100 + k);
            Simulator::Schedule(at, [source]() { source->Send(Create<Packet>(64)); });
        }
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(received, 20, "all 20 datagrams delivered");
        for (uint32_t i : {1u, 2u, 3u})
        {
            NS_TEST_EXPECT_MSG_EQ(lan.seen[i].mine, 1, "bystander " << i << " saw the ARP request");
            NS_TEST_EXPECT_MSG_EQ(lan.seen[i].others, 0, "and no unicast frame");
        }
        NS_TEST_EXPECT_MSG_EQ(lan.switched->GetFloodedFrames(), 1, "the ARP request");
        NS_TEST_EXPECT_MSG_EQ(lan.switched->GetForwardedFrames(),
                              21,
                              "the ARP reply, 20 datagrams");
        Simulator::Destroy();
    }
};

} // namespace

/// The SwitchedLanChannel suite.
class SwitchedLanChannelTestSuite : public TestSuite
{
  public:
    SwitchedLanChannelTestSuite()
        : TestSuite("switched-lan-channel", UNIT)
    {
        AddTestCase(new SwitchedUnicastTestCase, TestCase::QUICK);
        AddTestCase(new SwitchedTableTestCase, TestCase::QUICK);
        AddTestCase(new SwitchedDelayTestCase, TestCase::QUICK);
        AddTestCase(new SwitchedUdpTestCase, TestCase::QUICK);
    }
};

/// The suite's one instance.
static SwitchedLanChannelTestSuite g_switchedLanChannelTestSuite;
