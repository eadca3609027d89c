/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The standalone build's ns-3 test runner: the TestSuites linked into this
// program register themselves; ns-3's runner parses --list, --suite=NAME,
// --verbose and the rest.

#include "ns3/test.h"

int
main(int argc, char** argv)
{
    return ns3::TestRunner::Run(argc, argv);
}
