import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/paths.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `centinela` executable in another process (asynchronously, so servers in this process can answer). */
export function runCli(cwd: string, args: string[]): { done: Promise<CliResult>; pid: number | undefined } {
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

export const cli = (cwd: string, ...args: string[]) => runCli(cwd, args).done;
