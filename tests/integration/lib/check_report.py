#!/usr/bin/env python3
"""Compares tally's report JSON (plus its --rfm-customers CSV) with a hand-checked expectation
(tests/fixtures/retail/*.expected.json), using the fixtures' matching rule (see the README
there): only the keys the expectation names are checked; lists must match completely; numbers
within a relative 1e-9.

    check_report.py EXPECTED.json ACTUAL.json [RFM_CUSTOMERS.csv]
"""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "pg"))
from check_fixtures import mismatches  # noqa: E402  (the one matching rule, shared)


def read_customers(path):
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.append({
                "customer_id": int(row["customer_id"]),
                "recency": int(row["recency"]),
                "frequency": int(row["frequency"]),
                "monetary": float(row["monetary"]),
                "r": int(row["r"]), "f": int(row["f"]), "m": int(row["m"]),
                "segment": row["segment"],
            })
    return rows


def main():
    expected = json.load(open(sys.argv[1], encoding="utf-8"))
    actual = json.load(open(sys.argv[2], encoding="utf-8"))
    if len(sys.argv) > 3:
        actual["rfm_customers"] = read_customers(sys.argv[3])
    problems = []
    mismatches(expected, actual, "$", problems)
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
