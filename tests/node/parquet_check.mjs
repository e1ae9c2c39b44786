// Runs one SQL query in DuckDB and prints its first row as a JSON array (BIGINT/DECIMAL/etc.
// values as strings), so shell and unit tests can compare tally's Parquet files with an
// independent reader. Usage: node parquet_check.mjs "SELECT count(*) FROM read_parquet('f')"
import { DuckDBInstance } from '@duckdb/node-api';

const sql = process.argv[2];
if (!sql) {
  console.error('usage: node parquet_check.mjs SQL');
  process.exit(2);
}
try {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(sql);
  const rows = reader.getRows();
  const first = rows.length > 0 ? rows[0] : null;
  const toJson = (value) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string')
      return value;
    return String(value);
  };
  console.log(JSON.stringify(first === null ? null : first.map(toJson)));
} catch (error) {
  console.error(String(error && error.message ? error.message : error));
  process.exit(1);
}
