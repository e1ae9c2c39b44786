#!/usr/bin/env bash
# CSV files in other formats: the real data rewritten with ';', tab and '|' (quoting kept by
# Python's csv module) ingests to the comma file's rows, the delimiter detected from the header
# or given with --delimiter; --null NA reads NA as NULL; read_csv() in SQL takes the same
# options; ISO 8601 timestamps with 'T' and 'Z' or a UTC offset are inferred as timestamps and
# converted to UTC, as Python's datetime computes them; counts of one say "1 row".
source "$(dirname "$0")/lib/common.sh"

csv=$(real_csv)
"$TALLY" ingest "$csv" --table comma --quiet

same_table() { expect_same_table "$1" "$2" comma 541909; }

python3 - "$csv" "$WORK" <<'PY'
import csv, sys
src, out = sys.argv[1], sys.argv[2]
rows = list(csv.reader(open(src, newline="", encoding="utf-8")))
for name, delim in (("semicolon", ";"), ("tab", "\t"), ("pipe", "|")):
    with open(f"{out}/{name}.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter=delim, lineterminator="\n").writerows(rows)
# Missing customer ids written as NA.
with open(f"{out}/na.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    for i, r in enumerate(rows):
        w.writerow(r if i == 0 else [("NA" if v == "" else v) for v in r])
PY

for name in semicolon tab pipe; do
  "$TALLY" ingest "$WORK/$name.csv" --table "auto_$name" --quiet
  same_table "$name, delimiter detected" "auto_$name"
done
"$TALLY" ingest "$WORK/pipe.csv" --table given_pipe --delimiter '|' --quiet
same_table "pipe, --delimiter '|'" given_pipe
"$TALLY" ingest "$WORK/tab.csv" --table given_tab --delimiter tab --quiet
same_table "tab, --delimiter tab" given_tab
"$TALLY" ingest "$WORK/na.csv" --table na --null NA --quiet
same_table "NA as NULL with --null NA" na
got=$("$TALLY" sql --format csv "SELECT count(*) FROM read_csv('$WORK/semicolon.csv') s JOIN
  (SELECT count(*) AS n FROM read_csv('$WORK/na.csv', nullstr => 'NA') WHERE customer_id IS NULL) m ON true
  WHERE s.customer_id IS NULL GROUP BY m.n HAVING count(*) = m.n" | tail -1)
expect_eq "read_csv: delimiter detected, nullstr => 'NA'" 135080 "$got"
got=$("$TALLY" sql --format csv "SELECT count(*) FROM read_csv('$WORK/pipe.csv', delim => '|', header => true)" | tail -1)
expect_eq "read_csv(delim => '|')" 541909 "$got"

# Timestamps with a zone: Python's datetime is the oracle.
python3 - "$WORK" <<'PY'
import random, sys
from datetime import datetime, timedelta, timezone
random.seed(7)
out = sys.argv[1]
with open(f"{out}/zoned.csv", "w") as f, open(f"{out}/zoned_expected.csv", "w") as e:
    f.write("id,at\n"); e.write("id,at\n")
    for i in range(500):
        utc = datetime(2000, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=random.randrange(10**9))
        minutes = random.choice([0, 60, -300, 330, 345, -570, 840])
        local = utc.astimezone(timezone(timedelta(minutes=minutes)))
        style = random.choice(["Z", "+hh:mm", "+hhmm", "+hh"])
        if minutes == 0 and style == "Z":
            text = local.strftime("%Y-%m-%dT%H:%M:%SZ")
        else:
            sign = "+" if minutes >= 0 else "-"
            h, m = divmod(abs(minutes), 60)
            zone = {"Z": f"{sign}{h:02d}:{m:02d}", "+hh:mm": f"{sign}{h:02d}:{m:02d}",
                    "+hhmm": f"{sign}{h:02d}{m:02d}", "+hh": f"{sign}{h:02d}" if m == 0 else f"{sign}{h:02d}:{m:02d}"}[style]
            text = local.strftime("%Y-%m-%dT%H:%M:%S") + zone
        f.write(f"{i},{text}\n")
        e.write(f"{i},{utc.strftime('%Y-%m-%d %H:%M:%S')}\n")
PY
"$TALLY" ingest "$WORK/zoned.csv" --table zoned --quiet
"$TALLY" describe zoned | grep -Eq '^at +timestamp' && pass "zoned ISO 8601 texts inferred as timestamps" ||
  fail "zoned column type: $("$TALLY" describe zoned | grep '^at')"
"$TALLY" sql --format csv "SELECT id, at FROM zoned ORDER BY id" >"$WORK/zoned_got.csv"
cmp -s "$WORK/zoned_got.csv" "$WORK/zoned_expected.csv" && pass "zoned timestamps converted to UTC (500 rows)" ||
  fail "zoned timestamps: $(diff "$WORK/zoned_got.csv" "$WORK/zoned_expected.csv" | head -4)"

printf 'a,b\n1,2\n' >"$WORK/one.csv"
msg=$("$TALLY" ingest "$WORK/one.csv" --table one)
[[ "$msg" == "ingested 1 row into table \"one\" (1 row in 1 file,"* ]] && pass "one row says 1 row: $msg" ||
  fail "one row: $msg"
status=0
"$TALLY" ingest "$WORK/one.csv" --table bad --delimiter ab >/dev/null 2>"$WORK/err" || status=$?
expect_eq "--delimiter ab: exit status" 2 "$status"

finish
