/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipv4-nat.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/header.h"
#include "ns3/icmpv4.h"
#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/udp-header.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ipv4Nat");

NS_OBJECT_ENSURE_REGISTERED(Ipv4Nat);

namespace
{

constexpr uint8_t PROTO_ICMP = 1;
constexpr uint8_t PROTO_TCP = 6;
constexpr uint8_t PROTO_UDP = 17;

bool
IsIcmpEcho(uint8_t type)
{
    return type == Icmpv4Header::ICMPV4_ECHO || type == Icmpv4Header::ICMPV4_ECHO_REPLY;
}

bool
IsIcmpError(uint8_t type)
{
    return type == Icmpv4Header::ICMPV4_DEST_UNREACH ||
           type == Icmpv4Header::ICMPV4_TIME_EXCEEDED || type == 12; // parameter problem
}

uint16_t
Get16(const uint8_t* b)
{
    return uint16_t((b[0] << 8) | b[1]);
}

void
Put16(uint8_t* b, uint16_t v)
{
    b[0] = uint8_t(v >> 8);
    b[1] = uint8_t(v);
}

/// Internet checksum (RFC 1071) of a byte range whose checksum field is zero, in
/// network order. Not Buffer::Iterator::CalculateIpChecksum: that one returns
/// the sum in host byte order, for WriteU16.
uint16_t
InternetChecksum(const uint8_t* data, uint32_t size)
{
    uint32_t sum = 0;
    for (uint32_t k = 0; k + 1 < size; k += 2)
    {
        sum += Get16(data + k);
    }
    if (size % 2)
    {
        sum += uint32_t(data[size - 1]) << 8;
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return uint16_t(~sum);
}

/// RFC 1624 equation 3: a checksum after one 16-bit word it covers changed.
uint16_t
AdjustChecksum(uint16_t checksum, uint16_t oldWord, uint16_t newWord)
{
    uint32_t sum = uint16_t(~checksum) + uint16_t(~oldWord) + uint32_t(newWord);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    return uint16_t(~sum);
}

/**
 * Octets rewritten in place, put back as a header: unlike a new Packet, the
 * packet keeps its uid and tags (flow monitor, socket tags).
 */
class RewrittenHeader : public Header
{
  public:
    RewrittenHeader() = default;

    /// \param octets what to put back
    explicit RewrittenHeader(std::vector<uint8_t> octets)
        : m_octets(std::move(octets))
    {
    }

    /// \return the type ID
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::Ipv4Nat::RewrittenHeader")
                                .SetParent<Header>()
                                .SetGroupName("Teredo")
                                .AddConstructor<RewrittenHeader>();
        return tid;
    }

    TypeId GetInstanceTypeId() const override
    {
        return GetTypeId();
    }

    void Print(std::ostream& os) const override
    {
        os << "rewritten " << m_octets.size() << " octets";
    }

    uint32_t GetSerializedSize() const override
    {
        return m_octets.size();
    }

    void Serialize(Buffer::Iterator start) const override
    {
        start.Write(m_octets.data(), m_octets.size());
    }

    uint32_t Deserialize(Buffer::Iterator) override
    {
        return m_octets.size(); // write-only: never read back as this type
    }

  private:
    std::vector<uint8_t> m_octets; //!< the rewritten octets
};

/// Replace a packet's first octets by rewritten ones, keeping its identity.
void
ReplaceFront(Ptr<Packet> p, std::vector<uint8_t> octets)
{
    p->RemoveAtStart(octets.size());
    p->AddHeader(RewrittenHeader(std::move(octets)));
}

/// \return whether the packet is an ICMP error message
bool
IsIcmpErrorPacket(Ptr<const Packet> p, const Ipv4Header& h)
{
    uint8_t type = 0;
    return h.GetProtocol() == PROTO_ICMP && p->GetSize() >= 1 && p->CopyData(&type, 1) == 1 &&
           IsIcmpError(type);
}

/// Where the fields an ICMP error's translation rewrites sit in its octets.
struct QuotedPacket
{
    static constexpr uint32_t IP_AT = 8; //!< the quoted IPv4 header, after the ICMP header
    uint32_t ihl;                        //!< the quoted IPv4 header's length
    uint32_t l4At;                       //!< the quoted transport header
    uint32_t l4Size;                     //!< octets quoted of the transport header and on
    uint8_t protocol;                    //!< the quoted packet's protocol
    uint32_t addrOffset;                 //!< in the IPv4 header: our side's address
    uint32_t portOffset;                 //!< in the transport header: our side's identifier
    NatMappingTable::Endpoint ours;      //!< our side's endpoint, as quoted
    NatMappingTable::Endpoint remote;    //!< the remote endpoint (the quoted source)
};

/**
 * \brief Read the packet an ICMP error quotes: an IPv4 header and at least 8
 * octets of its payload (RFC 792), of a protocol the NAT maps. Our side is the
 * quoted source when the error is inbound (it quotes what this NAT sent out),
 * the quoted destination when outbound (what an inside host received).
 * \param b the ICMP message
 * \param inbound the error arrived at the outside address
 * \param q filled with where the fields are
 * \param why the drop reason when false is returned
 * \return whether the quoted packet can be translated
 */
bool
ParseQuotedPacket(const std::vector<uint8_t>& b,
                  bool inbound,
                  QuotedPacket& q,
                  Ipv4Nat::DropReason& why)
{
    why = Ipv4Nat::DROP_TRUNCATED;
    const uint32_t ipAt = QuotedPacket::IP_AT;
    if (b.size() < ipAt + 20 + 8 || (b[ipAt] >> 4) != 4)
    {
        return false;
    }
    const uint8_t* ip = &b[ipAt];
    q.ihl = (ip[0] & 0x0f) * 4u;
    if (q.ihl < 20 || b.size() < ipAt + q.ihl + 8)
    {
        return false;
    }
    q.l4At = ipAt + q.ihl;
    q.l4Size = b.size() - q.l4At;
    const uint8_t* l4 = &b[q.l4At];
    q.protocol = ip[9];
    why = Ipv4Nat::DROP_UNSUPPORTED;
    if (q.protocol != PROTO_UDP && q.protocol != PROTO_TCP &&
        !(q.protocol == PROTO_ICMP && IsIcmpEcho(l4[0])))
    {
        return false;
    }
    q.portOffset = (q.protocol == PROTO_ICMP) ? 4 : (inbound ? 0 : 2);
    q.addrOffset = inbound ? 12 : 16;
    q.ours = {Ipv4Address::Deserialize(ip + q.addrOffset), Get16(l4 + q.portOffset)};
    q.remote = {Ipv4Address::Deserialize(ip + 12), (q.protocol == PROTO_ICMP) ? 0 : Get16(l4)};
    return true;
}

/**
 * \brief Put the new address and port into the quoted packet and redo every
 * checksum that covers them: the quoted transport checksum (UDP and TCP cover
 * the addresses through the pseudo-header and the port, ICMP only the
 * identifier; adjusted when quoted), the quoted IPv4 header's and the ICMP
 * message's own.
 * \param b the ICMP message
 * \param q where the fields are
 * \param newAddr the address of our side after translation
 * \param newPort the port or identifier of our side after translation
 */
void
RewriteQuotedPacket(std::vector<uint8_t>& b,
                    const QuotedPacket& q,
                    Ipv4Address newAddr,
                    uint16_t newPort)
{
    uint8_t* ip = &b[QuotedPacket::IP_AT];
    uint8_t* l4 = &b[q.l4At];
    uint32_t checksumOffset = (q.protocol == PROTO_UDP) ? 6 : (q.protocol == PROTO_TCP ? 16 : 2);
    bool adjust = q.l4Size >= checksumOffset + 2 &&
                  !(q.protocol == PROTO_UDP && Get16(l4 + checksumOffset) == 0);
    uint8_t newAddrBytes[4];
    newAddr.Serialize(newAddrBytes);
    if (adjust)
    {
        uint16_t c = Get16(l4 + checksumOffset);
        if (q.protocol != PROTO_ICMP)
        {
            c = AdjustChecksum(c, Get16(ip + q.addrOffset), Get16(newAddrBytes));
            c = AdjustChecksum(c, Get16(ip + q.addrOffset + 2), Get16(newAddrBytes + 2));
        }
        c = AdjustChecksum(c, q.ours.second, newPort);
        Put16(l4 + checksumOffset, c);
    }
    std::copy(newAddrBytes, newAddrBytes + 4, ip + q.addrOffset);
    Put16(l4 + q.portOffset, newPort);
    Put16(ip + 10, 0);
    Put16(ip + 10, InternetChecksum(ip, q.ihl));
    Put16(&b[2], 0);
    Put16(&b[2], InternetChecksum(b.data(), b.size()));
}

} // namespace

