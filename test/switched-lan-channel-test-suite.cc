/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// SwitchedLanChannel: unicast frames reach only their learned destination
// (against SimpleChannel, where every device sees them), floods for
// broadcast and unknown destinations, filtering, the bounded learning table,
// the black list, the channel's delay, and IPv4 UDP (ARP included) over it.

#include "teredo-test-packets.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/switched-lan-channel.h"
#include "ns3/switched-lan-helper.h"

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
            Simulator::Schedule(MilliSeconds(6),
                                [&lan]() { lan.switched->UnBlackList(lan.dev[0], lan.dev[1]); });
            lan.SendAt(MilliSeconds(7), 0, 1); // reaches 1 again, still flooded
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(lan.seen[1].mine,
                                  3,
                                  "1 got 0's first and third frames and 2's, not 0's second");
            NS_TEST_EXPECT_MSG_EQ(lan.seen[0].others, 1, "after BlackList, 0 sees 2's frame to 1");
            NS_TEST_EXPECT_MSG_EQ(lan.seen[2].others, 2, "and 2 sees 0's");
            NS_TEST_EXPECT_MSG_EQ(lan.switched->GetForwardedFrames(), 1, "only the first");
            NS_TEST_EXPECT_MSG_EQ(lan.switched->GetFloodedFrames(), 4, "the rest");
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

/// Output ports with PortDataRate: store and forward, one frame at a time, a bounded queue.
class SwitchedPortTestCase : public TestCase
{
  public:
    SwitchedPortTestCase()
        : TestCase("with PortDataRate, frames to one port wait their turn; a full port drops")
    {
    }

  private:
    static void Dropped(uint32_t* n,
                        Ptr<const Packet>,
                        Mac48Address,
                        Mac48Address,
                        Ptr<const SimpleNetDevice>)
    {
        ++*n;
    }

    void DoRun() override
    {
        for (bool ports : {true, false})
        {
            Lan lan(3, true);
            uint32_t traced = 0;
            if (ports)
            {
                // 100-octet frames take 100 us at a port.
                lan.switched->SetAttribute("PortDataRate", DataRateValue(DataRate("8Mb/s")));
                lan.switched->SetAttribute("PortQueueFrames", UintegerValue(2));
                lan.switched->TraceConnectWithoutContext("PortDrop",
                                                         MakeBoundCallback(&Dropped, &traced));
            }
            for (uint32_t i = 0; i < 3; ++i)
            {
                lan.SendAt(MilliSeconds(1 + i), i, Mac48Address::GetBroadcast(), lan.Mac(i));
            }
            // At 10 ms 0 and 1 send to 2 at once, and 0 to 1: port 2 sends
            // one after the other; port 1 is free.
            lan.SendAt(MilliSeconds(10), 0, 2);
            lan.SendAt(MilliSeconds(10), 1, 2);
            lan.SendAt(MilliSeconds(10), 0, 1);
            // At 20 ms 0 sends 2 three frames: the port holds two.
            for (uint32_t k = 0; k < 3; ++k)
            {
                lan.SendAt(MilliSeconds(20), 0, 2);
            }
            Simulator::Run();

            const Time d = MicroSeconds(5);
            const Time tx = ports ? MicroSeconds(100) : Time(0);
            std::vector<Time> to2{MilliSeconds(1) + tx + d,
                                  MilliSeconds(2) + tx + d,
                                  MilliSeconds(10) + tx + d,
                                  MilliSeconds(10) + 2 * tx + d,
                                  MilliSeconds(20) + tx + d,
                                  MilliSeconds(20) + 2 * tx + d};
            if (!ports)
            {
                to2.push_back(MilliSeconds(20) + d); // the third is not dropped
            }
            NS_TEST_ASSERT_MSG_EQ(lan.seen[2].arrivals.size(), to2.size(), "frames 2 got");
            for (size_t k = 0; k < to2.size(); ++k)
            {
                NS_TEST_EXPECT_MSG_EQ(lan.seen[2].arrivals[k], to2[k], "2's frame " << k);
            }
            const std::vector<Time> to1{MilliSeconds(1) + tx + d,
                                        MilliSeconds(3) + tx + d,
                                        MilliSeconds(10) + tx + d};
            NS_TEST_ASSERT_MSG_EQ(lan.seen[1].arrivals.size(), to1.size(), "frames 1 got");
            for (size_t k = 0; k < to1.size(); ++k)
            {
                NS_TEST_EXPECT_MSG_EQ(lan.seen[1].arrivals[k], to1[k], "1's frame " << k);
            }
            NS_TEST_EXPECT_MSG_EQ(lan.switched->GetPortDrops(),
                                  (ports ? 1 : 0),
                                  "dropped at port 2");
            NS_TEST_EXPECT_MSG_EQ(traced, (ports ? 1 : 0), "PortDrop fired");
            Simulator::Destroy();
        }
    }
};

/// SwitchedLanHelper's pcaps: what each device sent and was handed, with
/// Ethernet headers made up of the frames' addresses and EtherType.
class SwitchedPcapTestCase : public TestCase
{
  public:
    SwitchedPcapTestCase()
        : TestCase("SwitchedLanHelper's pcaps hold each device's frames, sent and handed to it")
    {
    }

