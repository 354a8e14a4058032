import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import type { Config } from '../../src/core/config.ts';
import { workingPath } from '../../src/run/run.ts';
import { EventLog } from '../../src/schedule/log.ts';
import { readReportManifest } from '../../src/schedule/report.ts';
import { ScheduleConfigError, Scheduler } from '../../src/schedule/scheduler.ts';
import { emptyJobState, readState, statePath, writeStateSync } from '../../src/schedule/state.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { LockBusyError } from '../../src/warehouse/lock.ts';
import { type FixtureServer, startFixtureServer } from '../support/fixtureServer.ts';
import {
  FakeClock,
  JOB,
  readLog,
  readRuns,
  SOURCE,
  smallCsv,
  type TempDir,
  tempDir,
  testConfig,
  waitFor,
} from './helpers.ts';

let temp: TempDir | undefined;
let server: FixtureServer | undefined;
let running: Scheduler[] = [];
afterEach(async () => {
  for (const s of running) await s.stop('test over');
  running = [];
  await server?.close();
  server = undefined;
  temp?.cleanup();
  temp = undefined;
});

/** Alarms of a detection run not raised by the one before, by drug and place, read straight from the warehouse. */
async function readAlarms(path: string, runId: number) {
  const wh = await openWarehouse(path, { readOnly: true });
  try {
    return await queryRows<{ alarms: number }>(
      wh.connection,
      `SELECT count(*) AS alarms FROM analytics.alerts AS a WHERE run_id = ${runId} AND alarm AND NOT EXISTS (
         SELECT 1 FROM analytics.alerts AS p WHERE p.run_id = (SELECT max(run_id) FROM analytics.alerts WHERE run_id < ${runId})
           AND p.alarm AND p.source = a.source AND p.geo_code = a.geo_code AND p.drug = a.drug AND p.measure = a.measure
           AND p.period_type = a.period_type AND p.period_end = a.period_end AND p.method = a.method)
       GROUP BY drug, geo_code`,
    );
  } finally {
    wh.closeSync();
  }
}

const csv = (body: string) => ({ body, contentType: 'text/csv' });

async function start(
  config: Config,
  opts: { catchUp?: boolean; clock?: FakeClock } = {},
): Promise<Scheduler> {
  const log = new EventLog({ file: config.schedule.logFile, terminal: null });
  const scheduler = await Scheduler.start({
    config,
    pipelines,
    log,
    data: 'demo',
    catchUp: opts.catchUp ?? false,
    clock: opts.clock ?? new FakeClock(),
  });
  running.push(scheduler);
  return scheduler;
}

function urlInput(path: string) {
  return { inputs: [{ kind: 'url', url: `${server?.url}${path}`, vintage: '2025-01-01' }] };
}

