import { describe, expect, it } from 'vitest';
import { canMount, runDiskFull, type Scenario } from './diskFull.ts';

const probe = canMount();
if (!probe.ok) console.warn(`test/faults/diskFull: skipped, cannot mount a tmpfs here (${probe.reason})`);

describe.skipIf(!probe.ok)(
  'disk full and read-only folders (tmpfs and read-only bind mounts; needs root)',
  () => {
    let scenarios: Scenario[] = [];
    const scenario = async (name: string) => {
      if (scenarios.length === 0) scenarios = (await runDiskFull({ allSources: false })).scenarios;
      const s = scenarios.find((x) => x.name.startsWith(name));
      if (!s) throw new Error(`no scenario ${name}`);
      return s;
    };

    it.each([
      'published folder full during publish',
      'working folder full during a run',
      'snapshot folder full',
      'export onto a full disk',
      'published folder read-only',
      'export into a read-only folder',
      'working folder read-only',
    ])(
      '%s: the published file is unchanged, opens, passes the checks; nothing is left behind; the next run completes',
      async (name) => {
        const s = await scenario(name);
        expect(s.publishedUnchanged).toBe(true);
        expect(s.publishedOpensAndPasses).toBe(true);
        expect(s.leftovers).toEqual([]);
        // An export has no next run to recover in; every other scenario's next run must complete.
        expect(s.recovered).toBe(name.startsWith('export') ? null : true);
      },
      300_000,
    );

    it.each([
      'published folder full during publish',
      'snapshot folder full',
      'export onto a full disk',
      'published folder read-only',
      'export into a read-only folder',
      'working folder read-only',
    ])(
      '%s: the error says what is wrong',
      async (name) => {
        const s = await scenario(name);
        expect(s.clearError, s.error).toBe(true);
      },
      300_000,
    );

    it('working folder full during a run: the error says the disk is full', async () => {
      const s = await scenario('working folder full during a run');
      expect(s.clearError, s.error).toBe(true);
    }, 300_000);
  },
);
