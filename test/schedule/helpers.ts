/** Shared pieces of the scheduler tests: temporary configurations, small CDC files, ledger and log readers. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipelines } from '../../pipelines/index.ts';
import { type Config, configSchema } from '../../src/core/config.ts';
import { projectRoot } from '../../src/core/paths.ts';
import type { Clock } from '../../src/schedule/clock.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { seedEmptyWarehouse } from '../support/emptyWarehouse.ts';
import { vsrrFile, vsrrLines } from '../support/vsrrCsv.ts';

export const SOURCE = 'cdc_vsrr_state';
export const JOB = `ingest:${SOURCE}`;

/** Every pipeline but the CDC one switched off, so a test loads only what it serves. */
/** Every pipeline but `kept` switched off: a test of some sources does not load the others' bundled releases. */
export function othersDisabled(...kept: string[]): Record<string, { enabled: false }> {
  const keep = kept.length > 0 ? kept : [SOURCE];
  return Object.fromEntries(
    pipelines.filter((p) => !keep.includes(p.name)).map((p) => [p.name, { enabled: false }]),
  );
}

export interface TempDir {
  dir: string;
  cleanup(): void;
}

export function tempDir(prefix = 'centinela-sched-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The raw settings (as in centinela.config.json) for a test folder: one CDC job, fast retries, quiet heartbeat. */
export function rawSettings(
  dir: string,
  cdc: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const { schedule, ...rest } = extra as { schedule?: Record<string, unknown> };
  return {
    warehouse: join(dir, 'data/centinela.duckdb'),
    workDir: join(dir, 'data/work'),
    snapshotDir: join(dir, 'data/snapshots'),
    reportDir: join(dir, 'reports'),
    http: { timeoutMs: 10_000, retries: 0 },
    pipelines: {
      ...othersDisabled(),
      [SOURCE]: { schedule: { cron: '0 0 1 1 *', timezone: 'UTC' }, ...cdc },
    },
    schedule: {
      logFile: join(dir, 'data/logs/centinela.jsonl'),
      heartbeatSeconds: 0,
      retries: { count: 3, backoffMs: 100, maxBackoffMs: 1000 },
      ...(schedule ?? {}),
    },
    ...rest,
  };
}

export function testConfig(
  dir: string,
  cdc: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Config {
  const config = configSchema.parse(rawSettings(dir, cdc, extra));
  seedEmptyWarehouse(config);
  return config;
}

export function writeConfigFile(
  dir: string,
  cdc: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): void {
  const raw = rawSettings(dir, cdc, extra);
  writeFileSync(join(dir, 'centinela.config.json'), JSON.stringify(raw, null, 2));
  seedEmptyWarehouse(configSchema.parse(raw));
}

/** A small, valid 12-column CDC file: Arizona fentanyl deaths for `months` months, values shifted by `seed`. */
export function smallCsv(seed = 0, months = 14): string {
  return vsrrFile(
    vsrrLines({
      state: 'AZ',
      stateName: 'Arizona',
      indicator: 'Synthetic opioids, excl. methadone (T40.4)',
      startYear: 2022,
      values: Array.from({ length: months }, (_, i) => 1500 + 10 * i + seed),
    }),
  );
}

export interface RunRow {
  run_id: number;
  command: string;
  trigger: string;
  job: string | null;
  cause: string | null;
  attempt: number | null;
  retry_of: number | null;
  status: string;
  error_kind: string | null;
  error: string | null;
  pid: number | null;
  rows_loaded: number | null;
  started_at: Date;
  finished_at: Date | null;
}

export async function readRuns(path: string): Promise<RunRow[]> {
  const wh = await openWarehouse(path, { readOnly: true });
  try {
    return await queryRows<RunRow>(
      wh.connection,
      `SELECT run_id, command, trigger, job, cause, attempt, retry_of, status, error_kind, error, pid, rows_loaded,
              started_at, finished_at
       FROM meta.runs ORDER BY run_id`,
    );
  } finally {
    wh.closeSync();
  }
}

export interface LoggedEvent {
  ts: string;
  level: string;
  event: string;
  message: string;
  job?: string;
  runId?: number;
  [key: string]: unknown;
}

export function readLog(path: string): LoggedEvent[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LoggedEvent);
}

export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 30_000,
  everyMs = 50,
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A `centinela` process whose output can be awaited line by line. */
export interface CliProcess {
  child: ChildProcess;
  pid: number;
  output: () => string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function startCli(cwd: string, args: string[]): CliProcess {
  const child = spawn(process.execPath, [join(projectRoot, 'src/bin/centinela.js'), ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    child,
    pid: child.pid as number,
    output: () => stdout + stderr,
    async waitForOutput(pattern, timeoutMs = 60_000) {
      return waitFor(
        () => (stdout + stderr).match(pattern),
        `output ${pattern} from centinela ${args.join(' ')}`,
        timeoutMs,
      );
    },
    exited,
  };
}

/** A PID that is certainly not running: a child that has exited. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid as number;
  await new Promise((r) => child.on('close', r));
  return pid;
}

/** A clock that never waits: a sleep records its length, moves the time on by it and resolves at once. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(private time = Date.now()) {}

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.time += ms;
  }
}
