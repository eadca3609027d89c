/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Qualification and maintenance in the canonical Teredo world: our server,
// our clients, behind each NAT preset, built by TeredoTopologyHelper.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/teredo-module.h"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

using Q = TeredoQualification;
using World = TeredoTopologyHelper;

constexpr uint16_t CLIENT_PORT = 50000; //!< every client's local Teredo port

/**
 * \ingroup teredo-tests
 * A world with a server and some sites; records what each client and NAT did.
 */
class QualificationWorld
{
  public:
    QualificationWorld()
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }

    ~QualificationWorld()
    {
        clients.clear();
        Simulator::Destroy();
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
    }

    /// Changes a site's client helper before its clients are installed.
    using SiteSetup = std::function<void(uint32_t site, TeredoClientHelper& helper)>;

    /**
     * \brief Build the world (sites added), fix its random streams.
     */
    void Build()
    {
        world.Build();
        world.AssignStreams(100);
    }

    /**
     * \brief Install the server and a client on every client node of the built world.
     * \param client the clients' helper
     * \param setup per-site changes to it (may be empty)
     */
    void Install(const TeredoClientHelper& client, const SiteSetup& setup = SiteSetup())
    {
        TeredoServerHelper server(world.GetServerPrimaryAddress(),
                                  world.GetServerSecondaryAddress());
        serverApps = server.Install(world.GetServerNode());
        for (uint32_t s = 0; s < world.GetSiteCount(); ++s)
        {
            TeredoClientHelper helper = client;
            helper.SetAttribute("Port", UintegerValue(CLIENT_PORT));
            if (setup)
            {
                setup(s, helper);
            }
            if (world.GetNat(s))
            {
                world.GetNat(s)->TraceConnectWithoutContext(
                    "MappingCreated",
                    MakeCallback(&QualificationWorld::MappingCreated, this));
            }
            for (uint32_t i = 0; i < world.GetClients(s).GetN(); ++i)
            {
                ApplicationContainer app = helper.Install(world.GetClients(s).Get(i));
                TeredoClientHelper::AssignStreams(app, 1000 + 10 * clients.size());
                app.Start(Seconds(1));
                Ptr<TeredoClient> c = DynamicCast<TeredoClient>(app.Get(0));
                uint32_t index = clients.size();
                clients.push_back(c);
                site.push_back(s);
                qualifiedAt.push_back(Time(-1));
                addresses.emplace_back();
                c->TraceConnectWithoutContext(
                    "Qualified",
                    MakeBoundCallback(&QualificationWorld::Qualified, this, index));
                c->TraceConnectWithoutContext(
                    "StateChanged",
                    MakeBoundCallback(&QualificationWorld::StateChanged, this, index));
            }
        }
    }

    /// The outside endpoint the NAT first mapped this client's Teredo socket to.
    InetSocketAddress ExpectedMapping(uint32_t index) const
    {
        uint32_t s = site[index];
        uint32_t i = 0;
        for (uint32_t k = 0; k < index; ++k)
        {
            i += site[k] == s ? 1 : 0;
        }
        InetSocketAddress inside(world.GetClientAddress(s, i), CLIENT_PORT);
        if (!world.GetNat(s))
        {
            return inside; // no NAT: the server sees the client itself
        }
        auto it = firstMapping.find(Key(inside));
        return it == firstMapping.end() ? InetSocketAddress(Ipv4Address::GetAny(), 0) : it->second;
    }

    World world;                                     //!< the topology
    ApplicationContainer serverApps;                 //!< the server
    std::vector<Ptr<TeredoClient>> clients;          //!< every client
    std::vector<uint32_t> site;                      //!< site of each client
    std::vector<Time> qualifiedAt;                   //!< first qualification, -1 if never
    std::vector<std::vector<Ipv6Address>> addresses; //!< each address each client got
    std::vector<std::vector<std::pair<Time, Q::State>>> states; //!< states entered, per client
    std::map<uint64_t, InetSocketAddress> firstMapping;         //!< inside -> first outside (UDP)

  private:
    static uint64_t Key(const InetSocketAddress& a)
    {
        return (uint64_t(a.GetIpv4().Get()) << 16) | a.GetPort();
    }

    void MappingCreated(uint8_t protocol,
                        const InetSocketAddress& inside,
                        const InetSocketAddress& outside)
    {
        if (protocol == 17)
        {
            firstMapping.emplace(Key(inside), outside);
        }
    }

    static void Qualified(QualificationWorld* w,
                          uint32_t index,
                          Ipv6Address address,
                          Q::NatType /* type */)
    {
        if (w->qualifiedAt[index].IsNegative())
        {
            w->qualifiedAt[index] = Simulator::Now();
        }
        w->addresses[index].push_back(address);
    }

    static void StateChanged(QualificationWorld* w, uint32_t index, Q::State, Q::State state)
    {
        if (w->states.size() <= index)
        {
            w->states.resize(index + 1);
        }
        w->states[index].emplace_back(Simulator::Now(), state);
    }
};

