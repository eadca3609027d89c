/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tap-emulation-helper.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/csma-helper.h"
#include "ns3/enum.h"
#include "ns3/fd-net-device.h"
#include "ns3/global-value.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/tap-bridge-helper.h"
#include "ns3/tap-bridge.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
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

// Where Debian's ns-3.37 runs and installs TapBridge's creator program.
// ns-3.37's src/tap-bridge/CMakeLists.txt compiles the library with
//   TAP_CREATOR="${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/src/tap-bridge/ns${NS3_VER}-tap-creator${build_profile_suffix}"
// and installs the program to ${CMAKE_INSTALL_LIBEXECDIR}/ns3. Debian's package
// (3.37-2, release profile: no suffix) was built in the folder below, as
// `strings /usr/lib/x86_64-linux-gnu/libns3-tap-bridge.so.37 | grep tap-creator`
// shows: /build/ns3-QJPJQL/ns3-3.37/ns-3.37/build/src/tap-bridge/ns3.37-tap-creator.
constexpr const char* DEBIAN_NS3_BUILD_DIR = "/build/ns3-QJPJQL/ns3-3.37/ns-3.37/build";
constexpr const char* TAP_CREATOR_NAME = "ns3.37-tap-creator";
constexpr const char* INSTALLED_CREATOR_DIR = "/usr/libexec/ns3"; // package ns3

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

std::string
TapEmulationHelper::GetTapCreatorPath()
{
    return std::string(DEBIAN_NS3_BUILD_DIR) + "/src/tap-bridge/" + TAP_CREATOR_NAME;
}

bool
TapEmulationHelper::PrepareTapCreator(std::string* error)
{
#ifdef TEREDO_NS3_SOURCE_TREE
    // ns-3 built its own creator at its own build path, which its TapBridge runs.
    (void)error;
    return true;
#else
    std::string message;
    auto fail = [&message, error]() {
        if (error)
        {
            *error = message;
        }
        return false;
    };
    namespace fs = std::filesystem;
    const fs::path expected = GetTapCreatorPath();
    const fs::path installed = fs::path(INSTALLED_CREATOR_DIR) / TAP_CREATOR_NAME;
    std::error_code ec;
    if (fs::exists(expected, ec))
    {
        return true; // the package build folder, a link made before, or a user's own
    }
    if (fs::is_symlink(fs::symlink_status(expected, ec)))
    {
        message = expected.string() + " is a dangling link (to " +
                  fs::read_symlink(expected, ec).string() +
                  "): install package ns3, or point the link at a tap-creator program";
        return fail();
    }
    if (access(installed.c_str(), X_OK) != 0)
    {
        message = "TapBridge runs " + expected.string() + ", which is missing, and " +
                  installed.string() +
                  " is not there to link it to: install Debian's package ns3 "
                  "(apt-get install ns3)";
        return fail();
    }
    fs::create_directories(expected.parent_path(), ec);
    if (!ec)
    {
        fs::create_symlink(installed, expected, ec);
    }
    std::error_code again;
    if (ec && !fs::exists(expected, again)) // a concurrent run may have made it
    {
        message = "cannot link " + expected.string() + " to " + installed.string() + " (" +
                  ec.message() +
                  "): run as root (TapBridge needs root anyway: the creator is not "
                  "setuid), or run scripts/prepare-tap-creator.sh as root once";
        return fail();
    }
    NS_LOG_INFO("linked " << expected << " to " << installed);
    return true;
#endif
}

Ptr<NetDevice>
TapEmulationHelper::Install(Ptr<Node> node) const
{
    switch (m_mode)
    {
    case FD_NET_DEVICE:
        return InstallFdNetDevice(node);
    case TAP_BRIDGE:
        return InstallTapBridge(node);
    }
    NS_ABORT_MSG("TapEmulationHelper: unknown mode");
    return nullptr;
}

Ptr<NetDevice>
TapEmulationHelper::InstallFdNetDevice(Ptr<Node> node) const
{
    int fd = OpenTap();
    Ptr<FdNetDevice> device = CreateObject<FdNetDevice>();
    device->SetAddress(m_mac);
    node->AddDevice(device);
    device->SetFileDescriptor(fd);
    return device;
}

Ptr<NetDevice>
TapEmulationHelper::InstallTapBridge(Ptr<Node> node) const
{
    NS_ABORT_MSG_IF(m_linuxAddress == Ipv4Address::GetAny(),
                    "TapEmulationHelper: TAP_BRIDGE mode needs SetLinuxAddress (TapBridge's "
                    "ConfigureLocal mode always addresses the TAP)");
    std::string error;
    NS_ABORT_MSG_IF(!PrepareTapCreator(&error), "TapEmulationHelper: " << error);

    // The bridged device's node stands for the Linux host: TapBridge takes that
    // device's receive callbacks away from the node's stack. The node we were
    // given talks to it over a CSMA link of its own.
    Ptr<Node> ghost = CreateObject<Node>();
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue("1Gbps"));
    csma.SetChannelAttribute("Delay", TimeValue(Seconds(0)));
    NetDeviceContainer devices = csma.Install(NodeContainer(node, ghost));
    Ptr<NetDevice> device = devices.Get(0);
    device->SetAddress(m_mac);
    uint8_t linuxMac[6];
    m_mac.CopyTo(linuxMac);
    linuxMac[3] ^= 0x01;
    Mac48Address linuxEnd;
    linuxEnd.CopyFrom(linuxMac);
    devices.Get(1)->SetAddress(linuxEnd);

    // ConfigureLocal: the creator makes the TAP, gives it the ghost device's MAC
    // and these, and brings it up (tap-creator.cc, CreateTap).
    TapBridgeHelper bridge;
    bridge.SetAttribute("Mode", EnumValue(TapBridge::CONFIGURE_LOCAL));
    bridge.SetAttribute("DeviceName", StringValue(m_tapName));
    bridge.SetAttribute("IpAddress", Ipv4AddressValue(m_linuxAddress));
    bridge.SetAttribute("Netmask", Ipv4MaskValue(m_linuxMask));
    bridge.Install(ghost, devices.Get(1));
    NS_LOG_INFO("TapBridge for TAP " << m_tapName << " on ghost node " << ghost->GetId()
                                     << ", node " << node->GetId() << " device " << m_mac);
    return device;
}

} // namespace ns3
