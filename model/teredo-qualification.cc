/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teredo-qualification.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TeredoQualification");

namespace
{
constexpr uint16_t RANDOM_BITS_MASK = 0x0fff;                 // twelve bits
constexpr double RANDOM_SCALE = 1.0 / 18446744073709551616.0; // 2^-64
} // namespace

TeredoQualification::TeredoQualification(const Config& config, Random random)
    : m_config(config),
      m_random(std::move(random))
{
    NS_ABORT_MSG_IF(!m_random, "TeredoQualification needs a random source");
    NS_ABORT_MSG_IF(m_config.rsTries == 0, "TeredoQualification: rsTries must be at least 1");
    NS_ABORT_MSG_IF(!m_config.rsTimeout.IsStrictlyPositive(),
                    "TeredoQualification: rsTimeout must be positive");
    NS_ABORT_MSG_IF(!m_config.refreshInterval.IsStrictlyPositive(),
                    "TeredoQualification: refreshInterval must be positive");
    NS_ABORT_MSG_IF(m_config.refreshJitter < 0 || m_config.refreshJitter >= 1,
                    "TeredoQualification: refreshJitter must be in [0, 1)");
    NS_ABORT_MSG_IF(!m_config.restartDelay.IsStrictlyPositive() ||
                        m_config.maxRestartDelay < m_config.restartDelay,
                    "TeredoQualification: need 0 < restartDelay <= maxRestartDelay");
}

TeredoQualification::Step
TeredoQualification::Start(Time now)
{
    NS_LOG_FUNCTION(this << now);
    m_failures = 0;
    return BeginProbe(m_config.procedure == RFC4380 ? PROBE_CONE : PROBE_PRIMARY, now);
}

TeredoQualification::Step
TeredoQualification::Stop()
{
    NS_LOG_FUNCTION(this);
    m_state = IDLE;
    m_nonces.clear();
    m_refreshing = false;
    return Step();
}

TeredoQualification::Step
TeredoQualification::BeginProbe(State state, Time now)
{
    m_state = state;
    m_tries = 0;
    m_refreshing = false;
    m_nonces.clear();
    return SendProbe(now);
}

TeredoQualification::Step
TeredoQualification::SendProbe(Time now)
{
    Step step;
    step.sendRs = true;
    step.to = ProbeTarget();
    step.cone = ProbeCone();
    step.nonce = m_random();
    // Answers to earlier RSs of the same probe stay welcome: the network may be slow.
    m_nonces.push_back(step.nonce);
    ++m_tries;
    step.hasTimer = true;
    step.timer = now + m_config.rsTimeout;
    return step;
}

TeredoQualification::ServerAddress
TeredoQualification::ProbeTarget() const
{
    return m_state == PROBE_SECONDARY ? SECONDARY : PRIMARY;
}

bool
TeredoQualification::ProbeCone() const
{
    // A cone client refreshes as it qualified (RFC 4380 section 5.2.5).
    return m_state == PROBE_CONE || (m_state == QUALIFIED && m_cone);
}

TeredoQualification::ServerAddress
TeredoQualification::ExpectedSource() const
{
    // The server answers a cone RS from its other address (section 5.3.2).
    if (ProbeCone())
    {
        return ProbeTarget() == PRIMARY ? SECONDARY : PRIMARY;
    }
    return ProbeTarget();
}

