#!/usr/bin/env python3
"""Drives `tally shell` through a pseudo-terminal (pexpect) as a person would: multi-line
statements, dot commands, tab completion, output modes, errors, Ctrl-C on a running query, and
history kept between sessions. What the shell prints is compared with `tally sql` on the same
statements. Prints one line per check; exit status 1 when any fails.

    shell_session.py TALLY SCRATCH_DIR     (TALLY_WAREHOUSE names a warehouse with `retail`)"""
import os
import re
import subprocess
import sys

import pexpect

TALLY, SCRATCH = sys.argv[1], sys.argv[2]
ENV = dict(os.environ, HOME=SCRATCH, COLUMNS="200", TERM="xterm")
PROMPT = "tally> "
failures = 0


def check(name, ok, detail=""):
    global failures
    print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + detail}")
    failures += 0 if ok else 1


def sql(query, fmt="table"):
    return subprocess.run([TALLY, "sql", "--format", fmt, query], capture_output=True, text=True,
                          env=ENV, check=True).stdout


def spawn():
    shell = pexpect.spawn(TALLY, ["shell"], env=ENV, encoding="utf-8", timeout=30,
                          dimensions=(50, 200))
    shell.expect(PROMPT)
    return shell


def run(shell, line):
    """Sends a line and returns what the shell printed before its next prompt."""
    shell.sendline(line)
    shell.expect(PROMPT)
    text = shell.before.replace("\r\n", "\n")
    return text.split("\n", 1)[1] if "\n" in text else ""


shell = spawn()
check(".tables lists the table", "retail" in run(shell, ".tables"))

# A statement over three lines, answered like `tally sql`.
query = "select country, count(*) as n from retail group by country order by n desc limit 5"
shell.sendline("select country, count(*) as n")
shell.expect(r"\.\.\.> ")
shell.sendline("from retail group by country")
shell.expect(r"\.\.\.> ")
out = run(shell, "order by n desc limit 5;")
check("a statement over several lines", out == sql(query), repr(out[:300]))

out = run(shell, ".mode csv")
out = run(shell, query + ";")
check(".mode csv prints what tally sql --format csv does", out == sql(query, "csv"),
      repr(out[:300]))
run(shell, ".mode line")
out = run(shell, "select 1 as one, 'x' as letter;")
check(".mode line", out == "   one = 1\nletter = x\n", repr(out))
run(shell, ".mode table")

out = run(shell, ".schema retail")
check(".schema shows the columns", out.startswith("CREATE TABLE retail (") and
      "invoice_no text" in out and "rows" in out, repr(out[:300]))

# Tab completion of a keyword, a column and a table: the completed words make the query.
shell.send("sel\t countr\t from reta\t")
out = run(shell, " limit 1;")
check("tab completes keywords, columns and tables",
      out == sql("select country from retail limit 1"), repr(out))

out = run(shell, "select countr from retail;")
check("an error names the column and the shell goes on",
      'column "countr" does not exist' in out and "perhaps you meant \"country\"" in out,
      repr(out))

run(shell, ".timer on")
out = run(shell, "select count(*) from retail;")
check(".timer on shows the run time", re.search(r"Run Time: \d+\.\d{3} s", out) is not None,
      repr(out))
run(shell, ".timer off")

# Ctrl-C while a query runs: the query stops, the shell stays.
shell.sendline("select count(*) from retail a, retail b where a.quantity + b.quantity = -123456;")
# Once the line is read (its end echoed), Ctrl-C reaches the query, not the prompt (where it
# drops the line being typed).
shell.expect("123456;\r\n")
cancelled = False
for _ in range(60):
    shell.sendcontrol("c")
    try:
        shell.expect("query cancelled", timeout=1)
        cancelled = True
        break
    except pexpect.TIMEOUT:
        pass
check("Ctrl-C cancels the running query", cancelled)
shell.expect(PROMPT)
out = run(shell, "select 41 + 1 as answer;")
check("the shell works after a cancel", "42" in out, repr(out))

# Ctrl-C at the prompt drops the statement being typed.
shell.sendline("select 'dropped' as x")
shell.expect(r"\.\.\.> ")
shell.sendcontrol("c")
shell.expect(PROMPT)
out = run(shell, "select 'kept' as x;")
check("Ctrl-C at the prompt drops the unfinished statement",
      "kept" in out and "dropped" not in out, repr(out))

script = os.path.join(SCRATCH, "script.sql")
with open(script, "w") as f:
    f.write("select 'from a file' as source;\n")
out = run(shell, f".read {script}")
check(".read runs a file", "from a file" in out, repr(out))

shell.sendline(".quit")
shell.expect(pexpect.EOF)
shell.close()
check(".quit leaves with status 0", shell.exitstatus == 0, str(shell.exitstatus))

history = open(os.path.join(SCRATCH, ".tally_history"), encoding="utf-8").read()
check("history is kept in ~/.tally_history", "41\\040+\\0401" in history or "41 + 1" in history,
      history[-300:])

# A new session recalls the last session's last line (.quit) with the up arrow, and runs it.
shell = spawn()
shell.send("\x1b[A")
shell.expect(r"\.quit")
shell.send("\r")
shell.expect(pexpect.EOF)
shell.close()
check("history from the last session", shell.exitstatus == 0, str(shell.exitstatus))

# Without a terminal: statements from standard input, status 1 when one fails.
done = subprocess.run([TALLY, "shell"], input="select 1 + 1 as two;\nselect nope;\n",
                      capture_output=True, text=True, env=ENV)
check("statements from a pipe", "two" in done.stdout and "2" in done.stdout, done.stdout)
check("a failed statement from a pipe gives status 1", done.returncode == 1,
      f"{done.returncode} {done.stderr}")

sys.exit(1 if failures else 0)