/// Count a packet.
void
CountPacket(uint64_t* n, Ptr<const Packet>)
{
    ++*n;
}

/// Count a UDP mapping.
void
CountUdpMapping(uint32_t* n, uint8_t protocol, const InetSocketAddress&, const InetSocketAddress&)
{
    *n += protocol == 17 ? 1 : 0;
}

/// What the RFCs make of one cell of the qualification table (NAT by procedure).
struct Expected
{
    World::SiteNat nat; //!< NAT in front of the client
    bool extension;     //!< RFC 6081 symmetric NAT extension on
    bool qualified;     //!< qualifies
    bool cone;          //!< cone flag in the address
    Q::NatType natType; //!< NAT type reported
    const char* why;    //!< the reasoning, from the RFCs
};

/// \return the procedure's name
std::string
ProcedureName(Q::Procedure procedure)
{
    return procedure == Q::RFC4380 ? "RFC 4380" : "RFC 5991";
}

/**
 * \ingroup teredo-tests
 * The qualification table for one procedure (the chapter's "The Teredo
 * client" gives it in words): a site per NAT preset (and no NAT), one client
 * each. The mapped address and port in each Teredo address must be what the
 * NAT's MappingCreated trace reported.
 */
class QualificationTableTestCase : public TestCase
{
  public:
    /// \param procedure the procedure every client runs
    explicit QualificationTableTestCase(Q::Procedure procedure)
        : TestCase("qualification table, " + ProcedureName(procedure) + " procedure"),
          m_procedure(procedure)
    {
    }

  private:
    void DoRun() override
    {
        std::vector<Expected> table;
        if (m_procedure == Q::RFC4380)
        {
            table = {
                {World::NONE,
                 false,
                 true,
                 true,
                 Q::NAT_CONE,
                 "no NAT: the RA from the other server address arrives, so cone"},
                {World::FULL_CONE,
                 false,
                 true,
                 true,
                 Q::NAT_CONE,
                 "endpoint-independent filtering lets the other address's RA in"},
                {World::RESTRICTED_CONE,
                 false,
                 true,
                 false,
                 Q::NAT_RESTRICTED,
                 "the other address is filtered; both addresses see one mapping"},
                {World::PORT_RESTRICTED_CONE,
                 false,
                 true,
                 false,
                 Q::NAT_RESTRICTED,
                 "as restricted: cone probe filtered, one mapping for both addresses"},
                {World::SYMMETRIC,
                 false,
                 false,
                 false,
                 Q::NAT_SYMMETRIC,
                 "the two server addresses see two mappings: RFC 4380 cannot serve it"},
                {World::SYMMETRIC,
                 true,
                 true,
                 false,
                 Q::NAT_SYMMETRIC,
                 "RFC 6081 section 6.1: qualified anyway, with the primary's mapping"},
            };
        }
        else
        {
            const char* why = "one RS without the cone flag: its answer returns through the "
                              "mapping it opened, whatever the NAT; the type stays unknown";
            for (World::SiteNat nat : {World::NONE,
                                       World::FULL_CONE,
                                       World::RESTRICTED_CONE,
                                       World::PORT_RESTRICTED_CONE,
                                       World::SYMMETRIC})
            {
                table.push_back({nat, false, true, false, Q::NAT_UNKNOWN, why});
            }
        }

        QualificationWorld w;
        for (const Expected& e : table)
        {
            w.world.AddSite(e.nat, 1);
        }
        w.Build();
        TeredoClientHelper client(w.world.GetServerPrimaryAddress());
        client.SetAttribute("Procedure", EnumValue(m_procedure));
        w.Install(client, [&table](uint32_t site, TeredoClientHelper& helper) {
            helper.SetAttribute("SymmetricNatExtension", BooleanValue(table[site].extension));
        });
        Simulator::Stop(Seconds(60));
        Simulator::Run();

        for (uint32_t k = 0; k < table.size(); ++k)
        {
            const Expected& e = table[k];
            Ptr<TeredoClient> c = w.clients[k];
            std::string cell = World::SiteNatToString(e.nat) + (e.extension ? " + RFC 6081" : "") +
                               " (" + e.why + ")";
            NS_TEST_ASSERT_MSG_EQ(c->IsQualified(), e.qualified, cell << ": qualified");
            NS_TEST_ASSERT_MSG_EQ(c->GetNatType(), e.natType, cell << ": NAT type");
            if (!e.qualified)
            {
                NS_TEST_ASSERT_MSG_EQ(c->GetState(), Q::OFFLINE, cell << ": off-line");
                NS_TEST_ASSERT_MSG_EQ(c->GetTeredoAddress(), Ipv6Address::GetAny(), cell);
                continue;
            }
            TeredoAddress t = TeredoAddress::Decode(c->GetTeredoAddress());
            InetSocketAddress mapped = w.ExpectedMapping(k);
            NS_TEST_ASSERT_MSG_EQ(t.IsCone(), e.cone, cell << ": cone flag");
            NS_TEST_ASSERT_MSG_EQ(t.GetServer(), w.world.GetServerPrimaryAddress(), cell);
            NS_TEST_ASSERT_MSG_EQ(t.GetMappedAddress(),
                                  mapped.GetIpv4(),
                                  cell << ": mapped address");
            NS_TEST_ASSERT_MSG_EQ(t.GetMappedPort(), mapped.GetPort(), cell << ": mapped port");
            NS_TEST_ASSERT_MSG_EQ(t.HasValidReservedBits(), true, cell << ": R, U, G clear");
            if (e.nat != World::NONE)
            {
                NS_TEST_ASSERT_MSG_EQ(mapped.GetIpv4(),
                                      w.world.GetSitePublicAddress(w.site[k]),
                                      cell << ": the NAT's public address");
            }
        }
    }