  private:
    /// One pcap record: when, and the Ethernet header's fields.
    struct Record
    {
        Time at;           //!< its time stamp
        Mac48Address to;   //!< destination
        Mac48Address from; //!< source
        uint16_t type;     //!< EtherType
        uint32_t length;   //!< octets captured
    };

    /// \return the records of a pcap file, which must be of link type Ethernet
    std::vector<Record> Read(const std::string& name)
    {
        PcapFile file;
        file.Open(name, std::ios::in);
        NS_TEST_EXPECT_MSG_EQ(file.Fail(), false, "opened " << name);
        NS_TEST_EXPECT_MSG_EQ(file.GetDataLinkType(), PcapHelper::DLT_EN10MB, "Ethernet");
        std::vector<Record> records;
        for (const teredo_test::PcapFrame& f : teredo_test::ReadEthernetFrames(name))
        {
            Record r;
            r.at = f.at;
            r.length = f.octets->GetSize();
            EthernetHeader header(false);
            f.octets->PeekHeader(header);
            r.to = header.GetDestination();
            r.from = header.GetSource();
            r.type = header.GetLengthType();
            records.push_back(r);
        }
        return records;
    }

    void DoRun() override
    {
        NodeContainer nodes(3);
        SwitchedLanHelper helper;
        helper.SetChannelAttribute("Delay", TimeValue(MicroSeconds(5)));
        NetDeviceContainer devices = helper.Install(nodes);
        NS_TEST_ASSERT_MSG_EQ(devices.GetN(), 3, "a device a node");
        NS_TEST_EXPECT_MSG_EQ(devices.Get(0)->GetMtu(), 1500, "Ethernet's MTU");
        std::vector<Mac48Address> mac;
        for (uint32_t i = 0; i < 3; ++i)
        {
            mac.push_back(Mac48Address::ConvertFrom(devices.Get(i)->GetAddress()));
        }
        const std::string prefix = CreateTempDirFilename("lan");
        helper.EnablePcap(prefix, devices.Get(0));
        helper.EnablePcap(prefix, devices.Get(1));
        helper.EnablePcap(prefix + "-promiscuous.pcap", devices.Get(2), true, true);

        const uint16_t type = 0x88B5;
        const Mac48Address unknown("02:00:00:00:00:aa");
        auto send = [&](Time t, uint32_t i, Mac48Address to) {
            Simulator::Schedule(t, [&devices, i, to, type]() {
                devices.Get(i)->Send(Create<Packet>(100), to, type);
            });
        };
        send(MilliSeconds(1), 0, Mac48Address::GetBroadcast()); // the switch learns 0
        send(MilliSeconds(2), 1, mac[0]);                       // to 0 alone
        send(MilliSeconds(3), 0, unknown);                      // flooded to 1 and 2
        Simulator::Run();
        Simulator::Destroy();

        const Time d = MicroSeconds(5);
        auto check = [this](const std::vector<Record>& got,
                            const std::vector<Record>& want,
                            const std::string& who) {
            NS_TEST_ASSERT_MSG_EQ(got.size(), want.size(), who << ": records");
            for (size_t k = 0; k < want.size(); ++k)
            {
                NS_TEST_EXPECT_MSG_EQ(got[k].at, want[k].at, who << " record " << k << ": time");
                NS_TEST_EXPECT_MSG_EQ(got[k].to, want[k].to, who << " record " << k << ": to");
                NS_TEST_EXPECT_MSG_EQ(got[k].from, want[k].from, who << " record " << k);
                NS_TEST_EXPECT_MSG_EQ(got[k].type, 0x88B5, who << " record " << k << ": type");
                NS_TEST_EXPECT_MSG_EQ(got[k].length, 114, who << " record " << k << ": 14 + 100");
            }
        };
        const Mac48Address all = Mac48Address::GetBroadcast();
        // 0 sent the broadcast and the frame to the unknown address, and got 1's.
        check(Read(prefix + "-0-0.pcap"),
              {{MilliSeconds(1), all, mac[0], type, 114},
               {MilliSeconds(2) + d, mac[0], mac[1], type, 114},
               {MilliSeconds(3), unknown, mac[0], type, 114}},
              "device 0");
        // 1 got the broadcast and sent to 0; the flooded frame, not to it, is left out.
        check(Read(prefix + "-1-0.pcap"),
              {{MilliSeconds(1) + d, all, mac[0], type, 114},
               {MilliSeconds(2), mac[0], mac[1], type, 114}},
              "device 1");
        // 2, promiscuous: the broadcast and the flooded frame; never 1's frame to 0.
        check(Read(prefix + "-promiscuous.pcap"),
              {{MilliSeconds(1) + d, all, mac[0], type, 114},
               {MilliSeconds(3) + d, unknown, mac[0], type, 114}},
              "device 2");
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
        AddTestCase(new SwitchedPortTestCase, TestCase::QUICK);
        AddTestCase(new SwitchedUdpTestCase, TestCase::QUICK);
        AddTestCase(new SwitchedPcapTestCase, TestCase::QUICK);
    }
};

/// The suite's one instance.
static SwitchedLanChannelTestSuite g_switchedLanChannelTestSuite;
