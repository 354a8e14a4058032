/**
 * The scheduler and manual runs as real processes: locks across processes, stale locks, SIGKILL and SIGTERM in the
 * middle of a load. Second-level timings only.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workingPath } from '../../src/run/run.ts';
import { readLock } from '../../src/warehouse/lock.ts';
import { writeLargeVsrr } from '../bench/generateLargeVsrr.ts';
import { type FixtureServer, startFixtureServer } from '../support/fixtureServer.ts';
import {
  type CliProcess,
  deadPid,
  JOB,
  readLog,
  readRuns,
  smallCsv,
  startCli,
  type TempDir,
  tempDir,
  testConfig,
  waitFor,
  writeConfigFile,
} from './helpers.ts';

let temp: TempDir | undefined;
let server: FixtureServer | undefined;
const children: CliProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.child.kill('SIGKILL');
  await server?.close();
  server = undefined;
  temp?.cleanup();
  temp = undefined;
});

let big: TempDir;
let bigCsv: string;
beforeAll(async () => {
  big = tempDir('centinela-big-');
  bigCsv = join(big.dir, 'big.csv');
  await writeLargeVsrr(bigCsv, 150_000);
});
afterAll(() => big.cleanup());

function cli(dir: string, ...args: string[]): CliProcess {
  const c = startCli(dir, args);
  children.push(c);
  return c;
}

const lockFiles = (dir: string) => readdirSync(join(dir, 'data/work')).filter((f) => f.endsWith('.lock'));

describe('centinela schedule and run as processes', () => {
  it('lets one scheduler run at a time, naming the holder to a second one; SIGTERM stops it cleanly', async () => {
    temp = tempDir();
    writeConfigFile(temp.dir, {});
    const first = cli(temp.dir, 'schedule', '--no-catch-up');
    await first.waitForOutput(/scheduler started/);
    const second = await cli(temp.dir, 'schedule').exited;
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(
      new RegExp(
        `centinela schedule: another scheduler is running: PID ${first.pid} on ${hostname()} \\(centinela schedule\\) since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(\\d+ m?s ago\\)\\.\\nOnly one scheduler may run at a time`,
      ),
    );
    first.child.kill('SIGTERM');
    const stopped = await first.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/SIGTERM received: stopping gracefully/);
    expect(stopped.stderr).toMatch(/scheduler stopped; locks released/);
    expect(lockFiles(temp.dir)).toEqual([]);
  }, 180_000);

  it('--log-format json: every event of the scheduler a JSON line on stdout, each job ending with its summary', async () => {
    temp = tempDir();
    const file = join(temp.dir, 'vsrr.csv');
    writeFileSync(file, smallCsv(3));
    writeConfigFile(
      temp.dir,
      { inputs: [{ kind: 'file', path: file, vintage: '2025-02-01' }] },
      { schedule: { detect: false, report: false } },
    );
    const scheduler = cli(temp.dir, 'schedule', '--log-format', 'json');
    await scheduler.waitForOutput(/"event":"job\.summary"/);
    scheduler.child.kill('SIGTERM');
    const stopped = await scheduler.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toBe('');
    const lines = stopped.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ event: 'scheduler.started', level: 'info', catch_up: true });
    expect(lines.find((l) => l.event === 'job.summary')).toMatchObject({
      job: JOB,
      status: 'succeeded',
      sources: [{ source: 'cdc_vsrr_state', status: 'loaded', rows: 14, vintage: '2025-02-01' }],
      checks: 'all data checks passed',
      report: null,
    });
    expect(lines.at(-1)).toMatchObject({
      event: 'scheduler.stopped',
      stats: { executions: 1, succeeded: 1 },
    });
  }, 180_000);

  it('makes a manual run wait for, or step aside from, a job that is writing: two processes never write at once', async () => {
    temp = tempDir();
    let n = 0;
    server = await startFixtureServer({
      '/slow.csv': () => ({ body: smallCsv(n++), contentType: 'text/csv', delayMs: 6000 }),
    });
    const url = `${server.url}/slow.csv`;
    writeConfigFile(
      temp.dir,
      { inputs: [{ kind: 'url', url, vintage: '2025-01-01' }] },
      { schedule: { detect: false, report: false } },
    );
    const scheduler = cli(temp.dir, 'schedule'); // catch-up: its job has never run, so it starts at once
    await scheduler.waitForOutput(/ingest:cdc_vsrr_state: started \(catch-up\)/);
    const waiting = cli(temp.dir, 'run', '--no-report', '--wait', '60');
    const refused = await cli(temp.dir, 'run', '--no-report').exited;
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^centinela run: the warehouse is being written by another process: PID ${scheduler.pid} on \\S+ \\(centinela schedule, job ingest:cdc_vsrr_state\\) since \\S+ \\(\\d+ m?s ago\\)\\.\\nNothing was changed\\. Try again when it has finished, or wait for it with --wait <seconds>\\.`,
      ),
    );
    const waited = await waiting.exited;
    expect(waited.stderr).toMatch(/waiting for the warehouse: it is being written by PID \d+/);
    expect(waited.code, waited.stderr).toBe(0);
    scheduler.child.kill('SIGTERM');
    expect((await scheduler.exited).code).toBe(0);

    const runs = await readRuns(join(temp.dir, 'data/work/centinela.duckdb'));
    expect(new Set(runs.map((r) => r.pid)).size).toBe(2);
    expect(runs.map((r) => r.trigger)).toEqual(['cron', 'manual']);
    const [a, b] = runs;
    expect(b?.started_at.getTime()).toBeGreaterThanOrEqual(
      a?.finished_at?.getTime() ?? Number.POSITIVE_INFINITY,
    );
  }, 180_000);

  it('takes over a lock left by a killed process, and says whose it was', async () => {
    temp = tempDir();
    const file = join(temp.dir, 'vsrr.csv');
    writeFileSync(file, smallCsv(3));
    writeConfigFile(temp.dir, { inputs: [{ kind: 'file', path: file, vintage: '2025-01-01' }] });
    const config = testConfig(temp.dir, {});
    const pid = await deadPid();
    const lock = join(config.workDir, 'centinela.duckdb.lock');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(config.workDir, { recursive: true });
    const stale = {
      pid,
      host: hostname(),
      procStart: null,
      command: 'schedule',
      job: JOB,
      since: new Date().toISOString(),
      token: 'f00d',
    };
    writeFileSync(lock, JSON.stringify(stale));
    writeFileSync(
      join(config.workDir, 'scheduler.lock'),
      JSON.stringify({ ...stale, job: null, token: 'f00e' }),
    );
    const run = await cli(temp.dir, 'run', '--no-report').exited;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      `taking over a stale lock: PID ${pid} on ${hostname()} (centinela schedule, job ${JOB})`,
    );
    expect(existsSync(lock)).toBe(false);
    // And the scheduler's own lock.
    const scheduler = cli(temp.dir, 'schedule', '--no-catch-up');
    await scheduler.waitForOutput(/scheduler started/);
    expect(scheduler.output()).toMatch(new RegExp(`taking over the scheduler lock of PID ${pid}`));
    expect(readLock(join(config.workDir, 'scheduler.lock'))).toMatchObject({ pid: scheduler.pid });
    scheduler.child.kill('SIGINT');
    expect((await scheduler.exited).code).toBe(0);
  }, 180_000);

  it('leaves the published file unchanged when a run is killed with SIGKILL mid-load; the next run completes', async () => {
    temp = tempDir();
    const small = join(temp.dir, 'small.csv');
    writeFileSync(small, smallCsv(4));
    const config = testConfig(temp.dir, {});
    writeConfigFile(temp.dir, { inputs: [{ kind: 'file', path: small, vintage: '2025-01-01' }] });
    expect((await cli(temp.dir, 'run', '--no-report').exited).code).toBe(0);
    const before = readFileSync(config.warehouse);

    const small2 = join(temp.dir, 'small2.csv');
    writeFileSync(small2, smallCsv(5));
    writeConfigFile(temp.dir, {
      inputs: [
        { kind: 'file', path: small2, vintage: '2025-02-01' },
        { kind: 'file', path: bigCsv, vintage: '2025-03-01' },
      ],
    });
    const victim = cli(temp.dir, 'run', '--no-report');
    await victim.waitForOutput(/loaded 14 rows from .*small2\.csv/);
    await new Promise((r) => setTimeout(r, 150)); // inside the transaction, reading the big file
    victim.child.kill('SIGKILL');
    const killed = await victim.exited;
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stderr).not.toMatch(/published/);
    expect(readFileSync(config.warehouse).equals(before)).toBe(true);
    expect(readLock(join(config.workDir, 'centinela.duckdb.lock'))).toMatchObject({ pid: victim.pid });

    const next = await cli(temp.dir, 'run', '--no-report').exited;
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(new RegExp(`taking over a stale lock: PID ${victim.pid}`));
    expect(next.stderr).toMatch(
      /run 2 was left unfinished by process \d+ \(killed\?\); recorded as abandoned/,
    );
    expect(next.stderr).toMatch(/loaded 150000 rows from .*big\.csv/);
    expect(readFileSync(config.warehouse).equals(before)).toBe(false);
    const runs = await readRuns(config.warehouse);
    expect(runs.map((r) => [r.run_id, r.status, r.error_kind])).toEqual([
      [1, 'succeeded', null],
      [2, 'abandoned', 'abandoned'],
      [3, 'succeeded', null],
    ]);
    expect(runs[2]?.rows_loaded).toBe(150_014);
  }, 180_000);

  it('rolls back on SIGTERM mid-load and releases the lock; a SIGTERM during a download stops at once, still consistent', async () => {
    temp = tempDir();
    const small = join(temp.dir, 'small.csv');
    writeFileSync(small, smallCsv(6));
    const config = testConfig(temp.dir, {});
    writeConfigFile(temp.dir, { inputs: [{ kind: 'file', path: small, vintage: '2025-01-01' }] });
    expect((await cli(temp.dir, 'run', '--no-report').exited).code).toBe(0);
    const before = readFileSync(config.warehouse);
    const small2 = join(temp.dir, 'small2.csv');
    writeFileSync(small2, smallCsv(7));
    writeConfigFile(temp.dir, {
      inputs: [
        { kind: 'file', path: small2, vintage: '2025-02-01' },
        { kind: 'file', path: bigCsv, vintage: '2025-03-01' },
      ],
    });

    const graceful = cli(temp.dir, 'run', '--no-report');
    await graceful.waitForOutput(/loaded 14 rows from .*small2\.csv/);
    graceful.child.kill('SIGTERM');
    const stopped = await graceful.exited;
    expect(stopped.code).toBe(143);
    expect(stopped.stderr).toMatch(/SIGTERM received: stopping gracefully/);
    expect(stopped.stderr).toMatch(/run stopped \(run 2\): interrupted \(SIGTERM\); the run was rolled back/);
    expect(stopped.stderr).toContain('The published warehouse was left as it was.');
    expect(readFileSync(config.warehouse).equals(before)).toBe(true);
    expect(lockFiles(temp.dir)).toEqual([]);
    expect((await readRuns(workingPath(config))).at(-1)).toMatchObject({ status: 'interrupted' });

    // A signal during a slow download: the fetch is aborted, so the graceful stop itself is quick (the second-signal
    // path, for a stop that is not, is tested in signals.test.ts).
    server = await startFixtureServer({
      '/slow.csv': { body: smallCsv(8), contentType: 'text/csv', delayMs: 20_000 },
    });
    writeConfigFile(temp.dir, {
      inputs: [
        { kind: 'file', path: small2, vintage: '2025-02-01' },
        { kind: 'url', url: `${server.url}/slow.csv`, vintage: '2025-02-15' },
      ],
    });
    const impatient = cli(temp.dir, 'run', '--no-report');
    const logFile = join(temp.dir, 'data/logs/centinela.jsonl');
    const started = () => readLog(logFile).filter((e) => e.event === 'job.started').length;
    const before2 = started();
    await waitFor(() => started() > before2, 'the run to start');
    await new Promise((r) => setTimeout(r, 1000));
    const t0 = Date.now();
    impatient.child.kill('SIGTERM');
    const gone = await impatient.exited;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(gone.code).toBe(143);
    expect(gone.stderr).toMatch(/SIGTERM received: stopping gracefully/);
    expect(readFileSync(config.warehouse).equals(before)).toBe(true);
    expect(lockFiles(temp.dir)).toEqual([]);

    writeConfigFile(temp.dir, {
      inputs: [
        { kind: 'file', path: small2, vintage: '2025-02-01' },
        { kind: 'file', path: bigCsv, vintage: '2025-03-01' },
      ],
    });
    const next = await cli(temp.dir, 'run', '--no-report').exited;
    expect(next.code, next.stderr).toBe(0);
    expect(readFileSync(config.warehouse).equals(before)).toBe(false);
    const runs = await readRuns(config.warehouse);
    expect(runs.at(-1)).toMatchObject({ status: 'succeeded', rows_loaded: 150_014 });
    // Both stops were graceful (the download was aborted, not waited for): each run recorded as interrupted.
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'interrupted', 'interrupted', 'succeeded']);
  }, 180_000);
});
