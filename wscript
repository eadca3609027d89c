# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
#
# waf build of the Teredo module for ns-3 releases up to 3.35 (drop this folder
# into src/ or contrib/ as "teredo"). The file lists must match CMakeLists.txt;
# the CTest test build.file-lists checks that both name every file on disk.

# GoogleTest unit tests and the standalone test runner: CMake builds them; waf
# ns-3 has no GoogleTest support and its own test runner. Listed here so that
# the lists stay complete.
CMAKE_ONLY_TESTS = [
    'test/ipv4-nat-helper-gtest.cc',
    'test/nat-mapping-table-gtest.cc',
    'test/nat-probe-client-gtest.cc',
    'test/stun-message-gtest.cc',
    'test/teredo-address-gtest.cc',
    'test/teredo-application-helper-gtest.cc',
    'test/teredo-authenticator-gtest.cc',
    'test/teredo-bubble-limiter-gtest.cc',
    'test/teredo-capture-gtest.cc',
    'test/teredo-classifier-gtest.cc',
    'test/teredo-ecn-gtest.cc',
    'test/teredo-headers-gtest.cc',
    'test/teredo-packet-builder-gtest.cc',
    'test/teredo-peer-application-gtest.cc',
    'test/teredo-peer-list-gtest.cc',
    'test/teredo-qualification-gtest.cc',
    'test/teredo-rate-limiter-gtest.cc',
    'test/teredo-relay-gtest.cc',
    'test/teredo-router-advertisement-gtest.cc',
    'test/teredo-test-runner.cc',
    'test/teredo-topology-helper-gtest.cc',
]

EXAMPLES = [
    'examples/nat-behavior-discovery.cc',
    'examples/nat-stun-emulation.cc',
    'examples/teredo-bubbles.cc',
    'examples/teredo-by-hand.cc',
    'examples/teredo-connectivity.cc',
    'examples/teredo-ecn.cc',
    'examples/teredo-emulation.cc',
    'examples/teredo-qualification.cc',
    'examples/teredo-relays.cc',
    'examples/teredo-wire-format-example.cc',
    'examples/teredo-world.cc',
]

# The lab examples that tell their story with TeredoLabNarrator, and the files
# they share (the narrator, and teredo-relays' relay lab).
NARRATED_EXAMPLES = ['teredo-bubbles', 'teredo-relays']
EXAMPLE_NARRATOR = [
    'examples/teredo-lab-narrator.cc',
    'examples/teredo-lab-narrator.h',
    'examples/teredo-relay-lab.cc',
    'examples/teredo-relay-lab.h',
]

# The world teredo-emulation --role=infrastructure builds (CMake's standalone
# build also compiles it into benchmarks/teredo-relay-bench).
EMULATION_WORLD = [
    'examples/teredo-emulation-world.cc',
    'examples/teredo-emulation-world.h',
]


def configure(conf):
    # Secure qualification's HMAC-SHA1 comes from Debian's nettle (nettle-dev).
    conf.check_cfg(package='nettle', uselib_store='NETTLE',
                   args=['--cflags', '--libs'], mandatory=True)


