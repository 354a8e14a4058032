import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acquireLock,
  currentHolder,
  LockBusyError,
  processStartTime,
  readLock,
  releaseAllHeldLocksSync,
  tryAcquireLock,
} from '../../src/warehouse/lock.ts';
import { deadPid, type TempDir, tempDir } from './helpers.ts';

let temp: TempDir | undefined;
afterEach(() => {
  releaseAllHeldLocksSync();
  temp?.cleanup();
});

function lockIn(): string {
  temp = tempDir('centinela-lock-');
  return join(temp.dir, 'work/centinela.duckdb.lock');
}

function staleLock(path: string, pid: number, extra: Record<string, unknown> = {}) {
  writeFileSync(
    path,
    JSON.stringify({
      pid,
      host: hostname(),
      procStart: null,
      command: 'schedule',
      job: 'ingest:cdc_vsrr_state',
      since: '2026-01-01T00:00:00.000Z',
      token: 'deadbeef',
      ...extra,
    }),
  );
}

describe('file lock', () => {
  it('records holder PID, host, command, job and since; a second taker is refused with all of them', async () => {
    const path = lockIn();
    const lock = await acquireLock(path, { command: 'schedule', job: 'ingest:cdc_vsrr_state' });
    const info = readLock(path);
    expect(info).toMatchObject({
      pid: process.pid,
      host: hostname(),
      command: 'schedule',
      job: 'ingest:cdc_vsrr_state',
    });
    expect(typeof info === 'object' && Date.parse(info.since)).toBeGreaterThan(Date.now() - 5000);
    const refused = await acquireLock(path, { command: 'run' }).catch((e) => e);
    expect(refused).toBeInstanceOf(LockBusyError);
    expect(refused.message).toMatch(
      new RegExp(
        `is locked by PID ${process.pid} on .+ \\(centinela schedule, job ingest:cdc_vsrr_state\\) since \\d{4}-`,
      ),
    );
    lock.release();
    expect(existsSync(path)).toBe(false);
    // No temporary files are left beside it.
    expect(readdirSync(join(temp?.dir as string, 'work'))).toEqual([]);
  });

  it('waits for the holder when asked to, and gives up after the wait naming it', async () => {
    const path = lockIn();
    const first = await acquireLock(path, { command: 'run' });
    const waits: number[] = [];
    setTimeout(() => first.release(), 300);
    const t0 = Date.now();
    const second = await acquireLock(path, {
      command: 'run',
      waitMs: 5000,
      onWait: (h) => waits.push(h.pid),
    });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(waits).toEqual([process.pid]);
    const t1 = Date.now();
    const late = await acquireLock(path, { command: 'run', waitMs: 300 }).catch((e) => e);
    expect(late).toBeInstanceOf(LockBusyError);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(280);
    expect(late.message).toMatch(/gave up after waiting/);
    second.release();
  });

  it('takes over a stale lock whose process is gone, and says so', async () => {
    const path = lockIn();
    await acquireLock(path, { command: 'x' }).then((l) => l.release()); // creates the folder
    const pid = await deadPid();
    staleLock(path, pid);
    expect(currentHolder(path)).toMatchObject({ pid, stale: true });
    const stale: number[] = [];
    const lock = await acquireLock(path, { command: 'run', onStale: (h) => stale.push(h.pid) });
    expect(stale).toEqual([pid]);
    expect(readLock(path)).toMatchObject({ pid: process.pid, command: 'run' });
    lock.release();
  });

  it('treats a reused PID (same number, another process start time) as stale', async () => {
    const path = lockIn();
    await acquireLock(path, { command: 'x' }).then((l) => l.release());
    const start = processStartTime(process.pid);
    if (start === null) return; // not Linux: no start times to compare
    // Our own PID, but a start time that is not ours: the holder died and the PID now belongs to someone else.
    staleLock(path, process.pid, { procStart: String(Number(start) - 1) });
    const lock = await acquireLock(path, { command: 'run' });
    expect(readLock(path)).toMatchObject({ pid: process.pid, command: 'run' });
    lock.release();
  });

  it('never breaks a lock held on another host, nor one held by a live process', async () => {
    const path = lockIn();
    await acquireLock(path, { command: 'x' }).then((l) => l.release());
    staleLock(path, await deadPid(), { host: 'some-other-host' });
    expect(tryAcquireLock(path, { command: 'run' })).toMatchObject({ busy: { host: 'some-other-host' } });
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      staleLock(path, child.pid as number);
      expect(tryAcquireLock(path, { command: 'run' })).toMatchObject({ busy: { pid: child.pid } });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('does not release a lock that is no longer its own', async () => {
    const path = lockIn();
    const lock = await acquireLock(path, { command: 'run' });
    staleLock(path, process.pid, { token: 'someone-else' });
    lock.release();
    expect(readLock(path)).toMatchObject({ token: 'someone-else' });
  });

  it('treats an empty lock file as being written at first, then as stale', async () => {
    const path = lockIn();
    await acquireLock(path, { command: 'x' }).then((l) => l.release());
    writeFileSync(path, '');
    expect(tryAcquireLock(path, { command: 'run' })).toHaveProperty('busy');
    const { utimesSync } = await import('node:fs');
    utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const got = tryAcquireLock(path, { command: 'run' });
    expect(got).toHaveProperty('lock');
  });
});
