// DuckDB side of bench/wdi.sh: runs one SQL query (reading tally's Parquet files) and
// materializes every row, like the tally command that prints them. With a second argument N,
// runs it N times in this one process and prints each run's milliseconds (DuckDB's in-process
// time, without Node's and DuckDB's start-up).
import { DuckDBInstance } from '@duckdb/node-api';

const [sql, repeat] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
if (!repeat) {
  const reader = await connection.runAndReadAll(sql);
  process.stdout.write(`${reader.getRows().length}\n`);
} else {
  const times = [];
  for (let i = 0; i < Number(repeat); ++i) {
    const start = performance.now();
    const reader = await connection.runAndReadAll(sql);
    reader.getRows();
    times.push(performance.now() - start);
  }
  process.stdout.write(times.map((t) => t.toFixed(2)).join(' ') + '\n');
}
