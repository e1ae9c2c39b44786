#!/usr/bin/env python3
"""Runs data-driven SQL test files (in the spirit of sqllogictest) on tally and checks every
answer twice: against the rows written in the file and, when a PostgreSQL server is reachable
(PG* environment), against PostgreSQL running the same statements on its own copy of the data.
A file's expected rows are written by this script from PostgreSQL's answers (--rewrite), never
by hand, so a file always says what PostgreSQL says.

A file is a list of records separated by blank lines; lines starting with '#' are comments.

    statement ok              the statement succeeds on both
    CREATE TABLE t (a int)

    statement error MESSAGE   the statement fails on both; tally's message contains MESSAGE
    SELECT 1 / 0

    query [rowsort]           the query's rows (rowsort: compared sorted, for unordered results)
    SELECT a, b FROM t
    ----
    1|x
    NULL|(empty)

Cells are separated by '|'; NULL is NULL, an empty string (empty), booleans t and f. Numbers
equal to a relative 1e-9 count as equal (PostgreSQL's numeric averages carry more digits than a
double).

    sqltest.py TALLY FILE.test...            check (exit status 1 when anything differs)
    sqltest.py --rewrite TALLY FILE.test...  rewrite each query's rows from PostgreSQL's answer
Each file runs on a fresh tally warehouse and a fresh PostgreSQL database."""
import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile


class Record:
    def __init__(self, kind, arg, sql, expected, line):
        self.kind, self.arg, self.sql, self.expected, self.line = kind, arg, sql, expected, line


def parse(path):
    records = []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.startswith("#"):
            i += 1
            continue
        start = i + 1
        head = line.split(None, 1)
        kind, arg = head[0], (head[1] if len(head) > 1 else "")
        if kind not in ("statement", "query"):
            sys.exit(f"{path}:{start}: expected 'statement' or 'query', found: {line}")
        i += 1
        sql = []
        while i < len(lines) and lines[i].strip() and lines[i] != "----":
            sql.append(lines[i])
            i += 1
        expected = None
        if i < len(lines) and lines[i] == "----":
            i += 1
            expected = []
            while i < len(lines) and lines[i].strip():
                expected.append(lines[i])
                i += 1
        if kind == "query" and expected is None:
            expected = []
        records.append(Record(kind, arg.strip(), "\n".join(sql), expected, start))
    return records


def csv_cells(text):
    """Rows of CSV text, with NULL (an unquoted empty field) told apart from '' (quoted)."""
    rows, row, cell, quoted, i, n = [], [], [], False, 0, len(text)
    in_quotes = False
    while i < n:
        c = text[i]
        if in_quotes:
            if c == '"':
                if i + 1 < n and text[i + 1] == '"':
                    cell.append('"')
                    i += 1
                else:
                    in_quotes = False
            else:
                cell.append(c)
        elif c == '"':
            in_quotes, quoted = True, True
        elif c == ",":
            row.append("".join(cell) if cell or quoted else None)
            cell, quoted = [], False
        elif c == "\n":
            row.append("".join(cell) if cell or quoted else None)
            rows.append(row)
            row, cell, quoted = [], [], False
        elif c != "\r":
            cell.append(c)
        i += 1
    if cell or quoted or row:
        row.append("".join(cell) if cell or quoted else None)
        rows.append(row)
    return rows


def render(cell):
    if cell is None:
        return "NULL"
    if cell == "":
        return "(empty)"
    if cell in ("true", "false"):
        return cell[0]
    return cell.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")


def same_cell(a, b):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def same_rows(actual, expected):
    if len(actual) != len(expected):
        return False
    for a, e in zip(actual, expected):
        ca, ce = re.split(r"(?<!\\)\|", a), re.split(r"(?<!\\)\|", e)
        if len(ca) != len(ce) or not all(same_cell(x, y) for x, y in zip(ca, ce)):
            return False
    return True


class Tally:
    def __init__(self, binary, warehouse):
        self.binary, self.env = binary, dict(os.environ, TALLY_WAREHOUSE=warehouse)

    def run(self, sql):
        p = subprocess.run([self.binary, "sql", "--format", "csv", sql], capture_output=True,
                           text=True, env=self.env)
        return p.returncode == 0, p.stdout, p.stderr.strip()


class Postgres:
    def __init__(self, database):
        self.database = database
        self.env = dict(os.environ, PGDATABASE=database, PGOPTIONS="-c client_min_messages=warning")

    @staticmethod
    def available():
        return "PGHOST" in os.environ and shutil.which("psql") is not None

    def admin(self, sql):
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "postgres", "-c", sql],
                       check=True, capture_output=True)

    def run(self, sql):
        p = subprocess.run(["psql", "-X", "-q", "--csv", "-v", "ON_ERROR_STOP=1", "-c", sql],
                           capture_output=True, text=True, env=self.env)
        return p.returncode == 0, p.stdout, p.stderr.strip()


