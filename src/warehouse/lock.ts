/**
 * Cross-process locks as files: one writer of the working warehouse at a time, one scheduler at a time.
 *
 * A lock is a small JSON file (holder PID, host, process start time, command, job, since, a random token). It is
 * created atomically with its content: written to a private temporary file, then hard-linked to the lock name, which
 * fails with EEXIST when the lock exists (the O_EXCL guarantee, without a window in which the file is empty). Where
 * hard links are not supported, an O_EXCL create (`wx`) is used instead.
 *
 * A lock whose holder is gone (its PID is not alive, or the PID now belongs to a process started at another time) is
 * stale. It is broken under a second, short-lived guard lock, and only after re-reading it and finding the same
 * token, so two processes that both find it stale never remove each other's fresh lock. A lock held on another host
 * (a shared file system) is never broken automatically: its PID cannot be checked from here.
 */

import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { describeFsError } from '../core/fsError.ts';
import { formatDuration, sleep } from '../core/time.ts';

export interface LockInfo {
  pid: number;
  host: string;
  /** Start time of the holder process (Linux: /proc/<pid>/stat field 22), to tell a reused PID from the holder. */
  procStart: string | null;
  /** What holds it: `run`, `ingest`, `detect`, `schedule`, … */
  command: string;
  /** The job writing (e.g. `ingest:cdc_vsrr_state`), or null. */
  job: string | null;
  /** ISO time the lock was taken. */
  since: string;
  token: string;
}

export interface HeldLock {
  path: string;
  info: LockInfo;
  /** Removes the lock if it is still ours. Synchronous, so that it also works in a signal handler or on exit. */
  release(): void;
}

export class LockBusyError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holder: LockInfo,
    readonly what: string,
    waitedMs: number,
  ) {
    super(
      `${what} is locked by ${describeHolder(holder)}${waitedMs > 0 ? `; gave up after waiting ${formatDuration(waitedMs)}` : ''} (lock file ${lockPath})`,
    );
    this.name = 'LockBusyError';
  }
}

/** The lock every writer of the working warehouse takes before opening it. */
export function writerLockPath(workDir: string): string {
  return join(workDir, 'centinela.duckdb.lock');
}

/** The lock a `centinela schedule` process holds for its lifetime. */
export function schedulerLockPath(workDir: string): string {
  return join(workDir, 'scheduler.lock');
}

const held = new Set<HeldLock>();

/** Releases every lock this process holds (for a second signal or an exit handler). */
export function releaseAllHeldLocksSync(): void {
  for (const lock of [...held]) lock.release();
}

export function heldLocks(): HeldLock[] {
  return [...held];
}

export interface AcquireOptions {
  command: string;
  job?: string | null;
  /** How long to wait for the holder to finish; 0 = fail at once. */
  waitMs?: number;
  /** What is locked, for messages: "the warehouse", "the scheduler". */
  what?: string;
  signal?: AbortSignal;
  /** Called once when the lock is found busy and we are going to wait. */
  onWait?: (holder: LockInfo) => void;
  /** Called when a stale lock (dead holder) is taken over. */
  onStale?: (holder: LockInfo) => void;
  pollMs?: number;
}

export async function acquireLock(path: string, opts: AcquireOptions): Promise<HeldLock> {
  const waitMs = opts.waitMs ?? 0;
  const started = Date.now();
  let poll = opts.pollMs ?? 100;
  let announced = false;
  for (;;) {
    opts.signal?.throwIfAborted();
    const result = tryAcquireLock(path, opts);
    if ('lock' in result) return result.lock;
    const waited = Date.now() - started;
    if (waited >= waitMs) throw new LockBusyError(path, result.busy, opts.what ?? 'the warehouse', waited);
    if (!announced) {
      announced = true;
      opts.onWait?.(result.busy);
    }
    await sleep(Math.min(poll, waitMs - waited), opts.signal);
    poll = Math.min(poll * 2, 1000);
  }
}

/** One attempt, synchronous: the lock, or who holds it. */
export function tryAcquireLock(
  path: string,
  opts: Pick<AcquireOptions, 'command' | 'job' | 'onStale'>,
): { lock: HeldLock } | { busy: LockInfo } {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw new Error(describeFsError(error, `cannot take the lock ${path}`));
  }
  if (existsSync(path) && statSync(path).isDirectory()) throw lockIsDirectory(path);
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    procStart: processStartTime(process.pid),
    command: opts.command,
    job: opts.job ?? null,
    since: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  const content = `${JSON.stringify(info)}\n`;
  for (let round = 0; round < 20; round++) {
    let created: boolean;
    try {
      created = createExclusive(path, content);
    } catch (error) {
      throw new Error(describeFsError(error, `cannot take the lock ${path}`));
    }
    if (created) {
      const lock: HeldLock = {
        path,
        info,
        release() {
          held.delete(lock);
          releaseIfOurs(path, info.token);
        },
      };
      held.add(lock);
      return { lock };
    }
    const current = readLock(path);
    if (current === 'missing') continue;
    if (current === 'unreadable') {
      // Being written by an O_EXCL creator (no hard links), or left empty by a crash: stale once it is old.
      if (ageMs(path) < 5000) return { busy: unknownHolder(path) };
      breakStale(path, null);
      continue;
    }
    if (holderAlive(current)) return { busy: current };
    opts.onStale?.(current);
    breakStale(path, current.token);
  }
  const current = readLock(path);
  return { busy: typeof current === 'object' ? current : unknownHolder(path) };
}

