#!/usr/bin/env python3
"""Peak heap per client by owner, from a heaptrack flame graph of teredo-scale-bench.

Use: teredo-state.py FLAMEGRAPH CLIENTS
where FLAMEGRAPH is `heaptrack_print -f FILE.zst -F FLAMEGRAPH --flamegraph-cost-type peak`.
Each allocation's share of the peak goes to the innermost frame of its stack that
names an owner below (so a NAT mapping allocated while a client sends counts as
the NAT's, not the client's). Teredo's own state is the tables: peer lists,
NAT mappings, the server's rate limiter, the relay and server objects.
"""
import collections
import sys

TABLES = ["TeredoPeerList", "NatMappingTable", "Ipv4Nat", "TeredoRateLimiter",
          "TeredoBubbleLimiter", "TeredoRelay", "TeredoServer"]
OTHERS = ["TeredoClient", "TeredoInterface", "TeredoQualification", "VirtualNetDevice",
          "InternetStackHelper", "CsmaHelper", "PointToPointHelper",
          "TeredoTopologyHelper", "Simulator::Schedule", "RunMode"]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    clients = int(sys.argv[2])
    owners = TABLES + OTHERS
    cost = collections.Counter()
    total = 0
    with open(sys.argv[1]) as f:
        for line in f:
            stack, _, value = line.rstrip("\n").rpartition(" ")
            if not value.isdigit():
                continue
            total += int(value)
            owner = "other (ns-3, libc)"
            for frame in reversed(stack.split(";")):
                hit = next((o for o in owners if o in frame), None)
                if hit:
                    owner = hit
                    break
            cost[owner] += int(value)
    print("| owner | peak KiB | octets per client |")
    print("| --- | --- | --- |")
    for owner, value in cost.most_common():
        mark = " (table)" if owner in TABLES else ""
        print(f"| {owner}{mark} | {value / 1024:.1f} | {value / clients:.0f} |")
    tables = sum(cost[o] for o in TABLES)
    print(f"| **Teredo's tables** | {tables / 1024:.1f} | **{tables / clients:.0f}** |")
    print(f"| all heap at the peak | {total / 1024:.1f} | {total / clients:.0f} |")


if __name__ == "__main__":
    main()
