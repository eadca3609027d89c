/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/nat-mapping-table.h"

#include <gtest/gtest.h>
#include <random>
#include <set>

using namespace ns3;

namespace
{

using Table = NatMappingTable;

const Ipv4Address OUTSIDE("203.0.113.1");
const Table::Endpoint HOST_A{Ipv4Address("10.0.0.2"), 5000};
const Table::Endpoint HOST_B{Ipv4Address("10.0.0.3"), 5000};
const Table::Endpoint REMOTE_1{Ipv4Address("198.51.100.1"), 3478};
const Table::Endpoint REMOTE_1_OTHER_PORT{Ipv4Address("198.51.100.1"), 3479};
const Table::Endpoint REMOTE_2{Ipv4Address("198.51.100.2"), 3478};
constexpr uint8_t UDP = 17;
constexpr uint8_t TCP = 6;
const Time LIFETIME = Seconds(120);

Table
MakeTable(Table::MappingBehavior mapping,
          Table::FilteringBehavior filtering = Table::ENDPOINT_INDEPENDENT_FILTERING,
          Table::PortAllocation allocation = Table::PORT_PRESERVE)
{
    Table::Config c;
    c.mapping = mapping;
    c.filtering = filtering;
    c.allocation = allocation;
    return Table(c, OUTSIDE, [](uint32_t n) { return n / 2; });
}

uint16_t
OutsidePort(Table& t, Table::Endpoint inside, Table::Endpoint remote, Time now = Seconds(0))
{
    Table::Result r = t.Outbound(UDP, inside, remote, now, LIFETIME);
    EXPECT_EQ(r.verdict, Table::TRANSLATED);
    return r.mapping ? r.mapping->outsidePort : 0;
}

TEST(NatMappingTable, EndpointIndependentMappingReusesOnePort)
{
    Table t = MakeTable(Table::ENDPOINT_INDEPENDENT_MAPPING);
    uint16_t p1 = OutsidePort(t, HOST_A, REMOTE_1);
    EXPECT_EQ(OutsidePort(t, HOST_A, REMOTE_1_OTHER_PORT), p1);
    EXPECT_EQ(OutsidePort(t, HOST_A, REMOTE_2), p1);
    EXPECT_EQ(t.GetSize(), 1u);
    EXPECT_EQ(t.FindByOutside(UDP, {OUTSIDE, p1})->GetOutside(), Table::Endpoint(OUTSIDE, p1));
}

TEST(NatMappingTable, AddressDependentMappingPerRemoteAddress)
{
    Table t = MakeTable(Table::ADDRESS_DEPENDENT_MAPPING);
    uint16_t p1 = OutsidePort(t, HOST_A, REMOTE_1);
    EXPECT_EQ(OutsidePort(t, HOST_A, REMOTE_1_OTHER_PORT), p1);
    EXPECT_NE(OutsidePort(t, HOST_A, REMOTE_2), p1);
    EXPECT_EQ(t.GetSize(), 2u);
}

TEST(NatMappingTable, AddressAndPortDependentMappingPerRemoteEndpoint)
{
    Table t = MakeTable(Table::ADDRESS_AND_PORT_DEPENDENT_MAPPING);
    std::set<uint16_t> ports{OutsidePort(t, HOST_A, REMOTE_1),
                             OutsidePort(t, HOST_A, REMOTE_1_OTHER_PORT),
                             OutsidePort(t, HOST_A, REMOTE_2)};
    EXPECT_EQ(ports.size(), 3u);
    // The same remote endpoint again: the same mapping.
    EXPECT_TRUE(ports.count(OutsidePort(t, HOST_A, REMOTE_1)));
    EXPECT_EQ(t.GetSize(), 3u);
}

TEST(NatMappingTable, EndpointIndependentFilteringLetsAnyoneIn)
{
    Table t = MakeTable(Table::ENDPOINT_INDEPENDENT_MAPPING, Table::ENDPOINT_INDEPENDENT_FILTERING);
    uint16_t p = OutsidePort(t, HOST_A, REMOTE_1);
    Table::Result r = t.Inbound(UDP, {OUTSIDE, p}, REMOTE_2, Seconds(1), LIFETIME);
    EXPECT_EQ(r.verdict, Table::TRANSLATED);
    EXPECT_EQ(r.mapping->GetInside(), HOST_A);
}

TEST(NatMappingTable, AddressDependentFilteringChecksTheAddressOnly)
{
    Table t = MakeTable(Table::ENDPOINT_INDEPENDENT_MAPPING, Table::ADDRESS_DEPENDENT_FILTERING);
    uint16_t p = OutsidePort(t, HOST_A, REMOTE_1);
    EXPECT_EQ(t.Inbound(UDP, {OUTSIDE, p}, REMOTE_1, Seconds(1), LIFETIME).verdict,
              Table::TRANSLATED);
    EXPECT_EQ(t.Inbound(UDP, {OUTSIDE, p}, REMOTE_1_OTHER_PORT, Seconds(1), LIFETIME).verdict,
              Table::TRANSLATED);
    EXPECT_EQ(t.Inbound(UDP, {OUTSIDE, p}, REMOTE_2, Seconds(1), LIFETIME).verdict,
              Table::FILTERED);
}

TEST(NatMappingTable, AddressAndPortDependentFilteringChecksBoth)
{
    Table t =
        MakeTable(Table::ENDPOINT_INDEPENDENT_MAPPING, Table::ADDRESS_AND_PORT_DEPENDENT_FILTERING);
    uint16_t p = OutsidePort(t, HOST_A, REMOTE_1);
    EXPECT_EQ(t.Inbound(UDP, {OUTSIDE, p}, REMOTE_1, Seconds(1), LIFETIME).verdict,
              Table::TRANSLATED);
    EXPECT_EQ(t.Inbound(UDP, {OUTSIDE, p}, REMOTE_1_OTHER_PORT, Seconds(1), LIFETIME).verdict,
              Table::FILTERED);
    EXPECT_EQ(t.Inbound(UDP, {OUTSIDE, p}, REMOTE_2, Seconds(1), LIFETIME).verdict,
              Table::FILTERED);
    // Once the inside host has sent there, it is let in.
    OutsidePort(t, HOST_A, REMOTE_2, Seconds(2));
    EXPECT_EQ(t.Inbound(UDP, {OUTSIDE, p}, REMOTE_2, Seconds(3), LIFETIME).verdict,
              Table::TRANSLATED);
}

TEST(NatMappingTable, InboundWithoutMapping)
{
    Table t = MakeTable(Table::ENDPOINT_INDEPENDENT_MAPPING);
    EXPECT_EQ(t.Inbound(UDP, {OUTSIDE, 5000}, REMOTE_1, Seconds(0), LIFETIME).verdict,
              Table::NO_MAPPING);
    uint16_t p = OutsidePort(t, HOST_A, REMOTE_1);
    // Protocols have separate port spaces.
    EXPECT_EQ(t.Inbound(TCP, {OUTSIDE, p}, REMOTE_1, Seconds(0), LIFETIME).verdict,
              Table::NO_MAPPING);
}

TEST(NatMappingTable, PortPreservationFallsBackWhenTaken)
{
    Table t = MakeTable(Table::ENDPOINT_INDEPENDENT_MAPPING);
    EXPECT_EQ(OutsidePort(t, HOST_A, REMOTE_1), 5000);
    EXPECT_EQ(OutsidePort(t, HOST_B, REMOTE_1), 5001);
    // The same port number is free again in another protocol.
    EXPECT_EQ(t.Outbound(TCP, HOST_B, REMOTE_1, Seconds(0), LIFETIME).mapping->outsidePort, 5000);
}

TEST(NatMappingTable, PortPreservationOutsideTheRangeAllocatesInIt)
{
    Table t = MakeTable(Table::ENDPOINT_INDEPENDENT_MAPPING);
    uint16_t p = OutsidePort(t, {Ipv4Address("10.0.0.2"), 53}, REMOTE_1);
    EXPECT_GE(p, 1024);
}

TEST(NatMappingTable, SequentialAllocation)
{
    Table t = MakeTable(Table::ADDRESS_AND_PORT_DEPENDENT_MAPPING,
                        Table::ADDRESS_AND_PORT_DEPENDENT_FILTERING,
                        Table::PORT_SEQUENTIAL);
    EXPECT_EQ(OutsidePort(t, HOST_A, REMOTE_1), 1024);
    EXPECT_EQ(OutsidePort(t, HOST_A, REMOTE_2), 1025);
    EXPECT_EQ(OutsidePort(t, HOST_B, REMOTE_1), 1026);
}

TEST(NatMappingTable, RandomAllocationUsesTheRandomSource)
{
    std::mt19937 rng(4787);
    Table::Config c;
    c.mapping = Table::ADDRESS_AND_PORT_DEPENDENT_MAPPING;
    c.allocation = Table::PORT_RANDOM;
    Table t(c, OUTSIDE, [&rng](uint32_t n) { return uint32_t(rng() % n); });
    std::set<uint16_t> ports;
    for (uint16_t k = 0; k < 200; ++k)
    {
        ports.insert(OutsidePort(t, HOST_A, {Ipv4Address("198.51.100.1"), uint16_t(1000 + k)}));
    }
    EXPECT_EQ(ports.size(), 200u);
    // Not sequential: the span is far wider than the count.
    EXPECT_GT(*ports.rbegin() - *ports.begin(), 10000);
}

TEST(NatMappingTable, MappingsExpireUnlessRefreshed)
{
    Table t = MakeTable(Table::ENDPOINT_INDEPENDENT_MAPPING);
    uint16_t p = OutsidePort(t, HOST_A, REMOTE_1, Seconds(0));
    EXPECT_EQ(t.GetNextExpiry(), Seconds(120));
    EXPECT_EQ(t.Expire(Seconds(119), nullptr), 0u);
    OutsidePort(t, HOST_A, REMOTE_1, Seconds(100)); // outbound refresh
    EXPECT_EQ(t.Expire(Seconds(200), nullptr), 0u);
    std::vector<uint16_t> expired;
    EXPECT_EQ(
        t.Expire(Seconds(220), [&](const Table::Mapping& m) { expired.push_back(m.outsidePort); }),
        1u);
    EXPECT_EQ(expired, std::vector<uint16_t>{p});
    EXPECT_EQ(t.GetSize(), 0u);
    EXPECT_EQ(t.GetNextExpiry(), Time::Max());
}

TEST(NatMappingTable, InboundRefreshOnlyWhenConfigured)
{
    for (bool refresh : {false, true})
    {
        Table::Config c;
        c.inboundRefresh = refresh;
        c.filtering = Table::ENDPOINT_INDEPENDENT_FILTERING;
        Table t(c, OUTSIDE, nullptr);
        uint16_t p = OutsidePort(t, HOST_A, REMOTE_1, Seconds(0));
        EXPECT_EQ(t.Inbound(UDP, {OUTSIDE, p}, REMOTE_1, Seconds(100), LIFETIME).verdict,
                  Table::TRANSLATED);
        EXPECT_EQ(t.GetNextExpiry(), refresh ? Seconds(220) : Seconds(120));
    }
}

TEST(NatMappingTable, ExpiredMappingLetsNothingIn)
{
    Table t = MakeTable(Table::ENDPOINT_INDEPENDENT_MAPPING, Table::ENDPOINT_INDEPENDENT_FILTERING);
    uint16_t p = OutsidePort(t, HOST_A, REMOTE_1, Seconds(0));
    EXPECT_EQ(t.Inbound(UDP, {OUTSIDE, p}, REMOTE_1, Seconds(120), LIFETIME).verdict,
              Table::NO_MAPPING);
}

TEST(NatMappingTable, PermissionsLapseOnTheirOwn)
{
    Table t =
        MakeTable(Table::ENDPOINT_INDEPENDENT_MAPPING, Table::ADDRESS_AND_PORT_DEPENDENT_FILTERING);
    uint16_t p = OutsidePort(t, HOST_A, REMOTE_1, Seconds(0));
    OutsidePort(t, HOST_A, REMOTE_2, Seconds(100)); // keeps the mapping, not REMOTE_1's permission
    EXPECT_EQ(t.Inbound(UDP, {OUTSIDE, p}, REMOTE_2, Seconds(150), LIFETIME).verdict,
              Table::TRANSLATED);
    EXPECT_EQ(t.Inbound(UDP, {OUTSIDE, p}, REMOTE_1, Seconds(150), LIFETIME).verdict,
              Table::FILTERED);
}

TEST(NatMappingTable, TableFull)
{
    Table::Config c;
    c.maxMappings = 2;
    Table t(c, OUTSIDE, nullptr);
    EXPECT_EQ(t.Outbound(UDP, HOST_A, REMOTE_1, Seconds(0), LIFETIME).verdict, Table::TRANSLATED);
    EXPECT_EQ(t.Outbound(UDP, HOST_B, REMOTE_1, Seconds(0), LIFETIME).verdict, Table::TRANSLATED);
    Table::Result r = t.Outbound(UDP, {Ipv4Address("10.0.0.4"), 1}, REMOTE_1, Seconds(0), LIFETIME);
    EXPECT_EQ(r.verdict, Table::TABLE_FULL);
    EXPECT_EQ(r.mapping, nullptr);
    // Existing mappings still work.
    EXPECT_EQ(t.Outbound(UDP, HOST_A, REMOTE_2, Seconds(0), LIFETIME).verdict, Table::TRANSLATED);
    EXPECT_EQ(t.GetSize(), 2u);
}

TEST(NatMappingTable, PortsExhausted)
{
    Table::Config c;
    c.portMin = 40000;
    c.portMax = 40001;
    Table t(c, OUTSIDE, nullptr);
    EXPECT_EQ(t.Outbound(UDP, HOST_A, REMOTE_1, Seconds(0), LIFETIME).verdict, Table::TRANSLATED);
    EXPECT_EQ(t.Outbound(UDP, HOST_B, REMOTE_1, Seconds(0), LIFETIME).verdict, Table::TRANSLATED);
    EXPECT_EQ(t.Outbound(UDP, {Ipv4Address("10.0.0.4"), 1}, REMOTE_1, Seconds(0), LIFETIME).verdict,
              Table::PORTS_EXHAUSTED);
}

TEST(NatMappingTable, SetExpiryMovesAMapping)
{
    Table t = MakeTable(Table::ENDPOINT_INDEPENDENT_MAPPING);
    Table::Result r = t.Outbound(TCP, HOST_A, REMOTE_1, Seconds(0), LIFETIME);
    t.SetExpiry(r.mapping, Seconds(7440));
    EXPECT_EQ(t.GetNextExpiry(), Seconds(7440));
}

} // namespace

