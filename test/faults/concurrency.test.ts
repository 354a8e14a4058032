import { describe, expect, it } from 'vitest';
import { runConcurrency } from './concurrency.ts';

// The fast version of `npx tsx test/faults/concurrency.ts` (20 full runs, 4 readers): 3 runs, 2 readers, one source.
describe('readers on the published file while runs publish', () => {
  it('never get an error, and only ever see a complete published state', async () => {
    const f = await runConcurrency({ runs: 3, readers: 2, allSources: false });
    expect(f.writerErrors).toEqual([]);
    expect(f.distinctPublishedStates).toBe(4);
    expect(f.sessions).toBeGreaterThan(0);
    expect(f.readerErrorMessages).toEqual([]);
    expect(f.readerErrors).toBe(0);
    expect(f.inconsistentReads).toBe(0);
  }, 300_000);
});
