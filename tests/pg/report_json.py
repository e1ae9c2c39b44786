#!/usr/bin/env python3
"""The retail report (ANALYTICS.md sections 1-7) computed by PostgreSQL, printed as the same
normalized JSON as the peer implementations in shared/bench/peers/ (compare with compare.py).

    report_json.py [--as-of DATE]              uses the server named by PGHOST/PGPORT/...,
                                               whose table `retail` is already loaded
    report_json.py --csv FILE[.zst] [--as-of]  starts a private server, loads FILE, reports,
                                               and stops the server again

Only the standard library and the psql client are used. Exact numeric values from PostgreSQL
are converted to float where the peers print floating point numbers.
"""

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SQL_DIR = os.path.join(os.path.dirname(HERE), "sql")


def run_psql(args, as_of):
    """Runs psql with CSV output and returns the result rows as dicts (NULL -> None)."""
    cmd = ["psql", "-X", "-q", "--csv", "-v", "ON_ERROR_STOP=1", "-v", f"as_of={as_of}"] + args
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    # psql writes NULL as an empty unquoted field; none of the queried columns holds ''.
    return [{k: (v if v != "" else None) for k, v in row.items()} for row in rows]


def run_sql_file(name, as_of):
    return run_psql(["-f", os.path.join(SQL_DIR, name)], as_of)


def as_int(text):
    return None if text is None else int(text)


def as_float(text):
    return None if text is None else float(text)


def invoice_amount_stats(row):
    return {
        "n": as_int(row["n"]),
        "mean": as_float(row["mean"]),
        "min": as_float(row["min"]),
        "max": as_float(row["max"]),
        "median": as_float(row["median"]),
        "mode": as_float(row["mode"]),
        "p85": as_float(row["p85"]),
    }


def monthly_row(row):
    return {
        "ym": as_int(row["ym"]),
        "gross": as_int(row["gross"]),
        "cancelled": as_int(row["cancelled"]),
        "placed": as_int(row["placed"]),
        "sales": as_float(row["sales"]),
        "growth": as_float(row["growth"]),
        "active": as_int(row["active"]),
        "new_users": as_int(row["new_users"]),
        "existing_users": as_int(row["existing_users"]),
    }


def rfm_splits(rows):
    # Recency and frequency are whole numbers; monetary is money, printed as float by the peers.
    convert = {"recency": as_int, "frequency": as_int, "monetary": as_float}
    splits = {metric: [] for metric in convert}
    for row in rows:
        splits[row["metric"]].append(convert[row["metric"]](row["value"]))
    return splits


def rfm_segment_row(row):
    return {
        "segment": row["segment"],
        "customers": as_int(row["customers"]),
        "recency": as_float(row["recency"]),
        "frequency": as_float(row["frequency"]),
        "monetary": as_float(row["monetary"]),
    }


def rfm_customer_row(row):
    return {
        "customer_id": as_int(row["customer_id"]),
        "recency": as_int(row["recency"]),
        "frequency": as_int(row["frequency"]),
        "monetary": as_float(row["monetary"]),
        "r": as_int(row["r"]),
        "f": as_int(row["f"]),
        "m": as_int(row["m"]),
        "segment": row["segment"],
    }


def rfm_customers(as_of):
    """Per-customer RFM rows; not part of the peers' JSON, used by the fixture checks."""
    return [rfm_customer_row(r) for r in run_sql_file("rfm_customers.sql", as_of)]


def build_report(as_of):
    report = {"rows": as_int(run_psql(["-c", "select count(*) as n from retail"], as_of)[0]["n"])}
    amounts = {row["subset"]: row for row in run_sql_file("invoice_amount.sql", as_of)}
    report["invoice_amount"] = invoice_amount_stats(amounts["all"])
    report["invoice_amount_below_p85"] = invoice_amount_stats(amounts["below_p85"])
    report["monthly"] = [monthly_row(r) for r in run_sql_file("monthly.sql", as_of)]
    report["rfm_splits"] = rfm_splits(run_sql_file("rfm_splits.sql", as_of))
    report["rfm_segments"] = [rfm_segment_row(r) for r in run_sql_file("rfm_segments.sql", as_of)]
    return report


def read_env_file(path):
    """Reads the `export NAME=value` lines that pg_server.sh writes."""
    env = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            name, _, value = line.strip().removeprefix("export ").partition("=")
            if name:
                env[name] = value
    return env


def build_report_from_csv(csv_path, as_of):
    """Runs a private server for the duration of one report."""
    server_dir = tempfile.mkdtemp(prefix="tally-pg-", dir="/tmp")
    os.rmdir(server_dir)  # pg_server.sh wants to create it itself
    server = os.path.join(HERE, "pg_server.sh")
    subprocess.run([server, "start", server_dir], check=True, stdout=subprocess.DEVNULL)
    try:
        os.environ.update(read_env_file(os.path.join(server_dir, "env")))
        subprocess.run([os.path.join(HERE, "load_retail.sh"), csv_path], check=True)
        return build_report(as_of)
    finally:
        subprocess.run([server, "stop", server_dir], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", help="load this retail CSV (or .csv.zst) into a private server")
    parser.add_argument("--as-of", default="2011-12-31", help="RFM as-of date (default %(default)s)")
    args = parser.parse_args()
    try:
        if args.csv:
            report = build_report_from_csv(args.csv, args.as_of)
        else:
            report = build_report(args.as_of)
    except subprocess.CalledProcessError as e:
        sys.stderr.write(e.stderr or "")
        sys.exit(f"report_json.py: {' '.join(e.cmd)} failed with exit code {e.returncode}")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
