/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tap-emulation-helper.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/fd-net-device.h"
#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/string.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TapEmulationHelper");

namespace
{

/// Set an IPv4 address-like field of an interface with one ioctl.
bool
SetInetField(int sock, const std::string& name, unsigned long request, uint32_t hostOrder)
{
    struct ifreq ifr;
    std::memset(&ifr, 0, sizeof(ifr));
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    auto* sin = reinterpret_cast<struct sockaddr_in*>(&ifr.ifr_addr);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = htonl(hostOrder);
    return ioctl(sock, request, &ifr) == 0;
}

} // namespace

TapEmulationHelper::TapEmulationHelper(Mode mode)
    : m_mode(mode),
      m_tapName("tap-teredo"),
      m_linuxAddress(Ipv4Address::GetAny()),
      m_linuxMask(Ipv4Mask::GetZero()),
      m_mac(MakeMac(1))
{
}

void
TapEmulationHelper::EnableRealtime()
{
    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
}

Mac48Address
TapEmulationHelper::MakeMac(uint16_t index)
{
    uint8_t bytes[6] = {0x02, 0x00, 0x5e, 0x10, uint8_t(index >> 8), uint8_t(index & 0xff)};
    Mac48Address mac;
    mac.CopyFrom(bytes);
    return mac;
}

void
TapEmulationHelper::SetTapName(const std::string& name)
{
    NS_ABORT_MSG_IF(name.empty() || name.size() >= IFNAMSIZ,
                    "TapEmulationHelper: a TAP name has 1 to "
                        << IFNAMSIZ - 1 << " characters, not '" << name << "'");
    m_tapName = name;
}

void
TapEmulationHelper::SetLinuxAddress(Ipv4Address address, Ipv4Mask mask)
{
    m_linuxAddress = address;
    m_linuxMask = mask;
}

void
TapEmulationHelper::SetMacAddress(Mac48Address mac)
{
    m_mac = mac;
}

int
TapEmulationHelper::OpenTap() const
{
    int fd = open("/dev/net/tun", O_RDWR);
    NS_ABORT_MSG_IF(fd < 0,
                    "TapEmulationHelper: cannot open /dev/net/tun ("
                        << std::strerror(errno) << "); emulation needs root or CAP_NET_ADMIN");
    struct ifreq ifr;
    std::memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI; // FdNetDevice's default DIX framing, no packet info
    std::strncpy(ifr.ifr_name, m_tapName.c_str(), IFNAMSIZ - 1);
    NS_ABORT_MSG_IF(ioctl(fd, TUNSETIFF, &ifr) != 0,
                    "TapEmulationHelper: cannot create TAP '" << m_tapName << "' ("
                                                              << std::strerror(errno) << ")");

    int sock = socket(AF_INET, SOCK_DGRAM, 0);
    NS_ABORT_MSG_IF(sock < 0, "TapEmulationHelper: socket() failed: " << std::strerror(errno));
    if (m_linuxAddress != Ipv4Address::GetAny())
    {
        NS_ABORT_MSG_IF(!SetInetField(sock, m_tapName, SIOCSIFADDR, m_linuxAddress.Get()),
                        "TapEmulationHelper: cannot address " << m_tapName << ": "
                                                              << std::strerror(errno));
        NS_ABORT_MSG_IF(!SetInetField(sock, m_tapName, SIOCSIFNETMASK, m_linuxMask.Get()),
                        "TapEmulationHelper: cannot set the mask of " << m_tapName << ": "
                                                                      << std::strerror(errno));
    }
    struct ifreq flags;
    std::memset(&flags, 0, sizeof(flags));
    std::strncpy(flags.ifr_name, m_tapName.c_str(), IFNAMSIZ - 1);
    bool up = ioctl(sock, SIOCGIFFLAGS, &flags) == 0;
    flags.ifr_flags |= IFF_UP | IFF_RUNNING;
    up = up && ioctl(sock, SIOCSIFFLAGS, &flags) == 0;
    close(sock);
    NS_ABORT_MSG_IF(!up,
                    "TapEmulationHelper: cannot bring " << m_tapName
                                                        << " up: " << std::strerror(errno));
    NS_LOG_INFO("TAP " << m_tapName << " open on fd " << fd);
    return fd;
}

Ptr<NetDevice>
TapEmulationHelper::Install(Ptr<Node> node) const
{
    NS_ABORT_MSG_IF(m_mode != FD_NET_DEVICE, "TapEmulationHelper: unknown mode");
    int fd = OpenTap();
    Ptr<FdNetDevice> device = CreateObject<FdNetDevice>();
    device->SetAddress(m_mac);
    node->AddDevice(device);
    device->SetFileDescriptor(fd);
    return device;
}

} // namespace ns3
