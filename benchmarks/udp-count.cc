/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// udp-count: count the udp-blast datagrams of one step arriving on a UDP port.
//
// Binds [::]:PORT (IPv4 too unless the system forbids it), with a receive
// buffer of 16 MB so that the counter itself drops nothing, and counts every
// datagram whose payload carries the benchmark header ("TRB1", step,
// sequence, send time; see udp-blast.cc) of step STEP (any step when STEP is
// 0). It stops IDLE seconds after the last datagram once one has arrived, after
// TIMEOUT seconds in all, or on SIGTERM/SIGINT, and prints one line:
//
//   received <n> step <s> distinct <d> max-seq <m> reordered <r> other <o>
//       latency-ms avg <a> max <x>
//
// (one line in fact; distinct: different sequence numbers; reordered: arrivals
// with a lower sequence number than one before; other: datagrams without the
// header or of another step; latency from the send time in the payload, which
// is meaningful because sender and counter share the host's monotonic clock).
// "listening <port>" is printed first, once bound.
//
//   udp-count [--port=9000] [--step=0] [--idle=1] [--timeout=60]

#include <arpa/inet.h>
#include <cerrno>
#include <cinttypes>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace
{

volatile sig_atomic_t g_stop = 0; //!< set by SIGTERM and SIGINT

void
OnSignal(int)
{
    g_stop = 1;
}

/// \return CLOCK_MONOTONIC in nanoseconds
uint64_t
NowNs()
{
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return uint64_t(t.tv_sec) * 1000000000ULL + uint64_t(t.tv_nsec);
}

/// \return the big-endian 32-bit number at `p`
uint32_t
Get32(const uint8_t* p)
{
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3]);
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

} // namespace

int
main(int argc, char* argv[])
{
    uint16_t port = 9000;
    uint32_t step = 0;
    double idle = 1;
    double timeout = 60;
    for (int i = 1; i < argc; ++i)
    {
        std::string v;
        if (Arg(argv[i], "--port", v))
        {
            port = uint16_t(std::strtoul(v.c_str(), nullptr, 10));
        }
        else if (Arg(argv[i], "--step", v))
        {
            step = uint32_t(std::strtoul(v.c_str(), nullptr, 10));
        }
        else if (Arg(argv[i], "--idle", v))
        {
            idle = std::strtod(v.c_str(), nullptr);
        }
        else if (Arg(argv[i], "--timeout", v))
        {
            timeout = std::strtod(v.c_str(), nullptr);
        }
        else
        {
            std::fprintf(stderr,
                         "usage: udp-count [--port=9000] [--step=0] [--idle=1] "
                         "[--timeout=60]\n");
            return 2;
        }
    }

    struct sigaction sa
    {
    };

    sa.sa_handler = OnSignal;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);

    int fd = socket(AF_INET6, SOCK_DGRAM, 0);
    if (fd < 0)
    {
        std::perror("udp-count: socket");
        return 2;
    }
    int off = 0;
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
    int buffer = 16 << 20;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof(buffer)) != 0)
    {
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof(buffer));
    }
    sockaddr_in6 local{};
    local.sin6_family = AF_INET6;
    local.sin6_port = htons(port);
    local.sin6_addr = in6addr_any;
    if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0)
    {
        std::perror("udp-count: bind");
        return 2;
    }
    std::printf("listening %u\n", port);
    std::fflush(stdout);

    constexpr unsigned BATCH = 64;
    constexpr size_t SIZE = 2048;
    std::vector<uint8_t> buffers(BATCH * SIZE);
    std::vector<iovec> iov(BATCH);
    std::vector<mmsghdr> msgs(BATCH);
    for (unsigned i = 0; i < BATCH; ++i)
    {
        iov[i].iov_base = buffers.data() + i * SIZE;
        iov[i].iov_len = SIZE;
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }

    std::vector<bool> seen;
    uint64_t received = 0;
    uint64_t distinct = 0;
    uint64_t reordered = 0;
    uint64_t other = 0;
    int64_t maxSeq = -1;
    double latencySum = 0;
    uint64_t latencyMax = 0;
    const uint64_t start = NowNs();
    uint64_t last = 0;
    while (!g_stop)
    {
        uint64_t now = NowNs();
        if (double(now - start) / 1e9 >= timeout)
        {
            break;
        }
        if (received > 0 && double(now - last) / 1e9 >= idle)
        {
            break;
        }
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0)
        {
            continue;
        }
        int n = recvmmsg(fd, msgs.data(), BATCH, MSG_DONTWAIT, nullptr);
        if (n <= 0)
        {
            continue;
        }
        now = NowNs();
        for (int i = 0; i < n; ++i)
        {
            const uint8_t* d = buffers.data() + size_t(i) * SIZE;
            size_t length = msgs[i].msg_len;
            if (length < 20 || std::memcmp(d, "TRB1", 4) != 0 ||
                (step != 0 && Get32(d + 4) != step))
            {
                ++other;
                continue;
            }
            ++received;
            last = now;
            uint32_t seq = Get32(d + 8);
            if (int64_t(seq) < maxSeq)
            {
                ++reordered;
            }
            else
            {
                maxSeq = seq;
            }
            if (seq < (1u << 26))
            {
                if (seen.size() <= seq)
                {
                    seen.resize(size_t(seq) + 1 + (1 << 16), false);
                }
                if (!seen[seq])
                {
                    seen[seq] = true;
                    ++distinct;
                }
            }
            uint64_t sentAt = uint64_t(Get32(d + 12)) << 32 | Get32(d + 16);
            if (sentAt > 0 && sentAt <= now)
            {
                uint64_t latency = now - sentAt;
                latencySum += double(latency);
                latencyMax = latency > latencyMax ? latency : latencyMax;
            }
        }
    }
    std::printf("received %" PRIu64 " step %u distinct %" PRIu64 " max-seq %" PRId64
                " reordered %" PRIu64 " other %" PRIu64 " latency-ms avg %.3f max %.3f\n",
                received,
                step,
                distinct,
                maxSeq,
                reordered,
                other,
                received > 0 ? latencySum / double(received) / 1e6 : 0.0,
                double(latencyMax) / 1e6);
    close(fd);
    return 0;
}
