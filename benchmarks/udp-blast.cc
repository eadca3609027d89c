/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// udp-blast: send COUNT UDP datagrams of SIZE bytes (UDP payload) to
// ADDRESS:PORT at RATE datagrams per second, paced against absolute
// deadlines (datagram i is due at start + i / RATE; the sender sleeps with
// clock_nanosleep until the next one is due and never sends early; if it falls
// behind it sends what is due at once and reports how late it got).
//
// Every payload starts with the benchmark header that udp-count and
// teredo-relay-bench read: "TRB1", the step number, the sequence number (both
// 32-bit, network order) and the send time in nanoseconds (64-bit, network
// order, CLOCK_MONOTONIC); the rest is zeros.
//
// Send errors (ENOBUFS when a queue on the way out of the host overflows:
// IP(V6)_RECVERR is set so that the kernel reports them) are counted, not
// retried: those datagrams are lost before they leave the host.
//
//   udp-blast --dst=ADDRESS [--port=9000] [--size=64] [--rate=1000]
//             [--count=N | --duration=SECONDS] [--step=0]
//
// Prints one line: "sent <n> errors <e> rate <achieved pps> seconds <s>
// max-late-us <us> step <step>". Exit 0, or 2 on a usage or socket error.

#include <arpa/inet.h>
#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <netinet/in.h>
#include <string>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace
{

/// The options.
struct Options
{
    std::string dst;     //!< destination address (IPv6 or IPv4)
    uint16_t port{9000}; //!< destination port
    uint32_t size{64};   //!< UDP payload bytes
    double rate{1000};   //!< datagrams per second
    uint64_t count{0};   //!< datagrams to send (0: from duration)
    double duration{0};  //!< seconds to send for (when count is 0)
    uint32_t step{0};    //!< step number written into every payload
};

/// \return CLOCK_MONOTONIC in nanoseconds
uint64_t
NowNs()
{
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return uint64_t(t.tv_sec) * 1000000000ULL + uint64_t(t.tv_nsec);
}

/// Sleep until the monotonic clock reads `ns`.
void
SleepUntil(uint64_t ns)
{
    timespec t{};
    t.tv_sec = time_t(ns / 1000000000ULL);
    t.tv_nsec = long(ns % 1000000000ULL);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, nullptr) == EINTR)
    {
    }
}

/// Write `v` big-endian at `p`.
void
Put32(uint8_t* p, uint32_t v)
{
    p[0] = uint8_t(v >> 24);
    p[1] = uint8_t(v >> 16);
    p[2] = uint8_t(v >> 8);
    p[3] = uint8_t(v);
}

/// \return whether `arg` is --name=value; sets `value`
bool
Arg(const char* arg, const char* name, std::string& value)
{
    size_t n = std::strlen(name);
    if (std::strncmp(arg, name, n) == 0 && arg[n] == '=')
    {
        value = arg + n + 1;
        return true;
    }
    return false;
}

void
Usage()
{
    std::fprintf(stderr,
                 "usage: udp-blast --dst=ADDRESS [--port=9000] [--size=64] [--rate=1000]\n"
                 "                 [--count=N | --duration=SECONDS] [--step=0]\n");
}

} // namespace

