/**
 * The scheduler's own state, kept beside the working warehouse in `<workDir>/schedule-state.json`: per job, when it
 * is next due, how its last execution ended and how many in a row have failed. It survives restarts (a job whose
 * time came while the scheduler was down runs once on start-up) and lets `centinela status` report a failing job
 * even though failed runs are not published. Written atomically (temporary file, fsync, rename) by the one process
 * holding the scheduler lock.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ErrorKind } from '../run/errors.ts';

export type JobStatus = 'succeeded' | 'no_new_data' | 'failed' | 'interrupted';

export interface JobState {
  /** The first scheduled time not yet handled (ISO). At or before now on start-up: the job was missed. */
  nextDueAt: string | null;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastStatus: JobStatus | null;
  /** Why the last execution ran: schedule, catch-up, after <job>. */
  lastCause: string | null;
  /** Run id of the last attempt (meta.runs), when it got one. */
  lastRunId: number | null;
  /** Attempts the last execution made (1 + retries). */
  lastAttempts: number;
  lastError: string | null;
  lastErrorKind: ErrorKind | null;
  /** Executions in a row that failed even after their retries. */
  consecutiveFailures: number;
  lastSuccessAt: string | null;
  /**
   * For a chained job (detect, report): when a job it follows asked for it and it has not succeeded since. Still set
   * on start-up (the scheduler was stopped in between), it runs once then.
   */
  pendingSince: string | null;
}

export interface SchedulerState {
  version: 1;
  updatedAt: string | null;
  jobs: Record<string, JobState>;
}

export function statePath(workDir: string): string {
  return join(workDir, 'schedule-state.json');
}

export function emptyJobState(): JobState {
  return {
    nextDueAt: null,
    lastStartedAt: null,
    lastFinishedAt: null,
    lastStatus: null,
    lastCause: null,
    lastRunId: null,
    lastAttempts: 0,
    lastError: null,
    lastErrorKind: null,
    consecutiveFailures: 0,
    lastSuccessAt: null,
    pendingSince: null,
  };
}

/**
 * The saved state; an empty one when there is none. A damaged or unreadable file is an error, not a fresh start:
 * ignoring it would forget failing jobs and due times, and the next save would overwrite the evidence.
 */
export function readState(path: string): SchedulerState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, updatedAt: null, jobs: {} };
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'EISDIR'
        ? `the scheduler's state file ${path} is a directory; move it away (the scheduler writes the file itself)`
        : `cannot read the scheduler's state file ${path}: ${(error as Error).message}`,
    );
  }
  try {
    const parsed = JSON.parse(text) as Partial<SchedulerState>;
    if (parsed.version !== 1 || typeof parsed.jobs !== 'object' || parsed.jobs === null)
      throw new Error('not a version 1 state with jobs');
    const jobs: Record<string, JobState> = {};
    for (const [name, job] of Object.entries(parsed.jobs)) jobs[name] = { ...emptyJobState(), ...job };
    return { version: 1, updatedAt: parsed.updatedAt ?? null, jobs };
  } catch (error) {
    throw new Error(
      `the scheduler's state file ${path} is damaged (${(error as Error).message}); it records when each job is next due and how it last ended: repair it, or move it away to start afresh`,
    );
  }
}

export function writeStateSync(path: string, state: SchedulerState): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, `${JSON.stringify({ ...state, updatedAt: new Date().toISOString() }, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
