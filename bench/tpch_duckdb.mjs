// Runs the TPC-H queries in DuckDB (in this Node process) on a tally warehouse's Parquet files,
// each query RUNS times, and prints one line per query: "qNN SECONDS" (the median of the runs,
// timed inside the process: the query and fetching its rows, not Node's start-up). Writes each
// answer to OUT_DIR/qNN.out ('|'-separated with a header, as the TPC-H answers are).
//
//   node tpch_duckdb.mjs WAREHOUSE QUERIES_DIR RUNS OUT_DIR
import { DuckDBInstance } from '@duckdb/node-api';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const [warehouse, queries, runsText, out] = process.argv.slice(2);
const runs = Number(runsText);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
for (const table of ['nation', 'region', 'part', 'supplier', 'partsupp', 'customer', 'orders',
                     'lineitem'])
  await connection.run(
      `create view ${table} as select * from read_parquet('${warehouse}/${table}/*/*.parquet')`);

const text = (value) => (value === null || value === undefined ? '' : String(value));
for (const file of readdirSync(queries).filter((f) => /^q\d+\.sql$/.test(f)).sort()) {
  const name = file.replace('.sql', '');
  const statements = readFileSync(`${queries}/${file}`, 'utf8')
                         .split(';')
                         .map((s) => s.trim())
                         .filter((s) => s.replace(/--.*$/gm, '').trim().length > 0);
  const times = [];
  let answer = null;
  for (let run = 0; run < runs; ++run) {
    const start = performance.now();
    for (const statement of statements) {
      const reader = await connection.runAndReadAll(statement);
      if (reader.columnCount > 0 && /^\s*(select|with)/i.test(statement.replace(/--.*$/gm, '').trim()))
        answer = reader;
    }
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  const lines = [answer.columnNames().join('|')];
  for (const row of answer.getRows()) lines.push(row.map(text).join('|'));
  writeFileSync(`${out}/${name}.out`, lines.join('\n') + '\n');
  console.log(`${name} ${times[Math.floor(times.length / 2)].toFixed(4)}`);
}
