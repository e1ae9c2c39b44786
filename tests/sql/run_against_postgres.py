#!/usr/bin/env python3
"""Runs each query of a .sql file on tally (`tally sql --format csv`) and on PostgreSQL (psql,
connection from the PG* environment) and compares the rows: same header, same rows in the same
order, numbers equal to a relative 1e-9 (PostgreSQL's numeric averages carry more digits than
a double), booleans t/f as true/false.

    run_against_postgres.py TALLY QUERIES.sql
Exit status 1 when any query differs or fails on either side."""
import csv
import io
import math
import re
import subprocess
import sys


def queries(path):
    text = open(path, encoding="utf-8").read()
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return [q.strip() for q in text.split(";") if q.strip()]


def rows(output):
    return list(csv.reader(io.StringIO(output)))


def same_cell(a, b):
    if a == b:
        return True
    norm = {"t": "true", "f": "false"}
    if norm.get(a, a) == norm.get(b, b):
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)


def compare(tally_rows, pg_rows):
    if len(tally_rows) != len(pg_rows):
        return f"{len(tally_rows) - 1} rows from tally, {len(pg_rows) - 1} from PostgreSQL"
    for i, (a, b) in enumerate(zip(tally_rows, pg_rows)):
        if len(a) != len(b) or not all(same_cell(x, y) for x, y in zip(a, b)):
            what = "header" if i == 0 else f"row {i}"
            return f"{what}: tally {a} vs PostgreSQL {b}"
    return None


def main():
    tally, path = sys.argv[1], sys.argv[2]
    failures = 0
    for q in queries(path):
        short = re.sub(r"\s+", " ", q)[:100]
        t = subprocess.run([tally, "sql", "--format", "csv", q], capture_output=True, text=True)
        p = subprocess.run(["psql", "-X", "-q", "--csv", "-v", "ON_ERROR_STOP=1", "-c", q],
                           capture_output=True, text=True)
        if t.returncode != 0 or p.returncode != 0:
            print(f"FAIL: {short}\n  tally: {t.stderr.strip()}\n  PostgreSQL: {p.stderr.strip()}")
            failures += 1
            continue
        problem = compare(rows(t.stdout), rows(p.stdout))
        if problem:
            print(f"FAIL: {short}\n  {problem}")
            failures += 1
        else:
            print(f"ok: {short} ({len(rows(p.stdout)) - 1} rows)")
    print(f"{failures} of {len(queries(path))} queries differ" if failures else "all queries agree")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
