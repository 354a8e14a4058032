import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workingPath } from '../../src/run/run.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { runCrash } from './crash.ts';
import { createSite, failingChecks, latestVintage, releaseVintage, runSite } from './lib/site.ts';

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
    expect(f.nextRunCompleted).toBe(4);
    expect(f.leftoverTempFiles).toBe(0);
  }, 300_000);

  it('a run killed right after its COMMIT is published by the next run', async () => {
    const site = createSite({ allSources: false });
    try {
      site.writeRelease(0);
      await runSite(site);
      site.writeRelease(1);
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'lib/killAfterCommit.ts'), site.dir, 'run'],
        { encoding: 'utf8' },
      );
      expect(child.signal).toBe('SIGKILL');
      // Committed in the working warehouse, with its status; the published file is still release 0.
      const wh = await openWarehouse(workingPath(site.config()), { readOnly: true });
      const runs = await queryRows(wh.connection, 'SELECT status FROM meta.runs ORDER BY run_id');
      wh.closeSync();
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
      expect(await latestVintage(site.published)).toBe(releaseVintage(0));

      const next = await runSite(site);
      expect(next.status).toBe('no_new_data');
      expect(next.published).toBe(site.published);
      expect(await latestVintage(site.published)).toBe(releaseVintage(1));
    } finally {
      site.cleanup();
    }
  }, 120_000);

  it("a run killed right after one source's COMMIT, before its own, is published by the next run", async () => {
    const site = createSite({ allSources: false });
    try {
      site.writeRelease(0);
      await runSite(site);
      site.writeRelease(1);
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'lib/killAfterCommit.ts'), site.dir, 'source'],
        { encoding: 'utf8' },
      );
      expect(child.signal).toBe('SIGKILL');
      // The source's load is committed in the working warehouse; the run never finished; nothing was published.
      const wh = await openWarehouse(workingPath(site.config()), { readOnly: true });
      const runs = await queryRows(wh.connection, 'SELECT status FROM meta.runs ORDER BY run_id');
      const sources = await queryRows(wh.connection, 'SELECT run_id, source, status FROM meta.run_sources');
      wh.closeSync();
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'running']);
      expect(sources).toContainEqual({ run_id: 2, source: 'cdc_vsrr_state', status: 'loaded' });
      expect(await latestVintage(site.published)).toBe(releaseVintage(0));

      const log: string[] = [];
      const next = await runSite(site, { log: (m) => log.push(m) });
      expect(log.join('\n')).toMatch(
        /run 2 was left unfinished by process \d+ \(killed\?\); recorded as abandoned/,
      );
      // Same bytes: nothing new to load, but the committed release is checked, detected on and published.
      expect(next.skipped.map((s) => s.source)).toEqual(['cdc_vsrr_state']);
      expect(next.status).toBe('succeeded');
      expect(next.detection?.series).toBeGreaterThan(0);
      expect(next.published).toBe(site.published);
      expect(await latestVintage(site.published)).toBe(releaseVintage(1));
      expect(await failingChecks(site.published)).toEqual([]);
    } finally {
      site.cleanup();
    }
  }, 120_000);
});
