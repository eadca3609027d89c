/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TeredoEcn against RFC 6040's tables: the encapsulation of section 4.1 in
// both modes, and every cell of the decapsulation table of section 4.2
// (Figure 4), written out here as the RFC prints it.

#include "ns3/core-module.h"
#include "ns3/teredo-module.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

using E = TeredoEcn;

const E::Codepoint ALL[] = {E::NOT_ECT, E::ECT0, E::ECT1, E::CE};

/// One cell of RFC 6040 Figure 4.
struct Cell
{
    E::Codepoint inner;
    E::Codepoint outer;
    bool drop;
    E::Codepoint outgoing;
    E::Alarm alarm;
};

constexpr E::Alarm NO = E::ALARM_NONE;
constexpr E::Alarm STAR = E::ALARM_DANGEROUS;
constexpr E::Alarm PAREN = E::ALARM_POSSIBLY_DANGEROUS;

// Rows: arriving inner header; columns: arriving outer header.
const Cell TABLE[] = {
    {E::NOT_ECT, E::NOT_ECT, false, E::NOT_ECT, NO},
    {E::NOT_ECT, E::ECT0, false, E::NOT_ECT, STAR},
    {E::NOT_ECT, E::ECT1, false, E::NOT_ECT, STAR},
    {E::NOT_ECT, E::CE, true, E::NOT_ECT, STAR},
    {E::ECT0, E::NOT_ECT, false, E::ECT0, NO},
    {E::ECT0, E::ECT0, false, E::ECT0, NO},
    {E::ECT0, E::ECT1, false, E::ECT1, NO},
    {E::ECT0, E::CE, false, E::CE, NO},
    {E::ECT1, E::NOT_ECT, false, E::ECT1, NO},
    {E::ECT1, E::ECT0, false, E::ECT1, PAREN},
    {E::ECT1, E::ECT1, false, E::ECT1, NO},
    {E::ECT1, E::CE, false, E::CE, NO},
    {E::CE, E::NOT_ECT, false, E::CE, NO},
    {E::CE, E::ECT0, false, E::CE, NO},
    {E::CE, E::ECT1, false, E::CE, STAR},
    {E::CE, E::CE, false, E::CE, NO},
};

TEST(TeredoEcn, CodepointsAreTheFieldsTwoBits)
{
    EXPECT_EQ(E::NOT_ECT, 0b00);
    EXPECT_EQ(E::ECT1, 0b01);
    EXPECT_EQ(E::ECT0, 0b10);
    EXPECT_EQ(E::CE, 0b11);
}

TEST(TeredoEcn, GetAndSetTouchOnlyTheEcnBits)
{
    EXPECT_EQ(E::Get(0xb8), E::NOT_ECT); // DSCP EF, Not-ECT
    EXPECT_EQ(E::Get(0xbb), E::CE);
    EXPECT_EQ(E::Get(0x02), E::ECT0);
    EXPECT_EQ(E::Set(0xb8, E::CE), 0xbb);
    EXPECT_EQ(E::Set(0xbb, E::NOT_ECT), 0xb8);
    EXPECT_EQ(E::Set(0xb9, E::ECT0), 0xba);
    for (E::Codepoint ecn : ALL)
    {
        for (unsigned octet = 0; octet < 256; ++octet)
        {
            uint8_t set = E::Set(static_cast<uint8_t>(octet), ecn);
            EXPECT_EQ(E::Get(set), ecn);
            EXPECT_EQ(set & 0xfc, octet & 0xfc) << "DSCP changed";
        }
    }
}

TEST(TeredoEcn, CompatibilityModeZeroesTheOuterField)
{
    for (E::Codepoint inner : ALL)
    {
        EXPECT_EQ(E::Encapsulate(inner, E::COMPATIBILITY), E::NOT_ECT)
            << E::CodepointToString(inner);
    }
}

