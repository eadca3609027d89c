/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ECN through the Teredo tunnel (RFC 6040 as RFC 9601 applies it to Teredo).
//
// A Teredo client behind a port-restricted cone NAT sends TCP with ECN on
// (TcpSocketBase UseEcn) to an IPv6-only host through the relay. The site's
// access link is the bottleneck: its gateway sends into it through a CoDel
// queue disc that marks ECN-capable packets instead of dropping them.
//
//   client --LAN-- NAT gateway ==[CoDel, 4 Mbps]==> IPv4 core -- relay -- IPv6 host
//
// The flow runs twice, with the client's and the relay's EcnMode:
// - Compatibility (the default, as RFC 9601 requires of Teredo): the outer
//   IPv4 header is Not-ECT, so CoDel can only drop;
// - Normal: the outer header copies the inner ECT(0), CoDel marks CE, the
//   relay's decapsulation carries CE into the IPv6 header, the receiver
//   echoes ECE and the sender reduces its window without a loss.
//
// It prints a table per mode (goodput, queueing delay at the bottleneck,
// marks and drops there, CE seen by the receiver, ECE seen by the sender) and
// writes <prefix>-ecn.svg: throughput and queueing delay over time, both
// modes. It exits with 0 only when each mode behaved as described.
//
//   build/teredo-ecn [--rate=4Mbps] [--duration=20] [--figure=true] [--prefix=teredo]

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/teredo-module.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

const Time BIN = MilliSeconds(200); //!< width of a sample in the figure
const Time START = Seconds(5);      //!< the flow starts (the client qualified by then)

/// What one run saw.
struct Run
{
    std::string mode;                   //!< the EcnMode's name
    std::vector<double> throughput;     //!< Mbit/s at the receiver, per bin
    std::vector<double> delay;          //!< mean queueing delay (ms) per bin, -1 if none
    std::vector<double> sojourns;       //!< every sojourn time (ms)
    std::vector<double> sojournSum;     //!< per bin: sum of sojourn times (ms)
    std::vector<uint32_t> sojournCount; //!< per bin: how many
    uint64_t received{0};               //!< octets received
    uint64_t lastReceived{0};           //!< octets received at the last sample
    uint32_t marked{0};                 //!< CE marks at the bottleneck
    uint32_t markableDropped{0};        //!< ECN-capable packets dropped there
    uint32_t dropped{0};                //!< packets dropped there, all
    uint32_t ce{0};                     //!< TCP segments arriving CE at the receiver
    uint32_t ece{0};                    //!< ECE receptions at the sender
    uint32_t cwndCuts{0};               //!< congestion window reductions
    uint64_t relayRewrites{0};          //!< inner fields the relay changed
};

/// Run whose traces are being collected.
Run* g_run = nullptr;

/// \return the bin of the current time
size_t
Bin()
{
    return static_cast<size_t>((Simulator::Now() - START).GetNanoSeconds() / BIN.GetNanoSeconds());
}

void
OnSojourn(Time sojourn)
{
    if (Simulator::Now() < START || Bin() >= g_run->sojournSum.size())
    {
        return;
    }
    double ms = sojourn.GetSeconds() * 1000;
    g_run->sojourns.push_back(ms);
    g_run->sojournSum[Bin()] += ms;
    ++g_run->sojournCount[Bin()];
}

void
OnDrop(Ptr<const QueueDiscItem> item, const char*)
{
    ++g_run->dropped;
    Ptr<const Ipv4QueueDiscItem> ip = DynamicCast<const Ipv4QueueDiscItem>(item);
    if (ip && ip->GetHeader().GetEcn() != Ipv4Header::ECN_NotECT)
    {
        ++g_run->markableDropped;
    }
}

void
OnMark(Ptr<const QueueDiscItem>, const char*)
{
    ++g_run->marked;
}

