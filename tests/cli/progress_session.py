#!/usr/bin/env python3
"""Progress bars through a pseudo-terminal (pexpect), as a person at a terminal sees them:
generate with a percentage and ETA, ingest of zstd input with the uncompressed speed, report
from a CSV file, a long SQL query with its rows scanned, each bar cleared before the summary;
and Ctrl-C during an ingest from a pipe: the bar is cleared, the message says the table is as
it was, exit status 130, and the table is unchanged. Prints one line per check; exit status 1
when any fails.

    progress_session.py TALLY SCRATCH_DIR     (TALLY_WAREHOUSE names an empty warehouse)"""
import os
import re
import signal
import subprocess
import sys
import threading

import pexpect

TALLY, SCRATCH = sys.argv[1], sys.argv[2]
ENV = dict(os.environ, TERM="xterm")
CLEAR = "\r\x1b[K"
failures = 0


def check(name, ok, detail=""):
    global failures
    print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + repr(detail)[:400]}")
    failures += 0 if ok else 1


def on_terminal(args, timeout=300):
    """Runs tally with a terminal for its output; returns everything it printed and its status."""
    child = pexpect.spawn(TALLY, args, env=ENV, encoding="utf-8", timeout=timeout,
                          dimensions=(40, 160))
    child.expect(pexpect.EOF)
    child.close()
    return child.before, child.exitstatus


big = os.path.join(SCRATCH, "big.csv.zst")
out, status = on_terminal(["generate", "--rows", "3000000", "--out", big])
check("generate: exit status 0", status == 0, out)
check("generate: a bar with percentage and ETA",
      re.search(r"generate \[[# ]{24}\] +\d+%  ETA \d+s  [\d,]+ rows", out), out)
check("generate: the bar is cleared before the summary",
      re.search(re.escape(CLEAR) + r"wrote 3,000,000 rows", out), out)

out, status = on_terminal(["ingest", big, "--table", "big"])
check("ingest: exit status 0", status == 0, out)
check("ingest of zstd input: percentage, read and uncompressed speed",
      re.search(r"ingest \[[# ]{24}\] +\d+%.*MB/s \([\d.]+ MB/s uncompressed\)", out), out)
check("ingest: the bar is cleared before the summary",
      re.search(re.escape(CLEAR) + r"ingested 3,000,000 rows", out), out)

out, status = on_terminal(["report", "--csv", big, "--format", "json", "--out",
                           os.path.join(SCRATCH, "report.json")])
check("report --csv: exit status 0", status == 0, out)
check("report --csv: a bar while the CSV is read", re.search(r"read \[[# ]{24}\] +\d+%", out), out)
check("report --csv: the bar is cleared at the end", out.rstrip(" ").endswith(CLEAR) or
      CLEAR in out.split("%")[-1], out[-200:])

out, status = on_terminal(["sql", "--format", "csv",
                           f"SELECT count(DISTINCT description || invoice_no) FROM read_csv('{big}')"])
check("sql: exit status 0", status == 0, out)
check("sql: the rows scanned so far", re.search(r"sql  [\d,]+ rows  [\d.]+ s", out), out)
check("sql: the bar is cleared before the answer", re.search(re.escape(CLEAR) + r"count", out), out)

# Ctrl-C during an ingest from a pipe that is still open: deterministic, the ingest waits for
# more input when the signal comes.
small = os.path.join(SCRATCH, "small.csv")
with open(small, "w") as f:
    f.write("a,b\n1,kept\n")
subprocess.run([TALLY, "ingest", small, "--table", "piped", "--quiet"], env=ENV, check=True)
fifo = os.path.join(SCRATCH, "fifo")
os.mkfifo(fifo)
child = pexpect.spawn(TALLY, ["ingest", fifo, "--table", "piped"], env=ENV, encoding="utf-8",
                      timeout=60, dimensions=(40, 160))
writer = open(fifo, "w")
writer.write("a,b\n")
# More input until the bar shows (it is drawn at most every 100 ms, after a chunk of 8 MB).
chunk = "".join(f"{i},row{i}\n" for i in range(1000000))
for attempt in range(20):
    writer.write(chunk)
    writer.flush()
    if child.expect([r"[\d,]+ rows", pexpect.TIMEOUT], timeout=2) == 0:
        break
child.kill(signal.SIGINT)  # the ingest is reading a pipe that is still open
child.expect(pexpect.EOF)
child.close()
writer.close()
check("Ctrl-C: the bar cleared, then what was kept",
      re.search(re.escape(CLEAR) + r"tally: interrupted; table \"piped\" is as it was", child.before),
      child.before)
check("Ctrl-C: exit status 130", child.signalstatus == signal.SIGINT or child.exitstatus == 130,
      (child.exitstatus, child.signalstatus))
kept = subprocess.run([TALLY, "sql", "--format", "csv", "SELECT * FROM piped"], env=ENV,
                      capture_output=True, text=True, check=True).stdout
check("Ctrl-C: the table is unchanged", kept == "a,b\n1,kept\n", kept)

print(f"{failures} check(s) failed" if failures else "all checks passed")
sys.exit(1 if failures else 0)
