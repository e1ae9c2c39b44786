#!/usr/bin/env python3
"""Loads the TPC-H tables (.tbl.zst, '|'-separated with a trailing '|') into a tally warehouse:
each table's schema from schema.sql (integer -> int32, varchar -> string, decimal and date as
they are), the rows rewritten as CSV, then `tally ingest --schema`.

    load_tbl.py TALLY WAREHOUSE TPCH_DIR SCRATCH_DIR"""
import csv
import json
import os
import re
import subprocess
import sys


def main():
    tally, warehouse, tpch, scratch = sys.argv[1:5]
    schema = open(os.path.join(tpch, "schema.sql")).read()
    for match in re.finditer(r"create table (\w+) \((.*?)\);", schema):
        name, definition = match.group(1), match.group(2)
        columns = []
        for column in re.split(r",\s*(?![^()]*\))", definition):
            parts = column.split()
            kind = parts[1]
            kind = "int32" if kind == "integer" else "string" if kind.startswith("varchar") else kind
            columns.append({"name": parts[0], "type": kind})
        csv_path = os.path.join(scratch, name + ".csv")
        schema_path = os.path.join(scratch, name + ".json")
        with open(schema_path, "w") as f:
            json.dump({"columns": columns}, f)
        tbl = os.path.join(tpch, "data", "sf0.1", name + ".tbl.zst")
        with open(csv_path, "w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow([c["name"] for c in columns])
            reader = subprocess.Popen(["zstd", "-dc", tbl], stdout=subprocess.PIPE, text=True)
            for line in reader.stdout:
                writer.writerow(line.rstrip("\n").split("|")[:-1])
            if reader.wait() != 0:
                sys.exit(f"cannot read {tbl}")
        subprocess.run([tally, "--warehouse", warehouse, "--quiet", "ingest", csv_path, "--table",
                        name, "--schema", schema_path], check=True)
        os.remove(csv_path)


if __name__ == "__main__":
    main()