void
OnHostRx(Ptr<const Packet> packet, Ptr<Ipv6>, uint32_t)
{
    Ipv6Header header;
    if (packet->PeekHeader(header) != 0 && header.GetNextHeader() == 6 &&
        TeredoEcn::Get(header.GetTrafficClass()) == TeredoEcn::CE)
    {
        ++g_run->ce;
    }
}

void
OnEcnState(TcpSocketState::EcnState_t, TcpSocketState::EcnState_t newValue)
{
    g_run->ece += newValue == TcpSocketState::ECN_ECE_RCVD;
}

void
OnCwnd(uint32_t oldValue, uint32_t newValue)
{
    g_run->cwndCuts += newValue < oldValue;
}

void
Sample(Ptr<PacketSink> sink)
{
    uint64_t now = sink->GetTotalRx();
    g_run->throughput.push_back((now - g_run->lastReceived) * 8.0 / BIN.GetSeconds() / 1e6);
    g_run->lastReceived = now;
}

/// Build the world, run the flow for `duration` in `mode`, return what was seen.
Run
RunMode(TeredoEcn::Mode mode, DataRate rate, Time duration)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    Config::SetDefault("ns3::TcpSocketBase::UseEcn", StringValue("On"));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1180));
    Run run;
    run.mode = TeredoEcn::ModeToString(mode);
    size_t bins = static_cast<size_t>(duration.GetNanoSeconds() / BIN.GetNanoSeconds());
    run.sojournSum.assign(bins, 0);
    run.sojournCount.assign(bins, 0);
    g_run = &run;

    TeredoTopologyHelper world;
    world.SetAccessLink(rate, MilliSeconds(10));
    world.SetQueueDiscs(false); // only the bottleneck queues
    world.AddSite(TeredoTopologyHelper::PORT_RESTRICTED_CONE, 1);
    world.AddRelay();
    world.AddIpv6Host();
    world.Build();
    world.AssignStreams(100);
    // The queue builds in the queue disc, not in the device's own queue.
    Ptr<NetDevice> access = world.GetGatewayAccessDevice(0);
    DynamicCast<PointToPointNetDevice>(access)->GetQueue()->SetMaxSize(QueueSize("2p"));
    TrafficControlHelper tch;
    tch.SetRootQueueDisc("ns3::CoDelQueueDisc", "UseEcn", BooleanValue(true));
    Ptr<QueueDisc> bottleneck = tch.Install(access).Get(0);
    bottleneck->TraceConnectWithoutContext("SojournTime", MakeCallback(&OnSojourn));
    bottleneck->TraceConnectWithoutContext("DropBeforeEnqueue", MakeCallback(&OnDrop));
    bottleneck->TraceConnectWithoutContext("DropAfterDequeue", MakeCallback(&OnDrop));
    bottleneck->TraceConnectWithoutContext("Mark", MakeCallback(&OnMark));

    TeredoServerHelper server(world.GetServerPrimaryAddress(), world.GetServerSecondaryAddress());
    server.Install(world.GetServerNode());
    TeredoRelayHelper relayHelper;
    relayHelper.SetAttribute("EcnMode", EnumValue(mode));
    Ptr<TeredoRelay> relay =
        DynamicCast<TeredoRelay>(relayHelper.Install(world.GetRelay(0)).Get(0));
    TeredoClientHelper clientHelper(world.GetServerPrimaryAddress());
    clientHelper.SetAttribute("EcnMode", EnumValue(mode));
    ApplicationContainer clients = clientHelper.Install(world.GetAllClients());
    TeredoClientHelper::AssignStreams(clients, 1000);
    clients.Start(Seconds(1));

    Ptr<Node> host = world.GetIpv6Host(0);
    host->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext("Rx", MakeCallback(&OnHostRx));
    PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                Inet6SocketAddress(Ipv6Address::GetAny(), 5000));
    Ptr<PacketSink> sink = DynamicCast<PacketSink>(sinkHelper.Install(host).Get(0));
    BulkSendHelper bulk("ns3::TcpSocketFactory",
                        Inet6SocketAddress(world.GetIpv6HostAddress(0), 5000));
    ApplicationContainer bulkApp = bulk.Install(world.GetClients(0).Get(0));
    bulkApp.Start(START);
    bulkApp.Stop(START + duration);
    Ptr<BulkSendApplication> sender = DynamicCast<BulkSendApplication>(bulkApp.Get(0));
    Simulator::Schedule(START + MilliSeconds(1), [sender]() {
        sender->GetSocket()->TraceConnectWithoutContext("EcnState", MakeCallback(&OnEcnState));
        sender->GetSocket()->TraceConnectWithoutContext("CongestionWindow", MakeCallback(&OnCwnd));
    });
    for (size_t i = 1; i <= bins; ++i)
    {
        Simulator::Schedule(START + BIN * i, &Sample, sink);
    }
    Simulator::Stop(START + duration + MilliSeconds(1));
    Simulator::Run();
    run.received = sink->GetTotalRx();
    run.relayRewrites = relay->GetEcnRewriteCount();
    for (size_t i = 0; i < bins; ++i)
    {
        run.delay.push_back(run.sojournCount[i] ? run.sojournSum[i] / run.sojournCount[i] : -1);
    }
    Simulator::Destroy();
    Config::Reset();
    g_run = nullptr;
    return run;
}

