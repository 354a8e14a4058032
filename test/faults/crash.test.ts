import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipelines, workingPath } from '../../src/pipeline/run.ts';
import { openWarehouse } from '../../src/warehouse/connection.ts';
import { runCrash } from './crash.ts';
import { createSite, latestVintage, releaseVintage, sitePipelines } from './lib/site.ts';

// The fast version of `npx tsx test/faults/crash.ts` (20 kills over the full demo warehouse): 4 kills (2 in the
// publishing window), one source.
describe('a writer killed with SIGKILL during a run', () => {
  it('leaves a published file that opens, passes every check and is a published state; the next run completes', async () => {
    const f = await runCrash({ kills: 4, late: 2, seed: 11, allSources: false });
    expect(f.violations).toEqual([]);
    expect(f.kills).toBe(4);
    expect(f.publishedOpened).toBe(4);
    expect(f.checksPassed).toBe(4);
    expect(f.unchanged + f.advancedToCompleteNewState).toBe(4);
    // Every next run exited 0; those after a kill between COMMIT and the status update published nothing (below).
    expect(f.nextRunCompleted + f.committedButNotPublished).toBe(4);
    expect(f.leftoverTempFiles).toBe(0);
  }, 300_000);

  /**
   * Known defect in src/pipeline/run.ts, found by the crash script: the run's status becomes 'succeeded' in an UPDATE
   * after the COMMIT. A writer killed between the two leaves its data committed in the working warehouse but its run
   * 'running' (then 'abandoned'); publishedIsBehind() compares the last *succeeded* run, so the next run sees the same
   * bytes loaded, reports "no new data" and does not publish them. The published file stays consistent (the previous
   * state), but the release is not published until another one arrives. Fix: set the status inside the transaction,
   * or compare what was committed (max loaded load_id, max alerts run_id) instead of the last succeeded run.
   * This reproduces the state deterministically; it turns red once run.ts is fixed: then make it a plain `it`.
   */
  it.fails('a run killed between its COMMIT and its status update is published by the next run', async () => {
    const site = createSite({ allSources: false });
    try {
      const run = () => {
        const config = site.config();
        const { selected, all } = sitePipelines(config);
        return runPipelines({
          config,
          pipelines: selected,
          allPipelines: all,
          command: 'run',
          ingest: true,
          detect: true,
        });
      };
      site.writeRelease(0);
      await run();
      const previous = join(site.dir, 'previous.duckdb');
      copyFileSync(site.published, previous);
      site.writeRelease(1);
      const killed = await run();
      // The state a SIGKILL right after the COMMIT leaves: committed data, run still 'running', old published file.
      const wh = await openWarehouse(workingPath(site.config()));
      await wh.connection.run(
        `UPDATE meta.runs SET status = 'running', finished_at = NULL WHERE run_id = ${killed.runId}`,
      );
      await wh.connection.run('CHECKPOINT');
      wh.closeSync();
      copyFileSync(previous, site.published);
      expect(await latestVintage(site.published)).toBe(releaseVintage(0));

      await run();
      expect(await latestVintage(site.published)).toBe(releaseVintage(1));
    } finally {
      site.cleanup();
    }
  }, 120_000);
});
