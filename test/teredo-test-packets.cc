/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-test-packets.h"

#include "ns3/ethernet-header.h"
#include "ns3/ipv4-header.h"
#include "ns3/pcap-file.h"
#include "ns3/trace-helper.h"
#include "ns3/udp-header.h"

#include <fstream>
#include <sstream>
#include <vector>

namespace ns3
{
namespace teredo_test
{

std::vector<uint8_t>
PacketBytes(Ptr<const Packet> p)
{
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

std::vector<uint8_t>
FromHex(const std::string& hex)
{
    std::vector<uint8_t> b;
    for (size_t k = 0; k + 1 < hex.size(); k += 2)
    {
        b.push_back(uint8_t(std::stoul(hex.substr(k, 2), nullptr, 16)));
    }
    return b;
}

std::vector<PcapFrame>
ReadEthernetFrames(const std::string& path)
{
    std::vector<PcapFrame> frames;
    PcapFile file;
    file.Open(path, std::ios::in);
    if (file.Fail() || file.GetDataLinkType() != PcapHelper::DLT_EN10MB)
    {
        return frames;
    }
    std::vector<uint8_t> data(65536);
    for (;;)
    {
        uint32_t sec;
        uint32_t usec;
        uint32_t inclLen;
        uint32_t origLen;
        uint32_t readLen;
        file.Read(data.data(), data.size(), sec, usec, inclLen, origLen, readLen);
        if (file.Eof() || file.Fail())
        {
            break;
        }
        frames.push_back({Seconds(sec) + MicroSeconds(usec), Create<Packet>(data.data(), readLen)});
    }
    return frames;
}

std::map<uint32_t, Ptr<Packet>>
ReadUdpPayloads(const std::string& path)
{
    std::map<uint32_t, Ptr<Packet>> payloads;
    uint32_t frame = 0;
    for (const PcapFrame& f : ReadEthernetFrames(path))
    {
        ++frame;
        Ptr<Packet> p = f.octets->Copy();
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

std::map<uint32_t, ExpectedDatagram>
ReadExpected(const std::string& path)
{
    std::map<uint32_t, ExpectedDatagram> m;
    std::ifstream in(path);
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

} // namespace teredo_test
} // namespace ns3
