/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The qualification state machine (layer 2), driven by hand: no simulator,
// time passed in as values, advertisements as facts.

#include "ns3/teredo-qualification.h"

#include <gtest/gtest.h>
#include <set>

using namespace ns3;

namespace
{

using Q = TeredoQualification;

/// A deterministic random source (splitmix64).
Q::Random
Splitmix(uint64_t seed)
{
    auto state = std::make_shared<uint64_t>(seed);
    return [state]() {
        uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
}

const Ipv6Address SERVER_PREFIX("2001:0:c000:201::"); // server 192.0.2.1
const Ipv4Address MAPPED_1("203.0.113.1");
const Ipv4Address MAPPED_2("203.0.113.9");

/// An advertisement answering a step.
Q::Advertisement
Answer(const Q::Step& step, Q::ServerAddress from, Ipv4Address mapped, uint16_t port)
{
    Q::Advertisement ra;
    ra.nonce = step.nonce;
    ra.from = from;
    ra.mappedAddress = mapped;
    ra.mappedPort = port;
    ra.prefix = SERVER_PREFIX;
    return ra;
}

Q::Config
MakeConfig(Q::Procedure procedure)
{
    Q::Config c;
    c.procedure = procedure;
    return c;
}

} // namespace

TEST(TeredoQualification, Rfc5991QualifiesWithOneNonConeSolicitation)
{
    Q q(MakeConfig(Q::RFC5991), Splitmix(1));
    Q::Step s = q.Start(Seconds(1));
    EXPECT_EQ(q.GetState(), Q::PROBE_PRIMARY);
    ASSERT_TRUE(s.sendRs);
    EXPECT_EQ(s.to, Q::PRIMARY);
    EXPECT_FALSE(s.cone);
    ASSERT_TRUE(s.hasTimer);
    EXPECT_EQ(s.timer, Seconds(5));

    Q::Verdict v;
    Q::Step next = q.OnAdvertisement(Seconds(1.1), Answer(s, Q::PRIMARY, MAPPED_1, 40000), v);
    EXPECT_EQ(v, Q::ACCEPTED);
    EXPECT_TRUE(q.IsQualified());
    EXPECT_EQ(q.GetNatType(), Q::NAT_UNKNOWN);
    EXPECT_FALSE(next.sendRs);
    ASSERT_TRUE(next.hasTimer);
    // Refresh in [0.75, 1] x 30 s after the answer.
    EXPECT_GE(next.timer, Seconds(1.1) + Seconds(22.5));
    EXPECT_LE(next.timer, Seconds(1.1) + Seconds(30));

    TeredoAddress a = q.GetAddress();
    EXPECT_EQ(a.GetServer(), Ipv4Address("192.0.2.1"));
    EXPECT_EQ(a.GetMappedAddress(), MAPPED_1);
    EXPECT_EQ(a.GetMappedPort(), 40000);
    EXPECT_FALSE(a.IsCone());
    EXPECT_TRUE(a.HasValidReservedBits());
    EXPECT_EQ(q.GetAddressGeneration(), 1U);
}

TEST(TeredoQualification, IgnoresAnAdvertisementWithAnotherNonce)
{
    Q q(MakeConfig(Q::RFC5991), Splitmix(2));
    Q::Step s = q.Start(Seconds(0));
    Q::Advertisement ra = Answer(s, Q::PRIMARY, MAPPED_1, 1);
    ra.nonce ^= 1;
    Q::Verdict v;
    Q::Step next = q.OnAdvertisement(Seconds(1), ra, v);
    EXPECT_EQ(v, Q::NONCE_MISMATCH);
    EXPECT_FALSE(next.sendRs);
    EXPECT_FALSE(next.hasTimer);
    EXPECT_EQ(q.GetState(), Q::PROBE_PRIMARY);
}

TEST(TeredoQualification, EachSolicitationHasAFreshNonceAndEarlierOnesStillCount)
{
    Q q(MakeConfig(Q::RFC5991), Splitmix(3));
    Q::Step first = q.Start(Seconds(0));
    Q::Step second = q.OnTimer(first.timer);
    Q::Step third = q.OnTimer(second.timer);
    ASSERT_TRUE(second.sendRs && third.sendRs);
    std::set<uint64_t> nonces{first.nonce, second.nonce, third.nonce};
    EXPECT_EQ(nonces.size(), 3U);
    // A late answer to the first RS is still an answer to this probe.
    Q::Verdict v;
    q.OnAdvertisement(Seconds(8.5), Answer(first, Q::PRIMARY, MAPPED_1, 1), v);
    EXPECT_EQ(v, Q::ACCEPTED);
    EXPECT_TRUE(q.IsQualified());
}

TEST(TeredoQualification, GoesOfflineAfterTheTriesAndBacksOff)
{
    Q::Config c = MakeConfig(Q::RFC5991);
    c.restartDelay = Seconds(100);
    c.maxRestartDelay = Seconds(350);
    Q q(c, Splitmix(4));
    Q::Step s = q.Start(Seconds(0));
    int sent = 1;
    std::vector<Time> waits;
    Time offlineAt;
    for (int round = 0; round < 4; ++round)
    {
        while (true)
        {
            Time now = s.timer;
            s = q.OnTimer(now);
            if (q.GetState() == Q::OFFLINE)
            {
                EXPECT_FALSE(s.sendRs);
                waits.push_back(s.timer - now);
                offlineAt = s.timer;
                break;
            }
            ASSERT_TRUE(s.sendRs);
            ++sent;
        }
        EXPECT_EQ(q.GetFailures(), uint32_t(round + 1));
        s = q.OnTimer(offlineAt); // try again
        ASSERT_TRUE(s.sendRs);
        EXPECT_EQ(q.GetState(), Q::PROBE_PRIMARY);
        ++sent;
    }
    EXPECT_EQ(sent, 4 * 3 + 1);
    ASSERT_EQ(waits.size(), 4U);
    EXPECT_EQ(waits[0], Seconds(100));
    EXPECT_EQ(waits[1], Seconds(200));
    EXPECT_EQ(waits[2], Seconds(350)); // capped
    EXPECT_EQ(waits[3], Seconds(350));
    // The first try: three RSs 4 s apart, then off-line after the third times out.
    Q q2(c, Splitmix(5));
    Q::Step t = q2.Start(Seconds(0));
    t = q2.OnTimer(t.timer);
    t = q2.OnTimer(t.timer);
    t = q2.OnTimer(t.timer);
    EXPECT_EQ(q2.GetState(), Q::OFFLINE);
    EXPECT_EQ(t.timer, Seconds(12) + Seconds(100));
}

TEST(TeredoQualification, Rfc4380ConeAnswerFromTheOtherAddress)
{
    Q q(MakeConfig(Q::RFC4380), Splitmix(6));
    Q::Step s = q.Start(Seconds(0));
    EXPECT_EQ(q.GetState(), Q::PROBE_CONE);
    ASSERT_TRUE(s.sendRs);
    EXPECT_TRUE(s.cone);
    EXPECT_EQ(s.to, Q::PRIMARY);
    Q::Verdict v;
    // From the primary: not what a server answers a cone RS with.
    q.OnAdvertisement(Seconds(0.1), Answer(s, Q::PRIMARY, MAPPED_1, 7), v);
    EXPECT_EQ(v, Q::WRONG_ADDRESS);
    EXPECT_FALSE(q.IsQualified());
    q.OnAdvertisement(Seconds(0.1), Answer(s, Q::SECONDARY, MAPPED_1, 7), v);
    EXPECT_EQ(v, Q::ACCEPTED);
    EXPECT_TRUE(q.IsQualified());
    EXPECT_EQ(q.GetNatType(), Q::NAT_CONE);
    EXPECT_TRUE(q.GetAddress().IsCone());
}

/// Drive an RFC 4380 client past an unanswered cone probe; returns the first non-cone RS.
static Q::Step
SkipConeProbe(Q& q)
{
    Q::Step s = q.Start(Seconds(0));
    for (int i = 0; i < 3; ++i)
    {
        EXPECT_TRUE(s.cone);
        s = q.OnTimer(s.timer);
    }
    EXPECT_EQ(q.GetState(), Q::PROBE_PRIMARY);
    EXPECT_FALSE(s.cone);
    EXPECT_EQ(s.to, Q::PRIMARY);
    EXPECT_EQ(s.timer, Seconds(16)); // the fallback RS left at 12 s
    return s;
}

TEST(TeredoQualification, Rfc4380RestrictedWhenBothAddressesSeeTheSameMapping)
{
    Q q(MakeConfig(Q::RFC4380), Splitmix(7));
    Q::Step s = SkipConeProbe(q);
    Q::Verdict v;
    Q::Step check = q.OnAdvertisement(Seconds(12.1), Answer(s, Q::PRIMARY, MAPPED_1, 5000), v);
    EXPECT_EQ(v, Q::ACCEPTED);
    EXPECT_EQ(q.GetState(), Q::PROBE_SECONDARY);
    ASSERT_TRUE(check.sendRs);
    EXPECT_EQ(check.to, Q::SECONDARY);
    EXPECT_FALSE(check.cone);
    q.OnAdvertisement(Seconds(12.2), Answer(check, Q::SECONDARY, MAPPED_1, 5000), v);
    EXPECT_EQ(v, Q::ACCEPTED);
    EXPECT_TRUE(q.IsQualified());
    EXPECT_EQ(q.GetNatType(), Q::NAT_RESTRICTED);
    EXPECT_FALSE(q.GetAddress().IsCone());
    EXPECT_EQ(q.GetAddress().GetMappedPort(), 5000);
}

TEST(TeredoQualification, Rfc4380SymmetricIsOfflineUnlessTheExtensionIsOn)
{
    for (bool extension : {false, true})
    {
        Q::Config c = MakeConfig(Q::RFC4380);
        c.symmetricExtension = extension;
        Q q(c, Splitmix(8));
        Q::Step s = SkipConeProbe(q);
        Q::Verdict v;
        Q::Step check = q.OnAdvertisement(Seconds(12.1), Answer(s, Q::PRIMARY, MAPPED_1, 5000), v);
        q.OnAdvertisement(Seconds(12.2), Answer(check, Q::SECONDARY, MAPPED_1, 5001), v);
        EXPECT_EQ(v, Q::ACCEPTED);
        EXPECT_EQ(q.GetNatType(), Q::NAT_SYMMETRIC);
        EXPECT_EQ(q.IsQualified(), extension);
        if (extension)
        {
            // The primary's mapping, cone flag clear (RFC 6081 section 6.1).
            EXPECT_EQ(q.GetAddress().GetMappedPort(), 5000);
            EXPECT_FALSE(q.GetAddress().IsCone());
        }
        else
        {
            EXPECT_EQ(q.GetState(), Q::OFFLINE);
        }
    }
}

TEST(TeredoQualification, Rfc4380UnansweredSecondaryCheckIsOffline)
{
    Q q(MakeConfig(Q::RFC4380), Splitmix(9));
    Q::Step s = SkipConeProbe(q);
    Q::Verdict v;
    s = q.OnAdvertisement(Seconds(12.1), Answer(s, Q::PRIMARY, MAPPED_1, 5000), v);
    for (int i = 0; i < 3; ++i)
    {
        EXPECT_EQ(q.GetState(), Q::PROBE_SECONDARY);
        s = q.OnTimer(s.timer);
    }
    EXPECT_EQ(q.GetState(), Q::OFFLINE);
    EXPECT_FALSE(q.IsQualified());
}

TEST(TeredoQualification, RefreshKeepsTheAddressWhileTheMappingHolds)
{
    Q q(MakeConfig(Q::RFC5991), Splitmix(10));
    Q::Step s = q.Start(Seconds(0));
    Q::Verdict v;
    s = q.OnAdvertisement(Seconds(0.1), Answer(s, Q::PRIMARY, MAPPED_1, 40000), v);
    Ipv6Address address = q.GetAddress().ToIpv6();
    Time last = Seconds(0.1);
    for (int i = 0; i < 20; ++i)
    {
        Time due = s.timer;
        EXPECT_GE(due - last, Seconds(22.5));
        EXPECT_LE(due - last, Seconds(30));
        s = q.OnTimer(due);
        ASSERT_TRUE(s.sendRs);
        EXPECT_FALSE(s.cone);
        EXPECT_TRUE(q.IsQualified()); // still qualified while the refresh is out
        last = due + MilliSeconds(50);
        s = q.OnAdvertisement(last, Answer(s, Q::PRIMARY, MAPPED_1, 40000), v);
        EXPECT_EQ(v, Q::ACCEPTED);
    }
    EXPECT_EQ(q.GetAddress().ToIpv6(), address);
    EXPECT_EQ(q.GetAddressGeneration(), 1U);
    // With no refresh pending, an advertisement is unexpected.
    q.OnAdvertisement(last, Answer(s, Q::PRIMARY, MAPPED_1, 40000), v);
    EXPECT_EQ(v, Q::UNEXPECTED);
}

TEST(TeredoQualification, AChangedMappingRequalifiesWithNewRandomBits)
{
    Q q(MakeConfig(Q::RFC5991), Splitmix(11));
    Q::Step s = q.Start(Seconds(0));
    Q::Verdict v;
    s = q.OnAdvertisement(Seconds(0.1), Answer(s, Q::PRIMARY, MAPPED_1, 40000), v);
    TeredoAddress before = q.GetAddress();
    s = q.OnTimer(s.timer);
    s = q.OnAdvertisement(s.timer - Seconds(3), Answer(s, Q::PRIMARY, MAPPED_2, 40001), v);
    EXPECT_EQ(v, Q::ACCEPTED);
    // Qualification starts again: the change is confirmed with a fresh probe.
    EXPECT_EQ(q.GetState(), Q::PROBE_PRIMARY);
    ASSERT_TRUE(s.sendRs);
    q.OnAdvertisement(s.timer - Seconds(3), Answer(s, Q::PRIMARY, MAPPED_2, 40001), v);
    EXPECT_TRUE(q.IsQualified());
    TeredoAddress after = q.GetAddress();
    EXPECT_EQ(after.GetMappedAddress(), MAPPED_2);
    EXPECT_EQ(after.GetMappedPort(), 40001);
    EXPECT_EQ(q.GetAddressGeneration(), 2U);
    EXPECT_NE(after.GetRandomBits(), before.GetRandomBits());
}

TEST(TeredoQualification, LostServerGoesOfflineAndTheSameMappingKeepsTheAddress)
{
    Q::Config c = MakeConfig(Q::RFC5991);
    c.restartDelay = Seconds(10);
    Q q(c, Splitmix(12));
    Q::Step s = q.Start(Seconds(0));
    Q::Verdict v;
    s = q.OnAdvertisement(Seconds(0.1), Answer(s, Q::PRIMARY, MAPPED_1, 40000), v);
    Ipv6Address address = q.GetAddress().ToIpv6();
    s = q.OnTimer(s.timer); // refresh RS 1
    s = q.OnTimer(s.timer); // 2
    s = q.OnTimer(s.timer); // 3
    EXPECT_TRUE(q.IsQualified());
    s = q.OnTimer(s.timer); // no answer to the third
    EXPECT_EQ(q.GetState(), Q::OFFLINE);
    EXPECT_FALSE(q.IsQualified());
    s = q.OnTimer(s.timer);
    ASSERT_TRUE(s.sendRs);
    q.OnAdvertisement(s.timer - Seconds(3), Answer(s, Q::PRIMARY, MAPPED_1, 40000), v);
    EXPECT_TRUE(q.IsQualified());
    EXPECT_EQ(q.GetAddress().ToIpv6(), address);
    EXPECT_EQ(q.GetAddressGeneration(), 1U);
    EXPECT_EQ(q.GetFailures(), 0U);
}

TEST(TeredoQualification, StopForgetsEverything)
{
    Q q(MakeConfig(Q::RFC4380), Splitmix(13));
    Q::Step s = q.Start(Seconds(0));
    Q::Step stopped = q.Stop();
    EXPECT_EQ(q.GetState(), Q::IDLE);
    EXPECT_FALSE(stopped.sendRs);
    EXPECT_FALSE(stopped.hasTimer);
    Q::Verdict v;
    q.OnAdvertisement(Seconds(0.1), Answer(s, Q::SECONDARY, MAPPED_1, 1), v);
    EXPECT_EQ(v, Q::UNEXPECTED);
    EXPECT_FALSE(q.OnTimer(Seconds(4)).sendRs);
}

TEST(TeredoQualification, NamesEveryStateNatTypeAndVerdict)
{
    std::set<std::string> names;
    for (int s = Q::IDLE; s <= Q::OFFLINE; ++s)
    {
        names.insert(Q::StateToString(static_cast<Q::State>(s)));
    }
    for (int t = Q::NAT_UNKNOWN; t <= Q::NAT_SYMMETRIC; ++t)
    {
        names.insert(Q::NatTypeToString(static_cast<Q::NatType>(t)));
    }
    for (int v = Q::ACCEPTED; v <= Q::WRONG_ADDRESS; ++v)
    {
        names.insert(Q::VerdictToString(static_cast<Q::Verdict>(v)));
    }
    EXPECT_EQ(names.size(), 6U + 4U + 4U); // all distinct
}