/// \return the p-quantile of `v` (0 when empty)
double
Quantile(std::vector<double> v, double p)
{
    if (v.empty())
    {
        return 0;
    }
    std::sort(v.begin(), v.end());
    return v[static_cast<size_t>(p * (v.size() - 1))];
}

/// \return the mean of `v` (0 when empty)
double
Mean(const std::vector<double>& v)
{
    double sum = 0;
    for (double x : v)
    {
        sum += x;
    }
    return v.empty() ? 0 : sum / v.size();
}

/// Write one panel: a line per run over time.
void
WritePanel(std::ostream& svg,
           const std::vector<Run>& runs,
           bool delay,
           double top,
           double y0,
           const std::string& label)
{
    const double left = 70;
    const double right = 700;
    const double h = 200;
    const double bottom = y0 + h;
    const char* colours[] = {"#c0504d", "#4a7ebb"};
    svg << "<line x1=\"" << left << "\" y1=\"" << bottom << "\" x2=\"" << right << "\" y2=\""
        << bottom << "\" stroke=\"black\"/>\n<line x1=\"" << left << "\" y1=\"" << y0 << "\" x2=\""
        << left << "\" y2=\"" << bottom << "\" stroke=\"black\"/>\n";
    for (int t = 0; t <= 4; ++t)
    {
        double y = bottom - h * t / 4;
        svg << "<text x=\"" << left - 6 << "\" y=\"" << y + 4 << "\" text-anchor=\"end\">"
            << std::setprecision(3) << top * t / 4 << "</text>\n<line x1=\"" << left << "\" y1=\""
            << y << "\" x2=\"" << right << "\" y2=\"" << y << "\" stroke=\"#ddd\"/>\n";
    }
    svg << "<text x=\"18\" y=\"" << y0 + h / 2 << "\" transform=\"rotate(-90 18 " << y0 + h / 2
        << ")\" text-anchor=\"middle\">" << label << "</text>\n";
    for (size_t r = 0; r < runs.size(); ++r)
    {
        const std::vector<double>& v = delay ? runs[r].delay : runs[r].throughput;
        svg << "<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"" << colours[r % 2]
            << "\" points=\"";
        for (size_t i = 0; i < v.size(); ++i)
        {
            if (v[i] < 0)
            {
                continue;
            }
            double x = left + (right - left) * (i + 0.5) / v.size();
            svg << x << "," << bottom - h * std::min(v[i], top) / top << " ";
        }
        svg << "\"/>\n<text x=\"" << right - 150 << "\" y=\"" << y0 + 16 + 16 * r << "\" fill=\""
            << colours[r % 2] << "\">" << runs[r].mode << " mode</text>\n";
    }
}

