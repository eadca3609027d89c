/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_TEST_PACKETS_H
#define TEREDO_TEST_PACKETS_H

#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace teredo_test
{

/// How Wireshark's dissector read one Teredo datagram (test/data/*.expected).
struct ExpectedDatagram
{
    std::string kind;   //!< as TeredoDatagramClassifier::KindToString names it
    bool auth;          //!< an authentication indicator is present
    std::string origin; //!< "a.b.c.d:port" of the origin indication, or "-"
};

/**
 * \param p a packet
 * \return its octets
 */
std::vector<uint8_t> PacketBytes(Ptr<const Packet> p);

/**
 * \param hex pairs of hexadecimal digits, e.g. "0001ff"
 * \return the octets they spell
 */
std::vector<uint8_t> FromHex(const std::string& hex);

/// One frame of a pcap file.
struct PcapFrame
{
    Time at;            //!< its time stamp
    Ptr<Packet> octets; //!< the octets captured, Ethernet header first
};

/**
 * \brief Read the frames of a classic pcap file of link type Ethernet.
 * \param path the capture
 * \return its frames, in order; empty when the file cannot be read or is not Ethernet
 */
std::vector<PcapFrame> ReadEthernetFrames(const std::string& path);

/**
 * \brief Read the UDP payloads of the Ethernet/IPv4/UDP frames of a classic pcap file.
 * \param path the capture
 * \return the payloads by frame number (1-based); empty when the file cannot be read
 */
std::map<uint32_t, Ptr<Packet>> ReadUdpPayloads(const std::string& path);

/**
 * \brief Read the expected classification written by test/data/make-expected.sh.
 * \param path the .expected file
 * \return the expectations by frame number; empty when the file cannot be read
 */
std::map<uint32_t, ExpectedDatagram> ReadExpected(const std::string& path);

} // namespace teredo_test
} // namespace ns3

#endif /* TEREDO_TEST_PACKETS_H */
