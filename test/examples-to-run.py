#! /usr/bin/env python3
# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-

# The module's examples that ns-3's test.py runs inside an ns-3 source tree
# (contrib/teredo), as ns-3's own modules list theirs. test.py passes an
# example when it exits with 0; every example here does so only when what it
# observed is what it expects, except teredo-world and teredo-connectivity,
# which always exit with 0 once they ran (their tables are checked by the
# standalone build's CTest tests, cmake/TeredoTests.cmake, which also match
# every example's output). Arguments keep the runs short and their files few:
# test.py runs examples in a temporary folder.
#
# Each tuple in the list contains
#
#     (example_name, do_run, do_valgrind_run).
#
# See test.py for more information.
cpp_examples = [
    ("teredo-wire-format-example", "True", "True"),
    ("nat-behavior-discovery --all --pcap=false", "True", "True"),
    ("teredo-qualification --pcap=false", "True", "True"),
    ("teredo-connectivity", "True", "False"),
    ("teredo-world --pcap=false --figure=false", "True", "False"),
    ("teredo-world --procedure=rfc5991 --pcap=false --figure=false", "True", "False"),
    (
        "teredo-world --clients=2 --lan=switched --pcap=false --figure=false",
        "True",
        "False",
    ),
    ("teredo-ecn --duration=10 --figure=false", "True", "False"),
    ("teredo-bubbles", "True", "True"),
    ("teredo-relays --relay=relay", "True", "True"),
    ("teredo-relays --relay=host-specific", "True", "True"),
    ("teredo-by-hand --procedure=rfc5991", "True", "True"),
    ("teredo-by-hand --procedure=rfc4380", "True", "True"),
    # Real time through a TAP: needs root and a Linux peer (CTest
    # emulation.tap-modes and interop.* run it).
    ("teredo-emulation", "False", "False"),
    # Real time through a TAP, with a real STUN client or server on the Linux
    # side (CTest emulation.stun-client, emulation.stun-linux-nat run it).
    ("nat-stun-emulation", "False", "False"),
]

# A list of Python examples to run in order to ensure that they remain
# runnable over time. Each tuple in the list contains
#
#     (example_name, do_run).
#
# The module has no Python examples (it is built without Python bindings).
python_examples = []
