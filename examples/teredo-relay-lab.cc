/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-relay-lab.h"

#include "ns3/simulator.h"
#include "ns3/teredo-address.h"
#include "ns3/udp-echo-helper.h"
#include "ns3/udp-header.h"
#include "ns3/udp-l4-protocol.h"
#include "ns3/uinteger.h"

#include <iostream>
#include <sstream>

namespace ns3
{

namespace
{

const Time ECHO_INTERVAL = Seconds(1); //!< between echo requests
const Time PHASE_GAP = Seconds(5);     //!< from the first phase to the second

} // namespace

TeredoRelayLab::TeredoRelayLab(TeredoLabNarrator& story, Words words, uint16_t echoPort)
    : m_story(story),
      m_words(std::move(words)),
      m_echoPort(echoPort)
{
}

void
TeredoRelayLab::Watch(Ptr<TeredoRelay> r,
                      Ptr<TeredoServer> server,
                      Ptr<Ipv4Nat> nat,
                      Ptr<Node> nodeA,
                      Ptr<Node> nodeHost)
{
    relay = r;
    m_nodeA = nodeA;
    m_nodeHost = nodeHost;
    for (const std::string n : {"A", "B"})
    {
        m_story.clients[n].app->TraceConnectWithoutContext(
            "Qualified",
            MakeCallback(&TeredoRelayLab::Qualified, this).Bind(n));
        m_story.Watch(n);
    }
    relay->TraceConnectWithoutContext("TunnelTx",
                                      MakeCallback(&TeredoRelayLab::RelayTunnelTx, this));
    relay->TraceConnectWithoutContext("Tx", MakeCallback(&TeredoRelayLab::RelayTx, this));
    relay->TraceConnectWithoutContext("Rx", MakeCallback(&TeredoRelayLab::RelayRx, this));
    relay->TraceConnectWithoutContext("TunnelRx",
                                      MakeCallback(&TeredoRelayLab::RelayTunnelRx, this));
    relay->TraceConnectWithoutContext("Drop", MakeCallback(&TeredoRelayLab::RelayDrop, this));
    server->TraceConnectWithoutContext("Tx", MakeCallback(&TeredoRelayLab::ServerTx, this));
    server->TraceConnectWithoutContext("NativeTx",
                                       MakeCallback(&TeredoRelayLab::ServerNativeTx, this));
    if (nat)
    {
        nat->TraceConnectWithoutContext("Drop", MakeCallback(&TeredoRelayLab::NatDrop, this));
    }
}

// ---- the relay ----

void
TeredoRelayLab::ResolveRelaySend()
{
    if (m_relayPending)
    {
        m_relayPending = false;
        LabSay(m_words.relayTag + ": queues it (no bubble now: the bubble rate limit)");
    }
}

void
TeredoRelayLab::ClearRelayEvent(std::string client)
{
    if (m_relayTrustNow)
    {
        m_relayTrustNow = false;
        LabSay(m_words.relayTag + ": " + client +
               " passed the ingress check: trusted (nothing was queued)");
    }
}

void
TeredoRelayLab::RelayTunnelTx(Ptr<const Packet> ipv6)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    if (!info.IsValid() || info.ipv6.GetDestination().IsMulticast() || !m_story.ShowData())
    {
        return;
    }
    std::string what = m_story.Packet6(ipv6, info);
    LabSay(m_words.tunnelTx(LabArticle(what) + " " + what));
    m_relayPending = true;
    Simulator::ScheduleNow(&TeredoRelayLab::ResolveRelaySend, this);
}

void
TeredoRelayLab::RelayTx(Ptr<const Packet> p, const Address& to)
{
    InetSocketAddress dest = InetSocketAddress::ConvertFrom(to);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    std::string client = m_story.Name(info.ipv6.GetDestination());
    const std::string& tag = m_words.relayTag;
    if (info.kind == TeredoDatagramInfo::BUBBLE)
    {
        if (m_relayPending)
        {
            m_relayPending = false;
            (client == "A" ? relayQueuedA : relayQueuedB)++;
            LabSay(tag + ": " + client + " is not trusted yet: " + m_words.relaySubject +
                   " queues the packet and sends an indirect bubble (" + m_words.publicNote + ")");
        }
        (client == "A" ? relayBubblesA : relayBubblesB)++;
        LabSay(tag + " -> " + m_story.Who(dest) + ": indirect bubble " +
               m_story.Name(info.ipv6.GetSource()) + " > " + client + ", through " + client +
               "'s server");
        return;
    }
    if (m_relayPending)
    {
        m_relayPending = false;
        if (m_story.ShowData())
        {
            LabSay(tag + ": trusts " + client + ": sends at once");
        }
    }
    if (m_relayTrustNow)
    {
        m_relayTrustNow = false;
        LabSay(tag + ": " + client + " passed the ingress check (its bubble came from the " +
               "mapping its address names): trusted; " + m_words.relaySubject +
               " flushes its queue");
    }
    if (m_story.ShowData())
    {
        LabSay(tag + " -> " + m_story.Who(dest) + ": " + m_story.Packet6(p, info) +
               m_words.directly);
    }
}

void
TeredoRelayLab::RelayRx(Ptr<const Packet> p, const Address& from)
{
    InetSocketAddress src = InetSocketAddress::ConvertFrom(from);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::BUBBLE)
    {
        std::string client = m_story.Name(info.ipv6.GetSource());
        LabSay(m_words.relayTag + " <- " + m_story.Who(src) + ": " + client + "'s bubble");
        m_relayTrustNow = true;
        Simulator::ScheduleNow(&TeredoRelayLab::ClearRelayEvent, this, client);
        return;
    }
    if (m_story.ShowData())
    {
        LabSay(m_words.relayTag + " <- " + m_story.Who(src) + ": " + m_story.Packet6(p, info));
    }
}

