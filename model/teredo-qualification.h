/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TEREDO_QUALIFICATION_H
#define TEREDO_QUALIFICATION_H

#include "teredo-address.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup teredo
 * \brief A Teredo client's qualification and maintenance, as a state machine with no
 * sockets and no simulator (layer 2): time comes in as a value, packets as facts.
 *
 * Two procedures:
 * - RFC4380 (section 5.2.1): router solicitations (RS) with the cone flag to the
 *   server's primary address; an answer, which the server sends from its other
 *   address, proves a cone NAT. Otherwise RSs without the flag to the primary
 *   address, then to the secondary address: the two mappings the server saw
 *   differ behind a symmetric NAT, which RFC 4380 cannot serve (off-line), unless
 *   the RFC 6081 symmetric NAT extension is on (qualified, cone flag clear).
 * - RFC5991: one RS without the cone flag to the primary address, as RFC 5991
 *   and Miredo do; the first matching answer qualifies. It cannot tell NAT types.
 *
 * Each probe is sent up to `rsTries` times, `rsTimeout` apart, each with a fresh
 * nonce; an advertisement counts only when it echoes the nonce of an RS of the
 * current probe and comes from the server address that probe expects. Once
 * qualified, an RS refreshes the mapping whenever the randomised refresh
 * interval has passed since the last answer; a refresh whose answer shows
 * another mapping starts qualification again (a new address with freshly drawn
 * random flag bits, RFC 5991 section 4), and a refresh left unanswered after
 * the tries means the server is lost: off-line, then a new attempt after a
 * back-off delay that doubles with each failure.
 *
 * The caller owns the timer: every call returns a Step saying whether to send
 * an RS and when to call OnTimer next.
 */
class TeredoQualification
{
  public:
    /// Which qualification procedure to run.
    enum Procedure
    {
        RFC4380, //!< cone probe, fallback, secondary-address check
        RFC5991, //!< a single RS without the cone flag
    };

    /// Where the client is.
    enum State
    {
        IDLE,            //!< not started, or stopped
        PROBE_CONE,      //!< RFC 4380: RS with the cone flag to the primary address
        PROBE_PRIMARY,   //!< RS without the cone flag to the primary address
        PROBE_SECONDARY, //!< RFC 4380: RS to the secondary address, to compare mappings
        QUALIFIED,       //!< has a Teredo address; refreshing its mapping
        OFFLINE,         //!< qualification failed or the server was lost; retry pending
    };

    /// What the procedure could tell of the NAT in front of the client.
    enum NatType
    {
        NAT_UNKNOWN,    //!< not determined (RFC 5991, or not qualified yet)
        NAT_CONE,       //!< accepts packets from anywhere once mapped (or no NAT)
        NAT_RESTRICTED, //!< same mapping for both server addresses, filters strangers
        NAT_SYMMETRIC,  //!< a different mapping per destination
    };

    /// A server address.
    enum ServerAddress
    {
        PRIMARY,   //!< the address in the client's Teredo prefix
        SECONDARY, //!< the other one
    };

    /// Settings; the defaults are those of RFC 4380 and Miredo.
    struct Config
    {
        Procedure procedure{RFC5991};       //!< the procedure
        Time rsTimeout{Seconds(4)};         //!< wait for an answer this long (T)
        uint32_t rsTries{3};                //!< RSs per probe (N)
        Time refreshInterval{Seconds(30)};  //!< Teredo refresh interval
        double refreshJitter{0.25};         //!< refresh drawn in [(1-jitter), 1] x interval
        Time restartDelay{Seconds(100)};    //!< first wait after a failure (Miredo: 100 s)
        Time maxRestartDelay{Seconds(800)}; //!< the back-off stops doubling here
        bool symmetricExtension{false};     //!< RFC 6081 symmetric NAT support
    };

    /// What the caller must do after a call.
    struct Step
    {
        bool sendRs{false};        //!< send a router solicitation now
        ServerAddress to{PRIMARY}; //!< to which server address
        bool cone{false};          //!< from the cone link-local address
        uint64_t nonce{0};         //!< with this nonce
        bool hasTimer{false};      //!< call OnTimer at `timer`
        Time timer;                //!< absolute time of the next OnTimer
    };

    /// What a router advertisement said, as the caller read it.
    struct Advertisement
    {
        uint64_t nonce{0};           //!< the echoed nonce
        ServerAddress from{PRIMARY}; //!< the server address it came from
        Ipv4Address mappedAddress;   //!< origin indication: the address the server saw
        uint16_t mappedPort{0};      //!< origin indication: the port the server saw
        Ipv6Address prefix;          //!< the /64 prefix it offers
    };

