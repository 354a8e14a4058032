/**
 * A researcher in a loop: opens the published warehouse read-only, runs a few queries, closes it, again, until the
 * stop file appears; then writes what it saw (JSON) to --out. Run by the concurrency fault script, one process each.
 *
 *   node --import tsx test/faults/lib/reader.ts --db data/centinela.duckdb --stop STOP --out reader-1.json
 */
import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openWarehouse, queryValue } from '../../../src/warehouse/connection.ts';
import { LAST_RUN, OBSERVATIONS_CHECKSUM } from './site.ts';

export interface ReaderSummary {
  sessions: number;
  queries: number;
  errors: number;
  errorMessages: string[];
  /** What each session saw: the observations checksum and the last run id read in the same session. */
  seen: { observations: string; lastRunId: number | null; count: number }[];
  maxSessionMs: number;
}

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    stop: { type: 'string' },
    out: { type: 'string' },
    pause: { type: 'string' },
  },
});
if (!values.db || !values.stop || !values.out) throw new Error('reader: --db, --stop and --out are required');
const pauseMs = Number(values.pause ?? 0);

const summary: ReaderSummary = {
  sessions: 0,
  queries: 0,
  errors: 0,
  errorMessages: [],
  seen: [],
  maxSessionMs: 0,
};
const seen = new Map<string, { observations: string; lastRunId: number | null; count: number }>();
while (!existsSync(values.stop)) {
  const started = Date.now();
  try {
    const wh = await openWarehouse(values.db, { readOnly: true });
    try {
      const observations = await queryValue<string>(wh.connection, OBSERVATIONS_CHECKSUM);
      summary.queries++;
      const lastRunId = await queryValue<number | null>(wh.connection, LAST_RUN);
      summary.queries++;
      // What researchers run: an as-of question, the latest alarms, the schema version.
      await queryValue(wh.connection, 'SELECT count(*) FROM analytics.observations_as_of(current_date)');
      summary.queries++;
      await queryValue(
        wh.connection,
        'SELECT count(*) FROM analytics.alerts WHERE alarm AND run_id = (SELECT max(run_id) FROM analytics.alerts)',
      );
      summary.queries++;
      await queryValue(wh.connection, "SELECT value FROM meta.info WHERE key = 'schema_version'");
      summary.queries++;
      const key = `${observations}|${lastRunId}`;
      const entry = seen.get(key) ?? { observations, lastRunId, count: 0 };
      entry.count++;
      seen.set(key, entry);
      summary.sessions++;
    } finally {
      wh.closeSync();
    }
  } catch (error) {
    summary.errors++;
    if (summary.errorMessages.length < 20) summary.errorMessages.push((error as Error).message);
  }
  summary.maxSessionMs = Math.max(summary.maxSessionMs, Date.now() - started);
  if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
}
summary.seen = [...seen.values()];
writeFileSync(values.out, JSON.stringify(summary));
