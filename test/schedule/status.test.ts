import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { main } from '../../src/cli.ts';
import { emptyJobState, statePath, writeStateSync } from '../../src/schedule/state.ts';
import { cli } from '../support/runCli.ts';
import { JOB, SOURCE, smallCsv, type TempDir, tempDir, testConfig, writeConfigFile } from './helpers.ts';

let temp: TempDir | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

interface StatusJson {
  overall: string;
  scheduler: { running: boolean };
  sources: {
    source: string;
    state: string;
    freshness: string;
    freshness_basis: string;
    freshness_reason: string;
    latest_vintage: string | null;
    last_loaded_at: string | null;
    next_run: string | null;
    schedule: string;
    demo: boolean;
    loads: number;
    alarms: number;
    new_alarms: number;
    job: { last_status: string; consecutive_failures: number; last_error: string } | null;
    last_outcome: { run_id: number; status: string; error: string | null; error_kind: string | null } | null;
  }[];
  alerts: { alarms: number; new_since_report: number };
  last_report: { detection_run_id: number } | null;
}

const cdc = (status: StatusJson) => status.sources.find((s) => s.source === SOURCE);

async function statusJson(
  dir: string,
  ...more: string[]
): Promise<{ code: number | null; status: StatusJson }> {
  const r = await cli(dir, 'status', '--json', ...more);
  return { code: r.code, status: JSON.parse(r.stdout) as StatusJson };
}

