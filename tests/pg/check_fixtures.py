#!/usr/bin/env python3
"""Checks the hand-computed expectations of tests/fixtures/retail/*.expected.json against the
PostgreSQL oracle: starts a private server, loads each fixture CSV, computes the report (plus the
per-customer RFM rows) and compares every field that the expectation names.

    tests/pg/check_fixtures.py [NAME ...]     (default: every fixture with an expectation)

Matching: an object matches when each of the expected keys matches (extra keys are ignored); a
list must have the same length and match element by element; numbers match within a relative
1e-9; everything else must be equal. Prints one line per fixture and 'N passed, N failed'.
"""

import glob
import json
import os
import subprocess
import sys
import tempfile

import report_json

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(os.path.dirname(HERE), "fixtures", "retail")
AS_OF = "2011-12-31"


def mismatches(expected, actual, path, out):
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            out.append(f"{path}: expected an object, got {actual!r}")
            return
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{path}.{key}: missing")
            else:
                mismatches(value, actual[key], f"{path}.{key}", out)
    elif isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            out.append(f"{path}: expected {expected!r}, got {actual!r}")
            return
        for i, (e, a) in enumerate(zip(expected, actual)):
            mismatches(e, a, f"{path}[{i}]", out)
    elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
        if not isinstance(actual, (int, float)) or isinstance(actual, bool) or \
                abs(expected - actual) > 1e-9 * max(1.0, abs(expected), abs(actual)):
            out.append(f"{path}: expected {expected!r}, got {actual!r}")
    elif expected != actual:
        out.append(f"{path}: expected {expected!r}, got {actual!r}")


def check_fixture(name):
    subprocess.run([os.path.join(HERE, "load_retail.sh"), os.path.join(FIXTURES, name + ".csv")],
                   check=True)
    actual = report_json.build_report(AS_OF)
    actual["rfm_customers"] = report_json.rfm_customers(AS_OF)
    with open(os.path.join(FIXTURES, name + ".expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    out = []
    mismatches(expected, actual, "$", out)
    return out


def main():
    names = sys.argv[1:] or sorted(
        os.path.basename(p)[: -len(".expected.json")]
        for p in glob.glob(os.path.join(FIXTURES, "*.expected.json")))
    server_dir = tempfile.mkdtemp(prefix="tally-pg-", dir="/tmp")
    os.rmdir(server_dir)  # pg_server.sh creates it
    server = os.path.join(HERE, "pg_server.sh")
    subprocess.run([server, "start", server_dir], check=True, stdout=subprocess.DEVNULL)
    passed = failed = 0
    try:
        os.environ.update(report_json.read_env_file(os.path.join(server_dir, "env")))
        for name in names:
            problems = check_fixture(name)
            print(f"{'ok  ' if not problems else 'FAIL'} {name}")
            for problem in problems:
                print(f"     {problem}")
            passed += not problems
            failed += bool(problems)
    finally:
        subprocess.run([server, "stop", server_dir], check=True)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
