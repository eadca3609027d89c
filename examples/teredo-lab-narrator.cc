/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-lab-narrator.h"

#include "ns3/icmpv6-header.h"
#include "ns3/ipv6-header.h"
#include "ns3/simulator.h"
#include "ns3/teredo-address.h"
#include "ns3/udp-header.h"
#include "ns3/udp-l4-protocol.h"

#include <iomanip>
#include <iostream>
#include <sstream>

namespace ns3
{

/// Print one line of the story, with the simulated time.
void
LabSay(const std::string& what)
{
    std::cout << std::fixed << std::setprecision(3) << std::setw(8) << Simulator::Now().GetSeconds()
              << " s  " << what << "\n";
}

/// \return "a.b.c.d:port"
std::string
LabStr(const InetSocketAddress& e)
{
    std::ostringstream os;
    os << e.GetIpv4() << ":" << e.GetPort();
    return os.str();
}

std::string
TeredoLabNarrator::Who(const InetSocketAddress& e) const
{
    std::string role;
    if (e == server)
    {
        role = " (server)";
    }
    else if (e == relayEp)
    {
        role = " (" + m_roles.relayTag + ")";
    }
    else
    {
        for (const auto& [endpoint, label] : m_more)
        {
            if (e == endpoint)
            {
                role = " (" + label + ")";
                break;
            }
        }
    }
    for (const auto& [name, c] : clients)
    {
        if (e == c.mapping)
        {
            role = " (" + name + "'s mapping)";
        }
    }
    return LabStr(e) + role;
}

std::string
TeredoLabNarrator::Name(Ipv6Address a) const
{
    if (a == host)
    {
        return m_roles.host;
    }
    for (const auto& [name, c] : clients)
    {
        if (c.app->IsQualified() && a == c.app->GetTeredoAddress())
        {
            return name;
        }
    }
    std::ostringstream os;
    os << a;
    return os.str();
}

std::string
LabDescribe(Ptr<const Packet> p, const TeredoDatagramInfo& info, uint16_t echoPort)
{
    switch (info.kind)
    {
    case TeredoDatagramInfo::BUBBLE:
        return "bubble";
    case TeredoDatagramInfo::ROUTER_SOLICITATION:
        return "router solicitation";
    case TeredoDatagramInfo::ROUTER_ADVERTISEMENT:
        return "router advertisement";
    case TeredoDatagramInfo::IPV6_DATA:
        break;
    default:
        return TeredoDatagramClassifier::KindToString(info.kind);
    }
    uint8_t next = info.ipv6.GetNextHeader();
    if (next == TeredoDatagramClassifier::IPV6_NEXT_ICMPV6)
    {
        return info.icmpv6Type == Icmpv6Header::ICMPV6_ECHO_REQUEST ? "ICMPv6 echo request"
               : info.icmpv6Type == Icmpv6Header::ICMPV6_ECHO_REPLY ? "ICMPv6 echo reply"
                                                                    : "ICMPv6 message";
    }
    if (next == UdpL4Protocol::PROT_NUMBER)
    {
        Ptr<Packet> ipv6 = TeredoDatagramClassifier::ExtractIpv6(p, info);
        Ipv6Header h;
        ipv6->RemoveHeader(h);
        UdpHeader udp;
        ipv6->PeekHeader(udp);
        return udp.GetDestinationPort() == echoPort ? "UDP echo request"
               : udp.GetSourcePort() == echoPort    ? "UDP echo reply"
                                                    : "UDP datagram";
    }
    return "IPv6 packet";
}

/// \return what a Teredo UDP payload (or bare IPv6 packet) is, in words
std::string
TeredoLabNarrator::Describe(Ptr<const Packet> p, const TeredoDatagramInfo& info) const
{
    return LabDescribe(p, info, m_echoPort);
}

/// \return "a" or "an", for a description
std::string
LabArticle(const std::string& what)
{
    return what.rfind("ICMP", 0) == 0 || what.rfind("IPv6", 0) == 0 ? "an" : "a";
}

/// \return "<what> <source> > <destination>"
std::string
TeredoLabNarrator::Packet6(Ptr<const Packet> p, const TeredoDatagramInfo& info) const
{
    return Describe(p, info) + " " + Name(info.ipv6.GetSource()) + " > " +
           Name(info.ipv6.GetDestination());
}

/// \return whether a data line is to be printed now (else it is counted)
bool
TeredoLabNarrator::ShowData()
{
    if (quiet && !verbose)
    {
        ++notShown;
        return false;
    }
    return true;
}

/// The first round trip of a phase is over: quiet from now on (unless verbose).
void
TeredoLabNarrator::RoundTripDone()
{
    if (!quiet && !verbose)
    {
        quiet = true;
        LabSay("(round trip done; the rest of this phase is counted, not shown: --verbose "
               "shows it)");
    }
}

/// \return "1 ping test", "2 ping tests"
std::string
LabPlural(uint32_t n, const std::string& what)
{
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

TeredoLabNarrator::TeredoLabNarrator(Roles roles, uint16_t echoPort)
    : m_roles(std::move(roles)),
      m_echoPort(echoPort)
{
}

void
TeredoLabNarrator::AddEndpoint(const InetSocketAddress& e, const std::string& label)
{
    m_more.emplace_back(e, label);
}

void
TeredoLabNarrator::Watch(const std::string& name)
{
    Ptr<TeredoClient> c = clients[name].app;
    std::string n = name;
    c->TraceConnectWithoutContext("TunnelTx",
                                  Callback<void, Ptr<const Packet>>(
                                      [this, n](Ptr<const Packet> p) { ClientTunnelTx(n, p); }));
    c->TraceConnectWithoutContext(
        "Tx",
        Callback<void, Ptr<const Packet>, const Address&>(
            [this, n](Ptr<const Packet> p, const Address& a) { ClientTx(n, p, a); }));
    c->TraceConnectWithoutContext(
        "Rx",
        Callback<void, Ptr<const Packet>, const Address&>(
            [this, n](Ptr<const Packet> p, const Address& a) { ClientRx(n, p, a); }));
    c->TraceConnectWithoutContext("TunnelRx",
                                  Callback<void, Ptr<const Packet>>(
                                      [this, n](Ptr<const Packet> p) { ClientTunnelRx(n, p); }));
    c->TraceConnectWithoutContext(
        "Drop",
        Callback<void, Ptr<const Packet>, TeredoClient::DropReason>(
            [this, n](Ptr<const Packet> p, TeredoClient::DropReason r) { ClientDrop(n, p, r); }));
}

// ---- the clients ----

void
TeredoLabNarrator::ResolveClientSend(std::string n)
{
    ClientLog& c = clients[n];
    if (c.pendingSend)
    {
        c.pendingSend = false;
        LabSay(n + ": nothing sent now: the packet waits in " + n +
               "'s queue (ping tests are rate-limited)");
    }
}

void
TeredoLabNarrator::ClearClientEvent(std::string n)
{
    ClientLog& c = clients[n];
    c.pendingReply = false;
    c.pendingHold = false;
}

void
TeredoLabNarrator::ClientTunnelTx(std::string n, Ptr<const Packet> ipv6)
{
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    if (!info.IsValid() || info.ipv6.GetDestination().IsMulticast() || !ShowData())
    {
        return;
    }
    std::string what = Packet6(ipv6, info);
    LabSay(n + ": the stack sends " + LabArticle(what) + " " + what + " into the tunnel");
    clients[n].pendingSend = true;
    Simulator::ScheduleNow(&TeredoLabNarrator::ResolveClientSend, this, n);
}

void
TeredoLabNarrator::ClientTx(std::string n, Ptr<const Packet> p, const Address& to)
{
    ClientLog& c = clients[n];
    InetSocketAddress dest = InetSocketAddress::ConvertFrom(to);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::ROUTER_SOLICITATION)
    {
        if (verbose)
        {
            LabSay(n + " -> " + Who(dest) + ": router solicitation");
        }
        return;
    }
    if (info.kind == TeredoDatagramInfo::BUBBLE)
    {
        ++c.bubbles;
        LabSay(n + " -> " + Who(dest) + ": direct bubble, " + n + "'s answer to the indirect one" +
               (nat == "none" ? "" : " (opens " + n + "'s NAT toward " + m_roles.relay + ")"));
        return;
    }
    bool pingTest = dest == server;
    if (c.pendingSend)
    {
        c.pendingSend = false;
        LabSay(pingTest ? n + ": " + Name(info.ipv6.GetDestination()) +
                              " is native and no relay is known for it: " + n +
                              " queues the packet and sends a ping test"
                        : n + ": trusts " + m_roles.trustedRelay + " for " +
                              Name(info.ipv6.GetDestination()) + ": sends at once");
    }
    if (pingTest)
    {
        ++c.pingTests;
        if (c.pendingHold)
        {
            c.pendingHold = false;
            LabSay(n + ": has not verified that " + m_roles.unverifiedRelay + " " +
                   Name(info.ipv6.GetDestination()) + ": holds the packet and sends a ping test");
        }
        LabSay(n + " -> " + Who(dest) + ": ping test, an " + Packet6(p, info) +
               ", through the server (RFC 4380 section 5.2.9)");
        return;
    }
    ++c.data;
    c.dataToRelay += dest == relayEp ? 1 : 0;
    if (c.pendingReply)
    {
        c.pendingReply = false;
        LabSay(m_roles.pingAnswered(n, Who(dest), Name(info.ipv6.GetDestination())));
    }
    if (ShowData())
    {
        LabSay(n + " -> " + Who(dest) + ": " + Packet6(p, info) + ", directly");
    }
}

void
TeredoLabNarrator::ClientRx(std::string n, Ptr<const Packet> p, const Address& from)
{
    ClientLog& c = clients[n];
    InetSocketAddress src = InetSocketAddress::ConvertFrom(from);
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(p);
    if (info.kind == TeredoDatagramInfo::ROUTER_ADVERTISEMENT)
    {
        if (verbose)
        {
            LabSay(n + " <- " + Who(src) + ": router advertisement");
        }
        return;
    }
    if (info.kind == TeredoDatagramInfo::BUBBLE && info.hasOrigin)
    {
        InetSocketAddress origin(info.origin.GetAddress(), info.origin.GetPort());
        LabSay(n + " <- " + Who(src) + ": indirect bubble " + Name(info.ipv6.GetSource()) + " > " +
               n + "; the origin indication says it comes from " + Who(origin));
        return;
    }
    Ipv6Address source = info.ipv6.GetSource();
    bool trusted = c.app->IsTrusted(source);
    if (info.kind == TeredoDatagramInfo::IPV6_DATA &&
        info.ipv6.GetNextHeader() == TeredoDatagramClassifier::IPV6_NEXT_ICMPV6 &&
        info.icmpv6Type == Icmpv6Header::ICMPV6_ECHO_REPLY && !trusted)
    {
        LabSay(n + " <- " + Who(src) + ": " + Packet6(p, info) + ", the answer to " + n +
               "'s ping test");
        c.pendingReply = true;
        Simulator::ScheduleNow(&TeredoLabNarrator::ClearClientEvent, this, n);
        return;
    }
    if (!trusted && !TeredoAddress::IsTeredo(source))
    {
        LabSay(n + " <- " + Who(src) + ": " + Packet6(p, info) + m_roles.fromUnverified(n));
        c.pendingHold = true;
        Simulator::ScheduleNow(&TeredoLabNarrator::ClearClientEvent, this, n);
        return;
    }
    if (ShowData())
    {
        LabSay(n + " <- " + Who(src) + ": " + Packet6(p, info));
    }
}

void
TeredoLabNarrator::ClientTunnelRx(std::string n, Ptr<const Packet> ipv6)
{
    ClientLog& c = clients[n];
    ++c.delivered;
    TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(ipv6);
    if (c.pendingReply)
    {
        c.pendingReply = false;
        LabSay(n + ": the ping test's answer came " + m_roles.sameRelay + ": " + n +
               " trusts it and delivers the packet it held");
    }
    if (ShowData())
    {
        LabSay(n + ": " + Packet6(ipv6, info) + " delivered to " + n + "'s stack");
    }
    if (n == "A")
    {
        RoundTripDone();
    }
}

void
TeredoLabNarrator::ClientDrop(std::string n, Ptr<const Packet>, TeredoClient::DropReason reason)
{
    clients[n].pendingSend = false;
    LabSay(n + ": drops a packet (" + TeredoClient::DropReasonToString(reason) + ")");
}

} // namespace ns3
