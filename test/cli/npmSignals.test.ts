/**
 * The scheduler started through npm (issue #17): Ctrl-C (SIGINT to the whole process group) stops it cleanly with
 * exit 0; SIGTERM to npm alone, or a parent shell that dies, does not leave it running orphaned with its locks.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/core/paths.ts';

let dir: string;
let config: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'centinela-npm-'));
  config = join(dir, 'centinela.config.json');
  writeFileSync(config, JSON.stringify({ schedule: { catchUp: false } }));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function started(child: ChildProcess): {
  output: () => string;
  exited: Promise<number | null>;
  ready: Promise<void>;
} {
  let output = '';
  const ready = new Promise<void>((resolve) => {
    const on = (d: Buffer) => {
      output += d;
      if (output.includes('scheduler started')) resolve();
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { output: () => output, exited, ready };
}

const args = ['schedule', '--demo', '--no-catch-up', '--config'];

describe('centinela schedule under npm', () => {
  it('Ctrl-C (SIGINT to the process group) stops it cleanly: npm exits 0', async () => {
    const npm = spawn('npm', ['run', '--silent', 'centinela', '--', ...args, config], {
      cwd: projectRoot,
      detached: true,
      env: { ...process.env, NO_COLOR: '1' },
    });
    const run = started(npm);
    await run.ready;
    process.kill(-(npm.pid as number), 'SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/stopping \(SIGINT\)/);
    expect(run.output()).toMatch(/scheduler stopped; locks released/);
    expect(run.output()).not.toMatch(/received again: exiting now/);
  }, 60_000);

  it('a parent shell that dies (npx, or SIGTERM to npm) stops it as a SIGTERM would, releasing its locks', async () => {
    const bin = join(projectRoot, 'src/bin/centinela.js');
    const shell = spawn('sh', ['-c', `node ${bin} ${args.join(' ')} ${config}; echo never`], {
      cwd: projectRoot,
      env: { ...process.env, NO_COLOR: '1', npm_command: 'exec' },
    });
    const run = started(shell);
    await run.ready;
    const pid = Number(/scheduler started \(PID (\d+)\)/.exec(run.output())?.[1]);
    expect(pid).toBeGreaterThan(0);
    shell.kill('SIGKILL');
    await expect
      .poll(
        () => {
          try {
            process.kill(pid, 0);
            return 'running';
          } catch {
            return 'gone';
          }
        },
        { timeout: 10_000, interval: 200 },
      )
      .toBe('gone');
  }, 60_000);
});