    Q::Procedure m_procedure; //!< the procedure under test
};

/**
 * \ingroup teredo-tests
 * 30 % of the packets on the client's access link lost, both ways: the client
 * still qualifies, by retrying.
 */
class LossyAccessTestCase : public TestCase
{
  public:
    /// \param procedure the client's procedure
    explicit LossyAccessTestCase(Q::Procedure procedure)
        : TestCase("30 % loss on the access link, " + ProcedureName(procedure) +
                   ": still qualifies"),
          m_procedure(procedure)
    {
    }

  private:
    void DoRun() override
    {
        QualificationWorld w;
        w.world.AddSite(World::PORT_RESTRICTED_CONE, 1);
        w.world.AddSite(World::NONE, 1);
        w.Build();
        TeredoClientHelper client(w.world.GetServerPrimaryAddress());
        client.SetAttribute("Procedure", EnumValue(m_procedure));
        client.SetAttribute("RestartDelay", TimeValue(Seconds(10)));
        w.Install(client);
        uint64_t lost = 0;
        for (uint32_t s = 0; s < 2; ++s)
        {
            for (Ptr<NetDevice> d : {w.world.GetClientDevice(s, 0), w.world.GetGatewayLanDevice(s)})
            {
                Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
                em->SetRate(0.3);
                em->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
                em->AssignStreams(7 + s);
                d->SetAttribute("ReceiveErrorModel", PointerValue(em));
                d->TraceConnectWithoutContext("PhyRxDrop", MakeBoundCallback(&CountPacket, &lost));
            }
        }
        Simulator::Stop(Seconds(300));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_GT(lost, 0, "the error model did drop packets");
        for (uint32_t k = 0; k < 2; ++k)
        {
            NS_TEST_ASSERT_MSG_EQ(w.clients[k]->IsQualified(),
                                  true,
                                  "client " << k << " qualified");
            TeredoAddress t = TeredoAddress::Decode(w.clients[k]->GetTeredoAddress());
            NS_TEST_ASSERT_MSG_EQ(t.GetMappedPort(), w.ExpectedMapping(k).GetPort(), "mapped port");
        }
    }

    Q::Procedure m_procedure; //!< the procedure under test
};

/**
 * \ingroup teredo-tests
 * The server unreachable at first (its access link drops everything): the client
 * goes off-line after its tries, then qualifies once the server is back; later
 * the server vanishes again and the qualified client notices and recovers.
 */
class ServerLossTestCase : public TestCase
{
  public:
    ServerLossTestCase()
        : TestCase("server unreachable: off-line after the tries, qualified again when it returns")
    {
    }

