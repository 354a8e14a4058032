import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvMutation, jsonMutation, mutateCsv, mutateJson, runBadInput } from './badInput.ts';

describe('mutations', () => {
  it('are total: every generated mutation applies to any bytes without throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), csvMutation, (bytes, m) => {
        mutateCsv(Buffer.from(bytes), m);
      }),
    );
    fc.assert(
      fc.property(jsonMutation, (m) => {
        mutateJson('{"count": 2, "results": [{"a": "x"}], "modified": "2025-01-01"}', m);
      }),
    );
  });
});

// The fast version of `npx tsx test/faults/badInput.ts` (12 cases per loader): 2 per loader.
describe('bad input fed to every loader', () => {
  it('gives a clear error or loads it; never a crash, a hang, or a change to the published data on failure', async () => {
    const f = await runBadInput({ casesPerLoader: 2, seed: 5 });
    expect(f.violations).toEqual([]);
    expect(Object.keys(f.byLoader).length).toBeGreaterThanOrEqual(10);
    expect(f.cases).toBe(Object.keys(f.byLoader).length * 2);
  }, 600_000);
});

describe("a line longer than DuckDB's 2 MB maximum", () => {
  it('gives a clear error naming the file and line', async () => {
    const f = await runBadInput({
      casesPerLoader: 0,
      seed: 1,
      loaders: [],
      extraCases: [{ loader: 'cdc_vsrr_state', mutation: { kind: 'huge-field', at: 0, size: 3_000_000 } }],
    });
    expect(f.cases).toBe(1);
    expect(f.violations).toEqual([]);
  }, 120_000);
});
