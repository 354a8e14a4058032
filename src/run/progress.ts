/**
 * Progress of a run as a fraction: each step (acquire an input, load it, transform, check, detect, publish) is one
 * unit; inside a long DuckDB statement (a big read_csv) the connection's own query progress fills the unit in.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export type RunStep = 'acquire' | 'load' | 'transform' | 'check' | 'detect' | 'publish';

export interface RunProgress {
  step: RunStep;
  detail: string;
  /** 0 … 1 over the whole run. */
  fraction: number;
}

/** What a run's log line is about, for callers that record more than the text (the scheduler's JSON log). */
export type RunEvent =
  | { kind: 'loaded'; source: string; origin: string; rows: number; vintage: string }
  | { kind: 'detected'; series: number; alarms: number; verdicts: number };

/** A run's log: a line for people, and the event it reports when it reports one. */
export type RunLog = (message: string, event?: RunEvent) => void;

export class ProgressTracker {
  private done = 0;
  private current: { step: RunStep; detail: string } | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Never go backwards: a step made of several statements restarts DuckDB's percentage with each. */
  private shown = 0;

  constructor(
    private total: number,
    private readonly emit: ((p: RunProgress) => void) | undefined,
    private db: DuckDBConnection | null,
  ) {}

  /** The connection whose query progress fills a step in, after the run reopened the warehouse. */
  useConnection(db: DuckDBConnection): void {
    this.db = db;
  }

  /** Turns DuckDB's progress tracking on for this connection (not printed: we read it). */
  static async enable(db: DuckDBConnection): Promise<void> {
    await db.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
  }

  setTotal(total: number): void {
    this.total = Math.max(total, this.done + 1);
  }

  start(step: RunStep, detail: string): void {
    if (!this.emit) return;
    this.finishCurrent();
    this.current = { step, detail };
    this.report(0);
    if (this.db) {
      const db = this.db;
      this.timer = setInterval(() => {
        let pct = -1;
        try {
          pct = db.progress.percentage;
        } catch {
          // no query running
        }
        if (pct >= 0) this.report(pct / 100);
      }, 250);
      this.timer.unref();
    }
  }

  finishCurrent(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.current) this.done++;
    this.current = null;
  }

  stop(): void {
    this.finishCurrent();
  }

  private report(within: number): void {
    if (!this.emit || !this.current) return;
    const fraction = Math.min(1, (this.done + Math.min(1, Math.max(0, within))) / Math.max(1, this.total));
    this.shown = Math.max(this.shown, fraction);
    this.emit({ step: this.current.step, detail: this.current.detail, fraction: this.shown });
  }
}
