/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// NatProbeClient's classic names (RFC 3489 section 10.1) from RFC 5780's
// mapping and filtering behaviours, and the words of its drop reasons.

#include "ns3/nat-probe-client.h"
#include "ns3/nat-probe-server.h"

#include <gtest/gtest.h>
#include <set>

using namespace ns3;

namespace
{

using C = NatProbeClient;
using T = NatMappingTable;

TEST(NatProbeClientClassify, EveryCombination)
{
    EXPECT_EQ(C::Classify(true, T::ENDPOINT_INDEPENDENT_MAPPING, T::ENDPOINT_INDEPENDENT_FILTERING),
              C::CLASSIC_FULL_CONE);
    EXPECT_EQ(C::Classify(true, T::ENDPOINT_INDEPENDENT_MAPPING, T::ADDRESS_DEPENDENT_FILTERING),
              C::CLASSIC_RESTRICTED_CONE);
    EXPECT_EQ(
        C::Classify(true, T::ENDPOINT_INDEPENDENT_MAPPING, T::ADDRESS_AND_PORT_DEPENDENT_FILTERING),
        C::CLASSIC_PORT_RESTRICTED_CONE);
    for (auto m : {T::ADDRESS_DEPENDENT_MAPPING, T::ADDRESS_AND_PORT_DEPENDENT_MAPPING})
    {
        for (auto f : {T::ENDPOINT_INDEPENDENT_FILTERING,
                       T::ADDRESS_DEPENDENT_FILTERING,
                       T::ADDRESS_AND_PORT_DEPENDENT_FILTERING})
        {
            EXPECT_EQ(C::Classify(true, m, f), C::CLASSIC_SYMMETRIC);
        }
    }
    // No NAT: open, or a firewall that filters.
    EXPECT_EQ(
        C::Classify(false, T::ENDPOINT_INDEPENDENT_MAPPING, T::ENDPOINT_INDEPENDENT_FILTERING),
        C::CLASSIC_OPEN_INTERNET);
    EXPECT_EQ(C::Classify(false, T::ENDPOINT_INDEPENDENT_MAPPING, T::ADDRESS_DEPENDENT_FILTERING),
              C::CLASSIC_SYMMETRIC_UDP_FIREWALL);
}

TEST(NatProbeClientClassify, NamesMatchThePresets)
{
    EXPECT_EQ(C::ClassicTypeToString(C::CLASSIC_FULL_CONE), "full-cone");
    EXPECT_EQ(C::ClassicTypeToString(C::CLASSIC_RESTRICTED_CONE), "restricted-cone");
    EXPECT_EQ(C::ClassicTypeToString(C::CLASSIC_PORT_RESTRICTED_CONE), "port-restricted-cone");
    EXPECT_EQ(C::ClassicTypeToString(C::CLASSIC_SYMMETRIC), "symmetric");
    std::set<std::string> names;
    for (int t = C::CLASSIC_UDP_BLOCKED; t <= C::CLASSIC_SYMMETRIC; ++t)
    {
        names.insert(C::ClassicTypeToString(C::ClassicType(t)));
    }
    EXPECT_EQ(names.size(), 7u);
    EXPECT_EQ(names.count("unknown"), 0u);
}

TEST(NatProbeDropReasons, DistinctKebabCaseWords)
{
    std::set<std::string> client;
    for (int r = 0; r < C::DROP_REASON_COUNT; ++r)
    {
        client.insert(C::DropReasonToString(C::DropReason(r)));
    }
    EXPECT_EQ(client.size(), size_t(C::DROP_REASON_COUNT));
    std::set<std::string> server;
    for (int r = 0; r < NatProbeServer::DROP_REASON_COUNT; ++r)
    {
        server.insert(NatProbeServer::DropReasonToString(NatProbeServer::DropReason(r)));
    }
    EXPECT_EQ(server.size(), size_t(NatProbeServer::DROP_REASON_COUNT));
    for (const auto* words : {&client, &server})
    {
        for (const std::string& w : *words)
        {
            EXPECT_EQ(w.find_first_not_of("abcdefghijklmnopqrstuvwxyz-"), std::string::npos) << w;
        }
    }
}

} // namespace