namespace
{

TEST(NatMappingTable, PairedPoolingKeepsAHostOnOneAddress)
{
    const Ipv4Address second("203.0.113.2");
    Table::Config c;
    c.mapping = Table::ADDRESS_AND_PORT_DEPENDENT_MAPPING;
    Table t(c, std::vector<Ipv4Address>{OUTSIDE, second}, nullptr);
    EXPECT_TRUE(t.IsOutsideAddress(second));
    EXPECT_FALSE(t.IsOutsideAddress(Ipv4Address("203.0.113.3")));

    auto outside = [&t](Table::Endpoint inside, Table::Endpoint remote, Time now) {
        return t.Outbound(UDP, inside, remote, now, LIFETIME).mapping->GetOutside();
    };
    Table::Endpoint a1 = outside(HOST_A, REMOTE_1, Seconds(0));
    Table::Endpoint b1 = outside(HOST_B, REMOTE_1, Seconds(0));
    // A new host goes to the least used address; each keeps its port (the
    // same number is free on each address).
    EXPECT_EQ(a1, Table::Endpoint(OUTSIDE, 5000));
    EXPECT_EQ(b1, Table::Endpoint(second, 5000));
    // Every later mapping of a host stays on its address (RFC 4787 REQ-2).
    EXPECT_EQ(outside(HOST_A, REMOTE_2, Seconds(1)).first, OUTSIDE);
    EXPECT_EQ(outside(HOST_B, REMOTE_2, Seconds(1)).first, second);
    // Inbound lookups use the address too.
    EXPECT_EQ(t.Inbound(UDP, b1, REMOTE_1, Seconds(2), LIFETIME).mapping->GetInside(), HOST_B);
    EXPECT_EQ(t.Inbound(UDP, a1, REMOTE_1, Seconds(2), LIFETIME).mapping->GetInside(), HOST_A);

    // Once all of a host's mappings are gone, its pairing goes too.
    t.Expire(Seconds(500), nullptr);
    EXPECT_EQ(t.GetSize(), 0u);
    Table::Endpoint b2 = outside(HOST_B, REMOTE_1, Seconds(600));
    EXPECT_EQ(b2.first, OUTSIDE); // both free again: the first of the pool
}

} // namespace
