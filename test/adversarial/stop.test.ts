/**
 * #14: SIGINT/SIGTERM stop a run within 2 s wherever it is, rolled back: during the detectors (synchronous
 * JavaScript: they give the event loop a turn between series) and during a long DuckDB statement (interrupted).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { InterruptedError } from '../../src/run/errors.ts';
import { RunError, type RunOptions, runPipelines } from '../../src/run/run.ts';
import { fileInput, sourceRun } from '../support/sourceRun.ts';
import { tempConfig } from '../support/tempConfig.ts';
import { vsrrFile, vsrrLines } from '../support/vsrrCsv.ts';

/** Runs, stopping `afterMs` after `step` starts; how long the stop took to end the run, and how it ended. */
async function stopDuring(opts: RunOptions, step: string, afterMs: number) {
  const stop = new AbortController();
  let askedAt = 0;
  const error = await runPipelines({
    ...opts,
    signal: stop.signal,
    onProgress: (p) => {
      if (p.step !== step || askedAt !== 0) return;
      askedAt = -1;
      setTimeout(() => {
        askedAt = Date.now();
        stop.abort(new InterruptedError('SIGTERM'));
      }, afterMs);
    },
  }).catch((e: unknown) => e);
  return { error, tookMs: Date.now() - askedAt, asked: askedAt > 0 };
}

describe('the detectors', () => {
  it('give the event loop a turn at least every 700 ms (they held it 1.7 s on the demo data), so that a signal is seen at once', async () => {
    const temp = tempConfig();
    let maxGap = 0;
    let timer: NodeJS.Timeout | undefined;
    try {
      await runPipelines({
        data: 'demo',
        config: temp.config,
        pipelines,
        command: 'run',
        ingest: true,
        detect: true,
        onProgress: (p) => {
          clearInterval(timer);
          if (p.step !== 'detect') return;
          let last = Date.now();
          timer = setInterval(() => {
            maxGap = Math.max(maxGap, Date.now() - last);
            last = Date.now();
          }, 5);
        },
      });
      clearInterval(timer);
      expect(maxGap).toBeGreaterThan(0);
      expect(maxGap).toBeLessThan(700);
    } finally {
      clearInterval(timer);
      temp.cleanup();
    }
  }, 300_000);
});

describe('a stop', () => {
  it('during the detectors ends the run within 2 s, rolled back, nothing published', async () => {
    const temp = tempConfig();
    try {
      const { error, tookMs, asked } = await stopDuring(
        { data: 'demo', config: temp.config, pipelines, command: 'run', ingest: true, detect: true },
        'detect',
        150,
      );
      expect(asked).toBe(true);
      expect(error).toBeInstanceOf(RunError);
      expect((error as RunError).kind).toBe('interrupted');
      expect(tookMs).toBeLessThan(2000);
      expect(existsSync(temp.config.warehouse)).toBe(false);
    } finally {
      temp.cleanup();
    }
  }, 300_000);

  it('during a long DuckDB load ends the run within 2 s, rolled back', async () => {
    const run = sourceRun('cdc_vsrr_state');
    try {
      const states = ['AZ', 'NM', 'TX', 'CA', 'NV', 'UT', 'CO', 'OK'];
      const lines = states.flatMap((state) =>
        Array.from({ length: 400 }, (_, i) =>
          vsrrLines({
            state,
            stateName: state,
            indicator: `Number of Drug Overdose Deaths ${i}`,
            startYear: 1990,
            values: Array.from({ length: 12 * 30 }, (_, m) => 100 + m),
          }),
        ).flat(),
      );
      const path = join(run.temp.dir, 'big.csv');
      writeFileSync(path, vsrrFile(lines, false));
      run.temp.config.pipelines.cdc_vsrr_state = { enabled: true, inputs: [fileInput(path, '2025-01-01')] };
      const { error, tookMs, asked } = await stopDuring(
        {
          data: 'demo',
          config: run.temp.config,
          pipelines: pipelines.filter((p) => p.name === 'cdc_vsrr_state'),
          allPipelines: pipelines,
          command: 'ingest',
          ingest: true,
          detect: false,
        },
        'load',
        300,
      );
      expect(asked).toBe(true);
      expect((error as RunError).kind).toBe('interrupted');
      expect(tookMs).toBeLessThan(2000);
      expect(existsSync(run.temp.config.warehouse)).toBe(false);
    } finally {
      run.temp.cleanup();
    }
  }, 300_000);
});