void
TeredoRelayLab::RelayTunnelRx(Ptr<const Packet> ipv6)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    if (m_story.ShowData())
    {
        LabSay(m_words.tunnelRx(m_story.Packet6(ipv6, info)));
    }
}

void
TeredoRelayLab::RelayDrop(Ptr<const Packet>, TeredoRelay::DropReason reason)
{
    m_relayPending = false;
    m_relayTrustNow = false;
    std::string why = reason == TeredoRelay::DROP_SOURCE_MISMATCH
                          ? ": the ingress check, it came from another mapping than its "
                            "source address names"
                          : "";
    LabSay(m_words.relayTag + ": drops a packet (" + TeredoRelay::DropReasonToString(reason) + why +
           ")");
}

// ---- the server and the NAT ----

void
TeredoRelayLab::ServerTx(Ptr<const Packet> p, const Address& peer)
{
    InetSocketAddress to = InetSocketAddress::ConvertFrom(peer);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::ROUTER_ADVERTISEMENT)
    {
        if (m_story.verbose)
        {
            LabSay("server -> " + m_story.Who(to) + ": router advertisement");
        }
        return;
    }
    (info.kind == TeredoDatagramInfo::BUBBLE ? serverBubbles : serverData)++;
    std::string origin;
    if (info.hasOrigin)
    {
        origin = ", origin indication added: " +
                 m_story.Who(InetSocketAddress(info.origin.GetAddress(), info.origin.GetPort()));
    }
    LabSay("server -> " + m_story.Who(to) + ": forwards the " + m_story.Describe(p, info) + origin);
}

void
TeredoRelayLab::ServerNativeTx(Ptr<const Packet> ipv6)
{
    ++serverPings;
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    LabSay("server: sends the ping test (" + m_story.Packet6(ipv6, info) +
           ") out over native IPv6");
}

void
TeredoRelayLab::NatDrop(Ptr<const Packet> packet, const Ipv4Header& h, Ipv4Nat::DropReason reason)
{
    Ptr<Packet> p = packet->Copy();
    UdpHeader udp;
    std::string what = "a packet";
    if (h.GetProtocol() == UdpL4Protocol::PROT_NUMBER && p->RemoveHeader(udp) > 0)
    {
        TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
        what = "the " + m_story.Describe(p, info) + " from " +
               m_story.Who(InetSocketAddress(h.GetSource(), udp.GetSourcePort()));
    }
    LabSay("the NAT (" + m_story.nat + ") drops " + what + " (" +
           Ipv4Nat::DropReasonToString(reason) + ")");
}

// ---- the phases ----

void
TeredoRelayLab::StartClientToHost()
{
    m_story.quiet = false;
    std::cout << "\n-- client A to " << m_words.hostTitle << " (" << m_story.host << ") --\n";
    LabSay("A: UdpEchoClient starts: " + std::to_string(ECHO_REQUESTS) + " requests to " +
           m_story.Name(m_story.host) + ", one a second");
    StartEcho(m_nodeA, m_story.host, MakeCallback(&TeredoRelayLab::AnswerToA, this));
}

void
TeredoRelayLab::StartHostToClient()
{
    m_story.quiet = false;
    Ipv6Address b = m_story.clients["B"].app->GetTeredoAddress();
    std::ostringstream os;
    os << b;
    std::cout << "\n-- " << m_words.hostSubject << " to client B (" << os.str() << ") --\n";
    LabSay(m_story.Name(m_story.host) + ": UdpEchoClient starts: " + std::to_string(ECHO_REQUESTS) +
           " requests to B's Teredo address, one a second");
    StartEcho(m_nodeHost, b, MakeCallback(&TeredoRelayLab::AnswerToHost, this));
}

void
TeredoRelayLab::StartEcho(Ptr<Node> node, Ipv6Address to, Callback<void, Ptr<const Packet>> rx)
{
    UdpEchoClientHelper echo(to, m_echoPort);
    echo.SetAttribute("MaxPackets", UintegerValue(ECHO_REQUESTS));
    echo.SetAttribute("Interval", TimeValue(ECHO_INTERVAL));
    ApplicationContainer app = echo.Install(node);
    app.Get(0)->TraceConnectWithoutContext("Rx", rx);
    app.Start(Seconds(0));
}

void
TeredoRelayLab::AnswerToA(Ptr<const Packet>)
{
    ++answersA;
}

void
TeredoRelayLab::AnswerToHost(Ptr<const Packet>)
{
    ++answersHost;
    if (answersHost == 1)
    {
        LabSay(m_story.Name(m_story.host) + ": UDP echo reply from B received");
        m_story.RoundTripDone();
    }
}

void
TeredoRelayLab::Qualified(std::string n, Ipv6Address address, TeredoQualification::NatType)
{
    TeredoAddress t = TeredoAddress::Decode(address);
    m_story.clients[n].mapping = InetSocketAddress(t.GetMappedAddress(), t.GetMappedPort());
    std::ostringstream os;
    os << n << ": qualified as " << address << "; its NAT maps it to "
       << LabStr(m_story.clients[n].mapping);
    LabSay(os.str());
    if (!m_started && m_story.clients["A"].app->IsQualified() &&
        m_story.clients["B"].app->IsQualified())
    {
        m_started = true;
        Simulator::Schedule(Seconds(1), &TeredoRelayLab::StartClientToHost, this);
        Simulator::Schedule(Seconds(1) + PHASE_GAP, &TeredoRelayLab::StartHostToClient, this);
    }
}

} // namespace ns3
