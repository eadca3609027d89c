/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// teredo-relay-bench: the ns-3 side of benchmarks/relay-throughput.sh.
//
// The world of teredo-emulation --role=infrastructure, built by the same code
// (examples/teredo-emulation-world.h: TeredoTopologyHelper's server, relay and
// IPv6-only host; the TAP on the IPv4 core router as the access block's last
// /30, Linux end --gateway, 203.0.113.253), in real time with RealtimeSimulatorImpl's
// SynchronizationMode set to HardLimit (--hard-limit, 100 ms): if the
// simulator ever runs an event more than that late, ns-3 aborts with "Hard
// real-time limit exceeded", which the script reports as a breach.
//
// Where the relay's native side ends (--sink):
//
// - ns3: the IPv6-only host inside ns-3 (3fff:0:2::2) counts what reaches UDP
//   port --port on a socket;
// - linux (the like-for-like layout of the benchmark): a second TAP,
//   --tap6, on the IPv6 core router, which holds 3fff:0:ff::1/64 on it. The
//   script moves that TAP into a Linux namespace that takes 3fff:0:ff::2 and
//   routes 2001::/32 and 3fff::/20 back to 3fff:0:ff::1; udp-count counts there.
//   The core routes 3fff:0:ff::/64 to the TAP, the relay routes 3fff::/20 to
//   the core: the server's ping tests and the relay's datagrams leave ns-3.
//
//   Linux NAT 203.0.113.253 tap [ns-3: core .254 -- server 192.0.2.1, .2
//                                                 -- relay 198.51.100.1
//                                       IPv6 core -- server, relay, host 3fff:0:2::2
//                                                 -- tap6 3fff:0:ff::1] Linux host ::2
//
// While running, every 10 ms an event measures how late the simulator runs
// (wall clock since the start minus simulation time: the lag). On SIGUSR1 it
// prints one "report" line: the largest lag since the last report and since
// the start, frames from the TAP (FdNetDevice MacRx), datagrams the relay
// received, relayed to native and to Teredo, its bubbles, peers and drops
// (with the reasons), the server's ping tests sent natively, frames out of
// tap6, what the host's socket received (all, and per benchmark step: the
// step number udp-blast writes into each payload), and every drop of the stock
// models by kind and place ("ns3-drop queue-disc@4/1 3110": node 4's device 1;
// device queues, MAC and PHY drops, queue discs, IPv4 and IPv6 by reason
// number). SIGTERM or SIGINT stops the simulation; the same line is printed as
// "final ...", then "exit ok".
//
// --profile-rate=R (no TAP, no real time, for callgrind or timing): the same
// world plus one site behind a port-restricted-cone NAT with a TeredoClient;
// once it is qualified, a UdpClient on it sends --profile-seconds x R datagrams
// of --size bytes to the host's port (the client's ping test through the
// server, the relay's bubble and then the direct path, as Miredo does it).
// The wall-clock time the run took gives how many datagrams per second of
// this path one core simulates ("profile ..." lines; the lag means nothing
// here). The client's LAN is 1 Gb/s with 1 us delay (--fast-lan): the helper's
// 100 Mb/s, 100 us CSMA LAN carries fewer than 9,000 frames per second.
//
// --qdisc=false builds the world without the root queue discs (FqCoDel) the
// helper installs on every device (SetQueueDiscs), to measure what they cost; --SchedulerType (an
// ns-3 global) picks the event scheduler.
//
//   teredo-relay-bench [--tap=tb-v4] [--gateway=203.0.113.253] [--sink=ns3|linux]
//                      [--tap6=tb-v6] [--port=9000] [--sync=hard|best-effort]
//                      [--hard-limit=100ms] [--duration=0]
//                      [--profile-rate=0] [--profile-seconds=2] [--size=64]
//                      [--fast-lan=true] [--qdisc=true]
//                      [--SchedulerType=ns3::MapScheduler]
//
// Output lines: "relay <ipv4> <ipv6>", "host <address>" (ns3 sink), "tap6
// <address> linux <address>" (linux sink), "ready" once the simulator is about
// to run, "report ..." and "final ...", "exit ok".

#include "teredo-emulation-world.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/fd-net-device-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/teredo-module.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("TeredoRelayBench");

