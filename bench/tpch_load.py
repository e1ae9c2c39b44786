#!/usr/bin/env python3
"""Prints the SQL that loads TPC-H into a tally warehouse from the shared .tbl.zst files: the
tables of schema.sql filled by COPY ... (DELIMITER '|'). With COPIES > 1 the tables are made
that many times larger as the TPC-H README describes: every copy k adds k * max_key to the
order, customer, part and supplier keys (nation and region are not copied), so every query keeps
its meaning at about COPIES times scale factor 0.1.

    tpch_load.py TPCH_DIR [COPIES]      (pipe into `tally sql`)"""
import os
import re
import sys

# The largest key of each kind at SF 0.1 (dbgen): copies are shifted by multiples of these.
MAX_KEY = {"orderkey": 600000, "custkey": 15000, "partkey": 20000, "suppkey": 1000}


def main():
    tpch, copies = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1
    schema = open(os.path.join(tpch, "schema.sql")).read()
    tables = re.findall(r"create table (\w+) \((.*?)\);", schema)
    for name, definition in tables:
        columns = [c.split()[0] for c in re.split(r",\s*(?![^()]*\))", definition)]
        data = os.path.join(tpch, "data", "sf0.1", f"{name}.tbl.zst")
        scaled = copies > 1 and name not in ("nation", "region")
        target = f"{name}_base" if scaled else name
        print(f"create table {target} ({definition});")
        print(f"copy {target} from '{data}' (delimiter '|');")
        if not scaled:
            continue
        values = ", ".join(f"({k})" for k in range(copies))
        shifted = []
        for c in columns:
            kind = next((k for k in MAX_KEY if c.endswith("_" + k)), None)
            shifted.append(f"{c} + copy * {MAX_KEY[kind]} as {c}" if kind else c)
        print(f"create table {name} as select {', '.join(shifted)} "
              f"from {target}, (values {values}) as copies(copy);")
        print(f"drop table {target};")


if __name__ == "__main__":
    main()
