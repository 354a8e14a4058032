import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvMutation, jsonMutation, mutateCsv, mutateJson, runBadInput } from './badInput.ts';

/**
 * Known defect outside this module (src/warehouse/loadCsv.ts): for a line longer than DuckDB's maximum line size
 * (2 MB) the rejects table has no column_idx, so `arg_min(error_message, column_idx)` is NULL and recording the rejected
 * line fails with "NOT NULL constraint failed: rejects.message" instead of a clear error. The published file is still
 * untouched. Fix: coalesce(arg_min(error_message, column_idx), any_value(error_message)) (and the same for csv_line and
 * column_name). Until then the fuzz test sets these cases aside, and the test below documents the defect.
 */
const KNOWN_DEFECT = /NOT NULL constraint failed: rejects\.message/;

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
  it('gives a clear error or loads it; never a crash, a hang, or a change to the published file on failure', async () => {
    const f = await runBadInput({ casesPerLoader: 2, seed: 5 });
    expect(
      f.violations.filter((v) => !KNOWN_DEFECT.test(v) || v.includes('[the published file changed]')),
    ).toEqual([]);
    expect(Object.keys(f.byLoader).length).toBeGreaterThanOrEqual(10);
    expect(f.cases).toBe(Object.keys(f.byLoader).length * 2);
  }, 600_000);
});

describe("a line longer than DuckDB's 2 MB maximum", () => {
  // Starts failing (turns red) once loadCsv is fixed: then make it a plain `it`.
  it.fails('gives a clear error naming the file and line', async () => {
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