namespace
{

volatile sig_atomic_t g_report = 0; //!< SIGUSR1 seen
volatile sig_atomic_t g_stop = 0;   //!< SIGTERM or SIGINT seen

void
OnReport(int)
{
    g_report = 1;
}

void
OnStop(int)
{
    g_stop = 1;
}

/// The command line.
struct Options
{
    std::string tap = "tb-v4";             //!< the IPv4 TAP's name
    std::string gateway = "203.0.113.253"; //!< its Linux end
    std::string sink = "ns3";              //!< ns3 or linux
    std::string tap6 = "tb-v6";            //!< linux sink: the IPv6 TAP's name
    uint16_t port = 9000;                  //!< the counted UDP port
    std::string sync = "hard";             //!< hard or best-effort
    Time hardLimit = MilliSeconds(100);    //!< the real-time limit
    double duration = 0;                   //!< seconds to run, 0: until SIGTERM
    double profileRate = 0;                //!< > 0: the non-real-time profile run
    double profileSeconds = 2;             //!< how long the profile run sends
    bool qdisc = true;                     //!< keep the helpers' root queue discs
    bool fastLan = true;                   //!< profile run: a 1 Gb/s, 1 us client LAN
    std::string world = "full";            //!< full or relay
    std::string address = "198.51.100.1";  //!< relay world: the relay's IPv4 address
    std::string address6 = "3fff:0:1::2";  //!< relay world: its IPv6 address
    std::string gateway6 = "3fff:0:1::1";  //!< relay world: the IPv6 Linux end
    std::string coreRate;                  //!< core links' rate ("": the helper's)
    std::string coreDelay;                 //!< core links' delay ("": the helper's)
    uint32_t size = 64;                    //!< profile run: UDP payload bytes
};

/// Everything counted.
struct Counters
{
    uint64_t tapRx{0};                    //!< frames from the IPv4 TAP
    uint64_t tap6Tx{0};                   //!< frames out of the IPv6 TAP
    uint64_t relayRx{0};                  //!< UDP datagrams at the relay
    uint64_t hostRx{0};                   //!< datagrams at the ns-3 host's port
    std::map<uint32_t, uint64_t> perStep; //!< of those, per benchmark step
    int64_t lagMaxNs{0};                  //!< largest lag since the last report
    int64_t lagMaxTotalNs{0};             //!< largest lag since the start
    uint32_t reports{0};                  //!< reports printed
};

Counters g_counters;
std::chrono::steady_clock::time_point g_wallStart; //!< wall clock at simulation time 0
Ptr<TeredoRelay> g_relay;
Ptr<TeredoServer> g_server;

void
CountFrame(uint64_t* counter, Ptr<const Packet>)
{
    ++*counter;
}

/// Drops inside ns-3 by kind and place ("queue-disc@3/1": node 3, device 1).
std::map<std::string, uint64_t> g_drops;

/// \return `kind`@node/device (or @node) read from a Config path
std::string
Where(const std::string& kind, const std::string& context)
{
    std::string where = kind + "@";
    std::istringstream in(context);
    std::string part;
    bool number = false;
    while (std::getline(in, part, '/'))
    {
        if (number)
        {
            where += (where.back() == '@' ? "" : "/") + part;
        }
        number = part == "NodeList" || part == "DeviceList" || part == "RootQueueDiscList";
    }
    return where;
}

void
CountDrop(std::string kind, std::string context, Ptr<const Packet>)
{
    ++g_drops[Where(kind, context)];
}

void
CountQueueDiscDrop(std::string context, Ptr<const QueueDiscItem>)
{
    ++g_drops[Where("queue-disc", context)];
}

void
CountIpv4Drop(std::string context,
              const Ipv4Header&,
              Ptr<const Packet>,
              Ipv4L3Protocol::DropReason reason,
              Ptr<Ipv4>,
              uint32_t)
{
    ++g_drops[Where("ipv4-" + std::to_string(int(reason)), context)];
}

void
CountIpv6Drop(std::string context,
              const Ipv6Header&,
              Ptr<const Packet>,
              Ipv6L3Protocol::DropReason reason,
              Ptr<Ipv6>,
              uint32_t)
{
    ++g_drops[Where("ipv6-" + std::to_string(int(reason)), context)];
}

void
CountNatDrop(uint32_t site, Ptr<const Packet>, const Ipv4Header&, Ipv4Nat::DropReason reason)
{
    ++g_drops["nat-" + Ipv4Nat::DropReasonToString(reason) + "@site" + std::to_string(site)];
}

/**
 * Count every drop of the stock models (device queues, MAC and PHY drops,
 * queue discs, IPv4, IPv6; the IP reasons are the enums' numbers), to tell
 * where a loss inside ns-3 happened.
 */
void
TraceDrops()
{
    for (const char* device : {"PointToPointNetDevice", "CsmaNetDevice"})
    {
        std::string path = std::string("/NodeList/*/DeviceList/*/$ns3::") + device;
        Config::ConnectFailSafe(path + "/TxQueue/Drop",
                                MakeBoundCallback(&CountDrop, std::string("device-queue")));
        Config::ConnectFailSafe(path + "/MacTxDrop",
                                MakeBoundCallback(&CountDrop, std::string("mac-tx")));
        Config::ConnectFailSafe(path + "/PhyRxDrop",
                                MakeBoundCallback(&CountDrop, std::string("phy-rx")));
        Config::ConnectFailSafe(path + "/PhyTxDrop",
                                MakeBoundCallback(&CountDrop, std::string("phy-tx")));
    }
    Config::ConnectFailSafe("/NodeList/*/$ns3::TrafficControlLayer/RootQueueDiscList/*/Drop",
                            MakeCallback(&CountQueueDiscDrop));
    Config::ConnectFailSafe("/NodeList/*/$ns3::Ipv4L3Protocol/Drop", MakeCallback(&CountIpv4Drop));
    Config::ConnectFailSafe("/NodeList/*/$ns3::Ipv6L3Protocol/Drop", MakeCallback(&CountIpv6Drop));
}

void
RelayRx(Ptr<const Packet>, const Address&)
{
    ++g_counters.relayRx;
}

void
HostRead(Ptr<Socket> socket)
{
    while (Ptr<Packet> p = socket->Recv())
    {
        ++g_counters.hostRx;
        uint8_t head[8];
        if (p->GetSize() >= 8 && p->CopyData(head, 8) == 8 && std::memcmp(head, "TRB1", 4) == 0)
        {
            uint32_t step = uint32_t(head[4]) << 24 | uint32_t(head[5]) << 16 |
                            uint32_t(head[6]) << 8 | uint32_t(head[7]);
            ++g_counters.perStep[step];
        }
    }
}

/// Print the counters on one line starting with `what`.
void
PrintCounters(const std::string& what)
{
    Counters& c = g_counters;
    std::ostringstream line;
    line << what << " " << c.reports++ << " t " << Simulator::Now().GetSeconds() << " lag-max-ms "
         << double(c.lagMaxNs) / 1e6 << " lag-max-total-ms " << double(c.lagMaxTotalNs) / 1e6
         << " tap-rx " << c.tapRx << " relay-rx " << c.relayRx << " relayed-to-native "
         << g_relay->GetForwardedToNativeCount() << " relayed-to-teredo "
         << g_relay->GetForwardedToTeredoCount() << " bubbles " << g_relay->GetBubbleTxCount()
         << " peers " << g_relay->GetPeerCount() << " relay-drops " << g_relay->GetTotalDropCount()
         << " server-native " << (g_server ? g_server->GetForwardedToNativeCount() : 0)
         << " tap6-tx " << c.tap6Tx << " host-rx " << c.hostRx;
    for (const auto& [step, n] : c.perStep)
    {
        line << " step " << step << " " << n;
    }
    for (const auto& [where, n] : g_drops)
    {
        line << " ns3-drop " << where << " " << n;
    }
    for (uint32_t r = 0; r < TeredoRelay::DROP_REASON_COUNT; ++r)
    {
        auto reason = TeredoRelay::DropReason(r);
        if (g_relay->GetDropCount(reason) > 0)
        {
            line << " drop " << TeredoRelay::DropReasonToString(reason) << " "
                 << g_relay->GetDropCount(reason);
        }
    }
    std::cout << line.str() << std::endl;
    c.lagMaxNs = 0;
}

/// Every 10 ms: measure the lag, act on signals.
void
Probe()
{
    auto wall = std::chrono::steady_clock::now() - g_wallStart;
    int64_t lag = std::chrono::duration_cast<std::chrono::nanoseconds>(wall).count() -
                  Simulator::Now().GetNanoSeconds();
    g_counters.lagMaxNs = std::max(g_counters.lagMaxNs, lag);
    g_counters.lagMaxTotalNs = std::max(g_counters.lagMaxTotalNs, lag);
    if (g_report)
    {
        g_report = 0;
        PrintCounters("report");
    }
    if (g_stop)
    {
        Simulator::Stop();
        return;
    }
    Simulator::Schedule(MilliSeconds(10), &Probe);
}

void
StartClock()
{
    g_wallStart = std::chrono::steady_clock::now();
    Probe();
}

/// The profile run's client: a sender installed once it is qualified.
struct ProfileRun
{
    Ptr<TeredoClient> client; //!< the client
    UdpClientHelper sender;   //!< makes its sender
    bool started{false};      //!< sender installed
    uint32_t count{0};        //!< datagrams it sends
};

void
ProfileQualified(ProfileRun* run, Ipv6Address, TeredoQualification::NatType)
{
    if (!run->started)
    {
        run->started = true;
        run->sender.Install(run->client->GetNode()).Start(Seconds(0));
    }
}

/// Run the simulation until stopped, with the signal handlers and the lag
/// probe. \return the wall-clock seconds it ran
double
RunRealtime()
{
    struct sigaction sa
    {
    };

    sa.sa_handler = OnReport;
    sigaction(SIGUSR1, &sa, nullptr);
    sa.sa_handler = OnStop;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);

