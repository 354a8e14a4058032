/**
 * SIGINT / SIGTERM: the first asks for a graceful stop (the running step rolls back or finishes, locks are released);
 * a second exits at once. Even then the published warehouse is consistent (it is only ever replaced by an atomic
 * rename), the working warehouse recovers from its write-ahead log on the next open (DuckDB discards what was not
 * committed, and the next run marks the unfinished run as abandoned), and our lock files are removed here, before
 * exiting, so the next process need not even detect them as stale.
 */
import { releaseAllHeldLocksSync } from '../warehouse/lock.ts';

const EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

let repeatWindowMs = 0;

/**
 * Under npm or npx one Ctrl-C arrives twice: from the terminal (to the whole process group) and forwarded by npm. A
 * signal repeated within this many milliseconds of the first is then the same one, not the "exit at once" second.
 */
export function treatRepeatsWithinAsOne(ms: number): void {
  repeatWindowMs = ms;
}

export interface ShutdownHandlers {
  /** Removes the handlers (the process's default behaviour comes back). */
  dispose(): void;
}

export function onShutdownSignals(
  graceful: (signal: NodeJS.Signals) => void,
  say: (message: string) => void,
): ShutdownHandlers {
  let received = 0;
  let firstAt = 0;
  const handler = (signal: NodeJS.Signals) => {
    if (received === 1 && Date.now() - firstAt < repeatWindowMs) return;
    received++;
    if (received === 1) firstAt = Date.now();
    if (received === 1) {
      say(
        `${signal} received: stopping gracefully (the current step rolls back or finishes). Send it again to exit at once.`,
      );
      graceful(signal);
      return;
    }
    say(`${signal} received again: exiting now; the published warehouse is untouched and the lock released.`);
    releaseAllHeldLocksSync();
    process.exit(EXIT_CODES[signal] ?? 1);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