/** The lock's holder, 'missing' when there is no lock, 'unreadable' when the file is empty or not JSON. */
export function readLock(path: string): LockInfo | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') throw lockIsDirectory(path);
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockInfo>;
    if (typeof parsed.pid !== 'number' || typeof parsed.token !== 'string') return 'unreadable';
    return {
      pid: parsed.pid,
      host: parsed.host ?? '?',
      procStart: parsed.procStart ?? null,
      command: parsed.command ?? '?',
      job: parsed.job ?? null,
      since: parsed.since ?? '?',
      token: parsed.token,
    };
  } catch {
    return 'unreadable';
  }
}

/** Who holds a lock right now, if anyone alive does (a stale lock reads as free). */
export function currentHolder(path: string): (LockInfo & { stale: boolean }) | null {
  const current = readLock(path);
  if (typeof current !== 'object') return null;
  return { ...current, stale: !holderAlive(current) };
}

/** Is the process that wrote this lock still running? Unknowable for another host: assume it is. */
export function holderAlive(info: LockInfo): boolean {
  if (info.host !== hostname()) return true;
  if (!pidAlive(info.pid)) return false;
  if (info.procStart === null) return true;
  const now = processStartTime(info.pid);
  // Same PID, different start time: the holder died and the PID was reused.
  return now === null || now === info.procStart;
}

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Linux: the process start time in clock ticks since boot; null elsewhere or when unreadable. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) is in parentheses and may hold spaces; fields after it are space separated.
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return after[19] ?? null; // field 22 overall
  } catch {
    return null;
  }
}

export function describeHolder(info: LockInfo, now = Date.now()): string {
  const since = Date.parse(info.since);
  const ago = Number.isNaN(since) ? '' : ` (${formatDuration(now - since)} ago)`;
  const what = info.job && info.job !== info.command ? `${info.command}, job ${info.job}` : info.command;
  return `PID ${info.pid} on ${info.host} (centinela ${what}) since ${info.since}${ago}`;
}

function lockIsDirectory(path: string): Error {
  return new Error(
    `the lock ${path} is a directory, not a lock file: move it away (Centinela creates and removes the file itself)`,
  );
}

function createExclusive(path: string, content: string): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeDurably(tmp, content, 'wx');
  try {
    linkSync(tmp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK'].includes(code ?? '')) throw error;
    // No hard links here: O_EXCL create, then write (a reader may briefly see an empty file; see 'unreadable').
    try {
      writeDurably(path, content, 'wx');
      return true;
    } catch (inner) {
      if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw inner;
    }
  } finally {
    unlinkQuietly(tmp);
  }
}

function writeDurably(path: string, content: string, flag: string): void {
  const fd = openSync(path, flag, 0o644);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Removes a stale lock, but only the one we judged stale (same token), and only while holding the guard: whoever
 * breaks a lock holds the guard, so between our re-read and our unlink nobody else can replace the lock.
 */
function breakStale(path: string, token: string | null): void {
  const guard = `${path}.break`;
  if (!createExclusive(guard, `${JSON.stringify({ pid: process.pid, at: new Date().toISOString() })}\n`)) {
    // Someone else is breaking it (guards live for microseconds); one left by a killed breaker expires.
    if (ageMs(guard) > 10_000) unlinkQuietly(guard);
    return;
  }
  try {
    const current = readLock(path);
    const same =
      token === null ? current === 'unreadable' : typeof current === 'object' && current.token === token;
    if (same) unlinkQuietly(path);
  } finally {
    unlinkQuietly(guard);
  }
}

function releaseIfOurs(path: string, token: string): void {
  const current = readLock(path);
  if (typeof current === 'object' && current.token === token) unlinkQuietly(path);
}

function unknownHolder(path: string): LockInfo {
  return {
    pid: 0,
    host: '?',
    procStart: null,
    command: 'unknown (the lock file is being written or is damaged)',
    job: null,
    since: new Date(Date.now() - ageMs(path)).toISOString(),
    token: '',
  };
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
