#!/usr/bin/env python3
"""Whether two TPC-H answers agree once ties are allowed for: at SF 1 size (copies of SF 0.1
that differ only in their keys) rows that tie on every ORDER BY column differ only in key
columns, and which of them a LIMIT keeps is either engine's choice. Compares the answers with
the *key columns left out, rows sorted, numbers to 0.01 or a relative 1e-6 (as compare.py).

    tpch_ties.py EXPECTED.out ACTUAL.out      exit status 0 when they agree"""
import math
import sys


def rows(path):
    lines = open(path).read().splitlines()
    header = lines[0].split("|")
    keep = [i for i, name in enumerate(header) if not name.endswith("key")]
    return sorted(tuple(row.split("|")[i] for i in keep) for row in lines[1:])


def same(a, b):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return abs(x - y) <= 0.01 or math.isclose(x, y, rel_tol=1e-6)


expected, actual = rows(sys.argv[1]), rows(sys.argv[2])
ok = len(expected) == len(actual) and all(
    len(e) == len(a) and all(same(x, y) for x, y in zip(e, a)) for e, a in zip(expected, actual))
sys.exit(0 if ok else 1)
