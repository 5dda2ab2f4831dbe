#!/usr/bin/env python3
"""Turns a CLIPS fact file of the rules benchmarks (../shared/bench/rules/data/*.fct) into the
`cmtc repl` commands that insert the same facts, in the same order, into the DRL programs of this
directory, then fire.

    repl_commands.py manners|waltz DATA.fct [--edges]

--edges (Waltz) adds `facts Edge`, which lists every edge with its final label after the run.
"""
import re
import sys

# Fact templates of the .fct files -> (DRL fact type, whether the slots are numbers).
TYPES = {
    "manners": {"guest": ("Guest", False), "last_seat": ("LastSeat", True), "count": ("Count", True),
                "context": ("Context", False)},
    "waltz": {"stage": ("Stage", False), "line": ("Line", True)},
}


def main(argv):
    if len(argv) < 3 or argv[1] not in TYPES:
        sys.exit("usage: repl_commands.py manners|waltz DATA.fct [--edges]")
    types = TYPES[argv[1]]
    with open(argv[2]) as data:
        for line in data:
            m = re.match(r"\s*\((\w+)((?:\s*\(\w+ [^)]*\))*)\)", line)
            if not m or m.group(1) not in types:
                continue
            name, numeric = types[m.group(1)]
            slots = re.findall(r"\((\w+) ([^)]*)\)", m.group(2))
            fields = ", ".join(f"{k}: {v}" if numeric else f'{k}: "{v}"' for k, v in slots)
            print(f"insert {name}({fields})")
    print("fire 100000000")
    if "--edges" in argv[3:]:
        print("facts Edge")


if __name__ == "__main__":
    main(sys.argv)
