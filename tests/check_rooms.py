#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The rooms of lib/ form one chain: each includes only its own headers and
those of rooms below it, so there is no cycle between rooms.

    check_rooms.py SOURCE_ROOT
    check_rooms.py --self-test     the check judges trees with each fault

A room is a folder of lib/. Every `#include "..."` of a file in lib/ is
resolved (beside the file, then from lib/; the public headers "ssr/..."
belong to no room) and the include from room A to room B is allowed when B
is A or a room of a lower level in CHAIN. The check fails on an include up
the chain or across a level, on a cycle between rooms (whatever CHAIN says),
on a folder of lib/ that CHAIN does not name, and on an include it cannot
resolve. It prints the chain with, for each room, the rooms it uses.
"""

import os
import re
import shutil
import sys

# Lowest first; rooms of one level are peers and never include each other.
# crypto sits above kinds: DSSE verification reads the envelope as its kind
# and subject matching reads statements and releases as theirs.
CHAIN = [
    ["common"],
    ["diagnostics"],
    ["json"],
    ["schema", "purl"],
    ["kinds"],
    ["crypto"],
    ["jose"],
    ["policy", "verify", "tuf", "import"],
    ["render"],
]

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def edges(lib):
    """(from room, to room, file, header) for every include between rooms; failures."""
    found, failures = [], []
    for room in sorted(os.listdir(lib)):
        folder = os.path.join(lib, room)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(folder, name)
            for header in INCLUDE.findall(open(path, encoding="utf-8").read()):
                if header.startswith("ssr/"):
                    continue
                for base in (folder, lib):
                    target = os.path.normpath(os.path.join(base, header))
                    if os.path.isfile(target):
                        break
                else:
                    failures.append(f"{room}/{name}: cannot resolve #include \"{header}\"")
                    continue
                to = os.path.relpath(target, lib).split(os.sep)[0]
                found.append((room, to, f"{room}/{name}", os.path.relpath(target, lib)))
    return found, failures


def cycles(graph):
    """Every room that lies on a cycle of the graph (Tarjan's strongly connected components)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def check(root, chain=CHAIN, quiet=False):
    """The failures of ROOT/lib against the chain; prints the chain unless quiet."""
    lib = os.path.join(root, "lib")
    level = {room: i for i, rooms in enumerate(chain) for room in rooms}
    found, failures = edges(lib)
    rooms = sorted(d for d in os.listdir(lib) if os.path.isdir(os.path.join(lib, d)))
    failures += [f"lib/{r}/ is no room of the chain (add it to CHAIN and the README)" for r in rooms if r not in level]
    graph = {}
    for src, dst, path, header in found:
        if src == dst:
            continue
        graph.setdefault(src, set()).add(dst)
        if src in level and dst in level and level[dst] >= level[src]:
            way = "across its level" if level[dst] == level[src] else "up the chain"
            failures.append(f"{path} includes {header}: {src} -> {dst} goes {way}")
    for component in cycles(graph):
        failures.append("rooms in a cycle: " + " <-> ".join(component))
    if not quiet:
        for i, peers in enumerate(chain):
            for room in peers:
                uses = ", ".join(sorted(graph.get(room, ()), key=lambda r: (level.get(r, 99), r))) or "-"
                print(f"  {i}  {room:12} uses {uses}")
        print(f"{len(rooms)} rooms, {len(found)} includes")
    return failures


def self_test():
    """The check fails on each fault it names, and passes a tree without one."""
    import tempfile

    def tree(files):
        root = tempfile.mkdtemp()
        for path, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(root, "lib", path)), exist_ok=True)
            with open(os.path.join(root, "lib", path), "w") as f:
                f.write(text)
        return root

    chain = [["low"], ["mid", "peer"], ["high"]]
    cases = [
        ({"low/a.h": "", "mid/b.c": '#include "low/a.h"\n#include "b.h"\n', "mid/b.h": "#include <stdio.h>\n",
          "high/c.c": '#include "mid/b.h"\n#include "ssr/x.h"\n'}, []),
        ({"low/a.c": '#include "mid/b.h"\n', "mid/b.h": ""}, ["low/a.c includes mid/b.h: low -> mid goes up the chain"]),
        ({"mid/a.c": '#  include "peer/b.h"\n', "peer/b.h": ""},
         ["mid/a.c includes peer/b.h: mid -> peer goes across its level"]),
        ({"mid/a.c": '#include "peer/b.h"\n', "peer/b.h": '#include "mid/c.h"\n', "mid/c.h": ""},
         ["mid/a.c includes peer/b.h: mid -> peer goes across its level",
          "peer/b.h includes mid/c.h: peer -> mid goes across its level", "rooms in a cycle: mid <-> peer"]),
        ({"odd/a.c": '#include "low/b.h"\n', "low/b.h": ""},
         ["lib/odd/ is no room of the chain (add it to CHAIN and the README)"]),
        ({"low/a.c": '#include "missing.h"\n'}, ['low/a.c: cannot resolve #include "missing.h"']),
    ]
    bad = 0
    for files, want in cases:
        root = tree(files)
        got = check(root, chain, quiet=True)
        shutil.rmtree(root)
        if sorted(got) != sorted(want):
            print(f"FAIL self-test: {sorted(files)}: got {got}, want {want}")
            bad += 1
    print(f"self-test: {len(cases) - bad} of {len(cases)} trees judged as expected")
    return bad


def main():
    if sys.argv[1:2] == ["--self-test"]:
        return 1 if self_test() else 0
    failures = check(sys.argv[1])
    for f in failures:
        print("FAIL", f)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