def rows_of(output, rowsort):
    cells = csv_cells(output)
    header, body = (cells[0] if cells else []), cells[1:]
    rows = ["|".join(render(c) for c in r) for r in body]
    return header, (sorted(rows) if rowsort else rows)


def run_file(path, tally_binary, rewrite, use_pg):
    records = parse(path)
    failures = []
    scratch = tempfile.mkdtemp(prefix="tally-sqltest-")
    tally = Tally(tally_binary, os.path.join(scratch, "warehouse"))
    pg = None
    if use_pg:
        name = "sqltest_" + re.sub(r"\W", "_", os.path.basename(path)).lower()
        pg = Postgres(name)
        pg.admin(f"DROP DATABASE IF EXISTS {name}")
        pg.admin(f"CREATE DATABASE {name}")
    queries = 0
    try:
        for r in records:
            where = f"{path}:{r.line}"
            # tally reads files named relative to the test file, as PostgreSQL does from the
            # test's directory: both get absolute paths.
            sql = r.sql.replace("@DIR@", os.path.dirname(os.path.abspath(path)))
            ok, out, err = tally.run(sql)
            pg_result = pg.run(sql) if pg else None
            if r.kind == "statement":
                want_error = r.arg.startswith("error")
                message = r.arg[len("error"):].strip() if want_error else ""
                if want_error:
                    if ok:
                        failures.append(f"{where}: tally succeeded, expected an error")
                    elif message and message not in err:
                        failures.append(f"{where}: tally's error [{err}] lacks [{message}]")
                    if pg_result and pg_result[0]:
                        failures.append(f"{where}: PostgreSQL succeeded, the file expects an error")
                else:
                    if not ok:
                        failures.append(f"{where}: tally failed: {err}")
                    if pg_result and not pg_result[0]:
                        failures.append(f"{where}: PostgreSQL failed: {pg_result[2]}")
                continue
            queries += 1
            rowsort = r.arg == "rowsort"
            if pg_result and not pg_result[0]:
                failures.append(f"{where}: PostgreSQL failed: {pg_result[2]}")
                continue
            if rewrite:
                r.expected = rows_of(pg_result[1], rowsort)[1]
            if not ok:
                failures.append(f"{where}: tally failed: {err}")
                continue
            header, rows = rows_of(out, rowsort)
            if not same_rows(rows, r.expected):
                failures.append(f"{where}: tally's rows differ from the file\n  query: {sql}\n"
                                f"  tally: {rows[:10]}\n  file:  {r.expected[:10]}")
            if pg_result:
                pg_header, pg_rows = rows_of(pg_result[1], rowsort)
                if not same_rows(pg_rows, r.expected):
                    failures.append(f"{where}: PostgreSQL's rows differ from the file\n"
                                    f"  PostgreSQL: {pg_rows[:10]}\n  file: {r.expected[:10]}")
                if header != pg_header:
                    failures.append(f"{where}: column names: tally {header}, PostgreSQL {pg_header}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if pg:
            pg.admin(f"DROP DATABASE IF EXISTS {pg.database}")
    if rewrite:
        write(path, records)
    return queries, failures


def write(path, records):
    """Rewrites the file's records in place, keeping its comments at the top."""
    lines = open(path, encoding="utf-8").read().split("\n")
    head = []
    for line in lines:
        if line.startswith("#") or not line.strip():
            head.append(line)
        else:
            break
    out = "\n".join(head).rstrip("\n") + "\n\n" if any(h.strip() for h in head) else ""
    blocks = []
    for r in records:
        block = f"{r.kind} {r.arg}".rstrip() + "\n" + r.sql
        if r.kind == "query":
            block += "\n----" + "".join("\n" + row for row in r.expected)
        blocks.append(block)
    open(path, "w", encoding="utf-8").write(out + "\n\n".join(blocks) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rewrite", action="store_true")
    parser.add_argument("tally")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    use_pg = Postgres.available()
    if args.rewrite and not use_pg:
        sys.exit("--rewrite needs a PostgreSQL server (PGHOST...)")
    total, failed = 0, 0
    for path in args.files:
        queries, failures = run_file(path, args.tally, args.rewrite, use_pg)
        total += queries
        for f in failures:
            print("FAIL " + f)
        failed += len(failures)
        print(f"{'ok  ' if not failures else 'FAIL'} {path}: {queries} queries"
              f"{'' if not failures else f', {len(failures)} failures'}")
    print(f"{total} queries in {len(args.files)} files, {failed} failures"
          f"{'' if use_pg else ' (no PostgreSQL: checked against the files only)'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
