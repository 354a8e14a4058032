import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';
import type { Config } from '../../src/core/config.ts';
import { projectRoot } from '../../src/core/paths.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `centinela <args>` run in `cwd`, in this process (src/cli.ts main): what the executable does, without booting
 * tsx and importing every module again for each command. Signals are not handled (the real process handles them).
 */
export async function cli(cwd: string, ...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
    cwd,
  });
  return { code, stdout, stderr };
}

/**
 * Runs the real `centinela` executable in another process (asynchronously, so servers in this process can answer):
 * for the tests that need a process of its own (exit codes, locks and file access between processes).
 */
export function runCliProcess(
  cwd: string,
  args: string[],
): { done: Promise<CliResult>; pid: number | undefined } {
  const child = spawn(process.execPath, [join(projectRoot, 'src/bin/centinela.js'), ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { done, pid: child.pid };
}

/**
 * `centinela <command> <args> --config=<file>` in this process, with the configuration written to a file of its own
 * (the `--config=FILE` form, which every command must honour).
 */
export async function mainWithConfig(
  command: string,
  args: string[],
  io: { out: (t: string) => void; err: (t: string) => void },
  config: Config,
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'centinela-config-'));
  try {
    const file = join(dir, 'centinela.config.json');
    writeFileSync(file, JSON.stringify(config));
    return await main([command, ...args, `--config=${file}`], io);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
