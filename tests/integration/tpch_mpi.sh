#!/usr/bin/env bash
# TPC-H under MPI: the eight tables made and loaded by `tally sql` under `mpirun -np 2` (CREATE
# TABLE once, COPY reading the files in shares), then the 22 queries under `mpirun -np 2`, `-np
# 3` and `-np 2` with every keyed join shuffling both sides (`--broadcast-join-rows 0`); every
# answer equals the expected one (the TPC-H compare.py); tally itself does not link MPI. q15 makes and drops a view, which rank 0
# does while the others wait. Skipped without mpirun, an MPI build, or the shared TPC-H directory.
source "$(dirname "$0")/lib/common.sh"

tpch="$SOURCE_DIR/../shared/tpch"
[ -f "$tpch/compare.py" ] || skip "no TPC-H directory at $tpch"
require_mpi

# MPI is loaded only by runs launched as ranks (libtally_mpi.so): tally itself does not link it,
# so a single-process run does not pay for loading it.
libraries=$(ldd "$TALLY")
if grep -q libmpi <<<"$libraries"; then fail "tally links the MPI library: $(grep libmpi <<<"$libraries")"; fi
pass "tally starts without loading MPI"

{
  cat "$tpch/schema.sql"
  for table in nation region part supplier partsupp customer orders lineitem; do
    echo "copy $table from '$tpch/data/sf0.1/$table.tbl.zst' (delimiter '|');"
  done
} >"$WORK/load.sql"
ranks 2 "$TALLY" sql -f "$WORK/load.sql" >"$WORK/load.out" 2>"$WORK/err" ||
  fail "loading under mpirun -np 2: $(head -c 500 "$WORK/err")"
expect_eq "COPY under 2 ranks loads every row of lineitem once" "600572" \
  "$("$TALLY" sql --format csv "select count(*) as n from lineitem" | tail -1)"

# "2s": two ranks where every keyed join of sharded inputs shuffles both sides by key.
for n in 2 3 2s; do
  mkdir -p "$WORK/np$n"
  shuffle=()
  [ "$n" = 2s ] && shuffle=(--broadcast-join-rows 0)
  for query in "$tpch"/queries/q*.sql; do
    name=$(basename "$query" .sql)
    if ranks "${n%s}" "$TALLY" "${shuffle[@]}" sql --format csv -f "$query" >"$WORK/$name.csv" \
      2>"$WORK/$name.err"; then
      python3 -c 'import csv, sys
for row in csv.reader(open(sys.argv[1])): print("|".join(row))' "$WORK/$name.csv" >"$WORK/np$n/$name.out"
    else
      fail "$name under $n ranks: $(head -c 300 "$WORK/$name.err")"
    fi
  done
  # EXPLAIN ANALYZE counts every rank's rows: the same counts per operator as one process.
  analyze() { sed -n 's/^\( *[A-Za-z]*\).*actual rows=\([0-9,]*\).*/\1 \2/p'; }
  (echo "explain analyze"; cat "$tpch/queries/q03.sql") >"$WORK/analyze.sql"
  one=$("$TALLY" sql -f "$WORK/analyze.sql" | analyze)
  [ "$(echo "$one" | grep -c .)" -ge 5 ] || fail "EXPLAIN ANALYZE of q03: no operator rows in [$one]"
  ranks "${n%s}" "$TALLY" "${shuffle[@]}" sql -f "$WORK/analyze.sql" >"$WORK/analyze$n.out"
  expect_eq "EXPLAIN ANALYZE of q03 under $n ranks: every operator's rows as in one process" \
    "$one" "$(analyze <"$WORK/analyze$n.out")"
  way=$([ "$n" = 2s ] && echo "shuffled by key" || echo "broadcast")
  grep -q "($way)" "$WORK/analyze$n.out" && pass "EXPLAIN ANALYZE of q03 under $n ranks: joins $way" ||
    fail "EXPLAIN ANALYZE of q03 under $n ranks does not say ($way): $(cat "$WORK/analyze$n.out")"
  if python3 "$tpch/compare.py" "$tpch/answers/sf0.1" "$WORK/np$n" >"$WORK/compare$n.out"; then
    pass "TPC-H under mpirun -np $n: $(tail -1 "$WORK/compare$n.out")"
  else
    cat "$WORK/compare$n.out" >&2
    fail "TPC-H answers under mpirun -np $n differ"
  fi
done

finish
