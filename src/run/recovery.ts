/**
 * What a run does first and last so that a killed or crashed run never leaves a reader worse off: open (or rebuild)
 * the working warehouse, clear a killed publish's temporary copies, and publish a committed run whose publish never
 * happened.
 */
import { copyFileSync, existsSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Config } from '../core/config.ts';
import { openWarehouse, type Warehouse } from '../warehouse/connection.ts';
import { lastPublishingRun } from '../warehouse/ledger.ts';
import { pidAlive } from '../warehouse/lock.ts';

/** The working warehouse opened for writing, with the run's DuckDB limits; no repair (see openWorkingWarehouse). */
export function openWriter(workPath: string, config: Config): Promise<Warehouse> {
  return openWarehouse(workPath, { memoryLimit: config.memoryLimit, threads: config.threads });
}

/**
 * Opens the working warehouse. DuckDB recovers a file left by a killed process from its write-ahead log on open;
 * should the file be damaged beyond that, it is moved aside (kept for inspection) and the working copy starts again
 * from the published file, which is always consistent. (Failed runs recorded only in the damaged file are lost
 * from the ledger; that is said in the log.)
 */
export async function openWorkingWarehouse(
  workPath: string,
  config: Config,
  log: (message: string) => void,
): Promise<Warehouse> {
  try {
    return await openWriter(workPath, config);
  } catch (error) {
    const message = (error as Error).message;
    // Another process has the file open (not one of ours: we hold the lock). Nothing to repair.
    if (/lock/i.test(message) || !existsSync(workPath)) throw error;
    const aside = `${workPath}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(workPath, aside);
    if (existsSync(`${workPath}.wal`)) renameSync(`${workPath}.wal`, `${aside}.wal`);
    log(
      `the working warehouse could not be opened (${message}); moved it to ${aside} and started again from the published file`,
    );
    if (existsSync(config.warehouse)) copyFileSync(config.warehouse, workPath);
    return await openWriter(workPath, config);
  }
}

/** Temporary copies left by a publish that was killed midway (`<published>.<pid>.tmp` of a dead process). */
export function removeOrphanedTemporaryFiles(published: string): void {
  const dir = dirname(published);
  if (!existsSync(dir)) return;
  const prefix = `${basename(published)}.`;
  for (const name of readdirSync(dir)) {
    const m = name.startsWith(prefix) ? /^(\d+)\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (m && !pidAlive(Number(m[1]))) {
      try {
        unlinkSync(join(dir, name));
      } catch {
        // gone already
      }
    }
  }
}

/** True when the published file lacks the last run that published data (it was killed between commit and publish). */
export async function publishedIsBehind(
  published: string,
  lastPublished: number | null,
  log: (message: string) => void,
): Promise<boolean> {
  if (lastPublished === null) return false;
  let theirs: number | null = null;
  try {
    const pub = await openWarehouse(published, { readOnly: true });
    try {
      theirs = await lastPublishingRun(pub.connection);
    } finally {
      pub.closeSync();
    }
  } catch {
    theirs = null;
  }
  if (theirs !== null && theirs >= lastPublished) return false;
  log(`the published warehouse lacks run ${lastPublished} (its publish was interrupted); publishing it now`);
  return true;
}