  private:
    void DoRun() override
    {
        QualificationWorld w;
        w.world.AddSite(World::PORT_RESTRICTED_CONE, 1);
        w.Build();
        TeredoClientHelper client(w.world.GetServerPrimaryAddress());
        client.SetAttribute("RestartDelay", TimeValue(Seconds(20)));
        w.Install(client);
        // A black hole on the server's link, opened and closed on schedule.
        Ptr<RateErrorModel> hole = CreateObject<RateErrorModel>();
        hole->SetRate(1.0);
        hole->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
        Ptr<Node> server = w.world.GetServerNode();
        for (uint32_t d = 0; d < server->GetNDevices(); ++d)
        {
            if (DynamicCast<LoopbackNetDevice>(server->GetDevice(d)))
            {
                continue;
            }
            server->GetDevice(d)->SetAttribute("ReceiveErrorModel", PointerValue(hole));
        }
        Ptr<TeredoClient> c = w.clients[0];
        Simulator::Schedule(Seconds(40), [hole]() { hole->Disable(); });
        Simulator::Schedule(Seconds(150), [hole]() { hole->Enable(); });
        Simulator::Schedule(Seconds(210), [hole]() { hole->Disable(); });
        Simulator::Stop(Seconds(400));
        Simulator::Run();

        // When the client entered each state.
        auto entered = [&w](Q::State state, Time after, Time before) {
            for (const auto& [at, s] : w.states[0])
            {
                if (s == state && at > after && at < before)
                {
                    return true;
                }
            }
            return false;
        };
        NS_TEST_ASSERT_MSG_EQ(entered(Q::OFFLINE, Seconds(1), Seconds(40)),
                              true,
                              "off-line while the server is unreachable");
        NS_TEST_ASSERT_MSG_EQ(entered(Q::QUALIFIED, Seconds(0), Seconds(40)),
                              false,
                              "not qualified before the server is back");
        NS_TEST_ASSERT_MSG_EQ(entered(Q::QUALIFIED, Seconds(40), Seconds(150)),
                              true,
                              "qualified once it is back");
        NS_TEST_ASSERT_MSG_EQ(entered(Q::OFFLINE, Seconds(150), Seconds(210)),
                              true,
                              "the lost server noticed: off-line");
        NS_TEST_ASSERT_MSG_EQ(entered(Q::QUALIFIED, Seconds(210), Seconds(400)),
                              true,
                              "qualified again when it returns");
        NS_TEST_ASSERT_MSG_EQ(c->IsQualified(), true, "qualified at the end");
        // The client's RSs kept the NAT's mapping alive through the outage.
        NS_TEST_ASSERT_MSG_EQ(w.addresses[0].size(), 2, "qualified twice");
        NS_TEST_ASSERT_MSG_EQ(w.addresses[0][0], w.addresses[0][1], "with the same address");
        TeredoAddress t = TeredoAddress::Decode(c->GetTeredoAddress());
        NS_TEST_ASSERT_MSG_EQ(t.GetMappedAddress(), w.world.GetSitePublicAddress(0), "mapping");
    }
};

/**
 * \ingroup teredo-tests
 * The NAT forgets a mapping after UdpMappingTimeout. Shorter than the refresh
 * interval: each refresh opens a new mapping, the client sees another origin
 * and requalifies with a new address. Longer: the address holds for 10 minutes.
 */
class MappingTimeoutTestCase : public TestCase
{
  public:
    /// \param natTimeout the NAT's UDP mapping timeout
    explicit MappingTimeoutTestCase(Time natTimeout)
        : TestCase("NAT mapping timeout " + std::to_string(natTimeout.GetInteger() / 1000000000) +
                   " s, refresh 30 s: " +
                   (natTimeout < Seconds(30) ? "new address" : "address kept 10 minutes")),
          m_natTimeout(natTimeout)
    {
    }