TypeId
Ipv4Nat::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::Ipv4Nat")
            .SetParent<Ipv4ListRouting>()
            .SetGroupName("Teredo")
            .AddConstructor<Ipv4Nat>()
            .AddAttribute(
                "MappingBehavior",
                "RFC 4787 mapping behaviour: for which remotes an inside endpoint keeps its "
                "outside port",
                EnumValue(NatMappingTable::ENDPOINT_INDEPENDENT_MAPPING),
                MakeEnumAccessor(&Ipv4Nat::m_mapping),
                MakeEnumChecker(NatMappingTable::ENDPOINT_INDEPENDENT_MAPPING,
                                "EndpointIndependent",
                                NatMappingTable::ADDRESS_DEPENDENT_MAPPING,
                                "AddressDependent",
                                NatMappingTable::ADDRESS_AND_PORT_DEPENDENT_MAPPING,
                                "AddressAndPortDependent"))
            .AddAttribute(
                "FilteringBehavior",
                "RFC 4787 filtering behaviour: which remotes may send in through a mapping",
                EnumValue(NatMappingTable::ADDRESS_AND_PORT_DEPENDENT_FILTERING),
                MakeEnumAccessor(&Ipv4Nat::m_filtering),
                MakeEnumChecker(NatMappingTable::ENDPOINT_INDEPENDENT_FILTERING,
                                "EndpointIndependent",
                                NatMappingTable::ADDRESS_DEPENDENT_FILTERING,
                                "AddressDependent",
                                NatMappingTable::ADDRESS_AND_PORT_DEPENDENT_FILTERING,
                                "AddressAndPortDependent"))
            .AddAttribute("PortAllocation",
                          "How outside ports are chosen: Preserve (the inside port when free, "
                          "else the next free one), Sequential, Random",
                          EnumValue(NatMappingTable::PORT_PRESERVE),
                          MakeEnumAccessor(&Ipv4Nat::m_allocation),
                          MakeEnumChecker(NatMappingTable::PORT_PRESERVE,
                                          "Preserve",
                                          NatMappingTable::PORT_SEQUENTIAL,
                                          "Sequential",
                                          NatMappingTable::PORT_RANDOM,
                                          "Random"))
            .AddAttribute("UdpMappingTimeout",
                          "Lifetime of a UDP mapping after the last packet that refreshed it "
                          "(RFC 4787 REQ-5: at least 2 minutes)",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&Ipv4Nat::m_udpTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("IcmpMappingTimeout",
                          "Lifetime of an ICMP echo mapping (RFC 5508 REQ-1: at least 60 s)",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&Ipv4Nat::m_icmpTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TcpEstablishedTimeout",
                          "Lifetime of a TCP mapping in the established state "
                          "(RFC 5382 REQ-5: at least 2 h 4 min)",
                          TimeValue(Seconds(7440)),
                          MakeTimeAccessor(&Ipv4Nat::m_tcpEstablishedTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TcpTransitoryTimeout",
                          "Lifetime of a TCP mapping while opening or closing (SYN, FIN, RST) "
                          "(RFC 5382: 4 min)",
                          TimeValue(Seconds(240)),
                          MakeTimeAccessor(&Ipv4Nat::m_tcpTransitoryTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("InboundRefresh",
                          "Whether inbound UDP and ICMP packets also refresh their mapping "
                          "(TCP mappings follow the connection both ways)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&Ipv4Nat::m_inboundRefresh),
                          MakeBooleanChecker())
            .AddAttribute("Hairpinning",
                          "Whether an inside host may reach another through the outside "
                          "address (RFC 4787 REQ-9)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&Ipv4Nat::m_hairpinning),
                          MakeBooleanChecker())
            .AddAttribute("MaxMappings",
                          "Mappings the NAT holds at most; new flows beyond are dropped "
                          "and counted",
                          UintegerValue(65536),
                          MakeUintegerAccessor(&Ipv4Nat::m_maxMappings),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("PortMin",
                          "Lowest outside port handed out; inbound traffic below the range "
                          "is left to the NAT node's own sockets",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&Ipv4Nat::m_portMin),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("PortMax",
                          "Highest outside port handed out",
                          UintegerValue(65535),
                          MakeUintegerAccessor(&Ipv4Nat::m_portMax),
                          MakeUintegerChecker<uint16_t>(1))
            .AddTraceSource("MappingCreated",
                            "A mapping was made: protocol, inside and outside endpoints",
                            MakeTraceSourceAccessor(&Ipv4Nat::m_mappingCreatedTrace),
                            "ns3::Ipv4Nat::MappingTracedCallback")
            .AddTraceSource("MappingExpired",
                            "A mapping expired: protocol, inside and outside endpoints",
                            MakeTraceSourceAccessor(&Ipv4Nat::m_mappingExpiredTrace),
                            "ns3::Ipv4Nat::MappingTracedCallback")
            .AddTraceSource("Drop",
                            "A packet was dropped: packet, IPv4 header, reason",
                            MakeTraceSourceAccessor(&Ipv4Nat::m_dropTrace),
                            "ns3::Ipv4Nat::DropTracedCallback");
    return tid;
}

Ipv4Nat::Ipv4Nat()
    : m_outside(0),
      m_random(CreateObject<UniformRandomVariable>())
{
    m_drops.fill(0);
}

Ipv4Nat::~Ipv4Nat() = default;

void
Ipv4Nat::DoDispose()
{
    Simulator::Cancel(m_expiryEvent);
    if (m_inner)
    {
        m_inner->Dispose();
    }
    m_inner = nullptr;
    m_ipv4 = nullptr;
    m_table.reset();
    Ipv4ListRouting::DoDispose();
}

void
Ipv4Nat::SetInnerRoutingProtocol(Ptr<Ipv4RoutingProtocol> inner)
{
    m_inner = inner;
}

Ptr<Ipv4RoutingProtocol>
Ipv4Nat::GetInnerRoutingProtocol() const
{
    return m_inner;
}

void
Ipv4Nat::SetInterfaces(const std::set<uint32_t>& inside, uint32_t outside)
{
    NS_ABORT_MSG_IF(inside.count(outside), "the NAT's outside interface cannot also be inside");
    m_inside = inside;
    m_outside = outside;
}

Ipv4Address
Ipv4Nat::GetOutsideAddress() const
{
    NS_ABORT_MSG_IF(!m_ipv4 || m_ipv4->GetNAddresses(m_outside) == 0,
                    "the NAT's outside interface has no address");
    return m_ipv4->GetAddress(m_outside, 0).GetLocal();
}

uint32_t
Ipv4Nat::GetMappingCount() const
{
    return m_table ? m_table->GetSize() : 0;
}

uint64_t
Ipv4Nat::GetDropCount(DropReason reason) const
{
    return reason < DROP_REASON_COUNT ? m_drops[reason] : 0;
}

uint64_t
Ipv4Nat::GetTotalDropCount() const
{
    uint64_t total = 0;
    for (uint64_t n : m_drops)
    {
        total += n;
    }
    return total;
}

bool
Ipv4Nat::IsMartianSource(Ipv4Address source, Ipv4Address destination)
{
    uint32_t s = source.Get();
    bool zeroNetwork = (s >> 24) == 0;
    return source.IsMulticast() || source.IsBroadcast() || (s >> 24) == 127 ||
           (zeroNetwork && !destination.IsBroadcast());
}

std::string
Ipv4Nat::DropReasonToString(DropReason reason)
{
    switch (reason)
    {
    case DROP_FILTERED:
        return "filtered";
    case DROP_NO_MAPPING:
        return "no-mapping";
    case DROP_TABLE_FULL:
        return "table-full";
    case DROP_PORTS_EXHAUSTED:
        return "ports-exhausted";
    case DROP_HAIRPINNING_DISABLED:
        return "hairpinning-disabled";
    case DROP_TRUNCATED:
        return "truncated";
    case DROP_UNSUPPORTED:
        return "unsupported";
    case DROP_MARTIAN_SOURCE:
        return "martian-source";
    case DROP_REASON_COUNT:
        break;
    }
    return "unknown";
}

int64_t
Ipv4Nat::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

NatMappingTable&
Ipv4Nat::Table()
{
    if (!m_table)
    {
        NatMappingTable::Config c;
        c.mapping = m_mapping;
        c.filtering = m_filtering;
        c.allocation = m_allocation;
        c.inboundRefresh = m_inboundRefresh;
        c.maxMappings = m_maxMappings;
        c.portMin = m_portMin;
        c.portMax = m_portMax;
        Ptr<UniformRandomVariable> random = m_random;
        // Every address of the outside interface is in the pool.
        std::vector<Ipv4Address> pool;
        for (uint32_t k = 0; k < m_ipv4->GetNAddresses(m_outside); ++k)
        {
            pool.push_back(m_ipv4->GetAddress(m_outside, k).GetLocal());
        }
        NS_ABORT_MSG_IF(pool.empty(), "the NAT's outside interface has no address");
        m_table = std::make_unique<NatMappingTable>(c, pool, [random](uint32_t n) {
            return random->GetInteger(0, n - 1);
        });
    }
    return *m_table;
}

Time
Ipv4Nat::Lifetime(uint8_t protocol, Ptr<const Packet>) const
{
    switch (protocol)
    {
    case PROTO_UDP:
        return m_udpTimeout;
    case PROTO_ICMP:
        return m_icmpTimeout;
    default:
        return m_tcpTransitoryTimeout; // TrackTcp decides once the flags are read
    }
}

void
Ipv4Nat::TrackTcp(const NatMappingTable::Mapping* mapping, Ptr<const Packet> segment)
{
    uint8_t header[14];
    segment->CopyData(header, sizeof(header)); // ReadPorts checked the length
    uint8_t flags = header[13];
    bool syn = flags & TcpHeader::SYN;
    bool ack = flags & TcpHeader::ACK;
    if (flags & (TcpHeader::FIN | TcpHeader::RST))
    {
        mapping->closing = true;
    }
    else if (syn && !ack)
    {
        mapping->closing = false; // a new connection on the same endpoints
    }
    bool transitory = mapping->closing || (syn && !ack);
    Table().SetExpiry(mapping,
                      Simulator::Now() +
                          (transitory ? m_tcpTransitoryTimeout : m_tcpEstablishedTimeout));
}

bool
Ipv4Nat::ReadPorts(Ptr<const Packet> p, const Ipv4Header& h, Ports& ports, DropReason& why) const
{
    uint8_t b[14];
    uint32_t size = p->GetSize();
    switch (h.GetProtocol())
    {
    case PROTO_UDP:
        if (size < 8)
        {
            why = DROP_TRUNCATED;
            return false;
        }
        p->CopyData(b, 4);
        break;
    case PROTO_TCP:
        if (size < 20)
        {
            why = DROP_TRUNCATED;
            return false;
        }
        p->CopyData(b, 13);
        if ((b[12] >> 4) * 4u < 20 || (b[12] >> 4) * 4u > size)
        {
            why = DROP_TRUNCATED;
            return false;
        }
        break;
    case PROTO_ICMP:
        if (size < 8)
        {
            why = DROP_TRUNCATED;
            return false;
        }
        p->CopyData(b, 8);
        if (!IsIcmpEcho(b[0]))
        {
            why = DROP_UNSUPPORTED;
            return false;
        }
        ports.source = ports.destination = uint16_t((b[4] << 8) | b[5]);
        return true;
    default:
        why = DROP_UNSUPPORTED;
        return false;
    }
    ports.source = uint16_t((b[0] << 8) | b[1]);
    ports.destination = uint16_t((b[2] << 8) | b[3]);
    return true;
}

Ptr<Packet>
Ipv4Nat::Rewrite(Ptr<const Packet> p,
                 const Ipv4Header& oldHeader,
                 const Ipv4Header& newHeader,
                 uint16_t newSource,
                 uint16_t newDestination) const
{
    Ptr<Packet> q = p->Copy();
    bool checksums = Node::ChecksumEnabled();
    switch (newHeader.GetProtocol())
    {
    case PROTO_UDP: {
        // A fresh header: re-serializing a removed UdpHeader keeps a stale
        // checksum and length (a bug of ns-3.37, fixed in ns-3.40).
        UdpHeader old;
        q->RemoveHeader(old);
        UdpHeader udp;
        udp.SetSourcePort(newSource);
        udp.SetDestinationPort(newDestination);
        if (checksums)
        {
            udp.EnableChecksums();
            udp.InitializeChecksum(newHeader.GetSource(), newHeader.GetDestination(), PROTO_UDP);
        }
        q->AddHeader(udp);
        break;
    }
    case PROTO_TCP: {
        // Ports and checksum rewritten in place (RFC 1624 incremental update),
        // options untouched: ns-3's TcpHeader would re-serialize what it parsed,
        // and it loops forever on an unknown option of length 0.
        uint8_t offset[13];
        p->CopyData(offset, sizeof(offset));
        std::vector<uint8_t> segment((offset[12] >> 4) * 4u); // checked by ReadPorts
        p->CopyData(segment.data(), segment.size());
        uint8_t* b = segment.data();
        uint16_t checksum = Get16(b + 16);
        uint8_t before[8];
        uint8_t after[8];
        oldHeader.GetSource().Serialize(before);
        oldHeader.GetDestination().Serialize(before + 4);
        newHeader.GetSource().Serialize(after);
        newHeader.GetDestination().Serialize(after + 4);
        for (uint32_t k = 0; k < 8; k += 2)
        {
            checksum = AdjustChecksum(checksum, Get16(before + k), Get16(after + k));
        }
        checksum = AdjustChecksum(checksum, Get16(b), newSource);
        checksum = AdjustChecksum(checksum, Get16(b + 2), newDestination);
        Put16(b, newSource);
        Put16(b + 2, newDestination);
        Put16(b + 16, checksum);
        ReplaceFront(q, std::move(segment));
        break;
    }
    case PROTO_ICMP: {
        Icmpv4Header old;
        q->RemoveHeader(old);
        Icmpv4Echo echo;
        q->RemoveHeader(echo);
        echo.SetIdentifier(newSource);
        q->AddHeader(echo);
        Icmpv4Header icmp;
        icmp.SetType(old.GetType());
        icmp.SetCode(old.GetCode());
        if (checksums)
        {
            icmp.EnableChecksum();
        }
        q->AddHeader(icmp);
        break;
    }
    default:
        NS_ABORT_MSG("Ipv4Nat cannot rewrite protocol " << unsigned(newHeader.GetProtocol()));
    }
    return q;
}

Ptr<Packet>
Ipv4Nat::TranslateIcmpError(Ptr<const Packet> p, Ipv4Header& header, bool inbound, DropReason& why)
{
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), b.size());
    QuotedPacket quoted;
    if (!ParseQuotedPacket(b, inbound, quoted, why))
    {
        return nullptr;
    }
    why = DROP_NO_MAPPING;
    const NatMappingTable::Mapping* m =
        FindQuotedMapping(quoted.protocol, inbound, quoted.ours, quoted.remote);
    if (!m)
    {
        return nullptr;
    }
    Ipv4Address newAddr(inbound ? m->insideAddr : m->outsideAddr);
    uint16_t newPort = inbound ? m->insidePort : m->outsidePort;
    if (inbound)
    {
        header.SetDestination(newAddr);
    }
    else
    {
        header.SetSource(newAddr);
    }
    RewriteQuotedPacket(b, quoted, newAddr, newPort);
    Ptr<Packet> q = p->Copy();
    ReplaceFront(q, std::move(b));
    return q;
}

const NatMappingTable::Mapping*
Ipv4Nat::FindQuotedMapping(uint8_t protocol,
                           bool inbound,
                           NatMappingTable::Endpoint ours,
                           NatMappingTable::Endpoint remote)
{
    const NatMappingTable::Mapping* m = nullptr;
    if (inbound)
    {
        // It quotes a packet this NAT sent out: the source is an outside endpoint.
        if (!Table().IsOutsideAddress(ours.first))
        {
            return nullptr;
        }
        m = Table().FindByOutside(protocol, ours);
    }
    else
    {
        // It quotes a packet an inside host received: the destination is inside.
        m = Table().FindByInside(protocol, ours, remote);
    }
    return (m && m->expires > Simulator::Now()) ? m : nullptr;
}

void
Ipv4Nat::Drop(Ptr<const Packet> p, const Ipv4Header& h, DropReason reason)
{
    NS_LOG_LOGIC("drop " << h << ": " << DropReasonToString(reason));
    ++m_drops[reason];
    m_dropTrace(p, h, reason);
}

void
Ipv4Nat::NotifyCreated(const NatMappingTable::Mapping& m)
{
    auto [insideAddr, insidePort] = m.GetInside();
    auto [outsideAddr, outsidePort] = m.GetOutside();
    m_mappingCreatedTrace(m.protocol,
                          InetSocketAddress(insideAddr, insidePort),
                          InetSocketAddress(outsideAddr, outsidePort));
}

void
Ipv4Nat::ExpireMappings()
{
    if (!m_table)
    {
        return;
    }
    Time now = Simulator::Now();
    m_table->Expire(now, [this](const NatMappingTable::Mapping& m) {
        auto [insideAddr, insidePort] = m.GetInside();
        auto [outsideAddr, outsidePort] = m.GetOutside();
        m_mappingExpiredTrace(m.protocol,
                              InetSocketAddress(insideAddr, insidePort),
                              InetSocketAddress(outsideAddr, outsidePort));
    });
    Time next = m_table->GetNextExpiry();
    if (next == Time::Max())
    {
        return;
    }
    if (m_expiryEvent.IsRunning() && now + Simulator::GetDelayLeft(m_expiryEvent) <= next)
    {
        return;
    }
    m_expiryEvent.Cancel();
    m_expiryEvent = Simulator::Schedule(next - now, &Ipv4Nat::ExpireMappings, this);
}

Ptr<Ipv4Route>
Ipv4Nat::RouteOutput(Ptr<Packet> p,
                     const Ipv4Header& header,
                     Ptr<NetDevice> oif,
                     Socket::SocketErrno& sockerr)
{
    return m_inner->RouteOutput(p, header, oif, sockerr);
}

bool
Ipv4Nat::RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb)
{
    NS_LOG_FUNCTION(this << p << header << idev);
    int32_t iif = m_ipv4->GetInterfaceForDevice(idev);
    bool fromOutside = iif >= 0 && uint32_t(iif) == m_outside;
    bool fromInside = iif >= 0 && m_inside.count(iif);
    // Before anything else: no translation, no forwarding, and no ICMP error
    // sent to such a source (ns-3.37's routing crashes looking up a route to a
    // link-local multicast address without an output device).
    if ((fromOutside || fromInside) && IsMartianSource(header.GetSource(), header.GetDestination()))
    {
        Drop(p, header, DROP_MARTIAN_SOURCE);
        return true;
    }
    Ipv4Address dst = header.GetDestination();
    // Not translated: expiring packets (an ICMP time exceeded must reach the
    // real sender) and non-first fragments (no transport header).
    bool translatable = header.GetTtl() > 1 && header.GetFragmentOffset() == 0 && iif >= 0;
    if (!translatable || dst.IsBroadcast() || dst.IsMulticast())
    {
        return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
    }
    if (fromOutside && Table().IsOutsideAddress(dst))
    {
        return TranslateInbound(p, header, idev, ucb, mcb, lcb, ecb);
    }
    if (!fromInside)
    {
        return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
    }
    return TranslateOutbound(p, header, iif, idev, ucb, mcb, lcb, ecb);
}

Ptr<Ipv4Route>
Ipv4Nat::RouteToOutside(Ptr<const Packet> p, const Ipv4Header& header, uint32_t iif)
{
    if (m_ipv4->IsDestinationAddress(header.GetDestination(), iif))
    {
        return nullptr;
    }
    Socket::SocketErrno err;
    Ptr<Ipv4Route> route = m_inner->RouteOutput(p->Copy(), header, nullptr, err);
    if (!route || route->GetOutputDevice() != m_ipv4->GetNetDevice(m_outside))
    {
        return nullptr;
    }
    return route;
}

bool
Ipv4Nat::TranslateOutbound(Ptr<const Packet> p,
                           const Ipv4Header& header,
                           uint32_t iif,
                           Ptr<const NetDevice> idev,
                           const UnicastForwardCallback& ucb,
                           const MulticastForwardCallback& mcb,
                           const LocalDeliverCallback& lcb,
                           const ErrorCallback& ecb)
{
    bool hairpin = Table().IsOutsideAddress(header.GetDestination());
    Ptr<Ipv4Route> route;
    if (hairpin && !m_hairpinning)
    {
        Drop(p, header, DROP_HAIRPINNING_DISABLED);
        return true;
    }
    if (!hairpin)
    {
        route = RouteToOutside(p, header, iif);
        if (!route)
        {
            // For this node, or inside to inside: routed as it is.
            return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
        }
    }

    Ports ports;
    DropReason why;
    if (!ReadPorts(p, header, ports, why))
    {
        if (!hairpin && IsIcmpErrorPacket(p, header))
        {
            Ipv4Header out = header;
            if (Ptr<Packet> q = TranslateIcmpError(p, out, false, why))
            {
                ucb(route, q, out);
                return true;
            }
        }
        Drop(p, header, why);
        return true;
    }
    const NatMappingTable::Mapping* mapping = MapOutbound(p, header, ports);
    if (!mapping)
    {
        return true;
    }
    Ipv4Header out = header;
    out.SetSource(Ipv4Address(mapping->outsideAddr));
    uint16_t outsidePort = mapping->outsidePort;
    uint16_t newDestination =
        (header.GetProtocol() == PROTO_ICMP) ? outsidePort : ports.destination;
    Ptr<Packet> q = Rewrite(p, header, out, outsidePort, newDestination);
    if (!hairpin)
    {
        ucb(route, q, out);
        return true;
    }
    // Hairpinning: the translated packet arrives at the outside address at once.
    return TranslateInbound(q, out, idev, ucb, mcb, lcb, ecb);
}

const NatMappingTable::Mapping*
Ipv4Nat::MapOutbound(Ptr<const Packet> p, const Ipv4Header& header, const Ports& ports)
{
    uint8_t protocol = header.GetProtocol();
    uint16_t remotePort = (protocol == PROTO_ICMP) ? 0 : ports.destination;
    Time now = Simulator::Now();
    Time lifetime = Lifetime(protocol, p);
    ExpireMappings();
    NatMappingTable::Result r = Table().Outbound(protocol,
                                                 {header.GetSource(), ports.source},
                                                 {header.GetDestination(), remotePort},
                                                 now,
                                                 lifetime);
    if (r.verdict != NatMappingTable::TRANSLATED)
    {
        Drop(p,
             header,
             r.verdict == NatMappingTable::TABLE_FULL ? DROP_TABLE_FULL : DROP_PORTS_EXHAUSTED);
        return nullptr;
    }
    if (protocol == PROTO_TCP)
    {
        TrackTcp(r.mapping, p);
    }
    if (r.created)
    {
        NotifyCreated(*r.mapping);
        ExpireMappings(); // schedules the new mapping's expiry
    }
    return r.mapping;
}

bool
Ipv4Nat::TranslateInbound(Ptr<const Packet> p,
                          const Ipv4Header& header,
                          Ptr<const NetDevice> idev,
                          const UnicastForwardCallback& ucb,
                          const MulticastForwardCallback& mcb,
                          const LocalDeliverCallback& lcb,
                          const ErrorCallback& ecb)
{
    Ports ports;
    DropReason why;
    if (!ReadPorts(p, header, ports, why))
    {
        if (IsIcmpErrorPacket(p, header))
        {
            Ipv4Header in = header;
            Ptr<Packet> q = TranslateIcmpError(p, in, true, why);
            if (!q)
            {
                Drop(p, header, why);
                return true;
            }
            return m_inner->RouteInput(q, in, idev, ucb, mcb, lcb, ecb);
        }
        if (why == DROP_UNSUPPORTED)
        {
            // Not a flow the NAT maps (an echo request to the NAT itself, an
            // ICMP error, another protocol): the node handles it.
            return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
        }
        Drop(p, header, why);
        return true;
    }
    uint8_t protocol = header.GetProtocol();
    if (protocol == PROTO_ICMP)
    {
        uint8_t type;
        p->CopyData(&type, 1);
        if (type != Icmpv4Header::ICMPV4_ECHO_REPLY)
        {
            return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
        }
    }
    else if (ports.destination < m_portMin || ports.destination > m_portMax)
    {
        // Below the mapping range: the NAT node's own services.
        return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
    }

    const NatMappingTable::Mapping* mapping = MapInbound(p, header, ports);
    if (!mapping)
    {
        return true;
    }
    Ipv4Header in = header;
    in.SetDestination(Ipv4Address(mapping->insideAddr));
    uint16_t insidePort = mapping->insidePort;
    uint16_t newSource = (protocol == PROTO_ICMP) ? insidePort : ports.source;
    Ptr<Packet> q = Rewrite(p, header, in, newSource, insidePort);
    // No longer addressed to this node: the inner protocol forwards it inside.
    return m_inner->RouteInput(q, in, idev, ucb, mcb, lcb, ecb);
}

const NatMappingTable::Mapping*
Ipv4Nat::MapInbound(Ptr<const Packet> p, const Ipv4Header& header, const Ports& ports)
{
    uint8_t protocol = header.GetProtocol();
    uint16_t remotePort = (protocol == PROTO_ICMP) ? 0 : ports.source;
    Time now = Simulator::Now();
    Time lifetime = Lifetime(protocol, p);
    ExpireMappings();
    NatMappingTable::Result r = Table().Inbound(protocol,
                                                {header.GetDestination(), ports.destination},
                                                {header.GetSource(), remotePort},
                                                now,
                                                lifetime);
    if (r.verdict != NatMappingTable::TRANSLATED)
    {
        Drop(p, header, r.verdict == NatMappingTable::FILTERED ? DROP_FILTERED : DROP_NO_MAPPING);
        return nullptr;
    }
    if (protocol == PROTO_TCP)
    {
        TrackTcp(r.mapping, p);
    }
    return r.mapping;
}

void
Ipv4Nat::NotifyInterfaceUp(uint32_t interface)
{
    m_inner->NotifyInterfaceUp(interface);
}

void
Ipv4Nat::NotifyInterfaceDown(uint32_t interface)
{
    m_inner->NotifyInterfaceDown(interface);
}

void
Ipv4Nat::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    m_inner->NotifyAddAddress(interface, address);
}