/// Write the figure: throughput and queueing delay over time.
void
WriteFigure(const std::string& file, const std::vector<Run>& runs, Time duration)
{
    double topThroughput = 0.1;
    double topDelay = 1;
    for (const Run& r : runs)
    {
        topThroughput =
            std::max(topThroughput, *std::max_element(r.throughput.begin(), r.throughput.end()));
        topDelay = std::max(topDelay, *std::max_element(r.delay.begin(), r.delay.end()));
    }
    std::ofstream svg(file);
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\"540\" "
           "font-family=\"sans-serif\" font-size=\"13\">\n"
        << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        << "<text x=\"360\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">TCP through Teredo "
           "over a CoDel bottleneck: without and with ECN</text>\n";
    WritePanel(svg, runs, false, topThroughput * 1.1, 40, "throughput (Mbit/s)");
    WritePanel(svg, runs, true, topDelay * 1.1, 290, "queueing delay (ms)");
    svg << "<text x=\"385\" y=\"530\" text-anchor=\"middle\">time since the flow started (s, 0 to "
        << duration.GetSeconds() << ")</text>\n</svg>\n";
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string rate = "4Mbps";
    double duration = 20;
    bool figure = true;
    std::string prefix = "teredo";
    CommandLine cmd(__FILE__);
    cmd.AddValue("rate", "the bottleneck's data rate", rate);
    cmd.AddValue("duration", "seconds of TCP transfer per mode", duration);
    cmd.AddValue("figure", "write <prefix>-ecn.svg", figure);
    cmd.AddValue("prefix", "prefix of the file written", prefix);
    cmd.Parse(argc, argv);

    std::vector<Run> runs;
    for (TeredoEcn::Mode mode : {TeredoEcn::COMPATIBILITY, TeredoEcn::NORMAL})
    {
        runs.push_back(RunMode(mode, DataRate(rate), Seconds(duration)));
    }
    std::cout << "TCP with ECN from a Teredo client to an IPv6-only host, " << duration
              << " s over a " << rate << " CoDel bottleneck (IPv4, marks ECT)\n\n"
              << std::left << std::setw(15) << "EcnMode" << std::right << std::setw(10) << "Mbit/s"
              << std::setw(11) << "delay ms" << std::setw(9) << "p95 ms" << std::setw(8) << "marked"
              << std::setw(9) << "dropped" << std::setw(14) << "ECT dropped" << std::setw(6) << "CE"
              << std::setw(6) << "ECE" << std::setw(11) << "cwnd cuts"
              << "\n";
    for (const Run& r : runs)
    {
        std::cout << std::left << std::setw(15) << r.mode << std::right << std::fixed
                  << std::setprecision(2) << std::setw(10) << r.received * 8.0 / duration / 1e6
                  << std::setw(11) << Mean(r.sojourns) << std::setw(9) << Quantile(r.sojourns, 0.95)
                  << std::setw(8) << r.marked << std::setw(9) << r.dropped << std::setw(14)
                  << r.markableDropped << std::setw(6) << r.ce << std::setw(6) << r.ece
                  << std::setw(11) << r.cwndCuts << "\n";
    }
    const Run& compat = runs[0];
    const Run& normal = runs[1];
    bool ok = compat.marked == 0 && compat.ce == 0 && compat.dropped > 0 && normal.marked > 0 &&
              normal.ce > 0 && normal.ece > 0 && normal.markableDropped == 0 &&
              normal.relayRewrites > 0;
    std::cout << "\n"
              << (ok ? "As expected: compatibility mode, the outer header Not-ECT, is dropped "
                       "at the bottleneck; normal mode is marked, the receiver sees CE inside "
                       "IPv6, the sender cuts its window on ECE, and no ECN-capable packet is "
                       "dropped."
                     : "UNEXPECTED: see the table.")
              << "\n";
    if (figure)
    {
        WriteFigure(prefix + "-ecn.svg", runs, Seconds(duration));
        std::cout << "Wrote " << prefix << "-ecn.svg\n";
    }
    return ok ? 0 : 1;
}