    TraceDrops();
    Simulator::ScheduleNow(&StartClock);
    std::cout << "ready" << std::endl;
    auto wall0 = std::chrono::steady_clock::now();
    Simulator::Run();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
}

/**
 * --world=relay: one ns-3 node, the relay, on one dual-stack TAP whose Linux
 * end (--gateway/30, --gateway6/64) is a Linux router, as Miredo's relay sits
 * on one veth in the benchmark's all-Linux layout: server, NAT and host are
 * Linux, and ns-3 simulates only the relay.
 */
int
RunRelayWorld(const Options& o)
{
    Ptr<Node> node = CreateObject<Node>();
    InternetStackHelper().Install(node);
    Ipv4Address linuxEnd(o.gateway.c_str());
    Ipv4Mask mask30("255.255.255.252");
    TapEmulationHelper emulation(TapEmulationHelper::FD_NET_DEVICE);
    emulation.SetTapName(o.tap);
    emulation.SetLinuxAddress(linuxEnd, mask30);
    emulation.SetMacAddress(TapEmulationHelper::MakeMac(5));
    Ptr<NetDevice> tap = emulation.Install(node);
    uint32_t if4 =
        TeredoEmulationWorld::AddAddress(node, tap, Ipv4Address(o.address.c_str()), mask30);
    Ipv4StaticRoutingHelper()
        .GetStaticRouting(node->GetObject<Ipv4>())
        ->SetDefaultRoute(linuxEnd, if4);
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    int32_t found = ipv6->GetInterfaceForDevice(tap);
    uint32_t if6 = found >= 0 ? uint32_t(found) : ipv6->AddInterface(tap);
    ipv6->AddAddress(if6, Ipv6InterfaceAddress(Ipv6Address(o.address6.c_str()), Ipv6Prefix(64)));
    ipv6->SetForwarding(if6, true);
    ipv6->SetUp(if6);
    Ipv6StaticRoutingHelper().GetStaticRouting(ipv6)->SetDefaultRoute(
        Ipv6Address(o.gateway6.c_str()),
        if6);
    tap->TraceConnectWithoutContext("MacRx", MakeBoundCallback(&CountFrame, &g_counters.tapRx));
    tap->TraceConnectWithoutContext("MacTx", MakeBoundCallback(&CountFrame, &g_counters.tap6Tx));

    g_relay = DynamicCast<TeredoRelay>(TeredoRelayHelper().Install(node).Get(0));
    g_relay->TraceConnectWithoutContext("Rx", MakeCallback(&RelayRx));
    std::cout << "relay " << o.address << " " << o.address6 << std::endl;
    if (o.duration > 0)
    {
        Simulator::Stop(Seconds(o.duration));
    }
    RunRealtime();
    PrintCounters("final");
    Simulator::Destroy();
    std::cout << "exit ok" << std::endl;
    return 0;
}

