import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { dirname } from 'node:path';

/**
 * Replaces the published warehouse with a copy of the (closed, checkpointed) working one, atomically:
 * copy beside the target, fsync, rename. Readers holding the old file keep reading it; new readers get the new one;
 * nobody ever sees a half-written file. The working warehouse must be closed first.
 */
export function publishSync(workPath: string, publishedPath: string): { bytes: number } {
  const wal = `${workPath}.wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    throw new Error(`cannot publish ${workPath}: its write-ahead log ${wal} is not empty (was it closed?)`);
  }
  mkdirSync(dirname(publishedPath), { recursive: true });
  const tmp = `${publishedPath}.${process.pid}.tmp`;
  try {
    copyFileSync(workPath, tmp);
    fsyncPath(tmp);
    renameSync(tmp, publishedPath);
    fsyncPath(dirname(publishedPath));
  } catch (error) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw new Error(`cannot publish to ${publishedPath}: ${(error as Error).message}`);
  }
  return { bytes: statSync(publishedPath).size };
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