TeredoQualification::Step
TeredoQualification::OnTimer(Time now)
{
    NS_LOG_FUNCTION(this << now << StateToString(m_state));
    switch (m_state)
    {
    case IDLE:
        return Step();
    case OFFLINE:
        return BeginProbe(m_config.procedure == RFC4380 ? PROBE_CONE : PROBE_PRIMARY, now);
    case QUALIFIED:
        if (!m_refreshing)
        {
            m_refreshing = true;
            m_tries = 0;
            m_nonces.clear();
            return SendProbe(now);
        }
        if (m_tries < m_config.rsTries)
        {
            return SendProbe(now);
        }
        NS_LOG_LOGIC("refresh unanswered: server lost");
        return GoOffline(now);
    case PROBE_CONE:
        if (m_tries < m_config.rsTries)
        {
            return SendProbe(now);
        }
        NS_LOG_LOGIC("no answer as cone: probing as non-cone");
        return BeginProbe(PROBE_PRIMARY, now);
    case PROBE_PRIMARY:
    case PROBE_SECONDARY:
        if (m_tries < m_config.rsTries)
        {
            return SendProbe(now);
        }
        // An unanswered secondary check leaves the NAT untested: we choose not to
        // claim a working address (a symmetric NAT would make it useless).
        return GoOffline(now);
    }
    return Step();
}

TeredoQualification::Step
TeredoQualification::OnAdvertisement(Time now, const Advertisement& ra, Verdict& verdict)
{
    NS_LOG_FUNCTION(this << now << StateToString(m_state));
    bool waiting = m_state == PROBE_CONE || m_state == PROBE_PRIMARY ||
                   m_state == PROBE_SECONDARY || (m_state == QUALIFIED && m_refreshing);
    if (!waiting)
    {
        verdict = UNEXPECTED;
        return Step();
    }
    if (std::find(m_nonces.begin(), m_nonces.end(), ra.nonce) == m_nonces.end())
    {
        verdict = NONCE_MISMATCH;
        return Step();
    }
    if (ra.from != ExpectedSource())
    {
        verdict = WRONG_ADDRESS;
        return Step();
    }
    verdict = ACCEPTED;
    m_nonces.clear();

    switch (m_state)
    {
    case PROBE_CONE:
        return Qualify(now, ra, NAT_CONE, true);
    case PROBE_PRIMARY:
        if (m_config.procedure == RFC5991)
        {
            return Qualify(now, ra, NAT_UNKNOWN, false);
        }
        m_haveFirstMapping = true;
        m_firstAddress = ra.mappedAddress;
        m_firstPort = ra.mappedPort;
        m_firstPrefix = ra.prefix;
        return BeginProbe(PROBE_SECONDARY, now);
    case PROBE_SECONDARY: {
        Advertisement first = ra;
        first.mappedAddress = m_firstAddress;
        first.mappedPort = m_firstPort;
        first.prefix = m_firstPrefix;
        if (ra.mappedAddress == m_firstAddress && ra.mappedPort == m_firstPort)
        {
            return Qualify(now, first, NAT_RESTRICTED, false);
        }
        NS_LOG_LOGIC("symmetric NAT: " << m_firstAddress << ":" << m_firstPort << " vs "
                                       << ra.mappedAddress << ":" << ra.mappedPort);
        m_natType = NAT_SYMMETRIC;
        if (m_config.symmetricExtension)
        {
            // RFC 6081 section 6.1: keep the primary's mapping and go on.
            return Qualify(now, first, NAT_SYMMETRIC, false);
        }
        return GoOffline(now);
    }
    case QUALIFIED:
        m_refreshing = false;
        if (ra.mappedAddress != m_mappedAddress || ra.mappedPort != m_mappedPort ||
            ra.prefix != m_prefix)
        {
            NS_LOG_LOGIC("mapping changed to " << ra.mappedAddress << ":" << ra.mappedPort
                                               << ": qualifying again");
            return BeginProbe(m_config.procedure == RFC4380 ? PROBE_CONE : PROBE_PRIMARY, now);
        }
        return ScheduleRefresh(now);
    default:
        return Step();
    }
}

