# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
#
# waf build of the Teredo module for ns-3.35, the last waf release of ns-3
# (drop this folder into contrib/ as "teredo"). The file lists must match
# CMakeLists.txt; the CTest test build.file-lists checks that both name every
# file on disk, and build.waf-ns-3.35 builds with this file in an ns-3.35 tree.

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

# Left out of the waf build: code that needs an API ns-3.35 lacks. ns-3.36
# and later make a Callback from a lambda (Callback<...>(lambda), a lambda
# passed where a Callback is expected) and schedule a lambda
# (Simulator::Schedule(delay, lambda)); ns-3.35 does neither. Every ns-3 test
# suite uses them (trace sinks and scheduled steps written as lambdas), and so
# do three examples (teredo-bubbles and teredo-relays through the lab
# narrator). The CMake builds (ns-3.37) build and run all of them.
NEEDS_NS3_36_TESTS = [
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
    'test/teredo-topology-test-suite.cc',
    'test/teredo-wire-format-test-suite.cc',
    # Their shared helpers (no suite of their own).
    'test/ipv4-nat-test-world.h',
    'test/teredo-test-packets.cc',
    'test/teredo-test-packets.h',
]
NEEDS_NS3_36_EXAMPLES = [
    'examples/teredo-bubbles.cc',
    'examples/teredo-connectivity.cc',
    'examples/teredo-ecn.cc',
    'examples/teredo-relays.cc',
]

EXAMPLES = [
    'examples/nat-behavior-discovery.cc',
    'examples/nat-stun-emulation.cc',
    'examples/teredo-by-hand.cc',
    'examples/teredo-emulation.cc',
    'examples/teredo-qualification.cc',
    'examples/teredo-wire-format-example.cc',
    'examples/teredo-world.cc',
]

# The lab examples' narrator and teredo-relays' relay lab (the lab examples,
# teredo-bubbles and teredo-relays, are in NEEDS_NS3_36_EXAMPLES).
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
    module = bld.create_ns3_module(
        'teredo', ['csma', 'point-to-point', 'internet', 'virtual-net-device',
                   'fd-net-device', 'tap-bridge', 'network', 'core'])
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

    # No test library: every suite is in NEEDS_NS3_36_TESTS (above).

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
        # teredo-world's optional NetAnim trace needs netanim (and mobility, to
        # place the nodes): without netanim enabled, it is built without them.
        with_netanim = 'ns3-netanim' in bld.env['NS3_ENABLED_MODULES']
        for source in EXAMPLES:
            name = source.split('/')[-1][:-len('.cc')]
            dependencies = ['teredo', 'point-to-point', 'applications', 'internet-apps',
                            'internet', 'network', 'core']
            if name == 'teredo-world' and with_netanim:
                dependencies += ['mobility', 'netanim']
            program = bld.create_ns3_program(name, dependencies)
            program.source = [source]
            if name == 'teredo-world' and not with_netanim:
                program.env.append_value('DEFINES', 'TEREDO_WITHOUT_NETANIM')
            if name == 'teredo-emulation':
                program.source += [f for f in EMULATION_WORLD if f.endswith('.cc')]
