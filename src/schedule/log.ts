/**
 * Operations log: one JSON line per event in a file (for machines and later reading), and one readable line on the
 * terminal (for people). On a TTY, progress of a long step is shown as a percentage on a line that is overwritten.
 */

import { appendFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { printable } from '../core/printable.ts';
import { formatDuration, localStamp } from '../core/time.ts';

export type Level = 'info' | 'warn' | 'error' | 'debug';

export interface LogEvent {
  /** Dotted name: scheduler.started, job.started, run.step, job.retry, job.failed, job.skipped, … */
  event: string;
  /** The readable sentence for the terminal. */
  message: string;
  level?: Level;
  job?: string;
  runId?: number;
  step?: string;
  rows?: number;
  durationMs?: number;
  error?: string;
  [key: string]: unknown;
}

export interface EventLogOptions {
  /** JSON-lines file; null for none. */
  file: string | null;
  maxBytes?: number;
  /** Where readable lines go (stderr by default); null for nowhere. */
  terminal?: ((text: string) => void) | null;
  /** Show progress lines (only makes sense on a TTY). */
  tty?: boolean;
  /** Where progress lines go when events are not printed (default: the terminal). */
  progressTerminal?: ((text: string) => void) | null;
  /** Show debug events on the terminal too. */
  verbose?: boolean;
  /** Show only errors on the terminal (the file still gets every event). */
  quiet?: boolean;
  /** text: a readable line per event; json: the event as a JSON line (jsonLine), and no progress line. */
  format?: 'text' | 'json';
  now?: () => Date;
}

export class EventLog {
  readonly file: string | null;
  private readonly maxBytes: number;
  private readonly terminal: ((text: string) => void) | null;
  private readonly progressOut: ((text: string) => void) | null;
  private readonly tty: boolean;
  private readonly verbose: boolean;
  private readonly quiet: boolean;
  private readonly json: boolean;
  private readonly now: () => Date;
  private writes = 0;
  private progressShown = false;
  private lastProgressAt = 0;
  private lastProgressText = '';
  private fileBroken = false;

  constructor(opts: EventLogOptions) {
    this.file = opts.file;
    this.maxBytes = opts.maxBytes ?? 20 * 1024 * 1024;
    this.terminal = opts.terminal === undefined ? (t) => process.stderr.write(t) : opts.terminal;
    this.progressOut = opts.progressTerminal ?? this.terminal;
    this.json = opts.format === 'json';
    this.tty = (opts.tty ?? false) && !this.json;
    this.verbose = opts.verbose ?? false;
    this.quiet = opts.quiet ?? false;
    this.now = opts.now ?? (() => new Date());
    if (this.file) {
      mkdirSync(dirname(this.file), { recursive: true });
      if (existsSync(this.file) && statSync(this.file).isDirectory())
        throw new Error(
          `the log file ${this.file} (schedule.logFile) is a directory; give the path of a file`,
        );
    }
  }

  write(e: LogEvent): void {
    const at = this.now();
    const level = e.level ?? 'info';
    const { message, event, ...fields } = e;
    if (this.file && !this.fileBroken) {
      const record = { ts: at.toISOString(), level, event, ...fields, message, pid: process.pid };
      try {
        this.rotateIfLarge();
        appendFileSync(this.file, `${JSON.stringify(record, jsonSafe)}\n`);
      } catch (error) {
        // A log that cannot be written must not stop the jobs; say so once on the terminal.
        this.fileBroken = true;
        this.terminal?.(`centinela: cannot write the log file ${this.file}: ${(error as Error).message}\n`);
      }
    }
    if (!this.terminal || (level === 'debug' && !this.verbose) || (this.quiet && level !== 'error')) return;
    this.clearProgress();
    this.terminal(`${this.json ? jsonLine(at, level, e) : readable(at, level, e)}\n`);
  }

  info(event: string, message: string, fields: Omit<LogEvent, 'event' | 'message'> = {}): void {
    this.write({ ...fields, event, message, level: 'info' });
  }

  warn(event: string, message: string, fields: Omit<LogEvent, 'event' | 'message'> = {}): void {
    this.write({ ...fields, event, message, level: 'warn' });
  }

  error(event: string, message: string, fields: Omit<LogEvent, 'event' | 'message'> = {}): void {
    this.write({ ...fields, event, message, level: 'error' });
  }

  debug(event: string, message: string, fields: Omit<LogEvent, 'event' | 'message'> = {}): void {
    this.write({ ...fields, event, message, level: 'debug' });
  }

  /** A percentage on a TTY line that the next one overwrites; nothing when not on a TTY. Throttled to 5 a second. */
  progress(label: string, fraction: number, detail = ''): void {
    if (!this.tty || !this.progressOut) return;
    const pct = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
    const text = `${label} ${String(pct).padStart(3)}%${detail ? `  ${detail}` : ''}`;
    const now = Date.now();
    if (text === this.lastProgressText || (now - this.lastProgressAt < 200 && pct < 100)) return;
    this.lastProgressAt = now;
    this.lastProgressText = text;
    const width = process.stderr.columns || 100;
    this.progressOut(`\r\x1b[2K${text.slice(0, Math.max(20, width - 1))}`);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (this.progressShown && this.progressOut) this.progressOut('\r\x1b[2K');
    this.progressShown = false;
    this.lastProgressText = '';
  }

  private rotateIfLarge(): void {
    if (!this.file || this.writes++ % 100 !== 0) return;
    try {
      if (statSync(this.file).size > this.maxBytes) renameSync(this.file, `${this.file}.1`);
    } catch {
      // no file yet
    }
  }
}

/** `2026-05-14 06:00:01 ingest:cdc_vsrr_state run 12: loaded 5808 rows (1.2 s)` */
export function readable(at: Date, level: Level, e: LogEvent): string {
  const tag = level === 'warn' ? 'WARNING ' : level === 'error' ? 'ERROR ' : '';
  const who = [e.job, e.runId !== undefined ? `run ${e.runId}` : null].filter(Boolean).join(' ');
  const took =
    e.durationMs !== undefined && !/\(\d/.test(e.message) ? ` (${formatDuration(e.durationMs)})` : '';
  return printable(`${localStamp(at)} ${tag}${who ? `${who}: ` : ''}${e.message}${took}`);
}

/**
 * An event as one JSON line for a log collector (`--log-format json`): `time` (ISO 8601 UTC), `level`, `event`, `job`,
 * `run_id`, `message`, then its other fields, keys in snake_case like every JSON Centinela prints.
 */
export function jsonLine(at: Date, level: Level, e: LogEvent): string {
  const { event, message, job, runId, level: _level, ...rest } = e;
  const record: Record<string, unknown> = { time: at.toISOString(), level, event };
  if (job !== undefined) record.job = job;
  if (runId !== undefined) record.run_id = runId;
  record.message = message;
  for (const [key, value] of Object.entries(rest))
    if (value !== undefined) record[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
  return JSON.stringify(record, jsonSafe);
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Error) return value.message;
  return value;
}