int
Run(const Options& o)
{
    const bool profile = o.profileRate > 0;
    // teredo-emulation --role=infrastructure's world (teredo-emulation-world.h).
    TeredoEmulationWorld emulationWorld;
    TeredoTopologyHelper& world = emulationWorld.GetTopology();
    if (!o.coreRate.empty() || !o.coreDelay.empty())
    {
        world.SetCoreLink(DataRate(o.coreRate.empty() ? "1Gbps" : o.coreRate),
                          Time(o.coreDelay.empty() ? "10ms" : o.coreDelay));
    }
    if (profile)
    {
        if (o.fastLan)
        {
            // ns-3's CsmaChannel is busy for a frame's transmission and
            // propagation: with the helper's 100 us LAN it carries fewer than
            // 9,000 frames per second.
            world.SetLan(DataRate("1Gbps"), MicroSeconds(1));
        }
        world.AddSite(TeredoTopologyHelper::PORT_RESTRICTED_CONE, 1);
    }
    world.SetQueueDiscs(o.qdisc);
    emulationWorld.Build();
    if (!profile)
    {
        Ptr<NetDevice> tap = emulationWorld.AddCoreTap(TapEmulationHelper::FD_NET_DEVICE,
                                                       o.tap,
                                                       Ipv4Address(o.gateway.c_str()));
        tap->TraceConnectWithoutContext("MacRx", MakeBoundCallback(&CountFrame, &g_counters.tapRx));
    }
    if (!profile && o.sink == "linux")
    {
        // The IPv6 TAP on the IPv6 core; its Linux end is configured by the
        // script after it moves the TAP into the host's namespace.
        TapEmulationHelper emulation6(TapEmulationHelper::FD_NET_DEVICE);
        emulation6.SetTapName(o.tap6);
        emulation6.SetMacAddress(TapEmulationHelper::MakeMac(4));
        Ptr<Node> core6 = world.GetIpv6CoreRouter();
        Ptr<NetDevice> tap6 = emulation6.Install(core6);
        Ptr<Ipv6> ipv6 = core6->GetObject<Ipv6>();
        uint32_t i = ipv6->AddInterface(tap6);
        ipv6->AddAddress(i, Ipv6InterfaceAddress(Ipv6Address("3fff:0:ff::1"), Ipv6Prefix(64)));
        ipv6->SetForwarding(i, true);
        ipv6->SetUp(i);
        tap6->TraceConnectWithoutContext("MacTx",
                                         MakeBoundCallback(&CountFrame, &g_counters.tap6Tx));
        std::cout << "tap6 3fff:0:ff::1 linux 3fff:0:ff::2" << std::endl;
    }

    emulationWorld.InstallServerAndRelay();
    g_server = emulationWorld.GetServer();
    g_relay = emulationWorld.GetRelay();
    g_relay->TraceConnectWithoutContext("Rx", MakeCallback(&RelayRx));

    Ptr<Node> host = world.GetIpv6Host(0);
    Ptr<Socket> sink = Socket::CreateSocket(host, UdpSocketFactory::GetTypeId());
    sink->SetAttribute("RcvBufSize", UintegerValue(1 << 24));
    sink->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), o.port));
    sink->SetRecvCallback(MakeCallback(&HostRead));

    std::cout << "relay " << world.GetRelayIpv4Address(0) << " " << world.GetRelayIpv6Address(0)
              << std::endl;
    std::cout << "host " << world.GetIpv6HostAddress(0) << std::endl;

    ProfileRun run;
    if (profile)
    {
        TeredoClientHelper clientHelper(world.GetServerPrimaryAddress());
        ApplicationContainer apps = clientHelper.Install(world.GetAllClients());
        TeredoClientHelper::AssignStreams(apps, 10);
        apps.Start(Seconds(1));
        run.client = DynamicCast<TeredoClient>(apps.Get(0));
        world.GetNat(0)->TraceConnectWithoutContext("Drop",
                                                    MakeBoundCallback(&CountNatDrop, uint32_t(0)));
        run.count = uint32_t(o.profileRate * o.profileSeconds);
        run.sender = UdpClientHelper(world.GetIpv6HostAddress(0), o.port);
        run.sender.SetAttribute("MaxPackets", UintegerValue(run.count));
        run.sender.SetAttribute("Interval", TimeValue(Seconds(1.0 / o.profileRate)));
        run.sender.SetAttribute("PacketSize", UintegerValue(o.size));
        run.client->TraceConnectWithoutContext("Qualified",
                                               MakeBoundCallback(&ProfileQualified, &run));
        Simulator::Stop(Seconds(5 + o.profileSeconds + 2));
    }
    else if (o.duration > 0)
    {
        Simulator::Stop(Seconds(o.duration));
    }

    double wall = RunRealtime();
    PrintCounters("final");
    if (profile)
    {
        std::cout << "profile rate " << o.profileRate << " seconds " << o.profileSeconds << " sent "
                  << (run.started ? run.count : 0) << " host-rx " << g_counters.hostRx
                  << " wall-seconds " << wall << " simulated-datagrams-per-wall-second "
                  << (wall > 0 ? double(g_counters.hostRx) / wall : 0) << std::endl;
        std::cout << "profile client direct-tx " << run.client->GetDirectTxCount() << " queue-full "
                  << run.client->GetDropCount(TeredoClient::DROP_QUEUE_FULL) << " ping-tests "
                  << run.client->GetPingTestCount() << std::endl;
    }
    g_relay = nullptr;
    g_server = nullptr;
    Simulator::Destroy();
    std::cout << "exit ok" << std::endl;
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    Options o;
    CommandLine cmd(__FILE__);
    cmd.AddValue("tap", "name of the IPv4 TAP (on the IPv4 core router)", o.tap);
    cmd.AddValue("gateway",
                 "Linux end of the IPv4 TAP (a /30; the core is the next address)",
                 o.gateway);
    cmd.AddValue("sink",
                 "ns3: count at the IPv6-only host inside ns-3; linux: route the relay's "
                 "native side out of a second TAP (--tap6) to a Linux host",
                 o.sink);
    cmd.AddValue("tap6", "linux sink: name of the IPv6 TAP (on the IPv6 core router)", o.tap6);
    cmd.AddValue("port", "UDP port counted at the ns-3 host", o.port);
    cmd.AddValue("sync", "hard: abort past --hard-limit; best-effort: never abort", o.sync);
    cmd.AddValue("hard-limit", "largest lag allowed with --sync=hard", o.hardLimit);
    cmd.AddValue("duration", "real seconds to run (0: until SIGTERM)", o.duration);
    cmd.AddValue("profile-rate",
                 "> 0: no TAP, no real time; a TeredoClient inside ns-3 sends this many "
                 "datagrams per second to the host",
                 o.profileRate);
    cmd.AddValue("profile-seconds", "profile run: seconds of sending", o.profileSeconds);
    cmd.AddValue("size", "profile run: UDP payload bytes", o.size);
    cmd.AddValue("fast-lan",
                 "profile run: the client's LAN at 1 Gb/s and 1 us (false: the helper's "
                 "100 Mb/s, 100 us, which carries fewer than 9,000 frames/s)",
                 o.fastLan);
    cmd.AddValue("world",
                 "full: the topology helper's world (server, core, relay, host); relay: "
                 "one node, the relay, on one dual-stack TAP (--tap, --gateway/30, "
                 "--gateway6/64) to Linux",
                 o.world);
    cmd.AddValue("address", "relay world: the relay's IPv4 address (the TAP's /30)", o.address);
    cmd.AddValue("address6", "relay world: the relay's IPv6 address (/64)", o.address6);
    cmd.AddValue("gateway6", "relay world: the Linux end's IPv6 address", o.gateway6);
    cmd.AddValue("core-rate", "the core links' data rate (default: the helper's)", o.coreRate);
    cmd.AddValue("core-delay", "the core links' delay (default: the helper's)", o.coreDelay);
    cmd.AddValue("qdisc",
                 "false: delete the root queue discs (FqCoDel) the helpers install, to "
                 "measure what they cost",
                 o.qdisc);
    cmd.Parse(argc, argv);
    if (o.sink != "ns3" && o.sink != "linux")
    {
        std::cerr << "--sink must be ns3 or linux\n";
        return 2;
    }
    if (o.sync != "hard" && o.sync != "best-effort")
    {
        std::cerr << "--sync must be hard or best-effort\n";
        return 2;
    }
    if (o.profileRate <= 0)
    {
        TapEmulationHelper::EnableRealtime();
        Config::SetDefault("ns3::RealtimeSimulatorImpl::SynchronizationMode",
                           EnumValue(o.sync == "hard" ? RealtimeSimulatorImpl::SYNC_HARD_LIMIT
                                                      : RealtimeSimulatorImpl::SYNC_BEST_EFFORT));
        Config::SetDefault("ns3::RealtimeSimulatorImpl::HardLimit", TimeValue(o.hardLimit));
    }
    else
    {
        // As in emulation: checksums computed and checked.
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }
    if (o.world == "relay")
    {
        if (o.profileRate > 0)
        {
            std::cerr << "--profile-rate needs --world=full\n";
            return 2;
        }
        return RunRelayWorld(o);
    }
    if (o.world != "full")
    {
        std::cerr << "--world must be full or relay\n";
        return 2;
    }
    return Run(o);
}