    /// Whether an advertisement was taken.
    enum Verdict
    {
        ACCEPTED,       //!< answered the current probe
        UNEXPECTED,     //!< no probe is waiting for an answer
        NONCE_MISMATCH, //!< echoes no nonce of the current probe
        WRONG_ADDRESS,  //!< from the server address the probe does not expect
    };

    /// Source of random 64-bit values (nonces, flag bits, jitter).
    using Random = std::function<uint64_t()>;

    /**
     * \param config the settings
     * \param random the random source; the caller seeds it for determinism
     */
    TeredoQualification(const Config& config, Random random);

    /// \param now the time \return the first step: the first RS
    Step Start(Time now);
    /// Forget everything and go IDLE. \return a step with nothing to do
    Step Stop();
    /// \param now the time the timer fired \return the next step
    Step OnTimer(Time now);
    /**
     * \param now the time it arrived
     * \param ra what it said
     * \param[out] verdict whether it was taken
     * \return the next step (nothing to do when not accepted)
     */
    Step OnAdvertisement(Time now, const Advertisement& ra, Verdict& verdict);

    /// \return the state
    State GetState() const;
    /// \return whether the client has a Teredo address
    bool IsQualified() const;
    /// \return what the procedure found out of the NAT
    NatType GetNatType() const;
    /// \return the Teredo address (meaningful when qualified)
    TeredoAddress GetAddress() const;
    /// \return how many addresses the client has had; grows with each new one
    uint32_t GetAddressGeneration() const;
    /// \return consecutive failed attempts since the last qualification
    uint32_t GetFailures() const;
    /// \return the settings
    const Config& GetConfig() const;

    /// \param state a state \return its name, e.g. "qualified"
    static std::string StateToString(State state);
    /// \param type a NAT type \return its name, e.g. "restricted"
    static std::string NatTypeToString(NatType type);
    /// \param verdict a verdict \return its name, e.g. "nonce-mismatch"
    static std::string VerdictToString(Verdict verdict);

  private:
    /// Enter a probing state and send its first RS.
    Step BeginProbe(State state, Time now);
    /// Send (again) the RS of the current probe.
    Step SendProbe(Time now);
    /// Qualify with a mapping; a new address when it differs from the last one.
    Step Qualify(Time now, const Advertisement& ra, NatType type, bool cone);
    /// Give up for now: off-line, retry after the back-off delay.
    Step GoOffline(Time now);
    /// Schedule the next refresh after an answer.
    Step ScheduleRefresh(Time now);
    /// \return the server address the current probe or refresh talks to
    ServerAddress ProbeTarget() const;
    /// \return whether the current probe or refresh asks as cone
    bool ProbeCone() const;
    /// \return the server address an answer to the current probe comes from
    ServerAddress ExpectedSource() const;

    Config m_config;                //!< settings
    Random m_random;                //!< random source
    State m_state{IDLE};            //!< state
    uint32_t m_tries{0};            //!< RSs sent in the current probe or refresh
    bool m_refreshing{false};       //!< a refresh RS awaits its answer
    std::vector<uint64_t> m_nonces; //!< nonces of the current probe's RSs
    NatType m_natType{NAT_UNKNOWN}; //!< what is known of the NAT
    bool m_cone{false};             //!< qualified as cone
    bool m_haveMapping{false};      //!< a mapping is known
    Ipv4Address m_mappedAddress;    //!< the mapping of the address
    uint16_t m_mappedPort{0};       //!< the mapping of the port
    Ipv6Address m_prefix;           //!< the /64 of the address
    uint16_t m_randomBits{0};       //!< RFC 5991 random flag bits
    bool m_haveFirstMapping{false}; //!< PROBE_SECONDARY: the primary's mapping is known
    Ipv4Address m_firstAddress;     //!< PROBE_SECONDARY: mapping seen by the primary
    uint16_t m_firstPort{0};        //!< PROBE_SECONDARY: mapping seen by the primary
    Ipv6Address m_firstPrefix;      //!< PROBE_SECONDARY: prefix from the primary
    uint32_t m_generation{0};       //!< addresses so far
    uint32_t m_failures{0};         //!< failures since the last qualification
};

} // namespace ns3

#endif /* TEREDO_QUALIFICATION_H */