TEST(TeredoEcn, NormalModeCopiesTheInnerField)
{
    for (E::Codepoint inner : ALL)
    {
        EXPECT_EQ(E::Encapsulate(inner, E::NORMAL), inner) << E::CodepointToString(inner);
    }
}

TEST(TeredoEcn, EveryCellOfTheDecapsulationTable)
{
    int cells = 0;
    for (const Cell& c : TABLE)
    {
        E::Decapsulation d = E::Decapsulate(c.inner, c.outer);
        std::string where =
            "inner " + E::CodepointToString(c.inner) + ", outer " + E::CodepointToString(c.outer);
        EXPECT_EQ(d.drop, c.drop) << where;
        if (!c.drop)
        {
            EXPECT_EQ(d.outgoing, c.outgoing) << where;
        }
        EXPECT_EQ(d.alarm, c.alarm) << where;
        ++cells;
    }
    EXPECT_EQ(cells, 16);
}

TEST(TeredoEcn, OnlyNotEctUnderCeIsDropped)
{
    for (E::Codepoint inner : ALL)
    {
        for (E::Codepoint outer : ALL)
        {
            EXPECT_EQ(E::Decapsulate(inner, outer).drop, inner == E::NOT_ECT && outer == E::CE);
        }
    }
}

TEST(TeredoEcn, AnOuterFieldOfAZeroingIngressChangesNothing)
{
    // The default Teredo ingress sends Not-ECT outside: the inner field goes
    // through as it was, CE marks set before the tunnel included.
    for (E::Codepoint inner : ALL)
    {
        E::Decapsulation d = E::Decapsulate(inner, E::Encapsulate(inner, E::COMPATIBILITY));
        EXPECT_FALSE(d.drop);
        EXPECT_EQ(d.outgoing, inner);
        EXPECT_EQ(d.alarm, E::ALARM_NONE);
    }
}

TEST(TeredoEcn, Names)
{
    EXPECT_EQ(E::CodepointToString(E::NOT_ECT), "not-ect");
    EXPECT_EQ(E::CodepointToString(E::ECT0), "ect0");
    EXPECT_EQ(E::CodepointToString(E::ECT1), "ect1");
    EXPECT_EQ(E::CodepointToString(E::CE), "ce");
    EXPECT_EQ(E::ModeToString(E::COMPATIBILITY), "compatibility");
    EXPECT_EQ(E::ModeToString(E::NORMAL), "normal");
}

/// \return the EcnMode of a new `T`
template <class T>
TeredoEcn::Mode
EcnModeOf()
{
    EnumValue value;
    CreateObject<T>()->GetAttribute("EcnMode", value);
    return static_cast<TeredoEcn::Mode>(value.Get());
}

TEST(TeredoEcn, EveryPeerRoleZeroesTheOuterFieldByDefault)
{
    // RFC 9601 section 6.1.3: a Teredo ingress zeroes the outer ECN field.
    EXPECT_EQ(EcnModeOf<TeredoClient>(), E::COMPATIBILITY);
    EXPECT_EQ(EcnModeOf<TeredoRelay>(), E::COMPATIBILITY);
    EXPECT_EQ(EcnModeOf<HostSpecificRelay>(), E::COMPATIBILITY);
    Ptr<TeredoRelay> relay = CreateObject<TeredoRelay>();
    relay->SetAttribute("EcnMode", StringValue("Normal"));
    EXPECT_EQ(relay->GetEcnMode(), E::NORMAL);
}

TEST(TeredoEcn, DropReasonWords)
{
    EXPECT_EQ(TeredoClient::DropReasonToString(TeredoClient::DROP_ECN_CE_ON_NOT_ECT),
              "ecn-ce-on-not-ect");
    EXPECT_EQ(TeredoRelay::DropReasonToString(TeredoRelay::DROP_ECN_CE_ON_NOT_ECT),
              "ecn-ce-on-not-ect");
}

} // namespace
