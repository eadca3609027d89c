/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-option-check.h"

namespace ns3
{

bool
TcpOptionsWellFormed(const uint8_t* segment, uint32_t size)
{
    constexpr uint32_t MIN_HEADER = 20;
    constexpr uint8_t END_OF_LIST = 0;
    constexpr uint8_t NO_OPERATION = 1;
    constexpr uint8_t MAXIMUM_SEGMENT_SIZE = 2;
    constexpr uint8_t SACK = 5;
    constexpr uint8_t SACK_BLOCK = 8;
    if (size < MIN_HEADER)
    {
        return false;
    }
    const uint32_t header = (segment[12] >> 4) * 4u;
    if (header < MIN_HEADER || header > size)
    {
        return false;
    }
    for (uint32_t o = MIN_HEADER; o < header;)
    {
        const uint8_t kind = segment[o];
        if (kind == END_OF_LIST)
        {
            break; // the rest is padding, which ns-3 skips
        }
        if (kind == NO_OPERATION)
        {
            ++o;
            continue;
        }
        if (header - o < 2 || segment[o + 1] < 2 || segment[o + 1] > header - o)
        {
            return false;
        }
        if (kind == MAXIMUM_SEGMENT_SIZE && segment[o + 1] != 4)
        {
            return false; // ns-3 aborts the simulation (NS_ABORT, kept in release builds)
        }
        if (kind == SACK && (segment[o + 1] - 2) % SACK_BLOCK != 0)
        {
            // ns-3 steps over whole blocks only, not the length octet: what it
            // reads next is not what this walk checks.
            return false;
        }
        o += segment[o + 1];
    }
    return true;
}

} // namespace ns3
