/**
 * Child process for the lock race test: takes the lock `rounds` times; while holding it, creates a marker file with
 * O_EXCL (which fails if anyone else is inside), appends to a shared file, then leaves. Exit 1 on any overlap.
 */
import { appendFileSync, closeSync, openSync, unlinkSync } from 'node:fs';
import { acquireLock } from '../../../src/warehouse/lock.ts';

const [lockPath, marker, journal, roundsText] = process.argv.slice(2) as [string, string, string, string];
for (let i = 0; i < Number(roundsText); i++) {
  const lock = await acquireLock(lockPath, {
    command: 'test',
    job: `worker ${process.pid}`,
    waitMs: 60_000,
    pollMs: 5,
  });
  try {
    closeSync(openSync(marker, 'wx'));
  } catch {
    process.stdout.write('OVERLAP\n');
    process.exit(1);
  }
  appendFileSync(journal, `${process.pid} ${i}\n`);
  await new Promise((r) => setTimeout(r, Math.random() * 5));
  unlinkSync(marker);
  lock.release();
}
