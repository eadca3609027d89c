/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Every Teredo datagram in a capture of real Miredo 1.2.6 traffic must
// classify as Wireshark's Teredo dissector says it is (test/data/*.expected,
// made by test/data/make-expected.sh).

#include "ns3/ethernet-header.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"
#include "ns3/pcap-file.h"
#include "ns3/teredo-datagram-classifier.h"
#include "ns3/trace-helper.h"
#include "ns3/udp-header.h"

#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <string>

using namespace ns3;

namespace
{

const std::string CAPTURE = std::string(TEREDO_TEST_DATA_DIR) + "/miredo-1.2.6-netns.pcap";
const std::string EXPECTED = std::string(TEREDO_TEST_DATA_DIR) + "/miredo-1.2.6-netns.expected";

struct Expectation
{
    std::string kind;
    bool auth;
    std::string origin; // "a.b.c.d:port" or "-"
};

std::map<uint32_t, Expectation>
ReadExpected()
{
    std::map<uint32_t, Expectation> m;
    std::ifstream in(EXPECTED);
    std::string line;
    while (std::getline(in, line))
    {
        if (line.empty() || line[0] == '#')
        {
            continue;
        }
        std::istringstream is(line);
        uint32_t frame;
        std::string kind;
        std::string auth;
        std::string origin;
        is >> frame >> kind >> auth >> origin;
        m[frame] = {kind, auth == "auth", origin};
    }
    return m;
}

/// The UDP payloads of the capture's Ethernet/IPv4/UDP frames, by frame number.
std::map<uint32_t, Ptr<Packet>>
ReadUdpPayloads()
{
    std::map<uint32_t, Ptr<Packet>> payloads;
    PcapFile file;
    file.Open(CAPTURE, std::ios::in);
    EXPECT_FALSE(file.Fail()) << CAPTURE;
    EXPECT_EQ(file.GetDataLinkType(), uint32_t(PcapHelper::DLT_EN10MB));
    uint8_t data[65536];
    for (uint32_t frame = 1;; ++frame)
    {
        uint32_t sec;
        uint32_t usec;
        uint32_t inclLen;
        uint32_t origLen;
        uint32_t readLen;
        file.Read(data, sizeof(data), sec, usec, inclLen, origLen, readLen);
        if (file.Eof() || file.Fail())
        {
            break;
        }
        Ptr<Packet> p = Create<Packet>(data, readLen);
        EthernetHeader eth(false);
        p->RemoveHeader(eth);
        if (eth.GetLengthType() != 0x0800)
        {
            continue;
        }
        Ipv4Header ip;
        p->RemoveHeader(ip);
        if (ip.GetProtocol() != 17)
        {
            continue;
        }
        UdpHeader udp;
        p->RemoveHeader(udp);
        // Cut Ethernet padding: the UDP payload ends where the IPv4 datagram does.
        payloads[frame] = p->CreateFragment(0, ip.GetPayloadSize() - udp.GetSerializedSize());
    }
    return payloads;
}

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
    std::map<uint32_t, Expectation> expected = ReadExpected();
    std::map<uint32_t, Ptr<Packet>> payloads = ReadUdpPayloads();
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
