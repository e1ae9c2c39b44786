// Runs one SQL query in DuckDB and prints ALL result rows as a JSON array of objects keyed by
// column name (integers as numbers when they fit exactly, else strings), so tests can compare
// whole results with tally's JSON output. Usage: node duckdb_query.mjs "SELECT ..."
import { DuckDBInstance } from '@duckdb/node-api';

const sql = process.argv[2];
if (!sql) {
  console.error('usage: node duckdb_query.mjs SQL');
  process.exit(2);
}
try {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(sql);
  const names = reader.columnNames();
  const toJson = (value) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'bigint')
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(value)
        : value.toString();
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string')
      return value;
    return String(value);
  };
  const rows = reader.getRows().map((row) => {
    const object = {};
    names.forEach((name, i) => {
      object[name] = toJson(row[i]);
    });
    return object;
  });
  console.log(JSON.stringify(rows));
} catch (error) {
  console.error(String(error && error.message ? error.message : error));
  process.exit(1);
}
