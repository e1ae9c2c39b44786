// Loaded before a peer's script (node --import): loads the DuckDB library first, then starts a
// clock, and at exit writes the seconds since then to $BENCH_CLOCK_FILE. That is the peer's
// in-process time: its queries and output, without Node's start-up and the library's loading.
// It must sit where `@duckdb/node-api` resolves (bench/peers_report.sh links node_modules).
import { writeFileSync } from 'node:fs';

await import('@duckdb/node-api');
const start = performance.now();
process.on('exit', () => {
  writeFileSync(process.env.BENCH_CLOCK_FILE, `${((performance.now() - start) / 1000).toFixed(3)}\n`);
});