int
main(int argc, char* argv[])
{
    Options o;
    for (int i = 1; i < argc; ++i)
    {
        std::string v;
        if (Arg(argv[i], "--dst", v))
        {
            o.dst = v;
        }
        else if (Arg(argv[i], "--port", v))
        {
            o.port = uint16_t(std::strtoul(v.c_str(), nullptr, 10));
        }
        else if (Arg(argv[i], "--size", v))
        {
            o.size = uint32_t(std::strtoul(v.c_str(), nullptr, 10));
        }
        else if (Arg(argv[i], "--rate", v))
        {
            o.rate = std::strtod(v.c_str(), nullptr);
        }
        else if (Arg(argv[i], "--count", v))
        {
            o.count = std::strtoull(v.c_str(), nullptr, 10);
        }
        else if (Arg(argv[i], "--duration", v))
        {
            o.duration = std::strtod(v.c_str(), nullptr);
        }
        else if (Arg(argv[i], "--step", v))
        {
            o.step = uint32_t(std::strtoul(v.c_str(), nullptr, 10));
        }
        else
        {
            Usage();
            return 2;
        }
    }
    if (o.count == 0 && o.duration > 0)
    {
        o.count = uint64_t(o.rate * o.duration + 0.5);
    }
    if (o.dst.empty() || o.rate <= 0 || o.count == 0 || o.size < 20 || o.size > 65507)
    {
        Usage();
        return 2;
    }

    sockaddr_storage to{};
    socklen_t toLength = 0;
    int family = AF_INET6;
    auto* to6 = reinterpret_cast<sockaddr_in6*>(&to);
    auto* to4 = reinterpret_cast<sockaddr_in*>(&to);
    if (inet_pton(AF_INET6, o.dst.c_str(), &to6->sin6_addr) == 1)
    {
        to6->sin6_family = AF_INET6;
        to6->sin6_port = htons(o.port);
        toLength = sizeof(sockaddr_in6);
    }
    else if (inet_pton(AF_INET, o.dst.c_str(), &to4->sin_addr) == 1)
    {
        family = AF_INET;
        to4->sin_family = AF_INET;
        to4->sin_port = htons(o.port);
        toLength = sizeof(sockaddr_in);
    }
    else
    {
        std::fprintf(stderr, "udp-blast: not an address: %s\n", o.dst.c_str());
        return 2;
    }
    int fd = socket(family, SOCK_DGRAM, 0);
    if (fd < 0)
    {
        std::perror("udp-blast: socket");
        return 2;
    }
    int on = 1;
    if (family == AF_INET6)
    {
        setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof(on));
    }
    else
    {
        setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on));
    }
    if (connect(fd, reinterpret_cast<sockaddr*>(&to), toLength) != 0)
    {
        std::perror("udp-blast: connect");
        return 2;
    }
    // Wake up on time: the default 50 us timer slack is more than the gap
    // between two datagrams at 20,000 per second.
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);

    std::vector<uint8_t> payload(o.size, 0);
    std::memcpy(payload.data(), "TRB1", 4);
    Put32(payload.data() + 4, o.step);
    const double interval = 1e9 / o.rate;
    const uint64_t start = NowNs() + 1000000; // 1 ms from now
    uint64_t sent = 0;
    uint64_t errors = 0;
    uint64_t maxLate = 0;
    for (uint64_t i = 0; i < o.count; ++i)
    {
        uint64_t due = start + uint64_t(double(i) * interval);
        uint64_t now = NowNs();
        if (now < due)
        {
            SleepUntil(due);
            now = NowNs();
        }
        if (now - due > maxLate)
        {
            maxLate = now - due;
        }
        Put32(payload.data() + 8, uint32_t(i));
        Put32(payload.data() + 12, uint32_t(now >> 32));
        Put32(payload.data() + 16, uint32_t(now));
        ssize_t n = send(fd, payload.data(), payload.size(), 0);
        if (n == ssize_t(payload.size()))
        {
            ++sent;
        }
        else
        {
            ++errors;
            if (errors == 1)
            {
                std::fprintf(stderr, "udp-blast: first send error: %s\n", std::strerror(errno));
            }
        }
    }
    double seconds = double(NowNs() - start) / 1e9;
    std::printf("sent %" PRIu64 " errors %" PRIu64 " rate %.0f seconds %.3f max-late-us %" PRIu64
                " step %u\n",
                sent,
                errors,
                seconds > 0 ? double(sent + errors) / seconds : 0.0,
                seconds,
                maxLate / 1000,
                o.step);
    close(fd);
    return 0;
}