describe('centinela schedule (in process, second-level schedules)', () => {
  it('skips a due time while the previous execution is still running, logs it, and never runs two at once', async () => {
    temp = tempDir();
    let n = 0;
    server = await startFixtureServer({ '/data.csv': () => csv(smallCsv(n++)) });
    const config = testConfig(temp.dir, urlInput('/data.csv'), {
      schedule: { detect: false, report: false },
    });
    const scheduler = await start(config);
    // The job is running from the moment it is triggered; the two due times that come meanwhile are skipped.
    const first = scheduler.runNow(JOB, 'schedule');
    await scheduler.runNow(JOB, 'schedule');
    await scheduler.runNow(JOB, 'schedule');
    await first;
    await scheduler.runNow(JOB, 'schedule');
    await scheduler.stop('test');
    expect(scheduler.stats).toMatchObject({ executions: 2, succeeded: 2, skipped: 2 });
    const skipped = readLog(config.schedule.logFile).filter((e) => e.event === 'job.skipped');
    expect(skipped).toHaveLength(2);
    expect(skipped[0]).toMatchObject({ level: 'warn', job: JOB, reason: 'overlap' });
    expect(skipped[0]?.message).toMatch(
      /^skipped the run due at .+: the previous execution \(started .+\) is still running$/,
    );
    const runs = await readRuns(workingPath(config));
    expect(runs).toHaveLength(2);
    expect(runs.filter((r) => !r.finished_at)).toEqual([]);
    expect((runs[1]?.started_at.getTime() ?? 0) >= (runs[0]?.finished_at?.getTime() ?? Infinity)).toBe(true);
    expect(runs.every((r) => r.job === JOB && r.trigger === 'cron' && r.cause === 'schedule')).toBe(true);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('retries transient failures with backoff, recovers, then runs the detectors and the report', async () => {
    temp = tempDir();
    let n = 0;
    server = await startFixtureServer({
      '/flaky.csv': () => (n++ < 2 ? { status: 503, body: 'busy' } : csv(smallCsv(1))),
    });
    const config = testConfig(temp.dir, urlInput('/flaky.csv'));
    const clock = new FakeClock();
    const scheduler = await start(config, { clock });
    await scheduler.runNow(JOB, 'schedule');
    await scheduler.idle();
    expect(scheduler.stats).toMatchObject({
      executions: 3,
      succeeded: 3,
      failed: 0,
      retries: 2,
      recovered: 1,
    });

    const runs = await readRuns(config.warehouse);
    expect(
      runs.map((r) => [r.run_id, r.command, r.job, r.attempt, r.retry_of, r.status, r.error_kind]),
    ).toEqual([
      [1, 'ingest', JOB, 1, null, 'failed', 'transient'],
      [2, 'ingest', JOB, 2, 1, 'failed', 'transient'],
      [3, 'ingest', JOB, 3, 1, 'succeeded', null],
      [4, 'detect', 'detect', 1, null, 'succeeded', null],
    ]);
    expect(runs[0]?.error).toMatch(/returned HTTP 503/);
    expect(runs[3]?.cause).toBe(`after ${JOB} (run 3)`);
    expect(runs[2]?.rows_loaded).toBe(14);

    const log = readLog(config.schedule.logFile);
    const retries = log.filter((e) => e.event === 'job.retry');
    expect(retries.map((e) => e.delayMs)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(100);
    expect(retries[0]?.delayMs).toBeLessThanOrEqual(110);
    expect(retries[1]?.delayMs).toBeGreaterThanOrEqual(200);
    expect(retries[1]?.delayMs).toBeLessThanOrEqual(220);
    // It waited exactly those delays, on its clock.
    expect(clock.sleeps).toEqual(retries.map((e) => e.delayMs));
    expect(retries[0]?.message).toMatch(
      /^attempt 1 of 4 failed \(transient\): .*503.*; retrying in 1\d\d ms$/,
    );
    expect(log.find((e) => e.event === 'job.recovered')).toMatchObject({ job: JOB, attempt: 3 });
    // Chained in order: the load, then detect, then the report.
    const finished = log.filter((e) => e.event === 'job.finished').map((e) => e.job);
    expect(finished).toEqual([JOB, 'detect', 'report']);
    expect(readReportManifest(config.reportDir)).toMatchObject({ detectionRunId: 4 });
    // Every event line carries what the operator needs.
    const loaded = log.find((e) => e.event === 'run.log' && typeof e.rows === 'number');
    expect(loaded).toMatchObject({ job: JOB, runId: 3, step: 'load', rows: 14 });
    expect(log.find((e) => e.event === 'job.finished' && e.job === JOB)).toMatchObject({
      runId: 3,
      rows: 14,
      durationMs: expect.any(Number),
    });

    // Each load and detection job ends with run's closing summary: readable, and every field in the JSON line.
    const summaries = log.filter((e) => e.event === 'job.summary');
    expect(summaries.map((e) => e.job)).toEqual([JOB, 'detect']);
    expect(summaries[0]).toMatchObject({
      level: 'info',
      run_id: 3,
      status: 'succeeded',
      sources: [{ source: SOURCE, status: 'loaded', rows: 14, vintage: '2025-01-01', reason: '1 file(s)' }],
      checks: 'all data checks passed',
      new_alarms: [],
      warehouse: config.warehouse,
      report: join(config.reportDir, 'index.html'),
      demo: false,
    });
    expect(summaries[0]?.message).toBe(
      [
        'summary:',
        '  Run 3: succeeded',
        `    ${SOURCE}  LOADED     14 rows, vintage 2025-01-01; 1 file(s)`,
        '  Checks: all data checks passed',
        '  New alarms: none',
        `  Warehouse: ${config.warehouse}`,
        `  Report:    ${join(config.reportDir, 'index.html')} (Español: ${join(config.reportDir, 'es/index.html')})`,
      ].join('\n'),
    );
    const detected = summaries[1] as unknown as {
      run_id: number;
      sources: unknown[];
      new_alarms_total: number;
    };
    expect(detected).toMatchObject({ run_id: 4, sources: [], status: 'succeeded' });
    expect(detected.new_alarms_total).toBe(
      (await readAlarms(config.warehouse, 4)).reduce((n, a) => n + a.alarms, 0),
    );

    // The same bytes again: nothing new, so no detection and no report.
    await scheduler.runNow(JOB, 'schedule');
    await scheduler.idle();
    const after = await readRuns(workingPath(config));
    expect(after.at(-1)).toMatchObject({ command: 'ingest', status: 'no_new_data' });
    expect(after.filter((r) => r.command === 'detect')).toHaveLength(1);
    expect(readLog(config.schedule.logFile).at(-1)).toMatchObject({
      event: 'job.summary',
      status: 'no_new_data',
      sources: [{ source: SOURCE, status: 'skipped', reason: 'same bytes as load 1' }],
    });
  });

  it('does not retry bad input, gives up on a source that stays down, and reports the job as failing', async () => {
    temp = tempDir();
    server = await startFixtureServer({
      '/html.csv': { status: 200, contentType: 'text/html', body: '<!DOCTYPE html><html>Maintenance</html>' },
      '/down.csv': { status: 502, body: 'bad gateway' },
    });
    const config = testConfig(temp.dir, urlInput('/html.csv'), {
      schedule: { retries: { count: 2, backoffMs: 50, maxBackoffMs: 100 } },
    });
    let scheduler = await start(config);
    await scheduler.runNow(JOB);
    await scheduler.runNow(JOB);
    expect(scheduler.stats).toMatchObject({ executions: 2, failed: 2, retries: 0 });
    let state = readState(statePath(config.workDir)).jobs[JOB];
    expect(state).toMatchObject({
      lastStatus: 'failed',
      lastErrorKind: 'input',
      consecutiveFailures: 2,
      lastAttempts: 1,
    });
    const failed = readLog(config.schedule.logFile).filter((e) => e.event === 'job.failed');
    expect(failed.at(-1)).toMatchObject({
      level: 'error',
      errorKind: 'input',
      consecutiveFailures: 2,
      attempts: 1,
    });
    // Its closing summary names the failed source and why.
    expect(readLog(config.schedule.logFile).at(-1)).toMatchObject({
      event: 'job.summary',
      level: 'error',
      job: JOB,
      status: 'failed',
      sources: [
        { source: SOURCE, status: 'failed', rows: 0, reason: expect.stringMatching(/returned an HTML page/) },
      ],
    });
    expect(readLog(config.schedule.logFile).at(-1)?.message).toMatch(
      new RegExp(`^summary:\n  Run \\d+: failed\n    ${SOURCE}  FAILED +.*returned an HTML page`),
    );
    expect(failed.at(-1)?.message).toMatch(
      /^FAILED \(input error, not retried \(the same input would fail the same way\); 2 failed execution\(s\) in a row\): .*returned an HTML page/,
    );
    await scheduler.stop('test');

    config.pipelines[SOURCE] = {
      ...config.pipelines[SOURCE],
      enabled: true,
      ...urlInput('/down.csv'),
    } as never;
    const clock = new FakeClock();
    scheduler = await start(config, { clock });
    await scheduler.runNow(JOB);
    expect(scheduler.stats).toMatchObject({ executions: 1, failed: 1, retries: 2, recovered: 0 });
    // Backoff of 50 ms with up to 10% jitter, then 100 ms: doubled, jittered and capped at maxBackoffMs.
    expect(clock.sleeps).toEqual([expect.any(Number), 100]);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(55);
    state = readState(statePath(config.workDir)).jobs[JOB];
    expect(state).toMatchObject({
      lastStatus: 'failed',
      lastErrorKind: 'transient',
      consecutiveFailures: 3,
      lastAttempts: 3,
    });
    const runs = await readRuns(workingPath(config));
    expect(runs.slice(-3).map((r) => [r.attempt, r.status, r.error_kind])).toEqual([
      [1, 'failed', 'transient'],
      [2, 'failed', 'transient'],
      [3, 'failed', 'transient'],
    ]);
    expect(
      readLog(config.schedule.logFile)
        .filter((e) => e.event === 'job.failed')
        .at(-1)?.message,
    ).toMatch(/retries exhausted/);
    // Nothing was ever published.
    expect(existsSync(config.warehouse)).toBe(false);
  });

  it('runs a job missed while the scheduler was down once on start-up, not once per missed time', async () => {
    temp = tempDir();
    const file = join(temp.dir, 'vsrr.csv');
    writeFileSync(file, smallCsv(2));
    const config = testConfig(
      temp.dir,
      {
        inputs: [{ kind: 'file', path: file, vintage: '2025-01-01' }],
        schedule: { cron: '*/10 * * * *', timezone: 'America/Mexico_City' },
      },
      { schedule: { detect: false, report: false } },
    );
    const catchUps = async () =>
      (await readRuns(workingPath(config))).filter((r) => r.cause === 'catch-up').length;

    // Never run before: once.
    let scheduler = await start(config, { catchUp: true });
    await scheduler.idle();
    await scheduler.stop('test');
    expect(await catchUps()).toBe(1);
    const saved = readState(statePath(config.workDir)).jobs[JOB];
    expect(Date.parse(saved?.nextDueAt ?? '')).toBeGreaterThan(Date.now());

    // Down for an hour (six missed times): once.
    const state = readState(statePath(config.workDir));
    (state.jobs[JOB] as { nextDueAt: string }).nextDueAt = new Date(Date.now() - 3_600_000).toISOString();
    writeStateSync(statePath(config.workDir), state);
    scheduler = await start(config, { catchUp: true });
    await scheduler.idle();
    await scheduler.stop('test');
    expect(await catchUps()).toBe(2);
    const catchUpLog = readLog(config.schedule.logFile).filter((e) => e.event === 'job.catch_up');
    expect(catchUpLog.at(-1)?.message).toMatch(
      /^running once now: it was due at .+ while the scheduler was not running$/,
    );

    // Not due yet: nothing.
    scheduler = await start(config, { catchUp: true });
    await scheduler.idle();
    await scheduler.stop('test');
    expect(await catchUps()).toBe(2);

    // Missed, but catch-up is off: nothing, and said so.
    const again = readState(statePath(config.workDir));
    (again.jobs[JOB] as { nextDueAt: string }).nextDueAt = new Date(Date.now() - 3_600_000).toISOString();
    writeStateSync(statePath(config.workDir), again);
    scheduler = await start(config, { catchUp: false });
    await scheduler.idle();
    await scheduler.stop('test');
    expect(await catchUps()).toBe(2);
    expect(readLog(config.schedule.logFile).at(-3)?.event).toBe('job.missed');
  });

  it('with catch-up off, says when a job that never ran first runs (not "due at undefined")', async () => {
    temp = tempDir();
    const config = testConfig(
      temp.dir,
      { schedule: { cron: '0 6 * * *', timezone: 'UTC' } },
      { schedule: { detect: false, report: false } },
    );
    const scheduler = await start(config, { catchUp: false });
    await scheduler.stop('test');
    const missed = readLog(config.schedule.logFile).find((e) => e.event === 'job.missed');
    const next =
      scheduler.nextRun(JOB)?.toISOString() ?? readState(statePath(config.workDir)).jobs[JOB]?.nextDueAt;
    expect(missed?.message).toBe(
      `has never run under the scheduler; catch-up is off; it runs at its next time, ${next}`,
    );
    expect(next).toMatch(/^\d{4}-\d\d-\d\dT06:00:00\.000Z$/);
    expect(missed?.message).not.toContain('undefined');
  });

  it('stops gracefully: the running load is rolled back, recorded as interrupted, and the locks released', async () => {
    temp = tempDir();
    let n = 0;
    server = await startFixtureServer({
      '/slow.csv': () => ({ ...csv(smallCsv(n++)), delayMs: n === 1 ? 0 : 1500 }),
    });
    const config = testConfig(temp.dir, urlInput('/slow.csv'), {
      schedule: { detect: false, report: false },
    });
    const scheduler = await start(config);
    await scheduler.runNow(JOB);
    const before = readFileSync(config.warehouse);
    const execution = scheduler.runNow(JOB);
    // Its run has its ledger row and is waiting for the (slow) download.
    await waitFor(
      () => readLog(config.schedule.logFile).filter((e) => e.event === 'run.started').length === 2,
      'run 2',
    );
    await scheduler.stop('SIGTERM');
    await execution;
    expect(scheduler.stats).toMatchObject({ interrupted: 1, failed: 0 });
    expect(readFileSync(config.warehouse).equals(before)).toBe(true);
    const runs = await readRuns(workingPath(config));
    expect(runs.at(-1)).toMatchObject({ status: 'interrupted', error_kind: 'interrupted' });
    expect(runs.at(-1)?.error).toMatch(/interrupted \(SIGTERM\); the run was rolled back/);
    expect(readdirSync(config.workDir).filter((f) => f.endsWith('.lock'))).toEqual([]);
    expect(readState(statePath(config.workDir)).jobs[JOB]).toMatchObject({ lastStatus: 'interrupted' });
  });

  it('runs the detectors on start-up when a load published and the scheduler stopped before they ran', async () => {
    temp = tempDir();
    const file = join(temp.dir, 'vsrr.csv');
    writeFileSync(file, smallCsv(9));
    const config = testConfig(
      temp.dir,
      { inputs: [{ kind: 'file', path: file, vintage: '2025-01-01' }] },
      { schedule: { report: false } },
    );
    let scheduler = await start(config);
    await scheduler.runNow(JOB);
    await scheduler.idle();
    await scheduler.stop('test');
    // As if it had been stopped between the load and the detectors.
    const state = readState(statePath(config.workDir));
    state.jobs.detect = { ...(state.jobs.detect ?? emptyJobState()), pendingSince: new Date().toISOString() };
    (state.jobs[JOB] as { nextDueAt: string }).nextDueAt = new Date(Date.now() + 3_600_000).toISOString();
    writeStateSync(statePath(config.workDir), state);
    scheduler = await start(config, { catchUp: true });
    await scheduler.idle();
    const detects = (await readRuns(config.warehouse)).filter((r) => r.command === 'detect');
    expect(detects.map((r) => r.cause)).toEqual([`after ${JOB} (run 1)`, 'catch-up']);
    expect(readState(statePath(config.workDir)).jobs.detect?.pendingSince).toBeNull();
  });

  it('refuses bad schedules at start, listing every problem, and refuses a second scheduler', async () => {
    temp = tempDir();
    const bad = testConfig(temp.dir, { schedule: { cron: '0 6 * * 9', timezone: 'America/Nueva_York' } });
    const error = await Scheduler.start({
      config: bad,
      pipelines,
      log: new EventLog({ file: null, terminal: null }),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ScheduleConfigError);
    expect(error.message).toBe(
      [
        'cannot schedule:',
        `  pipelines.${SOURCE}.schedule in the configuration: invalid cron expression "0 6 * * 9": dayOfWeek: 9 is a invalid expression for week day (expected 5 fields "minute hour day month weekday", or 6 with seconds first)`,
        `  pipelines.${SOURCE}.schedule in the configuration: unknown time zone "America/Nueva_York" (expected an IANA name such as America/New_York, America/Mexico_City or UTC)`,
      ].join('\n'),
    );
    expect(existsSync(join(bad.workDir, 'scheduler.lock'))).toBe(false);

    const config = testConfig(temp.dir, {});
    await start(config);
    const second = await start(config).catch((e) => e);
    expect(second).toBeInstanceOf(LockBusyError);
    expect(second.message).toMatch(
      new RegExp(`the scheduler is locked by PID ${process.pid} .*\\(centinela schedule\\)`),
    );
  });
});