void
Ipv4Nat::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    m_inner->NotifyRemoveAddress(interface, address);
}

void
Ipv4Nat::SetIpv4(Ptr<Ipv4> ipv4)
{
    // Not forwarded: the inner protocol already has it, and setting it again
    // re-adds its connected routes.
    m_ipv4 = ipv4;
}

void
Ipv4Nat::AddRoutingProtocol(Ptr<Ipv4RoutingProtocol> routingProtocol, int16_t priority)
{
    Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(m_inner);
    NS_ABORT_MSG_IF(!list,
                    "Ipv4Nat::AddRoutingProtocol: this NAT wraps a single "
                        << (m_inner ? m_inner->GetInstanceTypeId().GetName() : "(nothing)")
                        << ", not an Ipv4ListRouting; give the node an Ipv4ListRouting before "
                           "Ipv4NatHelper::Install (InternetStackHelper::SetRoutingHelper with an "
                           "Ipv4ListRoutingHelper), or wrap a list of your own with "
                           "Ipv4Nat::SetInnerRoutingProtocol");
    list->AddRoutingProtocol(routingProtocol, priority);
}

uint32_t
Ipv4Nat::GetNRoutingProtocols() const
{
    if (Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(m_inner))
    {
        return list->GetNRoutingProtocols();
    }
    return m_inner ? 1 : 0;
}

Ptr<Ipv4RoutingProtocol>
Ipv4Nat::GetRoutingProtocol(uint32_t index, int16_t& priority) const
{
    if (Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(m_inner))
    {
        return list->GetRoutingProtocol(index, priority);
    }
    NS_ABORT_MSG_IF(index >= GetNRoutingProtocols(),
                    "Ipv4Nat::GetRoutingProtocol: index " << index << " out of range");
    priority = 0;
    return m_inner;
}

void
Ipv4Nat::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream& os = *stream->GetStream();
    os << "Ipv4Nat: outside interface " << m_outside << ", " << GetMappingCount() << " mappings\n";
    m_inner->PrintRoutingTable(stream, unit);
}

} // namespace ns3
