// Runs SQL on a DuckDB file with the older client (the "duckdb-older" devDependency), in a process of its own: two
// DuckDB native libraries in one process clash. Usage: node olderClient.mjs <file> < queries.json; prints, per
// query, {"rows": [[...], ...]} or {"error": "..."} as one JSON array. Values are given as DuckDB prints them.
import { DuckDBInstance } from 'duckdb-older';

const [file] = process.argv.slice(2);
let input = '';
for await (const chunk of process.stdin) input += chunk;
const queries = JSON.parse(input);
const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
const connection = await instance.connect();
const results = [];
for (const sql of queries) {
  try {
    const reader = await connection.runAndReadAll(sql);
    results.push({ rows: reader.getRows().map((row) => row.map((v) => (v === null ? null : String(v)))) });
  } catch (error) {
    results.push({ error: error.message });
  }
}
process.stdout.write(JSON.stringify(results));
