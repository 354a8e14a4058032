import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProgressTracker } from '../../src/run/progress.ts';
import { EventLog } from '../../src/schedule/log.ts';
import { readLog, type TempDir, tempDir } from './helpers.ts';

let temp: TempDir | undefined;
afterEach(() => temp?.cleanup());

describe('operations log', () => {
  it('writes one JSON line per event with job, run id, step, rows, duration and error, and a readable line', () => {
    temp = tempDir('centinela-log-');
    const file = join(temp.dir, 'logs/centinela.jsonl');
    const lines: string[] = [];
    const log = new EventLog({
      file,
      terminal: (t) => lines.push(t),
      now: () => new Date(2026, 4, 14, 6, 0, 1),
    });
    log.info('job.finished', 'loaded 5808 rows from 2 input(s); published', {
      job: 'ingest:cdc_vsrr_state',
      runId: 12,
      step: 'publish',
      rows: 5808,
      durationMs: 1234,
    });
    log.error('job.failed', 'FAILED: bad header', {
      job: 'ingest:cdc_vsrr_state',
      runId: 13,
      error: 'bad header',
    });
    log.debug('scheduler.heartbeat', 'alive', { rssBytes: 1 });
    expect(readLog(file)).toEqual([
      expect.objectContaining({
        level: 'info',
        event: 'job.finished',
        job: 'ingest:cdc_vsrr_state',
        runId: 12,
        step: 'publish',
        rows: 5808,
        durationMs: 1234,
        message: 'loaded 5808 rows from 2 input(s); published',
        pid: process.pid,
        ts: new Date(2026, 4, 14, 6, 0, 1).toISOString(),
      }),
      expect.objectContaining({ level: 'error', event: 'job.failed', runId: 13, error: 'bad header' }),
      expect.objectContaining({ level: 'debug', event: 'scheduler.heartbeat', rssBytes: 1 }),
    ]);
    // Debug events stay out of the terminal.
    expect(lines).toEqual([
      '2026-05-14 06:00:01 ingest:cdc_vsrr_state run 12: loaded 5808 rows from 2 input(s); published (1 s)\n',
      '2026-05-14 06:00:01 ERROR ingest:cdc_vsrr_state run 13: FAILED: bad header\n',
    ]);
  });

  it('shows progress as a percentage on a TTY only, and clears it before the next line', () => {
    const plain: string[] = [];
    new EventLog({ file: null, terminal: (t) => plain.push(t), tty: false }).progress('run', 0.5, 'loading');
    expect(plain).toEqual([]);
    const tty: string[] = [];
    const log = new EventLog({ file: null, terminal: (t) => tty.push(t), tty: true });
    const tracker = new ProgressTracker(4, (p) => log.progress('ingest run 3', p.fraction, p.detail), null);
    tracker.start('acquire', 'fetching page 1');
    tracker.start('load', 'loading vsrr.csv');
    tracker.stop();
    log.info('job.finished', 'done');
    expect(tty[0]).toBe('\r\x1b[2Kingest run 3   0%  fetching page 1');
    expect(tty).toContain('\r\x1b[2K');
    expect(tty.at(-1)).toMatch(/done\n$/);
    // Throttled: the second step within 200 ms is not drawn, the line is cleared before "done".
    expect(tty.filter((t) => t.includes('%'))).toHaveLength(1);
  });
});
