/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_OPTION_CHECK_H
#define TCP_OPTION_CHECK_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief Whether a TCP header and its options can be parsed safely by ns-3.37.
 *
 * ns-3.37's TcpHeader::Deserialize loops for ever, adding an option object
 * each turn, on an option of unknown kind whose length octet is 0, and reads
 * past the packet when the data offset or an option length overruns it; it
 * aborts the simulation on a maximum segment size option not 4 octets long. It is
 * called not only by the receiving TCP but by every forwarding node whose
 * queue disc hashes flows (FqCoDel, the default). A segment sent natively
 * hangs its sender's own queue disc first, but one tunnelled in Teredo's UDP
 * is parsed first by the node that decapsulates it: the Teredo receive paths
 * drop such segments, counted (the classifier's bad-tcp-options), rather than
 * hang the simulation. RFC 9293 calls these options illegal and asks
 * receivers to survive them.
 *
 * \param segment the octets from the start of the TCP header
 * \param size the number of octets available
 * \return false when the header is shorter than 20 octets or than its data
 * offset, or an option other than End of Option List and No-Operation has a
 * length below 2 or one that runs past the header, or a maximum segment size
 * option is not 4 octets long, or a SACK option's length is not 2 plus a
 * whole number of 8-octet blocks (ns-3.37 steps over the blocks it reads, not
 * over the length octet, and would parse the rest from a different place)
 */
bool TcpOptionsWellFormed(const uint8_t* segment, uint32_t size);

} // namespace ns3

#endif /* TCP_OPTION_CHECK_H */
