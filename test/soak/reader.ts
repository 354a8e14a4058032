/**
 * The soak test's reader: opens the published warehouse read-only in a loop, as a researcher's session would, runs a
 * few queries and closes it. Counts reads and errors; prints a JSON summary on SIGTERM.
 *
 *   node --import tsx test/soak/reader.ts <published.duckdb> [pauseMs]
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [path, pauseText] = process.argv.slice(2) as [string, string | undefined];
const pause = Number(pauseText ?? 25);
let reads = 0;
let errors = 0;
const samples: string[] = [];
let lastVintage = '';
let stopping = false;

process.on('SIGTERM', () => {
  stopping = true;
});

while (!stopping) {
  try {
    const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(
        `SELECT (SELECT count(*) FROM analytics.observations) AS observations,
                (SELECT strftime(max(vintage), '%Y-%m-%d') FROM analytics.observations) AS vintage,
                (SELECT count(*) FROM meta.runs) AS runs,
                (SELECT count(*) FROM analytics.alerts WHERE alarm) AS alarms`,
      );
      const row = reader.getRowObjectsJS()[0] as { observations: bigint; vintage: string };
      if (row.observations <= 0n) throw new Error('analytics.observations is empty');
      lastVintage = row.vintage;
      reads++;
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  } catch (error) {
    errors++;
    if (samples.length < 10) samples.push((error as Error).message);
  }
  await new Promise((r) => setTimeout(r, pause));
}
process.stdout.write(`${JSON.stringify({ reads, errors, samples, lastVintage })}\n`);
