#!/usr/bin/env python3
"""Times getting the whole retail table into pandas: tally's toPandas() from the warehouse
against pandas.read_csv of the same data as an uncompressed CSV (the analysts' starting point),
side by side in one process, alternating, RUNS times each. Checks that both frames hold the
same values, then prints a markdown table of the median seconds and the ratio.

    python3 bench/python_topandas.py WAREHOUSE CSV      (with build/python on PYTHONPATH)

read_csv is given the column types the table has (dates parsed), so both produce the same
frame; without parse_dates it is faster but leaves the dates as text."""
import os
import statistics
import sys
import time

import pandas as pd

import tally


def main():
    warehouse, csv = sys.argv[1], sys.argv[2]
    runs = int(os.environ.get("RUNS", "5"))
    spark = tally.Session(warehouse=warehouse)
    retail = spark.table("retail")

    def with_tally():
        return retail.toPandas()

    def with_pandas():
        return pd.read_csv(csv, dtype={"invoice_no": str, "stock_code": str, "description": str,
                                       "quantity": "int32", "customer_id": "Int32",
                                       "country": str},
                           parse_dates=["invoice_date"], keep_default_na=False,
                           na_values={"customer_id": [""], "description": [""]})

    a, b = with_tally(), with_pandas()
    pd.testing.assert_frame_equal(a, b)
    times = {"tally toPandas()": [], "pandas.read_csv": []}
    for _ in range(runs):
        for name, fn in (("tally toPandas()", with_tally), ("pandas.read_csv", with_pandas)):
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["tally toPandas()"])
    print(f"{len(a):,} rows x {len(a.columns)} columns, {runs} runs each, alternating\n")
    print("| | median s | ratio to tally |")
    print("|---|---:|---:|")
    for name, t in times.items():
        m = statistics.median(t)
        print(f"| {name} | {m:.3f} | {m / base:.1f}x |")


if __name__ == "__main__":
    main()
