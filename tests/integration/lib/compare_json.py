#!/usr/bin/env python3
"""Compares two report JSON documents: same keys and list lengths, exact strings and integers,
floats within a relative 1e-9 (the rule of the peers' compare.py) or the given tolerance.
Prints the differences.

    compare_json.py EXPECTED.json ACTUAL.json [RELATIVE_TOLERANCE]
"""
import json
import sys


TOLERANCE = 1e-9


def differences(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{path}.{key}: missing on one side")
            else:
                differences(a[key], b[key], f"{path}.{key}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: length {len(a)} vs {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            differences(x, y, f"{path}[{i}]", out)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) \
            and not isinstance(a, bool) and not isinstance(b, bool):
        if abs(a - b) > TOLERANCE * max(1.0, abs(a), abs(b)):
            out.append(f"{path}: {a} vs {b}")
    elif a != b:
        out.append(f"{path}: {a!r} vs {b!r}")


def main():
    global TOLERANCE
    if len(sys.argv) > 3:
        TOLERANCE = float(sys.argv[3])
    a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
    out = []
    differences(a, b, "$", out)
    print("\n".join(out[:40]))
    sys.exit(1 if out else 0)


if __name__ == "__main__":
    main()
