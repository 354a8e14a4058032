/** The writer lock between real processes (five tsx processes racing for it): in the slow project. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock, releaseAllHeldLocksSync } from '../../src/warehouse/lock.ts';
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

function staleLock(path: string, pid: number) {
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
    }),
  );
}

describe('file lock between processes', () => {
  it('lets exactly one of several processes in at a time, even when they all start on a stale lock', async () => {
    const path = lockIn();
    await acquireLock(path, { command: 'x' }).then((l) => l.release());
    staleLock(path, await deadPid());
    const dir = temp?.dir as string;
    const marker = join(dir, 'inside');
    const journal = join(dir, 'journal');
    writeFileSync(journal, '');
    const worker = join(import.meta.dirname, 'workers/lockWorker.ts');
    const rounds = 15;
    const children = Array.from({ length: 5 }, () =>
      spawn(process.execPath, ['--import', 'tsx', worker, path, marker, journal, String(rounds)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const results = await Promise.all(
      children.map(
        (c) =>
          new Promise<{ code: number | null; out: string }>((resolve) => {
            let out = '';
            c.stdout?.on('data', (d) => (out += d));
            c.stderr?.on('data', (d) => (out += d));
            c.on('close', (code) => resolve({ code, out }));
          }),
      ),
    );
    expect(results.map((r) => r.out).join('')).not.toContain('OVERLAP');
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
    expect(readFileSync(journal, 'utf8').trim().split('\n')).toHaveLength(5 * rounds);
    expect(existsSync(path)).toBe(false);
  });
});
