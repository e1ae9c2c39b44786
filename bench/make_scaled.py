#!/usr/bin/env python3
"""Writes K copies of a retail CSV into one file, for benchmarks on K times the data.

    bench/make_scaled.py CSV K OUT        (CSV may be .zst; OUT is plain CSV)

Copy j (0-based) keeps every line but shifts the identifiers so that the copies do not merge:
invoice_no keeps its letter prefix ('C', 'A') and adds j*1,000,000 to its number, customer_id
adds j*100,000 (missing customer ids stay missing). Copy 0 is the input itself. All other
fields, dates included, are kept, so every month holds K times the invoices and customers.
"""

import csv
import io
import subprocess
import sys

INVOICE_STEP = 1_000_000
CUSTOMER_STEP = 100_000


def read_rows(path):
    if path.endswith(".zst"):
        text = subprocess.run(["zstd", "-dc", "--", path], check=True, capture_output=True).stdout
        source = io.StringIO(text.decode("utf-8"), newline="")
    else:
        source = open(path, encoding="utf-8", newline="")
    with source:
        reader = csv.reader(source)
        header = next(reader)
        return header, list(reader)


def shifted_invoice(invoice_no, offset):
    digits_at = len(invoice_no) - len(invoice_no.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    prefix, number = invoice_no[:digits_at], invoice_no[digits_at:]
    return prefix + str(int(number) + offset)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: make_scaled.py CSV K OUT")
    path, copies, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if copies < 1:
        sys.exit("make_scaled.py: K must be at least 1")
    header, rows = read_rows(path)
    invoice_col, customer_col = header.index("invoice_no"), header.index("customer_id")
    with open(out_path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for j in range(copies):
            for row in rows:
                row = list(row)
                row[invoice_col] = shifted_invoice(row[invoice_col], j * INVOICE_STEP)
                if row[customer_col]:
                    row[customer_col] = str(int(row[customer_col]) + j * CUSTOMER_STEP)
                writer.writerow(row)
    print(f"wrote {copies} x {len(rows)} rows to {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
