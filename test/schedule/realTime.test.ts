/**
 * The scheduler on the real clock, with node-cron's own ticks every second (every other scheduler test drives it with a
 * fake clock and runNow): node-cron's overlap prevention reaches the scheduler's log and nothing runs twice at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { workingPath } from '../../src/run/run.ts';
import { EventLog } from '../../src/schedule/log.ts';
import { Scheduler } from '../../src/schedule/scheduler.ts';
import { type FixtureServer, startFixtureServer } from '../support/fixtureServer.ts';
import { JOB, readLog, readRuns, smallCsv, type TempDir, tempDir, testConfig, waitFor } from './helpers.ts';

let temp: TempDir | undefined;
let server: FixtureServer | undefined;
let running: Scheduler | undefined;
afterEach(async () => {
  await running?.stop('test over');
  running = undefined;
  await server?.close();
  server = undefined;
  temp?.cleanup();
  temp = undefined;
});

const csv = (body: string) => ({ body, contentType: 'text/csv' });

describe('centinela schedule on the real clock (second-level schedules)', () => {
  it('skips a cron tick while the previous execution is still running, logs it, and never runs two at once', async () => {
    temp = tempDir();
    let n = 0;
    server = await startFixtureServer({ '/slow.csv': () => ({ ...csv(smallCsv(n++)), delayMs: 2200 }) });
    const config = testConfig(
      temp.dir,
      {
        inputs: [{ kind: 'url', url: `${server.url}/slow.csv`, vintage: '2025-01-01' }],
        schedule: { cron: '* * * * * *', timezone: 'UTC' },
      },
      { schedule: { detect: false, report: false } },
    );
    const scheduler = await Scheduler.start({
      config,
      pipelines,
      log: new EventLog({ file: config.schedule.logFile, terminal: null }),
      data: 'demo',
      catchUp: false,
    });
    running = scheduler;
    await waitFor(
      () => scheduler.stats.succeeded >= 2 && scheduler.stats.skipped >= 2,
      'two runs and two skips',
      30_000,
    );
    await scheduler.stop('test');
    const skipped = readLog(config.schedule.logFile).filter((e) => e.event === 'job.skipped');
    expect(skipped.length).toBeGreaterThanOrEqual(2);
    expect(skipped[0]).toMatchObject({ level: 'warn', job: JOB, reason: 'overlap' });
    expect(skipped[0]?.message).toMatch(
      /^skipped the run due at .+: the previous execution \(started .+\) is still running$/,
    );
    const runs = await readRuns(workingPath(config));
    expect(runs.length).toBeGreaterThanOrEqual(2);
    // Stopped gracefully, so every run has ended; each started only after the one before it had finished.
    expect(runs.filter((r) => !r.finished_at)).toEqual([]);
    const overlaps = runs
      .slice(1)
      .filter(
        (cur, i) => cur.started_at.getTime() < (runs[i]?.finished_at?.getTime() ?? Number.POSITIVE_INFINITY),
      );
    expect(overlaps).toEqual([]);
    expect(runs.every((r) => r.job === JOB && r.trigger === 'cron' && r.cause === 'schedule')).toBe(true);
  });
});
