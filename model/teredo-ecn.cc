/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-ecn.h"

namespace ns3
{

namespace
{
constexpr uint8_t ECN_MASK = 0x03;

/// \return how severe a congestion signal `ecn` is: CE > ECT(1) > ECT(0) > Not-ECT
int
Severity(TeredoEcn::Codepoint ecn)
{
    switch (ecn)
    {
    case TeredoEcn::NOT_ECT:
        return 0;
    case TeredoEcn::ECT0:
        return 1;
    case TeredoEcn::ECT1:
        return 2;
    case TeredoEcn::CE:
        return 3;
    }
    return 0;
}
} // namespace

TeredoEcn::Codepoint
TeredoEcn::Get(uint8_t octet)
{
    return static_cast<Codepoint>(octet & ECN_MASK);
}

uint8_t
TeredoEcn::Set(uint8_t octet, Codepoint ecn)
{
    return static_cast<uint8_t>((octet & ~ECN_MASK) | (ecn & ECN_MASK));
}

TeredoEcn::Codepoint
TeredoEcn::Encapsulate(Codepoint inner, Mode mode)
{
    return mode == NORMAL ? inner : NOT_ECT;
}

TeredoEcn::Decapsulation
TeredoEcn::Decapsulate(Codepoint inner, Codepoint outer)
{
    Decapsulation d;
    if (inner == NOT_ECT)
    {
        // The endpoints do not understand ECN: never pass a codepoint on, and
        // drop what was marked, as the router would have done for a Not-ECT
        // packet.
        d.drop = outer == CE;
        d.outgoing = NOT_ECT;
        d.alarm = outer == NOT_ECT ? ALARM_NONE : ALARM_DANGEROUS;
        return d;
    }
    d.outgoing = Severity(outer) > Severity(inner) ? outer : inner;
    if (inner == CE && outer == ECT1)
    {
        d.alarm = ALARM_DANGEROUS; // a CE mark whose outer copy lost it
    }
    else if (inner == ECT1 && outer == ECT0)
    {
        d.alarm = ALARM_POSSIBLY_DANGEROUS;
    }
    return d;
}

std::string
TeredoEcn::CodepointToString(Codepoint ecn)
{
    switch (ecn)
    {
    case NOT_ECT:
        return "not-ect";
    case ECT1:
        return "ect1";
    case ECT0:
        return "ect0";
    case CE:
        return "ce";
    }
    return "unknown-codepoint";
}

std::string
TeredoEcn::ModeToString(Mode mode)
{
    switch (mode)
    {
    case COMPATIBILITY:
        return "compatibility";
    case NORMAL:
        return "normal";
    }
    return "unknown-mode";
}

} // namespace ns3
