/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_ROUTER_ADVERTISEMENT_H
#define TEREDO_ROUTER_ADVERTISEMENT_H

#include "teredo-datagram-classifier.h"

#include "ns3/ipv6-address.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief What a Teredo client needs from a router advertisement: the prefix
 * information and MTU options (layer 1: no simulator).
 *
 * TeredoDatagramClassifier has already checked the RA's header and checksum;
 * this reads its options, as RFC 4861 section 4.6 lays them out, and rejects
 * the advertisement when an option is malformed or no /64 prefix is offered.
 */
struct TeredoRouterAdvertisement
{
    /// Why an advertisement could not be used.
    enum Error
    {
        NONE,       //!< read
        NOT_AN_RA,  //!< the datagram was not classified as a router advertisement
        BAD_OPTION, //!< an option of length zero or running past the message
        NO_PREFIX,  //!< no prefix information option with a /64
    };

    Ipv6Address prefix;      //!< the /64 of the first suitable prefix information option
    uint32_t mtu{0};         //!< the MTU option's value, 0 when absent
    uint32_t optionCount{0}; //!< options read
    Error error{NOT_AN_RA};  //!< NONE when the advertisement is usable

    /**
     * \brief Read the options of a router advertisement.
     * \param payload the Teredo UDP payload TeredoDatagramClassifier classified
     * \param info what the classifier said of it
     * \return the options found, or an error
     */
    static TeredoRouterAdvertisement Read(Ptr<const Packet> payload,
                                          const TeredoDatagramInfo& info);

    /**
     * \brief Read the options of a router advertisement given as octets.
     * \param icmpv6 the ICMPv6 message (type 134), header included
     * \param size its length
     * \return the options found, or an error
     */
    static TeredoRouterAdvertisement ReadIcmpv6(const uint8_t* icmpv6, uint32_t size);

    /// \param error an error \return its name, e.g. "no-prefix"
    static std::string ErrorToString(Error error);
};

} // namespace ns3

#endif /* TEREDO_ROUTER_ADVERTISEMENT_H */