  private:
    void DoRun() override
    {
        QualificationWorld w;
        Ipv4NatHelper nat(Ipv4NatHelper::PORT_RESTRICTED_CONE);
        nat.SetAttribute("UdpMappingTimeout", TimeValue(m_natTimeout));
        // A fresh port for each new mapping, as most NATs do once a port was used.
        nat.SetAttribute("PortAllocation", StringValue("Sequential"));
        w.world.AddSite(nat, 1);
        w.Build();
        TeredoClientHelper client(w.world.GetServerPrimaryAddress());
        client.SetAttribute("RefreshInterval", TimeValue(Seconds(30)));
        w.Install(client);
        uint32_t mappings = 0;
        w.world.GetNat(0)->TraceConnectWithoutContext(
            "MappingCreated",
            MakeBoundCallback(&CountUdpMapping, &mappings));
        Simulator::Stop(Seconds(1) + Minutes(10));
        Simulator::Run();

        Ptr<TeredoClient> c = w.clients[0];
        const std::vector<Ipv6Address>& addresses = w.addresses[0];
        NS_TEST_ASSERT_MSG_EQ(c->IsQualified(), true, "qualified at the end");
        std::set<Ipv6Address> distinct(addresses.begin(), addresses.end());
        if (m_natTimeout < Seconds(30))
        {
            NS_TEST_ASSERT_MSG_GT(distinct.size(), 5, "a new address after each lost mapping");
            NS_TEST_ASSERT_MSG_EQ(distinct.size(), addresses.size(), "each one new");
            NS_TEST_ASSERT_MSG_GT(mappings, 5, "the NAT made new mappings");
            TeredoAddress t = TeredoAddress::Decode(c->GetTeredoAddress());
            NS_TEST_ASSERT_MSG_EQ(t.GetMappedAddress(),
                                  w.world.GetSitePublicAddress(0),
                                  "mapped to the NAT's address");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(addresses.size(), 1, "qualified once");
            NS_TEST_ASSERT_MSG_EQ(mappings, 1, "one mapping, kept alive");
            NS_TEST_ASSERT_MSG_EQ(c->GetTeredoAddress(), addresses[0], "the same address");
        }
    }

    Time m_natTimeout; //!< the NAT's UDP mapping timeout
};

/**
 * \ingroup teredo-tests
 * Many clients behind one NAT, all on the same local port: the NAT maps each
 * to its own outside port, so each gets its own Teredo address.
 */
class ManyClientsTestCase : public TestCase
{
  public:
    /// \param nat the NAT \param procedure the procedure
    ManyClientsTestCase(World::SiteNat nat, Q::Procedure procedure)
        : TestCase("12 clients behind one " + World::SiteNatToString(nat) + " NAT (" +
                   ProcedureName(procedure) + "): 12 distinct addresses"),
          m_nat(nat),
          m_procedure(procedure)
    {
    }

  private:
    void DoRun() override
    {
        QualificationWorld w;
        w.world.AddSite(m_nat, 12);
        w.Build();
        TeredoClientHelper client(w.world.GetServerPrimaryAddress());
        client.SetAttribute("Procedure", EnumValue(m_procedure));
        w.Install(client);
        Simulator::Stop(Seconds(60));
        Simulator::Run();
        std::set<Ipv6Address> distinct;
        std::set<uint16_t> ports;
        for (uint32_t k = 0; k < w.clients.size(); ++k)
        {
            NS_TEST_ASSERT_MSG_EQ(w.clients[k]->IsQualified(), true, "client " << k);
            TeredoAddress t = TeredoAddress::Decode(w.clients[k]->GetTeredoAddress());
            NS_TEST_ASSERT_MSG_EQ(t.GetMappedPort(),
                                  w.ExpectedMapping(k).GetPort(),
                                  "client " << k);
            distinct.insert(w.clients[k]->GetTeredoAddress());
            ports.insert(t.GetMappedPort());
        }
        NS_TEST_ASSERT_MSG_EQ(distinct.size(), 12, "distinct addresses");
        NS_TEST_ASSERT_MSG_EQ(ports.size(), 12, "distinct mapped ports");
    }

    World::SiteNat m_nat;     //!< the NAT
    Q::Procedure m_procedure; //!< the procedure
};

/**
 * \ingroup teredo-tests
 * Secure qualification (RFC 4380 section 5.2.2), one port-restricted site per
 * client. With the server's SecureQualification on: the client with the
 * right secret qualifies; one with a wrong secret, and one with no
 * identifier, never do, each refused and counted by the server. Off: a
 * client without identifier (as Miredo's) qualifies with the nonce alone,
 * and a client with a secret the server does not hold refuses the unsigned
 * advertisements it gets (a valid nonce, no valid value) and never qualifies.
 */
class SecureQualificationTestCase : public TestCase
{
  public:
    /// \param secure the server's SecureQualification
    explicit SecureQualificationTestCase(bool secure)
        : TestCase(std::string("secure qualification, server's SecureQualification ") +
                   (secure ? "on" : "off")),
          m_secure(secure)
    {
    }