TeredoQualification::Step
TeredoQualification::Qualify(Time now, const Advertisement& ra, NatType type, bool cone)
{
    bool same = m_haveMapping && ra.mappedAddress == m_mappedAddress &&
                ra.mappedPort == m_mappedPort && ra.prefix == m_prefix && cone == m_cone;
    if (!same)
    {
        // RFC 5991 section 4: new random bits with every new mapping.
        m_randomBits = static_cast<uint16_t>(m_random() & RANDOM_BITS_MASK);
        ++m_generation;
    }
    m_haveMapping = true;
    m_mappedAddress = ra.mappedAddress;
    m_mappedPort = ra.mappedPort;
    m_prefix = ra.prefix;
    m_cone = cone;
    m_natType = type;
    m_state = QUALIFIED;
    m_failures = 0;
    m_haveFirstMapping = false;
    return ScheduleRefresh(now);
}

TeredoQualification::Step
TeredoQualification::ScheduleRefresh(Time now)
{
    m_refreshing = false;
    m_tries = 0;
    m_nonces.clear();
    double u = static_cast<double>(m_random()) * RANDOM_SCALE; // [0, 1)
    double factor = 1.0 - m_config.refreshJitter * u;
    Step step;
    step.hasTimer = true;
    step.timer = now + Time::FromDouble(m_config.refreshInterval.GetDouble() * factor,
                                        Time::GetResolution());
    return step;
}

TeredoQualification::Step
TeredoQualification::GoOffline(Time now)
{
    m_state = OFFLINE;
    m_refreshing = false;
    m_tries = 0;
    m_nonces.clear();
    m_haveFirstMapping = false;
    ++m_failures;
    Time delay = m_config.restartDelay;
    for (uint32_t k = 1; k < m_failures && delay < m_config.maxRestartDelay; ++k)
    {
        delay = delay * 2;
    }
    delay = std::min(delay, m_config.maxRestartDelay);
    Step step;
    step.hasTimer = true;
    step.timer = now + delay;
    return step;
}

TeredoQualification::State
TeredoQualification::GetState() const
{
    return m_state;
}

bool
TeredoQualification::IsQualified() const
{
    return m_state == QUALIFIED;
}

TeredoQualification::NatType
TeredoQualification::GetNatType() const
{
    return m_natType;
}

TeredoAddress
TeredoQualification::GetAddress() const
{
    TeredoAddress prefix = TeredoAddress::Decode(m_prefix);
    return TeredoAddress(prefix.GetServer(),
                         TeredoAddress::MakeFlags(m_cone, m_randomBits),
                         m_mappedPort,
                         m_mappedAddress,
                         prefix.GetPrefix());
}

uint32_t
TeredoQualification::GetAddressGeneration() const
{
    return m_generation;
}

uint32_t
TeredoQualification::GetFailures() const
{
    return m_failures;
}

const TeredoQualification::Config&
TeredoQualification::GetConfig() const
{
    return m_config;
}

std::string
TeredoQualification::StateToString(State state)
{
    switch (state)
    {
    case IDLE:
        return "idle";
    case PROBE_CONE:
        return "probe-cone";
    case PROBE_PRIMARY:
        return "probe-primary";
    case PROBE_SECONDARY:
        return "probe-secondary";
    case QUALIFIED:
        return "qualified";
    case OFFLINE:
        return "offline";
    }
    return "unknown-state";
}

std::string
TeredoQualification::NatTypeToString(NatType type)
{
    switch (type)
    {
    case NAT_UNKNOWN:
        return "unknown";
    case NAT_CONE:
        return "cone";
    case NAT_RESTRICTED:
        return "restricted";
    case NAT_SYMMETRIC:
        return "symmetric";
    }
    return "unknown-nat-type";
}

std::string
TeredoQualification::VerdictToString(Verdict verdict)
{
    switch (verdict)
    {
    case ACCEPTED:
        return "accepted";
    case UNEXPECTED:
        return "unexpected";
    case NONCE_MISMATCH:
        return "nonce-mismatch";
    case WRONG_ADDRESS:
        return "wrong-address";
    }
    return "unknown-verdict";
}

} // namespace ns3