describe('centinela status', () => {
  it('on the demo warehouse: every source, ok (demo data judged by its last load), exit 0', async () => {
    temp = tempDir('centinela-demo-');
    const run = await cli(temp.dir, 'run', '--demo');
    expect(run.code, run.stderr).toBe(0);
    const r = await cli(temp.dir, 'status', '--demo');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const p of pipelines) expect(r.stdout).toMatch(new RegExp(`^${p.name} +\\| OK +\\|`, 'm'));
    expect(r.stdout).toContain('Scheduler: not running');
    expect((await cli(temp.dir, 'status', '--demo', '--wide')).stdout).toMatch(
      /Freshness: publishers' data is judged by the age of its latest vintage, demo data by the age of its last load/,
    );
    expect(r.stdout).toMatch(/^Overall: OK$/m);
    const { status } = await statusJson(temp.dir, '--demo');
    expect(status.sources.map((s) => s.source).sort()).toEqual(pipelines.map((p) => p.name).sort());
    for (const s of status.sources) {
      expect(s).toMatchObject({ state: 'ok', demo: true, freshness_basis: 'last_load' });
      expect(Date.parse(s.next_run ?? '')).toBeGreaterThan(Date.now());
    }
    // The report npm start wrote shows the latest detection run: nothing new since.
    expect(status.last_report?.detection_run_id).toBeGreaterThan(0);
    expect(status.alerts.new_since_report).toBe(0);

    // One JSON style: snake_case keys; every time ISO 8601 UTC (Z); calendar dates YYYY-MM-DD.
    const raw = JSON.parse((await cli(temp.dir, 'status', '--demo', '--json')).stdout);
    const keys: string[] = [];
    const times: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          keys.push(k);
          walk(x);
        }
      else if (typeof v === 'string' && /^\d{4}-\d\d-\d\d[ T]\d\d:/.test(v)) times.push(v);
    };
    walk(raw);
    expect(keys.filter((k) => !/^[a-z0-9_]+$/.test(k))).toEqual([]);
    expect(times.length).toBeGreaterThan(pipelines.length);
    expect(times.filter((t) => !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(t))).toEqual([]);

    // Within 100 columns; every column under --wide; colour only on a terminal without NO_COLOR.
    expect(r.stdout.split('\n').filter((l) => l.length > 100)).toEqual([]);
    const wide = await cli(temp.dir, 'status', '--demo', '--wide');
    expect(wide.stdout).toMatch(
      /^source +\| state +\| vintage +\| age +\| alarms \(new\) +\| next run +\| last load +\| warn\/error +\| last job$/m,
    );
    const onTerminal = async (env: Record<string, string>) => {
      let out = '';
      await main(['status', '--demo'], {
        out: (t) => (out += t),
        err: () => {},
        cwd: temp?.dir,
        tty: true,
        env,
      });
      return out;
    };
    expect(await onTerminal({})).toContain('\x1b[32mOK\x1b[0m');
    expect(await onTerminal({ NO_COLOR: '1' })).not.toContain('\x1b[');
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('exits 1 when a source is in error, 0 when it only warns, and counts alarms since the last report', async () => {
    temp = tempDir();
    const file = join(temp.dir, 'vsrr.csv');
    writeFileSync(file, smallCsv(0, 30));
    const input = { inputs: [{ kind: 'file', path: file, vintage: '2025-06-01' }] };
    writeConfigFile(temp.dir, input);
    expect((await cli(temp.dir, 'run', '--no-report')).code).toBe(0);

    // Publishers' data, vintage 2025-06-01: judged by vintage age, monthly thresholds 46/77 days.
    let { code, status } = await statusJson(temp.dir);
    const ageDays = Math.floor((Date.now() - Date.parse('2025-06-01T00:00:00Z')) / 86_400_000);
    expect(cdc(status)).toMatchObject({
      source: SOURCE,
      freshness_basis: 'vintage',
      latest_vintage: '2025-06-01',
    });
    expect(cdc(status)?.freshness).toBe(ageDays > 77 ? 'error' : ageDays > 46 ? 'warn' : 'ok');

    writeConfigFile(temp.dir, { ...input, freshness: { warnAfterDays: 1, errorAfterDays: 2 } });
    ({ code, status } = await statusJson(temp.dir));
    expect(code).toBe(1);
    expect(status.overall).toBe('error');
    expect(cdc(status)?.freshness_reason).toBe(
      `latest vintage is ${ageDays} day(s) old; monthly releases: warn after 1, error after 2 days`,
    );
    const table = await cli(temp.dir, 'status');
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(new RegExp(`^${SOURCE} +\\| ERROR +\\| 2025-06-01`, 'm'));
    expect(table.stdout).toContain(`${SOURCE}: ERROR: latest vintage is ${ageDays} day(s) old`);

    writeConfigFile(temp.dir, { ...input, freshness: { warnAfterDays: 1, errorAfterDays: 100_000 } });
    ({ code, status } = await statusJson(temp.dir));
    expect(code).toBe(0);
    expect(status.overall).toBe('warn');

    // No report yet: every alarm is new; after a report, none is.
    expect(status.alerts.new_since_report).toBe(status.alerts.alarms);
    expect((await cli(temp.dir, 'report')).code).toBe(0);
    ({ status } = await statusJson(temp.dir));
    expect(status.alerts.new_since_report).toBe(0);
    expect(cdc(status)?.new_alarms).toBe(0);
  });

  it('exits 1 when the scheduled job of a source failed after its retries, naming the error', async () => {
    temp = tempDir();
    const file = join(temp.dir, 'vsrr.csv');
    writeFileSync(file, smallCsv(1));
    writeConfigFile(temp.dir, {
      inputs: [{ kind: 'file', path: file, vintage: new Date().toISOString().slice(0, 10) }],
    });
    expect((await cli(temp.dir, 'run', '--no-report')).code).toBe(0);
    expect((await statusJson(temp.dir)).code).toBe(0);

    const config = testConfig(temp.dir, {});
    const later = new Date(Date.now() + 60_000).toISOString();
    writeStateSync(statePath(config.workDir), {
      version: 1,
      updatedAt: later,
      jobs: {
        [JOB]: {
          ...emptyJobState(),
          lastStatus: 'failed',
          lastFinishedAt: later,
          consecutiveFailures: 3,
          lastError: 'http://127.0.0.1:9/x returned HTTP 503 (1 attempt)',
          lastErrorKind: 'transient',
        },
      },
    });
    const { code, status } = await statusJson(temp.dir);
    expect(code).toBe(1);
    expect(cdc(status)).toMatchObject({
      freshness: 'ok',
      state: 'error',
      job: { last_status: 'failed', consecutive_failures: 3 },
    });
    // --wide: sentences unwrapped (the default wraps them within 100 columns).
    const table = await cli(temp.dir, 'status', '--wide');
    expect(table.stdout).toContain(
      `its scheduled job ${JOB} ended failed (3 in a row): http://127.0.0.1:9/x returned HTTP 503 (1 attempt)`,
    );
  });

  it('exits 1 when the last run failed on a source, naming why, until a later run loads it', async () => {
    temp = tempDir();
    const file = join(temp.dir, 'vsrr.csv');
    const today = new Date().toISOString().slice(0, 10);
    writeFileSync(file, smallCsv(1));
    writeConfigFile(temp.dir, { inputs: [{ kind: 'file', path: file, vintage: today }] });
    expect((await cli(temp.dir, 'run', '--no-report')).code).toBe(0);
    expect((await statusJson(temp.dir)).code).toBe(0);

    writeFileSync(
      file,
      `${smallCsv(2)}AZ,2023,March,12 month-ending,Cocaine (T40.5),12x4,100,0,Arizona,x,**,\n`,
    );
    const failed = await cli(temp.dir, 'run', '--no-report');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /run 2: 1 source\(s\) failed and were rolled back \(their earlier data is unchanged\): cdc_vsrr_state\n {2}cdc_vsrr_state: .*vsrr\.csv line 16 column "Data Value": .*12x4/,
    );
    expect(failed.stderr).toContain('No source loaded new data; the failure was recorded in');

    const { code, status } = await statusJson(temp.dir);
    expect(code).toBe(1);
    expect(status.overall).toBe('error');
    expect(cdc(status)).toMatchObject({
      state: 'error',
      freshness: 'ok',
      loads: 1,
      last_outcome: { run_id: 2, status: 'failed', error_kind: 'input' },
    });
    expect(cdc(status)?.last_outcome?.error).toMatch(/line 16 column "Data Value"/);
    const table = await cli(temp.dir, 'status', '--wide');
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(new RegExp(`^${SOURCE} +\\| ERROR +\\|`, 'm'));
    expect((await cli(temp.dir, 'status')).stdout.split('\n').filter((l) => l.length > 100)).toEqual([]);
    expect(table.stdout).toMatch(
      /^cdc_vsrr_state: ERROR: failed in run 2 at .+ and was rolled back \(its earlier data is unchanged\): .*vsrr\.csv line 16 column "Data Value"/m,
    );

    writeFileSync(file, smallCsv(3));
    expect((await cli(temp.dir, 'run', '--no-report')).code).toBe(0);
    const fixed = await statusJson(temp.dir);
    expect(fixed.code).toBe(0);
    expect(cdc(fixed.status)).toMatchObject({ state: 'ok', last_outcome: { run_id: 3, status: 'loaded' } });
  });
});