  private:
    void DoRun() override
    {
        QualificationWorld w;
        for (int k = 0; k < 3; ++k)
        {
            w.world.AddSite(World::PORT_RESTRICTED_CONE, 1);
        }
        w.Build();
        // Site 0: alice, the right secret; 1: bob, a wrong one; 2: no identifier.
        TeredoClientHelper client(w.world.GetServerPrimaryAddress());
        w.Install(client, [](uint32_t site, TeredoClientHelper& helper) {
            if (site < 2)
            {
                helper.SetAttribute("ClientIdentifier", StringValue(site == 0 ? "alice" : "bob"));
                helper.SetAttribute("SharedSecret", StringValue("alice-secret"));
            }
        });
        Ptr<TeredoServer> server = DynamicCast<TeredoServer>(w.serverApps.Get(0));
        server->SetAttribute("SecureQualification", BooleanValue(m_secure));
        server->SetClientSecret("alice", "alice-secret");
        if (m_secure)
        {
            server->SetClientSecret("bob", "bob-secret");
        }
        Simulator::Stop(Seconds(60));
        Simulator::Run();

        using S = TeredoServer;
        NS_TEST_EXPECT_MSG_EQ(w.clients[0]->IsQualified(), true, "alice proves her secret");
        NS_TEST_EXPECT_MSG_EQ(w.clients[1]->IsQualified(), false, "bob's secret is wrong");
        NS_TEST_EXPECT_MSG_EQ(w.clients[0]->GetTotalDropCount(), 0, "alice's RAs verify");
        if (m_secure)
        {
            NS_TEST_EXPECT_MSG_EQ(w.clients[2]->IsQualified(), false, "no identifier");
            NS_TEST_EXPECT_MSG_GT(server->GetDropCount(S::DROP_AUTHENTICATION_FAILED),
                                  0,
                                  "bob's solicitations refused");
            NS_TEST_EXPECT_MSG_GT(server->GetDropCount(S::DROP_AUTHENTICATION_MISSING),
                                  0,
                                  "the anonymous client's refused");
            NS_TEST_EXPECT_MSG_EQ(
                w.clients[1]->GetDropCount(TeredoClient::DROP_AUTHENTICATION_FAILED),
                0,
                "bob gets no advertisement at all");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(w.clients[2]->IsQualified(), true, "nonce-only, as Miredo");
            NS_TEST_EXPECT_MSG_EQ(server->GetTotalDropCount(), 0, "the server refuses nobody");
            NS_TEST_EXPECT_MSG_GT(
                w.clients[1]->GetDropCount(TeredoClient::DROP_AUTHENTICATION_FAILED),
                0,
                "bob refuses advertisements without his value");
        }
        NS_TEST_EXPECT_MSG_EQ(server->GetDropCount(S::DROP_UNKNOWN_CLIENT), 0, "bob is known");
    }

    bool m_secure; //!< SecureQualification
};

/**
 * \ingroup teredo-tests
 * Qualification and maintenance of TeredoClient with TeredoServer.
 */
class TeredoQualificationTestSuite : public TestSuite
{
  public:
    TeredoQualificationTestSuite()
        : TestSuite("teredo-qualification", UNIT)
    {
        AddTestCase(new QualificationTableTestCase(Q::RFC4380), TestCase::QUICK);
        AddTestCase(new QualificationTableTestCase(Q::RFC5991), TestCase::QUICK);
        AddTestCase(new LossyAccessTestCase(Q::RFC4380), TestCase::QUICK);
        AddTestCase(new LossyAccessTestCase(Q::RFC5991), TestCase::QUICK);
        AddTestCase(new ServerLossTestCase(), TestCase::QUICK);
        AddTestCase(new SecureQualificationTestCase(true), TestCase::QUICK);
        AddTestCase(new SecureQualificationTestCase(false), TestCase::QUICK);
        AddTestCase(new MappingTimeoutTestCase(Seconds(20)), TestCase::QUICK);
        AddTestCase(new MappingTimeoutTestCase(Seconds(120)), TestCase::QUICK);
        AddTestCase(new ManyClientsTestCase(World::PORT_RESTRICTED_CONE, Q::RFC4380),
                    TestCase::QUICK);
        AddTestCase(new ManyClientsTestCase(World::SYMMETRIC, Q::RFC5991), TestCase::QUICK);
    }
};

/// The suite's only instance.
TeredoQualificationTestSuite g_teredoQualificationTestSuite;

} // namespace
