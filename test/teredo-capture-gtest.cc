/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Every Teredo datagram in a capture of real Miredo 1.2.6 traffic must
// classify as Wireshark's Teredo dissector says it is (test/data/*.expected,
// made by test/data/make-expected.sh).

#include "teredo-test-packets.h"

#include "ns3/teredo-datagram-classifier.h"

#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <string>

using namespace ns3;

namespace
{

const std::string CAPTURE = std::string(TEREDO_TEST_DATA_DIR) + "/miredo-1.2.6-netns.pcap";
const std::string EXPECTED = std::string(TEREDO_TEST_DATA_DIR) + "/miredo-1.2.6-netns.expected";

std::string
OriginString(const TeredoDatagramInfo& info)
{
    if (!info.hasOrigin)
    {
        return "-";
    }
    std::ostringstream os;
    os << info.origin.GetAddress() << ":" << info.origin.GetPort();
    return os.str();
}

TEST(TeredoCapture, EveryMiredoDatagramClassifiesAsWiresharkSays)
{
    std::map<uint32_t, teredo_test::ExpectedDatagram> expected =
        teredo_test::ReadExpected(EXPECTED);
    std::map<uint32_t, Ptr<Packet>> payloads = teredo_test::ReadUdpPayloads(CAPTURE);
    ASSERT_EQ(expected.size(), 117u) << "expected-classification file incomplete";
    ASSERT_EQ(payloads.size(), expected.size()) << "UDP frames and Teredo frames differ";

    std::map<std::string, int> seen;
    for (const auto& [frame, payload] : payloads)
    {
        auto e = expected.find(frame);
        ASSERT_NE(e, expected.end()) << "frame " << frame << " is UDP but not Teredo";
        TeredoDatagramInfo info = TeredoDatagramClassifier::Classify(payload);
        EXPECT_EQ(TeredoDatagramClassifier::KindToString(info.kind), e->second.kind)
            << "frame " << frame << " reason "
            << TeredoDatagramClassifier::ReasonToString(info.reason);
        EXPECT_EQ(info.hasAuth, e->second.auth) << "frame " << frame;
        EXPECT_EQ(OriginString(info), e->second.origin) << "frame " << frame;
        ++seen[TeredoDatagramClassifier::KindToString(info.kind)];
    }
    // The capture holds each kind the classifier knows of, but indications alone.
    EXPECT_EQ(seen["router-solicitation"], 10);
    EXPECT_EQ(seen["router-advertisement"], 10);
    EXPECT_EQ(seen["bubble"], 21);
    EXPECT_EQ(seen["ipv6-data"], 76);
    EXPECT_EQ(seen["rejected"], 0);
}

} // namespace
