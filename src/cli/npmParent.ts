/**
 * Started through npm (npm start, npm run, npx): npm runs the command under `sh -c`, and on SIGTERM npm and that shell
 * exit without waiting for it, leaving it orphaned and holding its locks; on Ctrl-C the process gets the signal twice.
 * So: a parent that goes away is taken as a SIGTERM (the same graceful stop), and a repeated signal within half a
 * second counts once. Not done otherwise: `nohup centinela schedule &` must outlive its shell.
 */
import { treatRepeatsWithinAsOne } from '../schedule/signals.ts';

export function startedThroughNpm(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.npm_lifecycle_event !== undefined || env.npm_command !== undefined;
}

export function followNpmParent(pollMs = 500): void {
  treatRepeatsWithinAsOne(500);
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, pollMs);
  timer.unref();
}
