/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_ECN_H
#define TEREDO_ECN_H

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief Explicit Congestion Notification across the Teredo tunnel: RFC 6040's
 * encapsulation and decapsulation rules, which RFC 9601 applies to tunnels
 * with a shim header between the outer and the inner IP header, as Teredo's
 * UDP header is (layer 1: no simulator).
 *
 * The ECN field is the two low-order bits of the IPv4 ToS octet (outer header)
 * and of the IPv6 Traffic Class octet (inner header) (RFC 3168 section 5); the
 * six DSCP bits above are never touched here.
 *
 * Encapsulation (RFC 6040 section 4.1): the inner header leaves unchanged; the
 * outer ECN field is zeroed in compatibility mode and copied from the inner
 * one in normal mode. Teredo has no way for the two tunnel ends to agree on
 * ECN, so RFC 9601 section 6.1.3 (the new RFC 4380 section 5.1.3, "Safe
 * 'Non-ECN' Teredo Encapsulation") requires the zeroed outer field:
 * compatibility mode is the default; normal mode is for experiments where
 * every tunnel end is known to decapsulate as RFC 6040 says.
 *
 * Decapsulation (RFC 6040 section 4.2, one mode): an inner Not-ECT packet
 * leaves Not-ECT whatever the outer field, and is dropped when the outer
 * field is CE (the congestion it signals cannot be passed on); an inner
 * ECN-capable packet leaves with the more severe of the two fields (CE >
 * ECT(1) > ECT(0)). Combinations no compliant ingress produces are flagged
 * (Alarm) so that the caller can log them.
 */
class TeredoEcn
{
  public:
    /// The ECN codepoints (RFC 3168 section 5), as the field's two bits.
    enum Codepoint : uint8_t
    {
        NOT_ECT = 0, //!< 00: not ECN-capable
        ECT1 = 1,    //!< 01: ECN-capable transport (1)
        ECT0 = 2,    //!< 10: ECN-capable transport (0)
        CE = 3,      //!< 11: congestion experienced
    };

    /// How an ingress sets the outer ECN field (RFC 6040 section 4.3).
    enum Mode
    {
        COMPATIBILITY, //!< zero it: outer Not-ECT (RFC 9601's requirement for Teredo)
        NORMAL,        //!< copy the inner field (needs an egress known to follow RFC 6040)
    };

    /// What the decapsulation table says of a combination no compliant ingress produces.
    enum Alarm
    {
        ALARM_NONE,               //!< an ordinary combination
        ALARM_POSSIBLY_DANGEROUS, //!< "(*)" in RFC 6040 Figure 4: unused, possibly dangerous
        ALARM_DANGEROUS, //!< "*" in RFC 6040 Figure 4: unused, always potentially dangerous
    };

    /// The outcome of decapsulating one packet.
    struct Decapsulation
    {
        bool drop{false};            //!< the packet must be dropped
        Codepoint outgoing{NOT_ECT}; //!< the inner ECN field to forward (when not dropped)
        Alarm alarm{ALARM_NONE};     //!< whether the combination should be logged
    };

    /// \param octet an IPv4 ToS or IPv6 Traffic Class octet \return its ECN field
    static Codepoint Get(uint8_t octet);
    /**
     * \param octet an IPv4 ToS or IPv6 Traffic Class octet
     * \param ecn the ECN field to put in it
     * \return the octet with its ECN field replaced and its DSCP bits kept
     */
    static uint8_t Set(uint8_t octet, Codepoint ecn);
    /**
     * \brief The outer ECN field of an encapsulated packet (RFC 6040 section 4.1).
     * \param inner the ECN field of the packet being encapsulated
     * \param mode the ingress's mode
     * \return the ECN field of the outer header
     */
    static Codepoint Encapsulate(Codepoint inner, Mode mode);
    /**
     * \brief What leaves the tunnel (RFC 6040 section 4.2, Figure 4).
     * \param inner the ECN field of the arriving inner header
     * \param outer the ECN field of the arriving outer header
     * \return drop, or the ECN field to forward; and whether to log it
     */
    static Decapsulation Decapsulate(Codepoint inner, Codepoint outer);
    /// \param ecn a codepoint \return its name: "not-ect", "ect1", "ect0" or "ce"
    static std::string CodepointToString(Codepoint ecn);
    /// \param mode a mode \return its name: "compatibility" or "normal"
    static std::string ModeToString(Mode mode);
};

} // namespace ns3

#endif /* TEREDO_ECN_H */