def build(bld):
    # csma and point-to-point: the topology helper builds LANs and links;
    # virtual-net-device: the Teredo tunnel interface; fd-net-device and
    # tap-bridge: the emulation helper's two modes.
    # applications and internet-apps: the test suites drive stock traffic
    # (V4Ping, BulkSend, PacketSink); waf gives a test library its module's deps.
    module = bld.create_ns3_module(
        'teredo', ['csma', 'point-to-point', 'internet', 'virtual-net-device',
                   'fd-net-device', 'tap-bridge', 'network', 'core', 'applications',
                   'internet-apps'])
    # ns-3 builds TapBridge's creator program at its own path in a source tree:
    # the emulation helper must not link Debian's there.
    module.env.append_value('DEFINES', 'TEREDO_NS3_SOURCE_TREE')
    module.use.append('NETTLE')
    module.source = [
        'helper/host-specific-relay-helper.cc',
        'helper/ipv4-nat-helper.cc',
        'helper/nat-probe-helper.cc',
        'helper/switched-lan-helper.cc',
        'helper/tap-emulation-helper.cc',
        'helper/teredo-application-helper.cc',
        'helper/teredo-client-helper.cc',
        'helper/teredo-relay-helper.cc',
        'helper/teredo-server-helper.cc',
        'helper/teredo-topology-helper.cc',
        'model/host-specific-relay.cc',
        'model/ipv4-nat.cc',
        'model/ipv4-prefix-routing.cc',
        'model/nat-mapping-table.cc',
        'model/nat-probe-client.cc',
        'model/nat-probe-server.cc',
        'model/stun-attribute.cc',
        'model/stun-message.cc',
        'model/switched-lan-channel.cc',
        'model/tcp-option-check.cc',
        'model/teredo-address.cc',
        'model/teredo-auth-header.cc',
        'model/teredo-authenticator.cc',
        'model/teredo-bubble-limiter.cc',
        'model/teredo-client.cc',
        'model/teredo-datagram-classifier.cc',
        'model/teredo-ecn.cc',
        'model/teredo-interface.cc',
        'model/teredo-origin-header.cc',
        'model/teredo-packet-builder.cc',
        'model/teredo-peer-application.cc',
        'model/teredo-peer-list.cc',
        'model/teredo-qualification.cc',
        'model/teredo-rate-limiter.cc',
        'model/teredo-relay.cc',
        'model/teredo-router-advertisement.cc',
        'model/teredo-server.cc',
    ]

    module_test = bld.create_ns3_module_test_library('teredo')
    module_test.source = [
        'test/ipv4-nat-test-suite.cc',
        'test/ipv4-nat-test-world.cc',
        'test/ipv4-nat-traffic-test-suite.cc',
        'test/ipv4-prefix-routing-test-suite.cc',
        'test/nat-probe-test-suite.cc',
        'test/switched-lan-channel-test-suite.cc',
        'test/teredo-client-test-suite.cc',
        'test/teredo-connectivity-test-suite.cc',
        'test/teredo-ecn-test-suite.cc',
        'test/teredo-flood-test-suite.cc',
        'test/teredo-qualification-test-suite.cc',
        'test/teredo-relay-test-suite.cc',
        'test/teredo-server-test-suite.cc',
        'test/teredo-test-packets.cc',
        'test/teredo-topology-test-suite.cc',
        'test/teredo-wire-format-test-suite.cc',
    ]
    # test/teredo-test-packets.h, test/ipv4-nat-test-world.h: test helpers, not installed.

    headers = bld(features='ns3header')
    headers.module = 'teredo'
    headers.source = [
        'helper/host-specific-relay-helper.h',
        'helper/ipv4-nat-helper.h',
        'helper/nat-probe-helper.h',
        'helper/switched-lan-helper.h',
        'helper/tap-emulation-helper.h',
        'helper/teredo-application-helper.h',
        'helper/teredo-client-helper.h',
        'helper/teredo-relay-helper.h',
        'helper/teredo-server-helper.h',
        'helper/teredo-topology-helper.h',
        'model/host-specific-relay.h',
        'model/ipv4-nat.h',
        'model/ipv4-prefix-routing.h',
        'model/nat-mapping-table.h',
        'model/nat-probe-client.h',
        'model/nat-probe-server.h',
        'model/stun-attribute.h',
        'model/stun-message.h',
        'model/switched-lan-channel.h',
        'model/tcp-option-check.h',
        'model/teredo-address.h',
        'model/teredo-auth-header.h',
        'model/teredo-authenticator.h',
        'model/teredo-bubble-limiter.h',
        'model/teredo-client.h',
        'model/teredo-datagram-classifier.h',
        'model/teredo-ecn.h',
        'model/teredo-interface.h',
        'model/teredo-origin-header.h',
        'model/teredo-packet-builder.h',
        'model/teredo-peer-application.h',
        'model/teredo-peer-list.h',
        'model/teredo-qualification.h',
        'model/teredo-rate-limiter.h',
        'model/teredo-relay.h',
        'model/teredo-router-advertisement.h',
        'model/teredo-server.h',
    ]

    if bld.env.ENABLE_EXAMPLES:
        for source in EXAMPLES:
            name = source.split('/')[-1][:-len('.cc')]
            program = bld.create_ns3_program(
                name, ['teredo', 'point-to-point', 'applications', 'internet-apps',
                       'internet', 'network', 'core', 'mobility', 'netanim'])
            program.source = [source]
            if name in NARRATED_EXAMPLES:
                program.source += [f for f in EXAMPLE_NARRATOR if f.endswith('.cc')]
            if name == 'teredo-emulation':
                program.source += [f for f in EMULATION_WORLD if f.endswith('.cc')]
